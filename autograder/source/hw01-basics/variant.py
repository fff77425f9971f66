"""This class's numbers for hw01-basics (本班的题目数字): see autograder/variants.py.

`draw(rng)` gives every `{{placeholder}}` of hw01-basics.ipynb its value for one class.
Answers that need work to find (the winning nonce) are computed here, once, at release;
the others are computed by the hidden tests from the same values.

>>> import random
>>> values = draw(random.Random("a class"))
>>> 1 <= len(values["q2_genuine"]) <= 2 and values["q6_a"] + values["q6_b"] <= 50
True
"""

from __future__ import annotations

import random

from autograder.variants import Code
from ledgerkit.block import BlockHeader, bits_for_zero_bits, mine
from ledgerkit.crypto import KeyPair, display_hex, double_sha256, sha256

PAYEES = ("Bob", "Carol", "Dora", "Erin", "Frank", "Grace", "Hui", "Lei", "Mei", "Tao")


def draw(rng: random.Random) -> dict:
    """Every placeholder's value for the class whose generator is `rng`."""
    q1 = f"Pay {rng.choice(PAYEES)} {rng.randrange(120, 9_990)} yuan".encode()
    orders, genuine = _orders(rng)
    payer, payee = rng.sample(PAYEES, 2)
    payment = f"{payer} pays {payee} {rng.randrange(2, 99)}".encode()
    a, b = rng.randrange(5, 30), rng.randrange(1, 15)
    return {
        "q1_text": q1.decode(), "q1_bytes": q1,
        "q2_orders": Code(orders), "q2_genuine": genuine,
        "q3_payment": payment, "q3_nonce": _winning_nonce(payment),
        "q4_txids": Code(_txids(rng)),
        "q6_a": a, "q6_b": b, "q6_c": rng.randrange(a + 10, min(50 + a, 95)),
    }


def _orders(rng: random.Random) -> tuple[str, list[str]]:
    """Four orders claiming to come from Alice: one changed after signing, one or two signed
    by Mallory, the rest genuine; as the source of a dict literal, and the genuine letters."""
    alice, mallory = KeyPair.from_seed("alice"), KeyPair.from_seed("mallory")
    kinds = ["altered", "forged"] + rng.sample(["genuine", "forged", "genuine"], 2)
    rng.shuffle(kinds)
    lines, genuine = ["{"], []
    for letter, kind in zip("ABCD", kinds, strict=True):
        amount = rng.choice([75, 200, 480, 1_000, 1_250, 4_800, 9_600])
        message = f"Pay {rng.choice(PAYEES)} {amount:,} yuan. -- Alice".encode()
        signature = (mallory if kind == "forged" else alice).sign(message)
        if kind == "altered":
            message = message.replace(f"{amount:,}".encode(), f"{amount * 10:,}".encode())
        genuine += [letter] if kind == "genuine" else []
        lines += [f'    "{letter}": (', f"        {message!r},", f'        "{signature.hex()}",',
                  "    ),"]
    return "\n".join(lines + ["}"]), genuine


def _winning_nonce(payment: bytes) -> int:
    header = BlockHeader(version=1, prev_hash=sha256(b"hw01 parent block"),
                         merkle_root=sha256(payment), timestamp=1_700_000_000,
                         bits=bits_for_zero_bits(14), nonce=0)
    return mine(header).nonce


def _txids(rng: random.Random) -> str:
    """Five txids as a block explorer shows them, as the source of a list literal."""
    txids = [display_hex(double_sha256(rng.randbytes(60))) for _ in range(5)]
    return "[\n" + "".join(f'    "{txid}",\n' for txid in txids) + "]"
