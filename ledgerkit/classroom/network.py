"""The class network (课堂网络): one consortium chain that a whole class runs together.

`ClassNetwork` is the model behind the class ledger service. It holds

- a `ConsortiumChain` (联盟链) whose members are the platform (the lecturer), the consensus
  seats, and every student who joined, each with the key their own kernel made;
- the voucher contract `CreditVouchers` of `ledgerkit.finance.voucher`, unchanged: its rules
  decide every action, so acting outside one's role is refused by the chain itself;
- a `PBFT` engine (`ledgerkit.consensus.pbft`) whose replicas are the consensus seats. A seat
  is run by the service (autopilot) until a student validator takes it; from then on its
  replica is *held*: what it would send waits until the student approves it with a signed
  vote, and its COMMIT carries the student's signature of the block.

A student's message (`ledgerkit.classroom.protocol.Envelope`) passes one gate, `handle`: it
is read, its signature checked, its nonce checked against replays, and only then does it
join, act or vote. Every refusal names the rule (in English and Chinese), is written to the
regulator's log, and changes nothing.

Blocks. Accepted calls wait in the chain's pending list. `tick(now)` drives consensus: when
no round runs and calls wait, it proposes a block of them (the client request of PBFT), then
runs one message round per tick; a round that makes no progress for `timeout_s` times out,
and the replicas change view. When the client has f+1 matching replies and more than 2/3 of
the block's signers signed, the block is sealed. With at most f silent validators, blocks
still commit.

>>> from ledgerkit.classroom.store import Store
>>> net = ClassNetwork(Store(), ClassSettings(code="DEMO01", seed="doc"))
>>> net.chain.height, len(net.chain.pending_calls)
(0, 1)
>>> while net.chain.pending_calls:
...     _ = net.tick(now=0.0)
>>> net.chain.height, net.chain.validate()
(1, True)
"""

from __future__ import annotations

import re
import secrets
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from ledgerkit.block import BlockHeader
from ledgerkit.classroom import export
from ledgerkit.classroom.protocol import (
    BadMessage,
    ClassroomError,
    Envelope,
    Forged,
    ReplayGuard,
    bilingual,
    to_wire,
)
from ledgerkit.classroom.roles import Role, next_role
from ledgerkit.classroom.store import Store
from ledgerkit.consensus.base import History
from ledgerkit.consensus.pbft import COMMIT, CRASHED, PBFT, PREPARE
from ledgerkit.consortium import (
    GOVERNANCE,
    AddMember,
    BlockSignature,
    ConsortiumBlock,
    Member,
    RemoveMember,
)
from ledgerkit.contracts import ContractCall, PermissionDenied
from ledgerkit.crypto import KeyPair
from ledgerkit.errors import LedgerError
from ledgerkit.finance.voucher import CreditVouchers
from ledgerkit.i18n import Phrase, register_strings
from ledgerkit.monitor import detect, engine_metrics
from ledgerkit.voting import NodeVotingModel

CONTRACT = "CreditVouchers"
PLATFORM = "platform"
SEAT_PREFIX = "node-"
VOTE_KINDS = (PREPARE, COMMIT)  # what a student decides; the client sends the rest itself
NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,31}$")
CODE = re.compile(r"^[A-Z0-9]{4,12}$")
EVENTS_KEPT = 5000
# A validator that looked at a round just as it moved on: normal, not worth the regulator's log.
RACES = ("classroom.stale_vote", "classroom.nothing_waiting", "classroom.no_round")

