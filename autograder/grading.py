"""Autograde a whole class (自动评分): nbgrader grades each submission, several at a time.

The pipeline for one student (`grade_student`, run inside a worker process):

1. check: are the submitted notebooks there and readable? If none is, record a 0 at once;
2. grade: nbgrader's own `NbGraderAPI.autograde` (sanitise, run in a kernel, save scores);
3. read back: the score from the gradebook, and what the graded notebook shows (cells stopped
   at the time limit, deleted test cells put back) as a reason;
4. if nbgrader gave up, a 0 through nbgrader's Gradebook with the reason from its log, and a
   graded notebook that shows the reason (`write_failed`), for feedback and the formgrader.

`autograde` hands the students to a small pool of worker processes (`autograder.workers`),
records each reason in `autograde_reasons.json` as soon as the student is done, and skips
students graded by an earlier run (unless `force`), so a run stopped midway loses nothing.

    from autograder.grading import autograde
    outcomes = autograde(course_dir, "hw01-basics", jobs=2)
    [(o.student, o.score, o.status) for o in outcomes]
    # -> [('alice', 80.0, 'graded'), ('mallory', 0.0, 'failed')]
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat
from traitlets.config import Config

from autograder.course import load_config, nbgrader_api, open_gradebook
from autograder.gradebook import (
    record_zero,
    serialise_writes,
    share_engines,
    submission_score,
)
from autograder.reasons import (
    ReasonBook,
    changed_locked_cells,
    changed_marks,
    check_submission,
    explain_failure,
    failed_notebook,
    read_graded,
)
from autograder.steps import StepFailed
from autograder.variants import RENDERED

VARIANT_SOURCES = (f"{RENDERED}/en", f"{RENDERED}/zh")

GRADED, WITH_ERRORS, FAILED = "graded", "graded-with-errors", "failed"


@dataclass(frozen=True)
class GradeOutcome:
    """How grading one student's submission went.

    `score` is the submission's score in the gradebook (0 when nothing ran), `max_score` the
    assignment's (automatic and manual points), `status` "graded", "graded-with-errors" or
    "failed", and `reason` a sentence for the lecturer ("" when all went well). `skipped` is
    True for a student an earlier run had graded already.

    >>> GradeOutcome("alice", 80.0, 100.0, "graded", "").status
    'graded'
    """

    student: str
    score: float
    max_score: float
    status: str
    reason: str
    skipped: bool = False


def autograde(
    course_dir: Path,
    assignment: str,
    *,
    jobs: int = 2,
    students: list[str] | None = None,
    force: bool = False,
    progress: Callable[[int, int], None] | None = None,
    cell_timeout: int | None = None,
    student_timeout: float | None = None,
    on_outcome: Callable[[GradeOutcome], None] | None = None,
) -> list[GradeOutcome]:
    """Autograde every submitted student of `assignment` (or only `students`), `jobs` at a time.

    Students graded by an earlier run of the same submission are skipped unless `force`.
    `progress(done, total)` is called after each student, and `on_outcome(outcome)` with each
    outcome. `cell_timeout` (seconds a cell may run) overrides the course configuration;
    `student_timeout` bounds a whole submission (default: ten cell timeouts, at least two
    minutes) — past it the worker and its kernel are killed and the student scores 0.

    autograde(course_dir, "hw01-basics", jobs=2, students=["alice"])
    # -> [GradeOutcome(student='alice', score=80.0, max_score=100.0, status='graded', reason='')]
    """
    from autograder.workers import WorkerPool

    course_dir = Path(course_dir).resolve()
    overrides = Config()
    if cell_timeout is not None:
        overrides.Execute.timeout = int(cell_timeout)
    if student_timeout is None:
        student_timeout = max(120.0, 10.0 * load_config(course_dir, overrides).Execute.timeout)
    wanted = sorted(students) if students is not None else submitted_students(course_dir,
                                                                               assignment)
    reasons = ReasonBook(course_dir)
    outcomes: dict[str, GradeOutcome] = {}

    def finished(outcome: GradeOutcome) -> None:
        outcomes[outcome.student] = outcome
        if not outcome.skipped:
            reasons.set(assignment, outcome.student, outcome.reason)
        if on_outcome is not None:
            on_outcome(outcome)
        if progress is not None:
            progress(len(outcomes), len(wanted))

    def lost(student: str, why: str) -> GradeOutcome:
        """A worker died or ran out of time: the student still gets a row and a reason."""
        return record_failure(course_dir, assignment, student, f"{why}; scored 0")

    # A worker takes seconds to import nbgrader: start the pool first whenever some student
    # has no graded notebook yet, so that the start-up overlaps the checks below.
    surely_todo = bool(wanted) and (force or any(
        not any((course_dir / "autograded" / s / assignment).glob("*.ipynb")) for s in wanted))
    pool = WorkerPool(course_dir, dict(overrides), jobs, student_timeout) if surely_todo else None
    try:
        _check_request(course_dir, assignment, wanted)
        earlier = {} if force else earlier_outcomes(course_dir, assignment, wanted, reasons)
        for student in wanted:
            if student in earlier:
                finished(earlier[student])
        todo = [student for student in wanted if student not in earlier]
        if todo:
            pool = pool or WorkerPool(course_dir, dict(overrides), jobs, student_timeout)
            pool.run(assignment, todo, finished, lost)
    finally:
        if pool is not None:
            pool.close()
    return [outcomes[student] for student in wanted]


def _check_request(course_dir: Path, assignment: str, students: list[str]) -> None:
    """Refuse, with a sentence, an assignment nbgrader does not know or a student who did not
    submit it (a typo must not put a student who does not exist in the gradebook)."""
    from nbgrader.api import MissingEntry

    with open_gradebook(course_dir) as gb:
        try:
            gb.find_assignment(assignment)
        except MissingEntry:
            raise StepFailed(f"autograde {assignment}", f"{assignment} is not in the gradebook: "
                             "release it (or generate it) first") from None
    absent = [s for s in students
              if not (Path(course_dir) / "submitted" / s / assignment).is_dir()]
    if absent:
        raise StepFailed(f"autograde {assignment}", f"no submission of {assignment} in "
                         f"submitted/ from: {', '.join(absent)}")


def submitted_students(course_dir: Path, assignment: str) -> list[str]:
    """Students with a folder for `assignment` in the course's submitted/ folder.

    >>> submitted_students(Path("/nowhere"), "hw01-basics")
    []
    """
    submitted = Path(course_dir) / "submitted"
    if not submitted.is_dir():
        return []
    return sorted(p.name for p in submitted.iterdir() if (p / assignment).is_dir())


def earlier_outcomes(course_dir: Path, assignment: str, students: list[str],
                     reasons: ReasonBook) -> dict[str, GradeOutcome]:
    """The students an earlier run graded, with what it found: those whose submission as it
    is now has a whole, run notebook in autograded/ for every notebook of the assignment
    (nbgrader's last step) and a row in the gradebook. A run stopped midway leaves no such
    notebook for the student it was grading, so that student is graded again.

    earlier_outcomes(course_dir, "hw01-basics", ["alice"], book)
    # -> {'alice': GradeOutcome(student='alice', score=80.0, ..., skipped=True)}
    """
    found = {}
    with open_gradebook(course_dir) as gb:
        row = gb.find_assignment(assignment)
        names, max_score = sorted(nb.name for nb in row.notebooks), float(row.max_score)
        for student in students:
            if not _graded_is_current(Path(course_dir), assignment, student, names):
                continue
            score = submission_score(gb, assignment, student)
            if score is None:
                continue
            graded = Path(course_dir) / "autograded" / student / assignment
            reason = reasons.get(assignment, student) or "; ".join(
                note for name in names if (note := read_graded(graded / f"{name}.ipynb")))
            status = WITH_ERRORS if reason else GRADED
            found[student] = GradeOutcome(student, score, max_score, status, reason, True)
    return found


def _graded_is_current(course_dir: Path, assignment: str, student: str,
                       names: list[str]) -> bool:
    submitted = course_dir / "submitted" / student / assignment
    graded = course_dir / "autograded" / student / assignment
    stamp = _text(submitted / "timestamp.txt")
    if stamp and stamp != _text(graded / "timestamp.txt"):
        return False  # collected again since: a new submission
    for name in names:
        theirs, ours = submitted / f"{name}.ipynb", graded / f"{name}.ipynb"
        if not ours.is_file():
            return False
        if theirs.is_file() and theirs.stat().st_mtime > ours.stat().st_mtime:
            return False
        try:
            graded = json.loads(ours.read_text(encoding="utf-8"))
        except ValueError:  # cut short while being written
            return False
        # nbgrader writes this file twice: once sanitised (outputs cleared, no cell run), then
        # once run and scored. Only the second shows run cells.
        if not any(cell.get("execution_count") for cell in graded.get("cells", [])):
            return False
    return True


def grade_student(api: Any, course_dir: Path, assignment: str, student: str) -> GradeOutcome:
    """Grade one student with nbgrader (`api` is an `NbGraderAPI` over the course) and say
    how it went. Runs inside a worker process; see the module docstring for the steps.

    grade_student(api, course_dir, "hw01-basics", "alice")
    # -> GradeOutcome(student='alice', score=80.0, max_score=100.0, status='graded', reason='')
    """
    course_dir = Path(course_dir)
    names = _notebook_names(course_dir, assignment)
    folder = course_dir / "submitted" / student / assignment
    readable, problem = check_submission(folder, names)
    present = [name for name in names if (folder / f"{name}.ipynb").is_file()]
    # nbgrader scores an absent notebook 0 and grades the others, but gives up on the whole
    # submission when a notebook is there and unreadable: say so ourselves, before it runs.
    if not readable or len(readable) < len(present):
        return record_failure(course_dir, assignment, student, f"{problem}; scored 0")

    result = api.autograde(assignment, student, force=True, create=True)
    if not result.get("success"):
        log = "\n".join([result.get("log", ""), result.get("error", "")])
        reason = explain_failure(log, [folder / f"{name}.ipynb" for name in readable], assignment)
        return record_failure(course_dir, assignment, student, reason)

    graded = course_dir / "autograded" / student / assignment
    notes = [problem] if problem else []
    for name in readable:
        # What the student was given: the release, the source, this class's rendered source.
        versions = [course_dir / step / assignment / f"{name}.ipynb"
                    for step in ("release", "source", *VARIANT_SOURCES)]
        notes.append(changed_locked_cells(folder / f"{name}.ipynb",
                                          [v for v in versions if v.is_file()]))
        notes.append(changed_marks(folder / f"{name}.ipynb", [v for v in versions if v.is_file()]))
        notes.append(read_graded(graded / f"{name}.ipynb"))
    notes = [note for note in notes if note]
    with open_gradebook(course_dir) as gb:
        score = submission_score(gb, assignment, student) or 0.0
        max_score = float(gb.find_assignment(assignment).max_score)
    reason = "; ".join(notes)
    return GradeOutcome(student, score, max_score, WITH_ERRORS if reason else GRADED, reason)


def record_failure(course_dir: Path, assignment: str, student: str, reason: str) -> GradeOutcome:
    """Score `student` 0 through nbgrader's Gradebook (a row the lecturer sees) and return the
    failed outcome with `reason`.

    record_failure(course_dir, "hw01-basics", "mallory", "no notebook").status
    # -> 'failed'
    """
    from nbgrader.utils import parse_utc

    # A graded notebook left from an earlier submission would contradict the 0 (nbgrader,
    # too, removes its output when it fails); it can always be made again from submitted/.
    graded = Path(course_dir) / "autograded" / student / assignment
    shutil.rmtree(graded, ignore_errors=True)
    stamp = _text(Path(course_dir) / "submitted" / student / assignment / "timestamp.txt")
    try:
        timestamp = parse_utc(stamp) if stamp else None
    except ValueError:
        timestamp = None
    with open_gradebook(course_dir) as gb:
        record_zero(gb, assignment, student, timestamp)
        max_score = float(gb.find_assignment(assignment).max_score)
        names = sorted(nb.name for nb in gb.find_assignment(assignment).notebooks)
    write_failed(course_dir, assignment, student, reason, names)
    return GradeOutcome(student, 0.0, max_score, FAILED, reason)


def write_failed(course_dir: Path, assignment: str, student: str, reason: str,
                 names: list[str]) -> None:
    """Put a graded notebook for each of `names` in autograded/ for a refused submission (see
    `autograder.reasons.failed_notebook`): with the gradebook's 0, nbgrader then counts it
    autograded, and `feedback` makes the student a page that says why.

    Its cells carry no execution count, so the next `autograde` grades the student again
    (a submission fixed in submitted/ is picked up), as it did when nothing was left here.
    """
    course_dir = Path(course_dir)
    folder = course_dir / "submitted" / student / assignment
    graded = course_dir / "autograded" / student / assignment
    graded.mkdir(parents=True, exist_ok=True)
    # As nbgrader's autograde copies them: feedback needs both (the secret names the page
    # in the exchange, so only that student can fetch it).
    for kept in ("timestamp.txt", "submission_secret.txt"):
        if (folder / kept).is_file() and not (folder / kept).is_symlink():
            shutil.copyfile(folder / kept, graded / kept)
    for name in names:
        nb = failed_notebook(course_dir / "release" / assignment / f"{name}.ipynb",
                             folder / f"{name}.ipynb", reason)
        nbformat.write(nb, graded / f"{name}.ipynb")


def worker_api(course_dir: Path, overrides: dict) -> Any:
    """The NbGraderAPI a worker grades with: safe gradebook writes through one engine per
    database, the course config.

    worker_api(course_dir, {})
    """
    serialise_writes()
    share_engines()
    return nbgrader_api(course_dir, Config(overrides))


def _notebook_names(course_dir: Path, assignment: str) -> list[str]:
    """The assignment's notebooks, as the gradebook knows them (set by generate_assignment)."""
    with open_gradebook(course_dir) as gb:
        return sorted(nb.name for nb in gb.find_assignment(assignment).notebooks)


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace").strip() if path.is_file() else ""

