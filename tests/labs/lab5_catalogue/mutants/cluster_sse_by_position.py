"""cluster_sse returns a plain array, position 0..k-1, so the SSE of cluster 7 is not found under label 7."""
# caught_by: cluster_sse_per_label
# diagnosis: returned the SSEs by position (0, 1, 2, ...) instead of indexed by the cluster labels
# visible: yes

# %% cluster_sse
def cluster_sse(X, labels):
    X = np.asarray(X, dtype=float)
    labels = np.asarray(labels)
    if labels.shape != (len(X),):
        raise ValueError(f"labels must hold one label per row; got shape {labels.shape}")
    return np.array([np.sum((X[labels == c] - X[labels == c].mean(axis=0)) ** 2) for c in np.unique(labels)])
