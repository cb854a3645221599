"""Attacks on the autograder: each fails against the protection and works without it.

Every file of ``tests/coursetool/attacks/`` is one hand-in: a wrong lab 1 answer (a mutant of
``tests/labs/lab1_linkage/mutants/``) plus code that tries to get points it does not
deserve, or to reach, write or exhaust what a student must not (see
``tests/coursetool/attacks/README.md`` for the format). The whole catalogue is graded in one
run per configuration, all runs at once:

* **protected**: ``course grade`` as an instructor runs it (:func:`coursetool.grade.grading.grade`,
  trusted grading, the sandbox), with the honest students (reference, blank, each
  wrong answer handed in plainly) beside the attackers;
* **stock**: nbgrader's own pipeline (one kernel, nbgrader's ``Execute``), for the
  attacks on the grader's code (hooks, patching, lying objects, hidden data, the protocol);
* **open**: trusted grading without the sandbox (``sandbox=False``), for the attacks on
  the machine (privileges, files, limits);
* **plain**: the notebook run by nbclient with no time limit, bounded here, for the
  attacks on time;
* **outside**: the attack's code run by a plain Python process of the grader's user beside a
  live kernel zygote, for the attacks on what only the grader's processes hold;
* **honest**: the honest students graded alone, whose grades the protected run must repeat.

For each attack the protected run must give no more points than its wrong answer
handed in plainly, or mark its cells for a person's review (``needs_manual_grade``),
and must keep what it tried to reach out of reach; the control run must show the
attack working (more points, the file read or written, the limit passed). The
protocol attacks have nothing to lie to without trusted grading: their control is
that the lie reached the grader (the phrase the grader answered it with), and the
measurement lies (seconds, steps, sizes) are shown at the level of one call, at the end.
"""

import asyncio
import copy
import hashlib
import json
import os
import re
import time
import tracemalloc
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pytest

from coursetool import notebooks
from coursetool.grade import sandbox
from coursetool.proof import variants as V
from coursetool.nbgrader_course import Course
from coursetool.notebooks import read_notebook
from coursetool.grade.grading import grade
from coursetool import layout

LAB = "lab1_linkage"
ATTACKS_DIR = layout.current().attacks()
MUTANTS_DIR = layout.current().variants(LAB, "mutant")
CELL_TIMEOUT = 15             # seconds per cell and per call; lab 1's slowest cell takes about 1 s
STOCK_TIMEOUT = 60             # seconds per cell in the stock runs, which have no time attacks
PLAIN_LIMIT = 10              # seconds a plain run of a time attack is given before it counts as hung
STOCK_PREPROCESSORS = [       # nbgrader's own autograde pipeline: one kernel, nbgrader's Execute
    "nbgrader.preprocessors.Execute", "nbgrader.preprocessors.LimitOutput",
    "nbgrader.preprocessors.SaveAutoGrades", "nbgrader.preprocessors.AssignLatePenalties",
    "nbgrader.preprocessors.CheckCellMetadata",
]
#: What each run may write in its course; everything else in it must stay as it was.
GRADER_OUTPUTS = ("autograded", "feedback", "grades.csv", "gradebook.db", "summary", ".grading")
DAEMON_NAME = "ccattack-daemon"
#: Where an attack is shown to work without the protection (see the module's docstring).
CONTROLS = ("stock", "open", "plain", "delivered", "outside")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not sandbox.available() and not os.environ.get("CLUSTERCOURSE_REQUIRE_SANDBOX"),
                       reason="bubblewrap (bwrap) is not installed or cannot run here"),
]


# --- the catalogue ------------------------------------------------------------------------

@dataclass
class Attack:
    """One hand-in of ``tests/coursetool/attacks/``."""

    name: str
    kind: str             # the class of attack
    description: str
    base: str             # the mutant it starts from
    cell: str             # the answer cell its code is appended to
    control: str          # stock | open | plain | delivered
    code: str
    delivered: str = ""   # for control "delivered": what the grader answers the lie with

    def notebook(self, course_root, canary):
        """The hand-in: the mutant, the attack's code after its answer cell's code, no free demo cells."""
        nb = V.apply(V.parse_variant(MUTANTS_DIR / f"{self.base}.py", "mutant"), V.reference(LAB))
        code = self.code.replace("__COURSE__", str(course_root)).replace("__CANARY__", str(canary))
        cell = notebooks.answer_cells(nb)[self.cell]
        cell.source = cell.source.rstrip("\n") + "\n\n" + code
        # a student may delete the unmarked demo cells; these attackers do, which makes grading quicker
        return V.without_free_cells(nb)


