"""ledgerkit.finance.insurance: health-insurance claims shared on a chain (健康险理赔).

The hospital attests a bill's keyed commitment; the patient claims; the insurer assesses and
pays within cover and deductible; the reinsurer pays back its quota share. The same bill
claimed twice — at the same or another insurer — is refused, naming the earlier claim. Every
refusal must leave the chain byte-identical and name its rule.
"""

from datetime import date
from decimal import Decimal

import pytest
from refusals import refused

from ledgerkit.design import MISTAKE, ChainDesign
from ledgerkit.finance.insurance import (
    REGULATOR,
    InsuranceDesk,
    bill_commitment,
    default_members,
    opens,
    payout,
)
from ledgerkit.i18n import set_language

MONDAY = date(2025, 3, 3)
BILL = "Ruijin Hospital, inpatient bill 2025-0457, 38,600.50 yuan"
KEY = b"key handed to the patient with the bill"
RECORD = bill_commitment(BILL, KEY)


def insured(share: str | None = "0.3") -> InsuranceDesk:
    """A desk with a policy P-1 (cover 2,000,000, deductible 10,000) and the bill attested."""
    desk = InsuranceDesk(start=MONDAY)
    desk.deposit(Decimal(200_000), by="insurer_a")
    desk.deposit(Decimal(200_000), by="insurer_b")
    desk.deposit(Decimal(100_000), by="reinsurer")
    if share:
        desk.treaty("reinsurer", Decimal(share), by="insurer_a")
    desk.issue_policy("P-1", insured="patient", cover=Decimal(2_000_000),
                      deductible=Decimal(10_000), start=date(2025, 1, 1), by="insurer_a")
    desk.attest(RECORD, amount=Decimal("38600.50"), treated=date(2025, 3, 1), by="hospital")
    return desk


def conserved(desk: InsuranceDesk) -> bool:
    return sum(desk.cash.values()) == desk.deposited


@pytest.fixture(autouse=True)
def english():
    set_language("en")
    yield
    set_language("en")


def test_the_default_chain_is_a_sound_design():
    design = ChainDesign("insurance", default_members(), consensus="pbft",
                         checked_parties=("hospital",))
    assert [f for f in design.check() if f.severity == MISTAKE] == []
    assert REGULATOR in InsuranceDesk().chain.members


def test_the_commitment_hides_the_bill_and_opens_with_bill_and_key():
    assert len(RECORD) == 32 and BILL.encode() not in RECORD
    assert opens(RECORD, BILL, KEY) and opens(RECORD.hex(), BILL, KEY)
    assert not opens(RECORD, BILL.replace("38,600.50", "48,600.50"), KEY)
    assert not opens(RECORD, BILL, b"a guessed key")


# --- the worked example, to the fen --------------------------------------------------------
def test_a_claim_from_bill_to_reinsurance_recovery():
    desk = insured()
    desk.file_claim("C-1", "P-1", RECORD, amount=Decimal("38600.50"), by="patient")
    assert desk.assess("C-1", approve=True, by="insurer_a") == Decimal("28600.50")
    desk.pay_claim("C-1", by="insurer_a")
    assert desk.balance("patient") == Decimal("28600.50")
    assert desk.claims["C-1"].ceded == Decimal("8580.15")  # 30% of 28,600.50
    desk.recover("C-1", by="reinsurer")
    assert desk.balance("insurer_a") == Decimal(200_000) - Decimal("28600.50") + Decimal(
        "8580.15")
    assert desk.balance("reinsurer") == Decimal(100_000) - Decimal("8580.15")
    policy = desk.policies["P-1"]
    assert policy.deductible_left == 0 and policy.cover_left == Decimal("1971399.50")
    names = [e.name for e in desk.chain.events(claim="C-1")]
    assert names == ["claim_filed", "approved", "claim_paid", "recovered"]
    assert conserved(desk) and desk.chain.validate()
    assert "38,600" not in str(desk.chain.state_bytes())  # only the commitment is on chain


def test_the_deductible_is_annual_and_the_cover_caps_the_year():
    assert payout(Decimal(6_000), Decimal(10_000), Decimal(100)) == 0
    assert payout(Decimal(50_000), Decimal(0), Decimal("1234.56")) == Decimal("1234.56")
    desk = insured(share=None)
    small = bill_commitment("clinic bill 1, 6,000 yuan", KEY)
    desk.attest(small, amount=Decimal(6_000), treated=date(2025, 2, 1), by="hospital")
    desk.file_claim("C-0", "P-1", small, amount=Decimal(6_000), by="patient")
    assert desk.assess("C-0", approve=True, by="insurer_a") == 0  # all under the deductible
    desk.pay_claim("C-0", by="insurer_a")
    desk.file_claim("C-1", "P-1", RECORD, amount=Decimal("38600.50"), by="patient")
    # 4,000 of the deductible is left: 38,600.50 - 4,000
    assert desk.assess("C-1", approve=True, by="insurer_a") == Decimal("34600.50")
    assert desk.claims["C-0"].ceded == 0 and desk.claims["C-0"].status == "PAID"


