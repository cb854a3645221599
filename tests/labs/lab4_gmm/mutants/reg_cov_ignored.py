"""m_step never adds reg_cov to the covariances."""
# caught_by: m_step_adds_reg_cov_to_diagonal
# diagnosis: never added reg_cov to the diagonal of the covariances
# visible: yes

# %% m_step: replace
        covs[j] = (resp[:, j, None] * D).T @ D / nk[j]
        covs[j] += reg_cov * np.eye(d)
# %% m_step: with
        covs[j] = (resp[:, j, None] * D).T @ D / nk[j]
