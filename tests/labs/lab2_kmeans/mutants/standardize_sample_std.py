"""standardize divides by the sample standard deviation (ddof=1, pandas' default) instead of numpy's ddof=0."""
# caught_by: standardize_gives_zero_mean_unit_std
# diagnosis: divided by the sample standard deviation (ddof=1, pandas' default); z-scores here use the population one, ddof=0 (numpy's default)
# visible: yes

# %% standardize
def standardize(X):
    X = np.asarray(X, dtype=float)
    std = X.std(axis=0, ddof=1)
    std = np.where(std > 0, std, 1.0)
    return (X - X.mean(axis=0)) / std
