"""standardize divides by the standard deviation without a guard, so a constant column becomes NaN (0 / 0)."""
# caught_by: standardize_constant_column_gives_zeros

# %% standardize
def standardize(X):
    X = np.asarray(X, dtype=float)
    return (X - X.mean(axis=0)) / X.std(axis=0)
