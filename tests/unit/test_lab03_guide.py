"""Lab 03's lecturer's guide tells the truth: every answer it quotes is what the code computes.

labs/lab03-supply-chain-finance/LECTURER.md lists its answers as markdown list items, one a
line, with the same convention as lab 01:

    - Expected (lab03.finance.1): `197000.00`     str() of that exercise's reference answer
    - Fact (order-hash): `db4a7db3`               another quoted value, computed by FACTS below

The tests parse those lines and recompute every value, and check that the guide, the student
notebook and the exercise bank name the same exercises and hand out the same data.
"""

from datetime import date
from decimal import Decimal

import pytest
from lab_guide import LabGuide, LabGuideChecks, NinetyMinuteSession

from ledgerkit.errors import LedgerError
from ledgerkit.exercise_bank import lab03
from ledgerkit.finance.voucher import VoucherRegistry, trade_hash
from ledgerkit.vouchers_view import PARTIES

LAB = LabGuide("lab03-supply-chain-finance")




# --- the facts the guide quotes, computed the way a student (or the lecturer) would -----------


def _financing(name: str) -> str:
    done = lab03.played(name)
    return f"{done.days} days, interest {done.interest}, net {done.net}"


def _steel_waits() -> str:
    reg = lab03.new_platform()
    lab03.play_part1(reg)
    lab03.play_part2(reg)
    reg.advance_to(lab03.FOAM_ON)
    return str(reg.finance("V1.1.1", "Bank", lab03.STEEL_RATE, by="SteelCo").net)


def _depth_cap_rule() -> str:
    reg = VoucherRegistry(parties=PARTIES, start=date(2025, 1, 1), max_depth=2)
    lab03.play_part1(reg)
    lab03.play_part2(reg)
    lab03.play_part3(reg)
    return lab03.play_part4(reg)["B"]


FACTS = {
    "order-hash": lambda: trade_hash(lab03.ORDER)[:8],
    "live-after-part-2": lambda: ", ".join(f"{p.id} {p.holder} {p.amount}"
                                           for p in lab03.played("live")),
    "steel-financing": lambda: _financing("steel"),
    "foam-financing": lambda: _financing("foam"),
    "refusal-rules": lambda: ", ".join(f"{letter} {rule or 'accepted'}"
                                       for letter, rule in lab03.played("rules").items()),
    "payments": lambda: ", ".join(f"{p.holder} {p.amount} {p.voucher_id}"
                                  for p in lab03.played("payments")),
    "steel-waits": _steel_waits,
    "depth-cap-rule": _depth_cap_rule,
}


class TestLabGuide(LabGuideChecks, NinetyMinuteSession):
    lab = LAB
    facts = FACTS


# --- the guide ------------------------------------------------------------------------------


def test_every_role_has_a_card():
    text = LAB.text()
    cards = text[text.index("## Role cards"):text.index("## Timing")]
    for role in ("CarMaker", "SeatCo", "FrameCo", "FoamCo", "SteelCo", "Bank", "Regulator"):
        assert f"| {role} " in cards, role


# --- the notebook ---------------------------------------------------------------------------


def test_notebook_hands_out_the_data_of_the_reference_solutions():
    source = "\n".join(LAB.notebook_code())
    assert f'ORDER = "{lab03.ORDER}"' in source
    assert f'Decimal("{lab03.CREDIT_LINE}")' in source
    assert f'Decimal("{lab03.VOUCHER_AMOUNT}"), {lab03.VOUCHER_DAYS}, ORDER' in source
    for amount in (*lab03.SEAT_SPLIT, *lab03.FRAME_SPLIT):
        assert f'Decimal("{amount}")' in source
    steel, foam = lab03.STEEL_ON, lab03.FOAM_ON
    assert f"date({steel.year}, {steel.month}, {steel.day})" in source
    assert f'"Bank", Decimal("{lab03.STEEL_RATE}"), by="SteelCo"' in source
    assert f"date({foam.year}, {foam.month}, {foam.day})" in source
    assert f'"Bank", Decimal("{lab03.FOAM_RATE}"), by="FoamCo"' in source


def test_the_notebook_attempts_are_the_bank_attempts():
    """Each attempt of Part 4 in the notebook does what lab03.attempt does: same verdicts."""
    source = "\n".join(LAB.notebook_code())
    assert '"B": lambda: reg.split("V1.1.2", [100_000, 150_000], by="FrameCo")' in source
    assert '"C": lambda: reg.issue("CarMaker", "SeatCo", 300_000, 120, ORDER)' in source
    assert '"D": lambda: reg.split("V1.3", [470_000, 0], by="SeatCo")' in source
    assert sorted(lab03.ATTEMPTS) == ["A", "B", "C", "D", "E"]


def test_a_refused_attempt_changes_nothing():
    reg = lab03.new_platform()
    lab03.play_part1(reg)
    lab03.play_part2(reg)
    lab03.play_part3(reg)
    before = reg.state_bytes()
    with pytest.raises(LedgerError):
        lab03.attempt("A", reg)
    assert reg.state_bytes() == before


def test_settlement_pays_the_whole_voucher_once():
    paid = sum((p.amount for p in lab03.played("payments")), Decimal("0.00"))
    assert paid == lab03.VOUCHER_AMOUNT
    assert len({p.voucher_id for p in lab03.played("payments")}) == len(lab03.played("payments"))
