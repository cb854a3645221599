"""Plotting helpers shared by the labs. Each takes ``ax=None`` (or ``axes``) and draws on it."""

import matplotlib.pyplot as plt
import numpy as np
from scipy.cluster import hierarchy


# --- dendrograms, partitions and groups ---

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


def plot_groups(X, groups, ax=None, title=None, xlabel=None, ylabel=None, **kwargs):
    """Scatter the first two columns of ``X``, one colour and one legend entry per group.

    Parameters
    ----------
    X : array-like of shape (n, >= 2)
    groups : array-like of shape (n,)
        Any labels (cluster numbers, artist names); groups are drawn in sorted order.
    ax : matplotlib Axes, optional
    title, xlabel, ylabel : str, optional
    **kwargs
        Passed on to :meth:`matplotlib.axes.Axes.scatter`.
    """
    ax = ax or plt.gca()
    X = np.asarray(X)
    groups = np.asarray(groups)
    kwargs.setdefault("s", 12)
    kwargs.setdefault("alpha", 0.7)
    colours = plt.get_cmap("tab10").colors
    for i, group in enumerate(np.unique(groups)):
        member = groups == group
        ax.scatter(X[member, 0], X[member, 1], color=colours[i % len(colours)], label=str(group), **kwargs)
    ax.legend(fontsize="small", markerscale=1.5)
    for text, setter in ((title, ax.set_title), (xlabel, ax.set_xlabel), (ylabel, ax.set_ylabel)):
        if text:
            setter(text)
    return ax


# --- mixtures in one dimension: components, responsibilities, the log-likelihood ---

def plot_mixture_1d(x, pi, mu, sigma, ax=None, bins=60, title=None, label_prefix=""):
    """Histogram of ``x`` with the two weighted component densities and their sum.

    The mixture is ``p(x) = (1 - pi) N(x; mu[0], sigma[0]^2) + pi N(x; mu[1], sigma[1]^2)``:
    ``pi`` is the prior of component 1.

    Parameters
    ----------
    x : array-like of shape (n,)
    pi : float
        Prior of component 1.
    mu, sigma : array-like of shape (2,)
        Means and standard deviations of components 0 and 1.
    ax : matplotlib Axes, optional
    bins : int, default 60
    title : str, optional
    label_prefix : str, optional
        Put in front of the legend labels (e.g. ``"k-means: "``).
    """
    from scipy.stats import norm

    ax = ax or plt.gca()
    x = np.asarray(x, dtype=float)
    mu, sigma = np.asarray(mu, dtype=float), np.asarray(sigma, dtype=float)
    pad = 0.05 * (x.max() - x.min() or 1.0)
    grid = np.linspace(x.min() - pad, x.max() + pad, 400)
    weighted = [(1 - pi) * norm.pdf(grid, mu[0], sigma[0]), pi * norm.pdf(grid, mu[1], sigma[1])]
    ax.hist(x, bins=bins, density=True, color="0.8", label="data")
    for k, (density, colour) in enumerate(zip(weighted, ("tab:orange", "tab:blue"))):
        weight = 1 - pi if k == 0 else pi
        ax.plot(grid, density, "--", color=colour,
                label=f"{label_prefix}component {k} (weight {weight:.2f})")
    ax.plot(grid, weighted[0] + weighted[1], color="black", lw=1.5, label=f"{label_prefix}mixture")
    ax.set_xlabel("x")
    ax.set_ylabel("density")
    ax.legend(fontsize="small")
    if title:
        ax.set_title(title)
    return ax


def plot_responsibilities(x, gamma, ax=None, label=None, title=None):
    """The responsibility of component 1 against x, as a line through the sorted points.

    Parameters
    ----------
    x : array-like of shape (n,)
    gamma : array-like of shape (n,)
        P(component 1 | x_i) for each point.
    ax : matplotlib Axes, optional
    label, title : str, optional
    """
    ax = ax or plt.gca()
    x, gamma = np.asarray(x, dtype=float), np.asarray(gamma, dtype=float)
    order = np.argsort(x)
    ax.plot(x[order], gamma[order], label=label)
    ax.plot(x, np.full_like(x, -0.04), "|", color="0.5", markersize=6, alpha=0.3)
    ax.axhline(0.5, color="0.7", lw=0.8, ls=":")
    ax.set_ylim(-0.08, 1.05)
    ax.set_xlabel("x")
    ax.set_ylabel(r"$\gamma$ = P(component 1 | x)")
    if label:
        ax.legend(fontsize="small")
    if title:
        ax.set_title(title)
    return ax


