"""ledgerkit.finance.aml: anti-money-laundering as graph analytics (反洗钱资金链分析).

A worked network: a source pushes money through two layers, part of it comes back (a round
trip), a hub gathers amounts just under the 50,000-yuan cash threshold from several people
(fan-in), and an honest payroll sits beside it. The tests check every pattern to the fen.
"""

from datetime import date
from decimal import Decimal

import pytest

from ledgerkit.errors import InputError
from ledgerkit.finance.aml import (
    CASH_REPORT_THRESHOLD,
    Transfer,
    fan_in,
    fan_out,
    just_under,
    large_value_reports,
    paths,
    round_trips,
    score,
    trace,
    transfer_graph,
)
from ledgerkit.i18n import set_language

D = Decimal
DAY = date(2025, 6, 2)


def day(n: int) -> date:
    return date(2025, 6, n)


NETWORK = [
    Transfer("source", "shell_1", D("300000.00"), day(2)),
    Transfer("shell_1", "shell_2", D("180000.00"), day(3)),
    Transfer("shell_1", "shell_3", D("110000.00"), day(3)),
    Transfer("shell_2", "trader", D("175000.00"), day(4)),
    Transfer("shell_3", "trader", D("105000.00"), day(5)),
    Transfer("trader", "source", D("250000.00"), day(6)),  # back home: a round trip
    *(Transfer(f"mule_{i}", "hub", D("49500.00") - i * 300, day(2 + i), cash=True)
      for i in range(4)),  # four people deposit just under 50,000 into one account
    Transfer("employer", "worker", D("8000.00"), day(5)),
]


def test_the_graph_adds_up_every_transfer():
    graph = transfer_graph(NETWORK + [Transfer("employer", "worker", D("8000.00"), day(6))])
    assert graph["employer"]["worker"]["amount"] == D("16000.00")
    assert graph["employer"]["worker"]["count"] == 2
    total = sum(data["amount"] for _, _, data in graph.edges(data=True))
    assert total == sum(t.amount for t in NETWORK) + D("8000.00")


def test_trace_finds_the_layers_by_hop_count():
    graph = transfer_graph(NETWORK)
    assert trace(graph, "source", max_hops=2) == {"source": 0, "shell_1": 1, "shell_2": 2,
                                                  "shell_3": 2}
    assert trace(graph, "source", max_hops=3)["trader"] == 3
    assert "hub" not in trace(graph, "source", max_hops=10)


def test_paths_carry_at_most_their_smallest_edge():
    graph = transfer_graph(NETWORK)
    assert paths(graph, "source", "trader", max_hops=3) == [
        (["source", "shell_1", "shell_2", "trader"], D("175000.00")),
        (["source", "shell_1", "shell_3", "trader"], D("105000.00")),
    ]
    assert paths(graph, "source", "trader", max_hops=2) == []


def test_the_round_trip_is_found_once():
    assert round_trips(transfer_graph(NETWORK)) == [
        ["shell_1", "shell_2", "trader", "source"], ["shell_1", "shell_3", "trader", "source"]]
    assert round_trips(transfer_graph(NETWORK), max_length=3) == []


def test_fan_in_finds_the_hub_and_not_the_payroll():
    assert fan_in(NETWORK) == {"hub": 4}
    assert fan_in(NETWORK, window_days=2) == {}  # only two deposits in any 2 days
    assert fan_out(NETWORK) == {}


def test_just_under_is_the_band_below_the_threshold():
    assert CASH_REPORT_THRESHOLD == D("50000.00")
    assert just_under(D("45000.00")) and just_under(D("49999.99"))
    assert not just_under(D("44999.99")) and not just_under(D("50000.00"))


def test_cash_of_50000_in_a_day_is_reported_even_when_split():
    same_day = [Transfer("li", "acct", D("30000.00"), DAY, cash=True),
                Transfer("li", "acct", D("20000.00"), DAY, cash=True),
                Transfer("li", "acct", D("49999.99"), day(3), cash=True),
                Transfer("li", "acct", D("90000.00"), day(4))]  # a transfer, not cash
    assert large_value_reports(same_day) == [("li", DAY, D("50000.00"))]


def test_the_mules_avoid_the_large_value_report_but_not_the_score():
    assert large_value_reports(NETWORK) == []
    alerts = {alert.account: alert for alert in score(NETWORK)}
    assert alerts["hub"].score == 2
    assert "structuring" in alerts["hub"].reasons[0][0]


def test_the_score_explains_every_point():
    alerts = score(NETWORK, flagged=("source",), max_hops=2)
    table = [(a.account, a.score) for a in alerts]
    # source, shell_1 and trader are on both cycles (3 + 3); the shells on one; near the
    # flagged source within 2 hops: shell_1, shell_2, shell_3 (+1 each)
    assert table == [("shell_1", 7), ("source", 6), ("trader", 6), ("shell_2", 4),
                     ("shell_3", 4), ("hub", 2)]
    for alert in alerts:
        assert len(alert.reasons) >= 1 and all(zh for _, zh in alert.reasons)
    assert "worker" not in {a.account for a in alerts}


@pytest.mark.parametrize("payer, payee, amount, when", [
    ("a", "a", D("1.00"), DAY),
    ("a", "b", D("0"), DAY),
    ("a", "b", D("1.001"), DAY),
    ("a", "b", 100, DAY),
    ("a", "b", D("1.00"), "2025-06-02"),
])
def test_a_malformed_transfer_is_refused(payer, payee, amount, when):
    with pytest.raises(InputError):
        Transfer(payer, payee, amount, when)


@pytest.mark.parametrize("hops", [0, 11, 2.0, True])
def test_the_number_of_hops_is_checked(hops):
    with pytest.raises(InputError):
        trace(transfer_graph(NETWORK), "source", max_hops=hops)


def test_an_unknown_account_is_named():
    with pytest.raises(InputError, match="nobody"):
        trace(transfer_graph(NETWORK), "nobody", max_hops=2)


def test_messages_read_in_chinese():
    set_language("zh")
    try:
        with pytest.raises(InputError, match="付款方和收款方不能相同"):
            Transfer("a", "a", D("1.00"), DAY)
    finally:
        set_language("en")
