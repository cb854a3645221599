"""cut replays n - k + 1 merges instead of n - k, so it returns k - 1 clusters (off by one)."""
# caught_by: cut_matches_fcluster, cut_extreme_k

# %% cut
def cut(Z, k):
    """Flat clusters from a linkage matrix: undo the last k - 1 merges.

    Parameters
    ----------
    Z : array-like of shape (n - 1, 4)
        SciPy-format linkage matrix.
    k : int
        Number of clusters, 1 <= k <= n.

    Returns
    -------
    labels : ndarray of shape (n,), int
        Cluster label of each point (0 .. k-1 here; any numbering is accepted).
    """
    Z = np.asarray(Z, dtype=float)
    if Z.ndim != 2 or Z.shape[1] != 4:
        raise ValueError(f"Z must be a linkage matrix of shape (n - 1, 4); got shape {Z.shape}")
    n = Z.shape[0] + 1
    if not (1 <= k <= n) or int(k) != k:
        raise ValueError(f"k must be an integer between 1 and n = {n}; got {k!r}")
    members = {i: [i] for i in range(n)}
    for step in range(min(n - int(k) + 1, n - 1)):
        a, b = int(Z[step, 0]), int(Z[step, 1])
        members[n + step] = members.pop(a) + members.pop(b)
    labels = np.empty(n, dtype=int)
    for label, points in enumerate(members.values()):
        labels[points] = label
    return labels
