"""Factoring (保理) and forfaiting (福费廷): selling receivables on a consortium chain.

Factoring (保理合同, 民法典 Arts. 761–769; 商业银行保理业务管理暂行办法, CBRC 2014 No. 5): a
seller assigns an invoice on its buyer (the debtor) to a factor (保理商). The factor grants a
credit line (授信 `grant_line`); the seller assigns the invoice with the agreed terms (转让
`assign`); the factor pays the advance (融资 `advance`: 70–95 % of the invoice, 80 % typical),
which bears interest at `annual_rate` for the days until the due date (days / 360, as for a
bill or a voucher); when the debtor pays (回款 `pay`), the factor returns the reserve (the
rest) less its service fee and the interest. 10,000 at 80 %, 90 days at 3.6 % and a 1 % fee:
8,000 now; interest 8,000 × 3.6 % × 90 / 360 = 72; 2,000 − 100 − 72 = 1,828 later.

Three pairs of terms, chosen per receivable in `assign` and enforced by the contract:

- with / without recourse (有/无追索权, 民法典 Art. 766 / 767): with recourse, if the debtor
  has not paid by the due date, the factor claims the advance and its interest back from the
  seller (`recourse`); without recourse the factor bears the debtor's default and may only
  collect from the debtor.
- disclosed / undisclosed (明/暗保理): an assignment binds the debtor only once it is notified
  (民法典 Art. 546). Disclosed: the debtor is notified at once and pays the factor.
  Undisclosed: the debtor is not told and pays the seller, who must pass the money on
  (`remit`); the factor may notify the debtor later (`notify`), and from then on the debtor
  discharges only by paying the factor.
- forward / reverse (正向/反向保理): forward factoring is led by the seller, on the seller's
  credit line; reverse factoring is led by the buyer, a core enterprise (核心企业) that has the
  credit line and confirms the payable (确权 `confirm`) before any advance, so it is always
  disclosed.

Forfaiting: the beneficiary of a letter of credit (信用证) sells its unmatured claim on the
issuing bank to a forfaiter (包买行) without recourse (无追索权), once the issuing bank has
confirmed it will pay at maturity: `register_lc_receivable` → `confirm` → `forfait`. At
maturity the issuing bank pays the forfaiter under the L/C itself (see
`letter_of_credit.LettersOfCredit.assign_proceeds`), so the two contracts stay apart.

The central risk is financing one receivable twice (重复融资). Every receivable is keyed by
sha256(invoice no. | debtor | amount) and the key is taken once for the whole consortium, so a
second financing — at the same factor or another — is refused (*proposal*). That key is not a
secret: anyone who can guess an invoice number, debtor and amount recomputes it and learns
that the invoice was financed. `keyed_receivable_key` (HMAC-SHA256) stops outsiders, but only
if every bank holds the same secret key, and then every bank can still test guesses; in China
the check is made centrally instead: factors register receivables transfers in the PBoC Credit
Reference Center's 中登网 (动产和权利担保统一登记办法, PBoC 2021).

Teaching simplifications: the cash leg is a balance per member in this contract (`deposit`);
in forward factoring the debtor's confirmation (确权) is optional; the credit line is revolving
(what is repaid can be drawn again); interest runs to the agreed due date (no overdue interest,
no rebate for early payment); this contract takes the issuing bank's confirmation on its own
signature rather than reading the letter-of-credit contract, to keep them apart.

>>> desk = FactoringDesk()
>>> desk.deposit(Decimal(50_000), by="factor"); desk.deposit(Decimal(20_000), by="buyer")
>>> desk.grant_line("seller", limit=Decimal(100_000), by="factor")
>>> key = desk.assign("INV-001", debtor="buyer", amount=Decimal(10_000), due=date(2025, 4, 1),
...                   factor="factor", advance_rate=Decimal("0.8"), fee_rate=Decimal("0.01"),
...                   annual_rate=Decimal("0.036"), by="seller")
>>> desk.advance_to(date(2025, 1, 1)); desk.advance(key, by="factor")
Decimal('8000.00')
>>> desk.receivables[key].interest, desk.pay(key, by="buyer")
(Decimal('72.00'), Decimal('1828.00'))
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ledgerkit.consortium import ConsortiumChain, Member
from ledgerkit.contracts import Context, Contract, action
from ledgerkit.crypto import sha256
from ledgerkit.finance.cash import CashAccounts
from ledgerkit.finance.desk import Desk
from ledgerkit.finance.rates import days_between, discount_interest, to_fen
from ledgerkit.i18n import Phrase, register_strings

MIN_ADVANCE, MAX_ADVANCE = Decimal("0.70"), Decimal("0.95")
REGULATOR = "nfra_office"  # the NFRA local office (金融监管总局派出机构)

register_strings({
    "factoring.double_financing": (
        "Receivable {ref} on {debtor} for {amount} is already registered (key {digest}…) "
        "for {kind}: one receivable is financed once.",
        "对 {debtor} 的应收账款 {ref}（金额 {amount}）已登记（键 {digest}…），用于{kind}："
        "同一笔应收账款只能融资一次。"),
    "factoring.unknown": ("There is no receivable with key {digest}.",
                          "不存在键为 {digest} 的应收账款。"),
    "factoring.amount": ("{what} must be a positive amount in whole fen; got {value}.",
                         "{what} 必须是以分为单位的正金额；实际为 {value}。"),
    "factoring.advance_rate": (
        "The advance rate must be from {low} to {high} of the invoice; got {rate}.",
        "融资比例必须在发票金额的 {low} 到 {high} 之间；实际为 {rate}。"),
    "factoring.fee": ("The fee {fee} must be at least 0 and at most the reserve {reserve}.",
                      "手续费 {fee} 不能小于 0，也不能超过保留款 {reserve}。"),
    "factoring.reserve_short": (
        "The reserve {reserve} must cover the fee {fee} and the interest {interest} on the "
        "advance until {due}: lower the advance rate or the interest rate.",
        "保留款 {reserve} 必须足以支付手续费 {fee} 和融资款至 {due} 的利息 {interest}："
        "请降低融资比例或利率。"),
    "factoring.interest_rate": ("The annual interest rate must be from 0 to below 1, e.g. "
                                "Decimal('0.036') for 3.6%; got {rate}.",
                                "年利率必须不小于 0 且小于 1，例如 3.6% 写作 Decimal('0.036')；"
                                "实际为 {rate}。"),
    "factoring.flag": ("{what} is True or False; got {value!r}.",
                       "{what} 只能是 True 或 False；实际为 {value!r}。"),
    "factoring.reverse_disclosed": (
        "Reverse factoring (反向保理) is led by the buyer {debtor}, who confirms the payable: "
        "it cannot be undisclosed (暗保理). Use disclosed=True.",
        "反向保理由买方 {debtor} 发起并确权，不可能是暗保理。请使用 disclosed=True。"),
    "factoring.not_confirmed": (
        "Reverse factoring: {debtor} must confirm receivable {ref} (确权) before the factor "
        "advances.", "反向保理：{debtor} 须先对应收账款 {ref} 确权，保理商才能放款。"),
    "factoring.without_recourse": (
        "Receivable {ref} was factored without recourse (无追索权): {factor} bears the risk "
        "that {debtor} does not pay and cannot claim from {creditor}.",
        "应收账款 {ref} 为无追索权保理：{debtor} 不付款的风险由 {factor} 承担，不能向 "
        "{creditor} 追索。"),
    "factoring.already_notified": ("{debtor} has already been notified of the assignment of "
                                   "{ref}.", "{debtor} 已收到应收账款 {ref} 的转让通知。"),
    "factoring.rate": ("The discount rate must be at least 0; got {rate}.",
                       "贴现利率不能小于 0；实际为 {rate}。"),
    "factoring.due": ("Receivable {ref} falls due on {due}: it can be sold or financed only "
                      "before then (today is {today}).",
                      "应收账款 {ref} 于 {due} 到期：只能在此之前转让或融资（今天是 {today}）。"),
    "factoring.not_yet_due": ("Receivable {ref} falls due on {due}: recourse only after the "
                              "debtor failed to pay by then.",
                              "应收账款 {ref} 于 {due} 到期：债务人到期未付后才能追索。"),
    "factoring.over_line": (
        "{seller}'s credit line at {factor} is {limit}, {drawn} is drawn: an advance of "
        "{advance} would exceed it.",
        "{seller} 在 {factor} 的授信额度为 {limit}，已用 {drawn}：再融资 {advance} 将超出额度。"),
    "factoring.line_below_drawn": ("{seller} has drawn {drawn} at {factor}; the line cannot be "
                                   "set below that ({limit}).",
                                   "{seller} 已在 {factor} 使用额度 {drawn}；额度不能低于该数"
                                   "（{limit}）。"),
    "factoring.wrong_party": ("Only {expected} may {step} receivable {ref}; {who} called.",
                              "只有 {expected} 才能对应收账款 {ref} 执行{step}；调用者为 {who}。"),
    "factoring.step": ("Receivable {ref} is {status}: to {step} it, it must be {needed}.",
                       "应收账款 {ref} 当前状态为{status}：{step}要求状态为{needed}。"),
    "factoring.distinct": ("The seller, the debtor and the financier must be three different "
                           "members.", "卖方、债务人和融资方必须是三个不同的成员。"),
    "factoring.not_member": ("{who} is not a member of this chain.", "{who} 不是本链成员。"),
    "factoring.no_recourse": ("Receivable {ref} was forfaited without recourse: the forfaiter "
                              "cannot claim from {creditor}.",
                              "应收账款 {ref} 已无追索权买断（福费廷）：包买行不能向 {creditor} "
                              "追索。"),
    "factoring.no_cash": ("{who} has {balance} but must pay {amount}: deposit cash first.",
                          "{who} 余额为 {balance}，但须支付 {amount}：请先存入资金。"),
})
register_strings({f"factoring.do.{step}": words for step, words in {
    "advance": ("finance", "融资"), "forfait": ("forfait", "福费廷买断"),
    "remit": ("pass on the payment for", "转付回款"), "notify": ("notify the debtor of",
                                                              "通知债务人转让"),
    "confirm": ("confirm", "确认到期付款"), "pay": ("pay", "付款"),
    "recourse": ("claim recourse on", "追索"), "factoring": ("factoring", "保理"),
    "forfaiting": ("forfaiting", "福费廷")}.items()})

# Statuses of a receivable: English as the model names them, Chinese in words.
register_strings({f"factoring.status.{status}": (status, words) for status, words in {
    "ASSIGNED": "已转让（待融资）", "PRESENTED": "已提交（待债务人确认）",
    "CONFIRMED": "已确认", "FINANCED": "已融资", "FORFAITED": "已买断",
    "COLLECTED": "已回款", "RECOURSED": "已追索", "SETTLED": "已结清"}.items()})


def receivable_key(ref: str, debtor: str, amount: Decimal) -> str:
    """sha256 of invoice number | debtor | amount, as hex: one key per receivable. The
    separator keeps "A1"+"B" apart from "A"+"1B"; the number is trimmed and upper-cased and
    the amount written to the fen, so trivial rewritings give the same key.

    >>> receivable_key("inv-001 ", "buyer", Decimal(10000)) == receivable_key(
    ...     "INV-001", "buyer", Decimal("10000.00"))
    True
    """
    return sha256(_receivable_text(ref, debtor, amount)).hex()


def keyed_receivable_key(ref: str, debtor: str, amount: Decimal, key: bytes) -> str:
    """HMAC-SHA256 of the same text under a secret `key` shared by the banks, as hex. Outsiders
    can no longer confirm a guessed invoice; every holder of the key still can, and the key
    must be handed to every bank, kept and rotated — which is why a central registry (中登网)
    does this job in practice.

    >>> secret = bytes(range(32))
    >>> keyed_receivable_key("INV-001", "buyer", Decimal(10000), secret) == receivable_key(
    ...     "INV-001", "buyer", Decimal(10000))
    False
    """
    return hmac.new(key, _receivable_text(ref, debtor, amount), hashlib.sha256).hexdigest()


def _receivable_text(ref: str, debtor: str, amount: Decimal) -> bytes:
    return f"{ref.strip().upper()}|{debtor}|{to_fen(amount)}".encode()


@dataclass
class Receivable:
    """A receivable (应收账款) sold to a financier. Factoring: ASSIGNED → FINANCED → SETTLED
    or RECOURSED (undisclosed: FINANCED → COLLECTED by the seller → SETTLED once remitted);
    forfaiting: PRESENTED → CONFIRMED → FORFAITED (paid under the L/C).

    >>> Receivable("ab", "factoring", "INV-1", "seller", "buyer", Decimal("10000.00"),
    ...            date(2025, 4, 1), "factor", "FINANCED", advance=Decimal("9000.00")).reserve
    Decimal('1000.00')
    """

    key: str
    kind: str  # "factoring" or "forfaiting"
    ref: str  # the invoice number, or the letter of credit's number
    creditor: str  # the seller, or the L/C's beneficiary
    debtor: str  # the buyer, or the issuing bank
    amount: Decimal
    due: date
    financier: str  # the factor, or the forfaiter
    status: str
    rate: Decimal = Decimal(0)  # factoring: the advance rate; forfaiting: the discount rate
    fee: Decimal = Decimal(0)
    advance: Decimal = Decimal(0)  # what the creditor received when it sold the receivable
    annual_rate: Decimal = Decimal(0)  # factoring: interest on the advance, days / 360
    interest: Decimal = Decimal(0)  # factoring: the advance's interest to the due date
    recourse: bool = True  # 有追索权 (forfaiting: always False)
    disclosed: bool = True  # 明保理: the debtor has been notified (民法典 Art. 546)
    reverse: bool = False  # 反向保理: led by the buyer, on the buyer's credit line
    confirmed: bool = False  # the debtor confirmed the receivable (确权)

    @property
    def reserve(self) -> Decimal:
        """What the factor keeps back until the debtor pays: invoice − advance."""
        return self.amount - self.advance

    @property
    def line_holder(self) -> str:
        """Whose credit line the advance draws on: the buyer's in reverse factoring."""
        return self.debtor if self.reverse else self.creditor


