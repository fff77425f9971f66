"""Raft: elect a leader, then let it copy its log to the followers (Raft 共识算法).

A discrete-event simulation in simulated milliseconds. Each node is a follower (跟随者), a
candidate (候选者) or the leader (领导者). A follower that hears nothing from a leader for a
random election timeout (选举超时, 150–300 ms) becomes a candidate for a new term (任期) and
asks the others for their votes (RequestVote). A candidate with votes from a majority becomes
leader and sends AppendEntries messages: heartbeats every 50 ms, carrying the client's log
entries. An entry stored by a majority in the leader's own term is committed (已提交) and
can never be lost.

Everything random (timeouts, network delays) comes from one seeded generator, so the same
seed and the same commands give the same run. `step()` handles one event, a timer firing or
one message arriving, and `history` keeps every past state for a widget to show again.

>>> raft = Raft(5, seed=1)
>>> leader, term, elapsed_ms = raft.run_until_leader()
>>> raft.nodes[leader].role, term
('leader', 1)
>>> index = raft.client_request("pay 10")
>>> raft.run_until_committed(index) > 0
True
"""

from __future__ import annotations

import heapq
import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from ledgerkit.consensus.base import History, Message, Step
from ledgerkit.errors import InputError, LedgerError
from ledgerkit.i18n import register_strings

FOLLOWER, CANDIDATE, LEADER = "follower", "candidate", "leader"

