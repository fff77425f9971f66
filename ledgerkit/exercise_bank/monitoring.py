"""Exercises of the monitoring chapter (网络监控): reading a dashboard, and incidents.

The runs the notebooks look at are built here too, so a notebook and the reference solution
see the same numbers.

>>> from ledgerkit.exercises import check
>>> bool(check("monitor.read.1", 36)), bool(check("monitor.read.1", 42))
(True, False)
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from ledgerkit.consensus.pbft import PBFT
from ledgerkit.exercise_bank._answers import NOT_A_LETTER, NOT_A_NUMBER, letter, whole_number
from ledgerkit.exercises import Bilingual, exercise
from ledgerkit.i18n import Phrase, register_strings
from ledgerkit.monitor import Scenario, engine_metrics, pow_metrics
from ledgerkit.sim.pow_network import PowResult, simulate

# --- the notebooks' data --------------------------------------------------------------------

PAYMENT = "River Bank pays Harbour Bank 1,000,000 yuan"
PBFT_REPLICAS = 7  # read.1: one payment among seven replicas
POW_NODES = 60
POW_BLOCKS = 40
POW_SEED = 1
CALM_INTERVAL_S = 600.0  # read.3: Bitcoin's ten minutes
STORMY_INTERVAL_S = 5.0  # read.2: blocks far faster than they spread
TX_PER_BLOCK = 2000
INCIDENT_STEPS = 8  # incidents 1 and 2: steps played before looking
MYSTERY_SEED = 11  # incidents 3: which replica lies


def pow_run(interval_s: float) -> PowResult:
    """The notebook's proof-of-work run with blocks `interval_s` apart on average.

    >>> pow_run(CALM_INTERVAL_S).blocks
    40
    """
    return simulate(nodes=POW_NODES, blocks=POW_BLOCKS, interval_s=interval_s, seed=POW_SEED)


def played(name: str, steps: int = INCIDENT_STEPS) -> Scenario:
    """Scenario `name` (seed 0) after `steps` steps, as the notebook plays it.

    >>> played("stalled").steps
    8
    """
    run = Scenario(name, seed=0)
    for _ in range(steps):
        run.step()
    return run


def mystery_pbft(seed: int = MYSTERY_SEED) -> PBFT:
    """Seven replicas, one of them secretly Byzantine, after one payment.

    >>> mystery_pbft().run_request("next").committed
    True
    """
    liar = random.Random(seed).randrange(1, PBFT_REPLICAS)
    pbft = PBFT(PBFT_REPLICAS, faulty={liar: "byzantine"}, seed=seed)
    pbft.run_request(PAYMENT)
    return pbft


def _number_or_hint(answer: Any) -> tuple[int | None, Bilingual | None]:
    given = whole_number(answer)
    return (given, None) if given is not None else (None, NOT_A_NUMBER)


NOT_A_RATE: Bilingual = (
    "Give a number of transactions per second, e.g. 3.2 (a float or an int).",
    "请给出每秒交易数，例如 3.2（浮点数或整数）。",
)
NOT_NODES: Bilingual = (
    "Give the node numbers as a list of whole numbers, e.g. [0, 2].",
    "请以整数列表给出节点编号，例如 [0, 2]。",
)


# === read.1 messages per phase ==============================================================


def _prepares() -> int:
    pbft = PBFT(PBFT_REPLICAS)
    pbft.run_request(PAYMENT)
    return engine_metrics(pbft).messages["prepare"]


@exercise(
    "monitor.read.1",
    reference=_prepares,
    wrong_answers=(42, 49, 6, 7, "36"),
    why=(
        "Each of the 6 backups sends PREPARE to the 6 other replicas: 6 × 6 = 36. The primary "
        "sends none: its PRE-PREPARE already says what it proposes.",
        "6 个备份节点各向其余 6 个副本发送 PREPARE：6 × 6 = 36。主节点不发 PREPARE："
        "它的 PRE-PREPARE 已经表明了提议。",
    ),
)
def _judge_prepares(answer: Any) -> Bilingual | None:
    given, hint = _number_or_hint(answer)
    if hint is not None:
        return hint
    n = PBFT_REPLICAS
    if given == _prepares():
        return None
    if given == n * (n - 1):
        return ("That is the COMMIT count: every replica, the primary too, sends COMMIT. "
                "Read the prepare bar.",
                "这是 COMMIT 的数量：包括主节点在内的每个副本都发送 COMMIT。请看 prepare 那一栏。")
    if given == n * n:
        return ("A replica does not send a message to itself: its own vote stays in its log.",
                "副本不会给自己发消息：自己的投票直接记入自己的日志。")
    return ("Read the messages-per-phase numbers of engine_metrics(pbft) for the phase "
            "'prepare'.",
            "请读取 engine_metrics(pbft) 的各阶段消息数中 'prepare' 一项。")


# === read.2 forks in a fast network =========================================================


@exercise(
    "monitor.read.2",
    reference=lambda: pow_metrics(pow_run(STORMY_INTERVAL_S)).forks,
    wrong_answers=(12, 0, 40, 1),
    why=(
        "Blocks came about every 5 s but need a second or two to spread, so miners often "
        "built on the same parent: 10 heights were claimed by more than one block.",
        "区块约每 5 秒出现一个，却要一两秒才能传遍网络，矿工常在同一父块上出块："
        "共有 10 个高度被不止一个区块争夺。",
    ),
)
def _judge_forks(answer: Any) -> Bilingual | None:
    given, hint = _number_or_hint(answer)
    if hint is not None:
        return hint
    run = pow_run(STORMY_INTERVAL_S)
    if given == pow_metrics(run).forks:
        return None
    if given == run.stale_blocks:
        return ("That counts stale blocks (孤块). A fork is a height with more than one block; "
                "one fork can leave several stale blocks. Read the forks tile.",
                "这是孤块的数量。分叉指一个高度上有不止一个区块，一次分叉可能留下多个孤块。"
                "请读“分叉”卡片。")
    if given == 0:
        return ("Run the stormy network (interval 5 s), not the calm one.",
                "请运行出块很快的网络（间隔 5 秒），而不是平静的那个。")
    return ("Read pow_metrics(stormy).forks for the run with blocks 5 s apart.",
            "请读取出块间隔 5 秒那次运行的 pow_metrics(stormy).forks。")


# === read.3 throughput from the measured interval ===========================================


def _calm_tps() -> float:
    return pow_metrics(pow_run(CALM_INTERVAL_S), tx_per_block=TX_PER_BLOCK).tps


@exercise(
    "monitor.read.3",
    reference=_calm_tps,
    wrong_answers=(TX_PER_BLOCK / CALM_INTERVAL_S, TX_PER_BLOCK, 1 / CALM_INTERVAL_S, "3.5"),
    why=(
        "TPS = transactions per block ÷ measured mean block interval: 2000 ÷ about 573 s ≈ 3.49. "
        "The dashboard measures the interval; 600 s is only the target.",
        "TPS = 每块交易数 ÷ 实测平均出块间隔：2000 ÷ 约 573 秒 ≈ 3.49。面板展示的是实测间隔，"
        "600 秒只是目标值。",
    ),
)
def _judge_tps(answer: Any) -> Bilingual | None:
    if isinstance(answer, bool) or not isinstance(answer, (int, float, Decimal)):
        return NOT_A_RATE
    given = float(answer)
    if not math.isfinite(given):
        return NOT_A_RATE
    right = _calm_tps()
    if math.isclose(given, right, rel_tol=0.01):
        return None
    if math.isclose(given, TX_PER_BLOCK / CALM_INTERVAL_S, rel_tol=0.005):
        return ("That uses the target interval of 600 s. Use the interval the run measured.",
                "这里用的是 600 秒的目标间隔。请使用这次运行实测的间隔。")
    if given >= TX_PER_BLOCK:
        return ("That is transactions per block; divide by the seconds a block takes.",
                "这是每块交易数；还要除以出一个块所需的秒数。")
    return ("Pass tx_per_block=2000 to pow_metrics and read its tps.",
            "请在 pow_metrics 中传入 tx_per_block=2000，然后读取 tps。")


# === incidents.1 which node stalled =========================================================


def _stalled_node() -> int:
    alive = engine_metrics(played("stalled").engine).alive
    return next(node for node, up in alive.items() if not up)


@exercise(
    "monitor.incidents.1",
    reference=_stalled_node,
    wrong_answers=(3, 0, 5, "4"),
    why=(
        "Node 4 crashed: the alert names it and the liveness tile shows 4 of 5 nodes. Three of "
        "five is still a majority, so Raft goes on committing: restart node 4 soon, before a "
        "second failure stops the cluster.",
        "节点 4 宕机：告警点出了它，存活卡片显示 5 个中有 4 个。5 个中剩 3 个以上仍是多数，"
        "Raft 照常提交；应尽快重启节点 4，以免再坏一个导致集群停摆。",
    ),
)
def _judge_stalled(answer: Any) -> Bilingual | None:
    given, hint = _number_or_hint(answer)
    if hint is not None:
        return hint
    if given == _stalled_node():
        return None
    if given == played("stalled").engine.leader:
        return ("That node leads and is busy sending heartbeats. Look for the node nothing "
                "is heard from.",
                "那是领导者，正忙着发心跳。请找出一直没有消息的节点。")
    if not 0 <= given < 5:
        return ("The cluster has nodes 0 to 4.", "集群的节点编号为 0 到 4。")
    return ("Read the stalled alert's node, or the node engine_metrics shows as not alive.",
            "请读取停滞告警中的节点，或 engine_metrics 中显示为不存活的节点。")


# === incidents.2 the cut-off side of a partition ============================================


def _minority() -> list[int]:
    group_of = played("partition").engine.state.group_of
    sizes = {group: group_of.count(group) for group in set(group_of)}
    smallest = min(sizes, key=sizes.get)
    return [node for node, group in enumerate(group_of) if group == smallest]


def _node_list(answer: Any) -> list[int] | None:
    if isinstance(answer, (str, bytes, dict)) or not isinstance(answer, Iterable):
        return None
    nodes = [whole_number(item) for item in answer]
    return None if None in nodes else sorted(nodes)


@exercise(
    "monitor.incidents.2",
    reference=_minority,
    wrong_answers=([0, 1, 2], [3], [0, 1, 2, 3, 4], "3, 4"),
    why=(
        "Nodes 3 and 4 are cut off: two of five cannot form a majority, so they commit nothing "
        "until the network heals, while 0, 1 and 2 elect a leader and go on.",
        "节点 3 和 4 被隔离：5 个中只有 2 个，构不成多数，网络恢复前无法提交任何条目；"
        "而 0、1、2 会选出领导者继续工作。",
    ),
)
def _judge_minority(answer: Any) -> Bilingual | None:
    given = _node_list(answer)
    if not given:
        return NOT_NODES
    right = _minority()
    if given == right:
        return None
    if len(given) > len(right):
        return ("That side holds a majority and carries on. Which nodes are cut off from it?",
                "这一侧拥有多数，能够继续工作。哪些节点被隔离在外？")
    return ("Read the groups in the partition alert and give every node of the smaller one.",
            "请读取分区告警中的分组，给出较小那一组的全部节点。")


# === incidents.3 find the liar ==============================================================


def _liar() -> int:
    from ledgerkit.monitor import detect_byzantine

    return detect_byzantine(mystery_pbft())[0].node


@exercise(
    "monitor.incidents.3",
    reference=_liar,
    wrong_answers=(0, 7, -1, "1"),
    why=(
        "Only a Byzantine replica sends different versions of one vote to different replicas; "
        "honest ones send the same digest to everyone. Isolate it, wipe it and rebuild its "
        "state from honest replicas.",
        "只有拜占庭副本会把同一投票的不同版本发给不同副本；诚实副本发给所有人的摘要都相同。"
        "应隔离它、清空它，并从诚实副本重建其状态。",
    ),
)
def _judge_liar(answer: Any) -> Bilingual | None:
    given, hint = _number_or_hint(answer)
    if hint is not None:
        return hint
    if given == _liar():
        return None
    if given == 0:
        return ("Replica 0 is the primary of view 0; the detector did not flag it. Which "
                "replica did it flag?",
                "副本 0 是视图 0 的主节点，检测器没有标记它。检测器标记的是哪个副本？")
    if not 0 <= given < PBFT_REPLICAS:
        return ("The replicas are numbered 0 to 6.", "副本编号为 0 到 6。")
    return ("Run detect_byzantine(pbft) and read the alert's node.",
            "请运行 detect_byzantine(pbft)，读取告警中的 node。")


# === incidents.4 responding to a Byzantine alert ============================================

# The notebook prints these options: each a Phrase, so it reads in the learner's language.
register_strings({
    "monitor.response.A": ("Restart the replica: it will come back honest.",
                           "重启该副本：重启后它就会恢复诚实。"),
    "monitor.response.B": ("Isolate the replica, wipe its state, rebuild it from honest "
                           "replicas, and find out how it was compromised.",
                           "隔离该副本，清空它的状态，用诚实副本的数据重建它，并查明它是怎样被"
                           "攻破的。"),
    "monitor.response.C": ("Nothing: PBFT tolerates f liars, so one liar needs no response.",
                           "什么都不做：PBFT 能容忍 f 个作恶节点，一个作恶节点无需处理。"),
})
RESPONSES = {choice: Phrase(f"monitor.response.{choice}") for choice in "ABC"}


@exercise(
    "monitor.incidents.4",
    reference=lambda: "B",
    wrong_answers=("A", "C"),
    why=(
        "A liar stays a liar after a restart: its state or keys may be compromised. PBFT "
        "survives f liars, but each one left in place uses up the margin for the next fault.",
        "作恶节点重启后仍会作恶：它的状态或密钥可能已被攻破。PBFT 能容忍 f 个作恶节点，"
        "但放任不管就会耗尽应对下一个故障的余量。",
    ),
)
def _judge_response(answer: Any) -> Bilingual | None:
    choice = letter(answer)
    if choice is None:
        return NOT_A_LETTER
    if choice == "B":
        return None
    if choice == "A":
        return ("A restart keeps the replica's disk and keys: if they were compromised, it "
                "lies again.",
                "重启会保留副本的磁盘和密钥：如果它们已被攻破，它还会继续作恶。")
    return ("Tolerating f faults is a margin, not a reason to leave one in place: a second "
            "fault would then be one too many.",
            "能容忍 f 个故障是一份余量，不是放任的理由：再出一个故障就超出上限了。")
