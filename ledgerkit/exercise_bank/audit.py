"""Exercises of the audit chapter (链审计): find the tampered block, trace a voucher to its
root, reconcile a book with the chain, audit a flawed contract.

Every reference answer is computed with ledgerkit (`ledgerkit.audit`, the voucher registry,
the reconciliation platform and the flawed contracts), so the notebook, the check and the
library agree. The notebooks build their data with the functions below, e.g.
`tampered_chain()`, so a learner audits exactly what the check knows.

>>> from ledgerkit.exercises import check
>>> bool(check("audit.tamper.1", first_bad_block())), bool(check("audit.tamper.1", 0))
(True, False)
"""

from __future__ import annotations

import functools
import io
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from ledgerkit.audit import (
    holders_along,
    integrity_report,
    read_book_csv,
    reconcile_book,
    trace_voucher,
)
from ledgerkit.block import Block
from ledgerkit.chain import Blockchain
from ledgerkit.consortium import ConsortiumChain, Member
from ledgerkit.contracts import Contract
from ledgerkit.exercise_bank._answers import (
    NOT_A_DATE,
    NOT_A_LETTER,
    NOT_A_NUMBER,
    date_answer,
    letter,
    money_answer,
    names,
    whole_number,
    word,
)
from ledgerkit.exercises import Bilingual, exercise
from ledgerkit.finance.reconciliation import ReconciliationPlatform
from ledgerkit.finance.voucher import VoucherRegistry
from ledgerkit.flawed import PledgeVouchers, SplitVouchers
from ledgerkit.ledger import Transaction

MINER = "ab" * 20
NOT_A_WORD: Bilingual = ("Give one word in quotes, e.g. \"link\".",
                         "请给出一个带引号的单词，例如 \"link\"。")


# === Notebook 01: find the tampered block (篡改定位) ==========================================
def honest_chain(blocks: int = 6) -> Blockchain:
    """A small proof-of-work chain: genesis plus `blocks` mined blocks (easy difficulty).

    >>> honest_chain(2).height
    2
    """
    chain = Blockchain(difficulty_bits=4)
    for _ in range(blocks):
        chain.mine_block([], miner=MINER)
    return chain


def tampered_chain() -> Blockchain:
    """Exercise 1's chain: somebody changed one block's timestamp and did not re-mine.

    >>> tampered_chain().validate()
    False
    """
    chain = honest_chain()
    block = chain.blocks[4]
    chain.tamper(4, Block(block.header.replace(timestamp=block.header.timestamp - 3600),
                          block.transactions))
    return chain


def remined_chain() -> Blockchain:
    """Exercise 2's chain: a miner paid itself 5,000 in block 2 and re-mined every block after.

    >>> remined_chain().validate()
    False
    """
    chain = honest_chain()
    greedy = Transaction.coinbase(MINER, 5000, height=2)
    chain.tamper(2, Block(chain.blocks[2].header, (greedy,)))
    chain.remine_from(2)
    return chain


@functools.cache
def first_bad_block() -> int:
    """The index of the first invalid block of `tampered_chain()`.

    >>> first_bad_block()
    4
    """
    return integrity_report(tampered_chain()).first_bad_index


@exercise(
    "audit.tamper.1",
    reference=first_bad_block,
    wrong_answers=(5, 6, 0, 3, "4"),
    why=("Block 4's header changed, so its hash no longer meets the target: the first "
         "invalid block. Blocks 5 and 6 are fine themselves but build on it.",
         "第 4 号区块的区块头被改动，其哈希不再满足目标值：它是第一个无效区块。"
         "第 5、6 号区块本身没问题，但建立在它之上。"),
)
def _first_bad(answer: Any) -> Bilingual | None:
    given = whole_number(answer)
    if given is None:
        return NOT_A_NUMBER
    right = first_bad_block()
    if given == right:
        return None
    if given > right:
        return ("A later block only builds on the broken one: look for the FIRST invalid "
                "block in the report.", "后面的区块只是建立在被篡改的区块之上：请找报告中"
                "第一个无效的区块。")
    return ("That block passes every check: read the status column of integrity_report.",
            "该区块通过了所有检查：请看 integrity_report 的状态列。")


@functools.cache
def remined_reason() -> str:
    """Why `remined_chain()` is still caught: the reason of the first break.

    >>> remined_reason()
    'tx'
    """
    return integrity_report(remined_chain()).reason


