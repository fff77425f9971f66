"""Digital credit vouchers (债权凭证) on a consortium chain: ICBC e-Xin (工银e信), Linklogis.

A bank grants a core enterprise (核心企业) a credit line (授信). The core enterprise issues a
voucher (签发) — a promise to pay on the due date — to a tier-1 supplier and confirms the
trade behind it (确权). Holders transfer (流转) and split (拆分) pieces upstream to their own
suppliers, any holder may finance a piece at a bank (融资), and at maturity the core enterprise
pays each final holder (兑付). Every piece traces back to its root (穿透).

Financing a piece is not a discount (贴现: a term of the Negotiable Instruments Law, for bills).
The holder assigns its receivable on the core enterprise to the bank (应收账款转让, 民法典
Arts. 545–550) and the bank books it as factoring (保理, 民法典 Arts. 761–769; 商业银行保理业务
管理暂行办法, CBRC 2014 No. 5). Interest is charged up front like the chapter's other financings:
face × rate × days / 360, so 300,000 at 3.6% with 90 days left costs 2,700 and pays 297,300.
Whether the bank keeps recourse (追索权) against the holder is the platform's choice:
`recourse=False` (the default) is the usual model of e-Xin-type platforms, where the bank relies
on the core enterprise's confirmed debt and the supplier's financing is final (银发〔2020〕226号
asks platforms to ease suppliers' financing on the strength of the core enterprise's credit);
with `recourse=True` a bank left unpaid after maturity claims the face back from the holder
that financed (民法典 Art. 766), and the claim on the core enterprise returns to that holder.

Term: the PBoC and five other departments' 2025 notice on supply-chain finance
(银发〔2025〕77号) says a receivables voucher's payment term should in principle be within six
months and never exceed one year. So the platform refuses a due date more than a year ahead,
and one more than six months ahead needs the core enterprise to state why (`long_term_reason`).

Statuses: ISSUED (waiting for confirmation), CONFIRMED (live, may move), SPLIT (frozen
parent), FINANCED (live, now held by the bank), SETTLED (paid), EXPIRED (reached maturity
unconfirmed, lapsed). A transfer keeps the status: only the holder changes.

Teaching simplifications: the platform operator registers each party's kind (bank, core
enterprise, supplier) and vouchers move only to suppliers; the credit line does not revolve
(everything issued counts, even when settled); the bank's consent to a financing and all
cash move off the chain, which records who is owed what; overdue interest and costs after a
default are left out; a voucher still unconfirmed at maturity lapses; the trade document is
kept by its reference in clear. A real platform would store a salted commitment instead
(`trade_commitment`): a plain hash of a guessable reference such as "PO-1" is found by trying
likely references, so it hides nothing.

>>> reg = VoucherRegistry()
>>> reg.grant_credit_line("core", "bank", 2_000_000)
Decimal('2000000.00')
>>> v = reg.confirm(reg.issue("core", "supplier1", 1_000_000, 180, "PO-1").id, by="core")
>>> a, b = reg.split(v.id, [300_000, 700_000], by="supplier1")
>>> reg.transfer(a.id, "supplier2", by="supplier1").holder
'supplier2'
>>> reg.finance(a.id, "bank", Decimal("0.036"), v.due - timedelta(days=90), by="supplier2").net
Decimal('297300.00')
>>> [(p.holder, p.amount) for p in reg.settle(on=v.due)]
[('bank', Decimal('300000.00')), ('supplier1', Decimal('700000.00'))]
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from ledgerkit.consortium import DEFAULT_START, AddMember, ConsortiumChain, GrantRole, Member
from ledgerkit.contracts import Contract, ContractError, Event, PermissionDenied, action
from ledgerkit.crypto import sha256
from ledgerkit.errors import InputError
from ledgerkit.finance.rates import add_months, as_decimal, days_between, discount_interest, to_fen
from ledgerkit.i18n import Phrase, register_strings

USUAL_TERM_MONTHS = 6  # 银发〔2025〕77号: in principle within six months ...
MAX_TERM_MONTHS = 12  # ... and never longer than one year

register_strings({
    "voucher.term_too_long": (
        "A voucher may run at most one year (银发〔2025〕77号): issued on {today}, it must fall "
        "due by {last}, not on {due}.",
        "债权凭证的付款期限最长不超过 1 年（银发〔2025〕77号）：{today} 签发的凭证最晚于 {last} "
        "到期，不能是 {due}。"),
    "voucher.term_needs_reason": (
        "A voucher should in principle fall due within six months (by {usual}; 银发〔2025〕77号): "
        "to issue one due on {due}, the core enterprise states why, e.g. "
        "long_term_reason=\"...\".",
        "债权凭证的付款期限原则上应在 6 个月以内（即 {usual} 之前；银发〔2025〕77号）：签发 {due} "
        "到期的凭证，核心企业须说明理由，例如 long_term_reason=\"...\"。"),
    "voucher.kind.bank": ("bank", "银行"),
    "voucher.kind.core": ("core enterprise", "核心企业"),
    "voucher.kind.supplier": ("supplier", "供应商"),
    "voucher.bad_kind": (
        "A party is a 'bank', a 'core' enterprise or a 'supplier'; got {kind!r}.",
        "参与方类型只能是 'bank'（银行）、'core'（核心企业）或 'supplier'（供应商）；"
        "实际为 {kind!r}。"),
    "voucher.bad_name": ("A party's name is text without surrounding spaces; got {name!r}.",
                         "参与方名称必须是首尾无空格的文本；实际为 {name!r}。"),
    "voucher.party_exists": ("{name} is already a party (a {kind}).",
                             "{name} 已是参与方（{kind}）。"),
    "voucher.unknown_party": (
        "{name!r} is not a party of this voucher platform (parties: {known}). Add it first "
        "with reg.add_party({name!r}, kind), kind being 'supplier', 'core' or 'bank'.",
        "{name!r} 不是本凭证平台的参与方（现有参与方：{known}）。请先用 "
        "reg.add_party({name!r}, kind) 加入，kind 为 'supplier'、'core' 或 'bank'。"),
    "voucher.not_business": (
        "{name!r} cannot be a party: parties are members of the chain with the business role "
        "(members: {known}).",
        "{name!r} 不能成为参与方：参与方必须是拥有业务方（business）角色的链上成员（现有成员："
        "{known}）。"),
    "voucher.grant_by_bank": ("Only a bank grants a credit line (授信); {name} is a {kind}.",
                              "只有银行才能授信；{name} 是{kind}。"),
    "voucher.line_for_core": ("A credit line goes to a core enterprise; {name} is a {kind}.",
                              "授信对象必须是核心企业；{name} 是{kind}。"),
    "voucher.issue_by_core": ("Only a core enterprise issues vouchers (签发); {name} is a "
                              "{kind}.", "只有核心企业才能签发凭证；{name} 是{kind}。"),
    "voucher.to_supplier": ("Vouchers go to suppliers; {name} is a {kind}.",
                            "凭证只能流转给供应商；{name} 是{kind}。"),
    "voucher.finance_at_bank": ("A piece is financed at a bank; {name} is a {kind}.",
                                "凭证只能向银行融资；{name} 是{kind}。"),
    "voucher.settle_by_core": ("Only a core enterprise settles vouchers (兑付); {name} is a "
                               "{kind}.", "只有核心企业才能兑付凭证；{name} 是{kind}。"),
    "voucher.bad_amount": (
        "{what} must be a positive amount in whole fen (分), e.g. Decimal('300000.00'); "
        "got {value!r}.",
        "{what} 必须是以分为最小单位的正金额，例如 Decimal('300000.00')；实际为 {value!r}。"),
    "voucher.bad_rate": (
        "The annual rate is a fraction above 0 and below 1, e.g. Decimal('0.036') for 3.6%; "
        "got {value!r}.",
        "年利率必须是大于 0、小于 1 的小数，例如 3.6% 写作 Decimal('0.036')；实际为 {value!r}。"),
    "voucher.bad_date": ("{what} must be a date, e.g. date(2025, 6, 30); got {value!r}.",
                         "{what} 必须是日期，例如 date(2025, 6, 30)；实际为 {value!r}。"),
    "voucher.due_not_future": ("The maturity date {due} must be after today ({today}).",
                               "到期日 {due} 必须晚于今天（{today}）。"),
    "voucher.bad_trade_ref": (
        "A voucher needs the reference of the trade document behind it (an invoice or "
        "contract number); got {value!r}.",
        "凭证必须注明其背后贸易单据的编号（发票号或合同号）；实际为 {value!r}。"),
    "voucher.trade_used": (
        "Trade document {trade_ref!r} already backs voucher {voucher}: one trade document "
        "backs at most one voucher, so one receivable cannot be financed twice.",
        "贸易单据 {trade_ref!r} 已支撑凭证 {voucher}：一份贸易单据最多支撑一张凭证，"
        "同一笔应收账款不能重复融资。"),
    "voucher.no_credit_line": (
        "{core} has no credit line: a bank must grant one first (授信), e.g. "
        "reg.grant_credit_line({core!r}, 'bank', limit).",
        "{core} 尚无授信额度：须先由银行授信，例如 reg.grant_credit_line({core!r}, 'bank', "
        "limit)。"),
    "voucher.over_limit": (
        "{core} has a credit line of {limit} and has issued {issued}, so it may issue at most "
        "{available} more; {amount} is too much.",
        "{core} 的授信额度为 {limit}，已签发 {issued}，最多还能签发 {available}；"
        "{amount} 超出额度。"),
    "voucher.line_below_issued": (
        "{core} has already issued {issued}; its credit lines cannot total less ({total}).",
        "{core} 已签发 {issued}；其授信额度合计不能低于该数（调整后为 {total}）。"),
    "voucher.unknown": ("There is no voucher {voucher!r}.", "不存在凭证 {voucher!r}。"),
    "voucher.not_issuer": ("Only the issuer {issuer} confirms {voucher} (确权); {who} may not.",
                           "只有签发人 {issuer} 才能对 {voucher} 确权；{who} 无权确权。"),
    "voucher.not_pending": (
        "{voucher} is {status}: only an issued voucher waits for confirmation.",
        "{voucher} 的状态为{status}：只有已签发、尚未确权的凭证才等待确权。"),
    "voucher.not_confirmed": (
        "{voucher} is not confirmed yet: nothing moves before the issuer confirms the trade "
        "(确权).",
        "{voucher} 尚未确权：签发人确权之前，凭证不能流转、拆分或融资。"),
    "voucher.closed": ("{voucher} is {status}: it is closed and can no longer change.",
                       "{voucher} 的状态为{status}：已了结，不能再变动。"),
    "voucher.is_split": ("{voucher} was split into {children}: the parent is frozen; use its "
                         "pieces.", "{voucher} 已拆分为 {children}：原凭证已冻结，请对子凭证"
                         "操作。"),
    "voucher.is_financed": (
        "{voucher} is financed at {bank}: a financed piece cannot be transferred, split or "
        "financed again.",
        "{voucher} 已在 {bank} 融资：已融资的凭证不能再转让、拆分或融资。"),
    "voucher.matured": (
        "{voucher} matured on {due} (today is {today}): after maturity only settlement is "
        "allowed.", "{voucher} 已于 {due} 到期（今天是 {today}）：到期后只能兑付。"),
    "voucher.not_holder": (
        "{who} does not hold {voucher} (its holder is {holder}): only the current holder "
        "transfers, splits or finances a piece.",
        "{who} 不是 {voucher} 的持有人（持有人为 {holder}）：只有当前持有人才能转让、拆分或"
        "融资。"),
    "voucher.self_transfer": ("{who} already holds {voucher}.", "{who} 已经持有 {voucher}。"),
    "voucher.split_count": ("A split needs a list of at least 2 amounts; got {value!r}.",
                            "拆分至少需要由 2 个金额组成的列表；实际为 {value!r}。"),
    "voucher.split_sum": (
        "The pieces add up to {total}, but {voucher} is worth {amount}: a split must add up "
        "exactly to the parent.",
        "拆分金额合计为 {total}，而 {voucher} 的金额为 {amount}：拆分后的金额之和必须恰好等于"
        "原凭证。"),
    "voucher.split_depth": (
        "{voucher} is at depth {depth}; this platform allows splitting down to depth "
        "{max_depth} only.",
        "{voucher} 已在第 {depth} 层；本平台最多只允许拆分到第 {max_depth} 层。"),
    "voucher.finance_date": (
        "The financing date {on} must be from today ({today}) and before maturity ({due}).",
        "融资日 {on} 必须不早于今天（{today}）且早于到期日（{due}）。"),
    "voucher.bad_max_depth": (
        "max_depth is a whole number of at least 1, or None for no cap; got {got!r}.",
        "max_depth 必须是不小于 1 的整数，或 None（不设上限）；实际为 {got!r}。"),
    "voucher.clock_back": ("The chain's clock only moves forward: today is {today}; {day} is "
                           "earlier.", "链上时钟只能向前走：今天是 {today}，{day} 更早。"),
    "voucher.no_recourse": (
        "{voucher} was financed without recourse (无追索权) on this platform: {bank} bears the "
        "risk that {core} does not pay and claims only from {core}, the debtor that confirmed "
        "the debt.",
        "{voucher} 在本平台上是无追索权融资：{core} 不付款的风险由 {bank} 承担，{bank} 只能向"
        "确认了该笔债务的债务人 {core} 主张权利。"),
    "voucher.recourse_not_financed": (
        "{voucher} is {status}: recourse (追索) is only for a financed piece.",
        "{voucher} 的状态为{status}：只有已融资的凭证才能追索。"),
    "voucher.recourse_by_bank": (
        "Only {bank}, the bank that financed {voucher}, may claim recourse; {who} may not.",
        "只有为 {voucher} 提供融资的银行 {bank} 才能追索；{who} 无权追索。"),
    "voucher.recourse_too_early": (
        "{voucher} falls due on {due} (today is {today}): the bank may claim recourse only "
        "after {core} failed to pay on the due date.",
        "{voucher} 于 {due} 到期（今天是 {today}）：{core} 到期未付款后，银行才能追索。"),
    "voucher.no_operator": (
        "The chain has no member with the operator role, so nobody can deploy the voucher "
        "contract.", "链上没有拥有运维方（operator）角色的成员，无法部署凭证合约。"),
})

ISSUED, CONFIRMED, SPLIT, FINANCED, SETTLED, EXPIRED = (
    "ISSUED", "CONFIRMED", "SPLIT", "FINANCED", "SETTLED", "EXPIRED")
LIVE = (ISSUED, CONFIRMED, FINANCED)  # the pieces that still carry a claim
KINDS = ("bank", "core", "supplier")
PLATFORM = "platform"
REGULATOR = "nfra_office"  # the NFRA local office (金融监管总局派出机构) supervising the banks
MIN_VALIDATORS = 4  # PBFT tolerates f = 1 faulty node from n = 3f + 1 = 4
DEFAULT_PARTIES = {"bank": "bank", "core": "core", "supplier1": "supplier",
                   "supplier2": "supplier", "supplier3": "supplier"}


@dataclass(frozen=True)
class Voucher:
    """A voucher or a piece of one (凭证 / 子凭证). Immutable: the registry replaces it.

    >>> Voucher("V1", "core", "supplier1", Decimal("1000.00"), date(2025, 6, 30), "PO-1",
    ...         date(2025, 1, 1), "V1", None, 0, "ISSUED").root_id
    'V1'
    """

    id: str
    issuer: str
    holder: str
    amount: Decimal
    due: date
    trade_ref: str
    created: date
    root_id: str
    parent_id: str | None
    depth: int
    status: str
    children: tuple[str, ...] = ()

    def __deepcopy__(self, memo: dict) -> Voucher:
        return self  # immutable: the chain's trial copies may share it


@dataclass(frozen=True)
class Financing:
    """The financing of one piece at a bank (融资): an assignment of the receivable booked as
    factoring (保理), not a discount (贴现). Interest up front = face × rate × days / 360;
    `recourse` says whether the bank may turn back to the seller if the core does not pay.

    >>> Financing("V1.1", "C", "bank", Decimal("300000.00"), Decimal("0.036"),
    ...           date(2025, 4, 1), date(2025, 6, 30), 90, Decimal("2700.00"),
    ...           Decimal("297300.00")).net
    Decimal('297300.00')
    """

    piece_id: str
    seller: str
    bank: str
    face: Decimal
    annual_rate: Decimal
    on: date
    due: date
    days: int
    interest: Decimal
    net: Decimal
    recourse: bool = False

    def __deepcopy__(self, memo: dict) -> Financing:
        return self


@dataclass(frozen=True)
class Recourse:
    """A bank's recourse claim (追索) on the holder that financed a piece the core enterprise
    did not pay: the face, i.e. the advance plus the interest charged up front (民法典 Art. 766).

    >>> Recourse("bank", "supplier2", Decimal("300000.00"), "V1.1").amount
    Decimal('300000.00')
    """

    bank: str
    seller: str
    amount: Decimal
    voucher_id: str


@dataclass(frozen=True)
class Payment:
    """What settlement pays (兑付): `amount` to `holder` for piece `voucher_id`.

    >>> Payment("bank", Decimal("300000.00"), "V1.1").holder
    'bank'
    """

    holder: str
    amount: Decimal
    voucher_id: str


def _status(voucher: Voucher) -> Phrase:
    """The voucher's status in words for a message (已确权 in Chinese, not CONFIRMED).

    >>> _status(Voucher("V1", "core", "s1", Decimal(1), date(2025, 9, 1), "PO-1",
    ...                 date(2025, 3, 1), "V1", None, 0, "CONFIRMED")).in_language("zh")
    '已确权'
    """
    return Phrase(f"vs.status.{voucher.status}")


class FrozenValues(dict):
    """A dict whose values never change in place (text, Decimal, frozen dataclasses), so a
    shallow copy is already a deep one. The chain copies a contract's state before every
    call (to revert a refusal); this keeps that copy fast when there are many vouchers.

    >>> import copy
    >>> book = FrozenValues(V1=Decimal("1.00")); copy.deepcopy(book) == book
    True
    """

    def __deepcopy__(self, memo: dict) -> FrozenValues:
        return FrozenValues(self)


def trade_hash(trade_ref: str) -> str:
    """The key of a trade document: sha256 of its reference, in hex. It is the same for
    everyone, so the platform can refuse a second voucher on one document; for the same
    reason it hides nothing: whoever guesses "PO-1" computes the same key.

    >>> trade_hash("PO-1")[:16]
    '515a3e1231a892d0'
    """
    return sha256(trade_ref.encode()).hex()


def trade_commitment(trade_ref: str, salt: bytes) -> str:
    """A salted commitment to a trade document: sha256(salt ‖ reference), in hex. With a
    random salt of 16 bytes or more kept off chain, nobody can confirm a guessed reference;
    the holder of the salt can later open it. Unlike `trade_hash` it cannot catch duplicates
    across parties, who do not share the salt (that is a registry's job: 中登网).

    >>> salt = bytes(16)
    >>> trade_commitment("PO-1", salt) == trade_hash("PO-1"), len(trade_commitment("PO-1", salt))
    (False, 64)
    """
    return sha256(salt + trade_ref.encode()).hex()


class CreditVouchers(Contract):
    """The voucher contract (债权凭证合约). Parties are members with a kind: bank, core or
    supplier; the platform operator registers them. `max_depth` caps splitting (None: no cap);
    `recourse` says whether a financing keeps recourse against the seller (default: without).
    Actions are called through the chain; views work on the snapshot `chain.read` gives.

    >>> parties = {"bank": "bank", "A": "core", "B": "supplier"}
    >>> chain = ConsortiumChain(default_members(parties))
    >>> vouchers = chain.deploy(CreditVouchers(parties, max_depth=3), by="platform")
    >>> vouchers.grant_credit_line(core="A", limit=Decimal(500), by="bank")
    Decimal('500.00')
    >>> vouchers.issue("B", Decimal(500), date(2025, 3, 1), "INV-1", by="A").id
    'V1'
    >>> chain.read("CreditVouchers", by=REGULATOR).voucher("V1").status
    'ISSUED'
    """

    def __init__(self, parties: dict[str, str] | None = None,
                 max_depth: int | None = None, recourse: bool = False) -> None:
        if max_depth is not None and (isinstance(max_depth, bool)
                                      or not isinstance(max_depth, int) or max_depth < 1):
            raise InputError("voucher.bad_max_depth", got=max_depth)
        for kind in (parties or {}).values():
            if kind not in KINDS:
                raise InputError("voucher.bad_kind", kind=kind)
        self.parties: dict[str, str] = FrozenValues(parties or {})
        self.max_depth = max_depth
        self.recourse = bool(recourse)
        self.credit_lines: dict[str, dict[str, Decimal]] = {}  # core -> bank -> limit
        self.issued: dict[str, Decimal] = FrozenValues()  # core -> all it ever issued
        self.trade_documents: dict[str, str] = FrozenValues()  # trade_hash -> root id
        self.vouchers: dict[str, Voucher] = FrozenValues()
        self.financings: dict[str, Financing] = FrozenValues()
        self.recourses: dict[str, Recourse] = FrozenValues()
        self.roots = 0

    # --- views ---
    def voucher(self, voucher_id: str) -> Voucher:
        """The voucher or piece `voucher_id`, e.g. voucher("V1.2"); refuses an unknown id."""
        found = self.vouchers.get(voucher_id) if isinstance(voucher_id, str) else None
        self.require(found is not None, "voucher.unknown", voucher=voucher_id)
        return found

    def lineage(self, voucher_id: str) -> list[Voucher]:
        """[root, ..., piece]: the path from the root receivable down to a piece (穿透),
        e.g. lineage("V1.2.1") gives V1, V1.2, V1.2.1."""
        path = [self.voucher(voucher_id)]
        while path[0].parent_id is not None:
            path.insert(0, self.vouchers[path[0].parent_id])
        return path

    def live_pieces(self, voucher_id: str) -> list[Voucher]:
        """The live pieces (ISSUED, CONFIRMED, FINANCED) under `voucher_id`, in tree order,
        e.g. live_pieces("V1") after a split: [V1.1, V1.2]."""
        node = self.voucher(voucher_id)
        if node.status == SPLIT:
            return [piece for child in node.children for piece in self.live_pieces(child)]
        return [node] if node.status in LIVE else []

    def tree(self, voucher_id: str) -> dict[str, Any]:
        """A nested dict to draw, e.g. tree("V1") = {"id": "V1", "holder": ..., "amount": ...,
        "status": "SPLIT", "depth": 0, "due": ..., "children": [{"id": "V1.1", ...}, ...]}."""
        node = self.voucher(voucher_id)
        return {"id": node.id, "holder": node.holder, "amount": node.amount,
                "status": node.status, "depth": node.depth, "due": node.due,
                "children": [self.tree(child) for child in node.children]}

    def credit_available(self, core: str) -> Decimal:
        """How much more `core` may issue: its credit lines minus everything it issued,
        e.g. credit_available("A") == Decimal("0.00") after the example above."""
        limit = sum(self.credit_lines.get(core, {}).values(), Decimal("0.00"))
        return limit - self.issued.get(core, Decimal("0.00"))

    # --- actions ---
    @action(roles={"operator"})
    def register_party(self, ctx: Any, name: str, kind: str) -> None:
        """Register member `name` as a bank, core enterprise or supplier (the platform's job),
        e.g. vouchers.register_party("C", "supplier", by="platform")."""
        self.require(isinstance(name, str) and name.strip() == name != "", "voucher.bad_name",
                     name=name)
        self.require(kind in KINDS, "voucher.bad_kind", kind=kind)
        if name in self.parties:
            self.refuse("voucher.party_exists", name=name, kind=self._kind_phrase(name))
        self.parties[name] = kind
        ctx.emit("party_registered", name=name, kind=kind)

    @action(roles={"business"})
    def grant_credit_line(self, ctx: Any, core: str, limit: Decimal) -> Decimal:
        """The sending bank sets its credit line (授信) to `core`; returns core's total line,
        e.g. vouchers.grant_credit_line("A", Decimal(500), by="bank")."""
        bank = self._party(ctx.sender.name, "bank", "voucher.grant_by_bank")
        self._party(core, "core", "voucher.line_for_core")
        lines = {**self.credit_lines.get(core, {}), bank: self._money(limit, "limit")}
        total, issued = sum(lines.values()), self.issued.get(core, Decimal("0.00"))
        self.require(total >= issued, "voucher.line_below_issued", core=core, issued=issued,
                     total=total)
        self.credit_lines[core] = lines
        ctx.emit("credit_granted", bank=bank, core=core, limit=lines[bank], total=total)
        return total

    @action(roles={"business"})
    def issue(self, ctx: Any, to: str, amount: Decimal, due: date, trade_ref: str,
              long_term_reason: str = "") -> Voucher:
        """The sending core enterprise issues a voucher (签发) to supplier `to`, e.g.
        vouchers.issue("B", Decimal(500), date(2025, 3, 1), "INV-1", by="A"). A term over six
        months needs `long_term_reason`; over a year is refused (银发〔2025〕77号)."""
        core = self._party(ctx.sender.name, "core", "voucher.issue_by_core")
        self._party(to, "supplier", "voucher.to_supplier")
        amount = self._money(amount, "amount")
        self._date(due, "due")
        self.require(due > ctx.today, "voucher.due_not_future", due=due, today=ctx.today)
        last = add_months(ctx.today, MAX_TERM_MONTHS)
        self.require(due <= last, "voucher.term_too_long", today=ctx.today, last=last, due=due)
        usual = add_months(ctx.today, USUAL_TERM_MONTHS)
        self.require(due <= usual or (isinstance(long_term_reason, str)
                                      and long_term_reason.strip()),
                     "voucher.term_needs_reason", usual=usual, due=due)
        self.require(isinstance(trade_ref, str) and trade_ref.strip(), "voucher.bad_trade_ref",
                     value=trade_ref)
        key = trade_hash(trade_ref)
        self.require(key not in self.trade_documents, "voucher.trade_used", trade_ref=trade_ref,
                     voucher=self.trade_documents.get(key))
        self.require(core in self.credit_lines, "voucher.no_credit_line", core=core)
        available = self.credit_available(core)
        self.require(amount <= available, "voucher.over_limit", core=core, amount=amount,
                     available=available, issued=self.issued.get(core, Decimal("0.00")),
                     limit=available + self.issued.get(core, Decimal("0.00")))
        self.roots += 1
        voucher = Voucher(f"V{self.roots}", core, to, amount, due, trade_ref, ctx.today,
                          f"V{self.roots}", None, 0, ISSUED)
        self.vouchers[voucher.id] = voucher
        self.issued[core] = self.issued.get(core, Decimal("0.00")) + amount
        self.trade_documents[key] = voucher.id
        ctx.emit("issued", voucher=voucher.id, issuer=core, holder=to, amount=amount, due=due,
                 trade_hash=key, **({"long_term_reason": long_term_reason.strip()}
                                    if due > usual else {}))
        return voucher

    @action(roles={"business"})
    def confirm(self, ctx: Any, voucher_id: str) -> Voucher:
        """The issuer confirms the trade (确权); from then on the voucher may move, e.g.
        vouchers.confirm("V1", by="A")."""
        voucher = self.voucher(voucher_id)
        self.require(voucher.issuer == ctx.sender.name, "voucher.not_issuer",
                     issuer=voucher.issuer, voucher=voucher.id, who=ctx.sender.name)
        self.require(voucher.status == ISSUED, "voucher.not_pending", voucher=voucher.id,
                     status=_status(voucher))
        self._before_maturity(ctx, voucher)
        return self._put(ctx, "confirmed", dataclasses.replace(voucher, status=CONFIRMED))

    @action(roles={"business"})
    def split(self, ctx: Any, voucher_id: str, amounts: list[Decimal]) -> list[Voucher]:
        """The holder splits a piece (拆分) into ≥ 2 pieces that add up exactly to it, e.g.
        vouchers.split("V1", [Decimal(200), Decimal(300)], by="B")."""
        parent = self._movable(ctx, voucher_id)
        self.require(isinstance(amounts, list) and len(amounts) >= 2, "voucher.split_count",
                     value=amounts)
        pieces = [self._money(value, f"amounts[{i}]") for i, value in enumerate(amounts)]
        self.require(sum(pieces) == parent.amount, "voucher.split_sum", total=sum(pieces),
                     voucher=parent.id, amount=parent.amount)
        self.require(self.max_depth is None or parent.depth < self.max_depth,
                     "voucher.split_depth", voucher=parent.id, depth=parent.depth,
                     max_depth=self.max_depth)
        children = [dataclasses.replace(parent, id=f"{parent.id}.{i}", amount=amount,
                                        created=ctx.today, parent_id=parent.id,
                                        depth=parent.depth + 1, children=())
                    for i, amount in enumerate(pieces, start=1)]
        self.vouchers.update((child.id, child) for child in children)
        self._put(ctx, "split", dataclasses.replace(
            parent, status=SPLIT, children=tuple(child.id for child in children)),
            pieces=[child.id for child in children], amounts=pieces)
        return children

    @action(roles={"business"})
    def transfer(self, ctx: Any, voucher_id: str, to: str) -> Voucher:
        """The holder transfers a whole piece (流转) to supplier `to`, e.g.
        vouchers.transfer("V1.1", "C", by="B")."""
        piece = self._movable(ctx, voucher_id)
        self._party(to, "supplier", "voucher.to_supplier")
        self.require(to != piece.holder, "voucher.self_transfer", who=to, voucher=piece.id)
        return self._put(ctx, "transferred", dataclasses.replace(piece, holder=to),
                         giver=piece.holder)

    @action(roles={"business"})
    def finance(self, ctx: Any, voucher_id: str, bank: str, annual_rate: Decimal,
                on: date) -> Financing:
        """The holder finances a piece at `bank` (融资) on date `on`: it assigns the receivable
        (应收账款转让, 民法典 Art. 545), booked as factoring (保理); the bank becomes its holder
        and is paid at maturity, e.g.
        vouchers.finance("V1.1", "bank", Decimal("0.036"), date(2025, 2, 1), by="C")."""
        piece = self._movable(ctx, voucher_id)
        self._party(bank, "bank", "voucher.finance_at_bank")
        rate = self._rate(annual_rate)
        self._date(on, "on")
        self.require(ctx.today <= on < piece.due, "voucher.finance_date", on=on,
                     today=ctx.today, due=piece.due)
        days = days_between(on, piece.due)
        interest = discount_interest(piece.amount, rate, days)
        financing = Financing(piece.id, piece.holder, bank, piece.amount, rate, on, piece.due,
                              days, interest, piece.amount - interest, self.recourse)
        self.financings[piece.id] = financing
        self._put(ctx, "financed", dataclasses.replace(piece, holder=bank, status=FINANCED),
                  seller=piece.holder, interest=interest, net=financing.net, days=days,
                  recourse=self.recourse)
        return financing

    @action(roles={"business"})
    def claim_recourse(self, ctx: Any, voucher_id: str) -> Recourse:
        """The bank that financed a piece, left unpaid after maturity, claims the face back
        from the holder that financed it (追索, 民法典 Art. 766: with recourse only). The claim
        on the core enterprise returns to that holder, e.g.
        vouchers.claim_recourse("V1.1", by="bank")."""
        piece = self.voucher(voucher_id)
        self.require(piece.status == FINANCED, "voucher.recourse_not_financed",
                     voucher=piece.id, status=_status(piece))
        self.require(piece.holder == ctx.sender.name, "voucher.recourse_by_bank",
                     bank=piece.holder, voucher=piece.id, who=ctx.sender.name)
        financing = self.financings[piece.id]
        self.require(financing.recourse, "voucher.no_recourse", voucher=piece.id,
                     bank=piece.holder, core=piece.issuer)
        self.require(ctx.today > piece.due, "voucher.recourse_too_early", voucher=piece.id,
                     due=piece.due, today=ctx.today, core=piece.issuer)
        claim = Recourse(piece.holder, financing.seller, piece.amount, piece.id)
        self.recourses[piece.id] = claim
        self._put(ctx, "recourse", dataclasses.replace(piece, holder=financing.seller,
                                                       status=CONFIRMED),
                  bank=claim.bank, seller=claim.seller)
        return claim

    @action(roles={"business"})
    def settle(self, ctx: Any) -> list[Payment]:
        """The sending core enterprise pays every live piece it issued that is due (兑付):
        each holder once; unconfirmed vouchers lapse (EXPIRED). E.g. vouchers.settle(by="A")."""
        core = self._party(ctx.sender.name, "core", "voucher.settle_by_core")
        payments = []
        for piece in list(self.vouchers.values()):
            if piece.issuer != core or piece.due > ctx.today or piece.status not in LIVE:
                continue
            if piece.status == ISSUED:
                self._put(ctx, "expired", dataclasses.replace(piece, status=EXPIRED))
            else:
                payments.append(Payment(piece.holder, piece.amount, piece.id))
                self._put(ctx, "settled", dataclasses.replace(piece, status=SETTLED))
        return payments

    # --- inside ---
    def _put(self, ctx: Any, event: str, voucher: Voucher, **fields: Any) -> Voucher:
        self.vouchers[voucher.id] = voucher
        ctx.emit(event, voucher=voucher.id, holder=voucher.holder, amount=voucher.amount,
                 **fields)
        return voucher

    def _kind_phrase(self, name: str) -> Phrase:
        return Phrase(f"voucher.kind.{self.parties[name]}")

    def _party(self, name: str, kind: str, rule: str) -> str:
        known = isinstance(name, str) and name in self.parties
        self.require(known, "voucher.unknown_party", name=name,
                     known=", ".join(sorted(self.parties)))
        self.require(self.parties[name] == kind, rule, name=name, kind=self._kind_phrase(name))
        return name

    def _issuers_due(self, day: date) -> list[str]:
        return sorted({v.issuer for v in self.vouchers.values()
                       if v.due <= day and v.status in LIVE})

    def _movable(self, ctx: Any, voucher_id: str) -> Voucher:
        """The piece, if its holder (the sender) may transfer, split or finance it now."""
        piece = self.voucher(voucher_id)
        self.require(piece.status not in (SETTLED, EXPIRED), "voucher.closed",
                     voucher=piece.id, status=_status(piece))
        self.require(piece.status != SPLIT, "voucher.is_split", voucher=piece.id,
                     children=", ".join(piece.children))
        self.require(piece.status != FINANCED, "voucher.is_financed", voucher=piece.id,
                     bank=piece.holder)
        self.require(piece.status != ISSUED, "voucher.not_confirmed", voucher=piece.id)
        self._before_maturity(ctx, piece)
        self.require(piece.holder == ctx.sender.name, "voucher.not_holder",
                     who=ctx.sender.name, voucher=piece.id, holder=piece.holder)
        return piece

    def _before_maturity(self, ctx: Any, voucher: Voucher) -> None:
        self.require(ctx.today < voucher.due, "voucher.matured", voucher=voucher.id,
                     due=voucher.due, today=ctx.today)

    def _money(self, value: Any, what: str) -> Decimal:
        try:
            amount = as_decimal(value, what)
        except InputError:
            amount = Decimal("NaN")
        self.require(amount.is_finite() and amount > 0 and amount == to_fen(amount),
                     "voucher.bad_amount", what=what, value=value)
        return to_fen(amount)

    def _rate(self, value: Any) -> Decimal:
        try:
            rate = as_decimal(value, "annual_rate")
        except InputError:
            rate = Decimal("NaN")
        self.require(rate.is_finite() and 0 < rate < 1, "voucher.bad_rate", value=value)
        return rate

    def _date(self, value: Any, what: str) -> None:
        self.require(isinstance(value, date) and not isinstance(value, datetime),
                     "voucher.bad_date", what=what, value=value)


def default_members(parties: dict[str, str]) -> list[Member]:
    """A typical voucher consortium: the platform (operator) and the banks run the consensus
    nodes and form the committee; core enterprises run observer nodes (their confirmations
    are what the banks rely on, so they do not sign blocks); suppliers run no node; the
    banking supervisor's local office (国家金融监督管理总局派出机构: the banks' financing is
    factoring it supervises) observes everything (穿透式监管). PBFT needs 4 consensus nodes to
    survive one faulty node (n = 3f + 1), so when the parties bring fewer banks, other banks of
    the consortium keep the books without doing business in the example, as on multi-bank
    platforms (e.g. the PBoC trade-finance platform's 30 banks).

    >>> [m.name for m in default_members({"bank": "bank", "A": "core"})]
    ['platform', 'bank', 'consortium_bank1', 'consortium_bank2', 'A', 'nfra_office']
    """
    members = [Member(PLATFORM, node_kind="consensus", roles={"committee", "operator"})]
    banks = [name for name, kind in parties.items() if kind == "bank"]
    members += [Member(name, node_kind="consensus", roles={"committee", "business"})
                for name in banks]
    peers = (f"consortium_bank{i}" for i in range(1, MIN_VALIDATORS + 1))
    missing = max(0, MIN_VALIDATORS - len(members))
    members += [Member(name, node_kind="consensus", roles={"committee"})
                for name in [p for p in peers if p not in parties][:missing]]
    for name, kind in parties.items():
        if kind != "bank":
            node = "observer" if kind == "core" else "none"
            members.append(Member(name, node_kind=node, roles={"business"}))
    return [*members, Member(REGULATOR, node_kind="observer", roles={"regulator"})]


class VoucherRegistry:
    """The voucher platform for notebooks (债权凭证平台): a `CreditVouchers` contract on its own
    consortium chain (or on `chain`), with methods that take the acting party as `by=name`.
    Default parties: bank, core, and suppliers supplier1..3 (tiers 1 to 3). `recourse=True`
    makes every financing keep recourse against the seller (default: without recourse).

    >>> reg = VoucherRegistry(parties={"bank": "bank", "A": "core", "B": "supplier"})
    >>> sorted(reg.parties), reg.today
    (['A', 'B', 'bank'], datetime.date(2025, 1, 1))
    """

    def __init__(self, chain: ConsortiumChain | None = None, *,
                 parties: dict[str, str] | None = None, max_depth: int | None = None,
                 name: str = "CreditVouchers", start: date = DEFAULT_START,
                 recourse: bool = False) -> None:
        if chain is None:
            parties = dict(DEFAULT_PARTIES if parties is None else parties)
            CreditVouchers(parties)  # check the kinds before building a chain
            chain = ConsortiumChain(default_members(parties), start=start)
        members = chain.members
        for party in parties or {}:
            if "business" not in getattr(members.get(party), "roles", ()):
                raise PermissionDenied("voucher.not_business", name=party,
                                       known=", ".join(sorted(members)))
        operator = next((m for m in members.values() if "operator" in m.roles), None)
        if operator is None:
            raise ContractError("voucher.no_operator")
        self.chain, self.name, self._operator = chain, name, operator.name
        self._contract = chain.deploy(CreditVouchers(parties, max_depth, recourse),
                                      by=operator.name, name=name)

    # --- reading ---
    @property
    def today(self) -> date:
        """The chain's date."""
        return self.chain.today

    @property
    def recourse(self) -> bool:
        """Whether financings on this platform keep recourse against the seller (追索权)."""
        return self._contract.recourse

    @property
    def parties(self) -> dict[str, str]:
        """Party name -> kind ('bank', 'core' or 'supplier')."""
        return dict(self._contract.parties)

    def voucher(self, voucher_id: str) -> Voucher:
        """The voucher or piece `voucher_id`.

        >>> VoucherRegistry().voucher("V9")
        Traceback (most recent call last):
        ...
        ledgerkit.contracts.ContractError: There is no voucher 'V9'.
        """
        return self._contract.voucher(voucher_id)

    def lineage(self, voucher_id: str) -> list[Voucher]:
        """[root, ..., piece]: every piece traces back to its root receivable (穿透).

        >>> reg = _demo()
        >>> [v.id for v in reg.lineage("V1.1")]
        ['V1', 'V1.1']
        """
        return self._contract.lineage(voucher_id)

    def live_pieces(self, root_id: str) -> list[Voucher]:
        """The live pieces of a root: they add up to the root minus what was settled.

        >>> [(v.id, v.holder) for v in _demo().live_pieces("V1")]
        [('V1.1', 'supplier2'), ('V1.2', 'supplier1')]
        """
        return self._contract.live_pieces(root_id)

    def tree(self, root_id: str) -> dict[str, Any]:
        """The voucher tree as nested dicts (id, holder, amount, status, depth, due, children).

        >>> [child["amount"] for child in _demo().tree("V1")["children"]]
        [Decimal('300000.00'), Decimal('700000.00')]
        """
        return self._contract.tree(root_id)

    def credit_available(self, core: str) -> Decimal:
        """How much more `core` may issue under its credit lines.

        >>> _demo().credit_available("core")
        Decimal('1000000.00')
        """
        return self._contract.credit_available(core)

    def events(self, name: str | None = None) -> list[Event]:
        """This contract's events, oldest first (optionally only those called `name`).

        >>> [e["voucher"] for e in _demo().events("split")]
        ['V1']
        """
        return self.chain.events(contract=self.name, name=name)

    def state_bytes(self) -> bytes:
        """The chain's canonical state (this contract's state included): a refused call
        leaves it byte for byte the same.

        >>> reg = VoucherRegistry(); reg.state_bytes() == reg.state_bytes()
        True
        """
        return self.chain.state_bytes()

    # --- acting ---
    def add_party(self, name: str, kind: str) -> None:
        """Register `name` as a 'bank', 'core' or 'supplier'; a newcomer is first admitted to
        the chain by a committee vote, as a business user without a node.

        >>> reg = VoucherRegistry(); reg.add_party("supplier4", "supplier")
        >>> reg.parties["supplier4"], reg.chain.members["supplier4"].roles
        ('supplier', frozenset({'business'}))
        """
        self.chain.call(self.name, "register_party", by=self._operator, name=name, kind=kind)
        member = self.chain.members.get(name)
        if member is None:
            self._vote(AddMember(Member(name, roles={"business"})))
        elif "business" not in member.roles:
            self._vote(GrantRole(name, "business"))

    def grant_credit_line(self, core: str, bank: str, limit: Decimal | int) -> Decimal:
        """`bank` sets its credit line to `core` (授信); returns core's total line.

        >>> VoucherRegistry().grant_credit_line("core", "bank", 5_000_000)
        Decimal('5000000.00')
        """
        return self._call("grant_credit_line", bank, core=core, limit=limit)

    def issue(self, core: str, to: str, amount: Decimal | int, due: date | int,
              trade_ref: str, long_term_reason: str = "") -> Voucher:
        """`core` issues a voucher to `to` (签发), due on `due` (a date, or a number of days
        from today), backed by the trade document `trade_ref`. Beyond six months the core
        enterprise gives `long_term_reason`; beyond a year the platform refuses.

        >>> reg = VoucherRegistry(); _ = reg.grant_credit_line("core", "bank", 10**6)
        >>> reg.issue("core", "supplier1", 10**6, 180, "PO-7").status
        'ISSUED'
        """
        if isinstance(due, int) and not isinstance(due, bool):
            due = self.today + timedelta(days=due)
        # Passed only when given, so the calls signed into earlier chains stay the same.
        reason = {"long_term_reason": long_term_reason} if long_term_reason else {}
        return self._call("issue", core, to=to, amount=amount, due=due, trade_ref=trade_ref,
                          **reason)

    def confirm(self, voucher_id: str, *, by: str) -> Voucher:
        """The issuer confirms the trade (确权); only then may the voucher move.

        >>> _demo().confirm("V1", by="supplier1")
        Traceback (most recent call last):
        ...
        ledgerkit.contracts.ContractError: Only the issuer core confirms V1 (确权); ...
        """
        return self._call("confirm", by, voucher_id=voucher_id)

    def split(self, voucher_id: str, amounts: list[Decimal | int], *, by: str) -> list[Voucher]:
        """The holder splits a piece (拆分) into pieces that add up exactly to it.

        >>> [(v.id, v.amount) for v in _demo().split("V1.2", [200_000, 500_000], by="supplier1")]
        [('V1.2.1', Decimal('200000.00')), ('V1.2.2', Decimal('500000.00'))]
        """
        amounts = list(amounts) if isinstance(amounts, (list, tuple)) else amounts
        return self._call("split", by, voucher_id=voucher_id, amounts=amounts)

    def transfer(self, voucher_id: str, to: str, *, by: str) -> Voucher:
        """The holder transfers a whole piece (流转) to supplier `to`.

        >>> _demo().transfer("V1.1", "supplier3", by="supplier2").holder
        'supplier3'
        """
        return self._call("transfer", by, voucher_id=voucher_id, to=to)

    def finance(self, voucher_id: str, bank: str, annual_rate: Decimal | str,
                on: date | None = None, *, by: str) -> Financing:
        """The holder finances a piece at `bank` (融资: an assignment of the receivable booked as
        factoring, not a 贴现) on `on` (default today); interest, charged up front, is
        face × rate × days / 360 with days = days_between(on, due). The bank becomes the
        holder.

        >>> f = _demo().finance("V1.1", "bank", Decimal("0.036"), by="supplier2")
        >>> f.days, f.interest, f.net
        (180, Decimal('5400.00'), Decimal('294600.00'))
        """
        on = self.today if on is None else on
        return self._call("finance", by, voucher_id=voucher_id, bank=bank,
                          annual_rate=annual_rate, on=on)

    def settle(self, on: date | None = None, *, defaulting: tuple[str, ...] = ()) -> list[Payment]:
        """Move the clock to `on` (default: stay) and let every core enterprise pay its due
        pieces (兑付): each live holder once, the bank for financed pieces. The core
        enterprises named in `defaulting` do not pay (a default, 违约): their pieces stay open.

        >>> reg = _demo(); reg.settle(on=reg.voucher("V1").due)[0]
        Payment(holder='supplier2', amount=Decimal('300000.00'), voucher_id='V1.1')
        """
        if on is not None:
            self.advance_to(on)
        payments: list[Payment] = []
        with self.chain.batch():
            for core in self._contract._issuers_due(self.today):
                if core not in defaulting:
                    payments += self._call("settle", core)
        return payments

    def claim_recourse(self, voucher_id: str, *, by: str) -> Recourse:
        """The bank `by` that financed `voucher_id`, unpaid after maturity, claims the face
        from the holder that financed it (追索); refused on a platform without recourse.

        >>> reg = VoucherRegistry(recourse=True); _ = reg.grant_credit_line("core", "bank", 10**6)
        >>> v = reg.confirm(reg.issue("core", "supplier1", 10**6, 180, "PO-1").id, by="core")
        >>> _ = reg.finance("V1", "bank", Decimal("0.036"), by="supplier1")
        >>> reg.settle(on=v.due + timedelta(days=1), defaulting=("core",))
        []
        >>> reg.claim_recourse("V1", by="bank")
        Recourse(bank='bank', seller='supplier1', amount=Decimal('1000000.00'), voucher_id='V1')
        """
        return self._call("claim_recourse", by, voucher_id=voucher_id)

    def advance_to(self, day: date) -> date:
        """Move the chain's clock forward to `day`.

        >>> VoucherRegistry().advance_to(date(2025, 3, 1))
        datetime.date(2025, 3, 1)
        """
        if not isinstance(day, date) or isinstance(day, datetime):
            raise InputError("voucher.bad_date", what="day", value=day)
        if day < self.today:
            raise InputError("voucher.clock_back", today=self.today, day=day)
        return self.chain.advance(days=(day - self.today).days)

    def _call(self, action_name: str, by: str, **args: Any) -> Any:
        if by not in self.chain.members:  # say how to join, not only "not a member"
            raise PermissionDenied("voucher.unknown_party", name=by,
                                   known=", ".join(sorted(self._contract.parties)))
        return self.chain.call(self.name, action_name, by=by, **args)

    def _vote(self, motion: AddMember | GrantRole) -> None:
        committee = [m.name for m in self.chain.members.values() if "committee" in m.roles]
        proposal = self.chain.propose(committee[0], motion)
        for voter in committee:
            if self.chain.vote(proposal, by=voter) != "open":
                break


def _demo() -> VoucherRegistry:
    """For the examples: V1 (1,000,000, 180 days) split into V1.1 (300,000, now held by
    supplier2) and V1.2 (700,000, kept by supplier1)."""
    reg = VoucherRegistry()
    reg.grant_credit_line("core", "bank", 2_000_000)
    reg.confirm(reg.issue("core", "supplier1", 1_000_000, 180, "PO-1").id, by="core")
    reg.split("V1", [300_000, 700_000], by="supplier1")
    reg.transfer("V1.1", "supplier2", by="supplier1")
    return reg
