"""Two attacks on proof-of-work, simulated (攻击仿真): the double spend (双花攻击) and
selfish mining (自私挖矿).

Both are Monte Carlo simulations (蒙特卡洛模拟) of the same models that
`ledgerkit.sim.analytic` solves in closed form, so a learner can watch the formula emerge
from many random runs. Randomness is seeded: the same seed gives the same answer.

>>> round(double_spend_race(0.1, 2, trials=20_000, seed=1), 2)  # whitepaper: 0.0509779
0.05
>>> round(selfish_mining(0.4, 0.0, blocks=20_000, seed=1), 2)  # Eyal and Sirer: 0.4837
0.49
"""

from __future__ import annotations

import math
import random

from ledgerkit.errors import InputError
from ledgerkit.i18n import register_strings
from ledgerkit.sim.analytic import _check_count, _check_pool, _check_share

# The double-spend race stops counting an attacker who has fallen this far behind as still
# in the race; see _give_up_deficit for why the answer does not notice.
GIVE_UP_ODDS = 1e-12

WAITS = ("expected", "actual")

register_strings({
    "sim.err.wait": (
        "wait must be one of {choices}; got {got!r}.",
        "wait 必须是 {choices} 之一；实际为 {got!r}。",
    ),
})


def double_spend_race(
    q: float, z: int, trials: int = 100_000, seed: int = 0, wait: str = "expected"
) -> float:
    """Share of `trials` double-spend attempts that succeed, for an attacker with hash-power
    share `q` against a merchant who waits for `z` blocks after the payment.

    Each trial plays the whitepaper's story. The attacker mines a secret chain from the
    moment of the payment. While the merchant waits, the attacker finds k blocks:

    - wait="expected" (the whitepaper's model): the honest blocks took exactly their expected
      time, so k is a Poisson draw with mean z·q/p. This is the model that
      `nakamoto_attack_probability` solves, so the two must agree.
    - wait="actual": the merchant waits until the honest chain really has z blocks; every
      block is the attacker's with chance q, so k counts the attacker's blocks before the
      z-th honest one (a negative binomial draw). Rosenfeld (2014) showed this gives
      somewhat higher odds than the whitepaper's formula.

    Then the race: each new block is the attacker's with chance q (one step closer) or
    honest (one step further). The attacker wins on reaching the honest chain's length.

    >>> double_spend_race(0.1, 0, trials=10)
    1.0
    >>> round(double_spend_race(0.2, 1, trials=50_000, seed=7, wait="actual"), 2)
    0.4
    """
    _check_share("q", q)
    _check_count("z", z, 0)
    _check_count("trials", trials, 1)
    if wait not in WAITS:
        raise InputError("sim.err.wait", got=wait, choices=", ".join(WAITS))
    p = 1.0 - q
    if q >= p:
        # With half the hash power or more the attacker catches up for sure (the walk
        # drifts towards him, or for q = 1/2 returns to every point), so there is no race.
        return 1.0
    if q == 0 or z == 0:
        # No blocks at all, or nothing to catch up: the answer is certain.
        return 1.0 if z == 0 else 0.0

    import numpy as np  # lazily: `import ledgerkit` stays light

    rng = np.random.default_rng(seed)
    if wait == "expected":
        attacker_blocks = rng.poisson(z * q / p, size=trials)
    else:
        # numpy counts the failures (attacker blocks, chance q each) before z successes.
        attacker_blocks = rng.negative_binomial(z, p, size=trials)
    behind = z - attacker_blocks
    give_up = _give_up_deficit(q, z)
    racing = behind[behind > 0]
    wins = trials - racing.size  # already level or ahead when the merchant ships
    # All the races step together, one block at a time; finished ones drop out.
    while racing.size:
        attacker_found = rng.random(racing.size) < q
        racing = racing + np.where(attacker_found, -1, 1)
        wins += int(np.count_nonzero(racing == 0))
        racing = racing[(racing > 0) & (racing < give_up)]
    return wins / trials


def _give_up_deficit(q: float, z: int) -> int:
    # From d blocks behind, an attacker ever catches up with chance (q/p)^d (gambler's ruin).
    # We stop a race once the attacker is `give_up` behind, which is beyond any start (z) and
    # far enough that (q/p)^give_up <= GIVE_UP_ODDS: the answer is then low by at most
    # GIVE_UP_ODDS, far below the sampling error of any feasible number of trials.
    ratio = q / (1.0 - q)
    return z + 1 + math.ceil(math.log(GIVE_UP_ODDS) / math.log(ratio))


def selfish_mining(alpha: float, gamma: float, blocks: int = 100_000, seed: int = 0) -> float:
    """Share of the main-chain blocks earned by a selfish pool with hash-power share `alpha`,
    after `blocks` blocks have been found by anyone. `gamma` is the share of honest miners
    who build on the pool's block when two blocks of the same height compete (a tie).

    The pool follows Eyal and Sirer's strategy: keep the blocks it finds secret, and
    publish just enough of them to waste the honest miners' work. The state is the pool's
    private lead over the public chain, plus "tie" (0'), when two branches of equal length
    compete. The rewards of a block are counted once its fate is certain.

    A pool that mines honestly would earn `alpha`; `analytic.selfish_mining_revenue` gives
    the long-run answer of this simulation.

    >>> round(selfish_mining(0.0, 0.5, blocks=1000), 3)
    0.0
    >>> round(selfish_mining(0.3, 1.0, blocks=50_000, seed=2), 2)  # honest mining: 0.3
    0.38
    """
    _check_pool(alpha)
    _check_share("gamma", gamma)
    _check_count("blocks", blocks, 1)
    rng = random.Random(seed)
    lead = 0  # pool's private blocks not yet published beyond the public chain
    tie = False  # state 0': the pool's published branch and an honest one, equally long
    pool = honest = 0  # main-chain blocks whose owner is settled
    for _ in range(blocks):
        if rng.random() < alpha:  # the pool finds the next block
            if tie:
                # It extends its own branch and publishes: its branch wins with both blocks.
                pool += 2
                tie = False
            else:
                lead += 1  # and keeps it secret
        elif tie:  # an honest miner finds the next block during a tie
            if rng.random() < gamma:
                # ...on the pool's branch: the pool's block stays, the honest one joins it.
                pool += 1
                honest += 1
            else:
                # ...on the honest branch: both honest blocks win, the pool's is stale.
                honest += 2
            tie = False
        elif lead == 0:
            honest += 1  # nothing secret: the honest block simply extends the chain
        elif lead == 1:
            # The pool publishes its one secret block at once: two branches of equal length.
            lead = 0
            tie = True
        elif lead == 2:
            # The pool publishes both secret blocks: its branch is longer and wins.
            pool += 2
            lead = 0
        else:
            # Far ahead: the pool publishes one block to match the honest one and still
            # leads, so that block is certain to end on the main chain.
            pool += 1
            lead -= 1
    # Secret blocks still unpublished at the end are left uncounted: at most a few blocks
    # out of `blocks`, which the long-run share does not notice.
    settled = pool + honest
    return pool / settled if settled else 0.0