@exercise(
    "audit.tamper.2",
    reference=remined_reason,
    wrong_answers=("pow", "merkle", "link", "after", 2),
    why=("Re-mining fixes every hash and link, but not the rules of the ledger: a coinbase of "
         "5,000 breaks the block reward, and every honest node replays the transactions.",
         "重新挖矿可以修好每个哈希和链接，却修不好账本规则：5,000 的出块奖励违反了奖励规则，"
         "而每个诚实节点都会重放交易。"),
)
def _remined(answer: Any) -> Bilingual | None:
    given = word(answer)
    if given is None:
        return NOT_A_WORD
    if given == remined_reason():
        return None
    if given in ("pow", "merkle", "link"):
        return ("The attacker re-mined from the changed block: every header and link is valid "
                "again. What else does a node check?",
                "攻击者从被改的区块起重新挖矿：所有区块头和链接又都有效了。节点还检查什么？")
    return ("Run integrity_report on remined_chain() and read its reason.",
            "对 remined_chain() 运行 integrity_report，读出其中的 reason。")


REMINE_AT = 2


@functools.cache
def blocks_to_remine() -> int:
    """How many blocks an attacker re-mines to hide a change in block 2 of `honest_chain()`.

    >>> blocks_to_remine()
    5
    """
    return honest_chain().remine_from(REMINE_AT)


@exercise(
    "audit.tamper.3",
    reference=blocks_to_remine,
    wrong_answers=(1, 4, 6, 7),
    why=("The changed block and every block after it: 2, 3, 4, 5 and 6. Each new block makes a "
         "past change dearer to hide.",
         "被改的区块以及其后的每个区块：2、3、4、5、6。每多一个新区块，掩盖旧篡改的代价就更高。"),
)
def _remine(answer: Any) -> Bilingual | None:
    given = whole_number(answer)
    if given is None:
        return NOT_A_NUMBER
    right = blocks_to_remine()
    if given == right:
        return None
    if given == 1:
        return ("Re-mining block 2 changes its hash: what does that do to block 3's prev_hash?",
                "重新挖第 2 号区块会改变它的哈希：这对第 3 号区块的 prev_hash 有什么影响？")
    return ("Count the changed block and every block after it, up to the tip (the chain has "
            "a genesis block 0).",
            "数一数被改的区块以及其后直到链尾的所有区块（链从创世区块 0 开始）。")


# === Notebook 02: trace a voucher to its root (穿透) ==========================================
PIECE = "V1.1.2"


@functools.cache
def voucher_platform() -> VoucherRegistry:
    """A voucher platform with some history: V1 is split twice and V1.1.2 is financed.

    >>> [p.id for p in voucher_platform().live_pieces("V1")]
    ['V1.1.1', 'V1.1.2', 'V1.2']
    """
    reg = VoucherRegistry()
    reg.grant_credit_line("core", "bank", 2_000_000)
    reg.confirm(reg.issue("core", "supplier1", 1_000_000, 180, "PO-7731").id, by="core")
    reg.advance_to(reg.today + timedelta(days=12))
    reg.split("V1", [400_000, 600_000], by="supplier1")
    reg.transfer("V1.1", "supplier2", by="supplier1")
    reg.advance_to(reg.today + timedelta(days=23))
    reg.split("V1.1", [150_000, 250_000], by="supplier2")
    reg.transfer("V1.1.2", "supplier3", by="supplier2")
    reg.advance_to(reg.today + timedelta(days=9))
    reg.finance("V1.1.2", "bank", Decimal("0.036"), by="supplier3")
    return reg


@functools.cache
def holders_of_piece() -> list[str]:
    """Everybody who held the claim behind V1.1.2, in order, each once.

    >>> holders_of_piece()
    ['supplier1', 'supplier2', 'supplier3', 'bank']
    """
    return holders_along(voucher_platform(), PIECE)



@exercise(
    "audit.trace.1",
    reference=holders_of_piece,
    wrong_answers=(["supplier3", "bank"], ["bank", "supplier3", "supplier2", "supplier1"],
                   ["core", "supplier1", "supplier2", "supplier3", "bank"],
                   ["supplier1", "supplier2", "supplier3"], "bank"),
    why=("supplier1 received V1, split it and passed 400,000 to supplier2, who split that and "
         "passed 250,000 to supplier3, who sold it to the bank.",
         "supplier1 收到 V1，拆分后把 400,000 给了 supplier2；supplier2 再拆分，把 250,000 给了 "
         "supplier3；supplier3 又把它卖给了银行。"),
)
def _holders(answer: Any) -> Bilingual | None:
    given = names(answer)
    if given is None:
        return ('Give a list of names in order, e.g. ["x", "y"].',
                '请按顺序给出名字列表，例如 ["x", "y"]。')
    right = holders_of_piece()
    if given == right:
        return None
    if sorted(given) == sorted(right):
        return ("The right names, the wrong order: start at the root receivable.",
                "名字对了，顺序不对：请从原始应收账款开始。")
    if "core" in given:
        return ("The core enterprise is the debtor; it never holds its own voucher.",
                "核心企业是债务人，它从不持有自己的凭证。")
    return ("Walk trace_voucher's steps and note each new holder, the root's first.",
            "逐步查看 trace_voucher 的结果，从原始凭证开始记下每个新的持有人。")