register_strings({
    # --- captions: timers --------------------------------------------------------------
    "raft.timeout": (
        "Node {node} timed out and starts an election for term {term}.",
        "节点 {node} 选举超时，发起第 {term} 任期的选举。",
    ),
    "raft.heartbeat": (
        "Leader {node} sends AppendEntries (heartbeats) to its followers in term {term}.",
        "领导者 {node} 在第 {term} 任期向跟随者发送 AppendEntries（心跳）。",
    ),
    # --- captions: voting ----------------------------------------------------------------
    "raft.vote.grant": (
        "Node {node} votes for node {candidate} in term {term}.",
        "节点 {node} 在第 {term} 任期投票给节点 {candidate}。",
    ),
    "raft.vote.refuse_term": (
        "Node {node} refuses node {candidate}: term {term} is older than its own term {own}.",
        "节点 {node} 拒绝节点 {candidate}：第 {term} 任期早于它自己的第 {own} 任期。",
    ),
    "raft.vote.refuse_voted": (
        "Node {node} refuses node {candidate}: it already voted for node {voted_for} in "
        "term {term}.",
        "节点 {node} 拒绝节点 {candidate}：它在第 {term} 任期已投票给节点 {voted_for}。",
    ),
    "raft.vote.refuse_log": (
        "Node {node} refuses node {candidate}: the candidate's log is behind its own.",
        "节点 {node} 拒绝节点 {candidate}：候选者的日志比它自己的旧。",
    ),
    "raft.vote.counted": (
        "Node {node} gets the vote of node {voter}: {votes} of {n} votes, {majority} needed.",
        "节点 {node} 获得节点 {voter} 的选票：{n} 票中已得 {votes} 票，需要 {majority} 票。",
    ),
    "raft.vote.refused": (
        "Node {node} was refused a vote by node {voter}.",
        "节点 {voter} 拒绝投票给节点 {node}。",
    ),
    "raft.vote.late": (
        "Node {node} ignores a late vote reply from node {voter}: it is no longer a candidate "
        "in that term.",
        "节点 {node} 忽略节点 {voter} 迟到的投票回复：它已不再是该任期的候选者。",
    ),
    "raft.leader": (
        "Node {node} has {votes} of {n} votes and becomes leader for term {term}.",
        "节点 {node} 获得 {n} 票中的 {votes} 票，成为第 {term} 任期的领导者。",
    ),
    # --- captions: log replication -----------------------------------------------------
    "raft.append.heartbeat": (
        "Node {node} accepts a heartbeat from leader {leader} (term {term}).",
        "节点 {node} 接受领导者 {leader} 的心跳（第 {term} 任期）。",
    ),
    "raft.append.stored": (
        "Node {node} stores entries {first} to {last} from leader {leader}.",
        "节点 {node} 保存领导者 {leader} 发来的第 {first} 到第 {last} 条日志。",
    ),
    "raft.append.stored_one": (
        "Node {node} stores entry {last} from leader {leader}.",
        "节点 {node} 保存领导者 {leader} 发来的第 {last} 条日志。",
    ),
    "raft.append.stale": (
        "Node {node} rejects AppendEntries from node {leader}: term {term} is older than its "
        "own term {own}.",
        "节点 {node} 拒绝节点 {leader} 的 AppendEntries：第 {term} 任期早于它自己的第 {own} 任期。",
    ),
    "raft.append.gap": (
        "Node {node} has no entry of term {prev_term} at index {prev_index}, so it asks "
        "leader {leader} to go back.",
        "节点 {node} 在第 {prev_index} 条没有第 {prev_term} 任期的日志，"
        "请领导者 {leader} 往前补发。",
    ),
    "raft.commit.follower": (
        "Node {node} learns from leader {leader} that entries up to {commit} are committed.",
        "节点 {node} 从领导者 {leader} 得知第 {commit} 条及之前的日志已提交。",
    ),
    "raft.reply.ok": (
        "Leader {node} notes that node {follower}'s log matches its own up to index {match}.",
        "领导者 {node} 记下节点 {follower} 的日志与自己的一致，直到第 {match} 条。",
    ),
    "raft.reply.retry": (
        "Node {follower} was missing entries; leader {node} resends from index {next}.",
        "节点 {follower} 缺少日志；领导者 {node} 从第 {next} 条起重新发送。",
    ),
    "raft.reply.late": (
        "Node {node} ignores a late AppendEntries reply from node {follower}.",
        "节点 {node} 忽略节点 {follower} 迟到的 AppendEntries 回复。",
    ),
    "raft.commit.leader": (
        "Leader {node} commits entries up to {commit}: {stored} of {n} nodes store them.",
        "领导者 {node} 提交第 {commit} 条及之前的日志：{n} 个节点中已有 {stored} 个保存。",
    ),
    "raft.step_down": (
        "Node {node} was leader of term {old} but node {sender} is in term {term}, so it "
        "steps down and becomes a follower.",
        "节点 {node} 原是第 {old} 任期的领导者，但节点 {sender} 已在第 {term} 任期，"
        "所以它退位成为跟随者。",
    ),
    "raft.drop.down": (
        "The {kind} message from node {sender} is lost: node {node} is down.",
        "节点 {sender} 发出的 {kind} 消息丢失：节点 {node} 已宕机。",
    ),
    "raft.drop.partition": (
        "The {kind} message from node {sender} to node {node} is lost in the network "
        "partition.",
        "节点 {sender} 发给节点 {node} 的 {kind} 消息因网络分区而丢失。",
    ),
    # --- captions: commands ------------------------------------------------------------
    "raft.client_request": (
        "Leader {node} appends {value!r} at index {index} (term {term}) and sends it to its "
        "followers.",
        "领导者 {node} 把 {value!r} 追加为第 {index} 条日志（第 {term} 任期）并发给跟随者。",
    ),
    "raft.crash": (
        "Node {node} crashed.",
        "节点 {node} 宕机。",
    ),
    "raft.restart": (
        "Node {node} restarts as a follower. It kept its term {term}, its vote and its log "
        "(they are on disk) but must learn again what is committed.",
        "节点 {node} 重启为跟随者。它保留了任期 {term}、投票和日志（已存盘），"
        "但需要重新得知哪些日志已提交。",
    ),
    "raft.partition": (
        "The network splits into groups {groups}: messages between groups are lost.",
        "网络被分隔为 {groups} 几个组：组与组之间的消息会丢失。",
    ),
    "raft.heal": (
        "The network is whole again.",
        "网络恢复连通。",
    ),
    # --- errors ------------------------------------------------------------------------
    "raft.err.n": (
        "A Raft cluster needs a whole number of nodes, at least 1; got {got!r}.",
        "Raft 集群的节点数必须是不小于 1 的整数；实际为 {got!r}。",
    ),
    "raft.err.node": (
        "There is no node {got!r}: this cluster has nodes 0 to {last}.",
        "不存在节点 {got!r}：该集群的节点编号为 0 到 {last}。",
    ),
    "raft.err.range": (
        "{what} must be a pair (low, high) of milliseconds with {rule}; got {got!r}.",
        "{what} 必须是一对毫秒数 (low, high)，且满足 {rule}；实际为 {got!r}。",
    ),
    "raft.err.heartbeat": (
        "heartbeat_ms must be a positive number of milliseconds; got {got!r}.",
        "heartbeat_ms 必须是正的毫秒数；实际为 {got!r}。",
    ),
    "raft.err.already_down": (
        "Node {node} is already down; restart it first.",
        "节点 {node} 已经宕机；请先重启它。",
    ),
    "raft.err.already_up": (
        "Node {node} is already running; crash it first.",
        "节点 {node} 正在运行；请先让它宕机。",
    ),
    "raft.err.is_leader": (
        "Node {node} is the leader: a leader has no election timer to time out.",
        "节点 {node} 是领导者：领导者没有可以超时的选举计时器。",
    ),
    "raft.err.no_leader": (
        "There is no leader to take the request: run until a leader is elected first.",
        "没有领导者接收请求：请先运行到选出领导者。",
    ),
    "raft.err.not_leader": (
        "Node {node} is not a leader: only a leader accepts client requests.",
        "节点 {node} 不是领导者：只有领导者接受客户端请求。",
    ),
    "raft.err.partition": (
        "Node {node} appears twice in the partition groups; put each node in one group.",
        "节点 {node} 在分区中出现了两次；每个节点只能属于一个组。",
    ),
    "raft.err.no_leader_within": (
        "No leader after {ms:.0f} ms of simulated time: a majority ({majority} of {n}) must "
        "be up and able to reach each other.",
        "模拟运行 {ms:.0f} 毫秒后仍没有领导者：需要多数节点（{n} 个中的 {majority} 个）"
        "在线且能互相通信。",
    ),
    "raft.err.not_committed_within": (
        "Entry {index} is not committed after {ms:.0f} ms of simulated time: a leader must "
        "reach a majority ({majority} of {n}).",
        "模拟运行 {ms:.0f} 毫秒后第 {index} 条日志仍未提交：领导者需要联系到多数节点"
        "（{n} 个中的 {majority} 个）。",
    ),
})


