"""The grading engine: long-lived nbgrader workers on Dask, one gradebook writer.

A submission travels as data, never as a path: its files (the notebook bytes and
whatever else the student handed in, links dropped) and the hash of the assignment
it is for (:func:`assignment_hash`). A worker holds a scratch course of its own,
built from its own copy of the course's ``source/``, and grades one submission at a
time **in-process** through nbgrader's Python API (``Autograde`` with the course's
``nbgrader_config.py``: the trusted executor, the sandbox, every preprocessor), so
nbgrader is imported once per worker and not once per submission. It sends back the
files of ``autograded/<student>/<lab>/``; the process that called :meth:`Engine.run`
is the only one that writes to the real gradebook (:mod:`coursetool.grade.grading`
merges the executed notebooks through nbgrader).

Workers are `Dask distributed <https://distributed.dask.org>`_ workers:

* on one machine, ``Engine(jobs=N)`` starts a ``LocalCluster`` of N single-threaded
  worker processes (what ``course grade --jobs N`` uses);
* across machines, ``Engine(scheduler="tcp://HOST:8786")`` connects to a running
  scheduler, and each machine joins with ``course worker --scheduler tcp://HOST:8786``
  (or ``dask worker tcp://HOST:8786 --nthreads 1``). Nothing else is shared: the
  notebooks go to the workers in the task and come back in its result.

Each task's Dask key is the submission's hash, so a task run twice (a retry, a worker
lost mid-submission, the same hand-in given twice) is recorded once; a worker lost
mid-submission is replaced by the scheduler, which runs the task again elsewhere.
"""

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from distributed import WorkerPlugin

from coursetool import layout
from coursetool.layout import CourseLayout

#: Name under which the course's plugin is registered on every Dask worker.
PLUGIN_NAME = "clustercourse-grader"
#: Failures of the grading machinery itself (not of the student's code) worth one retry.
TRANSIENT = ("Address already in use", "ZMQError", "database is locked")


def assignment_hash(lab, root=None):
    """A hash of what grading ``lab`` depends on: its ``source/`` folder and ``nbgrader_config.py``.

    ``root``: the course folder (the current course by default). A worker grades a
    submission only if its own copy of the course gives the same hash.
    """
    where = CourseLayout(root) if root is not None else layout.current()
    root = where.root
    digest = hashlib.sha256()
    files = [where.config] + sorted(
        p for p in where.lab_dir("source", where.check_lab(lab)).rglob("*")
        if p.is_file() and ".ipynb_checkpoints" not in p.parts and "__pycache__" not in p.parts)
    for path in files:
        digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def pack_hand_in(folder):
    """The regular files under ``folder`` as ``{relative path: bytes}``.

    Links are dropped, never followed: the grader runs as root, and a link to
    ``/etc/shadow`` or to another student's folder would otherwise travel as content,
    for the student's code to read.
    """
    folder = Path(folder)
    out = {}
    for dirpath, dirnames, filenames in os.walk(folder):          # os.walk never enters a linked folder
        dirnames[:] = sorted(d for d in dirnames if not os.path.islink(os.path.join(dirpath, d)))
        for name in sorted(filenames):
            path = Path(dirpath) / name
            if not path.is_symlink() and path.is_file():
                out[str(path.relative_to(folder))] = path.read_bytes()
    return out


def unpack(files, folder):
    folder = Path(folder)
    for name, data in files.items():
        target = (folder / name).resolve()
        if folder.resolve() not in target.parents:
            raise ValueError(f"files: {name!r} would be written outside {folder}")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


