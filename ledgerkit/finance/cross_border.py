"""Cross-border trade finance on a consortium chain (跨境贸易金融), after SAFE's platform.

The State Administration of Foreign Exchange (SAFE, 国家外汇管理局) opened its cross-border
financial blockchain service platform (跨境金融区块链服务平台) to pilots on 22 March 2019. Its
first scenario is export receivables financing (出口应收账款融资): an exporter that has shipped
goods asks a bank for a loan against what the foreign buyer owes. The core document is the
export customs declaration (出口报关单). Reports of the launch (CNStock, April 2019) say the
platform checks each declaration against customs data and "automatically calculates the
financing balance of the corresponding customs declaration to prevent double financing and
excess financing" (防止重复融资和超额融资). That is exactly the rule this contract enforces:

1. a bank finances only against a declaration that customs data put on the platform, and
   only for the exporter named on it;
2. what is financed and not yet repaid never exceeds the declaration's value;
3. while one bank has financing outstanding on a declaration, another bank's request is
   refused, naming the bank and the date of the first financing; nothing changes;
4. repayment (还款) releases the financed amount, so the declaration may back new financing.

The second contract, `RailBills`, is a shipping document as one digital record, after ICBC's
中欧e单通 (China–Europe rail, first shown in November 2019, version 2.0 in Chengdu on 1 April
2021): the carrier issues it to the shipper; the holder endorses it on (背书转让) or pledges it
to one bank at a time (质押); at arrival the holder takes delivery (提货). A rail waybill is
not a document of title (物权凭证) under the rail conventions: the platforms give a rail bill
that effect by agreement among the parties (*proposal* here, not the law). The UN Convention
on Negotiable Cargo Documents (adopted by the UN General Assembly on 15 December 2025, in
force after ten ratifications) would give such documents title effect in law.

Teaching simplifications: the course's chain has four bank validators so that PBFT survives
one fault (the real platform is run by SAFE); amounts are in the declaration's currency
(usually US dollars), to the cent; loans and interest are paid off the chain, the platform
records them; the documents themselves stay off the chain.

>>> desk = CrossBorderDesk(start=date(2025, 3, 3))
>>> desk.declare("DEC-1", exporter="exporter_a", value=Decimal("100000"), currency="USD",
...              by="customs_data")
>>> desk.finance("DEC-1", exporter="exporter_a", amount=Decimal("80000"), by="bank_a")
'F-1'
>>> desk.available("DEC-1")
Decimal('20000.00')
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from ledgerkit.consortium import ConsortiumChain, Member
from ledgerkit.contracts import Context, Contract, action
from ledgerkit.errors import InputError
from ledgerkit.finance.desk import Desk
from ledgerkit.finance.rates import FEN, as_decimal
from ledgerkit.i18n import Phrase, register_strings

REGULATOR = "safe"  # SAFE runs the platform and sees every financing (穿透式监管)
CUSTOMS = "customs_data"  # the customs data feed (海关数据): the only source of declarations
BANKS = ("bank_a", "bank_b", "bank_c", "bank_d")
EXPORTERS = ("exporter_a", "exporter_b")
BUYERS = ("buyer_eu",)  # the foreign buyer, who takes a rail bill by endorsement
CARRIER = "rail_carrier"  # the railway operator that issues rail bills (承运人)
CURRENCIES = ("USD", "EUR", "CNY", "HKD")

register_strings({
    "xb.amount": ("{what} must be a positive amount in whole cents; got {value}.",
                  "{what} 必须是以分为单位的正金额；实际为 {value}。"),
    "xb.currency": ("The currency must be one of {choices}; got {got!r}.",
                    "币种必须是 {choices} 之一；实际为 {got!r}。"),
    "xb.only_customs": ("Only the customs data feed {customs} puts declarations on the "
                        "platform; {who} called.",
                        "只有海关数据源 {customs} 才能把报关单写入平台；调用者为 {who}。"),
    "xb.declared": ("Customs declaration {number} is already on the platform.",
                    "报关单 {number} 已在平台上。"),
    "xb.not_exporter": ("{who} is not an exporter on this chain.", "{who} 不是本链上的出口企业。"),
    "xb.no_declaration": ("There is no customs declaration {number} on the platform: a bank "
                          "finances only against a declaration customs data confirmed.",
                          "平台上没有报关单 {number}：银行只能凭海关数据核验过的报关单融资。"),
    "xb.only_banks": ("Only a bank of the platform finances or is repaid; {who} is not one.",
                      "只有平台上的银行才能融资或登记还款；{who} 不是银行。"),
    "xb.wrong_exporter": ("Declaration {number} belongs to {owner}, not to {exporter}: a bank "
                          "finances only the exporter named on it.",
                          "报关单 {number} 属于 {owner}，不属于 {exporter}：银行只能为报关单上"
                          "的出口企业融资。"),
    "xb.double_financing": ("Declaration {number} is already financed by {bank} (since {day}): "
                            "one declaration is never financed by two banks at once (重复融资). "
                            "Wait until {bank} records the repayment.",
                            "报关单 {number} 已由 {bank} 融资（{day} 起）：同一报关单不能同时在"
                            "两家银行融资（重复融资）。请等 {bank} 登记还款后再办理。"),
    "xb.excess_financing": ("Declaration {number} is worth {value} {currency} and {financed} is "
                            "already financed: {amount} more would exceed it (超额融资). At most "
                            "{left} is left.",
                            "报关单 {number} 金额为 {value} {currency}，已融资 {financed}：再融资 "
                            "{amount} 将超过报关金额（超额融资）。最多还可融资 {left}。"),
    "xb.no_financing": ("There is no financing {financing}.", "不存在融资 {financing}。"),
    "xb.not_lender": ("Financing {financing} was granted by {bank}; only it records the "
                      "repayment, not {who}.",
                      "融资 {financing} 由 {bank} 发放；只有它能登记还款，{who} 不能。"),
    "xb.repaid": ("Financing {financing} is already repaid.", "融资 {financing} 已还款。"),
    "rail.exists": ("Rail bill {bill} already exists.", "铁路提单 {bill} 已存在。"),
    "rail.unknown": ("There is no rail bill {bill}.", "不存在铁路提单 {bill}。"),
    "rail.only_carrier": ("Only the carrier {carrier} may {step}; {who} called.",
                          "只有承运人 {carrier} 才能{step}；调用者为 {who}。"),
    "rail.not_member": ("{who} is not a member of this chain.", "{who} 不是本链成员。"),
    "rail.not_holder": ("Only the holder of rail bill {bill} ({holder}) may {step}; {who} "
                        "called.",
                        "只有铁路提单 {bill} 的持有人（{holder}）才能{step}；调用者为 {who}。"),
    "rail.pledged": ("Rail bill {bill} is pledged to {bank}: it cannot be endorsed, pledged "
                     "again or delivered until {bank} releases it.",
                     "铁路提单 {bill} 已质押给 {bank}：在 {bank} 解除质押之前，不能背书转让、"
                     "再次质押或提货。"),
    "rail.not_pledged": ("Rail bill {bill} is not pledged to {who}.",
                         "铁路提单 {bill} 没有质押给 {who}。"),
    "rail.self": ("{who} already holds rail bill {bill}.", "{who} 已经持有铁路提单 {bill}。"),
    "rail.not_arrived": ("The goods of rail bill {bill} have not arrived: delivery comes "
                         "after arrival.",
                         "铁路提单 {bill} 的货物尚未到站：到站后才能提货。"),
    "rail.arrived": ("The goods of rail bill {bill} have already arrived.",
                     "铁路提单 {bill} 的货物已经到站。"),
    "rail.delivered": ("Rail bill {bill} is spent: its goods were delivered to {holder}.",
                       "铁路提单 {bill} 已失效：货物已交付给 {holder}。"),
})
register_strings({f"rail.do.{step}": words for step, words in {
    "issue": ("issue a rail bill", "签发铁路提单"), "arrive": ("record arrival", "登记到站"),
    "endorse": ("endorse it", "背书转让"), "pledge": ("pledge it", "质押"),
    "deliver": ("take delivery", "提货")}.items()})


def to_cent(value: Decimal | int | str, what: str = "amount") -> Decimal:
    """A positive amount in a currency, exact to the cent (0.01); anything else is refused.

    >>> to_cent("1250.5")
    Decimal('1250.50')
    """
    amount = as_decimal(value, what)
    if not (amount.is_finite() and amount > 0 and amount == amount.quantize(FEN)):
        raise InputError("xb.amount", what=what, value=value)
    return amount.quantize(FEN)


@dataclass
class Declaration:
    """An export customs declaration (出口报关单) as customs data put it on the platform.

    >>> Declaration("D", "exporter_a", Decimal(5), "USD", date(2025, 3, 3)).financed
    Decimal('0.00')
    """

    number: str
    exporter: str
    value: Decimal
    currency: str
    declared: date
    financed: Decimal = Decimal("0.00")  # financed and not yet repaid
    bank: str = ""  # the bank with financing outstanding, "" when none
    since: date | None = None  # the day that bank's first outstanding financing was granted


@dataclass
class Financing:
    """One financing (融资) against a declaration: OPEN until the bank records repayment.

    >>> Financing("F-1", "D", "bank_a", "exporter_a", Decimal(5), date(2025, 3, 3)).status
    'OPEN'
    """

    id: str
    declaration: str
    bank: str
    exporter: str
    amount: Decimal
    granted: date
    status: str = "OPEN"
    repaid: date | None = None


class ExportFinancing(Contract):
    """SAFE's platform contract: customs declarations and the financing against them.

    >>> ExportFinancing().declarations
    {}
    """

    def __init__(self) -> None:
        self.declarations: dict[str, Declaration] = {}
        self.financings: dict[str, Financing] = {}

    def available(self, number: str) -> Decimal:
        """What declaration `number` can still back: its value less what is outstanding."""
        item = self.declarations[number]
        return item.value - item.financed

    @action(roles={"business"})
    def declare(self, ctx: Context, number: str, exporter: str, value: Decimal,
                currency: str) -> None:
        """报关单上链: the customs data feed records an export declaration."""
        self.require(ctx.sender.name == CUSTOMS, "xb.only_customs", customs=CUSTOMS,
                     who=ctx.sender.name)
        self.require(number not in self.declarations, "xb.declared", number=number)
        self.require(exporter in EXPORTERS, "xb.not_exporter", who=exporter)
        value = self._cents(value, "value")
        self.require(currency in CURRENCIES, "xb.currency", choices=", ".join(CURRENCIES),
                     got=currency)
        self.declarations[number] = Declaration(number, exporter, value, currency, ctx.today)
        ctx.emit("declared", number=number, exporter=exporter, value=value, currency=currency)

    @action(roles={"business"})
    def finance(self, ctx: Context, number: str, exporter: str, amount: Decimal) -> str:
        """融资: the calling bank lends `amount` to `exporter` against declaration `number`;
        returns the financing's id."""
        bank = ctx.sender.name
        self.require(bank in BANKS, "xb.only_banks", who=bank)
        self.require(number in self.declarations, "xb.no_declaration", number=number)
        item = self.declarations[number]
        self.require(exporter == item.exporter, "xb.wrong_exporter", number=number,
                     owner=item.exporter, exporter=exporter)
        self.require(item.bank in ("", bank), "xb.double_financing", number=number,
                     bank=item.bank, day=item.since)
        amount = self._cents(amount, "amount")
        self.require(item.financed + amount <= item.value, "xb.excess_financing",
                     number=number, value=item.value, currency=item.currency,
                     financed=item.financed, amount=amount, left=item.value - item.financed)
        financing_id = f"F-{len(self.financings) + 1}"
        self.financings[financing_id] = Financing(financing_id, number, bank, exporter, amount,
                                                  ctx.today)
        item.financed += amount
        item.bank, item.since = bank, item.since or ctx.today
        ctx.emit("financed", financing=financing_id, number=number, bank=bank,
                 exporter=exporter, amount=amount, currency=item.currency)
        return financing_id

    @action(roles={"business"})
    def repay(self, ctx: Context, financing_id: str) -> None:
        """还款: the lending bank records that the exporter repaid; the amount is released."""
        self.require(financing_id in self.financings, "xb.no_financing", financing=financing_id)
        loan = self.financings[financing_id]
        self.require(ctx.sender.name == loan.bank, "xb.not_lender", financing=financing_id,
                     bank=loan.bank, who=ctx.sender.name)
        self.require(loan.status == "OPEN", "xb.repaid", financing=financing_id)
        item = self.declarations[loan.declaration]
        loan.status, loan.repaid = "REPAID", ctx.today
        item.financed -= loan.amount
        if item.financed == 0:
            item.bank, item.since = "", None
        ctx.emit("repaid", financing=financing_id, number=item.number, bank=loan.bank,
                 amount=loan.amount)

    def _cents(self, value: object, what: str) -> Decimal:
        try:
            return to_cent(value, what)  # type: ignore[arg-type]
        except InputError as problem:
            self.refuse(problem.key, **problem.fields)


