"""Whole-array algebra: slogdet + solve with an eigenvalue check in the density, all components stacked in the
E-step, einsum outer products in the M-step, and a class whose predict_proba works from log_gaussian_pdf directly,
with k-means++ on cdist distances and a diagonal random start."""

# %% log_gaussian_pdf
def log_gaussian_pdf(X, mean, cov):
    X, mean, cov = np.asarray(X, float), np.asarray(mean, float), np.asarray(cov, float)
    if X.ndim != 2:
        raise ValueError(f"X must be (n, d); got {X.ndim} dimension(s)")
    n, d = X.shape
    if mean.ndim != 1 or mean.size != d:
        raise ValueError(f"mean: expected {d} entries, got shape {mean.shape}")
    if cov.shape != (d, d):
        raise ValueError(f"cov: expected a {d}x{d} matrix, got shape {cov.shape}")
    eigenvalues = np.linalg.eigvalsh(cov)
    if eigenvalues.min() <= 0:
        raise ValueError(f"cov must be positive definite; smallest eigenvalue {eigenvalues.min():.3g}")
    sign, logdet = np.linalg.slogdet(cov)
    diff = X - mean
    maha = np.einsum("ij,ji->i", diff, np.linalg.solve(cov, diff.T))
    return -0.5 * (maha + logdet + d * np.log(2 * np.pi))


# %% e_step
def e_step(X, weights, means, covs):
    X = np.asarray(X, float)
    weights, means, covs = np.asarray(weights, float), np.asarray(means, float), np.asarray(covs, float)
    if X.ndim != 2:
        raise ValueError("X must be 2-D")
    if weights.ndim != 1 or not np.isclose(weights.sum(), 1, atol=1e-6) or np.any(weights < 0):
        raise ValueError("weights must be a 1-D probability vector")
    k, d = len(weights), X.shape[1]
    if means.shape != (k, d):
        raise ValueError(f"means: shape {means.shape} does not match {k} weights in {d}-D")
    if covs.shape != (k, d, d):
        raise ValueError(f"covs: shape {covs.shape} does not match {k} weights in {d}-D")
    with np.errstate(divide="ignore"):
        log_joint = np.log(weights)[None, :] + np.stack(
            [log_gaussian_pdf(X, mu, sigma) for mu, sigma in zip(means, covs)], axis=1)
    log_norm = logsumexp(log_joint, axis=1, keepdims=True)
    return np.exp(log_joint - log_norm), float(log_norm.sum())


# %% m_step
def m_step(X, resp, reg_cov=1e-6):
    X, resp = np.asarray(X, float), np.asarray(resp, float)
    if X.ndim != 2:
        raise ValueError("X must be 2-D")
    if resp.ndim != 2 or resp.shape[0] != X.shape[0]:
        raise ValueError(f"resp: shape {resp.shape} does not fit X of shape {X.shape}")
    if np.any(resp < 0) or np.any(np.abs(resp.sum(1) - 1) > 1e-6):
        raise ValueError("resp: entries must be >= 0 with rows summing to 1")
    if not reg_cov >= 0:
        raise ValueError(f"reg_cov must be non-negative, got {reg_cov}")
    n, d = X.shape
    counts = resp.sum(axis=0) + 1e-12
    means = (resp.T @ X) / counts[:, None]
    diff = X[:, None, :] - means[None, :, :]                      # (n, k, d)
    covs = np.einsum("nk,nki,nkj->kij", resp, diff, diff) / counts[:, None, None]
    covs = covs + reg_cov * np.eye(d)[None]
    return resp.sum(axis=0) / n, means, covs


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
            try:
                params = [np.array(self.init[key], float) for key in ("weights", "means", "covariances")]
            except KeyError as missing:
                raise ValueError(f"init: missing {missing}") from None
            for got, want, key in zip(params, [(k,), (k, d), (k, d, d)], ("weights", "means", "covariances")):
                if got.shape != want:
                    raise ValueError(f"init: {key} has shape {got.shape}, expected {want}")
            return tuple(params)
        if not isinstance(self.init, str) or self.init not in ("kmeans", "random"):
            raise ValueError(f"init must be 'kmeans', 'random' or a dict, not {self.init!r}")
        if self.init == "random":
            means = X[rng.choice(n, k, replace=False)]
            covs = np.tile(np.diag(X.var(axis=0) + self.reg_cov), (k, 1, 1))
            return np.full(k, 1 / k), means, covs
        centres = [X[rng.integers(n)]]
        while len(centres) < k:
            closest = cdist(X, np.array(centres), "sqeuclidean").min(axis=1)
            total = closest.sum()
            centres.append(X[rng.choice(n, p=closest / total)] if total > 0 else X[rng.integers(n)])
        centres = np.array(centres)
        for _ in range(200):
            labels = cdist(X, centres, "sqeuclidean").argmin(axis=1)
            moved = np.array([X[labels == j].mean(0) if np.any(labels == j) else centres[j] for j in range(k)])
            if np.allclose(moved, centres, rtol=0, atol=0):
                break
            centres = moved
        labels = cdist(X, centres, "sqeuclidean").argmin(axis=1)
        return m_step(X, (labels[:, None] == np.arange(k)).astype(float), self.reg_cov)

    def fit(self, X):
        X = np.asarray(X, float)
        if X.ndim != 2:
            raise ValueError(f"X must be 2-D (n_samples, n_features), got shape {X.shape}")
        if np.isnan(X).any() or np.isinf(X).any():
            raise ValueError("X has NaN or inf")
        k = self.n_components
        if int(k) != k or k <= 0:
            raise ValueError(f"n_components must be >= 1, got {k}")
        if X.shape[0] < k:
            raise ValueError(f"need at least n_components={k} samples, X has {X.shape[0]}")
        rng = np.random.default_rng(self.random_state)
        params = self._initial_parameters(X, rng)
        resp, ll = e_step(X, *params)
        lls = []
        for _ in range(self.max_iter):
            params = m_step(X, resp, self.reg_cov)
            resp, new_ll = e_step(X, *params)
            lls.append(new_ll)
            done = abs(new_ll - ll) / len(X) < self.tol
            ll = new_ll
            if done:
                break
        self.converged_ = bool(lls) and done
        self.weights_, self.means_, self.covariances_ = params
        self.log_likelihoods_ = np.array(lls)
        self.n_iter_ = len(lls)
        return self

    def _log_joint(self, X):
        X = np.asarray(X, float)
        return np.log(self.weights_) + np.column_stack(
            [log_gaussian_pdf(X, m, c) for m, c in zip(self.means_, self.covariances_)])

    def predict_proba(self, X):
        log_joint = self._log_joint(X)
        return np.exp(log_joint - logsumexp(log_joint, axis=1, keepdims=True))

    def predict(self, X):
        return self._log_joint(X).argmax(axis=1)

    def score(self, X):
        return float(np.mean(logsumexp(self._log_joint(X), axis=1)))

    def bic(self, X):
        n = np.asarray(X).shape[0]
        k, d = np.shape(self.means_)
        p = k * (1 + d + d * (d + 1) / 2) - 1
        return -2 * n * self.score(X) + p * np.log(n)