_HEADER = re.compile(r"^# (\w+): (.*)$", re.MULTILINE)


def load_attack(path):
    text = path.read_text()
    doc = re.match(r'\s*"""(.*?)"""\n', text, re.DOTALL)
    lines = text[doc.end():].splitlines()
    meta = {}
    while lines and _HEADER.match(lines[0]):
        key, value = _HEADER.match(lines.pop(0)).groups()
        meta[key] = value.strip()
    snippets = [s.strip() for s in meta.get("uses", "").split(",") if s.strip()]
    body = "\n".join(lines).strip("\n")
    code = "\n\n".join([(ATTACKS_DIR / f"_{s}.py").read_text() for s in snippets] + [body]) + "\n"
    return Attack(path.stem, meta["class"], doc.group(1).strip(), meta["base"], meta["cell"], meta["control"],
                  code, meta.get("delivered", ""))


ATTACKS = {p.stem: load_attack(p) for p in sorted(ATTACKS_DIR.glob("[!_]*.py"))}
CLASSES = sorted({a.kind for a in ATTACKS.values()})
BASES = sorted({a.base for a in ATTACKS.values()})
PLAIN = {f"plain-{b}": b for b in BASES}                # each wrong answer, handed in without an attack


def mutant(base):
    return V.apply(V.parse_variant(MUTANTS_DIR / f"{base}.py", "mutant"), V.reference(LAB))


def honest_class():
    """The honest students: the reference, the blank release, and every base wrong answer."""
    return {"reference": V.reference(LAB), "blank": None, **{name: mutant(b) for name, b in PLAIN.items()}}


# --- running the class ----------------------------------------------------------------------

