"""The feedback page's table names each graded cell by what it checks, with its score and first failure."""

import html
import re

from coursetool import notebooks
from coursetool.nbgrader_plugins.feedback import what_it_checks

LAB = "lab1_linkage"
TOC = re.compile(r'<div id="toc">(.*?)</div>', re.DOTALL)


def table_of_contents(course, student, *options):
    """The table of contents of ``student``'s feedback page, as text."""
    folder = "feedback_pages" + ("_default" if options else "")
    course.nbgrader("generate_feedback", LAB, "--force", f"--student={student}",
                    f"--CourseDirectory.feedback_directory={folder}", *options)
    page = (course.root / folder / student / LAB / f"{LAB}.html").read_text()
    found = TOC.search(page)
    assert found, f"no table of contents in {student}'s feedback page"
    return html.unescape(found.group(1))


def test_each_graded_cell_is_named_by_what_it_checks_with_its_score_and_first_failure(graded):
    outcomes = graded(LAB)[1]
    name, mutant = next((k, o) for k, o in outcomes.items() if k.startswith("mutant-") and o.errors)
    toc = table_of_contents(mutant.course, name)
    nb = notebooks.read_notebook(mutant.course.notebook_path("autograded", LAB, name))
    for grade_id, cell in notebooks.test_cells(nb).items():
        score, points = mutant.cells[grade_id].score, mutant.cells[grade_id].max_score
        assert grade_id in toc and what_it_checks(cell.source) in toc, f"{grade_id} is not named: {toc[:500]}"
        assert f"{score:.1f} / {points:.1f}" in toc, f"{grade_id}'s score {score} / {points} is missing"
    shown = [g for g in mutant.lost() if mutant.errors.get(g) and mutant.errors[g] in toc]
    assert shown == [g for g in mutant.lost() if mutant.errors.get(g)], (
        f"{name} lost points in {mutant.lost()}; the table shows the first failure of only {shown}")
    passed = [g for g in notebooks.test_cells(nb) if g not in mutant.lost()]
    assert passed and not any(mutant.errors.get(g, "\0") in toc for g in passed)


def test_control_nbgraders_own_page_calls_every_cell_test_cell(graded):
    outcomes = graded(LAB)[1]
    name, mutant = next((k, o) for k, o in outcomes.items() if k.startswith("mutant-") and o.errors)
    toc = table_of_contents(mutant.course, name, "--HTMLExporter.template_name=feedback",
                            "--HTMLExporter.template_file=index.html.j2")
    nb = notebooks.read_notebook(mutant.course.notebook_path("autograded", LAB, name))
    assert "Test cell" in toc, toc[:500]
    assert not any(what_it_checks(c.source) in toc for c in notebooks.test_cells(nb).values()), (
        "nbgrader's own table names cells by what they check: this test's control no longer holds")
