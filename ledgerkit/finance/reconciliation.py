"""Inter-institution reconciliation (对账) on a shared ledger, after WeBank's platform.

Without a chain, two banks each keep a book and swap files at night to find the differences.
With a chain, both read the same record of each transaction, so the two sides cannot disagree
with each other: a mismatch can only be between an institution's internal book (内部账) and
the chain. `reconcile` compares a book with the chain and names every mismatch:

- ``book_only`` / ``chain_only`` — a one-sided record (单边账), either way;
- ``amount``, ``status``, ``counterparty``, ``date`` — the same reference, a different field;
- ``duplicate`` — a reference booked more than once (重复记账).

Amounts are signed from the institution's side: + it receives, − it pays. Confirmed
transactions between two institutions are netted (轧差) into one amount the same day (T+0):
both sides already agree on every line, so nobody waits for the next day's files. The chain
records that netted obligation; it does not move money. Banks settle in central-bank money
through the PBoC's payment systems — the High Value Payment System (大额支付系统, HVPS, real-
time gross settlement), and for cross-border yuan CIPS (人民币跨境支付系统) — and a settlement
here stands for the payment instruction that the payer then sends there.

On the chain the payer records (pending), the payee confirms, the payer may cancel a pending
one, and either party settles the net position of its confirmed transactions.
Teaching simplification: every member can read every transaction; a real platform shows each
bank only its own.

>>> platform = ReconciliationPlatform()
>>> platform.record("T1", "bank_b", Decimal("100.00"), by="webank")
>>> platform.confirm("T1", by="bank_b")
>>> book = [{"ref": "T1", "counterparty": "bank_b", "amount": Decimal("-100.00"),
...          "status": "confirmed", "date": date(2025, 1, 1)}]
>>> platform.reconcile(book, by="webank").ok
True
>>> [m.kind for m in platform.reconcile([], by="webank").mismatches]
['chain_only']
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from ledgerkit.consortium import ConsortiumChain, Member
from ledgerkit.contracts import Context, Contract, action
from ledgerkit.errors import InputError
from ledgerkit.finance.rates import as_decimal, money
from ledgerkit.i18n import Phrase, register_strings

FIELDS = ("ref", "counterparty", "amount", "status", "date")
COMPARED = ("amount", "status", "counterparty", "date")  # the order mismatches are listed in

register_strings({
    "reconciliation.bad_row": ("Row {index} of the {side} is not a transaction row: {detail}.",
                               "{side}第 {index} 行不是交易记录：{detail}。"),
    "reconciliation.side.book": ("book", "账簿"),
    "reconciliation.side.chain": ("chain rows", "链上记录"),
    "reconciliation.duplicate_ref": ("Transaction {ref} is already on the chain.",
                                     "交易 {ref} 已在链上。"),
    "reconciliation.unknown_ref": ("There is no transaction {ref} on the chain.",
                                   "链上没有交易 {ref}。"),
    "reconciliation.self": ("{who} cannot trade with itself.", "{who} 不能与自己交易。"),
    "reconciliation.bad_amount": ("The amount is not valid: {detail}", "金额无效：{detail}"),
    "reconciliation.not_party": ("Only {party} may {verb} transaction {ref}; {who} may not.",
                                 "只有 {party} 能{verb}交易 {ref}；{who} 不能。"),
    "reconciliation.verb.confirm": ("confirm", "确认"),
    "reconciliation.verb.cancel": ("cancel", "撤销"),
    # statuses: English as the model names them, Chinese in words
    "reconciliation.status.pending": ("pending", "待确认"),
    "reconciliation.status.confirmed": ("confirmed", "已确认"),
    "reconciliation.status.cancelled": ("cancelled", "已撤销"),
    "reconciliation.status.settled": ("settled", "已结算"),
    "reconciliation.not_pending": ("Transaction {ref} is {status}, no longer pending.",
                                   "交易 {ref} 的状态为{status}，已不是待确认。"),
    "reconciliation.nothing_to_settle": (
        "{who} and {counterparty} have no confirmed transactions to settle.",
        "{who} 与 {counterparty} 之间没有待结算的已确认交易。"),
})


@dataclass(frozen=True)
class Mismatch:
    """One difference between a book and the chain; `book`/`chain` are the rows (or None).

    >>> Mismatch("book_only", "T9", {"ref": "T9"}, None).kind
    'book_only'
    """

    kind: str
    ref: str
    book: dict[str, Any] | None
    chain: dict[str, Any] | None


@dataclass(frozen=True)
class Report:
    """The result of `reconcile`: the mismatches, the refs that agree, the net positions.

    >>> Report([], 3, {}).ok
    True
    """

    mismatches: list[Mismatch]
    matched: int  # references on both sides without any mismatch
    net_positions: dict[str, Decimal] = field(default_factory=dict)  # from the chain rows

    @property
    def ok(self) -> bool:
        """True when the book and the chain agree on everything."""
        return not self.mismatches

    def of_kind(self, kind: str) -> list[Mismatch]:
        """The mismatches of one kind, e.g. "amount"."""
        return [m for m in self.mismatches if m.kind == kind]


def _checked(rows: list[dict[str, Any]], side: str) -> list[dict[str, Any]]:
    """Copies of the rows with exact Decimal amounts; anything malformed is an InputError."""
    clean = []
    for index, row in enumerate(rows):
        missing = [name for name in FIELDS if not isinstance(row, dict) or name not in row]
        if missing:
            raise InputError("reconciliation.bad_row", index=index,
                             side=Phrase(f"reconciliation.side.{side}"),
                             detail=f"missing {', '.join(missing)}")
        clean.append({**row, "amount": as_decimal(row["amount"], f"{side}[{index}].amount")})
    return clean


def net_positions(rows: list[dict[str, Any]]) -> dict[str, Decimal]:
    """Net of the confirmed rows per counterparty (轧差): + it owes us, − we owe it.

    >>> net_positions([{"counterparty": "b", "amount": Decimal("5"), "status": "confirmed"},
    ...                {"counterparty": "b", "amount": Decimal("-7"), "status": "confirmed"},
    ...                {"counterparty": "b", "amount": Decimal("9"), "status": "pending"}])
    {'b': Decimal('-2')}
    """
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for row in rows:
        if row["status"] == "confirmed":
            totals[row["counterparty"]] += as_decimal(row["amount"])
    return dict(sorted(totals.items()))


def reconcile(book_rows: list[dict[str, Any]], chain_rows: list[dict[str, Any]]) -> Report:
    """Compare an internal book with the chain's rows and classify every mismatch. Rows are
    dicts with ref, counterparty, amount, status and date. Pure: changes nothing.

    >>> row = {"ref": "T1", "counterparty": "b", "amount": Decimal("5"), "status": "confirmed",
    ...        "date": date(2025, 1, 1)}
    >>> [m.kind for m in reconcile([{**row, "amount": Decimal("50")}], [row]).mismatches]
    ['amount']
    """
    book, chain = _checked(book_rows, "book"), _checked(chain_rows, "chain")
    mismatches: list[Mismatch] = []
    first: dict[str, dict[str, dict[str, Any]]] = {"book": {}, "chain": {}}
    for side, rows in (("book", book), ("chain", chain)):
        for row in rows:
            if row["ref"] in first[side]:  # a second entry for the same transaction
                mismatches.append(Mismatch("duplicate", row["ref"], *(
                    (row, None) if side == "book" else (None, row))))
            else:
                first[side][row["ref"]] = row
    for ref in sorted(first["book"].keys() | first["chain"].keys()):
        ours, theirs = first["book"].get(ref), first["chain"].get(ref)
        if theirs is None or ours is None:
            mismatches.append(Mismatch("book_only" if theirs is None else "chain_only", ref,
                                       ours, theirs))
        else:
            mismatches += [Mismatch(name, ref, ours, theirs) for name in COMPARED
                           if ours[name] != theirs[name]]
    mismatches.sort(key=lambda m: m.ref)
    troubled = {m.ref for m in mismatches}
    matched = len((first["book"].keys() & first["chain"].keys()) - troubled)
    return Report(mismatches, matched, net_positions(chain))


class SharedLedger(Contract):
    """Transactions between institutions, as both sides read them (共享交易账本).

    >>> SharedLedger().transactions
    {}
    """

    def __init__(self) -> None:
        self.transactions: dict[str, dict[str, Any]] = {}
        self.settlements: list[dict[str, Any]] = []

    def _transaction(self, ref: str) -> dict[str, Any]:
        self.require(ref in self.transactions, "reconciliation.unknown_ref", ref=ref)
        return self.transactions[ref]

    def _pending(self, ctx: Context, ref: str, party: str, verb: str) -> dict[str, Any]:
        deal = self._transaction(ref)
        self.require(ctx.sender.name == deal[party], "reconciliation.not_party", party=deal[party],
                     verb=Phrase(f"reconciliation.verb.{verb}"), ref=ref, who=ctx.sender.name)
        self.require(deal["status"] == "pending", "reconciliation.not_pending", ref=ref,
                     status=Phrase(f"reconciliation.status.{deal['status']}"))
        return deal

    @action(roles={"business"})
    def record(self, ctx: Context, ref: str, payee: str, amount: Decimal) -> None:
        """The payer records a payment it owes `payee` (pending until the payee confirms)."""
        self.require(ref not in self.transactions, "reconciliation.duplicate_ref", ref=ref)
        self.require(payee != ctx.sender.name, "reconciliation.self", who=payee)
        try:
            value = money(amount)
        except InputError as problem:
            self.refuse("reconciliation.bad_amount", detail=problem)
        self.transactions[ref] = {"payer": ctx.sender.name, "payee": payee, "amount": value,
                                  "status": "pending", "date": ctx.today}
        ctx.emit("recorded", ref=ref, payer=ctx.sender.name, payee=payee, amount=value)

    @action(roles={"business"})
    def confirm(self, ctx: Context, ref: str) -> None:
        """The payee confirms a pending transaction."""
        self._pending(ctx, ref, "payee", "confirm")["status"] = "confirmed"
        ctx.emit("confirmed", ref=ref)

    @action(roles={"business"})
    def cancel(self, ctx: Context, ref: str) -> None:
        """The payer cancels a transaction the payee has not confirmed yet."""
        self._pending(ctx, ref, "payer", "cancel")["status"] = "cancelled"
        ctx.emit("cancelled", ref=ref)

    @action(roles={"business"})
    def settle(self, ctx: Context, counterparty: str) -> dict[str, Any]:
        """Net the confirmed transactions between the caller and `counterparty` into one
        payment (轧差, T+0) and mark them settled; returns the settlement, which the payer
        then pays through the payment system (e.g. HVPS): the chain holds no money."""
        me = ctx.sender.name
        rows = [row for row in self.rows_for(me)
                if row["counterparty"] == counterparty and row["status"] == "confirmed"]
        self.require(rows, "reconciliation.nothing_to_settle", who=me, counterparty=counterparty)
        owed = net_positions(rows)[counterparty]  # + the counterparty pays me, − I pay it
        payer, payee = (counterparty, me) if owed > 0 else (me, counterparty)
        settlement = {"id": len(self.settlements) + 1, "payer": payer, "payee": payee,
                      "amount": abs(owed), "refs": [row["ref"] for row in rows],
                      "date": ctx.today}
        for row in rows:
            self.transactions[row["ref"]]["status"] = "settled"
        self.settlements.append(settlement)
        ctx.emit("settled", **settlement)
        return settlement

    def rows_for(self, institution: str) -> list[dict[str, Any]]:
        """The chain's rows of `institution`, seen from its side, shaped like a book's rows.

        >>> SharedLedger().rows_for("webank")
        []
        """
        rows = []
        for ref, deal in self.transactions.items():
            if institution in (deal["payer"], deal["payee"]):
                paying = deal["payer"] == institution
                rows.append({"ref": ref, "counterparty": deal["payee"] if paying else deal["payer"],
                             "amount": -deal["amount"] if paying else deal["amount"],
                             "status": deal["status"], "date": deal["date"]})
        return rows


def default_members() -> list[Member]:
    """WeBank and three partner banks run the four consensus nodes (PBFT tolerates one faulty
    node). Two real supervisors observe: the NFRA (国家金融监督管理总局, since 2023), which
    supervises the banks, and the PBoC, which oversees payments, clearing and settlement
    (中国人民银行法 Art. 4: 维护支付、清算系统的正常运行).

    >>> [m.name for m in default_members() if "regulator" in m.roles]
    ['nfra', 'pboc']
    """
    return [Member("webank", node_kind="consensus", roles={"committee", "operator",
                                                          "business"}),
            Member("bank_b", node_kind="consensus", roles={"committee", "business"}),
            Member("bank_c", node_kind="consensus", roles={"business"}),
            Member("bank_d", node_kind="consensus", roles={"business"}),
            Member("nfra", node_kind="observer", roles={"regulator"}),
            Member("pboc", node_kind="observer", roles={"regulator"})]


class ReconciliationPlatform:
    """Facade: a shared ledger on its own chain (or `chain=`), institutions acting with `by=`.

    >>> ReconciliationPlatform().chain_rows("bank_b")
    []
    """

    def __init__(self, chain: ConsortiumChain | None = None, operator: str = "webank") -> None:
        self.chain = chain or ConsortiumChain(default_members())
        self.contract = self.chain.deploy(SharedLedger(), by=operator)

    def record(self, ref: str, payee: str, amount: Decimal, *, by: str) -> None:
        """Payer `by` records a payment to `payee`."""
        self.contract.record(ref, payee, as_decimal(amount), by=by)

    def confirm(self, ref: str, *, by: str) -> None:
        """Payee `by` confirms."""
        self.contract.confirm(ref, by=by)

    def cancel(self, ref: str, *, by: str) -> None:
        """Payer `by` cancels a pending transaction."""
        self.contract.cancel(ref, by=by)

    def settle(self, counterparty: str, *, by: str) -> dict[str, Any]:
        """Settle the net position between `by` and `counterparty`."""
        return self.contract.settle(counterparty, by=by)

    def chain_rows(self, institution: str) -> list[dict[str, Any]]:
        """What `institution` reads on the chain (a member's own read)."""
        return self.chain.read(self.contract.contract_name, by=institution).rows_for(
            institution)

    def reconcile(self, book_rows: list[dict[str, Any]], *, by: str) -> Report:
        """Reconcile `by`'s internal book with the chain."""
        return reconcile(book_rows, self.chain_rows(by))

    def advance(self, days: int = 1) -> date:
        """Move the chain's clock forward."""
        return self.chain.advance(days=days)

    def state_bytes(self) -> bytes:
        """The chain's canonical state."""
        return self.chain.state_bytes()
