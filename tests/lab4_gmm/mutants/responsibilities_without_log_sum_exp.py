"""e_step exponentiates the weighted densities and normalises them in linear space: 0/0 = NaN far from every component."""
# caught_by: e_step_responsibilities_in_log_space, e_step_total_log_likelihood

# %% e_step
def e_step(X, weights, means, covs):
    """E-step of EM for a Gaussian mixture: responsibilities and total log-likelihood.

    Parameters
    ----------
    X : array-like of shape (n, d)
    weights : array-like of shape (k,)
        Mixture weights: non-negative, summing to 1.
    means : array-like of shape (k, d)
    covs : array-like of shape (k, d, d)
        Positive definite covariance matrices.

    Returns
    -------
    resp : ndarray of shape (n, k)
        resp[i, j] = P(component j | x_i); every row sums to 1.
    loglik : float
        Total log-likelihood sum_i log sum_j weights[j] N(x_i | means[j], covs[j]).

    Raises
    ------
    ValueError
        If an argument has the wrong shape or the weights are not a probability vector
        (the message names the argument).
    """
    X = np.asarray(X, dtype=float)
    weights = np.asarray(weights, dtype=float)
    means = np.asarray(means, dtype=float)
    covs = np.asarray(covs, dtype=float)
    # 1. shapes and weights
    if X.ndim != 2:
        raise ValueError(f"X must be a 2-D array of shape (n, d); got shape {X.shape}")
    n, d = X.shape
    if weights.ndim != 1 or len(weights) == 0:
        raise ValueError(f"weights must be a 1-D array of k >= 1 numbers; got shape {weights.shape}")
    k = len(weights)
    if np.any(weights < 0) or not np.isclose(weights.sum(), 1.0, rtol=0, atol=1e-6):
        raise ValueError(f"weights must be non-negative and sum to 1; got {weights.tolist()} (sum {weights.sum()})")
    if means.shape != (k, d):
        raise ValueError(f"means must have shape ({k}, {d}) for {k} weights and X of shape {X.shape}; "
                         f"got {means.shape}")
    if covs.shape != (k, d, d):
        raise ValueError(f"covs must have shape ({k}, {d}, {d}); got {covs.shape}")
    # 2. a_ij = log pi_j + log N(x_i | mu_j, Sigma_j)
    with np.errstate(divide="ignore"):
        log_weights = np.log(weights)
    log_joint = np.column_stack([log_weights[j] + log_gaussian_pdf(X, means[j], covs[j]) for j in range(k)])
    # 3.-4. densities in linear space, normalised
    joint = np.exp(log_joint)
    px = joint.sum(axis=1)
    resp = joint / px[:, None]
    return resp, float(np.sum(np.log(px)))
