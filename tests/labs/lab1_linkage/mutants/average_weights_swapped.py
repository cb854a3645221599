"""UPGMA's Lance-Williams weights are swapped: the distance from cluster i is weighted by j's size."""
# caught_by: agglomerate_average_either_tie_break, agglomerate_matches_scipy
# diagnosis: swapped UPGMA's weights: the distance from cluster i is weighted by its own size, n_i / (n_i + n_j), not by the other cluster's
# visible: yes

# %% agglomerate: replace
            a_i, a_j, gamma = n_i / (n_i + n_j), n_j / (n_i + n_j), 0.0
# %% agglomerate: with
            a_i, a_j, gamma = n_j / (n_i + n_j), n_i / (n_i + n_j), 0.0
