"""Signed transactions and an account ledger (交易与账本).

The ledger uses the account model (账户模型), as Ethereum does: each address has a balance
and a nonce (序号), the number of transactions it has sent. A transaction must carry the
sender's next nonce, so replaying an old one or spending the same money twice is refused.
Every check runs before anything changes: a refused transaction leaves every balance as it
was. Bitcoin has no accounts and no account nonce: it spends unspent transaction outputs
(UTXO), and a double spend is a second spend of an output; see `ledgerkit.utxo`.

>>> from ledgerkit.crypto import KeyPair
>>> alice, bob = KeyPair.from_seed("alice"), KeyPair.from_seed("bob")
>>> book = Ledger()
>>> book.apply_block([Transaction.coinbase(alice.address, 50, height=0)], reward=50)
>>> book.apply(Transaction.create(alice, bob.address, 20, nonce=0))
>>> book.balance(alice.address), book.balance(bob.address)
(30, 20)
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

from ledgerkit.crypto import CURVES, KeyPair, address_of, display_hex, double_sha256, verify
from ledgerkit.errors import (
    BadSignature,
    InputError,
    InsufficientFunds,
    InvalidTransaction,
    ReplayError,
)

COINBASE = "00" * 20  # the "sender" of newly minted coins (the miner's reward)
_CURVE_CODES = {"": 0, **{name: code for code, name in enumerate(CURVES, start=1)}}
_CURVE_NAMES = {code: name for name, code in _CURVE_CODES.items()}
_FIXED = struct.Struct("<20s20sQQB")  # sender, recipient, amount, nonce, curve code
_MAX_AMOUNT = 2**64 - 1


def _check_address(value: object, name: str) -> str:
    if not isinstance(value, str) or len(value) != 40 or value != value.lower():
        raise InputError("err.field_range", field=name, low="40", high="40 lower-case hex digits",
                         got=value)
    try:
        bytes.fromhex(value)
    except ValueError:
        raise InputError("err.not_hex", field=name, got=value[:20]) from None
    return value


@dataclass(frozen=True)
class Transaction:
    """A transfer of `amount` coins from `sender` to `recipient`, signed by the sender.

    >>> Transaction.coinbase("ab" * 20, 50, height=1).is_coinbase
    True
    """

    sender: str
    recipient: str
    amount: int
    nonce: int
    public_key: bytes = b""
    signature: bytes = b""
    curve: str = ""

    def __post_init__(self) -> None:
        _check_address(self.sender, "sender")
        _check_address(self.recipient, "recipient")
        if isinstance(self.amount, bool) or not isinstance(self.amount, int) or not (
            0 < self.amount <= _MAX_AMOUNT
        ):
            raise InputError("err.amount", got=self.amount)
        if isinstance(self.nonce, bool) or not isinstance(self.nonce, int) or not (
            0 <= self.nonce <= _MAX_AMOUNT
        ):
            raise InputError("err.field_range", field="nonce", low=0, high=_MAX_AMOUNT,
                             got=self.nonce)
        if self.curve not in _CURVE_CODES:
            raise InputError("err.unknown_curve", curve=self.curve, choices=", ".join(CURVES))

    # --- making transactions -----------------------------------------------------------
    @classmethod
    def create(cls, key: KeyPair, recipient: str, amount: int, nonce: int) -> Transaction:
        """A transaction from `key`'s address, signed with `key`.

        >>> alice = KeyPair.from_seed("alice")
        >>> Transaction.create(alice, "cd" * 20, 5, nonce=0).verify_signature()
        True
        """
        unsigned = cls(key.address, recipient, amount, nonce, key.public_key, b"", key.curve)
        return cls(key.address, recipient, amount, nonce, key.public_key,
                   key.sign(unsigned.signing_bytes()), key.curve)

    @classmethod
    def coinbase(cls, miner: str, amount: int, height: int) -> Transaction:
        """The block reward: new coins for the miner. The height makes every coinbase unique.

        >>> Transaction.coinbase("ab" * 20, 50, height=0).sender == COINBASE
        True
        """
        return cls(COINBASE, miner, amount, height)

    # --- bytes and ids ---------------------------------------------------------------
    def serialize(self) -> bytes:
        """Fixed fields, then the public key and the signature, each with a length byte."""
        return b"".join([
            _FIXED.pack(bytes.fromhex(self.sender), bytes.fromhex(self.recipient), self.amount,
                        self.nonce, _CURVE_CODES[self.curve]),
            bytes([len(self.public_key)]), self.public_key,
            bytes([len(self.signature)]), self.signature,
        ])

    @classmethod
    def parse(cls, raw: bytes) -> Transaction:
        """Read a transaction written by `serialize`; anything else raises ValueError.

        >>> tx = Transaction.coinbase("ab" * 20, 50, height=3)
        >>> Transaction.parse(tx.serialize()) == tx
        True
        """
        try:
            sender, recipient, amount, nonce, code = _FIXED.unpack_from(raw)
            offset = _FIXED.size
            public_key = raw[offset + 1 : offset + 1 + raw[offset]]
            offset += 1 + len(public_key)
            signature = raw[offset + 1 : offset + 1 + raw[offset]]
        except (struct.error, IndexError) as problem:
            raise ValueError("truncated transaction bytes") from problem
        if code not in _CURVE_NAMES:
            raise ValueError("unknown curve code")
        tx = cls(sender.hex(), recipient.hex(), amount, nonce, public_key, signature,
                 _CURVE_NAMES[code])
        # Strict: the same bytes must come back, so no two encodings share one meaning.
        if tx.serialize() != raw:
            raise ValueError("non-canonical transaction bytes")
        return tx

    def signing_bytes(self) -> bytes:
        """What the sender signs: everything except the signature itself."""
        return Transaction(self.sender, self.recipient, self.amount, self.nonce,
                           self.public_key, b"", self.curve).serialize()

    def txid(self) -> bytes:
        """Transaction id: double SHA-256 of the bytes (internal order, like Bitcoin)."""
        return double_sha256(self.serialize())

    def txid_hex(self) -> str:
        """The transaction id as explorers show it."""
        return display_hex(self.txid())

    @property
    def is_coinbase(self) -> bool:
        """True for the miner's reward, which has no sender and no signature."""
        return self.sender == COINBASE

    def verify_signature(self) -> bool:
        """True when the signature is the sender key's signature over `signing_bytes`."""
        if not self.curve:
            return False
        return verify(self.public_key, self.signing_bytes(), self.signature, self.curve)


