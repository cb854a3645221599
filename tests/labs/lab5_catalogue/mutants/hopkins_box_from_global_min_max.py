"""hopkins takes X.min() and X.max() without axis=0: one range for all columns, so the reference points fill a box
far wider than the data in every column but the widest."""
# caught_by: hopkins_samples_rows_and_box
# diagnosis: took the minimum and maximum over all of X instead of per column (axis=0)
# visible: yes

# %% hopkins: replace
    U = rng.uniform(X.min(axis=0), X.max(axis=0), size=(m, d))
# %% hopkins: with
    U = rng.uniform(X.min(), X.max(), size=(m, d))
