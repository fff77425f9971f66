"""Invariants of the consortium capacity model, checked with hypothesis. Whatever the network,
validators, block size and load:
1. a block costs 2n² − n + 1 messages, and more validators never make a block faster;
2. a bigger block takes longer but carries calls at least as fast;
3. the chain never commits faster than full blocks allow, no call waits less than the
   one-call block it could at best be in, and every call is committed exactly once.
"""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ledgerkit.sim.capacity import (
    NetworkModel,
    block_time_ms,
    capacity_per_s,
    pbft_messages,
    pbft_total,
    simulate_load,
)

networks = st.builds(
    NetworkModel,
    one_way_ms=st.floats(0.5, 300), per_message_ms=st.floats(0.01, 10),
    upload_mbit_s=st.floats(1, 10_000), call_bytes=st.integers(50, 5000),
    execute_ms=st.floats(0.0, 5),
)
validators = st.integers(4, 200)


@given(validators)
def test_the_message_count_is_the_sum_of_the_phases(n):
    assert pbft_total(n) == sum(pbft_messages(n).values()) == 2 * n * n - n + 1


@given(validators, st.integers(1, 2000), networks)
def test_more_validators_never_make_a_block_faster(n, calls, network):
    assert block_time_ms(n + 1, calls, network) > block_time_ms(n, calls, network)
    assert capacity_per_s(n + 1, calls, network) < capacity_per_s(n, calls, network)


@given(validators, st.integers(1, 2000), networks)
def test_a_bigger_block_is_slower_but_carries_calls_at_least_as_fast(n, calls, network):
    assert block_time_ms(n, calls + 1, network) >= block_time_ms(n, calls, network)
    assert capacity_per_s(n, calls + 1, network) >= capacity_per_s(n, calls, network) - 1e-9


@settings(max_examples=40, deadline=None)
@given(st.integers(4, 40), st.floats(0.5, 2000), st.integers(1, 300), networks,
       st.integers(0, 10**6), st.floats(0, 3000))
def test_the_chain_never_beats_full_blocks_and_no_call_waits_less_than_one_block(
        n, offered, block_size, network, seed, timeout):
    result = simulate_load(n, offered, block_size, calls=200, network=network, seed=seed,
                           batch_timeout_ms=timeout)
    assert result.throughput_per_s <= result.capacity_per_s * (1 + 1e-9)
    assert result.mean_latency_ms >= block_time_ms(n, 1, network) - 1e-9
    assert result.p95_latency_ms >= block_time_ms(n, 1, network) - 1e-9
    assert 0 < result.mean_fill <= 1
    # every call is committed exactly once: the blocks' calls add up to the calls offered
    assert result.mean_fill * result.blocks * block_size == pytest.approx(200)
