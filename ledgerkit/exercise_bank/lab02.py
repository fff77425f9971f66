"""Exercises of lab 02, "Node voting" (labs/lab02-node-voting), on notebook 05 of the basics
chapter: walk one PBFT request by hand and count its messages, crash the primary and predict
the view change, face a Byzantine primary that equivocates, and cut a Raft cluster in two.

The lab's data (the payment, the seeds, the partition) lives here, so the notebook, the
reference solutions and the lecturer's guide all run the same networks.

>>> from ledgerkit.exercises import check
>>> bool(check("lab02.walk.1", 9)), bool(check("lab02.walk.1", 12))
(True, False)
"""

from __future__ import annotations

from typing import Any

from ledgerkit.consensus.pbft import BYZANTINE, CRASHED, PBFT, PBFTResult, quorum_size
from ledgerkit.consensus.raft import Raft
from ledgerkit.exercise_bank._answers import node_and_term, whole_number
from ledgerkit.exercise_bank.consensus import partitioned_raft
from ledgerkit.exercises import Bilingual, exercise

# --- the lab's data -----------------------------------------------------------------------

PAYMENT = "Harbour Bank pays East Bank 500,000 yuan"  # the request every group walks by hand
WALK_N = 4  # Part 1: the standard group of four replicas
BIG_GROUP_N = 7  # Part 1: the largest group
CRASH_N = 4  # Part 2: four replicas, the primary crashes
TWO_CRASHED_N = 7  # Part 2: seven replicas, the primaries of views 0 and 1 crash
TWO_CRASHED = {0: CRASHED, 1: CRASHED}
BYZANTINE_N = 7  # Part 3: seven replicas, the primary lies
SPLIT_SEED = 2  # the lie splits the six backups three and three
FOOLED_SEED = 1  # the lie reaches five of the six backups
RAFT_SEED = 1  # Part 4: five Raft nodes
OLD_SIDE_PAYMENT = "East Bank pays Tea House 30,000 yuan"  # sent to the cut-off old leader
NEW_SIDE_PAYMENT = "River Bank pays Leaf Farm 80,000 yuan"  # sent to the new leader
SETTLE_MS = 500  # how long the notebook runs the cluster after each change


def walk(n: int = WALK_N) -> PBFTResult:
    """One request for PAYMENT among `n` healthy replicas: what the groups play by hand.

    >>> walk(4).messages["commit"]
    12
    """
    return PBFT(n).run_request(PAYMENT)


def crashed_primary() -> tuple[PBFT, PBFTResult]:
    """Part 2: the primary of view 0 has crashed before the request arrives.

    >>> pbft, result = crashed_primary(); result.view
    1
    """
    pbft = PBFT(CRASH_N, faulty={0: CRASHED})
    return pbft, pbft.run_request(PAYMENT)


def byzantine_primary(seed: int) -> tuple[PBFT, PBFTResult]:
    """Part 3: the primary of view 0 is Byzantine; `seed` decides whom it lies to.

    >>> pbft, result = byzantine_primary(SPLIT_SEED); result.committed
    True
    """
    pbft = PBFT(BYZANTINE_N, faulty={0: BYZANTINE}, seed=seed)
    return pbft, pbft.run_request(PAYMENT)


def prepared_in_first_view(pbft: PBFT) -> int:
    """How many honest replicas were prepared when the prepare round of view 0 ended.

    >>> prepared_in_first_view(walk_engine())
    4
    """
    first_commit_round = next(step for step in pbft.history.steps if step.phase == "commit")
    state = pbft.history.state(first_commit_round.number)
    return sum(replica.prepared for replica in state.replicas if replica.fault is None)


def walk_engine(n: int = WALK_N) -> PBFT:
    """The engine of `walk`, after the request, for looking into its history.

    >>> walk_engine().view
    0
    """
    pbft = PBFT(n)
    pbft.run_request(PAYMENT)
    return pbft


def raft_after_partition() -> tuple[Raft, int]:
    """Part 4 up to Task 4.2: leader elected, PAYMENT committed, the leader and the node
    after it cut off for a second. Returns the cluster and the old leader.

    >>> raft, old_leader = raft_after_partition(); old_leader
    0
    """
    return partitioned_raft(seed=RAFT_SEED, payment=PAYMENT)


