"""init_from_kmeans uses the sample standard deviation (ddof=1) instead of the maximum-likelihood one."""
# caught_by: init_from_kmeans_matches_two_means_split

# %% init_from_kmeans
def init_from_kmeans(x):
    """Starting parameters of a two-component mixture from a 2-means split of 1-D data.

    Parameters
    ----------
    x : array-like of shape (n,)
        Finite values, at least two of them distinct.

    Returns
    -------
    pi : float
        Fraction of the points in the lower cluster (component 1).
    mu : ndarray of shape (2,)
        Means of the upper cluster (component 0) and of the lower cluster (component 1).
    sigma : ndarray of shape (2,)
        Standard deviations (divided by the cluster size) of the two clusters, same order.

    Raises
    ------
    ValueError
        If x is not 1-D and finite, has fewer than two distinct values, or the split leaves a cluster whose points
        are all equal (its standard deviation would be 0); the message names x.
    """
    x = np.asarray(x, dtype=float)
    if x.ndim != 1 or not np.all(np.isfinite(x)):
        raise ValueError(f"x must be a 1-D array of finite numbers; got shape {x.shape}")
    if x.size < 2 or x.min() == x.max():
        raise ValueError(f"x must hold at least two distinct values to split in two; got {x.size} values "
                         f"between {x.min() if x.size else None} and {x.max() if x.size else None}")
    # 1. centres at the extremes
    centres = np.array([x.min(), x.max()])
    low = None
    while True:
        # 2. nearest centre; a tie goes to the lower one
        new_low = np.abs(x - centres[0]) <= np.abs(x - centres[1])
        # 4. stop when no point changes cluster
        if low is not None and np.array_equal(new_low, low):
            break
        low = new_low
        # 3. centres move to the means (neither cluster can empty: each keeps its extreme point)
        centres = np.array([x[low].mean(), x[~low].mean()])
    clusters = (x[~low], x[low])            # component 0 = upper cluster, component 1 = lower cluster
    sigma = np.array([c.std(ddof=1) for c in clusters])
    if np.any(sigma == 0):
        lonely = clusters[int(np.argmin(sigma))][0]
        raise ValueError(f"x splits into a cluster whose points all equal {lonely}: its standard deviation "
                         "would be 0, where EM cannot start; remove that outlier or choose a start by hand")
    return float(low.mean()), np.array([c.mean() for c in clusters]), sigma
