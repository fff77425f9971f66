"""Consortium capacity: the PBFT message cost, the latency model, the load simulation and the
measurement helper (no timed asserts: the machine is shared)."""

import pytest

from ledgerkit.errors import InputError
from ledgerkit.i18n import set_language
from ledgerkit.sim import capacity
from ledgerkit.sim.capacity import (
    ONE_CITY,
    NetworkModel,
    block_time_ms,
    capacity_per_s,
    counted_messages,
    default_members,
    fastest_of,
    measure,
    pbft_messages,
    pbft_total,
    simulate_load,
)

SIZES = (4, 7, 10, 13, 16, 31)


@pytest.mark.parametrize("n", SIZES)
def test_the_state_machine_sends_exactly_the_messages_of_the_formula(n):
    assert counted_messages(n) == pbft_messages(n)


@pytest.mark.parametrize("n", SIZES)
def test_a_block_costs_two_n_squared_minus_n_plus_one_messages(n):
    assert pbft_total(n) == 2 * n * n - n + 1


def test_worked_message_counts():
    assert pbft_messages(4) == {"request": 1, "pre-prepare": 3, "prepare": 9, "commit": 12,
                                "reply": 4}
    assert pbft_total(4) == 29
    assert pbft_total(16) == 497
    assert pbft_total(100) == 19_901


def test_the_block_time_adds_five_hops_the_sends_on_the_path_the_transfer_and_execution():
    net = NetworkModel(one_way_ms=10.0, per_message_ms=1.0, upload_mbit_s=8.0, call_bytes=920,
                       execute_ms=0.5)
    # 5 hops 50 ms + (3·4 − 2) sends 10 ms + 3 backups × 8·(80 + 920) bits / 8,000 bits/ms
    # = 3 ms + 1 call 0.5 ms
    assert block_time_ms(4, 1, net) == pytest.approx(63.5)


@pytest.mark.parametrize("block_size", (1, 10, 100, 500))
def test_throughput_falls_as_validators_are_added(block_size):
    rates = [capacity_per_s(n, block_size) for n in SIZES]
    assert rates == sorted(rates, reverse=True)
    assert len(set(rates)) == len(rates)


def test_bigger_blocks_carry_more_calls_but_each_block_takes_longer():
    sizes = (1, 10, 100, 1000)
    assert [capacity_per_s(7, b) for b in sizes] == sorted(capacity_per_s(7, b) for b in sizes)
    assert [block_time_ms(7, b) for b in sizes] == sorted(block_time_ms(7, b) for b in sizes)


def test_a_shorter_network_is_faster():
    assert block_time_ms(7, 10, ONE_CITY) < block_time_ms(7, 10)


def test_light_load_is_carried_in_full_and_heavy_load_saturates():
    light = simulate_load(7, 10, 100, calls=1000)
    heavy = simulate_load(7, 2 * capacity_per_s(7, 100), 100, calls=1000)
    assert not light.saturated and heavy.saturated
    assert light.throughput_per_s == pytest.approx(10, rel=0.15)
    assert heavy.throughput_per_s <= heavy.capacity_per_s * 1.01
    assert heavy.mean_latency_ms > 3 * light.mean_latency_ms
    assert light.mean_fill < heavy.mean_fill <= 1


def test_under_light_load_a_call_waits_about_one_or_two_blocks():
    light = simulate_load(4, 1, 100, calls=500)
    one_call = block_time_ms(4, 1)
    assert one_call <= light.mean_latency_ms < 2 * block_time_ms(4, 2)


def test_the_load_simulation_is_reproducible_by_seed():
    assert simulate_load(7, 50, 20, calls=300, seed=3) == simulate_load(7, 50, 20, calls=300,
                                                                         seed=3)


def test_the_measured_consortium_is_a_sound_design():
    from ledgerkit.design import ChainDesign

    members = default_members(4)
    assert [m.name for m in members if m.node_kind == "consensus"] == [
        "bank01", "bank02", "bank03", "bank04"]
    assert ChainDesign("capacity", members).check() == []


def test_a_tiny_measurement_returns_sane_numbers():
    run = measure(4, calls=7, block_size=3)
    assert (run.validators, run.calls, run.blocks) == (4, 7, 3)
    assert run.messages_per_block == pbft_messages(4)
    assert run.seconds > 0 and run.throughput_per_s > 0
    assert 0 < run.mean_latency_ms <= run.max_latency_ms <= run.seconds * 1000
    assert set(run.time_split) == {"execute", "consensus", "seal"}
    assert sum(run.time_split.values()) <= run.seconds
    assert run.messages_per_call == pytest.approx(29 * 3 / 7)


def test_fastest_of_picks_the_run_with_the_highest_throughput():
    run = fastest_of(2, 4, calls=4, block_size=2)
    assert run.blocks == 2 and run.throughput_per_s > 0


@pytest.mark.parametrize("bad", (3, 0, -4, 4.0, True, "7", None))
def test_too_few_validators_are_refused_with_the_rule(bad):
    set_language("en")
    with pytest.raises(InputError, match="3f \\+ 1"):
        measure(bad)


@pytest.mark.parametrize(("call", "word"), [
    (lambda: block_time_ms(4, 0), "calls"),
    (lambda: capacity_per_s(4, -1), "calls"),
    (lambda: simulate_load(4, 10, 0), "block_size"),
    (lambda: simulate_load(4, 0, 10), "calls per second"),
    (lambda: simulate_load(4, "fast", 10), "calls per second"),
    (lambda: measure(4, calls=0), "calls"),
    (lambda: fastest_of(0, 4), "repeats"),
])
def test_bad_inputs_are_refused_with_a_message_that_names_them(call, word):
    set_language("en")
    with pytest.raises(InputError, match=word):
        call()


def test_the_refusals_are_bilingual():
    set_language("zh")
    try:
        with pytest.raises(InputError, match="共识节点"):
            measure(2)
    finally:
        set_language("en")


def test_the_measurement_is_capped_so_a_notebook_never_runs_for_minutes():
    with pytest.raises(InputError):
        measure(capacity.MAX_VALIDATORS + 1)


def test_with_a_batch_timeout_bigger_blocks_make_calls_wait_longer_at_moderate_load():
    waits = [simulate_load(10, 60, size, calls=1500, batch_timeout_ms=1000).mean_latency_ms
             for size in (50, 100, 200)]
    assert waits == sorted(waits) and waits[0] < waits[-1]


def test_no_call_waits_longer_for_its_block_than_the_batch_timeout_allows():
    light = simulate_load(7, 2, 500, calls=300, batch_timeout_ms=400)
    assert light.p95_latency_ms <= 400 + block_time_ms(7, 500)


@pytest.mark.parametrize("bad", (-1, "soon", None, True))
def test_a_bad_batch_timeout_is_refused(bad):
    set_language("en")
    with pytest.raises(InputError, match="batch timeout"):
        simulate_load(4, 10, 10, batch_timeout_ms=bad)
