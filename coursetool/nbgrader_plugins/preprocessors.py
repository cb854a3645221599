"""nbgrader preprocessors the course configures in ``nbgrader_config.py``."""

from nbgrader.preprocessors import DeduplicateIds as _NbgraderDeduplicateIds


class DeduplicateIds(_NbgraderDeduplicateIds):
    """nbgrader's ``DeduplicateIds``, without the crash on a copied cell.

    When a student copies a graded or answer cell, its ``grade_id`` appears
    twice; nbgrader keeps the last copy and empties the others' nbgrader
    metadata to ``{}``. With ``OverwriteCells.add_missing_cells = True`` (this
    course's setting) nbgrader 0.9.6 then reads ``metadata.nbgrader.grade_id``
    of every cell that has nbgrader metadata and fails the whole submission
    with ``KeyError: 'grade_id'`` (see its issue #1083). This version removes
    such metadata altogether, so the copy is an ordinary cell and the
    submission is graded.
    """

    def preprocess_cell(self, cell, resources, cell_index):
        cell, resources = super().preprocess_cell(cell, resources, cell_index)
        if "nbgrader" in cell.metadata and "grade_id" not in cell.metadata["nbgrader"]:
            del cell.metadata["nbgrader"]
        return cell, resources
