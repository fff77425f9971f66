"""ledgerkit.audit: integrity reports, lineage tracing (穿透) and book-versus-chain checks."""

import dataclasses
import io
from datetime import date, timedelta
from decimal import Decimal

import pytest

from ledgerkit.audit import (
    integrity_report,
    read_book_csv,
    reconcile_book,
    trace_abs_loan,
    trace_bill_range,
    trace_voucher,
)
from ledgerkit.block import Block
from ledgerkit.chain import Blockchain
from ledgerkit.crypto import display_hex
from ledgerkit.errors import InputError
from ledgerkit.finance.abs import EXAMPLE_STRUCTURE, HOLDERS, ABSDeal, tranches_by_share
from ledgerkit.finance.bill import BillRegistry
from ledgerkit.finance.reconciliation import ReconciliationPlatform, reconcile
from ledgerkit.finance.voucher import VoucherRegistry
from ledgerkit.i18n import get_language, set_language
from ledgerkit.ledger import Transaction

MINER = "ab" * 20


@pytest.fixture
def chinese():
    before = get_language()
    set_language("zh")
    yield
    set_language(before)


def mined_chain(blocks: int = 3) -> Blockchain:
    chain = Blockchain(difficulty_bits=4)
    for _ in range(blocks):
        chain.mine_block([], miner=MINER)
    return chain


def tamper_header(chain: Blockchain, index: int, **fields) -> None:
    block = chain.blocks[index]
    chain.tamper(index, Block(block.header.replace(**fields), block.transactions))


# --- integrity: proof-of-work chain -----------------------------------------------------------
def test_an_honest_chain_is_reported_intact_block_by_block():
    report = integrity_report(mined_chain())
    assert report.ok and report.first_bad_index is None and report.field is None
    assert [row.status for row in report.blocks] == ["ok"] * 4
    assert "4" in report.message


def test_a_broken_link_names_the_prev_hash_and_both_hashes():
    chain = mined_chain()
    tamper_header(chain, 2, prev_hash=bytes.fromhex("11" * 32))
    report = integrity_report(chain)
    assert (report.first_bad_index, report.reason, report.field) == (2, "link", "prev_hash")
    assert report.found == "11" * 32
    assert report.expected == chain.blocks[1].hash_hex()


def test_a_changed_merkle_root_shows_header_root_and_recomputed_root():
    chain = mined_chain()
    block = chain.blocks[1]
    tamper_header(chain, 1, merkle_root=bytes(32))
    report = integrity_report(chain)
    assert (report.first_bad_index, report.reason, report.field) == (1, "merkle", "merkle_root")
    assert report.found == "00" * 32
    assert report.expected == display_hex(block.computed_merkle_root())
    assert [row.status for row in report.blocks] == ["ok", "bad", "bad", "after"]


def test_a_changed_timestamp_fails_proof_of_work_against_the_target():
    chain = mined_chain()
    tamper_header(chain, 3, timestamp=7)
    report = integrity_report(chain)
    assert (report.first_bad_index, report.reason, report.field) == (3, "pow", "hash")
    assert report.found == chain.blocks[3].hash_hex()
    assert f"{chain.blocks[3].header.target:064x}" in report.expected


def test_a_bad_transaction_names_its_index_and_rule():
    chain = mined_chain()
    greedy = Transaction.coinbase(MINER, 5000, height=1)
    chain.tamper(1, Block(chain.blocks[1].header, (greedy,)))
    chain.remine_from(1)  # the attacker redoes the work, so every header is valid again
    report = integrity_report(chain)
    assert (report.first_bad_index, report.reason) == (1, "tx")
    assert report.field == "transactions[0]"
    assert report.rule == "err.coinbase_amount"
    assert report.first_bad_index == chain.find_tampering().index


def test_the_report_reads_as_text_and_as_html():
    chain = mined_chain()
    tamper_header(chain, 1, merkle_root=bytes(32))
    report = integrity_report(chain)
    assert "merkle_root" in report.text() and str(report) == report.text()
    page = report._repr_html_()
    assert isinstance(page, str) and page.count("<tr") == 1 + len(chain.blocks)
    assert "<script" not in page and "merkle_root" in page


def test_the_message_follows_the_language(chinese):
    chain = mined_chain()
    tamper_header(chain, 2, timestamp=7)
    report = integrity_report(chain)
    assert "第 2 号区块" in report.message and "工作量证明" in report.message


def test_integrity_report_refuses_other_objects():
    with pytest.raises(InputError):
        integrity_report([1, 2, 3])


