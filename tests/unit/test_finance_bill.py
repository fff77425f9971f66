"""ledgerkit.finance.bill: digital bills (数字票据) on a consortium chain.

The market of `default_members()`: the buyer draws a bill on its bank (bank_a) to the seller;
the seller endorses part of it to its supplier; a bank discounts it (贴现), sells it to
another bank (transfer discount, 转贴现) and the central bank rediscounts it (再贴现); at
maturity the acceptor pays or refuses, a late holder may still present with an explanation
(票据法 Art. 53), and a refused holder claims recourse (追索) — face + interest + costs
(Art. 70) — from the parties liable on the bill (Art. 68). Every refusal must leave the chain
byte-identical and name its rule.
"""

from datetime import date
from decimal import Decimal

import pytest
from refusals import refused

from ledgerkit.design import ChainDesign
from ledgerkit.errors import InputError
from ledgerkit.finance.bill import BillRegistry, add_months, default_members, recourse_amount
from ledgerkit.i18n import set_language

ISSUED, DUE = date(2025, 3, 10), date(2025, 9, 10)
FACE = Decimal(1_000_000)
WHOLE = "1-100000000"


def circulating(package: bool = True) -> BillRegistry:
    """Bill B1 drawn by the buyer on bank_a, accepted, and received by the seller."""
    bills = BillRegistry(start=ISSUED)
    bills.issue("B1", acceptor="bank_a", payee="seller", face=FACE, due=DUE, package=package,
                by="buyer")
    bills.accept("B1", by="bank_a")
    bills.receive("B1", by="seller")
    for bank in ("bank_a", "bank_b", "bank_c", "pboc"):
        bills.deposit(Decimal(5_000_000), by=bank)
    return bills


def partition_ok(bills: BillRegistry, bill_id: str) -> bool:
    """The sub-ranges cover 1..units exactly once, in order, with no gap or overlap."""
    ranges = sorted(bills.bills[bill_id].ranges.values(), key=lambda r: r.first)
    ends = [(r.first, r.last) for r in ranges]
    units = int(bills.bills[bill_id].face * 100)
    return (ends[0][0] == 1 and ends[-1][1] == units
            and all(a[1] + 1 == b[0] for a, b in zip(ends, ends[1:], strict=False)))


def cash_conserved(bills: BillRegistry) -> bool:
    return sum(bills.cash.values()) == bills.deposited


@pytest.fixture(autouse=True)
def english():
    set_language("en")
    yield
    set_language("en")


# --- the worked example and the whole lifecycle ----------------------------------------------
def test_worked_example_discount_to_the_fen():
    bills = circulating()
    bills.advance_to(date(2025, 6, 10))
    offered = bills.apply_discount("B1", WHOLE, bank="bank_b",
                                   annual_rate=Decimal("0.003") * 12, by="seller")
    assert offered == WHOLE and bills.bills["B1"].ranges[WHOLE].status == "OFFERED"
    result = bills.sign_discount("B1", WHOLE, by="bank_b")
    assert result == {"kind": "discount", "days": 92, "interest": Decimal("9200.00"),
                      "paid": Decimal("990800.00")}
    assert bills.balance("seller") == Decimal("990800.00")
    assert bills.balance("bank_b") == Decimal("4009200.00")
    assert bills.holders("B1") == {WHOLE: "bank_b"}
    assert bills.bills["B1"].ranges[WHOLE].parties == ["seller", "bank_b"]
    event = bills.chain.events(name="discounted")[-1]
    assert (event["interest"], event["paid"]) == (Decimal("9200.00"), Decimal("990800.00"))


