"""A small class in this process, driven by hand: students with their own keys, signed
messages, and a clock the test moves."""

from __future__ import annotations

from ledgerkit.classroom.network import ClassNetwork, ClassSettings
from ledgerkit.classroom.protocol import Envelope
from ledgerkit.classroom.store import Store
from ledgerkit.contracts import ContractCall
from ledgerkit.crypto import KeyPair


class Room:
    """A ClassNetwork and its students' keys; `send` signs and hands in one message."""

    def __init__(self, store: Store, settings: ClassSettings | None = None) -> None:
        self.store = store
        self.net = ClassNetwork(store, settings or ClassSettings(code="TEST01", seed="t",
                                                                 timeout_s=1.0))
        self.keys: dict[str, KeyPair] = {}
        self.now = 0.0
        self.silent: set[str] = set()

    def key(self, name: str) -> KeyPair:
        if name not in self.keys:
            self.keys[name] = KeyPair.from_seed(f"test/{name}")
        return self.keys[name]

    def envelope(self, name: str, kind: str, body: dict) -> bytes:
        return Envelope.create(self.key(name), kind, body).to_bytes()

    def send(self, name: str, kind: str, body: dict) -> dict:
        return self.net.handle(self.envelope(name, kind, body))

    def join(self, name: str, role: str | None = None) -> dict:
        body = {"name": name} | ({"role": role} if role else {})
        return self.send(name, "join", body)

    def call(self, name: str, action: str, **args) -> ContractCall:
        key = self.key(name)
        return ContractCall.create(key, "CreditVouchers", action, args,
                                   self.net.chain.nonce(key.address))

    def act(self, name: str, action: str, **args) -> dict:
        call = self.call(name, action, **args)
        return self.send(name, "act", {"call": call.serialize().decode(), "action": action})

    def vote(self, name: str) -> dict | None:
        student = self.net.students[name]
        inbox = self.net.inbox(student)
        if not inbox["waiting"]:
            return None
        current = inbox["round"]
        kinds = [w["kind"] for w in inbox["waiting"]]
        body = {"seq": current["seq"], "view": current["view"], "kinds": kinds}
        if "commit" in kinds:
            digest = bytes.fromhex(current["hash"])[::-1]
            body["block_signature"] = self.key(name).sign(digest).hex()
        return self.send(name, "vote", body)

    def run(self, beats: int = 400, dt: float = 0.05) -> None:
        """Tick and let every validator not in `silent` vote, until all is sealed."""
        for _ in range(beats):
            self.now += dt
            self.net.tick(self.now)
            for name, student in list(self.net.students.items()):
                if student.seat is not None and name not in self.silent:
                    self.vote(name)
            if self.net.round is None and not self.net.chain.pending_calls and not (
                    self.net.advance_waiting):
                return

    def state(self) -> tuple:
        """Everything a refused message must leave unchanged."""
        net = self.net
        return (net.chain.state_bytes(), len(self.store.calls()), net.chain.height,
                len(net.students))
