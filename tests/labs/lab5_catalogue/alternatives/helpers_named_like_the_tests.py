"""Correct, built from top-level helpers and globals that happen to carry the names the tests bind (reference_p,
brute_force_hopkins, reference_hopkins, reference_hopkins_tree, kd_tree_yardstick, record, spy, reference_ari, and
values named population, cases, seen, calls, X_raw, X_rows, X_big, labels_big, full, peak, Z6_test, rng, X, H ...):
the tests must use their own, and the spies must still see this hopkins call hopkins_from_points."""

# %% sample_matches
population = cases = seen = calls = None                 # leftovers of the student's experiments
X_raw = X_rows = X_big = labels_big = labels_many = Z6_test = Z3_test = X = H = None
full, peak, rng = 0, 0, np.random.default_rng(99)


def reference_p(m, mu, s2, var, n):
    """The student's own helper: both two-sided p-values from the moments."""
    p_mean = 2 * stats.t.sf(np.abs(m - mu) / np.sqrt(s2 / n), df=n - 1)
    c = (n - 1) * s2 / var
    return p_mean, np.minimum(1.0, 2 * np.minimum(stats.chi2.cdf(c, df=n - 1), stats.chi2.sf(c, df=n - 1)))


def sample_matches(X, sample, alpha=0.05):
    X, sample = pd.DataFrame(X), pd.DataFrame(sample)
    if not 0 < alpha < 1:
        raise ValueError(f"alpha must be in (0, 1); got {alpha!r}")
    if list(sample.columns) != list(X.columns):
        raise ValueError(f"sample must have the columns of X; got {list(sample.columns)}")
    if len(sample) < 2:
        raise ValueError(f"sample must have at least 2 rows; got {len(sample)}")
    p_mean, p_var = reference_p(sample.mean().to_numpy(), X.mean().to_numpy(), sample.var(ddof=1).to_numpy(),
                                X.var(ddof=0).to_numpy(), len(sample))
    result = pd.DataFrame({"p_mean": p_mean, "p_var": p_var}, index=X.columns)
    result["matches"] = (result["p_mean"] >= alpha) & (result["p_var"] >= alpha)
    return result

# %% pca
def kd_tree_yardstick(X):
    """The student's own helper (despite its name): X centred."""
    return X - X.mean(axis=0)


def pca(X, n_components):
    X = np.asarray(X, dtype=float)
    if X.ndim != 2:
        raise ValueError(f"X must be 2-D; got shape {X.shape}")
    n, d = X.shape
    if int(n_components) != n_components or not 1 <= n_components <= min(n, d):
        raise ValueError(f"n_components must be an integer in 1 .. {min(n, d)}; got {n_components!r}")
    k = int(n_components)
    U, S, Vt = np.linalg.svd(kd_tree_yardstick(X), full_matrices=False)
    return U[:, :k] * S[:k], Vt[:k], S[:k] ** 2 / np.sum(S ** 2)

# %% hopkins_from_points
def brute_force_hopkins(u, w):
    """The student's own helper (no brute force in it): H from the two sets of distances."""
    return float(np.sum(u) / (np.sum(u) + np.sum(w)))


def reference_hopkins_tree(X):
    """The student's own helper: the k-d tree of the data."""
    return cKDTree(X)


def hopkins_from_points(X, sample_idx, U):
    X = np.asarray(X, dtype=float)
    if X.ndim != 2 or len(X) < 2:
        raise ValueError(f"X must be 2-D with at least 2 rows; got shape {X.shape}")
    tree = reference_hopkins_tree(X)
    u = tree.query(np.atleast_2d(np.asarray(U, dtype=float)), k=1)[0]
    w = tree.query(X[np.asarray(sample_idx)], k=2)[0][:, 1]
    return brute_force_hopkins(u, w)

# %% hopkins
def spy(X, m, rng):
    """The student's own helper: m distinct rows and m points in the bounding box, drawn with rng."""
    return rng.choice(len(X), size=m, replace=False), rng.uniform(X.min(axis=0), X.max(axis=0), size=(m, X.shape[1]))