def snapshot(*folders, exclude=()):
    """path -> sha256 of every file below ``folders``, except those under the ``exclude`` names."""
    out = {}
    for folder in folders:
        for path in sorted(Path(folder).rglob("*")):
            rel = path.relative_to(folder)
            if rel.parts and rel.parts[0] in exclude:
                continue
            if path.is_symlink():
                out[str(path)] = "link -> " + os.readlink(path)
            elif path.is_file():
                out[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


@dataclass
class Run:
    """One grading run of some of the class."""

    course: Course
    grades: dict = field(default_factory=dict)        # student -> {grade_id: score}
    manual: dict = field(default_factory=dict)        # student -> grade ids marked needs_manual_grade
    broken: dict = field(default_factory=dict)        # student -> reason
    seconds: float = 0.0
    changed: dict = field(default_factory=dict)       # path -> (before, after) outside the grader's outputs
    daemons: list = field(default_factory=list)       # pids of attack daemons alive after the run
    canary: Path = None
    others: list = field(default_factory=list)        # more runs of the same configuration, merged into this one

    def merge(self, other):
        self.grades.update(other.grades)
        self.others.append(other)

    def score(self, student):
        return sum(self.grades[student].values()) if student in self.grades else None

    def path(self, student):
        """The student's autograded notebook, in whichever course of this configuration graded it."""
        for run in [self, *self.others]:
            path = run.course.notebook_path("autograded", LAB, student)
            if path.exists():
                return path
        return path

    def notebook(self, student):
        return read_notebook(self.path(student))

    def report(self, student, cell):
        """What the attack printed in its answer cell (its ATTACK line), or None."""
        outputs = notebooks.answer_cells(self.notebook(student))[cell].outputs
        text = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
        lines = [ln for ln in text.splitlines() if ln.startswith("ATTACK ")]
        return json.loads(lines[-1][len("ATTACK "):]) if lines else None

    def text(self, student):
        """Every output of every cell of the student's autograded notebook, as text."""
        parts = []
        for cell in self.notebook(student).cells:
            for o in cell.get("outputs", []):
                parts.append(o.get("text", "") if o.output_type == "stream" else
                             f"{o.get('ename')}: {o.get('evalue')}" if o.output_type == "error" else
                             json.dumps(o.get("data", {})))
        return "\n".join(parts)


def read_gradebook(run):
    with run.course.gradebook() as gb:
        for submission in gb.assignment_submissions(LAB):
            student = submission.student.id
            for notebook in submission.notebooks:
                for g in notebook.grades:
                    if g.max_score:
                        run.grades.setdefault(student, {})[g.name] = float(g.score or 0)
                        if g.needs_manual_grade:
                            run.manual.setdefault(student, set()).add(g.name)


def daemons():
    """Pids of processes named like the attack's daemon."""
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            if Path(f"/proc/{pid}/comm").read_text().strip() == DAEMON_NAME:
                found.append(int(pid))
        except OSError:
            pass
    return found


def prepare(parent, name, students, attacks):
    """A scratch course (generated, as an instructor has it) with ``students`` and ``attacks`` submitted."""
    course = Course.scratch([LAB], parent=parent)
    course.generate(LAB)
    canary = Path(parent) / f"canary-{name}"
    canary.mkdir()
    (canary / "precious.txt").write_text("no student may touch this\n")
    for student, nb in students.items():
        course.submit(student, LAB, nb if nb is not None else read_notebook(course.notebook_path("release", LAB)))
    for attack in attacks:
        course.submit(attack.name, LAB, attack.notebook(course.root, canary))
    return course, canary


def graded(course, canary, work):
    """Run ``work()`` (grading ``course``) and collect a :class:`Run`: grades, changes, daemons left."""
    before = snapshot(course.root, exclude=GRADER_OUTPUTS)
    before.update(snapshot(canary))
    start = time.time()
    broken = work() or {}
    run = Run(course, broken=broken, seconds=time.time() - start, canary=canary)
    time.sleep(1.5)                           # a daemon that outlived grading writes within 0.5 s
    after = snapshot(course.root, exclude=GRADER_OUTPUTS)
    after.update(snapshot(canary))
    run.changed = {p: (before.get(p), after.get(p)) for p in set(before) | set(after) if before.get(p) != after.get(p)}
    # attack daemons still alive, less those of another run (which wrote their pid in that run's canary)
    others = {int(f.read_text() or 0) for f in Path(canary).parent.glob("canary-*/daemon.pid")
              if f.parent != Path(canary)}
    run.daemons = [pid for pid in daemons() if pid not in others]
    read_gradebook(run)
    return run


def run_grade(parent, name, students, attacks, sandboxed):
    """Grade with the course's engine: protected (sandboxed, kernels as configured), or open.

    The open run, the control of attacks on the grader's own processes, has none of the protections:
    no sandbox, and every kernel started from nothing as nbgrader starts it (a kernel forked from the
    zygote has the labs' modules imported already, which happens to defeat a module planted under one
    of their names but is no defence against others; and its command line names no connection file).
    """
    course, canary = prepare(parent, name, students, attacks)

    def work():
        report = grade(course, [LAB], jobs=2, show_progress=False, timeout=CELL_TIMEOUT, sandbox=sandboxed,
                       fork=sandboxed)
        return {s: reason for s, _, reason in report.broken}
    return graded(course, canary, work)


def run_stock(parent, name, students, attacks):
    """nbgrader's own autograde (one kernel per notebook, no sandbox) of the class, in one call."""
    course, canary = prepare(parent, name, students, attacks)

    def work():
        sanitize = ["nbgrader.preprocessors.ClearOutput", "nbgrader.preprocessors.DeduplicateIds",
                    "nbgrader.preprocessors.OverwriteKernelspec", "nbgrader.preprocessors.OverwriteCells",
                    "nbgrader.preprocessors.CheckCellMetadata"]
        return _stock_autograde(course, "autograde", LAB, "--force", f"--Execute.timeout={STOCK_TIMEOUT}",
                                "--Autograde.sanitize_preprocessors=" + json.dumps(sanitize),
                                "--Autograde.autograde_preprocessors=" + json.dumps(STOCK_PREPROCESSORS))
    return graded(course, canary, work)


def _stock_autograde(course, *args):
    """``nbgrader autograde``, which exits 1 when some notebooks failed: those are returned, student -> log."""
    from coursetool.nbgrader_course import NbgraderError

    try:
        course.nbgrader(*args, timeout=1200)
        return {}
    except NbgraderError as exc:
        failed = re.findall(r"error processing assignment '[^']+' for student '([^']+)'", str(exc))
        if not failed:
            raise
        return {student: "nbgrader could not autograde it (see its log)" for student in failed}


def run_plain(nb, limit=PLAIN_LIMIT):
    """Run ``nb`` with nbclient and no time limit (as a student's Run All would) for at most ``limit`` s.

    Returns the seconds it ran, or None if it was still running at ``limit`` (then its kernel is killed).
    """
    from jupyter_client.manager import AsyncKernelManager
    from nbclient import NotebookClient
    from nbclient.exceptions import DeadKernelError

    async def main():
        km = AsyncKernelManager(kernel_name="python3")
        client = NotebookClient(copy.deepcopy(nb), km=km, timeout=None, allow_errors=True)
        start = time.monotonic()
        try:
            await asyncio.wait_for(client.async_execute(), limit)
            return time.monotonic() - start
        except (asyncio.TimeoutError, DeadKernelError):
            # cancelled at the limit, nbclient reports the kernel it was waiting on as dead
            if time.monotonic() - start < limit:
                raise
            return None
        finally:
            # Cancelled mid-run, nbclient leaves its client's channels open (a heartbeat thread among
            # them); closed here, or a later garbage collection of their zmq context blocks forever.
            if client.kc is not None:
                client.kc.stop_channels()
            if km.has_kernel:
                await km.shutdown_kernel(now=True)
            km.context.destroy(linger=0)
    return asyncio.run(main())


def run_outside(attack, parent):
    """The attack's code run by a plain Python process of this user, beside a live zygote: its report."""
    import subprocess
    import sys

    from coursetool.grade import zygote

    zygote.shared()                           # this process's zygote, as a grading worker has one
    code = attack.code.replace("__COURSE__", str(parent)).replace("__CANARY__", str(parent))
    proc = subprocess.run([sys.executable, "-c", code], cwd=parent, capture_output=True, text=True, timeout=120)
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("ATTACK ")]
    return json.loads(lines[-1][len("ATTACK "):]) if lines else {"stderr": proc.stderr[-2000:]}


