"""Exercises of the applications chapter (链应用), notebooks 02–05: digital bills, trade
finance, credit / reconciliation / points, and asset-backed securities.

Each reference answer runs the chapter's contracts (`ledgerkit.finance`), so a notebook, its
check and the contract always agree to the fen. The data the notebooks hand out (amounts,
dates, books, texts) lives here too. Money answers are exact: a `Decimal` or an int equal to
the right amount; a float is refused with a hint.

>>> from ledgerkit.exercises import check
>>> bool(check("apps.bills.4", date(2025, 12, 8))), bool(check("apps.bills.4", 10))
(True, False)
"""

from __future__ import annotations

import functools
import random
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from ledgerkit.errors import LedgerError
from ledgerkit.exercise_bank._answers import (
    NOT_A_DATE,
    NOT_A_LETTER,
    ROUND_TO_FEN,
    date_answer,
    letter,
    money_answer,
    word,
)
from ledgerkit.exercises import Bilingual, exercise
from ledgerkit.finance.abs import EXAMPLE_STRUCTURE, HOLDERS, ABSDeal, loan_hash, tranches_by_share
from ledgerkit.finance.bill import BillRegistry
from ledgerkit.finance.blacklist import SharedBlacklist, subject_key, with_check_digit
from ledgerkit.finance.factoring import FactoringDesk
from ledgerkit.finance.guarantee import GuaranteeDesk
from ledgerkit.finance.letter_of_credit import PRESENTATION_DAYS, LetterOfCreditDesk
from ledgerkit.finance.points import LoyaltyAlliance
from ledgerkit.finance.rates import days_between, discount_interest, discount_proceeds, to_fen
from ledgerkit.finance.reconciliation import ReconciliationPlatform

# --- reading answers ------------------------------------------------------------------------

def _words(answer: Any) -> set[str] | None:
    """A collection of words (names, codes) as a lower-case set; None if it is not one."""
    if isinstance(answer, (str, bytes, Mapping)) or not isinstance(answer, Iterable):
        return None
    found = {word(item) for item in answer}
    return None if None in found else found  # type: ignore[return-value]


def _off_by_rounding(given: Decimal, right: Decimal) -> Bilingual | None:
    """The rounding hint when `given` is `right` before rounding to the fen."""
    try:
        rounded = to_fen(given)
    except ArithmeticError:  # too many digits to round: certainly not the answer
        return None
    return ROUND_TO_FEN if given != right and rounded == right else None


# === 02 digital bills (数字票据) =============================================================

# Exercise 1: a bill cut into sub-ranges (子票区间) by an endorsement and a discount.
SPLIT_FACE, SPLIT_ENDORSED, SPLIT_DISCOUNTED = (Decimal("250000.00"), Decimal("80000.00"),
                                                Decimal("120000.00"))


@functools.cache
def _seller_range_after_split() -> str:
    bills = BillRegistry(start=date(2025, 3, 10))
    bills.deposit(SPLIT_DISCOUNTED, by="bank_b")
    bills.issue("B-77", acceptor="bank_a", payee="seller", face=SPLIT_FACE,
                due=date(2025, 9, 10), by="buyer")
    bills.accept("B-77", by="bank_a")
    bills.receive("B-77", by="seller")
    (whole,) = bills.holders("B-77")
    bills.endorse("B-77", whole, to="supplier", amount=SPLIT_ENDORSED, by="seller")
    rest = next(key for key, holder in bills.holders("B-77").items() if holder == "seller")
    bills.advance_to(date(2025, 4, 10))
    offered = bills.apply_discount("B-77", rest, bank="bank_b", annual_rate=Decimal("0.015"),
                                   amount=SPLIT_DISCOUNTED, by="seller")
    bills.sign_discount("B-77", offered, by="bank_b")
    return next(key for key, holder in bills.holders("B-77").items() if holder == "seller")


def _range_text(answer: Any) -> str | None:
    """A sub-range answer as "first-last": text (spaces and thousands separators ignored), a
    (first, last) pair of whole numbers, or a SubRange."""
    if hasattr(answer, "key") and isinstance(answer.key, str):
        answer = answer.key
    if isinstance(answer, tuple) and len(answer) == 2 and all(
            isinstance(n, int) and not isinstance(n, bool) for n in answer):
        return f"{answer[0]}-{answer[1]}"
    if not isinstance(answer, str):
        return None
    return "".join(char for char in answer if char not in " ,_")


@exercise(
    "apps.bills.1",
    reference=_seller_range_after_split,
    wrong_answers=("200001-250000", "20000000-25000000", "1-25000000", "8000001-25000000",
                   "8000001-13000000", "50000", None),
    why=(
        "Units are fen: 250,000 yuan are units 1–25,000,000. The endorsement cut 80,000 yuan "
        "(units 1–8,000,000) from the front, the discount the next 120,000, and the seller "
        "keeps the last 50,000 yuan: one sub-range, one holder.",
        "单位是分：25 万元即第 1 至 25,000,000 个单位。背书从前端切出 8 万元（1–8,000,000），"
        "贴现再切出接下来的 12 万元，卖方保留最后 5 万元：一个子票区间只有一个持票人。",
    ),
)
def _seller_sub_range(answer: Any) -> Bilingual | None:
    given = _range_text(answer)
    if given is None:
        return ('Give the sub-range as text "first-last", as bills.holders(...) shows it, '
                'e.g. "1-100".',
                '请把子票区间写成文本 "起-止"，与 bills.holders(...) 显示的一样，例如 "1-100"。')
    if given == _seller_range_after_split():
        return None
    first, _, last = given.partition("-")
    if not (first.isdigit() and last.isdigit()):
        return ('A sub-range reads "first-last", two unit numbers joined by a dash.',
                '子票区间的写法是 "起-止"：用短横线连接的两个单位编号。')
    first_unit, last_unit = int(first), int(last)
    if last_unit == int(SPLIT_FACE):
        return ("A unit is one fen (0.01 yuan), not one yuan: 1 yuan is 100 units.",
                "一个单位是 1 分（0.01 元），不是 1 元：1 元等于 100 个单位。")
    if (first_unit, last_unit) in ((1, 25_000_000), (8_000_001, 25_000_000)):
        return ("That is what the seller held before the discount. The discount cut another "
                "piece off it.",
                "这是贴现之前卖方持有的区间。贴现又从中切走了一段。")
    if first_unit == 8_000_001:
        return ("An endorsement or a discount cuts its amount from the front (the low unit "
                "numbers) of the sub-range; the holder keeps the back.",
                "背书或贴现从子票区间的前端（编号小的一端）切出金额；持票人保留后端。")
    if last_unit == 25_000_000:
        return ("Sub-ranges include both ends and follow each other without a gap or an "
                "overlap: count again where the seller's piece starts.",
                "子票区间包含两端，前后相接、不重不漏：请重新数一数卖方那一段从哪里开始。")
    return ("Replay the steps on a fresh BillRegistry and read bills.holders(...): which "
            "sub-range is still the seller's?",
            "在新的 BillRegistry 上重做这些步骤并查看 bills.holders(...)：哪一段仍属于卖方？")


# Exercise 2: a supplier discounts a whole bank-accepted bill (银票贴现).
DISCOUNT_FACE = Decimal("486350.00")
DISCOUNT_ISSUED, DISCOUNT_DUE = date(2025, 6, 18), date(2025, 12, 18)
DISCOUNT_ON, DISCOUNT_RATE = date(2025, 9, 5), Decimal("0.0145")


@functools.cache
def _discount_deal() -> dict[str, Any]:
    bills = BillRegistry(start=DISCOUNT_ISSUED)
    bills.deposit(DISCOUNT_FACE, by="bank_b")
    bills.issue("B-1", acceptor="bank_a", payee="supplier", face=DISCOUNT_FACE,
                due=DISCOUNT_DUE, by="buyer")
    bills.accept("B-1", by="bank_a")
    bills.receive("B-1", by="supplier")
    bills.advance_to(DISCOUNT_ON)
    (whole,) = bills.holders("B-1")
    offered = bills.apply_discount("B-1", whole, bank="bank_b", annual_rate=DISCOUNT_RATE,
                                   by="supplier")
    return bills.sign_discount("B-1", offered, by="bank_b")


