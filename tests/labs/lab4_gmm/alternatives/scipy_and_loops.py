"""Loops and library calls: scipy.stats.multivariate_normal for the density (its errors turned into the required
ValueError), a loop over components with a hand-written log-sum-exp, weighted np.cov in the M-step, and a class
with plain Lloyd k-means from distinct data points and a while loop."""

# %% log_gaussian_pdf
def log_gaussian_pdf(X, mean, cov):
    X = np.asarray(X, dtype=float)
    mean = np.asarray(mean, dtype=float)
    cov = np.asarray(cov, dtype=float)
    if X.ndim != 2:
        raise ValueError(f"X should be 2-D (n, d), not of shape {X.shape}")
    d = X.shape[1]
    if mean.shape != (d,):
        raise ValueError(f"mean has shape {mean.shape}, X has {d} columns")
    if cov.shape != (d, d):
        raise ValueError(f"cov has shape {cov.shape}, expected ({d}, {d})")
    try:
        dist = multivariate_normal(mean=mean, cov=cov)
    except (ValueError, np.linalg.LinAlgError) as exc:
        raise ValueError(f"cov is not positive definite ({exc})") from None
    return np.atleast_1d(dist.logpdf(X)).reshape(len(X))


# %% e_step
def e_step(X, weights, means, covs):
    X = np.asarray(X, dtype=float)
    weights = np.asarray(weights, dtype=float)
    means = np.asarray(means, dtype=float)
    covs = np.asarray(covs, dtype=float)
    if X.ndim != 2:
        raise ValueError("X should be 2-D")
    n, d = X.shape
    k = weights.shape[0] if weights.ndim == 1 else -1
    if k < 1:
        raise ValueError(f"weights should be a vector, got shape {weights.shape}")
    if weights.min() < 0 or abs(weights.sum() - 1) > 1e-6:
        raise ValueError(f"weights should be a probability vector, got {weights}")
    if means.shape != (k, d):
        raise ValueError(f"means has shape {means.shape}; expected {(k, d)}")
    if covs.shape != (k, d, d):
        raise ValueError(f"covs has shape {covs.shape}; expected {(k, d, d)}")
    log_joint = np.empty((n, k))
    for j in range(k):
        log_w = np.log(weights[j]) if weights[j] > 0 else -np.inf
        log_joint[:, j] = log_w + log_gaussian_pdf(X, means[j], covs[j])
    top = log_joint.max(axis=1)
    log_px = top + np.log(np.exp(log_joint - top[:, None]).sum(axis=1))
    resp = np.exp(log_joint - log_px[:, None])
    return resp, float(log_px.sum())


# %% m_step
def m_step(X, resp, reg_cov=1e-6):
    X = np.asarray(X, dtype=float)
    resp = np.asarray(resp, dtype=float)
    if X.ndim != 2:
        raise ValueError("X should be 2-D")
    n, d = X.shape
    if resp.ndim != 2 or len(resp) != n:
        raise ValueError(f"resp has shape {resp.shape} but X has {n} rows")
    if (resp < 0).any() or np.abs(resp.sum(axis=1) - 1).max() > 1e-6:
        raise ValueError("resp rows must be probability vectors")
    if reg_cov < 0:
        raise ValueError(f"reg_cov = {reg_cov} is negative")
    k = resp.shape[1]
    weights = np.zeros(k)
    means = np.zeros((k, d))
    covs = np.zeros((k, d, d))
    for j in range(k):
        r = resp[:, j]
        total = r.sum()
        weights[j] = total / n
        if total <= 0:                      # an empty component: park it at the data mean
            means[j] = X.mean(axis=0)
            covs[j] = reg_cov * np.eye(d)
            continue
        means[j] = r @ X / total
        covs[j] = np.atleast_2d(np.cov(X, rowvar=False, aweights=r, bias=True)) + reg_cov * np.eye(d)
    return weights, means, covs


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
            for key in ("weights", "means", "covariances"):
                if key not in self.init:
                    raise ValueError(f"init dict lacks the key {key!r}")
            w = np.array(self.init["weights"], dtype=float)
            m = np.array(self.init["means"], dtype=float)
            c = np.array(self.init["covariances"], dtype=float)
            if w.shape != (k,) or m.shape != (k, d) or c.shape != (k, d, d):
                raise ValueError(f"init has shapes {w.shape}, {m.shape}, {c.shape}; expected {(k,)}, {(k, d)}, "
                                 f"{(k, d, d)}")
            return w, m, c
        if self.init == "random":
            pick = rng.permutation(n)[:k]
            spread = np.cov(X.T, bias=True).reshape(d, d)
            covs = np.array([spread + self.reg_cov * np.eye(d) for _ in range(k)])
            return np.ones(k) / k, X[pick].copy(), covs
        if self.init == "kmeans":
            distinct = np.unique(X, axis=0)
            if len(distinct) >= k:
                centres = distinct[rng.choice(len(distinct), size=k, replace=False)].copy()
            else:
                centres = X[rng.choice(n, size=k, replace=False)].copy()
            labels = np.zeros(n, dtype=int)
            for step in range(300):
                dist = ((X[:, None, :] - centres[None, :, :]) ** 2).sum(axis=-1)
                new = dist.argmin(axis=1)
                if step > 0 and (new == labels).all():
                    break
                labels = new
                for j in range(k):
                    members = X[labels == j]
                    if len(members):
                        centres[j] = members.mean(axis=0)
            hard = np.zeros((n, k))
            hard[np.arange(n), labels] = 1.0
            return m_step(X, hard, self.reg_cov)
        raise ValueError(f"unknown init {self.init!r}; use 'kmeans', 'random' or a dict")

    def fit(self, X):
        X = np.asarray(X, dtype=float)
        if X.ndim != 2 or not np.isfinite(X).all():
            raise ValueError("X must be a finite 2-D array (n_samples, n_features)")
        if not isinstance(self.n_components, int) or self.n_components < 1:
            raise ValueError(f"n_components = {self.n_components!r}; it must be a positive int")
        if len(X) < self.n_components:
            raise ValueError(f"n_components = {self.n_components} exceeds the {len(X)} samples in X")
        if self.tol < 0 or self.reg_cov < 0 or self.max_iter < 1:
            raise ValueError("tol and reg_cov must be >= 0 and max_iter >= 1")
        n = len(X)
        rng = np.random.default_rng(self.random_state)
        w, m, c = self._initial_parameters(X, rng)
        resp, previous = e_step(X, w, m, c)
        history = []
        self.converged_ = False
        while len(history) < self.max_iter:
            w, m, c = m_step(X, resp, reg_cov=self.reg_cov)
            resp, current = e_step(X, w, m, c)
            history.append(current)
            if abs(current - previous) < self.tol * n:
                self.converged_ = True
                break
            previous = current
        self.weights_, self.means_, self.covariances_ = w, m, c
        self.log_likelihoods_ = np.asarray(history)
        self.n_iter_ = len(history)
        if not self.converged_:
            warnings.warn("EM did not converge; raise max_iter or tol")
        return self

    def predict_proba(self, X):
        return e_step(X, self.weights_, self.means_, self.covariances_)[0]

    def predict(self, X):
        return self.predict_proba(X).argmax(axis=1)

    def score(self, X):
        X = np.asarray(X, dtype=float)
        return e_step(X, self.weights_, self.means_, self.covariances_)[1] / X.shape[0]

    def bic(self, X):
        X = np.asarray(X, dtype=float)
        k, d = self.means_.shape
        free = k - 1 + k * d + k * d * (d + 1) / 2
        return -2 * X.shape[0] * self.score(X) + free * np.log(X.shape[0])
