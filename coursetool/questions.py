"""Graded questions, numbered and announced: a heading before each answer cell, a success line after each test.

For a source notebook, :func:`questions` lists its graded questions: each answer cell with the test
cells that follow it (up to the next answer cell) and their points. :func:`number` writes what a student
should see of them into the notebook: a heading cell "Question n.m (k points)" just before each answer
cell, and ``checks.passed(grade_id, points)`` as the last line of each test cell (which prints one line
when the cell's checks pass). It is idempotent, so ``course number`` can be run after any edit of the
points and a test can check that a notebook is up to date (``number(copy) == notebook``).
"""

import copy
import re
from dataclasses import dataclass

import nbformat
from nbgrader import utils as nbutils

#: Marks a heading cell written by :func:`number` (in the cell's metadata) with its answer's grade id.
HEADING_KEY = "clustercourse_question"
_PASSED = re.compile(r"\n*checks\.passed\([^\n]*\)\s*$")


@dataclass
class Question:
    number: str           # "3.2": the lab's number, then the question's
    answer: str           # the answer cell's grade id
    tests: list           # [(grade_id, points)] of the test cells that grade it

    @property
    def points(self):
        return sum(p for _, p in self.tests)

    @property
    def heading(self):
        points = f"{self.points:g} point{'' if self.points == 1 else 's'}"
        return f"#### Question {self.number} ({points})"


def _lab_number(nb, lab):
    found = re.match(r"lab(\d+)_", lab or "")
    return found.group(1) if found else "1"


def questions(nb, lab=None):
    """The graded questions of ``nb`` in order (answer cells without a test after them are left out)."""
    out, current = [], None
    lab_no = _lab_number(nb, lab)
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if nbutils.is_solution(cell) and cell.cell_type == "code":
            current = Question("", meta["grade_id"], [])
            out.append(current)
        elif nbutils.is_grade(cell) and cell.cell_type == "code" and current is not None:
            current.tests.append((meta["grade_id"], float(meta.get("points", 0))))
    out = [q for q in out if q.tests]
    for i, q in enumerate(out, 1):
        q.number = f"{lab_no}.{i}"
    return out


def passed_line(grade_id, points):
    return f"checks.passed({grade_id!r}, {points:g})"


def number(nb, lab=None):
    """Write the headings and success lines of ``nb``'s questions into it (in place); returns ``nb``."""
    nb.cells = [c for c in nb.cells if HEADING_KEY not in c.metadata]
    by_answer = {q.answer: q for q in questions(nb, lab)}
    points = {g: p for q in by_answer.values() for g, p in q.tests}
    cells = []
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if nbutils.is_solution(cell) and meta.get("grade_id") in by_answer:
            q = by_answer[meta["grade_id"]]
            heading = nbformat.v4.new_markdown_cell(q.heading, metadata={HEADING_KEY: q.answer})
            heading.id = f"question-{q.answer}"[:64]         # the same cell each time it is numbered
            cells.append(heading)
        if nbutils.is_grade(cell) and cell.cell_type == "code" and meta.get("grade_id") in points:
            body = _PASSED.sub("", cell.source.rstrip())
            cell.source = f"{body}\n{passed_line(meta['grade_id'], points[meta['grade_id']])}"
        cells.append(cell)
    nb.cells = cells
    return nb


def up_to_date(nb, lab=None):
    """Whether ``nb`` already has the headings and success lines :func:`number` would write."""
    fresh = number(copy.deepcopy(nb), lab)
    return [c.source for c in fresh.cells] == [c.source for c in nb.cells]
