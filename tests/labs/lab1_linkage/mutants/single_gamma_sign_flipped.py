"""Lance-Williams gamma with the wrong sign for single linkage (+1/2 gives the maximum, complete linkage)."""
# caught_by: agglomerate_single_linkage, agglomerate_matches_scipy

# %% agglomerate: replace
            gamma = {"single": -0.5, "complete": 0.5, "weighted": 0.0}[method]
# %% agglomerate: with
            gamma = {"single": 0.5, "complete": 0.5, "weighted": 0.0}[method]
