"""Proof-of-work mining as a race between miners (工作量证明挖矿竞赛).

Each miner owns a share of the hash power (算力). Finding a block is a lottery: across the
whole network a block turns up on average once every `interval_s` seconds, and the finder is
miner i with probability equal to its share. A new block takes `delay_s` seconds to reach the
other miners. If another miner finds a block on the same parent before the news arrives,
the chain forks (分叉). Every miner mines on the chain with the most work (最长链原则) that it
knows; all blocks here have the same difficulty, so most work means longest, and between two
equally long chains a miner keeps the one it saw first. Blocks left off the main chain are
stale (孤块): their finders get no reward.

A small teaching model: no transactions, no hashing, only the race.

>>> race = PowRace([0.5, 0.3, 0.2], delay_s=60, seed=1)
>>> result = race.run(50)
>>> len(result.main_chain) - 1 + len(result.stale)
50
"""

from __future__ import annotations

import heapq
import math
import random
from dataclasses import dataclass

from ledgerkit.consensus.base import History, Message, Step
from ledgerkit.errors import InputError
from ledgerkit.i18n import register_strings

GENESIS = 0  # the id of the genesis block, found by nobody (miner -1) at time 0

register_strings({
    # --- captions --------------------------------------------------------------------
    "pow.found": (
        "Miner {miner} finds block {block} at height {height} on top of block {parent}.",
        "矿工 {miner} 在区块 {parent} 之上挖出区块 {block}，高度 {height}。",
    ),
    "pow.fork": (
        "Miner {miner} finds block {block} at height {height} on top of block {parent}, "
        "which already has a child: the chain forks.",
        "矿工 {miner} 在区块 {parent} 之上挖出区块 {block}，高度 {height}；"
        "但区块 {parent} 之上已有别的区块：链分叉了。",
    ),
    "pow.receive": (
        "Miner {miner} receives block {block} (height {height}) from miner {finder} and "
        "mines on top of it.",
        "矿工 {miner} 收到矿工 {finder} 的区块 {block}（高度 {height}），转而在它之上挖矿。",
    ),
    "pow.reorg": (
        "Miner {miner} receives block {block} (height {height}): that branch has more work, "
        "so it switches to it and drops block(s) {dropped}.",
        "矿工 {miner} 收到区块 {block}（高度 {height}）：那条分支的工作量更大，"
        "于是切换过去，放弃区块 {dropped}。",
    ),
    "pow.keep_tie": (
        "Miner {miner} receives block {block} (height {height}) but keeps block {tip}: both "
        "chains have the same work, and the block seen first wins a tie.",
        "矿工 {miner} 收到区块 {block}（高度 {height}），但仍保留区块 {tip}："
        "两条链工作量相同，先收到的区块优先。",
    ),
    "pow.keep_less": (
        "Miner {miner} receives block {block} (height {height}) but keeps block {tip} "
        "(height {tip_height}): its own chain has more work.",
        "矿工 {miner} 收到区块 {block}（高度 {height}），但仍保留区块 {tip}"
        "（高度 {tip_height}）：自己的链工作量更大。",
    ),
    # --- errors ----------------------------------------------------------------------
    "pow.err.hashpower": (
        "hashpower must be a non-empty list of numbers >= 0 with a positive total, "
        "one per miner; got {got!r}.",
        "hashpower 必须是非空的数字列表（每个矿工一个，均 >= 0，总和为正）；实际为 {got!r}。",
    ),
    "pow.err.interval": (
        "interval_s must be a positive number of seconds; got {got!r}.",
        "interval_s 必须是正的秒数；实际为 {got!r}。",
    ),
    "pow.err.delay": (
        "delay_s must be a number of seconds >= 0; got {got!r}.",
        "delay_s 必须是不小于 0 的秒数；实际为 {got!r}。",
    ),
    "pow.err.blocks": (
        "blocks must be a whole number >= 0; got {got!r}.",
        "blocks 必须是不小于 0 的整数；实际为 {got!r}。",
    ),
})


@dataclass(frozen=True)
class PowBlock:
    """A block of the race: who found it, when, and on top of which block.

    >>> PowBlock(1, parent=0, height=1, miner=2, found_s=431.5).height
    1
    """

    id: int
    parent: int | None
    height: int
    miner: int
    found_s: float


