"""Invariants of cross-border trade finance and payments, checked with hypothesis.

Random banks finance and repay against random declarations; random banks pay and swap on the
currency bridge; random routes carry random amounts. Whatever happens:
1. what is financed and not repaid never exceeds a declaration's value, and equals the sum of
   its open financings;
2. a declaration never has open financing from two banks;
3. on the bridge, every currency's balances add up to what its central bank issued, no
   balance is ever negative, and a swap either moved both legs or none;
4. a refused call changes nothing (state bytes identical);
5. a route never creates money or time: each hop passes on at most what reached it, later.
"""

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from ledgerkit.contracts import ContractError
from ledgerkit.finance import payments_bridge as pb
from ledgerkit.finance.cross_border import BANKS, EXPORTERS, CrossBorderDesk

AMOUNTS = st.one_of(st.sampled_from([Decimal("100.00"), Decimal("2500.50"), Decimal("40000")]),
                    st.decimals(min_value=Decimal("0.01"), max_value=Decimal("200000"), places=2))

# Mostly two banks and one exporter, so that two banks meet on one declaration.
FINANCE_STEP = st.tuples(st.sampled_from(["declare", "finance", "finance", "repay"]),
                         st.sampled_from([*BANKS[:2], *BANKS, "exporter_a"]),
                         st.integers(0, 2), st.sampled_from([EXPORTERS[0], *EXPORTERS]),
                         AMOUNTS)


@settings(max_examples=80, deadline=None)
@given(st.lists(FINANCE_STEP, max_size=25))
def test_financing_never_exceeds_a_declaration_nor_spans_two_banks(steps):
    desk = CrossBorderDesk()
    for kind, who, index, exporter, amount in steps:
        before = desk.chain.state_bytes()
        try:
            if kind == "declare":
                desk.declare(f"DEC-{index}", exporter=exporter, value=amount, currency="USD",
                             by="customs_data")
            elif kind == "finance":
                desk.finance(f"DEC-{index}", exporter=exporter, amount=amount, by=who)
            else:
                loans = list(desk.financings)
                desk.repay(loans[index % len(loans)] if loans else "F-1", by=who)
        except ContractError:
            assert desk.chain.state_bytes() == before
        for number, item in desk.declarations.items():
            open_loans = [f for f in desk.financings.values()
                          if f.declaration == number and f.status == "OPEN"]
            assert Decimal(0) <= item.financed <= item.value
            assert item.financed == sum((f.amount for f in open_loans), Decimal("0.00"))
            assert {f.bank for f in open_loans} <= {item.bank} and (item.bank == "") == (
                not open_loans)


PEOPLE = ["bank_cn", "bank_hk", "bank_th", "bank_ae"]
BRIDGE_STEP = st.tuples(st.sampled_from(["issue", "pay", "propose", "settle", "cancel"]),
                        st.sampled_from(PEOPLE), st.sampled_from(PEOPLE),
                        st.sampled_from(list(pb.ISSUERS)), st.sampled_from(list(pb.ISSUERS)),
                        AMOUNTS, AMOUNTS, st.integers(0, 5))


@settings(max_examples=80, deadline=None)
@given(st.lists(BRIDGE_STEP, max_size=25))
def test_the_bridge_conserves_every_currency_and_swaps_are_all_or_nothing(steps):
    desk = pb.BridgeDesk()
    for kind, who, other, cur1, cur2, amount1, amount2, index in steps:
        before = desk.chain.state_bytes()
        swaps = list(desk.swaps)
        swap = swaps[index % len(swaps)] if swaps else "S-1"
        holdings = {(p, c): desk.balance(p, c) for p in PEOPLE for c in pb.ISSUERS}
        try:
            if kind == "issue":
                desk.issue(who, cur1, amount1, by=pb.ISSUERS[cur1])
            elif kind == "pay":
                desk.pay(other, cur1, amount1, by=who)
            elif kind == "propose":
                desk.propose_swap(other, cur1, amount1, cur2, amount2, by=who)
            elif kind == "settle":
                desk.settle_swap(swap, by=desk.swaps[swap].counterparty if swaps else who)
                s = desk.swaps[swap]
                assert desk.balance(s.proposer, s.give_currency) == (
                    holdings[s.proposer, s.give_currency] - s.give_amount)
                assert desk.balance(s.proposer, s.get_currency) == (
                    holdings[s.proposer, s.get_currency] + s.get_amount)
            else:
                desk.cancel_swap(swap, by=who)
        except ContractError:
            assert desk.chain.state_bytes() == before
        assert all(v >= 0 for account in desk.balances.values() for v in account.values())
        for currency in pb.ISSUERS:
            total = sum((desk.balance(p, currency) for p in desk.balances), Decimal("0.00"))
            assert total == desk.issued.get(currency, Decimal("0.00"))


HOP = st.builds(pb.Hop, bank=st.just("b"),
                fee=st.decimals(min_value=Decimal("0.01"), max_value=Decimal("50"), places=2),
                minutes=st.integers(1, 240), opens=st.integers(0, 12 * 60),
                cutoff=st.integers(13 * 60, 24 * 60), utc_offset=st.integers(-10, 10).map(
                    lambda h: h * 60))


@settings(max_examples=100, deadline=None)
@given(st.decimals(min_value=Decimal("1000"), max_value=Decimal("10000000"), places=2),
       st.lists(HOP, min_size=1, max_size=6), st.integers(0, 3 * pb.DAY))
def test_a_route_takes_fees_and_time_but_never_adds_them(amount, hops, sent):
    legs = pb.route(amount, "USD", hops, sent=sent)
    previous_out, previous_done = amount, sent
    for leg in legs:
        assert leg.amount_in == previous_out and leg.amount_out == leg.amount_in - leg.fee
        assert leg.arrived == previous_done and leg.done > leg.arrived
        assert 0 <= leg.waited < pb.DAY
        previous_out, previous_done = leg.amount_out, leg.done
