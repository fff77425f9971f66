"""Asset-backed securities on a chain (资产证券化, ABS): a loan pool, tranches, a waterfall.

The pattern of the Baidu–Changan Xinsheng–Tianfeng deal ("百度-长安新生-天风2017年第一期资产
支持专项计划": no-objection letter from the Shanghai Stock Exchange, August 2017; 400 million
yuan of auto consumer loans; senior A 85% (AAA), senior B 6% (AA), subordinated 9% — as of
2017, source: 证券日报, 2017-08-22). It was an exchange ABS (企业资产证券化, 资产支持专项计划)
under the CSRC's 证券公司及基金管理公司子公司资产证券化业务管理规定 (2014): a securities firm
manages the plan, the exchange reviews it for listing, and the units are registered at 中证登
(China Securities Depository and Clearing). The originator (原始权益人, also the servicer
资产服务机构) puts its loans in a pool (基础资产池); each loan is a record on chain with a salted
hash of its full file, so investors can check any loan they are shown. The manager (计划管理人)
issues the tranches (分层).
The servicer records what each loan collects (回收款); the manager pays it out by the
sequential waterfall (现金流支付顺序): interest A → B → C, then principal to A until retired,
then B, then C; whatever is left after every tranche is retired is excess (超额收益) for the
subordinated tranche. Interest accrues on the outstanding principal, actual days / 365, since
the last payment; unpaid interest is carried forward and paid first next time.

Why a salted hash. The terms (principal, rate, due date) are on chain, so a plain hash of the
file would give the borrower away: a customer number has a million values at most, and anyone
could hash them all and compare. Each file therefore carries a random salt (盐) of 128 bits
that the originator keeps off chain with the file and shows only to whoever it shows the file;
nobody without the salt can test guesses. Whoever has been shown a file can, of course, tell
others its borrower: a commitment hides data from the chain's readers, not from the people
you give it to.

Who runs the nodes. The originator's reports are what the others must check, so it does not
run a consensus node: Baidu's platform, the manager and the two investors do (four nodes, PBFT
tolerates one faulty). The CSRC (中国证监会) and the Shanghai Stock Exchange (上交所) observe as
regulators.

Teaching simplifications: the servicer's collection reports are trusted (the chain cannot see
the borrowers' bank accounts, nor check that a loan exists: the oracle problem — garbage in,
garbage out); one holder per tranche; no fees, taxes, reserve accounts or default triggers.
The deal's coupons were not published: 4% and 5% are the course's example.

>>> deal = ABSDeal()
>>> deal.add_loan("L1", "borrower-1", Decimal("100000000"), Decimal("0.08"),
...               date(2026, 1, 1), by="changan")
>>> deal.issue(tranches_by_share(deal.pool_principal(), EXAMPLE_STRUCTURE, HOLDERS),
...            by="tianfeng")
>>> _ = deal.advance(days=365)
>>> deal.collect("L1", Decimal("99000000"), by="changan")
>>> [str(p.total) for p in deal.distribute(by="tianfeng")]
['88400000.00', '6300000.00', '4300000.00']
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from ledgerkit.consortium import ConsortiumChain, Member
from ledgerkit.contracts import Context, Contract, action, canonical_bytes
from ledgerkit.crypto import sha256
from ledgerkit.errors import InputError
from ledgerkit.finance.rates import as_decimal, money, to_fen
from ledgerkit.i18n import register_strings
from ledgerkit.merkle import merkle_root

ZERO = Decimal("0.00")
# (tranche, share of the pool, annual coupon): shares of the 2017 deal (as of 2017, source:
# 证券日报 2017-08-22), the course's coupons (the deal's were not published).
EXAMPLE_STRUCTURE = (("A", Decimal("0.85"), Decimal("0.04")),
                     ("B", Decimal("0.06"), Decimal("0.05")),
                     ("C", Decimal("0.09"), Decimal("0")))
HOLDERS = {"A": "fund_a", "B": "bank_b", "C": "changan"}  # the originator keeps the junior piece

register_strings({
    "abs.not_originator": ("Only the originator {originator} adds loans and reports "
                           "collections; {who} is not it.",
                           "只有原始权益人 {originator} 能入池贷款和报告回收款；{who} 不是。"),
    "abs.not_manager": ("Only the manager {manager} issues tranches and pays out; {who} is not "
                        "it.", "只有计划管理人 {manager} 能发行分层证券和分配收益；{who} 不是。"),
    "abs.not_holder": ("{who} does not hold tranche {tranche} (holder: {holder}).",
                       "{who} 不是 {tranche} 档证券的持有人（持有人：{holder}）。"),
    "abs.pool_closed": ("The pool was closed when the tranches were issued; no loan can be "
                        "added.", "分层证券发行后资产池已封包，不能再加入贷款。"),
    "abs.not_issued": ("The tranches are not issued yet: issue them first.",
                       "分层证券尚未发行：请先发行。"),
    "abs.duplicate_loan": ("Loan {loan_id} is already in the pool.",
                           "贷款 {loan_id} 已在资产池中。"),
    "abs.unknown_loan": ("There is no loan {loan_id} in the pool.", "资产池中没有贷款 {loan_id}。"),
    "abs.unknown_tranche": ("There is no tranche {tranche}.", "没有 {tranche} 档证券。"),
    "abs.bad_value": ("{what} is not valid: {detail}", "{what} 无效：{detail}"),
    "abs.bad_hash": ("A loan record hash is 64 hex digits (sha256); got {got!r}.",
                     "贷款记录哈希应为 64 个十六进制字符（sha256）；实际为 {got!r}。"),
    "abs.due_passed": ("Loan {loan_id} is due {due}, not after today ({today}).",
                       "贷款 {loan_id} 的到期日 {due} 不晚于今天（{today}）。"),
    "abs.empty_pool": ("The pool is empty: add loans before issuing.",
                       "资产池为空：发行前请先入池贷款。"),
    "abs.bad_tranches": ("The tranches are not valid: {detail}.", "分层设计无效：{detail}。"),
    "abs.tranches_sum": ("The tranches add up to {total}, but the pool holds {pool}: they must "
                         "be equal.",
                         "各档证券合计 {total}，而资产池本金为 {pool}：两者必须相等。"),
    "abs.no_cash": ("There are no collections to pay out.", "没有可分配的回收款。"),
    "abs.self_transfer": ("{who} already holds tranche {tranche}.",
                          "{who} 已经持有 {tranche} 档证券。"),
})


@dataclass
class Tranche:
    """One class of securities (一档证券), senior first, e.g. Tranche("A", "fund_a", ...)."""

    name: str
    holder: str
    principal: Decimal  # at issue
    rate: Decimal  # annual coupon; 0 for the subordinated tranche
    outstanding: Decimal  # principal not yet repaid
    interest_due: Decimal = ZERO  # unpaid interest carried forward (arrears)


@dataclass(frozen=True)
class Payment:
    """What one tranche receives in one period; `owed` is the interest that was due.

    >>> Payment("A", "fund_a", Decimal("3.40"), Decimal("85"), ZERO, Decimal("3.40")).total
    Decimal('88.40')
    """

    tranche: str
    holder: str
    interest: Decimal
    principal: Decimal
    excess: Decimal
    owed: Decimal

    @property
    def total(self) -> Decimal:
        """Interest + principal + excess."""
        return self.interest + self.principal + self.excess


def accrued_interest(tranche: Tranche, days: int) -> Decimal:
    """Interest for `days` on the outstanding principal, actual/365, to the fen.

    >>> accrued_interest(Tranche("A", "x", Decimal(85), Decimal("0.04"), Decimal(85)), 365)
    Decimal('3.40')
    """
    return to_fen(tranche.outstanding * tranche.rate * days / 365)


def waterfall(cash: Decimal, tranches: list[Tranche], days: int) -> list[Payment]:
    """Share `cash` out sequentially (顺序偿付): interest senior to junior (arrears first), then
    principal senior to junior, then any excess to the last tranche. Pure: changes nothing.

    >>> a = Tranche("A", "x", Decimal(85), Decimal("0.04"), Decimal(85))
    >>> c = Tranche("C", "y", Decimal(15), Decimal(0), Decimal(15))
    >>> [str(p.total) for p in waterfall(Decimal(95), [a, c], 365)]
    ['88.40', '6.60']
    """
    left = to_fen(cash)
    owed = [t.interest_due + accrued_interest(t, days) for t in tranches]
    interest = []
    for due in owed:  # every coupon before any principal, the senior's first
        interest.append(min(left, due))
        left -= interest[-1]
    principal = []
    for tranche in tranches:
        principal.append(min(left, tranche.outstanding))
        left -= principal[-1]
    excess = [ZERO] * (len(tranches) - 1) + [left]
    return [Payment(t.name, t.holder, interest[i], principal[i], excess[i], owed[i])
            for i, t in enumerate(tranches)]


def loan_hash(loan_id: str, borrower: str, principal: Decimal, annual_rate: Decimal,
              due: date, salt: str) -> str:
    """sha256 of the loan file with its secret salt (a commitment): the borrower and the salt
    stay off chain; without the salt nobody can test guesses of the borrower.

    >>> len(loan_hash("L1", "borrower-1", Decimal("1000.00"), Decimal("0.08"), date(2026, 1, 1),
    ...               salt="5f" * 16))
    64
    """
    record = {"loan_id": loan_id, "borrower": borrower, "principal": money(principal),
              "annual_rate": as_decimal(annual_rate, "annual_rate"), "due": due, "salt": salt}
    return sha256(canonical_bytes(record)).hex()


def tranches_by_share(pool: Decimal, structure: Any, holders: dict[str, str]) -> list[dict]:
    """Tranche sizes from shares of the pool, to the fen; the last one takes the remainder so
    the sizes add up exactly.

    >>> [t["principal"] for t in tranches_by_share(Decimal(100), EXAMPLE_STRUCTURE, HOLDERS)]
    [Decimal('85.00'), Decimal('6.00'), Decimal('9.00')]
    """
    sizes = [to_fen(pool * as_decimal(share, "share")) for _, share, _ in structure]
    sizes[-1] = to_fen(pool) - sum(sizes[:-1])
    return [{"name": name, "holder": holders[name], "principal": size, "rate": rate}
            for (name, _, rate), size in zip(structure, sizes, strict=True)]


class ABS(Contract):
    """The deal's shared record (资产支持专项计划): pool, tranches, collections, payments.

    >>> ABS("changan", "tianfeng").status
    'pooling'
    """

    def __init__(self, originator: str, manager: str) -> None:
        self.originator, self.manager = originator, manager
        self.status = "pooling"
        self.loans: dict[str, dict[str, Any]] = {}
        self.tranches: list[Tranche] = []
        self.cash = ZERO  # collected, not yet paid out
        self.last_paid: date | None = None
        self.distributions: list[dict[str, Any]] = []

    def _value(self, check: Any, value: Any, what: str) -> Decimal:
        try:
            return check(value, what)
        except InputError as problem:
            self.refuse("abs.bad_value", what=what, detail=problem)

    def _by_originator(self, ctx: Context) -> None:
        self.require(ctx.sender.name == self.originator, "abs.not_originator",
                     originator=self.originator, who=ctx.sender.name)

    def _by_manager(self, ctx: Context) -> None:
        self.require(ctx.sender.name == self.manager, "abs.not_manager", manager=self.manager,
                     who=ctx.sender.name)

    @action(roles={"business"})
    def add_loan(self, ctx: Context, loan_id: str, principal: Decimal, annual_rate: Decimal,
                 due: date, record_hash: str) -> None:
        """Put a loan in the pool (入池): its terms and the hash of its full record."""
        self._by_originator(ctx)
        self.require(self.status == "pooling", "abs.pool_closed")
        self.require(loan_id not in self.loans, "abs.duplicate_loan", loan_id=loan_id)
        amount = self._value(money, principal, "principal")
        rate = self._value(as_decimal, annual_rate, "annual_rate")
        self.require(rate >= 0, "abs.bad_value", what="annual_rate", detail=rate)
        self.require(isinstance(due, date) and due > ctx.today, "abs.due_passed",
                     loan_id=loan_id, due=due, today=ctx.today)
        self.require(isinstance(record_hash, str) and len(record_hash) == 64
                     and all(c in "0123456789abcdef" for c in record_hash), "abs.bad_hash",
                     got=record_hash)
        self.loans[loan_id] = {"principal": amount, "annual_rate": rate, "due": due,
                               "hash": record_hash, "collected": ZERO}
        ctx.emit("loan_added", loan_id=loan_id, principal=amount, hash=record_hash)

    @action(roles={"business"})
    def issue(self, ctx: Context, tranches: list[dict[str, Any]]) -> None:
        """Close the pool and issue the tranches, senior first; they must add up to the pool."""
        self._by_manager(ctx)
        self.require(self.status == "pooling", "abs.pool_closed")
        self.require(self.loans, "abs.empty_pool")
        self.require(isinstance(tranches, list) and tranches, "abs.bad_tranches",
                     detail="give at least one tranche")
        built = []
        for spec in tranches:
            self.require(isinstance(spec, dict) and set(spec) == {"name", "holder", "principal",
                                                                  "rate"}, "abs.bad_tranches",
                         detail="each tranche is {name, holder, principal, rate}")
            size = self._value(money, spec["principal"], f"principal of {spec['name']}")
            rate = self._value(as_decimal, spec["rate"], f"rate of {spec['name']}")
            self.require(rate >= 0, "abs.bad_value", what=f"rate of {spec['name']}", detail=rate)
            built.append(Tranche(str(spec["name"]), str(spec["holder"]), size, rate, size))
        self.require(len({t.name for t in built}) == len(built), "abs.bad_tranches",
                     detail="tranche names must differ")
        total, pool = sum(t.principal for t in built), self.pool_principal()
        self.require(total == pool, "abs.tranches_sum", total=total, pool=pool)
        self.tranches, self.status, self.last_paid = built, "issued", ctx.today
        ctx.emit("issued", pool_root=self.pool_root(),
                 tranches={t.name: t.principal for t in built})

    @action(roles={"business"})
    def collect(self, ctx: Context, loan_id: str, amount: Decimal) -> None:
        """The servicer reports cash a loan paid in (回收款); it waits for the next payout."""
        self._by_originator(ctx)
        self.require(self.status == "issued", "abs.not_issued")
        self.require(loan_id in self.loans, "abs.unknown_loan", loan_id=loan_id)
        cash = self._value(money, amount, "amount")
        self.loans[loan_id]["collected"] += cash
        self.cash += cash
        ctx.emit("collected", loan_id=loan_id, amount=cash)

    @action(roles={"business"})
    def distribute(self, ctx: Context) -> list[Payment]:
        """Pay out all collected cash by the waterfall; returns each tranche's payment."""
        self._by_manager(ctx)
        self.require(self.status == "issued", "abs.not_issued")
        self.require(self.cash > 0, "abs.no_cash")
        payments = waterfall(self.cash, self.tranches, (ctx.today - self.last_paid).days)
        for tranche, paid in zip(self.tranches, payments, strict=True):
            tranche.interest_due = paid.owed - paid.interest
            tranche.outstanding -= paid.principal
            ctx.emit("paid", tranche=paid.tranche, holder=paid.holder, interest=paid.interest,
                     principal=paid.principal, excess=paid.excess)
        self.distributions.append({"date": ctx.today, "collections": self.cash,
                                   "payments": payments})
        self.cash, self.last_paid = ZERO, ctx.today
        return payments

    @action(roles={"business"})
    def transfer(self, ctx: Context, tranche: str, to: str) -> None:
        """The holder sells its tranche to `to` (转让); later payments go to `to`."""
        found = next((t for t in self.tranches if t.name == tranche), None)
        self.require(found is not None, "abs.unknown_tranche", tranche=tranche)
        self.require(found.holder == ctx.sender.name, "abs.not_holder", who=ctx.sender.name,
                     tranche=tranche, holder=found.holder)
        self.require(isinstance(to, str) and to != found.holder, "abs.self_transfer", who=to,
                     tranche=tranche)
        found.holder = to
        ctx.emit("transferred", tranche=tranche, to=to)

    def pool_principal(self) -> Decimal:
        """The principal of all pooled loans."""
        return sum((loan["principal"] for loan in self.loans.values()), ZERO)

    def pool_root(self) -> str:
        """Merkle root of the loan hashes, in loan-id order: one hash commits to the pool."""
        return merkle_root([bytes.fromhex(self.loans[k]["hash"]) for k in sorted(self.loans)]).hex()

    def verify_loan(self, loan_id: str, borrower: str, salt: str) -> bool:
        """True when the file shown (terms on chain + `borrower` + its `salt`) matches the
        stored hash."""
        loan = self.loans[loan_id]
        return loan_hash(loan_id, borrower, loan["principal"], loan["annual_rate"],
                         loan["due"], salt) == loan["hash"]