def test_full_lifecycle_discount_transfer_rediscount_and_payment():
    bills = circulating()
    piece = bills.endorse("B1", WHOLE, to="supplier", by="seller")
    bills.advance_to(date(2025, 6, 10))
    bills.apply_discount("B1", piece, bank="bank_b", annual_rate=Decimal("0.036"),
                         by="supplier")
    assert bills.sign_discount("B1", piece, by="bank_b")["kind"] == "discount"
    bills.advance_to(date(2025, 7, 1))
    bills.apply_discount("B1", piece, bank="bank_c", annual_rate=Decimal("0.03"), by="bank_b")
    transfer = bills.sign_discount("B1", piece, by="bank_c")
    assert transfer["kind"] == "transfer" and transfer["days"] == 71
    assert transfer["interest"] == Decimal("5916.67")  # 1,000,000 × 3% × 71 / 360, half up
    bills.apply_discount("B1", piece, bank="pboc", annual_rate=Decimal("0.02"), by="bank_c")
    assert bills.sign_discount("B1", piece, by="pboc")["kind"] == "rediscount"
    bills.advance_to(DUE)
    bills.present("B1", piece, by="pboc")
    before = bills.balance("pboc")
    bills.pay("B1", piece, by="bank_a")
    assert bills.balance("pboc") == before + FACE
    assert bills.bills["B1"].ranges[piece].status == "PAID"
    assert bills.bills["B1"].ranges[piece].parties == ["seller", "supplier", "bank_b",
                                                      "bank_c", "pboc"]
    assert cash_conserved(bills) and bills.chain.validate()
    names = [e.name for e in bills.chain.events(contract="DigitalBills")]
    assert names[:3] == ["issued", "accepted", "received"] and names[-2:] == ["presented", "paid"]


def test_issue_accept_receive_order_and_parties():
    bills = BillRegistry(start=ISSUED)
    bills.issue("B1", acceptor="supplier", payee="seller", face=FACE, due=DUE, by="buyer")
    assert bills.bills["B1"].kind == "enterprise"  # 商业承兑汇票
    refused(bills, "bill.step", bills.receive, "B1", by="seller")
    refused(bills, "bill.wrong_party", bills.accept, "B1", by="seller")
    bills.accept("B1", by="supplier")
    refused(bills, "bill.step", bills.accept, "B1", by="supplier")
    refused(bills, "bill.wrong_party", bills.receive, "B1", by="buyer")
    bills.receive("B1", by="seller")
    assert bills.holders("B1") == {WHOLE: "seller"}
    refused(bills, "bill.step", bills.receive, "B1", by="seller")
    refused(bills, "bill.exists", bills.issue, "B1", acceptor="bank_a", payee="seller",
            face=FACE, due=DUE, by="buyer")
    refused(bills, "bill.unknown", bills.accept, "B9", by="bank_a")


def test_bank_acceptance_kind_and_nothing_moves_before_receipt():
    bills = BillRegistry(start=ISSUED)
    bills.issue("B1", acceptor="bank_a", payee="seller", face=FACE, due=DUE, by="buyer")
    assert bills.bills["B1"].kind == "bank"  # 银行承兑汇票
    bills.accept("B1", by="bank_a")
    refused(bills, "bill.step", bills.endorse, "B1", WHOLE, to="supplier", by="seller")


# --- term, amounts and members ------------------------------------------------------------------
def test_term_is_at_most_six_months():
    bills = BillRegistry(start=ISSUED)
    refused(bills, "bill.term", bills.issue, "B1", acceptor="bank_a", payee="seller",
            face=FACE, due=date(2025, 9, 11), by="buyer")
    refused(bills, "bill.term", bills.issue, "B1", acceptor="bank_a", payee="seller",
            face=FACE, due=ISSUED, by="buyer")
    bills.issue("B1", acceptor="bank_a", payee="seller", face=FACE, due=date(2025, 9, 10),
                by="buyer")
    assert add_months(date(2025, 8, 31), 6) == date(2026, 2, 28)


@pytest.mark.parametrize("face, rule", [(Decimal("0.001"), "bill.amount"), (0, "bill.amount"),
                                        (Decimal(-5), "bill.amount"),
                                        ("lots", "finance.not_number")])
def test_face_must_be_whole_fen_and_positive(face, rule):
    bills = BillRegistry(start=ISSUED)
    refused(bills, rule, bills.issue, "B1", acceptor="bank_a", payee="seller", face=face,
            due=DUE, by="buyer")


