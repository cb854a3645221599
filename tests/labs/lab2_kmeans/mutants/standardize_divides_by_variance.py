"""standardize divides the centred columns by their variance instead of their standard deviation."""
# caught_by: standardize_gives_zero_mean_unit_std
# diagnosis: divided by the variance; z-scores divide by the standard deviation, its square root
# visible: yes

# %% standardize: replace
    std = X.std(axis=0)
# %% standardize: with
    std = X.var(axis=0)