class Ledger:
    """Balances and nonces of every account; changed only through `apply`.

    >>> Ledger().balance("ab" * 20)
    0
    """

    def __init__(self) -> None:
        self._balances: dict[str, int] = {}
        self._nonces: dict[str, int] = {}

    def balance(self, address: str) -> int:
        """Coins held by `address`."""
        return self._balances.get(address, 0)

    def nonce(self, address: str) -> int:
        """The nonce the next transaction from `address` must carry."""
        return self._nonces.get(address, 0)

    @property
    def balances(self) -> dict[str, int]:
        """A copy of every non-zero balance."""
        return {address: amount for address, amount in self._balances.items() if amount}

    def total_supply(self) -> int:
        """All coins in existence (only coinbases create them)."""
        return sum(self._balances.values())

    def copy(self) -> Ledger:
        """An independent copy (for trying things out, or a peer's view)."""
        twin = Ledger()
        twin._balances, twin._nonces = dict(self._balances), dict(self._nonces)
        return twin

    def check(self, tx: Transaction) -> None:
        """Raise the first rule `tx` breaks; change nothing either way."""
        if tx.is_coinbase:
            raise InvalidTransaction("err.coinbase_place")
        if tx.sender == tx.recipient:
            raise InvalidTransaction("err.self_transfer", address=tx.sender)
        if address_of(tx.public_key) != tx.sender:
            raise BadSignature("err.wrong_sender_key", sender=tx.sender)
        if not tx.verify_signature():
            raise BadSignature("err.bad_signature")
        expected = self.nonce(tx.sender)
        if tx.nonce != expected:
            key = "err.nonce_replay" if tx.nonce < expected else "err.nonce_gap"
            raise ReplayError(key, sender=tx.sender, expected=expected, got=tx.nonce)
        if self.balance(tx.sender) < tx.amount:
            raise InsufficientFunds("err.insufficient", sender=tx.sender,
                                    balance=self.balance(tx.sender), amount=tx.amount)

    def apply(self, tx: Transaction) -> None:
        """Check `tx`, then move the coins and bump the sender's nonce."""
        self.check(tx)
        self._balances[tx.sender] -= tx.amount
        self._balances[tx.recipient] = self.balance(tx.recipient) + tx.amount
        self._nonces[tx.sender] = tx.nonce + 1

    def apply_block(self, transactions: list[Transaction], reward: int) -> None:
        """Apply a block's transactions all or nothing: a coinbase paying `reward` first,
        then ordinary transfers. On any error the ledger is left exactly as it was.
        """
        trial = self.copy()
        for index, tx in enumerate(transactions):
            if index == 0:
                trial.apply_coinbase(tx, reward)
            else:
                trial.apply(tx)
        self._balances, self._nonces = trial._balances, trial._nonces

    def apply_coinbase(self, tx: Transaction, reward: int) -> None:
        """Credit the miner's reward; `tx` must be a coinbase paying exactly `reward`."""
        if not tx.is_coinbase:
            raise InvalidTransaction("err.coinbase_place")
        if tx.amount != reward:
            raise InvalidTransaction("err.coinbase_amount", got=tx.amount, reward=reward)
        self._balances[tx.recipient] = self.balance(tx.recipient) + tx.amount
