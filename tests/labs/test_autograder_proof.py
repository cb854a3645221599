"""The promise, proven through nbgrader for every lab: a correct solution gets full marks, a wrong
one loses marks in the cell meant to catch it, a blank gets zero, and grading is repeatable."""

import pytest

from coursetool import proof
from coursetool.proof import variants as V
from coursetool.build import available_labs

LABS = available_labs()
MUTANTS = [(lab, v) for lab in LABS for v in V.variants(lab, "mutant")]
VISIBLE_MUTANTS = [(lab, v) for lab, v in MUTANTS if v.visible]
#: The share of each lab's mutants that its release notebook's visible checks must catch.
VISIBLE_SHARE = 0.9
ALTERNATIVES = [(lab, v) for lab in LABS for v in V.variants(lab, "alternative")]


@pytest.mark.parametrize("lab", LABS)
def test_lab_has_at_least_six_mutants_and_two_alternatives(lab):
    n_mut, n_alt = len(V.variants(lab, "mutant")), len(V.variants(lab, "alternative"))
    assert n_mut >= 6, f"{lab}: expected at least 6 mutants in tests/{lab}/mutants, found {n_mut}"
    assert n_alt >= 2, f"{lab}: expected at least 2 alternatives in tests/{lab}/alternatives, found {n_alt}"


@pytest.mark.parametrize("lab", LABS)
def test_reference_gets_full_marks(graded, lab):
    outcome = graded(lab)[1]["reference"]
    assert outcome.max_score > 0, f"{lab}: the gradebook holds no graded cells"
    assert proof.reference_problems(outcome) == [], f"{lab}: {proof.reference_problems(outcome)}"


@pytest.mark.parametrize("lab", LABS)
def test_blank_release_scores_zero_and_fails_only_on_stubs(graded, lab):
    outcome = graded(lab)[1]["blank"]
    assert outcome.score == 0, f"{lab}: blank scored {outcome.score} of {outcome.max_score}"
    assert proof.blank_problems(outcome) == [], f"{lab}: {proof.blank_problems(outcome)}"


@pytest.mark.parametrize("lab", LABS)
def test_same_submission_gets_same_grade_twice(graded, lab):
    outcomes = graded(lab)[1]
    first, again = outcomes["reference"].cells, outcomes["reference-again"].cells
    assert first == again, f"{lab}: the reference graded differently twice: {first} vs {again}"


@pytest.mark.parametrize("lab", LABS)
def test_free_cells_do_not_change_the_grade(graded, lab):
    """A student may delete the lab's free code cells (its demos and figures): no graded cell reads them, so
    the grade stays. (The proof hands in its mutants that way.)"""
    outcomes = graded(lab)[1]
    whole, without = outcomes["reference"], outcomes[proof.WITHOUT_FREE_CELLS]
    assert without.cells == whole.cells, (
        f"{lab}: the reference without its free code cells lost points in {without.lost()}: "
        + "; ".join(f"{g}: {without.errors.get(g)}" for g in without.lost())
        + ". A graded or read-only cell uses a name that only a free cell defines: define it in a read-only cell.")


@pytest.mark.parametrize("lab, mutant", MUTANTS, ids=[f"{lab}-{m.name}" for lab, m in MUTANTS])
def test_mutant_loses_points_where_expected(graded, lab, mutant):
    outcome = graded(lab)[1][f"mutant-{mutant.name}"]
    missed = [g for g in mutant.caught_by if g not in outcome.lost()]
    assert outcome.score < outcome.max_score, (
        f"{lab}: mutant {mutant.name} ({mutant.description}) got full marks")
    assert not missed, (
        f"{lab}: mutant {mutant.name} should lose points in {missed}; it lost points in {outcome.lost()}")


@pytest.mark.parametrize("lab, alternative", ALTERNATIVES, ids=[f"{lab}-{a.name}" for lab, a in ALTERNATIVES])
def test_valid_alternative_gets_full_marks(graded, lab, alternative):
    outcome = graded(lab)[1][f"alternative-{alternative.name}"]
    assert outcome.score == outcome.max_score, (
        f"{lab}: valid alternative {alternative.name} ({alternative.description}) lost points in "
        f"{outcome.lost()}: " + "; ".join(f"{g}: {outcome.errors.get(g)}" for g in outcome.lost()))


def _stdout(cell):
    return "".join(o.get("text", "") for o in cell.get("outputs", []) if o.get("output_type") == "stream")


