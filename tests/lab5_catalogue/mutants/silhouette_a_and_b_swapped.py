"""silhouette computes (a - b) / max(a, b): good clusterings score negative."""
# caught_by: silhouette_hand_computed, silhouette_label_permutation_invariant, silhouette_singletons_and_one_cluster

# %% silhouette
def silhouette(X, labels):
    X = np.asarray(X, dtype=float)
    labels = np.asarray(labels)
    n = len(X)
    if labels.shape != (n,):
        raise ValueError(f"labels must hold one label per row; got shape {labels.shape}")
    names, inverse, counts = np.unique(labels, return_inverse=True, return_counts=True)
    k = len(names)
    if k < 2:
        raise ValueError(f"labels must define at least 2 clusters; got {k}")
    member = np.zeros((n, k))
    member[np.arange(n), inverse] = 1.0
    rows = max(1, 2 ** 18 // n)
    s = np.empty(n)
    for start in range(0, n, rows):
        block = slice(start, min(start + rows, n))
        sums = cdist(X[block], X) @ member
        own = inverse[block]
        i = np.arange(len(own))
        a = sums[i, own] / np.maximum(counts[own] - 1, 1)
        means = sums / counts
        means[i, own] = np.inf
        b = means.min(axis=1)
        s_block = (a - b) / np.maximum(a, b)
        s_block[counts[own] == 1] = 0.0
        s[block] = s_block
    return float(s.mean())
