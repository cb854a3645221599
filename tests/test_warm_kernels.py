"""Warm trusted kernels (clustercourse/warm.py, ``TrustedExecute.warm_trusted_kernels``).

A kernel handed over is one nobody used before, with the configured imports
done; a pool leaves no kernel behind; and grading with warm kernels gives the
same grades as without, through nbgrader.
"""

import asyncio
import gc
import os
import re
import time
from datetime import datetime

import pytest
from jupyter_core.utils import run_sync

from clustercourse import variants as V
from clustercourse import warm
from clustercourse.course import Course, read_notebook
from clustercourse.trusted_execute import KERNEL_ARGUMENTS, _trusted_kernelspecs, _trusted_manager

LAB = "lab1_linkage"
MUTANTS = ["single_heights_complete_linkage", "diagonal_not_masked"]


def _alive(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(") ", 1)[1][0] != "Z"
    except FileNotFoundError:
        return False


async def _ask(kernel, code, expression):
    """Run ``code`` in a taken kernel through a client made in this loop; (reply status, count, value)."""
    kc = kernel.km.client()
    kc.start_channels()
    try:
        await kc.wait_for_ready(timeout=60)
        msg_id = kc.execute(code, user_expressions={"v": expression})
        while True:
            msg = await kc.get_shell_msg(timeout=60)
            if msg["parent_header"].get("msg_id") == msg_id:
                break
    finally:
        kc.stop_channels()
    content = msg["content"]
    value = content.get("user_expressions", {}).get("v", {}).get("data", {}).get("text/plain")
    return content["status"], content.get("execution_count"), value


@pytest.fixture
def pool():
    _trusted_kernelspecs()
    p = warm.KernelPool(_trusted_manager, "import numpy, scipy.stats", KERNEL_ARGUMENTS, startup_timeout=120)
    yield p
    p.close()


def test_each_take_is_a_fresh_process_with_the_imports_done(pool):
    first = pool.take()
    # successive run_sync calls, as nbgrader's preprocess makes them, each with clients of their own
    status, count, value = run_sync(_ask)(first, "secret = 42", "repr('numpy' in sys.modules and 'scipy.stats' "
                                          "in sys.modules) if (sys := __import__('sys')) else ''")
    assert status == "ok" and value == "'True'"
    assert count == 1, "the silent import line must not count as an execution"
    assert run_sync(_ask)(first, "", "repr(secret)")[2] == "'42'"

    second = pool.take()
    assert second.pid != first.pid
    assert second.cwd != first.cwd and os.listdir(second.cwd) == []
    status, count, value = run_sync(_ask)(second, "import os, sys",
                                          "repr(('secret' in globals(), os.getcwd(), 'scipy.stats' in sys.modules))")
    assert status == "ok" and count == 1
    assert value == repr(repr((False, second.cwd, True)))

    for kernel in (first, second):
        run_sync(kernel.shutdown)()
        assert not _alive(kernel.pid) and not os.path.exists(kernel.cwd)


def test_prepare_starts_the_ready_kernel_ahead_of_the_first_take(pool):
    pool.prepare()
    ready = pool._next[1].result(timeout=120)
    pool.prepare()                                # one is ready already: nothing more started
    assert pool._next[1].result() is ready
    kernel = pool.take()
    try:
        assert kernel is ready
    finally:
        run_sync(kernel.shutdown)()


def test_a_taken_kernel_is_usable_from_another_event_loop(pool):
    kernel = pool.take()
    try:
        assert asyncio.run(_ask(kernel, "x = 1", "repr(x + 1)"))[2] == "'2'"
    finally:
        asyncio.run(kernel.shutdown())


def test_a_kernel_of_another_environment_is_never_handed_over(pool):
    env = dict(os.environ, CLUSTERCOURSE_WARM_TEST="one")
    one = pool.take(env)
    two = pool.take(dict(env, CLUSTERCOURSE_WARM_TEST="two"))   # the ready one had "one": started anew
    try:
        assert run_sync(_ask)(two, "import os", "os.environ.get('CLUSTERCOURSE_WARM_TEST')")[2] == "'two'"
    finally:
        for kernel in (one, two):
            run_sync(kernel.shutdown)()


def test_a_ready_kernel_that_died_is_replaced(pool):
    pool.take()                                   # (its taker forgets it: the fixture's close kills it)
    ready = pool._next[1].result(timeout=120)
    os.kill(ready.pid, 9)                         # as a watchdog killing every child process would
    deadline = time.monotonic() + 10
    while ready.alive() and time.monotonic() < deadline:   # (a zombie is waitable once all its threads are gone)
        time.sleep(0.05)
    kernel = pool.take()
    try:
        assert kernel.pid != ready.pid and kernel.alive()
        assert run_sync(_ask)(kernel, "", "repr(1 + 1)")[2] == "'2'"
        assert not os.path.exists(ready.cwd)
    finally:
        run_sync(kernel.shutdown)()


def test_closing_or_dropping_a_pool_leaves_no_kernel():
    _trusted_kernelspecs()
    for end in ("close", "drop"):
        p = warm.KernelPool(_trusted_manager, "import numpy", KERNEL_ARGUMENTS)
        taken = p.take()               # the next one starts in the background
        ready = p._next[1].result(timeout=120)
        pids, folders = [ready.pid, taken.pid], [ready.cwd, taken.cwd]
        assert len(pids) == 2 and all(_alive(pid) for pid in pids)
        if end == "close":
            p.close()
        else:
            del p, taken, ready
            gc.collect()
        # the ready kernel, and (last resort) the taken one its taker never shut down
        assert not any(_alive(pid) for pid in pids), end
        assert not any(os.path.exists(folder) for folder in folders), end


# --- through nbgrader ------------------------------------------------------------------------
def _timed_autograde(course, *args):
    """``nbgrader autograde LAB --force *args``: (wall seconds, seconds of each submission in turn).

    A submission's seconds run from nbgrader's "Sanitizing" line for it to the
    next one's (the last: to nbgrader's last log line), from the log's times.
    """
    start = time.monotonic()
    log = course.nbgrader("autograde", LAB, "--force", *args,
                          "--Application.log_format=%(asctime)s.%(msecs)03d %(message)s",
                          "--Application.log_datefmt=%H:%M:%S")
    wall = time.monotonic() - start
    stamp = r"^(\d\d:\d\d:\d\d\.\d{3}) "
    starts = re.findall(stamp + "Sanitizing", log, re.M) + re.findall(stamp, log, re.M)[-1:]
    starts = [datetime.strptime(m, "%H:%M:%S.%f") for m in starts]
    return wall, [(b - a).total_seconds() for a, b in zip(starts, starts[1:])]


def _report(label, wall, each):
    print(f"\n{label}: {len(each)} submissions in one nbgrader process, {wall:.1f} s wall; per submission "
          + ", ".join(f"{s:.1f}" for s in each) + f" s (after the first: {sum(each[1:]) / len(each[1:]):.1f} s each)")


def test_warm_trusted_kernels_grade_the_same(tmp_path):
    course = Course.scratch([LAB], parent=tmp_path)
    course.generate(LAB)
    submissions = {"reference": V.reference(LAB), "blank": read_notebook(course.notebook_path("release", LAB))}
    by_name = {v.name: v for v in V.variants(LAB, "mutant")}
    for name in MUTANTS:
        submissions[f"mutant-{name}"] = V.apply(by_name[name], V.reference(LAB))
    for student, nb in submissions.items():
        course.submit(student, LAB, nb)

    runs = {}
    for label, args in (("cold", []), ("warm", ["--TrustedExecute.warm_trusted_kernels=True"])):
        _report(label, *_timed_autograde(course, *args))
        grades = course.grades(LAB)
        runs[label] = {s: {g: (c.score, c.max_score) for g, c in grades[s].cells.items()} for s in submissions}
    assert runs["cold"] == runs["warm"]
    reference = runs["warm"]["reference"]
    assert reference and all(s == m for s, m in reference.values())
    for name in MUTANTS:
        assert runs["warm"][f"mutant-{name}"] != reference
    assert all(s == 0 for s, _ in runs["warm"]["blank"].values())


def test_measure_seconds_per_submission(tmp_path):
    """Three lab-1 submissions in one nbgrader process, cold then warm (printed, not asserted).

    The first submission of a warm run waits for the pool's first kernel; the
    others get one started during the submission before. Run with ``-s``.
    """
    course = Course.scratch([LAB], parent=tmp_path)
    course.generate(LAB)
    for i in range(3):
        course.submit(f"student{i}", LAB, V.reference(LAB))
    for label, args in (("cold", []), ("warm", ["--TrustedExecute.warm_trusted_kernels=True"])):
        _report(label, *_timed_autograde(course, *args))


def test_process_exit_leaves_no_kernel(tmp_path):
    """A process that ends with a ready kernel, and one taken and never shut down, leaves neither behind."""
    import subprocess
    import sys

    script = tmp_path / "use_pool.py"
    script.write_text(
        "from clustercourse import warm\n"
        "from clustercourse.trusted_execute import KERNEL_ARGUMENTS, _trusted_kernelspecs, _trusted_manager\n"
        "_trusted_kernelspecs()\n"
        "pool = warm.shared_pool(_trusted_manager, 'import numpy', KERNEL_ARGUMENTS)\n"
        "taken = pool.take()\n"
        "ready = pool._next[1].result(timeout=120)\n"
        "print(taken.pid, ready.pid, taken.cwd, ready.cwd)\n")
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=180, check=True)
    taken_pid, ready_pid, *folders = out.stdout.split()
    time.sleep(0.5)
    assert not _alive(int(taken_pid)) and not _alive(int(ready_pid))
    assert not any(os.path.exists(f) for f in folders)