_DAYS = days_between(DISCOUNT_ON, DISCOUNT_DUE)
_INTEREST_1 = discount_interest(DISCOUNT_FACE, DISCOUNT_RATE, _DAYS)
_ON_365 = discount_proceeds(DISCOUNT_FACE, DISCOUNT_RATE, _DAYS, basis=365)
_DAY_TOO_MANY = discount_proceeds(DISCOUNT_FACE, DISCOUNT_RATE, _DAYS + 1)
_DAY_TOO_FEW = discount_proceeds(DISCOUNT_FACE, DISCOUNT_RATE, _DAYS - 1)
_MONTHLY_RATE = discount_proceeds(DISCOUNT_FACE, DISCOUNT_RATE * 12, _DAYS)


@exercise(
    "apps.bills.2",
    reference=lambda: _discount_deal()["paid"],
    wrong_answers=(_INTEREST_1, _ON_365, _DAY_TOO_MANY, _DAY_TOO_FEW, _MONTHLY_RATE,
                   DISCOUNT_FACE, float(discount_proceeds(DISCOUNT_FACE, DISCOUNT_RATE, _DAYS)),
                   "484,312.73"),
    why=(
        "104 days from 5 September (counted) to 18 December (not counted); interest = face × "
        "days × rate / 360, rounded to the fen, and the supplier receives the face minus it.",
        "从 9 月 5 日（计入）到 12 月 18 日（不计入）共 104 天；贴现利息 = 票面金额 × 天数 × "
        "年利率 / 360，四舍五入到分，供应商实收票面金额减去利息。",
    ),
)
def _discounted_cash(answer: Any) -> Bilingual | None:
    given, hint = money_answer(answer)
    if hint:
        return hint
    right = _discount_deal()["paid"]
    if given == right:
        return None
    if given == _INTEREST_1:
        return ("That is the discount interest, what the bank keeps. How much cash does the "
                "supplier receive?",
                "这是贴现利息，即银行留下的部分。供应商实际收到多少现金？")
    if given == _ON_365:
        return ("China counts discount interest on a 360-day year, not 365.",
                "我国贴现利息按一年 360 天计算，而不是 365 天。")
    if given in (_DAY_TOO_MANY, _DAY_TOO_FEW):
        return ("Check the days: count the discount day, not the due day — (due - on).days, "
                "or days_between(on, due).",
                "检查天数：贴现日计入、到期日不计入，即 (due - on).days 或 days_between(on, due)。")
    if given == _MONTHLY_RATE:
        return ("The rate given is already a yearly rate; do not multiply it by 12.",
                "题目给出的已是年利率，不要再乘以 12。")
    if given == DISCOUNT_FACE:
        return ("A discount is not free: the bank pays the face less interest for the days "
                "until the due date.",
                "贴现不是免费的：银行支付的是票面金额减去到期前天数的利息。")
    return _off_by_rounding(given, right) or (
        "Compute face × days × annual rate / 360, round it to the fen, and take it off the "
        "face; or run the discount on a BillRegistry and read 'paid'.",
        "计算 票面金额 × 天数 × 年利率 / 360，四舍五入到分，再从票面金额中扣除；"
        "或者在 BillRegistry 上做一次贴现，读出 'paid'。",
    )


# Exercise 3: a bank buys a bill (贴现) and sells it on to another bank (转贴现).
RESOLD_FACE, RESOLD_DUE = Decimal("500000.00"), date(2025, 10, 15)
RESOLD_FIRST = (date(2025, 4, 15), Decimal("0.0165"))  # seller -> bank_b
RESOLD_SECOND = (date(2025, 5, 20), Decimal("0.0155"))  # bank_b -> bank_c


@functools.cache
def _transfer_discount_gain() -> Decimal:
    bills = BillRegistry(start=RESOLD_FIRST[0])
    bills.deposit(RESOLD_FACE, by="bank_b")
    bills.deposit(RESOLD_FACE, by="bank_c")
    bills.issue("B-500", acceptor="bank_a", payee="seller", face=RESOLD_FACE, due=RESOLD_DUE,
                by="buyer")
    bills.accept("B-500", by="bank_a")
    bills.receive("B-500", by="seller")
    (whole,) = bills.holders("B-500")
    bills.apply_discount("B-500", whole, bank="bank_b", annual_rate=RESOLD_FIRST[1],
                         by="seller")
    paid = bills.sign_discount("B-500", whole, by="bank_b")["paid"]
    bills.advance_to(RESOLD_SECOND[0])
    bills.apply_discount("B-500", whole, bank="bank_c", annual_rate=RESOLD_SECOND[1],
                         by="bank_b")
    received = bills.sign_discount("B-500", whole, by="bank_c")["paid"]
    return received - paid


_FIRST_INTEREST = discount_interest(RESOLD_FACE, RESOLD_FIRST[1],
                                    days_between(RESOLD_FIRST[0], RESOLD_DUE))
_SECOND_INTEREST = discount_interest(RESOLD_FACE, RESOLD_SECOND[1],
                                     days_between(RESOLD_SECOND[0], RESOLD_DUE))
_SAME_DAYS_GAIN = _FIRST_INTEREST - discount_interest(
    RESOLD_FACE, RESOLD_SECOND[1], days_between(RESOLD_FIRST[0], RESOLD_DUE))
_GAIN_ON_365 = (discount_interest(RESOLD_FACE, RESOLD_FIRST[1],
                                  days_between(RESOLD_FIRST[0], RESOLD_DUE), basis=365)
                - discount_interest(RESOLD_FACE, RESOLD_SECOND[1],
                                    days_between(RESOLD_SECOND[0], RESOLD_DUE), basis=365))


@exercise(
    "apps.bills.3",
    reference=_transfer_discount_gain,
    wrong_answers=(_FIRST_INTEREST, _SECOND_INTEREST, _SECOND_INTEREST - _FIRST_INTEREST,
                   _SAME_DAYS_GAIN, _GAIN_ON_365, float(_FIRST_INTEREST - _SECOND_INTEREST),
                   None),
    why=(
        "bank_b paid the seller face − 183 days of interest at 1.65%, and bank_c paid bank_b "
        "face − 148 days at 1.55%: bank_b earned the difference of the two interests for the "
        "35 days it held the bill, at the fen.",
        "bank_b 付给卖方的是票面金额减去 183 天、1.65% 的利息；bank_c 付给 bank_b 的是票面金额"
        "减去 148 天、1.55% 的利息：bank_b 持票 35 天，赚的是两笔利息之差，精确到分。",
    ),
)
def _resale_gain(answer: Any) -> Bilingual | None:
    given, hint = money_answer(answer)
    if hint:
        return hint
    right = _transfer_discount_gain()
    if given == right:
        return None
    if given == -right:
        return ("Right size, wrong sign: bank_b gains, so give a positive amount.",
                "数值对了，符号反了：bank_b 是赚钱的，请给出正数。")
    if given in (_FIRST_INTEREST, _SECOND_INTEREST):
        return ("That is one discount's interest. bank_b's gain is what bank_c paid it minus "
                "what it paid the seller.",
                "这只是其中一次贴现的利息。bank_b 的收益 = bank_c 付给它的钱 − 它付给卖方的钱。")
    if given == _SAME_DAYS_GAIN:
        return ("bank_c discounts from its own purchase date, 20 May: fewer days than bank_b.",
                "bank_c 从它自己的买入日（5 月 20 日）起计息：天数比 bank_b 少。")
    if given == _GAIN_ON_365:
        return ("Both discounts count on a 360-day year.", "两次贴现都按一年 360 天计息。")
    return _off_by_rounding(given, right) or (
        "Run both sales on a BillRegistry (apply_discount, then sign_discount by the buying "
        "bank) and subtract the two 'paid' amounts.",
        "在 BillRegistry 上做两次买卖（apply_discount，再由买入银行 sign_discount），"
        "用两次 'paid' 相减。",
    )


# Exercise 4: the presentment window (提示付款期).
WINDOW_DUE = date(2025, 11, 28)


@functools.cache
def _last_presentment_day() -> date:
    bills = BillRegistry(start=date(2025, 6, 3))
    bills.issue("B-3", acceptor="bank_a", payee="seller", face=Decimal("300000.00"),
                due=WINDOW_DUE, by="buyer")
    return bills.bills["B-3"].last_presentment_day


