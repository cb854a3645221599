"""Grading a class: parallel grading gives the same grades as serial grading, with the summary,
feedback and grades.csv an instructor needs; LMS downloads are collected by nbgrader's zip_collect."""

import shutil

import pandas as pd
import pytest

from clustercourse import demo
from clustercourse.course import Course
from clustercourse.grading import grade

LAB = "lab1_linkage"
N = 10          # students: the reference, a blank, partial work and seven catalogued mistakes


@pytest.fixture(scope="module")
def class_graded_twice(tmp_path_factory):
    """The same simulated class of N graded with one job and with two."""
    reports = {}
    for jobs in (1, 2):
        root = tmp_path_factory.mktemp(f"class-jobs{jobs}") / "course"
        course = demo.simulate_class(root, [LAB], n_students=N, include_hostile=False)
        reports[jobs] = (course, grade(course, [LAB], jobs=jobs, show_progress=False))
    yield reports
    for course, _ in reports.values():
        shutil.rmtree(course.root, ignore_errors=True)


def test_two_jobs_give_exactly_the_grades_of_one(class_graded_twice):
    one, two = class_graded_twice[1][1], class_graded_twice[2][1]
    assert len(one.table) == N, f"expected {N} graded students, got {len(one.table)}"
    pd.testing.assert_frame_equal(one.table, two.table, obj="total scores, jobs=1 vs jobs=2")
    pd.testing.assert_frame_equal(one.cells[LAB].sort_index(axis=1), two.cells[LAB].sort_index(axis=1),
                                  obj="per-cell scores, jobs=1 vs jobs=2")


def test_simulated_roles_get_the_grades_the_proof_promises(class_graded_twice):
    course, report = class_graded_twice[2]
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


def test_grades_csv_feedback_and_summary_are_written(class_graded_twice):
    course, report = class_graded_twice[2]
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
    from clustercourse import cli
    from clustercourse import variants as V
    from clustercourse.course import write_notebook

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
