"""Peer-to-peer topology, latency and bandwidth (网络拓扑), and how fast a block spreads.

Topologies come from networkx: `random_regular`, `small_world` (Watts–Strogatz), `scale_free`
(Barabási–Albert) and `geographic`, where each node gets a region and outbound peers the
way Bitcoin nodes do. Every node has a region, so links get the region-to-region latency and
nodes the region's bandwidth from a `RegionTable`:

- `BITCOIN_2015`: node shares and latencies measured for Bitcoin in 2015, as used by
  A. Gervais, G. O. Karame, K. Wüst, V. Glykantzis, H. Ritzdorf, S. Capkun, "On the
  Security and Performance of Proof of Work Blockchains", ACM CCS 2016 (their simulator);
- `BITCOIN_2019`: the 2019 tables of SimBlock (Y. Aoki, K. Otsuki, T. Kaneko, R. Banno,
  K. Shudo, "SimBlock: A Blockchain Network Simulator", IEEE INFOCOM Workshops 2019).

A block's journey is a shortest-path problem. Node u relays a block to its peers one at a
time (FIFO upload), in a fixed order drawn once per network; the k-th peer v gets it
`sum over the first k sends of (processing + size / min(upload_u, download_w))` after u
had it, plus the link latency. That delay depends only on the link, so the arrival time at
every node is the shortest-path distance from the miner. Two simplifications, both small
when blocks are minutes apart and relays take seconds: a node also "sends" to the peer it
got the block from (that slot is counted), and two blocks never queue behind each other.

`MessageRelay` follows a block message by message instead, as the SimBlock simulator does
(`RelayProtocol`, `SIMBLOCK_RELAY`): each message gets its own random latency, a node asks
only the first peer that announced the block, and a sender serves one request at a time
and stays busy until the block arrived. Shortest paths cannot express those waits; the
price is some 26,000 events per block over 10,000 nodes, about 0.1 s.

>>> net = Network.from_graph(random_regular(50, 4, seed=1), seed=1)
>>> delays = net.arc_delays(message_bytes=1_000_000)
>>> arrival = propagation_delays(net, 0, delays)
>>> float(arrival[0]), bool((arrival[1:] > 0).all())
(0.0, True)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ledgerkit.errors import InputError
from ledgerkit.i18n import register_strings

register_strings({
    "sim.err.nodes": ("A network needs a whole number of at least 2 nodes; got {got!r}.",
                      "网络至少需要 2 个节点（整数）；实际为 {got!r}。"),
    "sim.err.topology": ("The topology must be one of {choices}; got {got!r}.",
                         "拓扑必须是 {choices} 之一；实际为 {got!r}。"),
})

if TYPE_CHECKING:  # heavy imports stay lazy: `import ledgerkit` must not load them
    import networkx as nx
    import numpy as np


@dataclass(frozen=True)
class RegionTable:
    """Regions with their node shares, mean latencies (ms) and bandwidths (Mbit/s).

    `latency_ms[i][j]` is the mean one-way latency from region i to region j.

    >>> BITCOIN_2019.regions[1], BITCOIN_2019.latency_ms[1][1]
    ('Europe', 11)
    >>> round(sum(BITCOIN_2019.shares), 6)
    1.0
    """

    name: str
    regions: tuple[str, ...]
    shares: tuple[float, ...]
    latency_ms: tuple[tuple[float, ...], ...]
    download_mbps: tuple[float, ...]
    upload_mbps: tuple[float, ...]
    source: str


REGIONS = ("North America", "Europe", "South America", "Asia-Pacific", "Japan", "Australia")

BITCOIN_2019 = RegionTable(
    name="bitcoin-2019",
    regions=REGIONS,
    shares=(0.3316, 0.4998, 0.0090, 0.1177, 0.0224, 0.0195),
    latency_ms=(
        (32, 124, 184, 198, 151, 189),
        (124, 11, 227, 237, 252, 294),
        (184, 227, 88, 325, 301, 322),
        (198, 237, 325, 85, 58, 198),
        (151, 252, 301, 58, 12, 126),
        (189, 294, 322, 198, 126, 16),
    ),
    download_mbps=(52, 40, 18, 22.8, 22.8, 29.9),
    upload_mbps=(19.2, 20.7, 5.8, 15.7, 10.2, 11.3),
    source="SimBlock 2019 tables (Aoki et al., IEEE INFOCOM Workshops 2019)",
)

BITCOIN_2015 = RegionTable(
    name="bitcoin-2015",
    regions=REGIONS,
    shares=(0.3869, 0.5159, 0.0113, 0.0574, 0.0119, 0.0166),
    latency_ms=(
        (36, 119, 255, 310, 154, 208),
        (119, 12, 221, 242, 266, 350),
        (255, 221, 137, 347, 256, 269),
        (310, 242, 347, 99, 172, 278),
        (154, 266, 256, 172, 9, 163),
        (208, 350, 269, 278, 163, 22),
    ),
    # Only shares and latencies are quoted for 2015; the bandwidths are the 2019 ones.
    download_mbps=(52, 40, 18, 22.8, 22.8, 29.9),
    upload_mbps=(19.2, 20.7, 5.8, 15.7, 10.2, 11.3),
    source="Bitcoin 2015 measurements used by Gervais et al., ACM CCS 2016",
)

# Cumulative share of Bitcoin nodes (2015) with 1, 2, ..., 20 outbound peers.
BITCOIN_2015_OUTBOUND_CDF = (
    0.025, 0.050, 0.075, 0.10, 0.20, 0.30, 0.40, 0.50, 0.60, 0.70,
    0.80, 0.85, 0.90, 0.95, 0.97, 0.97, 0.98, 0.99, 0.995, 1.0,
)

TOPOLOGIES = ("geographic", "random_regular", "small_world", "scale_free")


def _with_regions(graph: nx.Graph, table: RegionTable, seed: int | None) -> nx.Graph:
    """Give every node without one a `region` index, drawn by the table's shares."""
    import numpy as np

    rng = np.random.default_rng(seed)
    drawn = rng.choice(len(table.shares), size=graph.number_of_nodes(), p=table.shares)
    for node, region in zip(graph.nodes, drawn, strict=True):
        graph.nodes[node].setdefault("region", int(region))
    return graph


