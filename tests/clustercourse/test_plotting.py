"""clustercourse.plotting: what each helper draws, on the given axes or the current ones."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from scipy.stats import norm  # noqa: E402

from clustercourse.plotting import (  # noqa: E402
    plot_gaussian_ellipses, plot_groups, plot_log_likelihood, plot_mixture_1d, plot_responsibilities)


def test_plot_groups_draws_one_labelled_collection_per_group_in_sorted_order():
    fig, ax = plt.subplots()
    X = np.array([[0.0, 0.0], [1.0, 1.0], [2.0, 0.5], [3.0, 3.0]])
    returned = plot_groups(X, ["b", "a", "b", "c"], ax=ax, title="t", xlabel="x", ylabel="y")
    assert returned is ax
    assert [c.get_label() for c in ax.collections] == ["a", "b", "c"]
    assert [len(c.get_offsets()) for c in ax.collections] == [1, 2, 1]
    assert ax.get_legend() is not None
    assert (ax.get_title(), ax.get_xlabel(), ax.get_ylabel()) == ("t", "x", "y")
    plt.close(fig)


def test_plot_groups_uses_the_current_axes_by_default():
    fig = plt.figure()
    ax = plot_groups(np.zeros((3, 2)), [0, 1, 1])
    assert ax is plt.gca()
    assert [c.get_label() for c in ax.collections] == ["0", "1"]
    plt.close(fig)


@pytest.fixture
def ax():
    fig, ax = plt.subplots()
    yield ax
    plt.close(fig)


X = np.random.default_rng(0).normal(size=300)


PI, MU, SIGMA = 0.3, np.array([1.0, -1.0]), np.array([0.5, 2.0])


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


def test_plot_responsibilities_draws_gamma_against_sorted_x(ax):
    gamma = norm.cdf(-X)
    plot_responsibilities(X, gamma, ax=ax, label="start")
    line = ax.get_lines()[0]
    assert np.all(np.diff(line.get_xdata()) >= 0)
    np.testing.assert_allclose(line.get_ydata(), norm.cdf(-line.get_xdata()))
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["start"]


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


def rotation(degrees):
    t = np.deg2rad(degrees)
    return np.array([[np.cos(t), -np.sin(t)], [np.sin(t), np.cos(t)]])


def test_axis_aligned_covariance_gives_axes_of_n_standard_deviations(ax):
    patches = plot_gaussian_ellipses([1.0, -2.0], np.diag([4.0, 1.0]), ax=ax, n_std=(1, 2))
    assert len(patches) == 2, f"expected one ellipse per n_std; got {len(patches)}"
    one, two = patches
    assert one.center == pytest.approx((1.0, -2.0)), f"expected centre (1, -2); got {one.center}"
    # sd 2 along x and 1 along y: full widths 2 * n * sd
    assert (one.width, one.height) == pytest.approx((4.0, 2.0)), (one.width, one.height)
    assert (two.width, two.height) == pytest.approx((8.0, 4.0)), (two.width, two.height)
    assert np.isclose(one.angle % 180, 0.0) or np.isclose(one.angle % 180, 180.0), one.angle
    assert one.get_linestyle() != two.get_linestyle(), "1σ and 2σ ellipses should be told apart"


def test_rotated_covariance_gives_the_angle_of_the_major_axis(ax):
    cov = rotation(30) @ np.diag([9.0, 0.25]) @ rotation(30).T
    (patch,) = plot_gaussian_ellipses([0.0, 0.0], cov, ax=ax, n_std=1)
    assert patch.angle % 180 == pytest.approx(30.0), f"expected the major axis at 30°; got {patch.angle}"
    assert (patch.width, patch.height) == pytest.approx((6.0, 1.0)), (patch.width, patch.height)


def test_ellipse_points_lie_at_mahalanobis_distance_n(ax):
    cov = np.array([[2.0, 0.8], [0.8, 1.0]])
    (patch,) = plot_gaussian_ellipses([0.5, 0.5], cov, ax=ax, n_std=2)
    t = np.linspace(0, 2 * np.pi, 50)
    # the patch transform maps the unit circle onto the drawn ellipse
    on_ellipse = patch.get_patch_transform().transform(np.column_stack([np.cos(t), np.sin(t)]))
    d = on_ellipse - np.array([0.5, 0.5])
    maha = np.sqrt(np.einsum("ij,jk,ik->i", d, np.linalg.inv(cov), d))
    assert maha == pytest.approx(np.full(len(maha), 2.0), rel=1e-6), f"expected distance 2; got {maha[:4]}"


def test_patches_are_added_to_the_given_axes_or_the_current_ones(ax):
    patches = plot_gaussian_ellipses([0.0, 0.0], np.eye(2), ax=ax)
    assert all(p in ax.patches for p in patches), "the ellipses should be drawn on ax"
    plt.sca(ax)
    more = plot_gaussian_ellipses([0.0, 0.0], np.eye(2), n_std=3, edgecolor="red")
    assert more[0] in ax.patches, "with ax=None the ellipses go on the current axes"


def test_ellipse_helper_rejects_bad_shapes_and_indefinite_covariance(ax):
    with pytest.raises(ValueError, match="shapes"):
        plot_gaussian_ellipses([0.0, 0.0, 0.0], np.eye(3), ax=ax)
    with pytest.raises(ValueError, match="semi-definite"):
        plot_gaussian_ellipses([0.0, 0.0], [[1.0, 2.0], [2.0, 1.0]], ax=ax)
