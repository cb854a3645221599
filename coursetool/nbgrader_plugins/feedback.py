"""Feedback that never shows hidden tests (nbgrader issues #917 and #1363).

nbgrader's feedback HTML is rendered from the autograded notebook, whose test
cells hold the hidden tests again, and whose tracebacks quote the failing
hidden line. ``nbgrader_config.py`` puts :class:`HideHiddenTests` in the
``generate_feedback`` pipeline: it removes the hidden regions from test cells
(with nbgrader's own ``ClearHiddenTests``), drops their stderr (a warning
quotes its source line) and shortens every error in a test cell to its
one-line message, which the checks write to say what was expected
and what the student's code returned.
"""

from nbgrader import utils as nbutils
from nbgrader.preprocessors import ClearHiddenTests
from nbgrader.preprocessors.base import NbGraderPreprocessor


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
