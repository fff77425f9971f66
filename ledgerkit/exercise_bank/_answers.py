"""Reading learners' answers leniently, and the hints for an answer of the wrong kind.

Every chapter's exercises share these, so "7.0" counts as 7 everywhere and a wrong kind of
answer gets the same friendly hint in every notebook.

>>> whole_number(7.0), whole_number("7"), whole_number(True)
(7, None, None)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date, datetime
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


def names(answer: Any) -> list[str] | None:
    """A list or tuple of names as lower-case words, in order; None if it is not one.

    >>> names(["SeatCo", " bank "]), names("bank")
    (['seatco', 'bank'], None)
    """
    if isinstance(answer, (str, bytes)) or not isinstance(answer, (list, tuple)):
        return None
    found = [word(item) for item in answer]
    return None if None in found else found


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


# --- money and dates ------------------------------------------------------------------
FLOAT_MONEY: Bilingual = (
    "Money on a ledger is exact: give a Decimal, e.g. Decimal('1234.56'), or a whole number "
    "of yuan — not a float, which cannot hold most amounts exactly.",
    "账本上的金额必须精确：请给出 Decimal（例如 Decimal('1234.56')）或整数元，"
    "不要用浮点数，浮点数无法精确表示大多数金额。",
)
NOT_MONEY: Bilingual = (
    "Give an amount of yuan as a Decimal, e.g. Decimal('1234.56'), or a whole number — not "
    "text, a list or None.",
    "请以 Decimal（例如 Decimal('1234.56')）或整数给出金额（元），而不是文本、列表或 None。",
)
NOT_A_DATE: Bilingual = (
    "Give a date, e.g. date(2025, 1, 31) (from datetime import date).",
    "请给出一个日期，例如 date(2025, 1, 31)（from datetime import date）。",
)
ROUND_TO_FEN: Bilingual = (
    "Nearly: round to the fen (0.01 yuan), half up, as ledgerkit's to_fen does.",
    "差一点：请四舍五入到分（0.01 元），就像 ledgerkit 的 to_fen 那样。",
)


def money_answer(answer: Any) -> tuple[Decimal | None, Bilingual | None]:
    """An answer read as an exact amount, or a hint saying why it is not one.

    >>> money_answer(5), money_answer(5.0)[0]
    ((Decimal('5'), None), None)
    """
    if isinstance(answer, float):
        return None, FLOAT_MONEY
    if isinstance(answer, bool) or not isinstance(answer, (int, Decimal)):
        return None, NOT_MONEY
    if isinstance(answer, Decimal) and not answer.is_finite():
        return None, NOT_MONEY
    return Decimal(answer), None


def date_answer(answer: Any) -> date | None:
    """A date answer (a datetime or an ISO text such as "2025-03-31" also works), or None.

    >>> date_answer("2025-03-31"), date_answer(31)
    (datetime.date(2025, 3, 31), None)
    """
    if isinstance(answer, datetime):
        return answer.date()
    if isinstance(answer, date):
        return answer
    if isinstance(answer, str):
        try:
            return date.fromisoformat(answer.strip())
        except ValueError:
            return None
    return None
