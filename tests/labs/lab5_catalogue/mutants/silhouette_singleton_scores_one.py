"""silhouette lets a point alone in its cluster have a = 0, so it scores 1 instead of 0."""
# caught_by: silhouette_singletons_and_one_cluster
# diagnosis: let a point alone in its cluster score 1 (its a is 0) instead of 0
# visible: yes

# %% silhouette: replace
        s_block[counts[own] == 1] = 0.0
# %% silhouette: with
