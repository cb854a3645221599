"""log_gaussian_pdf leaves out the factor -1/2: it returns -(d log 2 pi + log|cov| + Mahalanobis^2)."""
# caught_by: log_gaussian_pdf_matches_scipy
# diagnosis: left out the factor 1/2: the log-density is -1/2 (d log 2 pi + log|cov| + the squared Mahalanobis distance)
# visible: yes

# %% log_gaussian_pdf: replace
    return -0.5 * (d * np.log(2.0 * np.pi) + log_det + mahalanobis_sq)
# %% log_gaussian_pdf: with
    return -(d * np.log(2.0 * np.pi) + log_det + mahalanobis_sq)
