"""sample_matches joins the two tests with `or`: a feature whose mean is off still "matches" if its variance is fine."""
# caught_by: sample_matches_p_values
# diagnosis: joined the two tests with or instead of and: a feature matches only when both p-values are at least alpha
# visible: yes

# %% sample_matches: replace
    result["matches"] = (result["p_mean"] >= alpha) & (result["p_var"] >= alpha)
# %% sample_matches: with
    result["matches"] = (result["p_mean"] >= alpha) | (result["p_var"] >= alpha)
