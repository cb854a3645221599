"""silhouette computes (a - b) / max(a, b): good clusterings score negative."""
# caught_by: silhouette_hand_computed, silhouette_label_permutation_invariant, silhouette_singletons_and_one_cluster
# diagnosis: computed (a - b) / max(a, b) instead of (b - a) / max(a, b), so good clusterings score negative
# visible: yes

# %% silhouette: replace
        s_block = np.divide(b - a, top, out=np.zeros_like(a), where=top > 0)
# %% silhouette: with
        s_block = np.divide(a - b, top, out=np.zeros_like(a), where=top > 0)