#: Sandbox limits of the protected runs, low enough that the attacks meet them without costing the machine much.
SANDBOX_LIMITS = {sandbox.ENV_DISK: str(64 * 2**20)} if hasattr(sandbox, "ENV_DISK") else {}


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """Every run, name -> result: the engine runs one after another, the others beside them (they wait on kernels)."""
    parent = tmp_path_factory.mktemp("attacks")
    attacks = list(ATTACKS.values())
    by_control = {c: [a for a in attacks if a.control == c] for c in CONTROLS}
    honest = honest_class()
    plain = {k: v for k, v in honest.items() if k.startswith("plain-")}
    reference = {"reference": honest["reference"]}          # the classmate whose work an attack copies
    stock = by_control["stock"]
    engine_runs = {
        "protected": lambda: run_grade(parent, "protected", honest, attacks, sandboxed=True),
        "honest": lambda: run_grade(parent, "honest", {k: honest[k] for k in HONEST_ALONE}, [], sandboxed=True),
        "open": lambda: run_grade(parent, "open", {**reference, CUT_PLAIN: honest[CUT_PLAIN]},
                                  by_control["open"], sandboxed=False),
    }
    jobs = {
        # The course's grading engines one after another, as `course grade` runs one: in a run where
        # three engines shared this process, the two left stopped getting results when the first one
        # closed (seen once, at fce35f4; not yet understood, so not risked here).
        "engines": lambda: {name: run() for name, run in engine_runs.items()},
        # nbgrader grades one notebook after another: two courses at once keep both cores busy
        "stock": lambda: run_stock(parent, "stock", {**reference, **plain}, stock[0::2]),
        "stock-2": lambda: run_stock(parent, "stock-2", reference, stock[1::2]),
        **{f"plain:{a.name}": (lambda a=a: run_plain(a.notebook(parent, parent))) for a in by_control["plain"]},
        **{f"outside:{a.name}": (lambda a=a: run_outside(a, parent)) for a in by_control["outside"]},
    }
    saved = {k: os.environ.get(k) for k in SANDBOX_LIMITS}
    os.environ.update(SANDBOX_LIMITS)
    start = time.time()
    try:
        with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
            futures = {name: pool.submit(job) for name, job in jobs.items()}
            results = {name: f.result() for name, f in futures.items()}
    finally:
        for k, v in saved.items():
            os.environ.pop(k, None) if v is None else os.environ.__setitem__(k, v)
    results.update(results.pop("engines"))
    results["stock"].merge(results.pop("stock-2"))
    print(f"\nall runs took {time.time() - start:.0f} s: " +
          ", ".join(f"{k} {v.seconds:.0f} s" for k, v in results.items() if isinstance(v, Run)))
    write_summary(parent / "summary.json", results)
    for pid in results["open"].daemons:       # the open run's attack daemon, started by this test: end it
        try:
            os.kill(pid, 9)
        except OSError:
            pass
    return results


