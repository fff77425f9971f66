"""Exercises of lab 05, "Simulate a network" (labs/lab05-simulate-a-network), on the
simulation chapter: measure how fast blocks spread, what compact blocks buy, how the block
interval drives forks, how many confirmations a bank should wait for, and what a selfish
pool earns.

The lab's data (network sizes, seeds, limits) lives here, so the notebook, the reference
solutions and the lecturer's guide all run the same simulations.

>>> from ledgerkit.exercises import check
>>> bool(check("lab05.confirm.1", 14)), bool(check("lab05.confirm.1", 6))
(True, False)
"""

from __future__ import annotations

import math
from functools import cache
from typing import Any

from ledgerkit.exercise_bank._answers import NOT_A_NUMBER, whole_number
from ledgerkit.exercises import Bilingual, exercise
from ledgerkit.sim.analytic import blocks_needed, selfish_mining_revenue, stale_rate

# --- the lab's data -----------------------------------------------------------------------

NODES = 500  # Part 1: the class network
SPREAD_BLOCKS = 20
SEED = 5
COMPACT_BYTES = 18_000  # Part 1: a compact block instead of the whole 535,000 bytes
FORK_BLOCKS = 200  # Part 2: a fast chain
FORK_INTERVAL_S = 15.0
INTERVALS_S = (600, 300, 120, 60, 30, 15)  # Part 2: the designs the consortium considers
STALE_LIMIT = 0.01
ATTACKER_Q = 0.2  # Part 3
BANK_P_MAX = 0.0001  # the bank accepts a 0.01% risk
POOL_ALPHA, POOL_GAMMA = 0.3, 0.5  # Part 4


@cache
def spread_run(relay_bytes: float | None = None) -> Any:
    """Part 1: the class network of NODES nodes, SPREAD_BLOCKS blocks of 535,000 bytes, sent
    whole (relay_bytes None) or as compact blocks.

    >>> spread_run().nodes
    500
    """
    from ledgerkit.sim.pow_network import simulate  # lazily: it loads numpy and networkx

    return simulate(nodes=NODES, blocks=SPREAD_BLOCKS, seed=SEED, relay_bytes=relay_bytes)


@cache
def fork_run() -> Any:
    """Part 2: the same network size with a block every FORK_INTERVAL_S seconds.

    >>> fork_run().blocks
    200
    """
    from ledgerkit.sim.pow_network import simulate

    return simulate(nodes=NODES, blocks=FORK_BLOCKS, interval_s=FORK_INTERVAL_S, seed=SEED)


def median_whole_s() -> float:
    """Median time for a whole block to reach half the nodes, in seconds.

    >>> median_whole_s() > 1
    True
    """
    return spread_run().propagation_percentiles[50]


def median_compact_s() -> float:
    """The same with compact blocks.

    >>> median_compact_s() < median_whole_s()
    True
    """
    return spread_run(COMPACT_BYTES).propagation_percentiles[50]


def _number(answer: Any) -> float | None:
    if isinstance(answer, bool) or not isinstance(answer, (int, float)):
        return None
    return float(answer) if math.isfinite(answer) else None


_GIVE_A_NUMBER: Bilingual = ("Give a number, e.g. 1.5 — not text, a list or None.",
                             "请给出一个数，例如 1.5，而不是文本、列表或 None。")


# === Part 1 ================================================================================


