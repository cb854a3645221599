"""Vectorised with a label array: cluster distances recomputed by numpy from the original D every step
(weighted linkage through a WPGMA table), labels numbered by first appearance, cophenetic built from
cut() at every level, and rounded by-hand answers."""

# %% single_heights
single_heights = [0.100, 0.200, 0.300, 0.500]

# %% upgma_heights
upgma_heights = [0.1, 0.3, 0.5, 0.617]

# %% agglomerate
LINKAGE_METHODS = ("single", "complete", "average", "weighted")


def agglomerate(D, method):
    try:
        D = np.asarray(D, dtype=float)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"D is not numeric: {exc}") from None
    problems = [
        (method not in LINKAGE_METHODS, f"method {method!r} is not one of {LINKAGE_METHODS}"),
        (D.ndim != 2 or D.shape[0] != D.shape[-1] or len(D) < 2, f"D has shape {D.shape}, not (n, n) with n >= 2"),
    ]
    for bad, message in problems:
        if bad:
            raise ValueError(message)
    for bad, message in [(~np.isfinite(D).all(), "D has non-finite entries"),
                         ((D < 0).any(), "D has negative entries"),
                         ((np.diag(D) != 0).any(), "D has a non-zero diagonal"),
                         (not np.allclose(D, D.T, atol=1e-12, rtol=0), "D is not symmetric")]:
        if bad:
            raise ValueError(message)
    n = len(D)
    label = np.arange(n)                       # point -> cluster id
    alive = list(range(n))
    W = D.copy()                                # WPGMA distances between cluster ids
    W = np.pad(W, (0, n - 1))
    Z = np.zeros((n - 1, 4))
    for step in range(n - 1):
        k = len(alive)
        onehot = (label[:, None] == np.array(alive)[None, :]).astype(float)   # (n, k)
        sizes = onehot.sum(axis=0)
        if method == "average":
            L = onehot.T @ D @ onehot / np.outer(sizes, sizes)
        elif method == "weighted":
            L = W[np.ix_(alive, alive)].copy()
        else:
            L = np.empty((k, k))
            for a in range(k):
                block = D[onehot[:, a] > 0]
                per_b = [block[:, onehot[:, b] > 0] for b in range(k)]
                L[a] = [m.min() if method == "single" else m.max() for m in per_b]
        L[np.diag_indices(k)] = np.inf
        a, b = divmod(int(np.argmin(L)), k)
        new = n + step
        Z[step] = [alive[a], alive[b], L[a, b], sizes[a] + sizes[b]]
        if method == "weighted":
            W[new, :] = W[:, new] = (W[alive[a]] + W[alive[b]]) / 2
        label[(label == alive[a]) | (label == alive[b])] = new
        alive = [c for c in alive if c not in (alive[a], alive[b])] + [new]
    Z[:, :2] = np.sort(Z[:, :2], axis=1)
    return Z

# %% cut
def cut(Z, k):
    Z = np.asarray(Z)
    n = len(Z) + 1
    label = np.arange(n)
    for step in range(n - k):
        label[np.isin(label, Z[step, :2].astype(int))] = n + step
    _, first, inverse = np.unique(label, return_index=True, return_inverse=True)
    order = np.argsort(np.argsort(first))      # number clusters by first appearance
    return order[inverse].astype(np.int64)

# %% cophenetic
def cophenetic(Z):
    Z = np.asarray(Z)
    n = len(Z) + 1
    C = np.zeros((n, n))
    together = np.eye(n, dtype=bool)
    for k in range(n - 1, 0, -1):              # from n - 1 clusters down to 1
        labels = cut(Z, k)
        same = labels[:, None] == labels[None, :]
        C[same & ~together] = Z[n - 1 - k, 2]
        together |= same
    return C
