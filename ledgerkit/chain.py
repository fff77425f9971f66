"""A blockchain: blocks linked by hashes, secured by proof of work (区块链).

Each block names its parent's hash, so changing any old block breaks every link after it,
and mending them means redoing the proof of work of every later block. When two blocks
build on the same parent the chain forks (分叉); every node follows the branch with the most
accumulated work (最长链/最大工作量原则) and reorganises its ledger when that changes.

>>> from ledgerkit.crypto import KeyPair
>>> chain = Blockchain(difficulty_bits=8)
>>> miner = KeyPair.from_seed("miner").address
>>> block = chain.mine_block([], miner=miner)
>>> chain.height, chain.ledger.balance(miner), chain.validate()
(1, 50, True)
>>> chain.tamper(1, Block(block.header.replace(timestamp=0), block.transactions))
>>> chain.find_tampering().reason
'pow'
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ledgerkit.block import Block, BlockHeader, bits_for_zero_bits, mine
from ledgerkit.crypto import display_hex
from ledgerkit.errors import InputError, InvalidBlock, InvalidTransaction, MiningError
from ledgerkit.i18n import text
from ledgerkit.ledger import COINBASE, Ledger, Transaction
from ledgerkit.merkle import merkle_root

GENESIS_TIME = 1231006505  # the time of Bitcoin's genesis block, 3 January 2009
ZERO_HASH = bytes(32)


@dataclass(frozen=True)
class Tampering:
    """The first invalid block of a chain and why it is invalid.

    `reason` is one of "genesis", "link", "bits", "merkle", "pow", "tx", or "after" (the
    block is fine itself but builds on an invalid one).
    """

    index: int
    reason: str
    details: dict = field(default_factory=dict)

    @property
    def message(self) -> str:
        """The reason as a sentence in the current language."""
        return text(f"why.{self.reason}", **self.details)

    def in_language(self, lang: str) -> str:
        """The reason in `lang`, so an error that quotes it is all one language."""
        return text(f"why.{self.reason}", lang=lang, **self.details)

    def __str__(self) -> str:
        return text("chain_invalid", index=self.index, reason=self.message)


class Blockchain:
    """A chain of mined blocks with an account ledger, starting from a genesis block.

    Timestamps are deterministic (genesis time, then one `block_interval` per block) unless
    given, so every learner who does the same steps sees the same hashes.

    >>> Blockchain(difficulty_bits=4).height
    0
    """

    def __init__(
        self,
        difficulty_bits: int = 16,
        reward: int = 50,
        start_time: int = GENESIS_TIME,
        block_interval: int = 600,
        genesis_miner: str = COINBASE,
    ) -> None:
        self.difficulty_bits = difficulty_bits
        self.bits = bits_for_zero_bits(difficulty_bits)
        self.reward = reward
        self.block_interval = block_interval
        self._by_hash: dict[bytes, Block] = {}
        self._height: dict[bytes, int] = {}
        self._total_work: dict[bytes, int] = {}
        coinbase = Transaction.coinbase(genesis_miner, reward, height=0)
        header = BlockHeader(1, ZERO_HASH, merkle_root([coinbase.txid()]), start_time, self.bits, 0)
        genesis = Block(solve(header), (coinbase,))
        self._store(genesis)
        self._active: list[Block] = [genesis]
        self._ledger = Ledger()
        self._ledger.apply_block(list(genesis.transactions), reward)

    # --- reading the chain -----------------------------------------------------------
    @property
    def blocks(self) -> list[Block]:
        """The active chain, genesis first (a copy: change it only through the methods)."""
        return list(self._active)

    @property
    def height(self) -> int:
        """Index of the last block (the genesis block has height 0)."""
        return len(self._active) - 1

    @property
    def tip(self) -> Block:
        """The last block of the active chain."""
        return self._active[-1]

    @property
    def ledger(self) -> Ledger:
        """Balances and nonces after the honest history of the active chain (a copy).

        `tamper` and `remine_from` are lab tools and do not change it.
        """
        return self._ledger.copy()

    def total_work(self) -> int:
        """Expected hashes behind the active chain: what fork choice compares."""
        return self._total_work[self.tip.hash()]

    # --- growing the chain -----------------------------------------------------------
    def mine_block(
        self,
        transactions: list[Transaction],
        miner: str,
        timestamp: int | None = None,
        progress: Callable[[int, str], object] | None = None,
    ) -> Block:
        """Check `transactions`, add the miner's coinbase, mine, and append the block.

        A refused transaction raises before any mining and changes nothing.
        """
        height = self.height + 1
        content = [Transaction.coinbase(miner, self.reward, height), *transactions]
        state = self._ledger.copy()
        state.apply_block(content, self.reward)  # raises on the first bad transaction
        when = self.tip.header.timestamp + self.block_interval if timestamp is None else timestamp
        header = BlockHeader(1, self.tip.hash(), merkle_root([tx.txid() for tx in content]),
                             when, self.bits, 0)
        block = Block(solve(header, progress), tuple(content))
        self._store(block)
        self._active.append(block)
        self._ledger = state
        return block

    def add_block(self, block: Block) -> bool:
        """Accept a block from a peer; it may extend a side branch. Returns True when the
        active chain changed (the block's branch now has the most work).
        """
        prev = block.header.prev_hash
        if prev not in self._by_hash:
            raise InvalidBlock("err.unknown_parent", hash=block.hash_hex()[:16],
                               prev=display_hex(prev)[:16])
        if block.hash() in self._by_hash:
            return False
        branch = self._branch_to(prev) + [block]
        problem = check_blocks(branch, self.bits, self.reward, start=len(branch) - 1)[-1]
        if problem is not None:
            raise InvalidBlock("err.block_invalid", reason=problem)
        self._store(block)
        if self._total_work[block.hash()] <= self.total_work():
            return False  # a side branch with less (or equal) work: keep the current tip
        self._active = branch
        self._ledger = self._replay(branch)
        return True

    # --- checking the chain ----------------------------------------------------------
    def validate(self) -> bool:
        """True when every block of the active chain is valid."""
        return self.find_tampering() is None

    def find_tampering(self) -> Tampering | None:
        """The first invalid block of the active chain and the reason, or None."""
        return next(filter(None, check_blocks(self._active, self.bits, self.reward)), None)

    # --- lab tools -------------------------------------------------------------------
    def tamper(self, index: int, block: Block) -> None:
        """Replace block `index` of the active chain WITHOUT any check — what an attacker
        with write access to one copy could do. Use `find_tampering` to catch it.
        """
        self._require_index(index)
        self._active[index] = block

    def remine_from(
        self, index: int, progress: Callable[[int, str], object] | None = None
    ) -> int:
        """Redo the proof of work of block `index` and every later block, relinking each to
        its parent and refreshing its Merkle root. Returns the number of blocks re-mined:
        the cost an attacker pays to hide a change.
        """
        self._require_index(index)
        self._active = remine(self._active, index, self.bits, progress)
        return len(self._active) - index

    def copy(self) -> Blockchain:
        """An independent copy, e.g. one peer's replica of the ledger."""
        twin = object.__new__(Blockchain)
        twin.__dict__.update(self.__dict__)
        twin._by_hash, twin._height = dict(self._by_hash), dict(self._height)
        twin._total_work, twin._active = dict(self._total_work), list(self._active)
        twin._ledger = self._ledger.copy()
        return twin

    # --- inside ----------------------------------------------------------------------
    def _store(self, block: Block) -> None:
        key, parent = block.hash(), block.header.prev_hash
        self._by_hash[key] = block
        self._height[key] = self._height[parent] + 1 if parent in self._height else 0
        self._total_work[key] = self._total_work.get(parent, 0) + block.header.work

    def _branch_to(self, block_hash: bytes) -> list[Block]:
        """The blocks from genesis to `block_hash`, following parent links."""
        branch = []
        while block_hash in self._by_hash:
            block = self._by_hash[block_hash]
            branch.append(block)
            block_hash = block.header.prev_hash
        return branch[::-1]

    def _replay(self, branch: list[Block]) -> Ledger:
        state = Ledger()
        for block in branch:
            state.apply_block(list(block.transactions), self.reward)
        return state

    def _require_index(self, index: int) -> None:
        if not 0 <= index < len(self._active):
            raise InputError("err.no_block", index=index, count=len(self._active),
                             last=len(self._active) - 1)


# --- the rules, as plain functions of a list of blocks (used by the widgets' models too) ---
def solve(header: BlockHeader, progress: Callable[[int, str], object] | None = None
          ) -> BlockHeader:
    """`mine` that always answers: the solved header, or a MiningError saying why not.

    >>> solve(BlockHeader(1, ZERO_HASH, ZERO_HASH, 0, bits_for_zero_bits(4), 0)).meets_target()
    True
    """
    attempts = 0

    def report(done: int, current_hash: str) -> object:
        nonlocal attempts
        attempts = done
        return progress(done, current_hash) if progress is not None else None

    solved = mine(header, progress=report)
    if solved is not None:
        return solved
    if progress is not None and attempts < 2**32 - header.nonce:
        raise MiningError("err.mining_stopped", attempts=attempts)
    raise MiningError("err.mining_gave_up", max_nonce=2**32)


def check_blocks(
    blocks: Sequence[Block], bits: int | Sequence[int], reward: int, start: int = 0
) -> list[Tampering | None]:
    """Check blocks[start:], each against the ledger state the blocks before it leave.

    `bits` is the compact target every block must carry, or one per height. Returns one entry
    per checked block: None when valid, else the Tampering. A block after an invalid one is
    invalid too (reason "after"): it builds on it.

    >>> chain = Blockchain(difficulty_bits=4)
    >>> check_blocks(chain.blocks, chain.bits, chain.reward)
    [None]
    """
    state, problems, first_bad = Ledger(), [], None
    for index, block in enumerate(blocks):
        if index < start:
            state.apply_block(list(block.transactions), reward)
            continue
        expected = bits if isinstance(bits, int) else bits[index]
        problem = _header_problem(blocks, index, expected)
        if problem is None and first_bad is None:
            problem = _transactions_problem(state, block, index, reward)
        if problem is None and first_bad is not None:
            problem = Tampering(index, "after", {"bad_index": first_bad})
        if problem is not None and first_bad is None:
            first_bad = index
        problems.append(problem)
    return problems


def remine(
    blocks: Sequence[Block],
    index: int,
    bits: int | Sequence[int],
    progress: Callable[[int, str], object] | None = None,
) -> list[Block]:
    """A copy of `blocks` with block `index` and every later one relinked to its parent,
    given a fresh Merkle root and mined again: what hiding a change costs.
    """
    blocks = list(blocks)
    for position in range(index, len(blocks)):
        old = blocks[position]
        prev = ZERO_HASH if position == 0 else blocks[position - 1].hash()
        target_bits = bits if isinstance(bits, int) else bits[position]
        header = old.header.replace(prev_hash=prev, merkle_root=old.computed_merkle_root(),
                                    bits=target_bits, nonce=0)
        blocks[position] = Block(solve(header, progress), old.transactions)
    return blocks


def _header_problem(blocks: Sequence[Block], index: int, bits: int) -> Tampering | None:
    header = blocks[index].header
    if index == 0 and header.prev_hash != ZERO_HASH:
        return Tampering(0, "genesis")
    if index > 0 and header.prev_hash != blocks[index - 1].hash():
        return Tampering(index, "link", {"prev_index": index - 1})
    if header.bits != bits:
        return Tampering(index, "bits", {"bits": header.bits, "expected": bits})
    if not blocks[index].merkle_ok():
        return Tampering(index, "merkle")
    if not header.meets_target():
        return Tampering(index, "pow")
    return None


def _transactions_problem(state: Ledger, block: Block, index: int, reward: int
                          ) -> Tampering | None:
    """Apply the block to `state` transaction by transaction, naming the first bad one."""
    for tx_index, tx in enumerate(block.transactions):
        try:
            if tx_index == 0:
                state.apply_coinbase(tx, reward)
            else:
                state.apply(tx)
        except InvalidTransaction as problem:
            return Tampering(index, "tx", {"tx_index": tx_index, "detail": problem})
    return None
