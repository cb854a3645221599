"""nbgrader's ``Execute`` step for ``autograde``, with test cells out of the student's reach.

nbgrader's own ``Execute`` runs the whole notebook in one kernel, so the hidden
tests run next to the student's code, and one line of it (replacing
``numpy.allclose``, ``abs``, the course's checks, or adding an IPython hook)
decides the grade. :class:`TrustedExecute` runs each submission in two
kernels instead:

========================  =========================  =========================
cell                      student's kernel            trusted kernel
                          (sandboxed)                 (instructor code only)
========================  =========================  =========================
answer and free cells     runs it                     never sees it
read-only cells           runs it (for the student)   runs the ``source/`` copy
test cells                never sees it               runs the ``source/`` copy
========================  =========================  =========================

In the trusted kernel the names the student defined are proxies
(:mod:`clustercourse.trusted`): calling one runs the student's function in the
student's kernel on a copy of the arguments and brings back plain data
(:mod:`clustercourse.wire`) within a time limit. The cell's outputs are the
trusted kernel's, and nbgrader's ``SaveAutoGrades``, feedback and formgrader
work on them as before. ``nbgrader_config.py`` puts this class where
``Execute`` was, in ``Autograde.autograde_preprocessors``.

Two rules keep a correct solution from losing marks: a warning never costs
points (stderr of a test cell is shown as ordinary output; only a failed check,
an error, counts), and test code never shares a namespace with the student's.

Both kernels are forked from a pre-imported template process of the grader's
(:mod:`coursetool.grade.zygote`, ``TrustedExecute.fork_kernels``, on by default): the
trusted kernel always, the student's when it is not sandboxed (a sandboxed kernel is
started inside its sandbox). Each is still a process no other submission used, in a
folder of its own; only the start-up and the imports are no longer paid per kernel.
"""

import asyncio
import copy
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

import nbformat
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import run_sync
from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from traitlets import Bool, Integer, List, Unicode

from nbgrader import utils as nbutils
from nbgrader.preprocessors import Execute

#: The kernelspec of the trusted kernel (a plain ipykernel of this Python, never sandboxed).
TRUSTED_KERNEL = "clustercourse-trusted"
#: Seconds a student's kernel gets to answer a trivial request after a cell ran out of time.
RECOVERY_SECONDS = 10
#: Arguments of every kernel's start: no IPython history file (nothing of one submission on disk for the next).
KERNEL_ARGUMENTS = ("--HistoryManager.hist_file=:memory:",)


def _role(cell, instructor):
    """``"test"``, ``"instructor"`` (read-only) or ``"student"``, and the source to run in the trusted kernel."""
    if cell.cell_type != "code":
        return None, None
    grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
    if grade_id in instructor:
        kind, source = instructor[grade_id]
        return kind, source
    return "student", None


def instructor_cells(nb, resources):
    """grade_id -> (role, source) of the instructor's test and read-only cells, from the gradebook.

    The gradebook holds the ``source/`` version of every graded and locked cell,
    so a cell a student edited, added or relabelled is never taken for the
    instructor's. Without a gradebook (a notebook executed outside autograde),
    the cells' own metadata decide.
    """
    info = (resources or {}).get("nbgrader", {})
    if info.get("db_url") and info.get("assignment") and info.get("notebook"):
        from nbgrader.api import Gradebook

        with Gradebook(info["db_url"]) as gb:
            notebook = gb.find_notebook(info["notebook"], info["assignment"])
            tests = {g.name for g in notebook.grade_cells if g.cell_type == "code"}
            answers = {s.name for s in notebook.solution_cells}
            out = {}
            for source in notebook.source_cells:
                if source.cell_type != "code" or source.name in answers:
                    continue
                if source.name in tests:
                    out[source.name] = ("test", source.source)
                elif source.locked:
                    out[source.name] = ("instructor", source.source)
            return out
    out = {}
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type != "code" or nbutils.is_solution(cell) or "grade_id" not in meta:
            continue
        if nbutils.is_grade(cell):
            out[meta["grade_id"]] = ("test", cell.source)
        elif nbutils.is_locked(cell):
            out[meta["grade_id"]] = ("instructor", cell.source)
    return out


_SPEC_DIR = []