def geographic(n: int, table: RegionTable = BITCOIN_2019, seed: int | None = None,
               outbound_cdf: tuple[float, ...] = BITCOIN_2015_OUTBOUND_CDF) -> nx.Graph:
    """Bitcoin-like: regions by share, each node opens 1–20 outbound links to random peers.

    >>> graph = geographic(100, seed=3)
    >>> graph.number_of_nodes(), all("region" in d for _, d in graph.nodes(data=True))
    (100, True)
    """
    import networkx as nx
    import numpy as np

    if n < 2:
        raise InputError("sim.err.nodes", got=n)
    rng = np.random.default_rng(seed)
    graph = nx.empty_graph(n)
    _with_regions(graph, table, int(rng.integers(2**32)))
    outbound = np.searchsorted(outbound_cdf, rng.random(n), side="right") + 1
    for node, wanted in enumerate(np.minimum(outbound, n - 1)):
        peers: set[int] = set()
        while len(peers) < wanted:
            # Draw a few extra candidates at once: cheaper than one call per peer.
            for peer in rng.integers(0, n, size=2 * int(wanted)):
                if peer != node and len(peers) < wanted:
                    peers.add(int(peer))
        graph.add_edges_from((node, peer) for peer in peers)
    return graph


def random_regular(n: int, degree: int = 8, table: RegionTable = BITCOIN_2019,
                   seed: int | None = None) -> nx.Graph:
    """Every node has exactly `degree` peers.

    >>> {d for _, d in random_regular(20, 4, seed=1).degree}
    {4}
    """
    import networkx as nx

    return _with_regions(nx.random_regular_graph(degree, n, seed=seed), table, seed)


