"""ledgerkit.chain: mining, validation, tamper detection and fork choice (区块链).

Chains here use 8 leading zero bits, so each block takes a few hundred hashes.
"""

import pytest

import ledgerkit
from ledgerkit.block import Block, bits_for_zero_bits, leading_zero_bits, mine
from ledgerkit.chain import Blockchain
from ledgerkit.crypto import KeyPair
from ledgerkit.errors import (
    InputError,
    InsufficientFunds,
    InvalidBlock,
    InvalidTransaction,
    MiningError,
    ReplayError,
)
from ledgerkit.ledger import COINBASE, Transaction
from ledgerkit.merkle import merkle_root

ALICE = KeyPair.from_seed("alice")
BOB = KeyPair.from_seed("bob")
CAROL = KeyPair.from_seed("carol")
MINER = KeyPair.from_seed("miner")
BITS = 8


def new_chain() -> Blockchain:
    """Alice owns the genesis reward, so she can pay from block 1 on."""
    return Blockchain(difficulty_bits=BITS, genesis_miner=ALICE.address)


def three_block_chain() -> Blockchain:
    chain = new_chain()
    chain.mine_block([Transaction.create(ALICE, BOB.address, 10, nonce=0)], miner=MINER.address)
    chain.mine_block([Transaction.create(BOB, CAROL.address, 4, nonce=0)], miner=MINER.address)
    chain.mine_block([Transaction.create(ALICE, CAROL.address, 5, nonce=1)], miner=MINER.address)
    return chain


def state(chain: Blockchain) -> tuple:
    everyone = [key.address for key in (ALICE, BOB, CAROL, MINER)]
    ledger = chain.ledger
    return (
        [block.hash() for block in chain.blocks],
        ledger.balances,
        [ledger.nonce(address) for address in everyone],
    )


def forge(chain: Blockchain, index: int, transactions: list[Transaction], **header) -> Block:
    """A properly mined replacement for block `index` holding `transactions`."""
    old = chain.blocks[index].header
    root = merkle_root([tx.txid() for tx in transactions])
    solved = mine(old.replace(merkle_root=root, nonce=0, **header))
    return Block(solved, tuple(transactions))


# --- a new chain ------------------------------------------------------------------------


def test_genesis_block():
    chain = Blockchain(difficulty_bits=BITS)
    genesis = chain.blocks[0]
    assert chain.height == 0
    assert chain.tip == genesis
    assert genesis.header.prev_hash == bytes(32)
    assert genesis.header.timestamp == 1231006505
    assert genesis.header.bits == bits_for_zero_bits(BITS)
    assert genesis.header.meets_target()
    assert leading_zero_bits(genesis.hash()) >= BITS
    assert genesis.transactions[0].recipient == COINBASE
    assert chain.validate()
    assert chain.find_tampering() is None


def test_genesis_miner_gets_the_reward():
    chain = new_chain()
    assert chain.ledger.balance(ALICE.address) == 50
    assert chain.ledger.total_supply() == 50


def test_chains_are_deterministic():
    first, second = three_block_chain(), three_block_chain()
    assert [b.hash() for b in first.blocks] == [b.hash() for b in second.blocks]


def test_timestamps_step_by_the_block_interval():
    chain = Blockchain(difficulty_bits=4, start_time=1_700_000_000, block_interval=60)
    for _ in range(3):
        chain.mine_block([], miner=MINER.address)
    times = [block.header.timestamp for block in chain.blocks]
    assert times == [1_700_000_000 + 60 * height for height in range(4)]
    chain.mine_block([], miner=MINER.address, timestamp=1_800_000_000)
    assert chain.tip.header.timestamp == 1_800_000_000


@pytest.mark.parametrize("bad", [-1, 33, "16"])
def test_difficulty_out_of_range_is_an_input_error(bad):
    with pytest.raises(InputError):
        Blockchain(difficulty_bits=bad)


# --- mining blocks ---------------------------------------------------------------------------


