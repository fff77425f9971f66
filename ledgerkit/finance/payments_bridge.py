"""Cross-border payments: a chain of correspondent banks versus one shared ledger (跨境支付).

A payment from Shenzhen to Bangkok today usually travels through correspondent banks (代理行):
each hop takes a fee, waits for the bank's working hours (a payment arriving after the
bank's cut-off time, 截止时间, waits for the next morning) and may convert the currency at
the bank's rate. `route` follows the money hop by hop, to the cent and to the minute.

A multi-CBDC bridge in the style of mBridge (多边央行数字货币桥: PBoC Digital Currency
Institute, HKMA, Bank of Thailand and the Central Bank of the UAE with the BIS Innovation
Hub; pilot in 2022, minimum viable product in 2024, the Saudi Central Bank joined in 2024 and
the BIS left the project in October 2024) puts the central banks' digital currencies on one
ledger that runs around the clock, so the same payment is one hop: an atomic payment versus
payment (PvP, 同步交收) in which both currency legs move or neither does. `CurrencyBridge` is
that ledger as a contract.

Teaching simplifications: every figure of the worked example (fees, rates, working hours,
processing minutes) is the course's example, not a market quote; no weekends or holidays;
the clock counts minutes in UTC and each bank opens and closes in its own local time.

>>> hops = [Hop("sender_bank", fee=Decimal("100"), rate=Decimal("0.14"), to="USD")]
>>> route(Decimal("10000"), "CNY", hops, sent=60 * 7)[-1].amount_out
Decimal('1386.00')
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from ledgerkit.consortium import ConsortiumChain, Member
from ledgerkit.contracts import Context, Contract, action
from ledgerkit.errors import InputError
from ledgerkit.finance.desk import Desk
from ledgerkit.finance.rates import FEN, as_decimal
from ledgerkit.i18n import register_strings

DAY = 24 * 60  # minutes

register_strings({
    "bridge.fee": ("The fee at {bank} ({fee} {currency}) is not less than the {amount} "
                   "{currency} that reaches it: nothing would be left to pass on.",
                   "{bank} 的手续费（{fee} {currency}）不低于到达该行的 {amount} {currency}："
                   "转出后将一无所剩。"),
    "bridge.amount": ("{what} must be a positive amount in whole cents; got {value}.",
                      "{what} 必须是以分为单位的正金额；实际为 {value}。"),
    "bridge.currency": ("The bridge carries {choices}; {got!r} is not one of them.",
                        "货币桥上的币种为 {choices}；{got!r} 不在其中。"),
    "bridge.not_issuer": ("Only {issuer}, the central bank of {currency}, issues it; {who} "
                          "called.",
                          "只有 {currency} 的发行央行 {issuer} 才能发行；调用者为 {who}。"),
    "bridge.not_member": ("{who} is not a member of this chain.", "{who} 不是本链成员。"),
    "bridge.no_cash": ("{who} holds {balance} {currency} but must pay {amount} {currency}.",
                       "{who} 持有 {balance} {currency}，但须支付 {amount} {currency}。"),
    "bridge.same_currency": ("A PvP swap exchanges two different currencies; both legs are "
                             "{currency}.", "同步交收须交换两种不同货币；两条腿都是 {currency}。"),
    "bridge.self": ("A payment or swap needs two different parties.",
                    "支付或兑换需要两个不同的参与方。"),
    "bridge.no_swap": ("There is no open swap {swap}.", "不存在未完成的兑换 {swap}。"),
    "bridge.not_counterparty": ("Only {counterparty} settles swap {swap}; {who} called.",
                                "只有 {counterparty} 才能交收兑换 {swap}；调用者为 {who}。"),
    "bridge.not_proposer": ("Only {proposer}, who proposed swap {swap}, may cancel it.",
                            "只有提出兑换 {swap} 的 {proposer} 才能撤销。"),
})


@dataclass(frozen=True)
class Hop:
    """One bank on the way: its fee (in the currency that reaches it), its processing time,
    its working hours in local time, and the rate at which it converts (1: none).

    >>> Hop("hk_bank", fee=Decimal("15")).opens
    540
    """

    bank: str
    fee: Decimal
    minutes: int = 60  # processing time once the bank works on the payment
    opens: int = 9 * 60  # local minute of the day work starts
    cutoff: int = 16 * 60  # local minute of the day after which it waits for tomorrow
    utc_offset: int = 8 * 60  # minutes ahead of UTC (Beijing: +8 h)
    rate: Decimal = Decimal(1)  # units of `to` per unit of the incoming currency
    to: str = ""  # the currency it passes on; "" keeps the incoming one


@dataclass(frozen=True)
class Leg:
    """What happened at one hop: money in and out, and when (UTC minutes since day 0).

    >>> Leg("b", "CNY", Decimal(5), Decimal(1), "CNY", Decimal(4), 0, 60).waited
    0
    """

    bank: str
    currency_in: str
    amount_in: Decimal
    fee: Decimal
    currency_out: str
    amount_out: Decimal
    arrived: int
    done: int
    started: int = field(default=-1)

    @property
    def waited(self) -> int:
        """Minutes the payment waited for the bank to open (cut-off or night)."""
        return max(self.started, self.arrived) - self.arrived


def to_cent(value: Decimal | int | str, what: str = "amount") -> Decimal:
    """A positive amount, exact to the cent; anything else is refused.

    >>> to_cent(7)
    Decimal('7.00')
    """
    amount = as_decimal(value, what)
    if not (amount.is_finite() and amount > 0 and amount == amount.quantize(FEN)):
        raise InputError("bridge.amount", what=what, value=value)
    return amount.quantize(FEN)


def next_working_minute(now: int, hop: Hop) -> int:
    """The first UTC minute at or after `now` when `hop`'s bank works on a payment.

    >>> next_working_minute(8 * 60 + 30, Hop("b", Decimal(1)))   # 16:30 in Beijing
    1500
    """
    local = (now + hop.utc_offset) % DAY
    if hop.opens <= local < hop.cutoff:
        return now
    wait = (hop.opens - local) % DAY  # until the next opening: today's, or tomorrow's
    return now + wait


def route(amount: Decimal | int | str, currency: str, hops: list[Hop], sent: int = 0
          ) -> list[Leg]:
    """Follow `amount` of `currency`, sent at UTC minute `sent`, through `hops`: each takes
    its fee, converts at its rate (rounded to the cent, half up) and passes the rest on.

    >>> legs = route(1000, "USD", [Hop("a", Decimal(10)), Hop("b", Decimal(5))], sent=60)
    >>> [leg.amount_out for leg in legs], legs[-1].done
    ([Decimal('990.00'), Decimal('985.00')], 180)
    """
    money, now, legs = to_cent(amount), sent, []
    for hop in hops:
        fee = to_cent(hop.fee, "fee")
        if fee >= money:
            raise InputError("bridge.fee", bank=hop.bank, fee=fee, amount=money,
                             currency=currency)
        start = next_working_minute(now, hop)
        out_currency = hop.to or currency
        out = ((money - fee) * as_decimal(hop.rate, "rate")).quantize(FEN, ROUND_HALF_UP)
        legs.append(Leg(hop.bank, currency, money, fee, out_currency, out, now,
                        start + hop.minutes, start))
        money, now, currency = out, start + hop.minutes, out_currency
    return legs


def cost(sent: Decimal, received: Decimal, mid_rate: Decimal) -> Decimal:
    """What the payment cost the sender, in the sent currency: what was sent less what
    arrived, valued at the mid-market rate (fees and FX margins together).

    >>> cost(Decimal(1000), Decimal(4800), Decimal("4.85"))
    Decimal('10.31')
    """
    return (sent - received / mid_rate).quantize(FEN, ROUND_HALF_UP)


# --- the course's worked example: Shenzhen pays Bangkok 1,000,000 yuan ----------------------
# Every number is the course's example (not a market quote). Correspondent route: the
# Shenzhen bank converts yuan to US dollars, two dollar correspondents pass it on, the Bangkok
# bank converts to baht. Bridge: one PvP on a ledger that is open 24/7, at a direct rate.
SENT_AT = 7 * 60 + 30  # 07:30 UTC = 15:30 in Beijing, day 0
MID_CNY_THB = Decimal("4.8500")  # the mid-market rate the cost is measured against
CORRESPONDENT_HOPS = [
    Hop("sz_bank", fee=Decimal("150.00"), minutes=60, cutoff=16 * 60, rate=Decimal("0.1400"),
        to="USD"),
    Hop("hk_correspondent", fee=Decimal("15.00"), minutes=60, cutoff=16 * 60),
    Hop("ny_correspondent", fee=Decimal("25.00"), minutes=120, cutoff=17 * 60,
        utc_offset=-5 * 60),
    Hop("bkk_bank", fee=Decimal("20.00"), minutes=60, cutoff=15 * 60 + 30, utc_offset=7 * 60,
        rate=Decimal("34.4000"), to="THB"),
]
BRIDGE_HOPS = [
    Hop("mbridge", fee=Decimal("20.00"), minutes=1, opens=0, cutoff=DAY,
        rate=Decimal("4.8300"), to="THB"),
]


# --- the bridge as a contract: issue, pay, and atomic PvP swaps -----------------------------
ISSUERS = {"CNY": "pboc_dci", "HKD": "hkma", "THB": "bot", "AED": "cbuae"}
BRIDGE_BANKS = ("bank_cn", "bank_hk", "bank_th", "bank_ae")
REGULATOR = "safe"  # SAFE supervises the foreign-exchange side of Chinese participants


@dataclass
class Swap:
    """A proposed PvP swap: `proposer` gives one currency, `counterparty` gives the other.

    >>> Swap("S-1", "a", "CNY", Decimal(1), "b", "THB", Decimal(5)).status
    'OPEN'
    """

    id: str
    proposer: str
    give_currency: str
    give_amount: Decimal
    counterparty: str
    get_currency: str
    get_amount: Decimal
    status: str = "OPEN"


class CurrencyBridge(Contract):
    """Wholesale CBDC balances of several currencies on one ledger, with atomic PvP.

    >>> CurrencyBridge().issued
    {}
    """

    def __init__(self) -> None:
        self.balances: dict[str, dict[str, Decimal]] = {}
        self.issued: dict[str, Decimal] = {}
        self.swaps: dict[str, Swap] = {}

    def balance(self, who: str, currency: str) -> Decimal:
        """What `who` holds of `currency` on the bridge."""
        return self.balances.get(who, {}).get(currency, Decimal("0.00"))

    @action(roles={"business"})
    def issue(self, ctx: Context, to: str, currency: str, amount: Decimal) -> None:
        """发行: a central bank issues its own digital currency to a member bank."""
        self._currency(currency)
        self.require(ctx.sender.name == ISSUERS[currency], "bridge.not_issuer",
                     issuer=ISSUERS[currency], currency=currency, who=ctx.sender.name)
        self._member(ctx, to)
        amount = self._cents(amount)
        self._add(to, currency, amount)
        self.issued[currency] = self.issued.get(currency, Decimal("0.00")) + amount
        ctx.emit("issued", to=to, currency=currency, amount=amount)

    @action(roles={"business"})
    def pay(self, ctx: Context, to: str, currency: str, amount: Decimal) -> None:
        """支付: the caller pays `amount` of `currency` to `to`."""
        self._currency(currency)
        self._member(ctx, to)
        self.require(to != ctx.sender.name, "bridge.self")
        amount = self._cents(amount)
        self._has(ctx.sender.name, currency, amount)
        self._add(ctx.sender.name, currency, -amount)
        self._add(to, currency, amount)
        ctx.emit("paid", frm=ctx.sender.name, to=to, currency=currency, amount=amount)

    @action(roles={"business"})
    def propose_swap(self, ctx: Context, counterparty: str, give_currency: str,
                     give_amount: Decimal, get_currency: str, get_amount: Decimal) -> str:
        """报价: the caller offers `give_amount` of one currency for `get_amount` of another
        from `counterparty`; nothing moves yet. Returns the swap's id."""
        self._currency(give_currency)
        self._currency(get_currency)
        self.require(give_currency != get_currency, "bridge.same_currency",
                     currency=give_currency)
        self._member(ctx, counterparty)
        self.require(counterparty != ctx.sender.name, "bridge.self")
        give, get = self._cents(give_amount), self._cents(get_amount)
        swap_id = f"S-{len(self.swaps) + 1}"
        self.swaps[swap_id] = Swap(swap_id, ctx.sender.name, give_currency, give, counterparty,
                                   get_currency, get)
        ctx.emit("swap_proposed", swap=swap_id, proposer=ctx.sender.name,
                 counterparty=counterparty)
        return swap_id

    @action(roles={"business"})
    def settle_swap(self, ctx: Context, swap_id: str) -> None:
        """同步交收 (PvP): the counterparty accepts; both legs move in this one call, or, when
        either side is short, neither moves."""
        self.require(swap_id in self.swaps and self.swaps[swap_id].status == "OPEN",
                     "bridge.no_swap", swap=swap_id)
        swap = self.swaps[swap_id]
        self.require(ctx.sender.name == swap.counterparty, "bridge.not_counterparty",
                     counterparty=swap.counterparty, swap=swap_id, who=ctx.sender.name)
        self._has(swap.proposer, swap.give_currency, swap.give_amount)  # both checks first
        self._has(swap.counterparty, swap.get_currency, swap.get_amount)
        self._add(swap.proposer, swap.give_currency, -swap.give_amount)
        self._add(swap.counterparty, swap.give_currency, swap.give_amount)
        self._add(swap.counterparty, swap.get_currency, -swap.get_amount)
        self._add(swap.proposer, swap.get_currency, swap.get_amount)
        swap.status = "SETTLED"
        ctx.emit("swap_settled", swap=swap_id)

    @action(roles={"business"})
    def cancel_swap(self, ctx: Context, swap_id: str) -> None:
        """撤销: the proposer withdraws an open swap."""
        self.require(swap_id in self.swaps and self.swaps[swap_id].status == "OPEN",
                     "bridge.no_swap", swap=swap_id)
        swap = self.swaps[swap_id]
        self.require(ctx.sender.name == swap.proposer, "bridge.not_proposer",
                     proposer=swap.proposer, swap=swap_id)
        swap.status = "CANCELLED"
        ctx.emit("swap_cancelled", swap=swap_id)

    # --- checks and bookkeeping shared by the actions ---
    def _currency(self, currency: str) -> None:
        self.require(currency in ISSUERS, "bridge.currency", choices=", ".join(ISSUERS),
                     got=currency)

    def _member(self, ctx: Context, who: str) -> None:
        self.require(ctx.chain is None or who in ctx.chain.members, "bridge.not_member", who=who)

    def _cents(self, value: object) -> Decimal:
        try:
            return to_cent(value)  # type: ignore[arg-type]
        except InputError as problem:
            self.refuse(problem.key, **problem.fields)

    def _has(self, who: str, currency: str, amount: Decimal) -> None:
        balance = self.balance(who, currency)
        self.require(balance >= amount, "bridge.no_cash", who=who, balance=balance,
                     currency=currency, amount=amount)

    def _add(self, who: str, currency: str, amount: Decimal) -> None:
        account = self.balances.setdefault(who, {})
        account[currency] = self.balance(who, currency) + amount


def default_members() -> list[Member]:
    """The four founding central banks run the consensus nodes (PBFT survives one fault
    from n = 4) and issue their own currencies; commercial banks pay and swap; SAFE watches
    as regulator (an observer node).

    >>> [m.name for m in default_members()][:2]
    ['pboc_dci', 'hkma']
    """
    return [*(Member(bank, node_kind="consensus",
                     roles={"committee", "business"} | ({"operator"} if bank == "pboc_dci"
                                                        else set()))
              for bank in ISSUERS.values()),
            Member(REGULATOR, node_kind="observer", roles={"regulator"}),
            *(Member(bank, roles={"business"}) for bank in BRIDGE_BANKS)]


class BridgeDesk(Desk, CurrencyBridge):
    """The currency bridge on `chain`, or on a new chain of `default_members()`.

    >>> desk = BridgeDesk()
    >>> desk.issue("bank_cn", "CNY", Decimal("100"), by="pboc_dci")
    >>> desk.balance("bank_cn", "CNY")
    Decimal('100.00')
    """

    def __init__(self, chain: ConsortiumChain | None = None, *,
                 start: date | None = None) -> None:
        super().__init__()
        self._open(chain, default_members, start, "CurrencyBridge")
