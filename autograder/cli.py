"""`python -m autograder`: the lecturer's grading commands (评分命令).

    python -m autograder [--course DIR] COMMAND ...

    check                                  course, exchange, sandbox and tools: ready?
    release ASSIGNMENT [--force] [--lang zh] [--seed SEED]
                                           generate the student version, put it in the exchange
                                           (--lang zh: the Chinese edition, same grade ids;
                                           numbers drawn from the class seed, see README)
    collect ASSIGNMENT                     fetch the submissions from the exchange
    autograde ASSIGNMENT [--jobs N] [--student S]... [--force] [--cell-timeout SECONDS]
    feedback ASSIGNMENT [--no-release]     HTML feedback per student, back through the exchange
    export --csv FILE [--assignment A]...  grades with a reason column
    report [ASSIGNMENT] [--out DIR]        grade distribution and question difficulty (PNG)

Every command works from the virtual environment's Python without activating it: the tools
nbgrader starts by name (alembic) are looked up beside that Python first.

    >>> main(["--course", "/no/such/course", "check"])
    there is no nbgrader course at /no/such/course (no nbgrader_config.py)
    1
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from collections import Counter
from pathlib import Path

from autograder.course import CONFIG_FILE, DEFAULT_COURSE, LANGUAGES, load_config, use_venv_tools


def parser() -> argparse.ArgumentParser:
    """The command line: one sub-command a step of the grading pipeline.

    >>> parser().parse_args(["autograde", "hw01-basics", "--jobs", "4"]).jobs
    4
    """
    top = argparse.ArgumentParser(prog="python -m autograder",
                                  description="Grade the ledgerkit course with nbgrader.")
    top.add_argument("--course", type=Path, default=DEFAULT_COURSE,
                     help="the nbgrader course folder (default: %(default)s)")
    commands = top.add_subparsers(dest="command", required=True)

    commands.add_parser("check", help="is the course ready to grade?")

    release = commands.add_parser("release", help="generate and release an assignment")
    release.add_argument("assignment")
    release.add_argument("--force", action="store_true",
                         help="release again, replacing the copy in the exchange")
    release.add_argument("--lang", choices=LANGUAGES, default="en",
                         help="the edition to release: zh is the Chinese one (zh/autograder/"
                         "source), same assignment name and grade ids (default: %(default)s)")
    release.add_argument("--seed", help="the class seed the homework numbers are drawn from "
                         "(default: $LEDGERKIT_VARIANT_SEED, else variant-seed.txt in the "
                         "course, made on first use)")

    collect = commands.add_parser("collect", help="collect submissions from the exchange")
    collect.add_argument("assignment")

    grade = commands.add_parser("autograde", help="autograde the collected submissions")
    grade.add_argument("assignment")
    grade.add_argument("--jobs", type=int, default=available_cores(),
                       help="submissions graded at once (default: the number of cores)")
    grade.add_argument("--student", action="append", dest="students", metavar="STUDENT",
                       help="only this student (repeat for several)")
    grade.add_argument("--force", action="store_true",
                       help="grade again students an earlier run graded")
    grade.add_argument("--cell-timeout", type=int, metavar="SECONDS",
                       help="seconds one cell may run (default: nbgrader_config.py)")

    feedback = commands.add_parser("feedback", help="make and release feedback")
    feedback.add_argument("assignment")
    feedback.add_argument("--no-release", action="store_true",
                          help="only make the HTML files, do not put them in the exchange")

    export = commands.add_parser("export", help="export grades to CSV")
    export.add_argument("--csv", type=Path, required=True, metavar="FILE")
    export.add_argument("--assignment", action="append", dest="assignments",
                        help="only this assignment (repeat for several)")

    report = commands.add_parser("report", help="plots of grades and question difficulty")
    report.add_argument("assignment", nargs="?",
                        help="one assignment (default: each assignment in the gradebook)")
    report.add_argument("--out", type=Path, help="folder for the PNG files "
                        "(default: report/ in the course)")
    return top


def available_cores() -> int:
    """The cores this process may use (a container or a hub may give fewer than the machine's).

    >>> available_cores() >= 1
    True
    """
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def main(argv: list[str] | None = None) -> int:
    """Run one command; returns the exit status (0 when it worked).

    >>> main(["--course", "/no/such/course", "check"])
    there is no nbgrader course at /no/such/course (no nbgrader_config.py)
    1
    """
    args = parser().parse_args(argv)
    use_venv_tools()
    course = args.course.resolve()
    if not (course / CONFIG_FILE).is_file():
        print(f"there is no nbgrader course at {course} (no {CONFIG_FILE})")
        return 1
    from autograder.steps import StepFailed

    try:
        return COMMANDS[args.command](course, args)
    except StepFailed as failure:
        print(failure, file=sys.stderr)
        return 1


def run_check(course: Path, args: argparse.Namespace) -> int:
    """Print what grading will use, and whether each part is ready."""
    config = load_config(course)
    exchange = Path(config.Exchange.root)
    ready = exchange.is_dir() and os.access(exchange, os.W_OK | os.X_OK)
    print(f"course      {course} (course id {config.CourseDirectory.course_id})")
    print(f"gradebook   {config.CourseDirectory.db_url}")
    print(f"exchange    {exchange} ({'ready' if ready else 'MISSING or not writable'})")
    print(f"alembic     {shutil.which('alembic') or 'NOT FOUND'}")
    print(f"cell limit  {config.Execute.timeout} s")
    print(_sandbox_line())
    return 0 if shutil.which("alembic") else 1


def _sandbox_line() -> str:
    try:
        from autograder.sandbox import describe_sandbox
    except ImportError:
        return "sandbox: autograder/sandbox.py is missing, submissions run unsandboxed"
    return describe_sandbox()


def run_release(course: Path, args: argparse.Namespace) -> int:
    from autograder.steps import release
    from autograder.variants import SEED_FILE, SEED_VARIABLE, has_variants

    fresh = not (course / SEED_FILE).exists() and not os.environ.get(SEED_VARIABLE)
    release(course, args.assignment, force=args.force, lang=args.lang, seed=args.seed)
    edition = " (中文版, the Chinese edition)" if args.lang == "zh" else ""
    print(f"released {args.assignment}{edition} to the exchange")
    if has_variants(course / "source", args.assignment) and args.seed is None and fresh:
        print(f"a new class seed was written to {course / SEED_FILE}: keep it secret and keep "
              "it for the semester (新的班级种子已写入该文件：请保密，并在本学期内保留)")
    return 0


def run_collect(course: Path, args: argparse.Namespace) -> int:
    from autograder.grading import submitted_students
    from autograder.steps import collect

    collect(course, args.assignment)
    count = len(submitted_students(course, args.assignment))
    print(f"{args.assignment}: {count} submissions in {course / 'submitted'}")
    return 0


def run_autograde(course: Path, args: argparse.Namespace) -> int:
    from autograder.grading import autograde
    from autograder.progress import ProgressLine
    from autograder.workers import LOG_FILE

    line = ProgressLine(args.assignment)
    outcomes = autograde(course, args.assignment, jobs=args.jobs, students=args.students,
                         force=args.force, progress=line, on_outcome=line.note,
                         cell_timeout=args.cell_timeout)
    if not outcomes:
        print(f"no submissions of {args.assignment} in {course / 'submitted'}: "
              "run `collect` first")
        return 0
    counts = Counter(o.status for o in outcomes)
    skipped = sum(o.skipped for o in outcomes)
    print(f"{args.assignment}: {counts['graded']} graded, {counts['graded-with-errors']} "
          f"graded with errors, {counts['failed']} failed"
          + (f" ({skipped} graded by an earlier run; --force grades them again)"
             if skipped else ""))
    for o in outcomes:
        if o.reason:
            print(f"  {o.student}: {o.score:g}/{o.max_score:g} {o.status}: {o.reason}")
    print(f"reasons in {course / 'autograde_reasons.json'}, nbgrader's log in "
          f"{course / LOG_FILE}")
    # Said after grading, not before: finding out imports nbgrader, which would hold up the
    # start of the grading workers by seconds (`check` says it before any grading).
    print(_sandbox_line())
    return 0


def run_feedback(course: Path, args: argparse.Namespace) -> int:
    from autograder.steps import feedback

    feedback(course, args.assignment, release_to_students=not args.no_release)
    where = "feedback/" if args.no_release else "feedback/ and the exchange"
    print(f"feedback for {args.assignment} is in {where}")
    return 0


def run_export(course: Path, args: argparse.Namespace) -> int:
    from autograder.export import export_csv

    rows = export_csv(course, args.csv, args.assignments)
    print(f"{rows} rows written to {args.csv}")
    return 0


def run_report(course: Path, args: argparse.Namespace) -> int:
    import matplotlib

    matplotlib.use("Agg")  # files only, no window
    import matplotlib.pyplot as plt

    from ledgerkit.gradebook_report import assignments, class_report

    out = args.out or course / "report"
    out.mkdir(parents=True, exist_ok=True)
    for name in [args.assignment] if args.assignment else assignments(course):
        rep = class_report(course, name)
        figure = rep.figure()
        figure.savefig(out / f"{name}.png", dpi=120)
        plt.close(figure)
        print(rep.text())
        print(f"plots: {out / f'{name}.png'}\n")
    return 0


COMMANDS = {"check": run_check, "release": run_release, "collect": run_collect,
            "autograde": run_autograde, "feedback": run_feedback, "export": run_export,
            "report": run_report}
