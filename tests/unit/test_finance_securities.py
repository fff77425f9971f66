"""ledgerkit.finance.securities: securities settlement on a shared ledger (证券结算).

Delivery versus payment: both legs of a trade move in one call or nothing moves; a chain's
T+0 needs prefunding; A-shares bought on T cannot be sold on T; multilateral netting through
the depository as central counterparty. Worked examples to the fen; every refusal names its
rule and leaves the chain byte-identical.
"""

from datetime import date
from decimal import Decimal

import pytest
from refusals import refused

from ledgerkit.design import MISTAKE, ChainDesign
from ledgerkit.finance.securities import (
    REGULATOR,
    SettlementDesk,
    default_members,
    net_positions,
    replacement_cost,
    settlement_date,
    transfers,
)
from ledgerkit.i18n import set_language

MONDAY = date(2025, 3, 3)
TUESDAY = date(2025, 3, 4)
STOCK = "600000"
# The notebook's day of trades (T = Monday 3 March 2025), all T+1:
DAY = [("T-1", "broker_a", "broker_b", 7_000, "10.50"),
       ("T-2", "broker_b", "broker_c", 6_000, "10.60"),
       ("T-3", "broker_c", "broker_a", 8_000, "10.40"),
       ("T-4", "broker_a", "broker_c", 3_000, "10.55")]


def market(cash: int = 200_000) -> SettlementDesk:
    """Three brokers, each with 10,000 shares of STOCK and `cash` yuan."""
    desk = SettlementDesk(start=MONDAY)
    for broker in ("broker_a", "broker_b", "broker_c"):
        desk.register_holding(broker, STOCK, 10_000, by="csd")
        if cash:
            desk.deposit(Decimal(cash), by=broker)
    return desk


def trade_day(desk: SettlementDesk) -> None:
    for trade_id, seller, buyer, quantity, price in DAY:
        desk.record_trade(trade_id, seller=seller, buyer=buyer, security=STOCK,
                          quantity=quantity, price=Decimal(price), cycle=1, by="exchange")


def conserved(desk: SettlementDesk) -> bool:
    shares = sum(book.get(STOCK, 0) for book in desk.holdings.values())
    return sum(desk.cash.values()) == desk.deposited and shares == 30_000


@pytest.fixture(autouse=True)
def english():
    set_language("en")
    yield
    set_language("en")


def test_the_default_chain_is_a_sound_design():
    design = ChainDesign("securities", default_members(), consensus="pbft")
    assert [f for f in design.check() if f.severity == MISTAKE] == []
    assert REGULATOR in SettlementDesk().chain.members


def test_settlement_dates_count_business_days():
    assert settlement_date(MONDAY, 0) == MONDAY
    assert settlement_date(MONDAY, 1) == TUESDAY
    assert settlement_date(date(2025, 3, 6), 2) == date(2025, 3, 10)  # Thursday T+2: Monday


# --- DvP, trade by trade -------------------------------------------------------------------
def test_a_trade_settles_both_legs_on_its_date():
    desk = market()
    assert desk.record_trade("T-1", seller="broker_a", buyer="broker_b", security=STOCK,
                             quantity=10_000, price=Decimal("10.50"), by="exchange") == TUESDAY
    refused(desk, "sec.not_due", desk.settle, "T-1", by="csd")
    desk.advance_to(TUESDAY)
    desk.settle("T-1", by="csd")
    assert desk.holding("broker_b", STOCK) == 20_000 and desk.holding("broker_a", STOCK) == 0
    assert desk.balance("broker_a") == Decimal("305000.00")
    assert desk.balance("broker_b") == Decimal("95000.00")
    refused(desk, "sec.settled", desk.settle, "T-1", by="csd")
    assert conserved(desk) and desk.chain.validate()


