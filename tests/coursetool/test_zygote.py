"""Kernels forked from a pre-imported zygote (coursetool/grade/zygote.py, ``TrustedExecute.fork_kernels``).

A forked kernel must be what a freshly started one is (same view of the interpreter, a
process of its own that no other kernel used, no name of another kernel), it must
answer the interrupt and die with its relay, a kernel the zygote cannot serve faithfully
must be started plainly, and grading with forked kernels must give, through nbgrader,
the very notebooks that fresh kernels give (and, with ``TrustedExecute.student_figures``
off, as the proofs grade, the same grades and outputs less the figures' images).
"""

import os
import re
import signal
import subprocess
import sys
import time

import pytest
from jupyter_client.manager import KernelManager

from coursetool.proof import variants as V
from coursetool.grade import zygote
from coursetool.nbgrader_course import Course
from coursetool.notebooks import read_notebook

LAB = "lab1_linkage"
#: What a kernel reports of itself: the same for a forked kernel and a plainly started one.
PROBE = ("import os, sys, json, matplotlib.pyplot as plt\n"
         "print(json.dumps({'path': sys.path, 'cwd': os.getcwd(), 'argv0': os.path.basename(sys.argv[0]),\n"
         "  'backend': plt.get_backend(), 'flags': list(sys.flags), 'prefix': sys.prefix,\n"
         "  'env': sorted(k for k in os.environ if not k.startswith('JPY_')),\n"
         "  'shell': type(get_ipython()).__name__, 'main': type(sys.modules['__main__']).__name__}))")
FIGURE = "import matplotlib.pyplot as plt\nplt.plot([1, 2, 3])"


def _alive(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(") ", 1)[1][0] != "Z"
    except FileNotFoundError:
        return False


def _kernel_env(**extra):
    """The environment a grader gives its kernels: this one without course.sh's MPLBACKEND=Agg."""
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    return {**env, **extra}


class Kernel:
    """A kernel through jupyter_client, forked from ``zy`` (or started plainly when ``zy`` is None)."""

    def __init__(self, zy, cwd, env=None):
        specs = zy.kernel_spec_manager("python3") if zy else None
        self.km = KernelManager(kernel_name="python3", **({"kernel_spec_manager": specs} if specs else {}))
        self.km.start_kernel(cwd=str(cwd), env=env or _kernel_env(),
                             extra_arguments=["--HistoryManager.hist_file=:memory:"])
        self.kc = self.km.client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=60)
        self.pid = int(self.run("import os; print(os.getpid())")[0])
        self.ppid = int(self.run("print(os.getppid())")[0])

    def run(self, code, timeout=60):
        """(the text the cell printed, its outputs, its reply's status)."""
        outputs = []
        reply = self.kc.execute_interactive(code, timeout=timeout, output_hook=outputs.append)
        text = "".join(m["content"].get("text", "") for m in outputs if m["msg_type"] == "stream")
        return text.strip(), outputs, reply["content"]["status"]

    def close(self):
        self.kc.stop_channels()
        self.km.shutdown_kernel(now=True)


@pytest.fixture(scope="module")
def zy():
    saved = os.environ.pop("MPLBACKEND", None)      # started as a grader starts it (see _kernel_env)
    try:
        z = zygote.Zygote()
    finally:
        if saved is not None:
            os.environ["MPLBACKEND"] = saved
    yield z
    z.close()


@pytest.fixture
def kernels():
    started = []
    yield lambda *a, **k: started.append(Kernel(*a, **k)) or started[-1]
    for k in started:
        k.close()


def test_a_forked_kernel_sees_the_interpreter_as_a_fresh_one_does(zy, kernels, tmp_path):
    (tmp_path / "forked").mkdir()
    (tmp_path / "plain").mkdir()
    forked, plain = kernels(zy, tmp_path / "forked"), kernels(None, tmp_path / "plain")
    import json

    seen = {name: json.loads(k.run(PROBE)[0]) for name, k in (("forked", forked), ("plain", plain))}
    assert seen["forked"]["cwd"] == str(tmp_path / "forked") and seen["plain"]["cwd"] == str(tmp_path / "plain")
    for d in seen.values():
        d.pop("cwd")
    assert seen["forked"] == seen["plain"]
    # a figure is drawn inline into the cell's outputs, as in a plain kernel
    for k in (forked, plain):
        _, outputs, status = k.run(FIGURE)
        assert status == "ok" and any("image/png" in m["content"].get("data", {}) for m in outputs)
    # the forked kernel is a process of its own, the zygote's child; the plain one is the relay-less launch
    assert forked.ppid == zy.process.pid != forked.pid
    assert plain.ppid == os.getpid()


def test_forked_kernels_share_no_process_names_or_random_state(zy, kernels, tmp_path):
    one, two = kernels(zy, tmp_path), kernels(zy, tmp_path)
    assert len({one.pid, two.pid, zy.process.pid}) == 3
    one.run("secret = 42; import numpy as np, random")
    assert two.run("print('secret' in globals())")[0] == "False"
    draws = [k.run("import numpy as np, random; print(np.random.random(), random.random())")[0] for k in (one, two)]
    assert draws[0] != draws[1], "each forked kernel seeds numpy's and Python's generators afresh"
    # the labs' modules are there before the kernel imports anything (that is the point)
    assert two.run("import sys; print('scipy.stats' in sys.modules)")[0] == "True"


def test_the_environment_is_the_kernels_own(zy, kernels, tmp_path):
    env = _kernel_env(CLUSTERCOURSE_GIVEN="to this kernel")      # not in the zygote's environment
    k = kernels(zy, tmp_path, env=env)
    assert k.ppid == zy.process.pid, "forked"
    assert k.run("import os; print(os.environ.get('CLUSTERCOURSE_GIVEN'))")[0] == "to this kernel"


