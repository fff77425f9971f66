"""Lab 01's lecturer's guide tells the truth: every answer it quotes is what the code computes.

labs/lab01-build-a-chain/LECTURER.md lists its answers as markdown list items (maybe indented),
one a line:

    - Expected (lab01.mine.1): `1621581`     str() of that exercise's reference answer
    - Fact (nonce-20-bits): `830361`         another quoted value, computed by FACTS below

The tests parse those lines and recompute every value, and check that the guide, the student
notebook and the exercise bank name the same exercises and hand out the same data.
"""

import functools

import pytest
from lab_guide import LabGuide, LabGuideChecks

from ledgerkit.block import Block, mine
from ledgerkit.chain import Blockchain
from ledgerkit.errors import LedgerError
from ledgerkit.exercise_bank import lab01
from ledgerkit.exercises import get
from ledgerkit.ledger import Transaction
from ledgerkit.merkle import merkle_proof, merkle_root

LAB = LabGuide("lab01-build-a-chain")
PEOPLE = ("alice", "bob", "carol", "dave")




# --- the facts the guide quotes, computed the way a student (or the lecturer) would -----------


@functools.cache
def _chain() -> Blockchain:
    return lab01.build_chain()


def _tampered() -> Blockchain:
    copy = _chain().copy()
    lab01.partner_tampers(copy)
    return copy


def _verify_results() -> str:
    alice, bob = lab01.key("alice"), lab01.key("bob")
    signature = alice.sign(lab01.ORDER)
    results = (alice.verify(lab01.ORDER, signature),
               alice.verify(lab01.ORDER.replace(b"120", b"1200"), signature),
               bob.verify(lab01.ORDER, signature))
    return ", ".join(str(result) for result in results)


def _balances() -> str:
    ledger = _chain().ledger
    return ", ".join(f"{name} {ledger.balance(lab01.key(name).address)}" for name in PEOPLE)


def _report_after_remining() -> str:
    copy = _tampered()
    copy.remine_from(lab01.TAMPERED_BLOCK)
    return str(copy.find_tampering())


def _refusal(chain: Blockchain, payments: list[Transaction]) -> LedgerError:
    with pytest.raises(LedgerError) as refused:
        chain.mine_block(payments, miner=lab01.key("alice").address)
    return refused.value


def _double_spend_message() -> str:
    dave = lab01.key("dave")
    payments = [Transaction.create(dave, lab01.key(name).address, amount, nonce=0)
                for name, amount in lab01.DOUBLE_SPEND]
    refusal = _refusal(_chain().copy(), payments)
    return f"{type(refusal).__name__} - {refusal}"


def _frank_retry() -> str:
    chain = _chain().copy()
    dave = lab01.key("dave")
    (erin, amount), (frank, _) = lab01.DOUBLE_SPEND
    chain.mine_block([Transaction.create(dave, lab01.key(erin).address, amount, nonce=0)],
                     miner=lab01.key("alice").address)
    retry = Transaction.create(dave, lab01.key(frank).address, amount, nonce=1)
    return type(_refusal(chain, [retry])).__name__


def _carols_forgery() -> Blockchain:
    """Extension 1: Carol re-signs Bob's payment with his (class-room) key and re-mines
    block 3 only."""
    chain = _chain().copy()
    block = chain.blocks[lab01.TAMPERED_BLOCK]
    *kept, last = block.transactions
    forged = (*kept, Transaction.create(lab01.key("bob"), last.recipient, last.amount * 10,
                                        nonce=last.nonce))
    header = block.header.replace(merkle_root=merkle_root([tx.txid() for tx in forged]))
    chain.tamper(lab01.TAMPERED_BLOCK, Block(mine(header.with_nonce(0)), forged))
    return chain


def _forged_report() -> str:
    found = _carols_forgery().find_tampering()
    return f"{found.index} {found.reason}"


def _race() -> tuple[list[bool], Blockchain]:
    """Extension 2: Carol's valid forged branch offered to an honest node, then one more."""
    carols = _carols_forgery()
    carols.remine_from(lab01.TAMPERED_BLOCK + 1)
    honest = _chain().copy()
    results = [honest.add_block(block) for block in carols.blocks[lab01.TAMPERED_BLOCK:]]
    carols.mine_block([], miner=lab01.key("carol").address)
    results.append(honest.add_block(carols.tip))
    return results, honest


FACTS = {
    "alice-address": lambda: lab01.key("alice").address,
    "verify-results": _verify_results,
    "nonce-16-bits": lambda: str(lab01.first_nonce(16)),
    "nonce-20-bits": lambda: str(lab01.first_nonce(20)),
    "block-nonces": lambda: ", ".join(str(block.header.nonce) for block in _chain().blocks),
    "balances": _balances,
    "tamper-report": lambda: str(_tampered().find_tampering()),
    "report-after-remining": _report_after_remining,
    "double-spend-message": _double_spend_message,
    "frank-retry": _frank_retry,
    "forged-report": _forged_report,
    "race-results": lambda: ", ".join(str(result) for result in _race()[0]),
    "carol-after-race": lambda: str(_race()[1].ledger.balance(lab01.key("carol").address)),
}


class TestLabGuide(LabGuideChecks):
    lab = LAB
    facts = FACTS


# --- the guide ------------------------------------------------------------------------------


def test_quoted_nonces_are_what_mining_finds():
    assert lab01.FIRST_NONCES == {bits: lab01.first_nonce(bits) for bits in lab01.FIRST_NONCES}


# --- the notebook ---------------------------------------------------------------------------


def test_notebook_hands_out_the_data_of_the_reference_solutions():
    source = "\n".join(LAB.notebook_code())
    assert f'ORDER = b"{lab01.ORDER.decode()}"' in source
    assert f'prev_hash="{lab01.BITCOIN_GENESIS_HASH}"' in source
    assert f"timestamp={lab01.MINING_TIME}," in source
    assert f"Blockchain(difficulty_bits={lab01.CHAIN_DIFFICULTY})" in source


# --- typical mistakes that need the mined chain (importing the bank never mines) -------------


def _hint(exercise_id: str, answer: object) -> str:
    hint = get(exercise_id).judge(answer)
    assert hint is not None, (exercise_id, answer)
    return hint[0]


def test_tip_hash_mistakes_get_their_own_hints():
    chain = _chain()
    assert "internal byte order" in _hint("lab01.chain.2", chain.tip.hash().hex())
    assert "block 4" in _hint("lab01.chain.2", chain.blocks[4].hash_hex())


def test_merkle_sibling_mistakes_get_their_own_hints():
    txids = _chain().blocks[lab01.TAMPERED_BLOCK].txids()
    sibling = merkle_proof(txids, lab01.PROVED_PAYMENT)[0].sibling
    assert "internal byte order" in _hint("lab01.merkle.2", sibling.hex())
    assert "paired with each other" in _hint("lab01.merkle.2", txids[0][::-1].hex())


def test_a_partner_cannot_tamper_with_a_block_that_does_not_exist():
    short = Blockchain(difficulty_bits=8)
    with pytest.raises(LedgerError, match="Mine the blocks of Part 3 first"):
        lab01.partner_tampers(short)
