"""Exercises of the applications chapter, notebook 01: supply-chain credit vouchers (债权凭证).

Each reference answer runs the voucher contract (`ledgerkit.finance.voucher`) on the
ready-made supply chain of the voucher splitting widget (`ledgerkit.vouchers_view`), so the
notebook, its check and the contract agree to the fen. Money answers are exact: a `Decimal`
or an int equal to the right amount; a float is refused with a hint.

>>> from ledgerkit.exercises import check
>>> bool(check("apps.vouchers.1", financed_net())), bool(check("apps.vouchers.1", 1))
(True, False)
"""

from __future__ import annotations

import functools
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from ledgerkit.errors import LedgerError
from ledgerkit.exercise_bank._answers import ROUND_TO_FEN, money_answer, word
from ledgerkit.exercises import Bilingual, exercise
from ledgerkit.finance.rates import days_between, discount_interest, to_fen
from ledgerkit.finance.voucher import VoucherRegistry
from ledgerkit.vouchers_view import BANK, CORE, PARTIES, START

# === Exercise 1: a tier-2 supplier finances its piece (融资, factoring) ======================
# On 1 April 2025 the car maker issues 2,400,000 yuan due 30 September 2025 to SeatCo (within
# the six months 银发〔2025〕77号 asks for); SeatCo pays FrameCo
# 426,800 of it; on 12 May 2025 FrameCo finances that piece at the bank at 4.2% a year: it
# assigns the receivable (factoring, 保理), and the interest is taken up front.
EX1_ROOT, EX1_PIECE = Decimal("2400000.00"), Decimal("426800.00")
EX1_ISSUED, EX1_DUE = date(2025, 4, 1), date(2025, 9, 30)
EX1_ON, EX1_RATE = date(2025, 5, 12), Decimal("0.042")


def _platform(credit: Decimal = Decimal("10000000.00")) -> VoucherRegistry:
    registry = VoucherRegistry(parties=PARTIES, start=START)
    registry.grant_credit_line(CORE, BANK, credit)
    return registry


@functools.cache
def financed_net() -> Decimal:
    """What FrameCo receives in exercise 1, computed on the chain.

    >>> financed_net()
    Decimal('419779.14')
    """
    registry = _platform()
    registry.advance_to(EX1_ISSUED)
    root = registry.issue(CORE, "SeatCo", EX1_ROOT, EX1_DUE, "PO-2025-0412")
    registry.confirm(root.id, by=CORE)
    piece, _ = registry.split(root.id, [EX1_PIECE, EX1_ROOT - EX1_PIECE], by="SeatCo")
    registry.transfer(piece.id, "FrameCo", by="SeatCo")
    registry.advance_to(EX1_ON)
    return registry.finance(piece.id, BANK, EX1_RATE, by="FrameCo").net


_EX1_DAYS = days_between(EX1_ON, EX1_DUE)
_EX1_INTEREST = discount_interest(EX1_PIECE, EX1_RATE, _EX1_DAYS)


@exercise(
    "apps.vouchers.1",
    reference=financed_net,
    wrong_answers=(
        _EX1_INTEREST,
        EX1_PIECE - discount_interest(EX1_PIECE, EX1_RATE, _EX1_DAYS + 1),
        EX1_PIECE - discount_interest(EX1_PIECE, EX1_RATE * 365 / 360, _EX1_DAYS),
        to_fen(EX1_PIECE - EX1_PIECE * EX1_RATE * _EX1_DAYS / 365),
        EX1_ROOT - discount_interest(EX1_ROOT, EX1_RATE, _EX1_DAYS),
        EX1_PIECE,
        float(EX1_PIECE - _EX1_INTEREST),
    ),
    why=(
        "141 days from 12 May (counted) to 30 September (not counted); interest = 426,800 × "
        "4.2% × 141 / 360 = 7,020.86, so FrameCo receives 419,779.14 now and the bank collects "
        "426,800 from the car maker at maturity.",
        "从 5 月 12 日（计入）到 9 月 30 日（不计入）共 141 天；利息 = 426,800 × 4.2% × 141 / 360 "
        "= 7,020.86，框架厂现在拿到 419,779.14，到期由银行向主机厂收取 426,800。",
    ),
)
def _financed_net(answer: Any) -> Bilingual | None:
    given, hint = money_answer(answer)
    if hint:
        return hint
    right = financed_net()
    if given == right:
        return None
    if given == _EX1_INTEREST:
        return ("That is the interest the bank keeps. What does FrameCo receive?",
                "这是银行扣下的利息。框架厂实际拿到多少？")
    if given == EX1_PIECE:
        return ("Financing before maturity costs interest: the bank pays less than the face.",
                "到期前融资要付利息：银行支付的金额低于面额。")
    if given > EX1_PIECE:
        return ("FrameCo finances only its own piece, 426,800 yuan, not the whole voucher.",
                "框架厂只能为自己持有的那一份（426,800 元）融资，而不是整张凭证。")
    if to_fen(given) == right:
        return ROUND_TO_FEN
    return ("Count the days from the financing date (counted) to maturity (not counted), and "
            "use a 360-day year: interest = face × rate × days / 360.",
            "天数从融资日（计入）数到到期日（不计入），一年按 360 天："
            "利息 = 面额 × 年利率 × 天数 / 360。")


