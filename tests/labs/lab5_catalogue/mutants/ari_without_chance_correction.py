"""adjusted_rand_index returns the plain Rand index (share of agreeing pairs): no correction for chance."""
# caught_by: ari_hand_computed
# diagnosis: computed the plain Rand index (the share of pairs on which the partitions agree), without the correction for chance
# visible: yes

# %% adjusted_rand_index
def adjusted_rand_index(labels, truth):
    labels, truth = np.asarray(labels), np.asarray(truth)
    if labels.ndim != 1 or truth.shape != labels.shape or len(labels) == 0:
        raise ValueError(f"labels and truth must be 1-D of the same length; got {labels.shape} and {truth.shape}")
    _, rows = np.unique(labels, return_inverse=True)
    _, cols = np.unique(truth, return_inverse=True)
    table = np.zeros((rows.max() + 1, cols.max() + 1))
    np.add.at(table, (rows, cols), 1)
    pairs = lambda c: np.sum(c * (c - 1) / 2)
    n_pairs = pairs(np.array([len(labels)], dtype=float))
    if n_pairs == 0:
        return 1.0
    together = pairs(table)
    apart = n_pairs - pairs(table.sum(axis=1)) - pairs(table.sum(axis=0)) + together
    return float((together + apart) / n_pairs)
