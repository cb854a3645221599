"""The zero diagonal is left in the working matrix, so argmin finds a cluster at distance 0 from itself."""
# caught_by: agglomerate_single_linkage, agglomerate_matches_scipy

# %% agglomerate: replace
    np.fill_diagonal(dist, np.inf)
# %% agglomerate: with
