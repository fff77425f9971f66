"""Unspent transaction outputs: how Bitcoin keeps its books (UTXO 模型, 未花费交易输出).

Bitcoin has no accounts and no account nonce. Coins sit in *outputs* (输出): "this amount,
spendable by the holder of this key". A transaction spends whole outputs of earlier
transactions (its inputs, 输入), each signed by the output's owner, and creates new outputs:
the payment, and usually change (找零) back to the payer. Whatever the inputs hold beyond the
outputs is the fee (手续费), which the miner collects. An output can be spent once only:
once spent it leaves the set of unspent outputs (the UTXO set), so a second transaction
spending it — a double spend (双花) — finds nothing to spend and is refused.
(Bitcoin whitepaper, sections 2 and 9; Bitcoin Core `CheckTxInputs`, `GetBlockSubsidy`.)

The account model of `ledgerkit.ledger` (balances and nonces, as in Ethereum) is the other
way to keep the same books. Every check runs before anything changes.

>>> from ledgerkit.crypto import KeyPair
>>> alice, bob = KeyPair.from_seed("alice"), KeyPair.from_seed("bob")
>>> book = UtxoLedger()
>>> mint = Transaction.coinbase(alice.address, 50, height=0)
>>> book.apply_block([mint], subsidy=50)
>>> pay = Transaction.create(alice, [OutPoint(mint.txid(), 0)], [(bob.address, 30),
...                          (alice.address, 19)])          # 30 to Bob, 19 change, 1 fee
>>> book.apply(pay)
1
>>> book.balance(alice.address), book.balance(bob.address)
(19, 30)
>>> book.apply(Transaction.create(alice, [OutPoint(mint.txid(), 0)], [(bob.address, 49)]))
Traceback (most recent call last):
...
ledgerkit.utxo.DoubleSpend: Output ... was already spent by transaction ...
"""

from __future__ import annotations

import struct
from collections.abc import Iterable
from dataclasses import dataclass

from ledgerkit.crypto import CURVES, KeyPair, address_of, display_hex, double_sha256, verify
from ledgerkit.errors import BadSignature, InputError, InsufficientFunds, InvalidTransaction
from ledgerkit.i18n import Labels, register_strings

SATOSHIS_PER_BTC = 100_000_000  # 1 BTC = 10^8 satoshis (聪); Bitcoin Core's COIN
HALVING_INTERVAL = 210_000  # blocks between halvings (减半), about four years
INITIAL_SUBSIDY = 50 * SATOSHIS_PER_BTC
_MAX_AMOUNT = 2**63 - 1  # Bitcoin serializes amounts as signed 64-bit integers
_CURVE_CODES = {name: code for code, name in enumerate(CURVES, start=1)}
_CURVE_NAMES = {code: name for name, code in _CURVE_CODES.items()}


class DoubleSpend(InvalidTransaction):
    """The output was already spent, earlier or in the same block: a double spend (双花)."""


class UnknownOutput(InvalidTransaction):
    """The input points at an output that never existed."""


def block_subsidy(height: int) -> int:
    """New bitcoins (in satoshis) a block at `height` may mint: 50 BTC, halved every
    210,000 blocks, zero after 64 halvings (Bitcoin Core, validation.cpp `GetBlockSubsidy`).

    The miner's reward is this subsidy plus the fees of the block's transactions.

    >>> block_subsidy(0) / SATOSHIS_PER_BTC, block_subsidy(840_000) / SATOSHIS_PER_BTC
    (50.0, 3.125)
    """
    if isinstance(height, bool) or not isinstance(height, int) or height < 0:
        raise InputError("err.field_range", field="height", low=0, high="∞", got=height)
    halvings = height // HALVING_INTERVAL
    # A right shift by 64 or more is undefined in C++, so Bitcoin Core stops at 64.
    if halvings >= 64:
        return 0
    # Shifting, not dividing: each halving rounds down to whole satoshis, which is why the
    # total supply ends a little below 21 million BTC.
    return INITIAL_SUBSIDY >> halvings


