"""pca does not check n_components: asking for 3 components of 2 features silently returns 2."""
# caught_by: pca_rejects_invalid_n_components
# diagnosis: n_components is not checked against 1 and min(n, d)
# visible: yes

# %% pca
def pca(X, n_components):
    X = np.asarray(X, dtype=float)
    Xc = X - X.mean(axis=0)
    U, S, Vt = np.linalg.svd(Xc, full_matrices=False)
    k = n_components
    return U[:, :k] * S[:k], Vt[:k], S[:k] ** 2 / np.sum(S ** 2)
