"""Invariants of securities settlement (证券结算), checked with hypothesis.

The exchange records random trades between three brokers (T+0, T+1 or T+2), the depository
settles them trade by trade or netted, and the clock moves on. Whatever happens:
1. shares and cash are conserved;
2. no broker ever holds negative shares or cash (DvP: no leg moves without the other);
3. what a broker has sold and not yet settled never exceeds what it holds;
4. netting settles every due trade at once, or none;
5. a refused call changes nothing (state bytes identical).
"""

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from ledgerkit.contracts import ContractError
from ledgerkit.finance.securities import SettlementDesk

BROKERS = ["broker_a", "broker_b", "broker_c"]
STOCKS = ["600000", "000001"]

STEP = st.tuples(
    st.sampled_from(["trade", "trade", "trade", "settle", "net", "time"]),
    st.sampled_from(BROKERS), st.sampled_from(BROKERS),  # seller, buyer
    st.sampled_from(STOCKS),
    st.integers(1, 12_000),  # quantity
    st.integers(900, 1_200),  # price in fen... ×0.01
    st.sampled_from([0, 1, 1, 2]),  # cycle
    st.integers(0, 9),  # which trade / days
)


def attempt(desk: SettlementDesk, step: tuple) -> None:
    kind, seller, buyer, stock, quantity, cents, cycle, index = step
    pending = desk.pending()
    calls = {
        "trade": lambda: desk.record_trade(f"T-{len(desk.trades)}", seller=seller, buyer=buyer,
                                           security=stock, quantity=quantity,
                                           price=Decimal(cents) / 100, cycle=cycle,
                                           by="exchange"),
        "settle": lambda: desk.settle(pending[index % len(pending)].id if pending else "T-x",
                                      by="csd"),
        "net": lambda: desk.settle_netted(by="csd"),
        "time": lambda: desk.advance_to(desk.chain.today + timedelta(days=index % 4)),
    }
    before = desk.chain.state_bytes()
    due_before = [t.id for t in desk.pending(desk.chain.today)]
    try:
        calls[kind]()
    except ContractError:
        assert desk.chain.state_bytes() == before  # 5
        return
    if kind == "net":  # 4
        assert all(desk.trades[i].settled == desk.chain.today for i in due_before)


@settings(max_examples=60, deadline=None)
@given(st.lists(STEP, max_size=30))
def test_settlement_keeps_its_invariants(steps):
    desk = SettlementDesk(start=date(2025, 3, 3))
    for broker in BROKERS:
        desk.deposit(Decimal(150_000), by=broker)
        for stock in STOCKS:
            desk.register_holding(broker, stock, 10_000, by="csd")
    for step in steps:
        attempt(desk, step)
        assert sum(desk.cash.values()) == desk.deposited  # 1
        for stock in STOCKS:
            assert sum(desk.holding(b, stock) for b in BROKERS) == 30_000  # 1
        for broker in BROKERS:
            assert desk.balance(broker) >= 0  # 2
            for stock in STOCKS:
                held = desk.holding(broker, stock)
                sold = sum(t.quantity for t in desk.pending()
                           if t.seller == broker and t.security == stock)
                assert 0 <= sold <= held  # 2, 3
