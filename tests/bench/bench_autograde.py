"""Autograding a class: our parallel, sandboxed `autograde` against nbgrader's own.

1. 60 submissions of hw01-basics (half the model solution, half the released notebook
   unchanged), graded by `autograder.grading.autograde(jobs=2)` with the course's sandbox,
   against `nbgrader autograde` run serially on an identical copy of the course with
   nbgrader's own Execute step (no sandbox; the rest of the configuration the same). Each
   is timed twice, in the order nbgrader, ours, ours, nbgrader, so that a machine getting
   busier or quieter during the run weighs on both alike; the figure is the ratio of
   submissions graded per minute. Goal: >= 1.6 on 2 cores.
2. 100 submissions with jobs=2 (sandboxed): wall time against a 60 s budget on 2 cores.

Every run grades a fresh copy of the course, made before the clock starts; its wall time
includes starting the grading processes (for nbgrader, its own start).

    python tests/bench/run.py autograde
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from run import Figure, report

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

HW01 = "hw01-basics"
JOBS = 2
# Appended to the baseline's copy of the configuration: nbgrader's default autograde steps,
# with its own Execute and CheckCellMetadata steps, so no sandbox.
PLAIN_NBGRADER = """
c.Autograde.pop("sanitize_preprocessors", None)
c.Autograde.pop("autograde_preprocessors", None)
"""


def make_course(folder: Path, submissions: int) -> Path:
    """A course in `folder` with hw01 generated and `submissions` collected submissions,
    alternately the model solution and the released notebook."""
    from autograder.course import DEFAULT_COURSE
    from autograder.steps import generate
    from autograder.variants import RENDERED

    root = folder / "course"
    (root / "source").mkdir(parents=True)
    shutil.copy(DEFAULT_COURSE / "nbgrader_config.py", root)
    shutil.copytree(DEFAULT_COURSE / "source" / HW01, root / "source" / HW01)
    generate(root, HW01)
    # The model solution with this course's numbers (release renders them into variant-source).
    solution = root / RENDERED / "en" / HW01 / f"{HW01}.ipynb"
    copies = [solution, root / "release" / HW01 / f"{HW01}.ipynb"]
    for number in range(submissions):
        folder = root / "submitted" / f"student{number:03d}" / HW01
        folder.mkdir(parents=True)
        shutil.copy(copies[number % 2], folder / f"{HW01}.ipynb")
        (folder / "timestamp.txt").write_text("2026-11-26 12:00:00.000000 UTC")
    return root


def fresh_copy(template: Path, folder: Path) -> Path:
    return Path(shutil.copytree(template, folder / "course"))


def ours(root: Path) -> float:
    """Seconds for our autograde with JOBS workers, sandboxed; checks every score."""
    from autograder.grading import autograde

    start = time.perf_counter()
    outcomes = autograde(root, HW01, jobs=JOBS)
    wall = time.perf_counter() - start
    solutions, unchanged = {o.score for o in outcomes[0::2]}, {o.score for o in outcomes[1::2]}
    assert all(o.status == "graded" for o in outcomes), [o for o in outcomes if o.reason]
    assert solutions == {80.0} and unchanged == {0.0}, (solutions, unchanged)
    return wall


def nbgrader_serial(root: Path) -> float:
    """Seconds for `nbgrader autograde` on the course, as nbgrader runs it: one at a time."""
    with open(root / "nbgrader_config.py", "a") as config:
        config.write(PLAIN_NBGRADER)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "nbgrader", "autograde", HW01], cwd=root,
                   check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> list[Figure]:
    from autograder.sandbox import describe_sandbox

    print(f"   {describe_sandbox()}", flush=True)
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        sixty, hundred = make_course(scratch / "sixty", 60), make_course(scratch / "hundred", 100)
        runs = [(nbgrader_serial, "a"), (ours, "b"), (ours, "c"), (nbgrader_serial, "d")]
        times: dict[str, list[float]] = {"nbgrader_serial": [], "ours": []}
        for grade, name in runs:
            times[grade.__name__].append(grade(fresh_copy(sixty, scratch / name)))
        hundred_s = ours(hundred)
    base_s, ours_s = (sum(times[k]) / len(times[k]) for k in ("nbgrader_serial", "ours"))
    shown = {k: " and ".join(f"{t:.1f}" for t in v) for k, v in times.items()}
    print(f"   60 submissions: nbgrader serial {shown['nbgrader_serial']} s, ours --jobs {JOBS} "
          f"{shown['ours']} s; 100 submissions: {hundred_s:.1f} s", flush=True)
    return [
        Figure(f"autograde 60 submissions, --jobs {JOBS} sandboxed (vs nbgrader serial)",
               60 / ours_s * 60, 60 / base_s * 60, "submissions/min", "goal: >= 1.6"),
        Figure(f"autograde 100 submissions, --jobs {JOBS} sandboxed, wall (vs 60 s budget)",
               hundred_s, 60.0, "s", "goal: <= 1.00"),
    ]


if __name__ == "__main__":
    start = time.perf_counter()
    report(main())
    print(f"   ({time.perf_counter() - start:.1f} s)")
