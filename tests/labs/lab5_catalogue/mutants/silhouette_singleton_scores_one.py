"""silhouette lets a point alone in its cluster have a = 0, so it scores 1 instead of 0."""
# caught_by: silhouette_singletons_and_one_cluster

# %% silhouette: replace
        s_block[counts[own] == 1] = 0.0
# %% silhouette: with