@exercise(
    "lab05.spread.1",
    reference=lambda: round(median_whole_s(), 1),
    wrong_answers=(0.2, 5.1, 25.0, 0.0, "2.5"),
    why=(
        "About two and a half seconds for a whole block to reach half of the 500 nodes: each "
        "hop uploads 535 kB, and uploads are slow.",
        "整块传到 500 个节点中的一半约需两秒半：每一跳都要上传 535 kB，而上传很慢。",
    ),
)
def _median_whole(answer: Any) -> Bilingual | None:
    value = _number(answer)
    if value is None:
        return _GIVE_A_NUMBER
    if abs(value - median_whole_s()) <= 0.06:
        return None
    if abs(value - median_compact_s()) <= 0.06:
        return ("That is the compact-block run. This task sends whole blocks.",
                "这是致密区块的结果。本题发送的是整块。")
    if abs(value - spread_run().propagation_percentiles[100]) <= 0.06:
        return ("That is the time to reach every node. The task asks for half of them.",
                "这是传到所有节点的时间。本题问的是传到一半节点的时间。")
    return ("Read result.propagation_percentiles[50] (seconds) and round to one decimal.",
            "请读取 result.propagation_percentiles[50]（秒），保留一位小数。")


def _speed_up() -> float:
    return round(median_whole_s() / median_compact_s(), 1)


@exercise(
    "lab05.spread.2",
    reference=_speed_up,
    wrong_answers=(1.0, 0.1, 29.7, 2.5, "10"),
    why=(
        "About ten times faster: 18 kB instead of 535 kB per hop, so most of the time left is "
        "latency. That is why Bitcoin adopted compact blocks (BIP 152).",
        "约快十倍：每跳传 18 kB 而不是 535 kB，剩下的主要是延迟。这正是比特币采用致密区块"
        "（BIP 152）的原因。",
    ),
)
def _compact_speed_up(answer: Any) -> Bilingual | None:
    value = _number(answer)
    if value is None:
        return _GIVE_A_NUMBER
    right = median_whole_s() / median_compact_s()
    if abs(value - right) <= 0.1:
        return None
    if value < 1:
        return ("The ratio is upside down: divide the whole-block median by the compact one.",
                "比值倒过来了：请用整块的中位数除以致密区块的中位数。")
    if abs(value - 535_000 / COMPACT_BYTES) <= 0.5:
        return ("That is the ratio of the sizes. Latency does not shrink with the block: "
                "divide the two measured medians.",
                "这是两种大小之比。延迟不会随区块变小而减少：请用两个测得的中位数相除。")
    return ("Divide the median of the whole-block run by the median of the compact run, and "
            "round to one decimal.", "请用整块运行的中位数除以致密区块运行的中位数，保留一位小数。")


# === Part 2 ================================================================================


@exercise(
    "lab05.forks.1",
    reference=lambda: fork_run().stale_blocks,
    wrong_answers=(169, 0, 15, 155, "31"),  # 169: the main chain's length
    why=(
        "About one block in six is stale with a block every 15 s: the network needs seconds "
        "to spread each block, so miners keep building on old tips.",
        "每 15 秒一个块时约六分之一的区块成为孤块：网络需要几秒才能传播一个区块，"
        "矿工一直在旧的链头上挖矿。",
    ),
)
def _stale_blocks(answer: Any) -> Bilingual | None:
    given = whole_number(answer)
    if given is None:
        return NOT_A_NUMBER
    run = fork_run()
    if given == run.stale_blocks:
        return None
    if given == run.main_chain_length:
        return ("That is the main chain's length. Count the blocks left off it.",
                "这是主链的长度。请数被主链排除的区块。")
    return ("Run the notebook's fast chain and read result.stale_blocks.",
            "请运行笔记本中出块快的链，并读取 result.stale_blocks。")


def shortest_safe_interval() -> int:
    """The shortest interval of INTERVALS_S whose predicted stale rate stays below 1%.

    >>> shortest_safe_interval() in INTERVALS_S
    True
    """
    d = median_whole_s()
    return min(t for t in INTERVALS_S if stale_rate(d, t) < STALE_LIMIT)


