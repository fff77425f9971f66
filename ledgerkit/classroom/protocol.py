"""The classroom protocol (课堂协议): signed messages, replay protection and the wire format.

Every message a student's kernel sends to the class ledger service is an `Envelope`: who
sends it (an address and the public key behind it), what kind of message it is, a body, the
time it was written, a fresh random nonce, and a signature over all of that. The service
reads it with `Envelope.parse` (malformed → refused), checks the signature (forged →
refused) and asks a `ReplayGuard` whether it has seen the nonce before (replayed →
refused), all before anything changes. A voucher action travels inside the envelope as the
`ContractCall` the student signed, so the chain checks it again with its own rules.

Values cross the wire as JSON with tags, so Decimal, date and the voucher records come back
exactly: `dumps` and `loads`.

>>> from ledgerkit.crypto import KeyPair
>>> key = KeyPair.from_seed("alice")
>>> envelope = Envelope.create(key, "join", {"name": "alice"}, now=1_700_000_000, nonce="ab" * 16)
>>> Envelope.parse(envelope.to_bytes()).verify(), envelope.body
(True, {'name': 'alice'})
>>> loads(dumps({"amount": Decimal("300000.00")}))
{'amount': Decimal('300000.00')}
"""

from __future__ import annotations

import dataclasses
import json
import secrets
import time
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from ledgerkit.crypto import CURVES, KeyPair, address_of, verify
from ledgerkit.errors import LedgerError
from ledgerkit.i18n import Labels, Phrase, register_strings

VERSION = 1
REPLAY_WINDOW_S = 300  # a message older (or newer) than this is refused: its nonce is gone
MESSAGE_KINDS = ("join", "act", "vote", "read")

register_strings({
    # why a message is not well formed (filling classroom.bad_message's {detail})
    "msg.why.json": ("not JSON", "不是 JSON"),
    "msg.why.object": ("a JSON object is needed", "需要一个 JSON 对象"),
    "msg.why.fields": ("fields missing {missing}, unexpected {extra}",
                       "缺少字段 {missing}，多出字段 {extra}"),
    "msg.why.v": ("v must be 1", "v 必须为 1"),
    "msg.why.kind": ("kind must be one of {choices}", "kind 必须是 {choices} 之一"),
    "msg.why.sender": ("sender must be a 40-digit hex address",
                       "sender 必须是 40 位十六进制地址"),
    "msg.why.curve": ("curve must be one of {choices}", "curve 必须是 {choices} 之一"),
    "msg.why.time": ("time must be whole seconds", "time 必须是整数秒"),
    "msg.why.nonce": ("nonce must be 32 hex digits", "nonce 必须是 32 位十六进制数"),
    "msg.why.body": ("body must be a JSON object", "body 必须是 JSON 对象"),
    "msg.why.hex": ("public_key and signature must be hex",
                    "`public_key` 和 `signature` 必须是十六进制"),
    "msg.why.call": ("body.call must be text", "body.call 必须是文本"),
    "classroom.bad_message": (
        "This is not a well-formed classroom message: {detail}. Send it with the classroom "
        "client (%classroom join CODE), which signs every message for you.",
        "这不是格式正确的课堂消息：{detail}。请用课堂客户端（%classroom join CODE）发送，"
        "它会为每条消息签名。"),
    "classroom.forged": (
        "The signature does not match this message and the key of {sender}: the message was "
        "changed after signing, or signed with another key. Nothing changed.",
        "签名与这条消息及 {sender} 的公钥不匹配：消息在签名后被改动，或用了别的私钥签名。"
        "没有任何改变。"),
    "classroom.wrong_key": (
        "{sender} is not the address of the public key sent with this message: only the "
        "owner of an address can sign for it.",
        "{sender} 不是随消息发送的公钥所对应的地址：只有地址的所有者才能为其签名。"),
    "classroom.replay": (
        "This message was already received (nonce {nonce}): a replayed message is refused. "
        "Nothing changed.",
        "这条消息已经收到过（随机数 {nonce}）：重放的消息被拒绝。没有任何改变。"),
    "classroom.stale": (
        "This message was written at {written} but the service's clock says {now}: more than "
        "{window} s apart, so it cannot be told from a replay. Check the computer's clock.",
        "这条消息写于 {written}，而服务器时间为 {now}：相差超过 {window} 秒，无法与重放区分。"
        "请检查电脑时钟。"),
})


class ClassroomError(LedgerError):
    """A classroom message or action was refused; nothing changed. `rule` names the rule.

    >>> ClassroomError("classroom.replay", nonce="ab").rule
    'classroom.replay'
    """

    status = 400  # the HTTP status the service answers with

    @property
    def rule(self) -> str:
        """The i18n key of the broken rule."""
        return self.key


class BadMessage(ClassroomError):
    """The message could not be read (malformed JSON, a missing field, a wrong type)."""


class Forged(ClassroomError):
    """The signature does not verify: the message was changed or signed by someone else."""

    status = 403


class Replayed(ClassroomError):
    """The nonce was seen before, or the message is too old to tell."""

    status = 409


