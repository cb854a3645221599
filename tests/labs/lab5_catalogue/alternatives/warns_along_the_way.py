"""Correct, but chatty: warnings.warn for a large alpha, fewer points than features, a Hopkins sample above 10 % of the
data, a large bootstrap subsample, duplicated rows and singleton clusters, and numpy's own RuntimeWarnings from a
per-cluster variance of one point (ddof=1) and from the 0/0 of two trivial partitions in the ARI; the tests reach
every one of these branches, and a warning must never cost points."""

# %% sample_matches
def sample_matches(X, sample, alpha=0.05):
    X, sample = pd.DataFrame(X), pd.DataFrame(sample)
    if not 0 < alpha < 1:
        raise ValueError(f"alpha must be in (0, 1); got {alpha!r}")
    if alpha > 0.2:
        warnings.warn(f"alpha = {alpha} is unusually large: most samples will be flagged")
    if list(sample.columns) != list(X.columns):
        raise ValueError(f"sample must have the columns of X; got {list(sample.columns)}")
    n = len(sample)
    if n < 2:
        raise ValueError(f"sample must have at least 2 rows; got {n}")
    mu, var = X.mean().to_numpy(), X.var(ddof=0).to_numpy()
    m, s2 = sample.mean().to_numpy(), sample.var(ddof=1).to_numpy()
    p_mean = 2 * stats.t.sf(np.abs(m - mu) / np.sqrt(s2 / n), df=n - 1)
    c = (n - 1) * s2 / var
    p_var = np.minimum(1.0, 2 * np.minimum(stats.chi2.cdf(c, df=n - 1), stats.chi2.sf(c, df=n - 1)))
    result = pd.DataFrame({"p_mean": p_mean, "p_var": p_var}, index=X.columns)
    result["matches"] = (result["p_mean"] >= alpha) & (result["p_var"] >= alpha)
    return result

# %% pca
def pca(X, n_components):
    X = np.asarray(X, dtype=float)
    if X.ndim != 2:
        raise ValueError(f"X must be 2-D; got shape {X.shape}")
    n, d = X.shape
    if int(n_components) != n_components or not 1 <= n_components <= min(n, d):
        raise ValueError(f"n_components must be an integer in 1 .. {min(n, d)}; got {n_components!r}")
    if n < d:
        warnings.warn(f"pca of {n} points in {d} dimensions: at most {n - 1} components carry variance")
    k = int(n_components)
    U, S, Vt = np.linalg.svd(X - X.mean(axis=0), full_matrices=False)
    return U[:, :k] * S[:k], Vt[:k], S[:k] ** 2 / np.sum(S ** 2)

# %% hopkins_from_points
def hopkins_from_points(X, sample_idx, U):
    X = np.asarray(X, dtype=float)
    U = np.atleast_2d(np.asarray(U, dtype=float))
    sample_idx = np.asarray(sample_idx)
    if X.ndim != 2 or len(X) < 2:
        raise ValueError(f"X must be 2-D with at least 2 rows; got shape {X.shape}")
    tree = cKDTree(X)
    u = tree.query(U, k=1)[0]
    w = tree.query(X[sample_idx], k=2)[0][:, 1]
    if np.any(w == 0):
        warnings.warn(f"{int(np.sum(w == 0))} sampled row(s) have an exact duplicate: w = 0 pushes H up")
    return float(u.sum() / (u.sum() + w.sum()))

# %% hopkins
def hopkins(X, m, rng):
    X = np.asarray(X, dtype=float)
    if X.ndim != 2 or len(X) < 2:
        raise ValueError(f"X must be 2-D with at least 2 rows; got shape {X.shape}")
    n, d = X.shape
    if int(m) != m or not 1 <= m <= n:
        raise ValueError(f"m must be an integer in 1 .. {n}; got {m!r}")
    if m > n / 10:
        warnings.warn(f"m = {m} is more than 10 % of the {n} rows: the usual Hopkins sample is smaller")
    sample_idx = rng.choice(n, size=int(m), replace=False)
    U = rng.uniform(X.min(axis=0), X.max(axis=0), size=(int(m), d))
    return hopkins_from_points(X, sample_idx, U)

