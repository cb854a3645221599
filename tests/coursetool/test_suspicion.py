"""The suspicious-code scan: tampering and forbidden routines are reported, honest work never is."""

import copy

import pytest

from coursetool import notebooks
from coursetool.proof import variants as V
from coursetool.build import available_labs
from coursetool.nbgrader_plugins.suspicion import flag_cells, forbidden_routines, scan

LABS = available_labs()

TAMPERING = {
    "numpy's comparison replaced": "np.allclose = lambda *a, **k: True",
    "a test helper replaced": "checks.expect_close = lambda *a, **k: None",
    "numpy.testing replaced": "import numpy.testing as npt\nnpt.assert_allclose = print",
    "a builtin replaced": "import builtins\nbuiltins.abs = lambda x: 0",
    "builtins through __builtins__": "__builtins__['all'] = lambda x: True",
    "an IPython hook": "get_ipython().events.register('post_run_cell', print)",
    "an input transformer": "ip = get_ipython()\nip.input_transformers_post.append(lambda lines: ['pass'])",
    "tracing": "import sys\nsys.settrace(lambda *a: None)",
    "a function's code swapped": "cut.__code__ = (lambda Z, k: Z).__code__",
    "frames": "import inspect\nframe = inspect.currentframe().f_back",
    "setattr on a module": "setattr(np, 'isclose', lambda *a, **k: True)",
    "a shell command": "!cat /etc/passwd",
    "code from a string": "exec('np.allclose = lambda *a, **k: True')",
}


@pytest.mark.parametrize("source", TAMPERING.values(), ids=TAMPERING.keys())
def test_tampering_is_reported(source):
    assert scan(source), f"not reported: {source!r}"


def test_forbidden_routine_is_reported_even_by_name_in_a_string():
    plain = "def cut(Z, k):\n    return hierarchy.fcluster(Z, k, criterion='maxclust')"
    hidden = "def cut(Z, k):\n    return getattr(hierarchy, 'fcl' 'uster')(Z, k, 'maxclust')"
    for source in (plain, hidden):
        assert any("fcluster" in r for r in scan(source, ["scipy.cluster.hierarchy.fcluster"])), source
        assert not any("fcluster" in r for r in scan(source)), "only the lab's own list forbids it"


def test_ordinary_code_and_magics_are_not_reported():
    for source in ("%timeit cut(Z, 2)", "model.weights_ = w", "x = np.mean(a)  # a linkage matrix",
                   "def cut(Z, k):\n    '''Flat clusters from a linkage matrix (like fcluster).'''\n    return Z"):
        assert scan(source, ["fcluster"]) == [], source


@pytest.mark.parametrize("lab", LABS)
def test_reference_mutants_and_alternatives_are_never_flagged(lab):
    """Honest work, right or wrong, is graded automatically: no cell of it is marked for review."""
    submissions = {"reference": V.reference(lab)}
    for kind in ("mutant", "alternative"):
        for v in V.variants(lab, kind):
            submissions[f"{kind}-{v.name}"] = V.apply(v, V.reference(lab))
    for name, nb in submissions.items():
        answers = [i for i, c in enumerate(nb.cells) if c.cell_type == "code"
                   and not c.metadata.get("nbgrader", {}).get("grade")
                   and not c.metadata.get("nbgrader", {}).get("locked")]
        assert flag_cells(nb, answers) == {}, f"{lab} {name} was flagged"


def _cut_calls_fcluster():
    nb = V.reference("lab1_linkage")
    cells = notebooks.answer_cells(nb)
    cells["cut"].source = cells["cut"].source.replace(
        "    Z = np.asarray(Z, dtype=float)", "    return hierarchy.fcluster(Z, k, 'maxclust')\n    Z = np.asarray(Z)", 1)
    return nb, [i for i, c in enumerate(nb.cells) if c is cells["cut"]]


def test_flags_reach_the_cells_concerned():
    """Tampering concerns every later test cell; a forbidden routine only its own exercise's tests."""
    nb, cut = _cut_calls_fcluster()
    cells = notebooks.answer_cells(nb)
    flags = flag_cells(nb, cut)
    assert set(flags) == {"cut_matches_fcluster", "cut_extreme_k"}
    cells["single_heights"].source += "\nnp.allclose = lambda *a, **k: True"
    flags = flag_cells(nb, [i for i, c in enumerate(nb.cells) if c is cells["single_heights"]])
    tests = set(notebooks.test_cells(nb))
    assert set(flags) == tests, "every test cell after the tampering is concerned"


def test_every_lab_lists_the_library_routines_it_asks_students_to_write():
    """Each lab's source names, per answer cell, the routines that would do the exercise for the student."""
    for lab in LABS:
        listed = forbidden_routines(V.reference(lab))
        answers = set(notebooks.answer_cells(V.reference(lab)))
        assert listed, f"{lab}: its source notebook lists no forbidden routines (metadata.clustercourse.forbidden)"
        assert set(listed) <= answers, f"{lab}: forbidden routines listed for cells that are not answers: " \
                                       f"{sorted(set(listed) - answers)}"


def test_a_hand_in_that_drops_the_list_is_flagged_all_the_same(tmp_path):
    """Grading reads the lab's list from the instructor's source, not from the notebook the student handed in."""
    from coursetool import proof

    nb, cut = _cut_calls_fcluster()
    nb.metadata.pop("clustercourse")
    assert flag_cells(copy.deepcopy(nb), cut) == {}, "control: the hand-in's own metadata no longer names fcluster"
    (courses, _), = [proof.autograde_labs({"lab1_linkage": {"dropped": nb}}, parent=tmp_path)["lab1_linkage"]]
    with courses[0].gradebook() as gb:
        graded = gb.find_submission_notebook("lab1_linkage", "lab1_linkage", "dropped")
        review = sorted(g.name for g in graded.grades if g.needs_manual_grade)
    assert review == ["cut_extreme_k", "cut_matches_fcluster"], f"marked for review: {review}"
