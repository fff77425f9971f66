"""Exercises of the cross-border notebook (跨境贸易金融与支付), 02-applications/06.

Each reference answer runs the chapter's contracts and route (`ledgerkit.finance.cross_border`,
`ledgerkit.finance.payments_bridge`), so the notebook, its check and the model agree to the cent
and the minute. The data the notebook hands out lives here too.

>>> from ledgerkit.exercises import check
>>> bool(check("apps.crossborder.1", 0)), bool(check("apps.crossborder.1", 70000))
(True, False)
"""

from __future__ import annotations

import functools
from datetime import date
from decimal import Decimal
from typing import Any

from ledgerkit.errors import LedgerError
from ledgerkit.exercise_bank._answers import NOT_A_LETTER, letter, money_answer
from ledgerkit.exercises import Bilingual, exercise
from ledgerkit.finance import payments_bridge as pb
from ledgerkit.finance.cross_border import CrossBorderDesk

# Exercise 1: declaration DEC-2025-0417 (USD 250,000) is financed by bank_a for USD 180,000
# on 5 March; on 10 March exporter_a asks bank_b. How much can bank_b lend today?
DECLARATION = ("DEC-2025-0417", Decimal("250000.00"))
FIRST_LOAN = ("bank_a", Decimal("180000.00"), date(2025, 3, 5))
ASKED_ON = date(2025, 3, 10)


@functools.cache
def _second_bank_can_lend() -> Decimal:
    """The most bank_b can lend on ASKED_ON, found by asking the platform (largest first)."""
    number, value = DECLARATION
    bank, amount, day = FIRST_LOAN
    desk = CrossBorderDesk(start=date(2025, 3, 3))
    desk.declare(number, exporter="exporter_a", value=value, currency="USD", by="customs_data")
    desk.advance_to(day)
    desk.finance(number, exporter="exporter_a", amount=amount, by=bank)
    desk.advance_to(ASKED_ON)
    for asked in (value, value - amount, Decimal("0.01")):
        try:
            desk.finance(number, exporter="exporter_a", amount=asked, by="bank_b")
        except LedgerError:
            continue
        return asked
    return Decimal("0.00")


@exercise(
    "apps.crossborder.1",
    reference=_second_bank_can_lend,
    wrong_answers=(Decimal("70000"), Decimal("250000"), Decimal("180000"), 70000.0, "0"),
    why=("Nothing: bank_a's financing of 5 March is still outstanding, so the platform refuses "
         "any other bank on the same declaration (重复融资) until bank_a records the repayment. "
         "Only bank_a may lend the remaining USD 70,000.",
         "一分也不能：bank_a 3 月 5 日发放的融资尚未还清，平台拒绝其他银行凭同一报关单融资"
         "（重复融资），直到 bank_a 登记还款。剩下的 70,000 美元只有 bank_a 可以再融。"),
)
def _second_bank(answer: Any) -> Bilingual | None:
    given, hint = money_answer(answer)
    if hint:
        return hint
    if given == _second_bank_can_lend():
        return None
    number, value = DECLARATION
    if given == value - FIRST_LOAN[1]:
        return ("USD 70,000 of the value is still free, but for whom? Another bank already has "
                "financing outstanding on this declaration.",
                "报关金额中确实还剩 70,000 美元，但留给谁？另一家银行在这张报关单上的融资还没有"
                "还清。")
    if given == value:
        return ("A declaration backs at most its value in all, and part of it is already "
                "financed — by another bank.", "一张报关单总共最多融资其报关金额，而且其中一部分"
                "已经由另一家银行融资。")
    return ("Try it: desk.finance(...) with by=\"bank_b\" and read the refusal.",
            "动手试试：以 by=\"bank_b\" 调用 desk.finance(...)，读一读拒绝信息。")


# Exercise 2: the worked correspondent route of the notebook: how many baht arrive?
def _arrives() -> Decimal:
    return pb.route(Decimal(1_000_000), "CNY", pb.CORRESPONDENT_HOPS, sent=pb.SENT_AT
                    )[-1].amount_out


_NO_FEES = (Decimal(1_000_000) * Decimal("0.1400") * Decimal("34.4000")).quantize(Decimal("0.01"))
_AT_MID = Decimal(1_000_000) * pb.MID_CNY_THB
_BRIDGE = pb.route(Decimal(1_000_000), "CNY", pb.BRIDGE_HOPS, sent=pb.SENT_AT)[-1].amount_out


