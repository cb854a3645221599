"""Submissions to prove a lab's autograder with: reference, blank, mutants, alternatives.

* the **reference** is the instructor's source notebook, submitted as it is;
* the **blank** is the student release, untouched;
* a **mutant** is the reference with one or more answer cells replaced by a
  realistic wrong implementation; it must lose points in the cells it names;
* an **alternative** is the reference with answer cells replaced by a valid but
  differently written implementation; it must keep full marks.

Mutants and alternatives are small Python files in ``tests/<lab>/mutants/``
and ``tests/<lab>/alternatives/``. The format::

    \"\"\"One line saying what is wrong (or different) and where it comes from.\"\"\"
    # caught_by: grade_id_of_a_test_cell, another_one     (mutants only)
    # diagnosis: the misconception in a student's words   (mutants only)
    # visible: no, only the 300,000-star catalogue shows it   (mutants only; the default is yes)

    # %% answer_cell_grade_id
    def the_function(...):
        ...

    # %% another_answer_cell_grade_id
    ...

Each ``# %% <grade_id>`` section replaces the source of that answer cell.

A mutant's ``diagnosis`` is what the check that catches it must say: the proof finds
it in the feedback of a cell it names. ``visible`` says whether the release
notebook's visible checks (what a student runs before handing in) catch it in a
cell it names; ``no`` must give the reason.

A mutant is usually one small slip in the reference, so it can instead say
just that, as pairs of sections that edit the reference's answer cell::

    # %% agglomerate: replace
                a_i, a_j, gamma = n_i / (n_i + n_j), n_j / (n_i + n_j), 0.0
    # %% agglomerate: with
                a_i, a_j, gamma = 0.5, 0.5, 0.0

The replaced text must occur exactly once in that cell of the current
reference, so a mutant cannot silently drift from the code it mutates.
"""

import copy
import re
from dataclasses import dataclass, field
from pathlib import Path


from coursetool.notebooks import answer_cells, read_notebook, test_cells
from coursetool import layout

_SECTION = re.compile(r"^# %% (\S+?)(?:: (replace|with))?\s*$", re.MULTILINE)
_DOCSTRING = re.compile(r'\A\s*(?:"""|\'\'\')(.*?)(?:"""|\'\'\')', re.DOTALL)
_CAUGHT_BY = re.compile(r"^# caught_by:(.*)$", re.MULTILINE)
_DIAGNOSIS = re.compile(r"^# diagnosis:(.*)$", re.MULTILINE)
_VISIBLE = re.compile(r"^# visible:[ \t]*(yes|no)\b[ \t,;:(-]*(.*?)\)?[ \t]*$", re.MULTILINE)


@dataclass
class Variant:
    """A file-defined replacement of answer cells."""

    name: str
    kind: str                      # "mutant" or "alternative"
    description: str
    replacements: dict             # answer grade_id -> new cell source
    edits: list = field(default_factory=list)   # (answer grade_id, old text, new text)
    caught_by: list = field(default_factory=list)
    path: Path = None
    diagnosis: str = ""            # mutants: the misconception, as the catching check says it
    visible: bool = True           # mutants: caught by the release notebook's visible checks
    invisible_because: str = ""    # mutants with visible: no


def parse_variant(path, kind):
    """Read one mutant or alternative file (see the module docstring for the format)."""
    path = Path(path)
    text = path.read_text()
    doc = _DOCSTRING.match(text)
    description = doc.group(1).strip() if doc else ""
    if not description:
        raise ValueError(f"{path}: a {kind} file must start with a docstring saying what it is")
    caught = _CAUGHT_BY.search(text)
    caught_by = [g.strip() for g in caught.group(1).split(",") if g.strip()] if caught else []
    if kind == "mutant" and not caught_by:
        raise ValueError(f"{path}: a mutant must name the test cells that catch it (# caught_by: ...)")
    diagnosis = _DIAGNOSIS.search(text)
    diagnosis = " ".join(diagnosis.group(1).split()) if diagnosis else ""
    visible = _VISIBLE.search(text)
    if visible and visible.group(1) == "no" and not visible.group(2).strip():
        raise ValueError(f"{path}: '# visible: no' must say why (# visible: no, <the reason>)")
    pieces = _SECTION.split(text)
    replacements, edits, pending = {}, [], None
    for grade_id, mode, body in zip(pieces[1::3], pieces[2::3], pieces[3::3]):
        body = body.strip("\n")
        if mode is None:
            replacements[grade_id] = body + "\n"
        elif mode == "replace":
            pending = (grade_id, body)
        elif pending is None or pending[0] != grade_id:
            raise ValueError(f"{path}: '# %% {grade_id}: with' must follow '# %% {grade_id}: replace'")
        else:
            edits.append((grade_id, pending[1], body))
            pending = None
    if pending is not None:
        raise ValueError(f"{path}: '# %% {pending[0]}: replace' has no '# %% {pending[0]}: with'")
    if not replacements and not edits:
        raise ValueError(f"{path}: no '# %% <grade_id>' section to replace an answer cell with")
    return Variant(path.stem, kind, description.splitlines()[0], replacements,
                   edits=edits, caught_by=caught_by, path=path, diagnosis=diagnosis,
                   visible=not visible or visible.group(1) == "yes",
                   invisible_because=visible.group(2).strip() if visible and visible.group(1) == "no" else "")


def variants(lab, kind, course=None):
    """All mutants (``kind="mutant"``) or alternatives of ``lab`` in ``course`` (a CourseLayout), sorted by name."""
    folder = (course or layout.current()).variants(lab, kind)
    return [parse_variant(p, kind) for p in sorted(folder.glob("*.py"))]


def reference(lab, course=None):
    """The instructor's source notebook of ``lab`` (of ``course``, a CourseLayout; the current course by default)."""
    where = course or layout.current()
    return read_notebook(where.notebook("source", where.check_lab(lab)))


def blank(lab, course=None):
    """The student release notebook of ``lab``, untouched."""
    where = course or layout.current()
    return read_notebook(where.notebook("release", where.check_lab(lab)))


def without_free_cells(nb):
    """A copy of ``nb`` without its free code cells: those without nbgrader metadata.

    They are the lab's worked demos and figures, which a student may change or delete;
    nbgrader grades only the cells it marked, and every cell those read is marked too
    (the proof grades the reference this way and asserts the same grade). Markdown stays.
    """
    nb = copy.deepcopy(nb)
    nb.cells = [c for c in nb.cells if c.cell_type != "code" or "nbgrader" in c.metadata]
    return nb


def apply(variant, nb):
    """A copy of ``nb`` with the variant's answer cells replaced."""
    nb = copy.deepcopy(nb)
    cells = answer_cells(nb)
    for grade_id in list(variant.replacements) + [e[0] for e in variant.edits]:
        if grade_id not in cells:
            raise ValueError(f"{variant.path}: no answer cell with grade_id {grade_id!r} "
                             f"(answer cells: {', '.join(cells)})")
    for grade_id, source in variant.replacements.items():
        cells[grade_id].source = source
    for grade_id, old, new in variant.edits:
        count = cells[grade_id].source.count(old)
        if count != 1:
            raise ValueError(f"{variant.path}: the text to replace occurs {count} times in answer cell "
                             f"{grade_id!r}, not once; has the reference changed?\n{old}")
        cells[grade_id].source = cells[grade_id].source.replace(old, new)
    unknown = set(variant.caught_by) - set(test_cells(nb))
    if unknown:
        raise ValueError(f"{variant.path}: caught_by names unknown test cells {sorted(unknown)}")
    return nb
