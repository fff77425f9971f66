"""Auditing a chain (链审计): integrity, lineage tracing (穿透) and book-versus-chain checks.

An auditor asks three questions, and each has a function here:

- Has anyone changed the record? `integrity_report` replays the chain's own rules
  (`find_tampering`, `check_blocks`) and says which block broke first, which field, and why.
- Where did this asset come from? `trace_voucher`, `trace_bill_range` and `trace_abs_loan`
  read the contract events a regulator sees and list every holder and date back to the origin.
- Does our book agree with the chain? `reconcile_book` reads an internal book (rows or a CSV
  file) and classifies every mismatch with `ledgerkit.finance.reconciliation.reconcile`.

>>> from ledgerkit.chain import Blockchain
>>> integrity_report(Blockchain(difficulty_bits=4)).ok
True
"""

from __future__ import annotations

import csv
import html
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from decimal import Decimal, InvalidOperation
from os import PathLike
from typing import Any

from ledgerkit.chain import Blockchain, Tampering, check_blocks
from ledgerkit.consortium import ConsortiumChain
from ledgerkit.contracts import Event
from ledgerkit.crypto import display_hex
from ledgerkit.errors import InputError
from ledgerkit.finance.reconciliation import FIELDS, Report, reconcile
from ledgerkit.i18n import Labels, Phrase, get_language, register_strings, text
from ledgerkit.merkle import merkle_root

register_strings({
    "audit.ok": ("The chain is intact: all {count} blocks pass every check.",
                 "区块链完整：全部 {count} 个区块都通过了所有检查。"),
    "audit.first_bad": ("Block {index} is the first invalid block: {reason}.",
                        "第 {index} 号区块是第一个无效区块：{reason}。"),
    "audit.title": ("Integrity report (完整性报告)", "完整性报告"),
    "audit.col.block": ("block", "区块"),
    "audit.col.hash": ("hash", "哈希"),
    "audit.col.status": ("status", "状态"),
    "audit.col.why": ("why", "原因"),
    "audit.field": ("field", "字段"),
    "audit.found": ("found", "实际值"),
    "audit.expected": ("expected", "应为"),
    "audit.rule": ("rule", "规则"),
    "audit.labelled": ("{label}: {value}", "{label}：{value}"),
    "audit.book": ("the book", "账簿"),
    "audit.status.ok": ("ok", "有效"),
    "audit.status.bad": ("INVALID", "无效"),
    "audit.status.after": ("builds on an invalid block", "建立在无效区块之上"),
    "audit.expected.target": ("a hash at most the target {target}",
                              "哈希不大于目标值 {target}"),
    "audit.expected.seal": ("valid signatures from more than 2/3 of {total} consensus nodes",
                            "超过 2/3（共 {total} 个）共识节点的有效签名"),
    "audit.found.seal": ("{valid} valid signatures", "{valid} 个有效签名"),
    "audit.not_a_chain": (
        "integrity_report needs a Blockchain or a ConsortiumChain; got {got}.",
        "`integrity_report` 需要 `Blockchain` 或 `ConsortiumChain`；实际为 {got}。"),
    "audit.unknown_piece": (
        "The chain has no event about voucher piece {piece!r}: check the id, e.g. 'V1.2'.",
        "链上没有关于凭证 {piece!r} 的事件：请检查编号，例如 'V1.2'。"),
    "audit.unknown_bill": ("The chain has no event about bill {bill!r}.",
                           "链上没有关于票据 {bill!r} 的事件。"),
    "audit.bad_units": (
        "A sub-range is two whole unit numbers 1 <= start <= end; got {start!r}, {end!r}.",
        "子票区间由两个整数单位编号组成，且 1 <= 起始 <= 结束；实际为 {start!r}、{end!r}。"),
    "audit.range_straddles": (
        "Units {start}-{end} never moved as one piece: sub-range {range} holds only part of "
        "them. Trace a sub-range inside one of them.",
        "单位 {start}-{end} 从未作为一个整体流转：子票区间 {range} 只包含其中一部分。"
        "请追踪落在某一个子票区间内的单位。"),
    "audit.range_unknown": ("No event of bill {bill} covers units {start}-{end}.",
                            "票据 {bill} 没有任何事件涉及单位 {start}-{end}。"),
    "audit.unknown_loan": ("The chain has no loan {loan!r} in this deal's pool.",
                           "本专项计划的资产池中没有贷款 {loan!r}。"),
    "audit.csv_columns": (
        "Line 1 of {source}: the book needs the columns {needed}; missing {missing}.",
        "{source} 第 1 行：账簿需要以下列：{needed}；缺少 {missing}。"),
    "audit.csv_width": (
        "Line {line} of {source} has {got} cells where the header has {expected}.",
        "{source} 第 {line} 行有 {got} 个单元格，而表头有 {expected} 个。"),
    "audit.csv_amount": (
        "Line {line} of {source}: amount {value!r} is not a number; write e.g. -100.00.",
        "{source} 第 {line} 行：金额 {value!r} 不是数字；请写成例如 -100.00。"),
    "audit.csv_date": (
        "Line {line} of {source}: date {value!r} is not a date; write YYYY-MM-DD, e.g. "
        "2025-01-31.",
        "{source} 第 {line} 行：日期 {value!r} 不是日期；请写成 YYYY-MM-DD，例如 2025-01-31。"),
    "audit.csv_empty": ("Line {line} of {source}: {column} is empty.",
                        "{source} 第 {line} 行：{column} 为空。"),
    "audit.need_institution": (
        "To reconcile with a platform, say whose book it is: institution='webank'.",
        "与平台对账时请指明是哪家机构的账簿：institution='webank'。"),
})


