"""responsibilities normalises the two densities without weighting them by the priors 1 - pi and pi."""
# caught_by: responsibilities_bayes_rule
# diagnosis: left out the priors 1 - pi and pi when weighting the two densities
# visible: yes

# %% responsibilities: replace
    log_w = weighted_log_densities(x, pi, mu, sigma)
# %% responsibilities: with
    log_w = weighted_log_densities(x, pi, mu, sigma) - np.log([1 - pi, pi])
