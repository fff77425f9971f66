"""The grading tools around nbgrader: resuming, --force, progress, stopping a stuck submission,
a row and a reason for every broken submission, export and report, and tools that work from
the venv without activating it."""

from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from autograder.cli import main
from autograder.course import open_gradebook
from autograder.steps import StepFailed

HW01 = "hw01-basics"
REPO = Path(__file__).resolve().parents[2]
NO_VENV = "/usr/bin:/bin"


def with_cell(notebook, source: str, at: int | None = None):
    """`notebook` with one more code cell (at the end unless `at`)."""
    cell = nbformat.v4.new_code_cell(source)
    notebook.cells.insert(len(notebook.cells) if at is None else at, cell)
    return notebook


def without_cell(notebook, grade_id: str):
    notebook.cells = [c for c in notebook.cells
                      if c.metadata.get("nbgrader", {}).get("grade_id") != grade_id]
    return notebook


def autograde_command(course, *extra: str) -> list[str]:
    return [sys.executable, "-m", "autograder", "--course", str(course.root), "autograde", HW01,
            *extra]


def wait_for(condition, what: str, limit_s: float = 300) -> None:
    """Poll until `condition()`; fail (not a timing assert: a deadline for a hung test)."""
    deadline = time.monotonic() + limit_s
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.2)


def test_a_second_run_skips_graded_students_and_force_grades_them_again(course):
    course.submit("alice", course.solution())
    course.submit("bob", course.released())
    first = course.autograde()
    assert [(o.student, o.status, o.skipped) for o in first] == [
        ("alice", "graded", False), ("bob", "graded", False)]
    graded = course.root / "autograded" / "alice" / HW01 / f"{HW01}.ipynb"
    stamp = graded.stat().st_mtime_ns

    again = course.autograde()
    assert [(o.student, o.score, o.skipped) for o in again] == [
        ("alice", first[0].score, True), ("bob", 0.0, True)]
    assert graded.stat().st_mtime_ns == stamp  # not touched

    course.submit("bob", course.solution())  # a new submission is graded, the old one kept
    newer = course.autograde()
    assert [(o.student, o.skipped) for o in newer] == [("alice", True), ("bob", False)]
    assert course.gradebook_scores() == {"alice": first[0].score, "bob": first[0].score}

    forced = course.autograde(students=["alice"], force=True)
    assert [(o.student, o.status, o.skipped) for o in forced] == [("alice", "graded", False)]
    assert graded.stat().st_mtime_ns != stamp

    with pytest.raises(StepFailed, match="no submission of hw01-basics in submitted/ from: alcie"):
        course.autograde(students=["alcie"])  # a typo puts nobody in the gradebook
    assert sorted(course.gradebook_scores()) == ["alice", "bob"]