def default_members() -> list[Member]:
    """Baidu's platform, the manager and the two senior investors run the four consensus
    nodes; the originator, whose reports the others must check, only submits calls (an
    observer node); the CSRC and the Shanghai Stock Exchange observe as regulators.

    >>> [m.name for m in default_members() if m.node_kind == "consensus"]
    ['baidu', 'tianfeng', 'fund_a', 'bank_b']
    """
    return [Member("baidu", node_kind="consensus", roles={"committee", "operator"}),
            Member("tianfeng", node_kind="consensus", roles={"committee", "business"}),
            Member("fund_a", node_kind="consensus", roles={"business"}),
            Member("bank_b", node_kind="consensus", roles={"business"}),
            Member("changan", node_kind="observer", roles={"business"}),
            Member("csrc", node_kind="observer", roles={"regulator"}),
            Member("sse", node_kind="observer", roles={"regulator"})]


class ABSDeal:
    """Facade: an ABS deal on its own chain (or `chain=`), parties acting with `by=`. The
    originator's loan files, each with its salt, stay here, off chain; `seed` makes the salts
    the same for every learner.

    >>> ABSDeal().contract.originator
    'changan'
    """

    def __init__(self, chain: ConsortiumChain | None = None, originator: str = "changan",
                 manager: str = "tianfeng", operator: str = "baidu", seed: int = 2017) -> None:
        self.chain = chain or ConsortiumChain(default_members())
        self.contract = self.chain.deploy(ABS(originator, manager), by=operator)
        self._rng = random.Random(seed)
        self._files: dict[str, dict[str, Any]] = {}

    def add_loan(self, loan_id: str, borrower: str, principal: Decimal, annual_rate: Decimal,
                 due: date, *, by: str, salt: str | None = None) -> None:
        """Pool a loan; only its salted hash carries the borrower. The file and its salt (a
        fresh random one unless given) are kept off chain, see `loan_file`."""
        drawn = self._rng.getstate()
        salt = salt if salt is not None else f"{self._rng.getrandbits(128):032x}"
        record_hash = loan_hash(loan_id, borrower, principal, annual_rate, due, salt)
        try:
            self.contract.add_loan(loan_id, money(principal), as_decimal(annual_rate), due,
                                   record_hash, by=by)
        except Exception:
            self._rng.setstate(drawn)  # a refused loan draws no salt: the next one gets it
            raise
        self._files[loan_id] = {"loan_id": loan_id, "borrower": borrower,
                                "principal": money(principal),
                                "annual_rate": as_decimal(annual_rate), "due": due, "salt": salt}

    def loan_file(self, loan_id: str) -> dict[str, Any]:
        """A copy of the originator's off-chain file of a pooled loan, salt included: what it
        shows an investor, who checks it with loan_hash(**file).

        >>> deal = ABSDeal()
        >>> deal.add_loan("L1", "C-000001", Decimal(1000), Decimal("0.08"), date(2026, 1, 1),
        ...               by="changan")
        >>> loan_hash(**deal.loan_file("L1")) == deal.contract.loans["L1"]["hash"]
        True
        """
        return dict(self._files[loan_id])

    def issue(self, tranches: list[dict[str, Any]], *, by: str) -> None:
        """Issue the tranches (see `tranches_by_share`)."""
        self.contract.issue(tranches, by=by)

    def collect(self, loan_id: str, amount: Decimal, *, by: str) -> None:
        """Report a collection on a loan."""
        self.contract.collect(loan_id, as_decimal(amount), by=by)

    def distribute(self, *, by: str) -> list[Payment]:
        """Pay out the collections by the waterfall."""
        return self.contract.distribute(by=by)

    def transfer(self, tranche: str, to: str, *, by: str) -> None:
        """Sell a tranche."""
        self.contract.transfer(tranche, to, by=by)

    def advance(self, days: int) -> date:
        """Move the chain's clock forward."""
        return self.chain.advance(days=days)

    def advance_to(self, day: date) -> date:
        """Move the chain's clock to `day`."""
        return self.chain.advance(days=(day - self.chain.today).days)

    def pool_principal(self) -> Decimal:
        """The pooled principal."""
        return self.contract.pool_principal()

    def tranches(self) -> list[Tranche]:
        """A copy of the tranches, senior first."""
        return [Tranche(**vars(t)) for t in self.contract.tranches]

    def state_bytes(self) -> bytes:
        """The chain's canonical state (the deal lives in it)."""
        return self.chain.state_bytes()
