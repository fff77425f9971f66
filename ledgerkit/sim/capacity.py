"""Consortium capacity (联盟链容量): how many calls a second the course's consortium chain
commits, and how long one call waits (交易延迟), as validators (the consensus nodes, 共识节点)
and offered load (提交速率) grow.

Two kinds of numbers, kept apart on purpose:

- **measured** (`measure`): the real `ConsortiumChain` of `ledgerkit.consortium`, its blocks
  agreed by the course's PBFT state machine (`ledgerkit.consensus.pbft`) and signed by every
  validator, timed with the wall clock of this machine. Everything runs in one Python
  process, so the seconds say how fast *this computer* runs the model; only ratios and the
  shape of a curve carry over to a real network.
- **modelled** (`pbft_messages`, `block_time_ms`, `capacity_per_s`, `simulate_load`): the
  messages PBFT sends, and a simple latency model with network parameters from the SimBlock
  tables the chapter uses (`NetworkModel`).

Why throughput falls as validators are added. One block is one PBFT request: the primary
sends PRE-PREPARE to n − 1 backups, every backup sends PREPARE to the n − 1 others, every
replica sends COMMIT to the n − 1 others and replies to the client (Castro and Liskov 1999;
the counting convention of `ledgerkit.consensus.pbft`):

    1 + (n − 1) + (n − 1)² + n(n − 1) + n = 2n² − n + 1 messages per block.

Each replica sends about 2n of them itself, and the block's critical path holds 3n − 2
sends one after another, so the time a block needs grows with n even on a fast network,
while the number of calls in it does not: throughput falls. A bigger block spreads the same
votes over more calls (more throughput) but makes every call wait for the whole block (more
latency): the block size trade-off.

>>> pbft_total(4), pbft_total(16)
(29, 497)
>>> capacity_per_s(4, 100) > capacity_per_s(16, 100)
True
"""

from __future__ import annotations

import random
import statistics
import time
from dataclasses import dataclass, field

from ledgerkit.consensus.pbft import PBFT
from ledgerkit.consortium import ConsortiumChain, Member
from ledgerkit.contracts import Context, Contract, action
from ledgerkit.errors import InputError
from ledgerkit.i18n import register_strings

PHASES = ("request", "pre-prepare", "prepare", "commit", "reply")
HEADER_BYTES = 80  # a consortium block header has Bitcoin's 80-byte layout (ledgerkit.block)

register_strings({
    "capacity.err.validators": (
        "validators must be a whole number from 4 to {high}: PBFT needs n = 3f + 1 >= 4 "
        "validators to survive one faulty bank; got {got!r}.",
        "validators 必须是 4 到 {high} 之间的整数：PBFT 需要 n = 3f + 1 ≥ 4 个共识节点，"
        "才能容忍一家银行出错；实际为 {got!r}。"),
    "capacity.err.count": (
        "{name} must be a whole number >= 1; got {got!r}.",
        "{name} 必须是不小于 1 的整数；实际为 {got!r}。"),
    "capacity.err.load": (
        "The offered load must be a number of calls per second above 0; got {got!r}.",
        "提交速率必须是大于 0 的每秒调用数；实际为 {got!r}。"),
    "capacity.err.timeout": (
        "The batch timeout must be a number of milliseconds, 0 or more; got {got!r}.",
        "出块超时必须是不小于 0 的毫秒数；实际为 {got!r}。"),
    "capacity.err.uncommitted": (
        "PBFT did not commit block {block} among {n} validators: with no faulty validator "
        "this should never happen.",
        "{n} 个共识节点的 PBFT 没有提交第 {block} 个区块：没有故障节点时不应出现这种情况。"),
})

MAX_VALIDATORS = 100  # above this a measurement takes minutes: the model is for that


# --- the PBFT message cost ----------------------------------------------------------------

