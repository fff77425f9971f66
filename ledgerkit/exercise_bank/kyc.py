"""Exercises of notebook 09, KYC sharing and AML tracing (客户身份共享与反洗钱).

Each reference answer runs the notebook's models (`ledgerkit.finance.kyc`, `ledgerkit.finance.aml`),
so the notebook, its check and the model always agree. The data the notebook hands out lives
here too.

>>> from ledgerkit.exercises import check
>>> bool(check("apps.kyc.3", ["chen", "zhang"])), bool(check("apps.kyc.3", ["zhang"]))
(True, False)
"""

from __future__ import annotations

import functools
from datetime import date
from decimal import Decimal
from typing import Any

from ledgerkit.contracts import ContractError
from ledgerkit.exercise_bank._answers import money_answer, names
from ledgerkit.exercises import Bilingual, exercise
from ledgerkit.finance.aml import Transfer, large_value_reports, paths, transfer_graph
from ledgerkit.finance.kyc import KYCDesk, commitment

NOT_NAMES: Bilingual = (
    'Give a list of names in quotes, e.g. ["A", "C"]; [] if there are none.',
    '请给出带引号的名称列表，例如 ["A", "C"]；一个都没有就写 []。',
)

# === Exercise 1: which reuse requests does the registry allow? =============================

KYC_SALT = bytes.fromhex("a3" * 32)  # fictional; in practice random, kept by the customer
KYC_SUBJECT = commitment("11010519491231002X", "Li Hua", KYC_SALT)
KYC_CONSENTS = (  # (bank, purpose, last day, day withdrawn or None), granted on 3 March 2025
    ("bank_b", "open_account", date(2025, 6, 30), None),
    ("bank_c", "loan", date(2025, 3, 31), None),
    ("bank_d", "wealth_product", date(2025, 12, 31), date(2025, 4, 15)),
    ("bank_c", "open_account", date(2025, 9, 30), None),
)
KYC_REQUEST_DAY = date(2025, 4, 20)
KYC_REQUESTS = {  # letter: (bank, purpose, the bank's own risk rating)
    "A": ("bank_b", "open_account", "low"),
    "B": ("bank_c", "loan", "medium"),
    "C": ("bank_d", "wealth_product", "low"),
    "D": ("bank_b", "loan", "low"),
    "E": ("bank_c", "open_account", "high"),
    "F": ("bank_c", "open_account", "medium"),
}


def kyc_exercise_desk() -> KYCDesk:
    """The registry of exercise 1 on the request day: bank_a verified customer_li on 3 March
    2025 and the four consents were granted the same day (one later withdrawn).

    >>> len(kyc_exercise_desk().consents)
    4
    """
    desk = KYCDesk(start=date(2025, 3, 3))
    desk.attest(KYC_SUBJECT, customer="customer_li", level="standard", by="bank_a")
    numbers = [desk.grant(KYC_SUBJECT, to=bank, purpose=purpose, expires=last,
                          by="customer_li") for bank, purpose, last, _ in KYC_CONSENTS]
    for number, (*_, withdrawn) in zip(numbers, KYC_CONSENTS, strict=True):
        if withdrawn:
            desk.advance_to(withdrawn)
            desk.revoke(number, by="customer_li")
    desk.advance_to(KYC_REQUEST_DAY)
    return desk


@functools.cache
def _allowed_requests() -> tuple[str, ...]:
    desk = kyc_exercise_desk()
    allowed = []
    for key, (bank, purpose, risk) in KYC_REQUESTS.items():
        try:
            desk.reuse(KYC_SUBJECT, purpose=purpose, risk=risk, by=bank)
        except ContractError:
            continue
        allowed.append(key)
    return tuple(allowed)