def _trusted_kernelspecs():
    """A kernelspec folder with the trusted kernel: this Python's ipykernel, no sandbox."""
    if not _SPEC_DIR:
        import atexit

        folder = Path(tempfile.mkdtemp(prefix="clustercourse-trusted-kernel-"))
        atexit.register(shutil.rmtree, folder, True)
        spec = folder / TRUSTED_KERNEL
        spec.mkdir()
        (spec / "kernel.json").write_text(json.dumps({
            "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
            "display_name": "clustercourse trusted grader", "language": "python",
            "metadata": {"debugger": False}}))
        _SPEC_DIR.append(folder)
    return KernelSpecManager(kernel_dirs=[str(_SPEC_DIR[0])], ensure_native_kernel=False)


def _trusted_manager(socket_dir, fork=False):
    """A new, unstarted manager of a trusted kernel (forked from this process's zygote if ``fork``).

    Its sockets are Unix sockets in ``socket_dir`` (a folder of the grader's only, never
    inside a sandbox), not TCP ports: no other process can pick its ports before it binds
    them, and no other user of the machine can connect to it.
    """
    if fork:
        from coursetool.grade import zygote

        specs = zygote.shared().kernel_spec_manager(TRUSTED_KERNEL, "clustercourse trusted grader")
    else:
        specs = _trusted_kernelspecs()
    return AsyncKernelManager(kernel_name=TRUSTED_KERNEL, kernel_spec_manager=specs, **_ipc(socket_dir, "trusted"))


def _ipc(socket_dir, name):
    """A kernel manager's options for Unix sockets ``<socket_dir>/<name>/kernel-<port>``."""
    folder = Path(socket_dir) / name
    folder.mkdir(mode=0o700)
    return {"transport": "ipc", "ip": str(folder / "kernel")}


async def _shut_down(km, kc, log):
    """Close ``kc``'s channels and kill ``km``'s kernel, if there are any; never raises."""
    try:
        if kc is not None:
            kc.stop_channels()
        if km is not None and km.has_kernel:
            await km.shutdown_kernel(now=True)
    except Exception as exc:  # a kernel already gone
        log.warning("could not shut a kernel down: %s", exc)


def _error_unless_ok(cell, cell_index, execute_reply):
    """A test cell whose execution did not end well fails, even if it printed no error.

    (A timeout or an interrupt can end a cell with an error reply but no error
    output, and nbgrader gives full points to a test cell without an error output.)
    """
    content = execute_reply.get("content", {})
    if content.get("status") != "ok" and not any(o.output_type == "error" for o in cell.outputs):
        cell.outputs.append(_error_output(content.get("ename") or "CellExecutionError",
                                          content.get("evalue") or "the test did not run to its end"))


async def _run_aside(client, code):
    """Run the grader's own ``code`` in ``client``'s kernel, in a cell that is not the notebook's.

    nbclient stores every cell it executes at its index in the notebook: a cell
    run "at index -1" would replace the notebook's last cell (in the autograded
    notebook and the feedback) with the grader's code.
    """
    cell = nbformat.v4.new_code_cell(code)
    aside = NotebookClient(nbformat.v4.new_notebook(cells=[cell]), km=client.km, timeout=client.timeout,
                           allow_errors=True, record_timing=False, log=client.log)
    aside.kc = client.kc
    await aside.async_execute_cell(cell, 0, store_history=False)
    return cell


def _coalesce_streams(cell):
    """Consecutive outputs of one stream as one output: how a cell's prints were split up depends on timing.

    (A line printed just after another may arrive in the same message or in the next; the graded
    notebook, its feedback and every comparison of two gradings see the same outputs either way.)
    """
    merged = []
    for output in cell.outputs:
        if (output.output_type == "stream" and merged and merged[-1].output_type == "stream"
                and merged[-1].name == output.name):
            merged[-1].text += output.text
        else:
            merged.append(output)
    cell.outputs = merged


def _error_output(ename, evalue):
    return nbformat.v4.new_output("error", ename=ename, evalue=evalue, traceback=[f"{ename}: {evalue}"])


