"""ledgerkit.sim.analytic: the closed forms against their published tables (解析公式)."""

import math

import pytest

from ledgerkit.errors import InputError
from ledgerkit.sim.analytic import (
    blocks_needed,
    nakamoto_attack_probability,
    selfish_mining_revenue,
    selfish_mining_threshold,
    stale_rate,
)

# Bitcoin whitepaper, section 11, printed to 7 decimals.
WHITEPAPER_Q_010 = [1.0000000, 0.2045873, 0.0509779, 0.0131722, 0.0034552, 0.0009137,
                    0.0002428, 0.0000647, 0.0000173, 0.0000046, 0.0000012]
WHITEPAPER_Q_030 = {0: 1.0000000, 5: 0.1773523, 10: 0.0416605, 15: 0.0101008,
                    20: 0.0024804, 25: 0.0006132, 30: 0.0001522, 35: 0.0000379,
                    40: 0.0000095, 45: 0.0000024, 50: 0.0000006}
# "Solving for P less than 0.1%": the fewest blocks z with P < 0.001.
WHITEPAPER_Z_FOR_0_1_PERCENT = {0.10: 5, 0.15: 8, 0.20: 11, 0.25: 15, 0.30: 24, 0.35: 41,
                                0.40: 89, 0.45: 340}


@pytest.mark.parametrize("z, published", list(enumerate(WHITEPAPER_Q_010)))
def test_attack_odds_match_the_whitepaper_table_for_q_0_1(z, published):
    assert round(nakamoto_attack_probability(0.1, z), 7) == published


@pytest.mark.parametrize("z, published", sorted(WHITEPAPER_Q_030.items()))
def test_attack_odds_match_the_whitepaper_table_for_q_0_3(z, published):
    assert round(nakamoto_attack_probability(0.3, z), 7) == published


@pytest.mark.parametrize("q, z", sorted(WHITEPAPER_Z_FOR_0_1_PERCENT.items()))
def test_blocks_needed_matches_the_whitepaper_table(q, z):
    assert blocks_needed(q, 0.001) == z
    # ...and it is the fewest: one block less is not enough.
    assert nakamoto_attack_probability(q, z) < 0.001 <= nakamoto_attack_probability(q, z - 1)


@pytest.mark.parametrize("q", [0.5, 0.6, 1.0])
def test_a_majority_attacker_always_succeeds(q):
    assert [nakamoto_attack_probability(q, z) for z in (0, 1, 10)] == [1.0, 1.0, 1.0]


def test_attack_odds_shrink_with_every_block_and_grow_with_q():
    odds = [nakamoto_attack_probability(0.2, z) for z in range(30)]
    assert all(later < earlier for earlier, later in zip(odds, odds[1:], strict=False))
    assert nakamoto_attack_probability(0.0, 3) == 0.0
    assert nakamoto_attack_probability(0.1, 3) < nakamoto_attack_probability(0.2, 3)


@pytest.mark.parametrize("gamma, threshold", [(0.0, 1 / 3), (0.5, 1 / 4), (1.0, 0.0)])
def test_selfish_mining_thresholds_of_eyal_and_sirer(gamma, threshold):
    assert selfish_mining_threshold(gamma) == pytest.approx(threshold, abs=1e-15)


@pytest.mark.parametrize("gamma", [0.0, 0.25, 0.5, 0.75])
def test_selfish_mining_pays_exactly_above_the_threshold(gamma):
    threshold = selfish_mining_threshold(gamma)
    # At the threshold the pool earns exactly its fair share...
    assert selfish_mining_revenue(threshold, gamma) == pytest.approx(threshold, abs=1e-12)
    # ...below it less, above it more, at every pool size we try.
    for step in range(1, 50):
        below = threshold * step / 50
        above = threshold + (0.5 - threshold) * step / 50
        assert selfish_mining_revenue(below, gamma) < below
        assert selfish_mining_revenue(above, gamma) > above


def test_with_gamma_one_any_selfish_pool_gains():
    for alpha in (0.001, 0.01, 0.1, 0.3, 0.49):
        assert selfish_mining_revenue(alpha, 1.0) > alpha


def test_selfish_mining_revenue_at_the_ends_and_known_values():
    assert selfish_mining_revenue(0.0, 0.5) == 0.0
    assert selfish_mining_revenue(0.5, 0.0) == pytest.approx(1.0)
    # Worked by hand from the formula with fractions: α = 1/4, γ = 0 gives
    # [(1/4)(9/16)(1) − 1/64] / [1 − (1/4)(1 + 7/16)] = (8/64) / (41/64) = 8/41.
    assert selfish_mining_revenue(0.25, 0.0) == pytest.approx(8 / 41, abs=1e-15)
    # Revenue grows with γ: more honest miners help the pool win ties.
    assert (selfish_mining_revenue(0.3, 0.0) < selfish_mining_revenue(0.3, 0.5)
            < selfish_mining_revenue(0.3, 1.0))


def test_stale_rate():
    assert stale_rate(0, 600) == 0.0
    assert stale_rate(600, 600) == pytest.approx(1 - math.exp(-1))
    # Bitcoin's measured 0.41 % stale rate (Gervais et al.) corresponds to about 2.5 s of
    # effective delay at 600 s blocks; small delays give about d / T.
    assert stale_rate(2.5, 600) == pytest.approx(0.0041, abs=1e-4)
    assert stale_rate(1, 1000) == pytest.approx(0.001, rel=1e-3)


@pytest.mark.parametrize("call, key", [
    (lambda: nakamoto_attack_probability(-0.1, 1), "sim.err.share"),
    (lambda: nakamoto_attack_probability(1.5, 1), "sim.err.share"),
    (lambda: nakamoto_attack_probability(float("nan"), 1), "sim.err.share"),
    (lambda: nakamoto_attack_probability(True, 1), "sim.err.share"),
    (lambda: nakamoto_attack_probability(0.1, -1), "sim.err.count"),
    (lambda: nakamoto_attack_probability(0.1, 2.0), "sim.err.count"),
    (lambda: blocks_needed(0.1, 0), "sim.err.probability"),
    (lambda: blocks_needed(0.1, 1.0), "sim.err.probability"),
    (lambda: blocks_needed(0.5, 0.001), "sim.err.majority"),
    (lambda: blocks_needed(2, 0.001), "sim.err.share"),
    (lambda: selfish_mining_revenue(0.6, 0.5), "sim.err.pool"),
    (lambda: selfish_mining_revenue(-0.1, 0.5), "sim.err.pool"),
    (lambda: selfish_mining_revenue(0.3, 1.1), "sim.err.share"),
    (lambda: selfish_mining_threshold(-1), "sim.err.share"),
    (lambda: stale_rate(-1, 600), "sim.err.seconds"),
    (lambda: stale_rate(1, 0), "sim.err.seconds"),
    (lambda: stale_rate(1, float("inf")), "sim.err.seconds"),
])
def test_out_of_range_inputs_are_refused_in_both_languages(call, key):
    with pytest.raises(InputError) as caught:
        call()
    assert caught.value.key == key
    english, chinese = caught.value.in_language("en"), caught.value.in_language("zh")
    assert "must" in english or "always succeeds" in english
    assert "必须" in chinese or "必然成功" in chinese
