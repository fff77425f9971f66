"""Exercises of the securities-settlement notebook (证券结算, course/02-applications/12-
securities-settlement.ipynb): exposure over a settlement cycle, a net position, and which call
the chain refuses.

Each reference answer runs `ledgerkit.finance.securities`, so the notebook, its check and the
contract agree to the fen. The data the notebook hands out lives here too.

>>> from ledgerkit.exercises import check
>>> bool(check("apps.securities.1", Decimal("45000.00"))), bool(check("apps.securities.1", 1))
(True, False)
"""

from __future__ import annotations

import functools
from datetime import date
from decimal import Decimal
from typing import Any

from ledgerkit.contracts import ContractError
from ledgerkit.exercise_bank._answers import NOT_A_LETTER, ROUND_TO_FEN, letter, money_answer
from ledgerkit.exercises import Bilingual, exercise
from ledgerkit.finance.rates import to_fen
from ledgerkit.finance.securities import (
    SettlementDesk,
    Trade,
    net_positions,
    replacement_cost,
    settlement_date,
)

# --- 1: the buyer's exposure when the seller defaults on the settlement day, under T+2 -------
EXPOSURE_TRADE = {"quantity": 50_000, "price": Decimal("12.00"), "traded": date(2025, 3, 6)}
CLOSES = {date(2025, 3, 6): Decimal("12.00"), date(2025, 3, 7): Decimal("12.36"),
          date(2025, 3, 10): Decimal("12.90")}  # Thursday T, Friday, Monday


def _exposure(cycle: int) -> Decimal:
    day = settlement_date(EXPOSURE_TRADE["traded"], cycle)
    return replacement_cost(EXPOSURE_TRADE["quantity"], EXPOSURE_TRADE["price"], CLOSES[day],
                            "buyer")


_T1 = _exposure(1)
_VALUE = to_fen(EXPOSURE_TRADE["price"] * EXPOSURE_TRADE["quantity"])


@exercise(
    "apps.securities.1",
    reference=lambda: _exposure(2),
    wrong_answers=(_T1, Decimal(0), _VALUE, to_fen(CLOSES[date(2025, 3, 10)] * 50_000),
                   float(_exposure(2)), None),
    why=(
        "Bought Thursday, T+2 settles on Monday (the weekend does not count). If the seller "
        "defaults then, the buyer must buy the 50,000 shares again at Monday's 12.90: it loses "
        "0.90 a share. Under T+1 the exposure would end on Friday, at 0.36 a share.",
        "周四买入，T+2 在下周一交收（周末不计）。若卖方当天违约，买方只能按周一的 12.90 元重新买入 "
        "50,000 股：每股损失 0.90 元。若是 T+1，风险敞口在周五就结束，每股只有 0.36 元。",
    ),
)
def _buyer_exposure(answer: Any) -> Bilingual | None:
    given, hint = money_answer(answer)
    if hint:
        return hint
    if given == _exposure(2):
        return None
    if given == _T1:
        return ("That is Friday's move, the T+1 settlement day. Count two business days from "
                "Thursday.", "这是周五（T+1 交收日）的价格变动。请从周四起数两个营业日。")
    if given == 0:
        return ("The price rose: a buyer who must buy again at a higher price loses money.",
                "价格上涨了：必须以更高价格重新买入的买方是有损失的。")
    if given == _VALUE or given == to_fen(CLOSES[date(2025, 3, 10)] * 50_000):
        return ("DvP protects the principal: the buyer has not paid. It loses only the price "
                "move it must pay again.", "货银对付保护了本金：买方并未付款。它损失的只是重新"
                "买入时多付的价差。")
    if to_fen(given) == _exposure(2):
        return ROUND_TO_FEN
    return ("Find the settlement day with settlement_date(...), then replacement_cost(...) at "
            "that day's price.", "先用 settlement_date(...) 求出交收日，再按当天价格计算 "
            "replacement_cost(...)。")


# --- 2: a broker's net cash position -----------------------------------------------------------
NET_DAY = date(2025, 3, 5)
NET_TRADES = [  # id, seller, buyer, security, quantity, price
    ("E-1", "broker_a", "broker_b", "601398", 5_000, Decimal("5.80")),
    ("E-2", "broker_b", "broker_c", "600036", 2_000, Decimal("35.20")),
    ("E-3", "broker_c", "broker_a", "601398", 3_000, Decimal("5.82")),
    ("E-4", "broker_b", "broker_a", "600036", 1_000, Decimal("35.10")),
    ("E-5", "broker_a", "broker_c", "601398", 2_000, Decimal("5.79")),
]


def net_trades() -> list[Trade]:
    """The exercise's trades of 5 March 2025 as `Trade`s (T+1)."""
    return [Trade(i, s, b, sec, q, p, NET_DAY, 1, settlement_date(NET_DAY, 1))
            for i, s, b, sec, q, p in NET_TRADES]


