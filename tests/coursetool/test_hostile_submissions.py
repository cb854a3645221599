"""Hostile submissions: grading survives them, scores them right, and the sandbox holds.

One run of :func:`coursetool.grade.grading.grade` (nbgrader, two parallel
workers, kernels in the bubblewrap sandbox of :mod:`coursetool.grade.sandbox`, a
5-second cell timeout) grades a scratch course holding a reference student and
one student per hostile case; each test below asserts on that run. Every hostile notebook is lab 1's reference with one
thing changed, so the points it should keep are known exactly: lab 1 has
20 points, and the two ``cut`` test cells are worth 3 of them.
"""

import copy
import json
import os
import socket
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field

import nbformat
import pytest

from coursetool import notebooks
from coursetool.grade import sandbox
from coursetool.proof import variants as V
from coursetool.nbgrader_course import Course
from coursetool.notebooks import read_notebook
from coursetool.grade.grading import grade
from coursetool import layout

ROOT = layout.current().root    # the course under test

LAB = "lab1_linkage"
FULL = 20.0
CUT_POINTS = 3.0            # cut_matches_fcluster (2) + cut_extreme_k (1)
CELL_TIMEOUT = 5            # seconds; lab 1's slowest cell takes well under 1 s

# Skipped without bubblewrap, unless CLUSTERCOURSE_REQUIRE_SANDBOX is set (CI): then they fail.
pytestmark = pytest.mark.skipif(not sandbox.available() and not os.environ.get("CLUSTERCOURSE_REQUIRE_SANDBOX"),
                                reason="bubblewrap (bwrap) is not installed or cannot run here")


# --- hostile notebooks ----------------------------------------------------------------

def with_answer(grade_id, source, nb=None):
    """Lab 1's reference with the answer cell ``grade_id`` replaced by ``source``."""
    nb = copy.deepcopy(nb or V.reference(LAB))
    notebooks.answer_cells(nb)[grade_id].source = source
    return nb


def prepend_to_answer(grade_id, code):
    """Lab 1's reference with ``code`` run first in the answer cell ``grade_id``."""
    nb = V.reference(LAB)
    return with_answer(grade_id, code + "\n" + notebooks.answer_cells(nb)[grade_id].source, nb)


WRONG_CUT = "def cut(Z, k):\n    return np.zeros(len(Z) + 1, dtype=int)\n"
WRONG_COPHENETIC = "def cophenetic(Z):\n    n = len(Z) + 1\n    return np.zeros((n, n))\n"


def make_test_cell_edited_to_pass():
    """Wrong cut, and both cut test cells (locked) edited to ``pass``: the edit must not save it."""
    nb = with_answer("cut", WRONG_CUT)
    for grade_id in ("cut_matches_fcluster", "cut_extreme_k"):
        notebooks.test_cells(nb)[grade_id].source = "pass"
    return nb


def make_test_cell_deleted():
    """Wrong cophenetic, and its only test cell deleted: nbgrader must restore and grade it."""
    nb = with_answer("cophenetic", WRONG_COPHENETIC)
    doomed = notebooks.test_cells(nb)["cophenetic_matches_scipy"]
    nb.cells = [c for c in nb.cells if c is not doomed]
    return nb


def make_duplicated_cells():
    """The cut answer cell and the cut_matches_fcluster test cell each copied right after themselves."""
    nb = V.reference(LAB)
    for cell in (notebooks.answer_cells(nb)["cut"], notebooks.test_cells(nb)["cut_matches_fcluster"]):
        i = nb.cells.index(cell)
        twin = copy.deepcopy(cell)
        if "id" in twin:
            twin.id = f"{cell.id}-copy"
        nb.cells.insert(i + 1, twin)
    return nb


