"""Grading on a Dask cluster: a scheduler and two workers in processes of their own, over TCP.

The same small class (reference, blank, partial work, a catalogued mistake, a file that
is not a notebook, a snooping hand-in, a folder with no notebook) is graded on the
cluster and on this machine's own workers (``jobs=2``): grades and feedback must be the
same. Then one worker is killed in the middle of a run: every submission must still
end graded, and none recorded twice.
"""

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from coursetool import demo
from coursetool.proof import variants as V
from coursetool.grade.engine import Engine, Submission, assignment_hash, worker_command
from coursetool.grade.grading import grade

LAB = "lab1_linkage"
N = 6           # students: one of each outcome (see coursetool.demo.roles)


def _start(command, log):
    return subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def _stop(proc):
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


class Cluster:
    """``dask scheduler`` and ``course worker``-style workers, each a process group of its own."""

    def __init__(self, folder):
        self.folder = Path(folder)
        self.log = open(self.folder / "cluster.log", "w")
        info = self.folder / "scheduler.json"
        self.scheduler = _start([sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1",
                                 "--port", "0", "--no-dashboard", "--scheduler-file", str(info)], self.log)
        deadline = time.time() + 60
        while not info.exists() and time.time() < deadline:
            time.sleep(0.2)
        assert info.exists(), f"the scheduler did not start; see {self.folder / 'cluster.log'}"
        time.sleep(0.2)
        self.address = json.loads(info.read_text())["address"]
        self.workers = []

    def add_worker(self, name):
        proc = _start(worker_command(self.address, name=name), self.log)
        self.workers.append(proc)
        return proc

    def close(self):
        for proc in self.workers + [self.scheduler]:
            _stop(proc)
        self.log.close()


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    c = Cluster(tmp_path_factory.mktemp("dask"))
    c.add_worker("w1")
    c.add_worker("w2")
    yield c
    c.close()


@pytest.fixture(scope="module")
def graded_both_ways(cluster, tmp_path_factory):
    """The same class graded on the cluster and with jobs=2 on this machine."""
    root = tmp_path_factory.mktemp("class") / "local"
    local = demo.simulate_class(root, [LAB], n_students=N)
    shutil.rmtree(local.root / "submitted" / "student06" / LAB)      # a folder without a notebook
    (local.root / "submitted" / "student06" / LAB).mkdir(parents=True)
    remote_root = root.parent / "remote"
    shutil.copytree(local.root, remote_root)
    remote = type(local)(remote_root, db_url=f"sqlite:///{remote_root / 'gradebook.db'}")
    reports = {"local": (local, grade(local, [LAB], jobs=2, show_progress=False)),
               "dask": (remote, grade(remote, [LAB], scheduler=cluster.address, show_progress=False))}
    return reports


def test_the_cluster_gives_the_grades_of_one_machine(graded_both_ways):
    (_, here), (_, there) = graded_both_ways["local"], graded_both_ways["dask"]
    assert len(there.table) == N, f"expected {N} students graded on the cluster, got {len(there.table)}"
    pd.testing.assert_frame_equal(here.table, there.table, obj="total scores, jobs=2 vs Dask")
    pd.testing.assert_frame_equal(here.cells[LAB].sort_index(axis=1), there.cells[LAB].sort_index(axis=1),
                                  obj="per-cell scores, jobs=2 vs Dask")
    assert here.broken == there.broken, f"broken hand-ins differ: {here.broken} vs {there.broken}"
    reasons = {s: r for s, _, r in there.broken}
    assert "no notebook" in reasons.get("student06", ""), f"the empty folder should be reported: {reasons}"
    roles = pd.read_csv(graded_both_ways["dask"][0].root / "roles.csv").set_index("student")["role"]
    top = there.max_scores[LAB]
    assert there.table.loc[roles[roles == "reference"].index[0], LAB] == top, "the reference lost points on Dask"
    assert there.table.loc[roles[roles == "blank"].index[0], LAB] == 0, "the blank got points on Dask"


