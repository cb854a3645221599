"""distortion averages the squared differences (np.mean) instead of adding them up."""
# caught_by: distortion_sums_squared_distances
# diagnosis: averaged the squared differences (np.mean divides by n times d); the k-means objective is their sum
# visible: yes

# %% distortion: replace
    return float(np.sum((X - centroids[labels]) ** 2))
# %% distortion: with
    return float(np.mean((X - centroids[labels]) ** 2))
