"""Grade a class: autograde every submission on the engine's workers, then feedback and grades.

nbgrader cannot autograde several students at once in one course (its issue
#174: kernel ports and the SQLite gradebook clash), so grading runs in two
phases, both done by nbgrader itself:

1. **Execute, on workers.** Each submission travels as data (its files and the
   assignment's hash) to a worker of :mod:`coursetool.grade.engine`: a Dask worker
   process that holds a scratch course of its own and runs nbgrader's
   ``Autograde`` in-process, one submission after another. Student code runs in
   the sandbox of :mod:`coursetool.grade.sandbox`. Workers are a ``LocalCluster`` of
   ``jobs`` processes, or a Dask scheduler's (``scheduler=``, ``course grade
   --scheduler``). A broken or hostile submission fails alone: it is reported
   and scored 0.
2. **Merge, here.** This process is the one gradebook writer: the executed
   notebooks are handed to ``nbgrader autograde`` in the real course with the
   execution step left out (only ``SaveAutoGrades`` and friends), one call per
   lab, which writes the scores into the real gradebook (SQLite or PostgreSQL)
   and fills ``autograded/``.

Then ``generate_feedback`` (hidden tests removed, see :mod:`coursetool.nbgrader_plugins.feedback`),
``export`` to ``grades.csv``, and an instructor summary.
"""

import os
import shutil
import sys
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from coursetool.grade.engine import Engine, Submission, assignment_hash

#: nbgrader's autograde steps that only record grades: the merge runs these, not Execute.
MERGE_PREPROCESSORS = [
    "nbgrader.preprocessors.SaveAutoGrades",
    "coursetool.nbgrader_plugins.suspicion.FlagForManualGrading",
    "nbgrader.preprocessors.AssignLatePenalties",
    "nbgrader.preprocessors.CheckCellMetadata",
]


@dataclass
class GradeReport:
    """The outcome of grading a class: the gradebook's grades, and what went wrong.

    ``grades`` holds every grade as the gradebook has it (one
    :class:`~coursetool.nbgrader_course.SubmissionGrade` per student and lab); the tables
    below are views of it.
    """

    labs: list
    grades: dict                                 # lab -> {student: SubmissionGrade}
    broken: list = field(default_factory=list)   # (student, lab, reason)
    flagged: list = field(default_factory=list)  # (student, lab, grade id, reason): marked for manual grading
    grades_csv: Path = None
    feedback_dir: Path = None
    summary_dir: Path = None
    seconds: float = 0.0
    timings: dict = field(default_factory=dict)  # (student, lab) -> seconds its grading took

    @property
    def table(self):
        """Students x labs: total scores (NaN where a student handed nothing in)."""
        rows = {}
        for lab, by_student in self.grades.items():
            for student, g in by_student.items():
                rows.setdefault(student, {})[lab] = g.score
        return pd.DataFrame.from_dict(rows, orient="index").reindex(columns=self.labs).sort_index()

    @property
    def max_scores(self):
        """Lab -> its maximum score (for the labs anyone handed in)."""
        return {lab: max(g.max_score for g in by_student.values())
                for lab, by_student in self.grades.items() if by_student}

    @property
    def cells(self):
        """Lab -> students x grade ids: the score of every graded cell."""
        return {lab: pd.DataFrame.from_dict({s: {k: c.score for k, c in g.cells.items()}
                                             for s, g in by_student.items()}, orient="index").sort_index()
                for lab, by_student in self.grades.items()}

    @property
    def cell_max(self):
        """Lab -> {grade id: maximum score}."""
        return {lab: {k: c.max_score for g in by_student.values() for k, c in g.cells.items()}
                for lab, by_student in self.grades.items() if by_student}

    def slowest(self, n=3):
        """The ``n`` submissions that took longest: (seconds, student, lab)."""
        return sorted(((t, s, lab) for (s, lab), t in self.timings.items()), reverse=True)[:n]


def submissions(course, lab):
    """Students with a submission folder for ``lab`` in ``submitted/``, sorted."""
    return course.layout.submissions("submitted", lab)


