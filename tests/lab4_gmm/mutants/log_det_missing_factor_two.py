"""log_gaussian_pdf takes log|cov| = sum log L_ll, forgetting that |cov| = |L|^2."""
# caught_by: log_gaussian_pdf_matches_scipy

# %% log_gaussian_pdf
def log_gaussian_pdf(X, mean, cov):
    """Log-density of a multivariate normal distribution at every row of X.

    Parameters
    ----------
    X : array-like of shape (n, d)
        Points, one per row (for d = 1, a column: shape (n, 1)).
    mean : array-like of shape (d,)
    cov : array-like of shape (d, d)
        Covariance matrix; must be symmetric positive definite.

    Returns
    -------
    logpdf : ndarray of shape (n,)
        log N(x_i | mean, cov) for each row x_i of X.

    Raises
    ------
    ValueError
        If the shapes do not fit together (the message names the argument), or if cov is not
        positive definite (the message says so).
    """
    X = np.asarray(X, dtype=float)
    mean = np.asarray(mean, dtype=float)
    cov = np.asarray(cov, dtype=float)
    # 1. shapes
    if X.ndim != 2:
        raise ValueError(f"X must be a 2-D array of shape (n, d); got shape {X.shape} "
                         "(for 1-D data use X.reshape(-1, 1))")
    n, d = X.shape
    if mean.shape != (d,):
        raise ValueError(f"mean must have shape ({d},) to match X of shape {X.shape}; got shape {mean.shape}")
    if cov.shape != (d, d):
        raise ValueError(f"cov must have shape ({d}, {d}) to match X of shape {X.shape}; got shape {cov.shape}")
    # 2. cov = L L^T; the factorisation fails exactly when cov is not positive definite
    try:
        L = np.linalg.cholesky(cov)
    except np.linalg.LinAlgError:
        raise ValueError("cov is not positive definite (if a mixture component collapsed: increase reg_cov, "
                         "use fewer components, or remove duplicated points)") from None
    # 3. whitened residuals z_i = L^{-1} (x_i - mean), all points at once (columns of Z)
    Z = solve_triangular(L, (X - mean).T, lower=True)
    mahalanobis_sq = np.sum(Z**2, axis=0)
    # 4. log|cov| = 2 sum log L_ll
    log_det = np.sum(np.log(np.diag(L)))
    return -0.5 * (d * np.log(2.0 * np.pi) + log_det + mahalanobis_sq)
