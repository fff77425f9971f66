"""ledgerkit.ledger: signed transfers in an account ledger (交易与账本).

Every refusal is checked twice: the right error is raised, and the ledger is exactly as it
was before (balances, nonces and total supply).
"""

import dataclasses

import pytest

import ledgerkit
from ledgerkit.crypto import CURVES, KeyPair, display_hex, double_sha256
from ledgerkit.errors import (
    BadSignature,
    InputError,
    InsufficientFunds,
    InvalidTransaction,
    LedgerError,
    ReplayError,
)
from ledgerkit.ledger import COINBASE, Ledger, Transaction

ALICE = KeyPair.from_seed("alice")
BOB = KeyPair.from_seed("bob")
CAROL = KeyPair.from_seed("carol")
MALLORY = KeyPair.from_seed("mallory")
REWARD = 50


def funded_ledger() -> Ledger:
    """Alice mined one block: she holds 50 coins, nobody else holds any."""
    book = Ledger()
    book.apply_block([Transaction.coinbase(ALICE.address, REWARD, height=0)], reward=REWARD)
    return book


def snapshot(book: Ledger) -> tuple:
    everyone = [key.address for key in (ALICE, BOB, CAROL, MALLORY)] + [COINBASE]
    return book.balances, [book.nonce(address) for address in everyone], book.total_supply()


def refuse(book: Ledger, error: type[LedgerError], action) -> LedgerError:
    """Run `action`, expect `error`, and check that nothing changed."""
    before = snapshot(book)
    with pytest.raises(error) as caught:
        action()
    assert snapshot(book) == before
    return caught.value


# --- transfers -----------------------------------------------------------------------------


def test_coinbase_mints_the_reward():
    book = funded_ledger()
    assert book.balance(ALICE.address) == 50
    assert book.total_supply() == 50
    assert book.balances == {ALICE.address: 50}
    assert book.nonce(ALICE.address) == 0  # receiving does not use a nonce


def test_a_transfer_moves_coins_and_bumps_the_nonce():
    book = funded_ledger()
    book.apply(Transaction.create(ALICE, BOB.address, 20, nonce=0))
    assert book.balance(ALICE.address) == 30
    assert book.balance(BOB.address) == 20
    assert book.nonce(ALICE.address) == 1
    assert book.nonce(BOB.address) == 0
    assert book.total_supply() == 50
    book.apply(Transaction.create(ALICE, BOB.address, 30, nonce=1))  # the whole balance
    book.apply(Transaction.create(BOB, CAROL.address, 45, nonce=0))
    assert book.balances == {BOB.address: 5, CAROL.address: 45}
    assert book.total_supply() == 50


@pytest.mark.parametrize("curve", CURVES)
def test_transfers_work_on_every_curve(curve):
    dan = KeyPair.from_seed("dan", curve)
    book = Ledger()
    book.apply_block([Transaction.coinbase(dan.address, REWARD, height=0)], reward=REWARD)
    tx = Transaction.create(dan, BOB.address, 7, nonce=0)
    assert tx.curve == curve
    assert tx.verify_signature()
    book.apply(tx)
    assert book.balance(BOB.address) == 7


def test_balances_is_a_copy():
    book = funded_ledger()
    book.balances[ALICE.address] = 10**9
    assert book.balance(ALICE.address) == 50


def test_check_changes_nothing():
    book = funded_ledger()
    before = snapshot(book)
    book.check(Transaction.create(ALICE, BOB.address, 20, nonce=0))
    assert snapshot(book) == before


def test_copy_is_independent():
    book = funded_ledger()
    twin = book.copy()
    twin.apply(Transaction.create(ALICE, BOB.address, 20, nonce=0))
    assert book.balance(ALICE.address) == 50
    assert book.nonce(ALICE.address) == 0
    assert twin.balance(ALICE.address) == 30


def test_block_of_transfers_applies_in_order():
    book = funded_ledger()
    book.apply_block(
        [
            Transaction.coinbase(CAROL.address, REWARD, height=1),
            Transaction.create(ALICE, BOB.address, 10, nonce=0),
            Transaction.create(BOB, CAROL.address, 10, nonce=0),  # spends what it just got
            Transaction.create(ALICE, BOB.address, 5, nonce=1),
        ],
        reward=REWARD,
    )
    assert book.balances == {ALICE.address: 35, BOB.address: 5, CAROL.address: 60}
    assert book.total_supply() == 100


# --- refusals ------------------------------------------------------------------------------


