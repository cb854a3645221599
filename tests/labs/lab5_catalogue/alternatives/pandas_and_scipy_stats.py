"""Written with library calls: scipy.stats.ttest_1samp and pandas' default ddof=1 for the population variance,
signs of the principal components flipped, a default cKDTree with k=[2], permutation and scaled rng.random draws,
pandas groupby for the SSE, a silhouette looping over clusters inside each block, and the ARI from pd.crosstab."""

# %% sample_matches
def sample_matches(X, sample, alpha=0.05):
    X, sample = pd.DataFrame(X), pd.DataFrame(sample)
    if not (0 < alpha < 1):
        raise ValueError(f"alpha should lie strictly between 0 and 1, got alpha={alpha}")
    if sample.shape[0] < 2:
        raise ValueError("sample needs two or more rows")
    if list(sample.columns) != list(X.columns):
        raise ValueError("sample and X have different columns")
    n = sample.shape[0]
    p_mean = stats.ttest_1samp(sample.to_numpy(), X.mean().to_numpy(), axis=0).pvalue
    c = (n - 1) * sample.var() / X.var()           # pandas' default ddof=1 for both
    p_var = (2 * pd.concat([pd.Series(stats.chi2.cdf(c, n - 1), index=X.columns),
                            pd.Series(stats.chi2.sf(c, n - 1), index=X.columns)], axis=1).min(axis=1)).clip(upper=1)
    out = pd.DataFrame(index=X.columns)
    out["p_mean"] = p_mean
    out["p_var"] = p_var.to_numpy()
    out["matches"] = out[["p_mean", "p_var"]].ge(alpha).all(axis=1)
    return out

# %% pca
def pca(X, n_components):
    X = np.asarray(X, dtype=float)
    if not (isinstance(n_components, (int, np.integer)) and 0 < n_components <= min(X.shape)):
        raise ValueError(f"n_components={n_components} is not between 1 and {min(X.shape)}")
    centred = X - X.mean(axis=0, keepdims=True)
    _, singular, vt = np.linalg.svd(centred, full_matrices=False)
    components = -vt[:n_components]                 # any sign is as good as the other
    scores = centred @ components.T
    variance = singular ** 2
    return scores, components, variance[:n_components] / variance.sum()

# %% hopkins_from_points
def hopkins_from_points(X, sample_idx, U):
    X = np.asarray(X, dtype=float)
    tree = cKDTree(X)
    u_dist, _ = tree.query(np.asarray(U, dtype=float))
    w_dist, _ = tree.query(X[np.asarray(sample_idx, dtype=int)], k=[2])
    total_u, total_w = u_dist.sum(), w_dist.sum()
    return total_u / (total_u + total_w)

# %% hopkins
def hopkins(X, m, rng):
    X = np.asarray(X, dtype=float)
    n = X.shape[0]
    if n < 2:
        raise ValueError("X needs at least two points")
    if m < 1 or m > n:
        raise ValueError(f"m={m} must satisfy 1 <= m <= n={n}")
    rows = rng.permutation(n)[:m]
    low, high = X.min(axis=0), X.max(axis=0)
    U = low + rng.random((m, X.shape[1])) * (high - low)
    return hopkins_from_points(X, rows, U)

# %% bootstrap_hopkins
def bootstrap_hopkins(X, n_boot, sample_size, m, rng):
    X = np.asarray(X, dtype=float)
    if n_boot < 1:
        raise ValueError(f"n_boot={n_boot}: need at least one subsample")
    if sample_size > len(X) or sample_size < 2:
        raise ValueError(f"sample_size={sample_size} must be between 2 and {len(X)}")
    if m > sample_size or m < 1:
        raise ValueError(f"m={m} must be between 1 and sample_size={sample_size}")
    return np.array([hopkins(X[rng.permutation(len(X))[:sample_size]], m, rng) for _ in range(n_boot)])

# %% cluster_sse
def cluster_sse(X, labels):
    frame = pd.DataFrame(np.asarray(X, dtype=float))
    labels = np.asarray(labels)
    if labels.ndim != 1 or len(labels) != len(frame):
        raise ValueError(f"labels has shape {labels.shape}, X has {len(frame)} rows")
    centred = frame - frame.groupby(labels).transform("mean")
    return (centred ** 2).sum(axis=1).groupby(labels).sum()

# %% silhouette
def silhouette(X, labels):
    X = np.asarray(X, dtype=float)
    labels = np.asarray(labels)
    if labels.ndim != 1 or len(labels) != len(X):
        raise ValueError(f"labels has shape {labels.shape} but X has {len(X)} rows")
    clusters = np.unique(labels)
    if clusters.size < 2:
        raise ValueError("labels: a silhouette needs two clusters or more")
    members = {c: np.flatnonzero(labels == c) for c in clusters}
    total = 0.0
    step = 100
    for start in range(0, len(X), step):
        idx = np.arange(start, min(start + step, len(X)))
        mean_to = {}
        for c, rows in members.items():
            d = cdist(X[idx], X[rows])
            mean_to[c] = d.sum(axis=1)
        for j, i in enumerate(idx):
            own = labels[i]
            size = len(members[own])
            if size == 1:
                continue
            a = mean_to[own][j] / (size - 1)
            b = min(mean_to[c][j] / len(members[c]) for c in clusters if c != own)
            if max(a, b) > 0:
                total += (b - a) / max(a, b)
    return total / len(X)

# %% adjusted_rand_index
from scipy.special import comb


def adjusted_rand_index(labels, truth):
    labels, truth = np.asarray(labels), np.asarray(truth)
    if labels.shape != truth.shape or labels.ndim != 1 or labels.size == 0:
        raise ValueError("labels and truth must be 1-D arrays of one equal length")
    table = pd.crosstab(labels, truth).to_numpy()
    index = comb(table, 2).sum()
    a = comb(table.sum(axis=1), 2).sum()
    b = comb(table.sum(axis=0), 2).sum()
    expected = a * b / comb(labels.size, 2) if labels.size > 1 else 0.0
    top = (a + b) / 2
    return 1.0 if top == expected else (index - expected) / (top - expected)
