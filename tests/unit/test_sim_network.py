"""ledgerkit.sim engine, network and pow_network: tables, topologies, exact propagation on
hand-computable graphs, determinism, and the stale rate against 1 − exp(−d/T)."""

import math

import networkx as nx
import numpy as np
import pytest

from ledgerkit.sim.analytic import stale_rate
from ledgerkit.sim.engine import Engine
from ledgerkit.sim.network import (
    BITCOIN_2015,
    BITCOIN_2015_OUTBOUND_CDF,
    BITCOIN_2019,
    TOPOLOGIES,
    Network,
    geographic,
    make_topology,
    propagation_delays,
    random_regular,
    scale_free,
    small_world,
)
from ledgerkit.sim.pow_network import simulate

# --- engine ----------------------------------------------------------------------------


def test_engine_runs_in_time_order_and_same_time_events_in_scheduling_order():
    engine = Engine(seed=1)
    seen = []
    engine.schedule(2.0, seen.append, "c")
    engine.schedule(1.0, seen.append, "a")
    engine.schedule(1.0, seen.append, "b")
    assert engine.run() == 3
    assert seen == ["a", "b", "c"]
    assert engine.now == 2.0


def test_engine_stops_at_until_keeps_later_events_and_skips_cancelled_ones():
    engine = Engine()
    seen = []
    engine.schedule(1.0, seen.append, 1)
    engine.schedule(5.0, seen.append, 5)
    engine.schedule(2.0, seen.append, 2).cancelled = True
    assert engine.run(until=3.0) == 1
    assert (seen, engine.now, engine.pending()) == ([1], 3.0, 1)
    engine.run()
    assert seen == [1, 5]


def test_events_can_schedule_events_and_negative_delays_are_refused():
    engine = Engine()
    times = []

    def tick():
        times.append(engine.now)
        if len(times) < 3:
            engine.schedule(0.5, tick)

    engine.schedule(0.0, tick)
    engine.run()
    assert times == [0.0, 0.5, 1.0]
    with pytest.raises(ValueError):
        engine.schedule(-1.0, tick)
    with pytest.raises(ValueError):
        engine.schedule(float("nan"), tick)


def test_engine_rng_is_seeded():
    assert Engine(seed=3).rng.random() == Engine(seed=3).rng.random()


# --- region tables ---------------------------------------------------------------------


@pytest.mark.parametrize("table", [BITCOIN_2019, BITCOIN_2015])
def test_region_tables_are_consistent(table):
    k = len(table.regions)
    assert k == 6
    assert sum(table.shares) == pytest.approx(1.0, abs=1e-9)
    assert all(len(row) == k for row in table.latency_ms) and len(table.latency_ms) == k
    matrix = np.array(table.latency_ms)
    assert (matrix == matrix.T).all()
    assert (matrix > 0).all()
    assert len(table.download_mbps) == len(table.upload_mbps) == k


def test_published_values_are_copied_right():
    assert BITCOIN_2019.shares[1] == 0.4998 and BITCOIN_2015.shares[0] == 0.3869
    assert BITCOIN_2019.latency_ms[2][3] == 325 and BITCOIN_2015.latency_ms[1][5] == 350
    assert BITCOIN_2019.upload_mbps[2] == 5.8 and BITCOIN_2019.download_mbps[0] == 52


def test_outbound_distribution_is_a_cdf():
    cdf = BITCOIN_2015_OUTBOUND_CDF
    assert len(cdf) == 20 and cdf[-1] == 1.0
    assert all(a <= b for a, b in zip(cdf, cdf[1:], strict=False))


# --- topologies ------------------------------------------------------------------------


def test_random_regular_small_world_and_scale_free_have_their_shapes():
    assert {d for _, d in random_regular(100, 6, seed=1).degree} == {6}
    world = small_world(100, 6, 0.1, seed=1)
    assert nx.is_connected(world) and world.number_of_edges() == 300
    free = scale_free(200, 3, seed=1)
    assert free.number_of_edges() == 3 * (200 - 3)
    assert max(d for _, d in free.degree) > 4 * 3  # hubs exist


def test_geographic_regions_follow_the_shares_and_degrees_follow_the_cdf():
    n = 5000
    graph = geographic(n, seed=2)
    regions = np.bincount([d["region"] for _, d in graph.nodes(data=True)], minlength=6)
    for count, share in zip(regions, BITCOIN_2019.shares, strict=True):
        # Binomial count: within 5 standard deviations of n * share.
        assert abs(count - n * share) <= 5 * math.sqrt(n * share * (1 - share)) + 1
    cdf = BITCOIN_2015_OUTBOUND_CDF
    mean_outbound = sum(k * (b - a) for k, a, b in zip(range(1, 21), (0.0, *cdf), cdf,
                                                       strict=False))
    # Each edge is someone's outbound link (duplicates across the two ends are rare).
    assert graph.number_of_edges() / n == pytest.approx(mean_outbound, rel=0.05)
    assert min(d for _, d in graph.degree) >= 1