#: A cell that tries to reach what student code must not, and prints what it managed as
#: one line ``SNOOP {json}``. ``{main}`` is the course being graded, ``{repo}`` the
#: repository; ``here`` is the folder nbgrader runs the notebook in (in a worker's
#: scratch course when grading runs in parallel).
SNOOP = """
import json, os, pathlib
lab = "lab1_linkage"
here = pathlib.Path.cwd()                           # unsandboxed: <course>/autograded/<student>/<lab>;
                                                    # sandboxed: /tmp/work, no host path to go up from
main, repo = pathlib.Path({main!r}), pathlib.Path({repo!r})
attempts = {{}}

def attempt(name, action):
    try:
        attempts[name] = "ok: " + str(action())
    except Exception as exc:
        attempts[name] = f"{{type(exc).__name__}}: {{exc}}"

def read(path):
    return f"read {{len(path.read_bytes())}} bytes of {{path}}"

def write(path):
    path.write_text("snooped")
    return f"wrote {{path}}"

def open_for_writing(path):
    with open(path, "ab"):                          # opened, left unchanged
        return f"opened {{path}} for writing"

def db_url_in_proc():
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            if b"NBGRADER_DB_URL=" in open(f"/proc/{{pid}}/environ", "rb").read():
                found.append(pid)
        except OSError:
            pass
    if not found:
        raise LookupError("no process environment with NBGRADER_DB_URL")
    return f"in the environment of processes {{found}}"

attempt("read_hidden_tests_of_this_course", lambda: read(here.parents[2] / "source" / lab / f"{{lab}}.ipynb"))
attempt("read_hidden_tests_of_the_course", lambda: read(main / "source" / lab / f"{{lab}}.ipynb"))
attempt("read_hidden_tests_in_the_repository", lambda: read(repo / "source" / lab / f"{{lab}}.ipynb"))
attempt("read_gradebook_of_this_course", lambda: read(here.parents[2] / "gradebook.db"))
attempt("read_gradebook_of_the_course", lambda: read(main / "gradebook.db"))
attempt("read_other_student_submission", lambda: read(main / "submitted" / "reference" / lab / f"{{lab}}.ipynb"))
attempt("write_gradebook_of_the_course", lambda: open_for_writing(main / "gradebook.db"))
attempt("write_course_root", lambda: write(main / "snooped.txt"))
attempt("write_other_student_submission", lambda: write(main / "submitted" / "reference" / lab / "snooped.txt"))
attempt("write_beside_own_folder", lambda: write(main / "autograded" / "snooper" / "snooped.txt"))
attempt("read_db_url_from_environment", lambda: os.environ["NBGRADER_DB_URL"])
attempt("read_db_url_from_proc", db_url_in_proc)
import socket                                       # e.g. a PostgreSQL gradebook on localhost
attempt("connect_to_a_server_on_localhost",
        lambda: socket.create_connection(("127.0.0.1", {port}), timeout=5).close())
print("SNOOP " + json.dumps(attempts))
"""
#: What the snooping cell writes if it can, relative to the course root.
SNOOPED_FILES = ("snooped.txt", f"submitted/reference/{LAB}/snooped.txt", "autograded/snooper/snooped.txt")


def snoop_code(main, port):
    return SNOOP.format(main=str(main), repo=str(ROOT), port=int(port))


def snooper(main, port):
    """Reference answers; the first answer cell also tries to reach what it must not."""
    return prepend_to_answer("single_heights", snoop_code(main, port))


@pytest.fixture(scope="module")
def local_server():
    """A TCP server listening on localhost while the class is graded, standing in for a gradebook server."""
    with socket.create_server(("127.0.0.1", 0)) as server:
        yield server.getsockname()[1]


def snoop_attempts(output):
    """The attempts the snooping cell printed, from its output text."""
    lines = [ln for ln in output.splitlines() if ln.startswith("SNOOP ")]
    assert lines, f"the snooping cell printed no SNOOP line; its output was {output[:500]!r}"
    return json.loads(lines[-1][len("SNOOP "):])


