"""Notebooks as the course tool reads them: files, nbgrader's cells, error outputs.

Which cell is an answer or a test is nbgrader's business (:mod:`nbgrader.utils`:
``is_solution``, ``is_grade``); this module only names them by grade id.
"""

from pathlib import Path

import nbformat
from nbgrader import utils as nbutils

#: The nbformat major version every notebook of the course is read as.
NOTEBOOK_VERSION = 4


def read_notebook(path):
    """Read a notebook file as an nbformat v4 node."""
    return nbformat.read(str(path), as_version=NOTEBOOK_VERSION)


def write_notebook(nb, path):
    """Write ``nb`` to ``path``, creating its folder; returns the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(path))
    return path


def answer_cells(nb):
    """grade_id -> cell for every answer (solution) cell of a notebook."""
    return {c.metadata["nbgrader"]["grade_id"]: c for c in nb.cells if nbutils.is_solution(c)}


def test_cells(nb):
    """grade_id -> cell for every graded test cell (a code cell) of a notebook."""
    return {c.metadata["nbgrader"]["grade_id"]: c for c in nb.cells if nbutils.is_grade(c) and c.cell_type == "code"}


def error_outputs(cell):
    """The error outputs of an executed cell, in order."""
    return [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]


def first_error(cell):
    """``"ErrorName: message"`` of a cell's first error output, or None."""
    errors = error_outputs(cell)
    return f"{errors[0].get('ename')}: {errors[0].get('evalue')}" if errors else None


def error_cells(nb):
    """``(index, error name)`` of every error output of an executed notebook."""
    return [(i, o.get("ename")) for i, c in enumerate(nb.cells) for o in error_outputs(c)]


#: The lines that open and close a solution region in an answer cell (nbgrader's defaults).
SOLUTION_MARKERS = ("### BEGIN SOLUTION", "### END SOLUTION")


def without_solution_markers(source):
    """An answer cell's source with the lines that only mark its solution region removed."""
    return "".join(line for line in source.splitlines(keepends=True) if line.strip() not in SOLUTION_MARKERS)
