"""Exercises of the simulation chapter (链仿真): propagation and forks, confirmations and the
double spend, selfish mining, and consensus at scale.

Every reference answer is computed with ledgerkit, so the notebook and the check agree.

>>> from ledgerkit.exercises import check
>>> bool(check("sim.confirm.2", 15)), bool(check("sim.confirm.2", 6))
(True, False)
"""

from __future__ import annotations

import math
from decimal import Decimal
from functools import cache
from typing import Any

from ledgerkit.consensus.pbft import PBFT
from ledgerkit.exercise_bank._answers import NOT_A_LETTER, NOT_A_NUMBER, letter, whole_number
from ledgerkit.exercises import Bilingual, exercise
from ledgerkit.sim.analytic import (
    blocks_needed,
    nakamoto_attack_probability,
    selfish_mining_revenue,
    selfish_mining_threshold,
    stale_rate,
)
from ledgerkit.sim.network import BITCOIN_2019

# --- the notebooks' data ------------------------------------------------------------------

DELAY_S = 10.0  # prop.1: a block needs 10 s to reach the miners...
FAST_INTERVAL_S = 60.0  # ...on a chain with a block every minute
FORK_RUN = {"nodes": 300, "blocks": 60, "interval_s": 20.0, "seed": 1}  # prop.3
ATTACKER_Q = 0.1  # confirm.1 and confirm.3
WAIT_Z = 6  # confirm.1
BIG_ATTACKER_Q = 0.25  # confirm.2
P_MAX = 0.001  # confirm.2 and confirm.3: the whitepaper's "P < 0.1%"
BLOCK_MINUTES = 10  # Bitcoin's block interval
POOL_ALPHA = 0.35  # selfish.2
SMALL_POOL = 0.20  # selfish.3
GAMMA_CHOICES = {"A": 0.0, "B": 0.5, "C": 1.0}
PBFT_N = 20  # scale.1
RAFT_CRASHES = 3  # scale.2
SMALL_N, LARGE_N = 10, 100  # scale.3


# --- reading answers ----------------------------------------------------------------------

NOT_A_SHARE: Bilingual = (
    "Give a number, e.g. 0.05 for 5% — not text, a list or None.",
    "请给出一个数，例如 0.05 表示 5%，而不是文本、列表或 None。",
)
PERCENT_NOT_SHARE: Bilingual = (
    "That looks like a percentage. Give a share from 0 to 1 (5% is 0.05).",
    "这看起来是百分数。请给出 0 到 1 之间的比例（5% 写作 0.05）。",
)


def _number(answer: Any) -> float | None:
    """A finite number as a float (True/False are not numbers), else None."""
    if isinstance(answer, bool) or not isinstance(answer, (int, float, Decimal)):
        return None
    value = float(answer)
    return value if math.isfinite(value) else None


def _share_or_hint(answer: Any) -> tuple[float | None, Bilingual | None]:
    """(a share from 0 to 1, None), or (None, a hint about the kind of answer wanted)."""
    value = _number(answer)
    if value is None:
        return None, NOT_A_SHARE
    if 1 < value <= 100:
        return None, PERCENT_NOT_SHARE
    if not 0 <= value <= 1:
        return None, ("A share of blocks or a probability lies from 0 to 1.",
                      "区块占比或概率都在 0 到 1 之间。")
    return value, None


def _count_or_hint(answer: Any) -> tuple[int | None, Bilingual | None]:
    given = whole_number(answer)
    if given is not None:
        return given, None
    if _number(answer) is not None:
        return None, ("Blocks, messages and nodes come whole: give a whole number.",
                      "区块、消息和节点都是整数个：请给出整数。")
    return None, NOT_A_NUMBER


def _close(value: float, right: float, rel: float = 0.002, absolute: float = 1e-9) -> bool:
    return math.isclose(value, right, rel_tol=rel, abs_tol=absolute)


# === prop.1 stale rate on a fast chain ======================================================


