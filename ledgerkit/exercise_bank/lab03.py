"""Exercises and data of lab 03, supply-chain finance (供应链金融角色扮演).

A class plays a car maker's supply chain: the core enterprise, its suppliers of tiers 1 to 3,
a bank and a regulator. The data of the role play lives here, and the reference solutions
replay it on a `VoucherRegistry` exactly as the student notebook does, so the lecturer's
guide, the notebook and the checks agree to the fen.

>>> from ledgerkit.exercises import check
>>> bool(check("lab03.finance.1", Decimal("197000.00"))), bool(check("lab03.finance.1", 3000))
(True, False)
"""

from __future__ import annotations

import functools
from datetime import date
from decimal import Decimal
from typing import Any

from ledgerkit.errors import LedgerError
from ledgerkit.exercise_bank._answers import money_answer, whole_number
from ledgerkit.exercises import Bilingual, exercise
from ledgerkit.finance.voucher import VoucherRegistry
from ledgerkit.vouchers_view import BANK, CORE, PARTIES, START

# Part 1: the bank's credit line and the car maker's voucher.
CREDIT_LINE = Decimal("3000000.00")
ORDER = "PO-2025-0301"
VOUCHER_AMOUNT, VOUCHER_DAYS = Decimal("1200000.00"), 180
# Part 2: SeatCo pays FrameCo and FoamCo and keeps the rest; FrameCo pays SteelCo.
SEAT_SPLIT = (Decimal("450000.00"), Decimal("280000.00"), Decimal("470000.00"))
FRAME_SPLIT = (Decimal("200000.00"), Decimal("250000.00"))
# Part 3: SteelCo needs cash for its payroll on 2 March, FoamCo on 1 April.
STEEL_ON, STEEL_RATE = date(2025, 3, 2), Decimal("0.045")
FOAM_ON, FOAM_RATE = date(2025, 4, 1), Decimal("0.039")
# Part 4: five attempts, made one after another on the platform (letter -> who, what).
ATTEMPTS = {
    "A": "SteelCo transfers its financed piece V1.1.1 to FoamCo",
    "B": "FrameCo splits V1.1.2 into 100,000 and 150,000",
    "C": "CarMaker issues a second voucher of 300,000 for order PO-2025-0301",
    "D": "SeatCo splits V1.3 into 470,000 and 0",
    "E": "CarMaker issues 2,000,000 for a new order PO-2025-0415",
}


def new_platform() -> VoucherRegistry:
    """The platform at the start of the lab: the parties of the widget's supply chain, no
    voucher yet, the date 1 January 2025.

    >>> sorted(new_platform().parties)[:3]
    ['Bank', 'CarMaker', 'FoamCo']
    """
    return VoucherRegistry(parties=PARTIES, start=START)


def play_part1(reg: VoucherRegistry) -> None:
    """Part 1: the bank grants the credit line, the car maker issues V1 and confirms it."""
    reg.grant_credit_line(CORE, BANK, CREDIT_LINE)
    reg.issue(CORE, "SeatCo", VOUCHER_AMOUNT, VOUCHER_DAYS, ORDER)
    reg.confirm("V1", by=CORE)


def play_part2(reg: VoucherRegistry) -> None:
    """Part 2: SeatCo splits V1 in three and pays FrameCo and FoamCo; FrameCo splits its piece
    and pays SteelCo."""
    reg.split("V1", list(SEAT_SPLIT), by="SeatCo")
    reg.transfer("V1.1", "FrameCo", by="SeatCo")
    reg.transfer("V1.2", "FoamCo", by="SeatCo")
    reg.split("V1.1", list(FRAME_SPLIT), by="FrameCo")
    reg.transfer("V1.1.1", "SteelCo", by="FrameCo")


def play_part3(reg: VoucherRegistry) -> tuple[Any, Any]:
    """Part 3: SteelCo, then FoamCo, finance their pieces at the bank (factoring, 保理)."""
    reg.advance_to(STEEL_ON)
    steel = reg.finance("V1.1.1", BANK, STEEL_RATE, by="SteelCo")
    reg.advance_to(FOAM_ON)
    foam = reg.finance("V1.2", BANK, FOAM_RATE, by="FoamCo")
    return steel, foam


