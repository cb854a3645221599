"""Fully vectorised in other ways: np.divide with where=(max > min) for standardize, rng.choice on the rows for init,
squared distances expanded as |x|^2 - 2 x.c + |c|^2 with einsum, means from a one-hot matrix product, a for loop
with an explicit improvement, a groupby/unstack confusion table, and the best run picked with np.argmin."""

# %% standardize
def standardize(X):
    X = np.asarray(X, dtype=float)
    varies = X.max(axis=0) > X.min(axis=0)
    return np.divide(X - X.mean(axis=0), X.std(axis=0), out=np.zeros(X.shape), where=varies)

# %% init_centroids
def init_centroids(X, k, rng):
    X = as_points(X)
    if not 1 <= k <= X.shape[0]:
        raise ValueError(f"k = {k} is not between 1 and n = {X.shape[0]}")
    return rng.choice(X, size=k, replace=False, axis=0)

# %% assign
def assign(X, centroids):
    X = as_points(X)
    C = as_points(centroids, "centroids")
    if C.shape[1] != X.shape[1]:
        raise ValueError(f"centroids: expected {X.shape[1]} columns, got {C.shape[1]}")
    sq = np.einsum("ij,ij->i", X, X)[:, None] - 2.0 * X @ C.T + np.einsum("ij,ij->i", C, C)[None, :]
    return np.argmin(sq, axis=1)

# %% update_centroids
def update_centroids(X, labels, centroids):
    X = as_points(X)
    C = as_points(centroids, "centroids")
    labels = np.asarray(labels)
    if C.shape[1] != X.shape[1]:
        raise ValueError(f"centroids: expected {X.shape[1]} columns, got {C.shape[1]}")
    if labels.shape != (X.shape[0],) or labels.min() < 0 or labels.max() >= C.shape[0]:
        raise ValueError(f"labels: expected {X.shape[0]} values in 0..{C.shape[0] - 1}")
    onehot = (labels[:, None] == np.arange(C.shape[0])[None, :]).astype(float)
    counts = onehot.sum(axis=0)
    sums = onehot.T @ X
    return np.where(counts[:, None] > 0, sums / np.maximum(counts, 1)[:, None], C)

# %% distortion
def distortion(X, centroids, labels):
    X = as_points(X)
    C = as_points(centroids, "centroids")
    labels = np.asarray(labels)
    if C.shape[1] != X.shape[1]:
        raise ValueError(f"centroids: expected {X.shape[1]} columns, got {C.shape[1]}")
    if labels.shape != (X.shape[0],) or labels.min() < 0 or labels.max() >= C.shape[0]:
        raise ValueError(f"labels: expected {X.shape[0]} values in 0..{C.shape[0] - 1}")
    diff = X - C[labels]
    return float(np.einsum("ij,ij->", diff, diff))

# %% k_means
def k_means(X, k, rng=None, init=None, max_iter=300, tol=1e-8):
    X = as_points(X)
    n, d = X.shape
    if not 1 <= k <= n:
        raise ValueError(f"k = {k} is not between 1 and n = {n}")
    if max_iter < 1:
        raise ValueError(f"max_iter = {max_iter} must be >= 1")
    if init is None:
        C = init_centroids(X, k, np.random.default_rng(rng))
    elif np.shape(init) in ((k, d), (k,) if d == 1 else None):
        C = np.array(init, dtype=float).reshape(k, d)
    else:
        raise ValueError(f"init: expected shape ({k}, {d}), got {np.shape(init)}")
    labels = assign(X, C)
    history = []
    before = distortion(X, C, labels)
    for iteration in range(1, max_iter + 1):
        C = update_centroids(X, labels, C)
        new_labels = assign(X, C)
        after = distortion(X, C, new_labels)
        history.append(after)
        improvement = before - after
        same = np.array_equal(new_labels, labels)
        labels = new_labels
        if same or improvement < tol:
            break
        before = after
    return C, labels, history

# %% confusion_table
def confusion_table(labels, artists):
    if len(labels) != len(artists):
        raise ValueError(f"labels and artists: lengths {len(labels)} and {len(artists)} differ")
    frame = pd.DataFrame({"cluster": np.asarray(labels), "artist": np.asarray(artists)})
    return frame.groupby(["cluster", "artist"]).size().unstack(fill_value=0)

# %% spotify_labels
spotify_labels = None
rng = np.random.default_rng(2)
runs = [k_means(Z_spotify, 3, rng=rng) for _ in range(10)]
spotify_labels = runs[int(np.argmin([history[-1] for _, _, history in runs]))][1]