def default_members() -> list[Member]:
    """Four banks run the consensus nodes (PBFT survives one faulty node from n = 4). SAFE
    operates the platform and supervises (an observer node that reads everything); the
    customs data feed, the carrier, the exporters and the buyer hold no node: the banks must
    be able to check them.

    >>> [m.name for m in default_members()][:2]
    ['safe', 'bank_a']
    """
    return [Member(REGULATOR, node_kind="observer", roles={"regulator", "operator"}),
            *(Member(bank, node_kind="consensus", roles={"committee", "business"})
              for bank in BANKS),
            Member(CUSTOMS, roles={"business"}), Member(CARRIER, roles={"business"}),
            *(Member(name, roles={"business"}) for name in (*EXPORTERS, *BUYERS))]


class CrossBorderDesk(Desk, ExportFinancing):
    """The export financing platform on `chain`, or on a new chain of `default_members()`
    starting on `start`. Call actions with `by=member`.

    >>> CrossBorderDesk().chain.today
    datetime.date(2025, 1, 1)
    """

    def __init__(self, chain: ConsortiumChain | None = None, *,
                 start: date | None = None) -> None:
        super().__init__()
        self._open(chain, default_members, start, "ExportFinancing")


# --- 中欧e单通: a rail bill as one digital document ---------------------------------------------


