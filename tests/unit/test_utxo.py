"""ledgerkit.utxo: Bitcoin's unspent-output ledger and block subsidy (UTXO 模型, 区块补贴).

Every refusal is checked twice: the right error is raised, and the UTXO set is exactly as
it was before.
"""

import pytest

from ledgerkit.crypto import KeyPair, double_sha256
from ledgerkit.errors import BadSignature, InputError, InsufficientFunds, InvalidTransaction
from ledgerkit.utxo import (
    HALVING_INTERVAL,
    SATOSHIS_PER_BTC,
    DoubleSpend,
    Input,
    OutPoint,
    Output,
    Transaction,
    UnknownOutput,
    UtxoLedger,
    block_subsidy,
    pay,
)

ALICE, BOB, CAROL, MALLORY = (KeyPair.from_seed(n) for n in ("alice", "bob", "carol", "mallory"))
BTC = SATOSHIS_PER_BTC


def funded() -> tuple[UtxoLedger, Transaction]:
    """Alice mined block 0: one output of 50 coins, nothing else exists."""
    book = UtxoLedger()
    mint = Transaction.coinbase(ALICE.address, 50, height=0)
    book.apply_block([mint], subsidy=50)
    return book, mint


def refuse(book: UtxoLedger, error: type, action) -> Exception:
    """Run `action`, expect `error`, and check that the UTXO set did not change."""
    before = book.unspent()
    with pytest.raises(error) as caught:
        action()
    assert book.unspent() == before
    return caught.value


# --- block subsidy: Bitcoin's schedule at real heights -------------------------------


@pytest.mark.parametrize(("height", "btc"), [
    (0, 50), (209_999, 50), (210_000, 25), (420_000, 12.5), (630_000, 6.25),
    (839_999, 6.25), (840_000, 3.125), (1_050_000, 1.5625),
])
def test_subsidy_halves_every_210000_blocks_at_real_heights(height, btc):
    assert block_subsidy(height) == int(btc * BTC)


def test_subsidy_is_zero_after_64_halvings():
    assert block_subsidy(64 * HALVING_INTERVAL - 1) == 0  # already rounded down to 0 sat
    assert block_subsidy(64 * HALVING_INTERVAL) == 0
    assert block_subsidy(33 * HALVING_INTERVAL - 1) == 1  # the last satoshi era


def test_all_subsidies_add_up_to_just_under_21_million_btc():
    total = sum(block_subsidy(era * HALVING_INTERVAL) * HALVING_INTERVAL for era in range(70))
    assert total == 2_099_999_997_690_000  # 20,999,999.9769 BTC
    assert total < 21_000_000 * BTC


@pytest.mark.parametrize("height", [-1, 1.5, True, "0"])
def test_subsidy_refuses_a_height_that_is_not_a_block_number(height):
    with pytest.raises(InputError):
        block_subsidy(height)


# --- spending outputs -----------------------------------------------------------------


def test_payment_spends_the_output_and_creates_payment_and_change():
    book, mint = funded()
    tx = Transaction.create(ALICE, [OutPoint(mint.txid(), 0)],
                            [(BOB.address, 30), (ALICE.address, 19)])
    assert book.apply(tx) == 1  # the fee: inputs − outputs
    assert OutPoint(mint.txid(), 0) not in book.unspent()
    assert book.unspent() == {tx.outpoints()[0]: tx.outputs[0], tx.outpoints()[1]: tx.outputs[1]}
    assert (book.balance(ALICE.address), book.balance(BOB.address)) == (19, 30)
    assert book.total_value() == 49


def test_there_is_no_account_nonce_spending_twice_is_refused_by_the_spent_output():
    book, mint = funded()
    point = OutPoint(mint.txid(), 0)
    first = Transaction.create(ALICE, [point], [(BOB.address, 50)])
    book.apply(first)
    second = Transaction.create(ALICE, [point], [(CAROL.address, 50)])
    err = refuse(book, DoubleSpend, lambda: book.apply(second))
    assert first.txid_hex() in str(err)
    assert "双花" in err.in_language("zh")


def test_replaying_the_same_signed_transaction_is_a_double_spend():
    book, mint = funded()
    tx = Transaction.create(ALICE, [OutPoint(mint.txid(), 0)], [(BOB.address, 50)])
    book.apply(tx)
    refuse(book, DoubleSpend, lambda: book.apply(tx))


def test_double_spend_inside_one_block_refuses_the_whole_block():
    book, mint = funded()
    point = OutPoint(mint.txid(), 0)
    to_bob = Transaction.create(ALICE, [point], [(BOB.address, 50)])
    to_carol = Transaction.create(ALICE, [point], [(CAROL.address, 50)])
    block = [Transaction.coinbase(MALLORY.address, 50, height=1), to_bob, to_carol]
    refuse(book, DoubleSpend, lambda: book.apply_block(block, subsidy=50))
    book.apply_block(block[:2], subsidy=50)  # without the second spend it is fine
    assert book.balance(BOB.address) == 50


