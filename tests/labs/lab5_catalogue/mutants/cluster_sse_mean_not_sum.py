"""cluster_sse divides each cluster's sum of squares by its size: the mean squared distance (SSE / size, the
section 9 table's column), not the SSE."""
# caught_by: cluster_sse_per_label
# diagnosis: divided each cluster's sum of squares by its size (the mean squared distance) instead of returning the sum
# visible: yes

# %% cluster_sse: replace
    return pd.Series(np.bincount(inverse, weights=squared, minlength=len(names)), index=names, name="sse")
# %% cluster_sse: with
    return pd.Series(np.bincount(inverse, weights=squared, minlength=len(names)) / counts, index=names, name="sse")
