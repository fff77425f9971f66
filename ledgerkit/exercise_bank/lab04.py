"""Exercises and data of lab 04, the audit room (审计室).

A class of auditors examines the voucher platform that lab 03 built (a car maker's supply
chain), a bank's book of inter-bank transfers, and three contracts submitted for launch.
The data lives here and the reference solutions compute every answer with `ledgerkit.audit`,
the platform and the flawed contracts, so the lecturer's guide, the notebook and the checks
agree.

>>> from ledgerkit.exercises import check
>>> bool(check("lab04.integrity.1", first_bad_block())), bool(check("lab04.integrity.1", 0))
(True, False)
"""

from __future__ import annotations

import dataclasses
import functools
import io
from decimal import Decimal
from typing import Any

from ledgerkit.audit import (
    IntegrityReport,
    holders_along,
    integrity_report,
    reconcile_book,
    trace_voucher,
)
from ledgerkit.consortium import ConsortiumChain, Member
from ledgerkit.contracts import ContractError
from ledgerkit.exercise_bank import lab03
from ledgerkit.exercise_bank._answers import (
    NOT_A_NUMBER,
    money_answer,
    names,
    whole_number,
    word,
)
from ledgerkit.exercises import Bilingual, exercise
from ledgerkit.finance.reconciliation import ReconciliationPlatform, Report
from ledgerkit.finance.voucher import VoucherRegistry
from ledgerkit.flawed import FLAWED, SplitPayVouchers
from ledgerkit.flawed.fixes import FIXES
from ledgerkit.i18n import Phrase, register_strings

NOT_A_WORD: Bilingual = ("Give one word in quotes, e.g. \"link\".",
                         "请给出一个带引号的单词，例如 \"link\"。")

# === Part 1: one node's copy of the platform was edited ======================================
# Somebody with access to one node rewrote the transfer recorded in block EDITED_BLOCK, so that
# V1.2 seems to have gone to FrameCo instead of FoamCo.
EDITED_BLOCK = 7


def platform() -> VoucherRegistry:
    """Lab 03's platform after its parts 1 to 3: issued, split, passed on, two pieces financed.

    >>> [p.id for p in platform().live_pieces("V1")]
    ['V1.1.1', 'V1.1.2', 'V1.2', 'V1.3']
    """
    reg = lab03.new_platform()
    lab03.play_part1(reg)
    lab03.play_part2(reg)
    lab03.play_part3(reg)
    return reg


def edited_copy() -> ConsortiumChain:
    """The chain as one node stores it: the transfer in block EDITED_BLOCK was rewritten.

    >>> edited_copy().find_tampering().index
    7
    """
    chain = platform().chain
    block = chain.blocks[EDITED_BLOCK]
    call = block.calls[0]
    forged = dataclasses.replace(call, args=call.args.replace("FoamCo", "FrameCo"))
    chain.tamper(EDITED_BLOCK, dataclasses.replace(block, calls=(forged,)))
    return chain


def edited_report() -> IntegrityReport:
    """The integrity report of `edited_copy()`, worded in the current language (not cached:
    a report cached in English would stay English after a switch to Chinese)."""
    return integrity_report(edited_copy())


def first_bad_block() -> int:
    """The first invalid block of the edited copy.

    >>> first_bad_block()
    7
    """
    return edited_report().first_bad_index


@exercise(
    "lab04.integrity.1",
    reference=first_bad_block,
    wrong_answers=(8, 0, 6, "7"),
    why=("Block 7's call no longer matches its own header; every later block is suspect only "
         "because it builds on block 7.",
         "第 7 号区块的调用与它自己的区块头不再一致；后面的区块只是因为建立在它之上才可疑。"),
)
def _first_bad(answer: Any) -> Bilingual | None:
    given = whole_number(answer)
    if given is None:
        return NOT_A_NUMBER
    right = first_bad_block()
    if given == right:
        return None
    if given > right:
        return ("That block builds on an earlier broken one: find the FIRST invalid block.",
                "该区块建立在更早的无效区块之上：请找第一个无效区块。")
    return ("That block passes every check: read the status column of the report.",
            "该区块通过了所有检查：请看报告的状态列。")


def edited_field() -> str:
    """The header field that gives the edit away.

    >>> edited_field()
    'merkle_root'
    """
    return edited_report().field


@exercise(
    "lab04.integrity.2",
    reference=edited_field,
    wrong_answers=("signatures", "prev_hash", "hash", "calls"),
    why=("The calls were changed but the header was not: the Merkle root in the header no "
         "longer matches the calls, and the signatures seal the header.",
         "调用被改动，区块头却没变：区块头里的默克尔根与调用不再一致，而签名封存的是区块头。"),
)
def _field(answer: Any) -> Bilingual | None:
    given = word(answer)
    if given is None:
        return NOT_A_WORD
    if given == edited_field():
        return None
    if given in ("signatures", "prev_hash", "hash"):
        return ("The signatures and the links are about the header, which nobody changed: "
                "which header field summarises the calls?",
                "签名和链接针对的是区块头，而区块头没人改过：哪个区块头字段概括了这些调用？")
    return ("Read the `field` of the integrity report.", "请读出完整性报告中的 `field`。")


