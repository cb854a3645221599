"""Grade a class: autograde every submission, generate feedback, export grades.

Thin glue over nbgrader's ``autograde``, ``generate_feedback`` and ``export``:
it grades one submission per nbgrader call so that a broken submission is
reported and the others are still graded.
"""

import sys
import time
from dataclasses import dataclass, field

import pandas as pd

from .course import NbgraderError


@dataclass
class GradeReport:
    """The outcome of grading a class."""

    table: pd.DataFrame                          # students x labs, scores
    max_scores: dict                             # lab -> max score
    broken: list = field(default_factory=list)   # (student, lab, reason)
    grades_csv: object = None
    feedback_dir: object = None


def submissions(course, lab):
    """Students with a submission of ``lab`` in ``submitted/``, sorted."""
    root = course.root / "submitted"
    return sorted(p.parent.name for p in root.glob(f"*/{lab}") if p.is_dir())


def progress(done, total, label, stream=sys.stderr, width=30):
    """A one-line progress bar on a terminal, a line per step elsewhere."""
    filled = int(width * done / max(total, 1))
    line = f"[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {label}"
    if stream.isatty():
        stream.write("\r" + line.ljust(100) + ("\n" if done == total else ""))
    else:
        stream.write(line + "\n")
    stream.flush()


def first_line_of_failure(log):
    """The most telling line of an nbgrader failure log."""
    lines = [ln.strip() for ln in log.splitlines() if ln.strip()]
    for ln in reversed(lines):
        if "Error" in ln or "error" in ln:
            return ln[:200]
    return lines[-1][:200] if lines else "nbgrader failed"


def grade(course, labs, show_progress=True):
    """Autograde, generate feedback and export for ``labs``; return a GradeReport."""
    broken = []
    work = [(lab, s) for lab in labs for s in submissions(course, lab)]
    start = time.time()
    for done, (lab, student) in enumerate(work, 1):
        try:
            course.autograde(lab, student)
        except NbgraderError as exc:
            broken.append((student, lab, first_line_of_failure(str(exc))))
        if show_progress:
            progress(done, len(work), f"{lab} {student} ({time.time() - start:.0f} s)")
    for lab in labs:
        if submissions(course, lab):
            course.generate_feedback(lab)
    grades_csv = course.root / "grades.csv"
    course.export(grades_csv)

    rows, max_scores = {}, {}
    for lab in labs:
        for student, g in course.grades(lab).items():
            rows.setdefault(student, {})[lab] = g.score
            max_scores[lab] = max(max_scores.get(lab, 0), g.max_score)
    table = pd.DataFrame.from_dict(rows, orient="index").reindex(columns=labs).sort_index()
    return GradeReport(table, max_scores, broken, grades_csv, course.root / "feedback")
