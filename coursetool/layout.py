"""Where everything of a course lives: the one owner of the course's paths.

A course is a folder holding ``nbgrader_config.py`` and ``source/`` (a clone of this
repository, or a scratch copy of part of it). Nothing here depends on where the
packages are installed: the course is the folder given (``course --course PATH``,
``CLUSTERCOURSE_COURSE``) or the nearest one above the working folder.

::

    <root>/nbgrader_config.py                 the labs (ASSIGNMENTS) and nbgrader's settings
    <root>/source/<lab>/<lab>.ipynb           what an instructor edits
    <root>/release/<lab>/...                  generated: what students get
    <root>/submitted|autograded|feedback/<student>/<lab>/...   nbgrader's steps
    <root>/solutions/<lab>/<lab>.ipynb|.html  generated: the executed solutions
    <root>/data/                              the data sets (provenance in data/README.md)
    <root>/handout/<lab>.zip                  generated, git-ignored: what a student downloads (course handout)
    <root>/tests/labs/<lab>/mutants|alternatives/   the proof's hand-ins
    <root>/tests/coursetool/attacks/          the attacks on the grader
"""

import contextlib
import os
import runpy
from functools import lru_cache
from pathlib import Path

#: Environment variable naming the course folder (set by the course tool for its child processes).
ENV_COURSE = "CLUSTERCOURSE_COURSE"
#: nbgrader's folders of one lab, with a student level for all but ``source`` and ``release``.
STEPS = ("source", "release", "submitted", "autograded", "feedback")
#: The proof's kinds of hand-in and their folders under ``tests/labs/<lab>/``.
VARIANT_FOLDERS = {"mutant": "mutants", "alternative": "alternatives"}


class CourseLayout:
    """The paths of the course in ``root``.

    Parameters
    ----------
    root : path-like
        The folder holding ``nbgrader_config.py``.
    """

    def __init__(self, root):
        self.root = Path(root).resolve()

    def __repr__(self):
        return f"CourseLayout({str(self.root)!r})"

    def __eq__(self, other):
        return isinstance(other, CourseLayout) and other.root == self.root

    def __hash__(self):
        return hash(self.root)

    # --- files and folders ----------------------------------------------------------
    @property
    def config(self):
        return self.root / "nbgrader_config.py"

    @property
    def data(self):
        return self.root / "data"

    @property
    def tests(self):
        return self.root / "tests"

    @property
    def gradebook(self):
        return self.root / "gradebook.db"

    def step(self, step):
        """The folder of one of nbgrader's steps (``source``, ``release``, ``submitted``...)."""
        if step not in STEPS:
            raise ValueError(f"step must be one of {', '.join(STEPS)}; got {step!r}")
        return self.root / step

    def lab_dir(self, step, lab, student=None):
        """``<root>/<step>/[<student>/]<lab>`` (a student for every step but ``source`` and ``release``)."""
        folder = self.step(step)
        if step in ("source", "release"):
            if student is not None:
                raise ValueError(f"{step!r} has no student folders; got student={student!r}")
            return folder / lab
        if not student:
            raise ValueError(f"student must be given for {step!r}")
        return folder / student / lab

    def notebook(self, step, lab, student=None):
        """``<root>/<step>/[<student>/]<lab>/<lab>.ipynb``."""
        return self.lab_dir(step, lab, student) / f"{lab}.ipynb"

    def submissions(self, step, lab):
        """The students with a ``<step>/<student>/<lab>`` folder, sorted."""
        return sorted(p.parent.name for p in self.step(step).glob(f"*/{lab}") if p.is_dir())

    def handout(self, lab=None):
        """The folder of the hand-outs (git-ignored), or ``handout/<lab>.zip``, one lab's (``course handout``)."""
        folder = self.root / "handout"
        return folder if lab is None else folder / f"{self.check_lab(lab)}.zip"

    def solutions(self, lab):
        return self.root / "solutions" / lab

    def solution(self, lab, suffix=".ipynb"):
        return self.solutions(lab) / f"{lab}{suffix}"

    def variants(self, lab, kind):
        """The folder of the proof's hand-ins of one ``kind`` (``mutant``, ``alternative``) for ``lab``."""
        if kind not in VARIANT_FOLDERS:
            raise ValueError(f"kind must be one of {', '.join(VARIANT_FOLDERS)}; got {kind!r}")
        return self.tests / "labs" / self.check_lab(lab) / VARIANT_FOLDERS[kind]

    def attacks(self):
        """The catalogue of attacks on the grader (tests/coursetool/attacks/)."""
        return self.tests / "coursetool" / "attacks"

    # --- the labs ---------------------------------------------------------------------
    def labs(self):
        """The assignment ids, in teaching order, as listed in ``nbgrader_config.py``."""
        return _labs(self.config)

    def check_lab(self, lab):
        """Return ``lab`` if it is one of the course's assignments, else raise ValueError."""
        if lab not in self.labs():
            raise ValueError(f"lab must be one of {', '.join(self.labs())}; got {lab!r}")
        return lab

    def built_labs(self):
        """The labs that have a source notebook."""
        return [lab for lab in self.labs() if self.notebook("source", lab).exists()]


