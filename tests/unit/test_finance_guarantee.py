"""ledgerkit.finance.guarantee: letters of guarantee (保函) on a consortium chain.

The seller (applicant) asks its bank for a performance guarantee in favour of the buyer
(beneficiary). The bank signs the text's hash; anyone can verify a copy of the text. Every
refusal must leave the chain byte-identical and name its rule.
"""

from datetime import date
from decimal import Decimal

import pytest
from refusals import refused

from ledgerkit.crypto import KeyPair
from ledgerkit.design import ChainDesign
from ledgerkit.finance.guarantee import (
    REGULATOR,
    GuaranteeDesk,
    default_members,
    sign_text,
    text_hash,
)
from ledgerkit.i18n import set_language

TEXT = ("Performance guarantee G-1: the bank pays the buyer up to 100,000.00 yuan if the "
        "seller fails to deliver under contract C-9.")
AMOUNT = Decimal(100_000)
EXPIRY = date(2025, 6, 30)


def applied() -> GuaranteeDesk:
    desk = GuaranteeDesk()
    desk.deposit(Decimal(1_000_000), by="bank")
    desk.apply("G-1", bank="bank", beneficiary="buyer", amount=AMOUNT, expiry=EXPIRY,
               text=TEXT, by="seller")
    return desk


def issued() -> GuaranteeDesk:
    desk = applied()
    desk.issue_signed("G-1", TEXT, by="bank")
    return desk


@pytest.fixture(autouse=True)
def english():
    set_language("en")
    yield
    set_language("en")


# --- the text, hashed and signed -----------------------------------------------------------------
def test_any_party_can_verify_the_text_unchanged():
    desk = issued()
    g = desk.guarantees["G-1"]
    assert g.status == "ISSUED" and g.text_hash == text_hash(TEXT)
    assert g.public_key == KeyPair.from_seed("bank").public_key
    assert desk.verify_text("G-1", TEXT)
    assert not desk.verify_text("G-1", TEXT.replace("100,000.00", "900,000.00"))
    assert not desk.verify_text("G-1", TEXT + " ")
    assert not desk.verify_text("G-9", TEXT)
    # The regulator's read-only copy verifies too: the check needs no private key.
    assert desk.chain.read("Guarantees", by=REGULATOR).verify_text("G-1", TEXT)


def test_nothing_verifies_before_the_bank_signs():
    desk = applied()
    assert not desk.verify_text("G-1", TEXT)


def test_only_the_banks_own_signature_over_the_applied_text_issues():
    desk = applied()
    forged = sign_text(KeyPair.from_seed("mallory"), TEXT)
    refused(desk, "guarantee.bad_signature", desk.issue, "G-1", signature=forged, by="bank")
    refused(desk, "guarantee.bad_signature", desk.issue_signed, "G-1", "another text",
            by="bank")
    refused(desk, "guarantee.bad_signature", desk.issue, "G-1", signature=b"", by="bank")
    refused(desk, "guarantee.wrong_party", desk.issue_signed, "G-1", TEXT, by="other_bank")
    desk.issue_signed("G-1", TEXT, by="bank")
    refused(desk, "guarantee.step", desk.issue_signed, "G-1", TEXT, by="bank")


def test_a_tampered_copy_no_longer_verifies():
    desk = issued()
    copy = desk.chain.read("Guarantees", by=REGULATOR)  # a detached snapshot
    copy.guarantees["G-1"].signature = bytes(64)
    assert not copy.verify_text("G-1", TEXT)
    copy = desk.chain.read("Guarantees", by=REGULATOR)
    copy.guarantees["G-1"].text_hash = text_hash("a text the bank never signed")
    assert not copy.verify_text("G-1", "a text the bank never signed")
    assert desk.verify_text("G-1", TEXT)  # the chain's own state is untouched


# --- claims ---------------------------------------------------------------------------------------
def test_claim_and_payment():
    desk = issued()
    assert desk.claim("G-1", amount=Decimal(40_000), statement="goods not delivered",
                      by="buyer") == 1
    assert desk.guarantees["G-1"].status == "CLAIMED"
    desk.pay_claim("G-1", by="bank")
    assert desk.balance("buyer") == Decimal(40_000) and desk.guarantees["G-1"].status == "PAID"
    desk.claim("G-1", amount=Decimal(60_000), statement="still not delivered", by="buyer")
    desk.pay_claim("G-1", by="bank")
    assert desk.guarantees["G-1"].paid == AMOUNT
    refused(desk, "guarantee.over_amount", desk.claim, "G-1", amount=Decimal("0.01"),
            statement="more", by="buyer")
    assert sum(desk.cash.values()) == desk.deposited
    names = [e.name for e in desk.chain.events(g="G-1")]
    assert names == ["applied", "issued", "claimed", "paid", "claimed", "paid"]