# === Exercise 2: who is paid what at maturity (兑付) ==========================================
# 1,500,000 yuan, 120 days, to SeatCo. SeatCo splits 600,000 / 900,000 and gives 600,000 to
# FoamCo; FoamCo splits it 250,000 / 350,000 and gives 250,000 to SteelCo; 30 days later
# SteelCo finances its piece at the bank at 3.9% (factoring, interest up front).
EX2_ROOT, EX2_FIRST, EX2_SECOND = (Decimal("1500000.00"), Decimal("600000.00"),
                                   Decimal("250000.00"))


@functools.cache
def maturity_payments() -> dict[str, Decimal]:
    """Holder -> what the car maker pays it at maturity in exercise 2.

    >>> maturity_payments()
    {'Bank': Decimal('250000.00'), 'FoamCo': Decimal('350000.00'), 'SeatCo': Decimal('900000.00')}
    """
    registry = _platform()
    root = registry.issue(CORE, "SeatCo", EX2_ROOT, 120, "PO-2025-0520")
    registry.confirm(root.id, by=CORE)
    seat_piece, _ = registry.split(root.id, [EX2_FIRST, EX2_ROOT - EX2_FIRST], by="SeatCo")
    registry.transfer(seat_piece.id, "FoamCo", by="SeatCo")
    foam_piece, _ = registry.split(seat_piece.id, [EX2_SECOND, EX2_FIRST - EX2_SECOND],
                                   by="FoamCo")
    registry.transfer(foam_piece.id, "SteelCo", by="FoamCo")
    registry.advance_to(START + timedelta(days=30))
    registry.finance(foam_piece.id, BANK, Decimal("0.039"), by="SteelCo")
    paid: dict[str, Decimal] = {}
    for payment in registry.settle(on=root.due):
        paid[payment.holder] = paid.get(payment.holder, Decimal("0.00")) + payment.amount
    return dict(sorted(paid.items()))


def _payments(answer: Any) -> dict[str, Decimal] | None:
    """A {holder: amount} answer with names tidied (case and spaces do not matter)."""
    if not isinstance(answer, dict):
        return None
    found = {}
    for holder, amount in answer.items():
        name, (value, _) = word(holder), money_answer(amount)
        if name is None or value is None:
            return None
        found[name] = found.get(name, Decimal("0.00")) + value
    return {name: value for name, value in found.items() if value}


@exercise(
    "apps.vouchers.2",
    reference=maturity_payments,
    wrong_answers=(
        {"SeatCo": Decimal("900000"), "FoamCo": Decimal("350000"), "SteelCo": Decimal("250000")},
        {"SeatCo": Decimal("1500000")},
        {"SeatCo": Decimal("900000"), "FoamCo": Decimal("600000")},
        {"SeatCo": Decimal("900000"), "FoamCo": Decimal("350000"),
         "Bank": Decimal("248618.75")},
        [("SeatCo", 900000)],
    ),
    why=(
        "The car maker pays each live piece's holder once: SeatCo 900,000, FoamCo 350,000, and "
        "the bank 250,000 for the piece SteelCo sold it. 900,000 + 350,000 + 250,000 = "
        "1,500,000: the pieces add up to the root.",
        "主机厂向每张存续凭证的持有人各付一次：座椅厂 900,000，泡沫厂 350,000，银行 250,000"
        "（钢厂已把那一份卖给银行）。三者之和 1,500,000 正好等于原凭证。",
    ),
)
def _who_is_paid(answer: Any) -> Bilingual | None:
    given = _payments(answer)
    if given is None:
        return ('Give a dict from holder to amount, e.g. {"SeatCo": Decimal("100000"), ...}.',
                '请给出“持有人 → 金额”的字典，例如 {"SeatCo": Decimal("100000"), ...}。')
    right = {name.lower(): amount for name, amount in maturity_payments().items()}
    if given == right:
        return None
    if "steelco" in given:
        return ("SteelCo sold its piece to the bank: who holds it at maturity?",
                "钢厂已把它那一份卖给了银行：到期时谁持有它？")
    if sum(given.values()) != EX2_ROOT:
        return ("The payments must add up to the root, 1,500,000 yuan: every live piece is paid "
                "once.", "兑付总额必须等于原凭证 1,500,000 元：每张存续凭证兑付一次。")
    if given.get("bank") not in (None, EX2_SECOND):
        return ("The bank is paid the face of the piece assigned to it; it took its interest "
                "up front when it paid SteelCo.",
                "银行到期收取它买下那一份的面额；利息已在付款给钢厂时扣除。")
    return ("Follow each split: a parent is frozen and its pieces are paid, not the parent.",
            "沿每次拆分往下看：原凭证已冻结，兑付的是拆分后的各份，而不是原凭证。")