@exercise(
    "apps.bills.4",
    reference=_last_presentment_day,
    wrong_answers=(date(2025, 12, 7), WINDOW_DUE, date(2025, 12, 28), date(2025, 12, 12), 10,
                   "8 December"),
    why=(
        "The holder presents from the due date and within 10 days after it (Negotiable "
        "Instruments Law art. 53): 28 November + 10 days. Later, the bill can no longer be "
        "endorsed (art. 36); a late presentment needs an explanation, the acceptor still owes "
        "the bill, but recourse against the endorsers is lost.",
        "持票人自到期日起 10 日内提示付款（《票据法》第五十三条）：11 月 28 日加 10 天。此后票据"
        "不得再背书转让（第三十六条）；逾期提示付款须作出说明，承兑人仍须付款，但持票人丧失对"
        "背书人的追索权。",
    ),
)
def _presentment_deadline(answer: Any) -> Bilingual | None:
    given = date_answer(answer)
    if given is None:
        return NOT_A_DATE
    right = _last_presentment_day()
    if given == right:
        return None
    if given == WINDOW_DUE:
        return ("That is the due date, the first day of the window. When does it close?",
                "这是到期日，即提示付款期的第一天。它在哪天结束？")
    if given == right - timedelta(days=1):
        return ("One day short: the window runs 10 full days after the due date.",
                "少了一天：提示付款期是到期日之后整整 10 天。")
    if given > right + timedelta(days=7):
        return ("Too late: the window is counted in days after the due date, not months.",
                "太晚了：提示付款期按到期日后的天数计算，而不是按月。")
    return ("Calendar days count, weekends included (this platform ignores holidays): add "
            "10 days to the due date, or read a Bill's last_presentment_day.",
            "按自然日计算，周末也算（本平台不考虑节假日）：到期日加 10 天，"
            "或查看 Bill 的 last_presentment_day。")


# === 03 trade finance (贸易融资) =============================================================

# Exercise 1: the last day to present documents under an L/C (交单期限).
LC_SHIPPED, LC_EXPIRY = date(2025, 4, 2), date(2025, 4, 18)


def _presents_on(day: date) -> bool:
    desk = LetterOfCreditDesk(start=date(2025, 3, 20))
    desk.issue("LC-9", applicant="buyer", beneficiary="seller", advising_bank="advising_bank",
               amount=Decimal("800000.00"), expiry=LC_EXPIRY, by="issuing_bank")
    desk.advise("LC-9", by="advising_bank")
    desk.advance_to(day)
    try:
        desk.present("LC-9", amount=Decimal("800000.00"), shipped=LC_SHIPPED, by="seller")
    except LedgerError:
        return False
    return True


@functools.cache
def _last_presentation_day() -> date:
    """The later of the two limits the contract knows, if it accepts it; else the earlier."""
    limits = sorted((LC_SHIPPED + timedelta(days=PRESENTATION_DAYS), LC_EXPIRY))
    return limits[1] if _presents_on(limits[1]) else limits[0]


@exercise(
    "apps.trade.1",
    reference=_last_presentation_day,
    wrong_answers=(date(2025, 4, 23), date(2025, 4, 9), date(2025, 4, 17), LC_SHIPPED,
                   "21 days", 21),
    why=(
        "Two limits apply and the earlier wins: 21 days after shipment would be 23 April, but "
        "the L/C expires on 18 April, and nothing is presented after expiry.",
        "两个期限同时适用，以较早者为准：装运后 21 天是 4 月 23 日，但信用证 4 月 18 日到期，"
        "到期后不能交单。",
    ),
)
def _presentation_deadline(answer: Any) -> Bilingual | None:
    given = date_answer(answer)
    if given is None:
        return NOT_A_DATE
    right = _last_presentation_day()
    if given == right:
        return None
    if given == LC_SHIPPED + timedelta(days=PRESENTATION_DAYS):
        return ("21 days after shipment is one limit. Is the letter of credit still valid then?",
                "装运后 21 天是其中一个期限。那时信用证还有效吗？")
    if given == LC_SHIPPED:
        return ("The seller may present on the shipment day, but also later: when is the "
                "last day?",
                "卖方在装运当天就可以交单，之后也可以：最后一天是哪天？")
    if given == right - timedelta(days=1):
        return ("The expiry day itself still counts.", "到期日当天仍然可以交单。")
    return ("Two rules limit presentation: within 21 days after shipment, and never after "
            "expiry. Take the one that ends first.",
            "交单受两条规则限制：装运后 21 天内，且不得晚于信用证到期日。取先到的那个。")


# Exercise 2: factoring (保理): advance now; when the buyer pays, the reserve less the fee and
# the interest on the advance (days / 360, like every other financing in the chapter).
FACTORING_INVOICE = ("INV-2025-0388", Decimal("850000.00"), date(2025, 7, 31))
FACTORING_ADVANCE_RATE, FACTORING_FEE_RATE = Decimal("0.80"), Decimal("0.012")
FACTORING_INTEREST_RATE, FACTORING_START = Decimal("0.036"), date(2025, 5, 2)


@functools.cache
def _factoring_cash() -> tuple[Decimal, Decimal]:
    number, amount, due = FACTORING_INVOICE
    desk = FactoringDesk(start=FACTORING_START)
    desk.deposit(amount, by="factor")
    desk.deposit(amount, by="buyer")
    desk.grant_line("seller", limit=Decimal("1000000.00"), by="factor")
    key = desk.assign(number, debtor="buyer", amount=amount, due=due, factor="factor",
                      advance_rate=FACTORING_ADVANCE_RATE, fee_rate=FACTORING_FEE_RATE,
                      annual_rate=FACTORING_INTEREST_RATE, by="seller")
    advance = desk.advance(key, by="factor")
    desk.advance_to(due)
    returned = desk.pay(key, by="buyer")
    return advance, returned


_INVOICE = FACTORING_INVOICE[1]
_ADVANCE = to_fen(_INVOICE * FACTORING_ADVANCE_RATE)
_RESERVE = _INVOICE - _ADVANCE
_FEE = to_fen(_INVOICE * FACTORING_FEE_RATE)
_FEE_ON_ADVANCE_TOTAL = _INVOICE - to_fen(_ADVANCE * FACTORING_FEE_RATE)
_FACTORING_DAYS = days_between(FACTORING_START, FACTORING_INVOICE[2])  # 90
_FACTORING_INTEREST = discount_interest(_ADVANCE, FACTORING_INTEREST_RATE,
                                        _FACTORING_DAYS)  # 6,120.00
_NO_INTEREST = _INVOICE - _FEE
_INTEREST_ON_INVOICE = _INVOICE - _FEE - discount_interest(_INVOICE, FACTORING_INTEREST_RATE,
                                                           _FACTORING_DAYS)
_INTEREST_365 = _INVOICE - _FEE - discount_interest(_ADVANCE, FACTORING_INTEREST_RATE,
                                                    _FACTORING_DAYS, basis=365)


@exercise(
    "apps.trade.2",
    reference=lambda: sum(_factoring_cash()),
    wrong_answers=(_ADVANCE, _RESERVE - _FEE - _FACTORING_INTEREST, _RESERVE, _INVOICE,
                   _NO_INTEREST, _INTEREST_ON_INVOICE, _INTEREST_365,
                   _FEE_ON_ADVANCE_TOTAL - _FACTORING_INTEREST,
                   float(_INVOICE - _FEE - _FACTORING_INTEREST), "833680"),
    why=(
        "80% now (the advance, 680,000); when the buyer pays, the 20% reserve comes back less "
        "the 1.2% fee (10,200) and the interest on the advance for the 90 days: 680,000 × 3.6% "
        "× 90 / 360 = 6,120. In all 850,000 − 10,200 − 6,120 = 833,680.",
        "现在拿到 80%（融资款 680,000）；买方付款后，20% 的保留款扣除 1.2% 的手续费（10,200）"
        "和融资款 90 天的利息 680,000 × 3.6% × 90 / 360 = 6,120 后退回。合计 850,000 − 10,200 "
        "− 6,120 = 833,680。",
    ),
)
def _factoring_total(answer: Any) -> Bilingual | None:
    given, hint = money_answer(answer)
    if hint:
        return hint
    if given == sum(_factoring_cash()):
        return None
    if given == _ADVANCE:
        return ("That is only the advance. What does the seller get back when the buyer pays?",
                "这只是融资款。买方付款后卖方还能拿回多少？")
    if given in (_RESERVE - _FEE - _FACTORING_INTEREST, _RESERVE):
        return ("That is only what comes back at the end; add the advance paid at the start.",
                "这只是最后退回的部分；还要加上一开始支付的融资款。")
    if given == _INVOICE:
        return ("The factor is not free: its fee and the interest on the advance come off what "
                "the seller receives.", "保理商不是免费的：手续费和融资款利息要从卖方所得中扣除。")
    if given == _NO_INTEREST:
        return ("The advance is a loan until the buyer pays: it bears interest at 3.6% a year "
                "for the 90 days, taken from the reserve.",
                "买方付款之前，融资款相当于借款：按年利率 3.6% 计 90 天利息，从保留款中扣除。")
    if given == _INTEREST_ON_INVOICE:
        return ("Interest runs on the advance the factor paid out (80%), not on the whole "
                "invoice.", "利息按保理商实际付出的融资款（80%）计算，而不是按整张发票计算。")
    if given == _INTEREST_365:
        return ("China counts interest on a 360-day year: days / 360.",
                "我国计息按一年 360 天：天数 / 360。")
    if given == _FEE_ON_ADVANCE_TOTAL - _FACTORING_INTEREST:
        return ("The fee rate applies to the invoice amount, not to the advance.",
                "手续费率按发票金额计算，而不是按融资款计算。")
    return ("Add the two payments to the seller: the advance (desk.advance) and what the "
            "factor returns when the buyer pays (desk.pay).",
            "把卖方收到的两笔钱相加：融资款（desk.advance）和买方付款后保理商退回的钱"
            "（desk.pay）。")


