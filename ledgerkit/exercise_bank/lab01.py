"""Exercises of lab 01, "Build a chain" (labs/lab01-build-a-chain), on notebooks 01–04 of the
basics chapter: sign an order, mine a block, build a five-block chain, find a partner's
tampering, watch a double spend fail and prove one payment with a Merkle proof.

The lab's data (the order, the header to mine, the plan of the chain) lives here, so the
notebook, the reference solutions and the lecturer's guide all talk about the same bytes.
`partner_tampers` is the "partner" of Part 4; `build_chain` is the lecturer's chain, for a
student who needs to catch up.

>>> from ledgerkit.exercises import check
>>> bool(check("lab01.tamper.2", 3)), bool(check("lab01.tamper.2", 2))
(True, False)
"""

from __future__ import annotations

import dataclasses
import functools
from typing import Any

from ledgerkit.block import Block, BlockHeader, bits_for_zero_bits, mine
from ledgerkit.chain import Blockchain
from ledgerkit.crypto import KeyPair, display_hex, double_sha256, sha256
from ledgerkit.errors import InputError, LedgerError
from ledgerkit.exercise_bank._answers import (
    BYTES_NOT_HEX,
    NOT_A_NUMBER,
    NOT_HEX,
    hex_text,
    whole_number,
    word,
)
from ledgerkit.exercises import Bilingual, exercise
from ledgerkit.i18n import register_strings
from ledgerkit.ledger import Transaction
from ledgerkit.merkle import merkle_proof, merkle_root

register_strings({
    "lab01.no_such_block": (
        "The partner wants to change block {index}, but this chain's last block is {height}. "
        "Mine the blocks of Part 3 first.",
        "同伴想修改第 {index} 号区块，但这条链的最后一个区块是第 {height} 号。"
        "请先挖出第 3 部分的区块。",
    ),
})

# --- the lab's data -----------------------------------------------------------------------

ORDER = b"Pay Bob 120 yuan for 3 kg of Longjing tea. -- Alice"
# Part 2 mines a header that builds on Bitcoin's genesis block; the order's fingerprint stands
# in for the Merkle root of real transactions.
BITCOIN_GENESIS_HASH = "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f"
MINING_TIME = 1735690200  # 1 January 2025, 00:10 UTC
MINING_ZERO_BITS = 22  # a few seconds on a laptop
PREDICTED_ZERO_BITS = 24
CHAIN_DIFFICULTY = 16
# The chain of Part 3: for blocks 1 to 5, the miner and the payments
# (payer, payee, amount, payer's nonce).
CHAIN_PLAN = (
    ("alice", ()),
    ("bob", (("alice", "bob", 20, 0),)),
    ("carol", (("alice", "carol", 10, 1), ("bob", "carol", 5, 0))),
    ("alice", (("carol", "dave", 12, 0),)),
    ("dave", (("alice", "dave", 30, 2),)),
)
TAMPERED_BLOCK = 3
# Part 5: Dave signs two payments of this amount with the same nonce.
DOUBLE_SPEND = (("erin", 60), ("frank", 60))
PROVED_PAYMENT = 2  # Part 6 proves the third transaction of block 3: Bob pays Carol
# The nonces mine(mining_header(bits)) finds, by difficulty in zero bits. They are written out
# so that importing the exercise bank never mines; tests/unit/test_lab01_guide.py re-mines
# them.
FIRST_NONCES = {16: 13715, 20: 830361, 22: 1621581}


def key(name: str) -> KeyPair:
    """The lab's key for a person, the same for the whole class.

    >>> key("alice").address == KeyPair.from_seed("alice").address
    True
    """
    return KeyPair.from_seed(name)


def mining_header(zero_bits: int = MINING_ZERO_BITS) -> BlockHeader:
    """The header of Part 2 at `zero_bits` of difficulty, nonce 0.

    >>> mining_header(8).meets_target()
    False
    """
    return BlockHeader(1, BITCOIN_GENESIS_HASH, sha256(ORDER), MINING_TIME,
                       bits_for_zero_bits(zero_bits), 0)


