"""How a block is formed, step by step: the model behind the block formation widget (区块形成).

Four demo accounts (Alice, Bob, Carol, Dave) send each other coins. Their transactions wait
in a mempool (交易池); you pick some, the Merkle root of the next block follows, and mining
(挖矿) searches for a nonce whose header hash has enough leading zero bits. Change the data
of a mined block and it, and every block after it, becomes invalid; re-mine to repair it.
Three peers (节点) keep copies of the chain, and a majority vote exposes a copy that was
rewritten — even one whose proof of work was redone.

This module holds every rule; the widget only draws the state and calls these methods.

>>> model = BlockFormationModel(difficulty=8)
>>> result = model.mine()                      # the two sample transactions
>>> model.height, model.is_valid()
(1, True)
>>> model.edit_transaction(1, 1, amount=6)     # Alice now "sent" 6 instead of 5
>>> [problem.reason if problem else None for problem in model.problems()]
[None, 'merkle']
>>> model.remine_from(1), model.is_valid()
(1, True)
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from ledgerkit import chain as chain_rules
from ledgerkit.block import Block, BlockHeader, bits_for_zero_bits, mine
from ledgerkit.chain import GENESIS_TIME, ZERO_HASH, Tampering, check_blocks
from ledgerkit.crypto import KeyPair, display_hex
from ledgerkit.errors import InputError, InvalidTransaction, MiningError
from ledgerkit.i18n import text
from ledgerkit.ledger import COINBASE, Ledger, Transaction
from ledgerkit.merkle import merkle_root

ACCOUNTS = ("Alice", "Bob", "Carol", "Dave")
ATTACKER = "Mallory"  # the dishonest peer pays herself when she rewrites history
PEER_NAMES = ("A", "B", "C")
MAX_DIFFICULTY = 24  # about 16 million hashes on average: seconds, not minutes, in Python
GENESIS_MAX_DIFFICULTY = 16  # so the widget appears at once even when you ask for 24
REWARD = 50
STARTING_GIFT = 10  # in the genesis block Alice gives each friend this much to start with
BLOCK_INTERVAL = 600
HEADER_FIELDS = ("version", "prev_hash", "merkle_root", "timestamp", "bits", "nonce")

Progress = Callable[[int, str], object]


@cache
def demo_key(name: str) -> KeyPair:
    """The key pair of a demo account, derived from its name (labs only: not secret).

    >>> demo_key("Alice").address == KeyPair.from_seed("alice").address
    True
    """
    return KeyPair.from_seed(name.lower())


def demo_names() -> dict[str, str]:
    """Address -> name for the demo accounts, the attacker and the coinbase, for display.

    >>> demo_names()[COINBASE]
    'coinbase'
    """
    names = {demo_key(name).address: name for name in (*ACCOUNTS, ATTACKER)}
    names[COINBASE] = "coinbase"
    return names


def _address(name: str) -> str:
    """The address of a demo account given by name; unknown names are refused."""
    if name not in ACCOUNTS and name != ATTACKER:
        raise InputError("err.unknown_account", name=name, choices=", ".join(ACCOUNTS))
    return demo_key(name).address


def _check_difficulty(zero_bits: object) -> int:
    if isinstance(zero_bits, bool) or not isinstance(zero_bits, int) or not (
        0 <= zero_bits <= MAX_DIFFICULTY
    ):
        raise InputError("err.difficulty_range", low=0, high=MAX_DIFFICULTY, got=zero_bits)
    return zero_bits


@dataclass(frozen=True)
class MiningResult:
    """What one press of Mine produced: the block, its height and the work it took.

    >>> MiningResult(None, 1, attempts=1000, seconds=0.5).rate
    2000.0
    """

    block: Block
    index: int
    attempts: int
    seconds: float

    @property
    def rate(self) -> float:
        """Hashes per second."""
        return self.attempts / self.seconds if self.seconds > 0 else float(self.attempts)


@dataclass(frozen=True)
class PeerVote:
    """Which chain the peers hold, and who disagrees with the majority (多数表决).

    `tips` are the peers' tip hashes (display hex); `majority` is the tip that at least two
    peers share, or None; `differs_from[i]` is the first block where peer i's copy differs
    from the majority's copy (None when it agrees).

    >>> PeerVote(("aa", "aa", "bb"), "aa", (None, None, 1), (True, True, True)).dissenters
    ['C']
    """

    tips: tuple[str, ...]
    majority: str | None
    differs_from: tuple[int | None, ...]
    valid: tuple[bool, ...]

    @property
    def dissenters(self) -> list[str]:
        """Names of the peers whose copy differs from the majority's."""
        return [PEER_NAMES[i] for i, where in enumerate(self.differs_from) if where is not None]

    @property
    def message(self) -> str:
        """The verdict as a sentence in the current language."""
        if self.majority is None:
            return text("bf.no_majority")
        if not self.dissenters:
            return text("all_agree", tip=self.majority[:16] + "…")
        return text("majority", tip=self.majority[:16] + "…", peers=", ".join(self.dissenters))


