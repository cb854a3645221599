"""By-hand single linkage done with the maximum instead of the minimum (that is complete linkage)."""
# caught_by: single_heights_by_hand

# %% single_heights
single_heights = [0.1, 0.4, 0.6, 0.9]
