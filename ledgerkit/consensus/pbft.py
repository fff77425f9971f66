"""PBFT: replicas that agree even when some of them lie (实用拜占庭容错, Practical Byzantine
Fault Tolerance, Castro and Liskov 1999).

`n` replicas (副本), numbered 0 to n−1, agree on the value of each sequence number (序号)
even if up to f = ⌊(n−1)/3⌋ of them are faulty: crashed (宕机) or Byzantine (拜占庭节点,
they lie). Time is cut into views (视图); in view v, replica v mod n is the primary (主节点)
and the others are backups (备份节点). A request goes through five phases:

1. request: the client sends its request to the primary;
2. pre-prepare (预准备): the primary gives it a sequence number and sends it to every backup;
3. prepare (准备): each backup that accepts it tells every other replica;
4. commit (提交): a replica holding the pre-prepare and 2f matching PREPAREs is *prepared*
   and tells every other replica;
5. reply (回复): a replica holding 2f+1 matching COMMITs has *committed* the value; it
   executes the request and replies to the client, which waits for f+1 matching replies.

Message counting convention (消息计数). A message is one transmission from one sender to one
receiver; a replica's own vote goes into its own log and is not a message. With no faults
one request costs

    request 1, pre-prepare n−1, prepare (n−1)² (each backup to every other replica),
    commit n(n−1), reply n

which is about 2n² in all: 19,901 messages for n = 100. Under faults only messages actually
sent are counted (crashed replicas send nothing), a timeout adds n requests (the client asks
every replica), and a view change adds VIEW-CHANGE and NEW-VIEW messages.

Quorums (法定人数). For n = 3f+1, the usual size, any two sets of 2f+1 replicas share f+1
replicas, so at least one honest one: two conflicting values can never both gather a quorum.
For other n, 2f+1 is too small (n = 6, f = 1: two sets of 3 need not overlap at all), so a
quorum here is q = ⌈(n+f+1)/2⌉ replicas, which is exactly 2f+1 when n = 3f+1. A replica is
prepared after q−1 matching PREPAREs and commits after q matching COMMITs.

Faults. `faulty` maps a replica to "crashed" (silent: it sends nothing and ignores
everything) or "byzantine". A Byzantine primary equivocates: its PRE-PREPARE carries the
client's value to some backups and a forged value to the others (in the paper requests are
signed, so the forgery would have to be some other client's request). A Byzantine replica votes
(PREPARE, COMMIT, reply) for values nobody proposed, a different one to each receiver, and
hides what it prepared when the view changes. `crash(i)`, `make_byzantine(i)` and
`recover(i)` change a replica's fault between steps.

View change (视图切换). When nothing is left in flight and some running honest replica has not
committed, the next step is a timeout: the client sends its request to every replica, and
every replica that has not committed it gives up on its view and sends VIEW-CHANGE for the
next view, carrying its prepared certificate (the view and value it last prepared). The new
primary, replica (view mod n), waits for q VIEW-CHANGEs and sends NEW-VIEW: it proposes
again the value prepared in the highest view, so a committed value survives, or the
client's request if nothing was prepared. Backups check that choice against the
VIEW-CHANGEs the NEW-VIEW carries, then prepare and commit as before.

What this teaching version simplifies, compared with the paper:

- Rounds are synchronous: `step()` delivers every message in flight at once, in a seeded
  random order. The network loses nothing, except messages to crashed replicas (and, after
  `partition`, messages between groups).
- One request at a time, numbered 1, 2, ... by the client. There are no checkpoints,
  watermarks or batches, and a view change decides again only the sequence number in
  progress. A request given up on (a new one started before it finished) stays undecided.
- Signatures are not simulated, so our Byzantine replicas tell only the lies signatures
  cannot stop, and they do not collude. With more than f faulty replicas real PBFT promises
  nothing (colluding liars could make two honest replicas commit different values); ours
  can only stall the network.
- One timeout: the client's timer and the backups' timers are merged. Replicas move to a new
  view only on that timeout (the paper also lets a replica join on f+1 VIEW-CHANGEs).
- State transfer: a replica that receives q matching COMMITs for a value it did not prepare
  (a lying primary sent it another one) takes that value, since q matching COMMITs prove
  it is decided. A real replica would fetch the request from a peer; here COMMIT carries
  the value. `recover(i)` copies the view and the committed log of a running honest replica.

Replicas run from outside (外部驱动的副本). `hold(i)` makes replica i's messages wait at the
sender until its owner approves them with `release(i)`: a person (or another program) decides
when that node speaks, as when every validator of a classroom chain is a student's kernel. A
held replica that is never released is silent, like a crashed one, so with at most f of
them the others still commit. `partition(groups)` splits the network as Raft's does: messages
between groups are lost until `heal()`.

>>> pbft = PBFT(4)
>>> result = pbft.run_request("pay 10 to Bob")
>>> result.committed, result.value, result.view, result.seq
(True, 'pay 10 to Bob', 0, 1)
>>> result.messages["prepare"], result.messages["commit"]
(9, 12)
"""

from __future__ import annotations

import copy
import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from ledgerkit.consensus.base import History, Message, Step
from ledgerkit.crypto import sha256
from ledgerkit.errors import InputError
from ledgerkit.i18n import register_strings

CLIENT = -1  # the receiver of replies and the sender of requests
CRASHED, BYZANTINE = "crashed", "byzantine"
FAULT_KINDS = (CRASHED, BYZANTINE)
PRIMARY, BACKUP = "primary", "backup"
NORMAL = "normal"

REQUEST, PRE_PREPARE, PREPARE = "request", "pre-prepare", "prepare"
COMMIT, REPLY = "commit", "reply"
VIEW_CHANGE, NEW_VIEW, TIMEOUT = "view-change", "new-view", "timeout"
MESSAGE_KINDS = (REQUEST, PRE_PREPARE, PREPARE, COMMIT, REPLY, VIEW_CHANGE, NEW_VIEW)
PHASES = (REQUEST, PRE_PREPARE, PREPARE, COMMIT, REPLY, VIEW_CHANGE, NEW_VIEW, TIMEOUT)

