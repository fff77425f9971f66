"""Three small voucher contracts for the audit lab (合约审计). Each one hides a flaw.

They share a tiny voucher book, `MiniVouchers`: the platform records a confirmed receivable
as a piece held by a supplier, and `holdings` / `live_total` let an auditor check the rules
of a credit-voucher platform (only the holder moves a piece; live pieces add up to what
was issued; a piece backs at most one financing — the rules `ledgerkit.finance.voucher`
enforces). Deploy one on a `ConsortiumChain`, try to break a rule
with a sequence of calls, then repair the contract.

>>> from ledgerkit.consortium import ConsortiumChain, Member
>>> chain = ConsortiumChain([Member("platform", node_kind="consensus",
...                                 roles={"committee", "operator"}),
...                          Member("alice", roles={"business"})])
>>> book = chain.deploy(SplitVouchers(), by="platform")
>>> book.issue("alice", Decimal(100), by="platform")
'P1'
>>> book.split("P1", [Decimal(40), Decimal(60)], by="alice")
['P1.1', 'P1.2']
>>> chain.read("SplitVouchers", by="alice").holdings("alice")
Decimal('100.00')
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ledgerkit.contracts import Context, Contract, action
from ledgerkit.errors import InputError
from ledgerkit.finance.rates import money
from ledgerkit.i18n import register_strings

LIVE, SPLIT, FINANCED = "LIVE", "SPLIT", "FINANCED"

register_strings({
    "flawed.unknown": ("There is no piece {piece!r}.", "不存在凭证 {piece!r}。"),
    "flawed.amount": ("{what} must be a positive amount in whole fen; got {value!r}.",
                      "{what} 必须是以分为单位的正金额；实际为 {value!r}。"),
    "flawed.not_live": ("Piece {piece} is {status}: it can no longer move.",
                        "凭证 {piece} 的状态为 {status}：已不能再流转。"),
    "flawed.not_holder": ("Only the holder {holder} may move piece {piece}; {who} may not.",
                          "只有持有人 {holder} 能处置凭证 {piece}；{who} 不能。"),
    "flawed.too_much": ("Piece {piece} is worth {amount}; a part of it must be smaller.",
                        "凭证 {piece} 的金额为 {amount}；拆出的部分必须更小。"),
    "flawed.split_count": ("A split needs at least two amounts; got {value!r}.",
                           "拆分至少需要两个金额；实际为 {value!r}。"),
    "flawed.split_piece": ("Each part must be at most the piece's {amount}; got {value}.",
                           "每一部分都不能超过凭证金额 {amount}；实际为 {value}。"),
    "flawed.split_sum": ("The parts add up to {total}, but piece {piece} is worth {amount}.",
                         "各部分合计 {total}，而凭证 {piece} 的金额为 {amount}。"),
    "flawed.is_split": ("Piece {piece} was split: finance its parts instead.",
                        "凭证 {piece} 已拆分：请对拆分后的子凭证融资。"),
    "flawed.is_financed": ("Piece {piece} already backs a financing at {bank}.",
                           "凭证 {piece} 已在 {bank} 融资。"),
})


class MiniVouchers(Contract):
    """A small voucher book (凭证簿): pieces by id, each with a holder, an amount, a status
    (LIVE, SPLIT or FINANCED) and its parent; the financings granted on them.

    >>> MiniVouchers().live_total()
    Decimal('0.00')
    """

    def __init__(self) -> None:
        self.pieces: dict[str, dict[str, Any]] = {}
        self.financings: list[dict[str, Any]] = []
        self.issued = Decimal("0.00")  # everything the platform ever recorded
        self.count = 0

    # --- views for the auditor ---
    def holdings(self, who: str) -> Decimal:
        """What `who` holds in pieces that still carry a claim (LIVE or FINANCED)."""
        return sum((p["amount"] for p in self.pieces.values()
                    if p["holder"] == who and p["status"] != SPLIT), Decimal("0.00"))

    def live_total(self) -> Decimal:
        """The sum of all pieces that still carry a claim."""
        return sum((p["amount"] for p in self.pieces.values() if p["status"] != SPLIT),
                   Decimal("0.00"))

    def financed_total(self) -> Decimal:
        """The sum of all financings granted."""
        return sum((f["amount"] for f in self.financings), Decimal("0.00"))

    # --- the one shared action ---
    @action(roles={"operator"})
    def issue(self, ctx: Context, to: str, amount: Decimal) -> str:
        """The platform records a confirmed receivable of `amount` held by `to`."""
        value = self._amount(amount, "amount")
        self.count += 1
        piece_id = f"P{self.count}"
        self.pieces[piece_id] = {"holder": to, "amount": value, "status": LIVE, "parent": None}
        self.issued += value
        ctx.emit("issued", piece=piece_id, holder=to, amount=value)
        return piece_id

    # --- helpers ---
    def _piece(self, piece_id: str) -> dict[str, Any]:
        self.require(piece_id in self.pieces, "flawed.unknown", piece=piece_id)
        return self.pieces[piece_id]

    def _amount(self, value: Any, what: str) -> Decimal:
        try:
            amount = money(value)
        except InputError:
            self.refuse("flawed.amount", what=what, value=value)
        self.require(amount > 0 and amount == value, "flawed.amount", what=what, value=value)
        return amount

    def _add_child(self, ctx: Context, parent_id: str, number: int, holder: str,
                   amount: Decimal) -> str:
        child = f"{parent_id}.{number}"
        self.pieces[child] = {"holder": holder, "amount": amount, "status": LIVE,
                              "parent": parent_id}
        ctx.emit("created", piece=child, holder=holder, amount=amount, parent=parent_id)
        return child


class SplitPayVouchers(MiniVouchers):
    """Pay a supplier with part of a piece (拆分支付): `split_pay` cuts `amount` off a live
    piece for `to`, and the holder keeps the rest as a second piece.

    >>> sorted(SplitPayVouchers.actions())
    ['issue', 'split_pay']
    """

    @action(roles={"business"})
    def split_pay(self, ctx: Context, piece_id: str, amount: Decimal, to: str) -> list[str]:
        """Split `piece_id` into `amount` for `to` and the rest for its holder."""
        piece = self._piece(piece_id)
        self.require(piece["status"] == LIVE, "flawed.not_live", piece=piece_id,
                     status=piece["status"])
        part = self._amount(amount, "amount")
        self.require(part < piece["amount"], "flawed.too_much", piece=piece_id,
                     amount=piece["amount"])
        paid = self._add_child(ctx, piece_id, 1, to, part)
        kept = self._add_child(ctx, piece_id, 2, piece["holder"], piece["amount"] - part)
        piece["status"] = SPLIT
        return [paid, kept]


class PledgeVouchers(MiniVouchers):
    """Finance a piece at a bank (凭证融资): the holder pledges a piece and the bank advances
    its face value; the bank is repaid from the piece at maturity.

    >>> sorted(PledgeVouchers.actions())
    ['finance', 'issue']
    """

    @action(roles={"business"})
    def finance(self, ctx: Context, piece_id: str, bank: str) -> dict[str, Any]:
        """The holder finances `piece_id` at `bank`; returns the financing."""
        piece = self._piece(piece_id)
        self.require(piece["holder"] == ctx.sender.name, "flawed.not_holder",
                     holder=piece["holder"], piece=piece_id, who=ctx.sender.name)
        self.require(piece["status"] != SPLIT, "flawed.is_split", piece=piece_id)
        financing = {"piece": piece_id, "bank": bank, "amount": piece["amount"],
                     "seller": piece["holder"], "date": ctx.today}
        self.financings.append(financing)
        piece["status"] = FINANCED
        ctx.emit("financed", piece=piece_id, bank=bank, amount=piece["amount"])
        return financing


class SplitVouchers(MiniVouchers):
    """Split a piece (拆分): the holder cuts a live piece into two or more parts, each a
    positive amount no larger than the piece, and keeps them all.

    >>> sorted(SplitVouchers.actions())
    ['issue', 'split']
    """

    @action(roles={"business"})
    def split(self, ctx: Context, piece_id: str, amounts: list[Decimal]) -> list[str]:
        """The holder splits `piece_id` into parts of `amounts`; returns the new ids."""
        piece = self._piece(piece_id)
        self.require(piece["holder"] == ctx.sender.name, "flawed.not_holder",
                     holder=piece["holder"], piece=piece_id, who=ctx.sender.name)
        self.require(piece["status"] == LIVE, "flawed.not_live", piece=piece_id,
                     status=piece["status"])
        self.require(isinstance(amounts, list) and len(amounts) >= 2, "flawed.split_count",
                     value=amounts)
        parts = [self._amount(value, f"amounts[{i}]") for i, value in enumerate(amounts)]
        for part in parts:
            self.require(part <= piece["amount"], "flawed.split_piece", amount=piece["amount"],
                         value=part)
        children = [self._add_child(ctx, piece_id, i, piece["holder"], part)
                    for i, part in enumerate(parts, start=1)]
        piece["status"] = SPLIT
        return children
