"""A student's connection to the class ledger service (课堂客户端).

`ClassClient` is what `%classroom join` and the widgets use. It keeps the student's key in a
file (so a restarted kernel is the same student), signs every message, and speaks plain
HTTP (urllib: a kernel's own event loop is never touched). `LocalTransport` makes the same
client talk to a `ClassNetwork` in the same process: that is how a simulated class works.

    client = ClassClient("http://127.0.0.1:8765", code="ABC123", name="alice")
    client.join(role="supplier:1")
    client.act("split", voucher_id="V1", amounts=[Decimal("300000"), Decimal("700000")])
    client.vote()                       # a validator approves what its node waits to send

A refusal raises `Refused`, a LedgerError that carries the service's message in English and
Chinese. `AutoVoter` is a thread that answers a validator's votes by itself.

>>> book_contract({"parties": {"A": "core"}, "vouchers": {}}).parties
{'A': 'core'}
"""

from __future__ import annotations

import http.client
import json
import os
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from ledgerkit.classroom.protocol import Envelope, from_wire
from ledgerkit.consensus.pbft import COMMIT, PREPARE
from ledgerkit.contracts import ContractCall
from ledgerkit.crypto import KeyPair
from ledgerkit.errors import LedgerError
from ledgerkit.finance.voucher import CreditVouchers, FrozenValues
from ledgerkit.i18n import Phrase, get_language, register_strings, text

CONTRACT = "CreditVouchers"
VOTE_KINDS = (PREPARE, COMMIT)
KEY_HOME = Path(os.environ.get("LEDGERKIT_HOME", Path.home() / ".ledgerkit")) / "classroom"

register_strings({
    "net.why.broken": ("an empty or broken answer", "回复为空或不完整"),
    "net.why.refused": ("the connection was refused", "连接被拒绝"),
    "net.why.timeout": ("it timed out", "连接超时"),
    "net.why.other": ("`{reason}`", "`{reason}`"),
    "classroom.unreachable": (
        "The class ledger service at {url} does not answer ({detail}). Is the lecturer's "
        "service running, and is the address right?",
        "位于 {url} 的课堂账本服务没有响应（{detail}）。讲师的服务是否在运行？地址是否正确？"),
    "classroom.not_joined_yet": ("Join the class first: %classroom join CODE.",
                                 "请先加入课堂：%classroom join CODE。"),
    "classroom.your_key_only": (
        "You hold only your own key ({me}): you cannot act as {other}.",
        "你只持有自己的密钥（{me}）：不能以 {other} 的身份操作。"),
})


class Refused(LedgerError):
    """The service refused a message; `rule` names the rule, the message is bilingual.

    >>> str(Refused({"rule": "x", "en": "No.", "zh": "不。"}))
    'No.'
    """

    def __init__(self, answer: dict[str, Any]) -> None:
        self.key, self.fields = str(answer.get("rule", "?")), {}
        self.messages = {"en": str(answer.get("en", "")), "zh": str(answer.get("zh", ""))}
        self.status = answer.get("status")
        Exception.__init__(self, self.in_language(get_language()))

    @property
    def rule(self) -> str:
        """The i18n key of the broken rule, e.g. 'voucher.not_holder'."""
        return self.key

    def in_language(self, lang: str) -> str:
        """The refusal in `lang`, as the service wrote it."""
        return self.messages.get(lang) or self.messages["en"]


class Unreachable(LedgerError):
    """The service did not answer at all.

    >>> str(Unreachable("classroom.unreachable", url="http://x/", detail="refused"))[:33]
    'The class ledger service at http:'
    """


def load_key(path: Path) -> KeyPair:
    """The key kept in `path` (PEM), made and saved (readable by its owner only) if new.

    >>> import tempfile; folder = Path(tempfile.mkdtemp())
    >>> load_key(folder / "k.pem").address == load_key(folder / "k.pem").address
    True
    """
    if path.exists():
        return KeyPair.from_pem(path.read_text(encoding="ascii"))
    key = KeyPair.generate()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(key.to_pem(), encoding="ascii")
    path.chmod(0o600)
    return key


def book_contract(book: dict[str, Any]) -> CreditVouchers:
    """A read-only CreditVouchers rebuilt from the service's book, so the contract's own
    views (voucher, lineage, live_pieces, tree, credit_available) answer in the kernel.

    >>> from decimal import Decimal
    >>> book_contract({"credit_lines": {"A": {"K": Decimal("9")}}}).credit_available("A")
    Decimal('9.00')
    """
    contract = object.__new__(CreditVouchers)
    state = {"parties": {}, "max_depth": None, "credit_lines": {}, "issued": {},
             "trade_documents": {}, "vouchers": {}, "financings": {}, "roots": 0}
    state.update({k: v for k, v in book.items() if k in state})
    for name in ("parties", "issued", "trade_documents", "vouchers", "financings"):
        state[name] = FrozenValues(state[name])
    vars(contract).update(state)
    return contract


