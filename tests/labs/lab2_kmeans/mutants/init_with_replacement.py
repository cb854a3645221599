"""init_centroids draws row numbers with replacement, so two starting centroids can be the same point."""
# caught_by: init_centroids_picks_distinct_rows
# diagnosis: drew row numbers with replacement, so two centroids can be the same point (draw them with replace=False)
# visible: yes

# %% init_centroids
def init_centroids(X, k, rng):
    X = as_points(X)
    n = X.shape[0]
    if not 1 <= k <= n:
        raise ValueError(f"k must be between 1 and n = {n}; got k = {k}")
    return X[rng.integers(0, n, size=k)].copy()