HOSTILE = {
    "reference": lambda: V.reference(LAB),
    "infinite-loop": lambda: prepend_to_answer("cut", "while True:\n    pass\n"),
    "memory-hog": lambda: prepend_to_answer(
        "cut", "hog = []\nfor _ in range(50):          # 50 GiB in 1 GiB arrays\n"
               "    hog.append(np.empty(2**27))\n"),
    "sys-exit": lambda: prepend_to_answer("cut", "import sys\nsys.exit()\n"),
    "os-exit": lambda: prepend_to_answer("cut", "import os\nos._exit(1)\n"),
    "segfault": lambda: prepend_to_answer("cut", "import ctypes\nctypes.string_at(0)\n"),
    "test-edited": make_test_cell_edited_to_pass,
    "test-deleted": make_test_cell_deleted,
    "duplicate-id": make_duplicated_cells,
    "output-flood": lambda: prepend_to_answer(
        "cut", 'for i in range(150_000):\n    print(f"{i:08d} " + "x" * 60)\n'),
}
#: Submissions that are not a notebook of this lab: student -> (file name, text).
NOT_A_NOTEBOOK = {
    "invalid-json": (f"{LAB}.ipynb", "{ this is not json"),
    "empty-file": (f"{LAB}.ipynb", ""),
    "misnamed": ("lab1.ipynb", None),            # None: the reference notebook, misnamed
}


# --- one grading run ------------------------------------------------------------------

CLASS = list(HOSTILE) + ["snooper"] + list(NOT_A_NOTEBOOK)     # the reference first


@dataclass
class Run:
    """What one grading run of the hostile class produced."""

    course: Course
    scores: dict                                   # student -> SubmissionGrade, from the gradebook
    broken: dict = field(default_factory=dict)     # student -> reason
    seconds: float = 0.0

    def score(self, student):
        grade = self.scores.get(student)
        return None if grade is None else grade.score

    def cell(self, student, grade_id):
        return self.scores[student].cells[grade_id].score

    def notebook(self, student):
        return read_notebook(self.course.notebook_path("autograded", LAB, student))

    def answer_outputs(self, student, grade_id):
        """The text of every output of an answer cell of the autograded notebook."""
        return _outputs_text(notebooks.answer_cells(self.notebook(student))[grade_id])

    def test_outputs(self, student, grade_id):
        """The text of every output of a test cell of the autograded notebook."""
        return _outputs_text(notebooks.test_cells(self.notebook(student))[grade_id])


def _outputs_text(cell):
    return "\n".join(o.get("text", "") if o.output_type == "stream" else
                     f"{o.get('ename')}: {o.get('evalue')}" if o.output_type == "error" else
                     json.dumps(o.get("data", {})) for o in cell.outputs)