def build_chain() -> Blockchain:
    """The chain of Part 3, mined block by block as CHAIN_PLAN says (a fresh object).

    >>> build_chain().height
    5
    """
    chain = Blockchain(difficulty_bits=CHAIN_DIFFICULTY)
    for miner, payments in CHAIN_PLAN:
        transactions = [Transaction.create(key(payer), key(payee).address, amount, nonce)
                        for payer, payee, amount, nonce in payments]
        chain.mine_block(transactions, miner=key(miner).address)
    return chain


def partner_tampers(chain: Blockchain, index: int = TAMPERED_BLOCK) -> None:
    """The partner of Part 4: in block `index`, add a zero to the amount of the last
    transaction, mend the Merkle root so the block looks tidy, and put the block back —
    without mining it again and without the payer's private key.

    >>> copy = build_chain(); partner_tampers(copy); copy.find_tampering().index
    3
    """
    if not isinstance(index, int) or not 1 <= index <= chain.height:
        raise InputError("lab01.no_such_block", index=index, height=chain.height)
    block = chain.blocks[index]
    *kept, last = block.transactions
    changed = (*kept, dataclasses.replace(last, amount=last.amount * 10))
    root = merkle_root([tx.txid() for tx in changed])
    chain.tamper(index, Block(block.header.replace(merkle_root=root), changed))


@functools.cache
def _reference_chain() -> Blockchain:
    return build_chain()


def _chain() -> Blockchain:
    """A copy of the reference chain, safe to change."""
    return _reference_chain().copy()


# --- small helpers for judging -----------------------------------------------------------










# === Part 1 · sign a payment order ========================================================


@exercise(
    "lab01.sign.1",
    reference=lambda: sha256(ORDER).hex(),
    wrong_answers=(
        double_sha256(ORDER).hex(),
        display_hex(sha256(ORDER)),
        sha256(ORDER + b"\n").hex(),
        sha256(ORDER.replace(b" -- Alice", b"")).hex(),
        sha256(ORDER),
        None,
    ),
    why=(
        "The fingerprint (指纹) of the order: SHA-256 of its exact bytes, 64 hex digits. "
        "Change one byte and it changes completely.",
        "这是付款指令的指纹：对其原样字节做 SHA-256，得到 64 个十六进制数字。改动一个字节，"
        "指纹就完全不同。",
    ),
)
def _order_fingerprint(answer: Any) -> Bilingual | None:
    if isinstance(answer, (bytes, bytearray)):
        return BYTES_NOT_HEX
    given = hex_text(answer)
    if given is None:
        return NOT_HEX
    if given == sha256(ORDER).hex():
        return None
    if len(given) != 64:
        return (
            f"A SHA-256 hash has 64 hex digits; yours has {len(given)}. Copy all of it.",
            f"SHA-256 哈希有 64 个十六进制数字；你的答案有 {len(given)} 个。请完整复制。",
        )
    if given == double_sha256(ORDER).hex():
        return (
            "That is SHA-256 applied twice; the task asks for one SHA-256.",
            "这是做了两次 SHA-256 的结果；任务只要求做一次。",
        )
    if given == display_hex(sha256(ORDER)):
        return (
            "The bytes are reversed: a plain hash is just .hex(), no display order.",
            "字节顺序反了：普通哈希直接用 .hex()，不需要显示顺序。",
        )
    return (
        "Not the fingerprint of ORDER. Hash the variable ORDER itself: every character "
        "counts, including the signature line and no newline at the end.",
        "这不是 ORDER 的指纹。请直接对变量 ORDER 做哈希：每个字符都算数，包括署名，"
        "末尾也不能有换行。",
    )


def _signature_of(answer: Any) -> bytes | None:
    """The signature bytes of a hex answer, or None if it is not hex text."""
    given = hex_text(answer)
    if given is None:
        return None
    try:
        return bytes.fromhex(given)
    except ValueError:
        return None


