"""Invariants of the AML graph analytics (反洗钱资金链分析), checked with hypothesis.

For random networks of transfers:
1. money is conserved in the graph: edge totals add up to the transfers, out of and into
   every account;
2. a path never carries more than any of its transfers, and every traced account is
   reachable within the hop limit;
3. splitting a day's cash into pieces never avoids the large-value report;
4. adding transfers never lowers an account's alert score (the patterns only accumulate);
5. the order of the transfers changes nothing.
"""

from datetime import date, timedelta
from decimal import Decimal

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from ledgerkit.finance.aml import (
    Transfer,
    large_value_reports,
    paths,
    score,
    trace,
    transfer_graph,
)

ACCOUNTS = [f"acct_{i}" for i in range(6)]
AMOUNTS = st.sampled_from(["100.00", "9000.00", "44000.00", "46000.00", "49999.99", "50000.00",
                           "120000.00"]).map(Decimal)


@st.composite
def transfers(draw, min_size=0):
    rows = draw(st.lists(st.tuples(st.sampled_from(ACCOUNTS), st.integers(1, 5),
                                   AMOUNTS, st.integers(0, 12), st.booleans()),
                         min_size=min_size, max_size=25))
    return [Transfer(a, ACCOUNTS[(ACCOUNTS.index(a) + step) % 6], amount,
                     date(2025, 6, 1) + timedelta(days=d), cash)
            for a, step, amount, d, cash in rows]


@settings(max_examples=80, deadline=None)
@given(transfers())
def test_money_is_conserved_in_the_graph(flows):
    graph = transfer_graph(flows)
    for account in graph:
        sent = sum((t.amount for t in flows if t.payer == account), Decimal(0))
        got = sum((t.amount for t in flows if t.payee == account), Decimal(0))
        assert sum((d["amount"] for _, _, d in graph.out_edges(account, data=True)),
                   Decimal(0)) == sent
        assert sum((d["amount"] for _, _, d in graph.in_edges(account, data=True)),
                   Decimal(0)) == got


@settings(max_examples=60, deadline=None)
@given(transfers(min_size=1), st.integers(1, 4))
def test_paths_and_traces_respect_hops_and_amounts(flows, hops):
    graph = transfer_graph(flows)
    source = flows[0].payer
    reached = trace(graph, source, max_hops=hops)
    for account, n in reached.items():
        assert n <= hops and nx.shortest_path_length(graph, source, account) == n
    for target in reached:
        if target == source:
            continue
        for path, carried in paths(graph, source, target, max_hops=hops):
            assert len(path) - 1 <= hops
            assert all(carried <= graph[u][v]["amount"] for u, v in zip(path, path[1:],
                                                                        strict=False))


@settings(max_examples=80, deadline=None)
@given(st.lists(st.integers(1, 5_000_000), min_size=1, max_size=8))
def test_splitting_cash_within_a_day_never_avoids_the_report(pieces):
    day = date(2025, 6, 2)
    split = [Transfer("li", "acct", Decimal(p) / 100, day, cash=True) for p in pieces]
    whole = Transfer("li", "acct", sum(t.amount for t in split), day, cash=True)
    assert large_value_reports(split) == large_value_reports([whole])


@settings(max_examples=40, deadline=None)
@given(transfers(), transfers())
def test_more_transfers_never_lower_a_score(flows, more):
    before = {a.account: a.score for a in score(flows)}
    after = {a.account: a.score for a in score(flows + more)}
    assert all(after.get(account, 0) >= points for account, points in before.items())


@settings(max_examples=40, deadline=None)
@given(transfers(), st.randoms(use_true_random=False))
def test_the_order_of_transfers_changes_nothing(flows, rng):
    shuffled = list(flows)
    rng.shuffle(shuffled)
    assert score(shuffled) == score(flows)
    assert large_value_reports(shuffled) == large_value_reports(flows)
