"""This class's numbers for hw08-more-applications (本班的题目数字): see autograder/variants.py.

`draw(rng)` gives every `{{placeholder}}` of hw08-more-applications.ipynb its value for one
class; the hidden tests compute every expected answer from the same values with ledgerkit.
Amounts are `Decimal` (a code cell gets `Decimal('1234.00')`, the prompt `1,234.00`).
The ranges are the course's examples, not market quotes.

>>> import random
>>> values = draw(random.Random("a class"))
>>> 0 <= values["ev_index"] < values["ev_count"] and values["aml_max_hops"] in (2, 3, 4)
True
>>> values == draw(random.Random("a class"))
True
"""

from __future__ import annotations

import random
from decimal import Decimal


def draw(rng: random.Random) -> dict:
    """Every placeholder's value for the class whose generator is `rng`."""
    return {**_crossborder(rng), **_funds(rng), **_evidence(rng), **_aml(rng),
            **_insurance(rng), **_securities(rng)}


def _yuan(whole: int, fen: int = 0) -> Decimal:
    return Decimal(f"{whole}.{fen:02d}")


def _fen(cents: int) -> Decimal:
    return _yuan(cents // 100, cents % 100)


def _crossborder(rng: random.Random) -> dict:
    """Sent at any minute of the day, so about half the classes meet a cut-off or a night;
    Shenzhen cut-off 15:00, 16:00 or 17:00; rates 0.1360–0.1419 USD a yuan and 33.00–36.99
    baht a dollar."""
    return {
        "xb_sent": _yuan(rng.randrange(200_000, 3_000_000)),
        "xb_sent_at": rng.randrange(0, 24 * 60),
        "xb_cutoff_sz": rng.choice([15 * 60, 16 * 60, 17 * 60]),
        "xb_fee_cny": _yuan(rng.randrange(50, 300)),
        "xb_fee_hk": _yuan(rng.randrange(10, 40), rng.randrange(100)),
        "xb_fee_bkk": _yuan(rng.randrange(10, 40), rng.randrange(100)),
        "xb_cny_usd": Decimal(f"0.{rng.randrange(1360, 1420)}"),
        "xb_usd_thb": _fen(rng.randrange(3300, 3700)),
    }


def _funds(rng: random.Random) -> dict:
    """Contract 300,000–900,000 yuan; three wage contracts of 5,000–40,000; two direct
    payments of 10–33% of what is not ring-fenced; the request within 5,000 yuan above or
    below what is left, so it is refused about half the time (never equal to it)."""
    contract = rng.randrange(300_000, 900_000) * 100  # in fen
    wages = [rng.randrange(5_000_00, 40_000_00) for _ in range(3)]
    room = contract - sum(wages)
    paid = [rng.randrange(room // 10, room // 3) for _ in range(2)]
    request = room - sum(paid) + rng.choice([-1, 1]) * rng.randrange(1, 5_000_00)
    return {"fp_contract": _fen(contract), "fp_wage_a": _fen(wages[0]),
            "fp_wage_b": _fen(wages[1]), "fp_wage_c": _fen(wages[2]),
            "fp_paid_1": _fen(paid[0]), "fp_paid_2": _fen(paid[1]), "fp_request": _fen(request)}


def _evidence(rng: random.Random) -> dict:
    """5–40 files (proofs of 3–6 hashes; odd counts use the pair-with-itself rule)."""
    count = rng.randrange(5, 41)
    return {"ev_count": count, "ev_index": rng.randrange(count),
            "ev_base": rng.randrange(20, 200) * 1000, "ev_step": rng.randrange(1, 50) * 100}


def _aml(rng: random.Random) -> dict:
    """The hop limit (2, 3 or 4) picks the 2-hop shell edge, the 3-hop shell path or the 4-hop
    trade_ chain, which carries the most; zhang's two same-day deposits total 34,000–65,000,
    liu stays under 50,000 a day, chen's single deposit sits on the 50,000 boundary."""
    def money(low: int, high: int, step: int = 1000) -> Decimal:
        return _yuan(rng.randrange(low, high + 1, step))

    ab = rng.randrange(150_000, 250_001, 1000)
    return {
        "aml_max_hops": rng.choice([2, 3, 4]),
        "aml_sa": money(400_000, 600_000), "aml_ab": _yuan(ab),
        "aml_bc": money(ab - 40_000, ab - 10_000), "aml_ac": money(60_000, 100_000),
        "aml_s1": money(320_000, 380_000), "aml_t12": money(310_000, 319_000),
        "aml_t23": money(300_000, 309_000), "aml_t3c": money(280_000, 299_000),
        "aml_z1": money(20_000, 35_000, 500), "aml_z2": money(14_000, 30_000, 500),
        "aml_l1": money(45_000, 49_500, 500), "aml_l2": money(45_000, 49_500, 500),
        "aml_c1": Decimal(rng.choice(["49500.00", "49999.99", "50000.00", "50000.01",
                                      "52000.00"])),
    }


def _insurance(rng: random.Random) -> dict:
    """Bill 1 below the deductible, bill 2 crosses what is left of it, bill 3 large; with a
    cover of 100,000 or 200,000 the third bill can exhaust the cover."""
    deductible = rng.choice([5_000, 8_000, 10_000, 20_000])
    return {
        "ins_cover": _yuan(rng.choice([100_000, 200_000, 500_000, 2_000_000])),
        "ins_deductible": _yuan(deductible),
        "ins_share_pct": rng.choice([20, 25, 30, 40, 50]),
        "ins_bill_1": _yuan(rng.randrange(1_000, deductible), rng.randrange(100)),
        "ins_bill_2": _yuan(rng.randrange(deductible, 4 * deductible), rng.randrange(100)),
        "ins_bill_3": _yuan(rng.randrange(20_000, 300_000), rng.randrange(100)),
    }


def _securities(rng: random.Random) -> dict:
    """Shares 1,000–9,000 in lots of 100; one base price of 5.00–30.00 yuan, each trade
    within 0.30 of it."""
    shares = [rng.randrange(1_000, 9_001, 100) for _ in range(3)]
    base = rng.randrange(500, 3_000)  # in fen
    prices = [_fen(base + rng.randrange(-30, 31)) for _ in range(3)]
    return {"sec_q1": shares[0], "sec_q2": shares[1], "sec_q3": shares[2],
            "sec_p1": prices[0], "sec_p2": prices[1], "sec_p3": prices[2]}