register_strings({
    # --- captions: the normal case -------------------------------------------------------
    "pbft.request": (
        "The client sends request {value!r} (seq {seq}) to replica {primary}, the primary of "
        "view {view}.",
        "客户端把请求 {value!r}（序号 {seq}）发送给第 {view} 视图的主节点：副本 {primary}。",
    ),
    "pbft.pre-prepare": (
        "Replica {primary} (primary, view {view}) sends PRE-PREPARE for seq {seq}, value "
        "{value!r}, to {count} backups.",
        "副本 {primary}（主节点，视图 {view}）向 {count} 个备份节点发送序号 {seq}、值为 "
        "{value!r} 的 PRE-PREPARE（预准备）消息。",
    ),
    "pbft.pre-prepare.equivocate": (
        "Replica {primary} (primary, view {view}) is Byzantine: for seq {seq} it sends "
        "PRE-PREPARE with {value!r} to {genuine} backups and with {forged!r} to {lied} others.",
        "副本 {primary}（主节点，视图 {view}）是拜占庭节点：对序号 {seq}，它向 {genuine} "
        "个备份节点发送值为 {value!r} 的 PRE-PREPARE，向另外 {lied} 个发送 {forged!r}。",
    ),
    "pbft.pre-prepare.none": (
        "Replica {primary} sends no PRE-PREPARE: it has crashed, or it is not the primary of "
        "its current view.",
        "副本 {primary} 没有发送 PRE-PREPARE：它已宕机，或者不是它当前视图的主节点。",
    ),
    "pbft.prepare": (
        "{senders} backups accept the PRE-PREPARE and each sends PREPARE to the other "
        "{others} replicas ({count} messages).",
        "{senders} 个备份节点接受 PRE-PREPARE，并各自向其余 {others} 个副本发送 PREPARE"
        "（准备）消息（共 {count} 条）。",
    ),
    "pbft.prepare.liars": (
        "{honest} backups accept the PRE-PREPARE and send PREPARE to every other replica, "
        "while Byzantine replicas ({liar_list}) send PREPAREs for values nobody proposed "
        "({count} messages in all).",
        "{honest} 个备份节点接受 PRE-PREPARE 并向其他所有副本发送 PREPARE；拜占庭节点"
        "（{liar_list}）则为无人提议的值发送 PREPARE（共 {count} 条）。",
    ),
    "pbft.prepare.none": (
        "No backup accepts a PRE-PREPARE, so nobody sends PREPARE.",
        "没有备份节点接受 PRE-PREPARE，因此没有人发送 PREPARE。",
    ),
    "pbft.commit": (
        "{senders} replicas are prepared (the PRE-PREPARE and {needed} matching PREPAREs) and "
        "each sends COMMIT to the other {others} replicas ({count} messages).",
        "{senders} 个副本已准备好（收到 PRE-PREPARE 和 {needed} 条一致的 PREPARE），并各自"
        "向其余 {others} 个副本发送 COMMIT（提交）消息（共 {count} 条）。",
    ),
    "pbft.commit.liars": (
        "{honest} replicas are prepared (the PRE-PREPARE and {needed} matching PREPAREs) and "
        "send COMMIT to every other replica, while Byzantine replicas ({liar_list}) send "
        "COMMITs for values nobody proposed ({count} messages in all).",
        "{honest} 个副本已准备好（收到 PRE-PREPARE 和 {needed} 条一致的 PREPARE）并向其他"
        "所有副本发送 COMMIT；拜占庭节点（{liar_list}）则为无人提议的值发送 COMMIT"
        "（共 {count} 条）。",
    ),
    "pbft.commit.none": (
        "No replica has {needed} matching PREPAREs, so nobody sends COMMIT.",
        "没有副本收到 {needed} 条一致的 PREPARE，因此没有人发送 COMMIT。",
    ),
    "pbft.reply": (
        "{senders} replicas have {needed} matching COMMITs: they commit {value!r} at seq {seq} "
        "and reply to the client ({count} messages).",
        "{senders} 个副本收到 {needed} 条一致的 COMMIT：它们在序号 {seq} 提交 {value!r}，"
        "并回复客户端（共 {count} 条）。",
    ),
    "pbft.reply.liars": (
        "{honest} replicas have {needed} matching COMMITs: they commit {value!r} at seq {seq} "
        "and reply to the client, while Byzantine replicas ({liar_list}) send false replies "
        "({count} messages in all).",
        "{honest} 个副本收到 {needed} 条一致的 COMMIT：它们在序号 {seq} 提交 {value!r} 并"
        "回复客户端；拜占庭节点（{liar_list}）则发送虚假回复（共 {count} 条）。",
    ),
    "pbft.reply.only_liars": (
        "No honest replica has {needed} matching COMMITs; Byzantine replicas ({liar_list}) "
        "send false replies ({count} messages).",
        "没有诚实副本收到 {needed} 条一致的 COMMIT；拜占庭节点（{liar_list}）发送虚假回复"
        "（共 {count} 条）。",
    ),
    "pbft.reply.none": (
        "No replica has {needed} matching COMMITs: nothing is committed yet.",
        "没有副本收到 {needed} 条一致的 COMMIT：尚未提交任何值。",
    ),
    # --- captions: timeout and view change -------------------------------------------------
    "pbft.timeout": (
        "Nothing happened for {timeout} ms: the client sends its request to all {n} replicas "
        "again, and every replica that has not committed it gives up on its view.",
        "{timeout} 毫秒内没有进展：客户端再次把请求发送给全部 {n} 个副本，尚未提交的副本"
        "放弃当前视图。",
    ),
    "pbft.view-change": (
        "{senders} replicas start a view change to view {view}: each sends VIEW-CHANGE, with "
        "the value it prepared if any, to the other {others} replicas ({count} messages).",
        "{senders} 个副本发起到视图 {view} 的视图切换：各自向其余 {others} 个副本发送 "
        "VIEW-CHANGE（视图切换）消息，并附上自己已准备的值（如有）（共 {count} 条）。",
    ),
    "pbft.view-change.none": (
        "No replica starts a view change.",
        "没有副本发起视图切换。",
    ),
    "pbft.new-view.carried": (
        "Replica {primary}, the new primary ({view} mod {n} = {primary}), has {quorum} "
        "VIEW-CHANGEs and sends NEW-VIEW for view {view} to {count} replicas. It proposes "
        "{value!r} again for seq {seq}, because it was prepared in view {prepared_view}.",
        "副本 {primary} 是新的主节点（{view} mod {n} = {primary}），已收到 {quorum} 条 "
        "VIEW-CHANGE，向 {count} 个副本发送视图 {view} 的 NEW-VIEW（新视图）消息。"
        "由于 {value!r} 已在视图 {prepared_view} 中准备好，它为序号 {seq} 再次提议该值。",
    ),
    "pbft.new-view.fresh": (
        "Replica {primary}, the new primary ({view} mod {n} = {primary}), has {quorum} "
        "VIEW-CHANGEs and sends NEW-VIEW for view {view} to {count} replicas. No value was "
        "prepared, so it proposes the client's request {value!r} for seq {seq}.",
        "副本 {primary} 是新的主节点（{view} mod {n} = {primary}），已收到 {quorum} 条 "
        "VIEW-CHANGE，向 {count} 个副本发送视图 {view} 的 NEW-VIEW（新视图）消息。"
        "没有已准备的值，因此它为序号 {seq} 提议客户端的请求 {value!r}。",
    ),
    "pbft.new-view.equivocate": (
        "Replica {primary}, the new primary of view {view}, is Byzantine: its NEW-VIEW "
        "proposes {value!r} to {genuine} replicas and {forged!r} to {lied} others.",
        "副本 {primary} 是视图 {view} 的新主节点，但它是拜占庭节点：它的 NEW-VIEW 向 "
        "{genuine} 个副本提议 {value!r}，向另外 {lied} 个提议 {forged!r}。",
    ),
    "pbft.new-view.none": (
        "Replica {primary}, the primary of view {view} ({view} mod {n} = {primary}), sends no "
        "NEW-VIEW: it has crashed, or it has fewer than {quorum} VIEW-CHANGEs.",
        "副本 {primary} 是视图 {view} 的主节点（{view} mod {n} = {primary}），但没有发送 "
        "NEW-VIEW：它已宕机，或收到的 VIEW-CHANGE 少于 {quorum} 条。",
    ),
    # --- captions: replicas run from outside, partitions ------------------------------------
    "pbft.held": (
        "{count} messages wait at replicas {replicas} until their owners approve them.",
        "{count} 条消息在副本 {replicas} 处等待其所有者批准后发出。",
    ),
    "pbft.release": (
        "Replica {replica}'s owner approves: it sends {kinds} ({count} messages).",
        "副本 {replica} 的所有者批准：它发出 {kinds}（共 {count} 条）。",
    ),
    "pbft.partition": (
        "The network splits into groups {groups}: messages between groups are lost.",
        "网络分裂为 {groups} 几组：组与组之间的消息全部丢失。",
    ),
    "pbft.heal": (
        "The network is whole again: every replica can reach every other.",
        "网络恢复完整：每个副本都能联系到其他所有副本。",
    ),
    "pbft.err.partition": (
        "Replica {replica} is named in two groups; each replica belongs to one group.",
        "副本 {replica} 出现在两个组中；每个副本只能属于一个组。",
    ),
    # --- captions: faults changed by hand ---------------------------------------------------
    "pbft.crash": (
        "Replica {replica} crashes: from now on it sends nothing and ignores every message.",
        "副本 {replica} 宕机：此后它不发送任何消息，也不处理收到的消息。",
    ),
    "pbft.byzantine": (
        "Replica {replica} turns Byzantine: from now on the messages it sends are lies.",
        "副本 {replica} 变成拜占庭节点：此后它发送的消息都是谎言。",
    ),
    "pbft.recover": (
        "Replica {replica} recovers and catches up from replica {donor}: view {view}, "
        "{entries} committed entries.",
        "副本 {replica} 恢复，并从副本 {donor} 同步状态：视图 {view}，{entries} 条已提交记录。",
    ),
    "pbft.recover.alone": (
        "Replica {replica} recovers; no running honest replica is left to bring it up to date.",
        "副本 {replica} 恢复；没有正常运行的诚实副本可以为它同步状态。",
    ),
    # --- errors -----------------------------------------------------------------------------
    "pbft.err.n": (
        "A PBFT network needs a whole number of replicas, at least 1; got {got!r}.",
        "PBFT 网络的副本数必须是至少为 1 的整数；实际为 {got!r}。",
    ),
    "pbft.err.faulty": (
        "faulty maps replica numbers to a fault, e.g. {{2: 'crashed'}}; got {got!r}.",
        "faulty 应把副本编号映射到故障类型，例如 {{2: 'crashed'}}；实际为 {got!r}。",
    ),
    "pbft.err.replica": (
        "There is no replica {got!r}: replicas are numbered 0 to {last}.",
        "不存在副本 {got!r}：副本编号为 0 到 {last}。",
    ),
    "pbft.err.fault": (
        "Unknown fault {got!r} for replica {replica}; choose one of {choices}.",
        "副本 {replica} 的故障类型 {got!r} 未知；请从 {choices} 中选择。",
    ),
    "pbft.err.already": (
        "Replica {replica} is already {fault!r}.",
        "副本 {replica} 已经是 {fault!r} 状态。",
    ),
    "pbft.err.not_faulty": (
        "Replica {replica} is not faulty, so there is nothing to recover.",
        "副本 {replica} 没有故障，无需恢复。",
    ),
    "pbft.err.max_steps": (
        "max_steps must be a whole number, at least 1; got {got!r}.",
        "max_steps 必须是至少为 1 的整数；实际为 {got!r}。",
    ),
})


