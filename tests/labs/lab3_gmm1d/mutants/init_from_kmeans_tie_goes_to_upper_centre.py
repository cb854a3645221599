"""init_from_kmeans compares distances with < instead of <=, so a point exactly halfway goes to the upper centre."""
# caught_by: init_from_kmeans_matches_two_means_split
# diagnosis: gave a point exactly halfway between the two centres to the upper centre; a tie goes to the lower one
# visible: yes

# %% init_from_kmeans: replace
        new_low = np.abs(x - centres[0]) <= np.abs(x - centres[1])
# %% init_from_kmeans: with
        new_low = np.abs(x - centres[0]) < np.abs(x - centres[1])
