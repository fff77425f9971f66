"""Exercises of the basics chapter (链基础), notebooks 01–04: hashing, keys and signatures,
blocks and mining, Merkle trees and transactions (account model and Bitcoin's UTXO model).

The data the notebooks hand out (messages, headers, txids) lives here too, so a notebook and
the reference solution always talk about the same bytes.

>>> from ledgerkit.exercises import check
>>> bool(check("basics.mining.3", 2**20)), bool(check("basics.mining.3", 16**20))
(True, False)
"""

from __future__ import annotations

import math
from typing import Any

from ledgerkit.block import BlockHeader, bits_to_target, zero_bits_to_target
from ledgerkit.chain import Blockchain
from ledgerkit.crypto import KeyPair, address_of, display_hex, double_sha256, sha256
from ledgerkit.errors import LedgerError
from ledgerkit.exercise_bank._answers import (
    NOT_A_LETTER,
    NOT_A_NUMBER,
    NOT_HEX,
    hex_text,
    letter,
    whole_number,
    word,
)
from ledgerkit.exercises import Bilingual, exercise
from ledgerkit.ledger import Transaction
from ledgerkit.merkle import merkle_proof, merkle_root
from ledgerkit.utxo import SATOSHIS_PER_BTC, OutPoint, UtxoLedger, block_subsidy
from ledgerkit.utxo import Transaction as UtxoTransaction

# --- shared hints -----------------------------------------------------------------------











# === 01 hashing (哈希) ==================================================================

HASHING_MESSAGE = b"Pay Carol 250 yuan"
AVALANCHE_PAIR = (b"Pay Carol 250 yuan", b"Pay Carol 251 yuan")
AVALANCHE_EXAMPLE = (b"Pay Bob 100 yuan", b"Pay Bob 101 yuan")  # worked in the notebook
NONCE_PREFIX = "000"

# A loan contract is archived by its fingerprint only; three copies turn up later.
CONTRACTS = {
    "A": b"Loan agreement. Lender: River Bank. Borrower: Tea House Ltd. "
    b"Amount: 1,000,000 yuan. Rate: 3.6% a year. Term: 180 days.",
    "B": b"Loan agreement. Lender: River Bank. Borrower: Tea House Ltd. "
    b"Amount: 1,000,000 yuan. Rate: 3.6% a year. Term: 180 days. ",
    "C": b"Loan agreement. Lender: River Bank. Borrower: Tea House Ltd. "
    b"Amount: 1,000,000 yuan. Rate: 6.3% a year. Term: 180 days.",
}
# The one that was signed has a trailing space: invisible on screen, not to SHA-256.
CONTRACT_FINGERPRINT = sha256(CONTRACTS["B"]).hex()


def differing_bits(first: bytes, second: bytes) -> int:
    """How many of the bits of two equal-length byte strings differ.

    >>> differing_bits(b"\\x0f", b"\\x00")
    4
    """
    return (int.from_bytes(first, "big") ^ int.from_bytes(second, "big")).bit_count()


def _differing_hex_digits(first: bytes, second: bytes) -> int:
    return sum(a != b for a, b in zip(first.hex(), second.hex(), strict=True))


@exercise(
    "basics.hashing.1",
    reference=lambda: sha256(HASHING_MESSAGE).hex(),
    wrong_answers=(
        double_sha256(HASHING_MESSAGE).hex(),
        display_hex(sha256(HASHING_MESSAGE)),
        sha256(HASHING_MESSAGE + b"\n").hex(),
        sha256(HASHING_MESSAGE.lower()).hex(),
        sha256(repr(HASHING_MESSAGE).encode()).hex(),
        sha256(HASHING_MESSAGE).hex()[:32],
        sha256(HASHING_MESSAGE),
        None,
    ),
    why=(
        "SHA-256 turns any message into 32 bytes, shown as 64 hex digits; the same bytes "
        "always give the same fingerprint.",
        "SHA-256 把任意消息变成 32 字节，显示为 64 个十六进制数字；相同的字节永远得到相同的指纹。",
    ),
)
def _sha256_of_message(answer: Any) -> Bilingual | None:
    if isinstance(answer, (bytes, bytearray)):
        return (
            "That is the digest as bytes; give it as hex text with .hex().",
            "这是 bytes 形式的摘要；请用 .hex() 转成十六进制文本。",
        )
    given = hex_text(answer)
    if given is None:
        return NOT_HEX
    if given == sha256(HASHING_MESSAGE).hex():
        return None
    if len(given) != 64:
        return (
            f"A SHA-256 hash has 64 hex digits; yours has {len(given)}. Copy all of it.",
            f"SHA-256 哈希有 64 个十六进制数字；你的答案有 {len(given)} 个。请完整复制。",
        )
    if given == double_sha256(HASHING_MESSAGE).hex():
        return (
            "That is SHA-256 applied twice. The exercise asks for one SHA-256.",
            "这是做了两次 SHA-256 的结果；题目只要求做一次 SHA-256。",
        )
    if given == display_hex(sha256(HASHING_MESSAGE)):
        return (
            "The bytes are in reverse order. Reversing is only for block and transaction ids; "
            "a plain hash is just .hex().",
            "字节顺序反了。只有区块和交易 ID 才按反序显示；普通哈希直接用 .hex()。",
        )
    if given == sha256(repr(HASHING_MESSAGE).encode()).hex():
        return (
            "You hashed the text of the Python literal, b'…' and all. Hash the bytes themselves.",
            "你把 Python 字面量的文本（连同 b'…'）一起哈希了。请直接哈希字节本身。",
        )
    return (
        "Not the fingerprint of that message. Check every character: capitals, spaces, "
        "and no newline at the end.",
        "这不是该消息的指纹。请逐个检查字符：大小写、空格，以及末尾不要有换行。",
    )


