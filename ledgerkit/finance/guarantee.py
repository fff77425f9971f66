"""Letters of guarantee (保函) on a consortium chain.

A bank (开立行) promises the beneficiary (受益人) to pay up to an amount if the applicant
(申请人) fails an obligation, e.g. a performance guarantee (履约保函) a seller gives its buyer.
States (*proposal*): APPLIED → ISSUED → (AMENDED) → CLAIMED → PAID | REJECTED, or EXPIRED /
CANCELLED. Only the beneficiary claims, and only until the expiry date; all claims together
never exceed the amount.

The chain keeps the sha256 of the guarantee text and the issuing bank's signature over it
(made with the bank's member key), so anyone holding a copy can check it is the text the bank
issued, unchanged: `verify_text`.

Teaching simplifications: the cash leg is a balance per member in this contract (`deposit`);
the applicant's counter-indemnity and fees are off the chain; the bank may amend only in the
beneficiary's favour (a higher amount, a later expiry), since anything else would need the
beneficiary's consent, which is not modelled; a claim pending at expiry may still be decided.

>>> desk = GuaranteeDesk()
>>> text = "Performance guarantee G-1: up to 100,000 yuan for contract C-9."
>>> desk.apply("G-1", bank="bank", beneficiary="buyer", amount=Decimal(100_000),
...            expiry=date(2025, 12, 31), text=text, by="seller")
>>> desk.issue_signed("G-1", text, by="bank")
>>> desk.verify_text("G-1", text), desk.verify_text("G-1", text.replace("100", "900"))
(True, False)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from ledgerkit.consortium import ConsortiumChain, Member
from ledgerkit.contracts import Context, Contract, action
from ledgerkit.crypto import KeyPair, sha256, verify
from ledgerkit.finance.cash import CashAccounts
from ledgerkit.finance.desk import Desk
from ledgerkit.i18n import Labels, Phrase, register_strings

REGULATOR = "nfra_office"  # the NFRA local office (金融监管总局派出机构) supervises the banks
OPEN = ("ISSUED", "AMENDED", "PAID", "REJECTED")  # a claim may be made in these states
FINAL = ("EXPIRED", "CANCELLED")

register_strings({
    "guarantee.exists": ("Guarantee {g} already exists.", "保函 {g} 已存在。"),
    "guarantee.unknown": ("There is no guarantee {g}.", "不存在保函 {g}。"),
    "guarantee.amount": ("{what} must be a positive amount in whole fen; got {value}.",
                         "{what} 必须是以分为单位的正金额；实际为 {value}。"),
    "guarantee.not_member": ("{who} is not a member of this chain.", "{who} 不是本链成员。"),
    "guarantee.distinct": ("The applicant, the bank and the beneficiary must be different "
                           "members.", "申请人、开立行和受益人必须是不同的成员。"),
    "guarantee.expiry": ("The expiry date {expiry} must be after today ({today}).",
                         "到期日 {expiry} 必须晚于今天（{today}）。"),
    "guarantee.text": ("The guarantee text must not be empty.", "保函文本不能为空。"),
    "guarantee.wrong_party": ("Only the {role} {expected} may {step} guarantee {g}; {who} "
                              "called.", "只有{role} {expected} 才能对保函 {g} 执行{step}；"
                              "调用者为 {who}。"),
    "guarantee.step": ("Guarantee {g} is {status}: to {step} it, it must be {needed}.",
                       "保函 {g} 当前状态为{status}：{step}要求状态为{needed}。"),
    "guarantee.bad_signature": (
        "This signature is not {bank}'s signature over the text of guarantee {g}: sign "
        "exactly the applied text with the bank's own key.",
        "该签名不是 {bank} 对保函 {g} 文本的签名：请用开立行自己的私钥对申请时的文本签名。"),
    "guarantee.expired": ("Guarantee {g} expired on {expiry}: no claim can be made.",
                          "保函 {g} 已于 {expiry} 到期：不能再索赔。"),
    "guarantee.over_amount": ("Guarantee {g} is for {amount} and {paid} is paid: a claim of "
                              "{asked} would exceed it.",
                              "保函 {g} 金额为 {amount}，已赔付 {paid}：索赔 {asked} 将超出金额。"),
    "guarantee.statement": ("A claim must state how the applicant failed its obligation.",
                            "索赔必须说明申请人如何违约。"),
    "guarantee.reason": ("A rejection must give a reason.", "拒绝索赔必须说明理由。"),
    "guarantee.favour": (
        "An amendment may only raise the amount and extend the expiry (now {amount}, "
        "{expiry}); got {new_amount}, {new_expiry}.",
        "修改只能提高金额、延长到期日（目前为 {amount}、{expiry}）；实际为 {new_amount}、"
        "{new_expiry}。"),
    "guarantee.not_expired": ("Guarantee {g} runs until {expiry}: it cannot expire before.",
                              "保函 {g} 有效期至 {expiry}：此前不能失效。"),
    "guarantee.final": ("Guarantee {g} is {status}: nothing about it can change any more.",
                        "保函 {g} 当前状态为{status}：不能再作任何变更。"),
    "guarantee.no_cash": ("{who} has {balance} but must pay {amount}: deposit cash first.",
                          "{who} 余额为 {balance}，但须支付 {amount}：请先存入资金。"),
})
register_strings({f"guarantee.do.{step}": words for step, words in {
    "issue": ("issue", "开立"), "amend": ("amend", "修改"), "claim": ("claim under", "索赔"),
    "pay": ("pay a claim under", "赔付"), "reject": ("reject a claim under", "拒绝索赔"),
    "expire": ("expire", "失效"), "cancel": ("cancel", "撤销"), "bank": ("bank", "开立行"),
    "beneficiary": ("beneficiary", "受益人"), "applicant": ("applicant", "申请人"),
    "applicant or beneficiary": ("applicant or beneficiary", "申请人或受益人")}.items()})
# Statuses of a guarantee and of a claim: English as the model names them, Chinese in words.
register_strings({f"guarantee.status.{status}": (status, words) for status, words in {
    "APPLIED": "已申请（待开立）", "ISSUED": "已开立", "AMENDED": "已修改", "CLAIMED": "已索赔",
    "PENDING": "待处理", "PAID": "已赔付", "REJECTED": "已拒绝索赔", "EXPIRED": "已失效",
    "CANCELLED": "已撤销"}.items()})


def _status(status: str) -> Phrase:
    """A status in words for a message (已开立 in Chinese, not ISSUED).

    >>> _status("ISSUED").in_language("zh")
    '已开立'
    """
    return Phrase(f"guarantee.status.{status}")


def text_hash(text: str) -> bytes:
    """The sha256 of a guarantee text (UTF-8): its fingerprint on the chain.

    >>> text_hash("abc").hex()[:16]   # the FIPS 180-2 test vector
    'ba7816bf8f01cfea'
    """
    return sha256(text.encode("utf-8"))


def sign_text(key: KeyPair, text: str) -> bytes:
    """The bank's signature over the text's hash, made with its private key.

    >>> bank = KeyPair.from_seed("bank"); bank.verify(text_hash("G-1"), sign_text(bank, "G-1"))
    True
    """
    return key.sign(text_hash(text))


@dataclass
class Claim:
    """A demand for payment (索赔) by the beneficiary: PENDING → PAID or REJECTED."""

    number: int
    amount: Decimal
    statement: str
    made: date
    status: str = "PENDING"
    reason: str = ""


@dataclass
class Guarantee:
    """A letter of guarantee: its parties, amount, expiry, the text's hash and the bank's
    signature over it, its status and its claims.

    >>> g = Guarantee("G-1", "seller", "bank", "buyer", Decimal(5), date(2025, 12, 31),
    ...               text_hash("G-1 text")); g.verify_text("G-1 text")
    False
    """

    id: str
    applicant: str
    bank: str
    beneficiary: str
    amount: Decimal
    expiry: date
    text_hash: bytes
    status: str = "APPLIED"
    signature: bytes = b""  # the bank's signature over text_hash (empty until issued)
    public_key: bytes = b""  # the bank's public key, to check the signature
    curve: str = "P-256"
    paid: Decimal = Decimal("0.00")
    claims: list[Claim] = field(default_factory=list)

    def verify_text(self, text: str) -> bool:
        """True only if `text` hashes to the stored hash and the bank signed that hash."""
        return (bool(self.signature) and text_hash(text) == self.text_hash
                and verify(self.public_key, self.text_hash, self.signature, self.curve))


class Guarantees(CashAccounts, Contract):
    """The guarantee platform contract (保函平台).

    >>> Guarantees().guarantees
    {}
    """

    _rules = "guarantee"

    def __init__(self) -> None:
        self.guarantees: dict[str, Guarantee] = {}
        self.cash: dict[str, Decimal] = {}
        self.deposited = Decimal("0.00")  # all cash ever paid in: the sum of the balances

    # --- views ---

    def verify_text(self, guarantee_id: str, text: str) -> bool:
        """True only if `text` is, unchanged, the text the bank signed for this guarantee."""
        found = self.guarantees.get(guarantee_id)
        return found is not None and found.verify_text(text)

    # --- actions ---

    @action(roles={"business"})
    def apply(self, ctx: Context, guarantee_id: str, bank: str, beneficiary: str,
              amount: Decimal, expiry: date, text: str) -> None:
        """申请: the applicant asks `bank` for a guarantee in favour of `beneficiary`."""
        self.require(guarantee_id not in self.guarantees, "guarantee.exists", g=guarantee_id)
        for who in (bank, beneficiary):
            self.require(ctx.chain is None or who in ctx.chain.members, "guarantee.not_member",
                         who=who)
        self.require(len({ctx.sender.name, bank, beneficiary}) == 3, "guarantee.distinct")
        amount = self._money(amount, "amount")
        self.require(expiry > ctx.today, "guarantee.expiry", expiry=expiry, today=ctx.today)
        self.require(isinstance(text, str) and text.strip(), "guarantee.text")
        self.guarantees[guarantee_id] = Guarantee(guarantee_id, ctx.sender.name, bank,
                                                  beneficiary, amount, expiry, text_hash(text))
        ctx.emit("applied", g=guarantee_id, applicant=ctx.sender.name, bank=bank,
                 beneficiary=beneficiary, amount=amount, expiry=expiry)

    @action(roles={"business"})
    def issue(self, ctx: Context, guarantee_id: str, signature: bytes) -> None:
        """开立: the bank issues the guarantee with its signature over the text's hash."""
        g = self._guarantee(ctx, guarantee_id, "bank", "issue", "APPLIED")
        self._sign(ctx, g, g.text_hash, signature)
        g.status = "ISSUED"
        ctx.emit("issued", g=guarantee_id, bank=g.bank, text_hash=g.text_hash)

    @action(roles={"business"})
    def amend(self, ctx: Context, guarantee_id: str, amount: Decimal, expiry: date, text: str,
              signature: bytes) -> None:
        """修改: the bank raises the amount or extends the expiry, signing the new text."""
        g = self._guarantee(ctx, guarantee_id, "bank", "amend", *OPEN)
        amount = self._money(amount, "amount")
        self.require(amount >= g.amount and expiry >= g.expiry and (amount, expiry) != (
            g.amount, g.expiry), "guarantee.favour", amount=g.amount, expiry=g.expiry,
            new_amount=amount, new_expiry=expiry)
        self.require(isinstance(text, str) and text.strip(), "guarantee.text")
        self._sign(ctx, g, text_hash(text), signature)
        g.amount, g.expiry, g.text_hash, g.status = amount, expiry, text_hash(text), "AMENDED"
        ctx.emit("amended", g=guarantee_id, amount=amount, expiry=expiry, text_hash=g.text_hash)

    @action(roles={"business"})
    def claim(self, ctx: Context, guarantee_id: str, amount: Decimal, statement: str) -> int:
        """索赔: the beneficiary demands `amount`, stating the breach; returns the claim's
        number."""
        g = self._guarantee(ctx, guarantee_id, "beneficiary", "claim", *OPEN)
        self.require(ctx.today <= g.expiry, "guarantee.expired", g=guarantee_id, expiry=g.expiry)
        amount = self._money(amount, "amount")
        self.require(g.paid + amount <= g.amount, "guarantee.over_amount", g=guarantee_id,
                     amount=g.amount, paid=g.paid, asked=amount)
        self.require(isinstance(statement, str) and statement.strip(), "guarantee.statement")
        g.claims.append(Claim(len(g.claims) + 1, amount, statement, ctx.today))
        g.status = "CLAIMED"
        ctx.emit("claimed", g=guarantee_id, number=len(g.claims), amount=amount)
        return len(g.claims)

    @action(roles={"business"})
    def pay_claim(self, ctx: Context, guarantee_id: str) -> None:
        """赔付: the bank pays the pending claim to the beneficiary."""
        g = self._guarantee(ctx, guarantee_id, "bank", "pay", "CLAIMED")
        item = g.claims[-1]
        self._pay(g.bank, g.beneficiary, item.amount)
        g.paid += item.amount
        item.status = g.status = "PAID"
        ctx.emit("paid", g=guarantee_id, number=item.number, amount=item.amount)

    @action(roles={"business"})
    def reject_claim(self, ctx: Context, guarantee_id: str, reason: str) -> None:
        """拒绝索赔: the bank rejects the pending claim, giving a reason."""
        g = self._guarantee(ctx, guarantee_id, "bank", "reject", "CLAIMED")
        self.require(isinstance(reason, str) and reason.strip(), "guarantee.reason")
        item = g.claims[-1]
        item.status, item.reason, g.status = "REJECTED", reason, "REJECTED"
        ctx.emit("rejected", g=guarantee_id, number=item.number, reason=reason)

    @action(roles={"business"})
    def expire(self, ctx: Context, guarantee_id: str) -> None:
        """失效: after the expiry date the bank closes a guarantee with no pending claim."""
        g = self._guarantee(ctx, guarantee_id, "bank", "expire", *OPEN)
        self.require(ctx.today > g.expiry, "guarantee.not_expired", g=guarantee_id,
                     expiry=g.expiry)
        g.status = "EXPIRED"
        ctx.emit("expired", g=guarantee_id, paid=g.paid)

    @action(roles={"business"})
    def cancel(self, ctx: Context, guarantee_id: str) -> None:
        """撤销: the applicant withdraws its application, or the beneficiary releases an
        issued guarantee (no claim pending)."""
        g = self._get(guarantee_id)
        role = "applicant" if g.status == "APPLIED" else "beneficiary"
        g = self._guarantee(ctx, guarantee_id, role, "cancel", "APPLIED", *OPEN)
        g.status = "CANCELLED"
        ctx.emit("cancelled", g=guarantee_id, by=ctx.sender.name)

    # --- checks shared by the actions ---
    def _get(self, guarantee_id: str) -> Guarantee:
        self.require(guarantee_id in self.guarantees, "guarantee.unknown", g=guarantee_id)
        return self.guarantees[guarantee_id]

    def _guarantee(self, ctx: Context, guarantee_id: str, role: str, step: str,
                   *needed: str) -> Guarantee:
        g = self._get(guarantee_id)
        self.require(g.status not in FINAL, "guarantee.final", g=guarantee_id,
                     status=_status(g.status))
        expected = getattr(g, role)
        self.require(ctx.sender.name == expected, "guarantee.wrong_party",
                     role=Phrase(f"guarantee.do.{role}"), expected=expected,
                     step=Phrase(f"guarantee.do.{step}"), g=guarantee_id, who=ctx.sender.name)
        self.require(g.status in needed, "guarantee.step", g=guarantee_id,
                     status=_status(g.status), step=Phrase(f"guarantee.do.{step}"),
                     needed=Labels(map(_status, needed), joiners=(" / ", "或")))
        return g

    def _sign(self, ctx: Context, g: Guarantee, digest: bytes, signature: bytes) -> None:
        """Check the caller's signature over `digest` with its member key, and keep it."""
        key = ctx.sender.key
        self.require(isinstance(signature, bytes) and key.verify(digest, signature),
                     "guarantee.bad_signature", bank=g.bank, g=g.id)
        g.signature, g.public_key, g.curve = signature, key.public_key, key.curve