def raft_during_partition() -> tuple[Raft, int]:
    """Part 4 after Task 4.2: a client writes to each side of the partition, and the
    cluster runs for SETTLE_MS. Returns the cluster and the old leader.

    >>> raft, old_leader = raft_during_partition(); raft.nodes[old_leader].commit_index
    1
    """
    raft, old_leader = raft_after_partition()
    raft.client_request(OLD_SIDE_PAYMENT, to=old_leader)
    raft.client_request(NEW_SIDE_PAYMENT)
    raft.run_until(raft.time_ms + SETTLE_MS)
    return raft, old_leader


def raft_after_heal() -> tuple[Raft, int]:
    """Part 4 up to Task 4.3: after the writes on both sides, the network heals.

    >>> raft, old_leader = raft_after_heal(); raft.nodes[old_leader].role
    'follower'
    """
    raft, old_leader = raft_during_partition()
    raft.heal()
    raft.run_until(raft.time_ms + SETTLE_MS)
    return raft, old_leader


# --- small helpers for judging -----------------------------------------------------------

_NOT_A_NUMBER: Bilingual = (
    "Give a whole number (an int such as 42), not text, a list or None.",
    "请给出一个整数（例如 42 这样的 int），而不是文本、列表或 None。",
)
_NOT_A_VALUE: Bilingual = (
    "Give the committed value as text in quotes, e.g. result.value or the text a replica's "
    "log holds.",
    "请把提交的值写成带引号的文本，例如 result.value，或副本日志中的那段文本。",
)


def _text(answer: Any) -> str | None:
    """A text answer tidied up (spaces around it and letter case do not matter)."""
    return answer.strip().lower() if isinstance(answer, str) else None


def _same_text(answer: str, expected: str) -> bool:
    return answer == expected.strip().lower()


def _log_hint(answer: Any) -> Bilingual | None:
    """A hint for a whole log ({seq: value}) given where one value was asked for."""
    if isinstance(answer, dict) and answer and all(isinstance(key, int) for key in answer):
        return (
            "That is a whole log, sequence number to value. Give just the value.",
            "这是整个日志（序号 → 值）。请只给出其中的值。",
        )
    return None


# === Part 1 · walk one request by hand ======================================================


@exercise(
    "lab02.walk.1",
    reference=lambda: walk(WALK_N).messages["prepare"],
    wrong_answers=(12, 16, 3, 6, "9"),
    why=(
        "Each of the 3 backups sends PREPARE to the 3 other replicas: (n − 1)² = 9. The "
        "primary sends none: its PRE-PREPARE is its vote.",
        "3 个备份节点各自向其余 3 个副本发送 PREPARE：(n − 1)² = 9。主节点不发送 "
        "PREPARE：它的 PRE-PREPARE 就是它的投票。",
    ),
)
def _prepares_among_four(answer: Any) -> Bilingual | None:
    given = whole_number(answer)
    if given is None:
        return _NOT_A_NUMBER
    n = WALK_N
    if given == walk(n).messages["prepare"]:
        return None
    if given == n * (n - 1):
        return (
            "Did the primary send PREPAREs too? It does not: its PRE-PREPARE already is its "
            "vote. Only the backups send PREPARE.",
            "主节点也发了 PREPARE 吗？它不发：它的 PRE-PREPARE 就是它的投票。"
            "只有备份节点发送 PREPARE。",
        )
    if given == n * n:
        return (
            "A replica does not send a message to itself: its own vote goes into its own log.",
            "副本不会给自己发消息：自己的投票只记入自己的日志。",
        )
    if given == n - 1:
        return (
            "That is what one backup sends. Every backup sends its own PREPAREs.",
            "这只是一个备份节点发出的数目。每个备份节点都要发送自己的 PREPARE。",
        )
    if given == (n - 1) * (n - 2):
        return (
            "The primary receives PREPAREs too: a backup tells every other replica, the "
            "primary included.",
            "主节点也会收到 PREPARE：备份节点要告诉其他所有副本，包括主节点。",
        )
    return (
        "Count the PREPARE cards of your group: who sends one, and to how many replicas?",
        "数一数你们组的 PREPARE 卡片：谁发送，各发给几个副本？",
    )


