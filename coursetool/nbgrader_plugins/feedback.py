"""Feedback that never shows hidden tests (nbgrader issues #917 and #1363).

nbgrader's feedback HTML is rendered from the autograded notebook, whose test
cells hold the hidden tests again, and whose tracebacks quote the failing
hidden line. ``nbgrader_config.py`` puts :class:`HideHiddenTests` in the
``generate_feedback`` pipeline: it removes the hidden regions from test cells
(with nbgrader's own ``ClearHiddenTests``), drops their stderr (a warning
quotes its source line) and shortens every error in a test cell to its
one-line message, which the checks write to say what was expected
and what the student's code returned. :class:`NameGradedCells` then names each
graded cell for the page's table of contents (``templates/clustercourse_feedback``):
its grade id, what it checks (the first line of its docstring), and its first
failure message.
"""

import ast


from nbgrader import utils as nbutils
from nbgrader.preprocessors import ClearHiddenTests
from nbgrader.preprocessors.base import NbGraderPreprocessor

from coursetool.notebooks import first_error


class HideHiddenTests(NbGraderPreprocessor):
    """Strip hidden tests and their tracebacks from graded test cells."""

    def preprocess(self, nb, resources):
        clear = ClearHiddenTests(enforce_metadata=False)
        for cell in nb.cells:
            if cell.cell_type != "code" or not nbutils.is_grade(cell):
                continue
            clear.preprocess_cell(cell, resources, 0)
            # stderr (warnings) may quote a hidden line: dropped; stdout is kept
            cell.outputs = [o for o in cell.get("outputs", [])
                            if not (o.get("output_type") == "stream" and o.get("name") == "stderr")]
            for output in cell.outputs:
                if output.get("output_type") == "error":
                    output["traceback"] = [f"{output.get('ename')}: {output.get('evalue')}"]
        return nb, resources


#: Where NameGradedCells leaves each graded cell's name for the feedback template.
NAME_KEY = "clustercourse_feedback"


def what_it_checks(source):
    """The first line of a test cell's docstring (what it checks), or '' if it has none."""
    try:
        doc = ast.get_docstring(ast.parse(source)) or ""
    except SyntaxError:
        return ""
    return doc.strip().splitlines()[0] if doc.strip() else ""


class NameGradedCells(NbGraderPreprocessor):
    """For the feedback page's table: each graded cell's behaviour in words, and its first failure.

    Runs after :class:`HideHiddenTests` (so a message is the one-line, hidden-free one) and after
    nbgrader's ``GetGrades`` (which puts the score in the cell's metadata).
    """

    def preprocess(self, nb, resources):
        for cell in nb.cells:
            meta = cell.metadata.get("nbgrader", {})
            if not nbutils.is_grade(cell):
                continue
            score, points = meta.get("score"), meta.get("points")
            lost = score is not None and points is not None and float(score) < float(points)
            if nbutils.is_solution(cell):
                checks = "your answer, graded by your instructor"
            else:
                checks = what_it_checks(cell.source) or meta.get("grade_id", "")
            cell.metadata[NAME_KEY] = {"checks": checks, "lost": lost, "failure": first_error(cell) if lost else None}
        return nb, resources