def test_float_face_is_refused_before_it_reaches_the_chain():
    bills = BillRegistry(start=ISSUED)
    before = bills.chain.state_bytes()
    with pytest.raises(InputError, match="float"):
        bills.issue("B1", acceptor="bank_a", payee="seller", face=1000.5, due=DUE, by="buyer")
    assert bills.chain.state_bytes() == before


def test_parties_must_be_members():
    bills = BillRegistry(start=ISSUED)
    refused(bills, "bill.not_member", bills.issue, "B1", acceptor="bank_a", payee="mallory",
            face=FACE, due=DUE, by="buyer")
    bills = circulating()
    refused(bills, "bill.not_member", bills.endorse, "B1", WHOLE, to="mallory", by="seller")


# --- sub-ranges: no selling twice --------------------------------------------------------------
def test_endorse_part_splits_into_whole_sub_ranges():
    bills = circulating()
    moved = bills.endorse("B1", WHOLE, to="supplier", amount=Decimal(300_000), by="seller")
    assert moved == "1-30000000"
    assert bills.holders("B1") == {"1-30000000": "supplier", "30000001-100000000": "seller"}
    assert partition_ok(bills, "B1")
    assert bills.bills["B1"].ranges["1-30000000"].amount == Decimal("300000.00")
    again = bills.endorse("B1", "30000001-100000000", to="supplier",
                          amount=Decimal("0.01"), by="seller")
    assert again == "30000001-30000001" and partition_ok(bills, "B1")


def test_a_bill_cannot_be_sold_twice():
    bills = circulating()
    bills.endorse("B1", WHOLE, to="supplier", amount=Decimal(300_000), by="seller")
    # The old whole range no longer exists, and the moved piece belongs to the supplier.
    refused(bills, "bill.unknown_range", bills.endorse, "B1", WHOLE, to="buyer", by="seller")
    refused(bills, "bill.not_holder", bills.endorse, "B1", "1-30000000", to="buyer",
            by="seller")
    refused(bills, "bill.not_holder", bills.apply_discount, "B1", "1-30000000", bank="bank_b",
            annual_rate=Decimal("0.03"), by="seller")
    refused(bills, "bill.too_much", bills.endorse, "B1", "30000001-100000000", to="buyer",
            amount=Decimal("700000.01"), by="seller")
    refused(bills, "bill.amount", bills.endorse, "B1", "30000001-100000000", to="buyer",
            amount=Decimal("0.005"), by="seller")


def test_classic_bill_moves_only_whole():
    bills = circulating(package=False)
    refused(bills, "bill.classic_whole", bills.endorse, "B1", WHOLE, to="supplier",
            amount=Decimal(300_000), by="seller")
    refused(bills, "bill.classic_whole", bills.apply_discount, "B1", WHOLE, bank="bank_b",
            annual_rate=Decimal("0.03"), amount=Decimal(1), by="seller")
    assert bills.endorse("B1", WHOLE, to="supplier", by="seller") == WHOLE


def test_endorsements_are_continuous():
    bills = circulating()
    refused(bills, "bill.not_holder", bills.endorse, "B1", WHOLE, to="supplier", by="buyer")
    refused(bills, "bill.to_self", bills.endorse, "B1", WHOLE, to="seller", by="seller")
    bills.endorse("B1", WHOLE, to="supplier", by="seller")
    bills.endorse("B1", WHOLE, to="buyer", by="supplier")
    parties = bills.bills["B1"].ranges[WHOLE].parties
    endorsements = [(e["endorser"], e["endorsee"]) for e in bills.chain.events(name="endorsed")]
    assert parties == ["seller", "supplier", "buyer"]
    assert all(e[1] == f[0] for e, f in zip(endorsements, endorsements[1:], strict=False))


def test_no_endorsement_after_the_presentment_window():
    bills = circulating()
    bills.advance_to(date(2025, 9, 20))  # due + 10: still open
    bills.endorse("B1", WHOLE, to="supplier", by="seller")
    bills.advance_to(date(2025, 9, 21))
    refused(bills, "bill.window_closed", bills.endorse, "B1", WHOLE, to="buyer",
            by="supplier")


