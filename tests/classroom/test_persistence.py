"""The class chain survives a restart with nothing lost, a changed record is caught, and the
lecturer's export is a chain the audit chapter can check."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from decimal import Decimal

import pytest
from rooms import Room

from ledgerkit.audit import integrity_report, trace_voucher
from ledgerkit.classroom.export import RecordMismatch, load_export
from ledgerkit.classroom.network import ClassNetwork, ClassSettings
from ledgerkit.classroom.store import Store
from ledgerkit.errors import LedgerError


def _played(path) -> Room:
    room = Room(Store(path), ClassSettings(code="KEEP01", seed="p", timeout_s=1.0))
    for name, role in (("CarMaker", "core"), ("Bank", "bank"), ("SeatCo", "supplier:1"),
                       ("FrameCo", "supplier:2"), ("v1", "validator"), ("v2", "validator"),
                       ("v3", "validator"), ("v4", "validator")):
        room.join(name, role)
    room.run()
    room.act("Bank", "grant_credit_line", core="CarMaker", limit=Decimal("2000000"))
    room.act("CarMaker", "issue", to="SeatCo", amount=Decimal("1000000"),
             due=date(2025, 6, 30), trade_ref="PO-1")
    room.act("CarMaker", "confirm", voucher_id="V1")
    room.run()
    room.net.lecturer("advance", days=10)
    room.run()
    room.act("SeatCo", "split", voucher_id="V1", amounts=[Decimal("300000"),
                                                          Decimal("700000")])
    room.run()
    return room


def test_a_restarted_service_rebuilds_the_same_chain(tmp_path):
    room = _played(tmp_path / "class.db")
    room.act("SeatCo", "transfer", voucher_id="V1.1", to="FrameCo")  # still pending
    chain = room.net.chain
    before = (chain.state_bytes(), [b.hash() for b in chain.blocks], chain.today)
    room.store.close()
    again = ClassNetwork(Store(tmp_path / "class.db"))
    rebuilt = again.chain
    assert (rebuilt.state_bytes(), [b.hash() for b in rebuilt.blocks], rebuilt.today) == before
    assert len(rebuilt.pending_calls) == 1 and rebuilt.validate()
    assert sorted(again.students) == sorted(room.net.students)
    assert again.seats == room.net.seats
    assert again.lecturer_token == room.net.lecturer_token


def test_the_restarted_class_goes_on_voting(tmp_path):
    room = _played(tmp_path / "class.db")
    room.store.close()
    again = Room(Store(tmp_path / "class.db"))  # the stored settings win
    height = again.net.chain.height
    again.act("SeatCo", "transfer", voucher_id="V1.1", to="FrameCo")
    again.run()
    assert again.net.chain.height == height + 1 and again.net.chain.validate()


def test_a_changed_record_is_caught_on_restart(tmp_path):
    path = tmp_path / "class.db"
    room = _played(path)
    room.store.close()
    raw = sqlite3.connect(path)
    pos, call = raw.execute("SELECT pos, call FROM calls WHERE block IS NOT NULL "
                            "ORDER BY pos DESC LIMIT 1").fetchone()
    raw.execute("UPDATE calls SET call = ? WHERE pos = ?",
                (bytes(call).replace(b"300000", b"310000").replace(b"700000", b"690000"), pos))
    raw.commit()
    raw.close()
    with pytest.raises(LedgerError):  # a forged call (bad signature) or a block mismatch
        ClassNetwork(Store(path))


def test_the_export_is_a_chain_the_audit_chapter_can_check(tmp_path):
    room = _played(tmp_path / "class.db")
    record = json.loads(json.dumps(room.net.export()))  # through a file, as the lecturer's
    vouchers = load_export(record)
    assert integrity_report(vouchers.chain).ok
    assert vouchers.chain.blocks[-1].hash() == room.net.chain.blocks[-1].hash()
    assert [step.event for step in trace_voucher(vouchers, "V1.1")] == [
        "issued", "confirmed", "split", "created"]
    assert [p.id for p in vouchers.live_pieces("V1")] == ["V1.1", "V1.2"]


def test_a_tampered_export_is_refused(tmp_path):
    record = _played(tmp_path / "class.db").net.export()
    record["blocks"][-1]["signatures"] = record["blocks"][-1]["signatures"][:2]  # 2 of 4
    with pytest.raises(LedgerError):
        load_export(record)
    record = _played(tmp_path / "other.db").net.export()
    record["blocks"][1]["hash"] = "00" * 32
    with pytest.raises(RecordMismatch):
        load_export(record)
