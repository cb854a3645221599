"""m_step never adds reg_cov to the covariances."""
# caught_by: m_step_adds_reg_cov_to_diagonal

# %% m_step
def m_step(X, resp, reg_cov=1e-6):
    """M-step of EM for a Gaussian mixture: the parameters that maximise the expected log-likelihood.

    Parameters
    ----------
    X : array-like of shape (n, d)
    resp : array-like of shape (n, k)
        Responsibilities: non-negative, every row summing to 1.
    reg_cov : float, default 1e-6
        Non-negative number added to the diagonal of every covariance matrix.

    Returns
    -------
    weights : ndarray of shape (k,)
    means : ndarray of shape (k, d)
    covs : ndarray of shape (k, d, d)
        covs[j] = sum_i resp[i, j] (x_i - means[j]) (x_i - means[j])^T / N_j + reg_cov * I.

    Raises
    ------
    ValueError
        If resp does not fit X or is not a matrix of responsibilities, or reg_cov < 0.
    """
    X = np.asarray(X, dtype=float)
    resp = np.asarray(resp, dtype=float)
    # 1. checks
    if X.ndim != 2:
        raise ValueError(f"X must be a 2-D array of shape (n, d); got shape {X.shape}")
    n, d = X.shape
    if resp.ndim != 2 or resp.shape[0] != n:
        raise ValueError(f"resp must have shape (n, k) with n = {n} rows like X; got shape {resp.shape}")
    if np.any(resp < 0) or not np.allclose(resp.sum(axis=1), 1.0, rtol=0, atol=1e-6):
        raise ValueError("resp must be non-negative with every row summing to 1")
    if not reg_cov >= 0:
        raise ValueError(f"reg_cov must be >= 0; got {reg_cov!r}")
    k = resp.shape[1]
    # 2. effective numbers of points, guarded against empty components
    nk = resp.sum(axis=0) + 10 * np.finfo(float).eps
    # 3. weights and means: M = diag(N)^-1 R^T X
    weights = nk / n
    means = resp.T @ X / nk[:, None]
    # 4. weighted sums of outer products around the new means, plus reg_cov on the diagonal
    covs = np.empty((k, d, d))
    for j in range(k):
        D = X - means[j]
        covs[j] = (resp[:, j, None] * D).T @ D / nk[j]
    return weights, means, covs