def test_mine_block_links_pays_and_applies():
    chain = new_chain()
    genesis = chain.tip
    block = chain.mine_block(
        [Transaction.create(ALICE, BOB.address, 10, nonce=0)], miner=MINER.address
    )
    assert chain.height == 1
    assert chain.tip == block
    assert chain.blocks == [genesis, block]
    assert block.header.prev_hash == genesis.hash()
    assert block.header.merkle_root == block.computed_merkle_root()
    assert block.header.meets_target()
    assert block.transactions[0].is_coinbase
    assert block.transactions[0].recipient == MINER.address
    ledger = chain.ledger
    assert ledger.balance(ALICE.address) == 40
    assert ledger.balance(BOB.address) == 10
    assert ledger.balance(MINER.address) == 50
    assert ledger.nonce(ALICE.address) == 1
    assert ledger.total_supply() == 100
    assert chain.validate()


def test_progress_callback_is_passed_to_mining():
    # 18 bits: block 1 of this deterministic chain needs about 100 000 tries, so the progress
    # callback (every 65 536 tries) is called at least once.
    chain = Blockchain(difficulty_bits=18)
    calls = []
    chain.mine_block([], miner=MINER.address, progress=lambda n, h: calls.append((n, h)))
    assert chain.height == 1
    assert calls
    assert all(n % 65536 == 0 and len(h) == 64 for n, h in calls)


def test_stopping_the_miner_adds_nothing():
    chain = Blockchain(difficulty_bits=18)
    before = state(chain)
    with pytest.raises(MiningError):
        chain.mine_block([], miner=MINER.address, progress=lambda n, h: False)
    assert state(chain) == before


def test_blocks_and_ledger_are_copies():
    chain = new_chain()
    chain.blocks.clear()
    chain.ledger.apply(Transaction.create(ALICE, BOB.address, 10, nonce=0))
    assert chain.height == 0
    assert chain.ledger.balance(BOB.address) == 0


# In three_block_chain() Alice has 35 coins and next nonce 2; Bob has 6 and next nonce 1.
@pytest.mark.parametrize(
    ("error", "transactions"),
    [
        (InsufficientFunds, [Transaction.create(ALICE, BOB.address, 36, nonce=2)]),
        (ReplayError, [Transaction.create(ALICE, BOB.address, 5, nonce=3)]),
        (ReplayError, [Transaction.create(BOB, ALICE.address, 5, nonce=0)]),
        (InvalidTransaction, [Transaction.create(CAROL, CAROL.address, 1, nonce=0)]),
        (
            ReplayError,
            [
                Transaction.create(ALICE, BOB.address, 30, nonce=2),
                Transaction.create(ALICE, CAROL.address, 30, nonce=2),  # double spend
            ],
        ),
        (
            InsufficientFunds,
            [
                Transaction.create(ALICE, BOB.address, 30, nonce=2),
                Transaction.create(ALICE, CAROL.address, 30, nonce=3),  # spends the same coins
            ],
        ),
    ],
)
def test_a_refused_transaction_mines_nothing_and_changes_nothing(error, transactions):
    chain = three_block_chain()
    before = state(chain)
    with pytest.raises(error):
        chain.mine_block(transactions, miner=MINER.address)
    assert state(chain) == before
    assert chain.validate()


def test_a_double_spend_across_blocks_is_refused():
    chain = new_chain()
    chain.mine_block([Transaction.create(ALICE, BOB.address, 40, 0)], miner=MINER.address)
    before = state(chain)
    with pytest.raises(ReplayError):
        chain.mine_block([Transaction.create(ALICE, CAROL.address, 40, 0)], miner=MINER.address)
    assert state(chain) == before


# --- finding tampering -----------------------------------------------------------------------


def test_a_changed_transaction_is_a_merkle_problem_at_its_block():
    chain = three_block_chain()
    old = chain.blocks[2]
    richer = Transaction.create(BOB, CAROL.address, 9, nonce=0)
    chain.tamper(2, Block(old.header, (old.transactions[0], richer)))
    found = chain.find_tampering()
    assert (found.index, found.reason) == (2, "merkle")
    assert not chain.validate()


def test_a_changed_header_is_a_pow_problem_at_its_block():
    chain = three_block_chain()
    old = chain.blocks[1]
    moved = old.header.replace(timestamp=old.header.timestamp + 1)
    assert not moved.meets_target()  # this chain is deterministic, so this stays true
    chain.tamper(1, Block(moved, old.transactions))
    found = chain.find_tampering()
    assert (found.index, found.reason) == (1, "pow")


