"""Proof of stake as Ethereum runs it since the Merge, 15 September 2022 (权益证明).

Validators (验证者) lock ETH as a stake (质押): at least 32 ETH each (since the Pectra upgrade
of May 2025 one validator may count up to 2,048 ETH, EIP-7251). Time runs in 12-second
slots (时隙), 32 slots make an epoch (纪元, 6.4 minutes). For each slot one validator is
chosen pseudo-randomly, weighted by its stake, to propose the block; committees of other
validators attest (投票证明) to it. Casper FFG finalizes a checkpoint once validators with
two thirds of the stake have voted for it and for the next one: about two epochs, 12.8
minutes. A validator that signs two conflicting votes can be proven to have cheated and is
slashed (罚没): part of its stake is burnt and it is thrown out. No mining, hence the Ethereum
Foundation's estimate that the Merge cut Ethereum's energy use by about 99.95%.
(Ethereum consensus specs, phase0 `compute_proposer_index` and `is_slashable_attestation_data`;
ethereum.org "Proof-of-stake" and "Energy consumption" pages.)

This teaching model keeps two rules: the stake-weighted lottery and the slashing test. The
lottery uses a seeded generator where Ethereum uses RANDAO, so a class sees the same draw.

>>> proposers = choose_proposers({"Ann": 75, "Dora": 25}, slots=4_000, seed=1)
>>> round(proposers.count("Dora") / len(proposers), 2)
0.25
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass

from ledgerkit.errors import InputError
from ledgerkit.i18n import register_strings

MIN_STAKE_ETH = 32  # to activate a validator (phase0 MAX_EFFECTIVE_BALANCE; floor kept by EIP-7251)
SLOT_SECONDS = 12  # phase0 SECONDS_PER_SLOT
SLOTS_PER_EPOCH = 32  # phase0 SLOTS_PER_EPOCH
EPOCHS_TO_FINALITY = 2  # a checkpoint is final once the next epoch's checkpoint is justified


def finality_seconds(epochs: int = EPOCHS_TO_FINALITY) -> int:
    """Seconds until a block is final in the normal case: two epochs of 32 slots of 12 s.

    >>> finality_seconds() / 60
    12.8
    """
    return epochs * SLOTS_PER_EPOCH * SLOT_SECONDS


def choose_proposers(stakes: Mapping[str, int], slots: int, seed: int = 0) -> list[str]:
    """The proposer of each of `slots` slots, drawn with probability stake ÷ total stake.

    >>> choose_proposers({"Ann": 32, "Ben": 32}, slots=3, seed=7)
    ['Ann', 'Ann', 'Ben']
    """
    if not stakes or any(isinstance(s, bool) or not isinstance(s, int) or s < 0
                         for s in stakes.values()) or sum(stakes.values()) == 0:
        raise InputError("pos.stakes", got=dict(stakes))
    if isinstance(slots, bool) or not isinstance(slots, int) or slots < 0:
        raise InputError("err.field_range", field="slots", low=0, high="∞", got=slots)
    lottery = random.Random(seed)
    names = list(stakes)
    return lottery.choices(names, weights=[stakes[name] for name in names], k=slots)


@dataclass(frozen=True)
class Vote:
    """An attestation: `validator` votes that checkpoint `target` (in epoch `target_epoch`)
    follows from the justified checkpoint of `source_epoch`."""

    validator: str
    source_epoch: int
    target_epoch: int
    target: str


def slashable(first: Vote, second: Vote) -> bool:
    """True when one validator signed two votes that Casper FFG forbids: a double vote (two
    different targets in one epoch) or a surround vote (one vote's span inside the other's).

    >>> slashable(Vote("Ann", 0, 1, "block A"), Vote("Ann", 0, 1, "block B"))
    True
    >>> slashable(Vote("Ann", 0, 1, "block A"), Vote("Ann", 1, 2, "block C"))
    False
    """
    if first.validator != second.validator or first == second:
        return False
    double = first.target_epoch == second.target_epoch
    surround = (first.source_epoch < second.source_epoch and second.target_epoch
                < first.target_epoch) or (second.source_epoch < first.source_epoch
                                          and first.target_epoch < second.target_epoch)
    return double or surround


register_strings({
    "pos.stakes": (
        "Stakes must map each validator to a whole, non-negative amount, with some stake in "
        "total; got {got!r}.",
        "质押必须把每个验证者对应到一个非负整数，且总质押大于零；实际为 {got!r}。",
    ),
})
