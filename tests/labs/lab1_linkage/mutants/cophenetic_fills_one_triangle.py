"""cophenetic writes each merge height only into C[A, B], never into C[B, A]."""
# caught_by: cophenetic_matches_scipy
# diagnosis: filled only C[A, B]: the cophenetic matrix is symmetric, so set C[B, A] to the same height
# visible: yes

# %% cophenetic: replace
        C[np.ix_(A, B)] = height
        C[np.ix_(B, A)] = height
# %% cophenetic: with
        C[np.ix_(A, B)] = height
