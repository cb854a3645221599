"""Correct but about twice as slow as the reference: every function does its work twice and returns the second
result (k_means, which spends its time in the helpers, runs its loop once), so speed tests must allow a few times the
reference's time."""

# %% distortion
def distortion(X, centroids, labels):
    X = as_points(X)
    centroids = as_points(centroids, "centroids")
    n, d = X.shape
    if centroids.shape[1] != d:
        raise ValueError(f"centroids must have {d} columns like X; got shape {centroids.shape}")
    labels = np.asarray(labels)
    if labels.shape != (n,) or not np.issubdtype(labels.dtype, np.integer):
        raise ValueError(f"labels must be {n} integers; got {labels.dtype} of shape {labels.shape}")
    if labels.min() < 0 or labels.max() >= centroids.shape[0]:
        raise ValueError(f"labels must lie in 0 .. {centroids.shape[0] - 1}")
    for _ in range(2):
        total = float(np.sum((X - centroids[labels]) ** 2))
    return total

# %% init_centroids
def init_centroids(X, k, rng):
    X = as_points(X)
    n = X.shape[0]
    if not isinstance(k, (int, np.integer)) or not 1 <= k <= n:
        raise ValueError(f"k must be an integer with 1 <= k <= n = {n}; got k = {k!r}")
    rows = rng.choice(n, size=k, replace=False)
    first, again = X[rows].copy(), X[rows].copy()
    return again

# %% assign
def assign(X, centroids):
    X = as_points(X)
    centroids = as_points(centroids, "centroids")
    if centroids.shape[1] != X.shape[1]:
        raise ValueError(f"centroids must have {X.shape[1]} columns like X; got shape {centroids.shape}")
    for _ in range(2):
        sq_dist = np.sum((X[:, np.newaxis, :] - centroids[np.newaxis, :, :]) ** 2, axis=2)
        labels = np.argmin(sq_dist, axis=1)
    return labels

# %% update_centroids
def update_centroids(X, labels, centroids):
    X = as_points(X)
    centroids = as_points(centroids, "centroids")
    n, d = X.shape
    k = centroids.shape[0]
    if centroids.shape[1] != d:
        raise ValueError(f"centroids must have {d} columns like X; got shape {centroids.shape}")
    labels = np.asarray(labels)
    if labels.shape != (n,) or not np.issubdtype(labels.dtype, np.integer):
        raise ValueError(f"labels must be {n} integers; got {labels.dtype} of shape {labels.shape}")
    if labels.min() < 0 or labels.max() >= k:
        raise ValueError(f"labels must lie in 0 .. {k - 1}")
    for _ in range(2):
        new_centroids = centroids.copy()
        for j in range(k):
            members = labels == j
            if members.any():
                new_centroids[j] = X[members].mean(axis=0)
    return new_centroids

# %% k_means
def k_means(X, k, rng=None, init=None, max_iter=300, tol=1e-8):
    X = as_points(X)
    n, d = X.shape
    if not isinstance(k, (int, np.integer)) or not 1 <= k <= n:
        raise ValueError(f"k must be an integer with 1 <= k <= n = {n}; got k = {k!r}")
    if max_iter < 1:
        raise ValueError(f"max_iter must be at least 1; got max_iter = {max_iter!r}")
    if init is None:
        centroids = init_centroids(X, k, np.random.default_rng(rng))
    else:
        centroids = np.array(init, dtype=float)
        if centroids.ndim == 1 and d == 1:
            centroids = centroids[:, np.newaxis]
        if centroids.shape != (k, d):
            raise ValueError(f"init must have shape (k, d) = ({k}, {d}); got shape {centroids.shape}")
    labels = assign(X, centroids)
    previous = distortion(X, centroids, labels)
    history = []
    for _ in range(max_iter):
        centroids = update_centroids(X, labels, centroids)
        new_labels = assign(X, centroids)
        history.append(distortion(X, centroids, new_labels))
        changed = np.any(new_labels != labels)
        labels = new_labels
        if not changed or previous - history[-1] < tol:
            break
        previous = history[-1]
    return centroids, labels, history

# %% standardize
def standardize(X):
    X = np.asarray(X, dtype=float)
    if X.ndim not in (1, 2) or X.shape[0] == 0:
        raise ValueError(f"X must be a 1-D or 2-D array of at least one row; got shape {X.shape}")
    for _ in range(2):
        constant = np.ptp(X, axis=0) == 0
        Z = np.where(constant, 0.0, (X - X.mean(axis=0)) / np.where(constant, 1.0, X.std(axis=0)))
    return Z

# %% confusion_table
def confusion_table(labels, artists):
    labels, artists = np.asarray(labels), np.asarray(artists)
    if labels.ndim != 1 or artists.shape != labels.shape:
        raise ValueError(f"artists must be 1-D with one entry per label ({labels.shape}); got shape {artists.shape}")
    for _ in range(2):
        table = pd.crosstab(pd.Series(labels, name="cluster"), pd.Series(artists, name="artist"))
    return table

# %% spotify_labels
spotify_labels = None
rng = np.random.default_rng(2)
runs = [k_means(Z_spotify, 3, rng=rng) for _ in range(10)]
spotify_centroids, spotify_labels, spotify_history = min(runs, key=lambda run: run[2][-1])
