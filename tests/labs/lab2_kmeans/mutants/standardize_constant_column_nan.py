"""standardize divides by the standard deviation without a guard, so a constant column becomes NaN (0 / 0)."""
# caught_by: standardize_constant_column_gives_zeros
# diagnosis: divided by a standard deviation of 0: a constant column gives 0 / 0 = NaN; leave such a column at zero
# visible: yes

# %% standardize
def standardize(X):
    X = np.asarray(X, dtype=float)
    return (X - X.mean(axis=0)) / X.std(axis=0)