class BlockFormationModel:
    """A small chain that a learner builds block by block, plus three peers' copies of it.

    Unlike `ledgerkit.chain.Blockchain`, the difficulty may change from one block to the
    next (the slider); the difficulty asked for at each height is recorded when the block is
    first mined, and a block must meet the difficulty of its height — so lowering the bits
    of an old block is caught, just like changing its data.

    >>> BlockFormationModel(difficulty=4).blocks[0].transactions[0].amount
    50
    """

    def __init__(self, difficulty: int = 16, sample_transactions: bool = True) -> None:
        self._difficulty = _check_difficulty(difficulty)
        self._miner = ACCOUNTS[0]
        self._mempool: list[Transaction] = []
        self._selected: set[bytes] = set()
        self._check_cache: dict[tuple, list[Tampering | None]] = {}
        self._ledger_cache: tuple[tuple[Block, ...], Ledger] = ((), Ledger())
        genesis_bits = min(difficulty, GENESIS_MAX_DIFFICULTY)
        self._blocks: list[Block] = [_genesis(genesis_bits)]
        # The difficulty (zero bits) each height was mined at: the network's rule.
        self._required: list[int] = [genesis_bits]
        self._peers: list[list[Block]] = [list(self._blocks) for _ in PEER_NAMES]
        if sample_transactions:
            self.add_transaction("Alice", "Bob", 5)
            self.add_transaction("Bob", "Carol", 3)

    # --- settings --------------------------------------------------------------------
    @property
    def difficulty(self) -> int:
        """Leading zero bits the next block's hash must have (0 to 24)."""
        return self._difficulty

    @difficulty.setter
    def difficulty(self, zero_bits: int) -> None:
        self._difficulty = _check_difficulty(zero_bits)

    @property
    def miner(self) -> str:
        """The demo account that receives the next block's reward (coinbase)."""
        return self._miner

    @miner.setter
    def miner(self, name: str) -> None:
        _address(name)
        self._miner = name

    @property
    def names(self) -> dict[str, str]:
        """Address -> name, to show people instead of hex."""
        return demo_names()

    # --- reading the chain -----------------------------------------------------------
    @property
    def blocks(self) -> list[Block]:
        """Your chain, genesis first (a copy)."""
        return list(self._blocks)

    @property
    def height(self) -> int:
        """Index of the last block."""
        return len(self._blocks) - 1

    def required_zero_bits(self, index: int) -> int:
        """The difficulty that height `index` was mined at."""
        self._require_index(index)
        return self._required[index]

    def problems(self) -> list[Tampering | None]:
        """For each block of your chain: None when valid, else why not."""
        return self._check(self._blocks)

    def is_valid(self) -> bool:
        """True when every block of your chain is valid."""
        return all(problem is None for problem in self.problems())

    def first_invalid(self) -> int | None:
        """The index of the first invalid block, or None."""
        for index, problem in enumerate(self.problems()):
            if problem is not None:
                return index
        return None

    def ledger(self) -> Ledger:
        """Balances and nonces after your chain's transactions (those that are valid)."""
        chain = tuple(self._blocks)
        if self._ledger_cache[0] != chain:  # replaying verifies every signature again
            self._ledger_cache = (chain, _replay(self._blocks))
        return self._ledger_cache[1].copy()

    def balances(self) -> dict[str, int]:
        """Each demo account's balance at the tip, by name."""
        state = self.ledger()
        return {name: state.balance(demo_key(name).address) for name in ACCOUNTS}

    # --- the mempool -----------------------------------------------------------------
    @property
    def mempool(self) -> list[Transaction]:
        """Pending transactions, oldest first (a copy)."""
        return list(self._mempool)

    @property
    def selected(self) -> list[Transaction]:
        """The pending transactions picked for the next block, in mempool order."""
        return [tx for tx in self._mempool if tx.txid() in self._selected]

    def add_transaction(self, sender: str, recipient: str, amount: int) -> Transaction:
        """Sign a transfer with the sender's demo key and put it in the mempool (selected).

        It must be valid after everything already waiting, as a node's mempool demands.

        >>> model = BlockFormationModel(difficulty=0, sample_transactions=False)
        >>> model.add_transaction("Bob", "Dave", 4).amount
        4
        """
        key = demo_key(sender) if sender in ACCOUNTS else None
        recipient_address = _address(recipient)
        if key is None:
            raise InputError("err.unknown_account", name=sender, choices=", ".join(ACCOUNTS))
        state = self.ledger()
        for pending in self._mempool:
            _try_apply(state, pending)
        tx = Transaction.create(key, recipient_address, amount, state.nonce(key.address))
        state.check(tx)  # raises the rule it breaks; nothing was added yet
        self._mempool.append(tx)
        self._selected.add(tx.txid())
        return tx

    def select(self, tx: Transaction | int, included: bool = True) -> None:
        """Pick (or drop) a pending transaction, given by itself or its mempool position."""
        if isinstance(tx, int):
            if not 0 <= tx < len(self._mempool):
                raise InputError("err.field_range", field="tx", low=0,
                                 high=len(self._mempool) - 1, got=tx)
            tx = self._mempool[tx]
        if tx not in self._mempool:
            raise InputError("err.not_pending", txid=tx.txid_hex()[:16])
        if included:
            self._selected.add(tx.txid())
        else:
            self._selected.discard(tx.txid())

    def selection_problems(self) -> dict[bytes, str]:
        """txid -> why the network would refuse it, for selected transactions that break a
        rule when applied in order after the tip (e.g. a skipped nonce or too little money).
        """
        state = self.ledger()
        state.apply_coinbase(self._coinbase(), REWARD)
        refused = {}
        for tx in self.selected:
            try:
                state.apply(tx)
            except InvalidTransaction as problem:
                refused[tx.txid()] = str(problem)
        return refused

    # --- the next block and mining ---------------------------------------------------
    def candidate(self) -> Block:
        """The block a miner would build now: coinbase + selected transactions, on the tip,
        at the chosen difficulty, nonce 0. Its Merkle root follows the selection.
        """
        content = (self._coinbase(), *self.selected)
        height = len(self._blocks)
        header = BlockHeader(
            1, self._blocks[-1].hash(), merkle_root([tx.txid() for tx in content]),
            GENESIS_TIME + height * BLOCK_INTERVAL, bits_for_zero_bits(self._difficulty), 0,
        )
        return Block(header, content)

    def mine(self, progress: Progress | None = None,
             progress_every: int = 16384) -> MiningResult | None:
        """Mine the candidate block and append it. Refused transactions raise before any
        hashing and change nothing. `progress(attempts, current_hash_hex)` is called while
        searching; returning False stops the search (then None is returned).
        """
        candidate = self.candidate()
        trial = self.ledger()
        trial.apply_block(list(candidate.transactions), REWARD)  # raises on a broken rule
        stopped = []

        def watch(attempts: int, current: str) -> object:
            keep_going = progress(attempts, current) if progress else True
            if keep_going is False:
                stopped.append(attempts)
            return keep_going

        started = time.perf_counter()
        solved = mine(candidate.header, progress=watch, progress_every=progress_every)
        seconds = time.perf_counter() - started
        if solved is None:
            if stopped:
                return None
            raise MiningError("err.mining_gave_up", max_nonce=2**32)
        block = Block(solved, candidate.transactions)
        self._blocks.append(block)
        self._required.append(self._difficulty)
        for peer in self._peers:
            if peer[-1].hash() == solved.prev_hash:  # a peer accepts a block on its own tip
                peer.append(block)
        self._forget_included(block)
        return MiningResult(block, self.height, solved.nonce - candidate.header.nonce + 1, seconds)

    # --- changing history (the lab part) ---------------------------------------------
    def edit_transaction(self, block_index: int, tx_index: int, *, recipient: str | None = None,
                         amount: int | None = None, resign: bool = True) -> None:
        """Change one transaction of a mined block, leaving its header as it was.

        With `resign` the sender's demo wallet signs the new version, so after re-mining the
        chain is valid again (as in Brownworth's demo); without it the old signature stays
        and no longer matches. The coinbase has no signature.
        """
        self._blocks[block_index] = _edited(self._block(block_index), tx_index, recipient,
                                            amount, resign, block_index)

    def edit_header(self, block_index: int, **fields: object) -> None:
        """Change header fields of a mined block without re-mining, e.g. nonce=0.

        >>> model = BlockFormationModel(difficulty=8)
        >>> model.edit_header(0, nonce=model.blocks[0].header.nonce + 1)
        >>> model.problems()[0].reason
        'pow'
        """
        unknown = [name for name in fields if name not in HEADER_FIELDS]
        if unknown:
            raise InputError("err.header_field", field=unknown[0], choices=", ".join(HEADER_FIELDS))
        block = self._block(block_index)
        self._blocks[block_index] = Block(block.header.replace(**fields), block.transactions)

    def remine_from(self, index: int, progress: Progress | None = None) -> int:
        """Redo the proof of work of block `index` and every later one, relinking each to
        its parent and recomputing its Merkle root. Returns how many blocks were re-mined:
        the cost of hiding a change.
        """
        self._require_index(index)
        self._blocks = chain_rules.remine(self._blocks, index, self._required_bits(), progress)
        return len(self._blocks) - index

    # --- peers -----------------------------------------------------------------------
    @property
    def peers(self) -> list[list[Block]]:
        """The three peers' copies of the chain (copies)."""
        return [list(peer) for peer in self._peers]

    def peer_problems(self, peer: int | str) -> list[Tampering | None]:
        """For each block of a peer's copy: None when valid, else why not."""
        return self._check(self._peers[self._peer_index(peer)])

    def sync_peers(self) -> None:
        """Give every peer a copy of your chain (e.g. after you repaired it)."""
        self._peers = [list(self._blocks) for _ in PEER_NAMES]

    def tamper_peer(self, peer: int | str, block_index: int, remine: bool = True) -> int:
        """A dishonest peer rewrites block `block_index` of its copy so the block reward pays
        Mallory; with `remine` it also redoes the proof of work from there, so its copy is
        valid on its own. Returns the number of blocks it re-mined.
        """
        position = self._peer_index(peer)
        blocks = list(self._peers[position])
        if not 0 <= block_index < len(blocks):
            raise InputError("err.no_block", index=block_index, count=len(blocks),
                             last=len(blocks) - 1)
        blocks[block_index] = _edited(blocks[block_index], 0, ATTACKER, None, True, block_index)
        if remine:
            blocks = chain_rules.remine(blocks, block_index, self._required_bits())
        self._peers[position] = blocks
        return len(blocks) - block_index if remine else 0

    def vote(self) -> PeerVote:
        """Majority vote of the peers on their copies; who differs, and from which block.

        >>> model = BlockFormationModel(difficulty=4)
        >>> _ = model.tamper_peer("B", 0)
        >>> model.vote().dissenters
        ['B']
        """
        tips = tuple(display_hex(peer[-1].hash()) for peer in self._peers)
        reference = self._majority_copy()
        majority = None if reference is None else display_hex(reference[-1].hash())
        differs = tuple(_first_difference(peer, reference) for peer in self._peers)
        valid = tuple(all(p is None for p in self._check(peer)) for peer in self._peers)
        return PeerVote(tips, majority, differs, valid)

    def matches_majority(self) -> bool:
        """True when your chain is exactly the copy the majority of peers holds."""
        return self._majority_copy() == self._blocks

    def _majority_copy(self) -> list[Block] | None:
        # Compare whole copies, not just tip hashes: a copy whose data was changed without
        # re-mining still has the old hashes.
        copies = [tuple(peer) for peer in self._peers]
        return next((list(copy) for copy in copies if copies.count(copy) >= 2), None)

    # --- inside ----------------------------------------------------------------------
    def _coinbase(self) -> Transaction:
        return Transaction.coinbase(demo_key(self._miner).address, REWARD, len(self._blocks))

    def _forget_included(self, block: Block) -> None:
        """Drop mined transactions, and those that can never be valid any more (their
        nonce is already used)."""
        included = {tx.txid() for tx in block.transactions}
        state = self.ledger()
        self._mempool = [tx for tx in self._mempool if tx.txid() not in included
                         and tx.nonce >= state.nonce(tx.sender)]
        self._selected &= {tx.txid() for tx in self._mempool}

    def _check(self, blocks: list[Block]) -> list[Tampering | None]:
        # Checking verifies every signature; the same chain is drawn several times a click.
        key = (tuple(blocks), tuple(self._required))
        if key not in self._check_cache:
            if len(self._check_cache) > 32:
                self._check_cache.clear()
            self._check_cache[key] = check_blocks(blocks, self._required_bits(), REWARD)
        return list(self._check_cache[key])

    def _required_bits(self) -> list[int]:
        """The compact target each height was first mined at (the slider may change later)."""
        return [bits_for_zero_bits(zero_bits) for zero_bits in self._required]

    def _block(self, index: int) -> Block:
        self._require_index(index)
        return self._blocks[index]

    def _require_index(self, index: int) -> None:
        if isinstance(index, bool) or not isinstance(index, int) or not (
            0 <= index < len(self._blocks)
        ):
            raise InputError("err.no_block", index=index, count=len(self._blocks),
                             last=len(self._blocks) - 1)

    def _peer_index(self, peer: int | str) -> int:
        if peer in PEER_NAMES:
            return PEER_NAMES.index(peer)
        if isinstance(peer, int) and not isinstance(peer, bool) and 0 <= peer < len(PEER_NAMES):
            return peer
        raise InputError("err.unknown_peer", peer=peer, choices=", ".join(PEER_NAMES))


