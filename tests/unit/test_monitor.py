"""Monitoring: metrics from each source, and each detector fires on its incident and stays
quiet on a healthy run."""

from datetime import date

import pytest

from ledgerkit.consensus.pbft import PBFT
from ledgerkit.consensus.raft import Raft
from ledgerkit.consortium import ConsortiumChain, Member
from ledgerkit.contracts import Contract, action
from ledgerkit.errors import InputError
from ledgerkit.monitor import (
    SCENARIOS,
    Scenario,
    chain_metrics,
    detect,
    detect_byzantine,
    detect_fork_storm,
    detect_partition,
    detect_stalled,
    engine_metrics,
    pow_metrics,
)
from ledgerkit.sim.pow_network import simulate


class Counter(Contract):
    def __init__(self):
        self.count = 0

    @action(roles={"business"})
    def add(self, ctx, n: int) -> int:
        self.count += n
        return self.count


@pytest.fixture(scope="module")
def calm_pow():
    return simulate(nodes=60, blocks=40, interval_s=600, seed=3)


@pytest.fixture(scope="module")
def stormy_pow():
    return simulate(nodes=60, blocks=40, interval_s=5, seed=3)


def _healthy_raft():
    raft = Raft(5, seed=0)
    raft.run_until_leader()
    for payment in range(5):
        raft.client_request(f"pay {payment}")
        raft.run_until(raft.time_ms + 100)
    return raft


# --- metrics ---------------------------------------------------------------------------


def test_pow_metrics_follow_the_series(calm_pow):
    metrics = pow_metrics(calm_pow, tx_per_block=1000)
    assert metrics.blocks == 40
    assert metrics.block_interval_s == pytest.approx(calm_pow.series["time_s"][-1] / 40)
    assert metrics.tps == pytest.approx(1000 / metrics.block_interval_s)
    assert metrics.forks == calm_pow.forks
    assert pow_metrics(calm_pow, upto=10).blocks == 10


def test_stormy_pow_has_forks(stormy_pow):
    assert pow_metrics(stormy_pow).forks == stormy_pow.forks > 0


def test_chain_metrics_use_block_timestamps_and_calls():
    chain = ConsortiumChain([
        Member("bank", node_kind="consensus", roles={"committee", "operator"}),
        Member("shop", node_kind="observer", roles={"business"})], start=date(2025, 1, 1))
    counter = chain.deploy(Counter(), by="bank")
    chain.advance(1)
    for _ in range(3):
        counter.add(1, by="shop")
    metrics = chain_metrics(chain)
    span = chain.blocks[-1].header.timestamp - chain.blocks[0].header.timestamp
    assert metrics.blocks == 4
    assert metrics.block_interval_s == pytest.approx(span / 4)
    assert metrics.tps == pytest.approx(4 / span)  # the deploy and three adds
    assert metrics.alive == {0: True}


def test_engine_metrics_count_messages_per_phase():
    pbft = PBFT(4)
    pbft.run_request("a")
    metrics = engine_metrics(pbft)
    assert metrics.messages == {"request": 1, "pre-prepare": 3, "prepare": 9, "commit": 12,
                                "reply": 4}
    assert metrics.blocks == 1
    assert metrics.tps == pytest.approx(1 / 0.05)


def test_engine_metrics_show_a_crashed_node_as_down():
    raft = _healthy_raft()
    raft.crash(2)
    assert engine_metrics(raft).alive == {0: True, 1: True, 2: False, 3: True, 4: True}


def test_engine_metrics_refuse_other_things():
    with pytest.raises(InputError):
        engine_metrics("raft")


# --- detectors -------------------------------------------------------------------------


def test_stalled_fires_on_a_crashed_raft_follower_only():
    raft = _healthy_raft()
    assert detect_stalled(raft) == []
    follower = (raft.leader + 1) % 5
    raft.crash(follower)
    raft.run_until(raft.time_ms + 400)
    assert [alert.node for alert in detect_stalled(raft)] == [follower]


def test_stalled_fires_on_a_crashed_pbft_replica():
    healthy = PBFT(4)
    healthy.run_request("a")
    assert detect_stalled(healthy) == []
    crashed = PBFT(4, faulty={3: "crashed"})
    crashed.run_request("a")
    assert [(a.kind, a.node) for a in detect_stalled(crashed)] == [("stalled", 3)]


def test_partition_fires_while_split_and_stops_after_heal():
    raft = _healthy_raft()
    assert detect_partition(raft) == []
    raft.partition([[0, 1]])
    alerts = detect_partition(raft)
    assert [alert.kind for alert in alerts] == ["partition"]
    assert "{0, 1}" in alerts[0].message("en")
    raft.heal()
    assert detect_partition(raft) == []


def test_fork_storm_fires_on_fast_blocks_only(calm_pow, stormy_pow):
    assert detect_fork_storm(calm_pow) == []
    alerts = detect_fork_storm(stormy_pow, window=10, threshold=3)
    assert [alert.kind for alert in alerts] == ["fork_storm"]
    assert alerts[0].fields["forks"] >= 3
    assert detect_fork_storm(stormy_pow, upto=1) == []


def test_fork_storm_checks_its_settings(calm_pow):
    with pytest.raises(InputError):
        detect_fork_storm(calm_pow, window=0)


def test_byzantine_fires_on_the_lying_replica_only():
    honest = PBFT(4, seed=1)
    honest.run_request("x")
    assert detect_byzantine(honest) == []
    lying = PBFT(7, faulty={2: "byzantine", 5: "byzantine"}, seed=1)
    lying.run_request("x")
    assert [alert.node for alert in detect_byzantine(lying)] == [2, 5]


def test_a_crashed_replica_is_not_called_byzantine():
    pbft = PBFT(4, faulty={1: "crashed"}, seed=2)
    pbft.run_request("x")
    assert detect_byzantine(pbft) == []


def test_healthy_runs_raise_no_alert(calm_pow):
    pbft = PBFT(4)
    pbft.run_request("a")
    assert detect(pbft) == detect(_healthy_raft()) == detect(calm_pow) == []


def test_alerts_read_in_both_languages():
    pbft = PBFT(4, faulty={2: "byzantine"}, seed=1)
    pbft.run_request("x")
    alert = detect(pbft)[0]
    assert alert.message("en").startswith("Replica 2 sent conflicting")
    assert alert.message("zh").startswith("副本 2")


# --- scenarios -------------------------------------------------------------------------


@pytest.mark.parametrize("name", SCENARIOS)
def test_each_scenario_is_calm_then_raises_its_own_alert(name):
    run = Scenario(name, seed=0)
    for _ in range(3):
        run.step()
    assert run.alerts() == []
    for _ in range(37):
        run.step()
    expected = [] if name == "healthy" else [name]
    assert sorted({alert.kind for alert in run.alerts()}) == expected
    assert len(run.timeline) == 41


def test_scenarios_are_deterministic():
    first, second = Scenario("partition", seed=4), Scenario("partition", seed=4)
    for _ in range(10):
        first.step()
        second.step()
    assert first.timeline == second.timeline


def test_a_pow_scenario_ends():
    run = Scenario("fork_storm")
    while run.step():
        pass
    assert run.steps == run.pow_result.blocks


def test_unknown_scenario_is_refused():
    with pytest.raises(InputError):
        Scenario("meltdown")