# Exercise 3: five attempts to sell receivables; the same receivable twice is refused.
# letter -> (invoice number as written, amount, factor): all on debtor "buyer".
FINANCING_ATTEMPTS = {
    "A": ("INV-2025-0417", Decimal("1200000.00"), "factor"),
    "B": (" inv-2025-0417", Decimal("1200000.00"), "bank"),
    "C": ("INV-2025-0418", Decimal("1200000.00"), "bank"),
    "D": ("INV-2025-0417", Decimal("1200000"), "factor"),
    "E": ("INV-2025-0417", Decimal("1150000.00"), "bank"),
}


@functools.cache
def _refused_attempts() -> tuple[str, ...]:
    desk = FactoringDesk(start=date(2025, 5, 6))
    refused = []
    for name, (number, amount, factor) in FINANCING_ATTEMPTS.items():
        try:
            desk.assign(number, debtor="buyer", amount=amount, due=date(2025, 8, 29),
                        factor=factor, advance_rate=Decimal("0.8"), fee_rate=Decimal("0.01"),
                        by="seller")
        except LedgerError:
            refused.append(name)
    return tuple(refused)


def _letters(answer: Any, choices: str) -> set[str] | None:
    """Letters as a set: a list such as ["B", "D"], or text such as "B, D"; None if neither."""
    if isinstance(answer, str):
        items = [char for char in answer.upper() if char.isalpha()]
    elif isinstance(answer, (list, tuple, set, frozenset)):
        items = [letter(item, choices) for item in answer]
    else:
        return None
    found = {letter(item, choices) for item in items}
    return None if None in found else found  # type: ignore[return-value]


@exercise(
    "apps.trade.3",
    reference=lambda: list(_refused_attempts()),
    wrong_answers=(["B", "D", "E"], ["D"], ["B"], ["A", "B", "D"], [], "E", ["D", "E"]),
    why=(
        "The key hashes invoice number, debtor and amount, written the same way: B and D are "
        "A again and are refused at any factor. C is another invoice. E slips through — a "
        "changed amount is a new key — which is why real platforms also have the debtor "
        "confirm each invoice (确权).",
        "键由发票号、债务人和金额按统一写法计算哈希：B 和 D 就是 A，无论在哪家保理商都被拒绝。"
        "C 是另一张发票。E 却蒙混过关——金额一改就是新键——所以真实平台还要求债务人逐张确权。",
    ),
)
def _which_refused(answer: Any) -> Bilingual | None:
    given = _letters(answer, "ABCDE")
    if given is None:
        return ('Give the letters of the refused attempts as a list, e.g. ["A", "C"].',
                '请以列表形式给出被拒绝的请求字母，例如 ["A", "C"]。')
    right = set(_refused_attempts())
    if given == right:
        return None
    if "A" in given:
        return ("The first time an invoice is offered it is new to the chain: it goes through.",
                "一张发票第一次提交时链上还没有它：可以通过。")
    if "E" in given:
        return ("Look at E's amount. Does it give the same key as A? The chain only compares "
                "keys.",
                "看看 E 的金额。它和 A 的键相同吗？链上只比较键。")
    if "C" in given:
        return ("C has another invoice number, so another key.", "C 的发票号不同，键也就不同。")
    if "B" not in given:
        return ("B is A's invoice written in lower case with a space: receivable_key trims "
                "and upper-cases the number first.",
                "B 就是 A 的发票，只是写成了小写并带空格：receivable_key 会先去掉空格并转成大写。")
    return ("D presents A's invoice again; 1200000 and 1200000.00 are the same amount to the "
            "fen. Try each assign inside try/except LedgerError.",
            "D 再次提交了 A 的发票；1200000 和 1200000.00 精确到分是同一个金额。"
            "把每次 assign 放进 try/except LedgerError 中试试。")


# Exercise 4: forfaiting (福费廷) an accepted usance L/C.
FORFAIT_AMOUNT, FORFAIT_MATURITY = Decimal("1850000.00"), date(2025, 9, 15)
FORFAIT_REGISTERED, FORFAIT_ON, FORFAIT_RATE = date(2025, 6, 16), date(2025, 6, 19), Decimal(
    "0.0275")


@functools.cache
def _forfait_paid() -> Decimal:
    desk = FactoringDesk(start=FORFAIT_REGISTERED)
    desk.deposit(FORFAIT_AMOUNT, by="forfaiter")
    key = desk.register_lc_receivable("LC-2025-061", issuing_bank="issuing_bank",
                                      amount=FORFAIT_AMOUNT, maturity=FORFAIT_MATURITY,
                                      forfaiter="forfaiter", annual_rate=FORFAIT_RATE,
                                      by="seller")
    desk.confirm(key, by="issuing_bank")
    desk.advance_to(FORFAIT_ON)
    return desk.forfait(key, by="forfaiter")


_FORFAIT_DAYS = days_between(FORFAIT_ON, FORFAIT_MATURITY)
_FORFAIT_INTEREST = discount_interest(FORFAIT_AMOUNT, FORFAIT_RATE, _FORFAIT_DAYS)
_FORFAIT_365 = discount_proceeds(FORFAIT_AMOUNT, FORFAIT_RATE, _FORFAIT_DAYS, basis=365)
_FORFAIT_FROM_REGISTRATION = discount_proceeds(
    FORFAIT_AMOUNT, FORFAIT_RATE, days_between(FORFAIT_REGISTERED, FORFAIT_MATURITY))


@exercise(
    "apps.trade.4",
    reference=_forfait_paid,
    wrong_answers=(_FORFAIT_INTEREST, _FORFAIT_365, _FORFAIT_FROM_REGISTRATION, FORFAIT_AMOUNT,
                   float(FORFAIT_AMOUNT - _FORFAIT_INTEREST), "1837563.89"),
    why=(
        "The forfaiter pays the face less discount interest for the 88 days from its purchase "
        "to maturity, on a 360-day year — and keeps no recourse to the seller.",
        "包买行支付票面金额减去从买入日到到期日 88 天的贴现利息（一年按 360 天计），"
        "并且对卖方没有追索权。",
    ),
)
def _forfait_cash(answer: Any) -> Bilingual | None:
    given, hint = money_answer(answer)
    if hint:
        return hint
    right = _forfait_paid()
    if given == right:
        return None
    if given == _FORFAIT_INTEREST:
        return ("That is the discount interest; the seller receives the rest.",
                "这是贴现利息；卖方收到的是剩下的部分。")
    if given == _FORFAIT_365:
        return ("Discount interest counts on a 360-day year.", "贴现利息按一年 360 天计算。")
    if given == _FORFAIT_FROM_REGISTRATION:
        return ("Count the days from the day the forfaiter buys and pays, not from the "
                "application.",
                "天数从包买行买入并付款的那天算起，而不是从申请日算起。")
    if given == FORFAIT_AMOUNT:
        return ("The forfaiter waits until maturity for its money: it pays less than the face.",
                "包买行要等到到期日才能收回资金：它支付的少于票面金额。")
    return _off_by_rounding(given, right) or (
        "face × days × rate / 360 from the purchase day to maturity, rounded to the fen, off "
        "the face; or run register_lc_receivable, confirm and forfait on a FactoringDesk.",
        "从买入日到到期日：票面金额 × 天数 × 利率 / 360，四舍五入到分，再从票面金额中扣除；"
        "或在 FactoringDesk 上依次执行 register_lc_receivable、confirm 和 forfait。",
    )


# Exercise 5: which copy of an amended letter of guarantee (保函) is the one in force?
GUARANTEE_ID = "BG-2025-017"
GUARANTEE_TEXT = (
    "Performance guarantee BG-2025-017. Issuing bank: bank. Applicant: seller. Beneficiary: "
    "buyer. We undertake to pay the beneficiary up to 500,000.00 yuan on its first written "
    "demand stating that the applicant has failed to deliver under purchase contract PC-88. "
    "Valid until 2025-12-31.")
