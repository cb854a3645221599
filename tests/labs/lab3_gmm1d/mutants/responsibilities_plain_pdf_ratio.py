"""responsibilities divides plain pdfs as the seed's EM_step does: 0 / 0 = NaN for points far from both means."""
# caught_by: responsibilities_far_points_stay_finite
# diagnosis: divided the plain densities, which both underflow to 0 far from both means (0 / 0 = NaN)
# visible: yes

# %% responsibilities: replace
    # 1. weighted log-densities, (n, 2)
    log_w = weighted_log_densities(x, pi, mu, sigma)
    # 2. log of the denominator, in log space
    log_total = np.logaddexp(log_w[:, 0], log_w[:, 1])
    # 3. back to a probability
    return np.exp(log_w[:, 1] - log_total)
# %% responsibilities: with
    weighted_log_densities(x, pi, mu, sigma)          # only for its checks of the input
    x = np.asarray(x, dtype=float)
    prob_1 = pi * norm.pdf(x, loc=mu[1], scale=sigma[1])
    prob_0 = (1 - pi) * norm.pdf(x, loc=mu[0], scale=sigma[0])
    return prob_1 / (prob_1 + prob_0)