class ReceivablesFinance(CashAccounts, Contract):
    """The receivables-financing platform contract (应收账款融资平台).

    >>> ReceivablesFinance().receivables
    {}
    """

    _rules = "factoring"

    def __init__(self) -> None:
        self.lines: dict[str, dict[str, Decimal]] = {}  # factor -> seller -> limit
        self.receivables: dict[str, Receivable] = {}
        self.cash: dict[str, Decimal] = {}
        self.deposited = Decimal("0.00")  # all cash ever paid in: the sum of the balances

    # --- views ---

    def drawn(self, factor: str, seller: str) -> Decimal:
        """What is drawn on the line `factor` granted `seller` (or, in reverse factoring, the
        buyer): advances not yet repaid."""
        return sum((r.advance for r in self.receivables.values() if r.kind == "factoring"
                    and r.status in ("FINANCED", "COLLECTED")
                    and (r.financier, r.line_holder) == (factor, seller)), Decimal("0.00"))

    def line(self, factor: str, seller: str) -> Decimal:
        """The credit line `factor` granted `seller` (0 if none)."""
        return self.lines.get(factor, {}).get(seller, Decimal("0.00"))

    # --- actions ---

    @action(roles={"business"})
    def grant_line(self, ctx: Context, seller: str, limit: Decimal) -> None:
        """授信: the caller, as factor, sets `seller`'s credit line."""
        factor, limit = ctx.sender.name, self._money(limit, "limit")
        self._require_member(ctx, seller)
        drawn = self.drawn(factor, seller)
        self.require(limit >= drawn, "factoring.line_below_drawn", seller=seller, drawn=drawn,
                     factor=factor, limit=limit)
        self.lines.setdefault(factor, {})[seller] = limit
        ctx.emit("line_granted", factor=factor, seller=seller, limit=limit)

    @action(roles={"business"})
    def assign(self, ctx: Context, invoice_no: str, debtor: str, amount: Decimal, due: date,
               factor: str, advance_rate: Decimal, fee_rate: Decimal,
               annual_rate: Decimal = Decimal(0), recourse: bool = True,
               disclosed: bool = True, reverse: bool = False) -> str:
        """转让: the seller assigns an invoice to `factor` on the agreed terms — advance rate,
        fee rate, interest rate, with or without recourse, disclosed or not, forward or
        reverse; returns its key. Refused if the receivable was ever registered before."""
        amount = self._money(amount, "amount")
        rate, fee_rate = self._number(advance_rate, "advance_rate"), self._number(fee_rate,
                                                                                   "fee_rate")
        interest_rate = self._number(annual_rate, "annual_rate")
        self.require(MIN_ADVANCE <= rate <= MAX_ADVANCE, "factoring.advance_rate",
                     low=MIN_ADVANCE, high=MAX_ADVANCE, rate=rate)
        self.require(0 <= interest_rate < 1, "factoring.interest_rate", rate=interest_rate)
        for what, flag in (("recourse", recourse), ("disclosed", disclosed),
                           ("reverse", reverse)):
            self.require(isinstance(flag, bool), "factoring.flag", what=what, value=flag)
        self.require(disclosed or not reverse, "factoring.reverse_disclosed", debtor=debtor)
        advance, fee = to_fen(amount * rate), to_fen(amount * fee_rate)
        self.require(0 <= fee <= amount - advance, "factoring.fee", fee=fee,
                     reserve=amount - advance)
        key = self._new_key(ctx, invoice_no, ctx.sender.name, debtor, factor, amount, due)
        self.receivables[key] = Receivable(
            key, "factoring", invoice_no, ctx.sender.name, debtor, amount, due, factor,
            "ASSIGNED", rate, fee, annual_rate=interest_rate, recourse=recourse,
            disclosed=disclosed, reverse=reverse)
        ctx.emit("assigned", key=key, ref=invoice_no, seller=ctx.sender.name, debtor=debtor,
                 amount=amount, factor=factor, recourse=recourse, disclosed=disclosed,
                 reverse=reverse)
        return key

    @action(roles={"business"})
    def advance(self, ctx: Context, key: str) -> Decimal:
        """融资: the factor pays the advance, within the credit line (the seller's, or the
        buyer's in reverse factoring); its interest to the due date, advance × rate × days /
        360, is fixed now and taken from the reserve later. Returns the advance."""
        item = self._item(ctx, key, "ASSIGNED", "advance", "financier")
        self._require_before_due(ctx, item)
        self.require(item.confirmed or not item.reverse, "factoring.not_confirmed",
                     debtor=item.debtor, ref=item.ref)
        advance = to_fen(item.amount * item.rate)
        interest = discount_interest(advance, item.annual_rate, days_between(ctx.today,
                                                                             item.due))
        self.require(item.fee + interest <= item.amount - advance, "factoring.reserve_short",
                     reserve=item.amount - advance, fee=item.fee, interest=interest,
                     due=item.due)
        holder = item.line_holder
        drawn, limit = self.drawn(item.financier, holder), self.line(item.financier, holder)
        self.require(drawn + advance <= limit, "factoring.over_line", seller=holder,
                     factor=item.financier, limit=limit, drawn=drawn, advance=advance)
        self._pay(item.financier, item.creditor, advance)
        item.advance, item.interest, item.status = advance, interest, "FINANCED"
        ctx.emit("advanced", key=key, factor=item.financier, seller=item.creditor,
                 advance=advance, interest=interest)
        return advance

    @action(roles={"business"})
    def register_lc_receivable(self, ctx: Context, lc_id: str, issuing_bank: str,
                               amount: Decimal, maturity: date, forfaiter: str,
                               annual_rate: Decimal) -> str:
        """福费廷 application: the L/C beneficiary offers its claim on `issuing_bank`, due at
        `maturity`, to `forfaiter` at `annual_rate`; returns its key."""
        amount, rate = self._money(amount, "amount"), self._number(annual_rate, "annual_rate")
        self.require(rate >= 0, "factoring.rate", rate=rate)
        key = self._new_key(ctx, lc_id, ctx.sender.name, issuing_bank, forfaiter, amount,
                            maturity)
        self.receivables[key] = Receivable(key, "forfaiting", lc_id, ctx.sender.name,
                                           issuing_bank, amount, maturity, forfaiter,
                                           "PRESENTED", rate)
        ctx.emit("lc_receivable_registered", key=key, ref=lc_id, beneficiary=ctx.sender.name,
                 issuing_bank=issuing_bank, amount=amount, maturity=maturity)
        return key

    @action(roles={"business"})
    def confirm(self, ctx: Context, key: str) -> None:
        """The debtor confirms it owes the receivable and will pay at maturity: the issuing
        bank for an L/C claim (到期付款确认), the buyer for an invoice (确权, required before
        the advance in reverse factoring)."""
        if self._get(key).kind == "factoring":
            item = self._item(ctx, key, "ASSIGNED", "confirm", "debtor")
            item.confirmed = True
            ctx.emit("confirmed", key=key, debtor=item.debtor, due=item.due)
            return
        item = self._item(ctx, key, "PRESENTED", "confirm", "debtor")
        item.status = "CONFIRMED"
        ctx.emit("confirmed", key=key, issuing_bank=item.debtor, due=item.due)

    @action(roles={"business"})
    def forfait(self, ctx: Context, key: str) -> Decimal:
        """福费廷: the forfaiter buys the confirmed receivable without recourse, paying face
        less discount interest to maturity (days / 360); returns what it paid."""
        item = self._item(ctx, key, "CONFIRMED", "forfait", "financier")
        self._require_before_due(ctx, item)
        days = days_between(ctx.today, item.due)
        paid = item.amount - discount_interest(item.amount, item.rate, days)
        self._pay(item.financier, item.creditor, paid)
        item.advance, item.status = paid, "FORFAITED"
        ctx.emit("forfaited", key=key, forfaiter=item.financier, beneficiary=item.creditor,
                 days=days, paid=paid)
        return paid

    @action(roles={"business"})
    def pay(self, ctx: Context, key: str) -> Decimal:
        """回款: the debtor pays the invoice. Disclosed (notified): to the factor, who returns
        the reserve less its fee and the interest to the seller; returns that amount.
        Undisclosed: the debtor knows only the seller and pays it (民法典 Art. 546); the
        seller must pass the money on (`remit`); returns 0."""
        item = self._item(ctx, key, "FINANCED", "pay", "debtor")
        if not item.disclosed:
            self._pay(item.debtor, item.creditor, item.amount)
            item.status = "COLLECTED"
            ctx.emit("paid", key=key, debtor=item.debtor, financier=item.creditor,
                     amount=item.amount, returned=Decimal("0.00"))
            return Decimal("0.00")
        self._pay(item.debtor, item.financier, item.amount)
        return self._settle(ctx, item, "paid")

    @action(roles={"business"})
    def remit(self, ctx: Context, key: str) -> Decimal:
        """Undisclosed factoring: the seller passes the debtor's payment on to the factor,
        who returns the reserve less its fee and the interest; returns that amount."""
        item = self._item(ctx, key, "COLLECTED", "remit", "creditor")
        self._pay(item.creditor, item.financier, item.amount)
        return self._settle(ctx, item, "remitted")

    @action(roles={"business"})
    def notify(self, ctx: Context, key: str) -> None:
        """Undisclosed factoring: the factor notifies the debtor of the assignment (转让通知);
        from now on the debtor discharges only by paying the factor (民法典 Art. 546)."""
        item = self._item(ctx, key, "FINANCED", "notify", "financier")
        self.require(not item.disclosed, "factoring.already_notified", debtor=item.debtor,
                     ref=item.ref)
        item.disclosed = True
        ctx.emit("notified", key=key, debtor=item.debtor, factor=item.financier)

    @action(roles={"business"})
    def recourse(self, ctx: Context, key: str) -> None:
        """追索 (factoring with recourse, 民法典 Art. 766): from the due date, a factor the
        debtor has not paid takes the advance and its interest back from the seller, and the
        receivable goes back to the seller. Forfaiting and factoring without recourse:
        refused."""
        item = self._get(key)
        self.require(item.kind == "factoring", "factoring.no_recourse", ref=item.ref,
                     creditor=item.creditor)
        item = self._item(ctx, key, "FINANCED", "recourse", "financier")
        self.require(item.recourse, "factoring.without_recourse", ref=item.ref,
                     factor=item.financier, debtor=item.debtor, creditor=item.creditor)
        self.require(ctx.today >= item.due, "factoring.not_yet_due", ref=item.ref, due=item.due)
        claim = item.advance + item.interest
        self._pay(item.creditor, item.financier, claim)
        item.status = "RECOURSED"
        ctx.emit("recourse", key=key, factor=item.financier, seller=item.creditor,
                 amount=claim)

    # --- checks shared by the actions ---
    def _settle(self, ctx: Context, item: Receivable, event: str) -> Decimal:
        """The factor has the invoice amount: it returns reserve − fee − interest."""
        returned = item.reserve - item.fee - item.interest
        if returned:
            self._pay(item.financier, item.creditor, returned)
        item.status = "SETTLED"
        ctx.emit(event, key=item.key, debtor=item.debtor, financier=item.financier,
                 amount=item.amount, returned=returned)
        return returned

    def _get(self, key: str) -> Receivable:
        self.require(key in self.receivables, "factoring.unknown", digest=key)
        return self.receivables[key]

    def _item(self, ctx: Context, key: str, needed: str, step: str, party: str) -> Receivable:
        """The receivable, if the caller is its `party` (e.g. "debtor") and it is `needed`."""
        item = self._get(key)
        what = {"step": Phrase(f"factoring.do.{step}"), "ref": item.ref}
        expected = getattr(item, party)
        self.require(ctx.sender.name == expected, "factoring.wrong_party", expected=expected,
                     who=ctx.sender.name, **what)
        self.require(item.status == needed, "factoring.step",
                     status=Phrase(f"factoring.status.{item.status}"),
                     needed=Phrase(f"factoring.status.{needed}"), **what)
        return item

    def _require_before_due(self, ctx: Context, item: Receivable) -> None:
        self.require(ctx.today < item.due, "factoring.due", ref=item.ref, due=item.due,
                     today=ctx.today)

    def _new_key(self, ctx: Context, ref: str, creditor: str, debtor: str, financier: str,
                 amount: Decimal, due: date) -> str:
        for who in (debtor, financier):
            self._require_member(ctx, who)
        self.require(len({creditor, debtor, financier}) == 3, "factoring.distinct")
        self.require(isinstance(due, date) and due > ctx.today, "factoring.due", ref=ref,
                     due=due, today=ctx.today)
        key = receivable_key(ref, debtor, amount)
        if key in self.receivables:
            kind = Phrase(f"factoring.do.{self.receivables[key].kind}")
            self.refuse("factoring.double_financing", ref=ref, debtor=debtor, amount=amount,
                        digest=key[:12], kind=kind)
        return key

    def _require_member(self, ctx: Context, who: str) -> None:
        self.require(ctx.chain is None or who in ctx.chain.members, "factoring.not_member",
                     who=who)





