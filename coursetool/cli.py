"""``course``: the instructor's command line, thin glue over nbgrader.

    course build [LAB ...]     release/ and solutions/ from source/
    course check [LAB ...]     reference gets full marks, blank gets 0 (exit 1 if not)
    course stale [LAB ...]     release/ or solutions/ out of date with source/ (exit 1 if so)
    course number [LAB ...]    source/: a "Question n.m (k points)" heading before each answer, a success line after each test
    course handout [LAB ...] [--unpack DIR]
                               handout/<lab>.zip: the release notebook, its data, the student runtime
    course grade [LAB ...]     autograde submitted/, feedback, grades.csv
    course demo                build, simulate a class, grade it, print the grades
    course worker --scheduler tcp://HOST:8786
                               this machine grades for a Dask scheduler (see README, "Grading on many machines")
"""

import argparse
import os
import shutil
import sys
from pathlib import Path

from coursetool import build as B
from coursetool import layout
from coursetool.nbgrader_course import Course


def _labs(names):
    return [layout.check_lab(n) for n in names] if names else B.available_labs()


def cmd_build(args):
    for lab in _labs(args.labs):
        if not getattr(args, "force", False) and not B.stale(lab):
            print(f"{lab}: release/{lab} and solutions/{lab} are up to date (--force rebuilds)", flush=True)
            continue
        print(f"building {lab}: release/{lab} and solutions/{lab}", flush=True)
        B.build_release(lab)
        B.build_solution(lab)
    return 0


def _report_each(labs, problems_of, what, good, bad, remedy=""):
    """Print ``<lab>: <what><good|bad>`` and each problem for every lab; the exit status (1 if any problem)."""
    failed = False
    for lab in labs:
        problems = problems_of(lab)
        print(f"{lab}: {what}{bad if problems else good}", flush=True)
        for p in problems:
            print(f"  - {p}{remedy.format(lab=lab)}")
        failed |= bool(problems)
    return 1 if failed else 0


def cmd_check(args):
    from coursetool.proof import prove_labs

    labs = _labs(args.labs)
    problems = prove_labs(labs)          # every lab on one grading engine, then the report
    return _report_each(labs, problems.get, "reference full marks, blank zero ... ", "ok", "FAILED")


def cmd_stale(args):
    return _report_each(_labs(args.labs), B.stale, "", "fresh", "STALE", "  (run `course build {lab}`)")


def cmd_number(args):
    from coursetool import questions
    from coursetool.notebooks import read_notebook, write_notebook

    for lab in _labs(args.labs):
        path = layout.current().notebook("source", lab)
        nb = read_notebook(path)
        if questions.up_to_date(nb, lab):
            print(f"{lab}: its questions are numbered and announced", flush=True)
            continue
        write_notebook(questions.number(nb, lab), path)
        print(f"{lab}: numbered {len(questions.questions(nb, lab))} questions in {path} (then: course build {lab})",
              flush=True)
    return 0


def cmd_handout(args):
    from coursetool.handout import build_handout, unpack

    labs = _labs(args.labs)
    cmd_build(argparse.Namespace(labs=labs, force=False))     # a hand-out is made from a fresh release/
    for lab in labs:
        path = build_handout(lab)
        print(f"{lab}: {path}", flush=True)
        if args.unpack:
            new = unpack(path, args.unpack)
            print(f"  unpacked into {args.unpack}: {len(new)} new files (files already there are kept)",
                  flush=True)
    return 0


def print_report(report):
    from coursetool.grade.summary import cell_table

    table = report.table.copy()
    for lab, top in report.max_scores.items():
        table = table.rename(columns={lab: f"{lab} /{top:g}"})
    print(table.fillna("-").to_string())
    hardest = cell_table(report).head(5)
    if len(hardest):
        print("\nhardest graded cells (share of students with full points):")
        for row in hardest.itertuples():
            print(f"  {row.pass_rate:5.0%}  {row.lab}: {row.cell}")
    for student, lab, reason in report.broken:
        print(f"could not grade {student} / {lab} (scored 0): {reason}")
    if report.flagged:
        print(f"\n{len(report.flagged)} graded cells need your review (formgrader shows them; summary/flagged.csv):")
        for student, lab, cell, reason in report.flagged[:20]:
            print(f"  {student} / {lab} / {cell}: {reason}")
    n = len(report.timings)
    rate = f", {n / report.seconds * 60:.1f} submissions a minute" if n and report.seconds else ""
    print(f"\ngraded {n} submissions in {report.seconds:.0f} s{rate}")
    if n:
        print("slowest: " + "; ".join(f"{s} / {lab} {t:.0f} s" for t, s, lab in report.slowest()))
    print(f"grades:   {report.grades_csv}")
    print(f"feedback: {report.feedback_dir}/<student>/<lab>/<lab>.html")
    print(f"summary:  {report.summary_dir}/ (labs.csv, cells.csv, summary.png)")


def _zip_collect(course, labs):
    """``nbgrader zip_collect`` for each lab with an LMS download in downloaded/<lab>/."""
    for lab in labs:
        if (course.root / "downloaded" / lab).exists():
            print(f"collecting {lab} from downloaded/{lab}/ (nbgrader zip_collect)", flush=True)
            course.nbgrader("zip_collect", lab, "--force")


