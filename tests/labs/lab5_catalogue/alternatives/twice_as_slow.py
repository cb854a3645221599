"""Correct array code that does its work twice over, about 2x slower than the reference: a k-d tree built for the
reference points and another built again for the sampled rows, a silhouette that computes each block's distances
once for a and once more for b, the population moments of sample_matches computed per column in pandas, an SSE that
centres every cluster through a second pass over the labels, and components from the eigenvectors of the scatter
matrix."""

# %% sample_matches
def sample_matches(X, sample, alpha=0.05):
    X, sample = pd.DataFrame(X), pd.DataFrame(sample)
    if not 0 < alpha < 1:
        raise ValueError(f"alpha must be in (0, 1); got {alpha!r}")
    if list(sample.columns) != list(X.columns):
        raise ValueError(f"sample must have the columns of X, {list(X.columns)}; got {list(sample.columns)}")
    n = len(sample)
    if n < 2:
        raise ValueError(f"sample must have at least 2 rows to estimate a variance; got {n}")
    rows = []
    for column in X.columns:
        population, part = X[column].to_numpy(dtype=float), sample[column].to_numpy(dtype=float)
        t = (part.mean() - population.mean()) / np.sqrt(part.var(ddof=1) / n)
        c = (n - 1) * part.var(ddof=1) / population.var(ddof=0)
        p_var = min(1.0, 2 * min(stats.chi2.cdf(c, df=n - 1), stats.chi2.sf(c, df=n - 1)))
        rows.append((2 * stats.t.sf(abs(t), df=n - 1), p_var))
    result = pd.DataFrame(rows, columns=["p_mean", "p_var"], index=X.columns)
    result["matches"] = (result["p_mean"] >= alpha) & (result["p_var"] >= alpha)
    return result

# %% pca
def pca(X, n_components):
    X = np.asarray(X, dtype=float)
    if X.ndim != 2:
        raise ValueError(f"X must be 2-D (n, d); got shape {X.shape}")
    if n_components != int(n_components) or n_components < 1 or n_components > min(X.shape):
        raise ValueError(f"n_components = {n_components!r} is outside 1 .. min(n, d) = {min(X.shape)}")
    centred = X - X.mean(axis=0)
    # the eigenvectors of the scatter matrix, largest eigenvalue first (the SVD's right singular vectors)
    eigenvalues, eigenvectors = np.linalg.eigh(centred.T @ centred)
    eigenvalues, eigenvectors = np.clip(eigenvalues[::-1], 0, None), eigenvectors[:, ::-1]
    top = eigenvectors[:, :int(n_components)].T
    return centred @ top.T, top, eigenvalues[:int(n_components)] / eigenvalues.sum()

# %% hopkins_from_points
def hopkins_from_points(X, sample_idx, U):
    X = np.asarray(X, dtype=float)
    U = np.atleast_2d(np.asarray(U, dtype=float))
    if X.ndim != 2 or len(X) < 2:
        raise ValueError(f"X must be 2-D with at least 2 rows; got shape {X.shape}")
    if U.shape[1] != X.shape[1]:
        raise ValueError(f"U must have the {X.shape[1]} columns of X; got shape {U.shape}")
    u = cKDTree(X, balanced_tree=False, compact_nodes=False).query(U, k=1)[0]
    nearest_two = cKDTree(X, balanced_tree=False, compact_nodes=False).query(X[np.asarray(sample_idx)], k=2)[0]
    w = nearest_two[:, 1]
    return float(u.sum() / (u.sum() + w.sum()))

# %% hopkins
def hopkins(X, m, rng):
    X = np.asarray(X, dtype=float)
    if X.ndim != 2 or len(X) < 2:
        raise ValueError(f"X must be 2-D with at least 2 rows; got shape {X.shape}")
    n, d = X.shape
    if int(m) != m or not 1 <= m <= n:
        raise ValueError(f"m must be an integer between 1 and n = {n}; got {m!r}")
    sample_idx = rng.choice(n, size=int(m), replace=False)
    low, high = X.min(axis=0), X.max(axis=0)
    return hopkins_from_points(X, sample_idx, low + (high - low) * rng.random((int(m), d)))

