"""hopkins_from_points finds the nearest neighbours by brute force, cdist in blocks of 100 against all of X: right
values, but 15-20 times slower than a k-d tree on the full catalogue."""
# caught_by: hopkins_fast_on_full_catalogue
# diagnosis: searched the nearest neighbours by brute force through all distances instead of with a k-d tree
# visible: yes

# %% hopkins_from_points: replace
    # Sliding-midpoint splits: quicker to build, and to query from points far from the data.
    tree = cKDTree(X, balanced_tree=False, compact_nodes=False)
    # u: reference points to the data
    u, _ = tree.query(U, k=1)
    # w: sampled rows to their nearest *other* row (the first neighbour is the row itself)
    w = tree.query(X[sample_idx], k=2)[0][:, 1]
# %% hopkins_from_points: with
    # u: reference points to the data, 100 at a time against every row
    u = np.concatenate([cdist(U[i:i + 100], X).min(axis=1) for i in range(0, len(U), 100)])
    # w: sampled rows to their nearest *other* row (the distance to the row itself set to infinity)
    w = []
    for i in range(0, len(sample_idx), 100):
        block = sample_idx[i:i + 100]
        d = cdist(X[block], X)
        d[np.arange(len(block)), block] = np.inf
        w.append(d.min(axis=1))
    w = np.concatenate(w)
