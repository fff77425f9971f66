"""Consent-based KYC sharing (客户身份信息共享): a bank reuses another bank's verification only
with the customer's consent, and every look-up is logged.

Knowing your customer (了解你的客户, KYC) is the bank's own duty: before opening an account or
lending, it identifies the customer and verifies the identity (客户尽职调查, customer due
diligence; 反洗钱法, revised 8 November 2024, in force 1 January 2025; 金融机构客户尽职调查和
客户身份资料及交易记录保存管理办法, PBoC, NFRA and CSRC, published 28 November 2025, in force
1 January 2026). Every bank repeats the same checks for the same person. A shared registry
lets a second bank see that a first bank has already verified this person, when and how
thoroughly — but personal information may move from one handler to another only with the
person's informed, separate consent naming the recipient and the purpose (个人信息保护法
Arts. 13, 14, 23), which the person may withdraw at any time (Art. 15).

The registry stores, for each verified customer:

- a **commitment**, HMAC-SHA256(salt, ID number ‖ name), never the ID itself. The salt is
  random and kept by the customer (in the bank's app) and the verifying bank; it is shown to a
  bank only together with the ID card. So, unlike the shared salt of the credit blacklist
  (`blacklist`), nobody else can test guesses. It is still de-identified (去标识化), not
  anonymous (匿名化): with the salt and the ID it identifies the person, so it remains personal
  information (个人信息保护法 Arts. 4, 73);
- the customer's chain account, which signs consents and revocations;
- the verifying bank, the level of checks (`standard` or `enhanced`) and the day.

A consent names one bank, one purpose and an expiry day. A bank that `reuse`s an attestation
needs a live consent for itself and that purpose; the call itself is the access log (who,
when, purpose, consent number), read by the customer (`accesses`) and the regulator. The
reusing bank keeps its own duty: it rates the customer's risk itself, and a customer it rates
high needs its own enhanced due diligence, not a borrowed one (risk-based due diligence,
管理办法 2025; the refusal for a high rating is the course's *proposal*).

Teaching simplifications: the ID checks themselves (face match, 联网核查) happen off chain;
consent is one signed call, where a real app shows the notice of Art. 17 first; dates have a
day's resolution.

>>> desk = KYCDesk(start=date(2025, 3, 3))
>>> salt = bytes(range(32))  # in practice random, kept by the customer
>>> subject = commitment("11010519491231002X", "Li Hua", salt)
>>> desk.attest(subject, customer="customer_li", level="standard", by="bank_a")
>>> desk.grant(subject, to="bank_b", purpose="open_account", expires=date(2025, 6, 30),
...            by="customer_li")
1
>>> desk.reuse(subject, purpose="open_account", risk="low", by="bank_b")["verified_by"]
'bank_a'
>>> [(row["who"], row["purpose"]) for row in desk.accesses(subject)]
[('bank_b', 'open_account')]
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import date
from typing import Any

from ledgerkit.consortium import ConsortiumChain, Member
from ledgerkit.contracts import Context, Contract, action
from ledgerkit.errors import InputError
from ledgerkit.finance.blacklist import with_check_digit
from ledgerkit.finance.desk import Desk
from ledgerkit.i18n import register_strings

PURPOSES = {"open_account": "开立账户", "loan": "贷款", "wealth_product": "购买理财产品"}
LEVELS = {"standard": "一般尽职调查", "enhanced": "强化尽职调查"}
RISKS = {"low": "低风险", "medium": "中风险", "high": "高风险"}
REGULATOR = "pboc"  # the PBoC supervises AML and KYC duties (反洗钱行政主管部门)

register_strings({
    "kyc.bad_id": ("{got!r} is not an 18-character resident ID number with a valid check "
                   "digit (GB 11643).",
                   "{got!r} 不是校验码正确的 18 位居民身份证号码（GB 11643）。"),
    "kyc.bad_salt": ("The salt must be at least 16 random bytes; got {got}.",
                     "盐必须是至少 16 个随机字节；实际为 {got}。"),
    "kyc.not_committed": ("The subject must be the 32-byte commitment HMAC(salt, ID ‖ name), "
                          "never the ID itself; got {got}.",
                          "查询对象必须是 32 字节的承诺值 HMAC(盐, 身份证号 ‖ 姓名)，"
                          "绝不能是身份证号本身；实际为 {got}。"),
    "kyc.bad_choice": ("Unknown {what} {got!r}; use one of {choices}.",
                       "未知的{what_zh} {got!r}；请从 {choices} 中选择。"),
    "kyc.not_member": ("{who} is not a member of this chain.", "{who} 不是本链成员。"),
    "kyc.attested": ("{bank} already attested this customer on {day}.",
                     "{bank} 已于 {day} 为该客户登记过核验结果。"),
    "kyc.other_owner": ("This commitment belongs to the account {owner}, not {who}: one person, "
                        "one account signs the consents.",
                        "该承诺值属于账户 {owner}，而不是 {who}：一个人只由一个账户签署授权。"),
    "kyc.unknown_subject": ("No bank has attested this customer: verify the identity yourself "
                            "first.",
                            "尚无银行为该客户登记核验结果：请先自行核验身份。"),
    "kyc.not_owner": ("Only the customer's own account {owner} may {verb} consent here; {who} "
                      "called (个人信息保护法 Arts. 14, 15).",
                      "只有客户本人的账户 {owner} 才能{verb_zh}授权；调用者为 {who}"
                      "（《个人信息保护法》第十四条、第十五条）。"),
    "kyc.not_bank": ("Only a bank of the consortium (a member running a node) may {verb}; {who} "
                     "may not.",
                     "只有联盟中的银行（运行节点的成员）才能{verb_zh}；{who} 不能。"),
    "kyc.expiry": ("A consent must end on a day after today ({today}); got {got!r}.",
                   "授权的到期日必须晚于今天（{today}）；实际为 {got!r}。"),
    "kyc.unknown_consent": ("There is no consent {consent}.", "不存在第 {consent} 号授权。"),
    "kyc.revoked_already": ("Consent {consent} was already withdrawn on {day}.",
                            "第 {consent} 号授权已于 {day} 撤回。"),
    "kyc.no_consent": (
        "{bank} holds no consent from this customer for {purpose}: personal information goes "
        "to another handler only with the person's separate consent naming the recipient and "
        "the purpose (个人信息保护法 Art. 23). Ask the customer to grant it.",
        "{bank} 没有该客户用于“{purpose_zh}”的授权：向其他处理者提供个人信息，"
        "须取得个人的单独同意，并告知接收方和处理目的（《个人信息保护法》第二十三条）。请先请客户授权。"),
    "kyc.revoked": ("The customer withdrew consent {consent} on {day} (个人信息保护法 Art. 15): "
                    "{bank} may no longer reuse the verification.",
                    "客户已于 {day} 撤回第 {consent} 号授权（《个人信息保护法》第十五条）："
                    "{bank} 不能再使用该核验结果。"),
    "kyc.expired": ("Consent {consent} ended on {day}: ask the customer for a new one.",
                    "第 {consent} 号授权已于 {day} 到期：请客户重新授权。"),
    "kyc.own_duty": (
        "{bank} rates this customer high risk: enhanced due diligence is its own duty and "
        "cannot rest on another bank's check (risk-based due diligence, 反洗钱法 2024; "
        "the course's rule). Verify the customer yourself and attest it.",
        "{bank} 将该客户评为高风险：强化尽职调查是本行自己的义务，不能依赖他行的核验"
        "（基于风险的尽职调查，《反洗钱法》2024 年修订；本课程的规则）。请自行核验并登记。"),
})
_WHAT = {"purpose": ("purpose", "用途", PURPOSES), "level": ("level", "核验级别", LEVELS),
         "risk": ("risk rating", "风险等级", RISKS)}
_VERBS = {"grant": ("grant", "授予"), "revoke": ("withdraw", "撤回"),
          "attest": ("attest a customer", "登记核验结果"), "reuse": ("reuse a verification",
                                                                 "使用核验结果"),
          "receive": ("receive a consent", "接受授权")}


def valid_id(id_number: str) -> str:
    """A resident ID number tidied (spaces, lower-case x), or an InputError if it is not one.

    >>> valid_id(" 11010519491231002x")
    '11010519491231002X'
    """
    clean = id_number.strip().upper() if isinstance(id_number, str) else ""
    if not (len(clean) == 18 and clean[:17].isdigit() and clean.isascii()
            and with_check_digit(clean[:17]) == clean):
        raise InputError("kyc.bad_id", got=id_number)
    return clean


def commitment(id_number: str, name: str, salt: bytes) -> bytes:
    """The commitment HMAC-SHA256(salt, ID ‖ name) that stands for a customer on chain.
    Without the salt nobody can test a guessed ID against it; with salt and ID it identifies
    the person, so it is de-identified personal information (个人信息保护法 Art. 73).

    >>> salt = bytes(16)
    >>> commitment("11010519491231002x", "Li Hua", salt) == commitment(
    ...     "11010519491231002X", " Li Hua ", salt)
    True
    """
    if not isinstance(salt, bytes) or len(salt) < 16:
        got = f"{len(salt)} bytes" if isinstance(salt, bytes) else type(salt).__name__
        raise InputError("kyc.bad_salt", got=got)
    message = f"{valid_id(id_number)}|{name.strip()}".encode()
    return hmac.new(salt, message, hashlib.sha256).digest()


class KYCRegistry(Contract):
    """The shared KYC registry: attestations by commitment, consents by number.

    >>> KYCRegistry().consents
    {}
    """

    def __init__(self) -> None:
        self.attestations: dict[str, dict[str, Any]] = {}  # commitment hex -> record
        self.consents: dict[int, dict[str, Any]] = {}
        self.last_consent = 0

    # --- views ---

    def accesses(self, subject: bytes) -> list[dict[str, Any]]:
        """Every reuse of this customer's verification, oldest first: who, on, purpose,
        consent. The customer and the regulator read the same log."""
        return [dict(event.fields) for event in self._chain.events(name="kyc_reused")
                if event.fields["subject"] == subject.hex()]

    def live_consents(self, subject: bytes, today: date) -> list[int]:
        """The numbers of the customer's consents in force on `today`."""
        return [number for number, c in self.consents.items()
                if c["subject"] == subject.hex() and c["revoked_on"] is None
                and today <= c["expires"]]

    # --- actions ---

    @action(roles={"business"})
    def attest(self, ctx: Context, subject: bytes, customer: str, level: str) -> None:
        """The caller, a bank that has verified the customer, records it: the commitment,
        the customer's account, the level of checks and today's date."""
        key = self._subject(subject)
        self._bank(ctx, ctx.sender.name, "attest")
        self._choice("level", level)
        self.require(ctx.chain is None or customer in ctx.chain.members, "kyc.not_member",
                     who=customer)
        record = self.attestations.get(key)
        if record is not None:
            self.require(record["customer"] == customer, "kyc.other_owner",
                         owner=record["customer"], who=customer)
            self.require(ctx.sender.name not in record["checks"], "kyc.attested",
                         bank=ctx.sender.name, day=record["checks"].get(ctx.sender.name, {})
                         .get("on"))
        else:
            record = {"customer": customer, "checks": {}}
        record["checks"][ctx.sender.name] = {"level": level, "on": ctx.today}
        self.attestations[key] = record
        ctx.emit("kyc_attested", subject=key, bank=ctx.sender.name, level=level)

    @action(roles={"business"})
    def grant(self, ctx: Context, subject: bytes, to: str, purpose: str,
              expires: date) -> int:
        """The customer consents that bank `to` may reuse the verification for `purpose`
        until `expires` (inclusive); returns the consent's number."""
        key = self._owned(ctx, subject, "grant")
        self._choice("purpose", purpose)
        self.require(ctx.chain is None or to in ctx.chain.members, "kyc.not_member", who=to)
        self._bank(ctx, to, "receive")
        self.require(isinstance(expires, date) and expires > ctx.today, "kyc.expiry",
                     today=ctx.today, got=expires)
        self.last_consent += 1
        self.consents[self.last_consent] = {"subject": key, "to": to, "purpose": purpose,
                                            "granted_on": ctx.today, "expires": expires,
                                            "revoked_on": None}
        ctx.emit("kyc_consent", consent=self.last_consent, to=to, purpose=purpose,
                 expires=expires)
        return self.last_consent

    @action(roles={"business"})
    def revoke(self, ctx: Context, consent: int) -> None:
        """The customer withdraws a consent (个人信息保护法 Art. 15); reuses already made stay
        lawful and logged."""
        self.require(consent in self.consents, "kyc.unknown_consent", consent=consent)
        found = self.consents[consent]
        self._owned(ctx, bytes.fromhex(found["subject"]), "revoke")
        self.require(found["revoked_on"] is None, "kyc.revoked_already", consent=consent,
                     day=found["revoked_on"])
        found["revoked_on"] = ctx.today
        ctx.emit("kyc_revoked", consent=consent)

    @action(roles={"business"})
    def reuse(self, ctx: Context, subject: bytes, purpose: str, risk: str) -> dict[str, Any]:
        """The caller, a bank, reuses the customer's verification for `purpose`, having rated
        the customer's risk itself; returns the first bank's check. Logged on chain."""
        key = self._subject(subject)
        self._bank(ctx, ctx.sender.name, "reuse")
        self._choice("purpose", purpose)
        self._choice("risk", risk)
        bank = ctx.sender.name
        others = [(b, c) for b, c in self.attestations.get(key, {"checks": {}})["checks"].items()
                  if b != bank]
        self.require(others, "kyc.unknown_subject")
        mine = [(number, c) for number, c in self.consents.items()
                if c["subject"] == key and c["to"] == bank and c["purpose"] == purpose]
        self.require(mine, "kyc.no_consent", bank=bank, purpose=purpose,
                     purpose_zh=PURPOSES.get(purpose, purpose))
        live = [(n, c) for n, c in mine if c["revoked_on"] is None and ctx.today <= c["expires"]]
        if not live:  # name the most recent reason it is not in force
            number, last = mine[-1]
            if last["revoked_on"] is not None:
                self.refuse("kyc.revoked", consent=number, day=last["revoked_on"], bank=bank)
            self.refuse("kyc.expired", consent=number, day=last["expires"])
        self.require(risk != "high", "kyc.own_duty", bank=bank)
        number = live[-1][0]
        verifier, check = others[0]
        ctx.emit("kyc_reused", who=bank, on=ctx.today, purpose=purpose, consent=number,
                 subject=key, risk=risk)
        return {"verified_by": verifier, "level": check["level"], "verified_on": check["on"],
                "consent": number}

    # --- checks shared by the actions ---

    def _subject(self, subject: object) -> str:
        shown = f"{len(subject)} bytes" if isinstance(subject, bytes) else type(subject).__name__
        self.require(isinstance(subject, bytes) and len(subject) == 32, "kyc.not_committed",
                     got=shown)
        return subject.hex()  # type: ignore[union-attr]

    def _bank(self, ctx: Context, who: str, verb: str) -> None:
        self.require(ctx.chain is None or ctx.chain.members[who].node_kind != "none",
                     "kyc.not_bank", who=who, verb=_VERBS[verb][0], verb_zh=_VERBS[verb][1])

    def _choice(self, what: str, got: object) -> None:
        english, chinese, choices = _WHAT[what]
        self.require(got in choices, "kyc.bad_choice", what=english, what_zh=chinese, got=got,
                     choices=", ".join(choices))

    def _owned(self, ctx: Context, subject: bytes, verb: str) -> str:
        key = self._subject(subject)
        self.require(key in self.attestations, "kyc.unknown_subject")
        owner = self.attestations[key]["customer"]
        self.require(ctx.sender.name == owner, "kyc.not_owner", owner=owner,
                     who=ctx.sender.name, verb=_VERBS[verb][0], verb_zh=_VERBS[verb][1])
        return key


