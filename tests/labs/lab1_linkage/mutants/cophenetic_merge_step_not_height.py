"""cophenetic records the merge step (1, 2, ...) instead of the merge height."""
# caught_by: cophenetic_matches_scipy
# diagnosis: recorded the merge's step number (1, 2, ...) instead of its height Z[step, 2]
# visible: yes

# %% cophenetic: replace
        C[np.ix_(A, B)] = height
        C[np.ix_(B, A)] = height
# %% cophenetic: with
        C[np.ix_(A, B)] = step + 1
        C[np.ix_(B, A)] = step + 1
