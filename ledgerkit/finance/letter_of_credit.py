"""Domestic letters of credit (国内信用证) on a consortium chain, after BCLC (2017).

A letter of credit (L/C) is the issuing bank's promise (开证行) to pay the seller (the
beneficiary, 受益人) when it presents documents that comply with the credit. The buyer (the
applicant, 申请人) asks for it; the advising bank (通知行) passes it on. On the chain:
开证 `issue` → 通知 `advise` → 交单 `present` → 承兑 `accept` (or `refuse_documents`) → 付款
→ 闭卷 `close`. Before payment the beneficiary may assign the proceeds of an accepted
presentation (款项让渡 `assign_proceeds`), e.g. to a forfaiter (福费廷, see `factoring`).

Rules, from the domestic rules — 国内信用证结算办法 (PBoC and CBRC announcement 〔2016〕 No. 10),
not UCP 600, which governs international credits: documents are presented within 21 days
after shipment (the period that applies when the credit sets none; the model always uses it)
and never after expiry; the issuing bank examines them within 5 business days and a sight L/C
(即期) is paid by then; a usance L/C (远期) is paid `usance_days` after acceptance, at most one
year; what is presented and paid never exceeds the L/C amount; nothing changes once it is
closed (*proposal*).

A contract cannot make a bank pay. It records the duty instead: after the 5 business days the
bank may no longer refuse (the documents count as compliant), and a late payment is marked in
its event and listed by `overdue`, for everyone — the regulator too — to see.

Teaching simplifications: the application (开证申请), margin and the applicant's
reimbursement happen off the chain; the documents stay off the chain too, only the bank's
decision is recorded; amendments are left out; business days are Monday to Friday (no
public holidays).

>>> desk = LetterOfCreditDesk(start=date(2025, 3, 3))
>>> desk.deposit(Decimal(1_000_000), by="issuing_bank")
>>> desk.issue("LC-1", applicant="buyer", beneficiary="seller", advising_bank="advising_bank",
...            amount=Decimal(500_000), expiry=date(2025, 6, 30), by="issuing_bank")
>>> desk.advise("LC-1", by="advising_bank")
>>> desk.present("LC-1", amount=Decimal(500_000), shipped=date(2025, 3, 1), by="seller")
1
>>> desk.accept("LC-1", 1, by="issuing_bank")
datetime.date(2025, 3, 10)
>>> desk.pay("LC-1", 1, by="issuing_bank"); desk.close("LC-1", by="issuing_bank")
>>> desk.letters["LC-1"].status, desk.balance("seller")
('CLOSED', Decimal('500000.00'))
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from ledgerkit.consortium import ConsortiumChain, Member
from ledgerkit.contracts import Context, Contract, action
from ledgerkit.finance.cash import CashAccounts
from ledgerkit.finance.desk import Desk
from ledgerkit.i18n import Labels, Phrase, register_strings

PRESENTATION_DAYS = 21  # after shipment
EXAMINATION_DAYS = 5  # business days to examine documents (and to pay a sight L/C)
MAX_USANCE_DAYS = 365  # a domestic usance L/C runs at most one year
REGULATOR = "nfra_office"  # the NFRA local office (金融监管总局派出机构) supervises the banks
PAYMENTS_REGULATOR = "pboc_branch"  # the PBoC branch oversees settlement instruments

register_strings({
    "lc.exists": ("Letter of credit {lc} already exists.", "信用证 {lc} 已存在。"),
    "lc.unknown": ("There is no letter of credit {lc}.", "不存在信用证 {lc}。"),
    "lc.unknown_presentation": ("L/C {lc} has no presentation {number} (presentations: 1 to "
                                "{count}).",
                                "信用证 {lc} 没有第 {number} 次交单（共 {count} 次）。"),
    "lc.amount": ("{what} must be a positive amount in whole fen; got {value}.",
                  "{what} 必须是以分为单位的正金额；实际为 {value}。"),
    "lc.not_member": ("{who} is not a member of this chain.", "{who} 不是本链成员。"),
    "lc.distinct": ("The applicant, the beneficiary, the issuing bank and the advising bank "
                    "must be different members.",
                    "申请人、受益人、开证行和通知行必须是不同的成员。"),
    "lc.expiry": ("The expiry date {expiry} must be after today ({today}).",
                  "有效期 {expiry} 必须晚于今天（{today}）。"),
    "lc.usance": ("Usance days must be a whole number from 0 (sight) to {most}; got {got!r}.",
                  "远期天数必须是 0（即期）到 {most} 之间的整数；实际为 {got!r}。"),
    "lc.wrong_party": ("Only the {role} {expected} may {step} L/C {lc}; {who} called.",
                       "只有{role} {expected} 才能对信用证 {lc} 执行{step}；调用者为 {who}。"),
    "lc.step": ("L/C {lc} is {status}: to {step} it, it must be {needed}.",
                "信用证 {lc} 当前状态为{status}：{step}要求状态为{needed}。"),
    "lc.presentation_step": ("Presentation {number} under L/C {lc} is {status}: to {step} it, "
                             "it must be {needed}.",
                             "信用证 {lc} 第 {number} 次交单当前状态为{status}：{step}要求状态为"
                             "{needed}。"),
    "lc.closed": ("L/C {lc} is closed (闭卷): nothing about it can change any more.",
                  "信用证 {lc} 已闭卷：不能再作任何变更。"),
    "lc.expired": ("L/C {lc} expired on {expiry}: documents can no longer be presented.",
                   "信用证 {lc} 已于 {expiry} 到期：不能再交单。"),
    "lc.shipment_date": ("The shipment date {shipped} cannot be after today ({today}).",
                         "装运日期 {shipped} 不能晚于今天（{today}）。"),
    "lc.late_presentation": ("Goods shipped on {shipped} must be presented within {days} days, "
                             "by {last}.",
                             "{shipped} 装运的货物须在 {days} 天内（{last} 前）交单。"),
    "lc.over_amount": ("L/C {lc} is for {amount}; {used} is already presented or paid, so "
                       "{asked} more would exceed it.",
                       "信用证 {lc} 金额为 {amount}，已交单或已付款 {used}，再交单 {asked} 将超出"
                       "金额。"),
    "lc.refusal_too_late": ("The examination period for presentation {number} ended on "
                            "{deadline}: the bank can no longer refuse, the documents count as "
                            "compliant.", "第 {number} 次交单的审单期已于 {deadline} 结束：银行不能"
                            "再拒付，单据视为相符。"),
    "lc.reason": ("A refusal must list the discrepancies.", "拒付必须列明不符点。"),
    "lc.not_due": ("Presentation {number} falls due on {due}: a usance L/C is paid then.",
                   "第 {number} 次交单于 {due} 到期：远期信用证到期付款。"),
    "lc.not_closable": ("L/C {lc} cannot be closed yet: {pending} presentation(s) await a "
                        "decision or payment, or it is neither fully paid nor expired.",
                        "信用证 {lc} 暂不能闭卷：尚有 {pending} 次交单待处理或待付款，"
                        "或既未付清也未到期。"),
    "lc.assigned": ("The proceeds of presentation {number} are already assigned to {payee}.",
                    "第 {number} 次交单的款项已让渡给 {payee}。"),
    "lc.assignee": ("Proceeds go to another member, not to {who}.",
                    "款项只能让渡给其他成员，不能让渡给 {who}。"),
    "lc.no_cash": ("{who} has {balance} but must pay {amount}: deposit cash first.",
                   "{who} 余额为 {balance}，但须支付 {amount}：请先存入资金。"),
})
register_strings({f"lc.do.{step}": words for step, words in {
    "advise": ("advise", "通知"), "present": ("present documents under", "交单"),
    "accept": ("accept", "承兑"), "refuse": ("refuse", "拒付"), "pay": ("pay", "付款"),
    "close": ("close", "闭卷"), "assign": ("assign the proceeds of", "让渡款项"),
    "issuing_bank": ("issuing bank", "开证行"), "advising_bank": ("advising bank", "通知行"),
    "beneficiary": ("beneficiary", "受益人")}.items()})
# Statuses of an L/C and of a presentation: English as the model names them, Chinese in words.
register_strings({f"lc.status.{status}": (status, words) for status, words in {
    "ISSUED": "已开证", "ADVISED": "已通知", "PRESENTED": "已交单", "ACCEPTED": "已承兑",
    "PAID": "已付款", "REFUSED": "已拒付", "CLOSED": "已闭卷"}.items()})


def _status(status: str) -> Phrase:
    """A status in words for a message (已通知 in Chinese, not ADVISED).

    >>> _status("ADVISED").in_language("zh")
    '已通知'
    """
    return Phrase(f"lc.status.{status}")


def add_business_days(day: date, days: int) -> date:
    """`days` business days (Monday to Friday) after `day`.

    >>> add_business_days(date(2025, 3, 7), 5)   # a Friday: the next Friday
    datetime.date(2025, 3, 14)
    """
    while days > 0:
        day += timedelta(days=1)
        days -= day.weekday() < 5
    return day


@dataclass
class Presentation:
    """One presentation of documents (交单): PRESENTED → ACCEPTED → PAID, or REFUSED.
    `deadline` ends the examination; `due` is the day payment is owed once accepted;
    `payee` is who is paid (the beneficiary unless it assigned the proceeds).

    >>> Presentation(1, Decimal(10), date(2025, 3, 1), date(2025, 3, 3), date(2025, 3, 10)).status
    'PRESENTED'
    """

    number: int
    amount: Decimal
    shipped: date
    presented: date
    deadline: date
    status: str = "PRESENTED"
    due: date | None = None
    reason: str = ""
    payee: str = ""


@dataclass
class LetterOfCredit:
    """A letter of credit: ISSUED → ADVISED → CLOSED, with its presentations.

    >>> LetterOfCredit("LC-1", "buyer", "bank", "adv", "seller", Decimal(5),
    ...                date(2025, 6, 30), 0).paid
    Decimal('0.00')
    """

    id: str
    applicant: str
    issuing_bank: str
    advising_bank: str
    beneficiary: str
    amount: Decimal
    expiry: date
    usance_days: int  # 0: sight (即期); more: usance (远期)
    status: str = "ISSUED"
    presentations: list[Presentation] = field(default_factory=list)
    paid: Decimal = Decimal("0.00")

    @property
    def committed(self) -> Decimal:
        """What is presented (not refused) or paid: never more than the amount."""
        return sum((p.amount for p in self.presentations if p.status != "REFUSED"),
                   Decimal("0.00"))


class LettersOfCredit(CashAccounts, Contract):
    """The L/C platform contract (信用证信息传输平台).

    >>> LettersOfCredit().letters
    {}
    """

    _rules = "lc"

    def __init__(self) -> None:
        self.letters: dict[str, LetterOfCredit] = {}
        self.cash: dict[str, Decimal] = {}
        self.deposited = Decimal("0.00")  # all cash ever paid in: the sum of the balances

    # --- views ---

    def overdue(self, lc_id: str, today: date) -> list[int]:
        """Accepted presentations still unpaid after their due date, on `today`."""
        return [p.number for p in self.letters[lc_id].presentations
                if p.status == "ACCEPTED" and p.due < today]

    # --- actions ---

    @action(roles={"business"})
    def issue(self, ctx: Context, lc_id: str, applicant: str, beneficiary: str,
              advising_bank: str, amount: Decimal, expiry: date, usance_days: int = 0) -> None:
        """开证: the caller, as issuing bank, issues an L/C for `applicant` to `beneficiary`."""
        self.require(lc_id not in self.letters, "lc.exists", lc=lc_id)
        parties = [applicant, beneficiary, advising_bank]
        for who in parties:
            self.require(ctx.chain is None or who in ctx.chain.members, "lc.not_member", who=who)
        self.require(len({ctx.sender.name, *parties}) == 4, "lc.distinct")
        amount = self._money(amount, "amount")
        self.require(expiry > ctx.today, "lc.expiry", expiry=expiry, today=ctx.today)
        self.require(type(usance_days) is int and 0 <= usance_days <= MAX_USANCE_DAYS,
                     "lc.usance", most=MAX_USANCE_DAYS, got=usance_days)
        self.letters[lc_id] = LetterOfCredit(lc_id, applicant, ctx.sender.name, advising_bank,
                                             beneficiary, amount, expiry, usance_days)
        ctx.emit("issued", lc=lc_id, applicant=applicant, issuing_bank=ctx.sender.name,
                 beneficiary=beneficiary, amount=amount, expiry=expiry, usance_days=usance_days)

    @action(roles={"business"})
    def advise(self, ctx: Context, lc_id: str) -> None:
        """通知: the advising bank passes the L/C on to the beneficiary."""
        lc = self._letter(ctx, lc_id, "advising_bank", "advise", "ISSUED")
        lc.status = "ADVISED"
        ctx.emit("advised", lc=lc_id, advising_bank=lc.advising_bank)

    @action(roles={"business"})
    def present(self, ctx: Context, lc_id: str, amount: Decimal, shipped: date) -> int:
        """交单: the beneficiary presents documents for `amount` of goods shipped on `shipped`;
        returns the presentation's number."""
        lc = self._letter(ctx, lc_id, "beneficiary", "present", "ADVISED")
        self.require(ctx.today <= lc.expiry, "lc.expired", lc=lc_id, expiry=lc.expiry)
        self.require(shipped <= ctx.today, "lc.shipment_date", shipped=shipped, today=ctx.today)
        last = shipped + timedelta(days=PRESENTATION_DAYS)
        self.require(ctx.today <= last, "lc.late_presentation", shipped=shipped,
                     days=PRESENTATION_DAYS, last=last)
        amount = self._money(amount, "amount")
        self.require(lc.committed + amount <= lc.amount, "lc.over_amount", lc=lc_id,
                     amount=lc.amount, used=lc.committed, asked=amount)
        number = len(lc.presentations) + 1
        deadline = add_business_days(ctx.today, EXAMINATION_DAYS)
        lc.presentations.append(Presentation(number, amount, shipped, ctx.today, deadline))
        ctx.emit("presented", lc=lc_id, number=number, amount=amount, deadline=deadline)
        return number

    @action(roles={"business"})
    def accept(self, ctx: Context, lc_id: str, number: int) -> date:
        """承兑: the issuing bank finds the documents compliant; returns the day payment is
        due (sight: the end of the examination period; usance: `usance_days` from today)."""
        lc, item = self._presentation(ctx, lc_id, number, "accept", "PRESENTED")
        item.due = (item.deadline if lc.usance_days == 0
                    else ctx.today + timedelta(days=lc.usance_days))
        item.status = "ACCEPTED"
        ctx.emit("accepted", lc=lc_id, number=number, due=item.due)
        return item.due

    @action(roles={"business"})
    def refuse_documents(self, ctx: Context, lc_id: str, number: int, reason: str) -> None:
        """拒付: within the examination period the issuing bank refuses discrepant documents."""
        lc, item = self._presentation(ctx, lc_id, number, "refuse", "PRESENTED")
        self.require(ctx.today <= item.deadline, "lc.refusal_too_late", number=number,
                     deadline=item.deadline)
        self.require(isinstance(reason, str) and reason.strip(), "lc.reason")
        item.status, item.reason = "REFUSED", reason
        ctx.emit("refused", lc=lc_id, number=number, reason=reason)

    @action(roles={"business"})
    def assign_proceeds(self, ctx: Context, lc_id: str, number: int, to: str) -> None:
        """款项让渡: the beneficiary has an accepted presentation paid to `to` instead, once."""
        lc = self._letter(ctx, lc_id, "beneficiary", "assign", "ADVISED")
        item = self._numbered(lc, number, "assign", "ACCEPTED")
        self.require(not item.payee, "lc.assigned", number=number, payee=item.payee)
        self.require(ctx.chain is None or to in ctx.chain.members, "lc.not_member", who=to)
        self.require(to != lc.beneficiary, "lc.assignee", who=to)
        item.payee = to
        ctx.emit("proceeds_assigned", lc=lc_id, number=number, to=to)

    @action(roles={"business"})
    def pay(self, ctx: Context, lc_id: str, number: int) -> None:
        """付款: the issuing bank pays an accepted presentation (a usance one from its due
        date); a payment after the due date is marked late."""
        lc, item = self._presentation(ctx, lc_id, number, "pay", "ACCEPTED")
        self.require(lc.usance_days == 0 or ctx.today >= item.due, "lc.not_due", number=number,
                     due=item.due)
        self.require(lc.paid + item.amount <= lc.amount, "lc.over_amount", lc=lc_id,
                     amount=lc.amount, used=lc.paid, asked=item.amount)
        payee = item.payee or lc.beneficiary
        self._pay(lc.issuing_bank, payee, item.amount)
        lc.paid += item.amount
        item.status = "PAID"
        ctx.emit("paid", lc=lc_id, number=number, payee=payee, amount=item.amount,
                 late=ctx.today > item.due)

    @action(roles={"business"})
    def close(self, ctx: Context, lc_id: str) -> None:
        """闭卷: the issuing bank closes an L/C that is fully paid or expired, with nothing
        pending; after that it never changes."""
        lc = self._letter(ctx, lc_id, "issuing_bank", "close", "ADVISED", "ISSUED")
        pending = sum(p.status in ("PRESENTED", "ACCEPTED") for p in lc.presentations)
        self.require(pending == 0 and (lc.paid == lc.amount or ctx.today > lc.expiry),
                     "lc.not_closable", lc=lc_id, pending=pending)
        lc.status = "CLOSED"
        ctx.emit("closed", lc=lc_id, paid=lc.paid)

    # --- checks shared by the actions ---
    def _letter(self, ctx: Context, lc_id: str, role: str, step: str,
                *needed: str) -> LetterOfCredit:
        self.require(lc_id in self.letters, "lc.unknown", lc=lc_id)
        lc = self.letters[lc_id]
        self.require(lc.status != "CLOSED", "lc.closed", lc=lc_id)
        expected = getattr(lc, role)
        self.require(ctx.sender.name == expected, "lc.wrong_party", role=Phrase(f"lc.do.{role}"),
                     expected=expected, step=Phrase(f"lc.do.{step}"), lc=lc_id,
                     who=ctx.sender.name)
        self.require(lc.status in needed, "lc.step", lc=lc_id, status=_status(lc.status),
                     step=Phrase(f"lc.do.{step}"),
                     needed=Labels(map(_status, needed), joiners=(" / ", "或")))
        return lc

    def _presentation(self, ctx: Context, lc_id: str, number: int, step: str,
                      needed: str) -> tuple[LetterOfCredit, Presentation]:
        lc = self._letter(ctx, lc_id, "issuing_bank", step, "ADVISED")
        return lc, self._numbered(lc, number, step, needed)

    def _numbered(self, lc: LetterOfCredit, number: int, step: str,
                  needed: str) -> Presentation:
        count = len(lc.presentations)
        self.require(type(number) is int and 1 <= number <= count, "lc.unknown_presentation",
                     lc=lc.id, number=number, count=count)
        item = lc.presentations[number - 1]
        self.require(item.status == needed, "lc.presentation_step", number=number, lc=lc.id,
                     status=_status(item.status), step=Phrase(f"lc.do.{step}"),
                     needed=_status(needed))
        return item



