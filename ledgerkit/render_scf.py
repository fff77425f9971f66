"""Pictures of the supply-chain finance game (沙盘界面): a firm's books and the leaderboard as
HTML, from the game's state alone (no widget import), in the current language.

Elements carry data attributes so browser tests read numbers, not pixels:
`.lk-scf-state[data-month][data-cash]`, `.lk-scf-claim[data-id]`, `.lk-scf-row[data-name]
[data-rank]`.

>>> from ledgerkit.sim.scf_game import Game, GameConfig
>>> game = Game(GameConfig(tiers=(1, 1, 1)), seed=1)
>>> 'data-cash="50000.00"' in state_html(game, "T3-1")
True
"""

from __future__ import annotations

import html
from decimal import Decimal

from ledgerkit.i18n import register_strings, text
from ledgerkit.sim.scf_game import Game
from ledgerkit.sim.scf_report import Row

STYLE = """<style>
.lk-scf-panel{padding:6px 10px;border-radius:10px;background:#f9fafb;border:1px solid #eaecf0;
 color:#1d2939;font-variant-numeric:tabular-nums;margin-bottom:6px}
.lk-scf-panel h4{margin:0 0 4px;font-size:13px}
.lk-scf-panel table{border-collapse:collapse;font-size:12px}
.lk-scf-panel td,.lk-scf-panel th{padding:1px 8px;text-align:right}
.lk-scf-panel td:first-child,.lk-scf-panel th:first-child{text-align:left}
.lk-scf-short{color:#b42318;font-weight:700}
.lk-scf-fine{color:#067647;font-weight:700}
.lk-scf-you{background:#eef4ff;font-weight:700}
</style>"""


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def yuan(amount: Decimal) -> str:
    """Yuan with thousands separators and fen.

    >>> yuan(Decimal("1234567.5"))
    '1,234,567.50'
    """
    return f"{amount:,.2f}"


def state_html(game: Game, name: str) -> str:
    """`name`'s month, cash, this month's costs, what it lacks, and its claims."""
    firm, need = game.firms[name], game.need(name)
    world = text(f"scf.world.{game.ledger}")
    head = text("scf.ui.state", name=name, role=text(f"scf.role.{firm.role}"), world=world,
                month=min(game.month + 1, game.config.months), months=game.config.months)
    lines = [
        f"<h4>{_e(head)}</h4>",
        f"<div>{_e(text('scf.ui.cash'))}: <b>{yuan(game.cash[name])}</b> · "
        f"{_e(text('scf.ui.costs'))}: {yuan(game.costs(name))} · "
        f"{_e(text('scf.ui.need'))}: <span class='{'lk-scf-short' if need else 'lk-scf-fine'}'>"
        f"{yuan(need)}</span></div>",
    ]
    if not firm.alive:
        lines.append(f"<div class='lk-scf-short'>{_e(text('scf.title.failed'))}</div>")
    rows = []
    for claim in game.held(name) + [c for c in game.owed(name)]:
        mine = claim.holder == name
        kind = text(f"scf.kind.{claim.kind}")
        other = claim.debtor if mine else claim.holder
        bankable = mine and claim in game.financeable(name)
        rows.append(
            f'<tr class="lk-scf-claim" data-id="{_e(claim.id)}" data-amount="{claim.amount}" '
            f'data-mine="{str(mine).lower()}" data-bankable="{str(bankable).lower()}">'
            f"<td>{_e(claim.id)} · {_e(kind)}</td><td>{_e(other)}</td>"
            f"<td>{'+' if mine else '−'}{yuan(claim.amount)}</td>"
            f"<td>{_e(text('scf.ui.month_n', month=claim.due + 1))}</td>"
            f"<td>{'✔' if bankable else ''}</td></tr>")
    if rows:
        header = "".join(f"<th>{_e(text(key))}</th>" for key in
                         ("scf.ui.claim", "scf.ui.other", "scf.ui.amount", "scf.ui.due",
                          "scf.ui.bankable"))
        lines.append(f"<table><tr>{header}</tr>{''.join(rows)}</table>")
    else:
        lines.append(f"<div>{_e(text('scf.ui.no_claims'))}</div>")
    return (f'<div class="lk-scf-panel lk-scf-state" data-month="{game.month}" '
            f'data-cash="{game.cash[name]}" data-need="{need}">{"".join(lines)}</div>')


def board_html(rows: list[Row], you: str) -> str:
    """The leaderboard, the human's row highlighted."""
    header = "".join(f"<th>{_e(text(key))}</th>" for key in
                     ("scf.ui.rank", "scf.ui.firm", "scf.ui.profit", "scf.ui.days",
                      "scf.ui.rate", "scf.ui.rating", "scf.ui.title"))
    body = "".join(
        f'<tr class="lk-scf-row{" lk-scf-you" if row.name == you else ""}" '
        f'data-name="{_e(row.name)}" data-rank="{row.rank}" data-profit="{row.profit}">'
        f"<td>{row.rank}</td><td>{_e(row.name)}</td><td>{yuan(row.profit)}</td>"
        f"<td>{row.days_to_cash:.0f}</td><td>{row.rate * 100:.2f}%</td><td>{row.rating}</td>"
        f"<td>{_e(text('scf.title.' + row.title))}</td></tr>" for row in rows)
    return (f'<div class="lk-scf-panel lk-scf-board"><h4>{_e(text("scf.ui.board"))}</h4>'
            f"<table><tr>{header}</tr>{body}</table></div>")


register_strings({
    "scf.ui.state": ("{name} ({role}) · {world} · month {month} of {months}",
                     "{name}（{role}）· {world} · 第 {month}/{months} 个月"),
    "scf.ui.cash": ("Cash", "现金"),
    "scf.ui.costs": ("wages and inputs due this month", "本月应付工资和原料"),
    "scf.ui.need": ("short by", "缺口"),
    "scf.ui.claim": ("Claim", "债权/债务"),
    "scf.ui.other": ("Counterparty", "对手方"),
    "scf.ui.amount": ("Amount, yuan", "金额（元）"),
    "scf.ui.due": ("Due", "到期"),
    "scf.ui.bankable": ("Bank buys it", "银行可保理"),
    "scf.ui.month_n": ("start of month {month}", "第 {month} 个月初"),
    "scf.ui.no_claims": ("No open claims.", "没有未结清的债权债务。"),
    "scf.ui.board": ("Leaderboard (suppliers, by profit over sales)",
                     "排行榜（供应商，按利润/销售额排名）"),
    "scf.ui.rank": ("#", "名次"),
    "scf.ui.firm": ("Firm", "企业"),
    "scf.ui.profit": ("Profit, yuan", "利润（元）"),
    "scf.ui.days": ("Days to cash", "回款天数"),
    "scf.ui.rate": ("Rate paid", "融资利率"),
    "scf.ui.rating": ("Rating", "评级"),
    "scf.ui.title": ("Title", "称号"),
    "scf.kind.trade": ("invoice", "应收账款"),
    "scf.kind.voucher": ("voucher", "债权凭证"),
    "scf.kind.loan": ("loan", "贷款"),
    "scf.role.core": ("core enterprise", "核心企业"),
    "scf.role.tier1": ("tier-1 supplier", "一级供应商"),
    "scf.role.tier2": ("tier-2 supplier", "二级供应商"),
    "scf.role.tier3": ("tier-3 supplier", "三级供应商"),
    "scf.role.bank": ("bank", "银行"),
})
