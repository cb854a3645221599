"""Shared fixtures: each lab's autograder proof is graded once per session through nbgrader."""

import shutil

import pytest

from coursetool import proof
from coursetool.proof import variants as V

# Hand-ins (attacks, mutants, alternatives) are notebook cells, not test modules: never collect them,
# whatever their file names.
collect_ignore_glob = ["attacks/*", "*/mutants/*", "*/alternatives/*"]

_GRADED = {}
#: The labs whose graded proofs this session's selected tests read (set once collection and -k/-m are done).
_LABS_TO_GRADE = []
#: The labs whose visible mutants a selected test needs run to the end of the release notebook (see visible_lab).
_VISIBLE_TO_THE_END = set()


def pytest_collection_finish(session):
    for item in session.items:
        lab = getattr(getattr(item, "callspec", None), "params", {}).get("lab")
        if "graded" in getattr(item, "fixturenames", ()) and lab and lab not in _LABS_TO_GRADE:
            _LABS_TO_GRADE.append(lab)
        if "seen_to_the_end" in getattr(item, "fixturenames", ()) and lab:
            _VISIBLE_TO_THE_END.add(lab)


def _proof_submissions(lab):
    """``{student: notebook}``: the reference (twice, and once without its free cells), the blank, every
    alternative, and every mutant.

    The mutants are handed in without the free code cells: what a mutant must show is in the cells that
    nbgrader grades, and those never read a free cell (the reference graded without them gets the same
    grade, which the proof asserts), so the demos would only be graded time.
    """
    reference = V.reference(lab)
    submissions = {"reference": reference, "reference-again": reference, "blank": proof.BLANK,
                   proof.WITHOUT_FREE_CELLS: V.without_free_cells(reference)}
    for v in V.variants(lab, "alternative"):
        submissions[f"alternative-{v.name}"] = V.apply(v, reference)
    for v in V.variants(lab, "mutant"):
        submissions[f"mutant-{v.name}"] = V.without_free_cells(V.apply(v, reference))
    return submissions


def graded_lab(lab, tmp_root):
    """``(courses, outcomes)`` of ``lab``'s proof submissions, autograded once per session.

    The first lab asked for is graded together with every other lab the selected tests read, on
    one grading engine (one start, no idle worker at the end of each lab).
    """
    if lab not in _GRADED:
        labs = [lab] + [other for other in _LABS_TO_GRADE if other != lab and other not in _GRADED]
        _GRADED.update(proof.autograde_labs({other: _proof_submissions(other) for other in labs},
                                            parent=tmp_root))
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
        release, reference = read_notebook(course.notebook_path("release", lab)), V.reference(lab)
        # the reference whole and without its free cells; each visible mutant up to the last cell it names (to the
        # end when a selected test asks for it: seen_to_the_end), without the free cells (no visible check reads
        # one: the reference passes every check without them)
        runs = {"reference": visible.release_with(None, reference, release),
                proof.WITHOUT_FREE_CELLS: visible.release_with(None, reference, release, free_cells=False)}
        for m in V.variants(lab, "mutant"):
            if m.visible:
                until = None if lab in _VISIBLE_TO_THE_END else m.caught_by
                runs[f"mutant-{m.name}"] = visible.release_with(m, reference, release, until=until,
                                                                free_cells=False)
        _VISIBLE[lab] = visible.visible_outcomes(runs, layout.current().data)
    return _VISIBLE[lab]


@pytest.fixture(scope="session")
def seen_before_submitting(tmp_path_factory):
    root = tmp_path_factory.mktemp("visible")
    yield lambda lab: visible_lab(lab, root)
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def seen_to_the_end(seen_before_submitting):
    """As ``seen_before_submitting``, with every visible mutant run to the end of the release notebook."""
    def seen(lab):
        assert lab in _VISIBLE_TO_THE_END, f"{lab}: its mutants were not run to the end (no selected test asked)"
        return seen_before_submitting(lab)
    return seen


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