@exercise(
    "lab01.sign.2",
    reference=lambda: key("alice").sign(ORDER).hex(),
    wrong_answers=(
        key("bob").sign(ORDER).hex(),
        key("alice").sign(sha256(ORDER)).hex(),
        key("alice").sign(ORDER + b"\n").hex(),
        key("alice").sign(ORDER),
        sha256(ORDER).hex(),
        "not hex",
    ),
    why=(
        "Only Alice's private key makes a signature that verifies with her public key over "
        "exactly these bytes: proof of who ordered the payment, and that nobody changed it.",
        "只有 Alice 的私钥才能生成、能用她的公钥对这些字节验证通过的签名："
        "它证明了是谁下的付款指令，也证明没有人改过它。",
    ),
)
def _order_signature(answer: Any) -> Bilingual | None:
    if isinstance(answer, (bytes, bytearray)):
        return BYTES_NOT_HEX
    signature = _signature_of(answer)
    if signature is None:
        return (
            "Give the signature as hex text: alice.sign(...) gives bytes, and .hex() turns "
            "them into text.",
            "请把签名写成十六进制文本：alice.sign(...) 得到 bytes，再用 .hex() 转成文本。",
        )
    if key("alice").verify(ORDER, signature):
        return None
    if len(signature) != 64:
        return (
            f"A signature is 64 bytes (128 hex digits); yours has {len(signature)} bytes. "
            "Is it a hash instead of a signature?",
            f"签名是 64 字节（128 个十六进制数字）；你的答案有 {len(signature)} 字节。"
            "它是不是哈希而不是签名？",
        )
    if any(key(name).verify(ORDER, signature) for name in ("bob", "carol", "dave")):
        return (
            "Signed over the right order, but with someone else's key. The order comes "
            "from Alice.",
            "签名的指令是对的，但用的是别人的私钥。这条指令来自 Alice。",
        )
    return (
        "The signature does not fit ORDER. Sign the bytes of ORDER themselves (not their "
        "hash, no extra newline) with alice.sign(...).",
        "这个签名与 ORDER 不匹配。请用 alice.sign(...) 对 ORDER 本身的字节签名"
        "（不是对它的哈希，也不要多加换行）。",
    )


# === Part 2 · mine a block ================================================================


@functools.cache
def first_nonce(zero_bits: int) -> int:
    """The first nonce that solves the header of Part 2 at `zero_bits` (it mines: slow).

    >>> first_nonce(8) < 2**16
    True
    """
    solved = mine(mining_header(zero_bits))
    if solved is None:  # cannot happen for these teaching difficulties; keeps types honest
        raise LedgerError("err.mining_gave_up", max_nonce=2**32)
    return solved.nonce


@exercise(
    "lab01.mine.1",
    reference=lambda: first_nonce(MINING_ZERO_BITS),
    wrong_answers=(
        FIRST_NONCES[MINING_ZERO_BITS] + 1,
        FIRST_NONCES[20],
        FIRST_NONCES[16],
        hex(FIRST_NONCES[MINING_ZERO_BITS]),
        -1,
        None,
    ),
    why=(
        "That nonce gives a hash with at least 22 leading zero bits: anyone can check it with "
        "one hash, but finding it took on the order of millions of tries.",
        "这个随机数使哈希至少有 22 个前导零位：任何人只需算一次哈希就能验证，"
        "但找到它要尝试数以百万计的次数。",
    ),
)
def _nonce_at_22_bits(answer: Any) -> Bilingual | None:
    if isinstance(answer, str):
        return (
            "That is text; give the nonce as a number: solved.nonce.",
            "这是文本；请把随机数作为数字给出：solved.nonce。",
        )
    given = whole_number(answer)
    if given is None:
        return NOT_A_NUMBER
    if not 0 <= given < 2**32:
        return (
            "A nonce is a whole number from 0 to 2**32 − 1 (4 bytes of the header).",
            "随机数是 0 到 2**32 − 1 之间的整数（区块头中的 4 个字节）。",
        )
    if mining_header().with_nonce(given).meets_target():
        return None
    if given - 1 >= 0 and mining_header().with_nonce(given - 1).meets_target():
        return (
            "That is the number of tries; the nonces started at 0, so the nonce is one less.",
            "这是尝试的次数；随机数从 0 开始，所以随机数要少 1。",
        )
    if given in (FIRST_NONCES[20], FIRST_NONCES[16]):
        return (
            "That nonce solves an easier difficulty. Mine the header at 22 zero bits.",
            "这个随机数对应的是更低的难度。请在 22 个零位的难度下挖矿。",
        )
    return (
        "With that nonce the header's hash does not have 22 leading zero bits. Mine "
        "the header given in Part 2 at 22 bits and give solved.nonce.",
        "用这个随机数，区块头的哈希没有 22 个前导零位。请对第 2 部分给出的区块头在 22 位难度下"
        "挖矿，并给出 solved.nonce。",
    )


