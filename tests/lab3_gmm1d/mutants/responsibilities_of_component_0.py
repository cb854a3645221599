"""responsibilities returns P(component 0 | x), mixing up which component pi belongs to."""
# caught_by: responsibilities_bayes_rule

# %% responsibilities
def weighted_log_densities(x, pi, mu, sigma):
    """Optional helper: log[(1 - pi) N(x; mu0, sigma0^2)] and log[pi N(x; mu1, sigma1^2)], after checking the input.

    Parameters
    ----------
    x : array-like of shape (n,)
    pi : float in [0, 1]
        Prior of component 1.
    mu, sigma : array-like of shape (2,)
        Means and standard deviations (> 0) of components 0 and 1.

    Returns
    -------
    ndarray of shape (n, 2)
        Column k is the log of (weight of component k) times its normal density at x.

    Raises
    ------
    ValueError
        On invalid input; the message names the argument.
    """
    x = np.asarray(x, dtype=float)              # (n,)
    mu = np.asarray(mu, dtype=float)            # (2,)
    sigma = np.asarray(sigma, dtype=float)      # (2,)
    if x.ndim != 1 or x.size == 0 or not np.all(np.isfinite(x)):
        raise ValueError(f"x must be a non-empty 1-D array of finite numbers; got shape {x.shape}")
    if np.ndim(pi) != 0 or not 0 <= pi <= 1:
        raise ValueError(f"pi must be a probability in [0, 1]; got {pi!r}")
    if mu.shape != (2,) or not np.all(np.isfinite(mu)):
        raise ValueError(f"mu must hold 2 finite means; got {mu.tolist()}")
    if sigma.shape != (2,) or not np.all((sigma > 0) & np.isfinite(sigma)):
        raise ValueError(f"sigma must hold 2 positive, finite standard deviations; got {sigma.tolist()}")
    with np.errstate(divide="ignore"):          # log 0 = -inf when pi is 0 or 1
        log_weights = np.log([1 - pi, pi])
    z = (x[:, None] - mu) / sigma               # (n, 2): distances in standard deviations
    return log_weights - 0.5 * z**2 - np.log(sigma) - 0.5 * np.log(2 * np.pi)


def responsibilities(x, pi, mu, sigma):
    """E-step: the probability that each point comes from component 1, computed in log space.

    Parameters
    ----------
    x : array-like of shape (n,)
    pi : float in [0, 1]
        Prior of component 1.
    mu, sigma : array-like of shape (2,)
        Means and standard deviations (> 0) of components 0 and 1.

    Returns
    -------
    gamma : ndarray of shape (n,)
        gamma[i] = P(component 1 | x[i]), finite even for points far from both components.

    Raises
    ------
    ValueError
        If sigma has a value <= 0, pi is outside [0, 1], mu or sigma do not hold 2 numbers, or x is not a 1-D
        array of finite numbers; the message names the argument.
    """
    # 1. weighted log-densities, (n, 2)
    log_w = weighted_log_densities(x, pi, mu, sigma)
    # 2. log of the denominator, in log space
    log_total = np.logaddexp(log_w[:, 0], log_w[:, 1])
    # 3. back to a probability
    return np.exp(log_w[:, 0] - log_total)
