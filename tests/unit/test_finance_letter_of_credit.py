"""ledgerkit.finance.letter_of_credit: domestic letters of credit (国内信用证) on a chain.

The buyer's bank (issuing_bank) issues an L/C to the seller through advising_bank; the
seller ships and presents documents; the issuing bank accepts or refuses, pays, and closes.
Every refusal must leave the chain byte-identical and name its rule.
"""

from datetime import date
from decimal import Decimal

import pytest
from refusals import refused

from ledgerkit.design import ChainDesign
from ledgerkit.finance.factoring import FactoringDesk
from ledgerkit.finance.letter_of_credit import (
    PAYMENTS_REGULATOR,
    REGULATOR,
    LetterOfCreditDesk,
    add_business_days,
    default_members,
)
from ledgerkit.i18n import set_language

MONDAY = date(2025, 3, 3)
SHIPPED = date(2025, 3, 1)
EXPIRY = date(2025, 6, 30)
AMOUNT = Decimal(500_000)


def advised(usance_days: int = 0) -> LetterOfCreditDesk:
    desk = LetterOfCreditDesk(start=MONDAY)
    desk.deposit(Decimal(1_000_000), by="issuing_bank")
    desk.issue("LC-1", applicant="buyer", beneficiary="seller", advising_bank="advising_bank",
               amount=AMOUNT, expiry=EXPIRY, usance_days=usance_days, by="issuing_bank")
    desk.advise("LC-1", by="advising_bank")
    return desk


def conserved(desk: LetterOfCreditDesk) -> bool:
    return sum(desk.cash.values()) == desk.deposited


@pytest.fixture(autouse=True)
def english():
    set_language("en")
    yield
    set_language("en")


def test_business_days_skip_weekends():
    assert add_business_days(MONDAY, 5) == date(2025, 3, 10)
    assert add_business_days(date(2025, 3, 7), 1) == date(2025, 3, 10)  # Friday → Monday
    assert add_business_days(date(2025, 3, 8), 5) == date(2025, 3, 14)  # from a Saturday


# --- the whole life of a sight L/C ---------------------------------------------------------------
def test_sight_lc_from_issue_to_close():
    desk = advised()
    number = desk.present("LC-1", amount=AMOUNT, shipped=SHIPPED, by="seller")
    assert desk.accept("LC-1", number, by="issuing_bank") == date(2025, 3, 10)
    desk.advance_to(date(2025, 3, 10))
    desk.pay("LC-1", number, by="issuing_bank")
    assert desk.balance("seller") == AMOUNT and desk.letters["LC-1"].paid == AMOUNT
    assert desk.chain.events(name="paid")[-1]["late"] is False
    desk.close("LC-1", by="issuing_bank")
    names = [e.name for e in desk.chain.events(lc="LC-1")]
    assert names == ["issued", "advised", "presented", "accepted", "paid", "closed"]
    assert conserved(desk) and desk.chain.validate()


def test_nothing_changes_after_closing():
    desk = advised()
    desk.present("LC-1", amount=AMOUNT, shipped=SHIPPED, by="seller")
    desk.accept("LC-1", 1, by="issuing_bank")
    desk.pay("LC-1", 1, by="issuing_bank")
    desk.close("LC-1", by="issuing_bank")
    refused(desk, "lc.closed", desk.close, "LC-1", by="issuing_bank")
    refused(desk, "lc.closed", desk.present, "LC-1", amount=Decimal(1), shipped=SHIPPED,
            by="seller")
    refused(desk, "lc.closed", desk.pay, "LC-1", 1, by="issuing_bank")
    refused(desk, "lc.closed", desk.advise, "LC-1", by="advising_bank")
    refused(desk, "lc.closed", desk.assign_proceeds, "LC-1", 1, to="forfaiter", by="seller")


