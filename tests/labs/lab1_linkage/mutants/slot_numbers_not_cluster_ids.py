"""Z records the rows of the working matrix instead of cluster ids n, n+1, ... for merged clusters."""
# caught_by: agglomerate_single_linkage, agglomerate_matches_scipy
# diagnosis: recorded rows of the working matrix, not cluster ids: the cluster made by merge s has id n + s
# visible: yes

# %% agglomerate: replace
        Z[step] = [min(ids[i], ids[j]), max(ids[i], ids[j]), height, n_i + n_j]
# %% agglomerate: with
        Z[step] = [i, j, height, n_i + n_j]
