"""init_centroids draws uniform numbers in [0, 1) whatever the data (the original lab's Centroid_init)."""
# caught_by: init_centroids_picks_distinct_rows
# diagnosis: drew random numbers instead of picking rows of X; the starting centroids must be k different data points
# visible: yes

# %% init_centroids
def init_centroids(X, k, rng):
    X = as_points(X)
    if not 1 <= k <= X.shape[0]:
        raise ValueError(f"k must be between 1 and n = {X.shape[0]}; got k = {k}")
    return rng.random((k, X.shape[1]))