def cmd_grade(args):
    from coursetool.grade.grading import grade

    course = Course(layout.current().root)
    labs = _labs(args.labs)
    if args.zip_collect:
        _zip_collect(course, labs)
    print_report(grade(course, labs, jobs=args.jobs, timeout=args.timeout, sandbox=not args.no_sandbox,
                       scheduler=args.scheduler))
    return 0


def demo_sandbox(requested=True):
    """Whether the demo grades in the sandbox: yes when asked and bubblewrap works here.

    The demo's hand-ins are the course's own (no hostile kind writes anything or
    eats memory), so on a machine where bubblewrap cannot make a sandbox the demo
    says so and grades without one. ``course grade``, which runs real students'
    code, never falls back: it refuses instead.
    """
    from coursetool.grade import sandbox as sb

    if requested and not sb.available():
        print("warning: bubblewrap cannot make a sandbox on this machine (apt-get install bubblewrap; "
              "as a non-root user it also needs unprivileged user namespaces), so the demo grades its own "
              "simulated class without one. `course grade` will refuse to grade real students "
              "until it can (or is told --no-sandbox).", file=sys.stderr, flush=True)
        return False
    return requested


def cmd_demo(args):
    from coursetool.demo import simulate_class
    from coursetool.grade.grading import grade

    labs = _labs(args.labs)
    sandbox = demo_sandbox(not args.no_sandbox)
    if not args.no_build:
        cmd_build(argparse.Namespace(labs=labs, force=False))
    out = Path(args.out).resolve() if args.out else layout.current().root / "demo"
    if out.exists():
        shutil.rmtree(out)
    course = simulate_class(out, labs, n_students=args.students)
    where = f"on the workers of {args.scheduler}" if args.scheduler else f"with {args.jobs} jobs"
    print(f"\ngrading the demo class in {out} {where}", flush=True)
    print_report(grade(course, labs, jobs=args.jobs, timeout=args.timeout, sandbox=sandbox,
                       scheduler=args.scheduler))
    return 0


def main(argv=None):
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] == ["worker"]:
        from coursetool.grade.engine import worker_main

        return worker_main(argv[1:])
    parser = argparse.ArgumentParser(prog="course", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    for name, func, text in [("build", cmd_build, "generate release/ and solutions/"),
                             ("check", cmd_check, "reference full, blank zero, through nbgrader"),
                             ("stale", cmd_stale, "are release/ and solutions/ up to date?"),
                             ("number", cmd_number, "number the questions of source/ and announce their points"),
                             ("handout", cmd_handout, "handout/<lab>.zip: what a student downloads, no answers"),
                             ("grade", cmd_grade, "grade submitted/ of a course"),
                             ("demo", cmd_demo, "build, simulate a class and grade it")]:
        p = sub.add_parser(name, help=text)
        p.add_argument("labs", nargs="*", help="lab ids (default: every lab with a source)")
        p.add_argument("--course", default=None, metavar="PATH",
                       help="the course folder (default: the nearest one at or above the working folder)")
        p.set_defaults(func=func)
        if name == "build":
            p.add_argument("--force", action="store_true", help="rebuild even when up to date")
        if name == "handout":
            p.add_argument("--unpack", default=None, metavar="DIR",
                           help="also unpack each hand-out into DIR, adding only the files DIR lacks")
        if name in ("grade", "demo"):
            p.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                           help="submissions graded at once (default: one per core)")
            p.add_argument("--timeout", type=int, default=30 if name == "demo" else None,
                           help="per-cell timeout in seconds (default: nbgrader_config.py's; 30 for the demo)")
            p.add_argument("--no-sandbox", action="store_true",
                           help="run student code with your own permissions (no bubblewrap)")
            p.add_argument("--scheduler", default=None, metavar="tcp://HOST:8786",
                           help="grade on the workers of this Dask scheduler (machines join with "
                                "`course worker --scheduler ...`) instead of --jobs processes here")
        if name == "grade":
            p.add_argument("--zip-collect", action="store_true",
                           help="first run `nbgrader zip_collect` on downloaded/<lab>/ (an LMS download)")
        if name == "demo":
            p.add_argument("--out", default=None, help="where to put the demo class (default: <course>/demo)")
            p.add_argument("--students", type=int, default=3,
                           help="size of the simulated class (default 3, about two minutes of grading on two "
                                "cores, every kind of outcome across the labs; 30 hands in every catalogued "
                                "mistake, alternative and hostile kind in every lab)")
            p.add_argument("--no-build", action="store_true", help="skip `course build`")
    sub.add_parser("worker", help="grade for a Dask scheduler: course worker --scheduler tcp://HOST:8786",
                   add_help=False)
    args = parser.parse_args(argv)
    try:
        course = args.course or layout.find_course()
    except ValueError as exc:
        parser.error(str(exc))
    if not layout.is_course(course):
        parser.error(f"--course {course} is not a course folder (no nbgrader_config.py and source/)")
    with layout.using(course):           # for this command only (main may be called in-process)
        return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
