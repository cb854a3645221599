"""agglomerate trusts its input: no ValueError for asymmetric, negative, NaN or non-zero-diagonal D."""
# caught_by: agglomerate_rejects_invalid_input
# diagnosis: agglomerate does not check D before merging: a D that is not a square, symmetric, non-negative distance matrix with a zero diagonal must raise ValueError
# visible: yes

# %% agglomerate: replace
    if method not in LINKAGE_METHODS:
        raise ValueError(f"method must be one of {LINKAGE_METHODS}; got {method!r}")
# %% agglomerate: with

# %% agglomerate: replace
    if D.ndim != 2 or D.shape[0] != D.shape[1]:
        raise ValueError(f"D must be a square 2-D distance matrix; got shape {D.shape}")
# %% agglomerate: with

# %% agglomerate: replace
    if n < 2:
        raise ValueError(f"D must hold the distances of at least 2 points; got {n}")
    if not np.all(np.isfinite(D)):
        raise ValueError("D must contain only finite values; found NaN or inf")
    if np.any(D < 0):
        raise ValueError(f"D must be non-negative; found {D.min()}")
    if np.any(np.diag(D) != 0):
        raise ValueError("D must have a zero diagonal (each point is at distance 0 from itself)")
    if not np.allclose(D, D.T, rtol=0, atol=1e-12):
        i, j = np.unravel_index(np.argmax(np.abs(D - D.T)), D.shape)
        raise ValueError(f"D must be symmetric; D[{i}, {j}] = {D[i, j]} but D[{j}, {i}] = {D[j, i]}")
# %% agglomerate: with