@exercise(
    "basics.hashing.2",
    reference=lambda: differing_bits(sha256(AVALANCHE_PAIR[0]), sha256(AVALANCHE_PAIR[1])),
    wrong_answers=(
        _differing_hex_digits(sha256(AVALANCHE_PAIR[0]), sha256(AVALANCHE_PAIR[1])),
        differing_bits(sha256(AVALANCHE_EXAMPLE[0]), sha256(AVALANCHE_EXAMPLE[1])),
        128,
        256,
        1,
        "124 bits",
    ),
    why=(
        "Changing one character flips about half of the 256 bits: the avalanche effect "
        "(雪崩效应). The two fingerprints look unrelated.",
        "只改一个字符，256 位中约有一半翻转，这就是雪崩效应；两个指纹看起来毫无关系。",
    ),
)
def _avalanche_bits(answer: Any) -> Bilingual | None:
    given = whole_number(answer)
    if given is None:
        return NOT_A_NUMBER
    first, second = (sha256(message) for message in AVALANCHE_PAIR)
    if given == differing_bits(first, second):
        return None
    if given == _differing_hex_digits(first, second):
        return (
            "You counted hex digits. Each hex digit holds 4 bits, and two digits can differ "
            "in 1 to 4 of them: count the bits.",
            "你数的是十六进制数字。每个十六进制数字含 4 位，"
            "两个数字可能有 1 到 4 位不同：请数位数。",
        )
    if given == differing_bits(*(sha256(message) for message in AVALANCHE_EXAMPLE)):
        return (
            "That is the worked example (Bob, 100 and 101). Use the exercise's pair.",
            "这是示例中的那一对（Bob，100 和 101）。请用练习给出的那一对消息。",
        )
    if given == 128:
        return (
            "128 is what you expect on average. Count the bits that really differ.",
            "128 只是平均预期值。请数一数实际不同的位数。",
        )
    if given == 1:
        return (
            "One character differs in the messages, but compare the two hashes.",
            "两条消息只差一个字符，但题目要比较的是两个哈希。",
        )
    if not 0 <= given <= 256:
        return (
            "A SHA-256 hash has 256 bits, so the count is between 0 and 256.",
            "SHA-256 哈希共 256 位，所以答案在 0 到 256 之间。",
        )
    return (
        "XOR the two hashes as numbers (^) and count the 1 bits with .bit_count(); check that "
        "you hashed exactly the two messages given.",
        "把两个哈希当作整数做异或（^），"
        "再用 .bit_count() 数 1 的个数；并检查哈希的正是题目给的两条消息。",
    )


@exercise(
    "basics.hashing.3",
    reference=lambda: next(
        letter for letter, text in CONTRACTS.items() if sha256(text).hex() == CONTRACT_FINGERPRINT
    ),
    wrong_answers=("A", "C", "D", 2, None),
    why=(
        "Only copy B has exactly the archived fingerprint, even though A looks the same on "
        "screen: a hash sees every byte, including a trailing space.",
        "只有 B 的指纹与存档完全一致，尽管 A 在屏幕上看起来一样："
        "哈希会看到每一个字节，包括末尾的空格。",
    ),
)
def _which_contract(answer: Any) -> Bilingual | None:
    given = letter(answer)
    if given is None:
        return NOT_A_LETTER
    if sha256(CONTRACTS[given]).hex() == CONTRACT_FINGERPRINT:
        return None
    if given == "A":
        return (
            "A reads the same as the archived contract, but its fingerprint differs. Hash each "
            "copy and compare all 64 digits.",
            "A 读起来和存档合同一样，但它的指纹不同。请逐份计算哈希并比较全部 64 位数字。",
        )
    return (
        "Read C closely: one term was changed. Hash each copy and compare with the fingerprint.",
        "仔细读 C：有一项条款被改了。请逐份计算哈希并与指纹比较。",
    )


def _meets_prefix(nonce: int, prefix: str = NONCE_PREFIX) -> bool:
    return sha256(HASHING_MESSAGE + str(nonce).encode()).hex().startswith(prefix)


def _smallest_nonce(prefix: str = NONCE_PREFIX) -> int:
    nonce = 0
    while not _meets_prefix(nonce, prefix):
        nonce += 1
    return nonce


@exercise(
    "basics.hashing.4",
    reference=_smallest_nonce,
    wrong_answers=(_smallest_nonce("00"), 0, -1, str(_smallest_nonce()), 2.5, None),
    why=(
        "Any nonce whose hash starts with 000 proves you did the work: about 16**3 = 4,096 "
        "tries on average, and anyone checks it with a single hash.",
        "只要哈希以 000 开头的随机数都能证明你做了功：平均约需 16**3 = 4096 次尝试，"
        "而任何人只需算一次哈希就能验证。",
    ),
)
def _nonce_with_zeros(answer: Any) -> Bilingual | None:
    if isinstance(answer, str) and len(answer.strip()) == 64:
        return (
            "That looks like a hash. Give the nonce, the number you appended.",
            "这看起来是一个哈希。请给出随机数，也就是你附加在消息后面的那个数字。",
        )
    nonce = whole_number(answer)
    if nonce is None:
        return NOT_A_NUMBER
    if nonce < 0:
        return ("Nonces count up from 0.", "随机数从 0 开始往上数。")
    if _meets_prefix(nonce):
        return None
    if _meets_prefix(nonce, NONCE_PREFIX[:-1]):
        return (
            "Its hash starts with only two zeros; keep going until there are three.",
            "它的哈希只以两个 0 开头；继续尝试，直到出现三个 0。",
        )
    return (
        "With this nonce the hash does not start with 000. Append the nonce as text, "
        "message + str(nonce).encode(), and test .hex().startswith('000').",
        "用这个随机数，哈希并不以 000 开头。请把随机数作为文本附加："
        "message + str(nonce).encode()，并检查 .hex().startswith('000')。",
    )


# === 02 keys and signatures (密钥与数字签名) ============================================