def _canonical(data: Any) -> bytes:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


@dataclass(frozen=True)
class Envelope:
    """One signed message from a student's (or the lecturer's) kernel.

    >>> Envelope.create(KeyPair.from_seed("bob"), "read", {}).sender == KeyPair.from_seed(
    ...     "bob").address
    True
    """

    kind: str
    sender: str
    public_key: bytes
    curve: str
    time: int
    nonce: str
    body: dict[str, Any]
    signature: bytes = b""

    @classmethod
    def create(cls, key: KeyPair, kind: str, body: dict[str, Any], *,
               now: float | None = None, nonce: str | None = None) -> Envelope:
        """A message of `kind` with `body`, signed with `key` (fresh nonce, the current time).

        >>> Envelope.create(KeyPair.from_seed("bob"), "read", {}).kind
        'read'
        """
        unsigned = cls(kind, key.address, key.public_key, key.curve,
                       int(time.time() if now is None else now),
                       secrets.token_hex(16) if nonce is None else nonce, body)
        return dataclasses.replace(unsigned, signature=key.sign(unsigned.signing_bytes()))

    def _fields(self) -> dict[str, Any]:
        return {"v": VERSION, "kind": self.kind, "sender": self.sender,
                "public_key": self.public_key.hex(), "curve": self.curve, "time": self.time,
                "nonce": self.nonce, "body": self.body}

    def signing_bytes(self) -> bytes:
        """What the sender signs: every field but the signature, as canonical JSON."""
        return _canonical(self._fields())

    def to_bytes(self) -> bytes:
        """The whole message, signature included, ready to send."""
        return _canonical({**self._fields(), "signature": self.signature.hex()})

    @classmethod
    def parse(cls, raw: bytes | str) -> Envelope:
        """Read a message; anything malformed raises BadMessage (nothing is checked yet).

        >>> Envelope.parse(b"[1, 2]")
        Traceback (most recent call last):
        ...
        ledgerkit.classroom.protocol.BadMessage: This is not a well-formed classroom message: ...
        """
        try:
            data = json.loads(raw)
        except (ValueError, UnicodeDecodeError):
            raise BadMessage("classroom.bad_message", detail=Phrase("msg.why.json")) from None
        if not isinstance(data, dict):
            raise BadMessage("classroom.bad_message", detail=Phrase("msg.why.object"))
        expected = {"v", "kind", "sender", "public_key", "curve", "time", "nonce", "body",
                    "signature"}
        if set(data) != expected:
            missing = sorted(expected - set(data))
            extra = sorted(set(data) - expected)
            raise BadMessage("classroom.bad_message",
                             detail=Phrase("msg.why.fields", missing=missing, extra=extra))
        problems = [
            Phrase("msg.why.v") if data["v"] != VERSION else None,
            Phrase("msg.why.kind", choices=", ".join(MESSAGE_KINDS))
            if data["kind"] not in MESSAGE_KINDS else None,
            Phrase("msg.why.sender") if not _is_hex(data["sender"], 40) else None,
            Phrase("msg.why.curve", choices=", ".join(CURVES))
            if data["curve"] not in CURVES else None,
            Phrase("msg.why.time") if isinstance(data["time"], bool)
            or not isinstance(data["time"], int) else None,
            Phrase("msg.why.nonce") if not _is_hex(data["nonce"], 32) else None,
            Phrase("msg.why.body") if not isinstance(data["body"], dict) else None,
            Phrase("msg.why.hex") if not (
                _is_hex(data["public_key"]) and _is_hex(data["signature"])) else None,
        ]
        if any(problems):
            raise BadMessage("classroom.bad_message",
                             detail=Labels((p for p in problems if p), joiners=("; ", "；")))
        return cls(data["kind"], data["sender"], bytes.fromhex(data["public_key"]),
                   data["curve"], data["time"], data["nonce"], data["body"],
                   bytes.fromhex(data["signature"]))

    def verify(self) -> bool:
        """True when the key belongs to `sender` and signed exactly this message."""
        return (address_of(self.public_key) == self.sender
                and verify(self.public_key, self.signing_bytes(), self.signature, self.curve))

    def check_signature(self) -> None:
        """Raise Forged unless `verify()`; say whether the key or the signature is wrong."""
        if address_of(self.public_key) != self.sender:
            raise Forged("classroom.wrong_key", sender=self.sender)
        if not verify(self.public_key, self.signing_bytes(), self.signature, self.curve):
            raise Forged("classroom.forged", sender=self.sender)


def _is_hex(value: object, length: int | None = None) -> bool:
    if not isinstance(value, str) or (length is not None and len(value) != length):
        return False
    if len(value) % 2:
        return False
    try:
        bytes.fromhex(value)
    except ValueError:
        return False
    return True


