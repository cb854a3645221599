"""Checks of ``data/kmeans_spotify.csv``, the synthetic songs of lab 2.

The file must be what its generator writes, look like Spotify audio features,
tell the lab's story (Drake talks more and is calmer than BTS; The Beatles are
shorter, quieter and more acoustic) and cluster the way the original lab did:
k-means with three clusters on z-scored features puts 70-85 % of the songs in
their artist's majority cluster, most mistakes mixing Drake and BTS.
scikit-learn's KMeans is the independent oracle.
"""

import numpy as np
import pandas as pd
import pytest
from sklearn.cluster import KMeans

from clustercourse.datasets import SPOTIFY_FEATURES, load_spotify
from clustercourse.generators import kmeans_spotify
from clustercourse.datasets import data_dir

ARTISTS = ["Drake", "The Beatles", "BTS"]
INTEGER_COLUMNS = ["popularity", "duration_ms", "key"]
UNIT_SCORES = ["danceability", "energy", "speechiness", "acousticness",
               "liveness", "valence"]


@pytest.fixture(scope="module")
def songs():
    return load_spotify()


@pytest.fixture(scope="module")
def artist_means(songs):
    return songs.groupby("artist")[SPOTIFY_FEATURES].mean()


#: k-means initialisations tried: the target must not hinge on one of them.
RANDOM_STATES = [0, 1, 2]


def kmeans_table(songs, random_state):
    """Songs of each artist (columns) in each k-means cluster (rows).

    k-means with three clusters on the z-scores of the eleven features, best
    of ten restarts, as in the original lab.
    """
    X = songs[SPOTIFY_FEATURES].to_numpy(dtype=float)
    Z = (X - X.mean(axis=0)) / X.std(axis=0)
    labels = KMeans(n_clusters=3, n_init=10, random_state=random_state).fit_predict(Z)
    return pd.crosstab(labels, songs["artist"])[ARTISTS]


@pytest.fixture(scope="module")
def tables(songs):
    return {rs: kmeans_table(songs, rs) for rs in RANDOM_STATES}


# --- the file is its generator's output -------------------------------------

def test_write_reproduces_committed_csv_byte_for_byte(tmp_path):
    committed = (data_dir() / "kmeans_spotify.csv").read_bytes()
    fresh = kmeans_spotify.write(tmp_path / "kmeans_spotify.csv").read_bytes()
    assert fresh == committed, (
        "expected `python -m clustercourse.generators.kmeans_spotify` to reproduce "
        f"data/kmeans_spotify.csv exactly; got {len(fresh)} bytes against {len(committed)} committed")


def test_generate_rejects_a_negative_seed():
    with pytest.raises(ValueError, match="seed"):
        kmeans_spotify.generate(seed=-1)


# --- columns, types, units ---------------------------------------------------

def test_columns_are_artist_then_the_eleven_features(songs):
    expected = ["artist"] + SPOTIFY_FEATURES
    assert list(songs.columns) == expected, (
        f"expected columns {expected}; got {list(songs.columns)}")


def test_integer_features_are_integers_and_others_floats(songs):
    for column in INTEGER_COLUMNS:
        assert pd.api.types.is_integer_dtype(songs[column]), (
            f"expected {column} to be integer; got dtype {songs[column].dtype}")
    for column in sorted(set(SPOTIFY_FEATURES) - set(INTEGER_COLUMNS)):
        assert pd.api.types.is_float_dtype(songs[column]), (
            f"expected {column} to be float; got dtype {songs[column].dtype}")


def test_two_hundred_songs_per_artist(songs):
    counts = songs["artist"].value_counts().to_dict()
    assert counts == {artist: 200 for artist in ARTISTS}, (
        f"expected 200 songs by each of {ARTISTS}; got {counts}")


def test_rows_are_shuffled_not_grouped_by_artist(songs):
    # 600 rows in random order change artist about 400 times; grouped rows change 2 times.
    changes = int((songs["artist"] != songs["artist"].shift()).sum() - 1)
    assert changes > 300, f"expected over 300 artist changes between rows; got {changes}"