def test_dvp_nothing_moves_when_the_buyer_is_short_of_cash():
    desk = market(cash=100_000)
    desk.record_trade("T-1", seller="broker_a", buyer="broker_b", security=STOCK,
                      quantity=10_000, price=Decimal("10.50"), by="exchange")
    desk.advance_to(TUESDAY)
    problem = refused(desk, "sec.leg_short", desk.settle, "T-1", by="csd")
    assert "broker_b" in str(problem) and "105000.00" in str(problem)
    desk.deposit(Decimal(5_000), by="broker_b")
    desk.settle("T-1", by="csd")  # once the cash is there, both legs move
    assert desk.balance("broker_b") == 0 and conserved(desk)


def test_dvp_nothing_moves_when_the_seller_no_longer_has_the_shares():
    desk = market()
    desk.record_trade("T-1", seller="broker_a", buyer="broker_b", security=STOCK,
                      quantity=10_000, price=Decimal("10.50"), by="exchange")
    # the depository corrects the register (e.g. a court freeze moved the shares away)
    desk.holdings["broker_a"][STOCK] = 4_000  # direct edit: only to set up the test
    desk.advance_to(TUESDAY)
    problem = refused(desk, "sec.leg_short", desk.settle, "T-1", by="csd")
    assert "broker_a" in str(problem) and "shares" in str(problem)


# --- T+0 on the chain, and the A-share T+1 trading rule --------------------------------------
def test_t0_settles_at_once_when_prefunded_and_records_nothing_otherwise():
    desk = market(cash=50_000)
    problem = refused(desk, "sec.prefund", desk.record_trade, "T-0", seller="broker_a",
                      buyer="broker_b", security=STOCK, quantity=10_000,
                      price=Decimal("10.50"), cycle=0, by="exchange")
    assert "broker_b" in str(problem)
    assert desk.record_trade("T-0", seller="broker_a", buyer="broker_b", security=STOCK,
                             quantity=4_000, price=Decimal("10.50"), cycle=0,
                             by="exchange") == MONDAY
    assert desk.trades["T-0"].settled == MONDAY and desk.holding("broker_b", STOCK) == 14_000
    assert desk.balance("broker_b") == Decimal("8000.00") and conserved(desk)


def test_a_shares_bought_today_cannot_be_sold_today():
    desk = market()
    desk.record_trade("T-0", seller="broker_a", buyer="broker_b", security=STOCK,
                      quantity=4_000, price=Decimal("10.50"), cycle=0, by="exchange")
    problem = refused(desk, "sec.short_shares", desk.record_trade, "T-9", seller="broker_b",
                      buyer="broker_c", security=STOCK, quantity=10_001,
                      price=Decimal("10.60"), by="exchange")
    assert "10000" in str(problem) and "4000" in str(problem)
    desk.record_trade("T-9", seller="broker_b", buyer="broker_c", security=STOCK,
                      quantity=10_000, price=Decimal("10.60"), by="exchange")  # old shares
    desk.advance_to(TUESDAY)
    desk.record_trade("T-10", seller="broker_b", buyer="broker_c", security=STOCK,
                      quantity=4_000, price=Decimal("10.60"), by="exchange")  # next day: fine


def test_shares_sold_and_awaiting_settlement_cannot_be_sold_again():
    desk = market()
    desk.record_trade("T-1", seller="broker_a", buyer="broker_b", security=STOCK,
                      quantity=7_000, price=Decimal("10.50"), by="exchange")
    refused(desk, "sec.short_shares", desk.record_trade, "T-2", seller="broker_a",
            buyer="broker_c", security=STOCK, quantity=3_001, price=Decimal("10.50"),
            by="exchange")


