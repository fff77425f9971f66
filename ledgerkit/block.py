"""Blocks and proof of work, hashed exactly like Bitcoin (区块与工作量证明).

A block header (区块头) is 80 bytes: version, previous block hash, Merkle root, time,
compact target ("bits") and nonce (随机数), all little-endian. Its hash is double SHA-256.
Mining (挖矿) means trying nonces until the hash, read as a number, is at most the target.

>>> genesis = BlockHeader(1, "00" * 32,
...     "4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b",
...     1231006505, 0x1D00FFFF, 2083236893)
>>> genesis.hash_hex()
'000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f'
>>> genesis.meets_target()
True
"""

from __future__ import annotations

import dataclasses
import hashlib
import struct
from collections.abc import Callable
from dataclasses import dataclass, field

from ledgerkit.crypto import display_hex, double_sha256, from_display_hex
from ledgerkit.errors import InputError, InvalidBlock
from ledgerkit.i18n import Phrase, register_strings
from ledgerkit.ledger import Transaction
from ledgerkit.merkle import merkle_root

HEADER_SIZE = 80
MAX_ZERO_BITS = 32  # teaching difficulties stay well inside what a laptop mines in seconds
_UINT32 = 2**32 - 1
_HEADER = struct.Struct("<I32s32sIII")  # version, prev, merkle, time, bits, nonce


# --- targets -------------------------------------------------------------------------
def bits_to_target(bits: int) -> int:
    """Expand Bitcoin's compact target: mantissa × 256^(exponent − 3).

    >>> hex(bits_to_target(0x1D00FFFF))
    '0xffff0000000000000000000000000000000000000000000000000000'
    """
    exponent, mantissa = bits >> 24, bits & 0x007FFFFF
    if bits & 0x00800000:
        raise InputError("err.bad_bits", bits=bits, detail=Phrase("why.bits.sign"))
    if exponent <= 3:
        return mantissa >> (8 * (3 - exponent))
    target = mantissa << (8 * (exponent - 3))
    if target >= 2**256:  # Bitcoin Core's overflow rule: no hash could be that large
        raise InputError("err.bad_bits", bits=bits, detail=Phrase("why.bits.overflow"))
    return target


def target_to_bits(target: int) -> int:
    """Compress a target to compact form (the inverse of `bits_to_target`, losing the
    low-order bytes just as Bitcoin does).

    >>> hex(target_to_bits(bits_to_target(0x1B04864C)))
    '0x1b04864c'
    """
    if target < 0 or target >= 2**256:
        raise InputError("err.field_range", field="target", low=0, high="2**256 - 1", got=target)
    size = (target.bit_length() + 7) // 8
    if size <= 3:
        mantissa = target << (8 * (3 - size))
    else:
        mantissa = target >> (8 * (size - 3))
    if mantissa & 0x00800000:  # would read as negative: shift one more byte into the exponent
        mantissa >>= 8
        size += 1
    return (size << 24) | mantissa


def zero_bits_to_target(zero_bits: int) -> int:
    """The target that asks for `zero_bits` leading zero bits in the hash.

    >>> zero_bits_to_target(8) == 2**248 - 1
    True
    """
    if not isinstance(zero_bits, int) or not 0 <= zero_bits <= MAX_ZERO_BITS:
        raise InputError("err.difficulty_range", low=0, high=MAX_ZERO_BITS, got=zero_bits)
    return 2 ** (256 - zero_bits) - 1


def bits_for_zero_bits(zero_bits: int) -> int:
    """Compact `bits` for a teaching difficulty of `zero_bits` leading zero bits.

    >>> hex(bits_for_zero_bits(16))
    '0x1f00ffff'
    """
    return target_to_bits(zero_bits_to_target(zero_bits))


def leading_zero_bits(block_hash: bytes) -> int:
    """How many zero bits the hash starts with, as its display hex shows it.

    >>> leading_zero_bits(bytes(31) + b"\\x01")  # display hex: 01 00 00 ...
    7
    """
    return 256 - int.from_bytes(block_hash, "little").bit_length()


