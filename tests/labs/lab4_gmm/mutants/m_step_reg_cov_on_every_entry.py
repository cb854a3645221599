"""m_step adds reg_cov to every entry of each covariance, not only to its diagonal."""
# caught_by: m_step_adds_reg_cov_to_diagonal
# diagnosis: added reg_cov to every entry of the covariance; it goes on the diagonal only (reg_cov * np.eye(d))
# visible: yes

# %% m_step: replace
        covs[j] += reg_cov * np.eye(d)
# %% m_step: with
        covs[j] += reg_cov
