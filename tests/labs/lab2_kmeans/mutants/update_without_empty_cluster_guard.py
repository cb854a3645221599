"""update_centroids takes np.mean of every cluster, so an empty cluster gets a NaN centroid (the original lab's Update())."""
# caught_by: update_centroids_keeps_empty_cluster
# diagnosis: took the mean of an empty cluster, which is NaN; a centroid without members must stay where it was
# visible: yes

# %% update_centroids
def update_centroids(X, labels, centroids):
    X = as_points(X)
    centroids = as_points(centroids, "centroids")
    labels = np.asarray(labels)
    if centroids.shape[1] != X.shape[1]:
        raise ValueError(f"centroids must have {X.shape[1]} columns; got shape {centroids.shape}")
    if labels.shape != (X.shape[0],) or labels.min() < 0 or labels.max() >= len(centroids):
        raise ValueError(f"labels must be {X.shape[0]} integers in 0 .. {len(centroids) - 1}")
    new = np.zeros_like(centroids)
    for j in range(len(centroids)):
        new[j] = np.mean(X[labels == j], axis=0)
    return new
