"""ledgerkit.block against real Bitcoin block headers (区块头与工作量证明).

A real header is its own proof: the chance that wrong fields hash to a published block id
with dozens of leading zero bits is nil, so each header below checks serialization, byte
order, hashing and the target rule together.
"""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledgerkit.block import (
    Block,
    BlockHeader,
    bits_for_zero_bits,
    bits_to_target,
    leading_zero_bits,
    mine,
    target_to_bits,
    zero_bits_to_target,
)
from ledgerkit.crypto import display_hex, double_sha256, from_display_hex
from ledgerkit.errors import InputError, InvalidBlock
from ledgerkit.ledger import Transaction
from ledgerkit.merkle import merkle_root

GENESIS = dict(
    version=1,
    prev_hash="00" * 32,
    merkle_root="4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b",
    timestamp=1231006505,
    bits=0x1D00FFFF,
    nonce=2083236893,
)
GENESIS_HASH = "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f"
GENESIS_RAW = (
    "0100000000000000000000000000000000000000000000000000000000000000000000003ba3edfd7a7b12b2"
    "7ac72c3e67768f617fc81bc3888a51323a9fb8aa4b1e5e4a29ab5f49ffff001d1dac2b7c"
)

# (fields, published block id). Heights are mainnet unless noted.
REAL_HEADERS = {
    "genesis, height 0": (GENESIS, GENESIS_HASH),
    "height 100000": (
        dict(
            version=1,
            prev_hash="000000000002d01c1fccc21636b607dfd930d31d01c3a62104612a1719011250",
            merkle_root="f3e94742aca4b5ef85488dc37c06c3282295ffec960994b2c0d5ac2a25a95766",
            timestamp=1293623863,
            bits=0x1B04864C,
            nonce=274148111,
        ),
        "000000000003ba27aa200b1cecaad478d2b00432346c3f1f3986da1afd33e506",
    ),
    "height 100014 (7 transactions)": (
        dict(
            version=1,
            prev_hash="0000000000016780c81d42b7eff86974c36f5ae026e8662a4393a7f39c86bb82",
            merkle_root="8772d9d0fdf8c1303c7b1167e3c73b095fd970e33c799c6563d98b2e96c5167f",
            timestamp=1293629558,
            bits=0x1B04864C,
            nonce=696601429,
        ),
        "000000000000b731f2eef9e8c63173adfb07e41bd53eb0ef0a6b720d6cb6dea4",
    ),
    "height 125552 (the Bitcoin wiki's 'Block hashing algorithm' example)": (
        dict(
            version=1,
            prev_hash="00000000000008a3a41b85b8b29ad444def299fee21793cd8b9e567eab02cd81",
            merkle_root="2b12fcf1b09288fcaff797d71e950e71ae42b91e8bdb2304758dfcffc2b620e3",
            timestamp=1305998791,
            bits=0x1A44B9F2,
            nonce=2504433986,
        ),
        "00000000000000001e8d6829a8a21adc5d38d0a473b144b6765798e61f98bd1d",
    ),
    "mined 2017-08-31, BIP 9 version bits 0x20000002 (Programming Bitcoin, ch. 9)": (
        dict(
            version=0x20000002,
            prev_hash="000000000000000000fd0c220a0a8c3bc5a7b487e8c8de0dfa2373b12894c38e",
            merkle_root="be258bfd38db61f957315c3f9e9c5e15216857398d50402d5089a8e0fc50075b",
            timestamp=1504147230,
            bits=0x18013CE9,
            nonce=0x1DD7FFA4,
        ),
        "0000000000000000007e9e4c586439b0cdbe13b1370bdd9435d76a644d047523",
    ),
    "testnet3, version 0x20000000, 11 transactions (Programming Bitcoin, ch. 11)": (
        dict(
            version=0x20000000,
            prev_hash="000000000000010466f487e7d9c7557fda40b79852b00bee762505f5175f4cd0",
            merkle_root="4297fb95a0168b959d1469410c7527da5d6243d99699e7d041b7f3916ba93301",
            timestamp=1504242100,
            bits=0x1A06CA16,
            nonce=0xD8927C4A,
        ),
        "0000000000000451fa80fcdb243b84c35eaae215a85a8faa880559e8239e6f20",
    ),
}