# === Exercise 3: which actions does the platform refuse? =====================================
# After exercise 2's splits and transfers (before the financing), five attempts, each on a
# copy of that moment:
ATTEMPTS = {
    "A": "SeatCo transfers its 900,000 piece (V1.2) to FrameCo",
    "B": "SeatCo splits V1 again into 1,000,000 and 500,000",
    "C": "FoamCo finances SteelCo's 250,000 piece (V1.1.1) at the bank",
    "D": "SteelCo splits its 250,000 piece (V1.1.1) into 100,000 and 150,000",
    "E": "CarMaker issues a second voucher for the same order PO-2025-0520",
}


def _moment() -> VoucherRegistry:
    registry = _platform()
    root = registry.issue(CORE, "SeatCo", EX2_ROOT, 120, "PO-2025-0520")
    registry.confirm(root.id, by=CORE)
    seat_piece, _ = registry.split(root.id, [EX2_FIRST, EX2_ROOT - EX2_FIRST], by="SeatCo")
    registry.transfer(seat_piece.id, "FoamCo", by="SeatCo")
    foam_piece, _ = registry.split(seat_piece.id, [EX2_SECOND, EX2_FIRST - EX2_SECOND],
                                   by="FoamCo")
    registry.transfer(foam_piece.id, "SteelCo", by="FoamCo")
    return registry


def _attempt(letter: str, registry: VoucherRegistry) -> None:
    if letter == "A":
        registry.transfer("V1.2", "FrameCo", by="SeatCo")
    elif letter == "B":
        registry.split("V1", [1_000_000, 500_000], by="SeatCo")
    elif letter == "C":
        registry.finance("V1.1.1", BANK, Decimal("0.039"), by="FoamCo")
    elif letter == "D":
        registry.split("V1.1.1", [100_000, 150_000], by="SteelCo")
    else:
        registry.issue(CORE, "SeatCo", 100_000, 120, "PO-2025-0520")


@functools.cache
def refused_attempts() -> tuple[str, ...]:
    """The letters of the refused attempts of exercise 3.

    >>> refused_attempts()
    ('B', 'C', 'E')
    """
    refused = []
    for letter in ATTEMPTS:
        try:
            _attempt(letter, _moment())
        except LedgerError:
            refused.append(letter)
    return tuple(refused)


def _letters(answer: Any) -> set[str] | None:
    if isinstance(answer, str):
        items = [char for char in answer.upper() if char.isalpha()]
    elif isinstance(answer, (list, tuple, set, frozenset)):
        items = [item.strip().upper() if isinstance(item, str) else None for item in answer]
    else:
        return None
    found = set(items)
    return found if found <= set(ATTEMPTS) else None


@exercise(
    "apps.vouchers.3",
    reference=lambda: list(refused_attempts()),
    wrong_answers=(["B", "C"], ["C", "E"], ["B", "C", "D", "E"], ["A", "B", "C", "E"], [],
                   "BE"),
    why=(
        "B: V1 is frozen once split — only its pieces move. C: only the holder finances a "
        "piece, and FoamCo gave it to SteelCo. E: one trade document backs at most one voucher, "
        "so the same receivable cannot be financed twice. A and D are the holders' own moves.",
        "B：V1 拆分后即冻结，只有子凭证可以操作。C：只有持有人才能融资，泡沫厂已把它转给钢厂。"
        "E：一份贸易单据最多支撑一张凭证，同一笔应收账款不能重复融资。A 和 D 是持有人自己的操作。",
    ),
)
def _which_refused(answer: Any) -> Bilingual | None:
    given = _letters(answer)
    if given is None:
        return ('Give the letters of the refused attempts as a list, e.g. ["A", "D"].',
                '请以列表形式给出被拒绝的操作字母，例如 ["A", "D"]。')
    right = set(refused_attempts())
    if given == right:
        return None
    if "A" in given or "D" in given:
        return ("A holder may transfer or split the piece it holds, to any depth allowed: "
                "look again at who holds V1.2 and V1.1.1.",
                "持有人可以转让或拆分自己持有的凭证：再看看 V1.2 和 V1.1.1 的持有人是谁。")
    if "B" not in given:
        return ("What happens to a parent once it is split?", "原凭证拆分之后会怎样？")
    if "C" not in given:
        return ("Who holds V1.1.1 after FoamCo's transfer? Only the holder finances.",
                "泡沫厂转让之后，V1.1.1 的持有人是谁？只有持有人才能融资。")
    return ("A trade document (its hash) backs at most one voucher.",
            "一份贸易单据（的哈希）最多支撑一张凭证。")
