"""Correct functions that issue warnings on the way (warnings.warn and a numpy divide-by-zero RuntimeWarning):
a warning is shown in the feedback and never costs points."""

# %% cut
import warnings


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
    for step in range(n - int(k)):
        a, b = int(Z[step, 0]), int(Z[step, 1])
        members[n + step] = members.pop(a) + members.pop(b)
    if k == n:
        warnings.warn("cut: k = n puts every point in a cluster of its own")
    with np.errstate(divide="warn"):
        np.log(np.zeros(1))     # a RuntimeWarning on the way, harmless
    labels = np.empty(n, dtype=int)
    for label, points in enumerate(members.values()):
        labels[points] = label
    return labels

# %% cophenetic
def cophenetic(Z):
    """Cophenetic distance matrix of a linkage matrix.

    Parameters
    ----------
    Z : array-like of shape (n - 1, 4)

    Returns
    -------
    C : ndarray of shape (n, n)
        C[a, b] is the height of the merge that first joins points a and b; C[a, a] = 0.
    """
    Z = np.asarray(Z, dtype=float)
    if Z.ndim != 2 or Z.shape[1] != 4:
        raise ValueError(f"Z must be a linkage matrix of shape (n - 1, 4); got shape {Z.shape}")
    n = Z.shape[0] + 1
    if n < 3:
        warnings.warn("cophenetic: fewer than 3 points", RuntimeWarning)
    C = np.zeros((n, n))
    members = {i: [i] for i in range(n)}
    for step, (a, b, height, _) in enumerate(Z):
        A, B = members.pop(int(a)), members.pop(int(b))
        C[np.ix_(A, B)] = height
        C[np.ix_(B, A)] = height
        members[n + step] = A + B
    return C
