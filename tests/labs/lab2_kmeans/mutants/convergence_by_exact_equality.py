"""k_means stops only when the new centroids are exactly equal (==) to the old ones, ignoring tol, like the original lab."""
# caught_by: k_means_matches_reference_from_init, k_means_stops_below_tol_or_at_max_iter
# diagnosis: stopped only when the centroids stopped changing exactly, ignoring tol; stop once an iteration improves the distortion by less than tol
# visible: yes

# %% k_means
def k_means(X, k, rng=None, init=None, max_iter=300, tol=1e-8):
    X = as_points(X)
    n, d = X.shape
    if not 1 <= k <= n:
        raise ValueError(f"k must be between 1 and n = {n}; got k = {k}")
    if max_iter < 1:
        raise ValueError(f"max_iter must be at least 1; got {max_iter}")
    if init is None:
        centroids = init_centroids(X, k, np.random.default_rng(rng))
    else:
        centroids = np.array(init, dtype=float).reshape(k, -1)
        if centroids.shape != (k, d):
            raise ValueError(f"init must have shape ({k}, {d}); got {np.shape(init)}")
    labels = assign(X, centroids)
    history = []
    for _ in range(max_iter):
        new_centroids = update_centroids(X, labels, centroids)
        labels = assign(X, new_centroids)
        history.append(distortion(X, new_centroids, labels))
        if (new_centroids == centroids).all():
            break
        centroids = new_centroids
    return new_centroids, labels, history