def attempt(letter: str, reg: VoucherRegistry) -> None:
    """Make attempt `letter` of Part 4 on `reg` (it raises a LedgerError when refused)."""
    if letter == "A":
        reg.transfer("V1.1.1", "FoamCo", by="SteelCo")
    elif letter == "B":
        reg.split("V1.1.2", [100_000, 150_000], by="FrameCo")
    elif letter == "C":
        reg.issue(CORE, "SeatCo", 300_000, 120, ORDER)
    elif letter == "D":
        reg.split("V1.3", [470_000, 0], by="SeatCo")
    else:
        reg.issue(CORE, "SeatCo", 2_000_000, 120, "PO-2025-0415")


def play_part4(reg: VoucherRegistry) -> dict[str, str | None]:
    """Part 4: every attempt in turn; letter -> the rule that refused it (None: allowed)."""
    rules: dict[str, str | None] = {}
    for letter in ATTEMPTS:
        try:
            attempt(letter, reg)
            rules[letter] = None
        except LedgerError as refusal:
            rules[letter] = refusal.key
    return rules


@functools.cache
def _played() -> dict[str, Any]:
    """Everything the lab computes, played once: the platform after each part."""
    reg = new_platform()
    play_part1(reg)
    available = reg.credit_available(CORE)
    play_part2(reg)
    live = reg.live_pieces("V1")
    lineage = [piece.id for piece in reg.lineage("V1.1.1")]
    steel, foam = play_part3(reg)
    rules = play_part4(reg)
    payments = reg.settle(on=reg.voucher("V1").due)
    return {"available": available, "live": live, "lineage": lineage, "steel": steel,
            "foam": foam, "rules": rules, "payments": payments}


def played(name: str) -> Any:
    """One value of the played lab, e.g. played("available").

    >>> played("available")
    Decimal('1800000.00')
    """
    return _played()[name]


def _money_hint(answer: Any, right: Decimal, hints: dict[Decimal, Bilingual],
                fallback: Bilingual) -> Bilingual | None:
    given, hint = money_answer(answer)
    if hint:
        return hint
    if given == right:
        return None
    return hints.get(given, fallback)


# --- Part 1 ---------------------------------------------------------------------------------
@exercise(
    "lab03.issue.1",
    reference=lambda: played("available"),
    wrong_answers=(CREDIT_LINE, VOUCHER_AMOUNT, Decimal("4200000"), 1.8e6),
    why=("The line is 3,000,000 and V1 used 1,200,000 of it: 1,800,000 is left.",
         "授信额度 3,000,000，V1 用掉 1,200,000：还剩 1,800,000。"),
)
def _available(answer: Any) -> Bilingual | None:
    return _money_hint(answer, played("available"), {
        CREDIT_LINE: ("Issuing a voucher uses the credit line: subtract V1.",
                      "签发凭证会占用授信额度：要减去 V1。"),
        VOUCHER_AMOUNT: ("That is what was issued; how much of the line is left?",
                         "这是已签发的金额；额度还剩多少？"),
    }, ("Ask the platform: reg.credit_available('CarMaker').",
        "问平台：reg.credit_available('CarMaker')。"))


# --- Part 2 ---------------------------------------------------------------------------------
@exercise(
    "lab03.split.1",
    reference=lambda: len(played("live")),
    wrong_answers=(6, 5, 3, 1),
    why=("V1 and V1.1 are frozen parents; V1.1.1, V1.1.2, V1.2 and V1.3 live on and add up "
         "to 1,200,000.",
         "V1 和 V1.1 是已冻结的原凭证；V1.1.1、V1.1.2、V1.2、V1.3 四张存续，合计 1,200,000。"),
)
def _live_count(answer: Any) -> Bilingual | None:
    given = whole_number(answer)
    if given is None:
        return ("Give a whole number of pieces.", "请给出凭证张数（整数）。")
    if given == len(played("live")):
        return None
    if given > len(played("live")):
        return ("A parent that was split is frozen (SPLIT): it no longer counts as live.",
                "已拆分的原凭证被冻结（SPLIT）：不再算作存续凭证。")
    return ("Count every piece nobody split further: reg.live_pieces('V1').",
            "数一数没有再被拆分的每一份：reg.live_pieces('V1')。")


def _ids(answer: Any) -> list[str] | None:
    if isinstance(answer, str):
        answer = [part for part in answer.replace("→", " ").replace(",", " ").split() if part]
    if not isinstance(answer, (list, tuple)):
        return None
    found = [getattr(item, "id", item) for item in answer]
    return [item.strip().upper() for item in found] if all(
        isinstance(item, str) for item in found) else None