def small_world(n: int, k: int = 8, p: float = 0.1, table: RegionTable = BITCOIN_2019,
                seed: int | None = None) -> nx.Graph:
    """Watts–Strogatz: a ring of `k` nearest neighbours with a share `p` of links rewired.

    >>> small_world(30, 4, 0.2, seed=1).number_of_edges()
    60
    """
    import networkx as nx

    graph = nx.connected_watts_strogatz_graph(n, k, p, seed=seed)
    return _with_regions(graph, table, seed)


def scale_free(n: int, m: int = 4, table: RegionTable = BITCOIN_2019,
               seed: int | None = None) -> nx.Graph:
    """Barabási–Albert: each new node links to `m` peers, preferring well-connected ones.

    >>> scale_free(30, 2, seed=1).number_of_edges()
    56
    """
    import networkx as nx

    return _with_regions(nx.barabasi_albert_graph(n, m, seed=seed), table, seed)


def make_topology(name: str, n: int, table: RegionTable = BITCOIN_2019,
                  seed: int | None = None) -> nx.Graph:
    """One of `TOPOLOGIES` by name, with its default parameters.

    >>> make_topology("scale_free", 40, seed=2).number_of_nodes()
    40
    """
    builders = {"geographic": geographic, "random_regular": random_regular,
                "small_world": small_world, "scale_free": scale_free}
    if name not in builders:
        raise InputError("sim.err.topology", choices=", ".join(TOPOLOGIES), got=name)
    return builders[name](n, table=table, seed=seed)


@dataclass(eq=False)  # numpy arrays cannot be compared with ==, so compare by identity
class Network:
    """A graph as arrays: directed arcs sorted by sender, in each sender's send order.

    Arc `a` goes from `senders[a]` to `targets[a]`; node u's arcs are
    `indptr[u]:indptr[u + 1]`. `latency_s` and `rate_bps` are per arc, `region` per node.
    Build it with `Network.from_graph`.

    >>> import networkx as nx
    >>> net = Network.from_graph(nx.path_graph(3), seed=0)
    >>> net.n, len(net.targets)
    (3, 4)
    """

    n: int
    indptr: np.ndarray
    senders: np.ndarray
    targets: np.ndarray
    latency_s: np.ndarray
    rate_bps: np.ndarray
    region: np.ndarray
    table: RegionTable

    @classmethod
    def from_graph(cls, graph: nx.Graph, table: RegionTable = BITCOIN_2019,
                   seed: int | None = None) -> Network:
        """Arrays for `graph` (nodes relabelled 0..n−1 in graph order).

        Node attributes `region`, `upload_mbps`, `download_mbps` and edge attribute
        `latency_s` override the table; nodes without a region get one by share.

        >>> import networkx as nx
        >>> graph = nx.Graph([(0, 1, {"latency_s": 0.05})])
        >>> float(Network.from_graph(graph).latency_s[0])
        0.05
        """
        import networkx as nx
        import numpy as np

        graph = nx.convert_node_labels_to_integers(graph)
        n = graph.number_of_nodes()
        if n < 2:
            raise InputError("sim.err.nodes", got=n)
        _with_regions(graph, table, seed)
        region = np.array([graph.nodes[v]["region"] for v in range(n)], dtype=np.int64)
        upload = np.array([graph.nodes[v].get("upload_mbps", table.upload_mbps[r])
                           for v, r in enumerate(region)], dtype=float) * 1e6
        download = np.array([graph.nodes[v].get("download_mbps", table.download_mbps[r])
                             for v, r in enumerate(region)], dtype=float) * 1e6
        matrix = np.array(table.latency_ms, dtype=float) / 1000.0

        edges = np.array([(u, v) for u, v in graph.edges if u != v], dtype=np.int64)
        edges = edges.reshape(-1, 2)
        given = [graph.edges[u, v].get("latency_s", np.nan) for u, v in edges]
        edge_latency = np.array(given, dtype=float)
        senders = np.concatenate([edges[:, 0], edges[:, 1]])
        targets = np.concatenate([edges[:, 1], edges[:, 0]])
        latency = np.concatenate([edge_latency, edge_latency])
        from_table = matrix[region[senders], region[targets]]
        latency = np.where(np.isnan(latency), from_table, latency)

        # Sort by sender; a random key inside each sender is its FIFO send order.
        rng = np.random.default_rng(seed)
        order = np.lexsort((rng.random(len(senders)), senders))
        senders, targets, latency = senders[order], targets[order], latency[order]
        indptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.bincount(senders, minlength=n), out=indptr[1:])
        rate = np.minimum(upload[senders], download[targets])
        return cls(n, indptr, senders, targets, latency, rate, region, table)

    def arc_delays(self, message_bytes: float | np.ndarray,
                   processing_s: float = 0.002) -> np.ndarray:
        """Seconds from "sender has the block" to "target has it", for every arc.

        `message_bytes` is one size for all, or one per receiving node. Each send takes
        `processing_s` plus size / rate and waits for the sender's earlier sends (FIFO);
        then the link latency is added.

        >>> import networkx as nx
        >>> graph = nx.Graph([(0, 1, {"latency_s": 0.1})])
        >>> graph.add_nodes_from([0, 1], upload_mbps=8, download_mbps=8)
        >>> [round(float(d), 6) for d in Network.from_graph(graph).arc_delays(1000, 0)]
        [0.101, 0.101]
        """
        import numpy as np

        size = np.asarray(message_bytes, dtype=float)
        if size.ndim:
            size = size[self.targets]
        send = processing_s + size * 8.0 / self.rate_bps
        total = np.cumsum(send)
        # FIFO: subtract what the earlier senders' arcs added, leaving a per-sender sum.
        before = np.concatenate([[0.0], total])[self.indptr[:-1]]
        queued = total - np.repeat(before, np.diff(self.indptr))
        return queued + self.latency_s