@functools.cache
def piece_created_on() -> date:
    """The day V1.1.2 came into being (the day its parent was split).

    >>> piece_created_on()
    datetime.date(2025, 2, 5)
    """
    return next(step.date for step in trace_voucher(voucher_platform(), PIECE)
                if step.id == PIECE and step.event == "created")


def _other_dates() -> dict[str, date]:
    steps = trace_voucher(voucher_platform(), PIECE)
    return {step.event: step.date for step in steps if step.id != PIECE or
            step.event != "created"}


@exercise(
    "audit.trace.2",
    reference=piece_created_on,
    wrong_answers=(date(2025, 1, 1), date(2025, 1, 13), date(2025, 2, 14), "2025-02-04"),
    why=("V1.1.2 was born when supplier2 split V1.1, 35 days after the voucher was issued; the "
         "block that recorded the split dates it.",
         "V1.1.2 诞生于 supplier2 拆分 V1.1 的那天，即凭证签发后 35 天；"
         "记录这次拆分的区块给出日期。"),
)
def _created(answer: Any) -> Bilingual | None:
    given = date_answer(answer)
    if given is None:
        return NOT_A_DATE
    if given == piece_created_on():
        return None
    if given in _other_dates().values():
        return ("That is the date of another step: find the step of V1.1.2 named 'created'.",
                "那是另一个步骤的日期：请找 V1.1.2 名为 'created' 的步骤。")
    return ("Read the date of the step where V1.1.2 is created in trace_voucher.",
            "请在 trace_voucher 中读出 V1.1.2 被创建那一步的日期。")


@functools.cache
def root_amount() -> Decimal:
    """The face value of the root receivable behind V1.1.2.

    >>> root_amount()
    Decimal('1000000.00')
    """
    return trace_voucher(voucher_platform(), PIECE)[0].amount


@exercise(
    "audit.trace.3",
    reference=root_amount,
    wrong_answers=(Decimal("250000"), Decimal("400000"), Decimal("150000"), 1000000.0),
    why=("The root V1 was issued for 1,000,000 yuan against order PO-7731: the bank can see "
         "that its 250,000 piece is a slice of the core enterprise's confirmed debt.",
         "原始凭证 V1 凭订单 PO-7731 签发，金额 1,000,000 元：银行能看到它手中 250,000 的凭证"
         "是核心企业已确权债务的一部分。"),
)
def _root(answer: Any) -> Bilingual | None:
    given, hint = money_answer(answer)
    if hint:
        return hint
    if given == root_amount():
        return None
    return ("That is a piece on the way: follow the trace to its very first step (the root).",
            "这是途中的一份凭证：沿追踪结果找到第一步（原始凭证）。")


# === Notebook 03: reconcile books with the chain (对账) ========================================
BOOK_CSV = ("ref,counterparty,amount,status,date\n"
            "T1,bank_b,-120000.00,confirmed,2025-01-01\n"
            "T2,bank_b,-80000.00,confirmed,2025-01-01\n"
            "T3,bank_c,45000.00,confirmed,2025-01-01\n"
            "T4,bank_b,-30000.00,confirmed,2025-01-01\n"
            "T5,bank_c,-9000.00,confirmed,2025-01-01\n"
            "T2,bank_b,-80000.00,confirmed,2025-01-01\n")


@functools.cache
def _platform_rows() -> tuple[dict[str, Any], ...]:
    return tuple(reconciliation_platform().chain_rows("webank"))


def reconciliation_platform() -> ReconciliationPlatform:
    """WeBank's shared ledger: five transactions, one still pending.

    >>> [row["ref"] for row in reconciliation_platform().chain_rows("webank")]
    ['T1', 'T2', 'T3', 'T4', 'T6']
    """
    platform = ReconciliationPlatform()
    platform.record("T1", "bank_b", Decimal("120000.00"), by="webank")
    platform.record("T2", "bank_b", Decimal("85000.00"), by="webank")
    platform.record("T3", "webank", Decimal("45000.00"), by="bank_c")
    platform.record("T4", "bank_b", Decimal("30000.00"), by="webank")
    platform.record("T6", "webank", Decimal("12500.00"), by="bank_b")
    for ref, payee in (("T1", "bank_b"), ("T2", "bank_b"), ("T3", "webank"), ("T6", "webank")):
        platform.confirm(ref, by=payee)
    return platform


