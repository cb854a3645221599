"""hopkins_from_points puts the data's own distances on top: sum(w) / (sum(u) + sum(w)), so clusters give H near 0."""
# caught_by: hopkins_from_points_hand_example
# diagnosis: put the data's own distances w on top, sum(w) / (sum(u) + sum(w)), instead of sum(u)
# visible: yes

# %% hopkins_from_points
def hopkins_from_points(X, sample_idx, U):
    X = np.asarray(X, dtype=float)
    U = np.atleast_2d(np.asarray(U, dtype=float))
    tree = cKDTree(X)
    u, _ = tree.query(U, k=1)
    w = tree.query(X[np.asarray(sample_idx)], k=2)[0][:, 1]
    return float(w.sum() / (u.sum() + w.sum()))