@exercise(
    "lab01.mine.2",
    reference=lambda: 2**PREDICTED_ZERO_BITS,
    wrong_answers=(PREDICTED_ZERO_BITS, 2**MINING_ZERO_BITS, 2 ** (PREDICTED_ZERO_BITS - 1),
                   16**PREDICTED_ZERO_BITS, "2**24"),
    why=(
        "Each zero bit halves the chance of success, so 24 bits need 2**24 = 16,777,216 "
        "tries on average: four times the work of 22 bits.",
        "每多一个零位，成功的概率减半，所以 24 位平均需要 2**24 = 16,777,216 次尝试："
        "是 22 位工作量的四倍。",
    ),
)
def _expected_tries(answer: Any) -> Bilingual | None:
    if isinstance(answer, str):
        return (
            "Give the number itself, not text: Python computes 2 ** n for you.",
            "请给出数字本身而不是文本：Python 会替你计算 2 ** n。",
        )
    given = whole_number(answer)
    if given is None:
        return NOT_A_NUMBER
    if given == 2**PREDICTED_ZERO_BITS:
        return None
    if given == 2**MINING_ZERO_BITS:
        return (
            "That is the average for 22 bits. Two more bits: how does the work change?",
            "这是 22 位的平均值。再多两位：工作量如何变化？",
        )
    if given == 16**PREDICTED_ZERO_BITS:
        return (
            "That counts hex digits, 4 bits each. The difficulty counts bits.",
            "这是按十六进制数字（每个 4 位）计算的。难度数的是位。",
        )
    if given == PREDICTED_ZERO_BITS:
        return (
            "Each extra zero bit doubles the work; the tries grow much faster than the bits.",
            "每多一个零位，工作量翻一倍；尝试次数的增长远快于位数。",
        )
    return (
        "One bit is 0 with a chance of 1/2; n bits all are with a chance of (1/2)**n. "
        "Expected tries = 1 / that chance.",
        "一个位为 0 的概率是 1/2；n 个位全为 0 的概率是 (1/2)**n。期望尝试次数 = 1 / 该概率。",
    )


# === Part 3 · build a five-block chain ====================================================


def _balance(name: str) -> int:
    return _reference_chain().ledger.balance(key(name).address)


@exercise(
    "lab01.chain.1",
    reference=lambda: _balance("carol"),
    wrong_answers=(10 + 5 - 12, 10 + 5, 50 + 10 + 5, 50, "53 coins"),
    why=(
        "Carol earned the 50-coin reward for mining block 3, received 10 from Alice and 5 "
        "from Bob in the same block, and paid Dave 12 in block 4.",
        "Carol 挖出第 3 号区块获得 50 个币的奖励，在同一区块中收到 Alice 的 10 和 Bob 的 5，"
        "又在第 4 号区块付给 Dave 12。",
    ),
)
def _carols_balance(answer: Any) -> Bilingual | None:
    if isinstance(answer, str):
        return NOT_A_NUMBER
    given = whole_number(answer)
    if given is None:
        return NOT_A_NUMBER
    if given == _balance("carol"):
        return None
    if given in (10 + 5 - 12, 10 + 5):
        return (
            "Carol also mined a block: who receives its coinbase?",
            "Carol 也挖出了一个区块：它的 coinbase 付给谁？",
        )
    if given == 50 + 10 + 5:
        return (
            "That is her balance after block 3. What happens in block 4?",
            "这是她在第 3 号区块之后的余额。第 4 号区块里发生了什么？",
        )
    return (
        "Compare your chain with the table of Part 3 (miners, amounts, nonces) and ask "
        "chain.ledger.balance(carol.address).",
        "把你的链与第 3 部分的表格对照（矿工、金额、序号），再调用 "
        "chain.ledger.balance(carol.address)。",
    )