def pbft_messages(n: int) -> dict[str, int]:
    """Messages one PBFT request (one block) costs among `n` replicas with no faults, by
    phase: the formula the notebook checks against what the state machine really sends.

    >>> pbft_messages(4)
    {'request': 1, 'pre-prepare': 3, 'prepare': 9, 'commit': 12, 'reply': 4}
    """
    _check_validators(n, high=10_000)
    return {"request": 1, "pre-prepare": n - 1, "prepare": (n - 1) ** 2,
            "commit": n * (n - 1), "reply": n}


def pbft_total(n: int) -> int:
    """All messages of one PBFT request among `n` replicas: 2n² − n + 1.

    >>> pbft_total(100)
    19901
    """
    return sum(pbft_messages(n).values())


def counted_messages(n: int, seed: int = 0) -> dict[str, int]:
    """Messages the course's PBFT state machine actually sends for one request among `n`
    replicas, by phase (phases with no message left out).

    >>> counted_messages(7) == pbft_messages(7)
    True
    """
    _check_validators(n, high=10_000)
    sent = PBFT(n, seed=seed).run_request("block").messages
    return {phase: count for phase, count in sent.items() if count}


# --- the latency model ------------------------------------------------------------------

@dataclass(frozen=True)
class NetworkModel:
    """Network parameters of the latency model.

    The defaults come from the SimBlock tables the chapter uses (Bitcoin 2019 measurements,
    /work/shared/SIMULATION.md): mean latency within the Asia-Pacific region 85 ms, upload
    bandwidth 15.7 Mbit/s for that region, about 2 ms of processing per message sent. A
    call's size and execution time are the course's own example values, not measurements.

    >>> NetworkModel().one_way_ms
    85.0
    """

    one_way_ms: float = 85.0  # SimBlock 2019 latency table, Asia-Pacific to Asia-Pacific
    per_message_ms: float = 2.0  # SimBlock: about 2 ms processing per send
    upload_mbit_s: float = 15.7  # SimBlock 2019 upload bandwidth, Asia-Pacific
    call_bytes: int = 500  # course's example: one signed contract call
    execute_ms: float = 0.5  # course's example: running one call's action


ASIA_PACIFIC = NetworkModel()
# Nodes in one city, e.g. banks' data centres in Shanghai: the 2019 table's smallest
# within-region latency (Europe, 11 ms) as the example of a short distance.
ONE_CITY = NetworkModel(one_way_ms=11.0)


def block_time_ms(n: int, calls: int, network: NetworkModel = ASIA_PACIFIC) -> float:
    """Modelled time from a block's proposal to the client holding f + 1 replies.

    The critical path of one PBFT round: five one-way hops (request, pre-prepare, prepare,
    commit, reply); the primary sends the block to n − 1 backups one after another over its
    upload link; the primary's n − 1 PRE-PREPAREs, then a backup's n − 1 PREPAREs, then a
    replica's n − 1 COMMITs and its reply go out one by one, 3n − 2 sends on the path;
    finally every call of the block is executed.

    >>> round(block_time_ms(4, 10), 1)
    457.8
    """
    _check_validators(n, high=10_000)
    _check_count("calls", calls)
    block_bits = 8 * (HEADER_BYTES + calls * network.call_bytes)
    transfer_ms = (n - 1) * block_bits / (network.upload_mbit_s * 1000)
    return (5 * network.one_way_ms + (3 * n - 2) * network.per_message_ms + transfer_ms
            + calls * network.execute_ms)


def capacity_per_s(n: int, block_size: int, network: NetworkModel = ASIA_PACIFIC) -> float:
    """Modelled throughput when blocks are always full: `block_size` calls per PBFT round,
    one round after another (the course's PBFT runs one request at a time).

    >>> round(capacity_per_s(4, 100), 1)
    175.0
    """
    return 1000 * block_size / block_time_ms(n, block_size, network)