class Entry(NamedTuple):
    """One log entry: the term in which a leader received it, and the client's value.

    >>> Entry(term=2, value="pay 10").term
    2
    """

    term: int
    value: Any


@dataclass
class Node:
    """One Raft server as a widget draws it. Log indices start at 1, as in the Raft paper.

    >>> Node(0).role, Node(0).last_log_index
    ('follower', 0)
    """

    id: int
    role: str = FOLLOWER
    current_term: int = 0
    voted_for: int | None = None
    log: list[Entry] = field(default_factory=list)
    commit_index: int = 0
    votes: set[int] = field(default_factory=set)
    next_index: dict[int, int] = field(default_factory=dict)  # leader only
    match_index: dict[int, int] = field(default_factory=dict)  # leader only
    election_deadline: float | None = None  # followers and candidates
    heartbeat_due: float | None = None  # the leader
    alive: bool = True

    @property
    def last_log_index(self) -> int:
        """Index of the last entry (0 when the log is empty)."""
        return len(self.log)

    @property
    def last_log_term(self) -> int:
        """Term of the last entry (0 when the log is empty)."""
        return self.log[-1].term if self.log else 0

    def term_at(self, index: int) -> int:
        """Term of entry `index`; index 0 stands for "before the first entry", term 0.

        >>> Node(0, log=[Entry(1, "a")]).term_at(1)
        1
        """
        return self.log[index - 1].term if index > 0 else 0

    @property
    def timer_ms(self) -> float | None:
        """When this node's running timer fires next (None when it is down)."""
        if not self.alive:
            return None
        return self.heartbeat_due if self.role == LEADER else self.election_deadline

    def copy(self) -> Node:
        """A copy that shares nothing mutable with this node (entries are immutable)."""
        return Node(self.id, self.role, self.current_term, self.voted_for, list(self.log),
                    self.commit_index, set(self.votes), dict(self.next_index),
                    dict(self.match_index), self.election_deadline, self.heartbeat_due,
                    self.alive)