GUARANTEE_AMENDED = GUARANTEE_TEXT.replace("500,000.00", "600,000.00").replace(
    "2025-12-31", "2026-03-31")
GUARANTEE_COPIES = {
    "A": GUARANTEE_TEXT,
    "B": GUARANTEE_AMENDED.replace("purchase contract PC-88", "purchase contracts PC-88 and "
                                   "PC-91"),
    "C": GUARANTEE_AMENDED,
}


@functools.cache
def _genuine_copy() -> str:
    desk = GuaranteeDesk(start=date(2025, 5, 12))
    desk.apply(GUARANTEE_ID, bank="bank", beneficiary="buyer", amount=Decimal("500000.00"),
               expiry=date(2025, 12, 31), text=GUARANTEE_TEXT, by="seller")
    desk.issue_signed(GUARANTEE_ID, GUARANTEE_TEXT, by="bank")
    desk.advance_to(date(2025, 9, 1))
    desk.amend_signed(GUARANTEE_ID, amount=Decimal("600000.00"), expiry=date(2026, 3, 31),
                      text=GUARANTEE_AMENDED, by="bank")
    (genuine,) = [name for name, text in GUARANTEE_COPIES.items()
                  if desk.verify_text(GUARANTEE_ID, text)]
    return genuine


@exercise(
    "apps.trade.5",
    reference=_genuine_copy,
    wrong_answers=("A", "B", "AC", None, 3),
    why=(
        "Only C hashes to the text the bank signed last. A was genuine once, but the "
        "amendment replaced the hash on chain; B adds a second contract, a change no bank "
        "signed.",
        "只有 C 的哈希与开立行最后签名的文本一致。A 曾经是真的，但修改后链上的哈希已被替换；"
        "B 多加了一份合同，这一改动没有任何银行签过名。",
    ),
)
def _guarantee_copy(answer: Any) -> Bilingual | None:
    given = letter(answer)
    if given is None:
        return NOT_A_LETTER
    if given == _genuine_copy():
        return None
    if given == "A":
        return ("A is the text the bank signed at issue. What did the amendment change on the "
                "chain?",
                "A 是开立时银行签名的文本。修改之后链上的记录变了什么？")
    return ("B reads almost like the amended text. Check each copy with "
            "desk.verify_text(...): the hash sees every character.",
            "B 读起来与修改后的文本几乎一样。请用 desk.verify_text(...) 逐份检查："
            "哈希不会放过任何一个字符。")


# === 04 credit blacklist, reconciliation and points (征信、对账与积分) ======================

# Exercise 1: which entries are kept on the day of a query (征信业管理条例 Arts. 16, 25).
BORROWER_ID = with_check_digit("44030619880512123")  # fictional
CREDIT_REPORTS = (  # (reporter, reason, day the bad behaviour ended or None) on 2 January 2025
    ("bank_a", "overdue_90", None),  # unpaid; bank_a records the repayment on 3 March
    ("lender_c", "fraud", date(2020, 6, 30)),  # a fraud that ended five years earlier
    ("bank_b", "court_enforced", None),  # wrong: corrected on 10 April after an objection
)
CREDIT_REPAID_DAY, CREDIT_CORRECTED_DAY = date(2025, 3, 3), date(2025, 4, 10)
CREDIT_QUERY_DAY = date(2025, 6, 30)


@functools.cache
def _reasons_on_query_day() -> tuple[str, ...]:
    blacklist = SharedBlacklist()
    blacklist.advance_to(date(2025, 1, 2))
    entries = {reporter: blacklist.report(BORROWER_ID, reason, ended, by=reporter)
               for reporter, reason, ended in CREDIT_REPORTS}
    blacklist.advance_to(CREDIT_REPAID_DAY)
    blacklist.repaid(entries["bank_a"], by="bank_a")
    blacklist.advance_to(CREDIT_CORRECTED_DAY)
    blacklist.correct(entries["bank_b"], "OBJ-B-0410", by="bank_b")
    blacklist.advance_to(CREDIT_QUERY_DAY)
    hits = blacklist.query(BORROWER_ID, "loan_approval", "AUTH-A-0630", by="bank_a")
    return tuple(sorted(hit["reason"] for hit in hits))


def _reason_codes(answer: Any) -> set[str] | None:
    """Reason codes as a set: a list of codes, or the hits that query(...) returns."""
    if isinstance(answer, list) and answer and all(isinstance(hit, Mapping) for hit in answer):
        answer = [hit.get("reason") for hit in answer]
    return _words(answer)


@exercise(
    "apps.credit.1",
    reference=lambda: list(_reasons_on_query_day()),
    wrong_answers=(["overdue_90", "fraud", "court_enforced"], ["fraud"], ["overdue_90"],
                   ["fraud", "court_enforced"], ["court_enforced"], [], 2),
    why=(
        "Repayment ends the bad behaviour and starts the five-year clock (征信业管理条例 "
        "Art. 16): bank_a's entry stays, marked ended, until 3 March 2030. lender_c's fraud "
        "ended on 30 June 2020 and is kept through 30 June 2025, that day included. Only "
        "bank_b's entry, found wrong after an objection (Art. 25), left early.",
        "还清欠款使不良行为终止，并从此开始计算五年保存期（《征信业管理条例》第十六条）："
        "bank_a 的条目仍保留（标记为已终止），直到 2030 年 3 月 3 日。lender_c 的欺诈行为于 "
        "2020 年 6 月 30 日终止，保存至 2025 年 6 月 30 日，当天也算。只有 bank_b 的条目经异议"
        "核查确属错误（第二十五条），才被提前更正删除。",
    ),
)
def _blacklist_hits(answer: Any) -> Bilingual | None:
    given = _reason_codes(answer)
    if given is None:
        return ('Give the reason codes as a list of texts, e.g. ["overdue_90"].',
                '请以文本列表给出原因代码，例如 ["overdue_90"]。')
    right = set(_reasons_on_query_day())
    if given == right:
        return None
    if "court_enforced" in given:
        return ("bank_b corrected its entry after the person's objection proved it wrong: a "
                "corrected entry no longer counts.",
                "bank_b 在信息主体提出异议、核查属实后更正了条目：已更正的条目不再有效。")
    if "overdue_90" not in given:
        return ("Repaying the debt does not delete bank_a's entry: it starts the five years "
                "(征信业管理条例 Art. 16). The entry is still kept, marked as ended.",
                "还清欠款不会删除 bank_a 的条目，而是开始计算五年保存期（《征信业管理条例》"
                "第十六条）。该条目仍然保留，标记为已终止。")
    return ("The fraud ended on 30 June 2020: five years later, 30 June 2025, is the last day "
            "it is kept, that day included. Run the reports, the repayment, the correction "
            "and the query on a SharedBlacklist to see.",
            "欺诈行为于 2020 年 6 月 30 日终止：五年后的 2025 年 6 月 30 日是保存的最后一天，"
            "当天也算。在 SharedBlacklist 上依次执行报送、还清、更正和查询看看。")


# Exercise 2: the regulator checks the query audit trail against the consents on file.
OTHER_ID = with_check_digit("31011519920304567")  # fictional
CONSENTS = {  # consent reference -> (member it was given to, the person who gave it)
    "AUTH-B-0417": ("bank_b", BORROWER_ID),
    "AUTH-C-0032": ("lender_c", OTHER_ID),
}
AUDITED_QUERIES = (  # (who, person, purpose, consent reference), in this order
    ("bank_b", BORROWER_ID, "loan_approval", "AUTH-B-0417"),
    ("lender_c", OTHER_ID, "credit_card", "AUTH-C-0032"),
    ("lender_c", BORROWER_ID, "loan_approval", "AUTH-C-0032"),
    ("bank_a", OTHER_ID, "post_loan", "AUTH-B-0417"),
    ("bank_b", BORROWER_ID, "post_loan", "AUTH-B-0417"),
)


def audited_blacklist() -> SharedBlacklist:
    """A fresh shared blacklist on which the members made the `AUDITED_QUERIES`.

    >>> len(audited_blacklist().audit_log())
    5
    """
    blacklist = SharedBlacklist()
    for who, person, purpose, consent in AUDITED_QUERIES:
        blacklist.query(person, purpose, consent, by=who)
    return blacklist


