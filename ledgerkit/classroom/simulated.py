"""A class of simulated classmates (模拟同学), for Binder, home, and headless runs.

`SimulatedClass` is the class ledger service without the network: the same `ClassNetwork`
(chain, voucher contract, PBFT seats, signed messages) in this kernel, with classmates who
play their roles by `ledgerkit.classroom.plays` and validators who never miss a vote. Your
own `ClassClient` talks to it exactly as it would talk to the lecturer's service, so the
lab notebook runs the same cells on the hub and at home.

The classmates join when you do, in the order of `CLASSMATES`; you take the place of the
first classmate with your role (as a tier-2 supplier you replace FrameCo), so the story
reaches you and waits for your moves. Time is simulated: after each of your messages the
class moves on (`run`) until nothing is left to do — classmates acted, every block is
sealed — so what you see is reproducible.

>>> home = SimulatedClass()
>>> you = home.join("you", role="supplier:2")
>>> [(v.id, v.holder) for v in you.book().vouchers.values()]
[('V1', 'SeatCo'), ('V1.1', 'you'), ('V1.2', 'SeatCo')]
>>> home.network.chain.validate(), "FrameCo" in home.classmates
(True, False)
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ledgerkit.classroom.client import ClassClient, LocalTransport, Refused
from ledgerkit.classroom.network import ClassNetwork, ClassSettings
from ledgerkit.classroom.plays import Plan, next_move
from ledgerkit.classroom.store import Store
from ledgerkit.crypto import KeyPair

# The classmates of a simulated class: a car maker's supply chain, a bank, a regulator and
# three validators (the fourth seat waits for you, or for the service's autopilot).
CLASSMATES = (("CarMaker", "core"), ("Bank", "bank"), ("SeatCo", "supplier:1"),
              ("FrameCo", "supplier:2"), ("SteelCo", "supplier:3"), ("Regulator", "regulator"),
              ("Val1", "validator"), ("Val2", "validator"), ("Val3", "validator"))
TICK_S = 0.1  # simulated seconds per consensus beat
AUTOMATIC = ("pre-prepare", "view-change", "new-view", "reply")  # what a node sends unasked
MAX_TICKS = 5000  # one run never goes on longer than this
STUCK_TIMEOUTS = 3  # view changes in a row with nothing else happening: stop and wait


class SimulatedClass:
    """A whole class in this kernel. `classmates` are (name, role) pairs; `plays` False
    makes them join but never act (a notebook then acts for them, step by step).

    >>> home = SimulatedClass(classmates=(("Val1", "validator"),)); home.start()
    >>> home.network.seats[0]
    'Val1'
    """

    def __init__(self, seed: str = "home", classmates: tuple[tuple[str, str], ...] = CLASSMATES,
                 *, seats: int = 4, plan: Plan | None = None, plays: bool = True,
                 timeout_s: float = 2.0) -> None:
        self.seed, self.plan, self.plays = seed, plan or Plan(), plays
        self.network = ClassNetwork(Store(":memory:"), ClassSettings(
            code="HOME00", seats=seats, seed=seed, timeout_s=timeout_s))
        self.time = 0.0
        self.cast = classmates
        self.classmates: dict[str, ClassClient] = {}
        self.errors: list[str] = []  # refusals the classmates met (a sign of a bad plan)
        self.started = False
        self.yours: list[ClassClient] = []  # your clients: their nodes wait for your votes
        self.autovote = False  # True: your node votes by itself too
        self._running = False

    def start(self, you: tuple[str, str | None] | None = None) -> ClassClient | None:
        """The classmates join (you in the place of the first one with your role) and the
        class starts moving. Returns your client, if you were given."""
        if self.started:
            return None
        self.started = True
        quiet = LocalTransport(self.network)  # classmates do not trigger runs themselves
        yours, cast = None, list(self.cast)
        if you is not None:
            same = next((i for i, (_, role) in enumerate(cast) if role == you[1]), None)
            cast.insert(len(cast) if same is None else same, (you[0], you[1] or ""))
            if same is not None:
                del cast[same + 1]
        for name, role in cast:
            if you is not None and name == you[0]:
                yours = ClassClient(transport=quiet, name=name, key=self.key_of(name))
                yours.join(role=role or None)
                yours.transport = LocalTransport(self.network, after=self.run)  # from now on
                self.yours.append(yours)
                continue
            mate = ClassClient(transport=quiet, name=name, key=self.key_of(name))
            mate.join(role=role)
            self.classmates[name] = mate
        self.run()
        return yours

    def key_of(self, name: str) -> KeyPair:
        """The (reproducible) key of a member of this simulated class."""
        return KeyPair.from_seed(f"classroom/{self.seed}/student/{name}")

    def join(self, name: str = "you", role: str | None = None) -> ClassClient:
        """Your own client: after each of your messages, the class moves on."""
        if not self.started:
            return self.start((name, role))  # type: ignore[return-value]
        you = ClassClient(transport=LocalTransport(self.network, after=self.run), name=name,
                          key=self.key_of(name))
        you.join(role=role)
        self.yours.append(you)
        self.run()
        return you

    def lecturer(self, op: str, **args: Any) -> dict[str, Any]:
        """Play the lecturer: advance the date, crash, byzantine, recover, partition,
        heal; then let the class move on."""
        self.start()
        said = self.network.lecturer(op, **args)
        self.run()
        return said

    def poke(self) -> None:
        """A classmate acts, so the class has a block to vote on: the bank raises its
        credit line to the car maker a little. (Handy to watch a fault at work.)"""
        bank = self.classmates["Bank"]
        book = bank.book()
        line = book.credit_lines.get("CarMaker", {}).get("Bank", self.plan.credit_line)
        bank.act("grant_credit_line", core="CarMaker", limit=line + Decimal("100000.00"))
        self.run()

    def run(self, max_ticks: int = MAX_TICKS) -> int:
        """Let the class move on until it is quiet: classmates act, validators vote,
        consensus seals blocks. Returns the number of beats it took."""
        if self._running:  # your node's own messages inside a run do not start another
            return 0
        self._running = True
        try:
            return self._run(max_ticks)
        finally:
            self._running = False

    def _run(self, max_ticks: int) -> int:
        counts = self.network.counts
        stuck_since = (counts["timeouts"], counts["blocks"])
        for beat in range(max_ticks):
            acted = self._classmates_act() if self.plays else False
            voted = self._validators_vote()
            if not (acted or voted) and self._paused_for_you():
                return beat  # time stands still while the round waits for your vote
            if acted or counts["blocks"] != stuck_since[1]:  # votes alone are no progress
                stuck_since = (counts["timeouts"], counts["blocks"])
            elif counts["timeouts"] - stuck_since[0] >= STUCK_TIMEOUTS:
                return beat  # nothing but view changes: the class is stuck until you act
            ticked = self.network.tick(self.time)
            self.time += TICK_S
            if not (acted or voted or ticked) and not self._waiting():
                return beat
        return max_ticks

    def _paused_for_you(self) -> bool:
        """Only a timeout could happen next, and your node holds a vote that would help."""
        net = self.network
        if net.round is None or net.pbft.in_flight or self.autovote:
            return False
        seats = [(you.me or {}).get("seat") for you in self.yours]
        return any(seat is not None and {m.kind for m in net.pbft.waiting(seat)} - set(
            AUTOMATIC) for seat in seats)

    def _waiting(self) -> bool:
        """Something will happen if time passes: a round is open or calls wait."""
        net = self.network
        return net.round is not None or bool(net.chain.pending_calls) or bool(
            net.advance_waiting)

    def _classmates_act(self) -> bool:
        roster = self.network.roster()
        acted = False
        for name, mate in self.classmates.items():
            me = mate.me or {}
            if me.get("role") in (None, "validator", "regulator"):
                continue
            book = mate.book(mine=True)
            move = next_move({"name": name, "role": me["role"], "tier": me["tier"]}, book,
                             roster, mate.today, self.plan)
            if move is None:
                continue
            try:
                mate.act(move.action, **move.args)
                acted = True
            except Refused as refusal:
                self.errors.append(f"{name} {move.action}: {refusal.rule}")
        return acted

    def _validators_vote(self) -> bool:
        """Classmates' nodes send everything; yours sends what is not a vote by itself
        (as the node software in your kernel would) and waits for you to vote."""
        net, voted = self.network, False
        nodes = [(mate, None) for mate in self.classmates.values()]
        nodes += [(you, None if self.autovote else AUTOMATIC) for you in self.yours]
        for client, kinds in nodes:
            seat = (client.me or {}).get("seat")
            if seat is None or net.round is None or not net.pbft.waiting(seat):
                continue
            if kinds is not None and not {m.kind for m in net.pbft.waiting(seat)} & set(kinds):
                continue
            try:
                voted = client.vote(kinds) is not None or voted
            except Refused as refusal:
                self.errors.append(f"{client.name} vote: {refusal.rule}")
        return voted
