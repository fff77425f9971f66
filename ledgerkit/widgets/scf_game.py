"""The supply-chain finance game widget (供应链金融经营沙盘): play one firm month by month
against bots, without or with the shared ledger, and watch the leaderboard.

A view over `ledgerkit.sim.scf_game.Game`: the controls build one `Decision` for the human's
firm, "Next month" hands it to `Game.step`, which checks it first; a refusal shows the rule in
red and changes nothing. Every rule lives in the model; the pictures come from
`ledgerkit.render_scf`.

- Role (`lk-scf-role`) and world (`lk-scf-world`) start a new game with you in that role;
- a supplier picks claims to factor (`lk-scf-claims`) at a bank (`lk-scf-bank`) and may
  borrow (`lk-scf-loan`, yuan); "Bot's advice" (`lk-scf-suggest`) fills in what the prudent
  bot would do; the core sets its payment term (`lk-scf-term`); a bank its two rates
  (`lk-scf-prime`, `lk-scf-sme`, % a year);
- Next month (`lk-scf-next`) plays the month; the state (`lk-scf-state`), the leaderboard
  (`lk-scf-board`) and, at the end, the report (`lk-scf-report`) are redrawn.

Tests press the buttons from Python:

>>> widget = ScfGame()
>>> widget.next_button.click()
>>> widget.game.month
1

Under nbgrader (NBGRADER_EXECUTION is set) the widget displays nothing.
"""

from __future__ import annotations

import html
from decimal import Decimal

import ipywidgets as widgets
from IPython.display import display

from ledgerkit import render, render_scf
from ledgerkit.errors import LedgerError
from ledgerkit.i18n import get_language, register_strings, set_language, text
from ledgerkit.progress import under_nbgrader
from ledgerkit.sim.scf_bots import prudent_supplier
from ledgerkit.sim.scf_game import Decision, Finance, Game, GameConfig
from ledgerkit.sim.scf_report import leaderboard, report
from ledgerkit.widgets.block_formation import language_toggle, lk, tagged

_WIDE = {"description_width": "initial"}
TERMS = (60, 90, 120, 150, 180)


