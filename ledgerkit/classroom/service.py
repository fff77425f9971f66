"""The class ledger service (课堂账本服务): a tornado HTTP and WebSocket server around one
`ClassNetwork`, so every student's kernel is a node of the same chain.

Run it on a laptop (a join code guards it) or as a JupyterHub service (hub tokens guard it:
`JUPYTERHUB_API_TOKEN` is set, and each request carries the user's token):

    python -m ledgerkit.classroom serve --code ABC123 --port 8765 --db class.db

Routes (under `--prefix`, default "/"):

| route | who | what |
| --- | --- | --- |
| GET health | anyone | is it up; does it want a code or a hub token |
| POST api/message | students | one signed `Envelope`: join, act, vote or a private read |
| GET api/status, api/book, api/blocks, api/frame, api/roster | class members | public reads |
| GET api/events?after=N&wait=S | class members | events after N, waiting up to S seconds |
| WebSocket api/ws?after=N | class members | the same events, pushed as they happen |
| POST api/lecturer, GET api/export | the lecturer | faults, the clock, the export |
| GET dashboard | the lecturer | the live class dashboard to project |

A refusal answers with HTTP 4xx and `{"ok": false, "rule", "en", "zh"}`: the rule broken, in
both languages. The consensus engine is driven by a timer every `tick_ms` milliseconds.

>>> make_app(ClassNetwork(Store(), ClassSettings(seed="doc")), tick_ms=50).settings["prefix"]
'/'
"""

from __future__ import annotations

import asyncio
import hmac
import inspect
import json
import os
import time
from typing import Any

import tornado.web
import tornado.websocket
from tornado.httpserver import HTTPServer
from tornado.ioloop import PeriodicCallback
from tornado.netutil import bind_sockets

from ledgerkit.classroom.network import ClassNetwork, ClassSettings
from ledgerkit.classroom.protocol import ClassroomError, bilingual
from ledgerkit.classroom.store import Store
from ledgerkit.errors import LedgerError
from ledgerkit.i18n import Phrase, register_strings

MAX_BODY = 256 * 1024  # a message is a few kB; anything bigger is refused unread
MAX_WAIT_S = 25.0  # a long poll returns after this long even if nothing happened

register_strings({
    "classroom.wrong_code": (
        "Wrong or missing class code: ask your lecturer for the code and join with "
        "%classroom join CODE.",
        "课堂代码错误或缺失：请向讲师索取代码，并用 %classroom join CODE 加入。"),
    "classroom.hub_denied": (
        "JupyterHub did not accept this request's token: open the notebook from the hub "
        "(the kernel then carries your token), or ask your lecturer for access.",
        "JupyterHub 不接受该请求的令牌：请从 JupyterHub 打开笔记本（内核会自动携带你的令牌），"
        "或请讲师开通权限。"),
    "classroom.lecturer_only": ("Only the lecturer may do this.", "只有讲师才能这样做。"),
    "classroom.need_code": (
        "{db} holds no class yet: start a new one with a join code, e.g. --code ABC123.",
        "{db} 中还没有课堂：请用加入代码新建一个，例如 --code ABC123。"),
    "classroom.too_big": ("The message is too big ({size} bytes; at most {limit}).",
                          "消息过大（{size} 字节；最多 {limit} 字节）。"),
    "classroom.bad_json": ("The request body is not JSON: {detail}.",
                           "请求体不是 JSON：{detail}。"),
})


class Denied(ClassroomError):
    """The request did not prove it comes from the class (code or hub token)."""

    status = 403


class HubGate:
    """Asks JupyterHub who a token belongs to (JupyterHub service mode). jupyterhub is
    imported only here, when the service runs on a hub."""

    def __init__(self) -> None:
        from jupyterhub.services.auth import HubAuth  # only on a hub

        self.auth = HubAuth(api_token=os.environ["JUPYTERHUB_API_TOKEN"], cache_max_age=60)

    async def user(self, token: str) -> dict[str, Any] | None:
        """The hub's user model for `token`, if it may use this service; else None."""
        found = self.auth.user_for_token(token, use_cache=True, sync=False)
        if inspect.isawaitable(found):
            found = await found
        if not found:
            return None
        checker = getattr(self.auth, "check_scopes", None)
        if checker is not None and not checker(self.auth.access_scopes, found):
            return None
        return found


class ClassAccess:
    """Who is asking: a class member (code or hub token), the lecturer, or an outsider."""

    settings: dict[str, Any]
    request: Any
    get_query_argument: Any

    @property
    def network(self) -> ClassNetwork:
        return self.settings["network"]

    def _token(self) -> str:
        header = self.request.headers.get("Authorization", "")
        if header.lower().startswith("token "):
            return header[6:].strip()
        return self.get_query_argument("token", "")

    async def member(self) -> tuple[str | None, bool]:
        """(hub user name or None, is lecturer); raises Denied for an outsider."""
        gate: HubGate | None = self.settings["hub"]
        lecturer_token = self.request.headers.get("X-Lecturer-Token") or self.get_query_argument(
            "lecturer", "")
        is_lecturer = bool(lecturer_token) and hmac.compare_digest(
            lecturer_token.encode(), self.network.lecturer_token.encode())
        if gate is not None:
            if is_lecturer:
                return None, True
            user = await gate.user(self._token())
            if user is None:
                raise Denied("classroom.hub_denied")
            return user["name"], bool(user.get("admin"))
        code = self.request.headers.get("X-Class-Code") or self.get_query_argument("code", "")
        if code != self.network.settings.code and not is_lecturer:
            raise Denied("classroom.wrong_code")
        return None, is_lecturer


