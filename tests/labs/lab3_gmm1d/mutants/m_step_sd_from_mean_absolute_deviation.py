"""m_step updates the standard deviation directly, as a weighted mean absolute deviation, not via the variance."""
# caught_by: m_step_weighted_means_and_variances
# diagnosis: updated sigma as a weighted mean absolute deviation instead of the square root of the weighted variance
# visible: yes

# %% m_step: replace
    var = np.array([w @ (x - m) ** 2 for w, m in zip(weights, mu)]) / n_k
# %% m_step: with
    var = (np.array([w @ np.abs(x - m) for w, m in zip(weights, mu)]) / n_k) ** 2
