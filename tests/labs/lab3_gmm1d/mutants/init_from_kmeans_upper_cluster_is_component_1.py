"""init_from_kmeans calls the upper cluster component 1, against the lab's convention (pi is the lower cluster's share)."""
# caught_by: init_from_kmeans_matches_two_means_split, init_from_kmeans_component_1_is_the_lower_cluster
# diagnosis: called the upper cluster component 1; component 1 is the lower cluster
# visible: yes

# %% init_from_kmeans: replace
    clusters = (x[~low], x[low])            # component 0 = upper cluster, component 1 = lower cluster
# %% init_from_kmeans: with
    clusters = (x[low], x[~low])            # component 0 = first centre, component 1 = second

# %% init_from_kmeans: replace
    return float(low.mean()), np.array([c.mean() for c in clusters]), sigma
# %% init_from_kmeans: with
    return float((~low).mean()), np.array([c.mean() for c in clusters]), sigma
