"""The zero diagonal is left in the working matrix, so argmin finds a cluster at distance 0 from itself."""
# caught_by: agglomerate_single_linkage, agglomerate_matches_scipy
# diagnosis: left the zero diagonal in the working matrix, so a cluster merged with itself at distance 0 (set the diagonal to infinity)
# visible: yes

# %% agglomerate: replace
    np.fill_diagonal(dist, np.inf)
# %% agglomerate: with