# --- discounting -------------------------------------------------------------------------------
def test_discount_counterparties_follow_the_market_rules():
    bills = circulating()
    refused(bills, "bill.not_bank", bills.apply_discount, "B1", WHOLE, bank="supplier",
            annual_rate=Decimal("0.03"), by="seller")
    refused(bills, "bill.not_bank", bills.apply_discount, "B1", WHOLE, bank="pboc",
            annual_rate=Decimal("0.03"), by="seller")  # enterprises do not rediscount
    refused(bills, "bill.rate", bills.apply_discount, "B1", WHOLE, bank="bank_b",
            annual_rate=Decimal("-0.01"), by="seller")
    bills.endorse("B1", WHOLE, to="bank_a", amount=Decimal(1), by="seller")
    refused(bills, "bill.to_self", bills.apply_discount, "B1", "1-100", bank="bank_a",
            annual_rate=Decimal("0.03"), by="bank_a")
    bills.apply_discount("B1", "101-100000000", bank="bank_b", annual_rate=Decimal("0.03"),
                         by="seller")
    rest = "101-100000000"
    refused(bills, "bill.wrong_party", bills.sign_discount, "B1", rest, by="bank_c")
    refused(bills, "bill.range_step", bills.endorse, "B1", rest, to="supplier", by="seller")
    bills.cancel_discount("B1", rest, by="seller")
    refused(bills, "bill.range_step", bills.sign_discount, "B1", rest, by="bank_b")
    assert bills.holders("B1") == {"1-100": "bank_a", rest: "seller"}
    assert bills.balance("seller") == 0


def test_discount_is_delivery_versus_payment():
    bills = BillRegistry(start=ISSUED)
    bills.issue("B1", acceptor="bank_a", payee="seller", face=FACE, due=DUE, by="buyer")
    bills.accept("B1", by="bank_a")
    bills.receive("B1", by="seller")
    bills.deposit(Decimal(500_000), by="bank_b")
    bills.apply_discount("B1", WHOLE, bank="bank_b", annual_rate=Decimal("0.03"), by="seller")
    refused(bills, "bill.no_cash", bills.sign_discount, "B1", WHOLE, by="bank_b")
    assert bills.holders("B1") == {WHOLE: "seller"}  # no cash, no bill
    bills.deposit(Decimal(500_000), by="bank_b")
    paid = bills.sign_discount("B1", WHOLE, by="bank_b")["paid"]
    assert bills.balance("seller") == paid and bills.holders("B1") == {WHOLE: "bank_b"}


def test_discount_interest_counts_from_the_signing_day():
    bills = circulating()
    bills.advance_to(date(2025, 6, 1))
    bills.apply_discount("B1", WHOLE, bank="bank_b", annual_rate=Decimal("0.036"), by="seller")
    bills.advance_to(date(2025, 6, 10))
    assert bills.sign_discount("B1", WHOLE, by="bank_b")["interest"] == Decimal("9200.00")


def test_no_discount_on_or_after_the_due_date():
    bills = circulating()
    bills.apply_discount("B1", WHOLE, bank="bank_b", annual_rate=Decimal("0.03"), by="seller")
    bills.advance_to(DUE)
    refused(bills, "bill.matured", bills.sign_discount, "B1", WHOLE, by="bank_b")
    bills.cancel_discount("B1", WHOLE, by="seller")
    refused(bills, "bill.matured", bills.apply_discount, "B1", WHOLE, bank="bank_b",
            annual_rate=Decimal("0.03"), by="seller")


def test_partial_discount_keeps_the_rest_with_the_holder():
    bills = circulating()
    bills.advance_to(date(2025, 6, 10))
    piece = bills.apply_discount("B1", WHOLE, bank="bank_b", annual_rate=Decimal("0.036"),
                                 amount=Decimal(250_000), by="seller")
    assert bills.sign_discount("B1", piece, by="bank_b")["interest"] == Decimal("2300.00")
    assert bills.holders("B1") == {"1-25000000": "bank_b", "25000001-100000000": "seller"}
    assert partition_ok(bills, "B1") and cash_conserved(bills)


