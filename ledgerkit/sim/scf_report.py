"""Scores, leaderboard and end-of-game report of the supply-chain finance game (排行榜与复盘).

Reads a finished (or running) `Game`; never changes it. The numbers per firm:

- profit: net worth now (cash + claims held − claims owed) minus the cash it started with;
- days-to-cash: the average days, weighted by amount, from a sale to its cash (a bank
  factoring the claim, the buyer paying, or the claim passed on as payment);
- financing rate: interest paid ÷ Σ(amount × days / 360) of all it financed, a yearly rate;
- rating: A (never short of cash), B (1–2 emergency overdrafts), C (more), D (failed).

>>> from ledgerkit.sim.scf_game import both_worlds, GameConfig
>>> worlds = both_worlds(GameConfig(tiers=(1, 2, 2), months=6), seed=1)
>>> tier_metrics(worlds[True])[3]["rate"] < tier_metrics(worlds[False])[3]["rate"]
True
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ledgerkit.finance.rates import to_fen
from ledgerkit.i18n import register_strings, text
from ledgerkit.sim.scf_game import ZERO, Firm, Game


@dataclass(frozen=True)
class Row:
    """One line of the leaderboard."""

    rank: int
    name: str
    role: str
    profit: Decimal
    days_to_cash: float
    rate: float
    cost: Decimal
    rating: str
    title: str


def days_to_cash(firm: Firm) -> float:
    """Average days from sale to cash, weighted by amount (0 before any sale turned to cash)."""
    return float(firm.cash_days / firm.cash_amount) if firm.cash_amount else 0.0


def financing_rate(firm: Firm) -> float:
    """The yearly rate the firm paid on everything it financed (0 if it financed nothing)."""
    return float(firm.interest / firm.rate_base) if firm.rate_base else 0.0


def rating(firm: Firm) -> str:
    """A, B, C by the emergency overdrafts it needed; D if it failed, ran, or financed an
    invoice twice."""
    if not firm.alive or firm.duplicates:
        return "D"
    return "A" if firm.emergencies == 0 else "B" if firm.emergencies <= 2 else "C"


def profit(game: Game, name: str) -> Decimal:
    """Net worth now minus the cash the firm started with."""
    return game.worth(name) - game.firms[name].start_worth


def leaderboard(game: Game) -> list[Row]:
    """The suppliers ranked by profit as a share of sales (so big and small firms compete
    fairly), each with its rating and a title for what it did best.

    >>> from ledgerkit.sim.scf_game import GameConfig
    >>> game = Game(GameConfig(tiers=(1, 1, 1), months=3), seed=1); game.run()
    >>> [row.name for row in leaderboard(game)][:1]
    ['T1-1']
    """
    firms = [f for f in game.firms.values() if f.tier]
    margin = {f.name: profit(game, f.name) / f.sales if f.sales else ZERO for f in firms}
    ranked = sorted(firms, key=lambda f: (rating(f) == "D", -margin[f.name], f.name))
    fastest = min((days_to_cash(f) for f in firms if f.cash_amount), default=None)
    rows = []
    for rank, firm in enumerate(ranked, start=1):
        rows.append(Row(rank, firm.name, firm.role, to_fen(profit(game, firm.name)),
                        days_to_cash(firm), financing_rate(firm), firm.interest,
                        rating(firm), _title(firm, rank, fastest)))
    return rows


def _title(firm: Firm, rank: int, fastest: float | None) -> str:
    """A badge for one honest thing the numbers show (a key of the scf.title.* strings)."""
    if firm.duplicates:
        return "double"
    if not firm.alive:
        return "failed"
    if rank == 1:
        return "top"
    if fastest is not None and firm.cash_amount and days_to_cash(firm) == fastest:
        return "fast"
    if firm.emergencies == 0 and firm.interest == 0:
        return "self_funded"
    return "steady" if firm.emergencies == 0 else "stretched"


def tier_metrics(game: Game) -> dict[int, dict[str, float]]:
    """Per tier: average financing rate, days-to-cash, financing cost (yuan), the losses the
    tier's suppliers bore, their emergency overdrafts and how many of them failed (defaults)."""
    result: dict[int, dict[str, float]] = {}
    for tier in range(1, len(game.config.tiers) + 1):
        firms = [f for f in game.firms.values() if f.tier == tier]
        base = sum((f.rate_base for f in firms), ZERO)
        paid = sum((f.interest for f in firms), ZERO)
        amount = sum((f.cash_amount for f in firms), ZERO)
        result[tier] = {
            "rate": float(paid / base) if base else 0.0,
            "days": float(sum((f.cash_days for f in firms), ZERO) / amount) if amount else 0.0,
            "cost": float(paid),
            "supplier_losses": float(sum((f.losses for f in firms), ZERO)),
            "emergencies": float(sum(f.emergencies for f in firms)),
            "failures": float(sum(1 for f in firms if not f.alive)),
        }
    return result


