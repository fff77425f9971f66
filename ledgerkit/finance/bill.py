"""Digital bills (数字票据) on a consortium chain, after the electronic commercial bill
(电子商业汇票) rules, new-generation style.

A bill orders the acceptor (承兑人: a bank 银承, or an enterprise 商承) to pay the holder on
the due date. Its life on the chain: 出票登记 `issue` → 提示承兑 `accept` → 提示收票
`receive` → 背书转让 `endorse` → 贴现 / 转贴现 / 再贴现 `apply_discount` + `sign_discount`
→ 提示付款 `present` → `pay` or `refuse_payment` → 追索 `recourse` + `pay_recourse`.
A discount (贴现) is an enterprise selling a bill to a bank; a transfer discount (转贴现) is a
sale between financial institutions; a rediscount (再贴现) is a sale of an already discounted
bill to the central bank, a monetary-policy tool of the PBoC. Bills are supervised by the
PBoC and the NFRA (国家金融监督管理总局) jointly: 商业汇票承兑、贴现与再贴现管理办法 (PBoC and
CBIRC order 2022 No. 4, in force 2023-01-01), which also caps the term at six months.

A new-generation bill (新一代票据) is a package of 0.01-yuan units. A sub-range (子票区间) of
units is what moves, whole: the sub-ranges always partition the bill and each has exactly one
holder, so the same money cannot be sold twice (一票多卖). A classic bill moves only whole.
A discount is delivery versus payment (券款对付): bill and cash move in one call, or not at all.

Payment and recourse follow the Negotiable Instruments Law (票据法): present within 10 days
after the due date (Art. 53); a holder who presents later must explain the delay, and the
acceptor still owes it (Art. 53, para. 2), but recourse after such a late presentment goes
only to the drawer and the acceptor, no longer to the endorsers (电子商业汇票业务管理办法,
PBoC 2009 No. 2, on 拒付追索). Drawer, endorsers and acceptor are jointly liable (Art. 68):
a refused holder may claim from any of them, a discount bank included (it keeps recourse on
the enterprise that discounted the bill). A claim is the amount refused plus interest from the
due date (or the late presentment date) to the day paid, plus the costs of the refusal
certificate and notices (Art. 70); whoever pays claims in turn what it paid, with interest
from that day (Art. 71).

Teaching simplifications: the cash leg is a balance per member in this contract, filled by
`deposit`; endorsement pays a trade debt off the chain, so it moves no cash; the interest
rate of a claim (by law the rate the PBoC sets) and its costs are given by the claimant;
interest counts on a 360-day year; limitation periods (时效, Art. 17), guarantors, public
holidays and the extra days for a bill from another city are ignored.

>>> bills = BillRegistry(start=date(2025, 3, 10))
>>> bills.issue("B1", acceptor="bank_a", payee="seller", face=Decimal(1_000_000),
...             due=date(2025, 9, 10), by="buyer")
>>> bills.accept("B1", by="bank_a"); bills.receive("B1", by="seller")
>>> bills.holders("B1")
{'1-100000000': 'seller'}
>>> bills.deposit(Decimal(2_000_000), by="bank_b")
>>> bills.advance_to(date(2025, 6, 10))
>>> part = bills.apply_discount("B1", "1-100000000", bank="bank_b",
...                             annual_rate=Decimal("0.036"), by="seller")
>>> bills.sign_discount("B1", part, by="bank_b")   # 92 days at 3‰ a month
{'kind': 'discount', 'days': 92, 'interest': Decimal('9200.00'), 'paid': Decimal('990800.00')}
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from ledgerkit.consortium import ConsortiumChain, Member
from ledgerkit.contracts import Context, Contract, action
from ledgerkit.finance.cash import CashAccounts
from ledgerkit.finance.desk import Desk
from ledgerkit.finance.rates import (
    FEN,
    add_months,
    as_decimal,
    days_between,
    discount_interest,
    to_fen,
)
from ledgerkit.i18n import Phrase, register_strings

MAX_TERM_MONTHS = 6  # 商业汇票承兑、贴现与再贴现管理办法 (2022), since 2023 (was one year)
PRESENTMENT_DAYS = 10  # 票据法 Art. 53: present within 10 days after the due date
DAY_BASIS = 360  # Chinese banks count interest on a 360-day year

register_strings({
    "bill.exists": ("Bill {bill} is already registered.", "票据 {bill} 已登记。"),
    "bill.unknown": ("There is no bill {bill}.", "不存在票据 {bill}。"),
    "bill.unknown_range": ("Bill {bill} has no sub-range {range} (sub-ranges: {known}).",
                           "票据 {bill} 没有子票区间 {range}（现有区间：{known}）。"),
    "bill.not_member": ("{who} is not a member of this chain, so cannot hold a bill.",
                        "{who} 不是本链成员，不能持有票据。"),
    "bill.amount": ("{what} must be a positive amount in whole fen (0.01 yuan); got {value}.",
                    "{what} 必须是以分（0.01 元）为单位的正金额；实际为 {value}。"),
    "bill.rate": ("The discount rate must be at least 0; got {rate}.",
                  "贴现利率不能小于 0；实际为 {rate}。"),
    "bill.term": ("A bill runs at most {months} months: issued {issued}, it must fall due after "
                  "that and by {latest}; got {due}.",
                  "票据期限最长 {months} 个月：{issued} 出票，到期日须晚于出票日且不晚于 {latest}；"
                  "实际为 {due}。"),
    "bill.wrong_party": ("Only the {role} {expected} may {step} bill {bill}; {who} called.",
                         "只有{role} {expected} 才能对票据 {bill} 执行{step}；调用者为 {who}。"),
    "bill.step": ("Bill {bill} is {status}; to {step} it, it must be {needed}.",
                  "票据 {bill} 当前状态为{status}；{step}要求状态为{needed}。"),
    "bill.range_step": ("Sub-range {range} of bill {bill} is {status}; to {step} it, it must "
                        "be {needed}.",
                        "票据 {bill} 的子票区间 {range} 当前状态为{status}；{step}要求状态为"
                        "{needed}。"),
    "bill.not_holder": ("Only the holder of sub-range {range} ({holder}) may {step} it; {who} "
                        "called. Endorsements must be continuous: the endorser is the holder.",
                        "只有子票区间 {range} 的持票人（{holder}）才能{step}；调用者为 {who}。"
                        "背书必须连续：背书人就是当前持票人。"),
    "bill.after_refusal": ("Sub-range {range} of bill {bill} was refused payment: it can no "
                           "longer be endorsed or discounted, only recourse is left.",
                           "票据 {bill} 的子票区间 {range} 已被拒付：不得再背书或贴现，只能追索。"),
    "bill.window_closed": ("Bill {bill} fell due on {due}; the presentment window closed on "
                           "{last}: too late for this step ({step}).",
                           "票据 {bill} 于 {due} 到期，提示付款期已于 {last} 结束：不能再{step}。"),
    "bill.not_due": ("Bill {bill} falls due on {due}: present it for payment from then, by "
                     "{last} (later only with an explanation).",
                     "票据 {bill} 于 {due} 到期：请自到期日起提示付款，最迟于 {last} 提示付款"
                     "（逾期须作出说明）。"),
    "bill.late_explanation": ("Bill {bill} fell due on {due} and its presentment window closed "
                              "on {last}: a late presentment (逾期提示付款) needs an explanation "
                              "of the delay (Negotiable Instruments Law art. 53): pass "
                              "explanation=\"...\".",
                              "票据 {bill} 于 {due} 到期，提示付款期已于 {last} 结束："
                              "逾期提示付款须对逾期作出说明（《票据法》第五十三条）："
                              "请传入 explanation=\"...\"。"),
    "bill.matured": ("Bill {bill} falls due on {due}: it can be discounted only before then.",
                     "票据 {bill} 于 {due} 到期：只能在到期日之前贴现。"),
    "bill.classic_whole": ("Bill {bill} is a classic bill: it moves only whole ({face}); a "
                           "partial endorsement of {amount} is void.",
                           "票据 {bill} 是传统票据，只能整张转让（{face}）；"
                           "部分背书 {amount} 无效。"),
    "bill.too_much": ("Sub-range {range} holds {held}; {amount} cannot be cut from it.",
                      "子票区间 {range} 金额为 {held}，无法从中分出 {amount}。"),
    "bill.to_self": ("{who} already holds sub-range {range}: name another member.",
                     "{who} 已持有子票区间 {range}：请指定其他成员。"),
    "bill.not_bank": ("{holder} may not sell to {buyer}: an enterprise discounts at a bank "
                      "(discount, 贴现); a bank sells to another bank (transfer discount, 转贴现) "
                      "or a discounted bill to the central bank {central} (rediscount, 再贴现).",
                      "{holder} 不能卖给 {buyer}：企业向银行申请贴现；银行之间买卖为转贴现；"
                      "银行把已贴现的票据卖给央行 {central} 为再贴现。"),
    "bill.no_cash": ("{who} has {balance} but must pay {amount}: deposit cash first.",
                     "{who} 余额为 {balance}，但须支付 {amount}：请先存入资金。"),
    "bill.not_prior": ("{against} owes {holder} nothing on sub-range {range}: recourse goes to "
                       "an endorser before the holder, the drawer or the acceptor ({known}).",
                       "{against} 对 {holder} 持有的子票区间 {range} 不承担票据责任：只能向持票人"
                       "之前的背书人、出票人或承兑人追索（{known}）。"),
    "bill.late_recourse": ("Sub-range {range} of bill {bill} was presented late, on {presented} "
                           "(the window closed on {last}): its holder keeps recourse only on the "
                           "drawer and the acceptor ({known}), not on endorser {against} "
                           "(电子商业汇票业务管理办法, 拒付追索).",
                           "票据 {bill} 的子票区间 {range} 于 {presented} 逾期提示付款"
                           "（提示付款期已于 {last} 结束）：持票人只能向出票人和承兑人追索"
                           "（{known}），不能再向背书人 {against} 追索"
                           "（《电子商业汇票业务管理办法》拒付追索规定）。"),
    "bill.claim_costs": ("The costs of a claim (refusal certificate, notices) must be at least "
                         "0, in whole fen; got {value}.",
                         "追索费用（拒绝证明、通知书费用）不能小于 0，且须以分为单位；"
                         "实际为 {value}。"),
    "bill.reason": ("A refusal must give a reason.", "拒付必须说明理由。"),
})

# Names of steps and roles, so a message reads whole in either language.
register_strings({f"bill.do.{step}": words for step, words in {
    "accept": ("accept", "承兑"), "receive": ("sign for", "签收"),
    "endorse": ("endorse", "背书转让"), "discount": ("discount", "贴现"),
    "transfer": ("transfer discount", "转贴现"), "rediscount": ("rediscount", "再贴现"),
    "present": ("present for payment", "提示付款"), "pay": ("pay", "付款"),
    "refuse": ("refuse", "拒付"), "recourse": ("claim recourse on", "追索"),
    "pay_recourse": ("pay recourse on", "清偿追索"),
    "acceptor": ("acceptor", "承兑人"), "payee": ("payee", "收款人"), "bank": ("bank", "银行"),
    "claimed": ("party claimed against", "被追索人")}.items()})

# Statuses of a bill and of its sub-ranges: English shows the status as the model names it,
# Chinese in words, so a refusal never shows a raw token to a Chinese reader.
register_strings({f"bill.status.{status}": (status, words) for status, words in {
    "REGISTERED": "已登记（待承兑）", "ACCEPTED": "已承兑（待收票人签收）",
    "CIRCULATING": "流通中", "HELD": "持有中", "OFFERED": "已申请贴现",
    "PRESENTED": "已提示付款", "PAID": "已付款", "REFUSED": "已拒付",
    "RECOURSE": "追索中"}.items()})


def recourse_amount(owed: Decimal, annual_rate: Decimal, days: int,
                   costs: Decimal = Decimal("0.00")) -> Decimal:
    """What a recourse claim (追索) asks for: the amount owed, interest on it for `days` at
    `annual_rate` (360-day year, to the fen), and the costs of the refusal certificate and
    notices (票据法 Art. 70; for a re-claim, Art. 71: what was paid, interest from that day).

    >>> recourse_amount(Decimal(200_000), Decimal("0.036"), 30, costs=Decimal(50))
    Decimal('200650.00')
    """
    owed, rate = as_decimal(owed, "owed"), as_decimal(annual_rate, "annual_rate")
    return to_fen(owed) + to_fen(owed * rate * days / DAY_BASIS) + to_fen(costs, "costs")


@dataclass
class SubRange:
    """A sub-range (子票区间) of 0.01-yuan units `first`..`last` and its one holder.
    `parties` is the endorsement chain (背书链): the payee first, the holder last. Status:
    HELD, OFFERED (discount applied for), PRESENTED, PAID, REFUSED, RECOURSE (claim made).
    After a refusal, `owed` is what the holder may claim before interest and costs, with
    interest counted from `owed_from`; `late` marks a presentment after the window.

    >>> SubRange(1, 30_000_000, "seller", parties=["seller"]).amount
    Decimal('300000.00')
    """

    first: int
    last: int
    holder: str
    status: str = "HELD"
    parties: list[str] = field(default_factory=list)
    offer: dict[str, Any] | None = None  # a pending discount: buyer, rate, kind
    claim: str = ""  # who the holder claims against in recourse
    claim_terms: dict[str, Decimal] | None = None  # the claim's interest rate and costs
    late: bool = False  # presented after the window (逾期提示付款)
    presented_on: date | None = None
    owed: Decimal | None = None  # set at refusal: the face, then what each payer paid
    owed_from: date | None = None  # interest on `owed` runs from this day

    @property
    def key(self) -> str:
        """The sub-range's name, e.g. '1-100000000'."""
        return f"{self.first}-{self.last}"

    @property
    def amount(self) -> Decimal:
        """Its value in yuan: one fen a unit."""
        return Decimal(self.last - self.first + 1) * FEN


