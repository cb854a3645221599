"""Written by hand in numpy: moments and p-values from arrays, components with a fixed sign, the nearest other row found
by comparing indices, draws in another order, per-label loops for the SSE, a blockwise silhouette from the
expansion |x|^2 + |y|^2 - 2 x.y, and pair counting from combined label codes for the ARI."""

# %% sample_matches
def sample_matches(X, sample, alpha=0.05):
    names = X.columns if isinstance(X, pd.DataFrame) else pd.RangeIndex(np.shape(X)[1])
    if isinstance(sample, pd.DataFrame) and list(sample.columns) != list(names):
        raise ValueError(f"sample columns {list(sample.columns)} differ from X's {list(names)}")
    full, part = np.asarray(X, dtype=float), np.asarray(sample, dtype=float)
    if part.ndim != 2 or part.shape[1] != full.shape[1]:
        raise ValueError(f"sample has shape {part.shape}, X has {full.shape[1]} columns")
    if len(part) < 2:
        raise ValueError("sample: at least 2 rows are needed")
    if alpha <= 0 or alpha >= 1:
        raise ValueError(f"alpha={alpha} is outside (0, 1)")
    n = len(part)
    mu, sigma2 = full.mean(axis=0), full.var(axis=0)
    xbar, s2 = part.mean(axis=0), part.var(axis=0, ddof=1)
    t = np.abs(xbar - mu) / np.sqrt(s2 / n)
    p_mean = 2 * stats.t.sf(t, n - 1)
    c = (n - 1) * s2 / sigma2
    p_var = np.clip(2 * np.minimum(stats.chi2.cdf(c, n - 1), stats.chi2.sf(c, n - 1)), 0, 1)
    return pd.DataFrame({"p_mean": p_mean, "p_var": p_var, "matches": (p_mean >= alpha) & (p_var >= alpha)},
                        index=names)

# %% pca
def pca(X, n_components):
    X = np.array(X, dtype=float)
    n, d = X.shape
    if n_components < 1 or n_components > min(n, d) or n_components % 1:
        raise ValueError(f"n_components must be in 1..{min(n, d)}, got {n_components}")
    X -= X.mean(axis=0)
    U, S, Vt = np.linalg.svd(X, full_matrices=False)
    k = int(n_components)
    # a fixed sign: the largest coordinate of each component is positive
    signs = np.sign(Vt[np.arange(len(Vt)), np.argmax(np.abs(Vt), axis=1)])
    Vt, U = Vt * signs[:, None], U * signs
    return U[:, :k] * S[:k], Vt[:k, :], (S ** 2 / (S ** 2).sum())[:k]

# %% hopkins_from_points
def hopkins_from_points(X, sample_idx, U):
    X = np.asarray(X, dtype=float)
    sample_idx = np.asarray(sample_idx, dtype=int)
    tree = cKDTree(X)
    u = tree.query(np.asarray(U, dtype=float), k=1)[0]
    dist, idx = tree.query(X[sample_idx], k=2)
    # the nearest *other* row: skip the first neighbour only if it is the point itself
    w = np.where(idx[:, 0] == sample_idx, dist[:, 1], dist[:, 0])
    return float(np.sum(u) / (np.sum(u) + np.sum(w)))

# %% hopkins
def hopkins(X, m, rng):
    X = np.asarray(X, dtype=float)
    if len(X) < 2:
        raise ValueError("X must hold 2 or more points")
    if not (0 < m <= len(X)):
        raise ValueError(f"m must be in 1..{len(X)}; got m = {m}")
    U = rng.uniform(np.min(X, axis=0), np.max(X, axis=0), size=(m, X.shape[1]))
    idx = rng.choice(len(X), m, replace=False)
    return hopkins_from_points(X, idx, U)

# %% bootstrap_hopkins
def bootstrap_hopkins(X, n_boot, sample_size, m, rng):
    X = np.asarray(X, dtype=float)
    for name, value, low, high in (("n_boot", n_boot, 1, np.inf), ("sample_size", sample_size, 2, len(X)),
                                   ("m", m, 1, sample_size)):
        if not low <= value <= high:
            raise ValueError(f"{name} = {value} is outside {low}..{high}")
    values = np.zeros(n_boot)
    for i in range(n_boot):
        values[i] = hopkins(X[rng.choice(len(X), sample_size, replace=False)], m, rng)
    return values

# %% cluster_sse
def cluster_sse(X, labels):
    X = np.asarray(X, dtype=float)
    labels = np.asarray(labels)
    if labels.shape != (X.shape[0],):
        raise ValueError(f"labels should have shape ({X.shape[0]},), not {labels.shape}")
    result = {}
    for c in np.unique(labels):
        part = X[labels == c]
        result[c] = float(((part - part.mean(axis=0)) ** 2).sum())
    return pd.Series(result)

# %% silhouette
def silhouette(X, labels):
    X = np.asarray(X, dtype=float)
    labels = np.asarray(labels)
    if labels.shape != (len(X),):
        raise ValueError(f"labels should have shape ({len(X)},), not {labels.shape}")
    _, code = np.unique(labels, return_inverse=True)
    k = code.max() + 1
    if k < 2:
        raise ValueError("labels: only one cluster, the silhouette needs at least two")
    size = np.bincount(code, minlength=k)
    sq = np.einsum("ij,ij->i", X, X)
    s = np.zeros(len(X))
    block = max(1, 200_000 // len(X))
    for start in range(0, len(X), block):
        stop = min(start + block, len(X))
        d2 = sq[start:stop, None] + sq[None, :] - 2 * X[start:stop] @ X.T
        D = np.sqrt(np.clip(d2, 0, None))
        for j, i in enumerate(range(start, stop)):
            D[j, i] = 0.0                      # exactly zero to itself despite rounding
        sums = np.stack([D[:, code == c].sum(axis=1) for c in range(k)], axis=1)
        own = code[start:stop]
        rows = np.arange(stop - start)
        a = sums[rows, own] / np.where(size[own] > 1, size[own] - 1, 1)
        other = sums / size
        other[rows, own] = np.inf
        b = other.min(axis=1)
        ok = (size[own] > 1) & (np.maximum(a, b) > 0)
        s[start:stop][ok] = ((b - a) / np.maximum(a, b))[ok]
    return float(s.mean())

# %% adjusted_rand_index
def adjusted_rand_index(labels, truth):
    labels, truth = np.asarray(labels), np.asarray(truth)
    if labels.ndim != 1 or labels.shape != truth.shape or not len(labels):
        raise ValueError(f"labels {labels.shape} and truth {truth.shape} must be 1-D, same length")
    _, a = np.unique(labels, return_inverse=True)
    _, b = np.unique(truth, return_inverse=True)
    joint = np.bincount(a * (b.max() + 1) + b)
    n = len(a)
    pairs = lambda c: float(np.dot(c, c - 1)) / 2
    index, sa, sb, total = pairs(joint), pairs(np.bincount(a)), pairs(np.bincount(b)), n * (n - 1) / 2
    if total == 0 or sa == sb == total or sa == sb == 0:
        return 1.0
    expected = sa * sb / total
    return (index - expected) / ((sa + sb) / 2 - expected)
