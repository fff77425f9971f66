"""The whole grading round trip through real nbgrader, as a lecturer and three students live it:

generate + release -> three students fetch, answer and submit through nbgrader's exchange ->
collect -> `python -m autograder autograde --jobs 2` -> feedback -> export --csv.

ada answers everything with the model solution, ben submits the notebook as released, cy
answers the first three questions right and one wrong.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import nbformat

from autograder.cli import main
from autograder.course import open_gradebook

HW01 = "hw01-basics"
REPO = Path(__file__).resolve().parents[2]


def answer(notebook, solution, right: int, wrong: int = 0) -> None:
    """Fill the first `right` answer cells with the model solution and the next `wrong` ones
    with a plausible wrong answer (the solution's variables, set to None); leave the rest."""
    model = {cell.metadata["nbgrader"]["grade_id"]: cell.source for cell in solution.cells
             if cell.metadata.get("nbgrader", {}).get("solution") and cell.cell_type == "code"}
    answers = [cell for cell in notebook.cells
               if cell.metadata.get("nbgrader", {}).get("grade_id") in model]
    for cell in answers[:right]:
        cell.source = model[cell.metadata["nbgrader"]["grade_id"]]
    for cell in answers[right:right + wrong]:
        source = model[cell.metadata["nbgrader"]["grade_id"]]
        names = {line.split("=")[0].strip() for line in source.splitlines()
                 if "=" in line and not line.startswith((" ", "#"))}
        cell.source = "\n".join(f"{name} = None" for name in sorted(names) if name.isidentifier())


def code_scores(course) -> dict[str, tuple[float, float]]:
    """Each student's (score, maximum) on the autograded parts of hw01."""
    with open_gradebook(course.root) as gb:
        return {sub.student.id: (float(sub.code_score), float(sub.max_code_score))
                for sub in gb.find_assignment(HW01).submissions}


def test_release_submit_collect_autograde_feedback_export(course, tmp_path):
    root = str(course.root)
    assert main(["--course", root, "release", HW01]) == 0

    solution = course.solution()
    for student, right, wrong in [("ada", 99, 0), ("ben", 0, 0), ("cy", 3, 1)]:
        path = course.fetch(student)
        notebook = nbformat.read(path, as_version=4)
        answer(notebook, solution, right, wrong)
        nbformat.write(notebook, path)
        course.submit_to_exchange(student)

    assert main(["--course", root, "collect", HW01]) == 0
    for student in ("ada", "ben", "cy"):
        assert (course.root / "submitted" / student / HW01 / f"{HW01}.ipynb").is_file()

    # The grading command as a lecturer types it, from a shell where the venv is not active.
    env = {**os.environ, "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-m", "autograder", "--course", root, "autograde", HW01,
         "--jobs", "2", "--cell-timeout", "20"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert "3 graded, 0 graded with errors, 0 failed" in done.stdout

    scores = code_scores(course)
    ada, ada_max = scores["ada"]
    assert ada == ada_max > 0  # 100% of the autograded points
    assert scores["ben"][0] == 0
    assert 0 < scores["cy"][0] < ada

    assert main(["--course", root, "feedback", HW01]) == 0
    for student in ("ada", "ben", "cy"):
        page = course.root / "feedback" / student / HW01 / f"{HW01}.html"
        assert page.is_file()
        [fetched] = course.fetch_feedback(student)  # what the student gets back
        assert fetched.read_text(encoding="utf-8") == page.read_text(encoding="utf-8")

    table = tmp_path / "grades.csv"
    assert main(["--course", root, "export", "--csv", str(table)]) == 0
    rows = {row["student_id"]: row for row in csv.DictReader(table.open(encoding="utf-8"))}
    assert set(rows) == {"ada", "ben", "cy"}
    assert float(rows["ada"]["score"]) == ada  # nothing graded by hand yet
    assert rows["cy"]["reason"] == "" and "reason" in rows["ben"]
