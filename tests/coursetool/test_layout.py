"""One owner of the course's paths (coursetool.layout), and a course found from where the tool runs."""

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import clustercourse
import coursetool
from coursetool import layout
from coursetool.layout import STEPS, CourseLayout

COURSE = layout.current()
PACKAGES = [Path(clustercourse.__file__).parent, Path(coursetool.__file__).parent]


def hand_built_paths(source):
    """Lines of ``source`` that join one of nbgrader's step folders onto a path (``x / "release"``)."""
    return [node.lineno for node in ast.walk(ast.parse(source))
            if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div)
            and isinstance(node.right, ast.Constant) and node.right.value in STEPS]


def test_the_check_finds_a_path_built_by_hand():
    """Control: the scan sees ``root / "submitted"`` (and not a division by a number or another name)."""
    assert hand_built_paths('p = root / "submitted" / s\nq = 1 / 2\nr = root / "data"\n') == [1]


def test_no_module_but_the_layout_builds_a_course_path():
    offenders = {}
    for package in PACKAGES:
        for path in sorted(package.rglob("*.py")):
            if path == Path(layout.__file__):
                continue
            lines = hand_built_paths(path.read_text())
            if lines:
                offenders[str(path.relative_to(package.parent))] = lines
    assert not offenders, f"course paths built outside coursetool/layout.py (file: lines): {offenders}"


def test_paths_of_a_course():
    here = CourseLayout("/srv/course")
    assert here.notebook("source", "lab1_linkage") == Path("/srv/course/source/lab1_linkage/lab1_linkage.ipynb")
    assert here.lab_dir("autograded", "lab2_kmeans", "bo") == Path("/srv/course/autograded/bo/lab2_kmeans")
    with pytest.raises(ValueError, match="student"):
        here.lab_dir("feedback", "lab2_kmeans")
    with pytest.raises(ValueError, match="step must be one of"):
        here.step("graded")
    assert COURSE.variants("lab3_gmm1d", "mutant").is_dir()
    with pytest.raises(ValueError, match="lab must be one of"):
        COURSE.check_lab("lab9")


def test_the_course_is_found_from_a_folder_inside_it_or_named(tmp_path, monkeypatch):
    monkeypatch.delenv(layout.ENV_COURSE, raising=False)
    assert layout.find_course(COURSE.lab_dir("source", "lab1_linkage")) == COURSE.root
    with pytest.raises(ValueError, match="no course folder"):
        layout.find_course(tmp_path)
    monkeypatch.setenv(layout.ENV_COURSE, str(tmp_path))
    with pytest.raises(ValueError, match="is not a course folder"):
        layout.find_course()


def _copy_of_the_course(dest):
    """The course's files as a clone has them (no .git, no environment, no generated class)."""
    skip = {".git", ".venv", "demo", "__pycache__", ".pytest_cache", "build", "gradebook.db"}
    shutil.copytree(COURSE.root, dest, ignore=lambda d, names: [n for n in names if n in skip or
                                                                 n.endswith(".egg-info")])
    return dest


@pytest.mark.slow
def test_an_installed_tool_works_on_a_course_given_by_path(tmp_path):
    """``pip install .`` (not editable) into a new venv; from an unrelated folder, ``course build`` and
    ``course check`` work on a copy of the course named with --course, with the installed packages."""
    clone = _copy_of_the_course(tmp_path / "clone")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               capture_output=True, text=True, check=True).stdout.strip())
    # the dependencies (numpy, nbgrader, ...) of this environment, as a plain path (its own .pth files, the
    # editable install of the clone among them, are not read from there)
    this_site = Path(subprocess.run([sys.executable, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                    capture_output=True, text=True, check=True).stdout.strip())
    (site / "dependencies.pth").write_text(str(this_site) + "\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CLUSTERCOURSE_", "PYTHON", "VIRTUAL_ENV"))}
    # the new venv first; the dependencies' own commands (nbgrader runs `alembic`) after it
    env["PATH"] = os.pathsep.join([str(venv / "bin"), str(Path(sys.executable).parent), env["PATH"]])
    env["JUPYTER_PATH"] = str(Path(sys.prefix) / "share" / "jupyter")    # and their data (nbconvert's templates)
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
                    str(clone)], check=True, env=env, cwd=tmp_path)
    where = subprocess.run([str(python), "-c", "import clustercourse, coursetool; "
                            "print(clustercourse.__file__); print(coursetool.__file__)"],
                           capture_output=True, text=True, check=True, env=env, cwd=tmp_path).stdout.split()
    assert all(Path(w).is_relative_to(site) for w in where), f"not the installed packages: {where}"
    course = str(venv / "bin" / "course")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    refused = subprocess.run([course, "stale", "lab1_linkage"], capture_output=True, text=True, env=env, cwd=outside)
    assert refused.returncode == 2 and "no course folder" in refused.stderr, refused.stderr
    for command in (["build", "--force"], ["check"], ["stale"]):
        run = subprocess.run([course, command[0], "lab1_linkage", "--course", str(clone), *command[1:]],
                             capture_output=True, text=True, env=env, cwd=outside, timeout=900)
        assert run.returncode == 0, f"course {' '.join(command)}: {run.stdout[-2000:]}{run.stderr[-3000:]}"
    assert (clone / "solutions" / "lab1_linkage" / "lab1_linkage.html").is_file()
    assert "ok" in run.stdout or "fresh" in run.stdout
