"""ledgerkit.finance.abs: ABS on a chain (资产证券化) — pool, tranches, sequential waterfall.

The deal follows DOMAIN.md §9: a 100M pool in four loans, senior A 85M at 4%, senior B 6M at
5%, subordinated C 9M; one period is one year (365 days, actual/365).
"""

from datetime import date
from decimal import Decimal

import pytest

from ledgerkit.contracts import ContractError, PermissionDenied
from ledgerkit.errors import InputError
from ledgerkit.finance.abs import (
    ABS,
    EXAMPLE_STRUCTURE,
    HOLDERS,
    ABSDeal,
    Tranche,
    loan_hash,
    tranches_by_share,
    waterfall,
)

D = Decimal
DUE = date(2026, 6, 30)


def pooled() -> ABSDeal:
    deal = ABSDeal()
    for n in range(4):
        deal.add_loan(f"L{n}", f"borrower-{n}", D("25000000"), D("0.08"), DUE, by="changan")
    return deal


def issued() -> ABSDeal:
    deal = pooled()
    deal.issue(tranches_by_share(deal.pool_principal(), EXAMPLE_STRUCTURE, HOLDERS),
               by="tianfeng")
    return deal


def one_year(collections: list[str]) -> tuple[ABSDeal, list]:
    deal = issued()
    deal.advance(365)
    for n, amount in enumerate(collections):
        deal.collect(f"L{n}", D(amount), by="changan")
    return deal, deal.distribute(by="tianfeng")


def refused(deal: ABSDeal, attempt, rule: str) -> ContractError:
    before = deal.state_bytes()
    with pytest.raises(ContractError) as caught:
        attempt()
    assert caught.value.rule == rule
    assert deal.state_bytes() == before
    return caught.value


# --- the worked examples of DOMAIN.md, to the fen ---------------------------------------------
def test_tranche_sizes_are_85_6_9_percent_of_the_pool():
    sizes = tranches_by_share(issued().pool_principal(), EXAMPLE_STRUCTURE, HOLDERS)
    assert [(t["name"], t["principal"]) for t in sizes] == [
        ("A", D("85000000.00")), ("B", D("6000000.00")), ("C", D("9000000.00"))]


def test_collections_of_99m_pay_a_88_4m_b_6_3m_sub_4_3m():
    deal, payments = one_year(["30000000", "30000000", "39000000"])
    assert [(p.tranche, p.total) for p in payments] == [
        ("A", D("88400000.00")), ("B", D("6300000.00")), ("C", D("4300000.00"))]
    assert [(p.interest, p.principal) for p in payments[:2]] == [
        (D("3400000.00"), D("85000000.00")), (D("300000.00"), D("6000000.00"))]
    assert [t.outstanding for t in deal.tranches()] == [D("0.00"), D("0.00"), D("4700000.00")]


def test_collections_of_91m_pay_a_88_4m_b_2_6m_sub_nothing():
    deal, payments = one_year(["91000000"])
    assert [p.total for p in payments] == [D("88400000.00"), D("2600000.00"), D("0.00")]
    assert payments[1].interest == D("300000.00") and payments[1].principal == D("2300000.00")
    assert [t.outstanding for t in deal.tranches()] == [D("0.00"), D("3700000.00"),
                                                        D("9000000.00")]


def test_payments_go_to_the_holders_and_are_announced():
    deal, _ = one_year(["91000000"])
    paid = deal.chain.events(name="paid")
    assert [(e["tranche"], e["holder"]) for e in paid] == [("A", "fund_a"), ("B", "bank_b"),
                                                           ("C", "changan")]
    assert sum(e["interest"] + e["principal"] + e["excess"] for e in paid) == D("91000000.00")
    assert deal.contract.distributions[0]["collections"] == D("91000000.00")
    assert deal.contract.cash == D("0.00")


