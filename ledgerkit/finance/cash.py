"""Settlement cash inside a finance contract (结算资金): deposits, balances, payments.

Bills, factoring, letters of credit and guarantees keep the cash leg of their deals in the
contract itself, so a payment and the change it pays for happen in one call (delivery versus
payment). A contract mixes in `CashAccounts`, names its rules' prefix, and registers
"<prefix>.no_cash" and "<prefix>.amount" messages; its `__init__` opens the accounts:

    self.cash: dict[str, Decimal] = {}
    self.deposited = Decimal("0.00")  # all cash ever paid in: the sum of the balances

>>> from ledgerkit.finance.guarantee import GuaranteeDesk
>>> desk = GuaranteeDesk()
>>> desk.deposit(Decimal("100"), by="bank"); desk.balance("bank")
Decimal('100.00')
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ledgerkit.contracts import Context, action
from ledgerkit.errors import InputError
from ledgerkit.finance.rates import FEN, as_decimal


class CashAccounts:
    """Mixin for a Contract: one cash account per member, paid into with `deposit`."""

    _rules = "finance"  # prefix of the contract's registered messages, e.g. "bill"
    cash: dict[str, Decimal]
    deposited: Decimal

    def balance(self, who: str) -> Decimal:
        """The cash `who` holds on the platform."""
        return self.cash.get(who, Decimal("0.00"))

    @action(roles={"business"})
    def deposit(self, ctx: Context, amount: Decimal) -> None:
        """Pay cash into the caller's settlement account (the cash leg of DVP)."""
        amount = self._money(amount, "amount")
        self.cash[ctx.sender.name] = self.balance(ctx.sender.name) + amount
        self.deposited += amount
        ctx.emit("deposited", who=ctx.sender.name, amount=amount)

    def _pay(self, payer: str, payee: str, amount: Decimal) -> None:
        """Move `amount` from `payer` to `payee`, refusing when the payer has too little."""
        balance = self.balance(payer)
        self.require(balance >= amount, f"{self._rules}.no_cash", who=payer, balance=balance,
                     amount=amount)
        self.cash[payer] = balance - amount
        self.cash[payee] = self.balance(payee) + amount

    def _number(self, value: Any, what: str) -> Decimal:
        """An exact number from an argument, or a refusal naming what was wrong with it."""
        try:
            return as_decimal(value, what)
        except InputError as problem:
            self.refuse(problem.key, **problem.fields)

    def _money(self, value: Any, what: str) -> Decimal:
        """A positive amount to the fen, or the contract's "<prefix>.amount" refusal."""
        amount = self._number(value, what)
        self.require(amount.is_finite() and amount > 0 and amount == amount.quantize(FEN),
                     f"{self._rules}.amount", what=what, value=value)
        return amount.quantize(FEN)