def plot_log_likelihood(history, ax=None, gap=False, label=None):
    """Log-likelihood per EM iteration; with ``gap=True``, its distance to the last value (log scale).

    Parameters
    ----------
    history : array-like of shape (n_iterations,)
    ax : matplotlib Axes, optional
    gap : bool, default False
        Plot ``history[-1] - history[t]`` on a log scale instead, which shows the rate of convergence
        (the last point, where the gap is 0, is left out).
    label : str, optional
    """
    ax = ax or plt.gca()
    history = np.asarray(history, dtype=float)
    t = np.arange(len(history))
    if gap:
        ax.semilogy(t[:-1], history[-1] - history[:-1], ".-", label=label)
        ax.set_ylabel("final log-likelihood minus current")
    else:
        ax.plot(t, history, ".-", label=label)
        ax.set_ylabel("log-likelihood")
    ax.set_xlabel("iteration")
    if label:
        ax.legend(fontsize="small")
    return ax


# --- Gaussians in d dimensions ---

def plot_gaussian_ellipses(mean, cov, ax=None, n_std=(1, 2), **kwargs):
    """Draw the n-sigma ellipses of a 2-D Gaussian, ``(x - mean)^T cov^{-1} (x - mean) = n^2``.

    The ellipse axes point along the eigenvectors of ``cov``; their half-lengths are
    ``n * sqrt(eigenvalue)``. In 2-D the 1-sigma ellipse holds 39 % of the probability and the
    2-sigma ellipse 86 % (not the 68 % and 95 % of one dimension).

    Parameters
    ----------
    mean : array-like of shape (2,)
    cov : array-like of shape (2, 2)
        Symmetric positive semi-definite covariance.
    ax : matplotlib Axes, optional
    n_std : float or sequence of float, default (1, 2)
        One ellipse per value; they are drawn solid, dashed, dotted, ...
    **kwargs
        Passed on to :class:`matplotlib.patches.Ellipse` (default: unfilled, black edge).

    Returns
    -------
    list of matplotlib.patches.Ellipse
    """
    from matplotlib.patches import Ellipse

    ax = ax or plt.gca()
    mean, cov = np.asarray(mean, dtype=float), np.asarray(cov, dtype=float)
    if mean.shape != (2,) or cov.shape != (2, 2):
        raise ValueError(f"mean and cov must have shapes (2,) and (2, 2); got {mean.shape} and {cov.shape}")
    eigenvalues, eigenvectors = np.linalg.eigh(cov)             # ascending eigenvalues
    if eigenvalues[0] < -1e-12 * max(1.0, abs(eigenvalues[1])):
        raise ValueError(f"cov must be positive semi-definite; its eigenvalues are {eigenvalues}")
    half_minor, half_major = np.sqrt(np.clip(eigenvalues, 0.0, None))
    angle = np.degrees(np.arctan2(eigenvectors[1, 1], eigenvectors[0, 1]))   # the major axis
    kwargs.setdefault("fill", False)
    if "color" not in kwargs:
        kwargs.setdefault("edgecolor", "black")
    styles = ("-", "--", ":", "-.")
    patches = []
    for i, n in enumerate(np.atleast_1d(n_std)):
        style = kwargs.get("linestyle", kwargs.get("ls", styles[i % len(styles)]))
        extra = {k: v for k, v in kwargs.items() if k not in ("linestyle", "ls")}
        patch = Ellipse(mean, width=2 * n * half_major, height=2 * n * half_minor, angle=angle,
                        linestyle=style, **extra)
        ax.add_patch(patch)
        patches.append(patch)
    ax.autoscale_view()
    return patches