@dataclass(frozen=True)
class LoadResult:
    """What `simulate_load` reports: offered and achieved calls per second, latency from
    submission to commitment, and how full the blocks were."""

    validators: int
    block_size: int
    offered_per_s: float
    capacity_per_s: float
    throughput_per_s: float
    mean_latency_ms: float
    p95_latency_ms: float
    blocks: int
    mean_fill: float

    @property
    def saturated(self) -> bool:
        """True when more is offered than full blocks can carry: the queue of waiting calls
        grows without end, and so does the latency."""
        return self.offered_per_s >= self.capacity_per_s


def simulate_load(n: int, offered_per_s: float, block_size: int, calls: int = 2000,
                  network: NetworkModel = ASIA_PACIFIC, seed: int = 0,
                  batch_timeout_ms: float = 0.0) -> LoadResult:
    """Modelled chain under load: `calls` calls arrive at random (Poisson, `offered_per_s` a
    second on average). When the validators are free, the primary cuts a block of the
    waiting calls as soon as `block_size` of them are there, or `batch_timeout_ms` after
    the oldest arrived, whichever comes first (Hyperledger Fabric's orderer cuts blocks by
    the same two settings, BatchSize and BatchTimeout); PBFT then agrees on it in
    `block_time_ms`. With no timeout the primary never waits: the best case for latency.

    >>> light = simulate_load(4, 5, 100, calls=500)
    >>> heavy = simulate_load(4, 300, 100, calls=500)
    >>> light.saturated, heavy.saturated, heavy.mean_latency_ms > light.mean_latency_ms
    (False, True, True)
    """
    _check_validators(n, high=10_000)
    _check_count("block_size", block_size)
    _check_count("calls", calls)
    if isinstance(offered_per_s, bool) or not isinstance(offered_per_s, (int, float)) \
            or not offered_per_s > 0:
        raise InputError("capacity.err.load", got=offered_per_s)
    rng = random.Random(seed)
    arrivals, clock = [], 0.0
    for _ in range(calls):
        clock += rng.expovariate(offered_per_s) * 1000
        arrivals.append(clock)
    if isinstance(batch_timeout_ms, bool) or not isinstance(batch_timeout_ms, (int, float)) \
            or not batch_timeout_ms >= 0:
        raise InputError("capacity.err.timeout", got=batch_timeout_ms)
    latencies, fills, now, waiting = [], [], 0.0, 0
    while waiting < calls:
        now = max(now, arrivals[waiting])  # idle validators wait for the next call
        full = waiting + block_size - 1  # the call that would fill the block
        full_at = arrivals[full] if full < calls else float("inf")
        now = max(now, min(arrivals[waiting] + batch_timeout_ms, full_at))
        ready = sum(1 for t in arrivals[waiting:waiting + block_size] if t <= now)
        now += block_time_ms(n, ready, network)
        latencies += [now - t for t in arrivals[waiting:waiting + ready]]
        fills.append(ready / block_size)
        waiting += ready
    span_s = (now - arrivals[0]) / 1000
    return LoadResult(n, block_size, float(offered_per_s),
                      capacity_per_s(n, block_size, network), calls / span_s,
                      statistics.fmean(latencies), _percentile(latencies, 0.95), len(fills),
                      statistics.fmean(fills))


# --- measuring the real chain -------------------------------------------------------------

class Payments(Contract):
    """The workload of a measurement: a business user records payments (in fen).

    >>> Payments().count
    0
    """

    def __init__(self) -> None:
        self.count = 0
        self.total_fen = 0

    @action(roles={"business"})
    def pay(self, ctx: Context, amount_fen: int) -> int:
        """Record one payment; returns how many there are."""
        self.count += 1
        self.total_fen += amount_fen
        return self.count


def default_members(validators: int) -> list[Member]:
    """The consortium measured: `validators` banks running consensus nodes (the first also
    the operator), a business client and a regulator with observer nodes.

    >>> [m.name for m in default_members(4)]
    ['bank01', 'bank02', 'bank03', 'bank04', 'client', 'regulator']
    """
    _check_validators(validators)
    banks = [Member(f"bank{i:02}", node_kind="consensus",
                    roles={"committee", "operator"} if i == 1 else {"committee"})
             for i in range(1, validators + 1)]
    return [*banks, Member("client", node_kind="observer", roles={"business"}),
            Member("regulator", node_kind="observer", roles={"regulator"})]