class HttpTransport:
    """Requests to the service over HTTP, with the class code or the hub token.

    >>> HttpTransport("http://127.0.0.1:8765", code="ABC123").headers["X-Class-Code"]
    'ABC123'
    """

    def __init__(self, url: str, code: str | None = None, hub_token: str | None = None,
                 lecturer_token: str | None = None, timeout: float = 30.0,
                 retry_s: float = 20.0) -> None:
        self.url = url.rstrip("/") + "/"
        self.headers = {"Content-Type": "application/json"}
        if code:
            self.headers["X-Class-Code"] = code
        if hub_token:
            self.headers["Authorization"] = f"token {hub_token}"
        if lecturer_token:
            self.headers["X-Lecturer-Token"] = lecturer_token
        self.timeout, self.retry_s = timeout, retry_s

    def request(self, method: str, path: str, body: bytes | None = None,
                params: dict[str, Any] | None = None, timeout: float | None = None) -> Any:
        """One request; a refusal raises Refused. A service that is not listening (being
        restarted) is asked again for up to `retry_s` seconds: nothing reached it yet. A
        read whose connection broke is asked again too; a message is not (it may have
        arrived), and Unreachable says so."""
        query = f"?{urllib.parse.urlencode(params)}" if params else ""
        wanted = urllib.request.Request(self.url + path + query, data=body, method=method,
                                        headers=self.headers)
        deadline = time.monotonic() + self.retry_s
        while True:
            try:
                with urllib.request.urlopen(wanted, timeout=timeout or self.timeout) as answer:
                    raw = answer.read()
                try:
                    return json.loads(raw)
                except ValueError:  # cut off: the service stopped while answering
                    raise Unreachable("classroom.unreachable", url=self.url,
                                      detail=Phrase("net.why.broken")) from None
            except urllib.error.HTTPError as refusal:
                try:
                    said = json.loads(refusal.read())
                except ValueError:
                    said = {"rule": f"http.{refusal.code}", "en": str(refusal),
                            "zh": str(refusal)}
                raise Refused({**said, "status": refusal.code}) from None
            except (urllib.error.URLError, ConnectionError, http.client.HTTPException) as problem:
                reason = getattr(problem, "reason", problem)
                again = isinstance(reason, ConnectionRefusedError) or method == "GET"
                if not again or time.monotonic() > deadline:
                    raise Unreachable("classroom.unreachable", url=self.url,
                                      detail=_why_unreachable(reason)) from None
                time.sleep(0.3)


def _why_unreachable(reason: object) -> Phrase:
    """The network's reason in the reader's language; the operating system's own words stay
    as code, since they are what a lecturer would search for."""
    if isinstance(reason, ConnectionRefusedError):
        return Phrase("net.why.refused")
    if isinstance(reason, TimeoutError):
        return Phrase("net.why.timeout")
    return Phrase("net.why.other", reason=reason)


class LocalTransport:
    """The same requests, answered by a ClassNetwork in this process (a simulated class).
    `after` is called after every message that may change something, so the simulation
    can move on.

    >>> from ledgerkit.classroom.network import ClassNetwork, ClassSettings
    >>> from ledgerkit.classroom.store import Store
    >>> net = ClassNetwork(Store(), ClassSettings(seed="doc"))
    >>> LocalTransport(net).request("GET", "api/status")["status"]["code"]
    'DEMO01'
    """

    def __init__(self, network: Any, after: Callable[[], None] | None = None) -> None:
        self.network, self.after = network, after

    def request(self, method: str, path: str, body: bytes | None = None,
                params: dict[str, Any] | None = None, timeout: float | None = None) -> Any:
        """What the service would answer to this request (refusals raise Refused)."""
        net, params = self.network, params or {}
        try:
            if path == "api/message":
                said = {"ok": True, **net.handle(body)}
            elif path == "api/events":
                said = {"ok": True, "events": net.events_since(int(params.get("after", 0))),
                        "boot": net.boot}
            elif path == "api/book":
                said = {"ok": True, "book": net.book(params.get("member"))}
            elif path == "api/blocks":
                said = {"ok": True, "blocks": net.blocks(int(params.get("since", 1)))}
            elif path == "api/frame":
                index = params.get("index")
                said = {"ok": True, "frame": net.frame(None if index is None else int(index))}
            else:
                what = path.removeprefix("api/")
                said = {"ok": True, what: getattr(net, what)()}
        except LedgerError as refusal:
            from ledgerkit.classroom.protocol import bilingual

            raise Refused(bilingual(refusal)) from None
        if self.after is not None and path == "api/message" and b'"kind":"read"' not in body:
            self.after()  # what you send moves the class on; what you read does not
        return json.loads(json.dumps(said))  # exactly what would cross the wire


