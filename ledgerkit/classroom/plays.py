"""How a classmate plays its role (角色扮演策略): the next voucher action, read off the book.

The same plays drive the simulated classmates of an offline class, the scripted students of
the end-to-end test and the two hundred students of the load benchmark, so a lab at home
and a lab on the hub follow the same story:

1. a bank grants every core enterprise a credit line (授信);
2. a core enterprise issues a voucher to a tier-1 supplier (签发) and confirms it (确权);
3. a supplier of tier t that receives a piece of depth t−1 splits it (拆分) and passes the
   first part (流转) to a supplier of tier t+1, keeping the rest; the last tier finances
   what it receives at a bank (融资);
4. at maturity the core enterprise settles (兑付).

`next_move` is a pure function of the member, the book and the roster: it changes nothing,
it only says what to do next (or None).

>>> from ledgerkit.classroom.client import book_contract
>>> me = {"name": "Bank", "role": "bank", "tier": None}
>>> roster = [me, {"name": "CarMaker", "role": "core", "tier": None}]
>>> book = book_contract({"parties": {"Bank": "bank", "CarMaker": "core"}})
>>> next_move(me, book, roster, date(2025, 1, 1))
Move(action='grant_credit_line', args={'core': 'CarMaker', 'limit': Decimal('5000000.00')})
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from ledgerkit.finance.rates import to_fen
from ledgerkit.finance.voucher import CONFIRMED, ISSUED, LIVE, CreditVouchers, Voucher


@dataclass(frozen=True)
class Move:
    """One voucher action to send: `action` of the contract with `args`.

    >>> Move("confirm", {"voucher_id": "V1"}).action
    'confirm'
    """

    action: str
    args: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Plan:
    """The numbers of the story. `vouchers`: how many vouchers a core enterprise issues
    (None: it goes on issuing while its credit line allows, as in the load benchmark).

    >>> Plan().voucher_amount
    Decimal('1000000.00')
    """

    credit_line: Decimal = Decimal("5000000.00")
    voucher_amount: Decimal = Decimal("1000000.00")
    voucher_days: int = 180
    pass_on: Decimal = Decimal("0.3")  # the share of a piece passed up to the next tier
    rate: Decimal = Decimal("0.036")  # what the last tier pays the bank a year (3.6%)
    vouchers: int | None = 1


def next_move(me: dict[str, Any], book: CreditVouchers, roster: list[dict[str, Any]],
              today: date, plan: Plan = Plan()) -> Move | None:
    """What `me` (a roster entry: name, role, tier) does next, or None for nothing now."""
    role = me["role"]
    if role == "bank":
        return _bank(me["name"], book, plan)
    if role == "core":
        return _core(me["name"], book, roster, today, plan)
    if role == "supplier":
        return _supplier(me["name"], me["tier"], book, roster, today, plan)
    return None


def suppliers_of_tier(roster: list[dict[str, Any]], tier: int) -> list[str]:
    """The suppliers of `tier`, in the order they joined.

    >>> suppliers_of_tier([{"name": "S", "role": "supplier", "tier": 1}], 1)
    ['S']
    """
    return [entry["name"] for entry in roster
            if entry["role"] == "supplier" and entry["tier"] == tier]


def _bank(name: str, book: CreditVouchers, plan: Plan) -> Move | None:
    for party, kind in sorted(book.parties.items()):
        if kind == "core" and name not in book.credit_lines.get(party, {}):
            return Move("grant_credit_line", {"core": party, "limit": plan.credit_line})
    return None


def _core(name: str, book: CreditVouchers, roster: list[dict[str, Any]], today: date,
          plan: Plan) -> Move | None:
    mine = [v for v in book.vouchers.values() if v.issuer == name]
    waiting = [v for v in mine if v.status == ISSUED and today < v.due]
    if waiting:
        return Move("confirm", {"voucher_id": waiting[0].id})
    if any(v.status in LIVE and v.due <= today for v in mine):
        return Move("settle", {})
    roots = [v for v in mine if v.parent_id is None]
    tier_one = [s for s in suppliers_of_tier(roster, 1) if s in book.parties]
    if (name not in book.credit_lines or not tier_one
            or (plan.vouchers is not None and len(roots) >= plan.vouchers)
            or book.credit_available(name) < plan.voucher_amount):
        return None
    return Move("issue", {"to": tier_one[len(roots) % len(tier_one)],
                          "amount": plan.voucher_amount,
                          "due": today + timedelta(days=plan.voucher_days),
                          "trade_ref": f"PO-{name}-{len(roots) + 1}"})


def _supplier(name: str, tier: int, book: CreditVouchers, roster: list[dict[str, Any]],
              today: date, plan: Plan) -> Move | None:
    upstream = [s for s in suppliers_of_tier(roster, tier + 1) if s in book.parties]
    banks = sorted(party for party, kind in book.parties.items() if kind == "bank")
    for piece in sorted(book.vouchers.values(), key=lambda v: v.id):
        if piece.holder != name or piece.status != CONFIRMED or today >= piece.due:
            continue
        received = piece.depth == tier - 1
        can_split = book.max_depth is None or piece.depth < book.max_depth
        if received and upstream and can_split:
            first = to_fen(piece.amount * plan.pass_on)
            return Move("split", {"voucher_id": piece.id,
                                  "amounts": [first, piece.amount - first]})
        if received and banks:  # the last tier (or no room to split): cash now
            return Move("finance", {"voucher_id": piece.id, "bank": banks[0],
                                    "annual_rate": plan.rate, "on": today})
        if _to_pass_on(piece, book, name) and upstream:
            chosen = upstream[zlib.crc32(piece.id.encode()) % len(upstream)]
            return Move("transfer", {"voucher_id": piece.id, "to": chosen})
    return None


def _to_pass_on(piece: Voucher, book: CreditVouchers, name: str) -> bool:
    """The first piece of a split this supplier made: the part meant for the next tier."""
    parent = book.vouchers.get(piece.parent_id) if piece.parent_id else None
    return parent is not None and parent.holder == name and piece.id.endswith(".1")