def default_members() -> list[Member]:
    """Four financiers run the consensus nodes (PBFT survives one faulty node from n = 4):
    a bank, a factor, an issuing bank and a forfaiter; a seller and a buyer do business; the
    local office of the financial supervisor (国家金融监督管理总局派出机构: it supervises banks'
    factoring; commercial factoring companies follow its rules, set by CBIRC since 2018, and
    are supervised day to day by local financial regulators) observes everything.

    >>> [m.name for m in default_members() if m.node_kind == "consensus"]
    ['bank', 'factor', 'issuing_bank', 'forfaiter']
    """
    return [Member("bank", node_kind="consensus", roles={"committee", "operator", "business"}),
            Member("factor", node_kind="consensus", roles={"committee", "business"}),
            Member("issuing_bank", node_kind="consensus", roles={"committee", "business"}),
            Member("forfaiter", node_kind="consensus", roles={"committee", "business"}),
            Member(REGULATOR, node_kind="observer", roles={"regulator"}),
            *(Member(name, roles={"business"}) for name in ("seller", "buyer"))]


class FactoringDesk(Desk, ReceivablesFinance):
    """The receivables platform on `chain`, or on a new chain of `default_members()`
    starting on `start`. Call actions with `by=member`.

    >>> FactoringDesk().chain.today
    datetime.date(2025, 1, 1)
    """

    def __init__(self, chain: ConsortiumChain | None = None, *,
                 start: date | None = None) -> None:
        super().__init__()
        self._open(chain, default_members, start, "ReceivablesFinance")
