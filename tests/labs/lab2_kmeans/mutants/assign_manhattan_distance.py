"""assign measures the Manhattan distance (sum of absolute differences) instead of the Euclidean one."""
# caught_by: assign_nearest_centroid
# diagnosis: added absolute differences (the Manhattan distance); k-means assigns each point to the centroid nearest in Euclidean distance (squares summed)
# visible: yes

# %% assign: replace
    sq_dist = np.sum(diff ** 2, axis=2)
# %% assign: with
    sq_dist = np.sum(np.abs(diff), axis=2)
