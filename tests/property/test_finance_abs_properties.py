"""Invariants of the ABS waterfall (资产证券化现金流分配), checked with hypothesis.

1. The waterfall pays out exactly the cash it is given: nothing is created or lost.
2. Seniors are paid before juniors: no junior gets interest while a senior's is short, no
   tranche gets principal while any interest is short or a senior is outstanding, and excess
   appears only when every tranche is retired.
3. On the chain, over many periods, each tranche's principal paid + outstanding stays its
   issued size, the payouts add up to the collections, and every refused call changes nothing.
"""

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from ledgerkit.contracts import ContractError
from ledgerkit.finance.abs import EXAMPLE_STRUCTURE, HOLDERS, ABSDeal, Tranche, tranches_by_share
from ledgerkit.finance.abs import waterfall as pay_out

fen = st.integers(min_value=0, max_value=10**10).map(lambda n: Decimal(n) / 100)
rate = st.integers(min_value=0, max_value=2000).map(lambda n: Decimal(n) / 10000)


@st.composite
def tranche_lists(draw) -> list[Tranche]:
    count = draw(st.integers(min_value=1, max_value=4))
    return [Tranche(f"T{i}", f"h{i}", Decimal(0), draw(rate), draw(fen), draw(fen))
            for i in range(count)]


@settings(deadline=None, max_examples=300)
@given(tranches=tranche_lists(), cash=fen, days=st.integers(min_value=0, max_value=800))
def test_the_waterfall_pays_exactly_the_cash_seniors_first(tranches, cash, days):
    payments = pay_out(cash, tranches, days)
    assert sum(p.total for p in payments) == cash
    for i, (tranche, paid) in enumerate(zip(tranches, payments, strict=True)):
        assert 0 <= paid.interest <= paid.owed and 0 <= paid.principal <= tranche.outstanding
        assert paid.excess >= 0 and (paid.excess == 0 or i == len(tranches) - 1)
        seniors = list(zip(tranches[:i], payments[:i], strict=True))
        if paid.interest > 0:
            assert all(p.interest == p.owed for _, p in seniors)
        if paid.principal > 0:
            assert all(p.interest == p.owed for p in payments)
            assert all(p.principal == t.outstanding for t, p in seniors)
        if paid.excess > 0:
            assert all(p.principal == t.outstanding for t, p in zip(tranches, payments,
                                                                     strict=True))


actions = st.lists(st.one_of(
    st.tuples(st.just("collect"), st.integers(0, 3), fen.filter(lambda x: x > 0),
              st.sampled_from(["changan", "tianfeng"])),
    st.tuples(st.just("distribute"), st.sampled_from(["tianfeng", "changan", "fund_a"])),
    st.tuples(st.just("advance"), st.integers(min_value=0, max_value=400)),
), max_size=12)


@settings(deadline=None, max_examples=25)
@given(steps=actions)
def test_on_chain_payouts_conserve_value_and_refusals_change_nothing(steps):
    deal = ABSDeal()
    for n in range(4):
        deal.add_loan(f"L{n}", f"b{n}", Decimal("25000000"), Decimal("0.08"),
                      deal.chain.today.replace(year=2030), by="changan")
    deal.issue(tranches_by_share(deal.pool_principal(), EXAMPLE_STRUCTURE, HOLDERS),
               by="tianfeng")
    issued = {t.name: t.principal for t in deal.tranches()}
    collected = Decimal(0)
    for step in steps:
        before = deal.state_bytes()
        try:
            if step[0] == "collect":
                deal.collect(f"L{step[1]}", step[2], by=step[3])
                collected += step[2]
            elif step[0] == "distribute":
                deal.distribute(by=step[1])
            else:
                deal.advance(step[1])
        except ContractError:
            assert deal.state_bytes() == before
    paid = {name: Decimal(0) for name in issued}
    for event in deal.chain.events(name="paid"):
        paid[event["tranche"]] += event["interest"] + event["principal"] + event["excess"]
    assert sum(paid.values()) + deal.contract.cash == collected
    principal = {name: Decimal(0) for name in issued}
    for event in deal.chain.events(name="paid"):
        principal[event["tranche"]] += event["principal"]
    for tranche in deal.tranches():
        assert principal[tranche.name] + tranche.outstanding == issued[tranche.name]
    assert deal.chain.validate()
