"""Exercises of notebook 08, evidence and notarization (存证): the size of a Merkle proof,
which copy of a contract the chain vouches for, and the day the chain proves.

The notebook builds the same deposit with `loan_case()`, so notebook, check and contract agree.

>>> from ledgerkit.exercises import check
>>> bool(check("apps.evidence.1", 10)), bool(check("apps.evidence.1", 1000))
(True, False)
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ledgerkit.exercise_bank._answers import (
    NOT_A_DATE,
    NOT_A_NUMBER,
    date_answer,
    letter,
    whole_number,
)
from ledgerkit.exercises import Bilingual, exercise
from ledgerkit.finance.evidence import SERVICE, EvidenceDesk, Receipt
from ledgerkit.merkle import merkle_proof

BATCH_SIZE = 1000  # exercise 1: fingerprints sealed in one batch

# Exercise 2 and 3: a loan contract the lender deposits on 3 March 2025 (it says it was signed
# on 1 March); the service seals the batch, with 6 other files, on 5 March.
LOAN = ("Loan contract L-2025-0042. Lender: lender. Borrower: Zhang San. Principal: "
        "50,000.00 yuan. Annual rate: 6%. Term: 12 months. Signed 2025-03-01.")
COPIES = {
    "A": LOAN.replace("50,000.00", "80,000.00"),
    "B": LOAN + " ",
    "C": LOAN,
}
SIGNED, DEPOSITED, SEALED = date(2025, 3, 1), date(2025, 3, 3), date(2025, 3, 5)


def loan_case() -> tuple[EvidenceDesk, Receipt]:
    """The desk and the lender's receipt for exercises 2 and 3.

    >>> desk, receipt = loan_case(); receipt.batch, len(receipt.proof)
    (1, 3)
    """
    desk = EvidenceDesk(start=DEPOSITED)
    desk.service.deposit("L-7", LOAN.encode("utf-8"), by="lender")
    for n in range(6):
        desk.service.deposit(f"W-{n}", f"web page capture {n}".encode(), by="author_co")
    desk.advance_to(SEALED)
    desk.service.seal(by=SERVICE)
    return desk, desk.service.receipt("L-7")


def _copy_in_force() -> str:
    desk, receipt = loan_case()
    (right,) = [name for name, text in COPIES.items()
                if desk.verify(text.encode("utf-8"), receipt).ok]
    return right


def _proven_day() -> date:
    desk, receipt = loan_case()
    return desk.verify(LOAN.encode("utf-8"), receipt).day


@exercise(
    "apps.evidence.1",
    reference=lambda: len(merkle_proof([bytes(32)] * BATCH_SIZE, 0)),
    wrong_answers=(1000, 999, 500, 9, 11, 3, 2),
    why=(
        "Each step up the tree halves the level (rounding up): 1000 → 500 → 250 → 125 → 63 → 32 "
        "→ 16 → 8 → 4 → 2 → 1, ten steps, one sibling hash each — the ceiling of log2(1000). "
        "320 bytes prove one file among a thousand.",
        "每向上一层，节点数减半（向上取整）：1000 → 500 → 250 → 125 → 63 → 32 → 16 → 8 → 4 → "
        "2 → 1，共十步，每步一个兄弟哈希，即 log2(1000) 向上取整。320 字节就能在一千个文件中"
        "证明其中一个。",
    ),
)
def _proof_length(answer: Any) -> Bilingual | None:
    given = whole_number(answer)
    if given is None:
        return NOT_A_NUMBER
    if given == len(merkle_proof([bytes(32)] * BATCH_SIZE, 0)):
        return None
    if given >= 100:
        return ("The receipt does not carry the other fingerprints, only one sibling per level "
                "of the tree.", "凭证不包含其他所有哈希值，树的每一层只需一个兄弟哈希。")
    if given in (9, 11):
        return ("Close: count the levels. 2**9 = 512 is too few for 1000 leaves; 2**10 = 1024 "
                "is enough.", "很接近：数一数层数。2**9 = 512 装不下 1000 个叶子；2**10 = 1024 "
                "就够了。")
    return ("Halve 1000 again and again (rounding up) until one root is left, and count the "
            "steps; or try len(merkle_proof(...)) on 1000 leaves.",
            "把 1000 反复减半（向上取整）直到只剩一个根，数一数步数；或者对 1000 个叶子试试 "
            "len(merkle_proof(...))。")


@exercise(
    "apps.evidence.2",
    reference=_copy_in_force,
    wrong_answers=("A", "B"),
    why=(
        "Only C hashes to the fingerprint in the receipt. A changed the principal; B only "
        "added a space at the end — but SHA-256 sees every byte, so B is a different file too.",
        "只有 C 的哈希值与凭证中的哈希值一致。A 改了本金；B 只是在末尾多了一个空格——但 "
        "SHA-256 对每个字节都敏感，所以 B 也是另一个文件。",
    ),
)
def _which_copy(answer: Any) -> Bilingual | None:
    given = letter(answer, "ABC")
    if given is None:
        return ('Give one letter in quotes: "A", "B" or "C".',
                '请给出一个带引号的字母："A"、"B" 或 "C"。')
    if given == _copy_in_force():
        return None
    if given == "B":
        return ("Look at the very end of B. Does one more space change the SHA-256?",
                "仔细看 B 的最末尾。多一个空格，SHA-256 会变吗？")
    return ("Compare A's principal with the contract's. Check each copy with "
            "desk.verify(text.encode(), receipt).",
            "把 A 的本金与合同比较一下。用 desk.verify(text.encode(), receipt) 逐一核验。")


@exercise(
    "apps.evidence.3",
    reference=_proven_day,
    wrong_answers=(SIGNED, DEPOSITED, date(2025, 3, 6), "2025-03-03"),
    why=(
        "The chain vouches for the day the batch's root was anchored, 5 March 2025: the file "
        "existed, exactly as it is, by then. The 1 March signing date is only what the file "
        "says, and the 3 March deposit is only the service's word until the root is on chain.",
        "链能担保的是该批次默克尔根锚定的日期，即 2025 年 3 月 5 日：文件最晚在那一天已经原样存在。"
        "3 月 1 日的签署日期只是文件自己的说法；3 月 3 日交给存证平台，在默克尔根上链之前也只是"
        "平台的一面之词。",
    ),
)
def _which_day(answer: Any) -> Bilingual | None:
    given = date_answer(answer)
    if given is None:
        return NOT_A_DATE
    if given == _proven_day():
        return None
    if given == SIGNED:
        return ("That is the date the contract says it was signed: the chain cannot check what "
                "a file says about itself.", "这是合同自称的签署日期：链无法核实文件对自己的描述。")
    if given == DEPOSITED:
        return ("On 3 March only the service had the fingerprint, off the chain. When did the "
                "chain get something?", "3 月 3 日只有存证平台在链下拿到了哈希值。链是什么时候"
                "才记录下东西的？")
    return ("Use desk.verify(...).day: the day the chain anchored the batch's root.",
            "用 desk.verify(...).day：链锚定该批次默克尔根的日期。")

