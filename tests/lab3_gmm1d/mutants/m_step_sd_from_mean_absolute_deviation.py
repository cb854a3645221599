"""m_step updates the standard deviation directly, as a weighted mean absolute deviation, not via the variance."""
# caught_by: m_step_weighted_means_and_variances

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
    if x.ndim != 1 or x.size == 0 or not np.all(np.isfinite(x)):
        raise ValueError(f"x must be a non-empty 1-D array of finite numbers; got shape {x.shape}")
    if gamma.shape != x.shape:
        raise ValueError(f"gamma must hold one responsibility per point, shape {x.shape}; got shape {gamma.shape}")
    if not np.all((gamma >= 0) & (gamma <= 1)):
        raise ValueError("gamma must hold probabilities in [0, 1]; "
                         f"got values from {np.min(gamma)} to {np.max(gamma)}")
    weights = (1 - gamma, gamma)                                  # weight of each point in components 0 and 1
    n_k = np.array([w.sum() for w in weights])
    if np.any(n_k == 0):
        k = int(np.argmin(n_k))
        raise ValueError(f"component {k} is empty: every gamma is {1 - k}, so its mean is 0 / 0")
    # 1. prior of component 1
    pi = n_k[1] / x.size
    # 2. weighted means
    mu = np.array([w @ x for w in weights]) / n_k
    # 3. weighted variances around the NEW means
    var = (np.array([w @ np.abs(x - m) for w, m in zip(weights, mu)]) / n_k) ** 2
    if np.any(var == 0):
        k = int(np.argmin(var))
        raise ValueError(f"component {k} collapsed onto the single value {mu[k]} (variance 0), where the "
                         "likelihood is unbounded; start EM elsewhere or remove the isolated point")
    # 4. standard deviations
    return float(pi), mu, np.sqrt(var)
