"""Correct but about twice as slow as the reference: every function does its work twice and returns the second
result (em, which spends its time in the other functions, runs its loop once), so speed tests must allow a few times
the reference's time."""

# %% init_from_kmeans
def _two_means(x):
    centres = np.array([x.min(), x.max()])
    low = None
    while True:
        new_low = np.abs(x - centres[0]) <= np.abs(x - centres[1])
        if low is not None and np.array_equal(new_low, low):
            return low
        low = new_low
        centres = np.array([x[low].mean(), x[~low].mean()])


def init_from_kmeans(x):
    x = np.asarray(x, dtype=float)
    if x.ndim != 1 or not np.all(np.isfinite(x)):
        raise ValueError(f"x must be a 1-D array of finite numbers; got shape {x.shape}")
    if x.size < 2 or x.min() == x.max():
        raise ValueError(f"x must hold at least two distinct values; got {x.size} values")
    _two_means(x)                                    # a first split, thrown away
    low = _two_means(x)
    clusters = (x[~low], x[low])
    sigma = np.array([c.std() for c in clusters])
    if np.any(sigma == 0):
        raise ValueError("x splits into a cluster of equal values: its standard deviation would be 0")
    return float(low.mean()), np.array([c.mean() for c in clusters]), sigma

# %% responsibilities
def weighted_log_densities(x, pi, mu, sigma):
    x, mu, sigma = (np.asarray(v, dtype=float) for v in (x, mu, sigma))
    if x.ndim != 1 or x.size == 0 or not np.all(np.isfinite(x)):
        raise ValueError(f"x must be a non-empty 1-D array of finite numbers; got shape {x.shape}")
    if np.ndim(pi) != 0 or not 0 <= pi <= 1:
        raise ValueError(f"pi must be a probability in [0, 1]; got {pi!r}")
    if mu.shape != (2,) or not np.all(np.isfinite(mu)):
        raise ValueError(f"mu must hold 2 finite means; got {mu.tolist()}")
    if sigma.shape != (2,) or not np.all((sigma > 0) & np.isfinite(sigma)):
        raise ValueError(f"sigma must hold 2 positive, finite standard deviations; got {sigma.tolist()}")
    for _ in range(2):
        with np.errstate(divide="ignore"):
            log_weights = np.log([1 - pi, pi])
        z = (x[:, None] - mu) / sigma
        log_w = log_weights - 0.5 * z**2 - np.log(sigma) - 0.5 * np.log(2 * np.pi)
    return log_w


def responsibilities(x, pi, mu, sigma):
    weighted_log_densities(x, pi, mu, sigma)         # computed twice
    log_w = weighted_log_densities(x, pi, mu, sigma)
    return np.exp(log_w[:, 1] - np.logaddexp(log_w[:, 0], log_w[:, 1]))

# %% m_step
def m_step(x, gamma):
    x = np.asarray(x, dtype=float)
    gamma = np.asarray(gamma, dtype=float)
    if x.ndim != 1 or x.size == 0 or not np.all(np.isfinite(x)):
        raise ValueError(f"x must be a non-empty 1-D array of finite numbers; got shape {x.shape}")
    if gamma.shape != x.shape or not np.all((gamma >= 0) & (gamma <= 1)):
        raise ValueError(f"gamma must hold one probability in [0, 1] per point, shape {x.shape}; got shape {gamma.shape}")
    for _ in range(2):
        weights = (1 - gamma, gamma)
        n_k = np.array([w.sum() for w in weights])
        if np.any(n_k == 0):
            raise ValueError("a component is empty: its mean would be 0 / 0")
        mu = np.array([w @ x for w in weights]) / n_k
        var = np.array([w @ (x - m) ** 2 for w, m in zip(weights, mu)]) / n_k
        if np.any(var == 0):
            raise ValueError("a component collapsed onto a single value (variance 0)")
    return float(n_k[1] / x.size), mu, np.sqrt(var)

# %% log_likelihood
def log_likelihood(x, pi, mu, sigma):
    weighted_log_densities(x, pi, mu, sigma)         # computed twice
    log_w = weighted_log_densities(x, pi, mu, sigma)
    return float(np.sum(np.logaddexp(log_w[:, 0], log_w[:, 1])))

# %% em
def em(x, pi, mu, sigma, tol=1e-8, max_iter=1000):
    if not (np.ndim(tol) == 0 and np.isfinite(tol) and tol >= 0):
        raise ValueError(f"tol must be a finite number >= 0; got {tol!r}")
    if isinstance(max_iter, bool) or not isinstance(max_iter, (int, np.integer)) or max_iter < 1:
        raise ValueError(f"max_iter must be a positive integer; got {max_iter!r}")
    history = [log_likelihood(x, pi, mu, sigma)]
    for _ in range(max_iter):
        pi, mu, sigma = m_step(x, responsibilities(x, pi, mu, sigma))
        history.append(log_likelihood(x, pi, mu, sigma))
        if history[-1] - history[-2] < tol:
            break
    return pi, mu, sigma, np.array(history)
