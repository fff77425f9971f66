"""A loyalty points alliance (积分联盟): merchant points convert into general points.

Each merchant issues its own points (商户积分), each worth a fixed value in yuan; the alliance
operator issues general points (通用积分). A point is a promise: its issuer owes the holder
goods worth its value, so outstanding points are the issuer's liability (负债). Only an issuer
mints its own points. Converting (兑换) burns merchant points and mints general points of equal
yuan value — merchant point 0.005 yuan, general point 0.01 yuan: 1,000 → 500 — so the total
liability does not change; it moves from the merchant to the operator, and the merchant owes
the operator that many yuan (清算). Redeeming (兑付) burns points for goods; when the goods come
from another member, the issuer owes that member their value. A creditor confirms when a debt
is paid off chain.

Rounding, decided: a conversion must come out in whole general points, or it is refused with
the amounts that work (1,001 mall points are 5.005 yuan, not a whole number of 0.01-yuan points).
Rounding down would take value from customers, rounding up would create it; refusing keeps the
liability exactly conserved. Liabilities are exact Decimals, not rounded to the fen.

Teaching simplifications: customers are chain members signing their own calls (in practice the
platform signs for them); points never expire; clearing is a running total per pair.

>>> alliance = LoyaltyAlliance()
>>> alliance.mint("alice", 1000, by="mall")
>>> alliance.convert("mall", 1000, by="alice")
500
>>> alliance.balance("alliance", "alice"), alliance.liability()
(500, Decimal('5.000'))
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

from ledgerkit.consortium import ConsortiumChain, Member
from ledgerkit.contracts import Context, Contract, action
from ledgerkit.i18n import register_strings

register_strings({
    "points.not_operator": ("Only the alliance operator {operator} admits merchants; {who} is "
                            "not it.", "只有联盟运营方 {operator} 能接纳商户；{who} 不是。"),
    "points.already_admitted": ("{issuer} already issues points here.",
                                "{issuer} 已经在联盟中发行积分。"),
    "points.bad_value": ("A point's value is a positive number of yuan (a Decimal such as "
                         "Decimal('0.005'), or an int); got {got!r}.",
                         "积分面值必须是以元计的正数（Decimal，例如 Decimal('0.005')，或整数）；"
                         "实际为 {got!r}。"),
    "points.not_issuer": ("{who} issues no points here: only an issuer mints its own points.",
                          "{who} 在联盟中不发行积分：只有发行方才能发放自己的积分。"),
    "points.bad_points": ("Points are a positive whole number; got {got!r}.",
                          "积分数必须是正整数；实际为 {got!r}。"),
    "points.unknown_program": ("{issuer} issues no points in this alliance (issuers: {known}).",
                               "{issuer} 未在本联盟发行积分（发行方：{known}）。"),
    "points.already_general": ("These are general points already; convert merchant points.",
                               "这已经是通用积分；请兑换商户积分。"),
    "points.insufficient": ("{who} has {balance} {issuer} points, not {points}.",
                            "{who} 只有 {balance} 个 {issuer} 积分，不足 {points} 个。"),
    "points.not_whole": (
        "{points} {issuer} points are worth {yuan} yuan, not a whole number of general points "
        "({general} yuan each): convert a multiple of {step} points.",
        "{points} 个 {issuer} 积分价值 {yuan} 元，不能兑换成整数个通用积分（每个 {general} 元）："
        "请兑换 {step} 的整数倍个积分。"),
    "points.not_in_alliance": ("{at} is not a merchant of this alliance (members: {known}).",
                               "{at} 不是本联盟的商户（成员：{known}）。"),
    "points.nothing_owed": ("{debtor} owes {creditor} nothing.",
                            "{debtor} 不欠 {creditor} 任何款项。"),
})


class PointsAlliance(Contract):
    """Points of every issuer, their yuan values, and who owes whom after conversions.

    >>> PointsAlliance("alliance").programs["alliance"]
    {'value': Decimal('0.01'), 'general': True}
    """

    def __init__(self, operator: str, general_value: Decimal = Decimal("0.01")) -> None:
        self.operator = operator
        self.programs = {operator: {"value": general_value, "general": True}}
        self.balances: dict[str, dict[str, int]] = {operator: {}}  # issuer -> holder -> points
        self.owed: dict[str, dict[str, Decimal]] = {}  # debtor -> creditor -> yuan

    def _points(self, points: object) -> int:
        self.require(isinstance(points, int) and not isinstance(points, bool) and points > 0,
                     "points.bad_points", got=points)
        return points  # type: ignore[return-value]

    def _program(self, issuer: str) -> dict:
        self.require(issuer in self.programs, "points.unknown_program", issuer=issuer,
                     known=", ".join(sorted(self.programs)))
        return self.programs[issuer]

    def _burn(self, ctx: Context, issuer: str, points: int) -> None:
        holder, held = ctx.sender.name, self.balances[issuer]
        balance = held.get(holder, 0)
        self.require(points <= balance, "points.insufficient", who=holder, balance=balance,
                     issuer=issuer, points=points)
        held[holder] = balance - points

    def _owe(self, debtor: str, creditor: str, yuan: Decimal) -> None:
        if debtor != creditor:
            debts = self.owed.setdefault(debtor, {})
            debts[creditor] = debts.get(creditor, Decimal(0)) + yuan

    @action(roles={"business"})
    def admit(self, ctx: Context, issuer: str, point_value: Decimal) -> None:
        """The operator admits a merchant whose points are worth `point_value` yuan each."""
        self.require(ctx.sender.name == self.operator, "points.not_operator",
                     operator=self.operator, who=ctx.sender.name)
        self.require(issuer not in self.programs, "points.already_admitted", issuer=issuer)
        self.require(isinstance(point_value, (Decimal, int)) and not isinstance(point_value, bool)
                     and point_value > 0, "points.bad_value", got=point_value)
        self.programs[issuer] = {"value": Decimal(point_value), "general": False}
        self.balances[issuer] = {}
        ctx.emit("admitted", issuer=issuer, point_value=point_value)

    @action(roles={"business"})
    def mint(self, ctx: Context, to: str, points: int) -> None:
        """An issuer gives `points` of its own points to `to` (发放积分)."""
        issuer = ctx.sender.name
        self.require(issuer in self.programs, "points.not_issuer", who=issuer)
        self._points(points)
        self.balances[issuer][to] = self.balances[issuer].get(to, 0) + points
        ctx.emit("minted", issuer=issuer, to=to, points=points)

    @action(roles={"business"})
    def convert(self, ctx: Context, issuer: str, points: int) -> int:
        """Burn the caller's `points` of `issuer` and mint general points of the same yuan
        value; returns the general points minted."""
        program, general = self._program(issuer), self.programs[self.operator]["value"]
        self.require(not program["general"], "points.already_general")
        self._points(points)
        ratio = Fraction(program["value"]) / Fraction(general)
        minted = points * ratio
        self.require(minted.denominator == 1, "points.not_whole", points=points, issuer=issuer,
                     yuan=points * program["value"], general=general, step=ratio.denominator)
        self._burn(ctx, issuer, points)
        holder = ctx.sender.name
        self.balances[self.operator][holder] = self.balances[self.operator].get(holder, 0) + int(
            minted)
        yuan = points * program["value"]
        self._owe(issuer, self.operator, yuan)  # the merchant funds the liability it hands over
        ctx.emit("converted", holder=holder, issuer=issuer, points=points,
                 general_points=int(minted), yuan=yuan)
        return int(minted)

    @action(roles={"business"})
    def redeem(self, ctx: Context, issuer: str, points: int, at: str) -> Decimal:
        """Spend the caller's points of `issuer` on goods from merchant `at` (兑付); returns
        their yuan value, which `issuer` now owes `at` (nothing if it is the same)."""
        program = self._program(issuer)
        self._points(points)
        self.require(at in self.programs, "points.not_in_alliance", at=at,
                     known=", ".join(sorted(self.programs)))
        self._burn(ctx, issuer, points)
        yuan = points * program["value"]
        self._owe(issuer, at, yuan)
        ctx.emit("redeemed", holder=ctx.sender.name, issuer=issuer, points=points, at=at,
                 yuan=yuan)
        return yuan

    @action(roles={"business"})
    def confirm_settlement(self, ctx: Context, debtor: str) -> Decimal:
        """The creditor confirms `debtor` paid what it owed (结算); returns the amount."""
        creditor = ctx.sender.name
        amount = self.owed.get(debtor, {}).get(creditor, Decimal(0))
        self.require(amount > 0, "points.nothing_owed", debtor=debtor, creditor=creditor)
        del self.owed[debtor][creditor]
        if not self.owed[debtor]:
            del self.owed[debtor]
        ctx.emit("settled", debtor=debtor, creditor=creditor, yuan=amount)
        return amount

    def liability(self, issuer: str | None = None) -> Decimal:
        """Yuan value of the outstanding points of `issuer`, or of every issuer.

        >>> PointsAlliance("alliance").liability()
        Decimal('0.00')
        """
        issuers = [issuer] if issuer is not None else sorted(self.programs)
        return sum((self.programs[i]["value"] * sum(self.balances[i].values()) for i in issuers),
                   Decimal(0))


def default_members() -> list[Member]:
    """The operator and three merchants run the four consensus nodes (PBFT tolerates one
    faulty node); a customer joins, and the market regulator observes.

    Which regulator, decided: these points are rewards given free with purchases, not sold
    for money, so the scheme is a merchant promotion under consumer-protection law
    (消费者权益保护法) and the State Administration for Market Regulation (市场监管总局, SAMR,
    locally 市场监督管理局) supervises it. Were points SOLD and spendable at unrelated
    merchants, they would be prepaid value: issuing multi-purpose prepaid value is payment
    business (储值账户运营) that needs a PBoC licence (非银行支付机构监督管理条例, State Council
    order No. 768, 2023, in force 2024-05-01), and the PBoC would supervise. A single
    merchant's prepaid cards fall under the commerce ministry's 单用途商业预付卡管理办法(试行)
    (2012).

    >>> [m.name for m in default_members() if "regulator" in m.roles]
    ['samr']
    """
    return [Member("alliance", node_kind="consensus", roles={"committee", "operator",
                                                            "business"}),
            Member("mall", node_kind="consensus", roles={"committee", "business"}),
            Member("airline", node_kind="consensus", roles={"business"}),
            Member("cinema", node_kind="consensus", roles={"business"}),
            Member("alice", roles={"business"}),
            Member("samr", node_kind="observer", roles={"regulator"})]


class LoyaltyAlliance:
    """Facade: an alliance on its own chain (or `chain=`), with merchants admitted.

    >>> LoyaltyAlliance().contract.programs["mall"]["value"]
    Decimal('0.005')
    """

    def __init__(self, chain: ConsortiumChain | None = None, operator: str = "alliance",
                 merchants: dict[str, Decimal] | None = None) -> None:
        self.chain = chain or ConsortiumChain(default_members())
        self.contract = self.chain.deploy(PointsAlliance(operator), by=operator)
        if merchants is None:
            merchants = {"mall": Decimal("0.005"), "airline": Decimal("0.02"),
                         "cinema": Decimal("0.01")}
        for issuer, value in merchants.items():
            self.contract.admit(issuer, value, by=operator)

    def mint(self, to: str, points: int, *, by: str) -> None:
        """Issuer `by` gives points to `to`."""
        self.contract.mint(to, points, by=by)

    def convert(self, issuer: str, points: int, *, by: str) -> int:
        """Holder `by` converts `issuer` points into general points."""
        return self.contract.convert(issuer, points, by=by)

    def redeem(self, issuer: str, points: int, at: str, *, by: str) -> Decimal:
        """Holder `by` spends points at merchant `at`."""
        return self.contract.redeem(issuer, points, at, by=by)

    def confirm_settlement(self, debtor: str, *, by: str) -> Decimal:
        """Creditor `by` confirms `debtor` paid."""
        return self.contract.confirm_settlement(debtor, by=by)

    def balance(self, issuer: str, holder: str) -> int:
        """`holder`'s points of `issuer`."""
        return self.contract.balances[issuer].get(holder, 0)

    def liability(self, issuer: str | None = None) -> Decimal:
        """Outstanding liability in yuan (see PointsAlliance.liability)."""
        return self.contract.liability(issuer)

    def advance_to(self, day: date) -> date:
        """Move the chain's clock to `day`."""
        return self.chain.advance(days=(day - self.chain.today).days)

    def state_bytes(self) -> bytes:
        """The chain's canonical state."""
        return self.chain.state_bytes()
