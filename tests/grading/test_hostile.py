"""One class of hw01-basics where most students are hostile or broken, graded in one batch.

Every student must end with a gradebook row, a score and, where grading had to step in, a
reason; the honest students keep full marks; nothing outside a student's own sandbox
changes (the hidden tests, every submission byte for byte); no process is left running;
and the submissions that hunted for the hidden tests found nothing."""

from __future__ import annotations

import hashlib
import uuid
from pathlib import Path

import hostile
import nbformat

from autograder.sandbox import describe_sandbox

CELL_TIMEOUT = 3  # seconds; each of hw01's honest cells needs well under half a second


def digests(root: Path, *folders: str) -> dict[str, str]:
    """sha256 of every file under the given folders of `root`."""
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for folder in folders for path in sorted((root / folder).rglob("*")) if path.is_file()
    }


def living_processes_with(marker: str) -> list[str]:
    """Command lines of running processes that hold `marker` (zombies have none)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmdline = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            if marker.encode() in cmdline:
                found.append(cmdline.decode(errors="replace"))
    return found


def graded(course, student: str) -> nbformat.NotebookNode:
    """The student's notebook as the autograder left it, outputs and all."""
    path = course.root / "autograded" / student / "hw01-basics" / "hw01-basics.ipynb"
    return nbformat.read(path, as_version=4)


def outputs(nb: nbformat.NotebookNode, grade_id: str) -> list[dict]:
    [cell] = [c for c in nb.cells if hostile.grade_id(c) == grade_id]
    return cell.get("outputs", [])


def test_a_hostile_class_is_graded_in_one_batch_and_harms_no_one(course):
    """Submit the whole class, grade it once (two at a time), then check every student."""
    released, solution = course.released(), course.solution()
    marker = f"lk-lingering-{uuid.uuid4().hex}"
    root = str(course.root)
    # Those built from the solution misbehave in one answer and get the rest right, so
    # their scores show that the rest of the notebook was still graded.
    submissions = {
        "honest-alice": solution,
        "honest-bob": solution,
        "endless-answer": hostile.endless_answer(solution),     # q1 hangs
        "endless-helper": hostile.endless_helper(solution),     # q5's function hangs
        "kernel-exit": hostile.kernel_exit(solution),           # dies in q2
        "stubborn-loop": hostile.stubborn_loop(solution),       # q1 ignores the interrupt
        "huge-output": hostile.huge_output(solution),           # q1 floods
        "memory-hog": hostile.memory_hog(solution),             # q2 allocates forever
        "widget-waiting": hostile.widget_waiting(solution),     # q1 waits for a click
        "deleted-tests": hostile.deleted_tests(solution),
        "edited-tests": hostile.edited_tests(released),
        "equals-everything": hostile.equals_everything(released),
        "shadowed-helpers": hostile.shadowed_helpers(released),
        "hunter": hostile.hunter(released, root),
        "vandal": hostile.vandal(released, root),
        "lingering": hostile.lingering(released, marker),
        "invalid-json": hostile.invalid_json(released),
        "old-nbformat": hostile.old_nbformat(solution),
        "empty-file": hostile.empty_file(released),
        "missing": hostile.missing(released),
    }
    for student, notebook in submissions.items():
        course.submit(student, notebook)
    before = digests(course.root, "submitted", "source", "release")

    outcomes = {o.student: o for o in course.autograde(jobs=2, cell_timeout=CELL_TIMEOUT)}

    assert "bubblewrap" in describe_sandbox()
    scores = course.gradebook_scores()
    assert sorted(outcomes) == sorted(scores) == sorted(submissions)  # a row for everyone
    for student, outcome in outcomes.items():
        assert outcome.score == scores[student], student
        assert 0 <= outcome.score <= outcome.max_score, student

    # Honest students keep every automatic point (q1-q6: 80; q7 is marked by hand).
    assert outcomes["honest-alice"].score == outcomes["honest-bob"].score == 80
    assert outcomes["honest-alice"].status == "graded" and outcomes["honest-alice"].reason == ""
    # A misbehaving answer loses its own points, the rest of the notebook is still graded.
    q1, q2, q5 = 12, 14, 14
    expected = {"endless-answer": 80 - q1, "endless-helper": 80 - q5, "kernel-exit": q1,
                "stubborn-loop": 0, "huge-output": 80 - q1, "widget-waiting": 80 - q1,
                "memory-hog": 80 - q2,
                "deleted-tests": 80,  # nbgrader put the tests back, and they pass
                "old-nbformat": 80}  # read as nbformat 4, graded as usual
    assert {s: scores[s] for s in expected} == expected
    # Cheating and breaking earn nothing.
    for student in ("edited-tests", "equals-everything", "shadowed-helpers", "hunter",
                    "vandal", "lingering", "invalid-json", "empty-file", "missing"):
        assert scores[student] == 0, student

    # Nothing outside each sandbox changed: every submission, the hidden tests, the release.
    assert digests(course.root, "submitted", "source", "release") == before

    # No student process outlived its notebook.
    assert "left two sleepers" in hostile.reported(graded(course, "lingering"))[0]
    assert living_processes_with(marker) == []

    # The hunter looked everywhere it could, and found neither hidden tests nor gradebook.
    [hunt] = hostile.reported(graded(course, "hunter"))
    assert int(hunt.split("looked at")[1].split()[0]) > 0 and hunt.endswith("found []"), hunt

    # The vandal tried, and wrote nothing.
    [attempt] = hostile.reported(graded(course, "vandal"))
    assert int(attempt.split("tried")[1].split()[0]) > 10 and attempt.endswith("wrote []")

    # The graded notebooks say what happened, cell by cell.
    stubborn = graded(course, "stubborn-loop")
    assert "ignored the interrupt" in outputs(stubborn, "q1-answer")[-1]["evalue"]
    assert outputs(stubborn, "q6-tests")[0]["evalue"].startswith("Not run:")
    assert outputs(graded(course, "kernel-exit"), "q2-answer")[-1]["ename"] == "DeadKernelError"
    assert outputs(graded(course, "memory-hog"), "q2-answer")[-1]["ename"] == "MemoryError"
    flood = outputs(graded(course, "huge-output"), "q1-answer")
    assert sum(len(str(out.get("text", ""))) for out in flood) < 6_000_000
    waiting = outputs(graded(course, "widget-waiting"), "q1-answer")
    assert "CellTimeoutError" in [out.get("ename") for out in waiting]

    # Where grading had to step in, the lecturer is told why.
    stepped_in = ["endless-answer", "endless-helper", "kernel-exit", "stubborn-loop",
                  "huge-output", "memory-hog", "widget-waiting", "deleted-tests",
                  "edited-tests", "invalid-json", "empty-file", "missing"]
    assert [student for student in stepped_in if not outcomes[student].reason] == []
