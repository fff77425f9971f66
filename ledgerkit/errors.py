"""Errors that name the rule broken and say how to fix it (错误信息).

Every refusal in ledgerkit raises a `LedgerError` subclass *before* anything changes, so
catching one always leaves the model exactly as it was.

>>> try:
...     raise InsufficientFunds("err.insufficient", sender="alice", balance=5, amount=9)
... except LedgerError as err:
...     print(err)
alice has 5 but tries to send 9. Send at most the balance.
"""

from __future__ import annotations

from ledgerkit.i18n import text


class LedgerError(Exception):
    """Base class: a rule of the ledger was broken. The message is in the current language.

    `key` and `fields` are kept so the same error can be shown in the other language:

    >>> LedgerError("err.amount", got=-1).in_language("zh")
    '金额必须是正整数个币；实际为 -1。'
    """

    def __init__(self, key: str, /, **fields: object) -> None:
        self.key = key
        self.fields = fields
        super().__init__(text(key, **fields))

    def in_language(self, lang: str) -> str:
        """This error's message in `lang` ("en" or "zh")."""
        return text(self.key, lang=lang, **self.fields)


class InputError(LedgerError, ValueError):
    """An argument has the wrong type, size or range (also a ValueError)."""


class CryptoError(LedgerError):
    """A key could not be read or used."""


class InvalidBlock(LedgerError):
    """A block or header breaks a consensus rule (link, proof of work, Merkle root)."""


class InvalidTransaction(LedgerError):
    """A transaction breaks a ledger rule; nothing was applied."""


class InsufficientFunds(InvalidTransaction):
    """The sender's balance is smaller than the amount."""


class BadSignature(InvalidTransaction):
    """The signature does not verify against the transaction and the sender's key."""


class ReplayError(InvalidTransaction):
    """The nonce was already used (a replay or double spend) or skips ahead."""


class MiningError(LedgerError):
    """No nonce in the allowed range meets the target."""
