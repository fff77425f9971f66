"""ledgerkit.finance.factoring: factoring (保理) and forfaiting (福费廷) on a consortium chain.

The seller sells invoices on the buyer to the factor; the beneficiary of a letter of credit
sells its confirmed claim on the issuing bank to the forfaiter. Every refusal must leave the
chain byte-identical and name its rule; no receivable may be financed twice.
"""

from datetime import date
from decimal import Decimal

import pytest
from refusals import refused

from ledgerkit.design import ChainDesign
from ledgerkit.errors import InputError
from ledgerkit.finance.factoring import (
    REGULATOR,
    FactoringDesk,
    default_members,
    keyed_receivable_key,
    receivable_key,
)
from ledgerkit.i18n import set_language

DUE = date(2025, 4, 1)


def funded(limit: Decimal = Decimal(100_000)) -> FactoringDesk:
    desk = FactoringDesk()
    for name in ("factor", "bank", "forfaiter", "buyer", "issuing_bank"):
        desk.deposit(Decimal(2_000_000), by=name)
    desk.grant_line("seller", limit=limit, by="factor")
    return desk


def assign(desk: FactoringDesk, invoice: str = "INV-001", amount=Decimal(10_000),
           rate=Decimal("0.9"), fee=Decimal("0.03"), factor: str = "factor", **extra) -> str:
    terms = {"debtor": "buyer", "amount": amount, "due": DUE, "factor": factor,
             "advance_rate": rate, "fee_rate": fee, **extra}
    return desk.assign(invoice, by="seller", **terms)


def conserved(desk: FactoringDesk) -> bool:
    return sum(desk.cash.values()) == desk.deposited


@pytest.fixture(autouse=True)
def english():
    set_language("en")
    yield
    set_language("en")


# --- factoring ----------------------------------------------------------------------------------
def test_worked_example_9000_now_and_700_later():
    desk = funded()
    key = assign(desk)
    assert desk.advance(key, by="factor") == Decimal("9000.00")
    assert desk.balance("seller") == Decimal("9000.00")
    assert desk.receivables[key].reserve == Decimal("1000.00")
    assert desk.receivables[key].fee == Decimal("300.00")
    assert desk.pay(key, by="buyer") == Decimal("700.00")
    assert desk.balance("seller") == Decimal("9700.00")
    assert desk.balance("factor") == Decimal(2_000_000) + Decimal("300.00")  # its fee
    assert desk.balance("buyer") == Decimal(2_000_000) - Decimal(10_000)
    assert desk.receivables[key].status == "SETTLED" and conserved(desk)
    assert [e.name for e in desk.chain.events(key=key)] == ["assigned", "advanced", "paid"]


def test_typical_80_percent_advance():
    desk = funded()
    key = assign(desk, rate=Decimal("0.8"))
    assert desk.advance(key, by="factor") == Decimal("8000.00")
    assert desk.pay(key, by="buyer") == Decimal("1700.00")


@pytest.mark.parametrize("rate, ok", [(Decimal("0.69"), False), (Decimal("0.70"), True),
                                      (Decimal("0.95"), True), (Decimal("0.951"), False)])
def test_advance_rate_is_70_to_95_percent(rate, ok):
    desk = funded()
    if ok:
        key = assign(desk, rate=rate)
        assert desk.receivables[key].rate == rate
    else:
        refused(desk, "factoring.advance_rate", assign, desk, rate=rate)


def test_fee_must_fit_in_the_reserve():
    desk = funded()
    refused(desk, "factoring.fee", assign, desk, rate=Decimal("0.95"), fee=Decimal("0.06"))
    refused(desk, "factoring.fee", assign, desk, fee=Decimal("-0.01"))
    key = assign(desk, rate=Decimal("0.95"), fee=Decimal("0.05"))  # fee = reserve = 500
    desk.advance(key, by="factor")
    assert desk.pay(key, by="buyer") == 0


def test_a_receivable_is_financed_once_across_the_consortium():
    desk = funded()
    desk.grant_line("seller", limit=Decimal(100_000), by="bank")
    key = assign(desk)
    assert key == receivable_key("INV-001", "buyer", Decimal(10_000))
    refused(desk, "factoring.double_financing", assign, desk)
    refused(desk, "factoring.double_financing", assign, desk, factor="bank")  # another factor
    refused(desk, "factoring.double_financing", assign, desk, invoice=" inv-001",
            amount=Decimal("10000.00"))
    desk.advance(key, by="factor")
    desk.pay(key, by="buyer")
    refused(desk, "factoring.double_financing", assign, desk, factor="bank")  # even when paid
    other = assign(desk, amount=Decimal("10000.01"))  # another receivable, another key
    assert other != key and len(desk.receivables) == 2