def test_insufficient_funds_are_refused():
    book = funded_ledger()
    error = refuse(
        book, InsufficientFunds, lambda: book.apply(Transaction.create(ALICE, BOB.address, 51, 0))
    )
    assert isinstance(error, InvalidTransaction)
    assert "50" in str(error) and "51" in str(error)


def test_spending_from_an_empty_account_is_refused():
    book = funded_ledger()
    refuse(
        book, InsufficientFunds, lambda: book.apply(Transaction.create(BOB, ALICE.address, 1, 0))
    )


def test_a_changed_amount_breaks_the_signature():
    book = funded_ledger()
    signed = Transaction.create(ALICE, BOB.address, 5, nonce=0)
    forged = dataclasses.replace(signed, amount=45)
    assert not forged.verify_signature()
    error = refuse(book, BadSignature, lambda: book.apply(forged))
    assert error.key == "err.bad_signature"


def test_a_changed_recipient_breaks_the_signature():
    book = funded_ledger()
    signed = Transaction.create(ALICE, BOB.address, 5, nonce=0)
    refuse(
        book,
        BadSignature,
        lambda: book.apply(dataclasses.replace(signed, recipient=MALLORY.address)),
    )


def test_a_missing_signature_is_refused():
    book = funded_ledger()
    signed = Transaction.create(ALICE, BOB.address, 5, nonce=0)
    refuse(book, BadSignature, lambda: book.apply(dataclasses.replace(signed, signature=b"")))


def test_spending_someone_elses_coins_with_your_own_key_is_refused():
    # Mallory names Alice as the sender and signs with her own key: the signature is valid for
    # Mallory's key, but that key does not belong to Alice's address.
    book = funded_ledger()
    unsigned = Transaction(ALICE.address, MALLORY.address, 50, 0, MALLORY.public_key, b"", "P-256")
    forged = dataclasses.replace(unsigned, signature=MALLORY.sign(unsigned.signing_bytes()))
    assert forged.verify_signature()
    error = refuse(book, BadSignature, lambda: book.apply(forged))
    assert error.key == "err.wrong_sender_key"
    assert ALICE.address in str(error)


def test_a_replayed_transaction_is_refused():
    book = funded_ledger()
    tx = Transaction.create(ALICE, BOB.address, 5, nonce=0)
    book.apply(tx)
    error = refuse(book, ReplayError, lambda: book.apply(tx))
    assert "already used" in str(error)


def test_a_nonce_gap_is_refused():
    book = funded_ledger()
    error = refuse(
        book, ReplayError, lambda: book.apply(Transaction.create(ALICE, BOB.address, 5, 1))
    )
    assert "in order" in str(error)


def test_sending_to_yourself_is_refused():
    book = funded_ledger()
    refuse(
        book, InvalidTransaction, lambda: book.apply(Transaction.create(ALICE, ALICE.address, 5, 0))
    )


def test_a_coinbase_is_not_an_ordinary_transfer():
    book = funded_ledger()
    refuse(
        book,
        InvalidTransaction,
        lambda: book.apply(Transaction.coinbase(BOB.address, 50, height=1)),
    )


def test_a_double_spend_inside_one_block_is_refused_as_a_whole():
    book = funded_ledger()
    to_bob = Transaction.create(ALICE, BOB.address, 40, nonce=0)
    to_carol = Transaction.create(ALICE, CAROL.address, 40, nonce=0)  # the same coins again
    coinbase = Transaction.coinbase(CAROL.address, REWARD, height=1)
    refuse(book, ReplayError, lambda: book.apply_block([coinbase, to_bob, to_carol], REWARD))
    assert book.balance(CAROL.address) == 0  # not even the coinbase was kept


def test_a_double_spend_across_blocks_is_refused():
    book = funded_ledger()
    to_bob = Transaction.create(ALICE, BOB.address, 40, nonce=0)
    book.apply_block([Transaction.coinbase(CAROL.address, REWARD, 1), to_bob], REWARD)
    to_carol = Transaction.create(ALICE, CAROL.address, 40, nonce=0)
    next_block = [Transaction.coinbase(CAROL.address, REWARD, 2), to_carol]
    refuse(book, ReplayError, lambda: book.apply_block(next_block, REWARD))
    # With the next nonce it is an overdraft instead: only 10 coins are left.
    overdraft = [
        Transaction.coinbase(CAROL.address, REWARD, 2),
        Transaction.create(ALICE, CAROL.address, 40, nonce=1),
    ]
    refuse(book, InsufficientFunds, lambda: book.apply_block(overdraft, REWARD))