# --- the header ----------------------------------------------------------------------
def _as_hash(value: bytes | str, name: str) -> bytes:
    """Accept 32 bytes (internal order) or 64 hex digits (display order, as people read)."""
    if isinstance(value, str):
        try:
            raw = from_display_hex(value)
        except ValueError:
            raise InputError("err.not_hex", field=name, got=value[:20]) from None
    elif isinstance(value, (bytes, bytearray)):
        raw = bytes(value)
    else:
        raise InputError("err.not_bytes", what=name, got=type(value).__name__)
    if len(raw) != 32:
        raise InputError("err.hash_length", field=name, got=len(raw))
    return raw


def _as_uint32(value: int, name: str) -> int:
    if not isinstance(value, int) or not 0 <= value <= _UINT32:
        raise InputError("err.field_range", field=name, low=0, high=_UINT32, got=value)
    return value


@dataclass(frozen=True)
class BlockHeader:
    """Bitcoin's 80-byte block header. Hash fields are stored in internal byte order.

    >>> BlockHeader(1, "00" * 32, "11" * 32, 0, 0x207FFFFF, 0).serialize()[:4].hex()
    '01000000'
    """

    version: int
    prev_hash: bytes
    merkle_root: bytes
    timestamp: int
    bits: int
    nonce: int

    def __post_init__(self) -> None:
        # Normalise once here so every later method can trust the fields.
        set_field = object.__setattr__
        set_field(self, "prev_hash", _as_hash(self.prev_hash, "prev_hash"))
        set_field(self, "merkle_root", _as_hash(self.merkle_root, "merkle_root"))
        for name in ("version", "timestamp", "bits", "nonce"):
            _as_uint32(getattr(self, name), name)

    def serialize(self) -> bytes:
        """The 80 bytes that are hashed.

        >>> len(BlockHeader(1, "00" * 32, "00" * 32, 0, 0, 0).serialize())
        80
        """
        return _HEADER.pack(
            self.version, self.prev_hash, self.merkle_root, self.timestamp, self.bits, self.nonce
        )

    @classmethod
    def parse(cls, raw: bytes) -> BlockHeader:
        """Read a header from its 80 bytes.

        >>> BlockHeader.parse(bytes(80)).nonce
        0
        """
        if len(raw) != HEADER_SIZE:
            raise InputError("err.header_length", got=len(raw))
        return cls(*_HEADER.unpack(raw))

    @classmethod
    def from_hex(cls, header_hex: str) -> BlockHeader:
        """Read a header from the hex of its 80 bytes (as `getblockheader false` prints).

        >>> BlockHeader.from_hex("00" * 80).version
        0
        """
        try:
            raw = bytes.fromhex(header_hex)
        except (ValueError, TypeError):
            raise InputError("err.not_hex", field="header_hex", got=str(header_hex)[:20]) from None
        return cls.parse(raw)

    def hash(self) -> bytes:
        """Double SHA-256 of the 80 bytes, internal byte order."""
        return double_sha256(self.serialize())

    def hash_hex(self) -> str:
        """The hash as explorers show it (reversed), e.g. '000000000019d6…'."""
        return display_hex(self.hash())

    @property
    def target(self) -> int:
        """The largest hash value (as a number) that counts as proof of work."""
        return bits_to_target(self.bits)

    @property
    def work(self) -> int:
        """Expected number of hashes to find such a block: 2**256 / (target + 1)."""
        return 2**256 // (self.target + 1)

    def meets_target(self) -> bool:
        """True when the hash, read as a little-endian number, is at most the target."""
        return int.from_bytes(self.hash(), "little") <= self.target

    def with_nonce(self, nonce: int) -> BlockHeader:
        """A copy with another nonce."""
        return dataclasses.replace(self, nonce=nonce)

    def replace(self, **fields: object) -> BlockHeader:
        """A copy with some fields changed, e.g. header.replace(timestamp=0)."""
        return dataclasses.replace(self, **fields)


