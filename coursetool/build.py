"""Build the generated folders from ``source/``: ``release/`` and ``solutions/``.

* ``release/<lab>/`` is what ``nbgrader generate_assignment`` makes of the source;
* ``solutions/<lab>/`` is what ``nbgrader generate_solution`` makes of it (the
  instructor notebook, executed), plus an HTML rendering for reading.

Both are committed and never edited by hand; :func:`stale` tells whether they
still match ``source/``.
"""

import hashlib
import json
import shutil

from coursetool import layout
from coursetool.nbgrader_course import Course
from coursetool.notebooks import error_cells, read_notebook, write_notebook

DIGEST_KEY = "clustercourse_source_sha256"


def source_digest(lab, course=None):
    """SHA-256 of everything in ``course``'s source notebook of ``lab`` that a solution must reflect."""
    where = (course or _current()).layout
    nb = read_notebook(where.notebook("source", where.check_lab(lab)))
    cells = [{"type": c.cell_type, "source": c.source, "nbgrader": c.metadata.get("nbgrader")}
             for c in nb.cells]
    return hashlib.sha256(json.dumps(cells, sort_keys=True).encode()).hexdigest()


def _current():
    return Course(layout.current().root)


def build_release(lab, course=None):
    """``nbgrader generate_assignment`` into ``release/<lab>`` (of the current course by default)."""
    course = course or _current()
    course.generate(lab)
    return course.layout.lab_dir("release", lab)


def build_solution(lab, course=None):
    """``nbgrader generate_solution`` into ``solutions/<lab>``, stamped, plus an HTML copy.

    Raises RuntimeError if any cell of the executed solution raised an error.
    """
    from nbconvert import HTMLExporter

    course = course or _current()
    out = course.layout.solutions(lab)
    if out.exists():
        shutil.rmtree(out)
    # nbgrader executes the solution in source/<lab>: files it writes there (a notebook that
    # exports a CSV) must not end up in the next release.
    source = course.layout.lab_dir("source", lab)
    before = {p for p in source.rglob("*")}
    try:
        course.generate_solution(lab)
    finally:
        for p in sorted(set(source.rglob("*")) - before, reverse=True):
            shutil.rmtree(p) if p.is_dir() else p.unlink()
    path = out / f"{lab}.ipynb"
    nb = read_notebook(path)
    errors = error_cells(nb)
    if errors:
        raise RuntimeError(f"the solution of {lab} raised errors in cells {errors}; see {path}")
    digest = source_digest(lab, course)
    nb.metadata[DIGEST_KEY] = digest
    write_notebook(nb, path)
    html, _ = HTMLExporter().from_notebook_node(nb)
    html = html.replace("<head>", f'<head>\n<meta name="{DIGEST_KEY}" content="{digest}">', 1)
    (out / f"{lab}.html").write_text(html)
    return out


def _comparable(nb):
    return [{"type": c.cell_type, "source": c.source, "metadata": dict(c.metadata)}
            for c in nb.cells]


def stale(lab, course=None):
    """What in ``release/<lab>`` and ``solutions/<lab>`` no longer matches ``source/<lab>`` (of ``course``).

    Regenerates the release in a scratch course and compares it with the
    committed one; checks the solution notebook and its HTML carry the digest
    of the current source. Returns a list of problems (empty when fresh).
    """
    course = course or _current()
    problems = []
    scratch = Course.scratch([lab], origin=course.layout)
    try:
        scratch.generate(lab)
        fresh_dir, committed_dir = scratch.layout.lab_dir("release", lab), course.layout.lab_dir("release", lab)
        fresh = {p.relative_to(fresh_dir) for p in fresh_dir.rglob("*") if p.is_file()}
        committed = ({p.relative_to(committed_dir) for p in committed_dir.rglob("*") if p.is_file()}
                     if committed_dir.exists() else set())
        if fresh != committed:
            problems.append(f"release/{lab} holds {sorted(map(str, committed))}, "
                            f"but the source generates {sorted(map(str, fresh))}")
        for rel in sorted(fresh & committed):
            a, b = fresh_dir / rel, committed_dir / rel
            if rel.suffix == ".ipynb":
                if _comparable(read_notebook(a)) != _comparable(read_notebook(b)):
                    problems.append(f"release/{lab}/{rel} differs from what source/{lab} generates")
            elif a.read_bytes() != b.read_bytes():
                problems.append(f"release/{lab}/{rel} differs from source/{lab}/{rel}")
    finally:
        shutil.rmtree(scratch.root, ignore_errors=True)

    digest = source_digest(lab, course)
    solution = course.layout.solution(lab)
    html = solution.with_suffix(".html")
    if not solution.exists() or read_notebook(solution).metadata.get(DIGEST_KEY) != digest:
        problems.append(f"solutions/{lab}/{lab}.ipynb was not built from the current source")
    if not html.exists() or f'content="{digest}"' not in html.read_text():
        problems.append(f"solutions/{lab}/{lab}.html was not built from the current source")
    return problems


def available_labs(course=None):
    """The labs that have a source notebook, in course order."""
    return (course or _current()).layout.built_labs()