@dataclass(frozen=True)
class Submission:
    """One hand-in, as it travels to a worker."""

    lab: str
    student: str
    files: dict            # relative path -> bytes: the notebook and the rest of the hand-in
    assignment: str        # assignment_hash(lab) of the course that sent it

    @classmethod
    def from_folder(cls, lab, student, folder, assignment):
        return cls(lab, student, pack_hand_in(folder), assignment)

    @property
    def key(self):
        """The hash that names this submission (and its Dask task): same hand-in, same key."""
        digest = hashlib.sha256(f"{self.lab}\0{self.student}\0{self.assignment}\0".encode())
        for name in sorted(self.files):
            digest.update(name.encode() + b"\0" + hashlib.sha256(self.files[name]).digest())
        return digest.hexdigest()

    def problem(self):
        """Why this hand-in cannot be graded at all (no notebook of the lab's name), or None."""
        if f"{self.lab}.ipynb" in self.files:
            return None
        found = sorted(n for n in self.files if n.endswith(".ipynb"))
        return (f"no notebook named {self.lab}.ipynb in the submission"
                + (f" (found {', '.join(found)})" if found else " (no notebook at all)"))


@dataclass
class Graded:
    """What a worker made of one submission."""

    key: str
    lab: str
    student: str
    reason: str = None                          # why it could not be graded; None when it was
    files: dict = field(default_factory=dict)   # autograded/<student>/<lab>/: relative path -> bytes
    seconds: float = 0.0
    worker: str = ""


def failure_reason(log):
    """The most telling line of an nbgrader failure log: its last exception, if any."""
    import re

    pattern = re.compile(r"^[\w.]+(Error|Exception|Exit)\b[^:]*:")
    lines = [ln.strip() for ln in str(log).splitlines() if ln.strip()]
    for ln in reversed(lines):
        if pattern.match(ln):
            head, message = ln.split(":", 1)
            return f"{head.rsplit('.', 1)[-1]}:{message}"[:300]     # without the module path
    for ln in reversed(lines):
        if any(word in ln for word in ("Timeout", "timed out", "died")):
            return ln[:300]
    return lines[-1][:300] if lines else "nbgrader failed"


