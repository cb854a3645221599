"""m_step accumulates r_ij * diff * diff.transpose() for 1-D diff: element-wise squares broadcast into rows (seed report, section 4)."""
# caught_by: m_step_covariances_are_weighted_outer_products
# diagnosis: multiplied diff * diff.T for a 1-D diff, which squares element-wise; the covariance needs the outer product of diff with itself
# visible: yes

# %% m_step: replace
        D = X - means[j]
        covs[j] = (resp[:, j, None] * D).T @ D / nk[j]
# %% m_step: with
        covs[j] = np.zeros((d, d))
        for i in range(n):
            diff = X[i] - means[j]
            covs[j] += resp[i, j] * diff * diff.transpose()
        covs[j] /= nk[j]
