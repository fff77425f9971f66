"""Health-insurance claims (健康险理赔) shared by hospital, insurers and reinsurer on a chain.

The hospital attests a treatment bill (医疗费用票据) by putting a keyed commitment of it on the
chain, never the bill or the medical record: medical health data is sensitive personal
information (PIPL Art. 28), so it stays off the chain; the commitment proves the bill exists,
was issued by that hospital and is unchanged. The insured files a claim that cites the
commitment; the insurer assesses (核定) and pays within the policy's cover (保额) and deductible
(免赔额); under a quota-share treaty (成数分保) the reinsurer (再保险人) pays back its share of
every claim the insurer pays.

Rules (中华人民共和国保险法, 2015 text): the insurer decides promptly and, in a complicated case,
within 30 days (Art. 23, unless the contract says otherwise), and pays within 10 days after the
amount is agreed (Art. 23); a refusal comes with reasons (Art. 24); reinsurance (Art. 28) never
lets the insurer delay paying the insured because the reinsurer has not paid (Art. 29). The
fraud pattern caught: one treatment bill claimed twice, at the same or another insurer on the
chain — an expense-reimbursement policy (费用补偿型医疗保险) pays at most the cost actually
incurred (the indemnity principle; for property insurance the law caps what all insurers of
one loss pay together at its insured value, Art. 56), so the second claim is refused and
names the earlier one. As with letters of credit,
a contract cannot make an insurer decide or pay: a late decision or payment is marked in its
event and listed by `overdue`, for the regulator (NFRA) to see.

Teaching simplifications (*proposal*): one policy year, an annual deductible and a cover with
no co-payment ratio; any claim not declined blocks a second claim on the same bill (in real
life a second insurer may pay what the first left unpaid); premiums, and the reinsurer's share
of them, stay off the chain.

>>> desk = InsuranceDesk(start=date(2025, 3, 3))
>>> desk.deposit(Decimal(100_000), by="insurer_a"); desk.deposit(Decimal(50_000), by="reinsurer")
>>> desk.treaty("reinsurer", Decimal("0.3"), by="insurer_a")
>>> desk.issue_policy("P-1", insured="patient", cover=Decimal(2_000_000),
...                   deductible=Decimal(10_000), start=date(2025, 1, 1), by="insurer_a")
>>> bill = "Ruijin Hospital, inpatient bill 2025-0457, 38,600.50 yuan"
>>> record = bill_commitment(bill, b"key given to the patient")
>>> desk.attest(record, amount=Decimal("38600.50"), treated=date(2025, 3, 1), by="hospital")
>>> desk.file_claim("C-1", "P-1", record, amount=Decimal("38600.50"), by="patient")
>>> desk.assess("C-1", approve=True, by="insurer_a")
Decimal('28600.50')
>>> desk.pay_claim("C-1", by="insurer_a"); desk.recover("C-1", by="reinsurer")
>>> desk.balance("patient"), desk.claims["C-1"].ceded
(Decimal('28600.50'), Decimal('8580.15'))
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from ledgerkit.consortium import ConsortiumChain, Member
from ledgerkit.contracts import Context, Contract, action
from ledgerkit.finance.cash import CashAccounts
from ledgerkit.finance.desk import Desk
from ledgerkit.finance.rates import to_fen
from ledgerkit.i18n import Phrase, register_strings

DECISION_DAYS = 30  # 保险法 Art. 23: decide within 30 days, even in a complicated case
PAYMENT_DAYS = 10  # 保险法 Art. 23: pay within 10 days after the amount is agreed
POLICY_DAYS = 365  # the course's policies run one year (a typical short-term health policy)
REGULATOR = "nfra_office"  # the NFRA local office (金融监管总局派出机构) supervises insurers
KINDS = ("hospital", "insurer", "reinsurer")

register_strings({
    "ins.amount": ("{what} must be a positive amount in whole fen; got {value}.",
                   "{what} 必须是以分为单位的正金额；实际为 {value}。"),
    "ins.no_cash": ("{who} has {balance} but must pay {amount}: deposit cash first.",
                    "{who} 余额为 {balance}，但须支付 {amount}：请先存入资金。"),
    "ins.not_member": ("{who} is not a member of this chain.", "{who} 不是本链成员。"),
    "ins.kind": ("A member is admitted as one of: {kinds}; got {got!r}.",
                 "成员只能以以下身份之一准入：{kinds}；实际为 {got!r}。"),
    "ins.admitted": ("{who} is already admitted as {kind}.", "{who} 已作为{kind}准入。"),
    "ins.not_kind": ("Only an admitted {kind} may {step}; {who} is not one.",
                     "只有已准入的{kind}才能{step}；{who} 不是。"),
    "ins.not_hex": ("A bill commitment is 64 hex digits (bill_commitment(...).hex() style); "
                    "got {got!r}.",
                    "票据承诺值是 64 位十六进制文本（即 bill_commitment(...) 的结果）；"
                    "实际为 {got!r}。"),
    "ins.attested": ("Bill {record} is already attested by {hospital}: a bill is attested once.",
                     "票据 {record} 已由 {hospital} 存证：一张票据只存证一次。"),
    "ins.treated_later": ("The treatment date {treated} cannot be after today ({today}).",
                          "就诊日期 {treated} 不能晚于今天（{today}）。"),
    "ins.policy_exists": ("Policy {policy} already exists.", "保单 {policy} 已存在。"),
    "ins.no_policy": ("There is no policy {policy}.", "不存在保单 {policy}。"),
    "ins.deductible": ("The deductible must be zero or a positive amount in fen below the cover "
                       "{cover}; got {got}.",
                       "免赔额必须为零或低于保额 {cover} 的以分为单位的金额；实际为 {got}。"),
    "ins.self_insured": ("An insurer cannot insure itself: the insured must be another member.",
                         "保险人不能为自己承保：被保险人必须是其他成员。"),
    "ins.claim_exists": ("Claim {claim} already exists.", "理赔案 {claim} 已存在。"),
    "ins.no_claim": ("There is no claim {claim}.", "不存在理赔案 {claim}。"),
    "ins.not_insured": ("Only the insured {insured} may claim under policy {policy}; {who} "
                        "called.", "只有被保险人 {insured} 才能依保单 {policy} 申请理赔；"
                        "调用者为 {who}。"),
    "ins.unattested": ("No hospital has attested bill {record}: a claim needs the hospital's "
                       "attestation first.",
                       "没有医院为票据 {record} 存证：理赔前须先由医院存证。"),
    "ins.outside_policy": ("Treatment on {treated} is outside policy {policy} ({start} to "
                           "{end}).", "{treated} 的就诊不在保单 {policy} 的保险期间"
                           "（{start} 至 {end}）内。"),
    "ins.over_bill": ("The claim of {asked} exceeds the attested bill of {billed}.",
                      "申请金额 {asked} 超过存证票据金额 {billed}。"),
    "ins.duplicate": ("Bill {record} is already claimed in claim {earlier} at {insurer}: the "
                      "same loss cannot be claimed twice (expense reimbursement pays at most "
                      "the cost incurred). Declined claims do not count.",
                      "票据 {record} 已在 {insurer} 的理赔案 {earlier} 中申请过：同一损失不能"
                      "重复理赔（费用补偿型保险的赔付不超过实际发生的费用）。已拒赔的案件不计。"),
    "ins.wrong_insurer": ("Only the insurer {insurer} may {step} claim {claim}; {who} called.",
                          "只有保险人 {insurer} 才能对理赔案 {claim} 执行{step}；调用者为 {who}。"),
    "ins.step": ("Claim {claim} is {status}: to {step} it, it must be {needed}.",
                 "理赔案 {claim} 当前状态为{status}：{step}要求状态为{needed}。"),
    "ins.reason": ("A refusal must state its reason (保险法 Art. 24).",
                   "拒赔必须说明理由（《保险法》第二十四条）。"),
    "ins.share": ("A quota share is a fraction between 0 and 1 (e.g. 0.3 for 30%); got {got}.",
                  "成数分保比例是 0 与 1 之间的小数（例如 0.3 表示 30%）；实际为 {got}。"),
    "ins.treaty_exists": ("{insurer} already has a treaty with {reinsurer}: one treaty an "
                          "insurer.", "{insurer} 已与 {reinsurer} 签有分保合同：每家保险人一份。"),
    "ins.not_reinsurer": ("Only the reinsurer {reinsurer} owes claim {claim}'s share; {who} "
                          "called.", "理赔案 {claim} 的分摊只由再保险人 {reinsurer} 支付；"
                          "调用者为 {who}。"),
    "ins.nothing_ceded": ("Claim {claim} ceded nothing to a reinsurer, or its share is already "
                          "recovered.", "理赔案 {claim} 没有分出给再保险人，或分摊已经摊回。"),
})
register_strings({f"ins.do.{step}": words for step, words in {
    "assess": ("assess", "核定"), "pay": ("pay", "赔付"), "attest": ("attest a bill", "存证票据"),
    "issue": ("issue a policy", "签发保单"), "treaty": ("cede by treaty", "签订分保合同"),
    "hospital": ("hospital", "医院"), "insurer": ("insurer", "保险人"),
    "reinsurer": ("reinsurer", "再保险人")}.items()})
register_strings({f"ins.status.{status}": (status, words) for status, words in {
    "FILED": "已报案", "APPROVED": "已核定赔付", "DECLINED": "已拒赔", "PAID": "已赔付"}.items()})


def bill_commitment(bill: str, key: bytes) -> bytes:
    """The keyed commitment HMAC-SHA256(key, bill) the hospital puts on the chain.

    Why keyed: a bill's text is guessable (hospital, date, amount), so a plain hash could be
    tested guess by guess; without the key, which the hospital hands the patient with the
    bill, the commitment reveals nothing. With bill and key, anyone (the insurer) can check it.

    >>> bill_commitment("bill 7, 1,000.00 yuan", b"k").hex()[:16]
    'd5784f9792f1ac78'
    """
    return hmac.new(key, bill.encode("utf-8"), hashlib.sha256).digest()


def opens(record: str | bytes, bill: str, key: bytes) -> bool:
    """Does (`bill`, `key`) open the commitment `record`? What the insurer checks off chain.

    >>> opens(bill_commitment("b", b"k"), "b", b"k"), opens(bill_commitment("b", b"k"), "c", b"k")
    (True, False)
    """
    expected = bill_commitment(bill, key).hex()
    given = record.hex() if isinstance(record, bytes) else str(record).lower()
    return hmac.compare_digest(expected, given)


def payout(amount: Decimal, deductible_left: Decimal, cover_left: Decimal) -> Decimal:
    """What the insurer pays on a claim: above the deductible still left, up to the cover left.

    >>> payout(Decimal("38600.50"), Decimal(10_000), Decimal(2_000_000))
    Decimal('28600.50')
    >>> payout(Decimal(6_000), Decimal(10_000), Decimal(2_000_000))
    Decimal('0')
    """
    return min(max(amount - deductible_left, Decimal(0)), cover_left)


@dataclass
class Policy:
    """A health policy (保单): cover and deductible for a year, and what is left of each.

    >>> Policy("P-1", "ins", "pat", Decimal(100), Decimal(10), date(2025, 1, 1)).end
    datetime.date(2025, 12, 31)
    """

    id: str
    insurer: str
    insured: str
    cover: Decimal
    deductible: Decimal
    start: date
    end: date | None = None
    cover_left: Decimal | None = None
    deductible_left: Decimal | None = None

    def __post_init__(self) -> None:
        self.end = self.end or self.start + timedelta(days=POLICY_DAYS - 1)
        self.cover_left = self.cover if self.cover_left is None else self.cover_left
        self.deductible_left = (self.deductible if self.deductible_left is None
                                else self.deductible_left)


@dataclass
class Claim:
    """A claim: FILED → APPROVED → PAID, or DECLINED. `decide_by` ends the 30 days of Art. 23;
    `pay_by` is 10 days after approval; `ceded` is the reinsurer's share of the payout.

    >>> Claim("C-1", "P-1", "ab" * 32, Decimal(5), date(2025, 3, 3), date(2025, 4, 2)).status
    'FILED'
    """

    id: str
    policy: str
    record: str
    amount: Decimal
    filed: date
    decide_by: date
    status: str = "FILED"
    payout: Decimal = Decimal("0.00")
    pay_by: date | None = None
    reason: str = ""
    reinsurer: str = ""
    ceded: Decimal = Decimal("0.00")
    recovered: bool = False


class InsuranceClaims(CashAccounts, Contract):
    """The shared claims platform (理赔信息共享平台).

    >>> InsuranceClaims().claims
    {}
    """

    _rules = "ins"

    def __init__(self) -> None:
        self.admitted: dict[str, str] = {}  # member -> "hospital" | "insurer" | "reinsurer"
        self.records: dict[str, dict] = {}  # commitment hex -> hospital, amount, treated
        self.policies: dict[str, Policy] = {}
        self.treaties: dict[str, dict] = {}  # insurer -> reinsurer, share
        self.claims: dict[str, Claim] = {}
        self.cash: dict[str, Decimal] = {}
        self.deposited = Decimal("0.00")  # all cash ever paid in: the sum of the balances

    # --- views ---

    def claims_on(self, record: str | bytes) -> list[str]:
        """Every claim (any insurer, any status) citing the bill `record`."""
        key = record.hex() if isinstance(record, bytes) else str(record).lower()
        return [c.id for c in self.claims.values() if c.record == key]

    def overdue(self, today: date) -> list[str]:
        """Claims whose decision (30 days) or payment (10 days) is late on `today`."""
        return [c.id for c in self.claims.values()
                if (c.status == "FILED" and today > c.decide_by)
                or (c.status == "APPROVED" and today > c.pay_by)]

    # --- actions ---

    @action(roles={"operator"})
    def admit(self, ctx: Context, member: str, kind: str) -> None:
        """The platform operator admits a member as a hospital, insurer or reinsurer (准入)."""
        self.require(kind in KINDS, "ins.kind", kinds=", ".join(KINDS), got=kind)
        self.require(ctx.chain is None or member in ctx.chain.members, "ins.not_member",
                     who=member)
        self.require(member not in self.admitted, "ins.admitted", who=member,
                     kind=Phrase(f"ins.do.{self.admitted.get(member, kind)}"))
        self.admitted[member] = kind
        ctx.emit("admitted", member=member, kind=kind)

    @action(roles={"business"})
    def attest(self, ctx: Context, record: str | bytes, amount: Decimal, treated: date) -> None:
        """存证: a hospital puts a bill's commitment, its amount and treatment date on chain."""
        self._kind(ctx, "hospital", "attest")
        key = self._record(record)
        self.require(key not in self.records, "ins.attested", record=key[:12],
                     hospital=self.records.get(key, {}).get("hospital"))
        amount = self._money(amount, "amount")
        self.require(treated <= ctx.today, "ins.treated_later", treated=treated, today=ctx.today)
        self.records[key] = {"hospital": ctx.sender.name, "amount": amount, "treated": treated}
        ctx.emit("attested", record=key, hospital=ctx.sender.name, amount=amount)

    @action(roles={"business"})
    def issue_policy(self, ctx: Context, policy_id: str, insured: str, cover: Decimal,
                     deductible: Decimal, start: date) -> None:
        """签发保单: an insurer insures `insured` for a year from `start`."""
        self._kind(ctx, "insurer", "issue")
        self.require(policy_id not in self.policies, "ins.policy_exists", policy=policy_id)
        self.require(ctx.chain is None or insured in ctx.chain.members, "ins.not_member",
                     who=insured)
        self.require(insured != ctx.sender.name, "ins.self_insured")
        cover = self._money(cover, "cover")
        deductible = self._number(deductible, "deductible")
        self.require(deductible.is_finite() and 0 <= deductible < cover
                     and deductible == to_fen(deductible), "ins.deductible", cover=cover,
                     got=deductible)
        self.policies[policy_id] = Policy(policy_id, ctx.sender.name, insured, cover,
                                          to_fen(deductible), start)
        ctx.emit("policy_issued", policy=policy_id, insurer=ctx.sender.name, insured=insured,
                 cover=cover, deductible=to_fen(deductible))

    @action(roles={"business"})
    def treaty(self, ctx: Context, reinsurer: str, share: Decimal) -> None:
        """成数分保: the calling insurer cedes `share` of every claim it pays to `reinsurer`."""
        self._kind(ctx, "insurer", "treaty")
        self.require(self.admitted.get(reinsurer) == "reinsurer", "ins.not_kind",
                     kind=Phrase("ins.do.reinsurer"), step=Phrase("ins.do.treaty"),
                     who=reinsurer)
        held = self.treaties.get(ctx.sender.name)
        self.require(held is None, "ins.treaty_exists", insurer=ctx.sender.name,
                     reinsurer=held and held["reinsurer"])
        share = self._number(share, "share")
        self.require(share.is_finite() and 0 < share < 1, "ins.share", got=share)
        self.treaties[ctx.sender.name] = {"reinsurer": reinsurer, "share": share}
        ctx.emit("treaty", insurer=ctx.sender.name, reinsurer=reinsurer, share=share)

    @action(roles={"business"})
    def file_claim(self, ctx: Context, claim_id: str, policy_id: str, record: str | bytes,
                   amount: Decimal) -> None:
        """报案: the insured claims `amount` of an attested bill under its policy."""
        self.require(claim_id not in self.claims, "ins.claim_exists", claim=claim_id)
        self.require(policy_id in self.policies, "ins.no_policy", policy=policy_id)
        policy = self.policies[policy_id]
        self.require(ctx.sender.name == policy.insured, "ins.not_insured",
                     insured=policy.insured, policy=policy_id, who=ctx.sender.name)
        key = self._record(record)
        self.require(key in self.records, "ins.unattested", record=key[:12])
        bill = self.records[key]
        self.require(policy.start <= bill["treated"] <= policy.end, "ins.outside_policy",
                     treated=bill["treated"], policy=policy_id, start=policy.start,
                     end=policy.end)
        amount = self._money(amount, "amount")
        self.require(amount <= bill["amount"], "ins.over_bill", asked=amount,
                     billed=bill["amount"])
        earlier = next((c for c in self.claims.values()
                        if c.record == key and c.status != "DECLINED"), None)
        self.require(earlier is None, "ins.duplicate", record=key[:12],
                     earlier=earlier and earlier.id,
                     insurer=earlier and self.policies[earlier.policy].insurer)
        self.claims[claim_id] = Claim(claim_id, policy_id, key, amount, ctx.today,
                                      ctx.today + timedelta(days=DECISION_DAYS))
        ctx.emit("claim_filed", claim=claim_id, policy=policy_id, insurer=policy.insurer,
                 record=key, amount=amount)

    @action(roles={"business"})
    def assess(self, ctx: Context, claim_id: str, approve: bool, reason: str = "") -> Decimal:
        """核定: the insurer approves (the payout is agreed: returns it) or declines with a
        reason; a decision after the 30 days of Art. 23 is marked late."""
        claim, policy = self._claim(ctx, claim_id, "assess", "FILED")
        late = ctx.today > claim.decide_by
        if not approve:
            self.require(isinstance(reason, str) and reason.strip(), "ins.reason")
            claim.status, claim.reason = "DECLINED", reason
            ctx.emit("declined", claim=claim_id, reason=reason, late=late)
            return Decimal("0.00")
        paid = to_fen(payout(claim.amount, policy.deductible_left, policy.cover_left))
        policy.deductible_left -= min(claim.amount, policy.deductible_left)
        policy.cover_left -= paid
        claim.status, claim.payout = "APPROVED", paid
        claim.pay_by = ctx.today + timedelta(days=PAYMENT_DAYS)
        ctx.emit("approved", claim=claim_id, payout=paid, pay_by=claim.pay_by, late=late)
        return paid

    @action(roles={"business"})
    def pay_claim(self, ctx: Context, claim_id: str) -> None:
        """赔付: the insurer pays the agreed payout (late after 10 days) and, under its treaty,
        books the reinsurer's share — owed to it whether or not the reinsurer pays (Art. 29)."""
        claim, policy = self._claim(ctx, claim_id, "pay", "APPROVED")
        if claim.payout:
            self._pay(policy.insurer, policy.insured, claim.payout)
        held = self.treaties.get(policy.insurer)
        if held and claim.payout:
            claim.reinsurer, claim.ceded = held["reinsurer"], to_fen(claim.payout * held["share"])
        claim.status = "PAID"
        ctx.emit("claim_paid", claim=claim_id, to=policy.insured, amount=claim.payout,
                 ceded=claim.ceded, late=ctx.today > claim.pay_by)

    @action(roles={"business"})
    def recover(self, ctx: Context, claim_id: str) -> None:
        """摊回: the reinsurer pays the insurer its quota share of a paid claim, once."""
        self.require(claim_id in self.claims, "ins.no_claim", claim=claim_id)
        claim = self.claims[claim_id]
        self.require(claim.ceded > 0 and not claim.recovered, "ins.nothing_ceded", claim=claim_id)
        self.require(ctx.sender.name == claim.reinsurer, "ins.not_reinsurer",
                     reinsurer=claim.reinsurer, claim=claim_id, who=ctx.sender.name)
        insurer = self.policies[claim.policy].insurer
        self._pay(claim.reinsurer, insurer, claim.ceded)
        claim.recovered = True
        ctx.emit("recovered", claim=claim_id, reinsurer=claim.reinsurer, to=insurer,
                 amount=claim.ceded)

    # --- checks shared by the actions ---

    def _kind(self, ctx: Context, kind: str, step: str) -> None:
        self.require(self.admitted.get(ctx.sender.name) == kind, "ins.not_kind",
                     kind=Phrase(f"ins.do.{kind}"), step=Phrase(f"ins.do.{step}"),
                     who=ctx.sender.name)

    def _record(self, record: object) -> str:
        key = record.hex() if isinstance(record, bytes) else record
        self.require(isinstance(key, str) and len(key) == 64
                     and all(ch in "0123456789abcdef" for ch in key.lower()), "ins.not_hex",
                     got=record if not isinstance(record, bytes) else record.hex())
        return key.lower()

    def _claim(self, ctx: Context, claim_id: str, step: str, needed: str) -> tuple[Claim, Policy]:
        self.require(claim_id in self.claims, "ins.no_claim", claim=claim_id)
        claim = self.claims[claim_id]
        policy = self.policies[claim.policy]
        self.require(ctx.sender.name == policy.insurer, "ins.wrong_insurer",
                     insurer=policy.insurer, step=Phrase(f"ins.do.{step}"), claim=claim_id,
                     who=ctx.sender.name)
        self.require(claim.status == needed, "ins.step", claim=claim_id,
                     status=Phrase(f"ins.status.{claim.status}"), step=Phrase(f"ins.do.{step}"),
                     needed=Phrase(f"ins.status.{needed}"))
        return claim, policy


