"""UPGMA by hand with the plain mean of the two old distances (WPGMA): last merge 0.6125, not 0.6167."""
# caught_by: upgma_heights_by_hand
# diagnosis: averaged the two old distances with equal weights (that is WPGMA); UPGMA weights each by the size of its cluster
# visible: yes

# %% upgma_heights
upgma_heights = [0.1, 0.3, 0.5, 0.6125]
