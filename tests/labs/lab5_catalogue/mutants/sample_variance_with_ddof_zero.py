"""sample_matches estimates the sample's variance with ddof=0 (numpy's default), not ddof=1: s^2 too small by
(n - 1) / n, so both p-values are off, badly for small samples."""
# caught_by: sample_matches_p_values
# diagnosis: computed the sample's variance with ddof=0 (dividing by n) instead of ddof=1 (dividing by n - 1)
# visible: yes

# %% sample_matches: replace
    m, s2 = sample.mean(), sample.var(ddof=1)
# %% sample_matches: with
    m, s2 = sample.mean(), sample.var(ddof=0)