@exercise(
    "lab03.split.2",
    reference=lambda: played("lineage"),
    wrong_answers=(["V1.1.1"], ["V1.1.1", "V1.1", "V1"], ["V1", "V1.1"], ["V1", "V1.2",
                                                                            "V1.1.1"]),
    why=("SteelCo's piece V1.1.1 comes from FrameCo's V1.1, which comes from the car maker's "
         "V1: the bank can see whose promise it buys (穿透).",
         "钢厂的 V1.1.1 来自框架厂的 V1.1，V1.1 来自主机厂的 V1：银行能看清自己买的是谁的"
         "付款承诺（穿透）。"),
)
def _lineage(answer: Any) -> Bilingual | None:
    given = _ids(answer)
    if given is None:
        return ('Give the ids as a list, root first, e.g. ["V1", ...].',
                '请以列表给出编号，根凭证在前，例如 ["V1", ...]。')
    right = played("lineage")
    if given == right:
        return None
    if given == right[::-1]:
        return ("Start from the root, as reg.lineage(...) does.",
                "从根凭证开始，就像 reg.lineage(...) 那样。")
    return ("Every piece traces back parent by parent to the root: ask reg.lineage('V1.1.1').",
            "每一份都能逐级追溯到根凭证：试试 reg.lineage('V1.1.1')。")


# --- Part 3 ---------------------------------------------------------------------------------
@exercise(
    "lab03.finance.1",
    reference=lambda: played("steel").net,
    wrong_answers=(Decimal("3000"), Decimal("200000"), Decimal("196975.00"),
                   Decimal("197041.10"), 197000.0),
    why=("120 days from 2 March to 30 June; 200,000 × 4.5% × 120 / 360 = 3,000 interest, so "
         "SteelCo gets 197,000 now.",
         "3 月 2 日到 6 月 30 日共 120 天；利息 200,000 × 4.5% × 120 / 360 = 3,000，钢厂现在拿到 "
         "197,000。"),
)
def _steel_net(answer: Any) -> Bilingual | None:
    return _money_hint(answer, played("steel").net, {
        played("steel").interest: ("That is the bank's interest; what does SteelCo receive?",
                                   "这是银行的利息；钢厂实得多少？"),
        FRAME_SPLIT[0]: ("Cash today is worth less than cash in June: the bank deducts "
                         "interest.", "今天的钱比六月的钱值钱：银行要扣利息。"),
    }, ("Count the days from 2 March (counted) to 30 June (not counted) on a 360-day year.",
        "从 3 月 2 日（计入）数到 6 月 30 日（不计入），一年按 360 天计。"))


@exercise(
    "lab03.finance.2",
    reference=lambda: played("steel").interest + played("foam").interest,
    wrong_answers=(Decimal("3000"), Decimal("2730"), Decimal("474270"), Decimal("5460.00")),
    why=("3,000 from SteelCo's piece and 280,000 × 3.9% × 90 / 360 = 2,730 from FoamCo's: "
         "5,730, collected as the difference between face and price at maturity.",
         "钢厂那份 3,000，加上泡沫厂那份 280,000 × 3.9% × 90 / 360 = 2,730：共 5,730，"
         "到期时以面额与买价之差的形式收回。"),
)
def _bank_interest(answer: Any) -> Bilingual | None:
    steel, foam = played("steel"), played("foam")
    return _money_hint(answer, steel.interest + foam.interest, {
        steel.interest: ("Add FoamCo's financing too.", "还要加上泡沫厂的那笔融资。"),
        foam.interest: ("Add SteelCo's financing too.", "还要加上钢厂的那笔融资。"),
        steel.net + foam.net: ("That is what the bank paid out; how much more will it "
                               "collect?", "这是银行付出的钱；它到期会多收回多少？"),
    }, ("Interest of each financing = face × rate × days / 360; add the two.",
        "每笔融资利息 = 面额 × 年利率 × 天数 / 360；两笔相加。"))


# --- Part 4 ---------------------------------------------------------------------------------
def _letters(answer: Any) -> set[str] | None:
    if isinstance(answer, str):
        answer = [char for char in answer.upper() if char.isalpha()]
    if not isinstance(answer, (list, tuple, set, frozenset)):
        return None
    found = {item.strip().upper() if isinstance(item, str) else "?" for item in answer}
    return found if found <= set(ATTEMPTS) else None


