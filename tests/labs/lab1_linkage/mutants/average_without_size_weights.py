"""Average linkage with alpha_i = alpha_j = 1/2: the seed report's unweighted mean, i.e. WPGMA, not UPGMA."""
# caught_by: agglomerate_average_either_tie_break, agglomerate_matches_scipy
# diagnosis: gave both clusters the weight 1/2 (that is WPGMA, method 'weighted'); UPGMA weights each by its size, n_i / (n_i + n_j)
# visible: yes

# %% agglomerate: replace
            a_i, a_j, gamma = n_i / (n_i + n_j), n_j / (n_i + n_j), 0.0
# %% agglomerate: with
            a_i, a_j, gamma = 0.5, 0.5, 0.0
