"""The SimBlock preset: its tables are the published ones (SIMULATION.md, SimBlock's
NetworkConfiguration.java and SimulationConfiguration.java), and each mechanism of its
message-level relay gives the times worked out by hand on networks of two or three nodes."""

import networkx as nx
import numpy as np
import pytest

from ledgerkit.sim.network import (
    BITCOIN_2015,
    BITCOIN_2015_OUTBOUND_CDF,
    BITCOIN_2019,
    CBR_MISSING_COUNTS_CHURN,
    CBR_MISSING_COUNTS_CONTROL,
    SIMBLOCK_RELAY,
    MessageRelay,
    Network,
    RelayProtocol,
    geographic,
    propagation_delays,
)
from ledgerkit.sim.pow_network import SIMBLOCK_2019, SIMBLOCK_2019_REPORTED, simulate

# --- the published tables ----------------------------------------------------------------


def test_the_2019_and_2015_tables_are_the_published_ones():
    assert BITCOIN_2019.regions == ("North America", "Europe", "South America", "Asia-Pacific",
                                    "Japan", "Australia")
    assert BITCOIN_2019.shares == (0.3316, 0.4998, 0.0090, 0.1177, 0.0224, 0.0195)
    assert BITCOIN_2019.latency_ms == (
        (32, 124, 184, 198, 151, 189),
        (124, 11, 227, 237, 252, 294),
        (184, 227, 88, 325, 301, 322),
        (198, 237, 325, 85, 58, 198),
        (151, 252, 301, 58, 12, 126),
        (189, 294, 322, 198, 126, 16),
    )
    assert BITCOIN_2019.download_mbps == (52, 40, 18, 22.8, 22.8, 29.9)
    assert BITCOIN_2019.upload_mbps == (19.2, 20.7, 5.8, 15.7, 10.2, 11.3)
    assert BITCOIN_2015.shares == (0.3869, 0.5159, 0.0113, 0.0574, 0.0119, 0.0166)
    assert BITCOIN_2015.latency_ms == (
        (36, 119, 255, 310, 154, 208),
        (119, 12, 221, 242, 266, 350),
        (255, 221, 137, 347, 256, 269),
        (310, 242, 347, 99, 172, 278),
        (154, 266, 256, 172, 9, 163),
        (208, 350, 269, 278, 163, 22),
    )
    assert BITCOIN_2015_OUTBOUND_CDF == (
        0.025, 0.050, 0.075, 0.10, 0.20, 0.30, 0.40, 0.50, 0.60, 0.70,
        0.80, 0.85, 0.90, 0.95, 0.97, 0.97, 0.98, 0.99, 0.995, 1.0)


def test_the_preset_is_simblocks_scenario_with_its_relay_settings():
    assert SIMBLOCK_2019 == {
        "nodes": 10_000, "blocks": 100, "interval_s": 600.0, "block_size_bytes": 535_000,
        "topology": "geographic", "table": BITCOIN_2019, "relay": SIMBLOCK_RELAY}
    relay = SIMBLOCK_RELAY
    assert (relay.compact_bytes, relay.cbr_usage_rate, relay.churn_node_rate) == (
        18_000, 0.964, 0.976)
    assert (relay.cbr_failure_rate_control, relay.cbr_failure_rate_churn) == (0.13, 0.27)
    assert (relay.processing_ms, relay.small_message_ms, relay.pareto_latency) == (2, 10, True)
    assert SIMBLOCK_2019_REPORTED == {"wall_s": 73.0, "memory_mb": 706.0, "median_s": 1.2,
                                      "p90_s": 2.3, "p100_s": 6.3}


def test_missing_shares_after_a_failed_compact_block_are_simblocks_lists():
    # Churn nodes: 945 entries from 1% to 96%, 546 of them 1%; control nodes: always 1%.
    counts = CBR_MISSING_COUNTS_CHURN
    assert (len(counts), sum(counts), counts[0], counts[1], counts[-1]) == (96, 945, 546, 66, 1)
    mean_share = sum((i + 1) / 100 * k for i, k in enumerate(counts)) / sum(counts)
    assert mean_share == pytest.approx(0.08723, abs=1e-5)
    assert CBR_MISSING_COUNTS_CONTROL == (1,)


# --- the relay, message by message, on tiny networks -------------------------------------
# Whole milliseconds throughout, as SimBlock's clock. A block of 100,000 bytes is 800,000
# bits: 100 ms at 8 Mbit/s (8,000 bit/ms), plus 2 ms processing.

