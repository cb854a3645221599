"""cophenetic unpacks a row of Z as (a, b, size, height): it records the merged cluster's size as the height."""
# caught_by: cophenetic_matches_scipy
# diagnosis: read the merged cluster's size (column 3 of Z) instead of its height (column 2)
# visible: yes

# %% cophenetic: replace
    for step, (a, b, height, _) in enumerate(Z):
# %% cophenetic: with
    for step, (a, b, _, height) in enumerate(Z):
