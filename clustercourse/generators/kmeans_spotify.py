"""Synthetic stand-in for the 600 Spotify songs of lab 2 (k-means).

The original lab clustered 200 songs each by Drake, The Beatles and BTS,
described by eleven audio features of the Spotify Web API. That extract cannot
be redistributed, so this module draws a synthetic table with the same columns,
units and ranges, and with per-artist distributions chosen so that the lab
tells the same story: Drake has far more speechiness and less energy than BTS,
The Beatles are shorter, quieter and more acoustic, and k-means with three
clusters recovers roughly three songs in four, most of its mistakes mixing
Drake and BTS. The numbers are invented; no real song is described.

The model
---------
Each song of artist ``a`` has a latent Gaussian vector of ten unbounded
coordinates, one per feature except ``key``::

    z ~ N(m_a, D_a R D_a)

where ``m_a`` and the diagonal ``D_a`` hold the artist's latent means and
standard deviations (:data:`ARTISTS`) and ``R`` is a correlation matrix shared
by the artists, built from three latent factors, *intensity*, *rap* and
*mood* (:data:`LOADINGS`)::

    R = L L^T + diag(1 - rowsum(L**2))

so that energy and loudness rise together, acousticness falls with them and
valence goes with danceability, as in real audio features. Each coordinate is
then mapped into its feature's range:

=============  =========================================  ===============
feature        transform of the latent coordinate ``u``   stored as
=============  =========================================  ===============
popularity     ``100 * logistic(u)``                      integer 0-100
duration_ms    ``exp(u)`` (``u`` is the log of ms)        integer
danceability   ``logistic(u)``                            3 decimals
energy         ``logistic(u)``                            3 decimals
loudness       ``-exp(-u)`` dB (always below 0)           3 decimals
speechiness    ``logistic(u)``                            4 decimals
acousticness   ``logistic(u)``                            4 decimals
liveness       ``logistic(u)``                            4 decimals
valence        ``logistic(u)``                            3 decimals
tempo          ``exp(u)`` beats per minute                3 decimals
=============  =========================================  ===============

The loudness coordinate is signed so that a larger ``u`` means a louder song
(``u = -log(-loudness)``). ``key`` (pitch class, integer 0-11) is drawn
independently of everything else from :data:`KEY_PROBABILITIES`, the same for
every artist, so in this table it carries no information about the artist.
The 600 rows are then shuffled. Every random number comes from one
:class:`numpy.random.Generator` made from ``seed``.

Calibration: with these parameters k-means (three clusters, z-scored
features, best of ten restarts) puts on average 78 % of the songs in their
artist's majority cluster (the original lab reported 470 of 600), most
mistakes put Drake and BTS in each other's clusters, and the Beatles' cluster
is the purest. ``tests/labs/lab2_kmeans/test_data.py`` checks this on the
committed file.

Run ``python -m clustercourse.generators.kmeans_spotify`` to rewrite
``data/kmeans_spotify.csv``; the output is byte-identical from run to run.
"""

from pathlib import Path

import numpy as np
import pandas as pd

from ..datasets import SPOTIFY_FEATURES
from ..datasets import data_dir

#: The seed of the committed ``data/kmeans_spotify.csv``. The artist parameters were
#: tuned first, so that over seeds 0-39 k-means (k=3, z-scored features) puts
#: 77.7 % +- 2.6 % of songs in their artist's majority cluster; 23 was then
#: picked among the seeds whose share stays within 76-80 % for every k-means
#: initialisation tried, with most mistakes between Drake and BTS.
SEED = 23

#: Songs per artist, as in the original lab.
N_PER_ARTIST = 200

#: Latent coordinates, in the order of the rows of :data:`LOADINGS`.
LATENT = [f for f in SPOTIFY_FEATURES if f != "key"]

