"""Correct, but chatty: warnings.warn for points far out in the tails, for nearly empty components and for every fit
without regularisation or convergence, and numpy's own RuntimeWarning from np.log(0) for a component of weight 0 (the
tests reach every one of these branches); a warning must never cost points."""

# %% log_gaussian_pdf
def log_gaussian_pdf(X, mean, cov):
    X = np.asarray(X, dtype=float)
    mean = np.asarray(mean, dtype=float)
    cov = np.asarray(cov, dtype=float)
    if X.ndim != 2:
        raise ValueError(f"X must be a 2-D array (n, d); got shape {X.shape}")
    n, d = X.shape
    if mean.shape != (d,):
        raise ValueError(f"mean must have shape ({d},); got {mean.shape}")
    if cov.shape != (d, d):
        raise ValueError(f"cov must have shape ({d}, {d}); got {cov.shape}")
    try:
        L = np.linalg.cholesky(cov)
    except np.linalg.LinAlgError:
        raise ValueError("cov is not positive definite (its Cholesky factorisation failed)") from None
    Z = solve_triangular(L, (X - mean).T, lower=True)
    mahalanobis_sq = np.sum(Z**2, axis=0)
    if n and mahalanobis_sq.max() > 30.0**2:
        warnings.warn(f"{int(np.sum(mahalanobis_sq > 900))} point(s) lie more than 30 standard deviations from "
                      "the mean: their density is tiny (fine in log space)")
    return -0.5 * (d * np.log(2.0 * np.pi) + 2.0 * np.sum(np.log(np.diag(L))) + mahalanobis_sq)


# %% e_step
def e_step(X, weights, means, covs):
    X = np.asarray(X, dtype=float)
    weights = np.asarray(weights, dtype=float)
    means = np.asarray(means, dtype=float)
    covs = np.asarray(covs, dtype=float)
    if X.ndim != 2:
        raise ValueError(f"X must be 2-D; got shape {X.shape}")
    n, d = X.shape
    if weights.ndim != 1 or len(weights) == 0:
        raise ValueError(f"weights must be 1-D; got shape {weights.shape}")
    k = len(weights)
    if np.any(weights < 0) or abs(weights.sum() - 1.0) > 1e-6:
        raise ValueError(f"weights must be non-negative and sum to 1; got {weights.tolist()}")
    if means.shape != (k, d):
        raise ValueError(f"means must have shape ({k}, {d}); got {means.shape}")
    if covs.shape != (k, d, d):
        raise ValueError(f"covs must have shape ({k}, {d}, {d}); got {covs.shape}")
    log_weights = np.log(weights)          # np.log(0) = -inf, with numpy's RuntimeWarning: divide by zero
    log_joint = np.column_stack([log_weights[j] + log_gaussian_pdf(X, means[j], covs[j]) for j in range(k)])
    log_px = logsumexp(log_joint, axis=1)
    return np.exp(log_joint - log_px[:, None]), float(np.sum(log_px))


# %% m_step
def m_step(X, resp, reg_cov=1e-6):
    X = np.asarray(X, dtype=float)
    resp = np.asarray(resp, dtype=float)
    if X.ndim != 2:
        raise ValueError(f"X must be 2-D; got shape {X.shape}")
    n, d = X.shape
    if resp.ndim != 2 or resp.shape[0] != n:
        raise ValueError(f"resp must have shape ({n}, k); got {resp.shape}")
    if np.any(resp < 0) or not np.allclose(resp.sum(axis=1), 1.0, rtol=0, atol=1e-6):
        raise ValueError("resp must be non-negative with rows summing to 1")
    if not reg_cov >= 0:
        raise ValueError(f"reg_cov must be >= 0; got {reg_cov!r}")
    if reg_cov == 0:
        warnings.warn("m_step with reg_cov = 0: a collapsing component will make a covariance singular",
                      RuntimeWarning)
    nk = resp.sum(axis=0) + 10 * np.finfo(float).eps
    if np.any(nk < 1.0):
        warnings.warn(f"{int(np.sum(nk < 1.0))} component(s) hold less than one point's worth of responsibility")
    means = resp.T @ X / nk[:, None]
    covs = np.empty((resp.shape[1], d, d))
    for j in range(resp.shape[1]):
        D = X - means[j]
        covs[j] = (resp[:, j, None] * D).T @ D / nk[j] + reg_cov * np.eye(d)
    return nk / n, means, covs


