"""log_gaussian_pdf takes log|cov| = sum log L_ll, forgetting that |cov| = |L|^2."""
# caught_by: log_gaussian_pdf_matches_scipy
# diagnosis: took log|cov| as the sum of log L_ll over the Cholesky factor's diagonal; |cov| = |L|^2, so log|cov| = 2 sum log L_ll
# visible: yes

# %% log_gaussian_pdf: replace
    log_det = 2.0 * np.sum(np.log(np.diag(L)))
# %% log_gaussian_pdf: with
    log_det = np.sum(np.log(np.diag(L)))