class GradingWorker:
    """A long-lived grader: one scratch course, nbgrader imported once, one submission at a time.

    Parameters
    ----------
    sandbox : bool
        Run each student kernel in :mod:`coursetool.grade.sandbox`. This sets the process's
        environment (the sandbox kernelspec first on ``JUPYTER_PATH``), so a process holds
        at most one worker: a Dask worker process, or a test's own.
    timeout : int, optional
        Per-cell limit in seconds (default: nbgrader_config.py's ``Execute.timeout``).
    submission_timeout : float
        Seconds one submission may take in all; past it the kernels are killed and the
        submission is reported as not graded.
    hide : list of path-like
        Folders the sandbox must be checked against besides its defaults (those that exist here).
    root : path-like
        The course whose ``source/`` and ``nbgrader_config.py`` this worker grades with.
    figures : bool
        Draw the figures of the student's cells into the graded notebook (and its feedback).
        Off (``TrustedExecute.student_figures``), each figure is made and closed as usual but
        not rendered: grades are the same, only cheaper to get (the proofs use it).
    fork : bool
        Fork kernels from a pre-imported zygote (``TrustedExecute.fork_kernels``, the default);
        off, every kernel starts from nothing (for side-by-side benchmarks).
    """

    def __init__(self, sandbox=True, timeout=None, submission_timeout=1800, hide=(), root=None, figures=True,
                 fork=True):
        import nbgrader.converters  # noqa: F401  (imported once per worker, not once per submission)

        self.origin = CourseLayout(root) if root is not None else layout.current()
        self.root = self.origin.root
        self.submission_timeout = submission_timeout
        self.scratch = Path(tempfile.mkdtemp(prefix="grading-worker-"))
        self.course_root = self.scratch / "course"
        self.course_root.mkdir()
        self.here = CourseLayout(self.course_root)
        shutil.copy2(self.origin.config, self.here.config)
        self.labs = {}                      # lab -> its assignment hash, once generated here
        self.lock = threading.Lock()
        # Kernels draw figures inline, into the notebook; they and nbgrader's alembic run from this env.
        from coursetool.grade import sandbox as sb

        env = {"MPLBACKEND": None,
               "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]),
               **sb.single_threaded()}
        self.sandboxed = bool(sandbox)
        if sandbox:
            existing = [p for p in hide if Path(p).is_dir()]
            env.update(sb.kernel_env(hide=[self.scratch, *existing]))
        self._saved_env = {k: os.environ.get(k) for k in env}      # put back by close()
        _set_env(env)
        from coursetool.nbgrader_course import Course

        self.course = Course(self.course_root, db_url=f"sqlite:///{self.here.gradebook}")
        self.execute = {"timeout": int(timeout)} if timeout else {}
        self.trusted = {}                   # TrustedExecute settings other than the course's
        if not figures:
            self.trusted["student_figures"] = False
        if not fork:
            self.trusted["fork_kernels"] = False

    def _prepare(self, lab):
        """``generate_assignment`` of ``lab`` in the scratch course, once; its hash."""
        if lab not in self.labs:
            from coursetool.nbgrader_course import NbgraderError

            self.origin.check_lab(lab)
            shutil.copytree(self.origin.lab_dir("source", lab), self.here.lab_dir("source", lab), dirs_exist_ok=True)
            try:
                self.course.generate(lab)
            except NbgraderError as exc:
                raise RuntimeError(f"could not generate {lab} on this worker: {failure_reason(exc)}") from None
            self.labs[lab] = assignment_hash(lab, self.root)
        return self.labs[lab]

    def grade(self, submission):
        """Autograde ``submission`` here, in-process; a :class:`Graded` (never raises for a bad hand-in)."""
        with self.lock:
            result = Graded(submission.key, submission.lab, submission.student, worker=_hostname())
            try:
                if submission.problem() is None:
                    self._prepare(submission.lab)        # once per lab and worker: not this submission's time
            except Exception:
                pass                                     # _grade meets the same failure and reports it
            began = time.time()
            try:
                result.reason = self._grade(submission, result)
            except Exception as exc:     # the machinery failed on this one: say so, keep the worker going
                result.reason = f"{type(exc).__name__}: {exc}"[:300]
            finally:
                shutil.rmtree(self.here.step("submitted"), ignore_errors=True)
                shutil.rmtree(self.here.step("autograded"), ignore_errors=True)
            result.seconds = time.time() - began
            return result

    def _grade(self, submission, result):
        problem = submission.problem()
        if problem:
            return problem
        if self._prepare(submission.lab) != submission.assignment:
            return (f"this worker ({_hostname()}) has a different version of {submission.lab} "
                    "(source/ or nbgrader_config.py) than the course that sent it")
        from coursetool.nbgrader_course import NbgraderError

        lab, student = submission.lab, submission.student
        unpack(submission.files, self.here.lab_dir("submitted", lab, student))
        reason = None
        for attempt in (1, 2):
            shutil.rmtree(self.here.step("autograded"), ignore_errors=True)
            sections = {"Execute": self.execute} if self.execute else {}
            if self.trusted:
                sections["TrustedExecute"] = self.trusted
            sockets = None
            if self.sandboxed:
                # for an assignment graded by nbgrader's own Execute (single_kernel_assignments): its
                # kernel is reached over Unix sockets in a folder of its own (see coursetool.grade.sandbox)
                from coursetool.grade.sandbox import kernel_ip

                sockets = tempfile.mkdtemp(prefix="sockets-", dir=self.scratch)
                sections["KernelManager"] = {"transport": "ipc", "ip": kernel_ip(sockets)}
            try:
                with _Watchdog(self.submission_timeout) as watchdog:
                    self.course.convert("Autograde", lab, student=student, **sections)
                reason = None
            except NbgraderError as exc:
                reason = failure_reason(exc)
                if not watchdog.fired and attempt == 1 and any(t in str(exc) for t in TRANSIENT):
                    continue
            finally:
                if sockets:
                    shutil.rmtree(sockets, ignore_errors=True)
            if watchdog.fired:
                return f"grading took longer than {self.submission_timeout} s and was stopped"
            break
        graded = self.here.lab_dir("autograded", lab, student)
        if reason is None and not (graded / f"{lab}.ipynb").exists():
            reason = f"no notebook named {lab}.ipynb in the submission"
        if reason is None:
            result.files = pack_hand_in(graded)
        return reason

    def close(self):
        """Remove the scratch course and put the process's environment back as it was."""
        _set_env(self._saved_env)
        shutil.rmtree(self.scratch, ignore_errors=True)


def _set_env(values):
    for name, value in values.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


