"""Unit tests of the helpers lab 2 added to ``clustercourse.checks`` and ``clustercourse.plotting``."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from clustercourse import checks  # noqa: E402
from clustercourse.plotting import plot_groups  # noqa: E402


def _raises_value_error(message):
    def f(*args):
        raise ValueError(message)
    return f


# --- expect_raises_naming ------------------------------------------------------------------

def test_expect_raises_naming_passes_when_the_message_names_the_argument():
    checks.expect_raises_naming(ValueError, "k", _raises_value_error("k must be <= n = 5; got 7"),
                                name="f", problem="k > n")


def test_expect_raises_naming_accepts_any_of_several_names():
    checks.expect_raises_naming(ValueError, ("labels", "artists"),
                                _raises_value_error("artists has 3 entries but labels 4"),
                                name="f", problem="different lengths")


def test_expect_raises_naming_wants_the_name_as_a_word():
    # "kind" contains the letter k but does not name the argument k.
    with pytest.raises(AssertionError, match="names the argument 'k'"):
        checks.expect_raises_naming(ValueError, "k", _raises_value_error("bad kind of input"),
                                    name="f", problem="k > n")


def test_expect_raises_naming_reports_a_wrong_exception_type():
    def f():
        raise IndexError("index 7 is out of bounds")
    with pytest.raises(AssertionError, match="expected ValueError, but got IndexError"):
        checks.expect_raises_naming(ValueError, "k", f, name="f", problem="k > n")


def test_expect_raises_naming_reports_a_missing_exception():
    with pytest.raises(AssertionError, match="but it returned 3"):
        checks.expect_raises_naming(ValueError, "k", lambda: 3, name="f", problem="k > n")


def test_expect_raises_naming_lets_a_stub_fail_with_not_implemented_error():
    def stub():
        raise NotImplementedError()
    with pytest.raises(NotImplementedError):
        checks.expect_raises_naming(ValueError, "k", stub, name="f", problem="k > n")


# --- count_python_steps and expect_no_loop_over_items --------------------------------------

def _vectorised(X):
    return (X ** 2).sum(axis=1).argmin()


def _loop(X):
    best = 0
    for i in range(len(X)):
        if (X[i] ** 2).sum() < (X[best] ** 2).sum():
            best = i
    return best


def test_count_python_steps_returns_the_result_and_grows_with_a_loop_only():
    X = np.random.default_rng(0).normal(size=(1000, 3))
    result, steps_vec = checks.count_python_steps(_vectorised, X)
    assert result == _loop(X)
    _, steps_loop = checks.count_python_steps(_loop, X)
    assert steps_vec < 100, f"vectorised code took {steps_vec} steps"
    assert steps_loop >= 1000, f"a loop over 1000 rows took only {steps_loop} steps"


def test_count_python_steps_restores_the_previous_trace_function():
    import sys
    before = sys.gettrace()
    checks.count_python_steps(_vectorised, np.ones((3, 2)))
    assert sys.gettrace() is before


def test_expect_no_loop_over_items_passes_array_code_and_returns_its_result():
    X = np.random.default_rng(1).normal(size=(2000, 2))
    assert checks.expect_no_loop_over_items("f", 2000, _vectorised, X) == _vectorised(X)


def test_expect_no_loop_over_items_catches_a_loop_over_points():
    X = np.random.default_rng(1).normal(size=(2000, 2))
    with pytest.raises(AssertionError, match="Python loop over the points"):
        checks.expect_no_loop_over_items("f", 2000, _loop, X)


def test_expect_no_loop_over_items_lets_a_stub_fail_with_not_implemented_error():
    def stub(X):
        raise NotImplementedError()
    with pytest.raises(NotImplementedError):
        checks.expect_no_loop_over_items("f", 10, stub, np.ones((10, 2)))


# --- plot_groups -------------------------------------------------------------------------------

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
