"""This class's numbers for hw06-monitoring (本班的题目数字): see autograder/variants.py.

`draw(rng)` gives every `{{placeholder}}` of hw06-monitoring.ipynb its value for one class:
the PBFT group and payment (question 1), the proof-of-work test network (question 2), the
seeds of the dashboard's "stalled" and "partition" scenarios (questions 3 and 4) and the
replicas with the liar among them (question 5). The hidden tests of questions 1 and 2
compute the expected values with ledgerkit; the answers of questions 3 to 5 are worked
out here, once, by playing the scenarios. Question 6 asks for a function and stays.

>>> import random
>>> values = draw(random.Random("a class"))
>>> 0 <= values["q3_stalled"] < 5 and 1 <= len(values["q4_cut_off"]) <= 2
True
>>> 1 <= values["q5_liar"] < values["q5_n"]
True
"""

from __future__ import annotations

import random

from ledgerkit.consensus.pbft import PBFT
from ledgerkit.monitor import Scenario, detect_byzantine

BANKS = ("River Bank", "Harbour Bank", "Lake Bank", "Bridge Bank", "Hill Bank")
STEPS = 8  # the prompts ask for eight steps of each scenario


def draw(rng: random.Random) -> dict:
    """Every placeholder's value for the class whose generator is `rng`."""
    payer, payee = rng.sample(BANKS, 2)
    stalled_seed, partition_seed = rng.sample(range(1, 100), 2)
    return {
        "q1_n": rng.randint(4, 10),
        "q1_message": f"{payer} pays {payee} {rng.randrange(10, 500) * 10_000:,} yuan",
        "q2_nodes": rng.randrange(40, 101, 10), "q2_blocks": rng.randrange(30, 51, 5),
        "q2_interval": rng.randint(10, 20), "q2_seed": rng.randint(1, 99),
        "q2_tx": rng.randrange(1_000, 3_001, 100),
        "q3_seed": stalled_seed, "q3_stalled": _stalled(stalled_seed),
        "q4_seed": partition_seed, "q4_cut_off": _cut_off(partition_seed),
        **_q5(rng, payee, payer),
    }


def _played(kind: str, seed: int) -> Scenario:
    run = Scenario(kind, seed=seed)
    for _ in range(STEPS):
        run.step()
    return run


def _stalled(seed: int) -> int:
    """The node the "stalled" scenario silences."""
    return next(a.node for a in _played("stalled", seed).alerts() if a.kind == "stalled")


def _cut_off(seed: int) -> list[int]:
    """The minority side of the "partition" scenario, in increasing order."""
    groups: dict[int, list[int]] = {}
    for node, group in enumerate(_played("partition", seed).engine.state.group_of):
        groups.setdefault(group, []).append(node)
    return sorted(min(groups.values(), key=len))


def _q5(rng: random.Random, payer: str, payee: str) -> dict:
    """7–13 replicas, one Byzantine, picked in the data cell with random.Random(seed)
    exactly as here; PBFT tolerates it, so the honest replicas still commit."""
    n, pbft_seed = rng.randint(7, 13), rng.randint(1, 30)
    seed = f"hw06 liar {rng.randrange(10**6):06d}"
    liar = random.Random(seed).randrange(1, n)
    message = f"{payer} pays {payee} {rng.randrange(10, 500) * 10_000:,} yuan"
    network = PBFT(n, faulty={liar: "byzantine"}, seed=pbft_seed)
    committed = network.run_request(message).committed
    assert [alarm.node for alarm in detect_byzantine(network)][:1] == [liar]
    return {"q5_n": n, "q5_seed": seed, "q5_pbft_seed": pbft_seed, "q5_message": message,
            "q5_liar": liar, "q5_committed": committed}
