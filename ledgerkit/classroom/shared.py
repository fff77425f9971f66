"""The course's widgets on the shared class chain (共享课堂链上的组件): two small adapters.

The node voting widget draws a `NodeVotingModel`, the voucher splitting widget a
`VoucherSplitModel`. Here both models get the class network behind them instead of a
private simulation, so the same widgets now act on the chain the whole class shares:

- `SharedVotingModel` shows the PBFT round of the class (the service's frames); clicking
  your own node approves what it waits to send (your signed vote), clicking another node
  is refused; Step, Play and the slider follow the live round.
- `SharedSplitModel` shows the voucher tree from the class book; split, transfer, finance
  and settle are signed with your key and checked by the chain's voucher rules. You hold
  only your own key, so "acting as" somebody else is refused before anything is sent.

>>> from ledgerkit.classroom.simulated import SimulatedClass
>>> home = SimulatedClass()
>>> model = SharedSplitModel(SharedRegistry(home.join("you", role="supplier:2")))
>>> model.root_id, model.actor
('V1', 'you')
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from ledgerkit.classroom.client import ClassClient, book_contract
from ledgerkit.classroom.protocol import ClassroomError, from_wire
from ledgerkit.finance.voucher import CreditVouchers, Financing, Payment, Voucher
from ledgerkit.i18n import register_strings, text
from ledgerkit.voting import Frame, NodeVotingModel
from ledgerkit.vouchers_view import VoucherSplitModel

register_strings({
    "nv.action.classroom-vote": ("send what your node waits to send (your signed vote)",
                                 "发送你的节点待发送的消息（你签名的投票）"),
    "nv.action.classroom-watch": ("nothing: this node is a classmate's",
                                  "无操作：这是同学的节点"),
    "classroom.only_your_node": (
        "Node {node} is run by {holder}: you vote with your own node only ({mine}).",
        "节点 {node} 由 {holder} 运行：你只能用自己的节点（{mine}）投票。"),
    "classroom.no_node": ("You are a {role}, not a validator: you watch the vote.",
                          "你是{role}，不是验证节点：你在旁观投票。"),
    "classroom.voted": ("Your node {seat} sent {kinds} for {value}.",
                        "你的节点 {seat} 为 {value} 发出了 {kinds}。"),
    "classroom.nothing_to_send": ("Your node {seat} has nothing to send right now.",
                                  "你的节点 {seat} 现在没有要发送的消息。"),
    "classroom.blocks_from_calls": (
        "In class, the primary proposes a block from the class's actions: act on a voucher "
        "and watch it come.",
        "在课堂中，主节点根据全班的操作提议区块：去操作一张凭证，然后看着它上链。"),
    "classroom.lecturer_clock": ("Only the lecturer moves the chain's date.",
                                 "只有讲师才能调整链上日期。"),
    "classroom.no_voucher_yet": (
        "No voucher involves you yet: wait until one reaches you (or, as the core "
        "enterprise, issue one).",
        "还没有与你有关的凭证：请等待凭证流转到你（核心企业可以先签发一张）。"),
})


class SharedVotingModel(NodeVotingModel):
    """The node voting model over the class network's PBFT round.

    >>> from ledgerkit.classroom.simulated import SimulatedClass
    >>> model = SharedVotingModel(SimulatedClass().join("you", role="validator"))
    >>> model.seat, model.next_action(0), model.next_action(1)
    (0, 'classroom-vote', 'classroom-watch')
    """

    def __init__(self, client: ClassClient) -> None:  # no engine here: frames come by wire
        self.client, self.protocol, self._requests = client, "pbft", 0
        self._frame: Frame = client.frame()
        self.n = self._frame.n
        self.index = self._frame.index

    @property
    def seat(self) -> int | None:
        """The seat (node number) this student runs, or None."""
        return (self.client.me or {}).get("seat")

    @property
    def latest(self) -> int:
        """The newest moment of the class's current round."""
        return self._frame.latest

    @property
    def quorum(self) -> int:
        """The class's PBFT quorum (3 of 4 seats)."""
        return self._frame.facts["quorum"]

    def frame(self) -> Frame:
        """The moment on show, fetched from the class when it is another one."""
        if self._frame.index != self.index:
            self._frame = self.client.frame(self.index)
        return self._frame

    def refresh(self) -> Frame:
        """Fetch the newest moment of the class's round and show it."""
        self._frame = self.client.frame()
        self.index = self._frame.index
        return self._frame

    def step(self) -> bool:
        """Show the next moment, or the newest one of the live round."""
        if self.index < self.latest:
            self.index += 1
        else:
            self.refresh()
        return True

    def seek(self, index: int) -> None:
        """Show moment `index` of the current round."""
        super().seek(index)
        self.frame()

    def tick(self) -> bool:
        """One beat of Play: follow the live round (stop when no block is on the table)."""
        self.refresh()
        return self._frame.step is not None and self._frame.phase != "reply"

    def click_node(self, i: int) -> Callable[[], str]:
        """Your own node: send what it waits to send. Another node: refused."""
        self._node(i)
        if self.seat is None:
            role = (self.client.me or {}).get("label", {}).get("en", "member")
            raise ClassroomError("classroom.no_node", role=role)
        if i != self.seat:
            holder = f"node {i}"
            raise ClassroomError("classroom.only_your_node", node=i, holder=holder,
                                 mine=self.seat)
        said = self.client.vote()
        self.refresh()
        if said is None:
            return lambda: text("classroom.nothing_to_send", seat=self.seat)
        kinds, value = ", ".join(k.upper() for k in said["kinds"]), self._frame.request
        return lambda: text("classroom.voted", seat=self.seat, kinds=kinds, value=value)

    def next_action(self, i: int) -> str:
        """Your node: vote; another: nothing (only its owner decides)."""
        return "classroom-vote" if i == self.seat else "classroom-watch"

    def request(self, value: Any = None) -> Any:
        """Refused: in class, blocks come from the class's actions."""
        raise ClassroomError("classroom.blocks_from_calls")

    def time_out(self, i: int) -> Any:
        """Refused: timeouts come by themselves (the lecturer sets how long)."""
        raise ClassroomError("classroom.blocks_from_calls")