# %% bootstrap_hopkins
def bootstrap_hopkins(X, n_boot, sample_size, m, rng):
    X = np.asarray(X, dtype=float)
    n = len(X)
    if int(n_boot) != n_boot or n_boot < 1:
        raise ValueError(f"n_boot must be a positive integer; got {n_boot!r}")
    if int(sample_size) != sample_size or not 2 <= sample_size <= n:
        raise ValueError(f"sample_size must be an integer between 2 and n = {n}; got {sample_size!r}")
    if int(m) != m or not 1 <= m <= sample_size:
        raise ValueError(f"m must be an integer between 1 and sample_size = {sample_size}; got {m!r}")
    values = []
    while len(values) < n_boot:
        values.append(hopkins(X[rng.permutation(n)[:int(sample_size)]], m, rng))
    return np.array(values)

# %% cluster_sse
def cluster_sse(X, labels):
    X = np.asarray(X, dtype=float)
    labels = np.asarray(labels)
    if X.ndim != 2:
        raise ValueError(f"X must be 2-D (n, d); got shape {X.shape}")
    if labels.shape != (len(X),):
        raise ValueError(f"labels must hold one label per row of X ({len(X)}); got shape {labels.shape}")
    names, inverse = np.unique(labels, return_inverse=True)
    sizes = np.bincount(inverse)
    means = np.stack([np.bincount(inverse, weights=X[:, j]) for j in range(X.shape[1])], axis=1) / sizes[:, None]
    centred = X - means[np.unique(labels, return_inverse=True)[1]]
    return pd.Series(np.bincount(inverse, weights=np.sum(centred ** 2, axis=1)), index=names)

# %% silhouette
def silhouette(X, labels):
    X = np.asarray(X, dtype=float)
    labels = np.asarray(labels)
    n = len(X)
    if X.ndim != 2:
        raise ValueError(f"X must be 2-D (n, d); got shape {X.shape}")
    if labels.shape != (n,):
        raise ValueError(f"labels must hold one label per row of X ({n}); got shape {labels.shape}")
    names, inverse, counts = np.unique(labels, return_inverse=True, return_counts=True)
    if len(names) < 2:
        raise ValueError(f"labels must define at least 2 clusters for a silhouette; got {len(names)}")
    member = (inverse[:, None] == np.arange(len(names))).astype(float)
    rows = max(1, 2 ** 17 // n)
    s = np.zeros(n)
    for start in range(0, n, rows):
        own = inverse[start:start + rows]
        i = np.arange(len(own))
        a = (cdist(X[start:start + rows], X) @ member)[i, own] / np.maximum(counts[own] - 1, 1)
        means = (cdist(X[start:start + rows], X) @ member) / counts
        means[i, own] = np.inf
        b = means.min(axis=1)
        top = np.maximum(a, b)
        s[start:start + rows] = np.where((counts[own] > 1) & (top > 0), (b - a) / np.where(top > 0, top, 1), 0.0)
    return float(s.mean())

# %% adjusted_rand_index
def adjusted_rand_index(labels, truth):
    labels, truth = np.asarray(labels), np.asarray(truth)
    if labels.ndim != 1 or truth.shape != labels.shape or len(labels) == 0:
        raise ValueError(f"labels and truth must be 1-D of the same, non-zero length; got shapes {labels.shape} "
                         f"and {truth.shape}")
    _, rows = np.unique(labels, return_inverse=True)
    _, cols = np.unique(truth, return_inverse=True)
    table = np.zeros((rows.max() + 1, cols.max() + 1))
    np.add.at(table, (rows, cols), 1)
    comb2 = lambda counts: float(np.sum(counts * (counts - 1))) / 2     # noqa: E731
    index, sum_a, sum_b = comb2(table), comb2(table.sum(axis=1)), comb2(table.sum(axis=0))
    n_pairs = comb2(np.array([len(labels)], dtype=float))
    expected = sum_a * sum_b / n_pairs if n_pairs else 0.0
    maximum = (sum_a + sum_b) / 2
    return 1.0 if maximum == expected else float((index - expected) / (maximum - expected))
