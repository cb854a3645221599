"""Unit tests of the helpers lab 4 added: ``plotting.plot_gaussian_ellipses`` and ``checks.expect_raises_mentioning``."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from clustercourse import checks  # noqa: E402
from clustercourse.plotting import plot_gaussian_ellipses  # noqa: E402


@pytest.fixture
def ax():
    fig, ax = plt.subplots()
    yield ax
    plt.close(fig)


def rotation(degrees):
    t = np.deg2rad(degrees)
    return np.array([[np.cos(t), -np.sin(t)], [np.sin(t), np.cos(t)]])


# --- plot_gaussian_ellipses ---------------------------------------------------------------------

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


# --- expect_raises_mentioning -------------------------------------------------------------------

def raise_value_error(message):
    raise ValueError(message)


def test_mentioning_passes_when_the_message_says_the_phrase_in_any_case():
    checks.expect_raises_mentioning(ValueError, "definite", raise_value_error, "cov is not Positive Definite",
                                    name="f", problem="a bad cov")
    checks.expect_raises_mentioning(ValueError, "definite", raise_value_error, "must be positive semidefinite",
                                    name="f", problem="a bad cov")


def test_mentioning_fails_with_the_message_when_the_phrase_is_missing():
    with pytest.raises(AssertionError, match=r"says 'definite', but the message was 'Singular matrix'"):
        checks.expect_raises_mentioning(ValueError, "definite", raise_value_error, "Singular matrix",
                                        name="f", problem="a bad cov")


def test_mentioning_fails_on_no_error_or_the_wrong_error_and_reraises_stubs():
    with pytest.raises(AssertionError, match="but it returned 3"):
        checks.expect_raises_mentioning(ValueError, "x", lambda: 3, name="f", problem="p")
    with pytest.raises(AssertionError, match="but got TypeError"):
        checks.expect_raises_mentioning(ValueError, "x", lambda: 1 + "a", name="f", problem="p")

    def stub():
        raise NotImplementedError()

    with pytest.raises(NotImplementedError):
        checks.expect_raises_mentioning(ValueError, "x", stub, name="f", problem="p")