def default_members() -> list[Member]:
    """Four banks run the consensus nodes (PBFT tolerates one faulty node); the PBoC, which
    supervises anti-money-laundering duties, observes every call; two customers hold light
    accounts that sign their consents (they are the parties whose data is checked, never
    validators).

    >>> [m.name for m in default_members() if m.node_kind == "consensus"]
    ['bank_a', 'bank_b', 'bank_c', 'bank_d']
    """
    return [Member("bank_a", node_kind="consensus", roles={"committee", "operator", "business"}),
            Member("bank_b", node_kind="consensus", roles={"committee", "business"}),
            Member("bank_c", node_kind="consensus", roles={"committee", "business"}),
            Member("bank_d", node_kind="consensus", roles={"business"}),
            Member(REGULATOR, node_kind="observer", roles={"regulator"}),
            *(Member(name, roles={"business"}) for name in ("customer_li", "customer_wang"))]


class KYCDesk(Desk, KYCRegistry):
    """The KYC registry on `chain`, or on a new chain of `default_members()` from `start`.
    Call actions with `by=member`.

    >>> KYCDesk().chain.today
    datetime.date(2025, 1, 1)
    """

    def __init__(self, chain: ConsortiumChain | None = None, *,
                 start: date | None = None) -> None:
        super().__init__()
        self._open(chain, default_members, start, "KYCRegistry")
