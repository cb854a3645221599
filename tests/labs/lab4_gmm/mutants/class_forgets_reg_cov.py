"""fit calls m_step without its reg_cov, so the default 1e-6 is used whatever reg_cov the model was given."""
# caught_by: gmm_survives_duplicated_points, gmm_fit_matches_reference_em
# diagnosis: fit does not pass its reg_cov to m_step, so the default 1e-6 is used whatever reg_cov the model was given
# visible: yes

# %% GaussianMixtureEM: replace
            weights, means, covs = m_step(X, resp, self.reg_cov)
# %% GaussianMixtureEM: with
            weights, means, covs = m_step(X, resp)