# %% bootstrap_hopkins
def bootstrap_hopkins(X, n_boot, sample_size, m, rng):
    X = np.asarray(X, dtype=float)
    n = len(X)
    if int(n_boot) != n_boot or n_boot < 1:
        raise ValueError(f"n_boot must be a positive integer; got {n_boot!r}")
    if int(sample_size) != sample_size or not 2 <= sample_size <= n:
        raise ValueError(f"sample_size must be an integer in 2 .. {n}; got {sample_size!r}")
    if int(m) != m or not 1 <= m <= sample_size:
        raise ValueError(f"m must be an integer in 1 .. {sample_size}; got {m!r}")
    if sample_size > n / 5:
        warnings.warn(f"subsamples of {sample_size} of {n} rows overlap a lot: the values are far from independent",
                      RuntimeWarning)
    return np.array([hopkins(X[rng.choice(n, size=int(sample_size), replace=False)], m, rng)
                     for _ in range(int(n_boot))])

# %% cluster_sse
def cluster_sse(X, labels):
    X = np.asarray(X, dtype=float)
    labels = np.asarray(labels)
    if X.ndim != 2 or labels.shape != (len(X),):
        raise ValueError(f"labels must hold one label per row of X; got shape {labels.shape}")
    names, inverse = np.unique(labels, return_inverse=True)
    sse = np.empty(len(names))
    spread = np.empty(len(names))
    for j in range(len(names)):
        part = X[inverse == j]
        sse[j] = np.sum((part - part.mean(axis=0)) ** 2)
        spread[j] = np.var(part[:, 0], ddof=1)    # a diagnostic; numpy warns for a cluster of one point
    return pd.Series(sse, index=names, name="sse")

# %% silhouette
def silhouette(X, labels):
    X = np.asarray(X, dtype=float)
    labels = np.asarray(labels)
    n = len(X)
    if X.ndim != 2 or labels.shape != (n,):
        raise ValueError(f"labels must hold one label per row of X; got shape {labels.shape}")
    names, inverse, counts = np.unique(labels, return_inverse=True, return_counts=True)
    k = len(names)
    if k < 2:
        raise ValueError(f"labels must define at least 2 clusters; got {k}")
    if np.any(counts == 1):
        warnings.warn(f"{int(np.sum(counts == 1))} cluster(s) of a single point: their silhouette counts as 0")
    rows = max(1, 2 ** 18 // n)
    s = np.zeros(n)
    for start in range(0, n, rows):
        D = cdist(X[start:start + rows], X)
        own = inverse[start:start + rows]
        mean_to = np.column_stack([D[:, inverse == j].sum(axis=1) for j in range(k)]) / counts
        a = mean_to[np.arange(len(own)), own] * counts[own] / np.maximum(counts[own] - 1, 1)
        mean_to[np.arange(len(own)), own] = np.inf
        b = mean_to.min(axis=1)
        top = np.maximum(a, b)
        zero = (counts[own] == 1) | (top == 0)          # alone in its cluster, or a = b = 0
        s[start:start + rows] = np.where(zero, 0.0, (b - a) / np.where(zero, 1.0, top))
    return float(s.mean())

# %% adjusted_rand_index
def adjusted_rand_index(labels, truth):
    labels, truth = np.asarray(labels), np.asarray(truth)
    if labels.ndim != 1 or truth.shape != labels.shape or len(labels) == 0:
        raise ValueError(f"labels and truth must be 1-D of the same length; got {labels.shape} and {truth.shape}")
    _, rows = np.unique(labels, return_inverse=True)
    _, cols = np.unique(truth, return_inverse=True)
    n_cols = cols.max() + 1
    table = np.bincount(rows * n_cols + cols, minlength=(rows.max() + 1) * n_cols).reshape(-1, n_cols)
    pairs = lambda counts: np.float64(np.sum(counts * (counts - 1)) / 2)     # noqa: E731
    index, sum_a, sum_b = pairs(table), pairs(table.sum(axis=1)), pairs(table.sum(axis=0))
    n_pairs = pairs(np.array([len(labels)]))
    expected = sum_a * sum_b / n_pairs if n_pairs else np.float64(0.0)
    ari = (index - expected) / ((sum_a + sum_b) / 2 - expected)    # 0/0 (numpy warns) for two trivial partitions
    return 1.0 if np.isnan(ari) else float(ari)
