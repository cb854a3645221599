"""By-hand single linkage done with the maximum instead of the minimum (that is complete linkage)."""
# caught_by: single_heights_by_hand
# diagnosis: merged two clusters at their largest distance (that is complete linkage); single linkage merges at the smallest distance between their points
# visible: yes

# %% single_heights
single_heights = [0.1, 0.4, 0.5, 0.9]
