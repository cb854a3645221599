"""k_means checks nothing: k = 0 or k > n, init of the wrong shape and max_iter = 0 give no ValueError naming them."""
# caught_by: k_means_rejects_bad_input
# diagnosis: k_means does not check its arguments: a bad k, init or max_iter must raise a ValueError naming it before any iteration
# visible: yes

# %% k_means
def k_means(X, k, rng=None, init=None, max_iter=300, tol=1e-8):
    X = as_points(X)
    if init is None:
        centroids = X[np.random.default_rng(rng).permutation(len(X))[:k]].copy()
    else:
        centroids = np.array(init, dtype=float)
    labels = assign(X, centroids)
    previous = distortion(X, centroids, labels)
    history = []
    for _ in range(max_iter):
        centroids = update_centroids(X, labels, centroids)
        new_labels = assign(X, centroids)
        history.append(distortion(X, centroids, new_labels))
        changed = np.any(new_labels != labels)
        labels = new_labels
        if not changed or previous - history[-1] < tol:
            break
        previous = history[-1]
    return centroids, labels, history
