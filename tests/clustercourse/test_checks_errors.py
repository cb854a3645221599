"""clustercourse.checks: the errors a function raises for bad input, and what their messages say."""

import pytest

from clustercourse import checks


def _raises_value_error(message):
    def f(*args):
        raise ValueError(message)
    return f


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