#: Per artist: the latent mean and standard deviation of each coordinate
#: (logit of a 0-1 score, log of ms or BPM, minus log of minus dB, logit of
#: popularity / 100). Comments give the median on the feature's own scale.
ARTISTS = {
    "Drake": {
        "popularity":   (0.62, 0.35),    # 65
        "duration_ms":  (12.34, 0.22),   # 229 s
        "danceability": (0.64, 0.55),    # 0.65
        "energy":       (0.30, 0.55),    # 0.57
        "loudness":     (-1.95, 0.28),   # -7.0 dB
        "speechiness":  (-1.55, 0.70),   # 0.175
        "acousticness": (-2.00, 1.10),   # 0.12
        "liveness":     (-1.70, 0.55),   # 0.15
        "valence":      (-0.35, 0.75),   # 0.41
        "tempo":        (4.78, 0.20),    # 119 BPM
    },
    "The Beatles": {
        "popularity":   (0.05, 0.40),    # 51
        "duration_ms":  (11.98, 0.25),   # 160 s
        "danceability": (0.10, 0.55),    # 0.52
        "energy":       (0.10, 0.75),    # 0.52
        "loudness":     (-2.30, 0.28),   # -10 dB
        "speechiness":  (-3.20, 0.40),   # 0.04
        "acousticness": (-0.50, 1.30),   # 0.38
        "liveness":     (-1.45, 0.65),   # 0.19
        "valence":      (0.45, 0.85),    # 0.61
        "tempo":        (4.79, 0.20),    # 120 BPM
    },
    "BTS": {
        "popularity":   (0.48, 0.35),    # 62
        "duration_ms":  (12.29, 0.15),   # 217 s
        "danceability": (0.56, 0.50),    # 0.64
        "energy":       (1.10, 0.60),    # 0.75
        "loudness":     (-1.57, 0.28),   # -4.8 dB
        "speechiness":  (-2.20, 0.60),   # 0.10
        "acousticness": (-2.70, 1.00),   # 0.063
        "liveness":     (-1.60, 0.60),   # 0.17
        "valence":      (0.10, 0.75),    # 0.52
        "tempo":        (4.80, 0.18),    # 122 BPM
    },
}

#: Loadings of the latent coordinates on the factors (intensity, rap, mood).
#: Each row's squared norm is below 1; the rest of its variance is its own.
LOADINGS = np.array([
    # intensity  rap   mood
    [0.00,  0.10,  0.15],   # popularity
    [0.00,  0.10, -0.20],   # duration_ms
    [0.10,  0.35,  0.50],   # danceability
    [0.85,  0.00,  0.20],   # energy
    [0.75,  0.00,  0.00],   # loudness (larger = louder)
    [0.10,  0.75,  0.00],   # speechiness
    [-0.65, 0.00,  0.00],   # acousticness
    [0.20,  0.10,  0.00],   # liveness
    [0.30,  0.00,  0.70],   # valence
    [0.15,  0.00,  0.00],   # tempo
])

#: Probability of each pitch class 0 (C) ... 11 (B), roughly the frequencies in
#: popular music (C, G, D and C#/Db most common); the same for every artist.
KEY_PROBABILITIES = np.array(
    [0.125, 0.110, 0.095, 0.030, 0.070, 0.080, 0.070, 0.115, 0.065, 0.085, 0.055, 0.100])

#: Decimals kept for each float column, as the Spotify API reports them.
DECIMALS = {"danceability": 3, "energy": 3, "loudness": 3, "speechiness": 4,
            "acousticness": 4, "liveness": 4, "valence": 3, "tempo": 3}


def latent_correlation():
    """The within-artist correlation matrix of the latent coordinates.

    Returns
    -------
    R : ndarray of shape (10, 10)
        ``L L^T + diag(1 - rowsum(L**2))`` with ``L`` = :data:`LOADINGS`;
        rows and columns follow :data:`LATENT`.
    """
    common = LOADINGS @ LOADINGS.T
    return common + np.diag(1.0 - np.diag(common))


