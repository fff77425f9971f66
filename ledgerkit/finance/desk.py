"""What every "desk" facade shares: a finance contract that deploys itself on a chain.

A desk is the contract class itself, deployed on `chain`, or on a new consortium chain of
the scenario's default members when none is given, so a notebook can start with one line
and call actions with `by=member`.

>>> from ledgerkit.finance.factoring import FactoringDesk
>>> desk = FactoringDesk()
>>> desk.advance_to(desk.chain.today.replace(day=11)); desk.chain.today.day
11
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from ledgerkit.consortium import ConsortiumChain, Member


class Desk:
    """Mixin for a Contract subclass: deploy on a chain; read the chain; move its clock."""

    def _open(self, chain: ConsortiumChain | None, members: Callable[[], list[Member]],
              start: date | None, name: str) -> None:
        """Deploy this contract as `name` on `chain`, or on a new chain of `members()`."""
        if chain is None:
            chain = ConsortiumChain(members(), **({"start": start} if start else {}))
        operator = next(m.name for m in chain.members.values() if "operator" in m.roles)
        chain.deploy(self, by=operator, name=name)

    @property
    def chain(self) -> ConsortiumChain:
        """The consortium chain this platform runs on."""
        return self._chain

    def advance_to(self, day: date) -> None:
        """Move the chain's clock forward to `day`."""
        self._chain.advance(days=(day - self._chain.today).days)