def test_a_re_mined_block_breaks_the_link_of_the_next_block():
    chain = three_block_chain()
    old = chain.blocks[1]
    # Block 1 is re-mined with another (valid) coinbase recipient: it is valid by itself,
    # but block 2 still names the old hash.
    other_coinbase = Transaction.coinbase(ALICE.address, 50, height=1)
    chain.tamper(1, forge(chain, 1, [other_coinbase, *old.transactions[1:]]))
    found = chain.find_tampering()
    assert (found.index, found.reason) == (2, "link")
    assert "block 1" in found.message


def test_an_invalid_transaction_in_a_mined_block_is_a_tx_problem():
    chain = three_block_chain()
    old = chain.blocks[2]
    overdraft = Transaction.create(BOB, CAROL.address, 1000, nonce=0)
    chain.tamper(2, forge(chain, 2, [old.transactions[0], overdraft]))
    found = chain.find_tampering()
    assert (found.index, found.reason) == (2, "tx")
    assert "transaction 1" in found.message
    assert "1000" in found.message  # and says what is wrong with it


def test_a_coinbase_paying_too_much_is_a_tx_problem():
    chain = three_block_chain()
    greedy = Transaction.coinbase(MINER.address, 5000, height=3)
    chain.tamper(3, forge(chain, 3, [greedy, *chain.blocks[3].transactions[1:]]))
    found = chain.find_tampering()
    assert (found.index, found.reason) == (3, "tx")


def test_an_easier_target_is_a_bits_problem():
    chain = three_block_chain()
    easy = forge(chain, 3, list(chain.blocks[3].transactions), bits=bits_for_zero_bits(1))
    chain.tamper(3, easy)
    found = chain.find_tampering()
    assert (found.index, found.reason) == (3, "bits")
    assert f"{bits_for_zero_bits(1):08x}" in found.message


def test_a_genesis_with_a_parent_is_a_genesis_problem():
    chain = three_block_chain()
    genesis = chain.blocks[0]
    chain.tamper(0, forge(chain, 0, list(genesis.transactions), prev_hash=b"\x01" * 32))
    found = chain.find_tampering()
    assert (found.index, found.reason) == (0, "genesis")


def test_the_first_problem_is_reported():
    chain = three_block_chain()
    old1, old3 = chain.blocks[1], chain.blocks[3]
    chain.tamper(3, Block(old3.header.replace(nonce=old3.header.nonce + 1), old3.transactions))
    chain.tamper(1, Block(old1.header, old1.transactions[:1]))
    assert chain.find_tampering().index == 1


def test_tamper_does_not_change_the_honest_ledger():
    chain = three_block_chain()
    before = chain.ledger.balances
    old = chain.blocks[1]
    chain.tamper(1, Block(old.header, old.transactions[:1]))
    assert chain.ledger.balances == before


@pytest.mark.parametrize("index", [-1, 4, 99])
def test_tamper_with_a_missing_block_is_an_input_error(index):
    chain = three_block_chain()
    with pytest.raises(InputError):
        chain.tamper(index, chain.blocks[1])


def test_a_tx_problem_is_told_in_the_current_language():
    # `.message` is in the current language, including the transaction's own error, even
    # when the language changes after the check.
    chain = three_block_chain()
    old = chain.blocks[2]
    overdraft = Transaction.create(BOB, CAROL.address, 1000, nonce=0)
    chain.tamper(2, forge(chain, 2, [old.transactions[0], overdraft]))
    found = chain.find_tampering()
    assert "tries to send 1000" in found.message
    try:
        ledgerkit.set_language("zh")
        assert "转出 1000" in found.message
        assert "tries to send" not in found.message
    finally:
        ledgerkit.set_language("en")


def test_tampering_message_in_both_languages():
    chain = three_block_chain()
    old = chain.blocks[1]
    chain.tamper(1, Block(old.header.replace(timestamp=0), old.transactions))
    found = chain.find_tampering()
    assert "proof-of-work" in found.message
    try:
        ledgerkit.set_language("zh")
        assert "工作量证明" in found.message
        assert "工作量证明" in chain.find_tampering().message
    finally:
        ledgerkit.set_language("en")


# --- peers and forks -------------------------------------------------------------------------


