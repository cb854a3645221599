"""Correct array code that does its work twice over, about 2x slower than the reference: the density by an
eigen-decomposition (eigh, with a positive-definiteness check on the eigenvalues), an M-step that builds an (n, d, d)
stack of outer products per component, and a fit that computes each E-step's responsibilities and log-likelihood in
two separate passes."""

# %% log_gaussian_pdf
def log_gaussian_pdf(X, mean, cov):
    X = np.asarray(X, dtype=float)
    mean = np.asarray(mean, dtype=float)
    cov = np.asarray(cov, dtype=float)
    if X.ndim != 2:
        raise ValueError(f"X must be 2-D (n, d); got shape {X.shape}")
    d = X.shape[1]
    if mean.shape != (d,):
        raise ValueError(f"mean must have shape ({d},); got {mean.shape}")
    if cov.shape != (d, d):
        raise ValueError(f"cov must have shape ({d}, {d}); got {cov.shape}")
    if not np.allclose(cov, cov.T, rtol=1e-12, atol=0):
        raise ValueError("cov is not symmetric, so not positive definite")
    eigenvalues, eigenvectors = np.linalg.eigh(cov)
    if eigenvalues.min() <= 0 or eigenvalues.min() <= 1e-15 * eigenvalues.max():
        raise ValueError(f"cov is not positive definite (smallest eigenvalue {eigenvalues.min():.3g})")
    projected = (X - mean) @ eigenvectors                 # coordinates along the axes of the ellipse
    mahalanobis_sq = np.sum(projected**2 / eigenvalues, axis=1)
    return -0.5 * (d * np.log(2.0 * np.pi) + np.sum(np.log(eigenvalues)) + mahalanobis_sq)


# %% e_step
def e_step(X, weights, means, covs):
    X, weights, means, covs = (np.asarray(a, dtype=float) for a in (X, weights, means, covs))
    if X.ndim != 2:
        raise ValueError(f"X must be 2-D; got shape {X.shape}")
    k, d = weights.size, X.shape[1]
    problems = {"weights": (weights.ndim != 1 or k == 0 or weights.min(initial=0) < 0
                            or abs(weights.sum() - 1.0) > 1e-6, f"{weights.tolist()} (sum {weights.sum():g})"),
                "means": (means.shape != (k, d), f"shape {means.shape}, not {(k, d)}"),
                "covs": (covs.shape != (k, d, d), f"shape {covs.shape}, not {(k, d, d)}")}
    for name, (bad, detail) in problems.items():
        if bad:
            raise ValueError(f"e_step: {name} does not fit: {detail}")
    with np.errstate(divide="ignore"):
        log_joint = np.log(weights) + np.column_stack([log_gaussian_pdf(X, m, c) for m, c in zip(means, covs)])
    log_px = logsumexp(log_joint, axis=1)
    return np.exp(log_joint - log_px[:, None]), float(np.sum(log_px))