register_strings({
    "classroom.bad_name": (
        "{name!r} cannot be a name in class: use 1 to 32 letters, digits, '-' or '_', "
        "starting with a letter (not 'platform', not starting with 'node-').",
        "{name!r} 不能作为课堂中的名字：请用 1 到 32 个字母、数字、'-' 或 '_'，以字母开头"
        "（不能是 'platform'，也不能以 'node-' 开头）。"),
    "classroom.bad_code": ("A class code is 4 to 12 capital letters or digits, e.g. ABC123; "
                           "got {got!r}.",
                           "课堂代码为 4 到 12 个大写字母或数字，例如 ABC123；实际为 {got!r}。"),
    "classroom.name_taken": (
        "{name} has already joined with another key. Choose another name, or join from the "
        "kernel that holds {name}'s key.",
        "{name} 已用另一把密钥加入。请换一个名字，或在保存着 {name} 密钥的内核中加入。"),
    "classroom.no_seat": (
        "All {seats} validator seats are taken; join as another role (e.g. supplier).",
        "全部 {seats} 个验证节点席位已被占用；请以其他角色加入（例如 supplier）。"),
    "classroom.not_joined": (
        "The key {address} has not joined this class: run %classroom join CODE first.",
        "密钥 {address} 尚未加入本课堂：请先运行 %classroom join CODE。"),
    "classroom.not_your_call": (
        "This call is signed by {signer}, but the message comes from {sender}: a student "
        "acts only with their own key.",
        "该调用由 {signer} 签名，而消息来自 {sender}：学生只能用自己的密钥操作。"),
    "classroom.only_vouchers": (
        "Students act on the voucher contract {contract} only; {target} is run by the "
        "platform.",
        "学生只能操作凭证合约 {contract}；{target} 由平台运营。"),
    "classroom.clock_moving": (
        "The lecturer is moving the date forward: wait a moment and send it again.",
        "讲师正在把日期向前调：请稍候再发送。"),
    "classroom.not_validator": (
        "{name} is a {role}, not a validator: only validator nodes vote on blocks.",
        "{name} 是{role}，不是验证节点：只有验证节点才能对区块投票。"),
    "classroom.no_round": ("No block is being voted on now.", "当前没有正在投票的区块。"),
    "classroom.stale_vote": (
        "This vote is for seq {got}, view {got_view}, but the network is at seq {seq}, view "
        "{view}: look at the round again and vote on what waits now.",
        "这张票针对序号 {got}、视图 {got_view}，而网络当前为序号 {seq}、视图 {view}："
        "请重新查看本轮，对当前等待的内容投票。"),
    "classroom.nothing_waiting": (
        "Your node {seat} has no {kinds} waiting to be sent right now.",
        "你的节点 {seat} 现在没有待发送的 {kinds}。"),
    "classroom.node_down": (
        "Your node {seat} is stopped (the lecturer crashed it): it sends nothing until it "
        "recovers.", "你的节点 {seat} 已停止（讲师让它宕机）：恢复之前它不发送任何消息。"),
    "classroom.bad_block_signature": (
        "A COMMIT vote must carry your signature of block {height}'s header hash {hash}; "
        "this one does not verify.",
        "COMMIT 投票必须附上你对第 {height} 号区块头哈希 {hash} 的签名；该签名无法验证。"),
    "classroom.bad_vote": ("A vote names kinds from {choices}; got {got!r}.",
                           "投票须从 {choices} 中选择消息类型；实际为 {got!r}。"),
    "classroom.regulator_only": (
        "{name} may not read the log of attempts: it is open to the regulator only "
        "(see-through supervision).",
        "{name} 无权查看操作记录：仅对监管方开放（穿透式监管）。"),
    "classroom.bad_request": ("Unknown request {what!r}; choose one of {choices}.",
                              "未知请求 {what!r}；请从 {choices} 中选择。"),
    "classroom.bad_fault": (
        "Unknown fault {got!r}: choose crash, byzantine, recover, partition or heal (seat "
        "numbers 0 to {last}).",
        "未知故障 {got!r}：请选择 crash、byzantine、recover、partition 或 heal（席位编号 0 到 "
        "{last}）。"),
    "classroom.bad_days": ("Move the date by a whole number of days from 1 to 3650; got {got!r}.",
                           "日期须向前移动 1 到 3650 之间的整数天；实际为 {got!r}。"),
})


@dataclass(frozen=True)
class ClassSettings:
    """How a class network is set up. `seed` None (a real class) makes the service's keys
    random; a text seed makes them reproducible (a class simulated in a notebook).

    >>> ClassSettings().seats
    4
    """

    code: str = "DEMO01"
    seats: int = 4  # validator seats, i.e. PBFT replicas (4 tolerate 1 silent, 7 tolerate 2)
    start: date = date(2025, 1, 1)
    timeout_s: float = 10.0  # a round with no progress this long times out: view change
    max_block_calls: int = 200
    max_depth: int | None = 4
    seed: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.code, str) or not CODE.match(self.code):
            raise ClassroomError("classroom.bad_code", got=self.code)


@dataclass
class Student:
    """A student who joined: their name, role, key, and validator seat (if any).

    >>> Student("ann", Role("bank"), KeyPair.from_seed("ann")).info()["label"]["zh"]
    '银行'
    """

    name: str
    role: Role
    key: KeyPair  # public only: the private key never leaves the student's kernel
    seat: int | None = None
    hub_user: str | None = None
    joined: float = 0.0

    def info(self) -> dict[str, Any]:
        """What the student's client is told about them."""
        return {"name": self.name, "role": self.role.kind, "tier": self.role.tier,
                "label": {"en": self.role.label("en"), "zh": self.role.label("zh")},
                "seat": self.seat, "address": self.key.address}


@dataclass
class Round:
    """One block being voted on: PBFT sequence number `seq` decides `value`, which names the
    header of the first `count` pending calls; `signers` (by seat) must sign it.

    >>> Round(1, 1, 2, None, "block 1 · ab", {}, 0.0).signatures
    {}
    """

    seq: int
    height: int
    count: int
    header: BlockHeader
    value: str
    signers: dict[int, Member]
    progress: float  # when the round last moved (a tick's clock)
    signatures: dict[str, BlockSignature] = field(default_factory=dict)


