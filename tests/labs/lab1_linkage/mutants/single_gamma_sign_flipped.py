"""Lance-Williams gamma with the wrong sign for single linkage (+1/2 gives the maximum, complete linkage)."""
# caught_by: agglomerate_single_linkage, agglomerate_matches_scipy
# diagnosis: used gamma = +1/2 in the Lance-Williams update, which keeps the larger distance (complete linkage); single linkage needs gamma = -1/2
# visible: yes

# %% agglomerate: replace
            gamma = {"single": -0.5, "complete": 0.5, "weighted": 0.0}[method]
# %% agglomerate: with
            gamma = {"single": 0.5, "complete": 0.5, "weighted": 0.0}[method]
