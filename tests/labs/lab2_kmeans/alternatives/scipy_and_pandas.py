"""Library helpers where they fit: scipy's cdist for the squared distances, a pandas groupby for the means
(reindexed so empty clusters keep their centroid), np.unique for the confusion table, and k_means stopping on
the improvement first."""

# %% assign
from scipy.spatial.distance import cdist


def assign(X, centroids):
    X = as_points(X)
    centroids = as_points(centroids, "centroids")
    if centroids.shape[1] != X.shape[1]:
        raise ValueError(f"centroids has {centroids.shape[1]} columns but X has {X.shape[1]}")
    return cdist(X, centroids, "sqeuclidean").argmin(axis=1)

# %% update_centroids
def update_centroids(X, labels, centroids):
    X = as_points(X)
    centroids = as_points(centroids, "centroids")
    labels = np.asarray(labels)
    if centroids.shape[1] != X.shape[1]:
        raise ValueError(f"centroids has {centroids.shape[1]} columns but X has {X.shape[1]}")
    if len(labels) != len(X) or not set(labels.tolist()) <= set(range(len(centroids))):
        raise ValueError("labels must give every point a cluster number below k")
    means = pd.DataFrame(X).groupby(labels).mean().reindex(range(len(centroids)))
    return np.where(means.isna().to_numpy(), centroids, means.to_numpy())

# %% k_means
def k_means(X, k, rng=None, init=None, max_iter=300, tol=1e-8):
    X = as_points(X)
    if k < 1 or k > X.shape[0]:
        raise ValueError(f"k must lie in 1..{X.shape[0]}, got {k}")
    if max_iter < 1:
        raise ValueError("max_iter must be at least 1")
    centroids = (init_centroids(X, k, np.random.default_rng(rng)) if init is None
                 else as_points(np.array(init, dtype=float), "init"))
    if centroids.shape != (k, X.shape[1]):
        raise ValueError(f"init must be {k} centroids with {X.shape[1]} columns, got shape {centroids.shape}")
    labels = assign(X, centroids)
    history = [distortion(X, centroids, labels)]      # the starting distortion, dropped at the end
    for _ in range(max_iter):
        centroids = update_centroids(X, labels, centroids)
        old_labels, labels = labels, assign(X, centroids)
        history.append(distortion(X, centroids, labels))
        if history[-2] - history[-1] < tol or (old_labels == labels).all():
            break
    return centroids, labels, history[1:]

# %% confusion_table
def confusion_table(labels, artists):
    labels, artists = np.asarray(labels), np.asarray(artists)
    if labels.shape != artists.shape:
        raise ValueError(f"labels has shape {labels.shape} but artists has shape {artists.shape}")
    rows, row_of = np.unique(labels, return_inverse=True)
    cols, col_of = np.unique(artists, return_inverse=True)
    counts = np.zeros((len(rows), len(cols)), dtype=int)
    np.add.at(counts, (row_of, col_of), 1)
    return pd.DataFrame(counts, index=rows, columns=cols)