def _check_amount(amount: object) -> int:
    if isinstance(amount, bool) or not isinstance(amount, int) or not 0 < amount <= _MAX_AMOUNT:
        raise InputError("err.amount", got=amount)
    return amount


def _check_address(value: object, name: str) -> str:
    if not isinstance(value, str) or len(value) != 40 or value != value.lower():
        raise InputError("utxo.bad_address", field=name, got=value)
    try:
        bytes.fromhex(value)
    except ValueError:
        raise InputError("err.not_hex", field=name, got=value[:20]) from None
    return value


@dataclass(frozen=True)
class OutPoint:
    """Which output an input spends: a transaction id and the output's index in it.

    >>> str(OutPoint(bytes(32), 1))[-2:]
    ':1'
    """

    txid: bytes
    index: int

    def __post_init__(self) -> None:
        if not isinstance(self.txid, bytes) or len(self.txid) != 32:
            raise InputError("err.hash_length", field="txid", got=len(self.txid)
                             if isinstance(self.txid, bytes) else 0)
        if isinstance(self.index, bool) or not isinstance(self.index, int) or not (
            0 <= self.index < 2**32
        ):
            raise InputError("err.field_range", field="index", low=0, high=2**32 - 1,
                             got=self.index)

    def __str__(self) -> str:
        """`txid:index`, the txid as explorers show it."""
        return f"{display_hex(self.txid)}:{self.index}"


@dataclass(frozen=True)
class Output:
    """`amount` coins spendable by the owner of the address `owner`.

    >>> Output("ab" * 20, 5).amount
    5
    """

    owner: str
    amount: int

    def __post_init__(self) -> None:
        _check_address(self.owner, "owner")
        _check_amount(self.amount)


@dataclass(frozen=True)
class Input:
    """A spend of `outpoint`, with the public key and signature of the output's owner."""

    outpoint: OutPoint
    public_key: bytes = b""
    signature: bytes = b""
    curve: str = "P-256"

    def __post_init__(self) -> None:
        if self.curve not in _CURVE_CODES:
            raise InputError("err.unknown_curve", curve=self.curve, choices=Labels(CURVES))


