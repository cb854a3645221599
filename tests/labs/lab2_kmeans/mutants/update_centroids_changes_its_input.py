"""update_centroids writes the new centroids into the array it was given (no copy)."""
# caught_by: update_centroids_member_means
# diagnosis: changed the centroids it was given in place (new_centroids = centroids is the same array, not a copy); start from centroids.copy()
# visible: yes

# %% update_centroids: replace
    new_centroids = centroids.copy()
# %% update_centroids: with
    new_centroids = centroids
