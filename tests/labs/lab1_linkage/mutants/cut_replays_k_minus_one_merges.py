"""cut replays the first k - 1 merges (as if k counted merges to undo from the start), not the first n - k."""
# caught_by: cut_matches_fcluster, cut_extreme_k
# diagnosis: replayed the first k - 1 merges; k clusters are left after the first n - k merges (undo the last k - 1)
# visible: yes

# %% cut: replace
    for step in range(n - int(k)):
# %% cut: with
    for step in range(int(k) - 1):
