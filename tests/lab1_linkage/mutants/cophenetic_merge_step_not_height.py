"""cophenetic records the merge step (1, 2, ...) instead of the merge height."""
# caught_by: cophenetic_matches_scipy

# %% cophenetic
def cophenetic(Z):
    """Cophenetic distance matrix of a linkage matrix.

    Parameters
    ----------
    Z : array-like of shape (n - 1, 4)

    Returns
    -------
    C : ndarray of shape (n, n)
        C[a, b] is the height of the merge that first joins points a and b; C[a, a] = 0.
    """
    Z = np.asarray(Z, dtype=float)
    if Z.ndim != 2 or Z.shape[1] != 4:
        raise ValueError(f"Z must be a linkage matrix of shape (n - 1, 4); got shape {Z.shape}")
    n = Z.shape[0] + 1
    C = np.zeros((n, n))
    members = {i: [i] for i in range(n)}
    for step, (a, b, height, _) in enumerate(Z):
        A, B = members.pop(int(a)), members.pop(int(b))
        C[np.ix_(A, B)] = step + 1
        C[np.ix_(B, A)] = step + 1
        members[n + step] = A + B
    return C
