"""distortion adds up plain Euclidean distances instead of squared ones, as the original lab's Set() did."""
# caught_by: distortion_sums_squared_distances
# diagnosis: added plain distances (0 + 1 + 2), not squared distances (0 + 1 + 4)
# visible: yes

# %% distortion
def distortion(X, centroids, labels):
    X = as_points(X)
    centroids = as_points(centroids, "centroids")
    n, d = X.shape
    if centroids.shape[1] != d:
        raise ValueError(f"centroids must have {d} columns like X; got shape {centroids.shape}")
    labels = np.asarray(labels)
    if labels.shape != (n,) or labels.min() < 0 or labels.max() >= len(centroids):
        raise ValueError(f"labels must be {n} integers in 0 .. {len(centroids) - 1}")
    dist = np.linalg.norm(X - centroids[labels], axis=1)
    return float(sum(dist))
