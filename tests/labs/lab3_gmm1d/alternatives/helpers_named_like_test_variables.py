"""Correct, with top-level helpers and variables named like the hidden tests' own (_ref_init_from_kmeans,
_ref_weighted_log_densities, _ref_responsibilities, _ref_m_step, _ref_log_likelihood, _ref_em, _use_reference_helpers,
_HELPERS, _got, _want, _params, _cases, _h, _fit, slack, seconds, reference_seconds, start_fixed, ...) with other
signatures and meanings, and x rebound to the Old Faithful eruptions after the tests' data cell: the tests must use
their own names and data, never the student's."""

# %% init_from_kmeans
_cases = {"the student's": "cases"}
_rng = "not a generator"
_got = _want = None


def _ref_init_from_kmeans(s):
    """The student's own: Lloyd's 2-means on sorted data s; the lower cluster as a boolean mask."""
    centres = np.array([s[0], s[-1]])
    low = None
    while True:
        new_low = np.abs(s - centres[0]) <= np.abs(s - centres[1])
        if low is not None and np.array_equal(new_low, low):
            return low
        low = new_low
        centres = np.array([s[low].mean(), s[~low].mean()])


def init_from_kmeans(x):
    x = np.asarray(x, dtype=float)
    if x.ndim != 1 or not np.all(np.isfinite(x)):
        raise ValueError(f"x must be a 1-D array of finite numbers; got shape {x.shape}")
    if x.size < 2 or x.min() == x.max():
        raise ValueError(f"x must hold at least two distinct values; got {x.size} values")
    s = np.sort(x)
    low = _ref_init_from_kmeans(s)
    clusters = (s[~low], s[low])
    sigma = np.array([c.std() for c in clusters])
    if np.any(sigma == 0):
        raise ValueError("x splits into a cluster of equal values: its standard deviation would be 0")
    return float(low.mean()), np.array([c.mean() for c in clusters]), sigma

# %% responsibilities
_params = _good = _far_x = None


def _got(x, pi, mu, sigma):
    """The student's own input check; returns arrays."""
    x, mu, sigma = (np.asarray(v, dtype=float) for v in (x, mu, sigma))
    if x.ndim != 1 or x.size == 0 or not np.all(np.isfinite(x)):
        raise ValueError(f"x must be a non-empty 1-D array of finite numbers; got shape {x.shape}")
    if np.ndim(pi) != 0 or not 0 <= pi <= 1:
        raise ValueError(f"pi must be a probability in [0, 1]; got {pi!r}")
    if mu.shape != (2,) or not np.all(np.isfinite(mu)):
        raise ValueError(f"mu must hold 2 finite means; got {mu.tolist()}")
    if sigma.shape != (2,) or not np.all((sigma > 0) & np.isfinite(sigma)):
        raise ValueError(f"sigma must hold 2 positive, finite standard deviations; got {sigma.tolist()}")
    return x, np.array([1.0 - pi, pi]), mu, sigma


def _ref_weighted_log_densities(x, weights, mu, sigma):
    with np.errstate(divide="ignore"):
        return np.log(weights) - 0.5 * ((x[:, None] - mu) / sigma) ** 2 - np.log(sigma) - 0.5 * np.log(2 * np.pi)


def weighted_log_densities(x, pi, mu, sigma):
    return _ref_weighted_log_densities(*_got(x, pi, mu, sigma))


def _ref_responsibilities(log_w):
    return np.exp(log_w[:, 1] - np.logaddexp(log_w[:, 0], log_w[:, 1]))


def responsibilities(x, pi, mu, sigma):
    return _ref_responsibilities(weighted_log_densities(x, pi, mu, sigma))

# %% m_step
_gamma = _flat = None


def _ref_m_step(x, w):
    """The student's own: weighted mean and variance of x with weights w."""
    n = w.sum()
    m = w @ x / n
    return n, m, w @ (x - m) ** 2 / n


def m_step(x, gamma):
    x = np.asarray(x, dtype=float)
    gamma = np.asarray(gamma, dtype=float)
    if x.ndim != 1 or x.size == 0 or not np.all(np.isfinite(x)):
        raise ValueError(f"x must be a non-empty 1-D array of finite numbers; got shape {x.shape}")
    if gamma.shape != x.shape or not np.all((gamma >= 0) & (gamma <= 1)):
        raise ValueError(f"gamma must hold one probability in [0, 1] per point, shape {x.shape}; got shape {gamma.shape}")
    (n0, m0, v0), (n1, m1, v1) = (_ref_m_step(x, w) if w.sum() > 0 else (0.0, np.nan, np.nan)
                                  for w in (1 - gamma, gamma))
    if n0 == 0 or n1 == 0:
        raise ValueError("a component is empty: its mean would be 0 / 0")
    if v0 == 0 or v1 == 0:
        raise ValueError("a component collapsed onto a single value (variance 0)")
    return float(n1 / x.size), np.array([m0, m1]), np.sqrt([v0, v1])

# %% log_likelihood
_what = _data = None
two_points = "the student's two points"


def _ref_log_likelihood(log_w):
    return float(np.sum(np.logaddexp(log_w[:, 0], log_w[:, 1])))


def log_likelihood(x, pi, mu, sigma):
    return _ref_log_likelihood(weighted_log_densities(x, pi, mu, sigma))

# %% em
_HELPERS = ("nothing", "of the grader's")
_h = _fit = _tol = _start = _eruptions = None
slack = 1e9
seconds, reference_seconds = 0.0, 1e9
start_fixed = (0.5, np.array([0.0, 1.0]), np.array([1.0, 1.0]))
x = load_old_faithful()["eruptions"].to_numpy()     # the student's own data from here on


def _use_reference_helpers(on):
    """The student's own switch: nothing to do with the grader's old helper of this name."""
    return bool(on)


def _ref_em(x, params, tol, max_iter):
    """The student's own EM loop on params = (pi, mu, sigma)."""
    history = [log_likelihood(x, *params)]
    for _ in range(max_iter):
        params = m_step(x, responsibilities(x, *params))
        history.append(log_likelihood(x, *params))
        if history[-1] - history[-2] < tol:
            break
    return (*params, np.array(history))


def em(x, pi, mu, sigma, tol=1e-8, max_iter=1000):
    if not (np.ndim(tol) == 0 and np.isfinite(tol) and tol >= 0):
        raise ValueError(f"tol must be a finite number >= 0; got {tol!r}")
    if isinstance(max_iter, bool) or not isinstance(max_iter, (int, np.integer)) or max_iter < 1:
        raise ValueError(f"max_iter must be a positive integer; got {max_iter!r}")
    _use_reference_helpers(True)
    return _ref_em(x, (pi, mu, sigma), tol, max_iter)