def default_members() -> list[Member]:
    """Four banks run the consensus nodes, as in the BCLC bank consortium (PBFT survives one
    faulty node from n = 4): issuing, advising and negotiating banks (开证行, 通知行, 议付行)
    and a forfaiter; a buyer and a seller do business. Two supervisors observe: the local
    office of the financial supervisor NFRA (the banks) and the PBoC branch (domestic L/C is a
    settlement instrument under the PBoC's 国内信用证结算办法).

    >>> [m.name for m in default_members()][:2]
    ['issuing_bank', 'advising_bank']
    """
    return [Member("issuing_bank", node_kind="consensus",
                   roles={"committee", "operator", "business"}),
            Member("advising_bank", node_kind="consensus", roles={"committee", "business"}),
            Member("negotiating_bank", node_kind="consensus", roles={"committee", "business"}),
            Member("forfaiter", node_kind="consensus", roles={"committee", "business"}),
            Member(REGULATOR, node_kind="observer", roles={"regulator"}),
            Member(PAYMENTS_REGULATOR, node_kind="observer", roles={"regulator"}),
            *(Member(name, roles={"business"}) for name in ("buyer", "seller"))]


class LetterOfCreditDesk(Desk, LettersOfCredit):
    """The L/C platform on `chain`, or on a new chain of `default_members()` starting on
    `start`. Call actions with `by=member`.

    >>> LetterOfCreditDesk().chain.today
    datetime.date(2025, 1, 1)
    """

    def __init__(self, chain: ConsortiumChain | None = None, *,
                 start: date | None = None) -> None:
        super().__init__()
        self._open(chain, default_members, start, "LettersOfCredit")
