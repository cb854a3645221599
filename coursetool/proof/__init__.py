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
#: The name under which the proofs hand in the reference without its free code cells (its demos and figures).
WITHOUT_FREE_CELLS = "reference-without-free-cells"


def autograde_labs(submissions, parent=None, jobs=None):
    """Autograde ``{lab: {student: notebook}}`` in one scratch course, on one grading engine.

    The scratch course generates each lab, takes its submissions (a notebook given as
    :data:`BLANK` is its own fresh release) and grades them all as ``course grade`` does
    (:func:`coursetool.grade.grading.autograde_class`: ``jobs`` long-lived nbgrader workers,
    default one per core and at most two, started once for every lab, so that the labs share
    the engine's start and no worker waits at the end of one lab while the other finishes it),
    without the sandbox (these hand-ins are the course's own) and without rendering the figures
    of the students' cells (a grade never depends on them; ``course grade`` renders them for the
    feedback). A submission that cannot be graded at all is an error here (a mutant or an
    alternative must always be graded). Returns ``{lab: ([course], {student: Outcome})}``; the
    scratch course is left on disk (under ``parent`` or the system's temp folder) for inspection.
    """
    from coursetool.grade.grading import autograde_class

    jobs = jobs or min(2, os.cpu_count() or 1)
    labs = list(submissions)
    course = Course.scratch(labs, parent=parent)
    for lab, hand_ins in submissions.items():
        course.generate(lab)
        for student, nb in hand_ins.items():
            if isinstance(nb, str) and nb == BLANK:
                nb = read_notebook(course.notebook_path("release", lab))
            course.submit(student, lab, nb)
    broken, _ = autograde_class(course, labs, jobs=jobs, show_progress=False, sandbox=False, figures=False)
    if broken:
        raise RuntimeError(f"nbgrader could not grade these submissions (student, lab, reason): {broken}")
    result = {}
    for lab, hand_ins in submissions.items():
        grades = course.grades(lab)
        outcomes = {}
        for student in hand_ins:
            if student not in grades:
                raise RuntimeError(f"nbgrader recorded no grade for {student!r} in {lab}")
            graded = read_notebook(course.notebook_path("autograded", lab, student))
            errors = {g: first_error(c) for g, c in test_cells(graded).items() if first_error(c)}
            outcomes[student] = Outcome(grades[student], errors, course)
        result[lab] = ([course], outcomes)
    return result


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


def prove_labs(labs, parent=None):
    """Autograde the reference and the blank of each lab, all on one engine: ``{lab: [problem, ...]}``."""
    graded = autograde_labs({lab: {"reference": V.reference(lab), "blank": BLANK} for lab in labs}, parent=parent)
    return {lab: reference_problems(outcomes["reference"]) + blank_problems(outcomes["blank"])
            for lab, (_, outcomes) in graded.items()}