@dataclass
class Bill:
    """A bill (票据): who drew it, who accepts and to whom, the face, the dates, the status
    (REGISTERED → ACCEPTED → CIRCULATING) and its sub-ranges by name once received.

    >>> Bill("B1", "buyer", "bank_a", "bank", "seller", Decimal(100), date(2025, 1, 1),
    ...      date(2025, 6, 1), True).status
    'REGISTERED'
    """

    id: str
    drawer: str
    acceptor: str
    kind: str  # "bank" (银行承兑汇票) or "enterprise" (商业承兑汇票)
    payee: str
    face: Decimal
    issued: date
    due: date
    package: bool  # True: new-generation package of sub-ranges; False: classic, moves whole
    status: str = "REGISTERED"
    ranges: dict[str, SubRange] = field(default_factory=dict)

    @property
    def last_presentment_day(self) -> date:
        """The last day of the presentment period (提示付款期: due + 10 days, 票据法 Art. 53);
        a later presentment needs an explanation."""
        return date.fromordinal(self.due.toordinal() + PRESENTMENT_DAYS)


class DigitalBills(CashAccounts, Contract):
    """The bill platform contract (票据交易平台). `banks` may discount; `central_bank`
    rediscounts. Actions are open to business users; the chain checks who may act.

    >>> DigitalBills(banks=["bank_a"], central_bank="pboc").bills
    {}
    """

    _rules = "bill"

    def __init__(self, banks: list[str], central_bank: str) -> None:
        self.banks = sorted(banks)
        self.central_bank = central_bank
        self.bills: dict[str, Bill] = {}
        self.cash: dict[str, Decimal] = {}
        self.deposited = Decimal("0.00")  # all cash ever paid in: the sum of the balances

    # --- views ---
    def holders(self, bill_id: str) -> dict[str, str]:
        """Who holds each sub-range, e.g. {'1-100000000': 'seller'}."""
        return {key: r.holder for key, r in self._bill(bill_id).ranges.items()}

    def prior_parties(self, bill_id: str, range_id: str) -> list[str]:
        """Whom the holder may claim against in recourse: the endorsers before the holder's
        first appearance in the chain, then the drawer (Negotiable Instruments Law art. 69: a
        holder who endorsed it before has no claim on those after; a drawer has none at all)."""
        bill = self._bill(bill_id)
        rng = self._range(bill, range_id)
        if rng.holder == bill.drawer:
            return []
        cut = rng.parties.index(rng.holder) if rng.holder in rng.parties else 0
        prior = list(dict.fromkeys(rng.parties[:cut]))
        return prior if bill.drawer in prior else prior + [bill.drawer]

    def liable_parties(self, bill_id: str, range_id: str) -> list[str]:
        """Whom the holder may claim recourse from now: the prior parties and the acceptor,
        all jointly liable (Negotiable Instruments Law art. 68); after a late presentment only
        the drawer and the acceptor (电子商业汇票业务管理办法, 拒付追索). The acceptor, the
        last debtor, claims from no one."""
        bill = self._bill(bill_id)
        rng = self._range(bill, range_id)
        if rng.holder == bill.acceptor:
            return []
        prior = self.prior_parties(bill_id, range_id)
        if rng.late:
            prior = [bill.drawer] if bill.drawer in prior else []
        return list(dict.fromkeys([*prior, bill.acceptor]))

    def claim_amount(self, bill_id: str, range_id: str) -> Decimal:
        """What the party claimed against would pay today: the amount owed, interest since
        `owed_from` and the claim's costs (Negotiable Instruments Law arts. 70, 71)."""
        bill = self._bill(bill_id)
        rng = self._range(bill, range_id)
        self._require_range_step(bill, rng, "RECOURSE", "pay_recourse")
        terms = rng.claim_terms or {}
        return recourse_amount(rng.owed, terms["rate"],
                               days_between(rng.owed_from, self._chain.today), terms["costs"])

    # --- actions: issue, accept, receive ---

    @action(roles={"business"})
    def issue(self, ctx: Context, bill_id: str, acceptor: str, payee: str, face: Decimal,
              due: date, package: bool = True) -> None:
        """出票登记: the caller draws a bill on `acceptor` to the order of `payee`."""
        self.require(bill_id not in self.bills, "bill.exists", bill=bill_id)
        for who in (acceptor, payee):
            self._require_member(ctx, who)
        face = self._money(face, "face")
        latest = add_months(ctx.today, MAX_TERM_MONTHS)
        self.require(ctx.today < due <= latest, "bill.term", months=MAX_TERM_MONTHS,
                     issued=ctx.today, latest=latest, due=due)
        kind = "bank" if acceptor in self.banks or acceptor == self.central_bank else "enterprise"
        self.bills[bill_id] = Bill(bill_id, ctx.sender.name, acceptor, kind, payee, face,
                                   ctx.today, due, bool(package))
        ctx.emit("issued", bill=bill_id, drawer=ctx.sender.name, acceptor=acceptor, kind=kind,
                 payee=payee, face=face, due=due)

    @action(roles={"business"})
    def accept(self, ctx: Context, bill_id: str) -> None:
        """提示承兑: the acceptor signs, promising to pay at maturity."""
        bill = self._bill(bill_id)
        self._require_party(ctx, bill, "acceptor", bill.acceptor, "accept")
        self._require_step(bill, "REGISTERED", "accept")
        bill.status = "ACCEPTED"
        ctx.emit("accepted", bill=bill_id, acceptor=bill.acceptor)

    @action(roles={"business"})
    def receive(self, ctx: Context, bill_id: str) -> None:
        """提示收票: the payee signs for the accepted bill and holds all of it."""
        bill = self._bill(bill_id)
        self._require_party(ctx, bill, "payee", bill.payee, "receive")
        self._require_step(bill, "ACCEPTED", "receive")
        whole = SubRange(1, int(bill.face / FEN), bill.payee, parties=[bill.payee])
        bill.ranges, bill.status = {whole.key: whole}, "CIRCULATING"
        ctx.emit("received", bill=bill_id, range=whole.key, holder=bill.payee)

    # --- actions: moving sub-ranges ---
    @action(roles={"business"})
    def endorse(self, ctx: Context, bill_id: str, range_id: str, to: str,
                amount: Decimal | None = None) -> str:
        """背书转让: the holder endorses a sub-range (or `amount` cut from its front) to `to`;
        returns the name of the sub-range that moved."""
        bill, rng = self._movable(ctx, bill_id, range_id, "endorse")
        self._require_member(ctx, to)
        self.require(to != rng.holder, "bill.to_self", who=to, range=range_id)
        piece = self._cut(bill, rng, amount)
        piece.holder, piece.parties = to, piece.parties + [to]
        ctx.emit("endorsed", bill=bill_id, range=piece.key, endorser=ctx.sender.name,
                 endorsee=to, amount=piece.amount)
        return piece.key

    @action(roles={"business"})
    def apply_discount(self, ctx: Context, bill_id: str, range_id: str, bank: str,
                       annual_rate: Decimal, amount: Decimal | None = None) -> str:
        """贴现 / 转贴现 / 再贴现 application: the holder offers a sub-range to `bank` at
        `annual_rate`; returns the offered sub-range's name. Nothing moves until the bank signs."""
        bill, rng = self._movable(ctx, bill_id, range_id, "discount")
        self.require(ctx.today < bill.due, "bill.matured", bill=bill_id, due=bill.due)
        rate = self._number(annual_rate, "annual_rate")
        self.require(rate >= 0, "bill.rate", rate=rate)
        self.require(bank != rng.holder, "bill.to_self", who=bank, range=range_id)
        kind = self._discount_kind(rng.holder, bank)
        piece = self._cut(bill, rng, amount)
        piece.status, piece.offer = "OFFERED", {"bank": bank, "rate": rate, "kind": kind}
        ctx.emit("discount_applied", bill=bill_id, range=piece.key, holder=piece.holder,
                 bank=bank, rate=rate, kind=kind)
        return piece.key

    @action(roles={"business"})
    def sign_discount(self, ctx: Context, bill_id: str, range_id: str) -> dict[str, Any]:
        """The bank signs the offer: it pays face − interest and takes the sub-range, in one
        step (DVP). Interest = face × days × rate / 360, days from today to the due date."""
        bill = self._bill(bill_id)
        rng = self._range(bill, range_id)
        self._require_range_step(bill, rng, "OFFERED", "discount")
        offer = rng.offer
        self._require_party(ctx, bill, "bank", offer["bank"], offer["kind"])
        self.require(ctx.today < bill.due, "bill.matured", bill=bill_id, due=bill.due)
        days = days_between(ctx.today, bill.due)
        interest = discount_interest(rng.amount, offer["rate"], days)
        paid = rng.amount - interest
        self._pay(offer["bank"], rng.holder, paid)
        seller = rng.holder
        rng.holder, rng.parties = offer["bank"], rng.parties + [offer["bank"]]
        rng.status, rng.offer = "HELD", None
        ctx.emit("discounted", bill=bill_id, range=range_id, kind=offer["kind"], seller=seller,
                 buyer=rng.holder, days=days, interest=interest, paid=paid)
        return {"kind": offer["kind"], "days": days, "interest": interest, "paid": paid}

    @action(roles={"business"})
    def cancel_discount(self, ctx: Context, bill_id: str, range_id: str) -> None:
        """The holder withdraws a discount application the bank has not signed."""
        bill = self._bill(bill_id)
        rng = self._holder_range(ctx, bill, range_id, "OFFERED", "discount")
        rng.status, rng.offer = "HELD", None
        ctx.emit("discount_cancelled", bill=bill_id, range=range_id)

    # --- actions: payment and recourse ---
    @action(roles={"business"})
    def present(self, ctx: Context, bill_id: str, range_id: str, explanation: str = "") -> None:
        """提示付款: the holder asks the acceptor to pay, from the due date, within 10 days.
        Later is still allowed with an `explanation` of the delay (逾期提示付款), and the acceptor
        still owes the bill (Negotiable Instruments Law art. 53, para. 2); the holder loses
        recourse on the endorsers (see `liable_parties`)."""
        bill = self._bill(bill_id)
        rng = self._holder_range(ctx, bill, range_id, "HELD", "present")
        last = bill.last_presentment_day
        self.require(ctx.today >= bill.due, "bill.not_due", bill=bill_id, due=bill.due, last=last)
        late = ctx.today > last
        self.require(not late or (isinstance(explanation, str) and explanation.strip()),
                     "bill.late_explanation", bill=bill_id, due=bill.due, last=last)
        rng.status, rng.late, rng.presented_on = "PRESENTED", late, ctx.today
        ctx.emit("presented", bill=bill_id, range=range_id, holder=rng.holder, late=late,
                 explanation=explanation.strip() if late else "")

    @action(roles={"business"})
    def pay(self, ctx: Context, bill_id: str, range_id: str) -> None:
        """付款: the acceptor pays a presented sub-range its face; the bill is settled."""
        bill = self._bill(bill_id)
        rng = self._range(bill, range_id)
        self._require_party(ctx, bill, "acceptor", bill.acceptor, "pay")
        self._require_range_step(bill, rng, "PRESENTED", "pay")
        self._pay(bill.acceptor, rng.holder, rng.amount)
        rng.status = "PAID"
        ctx.emit("paid", bill=bill_id, range=range_id, holder=rng.holder, amount=rng.amount)

    @action(roles={"business"})
    def refuse_payment(self, ctx: Context, bill_id: str, range_id: str, reason: str) -> None:
        """拒付: the acceptor refuses a presented sub-range, giving a reason."""
        bill = self._bill(bill_id)
        rng = self._range(bill, range_id)
        self._require_party(ctx, bill, "acceptor", bill.acceptor, "refuse")
        self._require_range_step(bill, rng, "PRESENTED", "refuse")
        self.require(isinstance(reason, str) and reason.strip(), "bill.reason")
        # Art. 70: interest runs from the due date, or from a (late) presentment date.
        rng.status, rng.owed = "REFUSED", rng.amount
        rng.owed_from = rng.presented_on if rng.late else bill.due
        ctx.emit("refused", bill=bill_id, range=range_id, holder=rng.holder, reason=reason)

    @action(roles={"business"})
    def recourse(self, ctx: Context, bill_id: str, range_id: str, against: str,
                 annual_rate: Decimal = Decimal("0"), costs: Decimal = Decimal("0")) -> None:
        """追索: after a refusal the holder claims from a party liable on the bill: the amount
        owed, interest at `annual_rate` (the rate the PBoC sets) until the day it is paid, and
        `costs` of the refusal certificate and notices (Negotiable Instruments Law art. 70)."""
        bill = self._bill(bill_id)
        rng = self._holder_range(ctx, bill, range_id, "REFUSED", "recourse")
        liable = self.liable_parties(bill_id, range_id)
        known = ", ".join(liable) or "-"
        endorser = against in self.prior_parties(bill_id, range_id) and against != bill.drawer
        self.require(not (rng.late and endorser), "bill.late_recourse", bill=bill_id,
                     range=range_id, presented=rng.presented_on,
                     last=bill.last_presentment_day, known=known, against=against)
        self.require(against in liable, "bill.not_prior", against=against, range=range_id,
                     holder=rng.holder, known=known)
        rate = self._number(annual_rate, "annual_rate")
        self.require(rate >= 0, "bill.rate", rate=rate)
        fee = self._number(costs, "costs")
        self.require(fee.is_finite() and fee >= 0 and fee == fee.quantize(FEN),
                     "bill.claim_costs", value=costs)
        rng.status, rng.claim = "RECOURSE", against
        rng.claim_terms = {"rate": rate, "costs": fee.quantize(FEN)}
        ctx.emit("recourse_claimed", bill=bill_id, range=range_id, holder=rng.holder,
                 against=against, amount=rng.owed, annual_rate=rate, costs=fee.quantize(FEN))

    @action(roles={"business"})
    def pay_recourse(self, ctx: Context, bill_id: str, range_id: str) -> dict[str, Any]:
        """追索清偿: the party claimed against pays the claim (`claim_amount`) and takes the
        sub-range; it may then claim in turn what it paid, with interest from today (art. 71).
        When the acceptor pays, the bill is settled (PAID)."""
        bill = self._bill(bill_id)
        rng = self._range(bill, range_id)
        self._require_range_step(bill, rng, "RECOURSE", "pay_recourse")
        self._require_party(ctx, bill, "claimed", rng.claim, "pay_recourse")
        days = days_between(rng.owed_from, ctx.today)
        terms = rng.claim_terms or {}
        amount = recourse_amount(rng.owed, terms["rate"], days, terms["costs"])
        self._pay(rng.claim, rng.holder, amount)
        payer, creditor = rng.claim, rng.holder
        cut = rng.parties.index(payer) + 1 if payer in rng.parties else 0
        rng.holder, rng.parties, rng.claim, rng.claim_terms = payer, rng.parties[:cut], "", None
        rng.status = "PAID" if payer == bill.acceptor else "REFUSED"
        rng.owed, rng.owed_from = amount, ctx.today
        ctx.emit("recourse_paid", bill=bill_id, range=range_id, payer=payer, payee=creditor,
                 amount=amount, days=days, costs=terms["costs"])
        return {"days": days, "amount": amount}

    # --- checks shared by the actions ---
    def _bill(self, bill_id: str) -> Bill:
        self.require(bill_id in self.bills, "bill.unknown", bill=bill_id)
        return self.bills[bill_id]

    def _range(self, bill: Bill, range_id: str) -> SubRange:
        self.require(range_id in bill.ranges, "bill.unknown_range", bill=bill.id, range=range_id,
                     known=", ".join(sorted(bill.ranges)) or "-")
        return bill.ranges[range_id]

    def _require_member(self, ctx: Context, who: str) -> None:
        self.require(ctx.chain is None or who in ctx.chain.members, "bill.not_member", who=who)

    def _require_party(self, ctx: Context, bill: Bill, role: str, expected: str,
                       step: str) -> None:
        self.require(ctx.sender.name == expected, "bill.wrong_party",
                     role=Phrase(f"bill.do.{role}"), expected=expected,
                     step=Phrase(f"bill.do.{step}"), bill=bill.id, who=ctx.sender.name)

    def _require_step(self, bill: Bill, needed: str, step: str) -> None:
        self.require(bill.status == needed, "bill.step", bill=bill.id,
                     status=Phrase(f"bill.status.{bill.status}"),
                     step=Phrase(f"bill.do.{step}"), needed=Phrase(f"bill.status.{needed}"))

    def _require_range_step(self, bill: Bill, rng: SubRange, needed: str, step: str) -> None:
        self.require(rng.status == needed, "bill.range_step", bill=bill.id, range=rng.key,
                     status=Phrase(f"bill.status.{rng.status}"),
                     step=Phrase(f"bill.do.{step}"), needed=Phrase(f"bill.status.{needed}"))

    def _require_window(self, ctx: Context, bill: Bill, step: str) -> None:
        self.require(ctx.today <= bill.last_presentment_day, "bill.window_closed", bill=bill.id,
                     due=bill.due, last=bill.last_presentment_day, step=Phrase(f"bill.do.{step}"))

    def _holder_range(self, ctx: Context, bill: Bill, range_id: str, needed: str,
                      step: str) -> SubRange:
        self._require_step(bill, "CIRCULATING", step)
        rng = self._range(bill, range_id)
        self.require(ctx.sender.name == rng.holder, "bill.not_holder", range=range_id,
                     holder=rng.holder, step=Phrase(f"bill.do.{step}"), who=ctx.sender.name)
        self._require_range_step(bill, rng, needed, step)
        return rng

    def _movable(self, ctx: Context, bill_id: str, range_id: str,
                 step: str) -> tuple[Bill, SubRange]:
        """A sub-range its holder may endorse or discount: not refused, window still open
        (票据法 Art. 36: no endorsement after a refusal or after the presentment period)."""
        bill = self._bill(bill_id)
        self._require_step(bill, "CIRCULATING", step)
        rng = self._range(bill, range_id)
        self.require(rng.status not in ("REFUSED", "RECOURSE"), "bill.after_refusal",
                     bill=bill_id, range=range_id)
        self._require_window(ctx, bill, step)
        return bill, self._holder_range(ctx, bill, range_id, "HELD", step)

    def _discount_kind(self, holder: str, buyer: str) -> str:
        banks = set(self.banks)
        if holder not in banks and holder != self.central_bank and buyer in banks:
            return "discount"
        if holder in banks and buyer in banks:
            return "transfer"
        if holder in banks and buyer == self.central_bank:
            return "rediscount"
        self.refuse("bill.not_bank", holder=holder, buyer=buyer, central=self.central_bank)

    def _cut(self, bill: Bill, rng: SubRange, amount: Decimal | None) -> SubRange:
        """Split `amount` off the front of `rng` as a sub-range of its own (same holder);
        the whole of `rng` when amount is None."""
        amount = rng.amount if amount is None else self._money(amount, "amount")
        self.require(bill.package or amount == bill.face, "bill.classic_whole", bill=bill.id,
                     face=bill.face, amount=amount)
        self.require(amount <= rng.amount, "bill.too_much", range=rng.key, held=rng.amount,
                     amount=amount)
        if amount == rng.amount:
            return rng
        end = rng.first + int(amount / FEN) - 1
        piece = dataclasses.replace(rng, last=end, parties=list(rng.parties))
        rest = dataclasses.replace(rng, first=end + 1, parties=list(rng.parties))
        del bill.ranges[rng.key]
        bill.ranges.update({piece.key: piece, rest.key: rest})
        return piece





