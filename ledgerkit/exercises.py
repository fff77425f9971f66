"""Instant feedback for course exercises (即时反馈练习).

An exercise is checked by id. A right answer says why it is right; a wrong one gets a hint
that points at the mistake without giving the answer away.

    from ledgerkit.exercises import check
    check("basics.hashing.1", answer)     # shows ✔ or ✘ with a hint

Exercises are defined chapter by chapter in `ledgerkit.exercise_bank`; each one carries a
reference solution and typical wrong answers, and the test suite proves that every check
accepts its reference and rejects those wrong answers.
"""

from __future__ import annotations

import html
import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ledgerkit.errors import InputError
from ledgerkit.i18n import get_language, text
from ledgerkit.progress import record_check

# A hint or explanation in both languages: (English, 简体中文).
Bilingual = tuple[str, str]


@dataclass(frozen=True)
class Exercise:
    """One checkable exercise.

    `judge(answer)` returns None when the answer is right, or a bilingual hint when it is
    not. `reference()` computes the right answer the way a student should; `wrong_answers`
    are typical mistakes that `judge` must reject.
    """

    id: str
    judge: Callable[[Any], Bilingual | None]
    reference: Callable[[], Any]
    wrong_answers: tuple[Any, ...]
    why: Bilingual = ("", "")


@dataclass(frozen=True)
class Feedback:
    """The result of `check`: true when right. Shows green or red in a notebook."""

    exercise_id: str
    correct: bool
    message: str = field(default="")

    def __bool__(self) -> bool:
        return self.correct

    def __repr__(self) -> str:
        mark = "✔" if self.correct else "✘"
        return f"{mark} [{self.exercise_id}] {self.message}"

    def _repr_html_(self) -> str:
        colour, mark = ("#1a7f37", "✔") if self.correct else ("#cf222e", "✘")
        return (
            f'<div class="lk-feedback" style="border-left:4px solid {colour};padding:4px 8px;'
            f'color:{colour}"><b>{mark} {html.escape(self.exercise_id)}</b> '
            f"{html.escape(self.message)}</div>"
        )


REGISTRY: dict[str, Exercise] = {}


def register(exercise: Exercise) -> Exercise:
    """Add an exercise to the registry (ids are unique).

    >>> register(Exercise("demo.doc.1", lambda a: None, lambda: 1, ())).id
    'demo.doc.1'
    """
    if exercise.id in REGISTRY and REGISTRY[exercise.id] != exercise:
        raise ValueError(f"exercise id {exercise.id!r} is registered twice")
    REGISTRY[exercise.id] = exercise
    return exercise


def exercise(
    exercise_id: str,
    *,
    reference: Callable[[], Any],
    wrong_answers: tuple[Any, ...],
    why: Bilingual = ("", ""),
) -> Callable[[Callable[[Any], Bilingual | None]], Exercise]:
    """Decorator form of `register`: the decorated function is the judge.

    >>> @exercise("demo.sum.1", reference=lambda: 2 + 2, wrong_answers=(5, "4"),
    ...           why=("2 + 2 is 4.", "2 + 2 等于 4。"))
    ... def _judge(answer):
    ...     if answer != 4:
    ...         return ("Add the two numbers.", "把两个数相加。")
    >>> check("demo.sum.1", 5).correct, check("demo.sum.1", 4).correct
    (False, True)
    """

    def decorate(judge: Callable[[Any], Bilingual | None]) -> Exercise:
        return register(Exercise(exercise_id, judge, reference, wrong_answers, why))

    return decorate


def _load_bank() -> None:
    """Import every module of ledgerkit.exercise_bank once, so their exercises register."""
    bank = importlib.import_module("ledgerkit.exercise_bank")
    for module in pkgutil.iter_modules(bank.__path__):
        importlib.import_module(f"ledgerkit.exercise_bank.{module.name}")


def get(exercise_id: str) -> Exercise:
    """The registered exercise with this id, or a clear error listing the known prefixes."""
    _load_bank()
    if exercise_id not in REGISTRY:
        prefixes = sorted({known.rsplit(".", 1)[0] for known in REGISTRY})
        raise InputError(
            "err.unknown_exercise", exercise_id=exercise_id, prefixes=", ".join(prefixes)
        )
    return REGISTRY[exercise_id]


def check(exercise_id: str, answer: Any) -> Feedback:
    """Check `answer` for the exercise `exercise_id` and say at once whether it is right.

    A judge that trips over a strange answer (wrong type, say) counts it as wrong with a
    hint, rather than crashing the learner's cell.

    >>> check("no.such.exercise", 1)
    Traceback (most recent call last):
    ...
    ledgerkit.errors.InputError: There is no exercise 'no.such.exercise'. Known exercises...
    """
    chosen = get(exercise_id)
    lang = 1 if get_language() == "zh" else 0
    try:
        hint = chosen.judge(answer)
    except Exception as problem:  # a learner's odd answer must not crash the check
        hint = (
            f"The answer could not be checked ({type(problem).__name__}: {problem}). "
            "Check its type.",
            f"无法检查该答案（{type(problem).__name__}: {problem}）。请检查答案的类型。",
        )
    if hint is None:
        feedback = Feedback(exercise_id, True, text("check.right", why=chosen.why[lang]).strip())
    else:
        feedback = Feedback(exercise_id, False, text("check.wrong", hint=hint[lang]))
    if answer is not None:  # `answer = None` is an exercise not tried yet, not a wrong answer
        record_check(exercise_id, feedback.correct)
    return feedback


def all_exercises() -> list[Exercise]:
    """Every registered exercise, sorted by id (used by the tests and the progress report)."""
    _load_bank()
    return sorted(REGISTRY.values(), key=lambda item: item.id)