BLOCK = 100_000
WHOLE_BLOCKS = RelayProtocol(cbr_usage_rate=0, pareto_latency=False)


def _network(links_ms: dict[tuple[int, int], int], upload_mbps: dict[int, float],
             download_mbps: float = 100) -> Network:
    graph = nx.Graph()
    graph.add_nodes_from(sorted({node for link in links_ms for node in link}))
    for (u, v), ms in links_ms.items():
        graph.add_edge(u, v, latency_s=ms / 1000)
    for node in graph:
        graph.nodes[node].update(upload_mbps=upload_mbps.get(node, 8),
                                 download_mbps=download_mbps)
    return Network.from_graph(graph, seed=0)


def _arrival_ms(relay: MessageRelay, source: int = 0) -> list[int]:
    return np.rint(relay.spread(source, np.random.default_rng(0)) * 1000).astype(int).tolist()


def test_a_line_takes_inv_getdata_and_block_per_hop_with_whole_millisecond_transfers():
    # 0 -(40 ms)- 1 -(70 ms)- 2; node 0 uploads at 8 Mbit/s, node 1 at 3, downloads at 10.
    net = _network({(0, 1): 40, (1, 2): 70}, {0: 8, 1: 3}, download_mbps=10)
    relay = MessageRelay(net, BLOCK, WHOLE_BLOCKS)
    # Hop 1: inv 40 + 10, getdata 40 + 10, block 40 + 800,000 // 8,000 + 2 = 142.
    # Hop 2: inv 80, getdata 80, block 70 + 800,000 // 3,000 (266, not 266.7) + 2 = 338.
    assert _arrival_ms(relay) == [0, 242, 242 + 80 + 80 + 338]


def test_the_sender_starts_its_next_block_only_when_the_last_one_has_arrived():
    # Star: 0 -(30 ms)- 1 and 0 -(50 ms)- 2. Requests reach 0 at 80 ms (from 1) and at
    # 120 ms (from 2). The block to 1 is delivered at 80 + 30 + 102 = 212 ms, and only then
    # does 0 send to 2: 212 + 50 + 102 = 364 ms. (Free after the transfer alone, it would
    # start at 182 ms; sending in parallel, at 120 ms.)
    relay = MessageRelay(_network({(0, 1): 30, (0, 2): 50}, {}), BLOCK, WHOLE_BLOCKS)
    assert _arrival_ms(relay) == [0, 212, 364]


def test_a_node_fetches_from_its_first_announcer_even_when_another_path_is_faster():
    # Triangle: 0 -(10)- 1, 1 -(10)- 2, 0 -(100)- 2. Node 1 has the block at 20 + 20 + 112 =
    # 152 ms. Node 2 hears of it first from 0 (at 110 ms; from 1 only at 172 ms), asks 0
    # (request there at 220 ms) and gets it at 220 + 100 + 102 = 422 ms, although the path
    # through 1 would have brought it at 152 + 20 + 20 + 112 = 304 ms.
    net = _network({(0, 1): 10, (1, 2): 10, (0, 2): 100}, {})
    assert _arrival_ms(MessageRelay(net, BLOCK, WHOLE_BLOCKS)) == [0, 152, 422]


def test_the_announcement_that_arrives_first_wins_even_if_it_was_sent_later():
    # Same triangle, blocks of 10,000 bytes (80,000 bits: 10 + 2 ms). Node 1 has the block
    # at 20 + 20 + 22 = 62 ms; its announcement reaches 2 at 82 ms, before 0's (sent at 0,
    # there at 110 ms). So 2 asks 1 (request there at 102 ms) and has the block at 124 ms;
    # it never asks 0, whose block would have come at 110 + 110 + 112 = 332 ms.
    net = _network({(0, 1): 10, (1, 2): 10, (0, 2): 100}, {})
    assert _arrival_ms(MessageRelay(net, 10_000, WHOLE_BLOCKS)) == [0, 62, 124]


def _compact_pair(churn: list[bool]) -> MessageRelay:
    # Two nodes 40 ms apart, compact blocks of 10,000 bytes (80,000 bits: 10 + 2 ms). A
    # control (always-on) node always fails its compact block, a churn node never does;
    # missing transactions are 1% of the block from a control sender, 50% from a churn one.
    protocol = RelayProtocol(compact_bytes=10_000, cbr_usage_rate=1, pareto_latency=False,
                             cbr_failure_rate_control=1.0, cbr_failure_rate_churn=0.0,
                             missing_counts_control=(1,), missing_counts_churn=(0,) * 49 + (1,))
    relay = MessageRelay(_network({(0, 1): 40}, {}), BLOCK, protocol)
    relay.churn = np.array(churn)
    return relay


