"""The reference computed twice: correct but about 2x slower, which must not cost points."""

# %% agglomerate
LINKAGE_METHODS = ("single", "complete", "average", "weighted")


def _agglomerate_once(D, method):
    """Agglomerative hierarchical clustering of a distance matrix.

    Parameters
    ----------
    D : array-like of shape (n, n)
        Symmetric, finite, non-negative distances with a zero diagonal; n >= 2.
    method : {"single", "complete", "average", "weighted"}
        The linkage: "average" is UPGMA, "weighted" is WPGMA.

    Returns
    -------
    Z : ndarray of shape (n - 1, 4)
        SciPy-format linkage matrix: row s is [i, j, height, size] and creates cluster n + s.

    Raises
    ------
    ValueError
        If D is not such a matrix or method is unknown; the message names the problem.
    """
    if method not in LINKAGE_METHODS:
        raise ValueError(f"method must be one of {LINKAGE_METHODS}; got {method!r}")
    D = np.asarray(D, dtype=float)
    if D.ndim != 2 or D.shape[0] != D.shape[1]:
        raise ValueError(f"D must be a square 2-D distance matrix; got shape {D.shape}")
    n = D.shape[0]
    if n < 2:
        raise ValueError(f"D must hold the distances of at least 2 points; got {n}")
    if not np.all(np.isfinite(D)):
        raise ValueError("D must contain only finite values; found NaN or inf")
    if np.any(D < 0):
        raise ValueError(f"D must be non-negative; found {D.min()}")
    if np.any(np.diag(D) != 0):
        raise ValueError("D must have a zero diagonal (each point is at distance 0 from itself)")
    if not np.allclose(D, D.T, rtol=0, atol=1e-12):
        i, j = np.unravel_index(np.argmax(np.abs(D - D.T)), D.shape)
        raise ValueError(f"D must be symmetric; D[{i}, {j}] = {D[i, j]} but D[{j}, {i}] = {D[j, i]}")

    dist = D.copy()
    np.fill_diagonal(dist, np.inf)
    ids = np.arange(n)              # cluster number held in each row of dist
    sizes = np.ones(n)              # cluster sizes
    active = np.ones(n, dtype=bool)
    Z = np.empty((n - 1, 4))
    for step in range(n - 1):
        # 1. the closest pair of active clusters (row-major argmin: i < j)
        i, j = np.unravel_index(np.argmin(dist), dist.shape)
        height = dist[i, j]
        n_i, n_j = sizes[i], sizes[j]
        Z[step] = [min(ids[i], ids[j]), max(ids[i], ids[j]), height, n_i + n_j]
        # 2. Lance-Williams coefficients
        if method == "average":
            a_i, a_j, gamma = n_i / (n_i + n_j), n_j / (n_i + n_j), 0.0
        else:
            a_i = a_j = 0.5
            gamma = {"single": -0.5, "complete": 0.5, "weighted": 0.0}[method]
        # 3. distances from the merged cluster, kept in row i; row j retires
        with np.errstate(invalid="ignore"):
            new = a_i * dist[i] + a_j * dist[j] + gamma * np.abs(dist[i] - dist[j])
        active[j] = False
        new[~active] = np.inf
        new[i] = np.inf
        dist[i, :] = new
        dist[:, i] = new
        dist[j, :] = np.inf
        dist[:, j] = np.inf
        ids[i] = n + step
        sizes[i] = n_i + n_j
    return Z


def agglomerate(D, method):
    """The same function, computed twice (about 2x slower): still well within the limit."""
    _agglomerate_once(D, method)
    return _agglomerate_once(D, method)

# %% cut
def _cut_once(Z, k):
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
    labels = np.empty(n, dtype=int)
    for label, points in enumerate(members.values()):
        labels[points] = label
    return labels


def cut(Z, k):
    _cut_once(Z, k)
    return _cut_once(Z, k)
