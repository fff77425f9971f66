"""The model behind the node voting widget (节点投票): a PBFT or Raft engine, the moment of its
history on show, and the commands a learner gives.

The widget only draws a `Frame` and calls the commands below; every rule lives here or in
the engine. Like RaftScope, the learner can scrub back in time: `index` is the moment on show,
from 0 (before the first step) to `latest`.

- `step()` moves one moment forward. In the past it replays the recorded history; at the
  present it runs the engine one round (PBFT) or one event (Raft). History is never
  rewritten, so stepping from the past simply walks forward to the present first.
- `back()` and `seek(k)` only change which moment is shown.
- Commands that change the network (`click_node`, `time_out`, `request`) act on the present:
  if a past moment is on show, the view jumps to the newest moment, which now includes the
  command. A command the engine refuses changes nothing, not even the moment on show.
- `tick()` is one beat of Play: a step, and whether Play should go on (PBFT pauses once the
  request is committed; Raft runs on, as in RaftScope).

Faulty nodes at the start: `faulty=K` makes the last K nodes faulty, so replica 0, the first
primary, starts healthy and the learner decides whether it fails. In PBFT the last
`byzantine` of them lie and the others have crashed (from moment 0 on). In Raft they are
stopped; the Raft engine starts with every node running, so the stops are the first steps
of its history. Clicking a node cycles its fault: healthy → crashed → Byzantine → healthy
(PBFT), running ↔ stopped (Raft).

Counters are read from the engine. A PBFT replica is prepared with q − 1 matching PREPAREs
(the primary's PRE-PREPARE is its vote) and commits with q matching COMMITs, q being the
engine's quorum (2f+1 when n = 3f+1); a Raft candidate needs a majority of votes, and a
leader's newest entry is committed once a majority stores it.

>>> model = NodeVotingModel("pbft", n=7, faulty=2)
>>> [model.frame().nodes[i].fault for i in (0, 5, 6)]
[None, 'crashed', 'crashed']
>>> while model.step() and model.frame().phase != "reply":
...     pass
>>> [str(counter) for counter in model.frame().nodes[1].counters]
['prepares 4/4', 'commits 5/5']
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ledgerkit.consensus.base import Step
from ledgerkit.consensus.pbft import (
    BACKUP,
    BYZANTINE,
    CLIENT,
    CRASHED,
    MESSAGE_KINDS,
    PBFT,
    PRIMARY,
)
from ledgerkit.consensus.raft import CANDIDATE, LEADER, Raft, RaftState
from ledgerkit.errors import InputError
from ledgerkit.i18n import get_language, text

PROTOCOLS = ("pbft", "raft")
DEFAULT_NODES = {"pbft": 7, "raft": 5}
MAX_NODES = 16  # more nodes no longer fit around one circle
STOPPED = "stopped"  # a Raft node that was stopped by hand
RAFT_KINDS = ("request-vote", "vote", "append-entries", "append-reply")
# What the client asks for, one after another (short, so the picture stays readable).
PAYMENTS = ("Alice pays Bob 10", "Bob pays Carol 5", "Carol pays Dave 3", "Dave pays Alice 2")
# The same requests for a Chinese class. The names stay those of the block formation widget,
# where learners type them as account names, so both widgets show the same four people.
PAYMENTS_ZH = ("Alice 向 Bob 支付 10", "Bob 向 Carol 支付 5", "Carol 向 Dave 支付 3",
               "Dave 向 Alice 支付 2")


@dataclass(frozen=True)
class Counter:
    """A vote counter and the number it must reach, e.g. 'commits 3/5'.

    `name` is "prepares", "commits", "votes" or "stored"; `need` comes from the engine's
    quorum (PBFT) or majority (Raft).

    >>> str(Counter("commits", 3, 5)), Counter("commits", 5, 5).reached
    ('commits 3/5', True)
    """

    name: str
    have: int
    need: int

    @property
    def reached(self) -> bool:
        """True once the count has reached what the protocol needs."""
        return self.have >= self.need

    def label(self, lang: str | None = None) -> str:
        """The counter as words in `lang`, e.g. '提交 3/5'.

        >>> Counter("votes", 2, 3).label("zh")
        '选票 2/3'
        """
        return f"{text('nv.counter.' + self.name, lang=lang)} {self.have}/{self.need}"

    def __str__(self) -> str:
        return self.label()


@dataclass(frozen=True)
class NodeView:
    """One node as the picture shows it.

    `role` is primary/backup (PBFT) or leader/candidate/follower (Raft); `fault` is None,
    "crashed", "byzantine" or "stopped"; `phase` is the replica's PBFT phase (idle,
    pre-prepared, prepared, committed, view-change) or the Raft role; `term` is the view
    (PBFT) or the term (Raft); `committed` is the newest committed entry as (sequence number
    or log index, value); `timer` is the share of a Raft election timeout still to run.
    """

    index: int
    role: str
    fault: str | None
    phase: str
    term: int
    counters: tuple[Counter, ...]
    committed: tuple[int, Any] | None
    timer: float | None = None


@dataclass(frozen=True)
class Arrow:
    """One message drawn as an arrow from `sender` to `receiver` (−1: the client).

    `lost`: the receiver is down (or cut off), so nobody reads it; `lie`: a Byzantine sender
    wrote it; `progress`: how far along its way a Raft message is (None for a PBFT round,
    whose messages are all delivered together).
    """

    sender: int
    receiver: int
    kind: str
    lost: bool = False
    lie: bool = False
    progress: float | None = None


@dataclass(frozen=True)
class Frame:
    """Everything the picture needs for one moment of the history.

    >>> frame = NodeVotingModel("raft", n=3).frame()
    >>> frame.index, frame.phase, [node.role for node in frame.nodes]
    (0, 'start', ['follower', 'follower', 'follower'])
    """

    protocol: str
    n: int
    index: int
    latest: int
    time_ms: float
    phase: str
    step: Step | None
    nodes: tuple[NodeView, ...]
    arrows: tuple[Arrow, ...]
    facts: dict[str, Any]
    kinds: tuple[str, ...]
    request: Any = None  # PBFT: the client's request in progress
    accepted: Any = None  # PBFT: the value the client accepted (f+1 matching replies)

    def caption(self, lang: str | None = None) -> str:
        """What just happened, in `lang`: the step's caption, or how to begin.

        >>> NodeVotingModel("pbft", n=4).frame().caption("en")[:34]
        '4 replicas wait for the client. Pr'
        """
        if self.step is not None:
            return self.step.caption(lang)
        return text(f"nv.start.{self.protocol}", lang=lang, n=self.n)


class NodeVotingModel:
    """A consensus network to step through, scrub back and forth, and break by hand.

    `protocol` is "pbft" or "raft"; `n` defaults to 7 (PBFT) or 5 (Raft); the last `faulty`
    nodes start faulty, the last `byzantine` of those as liars (PBFT only). `seed` makes a
    run repeatable.

    >>> model = NodeVotingModel("raft", n=5, faulty=1, seed=3)
    >>> model.frame().nodes[4].fault, model.frame().caption("en")
    ('stopped', 'Node 4 crashed.')
    """

    def __init__(self, protocol: str = "pbft", n: int | None = None, faulty: int = 0,
                 byzantine: int = 0, seed: int = 0) -> None:
        if protocol not in PROTOCOLS:
            raise InputError("nv.err.protocol", got=protocol, choices=", ".join(PROTOCOLS))
        n = DEFAULT_NODES[protocol] if n is None else n
        _check_whole("n", n, 1, MAX_NODES)
        _check_whole("faulty", faulty, 0, n - 1)
        _check_whole("byzantine", byzantine, 0, faulty)
        if byzantine and protocol == "raft":
            raise InputError("nv.err.raft_byzantine")
        self.protocol = protocol
        self.n = n
        self._requests = 0
        first_faulty = n - faulty
        if protocol == "pbft":
            kinds = {i: BYZANTINE if i >= n - byzantine else CRASHED
                     for i in range(first_faulty, n)}
            self.engine: PBFT | Raft = PBFT(n, faulty=kinds, seed=seed)
            self.engine.client_request(self._next_payment())
        else:
            self.engine = Raft(n, seed=seed)
            for i in range(first_faulty, n):
                self.engine.crash(i)
        self.index = self.latest

    # --- where we are in history ----------------------------------------------------
    @property
    def latest(self) -> int:
        """The index of the newest moment (the number of steps taken so far).

        >>> NodeVotingModel("pbft").latest
        0
        """
        return len(self.engine.history) - 1

    @property
    def at_latest(self) -> bool:
        """True when the newest moment is on show (not a past one).

        >>> NodeVotingModel("pbft").at_latest
        True
        """
        return self.index == self.latest

    @property
    def quorum(self) -> int:
        """Votes a decision needs: PBFT's quorum q (2f+1 when n = 3f+1), Raft's majority.

        >>> NodeVotingModel("pbft", n=7).quorum, NodeVotingModel("raft", n=5).quorum
        (5, 3)
        """
        return self.engine.quorum if isinstance(self.engine, PBFT) else self.engine.majority

    # --- moving through time ----------------------------------------------------------
    def step(self) -> bool:
        """Show the next moment: replay the next recorded step, or at the present run the
        engine once. A finished PBFT request is followed by the client's next one. Returns
        False when nothing can happen (a Raft cluster whose nodes are all stopped).

        >>> model = NodeVotingModel("pbft", n=4)
        >>> model.step(), model.frame().phase
        (True, 'request')
        """
        if not self.at_latest:
            self.index += 1
            return True
        if isinstance(self.engine, PBFT) and self.engine.done:
            self.engine.client_request(self._next_payment())
        if self.engine.step() is None:
            return False
        self.index = self.latest
        return True

    def back(self) -> bool:
        """Show the moment before this one; False at the very start.

        >>> model = NodeVotingModel("pbft"); _ = model.step(); model.back(), model.index
        (True, 0)
        """
        if self.index == 0:
            return False
        self.index -= 1
        return True

    def seek(self, index: int) -> None:
        """Show moment `index` (clamped to 0 … latest): the time slider.

        >>> model = NodeVotingModel("pbft"); _ = model.step(); model.seek(99); model.index
        1
        """
        if isinstance(index, bool) or not isinstance(index, int):
            raise InputError("nv.err.index", got=index)
        self.index = max(0, min(index, self.latest))

    def tick(self) -> bool:
        """One beat of Play: step, and return whether Play should go on. PBFT pauses when
        the request in progress is committed; Raft pauses only when nothing can happen.

        >>> model = NodeVotingModel("pbft", n=4)
        >>> beats = 1
        >>> while model.tick():
        ...     beats += 1
        >>> beats, model.frame().phase, model.frame().accepted
        (5, 'reply', 'Alice pays Bob 10')
        """
        if not self.step():
            return False
        if self.at_latest and isinstance(self.engine, PBFT):
            return not self.engine.done
        return True

    # --- commands: they act on the present ------------------------------------------
    def click_node(self, i: int) -> Step:
        """What clicking node `i` does: the change `next_action(i)` names, at the present;
        the newest moment, which shows it, is then on show.

        >>> model = NodeVotingModel("pbft", n=4)
        >>> [model.click_node(3).phase for _ in range(3)]
        ['crash', 'byzantine', 'recover']
        """
        engine, action = self.engine, self.next_action(i)
        if isinstance(engine, PBFT):
            step = {"crash": engine.crash, "byzantine": engine.make_byzantine,
                    "recover": engine.recover}[action](i)
        else:
            step = engine.crash(i) if action == "stop" else engine.restart(i)
        self.index = self.latest
        return step

    def next_action(self, i: int) -> str:
        """What a click on node `i` would do now: "crash", "byzantine" or "recover" (PBFT),
        "stop" or "resume" (Raft).

        >>> NodeVotingModel("raft", n=3, faulty=1).next_action(2)
        'resume'
        """
        if isinstance(self.engine, PBFT):
            fault = self.engine.faulty.get(self._node(i))
            return {None: "crash", CRASHED: "byzantine", BYZANTINE: "recover"}[fault]
        return "stop" if self.engine.nodes[self._node(i)].alive else "resume"

    def time_out(self, i: int) -> Step:
        """Raft only: make node `i`'s election timer fire now (RaftScope's "time out").

        >>> NodeVotingModel("raft", n=3).time_out(1).caption("en")
        'Node 1 timed out and starts an election for term 1.'
        """
        if not isinstance(self.engine, Raft):
            raise InputError("nv.err.raft_only", command="time_out")
        step = self.engine.timeout(i)
        self.index = self.latest
        return step

    def request(self, value: Any = None) -> Step:
        """A client request for `value` (default: the next demo payment). PBFT: the client
        sends it to the primary at once, giving up a request still in progress. Raft: the
        leader appends it to its log (there must be a leader).

        >>> NodeVotingModel("pbft", n=4).request("pay 7").caption("en")[:32]
        "The client sends request 'pay 7'"
        """
        value = self._next_payment() if value is None else value
        if isinstance(self.engine, PBFT):
            self.engine.client_request(value)
            step = self.engine.step()
        else:
            self.engine.client_request(value)
            step = self.engine.history.steps[-1]
        self.index = self.latest
        return step

    # --- what to draw ----------------------------------------------------------------
    def frame(self) -> Frame:
        """The moment on show, ready to draw.

        >>> frame = NodeVotingModel("pbft", n=4).frame()
        >>> frame.facts["quorum"], frame.nodes[0].role
        (3, 'primary')
        """
        step = self.engine.history.steps[self.index - 1] if self.index else None
        state = self.engine.history.state(self.index)
        if isinstance(self.engine, PBFT):
            return self._pbft_frame(state, step)
        return self._raft_frame(state, step)

    def _pbft_frame(self, state: Any, step: Step | None) -> Frame:
        engine = self.engine
        replicas = state.replicas
        primary = engine.primary_of(state.view)
        nodes = []
        for r in replicas:
            # The primary of the network's view: an old primary left behind in an earlier
            # view (it crashed) believes it still leads, but nobody follows it.
            role = PRIMARY if r.index == primary else BACKUP
            counters = (Counter("prepares", r.prepares, engine.quorum - 1),
                        Counter("commits", r.commits, engine.quorum))
            newest = max(r.log) if r.log else None
            nodes.append(NodeView(r.index, role, r.fault, r.phase, r.view, counters,
                                  None if newest is None else (newest, r.log[newest])))
        arrows = tuple(
            Arrow(m.sender, m.receiver, m.kind,
                  lost=m.receiver != CLIENT and replicas[m.receiver].fault == CRASHED,
                  lie=m.sender != CLIENT and replicas[m.sender].fault == BYZANTINE)
            for m in (step.messages if step else ()))
        facts = {"n": self.n, "f": engine.f, "quorum": engine.quorum, "view": state.view,
                 "primary": primary, "seq": state.seq,
                 "faulty": sum(r.fault is not None for r in replicas)}
        return Frame("pbft", self.n, self.index, self.latest, state.time_ms,
                     step.phase if step else "start", step, tuple(nodes), arrows, facts,
                     MESSAGE_KINDS, state.request, state.accepted)

    def _raft_frame(self, state: RaftState, step: Step | None) -> Frame:
        engine = self.engine
        now, longest = state.time_ms, engine.election_timeout_ms[1]
        nodes = []
        for node in state.nodes:
            counters: tuple[Counter, ...] = ()
            if node.role == CANDIDATE:
                counters = (Counter("votes", len(node.votes), engine.majority),)
            elif node.role == LEADER and node.log:
                stored = 1 + sum(m >= node.last_log_index for m in node.match_index.values())
                counters = (Counter("stored", stored, engine.majority),)
            committed = None
            if node.commit_index:
                committed = (node.commit_index, node.log[node.commit_index - 1].value)
            timer = None
            if node.alive and node.role != LEADER and node.election_deadline is not None:
                timer = max(0.0, min(1.0, (node.election_deadline - now) / longest))
            nodes.append(NodeView(node.id, node.role, None if node.alive else STOPPED,
                                  node.role, node.current_term, counters, committed, timer))
        arrows = []
        for item in state.in_flight:
            message = item.message
            receiver = state.nodes[message.receiver]
            cut_off = state.group_of[message.sender] != state.group_of[message.receiver]
            span = item.arrives_ms - item.sent_ms
            progress = 1.0 if span <= 0 else (now - item.sent_ms) / span
            arrows.append(Arrow(message.sender, message.receiver, message.kind,
                                lost=not receiver.alive or cut_off,
                                progress=max(0.0, min(1.0, progress))))
        leaders = [node for node in state.nodes if node.alive and node.role == LEADER]
        leader = max(leaders, key=lambda node: node.current_term).id if leaders else None
        running = [node.current_term for node in state.nodes if node.alive]
        facts = {"n": self.n, "majority": engine.majority, "leader": leader,
                 "term": max(running, default=0), "time": now,
                 "faulty": self.n - len(running)}
        return Frame("raft", self.n, self.index, self.latest, now,
                     step.phase if step else "start", step, tuple(nodes), tuple(arrows),
                     facts, RAFT_KINDS)

    # --- inside ----------------------------------------------------------------------
    def _next_payment(self) -> str:
        # A request is data the replicas agree on, so its words are fixed when it is made.
        payments = PAYMENTS_ZH if get_language() == "zh" else PAYMENTS
        value = payments[self._requests % len(payments)]
        self._requests += 1
        return value

    def _node(self, i: int) -> int:
        if isinstance(i, bool) or not isinstance(i, int) or not 0 <= i < self.n:
            raise InputError("nv.err.node", got=i, last=self.n - 1)
        return i


def _check_whole(name: str, value: object, low: int, high: int) -> None:
    """Refuse anything but a whole number from `low` to `high`."""
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InputError("nv.err.range", name=name, low=low, high=high, got=value)

