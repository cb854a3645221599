"""Written with loops over the two components and scipy (norm.logpdf, logsumexp, np.average); the 2-means split
found by trying every cut of the sorted data; no weighted_log_densities helper; em records the log-likelihood only
after each step (no entry for the start) and stops when the change is at most tol."""

# %% init_from_kmeans
def init_from_kmeans(x):
    x = np.asarray(x, dtype=float)
    if x.ndim != 1:
        raise ValueError("x should be one-dimensional, got %d dimensions" % x.ndim)
    if not np.isfinite(x).all():
        raise ValueError("x contains NaN or infinite values")
    if len(np.unique(x)) < 2:
        raise ValueError("x needs two different values at least")
    s = np.sort(x)
    n = len(s)
    best_cost, best_cut = np.inf, None
    csum, csum2 = np.cumsum(s), np.cumsum(s ** 2)
    for cut in range(1, n):                      # s[:cut] lower cluster, s[cut:] upper cluster
        if s[cut - 1] == s[cut]:
            continue
        left = csum2[cut - 1] - csum[cut - 1] ** 2 / cut
        right = (csum2[-1] - csum2[cut - 1]) - (csum[-1] - csum[cut - 1]) ** 2 / (n - cut)
        if left + right < best_cost:
            best_cost, best_cut = left + right, cut
    lower, upper = s[:best_cut], s[best_cut:]
    pi = len(lower) / n
    mu = np.array([upper.mean(), lower.mean()])
    sigma = np.array([np.sqrt(np.mean((upper - mu[0]) ** 2)), np.sqrt(np.mean((lower - mu[1]) ** 2))])
    if (sigma == 0).any():
        raise ValueError("x has a cluster of identical values; sigma would be zero")
    return pi, mu, sigma

# %% responsibilities
from scipy.special import logsumexp


def _check(x, pi, mu, sigma):
    x = np.asarray(x, dtype=float)
    if x.ndim != 1 or len(x) == 0 or not np.isfinite(x).all():
        raise ValueError("x must be a non-empty 1-D array without NaN/inf")
    if not np.isscalar(pi) and np.ndim(pi) != 0:
        raise ValueError("pi must be a single number")
    if np.isnan(pi) or pi < 0 or pi > 1:
        raise ValueError("pi = %r is not a probability" % (pi,))
    if len(mu) != 2:
        raise ValueError("mu needs exactly two means")
    if len(sigma) != 2:
        raise ValueError("sigma needs exactly two values")
    for s in sigma:
        if not s > 0:
            raise ValueError("sigma must be positive, got %r" % (list(sigma),))
    return x


def responsibilities(x, pi, mu, sigma):
    x = _check(x, pi, mu, sigma)
    priors = [1 - pi, pi]
    terms = []
    for k in range(2):
        with np.errstate(divide="ignore"):
            terms.append(np.log(priors[k]) + norm.logpdf(x, mu[k], sigma[k]))
    return np.exp(terms[1] - logsumexp(terms, axis=0))

# %% m_step
def m_step(x, gamma):
    x = np.asarray(x, dtype=float)
    gamma = np.asarray(gamma, dtype=float)
    if x.ndim != 1 or len(x) == 0:
        raise ValueError("x must be a non-empty 1-D array")
    if gamma.shape != x.shape:
        raise ValueError("gamma has shape %s but x has shape %s" % (gamma.shape, x.shape))
    if np.isnan(gamma).any() or (gamma < 0).any() or (gamma > 1).any():
        raise ValueError("gamma must lie between 0 and 1")
    mu, sigma = [], []
    for w in (1 - gamma, gamma):
        if w.sum() == 0:
            raise ValueError("a component received no responsibility at all")
        m = np.average(x, weights=w)
        v = np.average((x - m) ** 2, weights=w)
        if v == 0:
            raise ValueError("a component has zero variance")
        mu.append(m)
        sigma.append(np.sqrt(v))
    return gamma.sum() / len(gamma), np.array(mu), np.array(sigma)

# %% log_likelihood
def log_likelihood(x, pi, mu, sigma):
    x = _check(x, pi, mu, sigma)
    priors = [1 - pi, pi]
    terms = []
    for k in range(2):
        with np.errstate(divide="ignore"):
            terms.append(np.log(priors[k]) + norm.logpdf(x, mu[k], sigma[k]))
    return logsumexp(terms, axis=0).sum()

# %% em
def em(x, pi, mu, sigma, tol=1e-8, max_iter=1000):
    if not (tol >= 0) or tol == np.inf:
        raise ValueError("tol must be >= 0 and finite, got %r" % (tol,))
    if type(max_iter) is not int or max_iter <= 0:
        raise ValueError("max_iter must be a positive int, got %r" % (max_iter,))
    previous = log_likelihood(x, pi, mu, sigma)
    history = []
    step = 0
    while step < max_iter:
        gamma = responsibilities(x, pi, mu, sigma)
        pi, mu, sigma = m_step(x, gamma)
        current = log_likelihood(x, pi, mu, sigma)
        history.append(current)
        step += 1
        if current - previous <= tol:
            break
        previous = current
    return pi, mu, sigma, history
