"""Correct, built from top-level helpers and globals that happen to carry the names the hidden tests bind
(_ref_log_gaussian_pdf, _ref_e_step, _ref_m_step, _ref_em, _random_spd, _sample_mixture, _ref_kmeans_start, _ref_fit,
ref_w, init3, ll_new, ref, model, rng, X, resp, start, init_blobs, X_1d, X_big, ...): the tests must use their own."""

# %% log_gaussian_pdf
import scipy.linalg as _sla                     # the same alias as the hidden tests', for another module's use
rng = np.random.default_rng(12345)              # a student's own generator, never used by the tests
X = np.zeros((1, 1))                            # leftovers of the student's experiments
model = "not a model"
ref = {"note": "the student's reference notes"}
start, init_blobs, X_1d, X_big, X_speed, fits, first, best = (None,) * 8


def _ref_log_gaussian_pdf(X, mean, L):
    """The student's own helper: the log-density from a Cholesky factor L."""
    Z = _sla.solve_triangular(L, (X - mean).T, lower=True)
    return -0.5 * (X.shape[1] * np.log(2.0 * np.pi) + 2.0 * np.sum(np.log(np.diag(L))) + np.sum(Z**2, axis=0))


def _random_spd(cov):
    """The student's own helper: the Cholesky factor of cov, or ValueError when it is not positive definite."""
    try:
        return np.linalg.cholesky(cov)
    except np.linalg.LinAlgError:
        raise ValueError("cov is not positive definite: it has no Cholesky factor") from None


def log_gaussian_pdf(X, mean, cov):
    X, mean, cov = (np.asarray(v, dtype=float) for v in (X, mean, cov))
    if X.ndim != 2:
        raise ValueError(f"X must be 2-D; got shape {X.shape}")
    d = X.shape[1]
    if mean.shape != (d,):
        raise ValueError(f"mean must have shape ({d},); got {mean.shape}")
    if cov.shape != (d, d):
        raise ValueError(f"cov must have shape ({d}, {d}); got {cov.shape}")
    return _ref_log_gaussian_pdf(X, mean, _random_spd(cov))


# %% e_step
def _ref_e_step(log_joint):
    """The student's own helper: responsibilities and total log-likelihood from the n x k log joint densities."""
    log_px = logsumexp(log_joint, axis=1)
    return np.exp(log_joint - log_px[:, None]), float(np.sum(log_px))


def _sample_mixture(X, weights, means, covs):
    """The student's own helper: the n x k matrix log pi_j + log N(x_i | mu_j, Sigma_j)."""
    with np.errstate(divide="ignore"):
        log_w = np.log(weights)
    return np.column_stack([lw + log_gaussian_pdf(X, m, c) for lw, m, c in zip(log_w, means, covs)])


def e_step(X, weights, means, covs):
    X, weights, means, covs = (np.asarray(a, dtype=float) for a in (X, weights, means, covs))
    if X.ndim != 2:
        raise ValueError(f"X must be 2-D; got shape {X.shape}")
    n, d = X.shape
    if weights.ndim != 1 or len(weights) == 0 or np.any(weights < 0) or abs(weights.sum() - 1) > 1e-6:
        raise ValueError(f"weights must be k >= 1 non-negative numbers summing to 1; got {weights.tolist()}")
    k = len(weights)
    if means.shape != (k, d):
        raise ValueError(f"means must have shape ({k}, {d}); got {means.shape}")
    if covs.shape != (k, d, d):
        raise ValueError(f"covs must have shape ({k}, {d}, {d}); got {covs.shape}")
    return _ref_e_step(_sample_mixture(X, weights, means, covs))


# %% m_step
def _ref_m_step(X, r, mean):
    """The student's own helper: one weighted scatter matrix sum_i r_i (x_i - mean)(x_i - mean)^T."""
    D = X - mean
    return (r[:, None] * D).T @ D


resp = None                                     # another leftover name


def ref_w(X, resp, reg_cov):
    """The student's own helper: X and resp as arrays, after checking that they fit and reg_cov >= 0."""
    X, resp = np.asarray(X, float), np.asarray(resp, float)
    for name, bad in (("X", X.ndim != 2), ("resp", resp.ndim != 2 or resp.shape[0] != len(X)),
                      ("resp", np.any(resp < 0) or np.abs(resp.sum(axis=1) - 1.0).max(initial=0) > 1e-6),
                      ("reg_cov", not reg_cov >= 0)):
        if bad:
            raise ValueError(f"m_step: {name} is not valid (X of shape {X.shape}, {name} = "
                             f"{checks.show(resp) if name == 'resp' else reg_cov})")
    return X, resp


def m_step(X, resp, reg_cov=1e-6):
    X, resp = ref_w(X, resp, reg_cov)
    n, d = X.shape
    nk = resp.sum(axis=0) + 10 * np.finfo(float).eps
    means = resp.T @ X / nk[:, None]
    covs = np.stack([_ref_m_step(X, resp[:, j], means[j]) / nk[j] + reg_cov * np.eye(d) for j in range(len(nk))])
    return nk / n, means, covs


