"""A submission's kernels that die while starting are started once more (``TrustedExecute.start_attempts``).

A kernel can die before it runs any code for reasons that have nothing to do with the
hand-in (a machine short of memory, a signal meant for another process): the submission
is then graded with two new kernels rather than reported as ungradable. The control
grades the same hand-in with one attempt only, and it cannot be graded.
"""

import json
import sys

import pytest

from coursetool.proof import variants as V
from coursetool.nbgrader_course import Course, NbgraderError

LAB = "lab1_linkage"
#: A kernel's command that exits at once the first time it is started, then runs ipykernel.
DIES_ONCE = """import os, pathlib, sys
count = pathlib.Path({count!r})
started = int(count.read_text()) if count.exists() else 0
count.write_text(str(started + 1))
if started == 0:
    sys.exit(1)
os.execv(sys.executable, [sys.executable, "-m", "ipykernel_launcher", *sys.argv[1:]])
"""


@pytest.fixture
def dies_once(tmp_path, monkeypatch):
    """A ``python3`` kernelspec on JUPYTER_PATH that dies once; returns the file counting its starts.

    (nbgrader gives a submission the kernelspec of the course's notebook whatever the
    hand-in says, so the course's own ``python3`` is replaced, and the student's kernel
    is started from it rather than forked.)
    """
    count = tmp_path / "starts"
    script = tmp_path / "dies_once.py"
    script.write_text(DIES_ONCE.format(count=str(count)))
    spec = tmp_path / "jupyter" / "kernels" / "python3"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, str(script), "-f", "{connection_file}"],
        "display_name": "dies once", "language": "python"}))
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    monkeypatch.delenv("MPLBACKEND", raising=False)
    return count


def _course_with_reference(tmp_path):
    course = Course.scratch([LAB], parent=tmp_path)
    course.generate(LAB)
    course.submit("reference", LAB, V.reference(LAB))
    return course


def test_a_kernel_that_dies_while_starting_is_replaced(dies_once, tmp_path):
    course = _course_with_reference(tmp_path)
    course.convert("Autograde", LAB, "reference", TrustedExecute={"fork_kernels": False})
    grade = course.grades(LAB)["reference"]
    assert dies_once.read_text() == "2", "the student's kernel was started once more after it died"
    assert grade.score == grade.max_score > 0


def test_control_one_attempt_leaves_the_submission_ungraded(dies_once, tmp_path):
    course = _course_with_reference(tmp_path)
    with pytest.raises(NbgraderError, match="Kernel died"):
        course.convert("Autograde", LAB, "reference", TrustedExecute={"fork_kernels": False, "start_attempts": 1})
    assert dies_once.read_text() == "1"
