"""The course tool: `check` fails loudly, variant files are validated, `grade` survives broken work."""

import pytest

from coursetool import cli, proof
from coursetool.proof import variants as V
from coursetool.nbgrader_course import CellGrade, Course, SubmissionGrade

LAB = "lab1_linkage"


def test_check_exits_zero_for_the_real_course():
    assert cli.main(["check", LAB]) == 0


def test_check_exits_nonzero_when_the_reference_fails_a_test(monkeypatch):
    mutant = next(v for v in V.variants(LAB, "mutant") if v.name == "cut_one_merge_too_many")
    broken = V.apply(mutant, V.reference(LAB))
    monkeypatch.setattr(V, "reference", lambda lab: broken)
    assert cli.main(["check", LAB]) == 1


def test_blank_that_passes_a_test_or_fails_for_another_reason_is_reported():
    grade = SubmissionGrade("blank", {"a_cell": CellGrade(1.0, 2.0), "b_cell": CellGrade(0.0, 2.0)})
    outcome = proof.Outcome(grade, {"b_cell": "NameError: name 'x' is not defined"})
    problems = proof.blank_problems(outcome)
    assert any("a_cell gave 1" in p for p in problems), problems
    assert any("b_cell failed with NameError" in p for p in problems), problems


def test_variant_files_must_describe_themselves_and_name_their_catchers(tmp_path):
    no_doc = tmp_path / "no_doc.py"
    no_doc.write_text("# caught_by: x_y\n# %% cut\ndef cut(Z, k):\n    return 0\n")
    with pytest.raises(ValueError, match="docstring"):
        V.parse_variant(no_doc, "mutant")
    no_catcher = tmp_path / "no_catcher.py"
    no_catcher.write_text('"""Wrong."""\n# %% cut\ndef cut(Z, k):\n    return 0\n')
    with pytest.raises(ValueError, match="caught_by"):
        V.parse_variant(no_catcher, "mutant")
    unknown = tmp_path / "unknown.py"
    unknown.write_text('"""Wrong."""\n# caught_by: no_such_cell\n# %% cut\ndef cut(Z, k):\n    return 0\n')
    with pytest.raises(ValueError, match="unknown test cells"):
        V.apply(V.parse_variant(unknown, "mutant"), V.reference(LAB))


def test_grade_reports_a_broken_submission_and_grades_the_rest(tmp_path, capsys):
    from coursetool.grade.grading import grade

    course = Course.scratch([LAB], parent=tmp_path)
    course.generate(LAB)
    course.submit("good", LAB, V.reference(LAB))
    broken = course.notebook_path("submitted", LAB, "broken")
    broken.parent.mkdir(parents=True)
    broken.write_text("{ this is not json")
    report = grade(course, [LAB], show_progress=False)
    assert report.table.loc["good", LAB] == report.max_scores[LAB], report.table
    assert [b[0] for b in report.broken] == ["broken"], report.broken
    assert report.grades_csv.exists(), "grades.csv was not exported"
    feedback = list((course.root / "feedback" / "good").rglob("*.html"))
    assert feedback, "no feedback generated for the good submission"
    assert set(report.timings) == {("good", LAB), ("broken", LAB)}, report.timings
    cli.print_report(report)
    printed = capsys.readouterr().out
    assert "graded 2 submissions in" in printed and "slowest: good / " in printed, printed


def test_mutant_edits_must_match_the_reference_exactly_once(tmp_path):
    """A mutant written as 'replace ... with ...' breaks loudly when the reference drifts from it."""
    stale = tmp_path / "stale.py"
    stale.write_text('"""Wrong."""\n# caught_by: cut_matches_fcluster\n\n'
                     "# %% cut: replace\n    this line is not in the reference\n# %% cut: with\n    pass\n")
    with pytest.raises(ValueError, match="occurs 0 times"):
        V.apply(V.parse_variant(stale, "mutant"), V.reference(LAB))
    orphan = tmp_path / "orphan.py"
    orphan.write_text('"""Wrong."""\n# caught_by: cut_matches_fcluster\n\n# %% cut: with\n    pass\n')
    with pytest.raises(ValueError, match="must follow"):
        V.parse_variant(orphan, "mutant")


def test_demo_grades_without_sandbox_only_where_bubblewrap_cannot_run(monkeypatch, capsys):
    from coursetool.grade import sandbox

    monkeypatch.setattr(sandbox, "available", lambda: False)
    assert cli.demo_sandbox(True) is False, "without bubblewrap the demo should grade unsandboxed"
    warning = capsys.readouterr().err
    assert "bubblewrap" in warning and "course grade" in warning, (
        f"the demo should say why it grades without a sandbox; it printed {warning!r}")
    monkeypatch.setattr(sandbox, "available", lambda: True)
    assert cli.demo_sandbox(True) is True, "with bubblewrap the demo should grade in the sandbox"
    assert cli.demo_sandbox(False) is False, "--no-sandbox should be obeyed"
    assert capsys.readouterr().err == "", "no warning is due when the sandbox works or is declined"


def test_links_in_a_hand_in_are_dropped_not_followed(tmp_path):
    """A hand-in with a link to a secret: the copy graded has the notebook, not the secret (control: copytree follows it)."""
    import shutil

    from coursetool.grade.engine import pack_hand_in

    secret = tmp_path / "secret.txt"
    secret.write_text("the gradebook password")
    hand_in = tmp_path / "submitted" / "mallory" / "lab1_linkage"
    hand_in.mkdir(parents=True)
    (hand_in / "lab1_linkage.ipynb").write_text("{}")
    (hand_in / "notes.txt").symlink_to(secret)
    other = tmp_path / "submitted" / "bob" / "lab1_linkage"
    other.mkdir(parents=True)
    (other / "lab1_linkage.ipynb").write_text('{"bob": "his answers"}')
    (hand_in / "bob").symlink_to(other, target_is_directory=True)
    control = shutil.copytree(hand_in, tmp_path / "control")            # what the grader did before
    assert (control / "notes.txt").read_text() == "the gradebook password"
    assert "his answers" in (control / "bob" / "lab1_linkage.ipynb").read_text()
    assert sorted(pack_hand_in(hand_in)) == ["lab1_linkage.ipynb"], "only the notebook should travel to a worker"
