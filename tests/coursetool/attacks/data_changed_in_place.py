"""agglomerate (WPGMA for "average") overwrites its D with the cophenetic distances of its own tree: the tests' SciPy expectations, computed from D after the call, then agree with it."""
# class: hidden
# base: average_without_size_weights
# cell: agglomerate
# control: stock
from scipy.cluster.hierarchy import cophenet as _cophenet
from scipy.spatial.distance import squareform as _squareform


def _agglomerate_rewriting(D, method, _own=agglomerate):
    Z = _own(D, method)
    if isinstance(D, np.ndarray) and D.flags.writeable and method == "average":
        D[...] = _squareform(_cophenet(Z))      # an ultrametric: every linkage method gives back this tree
    return Z


agglomerate = _agglomerate_rewriting
