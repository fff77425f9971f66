"""This class's numbers for hw02-applications (本班的题目数字): see autograder/variants.py.

`draw(rng)` gives every `{{placeholder}}` of hw02-applications.ipynb its value for one
class. The hidden tests compute the expected money from these values (or from the
read-only data cells) with ledgerkit, so nothing here is an answer except the voucher
lineage of question 3, which follows from the drawn order of the splits.

>>> import random
>>> values = draw(random.Random("a class"))
>>> values["q2_for_d"] < values["q2_for_c"] < values["q2_root"] <= values["q2_line"]
True
>>> values["q4_days"] <= 181 and values["q3_lineage"][0] == "V1"
True
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from autograder.variants import Code

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


def draw(rng: random.Random) -> dict:
    """Every placeholder's value for the class whose generator is `rng`."""
    return {**_q1(rng), **_q2(rng), **_q3(rng), **_q4(rng), **_q5(rng), **_q6(rng)}


def _q1(rng: random.Random) -> dict:
    """A voucher piece financed as factoring: face, days left, annual rate (3.0–5.5%)."""
    per_mille = rng.randrange(60, 111) * 5          # 3.00% to 5.50% in steps of 0.05%
    return {"q1_face": rng.randrange(10, 91) * 10_000, "q1_days": rng.randrange(30, 181),
            "q1_rate": Decimal(per_mille) / 10_000, "q1_rate_pct": _pct(per_mille)}


def _q2(rng: random.Random) -> dict:
    """A voucher split twice down the chain; every piece a whole 10,000 yuan."""
    root = rng.randrange(6, 31) * 100_000
    for_c = rng.randrange(2, root // 100_000) * 100_000
    for_d = rng.randrange(1, for_c // 10_000) * 10_000
    return {"q2_line": root * rng.choice([2, 3, 4]), "q2_root": root,
            "q2_days": rng.choice([60, 90, 120, 150, 180]),
            "q2_po": f"PO-2026-{rng.randrange(1, 999):03d}",
            "q2_for_c": for_c, "q2_for_d": for_d,
            "q2_kept_b": root - for_c, "q2_kept_c": for_c - for_d,
            "q2_split_b": Code(f"[{_y(for_c)}, {_y(root - for_c)}]"),
            "q2_split_c": Code(f"[{_y(for_d)}, {_y(for_c - for_d)}]")}


def _q3(rng: random.Random) -> dict:
    """The regulator's platform: amounts, and which piece of each split moves on."""
    v1, v2 = rng.randrange(15, 31) * 100_000, rng.randrange(5, 11) * 100_000
    to_bolts = rng.randrange(3, 9) * 100_000
    to_steel = rng.randrange(3, to_bolts // 50_000) * 50_000
    small = rng.randrange(1, to_steel // 50_000) * 50_000
    while small * 2 == to_steel:                     # no tie: "the largest" must be one piece
        small = rng.randrange(1, to_steel // 50_000) * 50_000
    v1_pieces, i = _ordered(rng, v1 - to_bolts, to_bolts)          # i: the piece for bolts
    bolts_pieces, j = _ordered(rng, to_bolts - to_steel, to_steel)  # j: the piece for steel
    steel_pieces, _ = _ordered(rng, small, to_steel - small)
    bolts_id = f"V1.{i}"
    steel_id = f"{bolts_id}.{j}"
    largest = 1 + steel_pieces.index(max(steel_pieces))
    v2_first = rng.randrange(1, v2 // 100_000) * 100_000
    return {"q3_v1": Code(_y(v1)), "q3_v1_days": rng.choice([120, 150, 180]),
            "q3_v2": Code(_y(v2)), "q3_v2_days": rng.choice([60, 90]),
            "q3_line": Code(_y((v1 + v2) * 2)),
            "q3_v1_split": Code(f"[{_y(v1_pieces[0])}, {_y(v1_pieces[1])}]"),
            "q3_v2_split": Code(f"[{_y(v2_first)}, {_y(v2 - v2_first)}]"),
            "q3_bolts_id": Code(f'"{bolts_id}"'),
            "q3_bolts_split": Code(f"[{_y(bolts_pieces[0])}, {_y(bolts_pieces[1])}]"),
            "q3_steel_id": Code(f'"{steel_id}"'),
            "q3_steel_split": Code(f"[{_y(steel_pieces[0])}, {_y(steel_pieces[1])}]"),
            "q3_lineage": ["V1", bolts_id, steel_id, f"{steel_id}.{largest}"]}


def _q4(rng: random.Random) -> dict:
    """A bank-accepted bill discounted 20–180 days before maturity at 1.0‰–2.9‰ a month
    (1.2%–3.5% a year)."""
    start = date(2026, 1, 5) + timedelta(days=rng.randrange(0, 170))
    due = start + timedelta(days=rng.randrange(20, 181))
    tenth_per_mille = rng.randrange(20, 59) * 5       # 1.00‰ to 2.90‰ in steps of 0.05‰
    return {"q4_face": rng.randrange(10, 501) * 10_000,
            "q4_start": Code(f"date({start.year}, {start.month}, {start.day})"),
            "q4_due": Code(f"date({due.year}, {due.month}, {due.day})"),
            "q4_start_text": _day(start), "q4_due_text": _day(due), "q4_days": (due - start).days,
            "q4_start_zh": _day_zh(start), "q4_due_zh": _day_zh(due),
            "q4_rate": Decimal(tenth_per_mille) / 100_000,
            "q4_rate_text": f"{Decimal(tenth_per_mille) / 100:.2f}".rstrip("0").rstrip(".")}


def _q5(rng: random.Random) -> dict:
    """An invoice factored: advance 70–90%, 3.0–6.0% a year on the advance, fee 0.5–2%."""
    advance = rng.randrange(14, 19) * 5
    per_mille = rng.randrange(30, 61)
    fee = rng.randrange(5, 21)
    return {"q5_invoice": rng.randrange(10, 91) * 10_000,
            "q5_days": rng.choice([30, 45, 60, 90, 120]),
            "q5_advance": Decimal(advance) / 100, "q5_advance_pct": str(advance),
            "q5_rate": Decimal(per_mille) / 1000, "q5_rate_pct": _pct(per_mille * 10),
            "q5_fee": Decimal(fee) / 1000, "q5_fee_pct": _pct(fee * 10)}


def _q6(rng: random.Random) -> dict:
    """The first year's collections of chapter 02's 100-million ABS: 86–99.9 million yuan,
    so the shortfall falls on C, on B or on both."""
    cash = Decimal(rng.randrange(8_600, 9_991)) * 10_000
    return {"q6_cash": Code(f'Decimal("{cash}.00")'), "q6_cash_text": cash}


def _ordered(rng: random.Random, kept: int, moved: int) -> tuple[list[int], int]:
    """The two pieces of a split in a random order, and the 1-based place of `moved`."""
    if rng.random() < 0.5:
        return [kept, moved], 2
    return [moved, kept], 1


def _y(amount: int) -> str:
    """A whole amount of yuan as Python source with thousands underscores: 1_500_000."""
    return f"{amount:_}"


def _pct(hundredths: int) -> str:
    """Hundredths of a percent as text: 420 → "4.2"."""
    return f"{Decimal(hundredths) / 100:.2f}".rstrip("0").rstrip(".")


def _day(day: date) -> str:
    """A date as the prompt writes it: 15 December 2025."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def _day_zh(day: date) -> str:
    """The same date as the Chinese edition writes it: 2025 年 12 月 15 日."""
    return f"{day.year} 年 {day.month} 月 {day.day} 日"