def bank_losses(game: Game) -> Decimal:
    """What the banks wrote off: loans and claims nobody paid."""
    return sum((f.losses for f in game.firms.values() if f.role == "bank"), ZERO)


def events(game: Game, kind: str) -> int:
    """How many events of `kind` ("duplicate", "refused", "recourse", "fail", …) happened."""
    return sum(1 for log in game.history for event, _ in log.events if event == kind)


def report(worlds: dict[bool, Game], name: str | None = None) -> str:
    """The end-of-game report in the current language: the two worlds tier by tier, where
    the risk went, and (if `name` is given) how that firm did in each.

    >>> from ledgerkit.sim.scf_game import both_worlds, GameConfig
    >>> print(report(both_worlds(GameConfig(tiers=(1, 1, 1), months=3), seed=1)).splitlines()[0])
    End-of-game report (3 months)
    """
    without, with_ = worlds[False], worlds[True]
    lines = [text("scf.rep.title", months=with_.month)]
    a, b = tier_metrics(without), tier_metrics(with_)
    for tier in a:
        lines.append(text("scf.rep.tier", tier=tier, rate0=a[tier]["rate"] * 100,
                          rate1=b[tier]["rate"] * 100, days0=a[tier]["days"],
                          days1=b[tier]["days"], cost0=a[tier]["cost"],
                          cost1=b[tier]["cost"]))
    lines.append(text("scf.rep.risk", bank0=float(bank_losses(without)),
                      bank1=float(bank_losses(with_)),
                      sup0=sum(m["supplier_losses"] for m in a.values()),
                      sup1=sum(m["supplier_losses"] for m in b.values()),
                      dup=events(without, "duplicate"), refused=events(with_, "refused")))
    if name is not None:
        for ledger, game in worlds.items():
            row = next(r for r in leaderboard(game) if r.name == name)
            lines.append(text("scf.rep.you", world=text(f"scf.world.{ledger}"), name=name,
                              rank=row.rank, total=len(leaderboard(game)),
                              profit=float(row.profit), days=row.days_to_cash,
                              rate=row.rate * 100, rating=row.rating,
                              title=text(f"scf.title.{row.title}")))
    return "\n".join(lines)


def plot_tiers(worlds: dict[bool, Game], ax=None):
    """Bar charts of financing rate and days-to-cash per tier, without and with the ledger.

    Returns the matplotlib figure (imported here, so `import ledgerkit` stays light).
    """
    import matplotlib.pyplot as plt

    from ledgerkit.charts import use_cjk_fallback

    use_cjk_fallback()  # Chinese labels in the Chinese edition, not rows of boxes
    if ax is None:
        fig, ax = plt.subplots(1, 2, figsize=(9, 3.4))
    else:
        fig = ax[0].figure
    metrics = {ledger: tier_metrics(game) for ledger, game in worlds.items()}
    tiers = list(metrics[False])
    for panel, (key, scale, label) in zip(ax, (("rate", 100, "scf.plot.rate"),
                                               ("days", 1, "scf.plot.days")), strict=True):
        for offset, ledger in ((-0.2, False), (0.2, True)):
            panel.bar([t + offset for t in tiers],
                      [metrics[ledger][t][key] * scale for t in tiers], width=0.4,
                      label=text(f"scf.world.{ledger}"))
        panel.set_xticks(tiers, [text("scf.plot.tier", tier=t) for t in tiers])
        panel.set_title(text(label))
        panel.legend(fontsize=8)
    fig.tight_layout()
    return fig


