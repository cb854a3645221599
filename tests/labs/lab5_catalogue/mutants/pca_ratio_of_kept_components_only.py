"""pca divides the kept components' variances by their own sum, not by the total variance: pca(X, 1) always
explains 100 %."""
# caught_by: pca_matches_covariance_eigenvectors
# diagnosis: divided by the variance of the kept components only, instead of the total variance of all components
# visible: yes

# %% pca: replace
    return U[:, :k] * S[:k], Vt[:k], S[:k] ** 2 / np.sum(S ** 2)
# %% pca: with
    return U[:, :k] * S[:k], Vt[:k], S[:k] ** 2 / np.sum(S[:k] ** 2)
