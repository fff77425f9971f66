"""Exercises of the basics chapter, notebook 05: consensus by node voting (共识与节点投票).

PBFT's fault tolerance and quorums, its message cost, view changes, and a Raft cluster cut
in two by a network partition. The Raft scenario of the notebook lives here too
(`partitioned_raft`), so the notebook and the reference solution run the same cluster.

>>> from ledgerkit.exercises import check
>>> bool(check("basics.consensus.1", 3)), bool(check("basics.consensus.1", 4))
(True, False)
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from ledgerkit.consensus.pbft import PBFT, max_faulty, quorum_size
from ledgerkit.consensus.raft import Raft
from ledgerkit.exercise_bank._answers import NOT_A_NUMBER, node_and_term, whole_number
from ledgerkit.exercises import Bilingual, exercise

# --- the notebook's data ------------------------------------------------------------------

PAYMENT = "River Bank pays Harbour Bank 1,000,000 yuan"
CONSORTIUM_BANKS = 10  # exercise 1: a consortium of ten banks, one replica each
BYZANTINE_TO_SURVIVE = 2  # exercise 2
MESSAGES_N = 7  # exercise 3: the message count of one request among seven replicas
VIEW_CHANGE_N = 4  # exercise 4: four replicas, two view changes in a row
VIEW_CHANGES = 2
RAFT_NODES = 5
RAFT_SEED = 0
PARTITION_MS = 1000  # how long the notebook lets the cut-off cluster run before looking




def cut_off_group(leader: int, n: int = RAFT_NODES) -> list[int]:
    """The minority side of the notebook's partition: the leader and the node after it.

    >>> cut_off_group(4)
    [4, 0]
    """
    return [leader, (leader + 1) % n]


def partitioned_raft(seed: int = RAFT_SEED, payment: str = PAYMENT) -> tuple[Raft, int]:
    """The Raft run of the notebook, up to the moment it asks who leads: elect a leader,
    commit `payment`, cut the leader and one follower off from the other three, and let
    the cluster run for PARTITION_MS. Returns the cluster and the old leader.

    >>> raft, old_leader = partitioned_raft()
    >>> raft.leader != old_leader
    True
    """
    raft = Raft(RAFT_NODES, seed=seed)
    leader, _, _ = raft.run_until_leader()
    raft.run_until_committed(raft.client_request(payment))
    minority = cut_off_group(leader)
    raft.partition([minority, [i for i in range(RAFT_NODES) if i not in minority]])
    raft.run_until(raft.time_ms + PARTITION_MS)
    return raft, leader


# --- shared hints -------------------------------------------------------------------------

_ROUND: Bilingual = (
    "Replicas come whole: a fraction of a replica cannot fail. Give a whole number.",
    "副本是一个一个的，不存在“半个副本”出故障。请给出整数。",
)


def _number_or_hint(answer: Any) -> tuple[int | None, Bilingual | None]:
    """(the whole number, None), or (None, a hint saying what kind of answer is wanted)."""
    given = whole_number(answer)
    if given is not None:
        return given, None
    if isinstance(answer, (float, Decimal)) and math.isfinite(answer):
        return None, _ROUND
    return None, NOT_A_NUMBER


# === 1 how many faulty replicas can ten banks tolerate? ====================================


@exercise(
    "basics.consensus.1",
    reference=lambda: max_faulty(CONSORTIUM_BANKS),
    wrong_answers=(4, 10 / 3, 5, 7, 9, 0, "3"),
    why=(
        "n ≥ 3f + 1 gives f = ⌊(n − 1)/3⌋: with 10 replicas, 3 may crash or lie. A fourth "
        "would need 13 replicas.",
        "由 n ≥ 3f + 1 得 f = ⌊(n − 1)/3⌋：10 个副本中可以有 3 个宕机或作恶；"
        "要容忍第 4 个，需要 13 个副本。",
    ),
)
def _faulty_among_ten(answer: Any) -> Bilingual | None:
    given, hint = _number_or_hint(answer)
    if hint is not None:
        return hint
    right = max_faulty(CONSORTIUM_BANKS)
    if given == right:
        return None
    if given == quorum_size(CONSORTIUM_BANKS):
        return (
            "That is the quorum: how many matching votes a replica waits for. The question "
            "asks how many replicas may be faulty.",
            "这是法定人数：副本需要等待的一致投票数。题目问的是最多可以有几个故障副本。",
        )
    if given > right:
        english, chinese = (
            f"Too many: tolerating {given} faulty replicas takes 3 × {given} + 1 = "
            f"{3 * given + 1} replicas, and there are only {CONSORTIUM_BANKS}.",
            f"太多了：要容忍 {given} 个故障副本，需要 3 × {given} + 1 = {3 * given + 1} "
            f"个副本，而这里只有 {CONSORTIUM_BANKS} 个。",
        )
        if given == (CONSORTIUM_BANKS - 1) // 2:
            english += (f" ({given} is what Raft tolerates with {CONSORTIUM_BANKS} nodes, "
                        "against crashes only: liars cost more than crashes.)")
            chinese += (f"（{given} 是 {CONSORTIUM_BANKS} 个节点的 Raft 能容忍的数目，"
                        "但只防宕机：防作恶比防宕机代价更高。）")
        return english, chinese
    if given < right:
        return (
            "The network can survive more faulty replicas than that. Find the largest f "
            f"with 3f + 1 ≤ {CONSORTIUM_BANKS}.",
            f"网络能容忍的故障副本比这更多。请找出满足 3f + 1 ≤ {CONSORTIUM_BANKS} 的最大 f。",
        )
    return (
        f"Use the rule n ≥ 3f + 1 with n = {CONSORTIUM_BANKS}, and give f.",
        f"请用规则 n ≥ 3f + 1（n = {CONSORTIUM_BANKS}）求出 f。",
    )


# === 2 the smallest network that survives two liars =========================================


def _smallest_network(faulty: int) -> int:
    return next(n for n in range(1, 3 * faulty + 2) if max_faulty(n) >= faulty)


@exercise(
    "basics.consensus.2",
    reference=lambda: _smallest_network(BYZANTINE_TO_SURVIVE),
    wrong_answers=(5, 6, 4, 3, 8, 9, "7"),
    why=(
        "n = 3f + 1 = 7: quorums of 2f + 1 = 5 then overlap in at least 3 replicas, so at "
        "least one honest replica is in both, even if 2 of the 3 lie.",
        "n = 3f + 1 = 7：此时两个 2f + 1 = 5 的法定人数集合至少重叠 3 个副本，"
        "即使其中 2 个作恶，也至少有 1 个诚实副本同时在两个集合中。",
    ),
)
def _smallest_for_two_liars(answer: Any) -> Bilingual | None:
    given, hint = _number_or_hint(answer)
    if hint is not None:
        return hint
    faulty = BYZANTINE_TO_SURVIVE
    if given == _smallest_network(faulty):
        return None
    if given == 2 * faulty + 1:
        return (
            "That is enough against crashes (Raft: a majority stays up), and it is the size "
            "of a PBFT quorum. Against liars it is too small: two quorums could overlap in "
            "liars only.",
            "这足以对付宕机（Raft：多数节点在线即可），也是 PBFT 法定人数的大小。但对付作恶"
            "节点就太少了：两个法定人数集合可能只在作恶节点上重叠。",
        )
    if given == 3 * faulty:
        return (
            "Close, but with 3f replicas two quorums can overlap in f replicas only, and "
            "those could be exactly the liars. Check the rule n ≥ 3f + 1.",
            "接近了，但只有 3f 个副本时，两个法定人数集合可能只重叠 f 个副本，而它们恰好"
            "可能全是作恶节点。请对照规则 n ≥ 3f + 1。",
        )
    if given > 3 * faulty + 1:
        return (
            f"{given} replicas do survive {faulty} liars, but fewer would do. Give the "
            "smallest number.",
            f"{given} 个副本确实能容忍 {faulty} 个作恶节点，但更少也够。请给出最小的数。",
        )
    if given < 1:
        return (
            f"A network needs replicas: use n ≥ 3f + 1 with f = {faulty}.",
            f"网络需要副本：请用 n ≥ 3f + 1（f = {faulty}）计算。",
        )
    return (
        f"Too few: with n = {given}, f = ⌊(n − 1)/3⌋ = {max_faulty(given)}. Use n ≥ 3f + 1 "
        f"with f = {faulty}.",
        f"太少了：n = {given} 时，f = ⌊(n − 1)/3⌋ = {max_faulty(given)}。"
        f"请用 n ≥ 3f + 1（f = {faulty}）计算。",
    )


# === 3 the message cost of one request ======================================================


def _messages(n: int) -> dict[str, int]:
    return PBFT(n).run_request(PAYMENT).messages


def _total_messages(n: int) -> int:
    return sum(_messages(n).values())


@exercise(
    "basics.consensus.3",
    reference=lambda: _total_messages(MESSAGES_N),
    wrong_answers=(85, 91, 84, 98, 49, 106, _messages(MESSAGES_N)),
    why=(
        "1 + (n − 1) + (n − 1)² + n(n − 1) + n = 1 + 6 + 36 + 42 + 7 for n = 7: about 2n², "
        "so doubling the replicas roughly quadruples the messages.",
        "n = 7 时为 1 + (n − 1) + (n − 1)² + n(n − 1) + n = 1 + 6 + 36 + 42 + 7，约为 2n²："
        "副本数翻倍，消息数约变为 4 倍。",
    ),
)
def _messages_for_seven(answer: Any) -> Bilingual | None:
    if isinstance(answer, Mapping) and set(answer) == set(_messages(MESSAGES_N)):
        return (
            "That is the count phase by phase. The question asks for the total: add the "
            "values up, e.g. sum(result.messages.values()).",
            "这是按阶段统计的数目。题目问的是总数：请把各项相加，例如 "
            "sum(result.messages.values())。",
        )
    given, hint = _number_or_hint(answer)
    if hint is not None:
        return hint
    n = MESSAGES_N
    right = _total_messages(n)
    if given == right:
        return None
    if given in (right - 1, right - n, right - n - 1):
        return (
            "The client counts too: its request to the primary and the replicas' replies to "
            "it are messages as well.",
            "客户端也要算上：它发给主节点的请求、各副本回给它的回复，也都是消息。",
        )
    if given == 2 * n * n:
        return (
            "2n² is the rough size, not the exact count. Count phase by phase with the "
            "convention of the notebook: the primary sends no PREPARE, for instance.",
            "2n² 只是大致规模，不是精确数目。请按笔记本中的计数约定逐个阶段计算：例如，"
            "主节点不发送 PREPARE。",
        )
    if given == n * n:
        return (
            "That is n², one phase's worth at most. Add up all five phases: request, "
            "pre-prepare, prepare, commit and reply.",
            "这是 n²，最多只是一个阶段的量。请把五个阶段加起来：请求、预准备、准备、提交和回复。",
        )
    if given > right:
        return (
            "Too many. A replica's own vote goes into its own log, so it is not a message, "
            "and only the backups send PREPARE.",
            "太多了。副本自己的投票只记入自己的日志，不算消息；而且只有备份节点发送 PREPARE。",
        )
    return (
        "Count each phase with the convention of the notebook (request 1, pre-prepare n − 1, "
        "prepare (n − 1)², commit n(n − 1), reply n), or run PBFT(7) and add up "
        "result.messages.",
        "请按笔记本中的计数约定逐个阶段计算（请求 1，预准备 n − 1，准备 (n − 1)²，"
        "提交 n(n − 1)，回复 n），或运行 PBFT(7) 并把 result.messages 相加。",
    )


# === 4 the primary after two view changes ===================================================


@exercise(
    "basics.consensus.4",
    reference=lambda: PBFT(VIEW_CHANGE_N).primary_of(VIEW_CHANGES),
    wrong_answers=(1, 3, 0, 4, "2"),
    why=(
        "Two view changes take the network from view 0 to view 2, and the primary of view v "
        "is replica v mod n: 2 mod 4 = 2.",
        "两次视图切换使网络从视图 0 进入视图 2；视图 v 的主节点是副本 v mod n：2 mod 4 = 2。",
    ),
)
def _primary_after_two_changes(answer: Any) -> Bilingual | None:
    given, hint = _number_or_hint(answer)
    if hint is not None:
        return hint
    n = VIEW_CHANGE_N
    if given == PBFT(n).primary_of(VIEW_CHANGES):
        return None
    if not 0 <= given < n:
        return (
            f"There are only replicas 0 to {n - 1}: the primary of view v is replica v mod n.",
            f"只有副本 0 到 {n - 1}：视图 v 的主节点是副本 v mod n。",
        )
    if given == PBFT(n).primary_of(1):
        return (
            "That is the primary after one view change. The network changed view twice.",
            "这是一次视图切换后的主节点。网络切换了两次视图。",
        )
    if given == PBFT(n).primary_of(VIEW_CHANGES + 1):
        return (
            "Replicas are numbered from 0, and the first view is view 0.",
            "副本从 0 开始编号，第一个视图是视图 0。",
        )
    return (
        "Which view is the network in after two view changes, starting from view 0? Its "
        "primary is replica view mod n.",
        "从视图 0 开始，两次视图切换后网络处于哪个视图？它的主节点是副本 视图 mod n。",
    )


# === 5 who leads after the partition? =======================================================


def _leader_and_term() -> tuple[int, int]:
    raft, _ = partitioned_raft()
    leader = raft.leader
    return leader, raft.nodes[leader].current_term




@exercise(
    "basics.consensus.5",
    reference=_leader_and_term,
    wrong_answers=((3, 1), (1, 1), (2, 1), (0, 2), (1, 3), 1, "1, 2"),
    why=(
        "The three connected nodes are a majority (3 of 5): one of them timed out, won an "
        "election in a new term and leads. The old leader still believes it leads, in an "
        "older term, but it cannot commit anything.",
        "相连的三个节点构成多数（5 个中的 3 个）：其中一个选举超时，在新任期中赢得选举"
        "成为领导者。旧领导者仍以为自己是领导者，但它的任期更旧，什么也提交不了。",
    ),
)
def _leader_after_partition(answer: Any) -> Bilingual | None:
    pair = node_and_term(answer)
    if pair is None:
        return (
            "Give two whole numbers in brackets, (node, term), e.g. (4, 7).",
            "请在括号中给出两个整数 (节点, 任期)，例如 (4, 7)。",
        )
    raft, old_leader = partitioned_raft()
    leader = raft.leader
    term = raft.nodes[leader].current_term
    node, given_term = pair
    if pair == (leader, term):
        return None
    if (given_term, node) == (leader, term):
        return (
            "The two numbers are the wrong way round: give the node first, then the term.",
            "两个数的顺序反了：请先写节点，再写任期。",
        )
    if node == old_leader:
        return (
            f"Node {old_leader} still believes it is the leader, but it is cut off with one "
            "follower: 2 of 5 is no majority, so it commits nothing. Who leads the other "
            "side? raft.leader picks the leader with the newest term.",
            f"节点 {old_leader} 仍以为自己是领导者，但它只和一个跟随者连在一起：5 个中的 2 个"
            "不是多数，它什么也提交不了。另一边由谁领导？raft.leader 会选出任期最新的领导者。",
        )
    if node == leader:
        return (
            "Right node, wrong term. Every election starts a new term, so the term only "
            f"grows: print raft.nodes[{leader}].current_term.",
            f"节点对了，任期不对。每次选举都会开始一个新任期，任期只增不减：请打印 "
            f"raft.nodes[{leader}].current_term。",
        )
    if not 0 <= node < RAFT_NODES:
        return (
            f"The cluster has nodes 0 to {RAFT_NODES - 1}.",
            f"该集群的节点编号为 0 到 {RAFT_NODES - 1}。",
        )
    return (
        "That node is not the leader. Print each node's role and current_term after the "
        "partition, or ask raft.leader.",
        "该节点不是领导者。请在分区之后打印每个节点的 role 和 current_term，或查看 raft.leader。",
    )


# === proof of stake: the proposer lottery (权益证明) ========================================

# Since Pectra (May 2025) one validator may hold up to 2,048 ETH: Dora runs one validator
# with 128 ETH, twelve solo stakers run one 32-ETH validator each.
POS_STAKES = {"Dora": 128, **{f"solo{n}": 32 for n in range(1, 13)}}
POS_SLOTS = 3_200
POS_SEED = 2022


def _dora_share() -> float:
    return POS_STAKES["Dora"] / sum(POS_STAKES.values())


@exercise(
    "basics.consensus.6",
    reference=_dora_share,
    wrong_answers=(1 / len(POS_STAKES), 25, 0.5, 128, "0.25", None),
    why=(
        "Proposers are drawn with probability stake ÷ total stake: 128 / 512 = 0.25. Weight "
        "counts, not heads — the simulated count comes out close to a quarter of the slots.",
        "提议者被抽中的概率是 质押 ÷ 总质押：128 / 512 = 0.25。算的是权重而不是人数——"
        "模拟得到的次数也接近全部时隙的四分之一。",
    ),
)
def _stake_share(answer: Any) -> Bilingual | None:
    if isinstance(answer, (bool, str)) or not isinstance(answer, (int, float, Decimal)):
        return (
            "Give a share as a number between 0 and 1, e.g. 0.1 (not text).",
            "请给出 0 到 1 之间的比例数字，例如 0.1（不要写成文本）。",
        )
    given = float(answer)
    if math.isclose(given, _dora_share()):
        return None
    if math.isclose(given, 1 / len(POS_STAKES)):
        return (
            "That counts validators, one each. The lottery weighs each validator by its stake.",
            "这是按验证者个数算的，每个一票。抽签按每个验证者的质押加权。",
        )
    if math.isclose(given, 100 * _dora_share()):
        return (
            "That is a percentage; give the share between 0 and 1.",
            "这是百分数；请给出 0 到 1 之间的比例。",
        )
    return (
        "Divide Dora's stake by the total stake: POS_STAKES['Dora'] / sum(POS_STAKES.values()).",
        "用 Dora 的质押除以总质押：POS_STAKES['Dora'] / sum(POS_STAKES.values())。",
    )
