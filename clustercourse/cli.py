"""``course``: the instructor's command line, thin glue over nbgrader.

    course build [LAB ...]     release/ and solutions/ from source/
    course check [LAB ...]     reference gets full marks, blank gets 0 (exit 1 if not)
    course stale [LAB ...]     release/ or solutions/ out of date with source/ (exit 1 if so)
    course grade [LAB ...]     autograde submitted/, feedback, grades.csv
    course demo                build, simulate a class, grade it, print the grades
"""

import argparse
import shutil
import sys
from pathlib import Path

from . import build as B
from .course import Course
from .paths import ROOT, check_lab


def _labs(names):
    return [check_lab(n) for n in names] if names else B.available_labs()


def cmd_build(args):
    for lab in _labs(args.labs):
        print(f"building {lab}: release/{lab} and solutions/{lab}", flush=True)
        B.build_release(lab)
        B.build_solution(lab)
    return 0


def cmd_check(args):
    from .proof import check_lab as prove

    failed = False
    for lab in _labs(args.labs):
        problems = prove(lab)
        status = "ok" if not problems else "FAILED"
        print(f"{lab}: reference full marks, blank zero ... {status}")
        for p in problems:
            print(f"  - {p}")
        failed |= bool(problems)
    return 1 if failed else 0


def cmd_stale(args):
    failed = False
    for lab in _labs(args.labs):
        problems = B.stale(lab)
        print(f"{lab}: {'fresh' if not problems else 'STALE'}")
        for p in problems:
            print(f"  - {p}  (run `course build {lab}`)")
        failed |= bool(problems)
    return 1 if failed else 0


def print_report(report):
    table = report.table.copy()
    for lab, top in report.max_scores.items():
        table = table.rename(columns={lab: f"{lab} /{top:g}"})
    print(table.fillna("-").to_string())
    for student, lab, reason in report.broken:
        print(f"could not grade {student} / {lab}: {reason}")
    print(f"\ngrades:   {report.grades_csv}\nfeedback: {report.feedback_dir}/<student>/<lab>/")


def cmd_grade(args):
    from .grading import grade

    course = Course(args.course)
    labs = _labs(args.labs)
    print_report(grade(course, labs))
    return 0


def cmd_demo(args):
    from .demo import simulate_class
    from .grading import grade

    labs = _labs(args.labs)
    if not args.no_build:
        cmd_build(argparse.Namespace(labs=labs))
    out = Path(args.out).resolve()
    if out.exists():
        shutil.rmtree(out)
    course = simulate_class(out, labs)
    print(f"\ngrading the demo class in {out}", flush=True)
    print_report(grade(course, labs))
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(prog="course", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    for name, func, text in [("build", cmd_build, "generate release/ and solutions/"),
                             ("check", cmd_check, "reference full, blank zero, through nbgrader"),
                             ("stale", cmd_stale, "are release/ and solutions/ up to date?"),
                             ("grade", cmd_grade, "grade submitted/ of a course"),
                             ("demo", cmd_demo, "build, simulate a class and grade it")]:
        p = sub.add_parser(name, help=text)
        p.add_argument("labs", nargs="*", help="lab ids (default: every lab with a source)")
        p.set_defaults(func=func)
        if name == "grade":
            p.add_argument("--course", default=str(ROOT), help="course folder (default: this repository)")
        if name == "demo":
            p.add_argument("--out", default=str(ROOT / "demo"), help="where to put the demo class")
            p.add_argument("--no-build", action="store_true", help="skip `course build`")
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
