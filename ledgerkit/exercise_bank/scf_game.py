"""Exercises of the supply-chain finance game (供应链金融经营沙盘): factoring a voucher piece,
what tier 3 saves with the shared ledger, and where the risk goes when the core fails.

Every reference answer is computed by playing the game, so the notebook and the check agree.

>>> from ledgerkit.exercises import check
>>> bool(check("sim.game.1", Decimal("356400.00"))), bool(check("sim.game.1", 3600))
(True, False)
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from typing import Any

from ledgerkit.exercise_bank._answers import NOT_A_LETTER, ROUND_TO_FEN, letter, money_answer
from ledgerkit.exercises import Bilingual, exercise
from ledgerkit.finance.rates import to_fen
from ledgerkit.sim.scf_bots import patient_supplier
from ledgerkit.sim.scf_game import Game, GameConfig, both_worlds
from ledgerkit.sim.scf_report import bank_losses, events, tier_metrics

# --- the notebook's data ------------------------------------------------------------------

SMALL = GameConfig(tiers=(1, 1, 1), months=6, fail_chance=(0, 0, 0), fraud_chance=0)
SEED = 0  # the default game of the notebook: GameConfig() on seed 0
CORE_FAILS = GameConfig(tiers=(1, 2, 2), core_fails_in=5, fail_chance=(0, 0, 0),
                        fraud_chance=0)


@cache
def piece_cash() -> Decimal:
    """Exercise 1: cash T3-1 gets at the start of month 2 for its voucher piece at BankA.

    >>> piece_cash()
    Decimal('356400.00')
    """
    game = small_game()
    return game.quote(game.held("T3-1")[0], "BankA")[2]


def small_game() -> Game:
    """The three-firm chain of exercise 1 after its first month, T3-1 waiting."""
    game = Game(SMALL, seed=1, ledger=True, players={"T3-1": patient_supplier})
    game.step()
    return game


@cache
def tier3_saving() -> Decimal:
    """Exercise 2: the yuan of financing cost tier 3 saves with the ledger (default game).

    >>> tier3_saving() > 0
    True
    """
    worlds = both_worlds(seed=SEED)
    cost = {ledger: sum((f.interest for f in game.firms.values() if f.tier == 3),
                        Decimal(0)) for ledger, game in worlds.items()}
    return cost[False] - cost[True]


@cache
def who_bears_it() -> str:
    """Exercise 3: who bears the loss on pieces a bank bought when the core fails.

    >>> who_bears_it()
    'B'
    """
    game = Game(CORE_FAILS, seed=1, ledger=True)
    game.run()
    if bank_losses(game) == 0 and events(game, "recourse") > 0:
        return "B"
    return "A"


_PIECE, _DAYS, _RATE = Decimal("360000.00"), 90, Decimal("0.040")
_INTEREST = _PIECE - piece_cash()


@exercise(
    "sim.game.1",
    reference=piece_cash,
    wrong_answers=(_INTEREST, _PIECE, _PIECE - to_fen(_PIECE * _RATE * _DAYS / 365),
                   _PIECE - to_fen(_PIECE * Decimal("0.085") * _DAYS / 360), 356400.0),
    why=("With the ledger T3-1 holds a piece of the core's voucher, so BankA prices the core's "
         "credit: interest = 360,000 × 4.0% × 90 / 360 = 3,600, paid up front; T3-1 receives "
         "356,400 now and BankA collects 360,000 from the core at the start of month 5.",
         "有了共享账本，T3-1 持有的是核心企业凭证的一部分，银行按核心企业的信用定价：利息 = "
         "360,000 × 4.0% × 90 / 360 = 3,600，预先扣除；T3-1 现在拿到 356,400，"
         "第 5 个月初由银行向核心企业收取 360,000。"),
)
def _piece_cash(answer: Any) -> Bilingual | None:
    given, hint = money_answer(answer)
    if hint:
        return hint
    if given == piece_cash():
        return None
    if given == _INTEREST:
        return ("That is the interest the bank keeps. How much cash does T3-1 receive?",
                "这是银行扣下的利息。T3-1 实际拿到多少现金？")
    if given == _PIECE:
        return ("Selling a claim before it is due costs interest: the bank pays less than the "
                "face.", "到期前卖出债权要付利息：银行支付的金额低于面额。")
    if to_fen(given) == piece_cash():
        return ROUND_TO_FEN
    if given < _PIECE - to_fen(_PIECE * Decimal("0.06") * _DAYS / 360):
        return ("The bank prices the debtor of the piece, the core enterprise, at 4.0% — not "
                "T3-1's own SME rate.",
                "银行按凭证的债务人（核心企业）的信用定价，年利率 4.0%，"
                "而不是 T3-1 自己的小微企业利率。")
    return ("Count 90 days (the start of month 2 to the start of month 5) on a 360-day year: "
            "interest = face × 4.0% × 90 / 360, and T3-1 gets face − interest. "
            "game.quote(piece, \"BankA\") shows it.",
            "按 90 天（第 2 个月初到第 5 个月初）、一年 360 天计算：利息 = 面额 × 4.0% × 90 / 360，"
            "T3-1 拿到面额 − 利息。game.quote(piece, \"BankA\") 可以验证。")


@exercise(
    "sim.game.2",
    reference=tier3_saving,
    wrong_answers=(0, -tier3_saving(), Decimal(1), "a lot"),
    why=("Without the ledger tier 3 borrows at the SME rate for its wages and raw materials "
         "and waits about half a year to be paid; with it, each tier-3 firm sells pieces of "
         "the core's voucher at about 4% a month after delivery. Sum the interest of the "
         "eight tier-3 firms in each world and subtract.",
         "没有共享账本时，三级供应商只能按小微企业利率借钱发工资、买原料，并等大约半年才回款；"
         "有了共享账本，每家三级供应商交货一个月后就能以约 4% 的利率卖出核心企业凭证的拆分份额。"
         "把两个世界中八家三级供应商的利息分别加总，再相减。"),
)
def _tier3_saving(answer: Any) -> Bilingual | None:
    given, hint = money_answer(answer)
    if hint:
        return hint
    right = tier3_saving()
    if abs(given - right) <= 1:
        return None
    if given == -right:
        return ("Right size, wrong sign: how much LESS does tier 3 pay with the ledger?",
                "数值对了，符号反了：有共享账本时三级供应商少付多少？")
    if given <= 0:
        return ("Tier 3 pays less interest with the ledger: the saving is positive.",
                "有共享账本时三级供应商付的利息更少：节省额是正数。")
    whole = tier_metrics(both_worlds(seed=SEED)[False])[3]["cost"]
    if abs(float(given) - whole) <= 1:
        return ("That is tier 3's whole cost without the ledger; subtract its cost with it.",
                "这是无共享账本时三级供应商的全部成本；还要减去有共享账本时的成本。")
    return ("Play both_worlds(seed=0); in each world add up firm.interest over the firms with "
            "firm.tier == 3, then subtract (to within 1 yuan).",
            "运行 both_worlds(seed=0)；在每个世界里把 firm.tier == 3 的企业的 firm.interest "
            "加总，再相减（误差 1 元以内）。")


@exercise(
    "sim.game.3",
    reference=who_bears_it,
    wrong_answers=("A", "C", "AB", 2),
    why=("A voucher is a claim on the core; the bank that factored a piece bears the core's "
         "risk first. Factoring here is with recourse (有追索权), so when the core does not pay "
         "the bank claims the face back from the supplier who sold it the piece: the loss "
         "moves back down the chain to the suppliers.",
         "凭证是对核心企业的债权，为拆分份额做保理的银行首先承担核心企业的风险。本游戏中的保理"
         "是有追索权的，核心企业不付款时，银行向卖给它凭证的供应商追回面额：损失沿链条回到供应商身上。"),
)
def _who_bears_it(answer: Any) -> Bilingual | None:
    given = letter(answer)
    if given is None:
        return NOT_A_LETTER
    if given == who_bears_it():
        return None
    if given == "A":
        return ("The bank holds the piece, but the game's factoring is with recourse: count "
                "the 'recourse' events and the banks' losses.",
                "银行持有该份凭证，但本游戏的保理是有追索权的：数一数“recourse”事件和银行的损失。")
    return ("The platform only records the vouchers; it guarantees nothing. Who pays the bank "
            "back under recourse?",
            "平台只记录凭证，并不提供担保。在有追索权的保理中，谁向银行还钱？")