def propagation_delays(net: Network, source: int, arc_delay: np.ndarray) -> np.ndarray:
    """Earliest time each node has the block, if `source` has it at time 0 (∞: never).

    Label-correcting shortest paths in rounds, each round a few numpy operations: relax
    every arc out of the nodes whose time improved in the previous round. A random
    Bitcoin-like graph needs a few dozen rounds, so this beats a Python heap Dijkstra
    by a wide margin while giving the same distances.

    >>> import networkx as nx
    >>> net = Network.from_graph(nx.Graph([(0, 1, {"latency_s": 1.0}),
    ...                                    (1, 2, {"latency_s": 1.0}),
    ...                                    (0, 2, {"latency_s": 5.0})]))
    >>> propagation_delays(net, 0, net.latency_s).tolist()
    [0.0, 1.0, 2.0]
    """
    import numpy as np

    arrival = np.full(net.n, np.inf)
    arrival[source] = 0.0
    active = np.array([source], dtype=np.int64)
    while active.size:
        starts = net.indptr[active]
        counts = net.indptr[active + 1] - starts
        total = int(counts.sum())
        if total == 0:
            break
        # Arc ids of all active senders, without a Python loop over them.
        offsets = np.repeat(starts - np.cumsum(counts) + counts, counts)
        arcs = np.arange(total) + offsets
        candidate = np.repeat(arrival[active], counts) + arc_delay[arcs]
        updated = arrival.copy()
        np.minimum.at(updated, net.targets[arcs], candidate)
        active = np.flatnonzero(updated < arrival)
        arrival = updated
    return arrival


# --- Message by message: the relay protocol SimBlock simulates ---------------------------
# Sources (read for facts, not copied): SimBlock, github.com/dsg-titech/simblock, files
# simulator/src/main/java/simblock/node/Node.java (what a node does with each message),
# simblock/simulator/Network.java (latency and bandwidth), simblock/task/*MessageTask.java
# (how long each message takes), simblock/settings/SimulationConfiguration.java and
# NetworkConfiguration.java (the numbers), simblock/simulator/Main.java (node flags); and
# R. Nagayama, R. Banno, K. Shudo, "Identifying Impacts of Protocol and Internet Development
# on the Bitcoin Network", IEEE ISCC 2020 (arXiv:1912.05208), where the compact block figures
# come from.