# The raw 80 bytes of the 2017 header above, as Programming Bitcoin prints them.
RAW_2017 = (
    "020000208ec39428b17323fa0ddec8e887b4a7c53b8c0a0a220cfd0000000000000000005b0750fce0a889"
    "502d40508d39576821155e9c9e3f5c3157f961db38fd8b25be1e77a759e93c0118a4ffd71d"
)


# --- real headers ------------------------------------------------------------------------


def test_genesis_header_hash_and_target():
    header = BlockHeader(**GENESIS)
    assert header.hash_hex() == GENESIS_HASH
    assert header.hash() == from_display_hex(GENESIS_HASH)
    assert header.target == 0xFFFF * 2 ** (8 * (0x1D - 3))
    assert header.meets_target()


def test_genesis_raw_bytes_round_trip():
    header = BlockHeader.from_hex(GENESIS_RAW)
    assert header == BlockHeader(**GENESIS)
    assert header.serialize().hex() == GENESIS_RAW
    assert BlockHeader.parse(bytes.fromhex(GENESIS_RAW)) == header
    assert header.hash() == double_sha256(bytes.fromhex(GENESIS_RAW))


@pytest.mark.parametrize("name", REAL_HEADERS)
def test_real_headers_hash_to_their_published_ids(name):
    fields, block_id = REAL_HEADERS[name]
    header = BlockHeader(**fields)
    assert header.hash_hex() == block_id
    assert header.meets_target()
    assert len(header.serialize()) == 80
    assert BlockHeader.parse(header.serialize()) == header


@pytest.mark.parametrize("name", REAL_HEADERS)
def test_the_next_nonce_does_not_meet_the_target(name):
    fields, _ = REAL_HEADERS[name]
    header = BlockHeader(**fields)
    assert not header.with_nonce(header.nonce + 1).meets_target()
    assert not header.replace(timestamp=header.timestamp + 1).meets_target()


def test_raw_2017_header_fields():
    header = BlockHeader.from_hex(RAW_2017)
    fields, block_id = REAL_HEADERS[
        "mined 2017-08-31, BIP 9 version bits 0x20000002 (Programming Bitcoin, ch. 9)"
    ]
    assert header == BlockHeader(**fields)
    assert header.version >> 29 == 0b001  # BIP 9: the top three bits are 001
    assert header.hash_hex() == block_id
    assert header.serialize().hex() == RAW_2017


def test_hash_fields_accept_display_hex_or_internal_bytes():
    as_text = BlockHeader(**GENESIS)
    as_bytes = BlockHeader(
        1,
        bytes(32),
        from_display_hex(GENESIS["merkle_root"]),
        1231006505,
        0x1D00FFFF,
        2083236893,
    )
    assert as_text == as_bytes
    assert as_text.merkle_root == from_display_hex(GENESIS["merkle_root"])
    assert display_hex(as_text.merkle_root) == GENESIS["merkle_root"]


def test_with_nonce_and_replace_make_copies():
    header = BlockHeader(**GENESIS)
    assert header.with_nonce(7).nonce == 7
    assert header.with_nonce(7).merkle_root == header.merkle_root
    assert header.replace(timestamp=5).timestamp == 5
    assert header.nonce == 2083236893  # the original is unchanged (frozen)
    with pytest.raises(AttributeError):
        header.nonce = 1


def test_leading_zero_bits_of_real_hashes():
    # 000000000019d668…: 8 zero hex digits (32 bits), then 0x0019 = 0b0000_0000_0001_1001.
    assert leading_zero_bits(from_display_hex(GENESIS_HASH)) == 43
    assert leading_zero_bits(bytes(32)) == 256
    assert leading_zero_bits(b"\xff" * 32) == 0
    assert leading_zero_bits(from_display_hex("01" + "00" * 31)) == 7


# --- compact targets ---------------------------------------------------------------------

# (bits, target): the first two are real difficulties (genesis; block 100,000); the
# others are the SetCompact/GetCompact cases of Bitcoin Core's arith_uint256 tests and the
# Bitcoin wiki's "Difficulty" page.
PUBLISHED_PAIRS = [
    (0x1D00FFFF, 0x00000000FFFF0000000000000000000000000000000000000000000000000000),
    (0x1B04864C, 0x04864C * 2 ** (8 * (0x1B - 3))),
    (0x1B0404CB, 0x00000000000404CB000000000000000000000000000000000000000000000000),
    (0x05009234, 0x92340000),
    (0x04123456, 0x12345600),
    (0x03123456, 0x123456),
    (0x20123456, 0x123456 << (8 * 29)),
    (0x02008000, 0x80),
]