def write_summary(path, results):
    """Each attack's outcome under protection and in its control, as JSON (for reading, not asserted)."""
    out = {}
    for name, attack in ATTACKS.items():
        row = {"class": attack.kind, "what": attack.description, "control": attack.control}
        for label, run in (("protected", results["protected"]), ("control", results.get(attack.control))):
            if isinstance(run, Run) and name in run.grades:
                row[label] = {"score": run.score(name), "plain": run.score(f"plain-{attack.base}"),
                              "review": sorted(run.manual.get(name, ())), "reached": str(reached(run, attack) or "")}
        if attack.control == "plain":
            row["control"] = {"plain run": "hung" if results[f"plain:{name}"] is None else "ended"}
        out[name] = row
    Path(path).write_text(json.dumps(out, indent=1, default=str))


HONEST_ALONE = ("reference", "blank", "plain-cut_one_merge_too_many")
CUT_PLAIN = "plain-cut_one_merge_too_many"


# --- what each attack was after, besides points ---------------------------------------------

FILL_LIMIT = 128 * 2**20      # what the fill attacks try to write (tests/coursetool/attacks/_fill.py)


def _stole(report):
    return (report or {}).get("stole_from")


def _leaked_into_feedback(run, student):
    folder = run.course.root / "feedback" / student / LAB
    return sorted(p.name for p in folder.glob("leak-*") if p.is_file() and p.stat().st_size > 0)


def _daemon_acted(run, student):
    written = (run.canary / "daemon.txt").exists()
    return ("wrote the canary after grading" if written else "") or (f"alive: {run.daemons}" if run.daemons else "")


#: attack -> what it got through (truthy) from its run and its own report; attacks after points only are absent.
REACHED = {
    "source_notebook_reference": lambda run, r: _stole(r),
    "classmate_copied": lambda run, r: _stole(r),
    "setuid_root": lambda run, r: r and (r["euid"] == 0 or _stole(r)),
    "mount_tricks": lambda run, r: _stole(r),
    "unshare_namespaces": lambda run, r: _stole(r),
    "proc_environ_db_url": lambda run, r: r and (r["db_urls"] or r["gradebooks_opened"]),
    "gradebook_read_write": lambda run, r: r and (r.get("read") or r.get("writable")),
    # the Python runtime may live in the grader's home (pyenv): the sandbox shows that one folder of it
    "etc_shadow": lambda run, r: r and ("shadow_lines" in r or set(r["home_entries"]) - {".pyenv"}
                                        or r["runtime_files"]),
    "trusted_kernel_connection": lambda run, r: r and r["reached"],
    "trusted_cwd_module_planted": lambda run, r: r and r["planted"],
    # links planted in a folder of the host's that the grader reads the results from; since the engine packs
    # results without following links (tested in test_course_tool), the sandbox is no longer the only defence
    "symlink_exfiltration": lambda run, r: (_leaked_into_feedback(run, "symlink_exfiltration") or
                                            [p for p in (r or {}).get("linked", ())
                                             if not p.startswith(sandbox.SANDBOX_WORK + "/")]),
    "fill_tmp": lambda run, r: r and r["written"] >= FILL_LIMIT,
    "fill_cwd": lambda run, r: r and r["written"] >= FILL_LIMIT,
    "fork_bomb_bounded": lambda run, r: r and r["children"] >= 300,
    "huge_allocation": lambda run, r: r and r["allocated"] > 0,
    "process_outlives_kernel": lambda run, r: _daemon_acted(run, "process_outlives_kernel"),
    "zygote_socket_forks_a_kernel": lambda run, r: r and r["reached"],
}