def test_one_transaction_listing_an_output_twice_is_refused():
    book, mint = funded()
    point = OutPoint(mint.txid(), 0)
    tx = Transaction.create(ALICE, [point, point], [(BOB.address, 100)])
    refuse(book, DoubleSpend, lambda: book.apply(tx))


def test_spending_an_output_that_never_existed_is_refused():
    book, mint = funded()
    tx = Transaction.create(ALICE, [OutPoint(mint.txid(), 1)], [(BOB.address, 5)])
    refuse(book, UnknownOutput, lambda: book.apply(tx))


def test_outputs_above_inputs_are_refused_a_transaction_cannot_create_coins():
    book, mint = funded()
    tx = Transaction.create(ALICE, [OutPoint(mint.txid(), 0)], [(BOB.address, 51)])
    err = refuse(book, InsufficientFunds, lambda: book.apply(tx))
    assert "51" in str(err) and "50" in str(err)


def test_only_the_owner_can_spend_an_output():
    book, mint = funded()
    theft = Transaction.create(MALLORY, [OutPoint(mint.txid(), 0)], [(MALLORY.address, 50)])
    refuse(book, BadSignature, lambda: book.apply(theft))


def test_a_changed_output_breaks_the_signature():
    book, mint = funded()
    tx = Transaction.create(ALICE, [OutPoint(mint.txid(), 0)], [(BOB.address, 5)])
    forged = Transaction(tx.inputs, (Output(MALLORY.address, 5),))
    refuse(book, BadSignature, lambda: book.apply(forged))


def test_a_coinbase_outside_the_first_place_is_refused():
    book, _ = funded()
    stray = Transaction.coinbase(MALLORY.address, 50, height=5)
    refuse(book, InvalidTransaction, lambda: book.apply(stray))
    block = [Transaction.coinbase(BOB.address, 50, height=1), stray]
    refuse(book, InvalidTransaction, lambda: book.apply_block(block, subsidy=50))


# --- the miner's reward: subsidy plus fees --------------------------------------------


def test_miner_may_claim_subsidy_plus_fees_but_no_more():
    book, mint = funded()
    tx = Transaction.create(ALICE, [OutPoint(mint.txid(), 0)], [(BOB.address, 45)])  # fee 5
    greedy = [Transaction.coinbase(CAROL.address, 56, height=1), tx]
    refuse(book, InvalidTransaction, lambda: book.apply_block(greedy, subsidy=50))
    book.apply_block([Transaction.coinbase(CAROL.address, 55, height=1), tx], subsidy=50)
    assert book.balance(CAROL.address) == 55
    assert book.total_value() == 50 + 50  # every coin in existence was minted by a subsidy


def test_a_coinbase_reusing_a_height_is_refused_as_a_duplicate_txid():
    book, _ = funded()
    again = Transaction.coinbase(ALICE.address, 50, height=0)
    refuse(book, InvalidTransaction, lambda: book.apply_block([again], subsidy=50))


# --- the wallet helper -----------------------------------------------------------------


def test_wallet_gathers_outputs_and_returns_change():
    book, _ = funded()
    book.apply_block([Transaction.coinbase(ALICE.address, 50, height=1)], subsidy=50)
    tx = pay(book, ALICE, BOB.address, 70, fee=2)
    assert len(tx.inputs) == 2
    assert [(o.owner, o.amount) for o in tx.outputs] == [(BOB.address, 70),
                                                          (ALICE.address, 28)]
    assert book.apply(tx) == 2


def test_wallet_refuses_to_pay_more_than_the_owner_holds():
    book, _ = funded()
    with pytest.raises(InsufficientFunds):
        pay(book, ALICE, BOB.address, 50, fee=1)


# --- shapes and bytes ------------------------------------------------------------------


@pytest.mark.parametrize("amount", [0, -1, 2.5, True])
def test_outputs_must_hold_a_positive_whole_amount(amount):
    with pytest.raises(InputError):
        Transaction.coinbase(ALICE.address, amount, height=0)


def test_a_transaction_needs_outputs_and_inputs_unless_it_is_a_coinbase():
    with pytest.raises(InputError):
        Transaction((), ())
    with pytest.raises(InputError):
        Transaction.create(ALICE, [], [(BOB.address, 1)])


def test_txid_is_the_double_sha256_of_the_bytes_and_signatures_are_not_signed():
    _, mint = funded()
    tx = Transaction.create(ALICE, [OutPoint(mint.txid(), 0)], [(BOB.address, 5)])
    assert tx.txid() == double_sha256(tx.serialize())
    assert tx.signing_bytes() == Transaction(
        tuple(Input(i.outpoint, i.public_key, b"", i.curve) for i in tx.inputs), tx.outputs
    ).serialize()
    assert Transaction.coinbase(ALICE.address, 50, 0).txid() != \
        Transaction.coinbase(ALICE.address, 50, 1).txid()


def test_inputs_and_outputs_must_be_the_right_objects():
    with pytest.raises(InputError):
        Transaction((), ((ALICE.address, 5),), height=0)
