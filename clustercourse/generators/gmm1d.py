"""Samples of the two-component 1-D Gaussian mixture of lab 3 (EM).

The original lab shipped 2000 draws from

    p(x) = (1 - pi) N(x; mu_0, sigma_0^2) + pi N(x; mu_1, sigma_1^2)

with ``mu = [1.3, -1.8]``, ``sigma = [0.7, 1.5]`` and ``pi = 0.3``, the prior
of component 1 (not 0). This module draws a fresh sample from the same
mixture: for each point a component label ``z ~ Bernoulli(pi)``, then
``x ~ N(mu_z, sigma_z^2)``. The labels are not stored; the lab recovers the
parameters from ``x`` alone.

Two files are written: ``gmm1d.csv`` (one column ``x``, each value in the
shortest text that reads back to the same float) and ``gmm1d_truth.json``
(``pi``, ``mu``, ``sigma``, ``n_samples``, ``seed`` and ``generator``). Run
``python -m clustercourse.generators.gmm1d`` to rewrite both; the output is
byte-identical from run to run.
"""

import json
from pathlib import Path

import numpy as np
import pandas as pd

from ..datasets import data_dir

#: The seed of the committed ``data/gmm1d.csv``.
SEED = 1930

#: The mixture of the original lab.
PI = 0.3
MU = (1.3, -1.8)
SIGMA = (0.7, 1.5)
N_SAMPLES = 2000

#: Recorded in the JSON (not ``__name__``, which is ``"__main__"`` under ``-m``).
GENERATOR = "clustercourse.generators.gmm1d"


def _check(seed, n_samples, pi, mu, sigma):
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed should be a non-negative integer; got {seed!r}")
    if (isinstance(n_samples, bool) or not isinstance(n_samples, (int, np.integer))
            or n_samples < 1):
        raise ValueError(f"n_samples should be a positive integer; got {n_samples!r}")
    if not 0.0 < pi < 1.0:
        raise ValueError(f"pi should be in (0, 1); got {pi!r}")
    mu = np.asarray(mu, dtype=float)
    sigma = np.asarray(sigma, dtype=float)
    if mu.shape != (2,):
        raise ValueError(f"mu should hold 2 means; got shape {mu.shape}")
    if sigma.shape != (2,) or not np.all(sigma > 0):
        raise ValueError(f"sigma should hold 2 positive standard deviations; got {sigma.tolist()}")
    return mu, sigma


def generate(seed=SEED, n_samples=N_SAMPLES, pi=PI, mu=MU, sigma=SIGMA):
    """Draw samples of the two-component mixture.

    Parameters
    ----------
    seed : int, default SEED
        Seed of the one :class:`numpy.random.Generator` used for every draw.
    n_samples : int, default 2000
    pi : float, default 0.3
        Prior probability of component 1.
    mu : sequence of 2 floats, default (1.3, -1.8)
        Means of components 0 and 1.
    sigma : sequence of 2 floats, default (0.7, 1.5)
        Standard deviations of components 0 and 1.

    Returns
    -------
    x : ndarray of shape (n_samples,)
        The samples, in the order drawn.
    truth : dict
        ``pi``, ``mu``, ``sigma``, ``n_samples``, ``seed`` and ``generator``
        (this module's name), as stored in ``gmm1d_truth.json``.
    """
    mu, sigma = _check(seed, n_samples, pi, mu, sigma)
    rng = np.random.default_rng(seed)
    z = (rng.random(n_samples) < pi).astype(int)
    x = mu[z] + sigma[z] * rng.standard_normal(n_samples)
    truth = {"pi": float(pi), "mu": mu.tolist(), "sigma": sigma.tolist(),
             "n_samples": int(n_samples), "seed": int(seed), "generator": GENERATOR}
    return x, truth


def to_text(x, truth):
    """The texts of the CSV and JSON files for ``x`` and ``truth``.

    Parameters
    ----------
    x : ndarray of shape (n_samples,)
    truth : dict

    Returns
    -------
    csv_text, json_text : str
        ``\\n`` line ends; floats written by ``repr`` so they read back exactly.
    """
    csv_text = pd.DataFrame({"x": x}).to_csv(index=False, lineterminator="\n")
    json_text = json.dumps(truth, indent=2) + "\n"
    return csv_text, json_text


def write(path=None, seed=SEED):
    """Generate the sample and write ``gmm1d.csv`` and ``gmm1d_truth.json``.

    Parameters
    ----------
    path : str or os.PathLike, optional
        The CSV's destination, default ``data_dir() / "gmm1d.csv"``; the JSON
        goes beside it as ``gmm1d_truth.json``.
    seed : int, default SEED

    Returns
    -------
    csv_path, json_path : pathlib.Path
    """
    csv_path = data_dir() / "gmm1d.csv" if path is None else Path(path)
    if not csv_path.parent.is_dir():
        raise ValueError(f"path should be in an existing folder; got {str(csv_path)!r}")
    json_path = csv_path.parent / "gmm1d_truth.json"
    csv_text, json_text = to_text(*generate(seed))
    csv_path.write_bytes(csv_text.encode("utf-8"))
    json_path.write_bytes(json_text.encode("utf-8"))
    return csv_path, json_path


def main():
    """Rewrite ``data/gmm1d.csv`` and ``data/gmm1d_truth.json`` and say where."""
    for path in write():
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