# --- the fraud pattern: one bill, two claims ---------------------------------------------
def test_the_same_bill_cannot_be_claimed_twice_at_the_same_insurer():
    desk = insured()
    desk.file_claim("C-1", "P-1", RECORD, amount=Decimal("38600.50"), by="patient")
    problem = refused(desk, "ins.duplicate", desk.file_claim, "C-2", "P-1", RECORD,
                      amount=Decimal(1000), by="patient")
    assert "C-1" in str(problem) and "insurer_a" in str(problem)


def test_the_same_bill_cannot_be_claimed_again_at_another_insurer():
    desk = insured()
    desk.issue_policy("Q-9", insured="patient", cover=Decimal(500_000), deductible=Decimal(0),
                      start=date(2025, 1, 1), by="insurer_b")
    desk.file_claim("C-1", "P-1", RECORD, amount=Decimal("38600.50"), by="patient")
    desk.assess("C-1", approve=True, by="insurer_a")
    desk.pay_claim("C-1", by="insurer_a")
    problem = refused(desk, "ins.duplicate", desk.file_claim, "B-1", "Q-9", RECORD.hex(),
                      amount=Decimal("38600.50"), by="patient")
    assert "C-1" in str(problem)
    set_language("zh")
    problem = refused(desk, "ins.duplicate", desk.file_claim, "B-1", "Q-9", RECORD,
                      amount=Decimal(1), by="patient")
    assert "重复理赔" in str(problem) and "C-1" in str(problem)


def test_a_declined_claim_does_not_block_a_claim_elsewhere():
    desk = insured()
    desk.issue_policy("Q-9", insured="patient", cover=Decimal(500_000), deductible=Decimal(0),
                      start=date(2025, 1, 1), by="insurer_b")
    desk.file_claim("C-1", "P-1", RECORD, amount=Decimal("38600.50"), by="patient")
    desk.assess("C-1", approve=False, reason="treatment excluded", by="insurer_a")
    desk.file_claim("B-1", "Q-9", RECORD, amount=Decimal("38600.50"), by="patient")
    assert desk.assess("B-1", approve=True, by="insurer_b") == Decimal("38600.50")
    assert desk.claims_on(RECORD) == ["C-1", "B-1"]


# --- refusals: each names its rule and changes nothing -------------------------------------
def test_only_admitted_hospitals_attest_and_once():
    desk = insured()
    fake = bill_commitment("a bill I wrote myself", b"x")
    refused(desk, "ins.not_kind", desk.attest, fake, amount=Decimal(9_000),
            treated=MONDAY, by="patient")
    refused(desk, "ins.attested", desk.attest, RECORD, amount=Decimal(1), treated=MONDAY,
            by="hospital")
    refused(desk, "ins.not_hex", desk.attest, "not a commitment", amount=Decimal(1),
            treated=MONDAY, by="hospital")
    refused(desk, "ins.treated_later", desk.attest, fake, amount=Decimal(1),
            treated=date(2025, 3, 4), by="hospital")
    refused(desk, "ins.amount", desk.attest, fake, amount=Decimal("0.001"), treated=MONDAY,
            by="hospital")


def test_claims_need_the_insured_an_attested_bill_in_the_policy_period_and_no_more_than_it():
    desk = insured()
    refused(desk, "ins.not_insured", desk.file_claim, "C-1", "P-1", RECORD, amount=Decimal(1),
            by="hospital")
    refused(desk, "ins.no_policy", desk.file_claim, "C-1", "P-7", RECORD, amount=Decimal(1),
            by="patient")
    refused(desk, "ins.unattested", desk.file_claim, "C-1", "P-1", bill_commitment("x", KEY),
            amount=Decimal(1), by="patient")
    refused(desk, "ins.over_bill", desk.file_claim, "C-1", "P-1", RECORD,
            amount=Decimal("38600.51"), by="patient")
    old = bill_commitment("bill of 2024", KEY)
    desk.attest(old, amount=Decimal(5_000), treated=date(2024, 12, 31), by="hospital")
    refused(desk, "ins.outside_policy", desk.file_claim, "C-1", "P-1", old, amount=Decimal(1),
            by="patient")


