"""assign compares with <= while scanning the centroids, so a tie goes to the highest index, not the lowest."""
# caught_by: assign_ties_to_lowest_index
# diagnosis: broke a tie in favour of the highest centroid index (a <= comparison while scanning); np.argmin keeps the first, lowest one
# visible: yes

# %% assign
def assign(X, centroids):
    X = as_points(X)
    centroids = as_points(centroids, "centroids")
    if centroids.shape[1] != X.shape[1]:
        raise ValueError(f"centroids must have {X.shape[1]} columns; got shape {centroids.shape}")
    best = np.full(X.shape[0], np.inf)
    labels = np.zeros(X.shape[0], dtype=int)
    for j, c in enumerate(centroids):
        sq = np.sum((X - c) ** 2, axis=1)
        closer = sq <= best
        labels[closer] = j
        best[closer] = sq[closer]
    return labels