ALICE_ORDERS = {
    "A": b"Pay Mallory 9,000 yuan. -- Alice",
    "B": b"Pay Bob 900 yuan. -- Alice",
    "C": b"Pay Carol 300 yuan. -- Alice",
}


def signed_orders() -> dict[str, tuple[bytes, str]]:
    """Three payment orders that claim to come from Alice: letter -> (message, signature hex).

    Only one is genuine: A was signed by Mallory, B was changed after Alice signed it.

    >>> sorted(signed_orders())
    ['A', 'B', 'C']
    """
    alice, mallory = KeyPair.from_seed("alice"), KeyPair.from_seed("mallory")
    return {
        "A": (ALICE_ORDERS["A"], mallory.sign(ALICE_ORDERS["A"]).hex()),
        "B": (ALICE_ORDERS["B"], alice.sign(b"Pay Bob 90 yuan. -- Alice").hex()),
        "C": (ALICE_ORDERS["C"], alice.sign(ALICE_ORDERS["C"]).hex()),
    }


def candidate_keys() -> dict[str, str]:
    """Three public keys (hex); exactly one owns Dave's account, `DAVE_ADDRESS`.

    >>> len(candidate_keys()["A"])
    66
    """
    return {
        letter: KeyPair.from_seed(seed).public_hex
        for letter, seed in (("A", "erin"), ("B", "frank"), ("C", "dave"))
    }


DAVE_ADDRESS = KeyPair.from_seed("dave").address


@exercise(
    "basics.keys.1",
    reference=lambda: sha256(KeyPair.from_seed("bob").public_key)[:20].hex(),
    wrong_answers=(
        sha256(KeyPair.from_seed("bob").public_key).hex(),
        sha256(KeyPair.from_seed("bob").public_key)[-20:].hex(),
        sha256(KeyPair.from_seed("bob").public_hex.encode())[:20].hex(),
        KeyPair.from_seed("bob").public_hex,
        KeyPair.from_seed("alice").address,
        sha256(KeyPair.from_seed("bob").public_key)[:20],
        42,
    ),
    why=(
        "An address (地址) is a short name for a public key: the first 20 bytes of its "
        "SHA-256, 40 hex digits. Anyone can derive it; only the private key can spend from it.",
        "地址是公钥的简称：公钥 SHA-256 的前 20 字节，即 40 个十六进制数字。"
        "任何人都能推导出它，但只有私钥才能从中转出。",
    ),
)
def _bobs_address(answer: Any) -> Bilingual | None:
    bob = KeyPair.from_seed("bob")
    if isinstance(answer, (bytes, bytearray)):
        return (
            "Give the address as hex text: add .hex().",
            "请把地址写成十六进制文本：加上 .hex()。",
        )
    given = hex_text(answer)
    if given is None:
        return NOT_HEX
    digest = sha256(bob.public_key).hex()
    if given == digest[:40]:
        return None
    if given == digest:
        return (
            "That is the whole SHA-256. An address keeps only the first 20 bytes (40 hex digits).",
            "这是完整的 SHA-256。地址只保留前 20 字节（40 个十六进制数字）。",
        )
    if given == digest[-40:]:
        return (
            "You kept the end of the hash; keep the beginning.",
            "你保留的是哈希的末尾；应当保留开头。",
        )
    if given == sha256(bob.public_hex.encode()).hex()[:40]:
        return (
            "You hashed the hex text of the key. Hash the key's bytes: bob.public_key.",
            "你哈希的是公钥的十六进制文本。请哈希公钥的字节：bob.public_key。",
        )
    if given == bob.public_hex:
        return (
            "That is Bob's public key itself; an address is derived from it by hashing.",
            "这是 Bob 的公钥本身；地址要对它做哈希才能得到。",
        )
    if given == KeyPair.from_seed("alice").address:
        return (
            "That is Alice's address; the exercise asks for Bob's.",
            "这是 Alice 的地址；题目问的是 Bob 的地址。",
        )
    return (
        'Not Bob\'s address. Make his keys with KeyPair.from_seed("bob"), hash the public key '
        "bytes with sha256 and keep the first 20 bytes.",
        '这不是 Bob 的地址。用 KeyPair.from_seed("bob") 生成他的密钥，对公钥字节做 sha256，'
        "保留前 20 字节。",
    )


def _genuine_order() -> str:
    alice = KeyPair.from_seed("alice")
    return next(
        letter
        for letter, (message, signature) in signed_orders().items()
        if alice.verify(message, bytes.fromhex(signature))
    )


@exercise(
    "basics.keys.2",
    reference=_genuine_order,
    wrong_answers=("A", "B", "all", 3, None),
    why=(
        "Only C verifies with Alice's public key. A carries a real signature, but Mallory's; "
        "B is Alice's signature over a different amount.",
        "只有 C 能用 Alice 的公钥验证通过。A 的签名是真的，"
        "但属于 Mallory；B 是 Alice 对另一个金额的签名。",
    ),
)
def _which_order(answer: Any) -> Bilingual | None:
    given = letter(answer)
    if given is None:
        return NOT_A_LETTER
    if given == _genuine_order():
        return None
    if given == "A":
        return (
            "A's signature is valid, but for whose key? Verify every order with Alice's public "
            "key, not with the key that made it.",
            "A 的签名是有效的，可它属于谁的密钥？请用 Alice 的公钥验证每一份指令，"
            "而不是用签名者的密钥。",
        )
    return (
        "B is signed by Alice, but is it signed over these exact bytes? Verify each message "
        "with its own signature.",
        "B 确实是 Alice 签的，但签的是这些字节吗？请用每条消息自己的签名来验证它。",
    )