# --- integrity ----------------------------------------------------------------------------
@dataclass(frozen=True)
class BlockCheck:
    """One row of the per-block table: `status` is "ok", "bad" or "after".

    >>> BlockCheck(0, "00ab", "ok", "", "").status
    'ok'
    """

    index: int
    hash: str  # display order, as explorers show it
    status: str
    reason: str  # the Tampering reason, "" when ok
    message: str


@dataclass(frozen=True)
class IntegrityReport:
    """What `integrity_report` found. When the chain is broken, `first_bad_index`, `reason`
    and `field` say where, `found`/`expected` show the two values that disagree, and `rule`
    names the broken rule of a bad transaction or call (its i18n key).

    >>> IntegrityReport(True, None, None, None, None, None, None, "fine", []).ok
    True
    """

    ok: bool
    first_bad_index: int | None
    reason: str | None
    field: str | None
    found: str | None
    expected: str | None
    rule: str | None
    message: str
    blocks: list[BlockCheck] = field(default_factory=list)

    def text(self) -> str:
        """The report as plain text: the verdict, the disagreeing field, then the table."""
        lines = [self.message]
        if self.field is not None:
            lines.append("  " + text("audit.labelled", label=text("audit.field"),
                                     value=self.field))
            for key, value in (("audit.found", self.found), ("audit.expected", self.expected),
                               ("audit.rule", self.rule)):
                if value:
                    lines.append("    " + text("audit.labelled", label=text(key), value=value))
        lines.append("")
        lines.append(f"{text('audit.col.block'):>6}  {text('audit.col.hash'):<18}"
                     f"{text('audit.col.status')}")
        for row in self.blocks:
            status = text(f"audit.status.{row.status}")
            why = f" — {row.message}" if row.message else ""
            lines.append(f"{row.index:>6}  {row.hash[:16]:<18}{status}{why}")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.text()

    def _repr_html_(self) -> str:
        """The report as an HTML table for notebooks (plain HTML: no widgets needed)."""
        colours = {"ok": "#e6f4ea", "bad": "#fce8e6", "after": "#fef7e0"}
        esc = html.escape
        parts = [f"<div class='lk-audit'><h4>{esc(text('audit.title'))}</h4>",
                 f"<p><b>{esc(self.message)}</b></p>"]
        if self.field is not None:
            parts.append("<p>" + text("audit.labelled", label=esc(text("audit.field")),
                                      value=f"<code>{esc(self.field)}</code>") + "</p><ul>")
            for key, value in (("audit.found", self.found), ("audit.expected", self.expected),
                               ("audit.rule", self.rule)):
                if value:
                    parts.append("<li>" + text("audit.labelled", label=esc(text(key)),
                                               value=f"<code>{esc(value)}</code>") + "</li>")
            parts.append("</ul>")
        head = "".join(f"<th>{esc(text(k))}</th>" for k in
                       ("audit.col.block", "audit.col.hash", "audit.col.status", "audit.col.why"))
        parts.append(f"<table><tr>{head}</tr>")
        for row in self.blocks:
            parts.append(
                f"<tr style='background:{colours[row.status]}'><td>{row.index}</td>"
                f"<td><code>{esc(row.hash[:16])}…</code></td>"
                f"<td>{esc(text(f'audit.status.{row.status}'))}</td>"
                f"<td>{esc(row.message)}</td></tr>")
        parts.append("</table></div>")
        return "".join(parts)


