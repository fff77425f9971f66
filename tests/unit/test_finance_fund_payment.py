"""ledgerkit.finance.fund_payment: penetrating fund payment (穿透式拨付) on a chain.

The funder approves a budget; the general contractor registers contracts, a sub-contractor
its wage roll under its own contract; the funder approves them and releases payments straight
to the end payee. Every refusal must leave the chain byte-identical and name its rule.
"""

from datetime import date
from decimal import Decimal

import pytest
from refusals import refused

from ledgerkit.contracts import ContractError
from ledgerkit.design import ChainDesign
from ledgerkit.finance.fund_payment import AUDITOR, FUNDER, FundDesk, default_members
from ledgerkit.i18n import set_language


@pytest.fixture
def desk() -> FundDesk:
    """Budget B-1 of 1,000,000.00 for a dyke: C-1 earthworks to sub_builder (400,000.00),
    C-2 steel to supplier (250,000.00), and under C-1 the wage roll W-1 to worker_li
    (12,000.00) and W-2 to worker_wang (9,500.00); all approved but W-2."""
    desk = FundDesk(start=date(2025, 4, 1))
    desk.deposit(Decimal("1200000.00"), by=FUNDER)
    desk.approve_budget("B-1", project="river dyke", amount=Decimal("1000000.00"),
                        contractor="contractor", by=FUNDER)
    desk.sign_contract("C-1", budget="B-1", payee="sub_builder", amount=Decimal("400000.00"),
                       purpose="earthworks", by="contractor")
    desk.sign_contract("C-2", budget="B-1", payee="supplier", amount=Decimal("250000.00"),
                       purpose="steel", by="contractor")
    desk.sign_contract("W-1", budget="B-1", parent="C-1", payee="worker_li",
                       amount=Decimal("12000.00"), purpose="wages", by="sub_builder")
    desk.sign_contract("W-2", budget="B-1", parent="C-1", payee="worker_wang",
                       amount=Decimal("9500.00"), purpose="wages", by="sub_builder")
    for contract in ("C-1", "C-2", "W-1"):
        desk.approve_contract(contract, by=FUNDER)
    return desk


def pay(desk, contract: str, payee: str, amount: str, by: str) -> None:
    number = desk.request_payment(contract, payee=payee, amount=Decimal(amount), by=by)
    desk.release(number, by=FUNDER)


def test_default_consortium_is_a_sound_design():
    findings = ChainDesign("funds", default_members(), consensus="pbft").check()
    assert [f for f in findings if f.severity == "mistake"] == []


def test_approving_a_budget_sets_its_money_aside(desk):
    assert desk.balance(FUNDER) == Decimal("200000.00")
    assert desk.budgets["B-1"].unpaid == Decimal("1000000.00")
    assert desk.held() + sum(desk.cash.values()) == desk.deposited


def test_wages_go_straight_to_the_worker_and_count_all_the_way_up(desk):
    pay(desk, "W-1", "worker_li", "12000.00", by="sub_builder")
    assert desk.balance("worker_li") == Decimal("12000.00")
    assert desk.balance("sub_builder") == Decimal("0.00")  # the money never passed through it
    assert desk.contracts["W-1"].paid == Decimal("12000.00")
    assert desk.contracts["C-1"].paid == Decimal("12000.00")
    assert desk.budgets["B-1"].unpaid == Decimal("988000.00")


def test_the_auditor_traces_every_yuan_of_a_budget(desk):
    pay(desk, "W-1", "worker_li", "12000.00", by="sub_builder")
    pay(desk, "C-1", "sub_builder", "150000.50", by="contractor")
    pay(desk, "C-2", "supplier", "250000.00", by="contractor")
    trace = desk.trace("B-1")
    assert [(line.path, line.payee, line.amount) for line in trace] == [
        (("B-1", "C-1", "W-1"), "worker_li", Decimal("12000.00")),
        (("B-1", "C-1"), "sub_builder", Decimal("150000.50")),
        (("B-1", "C-2"), "supplier", Decimal("250000.00"))]
    assert desk.paid_to("B-1") == {"worker_li": Decimal("12000.00"),
                                   "sub_builder": Decimal("150000.50"),
                                   "supplier": Decimal("250000.00")}
    assert sum(desk.paid_to("B-1").values()) == desk.budgets["B-1"].paid == Decimal("412000.50")
    assert desk.contracts["C-1"].paid == Decimal("162000.50")
    assert desk.held() + sum(desk.cash.values()) == desk.deposited
    assert [e.name for e in desk.chain.events(contract="FundPayments", name="released")] == [
        "released"] * 3


def test_money_to_anyone_but_the_registered_payee_is_refused(desk):
    message = refused(desk, "funds.wrong_payee", desk.request_payment, "W-1",
                      payee="sub_builder", amount=Decimal("12000.00"), by="sub_builder")
    assert "worker_li" in str(message) and "Art. 26" in str(message)


def test_a_request_over_the_contract_is_refused(desk):
    pay(desk, "W-1", "worker_li", "10000.00", by="sub_builder")
    message = refused(desk, "funds.over_contract", desk.request_payment, "W-1",
                      payee="worker_li", amount=Decimal("2000.01"), by="sub_builder")
    assert "12000.00" in str(message)


