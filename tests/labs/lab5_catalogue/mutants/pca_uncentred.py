"""pca takes the SVD of X itself, not of the centred data: the first component points at the mean."""
# caught_by: pca_matches_covariance_eigenvectors
# diagnosis: took the SVD of X itself without centring it first, so the first component points at the mean of the data
# visible: yes

# %% pca
def pca(X, n_components):
    X = np.asarray(X, dtype=float)
    n, d = X.shape
    if not 1 <= n_components <= min(n, d):
        raise ValueError(f"n_components must be between 1 and {min(n, d)}; got {n_components}")
    U, S, Vt = np.linalg.svd(X, full_matrices=False)
    k = n_components
    return U[:, :k] * S[:k], Vt[:k], S[:k] ** 2 / np.sum(S ** 2)