def integrity_report(chain: Blockchain | ConsortiumChain) -> IntegrityReport:
    """Check every block of `chain` with the chain's own rules and explain the first break.

    >>> from ledgerkit.chain import Blockchain
    >>> from ledgerkit.block import Block
    >>> chain = Blockchain(difficulty_bits=4)
    >>> block = chain.mine_block([], miner="ab" * 20)
    >>> chain.tamper(1, Block(block.header.replace(merkle_root=bytes(32)), block.transactions))
    >>> report = integrity_report(chain)
    >>> report.first_bad_index, report.reason, report.field
    (1, 'merkle', 'merkle_root')
    """
    if isinstance(chain, ConsortiumChain):
        blocks = chain.blocks
        first = chain.find_tampering()
        # find_tampering stops at the first break: every later block builds on it.
        problems: list[Tampering | None] = [
            None if first is None or i < first.index else
            first if i == first.index else Tampering(i, "after", {"bad_index": first.index})
            for i in range(len(blocks))]
    elif isinstance(chain, Blockchain):
        blocks = chain.blocks
        problems = check_blocks(blocks, chain.bits, chain.reward)
        first = next(filter(None, problems), None)
    else:
        raise InputError("audit.not_a_chain", got=type(chain).__name__)
    rows = [_row(i, block, problem) for i, (block, problem)
            in enumerate(zip(blocks, problems, strict=True))]
    if first is None:
        return IntegrityReport(True, None, None, None, None, None, None,
                               text("audit.ok", count=len(blocks)), rows)
    where, found, expected, rule = _evidence(blocks, first)
    return IntegrityReport(False, first.index, first.reason, where, found, expected, rule,
                           text("audit.first_bad", index=first.index, reason=first.message),
                           rows)


def _row(index: int, block: Any, problem: Tampering | None) -> BlockCheck:
    if problem is None:
        return BlockCheck(index, block.hash_hex(), "ok", "", "")
    status = "after" if problem.reason == "after" else "bad"
    return BlockCheck(index, block.hash_hex(), status, problem.reason, problem.message)


def _evidence(blocks: list[Any], problem: Tampering
              ) -> tuple[str, str | None, str | None, str | None]:
    """(field, found, expected, rule) for the first invalid block, from the block itself."""
    index, reason, details = problem.index, problem.reason, problem.details
    header = blocks[index].header
    if reason in ("link", "genesis"):
        expected = display_hex(bytes(32)) if index == 0 else blocks[index - 1].hash_hex()
        return "prev_hash", display_hex(header.prev_hash), expected, None
    if reason == "merkle":
        items = getattr(blocks[index], "calls", None)
        ids = ([c.call_id() for c in items] if items is not None else blocks[index].txids())
        recomputed = display_hex(merkle_root(ids)) if ids else "-"
        return "merkle_root", display_hex(header.merkle_root), recomputed, None
    if reason == "pow":
        target = f"{header.target:064x}"
        return "hash", header.hash_hex(), text("audit.expected.target", target=target), None
    if reason in ("bits", "header"):
        found = f"version {header.version}, bits 0x{header.bits:08x}"
        expected = (f"bits 0x{details['expected']:08x}" if reason == "bits"
                    else "version 1, bits 0x00000000")
        return "bits" if reason == "bits" else "version/bits", found, expected, None
    if reason == "seal":
        return ("signatures", text("audit.found.seal", valid=details["valid"]),
                text("audit.expected.seal", total=details["total"]), None)
    if reason in ("tx", "call"):
        detail = details["detail"]
        where = (f"transactions[{details['tx_index']}]" if reason == "tx"
                 else f"calls[{details['position']}]")
        found = detail.in_language(get_language()) if hasattr(detail, "in_language") else str(
            detail)
        return where, found, None, getattr(detail, "key", type(detail).__name__)
    return reason, None, None, None