@dataclass(frozen=True)
class Transaction:
    """Inputs that spend earlier outputs, and new outputs. A coinbase has no inputs and
    carries its block height, so no two coinbases share a txid (as Bitcoin's BIP 34).

    >>> Transaction.coinbase("ab" * 20, 50, height=7).is_coinbase
    True
    """

    inputs: tuple[Input, ...]
    outputs: tuple[Output, ...]
    height: int = -1  # the block height of a coinbase; -1 for an ordinary transaction

    def __post_init__(self) -> None:
        object.__setattr__(self, "inputs", tuple(self.inputs))
        object.__setattr__(self, "outputs", tuple(self.outputs))
        if not all(isinstance(i, Input) for i in self.inputs) or not all(
            isinstance(o, Output) for o in self.outputs
        ):
            raise InputError("utxo.parts")
        if not self.outputs or len(self.outputs) > 255 or len(self.inputs) > 255:
            raise InputError("utxo.shape", inputs=len(self.inputs), outputs=len(self.outputs))
        if isinstance(self.height, bool) or not isinstance(self.height, int) or not (
            -1 <= self.height < 2**31
        ):
            raise InputError("err.field_range", field="height", low=-1, high=2**31 - 1,
                             got=self.height)
        if (self.height >= 0) == bool(self.inputs):
            raise InputError("utxo.shape", inputs=len(self.inputs), outputs=len(self.outputs))

    # --- making transactions -----------------------------------------------------------
    @classmethod
    def coinbase(cls, miner: str, amount: int, height: int) -> Transaction:
        """The miner's reward: one new output, no inputs.

        >>> Transaction.coinbase("ab" * 20, 50, height=0).outputs[0].amount
        50
        """
        if isinstance(height, bool) or not isinstance(height, int) or height < 0:
            raise InputError("err.field_range", field="height", low=0, high=2**31 - 1,
                             got=height)
        return cls((), (Output(miner, amount),), height)

    @classmethod
    def create(cls, key: KeyPair, spend: Iterable[OutPoint],
               pay: Iterable[tuple[str, int]]) -> Transaction:
        """Spend the outputs `spend` (all owned by `key`) into outputs `pay` of
        (address, amount), every input signed with `key`.

        >>> alice = KeyPair.from_seed("alice")
        >>> tx = Transaction.create(alice, [OutPoint(bytes(32), 0)], [("cd" * 20, 5)])
        >>> tx.inputs[0].public_key == alice.public_key
        True
        """
        outputs = tuple(Output(address, amount) for address, amount in pay)
        unsigned = cls(tuple(Input(point, key.public_key, b"", key.curve) for point in spend),
                       outputs)
        # Every input signs the whole transaction with all signatures blanked: a simplified
        # SIGHASH_ALL, so no output can be changed after signing.
        signature = key.sign(unsigned.signing_bytes())
        return cls(tuple(Input(i.outpoint, key.public_key, signature, key.curve)
                         for i in unsigned.inputs), outputs)

    # --- bytes and ids -----------------------------------------------------------------
    def serialize(self, *, with_signatures: bool = True) -> bytes:
        """A fixed layout: height, inputs (txid, index, curve, key, signature), outputs
        (owner, amount). Counts and lengths are one byte each."""
        parts = [struct.pack("<i", self.height), bytes([len(self.inputs)])]
        for spent in self.inputs:
            signature = spent.signature if with_signatures else b""
            parts += [spent.outpoint.txid, struct.pack("<IB", spent.outpoint.index,
                                                       _CURVE_CODES[spent.curve]),
                      bytes([len(spent.public_key)]), spent.public_key,
                      bytes([len(signature)]), signature]
        parts.append(bytes([len(self.outputs)]))
        for out in self.outputs:
            parts += [bytes.fromhex(out.owner), struct.pack("<Q", out.amount)]
        return b"".join(parts)

    def signing_bytes(self) -> bytes:
        """What each input's owner signs: the transaction without any signature."""
        return self.serialize(with_signatures=False)

    def txid(self) -> bytes:
        """Double SHA-256 of the bytes (internal byte order, like Bitcoin).

        >>> len(Transaction.coinbase("ab" * 20, 50, height=0).txid())
        32
        """
        return double_sha256(self.serialize())

    def txid_hex(self) -> str:
        """The transaction id as explorers show it."""
        return display_hex(self.txid())

    def outpoints(self) -> list[OutPoint]:
        """The outpoints of this transaction's own outputs, for spending them later."""
        txid = self.txid()
        return [OutPoint(txid, index) for index in range(len(self.outputs))]

    @property
    def is_coinbase(self) -> bool:
        """True for a miner's reward (no inputs)."""
        return not self.inputs

    @property
    def output_total(self) -> int:
        """The sum of this transaction's outputs."""
        return sum(out.amount for out in self.outputs)