class ClassClient:
    """One member of the class: their key, their name, and the service they talk to.

    `transport` is an HttpTransport (made from `url` and `code`) or a LocalTransport.
    `key` defaults to the key file of this class and name, created on first use.

    >>> client = ClassClient("http://127.0.0.1:1", "ABC123", name="ann",
    ...                      key=KeyPair.from_seed("ann"))
    >>> client.me is None, client.key.address == KeyPair.from_seed("ann").address
    (True, True)
    """

    def __init__(self, url: str | None = None, code: str | None = None, *,
                 name: str | None = None, key: KeyPair | None = None,
                 key_file: str | Path | None = None, hub_token: str | None = None,
                 transport: Any = None) -> None:
        self.transport = transport or HttpTransport(url or "", code, hub_token)
        self.name = name
        if key is None:
            where = Path(key_file) if key_file else KEY_HOME / f"{code or 'local'}-{name}.pem"
            key = load_key(where)
        self.key = key
        self.me: dict[str, Any] | None = None
        self.home: Any = None  # the SimulatedClass behind this client, in a class at home
        self._nonce: int | None = None
        self._boot: str | None = None
        self.today: date | None = None  # the chain's date and height, as last read
        self.height: int | None = None

    # --- messages ---------------------------------------------------------------------
    def send(self, kind: str, body: dict[str, Any]) -> dict[str, Any]:
        """Sign and send one message; the answer, or Refused."""
        envelope = Envelope.create(self.key, kind, body)
        return self.transport.request("POST", "api/message", envelope.to_bytes())

    def join(self, role: str | None = None, name: str | None = None) -> dict[str, Any]:
        """Join the class (again: the same key gets the same role back)."""
        body: dict[str, Any] = {"name": name or self.name}
        if role:
            body["role"] = role
        self.me = self.send("join", body)
        self.name, self._nonce = self.me["name"], self.me["nonce"]
        self.today, self.height = date.fromisoformat(self.me["today"]), self.me["height"]
        return self.me

    def act(self, action: str, **args: Any) -> Any:
        """Call `action` of the voucher contract as yourself, e.g. act("transfer",
        voucher_id="V1.1", to="bob"); returns what the action returned (Voucher, ...)."""
        self._require_joined()
        for attempt in range(120):
            if self._nonce is None:
                self._nonce = self.read("me")["nonce"]
            call = ContractCall.create(self.key, CONTRACT, action, args, self._nonce)
            try:
                said = self.send("act", {"call": call.serialize().decode(), "action": action})
            except Refused as refusal:
                if refusal.rule == "contract.nonce" and attempt == 0:
                    self._nonce = None  # another kernel of ours acted: ask again once
                    continue
                if refusal.rule == "classroom.clock_moving":
                    time.sleep(0.5)
                    continue
                raise
            self._nonce = said["nonce"]
            return from_wire(said["result"])
        raise Refused({"rule": "classroom.clock_moving", "en": text(
            "classroom.clock_moving", lang="en"), "zh": text("classroom.clock_moving",
                                                             lang="zh")})

    def read(self, what: str = "me") -> dict[str, Any]:
        """A signed read: "me" (your record and inbox) or "audit" (the regulator's log)."""
        self._require_joined()
        return self.send("read", {"what": what})

    def inbox(self) -> dict[str, Any]:
        """What your validator node waits to send, and the block on the table."""
        return self.read("me")["inbox"]

    def vote(self, kinds: tuple[str, ...] | None = None) -> dict[str, Any] | None:
        """Approve what your node waits to send (default: everything waiting), signing the
        block when a COMMIT is among it. None when nothing waits."""
        inbox = self.inbox()
        waiting = [w["kind"] for w in inbox["waiting"] if kinds is None or w["kind"] in kinds]
        current = inbox["round"]
        if not waiting or current is None:
            return None
        body: dict[str, Any] = {"seq": current["seq"], "view": current["view"],
                                "kinds": waiting}
        if COMMIT in waiting:
            header_hash = bytes.fromhex(current["hash"])[::-1]  # internal byte order
            body["block_signature"] = self.key.sign(header_hash).hex()
        return self.send("vote", body)

    def audit(self) -> list[dict[str, Any]]:
        """The regulator's log of every attempt, refused ones included."""
        return self.read("audit")["attempts"]

    def _require_joined(self) -> None:
        if self.me is None:
            raise LedgerError("classroom.not_joined_yet")

    # --- public reads -------------------------------------------------------------------
    def get(self, what: str, **params: Any) -> Any:
        """GET api/<what> (status, book, roster, blocks, frame), decoded."""
        said = self.transport.request("GET", f"api/{what}", params=params or None)
        return said[what]

    def status(self) -> dict[str, Any]:
        """The class at a glance (see ClassNetwork.status)."""
        status = self.get("status")
        self.today, self.height = date.fromisoformat(status["today"]), status["height"]
        return status

    def book(self, mine: bool = False) -> CreditVouchers:
        """The voucher contract as it stands, to read with its own views (mine=True: only
        the pieces you hold or issued, with their ancestors)."""
        params = {"member": self.name} if mine else {}
        book = from_wire(self.get("book", **params))
        self.today, self.height = book["today"], book["height"]
        return book_contract(book)

    def frame(self, index: int | None = None) -> Any:
        """The node voting frame of the current round (a ledgerkit.voting.Frame)."""
        params = {} if index is None else {"index": index}
        return from_wire(self.get("frame", **params))

    def events(self, after: int = 0, wait: float = 0.0) -> list[dict[str, Any]]:
        """Events after id `after`, waiting up to `wait` seconds for one to happen. After
        the service restarted, its events are numbered anew: all of them come back."""
        said = self.transport.request("GET", "api/events", params={"after": after,
                                                                    "wait": wait},
                                      timeout=wait + 30)
        if said["boot"] != self._boot:
            if self._boot is not None and after:
                said = self.transport.request("GET", "api/events", params={"after": 0})
            self._boot = said["boot"]
        return said["events"]