# %% GaussianMixtureEM
def _ref_kmeans_start(X, k, generator):
    """The student's own k-means (k-means++ seeding, then Lloyd): labels of the points."""
    n = len(X)
    centres = X[[generator.integers(n)]]
    for _ in range(1, k):
        d2 = np.min(np.sum((X[:, None, :] - centres[None]) ** 2, axis=2), axis=1)
        p = d2 / d2.sum() if d2.sum() > 0 else np.full(n, 1.0 / n)
        centres = np.vstack([centres, X[generator.choice(n, p=p)]])
    labels = None
    for _ in range(100):
        new = np.argmin(np.sum((X[:, None, :] - centres[None]) ** 2, axis=2), axis=1)
        if labels is not None and (new == labels).all():
            break
        labels = new
        centres = np.array([X[labels == j].mean(axis=0) if (labels == j).any() else centres[j] for j in range(k)])
    return labels


def _ref_em(model, X, weights, means, covs):
    """The student's own EM loop, on a model; returns the parameters and the history."""
    n = len(X)
    resp, log_lik = e_step(X, weights, means, covs)
    history, converged = [], False
    for _ in range(model.max_iter):
        weights, means, covs = m_step(X, resp, model.reg_cov)
        resp, new = e_step(X, weights, means, covs)
        history.append(new)
        if abs(new - log_lik) / n < model.tol:
            converged = True
            break
        log_lik = new
    return (weights, means, covs), history, converged


def _ref_fit(model, X):
    """The student's own helper: X as a float array, after checking it and the model's settings."""
    X = np.asarray(X, dtype=float)
    if X.ndim != 2 or not np.isfinite(X).all():
        raise ValueError(f"X must be a finite 2-D array (n_samples, n_features); got shape {X.shape}")
    k = model.n_components
    if not isinstance(k, (int, np.integer)) or not 1 <= k <= len(X):
        raise ValueError(f"n_components={k!r}: expected an integer between 1 and the {len(X)} samples")
    if not (isinstance(model.max_iter, (int, np.integer)) and model.max_iter >= 1 and model.tol >= 0
            and model.reg_cov >= 0):
        raise ValueError(f"max_iter={model.max_iter!r}, tol={model.tol!r}, reg_cov={model.reg_cov!r}: out of range")
    return X


def init3(start, k, d):
    """The student's own helper: copies of a dict start, after checking its keys and shapes."""
    params = []
    for key, shape in zip(("weights", "means", "covariances"), ((k,), (k, d), (k, d, d))):
        if key not in start:
            raise ValueError(f"init: the dict start has no {key!r}")
        params.append(np.array(start[key], dtype=float))
        if params[-1].shape != shape:
            raise ValueError(f"init: {key} of shape {params[-1].shape}, expected {shape}")
    return tuple(params)


def ll_new(model, X):
    """The student's own helper: the E-step of a fitted model on X (responsibilities, total log-likelihood)."""
    if not hasattr(model, "weights_"):
        raise RuntimeError("this GaussianMixtureEM is not fitted yet; call fit(X) first")
    return e_step(np.asarray(X, dtype=float), model.weights_, model.means_, model.covariances_)


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
            return init3(self.init, k, d)
        if isinstance(self.init, str) and self.init == "random":
            cov = np.atleast_2d(np.cov(X, rowvar=False, bias=True)) + self.reg_cov * np.eye(d)
            return np.full(k, 1.0 / k), X[rng.choice(n, size=k, replace=False)], np.repeat(cov[None], k, axis=0)
        if isinstance(self.init, str) and self.init == "kmeans":
            return m_step(X, np.eye(k)[_ref_kmeans_start(X, k, rng)], self.reg_cov)
        raise ValueError(f"init must be 'kmeans', 'random' or a dict; got {self.init!r}")

    def fit(self, X):
        X = _ref_fit(self, X)
        params = self._initial_parameters(X, np.random.default_rng(self.random_state))
        (self.weights_, self.means_, self.covariances_), history, self.converged_ = _ref_em(self, X, *params)
        self.log_likelihoods_ = np.array(history)
        self.n_iter_ = len(history)
        if not self.converged_:
            warnings.warn(f"EM did not converge in max_iter={self.max_iter} iterations")
        return self

    def predict_proba(self, X):
        return ll_new(self, X)[0]

    def predict(self, X):
        return ll_new(self, X)[0].argmax(axis=1)

    def score(self, X):
        return ll_new(self, X)[1] / len(X)

    def bic(self, X):
        k, d = np.shape(self.means_)
        return -2.0 * ll_new(self, X)[1] + (k * d * (d + 3) / 2 + k - 1) * np.log(len(X))
