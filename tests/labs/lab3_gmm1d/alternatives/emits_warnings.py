"""Correct, but noisy: every function issues a warnings.warn, and numpy RuntimeWarnings come from branches the tests
reach (log(0) of a prior of 0 or 1 without silencing numpy, log(0) of hard responsibilities in m_step, a warning when
em reaches max_iter). A warning is shown, never scored."""

# %% init_from_kmeans
import warnings


def init_from_kmeans(x):
    x = np.asarray(x, dtype=float)
    if x.ndim != 1 or not np.all(np.isfinite(x)):
        raise ValueError(f"x must be a 1-D array of finite numbers; got shape {x.shape}")
    if x.size < 2 or x.min() == x.max():
        raise ValueError(f"x must hold at least two distinct values; got {x.size} values")
    warnings.warn(f"init_from_kmeans: splitting {x.size} points", UserWarning)
    centres = np.array([x.min(), x.max()])
    low = None
    while True:
        new_low = np.abs(x - centres[0]) <= np.abs(x - centres[1])
        if low is not None and np.array_equal(new_low, low):
            break
        low = new_low
        centres = np.array([x[low].mean(), x[~low].mean()])
    clusters = (x[~low], x[low])
    sigma = np.array([c.std() for c in clusters])
    if np.any(sigma == 0):
        warnings.warn("init_from_kmeans: a cluster without spread", RuntimeWarning)
        raise ValueError("x splits into a cluster of equal values: its standard deviation would be 0")
    return float(low.mean()), np.array([c.mean() for c in clusters]), sigma

# %% responsibilities
import warnings


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
    if pi in (0.0, 1.0):
        warnings.warn(f"weighted_log_densities: pi = {pi}, one component has no weight", UserWarning)
    with np.errstate(divide="warn"):
        log_weights = np.log(np.array([1 - pi, pi]))  # log(0) = -inf, with numpy's RuntimeWarning
    z = (x[:, None] - mu) / sigma
    return log_weights - 0.5 * z**2 - np.log(sigma) - 0.5 * np.log(2 * np.pi)


def responsibilities(x, pi, mu, sigma):
    log_w = weighted_log_densities(x, pi, mu, sigma)
    gamma = np.exp(log_w[:, 1] - np.logaddexp(log_w[:, 0], log_w[:, 1]))
    warnings.warn("responsibilities: computed in log space", UserWarning)
    return gamma

# %% m_step
import warnings


def m_step(x, gamma):
    x = np.asarray(x, dtype=float)
    gamma = np.asarray(gamma, dtype=float)
    if x.ndim != 1 or x.size == 0 or not np.all(np.isfinite(x)):
        raise ValueError(f"x must be a non-empty 1-D array of finite numbers; got shape {x.shape}")
    if gamma.shape != x.shape or not np.all((gamma >= 0) & (gamma <= 1)):
        raise ValueError(f"gamma must hold one probability in [0, 1] per point, shape {x.shape}; got shape {gamma.shape}")
    with np.errstate(divide="warn", invalid="warn"):
        # entropy of the soft assignment, for a diagnostic only: log(0) warns for hard responsibilities
        entropy = -np.nansum(gamma * np.log(gamma) + (1 - gamma) * np.log(1 - gamma))
    if entropy == 0:
        warnings.warn("m_step: hard responsibilities (all 0 or 1)", UserWarning)
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
import warnings


def log_likelihood(x, pi, mu, sigma):
    log_w = weighted_log_densities(x, pi, mu, sigma)
    total = float(np.sum(np.logaddexp(log_w[:, 0], log_w[:, 1])))
    warnings.warn(f"log_likelihood: {total:.3f}", UserWarning)
    return total

# %% em
import warnings


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
    else:
        warnings.warn(f"em: stopped after max_iter = {max_iter} steps", UserWarning)
    with np.errstate(divide="warn"):
        np.log(np.diff(history[-2:]) * 0.0)           # log(0): a RuntimeWarning on every fit of two steps or more
    return pi, mu, sigma, np.array(history)
