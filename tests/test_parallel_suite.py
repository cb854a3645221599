"""The suite runs in pytest-xdist processes grouped so that no costly fixture is built twice (tests/conftest.py)."""

import os

import pytest


def test_tests_are_grouped_when_the_suite_runs_in_several_processes(request):
    """Under ``--dist loadgroup`` xdist marks a grouped test by its group, or it shares the group out test by test.

    pytest 9.2 silently broke that (pytest-xdist#1386): each lab's proof was then graded in both processes.
    """
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        pytest.skip("the suite runs in one process (-n 0): nothing to group")
    if not getattr(request.config.option, "loadgroup", False):       # what xdist tells its workers
        pytest.skip("the suite runs without --dist loadgroup")
    assert request.node.nodeid.endswith("@tests/test_parallel_suite.py"), (
        f"xdist did not group this test by its module: its node id is {request.node.nodeid!r}")