@lru_cache(maxsize=None)
def _labs(config):
    from traitlets.config import Config

    namespace = runpy.run_path(str(config), init_globals={"get_config": Config})
    return tuple(namespace["ASSIGNMENTS"])


def is_course(folder):
    folder = Path(folder)
    return (folder / "nbgrader_config.py").is_file() and (folder / "source").is_dir()


def find_course(start=None):
    """The course folder: ``CLUSTERCOURSE_COURSE``, else the nearest course at or above ``start`` (cwd)."""
    named = os.environ.get(ENV_COURSE)
    if named:
        if not is_course(named):
            raise ValueError(f"{ENV_COURSE}={named} is not a course folder (no nbgrader_config.py and source/)")
        return Path(named).resolve()
    here = Path(start or os.getcwd()).resolve()
    for folder in (here, *here.parents):
        if is_course(folder):
            return folder
    raise ValueError(f"no course folder at or above {here} (one with nbgrader_config.py and source/): "
                     "run the course tool inside one, or give --course PATH")


_CURRENT = []


def current():
    """The course this process works on (:func:`use`, else :func:`find_course`)."""
    if not _CURRENT:
        use(find_course())
    return _CURRENT[0]


def use(root):
    """Work on the course in ``root`` from now on, in this process and the processes it starts.

    Sets ``CLUSTERCOURSE_COURSE``, and ``CLUSTERCOURSE_DATA`` (where the labs' kernels read
    their data, see :func:`clustercourse.datasets.data_dir`) unless it is set already.
    """
    if not is_course(root):
        raise ValueError(f"course must be a folder with nbgrader_config.py and source/; got {root}")
    layout = CourseLayout(root)
    _CURRENT[:] = [layout]
    os.environ[ENV_COURSE] = str(layout.root)
    os.environ.setdefault("CLUSTERCOURSE_DATA", str(layout.data))
    return layout


@contextlib.contextmanager
def using(root):
    """:func:`use` ``root`` for the time of a ``with`` block, then go back to the course before it."""
    saved = (list(_CURRENT), {k: os.environ.get(k) for k in (ENV_COURSE, "CLUSTERCOURSE_DATA")})
    try:
        yield use(root)
    finally:
        _CURRENT[:] = saved[0]
        for k, v in saved[1].items():
            os.environ.pop(k, None) if v is None else os.environ.__setitem__(k, v)


def labs():
    """The current course's labs (:meth:`CourseLayout.labs`)."""
    return current().labs()


def check_lab(lab):
    """``lab`` if it is one of the current course's labs, else ValueError (:meth:`CourseLayout.check_lab`)."""
    return current().check_lab(lab)
