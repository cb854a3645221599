"""cut replays n - k + 1 merges instead of n - k, so it returns k - 1 clusters (off by one)."""
# caught_by: cut_matches_fcluster, cut_extreme_k
# diagnosis: replayed one merge too many (n - k + 1 instead of n - k), so got k - 1 clusters
# visible: yes

# %% cut: replace
    for step in range(n - int(k)):
# %% cut: with
    for step in range(min(n - int(k) + 1, n - 1)):
