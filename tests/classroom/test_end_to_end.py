"""A whole class on 127.0.0.1, every member a process of its own.

The class ledger service, four validator students, a core enterprise, a bank, two suppliers
(eight student processes) and the lecturer's command line play one voucher round: credit
line, issue, confirm, split, transfer, finance, then settle at maturity. Blocks are voted
by the student validators in PBFT rounds. Mid-vote one validator is killed and blocks still
commit; the service is killed and restarted and the chain is intact; a forged, a replayed
and an out-of-role message are refused and change nothing.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest
from processes import Processes, wait_for

from ledgerkit.classroom.client import ClassClient, HttpTransport, Lecturer, Refused
from ledgerkit.classroom.export import load_export
from ledgerkit.classroom.protocol import Envelope
from ledgerkit.contracts import ContractCall
from ledgerkit.crypto import KeyPair

CODE = "E2E123"
VALIDATORS = ("v1", "v2", "v3", "v4")
ACTORS = (("CarMaker", "core"), ("Bank", "bank"), ("SeatCo", "supplier:1"),
          ("FrameCo", "supplier:2"))
SLOW = "v4"  # thinks a second before each vote: it is the one killed mid-vote


@pytest.fixture
def room(tmp_path):
    processes = Processes(tmp_path)
    yield processes
    processes.stop_all()


def _serve(room: Processes, db: str, port: int = 0, code: str | None = CODE) -> str:
    args = ["serve", "--db", db, "--port", str(port), "--tick-ms", "50"]
    if code is not None:
        args += ["--code", code, "--timeout", "2"]
    name = f"service-{len(room.running)}"
    room.start(name, *args)
    return room.wait_line(name, "ready", timeout=60)


def test_a_class_of_processes_plays_a_voucher_round(room, tmp_path):
    ready = _serve(room, str(tmp_path / "class.db"))
    url, token = ready["ready"], ready["lecturer_token"]
    for name in VALIDATORS:
        room.start(name, "student", "--url", url, "--code", CODE, "--name", name, "--role",
                   "validator", "--delay", "1.0" if name == SLOW else "0")
        room.wait_line(name, "joined", timeout=60)  # in order: v1 takes seat 0, …
    for name, role in ACTORS:
        room.start(name, "student", "--url", url, "--code", CODE, "--name", name, "--role",
                   role, "--play")
    for name, _ in ACTORS:
        room.wait_line(name, "joined", timeout=60)
    me = ClassClient(url, CODE, name="Auditor", key_file=tmp_path / "auditor.pem")
    me.join(role="regulator")
    lecturer = Lecturer(url, token)

    # --- a validator dies mid-vote; blocks still commit ------------------------------
    slow_seat = VALIDATORS.index(SLOW)
    seat_waits = wait_for(lambda: next((s for s in me.status()["seats"] if s["seat"] ==
                                        slow_seat and {"prepare", "commit"} & set(
                                            s["waiting"])), None),
                          60, "the slow validator to hold a vote", every=0.05)
    assert seat_waits["holder"] == SLOW and seat_waits["student"]
    height_at_kill = me.status()["height"]
    room.kill(SLOW)
    wait_for(lambda: me.status()["height"] > height_at_kill, 60, "a block after the kill")

    # --- the voucher round: issue, confirm, split, transfer, finance -----------------
    def financed():
        book = me.book()
        return "V1.1" in book.vouchers and book.voucher("V1.1").status == "FINANCED"

    wait_for(financed, 90, "FrameCo to finance V1.1")
    room.start("lecturer", "lecturer", "--url", url, "--token", token, "advance", "181")
    assert room.running["lecturer"].wait(30) == 0

    def settled():
        book = me.book()
        return all(book.voucher(v).status == "SETTLED" for v in ("V1.1", "V1.2"))

    wait_for(settled, 90, "CarMaker to settle at maturity")
    wait_for(lambda: me.status()["pending"] == 0 and me.status()["round"] is None, 60,
             "every call to be in a block")
    book = me.book()
    assert [(p.id, p.holder, p.amount) for p in book.lineage("V1.1")] == [
        ("V1", "SeatCo", Decimal("1000000.00")), ("V1.1", "Bank", Decimal("300000.00"))]
    assert book.financings["V1.1"].net == Decimal("294600.00")  # 300,000 × 3.6% × 180/360
    blocks = me.get("blocks", since=1, limit=200)
    actions = [c["action"] for b in blocks for c in b["calls"] if c["contract"] != "governance"]
    for action in ("grant_credit_line", "issue", "confirm", "split", "transfer", "finance",
                   "settle"):
        assert action in actions
    last = blocks[-1]
    assert SLOW not in last["signers"] and {"v1", "v2", "v3"} <= set(last["signers"])

    # --- refusals: forged, replayed, outside the role; nothing changes ---------------
    bank2 = ClassClient(url, CODE, name="Bank2", key_file=tmp_path / "bank2.pem")
    bank2.join(role="bank")
    wait_for(lambda: "Bank2" in me.book().parties, 30, "Bank2 to be a party")
    call = ContractCall.create(bank2.key, "CreditVouchers", "grant_credit_line",
                               {"core": "CarMaker", "limit": Decimal("100000.00")},
                               bank2.read("me")["nonce"])
    accepted = Envelope.create(bank2.key, "act", {"call": call.serialize().decode()})
    post = HttpTransport(url, CODE)
    assert post.request("POST", "api/message", accepted.to_bytes())["ok"]
    before = (me.get("book"), me.status()["pending"])
    with pytest.raises(Refused) as replayed:
        post.request("POST", "api/message", accepted.to_bytes())
    assert replayed.value.rule == "classroom.replay" and replayed.value.status == 409
    forged_body = json.loads(accepted.to_bytes())
    forged_body["body"]["call"] = forged_body["body"]["call"].replace("100000.00", "900000.00")
    with pytest.raises(Refused) as forged:
        post.request("POST", "api/message", json.dumps(forged_body).encode())
    assert forged.value.rule == "classroom.forged" and forged.value.status == 403
    impostor = Envelope.create(KeyPair.generate(), "act", {"call": call.serialize().decode()})
    with pytest.raises(Refused) as not_joined:
        post.request("POST", "api/message", impostor.to_bytes())
    assert not_joined.value.rule == "classroom.not_joined"
    with pytest.raises(Refused) as outside:
        bank2.act("issue", to="SeatCo", amount=Decimal("1.00"), due=date(2026, 1, 1),
                  trade_ref="PO-FAKE")
    assert outside.value.rule == "voucher.issue_by_core"
    assert "Only a core enterprise issues" in outside.value.in_language("en")
    assert "只有核心企业才能签发凭证" in outside.value.in_language("zh")
    assert (me.get("book"), me.status()["pending"]) == before
    refusals = [a["rule"] for a in me.audit() if not a["ok"]]
    assert {"classroom.replay", "classroom.forged", "classroom.not_joined",
            "voucher.issue_by_core"} <= set(refusals)

    # --- the service is killed and restarted: the chain is intact -------------------
    wait_for(lambda: me.status()["pending"] == 0 and me.status()["round"] is None, 60,
             "the last calls to be sealed")
    record = lecturer.export()
    service = next(name for name in room.running if name.startswith("service"))
    room.kill(service)
    port = int(url.rstrip("/").rsplit(":", 1)[1])
    again = _serve(room, str(tmp_path / "class.db"), port=port, code=None)
    assert again["height"] == len(record["blocks"])
    assert lecturer.export()["blocks"] == record["blocks"]
    rebuilt = load_export(lecturer.export())
    assert rebuilt.chain.validate() and rebuilt.voucher("V1.2").status == "SETTLED"

    # --- and the class goes on: the surviving validators seal a new block ------------
    height = me.status()["height"]
    bank2.act("grant_credit_line", core="CarMaker", limit=Decimal("200000.00"))
    wait_for(lambda: me.status()["height"] > height, 60, "a block after the restart")
    assert me.book().credit_lines["CarMaker"]["Bank2"] == Decimal("200000.00")
