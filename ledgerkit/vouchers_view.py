"""The model behind the voucher splitting widget (债权凭证拆分): a ready-made supply chain on a
`VoucherRegistry`, the piece you selected, and the commands a learner gives.

A car maker (the core enterprise, 核心企业) owes its seat supplier (tier 1) 1,000,000 yuan and
pays with a digital credit voucher (债权凭证) due in 180 days. The seat maker pays its own
suppliers — a frame maker and a foam maker (tier 2), a steel mill (tier 3) — with pieces of
it; any holder may finance a piece at the bank (融资: it assigns the receivable, booked as
factoring 保理, not a 贴现); at maturity the car maker pays every
final holder (兑付), and the regulator traces every piece back to the root (穿透).

The widget only draws `nodes()`, `invariant()` and `lineage()` and calls the commands below.
Every command acts on the selected piece, as `actor` (by default the piece's holder), and
returns an `Outcome`. A refusal (a `LedgerError` from the registry) becomes an Outcome with the
rule in the learner's language, and changes nothing: the registry checks before it mutates.

>>> model = VoucherSplitModel()
>>> model.split("300000, 700000").ok
True
>>> [(n.id, n.amount) for n in model.nodes() if n.parent == "V1"]
[('V1.1', Decimal('300000.00')), ('V1.2', Decimal('700000.00'))]
>>> model.select("V1"); refused = model.split([500_000, 500_000])
>>> refused.ok, refused.message("en")[:30]
(False, 'V1 was split into V1.1, V1.2: ')
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from ledgerkit.errors import InputError, LedgerError
from ledgerkit.finance.rates import days_between, discount_interest, to_fen
from ledgerkit.finance.voucher import LIVE, REGULATOR, SETTLED, Financing, VoucherRegistry
from ledgerkit.i18n import Labels, Phrase, text

CORE = "CarMaker"
BANK = "Bank"
# Supplier -> tier: the seat maker delivers to the car maker, and so on up the chain.
TIERS = {"SeatCo": 1, "FrameCo": 2, "FoamCo": 2, "SteelCo": 3}
PARTIES = {BANK: "bank", CORE: "core", **{name: "supplier" for name in TIERS}}
CREDIT_LINE = Decimal("5000000.00")
ROOT_AMOUNT = Decimal("1000000.00")
ROOT_DAYS = 180
TRADE_REF = "PO-2025-0001"
START = date(2025, 1, 1)
DEFAULT_RATE = Decimal("0.036")  # 3.6% a year, the DOMAIN worked example
# Between typed amounts: spaces, semicolons, Chinese commas, or a comma that is not a
# thousands separator (one followed by exactly three digits).
SEPARATORS = re.compile(r"[\s;，、；]+|,(?!\d{3}(?:\D|$))")


def supply_chain(max_depth: int | None = 3) -> VoucherRegistry:
    """The ready-made supply chain: the bank grants the car maker 5,000,000 yuan of credit,
    the car maker issues V1 (1,000,000 yuan, 180 days) to SeatCo and confirms it.

    >>> reg = supply_chain(); v = reg.voucher("V1")
    >>> v.holder, v.amount, v.status, v.due
    ('SeatCo', Decimal('1000000.00'), 'CONFIRMED', datetime.date(2025, 6, 30))
    """
    reg = VoucherRegistry(parties=PARTIES, max_depth=max_depth, start=START)
    reg.grant_credit_line(CORE, BANK, CREDIT_LINE)
    root = reg.issue(CORE, "SeatCo", ROOT_AMOUNT, ROOT_DAYS, TRADE_REF)
    reg.confirm(root.id, by=CORE)
    return reg


def role_of(party: str) -> str:
    """A party's role key in the picture: "core", "bank", "tier1".."tier3" or "regulator".

    >>> role_of("FoamCo"), role_of("CarMaker")
    ('tier2', 'core')
    """
    if party in TIERS:
        return f"tier{TIERS[party]}"
    return {CORE: "core", BANK: "bank"}.get(party, "regulator")


def money_text(amount: Decimal) -> str:
    """Yuan with thousands separators and fen, e.g. '300,000.00'.

    >>> money_text(Decimal("297300"))
    '297,300.00'
    """
    return f"{to_fen(amount):,.2f}"


@dataclass(frozen=True)
class Outcome:
    """What a command did: `ok`, and its message as an i18n key and fields, or the refusal.

    >>> Outcome(True, "vs.did.advance", {"day": date(2025, 4, 1)}).message("en")
    'The date is now 2025-04-01.'
    """

    ok: bool
    key: str = ""
    fields: dict[str, Any] = field(default_factory=dict)
    error: LedgerError | None = None

    def message(self, lang: str | None = None) -> str:
        """The message in `lang` (default: the current language)."""
        if self.error is not None:
            return self.error.in_language(lang) if lang else str(self.error)
        return text(self.key, lang=lang, **self.fields)


@dataclass(frozen=True)
class PieceView:
    """One piece as the picture shows it: `selected` and `in_lineage` drive the highlight;
    `financing` is set once the piece was financed (interest and net).

    >>> [n.status for n in VoucherSplitModel().nodes()]
    ['CONFIRMED']
    """

    id: str
    holder: str
    amount: Decimal
    status: str
    parent: str | None
    depth: int
    due: date
    selected: bool
    in_lineage: bool
    financing: Financing | None = None


@dataclass(frozen=True)
class Invariant:
    """Rule 4 of the voucher platform: live pieces + settled = root.

    >>> inv = VoucherSplitModel().invariant(); inv.live, inv.settled, inv.holds
    (Decimal('1000000.00'), Decimal('0.00'), True)
    """

    root_id: str
    root_amount: Decimal
    live: Decimal
    settled: Decimal
    live_count: int
    settled_count: int

    @property
    def holds(self) -> bool:
        """True when the live pieces and the settled ones add up to the root exactly."""
        return self.live + self.settled == self.root_amount


class VoucherSplitModel:
    """A voucher tree to select, split, transfer, finance, age and settle.

    `registry` defaults to `supply_chain()`; `selected` starts at the root V1.

    >>> model = VoucherSplitModel()
    >>> model.selected, model.actor, str(model.today)
    ('V1', 'SeatCo', '2025-01-01')
    """

    def __init__(self, registry: VoucherRegistry | None = None, root_id: str = "V1") -> None:
        self.registry = registry if registry is not None else supply_chain()
        self.root_id = self.registry.voucher(root_id).root_id
        self.selected = self.root_id
        self.actor = self.registry.voucher(self.root_id).holder
        self.last: Outcome | None = None

    # --- reading --------------------------------------------------------------------
    @property
    def today(self) -> date:
        """The chain's date."""
        return self.registry.today

    @property
    def parties(self) -> dict[str, str]:
        """Party name -> kind ('bank', 'core' or 'supplier')."""
        return self.registry.parties

    @property
    def suppliers(self) -> list[str]:
        """The suppliers, tier 1 first.

        >>> VoucherSplitModel().suppliers
        ['SeatCo', 'FoamCo', 'FrameCo', 'SteelCo']
        """
        names = [name for name, kind in self.parties.items() if kind == "supplier"]
        return sorted(names, key=lambda name: (TIERS.get(name, 9), name))

    @property
    def banks(self) -> list[str]:
        """The banks that may finance a piece."""
        return sorted(name for name, kind in self.parties.items() if kind == "bank")

    def piece(self, piece_id: str | None = None) -> Any:
        """The selected piece (or `piece_id`) as the registry's Voucher."""
        return self.registry.voucher(piece_id or self.selected)

    def nodes(self) -> list[PieceView]:
        """Every piece of the root's tree, parents before children (tree order).

        >>> model = VoucherSplitModel(); _ = model.split([1, 999_999])
        >>> [(n.id, n.in_lineage) for n in model.nodes()]
        [('V1', True), ('V1.1', True), ('V1.2', False)]
        """
        lineage = {piece.id for piece in self.registry.lineage(self.selected)}
        financings = self._financings()
        found: list[PieceView] = []

        def walk(node: dict, parent: str | None) -> None:
            found.append(PieceView(node["id"], node["holder"], node["amount"], node["status"],
                                   parent, node["depth"], node["due"],
                                   node["id"] == self.selected, node["id"] in lineage,
                                   financings.get(node["id"])))
            for child in node["children"]:
                walk(child, node["id"])

        walk(self.registry.tree(self.root_id), None)
        return found

    def lineage(self) -> list[Any]:
        """[root, ..., selected piece]: the path the regulator follows (穿透).

        >>> [v.id for v in VoucherSplitModel().lineage()]
        ['V1']
        """
        return self.registry.lineage(self.selected)

    def invariant(self) -> Invariant:
        """The numbers of the invariant panel: live pieces, settled pieces, the root."""
        leaves = [view for view in self.nodes() if view.status != "SPLIT"]
        live = [view.amount for view in leaves if view.status in LIVE]
        settled = [view.amount for view in leaves if view.status == SETTLED]
        return Invariant(self.root_id, self.registry.voucher(self.root_id).amount,
                         sum(live, Decimal("0.00")), sum(settled, Decimal("0.00")),
                         len(live), len(settled))

    def quote(self, annual_rate: Decimal | str) -> tuple[int, Decimal, Decimal] | None:
        """(days, interest, net) if the selected piece were financed today at
        `annual_rate`; None when the rate is not a number or the piece is due.

        >>> VoucherSplitModel().quote(Decimal("0.036"))
        (180, Decimal('18000.00'), Decimal('982000.00'))
        """
        piece = self.piece()
        try:
            rate = Decimal(str(annual_rate))
        except InvalidOperation:
            return None
        if not rate.is_finite() or self.today >= piece.due:
            return None
        days = days_between(self.today, piece.due)
        interest = discount_interest(piece.amount, rate, days)
        return days, interest, piece.amount - interest

    # --- choosing ---------------------------------------------------------------------
    def select(self, piece_id: str) -> None:
        """Select a piece of the tree; the actor becomes its holder.

        >>> model = VoucherSplitModel(); model.select("V9")
        Traceback (most recent call last):
        ...
        ledgerkit.contracts.ContractError: There is no voucher 'V9'.
        """
        piece = self.registry.voucher(piece_id)
        if piece.root_id != self.root_id:
            raise InputError("vs.err.other_root", piece=piece_id, root=self.root_id)
        self.selected = piece.id
        self.actor = piece.holder

    def act_as(self, party: str) -> None:
        """Choose who gives the next command (any party, so a learner can try the wrong one).

        >>> model = VoucherSplitModel(); model.act_as("FoamCo"); model.actor
        'FoamCo'
        """
        if party not in self.parties:
            raise InputError("vs.err.party", party=party, known=", ".join(sorted(self.parties)))
        self.actor = party

    # --- commands: each returns an Outcome; a refusal changes nothing -----------------
    def split(self, amounts: str | list[Decimal | int]) -> Outcome:
        """Split the selected piece into `amounts` (a list, or text such as
        "300000, 700000"); the first child becomes the selection.

        >>> model = VoucherSplitModel(); model.split("1,000,000").message("en")[:24]
        'A split needs a list of '
        """
        def act() -> Outcome:
            values = parse_amounts(amounts) if isinstance(amounts, str) else list(amounts)
            parent = self.selected
            children = self.registry.split(parent, values, by=self.actor)
            self.select(children[0].id)
            return Outcome(True, "vs.did.split", {
                "piece": parent, "children": Labels(
                    Phrase("vs.piece_amount", piece=child.id, amount=money_text(child.amount))
                    for child in children)})
        return self._do(act)

    def transfer(self, to: str) -> Outcome:
        """Transfer the whole selected piece to supplier `to` (流转).

        >>> model = VoucherSplitModel(); model.transfer("FrameCo").ok, model.piece().holder
        (True, 'FrameCo')
        """
        def act() -> Outcome:
            giver = self.actor
            piece = self.registry.transfer(self.selected, to, by=giver)
            self.actor = piece.holder
            return Outcome(True, "vs.did.transfer", {"piece": piece.id, "giver": giver,
                                                      "to": to})
        return self._do(act)

    def finance(self, annual_rate: Decimal | str = DEFAULT_RATE,
                bank: str = BANK) -> Outcome:
        """Finance the selected piece at `bank` today (融资, factoring): interest = face × rate ×
        days / 360; the bank becomes the holder.

        >>> VoucherSplitModel().finance("0.036").fields["net"]
        '982,000.00'
        """
        def act() -> Outcome:
            seller = self.actor
            done = self.registry.finance(self.selected, bank, annual_rate, by=seller)
            self.actor = bank
            return Outcome(True, "vs.did.finance", {
                "piece": done.piece_id, "seller": seller, "bank": bank, "days": done.days,
                "rate": f"{(done.annual_rate * 100).normalize():f}%",
                "interest": money_text(done.interest), "net": money_text(done.net)})
        return self._do(act)

    def advance(self, days: int) -> Outcome:
        """Move the chain's date forward by `days`.

        >>> VoucherSplitModel().advance(90).message("en")
        'The date is now 2025-04-01.'
        """
        def act() -> Outcome:
            if isinstance(days, bool) or not isinstance(days, int) or days < 0:
                raise InputError("vs.err.days", got=days)
            day = self.registry.advance_to(self.today + timedelta(days=days))
            return Outcome(True, "vs.did.advance", {"day": day})
        return self._do(act)

    def to_maturity(self) -> Outcome:
        """Move the date to the root's maturity (到期日).

        >>> VoucherSplitModel().to_maturity().fields["day"]
        datetime.date(2025, 6, 30)
        """
        return self.advance(max(0, (self.registry.voucher(self.root_id).due - self.today).days))

    def settle(self) -> Outcome:
        """The core enterprise pays every due live piece's holder, once (兑付).

        >>> model = VoucherSplitModel(); model.settle().message("en")[:38]
        'V1 matures on 2025-06-30: nothing is d'
        """
        def act() -> Outcome:
            due = self.registry.voucher(self.root_id).due
            if self.today < due:
                raise InputError("vs.err.not_due", root=self.root_id, due=due,
                                 today=self.today)
            payments = self.registry.settle()
            paid = "; ".join(f"{p.holder} {money_text(p.amount)} ({p.voucher_id})"
                             for p in payments)
            return Outcome(True, "vs.did.settle", {"count": len(payments),
                                                    "paid": paid or "—"})
        return self._do(act)

    # --- inside -------------------------------------------------------------------------
    def _do(self, act: Any) -> Outcome:
        """Run a command; a refusal becomes an Outcome and leaves the chain as it was."""
        try:
            self.last = act()
        except LedgerError as refusal:
            self.last = Outcome(False, error=refusal)
        return self.last

    def _financings(self) -> dict[str, Financing]:
        """Piece id -> its financing, read the way the regulator reads the chain (穿透)."""
        snapshot = self.registry.chain.read(self.registry.name, by=REGULATOR)
        return dict(snapshot.financings)


def parse_amounts(typed: str) -> list[Decimal]:
    """Amounts typed by a learner, separated by spaces, semicolons or commas. A comma
    followed by exactly three digits is a thousands separator, as in 300,000.

    >>> parse_amounts("300000, 700000"), parse_amounts("300,000; 700,000.50")
    ([Decimal('300000'), Decimal('700000')], [Decimal('300000'), Decimal('700000.50')])
    """
    words = [word.replace(",", "") for word in SEPARATORS.split(typed) if word]
    amounts = []
    for word in words:
        try:
            amount = Decimal(word)
        except InvalidOperation:
            raise InputError("vs.err.amounts", got=typed) from None
        if not amount.is_finite():
            raise InputError("vs.err.amounts", got=typed)
        amounts.append(amount)
    return amounts