def test_a_compact_block_that_works_takes_one_small_transfer():
    assert _arrival_ms(_compact_pair([True, True])) == [0, 50 + 50 + 52]


def test_a_failed_compact_block_adds_a_round_trip_and_the_missing_share_of_the_block():
    # The receiver (control) fails; it asks again (40 + 10 ms) and the sender sends the
    # missing share by its *own* list: 50% = 400,000 bits = 50 + 2 ms from a churn sender,
    # 1% = 8,000 bits = 1 + 2 ms from a control sender.
    assert _arrival_ms(_compact_pair([True, False])) == [0, 152 + 50 + 40 + 52]
    assert _arrival_ms(_compact_pair([False, False])) == [0, 152 + 50 + 40 + 3]


def test_nodes_without_compact_block_relay_get_the_whole_block():
    relay = _compact_pair([True, True])
    relay.uses_cbr = np.array([True, False])
    assert _arrival_ms(relay) == [0, 50 + 50 + 40 + 102]


def test_latency_is_simblocks_pareto_around_the_mean():
    relay = MessageRelay(_network({(0, 1): 124, (1, 2): 11, (2, 3): 4}, {}), BLOCK)
    mean = relay.mean_ms.astype(float)
    # At u = 1 the scale (mean − 5); at u = 1/2 the scale × 2^(1 / shape), shape 0.2 × mean;
    # a mean of 5 ms or less is kept as it is.
    jittered = mean > 5
    scale = np.where(jittered, mean - 5, mean)
    half = np.where(jittered, np.floor(scale * 2 ** (1 / (0.2 * mean)) + 0.5), mean)
    assert relay.latency_ms(np.ones(len(mean))).tolist() == scale.tolist()
    assert relay.latency_ms(np.full(len(mean), 0.5)).tolist() == half.tolist()
    # Its mean is the table's: 100,000 draws for the 124 ms link (standard deviation of
    # the Pareto 5.2 ms, so the sample mean is within 0.05 ms with near certainty).
    draws = relay.latency_ms(1.0 - np.random.default_rng(3).random((100_000, len(mean))))
    assert draws[:, mean == 124].mean() == pytest.approx(124, abs=0.1)
    assert draws[:, mean == 124].min() == 119 and (draws[:, mean == 4] == 4).all()


def test_node_flags_follow_the_shares_exactly():
    net = Network.from_graph(geographic(1000, seed=4), seed=4)
    relay = MessageRelay(net, 535_000, SIMBLOCK_RELAY, seed=4)
    assert (int(relay.uses_cbr.sum()), int(relay.churn.sum())) == (964, 976)
    again = MessageRelay(net, 535_000, SIMBLOCK_RELAY, seed=4)
    assert (relay.churn == again.churn).all() and (relay.uses_cbr == again.uses_cbr).all()


def test_queues_and_first_announcers_only_ever_slow_a_block_down():
    # Without jitter and compact blocks, a hop can never beat inv + getdata + block on an
    # idle sender: shortest paths with those hop times bound every arrival from below. Real
    # queues at busy senders make many nodes later than that bound.
    net = Network.from_graph(geographic(300, seed=5), seed=5)
    relay = MessageRelay(net, 535_000, WHOLE_BLOCKS, seed=5)
    hop_ms = 3 * relay.mean_ms + 2 * WHOLE_BLOCKS.small_message_ms + relay.block_ms
    bound = propagation_delays(net, 0, hop_ms / 1000)
    arrival = relay.spread(0, np.random.default_rng(5))
    assert (arrival >= bound - 1e-9).all()
    assert (arrival > bound + 1e-9).mean() > 0.5


# --- the preset in `simulate` ------------------------------------------------------------


def test_the_preset_runs_deterministically_and_compact_blocks_beat_whole_ones():
    small = dict(SIMBLOCK_2019, nodes=500, blocks=5, seed=1)
    first = simulate(**small)
    assert first == simulate(**small)
    pct = first.propagation_percentiles
    assert 0 < pct[10] <= pct[50] <= pct[90] <= pct[100]
    whole = simulate(**dict(small, relay=RelayProtocol(cbr_usage_rate=0)))
    assert first.median_propagation_s < whole.median_propagation_s


def test_relay_bytes_cannot_be_mixed_with_a_relay_protocol():
    with pytest.raises(ValueError, match="relay_bytes"):
        simulate(nodes=50, blocks=2, seed=1, relay=SIMBLOCK_RELAY, relay_bytes=18_000)