class _Watchdog:
    """Kills this process's child processes (the kernels) if a block runs past ``seconds``.

    The executing cell then sees its kernel die and nbgrader finishes the submission at once.
    """

    def __init__(self, seconds):
        self.seconds = seconds
        self.fired = False
        self.timer = None

    def _fire(self):
        import psutil

        from coursetool.grade import zygote

        self.fired = True
        spare = zygote.pids()       # the kernel zygotes: their kernels are killed, they stay for the next submission
        for child in psutil.Process().children(recursive=True):
            if child.pid in spare:
                continue
            try:
                child.kill()
            except psutil.Error:
                pass

    def __enter__(self):
        if self.seconds:
            self.timer = threading.Timer(self.seconds, self._fire)
            self.timer.daemon = True
            self.timer.start()
        return self

    def __exit__(self, *exc):
        if self.timer:
            self.timer.cancel()
        return False


def _hostname():
    import socket

    return f"{socket.gethostname()}:{os.getpid()}"


# --- Dask -------------------------------------------------------------------------------

class GraderPlugin(WorkerPlugin):
    """The Dask worker plugin that gives each worker process one :class:`GradingWorker`.

    Registered by :class:`Engine` on every worker of the cluster, those that join later
    included; the grading worker itself is made on the first submission, so that a worker
    that cannot sandbox reports it as that submission's reason.
    """

    name = PLUGIN_NAME

    def __init__(self, **options):
        self.options = options
        self.grader = None

    def teardown(self, worker):
        if self.grader:
            self.grader.close()

    def get(self):
        if self.grader is None:
            self.grader = GradingWorker(**self.options)
        return self.grader


def grade_on_worker(submission):
    """The Dask task: grade ``submission`` with this worker's :class:`GradingWorker`."""
    from distributed import get_worker

    plugin = get_worker().plugins[PLUGIN_NAME]
    try:
        grader = plugin.get()
    except Exception as exc:
        return Graded(submission.key, submission.lab, submission.student,
                      reason=f"the worker cannot grade: {type(exc).__name__}: {exc}"[:300], worker=_hostname())
    return grader.grade(submission)