def _duration(seconds):
    return f"{seconds:.0f} s" if seconds < 90 else f"{seconds / 60:.0f} min"


def progress(done, total, label, stream=None, width=30, elapsed=None):
    """A one-line progress bar on a terminal, a line per step elsewhere.

    With ``elapsed`` (seconds since the start) it also shows the rate so far and
    the time left at that rate.
    """
    stream = stream or sys.stderr
    filled = int(width * done / max(total, 1))
    line = f"[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {label}"
    if elapsed and done:
        rate = done / elapsed
        line += f" | {rate * 60:.1f}/min, {_duration(elapsed)} so far, about {_duration((total - done) / rate)} left"
    if stream.isatty():
        stream.write("\r" + line.ljust(100) + ("\n" if done == total else ""))
    else:
        stream.write(line + "\n")
    stream.flush()


def _ensure_assignment(course, lab):
    """Make sure the real gradebook knows ``lab`` (``generate_assignment`` if not)."""
    from nbgrader.api import MissingEntry

    with course.gradebook() as gb:
        try:
            gb.find_assignment(lab)
            return
        except MissingEntry:
            pass
    course.generate(lab)


def _record_zero(course, lab, student):
    """A submission nbgrader could not grade: recorded with 0 on every graded cell."""
    with course.gradebook() as gb, warnings.catch_warnings():
        # nbgrader's update_or_create_submission trips SQLAlchemy's autoflush warnings
        warnings.simplefilter("ignore")
        gb.update_or_create_student(student)
        submission = gb.update_or_create_submission(lab, student)
        for notebook in submission.notebooks:
            for g in notebook.grades:
                g.auto_score = 0
                g.needs_manual_grade = False
        gb.db.commit()


def _merge(course, lab, staging):
    """Record the executed notebooks in ``staging`` in the real gradebook, through nbgrader (in this process)."""
    course.convert("Autograde", lab,
                   CourseDirectory={"submitted_directory": os.path.relpath(staging, course.root)},
                   Autograde={"sanitize_preprocessors": [], "autograde_preprocessors": MERGE_PREPROCESSORS})


def flagged_cells(course, labs):
    """Graded cells nbgrader marks ``needs_manual_grade``, with their reason: (student, lab, grade id, reason)."""
    out = []
    with course.gradebook() as gb:
        for lab in labs:
            for submission in gb.assignment_submissions(lab):
                for notebook in submission.notebooks:
                    why = "; ".join(c.auto_comment for c in notebook.comments if c.auto_comment)
                    for g in notebook.grades:
                        if g.needs_manual_grade:
                            out.append((submission.student.id, lab, g.name, why))
    return sorted(out)


def _hand_ins(course, labs):
    """Every submission of ``labs`` in ``course``'s ``submitted/``, packed for a worker."""
    out = []
    for lab in labs:
        digest = assignment_hash(lab, course.root if course.layout.lab_dir("source", lab).is_dir() else None)
        for student in submissions(course, lab):
            out.append(Submission.from_folder(lab, student, course.layout.lab_dir("submitted", lab, student), digest))
    return out


def _stage(course, graded, staging):
    """Write a worker's result where the merge reads it: ``staging/<lab>/<student>/<lab>/``."""
    from coursetool.grade.engine import unpack

    target = staging / graded.lab / graded.student / graded.lab
    shutil.rmtree(target, ignore_errors=True)
    unpack(graded.files, target)
    stamp = course.layout.lab_dir("submitted", graded.lab, graded.student) / "timestamp.txt"
    if stamp.is_file() and not stamp.is_symlink():
        shutil.copy2(stamp, target / "timestamp.txt")