# --- presentment and payment ---------------------------------------------------------------------
def test_presentment_window_is_due_date_plus_ten_days():
    bills = circulating()
    bills.advance_to(date(2025, 9, 9))
    refused(bills, "bill.not_due", bills.present, "B1", WHOLE, by="seller")
    bills.advance_to(date(2025, 9, 20))
    bills.present("B1", WHOLE, by="seller")  # the last day of the window: no explanation
    rng = bills.bills["B1"].ranges[WHOLE]
    assert (rng.status, rng.late) == ("PRESENTED", False)


def test_late_presentment_needs_an_explanation_and_the_acceptor_still_pays():
    # 票据法 Art. 53 para. 2: after an explanation the acceptor still owes the holder.
    bills = circulating()
    bills.advance_to(date(2025, 9, 21))
    refused(bills, "bill.late_explanation", bills.present, "B1", WHOLE, by="seller")
    refused(bills, "bill.late_explanation", bills.present, "B1", WHOLE, explanation="  ",
            by="seller")
    bills.present("B1", WHOLE, explanation="the finance manager was ill", by="seller")
    rng = bills.bills["B1"].ranges[WHOLE]
    assert (rng.status, rng.late, rng.presented_on) == ("PRESENTED", True, date(2025, 9, 21))
    event = bills.chain.events(name="presented")[-1]
    assert event["late"] and event["explanation"] == "the finance manager was ill"
    bills.pay("B1", WHOLE, by="bank_a")
    assert bills.balance("seller") == FACE
    assert bills.bills["B1"].ranges[WHOLE].status == "PAID"


def test_only_the_holder_presents_and_only_the_acceptor_pays():
    bills = circulating()
    bills.advance_to(DUE)
    refused(bills, "bill.not_holder", bills.present, "B1", WHOLE, by="supplier")
    refused(bills, "bill.range_step", bills.pay, "B1", WHOLE, by="bank_a")
    bills.present("B1", WHOLE, by="seller")
    refused(bills, "bill.wrong_party", bills.pay, "B1", WHOLE, by="bank_b")
    refused(bills, "bill.range_step", bills.endorse, "B1", WHOLE, to="supplier", by="seller")
    bills.pay("B1", WHOLE, by="bank_a")
    refused(bills, "bill.range_step", bills.pay, "B1", WHOLE, by="bank_a")  # paid once only
    assert bills.balance("seller") == FACE


def test_acceptor_without_cash_cannot_pay():
    bills = BillRegistry(start=ISSUED)
    bills.issue("B1", acceptor="supplier", payee="seller", face=FACE, due=DUE, by="buyer")
    bills.accept("B1", by="supplier")
    bills.receive("B1", by="seller")
    bills.advance_to(DUE)
    bills.present("B1", WHOLE, by="seller")
    refused(bills, "bill.no_cash", bills.pay, "B1", WHOLE, by="supplier")


# --- refusal and recourse -------------------------------------------------------------------------
def refused_bill(last: str = "bank_c") -> BillRegistry:
    """seller → supplier → `last`, then bank_a refuses payment to `last`."""
    bills = circulating()
    bills.endorse("B1", WHOLE, to="supplier", by="seller")
    bills.endorse("B1", WHOLE, to=last, by="supplier")
    bills.advance_to(DUE)
    bills.present("B1", WHOLE, by=last)
    refused(bills, "bill.reason", bills.refuse_payment, "B1", WHOLE, reason=" ", by="bank_a")
    bills.refuse_payment("B1", WHOLE, reason="insufficient funds", by="bank_a")
    return bills


def test_no_endorsement_or_discount_after_refusal():
    bills = refused_bill()
    refused(bills, "bill.after_refusal", bills.endorse, "B1", WHOLE, to="seller", by="bank_c")
    refused(bills, "bill.after_refusal", bills.apply_discount, "B1", WHOLE, bank="bank_b",
            annual_rate=Decimal("0.03"), by="bank_c")