def _refused() -> list[str]:
    return [letter for letter, rule in played("rules").items() if rule is not None]


@exercise(
    "lab03.audit.1",
    reference=_refused,
    wrong_answers=(["A", "C", "E"], ["A", "C", "D"], ["A", "B", "C", "D", "E"], ["C"], []),
    why=("A: a financed piece cannot move again. C: one order backs one voucher. D: every "
         "piece must be a positive amount. E: 2,000,000 is more than the 1,800,000 left on the "
         "credit line. B is FrameCo's own split.",
         "A：已融资的凭证不能再流转。C：一份订单只能支撑一张凭证。D：每一份都必须是正金额。"
         "E：2,000,000 超过了剩余授信 1,800,000。B 是框架厂对自己凭证的正常拆分。"),
)
def _which_refused(answer: Any) -> Bilingual | None:
    given = _letters(answer)
    if given is None:
        return ('Give the letters of the refused attempts as a list, e.g. ["B", "E"].',
                '请以列表形式给出被拒绝的操作字母，例如 ["B", "E"]。')
    right = set(_refused())
    if given == right:
        return None
    if "B" in given:
        return ("FrameCo holds V1.1.2 and its two pieces add up to it: B is allowed.",
                "框架厂持有 V1.1.2，两份之和正好等于它：B 是允许的。")
    missing = sorted(right - given)
    return (f"Look again at {missing[0] if missing else 'your list'}: read the refusal the "
            "regulator sees in the audit trail.",
            f"再看看 {missing[0] if missing else '你的列表'}：读一读监管方在审计记录中看到的"
            "拒绝理由。")


def _bank_paid() -> Decimal:
    return sum((p.amount for p in played("payments") if p.holder == BANK), Decimal("0.00"))


@exercise(
    "lab03.settle.1",
    reference=_bank_paid,
    wrong_answers=(Decimal("474270"), Decimal("200000"), Decimal("1200000"), Decimal("5730")),
    why=("The bank holds V1.1.1 (200,000) and V1.2 (280,000): the car maker pays it 480,000 — "
         "474,270 it paid out plus 5,730 interest.",
         "银行持有 V1.1.1（200,000）和 V1.2（280,000）：主机厂付给它 480,000——"
         "即它付出的 474,270 加上 5,730 利息。"),
)
def _bank_paid_judge(answer: Any) -> Bilingual | None:
    steel, foam = played("steel"), played("foam")
    return _money_hint(answer, _bank_paid(), {
        steel.net + foam.net: ("That is what the bank paid the suppliers; at maturity it is "
                               "paid the face of each piece.",
                               "这是银行付给供应商的钱；到期时它按每份面额收款。"),
        VOUCHER_AMOUNT: ("The car maker pays the whole 1,200,000, but not all to the bank.",
                         "主机厂共付 1,200,000，但并非全部付给银行。"),
    }, ("Which pieces does the bank hold at maturity? Add their faces.",
        "到期时银行持有哪几份？把它们的面额相加。"))


@exercise(
    "lab03.settle.2",
    reference=lambda: len(played("payments")),
    wrong_answers=(4, 3, 7, 1),
    why=("Five live pieces, five payments: V1.1.1 and V1.2 to the bank, V1.1.2.1 and V1.1.2.2 "
         "to FrameCo, V1.3 to SeatCo. Frozen parents are never paid.",
         "五张存续凭证，五笔兑付：V1.1.1 和 V1.2 付给银行，V1.1.2.1 和 V1.1.2.2 付给框架厂，"
         "V1.3 付给座椅厂。已冻结的原凭证不兑付。"),
)
def _payment_count(answer: Any) -> Bilingual | None:
    given = whole_number(answer)
    if given is None:
        return ("Give a whole number of payments.", "请给出兑付笔数（整数）。")
    if given == len(played("payments")):
        return None
    if given == 4:
        return ("Did FrameCo split V1.1.2 in Part 4? Each of its pieces is paid on its own.",
                "框架厂在第 4 部分拆分了 V1.1.2 吗？拆出的每一份单独兑付。")
    return ("One payment per live piece at maturity: count reg.live_pieces('V1') before "
            "settling.", "到期时每张存续凭证兑付一次：兑付前数一数 reg.live_pieces('V1')。")