def autograde_class(course, labs, jobs=1, show_progress=True, timeout=None, sandbox=True,
                    submission_timeout=1800, scheduler=None, figures=True, fork=True):
    """Autograde every submission of ``labs`` in ``course`` into its gradebook and ``autograded/``.

    Returns ``(broken, timings)``: the hand-ins that could not be graded, as sorted
    ``(student, lab, reason)`` (each recorded with 0), and the seconds each submission
    took on its worker, ``{(student, lab): seconds}``. See :func:`grade` for the parameters;
    ``figures=False`` grades without rendering the figures of the students' cells, and
    ``fork=False`` with kernels started from nothing (:class:`~coursetool.grade.engine.GradingWorker`).
    """
    if int(jobs) != jobs or jobs < 1:
        raise ValueError(f"jobs must be a positive integer; got {jobs!r}")
    labs = [course.layout.check_lab(lab) for lab in labs]
    start = time.time()
    if sandbox and not scheduler:
        from coursetool.grade import sandbox as sb

        # Refuse now, naming the remedy, when bubblewrap cannot sandbox here (workers check again).
        sb.kernel_env(hide=[course.root])
    work = _hand_ins(course, labs)
    broken, timings = [], {}
    staging = course.root / ".grading"
    shutil.rmtree(staging, ignore_errors=True)
    per_lab = {lab: sum(s.lab == lab for s in work) for lab in labs}
    done = {lab: 0 for lab in labs}

    def record(graded):
        timings[(graded.student, graded.lab)] = graded.seconds
        done[graded.lab] += 1
        if graded.reason:
            broken.append((graded.student, graded.lab, graded.reason))
        else:
            _stage(course, graded, staging)
        if show_progress:
            n = sum(done.values())
            progress(n, len(work), f"{graded.lab} {done[graded.lab]}/{per_lab[graded.lab]} ({graded.student})",
                     elapsed=time.time() - start)

    try:
        for lab in labs:
            _ensure_assignment(course, lab)
        if work:
            with Engine(jobs=min(jobs, len(work)), scheduler=scheduler, sandbox=sandbox, timeout=timeout,
                        submission_timeout=submission_timeout, hide=[course.root], figures=figures,
                        fork=fork) as engine:
                engine.run(work, on_result=record)
        for lab in labs:
            if (staging / lab).exists():
                _merge(course, lab, staging / lab)
        for student, lab, _ in broken:
            _record_zero(course, lab, student)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return sorted(broken), timings


def grade(course, labs, jobs=1, show_progress=True, timeout=None, sandbox=True,
          submission_timeout=1800, feedback=True, scheduler=None, fork=True):
    """Autograde every submission of ``labs`` in ``course``; feedback, grades.csv and a summary.

    Parameters
    ----------
    course : Course
        The course whose ``submitted/`` is graded and whose gradebook is written.
    labs : list of str
    jobs : int
        Worker processes on this machine (ignored with ``scheduler``).
    timeout : int, optional
        Per-cell execution timeout in seconds (default: nbgrader_config.py's).
    sandbox : bool
        Run student code in :mod:`coursetool.grade.sandbox` (bubblewrap); RuntimeError if it
        is not installed. ``False`` grades with the grader's own permissions.
    submission_timeout : int
        Wall-clock limit for grading one submission.
    feedback : bool
        Also ``generate_feedback`` for every lab graded.
    scheduler : str, optional
        A Dask scheduler's address (``tcp://HOST:8786``): grade on its workers instead.
    fork : bool
        Fork kernels from a pre-imported zygote (:mod:`coursetool.grade.zygote`); ``False`` starts
        every kernel from nothing, as plain nbgrader does.
    """
    start = time.time()
    broken, timings = autograde_class(course, labs, jobs=jobs, show_progress=show_progress, timeout=timeout,
                                      sandbox=sandbox, submission_timeout=submission_timeout, scheduler=scheduler,
                                      fork=fork)
    if feedback:
        for lab in labs:
            if submissions(course, lab):
                course.generate_feedback(lab)
    grades_csv = course.root / "grades.csv"
    course.export(grades_csv)
    report = GradeReport(list(labs), {lab: course.grades(lab) for lab in labs}, broken, flagged_cells(course, labs),
                         grades_csv, course.layout.step("feedback"), seconds=time.time() - start, timings=timings)
    from coursetool.grade.summary import write_summary

    report.summary_dir = write_summary(course, report)
    return report