@exercise(
    "apps.crossborder.2",
    reference=_arrives,
    wrong_answers=(_NO_FEES, _AT_MID, _BRIDGE, float(_NO_FEES), Decimal("4813213.6012")),
    why=("Each bank takes its fee in the currency that reaches it, then converts: 1,000,000 − "
         "150 = 999,850 yuan × 0.14 = 139,979.00 USD; − 15 − 25 − 20 = 139,919.00 USD × 34.40 = "
         "4,813,213.60 baht.",
         "每家银行先按到达它的币种扣手续费，再兑换：1,000,000 − 150 = 999,850 元 × 0.14 = "
         "139,979.00 美元；再扣 15、25、20 美元得 139,919.00 美元 × 34.40 = 4,813,213.60 泰铢。"),
)
def _baht(answer: Any) -> Bilingual | None:
    given, hint = money_answer(answer)
    if hint:
        return hint
    if given == _arrives():
        return None
    if given == _NO_FEES:
        return ("That is the conversion alone: every bank on the way also takes its fee.",
                "这只算了兑换：沿途每家银行还要收手续费。")
    if given == _AT_MID:
        return ("The banks convert at their own rates (0.14 and 34.40), not at the mid rate, and "
                "take fees.", "银行按自己的汇率（0.14 和 34.40）兑换，而不是中间价，还要收手续费。")
    if given == _BRIDGE:
        return ("That is the bridge. The question asks about the correspondent route.",
                "这是货币桥的结果。题目问的是代理行路径。")
    return ("Run route(...) on CORRESPONDENT_HOPS and read amount_out of the last leg, to the "
            "satang (0.01).", "对 CORRESPONDENT_HOPS 运行 route(...)，读取最后一段的 amount_out，"
            "精确到 0.01 泰铢。")


# Exercise 3: what happens when one side of a PvP swap cannot pay?
PVP_CHOICES = {
    "A": ("The yuan leg moves now; the baht follow when bank_th has them.",
          "人民币这条腿先交收，bank_th 有了泰铢再补。"),
    "B": ("Neither leg moves: the swap is refused and both banks keep what they had.",
          "两条腿都不交收：兑换被拒绝，双方保持原状。"),
    "C": ("Both legs move and bank_th's baht balance goes negative.",
          "两条腿都交收，bank_th 的泰铢余额变为负数。"),
}


@functools.cache
def _pvp_outcome() -> str:
    """Ask the bridge: settle a swap whose counterparty is short, and see what moved."""
    desk = pb.BridgeDesk()
    desk.issue("bank_cn", "CNY", Decimal(1_000_000), by="pboc_dci")
    desk.issue("bank_th", "THB", Decimal(1_000_000), by="bot")
    swap = desk.propose_swap("bank_th", "CNY", Decimal(1_000_000), "THB", Decimal(4_830_000),
                             by="bank_cn")
    try:
        desk.settle_swap(swap, by="bank_th")
    except LedgerError:
        pass
    if desk.balance("bank_th", "THB") < 0:
        return "C"
    return "A" if desk.balance("bank_th", "CNY") else "B"


@exercise(
    "apps.crossborder.3",
    reference=_pvp_outcome,
    wrong_answers=("A", "C", "D", 2),
    why=("Payment versus payment: the contract checks both legs before moving either, so a "
         "short side means nothing moves and no bank is left exposed (no Herstatt risk).",
         "同步交收（PvP）：合约在动任何一条腿之前先检查两条腿，一方资金不足就什么都不动，"
         "任何一方都不会只付出不收回（没有赫斯塔特风险）。"),
)
def _pvp(answer: Any) -> Bilingual | None:
    given = letter(answer)
    if given is None:
        return NOT_A_LETTER
    if given == _pvp_outcome():
        return None
    if given == "A":
        return ("Then bank_cn would have paid and received nothing: exactly the settlement risk "
                "PvP removes.",
                "那样 bank_cn 付了钱却什么也没收到：这正是同步交收要消除的交收风险。")
    return ("Can a balance on the bridge go below zero? Look at what settle_swap checks first.",
            "货币桥上的余额能小于零吗？看看 settle_swap 首先检查什么。")
