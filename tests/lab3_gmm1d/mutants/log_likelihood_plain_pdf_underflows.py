"""log_likelihood sums np.log of the mixture pdf: correct nearby, but log(0) = -inf for a far-away point."""
# caught_by: log_likelihood_far_points_stay_finite

# %% log_likelihood
def log_likelihood(x, pi, mu, sigma):
    """Total log-likelihood of 1-D data under the two-component mixture.

    Parameters
    ----------
    x : array-like of shape (n,)
    pi : float in [0, 1]
        Prior of component 1.
    mu, sigma : array-like of shape (2,)
        Means and standard deviations (> 0) of components 0 and 1.

    Returns
    -------
    float
        sum_i log[(1 - pi) N(x_i; mu0, sigma0^2) + pi N(x_i; mu1, sigma1^2)], finite for far-away points.

    Raises
    ------
    ValueError
        On invalid input, as for responsibilities; the message names the argument.
    """
    # 1. weighted log-densities
    log_w = weighted_log_densities(x, pi, mu, sigma)
    # 2. log p(x_i), in log space;  3. summed
    with np.errstate(divide="ignore"):
        return float(np.sum(np.log((1 - pi) * norm.pdf(x, mu[0], sigma[0]) + pi * norm.pdf(x, mu[1], sigma[1]))))
