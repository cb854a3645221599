"""Shared fixtures: each lab's autograder proof is graded once per session through nbgrader."""

import shutil

import pytest

from coursetool import proof
from coursetool.proof import variants as V

# Hand-ins (attacks, mutants, alternatives) are notebook cells, not test modules: never collect them,
# whatever their file names.
collect_ignore_glob = ["attacks/*", "*/mutants/*", "*/alternatives/*"]

_GRADED = {}


def graded_lab(lab, tmp_root):
    """Autograde reference (twice), blank, every mutant and alternative of ``lab``: ``(courses, outcomes)``, cached."""
    if lab not in _GRADED:
        submissions = {"reference": V.reference(lab), "reference-again": V.reference(lab),
                       "blank": proof.BLANK}
        for kind in ("mutant", "alternative"):
            for v in V.variants(lab, kind):
                submissions[f"{kind}-{v.name}"] = V.apply(v, V.reference(lab))
        _GRADED[lab] = proof.autograde_submissions(lab, submissions, parent=tmp_root)
    return _GRADED[lab]


@pytest.fixture(scope="session")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("proof")
    yield lambda lab: graded_lab(lab, root)
    shutil.rmtree(root, ignore_errors=True)
