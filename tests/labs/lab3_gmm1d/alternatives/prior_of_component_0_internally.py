"""Keeps the weights (w0, w1) = (1 - pi, pi) internally and converts at the boundary; Lloyd's 2-means started at the
quartiles with a midpoint threshold; log-sum-exp by subtracting the row maximum; variances as E[x^2] - mu^2; em
written inline (no calls to the other functions) in the scikit-learn order: the log-likelihood is computed in the
E-step, and once more at the end for the returned parameters."""

# %% init_from_kmeans
def init_from_kmeans(x):
    x = np.asarray(x, dtype=float)
    if x.ndim != 1 or x.size < 2 or np.any(~np.isfinite(x)) or np.ptp(x) == 0:
        raise ValueError(f"x must be 1-D, finite and hold two different values; got {x!r:.80}")
    c_low, c_high = np.quantile(x, [0.25, 0.75])
    if c_low == c_high:
        c_low, c_high = x.min(), x.max()
    while True:
        threshold = (c_low + c_high) / 2
        low = x <= threshold
        new = (x[low].mean(), x[~low].mean())
        if new == (c_low, c_high):
            break
        c_low, c_high = new
    weights = np.array([np.mean(~low), np.mean(low)])        # (w0, w1): upper, lower
    mu = np.array([x[~low].mean(), x[low].mean()])
    sigma = np.array([x[~low].std(), x[low].std()])
    if np.any(sigma <= 0):
        raise ValueError("x: one 2-means cluster has a single distinct value, so its sigma is 0")
    return float(weights[1]), mu, sigma

# %% responsibilities
def _log_joint(x, weights, mu, sigma):
    x = np.asarray(x, dtype=float).reshape(-1, 1)
    with np.errstate(divide="ignore"):
        return (np.log(weights) - np.log(sigma) - 0.5 * np.log(2 * np.pi)
                - 0.5 * ((x - mu) / sigma) ** 2)


def _validated(x, pi, mu, sigma):
    arr = np.asarray(x, dtype=float)
    if arr.ndim != 1 or arr.size == 0 or not np.isfinite(arr).all():
        raise ValueError(f"bad x: expected a non-empty 1-D finite array, got shape {arr.shape}")
    try:
        pi = float(pi)
    except TypeError:
        raise ValueError(f"bad pi: expected a number, got {pi!r}") from None
    if not (0.0 <= pi <= 1.0):
        raise ValueError(f"bad pi: {pi} is outside [0, 1]")
    mu, sigma = np.asarray(mu, dtype=float), np.asarray(sigma, dtype=float)
    if mu.shape != (2,):
        raise ValueError(f"bad mu: expected 2 means, got {mu}")
    if sigma.shape != (2,) or (sigma <= 0).any() or not np.isfinite(sigma).all():
        raise ValueError(f"bad sigma: expected 2 positive numbers, got {sigma}")
    return arr, np.array([1.0 - pi, pi]), mu, sigma


def responsibilities(x, pi, mu, sigma):
    x, weights, mu, sigma = _validated(x, pi, mu, sigma)
    a = _log_joint(x, weights, mu, sigma)
    top = a.max(axis=1, keepdims=True)
    r = np.exp(a - top)
    r /= r.sum(axis=1, keepdims=True)
    return r[:, 1]

# %% m_step
def m_step(x, gamma):
    x, gamma = np.asarray(x, dtype=float), np.asarray(gamma, dtype=float)
    if x.ndim != 1 or not x.size:
        raise ValueError("x must be a non-empty 1-D array")
    if gamma.shape != x.shape or np.isnan(gamma).any() or gamma.min() < 0 or gamma.max() > 1:
        raise ValueError(f"gamma must be {x.size} values in [0, 1], got shape {gamma.shape}")
    r = np.stack([1.0 - gamma, gamma], axis=1)               # (n, 2)
    nk = r.sum(axis=0)
    if (nk <= 0).any():
        raise ValueError(f"empty component: responsibilities sum to {nk}")
    mu = (r * x[:, None]).sum(axis=0) / nk
    ex2 = (r * x[:, None] ** 2).sum(axis=0) / nk
    var = ex2 - mu ** 2
    if (var <= 1e-300).any():
        raise ValueError(f"a component collapsed: variances {var}")
    weights = nk / x.size
    return weights[1], mu, np.sqrt(var)

# %% log_likelihood
def log_likelihood(x, pi, mu, sigma):
    x, weights, mu, sigma = _validated(x, pi, mu, sigma)
    a = _log_joint(x, weights, mu, sigma)
    top = a.max(axis=1)
    return float(np.sum(top + np.log(np.exp(a[:, 0] - top) + np.exp(a[:, 1] - top))))

# %% em
def em(x, pi, mu, sigma, tol=1e-8, max_iter=1000):
    if not np.isscalar(tol) or not np.isfinite(tol) or tol < 0:
        raise ValueError(f"tol={tol!r}: needs a finite number >= 0")
    if not isinstance(max_iter, (int, np.integer)) or isinstance(max_iter, bool) or max_iter < 1:
        raise ValueError(f"max_iter={max_iter!r}: needs an integer >= 1")
    x = np.asarray(x, dtype=float)
    x, weights, mu, sigma = _validated(x, pi, mu, sigma)
    history = []
    for n_iter in range(max_iter + 1):
        # E-step, with the log-likelihood of the current parameters on the way
        a = _log_joint(x, weights, mu, sigma)
        top = a.max(axis=1, keepdims=True)
        log_px = top[:, 0] + np.log(np.exp(a - top).sum(axis=1))
        history.append(float(log_px.sum()))
        if len(history) > 1 and abs(history[-1] - history[-2]) < tol:
            break
        if n_iter == max_iter:
            break
        r = np.exp(a - log_px[:, None])
        # M-step
        nk = r.sum(axis=0)
        if (nk <= 0).any():
            raise ValueError("empty component")
        mu = r.T @ x / nk
        var = np.einsum("nk,nk->k", r, (x[:, None] - mu) ** 2) / nk
        if (var <= 0).any():
            raise ValueError("a component collapsed onto one point (variance 0)")
        weights, sigma = nk / x.size, np.sqrt(var)
    return float(weights[1]), mu, sigma, np.array(history)
