"""cut is SciPy's fcluster, the routine the exercise asks the student to write."""
# class: hidden
# base: cut_one_merge_too_many
# cell: cut
# control: stock
from scipy.cluster.hierarchy import fcluster


def cut(Z, k):
    return fcluster(np.asarray(Z, dtype=float), k, criterion="maxclust") - 1