@exercise(
    "lab01.chain.2",
    reference=lambda: _reference_chain().tip.hash_hex(),
    # Typical mistakes that need the mined chain (its hashes in internal order, another
    # block's hash) are tested in tests/unit/test_lab01_guide.py: importing must not mine.
    wrong_answers=(BITCOIN_GENESIS_HASH, "00" * 32, "tip", bytes(32), None),
    why=(
        "Your tip hash is the lecturer's, to the last digit: the same payments, signed the "
        "same way (deterministic signatures, 确定性签名), in the same blocks at the same "
        "times give the same chain.",
        "你的链尾哈希与老师的一字不差：同样的付款、同样的签名（确定性签名）、"
        "同样的区块与时间，得到同一条链。",
    ),
)
def _tip_hash(answer: Any) -> Bilingual | None:
    if isinstance(answer, (bytes, bytearray)):
        return (
            "That is bytes; give the tip's hash as an explorer shows it: chain.tip.hash_hex().",
            "这是 bytes；请按区块浏览器的显示方式给出链尾哈希：chain.tip.hash_hex()。",
        )
    given = hex_text(answer)
    if given is None:
        return NOT_HEX
    reference = _reference_chain()
    if given == reference.tip.hash_hex():
        return None
    if given == reference.tip.hash().hex():
        return (
            "Right hash, internal byte order. Block hashes are shown reversed: hash_hex().",
            "哈希对了，但是内部字节顺序。区块哈希要反序显示：hash_hex()。",
        )
    heights = [i for i, block in enumerate(reference.blocks) if block.hash_hex() == given]
    if heights:
        return (
            f"That is the hash of block {heights[0]}; the task asks for the last block, "
            "chain.tip.",
            f"这是第 {heights[0]} 号区块的哈希；任务要的是最后一个区块 chain.tip。",
        )
    return (
        "Your chain differs from the plan. Check chain.height (5?), each block's miner, "
        "amounts and nonces; re-running a cell mines an extra block, so rebuild from "
        "Blockchain(difficulty_bits=16) if in doubt.",
        "你的链与计划不一致。请检查 chain.height（是 5 吗？）、每个区块的矿工、金额和序号；"
        "重复运行单元格会多挖一个区块，如有疑问，请从 Blockchain(difficulty_bits=16) 重新搭建。",
    )


# === Part 4 · a partner tampers ===========================================================


def _tampered() -> Blockchain:
    copy = _chain()
    partner_tampers(copy)
    return copy


@functools.cache
def _tampered_index() -> int:
    return _tampered().find_tampering().index


@functools.cache
def _remined_count() -> int:
    return _tampered().remine_from(_tampered_index())


@functools.cache
def _reason_after_remining() -> str:
    copy = _tampered()
    copy.remine_from(_tampered_index())
    found = copy.find_tampering()
    return found.reason if found is not None else ""