@dataclass(frozen=True)
class InFlight:
    """A message on its way: sent at `sent_ms`, arriving at `arrives_ms`."""

    message: Message
    sent_ms: float
    arrives_ms: float


@dataclass
class RaftState:
    """Everything a widget needs to draw one moment of the cluster.

    `group_of[i]` is node i's side of a network partition (all 0 when the network is whole).

    >>> Raft(3).state.nodes[0].role
    'follower'
    """

    time_ms: float
    nodes: list[Node]
    in_flight: list[InFlight]
    group_of: list[int]

    def __deepcopy__(self, memo: dict) -> RaftState:
        # History copies the state after every step. Entries and messages are immutable,
        # so copying the containers is enough, and much faster than a generic deep copy.
        return RaftState(self.time_ms, [node.copy() for node in self.nodes],
                         list(self.in_flight), list(self.group_of))


class Election(NamedTuple):
    """Result of `run_until_leader`: who leads, in which term, after how many simulated ms."""

    leader: int
    term: int
    elapsed_ms: float


class Raft:
    """A Raft cluster of `n` nodes, numbered 0 to n-1, driven one event at a time.

    Times are in simulated milliseconds: election timeouts are drawn uniformly from
    `election_timeout_ms` each time a timer is reset, network delays from `delay_ms`.

    >>> raft = Raft(3, seed=7)
    >>> raft.step().phase
    'timeout'
    """

    def __init__(
        self,
        n: int,
        seed: int = 0,
        *,
        election_timeout_ms: tuple[float, float] = (150.0, 300.0),
        heartbeat_ms: float = 50.0,
        delay_ms: tuple[float, float] = (5.0, 15.0),
    ) -> None:
        if isinstance(n, bool) or not isinstance(n, int) or n < 1:
            raise InputError("raft.err.n", got=n)
        _check_range("election_timeout_ms", election_timeout_ms, low_may_be_zero=False)
        _check_range("delay_ms", delay_ms, low_may_be_zero=True)
        if not (isinstance(heartbeat_ms, (int, float)) and heartbeat_ms > 0):
            raise InputError("raft.err.heartbeat", got=heartbeat_ms)
        self.n = n
        self.majority = n // 2 + 1
        self.election_timeout_ms = election_timeout_ms
        self.heartbeat_ms = heartbeat_ms
        self.delay_ms = delay_ms
        self.time_ms = 0.0
        self._rng = random.Random(seed)
        self.nodes = [Node(i) for i in range(n)]
        for node in self.nodes:
            self._reset_election_timer(node)
        # Messages in flight, earliest arrival first; the counter keeps equal times in
        # sending order. Timers live on the nodes: resetting one just changes a number.
        self._network: list[tuple[float, int, InFlight]] = []
        self._sent = 0
        self._group_of = [0] * n
        self._outbox: list[Message] = []
        self.history = History(self.state)

    # --- what a widget reads ---------------------------------------------------------
    @property
    def state(self) -> RaftState:
        """The current moment (live objects: draw it, do not change it).

        >>> len(Raft(4).state.nodes)
        4
        """
        in_flight = [item for _, _, item in sorted(self._network)]
        return RaftState(self.time_ms, self.nodes, in_flight, self._group_of)

    @property
    def leader(self) -> int | None:
        """The running leader with the highest term, or None. During a partition an old
        leader may still believe it leads; the newest one is the real one.

        >>> Raft(3).leader is None
        True
        """
        leaders = [node for node in self.nodes if node.alive and node.role == LEADER]
        if not leaders:
            return None
        return max(leaders, key=lambda node: node.current_term).id

    def next_event_ms(self) -> float | None:
        """When the next event happens (a timer or a message), or None if nothing is left.

        >>> Raft(3, seed=1).next_event_ms() >= 150
        True
        """
        times = [node.timer_ms for node in self.nodes if node.timer_ms is not None]
        if self._network:
            times.append(self._network[0][0])
        return min(times) if times else None

    # --- one event at a time ---------------------------------------------------------
    def step(self) -> Step | None:
        """Handle the next event: one timer firing or one message arriving.

        Returns None when nothing can happen any more (every node is down and no message
        is on its way).

        >>> Raft(3, seed=2).step().caption("en").startswith("Node")
        True
        """
        due = self.next_event_ms()
        if due is None:
            return None
        self.time_ms = due
        for node in self.nodes:
            if node.timer_ms == due:  # a timer that fires together with a message goes first
                return self._record(*self._on_timer(node))
        _, _, item = heapq.heappop(self._network)
        return self._record(*self._deliver(item.message))

    def run_until(self, time_ms: float) -> list[Step]:
        """Handle every event up to simulated time `time_ms`, then move the clock there.

        >>> raft = Raft(3, seed=3)
        >>> steps = raft.run_until(1000)
        >>> raft.time_ms, raft.leader is not None
        (1000, True)
        """
        steps = []
        while (due := self.next_event_ms()) is not None and due <= time_ms:
            steps.append(self.step())
        self.time_ms = max(self.time_ms, time_ms)
        return steps

    def run_until_leader(self, max_ms: float = 10_000) -> Election:
        """Run until a leader is elected; return (leader, term, elapsed simulated ms).

        Returns at once if there already is a leader. Raises LedgerError if none is
        elected within `max_ms` (for example when a majority is down).

        >>> Raft(5, seed=0).run_until_leader().term
        1
        """
        start = self.time_ms
        while self.leader is None:
            due = self.next_event_ms()
            if due is None or due > start + max_ms:
                raise LedgerError("raft.err.no_leader_within", ms=max_ms,
                                  majority=self.majority, n=self.n)
            self.step()
        leader = self.nodes[self.leader]
        return Election(leader.id, leader.current_term, self.time_ms - start)

    def run_until_committed(self, index: int, max_ms: float = 10_000) -> float:
        """Run until some node knows entry `index` is committed; return the elapsed ms.

        >>> raft = Raft(3, seed=4)
        >>> _ = raft.run_until_leader()
        >>> raft.run_until_committed(raft.client_request("x")) < 100
        True
        """
        start = self.time_ms
        while not any(node.alive and node.commit_index >= index for node in self.nodes):
            due = self.next_event_ms()
            if due is None or due > start + max_ms:
                raise LedgerError("raft.err.not_committed_within", index=index, ms=max_ms,
                                  majority=self.majority, n=self.n)
            self.step()
        return self.time_ms - start

    # --- commands (the widget's buttons) ---------------------------------------------
    def crash(self, i: int) -> Step:
        """Stop node `i`: it handles nothing, and messages to it are lost.

        >>> Raft(3).crash(0).phase
        'crash'
        """
        node = self._node(i)
        if not node.alive:
            raise InputError("raft.err.already_down", node=i)
        node.alive = False
        return self._record("crash", "raft.crash", node=i)

    def restart(self, i: int) -> Step:
        """Start node `i` again as a follower. Its term, vote and log survive (Raft keeps
        them on disk); its commit index and leader bookkeeping do not.

        >>> raft = Raft(3); _ = raft.crash(1); raft.restart(1).phase
        'restart'
        """
        node = self._node(i)
        if node.alive:
            raise InputError("raft.err.already_up", node=i)
        node.alive = True
        node.commit_index = 0
        self._become_follower(node)
        self._reset_election_timer(node)
        return self._record("restart", "raft.restart", node=i, term=node.current_term)

    def timeout(self, i: int) -> Step:
        """Make node `i`'s election timer fire now ("time out now" in RaftScope).

        >>> Raft(3).timeout(2).caption("en")
        'Node 2 timed out and starts an election for term 1.'
        """
        node = self._node(i)
        if not node.alive:
            raise InputError("raft.err.already_down", node=i)
        if node.role == LEADER:
            raise InputError("raft.err.is_leader", node=i)
        return self._record(*self._on_timer(node))

    def partition(self, groups: Iterable[Iterable[int]]) -> Step:
        """Split the network: messages between different groups are lost. Nodes named in
        no group form one more group together.

        >>> Raft(5).partition([[0, 1], [2, 3, 4]]).caption("en")
        'The network splits into groups {0, 1} | {2, 3, 4}: messages between groups are lost.'
        """
        groups = [[self._node(i).id for i in group] for group in groups]
        group_of = [len(groups)] * self.n
        seen: set[int] = set()
        for number, group in enumerate(groups):
            for i in group:
                if i in seen:
                    raise InputError("raft.err.partition", node=i)
                seen.add(i)
                group_of[i] = number
        self._group_of = group_of
        return self._record("partition", "raft.partition", groups=_describe_groups(group_of))

    def heal(self) -> Step:
        """Join the network again: every node can reach every other.

        >>> Raft(3).heal().phase
        'heal'
        """
        self._group_of = [0] * self.n
        return self._record("heal", "raft.heal")

    def client_request(self, value: Any, to: int | None = None) -> int:
        """A client asks leader `to` (default: the current leader) to add `value` to the log;
        returns the entry's index. The entry counts only once it is committed.

        Use immutable values (text, numbers): past states share them.

        >>> raft = Raft(3, seed=5); _ = raft.run_until_leader()
        >>> raft.client_request("pay 10")
        1
        """
        target = self.leader if to is None else self._node(to).id
        if target is None:
            raise InputError("raft.err.no_leader")
        node = self.nodes[target]
        if not node.alive:
            raise InputError("raft.err.already_down", node=target)
        if node.role != LEADER:
            raise InputError("raft.err.not_leader", node=target)
        node.log.append(Entry(node.current_term, value))
        self._advance_commit(node)  # a single-node cluster commits at once
        self._send_append_entries(node)
        self._record("client-request", "raft.client_request", node=target, value=value,
                     index=node.last_log_index, term=node.current_term)
        return node.last_log_index

    # --- timers ----------------------------------------------------------------------
    def _on_timer(self, node: Node) -> tuple:
        if node.role == LEADER:
            self._send_append_entries(node)
            return "heartbeat", "raft.heartbeat", {"node": node.id, "term": node.current_term}
        node.current_term += 1
        node.role = CANDIDATE
        node.voted_for = node.id
        node.votes = {node.id}
        self._reset_election_timer(node)
        for peer in self._peers(node):
            self._send(node, peer, "request-vote", term=node.current_term,
                       last_log_index=node.last_log_index, last_log_term=node.last_log_term)
        if len(node.votes) >= self.majority:  # a cluster of one elects itself
            return self._become_leader(node)
        return "timeout", "raft.timeout", {"node": node.id, "term": node.current_term}

    # --- messages --------------------------------------------------------------------
    def _deliver(self, message: Message) -> tuple:
        node = self.nodes[message.receiver]
        fields = {"node": node.id, "sender": message.sender, "kind": message.kind}
        if not node.alive:
            return "drop", "raft.drop.down", fields
        if self._group_of[node.id] != self._group_of[message.sender]:
            return "drop", "raft.drop.partition", fields
        term, was_leader, old_term = message.payload["term"], node.role == LEADER, node.current_term
        if term > node.current_term:  # a newer term: whatever this node was, it now follows
            node.current_term, node.voted_for = term, None
            self._become_follower(node)
        handler = {
            "request-vote": self._on_request_vote,
            "vote": self._on_vote,
            "append-entries": self._on_append_entries,
            "append-reply": self._on_append_reply,
        }[message.kind]
        result = handler(node, message)
        if was_leader and node.role != LEADER:
            return "step-down", "raft.step_down", {"node": node.id, "old": old_term,
                                                   "sender": message.sender, "term": term}
        return result

    def _on_request_vote(self, node: Node, message: Message) -> tuple:
        candidate, term = message.sender, message.payload["term"]
        fields = {"node": node.id, "candidate": candidate, "term": term,
                  "own": node.current_term, "voted_for": node.voted_for}
        theirs = (message.payload["last_log_term"], message.payload["last_log_index"])
        if term < node.current_term:
            key = "raft.vote.refuse_term"
        elif node.voted_for not in (None, candidate):
            key = "raft.vote.refuse_voted"
        elif theirs < (node.last_log_term, node.last_log_index):
            key = "raft.vote.refuse_log"  # a leader must hold every committed entry
        else:
            key = "raft.vote.grant"
            node.voted_for = candidate
            self._reset_election_timer(node)
        self._send(node, candidate, "vote", term=node.current_term,
                   granted=key == "raft.vote.grant")
        return "request-vote", key, fields

    def _on_vote(self, node: Node, message: Message) -> tuple:
        voter = message.sender
        fields = {"node": node.id, "voter": voter, "n": self.n, "majority": self.majority}
        if node.role != CANDIDATE or message.payload["term"] != node.current_term:
            return "vote", "raft.vote.late", fields
        if not message.payload["granted"]:
            return "vote", "raft.vote.refused", fields
        node.votes.add(voter)
        if len(node.votes) >= self.majority:
            return self._become_leader(node)
        return "vote", "raft.vote.counted", {**fields, "votes": len(node.votes)}

    def _on_append_entries(self, node: Node, message: Message) -> tuple:
        payload, leader = message.payload, message.sender
        fields = {"node": node.id, "leader": leader, "term": payload["term"],
                  "own": node.current_term}
        if payload["term"] < node.current_term:
            self._send(node, leader, "append-reply", term=node.current_term, success=False,
                       match=0)
            return "append-entries", "raft.append.stale", fields
        # A current leader exists: a candidate of the same term gives up, everyone waits.
        self._become_follower(node)
        self._reset_election_timer(node)
        prev_index, prev_term = payload["prev_index"], payload["prev_term"]
        if prev_index > node.last_log_index or node.term_at(prev_index) != prev_term:
            self._send(node, leader, "append-reply", term=node.current_term, success=False,
                       match=0)
            return "append-entries", "raft.append.gap", {**fields, "prev_index": prev_index,
                                                         "prev_term": prev_term}
        entries = payload["entries"]
        for index, entry in enumerate(entries, start=prev_index + 1):
            if index <= node.last_log_index and node.term_at(index) != entry.term:
                del node.log[index - 1:]  # a conflict: the leader's log wins from here on
            if index > node.last_log_index:
                node.log.append(entry)
        match = prev_index + len(entries)
        self._send(node, leader, "append-reply", term=node.current_term, success=True,
                   match=match)
        # Only entries known to match the leader's log may be marked committed.
        commit = min(payload["commit"], match)
        if commit > node.commit_index:
            node.commit_index = commit
            return "commit", "raft.commit.follower", {**fields, "commit": commit}
        if entries:
            key = "raft.append.stored_one" if len(entries) == 1 else "raft.append.stored"
            return "append-entries", key, {**fields, "first": prev_index + 1, "last": match}
        return "append-entries", "raft.append.heartbeat", fields

    def _on_append_reply(self, node: Node, message: Message) -> tuple:
        follower, payload = message.sender, message.payload
        fields = {"node": node.id, "follower": follower}
        if node.role != LEADER or payload["term"] != node.current_term:
            return "append-reply", "raft.reply.late", fields
        if not payload["success"]:
            node.next_index[follower] = max(1, node.next_index[follower] - 1)
            self._send_append_entries(node, [follower])
            return "append-reply", "raft.reply.retry", {**fields,
                                                        "next": node.next_index[follower]}
        # Replies may arrive out of order: never move backwards.
        node.match_index[follower] = max(node.match_index[follower], payload["match"])
        node.next_index[follower] = max(node.next_index[follower], payload["match"] + 1)
        if self._advance_commit(node):
            stored = 1 + sum(m >= node.commit_index for m in node.match_index.values())
            return "commit", "raft.commit.leader", {**fields, "commit": node.commit_index,
                                                    "stored": stored, "n": self.n}
        return "append-reply", "raft.reply.ok", {**fields, "match": payload["match"]}

    # --- role changes and bookkeeping ------------------------------------------------
    def _become_leader(self, node: Node) -> tuple:
        node.role = LEADER
        node.election_deadline = None
        node.next_index = {peer: node.last_log_index + 1 for peer in self._peers(node)}
        node.match_index = {peer: 0 for peer in self._peers(node)}
        self._send_append_entries(node)  # announce the new leader at once
        return "leader", "raft.leader", {"node": node.id, "votes": len(node.votes),
                                         "n": self.n, "term": node.current_term}

    def _become_follower(self, node: Node) -> None:
        node.role = FOLLOWER
        node.votes = set()
        node.next_index, node.match_index = {}, {}
        node.heartbeat_due = None
        if node.election_deadline is None:
            self._reset_election_timer(node)

    def _advance_commit(self, leader: Node) -> bool:
        """Commit the highest entry of the leader's own term that a majority stores."""
        for index in range(leader.last_log_index, leader.commit_index, -1):
            if leader.term_at(index) != leader.current_term:
                # Entries of older terms are committed only together with a newer one:
                # counting their copies is not enough (figure 8 of the Raft paper).
                return False
            stored = 1 + sum(m >= index for m in leader.match_index.values())
            if stored >= self.majority:
                leader.commit_index = index
                return True
        return False

    def _send_append_entries(self, leader: Node, peers: list[int] | None = None) -> None:
        for peer in self._peers(leader) if peers is None else peers:
            prev_index = leader.next_index[peer] - 1
            self._send(leader, peer, "append-entries", term=leader.current_term,
                       prev_index=prev_index, prev_term=leader.term_at(prev_index),
                       entries=tuple(leader.log[prev_index:]), commit=leader.commit_index)
        leader.heartbeat_due = self.time_ms + self.heartbeat_ms

    def _send(self, sender: Node, receiver: int, kind: str, **payload: Any) -> None:
        message = Message(sender.id, receiver, kind, payload)
        arrives = self.time_ms + self._rng.uniform(*self.delay_ms)
        self._sent += 1
        heapq.heappush(self._network, (arrives, self._sent,
                                       InFlight(message, self.time_ms, arrives)))
        self._outbox.append(message)

    def _reset_election_timer(self, node: Node) -> None:
        node.election_deadline = self.time_ms + self._rng.uniform(*self.election_timeout_ms)

    def _peers(self, node: Node) -> list[int]:
        return [peer for peer in range(self.n) if peer != node.id]

    def _node(self, i: int) -> Node:
        if isinstance(i, bool) or not isinstance(i, int) or not 0 <= i < self.n:
            raise InputError("raft.err.node", got=i, last=self.n - 1)
        return self.nodes[i]

    def _record(self, phase: str, key: str, fields: dict | None = None, **more: Any) -> Step:
        step = Step(len(self.history), self.time_ms, phase, tuple(self._outbox),
                    key, {**(fields or {}), **more})
        self._outbox = []
        return self.history.record(step, self.state)


def _check_range(name: str, value: tuple[float, float], low_may_be_zero: bool) -> None:
    """Refuse a (low, high) pair of times unless 0 <= low <= high (0 < low if required)."""
    rule = "0 <= low <= high" if low_may_be_zero else "0 < low <= high"
    try:
        low, high = value
        ok = (0 <= low if low_may_be_zero else 0 < low) and low <= high
    except (TypeError, ValueError):
        ok = False
    if not ok:
        raise InputError("raft.err.range", what=name, rule=rule, got=value)


def _describe_groups(group_of: list[int]) -> str:
    """'{0, 1} | {2, 3, 4}': the partition as sets of node ids, in order of first node."""
    groups: dict[int, list[int]] = {}
    for node, group in enumerate(group_of):
        groups.setdefault(group, []).append(node)
    return " | ".join("{" + ", ".join(map(str, ids)) + "}" for ids in groups.values())