# === Part 2: the bank asks where SteelCo's piece came from =====================================
PIECE = "V1.1.1"


def piece_holders() -> list[str]:
    """Every holder of the claim behind V1.1.1, root first, each once.

    >>> piece_holders()
    ['SeatCo', 'FrameCo', 'SteelCo', 'Bank']
    """
    return holders_along(platform(), PIECE)



@exercise(
    "lab04.trace.1",
    reference=piece_holders,
    wrong_answers=(["SteelCo", "Bank"], ["Bank", "SteelCo", "FrameCo", "SeatCo"],
                   ["CarMaker", "SeatCo", "FrameCo", "SteelCo", "Bank"], "Bank"),
    why=("SeatCo received V1, split it and passed 450,000 to FrameCo, who split that and "
         "passed 200,000 to SteelCo, who financed it at the bank (factoring).",
         "SeatCo 收到 V1，拆分后把 450,000 给了 FrameCo；FrameCo 再拆分，把 200,000 给了 "
         "SteelCo；SteelCo 又在银行办理了保理融资。"),
)
def _holders(answer: Any) -> Bilingual | None:
    given = names(answer)
    if given is None:
        return ('Give a list of names in order, e.g. ["x", "y"].',
                '请按顺序给出名字列表，例如 ["x", "y"]。')
    right = [name.lower() for name in piece_holders()]
    if given == right:
        return None
    if sorted(given) == sorted(right):
        return ("The right names, the wrong order: start at the root.",
                "名字对了，顺序不对：请从原始凭证开始。")
    if "carmaker" in given:
        return ("The car maker is the debtor: it never holds its own voucher.",
                "主机厂是债务人，它从不持有自己的凭证。")
    return ("Walk the trace of V1.1.1 and note each new holder.",
            "逐步查看 V1.1.1 的追踪结果，记下每个新的持有人。")


def days_to_financing() -> int:
    """Days from the root's issue to the financing of V1.1.1, read from the trace.

    >>> days_to_financing()
    60
    """
    steps = trace_voucher(platform(), PIECE)
    financed = next(step.date for step in steps if step.event == "financed")
    return (financed - steps[0].date).days


@exercise(
    "lab04.trace.2",
    reference=days_to_financing,
    wrong_answers=(59, 61, 120, 180),
    why=("Issued on 1 January, financed on 2 March: 31 + 28 + 1 = 60 days, both dates read "
         "from the blocks that recorded the events.",
         "1 月 1 日签发，3 月 2 日融资：31 + 28 + 1 = 60 天，两个日期都来自记录事件的区块。"),
)
def _days(answer: Any) -> Bilingual | None:
    given = whole_number(answer)
    if given is None:
        return NOT_A_NUMBER
    right = days_to_financing()
    if given == right:
        return None
    if abs(given - right) == 1:
        return ("Off by one: subtract the two dates, (later - earlier).days.",
                "差了一天：直接把两个日期相减，(较晚 - 较早).days。")
    return ("Use the date of the first step (issued) and of the step named 'financed'.",
            "用第一步（签发）和名为 'financed' 那一步的日期。")


# === Part 3: bank_b's book against the chain ==================================================
BOOK_CSV = ("ref,counterparty,amount,status,date\n"
            "L1,webank,300000.00,confirmed,2025-01-01\n"
            "L2,webank,-75000.00,confirmed,2025-01-01\n"
            "L3,bank_c,42000.00,confirmed,2025-01-01\n"
            "L4,bank_c,-18000.00,confirmed,2025-01-01\n"
            "L6,webank,-5000.00,confirmed,2025-01-01\n")


def transfers() -> ReconciliationPlatform:
    """The shared ledger of the day: six transfers, one still pending.

    >>> [row["ref"] for row in transfers().chain_rows("bank_b")]
    ['L1', 'L2', 'L3', 'L4', 'L5']
    """
    ledger = ReconciliationPlatform()
    ledger.record("L1", "bank_b", Decimal("300000.00"), by="webank")
    ledger.record("L2", "webank", Decimal("75000.00"), by="bank_b")
    ledger.record("L3", "bank_b", Decimal("24000.00"), by="bank_c")
    ledger.record("L4", "bank_c", Decimal("18000.00"), by="bank_b")
    ledger.record("L5", "webank", Decimal("9000.00"), by="bank_b")
    for ref, payee in (("L1", "bank_b"), ("L2", "webank"), ("L3", "bank_b"), ("L5", "webank")):
        ledger.confirm(ref, by=payee)
    return ledger