def default_members() -> list[Member]:
    """Four banks run the consensus nodes (PBFT survives one faulty node from n = 4): the
    issuing bank, another bank, an advising bank (通知行) and a counter-guarantor (反担保行);
    a seller (applicant) and a buyer (beneficiary) do business; the local office of the
    financial supervisor NFRA (国家金融监督管理总局派出机构), which supervises banks'
    guarantees, observes everything.

    >>> [m.name for m in default_members()][:2]
    ['bank', 'other_bank']
    """
    return [Member("bank", node_kind="consensus", roles={"committee", "operator", "business"}),
            Member("other_bank", node_kind="consensus", roles={"committee", "business"}),
            Member("advising_bank", node_kind="consensus", roles={"committee", "business"}),
            Member("counter_bank", node_kind="consensus", roles={"committee", "business"}),
            Member(REGULATOR, node_kind="observer", roles={"regulator"}),
            *(Member(name, roles={"business"}) for name in ("seller", "buyer"))]


class GuaranteeDesk(Desk, Guarantees):
    """The guarantee platform on `chain`, or on a new chain of `default_members()` starting
    on `start`. Call actions with `by=member`.

    >>> GuaranteeDesk().chain.today
    datetime.date(2025, 1, 1)
    """

    def __init__(self, chain: ConsortiumChain | None = None, *,
                 start: date | None = None) -> None:
        super().__init__()
        self._open(chain, default_members, start, "Guarantees")

    def issue_signed(self, guarantee_id: str, text: str, by: str,
                     key: KeyPair | None = None) -> None:
        """Sign `text` with `key` (default: the member's seeded key, as `Member` makes it)
        and issue the guarantee as bank `by`."""
        signature = sign_text(key or KeyPair.from_seed(by), text)
        self.issue(guarantee_id, signature=signature, by=by)

    def amend_signed(self, guarantee_id: str, amount: Decimal, expiry: date, text: str,
                     by: str, key: KeyPair | None = None) -> None:
        """Sign the amended `text` and amend the guarantee as bank `by`."""
        signature = sign_text(key or KeyPair.from_seed(by), text)
        self.amend(guarantee_id, amount=amount, expiry=expiry, text=text, signature=signature,
                   by=by)