@pytest.mark.parametrize(("bits", "target"), PUBLISHED_PAIRS)
def test_bits_to_target_published_pairs(bits, target):
    assert bits_to_target(bits) == target
    assert target_to_bits(target) == bits


def test_target_to_bits_drops_low_bytes_like_bitcoin():
    assert target_to_bits(0x123456789A) == 0x05123456
    assert bits_to_target(0x05123456) == 0x1234560000
    assert target_to_bits(0) == 0


def test_a_negative_compact_target_is_an_input_error():
    with pytest.raises(InputError) as caught:
        bits_to_target(0x04923456)  # sign bit set: Bitcoin Core reads this as negative
    assert caught.value.key == "err.bad_bits"


def test_an_overflowing_compact_target_is_an_input_error():
    # 0x123456 * 256**252 does not fit in 256 bits; Bitcoin Core flags it as overflow. Were
    # it accepted, every hash would "meet" it.
    with pytest.raises(InputError):
        bits_to_target(0xFF123456)


# Normalized compact values: exponent 3..32, mantissa with a non-zero top byte and the
# sign bit clear. Only these survive a round trip unchanged.
@given(
    exponent=st.integers(min_value=3, max_value=32),
    mantissa=st.integers(min_value=0x010000, max_value=0x7FFFFF),
)
def test_compact_round_trip_for_normalized_values(exponent, mantissa):
    bits = exponent << 24 | mantissa
    assert target_to_bits(bits_to_target(bits)) == bits


@given(st.integers(min_value=1, max_value=2**256 - 1))
def test_compact_form_never_raises_the_target(target):
    # Compression keeps the top bytes, so the compact target is at most the exact one and
    # within a factor 2**-16 of it.
    compact = bits_to_target(target_to_bits(target))
    assert compact <= target
    assert target - compact < target / 2**15


@pytest.mark.parametrize("zero_bits", range(0, 33))
def test_teaching_difficulty(zero_bits):
    assert zero_bits_to_target(zero_bits) == 2 ** (256 - zero_bits) - 1
    target = bits_to_target(bits_for_zero_bits(zero_bits))
    # Every hash at or under the target has at least `zero_bits` leading zero bits ...
    assert target < 2 ** (256 - zero_bits)
    # ... and the compact form barely makes the puzzle harder.
    assert target >= 2 ** (256 - zero_bits) * (1 - 2**-15)


def test_bits_for_16_zero_bits_is_the_documented_value():
    assert bits_for_zero_bits(16) == 0x1F00FFFF


@pytest.mark.parametrize("bad", [-1, 33, 256, 2.5, "8"])
def test_difficulty_out_of_range_is_an_input_error(bad):
    with pytest.raises(InputError):
        zero_bits_to_target(bad)


# --- mining --------------------------------------------------------------------------------


def teaching_header(zero_bits: int, nonce: int = 0) -> BlockHeader:
    return BlockHeader(1, GENESIS_HASH, "11" * 32, 1231006505, bits_for_zero_bits(zero_bits), nonce)


@pytest.mark.parametrize("zero_bits", [0, 4, 8, 12])
def test_mine_finds_the_first_nonce_that_meets_the_target(zero_bits):
    header = teaching_header(zero_bits)
    solved = mine(header)
    assert solved is not None
    assert solved.meets_target()
    assert leading_zero_bits(solved.hash()) >= zero_bits
    assert solved == header.with_nonce(solved.nonce)  # only the nonce changed
    assert not any(header.with_nonce(n).meets_target() for n in range(solved.nonce))
    assert mine(header) == solved  # deterministic


def test_mine_starts_from_the_headers_nonce():
    header = teaching_header(10)
    first = mine(header)
    second = mine(header.with_nonce(first.nonce + 1))
    assert second.nonce > first.nonce
    assert second.meets_target()


def test_mine_gives_up_at_max_nonce():
    header = teaching_header(12)
    solved = mine(header)
    assert solved.nonce > 0  # this header needs a few thousand tries
    assert mine(header, max_nonce=solved.nonce) is None  # max_nonce itself is not tried
    assert mine(header, max_nonce=solved.nonce + 1) == solved