def test_features_lie_in_spotify_api_ranges(songs):
    ranges = {column: (0.0, 1.0) for column in UNIT_SCORES}
    ranges.update({"popularity": (0, 100), "key": (0, 11), "loudness": (-60.0, -1e-9),
                   "tempo": (40.0, 250.0), "duration_ms": (30_000, 900_000)})
    for column, (low, high) in ranges.items():
        actual = (songs[column].min(), songs[column].max())
        assert low <= actual[0] and actual[1] <= high, (
            f"expected {column} within [{low}, {high}]; got [{actual[0]}, {actual[1]}]")


def test_floats_carry_api_precision(songs):
    for column, decimals in kmeans_spotify.DECIMALS.items():
        values = songs[column].to_numpy()
        assert np.array_equal(values, np.round(values, decimals)), (
            f"expected {column} rounded to {decimals} decimals; got more digits")


# --- the story of the lab ----------------------------------------------------

def test_drake_has_more_speechiness_and_less_energy_than_bts(artist_means):
    drake, bts = artist_means.loc["Drake"], artist_means.loc["BTS"]
    assert drake.speechiness > 1.5 * bts.speechiness, (
        f"expected Drake's mean speechiness over 1.5 x BTS's; "
        f"got {drake.speechiness:.3f} vs {bts.speechiness:.3f}")
    assert drake.energy < bts.energy - 0.1, (
        f"expected Drake's mean energy at least 0.1 below BTS's; "
        f"got {drake.energy:.3f} vs {bts.energy:.3f}")


def test_beatles_are_shortest_quietest_and_most_acoustic(artist_means):
    for column, pick, word in [("duration_ms", "idxmin", "shortest"),
                               ("loudness", "idxmin", "quietest"),
                               ("acousticness", "idxmax", "most acoustic")]:
        actual = getattr(artist_means[column], pick)()
        assert actual == "The Beatles", (
            f"expected The Beatles to be the {word} ({column}); got {actual} "
            f"with means {artist_means[column].round(3).to_dict()}")


def test_energy_goes_with_loudness_and_against_acousticness(songs):
    # Measured on the committed file: +0.72 and -0.64.
    r_loud = songs["energy"].corr(songs["loudness"])
    r_acoustic = songs["energy"].corr(songs["acousticness"])
    assert r_loud > 0.5, f"expected corr(energy, loudness) > 0.5; got {r_loud:.2f}"
    assert r_acoustic < -0.4, f"expected corr(energy, acousticness) < -0.4; got {r_acoustic:.2f}"


# --- how k-means does: the calibration target --------------------------------

@pytest.mark.parametrize("random_state", RANDOM_STATES)
def test_kmeans_majority_clusters_are_three_different_clusters(tables, random_state):
    homes = tables[random_state].idxmax(axis=0).to_dict()
    assert len(set(homes.values())) == 3, (
        f"expected each artist's majority in a different cluster; got {homes}")


@pytest.mark.parametrize("random_state", RANDOM_STATES)
def test_kmeans_puts_70_to_85_percent_in_artist_majority_cluster(songs, tables, random_state):
    table = tables[random_state]
    share = table.max(axis=0).sum() / len(songs)
    assert 0.70 <= share <= 0.85, (
        f"expected 70-85 % of songs in their artist's majority cluster (the original "
        f"lab: 78 %); got {share:.1%} with table\n{table}")


@pytest.mark.parametrize("random_state", RANDOM_STATES)
def test_kmeans_mistakes_are_mostly_between_drake_and_bts(songs, tables, random_state):
    table = tables[random_state]
    home = table.idxmax(axis=0)
    mistakes = len(songs) - table.max(axis=0).sum()
    drake_bts = table.loc[home["BTS"], "Drake"] + table.loc[home["Drake"], "BTS"]
    assert drake_bts > mistakes / 2, (
        f"expected Drake<->BTS confusions to be over half of the {mistakes} misplaced "
        f"songs; got {drake_bts} with table\n{table}")
