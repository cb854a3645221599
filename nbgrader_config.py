"""nbgrader configuration of the clustering course.

Every nbgrader command run from this folder reads it; so does the course tool
(``course build|check|grade|demo``).
"""
import os
from pathlib import Path

c = get_config()  # noqa: F821 (provided by nbgrader when it loads this file)

#: The five labs, in teaching order. ``course build`` adds each one to the gradebook.
ASSIGNMENTS = [
    "lab1_linkage",
    "lab2_kmeans",
    "lab3_gmm1d",
    "lab4_gmm",
    "lab5_catalogue",
]

HERE = Path(__file__).resolve().parent

c.CourseDirectory.root = str(HERE)
c.CourseDirectory.course_id = "clustering"
c.CourseDirectory.solution_directory = "solutions"

# The gradebook: SQLite next to this file unless an instructor points it
# elsewhere, e.g. NBGRADER_DB_URL=postgresql://user:pass@host/gradebook
c.CourseDirectory.db_url = os.environ.get(
    "NBGRADER_DB_URL", f"sqlite:///{HERE / 'gradebook.db'}")

# Execution limits while grading: no cell may run longer than this, and a
# runaway print loop cannot flood the feedback.
c.Execute.timeout = 60
c.Execute.interrupt_on_timeout = True
c.LimitOutput.max_lines = 1000
c.LimitOutput.max_traceback = 100

# What students see where a solution was removed.
c.ClearSolutions.code_stub = {
    "python": "# YOUR CODE HERE\nraise NotImplementedError()",
}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# A student who deletes a graded test cell gets it back at autograde.
c.OverwriteCells.add_missing_cells = True
# ... and one who copies a cell (a grade id twice) is still graded: nbgrader's
# own DeduplicateIds leaves metadata that add_missing_cells crashes on.
c.Autograde.sanitize_preprocessors = [
    "nbgrader.preprocessors.ClearOutput",
    "coursetool.nbgrader_plugins.preprocessors.DeduplicateIds",
    "nbgrader.preprocessors.OverwriteKernelspec",
    "nbgrader.preprocessors.OverwriteCells",
    "nbgrader.preprocessors.CheckCellMetadata",
]

# Autograde runs test cells in a trusted kernel of their own and the student's cells in the
# student's (sandboxed) kernel: see coursetool/nbgrader_plugins/trusted_execute.py. Everything after the
# execution step is nbgrader's own.
c.Autograde.autograde_preprocessors = [
    "coursetool.nbgrader_plugins.trusted_execute.TrustedExecute",
    "nbgrader.preprocessors.IgnorePattern",
    "nbconvert.preprocessors.ClearMetadataPreprocessor",
    "nbgrader.preprocessors.LimitOutput",
    "nbgrader.preprocessors.SaveAutoGrades",
    "coursetool.nbgrader_plugins.suspicion.FlagForManualGrading",
    "nbgrader.preprocessors.AssignLatePenalties",
    "nbgrader.preprocessors.CheckCellMetadata",
]

# Every lab is graded with two kernels (test cells in the trusted one). An assignment whose hidden tests
# still patch the notebook's globals, as nbgrader's examples do, can be listed here to be graded the
# stock way, in one kernel, where student code can reach its tests.
c.TrustedExecute.single_kernel_assignments = []

# Ignore editor and cache litter when copying assignment folders.
c.CourseDirectory.ignore = [
    ".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback",
]

# Feedback shows the visible tests and each failure's message, never the
# hidden tests nor tracebacks through them (nbgrader issues #917, #1363).
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "coursetool.nbgrader_plugins.feedback.HideHiddenTests",
    "coursetool.nbgrader_plugins.feedback.NameGradedCells",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
]
# ... on a page whose table names each graded cell by what it checks, with its score and first failure
# (coursetool/nbgrader_plugins/templates/clustercourse_feedback/named_cells.html.j2, which extends nbgrader's feedback page).
# The page is nbconvert's HTML, made without nbconvert's second pass over it (feedback.FeedbackHTMLExporter).
import coursetool.nbgrader_plugins as _plugins  # noqa: E402
import nbgrader as _nbgrader  # noqa: E402

c.GenerateFeedback.exporter_class = "coursetool.nbgrader_plugins.feedback.FeedbackHTMLExporter"
c.HTMLExporter.template_name = "clustercourse_feedback"
c.HTMLExporter.template_file = "named_cells.html.j2"
c.HTMLExporter.extra_template_basedirs = [
    str(Path(_plugins.__file__).parent / "templates"),
    str(Path(_nbgrader.__file__).parent / "server_extensions" / "formgrader" / "templates"),
]

# `nbgrader zip_collect` (and `course grade --zip-collect`): how to read an LMS
# download's file names, e.g. lab1_linkage_ada_attempt_2026-11-20-10-00-00_lab1_linkage.ipynb
c.FileNameCollectorPlugin.named_regexp = (
    r".*_(?P<student_id>[^_]+)_attempt_(?P<timestamp>[0-9\-]+)_(?P<file_id>.*)"
)
c.ZipCollectApp.archive_directory = "archive"