# After a failed compact block a node fetches the transactions it misses. SimBlock draws
# their share of the block from a list; for a node that "causes churn" (is not always on) the
# list holds share (i + 1) / 100 this many times, for i = 0, 1, ..., 95 (945 entries, mean
# 8.7%). For an always-on ("control") node every entry is 1%.
CBR_MISSING_COUNTS_CHURN = (
    546, 66, 39, 27, 21, 17, 14, 12, 11, 10, 9, 8, 7, 7, 6, 6, 5, 5, 5,
    *[4] * 5, *[3] * 8, *[2] * 16, *[1] * 48,
)
CBR_MISSING_COUNTS_CONTROL = (1,)


@dataclass(frozen=True)
class RelayProtocol:
    """How blocks travel message by message; the defaults are SimBlock's (2019, compact blocks).

    A node that gets a block announces it to every peer (`inv`). A peer that hears of it for
    the first time asks that announcer for it (`getdata`; later announcements are ignored).
    The announcer sends the block — a compact block of `compact_bytes` if both ends use
    compact block relay (CBR), else the whole block — one request at a time, in the order
    the requests came (FIFO), and stays busy until the block *arrived* (latency + transfer +
    `processing_ms`): SimBlock starts the next send only when the previous one is delivered.
    A compact block fails with the receiver's failure rate; the receiver then asks again
    (`getblocktxn`) and the sender, when free, sends the missing transactions: a share of
    the block drawn from the *sender's* list (SimBlock reads the sender's flag there).

    Timing, in whole milliseconds as SimBlock's clock: every message has its own latency,
    drawn from a Pareto distribution around the link's mean m (shape 0.2 m, scale m − 5, so
    its mean is m; rounded), or exactly m if `pareto_latency` is off or m ≤ 5 ms; the small
    messages (inv, getdata, getblocktxn) add `small_message_ms`; a block adds
    size × 8 / (rate in bit/ms, whole) + `processing_ms`, the division whole as in Java,
    with the link's rate min(sender upload, receiver download) (`Network.rate_bps`).
    Node flags are fixed per network: a share `cbr_usage_rate` of the nodes uses CBR and a
    share `churn_node_rate` causes churn, picked at random like SimBlock's `makeRandomList`.

    >>> SIMBLOCK_RELAY.compact_bytes, SIMBLOCK_RELAY.cbr_failure_rate_churn
    (18000, 0.27)
    """

    compact_bytes: int = 18_000
    cbr_usage_rate: float = 0.964
    churn_node_rate: float = 0.976
    cbr_failure_rate_control: float = 0.13
    cbr_failure_rate_churn: float = 0.27
    missing_counts_control: tuple[int, ...] = CBR_MISSING_COUNTS_CONTROL
    missing_counts_churn: tuple[int, ...] = CBR_MISSING_COUNTS_CHURN
    processing_ms: int = 2
    small_message_ms: int = 10
    pareto_latency: bool = True


SIMBLOCK_RELAY = RelayProtocol()

# Message kinds in a relay's event queue (the arc says who sends to whom).
_GETDATA, _GETBLOCKTXN, _COMPACT, _BLOCK = range(4)


