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


_VISIBLE = {}


def visible_lab(lab, tmp_root):
    """``{name: {test grade_id: first error}}``: the reference and every visible mutant of ``lab``, run as a
    student runs the release notebook before handing in (visible checks only), cached."""
    if lab not in _VISIBLE:
        from coursetool import layout
        from coursetool.nbgrader_course import Course
        from coursetool.notebooks import read_notebook
        from coursetool.proof import visible

        course = Course.scratch([lab], parent=tmp_root)
        course.generate(lab)
        release = read_notebook(course.notebook_path("release", lab))
        runs = {"reference": None, **{f"mutant-{m.name}": m for m in V.variants(lab, "mutant") if m.visible}}
        _VISIBLE[lab] = visible.visible_outcomes(runs, V.reference(lab), release, layout.current().data)
    return _VISIBLE[lab]


@pytest.fixture(scope="session")
def seen_before_submitting(tmp_path_factory):
    root = tmp_path_factory.mktemp("visible")
    yield lambda lab: visible_lab(lab, root)
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("proof")
    yield lambda lab: graded_lab(lab, root)
    shutil.rmtree(root, ignore_errors=True)


def pytest_terminal_summary(terminalreporter):
    """Per lab: mutants a student sees before submitting, and mutants whose feedback names the misconception."""
    import re
    from collections import Counter

    kinds = {"test_visible_mutant_fails_a_visible_check_it_names": "caught by visible checks",
             "test_feedback_names_the_mutants_misconception": "feedback names the misconception"}
    counts = {kind: Counter() for kind in kinds.values()}
    ran = False
    for outcome in ("passed", "failed"):
        for report in terminalreporter.stats.get(outcome, []):
            match = re.search(r"::(\w+)\[(lab\d_\w+?)-", getattr(report, "nodeid", ""))
            if match and match.group(1) in kinds and report.when == "call":
                ran = True
                counts[kinds[match.group(1)]][match.group(2)] += outcome == "passed"
    if not ran:
        return
    terminalreporter.section("mutants a student sees, and in words")
    totals = _mutant_totals()
    for lab in sorted({lab for c in counts.values() for lab in c}):
        terminalreporter.write_line(f"{lab}: " + "; ".join(
            f"{kind} {c[lab]}/{totals[lab]}" if lab in c else f"{kind}: not run" for kind, c in counts.items()))


def _mutant_totals():
    from coursetool.build import available_labs

    return {lab: len(V.variants(lab, "mutant")) for lab in available_labs()}
