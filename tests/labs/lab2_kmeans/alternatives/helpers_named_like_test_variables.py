"""Correct, with top-level helpers and variables named like the hidden tests' own (_ref_assign, _ref_update,
_ref_distortion, _ref_init, _ref_k_means, _rows_of, _vectorised_assign, _expect_same_run, _expect_table, expected,
got, seconds, reference_seconds, X_big, X_fast, Z, best, ...), with other signatures and meanings: the tests must use
their own, never the student's."""

# %% distortion
expected = "the student's expected"
got = ["the student's got"]


def _expect_same_run(X, centroids, name="centroids"):
    """The student's own check: X and centroids as arrays with the same number of columns."""
    X, centroids = as_points(X), as_points(centroids, name)
    if centroids.shape[1] != X.shape[1]:
        raise ValueError(f"{name} must have {X.shape[1]} columns like X; got shape {centroids.shape}")
    return X, centroids


def _expect_table(labels, n, k):
    """The student's own check of labels: n integers in 0 .. k-1."""
    labels = np.asarray(labels)
    if labels.shape != (n,) or not np.issubdtype(labels.dtype, np.integer):
        raise ValueError(f"labels must be {n} integers; got {labels.dtype} of shape {labels.shape}")
    if labels.min() < 0 or labels.max() >= k:
        raise ValueError(f"labels must lie in 0 .. {k - 1}")
    return labels


def _ref_distortion(X, C, labels):
    return float(np.sum((X - C[labels]) ** 2))


def distortion(X, centroids, labels):
    X, centroids = _expect_same_run(X, centroids)
    labels = _expect_table(labels, X.shape[0], centroids.shape[0])
    return _ref_distortion(X, centroids, labels)

# %% init_centroids
reference_seconds = 1e9
seconds = 0.0


def _rows_of(n, k, rng):
    """The student's own: k different row numbers out of n."""
    return rng.choice(n, size=k, replace=False)


def _ref_init(X, k, rng):
    return X[_rows_of(len(X), k, rng)].copy()


def init_centroids(X, k, rng):
    X = as_points(X)
    if not isinstance(k, (int, np.integer)) or not 1 <= k <= len(X):
        raise ValueError(f"k must be an integer with 1 <= k <= n = {len(X)}; got k = {k!r}")
    return _ref_init(X, k, rng)

# %% assign
X_big = np.zeros((2, 11))
C_big = np.ones((1, 11))
labels_big = [7, 7]


def _vectorised_assign(X, C):
    return np.argmin(np.sum((X[:, None, :] - C[None, :, :]) ** 2, axis=2), axis=1)


def _ref_assign(X, centroids):
    X, centroids = _expect_same_run(X, centroids)
    return _vectorised_assign(X, centroids)


def assign(X, centroids):
    return _ref_assign(X, centroids)

# %% update_centroids
C_before = None
X_before = None


def _ref_update(X, labels, C):
    new = C.copy()
    counts = np.bincount(labels, minlength=len(C))
    sums = np.zeros_like(C)
    np.add.at(sums, labels, X)
    new[counts > 0] = sums[counts > 0] / counts[counts > 0, None]
    return new


def update_centroids(X, labels, centroids):
    X, centroids = _expect_same_run(X, centroids)
    labels = _expect_table(labels, X.shape[0], centroids.shape[0])
    return _ref_update(X, labels, centroids)

# %% k_means
X_fast = np.zeros((3, 11))
full = order = init_before = starts = None


def _ref_k_means(X, C, labels, max_iter, tol):
    """The student's own Lloyd loop, from centroids C and their labels."""
    previous, history = distortion(X, C, labels), []
    for _ in range(max_iter):
        C = update_centroids(X, labels, C)
        new_labels = assign(X, C)
        history.append(distortion(X, C, new_labels))
        changed, labels = np.any(new_labels != labels), new_labels
        if not changed or previous - history[-1] < tol:
            break
        previous = history[-1]
    return C, labels, history


def k_means(X, k, rng=None, init=None, max_iter=300, tol=1e-8):
    X = as_points(X)
    n, d = X.shape
    if not isinstance(k, (int, np.integer)) or not 1 <= k <= n:
        raise ValueError(f"k must be an integer with 1 <= k <= n = {n}; got k = {k!r}")
    if max_iter < 1:
        raise ValueError(f"max_iter must be at least 1; got max_iter = {max_iter!r}")
    if init is None:
        C = init_centroids(X, k, np.random.default_rng(rng))
    else:
        C = np.array(init, dtype=float).reshape(len(init), -1) if np.ndim(init) else np.array(init, dtype=float)
        if C.shape != (k, d):
            raise ValueError(f"init must have shape (k, d) = ({k}, {d}); got shape {np.shape(init)}")
    return _ref_k_means(X, C, assign(X, C), max_iter, tol)

# %% standardize
z = "the student's z"


def _rows_of_constant(X):
    return np.ptp(X, axis=0) == 0


def standardize(X):
    X = np.asarray(X, dtype=float)
    if X.ndim not in (1, 2) or X.shape[0] == 0:
        raise ValueError(f"X must be a 1-D or 2-D array of at least one row; got shape {X.shape}")
    constant = _rows_of_constant(X)
    return np.where(constant, 0.0, (X - X.mean(axis=0)) / np.where(constant, 1.0, X.std(axis=0)))

# %% confusion_table
rows = cols = names = None


def _expect_table_of(labels, artists):
    return pd.crosstab(pd.Series(labels, name="cluster"), pd.Series(artists, name="artist"))


def confusion_table(labels, artists):
    labels, artists = np.asarray(labels), np.asarray(artists)
    if labels.ndim != 1 or artists.shape != labels.shape:
        raise ValueError(f"artists must be 1-D with one entry per label ({labels.shape}); got shape {artists.shape}")
    return _expect_table_of(labels, artists)

# %% spotify_labels
Z = np.zeros((600, 11))
values = relabelled = None
best = -1.0
spotify_labels = None
rng = np.random.default_rng(2)
runs = [k_means(Z_spotify, 3, rng=rng) for _ in range(10)]
spotify_labels = min(runs, key=lambda run: run[2][-1])[1]
