"""log_likelihood takes the log of the sum of the mixture densities over all points (the seed tutorial), not a sum of logs."""
# caught_by: log_likelihood_sum_of_log_densities
# diagnosis: took the log of the sum of the densities over all points instead of summing the log of each point's density
# visible: yes

# %% log_likelihood: replace
    return float(np.sum(np.logaddexp(log_w[:, 0], log_w[:, 1])))
# %% log_likelihood: with
    return float(np.log(np.sum((1 - pi) * norm.pdf(x, mu[0], sigma[0]) + pi * norm.pdf(x, mu[1], sigma[1]))))