def max_faulty(n: int) -> int:
    """f = ⌊(n−1)/3⌋, the most faulty replicas PBFT tolerates among n.

    >>> [max_faulty(n) for n in (1, 3, 4, 7, 100)]
    [0, 0, 1, 2, 33]
    """
    return (n - 1) // 3


def quorum_size(n: int) -> int:
    """q = ⌈(n+f+1)/2⌉: any two quorums share at least f+1 replicas. It is 2f+1 for n = 3f+1.

    >>> [quorum_size(n) for n in (1, 4, 6, 7, 100)]
    [1, 3, 4, 5, 67]
    """
    return (n + max_faulty(n) + 2) // 2


def digest_of(value: Any) -> str:
    """The SHA-256 digest (摘要) of a value, as hex: PREPARE and COMMIT name a value by it.

    >>> digest_of("pay 10 to Bob")[:8]
    'd6514bc9'
    """
    return sha256(repr(value).encode()).hex()


class Proposal(NamedTuple):
    """A value a replica accepted from the primary in its current view, with its digest.

    >>> Proposal("pay 10", digest_of("pay 10")).value
    'pay 10'
    """

    value: Any
    digest: str


class Certificate(NamedTuple):
    """Proof that a replica was prepared: the view it prepared in and the value.

    >>> Certificate(0, "pay 10").view
    0
    """

    view: int
    value: Any


def carried_over(proofs: Mapping[int, Certificate | None]) -> Certificate | None:
    """The certificate a NEW-VIEW must carry on: the one prepared in the highest view.

    Ties (same view, different values) can only happen if nothing was committed; the lowest
    sender wins so that every replica makes the same choice.

    >>> carried_over({1: Certificate(0, "a"), 2: None, 3: Certificate(2, "b")})
    Certificate(view=2, value='b')
    >>> carried_over({1: None, 2: None}) is None
    True
    """
    best = None
    for sender in sorted(proofs):
        cert = proofs[sender]
        if cert is not None and (best is None or cert.view > best.view):
            best = cert
    return best


