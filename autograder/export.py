"""Grades to a CSV file (导出成绩): nbgrader's own CSV export, plus a `reason` column.

nbgrader's `CsvExportPlugin` writes one row per assignment and student (assignment, duedate,
timestamp, student_id, names, email, raw_score, late_submission_penalty, score, max_score).
We run it, then add what the lecturer needs beside each score: why a submission scored
nothing or was not graded cleanly (from `autograde_reasons.json`), or "no submission".

    export_csv(course_dir, Path("grades.csv"))
    # -> 12
"""

from __future__ import annotations

import csv
import tempfile
from pathlib import Path

from autograder.course import open_gradebook
from autograder.reasons import ReasonBook

NO_SUBMISSION = "no submission"


def export_csv(course_dir: Path, destination: Path, assignments: list[str] | None = None) -> int:
    """Write the grades of the course (or of `assignments` only) to `destination`; return the
    number of rows written.

    export_csv(course_dir, Path("hw01.csv"), ["hw01-basics"])
    # -> 12
    """
    from nbgrader.plugins.export import CsvExportPlugin

    reasons = ReasonBook(course_dir).load()
    with tempfile.TemporaryDirectory() as scratch, open_gradebook(course_dir) as gb:
        plain = Path(scratch) / "nbgrader.csv"
        CsvExportPlugin(to=str(plain), assignment=list(assignments or [])).export(gb)
        submitted = {(sub.assignment.name, sub.student.id)
                     for a in gb.assignments for sub in a.submissions}
        with open(plain, newline="", encoding="utf-8") as source:
            reader = csv.DictReader(source)
            rows, fields = list(reader), [*(reader.fieldnames or []), "reason"]
    for row in rows:
        key = (row["assignment"], row["student_id"])
        row["reason"] = (reasons.get(key[0], {}).get(key[1], "") if key in submitted
                         else NO_SUBMISSION)
    with open(destination, "w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    return len(rows)

