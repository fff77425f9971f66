"""ledgerkit.consensus.pow: miners race, forks happen, the most-work chain wins (挖矿竞赛)."""

import pytest

from ledgerkit.consensus.pow import GENESIS, PowRace
from ledgerkit.errors import InputError


@pytest.mark.parametrize("hashpower", [[], [0, 0], [1, -1], [1, float("nan")], "abc", [True]])
def test_bad_hashpower_is_refused_in_both_languages(hashpower):
    with pytest.raises(InputError) as caught:
        PowRace(hashpower)
    assert caught.value.key == "pow.err.hashpower"
    assert "one per miner" in caught.value.in_language("en")
    assert "必须" in caught.value.in_language("zh")


@pytest.mark.parametrize("kwargs, key", [
    ({"interval_s": 0}, "pow.err.interval"),
    ({"interval_s": float("inf")}, "pow.err.interval"),
    ({"delay_s": -1}, "pow.err.delay"),
])
def test_bad_timing_is_refused(kwargs, key):
    with pytest.raises(InputError) as caught:
        PowRace([1, 1], **kwargs)
    assert caught.value.key == key


@pytest.mark.parametrize("blocks", [-1, 2.0, None])
def test_bad_block_count_is_refused_and_changes_nothing(blocks):
    race = PowRace([1, 1])
    with pytest.raises(InputError):
        race.run(blocks)
    assert len(race.history) == 1 and race.blocks[-1].id == GENESIS


def test_same_seed_same_race_and_other_seeds_differ():
    def trace(seed):
        race = PowRace([0.5, 0.3, 0.2], delay_s=60, seed=seed)
        race.run(30)
        return [(s.time_ms, s.caption("en")) for s in race.history.steps]

    assert trace(4) == trace(4)
    assert trace(4) != trace(5)


def test_a_lone_miner_never_forks():
    result = PowRace([1.0], delay_s=1000, seed=1).run(100)
    assert result.forks == 0 and result.stale == []
    assert result.main_chain == list(range(101))
    assert result.blocks_per_miner == result.found_per_miner == [100]


def test_without_delay_there_are_no_forks():
    result = PowRace([1, 1, 1, 1], delay_s=0, seed=2).run(500)
    assert result.forks == 0 and result.stale_rate == 0.0
    assert len(result.main_chain) == 501


def test_block_intervals_average_the_target_interval():
    result = PowRace([1, 2, 3], interval_s=600, delay_s=0, seed=3).run(2000)
    mean_interval = result.time_s / 2000
    assert 570 < mean_interval < 630  # 2,000 exponential waits: about 2% standard error


def test_blocks_are_won_in_proportion_to_hash_power():
    result = PowRace([0.6, 0.3, 0.1], delay_s=0, seed=4).run(3000)
    shares = [count / 3000 for count in result.found_per_miner]
    for share, expected in zip(shares, [0.6, 0.3, 0.1], strict=True):
        assert abs(share - expected) < 0.03


def test_longer_delay_means_more_forks_and_stale_blocks():
    quick = PowRace([1, 1, 1], delay_s=5, seed=5).run(1000)
    slow = PowRace([1, 1, 1], delay_s=120, seed=5).run(1000)
    assert quick.forks < slow.forks
    assert quick.stale_rate < 0.02 < slow.stale_rate


def test_result_accounts_for_every_block():
    race = PowRace([0.4, 0.35, 0.25], delay_s=200, seed=6)
    result = race.run(300)
    assert result.forks > 0
    assert sorted(result.main_chain + result.stale) == list(range(301))
    heights = [race.blocks[i].height for i in result.main_chain]
    assert heights == list(range(len(heights)))  # parent-linked from genesis, one a height
    assert heights[-1] == max(block.height for block in race.blocks)
    assert sum(result.blocks_per_miner) == len(result.main_chain) - 1
    assert sum(result.found_per_miner) == 300
    assert result.stale_rate == len(result.stale) / 300


def test_a_fork_is_a_block_on_a_parent_that_already_has_a_child():
    race = PowRace([1, 1], delay_s=300, seed=7)
    race.run(200)
    fork_steps = [s for s in race.history.steps if s.phase == "fork"]
    assert len(fork_steps) == race.forks > 0
    for step in fork_steps:
        block, parent = step.caption_fields["block"], step.caption_fields["parent"]
        siblings = [b for b in race.blocks if b.parent == parent and b.id < block]
        assert siblings


def test_each_miner_follows_the_most_work_chain_it_has_seen():
    race = PowRace([0.5, 0.5], delay_s=300, seed=8)
    race.run(150)
    seen = [{GENESIS} for _ in race.tips]
    for k, step in enumerate(race.history.steps, start=1):
        tips = race.history.state(k).tips
        seen[step.caption_fields["miner"]].add(step.caption_fields["block"])  # found or received
        for miner, tip in enumerate(tips):
            best = max(race.blocks[i].height for i in seen[miner])
            assert race.blocks[tip].height == best
            assert tip in seen[miner]


def test_ties_keep_the_block_seen_first():
    race = PowRace([1, 1], delay_s=300, seed=9)
    race.run(200)
    ties = [s for s in race.history.steps if s.phase == "keep"
            and s.caption_key == "pow.keep_tie"]
    assert ties
    for step in ties:
        k = step.number
        miner = step.caption_fields["miner"]
        assert race.history.state(k).tips[miner] == race.history.state(k - 1).tips[miner]
        assert race.history.state(k).tips[miner] != step.caption_fields["block"]


def test_reorg_switches_branch_and_names_the_dropped_blocks():
    race = PowRace([1, 1, 1], delay_s=300, seed=10)
    race.run(200)
    reorgs = [s for s in race.history.steps if s.phase == "reorg"]
    assert reorgs
    step = reorgs[0]
    before = race.history.state(step.number - 1).tips[step.caption_fields["miner"]]
    assert str(before) in step.caption_fields["dropped"].split(", ")
    assert race.history.state(step.number).tips[step.caption_fields["miner"]] == \
        step.caption_fields["block"]
    assert "switches" in step.caption("en") and "切换" in step.caption("zh")


def test_found_step_announces_the_block_to_every_other_miner():
    race = PowRace([1, 1, 1, 1], seed=11)
    step = race.step()
    assert step.phase == "found"
    miner = step.caption_fields["miner"]
    assert sorted(m.receiver for m in step.messages) == sorted({0, 1, 2, 3} - {miner})
    assert all(m.kind == "block" and m.payload["block"] == 1 for m in step.messages)
    assert len(race.state.in_flight) == 3
    assert step.caption("zh").startswith(f"矿工 {miner}")


def test_history_shows_past_states():
    race = PowRace([1, 1], delay_s=60, seed=12)
    race.run(20)
    assert len(race.history.state(0).blocks) == 1
    assert race.history.state(0).tips == (GENESIS, GENESIS)
    counts = [len(race.history.state(k).blocks) for k in range(len(race.history))]
    assert counts == sorted(counts) and counts[-1] == 21
    assert [s.time_ms for s in race.history.steps] == sorted(s.time_ms for s in
                                                              race.history.steps)