class EngineView(NodeVotingModel):
    """The node voting model over a PBFT engine driven elsewhere: the frames the node voting
    widget draws, for the class network's own engine.

    >>> EngineView(PBFT(4)).frame().facts["quorum"]
    3
    """

    def __init__(self, engine: PBFT) -> None:  # bind, do not build: the engine exists
        self.protocol, self.n, self.engine, self._requests = "pbft", engine.n, engine, 0
        self.index = self.latest

    def frame_at(self, index: int | None = None) -> Any:
        """The frame of moment `index` of the current round (default: the newest)."""
        self.index = self.latest if index is None else max(0, min(index, self.latest))
        return self.frame()


class ClassNetwork:
    """The whole class: chain, voucher contract, consensus seats, students, and the log.

    `store` keeps everything (a new store starts a class with `settings`; an existing one
    is replayed, so a restart loses nothing). `clock` gives wall time for the replay window.
    """

    def __init__(self, store: Store, settings: ClassSettings | None = None, *,
                 clock: Callable[[], float] = time.time) -> None:
        self.store, self.clock = store, clock
        config = store.config()
        fresh = config is None
        if fresh:
            config = self._first_config(settings or ClassSettings())
            store.save_config(config)
        self.settings = ClassSettings(
            code=config["code"], seats=config["seats"], start=date.fromisoformat(
                config["start"]), timeout_s=config["timeout_s"],
            max_block_calls=config["max_block_calls"], max_depth=config["max_depth"],
            seed=config["seed"])
        self.lecturer_token: str = config["lecturer_token"]
        self._platform_key = KeyPair.from_hex(config["platform_key"])
        self._seat_keys = {f"{SEAT_PREFIX}{i}": KeyPair.from_hex(h)
                           for i, h in enumerate(config["seat_keys"])}
        self.founders = [Member(PLATFORM, self._platform_key, node_kind="observer",
                                roles={"committee", "operator"})] + [
            Member(name, key, node_kind="consensus") for name, key in self._seat_keys.items()]
        self.chain = export.new_chain(self.founders, self.settings.start)
        self.students: dict[str, Student] = {}
        self._by_address: dict[str, Student] = {}
        self.seats = list(self._seat_keys)  # seat i -> the name of whoever runs it now
        self._seat_of = {name: i for i, name in enumerate(self.seats)}  # every holder ever
        self._cuts: list[bool] = []  # per pending call: may a block end after it?
        self._next_pos = 0  # the number of the next accepted call
        self.guard = ReplayGuard()
        self.pbft = PBFT(self.settings.seats, seed=0, round_ms=10.0,
                         timeout_ms=self.settings.timeout_s * 1000)
        self.round: Round | None = None
        self.advance_waiting = 0  # days the lecturer asked for, done once no call waits
        self.events: deque[dict[str, Any]] = deque(maxlen=EVENTS_KEPT)
        self._next_event = 1
        self.listeners: list[Callable[[], None]] = []
        self.counts = {"blocks": 0, "calls": 0, "refused": 0, "timeouts": 0, "rounds": 0}
        self._book_cache: tuple[tuple[Any, ...], dict[str | None, Any]] | None = None
        self.boot = secrets.token_hex(4)  # events are numbered anew after each restart
        self._status_cache: tuple[int, dict[str, Any]] | None = None
        self._round_cache: tuple[int, dict[str, Any] | None] | None = None
        if fresh:
            self.chain.deploy(CreditVouchers(max_depth=self.settings.max_depth), by=PLATFORM)
            self._record_call(cut=True)
        else:
            self._restore(config)

    # --- setting up and restoring -------------------------------------------------------
    @staticmethod
    def _first_config(settings: ClassSettings) -> dict[str, Any]:
        def key(label: str) -> KeyPair:
            if settings.seed is None:
                return KeyPair.generate()
            return KeyPair.from_seed(f"classroom/{settings.seed}/{label}")

        return {"code": settings.code, "seats": settings.seats,
                "start": settings.start.isoformat(), "timeout_s": settings.timeout_s,
                "max_block_calls": settings.max_block_calls, "max_depth": settings.max_depth,
                "seed": settings.seed, "today": settings.start.isoformat(),
                "platform_key": key("platform").to_hex(),
                "seat_keys": [key(f"seat-{i}").to_hex() for i in range(settings.seats)],
                "lecturer_token": secrets.token_urlsafe(18) if settings.seed is None
                else f"lecturer-{settings.seed}"}

    def _restore(self, config: dict[str, Any]) -> None:
        """Replay the stored class: students, every block (each must hash as stored), the
        calls still pending, the date, and the nonces still inside the replay window."""
        calls = self.store.calls()
        by_block: dict[int, list[bytes]] = {}
        for item in calls:
            if item["block"] is not None:
                by_block.setdefault(item["block"], []).append(item["call"])
        blocks = [{"height": b["height"], "hash": b["hash"], "signatures": b["signatures"],
                   "calls": by_block[b["height"]],
                   "day": export.day_of(BlockHeader.parse(b["header"]))}
                  for b in self.store.blocks()]
        pending = [item for item in calls if item["block"] is None]
        export.replay(self.chain, blocks, pending, self.settings.max_depth,
                      date.fromisoformat(config["today"]))
        self._cuts = [item["cut"] for item in pending]
        self._next_pos = len(calls)
        self.counts["blocks"] = len(blocks)
        for row in self.store.students():
            role = Role.parse(row["role"])
            key = KeyPair.from_public(bytes.fromhex(row["public_key"]), row["curve"])
            self._add_student(Student(row["name"], role, key, row["seat"], row["hub_user"],
                                      row["joined"]))
        for sender, nonce, sent in self.store.nonces(int(self.clock()) - self.guard.window):
            self.guard.remember(sender, nonce, sent)
        self._event("restored", height=self.chain.height, pending=len(pending))

    def _add_student(self, student: Student) -> None:
        self.students[student.name] = student
        self._by_address[student.key.address] = student
        if student.seat is not None:
            self.seats[student.seat] = student.name
            self._seat_of[student.name] = student.seat

    # --- the one gate for students' messages ------------------------------------------------
    def handle(self, raw: bytes | str, hub_user: str | None = None) -> dict[str, Any]:
        """Read, check and carry out one signed message; returns the answer as JSON data.

        A refusal raises a LedgerError (a ClassroomError or the chain's own ContractError);
        it is logged for the regulator and nothing else changes.
        """
        envelope: Envelope | None = None
        try:
            envelope = Envelope.parse(raw)
            envelope.check_signature()
            self.guard.check(envelope.sender, envelope.nonce, envelope.time, self.clock())
            if envelope.kind in ("join", "act", "vote"):
                self.store.add_nonce(envelope.sender, envelope.nonce, envelope.time)
            if envelope.kind == "join":
                return self._join(envelope, hub_user)
            student = self._student_for(envelope)
            if envelope.kind == "act":
                return self._act(student, envelope)
            if envelope.kind == "vote":
                return self._vote(student, envelope)
            return self._read(student, envelope)
        except LedgerError as refusal:
            if getattr(refusal, "key", "") not in RACES:
                self._refused(envelope, refusal)
            raise

    def _student_for(self, envelope: Envelope) -> Student:
        student = self._by_address.get(envelope.sender)
        if student is None:
            raise Forged("classroom.not_joined", address=envelope.sender[:10] + "…")
        return student

    def _refused(self, envelope: Envelope | None, refusal: LedgerError) -> None:
        who = "?"
        if envelope is not None:
            known = self._by_address.get(envelope.sender)
            who = known.name if known else envelope.sender[:10] + "…"
        action = ""
        if envelope is not None and envelope.kind == "act":
            action = str(envelope.body.get("action", ""))
        self.counts["refused"] += 1
        self._attempt(who, envelope.kind if envelope else "?", action, refusal)

    def _attempt(self, who: str, kind: str, action: str,
                 refusal: LedgerError | None = None) -> None:
        record = {"time": round(self.clock(), 3), "day": self.chain.today.isoformat(),
                  "who": who, "kind": kind, "action": action, "ok": refusal is None}
        if refusal is not None:
            record.update(bilingual(refusal))
        self.store.add_attempt(record)
        self._event("attempt", **record)

    # --- joining ---------------------------------------------------------------------------
    def _join(self, envelope: Envelope, hub_user: str | None) -> dict[str, Any]:
        known = self._by_address.get(envelope.sender)
        if known is not None:  # the same key again (a new kernel): same role, same seat
            return self._welcome(known)
        body = envelope.body
        name = hub_name(hub_user) if hub_user else body.get("name")
        if not isinstance(name, str) or not NAME.match(name) or name == PLATFORM or (
                name.startswith(SEAT_PREFIX)):
            raise ClassroomError("classroom.bad_name", name=name)
        key = _public_key(envelope)
        if name in self.students:
            old = self.students[name]
            if hub_user is None or old.hub_user != hub_user:
                raise PermissionDenied("classroom.name_taken", name=name)
            return self._rotate_key(old, key)
        self._check_clock()
        taken = [s.role for s in self.students.values()]
        free = [i for i, holder in enumerate(self.seats) if holder.startswith(SEAT_PREFIX)]
        wish = body.get("role")
        role = Role.parse(wish) if wish else next_role(taken, len(free))
        seat = None
        if role.kind == "validator":
            if not free:
                raise ClassroomError("classroom.no_seat", seats=len(self.seats))
            seat = free[0]
        member = role.member(name, key)
        self._vote_in(AddMember(member))
        if seat is not None:
            self._vote_in(RemoveMember(self.seats[seat]))
        if role.party_kind is not None:
            self.chain.call(CONTRACT, "register_party", by=PLATFORM, name=name,
                            kind=role.party_kind)
            self._record_call(cut=False)
        self._cut_here()
        student = Student(name, role, key, seat, hub_user, self.clock())
        self.store.save_student(name, role.text(), key.public_key.hex(), key.curve, seat,
                                hub_user, student.joined)
        self._add_student(student)
        self._attempt(name, "join", role.text())
        self._event("joined", **student.info())
        return self._welcome(student)

    def _rotate_key(self, student: Student, key: KeyPair) -> dict[str, Any]:
        """A hub user whose kernel lost its key joins again: the committee replaces the
        member's key (same name, same role, same vouchers)."""
        self._check_clock()
        self._vote_in(RemoveMember(student.name))
        self._vote_in(AddMember(student.role.member(student.name, key)))
        self._cut_here()
        del self._by_address[student.key.address]
        student = replace(student, key=key)
        self.store.save_student(student.name, student.role.text(), key.public_key.hex(),
                                key.curve, student.seat, student.hub_user, student.joined)
        self._add_student(student)
        self._attempt(student.name, "join", "new key")
        return self._welcome(student)

    def _vote_in(self, motion: AddMember | RemoveMember) -> None:
        """The platform, the only committee member, tables a motion and passes it."""
        proposal = self.chain.call(GOVERNANCE, "propose", by=PLATFORM, motion=motion.to_args())
        self._record_call(cut=False)
        self.chain.call(GOVERNANCE, "vote", by=PLATFORM, proposal_id=proposal, approve=True)
        self._record_call(cut=False)

    def _welcome(self, student: Student) -> dict[str, Any]:
        return {**student.info(), "code": self.settings.code, "contract": CONTRACT,
                "nonce": self.chain.nonce(student.key.address), "seats": len(self.seats),
                "today": self.chain.today.isoformat(), "height": self.chain.height}

    # --- acting ----------------------------------------------------------------------------
    def _act(self, student: Student, envelope: Envelope) -> dict[str, Any]:
        raw = envelope.body.get("call")
        if not isinstance(raw, str):
            raise BadMessage("classroom.bad_message", detail=Phrase("msg.why.call"))
        call = ContractCall.parse(raw.encode())
        if call.sender != envelope.sender:
            raise Forged("classroom.not_your_call", signer=call.sender[:10] + "…",
                         sender=envelope.sender[:10] + "…")
        if call.contract != CONTRACT:
            raise PermissionDenied("classroom.only_vouchers", contract=CONTRACT,
                                   target=call.contract)
        self._check_clock()
        result = self.chain.submit(call)
        self._record_call(cut=True)
        self.counts["calls"] += 1
        self._attempt(student.name, "act", call.action)
        self._event("call", who=student.name, action=call.action, call_id=call.call_id_hex())
        return {"result": to_wire(result), "call_id": call.call_id_hex(),
                "nonce": self.chain.nonce(student.key.address)}

    def _check_clock(self) -> None:
        if self.advance_waiting:
            raise ClassroomError("classroom.clock_moving")

    def _record_call(self, cut: bool) -> None:
        """Write the call the chain just accepted (the newest pending one) to the store."""
        call = self.chain.pending_calls[-1]
        self.store.add_call(self._next_pos, call.serialize(), self.chain.today, cut)
        self._next_pos += 1
        self._cuts.append(cut)

    def _cut_here(self) -> None:
        """A block may end after the newest call (the last call of a join)."""
        self._cuts[-1] = True
        self.store.mark_cut(self._next_pos - 1)

    # --- voting ----------------------------------------------------------------------------
    def _vote(self, student: Student, envelope: Envelope) -> dict[str, Any]:
        body, seat, current = envelope.body, student.seat, self.round
        if seat is None:
            raise PermissionDenied("classroom.not_validator", name=student.name,
                                   role=Phrase(f"classroom.role.{student.role.kind}",
                                               tier=student.role.tier))
        kinds = body.get("kinds")
        if not isinstance(kinds, list) or not kinds or not all(
                isinstance(k, str) for k in kinds):
            raise BadMessage("classroom.bad_vote", choices=", ".join(VOTE_KINDS), got=kinds)
        if current is None:
            raise ClassroomError("classroom.no_round")
        if (body.get("seq"), body.get("view")) != (self.pbft.seq, self.pbft.view):
            raise ClassroomError("classroom.stale_vote", got=body.get("seq"),
                                 got_view=body.get("view"), seq=self.pbft.seq,
                                 view=self.pbft.view)
        if self.pbft.faulty.get(seat) == CRASHED:
            raise ClassroomError("classroom.node_down", seat=seat)
        waiting = [m for m in self.pbft.waiting(seat) if m.kind in kinds]
        if not waiting:
            raise ClassroomError("classroom.nothing_waiting", seat=seat,
                                 kinds=", ".join(kinds))
        signature = None
        if any(m.kind == COMMIT for m in waiting):
            signature = _block_signature(body.get("block_signature"), student, current)
        step = self.pbft.release(seat, tuple(kinds))
        honest = self.pbft.faulty.get(seat) is None
        if signature is not None and honest:
            current.signatures[student.key.address] = signature
        current.progress = self._now
        self._event("vote", seat=seat, who=student.name, caption=_caption(step))
        return {"released": len(waiting), "kinds": sorted({m.kind for m in waiting})}

    # --- reading ---------------------------------------------------------------------------
    def _read(self, student: Student, envelope: Envelope) -> dict[str, Any]:
        what = envelope.body.get("what", "me")
        if what == "me":
            return {**self._welcome(student), "inbox": self.inbox(student)}
        if what == "audit":
            if student.role.kind != "regulator":
                raise PermissionDenied("classroom.regulator_only", name=student.name)
            return {"attempts": self.store.attempts()}
        raise ClassroomError("classroom.bad_request", what=what, choices="me, audit")

    def inbox(self, student: Student) -> dict[str, Any]:
        """What a validator must decide now: the block on the table and the messages its
        node waits to send (grouped by kind)."""
        seat = student.seat
        waiting: dict[str, dict[str, Any]] = {}
        if seat is not None and self.round is not None:  # after a seal, leftovers are moot
            for message in self.pbft.waiting(seat):
                entry = waiting.setdefault(message.kind, {
                    "kind": message.kind, "view": message.payload.get("view"),
                    "seq": message.payload.get("seq"),
                    "digest": message.payload.get("digest"), "count": 0})
                entry["count"] += 1
        if seat is None:  # not a validator: nothing to decide
            return {"seat": None, "fault": None, "round": None, "waiting": []}
        return {"seat": seat, "fault": self.pbft.faulty.get(seat),
                "round": self.round_summary(), "waiting": list(waiting.values())}

    def round_summary(self) -> dict[str, Any] | None:
        """The block being voted on: height, PBFT seq and view, header hash and its calls
        (worked out again only after something happened)."""
        if self._round_cache is None or self._round_cache[0] != self._next_event:
            self._round_cache = (self._next_event, self._round_summary())
        return self._round_cache[1]

    def _round_summary(self) -> dict[str, Any] | None:
        current = self.round
        if current is None:
            return None
        calls = self.chain.pending_calls[:current.count]
        return {"height": current.height, "seq": current.seq, "view": self.pbft.view,
                "primary": self.pbft.primary_of(self.pbft.view), "value": current.value,
                "hash": current.header.hash_hex(), "count": current.count,
                "calls": [self._call_summary(c) for c in calls[:50]]}

    def _call_summary(self, call: ContractCall) -> dict[str, Any]:
        return {"who": self.name_of(call.sender), "contract": call.contract,
                "action": call.action, "args": to_wire(call.arguments())}

    def name_of(self, address: str) -> str:
        """The member name behind an address (the address itself if unknown)."""
        known = self._by_address.get(address)
        if known is not None:
            return known.name
        if address == self._platform_key.address:
            return PLATFORM
        return next((n for n, k in self._seat_keys.items() if k.address == address), address)

    # --- consensus -------------------------------------------------------------------------
    _now = 0.0  # the time of the latest tick (monotonic seconds, or a simulation's clock)

    def tick(self, now: float) -> bool:
        """Drive consensus one beat: start a round, deliver one message round, time out, or
        seal a committed block. Returns True when something happened."""
        self._now = now
        current = self.round
        if current is None:
            if self.advance_waiting and not self.chain.pending_calls:
                self._advance()
                return True
            if self.chain.pending_calls:
                self._start_round(now)
                return True
            return False
        if self._committed(current):
            self._seal(current)
            return True
        if self.pbft.in_flight:
            self._step(now)
            return True
        if not self.pbft.done and now - current.progress >= self.settings.timeout_s:
            self.counts["timeouts"] += 1
            self._step(now)  # nothing in flight: the engine's step is a timeout
            return True
        return False

    def _start_round(self, now: float) -> None:
        cuts = self._cuts[:self.settings.max_block_calls]
        count = max((i + 1 for i, cut in enumerate(cuts) if cut), default=0)
        if count == 0:  # a join still in progress: never split it over two blocks
            count = self._cuts.index(True) + 1 if True in self._cuts else len(self._cuts)
        header = self.chain.pending_header(count)
        signers = {self._seat_of[m.name]: m for m in self.chain.pending_signers()}
        for seat in range(self.pbft.n):
            self.pbft.hold(seat, signers[seat].name in self.students)
        value = f"block {self.chain.height + 1} · {header.hash_hex()[:12]}"
        self.pbft.history = History(self.pbft.state)  # frames show the current round only
        seq = self.pbft.client_request(value)
        self.round = Round(seq, self.chain.height + 1, count, header, value, signers, now)
        self.counts["rounds"] += 1
        self._step(now)

    def _step(self, now: float) -> None:
        step = self.pbft.step()
        current = self.round
        if current is not None:
            current.progress = now
        if step is not None:
            waiting = {seat: sorted({m.kind for m in self.pbft.waiting(seat)})
                       for seat in range(self.pbft.n) if self.pbft.waiting(seat)}
            self._event("round", phase=step.phase, caption=_caption(step),
                        seq=self.pbft.seq, view=self.pbft.view, waiting=waiting)

    def _committed(self, current: Round) -> bool:
        if self.pbft.accepted != current.value:
            return False
        digest = current.header.hash()
        for seat, member in current.signers.items():  # the autopilot seats sign themselves
            replica = self.pbft.replicas[seat]
            if (member.name in self._seat_keys and member.address not in current.signatures
                    and replica.fault is None and replica.log.get(current.seq) == current.value):
                key = self._seat_keys[member.name]
                current.signatures[member.address] = BlockSignature(key.address,
                                                                    key.sign(digest))
        return 3 * len(current.signatures) > 2 * len(current.signers)

    def _seal(self, current: Round) -> None:
        first = self._next_pos - len(self._cuts)
        block: ConsortiumBlock = self.chain.seal(current.signatures.values(),
                                                 count=current.count)
        self.store.add_block(self.chain.height, block.hash_hex(), block.header.serialize(),
                             [(s.address, s.signature.hex()) for s in block.signatures],
                             first, current.count)
        del self._cuts[:current.count]
        self.round = None
        self.counts["blocks"] += 1
        self._event("block", height=self.chain.height, hash=block.hash_hex(),
                    calls=current.count, view=self.pbft.view,
                    signers=[self.name_of(s.address) for s in block.signatures])

    def _advance(self) -> None:
        days, self.advance_waiting = self.advance_waiting, 0
        day = self.chain.advance(days)
        self.store.save_today(day)
        self._event("clock", today=day.isoformat())

    # --- the lecturer --------------------------------------------------------------------
    def lecturer(self, op: str, **args: Any) -> dict[str, Any]:
        """A lecturer's command (the service checks the lecturer's token first):
        advance (days), crash / byzantine / recover (seat; default the primary), partition
        (groups: lists of seats), heal. Faults act on the consensus engine only."""
        try:
            said = self._lecturer(op, args)
        except LedgerError as refusal:
            self._attempt("lecturer", "lecturer", op, refusal)
            raise
        self._attempt("lecturer", "lecturer", op)
        return said

    def _lecturer(self, op: str, args: dict[str, Any]) -> dict[str, Any]:
        last = self.pbft.n - 1
        if op == "advance":
            days = args.get("days")
            if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= 3650:
                raise ClassroomError("classroom.bad_days", got=days)
            self.advance_waiting += days
            target = self.chain.today + timedelta(days=self.advance_waiting)
            return {"today": self.chain.today.isoformat(), "target": target.isoformat()}
        if op in ("crash", "byzantine", "recover"):
            seat = args.get("seat")
            seat = self.pbft.primary_of(self.pbft.view) if seat is None else seat
            step = {"crash": self.pbft.crash, "byzantine": self.pbft.make_byzantine,
                    "recover": self.pbft.recover}[op](seat)
        elif op == "partition":
            step = self.pbft.partition(args.get("groups") or [])
        elif op == "heal":
            step = self.pbft.heal()
        else:
            raise ClassroomError("classroom.bad_fault", got=op, last=last)
        self._event("fault", op=op, caption=_caption(step), faulty=self.pbft.faulty,
                    groups=self.pbft.groups)
        return {"caption": _caption(step), "faulty": self.pbft.faulty}

    def export(self) -> dict[str, Any]:
        """The whole class chain as JSON data, for the audit chapter (see `export`)."""
        return export.export_record(
            self.chain, code=self.settings.code, start=self.settings.start, contract=CONTRACT,
            max_depth=self.settings.max_depth, founders=self.founders,
            attempts=self.store.attempts())

    # --- what everybody may read -----------------------------------------------------------
    def status(self) -> dict[str, Any]:
        """The class at a glance: chain, round, seats, counts, metrics and alerts (worked
        out again only after something happened: every change is an event)."""
        if self._status_cache is None or self._status_cache[0] != self._next_event:
            self._status_cache = (self._next_event, self._status())
        return self._status_cache[1]

    def _status(self) -> dict[str, Any]:
        metrics = engine_metrics(self.pbft)
        seats = [{"seat": i, "holder": holder, "student": holder in self.students,
                  "fault": self.pbft.faulty.get(i), "group": self.pbft.groups[i],
                  "waiting": sorted({m.kind for m in self.pbft.waiting(i)})}
                 for i, holder in enumerate(self.seats)]
        roles: dict[str, int] = {}
        for student in self.students.values():
            roles[student.role.kind] = roles.get(student.role.kind, 0) + 1
        return {
            "code": self.settings.code, "height": self.chain.height,
            "today": self.chain.today.isoformat(), "pending": len(self.chain.pending_calls),
            "view": self.pbft.view, "primary": self.pbft.primary_of(self.pbft.view),
            "f": self.pbft.f, "quorum": self.pbft.quorum, "round": self.round_summary(),
            "seats": seats, "students": len(self.students), "roles": roles,
            "counts": dict(self.counts), "advance_waiting": self.advance_waiting,
            "messages": metrics.messages,
            "alerts": [{"kind": a.kind, "node": a.node, "en": a.message("en"),
                        "zh": a.message("zh")} for a in detect(self.pbft)],
            "last_event": self._next_event - 1,
        }

    def roster(self) -> list[dict[str, Any]]:
        """Every student's name, role and seat."""
        return [s.info() for s in self.students.values()]

    def book(self, member: str | None = None) -> dict[str, Any]:
        """The voucher contract's state as every member may read it, or only the pieces
        `member` holds or issued (with their ancestors). Cached until the next change."""
        version = (self._next_pos, self.chain.height, self.chain.today)
        if self._book_cache is None or self._book_cache[0] != version:
            self._book_cache = (version, {})
        cache = self._book_cache[1]
        if member not in cache:
            contract = self.chain.read(CONTRACT, by=PLATFORM)
            state = {name: value for name, value in vars(contract).items()
                     if not name.startswith("_")}
            if member is not None:
                state["vouchers"] = _pieces_of(contract.vouchers, member)
                state["financings"] = {k: f for k, f in contract.financings.items()
                                       if k in state["vouchers"]}
                state["trade_documents"] = {}
            cache[member] = to_wire({**state, "today": self.chain.today,
                                     "height": self.chain.height,
                                     "pending": len(self.chain.pending_calls)})
        return cache[member]

    def blocks(self, since: int = 1, limit: int = 50) -> list[dict[str, Any]]:
        """Summaries of blocks `since` … (height, hash, date, calls, signers)."""
        found = []
        for height, block in enumerate(self.chain.blocks[since:since + limit], start=since):
            found.append({"height": height, "hash": block.hash_hex(),
                          "day": export.day_of(block.header).isoformat(),
                          "calls": [self._call_summary(c) for c in block.calls],
                          "signers": [self.name_of(s.address) for s in block.signatures]})
        return found

    def voting_frame(self, index: int | None = None) -> Any:
        """The node voting frame of moment `index` of the current round (default: now)."""
        return _slim(EngineView(self.pbft).frame_at(index))

    def frame(self, index: int | None = None) -> dict[str, Any]:
        """`voting_frame` as wire data, for a student's node voting widget."""
        return to_wire(self.voting_frame(index))

    def events_since(self, after: int, limit: int = 200) -> list[dict[str, Any]]:
        """Events with an id above `after`, oldest first."""
        return [e for e in self.events if e["id"] > after][:limit]

    def _event(self, event: str, /, **data: Any) -> None:
        self.events.append({**to_wire(data), "id": self._next_event, "event": event,
                            "time": self.clock()})
        self._next_event += 1
        for listener in list(self.listeners):
            listener()