@dataclass(frozen=True)
class Delivery:
    """Block `block` on its way to miner `miner`, arriving at `arrives_s`."""

    block: int
    miner: int
    arrives_s: float


@dataclass(frozen=True)
class PowState:
    """One moment of the race, as a widget draws it: every block found so far, the block
    each miner mines on (its tip), and the blocks still on their way.

    >>> PowRace([1.0]).state.tips
    (0,)
    """

    time_s: float
    blocks: tuple[PowBlock, ...]
    tips: tuple[int, ...]
    in_flight: tuple[Delivery, ...]

    def __deepcopy__(self, memo: dict) -> PowState:
        # Immutable all the way down, so a copy would equal the original. Sharing it keeps
        # a long history cheap: History copies the state after every step.
        return self


@dataclass(frozen=True)
class PowResult:
    """The outcome of `run`: the main chain (block ids, genesis first), the stale blocks,
    how many forks happened, and the main-chain blocks (the rewards) of each miner.

    >>> PowRace([1.0], seed=2).run(3).main_chain
    [0, 1, 2, 3]
    """

    main_chain: list[int]
    stale: list[int]
    forks: int
    blocks_per_miner: list[int]
    found_per_miner: list[int]
    time_s: float

    @property
    def stale_rate(self) -> float:
        """Share of the blocks found that ended up off the main chain."""
        found = sum(self.found_per_miner)
        return len(self.stale) / found if found else 0.0