# --- integrity: consortium chain --------------------------------------------------------------
def voucher_scenario() -> VoucherRegistry:
    reg = VoucherRegistry()
    reg.grant_credit_line("core", "bank", 2_000_000)
    reg.confirm(reg.issue("core", "supplier1", 1_000_000, 180, "PO-1").id, by="core")
    reg.advance_to(reg.today + timedelta(days=10))
    reg.split("V1", [300_000, 700_000], by="supplier1")
    reg.transfer("V1.1", "supplier2", by="supplier1")
    reg.advance_to(reg.today + timedelta(days=20))
    reg.split("V1.1", [100_000, 200_000], by="supplier2")
    reg.transfer("V1.1.2", "supplier3", by="supplier2")
    reg.finance("V1.1.2", "bank", Decimal("0.036"), by="supplier3")
    return reg


def test_an_honest_consortium_chain_is_intact():
    reg = voucher_scenario()
    report = integrity_report(reg.chain)
    assert report.ok and len(report.blocks) == len(reg.chain.blocks)


def test_changed_calls_in_a_consortium_block_are_a_merkle_break():
    chain = voucher_scenario().chain
    block = chain.blocks[3]
    chain.tamper(3, dataclasses.replace(block, calls=block.calls + block.calls))
    report = integrity_report(chain)
    assert (report.first_bad_index, report.reason, report.field) == (3, "merkle", "merkle_root")
    assert report.found == display_hex(block.header.merkle_root) != report.expected
    statuses = [row.status for row in report.blocks]
    assert statuses[:3] == ["ok"] * 3 and statuses[3] == "bad"
    assert set(statuses[4:]) == {"after"}


def test_a_block_without_signatures_is_a_seal_break():
    chain = voucher_scenario().chain
    last = chain.height
    chain.tamper(last, dataclasses.replace(chain.blocks[last], signatures=()))
    report = integrity_report(chain)
    assert (report.first_bad_index, report.reason, report.field) == (last, "seal", "signatures")
    assert "0" in report.found


# --- lineage: vouchers ------------------------------------------------------------------------
def test_trace_voucher_walks_from_the_root_to_the_piece():
    reg = voucher_scenario()
    steps = trace_voucher(reg, "V1.1.2")
    assert list(dict.fromkeys(s.id for s in steps)) == [v.id for v in reg.lineage("V1.1.2")]
    assert steps[0].event == "issued" and steps[0].amount == Decimal("1000000.00")
    last, piece = steps[-1], reg.voucher("V1.1.2")
    assert (last.holder, last.status, last.amount) == (piece.holder, piece.status, piece.amount)
    holders = [s.holder for s in steps if s.id == "V1.1.2"]
    assert holders == ["supplier2", "supplier3", "bank"]


def test_trace_voucher_dates_come_from_the_blocks():
    reg = voucher_scenario()
    start = date(2025, 1, 1)
    dates = {(s.id, s.event): s.date for s in trace_voucher(reg, "V1.1.2")}
    assert dates[("V1", "issued")] == start
    assert dates[("V1", "split")] == start + timedelta(days=10)
    assert dates[("V1.1.2", "created")] == start + timedelta(days=30)
    reg.settle(on=reg.voucher("V1").due)
    assert trace_voucher(reg, "V1.1.2")[-1].date == reg.voucher("V1").due


def test_trace_voucher_refuses_an_unknown_piece():
    with pytest.raises(InputError):
        trace_voucher(voucher_scenario(), "V9.1")


# --- lineage: bills ---------------------------------------------------------------------------
def bill_scenario() -> BillRegistry:
    bills = BillRegistry(start=date(2025, 3, 10))
    bills.issue("B1", acceptor="bank_a", payee="seller", face=Decimal(1_000_000),
                due=date(2025, 9, 10), by="buyer")
    bills.accept("B1", by="bank_a")
    bills.receive("B1", by="seller")
    bills.endorse("B1", "1-100000000", "supplier", amount=Decimal(300_000), by="seller")
    bills.deposit(Decimal(2_000_000), by="bank_b")
    bills.advance_to(date(2025, 6, 10))
    part = bills.apply_discount("B1", "1-30000000", bank="bank_b",
                                annual_rate=Decimal("0.036"), by="supplier")
    bills.sign_discount("B1", part, by="bank_b")
    return bills


def test_trace_bill_range_follows_the_endorsements_and_discount():
    bills = bill_scenario()
    steps = trace_bill_range(bills, "B1", 1, 30_000_000)
    assert [s.event for s in steps] == ["issued", "accepted", "received", "endorsed",
                                       "discount_applied", "discounted"]
    assert [s.holder for s in steps[2:]] == ["seller", "supplier", "supplier", "bank_b"]
    assert steps[-1].holder == bills.holders("B1")["1-30000000"]
    assert steps[-1].date == date(2025, 6, 10) and steps[-1].amount == Decimal("300000.00")


def test_trace_bill_range_of_the_part_the_seller_kept():
    steps = trace_bill_range(bill_scenario(), "B1", 30_000_001, 100_000_000)
    assert [s.event for s in steps] == ["issued", "accepted", "received"]


