"""Which names of a test or read-only cell the trusted kernel looks up in the student's kernel."""

from clustercourse.trusted import loaded_names


def test_names_read_before_the_cell_binds_them_are_looked_up():
    source = "result = cut(Z, 3)\nassert_labels(result, expected)\n"
    assert loaded_names(source) == ["cut", "Z", "assert_labels", "expected"]


def test_names_the_cell_imports_or_assigns_first_are_its_own():
    """A read-only cell that starts ``import os`` must not wait for the student's kernel to say what ``os`` is."""
    source = ("import os\nos.environ.setdefault('OPENBLAS_NUM_THREADS', '1')\nimport numpy as np\n"
              "from scipy.special import logsumexp as lse\n_x = np.ones(3)\nprint(lse(_x), _x)\n")
    assert loaded_names(source) == ["print"], "imported and earlier-assigned names should not be looked up"


def test_a_name_read_in_the_statement_that_binds_it_is_still_looked_up():
    assert loaded_names("x = x + 1\n") == ["x"]
    assert loaded_names("print(y)\ny = 2\n") == ["print", "y"], "a name read before it is bound is the student's"


def test_names_inside_a_function_of_the_cell_are_looked_up_unless_the_cell_defines_them():
    assert loaded_names("def g():\n    return helper(1)\ng()\n") == ["helper"]


def test_a_cell_that_does_not_parse_reads_nothing():
    assert loaded_names("def (:\n") == []