def reached(run, attack):
    """What ``attack`` got through in ``run`` beyond points (empty if nothing, or if it is after points only)."""
    if attack.name not in REACHED:
        return None
    report = run.report(attack.name, attack.cell) if run.path(attack.name).exists() else None
    return REACHED[attack.name](run, report)


def gained(run, attack):
    """Cells where ``attack`` scored more than its wrong answer handed in plainly, in the same run."""
    plain = run.grades[f"plain-{attack.base}"]
    got = run.grades.get(attack.name, {})
    return sorted(g for g, score in got.items() if score > plain[g])


def describe(run, student):
    cells = run.grades.get(student)
    return (f"score {run.score(student)}, cells lost "
            f"{sorted(g for g, s in (cells or {}).items() if s == 0)}, marked for review "
            f"{sorted(run.manual.get(student, ()))}, broken: {run.broken.get(student)}")


# --- the tests --------------------------------------------------------------------------------

def test_the_catalogue_has_at_least_24_attacks_in_7_classes():
    assert len(ATTACKS) >= 24 and len(CLASSES) >= 7, f"{len(ATTACKS)} attacks in classes {CLASSES}"
    for attack in ATTACKS.values():
        assert attack.control in CONTROLS, f"{attack.name}: control {attack.control!r}"
        assert attack.control != "delivered" or attack.delivered, f"{attack.name}: says no phrase to look for"


def test_student_code_cannot_create_namespaces(runs):
    report = runs["protected"].report("unshare_namespaces", "cut") or {}
    assert report.get("tried", {}).get("unshare") != "ok", f"unshare(CLONE_NEWUSER | CLONE_NEWNS): {report}"


@pytest.mark.parametrize("name", list(ATTACKS))
def test_protected_grading_gives_no_undeserved_points(runs, name):
    """No more points than the same wrong answer handed in plainly, unless the cells are marked for review."""
    run, attack = runs["protected"], ATTACKS[name]
    assert name in run.grades, f"{name}: no grade recorded ({run.broken.get(name)})"
    unflagged = [g for g in gained(run, attack) if g not in run.manual.get(name, set())]
    assert not unflagged, (f"{name} ({attack.description}) got more points than plain-{attack.base} in {unflagged} "
                           f"and they are not marked for review: {describe(run, name)}; "
                           f"plain: {describe(run, f'plain-{attack.base}')}")


@pytest.mark.parametrize("name", [n for n in ATTACKS if n in REACHED])
def test_protected_grading_keeps_what_the_attack_was_after_out_of_reach(runs, name):
    run, attack = runs["protected"], ATTACKS[name]
    got = reached(run, attack)
    assert not got, f"{name} ({attack.description}) got through under protection: {got}"


@pytest.mark.parametrize("name", [n for n, a in ATTACKS.items() if a.control in ("stock", "open")])
def test_control_the_attack_works_without_the_protection(runs, name):
    """Stock nbgrader, or trusted grading without the sandbox: the attack gets points, or what it was after."""
    attack = ATTACKS[name]
    run = runs[attack.control]
    assert name in run.grades, f"{name}: no grade recorded in the {attack.control} run ({run.broken.get(name)})"
    if name in REACHED:
        assert reached(run, attack), (f"{name}: the {attack.control} run should let it through, but its report is "
                                      f"{run.report(name, attack.cell)}")
    else:
        assert gained(run, attack), (f"{name} ({attack.description}): expected more points than plain-{attack.base} "
                                     f"in the {attack.control} run; {describe(run, name)}; "
                                     f"plain: {describe(run, f'plain-{attack.base}')}")


