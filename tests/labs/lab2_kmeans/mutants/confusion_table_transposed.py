"""confusion_table puts the artists in the rows and the clusters in the columns."""
# caught_by: confusion_table_counts_songs
# diagnosis: put the artists in the rows and the clusters in the columns (the table is transposed)
# visible: yes

# %% confusion_table
def confusion_table(labels, artists):
    labels, artists = np.asarray(labels), np.asarray(artists)
    if labels.shape != artists.shape:
        raise ValueError(f"artists must have the shape of labels {labels.shape}; got {artists.shape}")
    return pd.crosstab(artists, labels)
