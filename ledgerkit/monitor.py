"""Monitoring a network (网络监控): the numbers an operator watches, and the alerts they raise.

Metrics (指标) come from three kinds of source:

- a proof-of-work run (`ledgerkit.sim.pow_network.simulate`): its per-block `series`;
- a consortium chain (联盟链, `ConsortiumChain`): its blocks and their timestamps;
- a PBFT or Raft engine: the messages in its history and which nodes are down.

Four detectors turn the numbers into alerts (告警) a learner must explain: a stalled node
(停滞节点), a network partition (网络分区), a fork storm (分叉风暴) and a Byzantine replica
(拜占庭副本). Everything here is pure and deterministic: same input, same alerts.

>>> from ledgerkit.consensus.pbft import PBFT
>>> pbft = PBFT(4, faulty={2: "byzantine"}, seed=1)
>>> _ = pbft.run_request("pay 10")
>>> [(alert.kind, alert.node) for alert in detect_byzantine(pbft)]
[('byzantine', 2)]
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ledgerkit.errors import InputError
from ledgerkit.i18n import register_strings, text

if TYPE_CHECKING:
    from ledgerkit.consensus.pbft import PBFT
    from ledgerkit.consensus.raft import Raft
    from ledgerkit.consortium import ConsortiumChain
    from ledgerkit.sim.pow_network import PowResult

STALLED, PARTITION, FORK_STORM, BYZANTINE = "stalled", "partition", "fork_storm", "byzantine"
ALERT_KINDS = (STALLED, PARTITION, FORK_STORM, BYZANTINE)

register_strings({
    "monitor.alert.stalled": (
        "Node {node} is stalled: nothing heard from it for {silent_ms:g} ms "
        "(more than {k} intervals of {interval_ms:g} ms).",
        "节点 {node} 停滞：已有 {silent_ms:g} 毫秒没有它的任何消息（超过 {k} 个 {interval_ms:g} "
        "毫秒的间隔）。"),
    "monitor.alert.partition": (
        "Network partition: the nodes split into groups {groups}; messages between groups "
        "are lost.",
        "网络分区：节点被分成 {groups} 几组，组与组之间的消息全部丢失。"),
    "monitor.alert.fork_storm": (
        "Fork storm: {forks} forks among blocks {first}–{last} (threshold {threshold} per "
        "{window} blocks).",
        "分叉风暴：区块 {first}–{last} 中出现 {forks} 次分叉（阈值为每 {window} 个区块 "
        "{threshold} 次）。"),
    "monitor.alert.byzantine": (
        "Replica {replica} sent conflicting {kind} messages for seq {seq} in view {view}: "
        "{versions} different versions.",
        "副本 {replica} 在视图 {view} 中为序号 {seq} 发出了相互矛盾的 {kind} 消息："
        "{versions} 个不同版本。"),
    "monitor.err.kind": (
        "monitor needs a PBFT or Raft engine; got {got}.",
        "monitor 需要 PBFT 或 Raft 引擎；实际为 {got}。"),
    "monitor.err.scenario": (
        "Unknown scenario {got!r}; choose one of {choices}.",
        "未知场景 {got!r}；请从 {choices} 中选择。"),
    "monitor.err.window": (
        "window and threshold must be whole numbers ≥ 1; got window={window}, "
        "threshold={threshold}.",
        "window 和 threshold 必须是 ≥ 1 的整数；实际为 window={window}, threshold={threshold}。"),
})


@dataclass(frozen=True)
class Alert:
    """One alert: its kind (see ALERT_KINDS), the node it is about (None: the whole network)
    and a message kept as an i18n key with fields, so it reads in either language.

    >>> Alert("stalled", 3, "monitor.alert.stalled",
    ...       {"node": 3, "silent_ms": 40, "k": 3, "interval_ms": 10}).message("en")[:24]
    'Node 3 is stalled: nothi'
    """

    kind: str
    node: int | None
    key: str
    fields: dict[str, Any] = field(default_factory=dict)

    def message(self, lang: str | None = None) -> str:
        """The alert as a sentence in `lang` (default: the current language)."""
        return text(self.key, lang=lang, **self.fields)


@dataclass(frozen=True)
class Metrics:
    """What a dashboard shows at one moment. Times in seconds; None where it is not known.

    `blocks` counts blocks (PoW, consortium) or committed entries (PBFT, Raft). `tps` is
    transactions (calls, entries) per second of simulated or chain time. `alive` maps each
    node to True while it runs. `messages` counts messages per kind, i.e. per phase.

    >>> Metrics("demo", blocks=0).tps is None
    True
    """

    source: str
    blocks: int
    block_interval_s: float | None = None
    tps: float | None = None
    forks: int = 0
    propagation_s: float | None = None
    alive: dict[int, bool] = field(default_factory=dict)
    messages: dict[str, int] = field(default_factory=dict)


# --- metrics --------------------------------------------------------------------------------

def pow_metrics(result: PowResult, upto: int | None = None,
                tx_per_block: float | None = None) -> Metrics:
    """Metrics of the first `upto` blocks (default: all) of a proof-of-work run.

    The mean block interval, forks (heights with more than one block), the median time a
    block took to reach half the nodes, and TPS when you say how many transactions a block
    carries.

    >>> from ledgerkit.sim.pow_network import simulate
    >>> m = pow_metrics(simulate(nodes=50, blocks=20, interval_s=600, seed=1))
    >>> m.blocks, m.forks, 300 < m.block_interval_s < 1200
    (20, 0, True)
    """
    series = result.series
    count = len(series["time_s"]) if upto is None else min(upto, len(series["time_s"]))
    times = series["time_s"][:count]
    heights = Counter(series["height"][:count])
    reach = sorted(series["reach_50_s"][:count])
    elapsed = times[-1] if times else 0.0
    return Metrics(
        source="pow",
        blocks=count,
        block_interval_s=elapsed / count if count else None,
        tps=tx_per_block * count / elapsed if tx_per_block is not None and elapsed else None,
        forks=sum(1 for blocks in heights.values() if blocks > 1),
        propagation_s=reach[len(reach) // 2] if reach else None,
        alive=dict.fromkeys(range(result.nodes), True),
    )


def chain_metrics(chain: ConsortiumChain) -> Metrics:
    """Metrics of a consortium chain: the mean interval between block timestamps and
    TPS = contract calls per second of chain time (the genesis block is not a call).

    >>> from ledgerkit.consortium import ConsortiumChain, Member
    >>> chain = ConsortiumChain([Member("bank", node_kind="consensus", roles={"committee"})])
    >>> chain_metrics(chain).blocks, chain_metrics(chain).tps
    (0, None)
    """
    blocks = chain.blocks
    stamps = [block.header.timestamp for block in blocks]
    span = stamps[-1] - stamps[0]
    calls = sum(len(block.calls) for block in blocks[1:])
    added = len(blocks) - 1
    return Metrics(
        source="consortium",
        blocks=added,
        block_interval_s=span / added if added else None,
        tps=calls / span if span else None,
        alive={i: True for i, member in enumerate(chain.members.values())
               if member.node_kind == "consensus"},
    )


def engine_metrics(engine: PBFT | Raft) -> Metrics:
    """Metrics of a PBFT or Raft engine: messages per phase over its whole history, which
    nodes are alive, and committed entries per second of simulated time.

    >>> from ledgerkit.consensus.pbft import PBFT
    >>> pbft = PBFT(4); _ = pbft.run_request("a")
    >>> engine_metrics(pbft).messages["prepare"], engine_metrics(pbft).blocks
    (9, 1)
    """
    kind = _engine_kind(engine)
    messages = Counter(m.kind for step in engine.history.steps for m in step.messages)
    if kind == "pbft":
        alive = {r.index: r.fault != "crashed" for r in engine.replicas}
        honest = [r for r in engine.replicas if r.fault is None]
        committed = max((len(r.log) for r in honest), default=0)
    else:
        alive = {node.id: node.alive for node in engine.nodes}
        committed = max((node.commit_index for node in engine.nodes), default=0)
    seconds = engine.time_ms / 1000
    return Metrics(
        source=kind,
        blocks=committed,
        block_interval_s=seconds / committed if committed else None,
        tps=committed / seconds if seconds else None,
        alive=alive,
        messages=dict(messages),
    )


def _engine_kind(engine: object) -> str:
    from ledgerkit.consensus.pbft import PBFT
    from ledgerkit.consensus.raft import Raft

    if isinstance(engine, PBFT):
        return "pbft"
    if isinstance(engine, Raft):
        return "raft"
    raise InputError("monitor.err.kind", got=type(engine).__name__)


# --- detectors ------------------------------------------------------------------------------

def last_heard_ms(engine: PBFT | Raft) -> dict[int, float]:
    """When each node last sent a message (0 for a node never heard from).

    >>> from ledgerkit.consensus.pbft import PBFT
    >>> pbft = PBFT(4); _ = pbft.run_request("a")
    >>> last_heard_ms(pbft)
    {0: 50.0, 1: 50.0, 2: 50.0, 3: 50.0}
    """
    _engine_kind(engine)
    heard = dict.fromkeys(range(engine.n), 0.0)
    for step in engine.history.steps:
        for message in step.messages:
            if message.sender >= 0:  # −1 is the client, not a node
                heard[message.sender] = step.time_ms
    return heard


def detect_stalled(engine: PBFT | Raft, k: int = 3) -> list[Alert]:
    """An alert for every node silent for more than `k` intervals: a PBFT round or a Raft
    heartbeat. A healthy node speaks every interval or two, so k = 3 leaves room.

    >>> from ledgerkit.consensus.pbft import PBFT
    >>> pbft = PBFT(4, faulty={3: "crashed"}); _ = pbft.run_request("a")
    >>> [alert.node for alert in detect_stalled(pbft)]
    [3]
    """
    kind = _engine_kind(engine)
    interval = engine.round_ms if kind == "pbft" else engine.heartbeat_ms
    alerts = []
    for node, heard in last_heard_ms(engine).items():
        silent = engine.time_ms - heard
        if silent > k * interval:
            alerts.append(Alert(STALLED, node, "monitor.alert.stalled",
                                {"node": node, "silent_ms": round(silent), "k": k,
                                 "interval_ms": interval}))
    return alerts


def detect_partition(engine: Raft) -> list[Alert]:
    """One alert while a Raft cluster is split into groups that cannot reach each other.

    >>> from ledgerkit.consensus.raft import Raft
    >>> raft = Raft(5); _ = raft.partition([[0, 1]])
    >>> detect_partition(raft)[0].message("en")[:40]
    'Network partition: the nodes split into '
    """
    if _engine_kind(engine) != "raft":
        return []
    group_of = engine.state.group_of
    if len(set(group_of)) < 2:
        return []
    groups: dict[int, list[int]] = {}
    for node, group in enumerate(group_of):
        groups.setdefault(group, []).append(node)
    described = " | ".join("{" + ", ".join(map(str, members)) + "}"
                           for members in groups.values())
    return [Alert(PARTITION, None, "monitor.alert.partition", {"groups": described})]


def detect_fork_storm(result: PowResult, window: int = 10, threshold: int = 3,
                      upto: int | None = None) -> list[Alert]:
    """One alert for the first run of `window` consecutive blocks (among the first `upto`)
    holding at least `threshold` forks: heights that more than one block claims.

    >>> from ledgerkit.sim.pow_network import simulate
    >>> detect_fork_storm(simulate(nodes=50, blocks=30, interval_s=600, seed=1))
    []
    """
    for number in (window, threshold):
        if isinstance(number, bool) or not isinstance(number, int) or number < 1:
            raise InputError("monitor.err.window", window=window, threshold=threshold)
    heights = result.series["height"]
    count = len(heights) if upto is None else min(upto, len(heights))
    for last in range(count):
        first = max(0, last - window + 1)
        forks = sum(1 for blocks in Counter(heights[first:last + 1]).values() if blocks > 1)
        if forks >= threshold:
            return [Alert(FORK_STORM, None, "monitor.alert.fork_storm",
                          {"forks": forks, "first": first, "last": last,
                           "threshold": threshold, "window": window})]
    return []


def detect_byzantine(engine: PBFT) -> list[Alert]:
    """An alert for every PBFT replica that told different receivers different things:
    two messages of one kind, view and seq that carry different values.

    >>> from ledgerkit.consensus.pbft import PBFT
    >>> pbft = PBFT(4); _ = pbft.run_request("a")
    >>> detect_byzantine(pbft)
    []
    """
    if _engine_kind(engine) != "pbft":
        return []
    said: dict[tuple[int, str, Any, Any], set[str]] = {}
    for step in engine.history.steps:
        for m in step.messages:
            if m.sender < 0 or m.receiver < 0:  # client traffic: replies go to one client
                continue
            version = str(m.payload.get("digest", m.payload.get("value")))
            key = (m.sender, m.kind, m.payload.get("view"), m.payload.get("seq"))
            said.setdefault(key, set()).add(version)
    alerts, flagged = [], set()
    for (sender, kind, view, seq), versions in said.items():
        if len(versions) > 1 and sender not in flagged:
            flagged.add(sender)
            alerts.append(Alert(BYZANTINE, sender, "monitor.alert.byzantine",
                                {"replica": sender, "kind": kind.upper(), "seq": seq,
                                 "view": view, "versions": len(versions)}))
    return sorted(alerts, key=lambda alert: alert.node)


def detect(source: PBFT | Raft | PowResult) -> list[Alert]:
    """Every alert the detectors raise for an engine or a proof-of-work run.

    >>> from ledgerkit.consensus.raft import Raft
    >>> raft = Raft(3, seed=1); _ = raft.run_until(500)
    >>> detect(raft)
    []
    """
    from ledgerkit.sim.pow_network import PowResult

    if isinstance(source, PowResult):
        return detect_fork_storm(source)
    return [*detect_stalled(source), *detect_partition(source), *detect_byzantine(source)]


# --- scenarios a dashboard can play ---------------------------------------------------------

SCENARIOS = ("healthy", "stalled", "partition", "fork_storm", "byzantine")
FAULT_AT_STEP = 4  # incidents start after a few calm steps, so the change is visible


class Scenario:
    """A run a dashboard plays step by step: a calm start, then (except "healthy") an
    incident. Each `step()` advances it a little; `metrics()` and `alerts()` read it now.

    - healthy: a Raft cluster of 5 taking one payment per step;
    - stalled: the same, and at step 4 a follower crashes;
    - partition: the same, and at step 4 the leader and one follower are cut off;
    - fork_storm: a proof-of-work run whose blocks come 5 s apart, one block per step;
    - byzantine: PBFT with 4 replicas, one message round per step; replica 2 turns
      Byzantine at step 4.

    >>> run = Scenario("stalled", seed=0)
    >>> for _ in range(8): _ = run.step()
    >>> [alert.kind for alert in run.alerts()]
    ['stalled']
    """

    def __init__(self, name: str = "healthy", seed: int = 0) -> None:
        if name not in SCENARIOS:
            raise InputError("monitor.err.scenario", got=name,
                             choices=", ".join(map(repr, SCENARIOS)))
        self.name = name
        self.seed = seed
        self.steps = 0
        self.timeline: list[Metrics] = []
        self._engine: Any = None
        self._pow: PowResult | None = None
        if name == "fork_storm":
            from ledgerkit.sim.pow_network import simulate

            self._pow = simulate(nodes=60, blocks=40, interval_s=5.0, seed=seed)
        elif name == "byzantine":
            from ledgerkit.consensus.pbft import PBFT

            self._engine = PBFT(4, seed=seed)
        else:
            from ledgerkit.consensus.raft import Raft

            self._engine = Raft(5, seed=seed)
            self._engine.run_until_leader()
        self.timeline.append(self.metrics())

    def step(self) -> bool:
        """Advance one step; False when the run has nothing more to show."""
        if self._pow is not None:
            if self.steps >= self._pow.blocks:
                return False
        elif self.name == "byzantine":
            self._step_pbft()
        else:
            self._step_raft()
        self.steps += 1
        self.timeline.append(self.metrics())
        return True

    def _step_raft(self) -> None:
        raft = self._engine
        if self.steps == FAULT_AT_STEP:
            leader = raft.leader
            if self.name == "stalled":
                raft.crash((leader + 1) % raft.n)
            elif self.name == "partition":
                raft.partition([[leader, (leader + 1) % raft.n]])
        if raft.leader is not None:
            raft.client_request(f"payment {self.steps + 1}")
        raft.run_until(raft.time_ms + 100)

    def _step_pbft(self) -> None:
        pbft = self._engine
        if self.steps == FAULT_AT_STEP:
            pbft.make_byzantine(2)
        if pbft.done:
            pbft.client_request(f"payment {pbft.seq + 1}")
        pbft.step()

    def metrics(self) -> Metrics:
        """The dashboard's numbers now."""
        if self._pow is not None:
            return pow_metrics(self._pow, upto=self.steps, tx_per_block=2000)
        return engine_metrics(self._engine)

    def alerts(self) -> list[Alert]:
        """The alerts raised now."""
        if self._pow is not None:
            return detect_fork_storm(self._pow, upto=self.steps)
        return detect(self._engine)

    @property
    def engine(self) -> Any:
        """The PBFT or Raft engine behind the run (None for a proof-of-work run)."""
        return self._engine

    @property
    def pow_result(self) -> PowResult | None:
        """The proof-of-work run behind the run (None for an engine run)."""
        return self._pow