@exercise(
    "sim.prop.1",
    reference=lambda: stale_rate(DELAY_S, FAST_INTERVAL_S),
    wrong_answers=(stale_rate(DELAY_S, 600), DELAY_S / FAST_INTERVAL_S, 15.35, 0.0, "0.15"),
    why=(
        "1 − exp(−10/60) ≈ 15%: ten times more blocks per hour, almost ten times more forks. "
        "Fast chains pay for speed with stale blocks.",
        "1 − exp(−10/60) ≈ 15%：每小时的区块多了十倍，分叉也差不多多了十倍。"
        "出块快的链用孤块为速度买单。",
    ),
)
def _stale_on_fast_chain(answer: Any) -> Bilingual | None:
    value, hint = _share_or_hint(answer)
    if hint is not None:
        return hint
    if _close(value, stale_rate(DELAY_S, FAST_INTERVAL_S)):
        return None
    if _close(value, stale_rate(DELAY_S, 600)):
        return ("That is Bitcoin's 600 s interval. The question's chain finds a block every "
                "60 s.", "这是比特币 600 秒的出块间隔。题目中的链每 60 秒出一个块。")
    if _close(value, DELAY_S / FAST_INTERVAL_S):
        return ("d/T is the first-order estimate. Use the formula 1 − exp(−d/T), e.g. "
                "analytic.stale_rate(d, T).",
                "d/T 只是一阶近似。请用公式 1 − exp(−d/T)，例如 analytic.stale_rate(d, T)。")
    return ("Put the delay d and the interval T into 1 − exp(−d/T), or call "
            "analytic.stale_rate.", "请把延迟 d 和间隔 T 代入 1 − exp(−d/T)，或调用 "
            "analytic.stale_rate。")


# === prop.2 the slowest link in the 2019 table ==============================================


def _slowest_link_ms() -> int:
    return max(max(row) for row in BITCOIN_2019.latency_ms)


@exercise(
    "sim.prop.2",
    reference=_slowest_link_ms,
    wrong_answers=(294, 322, 88, 11, 237, "325"),
    why=(
        "South America ↔ Asia-Pacific: about a third of a second each way, before a single "
        "byte of the block is sent. Few nodes live there, but blocks must reach them too.",
        "南美 ↔ 亚太：单程约三分之一秒，这还没开始传送区块的任何字节。那里的节点不多，"
        "但区块同样要传到。",
    ),
)
def _slowest_link(answer: Any) -> Bilingual | None:
    given, hint = _count_or_hint(answer)
    if hint is not None:
        return hint
    table = BITCOIN_2019.latency_ms
    if given == _slowest_link_ms():
        return None
    if given in {table[i][i] for i in range(len(table))}:
        return ("That is a latency inside one region (the diagonal). Look between regions.",
                "这是同一地区内部的延迟（对角线）。请看地区之间。")
    if any(given in row for row in table):
        return ("That link is in the table, but a slower one exists: take the largest "
                "number, e.g. max(max(row) for row in BITCOIN_2019.latency_ms).",
                "这条链路在表中，但还有更慢的：请取最大值，例如 "
                "max(max(row) for row in BITCOIN_2019.latency_ms)。")
    return ("Read BITCOIN_2019.latency_ms (milliseconds) and give its largest entry.",
            "请查看 BITCOIN_2019.latency_ms（毫秒），给出其中最大的数。")


# === prop.3 stale blocks in a fast simulated network ========================================


@cache
def _fork_run_stale_blocks() -> int:
    from ledgerkit.sim.pow_network import simulate  # lazily: it loads numpy and networkx

    return simulate(**FORK_RUN).stale_blocks


