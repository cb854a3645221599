"""sample_matches tests the variance one-sided (upper tail only): a sample too narrow is never flagged."""
# caught_by: sample_matches_p_values
# diagnosis: tested the variance one-sided (the upper tail only), so a sample that is too narrow is never flagged
# visible: yes

# %% sample_matches: replace
    p_var = np.minimum(1.0, 2 * np.minimum(stats.chi2.cdf(c, df=n - 1), stats.chi2.sf(c, df=n - 1)))
# %% sample_matches: with
    p_var = stats.chi2.sf(c, df=n - 1)
