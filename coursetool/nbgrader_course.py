"""Thin glue over nbgrader: a course directory, its commands and its gradebook.

Everything here calls nbgrader's own command line or its ``Gradebook`` API; the
grading itself is nbgrader's. A :class:`Course` is either the repository (the
instructor's course) or a scratch copy of part of it, used by ``course check``,
by the tests and by the demo, so that nothing they do touches the real
gradebook.
"""

import functools
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path


from coursetool import layout as _layout
from coursetool.layout import CourseLayout
from coursetool.notebooks import write_notebook

#: nbgrader's converters are not thread-safe in one process (Autograde sets and deletes
#: ``os.environ["NBGRADER_EXECUTION"]``): :meth:`Course.convert` runs one at a time.
_IN_PROCESS = threading.Lock()


@functools.lru_cache(maxsize=None)
def alembic_head():
    """The head revision of nbgrader's gradebook schema, as ``alembic heads`` prints it first.

    Read from nbgrader's own migration scripts in this process (what nbgrader's
    ``get_alembic_version`` asks a new ``alembic`` process for).
    """
    from alembic.config import Config
    from alembic.script import ScriptDirectory
    from nbgrader.dbutil import ALEMBIC_DIR

    config = Config()
    config.set_main_option("script_location", ALEMBIC_DIR)
    heads = ScriptDirectory.from_config(config).get_heads()
    if len(heads) != 1:
        raise RuntimeError(f"nbgrader's gradebook schema has {len(heads)} head revisions: {heads}")
    return heads[0]


@dataclass
class CellGrade:
    """The autograde result of one graded cell."""

    score: float
    max_score: float


@dataclass
class SubmissionGrade:
    """One student's autograded submission of one lab."""

    student: str
    cells: dict = field(default_factory=dict)  # grade_id -> CellGrade

    @property
    def score(self):
        return sum(c.score for c in self.cells.values())

    @property
    def max_score(self):
        return sum(c.max_score for c in self.cells.values())


class NbgraderError(RuntimeError):
    """An nbgrader command failed; the message carries its log."""