@exercise(
    "lab01.tamper.1",
    reference=_tampered_index,
    wrong_answers=(TAMPERED_BLOCK + 1, 5, 0, 2, "block 3"),
    why=(
        "find_tampering checks from the genesis block on and names the first invalid block: "
        "block 3's hash no longer meets the target, because the partner changed its header "
        "(the Merkle root) without mining it again.",
        "find_tampering 从创世区块开始检查，报告第一个无效的区块：第 3 号区块的哈希不再满足目标值，"
        "因为同伴改了它的区块头（默克尔根）却没有重新挖矿。",
    ),
)
def _which_block(answer: Any) -> Bilingual | None:
    if isinstance(answer, str):
        return (
            "Give the block's index as a number: carols_copy.find_tampering().index.",
            "请把区块编号作为数字给出：carols_copy.find_tampering().index。",
        )
    given = whole_number(answer)
    if given is None:
        return NOT_A_NUMBER
    index = _tampered_index()
    if given == index:
        return None
    if given > index:
        return (
            "That block is broken too, but only because an earlier block changed. Which is "
            "the first invalid block?",
            "这个区块也坏了，但那只是因为更早的区块被改了。第一个无效的区块是哪个？",
        )
    return (
        "The blocks before that one are untouched. Ask carols_copy.find_tampering() and read "
        "its index.",
        "那之前的区块都没有被动过。请调用 carols_copy.find_tampering() 并读取它的 index。",
    )


@exercise(
    "lab01.tamper.2",
    reference=_remined_count,
    wrong_answers=(1, 2, 5, 6, None),
    why=(
        "Blocks 3, 4 and 5: the changed block and every block after it, because each stores "
        "its parent's hash. The older the block, the more work a rewrite costs.",
        "第 3、4、5 号区块：被改的区块及其后的每个区块，因为每个区块都记录着父区块的哈希。"
        "区块越旧，改写的代价越大。",
    ),
)
def _blocks_to_remine(answer: Any) -> Bilingual | None:
    given = whole_number(answer)
    if given is None:
        return NOT_A_NUMBER
    if given == _remined_count():
        return None
    if given == 1:
        return (
            "Re-mining block 3 changes its hash, and block 4 stores the old one. Then what?",
            "重新挖出第 3 号区块会改变它的哈希，而第 4 号区块记录的是旧哈希。然后呢？",
        )
    if given == _remined_count() - 1:
        return ("Count the changed block itself too.", "被改的那个区块本身也要算上。")
    if given > _remined_count():
        return (
            "The blocks before the changed one keep their hashes: they need no new work.",
            "被改区块之前的区块哈希不变：它们不需要重新挖。",
        )
    return (
        "Count from the changed block to the tip, both included; remine_from returns "
        "that number.",
        "从被改的区块数到链尾（两端都算）；remine_from 返回的就是这个数。",
    )


@exercise(
    "lab01.tamper.3",
    reference=_reason_after_remining,
    wrong_answers=("pow", "link", "merkle", "valid", None),
    why=(
        "Re-mining mends the links and the proof of work, but not the payment: Bob signed 5, "
        "not 50, and without Bob's private key nobody can sign the new amount.",
        "重新挖矿修好了链接和工作量证明，却修不好这笔付款：Bob 签的是 5 而不是 50，"
        "没有 Bob 的私钥，谁也无法为新金额签名。",
    ),
)
def _reason_after_repair(answer: Any) -> Bilingual | None:
    given = word(getattr(answer, "reason", answer))
    if given is None:
        return (
            "Give the reason as one word of text in quotes: what find_tampering().reason "
            "shows.",
            "请把原因写成带引号的一个词：即 find_tampering().reason 显示的内容。",
        )
    if given == _reason_after_remining():
        return None
    if given == "pow":
        return (
            "That was the reason before re-mining. Re-mine Carol's copy, then ask again.",
            "这是重新挖矿之前的原因。请重新挖出 Carol 的副本，然后再问一次。",
        )
    if given in ("valid", "none", "true"):
        return (
            "Re-mining mends links and proof of work. Is that all a block's validity "
            "depends on? Ask find_tampering() after re-mining.",
            "重新挖矿修好了链接和工作量证明。区块是否有效只取决于这些吗？"
            "重新挖矿后再调用 find_tampering()。",
        )
    return (
        "Re-mine with carols_copy.remine_from(index), then print "
        "carols_copy.find_tampering().reason.",
        "用 carols_copy.remine_from(index) 重新挖矿，然后打印 "
        "carols_copy.find_tampering().reason。",
    )


# === Part 5 · a double spend ==============================================================


