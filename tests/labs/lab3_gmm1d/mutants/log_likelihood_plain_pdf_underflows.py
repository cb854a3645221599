"""log_likelihood sums np.log of the mixture pdf: correct nearby, but log(0) = -inf for a far-away point."""
# caught_by: log_likelihood_far_points_stay_finite
# diagnosis: took np.log of the plain mixture density, which underflows to 0 far from both means (log 0 = -inf)
# visible: yes

# %% log_likelihood: replace
    return float(np.sum(np.logaddexp(log_w[:, 0], log_w[:, 1])))
# %% log_likelihood: with
    with np.errstate(divide="ignore"):
        return float(np.sum(np.log((1 - pi) * norm.pdf(x, mu[0], sigma[0]) + pi * norm.pdf(x, mu[1], sigma[1]))))
