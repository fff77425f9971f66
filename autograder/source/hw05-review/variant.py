"""This class's numbers for hw05-review (本班的题目数字): see autograder/variants.py.

`draw(rng)` gives every `{{placeholder}}` of hw05-review.ipynb its value for one class:
Dora's key seed (question 1), a block's compact bits (question 2), the payments a miner
receives (question 3), the voucher platform (question 4) and the edited financing record
(question 6). The hidden tests compute the expected values with ledgerkit from these
values or the data cells; question 3's accepted payments are worked out here, once.
Question 5 asks for a function and stays as it is.

>>> import random
>>> values = draw(random.Random("a class"))
>>> values["q3_accepted"][0] == "A" and 2 <= len(values["q3_accepted"]) <= 5
True
>>> 0x17 <= int(values["q2_bits"], 16) >> 24 <= 0x1C
True
"""

from __future__ import annotations

import random
from decimal import Decimal

from autograder.variants import Code
from ledgerkit.finance.rates import discount_interest

NAMES = ("dora", "dora.wang", "dora-li", "dora_chen", "dora2026", "dora.zhao")


def draw(rng: random.Random) -> dict:
    """Every placeholder's value for the class whose generator is `rng`."""
    return {"q1_seed": f"{rng.choice(NAMES)}-{rng.randrange(1000, 9999)}",
            **_q2(rng), **_q3(rng), **_q4(rng), **_q6(rng)}


def _q2(rng: random.Random) -> dict:
    """Compact bits as Bitcoin blocks carry them: exponent 0x17–0x1C, a mantissa with its
    top bit clear (Bitcoin's sign bit) and not below 0x008000 (normalised)."""
    bits = f"0x{rng.randint(0x17, 0x1C):02X}{rng.randrange(0x008000, 0x800000):06X}"
    return {"q2_bits": Code(bits), "q2_bits_text": bits}


def _q3(rng: random.Random) -> dict:
    """Seven signed payments from Alice and Bob (50 coins each, account nonces 0): the first
    is accepted; the others are accepted, replays (a nonce already used), gaps (a nonce
    ahead of the account) or overspends: two to five accepted, every refusal at least once."""
    while True:
        lines, accepted, carol, refusals = _payments(rng)
        if 2 <= len(accepted) <= 5 and refusals == {"replay", "gap", "broke"}:
            return {"q3_arriving": Code("\n".join(lines)), "q3_accepted": accepted,
                    "q3_carol": carol}


def _payments(rng: random.Random) -> tuple[list[str], list[str], int, set[str]]:
    balance, nonce, carol, refusals = {"alice": 50, "bob": 50}, {"alice": 0, "bob": 0}, 0, set()
    lines, accepted = ["{"], []
    for letter in "ABCDEFG":
        payer = rng.choice(["alice", "bob"])
        payee = rng.choice(["bob", "carol"] if payer == "alice" else ["alice", "carol"])
        kind = "ok" if letter == "A" else rng.choice(["ok", "ok", "replay", "gap", "broke"])
        if kind == "replay" and nonce[payer] == 0:
            kind = "gap"
        if kind == "ok" and balance[payer] < 5:
            kind = "broke"
        used = {"ok": nonce[payer], "broke": nonce[payer], "replay": nonce[payer] - 1,
                "gap": nonce[payer] + rng.randint(1, 2)}[kind]
        if kind == "ok":
            amount = rng.randrange(5, balance[payer] + 1, 5)
        elif kind == "broke":
            amount = rng.randrange(balance[payer] + 5, balance[payer] + 41, 5)
        else:
            amount = rng.randrange(5, 45, 5)
        if kind == "ok":
            balance[payer] -= amount
            balance[payee] = balance.get(payee, 0) + amount
            nonce[payer] += 1
            carol += amount if payee == "carol" else 0
            accepted.append(letter)
        else:
            refusals.add(kind)
        lines.append(f'    "{letter}": Transaction.create({payer}, {payee}.address, {amount}, '
                     f'nonce={used}),')
    return lines + ["}"], accepted, carol, refusals


def _q4(rng: random.Random) -> dict:
    """A voucher of 0.5–2 million split twice; C finances its piece 10–60 days after issue
    at 3.0–5.0% a year."""
    root = rng.randrange(5, 21) * 100_000
    to_c = rng.randrange(2, root // 100_000) * 100_000
    to_d = rng.randrange(1, to_c // 50_000) * 50_000
    days, after = rng.choice([90, 120, 150, 180]), rng.randrange(10, 61, 5)
    rate = Decimal(rng.randrange(30, 51)) / 1000
    return {"q4_line": Code(_y(root * 2)), "q4_root": Code(_y(root)),
            "q4_days": days, "q4_po": Code(f'"PO-{rng.randrange(10, 99)}"'),
            "q4_split_b": Code(f"[{_y(to_c)}, {_y(root - to_c)}]"),
            "q4_split_c": Code(f"[{_y(to_d)}, {_y(to_c - to_d)}]"),
            "q4_after": after, "q4_rate": Code(f'Decimal("{rate}")'),
            "q4_b": root - to_c, "q4_d": to_d, "q4_financed": to_c - to_d,
            "q4_net": Decimal(to_c - to_d) - discount_interest(to_c - to_d, rate, days - after)}


def _q6(rng: random.Random) -> dict:
    """A financing at 3.5–5.5% edited on one node to 1.5–4%, at least 1.5 points lower.
    Zero to two other calls come before the financing (B splits its own piece early, C
    splits its piece and finances half), so the edited block is not at the same height in
    every class."""
    rate = Decimal(rng.randrange(7, 12)) * 5 / 1000
    fake = Decimal(rng.randrange(3, int(rate * 200) - 2)) * 5 / 1000
    root = rng.randrange(4, 11) * 100_000
    to_c = rng.randrange(2, root // 100_000) * 100_000
    kept = root - to_c
    first = rng.randrange(1, kept // 50_000) * 50_000
    split_kept = f'ledger_copy.split("V1.2", [{_y(first)}, {_y(kept - first)}], by="B")'
    early, c_splits = rng.random() < 0.5, rng.random() < 0.5
    ops = [f'ledger_copy.split("V1", [{_y(to_c)}, {_y(kept)}], by="B")',
           'ledger_copy.transfer("V1.1", "C", by="B")'] + ([split_kept] if early else [])
    piece = "V1.1"
    if c_splits:
        half = rng.randrange(1, to_c // 50_000) * 50_000
        ops.append(f'ledger_copy.split("V1.1", [{_y(half)}, {_y(to_c - half)}], by="C")')
        piece = "V1.1.1"
    days = rng.randrange(10, 41, 5)
    ops += [f"ledger_copy.advance_to(ledger_copy.today + timedelta(days={days}))",
            f'ledger_copy.finance("{piece}", "bank", Decimal("{rate}"), by="C")']
    ops += [] if early else [split_kept]
    return {"q6_line": Code(_y(root * 2)), "q6_root": Code(_y(root)),
            "q6_days": rng.choice([90, 120, 180]), "q6_po": Code(f'"PO-{rng.randrange(10, 99)}"'),
            "q6_ops": Code("\n".join(ops)),
            "q6_rate_arg": f'"{rate}"', "q6_fake_arg": f'"{fake}"',
            "q6_fake_pct": Code(f"{(fake * 100).normalize()}")}


def _y(amount: int) -> str:
    """A whole amount of yuan as Python source with thousands underscores: 900_000."""
    return f"{amount:_}"