def test_copy_is_independent():
    chain = three_block_chain()
    peer = chain.copy()
    peer.mine_block([], miner=MINER.address)
    assert chain.height == 3
    assert peer.height == 4
    assert peer.blocks[:4] == chain.blocks


def test_add_block_extends_the_chain():
    chain = three_block_chain()
    peer = chain.copy()
    block = peer.mine_block([Transaction.create(CAROL, BOB.address, 9, 0)], miner=MINER.address)
    assert chain.add_block(block) is True
    assert chain.tip == block
    assert chain.ledger.balances == peer.ledger.balances
    assert chain.add_block(block) is False  # already known
    assert chain.height == 4


def test_the_branch_with_more_work_wins_and_the_ledger_is_reorganised():
    chain = new_chain()
    peer = chain.copy()
    # Our branch: Alice pays Bob. The peer's branch, from the same parent: Alice pays Carol.
    ours = chain.mine_block([Transaction.create(ALICE, BOB.address, 30, 0)], miner=MINER.address)
    theirs_1 = peer.mine_block(
        [Transaction.create(ALICE, CAROL.address, 30, 0)], miner=CAROL.address
    )
    theirs_2 = peer.mine_block([], miner=CAROL.address)
    assert theirs_1.header.prev_hash == ours.header.prev_hash

    # Equal work: the block seen first stays.
    assert chain.add_block(theirs_1) is False
    assert chain.tip == ours
    assert chain.ledger.balance(BOB.address) == 30

    # More work: switch branch; Bob's payment is undone and Carol's applied.
    assert chain.add_block(theirs_2) is True
    assert chain.blocks == peer.blocks
    assert chain.tip == theirs_2
    assert chain.ledger.balance(BOB.address) == 0
    assert chain.ledger.balance(CAROL.address) == 30 + 100
    assert chain.ledger.balances == peer.ledger.balances
    assert chain.ledger.nonce(ALICE.address) == 1
    assert chain.total_work() == peer.total_work()
    assert chain.validate()

    # Our old branch grows longer again: switch back.
    ours_2 = Block(
        mine(
            theirs_2.header.replace(
                prev_hash=ours.hash(),
                merkle_root=merkle_root([Transaction.coinbase(MINER.address, 50, 2).txid()]),
                nonce=0,
            )
        ),
        (Transaction.coinbase(MINER.address, 50, 2),),
    )
    assert chain.add_block(ours_2) is False  # two blocks against two: keep the peer's
    ours_3 = Block(
        mine(
            ours_2.header.replace(
                prev_hash=ours_2.hash(),
                merkle_root=merkle_root([Transaction.coinbase(MINER.address, 50, 3).txid()]),
                nonce=0,
            )
        ),
        (Transaction.coinbase(MINER.address, 50, 3),),
    )
    assert chain.add_block(ours_3) is True
    assert chain.blocks[1:] == [ours, ours_2, ours_3]
    assert chain.ledger.balance(BOB.address) == 30
    assert chain.ledger.balance(CAROL.address) == 0


def test_add_block_with_an_unknown_parent_is_refused():
    chain = three_block_chain()
    stranger = Blockchain(difficulty_bits=BITS, start_time=42).mine_block([], MINER.address)
    before = state(chain)
    with pytest.raises(InvalidBlock):
        chain.add_block(stranger)
    assert state(chain) == before


def test_add_block_refuses_invalid_blocks_and_changes_nothing():
    chain = three_block_chain()
    peer = chain.copy()
    good = peer.mine_block([], miner=MINER.address)
    bad_pow = Block(good.header.replace(nonce=good.header.nonce + 1), good.transactions)
    overdraft = Transaction.create(CAROL, BOB.address, 500, nonce=0)
    coinbase = good.transactions[0]
    bad_tx = Block(
        mine(
            good.header.replace(
                merkle_root=merkle_root([coinbase.txid(), overdraft.txid()]), nonce=0
            )
        ),
        (coinbase, overdraft),
    )
    bad_merkle = Block(good.header, (coinbase, overdraft))
    before = state(chain)
    for bad in (bad_pow, bad_tx, bad_merkle):
        with pytest.raises(InvalidBlock):
            chain.add_block(bad)
        assert state(chain) == before
    assert chain.add_block(good) is True