# %% GaussianMixtureEM
class GaussianMixtureEM:
    def __init__(self, n_components, *, max_iter=200, tol=1e-6, reg_cov=1e-6, init="kmeans", random_state=None):
        self.n_components = n_components
        self.max_iter = max_iter
        self.tol = tol
        self.reg_cov = reg_cov
        self.init = init
        self.random_state = random_state

    def _initial_parameters(self, X, rng):
        n, d = X.shape
        k = self.n_components
        if isinstance(self.init, dict):
            missing = {"weights", "means", "covariances"} - set(self.init)
            if missing:
                raise ValueError(f"init dict has no {sorted(missing)}")
            weights, means, covs = (np.array(self.init[key], dtype=float) for key in ("weights", "means", "covariances"))
            if weights.shape != (k,) or means.shape != (k, d) or covs.shape != (k, d, d):
                raise ValueError(f"init: shapes {weights.shape}, {means.shape}, {covs.shape} do not fit k={k}, d={d}")
            return weights, means, covs
        if isinstance(self.init, str) and self.init == "random":
            means = X[rng.choice(n, size=k, replace=False)]
            cov = np.atleast_2d(np.cov(X, rowvar=False, bias=True)) + self.reg_cov * np.eye(d)
            return np.full(k, 1.0 / k), means, np.repeat(cov[None], k, axis=0)
        if isinstance(self.init, str) and self.init == "kmeans":
            centres = X[[rng.integers(n)]]
            for _ in range(1, k):
                d2 = np.min(((X[:, None, :] - centres[None]) ** 2).sum(axis=2), axis=1)
                if d2.sum() == 0:
                    warnings.warn("k-means++: every point coincides with a centre; drawing the next one uniformly")
                p = d2 / d2.sum() if d2.sum() > 0 else np.full(n, 1.0 / n)
                centres = np.vstack([centres, X[rng.choice(n, p=p)]])
            labels = None
            for _ in range(100):
                new_labels = np.argmin(((X[:, None, :] - centres[None]) ** 2).sum(axis=2), axis=1)
                if labels is not None and np.array_equal(new_labels, labels):
                    break
                labels = new_labels
                for j in range(k):
                    if np.any(labels == j):
                        centres[j] = X[labels == j].mean(axis=0)
            return m_step(X, np.eye(k)[labels], self.reg_cov)
        raise ValueError(f"init must be 'kmeans', 'random' or a dict; got {self.init!r}")

    def fit(self, X):
        X = np.asarray(X, dtype=float)
        if X.ndim != 2:
            raise ValueError(f"X must be 2-D (n_samples, n_features); got shape {X.shape}")
        if not np.all(np.isfinite(X)):
            raise ValueError("X must be finite")
        n, d = X.shape
        k = self.n_components
        if not isinstance(k, (int, np.integer)) or k < 1:
            raise ValueError(f"n_components must be a positive integer; got {k!r}")
        if n < k:
            raise ValueError(f"X has {n} samples, fewer than n_components={k}")
        if not isinstance(self.max_iter, (int, np.integer)) or self.max_iter < 1 or not self.tol >= 0 \
                or not self.reg_cov >= 0:
            raise ValueError("max_iter must be >= 1, tol and reg_cov >= 0")
        if self.reg_cov == 0:
            warnings.warn("reg_cov = 0: nothing keeps a covariance from becoming singular")
        rng = np.random.default_rng(self.random_state)
        weights, means, covs = self._initial_parameters(X, rng)
        resp, log_lik = e_step(X, weights, means, covs)
        history, converged, change = [], False, np.inf
        for _ in range(self.max_iter):
            weights, means, covs = m_step(X, resp, self.reg_cov)
            resp, new_log_lik = e_step(X, weights, means, covs)
            history.append(new_log_lik)
            change, log_lik = abs(new_log_lik - log_lik) / n, new_log_lik
            if change < self.tol:
                converged = True
                break
        self.weights_, self.means_, self.covariances_ = weights, means, covs
        self.log_likelihoods_ = np.array(history)
        self.n_iter_ = len(history)
        self.converged_ = converged
        if not converged:
            warnings.warn(f"EM did not converge in {self.max_iter} iterations (last change {change:.3g})")
        return self

    def predict_proba(self, X):
        return e_step(X, self.weights_, self.means_, self.covariances_)[0]

    def predict(self, X):
        return np.argmax(self.predict_proba(X), axis=1)

    def score(self, X):
        X = np.asarray(X, dtype=float)
        return e_step(X, self.weights_, self.means_, self.covariances_)[1] / len(X)

    def bic(self, X):
        n = len(np.asarray(X))
        k, d = np.shape(self.means_)
        return -2.0 * n * self.score(X) + ((k - 1) + k * d + k * d * (d + 1) // 2) * np.log(n)