class Handler(ClassAccess, tornado.web.RequestHandler):
    """Shared by the routes: who is asking, and answering in JSON."""

    def set_default_headers(self) -> None:
        self.set_header("Cache-Control", "no-store")

    def answer(self, data: Any, status: int = 200) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "application/json; charset=utf-8")
        self.finish(json.dumps(data, ensure_ascii=False))

    def refuse(self, refusal: LedgerError) -> None:
        self.answer({"ok": False, **bilingual(refusal)}, getattr(refusal, "status", 400))

    async def lecturer(self) -> None:
        _, is_lecturer = await self.member()
        if not is_lecturer:
            raise Denied("classroom.lecturer_only")


class HealthHandler(Handler):
    """GET health: up or not (no code needed)."""

    def get(self) -> None:
        self.answer({"ok": True, "hub": self.settings["hub"] is not None,
                     "height": self.network.chain.height})


class MessageHandler(Handler):
    """POST api/message: one signed envelope from a student's kernel."""

    async def post(self) -> None:
        try:
            hub_user, _ = await self.member()
            size = len(self.request.body)
            if size > MAX_BODY:
                raise ClassroomError("classroom.too_big", size=size, limit=MAX_BODY)
            said = self.network.handle(self.request.body, hub_user)
        except LedgerError as refusal:
            self.refuse(refusal)
            return
        self.answer({"ok": True, **said})


class ReadHandler(Handler):
    """GET api/<what>: the public reads every class member may make."""

    async def get(self, what: str) -> None:
        try:
            await self.member()
        except LedgerError as refusal:
            self.refuse(refusal)
            return
        net = self.network
        number = self._number
        readers = {
            "status": net.status,
            "book": lambda: net.book(self.get_query_argument("member", None)),
            "roster": net.roster,
            "blocks": lambda: net.blocks(number("since", 1), min(number("limit", 50), 200)),
            "frame": lambda: net.frame(number("index", -1) if self.get_query_argument(
                "index", "") else None),
        }
        if what not in readers:
            raise tornado.web.HTTPError(404)
        self.answer({"ok": True, what: readers[what]()})

    def _number(self, name: str, default: int) -> int:
        try:
            return int(self.get_query_argument(name, str(default)))
        except ValueError:
            return default


class EventsHandler(Handler):
    """GET api/events?after=N&wait=S: a long poll for the events after N."""

    async def get(self) -> None:
        try:
            await self.member()
        except LedgerError as refusal:
            self.refuse(refusal)
            return
        try:
            after = int(self.get_query_argument("after", "0"))
            wait = min(float(self.get_query_argument("wait", "0")), MAX_WAIT_S)
        except ValueError:
            after, wait = 0, 0.0
        net = self.network
        found = net.events_since(after)
        if not found and wait > 0:
            waiter = asyncio.get_running_loop().create_future()
            self.settings["waiters"].add(waiter)
            try:
                await asyncio.wait_for(asyncio.shield(waiter), timeout=wait)
            except asyncio.TimeoutError:
                pass
            except asyncio.CancelledError:  # the service is stopping: no answer to give
                return
            finally:
                self.settings["waiters"].discard(waiter)
            found = net.events_since(after)
        if self.request.connection.stream.closed():
            return
        self.answer({"ok": True, "events": found, "boot": net.boot})


class EventSocket(ClassAccess, tornado.websocket.WebSocketHandler):
    """WebSocket api/ws?after=N: every event after N, pushed as it happens."""

    async def get(self, *args: Any, **kwargs: Any) -> None:
        try:
            await self.member()
        except LedgerError as refusal:
            self.set_status(getattr(refusal, "status", 403))
            self.finish(json.dumps(bilingual(refusal), ensure_ascii=False))
            return
        await super().get(*args, **kwargs)

    def open(self) -> None:
        try:
            self.last = int(self.get_query_argument("after", "0"))
        except ValueError:
            self.last = 0
        self.settings["sockets"].add(self)
        self.push()

    def push(self) -> None:
        for event in self.network.events_since(self.last, limit=500):
            self.last = event["id"]
            self.write_message(json.dumps(event, ensure_ascii=False))

    def on_message(self, message: str | bytes) -> None:
        """Clients only listen; what they say is ignored."""

    def on_close(self) -> None:
        self.settings["sockets"].discard(self)


