"""agglomerate never updates the merged cluster's size: column 3 of Z and UPGMA's weights count it as one point."""
# caught_by: agglomerate_single_linkage, agglomerate_average_either_tie_break, agglomerate_matches_scipy
# diagnosis: did not update the merged cluster's size (sizes[i] = n_i + n_j), so column 3 of Z and UPGMA's weights count each cluster as one point
# visible: yes

# %% agglomerate: replace
        ids[i] = n + step
        sizes[i] = n_i + n_j
# %% agglomerate: with
        ids[i] = n + step
