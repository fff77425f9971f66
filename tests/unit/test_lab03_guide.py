"""Lab 03's lecturer's guide tells the truth: every answer it quotes is what the code computes.

labs/lab03-supply-chain-finance/LECTURER.md lists its answers as markdown list items, one a
line, with the same convention as lab 01:

    - Expected (lab03.finance.1): `197000.00`     str() of that exercise's reference answer
    - Fact (order-hash): `db4a7db3`               another quoted value, computed by FACTS below

The tests parse those lines and recompute every value, and check that the guide, the student
notebook and the exercise bank name the same exercises and hand out the same data.
"""

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import nbformat
import pytest

from ledgerkit.errors import LedgerError
from ledgerkit.exercise_bank import lab03
from ledgerkit.exercises import all_exercises, get
from ledgerkit.finance.voucher import VoucherRegistry, trade_hash
from ledgerkit.i18n import set_language
from ledgerkit.vouchers_view import PARTIES

ROOT = Path(__file__).resolve().parents[2]
LAB = ROOT / "labs" / "lab03-supply-chain-finance"
GUIDE = LAB / "LECTURER.md"
NOTEBOOK = LAB / "lab03-supply-chain-finance.ipynb"
ANSWER_LINE = re.compile(r"^[ \t]*- (Expected|Fact) \(([\w.-]+)\): `([^`]*)`[ \t]*$",
                         re.MULTILINE)
CHECK_CALL = re.compile(r"""\bcheck\(\s*["']([^"']+)["']""")
LAB_IDS = sorted(item.id for item in all_exercises() if item.id.startswith("lab03."))


@pytest.fixture(autouse=True)
def english():
    set_language("en")
    yield
    set_language("en")


def _entries(kind: str) -> list[tuple[str, str]]:
    """(name, value) of every answer line of this kind, in the order of the guide."""
    text = GUIDE.read_text(encoding="utf-8")
    return [(name, value) for found, name, value in ANSWER_LINE.findall(text) if found == kind]


def _values(kind: str) -> dict[str, str]:
    return dict(_entries(kind))


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


# --- the guide ------------------------------------------------------------------------------


def test_the_lab_has_exercises_and_the_guide_has_answer_lines():
    assert len(LAB_IDS) >= 6
    assert _entries("Expected") and _entries("Fact")


def test_every_lab_exercise_has_exactly_one_expected_line():
    named = [name for name, _ in _entries("Expected")]
    assert sorted(named) == LAB_IDS


@pytest.mark.parametrize("exercise_id", LAB_IDS)
def test_expected_answer_is_what_the_reference_computes(exercise_id):
    assert _values("Expected")[exercise_id] == str(get(exercise_id).reference())


def test_every_fact_in_the_guide_is_known_and_each_appears_once():
    named = [name for name, _ in _entries("Fact")]
    assert sorted(named) == sorted(FACTS)


@pytest.mark.parametrize("name", sorted(FACTS))
def test_fact_is_what_the_code_computes(name):
    assert _values("Fact")[name] == FACTS[name]()


def test_the_guide_times_the_session_at_90_minutes():
    text = GUIDE.read_text(encoding="utf-8")
    timing = text[text.index("## Timing"):text.index("**A 60-minute session.**")]
    minutes = [int(found) for found in re.findall(r"^\| [^|]+ \| [^|]+ \| (\d+) \|", timing,
                                                  re.MULTILINE)]
    assert sum(minutes) == 90
    assert "| **total** | **90** |" in timing


def test_every_role_has_a_card():
    text = GUIDE.read_text(encoding="utf-8")
    cards = text[text.index("## Role cards"):text.index("## Timing")]
    for role in ("CarMaker", "SeatCo", "FrameCo", "FoamCo", "SteelCo", "Bank", "Regulator"):
        assert f"| {role} " in cards, role


# --- the notebook ---------------------------------------------------------------------------


def _notebook_code() -> list[str]:
    notebook = nbformat.read(NOTEBOOK, as_version=nbformat.NO_CONVERT)
    return [cell.source for cell in notebook.cells if cell.cell_type == "code"]


def test_notebook_checks_exactly_the_lab_exercises_once_each():
    used = [found for source in _notebook_code() for found in CHECK_CALL.findall(source)]
    assert sorted(used) == LAB_IDS


def test_notebook_hands_out_the_data_of_the_reference_solutions():
    source = "\n".join(_notebook_code())
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
    source = "\n".join(_notebook_code())
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