class Engine:
    """Grade submissions on Dask workers: a ``LocalCluster`` of ``jobs`` processes, or a scheduler's.

    Use as a context manager::

        with Engine(jobs=2, sandbox=True) as engine:
            results = engine.run(submissions, on_result=print)

    Parameters
    ----------
    jobs : int
        Worker processes of the local cluster (ignored with ``scheduler``).
    scheduler : str, optional
        Address of a running Dask scheduler, e.g. ``tcp://10.0.0.5:8786``.
    sandbox, timeout, submission_timeout, hide, figures, fork :
        Passed to every worker's :class:`GradingWorker`.
    retries : int
        Times a task that raised (not a bad hand-in: the machinery) is tried again.
    """

    def __init__(self, jobs=1, scheduler=None, sandbox=True, timeout=None, submission_timeout=1800,
                 hide=(), retries=1, figures=True, fork=True):
        if int(jobs) != jobs or jobs < 1:
            raise ValueError(f"jobs must be a positive integer; got {jobs!r}")
        if scheduler is not None and not str(scheduler).strip():
            raise ValueError("scheduler must be an address such as tcp://HOST:8786; got an empty string")
        self.jobs = int(jobs)
        self.scheduler = scheduler
        self.options = dict(sandbox=sandbox, timeout=timeout, submission_timeout=submission_timeout,
                            hide=[str(h) for h in hide], figures=figures, fork=fork)
        self.retries = retries
        self.cluster = self.client = self.logs = None
        self.processes = []

    def __enter__(self):
        from distributed import Client, LocalCluster

        try:
            if self.scheduler:
                self.client = Client(self.scheduler, timeout="30s")
            else:
                # A scheduler in this process and `jobs` worker processes started exactly as
                # `course worker` starts them on other machines: one code path.
                self.cluster = LocalCluster(n_workers=0, processes=False, protocol="tcp", host="127.0.0.1",
                                            scheduler_port=0, dashboard_address=None, silence_logs="error")
                address = self.cluster.scheduler_address
                self.logs = tempfile.TemporaryFile("w+")
                # local workers end a minute after their scheduler (this process) is gone, however it ended
                self.processes = [subprocess.Popen(worker_command(address, death_timeout=60), stdout=self.logs,
                                                   stderr=subprocess.STDOUT, start_new_session=True)
                                  for _ in range(self.jobs)]
                self.client = Client(address)
                try:
                    self.client.wait_for_workers(self.jobs, timeout=180)
                except Exception:
                    self.logs.seek(0)
                    raise RuntimeError(f"the grading workers did not start:\n{self.logs.read()[-3000:]}") from None
            self.client.register_plugin(GraderPlugin(**self.options), name=PLUGIN_NAME)
        except BaseException:
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc):
        if self.client:
            self.client.close()
        for proc in self.processes:
            proc.terminate()            # a worker closes (its plugin removes its scratch course) on SIGTERM
        for proc in self.processes:
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, 9)
                proc.wait()
        if self.cluster:
            self.cluster.close()
        if self.logs:
            self.logs.close()
        self.client = self.cluster = self.logs = None
        self.processes = []
        return False

    def workers(self):
        """Addresses of the workers now in the cluster."""
        return sorted(self.client.scheduler_info()["workers"])

    def run(self, submissions, on_result=None):
        """Grade every submission once; ``{key: Graded}`` in the order given.

        ``on_result(graded)`` is called in this process as each one comes back. A
        submission given twice (the same key) is graded and recorded once.
        """
        from distributed import as_completed

        unique = {}
        for s in submissions:
            unique.setdefault(s.key, s)
        futures = {}
        for key, s in unique.items():
            futures[self.client.submit(grade_on_worker, s, key=f"grade-{key}", pure=False,
                                       retries=self.retries)] = key
        results = {}
        for future in as_completed(list(futures)):
            key = futures[future]
            s = unique[key]
            try:
                graded = future.result()
            except Exception as exc:       # the task itself failed (every retry): report, go on
                graded = Graded(key, s.lab, s.student, reason=f"grading failed: {type(exc).__name__}: {exc}"[:300])
            if key in results:
                continue
            results[key] = graded
            if on_result:
                on_result(graded)
        return {key: results[key] for key in unique}


def worker_command(scheduler, nworkers=1, name=None, death_timeout=None):
    """The ``dask worker`` command line of a grading worker: one thread a process, no memory limit.

    One thread: a grading worker grades one submission at a time. No memory limit: the
    sandbox caps each kernel's memory, and the worker process itself holds little. With
    ``death_timeout`` (seconds) the worker ends when it cannot reach its scheduler that long.
    """
    command = [sys.executable, "-m", "distributed.cli.dask_worker", str(scheduler), "--nthreads", "1",
               "--nworkers", str(nworkers), "--memory-limit", "0", "--no-dashboard"]
    if death_timeout:
        command += ["--death-timeout", str(death_timeout)]
    return command + (["--name", name] if name else [])


def worker_main(argv=None):
    """``course worker --scheduler tcp://HOST:8786``: this machine grades for that scheduler.

    Runs ``dask worker`` (see :func:`worker_command`) with ``--nworkers`` processes
    (default: one per core) until it is stopped.
    """
    import argparse

    parser = argparse.ArgumentParser(prog="course worker", description=worker_main.__doc__)
    parser.add_argument("--scheduler", required=True, help="the scheduler's address, e.g. tcp://10.0.0.5:8786")
    parser.add_argument("--nworkers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--name", default=None)
    parser.add_argument("--course", default=None, metavar="PATH",
                        help="this machine's copy of the course (default: the nearest one at or above the "
                             "working folder)")
    args = parser.parse_args(argv)
    if args.nworkers < 1:
        parser.error(f"--nworkers must be at least 1; got {args.nworkers}")
    try:
        layout.use(args.course or layout.find_course())     # the workers inherit it (CLUSTERCOURSE_COURSE)
    except ValueError as exc:
        parser.error(str(exc))
    return subprocess.call(worker_command(args.scheduler, args.nworkers, args.name))
