"""bic counts d * d parameters per covariance matrix instead of d (d + 1) / 2 (it is symmetric)."""
# caught_by: gmm_score_and_bic
# diagnosis: counted d * d parameters per covariance matrix; it is symmetric, so it has d (d + 1) / 2
# visible: yes

# %% GaussianMixtureEM: replace
        n_parameters = (k - 1) + k * d + k * d * (d + 1) // 2
# %% GaussianMixtureEM: with
        n_parameters = (k - 1) + k * d + k * d * d
