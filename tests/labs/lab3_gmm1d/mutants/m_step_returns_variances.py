"""m_step returns the variances as sigma (the seed tutorial's norm(loc=mu, scale=var)): no square root."""
# caught_by: m_step_weighted_means_and_variances
# diagnosis: returned the variances, not their square roots (the standard deviations)
# visible: yes

# %% m_step: replace
    return float(pi), mu, np.sqrt(var)
# %% m_step: with
    return float(pi), mu, var
