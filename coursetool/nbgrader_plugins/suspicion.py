"""Suspicious code in a submission: reported to the instructor, never silently graded.

Trusted grading (:mod:`coursetool.nbgrader_plugins.trusted_execute`) already makes tampering
with the student's own interpreter useless: test cells run elsewhere. Still, a
submission that tries deserves a person's look, and so does one that calls the
library routine a lab asks the student to write (SciPy's ``fcluster`` in lab 1's
``cut``). :func:`scan` reads the code of a student's cell (it runs nothing);
:class:`FlagForManualGrading` marks the graded cells concerned for manual
grading in the gradebook (nbgrader's ``needs_manual_grade``), with the reason as
the cell's automatic comment, which formgrader shows.

What counts (each with the reason given):

* the interpreter's machinery: IPython (``get_ipython``, hooks, transformers),
  tracing and frames (``sys.settrace``, ``sys._getframe``, ``inspect``, ``gc``),
  ``builtins``, ``sys.modules``, ``ctypes``, ``signal``, ``exec``/``eval``;
* monkeypatching: assigning an attribute of an imported module
  (``np.allclose = ...``), ``setattr`` on one, or a function's ``__code__``;
* a forbidden routine, listed per answer cell in the notebook's metadata
  (``metadata.clustercourse.forbidden = {"cut": ["fcluster"]}``), named in code
  or in a string.

A static reading can be evaded (``getattr(__import__("bu" + "iltins"), ...)``
is still caught by its ``__import__``, but not every disguise is); the grade
does not depend on this scan, which only adds a person's review.
"""

import ast

from nbgrader.preprocessors.base import NbGraderPreprocessor

#: Metadata key (on a graded cell) holding the reasons found, written by the executor.
FLAG_KEY = "clustercourse_flags"

_MODULES = {
    "IPython": "uses IPython's machinery", "builtins": "changes or reads builtins",
    "inspect": "inspects frames or source", "gc": "walks the garbage collector's objects",
    "ctypes": "uses ctypes", "signal": "changes signal handlers", "importlib": "reloads or imports modules by name",
    "sys": None,  # only some of sys: see _SYS
}
_SYS = {"settrace", "setprofile", "_getframe", "modules", "excepthook", "displayhook", "meta_path",
        "path_hooks", "setrecursionlimit", "addaudithook", "monitoring"}
_NAMES = {"get_ipython": "uses IPython's machinery (get_ipython)", "__builtins__": "changes or reads builtins",
          "__import__": "imports modules by name (__import__)", "exec": "runs code from a string (exec)",
          "eval": "runs code from a string (eval)", "compile": "compiles code from a string",
          "globals": "reads or changes the notebook's globals()", "In": "reads the input history",
          "Out": "reads the output history"}
_DUNDERS = {"__code__", "__globals__", "__closure__", "__builtins__", "__class__", "__subclasses__",
            "__mro__", "__dict__", "__bases__", "__func__", "__self__", "f_back", "f_globals", "f_locals",
            "gi_frame", "tb_frame"}


#: Names that are modules in every lab (the setup cells import them), besides those a cell imports itself.
COMMON_MODULES = {"np", "numpy", "pd", "pandas", "plt", "matplotlib", "scipy", "hierarchy", "stats", "checks",
                  "plotting", "datasets", "clustercourse", "math", "os", "sys", "warnings", "random", "time",
                  "itertools", "functools", "types", "sst", "ssp", "sla"}


def scan(source, forbidden=(), modules=()):
    """Reasons why the code ``source`` needs a person's review; empty if none.

    Parameters
    ----------
    source : str
        A cell's code (IPython syntax allowed).
    forbidden : iterable of str
        Names of library routines this cell must not call (the last part of a
        dotted name is enough: ``"fcluster"``).
    modules : iterable of str
        Names bound to modules elsewhere in the notebook (imports of other cells).
    """
    try:
        from IPython.core.inputtransformer2 import TransformerManager

        text = TransformerManager().transform_cell(source)
        tree = ast.parse(text)
    except SyntaxError:
        return []
    reasons = []

    def add(reason):
        if reason and reason not in reasons:
            reasons.append(reason)

    magics = "get_ipython" not in source        # names IPython's own rewriting of %magics and !commands added
    if magics and ("get_ipython().system(" in text or "get_ipython().getoutput(" in text):
        add("runs shell commands (!)")
    modules = set(COMMON_MODULES) | set(modules)
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names]
            for name in names:
                top = name.split(".")[0]
                if _MODULES.get(top):
                    add(f"imports {top}: {_MODULES[top]}")
            for alias in node.names:
                modules.add(alias.asname or alias.name.split(".")[0])
                if isinstance(node, ast.ImportFrom) and node.module == "sys" and alias.name in _SYS:
                    add(f"uses sys.{alias.name}")
    forbidden = {f.rsplit(".", 1)[-1] for f in forbidden}
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id in _NAMES and not (magics and node.id == "get_ipython"):
            add(_NAMES[node.id])
        elif isinstance(node, ast.Attribute):
            if node.attr in _DUNDERS:
                add(f"reaches into the interpreter ({node.attr})")
            base = _root(node)
            if base == "sys" and node.attr in _SYS:
                add(f"uses sys.{node.attr}")
            if isinstance(node.ctx, (ast.Store, ast.Del)) and base in modules:
                add(f"changes the imported module {ast.unparse(node.value)} (assigns {ast.unparse(node)})")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("setattr", "delattr"):
            if node.args and _root(node.args[0]) in modules:
                add(f"changes the imported module {ast.unparse(node.args[0])} ({node.func.id})")
        if forbidden:
            name = (node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute)
                    else node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None)
            for f in forbidden:
                if isinstance(name, str) and name.strip() == f:
                    add(f"calls {f}, the library routine this exercise asks you to write yourself")
    return reasons