@functools.cache
def book_report() -> Report:
    """bank_b's book reconciled with the shared ledger."""
    return reconcile_book(io.StringIO(BOOK_CSV), transfers(), institution="bank_b")


def mismatch_kinds() -> dict[str, str]:
    """Reference -> kind of mismatch, sorted by reference.

    >>> mismatch_kinds()
    {'L3': 'amount', 'L4': 'status', 'L5': 'chain_only', 'L6': 'book_only'}
    """
    return dict(sorted((m.ref, m.kind) for m in book_report().mismatches))


@exercise(
    "lab04.books.1",
    reference=mismatch_kinds,
    wrong_answers=({"L3": "amount", "L5": "chain_only", "L6": "book_only"},
                   {"L3": "amount", "L4": "status", "L5": "book_only", "L6": "chain_only"},
                   {"L3": "date", "L4": "status", "L5": "chain_only", "L6": "book_only"},
                   ["L3", "L4", "L5", "L6"]),
    why=("L3 was booked as 42,000 but is 24,000 on the chain (digits swapped); L4 is still "
         "pending; L5 is on the chain only, L6 in the book only.",
         "L3 记为 42,000，链上却是 24,000（数字颠倒）；L4 仍待确认；L5 只在链上，L6 只在账簿中。"),
)
def _kinds(answer: Any) -> Bilingual | None:
    if not isinstance(answer, dict):
        return ('Give a dict from reference to kind, e.g. {"L9": "date"}.',
                '请给出“交易编号 → 差异类型”的字典，例如 {"L9": "date"}。')
    given = {str(ref).strip().upper(): word(kind) for ref, kind in answer.items()}
    right = mismatch_kinds()
    if given == right:
        return None
    if set(given) != set(right):
        return ("Some references are missing or extra: every reference in the report, and no "
                "other.", "有的交易编号缺了或多了：报告中的每个编号都要有，别的不要。")
    if given.get("L5") == "book_only":
        return ("book_only means in the book only. Where is L5?",
                "book_only 表示只在账簿中。L5 在哪一边？")
    return ("Compare each reference's two rows field by field.",
            "逐个字段比较每个交易编号的两行记录。")


def net_with_webank() -> Decimal:
    """bank_b's net position with webank on the chain (+ it receives, − it pays).

    >>> net_with_webank()
    Decimal('216000.00')
    """
    return book_report().net_positions["webank"]


@exercise(
    "lab04.books.2",
    reference=net_with_webank,
    wrong_answers=(Decimal("225000"), Decimal("-216000"), Decimal("220000"), 216000.0),
    why=("Confirmed transfers only: +300,000 from webank, −75,000 and −9,000 to it: bank_b "
         "receives 216,000 in one payment (轧差).",
         "只计已确认的交易：从 webank 收 300,000，付给它 75,000 和 9,000：bank_b 轧差后一次收取 "
         "216,000。"),
)
def _net(answer: Any) -> Bilingual | None:
    given, hint = money_answer(answer)
    if hint:
        return hint
    right = net_with_webank()
    if given == right:
        return None
    if given == -right:
        return ("Mind the sign: + is what bank_b receives.", "注意正负号：+ 表示 bank_b 收款。")
    return ("Net the CHAIN's confirmed rows with webank, not the book's.",
            "对链上与 webank 之间已确认的记录轧差，而不是账簿中的记录。")


# === Part 4: three contracts submitted for launch ==============================================
# The notebook prints these: each a Phrase, so it reads in the learner's language.
register_strings({
    "lab04.rule.1": ("only the holder moves a piece", "只有持有人才能转让、拆分或融资一张凭证"),
    "lab04.rule.2": ("a split adds up exactly to its parent", "拆分后的金额之和恰好等于原凭证"),
    "lab04.rule.3": ("one piece backs at most one financing", "一张凭证最多只能融资一次"),
})
RULES = {number: Phrase(f"lab04.rule.{number}") for number in (1, 2, 3)}
RULE_OF_KEY = {"flawed.not_holder": 1, "flawed.split_sum": 2, "flawed.is_financed": 3}


def audit_chain() -> ConsortiumChain:
    """The platform, two banks, alice, mallory and the regulator.

    >>> "mallory" in audit_chain().members
    True
    """
    return ConsortiumChain([
        Member("platform", node_kind="consensus", roles={"committee", "operator"}),
        Member("bank1", node_kind="consensus", roles={"committee", "business"}),
        Member("bank2", node_kind="consensus", roles={"business"}),
        Member("alice", roles={"business"}),
        Member("mallory", roles={"business"}),
        Member("regulator", node_kind="observer", roles={"regulator"}),
    ])


