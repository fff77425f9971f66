"""Exercises of the insurance-claims notebook (健康险理赔, course/02-applications/11-insurance-
claims.ipynb): what the insurer pays, what the reinsurer pays back, which claim the chain refuses.

Each reference answer runs `ledgerkit.finance.insurance`, so the notebook, its check and the
contract agree to the fen. The data the notebook hands out lives here too.

>>> from ledgerkit.exercises import check
>>> bool(check("apps.insurance.1", Decimal("34600.50"))), bool(check("apps.insurance.1", 1))
(True, False)
"""

from __future__ import annotations

import functools
from datetime import date
from decimal import Decimal
from typing import Any

from ledgerkit.contracts import ContractError
from ledgerkit.exercise_bank._answers import NOT_A_LETTER, ROUND_TO_FEN, letter, money_answer
from ledgerkit.exercises import Bilingual, exercise
from ledgerkit.finance.insurance import InsuranceDesk, bill_commitment
from ledgerkit.finance.rates import to_fen

# The notebook's data: a policy year from 1 January 2025, cover 2,000,000, deductible 10,000.
COVER, DEDUCTIBLE = Decimal(2_000_000), Decimal(10_000)
FIRST_BILL = ("Clinic bill 2025-0031, 6,000.00 yuan", b"key-0031", Decimal(6_000),
              date(2025, 2, 10))
SECOND_BILL = ("Inpatient bill 2025-0457, 38,600.50 yuan", b"key-0457", Decimal("38600.50"),
               date(2025, 3, 1))
QUOTA_SHARE = Decimal("0.4")


def _desk(share: Decimal | None = QUOTA_SHARE) -> InsuranceDesk:
    """The notebook's platform: insurer_a's policy P-1, both bills attested by the hospital."""
    desk = InsuranceDesk(start=date(2025, 3, 3))
    for member in ("insurer_a", "insurer_b", "reinsurer"):
        desk.deposit(Decimal(500_000), by=member)
    if share:
        desk.treaty("reinsurer", share, by="insurer_a")
    desk.issue_policy("P-1", insured="patient", cover=COVER, deductible=DEDUCTIBLE,
                      start=date(2025, 1, 1), by="insurer_a")
    for text, key, amount, treated in (FIRST_BILL, SECOND_BILL):
        desk.attest(bill_commitment(text, key), amount=amount, treated=treated, by="hospital")
    return desk


def _claim(desk: InsuranceDesk, claim_id: str, bill: tuple) -> Decimal:
    """File, approve and pay the whole of `bill` under P-1; the payout."""
    text, key, amount, _ = bill
    desk.file_claim(claim_id, "P-1", bill_commitment(text, key), amount=amount, by="patient")
    paid = desk.assess(claim_id, approve=True, by="insurer_a")
    desk.pay_claim(claim_id, by="insurer_a")
    return paid


@functools.cache
def _second_payout() -> Decimal:
    desk = _desk()
    _claim(desk, "C-1", FIRST_BILL)
    return _claim(desk, "C-2", SECOND_BILL)


# --- 1: what the insurer pays on the second bill ----------------------------------------------
_NO_DEDUCTIBLE = SECOND_BILL[2]
_FULL_DEDUCTIBLE_AGAIN = SECOND_BILL[2] - DEDUCTIBLE
_FIRST_BILL_SUBTRACTED = SECOND_BILL[2] - FIRST_BILL[2]


@exercise(
    "apps.insurance.1",
    reference=_second_payout,
    wrong_answers=(_NO_DEDUCTIBLE, _FULL_DEDUCTIBLE_AGAIN, _FIRST_BILL_SUBTRACTED, 0,
                   float(_NO_DEDUCTIBLE), None),
    why=(
        "The deductible is annual: the 6,000 clinic bill used 6,000 of it (and was paid "
        "nothing), so 4,000 is left, and the insurer pays 38,600.50 − 4,000, well within the "
        "cover.",
        "免赔额按年计算：6,000 元的门诊票据用掉了 6,000 元免赔额（赔付为零），还剩 4,000 元，"
        "所以保险人赔付 38,600.50 − 4,000，远在保额之内。",
    ),
)
def _second_claim_payout(answer: Any) -> Bilingual | None:
    given, hint = money_answer(answer)
    if hint:
        return hint
    right = _second_payout()
    if given == right:
        return None
    if given == _NO_DEDUCTIBLE:
        return ("That is the whole bill. The policy has a deductible (免赔额): what is still left "
                "of it this year?",
                "这是整张票据的金额。保单有免赔额：今年还剩多少免赔额？")
    if given == _FULL_DEDUCTIBLE_AGAIN:
        return ("The deductible is per year, not per claim: the first bill already used part of "
                "it.", "免赔额按年计算，不是每次理赔都扣一次：第一张票据已经用掉了一部分。")
    if given == _FIRST_BILL_SUBTRACTED:
        return ("The first bill used only what the deductible had: how much of the 10,000 is "
                "left after it?", "第一张票据只用掉了免赔额中的相应部分：10,000 元免赔额还剩多少？")
    if given == 0:
        return ("The first claim paid nothing, but the second bill is far above what is left of "
                "the deductible.", "第一次理赔确实赔付为零，但第二张票据远高于剩余的免赔额。")
    if to_fen(given) == right:
        return ROUND_TO_FEN
    return ("Take the bill minus the deductible still left after the first claim; "
            "policies['P-1'] shows what is left.",
            "用票据金额减去第一次理赔后剩余的免赔额；policies['P-1'] 会显示剩余多少。")