class UtxoLedger:
    """The UTXO set (未花费输出集合): every output not yet spent. Changed only through
    `apply` and `apply_block`, which check everything first.

    >>> UtxoLedger().total_value()
    0
    """

    def __init__(self) -> None:
        self._unspent: dict[OutPoint, Output] = {}
        # Bitcoin nodes forget spent outputs; we remember who spent them only to say so
        # in the error message. The rule itself is membership of `_unspent`.
        self._spent_by: dict[OutPoint, bytes] = {}

    # --- reading -------------------------------------------------------------------------
    def unspent(self, owner: str | None = None) -> dict[OutPoint, Output]:
        """A copy of the UTXO set, or of the outputs `owner` can spend."""
        return {point: out for point, out in self._unspent.items()
                if owner is None or out.owner == owner}

    def balance(self, owner: str) -> int:
        """What a wallet shows: the sum of the unspent outputs `owner` can spend."""
        return sum(out.amount for out in self.unspent(owner).values())

    def total_value(self) -> int:
        """All coins in existence: the sum of the UTXO set."""
        return sum(out.amount for out in self._unspent.values())

    def copy(self) -> UtxoLedger:
        """An independent copy (for a trial run, or a peer's view)."""
        twin = UtxoLedger()
        twin._unspent, twin._spent_by = dict(self._unspent), dict(self._spent_by)
        return twin

    # --- rules ---------------------------------------------------------------------------
    def check(self, tx: Transaction) -> int:
        """Raise the first rule `tx` breaks, else return its fee; change nothing."""
        if tx.is_coinbase:
            raise InvalidTransaction("err.coinbase_place")
        seen: set[OutPoint] = set()
        for spent in tx.inputs:
            point = spent.outpoint
            if point in seen:
                # The bug behind CVE-2018-17144: one transaction listing an output twice.
                raise DoubleSpend("utxo.spent_twice_in_tx", outpoint=str(point))
            seen.add(point)
            if point not in self._unspent:
                if point in self._spent_by:
                    raise DoubleSpend("utxo.already_spent", outpoint=str(point),
                                      by=display_hex(self._spent_by[point]))
                raise UnknownOutput("utxo.unknown_output", outpoint=str(point))
            owner = self._unspent[point].owner
            if address_of(spent.public_key) != owner:
                raise BadSignature("utxo.not_owner", outpoint=str(point), owner=owner)
            if not verify(spent.public_key, tx.signing_bytes(), spent.signature, spent.curve):
                raise BadSignature("err.bad_signature")
        inputs = sum(self._unspent[spent.outpoint].amount for spent in tx.inputs)
        if tx.output_total > inputs:
            raise InsufficientFunds("utxo.outputs_exceed_inputs", inputs=inputs,
                                    outputs=tx.output_total)
        return inputs - tx.output_total

    def apply(self, tx: Transaction) -> int:
        """Check `tx`, then spend its inputs and add its outputs. Returns the fee."""
        fee = self.check(tx)
        self._spend(tx)
        return fee

    def apply_block(self, transactions: list[Transaction], subsidy: int) -> None:
        """Apply a block all or nothing: a coinbase first, paying at most `subsidy` plus
        the fees of the block's transactions, then ordinary transactions in order.
        A second spend of one output inside the block is refused like any other.
        """
        if not transactions or not transactions[0].is_coinbase:
            raise InvalidTransaction("err.coinbase_place")
        trial = self.copy()
        fees = sum(trial.apply(tx) for tx in transactions[1:])
        coinbase = transactions[0]
        if coinbase.output_total > subsidy + fees:
            raise InvalidTransaction("utxo.coinbase_too_much", paid=coinbase.output_total,
                                     subsidy=subsidy, fees=fees)
        trial._spend(coinbase)
        self._unspent, self._spent_by = trial._unspent, trial._spent_by

    def _spend(self, tx: Transaction) -> None:
        txid = tx.txid()
        if OutPoint(txid, 0) in self._unspent or OutPoint(txid, 0) in self._spent_by:
            # Two coinbases with one txid would overwrite each other (BIP 30).
            raise InvalidTransaction("utxo.duplicate_txid", txid=display_hex(txid))
        for spent in tx.inputs:
            del self._unspent[spent.outpoint]
            self._spent_by[spent.outpoint] = txid
        for point, out in zip(tx.outpoints(), tx.outputs, strict=True):
            self._unspent[point] = out