@pytest.mark.parametrize("lab", LABS)
def test_graded_test_cells_say_when_they_passed(graded, lab):
    """Every test cell of the graded reference ends with its success line; a cell a mutant fails does not."""
    from coursetool import notebooks

    outcomes = graded(lab)[1]
    reference = outcomes["reference"]
    nb = notebooks.read_notebook(reference.course.notebook_path("autograded", lab, "reference"))
    for grade_id, cell in notebooks.test_cells(nb).items():
        points = cell.metadata["nbgrader"]["points"]
        line = f"\u2713 {grade_id} ({points:g} point{'' if points == 1 else 's'}): all its checks passed"
        assert line in _stdout(cell), f"{lab}: {grade_id} of the reference printed {_stdout(cell)[-300:]!r}"
    name, mutant = next((k, o) for k, o in outcomes.items() if k.startswith("mutant-"))
    nb = notebooks.read_notebook(mutant.course.notebook_path("autograded", lab, name))
    for grade_id in mutant.lost():
        text = _stdout(notebooks.test_cells(nb)[grade_id])
        assert f"\u2713 {grade_id}" not in text, f"{lab}: {name} lost points in {grade_id}, which says it passed"


# --- what a student sees before submitting (issue 13): visible checks catch the lab's mistakes, in words ---

@pytest.mark.parametrize("lab", LABS)
def test_reference_passes_every_visible_check(seen_before_submitting, lab):
    failures = seen_before_submitting(lab)["reference"]
    assert failures == {}, f"{lab}: the reference fails visible checks of the release notebook: {failures}"


@pytest.mark.parametrize("lab", LABS)
def test_visible_checks_do_not_read_free_cells(seen_before_submitting, lab):
    """Without the free code cells the reference still passes every visible check (the visible mutants run so)."""
    failures = seen_before_submitting(lab)[proof.WITHOUT_FREE_CELLS]
    assert failures == {}, (f"{lab}: without its free code cells the reference fails visible checks: {failures}; "
                            "a check uses a name only a free cell defines")


@pytest.mark.parametrize("lab", LABS)
def test_most_mutants_are_caught_before_submitting(lab):
    mutants = V.variants(lab, "mutant")
    hidden = {m.name: m.invisible_because for m in mutants if not m.visible}
    share = 1 - len(hidden) / len(mutants)
    assert share >= VISIBLE_SHARE, (
        f"{lab}: only {len(mutants) - len(hidden)} of {len(mutants)} mutants are 'visible: yes' "
        f"(at least {VISIBLE_SHARE:.0%} must be); the others: {hidden}")


@pytest.mark.parametrize("lab, mutant", VISIBLE_MUTANTS, ids=[f"{lab}-{m.name}" for lab, m in VISIBLE_MUTANTS])
def test_visible_mutant_fails_a_visible_check_it_names(seen_before_submitting, lab, mutant):
    failures = seen_before_submitting(lab)[f"mutant-{mutant.name}"]
    caught = [g for g in mutant.caught_by if g in failures]
    assert caught, (
        f"{lab}: mutant {mutant.name} ({mutant.description}) passes the visible checks of {mutant.caught_by} "
        f"in the release notebook (visible failures: {failures or 'none'}); a student would not see it before "
        "handing in. Add a visible check, or mark it '# visible: no, <why>'.")


#: Labs whose visible checks must not cascade (issue 13, item 4): run to the end of the release notebook, a mutant
#: fails no visible check outside its caught_by, except in the cells named here, which run the student's functions
#: together on purpose (a fit that one of them breaks cannot be timed).
NO_CASCADES = {"lab4_gmm": {"gmm_fits_20000_points_quickly": "times fit with the student's own helpers"}}
CASCADE_MUTANTS = [(lab, v) for lab, v in VISIBLE_MUTANTS if lab in NO_CASCADES]


@pytest.mark.parametrize("lab, mutant", CASCADE_MUTANTS, ids=[f"{lab}-{m.name}" for lab, m in CASCADE_MUTANTS])
def test_visible_mutant_fails_no_check_it_does_not_name(seen_to_the_end, lab, mutant):
    failures = seen_to_the_end(lab)[f"mutant-{mutant.name}"]
    others = {g: e for g, e in failures.items() if g not in mutant.caught_by and g not in NO_CASCADES[lab]}
    assert not others, (
        f"{lab}: mutant {mutant.name} ({mutant.description}) also fails visible checks it does not name, run to the "
        f"end of the release notebook: {others}. A check of a function that calls others should feed it stand-ins "
        "(checks.use_reference_helpers in its visible part), so that a mistake shows in its own function's cells.")


def _said(text):
    return " ".join(str(text).split()).lower()


@pytest.mark.parametrize("lab, mutant", MUTANTS, ids=[f"{lab}-{m.name}" for lab, m in MUTANTS])
def test_feedback_names_the_mutants_misconception(graded, lab, mutant):
    assert mutant.diagnosis, f"{lab}: mutant {mutant.name} has no '# diagnosis:' line"
    outcome = graded(lab)[1][f"mutant-{mutant.name}"]
    said = {g: outcome.errors.get(g, "") for g in mutant.caught_by}
    assert any(_said(mutant.diagnosis) in _said(e) for e in said.values()), (
        f"{lab}: mutant {mutant.name}'s feedback does not say its diagnosis {mutant.diagnosis!r}; "
        f"its cells said: {said}")