def test_recourse_goes_back_along_the_chain_to_the_drawer():
    bills = refused_bill()
    for name in ("supplier", "seller", "buyer"):
        bills.deposit(FACE, by=name)
    start = bills.balance("bank_c")
    assert bills.prior_parties("B1", WHOLE) == ["seller", "supplier", "buyer"]
    assert bills.liable_parties("B1", WHOLE) == ["seller", "supplier", "buyer", "bank_a"]
    refused(bills, "bill.not_prior", bills.recourse, "B1", WHOLE, against="bank_c",
            by="bank_c")
    refused(bills, "bill.not_prior", bills.recourse, "B1", WHOLE, against="bank_b",
            by="bank_c")
    refused(bills, "bill.not_holder", bills.recourse, "B1", WHOLE, against="seller",
            by="supplier")
    bills.recourse("B1", WHOLE, against="supplier", by="bank_c")
    refused(bills, "bill.range_step", bills.recourse, "B1", WHOLE, against="seller",
            by="bank_c")
    refused(bills, "bill.wrong_party", bills.pay_recourse, "B1", WHOLE, by="seller")
    bills.pay_recourse("B1", WHOLE, by="supplier")
    assert bills.holders("B1") == {WHOLE: "supplier"}
    assert bills.balance("bank_c") == start + FACE
    assert bills.prior_parties("B1", WHOLE) == ["seller", "buyer"]
    bills.recourse("B1", WHOLE, against="seller", by="supplier")
    bills.pay_recourse("B1", WHOLE, by="seller")
    assert bills.prior_parties("B1", WHOLE) == ["buyer"]  # only the drawer is left
    bills.recourse("B1", WHOLE, against="buyer", by="seller")
    bills.pay_recourse("B1", WHOLE, by="buyer")
    assert bills.holders("B1") == {WHOLE: "buyer"} and bills.balance("buyer") == 0
    assert bills.prior_parties("B1", WHOLE) == []  # the drawer has no prior party
    assert bills.liable_parties("B1", WHOLE) == ["bank_a"]  # but the acceptor still owes
    refused(bills, "bill.not_prior", bills.recourse, "B1", WHOLE, against="seller",
            by="buyer")
    assert cash_conserved(bills)


def test_the_acceptor_who_refused_is_liable_in_recourse_and_its_payment_settles_the_bill():
    # 票据法 Art. 68: drawer, endorsers and acceptor are jointly liable to the holder.
    bills = refused_bill()
    bills.recourse("B1", WHOLE, against="bank_a", by="bank_c")
    start = bills.balance("bank_c")
    assert bills.pay_recourse("B1", WHOLE, by="bank_a")["amount"] == FACE
    rng = bills.bills["B1"].ranges[WHOLE]
    assert (rng.holder, rng.status) == ("bank_a", "PAID")
    assert bills.balance("bank_c") == start + FACE
    assert bills.liable_parties("B1", WHOLE) == []
    refused(bills, "bill.range_step", bills.recourse, "B1", WHOLE, against="buyer",
            by="bank_a")


def test_recourse_claims_face_plus_interest_plus_costs():
    # 票据法 Art. 70: face + interest from the due date to the day paid + costs;
    # Art. 71: the payer claims in turn what it paid + interest from that day + costs.
    bills = refused_bill()  # refused on the due date, 10 September
    for name in ("supplier", "seller"):
        bills.deposit(Decimal(2_000_000), by=name)
    bills.recourse("B1", WHOLE, against="supplier", annual_rate=Decimal("0.036"),
                   costs=Decimal(200), by="bank_c")
    bills.advance_to(date(2025, 10, 10))  # 30 days: 1,000,000 × 3.6% × 30 / 360 = 3,000
    assert bills.claim_amount("B1", WHOLE) == Decimal("1003200.00")
    start = bills.balance("bank_c")
    assert bills.pay_recourse("B1", WHOLE, by="supplier") == {
        "days": 30, "amount": Decimal("1003200.00")}
    assert bills.balance("bank_c") == start + Decimal("1003200.00")
    bills.recourse("B1", WHOLE, against="seller", annual_rate=Decimal("0.036"),
                   costs=Decimal(100), by="supplier")
    bills.advance_to(date(2025, 10, 20))  # 1,003,200 × 3.6% × 10 / 360 = 1,003.20
    assert bills.pay_recourse("B1", WHOLE, by="seller")["amount"] == Decimal("1004303.20")
    assert cash_conserved(bills)