def _root(node):
    while isinstance(node, (ast.Attribute, ast.Subscript, ast.Call)):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


def forbidden_routines(nb):
    """``{answer grade_id: [routine, ...]}``: the lab's list, in its notebook's metadata
    (``metadata.clustercourse.forbidden``)."""
    return dict(nb.metadata.get("clustercourse", {}).get("forbidden", {}))


def flag_cells(nb, student_cells, forbidden=None):
    """Write reasons into the graded cells concerned; return ``{grade_id: [reasons]}``.

    ``student_cells`` are the indices of the cells that ran in the student's
    kernel. A forbidden routine concerns the graded cells up to the next answer
    cell; tampering with the interpreter concerns every graded cell after it.
    ``forbidden`` is the lab's list (:func:`forbidden_routines` of the instructor's
    notebook: grading passes it, since a student can edit the metadata of the
    notebook handed in); without it, ``nb``'s own list.
    """
    from nbgrader import utils

    forbidden = forbidden_routines(nb) if forbidden is None else forbidden
    for cell in nb.cells:
        cell.metadata.pop(FLAG_KEY, None)         # only what this run finds counts
    flags = {}
    cells = nb.cells
    modules = set()
    for cell in cells:
        if cell.cell_type == "code":
            try:
                tree = ast.parse(cell.source)
            except SyntaxError:
                continue
            modules |= {(a.asname or a.name).split(".")[0] for node in ast.walk(tree)
                        if isinstance(node, (ast.Import, ast.ImportFrom)) for a in node.names}

    def add(gid, reasons):
        flags.setdefault(gid, [])
        flags[gid] += [r for r in reasons if r not in flags[gid]]

    for index in student_cells:
        cell = cells[index]
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        general = scan(cell.source, (), modules)
        own = [r for r in scan(cell.source, forbidden.get(grade_id, ()), modules) if r not in general]
        where = f"cell {grade_id!r}" if grade_id else f"cell {index + 1}"
        if (general or own) and grade_id:
            cell.metadata[FLAG_KEY] = general + own        # the answer cell itself: its comment says why
        in_reach = True                       # a forbidden routine concerns the tests up to the next answer cell
        for target in cells[index + 1:]:
            if utils.is_solution(target):
                in_reach = False
            if target.cell_type == "code" and utils.is_grade(target) and not utils.is_solution(target):
                reasons = general + (own if in_reach else [])
                if reasons:
                    add(target.metadata["nbgrader"]["grade_id"], [f"{where} {r}" for r in reasons])
    for cell in cells:
        gid = cell.metadata.get("nbgrader", {}).get("grade_id")
        if gid in flags:
            cell.metadata[FLAG_KEY] = flags[gid]
    return flags


class FlagForManualGrading(NbGraderPreprocessor):
    """After ``SaveAutoGrades``: graded cells with reasons need a person (``needs_manual_grade``)."""

    def preprocess(self, nb, resources):
        from nbgrader import utils
        from nbgrader.api import Gradebook, MissingEntry

        info = resources["nbgrader"]
        flagged = [c for c in nb.cells if c.metadata.get(FLAG_KEY) and "grade_id" in c.metadata.get("nbgrader", {})]
        if not flagged:
            return nb, resources
        with Gradebook(info["db_url"]) as gb:
            for cell in flagged:
                args = (cell.metadata["nbgrader"]["grade_id"], info["notebook"], info["assignment"], info["student"])
                reasons = "; ".join(cell.metadata[FLAG_KEY])
                try:
                    if utils.is_grade(cell):
                        gb.find_grade(*args).needs_manual_grade = True
                    if utils.is_solution(cell):          # nbgrader keeps comments on answer cells
                        gb.find_comment(*args).auto_comment = f"Marked for review by your instructor: {reasons}."
                except MissingEntry:
                    self.log.warning("no gradebook entry for flagged cell %s", args[0])
            gb.db.commit()
        return nb, resources
