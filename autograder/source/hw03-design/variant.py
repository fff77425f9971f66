"""This class's numbers for hw03-design (本班的题目数字): see autograder/variants.py.

`draw(rng)` gives every `{{placeholder}}` of hw03-design.ipynb its value for one class: the
working group's five scores (question 1), the committee's "maybe" band (question 2), the
node counts whose PBFT messages are counted (question 5) and the data a factoring platform
lists (question 6). The hidden tests compute every expected answer from these values with
ledgerkit; questions 3 and 4 ask for a design and a function and stay as they are.

>>> import random
>>> values = draw(random.Random("a class"))
>>> Decimal(2) <= values["q2_low"] < Decimal(3) <= values["q2_high"] <= Decimal(4)
True
>>> len(values["q5_nodes"]) == 4 and values["q5_nodes"] == sorted(values["q5_nodes"])
True
"""

from __future__ import annotations

import random
from decimal import Decimal

from ledgerkit.design import DATA, FACTORS, SCENARIOS, assess

# Question 6: a factoring platform always lists its receivables and one form of its
# invoices; the other six items are drawn from the rest of the course's DATA catalogue.
ALWAYS = ("receivables",)
INVOICES = ("invoices", "invoice_hashes")


def draw(rng: random.Random) -> dict:
    """Every placeholder's value for the class whose generator is `rng`."""
    nodes = sorted(rng.sample(range(4, 17), 4))
    return {
        # a warehouse-receipt platform: writers who distrust each other, a keen regulator
        "q1_trust": rng.randint(3, 5), "q1_joint": rng.randint(2, 5),
        "q1_steps": rng.randint(2, 5), "q1_domains": rng.randint(1, 4),
        "q1_regulation": rng.randint(3, 5),
        **_band(rng),
        "q5_nodes": nodes, "q5_nodes_text": ", ".join(map(str, nodes[:3])) + f" and {nodes[3]}",
        "q5_nodes_zh": "、".join(map(str, nodes[:3])) + f" 和 {nodes[3]}",
        "q6_items": tuple(_items(rng)),
    }


def _band(rng: random.Random) -> dict:
    """The committee's band "maybe", from 2.0–2.9 up to 3.0–4.0, holding at least one of
    the course's scenarios when all factors weigh the same (else the answer is a guess)."""
    scores = [assess(s, weights=dict.fromkeys(FACTORS, 1)).score for s in SCENARIOS.values()]
    while True:
        low, high = Decimal(rng.randrange(20, 30)) / 10, Decimal(rng.randrange(30, 41)) / 10
        if any(low <= score < high for score in scores):
            return {"q2_low": low, "q2_high": high}


def _items(rng: random.Random) -> list[str]:
    """Eight data items, at least two that may go on chain and two that may not."""
    others = [name for name in DATA if name not in ALWAYS + INVOICES]
    while True:
        items = [*ALWAYS, rng.choice(INVOICES), *rng.sample(others, 6)]
        on_chain = sum(DATA[name].kind in ("record", "hash") for name in items)
        if 2 <= on_chain <= len(items) - 2:
            rng.shuffle(items)
            return items