@exercise(
    "lab02.walk.2",
    reference=lambda: sum(walk(WALK_N).messages.values()),
    wrong_answers=(24, 28, 25, 32, 36, "29"),
    why=(
        "1 request + 3 pre-prepares + 9 prepares + 12 commits + 4 replies = 29 messages, "
        "for a single payment among 4 replicas.",
        "1 条请求 + 3 条预准备 + 9 条准备 + 12 条提交 + 4 条回复 = 29 条消息，"
        "这只是 4 个副本之间的一笔支付。",
    ),
)
def _all_messages_among_four(answer: Any) -> Bilingual | None:
    given = whole_number(answer)
    if given is None:
        return _NOT_A_NUMBER
    n = WALK_N
    right = sum(walk(n).messages.values())
    if given == right:
        return None
    if given in (right - 1, right - n, right - n - 1):
        return (
            "The client's cards count too: its request, and the replies it receives.",
            "客户端的卡片也要算：它发出的请求，以及它收到的回复。",
        )
    if given == 2 * n * n:
        return (
            "2n² is the rough size, not the exact count. Add up the five phases one by one.",
            "2n² 只是大致规模，不是精确数目。请把五个阶段逐个相加。",
        )
    if given > right:
        return (
            "Too many. A replica never sends a message to itself, and the primary sends no "
            "PREPARE.",
            "太多了。副本从不给自己发消息，主节点也不发送 PREPARE。",
        )
    return (
        "Too few. Add up all five phases: request, pre-prepare, prepare, commit and reply.",
        "太少了。请把五个阶段都加起来：请求、预准备、准备、提交和回复。",
    )


@exercise(
    "lab02.walk.3",
    reference=lambda: quorum_size(BIG_GROUP_N),
    wrong_answers=(4, 7, 3, 6, "5"),
    why=(
        "n = 7 tolerates f = 2, so a replica commits with 2f + 1 = 5 matching COMMITs, its "
        "own included: any two such sets share an honest replica.",
        "n = 7 时 f = 2，副本收到 2f + 1 = 5 条一致的 COMMIT（含自己的）才提交："
        "任意两个这样的集合都有一个共同的诚实副本。",
    ),
)
def _commits_needed_among_seven(answer: Any) -> Bilingual | None:
    given = whole_number(answer)
    if given is None:
        return _NOT_A_NUMBER
    n = BIG_GROUP_N
    q = quorum_size(n)
    if given == q:
        return None
    if given == q - 1:
        return (
            "That is the number of matching PREPAREs that makes a replica prepared (2f). "
            "Committing takes one more kind of evidence: count COMMITs, your own included.",
            "这是副本进入“已准备”所需的一致 PREPARE 数（2f）。提交要看 COMMIT 的数目，"
            "包括自己的那一条。",
        )
    if given == n:
        return (
            "Waiting for every replica would stall the network as soon as one crashes. A "
            "quorum is enough.",
            "等待所有副本的话，只要有一个宕机网络就会停摆。达到法定人数就够了。",
        )
    if given == (n - 1) // 3 + 1:
        return (
            "f + 1 is what the client waits for (matching replies). A replica needs more "
            "before it commits.",
            "f + 1 是客户端需要的一致回复数。副本提交之前需要更多。",
        )
    return (
        "Work out f for 7 replicas, then the quorum 2f + 1.",
        "先算出 7 个副本的 f，再算法定人数 2f + 1。",
    )


# === Part 2 · the primary crashes ===========================================================


def _new_primary_reference() -> int:
    pbft, result = crashed_primary()
    return pbft.primary_of(result.view)


@exercise(
    "lab02.view.1",
    reference=_new_primary_reference,
    wrong_answers=(0, 2, 3, 4, "1"),
    why=(
        "The network moves from view 0 to view 1, and the primary of view 1 is replica "
        "1 mod 4 = 1.",
        "网络从视图 0 切换到视图 1，视图 1 的主节点是副本 1 mod 4 = 1。",
    ),
)
def _new_primary(answer: Any) -> Bilingual | None:
    given = whole_number(answer)
    if given is None:
        return _NOT_A_NUMBER
    if given == _new_primary_reference():
        return None
    if given == 0:
        return (
            "Replica 0 has crashed: it cannot propose anything. The view changes, and the "
            "primary of view v is replica v mod n.",
            "副本 0 已宕机，无法提议任何值。视图会切换，视图 v 的主节点是副本 v mod n。",
        )
    if not 0 <= given < CRASH_N:
        return (
            f"The replicas are numbered 0 to {CRASH_N - 1}.",
            f"副本编号为 0 到 {CRASH_N - 1}。",
        )
    return (
        "The primary is not elected or chosen by speed: it is replica v mod n of the next "
        "view v.",
        "主节点不是选出来的，也不看谁快：它是下一个视图 v 的副本 v mod n。",
    )


