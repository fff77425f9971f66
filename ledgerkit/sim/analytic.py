"""Closed-form results that the simulations are checked against (解析公式).

Four classic formulas:

- the Bitcoin whitepaper's double-spend odds (双花攻击成功概率), section 11;
- how many confirmations (确认数) keep those odds below a limit;
- Eyal and Sirer's revenue of a selfish-mining (自私挖矿) pool, and the pool size above which
  selfish mining pays;
- the stale-block rate (孤块率) for a given propagation delay.

>>> round(nakamoto_attack_probability(0.1, 1), 7)
0.2045873
>>> blocks_needed(0.1, 0.001)
5
"""

from __future__ import annotations

import math

from ledgerkit.errors import InputError
from ledgerkit.i18n import register_strings

# blocks_needed gives up here: past this many confirmations the odds are too close to 1
# to be worth waiting for (the whitepaper's own table stops at 340, for q = 0.45).
MAX_BLOCKS = 100_000

register_strings({
    "sim.err.share": (
        "{name} must be a share of the hash power from 0 to 1; got {got!r}.",
        "{name} 必须是 0 到 1 之间的算力占比；实际为 {got!r}。",
    ),
    "sim.err.pool": (
        "alpha must be the pool's share of the hash power, from 0 to 0.5 (the selfish-mining "
        "model is for a minority pool); got {got!r}.",
        "alpha 必须是矿池的算力占比，在 0 到 0.5 之间（自私挖矿模型针对少数矿池）；"
        "实际为 {got!r}。",
    ),
    "sim.err.count": (
        "{name} must be a whole number >= {low}; got {got!r}.",
        "{name} 必须是不小于 {low} 的整数；实际为 {got!r}。",
    ),
    "sim.err.probability": (
        "{name} must be a probability strictly between 0 and 1; got {got!r}.",
        "{name} 必须是严格介于 0 和 1 之间的概率；实际为 {got!r}。",
    ),
    "sim.err.seconds": (
        "{name} must be a number of seconds {rule}; got {got!r}.",
        "{name} 必须是{rule_zh}的秒数；实际为 {got!r}。",
    ),
    "sim.err.majority": (
        "An attacker with q = {q} holds at least half of the hash power: the attack always "
        "succeeds, so no number of confirmations is enough.",
        "攻击者算力占比 q = {q}，不少于一半：攻击必然成功，等待多少个确认都不够。",
    ),
})


def nakamoto_attack_probability(q: float, z: int) -> float:
    """Chance that an attacker with hash-power share `q` ever overtakes the honest chain
    when the merchant waits for `z` blocks after the payment (the whitepaper, section 11).

    While the merchant waits, the attacker's secret chain grows by a Poisson number of blocks
    with mean λ = z·q/p (p = 1 − q). From k blocks, the attacker is z − k behind, and catches
    up with the gambler's-ruin (赌徒破产) probability (q/p)^(z−k):

        P = 1 − Σ_{k=0..z} Poisson(k; λ) · (1 − (q/p)^(z−k))

    An attacker with half the hash power or more always catches up (P = 1).

    >>> round(nakamoto_attack_probability(0.3, 5), 7)
    0.1773523
    >>> nakamoto_attack_probability(0.5, 6)
    1.0
    """
    _check_share("q", q)
    _check_count("z", z, 0)
    p = 1.0 - q
    if q >= p:
        return 1.0
    lam = z * q / p
    poisson = math.exp(-lam)  # Poisson(0; λ); each later term is the previous times λ/k
    total = 1.0
    for k in range(z + 1):
        if k > 0:
            poisson *= lam / k
        total -= poisson * (1.0 - (q / p) ** (z - k))
    # Rounding can leave a tiny negative number when the true answer is ~0.
    return min(1.0, max(0.0, total))


def blocks_needed(q: float, p_max: float) -> int:
    """The fewest confirmations z that bring the whitepaper's attack odds below `p_max`
    (the whitepaper's "solving for P less than 0.1%" table).

    >>> [blocks_needed(q, 0.001) for q in (0.10, 0.30, 0.45)]
    [5, 24, 340]
    """
    _check_share("q", q)
    if not _is_number(p_max) or not 0 < p_max < 1:
        raise InputError("sim.err.probability", name="p_max", got=p_max)
    if q >= 0.5:
        raise InputError("sim.err.majority", q=q)
    for z in range(MAX_BLOCKS + 1):
        if nakamoto_attack_probability(q, z) < p_max:
            return z
    raise InputError("sim.err.majority", q=q)


def selfish_mining_revenue(alpha: float, gamma: float) -> float:
    """The share of main-chain blocks (and so of the rewards) that a selfish pool with
    hash-power share `alpha` earns, when a share `gamma` of the honest miners builds on the
    pool's block during a tie (Eyal and Sirer, "Majority is not enough", 2014):

        R = [α(1−α)²(4α + γ(1−2α)) − α³] / [1 − α(1 + (2−α)α)]

    An honest pool earns exactly α; selfish mining pays when R > α. The model holds for
    pools below half the hash power; at α = 1/2 the pool already takes every block (R = 1).

    >>> round(selfish_mining_revenue(0.4, 0.0), 4)
    0.4837
    >>> round(selfish_mining_revenue(1 / 3, 0.0), 12)
    0.333333333333
    """
    _check_pool(alpha)
    _check_share("gamma", gamma)
    a, g = alpha, gamma
    numerator = a * (1 - a) ** 2 * (4 * a + g * (1 - 2 * a)) - a**3
    denominator = 1 - a * (1 + (2 - a) * a)  # at least 1/8 for α in [0, 1/2]
    return numerator / denominator


def selfish_mining_threshold(gamma: float) -> float:
    """The smallest pool (share of hash power) for which selfish mining beats honest mining:
    (1 − γ) / (3 − 2γ). A third for γ = 0, a quarter for γ = 1/2, any pool at all for γ = 1.

    >>> selfish_mining_threshold(0.0), selfish_mining_threshold(0.5), selfish_mining_threshold(1)
    (0.3333333333333333, 0.25, 0.0)
    """
    _check_share("gamma", gamma)
    return (1 - gamma) / (3 - 2 * gamma)


def stale_rate(delay_s: float, interval_s: float) -> float:
    """Share of blocks that go stale (孤块率) when a block needs `delay_s` seconds to reach
    the other miners and blocks come every `interval_s` seconds on average: the chance that
    someone else finds a block during the delay, 1 − exp(−d/T).

    >>> round(stale_rate(10, 600), 4)
    0.0165
    """
    if not _is_number(delay_s) or delay_s < 0:
        raise InputError("sim.err.seconds", name="delay_s", got=delay_s,
                         rule=">= 0", rule_zh="不小于 0 ")
    if not _is_number(interval_s) or interval_s <= 0:
        raise InputError("sim.err.seconds", name="interval_s", got=interval_s,
                         rule="> 0", rule_zh="大于 0 ")
    return 1.0 - math.exp(-delay_s / interval_s)


def _is_number(value: object) -> bool:
    return (isinstance(value, (int, float)) and not isinstance(value, bool)
            and math.isfinite(value))


def _check_share(name: str, value: object) -> None:
    if not _is_number(value) or not 0 <= value <= 1:
        raise InputError("sim.err.share", name=name, got=value)


def _check_pool(alpha: object) -> None:
    if not _is_number(alpha) or not 0 <= alpha <= 0.5:
        raise InputError("sim.err.pool", got=alpha)


def _check_count(name: str, value: object, low: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        raise InputError("sim.err.count", name=name, low=low, got=value)