# --- mining --------------------------------------------------------------------------
def mine(
    header: BlockHeader,
    *,
    max_nonce: int = 2**32,
    progress: Callable[[int, str], object] | None = None,
    progress_every: int = 65536,
) -> BlockHeader | None:
    """Try nonces from header.nonce up to `max_nonce`; return the first header that meets
    its target, or None. `progress(attempts, current_hash_hex)` is called every
    `progress_every` attempts; if it returns False, mining stops and returns None.

    >>> easy = BlockHeader(1, "00" * 32, "00" * 32, 0, bits_for_zero_bits(8), 0)
    >>> solved = mine(easy)
    >>> solved.meets_target() and leading_zero_bits(solved.hash()) >= 8
    True
    """
    raw = header.serialize()
    # The first 64 bytes never change while the nonce does: hash them once ("midstate").
    midstate = hashlib.sha256(raw[:64])
    tail = raw[64:76]
    target = header.target
    sha256, from_bytes = hashlib.sha256, int.from_bytes
    start, stop = header.nonce, min(max_nonce, 2**32)
    digest = b""
    for chunk_start in range(start, stop, progress_every):
        chunk_stop = min(chunk_start + progress_every, stop)
        for nonce in range(chunk_start, chunk_stop):
            first = midstate.copy()
            first.update(tail + nonce.to_bytes(4, "little"))
            digest = sha256(first.digest()).digest()
            if from_bytes(digest, "little") <= target:
                return header.with_nonce(nonce)
        if progress is not None and progress(chunk_stop - start, display_hex(digest)) is False:
            return None
    return None


# --- the block -----------------------------------------------------------------------
@dataclass(frozen=True)
class Block:
    """A header and the transactions its Merkle root commits to.

    >>> from ledgerkit.ledger import Transaction
    >>> coinbase = Transaction.coinbase("ab" * 20, 50, height=0)
    >>> header = BlockHeader(1, "00" * 32, merkle_root([coinbase.txid()]), 0, 0x207FFFFF, 0)
    >>> Block(header, (coinbase,)).merkle_ok()
    True
    """

    header: BlockHeader
    transactions: tuple[Transaction, ...] = field(default=())

    def __post_init__(self) -> None:
        object.__setattr__(self, "transactions", tuple(self.transactions))

    def hash(self) -> bytes:
        """The block's id: its header hash (internal order)."""
        return self.header.hash()

    def hash_hex(self) -> str:
        """The block's id as explorers show it."""
        return self.header.hash_hex()

    def txids(self) -> list[bytes]:
        """Transaction ids in block order (internal byte order)."""
        return [tx.txid() for tx in self.transactions]

    def computed_merkle_root(self) -> bytes:
        """The Merkle root recomputed from the transactions."""
        return merkle_root(self.txids())

    def merkle_ok(self) -> bool:
        """True when the header's Merkle root matches the transactions."""
        return bool(self.transactions) and self.computed_merkle_root() == self.header.merkle_root

    def serialize(self) -> bytes:
        """Header, transaction count, then each transaction with a 2-byte length prefix."""
        parts = [self.header.serialize(), struct.pack("<H", len(self.transactions))]
        for tx in self.transactions:
            raw = tx.serialize()
            parts += [struct.pack("<H", len(raw)), raw]
        return b"".join(parts)

    @classmethod
    def parse(cls, raw: bytes) -> Block:
        """Read a block written by `serialize`. Anything malformed raises InvalidBlock.

        >>> Block.parse(b"too short")
        Traceback (most recent call last):
        ...
        ledgerkit.errors.InvalidBlock: Block rejected: malformed block bytes
        """
        try:
            header = BlockHeader.parse(raw[:HEADER_SIZE])
            (count,) = struct.unpack_from("<H", raw, HEADER_SIZE)
            offset, transactions = HEADER_SIZE + 2, []
            for _ in range(count):
                (length,) = struct.unpack_from("<H", raw, offset)
                offset += 2
                if offset + length > len(raw):
                    raise ValueError("truncated transaction")
                transactions.append(Transaction.parse(raw[offset : offset + length]))
                offset += length
            if offset != len(raw):
                raise ValueError("trailing bytes")
        except (ValueError, struct.error) as problem:
            raise InvalidBlock("err.block_invalid", reason=Phrase("why.malformed")) from problem
        return cls(header, tuple(transactions))


# Reasons that fill the templates above, so a Chinese message holds no English fragment.
register_strings({
    "why.bits.sign": ("the sign bit is set (negative)", "符号位为 1（目标为负数）"),
    "why.bits.overflow": ("the target overflows 256 bits", "目标值超出 256 位"),
    "why.malformed": ("malformed block bytes", "区块字节格式错误"),
})
