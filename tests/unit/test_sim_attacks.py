"""ledgerkit.sim.attacks: seeded, deterministic attack simulations and their edge cases."""

import pytest

from ledgerkit.errors import InputError
from ledgerkit.sim.attacks import double_spend_race, selfish_mining


def test_same_seed_same_answer_and_other_seeds_differ():
    assert double_spend_race(0.3, 3, 5000, seed=4) == double_spend_race(0.3, 3, 5000, seed=4)
    assert double_spend_race(0.3, 3, 5000, seed=4) != double_spend_race(0.3, 3, 5000, seed=5)
    assert selfish_mining(0.3, 0.5, 5000, seed=4) == selfish_mining(0.3, 0.5, 5000, seed=4)
    assert selfish_mining(0.3, 0.5, 5000, seed=4) != selfish_mining(0.3, 0.5, 5000, seed=5)


def test_double_spend_certain_cases():
    assert double_spend_race(0.1, 0, trials=100) == 1.0  # nothing to catch up
    assert double_spend_race(0.0, 3, trials=100) == 0.0  # an attacker with no hash power
    assert double_spend_race(0.5, 6, trials=100) == 1.0  # half the hash power always wins
    assert double_spend_race(0.7, 6, trials=100, wait="actual") == 1.0


def test_double_spend_odds_fall_with_confirmations():
    odds = [double_spend_race(0.25, z, trials=20_000, seed=z) for z in (1, 3, 6, 10)]
    assert odds == sorted(odds, reverse=True) and odds[-1] < odds[0] / 5


def test_an_honest_sized_pool_earns_its_share_without_ties_to_win():
    # With gamma = 0 and a tiny pool the pool almost never leads by two, so it loses most
    # of what it hides: its share falls below alpha (selfish mining does not pay).
    assert selfish_mining(0.05, 0.0, blocks=50_000, seed=1) < 0.05
    assert selfish_mining(0.0, 1.0, blocks=1000) == 0.0
    # A pool with half the hash power ends up with almost every block.
    assert selfish_mining(0.5, 0.0, blocks=50_000, seed=1) > 0.9


@pytest.mark.parametrize("call, key", [
    (lambda: double_spend_race(-0.1, 1), "sim.err.share"),
    (lambda: double_spend_race(0.1, -1), "sim.err.count"),
    (lambda: double_spend_race(0.1, 1, trials=0), "sim.err.count"),
    (lambda: double_spend_race(0.1, 1, trials=10.0), "sim.err.count"),
    (lambda: double_spend_race(0.1, 1, wait="soon"), "sim.err.wait"),
    (lambda: selfish_mining(0.51, 0.5), "sim.err.pool"),
    (lambda: selfish_mining(0.3, -0.5), "sim.err.share"),
    (lambda: selfish_mining(0.3, 0.5, blocks=0), "sim.err.count"),
])
def test_bad_inputs_are_refused_in_both_languages(call, key):
    with pytest.raises(InputError) as caught:
        call()
    assert caught.value.key == key
    assert "must" in caught.value.in_language("en")
    assert "必须" in caught.value.in_language("zh")
