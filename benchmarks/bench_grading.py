"""How fast is grading? Measured, not guessed (figures recorded in benchmarks/README.md).

    .venv/bin/python benchmarks/bench_grading.py [--students 10] [--labs lab1_linkage ...]

Reports, in one run on this machine:
1. seconds to grade one student's labs (the reference of each lab) through ``course grade``;
2. per lab, nbgrader autograde against plain execution of the same notebook with nbclient
   (the overhead ratio: nbgrader's process start, sanitising, gradebook writes);
3. throughput in submissions per minute with ``--jobs 1`` and ``--jobs 2`` on a simulated class.

``--engine`` measures the grading engine (:mod:`coursetool.grade.engine`) instead: per lab, a long-lived
worker's seconds per submission against plain execution; one student's five labs through ``course
grade``; the engine's throughput with one and two workers; and the projection to a class of 300.
"""

import argparse
import os
import platform
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from coursetool import demo
from coursetool.proof import variants as V
from coursetool.build import available_labs
from coursetool.nbgrader_course import Course
from coursetool.grade.grading import grade
from coursetool import layout


def machine():
    import numpy as np

    return (f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
            f"Python {platform.python_version()}, numpy {np.__version__}")


def time_plain_execution(lab, workdir):
    """Seconds for nbclient to execute the reference notebook once."""
    nb = V.reference(lab)
    path = workdir / lab
    path.mkdir(parents=True, exist_ok=True)
    os.environ["NBGRADER_EXECUTION"] = "autograde"     # skip the same illustrative cells grading skips
    backend = os.environ.pop("MPLBACKEND", None)        # inline figures, as a grading worker's kernels draw them
    try:
        start = time.perf_counter()
        NotebookClient(nb, timeout=600, kernel_name="python3", allow_errors=True,
                       resources={"metadata": {"path": str(path)}}).execute()
        return time.perf_counter() - start
    finally:
        del os.environ["NBGRADER_EXECUTION"]
        if backend is not None:
            os.environ["MPLBACKEND"] = backend


#: nbgrader's own autograde steps, the student's kernel running the tests too: what grading was before
#: the trusted executor (coursetool.nbgrader_plugins.trusted_execute), for the side-by-side figure.
SINGLE_KERNEL = ["nbgrader.preprocessors.Execute", "nbgrader.preprocessors.LimitOutput",
                 "nbgrader.preprocessors.SaveAutoGrades", "nbgrader.preprocessors.AssignLatePenalties",
                 "nbgrader.preprocessors.CheckCellMetadata"]


def time_autograde(lab, workdir, single_kernel=False, source=None):
    """Seconds for `nbgrader autograde` of the reference in a scratch course (assignment pre-generated).

    ``single_kernel`` grades with nbgrader's own ``Execute`` instead of the trusted executor.
    ``source`` replaces the lab's source notebook (and so the reference handed in), e.g. an older version.
    """
    course = Course.scratch([lab], parent=workdir)
    if source is not None:
        nbformat.write(source, str(course.notebook_path("source", lab)))
    course.generate(lab)
    course.submit("reference", lab, source if source is not None else V.reference(lab))
    extra = [f"--Autograde.autograde_preprocessors={SINGLE_KERNEL!r}"] if single_kernel else []
    start = time.perf_counter()
    course.nbgrader("autograde", lab, "--student=reference", "--force", *extra)
    return time.perf_counter() - start


def source_at(commit, lab):
    """The lab's source notebook as it was at ``commit`` (git), or None if it did not exist."""
    found = subprocess.run(["git", "show", f"{commit}:source/{lab}/{lab}.ipynb"], cwd=layout.current().root,
                           capture_output=True, text=True)
    return nbformat.reads(found.stdout, as_version=4) if found.returncode == 0 else None


def executors(labs, workdir, repeats=2, baseline=None):
    """Per lab: seconds per submission, single kernel against trusted, alternating so load hits both alike.

    With ``baseline`` (a git commit), also the lab as it was then (its notebook, nbgrader's Execute): the
    grading before the trusted executor and the notebooks' conversion to it.
    """
    head = "| lab | single kernel, nbgrader Execute (s) | trusted executor (s) | ratio |"
    rule = "|---|---|---|---|"
    if baseline:
        head = f"| lab | at {baseline[:7]}, nbgrader Execute (s) |" + head[len("| lab |"):] + " ratio to then |"
        rule += "---|---|"
    print(head + "\n" + rule)
    for lab in labs:
        old = source_at(baseline, lab) if baseline else None
        then, single, trusted = [], [], []
        for _ in range(repeats):
            if old is not None:
                then.append(time_autograde(lab, workdir, single_kernel=True, source=old))
            single.append(time_autograde(lab, workdir, single_kernel=True))
            trusted.append(time_autograde(lab, workdir))
        a, b = min(single), min(trusted)
        row = f"| {lab} | {a:.1f} | {b:.1f} | {b / a:.2f} |"
        if baseline:
            t = min(then) if then else float("nan")
            row = f"| {lab} | {t:.1f} |" + row[len(f"| {lab} |"):] + f" {b / t:.2f} |"
        print(row, flush=True)


