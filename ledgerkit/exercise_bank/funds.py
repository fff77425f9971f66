"""Exercises of notebook 07, penetrating fund payment (穿透式拨付): ring-fenced wages, which
requests the platform refuses, and the auditor's trace.

All three use one building site, `exercise_site()`, that the notebook builds with the same
function, so the notebook, the check and the contract always agree to the fen.

>>> from ledgerkit.exercises import check
>>> bool(check("apps.funds.1", Decimal("316500.00"))), bool(check("apps.funds.1", 400000))
(True, False)
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from ledgerkit.errors import LedgerError
from ledgerkit.exercise_bank._answers import letter, money_answer
from ledgerkit.exercises import Bilingual, exercise
from ledgerkit.finance.fund_payment import FUNDER, FundDesk

# The site: budget B-7 for a school gym; C-7 structure works by sub_builder, with two wage
# contracts under it; C-8 steel from supplier. W-7b is registered but not approved yet.
CONTRACTS = (  # id, parent, payer, payee, amount, purpose
    ("C-7", None, "contractor", "sub_builder", Decimal("600000.00"), "structure"),
    ("C-8", None, "contractor", "supplier", Decimal("300000.00"), "steel"),
    ("W-7a", "C-7", "sub_builder", "worker_zhang", Decimal("45000.00"), "wages"),
    ("W-7b", "C-7", "sub_builder", "worker_liu", Decimal("38500.00"), "wages"),
)
PAID = (  # contract, payee, amount, released?
    ("C-7", "sub_builder", Decimal("200000.00"), True),
    ("W-7a", "worker_zhang", Decimal("30000.00"), True),
    ("C-8", "supplier", Decimal("150000.00"), True),
    ("W-7a", "worker_zhang", Decimal("15000.00"), True),
    ("C-8", "supplier", Decimal("120000.00"), False),  # requested, not released yet
)
# Exercise 2: five requests, in this order: (who asks, contract, payee, amount)
ATTEMPTS = {
    "A": ("sub_builder", "W-7b", "worker_liu", Decimal("38500.00")),
    "B": ("contractor", "C-8", "supplier", Decimal("30000.00")),
    "C": ("sub_builder", "W-7a", "worker_zhang", Decimal("1.00")),
    "D": ("sub_builder", "C-7", "sub_builder", Decimal("50000.00")),
    "E": ("contractor", "C-7", "sub_builder", Decimal("316500.00")),
}


def exercise_site() -> FundDesk:
    """The building site of exercises 1–3, as the chain records it on 30 June 2025.

    >>> exercise_site().budgets["B-7"].paid
    Decimal('395000.00')
    """
    site = FundDesk(start=date(2025, 5, 5))
    site.deposit(Decimal("2000000.00"), by=FUNDER)
    site.approve_budget("B-7", project="school gym", amount=Decimal("2000000.00"),
                        contractor="contractor", by=FUNDER)
    for contract, parent, payer, payee, amount, purpose in CONTRACTS:
        site.sign_contract(contract, budget="B-7", parent=parent, payee=payee, amount=amount,
                           purpose=purpose, by=payer)
    for contract in ("C-7", "C-8", "W-7a"):
        site.approve_contract(contract, by=FUNDER)
    for day, (contract, payee, amount, released) in enumerate(PAID):
        site.advance_to(date(2025, 5, 30 + day) if day < 2 else date(2025, 6, 25 + day))
        number = site.request_payment(contract, payee=payee, amount=amount,
                                      by=site.contracts[contract].payer)
        if released:
            site.release(number, by=FUNDER)
    return site


def refused_attempts() -> list[str]:
    """The letters of ATTEMPTS the platform refuses, tried in order on the site."""
    site, refused = exercise_site(), []
    for name, (who, contract, payee, amount) in ATTEMPTS.items():
        try:
            site.request_payment(contract, payee=payee, amount=amount, by=who)
        except LedgerError:
            refused.append(name)
    return refused


def _wages_paid() -> Decimal:
    site = exercise_site()
    return sum((line.amount for line in site.trace("B-7") if line.purpose == "wages"),
               Decimal("0.00"))


@exercise(
    "apps.funds.1",
    reference=lambda: exercise_site().available("C-7"),
    wrong_answers=(Decimal("400000.00"), Decimal("355000.00"), Decimal("361500.00"),
                   Decimal("271500.00"), Decimal("516500.00"), Decimal("600000.00"), 316500.0),
    why=(
        "C-7 is 600,000.00. The two wage contracts under it (45,000.00 + 38,500.00 = 83,500.00) "
        "are ring-fenced for the workers, approved or not, paid or not; sub_builder was already "
        "paid 200,000.00. Left for sub_builder: 600,000 − 83,500 − 200,000 = 316,500.00.",
        "C-7 金额 600,000.00。其下两份工资合同（45,000.00 + 38,500.00 = 83,500.00）无论是否已审批、"
        "是否已支付，都专门留给农民工；sub_builder 已收到 200,000.00。它还能获得 "
        "600,000 − 83,500 − 200,000 = 316,500.00。",
    ),
)
def _own_share(answer: Any) -> Bilingual | None:
    given, hint = money_answer(answer)
    if hint:
        return hint
    if given == exercise_site().available("C-7"):
        return None
    if given in (Decimal("400000.00"), Decimal("600000.00")):
        return ("The wage contracts under C-7 are ring-fenced: the sub-contractor is never paid "
                "the workers' money.",
                "C-7 之下的工资合同是专款专留的：分包单位永远拿不到农民工的钱。")
    if given in (Decimal("355000.00"), Decimal("361500.00")):
        return ("Ring-fence the whole of both wage contracts, not what was paid under them: "
                "their amounts are set aside as soon as they are signed.",
                "要留出两份工资合同的全部金额，而不只是已付部分：合同一签订，其金额就被留出。")
    if given == Decimal("271500.00"):
        return ("C-7's paid (245,000.00) already includes the 45,000.00 paid under W-7a, which "
                "is part of the ring-fenced 83,500.00: do not take it off twice.",
                "C-7 的已付金额（245,000.00）已经包含 W-7a 下支付的 45,000.00，而这笔钱属于留出的 "
                "83,500.00：不要重复扣除。")
    if given == Decimal("516500.00"):
        return ("sub_builder has already received 200,000.00 under C-7.",
                "sub_builder 已经在 C-7 下收到 200,000.00。")
    return ("Start from C-7's amount, take off what is ring-fenced for the contracts under it "
            "(site.ring_fenced) and what sub_builder was already paid (site.direct).",
            "从 C-7 的金额出发，减去为其下合同留出的部分（site.ring_fenced）和 sub_builder "
            "已收到的部分（site.direct）。")


@exercise(
    "apps.funds.2",
    reference=refused_attempts,
    wrong_answers=(["A", "C"], ["C", "D"], ["A", "D"], ["A", "C", "D", "E"], ["D"], "A",
                   ["A", "B", "C", "D"]),
    why=(
        "A: W-7b is not approved by the funder yet. C: W-7a (45,000.00) is paid in full. "
        "D: only the contractor, who owes under C-7, may ask for its payments. B fits in what "
        "C-8 has left (300,000 − 150,000 paid − 120,000 requested = 30,000) and E in "
        "sub_builder's 316,500.00.",
        "A：W-7b 尚未经出资方审批。C：W-7a（45,000.00）已全部付清。D：只有在 C-7 下负有付款义务的"
        "总包单位才能申请拨付。B 正好用完 C-8 的余额（300,000 − 已付 150,000 − 已申请 120,000 = "
        "30,000），E 正好是 sub_builder 的 316,500.00。",
    ),
)
def _which_refused(answer: Any) -> Bilingual | None:
    if isinstance(answer, str) or not isinstance(answer, (list, tuple, set)):
        return ('Give the letters of the refused requests as a list, e.g. ["A", "C"].',
                '请以列表形式给出被拒绝的申请字母，例如 ["A", "C"]。')
    given = {letter(item, "ABCDE") for item in answer}
    if None in given:
        return ('Use the letters A to E, e.g. ["A", "C"].',
                '请使用 A 到 E 的字母，例如 ["A", "C"]。')
    right = set(refused_attempts())
    if given == right:
        return None
    if "A" not in given:
        return ("Is every contract on A's path approved by the funder?",
                "A 路径上的每份合同都经出资方审批了吗？")
    if "C" not in given:
        return ("How much of W-7a was paid already? Look at site.contracts['W-7a'].",
                "W-7a 已经付了多少？看看 site.contracts['W-7a']。")
    if "D" not in given:
        return ("Who owes sub_builder under C-7? Only that party may ask for the payment.",
                "在 C-7 下谁欠 sub_builder 的钱？只有它才能申请拨付。")
    return ("B and E fit exactly into what is left: try each request inside try/except "
            "LedgerError on a fresh exercise_site().",
            "B 和 E 正好等于剩余额度：在新的 exercise_site() 上用 try/except LedgerError "
            "逐一试试。")


@exercise(
    "apps.funds.3",
    reference=_wages_paid,
    wrong_answers=(Decimal("395000.00"), Decimal("83500.00"), Decimal("30000.00"),
                   Decimal("245000.00"), Decimal("200000.00"), 45000.0),
    why=(
        "The trace of B-7 has four payments (the fifth request is not released yet): "
        "200,000.00 to sub_builder and 150,000.00 to supplier, and two wage payments to "
        "worker_zhang, 30,000.00 + 15,000.00 = 45,000.00, on the path B-7 → C-7 → W-7a.",
        "B-7 的追踪记录有四笔拨付（第五笔申请尚未拨付）：sub_builder 200,000.00、supplier "
        "150,000.00，以及沿 B-7 → C-7 → W-7a 路径付给 worker_zhang 的两笔工资，"
        "30,000.00 + 15,000.00 = 45,000.00。",
    ),
)
def _wages(answer: Any) -> Bilingual | None:
    given, hint = money_answer(answer)
    if hint:
        return hint
    if given == _wages_paid():
        return None
    if given == Decimal("395000.00"):
        return ("That is everything B-7 paid. Keep only the lines whose purpose is wages.",
                "这是 B-7 付出的全部款项。只保留用途为 wages 的记录。")
    if given == Decimal("83500.00"):
        return ("That is what the wage contracts are for, not what was paid under them.",
                "这是工资合同的金额，而不是已支付的金额。")
    if given == Decimal("30000.00"):
        return ("worker_zhang was paid twice; add both lines.", "worker_zhang 收到了两笔，请相加。")
    return ('Sum line.amount over site.trace("B-7") where line.purpose == "wages"; a request '
            "not yet released is not in the trace.",
            '对 site.trace("B-7") 中 line.purpose == "wages" 的 line.amount 求和；尚未拨付的'
            "申请不在追踪记录中。")
