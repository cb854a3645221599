"""Grade a class: autograde every submission, in parallel, then feedback and grades.

nbgrader cannot autograde several students at once in one course (its issue
#174: kernel ports and the SQLite gradebook clash), so grading runs in two
phases, both done by nbgrader itself:

1. **Execute, isolated.** Each of ``jobs`` workers owns a scratch course per
   lab (its own ``source/`` copy and SQLite gradebook) and runs
   ``nbgrader autograde`` there, one student at a time. Student code runs in
   the sandbox of :mod:`clustercourse.sandbox` when it is available. A broken
   or hostile submission fails alone: it is reported and scored 0.
2. **Merge, serial.** The executed notebooks are handed to
   ``nbgrader autograde`` in the real course with the execution step left out
   (only ``SaveAutoGrades`` and friends), one call per lab, which writes the
   scores into the real gradebook (SQLite or PostgreSQL) and fills
   ``autograded/``.

Then ``generate_feedback`` (hidden tests removed, see :mod:`clustercourse.feedback`),
``export`` to ``grades.csv``, and an instructor summary.
"""

import os
import queue
import re
import shutil
import sys
import tempfile
import threading
import time
import warnings
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .course import Course, NbgraderError
from .paths import check_lab

#: nbgrader's autograde steps that only record grades: the merge runs these, not Execute.
MERGE_PREPROCESSORS = [
    "nbgrader.preprocessors.SaveAutoGrades",
    "clustercourse.suspicion.FlagForManualGrading",
    "nbgrader.preprocessors.AssignLatePenalties",
    "nbgrader.preprocessors.CheckCellMetadata",
]

#: Failures of the grading machinery itself (not of the student's code) worth one retry.
TRANSIENT = ("Address already in use", "ZMQError", "database is locked")


@dataclass
class GradeReport:
    """The outcome of grading a class."""

    table: pd.DataFrame                          # students x labs, total scores
    max_scores: dict                             # lab -> max score
    cells: dict = field(default_factory=dict)    # lab -> DataFrame students x grade ids (scores)
    cell_max: dict = field(default_factory=dict)  # lab -> {grade id: max score}
    broken: list = field(default_factory=list)   # (student, lab, reason)
    flagged: list = field(default_factory=list)  # (student, lab, grade id, reason): marked for manual grading
    grades_csv: Path = None
    feedback_dir: Path = None
    summary_dir: Path = None
    seconds: float = 0.0
    timings: dict = field(default_factory=dict)  # (student, lab) -> seconds its grading took

    def slowest(self, n=3):
        """The ``n`` submissions that took longest: (seconds, student, lab)."""
        return sorted(((t, s, lab) for (s, lab), t in self.timings.items()), reverse=True)[:n]


def submissions(course, lab):
    """Students with a submission folder for ``lab`` in ``submitted/``, sorted."""
    return sorted(p.parent.name for p in (course.root / "submitted").glob(f"*/{lab}") if p.is_dir())


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


_EXCEPTION_LINE = re.compile(r"^[\w.]+(Error|Exception|Exit)\b[^:]*:")


def failure_reason(log):
    """The most telling line of an nbgrader failure log: its last exception, if any."""
    lines = [ln.strip() for ln in str(log).splitlines() if ln.strip()]
    for ln in reversed(lines):
        if _EXCEPTION_LINE.match(ln):
            head, message = ln.split(":", 1)
            return f"{head.rsplit('.', 1)[-1]}:{message}"[:300]     # without the module path
    for ln in reversed(lines):
        if any(word in ln for word in ("Timeout", "timed out", "died")):
            return ln[:300]
    return lines[-1][:300] if lines else "nbgrader failed"


def copy_hand_in(src, dst):
    """Copy a student's hand-in folder; links in it are dropped, never followed.

    The grader runs as root: a link to ``/etc/shadow`` or to another student's
    folder would otherwise be copied in as content, for the student's code to read.
    """
    shutil.copytree(src, dst, symlinks=True)
    for link in [p for p in Path(dst).rglob("*") if p.is_symlink()]:
        link.unlink()
    return dst


class Worker:
    """One grading worker: a scratch course per lab, used for one student at a time."""

    def __init__(self, labs, scratch_parent, extra_args=(), env=None, socket_parent=None):
        self.course = Course.scratch(labs, parent=scratch_parent)
        self.extra_args = list(extra_args)
        self.env = env or {}
        self.socket_parent = socket_parent   # sandboxed: each submission's kernel sockets go in a fresh folder here
        for lab in labs:
            self.course.generate(lab)

    def run(self, source_course, lab, student, staging, submission_timeout):
        """Autograde one submission here; copy the result to ``staging``. Returns None or a failure reason."""
        src = source_course.root / "submitted" / student / lab
        if not (src / f"{lab}.ipynb").exists():
            found = sorted(p.name for p in src.glob("*.ipynb"))
            return (f"no notebook named {lab}.ipynb in the submission"
                    + (f" (found {', '.join(found)})" if found else " (no notebook at all)"))
        dst = self.course.root / "submitted" / student / lab
        shutil.rmtree(self.course.root / "submitted", ignore_errors=True)
        copy_hand_in(src, dst)
        reason = None
        for attempt in (1, 2):
            args = list(self.extra_args)
            sockets = None
            if self.socket_parent:
                from .sandbox import ipc_args

                sockets = Path(tempfile.mkdtemp(dir=self.socket_parent))
                args += ipc_args(sockets)
            try:
                self.course.nbgrader("autograde", lab, f"--student={student}", "--force",
                                     *args, timeout=submission_timeout, env=self.env)
                reason = None
                break
            except NbgraderError as exc:
                reason = failure_reason(exc)
                if attempt == 2 or not any(t in str(exc) for t in TRANSIENT):
                    break
            except TimeoutError:
                reason = f"grading took longer than {submission_timeout} s and was stopped"
                break
            finally:
                if sockets:
                    shutil.rmtree(sockets, ignore_errors=True)
        graded = self.course.root / "autograded" / student / lab
        notebook = graded / f"{lab}.ipynb"
        if reason is None and not notebook.exists():
            reason = f"no notebook named {lab}.ipynb in the submission"
        if reason is None:
            target = staging / student / lab
            shutil.copytree(graded, target, dirs_exist_ok=True)
            stamp = src / "timestamp.txt"
            if stamp.exists():
                shutil.copy2(stamp, target / "timestamp.txt")
        shutil.rmtree(self.course.root / "autograded" / student, ignore_errors=True)
        return reason


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
    """Record the executed notebooks in ``staging`` in the real gradebook, through nbgrader."""
    rel = os.path.relpath(staging, course.root)
    course.nbgrader("autograde", lab, "--force",
                    f"--CourseDirectory.submitted_directory={rel}",
                    "--Autograde.sanitize_preprocessors=[]",
                    f"--Autograde.autograde_preprocessors={MERGE_PREPROCESSORS!r}")


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