@exercise(
    "sim.prop.3",
    reference=_fork_run_stale_blocks,
    wrong_answers=(0, 60, 56, 5, 3, "4"),
    why=(
        "With a block every 20 s and blocks needing a few seconds to spread, forks are common: "
        "a handful of the 60 blocks were wasted work, far more than on a 600 s chain.",
        "每 20 秒一个块，而区块传播需要几秒，分叉很常见：60 个块中有好几个是白费的算力，"
        "远多于 600 秒出块的链。",
    ),
)
def _stale_blocks_of_run(answer: Any) -> Bilingual | None:
    given, hint = _count_or_hint(answer)
    if hint is not None:
        return hint
    right = _fork_run_stale_blocks()
    if given == right:
        return None
    if given == FORK_RUN["blocks"] - right:
        return ("That is the main chain's length. Count the blocks left off it: "
                "result.stale_blocks.",
                "这是主链的长度。请数被主链排除的区块：result.stale_blocks。")
    if 0 < given < 1:
        return ("That looks like a rate. The question asks for a number of blocks.",
                "这看起来是比率。题目问的是区块个数。")
    return ("Run simulate with the notebook's settings (nodes=300, blocks=60, interval_s=20, "
            "seed=1) and read result.stale_blocks.",
            "请用笔记本中的参数运行 simulate（nodes=300, blocks=60, interval_s=20, seed=1），"
            "再读取 result.stale_blocks。")


# === confirm.1 odds after six confirmations =================================================


@exercise(
    "sim.confirm.1",
    reference=lambda: nakamoto_attack_probability(ATTACKER_Q, WAIT_Z),
    wrong_answers=((ATTACKER_Q / (1 - ATTACKER_Q)) ** WAIT_Z, ATTACKER_Q**WAIT_Z,
                   nakamoto_attack_probability(ATTACKER_Q, 5), 0.0, 0.0509779, "0.0002"),
    why=(
        "About 0.024%, the whitepaper's table for q = 0.1, z = 6: a 10% attacker wins about "
        "once in 4,000 tries. Small, but not zero — proof of work never gives certainty.",
        "约 0.024%，与白皮书 q = 0.1、z = 6 的表格一致：10% 算力的攻击者大约每 4000 次"
        "成功一次。很小，但不是零——工作量证明从不给出绝对确定。",
    ),
)
def _odds_after_six(answer: Any) -> Bilingual | None:
    value, hint = _share_or_hint(answer)
    if hint is not None:
        return hint
    q, z = ATTACKER_Q, WAIT_Z
    if _close(value, nakamoto_attack_probability(q, z)):
        return None
    if _close(value, (q / (1 - q)) ** z):
        return ("That is the gambler's-ruin chance from exactly z blocks behind. While the "
                "merchant waits, the attacker mines too: sum over the Poisson number of his "
                "blocks, as nakamoto_attack_probability does.",
                "这是恰好落后 z 个块时的赌徒破产概率。但商家等待期间攻击者也在挖矿：需要对他"
                "挖到的区块数（泊松分布）求和，正如 nakamoto_attack_probability 所做。")
    if _close(value, q**z):
        return ("q^z would be the chance of finding the next z blocks in a row. The attacker "
                "may fall behind and still catch up later.",
                "q^z 是连续挖出接下来 z 个块的概率。攻击者即使暂时落后，之后仍可能追上。")
    return ("Call nakamoto_attack_probability(q, z) with the attacker's share and the number "
            "of confirmations.", "请用攻击者的算力占比和确认数调用 "
            "nakamoto_attack_probability(q, z)。")


# === confirm.2 confirmations against a 25% attacker ==========================================


@exercise(
    "sim.confirm.2",
    reference=lambda: blocks_needed(BIG_ATTACKER_Q, P_MAX),
    wrong_answers=(6, 14, 16, 24, 5, "15"),
    why=(
        "15 blocks, as in the whitepaper's table: two and a half hours. The usual six "
        "confirmations assume a much smaller attacker.",
        "15 个块，与白皮书表格一致：两个半小时。常说的 6 个确认假定攻击者小得多。",
    ),
)
def _confirmations_for_quarter(answer: Any) -> Bilingual | None:
    given, hint = _count_or_hint(answer)
    if hint is not None:
        return hint
    right = blocks_needed(BIG_ATTACKER_Q, P_MAX)
    if given == right:
        return None
    if given == 6:
        return ("Six is the habit for small attackers. A quarter of the hash power needs "
                "more: compute with blocks_needed.",
                "6 个确认是针对小攻击者的习惯。四分之一的算力需要更多：请用 blocks_needed 计算。")
    if given < right:
        if nakamoto_attack_probability(BIG_ATTACKER_Q, given) >= P_MAX:
            return ("Too few: with that many, the attack still succeeds at least 0.1% of the "
                    "time.", "太少了：这样攻击成功的概率仍不低于 0.1%。")
    return ("Too many: fewer confirmations already bring the odds below 0.1%. Find the "
            "smallest z.", "太多了：更少的确认已能把概率降到 0.1% 以下。请找出最小的 z。")