def test_a_bad_transfer_late_in_a_block_undoes_the_earlier_ones():
    book = funded_ledger()
    block = [
        Transaction.coinbase(CAROL.address, REWARD, height=1),
        Transaction.create(ALICE, BOB.address, 10, nonce=0),
        Transaction.create(BOB, CAROL.address, 11, nonce=0),  # Bob only has 10
    ]
    refuse(book, InsufficientFunds, lambda: book.apply_block(block, REWARD))


def test_the_coinbase_must_pay_exactly_the_reward():
    book = funded_ledger()
    error = refuse(
        book,
        InvalidTransaction,
        lambda: book.apply_block([Transaction.coinbase(BOB.address, 51, height=1)], REWARD),
    )
    assert error.key == "err.coinbase_amount"


def test_the_coinbase_must_come_first():
    book = funded_ledger()
    block = [
        Transaction.create(ALICE, BOB.address, 10, nonce=0),
        Transaction.coinbase(CAROL.address, REWARD, height=1),
    ]
    refuse(book, InvalidTransaction, lambda: book.apply_block(block, REWARD))


def test_only_one_coinbase_per_block():
    book = funded_ledger()
    block = [
        Transaction.coinbase(CAROL.address, REWARD, height=1),
        Transaction.coinbase(BOB.address, REWARD, height=1),
    ]
    refuse(book, InvalidTransaction, lambda: book.apply_block(block, REWARD))


# --- transactions as bytes ------------------------------------------------------------------


def test_transaction_bytes_round_trip_and_txid():
    tx = Transaction.create(ALICE, BOB.address, 20, nonce=3)
    raw = tx.serialize()
    assert Transaction.parse(raw) == tx
    assert tx.txid() == double_sha256(raw)
    assert tx.txid_hex() == display_hex(tx.txid())
    coinbase = Transaction.coinbase(BOB.address, 50, height=7)
    assert Transaction.parse(coinbase.serialize()) == coinbase
    assert coinbase.is_coinbase and not tx.is_coinbase


def test_signing_bytes_leave_out_the_signature():
    tx = Transaction.create(ALICE, BOB.address, 20, nonce=3)
    assert tx.signing_bytes() == dataclasses.replace(tx, signature=b"").serialize()
    assert tx.signature not in tx.signing_bytes()


def test_coinbases_of_different_heights_have_different_txids():
    assert (
        Transaction.coinbase(BOB.address, 50, height=1).txid()
        != Transaction.coinbase(BOB.address, 50, height=2).txid()
    )


@pytest.mark.parametrize(
    "mangle",
    [lambda raw: raw[:-1], lambda raw: raw + b"\x00", lambda raw: b"", lambda raw: raw[:30]],
)
def test_malformed_transaction_bytes_raise_value_error(mangle):
    raw = Transaction.create(ALICE, BOB.address, 20, nonce=3).serialize()
    with pytest.raises(ValueError):
        Transaction.parse(mangle(raw))


@pytest.mark.parametrize("amount", [0, -1, 1.5, "5", True, 2**64])
def test_amount_must_be_a_positive_whole_number(amount):
    with pytest.raises(InputError) as caught:
        Transaction(ALICE.address, BOB.address, amount, 0)
    assert caught.value.key == "err.amount"


@pytest.mark.parametrize("address", ["ab" * 19, "ab" * 21, "AB" * 20, "zz" * 20, 42, None])
def test_addresses_must_be_40_lower_case_hex_digits(address):
    with pytest.raises(InputError):
        Transaction(address, BOB.address, 5, 0)
    with pytest.raises(InputError):
        Transaction(ALICE.address, address, 5, 0)


def test_nonce_must_be_a_whole_number_from_zero():
    for nonce in (-1, 1.0, None):
        with pytest.raises(InputError):
            Transaction(ALICE.address, BOB.address, 5, nonce)


def test_an_unknown_curve_is_refused():
    with pytest.raises(InputError):
        Transaction(ALICE.address, BOB.address, 5, 0, ALICE.public_key, b"", "P-384")


# --- language ------------------------------------------------------------------------------


def test_refusals_speak_chinese_after_set_language():
    book = funded_ledger()
    try:
        ledgerkit.set_language("zh")
        error = refuse(
            book,
            InsufficientFunds,
            lambda: book.apply(Transaction.create(ALICE, BOB.address, 99, 0)),
        )
        assert "余额" in str(error)
        tx = Transaction.create(ALICE, BOB.address, 5, nonce=0)
        book.apply(tx)
        replay = refuse(book, ReplayError, lambda: book.apply(tx))
        assert "重放" in str(replay)
    finally:
        ledgerkit.set_language("en")
    assert "balance" in error.in_language("en")
    assert ledgerkit.get_language() == "en"