def test_only_the_beneficiary_claims_before_expiry():
    desk = issued()
    refused(desk, "guarantee.wrong_party", desk.claim, "G-1", amount=Decimal(1),
            statement="breach", by="seller")
    refused(desk, "guarantee.wrong_party", desk.claim, "G-1", amount=Decimal(1),
            statement="breach", by="bank")
    refused(desk, "guarantee.statement", desk.claim, "G-1", amount=Decimal(1), statement=" ",
            by="buyer")
    refused(desk, "guarantee.over_amount", desk.claim, "G-1", amount=Decimal("100000.01"),
            statement="breach", by="buyer")
    desk.advance_to(EXPIRY)
    desk.claim("G-1", amount=Decimal(1), statement="breach", by="buyer")  # the last day
    desk.reject_claim("G-1", reason="no breach shown", by="bank")
    desk.advance_to(date(2025, 7, 1))
    refused(desk, "guarantee.expired", desk.claim, "G-1", amount=Decimal(1),
            statement="breach", by="buyer")


def test_rejection_and_a_new_claim():
    desk = issued()
    desk.claim("G-1", amount=Decimal(5_000), statement="late delivery", by="buyer")
    refused(desk, "guarantee.step", desk.claim, "G-1", amount=Decimal(1), statement="again",
            by="buyer")  # one claim at a time
    refused(desk, "guarantee.reason", desk.reject_claim, "G-1", reason="", by="bank")
    refused(desk, "guarantee.wrong_party", desk.reject_claim, "G-1", reason="no",
            by="buyer")
    desk.reject_claim("G-1", reason="delivery was on time", by="bank")
    assert desk.guarantees["G-1"].status == "REJECTED"
    assert desk.guarantees["G-1"].claims[0].reason == "delivery was on time"
    refused(desk, "guarantee.step", desk.pay_claim, "G-1", by="bank")
    desk.claim("G-1", amount=Decimal(5_000), statement="goods defective", by="buyer")
    desk.pay_claim("G-1", by="bank")
    assert desk.guarantees["G-1"].paid == Decimal(5_000)


def test_paying_needs_cash():
    desk = GuaranteeDesk()
    desk.apply("G-1", bank="bank", beneficiary="buyer", amount=AMOUNT, expiry=EXPIRY,
               text=TEXT, by="seller")
    desk.issue_signed("G-1", TEXT, by="bank")
    desk.claim("G-1", amount=AMOUNT, statement="breach", by="buyer")
    refused(desk, "guarantee.no_cash", desk.pay_claim, "G-1", by="bank")


# --- amendment, expiry, cancellation ---------------------------------------------------------
def test_amendments_only_in_the_beneficiarys_favour_and_re_signed():
    desk = issued()
    new_text = TEXT.replace("100,000.00", "150,000.00")
    refused(desk, "guarantee.favour", desk.amend_signed, "G-1", Decimal(90_000), EXPIRY,
            new_text, by="bank")
    refused(desk, "guarantee.favour", desk.amend_signed, "G-1", AMOUNT, date(2025, 6, 1),
            new_text, by="bank")
    refused(desk, "guarantee.favour", desk.amend_signed, "G-1", AMOUNT, EXPIRY, new_text,
            by="bank")  # nothing changes: not an amendment
    refused(desk, "guarantee.bad_signature", desk.amend, "G-1", amount=Decimal(150_000),
            expiry=EXPIRY, text=new_text, signature=sign_text(KeyPair.from_seed("bank"), TEXT),
            by="bank")
    refused(desk, "guarantee.wrong_party", desk.amend_signed, "G-1", Decimal(150_000), EXPIRY,
            new_text, by="seller")
    desk.amend_signed("G-1", Decimal(150_000), date(2025, 9, 30), new_text, by="bank")
    g = desk.guarantees["G-1"]
    assert (g.status, g.amount, g.expiry) == ("AMENDED", Decimal(150_000), date(2025, 9, 30))
    assert desk.verify_text("G-1", new_text) and not desk.verify_text("G-1", TEXT)
    desk.claim("G-1", amount=Decimal(150_000), statement="breach", by="buyer")