# %% m_step
def m_step(X, resp, reg_cov=1e-6):
    X, resp = np.asarray(X, float), np.asarray(resp, float)
    if X.ndim != 2:
        raise ValueError(f"X must be 2-D; got shape {X.shape}")
    n, d = X.shape
    if resp.ndim != 2 or len(resp) != n or resp.min() < 0 or abs(resp.sum(axis=1) - 1).max() > 1e-6:
        raise ValueError(f"m_step: resp must be {n} rows of non-negative responsibilities summing to 1")
    if reg_cov < 0 or reg_cov != reg_cov:
        raise ValueError(f"m_step: reg_cov = {reg_cov!r} must be a number >= 0")
    k = resp.shape[1]
    nk = resp.sum(axis=0) + 10 * np.finfo(float).eps
    means = resp.T @ X / nk[:, None]
    covs = np.empty((k, d, d))
    for j in range(k):
        D = X - means[j]
        outer = D[:, :, None] * D[:, None, :]                 # (n, d, d): every point's outer product
        covs[j] = np.tensordot(resp[:, j], outer, axes=1) / nk[j] + reg_cov * np.eye(d)
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
        from scipy.spatial.distance import cdist

        n, d = X.shape
        k = self.n_components
        if isinstance(self.init, dict):
            start = []
            for key, shape in (("weights", (k,)), ("means", (k, d)), ("covariances", (k, d, d))):
                if key not in self.init:
                    raise ValueError(f"init: the dict needs a {key!r} entry")
                start.append(np.array(self.init[key], dtype=float))
                if start[-1].shape != shape:
                    raise ValueError(f"init[{key!r}] has shape {start[-1].shape}, not {shape}")
            return tuple(start)
        if self.init not in ("kmeans", "random"):
            raise ValueError(f"init: expected 'kmeans', 'random' or a dict of parameters, not {self.init!r}")
        if self.init == "random":
            spread = np.cov(X.T, bias=True).reshape(d, d) + self.reg_cov * np.eye(d)
            return np.ones(k) / k, X[rng.permutation(n)[:k]].copy(), np.array([spread] * k)
        # plain Lloyd from k distinct data points, until the centres stop moving
        centres = X[rng.permutation(n)[:k]].copy()
        for _ in range(300):
            nearest = cdist(X, centres, "sqeuclidean").argmin(axis=1)
            moved = np.array([X[nearest == j].mean(axis=0) if np.any(nearest == j) else centres[j]
                              for j in range(k)])
            if np.array_equal(moved, centres):
                break
            centres = moved
        return m_step(X, (nearest[:, None] == np.arange(k)).astype(float), self.reg_cov)

    def fit(self, X):
        X = np.asarray(X, dtype=float)
        if X.ndim != 2 or not np.isfinite(X).all():
            raise ValueError(f"X must be a finite 2-D array (n_samples, n_features); got shape {X.shape}")
        n = len(X)
        k = self.n_components
        if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or not 1 <= k <= n:
            raise ValueError(f"n_components = {k!r} must be an integer from 1 to the {n} samples")
        for name, value, ok in (("max_iter", self.max_iter, isinstance(self.max_iter, (int, np.integer))
                                 and self.max_iter >= 1), ("tol", self.tol, self.tol >= 0),
                                ("reg_cov", self.reg_cov, self.reg_cov >= 0)):
            if not ok:
                raise ValueError(f"{name} = {value!r} is out of range")
        weights, means, covs = self._initial_parameters(X, np.random.default_rng(self.random_state))
        resp = e_step(X, weights, means, covs)[0]
        log_lik = e_step(X, weights, means, covs)[1]
        history, converged = [], False
        for _ in range(self.max_iter):
            weights, means, covs = m_step(X, resp, self.reg_cov)
            resp = e_step(X, weights, means, covs)[0]             # one pass for the responsibilities,
            new_log_lik = e_step(X, weights, means, covs)[1]      # another for the log-likelihood
            history.append(new_log_lik)
            change, log_lik = abs(new_log_lik - log_lik) / n, new_log_lik
            if change < self.tol:
                converged = True
                break
        self.weights_, self.means_, self.covariances_ = weights, means, covs
        self.log_likelihoods_, self.n_iter_, self.converged_ = np.asarray(history, dtype=float), len(history), converged
        if not self.converged_:
            warnings.warn("no convergence: the mean log-likelihood still moved by more than tol at max_iter")
        return self

    def _fitted(self, X):
        """The E-step of the fitted parameters on X, computed twice over like the rest of this class."""
        X = np.asarray(X, dtype=float)
        return e_step(X, self.weights_, self.means_, self.covariances_)[0], \
            e_step(X, self.weights_, self.means_, self.covariances_)[1]

    def predict_proba(self, X):
        return self._fitted(X)[0]

    def predict(self, X):
        return self._fitted(X)[0].argmax(axis=1)

    def score(self, X):
        return self._fitted(X)[1] / np.shape(X)[0]

    def bic(self, X):
        k, d = np.shape(self.means_)
        free_parameters = k * (1 + d + d * (d + 1) / 2) - 1
        return free_parameters * np.log(np.shape(X)[0]) - 2.0 * np.shape(X)[0] * self.score(X)
