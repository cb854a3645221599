"""Loaders for the data sets in ``data/`` (provenance in ``data/README.md``).

Every lab reads its data through these functions, so a notebook works the
same from ``release/``, ``solutions/`` or an nbgrader ``autograded/`` folder.
"""

import json
import os
from pathlib import Path

import pandas as pd

#: Environment variable naming the data folder (the grader sets it for every kernel).
ENV_DATA = "CLUSTERCOURSE_DATA"

#: The eleven Spotify audio features of lab 2, in the order of the original lab.
SPOTIFY_FEATURES = [
    "popularity", "duration_ms", "danceability", "energy", "key", "loudness",
    "speechiness", "acousticness", "liveness", "valence", "tempo",
]

#: The columns of the halo catalogue of lab 5.
HALO_IOM = ["E", "Lz", "Lperp"]
HALO_PHASE_SPACE = ["x", "y", "z", "vx", "vy", "vz"]


def data_dir() -> Path:
    """The folder of the data files: ``CLUSTERCOURSE_DATA``, else the nearest ``data/`` at or above the working folder.

    (A notebook runs in ``release/<lab>/``, ``solutions/<lab>/`` or an nbgrader
    ``autograded/<student>/<lab>/`` folder of the course, or beside its data in a hand-out.)
    """
    named = os.environ.get(ENV_DATA)
    if named:
        return Path(named).resolve()
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / "data" / "README.md").is_file():
            return folder / "data"
    raise FileNotFoundError(f"no data/ folder (with its README.md) at or above {here}; set {ENV_DATA} to the "
                            "course's data folder")


def _path(name):
    path = data_dir() / name
    if not path.exists():
        raise FileNotFoundError(
            f"data file {path} is missing; see data/README.md for how to regenerate it")
    return path


def load_spotify():
    """600 songs by three artists: column ``artist`` and the 11 audio features."""
    return pd.read_csv(_path("kmeans_spotify.csv"))


def load_gmm1d():
    """Samples of the two-component 1-D mixture of lab 3 and its true parameters.

    Returns
    -------
    x : ndarray of shape (n_samples,)
    truth : dict with keys ``pi`` (prior of component 1), ``mu``, ``sigma``
        (lists of two) and the generator's ``seed`` and ``n_samples``.
    """
    x = pd.read_csv(_path("gmm1d.csv"))["x"].to_numpy()
    truth = json.loads(_path("gmm1d_truth.json").read_text())
    return x, truth


def load_old_faithful():
    """Old Faithful eruptions: columns ``eruptions`` (minutes) and ``waiting`` (minutes)."""
    return pd.read_csv(_path("gmm_old_faithful.csv"))


def load_halo(nrows=None):
    """The synthetic halo catalogue of lab 5 (``nrows`` reads only the first rows)."""
    return pd.read_csv(_path("catalogue_halo.csv.gz"), nrows=nrows)