def test_total_drawn_stays_within_the_credit_line():
    desk = funded(limit=Decimal(20_000))
    first = assign(desk, invoice="INV-1")
    second = assign(desk, invoice="INV-2")
    third = assign(desk, invoice="INV-3")
    desk.advance(first, by="factor")
    desk.advance(second, by="factor")
    assert desk.drawn("factor", "seller") == Decimal("18000.00")
    refused(desk, "factoring.over_line", desk.advance, third, by="factor")
    refused(desk, "factoring.line_below_drawn", desk.grant_line, "seller",
            limit=Decimal(17_999), by="factor")
    desk.pay(first, by="buyer")  # the line revolves: repaid advances can be drawn again
    assert desk.advance(third, by="factor") == Decimal("9000.00")
    assert desk.drawn("factor", "seller") <= desk.line("factor", "seller")


def test_no_line_no_advance():
    desk = FactoringDesk()
    desk.deposit(Decimal(50_000), by="factor")
    key = assign(desk)
    refused(desk, "factoring.over_line", desk.advance, key, by="factor")


def test_only_the_right_party_acts_at_each_step():
    desk = funded()
    key = assign(desk)
    refused(desk, "factoring.wrong_party", desk.advance, key, by="bank")
    refused(desk, "factoring.step", desk.pay, key, by="buyer")  # nothing advanced yet
    desk.advance(key, by="factor")
    refused(desk, "factoring.step", desk.advance, key, by="factor")  # advanced once only
    refused(desk, "factoring.wrong_party", desk.pay, key, by="seller")
    refused(desk, "factoring.unknown", desk.pay, "00" * 32, by="buyer")


def test_advance_only_before_the_due_date():
    desk = funded()
    refused(desk, "factoring.due", assign, desk, due=date(2025, 1, 1))
    key = assign(desk)
    desk.advance_to(DUE)
    refused(desk, "factoring.due", desk.advance, key, by="factor")


def test_recourse_factoring_after_the_debtor_fails_to_pay():
    desk = funded()
    key = assign(desk)
    desk.advance(key, by="factor")
    refused(desk, "factoring.not_yet_due", desk.recourse, key, by="factor")
    desk.advance_to(DUE)
    refused(desk, "factoring.wrong_party", desk.recourse, key, by="seller")
    desk.recourse(key, by="factor")
    assert desk.balance("seller") == 0 and desk.drawn("factor", "seller") == 0
    assert desk.receivables[key].status == "RECOURSED" and conserved(desk)
    refused(desk, "factoring.step", desk.pay, key, by="buyer")


def test_parties_must_be_distinct_members():
    desk = funded()
    refused(desk, "factoring.distinct", assign, desk, debtor="seller")
    refused(desk, "factoring.distinct", assign, desk, factor="buyer")
    refused(desk, "factoring.not_member", assign, desk, debtor="nobody")


def test_amounts_are_exact():
    desk = funded()
    refused(desk, "factoring.amount", assign, desk, amount=Decimal("10.001"))
    refused(desk, "factoring.amount", assign, desk, amount=Decimal(0))
    refused(desk, "finance.not_number", assign, desk, rate="ninety")
    before = desk.chain.state_bytes()
    with pytest.raises(InputError, match="float"):
        assign(desk, rate=0.9)
    assert desk.chain.state_bytes() == before


def test_cash_must_be_there():
    desk = FactoringDesk()
    desk.grant_line("seller", limit=Decimal(100_000), by="factor")
    key = assign(desk)
    refused(desk, "factoring.no_cash", desk.advance, key, by="factor")


# --- interest and the three pairs: recourse, disclosure, direction ------------------------------
START_90 = date(2025, 1, 1)  # 90 interest days to DUE (1 April 2025)


def worked(desk: FactoringDesk, **terms) -> str:
    """The chapter's example: 10,000 at 80 %, 1 % fee, 3.6 % a year for 90 days."""
    return assign(desk, rate=Decimal("0.8"), fee=Decimal("0.01"), annual_rate=Decimal("0.036"),
                  **terms)


def test_the_advance_bears_interest_for_the_days_until_the_buyer_pays():
    desk = funded()
    key = worked(desk)
    assert desk.chain.today == START_90
    assert desk.advance(key, by="factor") == Decimal("8000.00")
    # 8,000 × 3.6 % × 90 / 360 = 72; the reserve 2,000 less the 100 fee and the 72 interest
    assert desk.receivables[key].interest == Decimal("72.00")
    assert desk.pay(key, by="buyer") == Decimal("1828.00")
    assert desk.balance("seller") == Decimal("9828.00") and conserved(desk)
    assert desk.balance("factor") == Decimal(2_000_000) + Decimal("172.00")  # fee + interest