# === confirm.3 minutes a careful merchant waits =============================================


@exercise(
    "sim.confirm.3",
    reference=lambda: blocks_needed(ATTACKER_Q, P_MAX) * BLOCK_MINUTES,
    wrong_answers=(60, 5, 3000, 6, 40, "50"),
    why=(
        "5 blocks of about 10 minutes each: the merchant ships after some 50 minutes. An "
        "interbank payment with settlement finality would be final at once.",
        "5 个块，每块约 10 分钟：商家约 50 分钟后发货。具有结算最终性的银行间支付则立即生效。",
    ),
)
def _minutes_to_wait(answer: Any) -> Bilingual | None:
    given, hint = _count_or_hint(answer)
    if hint is not None:
        return hint
    blocks = blocks_needed(ATTACKER_Q, P_MAX)
    if given == blocks * BLOCK_MINUTES:
        return None
    if given == blocks:
        return ("That is the number of blocks. The question asks for minutes.",
                "这是区块数。题目问的是分钟数。")
    if given == blocks * BLOCK_MINUTES * 60:
        return ("That is in seconds. Give minutes.", "这是秒数。请给出分钟数。")
    if given == 6 * BLOCK_MINUTES:
        return ("Six confirmations is the rule of thumb. Compute how many this attacker and "
                "this limit need with blocks_needed.",
                "6 个确认只是经验法则。请用 blocks_needed 算出该攻击者和该上限所需的确认数。")
    return ("First find the confirmations with blocks_needed(q, p_max), then turn blocks into "
            "minutes.", "先用 blocks_needed(q, p_max) 求出确认数，再把区块数换算成分钟。")


# === selfish.1 the threshold for gamma = 1/2 ================================================


@exercise(
    "sim.selfish.1",
    reference=lambda: selfish_mining_threshold(0.5),
    wrong_answers=(1 / 3, 0.0, 0.5, 25, "0.25"),
    why=(
        "(1 − γ)/(3 − 2γ) = 0.5/2 = 1/4: a pool with a quarter of the hash power already gains "
        "by cheating, far below the 51% that people used to think was needed.",
        "(1 − γ)/(3 − 2γ) = 0.5/2 = 1/4：拥有四分之一算力的矿池作弊就能获利，"
        "远低于人们以前以为需要的 51%。",
    ),
)
def _threshold_half(answer: Any) -> Bilingual | None:
    value, hint = _share_or_hint(answer)
    if hint is not None:
        return hint
    if _close(value, selfish_mining_threshold(0.5)):
        return None
    if _close(value, selfish_mining_threshold(0.0)):
        return ("That is the threshold for γ = 0, when every honest miner sides against the "
                "pool in a tie.", "这是 γ = 0 的门槛，即平局时所有诚实矿工都站在矿池对面。")
    if _close(value, 0.5):
        return ("Half the hash power is the double-spend majority. Eyal and Sirer's point is "
                "that selfish mining pays much earlier: use (1 − γ)/(3 − 2γ).",
                "一半算力是双花所需的多数。Eyal 和 Sirer 指出自私挖矿获利早得多："
                "请用 (1 − γ)/(3 − 2γ)。")
    return ("Put γ = 0.5 into (1 − γ)/(3 − 2γ), or call selfish_mining_threshold.",
            "请把 γ = 0.5 代入 (1 − γ)/(3 − 2γ)，或调用 selfish_mining_threshold。")


