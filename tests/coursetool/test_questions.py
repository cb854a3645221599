"""Question headings and success lines (coursetool.questions, `course number`), on a small notebook."""

import copy

import nbformat

from coursetool import questions


def cell(kind, grade_id=None, points=None, source="", solution=False, grade=False):
    if kind == "markdown":
        c = nbformat.v4.new_markdown_cell(source)
    else:
        c = nbformat.v4.new_code_cell(source)
    if grade_id:
        c.metadata["nbgrader"] = {"grade_id": grade_id, "solution": solution, "grade": grade, "locked": grade,
                                  "schema_version": 3, **({"points": points} if grade else {})}
    return c


def notebook(points=2):
    return nbformat.v4.new_notebook(cells=[
        cell("markdown", source="# Lab 3\n\nLearning goals."),
        cell("code", source="from clustercourse import checks"),
        cell("code", "answer_a", source="def a():\n    raise NotImplementedError", solution=True),
        cell("code", "a_works", points, source='"""a works."""\nchecks.expect_true(a() == 1, "a")', grade=True),
        cell("code", "a_fast", 1, source='"""a is fast."""', grade=True),
        cell("code", "answer_b", source="b = None", solution=True),
        cell("code", "b_right", 3, source='"""b is right."""', grade=True),
    ])


def test_number_adds_a_heading_per_question_and_a_success_line_per_test():
    nb = questions.number(notebook(), "lab3_gmm1d")
    headings = [c.source for c in nb.cells if questions.HEADING_KEY in c.metadata]
    assert headings == ["#### Question 3.1 (3 points)", "#### Question 3.2 (3 points)"], headings
    assert nb.cells[2].source == "#### Question 3.1 (3 points)" and nb.cells[3].metadata["nbgrader"]["solution"]
    tests = [c.source.splitlines()[-1] for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")]
    assert tests == ["checks.passed('a_works', 2)", "checks.passed('a_fast', 1)", "checks.passed('b_right', 3)"]


def test_numbering_twice_changes_nothing_and_a_points_change_is_noticed():
    nb = questions.number(notebook(), "lab3_gmm1d")
    assert questions.up_to_date(nb, "lab3_gmm1d")
    again = questions.number(copy.deepcopy(nb), "lab3_gmm1d")
    assert [c.source for c in again.cells] == [c.source for c in nb.cells]
    nb.cells[4].metadata["nbgrader"]["points"] = 5          # the instructor raises a_works to 5 points
    assert not questions.up_to_date(nb, "lab3_gmm1d"), "a stale heading and success line went unnoticed"
    renumbered = questions.number(nb, "lab3_gmm1d")
    assert "#### Question 3.1 (6 points)" in [c.source for c in renumbered.cells]
    assert renumbered.cells[4].source.endswith("checks.passed('a_works', 5)")


def test_a_notebook_without_headings_is_not_up_to_date():
    assert not questions.up_to_date(notebook(), "lab3_gmm1d")
