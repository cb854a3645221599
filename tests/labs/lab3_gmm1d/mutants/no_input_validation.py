"""No input checks anywhere: bad sigma, pi, gamma, tol or degenerate x give NaN, inf or numpy's own errors."""
# caught_by: init_from_kmeans_rejects_degenerate_input, responsibilities_rejects_invalid_parameters, m_step_rejects_invalid_gamma, log_likelihood_rejects_invalid_parameters, em_rejects_invalid_arguments
# diagnosis: did not check the arguments before computing
# visible: yes

# %% init_from_kmeans: replace
    if x.ndim != 1 or not np.all(np.isfinite(x)):
        raise ValueError(f"x must be a 1-D array of finite numbers; got shape {x.shape}")
    if x.size < 2 or x.min() == x.max():
        raise ValueError(f"x must hold at least two distinct values to split in two; got {x.size} values "
                         f"between {x.min() if x.size else None} and {x.max() if x.size else None}")
# %% init_from_kmeans: with

# %% init_from_kmeans: replace
    if np.any(sigma == 0):
        lonely = clusters[int(np.argmin(sigma))][0]
        raise ValueError(f"x splits into a cluster whose points all equal {lonely}: its standard deviation "
                         "would be 0, where EM cannot start; remove that outlier or choose a start by hand")
# %% init_from_kmeans: with

# %% responsibilities: replace
    if x.ndim != 1 or x.size == 0 or not np.all(np.isfinite(x)):
        raise ValueError(f"x must be a non-empty 1-D array of finite numbers; got shape {x.shape}")
    if np.ndim(pi) != 0 or not 0 <= pi <= 1:
        raise ValueError(f"pi must be a probability in [0, 1]; got {pi!r}")
    if mu.shape != (2,) or not np.all(np.isfinite(mu)):
        raise ValueError(f"mu must hold 2 finite means; got {mu.tolist()}")
    if sigma.shape != (2,) or not np.all((sigma > 0) & np.isfinite(sigma)):
        raise ValueError(f"sigma must hold 2 positive, finite standard deviations; got {sigma.tolist()}")
# %% responsibilities: with

# %% m_step: replace
    if x.ndim != 1 or x.size == 0 or not np.all(np.isfinite(x)):
        raise ValueError(f"x must be a non-empty 1-D array of finite numbers; got shape {x.shape}")
    if gamma.shape != x.shape:
        raise ValueError(f"gamma must hold one responsibility per point, shape {x.shape}; got shape {gamma.shape}")
    if not np.all((gamma >= 0) & (gamma <= 1)):
        raise ValueError("gamma must hold probabilities in [0, 1]; "
                         f"got values from {np.min(gamma)} to {np.max(gamma)}")
# %% m_step: with

# %% m_step: replace
    if np.any(n_k == 0):
        k = int(np.argmin(n_k))
        raise ValueError(f"component {k} is empty: every gamma is {1 - k}, so its mean is 0 / 0")
# %% m_step: with

# %% m_step: replace
    if np.any(var == 0):
        k = int(np.argmin(var))
        raise ValueError(f"component {k} collapsed onto the single value {mu[k]} (variance 0), where the "
                         "likelihood is unbounded; start EM elsewhere or remove the isolated point")
# %% m_step: with

# %% em: replace
    if not (np.ndim(tol) == 0 and np.isfinite(tol) and tol >= 0):
        raise ValueError(f"tol must be a finite number >= 0; got {tol!r}")
    if isinstance(max_iter, bool) or not isinstance(max_iter, (int, np.integer)) or max_iter < 1:
        raise ValueError(f"max_iter must be a positive integer; got {max_iter!r}")
# %% em: with
