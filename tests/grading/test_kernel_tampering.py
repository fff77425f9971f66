"""No points for tampering with the kernel (篡改内核不得分): the judge, tried with real cheats.

Eleven submissions of hw01 tamper with their own kernel in the first answer cell and answer
nothing honestly (tests/grading/cheats.py): input transformers, an AST hook, patched shell
methods, exception hooks, a trace function, a gc trick on the kernel object, patched builtins,
patched ledgerkit modules and a forged answer sheet. Graded with real nbgrader through
`autograder.autograde`:

- with the judge (the course's setting), every cheat scores 0 of the 80 automatic points,
  and the honest solution keeps all 80;
- with the judge turned off (`c.SandboxExecute.judge_tests = False`, test cells then run in
  the student's kernel as plain nbgrader runs them), the same cheats earn points: the
  protection is what stops them.
"""

from __future__ import annotations

import textwrap

import pytest
from cheats import CHEATS
from hostile import answered

from autograder.course import open_gradebook

HW01 = "hw01-basics"
# Cheats that earn all 80 points when the tests run in the student's own kernel (measured
# on 2026-12-08: see the second test). The others fail there too, for reasons of their own
# (nbgrader notices a suppressed traceback; the course's exact type checks), and stay here so
# that the judge is tried against them as well.
BEAT_THE_KERNEL = {"input-transformer", "transformer-post", "ast-hook", "patched-shell",
                   "gc-kernel"}


def _code_scores(course) -> dict[str, float]:
    with open_gradebook(course.root) as gb:
        return {sub.student.id: float(sub.code_score)
                for sub in gb.find_assignment(HW01).submissions}


def _submit_all(course) -> float:
    """Every cheat, the solution and an untouched copy; returns the automatic maximum."""
    released = course.released()
    for name, source in CHEATS.items():
        course.submit(name, answered(released, "q1-answer", textwrap.dedent(source)))
    course.submit("solution", course.solution())
    course.submit("untouched", released)
    with open_gradebook(course.root) as gb:
        return float(gb.find_assignment(HW01).max_code_score)


@pytest.fixture
def graded(course):
    full = _submit_all(course)
    outcomes = {o.student: o for o in course.autograde(jobs=2)}
    return course, full, outcomes


def test_every_cheat_scores_zero_and_the_solution_keeps_full_marks(graded):
    course, full, outcomes = graded
    scores = _code_scores(course)
    assert full == 80
    assert scores["solution"] == full, outcomes["solution"].reason
    assert scores["untouched"] == 0
    earned = {name: scores[name] for name in CHEATS if scores[name] > 0}
    assert earned == {}, f"cheats earned points: {earned}"


def test_without_the_judge_the_same_cheats_earn_points(graded):
    course, full, _ = graded
    with open(course.root / "nbgrader_config.py", "a", encoding="utf-8") as config:
        config.write("\nc.SandboxExecute.judge_tests = False\n")
    course.autograde(jobs=2, force=True)
    scores = _code_scores(course)
    assert scores["solution"] == full
    beaten = {name for name in CHEATS if scores[name] > 0}
    assert BEAT_THE_KERNEL <= beaten, f"expected to earn points without the judge: " \
        f"{sorted(BEAT_THE_KERNEL - beaten)}; scores {scores}"
