"""The pieces under the network: values on the wire, envelopes, the replay window, roles,
the plays of simulated classmates, and a simulated class at home."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from ledgerkit.classroom.client import Refused, book_contract
from ledgerkit.classroom.network import EngineView
from ledgerkit.classroom.plays import Plan, next_move
from ledgerkit.classroom.protocol import (
    BadMessage,
    Envelope,
    Replayed,
    ReplayGuard,
    dumps,
    from_wire,
    loads,
    to_wire,
)
from ledgerkit.classroom.roles import Role, next_role
from ledgerkit.classroom.simulated import SimulatedClass
from ledgerkit.consensus.pbft import PBFT
from ledgerkit.crypto import KeyPair
from ledgerkit.errors import InputError
from ledgerkit.finance.voucher import Financing, Voucher


def test_vouchers_and_frames_cross_the_wire_unchanged():
    piece = Voucher("V1.2", "A", "B", Decimal("700000.00"), date(2025, 6, 30), "PO-1",
                    date(2025, 1, 1), "V1", "V1", 1, "CONFIRMED", ("V1.2.1", "V1.2.2"))
    deal = Financing("V1.1", "C", "bank", Decimal("300000.00"), Decimal("0.036"),
                     date(2025, 4, 1), date(2025, 6, 30), 90, Decimal("2700.00"),
                     Decimal("297300.00"))
    assert loads(dumps([piece, deal])) == [piece, deal]
    pbft = PBFT(4)
    pbft.run_request("block 1")
    frame = EngineView(pbft).frame_at(3)
    assert from_wire(to_wire(frame)) == frame


def test_an_envelope_says_what_is_wrong_with_it():
    good = Envelope.create(KeyPair.from_seed("a"), "act", {"x": 1}).to_bytes()
    assert Envelope.parse(good).verify()
    cases = {b'{"v": 2}': "fields missing",
             good.replace(b'"act"', b'"hack"'): "kind must be one of",
             good.replace(b'"v":1', b'"v":2'): "v must be 1"}
    for raw, detail in cases.items():
        with pytest.raises(BadMessage) as refused:
            Envelope.parse(raw)
        assert detail in str(refused.value)


def test_the_replay_window_forgets_old_nonces_but_refuses_old_messages():
    guard = ReplayGuard(window=10)
    guard.check("a" * 40, "0" * 32, sent=100, now=100)
    with pytest.raises(Replayed):
        guard.check("a" * 40, "0" * 32, sent=100, now=105)
    guard.check("b" * 40, "1" * 32, sent=200, now=200)  # later: the first nonce is forgotten
    assert len(guard) == 1
    with pytest.raises(Replayed) as stale:
        guard.check("a" * 40, "0" * 32, sent=100, now=200)  # …but the message is too old
    assert stale.value.rule == "classroom.stale"


def test_roles_read_from_text_and_handed_out_in_order():
    assert Role.parse("Supplier:3") == Role("supplier", 3)
    for bad in ("supplier:x", "bank:2", "king", "supplier:9"):
        with pytest.raises(InputError):
            Role.parse(bad)
    roles: list[Role] = []
    for _ in range(12):
        roles.append(next_role(roles, free_seats=2 - sum(r.kind == "validator" for r in roles)))
    assert [r.kind for r in roles].count("validator") == 2
    assert [r.tier for r in roles if r.kind == "supplier"][:3] == [1, 2, 3]


def test_the_plays_tell_each_role_its_next_move():
    roster = [{"name": "A", "role": "core", "tier": None},
              {"name": "B", "role": "supplier", "tier": 1},
              {"name": "C", "role": "supplier", "tier": 2},
              {"name": "K", "role": "bank", "tier": None}]
    parties = {"A": "core", "B": "supplier", "C": "supplier", "K": "bank"}
    today = date(2025, 1, 1)
    book = book_contract({"parties": parties, "credit_lines": {"A": {"K": Decimal("5e6")}},
                          "issued": {}})
    move = next_move(roster[0], book, roster, today)
    assert (move.action, move.args["to"], move.args["due"]) == ("issue", "B", date(2025, 6, 30))
    root = Voucher("V1", "A", "B", Decimal("1000000.00"), date(2025, 6, 30), "PO-A-1", today,
                   "V1", None, 0, "CONFIRMED")
    book.vouchers["V1"] = root
    move = next_move(roster[1], book, roster, today)
    assert move.action == "split" and move.args["amounts"] == [Decimal("300000.00"),
                                                               Decimal("700000.00")]
    assert next_move(roster[0], book, roster, date(2025, 6, 30)).action == "settle"
    assert next_move(roster[3], book, roster, today) is None  # A already has K's line
    assert next_move(roster[0], book, roster, today, Plan(vouchers=1)) is None


def test_a_simulated_class_plays_the_whole_round_the_same_way_every_time():
    runs = []
    for _ in range(2):
        home = SimulatedClass(seed="same")
        home.lecturer("advance", days=181)
        runs.append(home)
    first, second = (run.network.chain for run in runs)
    assert first.blocks[-1].hash() == second.blocks[-1].hash() and first.validate()
    book = book_contract(from_wire(runs[0].network.book()))
    assert {v.status for v in book.live_pieces("V1")} <= {"SETTLED"} or not book.live_pieces(
        "V1")
    assert {book.voucher(v).status for v in ("V1.2", "V1.1.1", "V1.1.2")} == {"SETTLED"}
    assert runs[0].errors == []


def test_at_home_you_act_and_are_refused_like_in_class():
    home = SimulatedClass(seed="home")
    you = home.join("you", role="supplier:3")
    assert you.me["label"] == {"en": "supplier (tier 3)", "zh": "3 级供应商"}
    with pytest.raises(Refused) as refused:
        you.act("issue", to="SeatCo", amount=Decimal("1"), due=date(2025, 6, 30),
                trade_ref="PO-ME")
    assert refused.value.rule == "voucher.issue_by_core"
    assert "只有核心企业" in refused.value.in_language("zh")
    said = home.lecturer("crash")
    assert "crashes" in said["caption"]["en"]
    assert home.network.chain.validate()