def test_a_run_killed_midway_loses_nothing_and_the_next_run_finishes(course):
    course.submit("a-quick", course.solution())
    course.submit("b-slow", with_cell(course.solution(), "import time\ntime.sleep(8)"))
    log = course.root / "autograde.log"
    run = subprocess.Popen(autograde_command(course, "--jobs", "1", "--cell-timeout", "60"),
                           cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(lambda: log.exists() and "for b-slow" in log.read_text(), "b-slow to start")
    finally:
        run.send_signal(signal.SIGKILL)  # the harshest stop: no clean-up at all
        run.wait()
    worker = int(log.read_text().split("for b-slow")[0].rsplit("[worker ", 1)[1].split("]")[0])
    wait_for(lambda: not Path(f"/proc/{worker}").exists(), "the orphaned worker to die", 30)

    rerun = subprocess.run(autograde_command(course, "--jobs", "1", "--cell-timeout", "60"),
                           cwd=REPO, capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    assert "2 graded, 0 graded with errors, 0 failed (1 graded by an earlier run" in rerun.stdout
    # Not a terminal, so the progress line prints one plain line per student.
    assert "hw01-basics: 2/2 students graded" in rerun.stderr.splitlines()
    scores = course.gradebook_scores()
    assert scores["a-quick"] == scores["b-slow"] > 0


def test_a_submission_past_its_time_is_stopped_and_the_next_one_graded(course):
    course.submit("a-stuck", with_cell(course.solution(), "import time\ntime.sleep(300)", at=2))
    course.submit("b-fine", course.solution())
    stuck, fine = course.autograde(jobs=1, cell_timeout=250, student_timeout=8)
    assert (stuck.student, stuck.status, stuck.score) == ("a-stuck", "failed", 0.0)
    assert stuck.reason == "grading took longer than 8 s and was stopped; scored 0"
    assert (fine.student, fine.status) == ("b-fine", "graded") and fine.score > 0
    assert course.gradebook_scores()["a-stuck"] == 0.0


def test_every_broken_submission_gets_a_row_a_reason_and_a_line_in_export_and_report(
        course, tmp_path):
    course.submit("ann", with_cell(with_cell(with_cell(
        course.solution(),
        "%load_ext ledgerkit\nimport ipywidgets\nipywidgets.IntSlider(3)"),
        "name = input('your name? ')"),  # no stdin while grading: an error, not a hang
        "%consensus pbft --nodes 4"))
    course.submit("cat", without_cell(course.solution(), "q1-tests"))
    course.submit("dan", with_cell(course.solution(), "import time\ntime.sleep(60)", at=2))
    course.submit("mallory", b'{"cells": [ this is not JSON')
    course.submit("nobody", None)
    outcomes = {o.student: o for o in course.autograde(cell_timeout=8)}

    assert set(course.gradebook_scores()) == set(outcomes)  # a row for everyone
    full = outcomes["ann"].score
    assert (outcomes["ann"].status, outcomes["ann"].reason) == ("graded", "") and full > 0
    assert outcomes["cat"].status == "graded-with-errors"
    assert outcomes["cat"].reason == "the student had deleted cell q1-tests; nbgrader put it back"
    assert outcomes["cat"].score == full  # the restored test ran, and passed
    assert outcomes["dan"].status == "graded-with-errors"
    assert outcomes["dan"].reason == "cell 3 ran past the time limit and was stopped"
    assert outcomes["dan"].score == full
    assert outcomes["mallory"].status == outcomes["nobody"].status == "failed"
    assert "hw01-basics.ipynb is not a readable notebook" in outcomes["mallory"].reason
    assert outcomes["nobody"].reason == "hw01-basics.ipynb is missing from the submission; " \
                                        "scored 0"
    reasons = json.loads((course.root / "autograde_reasons.json").read_text())[HW01]
    assert sorted(reasons) == ["cat", "dan", "mallory", "nobody"]

    with open_gradebook(course.root) as gb:
        gb.add_student("zoe")  # on the roll, never submitted
    table = tmp_path / "grades.csv"
    assert main(["--course", str(course.root), "export", "--csv", str(table)]) == 0
    with table.open(encoding="utf-8") as rows:
        reader = csv.DictReader(rows)
        by_student = {row["student_id"]: row for row in reader}
    assert reader.fieldnames == [
        "assignment", "duedate", "timestamp", "student_id", "last_name", "first_name", "email",
        "raw_score", "late_submission_penalty", "score", "max_score", "reason"]
    assert by_student["mallory"]["reason"] == reasons["mallory"]
    assert (by_student["zoe"]["reason"], float(by_student["zoe"]["score"])) == (
        "no submission", 0.0)
    assert by_student["ann"]["reason"] == ""

    plots = tmp_path / "plots"
    assert main(["--course", str(course.root), "report", HW01, "--out", str(plots)]) == 0
    assert (plots / f"{HW01}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_tools_find_alembic_without_an_active_venv(course, tmp_path):
    fresh = tmp_path / "fresh"  # no gradebook yet: nbgrader must run `alembic` to make one
    fresh.mkdir()
    shutil.copy(course.root / "nbgrader_config.py", fresh)  # its paths follow the file
    shutil.copytree(course.root / "source", fresh / "source")
    env = {**os.environ, "PATH": NO_VENV}
    plain = subprocess.run([str(Path(sys.executable).parent / "nbgrader"), "db", "student",
                            "list"], cwd=fresh, env=env, capture_output=True, text=True)
    assert plain.returncode != 0 and "alembic" in plain.stderr  # nbgrader alone cannot
    (fresh / "gradebook.db").unlink()  # the half-made gradebook it left behind

    ours = subprocess.run([sys.executable, "-m", "autograder", "--course", str(fresh),
                           "release", HW01], cwd=REPO, env=env, capture_output=True, text=True)
    assert ours.returncode == 0, ours.stderr
    with sqlite3.connect(fresh / "gradebook.db") as db:  # alembic stamped the new gradebook
        assert db.execute("SELECT count(*) FROM alembic_version").fetchone() == (1,)
    assert (course.exchange / "ledgerkit" / "outbound" / HW01 / f"{HW01}.ipynb").is_file()