@functools.cache
def _c_net_cash() -> Decimal:
    return net_positions(net_trades())["broker_c"]["cash"]


_C_PAYS_GROSS = sum((t.value for t in net_trades() if t.buyer == "broker_c"), Decimal("0.00"))


@exercise(
    "apps.securities.2",
    reference=_c_net_cash,
    wrong_answers=(-_c_net_cash(), -_C_PAYS_GROSS, _C_PAYS_GROSS, float(_c_net_cash()), 0,
                   None),
    why=(
        "broker_c pays 70,400 (E-2) and 11,580 (E-5) and receives 17,460 (E-3): its net cash "
        "is 17,460 − 70,400 − 11,580, negative because it pays the central counterparty.",
        "broker_c 支付 70,400（E-2）和 11,580（E-5），收到 17,460（E-3）：净资金为 "
        "17,460 − 70,400 − 11,580，为负数，因为它要向中央对手方付款。",
    ),
)
def _net_cash(answer: Any) -> Bilingual | None:
    given, hint = money_answer(answer)
    if hint:
        return hint
    right = _c_net_cash()
    if given == right:
        return None
    if given == -right:
        return ("Right size, wrong sign: a party that pays has a negative net cash position.",
                "数值对了，符号反了：付款方的净资金头寸为负数。")
    if given in (_C_PAYS_GROSS, -_C_PAYS_GROSS):
        return ("That is all broker_c pays, gross. Net it against what it receives as a seller.",
                "这是 broker_c 的全额应付。请与它作为卖方应收的款项相抵。")
    return ("Add the value of every trade where broker_c sells, subtract every one where it "
            "buys; net_positions(net_trades()) shows the way.",
            "把 broker_c 作为卖方的成交金额相加，减去它作为买方的成交金额；"
            "net_positions(net_trades()) 可以验证。")


# --- 3: which call does the chain refuse? --------------------------------------------------------
CALLS: dict[str, Bilingual] = {
    "A": ("broker_b, holding 20,000 yuan, buys 1,000 shares at 10.00 for T+0",
          "持有 20,000 元的 broker_b 以 T+0 方式按 10.00 元买入 1,000 股"),
    "B": ("then, the same day, broker_b sells those 1,000 shares to broker_c (T+1)",
          "随后在同一天，broker_b 把这 1,000 股卖给 broker_c（T+1）"),
    "C": ("then, the same day, broker_a sells 1,000 of its remaining shares to broker_c (T+1)",
          "随后在同一天，broker_a 把剩余股票中的 1,000 股卖给 broker_c（T+1）"),
}


def _run_calls() -> dict[str, bool]:
    """Make the three calls in order; which were accepted."""
    desk = SettlementDesk(start=date(2025, 3, 3))
    desk.register_holding("broker_a", "600000", 5_000, by="csd")
    desk.deposit(Decimal(20_000), by="broker_b")
    steps = {
        "A": lambda: desk.record_trade("X-1", seller="broker_a", buyer="broker_b",
                                       security="600000", quantity=1_000,
                                       price=Decimal("10.00"), cycle=0, by="exchange"),
        "B": lambda: desk.record_trade("X-2", seller="broker_b", buyer="broker_c",
                                       security="600000", quantity=1_000,
                                       price=Decimal("10.10"), cycle=1, by="exchange"),
        "C": lambda: desk.record_trade("X-3", seller="broker_a", buyer="broker_c",
                                       security="600000", quantity=1_000,
                                       price=Decimal("10.10"), cycle=1, by="exchange"),
    }
    accepted = {}
    for choice, call in steps.items():
        try:
            call()
            accepted[choice] = True
        except ContractError:
            accepted[choice] = False
    return accepted


@functools.cache
def _refused_call() -> str:
    (refused,) = [choice for choice, ok in _run_calls().items() if not ok]
    return refused


@exercise(
    "apps.securities.3",
    reference=_refused_call,
    wrong_answers=("A", "C"),
    why=(
        "On the chain the T+0 purchase settles at once, so broker_b holds the shares — but "
        "A-shares bought on day T may not be sold on T (no 回转交易). That is a trading rule "
        "chosen by the regulator, not a limit of the settlement technology.",
        "在链上，T+0 买入立即交收，broker_b 已经持有股票——但 A 股当日买入的股票不得当日卖出"
        "（不得回转交易）。这是监管选择的交易规则，不是结算技术的限制。",
    ),
)
def _which_call(answer: Any) -> Bilingual | None:
    given = letter(answer)
    if given is None:
        return NOT_A_LETTER
    if given == _refused_call():
        return None
    if given == "A":
        return ("broker_b prefunded: 20,000 yuan covers 1,000 shares at 10.00, so T+0 settles.",
                "broker_b 已预存资金：20,000 元足够按 10.00 元买入 1,000 股，T+0 可以交收。")
    return ("broker_a still holds 4,000 shares it did not buy today: it may sell them.",
            "broker_a 仍持有 4,000 股，且不是今天买入的：可以卖出。")
