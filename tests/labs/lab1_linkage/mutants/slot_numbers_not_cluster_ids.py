"""Z records the rows of the working matrix instead of cluster ids n, n+1, ... for merged clusters."""
# caught_by: agglomerate_single_linkage, agglomerate_matches_scipy

# %% agglomerate: replace
        Z[step] = [min(ids[i], ids[j]), max(ids[i], ids[j]), height, n_i + n_j]
# %% agglomerate: with
        Z[step] = [i, j, height, n_i + n_j]