_KYC_HINTS: dict[str, Bilingual] = {
    "B": ("B: bank_c's consent for a loan ended on 31 March — an expired consent counts for "
          "nothing.", "B：bank_c 的贷款授权已于 3 月 31 日到期——过期的授权不再有效。"),
    "C": ("C: the customer withdrew bank_d's consent on 15 April (个人信息保护法 Art. 15).",
          "C：客户已于 4 月 15 日撤回对 bank_d 的授权（《个人信息保护法》第十五条）。"),
    "D": ("D: bank_b holds a consent to open an account, not for a loan: consent names the "
          "purpose (Art. 23).",
          "D：bank_b 的授权用于开立账户，而不是贷款：授权要写明处理目的（第二十三条）。"),
    "E": ("E: bank_c rates the customer high risk; enhanced due diligence is its own duty.",
          "E：bank_c 将客户评为高风险；强化尽职调查是它自己的义务。"),
}


@exercise(
    "apps.kyc.1",
    reference=lambda: list(_allowed_requests()),
    wrong_answers=(["A", "B", "C", "D", "E", "F"], ["A"], ["A", "C", "F"], ["A", "E", "F"],
                   ["A", "B", "F"], ["A", "D", "F"], "AF", []),
    why=(
        "Only A and F name a bank, purpose and consent in force on 20 April, at a risk the bank "
        "may rely on: B's consent expired, C's was withdrawn, D's names another purpose, and "
        "in E the bank's own high rating needs its own enhanced checks.",
        "只有 A 和 F 在 4 月 20 日有对应银行、对应用途且仍然有效的授权，"
        "风险等级也允许依赖他行核验：B 的授权已过期，C 的已撤回，D 的授权用途不同，"
        "E 中银行自己评为高风险，须自行强化尽职调查。",
    ),
)
def _kyc_requests(answer: Any) -> Bilingual | None:
    given = names(answer)
    if given is None:
        return NOT_NAMES
    given_set = {g.upper() for g in given}
    right = set(_allowed_requests())
    if given_set == right:
        return None
    for wrong in sorted(given_set - right):
        if wrong in _KYC_HINTS:
            return _KYC_HINTS[wrong]
    return ("Some allowed requests are missing: a request passes when a consent for that bank "
            "and purpose is in force that day and the bank's own rating is not high.",
            "漏掉了被允许的请求：只要当天有针对该银行、该用途的有效授权，且银行自己的评级不是高风险，"
            "请求就能通过。")


# === Exercise 2: the most money a path can have carried ======================================

TRACE_TRANSFERS = (  # (payer, payee, amount, day in June 2025)
    ("source", "shell_a", "500000.00", 2), ("shell_a", "shell_b", "300000.00", 3),
    ("shell_a", "shell_c", "190000.00", 3), ("shell_b", "casino", "280000.00", 5),
    ("shell_c", "casino", "185000.00", 6), ("source", "trade_1", "350000.00", 2),
    ("trade_1", "trade_2", "340000.00", 3), ("trade_2", "trade_3", "330000.00", 4),
    ("trade_3", "trade_4", "320000.00", 5), ("trade_4", "casino", "310000.00", 6),
)
TRACE_HOPS = 4


def trace_transfers() -> list[Transfer]:
    """The transfers of exercise 2 as `Transfer`s.

    >>> len(trace_transfers())
    10
    """
    return [Transfer(a, b, Decimal(amount), date(2025, 6, d))
            for a, b, amount, d in TRACE_TRANSFERS]


def _most_carried() -> Decimal:
    graph = transfer_graph(trace_transfers())
    return paths(graph, "source", "casino", max_hops=TRACE_HOPS)[0][1]