def test_the_reserve_must_cover_fee_and_interest():
    desk = funded()
    key = assign(desk, rate=Decimal("0.95"), fee=Decimal("0.05"), annual_rate=Decimal("0.036"))
    refused(desk, "factoring.reserve_short", desk.advance, key, by="factor")
    refused(desk, "factoring.interest_rate", assign, desk, invoice="INV-9",
            annual_rate=Decimal("1.2"))
    refused(desk, "factoring.flag", assign, desk, invoice="INV-9", recourse="yes")


def test_with_recourse_the_factor_takes_advance_and_interest_back_from_the_seller():
    desk = funded()
    key = worked(desk)  # recourse=True is the default
    desk.advance(key, by="factor")
    desk.deposit(Decimal(500), by="seller")  # the seller has spent nothing yet
    before = desk.balance("seller")
    desk.advance_to(DUE)  # the buyer has not paid by the due date
    desk.recourse(key, by="factor")
    assert before - desk.balance("seller") == Decimal("8072.00")  # 8,000 + 72 (民法典 Art. 766)
    assert desk.receivables[key].status == "RECOURSED" and conserved(desk)
    assert desk.chain.events(key=key)[-1]["amount"] == Decimal("8072.00")


def test_without_recourse_the_factor_bears_the_buyers_default():
    desk = funded()
    key = worked(desk, recourse=False)
    desk.advance(key, by="factor")
    desk.advance_to(DUE)
    error = refused(desk, "factoring.without_recourse", desk.recourse, key, by="factor")
    assert "factor bears the risk that buyer does not pay" in str(error)
    assert desk.pay(key, by="buyer") == Decimal("1828.00")  # it can still collect from the buyer


def test_disclosed_the_notified_buyer_pays_the_factor():
    desk = funded()
    key = worked(desk)  # disclosed=True is the default
    desk.advance(key, by="factor")
    factor_before = desk.balance("factor")
    desk.pay(key, by="buyer")
    assert desk.balance("factor") - factor_before == Decimal(10_000) - Decimal("1828.00")
    assert desk.receivables[key].status == "SETTLED"


def test_undisclosed_the_buyer_pays_the_seller_who_must_pass_it_on():
    desk = funded()
    key = worked(desk, disclosed=False)
    desk.advance(key, by="factor")
    seller_before, factor_before = desk.balance("seller"), desk.balance("factor")
    assert desk.pay(key, by="buyer") == Decimal("0.00")  # 民法典 Art. 546: not notified
    assert desk.balance("seller") - seller_before == Decimal(10_000)
    assert desk.balance("factor") == factor_before
    assert desk.receivables[key].status == "COLLECTED"
    refused(desk, "factoring.wrong_party", desk.remit, key, by="buyer")
    assert desk.remit(key, by="seller") == Decimal("1828.00")
    assert desk.balance("seller") - seller_before == Decimal("1828.00")
    assert desk.receivables[key].status == "SETTLED" and conserved(desk)


def test_once_notified_an_undisclosed_buyer_must_pay_the_factor():
    desk = funded()
    key = worked(desk, disclosed=False)
    desk.advance(key, by="factor")
    refused(desk, "factoring.wrong_party", desk.notify, key, by="seller")
    desk.notify(key, by="factor")
    refused(desk, "factoring.already_notified", desk.notify, key, by="factor")
    factor_before = desk.balance("factor")
    assert desk.pay(key, by="buyer") == Decimal("1828.00")
    assert desk.balance("factor") - factor_before == Decimal("8172.00")
    refused(desk, "factoring.wrong_party", desk.notify, worked(desk, invoice="INV-2",
                                                               disclosed=False), by="seller")


def test_forward_factoring_draws_on_the_sellers_line():
    desk = funded(limit=Decimal(8_000))
    key = worked(desk)
    desk.advance(key, by="factor")  # no confirmation by the buyer needed
    assert desk.drawn("factor", "seller") == Decimal("8000.00")


def test_reverse_factoring_is_led_by_the_buyer_on_its_own_line():
    desk = funded(limit=Decimal("0.01"))  # the seller's own line is too small
    key = worked(desk, reverse=True)
    refused(desk, "factoring.not_confirmed", desk.advance, key, by="factor")
    refused(desk, "factoring.wrong_party", desk.confirm, key, by="seller")
    desk.confirm(key, by="buyer")  # 确权 by the core enterprise
    refused(desk, "factoring.over_line", desk.advance, key, by="factor")  # no buyer line yet
    desk.grant_line("buyer", limit=Decimal(50_000), by="factor")
    assert desk.advance(key, by="factor") == Decimal("8000.00")
    assert desk.drawn("factor", "buyer") == Decimal("8000.00")
    assert desk.drawn("factor", "seller") == Decimal("0.00")
    assert desk.pay(key, by="buyer") == Decimal("1828.00")
    assert desk.drawn("factor", "buyer") == Decimal("0.00") and conserved(desk)