def _view_change_messages() -> int:
    return crashed_primary()[1].messages["view-change"]


@exercise(
    "lab02.view.2",
    reference=_view_change_messages,
    wrong_answers=(12, 3, 6, 16, "9"),
    why=(
        "The 3 running replicas each send VIEW-CHANGE to the 3 others: 9 messages. The "
        "crashed primary sends nothing (though it is sent to).",
        "3 个运行中的副本各自向其余 3 个副本发送 VIEW-CHANGE：共 9 条。宕机的主节点什么"
        "也不发（但别人照样发给它）。",
    ),
)
def _view_change_count(answer: Any) -> Bilingual | None:
    given = whole_number(answer)
    if given is None:
        return _NOT_A_NUMBER
    n = CRASH_N
    if given == _view_change_messages():
        return None
    if given == n * (n - 1):
        return (
            "The crashed replica sends nothing at all: count only the running replicas.",
            "宕机的副本什么也不发：只数运行中的副本。",
        )
    if given == n - 1:
        return (
            "A VIEW-CHANGE goes to every other replica, not only to the new primary.",
            "VIEW-CHANGE 要发给其他每个副本，而不只是新主节点。",
        )
    if given == (n - 1) * (n - 2):
        return (
            "Messages to the crashed replica are sent all the same (nobody knows for sure "
            "that it is down): count them.",
            "发给宕机副本的消息照样会发送（没人能确定它已宕机）：也要计入。",
        )
    return (
        "Who is running, and to how many replicas does each send its VIEW-CHANGE?",
        "有哪些副本在运行？每个副本把 VIEW-CHANGE 发给几个副本？",
    )


def _two_crashed_view() -> int:
    return PBFT(TWO_CRASHED_N, faulty=TWO_CRASHED).run_request(PAYMENT).view


@exercise(
    "lab02.view.3",
    reference=_two_crashed_view,
    wrong_answers=(1, 0, 3, 7, "2"),
    why=(
        "View 1's primary, replica 1, has crashed too, so view 1 times out as well; the "
        "primary of view 2, replica 2, gets the request committed.",
        "视图 1 的主节点副本 1 也宕机了，所以视图 1 同样超时；视图 2 的主节点副本 2 "
        "让请求得以提交。",
    ),
)
def _view_with_two_crashed(answer: Any) -> Bilingual | None:
    given = whole_number(answer)
    if given is None:
        return _NOT_A_NUMBER
    if given == _two_crashed_view():
        return None
    if given == 1:
        return (
            "Who is the primary of view 1? Can that replica send NEW-VIEW?",
            "视图 1 的主节点是谁？这个副本能发送 NEW-VIEW 吗？",
        )
    if given == 0:
        return (
            "The primary of view 0 has crashed: nothing is committed in view 0.",
            "视图 0 的主节点已宕机：视图 0 中什么也提交不了。",
        )
    return (
        "Follow the views one by one: view v's primary is replica v mod 7. The first view "
        "whose primary is running is the answer.",
        "逐个视图往下看：视图 v 的主节点是副本 v mod 7。第一个主节点在运行的视图就是答案。",
    )


# === Part 3 · a Byzantine primary equivocates ===============================================


def _prepared_when_split() -> int:
    return prepared_in_first_view(byzantine_primary(SPLIT_SEED)[0])


@exercise(
    "lab02.byz.1",
    reference=_prepared_when_split,
    wrong_answers=(3, 6, 4, 1, "0"),
    why=(
        "Three backups got one value and three the other. Being prepared takes 2f = 4 "
        "matching PREPAREs, and neither value has that many: nobody is prepared, so nobody "
        "commits in view 0.",
        "三个备份节点收到一个值，另外三个收到另一个值。进入“已准备”需要 2f = 4 条一致的 "
        "PREPARE，两个值都凑不够：没有副本准备好，视图 0 中也就没有副本提交。",
    ),
)
def _prepared_count(answer: Any) -> Bilingual | None:
    given = whole_number(answer)
    if given is None:
        return _NOT_A_NUMBER
    if given == _prepared_when_split():
        return None
    return (
        "Being prepared takes the PRE-PREPARE plus 2f = 4 matching PREPAREs (a backup's own "
        "counts). How many backups can vouch for each of the two values?",
        "进入“已准备”需要 PRE-PREPARE 加上 2f = 4 条一致的 PREPARE（备份节点自己的也算）。"
        "每个值各有几个备份节点支持？",
    )


