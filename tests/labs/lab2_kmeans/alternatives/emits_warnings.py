"""Correct, but noisy: every function issues a warnings.warn, and numpy RuntimeWarnings come from branches the tests
reach (log(0) of a zero distance in assign, 0/0 for an empty cluster in update_centroids and for a constant column in
standardize). A warning is shown, never scored."""

# %% distortion
import warnings


def distortion(X, centroids, labels):
    warnings.warn("distortion: checking the input", UserWarning)
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
    sq = np.sum((X - centroids[labels]) ** 2, axis=1)
    if np.any(sq == 0):
        warnings.warn(f"distortion: {int(np.sum(sq == 0))} points sit exactly on their centroid", RuntimeWarning)
    return float(sq.sum())

# %% init_centroids
import warnings


def init_centroids(X, k, rng):
    X = as_points(X)
    n = X.shape[0]
    if not isinstance(k, (int, np.integer)) or not 1 <= k <= n:
        warnings.warn("init_centroids: about to reject k", UserWarning)
        raise ValueError(f"k must be an integer with 1 <= k <= n = {n}; got k = {k!r}")
    if k == n:
        warnings.warn("init_centroids: k = n, every point is a centroid", UserWarning)
    return X[rng.choice(n, size=k, replace=False)].copy()

# %% assign
import warnings


def assign(X, centroids):
    X = as_points(X)
    centroids = as_points(centroids, "centroids")
    if centroids.shape[1] != X.shape[1]:
        raise ValueError(f"centroids must have {X.shape[1]} columns like X; got shape {centroids.shape}")
    sq_dist = np.sum((X[:, np.newaxis, :] - centroids[np.newaxis, :, :]) ** 2, axis=2)
    nearest = sq_dist.min(axis=1)
    log_nearest = np.log(nearest)           # -inf, with numpy's "divide by zero" RuntimeWarning, on a centroid
    if np.isneginf(log_nearest).any():
        warnings.warn("assign: some points coincide with a centroid", UserWarning)
    return np.argmin(sq_dist, axis=1)

# %% update_centroids
import warnings


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
    one_hot = labels[:, None] == np.arange(k)[None, :]          # (n, k)
    counts = one_hot.sum(axis=0)
    means = (one_hot.T.astype(float) @ X) / counts[:, None]     # 0/0 = NaN, with a RuntimeWarning, when empty
    if np.any(counts == 0):
        warnings.warn(f"update_centroids: {int(np.sum(counts == 0))} empty clusters keep their centroid", UserWarning)
    return np.where((counts > 0)[:, None], means, centroids)

# %% k_means
import warnings


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
    for iteration in range(max_iter):
        centroids = update_centroids(X, labels, centroids)
        new_labels = assign(X, centroids)
        history.append(distortion(X, centroids, new_labels))
        changed = np.any(new_labels != labels)
        labels = new_labels
        if not changed or previous - history[-1] < tol:
            break
        previous = history[-1]
    else:
        warnings.warn(f"k_means: stopped after max_iter = {max_iter} iterations", UserWarning)
    with np.errstate(divide="warn"):
        np.log(np.asarray(history) - history[-1])   # log(0) at the end: a RuntimeWarning every time
    return centroids, labels, history

# %% standardize
import warnings


def standardize(X):
    X = np.asarray(X, dtype=float)
    if X.ndim not in (1, 2) or X.shape[0] == 0:
        raise ValueError(f"X must be a 1-D or 2-D array of at least one row; got shape {X.shape}")
    constant = np.ptp(X, axis=0) == 0
    if np.any(constant):
        warnings.warn("standardize: constant columns become zeros", UserWarning)
    z = (X - X.mean(axis=0)) / np.where(constant, 0.0, X.std(axis=0))   # 0/0 = NaN, with a RuntimeWarning
    return np.where(constant, 0.0, z)

# %% confusion_table
import warnings


def confusion_table(labels, artists):
    labels, artists = np.asarray(labels), np.asarray(artists)
    if labels.ndim != 1 or artists.shape != labels.shape:
        raise ValueError(f"artists must be 1-D with one entry per label ({labels.shape}); got shape {artists.shape}")
    warnings.warn("confusion_table: clusters are not artists", UserWarning)
    return pd.crosstab(pd.Series(labels, name="cluster"), pd.Series(artists, name="artist"))

# %% spotify_labels
spotify_labels = None
rng = np.random.default_rng(2)
runs = [k_means(Z_spotify, 3, rng=rng) for _ in range(10)]
spotify_centroids, spotify_labels, spotify_history = min(runs, key=lambda run: run[2][-1])
