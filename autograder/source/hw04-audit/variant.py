"""This class's numbers for hw04-audit (本班的题目数字): see autograder/variants.py.

`draw(rng)` gives every `{{placeholder}}` of hw04-audit.ipynb its value for one class: the
evidence chain's length, payment and rewrite seed (question 1), the voucher platform
(question 2), the reconciliation refs and amounts (question 3) and the loan pool with its
investors' claims (question 5). The answers follow from the draw and are computed here, once
(the rewritten block, the holders, the mismatch kinds, the genuine claims); question 4 asks
for a function and stays as it is.

>>> import random
>>> values = draw(random.Random("a class"))
>>> 3 <= values["q1_rewritten"] < values["q1_last"] - 1 and values["q2_holders"][-1] == "bank"
True
>>> sorted(values["q3_kinds"].values())
['amount', 'book_only', 'chain_only', 'duplicate', 'status']
"""

from __future__ import annotations

import random
from decimal import Decimal

from autograder.variants import Code
from ledgerkit.crypto import sha256
from ledgerkit.merkle import ProofStep, merkle_proof, merkle_root, verify_proof


def draw(rng: random.Random) -> dict:
    """Every placeholder's value for the class whose generator is `rng`."""
    return {**_q1(rng), **_q2(rng), **_q3(rng), **_q5(rng)}


def _q1(rng: random.Random) -> dict:
    """A chain of 9–12 blocks after genesis, one payment a block; the data cell picks the
    rewritten block with random.Random(seed), exactly as here."""
    last, seed = rng.randint(9, 12), f"ledgerkit hw04 {rng.randrange(10**6):06d}"
    rewritten = random.Random(seed).randrange(3, last - 1)
    return {"q1_last": last, "q1_coins": rng.randint(1, 4), "q1_seed": _s(seed),
            "q1_rewritten": rewritten, "q1_bad_index": rewritten + 1,
            "q1_to_remine": last - rewritten + 1}