@exercise(
    "apps.kyc.2",
    reference=_most_carried,
    wrong_answers=(Decimal("310000.00"), Decimal("465000.00"), Decimal("500000.00"),
                   Decimal("185000.00"), 280000.0, "280000"),
    why=(
        "Within 4 hops two paths reach the casino; each can carry at most its smallest "
        "transfer: 280,000 via shell_b and 185,000 via shell_c. The trade_ chain carries "
        "310,000 but needs 5 hops.",
        "4 跳以内有两条路径到达 casino；每条路径最多只能带过去其中最小的一笔："
        "经 shell_b 为 280,000，经 shell_c 为 185,000。trade_ 链能带 310,000，但需要 5 跳。",
    ),
)
def _most_carried_judge(answer: Any) -> Bilingual | None:
    given, hint = money_answer(answer)
    if hint:
        return hint
    if given == _most_carried():
        return None
    if given == Decimal("310000.00"):
        return ("That path through trade_1 … trade_4 takes 5 hops; the question allows 4.",
                "经 trade_1 … trade_4 的路径需要 5 跳；题目只允许 4 跳。")
    if given == Decimal("465000.00"):
        return ("That adds two paths; the question asks for one path.",
                "这是把两条路径加在一起了；题目问的是一条路径。")
    if given == Decimal("500000.00"):
        return ("Money cannot pass on more than the smallest transfer along its path.",
                "一条路径上能传下去的钱，不会多于路径上最小的那一笔。")
    return ("Run paths(transfer_graph(...), \"source\", \"casino\", max_hops=4) and read the "
            "largest amount.",
            "运行 paths(transfer_graph(...), \"source\", \"casino\", max_hops=4)，读出最大的金额。")


# === Exercise 3: who gets a large-value cash report? ========================================

CASH_DEPOSITS = (  # (customer, day in June 2025, amount) — cash at the counter, own account
    ("zhang", 2, "30000.00"), ("zhang", 2, "25000.00"),
    ("liu", 2, "49000.00"), ("liu", 3, "49000.00"), ("liu", 4, "49000.00"),
    ("chen", 5, "50000.00"), ("zhao", 6, "49999.99"),
)


def cash_deposits() -> list[Transfer]:
    """The cash deposits of exercise 3: each customer pays into their own account.

    >>> cash_deposits()[0].cash
    True
    """
    return [Transfer(who, f"{who}_account", Decimal(amount), date(2025, 6, d), cash=True)
            for who, d, amount in CASH_DEPOSITS]


def _reported() -> list[str]:
    return sorted({who for who, _, _ in large_value_reports(cash_deposits())})


@exercise(
    "apps.kyc.3",
    reference=_reported,
    wrong_answers=(["zhang"], ["chen"], ["chen", "liu", "zhang"], ["liu"], [], "zhang"),
    why=(
        "The report counts a customer's cash on one day, single or cumulative, from 50,000 yuan "
        "up, 50,000 included (PBoC order 2016 No. 3, Art. 5): zhang's 30,000 + 25,000 and "
        "chen's 50,000. liu never reaches 50,000 on a day — the pattern is a reason for a "
        "suspicious-transaction report, not a large-value one.",
        "大额报告按客户当日单笔或累计的现金计算，5 万元以上（含 5 万元）"
        "（中国人民银行令〔2016〕第3号第五条）：zhang 的 30,000 + 25,000 与 chen 的 50,000。"
        "liu 每天都不到 5 万元——"
        "这种模式是提交可疑交易报告的理由，而不是大额交易报告。",
    ),
)
def _reported_judge(answer: Any) -> Bilingual | None:
    given = names(answer)
    if given is None:
        return NOT_NAMES
    chosen, right = set(given), set(_reported())
    if chosen == right:
        return None
    if "liu" in chosen:
        return ("liu deposits 49,000 a day: no day reaches 50,000. Suspicious, yes — but that "
                "is another report.",
                "liu 每天存 49,000：没有一天达到 5 万元。可疑，是的——但那是另一种报告。")
    if "zhao" in chosen:
        return ("49,999.99 is under 50,000.", "49,999.99 低于 5 万元。")
    if "zhang" not in chosen:
        return ("Add up a customer's cash on the same day: the rule says single OR cumulative.",
                "把同一客户同一天的现金加起来：规定是单笔或者累计。")
    return ("50,000 itself counts: the rule says 5 万元以上（含 5 万元）.",
            "正好 5 万元也要报告：规定是“5 万元以上（含 5 万元）”。")