# --- the rules, as plain functions of a list of blocks ------------------------------------
def _genesis(zero_bits: int) -> Block:
    """Alice's coinbase and her gifts to Bob, Carol and Dave, so everyone can pay."""
    alice = demo_key("Alice")
    content = [Transaction.coinbase(alice.address, REWARD, height=0)]
    for nonce, friend in enumerate(ACCOUNTS[1:]):
        content.append(Transaction.create(alice, demo_key(friend).address, STARTING_GIFT, nonce))
    header = BlockHeader(1, ZERO_HASH, merkle_root([tx.txid() for tx in content]),
                         GENESIS_TIME, bits_for_zero_bits(zero_bits), 0)
    return Block(mine(header), tuple(content))


def _try_apply(state: Ledger, tx: Transaction, first: bool = False) -> None:
    """Apply `tx` if it is valid; skip it if not (the checker reports it separately)."""
    try:
        if first:
            state.apply_coinbase(tx, REWARD)
        else:
            state.apply(tx)
    except InvalidTransaction:
        pass


def _replay(blocks: list[Block]) -> Ledger:
    state = Ledger()
    for block in blocks:
        for tx_index, tx in enumerate(block.transactions):
            _try_apply(state, tx, first=tx_index == 0)
    return state


def _edited(block: Block, tx_index: int, recipient: str | None, amount: int | None,
            resign: bool, block_index: int) -> Block:
    """`block` with transaction `tx_index` changed; the header is left as it was."""
    if isinstance(tx_index, bool) or not isinstance(tx_index, int) or not (
        0 <= tx_index < len(block.transactions)
    ):
        count = len(block.transactions)
        raise InputError("err.no_transaction", index=block_index, tx_index=tx_index, count=count,
                         last=count - 1)
    old = block.transactions[tx_index]
    to = old.recipient if recipient is None else _address(recipient)
    value = old.amount if amount is None else amount
    names = demo_names()
    if old.is_coinbase:
        new = Transaction.coinbase(to, value, old.nonce)
    elif resign and names.get(old.sender) in ACCOUNTS:
        new = Transaction.create(demo_key(names[old.sender]), to, value, old.nonce)
    else:
        new = Transaction(old.sender, to, value, old.nonce, old.public_key, old.signature,
                          old.curve)
    content = list(block.transactions)
    content[tx_index] = new
    return Block(block.header, tuple(content))


def _first_difference(blocks: list[Block], reference: list[Block] | None) -> int | None:
    """The first index where `blocks` and `reference` hold different blocks, or None."""
    if reference is None:
        return 0
    for index in range(max(len(blocks), len(reference))):
        if index >= len(blocks) or index >= len(reference):
            return index
        if blocks[index] != reference[index]:
            return index
    return None