# --- 2: what the reinsurer pays back --------------------------------------------------------
@functools.cache
def _ceded() -> Decimal:
    return to_fen(_second_payout() * QUOTA_SHARE)


_ON_THE_BILL = to_fen(SECOND_BILL[2] * QUOTA_SHARE)
_INSURER_KEEPS = _second_payout() - _ceded()


@exercise(
    "apps.insurance.2",
    reference=_ceded,
    wrong_answers=(_ON_THE_BILL, _INSURER_KEEPS, _second_payout(), float(_ceded()),
                   _second_payout() * QUOTA_SHARE + Decimal("0.004"), "13840.20"),
    why=(
        "A quota share (成数分保) cedes the same fraction of every claim the insurer pays: 40% of "
        "the payout (not of the bill), rounded to the fen; the insurer keeps the other 60%.",
        "成数分保按固定比例分出保险人赔付的每一笔赔款：赔款（不是票据金额）的 40%，四舍五入到分；"
        "其余 60% 由保险人自留。",
    ),
)
def _reinsurer_share(answer: Any) -> Bilingual | None:
    given, hint = money_answer(answer)
    if hint:
        return hint if answer != "13840.20" else (
            "Right number, but as text: give it as Decimal('…').",
            "数字对了，但写成了文本：请用 Decimal('…') 给出。")
    right = _ceded()
    if given == right:
        return None
    if given == _ON_THE_BILL:
        return ("The treaty shares the claim the insurer paid, not the hospital bill.",
                "分保合同分摊的是保险人实际支付的赔款，不是医院票据金额。")
    if given == _INSURER_KEEPS:
        return ("That is what the insurer keeps (its retention, 自留). What does the reinsurer "
                "pay?", "这是保险人的自留部分。再保险人应摊回多少？")
    if given == _second_payout():
        return ("That is the whole payout. The reinsurer takes only its quota share of it.",
                "这是全部赔款。再保险人只承担其中的成数份额。")
    if to_fen(given) == right:
        return ROUND_TO_FEN
    return ("Multiply the payout of exercise 1 by the treaty's share, then round to the fen.",
            "用练习 1 的赔款乘以分保比例，再四舍五入到分。")


# --- 3: which claim the chain refuses -------------------------------------------------------
# After C-1 (first bill, paid) and D-1 (second bill, declined) at insurer_a, the patient tries:
THIRD_BILL = ("Pharmacy bill 2025-0777, 2,300.00 yuan", b"key-0777", Decimal(2_300),
              date(2025, 3, 3))
ATTEMPTS: dict[str, tuple[Bilingual, tuple]] = {  # letter: (what the patient tries, the bill)
    "A": (("at insurer_b, claim the second bill (declined by insurer_a)",
           "向 insurer_b 申请第二张票据（曾被 insurer_a 拒赔）"), SECOND_BILL),
    "B": (("at insurer_b, claim the first bill (paid by insurer_a)",
           "向 insurer_b 申请第一张票据（已由 insurer_a 赔付）"), FIRST_BILL),
    "C": (("at insurer_a, claim a new pharmacy bill", "向 insurer_a 申请一张新的药房票据"),
          THIRD_BILL),
}


def _try(choice: str) -> bool:
    """Is attempt `choice` accepted on the notebook's platform?"""
    desk = _desk()
    desk.issue_policy("Q-1", insured="patient", cover=Decimal(500_000), deductible=Decimal(0),
                      start=date(2025, 1, 1), by="insurer_b")
    text, key, amount, treated = THIRD_BILL
    desk.attest(bill_commitment(text, key), amount=amount, treated=treated, by="hospital")
    _claim(desk, "C-1", FIRST_BILL)
    desk.file_claim("D-1", "P-1", bill_commitment(*SECOND_BILL[:2]), amount=SECOND_BILL[2],
                    by="patient")
    desk.assess("D-1", approve=False, reason="not medically necessary", by="insurer_a")
    _, (text, key, amount, _) = ATTEMPTS[choice]
    policy = "Q-1" if "insurer_b" in ATTEMPTS[choice][0][0] else "P-1"
    try:
        desk.file_claim("X-1", policy, bill_commitment(text, key), amount=amount, by="patient")
    except ContractError:
        return False
    return True


@functools.cache
def _refused_attempt() -> str:
    (refused,) = [choice for choice in ATTEMPTS if not _try(choice)]
    return refused


@exercise(
    "apps.insurance.3",
    reference=_refused_attempt,
    wrong_answers=("A", "C"),
    why=(
        "The first bill was already paid in claim C-1: claiming it again, even at another "
        "insurer, is the same loss paid twice, and the chain sees the same commitment. A "
        "declined claim paid nothing, so the second bill may be tried elsewhere; a new bill is a "
        "new loss.",
        "第一张票据已在理赔案 C-1 中获赔：即使换一家保险公司再申请，也是同一损失赔两次，链上看到的"
        "是同一个承诺值。被拒赔的案件没有赔付，第二张票据可以向其他保险公司申请；新票据则是新的损失。",
    ),
)
def _which_refused(answer: Any) -> Bilingual | None:
    given = letter(answer)
    if given is None:
        return NOT_A_LETTER
    if given == _refused_attempt():
        return None
    if given == "A":
        return ("insurer_a declined that bill and paid nothing: does a declined claim block the "
                "bill?", "insurer_a 拒赔了这张票据，分文未付：被拒赔的案件会锁住这张票据吗？")
    return ("A new bill is a new loss: the hospital attested it and nobody has claimed it yet.",
            "新票据是新的损失：医院已为它存证，还没有人申请过。")
