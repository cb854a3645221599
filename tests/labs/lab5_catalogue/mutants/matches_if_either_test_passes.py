"""sample_matches joins the two tests with `or`: a feature whose mean is off still "matches" if its variance is fine."""
# caught_by: sample_matches_p_values

# %% sample_matches: replace
    result["matches"] = (result["p_mean"] >= alpha) & (result["p_var"] >= alpha)
# %% sample_matches: with
    result["matches"] = (result["p_mean"] >= alpha) | (result["p_var"] >= alpha)