def pay(book: UtxoLedger, key: KeyPair, recipient: str, amount: int,
        fee: int = 0) -> Transaction:
    """What a wallet does: pick `key`'s unspent outputs until they cover `amount + fee`,
    pay `recipient`, and send the change back to `key`'s address. Changes nothing.

    >>> alice = KeyPair.from_seed("alice")
    >>> book = UtxoLedger()
    >>> book.apply_block([Transaction.coinbase(alice.address, 50, height=0)], subsidy=50)
    >>> [out.amount for out in pay(book, alice, "cd" * 20, 30, fee=1).outputs]
    [30, 19]
    """
    _check_amount(amount)
    if isinstance(fee, bool) or not isinstance(fee, int) or fee < 0:
        raise InputError("err.field_range", field="fee", low=0, high=_MAX_AMOUNT, got=fee)
    chosen, gathered = [], 0
    for point, out in book.unspent(key.address).items():
        if gathered >= amount + fee:
            break
        chosen.append(point)
        gathered += out.amount
    if gathered < amount + fee:
        raise InsufficientFunds("err.insufficient", sender=key.address, balance=gathered,
                                amount=amount + fee)
    change = gathered - amount - fee
    outputs = [(recipient, amount)] + ([(key.address, change)] if change else [])
    return Transaction.create(key, chosen, outputs)


register_strings({
    "utxo.bad_address": (
        "{field} must be an address: 40 lower-case hex digits; got {got!r}.",
        "{field} 必须是地址：40 位小写十六进制数字；实际为 {got!r}。",
    ),
    "utxo.parts": (
        "Inputs must be Input objects and outputs Output objects; make transactions with "
        "Transaction.create or Transaction.coinbase.",
        "输入必须是 Input 对象，输出必须是 Output 对象；请用 Transaction.create 或 "
        "Transaction.coinbase 创建交易。",
    ),
    "utxo.shape": (
        "A transaction needs 1 to 255 outputs, and either inputs (an ordinary payment) or a "
        "block height (a coinbase), not both; got {inputs} inputs and {outputs} outputs.",
        "一笔交易需要 1 到 255 个输出，并且要么有输入（普通付款），要么有区块高度（coinbase），"
        "二者不能兼有；实际有 {inputs} 个输入、{outputs} 个输出。",
    ),
    "utxo.already_spent": (
        "Output {outpoint} was already spent by transaction {by}: this is a double spend. "
        "Spend an output that is still unspent.",
        "输出 {outpoint} 已被交易 {by} 花掉：这是双花。请花费仍未花费的输出。",
    ),
    "utxo.spent_twice_in_tx": (
        "The transaction lists output {outpoint} twice: an output can be spent only once. "
        "List each input once.",
        "这笔交易两次列出了输出 {outpoint}：一个输出只能花一次。每个输入只列一次。",
    ),
    "utxo.unknown_output": (
        "Output {outpoint} does not exist: no transaction on this ledger created it. Spend "
        "an output from the UTXO set.",
        "输出 {outpoint} 不存在：本账本上没有任何交易创建过它。请花费 UTXO 集合中的输出。",
    ),
    "utxo.not_owner": (
        "The public key does not belong to {owner}, the owner of output {outpoint}: only the "
        "owner can spend it. Sign with the owner's key.",
        "该公钥不属于输出 {outpoint} 的所有者 {owner}：只有所有者才能花费它。"
        "请用所有者的私钥签名。",
    ),
    "utxo.outputs_exceed_inputs": (
        "The outputs pay {outputs} but the inputs hold only {inputs}: a transaction cannot "
        "create coins. Pay at most the inputs (the rest is the miner's fee).",
        "输出合计 {outputs}，而输入只有 {inputs}：交易不能凭空造币。"
        "输出不能超过输入（差额是给矿工的手续费）。",
    ),
    "utxo.coinbase_too_much": (
        "The coinbase pays {paid}, but a miner may claim at most the subsidy {subsidy} plus "
        "the fees {fees} of the block's transactions.",
        "coinbase 支付了 {paid}，但矿工最多只能领取区块补贴 {subsidy} "
        "加上本区块交易的手续费 {fees}。",
    ),
    "utxo.duplicate_txid": (
        "Transaction {txid} is already on the ledger; a coinbase must carry its block height "
        "so that its txid is new.",
        "交易 {txid} 已在账本上；coinbase 必须带上区块高度，使其交易ID不重复。",
    ),
})
