"""confusion_table gives each cell's share of all songs (crosstab's normalize=True), not counts."""
# caught_by: confusion_table_counts_songs
# diagnosis: gave each cell's share of all the songs (normalize=True) instead of the number of songs
# visible: yes

# %% confusion_table: replace
    return pd.crosstab(pd.Series(labels, name="cluster"), pd.Series(artists, name="artist"))
# %% confusion_table: with
    return pd.crosstab(pd.Series(labels, name="cluster"), pd.Series(artists, name="artist"), normalize=True)