def test_recourse_amount_adds_interest_on_a_360_day_year_and_costs():
    assert recourse_amount(FACE, Decimal("0.036"), 30, Decimal(200)) == Decimal("1003200.00")
    assert recourse_amount(FACE, Decimal(0), 30) == FACE


def test_claim_terms_are_checked_before_anything_changes():
    bills = refused_bill()
    refused(bills, "bill.rate", bills.recourse, "B1", WHOLE, against="seller",
            annual_rate=Decimal("-0.01"), by="bank_c")
    refused(bills, "bill.claim_costs", bills.recourse, "B1", WHOLE, against="seller",
            costs=Decimal("-1"), by="bank_c")
    refused(bills, "bill.claim_costs", bills.recourse, "B1", WHOLE, against="seller",
            costs=Decimal("0.001"), by="bank_c")


def late_refused_bill() -> BillRegistry:
    """seller → supplier → bank_c; bank_c presents late on 25 September and is refused."""
    bills = circulating()
    bills.endorse("B1", WHOLE, to="supplier", by="seller")
    bills.endorse("B1", WHOLE, to="bank_c", by="supplier")
    bills.advance_to(date(2025, 9, 25))
    bills.present("B1", WHOLE, explanation="system outage at our branch", by="bank_c")
    bills.refuse_payment("B1", WHOLE, reason="insufficient funds", by="bank_a")
    return bills


def test_after_a_late_presentment_recourse_goes_only_to_the_drawer_and_the_acceptor():
    # 电子商业汇票业务管理办法 (拒付追索): a holder who did not present within the window
    # keeps recourse only on the drawer and the acceptor.
    bills = late_refused_bill()
    assert bills.liable_parties("B1", WHOLE) == ["buyer", "bank_a"]
    for endorser in ("supplier", "seller"):
        refused(bills, "bill.late_recourse", bills.recourse, "B1", WHOLE, against=endorser,
                by="bank_c")
    bills.recourse("B1", WHOLE, against="bank_a", by="bank_c")
    bills.pay_recourse("B1", WHOLE, by="bank_a")
    assert bills.bills["B1"].ranges[WHOLE].status == "PAID"


def test_interest_after_a_late_presentment_runs_from_the_presentment_day():
    bills = late_refused_bill()
    bills.deposit(Decimal(2_000_000), by="buyer")
    bills.recourse("B1", WHOLE, against="buyer", annual_rate=Decimal("0.036"), by="bank_c")
    bills.advance_to(date(2025, 10, 25))  # 30 days from 25 September, not 45 from the due date
    assert bills.pay_recourse("B1", WHOLE, by="buyer") == {"days": 30,
                                                           "amount": Decimal("1003000.00")}
    assert bills.liable_parties("B1", WHOLE) == ["bank_a"]  # the drawer claims from the acceptor


def test_a_discount_bank_keeps_recourse_on_the_enterprise_that_discounted():
    # 票据法 Arts. 68, 70: discounting is an endorsement; the discount bank, refused payment,
    # may claim from the prior endorsers, the enterprise that discounted first of all.
    bills = circulating()
    bills.endorse("B1", WHOLE, to="supplier", by="seller")
    bills.advance_to(date(2025, 6, 10))
    bills.apply_discount("B1", WHOLE, bank="bank_b", annual_rate=Decimal("0.036"),
                         by="supplier")
    bills.sign_discount("B1", WHOLE, by="bank_b")
    bills.advance_to(DUE)
    bills.present("B1", WHOLE, by="bank_b")
    bills.refuse_payment("B1", WHOLE, reason="insufficient funds", by="bank_a")
    assert bills.liable_parties("B1", WHOLE) == ["seller", "supplier", "buyer", "bank_a"]
    bills.recourse("B1", WHOLE, against="supplier", by="bank_b")
    bills.deposit(FACE, by="supplier")
    bills.pay_recourse("B1", WHOLE, by="supplier")
    assert bills.holders("B1") == {WHOLE: "supplier"}


