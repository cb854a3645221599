"""the starts draw from numpy's global generator (np.random.choice) instead of the fit's own rng."""
# caught_by: gmm_init_is_seeded

# %% GaussianMixtureEM
class GaussianMixtureEM:
    """Gaussian mixture model with full covariance matrices, fitted by expectation-maximisation.

    Parameters
    ----------
    n_components : int
        Number of components k >= 1.
    max_iter : int, default 200
        Maximum number of EM iterations (an iteration is an M-step followed by an E-step).
    tol : float, default 1e-6
        Stop when the mean log-likelihood per sample changes by less than tol (tol >= 0; 0 runs max_iter iterations).
    reg_cov : float, default 1e-6
        Non-negative number added to the diagonal of every covariance (passed to m_step).
    init : {"kmeans", "random"} or dict, default "kmeans"
        Starting parameters: from a small k-means, from random data points, or given as a dict with keys
        "weights" (k,), "means" (k, d) and "covariances" (k, d, d).
    random_state : int or None, default None
        Seed of the one numpy Generator that fit makes and uses for all its randomness.

    Attributes
    ----------
    weights_ : ndarray of shape (k,)
    means_ : ndarray of shape (k, d)
    covariances_ : ndarray of shape (k, d, d)
    log_likelihoods_ : ndarray of shape (n_iter_,)
        Total log-likelihood of the training data after each iteration; the last is that of the fitted parameters.
    converged_ : bool
        Whether the stopping rule was met before max_iter iterations.
    n_iter_ : int
        Number of iterations run.
    """

    def __init__(self, n_components, *, max_iter=200, tol=1e-6, reg_cov=1e-6, init="kmeans", random_state=None):
        self.n_components = n_components
        self.max_iter = max_iter
        self.tol = tol
        self.reg_cov = reg_cov
        self.init = init
        self.random_state = random_state

    def _initial_parameters(self, X, rng):
        """Starting (weights, means, covariances) for fit, following self.init.

        Parameters
        ----------
        X : ndarray of shape (n, d)
        rng : numpy.random.Generator
            The generator of this fit.

        Returns
        -------
        weights : ndarray of shape (k,)
        means : ndarray of shape (k, d)
        covariances : ndarray of shape (k, d, d)
        """
        n, d = X.shape
        k = self.n_components
        if isinstance(self.init, dict):
            missing = {"weights", "means", "covariances"} - set(self.init)
            if missing:
                raise ValueError(f"init must be 'kmeans', 'random' or a dict with keys 'weights', 'means' and "
                                 f"'covariances'; the dict has no {sorted(missing)}")
            weights, means, covs = (np.array(self.init[key], dtype=float) for key in ("weights", "means", "covariances"))
            for key, value, shape in (("weights", weights, (k,)), ("means", means, (k, d)),
                                      ("covariances", covs, (k, d, d))):
                if value.shape != shape:
                    raise ValueError(f"init['{key}'] must have shape {shape} for n_components={k} and X with "
                                     f"{d} features; got {value.shape}")
            return weights, means, covs
        if isinstance(self.init, str) and self.init == "random":
            # means at k distinct data points, the covariance of all the data, equal weights
            means = X[np.random.choice(n, size=k, replace=False)]
            cov = np.atleast_2d(np.cov(X, rowvar=False, bias=True)) + self.reg_cov * np.eye(d)
            return np.full(k, 1.0 / k), means, np.repeat(cov[None], k, axis=0)
        if isinstance(self.init, str) and self.init == "kmeans":
            # 1. k-means++ seeding: each next centre drawn with probability ~ squared distance to the nearest centre
            centres = X[[np.random.randint(n)]]
            for _ in range(1, k):
                d2 = np.min(((X[:, None, :] - centres[None]) ** 2).sum(axis=2), axis=1)
                p = d2 / d2.sum() if d2.sum() > 0 else np.full(n, 1.0 / n)
                centres = np.vstack([centres, X[np.random.choice(n, p=p)]])
            # 2. Lloyd's iterations until the labels stop changing
            labels = None
            for _ in range(100):
                new_labels = np.argmin(((X[:, None, :] - centres[None]) ** 2).sum(axis=2), axis=1)
                if labels is not None and np.array_equal(new_labels, labels):
                    break
                labels = new_labels
                for j in range(k):
                    if np.any(labels == j):
                        centres[j] = X[labels == j].mean(axis=0)
            # 3. weights, means and covariances of the clusters: the M-step of 0/1 responsibilities
            return m_step(X, np.eye(k)[labels], self.reg_cov)
        raise ValueError(f"init must be 'kmeans', 'random' or a dict of starting parameters; got {self.init!r}")

    def fit(self, X):
        """Fit the mixture to X by EM.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        self : GaussianMixtureEM
        """
        X = np.asarray(X, dtype=float)
        if X.ndim != 2:
            raise ValueError(f"X must be a 2-D array of shape (n_samples, n_features); got shape {X.shape} "
                             "(for 1-D data use X.reshape(-1, 1))")
        if not np.all(np.isfinite(X)):
            raise ValueError("X must contain only finite values; found NaN or inf")
        n, d = X.shape
        k = self.n_components
        if not isinstance(k, (int, np.integer)) or k < 1:
            raise ValueError(f"n_components must be a positive integer; got {k!r}")
        if n < k:
            raise ValueError(f"X has n_samples={n}, fewer than n_components={k}")
        if not isinstance(self.max_iter, (int, np.integer)) or self.max_iter < 1:
            raise ValueError(f"max_iter must be a positive integer; got {self.max_iter!r}")
        if not self.tol >= 0:
            raise ValueError(f"tol must be >= 0; got {self.tol!r}")
        if not self.reg_cov >= 0:
            raise ValueError(f"reg_cov must be >= 0; got {self.reg_cov!r}")
        # 1. one generator for the whole fit; 2. starting parameters
        rng = np.random.default_rng(self.random_state)
        weights, means, covs = self._initial_parameters(X, rng)
        # 3. E-step of the starting parameters
        resp, log_lik = e_step(X, weights, means, covs)
        log_likelihoods, converged, change = [], False, np.inf
        for _ in range(self.max_iter):
            # 4. one iteration: M-step, then the E-step of the new parameters
            weights, means, covs = m_step(X, resp, self.reg_cov)
            resp, new_log_lik = e_step(X, weights, means, covs)
            log_likelihoods.append(new_log_lik)
            change = abs(new_log_lik - log_lik) / n
            log_lik = new_log_lik
            if change < self.tol:
                converged = True
                break
        # 5. the fitted model
        self.weights_, self.means_, self.covariances_ = weights, means, covs
        self.log_likelihoods_ = np.array(log_likelihoods)
        self.n_iter_ = len(log_likelihoods)
        self.converged_ = converged
        if not converged:
            warnings.warn(f"EM did not converge in max_iter={self.max_iter} iterations: the mean log-likelihood "
                          f"still changed by {change:.3g} >= tol={self.tol}; increase max_iter or tol",
                          RuntimeWarning, stacklevel=2)
        return self

    def predict_proba(self, X):
        """Responsibilities of the fitted components for the points X, shape (n, k); rows sum to 1."""
        if not hasattr(self, "weights_"):
            raise RuntimeError("this GaussianMixtureEM is not fitted yet; call fit(X) first")
        return e_step(X, self.weights_, self.means_, self.covariances_)[0]

    def predict(self, X):
        """Component of largest responsibility for each point of X, shape (n,), integers 0 .. k-1."""
        return np.argmax(self.predict_proba(X), axis=1)

    def score(self, X):
        """Mean log-likelihood per point of X under the fitted mixture (a float)."""
        if not hasattr(self, "weights_"):
            raise RuntimeError("this GaussianMixtureEM is not fitted yet; call fit(X) first")
        X = np.asarray(X, dtype=float)
        return e_step(X, self.weights_, self.means_, self.covariances_)[1] / len(X)

    def bic(self, X):
        """Bayesian information criterion -2 log L + p log n of the fitted mixture on X (lower is better)."""
        X = np.asarray(X, dtype=float)
        n = len(X)
        k, d = np.shape(self.means_)
        n_parameters = (k - 1) + k * d + k * d * (d + 1) // 2
        return -2.0 * self.score(X) * n + n_parameters * np.log(n)