def test_trace_bill_range_refuses_units_that_never_moved_together():
    bills = bill_scenario()
    with pytest.raises(InputError):
        trace_bill_range(bills, "B1", 29_999_999, 30_000_002)
    with pytest.raises(InputError):
        trace_bill_range(bills, "B9", 1, 10)
    with pytest.raises(InputError):
        trace_bill_range(bills, "B1", 0, 10)


# --- lineage: ABS -----------------------------------------------------------------------------
def test_trace_abs_loan_from_pooling_to_collections():
    deal = ABSDeal()
    for loan in ("L1", "L2"):
        deal.add_loan(loan, f"borrower-{loan}", Decimal(1000), Decimal("0.08"),
                      date(2026, 1, 1), by="changan")
    deal.issue(tranches_by_share(deal.pool_principal(), EXAMPLE_STRUCTURE, HOLDERS),
               by="tianfeng")
    deal.advance(days=30)
    deal.collect("L1", Decimal(100), by="changan")
    deal.collect("L2", Decimal(5), by="changan")
    steps = trace_abs_loan(deal, "L1")
    assert [(s.event, s.holder) for s in steps] == [("loan_added", "changan"),
                                                    ("issued", "tianfeng"),
                                                    ("collected", "tianfeng")]
    assert steps[-1].amount == Decimal("100.00")
    assert steps[-1].date == date(2025, 1, 31)
    with pytest.raises(InputError):
        trace_abs_loan(deal, "L3")


# --- book versus chain ------------------------------------------------------------------------
HEADER = "ref,counterparty,amount,status,date\n"


def platform_with_history() -> ReconciliationPlatform:
    platform = ReconciliationPlatform()
    for ref, amount in (("T1", "100.00"), ("T2", "50.00"), ("T3", "70.00")):
        platform.record(ref, "bank_b", Decimal(amount), by="webank")
    platform.confirm("T1", by="bank_b")
    platform.confirm("T2", by="bank_b")
    return platform


def test_reconcile_book_from_csv_classifies_every_kind(tmp_path):
    book = tmp_path / "book.csv"
    book.write_text(HEADER
                    + "T1,bank_b,-100.00,confirmed,2025-01-01\n"   # agrees
                    + "T2,bank_b,-55.00,confirmed,2025-01-01\n"    # amount
                    + "T3,bank_b,-70.00,confirmed,2025-01-01\n"    # status (pending)
                    + "T4,bank_b,-9.00,confirmed,2025-01-01\n"     # book only
                    + "T1,bank_b,-100.00,confirmed,2025-01-01\n",  # duplicate
                    encoding="utf-8")
    platform = platform_with_history()
    report = reconcile_book(book, platform, institution="webank")
    assert sorted(m.kind for m in report.mismatches) == ["amount", "book_only", "duplicate",
                                                        "status"]
    assert report.matched == 0  # T1 is both agreed and duplicated
    assert report == reconcile(read_book_csv(book), platform.chain_rows("webank"))


def test_reconcile_book_with_rows_and_a_chain_only_record():
    platform = platform_with_history()
    rows = read_book_csv(io.StringIO(HEADER + "T1,bank_b,-100.00,confirmed,2025-01-01\n"))
    report = reconcile_book(rows, platform.chain_rows("webank"))
    assert [m.kind for m in report.mismatches] == ["chain_only", "chain_only"]
    assert report.matched == 1


def test_reconcile_book_with_a_platform_needs_the_institution():
    with pytest.raises(InputError):
        reconcile_book([], platform_with_history())


@pytest.mark.parametrize(("csv_text", "key", "line"), [
    ("ref,amount\n", "audit.csv_columns", 1),
    (HEADER + "T1,bank_b,-1.00,confirmed,2025-01-01\nT2,bank_b,abc,confirmed,2025-01-01\n",
     "audit.csv_amount", 3),
    (HEADER + "T1,bank_b,NaN,confirmed,2025-01-01\n", "audit.csv_amount", 2),
    (HEADER + "T1,bank_b,-1.00,confirmed,01/02/2025\n", "audit.csv_date", 2),
    (HEADER + "T1,bank_b,-1.00,confirmed\n", "audit.csv_width", 2),
    (HEADER + "T1,,-1.00,confirmed,2025-01-01\n", "audit.csv_empty", 2),
])
def test_malformed_csv_names_the_line_in_both_languages(csv_text, key, line):
    with pytest.raises(InputError) as problem:
        read_book_csv(io.StringIO(csv_text))
    assert problem.value.key == key
    assert f"Line {line}" in problem.value.in_language("en")
    assert f"第 {line} 行" in problem.value.in_language("zh")


def test_blank_lines_in_a_csv_are_ignored():
    rows = read_book_csv(io.StringIO(HEADER + "\nT1,bank_b,-1.00,confirmed,2025-01-01\n\n"))
    assert [row["ref"] for row in rows] == ["T1"]
