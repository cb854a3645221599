"""The test-cell checks pass right answers, fail wrong ones, and say what was expected and what came back."""

import numpy as np
import pytest

from clustercourse import checks


def test_expect_close_accepts_numpy_scalars_lists_and_tolerance():
    checks.expect_close("x", np.float32(0.1), 0.1, rtol=1e-6)
    checks.expect_close("x", [0.1, 0.2], np.array([0.1, 0.2 + 1e-12]))


def test_expect_close_message_names_quantity_expected_and_got():
    with pytest.raises(AssertionError) as err:
        checks.expect_close("heights", [0.1, 0.3], [0.1, 0.2])
    text = str(err.value)
    assert "heights" in text and "0.2" in text and "0.3" in text and "index (1,)" in text, text


def test_expect_close_rejects_wrong_shape_and_none():
    with pytest.raises(AssertionError, match=r"expected shape \(3,\), but got shape \(2,\)"):
        checks.expect_close("v", [1, 2], [1, 2, 3])
    with pytest.raises(AssertionError, match="got None"):
        checks.expect_close("v", None, [1.0])


def test_expect_same_partition_ignores_label_names_only():
    checks.expect_same_partition("labels", np.array([5, 5, 2]), [0, 0, 1])
    with pytest.raises(AssertionError, match="partition"):
        checks.expect_same_partition("labels", np.array([0, 1, 1]), [0, 0, 1])
    with pytest.raises(AssertionError, match="partition"):
        checks.expect_same_partition("labels", np.array([0, 0, 0]), [0, 0, 1])
    with pytest.raises(AssertionError, match="integer labels"):
        checks.expect_same_partition("labels", np.array([0.0, 0.0, 1.0]), [0, 0, 1])


def test_expect_raises_passes_on_the_error_and_reraises_stubs():
    def bad(x):
        raise ValueError("x is bad")

    checks.expect_raises(ValueError, bad, 1, name="bad", problem="x = 1")
    with pytest.raises(AssertionError, match="expected ValueError, but it returned 1"):
        checks.expect_raises(ValueError, lambda x: x, 1, name="f", problem="x = 1")
    with pytest.raises(AssertionError, match="expected ValueError, but got KeyError"):
        checks.expect_raises(ValueError, lambda: {}["k"], name="f", problem="nothing")

    def stub():
        raise NotImplementedError()

    with pytest.raises(NotImplementedError):
        checks.expect_raises(ValueError, stub, name="stub", problem="anything")


def test_answered_raises_not_implemented_for_none():
    with pytest.raises(NotImplementedError, match="heights"):
        checks.answered(None, "heights")
    assert checks.answered([1], "heights") == [1]


def test_expect_same_linkage_accepts_either_order_within_a_row():
    Z = [[0, 1, 1.0, 2], [2, 3, 2.0, 3]]
    checks.expect_same_linkage("Z", [[1, 0, 1.0, 2], [3, 2, 2.0, 3]], Z)
    with pytest.raises(AssertionError, match="row 1"):
        checks.expect_same_linkage("Z", [[0, 1, 1.0, 2], [2, 3, 2.5, 3]], Z)
    with pytest.raises(AssertionError, match="row 0"):
        checks.expect_same_linkage("Z", [[0, 1, 1.0, 3], [2, 3, 2.0, 3]], Z)


# --- grading one function on its own (checks.use_reference_helpers), in one IPython kernel ---

@pytest.fixture
def shell():
    """An IPython shell in this process, as a kernel runs cells (nbgrader's own Execute: one kernel)."""
    from IPython.core.interactiveshell import InteractiveShell

    sh = InteractiveShell.instance()
    sh.run_cell("from clustercourse import checks\n"
                "def helper():\n    return 'student'\n"
                "def outer():\n    return helper()\n")
    yield sh
    InteractiveShell.clear_instance()


def test_reference_helpers_replace_the_students_until_the_end_of_the_cell(shell):
    shell.run_cell("checks.use_reference_helpers(helper=lambda: 'reference', extra=len)\n"
                   "during = outer()")
    shell.run_cell("after = outer()\nextra_after = 'extra' in globals()")
    ns = shell.user_ns
    assert ns["during"] == "reference", "while the cell runs, outer() should call the reference helper"
    assert ns["after"] == "student", "after the cell, outer() should call the student's helper again"
    assert ns["extra_after"] is False, "a name the student never defined should be gone after the cell"