@functools.cache
def _queries_without_consent() -> tuple[str, ...]:
    improper = set()
    for event in audited_blacklist().audit_log():
        given_to, person = CONSENTS.get(event["consent_ref"], (None, None))
        if given_to != event["who"] or subject_key(person).hex() != event["subject"]:
            improper.add(event["who"])
    return tuple(sorted(improper))


@exercise(
    "apps.credit.2",
    reference=lambda: list(_queries_without_consent()),
    wrong_answers=(["bank_a"], ["lender_c"], ["bank_a", "lender_c", "bank_b"], ["bank_b"],
                   "bank_a", []),
    why=(
        "lender_c looked up a second person with the consent of the first, and bank_a used "
        "a consent given to bank_b. The log shows only the subject key, yet the regulator can "
        "match it with the key of the person who signed the consent.",
        "lender_c 用第一个人的授权查询了另一个人；bank_a 使用的是授予 bank_b 的授权。日志中只有"
        "查询对象的键，但监管方可以把它与签署授权书的本人的键进行比对。",
    ),
)
def _improper_queries(answer: Any) -> Bilingual | None:
    given = _words(answer)
    if given is None:
        return ('Give the member names as a list of texts, e.g. ["bank_b"].',
                '请以文本列表给出成员名称，例如 ["bank_b"]。')
    right = set(_queries_without_consent())
    if given == right:
        return None
    if not given:
        return ("Some queries break the consent rules: compare each one with CONSENTS.",
                "有些查询违反了授权规则：把每次查询与 CONSENTS 逐一比对。")
    if "bank_b" in given:
        return ("bank_b queried the person who gave it consent, twice: for approval and for "
                "post-loan checks. Both are covered.",
                "bank_b 两次查询的都是授权给它的本人：一次审批、一次贷后管理，均在授权范围内。")
    if "lender_c" not in given:
        return ("A member with a proper query may have an improper one too: compare every "
                "query's subject key with subject_key(...) of the person behind its consent.",
                "有合规查询的成员也可能有违规查询：把每次查询的对象键与授权人 subject_key(...) "
                "逐一比对。")
    return ("Check who each consent was given to: may a member use another member's consent?",
            "检查每份授权书是授予谁的：一个成员能用另一个成员的授权吗？")


# Exercises 3 and 4: bank_b reconciles its book with the chain, then settles the net.
CHAIN_PAYMENTS = (  # (ref, payer, payee, amount, confirmed by the payee?)
    ("T1", "webank", "bank_b", Decimal("1250000.00"), True),
    ("T2", "bank_b", "webank", Decimal("830000.00"), True),
    ("T3", "webank", "bank_b", Decimal("415600.50"), True),
    ("T4", "bank_b", "webank", Decimal("96000.00"), False),
    ("T5", "bank_c", "bank_b", Decimal("300000.00"), True),
)
RECONCILIATION_DAY = date(2025, 3, 14)
BANK_B_BOOK = [  # bank_b's internal book: + it receives, − it pays
    {"ref": ref, "counterparty": party, "amount": Decimal(amount), "status": "confirmed",
     "date": RECONCILIATION_DAY}
    for ref, party, amount in (("T1", "webank", "1250000.00"), ("T2", "webank", "-830000.00"),
                               ("T2", "webank", "-830000.00"), ("T3", "webank", "415650.50"),
                               ("T4", "webank", "-96000.00"), ("T6", "webank", "50000.00"))
]


def reconciliation_platform() -> ReconciliationPlatform:
    """The shared ledger of the notebook: `CHAIN_PAYMENTS` recorded on 14 March 2025.

    >>> len(reconciliation_platform().chain_rows("bank_b"))
    5
    """
    platform = ReconciliationPlatform()
    platform.advance(days=(RECONCILIATION_DAY - platform.chain.today).days)
    for ref, payer, payee, amount, confirmed in CHAIN_PAYMENTS:
        platform.record(ref, payee, amount, by=payer)
        if confirmed:
            platform.confirm(ref, by=payee)
    return platform


@functools.cache
def _mismatch_kinds() -> tuple[tuple[str, str], ...]:
    report = reconciliation_platform().reconcile(BANK_B_BOOK, by="bank_b")
    return tuple((m.ref, m.kind) for m in report.mismatches)


def _kinds_by_ref(answer: Any) -> dict[str, str] | None:
    """{ref: kind}, from a dict, a Report or a list of Mismatch; None if none of those."""
    answer = getattr(answer, "mismatches", answer)
    if isinstance(answer, list) and all(hasattr(m, "ref") and hasattr(m, "kind") for m in answer):
        answer = {m.ref: m.kind for m in answer}
    if not isinstance(answer, Mapping):
        return None
    kinds = {}
    for ref, kind in answer.items():
        if not isinstance(ref, str) or word(kind) is None:
            return None
        kinds[ref.strip().upper()] = word(kind)
    return kinds


@exercise(
    "apps.credit.3",
    reference=lambda: dict(_mismatch_kinds()),
    wrong_answers=(
        {"T3": "amount", "T4": "status", "T5": "chain_only", "T6": "book_only"},
        {"T2": "duplicate", "T3": "amount", "T4": "status", "T6": "book_only"},
        {"T2": "duplicate", "T3": "amount", "T4": "status", "T5": "book_only",
         "T6": "chain_only"},
        {"T2": "duplicate", "T3": "status", "T4": "amount", "T5": "chain_only",
         "T6": "book_only"},
        {"T2": "duplicate", "T3": "amount", "T4": "status", "T5": "chain_only",
         "T6": "book_only", "T1": "amount"},
        {}, ["T2", "T3"],
    ),
    why=(
        "Each kind once: T2 booked twice (duplicate), T3 typed with 50 yuan too much (amount), "
        "T4 booked as confirmed while webank has not confirmed it (status), T5 missing from "
        "the book (chain_only), T6 missing from the chain (book_only).",
        "每种差异各一次：T2 记了两次（重复记账），T3 多记了 50 元（金额不符），T4 账上记为已确认"
        "但 webank 尚未确认（状态不符），T5 账上漏记（链上单边），T6 链上没有（账簿单边）。",
    ),
)
def _mismatches(answer: Any) -> Bilingual | None:
    given = _kinds_by_ref(answer)
    if given is None:
        return ('Give a dict from ref to kind, e.g. {"T9": "amount"}, or the report\'s '
                "mismatches.",
                '请给出从交易编号到差异类型的字典，例如 {"T9": "amount"}，或直接给出报告的 '
                "mismatches。")
    right = dict(_mismatch_kinds())
    if given == right:
        return None
    if "T1" in given:
        return ("T1 agrees on both sides: leave it out.", "T1 两边一致：不要列入。")
    missing = sorted(right.keys() - given.keys())
    if missing:
        return (f"A mismatch is missing: look again at {', '.join(missing)}.",
                f"漏掉了差异：再看看 {', '.join(missing)}。")
    if {given.get("T5"), given.get("T6")} == {"book_only", "chain_only"} and given != right:
        return ("book_only means only the book has it; chain_only, only the chain.",
                "book_only 表示只有账簿上有；chain_only 表示只有链上有。")
    return ("Some kinds are mixed up. Compare each ref's amount and status in the book with "
            "platform.chain_rows('bank_b'), or run platform.reconcile(book, by='bank_b').",
            "有些类型弄混了。把账簿中每笔的金额和状态与 platform.chain_rows('bank_b') 比较，"
            "或运行 platform.reconcile(book, by='bank_b')。")


@functools.cache
def _net_settlement() -> Decimal:
    settlement = reconciliation_platform().settle("webank", by="bank_b")
    return settlement["amount"] if settlement["payee"] == "bank_b" else -settlement["amount"]


def _net_of(amounts: Iterable[str]) -> Decimal:
    return sum((Decimal(amount) for amount in amounts), Decimal("0.00"))


_WITH_PENDING = _net_of(("1250000.00", "-830000.00", "415600.50", "-96000.00"))
_WITH_BOOK_T3 = _net_of(("1250000.00", "-830000.00", "415650.50"))
_BOOK_NET = sum((row["amount"] for row in BANK_B_BOOK), Decimal("0.00"))
_GROSS = _net_of(("1250000.00", "830000.00", "415600.50"))


