"""bic counts d * d parameters per covariance matrix instead of d (d + 1) / 2 (it is symmetric)."""
# caught_by: gmm_score_and_bic

# %% GaussianMixtureEM: replace
        n_parameters = (k - 1) + k * d + k * d * (d + 1) // 2
# %% GaussianMixtureEM: with
        n_parameters = (k - 1) + k * d + k * d * d