# --- presentation ---------------------------------------------------------------------------
def test_presentation_within_21_days_after_shipment():
    desk = advised()
    desk.advance_to(date(2025, 3, 23))  # shipped 1 March: the last day is 22 March
    refused(desk, "lc.late_presentation", desk.present, "LC-1", amount=AMOUNT, shipped=SHIPPED,
            by="seller")
    assert desk.present("LC-1", amount=AMOUNT, shipped=date(2025, 3, 2), by="seller") == 1
    refused(desk, "lc.shipment_date", desk.present, "LC-1", amount=Decimal(1),
            shipped=date(2025, 3, 24), by="seller")


def test_no_presentation_after_expiry():
    desk = advised()
    desk.advance_to(EXPIRY)
    assert desk.present("LC-1", amount=Decimal(1000), shipped=EXPIRY, by="seller") == 1
    desk.advance_to(date(2025, 7, 1))
    refused(desk, "lc.expired", desk.present, "LC-1", amount=Decimal(1000),
            shipped=date(2025, 7, 1), by="seller")


def test_presented_and_paid_never_exceed_the_amount():
    desk = advised()
    desk.present("LC-1", amount=Decimal(300_000), shipped=SHIPPED, by="seller")
    desk.present("LC-1", amount=Decimal(200_000), shipped=SHIPPED, by="seller")
    refused(desk, "lc.over_amount", desk.present, "LC-1", amount=Decimal("0.01"),
            shipped=SHIPPED, by="seller")
    desk.refuse_documents("LC-1", 2, reason="bill of lading not clean", by="issuing_bank")
    # Refused documents no longer count: corrected documents can be presented again.
    assert desk.present("LC-1", amount=Decimal(200_000), shipped=SHIPPED, by="seller") == 3
    for number in (1, 3):
        desk.accept("LC-1", number, by="issuing_bank")
        desk.pay("LC-1", number, by="issuing_bank")
    assert desk.letters["LC-1"].paid == AMOUNT and desk.balance("seller") == AMOUNT


def test_only_the_right_party_acts():
    desk = LetterOfCreditDesk(start=MONDAY)
    desk.issue("LC-1", applicant="buyer", beneficiary="seller", advising_bank="advising_bank",
               amount=AMOUNT, expiry=EXPIRY, by="issuing_bank")
    refused(desk, "lc.step", desk.present, "LC-1", amount=AMOUNT, shipped=SHIPPED, by="seller")
    refused(desk, "lc.wrong_party", desk.advise, "LC-1", by="issuing_bank")
    desk.advise("LC-1", by="advising_bank")
    refused(desk, "lc.step", desk.advise, "LC-1", by="advising_bank")
    refused(desk, "lc.wrong_party", desk.present, "LC-1", amount=AMOUNT, shipped=SHIPPED,
            by="buyer")
    desk.present("LC-1", amount=AMOUNT, shipped=SHIPPED, by="seller")
    refused(desk, "lc.wrong_party", desk.accept, "LC-1", 1, by="advising_bank")
    refused(desk, "lc.presentation_step", desk.pay, "LC-1", 1, by="issuing_bank")
    refused(desk, "lc.unknown_presentation", desk.accept, "LC-1", 2, by="issuing_bank")
    refused(desk, "lc.unknown", desk.accept, "LC-9", 1, by="issuing_bank")


def test_issue_checks_its_terms():
    desk = LetterOfCreditDesk(start=MONDAY)
    terms = {"applicant": "buyer", "beneficiary": "seller", "advising_bank": "advising_bank",
             "amount": AMOUNT, "expiry": EXPIRY}
    refused(desk, "lc.distinct", desk.issue, "LC-1", **{**terms, "beneficiary": "buyer"},
            by="issuing_bank")
    refused(desk, "lc.not_member", desk.issue, "LC-1", **{**terms, "applicant": "nobody"},
            by="issuing_bank")
    refused(desk, "lc.expiry", desk.issue, "LC-1", **{**terms, "expiry": MONDAY},
            by="issuing_bank")
    refused(desk, "lc.usance", desk.issue, "LC-1", **terms, usance_days=366, by="issuing_bank")
    refused(desk, "lc.amount", desk.issue, "LC-1", **{**terms, "amount": Decimal("1.001")},
            by="issuing_bank")
    desk.issue("LC-1", **terms, by="issuing_bank")
    refused(desk, "lc.exists", desk.issue, "LC-1", **terms, by="issuing_bank")


