"""init_from_kmeans uses the sample standard deviation (ddof=1) instead of the maximum-likelihood one."""
# caught_by: init_from_kmeans_matches_two_means_split
# diagnosis: used the sample standard deviation (ddof=1) instead of dividing by the cluster size
# visible: yes

# %% init_from_kmeans: replace
    sigma = np.array([c.std() for c in clusters])
# %% init_from_kmeans: with
    sigma = np.array([c.std(ddof=1) for c in clusters])
