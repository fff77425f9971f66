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

    def arc_delays(self, message_bytes: float | np.ndarray, processing_s: float = 0.002,
                   latency_factor: np.ndarray | None = None,
                   extra_latency_s: float = 0.0, messages_per_hop: int = 1) -> np.ndarray:
        """Seconds from "sender has the block" to "target has it", for every arc.

        `message_bytes` is one size for all, or one per receiving node. Each send takes
        `processing_s` plus size / rate and waits for the sender's earlier sends (FIFO);
        then the latency (times `latency_factor`, plus `extra_latency_s`) is added once per
        message of the relay: `messages_per_hop=3` is Bitcoin's announce-then-fetch (inv,
        getdata, block), with the sender's queue counted from when the fetch arrives.

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
        latency = self.latency_s if latency_factor is None else self.latency_s * latency_factor
        return queued + messages_per_hop * (latency + extra_latency_s)


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
