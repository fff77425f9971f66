"""Money, interest and day counting for the finance scenarios (金额、利息与计息天数).

Money is `decimal.Decimal` in yuan, rounded to the fen (分, 0.01) with ROUND_HALF_UP, as
Chinese banks round. Floats are refused: 0.1 + 0.2 != 0.3 in binary floating point, and a
ledger must add up to the fen. China counts discount interest on a 360-day year.

>>> discount_interest(Decimal("300000"), Decimal("0.036"), 90)
Decimal('2700.00')
"""

from __future__ import annotations

import calendar
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from ledgerkit.errors import InputError
from ledgerkit.i18n import register_strings

FEN = Decimal("0.01")

register_strings({
    "finance.float": (
        "{what} is a float ({value!r}); money and rates must be exact: write "
        "Decimal('{value}') instead.",
        "{what} 是浮点数（{value!r}）；金额和利率必须精确：请改写为 Decimal('{value}')。",
    ),
    "finance.not_number": (
        "{what} must be a Decimal or a whole number, not {type}.",
        "{what} 必须是 Decimal 或整数，而不是 {type}。",
    ),
    "finance.negative": (
        "{what} must be positive; got {value}.",
        "{what} 必须为正数；实际为 {value}。",
    ),
    "finance.days": (
        "The number of days must be a whole number of at least 0; got {value!r}.",
        "天数必须是不小于 0 的整数；实际为 {value!r}。",
    ),
    "finance.basis": (
        "The day-count basis must be 360 or 365; got {value!r}.",
        "计息基础必须是 360 或 365；实际为 {value!r}。",
    ),
    "finance.dates_order": (
        "The maturity date {due} is before the start date {start}.",
        "到期日 {due} 早于起始日 {start}。",
    ),
})


def as_decimal(value: Decimal | int | str, what: str = "amount") -> Decimal:
    """An exact Decimal from a Decimal, an int or a numeric string; floats are refused.

    >>> as_decimal("0.036", "rate")
    Decimal('0.036')
    """
    if isinstance(value, bool):
        raise InputError("finance.not_number", what=what, type="bool")
    if isinstance(value, float):
        raise InputError("finance.float", what=what, value=value)
    if isinstance(value, (Decimal, int)):
        return Decimal(value)
    if isinstance(value, str):
        try:
            return Decimal(value)
        except ArithmeticError:
            raise InputError("finance.not_number", what=what, type=repr(value)) from None
    raise InputError("finance.not_number", what=what, type=type(value).__name__)


def to_fen(value: Decimal | int | str, what: str = "amount") -> Decimal:
    """Round to the fen, half up: the one rounding rule used everywhere in ledgerkit.

    >>> to_fen(Decimal("2.345")), to_fen(1)
    (Decimal('2.35'), Decimal('1.00'))
    """
    return as_decimal(value, what).quantize(FEN, rounding=ROUND_HALF_UP)


def money(value: Decimal | int | str, what: str = "amount") -> Decimal:
    """A positive amount of money, rounded to the fen.

    >>> money("1000000")
    Decimal('1000000.00')
    """
    amount = to_fen(value, what)
    if amount <= 0:
        raise InputError("finance.negative", what=what, value=amount)
    return amount


def days_between(start: date, due: date) -> int:
    """Interest days from `start` (counted) to the day before `due` (the due day is not).

    >>> days_between(date(2024, 6, 10), date(2024, 9, 10))
    92
    """
    if due < start:
        raise InputError("finance.dates_order", start=start, due=due)
    return (due - start).days


def discount_interest(
    face: Decimal | int | str, annual_rate: Decimal | str, days: int, basis: int = 360
) -> Decimal:
    """Discount interest (贴现利息) = face × annual rate × days / basis, rounded to the fen.

    >>> discount_interest(1_000_000, Decimal("0.036"), 92)   # 3‰ a month = 3.6% a year
    Decimal('9200.00')
    """
    face_value = money(face, "face")
    rate = as_decimal(annual_rate, "annual_rate")
    if rate < 0:
        raise InputError("finance.negative", what="annual_rate", value=rate)
    if isinstance(days, bool) or not isinstance(days, int) or days < 0:
        raise InputError("finance.days", value=days)
    if basis not in (360, 365):
        raise InputError("finance.basis", value=basis)
    return to_fen(face_value * rate * days / basis)


def discount_proceeds(
    face: Decimal | int | str, annual_rate: Decimal | str, days: int, basis: int = 360
) -> Decimal:
    """What the holder receives when discounting: face − discount interest (实付金额).

    >>> discount_proceeds(1_000_000, Decimal("0.036"), 92)
    Decimal('990800.00')
    """
    return money(face, "face") - discount_interest(face, annual_rate, days, basis)


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or that month's last day when it is shorter.

    >>> add_months(date(2025, 8, 31), 6)
    datetime.date(2026, 2, 28)
    """
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