def grade(course, labs, jobs=1, show_progress=True, timeout=None, sandbox=True,
          submission_timeout=1800, feedback=True):
    """Autograde every submission of ``labs`` in ``course``; feedback, grades.csv and a summary.

    Parameters
    ----------
    course : Course
        The course whose ``submitted/`` is graded and whose gradebook is written.
    labs : list of str
    jobs : int
        Submissions graded at once (each in its own worker course).
    timeout : int, optional
        Per-cell execution timeout in seconds (default: nbgrader_config.py's).
    sandbox : bool
        Run student code in :mod:`clustercourse.sandbox` (bubblewrap); RuntimeError if it
        is not installed. ``False`` grades with the grader's own permissions.
    submission_timeout : int
        Wall-clock limit for grading one submission.
    """
    if int(jobs) != jobs or jobs < 1:
        raise ValueError(f"jobs must be a positive integer; got {jobs!r}")
    labs = [check_lab(lab) for lab in labs]
    start = time.time()
    extra = [f"--Execute.timeout={int(timeout)}"] if timeout else []
    scratch = Path(tempfile.mkdtemp(prefix="grading-"))
    sockets = None
    env = {}
    if sandbox:
        from . import sandbox as sb

        # Hidden from student code: the course (sources, gradebook, other students' work) and
        # every worker's scratch course. Raises, naming the remedy, when bubblewrap is missing.
        env = sb.kernel_env(hide=[course.root, scratch])
        # Each submission's kernel is reached over Unix sockets in a fresh folder of its own, so
        # kernels get no network at all and never see each other's sockets (see clustercourse.sandbox).
        sockets = Path(tempfile.mkdtemp(prefix="grading-sockets-"))
    work = [(lab, s) for lab in labs for s in submissions(course, lab)]
    broken, timings = [], {}
    staging = course.root / ".grading"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        for lab in labs:
            _ensure_assignment(course, lab)
        workers = queue.Queue()
        for _ in range(min(jobs, max(len(work), 1))):
            workers.put(Worker(labs, scratch, extra, env, socket_parent=sockets))
        lock, done = threading.Lock(), [0]

        def one(item):
            lab, student = item
            worker = workers.get()
            began = time.time()
            try:
                reason = worker.run(course, lab, student, staging / lab, submission_timeout)
            finally:
                workers.put(worker)
            with lock:
                timings[(student, lab)] = time.time() - began
                done[0] += 1
                if reason:
                    broken.append((student, lab, reason))
                if show_progress:
                    progress(done[0], len(work), f"{lab} {student}", elapsed=time.time() - start)

        with ThreadPoolExecutor(max_workers=jobs) as pool:
            list(pool.map(one, work))
        for lab in labs:
            if (staging / lab).exists():
                _merge(course, lab, staging / lab)
        for student, lab, _ in broken:
            _record_zero(course, lab, student)
    finally:
        for folder in (scratch, staging, sockets):
            if folder:
                shutil.rmtree(folder, ignore_errors=True)
    broken.sort()

    if feedback:
        for lab in labs:
            if submissions(course, lab):
                course.generate_feedback(lab)
    grades_csv = course.root / "grades.csv"
    course.export(grades_csv)

    table, max_scores, cells, cell_max = {}, {}, {}, {}
    for lab in labs:
        rows = {}
        for student, g in course.grades(lab).items():
            table.setdefault(student, {})[lab] = g.score
            max_scores[lab] = max(max_scores.get(lab, 0), g.max_score)
            rows[student] = {k: c.score for k, c in g.cells.items()}
            cell_max[lab] = {k: c.max_score for k, c in g.cells.items()}
        cells[lab] = pd.DataFrame.from_dict(rows, orient="index").sort_index()
    table = pd.DataFrame.from_dict(table, orient="index").reindex(columns=labs).sort_index()
    report = GradeReport(table, max_scores, cells, cell_max, broken, flagged_cells(course, labs), grades_csv,
                         course.root / "feedback", seconds=time.time() - start, timings=timings)
    from .summary import write_summary

    report.summary_dir = write_summary(course, report)
    return report
