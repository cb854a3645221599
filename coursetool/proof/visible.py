"""What a student sees before submitting: a variant run as the student runs it, visible checks only.

A student works in the *release* notebook: its test cells hold the visible checks
only (nbgrader's ``generate_assignment`` removed the hidden ones) and run in the
student's own kernel, with *Restart and Run All*. :func:`run_as_student` does just
that with one variant's answers: the release notebook, each answer cell replaced by
the variant's version of the reference's answer (its solution markers removed),
executed top to bottom in a fresh kernel by nbclient, errors allowed. Which test
cells failed, and how, is what the student learns before handing in.

The kernels are forked from the grader's zygote (:mod:`coursetool.grade.zygote`):
the imports done, a fresh process each time. The illustration cells that grading
skips (``NBGRADER_EXECUTION`` set) are skipped here too: they only draw figures.
"""

import copy
import os
import tempfile
from concurrent.futures import ThreadPoolExecutor

from coursetool.notebooks import answer_cells, first_error, test_cells, without_solution_markers
from coursetool.proof import variants as V

#: Seconds a cell may run in a visible run (a student's own kernel has no limit; this one catches a hang).
CELL_TIMEOUT = 120


def release_with(variant, reference, release, until=None, free_cells=True):
    """The ``release`` notebook with every answer cell taken from ``variant`` applied to ``reference``.

    Answer cells the variant does not touch become the reference's answers, as if the
    student had solved them correctly; test and read-only cells stay as released. With
    ``until`` (test grade ids), the notebook ends with the last of those cells: cells run
    in order, so what comes after cannot change them. ``free_cells=False`` leaves out the
    lab's free code cells (:func:`coursetool.proof.variants.without_free_cells`).
    """
    answers = answer_cells(V.apply(variant, reference) if variant is not None else reference)
    nb = copy.deepcopy(release)
    for grade_id, cell in answer_cells(nb).items():
        if grade_id not in answers:
            raise ValueError(f"the release has an answer cell {grade_id!r} that the reference lacks")
        cell.source = without_solution_markers(answers[grade_id].source)
    if until:
        ids = [c.metadata.get("nbgrader", {}).get("grade_id") for c in nb.cells]
        missing = set(until) - set(ids)
        if missing:
            raise ValueError(f"until names cells the release lacks: {sorted(missing)}")
        nb.cells = nb.cells[: max(ids.index(g) for g in until) + 1]
    return nb if free_cells else V.without_free_cells(nb)


def run_as_student(nb, data_dir, timeout=CELL_TIMEOUT):
    """Execute ``nb`` top to bottom in a fresh kernel, errors allowed, as *Restart and Run All* does.

    The kernel runs in a scratch folder and reads the course's data from ``data_dir``.
    Returns the executed notebook.
    """
    from jupyter_client.manager import AsyncKernelManager
    from nbclient import NotebookClient

    from coursetool.grade import sandbox, zygote

    nb = copy.deepcopy(nb)
    name = nb.metadata.get("kernelspec", {}).get("name", "python3")
    env = dict(os.environ, CLUSTERCOURSE_DATA=str(data_dir), NBGRADER_EXECUTION="autograde",
               **sandbox.single_threaded())
    with tempfile.TemporaryDirectory(prefix="clustercourse-visible-") as folder:
        km = AsyncKernelManager(kernel_name=name, kernel_spec_manager=zygote.shared(env).kernel_spec_manager(name),
                                transport="ipc", ip=os.path.join(folder, "kernel"))
        client = NotebookClient(nb, km=km, timeout=timeout, allow_errors=True,
                                resources={"metadata": {"path": folder}})
        client.execute(env=env, cwd=folder)
    return nb


def visible_failures(executed):
    """``{test grade_id: "ErrorName: message"}`` of the test cells that failed in an executed notebook."""
    return {g: first_error(c) for g, c in test_cells(executed).items() if first_error(c)}


def visible_outcomes(notebooks, data_dir, jobs=None):
    """Run each of ``notebooks`` (``{name: notebook}``, see :func:`release_with`) as a student would.

    Returns ``{name: failures}`` (:func:`visible_failures`). Runs ``jobs`` notebooks at a time
    (default: one per core, at most two).
    """
    jobs = jobs or min(2, os.cpu_count() or 1)

    def one(nb):
        return visible_failures(run_as_student(nb, data_dir))

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        results = dict(zip(notebooks, pool.map(one, notebooks.values())))
    return results
