"""Fixtures of the classroom tests: a class in this process (see rooms.py)."""

from __future__ import annotations

import pytest
from rooms import Room

from ledgerkit.classroom.store import Store


@pytest.fixture
def room():
    store = Store(":memory:")
    yield Room(store)
    store.close()


@pytest.fixture
def voucher_class(room):
    """A class with a core enterprise, a bank, two suppliers, a regulator and four student
    validators; the bank has granted the car maker a credit line."""
    for name, role in (("CarMaker", "core"), ("Bank", "bank"), ("SeatCo", "supplier:1"),
                       ("FrameCo", "supplier:2"), ("Reg", "regulator"), ("v1", "validator"),
                       ("v2", "validator"), ("v3", "validator"), ("v4", "validator")):
        room.join(name, role)
    room.run()
    room.act("Bank", "grant_credit_line", core="CarMaker", limit=5_000_000)
    room.run()
    return room