# --- lineage tracing (穿透) -----------------------------------------------------------------
@dataclass(frozen=True)
class LineageStep:
    """One step in an asset's history: after `event`, `id` is held by `holder`.

    >>> LineageStep("V1", "supplier1", Decimal("1.00"), "ISSUED", date(2025, 1, 1), "issued").id
    'V1'
    """

    id: str
    holder: str
    amount: Decimal
    status: str
    date: date
    event: str


def _event_date(chain: ConsortiumChain, event: Event) -> date:
    """The date of the block that recorded `event` (today if it is not sealed yet)."""
    blocks = chain.blocks
    if event.block >= len(blocks):
        return chain.today
    return datetime.fromtimestamp(blocks[event.block].header.timestamp, timezone.utc).date()


_VOUCHER_STATUS = {"issued": "ISSUED", "confirmed": "CONFIRMED", "split": "SPLIT",
                   "financed": "FINANCED", "settled": "SETTLED", "expired": "EXPIRED"}


def trace_voucher(registry: Any, piece_id: str) -> list[LineageStep]:
    """Every step from the root receivable down to voucher piece `piece_id` (穿透), read from
    the chain's events: issue, confirmation, transfers, the splits on the way, financing and
    settlement. A child's first step is "created", on the day its parent was split.

    >>> from ledgerkit.finance.voucher import _demo
    >>> [(s.id, s.event, s.holder) for s in trace_voucher(_demo(), "V1.1")]
    [('V1', 'issued', 'supplier1'), ('V1', 'confirmed', 'supplier1'),
     ('V1', 'split', 'supplier1'), ('V1.1', 'created', 'supplier1'),
     ('V1.1', 'transferred', 'supplier2')]
    """
    chain, events = registry.chain, registry.events()
    parent_of = {piece: e for e in events if e.name == "split" for piece in e["pieces"]}
    path = [piece_id]
    while path[0] in parent_of:
        path.insert(0, parent_of[path[0]]["voucher"])
    if not any(e.fields.get("voucher") == path[0] and e.name == "issued" for e in events):
        raise InputError("audit.unknown_piece", piece=piece_id)
    steps: list[LineageStep] = []
    for position, piece in enumerate(path):
        if position > 0:
            split = parent_of[piece]
            amount = split["amounts"][split["pieces"].index(piece)]
            steps.append(LineageStep(piece, split["holder"], amount, "CONFIRMED",
                                     _event_date(chain, split), "created"))
        status = steps[-1].status if steps else "ISSUED"
        for e in events:
            if e.fields.get("voucher") != piece:
                continue
            status = _VOUCHER_STATUS.get(e.name, status)  # a transfer keeps the status
            steps.append(LineageStep(piece, e["holder"], e["amount"], status,
                                     _event_date(chain, e), e.name))
    return steps


def holders_along(registry: Any, piece_id: str) -> list[str]:
    """Everybody who held the claim behind `piece_id`, root first, each once in a row.

    >>> from ledgerkit.finance.voucher import VoucherRegistry
    >>> reg = VoucherRegistry(); _ = reg.grant_credit_line("core", "bank", 1000)
    >>> v = reg.issue("core", "supplier1", 500, 90, "PO-1"); _ = reg.confirm(v.id, by="core")
    >>> holders_along(reg, v.id)
    ['supplier1']
    """
    holders: list[str] = []
    for step in trace_voucher(registry, piece_id):
        if not holders or holders[-1] != step.holder:
            holders.append(step.holder)
    return holders


_BILL_STATUS = {"received": "HELD", "endorsed": "HELD", "discount_applied": "OFFERED",
                "discounted": "HELD", "discount_cancelled": "HELD", "presented": "PRESENTED",
                "paid": "PAID", "refused": "REFUSED", "recourse_claimed": "RECOURSE",
                "recourse_paid": "REFUSED"}


