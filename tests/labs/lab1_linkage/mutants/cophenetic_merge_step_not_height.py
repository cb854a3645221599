"""cophenetic records the merge step (1, 2, ...) instead of the merge height."""
# caught_by: cophenetic_matches_scipy

# %% cophenetic: replace
        C[np.ix_(A, B)] = height
        C[np.ix_(B, A)] = height
# %% cophenetic: with
        C[np.ix_(A, B)] = step + 1
        C[np.ix_(B, A)] = step + 1