@exercise(
    "apps.credit.4",
    reference=_net_settlement,
    wrong_answers=(_WITH_PENDING, _WITH_BOOK_T3, _BOOK_NET, _GROSS, -_net_of(
        ("1250000.00", "-830000.00", "415600.50")), float(_WITH_BOOK_T3), "835600.50"),
    why=(
        "Only confirmed chain rows between the two are netted: 1,250,000 − 830,000 + "
        "415,600.50. T4 is still pending and T5 is with bank_c. One payment, the same day.",
        "只轧差两者之间链上已确认的记录：1,250,000 − 830,000 + 415,600.50。T4 仍待确认，"
        "T5 是与 bank_c 的交易。一笔支付，当日完成。",
    ),
)
def _net_amount(answer: Any) -> Bilingual | None:
    given, hint = money_answer(answer)
    if hint:
        return hint
    right = _net_settlement()
    if given == right:
        return None
    if given == -right:
        return ("Right size, wrong side: who owes whom? Give what bank_b receives as a "
                "positive amount.",
                "数值对了，方向反了：谁欠谁？请以正数给出 bank_b 收到的金额。")
    if given == _WITH_PENDING:
        return ("T4 is pending on the chain: only confirmed transactions are settled.",
                "T4 在链上仍是待确认状态：只有已确认的交易才参与结算。")
    if given == _WITH_BOOK_T3:
        return ("Settlement uses the chain's amounts, which both sides confirmed, not bank_b's "
                "book.",
                "结算使用双方确认过的链上金额，而不是 bank_b 的账簿。")
    if given == _BOOK_NET:
        return ("That is the net of bank_b's own book, errors and all. Net the chain's rows.",
                "这是 bank_b 自己账簿的净额，连同其中的错误。请对链上记录轧差。")
    if given == _GROSS:
        return ("Netting (轧差) adds what bank_b receives and subtracts what it pays.",
                "轧差是把 bank_b 收到的加上、付出的减去。")
    return _off_by_rounding(given, right) or (
        "Sum the confirmed chain rows between bank_b and webank, signed from bank_b's side, "
        "or run platform.settle('webank', by='bank_b').",
        "把 bank_b 与 webank 之间已确认的链上记录按 bank_b 的方向加总，"
        "或运行 platform.settle('webank', by='bank_b')。",
    )


# Exercise 5: a points alliance (积分联盟): who owes whom after conversions and a redemption.
POINTS_STEPS = (  # (action, issuer, points, by)
    ("mint", "mall", 3000, "alice"),
    ("mint", "airline", 1250, "alice"),
    ("convert", "mall", 3000, "alice"),
    ("convert", "airline", 1250, "alice"),
    ("redeem", "alliance", 800, "alice"),  # general points spent on goods from the mall
)


@functools.cache
def _mall_owes_operator() -> Decimal:
    alliance = LoyaltyAlliance()
    alliance.mint("alice", 3000, by="mall")
    alliance.mint("alice", 1250, by="airline")
    alliance.convert("mall", 3000, by="alice")
    alliance.convert("airline", 1250, by="alice")
    alliance.redeem("alliance", 800, at="mall", by="alice")
    owed = alliance.contract.owed
    return owed.get("mall", {}).get("alliance", Decimal(0)) - owed.get("alliance", {}).get(
        "mall", Decimal(0))


@exercise(
    "apps.credit.5",
    reference=_mall_owes_operator,
    wrong_answers=(Decimal(15), Decimal(8), Decimal(23), Decimal(-7), Decimal(40), 7.0),
    why=(
        "Converting 3,000 mall points (0.005 yuan each) handed the operator a 15-yuan "
        "liability, so the mall owes it 15; redeeming 800 general points (0.01 yuan) for the "
        "mall's goods makes the operator owe the mall 8. Net: 7 yuan.",
        "兑换 3,000 个商城积分（每个 0.005 元）把 15 元负债转给了运营方，所以商城欠运营方 15 元；"
        "用 800 个通用积分（每个 0.01 元）兑付商城的商品，运营方欠商城 8 元。轧差后为 7 元。",
    ),
)
def _points_net(answer: Any) -> Bilingual | None:
    given, hint = money_answer(answer)
    if hint:
        return hint
    right = _mall_owes_operator()
    if given == right:
        return None
    if given == -right:
        return ("Right size, wrong direction: give what the mall owes the operator.",
                "数值对了，方向反了：请给出商城欠运营方的金额。")
    if given == Decimal(15):
        return ("That is the conversion only. The redemption at the mall goes the other way.",
                "这只算了兑换。在商城的兑付方向正好相反。")
    if given == Decimal(8):
        return ("That is the redemption only; what did the conversion of mall points cost "
                "the mall?",
                "这只算了兑付；商城积分的兑换让商城欠了多少？")
    if given == Decimal(23):
        return ("The two debts go in opposite directions: subtract, do not add.",
                "两笔债务方向相反：应当相减，而不是相加。")
    return ("Only mall points and goods from the mall matter here; the airline's debt is "
            "between the airline and the operator. Read alliance.contract.owed.",
            "这里只和商城积分、商城的商品有关；航空公司的债务在航空公司与运营方之间。"
            "查看 alliance.contract.owed。")


# === 05 asset-backed securities (资产证券化) ================================================

ABS_RATES = (Decimal("0.068"), Decimal("0.072"), Decimal("0.079"), Decimal("0.085"))


def abs_pool() -> list[dict[str, Any]]:
    """The notebook's pool: 100 loans of about one million yuan, 100,000,000.00 in all.
    Borrowers are customer numbers; only a salted hash of each record goes on chain.

    >>> pool = abs_pool(); len(pool), sum(loan["principal"] for loan in pool)
    (100, Decimal('100000000.00'))
    """
    rng = random.Random(2017)
    loans = []
    for number in range(1, 101):
        loans.append({"loan_id": f"L-{number:03d}", "borrower": f"C-{rng.randrange(10**6):06d}",
                      "principal": Decimal(rng.randrange(70_000_000, 130_000_001)) / 100,
                      "annual_rate": rng.choice(ABS_RATES),
                      "due": date(2027, rng.randrange(1, 13), 28)})
    loans[-1]["principal"] += Decimal("100000000.00") - sum(loan["principal"] for loan in loans)
    return loans


def abs_deal() -> ABSDeal:
    """The notebook's deal on 1 January 2025: `abs_pool()` pooled, tranches A/B/C issued.

    >>> [str(t.principal) for t in abs_deal().tranches()]
    ['85000000.00', '6000000.00', '9000000.00']
    """
    deal = ABSDeal()
    with deal.chain.batch():
        for loan in abs_pool():
            deal.add_loan(**loan, by="changan")
    deal.issue(tranches_by_share(deal.pool_principal(), EXAMPLE_STRUCTURE, HOLDERS),
               by="tianfeng")
    return deal


def collect_pro_rata(deal: ABSDeal, total: Decimal) -> None:
    """The servicer reports `total` collected in a period, spread over the pooled loans in
    proportion to their principal; the last loan takes the rounding remainder.

    >>> deal = abs_deal(); collect_pro_rata(deal, Decimal("99000000.00")); deal.contract.cash
    Decimal('99000000.00')
    """
    loans, pool = deal.contract.loans, deal.pool_principal()
    ids, left = sorted(loans), total
    with deal.chain.batch():
        for loan_id in ids[:-1]:
            share = to_fen(total * loans[loan_id]["principal"] / pool)
            deal.collect(loan_id, share, by="changan")
            left -= share
        deal.collect(ids[-1], left, by="changan")


# Exercise 1: tranche sizes to the fen; the last tranche takes the remainder.
SIZED_POOL = Decimal("403278915.62")
_SIZED = [t["principal"] for t in tranches_by_share(SIZED_POOL, EXAMPLE_STRUCTURE, HOLDERS)]
_C_SHARE_ROUNDED = to_fen(SIZED_POOL * Decimal("0.09"))


@exercise(
    "apps.abs.1",
    reference=lambda: tranches_by_share(SIZED_POOL, EXAMPLE_STRUCTURE, HOLDERS)[-1]["principal"],
    wrong_answers=(_C_SHARE_ROUNDED, SIZED_POOL * Decimal("0.09"), _SIZED[0], _SIZED[1],
                   float(_SIZED[2]), "9%"),
    why=(
        "A and B are their shares rounded to the fen; the subordinated tranche takes what is "
        "left, so the three add up to the pool exactly. Rounding each share separately would "
        "leave the deal a fen short.",
        "A 档和 B 档按比例计算并四舍五入到分；次级档取剩余部分，三者之和正好等于资产池。"
        "若每档各自四舍五入，总额会差一分。",
    ),
)
def _subordinated_size(answer: Any) -> Bilingual | None:
    given, hint = money_answer(answer)
    if hint:
        return hint
    if given == _SIZED[2]:
        return None
    if given in (_C_SHARE_ROUNDED, SIZED_POOL * Decimal("0.09")):
        return ("9% of the pool, rounded: then do A + B + C still add up to the pool? The "
                "last tranche takes the remainder.",
                "资产池的 9% 再四舍五入：那么 A + B + C 还等于资产池吗？最后一档取剩余部分。")
    if given in (_SIZED[0], _SIZED[1]):
        return ("That is a senior tranche; the question asks for the subordinated one (次级).",
                "这是优先级的一档；题目问的是次级档。")
    return ("Size A and B at 85% and 6% to the fen, and give the subordinated tranche the "
            "rest of the pool; tranches_by_share does exactly this.",
            "把 A、B 按 85% 和 6% 算到分，次级档取资产池的剩余部分；"
            "tranches_by_share 正是这样做的。")