class ReplayGuard:
    """Remembers the nonces of the last `window` seconds, per sender. A message whose nonce
    was seen, or whose time is outside the window, is refused: an attacker who copies a
    message off the network cannot make it count twice.

    >>> guard = ReplayGuard()
    >>> guard.check("aa" * 20, "01" * 16, sent=100, now=100)
    >>> guard.check("aa" * 20, "01" * 16, sent=100, now=101)
    Traceback (most recent call last):
    ...
    ledgerkit.classroom.protocol.Replayed: This message was already received (nonce 0101...
    """

    def __init__(self, window: int = REPLAY_WINDOW_S) -> None:
        self.window = window
        self._seen: dict[tuple[str, str], int] = {}
        self._oldest = 0

    def check(self, sender: str, nonce: str, sent: int, now: float) -> None:
        """Refuse a replayed or stale message; otherwise remember its nonce."""
        if abs(now - sent) > self.window:
            raise Replayed("classroom.stale", written=_clock(sent), now=_clock(now),
                           window=self.window)
        if (sender, nonce) in self._seen:
            raise Replayed("classroom.replay", nonce=nonce[:8] + "…")
        self.remember(sender, nonce, sent)
        if now - self._oldest > self.window:  # forget what is outside the window, at times
            self._forget(now)

    def remember(self, sender: str, nonce: str, sent: int) -> None:
        """Record a nonce as seen (e.g. when reloading them after a restart)."""
        self._seen[(sender, nonce)] = sent

    def _forget(self, now: float) -> None:
        self._seen = {k: t for k, t in self._seen.items() if now - t <= self.window}
        self._oldest = min(self._seen.values(), default=int(now))

    def __len__(self) -> int:
        return len(self._seen)


def _clock(seconds: float) -> str:
    return datetime.fromtimestamp(seconds).strftime("%H:%M:%S")


# --- values on the wire ------------------------------------------------------------------------
def _records() -> dict[str, type]:
    """The record types that travel by name: the voucher records and the voting frame."""
    from ledgerkit.consensus.base import Message, Step
    from ledgerkit.finance.voucher import Financing, Payment, Voucher
    from ledgerkit.voting import Arrow, Counter, Frame, NodeView

    return {kind.__name__: kind for kind in (Voucher, Financing, Payment, Frame, Step, Message,
                                             NodeView, Counter, Arrow)}


def to_wire(value: Any) -> Any:
    """`value` as plain JSON data with tags: Decimal, date and known records come back.

    >>> to_wire({"due": date(2025, 6, 30)})
    {'due': {'$date': '2025-06-30'}}
    """
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return value
    if isinstance(value, Decimal):
        return {"$decimal": str(value)}
    if isinstance(value, date) and not isinstance(value, datetime):
        return {"$date": value.isoformat()}
    if isinstance(value, (bytes, bytearray)):
        return {"$bytes": bytes(value).hex()}
    if isinstance(value, (list, tuple)):
        return [to_wire(item) for item in value]
    if isinstance(value, dict):
        return {str(key): to_wire(item) for key, item in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {"$record": type(value).__name__,
                "fields": {f.name: to_wire(getattr(value, f.name))
                           for f in dataclasses.fields(value)}}
    return {"$text": str(value)}  # anything else travels as its text (e.g. a Phrase)


def from_wire(data: Any) -> Any:
    """The inverse of `to_wire`: records become their classes again, tuples come back as
    tuples where the record declares them.

    >>> from_wire(to_wire(Decimal("1.50")))
    Decimal('1.50')
    """
    records = _records()

    def back(item: Any) -> Any:
        if isinstance(item, list):
            return [back(x) for x in item]
        if not isinstance(item, dict):
            return item
        if len(item) == 1:
            ((tag, raw),) = item.items()
            if tag == "$decimal":
                return Decimal(raw)
            if tag == "$date":
                return date.fromisoformat(raw)
            if tag == "$bytes":
                return bytes.fromhex(raw)
            if tag == "$text":
                return raw
        if set(item) == {"$record", "fields"} and item["$record"] in records:
            kind = records[item["$record"]]
            fields = {name: back(raw) for name, raw in item["fields"].items()}
            for f in dataclasses.fields(kind):
                if isinstance(fields.get(f.name), list) and "tuple" in str(f.type):
                    fields[f.name] = tuple(fields[f.name])
            return kind(**fields)
        return {key: back(x) for key, x in item.items()}

    return back(data)


def dumps(value: Any) -> str:
    """`value` as tagged JSON text (see `to_wire`).

    >>> dumps([Decimal("2.5")])
    '[{"$decimal":"2.5"}]'
    """
    return json.dumps(to_wire(value), separators=(",", ":"), ensure_ascii=False)


def loads(raw: str | bytes) -> Any:
    """Tagged JSON text back to values (see `from_wire`)."""
    return from_wire(json.loads(raw))


def bilingual(error: LedgerError) -> dict[str, str]:
    """A refusal as the service sends it: the rule and the message in both languages.

    >>> bilingual(ClassroomError("classroom.replay", nonce="ab"))["zh"][:8]
    '这条消息已经收到'
    """
    return {"rule": getattr(error, "key", type(error).__name__),
            "error": type(error).__name__,
            "en": error.in_language("en"), "zh": error.in_language("zh")}