@pytest.mark.parametrize("name", TOPOLOGIES)
def test_topologies_are_deterministic_by_seed(name):
    first = make_topology(name, 300, seed=4)
    again = make_topology(name, 300, seed=4)
    other = make_topology(name, 300, seed=5)
    assert sorted(first.edges) == sorted(again.edges)
    assert sorted(first.edges) != sorted(other.edges)


def test_unknown_topology_is_refused():
    with pytest.raises(ValueError, match="topology"):
        make_topology("ring", 10)


# --- propagation -----------------------------------------------------------------------


def test_propagation_on_a_path_is_computed_by_hand():
    # 8 Mbit/s up, 16 down: rate 8 Mbit/s, so 1,000 bytes take 1 ms, +2 ms processing.
    graph = nx.Graph([(0, 1, {"latency_s": 0.100}), (1, 2, {"latency_s": 0.050})])
    graph.add_nodes_from(graph.nodes, upload_mbps=8, download_mbps=16)
    net = Network.from_graph(graph, seed=0)
    arrival = propagation_delays(net, 0, net.arc_delays(1000, processing_s=0.002))
    node1_order = net.targets[net.indptr[1]:net.indptr[2]].tolist()
    k = node1_order.index(2)  # node 1 sends FIFO: to 2 first (k=0) or after 0 (k=1)
    assert arrival[0] == 0.0
    assert arrival[1] == pytest.approx(0.003 + 0.100)
    assert arrival[2] == pytest.approx(0.103 + 0.003 * (k + 1) + 0.050)


def test_link_rate_is_the_slower_of_sender_upload_and_receiver_download():
    graph = nx.Graph([(0, 1, {"latency_s": 0.0})])
    graph.nodes[0].update(upload_mbps=8, download_mbps=100)
    graph.nodes[1].update(upload_mbps=100, download_mbps=4)
    net = Network.from_graph(graph)
    # 0 -> 1 at min(8, 4) = 4 Mbit/s: 1 MB takes 2 s. 1 -> 0 at min(100, 100): 0.08 s.
    assert propagation_delays(net, 0, net.arc_delays(1_000_000, 0))[1] == pytest.approx(2.0)
    assert propagation_delays(net, 1, net.arc_delays(1_000_000, 0))[0] == pytest.approx(0.08)


def test_a_faster_detour_beats_a_slow_direct_link():
    graph = nx.Graph([(0, 1, {"latency_s": 1.0}), (1, 2, {"latency_s": 1.0}),
                      (0, 2, {"latency_s": 5.0}), (2, 3, {"latency_s": 0.5})])
    net = Network.from_graph(graph)
    assert propagation_delays(net, 0, net.latency_s).tolist() == [0.0, 1.0, 2.0, 2.5]
    graph.add_node(4)  # an isolated node never gets the block
    net = Network.from_graph(graph)
    assert propagation_delays(net, 0, net.latency_s)[4] == math.inf


def test_propagation_matches_networkx_dijkstra_on_a_geographic_network():
    net = Network.from_graph(geographic(400, seed=9), seed=9)
    delays = net.arc_delays(535_000)
    digraph = nx.DiGraph()
    digraph.add_weighted_edges_from(zip(net.senders.tolist(), net.targets.tolist(),
                                        delays.tolist(), strict=True))
    for source in (0, 17, 399):
        expected = nx.single_source_dijkstra_path_length(digraph, source)
        ours = propagation_delays(net, source, delays)
        assert max(abs(expected[v] - ours[v]) for v in expected) < 1e-12


def test_region_latency_comes_from_the_table():
    graph = nx.Graph([(0, 1)])
    graph.nodes[0]["region"], graph.nodes[1]["region"] = 1, 3  # Europe -> Asia-Pacific
    net = Network.from_graph(graph)
    assert net.latency_s.tolist() == [0.237, 0.237]


# --- the PoW network -------------------------------------------------------------------


