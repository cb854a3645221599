"""weighted_log_densities drops the -log(sigma) of the normal log-density, as if it were a constant: right only when
both components are equally wide."""
# caught_by: responsibilities_bayes_rule, log_likelihood_sum_of_log_densities
# diagnosis: left out the -log(sigma) term of the normal log-density
# visible: yes

# %% responsibilities: replace
    return log_weights - 0.5 * z**2 - np.log(sigma) - 0.5 * np.log(2 * np.pi)
# %% responsibilities: with
    return log_weights - 0.5 * z**2 - 0.5 * np.log(2 * np.pi)