def _q2(rng: random.Random) -> dict:
    """A voucher split down two tiers; one piece reaches steel, which finances it."""
    root = rng.randrange(10, 31) * 100_000
    to_x = rng.randrange(3, root // 100_000 - 2) * 100_000
    first = rng.randrange(1, to_x // 50_000) * 50_000
    paint_first = rng.randrange(1, (root - to_x) // 50_000) * 50_000
    x, y = rng.sample(["bolts", "paint"], 2)
    piece = f"V1.1.{rng.randint(1, 2)}"
    return {"q2_line": Code(_y(root * rng.choice([2, 3]))), "q2_root": root,
            "q2_root_code": Code(_y(root)), "q2_days": rng.choice([120, 150, 180]),
            "q2_po": _s(f"PO-{rng.randrange(1000, 9999)}"),
            "q2_split": Code(f"[{_y(to_x)}, {_y(root - to_x)}]"), "q2_x": _s(x), "q2_y": _s(y),
            "q2_split_x": Code(f"[{_y(first)}, {_y(to_x - first)}]"),
            "q2_split_y": Code(f"[{_y(paint_first)}, {_y(root - to_x - paint_first)}]"),
            "q2_piece": _s(piece), "q2_piece_text": piece,
            "q2_rate": Code(f'Decimal("{Decimal(rng.randrange(60, 91) * 5) / 10_000}")'),
            "q2_holders": ["gears", x, "steel", "bank"]}


def _q3(rng: random.Random) -> dict:
    """Six payment refs (in order: R1-like paid twice in the book, R2 received, R3 not
    confirmed, R4 with a typo in the book, R5 on chain only, R8 in the book only)."""
    refs = [f"R{n}" for n in sorted(rng.sample(range(10, 100), 6))]
    amounts = [_fen(rng, 100_000, 500_000), _fen(rng, 20_000, 200_000),
               _fen(rng, 10_000, 100_000), _fen(rng, 5_000, 50_000),
               _fen(rng, 1_000, 20_000), _fen(rng, 1_000, 10_000)]
    typo = _typo(rng, amounts[3])
    values = {f"q3_r{i}": Code(f'"{ref}"') for i, ref in zip((1, 2, 3, 4, 5, 8), refs, strict=True)}
    values |= {f"q3_a{i}": Code(f'Decimal("{amount:.2f}")')
               for i, amount in zip((1, 2, 3, 4, 5), amounts[:5], strict=True)}
    values |= {f"q3_b{i}": Code(f'"{sign}{amount:.2f}"') for i, sign, amount in
               ((1, "-", amounts[0]), (2, "", amounts[1]), (3, "-", amounts[2]),
                (4, "-", typo), (8, "-", amounts[5]))}
    kinds = dict(zip(refs, ["duplicate", None, "status", "amount", "chain_only", "book_only"],
                     strict=True))
    values["q3_kinds"] = {ref: kind for ref, kind in kinds.items() if kind}
    # confirmed payments with bank_b on chain: WeBank pays R1 and R4, receives R2
    values["q3_net"] = amounts[1] - amounts[0] - amounts[3]
    return values


def _q5(rng: random.Random) -> dict:
    """A pool of eight loans and five claims: one to three genuine, the others a loan text
    changed after the root was published, a proof of another loan, or a proof whose left
    and right are swapped."""
    texts = [f"loan L-{i:03d} | borrower C-{rng.randrange(10_000, 99_999)} | "
             f"{Decimal(rng.randrange(50_000, 300_000)) * 5 / 2:.2f} yuan" for i in range(1, 9)]
    leaves = [sha256(text.encode()) for text in texts]
    root = merkle_root(leaves)
    fakes = ["altered", "other", "swapped"]
    forged = rng.randint(2, 4)
    kinds = (fakes + [rng.choice(fakes)] if forged == 4 else rng.sample(fakes, forged))
    kinds = rng.sample(kinds + ["genuine"] * (5 - forged), 5)
    lines, genuine = ["{"], []
    for letter, kind, index in zip("ABCDE", kinds, rng.sample(range(8), 5), strict=True):
        text, proof = texts[index], merkle_proof(leaves, index)
        steps = [(step.sibling.hex(), step.sibling_on_left) for step in proof]
        if kind == "altered":
            text += " (restructured)"
        elif kind == "other":
            steps = [(s.sibling.hex(), s.sibling_on_left) for s in merkle_proof(leaves, index ^ 2)]
        elif kind == "swapped":
            steps = [(sibling, not on_left) for sibling, on_left in steps]
        valid = verify_proof(sha256(text.encode()),
                             [ProofStep(bytes.fromhex(s), left) for s, left in steps], root)
        assert valid == (kind == "genuine"), (kind, letter)
        genuine += [letter] if valid else []
        lines += [f'    "{letter}": (', f'        "{text}",', "        ["]
        lines += [f'            ("{sibling}", {on_left}),' for sibling, on_left in steps]
        lines += ["        ],", "    ),"]
    return {"q5_root": _s(root.hex()), "q5_claims": Code("\n".join(lines + ["}"])),
            "q5_genuine": genuine}


def _fen(rng: random.Random, low: int, high: int) -> Decimal:
    """An amount of yuan between `low` and `high`, in steps of half a yuan (0.50)."""
    return Decimal(rng.randrange(low * 100, high * 100, 50)) / 100


def _typo(rng: random.Random, amount: Decimal) -> Decimal:
    """The amount with two neighbouring digits swapped, as a clerk mistypes it."""
    digits = f"{amount:.2f}".replace(".", "")
    places = [i for i in range(1, len(digits) - 1) if digits[i] != digits[i + 1]] or [0]
    i = rng.choice(places)
    digits = digits[:i] + digits[i + 1] + digits[i] + digits[i + 2:]
    return Decimal(digits) / 100


def _s(text: str) -> Code:
    """A string as Python source in double quotes, like the rest of the notebook."""
    return Code(f'"{text}"')


def _y(amount: int) -> str:
    """A whole amount of yuan as Python source with thousands underscores: 1_600_000."""
    return f"{amount:_}"
