"""The songs are clustered on the raw features (standardising forgotten), so duration_ms decides the clusters."""
# caught_by: spotify_labels_best_of_restarts
# diagnosis: clustered the raw features: standardise them first, or duration_ms (in the hundreds of thousands) decides the clusters alone
# visible: yes

# %% spotify_labels
spotify_labels = None
rng = np.random.default_rng(2)
runs = [k_means(X_spotify, 3, rng=rng) for _ in range(10)]
spotify_centroids, spotify_labels, spotify_history = min(runs, key=lambda run: run[2][-1])