# Exercise 2: half a year, 50 million collected: how much of A is still outstanding?
HALF_YEAR_DAYS, HALF_YEAR_CASH = 182, Decimal("50000000.00")


@functools.cache
def _a_outstanding_after_half_year() -> Decimal:
    deal = abs_deal()
    deal.advance(days=HALF_YEAR_DAYS)
    collect_pro_rata(deal, HALF_YEAR_CASH)
    deal.distribute(by="tianfeng")
    return deal.tranches()[0].outstanding


def _interest(principal: str, rate: str, days: int, basis: int = 365) -> Decimal:
    return to_fen(Decimal(principal) * Decimal(rate) * days / basis)


_A_HALF = _interest("85000000", "0.04", HALF_YEAR_DAYS)
_B_HALF = _interest("6000000", "0.05", HALF_YEAR_DAYS)
_A_PRINCIPAL_PAID = HALF_YEAR_CASH - _A_HALF - _B_HALF


@exercise(
    "apps.abs.2",
    reference=_a_outstanding_after_half_year,
    wrong_answers=(
        _A_PRINCIPAL_PAID, Decimal("35000000.00"), Decimal(85_000_000) - HALF_YEAR_CASH + _A_HALF,
        Decimal(85_000_000) - (HALF_YEAR_CASH - _interest("85000000", "0.04", HALF_YEAR_DAYS, 360)
                               - _interest("6000000", "0.05", HALF_YEAR_DAYS, 360)),
        Decimal(85_000_000) - (HALF_YEAR_CASH - Decimal(3_400_000) - Decimal(300_000)),
        float(Decimal(85_000_000) - _A_PRINCIPAL_PAID), None),
    why=(
        "Interest first, for 182 days on actual/365: A's and B's coupons. Everything left goes "
        "to A's principal, since A is retired before B or C receive any principal.",
        "先付利息，按实际天数/365 计 182 天：A 档和 B 档的票息。剩下的全部偿还 A 档本金，"
        "因为 A 档本金清偿之前 B、C 档拿不到本金。",
    ),
)
def _a_outstanding(answer: Any) -> Bilingual | None:
    given, hint = money_answer(answer)
    if hint:
        return hint
    right = _a_outstanding_after_half_year()
    if given == right:
        return None
    if given == _A_PRINCIPAL_PAID:
        return ("That is A's principal paid this time; what remains outstanding?",
                "这是本期偿还的 A 档本金；还剩多少未偿还？")
    if given == Decimal("35000000.00"):
        return ("Interest is paid before any principal: not all 50 million repays A.",
                "利息先于本金支付：5,000 万并不全部用于偿还 A 档本金。")
    if given == Decimal(85_000_000) - HALF_YEAR_CASH + _A_HALF:
        return ("B's interest is paid before A's principal too: interest A → B, then "
                "principal.",
                "B 档利息也在 A 档本金之前支付：先付 A、B 的利息，再付本金。")
    if given == Decimal(85_000_000) - (HALF_YEAR_CASH - Decimal(3_400_000) - Decimal(300_000)):
        return ("Half a year accrues about half a year's interest: 182 days, not a full year.",
                "半年只计约半年的利息：182 天，而不是一整年。")
    return _off_by_rounding(given, right) or (
        "Interest accrues actual/365 on the outstanding principal. Build the deal, advance "
        "182 days, collect 50,000,000, distribute, and read deal.tranches()[0].outstanding.",
        "利息按实际天数/365 对未偿本金计算。建立交易，前进 182 天，回收 50,000,000，分配，"
        "再查看 deal.tranches()[0].outstanding。",
    )


# Exercise 3: a short first year (91M), then 12M: what does the subordinated tranche get?
SHORT_YEAR_CASH, SECOND_YEAR_CASH = Decimal("91000000.00"), Decimal("12000000.00")


@functools.cache
def _subordinated_second_year() -> Decimal:
    deal = abs_deal()
    for cash in (SHORT_YEAR_CASH, SECOND_YEAR_CASH):
        deal.advance(days=365)
        collect_pro_rata(deal, cash)
        payments = deal.distribute(by="tianfeng")
    return payments[-1].total


@exercise(
    "apps.abs.3",
    reference=_subordinated_second_year,
    wrong_answers=(Decimal("8300000.00"), Decimal("5700000.00"), Decimal("8000000.00"),
                   SECOND_YEAR_CASH, Decimal("3700000.00"), 8115000.0, None),
    why=(
        "After year one A is retired and B is owed 3.7 million of principal. In year two B gets "
        "5% on 3.7 million (185,000) and its 3.7 million; the subordinated tranche takes the "
        "rest.",
        "第一年后 A 档已清偿，B 档还欠 370 万本金。第二年 B 档获得 370 万的 5% 利息（185,000）"
        "和 370 万本金；次级档拿走剩余部分。",
    ),
)
def _subordinated_payment(answer: Any) -> Bilingual | None:
    given, hint = money_answer(answer)
    if hint:
        return hint
    right = _subordinated_second_year()
    if given == right:
        return None
    if given == Decimal("8300000.00"):
        return ("B's interest for the second year comes first.", "第二年 B 档的利息要先付。")
    if given == Decimal("5700000.00"):
        return ("B was partly repaid in year one: only its outstanding principal is due, and "
                "interest accrues on that.",
                "B 档第一年已部分偿还：只需偿还未偿本金，利息也按未偿本金计算。")
    if given == Decimal("8000000.00"):
        return ("Interest accrues on what is outstanding, not on B's original size.",
                "利息按未偿本金计算，而不是按 B 档的初始规模。")
    if given == SECOND_YEAR_CASH:
        return ("The subordinated tranche is paid last: B is still owed money.",
                "次级档最后受偿：B 档仍有欠款。")
    if given == Decimal("3700000.00"):
        return ("That is what B still had outstanding; the question asks about the "
                "subordinated tranche.",
                "这是 B 档剩余的未偿本金；题目问的是次级档。")
    return _off_by_rounding(given, right) or (
        "Run two distributions a year apart on a fresh deal (91,000,000 then 12,000,000) and "
        "read the subordinated tranche's payment in the second.",
        "在新建的交易上间隔一年做两次分配（先 91,000,000，再 12,000,000），"
        "查看第二次分配中次级档的所得。",
    )


# Exercise 4: which loan file shown to an investor does not match its hash on chain?
def loan_files() -> dict[str, dict[str, Any]]:
    """Three loan files (salt included) the originator shows an investor; one has another
    borrower.

    >>> sorted(loan_files())
    ['A', 'B', 'C']
    """
    deal = abs_deal()
    return {"A": deal.loan_file("L-017"),
            "B": dict(deal.loan_file("L-042"), borrower="C-204817"),
            "C": deal.loan_file("L-088")}


@functools.cache
def _altered_file() -> str:
    loans = abs_deal().contract.loans
    (altered,) = [name for name, record in loan_files().items()
                  if loan_hash(**record) != loans[record["loan_id"]]["hash"]]
    return altered


@exercise(
    "apps.abs.4",
    reference=_altered_file,
    wrong_answers=("A", "C", "AB", None),
    why=(
        "The chain does not show borrowers, but each loan's salted hash commits to its "
        "borrower: file B hashes to something else, so its borrower is not the one pooled.",
        "链上不公开借款人，但每笔贷款的加盐哈希锁定了借款人：文件 B 的哈希对不上，"
        "说明它的借款人不是入池时的那一位。",
    ),
)
def _which_file(answer: Any) -> Bilingual | None:
    given = letter(answer)
    if given is None:
        return NOT_A_LETTER
    if given == _altered_file():
        return None
    return ("That file matches its loan on chain. Hash each file with loan_hash(**file) and "
            "compare with deal.contract.loans[file['loan_id']]['hash'].",
            "这份文件与链上贷款一致。请用 loan_hash(**file) 对每份文件求哈希，并与 "
            "deal.contract.loans[file['loan_id']]['hash'] 比较。")
