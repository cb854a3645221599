"""Loops over clusters and columns (never over points): a column-by-column standardize like the original lab's
normalize(), init by rng.permutation, distances, means and distortion one cluster at a time, a while loop returning
the history as a numpy array, a confusion table built from a dict of counts (rows in order of appearance), and
restarts kept by an explicit comparison."""

# %% standardize
def standardize(X):
    X = np.array(X, dtype=float)          # a copy we may overwrite
    one_feature = X.ndim == 1
    if one_feature:
        X = X[:, np.newaxis]
    for col in range(X.shape[1]):
        column = X[:, col]
        if np.all(column == column[0]):   # constant: its computed std may be rounding noise, not 0
            X[:, col] = 0.0
        else:
            X[:, col] = (column - column.mean()) / column.std()
    return X[:, 0] if one_feature else X

# %% init_centroids
def init_centroids(X, k, rng):
    X = as_points(X)
    if k < 1 or k > len(X):
        raise ValueError(f"k should be between 1 and the number of points {len(X)}, not {k}")
    return X[rng.permutation(len(X))[:k]]

# %% assign
def assign(X, centroids):
    X = as_points(X)
    centroids = np.asarray(centroids, dtype=float)
    if centroids.ndim != 2 or centroids.shape[1] != X.shape[1]:
        raise ValueError(f"centroids has shape {centroids.shape}, which does not fit X of shape {X.shape}")
    sq_dist = np.empty((len(X), len(centroids)))
    for j in range(len(centroids)):
        sq_dist[:, j] = np.sum((X - centroids[j]) ** 2, axis=1)
    return sq_dist.argmin(axis=1)

# %% update_centroids
def update_centroids(X, labels, centroids):
    X = as_points(X)
    centroids = np.asarray(centroids, dtype=float)
    labels = np.asarray(labels)
    if centroids.ndim != 2 or centroids.shape[1] != X.shape[1]:
        raise ValueError(f"centroids has shape {centroids.shape}, which does not fit X of shape {X.shape}")
    if labels.shape != (len(X),) or np.any((labels < 0) | (labels >= len(centroids))):
        raise ValueError(f"labels must hold one cluster number in 0..{len(centroids) - 1} per point")
    new = np.array(centroids)
    for j in range(len(centroids)):
        members = X[labels == j]
        if len(members) > 0:
            new[j] = members.mean(axis=0)
    return new

# %% distortion
def distortion(X, centroids, labels):
    X = as_points(X)
    centroids = np.asarray(centroids, dtype=float)
    labels = np.asarray(labels)
    if centroids.ndim != 2 or centroids.shape[1] != X.shape[1]:
        raise ValueError(f"centroids has shape {centroids.shape}, which does not fit X of shape {X.shape}")
    if labels.shape != (len(X),) or np.any((labels < 0) | (labels >= len(centroids))):
        raise ValueError(f"labels must hold one cluster number in 0..{len(centroids) - 1} per point")
    total = 0.0
    for j in range(len(centroids)):
        total += np.sum((X[labels == j] - centroids[j]) ** 2)
    return total

# %% k_means
def k_means(X, k, rng=None, init=None, max_iter=300, tol=1e-8):
    X = as_points(X)
    if k < 1 or k > len(X):
        raise ValueError(f"k should be between 1 and the number of points {len(X)}, not {k}")
    if max_iter < 1:
        raise ValueError(f"max_iter should be positive, not {max_iter}")
    if init is not None:
        centroids = np.array(init, dtype=float)
        if centroids.shape != (k, X.shape[1]):
            raise ValueError(f"init has shape {centroids.shape}; expected ({k}, {X.shape[1]})")
    else:
        if rng is None:
            rng = np.random.default_rng(None)
        centroids = init_centroids(X, k, rng)
    labels = assign(X, centroids)
    last = distortion(X, centroids, labels)
    history = []
    iteration = 0
    done = False
    while not done and iteration < max_iter:
        iteration += 1
        centroids = update_centroids(X, labels, centroids)
        new_labels = assign(X, centroids)
        current = distortion(X, centroids, new_labels)
        history.append(current)
        done = np.array_equal(new_labels, labels) or last - current < tol
        labels, last = new_labels, current
    return centroids, labels, np.array(history)

# %% confusion_table
def confusion_table(labels, artists):
    labels, artists = np.asarray(labels).tolist(), np.asarray(artists).tolist()
    if len(labels) != len(artists):
        raise ValueError(f"{len(labels)} labels but {len(artists)} artists")
    counts = {}
    for cluster, artist in zip(labels, artists):
        row = counts.setdefault(cluster, {})
        row[artist] = row.get(artist, 0) + 1
    return pd.DataFrame.from_dict(counts, orient="index").fillna(0).astype(int)

# %% spotify_labels
spotify_labels = None
rng = np.random.default_rng(2)
best_distortion_so_far = np.inf
for run in range(10):
    centroids, labels, history = k_means(Z_spotify, 3, rng=rng)
    if history[-1] < best_distortion_so_far:
        best_distortion_so_far, spotify_labels = history[-1], labels
