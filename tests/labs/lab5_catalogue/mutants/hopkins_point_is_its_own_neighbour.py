"""hopkins_from_points queries the sampled rows with k=1, so each finds itself at distance 0 and H is always 1."""
# caught_by: hopkins_from_points_hand_example
# diagnosis: counted each sampled row as its own nearest neighbour, at distance 0
# visible: yes

# %% hopkins_from_points
def hopkins_from_points(X, sample_idx, U):
    X = np.asarray(X, dtype=float)
    U = np.atleast_2d(np.asarray(U, dtype=float))
    tree = cKDTree(X)
    u, _ = tree.query(U, k=1)
    w, _ = tree.query(X[np.asarray(sample_idx)], k=1)
    return float(u.sum() / (u.sum() + w.sum()))