def _committed_value(seed: int) -> str:
    return byzantine_primary(seed)[1].value


def _judge_value(answer: Any, seed: int, other_seed: int) -> Bilingual | None:
    """Judge "which value is committed in the run with `seed`"; `other_seed` is the other
    run of Part 3, a likely mix-up."""
    hint = _log_hint(answer)
    if hint is not None:
        return hint
    given = _text(answer)
    if not given:
        return _NOT_A_VALUE
    if _same_text(given, _committed_value(seed)):
        return None
    if _same_text(given, _committed_value(other_seed)):
        return (
            f"That is what the other run (seed={other_seed}) commits. Count how many backups "
            "the lie reached in this run: can either value gather 2f = 4 matching PREPAREs?",
            f"这是另一次运行（seed={other_seed}）提交的值。数一数这一次谎言传到了几个备份节点："
            "哪个值能凑齐 2f = 4 条一致的 PREPARE？",
        )
    return (
        "No replica committed that. Copy the value from result.value, or from the log of an "
        "honest replica.",
        "没有副本提交这个值。请从 result.value 或某个诚实副本的日志中复制该值。",
    )


@exercise(
    "lab02.byz.2",
    reference=lambda: _committed_value(SPLIT_SEED),
    wrong_answers=(_committed_value(FOOLED_SEED), "forged", {1: PAYMENT}, ""),
    why=(
        "Nothing was prepared in view 0, so the new primary, replica 1, proposed the "
        "client's own request in view 1, and every honest replica committed it.",
        "视图 0 中没有值被准备好，所以新主节点副本 1 在视图 1 中提议客户端自己的请求，"
        "所有诚实副本都提交了它。",
    ),
)
def _value_when_split(answer: Any) -> Bilingual | None:
    return _judge_value(answer, SPLIT_SEED, FOOLED_SEED)


@exercise(
    "lab02.byz.3",
    reference=lambda: _committed_value(FOOLED_SEED),
    wrong_answers=(_committed_value(SPLIT_SEED), "pay 100", {1: PAYMENT}, ""),
    why=(
        "Five backups got the forged value: with the primary's PRE-PREPARE they were a "
        "quorum, and every honest replica committed it. PBFT guarantees that the honest "
        "replicas agree, not that the primary told the truth: real clients sign their "
        "requests, so a forged request would be refused.",
        "五个备份节点收到了伪造的值：加上主节点的 PRE-PREPARE 恰好构成法定人数，所有诚实"
        "副本都提交了它。PBFT 保证诚实副本意见一致，但不保证主节点说真话：真实系统中客户端"
        "会对请求签名，伪造的请求会被拒绝。",
    ),
)
def _value_when_fooled(answer: Any) -> Bilingual | None:
    return _judge_value(answer, FOOLED_SEED, SPLIT_SEED)


# === Part 4 · Raft: an election, a partition, a heal ========================================


def _first_leader() -> int:
    return Raft(5, seed=RAFT_SEED).run_until_leader().leader


@exercise(
    "lab02.raft.1",
    reference=_first_leader,
    wrong_answers=(1, 2, 3, 4, "0"),
    why=(
        "Node 0 had the shortest election timeout: it timed out first, asked for votes in "
        "term 1 and got a majority before anyone else woke up.",
        "节点 0 的选举超时最短：它最先超时，在第 1 任期拉票，并在其他节点醒来之前获得多数票。",
    ),
)
def _first_election(answer: Any) -> Bilingual | None:
    given = whole_number(answer)
    if given is None:
        return _NOT_A_NUMBER
    if given == _first_leader():
        return None
    if not 0 <= given < 5:
        return ("The cluster has nodes 0 to 4.", "该集群的节点编号为 0 到 4。")
    return (
        "That node voted; it did not lead. Which node's timer fires first? Look for the "
        "caption that says 'becomes leader'.",
        "这个节点投了票，但不是领导者。谁的计时器最先到时？找一找写着“成为……领导者”的说明。",
    )


def _leader_after_partition() -> tuple[int, int]:
    raft, _ = raft_after_partition()
    return raft.leader, raft.nodes[raft.leader].current_term