# === selfish.2 the revenue of a 35% pool ====================================================


@exercise(
    "sim.selfish.2",
    reference=lambda: selfish_mining_revenue(POOL_ALPHA, 0.0),
    wrong_answers=(POOL_ALPHA, selfish_mining_revenue(POOL_ALPHA, 0.5),
                   selfish_mining_revenue(POOL_ALPHA, 1.0), 36.65, "0.37"),
    why=(
        "About 36.7% of the blocks for 35% of the work: above the threshold of 1/3, selfish "
        "mining pays even when every tie is lost.",
        "付出 35% 的算力得到约 36.7% 的区块：高于 1/3 的门槛时，即使每次平局都输，"
        "自私挖矿仍然获利。",
    ),
)
def _revenue_of_pool(answer: Any) -> Bilingual | None:
    value, hint = _share_or_hint(answer)
    if hint is not None:
        return hint
    if _close(value, selfish_mining_revenue(POOL_ALPHA, 0.0)):
        return None
    if _close(value, POOL_ALPHA):
        return ("That is what the pool earns mining honestly. The question asks about the "
                "selfish strategy.", "这是矿池诚实挖矿的收益。题目问的是自私挖矿策略。")
    if any(_close(value, selfish_mining_revenue(POOL_ALPHA, g)) for g in (0.5, 1.0)):
        return ("Check γ: in this question every honest miner sides against the pool in a "
                "tie.", "请检查 γ：本题中平局时所有诚实矿工都站在矿池对面。")
    return ("Call selfish_mining_revenue(alpha, gamma) with the pool's share and γ.",
            "请用矿池的算力占比和 γ 调用 selfish_mining_revenue(alpha, gamma)。")


# === selfish.3 which gamma makes a 20% pool cheat? ===========================================


def _profitable_choice() -> str:
    good = [key for key, gamma in GAMMA_CHOICES.items()
            if selfish_mining_threshold(gamma) < SMALL_POOL]
    return good[0]


@exercise(
    "sim.selfish.3",
    reference=_profitable_choice,
    wrong_answers=("A", "B", "D"),
    why=(
        "Only γ = 1: if every honest miner builds on the pool's block in a tie, any pool at "
        "all gains. A well-connected pool is dangerous even when small.",
        "只有 γ = 1：如果平局时所有诚实矿工都在矿池的块上挖矿，任何规模的矿池都能获利。"
        "网络连接好的矿池即使很小也很危险。",
    ),
)
def _which_gamma(answer: Any) -> Bilingual | None:
    choice = letter(answer)
    if choice is None:
        return NOT_A_LETTER
    if choice == _profitable_choice():
        return None
    threshold = selfish_mining_threshold(GAMMA_CHOICES[choice])
    return (f"With that γ the threshold is {threshold:.3f}, above the pool's 0.20: it earns "
            "less than honest mining.",
            f"在该 γ 下门槛为 {threshold:.3f}，高于矿池的 0.20：它的收益低于诚实挖矿。")


# === scale.1 PBFT messages for 20 replicas ==================================================


def _pbft_total(n: int) -> int:
    return sum(PBFT(n).run_request("pay").messages.values())


@exercise(
    "sim.scale.1",
    reference=lambda: _pbft_total(PBFT_N),
    wrong_answers=(800, 400, 761, 780, 741, 1000, "781"),
    why=(
        "1 + 19 + 361 + 380 + 20 = 781: the two all-to-all rounds (prepare and commit) are "
        "almost all of it.",
        "1 + 19 + 361 + 380 + 20 = 781：几乎全部来自两轮全互联投票（准备和提交）。",
    ),
)
def _pbft_messages(answer: Any) -> Bilingual | None:
    given, hint = _count_or_hint(answer)
    if hint is not None:
        return hint
    n = PBFT_N
    right = _pbft_total(n)
    if given == right:
        return None
    if given == 2 * n * n:
        return ("2n² is the rough size. Add the five phases exactly.",
                "2n² 只是大致规模。请把五个阶段精确相加。")
    if given in (right - 1, right - n, right - n - 1):
        return ("Count the client's request and the replies too.",
                "客户端的请求和各副本的回复也要计入。")
    return ("Add request 1, pre-prepare n − 1, prepare (n − 1)², commit n(n − 1) and reply n, "
            "or run PBFT(20) and sum result.messages.",
            "请把请求 1、预准备 n − 1、准备 (n − 1)²、提交 n(n − 1) 和回复 n 相加，"
            "或运行 PBFT(20) 并对 result.messages 求和。")


