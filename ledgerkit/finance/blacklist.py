"""A shared credit blacklist (征信黑名单共享) that never stores an ID number.

Lenders report borrowers who defaulted or cheated, so that other lenders can check an
applicant before lending. Sharing such a list among lenders is credit-reporting business
(征信业务): only a credit-reporting agency licensed by the People's Bank of China may run it
(征信业管理条例, State Council 2013, Arts. 5–6; 征信业务管理办法, PBoC order 2021 No. 4, in
force 2022-01-01). Since then lenders get credit data only through licensed agencies
("断直连"), so here a licensed agency (`credit_agency`, e.g. 百行征信 or 朴道征信) operates the
contract, the lenders report and query, and the PBoC (`pboc`, its credit-reporting
administration 征信管理局) supervises as an observer (征信业管理条例 Art. 4).

Retention, not withdrawal. Negative information is kept five years from the day the bad
behaviour or event ended (征信业管理条例 Art. 16: 自不良行为或者事件终止之日起为5年；超过5年
的，应当予以删除). Repaying the debt ends the bad behaviour and STARTS that clock: the reporter
records the repayment with `repaid`, and the entry stays visible, marked as ended, through
the day five years later (periods counted as in 民法典 Arts. 201–202: from the next day, the
last day is the corresponding day, or the month's end), then it expires and the agency deletes
it (`delete_expired`). Only a WRONG entry leaves early: after the person's objection (异议) is
checked and the error confirmed, the reporter corrects it (征信业管理条例 Art. 25) with
`correct`, naming the objection. A lender reports negative information only after telling the
person (Art. 15), and queries only with the person's written consent and a stated purpose
(Art. 18): every query is a signed call that leaves an audit event on chain — who, when, for
what purpose, under which consent reference (授权书编号) — so the regulator can check each
look-up (*proposal*, after patents CN111723060A and CN110879826A).

The chain stores sha256(salt ‖ ID number) (the subject key), never the ID itself, and the ID
never travels in a call either — the facade hashes it before signing. The contract refuses
anything but a 32-byte key, but a member who sends a raw ID anyway still leaves it in the
regulator's log of attempts.

Why a salt (盐), and why the key is still personal information. Without a salt, anyone reading
the chain could hash every ID once and read the list, and the same hash would link a person
across every system that uses plain sha256. The members share one secret salt off chain, so
outsiders cannot test guesses and other systems cannot link the keys. Its limits: an 18-digit
resident ID has only about 3,000 area codes × 36,500 birth dates a century × 1,000 sequence
numbers ≈ 10^11 values (the last digit is a checksum), which a GPU hashes in minutes; knowing
the birth date and area leaves 1,000. So anyone holding the salt — every member, or whoever
steals it — can reverse any key, and a secret shared by many institutions is a weak secret.
That is why the key is de-identified (去标识化), not anonymised (匿名化): with the extra
information (the salt and a candidate ID) it still identifies the person, so it stays personal
information under the Personal Information Protection Law (个人信息保护法 2021, Art. 4 and the
definitions of Art. 73), with all its duties. Real systems keep the key inside a hardware
security module (a keyed hash such as HMAC) or match without revealing inputs (private set
intersection 隐私求交, secure multi-party computation 安全多方计算).

>>> blacklist = SharedBlacklist()
>>> person = with_check_digit("11010519491231002")
>>> blacklist.report(person, "overdue_90", by="bank_a")
1
>>> blacklist.repaid(1, by="bank_a")           # repaid on 1 January 2025: the clock starts
>>> [(hit["reason"], hit["status"], str(hit["kept_until"]))
...  for hit in blacklist.query(person, "loan_approval", "AUTH-7", by="bank_b")]
[('overdue_90', 'ended', '2030-01-01')]
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ledgerkit.consortium import ConsortiumChain, Member
from ledgerkit.contracts import Context, Contract, action
from ledgerkit.crypto import sha256
from ledgerkit.errors import InputError
from ledgerkit.i18n import register_strings

REASONS = {"overdue_90": "逾期 90 天以上", "fraud": "欺诈", "court_enforced": "失信被执行人"}
PURPOSES = {"loan_approval": "贷款审批", "credit_card": "信用卡审批",
            "post_loan": "贷后管理", "guarantee": "担保资格审查"}
RETENTION_YEARS = 5  # 征信业管理条例 Art. 16: five years from the end of the bad behaviour
DEFAULT_SALT = sha256(b"ledgerkit teaching consortium: blacklist salt, shared off chain")
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)  # GB 11643-1999, MOD 11-2

register_strings({
    "blacklist.bad_id": ("{got!r} is not an 18-character resident ID number with a valid check "
                         "digit (GB 11643).",
                         "{got!r} 不是校验码正确的 18 位居民身份证号码（GB 11643）。"),
    "blacklist.not_hashed": ("The subject must be the 32-byte key sha256(salt ‖ ID number), "
                             "never the ID itself; got {got}.",
                             "查询对象必须是 32 字节的 sha256(盐 ‖ 身份证号)，"
                             "绝不能是身份证号本身；实际为 {got}。"),
    "blacklist.bad_reason": ("Unknown reason code {got!r}; use one of {choices}.",
                             "未知原因代码 {got!r}；请从 {choices} 中选择。"),
    "blacklist.bad_end": (
        "The day the bad behaviour ended must be a date not after today ({today}); got "
        "{got!r}. Leave it out while the debt is still unpaid.",
        "不良行为终止日必须是不晚于今天（{today}）的日期；实际为 {got!r}。"
        "欠款尚未还清时请不要填写。"),
    "blacklist.bad_repaid_day": (
        "The day of repayment must be a date from the listing day ({listed}) to today "
        "({today}); got {got!r}.",
        "还清日必须是列入名单之日（{listed}）至今天（{today}）之间的日期；实际为 {got!r}。"),
    "blacklist.past_retention": (
        "The bad behaviour ended on {ended}: it may be kept only until {kept_until}, five years "
        "later (征信业管理条例 Art. 16), and must not be reported now.",
        "该不良行为于 {ended} 终止：只能保存到五年后的 {kept_until}（《征信业管理条例》"
        "第十六条），现在不得再报送。"),
    "blacklist.duplicate": ("{reporter} already lists this subject for {reason} (entry {entry}) "
                            "and the bad behaviour has not ended.",
                            "{reporter} 已因 {reason} 将该对象列入名单（条目 {entry}），"
                            "且该不良行为尚未终止。"),
    "blacklist.unknown_entry": ("There is no entry {entry}.", "不存在条目 {entry}。"),
    "blacklist.not_reporter": ("Only the reporter {reporter} may {verb} entry {entry}; {who} "
                               "may not.",
                               "只有报送方 {reporter} 能{verb_zh}条目 {entry}；{who} 不能。"),
    "blacklist.already_ended": (
        "Entry {entry} already records that the bad behaviour ended on {ended}; it stays "
        "visible until {kept_until} (征信业管理条例 Art. 16).",
        "条目 {entry} 已记录不良行为于 {ended} 终止；它将保留至 {kept_until}"
        "（《征信业管理条例》第十六条）。"),
    "blacklist.corrected": ("Entry {entry} was already corrected as wrong.",
                            "条目 {entry} 已作为错误信息被更正。"),
    "blacklist.no_objection": (
        "Only a wrong entry is removed early, after the person's objection (异议) was checked "
        "(征信业管理条例 Art. 25): give the objection's reference; got {got!r}. A repaid debt "
        "is not wrong: record it with repaid(), and the entry is kept five years.",
        "只有错误的条目才能提前删除，且须经信息主体提出异议并核查属实（《征信业管理条例》"
        "第二十五条）：请给出异议编号；实际为 {got!r}。欠款还清不等于信息错误：请用 "
        "repaid() 记录，条目保留五年。"),
    "blacklist.bad_purpose": ("Unknown query purpose {got!r}; use one of {choices}.",
                              "未知查询用途 {got!r}；请从 {choices} 中选择。"),
    "blacklist.no_consent": ("A query needs the reference of the person's written consent "
                             "(授权书编号, 征信业管理条例 Art. 18); got {got!r}.",
                             "查询需要本人书面授权的授权书编号（《征信业管理条例》第十八条）；"
                             "实际为 {got!r}。"),
})
_VERBS = {"repaid": ("record the end of", "记录终止"), "correct": ("correct", "更正")}


def with_check_digit(first17: str) -> str:
    """Complete 17 digits with the GB 11643 check digit (for making fictional test IDs).

    >>> with_check_digit("11010519491231002")   # the standard's own example
    '11010519491231002X'
    """
    total = sum(int(digit) * weight for digit, weight in zip(first17, _WEIGHTS, strict=True))
    return first17 + "10X98765432"[total % 11]


def subject_key(id_number: str, salt: bytes = DEFAULT_SALT) -> bytes:
    """The subject key sha256(salt ‖ ID number) of a valid resident ID (spaces and a lower-case
    x are tolerated); anything else is an InputError. De-identified, not anonymous: whoever
    holds the salt can test candidate IDs against it (PIPL Art. 73).

    >>> subject_key("11010519491231002x") == subject_key(" 11010519491231002X")
    True
    """
    clean = id_number.strip().upper() if isinstance(id_number, str) else ""
    if not (len(clean) == 18 and clean[:17].isdigit() and clean.isascii()
            and with_check_digit(clean[:17]) == clean):
        raise InputError("blacklist.bad_id", got=id_number)
    return sha256(salt + clean.encode())


def kept_until(ended: date) -> date:
    """The last day negative information that ended on `ended` may be kept: five years on,
    the corresponding day, or the month's end if there is none (征信业管理条例 Art. 16;
    counting as in 民法典 Arts. 201–202).

    >>> kept_until(date(2025, 3, 3)), kept_until(date(2028, 2, 29))
    (datetime.date(2030, 3, 3), datetime.date(2033, 2, 28))
    """
    try:
        return ended.replace(year=ended.year + RETENTION_YEARS)
    except ValueError:  # 29 February in a year without one
        return ended.replace(year=ended.year + RETENTION_YEARS, day=28)


class CreditBlacklist(Contract):
    """The shared list: entries by number, keyed by subject key, never by ID.

    >>> CreditBlacklist().entries
    {}
    """

    def __init__(self) -> None:
        self.entries: dict[int, dict[str, Any]] = {}
        self.last_entry = 0  # numbers are never reused, even after a deletion

    def _subject(self, subject: object) -> bytes:
        shown = f"{len(subject)} bytes" if isinstance(subject, bytes) else type(subject).__name__
        self.require(isinstance(subject, bytes) and len(subject) == 32, "blacklist.not_hashed",
                     got=shown)
        return subject  # type: ignore[return-value]

    def _own(self, ctx: Context, entry: int, verb: str) -> dict[str, Any]:
        self.require(entry in self.entries, "blacklist.unknown_entry", entry=entry)
        found = self.entries[entry]
        self.require(found["reporter"] == ctx.sender.name, "blacklist.not_reporter",
                     reporter=found["reporter"], entry=entry, who=ctx.sender.name,
                     verb=_VERBS[verb][0], verb_zh=_VERBS[verb][1])
        self.require(found["status"] != "corrected", "blacklist.corrected", entry=entry)
        return found

    @staticmethod
    def counts(entry: dict[str, Any], today: date) -> bool:
        """True while a (not corrected) entry is within its retention period on `today`."""
        return entry["status"] == "listed" and (
            entry["ended_on"] is None or today <= kept_until(entry["ended_on"]))

    @action(roles={"business"})
    def report(self, ctx: Context, subject: bytes, reason: str,
               ended_on: date | None = None) -> int:
        """List a subject for `reason`; `ended_on` is the day the bad behaviour ended if it
        already has (e.g. a fraud found later), None while it goes on (an unpaid debt).
        Returns the entry number."""
        self._subject(subject)
        self.require(reason in REASONS, "blacklist.bad_reason", got=reason,
                     choices=", ".join(REASONS))
        if ended_on is not None:
            self.require(isinstance(ended_on, date) and ended_on <= ctx.today,
                         "blacklist.bad_end", today=ctx.today, got=ended_on)
            self.require(kept_until(ended_on) >= ctx.today, "blacklist.past_retention",
                         ended=ended_on, kept_until=kept_until(ended_on))
        reporter = ctx.sender.name
        for number, entry in self.entries.items():
            self.require(not (entry["subject"] == subject and entry["status"] == "listed"
                              and entry["ended_on"] is None
                              and (entry["reporter"], entry["reason"]) == (reporter, reason)),
                         "blacklist.duplicate", reporter=reporter, reason=reason, entry=number)
        self.last_entry += 1
        self.entries[self.last_entry] = {"subject": subject, "reporter": reporter,
                                         "reason": reason, "listed_on": ctx.today,
                                         "ended_on": ended_on, "status": "listed"}
        ctx.emit("reported", entry=self.last_entry, reporter=reporter, reason=reason,
                 ended_on=ended_on)
        return self.last_entry

    @action(roles={"business"})
    def repaid(self, ctx: Context, entry: int, on: date | None = None) -> None:
        """The reporter records that the bad behaviour ended on `on` (default today), e.g. the
        debt was repaid: the entry stays, marked ended, for five more years (Art. 16)."""
        found = self._own(ctx, entry, "repaid")
        ended = ctx.today if on is None else on
        if found["ended_on"] is not None:
            self.refuse("blacklist.already_ended", entry=entry, ended=found["ended_on"],
                        kept_until=kept_until(found["ended_on"]))
        self.require(isinstance(ended, date) and found["listed_on"] <= ended <= ctx.today,
                     "blacklist.bad_repaid_day", listed=found["listed_on"], today=ctx.today,
                     got=ended)
        found["ended_on"] = ended
        ctx.emit("ended", entry=entry, ended_on=ended, kept_until=kept_until(ended))

    @action(roles={"business"})
    def correct(self, ctx: Context, entry: int, objection_ref: str) -> None:
        """The reporter removes a WRONG entry early, after the person's objection was checked
        and the error confirmed (征信业管理条例 Art. 25); `objection_ref` names the objection."""
        found = self._own(ctx, entry, "correct")
        self.require(isinstance(objection_ref, str) and objection_ref.strip(),
                     "blacklist.no_objection", got=objection_ref)
        found.update(status="corrected", corrected_on=ctx.today, objection_ref=objection_ref)
        ctx.emit("corrected", entry=entry, reporter=ctx.sender.name, objection_ref=objection_ref)

    @action(roles={"operator"})
    def delete_expired(self, ctx: Context) -> list[int]:
        """The agency deletes the entries whose five years have run out (Art. 16: 应当予以删除)
        from the contract's state; returns their numbers. Past blocks still hold the calls
        that made them: a chain cannot forget, which is why only a salted key is on it."""
        gone = [number for number, entry in self.entries.items()
                if entry["status"] == "listed" and not self.counts(entry, ctx.today)]
        for number in gone:
            del self.entries[number]
        if gone:
            ctx.emit("deleted", entries=gone, on=ctx.today)
        return gone

    @action(roles={"business"})
    def query(self, ctx: Context, subject: bytes, purpose: str,
              consent_ref: str) -> list[dict[str, Any]]:
        """Look a subject up; returns the entries kept today, ongoing or ended (repaid). The
        query itself is recorded: who, when, purpose, consent reference, subject key, hits."""
        self._subject(subject)
        self.require(purpose in PURPOSES, "blacklist.bad_purpose", got=purpose,
                     choices=", ".join(PURPOSES))
        self.require(isinstance(consent_ref, str) and consent_ref.strip(),
                     "blacklist.no_consent", got=consent_ref)
        hits = [{"entry": number, "reporter": e["reporter"], "reason": e["reason"],
                 "listed_on": e["listed_on"], "ended_on": e["ended_on"],
                 "status": "ongoing" if e["ended_on"] is None else "ended",
                 "kept_until": None if e["ended_on"] is None else kept_until(e["ended_on"])}
                for number, e in self.entries.items()
                if e["subject"] == subject and self.counts(e, ctx.today)]
        ctx.emit("queried", who=ctx.sender.name, on=ctx.today, purpose=purpose,
                 consent_ref=consent_ref, subject=subject.hex(), hits=len(hits))
        return hits


def default_members() -> list[Member]:
    """A licensed credit-reporting agency operates the list (征信业管理条例 Arts. 5–6); it and
    three lenders run the four consensus nodes (PBFT tolerates one faulty node); the PBoC,
    the credit-reporting regulator (Art. 4), observes and audits every call.

    >>> [m.name for m in default_members() if m.node_kind == "consensus"]
    ['credit_agency', 'bank_a', 'bank_b', 'lender_c']
    """
    return [Member("credit_agency", node_kind="consensus", roles={"committee", "operator"}),
            Member("bank_a", node_kind="consensus", roles={"committee", "business"}),
            Member("bank_b", node_kind="consensus", roles={"business"}),
            Member("lender_c", node_kind="consensus", roles={"business"}),
            Member("pboc", node_kind="observer", roles={"regulator"})]


class SharedBlacklist:
    """Facade: a blacklist on its own chain (or `chain=`); the salt stays here, off chain,
    and raw ID numbers are hashed before any call is signed.

    >>> SharedBlacklist().audit_log()
    []
    """

    def __init__(self, chain: ConsortiumChain | None = None, salt: bytes = DEFAULT_SALT,
                 operator: str = "credit_agency") -> None:
        self.chain = chain or ConsortiumChain(default_members())
        self.contract = self.chain.deploy(CreditBlacklist(), by=operator)
        self.operator = operator
        self._salt = salt

    def report(self, id_number: str, reason: str, ended_on: date | None = None, *,
               by: str) -> int:
        """List the person with `id_number`; returns the entry number."""
        return self.contract.report(subject_key(id_number, self._salt), reason, ended_on, by=by)

    def repaid(self, entry: int, on: date | None = None, *, by: str) -> None:
        """The reporter records that the debt was repaid (the bad behaviour ended) on `on`."""
        self.contract.repaid(entry, on, by=by)

    def correct(self, entry: int, objection_ref: str, *, by: str) -> None:
        """The reporter removes a wrong entry after a confirmed objection."""
        self.contract.correct(entry, objection_ref, by=by)

    def delete_expired(self) -> list[int]:
        """The operating agency deletes the entries past their five years."""
        return self.contract.delete_expired(by=self.operator)

    def query(self, id_number: str, purpose: str, consent_ref: str, *,
              by: str) -> list[dict[str, Any]]:
        """Look the person up (recorded on chain); returns the entries kept today."""
        return self.contract.query(subject_key(id_number, self._salt), purpose, consent_ref,
                                   by=by)

    def audit_log(self) -> list[dict[str, Any]]:
        """Every query so far (who, on, purpose, consent_ref, subject, hits), oldest first."""
        return [dict(event.fields) for event in self.chain.events(name="queried")]

    def advance_to(self, day: date) -> date:
        """Move the chain's clock to `day`."""
        return self.chain.advance(days=(day - self.chain.today).days)

    def state_bytes(self) -> bytes:
        """The chain's canonical state."""
        return self.chain.state_bytes()
