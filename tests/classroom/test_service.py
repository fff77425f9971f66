"""The tornado service around a class network, served on 127.0.0.1 in a thread: who may
ask what, answers in both languages, long polls, the WebSocket, the lecturer's routes and
the dashboard."""

from __future__ import annotations

import asyncio
import json
import threading
from datetime import date
from decimal import Decimal

import pytest
import tornado.httpclient
import tornado.websocket
from tornado.httpserver import HTTPServer
from tornado.netutil import bind_sockets

from ledgerkit.classroom.client import (
    AutoVoter,
    ClassClient,
    HttpTransport,
    Lecturer,
    Refused,
)
from ledgerkit.classroom.network import ClassNetwork, ClassSettings
from ledgerkit.classroom.service import MAX_BODY, make_app, start_ticking
from ledgerkit.classroom.store import Store

CODE = "SERV01"


@pytest.fixture
def served(tmp_path):
    """(url, lecturer token) of a class served by a thread of this process."""
    ready, place = threading.Event(), {}

    async def main() -> None:  # the class lives in the server's thread, as in a service
        network = ClassNetwork(Store(), ClassSettings(code=CODE, seed="s", timeout_s=1.0))
        place["token"] = network.lecturer_token
        app = make_app(network, tick_ms=20)
        sockets = bind_sockets(0, "127.0.0.1")
        server = HTTPServer(app)
        server.add_sockets(sockets)
        timer = start_ticking(app)
        place.update(url=f"http://127.0.0.1:{sockets[0].getsockname()[1]}/",
                     loop=asyncio.get_running_loop(), stop=asyncio.Event())
        ready.set()
        await place["stop"].wait()
        timer.stop()
        server.stop()

    thread = threading.Thread(target=asyncio.run, args=(main(),), daemon=True)
    thread.start()
    assert ready.wait(20)
    yield place["url"], place["token"], tmp_path
    place["loop"].call_soon_threadsafe(place["stop"].set)
    thread.join(20)


def _client(served, name: str, role: str) -> ClassClient:
    url, _, folder = served
    client = ClassClient(url, CODE, name=name, key_file=folder / f"{name}.pem")
    client.join(role=role)
    return client


def test_only_the_class_may_ask(served):
    url, _, _ = served
    assert HttpTransport(url).request("GET", "health")["ok"]
    for code in (None, "WRONG1"):
        with pytest.raises(Refused) as refused:
            HttpTransport(url, code).request("GET", "api/status")
        assert refused.value.rule == "classroom.wrong_code" and refused.value.status == 403
        assert "课堂代码" in refused.value.in_language("zh")
    assert HttpTransport(url, CODE).request("GET", "api/status")["status"]["code"] == CODE


def test_students_act_validators_vote_and_everybody_hears_of_it(served):
    voters = [AutoVoter(_client(served, f"v{i}", "validator"), poll_s=0.5) for i in range(4)]
    for voter in voters:
        voter.start()
    try:
        bank, core = _client(served, "Bank", "bank"), _client(served, "CarMaker", "core")
        _client(served, "SeatCo", "supplier:1")
        last = core.events(0)[-1]["id"]
        assert bank.act("grant_credit_line", core="CarMaker", limit=Decimal("1000000")) == \
            Decimal("1000000.00")
        voucher = core.act("issue", to="SeatCo", amount=Decimal("1000"),
                           due=date(2025, 6, 30), trade_ref="PO-1")
        assert (voucher.id, voucher.holder, voucher.amount) == ("V1", "SeatCo",
                                                                 Decimal("1000.00"))
        heard = []
        while not any(e["event"] == "block" for e in heard):
            heard += core.events(last, wait=10)
            last = heard[-1]["id"]
        assert {"call", "round", "block"} <= {e["event"] for e in heard}
        assert core.book().voucher("V1").issuer == "CarMaker"
    finally:
        for voter in voters:
            voter.stop()
        for voter in voters:
            voter.join(10)
        assert not any(voter.is_alive() for voter in voters)


def test_the_websocket_pushes_events(served):
    url, _, _ = served
    bank = _client(served, "Bank", "bank")

    async def listen() -> list[dict]:
        socket = await tornado.websocket.websocket_connect(
            url.replace("http", "ws") + f"api/ws?code={CODE}&after=0")
        first = json.loads(await socket.read_message())
        socket.close()
        return [first]

    heard = asyncio.run(listen())
    assert heard[0]["event"] in ("joined", "attempt", "round", "call", "block")
    assert bank.me["role"] == "bank"
    async def outsider() -> None:
        await tornado.websocket.websocket_connect(url.replace("http", "ws") + "api/ws")

    with pytest.raises(tornado.httpclient.HTTPClientError) as refused:
        asyncio.run(outsider())
    assert refused.value.code == 403


def test_the_lecturer_alone_injects_faults_and_exports(served):
    url, token, _ = served
    with pytest.raises(Refused) as refused:
        Lecturer(url, "not-the-token").command("crash")
    assert refused.value.rule == "classroom.wrong_code"
    student = HttpTransport(url, CODE)
    with pytest.raises(Refused) as not_lecturer:
        student.request("POST", "api/lecturer", b'{"op": "crash"}')
    assert not_lecturer.value.rule == "classroom.lecturer_only"
    lecturer = Lecturer(url, token)
    assert "crashes" in lecturer.command("crash", seat=1)["caption"]["en"]
    assert lecturer.status()["seats"][1]["fault"] == "crashed"
    with pytest.raises(Refused) as bad_fault:
        lecturer.command("flood")
    assert bad_fault.value.rule == "classroom.bad_fault"
    assert lecturer.export()["format"] == "ledgerkit-class-chain/1"


def test_the_dashboard_page_and_its_live_part(served):
    url, token, _ = served
    page = HttpTransport(url)
    with pytest.raises(Refused):
        page.request("GET", "dashboard")  # no code: refused
    import urllib.request

    with urllib.request.urlopen(f"{url}dashboard?code={CODE}&lecturer={token}") as answer:
        html = answer.read().decode()
    assert "api/ws" in html and "crash primary" in html
    with urllib.request.urlopen(f"{url}dashboard/part?code={CODE}&lang=zh") as answer:
        part = answer.read().decode()
    assert "验证节点席位" in part and 'class="lk-class-seat"' in part


def test_an_oversized_or_malformed_message_is_refused(served):
    url, _, _ = served
    post = HttpTransport(url, CODE)
    with pytest.raises(Refused) as big:
        post.request("POST", "api/message", b"x" * (MAX_BODY + 1))
    assert big.value.rule == "classroom.too_big"
    with pytest.raises(Refused) as malformed:
        post.request("POST", "api/message", b"{not json")
    assert malformed.value.rule == "classroom.bad_message" and malformed.value.status == 400


def test_a_new_class_needs_a_code(tmp_path):
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "ledgerkit.classroom", "serve", "--db",
                           str(tmp_path / "new.db"), "--port", "0"], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 1 and "--code ABC123" in done.stderr