def submit_class(course, port):
    """Generate the lab (as the instructor has) and submit the class."""
    course.generate(LAB)
    for student, make in HOSTILE.items():
        course.submit(student, LAB, make())
    course.submit("snooper", LAB, snooper(course.root, port))
    for student, (name, text) in NOT_A_NOTEBOOK.items():
        path = course.notebook_path("submitted", LAB, student).with_name(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        if text is None:
            nbformat.write(V.reference(LAB), str(path))
        else:
            path.write_text(text)


@pytest.fixture(scope="module")
def run(tmp_path_factory, local_server):
    course = Course.scratch([LAB], parent=tmp_path_factory.mktemp("hostile"))
    submit_class(course, local_server)
    start = time.time()
    report = grade(course, [LAB], jobs=2, show_progress=False, timeout=CELL_TIMEOUT, sandbox=True)
    broken = {student: reason for student, _, reason in report.broken}
    result = Run(course, course.grades(LAB), broken, time.time() - start)
    print(f"\ngraded {len(CLASS)} students in {result.seconds:.0f} s")
    for student in CLASS:
        print(f"  {student:>14}: {result.score(student)}  {broken.get(student, '')}")
    return result


def assert_score(run, student, expected):
    actual = run.score(student)
    cells = {g: c.score for g, c in run.scores[student].cells.items()} if student in run.scores else None
    assert actual == expected, (f"{student}: expected {expected:g} of {FULL:g} points, got {actual} "
                                f"(cells {cells}; broken: {run.broken.get(student)})")


def assert_broken(run, student, *words):
    """``student`` scored 0 and was reported broken with a reason naming one of ``words``."""
    assert_score(run, student, 0.0)
    reason = run.broken.get(student)
    assert reason is not None, f"{student}: expected to be reported broken; broken = {run.broken}"
    assert any(w in reason.lower() for w in words), \
        f"{student}: expected the reason to mention {' or '.join(words)}, got {reason!r}"


# --- the tests ------------------------------------------------------------------------

def test_reference_in_the_same_run_gets_full_marks(run):
    assert_score(run, "reference", FULL)
    assert "reference" not in run.broken, f"the reference was reported broken: {run.broken['reference']}"


def test_nothing_is_lost_from_the_gradebook(run):
    """Every student has an entry with all 10 graded cells worth 20 points; the database is intact."""
    missing = sorted(set(CLASS) - set(run.scores))
    assert not missing, f"expected a gradebook entry for every student; missing {missing}"
    for student in CLASS:
        got = (len(run.scores[student].cells), run.scores[student].max_score)
        assert got == (10, FULL), f"{student}: expected 10 graded cells worth {FULL:g}, got {got}"
    with sqlite3.connect(run.course.root / "gradebook.db") as con:
        check = con.execute("PRAGMA integrity_check").fetchone()[0]
    assert check == "ok", f"gradebook integrity_check: expected 'ok', got {check!r}"
    unexpected = sorted(set(run.broken) - set(NOT_A_NOTEBOOK))
    assert not unexpected, f"expected only non-notebooks broken, also got {unexpected}"


# 1. an infinite loop
def test_infinite_loop_times_out_and_only_its_cell_is_lost(run):
    """The loop cell is interrupted after the timeout; later cells still run (cophenetic passes)."""
    assert_score(run, "infinite-loop", FULL - CUT_POINTS)
    assert run.cell("infinite-loop", "cophenetic_matches_scipy") == 2, \
        "expected cophenetic_matches_scipy (after the loop) to pass: the kernel was not interrupted"
    out = run.answer_outputs("infinite-loop", "cut")
    assert "KeyboardInterrupt" in out or "Timeout" in out, f"expected an interrupt in the loop cell, got {out!r}"


# 2. runaway memory
def test_runaway_memory_stops_at_the_kernel_limit(run):
    """50 GiB of arrays: MemoryError at the sandbox's 2 GiB address-space limit; the kernel lives on."""
    assert_score(run, "memory-hog", FULL - CUT_POINTS)
    out = run.answer_outputs("memory-hog", "cut")
    assert "MemoryError" in out, f"expected a MemoryError in the hog's cell, got {out[:300]!r}"


# 3. sys.exit, os._exit, a crash
def test_sys_exit_is_an_error_of_its_cell_only(run):
    assert_score(run, "sys-exit", FULL - CUT_POINTS)
    out = run.answer_outputs("sys-exit", "cut")
    assert "SystemExit" in out, f"expected SystemExit in the cell's output, got {out[:300]!r}"


@pytest.mark.parametrize("student", ["os-exit", "segfault"])
def test_dead_kernel_costs_the_cells_after_it_and_says_why(run, student):
    """A kernel that dies in the cut cell: the tests before keep their points, cut's and cophenetic's fail, saying so.

    The tests run in the grader's own kernel (coursetool.nbgrader_plugins.trusted_execute), so the student's kernel
    dying fails only what needed it; the submission is graded, not lost.
    """
    assert_score(run, student, FULL - CUT_POINTS - 2)
    assert run.cell(student, "agglomerate_matches_scipy") == 4, "a test before the crash lost its points"
    assert student not in run.broken, f"{student}: graded, not broken; got {run.broken.get(student)!r}"
    out = run.test_outputs(student, "cut_matches_fcluster")
    assert "died" in out, f"expected the cut test to say the kernel died, got {out!r}"


# 4. tampered test cells
def test_test_cells_edited_to_pass_are_restored(run):
    """Wrong cut with both its test cells edited to `pass`: the restored tests take the 3 cut points."""
    assert_score(run, "test-edited", FULL - CUT_POINTS)
    source = notebooks.test_cells(run.notebook("test-edited"))["cut_matches_fcluster"].source
    assert "expect_same_partition" in source, f"expected the test restored, got source {source!r}"


def test_deleted_test_cell_is_restored_and_graded(run):
    """Wrong cophenetic with its test cell deleted: restored, graded, its 2 points lost."""
    assert_score(run, "test-deleted", FULL - 2)
    assert run.cell("test-deleted", "cophenetic_matches_scipy") == 0, \
        "expected the restored cophenetic_matches_scipy to score 0 for a wrong cophenetic"


# 5. a duplicated grade id
def test_duplicated_grade_id_is_graded_once(run):
    """Copied answer and test cells: graded as the reference (needs coursetool.nbgrader_plugins.preprocessors.DeduplicateIds)."""
    assert_score(run, "duplicate-id", FULL)
    ids = [c.metadata.get("nbgrader", {}).get("grade_id") for c in run.notebook("duplicate-id").cells]
    assert ids.count("cut_matches_fcluster") == 1, \
        f"expected one cell with grade id cut_matches_fcluster, got {ids.count('cut_matches_fcluster')}"


# 6. megabytes of output
def test_output_flood_is_truncated(run):
    """10 MB printed: full marks, and the autograded notebook stays small (LimitOutput)."""
    assert_score(run, "output-flood", FULL)
    size = run.course.notebook_path("autograded", LAB, "output-flood").stat().st_size
    assert size < 1_000_000, f"expected the autograded notebook under 1 MB after LimitOutput, got {size} bytes"


# 7. not a notebook of this lab
def test_invalid_json_scores_zero_and_is_reported(run):
    assert_broken(run, "invalid-json", "json")


def test_empty_file_scores_zero_and_is_reported(run):
    assert_broken(run, "empty-file", "json")


def test_misnamed_notebook_scores_zero_and_is_reported(run):
    assert_broken(run, "misnamed", "notebook")


# 8. reaching outside the sandbox
def test_student_code_cannot_reach_tests_gradebook_or_other_students(run):
    attempts = snoop_attempts(run.answer_outputs("snooper", "single_heights"))
    assert len(attempts) == 13, f"expected 13 attempts recorded, got {len(attempts)}: {sorted(attempts)}"
    got_through = {k: v for k, v in attempts.items() if v.startswith("ok")}
    assert not got_through, f"expected every attempt to fail inside the sandbox; these succeeded: {got_through}"
    written = [f for f in SNOOPED_FILES if (run.course.root / f).exists()]
    assert not written, f"expected no file written by the snooper in the course, found {written}"
    assert_score(run, "snooper", FULL)


def test_the_same_snooping_succeeds_without_the_sandbox(run, local_server):
    """Control: the snooping code, run in the snooper's folder without the sandbox, gets everywhere."""
    course = run.course
    here = course.root / "autograded" / "snooper" / LAB
    env = {**os.environ, "NBGRADER_DB_URL": course.db_url}
    try:
        proc = subprocess.run([sys.executable, "-c", snoop_code(course.root, local_server)], cwd=here, env=env,
                              capture_output=True, text=True, timeout=60)
    finally:
        for f in SNOOPED_FILES:
            (course.root / f).unlink(missing_ok=True)
    assert proc.returncode == 0, f"the control run failed (exit {proc.returncode}): {proc.stderr[-1000:]}"
    attempts = snoop_attempts(proc.stdout)
    blocked = {k: v for k, v in attempts.items() if not v.startswith("ok")}
    assert not blocked, f"expected every attempt to succeed without the sandbox; these failed: {blocked}"