@dataclass
class ReplicaState:
    """What a widget draws for one replica: counters to compare with the quorum, and its log.

    `phase` is "idle", "pre-prepared", "prepared", "committed" or "view-change".
    `prepares` and `commits` count the matching votes for the value this replica is working
    on, its own vote included (PBFT logs its own messages).

    >>> PBFT(4).state.replicas[0].role
    'primary'
    """

    index: int
    fault: str | None
    view: int
    role: str
    status: str
    phase: str
    value: Any
    prepares: int
    commits: int
    prepared: bool
    committed: bool
    log: dict[int, Any]


@dataclass
class Replica:
    """One PBFT replica: its state, and what it does when a message arrives.

    `on_message` is the whole protocol seen from this replica, so the same code can run
    when the messages come from other machines; `PBFT` only schedules the deliveries.

    >>> replica = Replica(1, n=4)
    >>> pre_prepare = {"view": 0, "seq": 1, "value": "pay 10", "digest": digest_of("pay 10")}
    >>> out = replica.on_message(Message(0, 1, "pre-prepare", pre_prepare))
    >>> [(message.receiver, message.kind) for message in out]
    [(0, 'prepare'), (2, 'prepare'), (3, 'prepare')]
    """

    index: int
    n: int
    fault: str | None = None
    seed: int = 0
    view: int = 0
    status: str = NORMAL
    seq: int = 0
    request: Any = None
    proposal: Proposal | None = None
    sent_commit: bool = False
    prepared_cert: Certificate | None = None
    decided_by: tuple[int, str] | None = None
    log: dict[int, Any] = field(default_factory=dict)
    # Votes for the sequence number in progress. Prepares count in the current view only;
    # commits are kept per (view, digest), because q of them prove a value in any view.
    prepare_votes: dict[str, set[int]] = field(default_factory=dict)
    commit_votes: dict[tuple[int, str], set[int]] = field(default_factory=dict)
    known_values: dict[str, Any] = field(default_factory=dict)
    view_changes: dict[int, dict[int, Certificate | None]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.quorum = quorum_size(self.n)
        self.rng = random.Random(f"pbft/{self.seed}/{self.index}")

    def primary_of(self, view: int) -> int:
        """The primary of `view`: replica view mod n.

        >>> Replica(0, n=4).primary_of(6)
        2
        """
        return view % self.n

    @property
    def is_primary(self) -> bool:
        """Whether this replica is the primary of its current view.

        >>> Replica(0, n=4).is_primary, Replica(1, n=4).is_primary
        (True, False)
        """
        return self.primary_of(self.view) == self.index

    # --- the protocol ----------------------------------------------------------------------
    def on_message(self, message: Message) -> list[Message]:
        """Handle one message and return the messages this replica sends in answer.

        >>> Replica(2, n=4, fault="crashed").on_message(Message(0, 2, "prepare", {"seq": 1}))
        []
        """
        if self.fault == CRASHED:
            return []
        seq = message.payload["seq"]
        if seq < self.seq:
            return []  # about a request already settled or given up on
        if seq > self.seq:
            self._start_seq(seq)
        handler = {
            REQUEST: self._on_request,
            PRE_PREPARE: self._on_pre_prepare,
            PREPARE: self._on_prepare,
            COMMIT: self._on_commit,
            VIEW_CHANGE: self._on_view_change,
            NEW_VIEW: self._on_new_view,
        }.get(message.kind)
        if handler is None:
            return []
        out = handler(message)
        # A Byzantine replica keeps honest books, so it knows when to speak; what it says
        # is where it lies.
        return self._lie(out) if self.fault == BYZANTINE else out

    def _on_request(self, message: Message) -> list[Message]:
        self.request = message.payload["value"]
        if self.seq in self.log:
            return []  # done already (the paper would send the reply again)
        if message.payload["retransmit"]:
            # The client timed out, so this view failed to commit the request in time.
            return self._start_view_change(self.view + 1)
        if self.status == NORMAL and self.is_primary and self.proposal is None:
            return self._propose(self.request)
        return []

    def _propose(self, value: Any) -> list[Message]:
        digest = digest_of(value)
        self.proposal = Proposal(value, digest)
        self.known_values[digest] = value
        payload = {"view": self.view, "seq": self.seq, "value": value, "digest": digest}
        return self._broadcast(PRE_PREPARE, payload) + self._check_prepared()

    def _on_pre_prepare(self, message: Message) -> list[Message]:
        p = message.payload
        if (self.status != NORMAL or p["view"] != self.view or self.proposal is not None
                or message.sender != self.primary_of(self.view) or self.seq in self.log
                or digest_of(p["value"]) != p["digest"]):
            return []
        return self._accept(Proposal(p["value"], p["digest"]))

    def _accept(self, proposal: Proposal) -> list[Message]:
        self.proposal = proposal
        self.known_values[proposal.digest] = proposal.value
        self.prepare_votes.setdefault(proposal.digest, set()).add(self.index)
        payload = {"view": self.view, "seq": self.seq, "digest": proposal.digest}
        return self._broadcast(PREPARE, payload) + self._check_prepared()

    def _on_prepare(self, message: Message) -> list[Message]:
        p = message.payload
        # The primary's vote is its PRE-PREPARE; a PREPARE from it does not count.
        if (self.status != NORMAL or p["view"] != self.view
                or message.sender == self.primary_of(self.view)):
            return []
        self.prepare_votes.setdefault(p["digest"], set()).add(message.sender)
        return self._check_prepared()

    def _check_prepared(self) -> list[Message]:
        # A replica that already decided (its peers' COMMITs outran its PREPAREs) still sends
        # its own COMMIT once prepared, as in the paper: every prepared replica commits.
        if self.proposal is None or self.sent_commit:
            return []
        value, digest = self.proposal
        if len(self.prepare_votes.get(digest, ())) < self.quorum - 1:
            return []
        self.sent_commit = True
        self.prepared_cert = Certificate(self.view, value)
        payload = {"view": self.view, "seq": self.seq, "digest": digest, "value": value}
        return self._broadcast(COMMIT, payload) + self._count_commit(self.index, self.view, digest)

    def _on_commit(self, message: Message) -> list[Message]:
        p = message.payload
        if p["digest"] not in self.known_values:
            if digest_of(p["value"]) != p["digest"]:
                return []  # the value does not match its digest: a malformed message
            self.known_values[p["digest"]] = p["value"]
        return self._count_commit(message.sender, p["view"], p["digest"])

    def _count_commit(self, sender: int, view: int, digest: str) -> list[Message]:
        voters = self.commit_votes.setdefault((view, digest), set())
        voters.add(sender)
        if self.seq in self.log or len(voters) < self.quorum:
            return []
        # q matching COMMITs prove the value is decided. A replica that prepared it commits
        # as in the paper; one that did not (it was lied to) catches up: state transfer.
        value = self.known_values[digest]
        self.log[self.seq] = value
        self.decided_by = (view, digest)
        payload = {"view": self.view, "seq": self.seq, "value": value}
        return [Message(self.index, CLIENT, REPLY, payload)]

    def _start_view_change(self, view: int) -> list[Message]:
        self._enter_view(view, VIEW_CHANGE)
        self.view_changes.setdefault(view, {})[self.index] = self.prepared_cert
        payload = {"view": view, "seq": self.seq, "cert": self.prepared_cert}
        return self._broadcast(VIEW_CHANGE, payload) + self._check_new_view(view)

    def _on_view_change(self, message: Message) -> list[Message]:
        view = message.payload["view"]
        if view < self.view:
            return []
        self.view_changes.setdefault(view, {})[message.sender] = message.payload["cert"]
        return self._check_new_view(view)

    def _check_new_view(self, view: int) -> list[Message]:
        proofs = self.view_changes.get(view, {})
        if (view != self.view or self.status != VIEW_CHANGE or self.primary_of(view) != self.index
                or len(proofs) < self.quorum):
            return []
        cert = carried_over(proofs)
        value = cert.value if cert is not None else self.request
        if cert is None and value is None:
            return []  # nothing prepared and no request to propose: wait for the client
        self._enter_view(view, NORMAL)
        digest = digest_of(value)
        self.proposal = Proposal(value, digest)
        self.known_values[digest] = value
        payload = {"view": view, "seq": self.seq, "value": value, "digest": digest,
                   "proofs": dict(proofs)}
        return self._broadcast(NEW_VIEW, payload) + self._check_prepared()

    def _on_new_view(self, message: Message) -> list[Message]:
        p = message.payload
        view = p["view"]
        if (view < self.view or (view == self.view and self.status == NORMAL)
                or message.sender != self.primary_of(view) or len(p["proofs"]) < self.quorum
                or digest_of(p["value"]) != p["digest"]):
            return []
        cert = carried_over(p["proofs"])
        if cert is not None and digest_of(cert.value) != p["digest"]:
            return []  # the new primary dropped a prepared value: refuse the NEW-VIEW
        self._enter_view(view, NORMAL)
        if self.seq in self.log:
            return []
        return self._accept(Proposal(p["value"], p["digest"]))

    # --- bookkeeping -----------------------------------------------------------------------
    def _broadcast(self, kind: str, payload: dict[str, Any]) -> list[Message]:
        # One payload shared by all copies: messages are read, never changed.
        return [Message(self.index, receiver, kind, payload)
                for receiver in range(self.n) if receiver != self.index]

    def _enter_view(self, view: int, status: str) -> None:
        self.view = view
        self.status = status
        self.proposal = None
        self.sent_commit = False
        self.prepare_votes = {}

    def _start_seq(self, seq: int) -> None:
        self.seq = seq
        self.request = None
        self.prepared_cert = None
        self.decided_by = None
        self.commit_votes = {}
        self.known_values = {}
        self.view_changes = {}
        self._enter_view(self.view, self.status)

    def _lie(self, messages: list[Message]) -> list[Message]:
        """The same messages, as a Byzantine replica sends them."""
        proposed_to = [m.receiver for m in messages if m.kind in (PRE_PREPARE, NEW_VIEW)]
        fooled: set[int] = set()
        if len(proposed_to) >= 2:  # equivocate: some receivers get the real value, some not
            fooled = set(self.rng.sample(proposed_to, self.rng.randint(1, len(proposed_to) - 1)))
        lies = []
        for message in messages:
            payload = dict(message.payload)
            if message.receiver in fooled and message.kind in (PRE_PREPARE, NEW_VIEW):
                payload["value"] = f"{payload['value']} (forged by replica {self.index})"
                payload["digest"] = digest_of(payload["value"])
            elif message.kind in (PREPARE, COMMIT, REPLY):
                # Each receiver gets its own made-up value, which nobody proposed.
                made_up = f"fake value {self.rng.randrange(1000)} from replica {self.index}"
                if message.kind != PREPARE:
                    payload["value"] = made_up
                if message.kind != REPLY:
                    payload["digest"] = digest_of(made_up)
            elif message.kind == VIEW_CHANGE:
                payload["cert"] = None  # hide what it prepared
            lies.append(Message(message.sender, message.receiver, message.kind, payload))
        return lies

    def catch_up(self, donor: Replica, wipe: bool) -> None:
        """Take `donor`'s view and committed log. `wipe` forgets this replica's own state
        first (a repaired Byzantine replica); otherwise its own log is kept and merged.

        >>> behind, donor = Replica(0, n=4), Replica(1, n=4)
        >>> donor.log[1] = "pay 10"; behind.catch_up(donor, wipe=False); behind.log
        {1: 'pay 10'}
        """
        if wipe:
            self.log = {}
        if wipe or donor.seq > self.seq:
            self._start_seq(donor.seq)
        self.log = {**self.log, **donor.log}
        if (self.view, self.status) != (donor.view, donor.status):
            self._enter_view(donor.view, donor.status)

    def snapshot(self) -> ReplicaState:
        """This replica's state, as a widget draws it.

        >>> Replica(3, n=4).snapshot().phase
        'idle'
        """
        digest = self.proposal.digest if self.proposal else None
        if self.decided_by is not None:
            commits = len(self.commit_votes.get(self.decided_by, ()))
        else:
            commits = len(self.commit_votes.get((self.view, digest), ())) if digest else 0
        committed = self.seq in self.log
        if committed:
            phase = "committed"
        elif self.status == VIEW_CHANGE:
            phase = "view-change"
        elif self.sent_commit:
            phase = "prepared"
        else:
            phase = "pre-prepared" if self.proposal else "idle"
        return ReplicaState(
            index=self.index, fault=self.fault, view=self.view,
            role=PRIMARY if self.is_primary else BACKUP, status=self.status, phase=phase,
            value=self.proposal.value if self.proposal else None,
            prepares=len(self.prepare_votes.get(digest, ())) if digest else 0,
            commits=commits, prepared=self.sent_commit, committed=committed,
            log=dict(self.log),
        )


@dataclass
class PBFTState:
    """One moment of the whole network, for a widget: clock, request, client and replicas.

    `accepted` is the value the client accepted (f+1 matching replies) or None.

    >>> PBFT(4).state.time_ms
    0.0
    """

    time_ms: float
    seq: int
    request: Any
    view: int
    client_view: int
    accepted: Any
    in_flight: tuple[Message, ...]
    replicas: tuple[ReplicaState, ...]

    def __deepcopy__(self, memo: dict) -> PBFTState:
        # History copies the state after every step. Messages are never changed, so the
        # ones in flight (up to 2n² of them) are shared rather than copied.
        return PBFTState(self.time_ms, self.seq, copy.deepcopy(self.request, memo), self.view,
                         self.client_view, copy.deepcopy(self.accepted, memo), self.in_flight,
                         copy.deepcopy(self.replicas, memo))


@dataclass(frozen=True)
class PBFTResult:
    """What `run_request` reports: whether every running honest replica committed, what,
    in which view, at which sequence number, and the cost in messages, steps and time.

    >>> PBFT(4).run_request("x").messages["reply"]
    4
    """

    committed: bool
    value: Any
    view: int
    seq: int
    messages: dict[str, int]
    steps: int
    time_ms: float


class PBFT:
    """A PBFT network of `n` replicas, driven one message round at a time.

    `faulty` maps replica numbers to "crashed" or "byzantine". Randomness (the order in which
    messages arrive, the lies Byzantine replicas tell) comes from `seed`. A message round
    takes `round_ms` simulated milliseconds; a timeout takes `timeout_ms`.

    >>> pbft = PBFT(4, faulty={0: "crashed"})
    >>> result = pbft.run_request("pay 10")
    >>> result.committed, result.view, pbft.primary_of(result.view)
    (True, 1, 1)
    """

    def __init__(
        self,
        n: int,
        faulty: Mapping[int, str] | None = None,
        seed: int = 0,
        *,
        round_ms: float = 10.0,
        timeout_ms: float = 500.0,
    ) -> None:
        if isinstance(n, bool) or not isinstance(n, int) or n < 1:
            raise InputError("pbft.err.n", got=n)
        if faulty is not None and not isinstance(faulty, Mapping):
            raise InputError("pbft.err.faulty", got=faulty)
        self.n = n
        self.f = max_faulty(n)
        self.quorum = quorum_size(n)
        self.round_ms = round_ms
        self.timeout_ms = timeout_ms
        self.replicas = [Replica(i, n, seed=seed) for i in range(n)]
        for i, kind in (faulty or {}).items():
            self._replica(i)
            if kind not in FAULT_KINDS:
                raise InputError("pbft.err.fault", got=kind, replica=i, choices=FAULT_KINDS)
        for i, kind in (faulty or {}).items():
            self.replicas[i].fault = kind
        self.time_ms = 0.0
        self.seq = 0
        self.request: Any = None
        self.client_view = 0
        self.accepted: Any = None
        self._rng = random.Random(seed)
        self._in_flight: tuple[Message, ...] = ()
        self._request_sent = False
        self._replies: dict[str, dict[int, int]] = {}  # reply digest -> {sender: view}
        self._counts = dict.fromkeys(MESSAGE_KINDS, 0)
        self._steps_taken = 0
        self._started_ms = 0.0
        self._held: set[int] = set()  # replicas whose messages wait for their owner
        self._outbox: dict[int, list[Message]] = {}  # replica -> messages it waits to send
        self._group_of = [0] * n  # each replica's side of a partition (all 0: network whole)
        self.history = History(self.state)

    # --- what a widget reads ---------------------------------------------------------------
    @property
    def state(self) -> PBFTState:
        """The current moment, freshly copied from the replicas.

        >>> [r.phase for r in PBFT(4).state.replicas]
        ['idle', 'idle', 'idle', 'idle']
        """
        return PBFTState(self.time_ms, self.seq, self.request, self.view, self.client_view,
                         self.accepted, self._in_flight,
                         tuple(replica.snapshot() for replica in self.replicas))

    @property
    def view(self) -> int:
        """The highest view a running honest replica is in (or moving to).

        >>> PBFT(4).view
        0
        """
        running = [r for r in self.replicas if r.fault is None] or self.replicas
        return max(r.view for r in running)

    @property
    def faulty(self) -> dict[int, str]:
        """The faulty replicas now, as {replica: "crashed" or "byzantine"}.

        >>> PBFT(4, faulty={3: "byzantine"}).faulty
        {3: 'byzantine'}
        """
        return {r.index: r.fault for r in self.replicas if r.fault is not None}

    @property
    def done(self) -> bool:
        """True when no request is in progress: every running honest replica committed the
        current one and nothing is in flight (also True before the first request).

        >>> PBFT(4).done
        True
        """
        if self.seq == 0:
            return True
        if not self._request_sent or self._in_flight:
            return False
        honest = [r for r in self.replicas if r.fault is None]
        return bool(honest) and all(self.seq in r.log for r in honest)

    def primary_of(self, view: int) -> int:
        """The primary of `view`: replica view mod n.

        >>> PBFT(4).primary_of(5)
        1
        """
        return view % self.n

    @property
    def in_flight(self) -> tuple[Message, ...]:
        """The messages the next `step()` delivers (empty: the next step is a timeout).

        >>> pbft = PBFT(4); _ = pbft.client_request("a"); _ = pbft.step(); len(pbft.in_flight)
        1
        """
        return self._in_flight

    def waiting(self, i: int) -> tuple[Message, ...]:
        """The messages held replica `i` waits to send (see `hold`).

        >>> PBFT(4).waiting(1)
        ()
        """
        return tuple(self._outbox.get(self._replica(i).index, ()))

    # --- driving it ------------------------------------------------------------------------
    def client_request(self, value: Any) -> int:
        """Start a request for `value` and return its sequence number; `step()` runs it.

        A request still in progress is given up: its messages in flight are dropped.

        >>> pbft = PBFT(4); pbft.client_request("a"), pbft.step().phase
        (1, 'request')
        """
        self.seq += 1
        self.request = value
        self.accepted = None
        self._in_flight = ()
        self._request_sent = False
        self._replies = {}
        self._counts = dict.fromkeys(MESSAGE_KINDS, 0)
        self._steps_taken = 0
        self._started_ms = self.time_ms
        for outbox in self._outbox.values():
            outbox.clear()  # what held replicas wanted to say about the old request is moot
        return self.seq

    def step(self) -> Step | None:
        """Run one round: send the request, deliver every message in flight, or time out.

        Returns None when there is nothing to do (no request in progress).

        >>> pbft = PBFT(4); _ = pbft.client_request("a"); _ = pbft.step()
        >>> pbft.step().caption("en")
        "Replica 0 (primary, view 0) sends PRE-PREPARE for seq 1, value 'a', to 3 backups."
        """
        if self.done:
            return None
        self._steps_taken += 1
        if not self._request_sent:
            self._request_sent = True
            self.time_ms += self.round_ms
            payload = {"seq": self.seq, "value": self.request, "retransmit": False}
            out = [Message(CLIENT, self.primary_of(self.client_view), REQUEST, payload)]
            return self._finish(REQUEST, (), out)
        if not self._in_flight:
            self.time_ms += self.timeout_ms
            payload = {"seq": self.seq, "value": self.request, "retransmit": True}
            out = [Message(CLIENT, i, REQUEST, payload) for i in range(self.n)]
            return self._finish(TIMEOUT, (), out)
        delivered = self._in_flight
        order = list(delivered)
        self._rng.shuffle(order)
        out = []
        for message in order:
            if not self._lost(message):
                out.extend(self.replicas[message.receiver].on_message(message))
        self.time_ms += self.round_ms
        return self._finish(_next_phase(delivered[0]), delivered, out)

    def run_request(self, value: Any, max_steps: int | None = None) -> PBFTResult:
        """Start a request and run steps until it is done or `max_steps` steps were taken
        (default 6(f+3), enough for f failed views in a row).

        >>> result = PBFT(7, faulty={0: "byzantine", 3: "crashed"}, seed=1).run_request("x")
        >>> result.committed, result.seq
        (True, 1)
        """
        limit = 6 * (self.f + 3) if max_steps is None else max_steps
        if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
            raise InputError("pbft.err.max_steps", got=max_steps)
        self.client_request(value)
        while not self.done and self._steps_taken < limit:
            self.step()
        committed = self.done
        honest = [r for r in self.replicas if r.fault is None]
        return PBFTResult(
            committed=committed, value=honest[0].log[self.seq] if committed else None,
            view=self.view, seq=self.seq, messages=dict(self._counts),
            steps=self._steps_taken, time_ms=self.time_ms - self._started_ms,
        )

    # --- replicas run from outside, and partitions ------------------------------------------
    def hold(self, i: int, on: bool = True) -> None:
        """From now on keep replica `i`'s messages until `release(i)` (on=False: send them
        as they come again; anything still waiting is sent by the next `release`).

        >>> pbft = PBFT(4); pbft.hold(1); _ = pbft.client_request("a")
        >>> for _ in range(3): _ = pbft.step()
        >>> [m.kind for m in pbft.waiting(1)][:1]
        ['prepare']
        """
        self._replica(i)
        if on:
            self._held.add(i)
        else:
            self._held.discard(i)

    def release(self, i: int, kinds: tuple[str, ...] | None = None) -> Step | None:
        """Send what held replica `i` waits to send (only messages of `kinds`, if given):
        its owner approved. The next `step()` delivers them. None when nothing waits.

        >>> pbft = PBFT(4); pbft.hold(1); _ = pbft.client_request("a")
        >>> for _ in range(3): _ = pbft.step()
        >>> pbft.release(1).caption("en")
        "Replica 1's owner approves: it sends prepare (3 messages)."
        """
        waiting = self._outbox.get(self._replica(i).index, [])
        chosen = [m for m in waiting if kinds is None or m.kind in kinds]
        if not chosen:
            return None
        self._outbox[i] = [m for m in waiting if not (kinds is None or m.kind in kinds)]
        for message in chosen:
            self._counts[message.kind] += 1
            if message.receiver == CLIENT:
                self._on_reply(message)
        self._in_flight += tuple(m for m in chosen if m.receiver != CLIENT)
        kinds_sent = ", ".join(dict.fromkeys(m.kind for m in chosen))
        return self._record("release", tuple(chosen), "pbft.release",
                            {"replica": i, "kinds": kinds_sent, "count": len(chosen)})

    def partition(self, groups: list[list[int]]) -> Step:
        """Split the network: messages between different groups are lost. Replicas named
        in no group form one more group together. The client reaches every replica.

        >>> PBFT(4).partition([[3]]).caption("en")
        'The network splits into groups {3} | {0, 1, 2}: messages between groups are lost.'
        """
        group_of = [len(groups)] * self.n
        seen: set[int] = set()
        for number, group in enumerate(groups):
            for i in group:
                self._replica(i)
                if i in seen:
                    raise InputError("pbft.err.partition", replica=i)
                seen.add(i)
                group_of[i] = number
        self._group_of = group_of
        sides: dict[int, list[int]] = {}
        for i, side in enumerate(group_of):
            sides.setdefault(side, []).append(i)
        described = " | ".join("{" + ", ".join(map(str, sides[side])) + "}"
                               for side in sorted(sides))
        return self._record("partition", (), "pbft.partition", {"groups": described})

    def heal(self) -> Step:
        """Join the network again after a partition.

        >>> PBFT(4).heal().phase
        'heal'
        """
        self._group_of = [0] * self.n
        return self._record("heal", (), "pbft.heal", {})

    @property
    def groups(self) -> list[int]:
        """Each replica's side of the partition (all 0 when the network is whole).

        >>> PBFT(4).groups
        [0, 0, 0, 0]
        """
        return list(self._group_of)

    def _lost(self, message: Message) -> bool:
        """True for a message between replicas on different sides of a partition."""
        sender, receiver = message.sender, message.receiver
        return sender >= 0 and receiver >= 0 and self._group_of[sender] != self._group_of[receiver]

    # --- faults, changed between steps -----------------------------------------------------
    def crash(self, i: int) -> Step:
        """Crash replica `i`: from now on it sends nothing and ignores every message.

        >>> PBFT(4).crash(2).phase
        'crash'
        """
        self._set_fault(i, CRASHED)
        self._outbox.pop(i, None)  # a crashed replica sends nothing, not even what it held
        return self._record("crash", (), "pbft.crash", {"replica": i})

    def make_byzantine(self, i: int) -> Step:
        """Make replica `i` Byzantine: from now on it lies in the messages it sends.

        >>> PBFT(4).make_byzantine(0).caption("en")
        'Replica 0 turns Byzantine: from now on the messages it sends are lies.'
        """
        self._set_fault(i, BYZANTINE)
        return self._record("byzantine", (), "pbft.byzantine", {"replica": i})

    def recover(self, i: int) -> Step:
        """Repair replica `i` and bring it up to date from a running honest replica.

        A crashed replica keeps its own log (it was on disk); a Byzantine one is wiped first.

        >>> pbft = PBFT(4); _ = pbft.crash(1); pbft.recover(1).phase
        'recover'
        """
        replica = self._replica(i)
        if replica.fault is None:
            raise InputError("pbft.err.not_faulty", replica=i)
        was_byzantine = replica.fault == BYZANTINE
        replica.fault = None
        donors = [r for r in self.replicas if r.fault is None and r is not replica]
        if not donors:
            return self._record("recover", (), "pbft.recover.alone", {"replica": i})
        donor = max(donors, key=lambda r: (r.seq, r.view))
        replica.catch_up(donor, wipe=was_byzantine)
        fields = {"replica": i, "donor": donor.index, "view": replica.view,
                  "entries": len(replica.log)}
        return self._record("recover", (), "pbft.recover", fields)

    def _set_fault(self, i: int, kind: str) -> None:
        replica = self._replica(i)
        if replica.fault == kind:
            raise InputError("pbft.err.already", replica=i, fault=kind)
        replica.fault = kind

    def _replica(self, i: int) -> Replica:
        if isinstance(i, bool) or not isinstance(i, int) or not 0 <= i < self.n:
            raise InputError("pbft.err.replica", got=i, last=self.n - 1)
        return self.replicas[i]

    # --- recording a round -----------------------------------------------------------------
    def _finish(self, phase: str, delivered: tuple[Message, ...], out: list[Message]) -> Step:
        held = [m for m in out if m.sender in self._held]
        if held:  # held replicas keep their messages until their owners release them
            for message in held:
                self._outbox.setdefault(message.sender, []).append(message)
            out = [m for m in out if m.sender not in self._held]
        for message in out:
            self._counts[message.kind] += 1
            if message.receiver == CLIENT:
                self._on_reply(message)
        # Replies reach the client at once; everything else is delivered in the next round.
        self._in_flight = tuple(m for m in out if m.receiver != CLIENT)
        if held and not out:
            key, fields = "pbft.held", {"count": len(held), "replicas": ", ".join(
                map(str, sorted({m.sender for m in held})))}
        else:
            key, fields = self._caption(phase, delivered, out)
        return self._record(phase, tuple(out), key, fields)

    def _record(self, phase: str, messages: tuple[Message, ...], key: str,
                fields: dict[str, Any]) -> Step:
        step = Step(len(self.history), self.time_ms, phase, messages, key, fields)
        return self.history.record(step, self.state)

    def _on_reply(self, message: Message) -> None:
        senders = self._replies.setdefault(digest_of(message.payload["value"]), {})
        senders[message.sender] = message.payload["view"]
        # f+1 matching replies include at least one honest replica's: the client can trust it.
        if self.accepted is None and len(senders) >= self.f + 1:
            self.accepted = message.payload["value"]
            self.client_view = max(senders.values())

    def _caption(self, phase: str, delivered: tuple[Message, ...],
                 out: list[Message]) -> tuple[str, dict[str, Any]]:
        if phase == REQUEST:
            return "pbft.request", {"value": self.request, "seq": self.seq,
                                    "primary": out[0].receiver, "view": self.client_view}
        if phase == TIMEOUT:
            return "pbft.timeout", {"timeout": f"{self.timeout_ms:g}", "n": self.n}
        sent = [m for m in out if m.kind == phase]
        if phase == PRE_PREPARE:
            return self._proposal_caption(phase, sent, delivered[0].receiver, self.client_view)
        if phase == NEW_VIEW:
            view = max(m.payload.get("view", 0) for m in delivered)
            return self._proposal_caption(phase, sent, self.primary_of(view), view)
        if phase == VIEW_CHANGE:
            if not sent:
                return "pbft.view-change.none", {}
            return "pbft.view-change", {"senders": len({m.sender for m in sent}),
                                        "view": max(m.payload["view"] for m in sent),
                                        "others": self.n - 1, "count": len(sent)}
        return self._vote_caption(phase, sent)

    def _proposal_caption(self, phase: str, sent: list[Message], primary: int,
                          view: int) -> tuple[str, dict[str, Any]]:
        fields: dict[str, Any] = {"primary": primary, "view": view, "seq": self.seq,
                                  "n": self.n, "quorum": self.quorum, "count": len(sent)}
        if not sent:
            return f"pbft.{phase}.none", fields
        fields["view"] = sent[0].payload["view"]
        cert = carried_over(sent[0].payload["proofs"]) if phase == NEW_VIEW else None
        expected = digest_of(cert.value if cert is not None else self.request)
        genuine = [m for m in sent if m.payload["digest"] == expected]
        forged = [m for m in sent if m.payload["digest"] != expected]
        fields["value"] = (genuine or sent)[0].payload["value"]
        if genuine and forged:
            fields.update(genuine=len(genuine), lied=len(forged),
                          forged=forged[0].payload["value"])
            return f"pbft.{phase}.equivocate", fields
        if phase == PRE_PREPARE:
            return "pbft.pre-prepare", fields
        if cert is not None:
            return "pbft.new-view.carried", {**fields, "prepared_view": cert.view}
        return "pbft.new-view.fresh", fields

    def _vote_caption(self, phase: str, sent: list[Message]) -> tuple[str, dict[str, Any]]:
        needed = self.quorum if phase == REPLY else self.quorum - 1
        fields: dict[str, Any] = {"needed": needed, "seq": self.seq, "count": len(sent),
                                  "others": self.n - 1}
        if not sent:
            return f"pbft.{phase}.none", fields
        senders = {m.sender for m in sent}
        liars = {s for s in senders if self.replicas[s].fault == BYZANTINE}
        honest = [m for m in sent if m.sender not in liars]
        fields.update(senders=len(senders), honest=len(senders) - len(liars),
                      liars=len(liars), liar_list=", ".join(map(str, sorted(liars))))
        if phase == REPLY:
            if not honest:
                return "pbft.reply.only_liars", fields
            fields["value"] = honest[0].payload["value"]
        return (f"pbft.{phase}.liars" if liars else f"pbft.{phase}"), fields


def _next_phase(delivered: Message) -> str:
    """The phase a round is named after, from the kind of messages it delivers."""
    if delivered.kind == REQUEST:
        return VIEW_CHANGE if delivered.payload["retransmit"] else PRE_PREPARE
    return {PRE_PREPARE: PREPARE, PREPARE: COMMIT, COMMIT: REPLY,
            VIEW_CHANGE: NEW_VIEW, NEW_VIEW: PREPARE}[delivered.kind]