def test_the_next_period_pays_b_interest_on_what_is_left_then_its_principal():
    deal, _ = one_year(["91000000"])
    deal.advance(365)
    deal.collect("L0", D("5000000"), by="changan")
    payments = deal.distribute(by="tianfeng")
    assert [(p.interest, p.principal, p.excess) for p in payments] == [
        (D("0.00"), D("0.00"), D("0.00")),
        (D("185000.00"), D("3700000.00"), D("0.00")),  # 3.7M × 5%
        (D("0.00"), D("1115000.00"), D("0.00"))]


def test_cash_left_after_every_tranche_is_retired_is_excess_for_the_subordinated():
    _, payments = one_year(["110000000"])
    assert [p.total for p in payments] == [D("88400000.00"), D("6300000.00"), D("15300000.00")]
    assert payments[2].principal == D("9000000.00") and payments[2].excess == D("6300000.00")


def test_unpaid_interest_is_carried_forward_and_paid_first():
    deal, payments = one_year(["2000000"])
    assert payments[0].interest == D("2000000.00") and payments[1].interest == D("0.00")
    assert [t.interest_due for t in deal.tranches()] == [D("1400000.00"), D("300000.00"),
                                                         D("0.00")]
    deal.collect("L1", D("1700000"), by="changan")  # same day: no new interest accrues
    again = deal.distribute(by="tianfeng")
    assert [p.interest for p in again] == [D("1400000.00"), D("300000.00"), D("0.00")]
    assert all(p.principal == 0 for p in again)
    assert [t.interest_due for t in deal.tranches()] == [D("0.00")] * 3


def test_interest_counts_actual_days_over_365():
    a = Tranche("A", "x", D("85000000"), D("0.04"), D("85000000"))
    assert waterfall(D("10000000"), [a], 90)[0].interest == D("838356.16")  # 85M×4%×90/365


# --- the pool --------------------------------------------------------------------------------
def test_each_loan_is_recorded_with_a_salted_hash_and_the_borrower_stays_off_chain():
    deal = pooled()
    loan, file = deal.contract.loans["L2"], deal.loan_file("L2")
    assert set(file) == {"loan_id", "borrower", "principal", "annual_rate", "due", "salt"}
    assert len(file["salt"]) == 32 and int(file["salt"], 16) >= 0  # 128 random bits, hex
    assert loan["hash"] == loan_hash("L2", "borrower-2", D("25000000"), D("0.08"), DUE,
                                     file["salt"])
    assert deal.contract.verify_loan("L2", "borrower-2", file["salt"])
    assert not deal.contract.verify_loan("L2", "someone-else", file["salt"])
    on_chain = deal.state_bytes() + b"".join(c.serialize() for b in deal.chain.blocks
                                              for c in b.calls)
    assert b"borrower-2" not in on_chain and loan["hash"].encode() in on_chain
    assert file["salt"].encode() not in on_chain


def test_without_the_salt_guessing_the_borrower_from_the_terms_on_chain_fails():
    deal = pooled()
    loan = deal.contract.loans["L2"]
    candidates = [f"borrower-{n}" for n in range(10)]  # the right one is among them
    terms = (D("25000000"), D("0.08"), DUE)
    for guessed_salt in ("", "0" * 32):
        assert not any(loan_hash("L2", who, *terms, guessed_salt) == loan["hash"]
                       for who in candidates)
    salt = deal.loan_file("L2")["salt"]
    assert [who for who in candidates if loan_hash("L2", who, *terms, salt) == loan["hash"]] == [
        "borrower-2"]


def test_salts_differ_per_loan_repeat_with_the_seed_and_a_refusal_draws_none():
    one, two = pooled(), pooled()
    salts = [one.loan_file(f"L{n}")["salt"] for n in range(4)]
    assert len(set(salts)) == 4 and salts == [two.loan_file(f"L{n}")["salt"] for n in range(4)]
    deal = ABSDeal()
    with pytest.raises(ContractError):
        deal.add_loan("L0", "b", D(100), D("0.08"), DUE, by="tianfeng")
    deal.add_loan("L0", "borrower-0", D("25000000"), D("0.08"), DUE, by="changan")
    assert deal.loan_file("L0")["salt"] == salts[0]


