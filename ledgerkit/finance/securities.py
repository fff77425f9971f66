"""Securities settlement (证券结算) on a shared ledger: delivery versus payment, cycles, netting.

A trade is agreed on the exchange on day T; it *settles* when the shares reach the buyer and
the cash reaches the seller. Delivery versus payment (货银对付, DvP) means both legs move or
neither does: a seller who delivers and is never paid, or a buyer who pays and never gets the
shares, loses the whole principal. On this ledger `settle` moves both legs in one call, and a
call that cannot move both is refused and moves nothing.

The settlement cycle (结算周期) is the number of business days from trade to settlement: T+1
in the US since 28 May 2024 (SEC Rule 15c6-1, adopted 15 February 2023), T+2 in the EU, which
moves to T+1 on 11 October 2027. Until settlement each side is exposed to the other's default:
it would have to replace the trade at the day's price (`replacement_cost`), so a longer cycle
means more exposure. A chain can settle at once (T+0) — but only if the seller already holds
the shares and the buyer the cash when they trade (prefunding, 预存券款). China's A-shares have
their own rule, which is a *trading* rule: shares bought on day T cannot be sold again on T
(no 回转交易; the "T+1" of the A-share market), which `record_trade` enforces.

Netting (轧差): China Securities Depository and Clearing (中国结算, 中证登) stands between the
brokers as central counterparty (中央对手方) and settles each broker's multilateral *net*
position, by DvP (证券法 2019, Art. 158). `net_positions` and `settle_netted` do the same on
the chain: far fewer transfers, and far less cash moving, than trade-by-trade gross settlement.

Teaching simplifications (*proposal*): brokers settle for themselves (no client accounts);
business days are Monday to Friday; prices are yuan a share to the fen; no fees or taxes.

>>> desk = SettlementDesk(start=date(2025, 3, 3))
>>> desk.register_holding("broker_a", "600000", 10_000, by="csd")
>>> desk.deposit(Decimal(200_000), by="broker_b")
>>> desk.record_trade("T-1", seller="broker_a", buyer="broker_b", security="600000",
...                   quantity=10_000, price=Decimal("10.50"), cycle=1, by="exchange")
datetime.date(2025, 3, 4)
>>> desk.advance_to(date(2025, 3, 4)); desk.settle("T-1", by="csd")
>>> desk.holding("broker_b", "600000"), desk.balance("broker_a")
(10000, Decimal('105000.00'))
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from ledgerkit.consortium import ConsortiumChain, Member
from ledgerkit.contracts import Context, Contract, action
from ledgerkit.finance.cash import CashAccounts
from ledgerkit.finance.desk import Desk
from ledgerkit.finance.rates import to_fen
from ledgerkit.i18n import Phrase, register_strings

REGULATOR = "csrc_office"  # the CSRC local office (证监局) supervises brokers and the market
CYCLES: tuple[tuple[tuple[str, str], int], ...] = (  # ((market, 市场), business days after T)
    (("China A-shares: CSDC's cash leg", "中国 A 股：中国结算的资金交收"), 1),
    (("US (since 28 May 2024)", "美国（2024 年 5 月 28 日起）"), 1),
    (("EU (until 10 October 2027)", "欧盟（至 2027 年 10 月 10 日）"), 2),
    (("a shared ledger with prefunding", "预存券款的共享账本"), 0),
)

register_strings({
    "sec.amount": ("{what} must be a positive amount in whole fen; got {value}.",
                   "{what} 必须是以分为单位的正金额；实际为 {value}。"),
    "sec.no_cash": ("{who} has {balance} but must pay {amount}: deposit cash first.",
                    "{who} 余额为 {balance}，但须支付 {amount}：请先存入资金。"),
    "sec.not_member": ("{who} is not a member of this chain.", "{who} 不是本链成员。"),
    "sec.only": ("Only the {role} {expected} may {step}; {who} called.",
                 "只有{role} {expected} 才能{step}；调用者为 {who}。"),
    "sec.quantity": ("A quantity of shares is a positive whole number; got {got!r}.",
                     "股数必须是正整数；实际为 {got!r}。"),
    "sec.cycle": ("The settlement cycle is a whole number of business days from 0 to 3; got "
                  "{got!r}.", "结算周期必须是 0 到 3 之间的整数个营业日；实际为 {got!r}。"),
    "sec.trade_exists": ("Trade {trade} already exists.", "交易 {trade} 已存在。"),
    "sec.no_trade": ("There is no trade {trade}.", "不存在交易 {trade}。"),
    "sec.same_party": ("A broker cannot trade with itself.", "券商不能与自己交易。"),
    "sec.short_shares": ("{who} can sell at most {free} shares of {security} today ({held} "
                         "held, {today} bought today — A-shares bought on day T cannot be sold "
                         "until T+1 — and {pending} already sold, awaiting settlement); asked "
                         "{asked}.",
                         "{who} 今天最多可卖出 {security} {free} 股（持有 {held} 股，其中今日买入 "
                         "{today} 股——A 股当日买入的股票 T+1 日才能卖出——另有 {pending} 股已卖出"
                         "待交收）；委托卖出 {asked} 股。"),
    "sec.settled": ("Trade {trade} is already settled.", "交易 {trade} 已完成交收。"),
    "sec.not_due": ("Trade {trade} settles on {due}, not before.",
                    "交易 {trade} 的交收日是 {due}，不能提前。"),
    "sec.leg_short": ("DvP: trade {trade} cannot settle, so nothing moves — {who} is short of "
                      "{what}: has {has}, owes {owes}.",
                      "货银对付：交易 {trade} 无法交收，因此券和款都不动——{who} 的{what}不足："
                      "持有 {has}，应付 {owes}。"),
    "sec.prefund": ("T+0 on the chain needs prefunding: {who} is short of {what} when trading "
                    "(has {has}, needs {owes}); nothing was recorded.",
                    "链上 T+0 需要预存券款：交易时 {who} 的{what}不足（持有 {has}，需要 {owes}）；"
                    "交易未记录。"),
    "sec.net_empty": ("Netting needs at least one unsettled trade due today or earlier.",
                      "轧差至少需要一笔今天或之前到期、尚未交收的交易。"),
})
register_strings({f"sec.do.{step}": words for step, words in {
    "record": ("record trades", "记录成交"), "register": ("register holdings", "登记持仓"),
    "settle": ("settle trades", "办理交收"), "exchange": ("exchange", "交易所"),
    "depository": ("depository", "登记结算机构"), "cash": ("cash", "资金"),
    "shares": ("shares", "证券")}.items()})


def settlement_date(trade_day: date, cycle: int) -> date:
    """T + `cycle` business days (Monday to Friday; public holidays left out).

    >>> settlement_date(date(2025, 3, 7), 1)   # a Friday trade settles on Monday
    datetime.date(2025, 3, 10)
    """
    day = trade_day
    while cycle > 0:
        day += timedelta(days=1)
        cycle -= day.weekday() < 5
    return day


def replacement_cost(quantity: int, trade_price: Decimal, price_now: Decimal,
                     side: str) -> Decimal:
    """What `side` ("buyer" or "seller") loses if the other side defaults before settlement
    and the trade must be replaced at `price_now`: the counterparty exposure (对手方风险敞口).

    >>> replacement_cost(100_000, Decimal("10.00"), Decimal("10.80"), "buyer")
    Decimal('80000.00')
    >>> replacement_cost(100_000, Decimal("10.00"), Decimal("10.80"), "seller")
    Decimal('0.00')
    """
    move = (price_now - trade_price) if side == "buyer" else (trade_price - price_now)
    return to_fen(max(move, Decimal(0)) * quantity)


@dataclass
class Trade:
    """A matched trade: `seller` delivers `quantity` shares of `security` to `buyer` for
    quantity × price yuan on `due` (T + cycle).

    >>> Trade("T-1", "a", "b", "600000", 100, Decimal("10.00"), date(2025, 3, 3), 1,
    ...       date(2025, 3, 4)).value
    Decimal('1000.00')
    """

    id: str
    seller: str
    buyer: str
    security: str
    quantity: int
    price: Decimal
    traded: date
    cycle: int
    due: date
    settled: date | None = None
    netted: bool = False

    @property
    def value(self) -> Decimal:
        """The cash leg: quantity × price, to the fen."""
        return to_fen(self.price * self.quantity)


def net_positions(trades: Iterable[Trade]) -> dict[str, dict[str, Decimal | int]]:
    """Each party's multilateral net position: "cash" (+ receives, − pays) and, per
    security, shares (+ receives, − delivers). Zero positions are left out.

    >>> t = [Trade("1", "a", "b", "X", 100, Decimal(10), date(2025, 1, 6), 1, date(2025, 1, 7)),
    ...      Trade("2", "b", "a", "X", 60, Decimal(10), date(2025, 1, 6), 1, date(2025, 1, 7))]
    >>> net_positions(t)["a"]
    {'cash': Decimal('400.00'), 'X': -40}
    """
    net: dict[str, dict[str, Decimal | int]] = {}
    for t in trades:
        for who, cash, shares in ((t.seller, t.value, -t.quantity),
                                  (t.buyer, -t.value, t.quantity)):
            book = net.setdefault(who, {"cash": Decimal("0.00")})
            book["cash"] += cash
            book[t.security] = book.get(t.security, 0) + shares
    return {who: {k: v for k, v in book.items() if v} for who, book in net.items()
            if any(book.values())}


def transfers(trades: Iterable[Trade], netted: bool) -> tuple[int, Decimal]:
    """How many transfers settlement makes and how much cash moves: gross (two legs a trade,
    every trade's cash) or netted (one transfer per non-zero net position, and only the net
    cash paid in to the central counterparty).

    >>> t = [Trade("1", "a", "b", "X", 100, Decimal(10), date(2025, 1, 6), 1, date(2025, 1, 7)),
    ...      Trade("2", "b", "a", "X", 60, Decimal(10), date(2025, 1, 6), 1, date(2025, 1, 7))]
    >>> transfers(t, netted=False), transfers(t, netted=True)
    ((4, Decimal('1600.00')), (4, Decimal('400.00')))
    """
    trades = list(trades)
    if not netted:
        return 2 * len(trades), sum((t.value for t in trades), Decimal("0.00"))
    positions = net_positions(trades)
    count = sum(len(book) for book in positions.values())
    paid = sum((-book.get("cash", 0) for book in positions.values()
                if book.get("cash", 0) < 0), Decimal("0.00"))
    return count, paid


class SecuritiesSettlement(CashAccounts, Contract):
    """The settlement platform: the depository's register of holdings (证券登记), the cash
    accounts of the brokers (结算备付金), and the trades from the exchange.

    >>> SecuritiesSettlement().trades
    {}
    """

    _rules = "sec"

    def __init__(self, exchange: str = "exchange", depository: str = "csd") -> None:
        self.exchange = exchange
        self.depository = depository
        self.holdings: dict[str, dict[str, int]] = {}
        self.received: dict[str, dict[str, list]] = {}  # who -> security -> [day, shares]
        self.trades: dict[str, Trade] = {}
        self.cash: dict[str, Decimal] = {}
        self.deposited = Decimal("0.00")  # all cash ever paid in: the sum of the balances

    # --- views ---

    def holding(self, who: str, security: str) -> int:
        """Shares of `security` that `who` holds on the register."""
        return self.holdings.get(who, {}).get(security, 0)

    def pending(self, due_by: date | None = None) -> list[Trade]:
        """Unsettled trades (due on or before `due_by`, when given), in the order recorded."""
        return [t for t in self.trades.values()
                if t.settled is None and (due_by is None or t.due <= due_by)]

    # --- actions ---

    @action(roles={"operator"})
    def register_holding(self, ctx: Context, who: str, security: str, quantity: int) -> None:
        """登记: the depository records shares that `who` already holds (e.g. from an issue)."""
        self._only(ctx, "depository", "register")
        self.require(ctx.chain is None or who in ctx.chain.members, "sec.not_member", who=who)
        self._quantity(quantity)
        self._move_shares(None, who, security, quantity, bought_on=None)
        ctx.emit("registered", who=who, security=security, quantity=quantity)

    @action(roles={"business"})
    def record_trade(self, ctx: Context, trade_id: str, seller: str, buyer: str,
                     security: str, quantity: int, price: Decimal, cycle: int = 1) -> date:
        """成交: the exchange records a matched trade; returns its settlement date. With
        cycle 0 the trade settles in this very call (prefunded DvP), or is not recorded."""
        self._only(ctx, "exchange", "record")
        self.require(trade_id not in self.trades, "sec.trade_exists", trade=trade_id)
        for who in (seller, buyer):
            self.require(ctx.chain is None or who in ctx.chain.members, "sec.not_member", who=who)
        self.require(seller != buyer, "sec.same_party")
        self._quantity(quantity)
        price = self._money(price, "price")
        self.require(type(cycle) is int and 0 <= cycle <= 3, "sec.cycle", got=cycle)
        held, today, pending = self._sellable(seller, security, ctx.today)
        free = held - today - pending
        self.require(quantity <= free, "sec.short_shares", who=seller, security=security,
                     free=free, held=held, today=today, pending=pending, asked=quantity)
        trade = Trade(trade_id, seller, buyer, security, quantity, price, ctx.today, cycle,
                      settlement_date(ctx.today, cycle))
        if cycle == 0:
            self._legs_ready(trade, "sec.prefund")
        self.trades[trade_id] = trade
        ctx.emit("traded", trade=trade_id, seller=seller, buyer=buyer, security=security,
                 quantity=quantity, price=price, due=trade.due)
        if cycle == 0:
            self._deliver(ctx, trade)
        return trade.due

    @action(roles={"operator"})
    def settle(self, ctx: Context, trade_id: str) -> None:
        """交收 (gross, 逐笔全额): on or after its date, both legs of one trade move, or none."""
        self._only(ctx, "depository", "settle")
        self.require(trade_id in self.trades, "sec.no_trade", trade=trade_id)
        trade = self.trades[trade_id]
        self.require(trade.settled is None, "sec.settled", trade=trade_id)
        self.require(ctx.today >= trade.due, "sec.not_due", trade=trade_id, due=trade.due)
        self._legs_ready(trade, "sec.leg_short")
        self._deliver(ctx, trade)

    @action(roles={"operator"})
    def settle_netted(self, ctx: Context) -> dict[str, dict[str, Decimal | int]]:
        """多边净额交收: the depository, as central counterparty, settles every trade due by
        today through each party's net position — all of them, or none if anyone is short.
        Returns the net positions."""
        self._only(ctx, "depository", "settle")
        due = self.pending(ctx.today)
        self.require(due, "sec.net_empty")
        positions = net_positions(due)
        for who, book in positions.items():  # check every payer before anything moves
            for item, amount in book.items():
                has = self.balance(who) if item == "cash" else self.holding(who, item)
                self.require(has + amount >= 0, "sec.leg_short", trade="+".join(
                    t.id for t in due), who=who, what=Phrase(
                    "sec.do.cash" if item == "cash" else "sec.do.shares"), has=has,
                    owes=-amount)
        for who, book in positions.items():
            for item, amount in book.items():
                if item == "cash":
                    self.cash[who] = self.balance(who) + amount
                else:
                    # trades due by today were made before today: no same-day lock
                    self._move_shares(None, who, item, amount, bought_on=None)
        for trade in due:
            trade.settled, trade.netted = ctx.today, True
        ctx.emit("netted", trades=[t.id for t in due], positions=positions)
        return positions

    # --- checks and moves shared by the actions ---

    def _only(self, ctx: Context, role: str, step: str) -> None:
        expected = getattr(self, role)
        self.require(ctx.sender.name == expected, "sec.only", role=Phrase(f"sec.do.{role}"),
                     expected=expected, step=Phrase(f"sec.do.{step}"), who=ctx.sender.name)

    def _quantity(self, quantity: object) -> None:
        self.require(type(quantity) is int and quantity > 0, "sec.quantity", got=quantity)

    def _sellable(self, who: str, security: str, today: date) -> tuple[int, int, int]:
        """Shares held, of them bought today, and already sold awaiting settlement."""
        day, bought = self.received.get(who, {}).get(security, [None, 0])
        pending = sum(t.quantity for t in self.pending() if t.seller == who
                      and t.security == security)
        return self.holding(who, security), bought if day == today else 0, pending

    def _legs_ready(self, trade: Trade, rule: str) -> None:
        """Refuse unless the seller holds the shares and the buyer the cash (DvP)."""
        shares = self.holding(trade.seller, trade.security)
        self.require(shares >= trade.quantity, rule, trade=trade.id, who=trade.seller,
                     what=Phrase("sec.do.shares"), has=shares, owes=trade.quantity)
        cash = self.balance(trade.buyer)
        self.require(cash >= trade.value, rule, trade=trade.id, who=trade.buyer,
                     what=Phrase("sec.do.cash"), has=cash, owes=trade.value)

    def _deliver(self, ctx: Context, trade: Trade) -> None:
        """Both legs, after `_legs_ready`: shares to the buyer, cash to the seller."""
        self._move_shares(trade.seller, trade.buyer, trade.security, trade.quantity,
                          bought_on=trade.traded)
        self._pay(trade.buyer, trade.seller, trade.value)
        trade.settled = ctx.today
        ctx.emit("settled", trade=trade.id, on=ctx.today, value=trade.value)

    def _move_shares(self, source: str | None, to: str, security: str, quantity: int,
                     bought_on: date | None) -> None:
        """Move shares on the register; remember what was bought on `bought_on`, because
        A-shares bought on day T cannot be sold again on T (only a T+0 trade can do that)."""
        if source is not None:
            self.holdings[source][security] -= quantity
        book = self.holdings.setdefault(to, {})
        book[security] = book.get(security, 0) + quantity
        if bought_on is not None:
            mark = self.received.setdefault(to, {}).setdefault(security, [bought_on, 0])
            if mark[0] != bought_on:
                mark[:] = [bought_on, 0]
            mark[1] += quantity


def default_members() -> list[Member]:
    """The depository (as 中国结算 keeps the register) operates the platform; it, the exchange
    and three brokers run the consensus nodes (PBFT survives one faulty node); the CSRC local
    office observes.

    >>> [m.name for m in default_members()][:2]
    ['csd', 'exchange']
    """
    return [Member("csd", node_kind="consensus", roles={"committee", "operator"}),
            Member("exchange", node_kind="consensus", roles={"committee", "business"}),
            *(Member(name, node_kind="consensus", roles={"committee", "business"})
              for name in ("broker_a", "broker_b", "broker_c")),
            Member(REGULATOR, node_kind="observer", roles={"regulator"})]


class SettlementDesk(Desk, SecuritiesSettlement):
    """The settlement platform on `chain`, or on a new chain of `default_members()` starting
    on `start`. Call actions with `by=member`.

    >>> SettlementDesk().depository
    'csd'
    """

    def __init__(self, chain: ConsortiumChain | None = None, *,
                 start: date | None = None) -> None:
        super().__init__()
        self._open(chain, default_members, start, "SecuritiesSettlement")