class PowRace:
    """Miners with the given hash-power shares race to extend a shared chain.

    >>> race = PowRace([2, 1], interval_s=600, delay_s=10, seed=3)
    >>> race.step().phase
    'found'
    """

    def __init__(
        self,
        hashpower: list[float],
        interval_s: float = 600.0,
        delay_s: float = 10.0,
        seed: int = 0,
    ) -> None:
        _check_hashpower(hashpower)
        if not _is_number(interval_s) or not interval_s > 0:
            raise InputError("pow.err.interval", got=interval_s)
        if not _is_number(delay_s) or not delay_s >= 0:
            raise InputError("pow.err.delay", got=delay_s)
        total = sum(hashpower)
        self.shares = [power / total for power in hashpower]
        self.interval_s = interval_s
        self.delay_s = delay_s
        self.time_s = 0.0
        self.blocks = [PowBlock(GENESIS, None, 0, -1, 0.0)]
        self.tips = [GENESIS] * len(hashpower)
        self.forks = 0
        self._rng = random.Random(seed)
        self._children = [0]
        self._deliveries: list[tuple[float, int, Delivery]] = []
        self._sent = 0
        self._next_find_s = self._draw_next_find()
        self.history = History(self.state)

    @property
    def state(self) -> PowState:
        """The current moment (immutable, safe to keep).

        >>> len(PowRace([1, 1]).state.blocks)
        1
        """
        in_flight = tuple(item for _, _, item in sorted(self._deliveries))
        return PowState(self.time_s, tuple(self.blocks), tuple(self.tips), in_flight)

    def chain_of(self, block_id: int) -> list[int]:
        """The ids of the chain ending at `block_id`, genesis first.

        >>> race = PowRace([1.0], seed=4); _ = race.run(2); race.chain_of(2)
        [0, 1, 2]
        """
        chain = []
        current: int | None = block_id
        while current is not None:
            chain.append(current)
            current = self.blocks[current].parent
        return chain[::-1]

    # --- one event at a time ---------------------------------------------------------
    def step(self) -> Step:
        """The next event: a miner finds a block, or a block reaches another miner.

        >>> PowRace([1, 1], seed=5).step().caption("en")
        'Miner 1 finds block 1 at height 1 on top of block 0.'
        """
        if self._deliveries and self._deliveries[0][0] <= self._next_find_s:
            _, _, delivery = heapq.heappop(self._deliveries)
            self.time_s = delivery.arrives_s
            return self._record(*self._receive(delivery))
        self.time_s = self._next_find_s
        self._next_find_s = self._draw_next_find()
        return self._record(*self._find())

    def run(self, blocks: int) -> PowResult:
        """Step until `blocks` more blocks have been found; return the outcome so far.

        >>> PowRace([3, 1], delay_s=0, seed=6).run(10).forks
        0
        """
        if isinstance(blocks, bool) or not isinstance(blocks, int) or blocks < 0:
            raise InputError("pow.err.blocks", got=blocks)
        target = len(self.blocks) + blocks
        while len(self.blocks) < target:
            self.step()
        return self.result()

    def result(self) -> PowResult:
        """The main chain as everyone will see it: the longest chain, and between equally
        long ones, the one whose tip was found first.

        >>> PowRace([1.0]).result().main_chain
        [0]
        """
        best = max(self.blocks, key=lambda block: (block.height, -block.id))
        main_chain = self.chain_of(best.id)
        on_main = set(main_chain)
        stale = [block.id for block in self.blocks if block.id not in on_main]
        rewarded = [0] * len(self.tips)
        found = [0] * len(self.tips)
        for block in self.blocks[1:]:
            found[block.miner] += 1
            if block.id in on_main:
                rewarded[block.miner] += 1
        return PowResult(main_chain, stale, self.forks, rewarded, found, self.time_s)

    # --- the two kinds of event ------------------------------------------------------
    def _find(self) -> tuple:
        # Who wins this round of the lottery: miner i with probability equal to its share.
        miner = self._rng.choices(range(len(self.shares)), weights=self.shares)[0]
        parent = self.blocks[self.tips[miner]]
        block = PowBlock(len(self.blocks), parent.id, parent.height + 1, miner, self.time_s)
        forked = self._children[parent.id] > 0
        self.forks += forked
        self._children[parent.id] += 1
        self._children.append(0)
        self.blocks.append(block)
        self.tips[miner] = block.id
        messages = []
        for other in range(len(self.tips)):
            if other != miner:
                self._sent += 1
                delivery = Delivery(block.id, other, self.time_s + self.delay_s)
                heapq.heappush(self._deliveries, (delivery.arrives_s, self._sent, delivery))
                messages.append(Message(miner, other, "block",
                                        {"block": block.id, "height": block.height}))
        fields = {"miner": miner, "block": block.id, "height": block.height,
                  "parent": parent.id}
        if forked:
            return "fork", "pow.fork", fields, messages
        return "found", "pow.found", fields, messages

    def _receive(self, delivery: Delivery) -> tuple:
        # Every block reaches everyone exactly delay_s after it was found, so its parent
        # (found earlier) has always arrived first: no block ever waits for a missing parent.
        block = self.blocks[delivery.block]
        miner = delivery.miner
        tip = self.blocks[self.tips[miner]]
        fields = {"miner": miner, "block": block.id, "height": block.height,
                  "finder": block.miner, "tip": tip.id, "tip_height": tip.height}
        if block.height < tip.height:
            return "keep", "pow.keep_less", fields, []
        if block.height == tip.height:
            return "keep", "pow.keep_tie", fields, []
        self.tips[miner] = block.id
        if block.parent == tip.id:
            return "receive", "pow.receive", fields, []
        new_chain = set(self.chain_of(block.id))
        dropped = [i for i in self.chain_of(tip.id) if i not in new_chain]
        return "reorg", "pow.reorg", {**fields, "dropped": ", ".join(map(str, dropped))}, []

    def _draw_next_find(self) -> float:
        # Finding blocks is a Poisson process: the waits between blocks are exponential.
        # Each miner is its own Poisson process at rate share / interval; together they are
        # one process at rate 1 / interval, whose winner is drawn by share in _find.
        return self.time_s + self._rng.expovariate(1.0 / self.interval_s)

    def _record(self, phase: str, key: str, fields: dict, messages: list[Message]) -> Step:
        step = Step(len(self.history), self.time_s * 1000, phase, tuple(messages),
                    key, fields)
        return self.history.record(step, self.state)


def _is_number(value: object) -> bool:
    return (isinstance(value, (int, float)) and not isinstance(value, bool)
            and math.isfinite(value))


def _check_hashpower(hashpower: object) -> None:
    ok = (isinstance(hashpower, (list, tuple)) and len(hashpower) > 0
          and all(_is_number(power) and power >= 0 for power in hashpower)
          and sum(hashpower) > 0)
    if not ok:
        raise InputError("pow.err.hashpower", got=hashpower)