@functools.cache
def book_report() -> Any:
    """WeBank's book (BOOK_CSV) reconciled with the platform."""
    return reconcile_book(read_book_csv(io.StringIO(BOOK_CSV)), list(_platform_rows()))


def mismatch_count() -> int:
    """How many mismatches the reconciliation finds.

    >>> mismatch_count()
    5
    """
    return len(book_report().mismatches)


@exercise(
    "audit.books.1",
    reference=mismatch_count,
    wrong_answers=(3, 4, 6, 0),
    why=("Five: T2's amount, T2 booked twice, T4 still pending on the chain, T5 only in the "
         "book and T6 only on the chain.",
         "五处：T2 金额不符、T2 重复记账、T4 在链上仍待确认、T5 只在账簿中、T6 只在链上。"),
)
def _count(answer: Any) -> Bilingual | None:
    given = whole_number(answer)
    if given is None:
        return NOT_A_NUMBER
    if given == mismatch_count():
        return None
    if given < mismatch_count():
        return ("Did you count the records that appear on one side only, and a reference booked "
                "twice?", "单边账（只在一方出现的记录）和重复记账都算进去了吗？")
    return ("Count each mismatch of the report once.", "报告中的每个差异只数一次。")


def one_sided_refs() -> list[str]:
    """The references on one side only (单边账), book or chain, sorted.

    >>> one_sided_refs()
    ['T5', 'T6']
    """
    report = book_report()
    return sorted(m.ref for m in report.mismatches if m.kind in ("book_only", "chain_only"))


def _refs(answer: Any) -> list[str] | None:
    if isinstance(answer, str):
        answer = [answer]
    if not isinstance(answer, (list, tuple, set, frozenset)):
        return None
    refs = [item.strip().upper() if isinstance(item, str) else None for item in answer]
    return None if None in refs else sorted(set(refs))


@exercise(
    "audit.books.2",
    reference=one_sided_refs,
    wrong_answers=(["T5"], ["T6"], ["T2", "T5", "T6"], ["T4", "T5", "T6"]),
    why=("T5 is in WeBank's book but was never recorded on the chain; T6 is on the chain "
         "(bank_b paid WeBank) but missing from the book.",
         "T5 在微众银行的账簿中，却从未上链；T6 在链上（bank_b 付款给微众银行），账簿中却没有。"),
)
def _one_sided(answer: Any) -> Bilingual | None:
    given = _refs(answer)
    if given is None:
        return ('Give a list of references, e.g. ["T1"].', '请给出交易编号列表，例如 ["T1"]。')
    right = one_sided_refs()
    if given == right:
        return None
    if set(given) < set(right):
        return ("One-sided goes both ways: in the book only, and on the chain only.",
                "单边账有两个方向：只在账簿中，以及只在链上。")
    return ("Only references missing from one side count; a different amount or status is "
            "another kind.", "只有某一方缺失的交易才算单边账；金额或状态不同属于其他类型。")


def pending_kind() -> str:
    """The kind of mismatch reported for T4.

    >>> pending_kind()
    'status'
    """
    return next(m.kind for m in book_report().mismatches if m.ref == "T4")


@exercise(
    "audit.books.3",
    reference=pending_kind,
    wrong_answers=("amount", "book_only", "date", "counterparty"),
    why=("T4 is on the chain but bank_b has not confirmed it: the book says confirmed, the "
         "chain says pending — a status mismatch.",
         "T4 已上链，但 bank_b 尚未确认：账簿记为已确认，链上为待确认——状态不符。"),
)
def _pending(answer: Any) -> Bilingual | None:
    given = word(answer)
    if given is None:
        return NOT_A_WORD
    if given == pending_kind():
        return None
    return ("Compare T4's two rows field by field: which field differs?",
            "逐个字段比较 T4 的两行记录：哪个字段不同？")


# === Notebook 04: audit a flawed contract (合约审计) ===========================================
def audit_chain() -> ConsortiumChain:
    """A small voucher chain: the platform, two banks, alice, mallory and a regulator.

    >>> sorted(audit_chain().members)[:2]
    ['alice', 'bank1']
    """
    return ConsortiumChain([
        Member("platform", node_kind="consensus", roles={"committee", "operator"}),
        Member("bank1", node_kind="consensus", roles={"committee", "business"}),
        Member("bank2", node_kind="consensus", roles={"business"}),
        Member("alice", roles={"business"}),
        Member("mallory", roles={"business"}),
        Member("regulator", node_kind="observer", roles={"regulator"}),
    ])


