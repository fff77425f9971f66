"""Exercises of notebook 10, e-CNY (数字人民币).

Each reference answer runs `ledgerkit.finance.ecny`, so the notebook, its check and the model
always agree to the fen.

>>> from ledgerkit.exercises import check
>>> bool(check("apps.ecny.1", Decimal("400.00"))), bool(check("apps.ecny.1", 500))
(True, False)
"""

from __future__ import annotations

import functools
from datetime import date
from decimal import Decimal
from typing import Any

from ledgerkit.errors import InvalidTransaction
from ledgerkit.exercise_bank._answers import money_answer, names
from ledgerkit.exercises import Bilingual, exercise
from ledgerkit.finance.ecny import ECNYSystem

NOT_LETTERS: Bilingual = (
    'Give a list of letters in quotes, e.g. ["A", "C"]; [] if there are none.',
    '请给出带引号的字母列表，例如 ["A", "C"]；一个都没有就写 []。',
)
DAY = date(2026, 3, 2)


def ecny_exercise_system() -> ECNYSystem:
    """The wallets of the exercises: wang's anonymous class 4 wallet with 900 yuan, li's class 2
    wallet with 8,000, and four merchants (class 1).

    >>> ecny_exercise_system().wallets["wang"]["balance"]
    Decimal('900.00')
    """
    system = ECNYSystem()
    system.issue("bank_a", Decimal("100000.00"))
    system.open_wallet("wang", operator="bank_a", tier=4, phone="138****0000")
    system.open_wallet("li", operator="bank_a", tier=2, holder="Li Hua")
    for shop in ("shop", "cafe", "bar", "school"):
        system.open_wallet(shop, operator="bank_a", tier=1, holder=shop.title())
    system.load("wang", Decimal("900.00"))
    system.load("li", Decimal("8000.00"))
    return system


# === Exercise 1: the most a class 4 wallet can still pay today ==============================

ECNY_TODAY = (  # on 2 March 2026, in this order: (payer, payee, amount)
    ("wang", "shop", Decimal("300.00")),
    ("wang", "cafe", Decimal("300.00")),
    ("li", "wang", Decimal("400.00")),
)


@functools.cache
def _largest_payment() -> Decimal:
    system = ecny_exercise_system()
    for payer, payee, amount in ECNY_TODAY:
        system.pay(payer, payee, amount, day=DAY)
    for cents in range(50000, 0, -1):  # from the cap per payment down, fen by fen
        amount = Decimal(cents) / 100
        try:
            system.pay("wang", "bar", amount, day=DAY)
        except InvalidTransaction:
            continue
        return amount
    return Decimal("0.00")


@exercise(
    "apps.ecny.1",
    reference=_largest_payment,
    wrong_answers=(Decimal("500.00"), Decimal("700.00"), Decimal("300.00"), Decimal("1000.00"),
                   400.0),
    why=(
        "Three caps apply and the smallest wins: the balance (900 − 600 + 400 = 700), the cap "
        "per payment of a class 4 wallet (500) and what is left of its daily cap (1,000 − 600 "
        "= 400). Money received does not reset the daily cap on payments.",
        "三个上限同时起作用，取最小者：余额（900 − 600 + 400 = 700）、四类钱包单笔支付上限"
        "（500）和当日剩余的日累计支付额度（1,000 − 600 = 400）。收到的钱不会重置当日的支付额度。",
    ),
)
def _largest_judge(answer: Any) -> Bilingual | None:
    given, hint = money_answer(answer)
    if hint:
        return hint
    if given == _largest_payment():
        return None
    if given == Decimal("700.00"):
        return ("700 is the balance; the wallet class also caps each payment and each day.",
                "700 是余额；钱包类别还限制了单笔和当日累计支付。")
    if given == Decimal("500.00"):
        return ("500 is the cap per payment; wang has already paid 600 today.",
                "500 是单笔上限；wang 今天已经付出了 600。")
    return ("Take the smallest of: the balance, the cap per payment, and the daily cap minus "
            "what was paid today.",
            "取以下三者的最小值：余额、单笔上限、日累计上限减去今天已付金额。")


# === Exercise 2: a cloned offline purse ======================================================

OFFLINE_PURSE = Decimal("800.00")
OFFLINE_VOUCHERS = {  # letter: (payee, amount, voucher number); C comes from a cloned device
    "A": ("shop", Decimal("500.00"), 1),
    "B": ("cafe", Decimal("300.00"), 2),
    "C": ("bar", Decimal("500.00"), 3),
}
SYNC_ORDER = ("C", "A", "B")  # the order in which the payees' devices come online


