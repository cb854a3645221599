"""silhouette averages a over the whole own cluster, the point itself (at distance 0) included: divides by |A|, not
|A| - 1, so a is too small and every s too large."""
# caught_by: silhouette_hand_computed
# diagnosis: averaged a over the whole own cluster, the point itself included, instead of over the other points (divide by size - 1)
# visible: yes

# %% silhouette: replace
        a = sums[i, own] / np.maximum(counts[own] - 1, 1)
# %% silhouette: with
        a = sums[i, own] / counts[own]
