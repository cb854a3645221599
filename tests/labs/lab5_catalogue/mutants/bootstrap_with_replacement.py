"""bootstrap_hopkins resamples with replacement, as the report did: duplicated rows have a twin at distance 0."""
# caught_by: bootstrap_hopkins_draws_fresh_subsamples
# diagnosis: drew the subsample with replacement, so a repeated row has a twin at distance 0
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
    H = np.empty(n_boot)
    for b in range(n_boot):
        rows = rng.choice(n, size=sample_size, replace=True)
        H[b] = hopkins(X[rows], m, rng)
    return H
