"""Checks of the data of lab 3: the synthetic 1-D mixture and Old Faithful.

``gmm1d.csv`` must be what its generator writes, from the original lab's
mixture, and look like a sample of it. ``gmm_old_faithful.csv`` must be R's
``datasets::faithful`` unchanged: 272 eruptions, two columns, its known means
and its two modes.
"""


import numpy as np
import pytest
from scipy import stats

from clustercourse.datasets import load_gmm1d, load_old_faithful
from clustercourse.generators import gmm1d
from clustercourse.datasets import data_dir

PI, MU, SIGMA, N = 0.3, np.array([1.3, -1.8]), np.array([0.7, 1.5]), 2000
WEIGHTS = np.array([1 - PI, PI])


@pytest.fixture(scope="module")
def sample():
    return load_gmm1d()


def mixture_moments():
    """Mean, variance and fourth central moment of the true mixture."""
    mean = WEIGHTS @ MU
    d = MU - mean
    var = WEIGHTS @ (SIGMA**2 + d**2)
    # E[(X - mean)^4] of N(m, s^2) is d^4 + 6 d^2 s^2 + 3 s^4 with d = m - mean.
    m4 = WEIGHTS @ (d**4 + 6 * d**2 * SIGMA**2 + 3 * SIGMA**4)
    return mean, var, m4


# --- gmm1d: the files are the generator's output -----------------------------

def test_write_reproduces_committed_csv_and_json_byte_for_byte(tmp_path):
    csv_path, json_path = gmm1d.write(tmp_path / "gmm1d.csv")
    for fresh, name in [(csv_path, "gmm1d.csv"), (json_path, "gmm1d_truth.json")]:
        committed = (data_dir() / name).read_bytes()
        assert fresh.read_bytes() == committed, (
            f"expected `python -m clustercourse.generators.gmm1d` to reproduce "
            f"data/{name} exactly; got a different {fresh.stat().st_size} bytes "
            f"against {len(committed)} committed")


def test_csv_reads_back_the_generated_floats_exactly(sample):
    x, _ = sample
    expected, _ = gmm1d.generate()
    assert np.array_equal(x, expected), (
        f"expected the CSV to hold the generated floats exactly; "
        f"largest difference {np.max(np.abs(x - expected)):.3g}")


@pytest.mark.parametrize("argument, bad", [
    ("seed", -1), ("n_samples", 0), ("pi", 1.0), ("mu", [1.0]), ("sigma", [0.7, -1.5])])
def test_generate_rejects_invalid_argument_by_name(argument, bad):
    with pytest.raises(ValueError, match=argument):
        gmm1d.generate(**{argument: bad})


# --- gmm1d: the truth is the original lab's ----------------------------------

def test_truth_holds_the_original_labs_parameters(sample):
    _, truth = sample
    expected = {"pi": 0.3, "mu": [1.3, -1.8], "sigma": [0.7, 1.5], "n_samples": 2000,
                "seed": gmm1d.SEED, "generator": "clustercourse.generators.gmm1d"}
    assert truth == expected, f"expected gmm1d_truth.json to be {expected}; got {truth}"


def test_sample_is_one_column_x_of_n_samples_floats():
    columns = (data_dir() / "gmm1d.csv").read_text().splitlines()[0]
    assert columns == "x", f"expected the single column 'x'; got header {columns!r}"
    x, truth = load_gmm1d()
    assert x.shape == (truth["n_samples"],), (
        f"expected shape ({truth['n_samples']},); got {x.shape}")
    assert x.dtype == np.float64, f"expected float64; got {x.dtype}"


# --- gmm1d: the sample looks like the mixture --------------------------------

def test_sample_mean_within_4_standard_errors_of_mixture_mean(sample):
    x, _ = sample
    mean, var, _ = mixture_moments()
    se = np.sqrt(var / N)
    assert abs(x.mean() - mean) < 4 * se, (
        f"expected the sample mean within 4 SE ({4 * se:.3f}) of {mean:.3f}; got {x.mean():.3f}")


def test_sample_variance_within_4_standard_errors_of_mixture_variance(sample):
    x, _ = sample
    _, var, m4 = mixture_moments()
    se = np.sqrt((m4 - var**2) / N)  # large-n standard error of the sample variance
    assert abs(x.var() - var) < 4 * se, (
        f"expected the sample variance within 4 SE ({4 * se:.3f}) of {var:.3f}; "
        f"got {x.var():.3f}")


def test_sample_follows_the_mixture_cdf_by_kolmogorov_smirnov(sample):
    x, _ = sample

    def cdf(t):
        return WEIGHTS @ stats.norm.cdf(np.subtract.outer(t, MU).T / SIGMA[:, None])

    result = stats.kstest(x, cdf)
    assert result.pvalue > 1e-3, (
        f"expected the KS test not to reject the mixture (p > 0.001); "
        f"got D = {result.statistic:.4f}, p = {result.pvalue:.2g}")


# --- Old Faithful -------------------------------------------------------------

@pytest.fixture(scope="module")
def faithful():
    return load_old_faithful()


def test_old_faithful_has_272_rows_of_eruptions_and_waiting(faithful):
    assert list(faithful.columns) == ["eruptions", "waiting"], (
        f"expected columns ['eruptions', 'waiting']; got {list(faithful.columns)}")
    assert faithful.shape == (272, 2), f"expected shape (272, 2); got {faithful.shape}"


def test_old_faithful_means_match_r(faithful):
    # R: mean(faithful$eruptions) = 3.487783, mean(faithful$waiting) = 70.89706
    for column, expected in [("eruptions", 3.487783), ("waiting", 70.897059)]:
        actual = faithful[column].mean()
        assert actual == pytest.approx(expected, abs=1e-6), (
            f"expected mean {column} {expected}; got {actual:.6f}")


def test_old_faithful_keeps_r_row_order(faithful):
    expected = [[3.6, 79], [1.8, 54], [3.333, 74]]  # head(faithful, 3) in R
    actual = faithful.head(3).to_numpy().tolist()
    assert actual == expected, f"expected the first rows {expected}; got {actual}"


def test_old_faithful_eruptions_are_bimodal(faithful):
    # Eruptions per minute of duration: the valley 2.5-3.2 min against the
    # short (1.5-2.5 min) and long (3.8-5.0 min) modes; measured 9, 92 and 125.
    e = faithful["eruptions"]
    valley = e.between(2.5, 3.2, inclusive="left").sum() / 0.7
    short = e.between(1.5, 2.5, inclusive="left").sum() / 1.0
    long = e.between(3.8, 5.0, inclusive="left").sum() / 1.2
    assert valley < min(short, long) / 4, (
        f"expected the density between 2.5 and 3.2 min under a quarter of both modes'; "
        f"got {valley:.0f} per min against {short:.0f} and {long:.0f}")