class ScfGame:
    """The game for one human player; bots play every other firm.

    >>> ScfGame(role="T2-1", ledger=False).game.ledger
    False
    """

    def __init__(self, config: GameConfig | None = None, *, role: str = "T3-1",
                 ledger: bool = True, seed: int = 0) -> None:
        self.config, self.seed = config or GameConfig(), seed
        self.role, self.ledger = role, ledger
        self._status: tuple[bool, str | LedgerError] | None = None
        self._updating = False
        self._new_game()
        self._build()
        self.refresh()

    def _new_game(self) -> None:
        self.game = Game(self.config, seed=self.seed, ledger=self.ledger)

    # --- building the controls -------------------------------------------------------
    def _build(self) -> None:
        game = self.game
        self.style = widgets.HTML(render.STYLE + render_scf.STYLE)
        self.title = widgets.HTML(layout=widgets.Layout(flex="1 1 auto"))
        self.language = language_toggle()
        self.role_pick = tagged(widgets.Dropdown(options=list(game.firms), value=self.role,
                                                 style=_WIDE), "lk-scf-role")
        self.world = tagged(widgets.ToggleButtons(options=[("", False), ("", True)],
                                                  value=self.ledger, style=_WIDE),
                            "lk-scf-world")
        self.state = tagged(widgets.HTML(), "lk-scf-state-box")
        self.claims = tagged(widgets.SelectMultiple(rows=4, style=_WIDE, layout=widgets.Layout(
            width="360px")), "lk-scf-claims")
        self.bank = tagged(widgets.Dropdown(options=list(self.config.banks), style=_WIDE,
                                            layout=widgets.Layout(width="180px")), "lk-scf-bank")
        self.loan = tagged(widgets.BoundedIntText(value=0, min=0, max=100_000_000, step=10_000,
                                                  style=_WIDE,
                                                  layout=widgets.Layout(width="240px")),
                           "lk-scf-loan")
        self.term = tagged(widgets.Dropdown(options=TERMS, value=self.config.term_days,
                                            style=_WIDE), "lk-scf-term")
        self.prime = tagged(widgets.BoundedFloatText(value=float(self.config.prime_rate * 100),
                                                     min=0.01, max=99, step=0.05,
                                                     style=_WIDE), "lk-scf-prime")
        self.sme = tagged(widgets.BoundedFloatText(value=float(self.config.sme_rate * 100),
                                                   min=0.01, max=99, step=0.05, style=_WIDE),
                          "lk-scf-sme")
        self.suggest_button = tagged(widgets.Button(icon="lightbulb"), "lk-scf-suggest")
        self.next_button = tagged(widgets.Button(icon="forward", button_style="primary"),
                                  "lk-scf-next")
        self.status = tagged(widgets.HTML(), "lk-status")
        self.board = tagged(widgets.HTML(), "lk-scf-board-box")
        self.report = tagged(widgets.HTML(), "lk-scf-report")
        self.supplier_box = widgets.VBox([
            widgets.HBox([self.claims, widgets.VBox([self.bank, self.loan])]),
        ])
        self.core_box = widgets.HBox([self.term])
        self.bank_box = widgets.HBox([self.prime, self.sme])
        wrap = widgets.Layout(flex_flow="row wrap", align_items="center")
        self.view = tagged(widgets.VBox([
            self.style,
            widgets.HBox([self.title, self.language], layout=widgets.Layout(
                justify_content="space-between", align_items="center")),
            widgets.HBox([self.role_pick, self.world], layout=wrap),
            self.state,
            self.supplier_box, self.core_box, self.bank_box,
            widgets.HBox([self.suggest_button, self.next_button], layout=wrap),
            self.status, self.board, self.report,
        ], layout=widgets.Layout(border="1px solid #d0d5dd", padding="8px 12px")),
            "lk-scf-game")

        self.language.observe(self._on_language, names="value")
        self.role_pick.observe(self._on_restart, names="value")
        self.world.observe(self._on_restart, names="value")
        self.bank.observe(lambda _change: None if self._updating else self.refresh(),
                          names="value")
        self.suggest_button.on_click(lambda _button: self.suggest())
        self.next_button.on_click(lambda _button: self.next_month())

    # --- what the controls do --------------------------------------------------------
    def decision(self) -> Decision:
        """The decision the controls show now, for the human's firm."""
        role = self.game.firms[self.role].role
        if role == "core":
            return Decision(term_days=self.term.value)
        if role == "bank":
            return Decision(rates=(_percent(self.prime.value), _percent(self.sme.value)))
        return Decision(finance=tuple(Finance(claim, self.bank.value)
                                      for claim in self.claims.value),
                        loan=Decimal(self.loan.value).quantize(Decimal("0.01")),
                        loan_bank=self.bank.value)

    def suggest(self) -> None:
        """Fill the controls with what the prudent bot would do this month."""
        if self.game.firms[self.role].role.startswith("tier"):
            advice = prudent_supplier(self.game, self.role)
            self._updating = True
            self.claims.value = tuple(item.claim_id for item in advice.finance)
            self.bank.value = advice.finance[0].bank if advice.finance else (
                advice.loan_bank or self.bank.value)
            self.loan.value = int(advice.loan)
            self._updating = False
        self._status = (True, text("scf.ui.suggested"))
        self._draw_status()

    def next_month(self) -> None:
        """Play the month with the human's decision; a refusal changes nothing."""
        try:
            log = self.game.step({self.role: self.decision()})
        except LedgerError as refusal:
            self._status = (False, refusal)
        else:
            self._status = (True, text("scf.ui.played", month=log.month + 1,
                                       events=len(log.events)))
            self.loan.value = 0
        self.refresh()

    def _on_restart(self, change: dict) -> None:
        if self._updating:
            return
        self.role, self.ledger = self.role_pick.value, self.world.value
        self._new_game()
        self._status = None
        self.refresh()

    def _on_language(self, change: dict) -> None:
        if not self._updating:
            set_language(change["new"])
            self.refresh()

    # --- drawing ---------------------------------------------------------------------
    def refresh(self) -> None:
        """Redraw every part from the game, in the current language."""
        self._updating = True
        try:
            game, role = self.game, self.game.firms[self.role].role
            self._draw_labels()
            self.state.value = lk(render_scf.state_html(game, self.role))
            chosen = self.claims.value
            self.claims.options = [
                (f"{c.id} · {render_scf.yuan(c.amount)} · "
                 f"{text('scf.ui.quote', net=render_scf.yuan(game.quote(c, self.bank.value)[2]))}",
                 c.id) for c in game.financeable(self.role)]
            offered = {claim_id for _label, claim_id in self.claims.options}
            self.claims.value = tuple(c for c in chosen if c in offered)
            self.supplier_box.layout.display = "" if role.startswith("tier") else "none"
            self.core_box.layout.display = "" if role == "core" else "none"
            self.bank_box.layout.display = "" if role == "bank" else "none"
            over = game.month >= game.config.months
            self.next_button.disabled = over
            self.board.value = lk(render_scf.board_html(leaderboard(game), self.role))
            self.report.value = lk(self._report_html()) if over else ""
            self._draw_status()
        finally:
            self._updating = False

    def _report_html(self) -> str:
        """At the end: the same economy played by bots in the other world, and the report."""
        other = Game(self.config, seed=self.seed, ledger=not self.ledger)
        other.run()
        worlds = {self.ledger: self.game, not self.ledger: other}
        you = self.role if self.game.firms[self.role].tier else None
        lines = "<br>".join(html.escape(line) for line in report(worlds, you).splitlines())
        return f'<div class="lk-scf-panel">{lines}</div>'

    def _draw_labels(self) -> None:
        self.language.value = get_language()
        self.title.value = lk(f"<b style='font-size:16px'>{text('scf.ui.title_bar')}</b> — "
                              f"{html.escape(text('scf.ui.intro'))}")
        self.role_pick.description = text("scf.ui.role")
        self.world.options = [(text("scf.world.False"), False), (text("scf.world.True"), True)]
        self.world.value = self.ledger
        self.claims.description = text("scf.ui.factor")
        self.bank.description = text("scf.ui.bank")
        self.loan.description = text("scf.ui.loan")
        self.term.description = text("scf.ui.term")
        self.prime.description = text("scf.ui.prime")
        self.sme.description = text("scf.ui.sme")
        self.suggest_button.description = text("scf.ui.suggest")
        self.next_button.description = text("scf.ui.next")

    def _draw_status(self) -> None:
        if self._status is None:
            self.status.value = ""
            return
        ok, said = self._status
        message = said.in_language(get_language()) if isinstance(said, LedgerError) else said
        self.status.value = lk(render.message_html(message, ok))

    # --- display -----------------------------------------------------------------------
    def _ipython_display_(self) -> None:
        if under_nbgrader():
            return
        display(self.view)


