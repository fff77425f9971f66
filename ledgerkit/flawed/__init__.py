"""Contracts with a planted bug (漏洞合约), for the contract audit lab (course/04-audit).

Each contract in `ledgerkit.flawed.vouchers` is a small voucher-like contract with exactly one
flaw. The learner reads it, writes an attack (a sequence of calls) that breaks one of the
credit-voucher rules, then repairs the contract. The rules (taught in
course/02-applications/01-supply-chain-vouchers.ipynb and enforced in full by
`ledgerkit.finance.voucher`): only the holder moves a piece; a split adds up exactly to its
parent, so the live pieces add up to what was issued; one piece backs at most one financing.
`ledgerkit.flawed.fixes` holds the lecturer's answer: read it only after trying.

>>> from ledgerkit.flawed import FLAWED
>>> sorted(FLAWED)
['PledgeVouchers', 'SplitPayVouchers', 'SplitVouchers']
"""

from __future__ import annotations

from ledgerkit.flawed.vouchers import PledgeVouchers, SplitPayVouchers, SplitVouchers

FLAWED = {cls.__name__: cls for cls in (SplitPayVouchers, PledgeVouchers, SplitVouchers)}

__all__ = ["FLAWED", "PledgeVouchers", "SplitPayVouchers", "SplitVouchers"]
