"""The class network's rules: joining and roles, signed actions under the voucher rules,
refusals that change nothing, and PBFT voting by student validators."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest
from rooms import Room

from ledgerkit.classroom.network import ClassNetwork, ClassSettings
from ledgerkit.classroom.protocol import BadMessage, ClassroomError, Envelope, Forged, Replayed
from ledgerkit.classroom.store import Store
from ledgerkit.contracts import ContractCall, ContractError, PermissionDenied
from ledgerkit.errors import InputError


# --- joining -------------------------------------------------------------------------------
def test_students_get_the_roles_of_a_voucher_round_in_order(room):
    roles = [room.join(f"s{i}")["label"]["en"] for i in range(5)]
    assert roles == ["core enterprise", "bank", "supplier (tier 1)", "validator node",
                     "regulator"]
    room.run()
    assert room.net.seats[0] == "s3" and room.net.chain.members["s3"].node_kind == "consensus"
    assert "node-0" not in room.net.chain.members  # the service's seat was handed over
    assert room.net.chain.validate()


def test_joining_again_with_the_same_key_gives_the_same_role(room):
    first = room.join("alice", "supplier:2")
    again = room.send("alice", "join", {"name": "alice", "role": "bank"})
    assert (again["role"], again["tier"], again["address"]) == ("supplier", 2, first["address"])


def test_a_name_taken_by_another_key_is_refused_and_nothing_changes(room):
    room.join("alice", "bank")
    before = room.state()
    room.keys["mallory"] = room.key("mallory")
    with pytest.raises(PermissionDenied) as refused:
        room.net.handle(Envelope.create(room.key("mallory"), "join",
                                        {"name": "alice"}).to_bytes())
    assert refused.value.rule == "classroom.name_taken"
    assert room.state() == before


def test_all_seats_taken_refuses_another_validator(room):
    for i in range(4):
        room.join(f"v{i}", "validator")
    with pytest.raises(ClassroomError) as refused:
        room.join("v9", "validator")
    assert refused.value.rule == "classroom.no_seat"
    assert "验证节点席位" in refused.value.in_language("zh")


def test_a_bad_name_or_role_is_refused(room):
    with pytest.raises(ClassroomError):
        room.join("node-7")
    with pytest.raises(InputError):
        room.join("alice", "emperor")
    assert room.net.students == {}


def test_a_hub_user_who_lost_their_key_gets_a_new_one_with_the_same_vouchers(voucher_class):
    room = voucher_class
    net = room.net
    net.handle(room.envelope("hubkey1", "join", {"role": "supplier:3"}), hub_user="li.wei")
    room.run()
    assert "li-wei" in net.chain.members
    old = net.chain.members["li-wei"].address
    new = net.handle(room.envelope("hubkey2", "join", {}), hub_user="li.wei")
    room.run()
    assert new["name"] == "li-wei" and new["address"] != old
    assert net.chain.members["li-wei"].address == new["address"]
    assert net.chain.validate()


# --- acting --------------------------------------------------------------------------------
def test_a_full_voucher_round_with_student_validators(voucher_class):
    room = voucher_class
    room.act("CarMaker", "issue", to="SeatCo", amount=Decimal("1000000"), due=date(2025, 6, 30),
             trade_ref="PO-1")
    room.act("CarMaker", "confirm", voucher_id="V1")
    room.act("SeatCo", "split", voucher_id="V1", amounts=[Decimal("300000"), Decimal("700000")])
    room.act("SeatCo", "transfer", voucher_id="V1.1", to="FrameCo")
    financed = room.act("FrameCo", "finance", voucher_id="V1.1", bank="Bank",
                        annual_rate=Decimal("0.036"), on=date(2025, 4, 1))
    assert financed["result"]["fields"]["net"] == {"$decimal": "297300.00"}  # DOMAIN example
    room.run()
    room.net.lecturer("advance", days=180)
    room.run()
    paid = room.act("CarMaker", "settle")["result"]
    room.run()
    assert [(p["fields"]["holder"], p["fields"]["amount"]["$decimal"]) for p in paid] == [
        ("Bank", "300000.00"), ("SeatCo", "700000.00")]
    chain = room.net.chain
    assert chain.validate() and not chain.pending_calls
    signers = {room.net.name_of(s.address) for s in chain.blocks[-1].signatures}
    assert signers == {"v1", "v2", "v3", "v4"}  # the students signed the block, not the service


def test_acting_outside_the_role_is_refused_in_both_languages_and_changes_nothing(
        voucher_class):
    room = voucher_class
    before = room.state()
    with pytest.raises(ContractError) as refused:
        room.act("Bank", "issue", to="SeatCo", amount=Decimal("1"), due=date(2025, 6, 30),
                 trade_ref="PO-X")
    assert refused.value.rule == "voucher.issue_by_core"
    assert refused.value.in_language("zh") == "只有核心企业才能签发凭证；Bank 是银行。"
    with pytest.raises(PermissionDenied) as regulator:
        room.act("Reg", "issue", to="SeatCo", amount=Decimal("1"), due=date(2025, 6, 30),
                 trade_ref="PO-Y")
    assert regulator.value.rule == "contract.role"
    assert room.state() == before
    log = room.store.attempts()
    assert [a["rule"] for a in log[-2:]] == ["voucher.issue_by_core", "contract.role"]
    assert {a["who"] for a in log[-2:]} == {"Bank", "Reg"}


def test_a_student_acts_only_with_their_own_key(voucher_class):
    room = voucher_class
    before = room.state()
    somebody_elses = room.call("SeatCo", "transfer", voucher_id="V1", to="FrameCo")
    with pytest.raises(Forged) as refused:
        room.send("FrameCo", "act", {"call": somebody_elses.serialize().decode()})
    assert refused.value.rule == "classroom.not_your_call"
    governance = ContractCall.create(room.key("Bank"), "governance", "propose",
                                     {"motion": {"kind": "remove_member", "name": "Bank"}},
                                     room.net.chain.nonce(room.key("Bank").address))
    with pytest.raises(PermissionDenied) as platform_only:
        room.send("Bank", "act", {"call": governance.serialize().decode()})
    assert platform_only.value.rule == "classroom.only_vouchers"
    assert room.state() == before


def test_a_forged_message_is_refused_and_changes_nothing(voucher_class):
    room = voucher_class
    before = room.state()
    call = room.call("Bank", "grant_credit_line", core="CarMaker", limit=Decimal("1"))
    message = json.loads(room.envelope("Bank", "act", {"call": call.serialize().decode()}))
    message["body"]["call"] = message["body"]["call"].replace('"1"', '"9000000"')
    with pytest.raises(Forged) as forged:
        room.net.handle(json.dumps(message))
    assert forged.value.rule == "classroom.forged"
    message["public_key"] = room.key("SeatCo").public_key.hex()
    with pytest.raises(Forged) as wrong_key:
        room.net.handle(json.dumps(message))
    assert wrong_key.value.rule == "classroom.wrong_key"
    assert room.state() == before


def test_a_replayed_message_is_refused_even_after_a_restart(tmp_path):
    store = Store(tmp_path / "class.db")
    room = Room(store, ClassSettings(code="TEST01", seed="r"))
    net = room.net
    room.join("Bank", "bank")
    message = room.envelope("CarMaker", "join", {"name": "CarMaker", "role": "core"})
    net.handle(message)
    with pytest.raises(Replayed) as replayed:
        net.handle(message)
    assert replayed.value.rule == "classroom.replay"
    store.close()
    reopened = ClassNetwork(Store(tmp_path / "class.db"))
    with pytest.raises(Replayed):
        reopened.handle(message)
    old = json.loads(room.envelope("Bank", "read", {"what": "me"}))
    old["time"] -= 3600
    with pytest.raises((Replayed, Forged)):  # re-signed or not, an hour-old message is dead
        reopened.handle(json.dumps(old))


def test_malformed_messages_get_a_clear_error(room):
    for raw, detail in ((b"not json", "not JSON"), (b"[]", "a JSON object"),
                        (b'{"v": 1}', "fields missing")):
        with pytest.raises(BadMessage) as refused:
            room.net.handle(raw)
        assert detail in str(refused.value)
    assert len(room.store.attempts()) == 3 and room.net.students == {}


def test_the_regulator_alone_reads_the_log_of_attempts(voucher_class):
    room = voucher_class
    assert room.send("Reg", "read", {"what": "audit"})["attempts"]
    with pytest.raises(PermissionDenied) as refused:
        room.send("Bank", "read", {"what": "audit"})
    assert refused.value.rule == "classroom.regulator_only"


# --- consensus -----------------------------------------------------------------------------
def test_blocks_commit_with_one_silent_validator_but_not_with_two(voucher_class):
    room = voucher_class
    room.silent = {"v4"}
    height = room.net.chain.height
    room.act("CarMaker", "issue", to="SeatCo", amount=Decimal("1000"), due=date(2025, 6, 30),
             trade_ref="PO-2")
    room.run()
    assert room.net.chain.height == height + 1
    room.silent = {"v3", "v4"}
    room.act("CarMaker", "confirm", voucher_id="V1")
    room.run(beats=200)
    assert room.net.chain.height == height + 1 and room.net.counts["timeouts"] > 0
    room.silent = {"v4"}  # v3 comes back: the class goes on
    room.run()
    assert room.net.chain.height == height + 2 and room.net.chain.validate()


def test_a_crashed_primary_makes_the_class_change_view(voucher_class):
    room = voucher_class
    said = room.net.lecturer("crash")  # the primary of the current view
    assert "crashes" in said["caption"]["en"] and "宕机" in said["caption"]["zh"]
    room.act("CarMaker", "issue", to="SeatCo", amount=Decimal("1000"), due=date(2025, 6, 30),
             trade_ref="PO-3")
    room.run()
    assert room.net.pbft.view >= 1 and not room.net.chain.pending_calls
    assert [e["event"] for e in room.net.events].count("block") >= 3


def test_a_byzantine_validator_is_seen_and_the_block_still_commits(voucher_class):
    room = voucher_class
    room.net.lecturer("byzantine", seat=2)
    room.act("CarMaker", "issue", to="SeatCo", amount=Decimal("1000"), due=date(2025, 6, 30),
             trade_ref="PO-4")
    room.run()
    block = room.net.chain.blocks[-1]
    assert not room.net.chain.pending_calls and room.net.chain.validate()
    assert "v3" not in {room.net.name_of(s.address) for s in block.signatures}


def test_a_partition_stalls_the_minority_side_only(voucher_class):
    room = voucher_class
    height = room.net.chain.height
    room.net.lecturer("partition", groups=[[0, 1]])  # two against two: no quorum anywhere
    room.act("CarMaker", "issue", to="SeatCo", amount=Decimal("1000"), due=date(2025, 6, 30),
             trade_ref="PO-5")
    room.run(beats=100)
    assert room.net.chain.height == height
    room.net.lecturer("heal")
    room.run()
    assert room.net.chain.height == height + 1


def test_votes_are_checked(voucher_class):
    room = voucher_class
    room.act("CarMaker", "issue", to="SeatCo", amount=Decimal("1000"), due=date(2025, 6, 30),
             trade_ref="PO-6")
    net = room.net
    with pytest.raises(PermissionDenied) as not_validator:
        room.send("Bank", "vote", {"seq": 1, "view": 0, "kinds": ["prepare"]})
    assert not_validator.value.rule == "classroom.not_validator"
    for _ in range(8):  # everything but COMMITs goes out: the validators hold those
        room.now += 0.05
        net.tick(room.now)
        for name in ("v1", "v2", "v3", "v4"):
            kinds = [w["kind"] for w in net.inbox(net.students[name])["waiting"]
                     if w["kind"] != "commit"]
            if kinds:
                room.send(name, "vote", {"seq": net.pbft.seq, "view": net.pbft.view,
                                         "kinds": kinds})
    waiting = [w["kind"] for w in net.inbox(net.students["v1"])["waiting"]]
    assert "commit" in waiting
    body = {"seq": net.pbft.seq, "view": net.pbft.view, "kinds": ["commit"],
            "block_signature": room.key("v1").sign(b"another block").hex()}
    with pytest.raises(Forged) as bad_signature:
        room.send("v1", "vote", body)
    assert bad_signature.value.rule == "classroom.bad_block_signature"
    with pytest.raises(ClassroomError) as stale:
        room.send("v1", "vote", {**body, "seq": net.pbft.seq - 1})
    assert stale.value.rule == "classroom.stale_vote"


def test_the_clock_waits_for_pending_calls_and_actions_wait_for_the_clock(voucher_class):
    room = voucher_class
    room.act("CarMaker", "issue", to="SeatCo", amount=Decimal("1000"), due=date(2025, 6, 30),
             trade_ref="PO-7")
    room.net.lecturer("advance", days=30)
    with pytest.raises(ClassroomError) as moving:
        room.act("CarMaker", "confirm", voucher_id="V1")
    assert moving.value.rule == "classroom.clock_moving"
    room.run()
    assert room.net.chain.today == date(2025, 1, 31)
    room.act("CarMaker", "confirm", voucher_id="V1")
    room.run()
    assert room.net.chain.validate()