# === scale.2 the smallest Raft cluster that survives three crashes ==========================


def _raft_nodes_for(crashes: int) -> int:
    # Raft keeps working while a majority (n // 2 + 1) is up.
    return next(n for n in range(1, 2 * crashes + 2) if n - (n // 2 + 1) >= crashes)


@exercise(
    "sim.scale.2",
    reference=lambda: _raft_nodes_for(RAFT_CRASHES),
    wrong_answers=(10, 6, 4, 3, 8, "7"),
    why=(
        "2f + 1 = 7: any 4 of them are a majority. PBFT would need 3f + 1 = 10 to survive "
        "three liars; crashes are cheaper to tolerate than lies.",
        "2f + 1 = 7：其中任意 4 个就是多数。PBFT 要容忍三个作恶节点需要 3f + 1 = 10 个；"
        "容忍宕机比容忍撒谎便宜。",
    ),
)
def _raft_size(answer: Any) -> Bilingual | None:
    given, hint = _count_or_hint(answer)
    if hint is not None:
        return hint
    f = RAFT_CRASHES
    if given == _raft_nodes_for(f):
        return None
    if given == 3 * f + 1:
        return ("That is PBFT's rule for liars. Raft nodes only crash: a majority of the "
                "cluster must stay up.", "这是 PBFT 对付作恶节点的规则。Raft 节点只会宕机："
                "只要集群多数在线即可。")
    if given == 2 * f:
        return ("With an even number, losing three leaves exactly half, which is no majority.",
                "节点数为偶数时，失去三个后恰好剩一半，不构成多数。")
    if given > 2 * f + 1:
        return ("That works, but fewer nodes would do. Give the smallest cluster.",
                "这样可以，但更少的节点也够。请给出最小的集群规模。")
    return ("Too few: after three crashes a majority of the whole cluster must still be up.",
            "太少了：三个节点宕机后，整个集群的多数仍须在线。")


# === scale.3 how PBFT's cost grows ==========================================================


def _growth() -> float:
    return _pbft_total(LARGE_N) / _pbft_total(SMALL_N)


@exercise(
    "sim.scale.3",
    reference=_growth,
    wrong_answers=(10, 100, 1000, 98.0, "104"),
    why=(
        "About 104: ten times the replicas cost about a hundred times the messages (quadratic), "
        "a little more because small networks pay relatively more for request and reply.",
        "约 104：副本数变为十倍，消息数约变为一百倍（平方增长）；略多于 100，"
        "是因为小网络中请求和回复所占比例相对更大。",
    ),
)
def _pbft_growth(answer: Any) -> Bilingual | None:
    value = _number(answer)
    if value is None:
        return ("Give a number: the ratio of the two totals.", "请给出一个数：两个总数之比。")
    right = _growth()
    if _close(value, right, rel=0.005):
        return None
    if _close(value, LARGE_N / SMALL_N, rel=0.05):
        return ("That would be linear growth, like Raft's. PBFT's voting rounds are "
                "all-to-all.", "这是线性增长，像 Raft 那样。PBFT 的投票轮次是全互联的。")
    if _close(value, (LARGE_N / SMALL_N) ** 2, rel=0.02):
        return ("Close: that is the n² estimate. Divide the exact totals.",
                "接近了：这是 n² 估算。请用两个精确总数相除。")
    return ("Run PBFT(100) and PBFT(10), sum their messages and divide the first total by the "
            "second.", "请运行 PBFT(100) 和 PBFT(10)，分别对消息求和，再用前者除以后者。")
