"""responsibilities returns P(component 0 | x), mixing up which component pi belongs to."""
# caught_by: responsibilities_bayes_rule

# %% responsibilities: replace
    return np.exp(log_w[:, 1] - log_total)
# %% responsibilities: with
    return np.exp(log_w[:, 0] - log_total)
