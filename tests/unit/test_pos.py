"""ledgerkit.consensus.pos: Ethereum-style proof of stake (权益证明), the two rules we model."""

import pytest

from ledgerkit.consensus.pos import (
    SLOT_SECONDS,
    SLOTS_PER_EPOCH,
    Vote,
    choose_proposers,
    finality_seconds,
    slashable,
)
from ledgerkit.errors import InputError


def test_ethereum_timing_twelve_second_slots_and_finality_after_two_epochs():
    assert (SLOT_SECONDS, SLOTS_PER_EPOCH) == (12, 32)
    assert finality_seconds() == 768  # 12.8 minutes


def test_proposers_are_drawn_in_proportion_to_stake():
    proposers = choose_proposers({"Ann": 32 * 3, "Dora": 32}, slots=20_000, seed=3)
    assert abs(proposers.count("Dora") / 20_000 - 0.25) < 0.01


def test_the_draw_is_reproducible_with_a_seed_and_a_zero_stake_never_proposes():
    stakes = {"Ann": 32, "Ben": 64, "Idle": 0}
    assert choose_proposers(stakes, 50, seed=9) == choose_proposers(stakes, 50, seed=9)
    assert "Idle" not in choose_proposers(stakes, 500, seed=9)


@pytest.mark.parametrize("stakes", [{}, {"Ann": 0}, {"Ann": -32}, {"Ann": 1.5}])
def test_stakes_must_be_whole_non_negative_and_not_all_zero(stakes):
    with pytest.raises(InputError):
        choose_proposers(stakes, 10)


def test_double_votes_and_surround_votes_are_slashable_honest_votes_are_not():
    assert slashable(Vote("Ann", 0, 3, "A"), Vote("Ann", 1, 3, "B"))  # double vote
    assert slashable(Vote("Ann", 0, 3, "A"), Vote("Ann", 1, 2, "B"))  # surround vote
    assert not slashable(Vote("Ann", 0, 1, "A"), Vote("Ann", 1, 2, "B"))
    assert not slashable(Vote("Ann", 0, 1, "A"), Vote("Ben", 0, 1, "B"))
    assert not slashable(Vote("Ann", 0, 1, "A"), Vote("Ann", 0, 1, "A"))
