"""init_centroids ignores the generator it is given and draws with numpy's global random state."""
# caught_by: init_centroids_draws_from_the_generator
# diagnosis: drew with numpy's global random state instead of the generator rng it is given (draw with rng.choice)
# visible: yes

# %% init_centroids
def init_centroids(X, k, rng):
    X = as_points(X)
    n = X.shape[0]
    if not 1 <= k <= n:
        raise ValueError(f"k must be between 1 and n = {n}; got k = {k}")
    return X[np.random.permutation(n)[:k]].copy()
