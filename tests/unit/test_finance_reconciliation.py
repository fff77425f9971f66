"""ledgerkit.finance.reconciliation: books against a shared chain (对账), netting (轧差) T+0.

WeBank and two partner banks record the payments they owe each other on a shared ledger;
each bank's internal book is a list of plain dict rows.
"""

from datetime import date
from decimal import Decimal

import pytest

from ledgerkit.contracts import ContractError, PermissionDenied
from ledgerkit.errors import InputError
from ledgerkit.finance.reconciliation import (
    Mismatch,
    ReconciliationPlatform,
    Report,
    SharedLedger,
    net_positions,
    reconcile,
)

D = Decimal
DAY = date(2025, 1, 1)


def refused(platform: ReconciliationPlatform, attempt, rule: str) -> ContractError:
    before = platform.state_bytes()
    with pytest.raises(ContractError) as caught:
        attempt()
    assert caught.value.rule == rule
    assert platform.state_bytes() == before
    return caught.value


def trading() -> ReconciliationPlatform:
    """webank pays bank_b 100 and 20, bank_b pays webank 30; one more is still pending."""
    platform = ReconciliationPlatform()
    for ref, payer, payee, amount in [("T1", "webank", "bank_b", "100"),
                                      ("T2", "bank_b", "webank", "30"),
                                      ("T3", "webank", "bank_b", "20"),
                                      ("T4", "webank", "bank_c", "5")]:
        platform.record(ref, payee, D(amount), by=payer)
        platform.confirm(ref, by=payee)
    platform.record("T5", "bank_b", D("50"), by="webank")
    return platform


def row(ref: str, amount: str, status: str = "confirmed", counterparty: str = "bank_b",
        day: date = DAY) -> dict:
    return {"ref": ref, "counterparty": counterparty, "amount": D(amount), "status": status,
            "date": day}


# --- both sides read the same transaction ----------------------------------------------------
def test_each_side_reads_the_same_transaction_with_its_own_sign():
    platform = trading()
    assert platform.chain_rows("webank")[0] == row("T1", "-100.00")
    assert platform.chain_rows("bank_b")[0] == row("T1", "100.00", counterparty="webank")
    assert [r["ref"] for r in platform.chain_rows("bank_c")] == ["T4"]
    assert platform.chain_rows("webank")[-1]["status"] == "pending"


def test_a_book_equal_to_the_chain_reconciles_cleanly():
    platform = trading()
    book = platform.chain_rows("webank")
    report = platform.reconcile(list(reversed(book)), by="webank")
    assert report.ok and report.mismatches == [] and report.matched == 5


# --- every kind of mismatch ------------------------------------------------------------------
def test_a_transaction_missing_from_the_book_is_chain_only():
    platform = trading()
    book = [r for r in platform.chain_rows("webank") if r["ref"] != "T2"]
    report = platform.reconcile(book, by="webank")
    assert report.mismatches == [Mismatch("chain_only", "T2", None,
                                          platform.chain_rows("webank")[1])]


def test_a_transaction_only_in_the_book_is_book_only():
    platform = trading()
    extra = row("T9", "-7.00")
    report = platform.reconcile([*platform.chain_rows("webank"), extra], by="webank")
    assert report.mismatches == [Mismatch("book_only", "T9", extra, None)]


@pytest.mark.parametrize(("field", "value", "kind"), [
    ("amount", D("-1000.00"), "amount"),
    ("status", "pending", "status"),
    ("counterparty", "bank_c", "counterparty"),
    ("date", date(2025, 1, 2), "date"),
])
def test_a_field_that_differs_is_named(field, value, kind):
    platform = trading()
    book = platform.chain_rows("webank")
    book[0] = {**book[0], field: value}
    report = platform.reconcile(book, by="webank")
    assert [(m.kind, m.ref) for m in report.mismatches] == [(kind, "T1")]
    assert report.mismatches[0].book[field] == value and report.matched == 4


def test_two_fields_differing_give_two_mismatches():
    report = reconcile([row("T1", "5", status="pending")], [row("T1", "6")])
    assert [m.kind for m in report.mismatches] == ["amount", "status"]


def test_a_transaction_booked_twice_is_a_duplicate():
    platform = trading()
    book = platform.chain_rows("webank")
    report = platform.reconcile([*book, book[2]], by="webank")
    assert report.mismatches == [Mismatch("duplicate", "T3", book[2], None)]
    assert report.of_kind("duplicate") == report.mismatches


def test_a_duplicate_in_the_chain_rows_is_reported_on_the_chain_side():
    report = reconcile([row("T1", "5")], [row("T1", "5"), row("T1", "5")])
    assert report.mismatches == [Mismatch("duplicate", "T1", None, row("T1", "5"))]


def test_amounts_compare_as_numbers_not_as_text():
    assert reconcile([row("T1", "5.0")], [row("T1", "5.00")]).ok


def test_mismatches_are_listed_by_reference():
    report = reconcile([row("B", "1"), row("A", "2"), row("A", "2")],
                       [row("C", "3"), row("B", "9")])
    assert [(m.ref, m.kind) for m in report.mismatches] == [
        ("A", "duplicate"), ("A", "book_only"), ("B", "amount"), ("C", "chain_only")]