@exercise(
    "basics.keys.3",
    reference=lambda: next(
        letter
        for letter, public_hex in candidate_keys().items()
        if address_of(bytes.fromhex(public_hex)) == DAVE_ADDRESS
    ),
    wrong_answers=("A", "B", DAVE_ADDRESS, None),
    why=(
        "Key C hashes to Dave's address, so only a signature by C's private key can spend "
        "from that account.",
        "只有公钥 C 的哈希等于 Dave 的地址，所以只有 C 对应私钥的签名才能从该账户转出。",
    ),
)
def _which_key(answer: Any) -> Bilingual | None:
    given = letter(answer)
    if given is None:
        return NOT_A_LETTER
    if address_of(bytes.fromhex(candidate_keys()[given])) == DAVE_ADDRESS:
        return None
    return (
        "That key's address is a different account. For each key: bytes.fromhex(...), then "
        "address_of(...), then compare with the account.",
        "这个公钥对应的是另一个账户。对每个公钥：先 bytes.fromhex(...)，"
        "再 address_of(...)，然后与账户比较。",
    )


# === 03 blocks and mining (区块与挖矿) ==================================================

# Bitcoin's genesis block (3 January 2009) and block 1, as `getblockheader <hash> false` prints.
GENESIS_HEADER_HEX = (
    "01000000"
    + "00" * 32
    + "3ba3edfd7a7b12b27ac72c3e67768f617fc81bc3888a51323a9fb8aa4b1e5e4a"
    + "29ab5f49"
    + "ffff001d"
    + "1dac2b7c"
)
BLOCK1_HEADER_HEX = (
    "01000000"
    + "6fe28c0ab6f1b372c1a6a246ae63f74f931e8365e15a089c68d6190000000000"
    + "982051fd1e4ba744bbbe680e1fee14677ba1a3c3540bf7b1cdb606e857233e0e"
    + "61bc6649"
    + "ffff001d"
    + "01e36299"
)
EXERCISE_BITS = 0x1B04864C
EXERCISE_ZERO_BITS = 20
CHAIN_HEIGHT, EDITED_BLOCK = 5, 2


@exercise(
    "basics.mining.1",
    reference=lambda: BlockHeader.from_hex(BLOCK1_HEADER_HEX).nonce,
    wrong_answers=(
        int(BLOCK1_HEADER_HEX[-8:], 16),
        BlockHeader.from_hex(BLOCK1_HEADER_HEX).timestamp,
        BlockHeader.from_hex(GENESIS_HEADER_HEX).nonce,
        BLOCK1_HEADER_HEX[-8:],
        None,
    ),
    why=(
        "The nonce is the last 4 of the 80 bytes, read little-endian (小端序): the lowest "
        "byte comes first.",
        "随机数是 80 字节中的最后 4 个字节，按小端序读取：最低位的字节在最前面。",
    ),
)
def _block1_nonce(answer: Any) -> Bilingual | None:
    if isinstance(answer, str):
        return (
            "That is hex text; give the nonce as a number.",
            "这是十六进制文本；请把随机数作为数字给出。",
        )
    given = whole_number(answer)
    if given is None:
        return NOT_A_NUMBER
    header = BlockHeader.from_hex(BLOCK1_HEADER_HEX)
    if given == header.nonce:
        return None
    if given == int(BLOCK1_HEADER_HEX[-8:], 16):
        return (
            "Right bytes, wrong order: header fields are little-endian, so reverse the bytes "
            "(or let BlockHeader.from_hex read them).",
            "字节对了，顺序反了：区块头字段是小端序，"
            "要把字节倒过来（或者用 BlockHeader.from_hex 读取）。",
        )
    if given == header.timestamp:
        return (
            "That is the timestamp field; the nonce is the last field.",
            "这是时间戳字段；随机数是最后一个字段。",
        )
    if given == BlockHeader.from_hex(GENESIS_HEADER_HEX).nonce:
        return (
            "That is the genesis block's nonce; parse block 1's header.",
            "这是创世区块的随机数；请解析第 1 号区块的区块头。",
        )
    return (
        "Parse block 1's header with BlockHeader.from_hex and read its .nonce.",
        "用 BlockHeader.from_hex 解析第 1 号区块的区块头，读取它的 .nonce。",
    )


def _target_by_hand() -> int:
    exponent, mantissa = EXERCISE_BITS >> 24, EXERCISE_BITS & 0xFFFFFF
    return mantissa * 256 ** (exponent - 3)


@exercise(
    "basics.mining.2",
    reference=_target_by_hand,
    wrong_answers=(
        (EXERCISE_BITS & 0xFFFFFF) << (EXERCISE_BITS >> 24),
        (EXERCISE_BITS & 0xFFFFFF) * 256 ** (EXERCISE_BITS >> 24),
        EXERCISE_BITS,
        bits_to_target(0x1D00FFFF),
        hex(bits_to_target(EXERCISE_BITS)),
        1.5,
    ),
    why=(
        "target = mantissa × 256^(exponent − 3): the first byte of bits says how many bytes "
        "long the target is, the other three are its leading digits.",
        "目标值 = 尾数 × 256^(指数 − 3)："
        "bits 的第一个字节说明目标值有多少字节，后三个字节是它开头的数字。",
    ),
)
def _target_from_bits(answer: Any) -> Bilingual | None:
    if isinstance(answer, str):
        return (
            "Give the target as a number (an int), not its hex text.",
            "请把目标值作为数字（int）给出，而不是它的十六进制文本。",
        )
    given = whole_number(answer)
    if given is None:
        return NOT_A_NUMBER
    exponent, mantissa = EXERCISE_BITS >> 24, EXERCISE_BITS & 0xFFFFFF
    if given == bits_to_target(EXERCISE_BITS):
        return None
    if given == mantissa << exponent:
        return (
            "The exponent counts bytes, not bits: each byte is a factor of 256.",
            "指数数的是字节而不是位：每个字节相当于乘以 256。",
        )
    if given == mantissa * 256**exponent:
        return (
            "Almost: the mantissa already fills 3 of those bytes, so subtract 3 from the exponent.",
            "差一点：尾数本身已经占了其中 3 个字节，所以指数要减去 3。",
        )
    if given == EXERCISE_BITS:
        return (
            "That is the compact form itself; expand it into the full target.",
            "这只是压缩形式本身；请把它展开成完整的目标值。",
        )
    if given == bits_to_target(0x1D00FFFF):
        return (
            "That is the genesis block's target; use the bits given in the exercise.",
            "这是创世区块的目标值；请使用练习给出的 bits。",
        )
    return (
        "Split bits into exponent (first byte) and mantissa (last three bytes), then use "
        "mantissa × 256 ** (exponent − 3).",
        "把 bits 拆成指数（第一个字节）和尾数（后三个字节），再算 尾数 × 256 ** (指数 − 3)。",
    )