def trace_bill_range(registry: Any, bill_id: str, start: int, end: int) -> list[LineageStep]:
    """The history of units `start`..`end` (0.01 yuan each) of a new-generation bill: issue,
    acceptance, then every event on a sub-range containing them, with the holder after it.

    Sub-ranges only ever split, so units that moved together are always inside one event's
    sub-range; units that straddle two sub-ranges are refused. Each step's `id` is the
    sub-range the event moved and `amount` its value; the steps "issued" and "accepted" are
    about the whole bill, held then by the payee-to-be (`holder` is the drawer, then the
    acceptor who signed).

    >>> from ledgerkit.finance.bill import BillRegistry
    >>> bills = BillRegistry(start=date(2025, 3, 10))
    >>> bills.issue("B1", acceptor="bank_a", payee="seller", face=Decimal(1000),
    ...             due=date(2025, 9, 10), by="buyer")
    >>> bills.accept("B1", by="bank_a"); bills.receive("B1", by="seller")
    >>> part = bills.endorse("B1", "1-100000", "supplier", amount=Decimal(300), by="seller")
    >>> [(s.id, s.event, s.holder) for s in trace_bill_range(bills, "B1", 1, 30000)]
    [('B1', 'issued', 'buyer'), ('B1', 'accepted', 'bank_a'),
     ('1-100000', 'received', 'seller'), ('1-30000', 'endorsed', 'supplier')]
    """
    ok_units = all(isinstance(n, int) and not isinstance(n, bool) for n in (start, end))
    if not ok_units or not 1 <= start <= end:
        raise InputError("audit.bad_units", start=start, end=end)
    chain = registry.chain
    events = chain.events(contract=registry.contract_name, bill=bill_id)
    if not events:
        raise InputError("audit.unknown_bill", bill=bill_id)
    steps = []
    for e in events:
        if e.name == "issued":
            steps.append(LineageStep(bill_id, e["drawer"], e["face"], "REGISTERED",
                                     _event_date(chain, e), e.name))
        elif e.name == "accepted":
            face = steps[-1].amount if steps else Decimal("0.00")
            steps.append(LineageStep(bill_id, e["acceptor"], face, "ACCEPTED",
                                     _event_date(chain, e), e.name))
        elif "range" in e.fields:
            first, last = (int(n) for n in e["range"].split("-"))
            if last < start or first > end:
                continue  # another part of the bill
            if not first <= start <= end <= last:
                raise InputError("audit.range_straddles", start=start, end=end,
                                 range=e["range"])
            steps.append(LineageStep(e["range"], _bill_holder(e, steps),
                                     Decimal(last - first + 1) * Decimal("0.01"),
                                     _BILL_STATUS.get(e.name, "HELD"), _event_date(chain, e),
                                     e.name))
    if not any("-" in step.id for step in steps):
        raise InputError("audit.range_unknown", bill=bill_id, start=start, end=end)
    return steps


def _bill_holder(event: Event, before: list[LineageStep]) -> str:
    """Who holds the sub-range after `event`."""
    for name in ("endorsee", "buyer", "holder"):
        if name in event.fields:
            return event[name]
    if event.name == "recourse_paid":
        return event["payer"]  # the party who paid the recourse takes the bill back
    return before[-1].holder if before else ""


def trace_abs_loan(deal: Any, loan_id: str) -> list[LineageStep]:
    """The history of one pooled loan of an ABS deal (资产证券化): pooled by the originator
    ("loan_added"), sold into the plan when the manager issued the tranches ("issued",
    holder = the manager on behalf of the plan), then every collection ("collected", amount =
    the cash collected that day; status COLLECTING).

    Only the loan's hash is on chain, not the borrower (privacy): check a borrower's record
    with the contract's `verify_loan`. The events do not say which tranche holders a
    particular loan's cash reached (the waterfall pays from the pooled cash), so the trace
    stops at the pool.

    >>> from ledgerkit.finance.abs import ABSDeal, EXAMPLE_STRUCTURE, HOLDERS, tranches_by_share
    >>> deal = ABSDeal()
    >>> deal.add_loan("L1", "borrower-1", Decimal(1000), Decimal("0.08"), date(2026, 1, 1),
    ...               by="changan")
    >>> deal.issue(tranches_by_share(deal.pool_principal(), EXAMPLE_STRUCTURE, HOLDERS),
    ...            by="tianfeng")
    >>> [(s.event, s.holder, s.status) for s in trace_abs_loan(deal, "L1")]
    [('loan_added', 'changan', 'POOLED'), ('issued', 'tianfeng', 'ISSUED')]
    """
    chain, name = deal.chain, deal.contract.contract_name
    events = chain.events(contract=name)
    added = [e for e in events if e.name == "loan_added" and e["loan_id"] == loan_id]
    if not added:
        raise InputError("audit.unknown_loan", loan=loan_id)
    principal = added[0]["principal"]
    steps = [LineageStep(loan_id, added[0].sender, principal, "POOLED",
                         _event_date(chain, added[0]), "loan_added")]
    for e in events:
        if e.block < added[0].block:
            continue
        if e.name == "issued":
            steps.append(LineageStep(loan_id, e.sender, principal, "ISSUED",
                                     _event_date(chain, e), e.name))
        elif e.name == "collected" and e["loan_id"] == loan_id:
            steps.append(LineageStep(loan_id, steps[-1].holder, e["amount"], "COLLECTING",
                                     _event_date(chain, e), e.name))
    return steps