class LecturerHandler(Handler):
    """POST api/lecturer {"op": ..., ...}: faults and the clock; GET api/export."""

    async def post(self) -> None:
        try:
            await self.lecturer()
            try:
                command = json.loads(self.request.body or b"{}")
            except ValueError:
                raise ClassroomError("classroom.bad_json", detail=Phrase("msg.why.json")) from None
            if not isinstance(command, dict):
                raise ClassroomError("classroom.bad_json", detail=Phrase("msg.why.object"))
            op = command.pop("op", "")
            said = self.network.lecturer(op, **command)
        except LedgerError as refusal:
            self.refuse(refusal)
            return
        self.answer({"ok": True, **said})

    async def get(self) -> None:
        try:
            await self.lecturer()
        except LedgerError as refusal:
            self.refuse(refusal)
            return
        self.answer({"ok": True, "export": self.network.export()})


class DashboardHandler(Handler):
    """GET dashboard: the page the lecturer projects; GET dashboard/part: its live part."""

    async def get(self, part: str = "") -> None:
        try:
            _, is_lecturer = await self.member()
        except LedgerError as refusal:
            self.refuse(refusal)
            return
        from ledgerkit.classroom import render

        lang = self.get_query_argument("lang", "en")
        lang = lang if lang in ("en", "zh") else "en"
        net = self.network
        if part:
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.finish(render.dashboard_html(net.status(), net.voting_frame(), net.blocks(
                max(1, net.chain.height - 7)), lang))
            return
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.finish(render.dashboard_page(net.settings.code, lang, is_lecturer))


def make_app(network: ClassNetwork, *, prefix: str = "/", tick_ms: int = 100,
             hub: HubGate | None = None) -> tornado.web.Application:
    """The tornado application serving `network` under `prefix`."""
    prefix = "/" + prefix.strip("/") + "/" if prefix.strip("/") else "/"
    routes = [
        (f"{prefix}health", HealthHandler),
        (f"{prefix}api/message", MessageHandler),
        (f"{prefix}api/(status|book|roster|blocks|frame)", ReadHandler),
        (f"{prefix}api/events", EventsHandler),
        (f"{prefix}api/ws", EventSocket),
        (f"{prefix}api/lecturer", LecturerHandler),
        (f"{prefix}api/export", LecturerHandler),
        (f"{prefix}dashboard/?", DashboardHandler),
        (f"{prefix}dashboard/(part)", DashboardHandler),
    ]
    return tornado.web.Application(routes, network=network, hub=hub, prefix=prefix,
                                   waiters=set(), sockets=set(), tick_ms=tick_ms,
                                   websocket_ping_interval=20)


def start_ticking(app: tornado.web.Application) -> PeriodicCallback:
    """Drive consensus every `tick_ms` and wake long polls and sockets on new events."""
    network: ClassNetwork = app.settings["network"]
    pending_wake = {"due": False}

    def wake() -> None:
        if pending_wake["due"]:
            return
        pending_wake["due"] = True

        def later() -> None:
            pending_wake["due"] = False
            for waiter in list(app.settings["waiters"]):
                if not waiter.done():
                    waiter.set_result(True)
            for socket in list(app.settings["sockets"]):
                socket.push()

        asyncio.get_running_loop().call_soon(later)

    network.listeners.append(wake)

    def beat() -> None:
        now = time.monotonic()
        for _ in range(4):  # a few rounds per beat when messages are in flight
            if not network.tick(now):
                break

    timer = PeriodicCallback(beat, app.settings["tick_ms"])
    timer.start()
    return timer


async def serve(db: str, settings: ClassSettings | None, *, host: str = "127.0.0.1",
                port: int = 8765, prefix: str = "/", tick_ms: int = 100,
                access_log: bool = False) -> None:
    """Open (or start) the class in `db` and serve it until stopped. Prints one JSON line,
    {"ready": url, "code": ..., "lecturer_token": ...}, once it listens. `access_log`
    writes every request, with the time the service spent on it, to stderr."""
    import logging
    import signal

    if access_log:
        logger = logging.getLogger("tornado.access")
        logger.setLevel(logging.INFO)
        logger.addHandler(logging.StreamHandler())

    store = Store(db)
    if settings is None and store.config() is None:
        store.close()
        raise ClassroomError("classroom.need_code", db=db)
    network = ClassNetwork(store, settings)
    hub = HubGate() if os.environ.get("JUPYTERHUB_API_TOKEN") else None
    prefix = os.environ.get("JUPYTERHUB_SERVICE_PREFIX", prefix) if hub else prefix
    app = make_app(network, prefix=prefix, tick_ms=tick_ms, hub=hub)
    sockets = bind_sockets(port, address=host)
    bound = sockets[0].getsockname()[1]  # the real port, when asked for port 0
    server = HTTPServer(app, max_body_size=MAX_BODY * 4)
    server.add_sockets(sockets)
    timer = start_ticking(app)
    print(json.dumps({"ready": f"http://{host}:{bound}{app.settings['prefix']}",
                      "code": network.settings.code, "lecturer_token": network.lecturer_token,
                      "height": network.chain.height, "hub": hub is not None}), flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    timer.stop()
    server.stop()
    store.close()