def plot_cash(game: Game, names: list[str], ax=None):
    """Cash of some firms at the end of each month played."""
    import matplotlib.pyplot as plt

    from ledgerkit.charts import use_cjk_fallback

    use_cjk_fallback()
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 3))
    ax.set_title(text("scf.plot.cash"))
    ax.set_xlabel(text("scf.plot.month"))
    for name in names:
        ax.plot([log.month + 1 for log in game.history],
                [float(log.cash[name]) for log in game.history], label=name)
    ax.legend(fontsize=8)
    return ax.figure


register_strings({
    "scf.rep.title": ("End-of-game report ({months} months)", "游戏复盘（{months} 个月）"),
    "scf.rep.tier": (
        "Tier {tier}: financing rate {rate0:.2f}% → {rate1:.2f}%, days-to-cash {days0:.0f} → "
        "{days1:.0f}, financing cost {cost0:,.2f} → {cost1:,.2f} yuan (without → with the "
        "ledger)",
        "第 {tier} 级供应商：融资利率 {rate0:.2f}% → {rate1:.2f}%，回款天数 {days0:.0f} → "
        "{days1:.0f}，融资成本 {cost0:,.2f} → {cost1:,.2f} 元（无共享账本 → 有共享账本）",
    ),
    "scf.rep.risk": (
        "Where the risk went: banks wrote off {bank0:,.2f} → {bank1:,.2f} yuan, suppliers "
        "{sup0:,.2f} → {sup1:,.2f} yuan; invoices financed twice: {dup} without the ledger, "
        "attempts refused with it: {refused}.",
        "风险去向：银行核销 {bank0:,.2f} → {bank1:,.2f} 元，供应商损失 {sup0:,.2f} → "
        "{sup1:,.2f} 元；无共享账本时重复融资的发票 {dup} 张，有共享账本时被拒绝的重复融资 "
        "{refused} 次。",
    ),
    "scf.rep.you": (
        "{world}: {name} ranks {rank} of {total}, profit {profit:,.2f} yuan, days-to-cash "
        "{days:.0f}, financing rate {rate:.2f}%, rating {rating} — {title}",
        "{world}：{name} 排名第 {rank}/{total}，利润 {profit:,.2f} 元，回款天数 {days:.0f}，"
        "融资利率 {rate:.2f}%，评级 {rating} — {title}",
    ),
    "scf.world.False": ("Without the ledger", "无共享账本"),
    "scf.world.True": ("With the ledger", "有共享账本"),
    "scf.title.top": ("Best margin in the chain", "全链利润率第一"),
    "scf.title.fast": ("Fastest to cash", "回款最快"),
    "scf.title.self_funded": ("Funded itself", "自有资金周转"),
    "scf.title.steady": ("Never short of cash", "从不缺钱发工资"),
    "scf.title.stretched": ("Needed emergency overdrafts", "曾靠应急透支发工资"),
    "scf.title.failed": ("Failed", "已倒闭"),
    "scf.title.double": ("Financed an invoice twice", "同一张发票重复融资"),
    "scf.plot.rate": ("Financing rate, % a year", "融资利率（年化，%）"),
    "scf.plot.days": ("Days from sale to cash", "从销售到回款的天数"),
    "scf.plot.tier": ("tier {tier}", "第 {tier} 级"),
    "scf.plot.cash": ("Cash at the end of each month, yuan", "每月末现金（元）"),
    "scf.plot.month": ("month", "月份"),
})