def test_progress_is_reported_and_mining_continues_unless_told_to_stop():
    header = BlockHeader(**GENESIS).with_nonce(0)  # real difficulty: never found this early
    calls = []

    def progress(attempts: int, current_hash_hex: str) -> None:
        calls.append((attempts, current_hash_hex))

    assert mine(header, max_nonce=5000, progress=progress, progress_every=1000) is None
    assert [attempts for attempts, _ in calls] == [1000, 2000, 3000, 4000, 5000]
    for _, current in calls:
        assert len(current) == 64
        int(current, 16)


def test_progress_returning_false_stops_mining():
    header = BlockHeader(**GENESIS).with_nonce(0)
    calls = []

    def stop_after_three(attempts: int, current_hash_hex: str) -> bool:
        calls.append(attempts)
        return len(calls) < 3

    assert mine(header, progress=stop_after_three, progress_every=500) is None
    assert calls == [500, 1000, 1500]


def test_progress_does_not_change_the_result():
    header = teaching_header(12)
    assert mine(header, progress=lambda attempts, current: True, progress_every=100) == mine(header)


# --- bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize("length", [0, 79, 81, 160])
def test_parse_needs_exactly_80_bytes(length):
    with pytest.raises(InputError) as caught:
        BlockHeader.parse(bytes(length))
    assert caught.value.key == "err.header_length"
    assert str(length) in str(caught.value)


def test_from_hex_needs_80_bytes_of_hex():
    with pytest.raises(InputError):
        BlockHeader.from_hex(GENESIS_RAW[:-2])
    with pytest.raises(InputError):
        BlockHeader.from_hex(GENESIS_RAW + "00")


def test_from_hex_with_non_hex_text_is_an_input_error():
    with pytest.raises(InputError):
        BlockHeader.from_hex("zz" * 80)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("version", -1),
        ("version", 2**32),
        ("timestamp", -5),
        ("bits", 2**32),
        ("nonce", 2**32),
        ("nonce", -1),
        ("nonce", 1.5),
        ("timestamp", "1231006505"),
    ],
)
def test_integer_fields_out_of_range_are_input_errors(field, value):
    with pytest.raises(InputError) as caught:
        BlockHeader(**{**GENESIS, field: value})
    assert field in str(caught.value)


@pytest.mark.parametrize(
    "value", ["00" * 31, "00" * 33, bytes(31), bytes(33), b"", "zz" * 32, 32, None]
)
@pytest.mark.parametrize("field", ["prev_hash", "merkle_root"])
def test_hash_fields_of_the_wrong_size_or_type_are_input_errors(field, value):
    with pytest.raises(InputError):
        BlockHeader(**{**GENESIS, field: value})


# --- blocks of ledgerkit transactions ------------------------------------------------------


def small_block() -> Block:
    transactions = [
        Transaction.coinbase("ab" * 20, 50, height=1),
        Transaction.coinbase("cd" * 20, 50, height=2),
        Transaction.coinbase("ef" * 20, 50, height=3),
    ]
    root = merkle_root([tx.txid() for tx in transactions])
    return Block(BlockHeader(1, GENESIS_HASH, root, 1231007105, 0x207FFFFF, 0), transactions)


def test_block_hash_txids_and_merkle_root():
    block = small_block()
    assert block.hash() == block.header.hash()
    assert block.hash_hex() == block.header.hash_hex()
    assert block.txids() == [tx.txid() for tx in block.transactions]
    assert block.computed_merkle_root() == block.header.merkle_root


def test_block_serialize_parse_round_trip():
    block = small_block()
    raw = block.serialize()
    assert raw[:80] == block.header.serialize()
    again = Block.parse(raw)
    assert again == block
    assert again.serialize() == raw


@pytest.mark.parametrize(
    "mangle",
    [
        lambda raw: b"",
        lambda raw: raw[:79],
        lambda raw: raw[:80],
        lambda raw: raw[:-1],
        lambda raw: raw + b"\x00",
        lambda raw: raw[:80] + b"\xff\xff" + raw[82:],  # claims 65535 transactions
    ],
)
def test_malformed_block_bytes_are_invalid_block(mangle):
    with pytest.raises(InvalidBlock):
        Block.parse(mangle(small_block().serialize()))