def test_a_holder_who_endorsed_before_has_no_claim_on_later_endorsers():
    bills = refused_bill(last="seller")  # seller → supplier → seller (回头背书)
    assert bills.prior_parties("B1", WHOLE) == ["buyer"]
    refused(bills, "bill.not_prior", bills.recourse, "B1", WHOLE, against="supplier",
            by="seller")


def test_recourse_needs_a_refusal_and_cash():
    bills = circulating()
    refused(bills, "bill.range_step", bills.recourse, "B1", WHOLE, against="buyer",
            by="seller")
    bills = refused_bill()
    bills.recourse("B1", WHOLE, against="seller", by="bank_c")
    refused(bills, "bill.no_cash", bills.pay_recourse, "B1", WHOLE, by="seller")


# --- messages -----------------------------------------------------------------------------------
def test_messages_in_chinese():
    bills = circulating()
    bills.endorse("B1", WHOLE, to="supplier", amount=Decimal(300_000), by="seller")
    set_language("zh")
    error = refused(bills, "bill.not_holder", bills.endorse, "B1", "1-30000000", to="buyer",
                    by="seller")
    assert str(error) == ("只有子票区间 1-30000000 的持票人（supplier）才能背书转让；调用者为 "
                          "seller。背书必须连续：背书人就是当前持票人。")
    error = refused(bills, "bill.wrong_party", bills.pay, "B1", "1-30000000", by="seller")
    assert str(error) == "只有承兑人 bank_a 才能对票据 B1 执行付款；调用者为 seller。"
    assert "Only the acceptor bank_a may pay bill B1" in error.in_language("en")


@pytest.mark.parametrize("regulator", ["pboc", "nfra"])
def test_both_supervisors_see_refused_calls(regulator):
    bills = circulating()
    refused(bills, "bill.not_holder", bills.endorse, "B1", WHOLE, to="supplier", by="buyer")
    trail = bills.chain.audit_trail(by=regulator)
    assert [(e.action, e.accepted, e.rule) for e in trail][-1] == ("endorse", False,
                                                                   "bill.not_holder")


def test_transfer_discount_is_named_one_way_in_both_languages():
    bills = circulating()
    bills.apply_discount("B1", WHOLE, bank="bank_b", annual_rate=Decimal("0.03"), by="seller")
    bills.sign_discount("B1", WHOLE, by="bank_b")
    bills.apply_discount("B1", WHOLE, bank="bank_c", annual_rate=Decimal("0.03"), by="bank_b")
    error = refused(bills, "bill.wrong_party", bills.sign_discount, "B1", WHOLE, by="pboc")
    assert "may transfer discount bill B1" in error.in_language("en")
    assert "转贴现" in error.in_language("zh")
    bills = circulating()
    error = refused(bills, "bill.not_bank", bills.apply_discount, "B1", WHOLE, bank="pboc",
                    annual_rate=Decimal("0.03"), by="seller")
    assert "transfer discount, 转贴现" in error.in_language("en")
    assert "rediscount, 再贴现" in error.in_language("en")


# --- the chain -----------------------------------------------------------------------------------
def test_default_chain_passes_the_course_design_checker():
    members = default_members()
    design = ChainDesign("digital bills", members, consensus="pbft")
    assert [f for f in design.check() if f.severity == "mistake"] == []
    assert len(design.consensus_nodes) >= 4 and design.fault_tolerance >= 1
    regulators = {m.name: m for m in members if "regulator" in m.roles}
    assert set(regulators) == {"pboc", "nfra"}  # the two supervisors of bills
    assert all(m.node_kind != "consensus" for m in regulators.values())
    assert "business" in regulators["pboc"].roles  # the rediscount window