def test_only_the_insurer_assesses_and_pays_in_order_and_a_refusal_gives_reasons():
    desk = insured()
    desk.file_claim("C-1", "P-1", RECORD, amount=Decimal("38600.50"), by="patient")
    refused(desk, "ins.wrong_insurer", desk.assess, "C-1", approve=True, by="insurer_b")
    refused(desk, "ins.step", desk.pay_claim, "C-1", by="insurer_a")
    refused(desk, "ins.reason", desk.assess, "C-1", approve=False, reason=" ", by="insurer_a")
    refused(desk, "ins.no_claim", desk.assess, "C-9", approve=True, by="insurer_a")
    desk.assess("C-1", approve=True, by="insurer_a")
    refused(desk, "ins.step", desk.assess, "C-1", approve=True, by="insurer_a")
    refused(desk, "ins.nothing_ceded", desk.recover, "C-1", by="reinsurer")


def test_an_insurer_without_cash_cannot_pay_and_nothing_moves():
    desk = InsuranceDesk(start=MONDAY)
    desk.issue_policy("P-1", insured="patient", cover=Decimal(100_000), deductible=Decimal(0),
                      start=date(2025, 1, 1), by="insurer_a")
    desk.attest(RECORD, amount=Decimal("38600.50"), treated=date(2025, 3, 1), by="hospital")
    desk.file_claim("C-1", "P-1", RECORD, amount=Decimal("38600.50"), by="patient")
    desk.assess("C-1", approve=True, by="insurer_a")
    refused(desk, "ins.no_cash", desk.pay_claim, "C-1", by="insurer_a")


def test_the_reinsurer_recovers_once_and_only_it():
    desk = insured()
    desk.file_claim("C-1", "P-1", RECORD, amount=Decimal("38600.50"), by="patient")
    desk.assess("C-1", approve=True, by="insurer_a")
    desk.pay_claim("C-1", by="insurer_a")
    refused(desk, "ins.not_reinsurer", desk.recover, "C-1", by="insurer_b")
    desk.recover("C-1", by="reinsurer")
    refused(desk, "ins.nothing_ceded", desk.recover, "C-1", by="reinsurer")


def test_treaties_and_policies_are_checked():
    desk = insured()
    refused(desk, "ins.treaty_exists", desk.treaty, "reinsurer", Decimal("0.5"), by="insurer_a")
    refused(desk, "ins.share", desk.treaty, "reinsurer", Decimal(1), by="insurer_b")
    refused(desk, "ins.not_kind", desk.treaty, "insurer_a", Decimal("0.5"), by="insurer_b")
    refused(desk, "ins.not_kind", desk.treaty, "reinsurer", Decimal("0.5"), by="hospital")
    refused(desk, "ins.policy_exists", desk.issue_policy, "P-1", insured="patient",
            cover=Decimal(1), deductible=Decimal(0), start=MONDAY, by="insurer_b")
    refused(desk, "ins.deductible", desk.issue_policy, "P-2", insured="patient",
            cover=Decimal(1000), deductible=Decimal(1000), start=MONDAY, by="insurer_b")
    refused(desk, "ins.self_insured", desk.issue_policy, "P-2", insured="insurer_b",
            cover=Decimal(1000), deductible=Decimal(0), start=MONDAY, by="insurer_b")
    refused(desk, "ins.not_member", desk.issue_policy, "P-2", insured="stranger",
            cover=Decimal(1000), deductible=Decimal(0), start=MONDAY, by="insurer_b")
    refused(desk, "ins.admitted", desk.admit, "hospital", "insurer", by="exchange")
    refused(desk, "ins.kind", desk.admit, "patient", "broker", by="exchange")


# --- deadlines of the Insurance Law, Art. 23 ------------------------------------------------
def test_late_decisions_and_payments_are_marked_for_the_regulator():
    desk = insured()
    desk.file_claim("C-1", "P-1", RECORD, amount=Decimal("38600.50"), by="patient")
    desk.advance_to(date(2025, 4, 2))  # day 30 after filing: still in time
    assert desk.overdue(desk.chain.today) == []
    desk.advance_to(date(2025, 4, 3))
    assert desk.overdue(desk.chain.today) == ["C-1"]
    desk.assess("C-1", approve=True, by="insurer_a")
    assert desk.chain.events(name="approved")[-1]["late"] is True
    desk.advance_to(date(2025, 4, 14))  # 11 days after the amount was agreed
    assert desk.overdue(desk.chain.today) == ["C-1"]
    desk.pay_claim("C-1", by="insurer_a")
    assert desk.chain.events(name="claim_paid")[-1]["late"] is True
    assert desk.overdue(desk.chain.today) == []


def test_messages_come_in_chinese():
    desk = insured()
    set_language("zh")
    problem = refused(desk, "ins.not_kind", desk.attest, bill_commitment("x", b"k"),
                      amount=Decimal(1), treated=MONDAY, by="patient")
    assert "医院" in str(problem) and "存证" in str(problem)
