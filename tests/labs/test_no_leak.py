"""Nothing leaks: no solution or hidden-test code in release/, in the package, or in feedback."""

from pathlib import Path

import pytest

from coursetool import notebooks
from coursetool.build import available_labs
from coursetool import layout
from coursetool.proof.leaks import MARKERS, leaked, line_pairs, secret_lines, secret_pairs


LABS = available_labs()


@pytest.mark.parametrize("lab", LABS)
def test_release_holds_no_solution_or_hidden_test(lab):
    text = layout.current().notebook("release", lab).read_text()
    for marker in MARKERS:
        assert marker not in text, f"release/{lab} contains the marker {marker!r}"
    for kind in ("solution", "hidden"):
        assert secret_lines(lab, kind), f"{lab}: found no {kind} lines to look for; the check would be empty"
        found = leaked(text, secret_lines(lab, kind))
        assert not found, f"release/{lab} contains {kind} code: {found[:3]}"


@pytest.mark.parametrize("lab", LABS)
def test_package_holds_no_solution_or_hidden_test(lab):
    """A generic line may recur in the package; two consecutive lines of an answer may not."""
    import clustercourse

    sources = sorted(Path(clustercourse.__file__).parent.rglob("*.py"))
    package_pairs = line_pairs("\n".join(p.read_text() for p in sources))
    for kind in ("solution", "hidden"):
        assert secret_pairs(lab, kind), f"{lab}: no {kind} line pairs to look for; the check would be empty"
        found = sorted(secret_pairs(lab, kind) & package_pairs)
        assert not found, f"the clustercourse package contains {lab}'s {kind} code: {found[:2]}"


def feedback_html(course, lab):
    course.generate_feedback(lab)
    return {p: p.read_text() for p in (course.root / "feedback").rglob(f"{lab}/*.html")}


@pytest.mark.parametrize("lab", LABS)
def test_feedback_never_shows_hidden_tests(graded, lab):
    courses, outcomes = graded(lab)
    pages = {}
    for course in courses:
        pages.update(feedback_html(course, lab))
    assert len(pages) == len(outcomes), f"{lab}: expected feedback for {len(outcomes)} students, got {len(pages)}"
    hidden = secret_lines(lab, "hidden")
    for path, text in pages.items():
        # A line the student wrote is theirs to see (an alternative re-uses names and lines of the tests')
        course_root, student = path.parents[3], path.parents[1].name
        submitted = notebooks.read_notebook(course_root / "submitted" / student / lab / f"{lab}.ipynb")
        own = "\n".join(cell.source for cell in submitted.cells)
        found = [line for line in leaked(text, hidden) if line not in own]
        assert not found, f"{path} shows hidden tests: {found[:3]}"
        assert "BEGIN HIDDEN TESTS" not in text, f"{path} shows a hidden-test marker"


def test_leak_detector_finds_hidden_tests_in_nbgraders_default_feedback(graded):
    """The check above can fail: nbgrader's own feedback (issues #917, #1363) is caught leaking."""
    lab = LABS[0]
    course = graded(lab)[1]["blank"].course
    out = course.nbgrader("generate_feedback", lab, "--force", "--student=blank",
                          "--GenerateFeedback.preprocessors=['nbgrader.preprocessors.GetGrades']",
                          "--CourseDirectory.feedback_directory=feedback_default")
    pages = list((course.root / "feedback_default").rglob("*.html"))
    assert pages, f"nbgrader wrote no default feedback: {out[-500:]}"
    assert leaked(pages[0].read_text(), secret_lines(lab, "hidden")), (
        "nbgrader's default feedback should show the hidden tests; if it no longer does, "
        "the leak check has nothing to catch")


#: Code the grader runs in its trusted kernel to connect it and to stop it; it must never become a cell.
GRADER_CODE = ("_cc_trusted", "clustercourse.trusted').trusted.student_gone")


@pytest.mark.parametrize("lab", LABS)
def test_graded_notebooks_keep_the_students_cells_and_show_no_grader_code(graded, lab):
    """The autograded notebook (which feedback is made from) has the cells handed in, not the grader's own code.

    nbclient stores a cell it runs at its index in the notebook: grader code run "at index -1" once replaced
    the last cell of every submission, and showed the student's kernel connection key in the feedback.
    """
    courses, outcomes = graded(lab)
    checked = 0
    for course in courses:
        for path in sorted((course.root / "autograded").glob(f"*/{lab}/{lab}.ipynb")):
            student = path.parents[1].name
            handed_in = notebooks.read_notebook(course.root / "submitted" / student / lab / f"{lab}.ipynb")
            got = notebooks.read_notebook(path)
            assert len(got.cells) == len(handed_in.cells), (
                f"{lab}/{student}: {len(handed_in.cells)} cells handed in, {len(got.cells)} in the graded notebook")
            for i, (before, after) in enumerate(zip(handed_in.cells, got.cells)):
                if before.cell_type == "markdown":
                    assert after.source == before.source, f"{lab}/{student}: markdown cell {i} changed in grading"
            grader = [i for i, c in enumerate(got.cells) if any(code in c.source for code in GRADER_CODE)]
            assert not grader, f"{lab}/{student}: grader code in cells {grader} of the graded notebook"
            checked += 1
    assert checked == len(outcomes), f"{lab}: checked {checked} graded notebooks of {len(outcomes)}"
