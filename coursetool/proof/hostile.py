"""Broken and hostile submissions, made from a lab's reference, for the demo class.

Each maker takes the reference notebook and returns either a notebook or raw
bytes (for files that are not notebooks at all), plus the file name the
student hands in. ``tests/coursetool/test_hostile_submissions.py`` proves how grading
treats each kind; the demo shows them in a class.
"""

import copy

import nbformat

from coursetool.notebooks import answer_cells


def _first_answer_prefixed(nb, code):
    nb = copy.deepcopy(nb)
    cell = next(iter(answer_cells(nb).values()))
    cell.source = code + "\n" + cell.source
    return nb


def infinite_loop(nb):
    """A ``while True: pass`` in the first answer cell: the cell times out, grading goes on."""
    return _first_answer_prefixed(nb, "while True:\n    pass")


def kernel_crash(nb):
    """``os._exit(1)`` in the first answer cell: the kernel dies, the submission scores 0."""
    return _first_answer_prefixed(nb, "import os\nos._exit(1)")


def output_flood(nb):
    """Megabytes of printing in the first answer cell: nbgrader's LimitOutput trims it."""
    return _first_answer_prefixed(nb, "for i in range(200_000):\n    print('spam', i)")


def snooping(nb):
    """Reading the gradebook and the hidden tests from the first answer cell: the sandbox says no."""
    return _first_answer_prefixed(nb, (
        "import glob\n"
        "for pattern in ('/work/**/gradebook.db', '/work/**/source/**/*.ipynb', '../../../source/**/*.ipynb'):\n"
        "    try:\n"
        "        print(pattern, glob.glob(pattern, recursive=True)[:3])\n"
        "    except OSError as exc:\n"
        "        print(pattern, exc)"))


#: name -> (maker of the handed-in content, file name template); ``{lab}`` is filled in.
KINDS = {
    "hostile:infinite_loop": (infinite_loop, "{lab}.ipynb"),
    "hostile:kernel_crash": (kernel_crash, "{lab}.ipynb"),
    "hostile:output_flood": (output_flood, "{lab}.ipynb"),
    "hostile:snooping": (snooping, "{lab}.ipynb"),
    "broken:not_json": (lambda nb: b"{ this is not a notebook", "{lab}.ipynb"),
    "broken:empty_file": (lambda nb: b"", "{lab}.ipynb"),
    "broken:misnamed": (lambda nb: nb, "{lab}_final_v2.ipynb"),
}


def hand_in(folder, lab, kind, reference_nb):
    """Write the ``kind`` of submission for ``lab`` into ``folder`` (a submitted/<student>/<lab>/)."""
    make, name = KINDS[kind]
    content = make(reference_nb)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name.format(lab=lab)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        nbformat.write(content, str(path))
    return path
