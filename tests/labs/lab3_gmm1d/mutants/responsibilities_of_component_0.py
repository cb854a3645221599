"""responsibilities returns P(component 0 | x), mixing up which component pi belongs to."""
# caught_by: responsibilities_bayes_rule
# diagnosis: returned the responsibilities of component 0, 1 - gamma, instead of those of component 1
# visible: yes

# %% responsibilities: replace
    return np.exp(log_w[:, 1] - log_total)
# %% responsibilities: with
    return np.exp(log_w[:, 0] - log_total)