def time_one_student(labs, workdir):
    course = Course.scratch(labs, parent=workdir)
    for lab in labs:
        course.generate(lab)
        course.submit("reference", lab, V.reference(lab))
    start = time.perf_counter()
    grade(course, labs, jobs=1, show_progress=False)
    return time.perf_counter() - start


def throughput(labs, n_students, jobs, workdir):
    course = demo.simulate_class(workdir / f"class-jobs{jobs}", labs, n_students=n_students)
    n = sum(len(course.layout.submissions("submitted", lab)) for lab in labs)
    start = time.perf_counter()
    grade(course, labs, jobs=jobs, show_progress=False)
    return n, 60 * n / (time.perf_counter() - start)


def time_worker(lab, repeats=3, **options):
    """Seconds per submission of the reference on a long-lived grading worker (in this process, no sandbox).

    The first submission also generates the assignment on the worker; the best of the others is returned.
    ``options`` go to the :class:`~coursetool.grade.engine.GradingWorker` (``fork``, ``figures``).
    """
    from coursetool.grade.engine import GradingWorker, Submission, assignment_hash

    worker = GradingWorker(sandbox=False, **options)
    try:
        digest = assignment_hash(lab)
        data = nbformat.writes(V.reference(lab)).encode()
        seconds = []
        for i in range(repeats):
            graded = worker.grade(Submission(lab, f"s{i}", {f"{lab}.ipynb": data}, digest))
            assert graded.reason is None, graded.reason
            seconds.append(graded.seconds)
        return min(seconds[1:])
    finally:
        worker.close()


def engine_throughput(labs, n_students, jobs, workdir):
    """Submissions a minute of the engine alone (autograde and merge, no feedback) on a simulated class."""
    from coursetool.grade.grading import autograde_class

    course = demo.simulate_class(workdir / f"engine-jobs{jobs}", labs, n_students=n_students)
    n = sum(len(course.layout.submissions("submitted", lab)) for lab in labs)
    start = time.perf_counter()
    autograde_class(course, labs, jobs=jobs, show_progress=False, sandbox=False)
    return n, 60 * n / (time.perf_counter() - start)


def engine(labs, n_students, workdir):
    print("| lab | nbclient execution (s) | worker, fresh kernels (s) | worker, forked kernels (s) | overhead (s) "
          "| ratio | forked, no figures (s) |")
    print("|---|---|---|---|---|---|---|")
    for lab in labs:
        plain = min(time_plain_execution(lab, workdir / "plain") for _ in range(2))
        fresh = time_worker(lab, fork=False)
        graded = time_worker(lab)
        bare = time_worker(lab, figures=False)
        print(f"| {lab} | {plain:.1f} | {fresh:.1f} | {graded:.1f} | {graded - plain:+.1f} | {graded / plain:.2f} "
              f"| {bare:.1f} |", flush=True)
    one = time_one_student(labs, workdir)
    print(f"\none student's {len(labs)} labs through `course grade` (jobs 1, sandboxed, with feedback and "
          f"export): {one:.1f} s", flush=True)
    rates = {}
    for jobs in (1, 2):
        n, rates[jobs] = engine_throughput(labs, n_students, jobs, workdir)
        print(f"engine throughput, {jobs} worker(s): {rates[jobs]:.1f} submissions a minute ({n} submissions)",
              flush=True)
    print(f"two workers / one: {rates[2] / rates[1]:.2f}x")
    per_worker = rates[2] / 2
    print(f"a class of 300 x {len(labs)} labs: {300 * len(labs) / rates[2]:.0f} min here (2 workers), "
          f"{300 / rates[2]:.0f} min a lab; on 10 such machines (20 workers, at {per_worker:.1f} a minute each): "
          f"{300 * len(labs) / (20 * per_worker):.0f} min")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=10)
    parser.add_argument("--labs", nargs="*", default=None)
    parser.add_argument("--executors", action="store_true",
                        help="only compare the trusted executor with nbgrader's single-kernel Execute")
    parser.add_argument("--engine", action="store_true", help="measure the grading engine (see above)")
    parser.add_argument("--baseline", default=None,
                        help="with --executors: also grade the labs as they were at this git commit")
    args = parser.parse_args()
    labs = args.labs or available_labs()
    workdir = Path(tempfile.mkdtemp(prefix="bench-"))
    os.environ.setdefault("MPLBACKEND", "Agg")
    try:
        print(f"machine: {machine()}")
        print(f"labs: {', '.join(labs)}\n")
        if args.executors:
            executors(labs, workdir, baseline=args.baseline)
            return
        if args.engine:
            engine(labs, args.students, workdir)
            return
        print("| lab | nbclient execution (s) | nbgrader autograde (s) | ratio |")
        print("|---|---|---|---|")
        for lab in labs:
            plain = time_plain_execution(lab, workdir / "plain")
            auto = time_autograde(lab, workdir)
            print(f"| {lab} | {plain:.1f} | {auto:.1f} | {auto / plain:.2f} |", flush=True)
        one = time_one_student(labs, workdir)
        print(f"\none student's {len(labs)} labs through `course grade` (jobs 1, with feedback and "
              f"export): {one:.1f} s", flush=True)
        for jobs in (1, 2):
            n, rate = throughput(labs, args.students, jobs, workdir)
            print(f"throughput, jobs {jobs}: {rate:.1f} submissions per minute ({n} submissions)", flush=True)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