# --- examination and payment ------------------------------------------------------------------
def test_refusal_only_within_five_business_days():
    desk = advised()
    desk.present("LC-1", amount=Decimal(100), shipped=SHIPPED, by="seller")
    desk.present("LC-1", amount=Decimal(200), shipped=SHIPPED, by="seller")
    refused(desk, "lc.reason", desk.refuse_documents, "LC-1", 1, reason="", by="issuing_bank")
    desk.advance_to(date(2025, 3, 10))  # the fifth business day
    desk.refuse_documents("LC-1", 1, reason="invoice amount differs", by="issuing_bank")
    desk.advance_to(date(2025, 3, 11))
    refused(desk, "lc.refusal_too_late", desk.refuse_documents, "LC-1", 2, reason="late",
            by="issuing_bank")
    assert desk.accept("LC-1", 2, by="issuing_bank") == date(2025, 3, 10)
    assert desk.overdue("LC-1", desk.chain.today) == [2]


def test_a_late_sight_payment_is_marked():
    desk = advised()
    desk.present("LC-1", amount=AMOUNT, shipped=SHIPPED, by="seller")
    desk.accept("LC-1", 1, by="issuing_bank")
    desk.advance_to(date(2025, 3, 12))
    assert desk.overdue("LC-1", desk.chain.today) == [1]
    desk.pay("LC-1", 1, by="issuing_bank")
    assert desk.chain.events(name="paid")[-1]["late"] is True
    assert desk.overdue("LC-1", desk.chain.today) == []


def test_usance_lc_is_paid_at_maturity():
    desk = advised(usance_days=90)
    desk.present("LC-1", amount=AMOUNT, shipped=SHIPPED, by="seller")
    desk.advance_to(date(2025, 3, 5))
    assert desk.accept("LC-1", 1, by="issuing_bank") == date(2025, 6, 3)
    refused(desk, "lc.not_due", desk.pay, "LC-1", 1, by="issuing_bank")
    desk.advance_to(date(2025, 6, 3))
    desk.pay("LC-1", 1, by="issuing_bank")
    assert desk.chain.events(name="paid")[-1]["late"] is False


def test_paying_needs_cash():
    desk = LetterOfCreditDesk(start=MONDAY)
    desk.issue("LC-1", applicant="buyer", beneficiary="seller", advising_bank="advising_bank",
               amount=AMOUNT, expiry=EXPIRY, by="issuing_bank")
    desk.advise("LC-1", by="advising_bank")
    desk.present("LC-1", amount=AMOUNT, shipped=SHIPPED, by="seller")
    desk.accept("LC-1", 1, by="issuing_bank")
    refused(desk, "lc.no_cash", desk.pay, "LC-1", 1, by="issuing_bank")


def test_closing_needs_nothing_pending_and_full_payment_or_expiry():
    desk = advised()
    desk.present("LC-1", amount=Decimal(100_000), shipped=SHIPPED, by="seller")
    refused(desk, "lc.not_closable", desk.close, "LC-1", by="issuing_bank")
    desk.accept("LC-1", 1, by="issuing_bank")
    desk.pay("LC-1", 1, by="issuing_bank")
    refused(desk, "lc.not_closable", desk.close, "LC-1", by="issuing_bank")  # 400,000 unused
    refused(desk, "lc.wrong_party", desk.close, "LC-1", by="buyer")
    desk.advance_to(date(2025, 7, 1))
    desk.close("LC-1", by="issuing_bank")
    assert desk.letters["LC-1"].status == "CLOSED"