def _logistic(u):
    return 1.0 / (1.0 + np.exp(-u))


def _sample_latent(artist, n, rng):
    """Draw ``n`` latent vectors of one artist.

    Parameters
    ----------
    artist : str
        A key of :data:`ARTISTS`.
    n : int
        Number of songs.
    rng : numpy.random.Generator

    Returns
    -------
    z : ndarray of shape (n, 10)
        Columns follow :data:`LATENT`.
    """
    mean = np.array([ARTISTS[artist][f][0] for f in LATENT])
    sd = np.array([ARTISTS[artist][f][1] for f in LATENT])
    chol = np.linalg.cholesky(latent_correlation())
    return mean + (rng.standard_normal((n, len(LATENT))) @ chol.T) * sd


def _to_features(z, keys):
    """Map latent vectors and keys to the eleven features in API units.

    Parameters
    ----------
    z : ndarray of shape (n_songs, 10)
        Latent coordinates, columns following :data:`LATENT`.
    keys : ndarray of shape (n_songs,)
        Pitch classes 0-11.

    Returns
    -------
    features : dict of str to ndarray of shape (n_songs,)
    """
    u = dict(zip(LATENT, z.T))
    out = {
        "popularity": np.rint(100 * _logistic(u["popularity"])).astype(np.int64),
        "duration_ms": np.rint(np.exp(u["duration_ms"])).astype(np.int64),
        "key": keys.astype(np.int64),
        "loudness": -np.exp(-u["loudness"]),
        "tempo": np.exp(u["tempo"]),
    }
    for name in ["danceability", "energy", "speechiness", "acousticness",
                 "liveness", "valence"]:
        out[name] = _logistic(u[name])
    for name, decimals in DECIMALS.items():
        out[name] = np.round(out[name], decimals)
    return out


def generate(seed=SEED):
    """Draw the synthetic table of 600 songs.

    Parameters
    ----------
    seed : int, default SEED
        Seed of the one :class:`numpy.random.Generator` used for every draw.

    Returns
    -------
    songs : pandas.DataFrame of shape (600, 12)
        Column ``artist`` then the features of
        :data:`clustercourse.datasets.SPOTIFY_FEATURES`, rows shuffled.
    """
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed should be a non-negative integer; got {seed!r}")
    rng = np.random.default_rng(seed)
    frames = []
    for artist in ARTISTS:
        z = _sample_latent(artist, N_PER_ARTIST, rng)
        keys = rng.choice(12, size=N_PER_ARTIST, p=KEY_PROBABILITIES)
        features = _to_features(z, keys)
        frame = pd.DataFrame({"artist": artist,
                              **{f: features[f] for f in SPOTIFY_FEATURES}})
        frames.append(frame)
    songs = pd.concat(frames, ignore_index=True)
    order = rng.permutation(len(songs))
    return songs.iloc[order].reset_index(drop=True)


def to_csv_text(songs):
    """The CSV text written for ``songs`` (``\\n`` line ends, no index)."""
    return songs.to_csv(index=False, lineterminator="\n")


def write(path=None, seed=SEED):
    """Generate the table and write it as CSV.

    Parameters
    ----------
    path : str or os.PathLike, optional
        Destination; default ``data_dir() / "kmeans_spotify.csv"``.
    seed : int, default SEED

    Returns
    -------
    path : pathlib.Path
        The file written.
    """
    path = data_dir() / "kmeans_spotify.csv" if path is None else Path(path)
    if not path.parent.is_dir():
        raise ValueError(f"path should be in an existing folder; got {str(path)!r}")
    path.write_bytes(to_csv_text(generate(seed)).encode("utf-8"))
    return path


def main():
    """Rewrite ``data/kmeans_spotify.csv`` and say where."""
    print(f"wrote {write()}")


if __name__ == "__main__":
    main()