def _feedback_text(course, student):
    """A feedback page, with the course's path and the seconds a cell reports taking masked."""
    html = (course.root / "feedback" / student / LAB / f"{LAB}.html").read_text()
    return re.sub(r"\b\d+\.\d+ s\b", "<seconds> s", html.replace(str(course.root), "<course>"))


def test_the_cluster_gives_the_feedback_of_one_machine(graded_both_ways):
    (local, here), (remote, _) = graded_both_ways["local"], graded_both_ways["dask"]
    students = sorted(here.table.index)
    for student in students:
        if any(s == student for s, _, _ in here.broken):
            continue
        assert _feedback_text(local, student) == _feedback_text(remote, student), (
            f"{student}'s feedback differs between jobs=2 and Dask")


def _hand_ins(n):
    digest = assignment_hash(LAB)
    ref = nbformat.writes(V.reference(LAB)).encode()
    return [Submission(LAB, f"s{i:02d}", {f"{LAB}.ipynb": ref}, digest) for i in range(n)]


def test_a_worker_lost_mid_run_loses_no_submission_and_none_is_recorded_twice(cluster, tmp_path):
    victim = cluster.add_worker("victim")
    work = _hand_ins(6)
    seen = []
    killed = threading.Event()

    busy = []

    def on_result(graded):
        seen.append(graded.key)
        if not killed.is_set():            # the first result back: kill the victim, busy with another
            [address] = [a for a, w in engine.client.scheduler_info()["workers"].items() if w["name"] == "victim"]
            busy.extend(engine.client.processing(workers=[address])[address])
            os.killpg(victim.pid, signal.SIGKILL)
            killed.set()

    with Engine(scheduler=cluster.address, sandbox=False) as engine:
        deadline = time.time() + 120
        while len(engine.workers()) < 3 and time.time() < deadline:
            time.sleep(0.5)
        assert len(engine.workers()) == 3, f"the victim did not join: {engine.workers()}"
        results = engine.run(work + work[:2], on_result=on_result)     # two hand-ins given twice, too
    assert killed.is_set() and victim.poll() is not None, "the victim worker should have been killed"
    assert busy, "the victim was grading nothing when it was killed: the test proves nothing"
    assert sorted(seen) == sorted({s.key for s in work}), "each submission should be recorded exactly once"
    reasons = {g.student: g.reason for g in results.values() if g.reason}
    assert not reasons, f"every submission should be graded after the loss of a worker: {reasons}"
    assert all(f"{LAB}.ipynb" in g.files for g in results.values()), "an executed notebook should come back"


def test_a_worker_refuses_a_submission_for_another_version_of_the_lab(cluster):
    s = _hand_ins(1)[0]
    stale = Submission(s.lab, s.student, s.files, "0" * 64)
    with Engine(scheduler=cluster.address, sandbox=False) as engine:
        [graded] = engine.run([stale]).values()
    assert graded.reason and "different version" in graded.reason, f"expected a refusal, got {graded.reason!r}"
    assert graded.files == {}, "nothing should be graded against another version of the lab"


def test_the_engine_rejects_bad_arguments():
    with pytest.raises(ValueError, match="jobs"):
        Engine(jobs=0)
    with pytest.raises(ValueError, match="scheduler"):
        Engine(scheduler=" ")


GRADER_KILLED = """
import os, sys, time
from coursetool.grade.engine import Engine
with Engine(jobs=2, sandbox=False) as engine:
    print(" ".join(str(p.pid) for p in engine.processes), flush=True)
    time.sleep(600)
"""


def test_local_workers_end_when_the_grader_is_killed():
    """SIGKILL of `course grade` leaves no grading worker behind (control: they were running before)."""
    import psutil

    grader = subprocess.Popen([sys.executable, "-c", GRADER_KILLED], stdout=subprocess.PIPE, text=True)
    try:
        pids = [int(p) for p in grader.stdout.readline().split()]
        workers = [psutil.Process(p) for p in pids]
        assert len(workers) == 2 and all(w.is_running() for w in workers), "control: two workers should run"
    finally:
        grader.kill()
        grader.wait()
    gone, alive = psutil.wait_procs(workers, timeout=150)
    for w in alive:
        w.kill()
    assert not alive, f"{len(alive)} grading workers outlived the grader that started them"