@pytest.mark.parametrize("name", [n for n, a in ATTACKS.items() if a.control == "outside"])
def test_control_the_attack_works_outside_the_sandbox(runs, name):
    report = runs[f"outside:{name}"]
    assert REACHED[name](None, report), f"{name}: outside the sandbox it should get through; it reported {report}"


@pytest.mark.parametrize("name", [n for n, a in ATTACKS.items() if a.control == "plain"])
def test_control_the_time_attack_hangs_a_run_without_limits(runs, name):
    seconds = runs[f"plain:{name}"]
    assert seconds is None, f"{name}: a run without time limits ended after {seconds:.0f} s; expected it to hang"


@pytest.mark.parametrize("name", [n for n, a in ATTACKS.items() if a.control == "delivered"])
def test_control_the_protocol_lie_reached_the_grader(runs, name):
    """The lie was told (the grader answered it), and refused: no points, reasons in the feedback."""
    attack, run = ATTACKS[name], runs["protected"]
    assert attack.delivered in run.text(name), (f"{name}: expected the grader to answer the lie with "
                                                f"{attack.delivered!r}; outputs: {run.text(name)[-1500:]}")


def test_honest_students_keep_the_grades_they_get_without_attackers(runs):
    protected, alone = runs["protected"], runs["honest"]
    for student in HONEST_ALONE:
        assert protected.grades.get(student) == alone.grades.get(student), \
            f"{student}: {describe(protected, student)} beside the attackers, {describe(alone, student)} alone"
        assert not protected.manual.get(student), f"{student} marked for review: {protected.manual[student]}"
    assert protected.score("reference") == 20 and protected.score("blank") == 0


def test_every_submission_is_graded_and_nothing_outside_the_sandbox_changes(runs):
    run = runs["protected"]
    missing = sorted(set(ATTACKS) - set(run.grades))
    assert not missing, f"no grade for {missing}"
    assert not run.changed, f"changed outside the grader's outputs: {sorted(run.changed)}"
    assert not run.daemons, f"processes of student code still running after grading: {run.daemons}"
    leftovers = sorted(str(p) for p in Path("/tmp").glob("filler-*.bin"))
    assert not leftovers, f"files the fill attacks wrote outside their sandbox: {leftovers[:5]}"


# --- lies about measurements, at the level of one call ------------------------------------------
# A test's verdict on speed (checks.time_call), on loops (checks.count_python_steps) and the size of
# what it receives all come from the student's kernel through clustercourse.remote, whose code the
# student can replace. A plain kernel stands for the student's; the grader's side runs here.

LIAR = """
import time
import numpy as np
import clustercourse.remote as remote

def slow(n):                       # a Python loop, then a second of sleep
    total = 0
    for i in range(n):
        total += i
    time.sleep(1.0)
    return total

def huge(n):
    return np.zeros(n, dtype=np.int64)

def bypass_the_size_limit():
    remote.MAX_ANSWER_BYTES = 10**12

def small():
    return 1

_honest_call = remote._call

def _lying_call(request):          # every call claims it took a millisecond and no Python steps
    answer = _honest_call(request)
    answer["seconds"], answer["steps"] = 0.001, 0
    return answer

remote._call = _lying_call
"""


@pytest.fixture(scope="module", params=["tcp", "ipc"])
def liar(request, tmp_path_factory):
    """A StudentKernel (the grader's side, in this process) connected to a kernel running LIAR.

    Over TCP the requests and answers travel through the kernel's stdin channel; over Unix sockets
    (as the grader's kernels are reached) through the serve socket.
    """
    from jupyter_client import KernelManager

    from clustercourse.trusted import StudentKernel

    if request.param == "ipc":
        km = KernelManager(kernel_name="python3", transport="ipc",
                           ip=str(tmp_path_factory.mktemp("liar") / "kernel"))
    else:
        km = KernelManager(kernel_name="python3")
    km.start_kernel(extra_arguments=["--HistoryManager.hist_file=:memory:"])
    try:
        kc = km.client()
        kc.start_channels()
        kc.wait_for_ready(timeout=120)
        kc.execute_interactive(LIAR, timeout=120)
        kc.stop_channels()
        info = {k: (v.decode() if isinstance(v, bytes) else v) for k, v in km.get_connection_info().items()}
        kernel = StudentKernel(info, call_timeout=CELL_TIMEOUT)
        yield kernel
        kernel.client.stop_channels()
    finally:
        km.shutdown_kernel(now=True)
        km.context.destroy(linger=0)