def test_malformed_rows_are_refused_with_the_rule():
    with pytest.raises(InputError) as caught:
        reconcile([{"ref": "T1", "amount": D(1)}], [])
    assert caught.value.key == "reconciliation.bad_row"
    assert "账簿第 0 行不是交易记录" in caught.value.in_language("zh")
    with pytest.raises(InputError) as caught:
        reconcile([], [{**row("T1", "1"), "amount": 1.5}])
    assert caught.value.key == "finance.float"


# --- netting (轧差) and T+0 settlement -------------------------------------------------------
def test_net_positions_count_confirmed_transactions_per_counterparty():
    platform = trading()
    assert platform.reconcile([], by="webank").net_positions == {"bank_b": D("-90.00"),
                                                                 "bank_c": D("-5.00")}
    assert net_positions(platform.chain_rows("bank_b")) == {"webank": D("90.00")}
    assert Report([], 0).net_positions == {}


def test_settling_nets_the_confirmed_transactions_into_one_payment_the_same_day():
    platform = trading()
    settlement = platform.settle("webank", by="bank_b")
    assert settlement == {"id": 1, "payer": "webank", "payee": "bank_b", "amount": D("90.00"),
                          "refs": ["T1", "T2", "T3"], "date": DAY}
    statuses = {r["ref"]: r["status"] for r in platform.chain_rows("webank")}
    assert statuses == {"T1": "settled", "T2": "settled", "T3": "settled", "T4": "confirmed",
                        "T5": "pending"}
    assert platform.chain.events(name="settled")[0]["amount"] == D("90.00")
    error = refused(platform, lambda: platform.settle("bank_b", by="webank"),
                    "reconciliation.nothing_to_settle")
    assert "没有待结算的已确认交易" in error.in_language("zh")


def test_a_balanced_position_settles_at_zero():
    platform = ReconciliationPlatform()
    platform.record("X1", "bank_b", D("40"), by="webank")
    platform.record("X2", "webank", D("40"), by="bank_b")
    platform.confirm("X1", by="bank_b")
    platform.confirm("X2", by="webank")
    assert platform.settle("bank_b", by="webank")["amount"] == D("0.00")


# --- the contract's rules --------------------------------------------------------------------
def test_only_the_payee_confirms_and_only_once():
    platform = trading()
    error = refused(platform, lambda: platform.confirm("T5", by="webank"),
                    "reconciliation.not_party")
    assert "只有 bank_b 能确认交易 T5；webank 不能" in error.in_language("zh")
    error = refused(platform, lambda: platform.confirm("T1", by="bank_b"),
                    "reconciliation.not_pending")
    assert "已不是待确认" in error.in_language("zh")
    refused(platform, lambda: platform.confirm("T0", by="bank_b"), "reconciliation.unknown_ref")


def test_only_the_payer_cancels_and_only_while_pending():
    platform = trading()
    refused(platform, lambda: platform.cancel("T5", by="bank_b"), "reconciliation.not_party")
    refused(platform, lambda: platform.cancel("T1", by="webank"), "reconciliation.not_pending")
    platform.cancel("T5", by="webank")
    assert platform.chain_rows("bank_b")[-1]["status"] == "cancelled"
    assert net_positions(platform.chain_rows("webank"))["bank_b"] == D("-90.00")


def test_a_reference_is_recorded_once_with_a_positive_amount_to_another_institution():
    platform = trading()
    error = refused(platform, lambda: platform.record("T1", "bank_c", D(1), by="webank"),
                    "reconciliation.duplicate_ref")
    assert "交易 T1 已在链上" in error.in_language("zh")
    refused(platform, lambda: platform.record("T8", "webank", D(1), by="webank"),
            "reconciliation.self")
    for bad in (D(0), D("-3")):
        refused(platform, lambda bad=bad: platform.record("T8", "bank_b", bad, by="webank"),
                "reconciliation.bad_amount")


def test_the_regulator_reads_but_records_nothing():
    platform = trading()
    with pytest.raises(PermissionDenied):
        platform.record("T8", "bank_b", D(1), by="nfra")
    assert len(platform.chain.read("SharedLedger", by="nfra").transactions) == 5


def test_a_float_amount_never_reaches_the_chain():
    platform = trading()
    before = platform.state_bytes()
    with pytest.raises(InputError):
        platform.record("T8", "bank_b", 1.5, by="webank")
    assert platform.state_bytes() == before


def test_a_fresh_ledger_is_empty_and_the_chain_validates():
    assert SharedLedger().settlements == []
    platform = trading()
    platform.settle("bank_b", by="webank")
    assert platform.chain.validate()


def test_the_default_chain_passes_the_design_checker_with_nfra_and_pboc_as_supervisors():
    from ledgerkit.design import MISTAKE, ChainDesign
    from ledgerkit.finance.reconciliation import default_members

    design = ChainDesign("reconciliation", default_members(), consensus="pbft")
    assert [f.rule for f in design.check() if f.severity == MISTAKE] == []
    assert design.fault_tolerance >= 1
    assert [m.name for m in default_members() if "regulator" in m.roles] == ["nfra", "pboc"]
    platform = ReconciliationPlatform()
    assert platform.chain.read("SharedLedger", by="pboc").transactions == {}