# --- assignment of proceeds and forfaiting -------------------------------------------------------
def test_assigned_proceeds_are_paid_to_the_assignee_once():
    desk = advised()
    desk.present("LC-1", amount=AMOUNT, shipped=SHIPPED, by="seller")
    refused(desk, "lc.presentation_step", desk.assign_proceeds, "LC-1", 1, to="forfaiter",
            by="seller")
    desk.accept("LC-1", 1, by="issuing_bank")
    refused(desk, "lc.wrong_party", desk.assign_proceeds, "LC-1", 1, to="forfaiter",
            by="buyer")
    refused(desk, "lc.assignee", desk.assign_proceeds, "LC-1", 1, to="seller", by="seller")
    desk.assign_proceeds("LC-1", 1, to="forfaiter", by="seller")
    refused(desk, "lc.assigned", desk.assign_proceeds, "LC-1", 1, to="buyer", by="seller")
    desk.pay("LC-1", 1, by="issuing_bank")
    assert desk.balance("forfaiter") == AMOUNT and desk.balance("seller") == 0


def test_forfaiting_an_accepted_usance_lc_on_the_same_chain():
    """The seller sells its accepted 90-day claim to the forfaiter without recourse; at
    maturity the issuing bank pays the forfaiter under the L/C."""
    credit = advised(usance_days=90)
    forfaiting = FactoringDesk(chain=credit.chain)
    forfaiting.deposit(Decimal(1_000_000), by="forfaiter")
    credit.present("LC-1", amount=AMOUNT, shipped=SHIPPED, by="seller")
    due = credit.accept("LC-1", 1, by="issuing_bank")
    key = forfaiting.register_lc_receivable("LC-1/1", issuing_bank="issuing_bank",
                                            amount=AMOUNT, maturity=due, forfaiter="forfaiter",
                                            annual_rate=Decimal("0.036"), by="seller")
    credit.assign_proceeds("LC-1", 1, to="forfaiter", by="seller")
    forfaiting.confirm(key, by="issuing_bank")
    assert due == date(2025, 6, 1)  # 90 days after acceptance
    # 500,000 × 3.6% × 90 / 360 = 4,500 of interest (3 March to 31 May)
    assert forfaiting.forfait(key, by="forfaiter") == Decimal("495500.00")
    credit.advance_to(due)
    credit.pay("LC-1", 1, by="issuing_bank")
    assert credit.balance("forfaiter") == AMOUNT
    assert forfaiting.balance("seller") == Decimal("495500.00")
    refused(forfaiting, "factoring.double_financing", forfaiting.register_lc_receivable,
            "LC-1/1", issuing_bank="issuing_bank", amount=AMOUNT, maturity=date(2025, 9, 1),
            forfaiter="advising_bank", annual_rate=Decimal("0.03"), by="seller")
    assert credit.chain.validate()


# --- messages -----------------------------------------------------------------------------------
def test_messages_in_chinese():
    desk = advised()
    desk.advance_to(date(2025, 3, 23))
    set_language("zh")
    error = refused(desk, "lc.late_presentation", desk.present, "LC-1", amount=AMOUNT,
                    shipped=SHIPPED, by="seller")
    assert str(error) == "2025-03-01 装运的货物须在 21 天内（2025-03-22 前）交单。"
    error = refused(desk, "lc.wrong_party", desk.advise, "LC-1", by="seller")
    assert str(error) == "只有通知行 advising_bank 才能对信用证 LC-1 执行通知；调用者为 seller。"


def test_the_default_chain_passes_the_course_design_checker():
    members = default_members()
    design = ChainDesign("letters of credit", members, consensus="pbft")
    assert [f.rule for f in design.check() if f.severity == "mistake"] == []
    assert len(design.consensus_nodes) >= 4
    assert [m.name for m in members if "regulator" in m.roles] == [
        REGULATOR, PAYMENTS_REGULATOR] == ["nfra_office", "pboc_branch"]