class Course:
    """A course directory that nbgrader works in.

    Parameters
    ----------
    root : path-like
        The folder holding ``nbgrader_config.py``, ``source/`` and the rest.
    db_url : str, optional
        The gradebook. By default nbgrader_config.py decides (SQLite in
        ``root`` unless ``NBGRADER_DB_URL`` is set).
    """

    def __init__(self, root, db_url=None):
        self.layout = CourseLayout(root)
        self.root = self.layout.root
        self.db_url = db_url

    @classmethod
    def scratch(cls, labs, parent=None, origin=None):
        """A fresh course in a temporary folder with the given labs' sources (from ``origin``, a CourseLayout).

        Its gradebook is a SQLite file inside it, whatever ``NBGRADER_DB_URL``
        says, so a scratch course never writes to the instructor's gradebook.
        ``origin`` is the current course (:func:`coursetool.layout.current`) by default.
        """
        origin = origin or _layout.current()
        scratch = CourseLayout(tempfile.mkdtemp(prefix="course-", dir=parent))
        shutil.copy2(origin.config, scratch.config)
        for lab in labs:
            shutil.copytree(origin.lab_dir("source", origin.check_lab(lab)), scratch.lab_dir("source", lab))
        return cls(scratch.root, db_url=f"sqlite:///{scratch.gradebook}")

    # --- paths -------------------------------------------------------------
    def notebook_path(self, step, lab, student=None):
        """``<root>/<step>/[<student>/]<lab>/<lab>.ipynb`` (:meth:`CourseLayout.notebook`)."""
        return self.layout.notebook(step, lab, student)

    # --- nbgrader commands ---------------------------------------------------
    def nbgrader(self, *args, timeout=None, env=None):
        """Run ``nbgrader <args>`` in this course; return its combined log.

        ``env`` adds environment variables. Raises NbgraderError when nbgrader
        exits non-zero, TimeoutError (after killing nbgrader and its kernels)
        when it runs longer than ``timeout`` seconds.
        """
        full_env = dict(os.environ)
        if self.db_url:
            full_env["NBGRADER_DB_URL"] = self.db_url
        # Kernels draw figures inline (into the notebook); a backend inherited
        # from the shell, such as Agg, would leave solutions without figures.
        full_env.pop("MPLBACKEND", None)
        # nbgrader runs `alembic` (and kernels) from PATH: use this environment's.
        full_env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), full_env.get("PATH", "")])
        full_env.update(env or {})
        # The log goes to a file, not a pipe: a process that nbgrader started and that outlived it (a
        # kernel's daemon, say) keeps its copy of nbgrader's stdout open, and reading a pipe to its end
        # would wait for that process too.
        with tempfile.TemporaryFile("w+") as out:
            proc = subprocess.Popen(
                [sys.executable, "-m", "nbgrader", *map(str, args)], cwd=self.root, env=full_env,
                stdout=out, stderr=subprocess.STDOUT, text=True, start_new_session=True)
            try:
                proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
                raise TimeoutError(f"nbgrader {' '.join(map(str, args))} ran longer than {timeout} s") from None
            out.seek(0)
            log = out.read()
        if proc.returncode != 0:
            raise NbgraderError(f"nbgrader {' '.join(map(str, args))} failed "
                                f"(exit {proc.returncode}):\n{log[-4000:]}")
        return log

    # --- nbgrader in this process ---------------------------------------------------
    def config(self, **sections):
        """This course's ``nbgrader_config.py``, loaded here, with ``sections`` on top.

        ``config(Autograde={"sanitize_preprocessors": []})`` is the command line's
        ``--Autograde.sanitize_preprocessors=[]``.
        """
        from traitlets.config import Config
        from traitlets.config.loader import PyFileConfigLoader

        config = PyFileConfigLoader("nbgrader_config.py", path=str(self.root)).load_config()
        config.CourseDirectory.root = str(self.root)
        if self.db_url:
            config.CourseDirectory.db_url = self.db_url
        config.merge(Config(sections))
        return config

    def convert(self, converter, lab, student=None, **sections):
        """Run nbgrader's ``converter`` (``Autograde``, ``GenerateFeedback``...) for ``lab`` in this process.

        What the command ``nbgrader <converter> <lab> [--student=S] --force`` does, without
        starting a Python (and importing nbgrader, about 4 s) for it. Returns the log;
        raises NbgraderError, with the log, when nbgrader reports a failure.
        """
        import nbgrader.converters as converters
        from nbgrader.coursedir import CourseDirectory
        from nbgrader.utils import capture_log

        self._prepare_gradebooks()
        config = self.config(**sections)
        coursedir = CourseDirectory(config=config)
        coursedir.assignment_id = self.layout.check_lab(lab)
        if student:
            coursedir.student_id = student
        app = getattr(converters, converter)(coursedir=coursedir, config=config)
        app.force = True
        with _IN_PROCESS:
            result = capture_log(app)
        # the traceback first: nbgrader's log ends with the specific reason ("NotJSONError: ..."),
        # its traceback with a generic "NbGraderException: Please see the above traceback"
        log = result.get("error", "") + result.get("log", "")
        if not result["success"]:
            raise NbgraderError(f"nbgrader {converter} {lab} failed:\n{log[-4000:]}")
        return log

    def generate(self, lab):
        """``nbgrader generate_assignment``: source/<lab> -> release/<lab>."""
        return self.convert("GenerateAssignment", lab)

    def generate_solution(self, lab):
        """``nbgrader generate_solution``: source/<lab> executed -> solutions/<lab>."""
        return self.nbgrader("generate_solution", self.layout.check_lab(lab), "--force")

    def submit(self, student, lab, nb):
        """Place ``nb`` where nbgrader collects it: submitted/<student>/<lab>/<lab>.ipynb."""
        return write_notebook(nb, self.notebook_path("submitted", lab, student))

    def generate_feedback(self, lab):
        """``nbgrader generate_feedback``: autograded/ -> feedback/ (hidden tests removed)."""
        return self.convert("GenerateFeedback", lab)

    def export(self, path):
        """``nbgrader export`` the gradebook to a CSV file (nbgrader's CSV plugin, in this process)."""
        from nbgrader.plugins import CsvExportPlugin

        plugin = CsvExportPlugin(config=self.config())
        plugin.to = str(path)
        with self.gradebook() as gb:
            plugin.export(gb)
        return path

    # --- the gradebook -------------------------------------------------------
    @staticmethod
    def _prepare_gradebooks():
        """A new gradebook needs the revision of nbgrader's database schema: read it here, once.

        nbgrader's ``Gradebook`` asks a subprocess (``alembic heads``, about 5 s of CPU to import
        alembic and SQLAlchemy anew) for it each time it creates a gradebook; this process reads
        the same revision from nbgrader's migration scripts once (:func:`alembic_head`) and hands
        it to nbgrader. ``alembic`` stays on PATH for the nbgrader commands run as subprocesses.
        """
        import nbgrader.api

        nbgrader.api.get_alembic_version = alembic_head
        bin_dir = str(Path(sys.executable).parent)
        if bin_dir not in os.environ.get("PATH", "").split(os.pathsep):
            os.environ["PATH"] = os.pathsep.join([bin_dir, os.environ.get("PATH", "")])

    def gradebook(self):
        from nbgrader.api import Gradebook

        self._prepare_gradebooks()

        db_url = self.db_url or os.environ.get(
            "NBGRADER_DB_URL", f"sqlite:///{self.layout.gradebook}")
        return Gradebook(db_url)

    def grades(self, lab):
        """Per-cell autograde results of every submission of ``lab``: student -> SubmissionGrade."""
        result = {}
        with self.gradebook() as gb:
            for submission in gb.assignment_submissions(lab):
                grade = SubmissionGrade(submission.student.id)
                for notebook in submission.notebooks:
                    for g in notebook.grades:
                        if g.max_score:
                            grade.cells[g.name] = CellGrade(float(g.score or 0), float(g.max_score))
                result[grade.student] = grade
        return result