class TrustedExecute(Execute):
    """Autograde's execution step: the student's cells in the student's kernel, tests in a trusted one."""

    call_timeout = Integer(
        None, allow_none=True,
        help="Seconds one call of a student's function may take (default: Execute.timeout).",
    ).tag(config=True)
    startup_timeout = Integer(120, help="Seconds a kernel may take to start.").tag(config=True)
    start_attempts = Integer(
        2, help="How often a submission's two kernels are started before its grading fails: a kernel that "
                "died while starting, before any code ran in it, is replaced by a new one.",
    ).tag(config=True)
    single_kernel_assignments = List(
        Unicode(), [],
        help="Assignments still graded the old way, tests in the student's kernel (nbgrader's own Execute). "
             "Set by the instructor in nbgrader_config.py, never by a submission.",
    ).tag(config=True)
    fork_kernels = Bool(
        True,
        help="Fork the trusted kernel (and the student's, when it is not sandboxed) from a process of this "
             "grader's that has the labs' modules imported (coursetool.grade.zygote), instead of starting and "
             "importing from nothing. Each kernel is still a fresh process used by one submission only.",
    ).tag(config=True)
    student_figures = Bool(
        True,
        help="Render the figures of the student's cells into the graded notebook. Off, matplotlib's inline "
             "backend still makes and closes each cell's figures, but shows them as a line of text: the same "
             "grades for less work (the course's proofs grade this way).",
    ).tag(config=True)

    def preprocess(self, nb, resources=None, km=None):
        if (resources or {}).get("nbgrader", {}).get("assignment") in self.single_kernel_assignments:
            self.log.warning("grading %s in one kernel: its tests run next to the student's code",
                             resources["nbgrader"]["assignment"])
            return super().preprocess(nb, resources, km)
        NotebookClient.__init__(self, nb, km)
        self.reset_execution_trackers()
        self._check_assign_resources(resources)
        instructor = instructor_cells(nb, resources)
        run_sync(self._run)(instructor)
        return self.nb, self.resources

    # --- kernels ---------------------------------------------------------------------
    def _student_manager(self, socket_dir):
        """A new, unstarted manager of the student's kernel, reached over Unix sockets in ``socket_dir``."""
        from coursetool.grade import sandbox

        name = self.nb.metadata.get("kernelspec", {}).get("name", "python3")
        if os.environ.get(sandbox.ENV_HIDE):
            # the sandbox launcher needs Unix sockets: then the kernel gets no network at all
            folder = Path(socket_dir) / "student"
            folder.mkdir(mode=0o700)
            return AsyncKernelManager(kernel_name=name, transport="ipc", ip=sandbox.kernel_ip(folder))
        if self.fork_kernels and name == "python3":
            from coursetool.grade import zygote

            return AsyncKernelManager(kernel_name=name, kernel_spec_manager=zygote.shared().kernel_spec_manager(name),
                                      **_ipc(socket_dir, "student"))
        return AsyncKernelManager(kernel_name=name, **_ipc(socket_dir, "student"))

    async def _start(self, trusted, cwd):
        """Start the student's kernel and the trusted one at once; connect to both.

        A start that fails before either kernel ran any code (a kernel that died
        while starting, say on a machine short of memory) is tried once more with
        two new kernels. The managers are set (``self.km``, ``trusted.km``, and the
        trusted kernel's folder ``self._trusted_cwd``) as soon as they exist, so
        that ``_run`` shuts them down whatever fails.
        """
        for attempt in range(max(1, self.start_attempts)):
            try:
                return await self._start_once(trusted, cwd)
            except (RuntimeError, DeadKernelError, TimeoutError) as exc:
                if attempt + 1 >= self.start_attempts:
                    raise
                self.log.warning("the kernels did not start (%s: %s); starting two new ones", type(exc).__name__, exc)
                await asyncio.gather(_shut_down(self.km, self.kc, self.log),
                                     _shut_down(trusted.km, trusted.kc, self.log))
                self.kc = trusted.kc = trusted.km = None

    async def _start_once(self, trusted, cwd):
        socket_dir = tempfile.mkdtemp(prefix="clustercourse-kernel-", dir=self._socket_root)
        student_km = self.km = self._student_manager(socket_dir)
        args = list(KERNEL_ARGUMENTS)

        async def trusted_kernel():
            if self._trusted_cwd is None:
                self._trusted_cwd = tempfile.mkdtemp(prefix="clustercourse-trusted-")
            trusted.km = _trusted_manager(socket_dir, self.fork_kernels)
            await trusted.km.start_kernel(extra_arguments=args, cwd=self._trusted_cwd)

        started = await asyncio.gather(student_km.start_kernel(extra_arguments=args, cwd=cwd), trusted_kernel(),
                                       return_exceptions=True)
        for outcome in started:
            if isinstance(outcome, BaseException):
                raise outcome
        clients = []
        for km in (student_km, trusted.km):
            kc = km.client()
            kc.start_channels()
            clients.append(kc)
        await asyncio.gather(*(kc.wait_for_ready(timeout=self.startup_timeout) for kc in clients))
        for kc in clients:
            kc.allow_stdin = False
        return clients

    async def _run(self, instructor):
        path = self.resources.get("metadata", {}).get("path") or os.getcwd()
        self._socket_root = tempfile.mkdtemp(prefix="clustercourse-sockets-")   # 0700: the grader's only
        self._trusted_cwd = None          # the trusted kernel's fresh folder, once it has one
        self.km = self.kc = None          # the kernels' managers and clients are set by _start
        trusted = NotebookClient(self.nb, km=None, timeout=self.timeout, allow_errors=True,
                                 interrupt_on_timeout=True, error_on_timeout=self.error_on_timeout,
                                 record_timing=False, log=self.log, on_cell_executed=_error_unless_ok)
        self._trusted = trusted
        trusted.reset_execution_trackers()
        self.student_gone = None
        self._in_place = []               # (cell index, note): the test's data changed by the student's code
        try:
            self.kc, trusted.kc = await self._start(trusted, path)
            if not self.student_figures:
                # read by matplotlib_inline when the student's code first uses pyplot: no image formats
                await _run_aside(self, "get_ipython().config.InlineBackend.figure_formats = set()")
            await self._install(trusted, self.km)
            ran_for_student = []
            for index, cell in enumerate(self.nb.cells):
                role, source = _role(cell, instructor)
                if role == "test":
                    cell.source = source
                    await self._run_trusted(trusted, cell, index)
                elif role == "instructor":
                    cell.source = source
                    # the same instructor code in both kernels, at the same time
                    await asyncio.gather(self._run_trusted(trusted, copy.deepcopy(cell), index),
                                         self._run_student(cell, index))
                    # both clients store the cell they ran at its index, whichever finishes last winning:
                    # the notebook keeps the student's run (its outputs and numbering), every time
                    self.nb.cells[index] = cell
                elif role == "student":
                    ran_for_student.append(index)
                    await self._run_student(cell, index)
            self._flag(ran_for_student)
        finally:
            await _shut_down(self.km, self.kc, self.log)
            await _shut_down(trusted.km, trusted.kc, self.log)
            shutil.rmtree(self._socket_root, ignore_errors=True)
            if self._trusted_cwd:
                shutil.rmtree(self._trusted_cwd, ignore_errors=True)

    async def _install(self, trusted, student_km):
        info = student_km.get_connection_info()
        info = {k: (v.decode() if isinstance(v, bytes) else v) for k, v in info.items()}
        timeout = self.call_timeout or self.timeout or 60
        code = (f"import clustercourse.trusted as _cc_trusted\n"
                f"_cc_trusted.install({json.dumps(info)!r}, call_timeout={float(timeout)!r})\n"
                f"del _cc_trusted")
        cell = await _run_aside(trusted, code)
        errors = [o for o in cell.outputs if o.output_type == "error"]
        if errors:
            raise RuntimeError(f"the trusted kernel could not connect to the student's: "
                               f"{errors[0].ename}: {errors[0].evalue}")

    def _flag(self, student_cells):
        """Mark graded cells for a person's review where the student's code looks like tampering."""
        from coursetool.nbgrader_plugins.suspicion import FLAG_KEY, flag_cells

        flag_cells(self.nb, student_cells, self._instructor_forbidden())
        for index, note in self._in_place:      # the test's data changed by the student's code: cells from there on
            for cell in self.nb.cells[index:]:
                if nbutils.is_grade(cell) and not nbutils.is_solution(cell) and cell.cell_type == "code":
                    reasons = cell.metadata.setdefault(FLAG_KEY, [])
                    if note not in reasons:
                        reasons.append(note)
        for cell in self.nb.cells:
            if not nbutils.is_grade(cell) or nbutils.is_solution(cell):
                continue
            for reason in cell.metadata.get(FLAG_KEY, ()):
                cell.outputs.append(nbformat.v4.new_output(
                    "stream", name="stdout", text=f"Marked for review by your instructor: {reason}.\n"))

    def _instructor_forbidden(self):
        """The lab's forbidden routines from the instructor's ``source/`` notebook, not from the one handed in.

        None (the handed-in notebook's own list) when this notebook is not being autograded, or its
        source cannot be found.
        """
        from nbgrader.coursedir import CourseDirectory

        from coursetool.nbgrader_plugins.suspicion import forbidden_routines

        info = (self.resources or {}).get("nbgrader", {})
        if not (info.get("assignment") and info.get("notebook")):
            return None
        coursedir = CourseDirectory(config=self.config)
        path = Path(coursedir.format_path(coursedir.source_directory, ".", info["assignment"])) / \
            f"{info['notebook']}.ipynb"
        if not path.is_file():
            self.log.warning("no source notebook at %s: the forbidden routines are the handed-in notebook's", path)
            return None
        return forbidden_routines(nbformat.read(str(path), as_version=4))

    # --- cells -----------------------------------------------------------------------
    async def _run_student(self, cell, index):
        if self.student_gone:
            cell.outputs = [_error_output("StudentKernelError", f"not run: {self.student_gone}")]
            return
        try:
            await self.async_execute_cell(cell, index, store_history=True)
        except DeadKernelError:
            self.student_gone = "the kernel running your code died (os._exit, a crash, or out of memory)"
            cell.outputs.append(_error_output("DeadKernelError", self.student_gone))
            await self._tell_trusted(self.student_gone)
            return
        except CellTimeoutError:
            # the interrupt did not stop the cell (SIGINT ignored, a C loop): nbclient gave up waiting for the
            # kernel to go idle and raised, which would fail the whole submission; only what follows is lost
            reason = (f"cell {index} ran past its {self.timeout} s limit and the kernel did not stop when "
                      "interrupted")
            cell.outputs.append(_error_output(self.error_on_timeout.get("ename", "CellTimeoutError"), reason))
            await self._stop_student(reason)
            return
        timed_out = any(o.output_type == "error" and o.get("ename") == self.error_on_timeout.get("ename")
                        for o in cell.outputs)
        if timed_out and not await self._responsive(self.kc):
            await self._stop_student(f"cell {index} ran past its {self.timeout} s limit and the kernel "
                                     "did not stop when interrupted")

    async def _responsive(self, kc):
        """Whether the kernel answers a trivial request within RECOVERY_SECONDS."""
        msg_id = kc.execute("", silent=True, store_history=False)
        deadline = asyncio.get_running_loop().time() + RECOVERY_SECONDS
        while True:
            left = deadline - asyncio.get_running_loop().time()
            if left <= 0:
                return False
            try:
                msg = await kc.get_shell_msg(timeout=left)
            except Exception:
                return False
            if msg["parent_header"].get("msg_id") == msg_id:
                return True

    async def _tell_trusted(self, reason):
        """The trusted kernel's proxies fail at once from now on, with ``reason`` (no waiting for a dead kernel)."""
        code = f"__import__('clustercourse.trusted').trusted.student_gone({reason!r})"
        await _run_aside(self._trusted, code)

    async def _stop_student(self, reason):
        self.student_gone = reason
        await self._tell_trusted(reason)
        try:
            await self.km.shutdown_kernel(now=True)
        except Exception as exc:
            self.log.warning("could not stop the student's kernel: %s", exc)

    async def _run_trusted(self, trusted, cell, index):
        try:
            await trusted.async_execute_cell(cell, index, store_history=True)
        except DeadKernelError:
            cell.outputs.append(_error_output("DeadKernelError", "the grader's test kernel died"))
            raise
        for output in cell.outputs:
            # a warning is shown, never scored: nbgrader gives 0 to a cell that wrote to stderr
            if output.output_type == "stream" and output.name == "stderr":
                output.name = "stdout"
        _coalesce_streams(cell)
        if not self.student_gone and any(o.output_type == "error" for o in cell.outputs):
            reason = await self._trusted_status(trusted)
            if reason:
                await self._stop_student(reason)
        changed = await self._trusted_value(trusted, "__import__('clustercourse.trusted').trusted.changed_in_place()")
        if changed:
            self._in_place.append((index, changed))

    async def _trusted_status(self, trusted):
        """Why the trusted kernel's proxies can no longer reach the student's kernel, or ''."""
        return await self._trusted_value(trusted, "__import__('clustercourse.trusted').trusted.status()")

    async def _trusted_value(self, trusted, expression):
        """The text of ``expression`` (a str) evaluated in the trusted kernel, without a cell."""
        kc = trusted.kc
        msg_id = kc.execute("", silent=True, store_history=False, user_expressions={"s": expression})
        while True:
            msg = await kc.get_shell_msg(timeout=30)
            if msg["parent_header"].get("msg_id") == msg_id:
                value = msg["content"].get("user_expressions", {}).get("s", {})
                text = value.get("data", {}).get("text/plain", "''")
                return text.strip("'\"")
