"""log_gaussian_pdf uses np.linalg.inv and det: an indefinite cov gives NaN instead of a ValueError."""
# caught_by: log_gaussian_pdf_rejects_non_pd_covariance
# diagnosis: used cov without checking it is positive definite (np.linalg.inv and det accept an indefinite matrix); np.linalg.cholesky fails for one, so catch its LinAlgError and raise a ValueError
# visible: yes

# %% log_gaussian_pdf: replace
    # 2. cov = L L^T; the factorisation fails exactly when cov is not positive definite
    try:
        L = np.linalg.cholesky(cov)
    except np.linalg.LinAlgError:
        raise ValueError("cov is not positive definite (if a mixture component collapsed: increase reg_cov, "
                         "use fewer components, or remove duplicated points)") from None
    # 3. whitened residuals z_i = L^{-1} (x_i - mean), all points at once (columns of Z)
    Z = solve_triangular(L, (X - mean).T, lower=True)
    mahalanobis_sq = np.sum(Z**2, axis=0)
    # 4. log|cov| = 2 sum log L_ll
    log_det = 2.0 * np.sum(np.log(np.diag(L)))
    return -0.5 * (d * np.log(2.0 * np.pi) + log_det + mahalanobis_sq)
# %% log_gaussian_pdf: with
    # 2.-4. the textbook formula with an explicit inverse and determinant
    diff = X - mean
    mahalanobis_sq = np.sum(diff @ np.linalg.inv(cov) * diff, axis=1)
    return -0.5 * (d * np.log(2.0 * np.pi) + np.log(np.linalg.det(cov)) + mahalanobis_sq)
