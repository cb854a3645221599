"""silhouette builds the full n x n distance matrix with squareform(pdist(X)): right values, O(n^2) memory."""
# caught_by: silhouette_memory_aware
# diagnosis: built the full n x n distance matrix instead of working through blocks of rows
# visible: yes

# %% silhouette
from scipy.spatial.distance import pdist, squareform


def silhouette(X, labels):
    X = np.asarray(X, dtype=float)
    labels = np.asarray(labels)
    if labels.shape != (len(X),):
        raise ValueError(f"labels must hold one label per row; got shape {labels.shape}")
    names = np.unique(labels)
    if len(names) < 2:
        raise ValueError(f"labels must define at least 2 clusters; got {len(names)}")
    D = squareform(pdist(X))
    s = np.zeros(len(X))
    for i in range(len(X)):
        same = labels == labels[i]
        if same.sum() == 1:
            continue
        a = np.sum(D[i, same]) / (np.count_nonzero(same) - 1)
        b = min(D[i, labels == c].mean() for c in names if c != labels[i])
        s[i] = (b - a) / max(a, b)
    return float(s.mean())