def default_members() -> list[Member]:
    """Four consensus nodes: the insurance exchange that operates the platform (as 上海保险交易所
    runs 保交链), two insurers and a reinsurer, so PBFT survives one faulty node; the hospital,
    whose attestations the others check, and the patient only do business; the NFRA local
    office observes.

    >>> [m.name for m in default_members()][:2]
    ['exchange', 'insurer_a']
    """
    return [Member("exchange", node_kind="consensus", roles={"committee", "operator"}),
            *(Member(name, node_kind="consensus", roles={"committee", "business"})
              for name in ("insurer_a", "insurer_b", "reinsurer")),
            Member(REGULATOR, node_kind="observer", roles={"regulator"}),
            *(Member(name, roles={"business"}) for name in ("hospital", "patient"))]


class InsuranceDesk(Desk, InsuranceClaims):
    """The claims platform on `chain`, or on a new chain of `default_members()` starting on
    `start` with the hospital, both insurers and the reinsurer admitted. Call actions with
    `by=member`.

    >>> InsuranceDesk().admitted["hospital"]
    'hospital'
    """

    def __init__(self, chain: ConsortiumChain | None = None, *,
                 start: date | None = None) -> None:
        super().__init__()
        self._open(chain, default_members, start, "InsuranceClaims")
        if chain is None:
            for member, kind in (("hospital", "hospital"), ("insurer_a", "insurer"),
                                 ("insurer_b", "insurer"), ("reinsurer", "reinsurer")):
                self.admit(member, kind, by="exchange")
