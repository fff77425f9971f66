"""Validation (模型验证): the attack simulations agree with the closed forms.

How the tolerances are chosen. A simulation answer is random, so "agrees" means "differs by
less than the sampling error could plausibly explain". Each tolerance below is set so that
a *correct* simulation fails with probability below 1e-6 for the whole file (summed over
all comparisons), while a wrong model (wrong formula, off-by-one in the race, wrong tie
rule) still shows up clearly. Seeds are fixed too, so the file is deterministic anyway: the
statistics only justify why these seeds are not lucky ones.
"""

import math
import statistics
from math import comb

import pytest

from ledgerkit.sim.analytic import (
    nakamoto_attack_probability,
    selfish_mining_revenue,
    selfish_mining_threshold,
)
from ledgerkit.sim.attacks import GIVE_UP_ODDS, double_spend_race, selfish_mining

# --- double spend ----------------------------------------------------------------------
# Each trial is an independent success/failure, so the simulated share is a binomial
# proportion with mean P (the formula, up to the race's give-up bias <= GIVE_UP_ODDS).
# Bernstein's inequality bounds the chance that it misses P by t or more, for any P and
# without a normal approximation:
#     Pr(|share - P| >= t) <= 2 exp(-n t^2 / (2 (P(1-P) + t/3))).
# Solving for the t at which the right side equals DELTA gives the tolerance below. With
# DELTA = 1e-8 per comparison and 25 comparisons, a correct simulation fails them with
# probability below 2.5e-7.
TRIALS = 400_000
DELTA = 1e-8
DOUBLE_SPEND_CASES = ([(0.1, z) for z in range(1, 6)] + [(0.2, z) for z in range(1, 7)]
                      + [(0.3, z) for z in range(1, 7)])


def bernstein_tolerance(p: float, n: int, delta: float) -> float:
    b = math.log(2 / delta)
    return (b / 3 + math.sqrt(b * b / 9 + 2 * n * b * p * (1 - p))) / n


def rosenfeld_attack_probability(q: float, z: int) -> float:
    # Rosenfeld (2014), "Analysis of hashrate-based double spending", eq. (1): the attacker's
    # progress is the negative binomial count of his blocks before the z-th honest block.
    p = 1 - q
    return 1 - sum(comb(m + z - 1, m) * (p**z * q**m - p**m * q**z) for m in range(z + 1))


@pytest.mark.parametrize("q, z", DOUBLE_SPEND_CASES)
def test_double_spend_simulation_matches_the_whitepaper_formula(q, z):
    expected = nakamoto_attack_probability(q, z)
    simulated = double_spend_race(q, z, trials=TRIALS, seed=1000 * z + round(100 * q))
    tolerance = bernstein_tolerance(expected, TRIALS, DELTA) + GIVE_UP_ODDS
    assert abs(simulated - expected) < tolerance


@pytest.mark.parametrize("q, z", [(0.1, 1), (0.1, 4), (0.2, 3), (0.3, 2), (0.3, 4),
                                  (0.3, 6), (0.3, 10)])
def test_double_spend_with_the_real_waiting_time_matches_rosenfeld(q, z):
    expected = rosenfeld_attack_probability(q, z)
    simulated = double_spend_race(q, z, trials=TRIALS, seed=7 * z, wait="actual")
    assert abs(simulated - expected) < bernstein_tolerance(expected, TRIALS, DELTA)


def test_the_simulation_tells_the_two_waiting_models_apart():
    # At q = 0.3, z = 6 the whitepaper says 13.2 % and Rosenfeld 15.6 %: 2.4 points apart,
    # more than 6 times the tolerance (0.36 points), so the simulation resolves which model
    # it runs.
    whitepaper, real = nakamoto_attack_probability(0.3, 6), rosenfeld_attack_probability(0.3, 6)
    tolerance = bernstein_tolerance(real, TRIALS, DELTA)
    assert real - whitepaper > 4 * tolerance
    simulated = double_spend_race(0.3, 6, trials=TRIALS, seed=5, wait="actual")
    assert abs(simulated - real) < tolerance < abs(simulated - whitepaper)


# --- selfish mining -----------------------------------------------------------------------
# One run is a Markov chain, so its blocks are not independent and no binomial formula
# applies. Instead we use batch means: BATCHES independent runs (different seeds), whose
# shares are independent and, each averaging many regeneration cycles of the chain, close
# to normal. Then (mean - R) / (s / sqrt(BATCHES)) follows Student's t with BATCHES - 1 = 39
# degrees of freedom, and Pr(|t_39| > 7) = 2.1e-8 (numerical integration of the t density).
# With 18 comparisons a correct simulation fails with probability below 4e-7.
# Blocks still secret at the end of a run are not counted: a bias of a few blocks in
# BLOCKS_PER_BATCH, i.e. below 1e-4, far under the standard errors measured (3e-4 to 1e-3 at
# these sizes); the checks on `standard_error` keep the tolerance honest and small.
BATCHES = 40
BLOCKS_PER_BATCH = 125_000
T_39 = 7.0
ALPHAS = [0.1, 0.2, 0.3, 0.35, 0.4, 0.45]
GAMMAS = [0.0, 0.5, 1.0]


@pytest.mark.parametrize("gamma", GAMMAS)
@pytest.mark.parametrize("alpha", ALPHAS)
def test_selfish_mining_simulation_matches_eyal_and_sirer(alpha, gamma):
    expected = selfish_mining_revenue(alpha, gamma)
    shares = [selfish_mining(alpha, gamma, blocks=BLOCKS_PER_BATCH, seed=seed)
              for seed in range(BATCHES)]
    mean = statistics.fmean(shares)
    standard_error = statistics.stdev(shares) / math.sqrt(BATCHES)
    assert 0 < standard_error < 0.002
    assert abs(mean - expected) < T_39 * standard_error
    # Where the formula puts revenue clearly off the fair share alpha (by 0.01 or more), the
    # simulation alone shows on which side: whether selfish mining pays.
    if abs(expected - alpha) >= 0.01:
        assert (mean > alpha) == (alpha > selfish_mining_threshold(gamma))
