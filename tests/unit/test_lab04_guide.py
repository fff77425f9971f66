"""Lab 04's lecturer's guide tells the truth: every answer it quotes is what the code computes.

labs/lab04-audit/LECTURER.md lists its answers as markdown list items, one a line, with the
convention of labs 01-03:

    - Expected (lab04.trace.2): `60`          str() of that exercise's reference answer
    - Fact (tip-hash): `fa88ffa0a299018e`     another quoted value, computed by FACTS below

The tests parse those lines and recompute every value, and check that the guide, the student
notebook and the exercise bank name the same exercises and hand out the same data.
"""

import re
from decimal import Decimal

from lab_guide import LabGuide, LabGuideChecks, NinetyMinuteSession

from ledgerkit.audit import integrity_report, trace_voucher
from ledgerkit.contracts import ContractError
from ledgerkit.exercise_bank import lab04
from ledgerkit.flawed.fixes import FIXES

LAB = LabGuide("lab04-audit")


# --- the facts the guide quotes, computed the way a student (or the lecturer) would -----------


def _fixed_rules() -> str:
    rules = []
    for name in sorted(FIXES):
        chain = lab04.audit_chain()
        book = chain.deploy(FIXES[name](), by="platform")
        book.issue("alice", Decimal("100.00"), by="platform")
        lab04.prepare(name, book)
        try:
            lab04.attack(name, book)
            rules.append(f"{name} accepted")
        except ContractError as refusal:
            rules.append(f"{name} {refusal.rule}")
    return ", ".join(rules)


FACTS = {
    "tip-hash": lambda: lab04.platform().chain.blocks[-1].hash_hex()[:16],
    "edited-message": lambda: integrity_report(lab04.edited_copy()).message,
    "forged-call": lambda: lab04.edited_copy().blocks[lab04.EDITED_BLOCK].calls[0].args,
    "financed-on": lambda: next(str(step.date) for step in trace_voucher(lab04.platform(), "V1.1.1")
                                if step.event == "financed"),
    "net-positions": lambda: ", ".join(f"{who} {amount}" for who, amount
                                       in sorted(lab04.book_report().net_positions.items())),
    "mallory-calls": lambda: str(sum(entry.accepted and entry.action == "split_pay"
                                     for entry in lab04.mallory_day().audit_trail(by="regulator"))),
    "fixed-rules": _fixed_rules,
}


class TestLabGuide(LabGuideChecks, NinetyMinuteSession):
    lab = LAB
    facts = FACTS


# --- the guide ------------------------------------------------------------------------------


def test_every_role_has_a_card():
    text = LAB.text()
    cards = text[text.index("## Role cards"):text.index("## Timing")]
    for role in ("IT auditor", "credit auditor", "accounting auditor", "code auditor",
                 "lead auditor"):
        assert f"| {role} " in cards, role


# --- the notebook ---------------------------------------------------------------------------


def test_the_notebook_checks_every_lab_exercise_once():
    calls = re.findall(r"""\bcheck\(\s*["']([^"']+)["']""", "\n".join(LAB.notebook_code()))
    assert sorted(calls) == LAB.exercise_ids()


def test_the_notebook_audits_the_lab_data():
    source = "\n".join(LAB.notebook_code())
    for call in ("lab04.platform()", "lab04.edited_copy()", "lab04.BOOK_CSV",
                 "lab04.transfers()", "lab04.mallory_day()"):
        assert call in source, call


def test_only_the_edited_block_differs_from_the_honest_copy():
    honest, suspect = lab04.platform().chain.blocks, lab04.edited_copy().blocks
    differing = [i for i, (a, b) in enumerate(zip(honest, suspect, strict=True)) if a != b]
    assert differing == [lab04.EDITED_BLOCK]
    assert integrity_report(lab04.platform().chain).ok


def test_the_flawed_contracts_accept_the_attacks_the_fixes_refuse():
    for name, fixed in FIXES.items():
        flawed = fixed.__mro__[1]
        chain = lab04.audit_chain()
        book = chain.deploy(flawed(), by="platform")
        book.issue("alice", Decimal("100.00"), by="platform")
        lab04.prepare(name, book)
        lab04.attack(name, book)  # raises if the flawed contract refused it
        assert chain.audit_trail(by="regulator")[-1].accepted, name
    assert "accepted" not in _fixed_rules()
