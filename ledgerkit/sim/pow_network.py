"""A proof-of-work network of thousands of nodes (工作量证明网络仿真): propagation and forks.

The model, kept simple so it can be checked against theory:

- Blocks are found as a Poisson process: gaps are exponential with mean `interval_s`, and
  the finder is drawn in proportion to `hashpower` (挖矿算力).
- A block spreads from its miner along the shortest-delay paths of the network
  (`network.propagation_delays`): each hop costs latency plus size over
  min(sender upload, receiver download), with FIFO sends (see `network.py`). With
  `relay=` a `network.RelayProtocol` it spreads message by message instead (announce,
  request, compact or whole block, as SimBlock simulates it: `network.MessageRelay`).
- Each node's tip is the highest block it has received, the first received on a tie.
  A miner builds on its tip *at the moment it finds its block*, so a block found before
  the previous one reached the miner starts a fork (分叉): the "propagation race".
- At the end the main chain is the highest block (earliest found on a tie) and its
  ancestors; every other block is stale (孤块). `stale_rate` = stale blocks / blocks.

For a network where every node hears every block after exactly d seconds, a block is
followed by a competitor within d with probability 1 − exp(−d/T) (Decker & Wattenhofer's
approximation, `analytic.stale_rate`); the exact stale rate of this model is d / (T + d),
which differs from it by less than (d/T)² / 2. The unit tests check both.

The event loop is `engine.Engine`: "block found" and "block reached every node" events;
the heavy part (one shortest-path run per block, in numpy, or one message-level relay)
happens inside "block found". Each block spreads as if it were the only one on the network:
with blocks minutes apart and relays of seconds, two blocks almost never share a link.

>>> result = simulate(nodes=200, blocks=20, seed=1)
>>> result.blocks, 0 <= result.stale_rate < 0.2, result.median_propagation_s > 0
(20, True, True)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from ledgerkit.errors import InputError
from ledgerkit.i18n import register_strings
from ledgerkit.sim.engine import Engine
from ledgerkit.sim.network import (
    BITCOIN_2019,
    SIMBLOCK_RELAY,
    MessageRelay,
    Network,
    RegionTable,
    RelayProtocol,
    make_topology,
    propagation_delays,
)

register_strings({
    "sim.err.blocks": ("blocks must be a whole number of at least 1; got {got!r}.",
                       "区块数必须是不小于 1 的整数；实际为 {got!r}。"),
    "sim.err.interval": ("interval_s must be a positive number of seconds; got {got!r}.",
                         "出块间隔 interval_s 必须是正的秒数；实际为 {got!r}。"),
    "sim.err.block_size": ("block_size_bytes must be a number >= 0; got {got!r}.",
                           "区块大小 block_size_bytes 必须是不小于 0 的数；实际为 {got!r}。"),
    "sim.err.hashpower": ("hashpower needs {n} finite numbers >= 0, one per node, and at least "
                          "one above 0.",
                          "算力 hashpower 需要 {n} 个不小于 0 的有限数（每个节点一个），"
                          "且至少一个大于 0。"),
    "sim.err.relay_bytes": ("relay_bytes is for the shortest-path model; with relay= the "
                            "protocol sets the message sizes (e.g. its compact_bytes).",
                            "relay_bytes 只用于最短路径模型；使用 relay= 时由协议决定消息大小"
                            "（例如其 compact_bytes）。"),
    "sim.err.graph_size": ("nodes={nodes}, but the graph has {actual} nodes: leave nodes out or "
                           "pass a graph of that size.",
                           "nodes={nodes}，但图中有 {actual} 个节点："
                           "请省略 nodes，或传入相同规模的图。"),
})

if TYPE_CHECKING:
    import networkx as nx

PERCENTILES = (10, 50, 90, 95, 100)

# SimBlock's published scenario, as keyword arguments of `simulate`: 10,000 nodes placed by
# the 2019 region shares (`BITCOIN_2019`, SimBlock's NetworkConfiguration.java), each with
# 1–20 outbound peers by the 2015 distribution (`geographic`, like SimBlock's
# BitcoinCoreTable: peers at random, no inbound limit), 100 blocks of 535,000 bytes every
# 600 s on average (SimulationConfiguration.java), relayed message by message with compact
# blocks as SimBlock's Node.java does (`network.SIMBLOCK_RELAY`, see there).
# Differences: `geographic` draws each node's region and outbound count independently where
# SimBlock deals out exact counts (the same shares, within a few tenths of a percent at
# 10,000 nodes). Not modelled: SimBlock's Gaussian mining power (who mines hardly changes how
# a block spreads), and its rule that a node holding a competing block of the same height
# fetches the other but does not relay it (it only matters for forks, rare at 600 s).
SIMBLOCK_2019 = {
    "nodes": 10_000,
    "blocks": 100,
    "interval_s": 600.0,
    "block_size_bytes": 535_000,
    "topology": "geographic",
    "table": BITCOIN_2019,
    "relay": SIMBLOCK_RELAY,
}

# What SimBlock reports for that scenario on a 2-core machine (SIMULATION.md). SimBlock logs,
# for each block, every node's time from the block's minting until it adds the block (the
# miner at 0); how the published percentiles combine the blocks is not said. Ours take each
# block's percentile over its nodes, then the median over the blocks (see `PowResult`).
SIMBLOCK_2019_REPORTED = {"wall_s": 73.0, "memory_mb": 706.0, "median_s": 1.2, "p90_s": 2.3,
                          "p100_s": 6.3}


@dataclass
class PowResult:
    """What a run measured. Times in seconds.

    `propagation_percentiles[p]` is the median, over blocks, of the time a block took to
    reach p% of the nodes; `median_propagation_s` is the one for p = 50.
    `blocks_per_miner` counts main-chain blocks (the reward) per node that has any.
    `series` holds one entry per block in the order found, for monitoring charts.

    >>> r = simulate(nodes=50, blocks=5, seed=2)
    >>> sorted(r.series)[:3], len(r.series["time_s"])
    (['height', 'miner', 'on_main_chain'], 5)
    """

    nodes: int
    blocks: int
    interval_s: float
    stale_rate: float
    stale_blocks: int
    forks: int
    main_chain_length: int
    median_propagation_s: float
    propagation_percentiles: dict[int, float]
    blocks_per_miner: dict[int, int]
    series: dict[str, list] = field(repr=False)


def _check(nodes: int, blocks: int, interval_s: float, block_size_bytes: float) -> None:
    if not isinstance(blocks, int) or isinstance(blocks, bool) or blocks < 1:
        raise InputError("sim.err.blocks", got=blocks)
    if not (isinstance(nodes, int) and nodes >= 2):
        raise InputError("sim.err.nodes", got=nodes)
    if not 0 < interval_s < float("inf"):
        raise InputError("sim.err.interval", got=interval_s)
    if not 0 <= block_size_bytes < float("inf"):
        raise InputError("sim.err.block_size", got=block_size_bytes)


def _hashpower_shares(hashpower: Sequence[float] | None, n: int) -> np.ndarray:
    if hashpower is None:
        return np.full(n, 1.0 / n)
    power = np.asarray(hashpower, dtype=float)
    if power.shape != (n,) or not np.isfinite(power).all() or (power < 0).any():
        raise InputError("sim.err.hashpower", n=n)
    if power.sum() <= 0:
        raise InputError("sim.err.hashpower", n=n)
    return power / power.sum()


def simulate(nodes: int | None = None, blocks: int = 100, interval_s: float = 600.0,
             block_size_bytes: float = 535_000, topology: str = "geographic",
             graph: nx.Graph | Network | None = None, hashpower: Sequence[float] | None = None,
             seed: int | None = None, table: RegionTable = BITCOIN_2019,
             processing_s: float = 0.002, relay_bytes: float | None = None,
             relay: RelayProtocol | None = None,
             progress: Callable[[int, int], object] | None = None) -> PowResult:
    """Mine `blocks` blocks on a network and measure propagation and forks.

    Give `topology` (a name from `network.TOPOLOGIES`, built with `nodes` nodes) or `graph`
    (a networkx graph or a prebuilt `network.Network`). By default a block spreads along
    shortest paths: `relay_bytes` is what one hop sends (e.g. a compact block; by default
    the whole block) and `processing_s` what each send adds. With `relay` (a
    `network.RelayProtocol`, e.g. `network.SIMBLOCK_RELAY`) it spreads message by message
    instead, with that protocol's sizes and times. `progress(done, blocks)` is called as
    each block is found (e.g. to move a progress bar).

    >>> r = simulate(nodes=100, blocks=10, interval_s=600, seed=7)
    >>> r == simulate(nodes=100, blocks=10, interval_s=600, seed=7)
    True
    """
    rng = np.random.default_rng(seed)
    if graph is None:
        nodes = 1000 if nodes is None else nodes
        _check(nodes, blocks, interval_s, block_size_bytes)
        graph = make_topology(topology, nodes, table, seed=int(rng.integers(2**32)))
    net = graph if isinstance(graph, Network) else Network.from_graph(
        graph, table, seed=int(rng.integers(2**32)))
    if nodes is not None and nodes != net.n:
        raise InputError("sim.err.graph_size", nodes=nodes, actual=net.n)
    _check(net.n, blocks, interval_s, block_size_bytes)
    shares = _hashpower_shares(hashpower, net.n)

    if relay is not None and relay_bytes is not None:
        raise InputError("sim.err.relay_bytes")
    messages = None if relay is None else MessageRelay(
        net, int(block_size_bytes), relay, seed=int(rng.integers(2**32)))
    hop_bytes = block_size_bytes if relay_bytes is None else relay_bytes
    fixed_delays = None if messages is not None else net.arc_delays(hop_bytes, processing_s)
    cache: dict[int, np.ndarray] = {}  # miner -> delays: every block sees the same network

    def spread_from(miner: int) -> np.ndarray:
        if messages is not None:
            return messages.spread(miner, rng)  # fresh latencies and failures per block
        if miner not in cache:
            cache[miner] = propagation_delays(net, miner, fixed_delays)
        return cache[miner]

    miners = rng.choice(net.n, size=blocks, p=shares)
    gaps = rng.exponential(interval_s, size=blocks)

    # Block -1 is genesis. Per node: its tip's height and when the tip arrived there.
    found_at: list[float] = []
    parent: list[int] = []
    height: list[int] = []
    reach: list[np.ndarray] = []
    tip_height = np.zeros(net.n, dtype=np.int64)
    tip_arrival = np.zeros(net.n)
    in_flight: dict[int, np.ndarray] = {}  # block -> delays, until it reached every node
    engine = Engine(seed)

    settled_tip = np.full(net.n, -1, dtype=np.int64)

    def tip_of(miner: int, now: float) -> tuple[int, int]:
        """(block, height) the miner builds on: settled tip, or a newer block it has."""
        best = (int(tip_height[miner]), -float(tip_arrival[miner]))
        choice = int(settled_tip[miner])
        for block, delays in in_flight.items():
            arrived = found_at[block] + delays[miner]
            if arrived <= now and (height[block], -arrived) > best:
                best, choice = (height[block], -arrived), block
        return choice, best[0]

    def settle(block: int) -> None:
        arrival = found_at[block] + in_flight.pop(block)
        # Nodes the block never reaches (another component: arrival ∞) keep their tip.
        better = np.isfinite(arrival) & ((height[block] > tip_height) | (
            (height[block] == tip_height) & (arrival < tip_arrival)))
        tip_height[better] = height[block]
        tip_arrival[better] = arrival[better]
        settled_tip[better] = block

    def found(block: int) -> None:
        miner = int(miners[block])
        on, h = tip_of(miner, engine.now)
        found_at.append(engine.now)
        parent.append(on)
        height.append(h + 1)
        delays = spread_from(miner)
        reached = delays[np.isfinite(delays)]
        reach.append(np.percentile(reached, PERCENTILES))
        in_flight[block] = delays
        engine.schedule(float(reached.max()), settle, block)
        if progress is not None:
            progress(block + 1, blocks)
        if block + 1 < blocks:
            engine.schedule(float(gaps[block + 1]), found, block + 1)

    engine.schedule(float(gaps[0]), found, 0)
    engine.run()
    return _result(net.n, interval_s, found_at, parent, height, miners, np.array(reach))


def _result(n: int, interval_s: float, found_at: list[float], parent: list[int],
            height: list[int], miners: np.ndarray, reach: np.ndarray) -> PowResult:
    blocks = len(found_at)
    # Main chain: the highest block, the earliest found on a tie, and its ancestors.
    tip = max(range(blocks), key=lambda b: (height[b], -found_at[b]))
    on_main = [False] * blocks
    while tip >= 0:
        on_main[tip] = True
        tip = parent[tip]
    main = sum(on_main)
    per_height = Counter(height)
    reward = Counter(int(miners[b]) for b in range(blocks) if on_main[b])
    median_reach = np.median(reach, axis=0)
    stale_so_far = np.cumsum([not m for m in on_main]).tolist()
    series = {
        "time_s": found_at,
        "height": height,
        "miner": [int(m) for m in miners],
        "on_main_chain": on_main,
        "reach_50_s": reach[:, PERCENTILES.index(50)].tolist(),
        "reach_90_s": reach[:, PERCENTILES.index(90)].tolist(),
        "stale_so_far": stale_so_far,
    }
    return PowResult(
        nodes=n,
        blocks=blocks,
        interval_s=interval_s,
        stale_rate=(blocks - main) / blocks,
        stale_blocks=blocks - main,
        forks=sum(1 for count in per_height.values() if count > 1),
        main_chain_length=main,
        median_propagation_s=float(median_reach[PERCENTILES.index(50)]),
        propagation_percentiles={p: float(v) for p, v in zip(PERCENTILES, median_reach,
                                                             strict=True)},
        blocks_per_miner=dict(sorted(reward.items())),
        series=series,
    )