@exercise(
    "basics.mining.3",
    reference=lambda: (2**256) // (zero_bits_to_target(EXERCISE_ZERO_BITS) + 1),
    wrong_answers=(
        16**EXERCISE_ZERO_BITS,
        2 ** (EXERCISE_ZERO_BITS - 1),
        EXERCISE_ZERO_BITS,
        2 ** (EXERCISE_ZERO_BITS + 1),
        1_000_000,
        "2**20",
    ),
    why=(
        "Each try succeeds with probability 1/2 per required zero bit, so 1/2**20 in all; on "
        "average that takes 2**20 = 1,048,576 tries.",
        "每要求一个零位，单次尝试成功的概率就减半，合计为 1/2**20；"
        "平均需要 2**20 = 1048576 次尝试。",
    ),
)
def _expected_hashes(answer: Any) -> Bilingual | None:
    if isinstance(answer, str):
        return (
            "Give the number itself, e.g. 2**5 without quotes, not text.",
            "请直接给出数字，例如不带引号的 2**5，而不是文本。",
        )
    given = whole_number(answer)
    if given is None:
        return NOT_A_NUMBER
    n = EXERCISE_ZERO_BITS
    if given == 2**n:
        return None
    if given == 16**n:
        return (
            "That counts hex digits: 16 choices per digit. The exercise asks for zero bits, "
            "which have 2 choices each.",
            "这是按十六进制数字算的：每个数字有 16 种可能。题目问的是零位，每一位只有 2 种可能。",
        )
    if given == 2 ** (n - 1):
        return (
            "That is when you have a 50% chance of being done halfway, not the average. "
            "Expected tries = 1 / probability of success.",
            "这不是平均值。期望尝试次数 = 1 / 单次成功的概率。",
        )
    if given == n:
        return (
            "Each extra zero bit doubles the work; the work grows much faster than n.",
            "每多要求一个零位，工作量就翻一倍；工作量的增长远快于 n。",
        )
    if given == 2 ** (n + 1):
        return (
            "One doubling too many: count the zero bits again.",
            "多翻了一倍：再数一数零位的个数。",
        )
    if given == 1_000_000:
        return (
            "Close in size, but give the exact power of two.",
            "数量级对了，但请给出精确的 2 的幂。",
        )
    return (
        "What is the chance that one random bit is 0? And that n bits all are? Expected tries "
        "= 1 / that chance.",
        "一个随机位为 0 的概率是多少？n 位全为 0 的概率呢？期望尝试次数 = 1 / 该概率。",
    )


def _remined_blocks() -> int:
    chain = Blockchain(difficulty_bits=8)
    for _ in range(CHAIN_HEIGHT):
        chain.mine_block([], miner=KeyPair.from_seed("miner").address)
    return chain.remine_from(EDITED_BLOCK)


@exercise(
    "basics.mining.4",
    reference=_remined_blocks,
    wrong_answers=(1, CHAIN_HEIGHT - EDITED_BLOCK, CHAIN_HEIGHT, CHAIN_HEIGHT + 1, 0, None),
    why=(
        "The edited block and every block after it must be re-mined: blocks 2, 3, 4 and 5. "
        "The older a block, the more work it takes to rewrite it.",
        "被修改的区块以及它之后的每个区块都要重新挖："
        "第 2、3、4、5 号区块。区块越旧，改写它的代价越大。",
    ),
)
def _remine_count(answer: Any) -> Bilingual | None:
    given = whole_number(answer)
    if given is None:
        return NOT_A_NUMBER
    if given == CHAIN_HEIGHT - EDITED_BLOCK + 1:
        return None
    if given in (0, 1):
        return (
            "Re-mining the edited block changes its hash, and the next block stores that hash. "
            "What happens to the blocks after it?",
            "重新挖出被修改的区块会改变它的哈希，而下一个区块记录着这个哈希。之后的区块会怎样？",
        )
    if given == CHAIN_HEIGHT - EDITED_BLOCK:
        return ("Count the edited block itself too.", "被修改的那个区块本身也要算上。")
    if given in (CHAIN_HEIGHT, CHAIN_HEIGHT + 1):
        return (
            "Blocks before the edited one are untouched: their hashes do not change.",
            "被修改区块之前的区块不受影响：它们的哈希不会变。",
        )
    return (
        "Count the blocks from the edited one up to the tip, both included; remine_from "
        "returns this number.",
        "从被修改的区块数到链尾（两端都算）；remine_from 返回的就是这个数。",
    )


# === 04 Merkle trees and transactions (默克尔树与交易) ==================================

# Three transaction ids as a block explorer shows them (display order).
MERKLE_TXIDS = tuple(
    display_hex(double_sha256(f"invoice {number} paid".encode())) for number in (1, 2, 3)
)
PROOF_LEAVES = 1000


def _internal(txids: tuple[str, ...]) -> list[bytes]:
    return [bytes.fromhex(txid)[::-1] for txid in txids]


