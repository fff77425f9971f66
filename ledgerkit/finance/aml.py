"""Anti-money-laundering (反洗钱) as graph analytics: follow the money through a network of
transfers.

Money laundering hides where money came from in three stages: placement (放置: cash into the
banks), layering (分层: many hops between accounts to blur the trail) and integration (整合:
back into the legal economy). Each bank sees only its own accounts; the pattern shows up only
in the network of transfers — which is why reports go to one place, the China Anti-Money
Laundering Monitoring and Analysis Center (中国反洗钱监测分析中心), and not from bank to bank.

The transfers become a directed graph (networkx `DiGraph`): accounts are nodes, and an edge
payer → payee carries the total amount, the number of transfers and their days. On it:

- `trace`: every account the money of a source reaches within N hops (layering), and
  `paths` from a source to a target with the most each path can have carried (its smallest
  edge);
- `round_trips`: cycles, money that comes back to where it started (round-tripping, 资金回流);
- `fan_in` / `fan_out`: many amounts just under a reporting threshold gathered into one
  account or scattered from one (structuring, 拆分交易 / 分散转入集中转出);
- `large_value_reports`: the large-value reports the rules require, for cash: one customer's
  cash of 50,000 yuan or more in a day, single or cumulative
  (金融机构大额交易和可疑交易报告管理办法, PBoC order 2016 No. 3, amended 2018, Art. 5(1)) —
  so splitting cash within one day does not avoid a report, which is why structurers
  spread it over days and people;
- `score`: a simple, explainable alert score, points per pattern, each with its reason.

A suspicious-transaction report has no threshold: a bank reports whenever it has reasonable
grounds to suspect (same order, Art. 11). The score only ranks what an analyst looks at first;
the points and the "just under" band (90–100% of the threshold) are the course's *proposal*.

>>> flows = [Transfer("a", "b", Decimal(100), date(2025, 1, 2)),
...          Transfer("b", "c", Decimal(60), date(2025, 1, 3)),
...          Transfer("c", "a", Decimal(50), date(2025, 1, 4))]
>>> graph = transfer_graph(flows)
>>> trace(graph, "a", max_hops=1)
{'a': 0, 'b': 1}
>>> round_trips(graph)
[['a', 'b', 'c']]
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import networkx as nx

from ledgerkit.errors import InputError
from ledgerkit.finance.rates import FEN
from ledgerkit.i18n import Phrase, get_language, register_strings

CASH_REPORT_THRESHOLD = Decimal("50000.00")  # PBoC order 2016 No. 3, Art. 5(1): cash, ≥ 50,000
JUST_UNDER = Decimal("0.9")  # "just under": from 90% of the threshold (*proposal*)
POINTS = {"round_trip": 3, "fan_in": 2, "fan_out": 2, "near_source": 1}  # *proposal*

register_strings({
    "aml.bad_transfer": ("Transfer {payer} → {payee}: {why}", "转账 {payer} → {payee}：{why}"),
    "aml.unknown_account": ("There is no account {account} in these transfers.",
                            "这些转账中没有账户 {account}。"),
    "aml.bad_hops": ("The number of hops must be a whole number from 1 to 10; got {got!r}.",
                     "跳数必须是 1 到 10 之间的整数；实际为 {got!r}。"),
})
register_strings({
    "aml.why.amount": ("the amount must be a positive Decimal in whole fen",
                       "金额必须是以分为单位的正 Decimal"),
    "aml.why.self": ("payer and payee must differ", "付款方和收款方不能相同"),
    "aml.why.day": ("the day must be a date", "日期必须是 date"),
})
REASONS = {
    "round_trip": ("on the round trip {cycle} (round-tripping)",
                   "处于资金回流环路 {cycle} 上（资金回流）"),
    "fan_in": ("receives {n} amounts just under the threshold within {days} days (structuring)",
               "{days} 天内收到 {n} 笔略低于报告标准的款项（拆分交易）"),
    "fan_out": ("sends {n} amounts just under the threshold within {days} days (structuring)",
                "{days} 天内转出 {n} 笔略低于报告标准的款项（拆分交易）"),
    "near_source": ("within {hops} hops of the flagged source {source}",
                    "距离被标记的资金来源 {source} 不超过 {hops} 跳"),
}


@dataclass(frozen=True)
class Transfer:
    """One payment from `payer` to `payee` on `day`; `cash` marks a cash deposit or
    withdrawal at the counter (现金收支), the kind the 50,000-yuan report counts.

    >>> Transfer("a", "b", Decimal("49000.00"), date(2025, 1, 2), cash=True).cash
    True
    """

    payer: str
    payee: str
    amount: Decimal
    day: date
    cash: bool = False

    def __post_init__(self) -> None:
        amount = self.amount
        if not (isinstance(amount, Decimal) and amount.is_finite() and amount > 0
                and amount == amount.quantize(FEN)):
            why = "amount"
        elif self.payer == self.payee:
            why = "self"
        elif not isinstance(self.day, date):
            why = "day"
        else:
            return
        raise InputError("aml.bad_transfer", payer=self.payer, payee=self.payee,
                         why=Phrase(f"aml.why.{why}"))


def transfer_graph(transfers: list[Transfer]) -> nx.DiGraph:
    """The network of transfers: an edge payer → payee with `amount` (the total), `count`
    and `days`.

    >>> g = transfer_graph([Transfer("a", "b", Decimal(5), date(2025, 1, 2)),
    ...                     Transfer("a", "b", Decimal(7), date(2025, 1, 3))])
    >>> g["a"]["b"]["amount"], g["a"]["b"]["count"]
    (Decimal('12'), 2)
    """
    graph = nx.DiGraph()
    for t in transfers:
        if graph.has_edge(t.payer, t.payee):
            edge = graph[t.payer][t.payee]
            edge["amount"] += t.amount
            edge["count"] += 1
            edge["days"].append(t.day)
        else:
            graph.add_edge(t.payer, t.payee, amount=t.amount, count=1, days=[t.day])
    return graph


def _hops(max_hops: object) -> int:
    if isinstance(max_hops, bool) or not isinstance(max_hops, int) or not 1 <= max_hops <= 10:
        raise InputError("aml.bad_hops", got=max_hops)
    return max_hops


def _known(graph: nx.DiGraph, *accounts: str) -> None:
    for account in accounts:
        if account not in graph:
            raise InputError("aml.unknown_account", account=account)


def trace(graph: nx.DiGraph, source: str, max_hops: int) -> dict[str, int]:
    """Every account the source's money can reach within `max_hops` transfers, with the
    fewest hops it takes (breadth-first search).

    >>> g = transfer_graph([Transfer("a", "b", Decimal(9), date(2025, 1, 2))])
    >>> trace(g, "b", max_hops=3)
    {'b': 0}
    """
    _known(graph, source)
    return dict(nx.single_source_shortest_path_length(graph, source, cutoff=_hops(max_hops)))


def paths(graph: nx.DiGraph, source: str, target: str,
          max_hops: int) -> list[tuple[list[str], Decimal]]:
    """The simple paths from `source` to `target` of at most `max_hops` transfers, each with
    the most money it can have carried: its smallest edge total. Largest first.

    >>> g = transfer_graph([Transfer("a", "b", Decimal(9), date(2025, 1, 2)),
    ...                     Transfer("b", "c", Decimal(4), date(2025, 1, 3))])
    >>> paths(g, "a", "c", max_hops=2)
    [(['a', 'b', 'c'], Decimal('4'))]
    """
    _known(graph, source, target)
    found = [(path, min(graph[u][v]["amount"] for u, v in zip(path, path[1:], strict=False)))
             for path in nx.all_simple_paths(graph, source, target, cutoff=_hops(max_hops))]
    return sorted(found, key=lambda item: (-item[1], item[0]))


def round_trips(graph: nx.DiGraph, max_length: int = 6) -> list[list[str]]:
    """The cycles of at most `max_length` accounts, each starting at its smallest name.

    >>> g = transfer_graph([Transfer("x", "y", Decimal(1), date(2025, 1, 2)),
    ...                     Transfer("y", "x", Decimal(1), date(2025, 1, 3))])
    >>> round_trips(g)
    [['x', 'y']]
    """
    found = []
    for cycle in nx.simple_cycles(graph, length_bound=max_length):
        start = cycle.index(min(cycle))
        found.append(cycle[start:] + cycle[:start])
    return sorted(found)


def just_under(amount: Decimal, threshold: Decimal = CASH_REPORT_THRESHOLD) -> bool:
    """True for an amount from 90% of the threshold up to just below it (*proposal*).

    >>> just_under(Decimal("49900")), just_under(Decimal("50000")), just_under(Decimal("30000"))
    (True, False, False)
    """
    return threshold * JUST_UNDER <= amount < threshold


def _fan(transfers: list[Transfer], side: str, threshold: Decimal, window_days: int,
         min_count: int) -> dict[str, int]:
    by_account: dict[str, list[date]] = defaultdict(list)
    for t in transfers:
        if just_under(t.amount, threshold):
            by_account[getattr(t, side)].append(t.day)
    found = {}
    for account, days in by_account.items():
        days.sort()
        best = max(sum(1 for d in days if first <= d < first + timedelta(days=window_days))
                   for first in days)
        if best >= min_count:
            found[account] = best
    return dict(sorted(found.items()))


def fan_in(transfers: list[Transfer], threshold: Decimal = CASH_REPORT_THRESHOLD,
           window_days: int = 7, min_count: int = 3) -> dict[str, int]:
    """Accounts that receive at least `min_count` amounts just under `threshold` within
    `window_days` days, with the largest such count: money gathered in pieces (集中转入).

    >>> flows = [Transfer(f"p{i}", "hub", Decimal("48000"), date(2025, 1, 2 + i))
    ...          for i in range(3)]
    >>> fan_in(flows)
    {'hub': 3}
    """
    return _fan(transfers, "payee", threshold, window_days, min_count)


def fan_out(transfers: list[Transfer], threshold: Decimal = CASH_REPORT_THRESHOLD,
            window_days: int = 7, min_count: int = 3) -> dict[str, int]:
    """Accounts that send at least `min_count` amounts just under `threshold` within
    `window_days` days: money scattered in pieces (分散转出).

    >>> fan_out([Transfer("hub", "q", Decimal("100"), date(2025, 1, 2))])
    {}
    """
    return _fan(transfers, "payer", threshold, window_days, min_count)


def large_value_reports(transfers: list[Transfer],
                        threshold: Decimal = CASH_REPORT_THRESHOLD) -> list[tuple[str, date,
                                                                                 Decimal]]:
    """The cash large-value reports a bank must file: each customer's cash on a day, single or
    cumulative, of `threshold` or more (PBoC order 2016 No. 3, Art. 5(1)). Counted on the
    paying side only, as (customer, day, total).

    >>> day = date(2025, 1, 2)
    >>> large_value_reports([Transfer("li", "acct", Decimal("30000"), day, cash=True),
    ...                      Transfer("li", "acct", Decimal("25000"), day, cash=True)])
    [('li', datetime.date(2025, 1, 2), Decimal('55000'))]
    """
    totals: dict[tuple[str, date], Decimal] = defaultdict(Decimal)
    for t in transfers:
        if t.cash:
            totals[t.payer, t.day] += t.amount
    return sorted((who, day, total) for (who, day), total in totals.items()
                  if total >= threshold)


@dataclass(frozen=True)
class Alert:
    """An account's alert score and the reasons behind every point, (English, 中文) each.

    >>> Alert("hub", 2, (("fan-in", "集中转入"),)).score
    2
    """

    account: str
    score: int
    reasons: tuple[tuple[str, str], ...]

    def explain(self, lang: str | None = None) -> str:
        """The reasons in `lang` (default: the current language), joined by semicolons.

        >>> Alert("hub", 2, (("fan-in", "集中转入"),)).explain("zh")
        '集中转入'
        """
        chinese = (lang or get_language()) == "zh"
        return ("；" if chinese else "; ").join(zh if chinese else en for en, zh in self.reasons)


def _reason(pattern: str, **fields: object) -> tuple[str, str]:
    english, chinese = REASONS[pattern]
    return english.format(**fields), chinese.format(**fields)


def score(transfers: list[Transfer], flagged: tuple[str, ...] = (), max_hops: int = 2,
          window_days: int = 7, min_count: int = 3) -> list[Alert]:
    """Score every account: 3 points for each round trip it is on, 2 for fan-in, 2 for
    fan-out, 1 for being within `max_hops` of a `flagged` source (*proposal*). Highest
    first; accounts with no points are left out.

    >>> flows = [Transfer(f"p{i}", "hub", Decimal("48000"), date(2025, 1, 2 + i))
    ...          for i in range(3)]
    >>> [(a.account, a.score) for a in score(flows)]
    [('hub', 2)]
    """
    graph = transfer_graph(transfers)
    points: dict[str, int] = defaultdict(int)
    reasons: dict[str, list[tuple[str, str]]] = defaultdict(list)

    def add(account: str, pattern: str, **fields: object) -> None:
        points[account] += POINTS[pattern]
        reasons[account].append(_reason(pattern, **fields))

    for cycle in round_trips(graph):
        for account in cycle:
            add(account, "round_trip", cycle=" → ".join([*cycle, cycle[0]]))
    for pattern, found in (("fan_in", fan_in(transfers, window_days=window_days,
                                             min_count=min_count)),
                           ("fan_out", fan_out(transfers, window_days=window_days,
                                               min_count=min_count))):
        for account, n in found.items():
            add(account, pattern, n=n, days=window_days)
    for source in flagged:
        if source in graph:
            for account, hops in trace(graph, source, max_hops).items():
                if hops:
                    add(account, "near_source", hops=max_hops, source=source)
    alerts = [Alert(a, points[a], tuple(reasons[a])) for a in points]
    return sorted(alerts, key=lambda alert: (-alert.score, alert.account))
