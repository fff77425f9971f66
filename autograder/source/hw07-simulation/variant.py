"""This class's numbers for hw07-simulation (本班的题目数字): see autograder/variants.py.

`draw(rng)` gives every `{{placeholder}}` of hw07-simulation.ipynb its value for one class:
the propagation delay and stale-rate target (question 1), the merchant's risk limit and
attackers (question 3), the selfish pool and tie rule (question 4) and the simulated
network (question 5). The hidden tests compute every expected value from these with
ledgerkit's analytic formulas and simulator (each well under a second); questions 2 and
6 ask for functions and stay as they are. The names `stale_15`, `minutes_q25` and
`threshold_half` keep their fixed T = 15 s, q = 25% and γ = 0.5.

>>> import random
>>> values = draw(random.Random("a class"))
>>> values["q3_qs"] == sorted(values["q3_qs"]) and len(values["q3_qs"]) == 4
True
>>> 1.0 <= values["q1_d"] <= 4.0 and 0.0 <= values["q4_gamma"] <= 0.3
True
"""

from __future__ import annotations

import random


def draw(rng: random.Random) -> dict:
    """Every placeholder's value for the class whose generator is `rng`."""
    pct = rng.choice([0.5, 1.0, 1.5, 2.0])
    p_max = rng.choice([0.0005, 0.001, 0.002, 0.005])
    qs = sorted(rng.sample([0.05, 0.1, 0.15, 0.2, 0.3, 0.35], 4))
    alphas = sorted(rng.sample([round(0.06 + 0.02 * i, 2) for i in range(20)], 8))
    return {
        # a block reaches the other miners in 1–4 s (Bitcoin measured a few seconds)
        "q1_d": rng.randrange(2, 9) / 2, "q1_pct": f"{pct:g}", "q1_share": pct / 100,
        "q3_p_max": p_max, "q3_p_max_pct": f"{p_max * 100:g}",
        "q3_qs": qs, "q3_qs_text": ", ".join(map(str, qs[:3])) + f" and {qs[3]}",
        "q3_qs_zh": "、".join(map(str, qs[:3])) + f" 和 {qs[3]}",
        "q4_alpha": rng.choice([0.2, 0.25, 0.3, 0.35, 0.4, 0.45]),
        "q4_gamma": rng.choice([0.0, 0.1, 0.2, 0.3]), "q4_alphas": tuple(alphas),
        "q5_nodes": rng.randrange(100, 301, 50), "q5_blocks": rng.randrange(150, 251, 25),
        "q5_interval": rng.randrange(10, 31, 5), "q5_seed": rng.randint(1, 99),
    }
