"""sample_matches joins the two tests with `or`: a feature whose mean is off still "matches" if its variance is fine."""
# caught_by: sample_matches_p_values

# %% sample_matches
def sample_matches(X, sample, alpha=0.05):
    X, sample = pd.DataFrame(X), pd.DataFrame(sample)
    if not 0 < alpha < 1:
        raise ValueError(f"alpha must be in (0, 1); got {alpha!r}")
    if list(sample.columns) != list(X.columns):
        raise ValueError("sample must have the columns of X")
    n = len(sample)
    if n < 2:
        raise ValueError(f"sample must have at least 2 rows; got {n}")
    t = (sample.mean() - X.mean()) / np.sqrt(sample.var(ddof=1) / n)
    p_mean = 2 * stats.t.sf(np.abs(t), df=n - 1)
    c = (n - 1) * sample.var(ddof=1) / X.var(ddof=0)
    p_var = 2 * np.minimum(stats.chi2.cdf(c, df=n - 1), stats.chi2.sf(c, df=n - 1))
    result = pd.DataFrame({"p_mean": np.asarray(p_mean, float), "p_var": np.asarray(p_var, float)}, index=X.columns)
    result["matches"] = (result["p_mean"] >= alpha) | (result["p_var"] >= alpha)
    return result