def prepare(name: str, book: Any) -> None:
    """The honest calls before the attack on contract `name`: alice finances P1 at bank1."""
    if name == "PledgeVouchers":
        book.finance("P1", "bank1", by="alice")


def attack(name: str, book: Any) -> None:
    """The one malicious call on contract `name` (alice holds P1 worth 100.00), after
    `prepare`."""
    if name == "SplitPayVouchers":
        book.split_pay("P1", Decimal("90.00"), "mallory", by="mallory")
    elif name == "PledgeVouchers":
        book.finance("P1", "bank2", by="alice")
    else:
        book.split("P1", [Decimal("100.00"), Decimal("100.00")], by="alice")


@functools.cache
def broken_rules() -> dict[str, int]:
    """Contract -> the number of the rule its flaw breaks, from the fixed contract's refusal.

    >>> broken_rules()
    {'PledgeVouchers': 3, 'SplitPayVouchers': 1, 'SplitVouchers': 2}
    """
    found = {}
    for name in sorted(FLAWED):
        chain = audit_chain()
        book = chain.deploy(FIXES[name](), by="platform")
        book.issue("alice", Decimal("100.00"), by="platform")
        prepare(name, book)
        try:
            attack(name, book)
        except ContractError as refusal:
            found[name] = RULE_OF_KEY[refusal.rule]
    return found


@exercise(
    "lab04.contract.1",
    reference=broken_rules,
    wrong_answers=({"PledgeVouchers": 1, "SplitPayVouchers": 3, "SplitVouchers": 2},
                   {"PledgeVouchers": 3, "SplitPayVouchers": 2, "SplitVouchers": 1},
                   {"SplitPayVouchers": 1}, [1, 2, 3]),
    why=("SplitPayVouchers never checks the caller (rule 1); SplitVouchers checks each part "
         "but not their sum (rule 2); PledgeVouchers refuses a split piece but not a financed "
         "one (rule 3).",
         "SplitPayVouchers 不检查调用者（规则 1）；SplitVouchers 检查每一部分却不检查合计"
         "（规则 2）；PledgeVouchers 拒绝已拆分的凭证却不拒绝已融资的凭证（规则 3）。"),
)
def _rules(answer: Any) -> Bilingual | None:
    if not isinstance(answer, dict):
        return ('Give a dict from contract name to rule number, e.g. {"SplitVouchers": 1}.',
                '请给出“合约名 → 规则编号”的字典，例如 {"SplitVouchers": 1}。')
    given = {str(name).strip().lower(): whole_number(rule) for name, rule in answer.items()}
    right = {name.lower(): rule for name, rule in broken_rules().items()}
    if given == right:
        return None
    if set(given) != set(right):
        return ("Name all three contracts: SplitPayVouchers, PledgeVouchers, SplitVouchers.",
                "三个合约都要写上：SplitPayVouchers、PledgeVouchers、SplitVouchers。")
    return ("For each contract, list the checks its action makes: which rule has no check?",
            "逐个合约列出其操作做了哪些检查：哪条规则没有对应的检查？")


@functools.cache
def mallory_take() -> Decimal:
    """What mallory holds after her calls on a launched SplitPayVouchers (see `mallory_day`).

    >>> mallory_take()
    Decimal('130000.00')
    """
    chain = mallory_day()
    return chain.read("SplitPayVouchers", by="regulator").holdings("mallory")


def mallory_day() -> ConsortiumChain:
    """A day on a launched SplitPayVouchers: alice's two pieces, and mallory's calls.

    >>> len(mallory_day().audit_trail(by="regulator"))
    5
    """
    chain = audit_chain()
    book = chain.deploy(SplitPayVouchers(), by="platform")
    book.issue("alice", Decimal("200000.00"), by="platform")
    book.issue("alice", Decimal("50000.00"), by="platform")
    book.split_pay("P1", Decimal("120000.00"), "mallory", by="mallory")
    book.split_pay("P2", Decimal("10000.00"), "mallory", by="mallory")
    return chain


@exercise(
    "lab04.contract.2",
    reference=mallory_take,
    wrong_answers=(Decimal("120000"), Decimal("250000"), Decimal("10000"), 130000.0),
    why=("Two split_pay calls signed by mallory on alice's pieces: 120,000 + 10,000. Alice "
         "signed none of them — the audit trail proves the theft.",
         "mallory 签名的两次 split_pay 调用针对的都是 alice 的凭证：120,000 + 10,000。alice 一次"
         "也没签——审计轨迹证明了这次盗取。"),
)
def _take(answer: Any) -> Bilingual | None:
    given, hint = money_answer(answer)
    if hint:
        return hint
    if given == mallory_take():
        return None
    return ("Read every call mallory signed in the audit trail, or ask the regulator's view "
            "for her holdings.", "在审计轨迹中读出 mallory 签名的每次调用，或在监管方视图中"
            "查询她的持有额。")
