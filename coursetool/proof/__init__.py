"""Prove a lab's autograder through nbgrader: submit variants, autograde, read the verdicts.

``course check`` uses it with the reference and the blank; the test suite adds
the mutants and alternatives of ``tests/<lab>/``.
"""

import os
from dataclasses import dataclass, field

from coursetool.proof import variants as V
from coursetool.nbgrader_course import Course, SubmissionGrade
from coursetool.notebooks import first_error, read_notebook, test_cells


@dataclass
class Outcome:
    """What nbgrader made of one submission: its grade, and the first error of each test cell."""

    grade: SubmissionGrade
    errors: dict = field(default_factory=dict)    # test grade_id -> "ErrorName: message"
    course: Course = None                          # the scratch course that graded it

    @property
    def student(self):
        return self.grade.student

    @property
    def score(self):
        return self.grade.score

    @property
    def max_score(self):
        return self.grade.max_score

    @property
    def cells(self):
        """Test grade_id -> :class:`~coursetool.nbgrader_course.CellGrade`."""
        return self.grade.cells

    def lost(self):
        """Test cells that did not get full points."""
        return sorted(g for g, c in self.cells.items() if c.score < c.max_score)


#: Stands for "the release notebook this scratch course just generated".
BLANK = "blank"


def autograde_submissions(lab, submissions, parent=None, jobs=None):
    """Autograde ``{student: notebook}`` for ``lab`` in a scratch course, on the grading engine.

    The scratch course generates ``lab``, takes the submissions (a notebook given as
    :data:`BLANK` is its own fresh release) and grades them as ``course grade`` does
    (:func:`coursetool.grade.grading.autograde_class`: ``jobs`` long-lived nbgrader workers,
    default one per core and at most two), without the sandbox (these hand-ins are the
    course's own) and without rendering the figures of the students' cells (a grade never
    depends on them; ``course grade`` renders them for the feedback). A submission that
    cannot be graded at all is an error here (a mutant or an alternative must always be
    graded). Returns ``([course], {student: Outcome})``; the scratch course is left on disk
    (under ``parent`` or the system's temp folder) for inspection.
    """
    from coursetool.grade.grading import autograde_class

    jobs = jobs or min(2, os.cpu_count() or 1)
    course = Course.scratch([lab], parent=parent)
    course.generate(lab)
    for student, nb in submissions.items():
        if isinstance(nb, str) and nb == BLANK:
            nb = read_notebook(course.notebook_path("release", lab))
        course.submit(student, lab, nb)
    broken, _ = autograde_class(course, [lab], jobs=jobs, show_progress=False, sandbox=False,
                                figures=False)
    if broken:
        raise RuntimeError(f"nbgrader could not grade these {lab} submissions: {broken}")
    grades = course.grades(lab)
    outcomes = {}
    for student in submissions:
        if student not in grades:
            raise RuntimeError(f"nbgrader recorded no grade for {student!r} in {lab}")
        graded = read_notebook(course.notebook_path("autograded", lab, student))
        errors = {g: first_error(c) for g, c in test_cells(graded).items() if first_error(c)}
        outcomes[student] = Outcome(grades[student], errors, course)
    return [course], outcomes


def blank_problems(outcome):
    """What is wrong with a blank submission's grading (empty when it is right).

    A blank must score 0 on every graded cell, and every test cell must fail
    only because a stub raised NotImplementedError.
    """
    problems = [f"{g} gave {c.score:g} of {c.max_score:g} points to a blank stub"
                for g, c in outcome.cells.items() if c.score > 0]
    problems += [f"{g} failed with {e} (expected only NotImplementedError from the stubs)"
                 for g, e in outcome.errors.items() if not e.startswith("NotImplementedError")]
    return problems


def reference_problems(outcome):
    """What is wrong with the reference's grading (empty when it gets full marks)."""
    return [f"{g} gave {c.score:g} of {c.max_score:g} points to the reference"
            + (f": {outcome.errors[g]}" if g in outcome.errors else "")
            for g, c in outcome.cells.items() if c.score < c.max_score]


def prove_lab(lab, parent=None):
    """Autograde the reference and the blank of ``lab``; return a list of problems."""
    _, outcomes = autograde_submissions(
        lab, {"reference": V.reference(lab), "blank": BLANK}, parent=parent)
    return (reference_problems(outcomes["reference"])
            + blank_problems(outcomes["blank"]))