def test_the_pool_root_commits_to_every_loan():
    one, other = pooled(), ABSDeal()
    for n in range(4):
        borrower = "changed" if n == 3 else f"borrower-{n}"
        other.add_loan(f"L{n}", borrower, D("25000000"), D("0.08"), DUE, by="changan")
    assert len(one.contract.pool_root()) == 64
    assert one.contract.pool_root() != other.contract.pool_root()
    assert issued().chain.events(name="issued")[0]["pool_root"] == one.contract.pool_root()


def test_the_holder_may_sell_a_tranche_and_later_payments_follow_it():
    deal = issued()
    deal.transfer("A", "bank_b", by="fund_a")
    deal.advance(365)
    deal.collect("L0", D("1000"), by="changan")
    assert deal.distribute(by="tianfeng")[0].holder == "bank_b"


# --- refusals: each names its rule, is in Chinese too, and changes nothing --------------------
def test_only_the_originator_pools_loans():
    deal = ABSDeal()
    error = refused(deal, lambda: deal.add_loan("L1", "b", D(100), D("0.08"), DUE,
                                                by="tianfeng"), "abs.not_originator")
    assert "只有原始权益人 changan" in error.in_language("zh")


def test_the_regulators_read_but_cannot_act():
    deal = ABSDeal()
    for regulator in ("csrc", "sse"):
        with pytest.raises(PermissionDenied):
            deal.add_loan("L1", "b", D(100), D("0.08"), DUE, by=regulator)
        assert deal.chain.read("ABS", by=regulator).status == "pooling"


def test_the_default_chain_passes_the_checker_and_the_originator_is_no_validator():
    from ledgerkit.design import MISTAKE, ChainDesign
    from ledgerkit.finance.abs import default_members

    design = ChainDesign("abs", default_members(), consensus="pbft")
    assert [f.rule for f in design.check() if f.severity == MISTAKE] == []
    assert design.fault_tolerance >= 1
    assert "changan" not in design.consensus_nodes
    assert [m.name for m in default_members() if "regulator" in m.roles] == ["csrc", "sse"]


@pytest.mark.parametrize(("change", "rule", "zh"), [
    ({"loan_id": "L0"}, "abs.duplicate_loan", "已在资产池中"),
    ({"principal": D("-5")}, "abs.bad_value", "无效"),
    ({"principal": D("0")}, "abs.bad_value", "必须为正数"),
    ({"annual_rate": D("-0.01")}, "abs.bad_value", "annual_rate 无效"),
    ({"due": date(2025, 1, 1)}, "abs.due_passed", "不晚于今天"),
    ({"record_hash": "not a hash"}, "abs.bad_hash", "64 个十六进制字符"),
    ({"record_hash": "AB" * 32}, "abs.bad_hash", "64 个十六进制字符"),
])
def test_a_bad_loan_is_refused(change, rule, zh):
    deal = pooled()
    args = {"loan_id": "L9", "principal": D(100), "annual_rate": D("0.08"), "due": DUE,
            "record_hash": "ab" * 32, **change}
    error = refused(deal, lambda: deal.contract.add_loan(**args, by="changan"), rule)
    assert zh in error.in_language("zh")


def test_no_loan_joins_the_pool_after_issue():
    deal = issued()
    error = refused(deal, lambda: deal.add_loan("L9", "b", D(100), D("0.08"), DUE,
                                                by="changan"), "abs.pool_closed")
    assert "资产池已封包" in error.in_language("zh")


