"""A shared credit blacklist (征信黑名单共享) that never stores an ID number.

Lenders report borrowers who defaulted or cheated, so that other lenders can check an
applicant before lending. The chain must not become a public list of people: it stores
sha256(salt ‖ ID number) (the subject key), never the ID itself, and the ID never travels in a
call either — the facade hashes it before signing. An entry is: reporter, reason code, date
listed, expiry (the last day it counts). Only the reporter withdraws its entry; an expired or
withdrawn entry no longer matches. Every query is a signed call that leaves an audit event on
chain — who, when, for what purpose, under which consent reference (授权书编号) — so the
regulator can check that nobody looks people up without the person's consent (*proposal*,
after patents CN111723060A and CN110879826A). Negative records are kept at most five years
(征信业管理条例 Art. 16 counts them from the end of the bad behaviour; here, from the listing
date), so an expiry further out is refused. The contract refuses anything but a 32-byte key,
but a member who sends a raw ID anyway still leaves it in the regulator's log of attempts.

Why a salt (盐): without one, anyone reading the chain could hash every ID once and read the
list, and the same hash would link a person across every system that uses plain sha256. The
consortium shares one salt off chain, so precomputed tables are useless and other systems
cannot link the keys. Its limits — a teaching simplification: an 18-digit resident ID has only
about 3,000 area codes × 36,500 birth dates a century × 1,000 sequence numbers ≈ 10^11 values
(the last digit is a checksum), which a GPU hashes in seconds to minutes; knowing the birth date
and area leaves 1,000. So anyone holding the salt — every member, or whoever steals it — can
reverse any key. Real systems keep a secret key inside a hardware security module (a keyed
hash such as HMAC) or match without revealing inputs (private set intersection 隐私求交,
secure multi-party computation 安全多方计算).

>>> blacklist = SharedBlacklist()
>>> person = with_check_digit("11010519491231002")
>>> blacklist.report(person, "overdue_90", date(2026, 1, 1), by="bank_a")
1
>>> [hit["reason"] for hit in blacklist.query(person, "loan_approval", "AUTH-7", by="bank_b")]
['overdue_90']
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
MAX_YEARS = 5  # 征信业管理条例 Art. 16: negative records are kept five years
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
    "blacklist.bad_expiry": ("The expiry must be a date after today ({today}) and at most "
                             "{years} years away ({latest}); got {got!r}.",
                             "有效期必须是今天（{today}）之后、且不超过 {years} 年（{latest}）的"
                             "日期；实际为 {got!r}。"),
    "blacklist.duplicate": ("{reporter} already lists this subject for {reason} (entry {entry}).",
                            "{reporter} 已因 {reason} 将该对象列入名单（条目 {entry}）。"),
    "blacklist.unknown_entry": ("There is no entry {entry}.", "不存在条目 {entry}。"),
    "blacklist.not_reporter": ("Only the reporter {reporter} may withdraw entry {entry}; {who} "
                               "may not.",
                               "只有报送方 {reporter} 能撤销条目 {entry}；{who} 不能。"),
    "blacklist.withdrawn": ("Entry {entry} was already withdrawn.", "条目 {entry} 已被撤销。"),
    "blacklist.bad_purpose": ("Unknown query purpose {got!r}; use one of {choices}.",
                              "未知查询用途 {got!r}；请从 {choices} 中选择。"),
    "blacklist.no_consent": ("A query needs the reference of the person's written consent "
                             "(授权书编号); got {got!r}.",
                             "查询需要本人书面授权的授权书编号；实际为 {got!r}。"),
})


def with_check_digit(first17: str) -> str:
    """Complete 17 digits with the GB 11643 check digit (for making fictional test IDs).

    >>> with_check_digit("11010519491231002")   # the standard's own example
    '11010519491231002X'
    """
    total = sum(int(digit) * weight for digit, weight in zip(first17, _WEIGHTS, strict=True))
    return first17 + "10X98765432"[total % 11]


def subject_key(id_number: str, salt: bytes = DEFAULT_SALT) -> bytes:
    """The subject key sha256(salt ‖ ID number) of a valid resident ID (spaces and a lower-case
    x are tolerated); anything else is an InputError.

    >>> subject_key("11010519491231002x") == subject_key(" 11010519491231002X")
    True
    """
    clean = id_number.strip().upper() if isinstance(id_number, str) else ""
    if not (len(clean) == 18 and clean[:17].isdigit() and clean.isascii()
            and with_check_digit(clean[:17]) == clean):
        raise InputError("blacklist.bad_id", got=id_number)
    return sha256(salt + clean.encode())


def _years_later(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year + years, day=28)


class CreditBlacklist(Contract):
    """The shared list: entries by number, keyed by subject key, never by ID.

    >>> CreditBlacklist().entries
    {}
    """

    def __init__(self) -> None:
        self.entries: dict[int, dict[str, Any]] = {}  # never deleted: withdrawals are marked

    def _subject(self, subject: object) -> bytes:
        shown = f"{len(subject)} bytes" if isinstance(subject, bytes) else type(subject).__name__
        self.require(isinstance(subject, bytes) and len(subject) == 32, "blacklist.not_hashed",
                     got=shown)
        return subject  # type: ignore[return-value]

    def _matches(self, entry: dict[str, Any], subject: bytes, today: date) -> bool:
        return (entry["subject"] == subject and entry["status"] == "active"
                and today <= entry["expires"])

    @action(roles={"business"})
    def report(self, ctx: Context, subject: bytes, reason: str, expires: date) -> int:
        """List a subject for `reason` until `expires` (inclusive); returns the entry number."""
        self._subject(subject)
        self.require(reason in REASONS, "blacklist.bad_reason", got=reason,
                     choices=", ".join(REASONS))
        latest = _years_later(ctx.today, MAX_YEARS)
        self.require(isinstance(expires, date) and ctx.today < expires <= latest,
                     "blacklist.bad_expiry", today=ctx.today, years=MAX_YEARS, latest=latest,
                     got=expires)
        reporter = ctx.sender.name
        for number, entry in self.entries.items():
            self.require(not (self._matches(entry, subject, ctx.today)
                              and (entry["reporter"], entry["reason"]) == (reporter, reason)),
                         "blacklist.duplicate", reporter=reporter, reason=reason, entry=number)
        number = len(self.entries) + 1
        self.entries[number] = {"subject": subject, "reporter": reporter, "reason": reason,
                                "listed_on": ctx.today, "expires": expires, "status": "active"}
        ctx.emit("reported", entry=number, reporter=reporter, reason=reason, expires=expires)
        return number

    @action(roles={"business"})
    def withdraw(self, ctx: Context, entry: int) -> None:
        """The reporter withdraws its entry (e.g. the debt was repaid or it was a mistake)."""
        self.require(entry in self.entries, "blacklist.unknown_entry", entry=entry)
        found = self.entries[entry]
        self.require(found["reporter"] == ctx.sender.name, "blacklist.not_reporter",
                     reporter=found["reporter"], entry=entry, who=ctx.sender.name)
        self.require(found["status"] == "active", "blacklist.withdrawn", entry=entry)
        found["status"] = "withdrawn"
        ctx.emit("withdrawn", entry=entry, reporter=ctx.sender.name)

    @action(roles={"business"})
    def query(self, ctx: Context, subject: bytes, purpose: str,
              consent_ref: str) -> list[dict[str, Any]]:
        """Look a subject up; returns the entries that count today. The query itself is
        recorded: who, when, purpose, consent reference, subject key and number of hits."""
        self._subject(subject)
        self.require(purpose in PURPOSES, "blacklist.bad_purpose", got=purpose,
                     choices=", ".join(PURPOSES))
        self.require(isinstance(consent_ref, str) and consent_ref.strip(),
                     "blacklist.no_consent", got=consent_ref)
        hits = [{"entry": number, "reporter": e["reporter"], "reason": e["reason"],
                 "listed_on": e["listed_on"], "expires": e["expires"]}
                for number, e in self.entries.items() if self._matches(e, subject, ctx.today)]
        ctx.emit("queried", who=ctx.sender.name, on=ctx.today, purpose=purpose,
                 consent_ref=consent_ref, subject=subject.hex(), hits=len(hits))
        return hits


def default_members() -> list[Member]:
    """Three lenders run the nodes; the regulator observes and audits."""
    return [Member("bank_a", node_kind="consensus", roles={"committee", "operator",
                                                          "business"}),
            Member("bank_b", node_kind="consensus", roles={"business"}),
            Member("lender_c", node_kind="consensus", roles={"business"}),
            Member("regulator", node_kind="observer", roles={"regulator"})]


class SharedBlacklist:
    """Facade: a blacklist on its own chain (or `chain=`); the salt stays here, off chain,
    and raw ID numbers are hashed before any call is signed.

    >>> SharedBlacklist().audit_log()
    []
    """

    def __init__(self, chain: ConsortiumChain | None = None, salt: bytes = DEFAULT_SALT,
                 operator: str = "bank_a") -> None:
        self.chain = chain or ConsortiumChain(default_members())
        self.contract = self.chain.deploy(CreditBlacklist(), by=operator)
        self._salt = salt

    def report(self, id_number: str, reason: str, expires: date, *, by: str) -> int:
        """List the person with `id_number`; returns the entry number."""
        return self.contract.report(subject_key(id_number, self._salt), reason, expires, by=by)

    def withdraw(self, entry: int, *, by: str) -> None:
        """The reporter withdraws entry `entry`."""
        self.contract.withdraw(entry, by=by)

    def query(self, id_number: str, purpose: str, consent_ref: str, *,
              by: str) -> list[dict[str, Any]]:
        """Look the person up (recorded on chain); returns the entries that count today."""
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