def test_expiry_closes_the_guarantee_for_good():
    desk = issued()
    refused(desk, "guarantee.not_expired", desk.expire, "G-1", by="bank")
    desk.advance_to(date(2025, 7, 1))
    refused(desk, "guarantee.wrong_party", desk.expire, "G-1", by="buyer")
    desk.expire("G-1", by="bank")
    for call, kwargs in [(desk.claim, {"amount": Decimal(1), "statement": "x", "by": "buyer"}),
                         (desk.expire, {"by": "bank"}), (desk.cancel, {"by": "buyer"}),
                         (desk.amend_signed, {"amount": AMOUNT, "expiry": date(2026, 1, 1),
                                              "text": TEXT, "by": "bank"})]:
        refused(desk, "guarantee.final", call, "G-1", **kwargs)


def test_a_claim_made_in_time_is_decided_after_expiry():
    desk = issued()
    desk.advance_to(EXPIRY)
    desk.claim("G-1", amount=Decimal(10_000), statement="breach", by="buyer")
    desk.advance_to(date(2025, 7, 15))
    refused(desk, "guarantee.step", desk.expire, "G-1", by="bank")
    desk.pay_claim("G-1", by="bank")
    desk.expire("G-1", by="bank")
    assert desk.guarantees["G-1"].status == "EXPIRED" and desk.balance("buyer") == 10_000


def test_cancellation_by_the_applicant_then_by_the_beneficiary():
    desk = applied()
    refused(desk, "guarantee.wrong_party", desk.cancel, "G-1", by="buyer")
    desk.cancel("G-1", by="seller")
    assert desk.guarantees["G-1"].status == "CANCELLED"
    refused(desk, "guarantee.final", desk.issue_signed, "G-1", TEXT, by="bank")
    desk = issued()
    refused(desk, "guarantee.wrong_party", desk.cancel, "G-1", by="seller")
    desk.claim("G-1", amount=Decimal(1), statement="breach", by="buyer")
    refused(desk, "guarantee.step", desk.cancel, "G-1", by="buyer")  # a claim is pending
    desk.reject_claim("G-1", reason="none", by="bank")
    desk.cancel("G-1", by="buyer")  # the beneficiary releases the bank
    assert desk.guarantees["G-1"].status == "CANCELLED"


def test_application_checks():
    desk = GuaranteeDesk()
    terms = {"bank": "bank", "beneficiary": "buyer", "amount": AMOUNT, "expiry": EXPIRY,
             "text": TEXT}
    refused(desk, "guarantee.distinct", desk.apply, "G-1", **{**terms, "beneficiary": "seller"},
            by="seller")
    refused(desk, "guarantee.not_member", desk.apply, "G-1", **{**terms, "bank": "nobody"},
            by="seller")
    refused(desk, "guarantee.expiry", desk.apply, "G-1", **{**terms, "expiry": desk.chain.today},
            by="seller")
    refused(desk, "guarantee.text", desk.apply, "G-1", **{**terms, "text": ""}, by="seller")
    refused(desk, "guarantee.amount", desk.apply, "G-1", **{**terms, "amount": Decimal("0.001")},
            by="seller")
    desk.apply("G-1", **terms, by="seller")
    refused(desk, "guarantee.exists", desk.apply, "G-1", **terms, by="seller")
    refused(desk, "guarantee.unknown", desk.claim, "G-2", amount=Decimal(1), statement="x",
            by="buyer")


# --- messages -----------------------------------------------------------------------------------
def test_messages_in_chinese():
    desk = issued()
    set_language("zh")
    error = refused(desk, "guarantee.wrong_party", desk.claim, "G-1", amount=Decimal(1),
                    statement="breach", by="seller")
    assert str(error) == "只有受益人 buyer 才能对保函 G-1 执行索赔；调用者为 seller。"
    error = refused(desk, "guarantee.over_amount", desk.claim, "G-1",
                    amount=Decimal("100000.01"), statement="breach", by="buyer")
    assert str(error) == "保函 G-1 金额为 100000.00，已赔付 0.00：索赔 100000.01 将超出金额。"


def test_the_default_chain_passes_the_course_design_checker():
    members = default_members()
    design = ChainDesign("guarantees", members, consensus="pbft")
    assert [f.rule for f in design.check() if f.severity == "mistake"] == []
    assert len(design.consensus_nodes) >= 4
    assert [m.name for m in members if "regulator" in m.roles] == [REGULATOR] == ["nfra_office"]