def test_only_the_manager_issues_and_only_once():
    deal = pooled()
    specs = tranches_by_share(deal.pool_principal(), EXAMPLE_STRUCTURE, HOLDERS)
    refused(deal, lambda: deal.issue(specs, by="changan"), "abs.not_manager")
    deal.issue(specs, by="tianfeng")
    refused(deal, lambda: deal.issue(specs, by="tianfeng"), "abs.pool_closed")


def test_an_empty_pool_cannot_be_issued():
    deal = ABSDeal()
    error = refused(deal, lambda: deal.issue([{"name": "A", "holder": "fund_a",
                                               "principal": D(1), "rate": D(0)}],
                                             by="tianfeng"), "abs.empty_pool")
    assert "资产池为空" in error.in_language("zh")


@pytest.mark.parametrize(("specs", "rule"), [
    ([], "abs.bad_tranches"),
    ([{"name": "A", "holder": "fund_a", "principal": D(100000000)}], "abs.bad_tranches"),
    ([{"name": "A", "holder": "x", "principal": D(50000000), "rate": D(0)},
      {"name": "A", "holder": "y", "principal": D(50000000), "rate": D(0)}], "abs.bad_tranches"),
    ([{"name": "A", "holder": "x", "principal": D(-1), "rate": D(0)}], "abs.bad_value"),
    ([{"name": "A", "holder": "x", "principal": D(100000000), "rate": D("-0.1")}],
     "abs.bad_value"),
    ([{"name": "A", "holder": "x", "principal": D(90000000), "rate": D("0.04")}],
     "abs.tranches_sum"),
])
def test_tranches_must_be_well_formed_and_cover_the_pool_exactly(specs, rule):
    deal = pooled()
    error = refused(deal, lambda: deal.issue(specs, by="tianfeng"), rule)
    if rule == "abs.tranches_sum":
        assert "两者必须相等" in error.in_language("zh")


def test_collections_need_an_issued_deal_a_known_loan_and_the_servicer():
    deal = pooled()
    refused(deal, lambda: deal.collect("L0", D(100), by="changan"), "abs.not_issued")
    deal = issued()
    error = refused(deal, lambda: deal.collect("L7", D(100), by="changan"), "abs.unknown_loan")
    assert "资产池中没有贷款 L7" in error.in_language("zh")
    refused(deal, lambda: deal.collect("L0", D(100), by="tianfeng"), "abs.not_originator")
    refused(deal, lambda: deal.collect("L0", D(0), by="changan"), "abs.bad_value")


def test_a_payout_needs_cash_an_issued_deal_and_the_manager():
    deal = pooled()
    refused(deal, lambda: deal.contract.distribute(by="tianfeng"), "abs.not_issued")
    deal = issued()
    error = refused(deal, lambda: deal.distribute(by="tianfeng"), "abs.no_cash")
    assert "没有可分配的回收款" in error.in_language("zh")
    deal.collect("L0", D(100), by="changan")
    refused(deal, lambda: deal.distribute(by="changan"), "abs.not_manager")


def test_only_the_holder_sells_a_tranche():
    deal = issued()
    error = refused(deal, lambda: deal.transfer("A", "bank_b", by="bank_b"), "abs.not_holder")
    assert "不是 A 档证券的持有人" in error.in_language("zh")
    refused(deal, lambda: deal.transfer("Z", "bank_b", by="fund_a"), "abs.unknown_tranche")
    refused(deal, lambda: deal.transfer("A", "fund_a", by="fund_a"), "abs.self_transfer")


def test_floats_are_refused_before_anything_reaches_the_chain():
    deal = issued()
    before = deal.state_bytes()
    with pytest.raises(InputError):
        deal.collect("L0", 1000.5, by="changan")
    with pytest.raises(InputError):
        deal.contract.collect("L0", 1000.5, by="changan")
    assert deal.state_bytes() == before


def test_the_contract_starts_empty_and_the_chain_stays_valid():
    assert ABS("o", "m").loans == {} and ABS("o", "m").tranches == []
    deal, _ = one_year(["99000000"])
    assert deal.chain.validate()
