"""hopkins ignores rng and draws from numpy's global random state, so results cannot be reproduced."""
# caught_by: hopkins_samples_rows_and_box
# diagnosis: ignored the rng argument and drew from numpy's global random generator
# visible: yes

# %% hopkins
def hopkins(X, m, rng):
    X = np.asarray(X, dtype=float)
    n, d = X.shape
    if n < 2:
        raise ValueError(f"X must have at least 2 rows; got {n}")
    if not 1 <= m <= n:
        raise ValueError(f"m must be between 1 and n = {n}; got {m}")
    sample_idx = np.random.choice(n, size=m, replace=False)
    U = np.random.uniform(X.min(axis=0), X.max(axis=0), size=(m, d))
    return hopkins_from_points(X, sample_idx, U)