def _double_spend_payments() -> list[Transaction]:
    return [Transaction.create(key("dave"), key(payee).address, amount, nonce=0)
            for payee, amount in DOUBLE_SPEND]


@functools.cache
def _double_spend_error() -> str:
    try:
        _chain().mine_block(_double_spend_payments(), miner=key("alice").address)
    except LedgerError as refusal:
        return type(refusal).__name__
    return ""


@functools.cache
def _daves_balance_after_block_6() -> int:
    chain = _chain()
    chain.mine_block(_double_spend_payments()[:1], miner=key("alice").address)
    return chain.ledger.balance(key("dave").address)


@exercise(
    "lab01.spend.1",
    reference=_double_spend_error,
    wrong_answers=("InsufficientFunds", "BadSignature", "LedgerError", "InvalidTransaction",
                   "DoubleSpend", None),
    why=(
        "Both payments carry Dave's nonce 0. The first uses it up, so the second is a replay "
        "of a used nonce: a double spend, refused before any mining. That is the rule of an "
        "account ledger like this one (and Ethereum); Bitcoin has no nonce and refuses a "
        "second spend of an output already spent (UTXO, notebook 04).",
        "两笔付款都带着 Dave 的序号 0。第一笔用掉了它，第二笔就是重复使用已用过的序号："
        "这是双花，在挖矿之前就被拒绝。这是账户模型账本（本链与以太坊）的规则；比特币没有序号，"
        "它拒绝的是对已花费输出的第二次花费（UTXO，见 notebook 04）。",
    ),
)
def _double_spend_class(answer: Any) -> Bilingual | None:
    given = word(answer)
    if given is None:
        return (
            'Give the class name as text, e.g. "MiningError": type(err).__name__.',
            '请以文本给出类名，例如 "MiningError"：type(err).__name__。',
        )
    if given == _double_spend_error().lower():
        return None
    if given == "insufficientfunds":
        return (
            "Dave can afford one payment of 60. Which rule does the second payment break "
            "first? Read the message.",
            "Dave 付得起一笔 60。第二笔付款首先违反了哪条规则？请阅读错误信息。",
        )
    if given in ("ledgererror", "invalidtransaction"):
        return (
            "That is a parent class; name the exact class: type(err).__name__.",
            "这是父类；请给出确切的类名：type(err).__name__。",
        )
    if given == "doublespend":
        return (
            "DoubleSpend is the UTXO ledger's error (Bitcoin's model). This chain keeps "
            "accounts with nonces: which rule about nonces does the second payment break?",
            "DoubleSpend 是 UTXO 账本（比特币的模型）的错误。本链是带序号的账户模型："
            "第二笔付款违反了关于序号的哪条规则？",
        )
    return (
        "Run the cell of Part 5 and print type(err).__name__.",
        "运行第 5 部分的单元格，并打印 type(err).__name__。",
    )


@exercise(
    "lab01.spend.2",
    reference=_daves_balance_after_block_6,
    wrong_answers=(92, 92 - 120, 0, 60, "32 coins"),
    why=(
        "Dave had 92 (12 from Carol, 50 for mining block 5, 30 from Alice); only the payment "
        "to Erin went through.",
        "Dave 原有 92（Carol 付的 12、挖出第 5 号区块的 50、Alice 付的 30）；"
        "只有付给 Erin 的那笔成功了。",
    ),
)
def _daves_balance(answer: Any) -> Bilingual | None:
    if isinstance(answer, str):
        return NOT_A_NUMBER
    given = whole_number(answer)
    if given is None:
        return NOT_A_NUMBER
    if given == _daves_balance_after_block_6():
        return None
    if given == 92:
        return (
            "That is Dave's balance before block 6. Mine the payment to Erin alone, then ask "
            "again.",
            "这是第 6 号区块之前 Dave 的余额。请只把付给 Erin 的那笔挖进区块，然后再查。",
        )
    if given < 0:
        return (
            "A balance never goes below zero: the ledger refuses such a payment.",
            "余额永远不会小于零：账本会拒绝这样的付款。",
        )
    return (
        "Mine block 6 with [to_erin] only (miner: Alice) and ask "
        "chain.ledger.balance(dave.address).",
        "只用 [to_erin] 挖出第 6 号区块（矿工：Alice），"
        "再调用 chain.ledger.balance(dave.address)。",
    )