def _percent(value: float) -> Decimal:
    """A rate box in percent (a float) as an exact yearly fraction: 4.0 -> 0.04."""
    return Decimal(str(round(value, 4))) / 100


register_strings({
    "scf.ui.title_bar": ("Supply-chain finance game", "供应链金融经营沙盘"),
    "scf.ui.intro": ("run your firm month by month; bots play the others",
                     "逐月经营你的企业，其他企业由机器人扮演"),
    "scf.ui.role": ("You play", "你扮演"),
    "scf.ui.factor": ("Factor these claims", "保理这些债权"),
    "scf.ui.bank": ("at bank", "银行"),
    "scf.ui.loan": ("SME loan, yuan", "小微企业贷款（元）"),
    "scf.ui.term": ("Payment term, days", "账期（天）"),
    "scf.ui.prime": ("Rate on claims on the core, %", "核心企业债权利率（%）"),
    "scf.ui.sme": ("Rate on SME loans, %", "小微企业贷款利率（%）"),
    "scf.ui.suggest": ("Bot's advice", "机器人建议"),
    "scf.ui.next": ("Next month", "下个月"),
    "scf.ui.quote": ("cash now {net}", "现在到手 {net}"),
    "scf.ui.suggested": ("The prudent bot's choice is filled in: change it or press Next month.",
                         "已填入稳健型机器人的选择：可以修改，或直接点“下个月”。"),
    "scf.ui.played": ("Month {month} played: {events} events.",
                      "第 {month} 个月已结束：发生 {events} 个事件。"),
})
