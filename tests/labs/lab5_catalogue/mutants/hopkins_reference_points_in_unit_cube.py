"""hopkins draws the reference points in [0, 1]^d (rng.uniform's default) instead of the bounding box of X."""
# caught_by: hopkins_samples_rows_and_box, hopkins_end_to_end_uniform_and_clustered
# diagnosis: drew the reference points in the unit cube [0, 1]^d (rng.uniform's default) instead of the bounding box of X
# visible: yes

# %% hopkins
def hopkins(X, m, rng):
    X = np.asarray(X, dtype=float)
    n, d = X.shape
    if n < 2:
        raise ValueError(f"X must have at least 2 rows; got {n}")
    if not 1 <= m <= n:
        raise ValueError(f"m must be between 1 and n = {n}; got {m}")
    sample_idx = rng.choice(n, size=m, replace=False)
    U = rng.uniform(size=(m, d))
    return hopkins_from_points(X, sample_idx, U)