class MessageRelay:
    """A `RelayProtocol` on one network: node flags and per-link times, fixed for a run.

    `spread(source, rng)` follows one block message by message (a heap of timed messages,
    as SimBlock's task queue) and returns when each node got it, in seconds. The flags
    `uses_cbr` and `churn` (one per node) may be set by hand, e.g. in a lab.

    Why not `engine.Engine`: a block over 10,000 nodes takes some 26,000 events, and a
    bare heap of tuples handles them several times faster than one event object each.

    A line 0 – 1 – 2, links of 50 ms and 20 Mbit/s, whole blocks of 535 kB: each hop is an
    inv and a getdata (50 + 10 ms each) and the block (50 + 4,280,000 / 20,000 + 2 ms).

    >>> import networkx as nx
    >>> import numpy as np
    >>> graph = nx.path_graph(3)
    >>> nx.set_edge_attributes(graph, 0.050, "latency_s")
    >>> graph.add_nodes_from(graph, upload_mbps=20, download_mbps=20)
    >>> relay = MessageRelay(Network.from_graph(graph), 535_000,
    ...                      RelayProtocol(cbr_usage_rate=0, pareto_latency=False), seed=1)
    >>> relay.spread(0, np.random.default_rng(1)).tolist()
    [0.0, 0.386, 0.772]
    """

    def __init__(self, net: Network, block_bytes: int, protocol: RelayProtocol = SIMBLOCK_RELAY,
                 seed: int | None = None) -> None:
        import numpy as np

        self.net, self.block_bytes, self.protocol = net, int(block_bytes), protocol
        rng = np.random.default_rng(seed)
        self.uses_cbr = _random_flags(net.n, protocol.cbr_usage_rate, rng)
        self.churn = _random_flags(net.n, protocol.churn_node_rate, rng)
        self.mean_ms = np.rint(net.latency_s * 1000).astype(np.int64)
        # Pareto scale and 1 / shape per arc; shape 0 (exponent 0) leaves the mean as it is.
        jitter = protocol.pareto_latency & (self.mean_ms > 5)
        self._scale = np.where(jitter, self.mean_ms - 5, self.mean_ms).astype(float)
        self._exponent = np.where(jitter, 1.0 / (0.2 * np.maximum(self.mean_ms, 1)), 0.0)
        self.bits_per_ms = np.maximum(net.rate_bps.astype(np.int64) // 1000, 1)
        self.compact_ms = protocol.compact_bytes * 8 // self.bits_per_ms + protocol.processing_ms
        self.block_ms = self.block_bytes * 8 // self.bits_per_ms + protocol.processing_ms
        # Plain lists: the event loop reads single items, which lists serve fastest.
        self._lists = [a.tolist() for a in (net.indptr, net.senders, net.targets, self._scale,
                                            self._exponent, self.bits_per_ms, self.compact_ms,
                                            self.block_ms)]

    def latency_ms(self, uniform: np.ndarray) -> np.ndarray:
        """One latency per arc (ms) from uniforms in (0, 1]: SimBlock's `getLatency`.

        >>> import networkx as nx
        >>> import numpy as np
        >>> relay = MessageRelay(Network.from_graph(nx.Graph([(0, 1, {"latency_s": 0.1})])),
        ...                      1000)
        >>> relay.latency_ms(np.ones(2)).tolist()  # u = 1: the scale, mean − 5
        [95, 95]
        """
        import numpy as np

        return np.floor(self._scale / uniform ** self._exponent + 0.5).astype(np.int64)

    def _missing_share(self, counts: tuple[int, ...], rng: np.random.Generator) -> np.ndarray:
        """One share of the block per node, drawn from SimBlock's list given as counts."""
        import numpy as np

        weights = np.asarray(counts, dtype=float)
        shares = (np.arange(len(counts)) + 1) / 100
        return rng.choice(shares, size=self.net.n, p=weights / weights.sum())

    def spread(self, source: int, rng: np.random.Generator) -> np.ndarray:
        """Seconds after `source` had the block until each node has it (∞: never).

        >>> import networkx as nx
        >>> import numpy as np
        >>> relay = MessageRelay(Network.from_graph(nx.complete_graph(30), seed=2), 535_000,
        ...                      seed=2)
        >>> arrival = relay.spread(0, np.random.default_rng(2))
        >>> float(arrival[0]), bool((arrival[1:] > 0).all())
        (0.0, True)
        """
        import heapq

        import numpy as np

        n, protocol, block_bytes = self.net.n, self.protocol, self.block_bytes
        indptr, senders, targets, scale, exponent, bits_per_ms, compact_ms, block_ms = (
            self._lists)
        small, processing = protocol.small_message_ms, protocol.processing_ms
        # Random draws, all up front: one latency per announcement (one per arc); per node
        # one uniform for each message it may send or get (getdata, block, getblocktxn,
        # missing transactions), whether its compact block fails, and its missing share.
        inv_ms = (self.latency_ms(1.0 - rng.random(len(targets))) + small).tolist()
        getdata_u, block_u, getblocktxn_u, txn_u = (1.0 - rng.random((4, n))).tolist()
        failure_rate = np.where(self.churn, protocol.cbr_failure_rate_churn,
                                protocol.cbr_failure_rate_control)
        fails = (rng.random(n) < failure_rate).tolist()
        share_churn = self._missing_share(protocol.missing_counts_churn, rng).tolist()
        share_control = self._missing_share(protocol.missing_counts_control, rng).tolist()
        uses_cbr, churn = self.uses_cbr.tolist(), self.churn.tolist()

        def latency(arc: int, uniform: float) -> int:
            return int(scale[arc] / uniform ** exponent[arc] + 0.5)

        inf = float("inf")
        has_at = [inf] * n
        first_inv = [inf] * n  # earliest announcement on its way to each node
        inv_arc = [-1] * n  # ... and the arc it travels on
        busy = [False] * n  # the node is sending a block
        waiting: dict[int, list[tuple[int, int]]] = {}  # FIFO of (arc, request) per sender
        queue: list[tuple[int, int, int, int]] = []  # (time ms, order, kind, arc)
        push, pop = heapq.heappush, heapq.heappop
        order = 0

        def receive(node: int, now: int) -> None:
            # The node has the block and announces it to every peer. A peer asks the first
            # node whose announcement reaches it, at once: so queue the getdata this one
            # would cause if it is the earliest so far (times only grow, so a later one
            # changes nothing); a getdata whose announcement was beaten is dropped below.
            nonlocal order
            has_at[node] = now
            for arc in range(indptr[node], indptr[node + 1]):
                peer, arrives = targets[arc], now + inv_ms[arc]
                if arrives < first_inv[peer]:
                    first_inv[peer], inv_arc[peer] = arrives, arc
                    order += 1
                    asks = arrives + latency(arc, getdata_u[peer]) + small
                    push(queue, (asks, order, _GETDATA, arc))

        def send(sender: int, arc: int, request: int, now: int) -> None:
            # Start sending on `arc`; the sender is busy until this message is delivered.
            nonlocal order
            busy[sender] = True
            peer = targets[arc]
            if request == _GETBLOCKTXN:
                share = share_churn[peer] if churn[sender] else share_control[peer]
                took = int(block_bytes * share) * 8 // bits_per_ms[arc] + processing
                kind, uniform = _BLOCK, txn_u[peer]
            elif uses_cbr[sender] and uses_cbr[peer]:
                took, kind, uniform = compact_ms[arc], _COMPACT, block_u[peer]
            else:
                took, kind, uniform = block_ms[arc], _BLOCK, block_u[peer]
            order += 1
            push(queue, (now + latency(arc, uniform) + took, order, kind, arc))

        first_inv[source] = 0  # the source never asks
        receive(source, 0)
        while queue:
            now, _, kind, arc = pop(queue)
            sender, peer = senders[arc], targets[arc]
            if kind == _GETDATA and inv_arc[peer] != arc:
                continue  # the peer heard of the block earlier from someone else
            if kind in (_GETDATA, _GETBLOCKTXN):
                if busy[sender]:
                    waiting.setdefault(sender, []).append((arc, kind))
                else:
                    send(sender, arc, kind, now)
            else:
                # Delivered: the sender takes its next request, then the peer reads it.
                pending = waiting.get(sender)
                if pending:
                    send(sender, *pending.pop(0), now)
                else:
                    busy[sender] = False
                if kind == _COMPACT and fails[peer]:
                    order += 1
                    again = now + latency(arc, getblocktxn_u[peer]) + small
                    push(queue, (again, order, _GETBLOCKTXN, arc))
                else:
                    receive(peer, now)
        return np.array(has_at) / 1000.0


def _random_flags(n: int, share: float, rng: np.random.Generator) -> np.ndarray:
    """`round(n * share)` nodes flagged True, at random places (SimBlock's `makeRandomList`)."""
    import numpy as np

    flags = np.zeros(n, dtype=bool)
    flags[rng.permutation(n)[:round(n * share)]] = True
    return flags
