"""Every source notebook follows the course's conventions, so graded cells teach and grades are locked."""

import ast
import re

import pytest

from coursetool import notebooks
from coursetool.proof import variants as V
from coursetool.build import available_labs

LABS = available_labs()
HIDDEN = re.compile(r"### BEGIN HIDDEN TESTS.*?### END HIDDEN TESTS", re.DOTALL)


def visible_part(source):
    return HIDDEN.sub("", source)


def code_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code"]


@pytest.mark.parametrize("lab", LABS)
def test_source_has_no_outputs(lab):
    dirty = [i for i, c in enumerate(V.reference(lab).cells)
             if c.cell_type == "code" and (c.outputs or c.execution_count)]
    assert not dirty, f"{lab}: source cells {dirty} hold outputs; clear them before committing"


@pytest.mark.parametrize("lab", LABS)
def test_opens_with_learning_goals_and_ends_with_reflection(lab):
    md = [c.source for c in V.reference(lab).cells if c.cell_type == "markdown"]
    assert "learning goals" in md[0].lower(), f"{lab}: the first cell should state the learning goals"
    assert "reflection" in md[-1].lower(), f"{lab}: the last markdown cell should be a reflection"


@pytest.mark.parametrize("lab", LABS)
def test_every_test_cell_opens_with_a_one_line_docstring(lab):
    for grade_id, cell in notebooks.test_cells(V.reference(lab)).items():
        body = ast.parse(cell.source).body
        first = body[0] if body else None
        is_doc = (isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant)
                  and isinstance(first.value.value, str))
        assert is_doc, f"{lab}/{grade_id}: a test cell must start with a docstring saying what it checks"
        assert "\n" not in first.value.value.strip(), f"{lab}/{grade_id}: the docstring must be one line"


@pytest.mark.parametrize("lab", LABS)
def test_every_test_cell_has_a_visible_check(lab):
    for grade_id, cell in notebooks.test_cells(V.reference(lab)).items():
        body = ast.parse(visible_part(cell.source)).body[1:]   # past the docstring
        assert body, f"{lab}/{grade_id}: students need at least one visible check before the hidden tests"


@pytest.mark.parametrize("lab", LABS)
def test_grade_ids_name_behaviour(lab):
    nb = V.reference(lab)
    ids = [c.metadata["nbgrader"]["grade_id"] for c in nb.cells if "nbgrader" in c.metadata]
    assert len(ids) == len(set(ids)), f"{lab}: duplicate grade ids {sorted(i for i in ids if ids.count(i) > 1)}"
    for grade_id in notebooks.test_cells(nb):
        assert re.fullmatch(r"[a-z][a-z0-9]*(_[a-z0-9]+)+", grade_id), (
            f"{lab}: test grade id {grade_id!r} should be snake_case words naming a behaviour")
        assert not re.fullmatch(r"(test|cell|q|question|problem)_?\d+", grade_id), (
            f"{lab}: test grade id {grade_id!r} names a position, not a behaviour")


@pytest.mark.parametrize("lab", LABS)
def test_every_assert_in_a_test_cell_has_a_message(lab):
    for grade_id, cell in notebooks.test_cells(V.reference(lab)).items():
        bare = [node.lineno for node in ast.walk(ast.parse(cell.source))
                if isinstance(node, ast.Assert) and node.msg is None]
        assert not bare, f"{lab}/{grade_id}: assert on line(s) {bare} has no message for the student"


@pytest.mark.parametrize("lab", LABS)
def test_markers_sit_in_the_right_cells(lab):
    for i, cell in enumerate(V.reference(lab).cells):
        meta = cell.metadata.get("nbgrader", {})
        if "BEGIN HIDDEN TESTS" in cell.source:
            assert meta.get("grade") and not meta.get("solution"), f"{lab}: hidden tests in cell {i}, not a test cell"
        if "BEGIN SOLUTION" in cell.source:
            assert meta.get("solution"), f"{lab}: a solution region in cell {i}, which is not an answer cell"
        if meta.get("solution") and cell.cell_type == "code":
            assert "### BEGIN SOLUTION" in cell.source, f"{lab}: answer cell {meta['grade_id']} has no solution region"


@pytest.mark.parametrize("lab", LABS)
def test_randomness_is_seeded_explicitly(lab):
    for i, cell in enumerate(code_cells(V.reference(lab))):
        src = cell.source
        assert "np.random.seed" not in src, f"{lab}: cell {i} seeds numpy's global generator; pass a Generator"
        unseeded = re.findall(r"default_rng\(\s*\)", src)
        assert not unseeded, f"{lab}: cell {i} makes an unseeded generator: grades would vary"
        legacy = re.findall(r"np\.random\.(rand|randn|randint|normal|uniform|choice|shuffle|permutation)\(", src)
        assert not legacy, f"{lab}: cell {i} uses the global np.random.{legacy[0]}; use a seeded Generator"


@pytest.mark.parametrize("lab", LABS)
def test_answer_names_match_what_the_tests_read(lab):
    """An answer cell that defines a name the tests never read is the 'answer2_2 vs answer2_4' bug."""
    nb = V.reference(lab)
    tests = "\n".join(visible_part(c.source) for c in notebooks.test_cells(nb).values())
    for grade_id, cell in notebooks.answer_cells(nb).items():
        tree = ast.parse(cell.source)
        names = [n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))]
        names += [t.id for n in tree.body if isinstance(n, ast.Assign) for t in n.targets
                  if isinstance(t, ast.Name) and t.id.islower()]
        assert names, f"{lab}/{grade_id}: the answer cell defines nothing"
        assert any(re.search(rf"\b{re.escape(n)}\b", tests) for n in names), (
            f"{lab}/{grade_id}: none of {names} is read by a visible test")


@pytest.mark.parametrize("lab", LABS)
def test_every_question_is_announced_with_its_points(lab):
    """A "Question n.m (k points)" heading before each answer cell; ``checks.passed`` ends each test cell."""
    from coursetool import questions

    nb = V.reference(lab)
    assert questions.questions(nb, lab), f"{lab}: no graded questions found"
    assert questions.up_to_date(nb, lab), (
        f"{lab}: the question headings or the success lines of source/{lab} do not match its grade cells' "
        f"points; run `course number {lab}`, then `course build {lab}`")