SPLIT_PAY_CHOICES = {
    "A": "split_pay never checks that the piece is still LIVE",
    "B": "split_pay never checks that the caller holds the piece",
    "C": "split_pay never checks that the part is smaller than the piece",
}


@exercise(
    "audit.contract.1",
    reference=lambda: "B",
    wrong_answers=("A", "C"),
    why=("Every other check is there; nothing compares ctx.sender with the piece's holder, so "
         "anyone can pay themselves with somebody else's piece.",
         "其他检查都在；但没有任何代码比较 ctx.sender 与凭证持有人，所以任何人都能用别人的凭证"
         "给自己付款。"),
)
def _missing_check(answer: Any) -> Bilingual | None:
    given = letter(answer)
    if given is None:
        return NOT_A_LETTER
    if given == "B":
        return None
    return ("Find the `self.require(...)` line for that rule in split_pay: it is there.",
            "在 split_pay 中找一找这条规则对应的 `self.require(...)`：它是存在的。")


PLEDGE_AMOUNT = Decimal("500000.00")


def _deployed(contract: Contract, amount: Decimal) -> tuple[ConsortiumChain, Any]:
    chain = audit_chain()
    book = chain.deploy(contract, by="platform")
    book.issue("alice", amount, by="platform")
    return chain, book


@functools.cache
def double_financed_total() -> Decimal:
    """What the banks advance after alice finances P1 at bank1, then again at bank2.

    >>> double_financed_total()
    Decimal('1000000.00')
    """
    chain, book = _deployed(PledgeVouchers(), PLEDGE_AMOUNT)
    book.finance("P1", "bank1", by="alice")
    book.finance("P1", "bank2", by="alice")
    return chain.read("PledgeVouchers", by="regulator").financed_total()


@exercise(
    "audit.contract.2",
    reference=double_financed_total,
    wrong_answers=(PLEDGE_AMOUNT, Decimal("0"), Decimal("1500000"), 1000000.5),
    why=("finance refuses a SPLIT piece but not a FINANCED one, so the same 500,000 backs two "
         "loans: the banks advanced twice what the receivable is worth.",
         "finance 拒绝已拆分的凭证，却不拒绝已融资的凭证，于是同一笔 500,000 支撑了两笔贷款："
         "银行垫付的金额是应收账款的两倍。"),
)
def _double(answer: Any) -> Bilingual | None:
    given, hint = money_answer(answer)
    if hint:
        return hint
    if given == double_financed_total():
        return None
    if given == PLEDGE_AMOUNT:
        return ("Does the second finance call really fail? Look at which statuses finance "
                "refuses.", "第二次 finance 调用真的失败了吗？看看 finance 拒绝哪些状态。")
    return ("Run both finance calls on a fresh PledgeVouchers and read financed_total().",
            "在新部署的 PledgeVouchers 上执行两次 finance，再读取 financed_total()。")


SPLIT_PIECE = Decimal("80000.00")


@functools.cache
def inflated_live_total() -> Decimal:
    """The live total after alice splits P1 (80,000) into two parts of 80,000 each.

    >>> inflated_live_total()
    Decimal('160000.00')
    """
    chain, book = _deployed(SplitVouchers(), SPLIT_PIECE)
    book.split("P1", [SPLIT_PIECE, SPLIT_PIECE], by="alice")
    return chain.read("SplitVouchers", by="regulator").live_total()


@exercise(
    "audit.contract.3",
    reference=inflated_live_total,
    wrong_answers=(SPLIT_PIECE, Decimal("0"), Decimal("240000"), 160000.0),
    why=("Each part passes the check `part <= piece`, but nothing checks their sum: two parts "
         "of 80,000 turn 80,000 into 160,000 of live claims — money out of thin air.",
         "每一部分都通过了“部分 <= 凭证”的检查，但没人检查合计：两份 80,000 把 80,000 变成了 "
         "160,000 的存续债权——凭空造钱。"),
)
def _inflated(answer: Any) -> Bilingual | None:
    given, hint = money_answer(answer)
    if hint:
        return hint
    if given == inflated_live_total():
        return None
    if given == SPLIT_PIECE:
        return ("That is what the rule demands, not what the flawed contract does: does the "
                "split go through?",
                "这是规则要求的结果，而不是漏洞合约的实际行为：这次拆分通过了吗？")
    return ("A SPLIT parent no longer counts; add up the live parts.",
            "已拆分的原凭证不再计入；把存续的各部分加起来。")
