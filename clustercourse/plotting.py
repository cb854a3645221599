"""Plotting helpers shared by the labs. Each takes ``ax=None`` (or ``axes``) and draws on it."""

import matplotlib.pyplot as plt
import numpy as np
from scipy.cluster import hierarchy


def plot_dendrograms(linkages, labels=None, axes=None, **kwargs):
    """Draw one dendrogram per linkage matrix, side by side, on a shared height axis.

    Parameters
    ----------
    linkages : dict of str -> ndarray of shape (n - 1, 4)
        Panel title -> SciPy-format linkage matrix.
    labels : list of str, optional
        Leaf labels, in the order of the original points.
    axes : sequence of matplotlib Axes, optional
        One per linkage; new axes are made when omitted.
    **kwargs
        Passed on to :func:`scipy.cluster.hierarchy.dendrogram`.
    """
    if axes is None:
        _, axes = plt.subplots(1, len(linkages), figsize=(3.2 * len(linkages), 3.0),
                               sharey=True, squeeze=False)
        axes = axes[0]
    kwargs.setdefault("no_labels", labels is None)
    top = 0.0
    for ax, (title, Z) in zip(axes, linkages.items()):
        Z = np.asarray(Z, dtype=float)
        hierarchy.dendrogram(Z, labels=labels, ax=ax, **kwargs)
        ax.set_title(title)
        top = max(top, Z[:, 2].max())
    for ax in axes:
        ax.set_ylim(0, 1.05 * top)
    axes[0].set_ylabel("merge height")
    return axes


def plot_partition(X, labels, ax=None, title=None, **kwargs):
    """Scatter the first two columns of ``X`` coloured by cluster label."""
    ax = ax or plt.gca()
    X = np.asarray(X)
    kwargs.setdefault("s", 12)
    ax.scatter(X[:, 0], X[:, 1], c=np.asarray(labels), cmap="tab10", **kwargs)
    if title:
        ax.set_title(title)
    ax.set_aspect("equal", adjustable="datalim")
    return ax
