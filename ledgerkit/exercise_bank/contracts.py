"""Exercises of the basics chapter, notebook 06: smart contracts and consortium chains
(智能合约与联盟链).

The consortium, the trade-document registry and the financing requests of the notebook live
here too, so the notebook and the reference solutions always talk about the same members,
invoices and amounts.

>>> from ledgerkit.exercises import check
>>> bool(check("basics.contracts.3", "open")), bool(check("basics.contracts.4", "merkle"))
(False, False)
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import hmac
from decimal import Decimal
from typing import Any

from ledgerkit.consortium import AddMember, ConsortiumChain, Member
from ledgerkit.contracts import Context, Contract, ContractError, action, encode_args
from ledgerkit.crypto import sha256
from ledgerkit.exercise_bank._answers import word
from ledgerkit.exercises import Bilingual, exercise
from ledgerkit.i18n import register_strings
from ledgerkit.merkle import merkle_root

register_strings({
    "exercise.contracts.already_financed": (
        "Invoice {invoice}… was already financed at {bank} on {day}: one invoice, one "
        "financing.",
        "发票 {invoice}… 已于 {day} 在 {bank} 融资：一张发票只能融资一次。",
    ),
})


# --- the consortium and its first contract ------------------------------------------------

# The member banks' shared secret for invoice fingerprints. A real consortium draws it at
# random and hands it to members off-chain; a fixed key gives every learner the same hashes.
MEMBER_KEY = b"trade-documents key shared by the member banks"


def founders() -> list[Member]:
    """The founding members of the notebook's trade-finance consortium (联盟).

    Three banks run the consensus nodes and form the committee (River Bank weighs 2 and is
    also the operator); Tea House (a core enterprise, 核心企业) keeps an observer node; Leaf
    Farm (a supplier, 供应商) runs no node. The regulator is the local office of the
    National Financial Regulatory Administration (国家金融监督管理总局派出机构, NFRA, since May
    2023), which supervises banks' lending; the PBoC keeps monetary policy, payments and credit
    reporting. Three consensus nodes tolerate no fault under PBFT (n ≥ 3f + 1 gives f = 0):
    the notebook has the committee vote a fourth bank in, which makes f = 1.

    >>> [member.name for member in founders()][:3]
    ['river_bank', 'harbour_bank', 'east_bank']
    """
    return [
        Member("river_bank", node_kind="consensus", roles={"committee", "operator"}, weight=2),
        Member("harbour_bank", node_kind="consensus", roles={"committee"}),
        Member("east_bank", node_kind="consensus", roles={"committee"}),
        Member("tea_house", node_kind="observer", roles={"business"}),
        Member("leaf_farm", roles={"business"}),
        Member("nfra_office", node_kind="observer", roles={"regulator"}),
    ]


def invoice_key(invoice_no: str, debtor: str, amount: Decimal, key: bytes = MEMBER_KEY) -> str:
    """The registry's key for an invoice: HMAC-SHA256 of number, debtor and amount under the
    key the member banks share, in hex.

    A plain SHA-256 would not hide the invoice: number, debtor and amount are easy to guess,
    and anyone can hash a guess and compare. With a keyed hash (HMAC, RFC 2104) only key
    holders can test guesses — but every member bank holding the key still can.

    >>> invoice_key("INV-101", "Tea House", Decimal("300000.00"))[:16]
    '3845ae849b0e3bcf'
    """
    message = f"{invoice_no}|{debtor}|{amount}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


class TradeDocuments(Contract):
    """A shared registry of trade documents (贸易单据登记): one invoice, one financing.

    >>> chain = ConsortiumChain(founders())
    >>> docs = chain.deploy(TradeDocuments(), by="river_bank")
    >>> docs.register(invoice_key("A-1", "Tea House", Decimal(5)), Decimal(5), "river_bank",
    ...               by="leaf_farm")
    >>> len(chain.read("TradeDocuments", by="east_bank").financed)
    1
    """

    def __init__(self) -> None:
        self.financed: dict[str, dict[str, Any]] = {}  # invoice key -> who, which bank, when

    @action(roles={"business"})
    def register(self, ctx: Context, invoice_hash: str, amount: Decimal, bank: str) -> None:
        """Record that the invoice `invoice_hash` is being financed at `bank`."""
        earlier = self.financed.get(invoice_hash)
        if earlier is not None:
            self.refuse("exercise.contracts.already_financed", invoice=invoice_hash[:12],
                        bank=earlier["bank"], day=earlier["day"])
        self.financed[invoice_hash] = {"by": ctx.sender.name, "bank": bank, "amount": amount,
                                       "day": ctx.today}
        ctx.emit("registered", invoice_hash=invoice_hash, bank=bank, amount=amount)

    def is_financed(self, invoice_hash: str) -> bool:
        """A view: True when the invoice is already financed somewhere."""
        return invoice_hash in self.financed


# --- shared hints -------------------------------------------------------------------------

_NOT_TEXT: Bilingual = (
    'Give your answer as text in quotes, e.g. "open".',
    '请把答案写成带引号的文本，例如 "open"。',
)




# === 1 who may call an action ==============================================================


def _business_users() -> list[str]:
    allowed = TradeDocuments.actions()["register"].roles
    return sorted(member.name for member in founders() if member.roles & allowed)


def _names(answer: Any) -> set[str] | None:
    """A list, tuple or set of names as lower-case text, or None for anything else."""
    if not isinstance(answer, (list, tuple, set, frozenset)) or not answer:
        return None
    if not all(isinstance(name, str) for name in answer):
        return None
    return {name.strip().lower() for name in answer}


@exercise(
    "basics.contracts.1",
    reference=_business_users,
    wrong_answers=(
        [member.name for member in founders()],
        ["tea_house", "leaf_farm", "nfra_office"],
        ["tea_house", "leaf_farm", "river_bank"],
        ["tea_house"],
        ["river_bank", "harbour_bank", "east_bank"],
        "tea_house, leaf_farm",
    ),
    why=(
        "register is open to the business role only, and only Tea House and Leaf Farm hold "
        "it. Running a node, sitting on the committee or supervising gives no right to call it.",
        "register 只对业务方（business）角色开放，只有 Tea House 和 Leaf Farm 拥有该角色。"
        "运行节点、身为委员会成员或监管方，都不能因此调用它。",
    ),
)
def _who_may_register(answer: Any) -> Bilingual | None:
    if isinstance(answer, str):
        return (
            'Give the names as a list of texts, e.g. ["river_bank", "east_bank"].',
            '请把名字写成文本列表，例如 ["river_bank", "east_bank"]。',
        )
    given = _names(answer)
    if given is None:
        return (
            'Give a list of member names as texts, e.g. ["river_bank", "east_bank"].',
            '请给出由成员名字（文本）组成的列表，例如 ["river_bank", "east_bank"]。',
        )
    right = set(_business_users())
    if given == right:
        return None
    known = {member.name for member in founders()}
    if not given <= known:
        return (
            "Use the member names exactly as the chain knows them: sorted(chain.members).",
            "请使用链上登记的成员名字：sorted(chain.members)。",
        )
    if "nfra_office" in given:
        return (
            "The regulator may read everything, but reading is not calling: which roles does "
            "register list?",
            "监管方可以查看一切，但查看不等于调用：register 列出了哪些角色？",
        )
    if given & {"river_bank", "harbour_bank", "east_bank"}:
        return (
            "Running a consensus node or sitting on the committee gives no right to call a "
            "contract. Compare each member's roles with TradeDocuments.actions()"
            '["register"].roles.',
            "运行共识节点或身为委员会成员，并不赋予调用合约的权利。请把每个成员的角色与 "
            'TradeDocuments.actions()["register"].roles 比较。',
        )
    return (
        "Some members who hold the right role are missing. Check every member's roles, "
        "including those that run no node.",
        "漏掉了拥有该角色的成员。请检查每个成员的角色，包括不运行节点的成员。",
    )


# === 2 double financing (重复融资) =========================================================

# (member, invoice number, debtor, amount, bank): the financing requests, in this order.
FINANCING_REQUESTS = (
    ("leaf_farm", "INV-101", "Tea House", Decimal("300000.00"), "river_bank"),
    ("tea_house", "INV-7001", "City Hotel", Decimal("120000.00"), "harbour_bank"),
    ("leaf_farm", "INV-101", "Tea House", Decimal("300000.00"), "east_bank"),
    ("harbour_bank", "INV-900", "Tea House", Decimal("45000.00"), "harbour_bank"),
    ("leaf_farm", "INV-102", "Tea House", Decimal("80000.00"), "harbour_bank"),
    ("tea_house", "INV-7001", "City Hotel", Decimal("120000.00"), "river_bank"),
    ("leaf_farm", "INV-103", "Tea House", Decimal("80000.00"), "east_bank"),
)


def run_financing_requests() -> tuple[Decimal, ConsortiumChain]:
    """Send every request to a fresh registry; returns the total financed and the chain.

    >>> run_financing_requests()[1].height
    5
    """
    chain = ConsortiumChain(founders())
    docs = chain.deploy(TradeDocuments(), by="river_bank")
    total = Decimal("0.00")
    for member, invoice_no, debtor, amount, bank in FINANCING_REQUESTS:
        try:
            docs.register(invoice_key(invoice_no, debtor, amount), amount, bank, by=member)
        except ContractError:  # refused: a duplicate, or the wrong role
            continue
        total += amount
    return total, chain


@functools.cache
def _total_financed() -> Decimal:
    return run_financing_requests()[0]


def _sum_of(positions: tuple[int, ...]) -> Decimal:
    """The total amount of the requests at these positions (for typical wrong answers)."""
    return sum((FINANCING_REQUESTS[p][3] for p in positions), Decimal("0.00"))


_EVERY_REQUEST = _sum_of((0, 1, 2, 3, 4, 5, 6))
_ROLE_IGNORED = _sum_of((0, 1, 3, 4, 6))  # Harbour Bank's own request let through
_SAME_AMOUNT_AS_DUPLICATE = _sum_of((0, 1, 4))  # INV-103 taken for a copy of INV-102


@exercise(
    "basics.contracts.2",
    reference=_total_financed,
    wrong_answers=(_EVERY_REQUEST, _ROLE_IGNORED, _SAME_AMOUNT_AS_DUPLICATE, 580000.0, 4,
                   "580,000"),
    why=(
        "Four requests pass: INV-101, INV-7001, INV-102 and INV-103. The second presentations "
        "of INV-101 and INV-7001 are refused as double financing, and Harbour Bank may not "
        "register at all (no business role). INV-103 has the same amount as INV-102 but "
        "another number, so it is another invoice.",
        "通过的是四笔：INV-101、INV-7001、INV-102 和 INV-103。INV-101 和 INV-7001 的第二次提交"
        "作为重复融资被拒绝；Harbour Bank 没有业务方角色，根本不能登记。INV-103 与 INV-102 "
        "金额相同但编号不同，是另一张发票。",
    ),
)
def _double_financing_total(answer: Any) -> Bilingual | None:
    if isinstance(answer, float):
        return (
            "Money on a ledger is exact: give a Decimal, e.g. Decimal('1.00'), not a float.",
            "账本上的金额必须精确：请给出 Decimal，例如 Decimal('1.00')，而不是浮点数。",
        )
    if isinstance(answer, bool) or not isinstance(answer, (int, Decimal)):
        return (
            "Give the total as a Decimal (or a whole number of yuan), not text or a list.",
            "请把总额写成 Decimal（或以元为单位的整数），而不是文本或列表。",
        )
    if isinstance(answer, Decimal) and not answer.is_finite():
        return (
            "Give a finite amount of yuan.",
            "请给出一个有限的金额（元）。",
        )
    if answer == _total_financed():
        return None
    if answer == _EVERY_REQUEST:
        return (
            "That adds up every request, refused ones included. Only add a request when "
            "register goes through.",
            "这把所有请求都加上了，包括被拒绝的。只有 register 成功时才计入。",
        )
    if answer == _ROLE_IGNORED:
        return (
            "Harbour Bank's own request cannot go through: which role does register need, "
            "and does Harbour Bank hold it?",
            "Harbour Bank 自己提交的请求无法通过：register 需要什么角色？Harbour Bank 有吗？",
        )
    if answer == _SAME_AMOUNT_AS_DUPLICATE:
        return (
            "Two invoices with the same amount are not the same invoice: the key hashes the "
            "number and the debtor too.",
            "金额相同的两张发票并不是同一张发票：登记的键也对编号和债务人做了哈希。",
        )
    if answer < 1000:
        return (
            "That looks like a count of requests; the question asks for the amount in yuan.",
            "这看起来是请求的笔数；题目问的是以元计的金额。",
        )
    return (
        "Send the requests in order on a fresh chain, each inside try/except ContractError, "
        "and add the amount only after register succeeds.",
        "在一条新链上按顺序发送这些请求，每个都放在 try/except ContractError 中，"
        "register 成功后才把金额加上。",
    )


# === 3 a committee vote (委员会投票) =======================================================

# The motion admits West Bank; the votes come in this order.
WEST_BANK = Member("west_bank", node_kind="consensus", roles={"committee"})
VOTES = (("east_bank", True), ("harbour_bank", True), ("river_bank", False))


@functools.cache
def _vote_outcome() -> str:
    chain = ConsortiumChain(founders())
    proposal = chain.propose("river_bank", AddMember(WEST_BANK))
    status = "open"
    for name, approve in VOTES:
        status = chain.vote(proposal, by=name, approve=approve)
    return status


@exercise(
    "basics.contracts.3",
    reference=_vote_outcome,
    wrong_answers=("passed", "open", "accepted", "yes", True),
    why=(
        "Votes are weighed, not counted: East and Harbour bring 2 of the committee's 4, "
        "exactly one half, and a motion needs more than one half. Once River Bank (weight 2) "
        "says no, the approving weight can never exceed one half, so the chain closes it.",
        "投票按权重计算，而不是按人数：East 和 Harbour 的权重合计为委员会总权重 4 中的 2，"
        "恰好一半，而议案需要超过一半。River Bank（权重 2）投反对票后，赞成权重再也不可能超过"
        "一半，于是链把议案关闭。",
    ),
)
def _vote_status(answer: Any) -> Bilingual | None:
    given = word(answer)
    if given is None:
        return _NOT_TEXT
    if given == _vote_outcome():
        return None
    if given in ("passed", "accepted", "yes", "approved"):
        return (
            "Two of three banks said yes, but votes are weighed. Add up the approving weight "
            "and divide by the committee's total weight: is it more than 0.5?",
            "三家银行中有两家赞成，但投票按权重计算。把赞成的权重相加，"
            "再除以委员会的总权重：结果超过 0.5 吗？",
        )
    if given == "open":
        return (
            "Everyone on the committee has voted. Could any further vote still lift the "
            "approving weight above one half?",
            "委员会成员都已投票。还有哪一票能让赞成权重超过一半吗？",
        )
    return (
        'A proposal\'s status is one of three words; chain.vote(...) returns it. Try the '
        "votes on a fresh chain.",
        "议案的状态只有三种词；chain.vote(...) 会返回它。请在一条新链上试一试这些投票。",
    )


# === 4 tampering with a consortium block ===================================================


@functools.cache
def _seal_after_fixing_the_root() -> str:
    total, chain = run_financing_requests()
    honest = chain.blocks[2]  # Leaf Farm's INV-101 registration
    call = honest.calls[0]
    larger = call.arguments() | {"amount": Decimal("3000000.00")}
    forged_calls = (dataclasses.replace(call, args=encode_args(larger)),)
    root = merkle_root([forged.call_id() for forged in forged_calls])
    chain.tamper(2, dataclasses.replace(honest, calls=forged_calls,
                                        header=honest.header.replace(merkle_root=root)))
    found = chain.find_tampering()
    return found.reason if found is not None else ""


def _reason(answer: Any) -> str | None:
    """The reason word of an answer: text, or a tampering report that has `.reason`."""
    reason = getattr(answer, "reason", answer)
    return word(reason)


@exercise(
    "basics.contracts.4",
    reference=_seal_after_fixing_the_root,
    wrong_answers=("merkle", "pow", "link", "call", "genesis", None),
    why=(
        "With the root fixed the header changed, so the consensus nodes' signatures over the "
        "old header no longer fit. Nobody mines a consortium block: the seal of more than 2/3 "
        "of the known banks protects it, and a forger holds none of their private keys.",
        "默克尔根修好后，区块头变了，共识节点对原区块头的签名就不再匹配。联盟链的区块不靠挖矿："
        "保护它的是超过 2/3 的已知银行的签名，而伪造者没有它们的私钥。",
    ),
)
def _tamper_reason(answer: Any) -> Bilingual | None:
    given = _reason(answer)
    if given is None:
        return (
            "Give the reason as one word of text in quotes: what find_tampering().reason "
            "shows.",
            "请把原因写成带引号的一个词：即 find_tampering().reason 显示的内容。",
        )
    if given == _seal_after_fixing_the_root():
        return None
    if given == "merkle":
        return (
            "That is the report before the fix. Replace the header's Merkle root with the "
            "root of the forged calls, tamper again and ask find_tampering once more.",
            "这是修复之前的报告。把区块头的默克尔根换成伪造调用的根，"
            "再 tamper 一次，然后重新调用 find_tampering。",
        )
    if given == "pow":
        return (
            "Nobody mines on a consortium chain (bits 0). What else in a block depends on "
            "the header's hash?",
            "联盟链上没有人挖矿（bits 为 0）。区块里还有什么依赖区块头的哈希？",
        )
    if given == "link":
        return (
            "Block 2 still points at block 1 correctly. find_tampering names the first "
            "problem of the first bad block: check block 2 itself.",
            "第 2 号区块仍然正确地指向第 1 号区块。find_tampering 报告的是第一个坏区块的第一个"
            "问题：请检查第 2 号区块本身。",
        )
    if given == "call":
        return (
            "The forged call is indeed invalid, but the chain checks something about the "
            "whole block before it looks at the calls.",
            "伪造的调用确实无效，但链在检查调用之前，先检查了整个区块的另一样东西。",
        )
    return (
        "Run the tampering in the cell and print chain.find_tampering().reason.",
        "在单元格中执行篡改，然后打印 chain.find_tampering().reason。",
    )


# === 5 a plain hash hides nothing that can be guessed ===========================================

# Tea House numbers its invoices INV-100 to INV-199 and bills round amounts: whole 10,000s
# of yuan up to 500,000. A registry that stored plain SHA-256 fingerprints shows this one.
GUESS_NUMBERS = tuple(f"INV-{n}" for n in range(100, 200))
GUESS_AMOUNTS = tuple(Decimal(f"{10_000 * k}.00") for k in range(1, 51))
_SECRET_INVOICE = ("INV-173", "Tea House", Decimal("240000.00"))
PLAIN_FINGERPRINT = sha256("{}|{}|{}".format(*_SECRET_INVOICE).encode()).hex()


def _guess_the_invoice() -> str:
    for number in GUESS_NUMBERS:
        for amount in GUESS_AMOUNTS:
            if sha256(f"{number}|Tea House|{amount}".encode()).hex() == PLAIN_FINGERPRINT:
                return number
    return ""


@exercise(
    "basics.contracts.5",
    reference=_guess_the_invoice,
    wrong_answers=("INV-101", "INV-100", "240000.00", PLAIN_FINGERPRINT, None),
    why=(
        "5,000 guesses undo a plain SHA-256: a hash hides only what cannot be guessed. A keyed "
        "hash (HMAC) stops outsiders, yet every holder of the key can still run this search.",
        "5,000 次猜测就能破解普通 SHA-256：哈希只能隐藏猜不到的内容。带密钥的哈希（HMAC）能挡住"
        "外人，但每个持有密钥的成员仍然可以这样搜索。",
    ),
)
def _guessed_number(answer: Any) -> Bilingual | None:
    given = word(answer)
    if given is None:
        return _NOT_TEXT
    if given == _guess_the_invoice().lower():
        return None
    if given == PLAIN_FINGERPRINT:
        return (
            "That is the fingerprint itself; give the invoice number it hides, e.g. "
            '"INV-150".',
            '这是指纹本身；请给出它隐藏的发票号，例如 "INV-150"。',
        )
    if not given.startswith("inv-"):
        return (
            'Give an invoice number as text, e.g. "INV-150".',
            '请给出文本形式的发票号，例如 "INV-150"。',
        )
    return (
        "Hash every candidate f\"{number}|Tea House|{amount}\" with sha256(...).hex() and "
        "compare it with PLAIN_FINGERPRINT: two loops, 5,000 tries.",
        "用 sha256(...).hex() 对每个候选 f\"{number}|Tea House|{amount}\" 求哈希，"
        "与 PLAIN_FINGERPRINT 比较：两层循环，共 5,000 次尝试。",
    )
