"""No input checks anywhere: bad sigma, pi, gamma, tol or degenerate x give NaN, inf or numpy's own errors."""
# caught_by: init_from_kmeans_rejects_degenerate_input, responsibilities_rejects_invalid_parameters, m_step_rejects_invalid_gamma, log_likelihood_rejects_invalid_parameters, em_rejects_invalid_arguments

# %% init_from_kmeans
def init_from_kmeans(x):
    """Starting parameters of a two-component mixture from a 2-means split of 1-D data.

    Parameters
    ----------
    x : array-like of shape (n,)
        Finite values, at least two of them distinct.

    Returns
    -------
    pi : float
        Fraction of the points in the lower cluster (component 1).
    mu : ndarray of shape (2,)
        Means of the upper cluster (component 0) and of the lower cluster (component 1).
    sigma : ndarray of shape (2,)
        Standard deviations (divided by the cluster size) of the two clusters, same order.

    Raises
    ------
    ValueError
        If x is not 1-D and finite, has fewer than two distinct values, or the split leaves a cluster whose points
        are all equal (its standard deviation would be 0); the message names x.
    """
    x = np.asarray(x, dtype=float)
    # 1. centres at the extremes
    centres = np.array([x.min(), x.max()])
    low = None
    while True:
        # 2. nearest centre; a tie goes to the lower one
        new_low = np.abs(x - centres[0]) <= np.abs(x - centres[1])
        # 4. stop when no point changes cluster
        if low is not None and np.array_equal(new_low, low):
            break
        low = new_low
        # 3. centres move to the means (neither cluster can empty: each keeps its extreme point)
        centres = np.array([x[low].mean(), x[~low].mean()])
    clusters = (x[~low], x[low])            # component 0 = upper cluster, component 1 = lower cluster
    sigma = np.array([c.std() for c in clusters])
    return float(low.mean()), np.array([c.mean() for c in clusters]), sigma

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
    with np.errstate(divide="ignore"):
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
    return np.exp(log_w[:, 1] - log_total)

# %% m_step
def m_step(x, gamma):
    """M-step: maximum-likelihood prior, means and standard deviations given the responsibilities.

    Parameters
    ----------
    x : array-like of shape (n,)
    gamma : array-like of shape (n,)
        Responsibilities of component 1, in [0, 1].

    Returns
    -------
    pi : float
        Prior of component 1: the mean of gamma.
    mu : ndarray of shape (2,)
        Weighted means of components 0 and 1 (weights 1 - gamma and gamma).
    sigma : ndarray of shape (2,)
        Weighted standard deviations around those new means.

    Raises
    ------
    ValueError
        If gamma does not have x's shape or leaves [0, 1] (the message names gamma), x is not 1-D and finite, or
        a component is empty or has variance 0.
    """
    x = np.asarray(x, dtype=float)
    gamma = np.asarray(gamma, dtype=float)
    weights = (1 - gamma, gamma)                                  # weight of each point in components 0 and 1
    n_k = np.array([w.sum() for w in weights])
    # 1. prior of component 1
    pi = n_k[1] / x.size
    # 2. weighted means
    mu = np.array([w @ x for w in weights]) / n_k
    # 3. weighted variances around the NEW means
    var = np.array([w @ (x - m) ** 2 for w, m in zip(weights, mu)]) / n_k
    # 4. standard deviations
    return float(pi), mu, np.sqrt(var)

# %% em
def em(x, pi, mu, sigma, tol=1e-8, max_iter=1000):
    """Fit the two-component 1-D mixture by expectation-maximisation from the given start.

    Parameters
    ----------
    x : array-like of shape (n,)
    pi : float in [0, 1]
        Starting prior of component 1.
    mu, sigma : array-like of shape (2,)
        Starting means and standard deviations of components 0 and 1.
    tol : float >= 0, default 1e-8
        Stop after the first EM step that raises the log-likelihood by less than tol.
    max_iter : int >= 1, default 1000
        At most this many EM steps.

    Returns
    -------
    pi : float
    mu, sigma : ndarray of shape (2,)
        The fitted parameters, in the start's labelling.
    history : ndarray of shape (n_steps + 1,)
        history[0] is the log-likelihood at the start, history[t] after t EM steps; it never decreases, and
        history[-1] is the log-likelihood of the returned parameters.

    Raises
    ------
    ValueError
        If tol or max_iter is invalid (the message names it), or from the functions it calls.
    """
    # 1. log-likelihood at the start
    history = [log_likelihood(x, pi, mu, sigma)]
    for _ in range(max_iter):
        # 2. E-step;  3. M-step
        pi, mu, sigma = m_step(x, responsibilities(x, pi, mu, sigma))
        # 4. log-likelihood of the new parameters
        history.append(log_likelihood(x, pi, mu, sigma))
        # 5. converged?
        if history[-1] - history[-2] < tol:
            break
    return pi, mu, sigma, np.array(history)