class SharedRegistry:
    """What `VoucherSplitModel` needs from a voucher platform, answered by the class chain
    through `client`. `lecturer` (a simulated class's) lets the clock move at home."""

    name = "CreditVouchers"

    def __init__(self, client: ClassClient,
                 lecturer: Callable[..., Any] | None = None) -> None:
        self.client, self.lecturer = client, lecturer
        self._book: CreditVouchers = client.book()
        self.me = client.name or ""

    def refresh(self) -> None:
        """Read the class book again."""
        self._book = self.client.book()

    # --- reading: the contract's own views on the class book ----------------------------
    @property
    def today(self) -> date:
        """The chain's date."""
        return self.client.today

    @property
    def parties(self) -> dict[str, str]:
        """Party name -> kind, from the class book."""
        return dict(self._book.parties)

    @property
    def book(self) -> CreditVouchers:
        """The class book, as a read-only voucher contract."""
        return self._book

    def voucher(self, voucher_id: str) -> Voucher:
        """One voucher or piece of the class book."""
        return self._book.voucher(voucher_id)

    def lineage(self, voucher_id: str) -> list[Voucher]:
        """Root first, down to the piece (穿透)."""
        return self._book.lineage(voucher_id)

    def live_pieces(self, root_id: str) -> list[Voucher]:
        """The live pieces of a root."""
        return self._book.live_pieces(root_id)

    def tree(self, root_id: str) -> dict[str, Any]:
        """The voucher tree as nested dicts, for the picture."""
        return self._book.tree(root_id)

    def my_root(self) -> str:
        """The first root whose tree you hold a piece of (or issued)."""
        for piece in sorted(self._book.vouchers.values(), key=lambda v: v.id):
            if self.me in (piece.holder, piece.issuer):
                return piece.root_id
        raise ClassroomError("classroom.no_voucher_yet")

    # --- acting: signed with your key, checked by the chain -----------------------------
    def split(self, voucher_id: str, amounts: list[Decimal | int], *, by: str
              ) -> list[Voucher]:
        """Split a piece you hold (signed with your key)."""
        return self._act(by, "split", voucher_id=voucher_id,
                         amounts=[Decimal(str(a)) for a in amounts])

    def transfer(self, voucher_id: str, to: str, *, by: str) -> Voucher:
        """Pass a piece you hold to supplier `to`."""
        return self._act(by, "transfer", voucher_id=voucher_id, to=to)

    def finance(self, voucher_id: str, bank: str, annual_rate: Decimal | str,
                on: date | None = None, *, by: str) -> Financing:
        """Finance a piece you hold at `bank` (today by default): the bank buys the receivable
        (factoring 保理) and charges its interest up front."""
        return self._act(by, "finance", voucher_id=voucher_id, bank=bank,
                         annual_rate=Decimal(str(annual_rate)), on=on or self.today)

    def settle(self, on: date | None = None) -> list[Payment]:
        """Settle as yourself (the chain refuses unless you are the core enterprise)."""
        if on is not None:
            self.advance_to(on)
        return self._act(self.me, "settle")

    def advance_to(self, day: date) -> date:
        """Move the date: only at home, where you are the lecturer too."""
        if self.lecturer is None:
            raise ClassroomError("classroom.lecturer_clock")
        days = (day - self.today).days
        if days > 0:
            self.lecturer("advance", days=days)
        self.refresh()
        return self.today

    def _act(self, by: str, action: str, **args: Any) -> Any:
        if by != self.me:
            raise ClassroomError("classroom.your_key_only", me=self.me, other=by)
        result = self.client.act(action, **args)
        self.refresh()
        return result


class SharedSplitModel(VoucherSplitModel):
    """The voucher splitting model on the class book: you act as yourself.

    `root_id` defaults to the first voucher tree you take part in."""

    def __init__(self, registry: SharedRegistry, root_id: str | None = None) -> None:
        super().__init__(registry, root_id or registry.my_root())
        self.actor = registry.me

    def select(self, piece_id: str) -> None:
        """Select a piece; you stay the one acting."""
        super().select(piece_id)
        self.actor = self.registry.me  # selecting a piece never makes you its holder

    def refresh(self) -> None:
        """Read the class book again (other students act too)."""
        self.registry.refresh()

    def _financings(self) -> dict[str, Financing]:
        return dict(self.registry.book.financings)


def book_of(client: ClassClient) -> CreditVouchers:
    """The whole class book as a read-only contract (a shortcut for notebooks).

    >>> from ledgerkit.classroom.simulated import SimulatedClass
    >>> book_of(SimulatedClass().join("you")).voucher("V1").issuer
    'CarMaker'
    """
    return book_contract(from_wire(client.get("book")))
