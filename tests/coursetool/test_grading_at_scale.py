"""Grading a class: every simulated student gets the grade the proof promises, with the summary,
feedback and grades.csv an instructor needs; LMS downloads are collected by nbgrader's zip_collect.

(That grading on several workers gives exactly the grades and feedback of grading on others is
tests/coursetool/test_dask_grading.py's: a class graded on this machine's workers and on a Dask cluster.)"""

import shutil

import pandas as pd
import pytest

from coursetool import demo
from coursetool.nbgrader_course import Course
from coursetool.grade.grading import grade

LAB = "lab1_linkage"
N = 10          # students: the reference, a blank, partial work and seven catalogued mistakes


@pytest.fixture(scope="module")
def class_graded(tmp_path_factory):
    """A simulated class of N, graded with two jobs."""
    root = tmp_path_factory.mktemp("class") / "course"
    course = demo.simulate_class(root, [LAB], n_students=N, include_hostile=False)
    yield course, grade(course, [LAB], jobs=2, show_progress=False)
    shutil.rmtree(course.root, ignore_errors=True)


def test_simulated_roles_get_the_grades_the_proof_promises(class_graded):
    course, report = class_graded
    assert len(report.table) == N, f"expected {N} graded students, got {len(report.table)}"
    roles = pd.read_csv(course.root / "roles.csv").set_index("student")["role"]
    top = report.max_scores[LAB]
    for student, role in roles.items():
        score = report.table.loc[student, LAB]
        if role == "reference" or role.startswith("alternative"):
            assert score == top, f"{student} ({role}) should get {top}, got {score}"
        elif role == "blank":
            assert score == 0, f"{student} (blank) should get 0, got {score}"
        else:
            assert 0 <= score < top, f"{student} ({role}) should lose points, got {score} of {top}"
    assert report.broken == [], f"nothing in this class is broken, but got {report.broken}"


def test_grades_csv_feedback_and_summary_are_written(class_graded):
    course, report = class_graded
    exported = pd.read_csv(report.grades_csv)
    assert len(exported) == N, f"grades.csv should have {N} rows, has {len(exported)}"
    pages = list(report.feedback_dir.rglob(f"{LAB}.html"))
    assert len(pages) == N, f"expected {N} feedback pages, found {len(pages)}"
    cells = pd.read_csv(report.summary_dir / "cells.csv")
    expected = (report.cells[LAB] >= pd.Series(report.cell_max[LAB])).mean()
    for row in cells.itertuples():
        assert row.pass_rate == pytest.approx(expected[row.cell]), (
            f"pass rate of {row.cell}: expected {expected[row.cell]}, summary says {row.pass_rate}")
    assert list(cells["pass_rate"]) == sorted(cells["pass_rate"]), "cells.csv should list the hardest first"
    assert (report.summary_dir / "summary.png").stat().st_size > 10_000, "summary.png is missing or empty"


def test_grading_rejects_a_bad_jobs_value(tmp_path):
    with pytest.raises(ValueError, match="jobs"):
        grade(Course(tmp_path), [LAB], jobs=0)


def test_lms_download_is_collected_and_graded(tmp_path):
    from coursetool import cli
    from coursetool.proof import variants as V
    from coursetool.notebooks import write_notebook

    course = Course.scratch([LAB], parent=tmp_path)
    course.generate(LAB)
    archive = course.root / "downloaded" / LAB / "archive"
    write_notebook(V.reference(LAB), archive / f"{LAB}_ada_attempt_2026-11-20-10-00-00_{LAB}.ipynb")
    write_notebook(V.blank(LAB), archive / f"{LAB}_bo_attempt_2026-11-21-09-30-00_{LAB}.ipynb")
    assert cli.main(["grade", LAB, "--course", str(course.root), "--zip-collect", "--jobs", "1"]) == 0
    grades = course.grades(LAB)
    assert sorted(grades) == ["ada", "bo"], f"expected students ada and bo, got {sorted(grades)}"
    assert grades["ada"].score == grades["ada"].max_score > 0, f"ada: {grades['ada'].score}"
    assert grades["bo"].score == 0, f"bo handed in the blank release, got {grades['bo'].score}"