# --- book versus chain --------------------------------------------------------------------
def read_book_csv(source: str | PathLike[str] | io.TextIOBase) -> list[dict[str, Any]]:
    """An internal book from CSV (columns ref, counterparty, amount, status, date; more
    columns are kept): amounts as Decimal, dates as date. A malformed line raises InputError
    naming the line.

    >>> read_book_csv(io.StringIO("ref,counterparty,amount,status,date\\n"
    ...                           "T1,bank_b,-100.00,confirmed,2025-01-01\\n"))
    [{'ref': 'T1', 'counterparty': 'bank_b', 'amount': Decimal('-100.00'),
      'status': 'confirmed', 'date': datetime.date(2025, 1, 1)}]
    >>> read_book_csv(io.StringIO("ref,amount\\n"))
    Traceback (most recent call last):
    ...
    ledgerkit.errors.InputError: Line 1 of the book: the book needs the columns ...
    """
    if hasattr(source, "read"):
        return _parse_book(source, Phrase("audit.book"))
    with open(source, newline="", encoding="utf-8") as handle:
        return _parse_book(handle, str(source))


def _parse_book(handle: Iterable[str], name: str | Phrase) -> list[dict[str, Any]]:
    reader = csv.reader(handle)
    header = [cell.strip() for cell in next(reader, [])]
    missing = [column for column in FIELDS if column not in header]
    if missing:
        raise InputError("audit.csv_columns", source=name, needed=Labels(FIELDS),
                         missing=Labels(missing))
    rows = []
    for cells in reader:
        if not any(cell.strip() for cell in cells):
            continue  # a blank line, e.g. at the end of a file saved by a spreadsheet
        line = reader.line_num
        if len(cells) != len(header):
            raise InputError("audit.csv_width", source=name, line=line, got=len(cells),
                             expected=len(header))
        row: dict[str, Any] = {key: cell.strip() for key, cell in zip(header, cells, strict=True)}
        for column in FIELDS:
            if not row[column]:
                raise InputError("audit.csv_empty", source=name, line=line, column=column)
        try:
            row["amount"] = Decimal(row["amount"])
        except InvalidOperation:
            raise InputError("audit.csv_amount", source=name, line=line,
                             value=row["amount"]) from None
        if not row["amount"].is_finite():
            raise InputError("audit.csv_amount", source=name, line=line, value=row["amount"])
        try:
            row["date"] = date.fromisoformat(row["date"])
        except ValueError:
            raise InputError("audit.csv_date", source=name, line=line,
                             value=row["date"]) from None
        rows.append(row)
    return rows


def reconcile_book(book: list[dict[str, Any]] | str | PathLike[str] | io.TextIOBase,
                   chain: Any, *, institution: str | None = None) -> Report:
    """Compare an internal book (rows, or a CSV file) with the chain and classify every
    mismatch: book_only, chain_only, amount, status, counterparty, date, duplicate.
    `chain` is the chain's rows, or a `ReconciliationPlatform` read as `institution`.

    >>> from ledgerkit.finance.reconciliation import ReconciliationPlatform
    >>> platform = ReconciliationPlatform()
    >>> platform.record("T1", "bank_b", Decimal("100.00"), by="webank")
    >>> book = io.StringIO("ref,counterparty,amount,status,date\\n"
    ...                    "T1,bank_b,-100.00,confirmed,2025-01-01\\n")
    >>> [m.kind for m in reconcile_book(book, platform, institution="webank").mismatches]
    ['status']
    """
    rows = book if isinstance(book, list) else read_book_csv(book)
    if isinstance(chain, list):
        chain_rows = chain
    else:
        if institution is None:
            raise InputError("audit.need_institution")
        chain_rows = chain.chain_rows(institution)
    return reconcile(rows, chain_rows)
