"""em checks convergence on the new parameters but returns the previous ones, one M-step behind its history."""
# caught_by: em_stops_when_change_below_tol

# %% em
def em(x, pi, mu, sigma, tol=1e-8, max_iter=1000):
    """Fit the two-component 1-D mixture by expectation-maximisation from the given start.

    Parameters
    ----------
    x : array-like of shape (n,)
    pi : float in [0, 1]
        Starting prior of component 1.
    mu, sigma : array-like of shape (2,)
        Starting means and standard deviations of components 0 and 1.
    tol : float >= 0, default 1e-8
        Stop after the first EM step that raises the log-likelihood by less than tol.
    max_iter : int >= 1, default 1000
        At most this many EM steps.

    Returns
    -------
    pi : float
    mu, sigma : ndarray of shape (2,)
        The fitted parameters, in the start's labelling.
    history : ndarray of shape (n_steps + 1,)
        history[0] is the log-likelihood at the start, history[t] after t EM steps; it never decreases, and
        history[-1] is the log-likelihood of the returned parameters.

    Raises
    ------
    ValueError
        If tol or max_iter is invalid (the message names it), or from the functions it calls.
    """
    if not (np.ndim(tol) == 0 and np.isfinite(tol) and tol >= 0):
        raise ValueError(f"tol must be a finite number >= 0; got {tol!r}")
    if isinstance(max_iter, bool) or not isinstance(max_iter, (int, np.integer)) or max_iter < 1:
        raise ValueError(f"max_iter must be a positive integer; got {max_iter!r}")
    # 1. log-likelihood at the start
    history = [log_likelihood(x, pi, mu, sigma)]
    for _ in range(max_iter):
        # 2. E-step;  3. M-step
        new = m_step(x, responsibilities(x, pi, mu, sigma))
        # 4. log-likelihood of the new parameters
        history.append(log_likelihood(x, *new))
        # 5. converged?
        if history[-1] - history[-2] < tol:
            break
        pi, mu, sigma = new
    return pi, mu, sigma, np.array(history)