def test_simulate_is_deterministic_by_seed_and_reports_everything():
    first = simulate(nodes=300, blocks=40, interval_s=60, seed=11)
    assert first == simulate(nodes=300, blocks=40, interval_s=60, seed=11)
    assert first != simulate(nodes=300, blocks=40, interval_s=60, seed=12)
    assert sum(first.blocks_per_miner.values()) == first.main_chain_length
    assert first.main_chain_length + first.stale_blocks == first.blocks == 40
    assert first.stale_rate == first.stale_blocks / 40
    pct = first.propagation_percentiles
    assert pct[10] <= pct[50] <= pct[90] <= pct[100]
    assert first.median_propagation_s == pct[50] > 0
    assert all(len(column) == 40 for column in first.series.values())
    assert first.series["time_s"] == sorted(first.series["time_s"])
    assert first.series["stale_so_far"][-1] == first.stale_blocks


def test_a_single_miner_never_forks_and_gets_every_block():
    power = [0.0] * 100
    power[42] = 1.0
    result = simulate(nodes=100, blocks=30, interval_s=1.0, hashpower=power, seed=3)
    assert (result.stale_rate, result.forks, result.blocks_per_miner) == (0.0, 0, {42: 30})
    assert result.series["height"] == list(range(1, 31))


def test_blocks_faster_than_propagation_make_forks():
    result = simulate(nodes=200, blocks=200, interval_s=0.5, seed=5)
    assert result.forks > 0 and result.stale_rate > 0.3


def test_topology_names_and_prebuilt_networks_are_accepted():
    for name in TOPOLOGIES:
        assert simulate(nodes=120, blocks=5, topology=name, seed=1).nodes == 120
    net = Network.from_graph(random_regular(60, 4, seed=1), seed=1)
    assert simulate(graph=net, blocks=5, seed=1).nodes == 60


@pytest.mark.parametrize("kwargs", [
    {"blocks": 0}, {"blocks": 2.5}, {"interval_s": 0}, {"block_size_bytes": -1},
    {"hashpower": [1.0] * 3}, {"hashpower": [0.0] * 50}, {"nodes": 1},
])
def test_bad_arguments_are_refused(kwargs):
    with pytest.raises(ValueError):
        simulate(**{"nodes": 50, "blocks": 5, "seed": 1, **kwargs})


# --- validation against the propagation-race formula -------------------------------------
# A complete graph where every link has latency d and blocks have no size: every node hears
# every block exactly d seconds after it is found, the network 1 − exp(−d/T) is about.
# Tolerance: the stale count is close to binomial, so its share has standard error
# sqrt(p(1 − p)/B); we allow 4 standard errors (a correct model fails with probability
# ~6e-5 per case) plus the model gap: the exact stale rate of this race is d/(T + d), which
# differs from 1 − exp(−d/T) by less than (d/T)²/2. The exact value is checked with 4 SE.


def _fixed_delay_run(ratio: float, blocks: int):
    graph = nx.complete_graph(200)
    nx.set_edge_attributes(graph, 1.0, "latency_s")
    return simulate(graph=graph, blocks=blocks, interval_s=1.0 / ratio, block_size_bytes=0,
                    processing_s=0.0, seed=2024)


@pytest.mark.parametrize("ratio, blocks", [
    (0.005, 40_000), (0.01, 20_000), (0.05, 5000), (0.1, 5000), (0.2, 5000),
])
def test_stale_rate_matches_one_minus_exp_of_minus_d_over_t(ratio, blocks):
    result = _fixed_delay_run(ratio, blocks)
    formula = stale_rate(1.0, 1.0 / ratio)
    assert formula == pytest.approx(1 - math.exp(-ratio))
    exact = ratio / (1 + ratio)
    error = math.sqrt(exact * (1 - exact) / blocks)
    assert abs(result.stale_rate - exact) <= 4 * error
    assert abs(result.stale_rate - formula) <= 4 * error + ratio**2 / 2


def test_blocks_never_cross_between_disconnected_parts():
    # Two triangles with no link between them: each part builds its own chain.
    graph = nx.Graph([(0, 1), (1, 2), (2, 0), (3, 4), (4, 5), (5, 3)])
    nx.set_edge_attributes(graph, 0.01, "latency_s")
    power = [1.0, 0, 0, 1.0, 0, 0]
    result = simulate(graph=graph, blocks=60, interval_s=10.0, hashpower=power, seed=8)
    for miner in (0, 3):
        heights = [h for h, m in zip(result.series["height"], result.series["miner"],
                                     strict=True) if m == miner]
        assert heights == list(range(1, len(heights) + 1))
    assert result.forks > 0


def test_progress_is_reported_once_per_block_in_order():
    from ledgerkit.sim.pow_network import simulate

    seen = []
    simulate(nodes=50, blocks=12, interval_s=600, seed=3,
             progress=lambda done, total: seen.append((done, total)))
    assert seen == [(done, 12) for done in range(1, 13)]
