"""m_step sums the outer products point by point in a Python loop (the course report's loop, with np.outer): right
numbers, but ten times slower than array code on 20,000 points."""
# caught_by: gmm_fits_20000_points_quickly
# diagnosis: work on whole arrays (no python loop over the points)
# visible: yes

# %% m_step: replace
        D = X - means[j]
        covs[j] = (resp[:, j, None] * D).T @ D / nk[j]
# %% m_step: with
        covs[j] = np.zeros((d, d))
        for i in range(n):
            diff = X[i] - means[j]
            covs[j] += resp[i, j] * np.outer(diff, diff)
        covs[j] /= nk[j]