class Lecturer:
    """The lecturer's remote control: faults, the clock, the export.

    >>> Lecturer("http://127.0.0.1:1", "t").transport.headers["X-Lecturer-Token"]
    't'
    """

    def __init__(self, url: str, token: str, transport: Any = None) -> None:
        self.transport = transport or HttpTransport(url, lecturer_token=token)

    def command(self, op: str, **args: Any) -> dict[str, Any]:
        """One command: advance (days), crash/byzantine/recover (seat), partition
        (groups), heal."""
        return self.transport.request("POST", "api/lecturer",
                                      json.dumps({"op": op, **args}).encode())

    def export(self) -> dict[str, Any]:
        """The whole class chain, for the audit chapter."""
        return self.transport.request("GET", "api/export")["export"]

    def status(self) -> dict[str, Any]:
        """The class at a glance."""
        return self.transport.request("GET", "api/status")["status"]

    def frame(self) -> Any:
        """The node voting frame of the class's current round."""
        return from_wire(self.transport.request("GET", "api/frame")["frame"])

    def blocks(self, since: int = 1) -> list[dict[str, Any]]:
        """Summaries of the blocks from `since` on."""
        return self.transport.request("GET", "api/blocks", params={"since": since})["blocks"]


class AutoVoter(threading.Thread):
    """Answers a validator's node by itself: what is not a vote (PRE-PREPARE, VIEW-CHANGE,
    NEW-VIEW, REPLY) always, and PREPARE / COMMIT too while `votes` is True, after
    `delay` seconds. `on_change` is called after every event (to redraw a widget).

    >>> AutoVoter.__name__
    'AutoVoter'
    """

    def __init__(self, client: ClassClient, votes: bool = True, delay: float = 0.0,
                 on_change: Callable[[], None] | None = None, poll_s: float = 5.0) -> None:
        super().__init__(daemon=True, name=f"autovote-{client.name}")
        self.client, self.votes, self.delay, self.on_change = client, votes, delay, on_change
        self.poll_s = poll_s  # how long one long poll waits for news
        self.stopped = threading.Event()
        self.last = 0
        self.errors: list[str] = []

    def run(self) -> None:
        """Follow the class until stopped (the thread's body)."""
        while not self.stopped.is_set():
            try:
                events = self.client.events(self.last, wait=self.poll_s)
            except (LedgerError, OSError) as problem:
                self.errors.append(str(problem))
                self.stopped.wait(1.0)
                continue
            if events:
                self.last = events[-1]["id"]
            if not events or self._mine(events):  # a quiet spell, or my node has something
                self.answer()
            if events and self.on_change is not None:
                self.on_change()

    def _mine(self, events: list[dict[str, Any]]) -> bool:
        """Whether these events say that my node waits to send something."""
        seat = str((self.client.me or {}).get("seat"))
        return any(seat in (event.get("waiting") or {}) for event in events)

    def answer(self) -> None:
        """Send what waits now (what `votes` allows)."""
        try:
            inbox = self.client.inbox()
            kinds = [w["kind"] for w in inbox["waiting"]]
            automatic = tuple(k for k in kinds if k not in VOTE_KINDS)
            chosen = tuple(kinds) if self.votes else automatic
            if chosen and self.delay and any(k in VOTE_KINDS for k in chosen):
                self.stopped.wait(self.delay)
            if chosen:
                self.client.vote(chosen)
        except (LedgerError, OSError) as problem:  # the round moved on: try next time
            self.errors.append(str(problem))

    def stop(self) -> None:
        """Stop after the current long poll."""
        self.stopped.set()