@exercise(
    "lab02.raft.2",
    reference=_leader_after_partition,
    wrong_answers=((0, 1), (2, 2), (3, 2), (4, 3), (2, 1), 2, "2, 3"),
    why=(
        "Nodes 2, 3 and 4 are a majority. In term 2 nodes 2 and 3 timed out almost together "
        "and split the vote, so nobody won; node 2 tried again in term 3 and won. The old "
        "leader, node 0, still believes it leads term 1.",
        "节点 2、3、4 构成多数。第 2 任期中节点 2 和 3 几乎同时超时，选票被瓜分，没有人"
        "当选；节点 2 在第 3 任期再试一次并当选。旧领导者节点 0 仍以为自己领导着第 1 任期。",
    ),
)
def _after_partition(answer: Any) -> Bilingual | None:
    pair = node_and_term(answer)
    if pair is None:
        return (
            "Give two whole numbers in brackets, (node, term), e.g. (4, 7).",
            "请在括号中给出两个整数 (节点, 任期)，例如 (4, 7)。",
        )
    raft, old_leader = raft_after_partition()
    right = (raft.leader, raft.nodes[raft.leader].current_term)
    node, term = pair
    if pair == right:
        return None
    if (term, node) == right:
        return (
            "The two numbers are the wrong way round: give the node first, then the term.",
            "两个数的顺序反了：请先写节点，再写任期。",
        )
    if node == old_leader:
        return (
            "The old leader still believes it leads, but 2 nodes of 5 are no majority: it can "
            "commit nothing. Who leads the other side?",
            "旧领导者仍以为自己是领导者，但 5 个中的 2 个不是多数：它什么也提交不了。"
            "另一边由谁领导？",
        )
    if node == right[0]:
        return (
            "Right node. Is one election always enough? Read the captions of the partition "
            "run, or print each node's current_term.",
            "节点对了。一次选举总能成功吗？请阅读分区期间的说明，或打印每个节点的 current_term。",
        )
    return (
        "That node is not the leader. Print each node's role and current_term after the "
        "partition, or ask raft.leader.",
        "该节点不是领导者。请在分区之后打印每个节点的 role 和 current_term，或查看 raft.leader。",
    )


def _old_leaders_second_entry() -> str:
    raft, old_leader = raft_after_heal()
    return raft.nodes[old_leader].log[1].value


@exercise(
    "lab02.raft.3",
    reference=_old_leaders_second_entry,
    wrong_answers=(OLD_SIDE_PAYMENT, PAYMENT, {1: PAYMENT}, ""),
    why=(
        "The old leader's own entry was never committed (2 of 5 is no majority). After the "
        "heal it learned of a newer term, stepped down, and took the new leader's log: the "
        "payment sent to it was lost, and its client must send it again.",
        "旧领导者自己的那条日志从未提交（5 个中的 2 个不是多数）。网络恢复后它得知了更新的"
        "任期，退位并接受新领导者的日志：发给它的那笔支付丢失了，客户端必须重新发送。",
    ),
)
def _second_entry(answer: Any) -> Bilingual | None:
    hint = _log_hint(answer)
    if hint is not None:
        return hint
    given = _text(answer)
    if not given:
        return (
            "Give the value as text in quotes, e.g. raft.nodes[0].log[1].value.",
            "请把该值写成带引号的文本，例如 raft.nodes[0].log[1].value。",
        )
    if _same_text(given, _old_leaders_second_entry()):
        return None
    if _same_text(given, OLD_SIDE_PAYMENT):
        return (
            "That was the old leader's entry before the heal. Was it ever committed? What "
            "does a follower do with entries that conflict with its leader's log?",
            "这是网络恢复之前旧领导者的那条日志。它提交过吗？跟随者会如何处理与领导者日志"
            "冲突的条目？",
        )
    if _same_text(given, PAYMENT):
        return (
            "That is entry 1. Log indices start at 1, but Python lists at 0: entry 2 is "
            "log[1].",
            "这是第 1 条。日志编号从 1 开始，而 Python 列表从 0 开始：第 2 条是 log[1]。",
        )
    return (
        "That is not in the old leader's log. Print raft.nodes[old_leader].log after the heal.",
        "旧领导者的日志里没有它。请在网络恢复后打印 raft.nodes[old_leader].log。",
    )