def test_the_wage_roll_is_ring_fenced_from_the_sub_contractor(desk):
    # C-1 is 400,000.00 with 21,500.00 of wage contracts under it: sub_builder gets at most
    # 378,500.00, and the workers can still be paid in full afterwards
    message = refused(desk, "funds.over_contract", desk.request_payment, "C-1",
                      payee="sub_builder", amount=Decimal("378500.01"), by="contractor")
    assert "21500.00" in str(message) and "378500.00" in str(message)
    pay(desk, "C-1", "sub_builder", "378500.00", by="contractor")
    desk.approve_contract("W-2", by=FUNDER)
    pay(desk, "W-1", "worker_li", "12000.00", by="sub_builder")
    pay(desk, "W-2", "worker_wang", "9500.00", by="sub_builder")
    assert desk.contracts["C-1"].paid == Decimal("400000.00")
    assert desk.available("C-1") == Decimal("0.00")


def test_money_paid_to_the_sub_contractor_cannot_be_ring_fenced_again(desk):
    pay(desk, "C-1", "sub_builder", "370000.00", by="contractor")
    # 400,000 − 370,000 paid leaves 30,000 for wage contracts; 21,500 are signed
    refused(desk, "funds.over_limit", desk.sign_contract, "W-3", budget="B-1", parent="C-1",
            payee="worker_zhao", amount=Decimal("8500.01"), purpose="wages", by="sub_builder")
    desk.sign_contract("W-3", budget="B-1", parent="C-1", payee="worker_zhao",
                       amount=Decimal("8500.00"), purpose="wages", by="sub_builder")


def test_contracts_over_the_budget_are_refused_so_no_payment_can_exceed_it(desk):
    message = refused(desk, "funds.over_limit", desk.sign_contract, "C-3", budget="B-1",
                      payee="supplier", amount=Decimal("350000.01"), purpose="cement",
                      by="contractor")
    assert "B-1" in str(message) and "1000000.00" in str(message)


def test_payment_under_an_unapproved_contract_is_refused(desk):
    refused(desk, "funds.unapproved", desk.request_payment, "W-2", payee="worker_wang",
            amount=Decimal("100.00"), by="sub_builder")


def test_sub_contracts_cannot_add_up_to_more_than_their_parent(desk):
    refused(desk, "funds.over_limit", desk.sign_contract, "W-3", budget="B-1", parent="C-1",
            payee="worker_zhao", amount=Decimal("378500.01"), purpose="wages",
            by="sub_builder")


@pytest.mark.parametrize(("rule", "action", "kwargs", "by"), [
    ("funds.wrong_signer", "sign_contract",
     {"contract_id": "C-5", "budget": "B-1", "payee": "supplier", "amount": Decimal(1),
      "purpose": "x"}, "sub_builder"),
    ("funds.wrong_signer", "sign_contract",
     {"contract_id": "W-5", "budget": "B-1", "parent": "C-1", "payee": "worker_zhao",
      "amount": Decimal(1), "purpose": "wages"}, "contractor"),
    ("funds.funder_only", "approve_contract", {"contract_id": "W-2"}, "contractor"),
    ("funds.wrong_requester", "request_payment",
     {"contract_id": "W-1", "payee": "worker_li", "amount": Decimal(1)}, "contractor"),
    ("funds.exists", "approve_budget",
     {"budget_id": "C-1", "project": "p", "amount": Decimal(1), "contractor": "contractor"},
     FUNDER),
    ("funds.no_cash", "approve_budget",
     {"budget_id": "B-2", "project": "p", "amount": Decimal("200000.01"),
      "contractor": "contractor"}, FUNDER),
    ("funds.amount", "sign_contract",
     {"contract_id": "C-6", "budget": "B-1", "payee": "supplier", "amount": Decimal("0.001"),
      "purpose": "x"}, "contractor"),
    ("funds.already_approved", "approve_contract", {"contract_id": "C-1"}, FUNDER),
    ("funds.unknown_budget", "sign_contract",
     {"contract_id": "C-7", "budget": "B-7", "payee": "supplier", "amount": Decimal(1),
      "purpose": "x"}, "contractor"),
    ("funds.payee", "sign_contract",
     {"contract_id": "C-8", "budget": "B-1", "payee": "contractor", "amount": Decimal(1),
      "purpose": "x"}, "contractor"),
])
def test_every_refusal_names_its_rule_and_changes_nothing(desk, rule, action, kwargs, by):
    refused(desk, rule, getattr(desk, action), by=by, **kwargs)


def test_only_the_funder_releases_and_only_once(desk):
    number = desk.request_payment("C-2", payee="supplier", amount=Decimal("1000.00"),
                                  by="contractor")
    refused(desk, "funds.funder_only", desk.release, number, by="contractor")
    desk.release(number, by=FUNDER)
    refused(desk, "funds.released", desk.release, number, by=FUNDER)
    refused(desk, "funds.unknown_request", desk.release, 7, by=FUNDER)


def test_the_auditor_sees_refused_attempts_too(desk):
    with pytest.raises(ContractError):
        desk.request_payment("W-1", payee="sub_builder", amount=Decimal("12000.00"),
                             by="sub_builder")
    rules = [entry.rule for entry in desk.chain.audit_trail(by=AUDITOR) if not entry.accepted]
    assert rules == ["funds.wrong_payee"]


def test_refusals_read_in_chinese(desk):
    set_language("zh")
    try:
        message = refused(desk, "funds.wrong_payee", desk.request_payment, "W-1",
                          payee="sub_builder", amount=Decimal("1.00"), by="sub_builder")
        assert "第二十六条" in str(message)
    finally:
        set_language("en")
