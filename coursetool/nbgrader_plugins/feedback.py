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
import re

from nbconvert.exporters import HTMLExporter, TemplateExporter
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


class FeedbackHTMLExporter(HTMLExporter):
    """nbconvert's HTML exporter, less a second pass over every page that this template does not need.

    nbconvert 7 re-reads each page it renders with BeautifulSoup's pure-Python parser to give images
    without alternative text one, and to make JupyterLab-style input and output areas focusable; that
    pass was two thirds of the time of a feedback page (1.3 of 2.1 s, profiled). The feedback
    template is nbconvert's *classic* one (through nbgrader's), which has no such areas, so this
    exporter only adds the same alternative text, by a pattern on the ``<img`` tags this template writes.
    A page that does have JupyterLab areas (another template) gets nbconvert's own pass.
    """

    def from_notebook_node(self, nb, resources=None, **kw):
        try:
            from nbconvert.filters.highlight import Highlight2HTML
            from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

            # what HTMLExporter.from_notebook_node does before it renders (nbconvert 7)
            langinfo = nb.metadata.get("language_info", {})
            lexer = langinfo.get("pygments_lexer", langinfo.get("name", None))
            self.register_filter("highlight_code",
                                 self.filters.get("highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self)))
            resources = self._init_resources(resources)
            self.register_filter("filter_data_type", WidgetsDataTypeFilter(
                notebook_metadata=self._nb_metadata, parent=self, resources=resources))
        except (ImportError, AttributeError):        # another nbconvert: its own way, whole
            return super().from_notebook_node(nb, resources, **kw)
        page, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
        if _LAB_AREAS in page:
            return super().from_notebook_node(nb, resources, **kw)
        page, missing = _IMG_WITHOUT_ALT.subn(f'<img alt="{_NO_ALT}"', page)
        if missing:
            self.log.warning("Alternative text is missing on %s image(s).", missing)
        return page, resources


#: nbconvert's alternative text for an image that has none, and the tags that need it.
_NO_ALT = "No description has been provided for this image"
_IMG_WITHOUT_ALT = re.compile(r"<img(?![^>]*\balt=)(?=[\s>/])", re.IGNORECASE)
#: A class of the JupyterLab templates' input areas (which nbconvert's own pass makes focusable).
_LAB_AREAS = "jp-Cell-inputWrapper"