@exercise(
    "lab05.forks.2",
    reference=shortest_safe_interval,
    wrong_answers=(600, 120, 60, 15, "300"),
    why=(
        "1 − exp(−d/T) < 1% needs T above about 100 times the delay d: with d of some two and "
        "a half seconds, five minutes is the shortest of the designs.",
        "1 − exp(−d/T) < 1% 要求 T 大于延迟 d 的约 100 倍：d 约两秒半，"
        "在这些方案中最短的是五分钟。",
    ),
)
def _safe_interval(answer: Any) -> Bilingual | None:
    given = whole_number(answer)
    if given is None:
        return NOT_A_NUMBER
    if given == shortest_safe_interval():
        return None
    if given not in INTERVALS_S:
        return ("Choose one of the designs: 600, 300, 120, 60, 30 or 15 seconds.",
                "请从这些方案中选择：600、300、120、60、30 或 15 秒。")
    if stale_rate(median_whole_s(), given) >= STALE_LIMIT:
        return ("With that interval the formula predicts 1% or more stale blocks.",
                "按公式，该间隔的孤块率不低于 1%。")
    return ("That one is safe, but a shorter design is safe too. Give the shortest.",
            "这个方案是安全的，但还有更短的方案也安全。请给出最短的。")


# === Part 3 ================================================================================


@exercise(
    "lab05.confirm.1",
    reference=lambda: blocks_needed(ATTACKER_Q, BANK_P_MAX),
    wrong_answers=(blocks_needed(ATTACKER_Q, 0.001), 6, 15, 13, "14"),
    why=(
        "14 confirmations — over two hours on Bitcoin — for a 0.01% risk against 20% of the "
        "hash power. A bank would rather have settlement finality.",
        "14 个确认——在比特币上超过两小时——才能把面对 20% 算力的风险降到 0.01%。"
        "银行更希望有结算最终性。",
    ),
)
def _bank_confirmations(answer: Any) -> Bilingual | None:
    given = whole_number(answer)
    if given is None:
        return NOT_A_NUMBER
    right = blocks_needed(ATTACKER_Q, BANK_P_MAX)
    if given == right:
        return None
    if given == blocks_needed(ATTACKER_Q, 0.001):
        return ("That is the whitepaper's 0.1% limit. The bank accepts only 0.01%.",
                "这是白皮书的 0.1% 上限。银行只接受 0.01%。")
    if given < right:
        return ("Too few: the attacker still wins more often than the bank accepts.",
                "太少了：攻击者成功的概率仍高于银行能接受的上限。")
    return ("Too many: fewer confirmations already meet the limit. Give the smallest number.",
            "太多了：更少的确认已满足上限。请给出最小的数。")


# === Part 4 ================================================================================


@exercise(
    "lab05.selfish.1",
    reference=lambda: round(selfish_mining_revenue(POOL_ALPHA, POOL_GAMMA), 3),
    wrong_answers=(POOL_ALPHA, 0.25, round(selfish_mining_revenue(POOL_ALPHA, 0.0), 3), 32.7,
                   "0.327"),
    why=(
        "About 32.7% of the blocks for 30% of the hash power: above the threshold of 1/4 for "
        "γ = 1/2, cheating pays.",
        "用 30% 的算力拿到约 32.7% 的区块：高于 γ = 1/2 时 1/4 的门槛，作弊有利可图。",
    ),
)
def _pool_revenue(answer: Any) -> Bilingual | None:
    value = _number(answer)
    if value is None:
        return _GIVE_A_NUMBER
    if 1 < value <= 100:
        return ("Give a share from 0 to 1, not a percentage.",
                "请给出 0 到 1 之间的比例，而不是百分数。")
    if abs(value - selfish_mining_revenue(POOL_ALPHA, POOL_GAMMA)) <= 0.001:
        return None
    if abs(value - POOL_ALPHA) <= 0.001:
        return ("That is the honest pool's share. The pool mines selfishly.",
                "这是诚实矿池的占比。该矿池在自私挖矿。")
    if abs(value - 0.25) <= 0.001:
        return ("That is the threshold, not the pool's revenue.", "这是门槛，不是矿池的收益。")
    return ("Call selfish_mining_revenue(alpha, gamma) with the pool's share and γ, and round "
            "to three decimals.", "请用矿池的算力占比和 γ 调用 selfish_mining_revenue，"
            "保留三位小数。")