def test_interrupt_reaches_a_forked_kernel(zy, kernels, tmp_path):
    k = kernels(zy, tmp_path)
    k.kc.execute("import time; time.sleep(60)")
    time.sleep(1)
    k.km.interrupt_kernel()
    reply = k.kc.get_shell_msg(timeout=20)
    assert reply["content"]["status"] == "error" and reply["content"]["ename"] == "KeyboardInterrupt"
    assert k.run("print(1 + 1)")[0] == "2", "the kernel goes on after the interrupt"


def test_a_forked_kernel_ends_with_its_relay(zy, tmp_path):
    for end in ("shutdown", "relay killed"):
        k = Kernel(zy, tmp_path)
        assert _alive(k.pid)
        k.kc.stop_channels()
        if end == "shutdown":
            k.km.shutdown_kernel(now=True)
        else:
            os.kill(k.km.provisioner.process.pid, signal.SIGKILL)
        deadline = time.monotonic() + 10
        while _alive(k.pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not _alive(k.pid), f"the kernel outlived its relay ({end})"
        if end != "shutdown":
            k.km.shutdown_kernel(now=True)


def test_a_kernel_the_zygote_cannot_serve_is_started_plainly(zy, kernels, tmp_path):
    # another thread count than the zygote imported numpy with: not forked (the relay becomes a plain kernel)
    env = _kernel_env(OPENBLAS_NUM_THREADS=str(int(os.environ.get("OPENBLAS_NUM_THREADS") or 1) + 1))
    k = kernels(zy, tmp_path, env=env)
    assert k.pid == k.km.provisioner.process.pid and k.ppid == os.getpid()
    assert k.run("import os; print(os.environ['OPENBLAS_NUM_THREADS'])")[0] == env["OPENBLAS_NUM_THREADS"]
    # no zygote at all (gone): the same
    gone = zygote.Zygote()                  # (this one with MPLBACKEND as it is: it never serves a kernel)
    gone.process.kill()
    gone.process.wait()
    k = kernels(gone, tmp_path)
    assert k.pid == k.km.provisioner.process.pid and k.run("print(2 * 3)")[0] == "6"
    gone.close()


def test_a_zygote_ends_with_the_process_that_started_it(tmp_path):
    script = "from coursetool.grade import zygote; z = zygote.Zygote(); print(z.process.pid, flush=True); input()"
    proc = subprocess.Popen([sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    pid = int(proc.stdout.readline())
    assert _alive(pid)
    proc.kill()
    proc.wait()
    deadline = time.monotonic() + 10
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(pid), "the zygote outlived its parent"


def _comparable(nb):
    """Each cell's outputs, without what differs from run to run (seconds, execution counts, images' bytes)."""
    out = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        outputs = []
        for o in cell.outputs:
            if o.output_type == "stream":      # (the seconds a cell prints are masked)
                outputs.append(("stream", o.name, re.sub(r"\d+(\.\d+)? s\b", "<seconds> s", o.text)))
            elif o.output_type == "error":
                outputs.append(("error", o.ename, o.evalue))
            else:
                outputs.append((o.output_type, sorted(o.get("data", {}))))
        out.append((cell.metadata.get("nbgrader", {}).get("grade_id"), outputs))
    return out


def _without_images(outputs):
    return [(gid, [(kind, [k for k in rest[0] if not k.startswith("image/")]) if kind == "display_data"
                   else (kind, *rest) for kind, *rest in cell]) for gid, cell in outputs]


def _images(outputs):
    return sum("image/png" in rest[0] for _, cell in outputs for kind, *rest in cell if kind == "display_data")


def test_forked_kernels_grade_exactly_as_fresh_ones_through_nbgrader(tmp_path, monkeypatch):
    """Fresh kernels, forked kernels, and forked kernels that do not render the student's figures."""
    monkeypatch.delenv("MPLBACKEND", raising=False)         # as a grading worker grades (inline figures)
    course = Course.scratch([LAB], parent=tmp_path)
    course.generate(LAB)
    mutant = next(v for v in V.variants(LAB, "mutant") if v.name == "single_heights_complete_linkage")
    submissions = {"reference": V.reference(LAB), "mutant": V.apply(mutant, V.reference(LAB))}
    for student, nb in submissions.items():
        course.submit(student, LAB, nb)
    settings = {"fresh": {"fork_kernels": False}, "forked": {"fork_kernels": True},
                "forked, no figures": {"fork_kernels": True, "student_figures": False}}
    runs = {}
    for label, options in settings.items():
        graded = {}
        for student in submissions:
            course.convert("Autograde", LAB, student, TrustedExecute=options)
            grades = course.grades(LAB)[student]
            graded[student] = ({g: (c.score, c.max_score) for g, c in grades.cells.items()},
                               _comparable(read_notebook(course.notebook_path("autograded", LAB, student))))
        runs[label] = graded
    for student in submissions:
        fresh = runs["fresh"][student]
        for label in ("forked", "forked, no figures"):
            assert runs[label][student][0] == fresh[0], f"{student}: grades differ ({label} vs fresh)"
        for a, b in zip(fresh[1], runs["forked"][student][1]):
            assert b == a, f"{student}: cell {a[0]}'s outputs differ (forked vs fresh)"
        assert _without_images(runs["forked, no figures"][student][1]) == _without_images(fresh[1])
        assert _images(fresh[1]) >= 3 and _images(runs["forked, no figures"][student][1]) == 0
    reference_cells = runs["forked"]["reference"][0]
    assert reference_cells and all(s == m for s, m in reference_cells.values())
    assert runs["forked"]["mutant"][0] != reference_cells, (
        "the mutant must lose points (else the comparison shows little)")