def test_reference_helpers_come_back_even_when_a_check_in_the_cell_fails(shell):
    result = shell.run_cell("checks.use_reference_helpers(helper=lambda: 'reference')\n"
                            "assert outer() == 'student', 'a failing check'")
    assert isinstance(result.error_in_exec, AssertionError), "control: the cell should have failed its check"
    shell.run_cell("after = outer()")
    assert shell.user_ns["after"] == "student", "the student's helper should be back after a failed cell"


# --- clean numbers and named mistakes ---

def test_show_prints_numbers_as_numbers():
    assert checks.show(np.float64(0.1)) == "0.1"
    assert checks.show(np.array(1.0)) == "1"
    assert checks.show(np.int64(3)) == "3"
    assert checks.show(np.array([0.5, 0.880797])) == "[0.5, 0.880797]"
    assert "np.float64" not in checks.show([np.float64(0.25), np.float64(2e-9)])


def test_expect_close_names_the_mistake_whose_value_came_back():
    gamma = np.array([0.5, 0.880797])
    mistakes = {"used 1 - gamma, the other component's responsibilities": 1 - gamma,
                "forgot the prior": gamma / 2}
    with pytest.raises(AssertionError) as err:
        checks.expect_close("gamma", 1 - gamma, gamma, mistakes=mistakes)
    text = str(err.value)
    assert "Likely mistake: used 1 - gamma, the other component's responsibilities." in text, text
    assert "np.float64" not in text and "forgot the prior" not in text, text


def test_expect_close_says_no_mistake_it_does_not_recognise():
    with pytest.raises(AssertionError) as err:
        checks.expect_close("gamma", [0.1, 0.2], [0.5, 0.9], mistakes={"used 1 - gamma": [0.5, 0.1],
                                                                       "a different shape": [1.0]},
                            hint="responsibilities")
    assert "Likely mistake" not in str(err.value) and "Where to look: responsibilities" in str(err.value)


def test_partition_and_linkage_checks_name_their_mistakes():
    with pytest.raises(AssertionError, match="Likely mistake: one merge too many"):
        checks.expect_same_partition("cut", np.array([0, 0, 0]), [0, 0, 1],
                                     mistakes={"one merge too many": [1, 1, 1]})
    Z = np.array([[0, 1, 1.0, 2], [2, 3, 2.0, 3]])
    wrong = np.array([[1, 0, 1.0, 2], [2, 3, 4.0, 3]])
    with pytest.raises(AssertionError, match="Likely mistake: gamma's sign flipped"):
        checks.expect_same_linkage("Z", wrong, Z, mistakes={"gamma's sign flipped": wrong})


def test_a_mistake_can_be_a_signature_of_the_answer():
    Z = [[0, 1, 1.0, 2], [2, 3, 2.0, 3]]
    merged_with_itself = [[0, 0, 0.0, 2], [1, 1, 0.0, 2]]
    signature = {"a cluster merged with itself": lambda Z: bool(np.any(np.asarray(Z)[:, 0] == np.asarray(Z)[:, 1]))}
    with pytest.raises(AssertionError, match="Likely mistake: a cluster merged with itself"):
        checks.expect_same_linkage("Z", merged_with_itself, Z, mistakes=signature)
    other_wrong = [[0, 1, 1.0, 2], [2, 3, 4.0, 3]]
    with pytest.raises(AssertionError) as err:
        checks.expect_same_linkage("Z", other_wrong, Z, mistakes=signature)
    assert "Likely mistake" not in str(err.value), str(err.value)


def test_expect_not_mistaken_recognises_wrong_answers_only():
    checks.expect_not_mistaken("height", 0.3, {"the unweighted mean (WPGMA)": 0.25})
    with pytest.raises(AssertionError, match=r"height: 0.25 is what a common mistake gives. Likely mistake: the "
                                             r"unweighted mean \(WPGMA\)"):
        checks.expect_not_mistaken("height", 0.25, {"the unweighted mean (WPGMA)": 0.25})


def test_expect_raises_ends_a_failure_with_its_hint():
    with pytest.raises(AssertionError, match="Where to look: check k first"):
        checks.expect_raises(ValueError, lambda k: k, 0, name="f", problem="k=0", hint="check k first")