def _root_without_duplicating(leaves: list[bytes]) -> bytes:
    """A common mistake: carry an odd last hash up unchanged instead of pairing it."""
    while len(leaves) > 1:
        paired = [double_sha256(leaves[i] + leaves[i + 1]) for i in range(0, len(leaves) - 1, 2)]
        leaves = paired + ([leaves[-1]] if len(leaves) % 2 else [])
    return leaves[0]


def _root_single_sha(leaves: list[bytes]) -> bytes:
    """A common mistake: one SHA-256 per pair instead of two."""
    while len(leaves) > 1:
        if len(leaves) % 2:
            leaves = leaves + [leaves[-1]]
        leaves = [sha256(leaves[i] + leaves[i + 1]) for i in range(0, len(leaves), 2)]
    return leaves[0]


def _merkle_mistakes() -> dict[str, Bilingual]:
    as_given = [bytes.fromhex(txid) for txid in MERKLE_TXIDS]
    internal = _internal(MERKLE_TXIDS)
    reverse_both: Bilingual = (
        "Byte order: the txids are in display order. Reverse each into internal order "
        "before hashing, and reverse the root back for display.",
        "字节顺序：这些交易 ID 是显示顺序。"
        "哈希前要把每个都反转成内部顺序，得到的根再反转回来显示。",
    )
    return {
        display_hex(merkle_root(as_given)): (
            "You forgot to reverse the txids into internal byte order first (from_display_hex).",
            "你忘了先把交易 ID 反转成内部字节顺序（from_display_hex）。",
        ),
        merkle_root(internal).hex(): (
            "The root is in internal byte order; show it reversed, as explorers do (display_hex).",
            "这个根是内部字节顺序；请像区块浏览器那样反转后显示（display_hex）。",
        ),
        merkle_root(as_given).hex(): reverse_both,
        display_hex(_root_without_duplicating(internal)): (
            "With three hashes the level is odd: Bitcoin pairs the last hash with itself "
            "instead of carrying it up alone.",
            "三个哈希是奇数个：比特币把最后一个哈希与它自己配对，而不是让它单独升到上一层。",
        ),
        display_hex(_root_single_sha(internal)): (
            "Bitcoin hashes each pair twice (double SHA-256), not once.",
            "比特币对每一对哈希做两次 SHA-256（双重 SHA-256），而不是一次。",
        ),
    }


@exercise(
    "basics.merkle.1",
    reference=lambda: display_hex(merkle_root(_internal(MERKLE_TXIDS))),
    wrong_answers=(*_merkle_mistakes(), MERKLE_TXIDS[0], merkle_root(_internal(MERKLE_TXIDS))),
    why=(
        "Reverse the txids into internal order, pair them (the odd third pairs with itself), "
        "hash each pair with double SHA-256, and show the root reversed.",
        "把交易 ID 反转成内部顺序，两两配对（落单的第三个与自己配对），"
        "每对做双重 SHA-256，最后把根反转显示。",
    ),
)
def _root_of_three(answer: Any) -> Bilingual | None:
    if isinstance(answer, (bytes, bytearray)):
        return (
            "Give the root as hex text, the way an explorer shows it.",
            "请把根写成十六进制文本，即区块浏览器显示的形式。",
        )
    given = hex_text(answer)
    if given is None:
        return NOT_HEX
    if given == display_hex(merkle_root(_internal(MERKLE_TXIDS))):
        return None
    if given in MERKLE_TXIDS:
        return (
            "That is one of the txids; the root combines all three.",
            "这是其中一个交易 ID；默克尔根要把三个都组合起来。",
        )
    mistakes = _merkle_mistakes()
    if given in mistakes:
        return mistakes[given]
    return (
        "Not the root. Convert each txid with from_display_hex, call merkle_root, and show "
        "the result with display_hex.",
        "不是这个根。用 from_display_hex 转换每个交易 ID，"
        "调用 merkle_root，再用 display_hex 显示结果。",
    )


def _proof_length() -> int:
    leaves = [sha256(str(number).encode()) for number in range(PROOF_LEAVES)]
    return len(merkle_proof(leaves, 0))