@dataclass(frozen=True)
class Measurement:
    """One timed run of the real chain (wall clock of this machine: compare runs made on the
    same machine, never the seconds with a real network's)."""

    validators: int
    block_size: int
    calls: int
    blocks: int
    seconds: float
    mean_latency_ms: float
    max_latency_ms: float
    messages_per_block: dict[str, int]
    time_split: dict[str, float] = field(default_factory=dict)  # seconds by kind of work

    @property
    def throughput_per_s(self) -> float:
        """Calls committed per second of wall-clock time."""
        return self.calls / self.seconds

    @property
    def messages_per_call(self) -> float:
        """PBFT messages per committed call: a block's messages spread over its calls."""
        return sum(self.messages_per_block.values()) * self.blocks / self.calls


def measure(validators: int, calls: int = 40, block_size: int = 10,
            seed: int = 0) -> Measurement:
    """Run `calls` payments through a real `ConsortiumChain` with `validators` consensus
    nodes, `block_size` calls a block: each call is signed and checked (execute), each block
    is agreed by a PBFT round among the validators (consensus) and signed by all of them and
    checked (seal). Latency runs from a call's submission to its block being sealed.

    >>> run = measure(4, calls=6, block_size=3)
    >>> run.blocks, run.messages_per_block == pbft_messages(4), run.throughput_per_s > 0
    (2, True, True)
    """
    _check_validators(validators, high=MAX_VALIDATORS)
    _check_count("calls", calls)
    _check_count("block_size", block_size)
    chain = ConsortiumChain(default_members(validators), auto_seal=False)
    chain.deploy(Payments(), by="bank01")
    chain.seal()  # the deployment is set-up, not workload
    split = {"execute": 0.0, "consensus": 0.0, "seal": 0.0}
    latencies, messages, blocks, done = [], {}, 0, 0
    started = time.perf_counter()
    while done < calls:
        size = min(block_size, calls - done)
        submitted = []
        tick = time.perf_counter()
        for i in range(size):
            submitted.append(time.perf_counter())
            chain.call("Payments", "pay", by="client", amount_fen=100 + done + i)
        agreed = time.perf_counter()
        result = PBFT(validators, seed=seed + blocks).run_request(
            chain.pending_header().hash().hex())
        if not result.committed:
            raise InputError("capacity.err.uncommitted", block=blocks + 1, n=validators)
        sealing = time.perf_counter()
        chain.seal()
        sealed = time.perf_counter()
        split["execute"] += agreed - tick
        split["consensus"] += sealing - agreed
        split["seal"] += sealed - sealing
        latencies += [(sealed - t) * 1000 for t in submitted]
        messages = {phase: count for phase, count in result.messages.items() if count}
        blocks, done = blocks + 1, done + size
    seconds = time.perf_counter() - started
    return Measurement(validators, block_size, calls, blocks, seconds,
                       statistics.fmean(latencies), max(latencies), messages, split)


def fastest_of(repeats: int, validators: int, calls: int = 40, block_size: int = 10) -> Measurement:
    """The fastest of `repeats` measurements: other programs on the machine only ever slow a
    run down, so the fastest is the one least disturbed (the habit of Python's timeit).

    >>> fastest_of(2, 4, calls=4, block_size=2).blocks
    2
    """
    _check_count("repeats", repeats)
    runs = [measure(validators, calls, block_size, seed=seed) for seed in range(repeats)]
    return max(runs, key=lambda run: run.throughput_per_s)


# --- helpers ------------------------------------------------------------------------------

def _check_validators(n: object, high: int = MAX_VALIDATORS) -> None:
    if isinstance(n, bool) or not isinstance(n, int) or not 4 <= n <= high:
        raise InputError("capacity.err.validators", got=n, high=high)


def _check_count(name: str, value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InputError("capacity.err.count", name=name, got=value)


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]
