"""log_gaussian_pdf takes log|cov| = sum log L_ll, forgetting that |cov| = |L|^2."""
# caught_by: log_gaussian_pdf_matches_scipy

# %% log_gaussian_pdf: replace
    log_det = 2.0 * np.sum(np.log(np.diag(L)))
# %% log_gaussian_pdf: with
    log_det = np.sum(np.log(np.diag(L)))