@exercise(
    "basics.merkle.2",
    reference=_proof_length,
    wrong_answers=(PROOF_LEAVES, PROOF_LEAVES - 1, 9, 11, PROOF_LEAVES // 2, "10 hashes"),
    why=(
        "Each level halves the hashes, so 1,000 leaves need ceil(log2(1000)) = 10 sibling "
        "hashes: 320 bytes instead of the whole block.",
        "每上一层哈希数减半，所以 1000 个叶子只需 ceil(log2(1000)) = 10 个兄弟哈希："
        "320 字节，而不是整个区块。",
    ),
)
def _proof_size(answer: Any) -> Bilingual | None:
    if isinstance(answer, str):
        return NOT_A_NUMBER
    given = whole_number(answer)
    if given is None:
        return NOT_A_NUMBER
    levels = math.ceil(math.log2(PROOF_LEAVES))
    if given == levels:
        return None
    if given >= PROOF_LEAVES // 2:
        return (
            "That is about the size of the whole block. A proof only needs one sibling per "
            "level of the tree.",
            "这差不多是整个区块的大小了。证明只需要树的每一层一个兄弟哈希。",
        )
    if given == levels - 1:
        return (
            "2 to that power is less than 1,000: round the logarithm up, not down.",
            "2 的这个次方小于 1000：对数要向上取整，而不是向下。",
        )
    if given == levels + 1:
        return (
            "You counted the levels including the root. The root is known; count the steps "
            "from leaf to root.",
            "你把包括根在内的层数都算上了。根是已知的；请数从叶子到根的步数。",
        )
    return (
        "How many times can you halve 1,000 (rounding up) before one hash is left?",
        "把 1000 反复减半（向上取整），要多少次才剩下一个哈希？",
    )


# Alice mines block 1 (50 coins), then pays 30 to two people. The notebook tells the story.
PAYMENT = 30


def _alice_with_coins() -> tuple[KeyPair, Blockchain]:
    alice = KeyPair.from_seed("alice")
    chain = Blockchain(difficulty_bits=8)
    chain.mine_block([], miner=alice.address)
    return alice, chain


def _refused_when_carol_goes_first() -> str:
    alice, chain = _alice_with_coins()
    state = chain.ledger
    refused = []
    # A block's transactions are applied in the order the miner lists them.
    for name in ("carol", "bob"):
        payment = Transaction.create(alice, KeyPair.from_seed(name).address, PAYMENT, nonce=0)
        try:
            state.apply(payment)
        except LedgerError:
            refused.append(name)
    return refused[0]


@exercise(
    "basics.merkle.3",
    reference=_refused_when_carol_goes_first,
    wrong_answers=("carol", "both", "alice", "neither", None),
    why=(
        "Transactions are applied in block order: Carol's payment uses nonce 0 first, so "
        "Bob's, which carries the same nonce, is the double spend and is refused.",
        "交易按区块中的顺序执行：Carol 的付款先用掉了序号 0，"
        "因此带着同一序号的 Bob 的付款就是双花，被拒绝。",
    ),
)
def _refused_payment(answer: Any) -> Bilingual | None:
    given = word(answer)
    if not given:
        return ('Give a name in quotes, e.g. "Dave".', '请给出带引号的名字，例如 "Dave"。')
    if given in (_refused_when_carol_goes_first(), KeyPair.from_seed("bob").address):
        return None
    if given == "carol":
        return (
            "Carol's payment now comes first. Which payment finds nonce 0 already used?",
            "现在 Carol 的付款排在前面。哪一笔付款会发现序号 0 已经被用掉了？",
        )
    if given in ("both", "all"):
        return (
            "The first payment is perfectly valid; only the one that reuses its nonce is a "
            "double spend.",
            "第一笔付款完全有效；只有重复使用序号的那一笔才是双花。",
        )
    if given == "alice":
        return (
            "Alice sends both; the question asks whose payment (which recipient's).",
            "两笔都是 Alice 发出的；题目问的是哪位收款人的那一笔。",
        )
    return (
        "Swap the order in the cell above: [to_carol, to_bob], and read the error message.",
        "在上面的单元格里交换顺序：[to_carol, to_bob]，然后阅读错误信息。",
    )


def _error_with_fresh_nonce() -> str:
    alice, chain = _alice_with_coins()
    bob, carol = KeyPair.from_seed("bob"), KeyPair.from_seed("carol")
    chain.mine_block(
        [Transaction.create(alice, bob.address, PAYMENT, nonce=0)],
        miner=KeyPair.from_seed("miner").address,
    )
    try:
        chain.ledger.check(Transaction.create(alice, carol.address, PAYMENT, nonce=1))
    except LedgerError as refusal:
        return type(refusal).__name__
    return ""


@exercise(
    "basics.merkle.4",
    reference=_error_with_fresh_nonce,
    wrong_answers=("ReplayError", "BadSignature", "InvalidBlock", "LedgerError", None),
    why=(
        "With the right nonce the payment is no replay, but Alice has only 20 left: "
        "InsufficientFunds. A fresh nonce cannot create money.",
        "序号正确时它不是重放，但 Alice 只剩 20："
        "余额不足（InsufficientFunds）。新的序号变不出钱来。",
    ),
)
def _error_class(answer: Any) -> Bilingual | None:
    given = word(answer)
    if not given:
        return (
            'Give the class name in quotes, e.g. "MiningError".',
            '请给出带引号的类名，例如 "MiningError"。',
        )
    if given == _error_with_fresh_nonce().lower():
        return None
    if given == "replayerror":
        return (
            "Nonce 1 is exactly what the ledger expects now, so it is no replay. Check the "
            "other rules: what does Alice still have?",
            "序号 1 正是账本现在期待的，所以不是重放。检查其他规则：Alice 还剩多少？",
        )
    if given == "badsignature":
        return (
            "Alice signed it with her own key, so the signature is fine.",
            "这笔交易由 Alice 用自己的私钥签名，签名没有问题。",
        )
    if given in ("ledgererror", "invalidtransaction"):
        return (
            "That is a parent class; name the exact class: type(err).__name__.",
            "这是父类；请给出确切的类名：type(err).__name__。",
        )
    return (
        "Run the payment inside try/except LedgerError and print type(err).__name__.",
        "把这笔付款放进 try/except LedgerError 中运行，并打印 type(err).__name__。",
    )


BALANCE_PAYMENTS = (("bob", 20), ("carol", 5))


def _bobs_balance() -> int:
    alice, chain = _alice_with_coins()
    bob = KeyPair.from_seed("bob")
    payments = [
        Transaction.create(alice, KeyPair.from_seed(name).address, amount, nonce=nonce)
        for nonce, (name, amount) in enumerate(BALANCE_PAYMENTS)
    ]
    chain.mine_block(payments, miner=bob.address)
    return chain.ledger.balance(bob.address)


@exercise(
    "basics.merkle.5",
    reference=_bobs_balance,
    wrong_answers=(20, 50, 25, 5, 0, "70 coins"),
    why=(
        "Bob mined block 2, so its coinbase pays him the teaching chain's fixed 50-coin "
        "reward, plus Alice's 20.",
        "区块 2 是 Bob 挖出的，所以其中的 coinbase 付给他教学链固定的 50 个币奖励，"
        "再加上 Alice 付的 20。",
    ),
)
def _balance_after_block(answer: Any) -> Bilingual | None:
    if isinstance(answer, str):
        return NOT_A_NUMBER
    given = whole_number(answer)
    if given is None:
        return NOT_A_NUMBER
    if given == _bobs_balance():
        return None
    if given == 20:
        return (
            "Bob also mined the block: who receives its coinbase?",
            "这个区块是 Bob 挖出的：它的 coinbase 付给谁？",
        )
    if given == 50:
        return (
            "That is only the mining reward; Alice paid him too.",
            "这只是挖矿奖励；Alice 还给他付了钱。",
        )
    if given == 25:
        return (
            "That is what Alice has left; the question asks about Bob.",
            "这是 Alice 剩下的钱；题目问的是 Bob。",
        )
    if given == 5:
        return (
            "That is Carol's balance; the question asks about Bob.",
            "这是 Carol 的余额；题目问的是 Bob。",
        )
    return (
        "Add up everything paid to Bob's address in both blocks; chain.ledger.balance(...) "
        "tells you.",
        "把两个区块中付给 Bob 地址的钱全部加起来；chain.ledger.balance(...) 可以告诉你。",
    )


# --- the UTXO model: how Bitcoin stops a double spend (UTXO 模型) ----------------------

def _utxo_second_spend_error() -> str:
    """Alice's 50-coin coinbase output pays Bob; then she signs the same output to Carol."""
    alice, bob, carol = (KeyPair.from_seed(name) for name in ("alice", "bob", "carol"))
    book = UtxoLedger()
    mint = UtxoTransaction.coinbase(alice.address, 50, height=0)
    book.apply_block([mint], subsidy=50)
    coin = OutPoint(mint.txid(), 0)
    book.apply(UtxoTransaction.create(alice, [coin], [(bob.address, 30), (alice.address, 20)]))
    try:
        book.apply(UtxoTransaction.create(alice, [coin], [(carol.address, 30),
                                                         (alice.address, 20)]))
    except LedgerError as refusal:
        return type(refusal).__name__
    return ""


@exercise(
    "basics.utxo.1",
    reference=_utxo_second_spend_error,
    wrong_answers=("ReplayError", "InsufficientFunds", "BadSignature", "UnknownOutput",
                   "InvalidTransaction", None),
    why=(
        "DoubleSpend: the output was taken out of the UTXO set when Bob was paid, so the "
        "second transaction has nothing left to spend. Bitcoin needs no account nonce for this.",
        "DoubleSpend（双花）：付给 Bob 时这个输出已从 UTXO 集合中移除，第二笔交易已无可花之物。"
        "比特币做到这一点不需要账户序号。",
    ),
)
def _utxo_error_class(answer: Any) -> Bilingual | None:
    given = word(answer)
    if not given:
        return (
            'Give the class name in quotes, e.g. "MiningError".',
            '请给出带引号的类名，例如 "MiningError"。',
        )
    if given == _utxo_second_spend_error().lower():
        return None
    if given == "replayerror":
        return (
            "A UTXO transaction carries no nonce at all. What happened to the output Alice "
            "spends, when Bob was paid?",
            "UTXO 交易根本不带序号。付款给 Bob 时，Alice 花掉的那个输出怎么样了？",
        )
    if given == "insufficientfunds":
        return (
            "The outputs (50) do not exceed the input (50). The problem is the input itself.",
            "输出合计（50）并未超过输入（50）。问题出在输入本身。",
        )
    if given == "badsignature":
        return (
            "Alice owns the output and signed with her own key, so the signature is fine.",
            "这个输出属于 Alice，她用自己的私钥签名，签名没有问题。",
        )
    if given == "unknownoutput":
        return (
            "The output did exist: Alice's coinbase created it. It is no longer unspent.",
            "这个输出确实存在过：Alice 的 coinbase 创建了它。只是它已不再是未花费的。",
        )
    if given in ("ledgererror", "invalidtransaction"):
        return (
            "That is a parent class; name the exact class: type(err).__name__.",
            "这是父类；请给出确切的类名：type(err).__name__。",
        )
    return (
        "Run the second payment inside try/except LedgerError and print "
        "type(err).__name__.",
        "把第二笔付款放进 try/except LedgerError 中运行，并打印 type(err).__name__。",
    )


HALVING_HEIGHT = 840_000  # the fourth halving, 20 April 2024


@exercise(
    "basics.utxo.2",
    reference=lambda: block_subsidy(HALVING_HEIGHT) / SATOSHIS_PER_BTC,
    wrong_answers=(50, 6.25, 1.5625, block_subsidy(HALVING_HEIGHT), "3.125", None),
    why=(
        "840,000 // 210,000 = 4 halvings: 50 → 25 → 12.5 → 6.25 → 3.125 BTC, the subsidy "
        "since April 2024. The miner also collects the block's fees.",
        "840,000 // 210,000 = 4 次减半：50 → 25 → 12.5 → 6.25 → 3.125 BTC，"
        "这是 2024 年 4 月以来的区块补贴。矿工另外还收取区块内交易的手续费。",
    ),
)
def _subsidy_at_840000(answer: Any) -> Bilingual | None:
    if isinstance(answer, (bool, str)) or not isinstance(answer, (int, float)):
        return (
            "Give a number of bitcoins, e.g. 12.5 (not text).",
            "请给出比特币数量，例如 12.5（不要写成文本）。",
        )
    if answer == block_subsidy(HALVING_HEIGHT) / SATOSHIS_PER_BTC:
        return None
    if answer == block_subsidy(HALVING_HEIGHT):
        return (
            "That is in satoshis; divide by 100,000,000 to get bitcoins.",
            "这是以聪为单位的数；除以 100,000,000 得到比特币。",
        )
    if answer == 50:
        return (
            "50 BTC was the subsidy of the first 210,000 blocks only; it halves every "
            "210,000 blocks.",
            "50 BTC 只是最初 210,000 个区块的补贴；此后每 210,000 个区块减半一次。",
        )
    if answer in (6.25, 12.5, 25):
        return (
            "Count the halvings: 840,000 // 210,000.",
            "数一数减半次数：840,000 // 210,000。",
        )
    return (
        "Halve 50 once per 210,000 blocks: block_subsidy(840_000) / 100_000_000.",
        "每 210,000 个区块把 50 减半一次：block_subsidy(840_000) / 100_000_000。",
    )