# --- netting ---------------------------------------------------------------------------------
def test_the_notebooks_day_of_trades_netted_to_the_fen():
    desk = market()
    trade_day(desk)
    assert transfers(desk.pending(), netted=False) == (8, Decimal("251950.00"))
    assert transfers(desk.pending(), netted=True) == (6, Decimal("21950.00"))
    positions = net_positions(desk.pending())
    assert positions == {
        "broker_a": {"cash": Decimal("21950.00"), STOCK: -2_000},
        "broker_b": {"cash": Decimal("-9900.00"), STOCK: 1_000},
        "broker_c": {"cash": Decimal("-12050.00"), STOCK: 1_000}}
    desk.advance_to(TUESDAY)
    assert desk.settle_netted(by="csd") == positions
    assert desk.balance("broker_a") == Decimal("221950.00")
    assert desk.holding("broker_b", STOCK) == 11_000 and desk.pending() == []
    assert conserved(desk) and desk.chain.validate()


def test_netting_needs_only_the_net_cash_and_moves_nothing_when_a_payer_is_short():
    desk = market(cash=15_000)  # gross, broker_b would need 73,500; net it owes 9,900
    trade_day(desk)
    desk.advance_to(TUESDAY)
    refused(desk, "sec.leg_short", desk.settle, "T-1", by="csd")  # gross: not enough
    desk.settle_netted(by="csd")
    assert desk.balance("broker_b") == Decimal("5100.00") and conserved(desk)
    short = market(cash=12_000)  # broker_c cannot pay its 12,050
    trade_day(short)
    short.advance_to(TUESDAY)
    problem = refused(short, "sec.leg_short", short.settle_netted, by="csd")
    assert "broker_c" in str(problem) and "12050.00" in str(problem)


def test_netting_needs_trades_due():
    desk = market()
    trade_day(desk)
    refused(desk, "sec.net_empty", desk.settle_netted, by="csd")  # due tomorrow


# --- exposure over the cycle -------------------------------------------------------------------
def test_replacement_cost_is_the_exposure_of_the_side_that_loses():
    assert replacement_cost(100_000, Decimal("10.00"), Decimal("10.30"), "buyer") == Decimal(
        "30000.00")
    assert replacement_cost(100_000, Decimal("10.00"), Decimal("9.70"), "seller") == Decimal(
        "30000.00")
    assert replacement_cost(100_000, Decimal("10.00"), Decimal("9.70"), "buyer") == 0


# --- who may do what -------------------------------------------------------------------------
def test_only_the_exchange_records_and_only_the_depository_settles():
    desk = market()
    refused(desk, "sec.only", desk.record_trade, "T-1", seller="broker_a", buyer="broker_b",
            security=STOCK, quantity=1, price=Decimal(10), by="broker_a")
    desk.record_trade("T-1", seller="broker_a", buyer="broker_b", security=STOCK, quantity=1,
                      price=Decimal(10), by="exchange")
    refused(desk, "sec.trade_exists", desk.record_trade, "T-1", seller="broker_a",
            buyer="broker_b", security=STOCK, quantity=1, price=Decimal(10), by="exchange")
    refused(desk, "sec.no_trade", desk.settle, "T-7", by="csd")


def test_trades_are_checked_before_they_are_recorded():
    desk = market()
    for rule, kwargs in (
            ("sec.same_party", {"seller": "broker_a", "buyer": "broker_a"}),
            ("sec.not_member", {"seller": "broker_a", "buyer": "stranger"}),
            ("sec.quantity", {"quantity": 0}),
            ("sec.quantity", {"quantity": "100"}),
            ("sec.amount", {"price": Decimal("10.001")}),
            ("sec.cycle", {"cycle": 4})):
        args = {"seller": "broker_a", "buyer": "broker_b", "security": STOCK, "quantity": 100,
                "price": Decimal("10.00"), "cycle": 1, **kwargs}
        refused(desk, rule, desk.record_trade, "T-1", by="exchange", **args)


def test_messages_come_in_chinese():
    desk = market(cash=0)
    set_language("zh")
    problem = refused(desk, "sec.prefund", desk.record_trade, "T-0", seller="broker_a",
                      buyer="broker_b", security=STOCK, quantity=100, price=Decimal(10),
                      cycle=0, by="exchange")
    assert "预存券款" in str(problem)
