"""bootstrap_hopkins draws the subsample once, before the loop: every value comes from the same rows."""
# caught_by: bootstrap_hopkins_draws_fresh_subsamples
# diagnosis: drew one subsample before the loop and reused it for every value, instead of a fresh subsample each time
# visible: yes

# %% bootstrap_hopkins
def bootstrap_hopkins(X, n_boot, sample_size, m, rng):
    X = np.asarray(X, dtype=float)
    n = len(X)
    if n_boot < 1:
        raise ValueError(f"n_boot must be >= 1; got {n_boot}")
    if not 2 <= sample_size <= n:
        raise ValueError(f"sample_size must be between 2 and n = {n}; got {sample_size}")
    if not 1 <= m <= sample_size:
        raise ValueError(f"m must be between 1 and sample_size; got {m}")
    subsample = X[rng.choice(n, size=sample_size, replace=False)]
    return np.array([hopkins(subsample, m, rng) for _ in range(n_boot)])