@dataclass
class RailBill:
    """A rail bill of lading (铁路提单): ISSUED, then ARRIVED, then DELIVERED.

    >>> RailBill("RB-1", "exporter_a", "24 containers of machinery").holder
    'exporter_a'
    """

    id: str
    holder: str
    goods: str
    status: str = "ISSUED"
    pledged_to: str = ""
    endorsements: list[str] = field(default_factory=list)  # every later holder, in turn


class RailBills(Contract):
    """One digital rail bill per shipment: issue, endorse, pledge, release, arrive, deliver.

    >>> RailBills().bills
    {}
    """

    def __init__(self) -> None:
        self.bills: dict[str, RailBill] = {}

    @action(roles={"business"})
    def issue(self, ctx: Context, bill_id: str, shipper: str, goods: str) -> None:
        """签发: the carrier issues the bill to the shipper when it takes the goods."""
        self._carrier(ctx, "issue")
        self.require(bill_id not in self.bills, "rail.exists", bill=bill_id)
        self._member(ctx, shipper)
        self.bills[bill_id] = RailBill(bill_id, shipper, goods)
        ctx.emit("issued", bill=bill_id, shipper=shipper, goods=goods)

    @action(roles={"business"})
    def endorse(self, ctx: Context, bill_id: str, to: str) -> None:
        """背书转让: the holder passes the bill (and the right to the goods) to `to`."""
        bill = self._held(ctx, bill_id, "endorse")
        self._member(ctx, to)
        self.require(to != bill.holder, "rail.self", who=to, bill=bill_id)
        bill.holder = to
        bill.endorsements.append(to)
        ctx.emit("endorsed", bill=bill_id, to=to)

    @action(roles={"business"})
    def pledge(self, ctx: Context, bill_id: str, bank: str) -> None:
        """质押: the holder pledges the bill to one bank; it is frozen until released."""
        self._held(ctx, bill_id, "pledge")
        self.require(bank in BANKS, "xb.only_banks", who=bank)
        self.bills[bill_id].pledged_to = bank
        ctx.emit("pledged", bill=bill_id, bank=bank)

    @action(roles={"business"})
    def release(self, ctx: Context, bill_id: str) -> None:
        """解除质押: the pledgee bank releases the bill (the loan was repaid)."""
        self.require(bill_id in self.bills, "rail.unknown", bill=bill_id)
        bill = self.bills[bill_id]
        self.require(bill.pledged_to == ctx.sender.name, "rail.not_pledged", bill=bill_id,
                     who=ctx.sender.name)
        bill.pledged_to = ""
        ctx.emit("released", bill=bill_id, bank=ctx.sender.name)

    @action(roles={"business"})
    def arrive(self, ctx: Context, bill_id: str) -> None:
        """到站: the carrier records that the goods reached the destination station."""
        self._carrier(ctx, "arrive")
        self.require(bill_id in self.bills, "rail.unknown", bill=bill_id)
        bill = self.bills[bill_id]
        self.require(bill.status == "ISSUED", "rail.arrived", bill=bill_id)
        bill.status = "ARRIVED"
        ctx.emit("arrived", bill=bill_id)

    @action(roles={"business"})
    def take_delivery(self, ctx: Context, bill_id: str) -> None:
        """提货: the holder at arrival takes the goods; the bill is spent."""
        bill = self._held(ctx, bill_id, "deliver")
        self.require(bill.status == "ARRIVED", "rail.not_arrived", bill=bill_id)
        bill.status = "DELIVERED"
        ctx.emit("delivered", bill=bill_id, to=bill.holder)

    def _carrier(self, ctx: Context, step: str) -> None:
        self.require(ctx.sender.name == CARRIER, "rail.only_carrier", carrier=CARRIER,
                     step=Phrase(f"rail.do.{step}"), who=ctx.sender.name)

    def _member(self, ctx: Context, who: str) -> None:
        self.require(ctx.chain is None or who in ctx.chain.members, "rail.not_member", who=who)

    def _held(self, ctx: Context, bill_id: str, step: str) -> RailBill:
        self.require(bill_id in self.bills, "rail.unknown", bill=bill_id)
        bill = self.bills[bill_id]
        self.require(bill.status != "DELIVERED", "rail.delivered", bill=bill_id,
                     holder=bill.holder)
        self.require(ctx.sender.name == bill.holder, "rail.not_holder", bill=bill_id,
                     holder=bill.holder, step=Phrase(f"rail.do.{step}"), who=ctx.sender.name)
        self.require(not bill.pledged_to, "rail.pledged", bill=bill_id, bank=bill.pledged_to)
        return bill


class RailBillDesk(Desk, RailBills):
    """The rail bill platform (中欧e单通 style) on `chain`, or on a new chain of
    `default_members()` starting on `start`.

    >>> desk = RailBillDesk()
    >>> desk.issue("RB-1", shipper="exporter_a", goods="machinery", by="rail_carrier")
    >>> desk.bills["RB-1"].holder
    'exporter_a'
    """

    def __init__(self, chain: ConsortiumChain | None = None, *,
                 start: date | None = None) -> None:
        super().__init__()
        self._open(chain, default_members, start, "RailBills")