@functools.cache
def _credited() -> tuple[str, ...]:
    system = ecny_exercise_system()
    system.to_offline("li", OFFLINE_PURSE)
    signed = {letter: system.pay_offline("li", payee, amount, day=DAY, number=number)
              for letter, (payee, amount, number) in OFFLINE_VOUCHERS.items()}
    credited = []
    for letter in SYNC_ORDER:
        try:
            system.sync(signed[letter])
        except InvalidTransaction:
            continue
        credited.append(letter)
    return tuple(sorted(credited))


@exercise(
    "apps.ecny.2",
    reference=lambda: list(_credited()),
    wrong_answers=(["A", "B"], ["A", "B", "C"], ["C"], ["A"], [], "BC"),
    why=(
        "The central system settles vouchers as they arrive: C (500) fits the 800 purse, A "
        "(500) no longer does, B (300) does. The clone's payee, online first, is paid; the "
        "honest shop is not — which is why offline amounts are kept small and a cloned device "
        "is traced afterwards.",
        "中心系统按到达顺序结算凭证：C（500）在 800 的离线余额之内，A（500）已超出，"
        "B（300）仍可结算。先上线的克隆设备收款方拿到了钱，诚实的商店反而没有——"
        "这正是离线额度要设得很小、并在事后追查克隆设备的原因。",
    ),
)
def _credited_judge(answer: Any) -> Bilingual | None:
    given = names(answer)
    if given is None:
        return NOT_LETTERS
    chosen = {g.upper() for g in given}
    if chosen == set(_credited()):
        return None
    if "A" in chosen:
        return ("A was signed first, but the central system sees a voucher only when it "
                "syncs: the order of sync counts, not the order of signing.",
                "A 虽然最先签出，但中心系统只在同步时才看到凭证：算的是同步顺序，而不是签出顺序。")
    return ("Sync the three vouchers in SYNC_ORDER and keep track of what is left of the "
            "800 purse.", "按 SYNC_ORDER 依次同步三张凭证，并记下 800 的离线余额还剩多少。")


# === Exercise 3: what an earmark gives back ==================================================

EARMARK = (Decimal("3000.00"), "education", date(2026, 6, 30))  # amount, class, last day
EARMARK_SPENDS = (  # (day, merchant, merchant class, amount), tried in this order
    (date(2026, 5, 10), "school", "education", Decimal("1200.00")),
    (date(2026, 5, 20), "cafe", "food", Decimal("500.00")),
    (date(2026, 6, 30), "school", "education", Decimal("600.00")),
    (date(2026, 7, 2), "school", "education", Decimal("900.00")),
)


@functools.cache
def _returned() -> Decimal:
    system = ecny_exercise_system()
    amount, merchant_class, until = EARMARK
    number = system.earmark("li", amount, merchant_class, until=until, day=DAY)
    after_earmark = system.wallets["li"]["balance"]
    for day, merchant, kind, spent in EARMARK_SPENDS:
        system.expire(day)  # the system closes earmarks whose day has passed
        try:
            system.spend_earmarked(number, merchant, kind, spent, day=day)
        except InvalidTransaction:
            continue
    return system.wallets["li"]["balance"] - after_earmark


@exercise(
    "apps.ecny.3",
    reference=_returned,
    wrong_answers=(Decimal("300.00"), Decimal("700.00"), Decimal("1800.00"), Decimal("0"),
                   Decimal("3000.00"), 1200.0),
    why=(
        "Only education merchants, on or before 30 June: 1,200 and 600 are paid; the café "
        "(food) is refused and the 900 on 2 July comes too late. The rest, 3,000 − 1,800 = "
        "1,200, goes back to li when the earmark expires.",
        "只能在 6 月 30 日及之前用于教育类商户：1,200 和 600 付出；餐饮类的咖啡馆被拒绝，"
        "7 月 2 日的 900 已经过期。剩下的 3,000 − 1,800 = 1,200 在到期后退回 li。",
    ),
)
def _returned_judge(answer: Any) -> Bilingual | None:
    given, hint = money_answer(answer)
    if hint:
        return hint
    if given == _returned():
        return None
    if given == Decimal("300.00"):
        return ("The 900 on 2 July is after the last day: it is refused, not paid.",
                "7 月 2 日的 900 已过截止日：会被拒绝，不会付出。")
    if given == Decimal("700.00"):
        return ("The café is a food merchant: the education earmark cannot pay it.",
                "咖啡馆是餐饮类商户：教育类定向资金不能付给它。")
    return ("Try each spend in order on an ECNYSystem (expire(day) first), then compare li's "
            "balance.",
            "在 ECNYSystem 上依次尝试每笔支出（先调用 expire(day)），再比较 li 的余额。")
