"""release/ and solutions/ are what the build command makes of source/ today."""

import pytest

from coursetool.build import available_labs, stale


@pytest.mark.parametrize("lab", available_labs())
def test_release_and_solutions_match_source(lab):
    problems = stale(lab)
    assert problems == [], f"{lab} is stale (run `bash course.sh build {lab}`): {problems}"


@pytest.mark.parametrize("lab", available_labs())
def test_solutions_are_executed_with_their_figures(lab):
    """Self-study readers get the outputs: every code cell ran, and the figures are in the notebook."""
    from coursetool.notebooks import read_notebook
    from coursetool import layout

    nb = read_notebook(layout.current().solution(lab))
    code = [c for c in nb.cells if c.cell_type == "code"]
    unexecuted = [i for i, c in enumerate(code) if c.execution_count is None]
    assert not unexecuted, f"solutions/{lab}: code cells {unexecuted} were not executed"
    figures = sum("image/png" in o.get("data", {}) for c in code for o in c.outputs)
    assert figures >= 1, f"solutions/{lab} holds no figure; was it executed with a non-inline backend?"