# === Part 6 · a Merkle proof for one payment ==============================================


def _block3_txids() -> list[bytes]:
    return _reference_chain().blocks[TAMPERED_BLOCK].txids()


@exercise(
    "lab01.merkle.1",
    reference=lambda: len(merkle_proof(_block3_txids(), PROVED_PAYMENT)),
    wrong_answers=(3, 1, 4, "2 hashes", None),
    why=(
        "Block 3 has three transactions: two levels below the root, so two sibling hashes "
        "prove Bob's payment. For a thousand transactions it would be ten.",
        "第 3 号区块有三笔交易：根下面有两层，所以两个兄弟哈希就能证明 Bob 的付款。"
        "如果是一千笔交易，也只需要十个。",
    ),
)
def _proof_length(answer: Any) -> Bilingual | None:
    if isinstance(answer, str):
        return NOT_A_NUMBER
    given = whole_number(answer)
    if given is None:
        return NOT_A_NUMBER
    length = len(merkle_proof(_block3_txids(), PROVED_PAYMENT))
    if given == length:
        return None
    if given == length + 1:
        return (
            "You counted the levels including the root. The root is in the header; count "
            "the steps from the leaf up to it.",
            "你把根所在的层也算上了。根在区块头里；请数从叶子到根的步数。",
        )
    if given == len(_block3_txids()) + 1:
        return (
            "That is about the whole block. A proof needs only one sibling per level.",
            "这差不多是整个区块了。证明只需要每层一个兄弟哈希。",
        )
    return (
        "Build proof = merkle_proof(txids, 2) for block 3 and count its steps: len(proof).",
        "为第 3 号区块构造 proof = merkle_proof(txids, 2)，再数它的步数：len(proof)。",
    )


@exercise(
    "lab01.merkle.2",
    reference=lambda: display_hex(merkle_proof(_block3_txids(), PROVED_PAYMENT)[0].sibling),
    wrong_answers=(BITCOIN_GENESIS_HASH, sha256(ORDER).hex(), "sibling", bytes(32), None),
    why=(
        "With three transactions the lowest level is odd, so Bitcoin pairs Bob's payment "
        "with itself: the first sibling is the payment's own txid.",
        "三笔交易时最底层是奇数个，比特币让 Bob 的付款与它自己配对：第一个兄弟哈希就是这笔付款"
        "自己的交易 ID。",
    ),
)
def _first_sibling(answer: Any) -> Bilingual | None:
    if isinstance(answer, (bytes, bytearray)):
        return (
            "That is bytes; give the hash as an explorer shows it, with display_hex(...).",
            "这是 bytes；请用 display_hex(...) 按区块浏览器的方式给出哈希。",
        )
    given = hex_text(answer)
    if given is None:
        return NOT_HEX
    txids = _block3_txids()
    sibling = merkle_proof(txids, PROVED_PAYMENT)[0].sibling
    if given == display_hex(sibling):
        return None
    if given == sibling.hex():
        return (
            "Right hash, internal byte order. Show it as an explorer does: display_hex(...).",
            "哈希对了，但是内部字节顺序。请按区块浏览器的方式显示：display_hex(...)。",
        )
    if given in (display_hex(txids[0]), display_hex(txids[1])):
        return (
            "Those two are paired with each other. The third transaction is alone on its "
            "level: what does Bitcoin pair it with?",
            "那两笔交易互相配对。第三笔交易在这一层落单：比特币让它与谁配对？",
        )
    return (
        "Build proof = merkle_proof(txids, 2) and show the first step's sibling: "
        "display_hex(proof[0].sibling).",
        "构造 proof = merkle_proof(txids, 2)，然后显示第一步的兄弟哈希："
        "display_hex(proof[0].sibling)。",
    )