def test_reverse_factoring_cannot_be_undisclosed():
    desk = funded()
    error = refused(desk, "factoring.reverse_disclosed", worked, desk, reverse=True,
                    disclosed=False)
    assert "led by the buyer buyer" in str(error)


def test_a_keyed_receivable_key_needs_the_banks_shared_secret():
    plain = receivable_key("INV-2025-0042", "buyer", Decimal(10_000))
    # the plain key is guessable: try likely invoice numbers at a known amount
    guesses = [f"INV-2025-{n:04d}" for n in range(10_000)]
    assert [g for g in guesses if receivable_key(g, "buyer", Decimal(10_000)) == plain] == [
        "INV-2025-0042"]
    shared = bytes(range(32))  # held by every bank of the consortium, by nobody else
    keyed = keyed_receivable_key("INV-2025-0042", "buyer", Decimal(10_000), shared)
    assert keyed != plain
    # another bank with the same key finds the duplicate; an outsider's key does not
    assert keyed_receivable_key(" inv-2025-0042", "buyer", Decimal("10000.00"), shared) == keyed
    assert keyed_receivable_key("INV-2025-0042", "buyer", Decimal(10_000), bytes(32)) != keyed


def test_the_default_chain_passes_the_course_design_checker():
    members = default_members()
    design = ChainDesign("factoring", members, consensus="pbft")
    assert [f.rule for f in design.check() if f.severity == "mistake"] == []
    assert len(design.consensus_nodes) >= 4
    assert [m.name for m in members if "regulator" in m.roles] == [REGULATOR] == ["nfra_office"]


# --- forfaiting ----------------------------------------------------------------------------------
def lc_receivable(desk: FactoringDesk, amount=Decimal(1_000_000), maturity=date(2025, 4, 1),
                  rate=Decimal("0.036")) -> str:
    return desk.register_lc_receivable("LC-7", issuing_bank="issuing_bank", amount=amount,
                                       maturity=maturity, forfaiter="forfaiter",
                                       annual_rate=rate, by="seller")


def test_forfaiting_without_recourse_to_the_fen():
    desk = funded()
    key = lc_receivable(desk)
    refused(desk, "factoring.step", desk.forfait, key, by="forfaiter")  # not confirmed yet
    refused(desk, "factoring.wrong_party", desk.confirm, key, by="buyer")
    desk.confirm(key, by="issuing_bank")
    refused(desk, "factoring.wrong_party", desk.forfait, key, by="bank")
    desk.advance_to(date(2025, 1, 1))
    # 1,000,000 × 3.6% × 90 / 360 = 9,000 interest (1 January to 31 March: 90 days)
    assert desk.forfait(key, by="forfaiter") == Decimal("991000.00")
    assert desk.balance("seller") == Decimal("991000.00")
    refused(desk, "factoring.no_recourse", desk.recourse, key, by="forfaiter")
    desk.advance_to(date(2025, 4, 1))
    refused(desk, "factoring.no_recourse", desk.recourse, key, by="forfaiter")
    refused(desk, "factoring.step", desk.pay, key, by="issuing_bank")  # paid under the L/C
    assert desk.balance("forfaiter") == Decimal(2_000_000) - Decimal(991_000)
    assert desk.receivables[key].status == "FORFAITED" and conserved(desk)


def test_forfaiting_only_before_maturity_and_only_once():
    desk = funded()
    key = lc_receivable(desk)
    refused(desk, "factoring.double_financing", lc_receivable, desk)
    desk.confirm(key, by="issuing_bank")
    desk.advance_to(date(2025, 4, 1))
    refused(desk, "factoring.due", desk.forfait, key, by="forfaiter")
    refused(desk, "factoring.due", lc_receivable, desk, amount=Decimal(5),
            maturity=date(2025, 4, 1))


# --- messages -----------------------------------------------------------------------------------
def test_messages_in_chinese():
    desk = funded()
    assign(desk)
    set_language("zh")
    error = refused(desk, "factoring.double_financing", assign, desk)
    assert str(error).startswith("对 buyer 的应收账款 INV-001（金额 10000.00）已登记")
    assert str(error).endswith("用于保理：同一笔应收账款只能融资一次。")
    error = refused(desk, "factoring.advance_rate", assign, desk, invoice="X",
                    rate=Decimal("0.5"))
    assert str(error) == "融资比例必须在发票金额的 0.70 到 0.95 之间；实际为 0.5。"
