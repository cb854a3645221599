"""assign loops over the points in Python, computing one row of distances at a time (the original lab's Set())."""
# caught_by: assign_is_vectorised
# diagnosis: work on whole arrays with numpy (broadcasting) instead of a python loop over the points
# visible: yes

# %% assign
def assign(X, centroids):
    X = as_points(X)
    centroids = as_points(centroids, "centroids")
    if centroids.shape[1] != X.shape[1]:
        raise ValueError(f"centroids must have {X.shape[1]} columns; got shape {centroids.shape}")
    dist = np.zeros((X.shape[0], centroids.shape[0]))
    for i in range(X.shape[0]):
        dist[i] = np.linalg.norm(centroids - X[i], axis=1)
    return np.argmin(dist, axis=1)
