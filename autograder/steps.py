"""The nbgrader steps around autograding (发布、收集、反馈): generate, release, collect, feedback.

Each one is nbgrader's own API call over the course (`autograder.course.nbgrader_api`); we
only check that it worked and, if not, raise `StepFailed` with the part of nbgrader's log
that says why.

    generate(course_dir, "hw01-basics")
    release(course_dir, "hw01-basics")
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from autograder.course import nbgrader_api


class StepFailed(RuntimeError):
    """An nbgrader step did not work; the message holds nbgrader's own words.

    >>> str(StepFailed("release hw01-basics", "[ERROR] Destination already exists"))
    'release hw01-basics failed:\\n[ERROR] Destination already exists'
    """

    def __init__(self, step: str, log: str):
        super().__init__(f"{step} failed:\n{log.strip()}")


def generate(course_dir: Path, assignment: str, *, force: bool = True) -> str:
    """source/ -> release/ (the student version) and the assignment in the gradebook.

    generate(course_dir, "hw01-basics")
    """
    api = nbgrader_api(course_dir)
    return _checked(f"generate {assignment}",
                    api.generate_assignment(assignment, force=force, create=True))


def release(course_dir: Path, assignment: str, *, force: bool = False) -> str:
    """Generate the student version, then put it in the exchange for students to fetch.

    release(course_dir, "hw01-basics")
    """
    generate(course_dir, assignment)
    api = nbgrader_api(course_dir)
    _exchange_ready(api)
    if force:
        api.unrelease(assignment)
    return _checked(f"release {assignment}", api.release_assignment(assignment))


def collect(course_dir: Path, assignment: str) -> str:
    """Copy every student's latest submission from the exchange to submitted/.

    collect(course_dir, "hw01-basics")
    """
    api = nbgrader_api(course_dir)
    _exchange_ready(api)
    return _checked(f"collect {assignment}", api.collect(assignment, update=True))


def feedback(course_dir: Path, assignment: str, *, release_to_students: bool = True) -> str:
    """Make an HTML feedback page per graded student (feedback/) and, unless told otherwise,
    put it in the exchange, where students fetch it.

    feedback(course_dir, "hw01-basics")
    """
    api = nbgrader_api(course_dir)
    log = _checked(f"feedback {assignment}", api.generate_feedback(assignment))
    if release_to_students:
        _exchange_ready(api)
        log += _checked(f"release feedback {assignment}", api.release_feedback(assignment))
    return log


def _exchange_ready(api: Any) -> None:
    root = Path(api.exchange_root)
    if not root.is_dir():
        raise StepFailed("the exchange", f"{root} does not exist: create it (a folder every "
                         "student can write to) or set LEDGERKIT_EXCHANGE to another folder")


def _checked(step: str, result: dict) -> str:
    if not result.get("success"):
        raise StepFailed(step, "\n".join([result.get("log", ""), result.get("error", "")]))
    return result.get("log", "")
