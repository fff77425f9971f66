"""Reading learners' answers leniently, and the hints for an answer of the wrong kind.

Every chapter's exercises share these, so "7.0" counts as 7 everywhere and a wrong kind of
answer gets the same friendly hint in every notebook.

>>> whole_number(7.0), whole_number("7"), whole_number(True)
(7, None, None)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from ledgerkit.exercises import Bilingual

NOT_A_NUMBER: Bilingual = (
    "Give a whole number (an int such as 42), not text, a list or None.",
    "请给出一个整数（例如 42 这样的 int），而不是文本、列表或 None。",
)
NOT_HEX: Bilingual = (
    'Give your answer as text of hex digits in quotes, e.g. "3f9a…" (.hex() turns bytes '
    "into such text).",
    '请把答案写成带引号的十六进制文本，例如 "3f9a…"（.hex() 可以把 bytes 变成这种文本）。',
)
BYTES_NOT_HEX: Bilingual = (
    "That is bytes; give it as hex text with .hex().",
    "这是 bytes；请用 .hex() 转成十六进制文本。",
)
NOT_A_LETTER: Bilingual = (
    'Give one letter in quotes: "A", "B" or "C".',
    '请给出一个带引号的字母："A"、"B" 或 "C"。',
)


def whole_number(answer: Any) -> int | None:
    """The answer as an int when it is a whole number (True/False are not numbers)."""
    if isinstance(answer, bool):
        return None
    if isinstance(answer, int):
        return answer
    if isinstance(answer, (float, Decimal)) and math.isfinite(answer) and answer == int(answer):
        return int(answer)
    return None


def hex_text(answer: Any) -> str | None:
    """A hex answer tidied up (spaces and letter case do not matter), or None if not text.

    >>> hex_text(" AB12 ")
    'ab12'
    """
    if not isinstance(answer, str):
        return None
    return answer.strip().lower()


def word(answer: Any) -> str | None:
    """A one-word answer, or a class such as ReplayError, as lower-case text; None if neither.

    >>> word("ReplayError") == word(ValueError.__mro__[0]) or word("  Bob ")
    'bob'
    """
    if isinstance(answer, type):
        answer = answer.__name__
    if isinstance(answer, str) and answer.strip():
        return answer.strip().lower()
    return None


def letter(answer: Any, choices: str = "ABC") -> str | None:
    """A multiple-choice answer as one upper-case letter from `choices`, or None.

    >>> letter(" b ")
    'B'
    """
    if not isinstance(answer, str) or answer.strip().upper() not in set(choices):
        return None
    return answer.strip().upper()


def node_and_term(answer: Any) -> tuple[int, int] | None:
    """A (node, term) answer as two ints; an Election from run_until_leader also works.

    >>> node_and_term((2, 3)), node_and_term("2, 3")
    ((2, 3), None)
    """
    if isinstance(answer, (str, bytes)) or not isinstance(answer, Sequence):
        return None
    if len(answer) not in (2, 3) or (len(answer) == 3 and not hasattr(answer, "elapsed_ms")):
        return None  # only an Election from run_until_leader() may carry a third number
    node, term = (whole_number(item) for item in answer[:2])
    return None if node is None or term is None else (node, term)