def raw_call(kernel, name, *args):
    """The answer of the student's kernel to a call, as it sent it (what the grader used to believe)."""
    from clustercourse import wire

    return kernel.run_raw({"op": "call", "target": {"name": name}, "count_steps": True,
                           "args": wire.encode(list(args)), "kwargs": wire.encode({})}, f"{name}()")


def test_requests_travel_over_the_serve_socket_when_the_kernel_has_one(liar):
    """Over Unix sockets (as graded) a call's request and answer use the serve socket; over TCP, stdin."""
    from clustercourse.trusted import StudentFunction

    assert StudentFunction(liar, "small")() == 1
    expected = "socket" if liar.client.transport == "ipc" else "stdin"
    assert liar.channel == expected, f"over {liar.client.transport} the answer came through {liar.channel}"


def test_a_slow_function_cannot_claim_to_be_fast(liar):
    from clustercourse import checks
    from clustercourse.trusted import StudentFunction

    claimed = raw_call(liar, "slow", 20_000)["seconds"]
    assert claimed == 0.001, f"control: the student's kernel should claim 0.001 s, it sent {claimed}"
    with pytest.raises(AssertionError):       # what the claim would get: 0.001 s passes easily
        checks.expect_fast_enough("slow", 1.0, 0.01, factor=10, floor=0.5)
    result, seconds = checks.time_call(StudentFunction(liar, "slow"), 20_000)
    assert result == sum(range(20_000)) and seconds >= 1.0, f"the grader took {seconds} s for a 1 s call"


@pytest.mark.xfail(strict=True, reason="open: count_python_steps of a student's function is the student "
                   "kernel's own report (lab 2's expect_no_loop_over_items trusts it); nothing on the grader's "
                   "side can count the steps of code that runs elsewhere")
def test_a_python_loop_cannot_claim_to_take_no_steps(liar):
    from clustercourse import checks
    from clustercourse.trusted import StudentFunction

    assert raw_call(liar, "slow", 20_000)["steps"] == 0, "control: the student's kernel claims 0 steps"
    _, steps = checks.count_python_steps(StudentFunction(liar, "slow"), 20_000)
    assert steps >= 20_000, f"a loop over 20,000 items was counted as {steps} steps"


def test_a_huge_answer_is_refused_before_the_grader_decodes_it(liar):
    """A 100 MB answer: refused by the student's serve (the message says why) and, if that limit is
    lifted, dropped by the grader's sockets unread; the grader's memory stays small, later calls work."""
    from clustercourse import wire
    from clustercourse.trusted import StudentFunction

    n = 12_500_000                                   # 100 MB of labels, 128 MB on the wire
    text = wire.dumps(np.zeros(n, dtype=np.int64))
    tracemalloc.start()
    try:
        wire.loads(text)                              # control: what decoding such an answer costs
        control_peak = tracemalloc.get_traced_memory()[1]
        del text
        for step in ("limit in serve", "limit lifted in the student's kernel"):
            if step != "limit in serve":
                StudentFunction(liar, "bypass_the_size_limit")()
            tracemalloc.reset_peak()
            with pytest.raises((TypeError, TimeoutError)) as caught:
                StudentFunction(liar, "huge")(n)
            peak = tracemalloc.get_traced_memory()[1]
            assert peak < 16 * 2**20, f"{step}: the grader held {peak / 2**20:.0f} MB for the refused answer"
            if step == "limit in serve":
                assert "larger than" in str(caught.value), caught.value
    finally:
        tracemalloc.stop()
    assert control_peak > 200 * 2**20, f"control: decoding the answer took only {control_peak / 2**20:.0f} MB"
    assert StudentFunction(liar, "small")() == 1, "a call after the refused answer should work"
