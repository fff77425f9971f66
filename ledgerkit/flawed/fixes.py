"""The answer key of the contract audit lab (审计答案): each flaw of `ledgerkit.flawed.vouchers`
and its repair. Try the lab before reading on.

Every repair adds the missing check and then runs the original action unchanged, so the
difference between the flawed and the fixed contract is exactly one rule:

- `SplitPayVouchers.split_pay` never checks who calls it: anyone can pay themselves with
  another supplier's piece. Fix: only the holder may split (rule: only the holder moves a piece).
- `PledgeVouchers.finance` refuses a split piece but not a financed one: the holder can
  finance the same piece again at a second bank. Fix: one piece backs at most one financing
  (no double financing, 重复融资).
- `SplitVouchers.split` checks each part against the piece but never their sum: parts of
  100 and 100 turn a piece of 100 into 200. Fix: the parts add up exactly to the piece,
  so live pieces keep adding up to what was issued.

>>> sorted(FIXES)
['PledgeVouchers', 'SplitPayVouchers', 'SplitVouchers']
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ledgerkit.contracts import Context, action
from ledgerkit.flawed.vouchers import FINANCED, PledgeVouchers, SplitPayVouchers, SplitVouchers


class FixedSplitPayVouchers(SplitPayVouchers):
    """`SplitPayVouchers` where only the holder may split-and-pay.

    >>> sorted(FixedSplitPayVouchers.actions())
    ['issue', 'split_pay']
    """

    @action(roles={"business"})
    def split_pay(self, ctx: Context, piece_id: str, amount: Decimal, to: str) -> list[str]:
        """Split `piece_id` into `amount` for `to` and the rest for its holder (the caller)."""
        piece = self._piece(piece_id)
        self.require(piece["holder"] == ctx.sender.name, "flawed.not_holder",
                     holder=piece["holder"], piece=piece_id, who=ctx.sender.name)
        return SplitPayVouchers.split_pay.function(self, ctx, piece_id, amount, to)


class FixedPledgeVouchers(PledgeVouchers):
    """`PledgeVouchers` where a piece backs at most one financing.

    >>> sorted(FixedPledgeVouchers.actions())
    ['finance', 'issue']
    """

    @action(roles={"business"})
    def finance(self, ctx: Context, piece_id: str, bank: str) -> dict[str, Any]:
        """The holder finances `piece_id` at `bank`, once; returns the financing."""
        piece = self._piece(piece_id)
        earlier = next((f["bank"] for f in self.financings if f["piece"] == piece_id), None)
        self.require(piece["status"] != FINANCED and earlier is None, "flawed.is_financed",
                     piece=piece_id, bank=earlier)
        return PledgeVouchers.finance.function(self, ctx, piece_id, bank)


class FixedSplitVouchers(SplitVouchers):
    """`SplitVouchers` where the parts add up exactly to the piece.

    >>> sorted(FixedSplitVouchers.actions())
    ['issue', 'split']
    """

    @action(roles={"business"})
    def split(self, ctx: Context, piece_id: str, amounts: list[Decimal]) -> list[str]:
        """The holder splits `piece_id` into parts that add up to it; returns the new ids."""
        piece = self._piece(piece_id)
        if isinstance(amounts, list) and len(amounts) >= 2:  # else the original refuses
            parts = [self._amount(value, f"amounts[{i}]") for i, value in enumerate(amounts)]
            self.require(sum(parts) == piece["amount"], "flawed.split_sum", total=sum(parts),
                         piece=piece_id, amount=piece["amount"])
        return SplitVouchers.split.function(self, ctx, piece_id, amounts)


FIXES = {"SplitPayVouchers": FixedSplitPayVouchers, "PledgeVouchers": FixedPledgeVouchers,
         "SplitVouchers": FixedSplitVouchers}
