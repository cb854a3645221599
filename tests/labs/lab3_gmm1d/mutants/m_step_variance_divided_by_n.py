"""m_step takes np.mean of the weighted squared deviations: divides by n, the number of points, not by N_k."""
# caught_by: m_step_weighted_means_and_variances
# diagnosis: divided the weighted sum of squares by n, the number of points, instead of by N_k, the component's total responsibility
# visible: yes

# %% m_step: replace
    var = np.array([w @ (x - m) ** 2 for w, m in zip(weights, mu)]) / n_k
# %% m_step: with
    var = np.array([np.mean(w * (x - m) ** 2) for w, m in zip(weights, mu)])
