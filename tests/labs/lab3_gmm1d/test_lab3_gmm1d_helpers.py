"""Unit tests of the plotting helpers lab 3 added to ``clustercourse.plotting``."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from scipy.stats import norm  # noqa: E402

from clustercourse.plotting import (  # noqa: E402
    plot_log_likelihood, plot_mixture_1d, plot_responsibilities)


@pytest.fixture
def ax():
    fig, ax = plt.subplots()
    yield ax
    plt.close(fig)


X = np.random.default_rng(0).normal(size=300)
PI, MU, SIGMA = 0.3, np.array([1.0, -1.0]), np.array([0.5, 2.0])


# --- plot_mixture_1d ------------------------------------------------------------------------

def test_plot_mixture_1d_draws_weighted_components_and_their_sum(ax):
    assert plot_mixture_1d(X, PI, MU, SIGMA, ax=ax) is ax
    comp0, comp1, total = ax.get_lines()
    grid = comp0.get_xdata()
    np.testing.assert_allclose(comp0.get_ydata(), (1 - PI) * norm.pdf(grid, MU[0], SIGMA[0]))
    np.testing.assert_allclose(comp1.get_ydata(), PI * norm.pdf(grid, MU[1], SIGMA[1]))
    np.testing.assert_allclose(total.get_ydata(), comp0.get_ydata() + comp1.get_ydata())


def test_plot_mixture_1d_weights_component_1_by_pi_in_the_legend(ax):
    plot_mixture_1d(X, PI, MU, SIGMA, ax=ax, label_prefix="fit: ")
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "fit: component 0 (weight 0.70)" in labels, labels
    assert "fit: component 1 (weight 0.30)" in labels, labels


def test_plot_mixture_1d_grid_covers_the_data(ax):
    plot_mixture_1d(X, PI, MU, SIGMA, ax=ax)
    grid = ax.get_lines()[0].get_xdata()
    assert grid.min() < X.min() and grid.max() > X.max()


def test_plot_mixture_1d_histogram_is_a_density(ax):
    plot_mixture_1d(X, PI, MU, SIGMA, ax=ax, bins=20)
    bars = ax.patches
    area = sum(b.get_width() * b.get_height() for b in bars)
    assert len(bars) == 20 and area == pytest.approx(1.0)


def test_plot_mixture_1d_uses_current_axes_without_ax():
    fig = plt.figure()
    try:
        assert plot_mixture_1d(X, PI, MU, SIGMA) is plt.gca()
    finally:
        plt.close(fig)


# --- plot_responsibilities ------------------------------------------------------------------

def test_plot_responsibilities_draws_gamma_against_sorted_x(ax):
    gamma = norm.cdf(-X)
    plot_responsibilities(X, gamma, ax=ax, label="start")
    line = ax.get_lines()[0]
    assert np.all(np.diff(line.get_xdata()) >= 0)
    np.testing.assert_allclose(line.get_ydata(), norm.cdf(-line.get_xdata()))
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["start"]


# --- plot_log_likelihood --------------------------------------------------------------------

def test_plot_log_likelihood_plots_history_per_iteration(ax):
    history = np.array([-10.0, -5.0, -4.0, -3.9])
    plot_log_likelihood(history, ax=ax)
    line = ax.get_lines()[0]
    np.testing.assert_array_equal(line.get_xdata(), [0, 1, 2, 3])
    np.testing.assert_array_equal(line.get_ydata(), history)


def test_plot_log_likelihood_gap_is_distance_to_last_value_on_log_scale(ax):
    history = np.array([-10.0, -5.0, -4.0, -3.9])
    plot_log_likelihood(history, ax=ax, gap=True)
    line = ax.get_lines()[0]
    np.testing.assert_allclose(line.get_ydata(), [6.1, 1.1, 0.1])
    assert ax.get_yscale() == "log"