def hub_name(hub_user: str) -> str:
    """A JupyterHub user name made fit to be a member name (letters, digits, '-', '_').

    >>> hub_name("li.wei@uni.edu"), hub_name("2024001")
    ('li-wei-uni-edu', 'u2024001')
    """
    name = re.sub(r"[^A-Za-z0-9_-]", "-", hub_user)
    if not name[:1].isalpha():
        name = "u" + name
    return name[:32]


def _pieces_of(vouchers: dict[str, Any], member: str) -> dict[str, Any]:
    """The pieces `member` holds or issued, with every ancestor (so lineage works)."""
    chosen = {}
    for piece in vouchers.values():
        if piece.holder == member or piece.issuer == member:
            while piece is not None and piece.id not in chosen:
                chosen[piece.id] = piece
                piece = vouchers.get(piece.parent_id) if piece.parent_id else None
    return dict(sorted(chosen.items()))


def _public_key(envelope: Envelope) -> KeyPair:
    return KeyPair.from_public(envelope.public_key, envelope.curve)


def _block_signature(raw: object, student: Student, current: Round) -> BlockSignature:
    digest = current.header.hash()
    problem = {"height": current.height, "hash": current.header.hash_hex()[:16] + "…"}
    if not isinstance(raw, str):
        raise Forged("classroom.bad_block_signature", **problem)
    try:
        signature = bytes.fromhex(raw)
    except ValueError:
        raise Forged("classroom.bad_block_signature", **problem) from None
    if not student.key.verify(digest, signature):
        raise Forged("classroom.bad_block_signature", **problem)
    return BlockSignature(student.key.address, signature)


def _caption(step: Any) -> dict[str, str] | None:
    if step is None:
        return None
    return {"en": step.caption("en"), "zh": step.caption("zh")}


def _slim(frame: Any) -> Any:
    """The frame without message payloads (the picture needs only who sent what kind)."""
    step = frame.step
    if step is not None:
        from ledgerkit.consensus.base import Message

        step = replace(step, messages=tuple(Message(m.sender, m.receiver, m.kind)
                                            for m in step.messages))
    return replace(frame, step=step)