def hopkins(X, m, rng):
    X = np.asarray(X, dtype=float)
    if X.ndim != 2 or len(X) < 2:
        raise ValueError(f"X must be 2-D with at least 2 rows; got shape {X.shape}")
    if int(m) != m or not 1 <= m <= len(X):
        raise ValueError(f"m must be an integer in 1 .. {len(X)}; got {m!r}")
    sample_idx, U = spy(X, int(m), rng)
    return hopkins_from_points(X, sample_idx, U)

# %% bootstrap_hopkins
def record(X, sample_size, rng):
    """The student's own helper: one subsample without replacement."""
    return X[rng.choice(len(X), size=sample_size, replace=False)]


def reference_hopkins(n_boot, sample_size, m, n):
    """The student's own helper: the argument checks."""
    if int(n_boot) != n_boot or n_boot < 1:
        raise ValueError(f"n_boot must be a positive integer; got {n_boot!r}")
    if int(sample_size) != sample_size or not 2 <= sample_size <= n:
        raise ValueError(f"sample_size must be an integer in 2 .. {n}; got {sample_size!r}")
    if int(m) != m or not 1 <= m <= sample_size:
        raise ValueError(f"m must be an integer in 1 .. {sample_size}; got {m!r}")


def bootstrap_hopkins(X, n_boot, sample_size, m, rng):
    X = np.asarray(X, dtype=float)
    reference_hopkins(n_boot, sample_size, m, len(X))
    return np.array([hopkins(record(X, int(sample_size), rng), m, rng) for _ in range(int(n_boot))])

# %% cluster_sse
def cluster_sse(X, labels):
    X = np.asarray(X, dtype=float)
    labels = np.asarray(labels)
    if X.ndim != 2 or labels.shape != (len(X),):
        raise ValueError(f"labels must hold one label per row of X; got shape {labels.shape}")
    names, inverse = np.unique(labels, return_inverse=True)
    means = np.array([X[inverse == j].mean(axis=0) for j in range(len(names))])
    return pd.Series(np.bincount(inverse, weights=np.sum((X - means[inverse]) ** 2, axis=1), minlength=len(names)),
                     index=names)

# %% silhouette
def labels_sse(D, member, inverse, counts):
    """The student's own helper: silhouette values of one block of rows from its distances D to every point."""
    sums = D @ member
    i = np.arange(len(inverse))
    a = sums[i, inverse] / np.maximum(counts[inverse] - 1, 1)
    means = sums / counts
    means[i, inverse] = np.inf
    b = means.min(axis=1)
    top = np.maximum(a, b)
    s = np.divide(b - a, top, out=np.zeros_like(a), where=top > 0)
    s[counts[inverse] == 1] = 0.0
    return s


def silhouette(X, labels):
    X = np.asarray(X, dtype=float)
    labels = np.asarray(labels)
    n = len(X)
    if X.ndim != 2 or labels.shape != (n,):
        raise ValueError(f"labels must hold one label per row of X; got shape {labels.shape}")
    names, inverse, counts = np.unique(labels, return_inverse=True, return_counts=True)
    if len(names) < 2:
        raise ValueError(f"labels must define at least 2 clusters; got {len(names)}")
    member = np.eye(len(names))[inverse]
    rows = max(1, 2 ** 17 // n)
    return float(np.mean(np.concatenate([labels_sse(cdist(X[i:i + rows], X), member, inverse[i:i + rows], counts)
                                         for i in range(0, n, rows)])))

# %% adjusted_rand_index
def reference_ari(counts):
    """The student's own helper: the number of pairs in each count, summed."""
    counts = np.asarray(counts, dtype=float)
    return float(np.sum(counts * (counts - 1) / 2))


def adjusted_rand_index(labels, truth):
    labels, truth = np.asarray(labels), np.asarray(truth)
    if labels.ndim != 1 or truth.shape != labels.shape or len(labels) == 0:
        raise ValueError(f"labels and truth must be 1-D of the same length; got {labels.shape} and {truth.shape}")
    table = pd.crosstab(labels, truth).to_numpy()
    index, sum_a, sum_b = reference_ari(table), reference_ari(table.sum(axis=1)), reference_ari(table.sum(axis=0))
    n_pairs = reference_ari([len(labels)])
    expected = sum_a * sum_b / n_pairs if n_pairs else 0.0
    maximum = (sum_a + sum_b) / 2
    return 1.0 if maximum == expected else (index - expected) / (maximum - expected)