def default_members() -> list[Member]:
    """A small bill market: the exchange (票交所, which runs ECDS) operates the platform and
    with three banks runs the four consensus nodes PBFT needs to survive one faulty node;
    the two supervisors of bills watch as observers (商业汇票承兑、贴现与再贴现管理办法, 2022):
    the central bank `pboc` (regulator, and the rediscount window: business) and the NFRA
    `nfra` (国家金融监督管理总局, regulator only); three enterprises trade goods.

    >>> [m.name for m in default_members() if "regulator" in m.roles]
    ['pboc', 'nfra']
    """
    return [Member("exchange", node_kind="consensus", roles={"committee", "operator"}),
            Member("bank_a", node_kind="consensus", roles={"committee", "business"}),
            Member("bank_b", node_kind="consensus", roles={"business"}),
            Member("bank_c", node_kind="consensus", roles={"business"}),
            Member("pboc", node_kind="observer", roles={"regulator", "business"}),
            Member("nfra", node_kind="observer", roles={"regulator"}),
            *(Member(name, roles={"business"}) for name in ("buyer", "seller", "supplier"))]


class BillRegistry(Desk, DigitalBills):
    """The bill platform deployed on a chain: on `chain`, or on a new one with
    `default_members()` starting on `start`. Call actions with `by=member`.

    >>> BillRegistry().chain.today
    datetime.date(2025, 1, 1)
    """

    def __init__(self, chain: ConsortiumChain | None = None, *, start: date | None = None,
                 banks: tuple[str, ...] = ("bank_a", "bank_b", "bank_c"),
                 central_bank: str = "pboc") -> None:
        super().__init__(list(banks), central_bank)
        self._open(chain, default_members, start, "DigitalBills")
