"""log_likelihood returns the mean log-density per point (np.mean), not the total log-likelihood."""
# caught_by: log_likelihood_sum_of_log_densities
# diagnosis: averaged the log-densities over the points (np.mean) instead of summing them
# visible: yes

# %% log_likelihood: replace
    return float(np.sum(np.logaddexp(log_w[:, 0], log_w[:, 1])))
# %% log_likelihood: with
    return float(np.mean(np.logaddexp(log_w[:, 0], log_w[:, 1])))
