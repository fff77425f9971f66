"""The voucher splitting widget (债权凭证拆分): split, pass on, finance and settle a car maker's
promise to pay, and watch the invariant and the lineage (穿透) as you go.

A view over `ledgerkit.vouchers_view.VoucherSplitModel`: every control calls one model
command and then redraws the tree, the invariant panel and the lineage panel; the rules live
in the model and the voucher contract. A refused command shows the rule in red, in the
learner's language, and changes nothing.

- Piece (CSS class `lk-select`) selects a piece, and so does a click on its button under the
  picture (`lk-piece-<id>`, e.g. `lk-piece-V1.2`: the SVG cannot send clicks to the kernel);
  "Acting as" (`lk-split-actor`) follows the holder, and may be changed to try an action as
  somebody else.
- Split (`lk-split`) takes the typed amounts (`lk-split-amounts`); the slider
  (`lk-split-amount`) fills them in as "first piece, the rest".
- Transfer (`lk-transfer`) to a supplier (`lk-split-to`); Finance (`lk-finance`) at a bank
  (`lk-split-bank`) and a yearly rate in percent (`lk-split-rate`), with interest and net
  shown before and after; Advance (`lk-advance`) by some days (`lk-split-days`), To maturity
  (`lk-maturity`), Settle (`lk-settle`).

Tests click the buttons from Python:

>>> widget = VoucherSplit()
>>> widget.amounts.value = "300000, 700000"; widget.split_button.click()
>>> [node.id for node in widget.model.nodes()]
['V1', 'V1.1', 'V1.2']

Under nbgrader (NBGRADER_EXECUTION is set) the widget displays nothing.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from decimal import Decimal

import ipywidgets as widgets
from IPython.display import display

from ledgerkit import render, render_vouchers
from ledgerkit.errors import LedgerError
from ledgerkit.i18n import get_language, set_language, text
from ledgerkit.progress import under_nbgrader
from ledgerkit.vouchers_view import DEFAULT_RATE, Outcome, VoucherSplitModel, money_text
from ledgerkit.widgets.block_formation import language_toggle, lk, tagged

SLIDER_STEPS = 100  # the slider moves in hundredths of the selected piece
_WIDE = {"description_width": "initial"}




class VoucherSplit:
    """The voucher tree, its controls, the invariant panel and the lineage panel.

    Pass a `model` (default: the ready-made supply chain). `view` is the ipywidgets box; the
    object displays as that box when it is the last expression of a cell.

    >>> VoucherSplit().select.value
    'V1'
    """

    def __init__(self, model: VoucherSplitModel | None = None) -> None:
        self.model = model if model is not None else VoucherSplitModel()
        self._status: Outcome | None = None
        self._updating = False
        self._build()
        self.refresh()

    # --- building the controls -------------------------------------------------------
    def _build(self) -> None:
        model = self.model
        self.style = widgets.HTML(render.STYLE + render_vouchers.STYLE)
        self.title = widgets.HTML(layout=widgets.Layout(flex="1 1 auto"))
        self.language = language_toggle()
        self.today = tagged(widgets.HTML(), "lk-split-today")
        self.picture = tagged(widgets.HTML(layout=widgets.Layout(flex="1 1 560px",
                                                                  min_width="420px")),
                               "lk-split-picture")
        self.invariant = tagged(widgets.HTML(), "lk-split-invariant")
        self.lineage = tagged(widgets.HTML(), "lk-split-lineage")

        self.piece_buttons = tagged(widgets.HBox(layout=widgets.Layout(
            flex_flow="row wrap")), "lk-split-pieces")
        self._piece_ids: tuple[str, ...] = ()
        self.select = tagged(widgets.Dropdown(style=_WIDE, layout=widgets.Layout(
            width="360px")), "lk-select")
        self.actor = tagged(widgets.Dropdown(options=sorted(model.parties), style=_WIDE,
                                              layout=widgets.Layout(width="200px")),
                             "lk-split-actor")
        self.amounts = tagged(widgets.Text(style=_WIDE, layout=widgets.Layout(
            width="300px")), "lk-split-amounts")
        self.slider = tagged(widgets.IntSlider(min=1, max=SLIDER_STEPS - 1, value=30,
                                                readout=False, style=_WIDE,
                                                layout=widgets.Layout(width="260px")),
                              "lk-split-amount")
        self.split_button = tagged(widgets.Button(icon="code-branch", button_style="primary",
                                                   layout=widgets.Layout(width="auto")),
                                    "lk-split")
        self.to = tagged(widgets.Dropdown(options=model.suppliers, style=_WIDE,
                                           layout=widgets.Layout(width="170px")), "lk-split-to")
        self.transfer_button = tagged(widgets.Button(icon="share",
                                                      layout=widgets.Layout(width="auto")),
                                       "lk-transfer")
        self.bank = tagged(widgets.Dropdown(options=model.banks, style=_WIDE,
                                             layout=widgets.Layout(width="150px")),
                            "lk-split-bank")
        self.rate = tagged(widgets.BoundedFloatText(
            value=float(DEFAULT_RATE * 100), min=0.01, max=99.99, step=0.05, style=_WIDE,
            layout=widgets.Layout(width="170px")), "lk-split-rate")
        self.finance_button = tagged(widgets.Button(icon="university", button_style="warning",
                                                     layout=widgets.Layout(width="auto")),
                                      "lk-finance")
        self.quote = tagged(widgets.HTML(), "lk-split-quote")
        self.days = tagged(widgets.BoundedIntText(value=90, min=0, max=3650, style=_WIDE,
                                                   layout=widgets.Layout(width="130px")),
                            "lk-split-days")
        self.advance_button = tagged(widgets.Button(icon="forward",
                                                     layout=widgets.Layout(width="auto")),
                                      "lk-advance")
        self.maturity_button = tagged(widgets.Button(icon="calendar-check",
                                                      layout=widgets.Layout(width="auto")),
                                       "lk-maturity")
        self.settle_button = tagged(widgets.Button(icon="check", button_style="success",
                                                    layout=widgets.Layout(width="auto")),
                                     "lk-settle")
        self.status = tagged(widgets.HTML(), "lk-status")
        self.legend = tagged(widgets.HTML(), "lk-split-legend")

        row = widgets.HBox
        wrap = widgets.Layout(flex_flow="row wrap", align_items="center")
        side = widgets.VBox([self.invariant, self.lineage],
                            layout=widgets.Layout(flex="0 1 380px", margin="0 0 0 8px"))
        self.view = tagged(widgets.VBox([
            self.style,
            row([self.title, self.language], layout=widgets.Layout(
                justify_content="space-between", align_items="center")),
            self.today,
            row([self.picture, side], layout=widgets.Layout(flex_flow="row wrap")),
            self.piece_buttons,
            self.legend,
            row([self.select, self.actor], layout=wrap),
            row([self.amounts, self.slider, self.split_button], layout=wrap),
            row([self.to, self.transfer_button, self.bank, self.rate, self.finance_button],
                layout=wrap),
            self.quote,
            row([self.days, self.advance_button, self.maturity_button, self.settle_button],
                layout=wrap),
            self.status,
        ], layout=widgets.Layout(border="1px solid #d0d5dd", padding="8px 12px")),
            "lk-voucher-split")

        self.select.observe(self._on_select, names="value")
        self.actor.observe(self._on_actor, names="value")
        self.slider.observe(self._on_slider, names="value")
        self.rate.observe(lambda _change: self._draw_quote(), names="value")
        self.language.observe(self._on_language, names="value")
        self.split_button.on_click(
            lambda _button: self._run(lambda: self.model.split(self.amounts.value)))
        self.transfer_button.on_click(
            lambda _button: self._run(lambda: self.model.transfer(self.to.value)))
        self.finance_button.on_click(
            lambda _button: self._run(lambda: self.model.finance(self._rate(),
                                                                 self.bank.value)))
        self.advance_button.on_click(
            lambda _button: self._run(lambda: self.model.advance(self.days.value)))
        self.maturity_button.on_click(lambda _button: self._run(self.model.to_maturity))
        self.settle_button.on_click(lambda _button: self._run(self.model.settle))

    # --- drawing ---------------------------------------------------------------------
    def refresh(self) -> None:
        """Redraw every part from the model, in the current language."""
        self._updating = True
        try:
            model = self.model
            nodes = model.nodes()
            self._draw_labels()
            root = model.piece(model.root_id)
            today = text("vs.today", today=model.today, root=root.id, due=root.due)
            self.today.value = lk(f"<b>{html.escape(today)}</b>")
            self.picture.value = lk(render_vouchers.tree_svg(nodes))
            self.invariant.value = lk(render_vouchers.invariant_html(model.invariant()))
            self.lineage.value = lk(render_vouchers.lineage_html(model.lineage()))
            self.legend.value = lk(render_vouchers.legend_html())
            self.select.options = [(self._label(node), node.id) for node in nodes]
            self.select.value = model.selected
            self._draw_piece_buttons(nodes)
            self.actor.value = model.actor
            self._fill_amounts()
            self._draw_quote()
            self._draw_status()
        finally:
            self._updating = False

    def _draw_labels(self) -> None:
        self.language.value = get_language()  # %ledgerkit lang may have switched it
        self.title.value = lk(f"<b style='font-size:16px'>{text('vs.title')}</b> — "
                               f"{html.escape(text('vs.intro'))}")
        self.select.description = text("vs.select")
        self.actor.description = text("vs.actor")
        self.amounts.description = text("vs.amounts")
        self.amounts.placeholder = text("vs.amounts_hint")
        self.slider.description = text("vs.slider")
        self.split_button.description = text("vs.split")
        self.to.description = text("vs.to")
        self.transfer_button.description = text("vs.transfer")
        self.bank.description = text("vs.bank")
        self.rate.description = text("vs.rate")
        self.finance_button.description = text("vs.finance")
        self.days.description = text("vs.days")
        self.advance_button.description = text("vs.advance")
        self.maturity_button.description = text("vs.maturity")
        self.settle_button.description = text("vs.settle")

    def _draw_piece_buttons(self, nodes: list) -> None:
        """One button per piece; new buttons only when the tree itself changed."""
        ids = tuple(node.id for node in nodes)
        if ids != self._piece_ids:
            buttons = []
            for piece_id in ids:
                button = tagged(widgets.Button(description=piece_id, layout=widgets.Layout(
                    width="auto")), "lk-piece", f"lk-piece-{piece_id}")
                button.on_click(self._on_piece(piece_id))
                buttons.append(button)
            self.piece_buttons.children = buttons
            self._piece_ids = ids
        for node, button in zip(nodes, self.piece_buttons.children, strict=True):
            button.button_style = "info" if node.selected else ""
            button.icon = "lock" if node.status == "SPLIT" else ""
            button.tooltip = self._label(node)

    @staticmethod
    def _label(node: object) -> str:
        return (f"{node.id} · {node.holder} · {money_text(node.amount)} · "
                f"{text('vs.status.' + node.status)}")

    def _fill_amounts(self) -> None:
        """The typed amounts follow the slider: first piece, then the rest of the piece."""
        amount = self.model.piece().amount
        first = (amount * self.slider.value / SLIDER_STEPS).quantize(Decimal("1"))
        first = min(max(first, Decimal(1)), amount - 1) if amount > 1 else amount
        self.amounts.value = f"{first:.0f}, {amount - first:.2f}".replace(".00", "")

    def _draw_quote(self) -> None:
        piece = self.model.piece()
        quote = self.model.quote(self._rate()) if piece.status == "CONFIRMED" else None
        if quote is None:
            words = text("vs.no_quote", piece=piece.id)
        else:
            days, interest, net = quote
            words = text("vs.quote", piece=piece.id, rate=f"{self.rate.value:g}%", days=days,
                         interest=money_text(interest), net=money_text(net))
        self.quote.value = lk(f'<div class="lk-vs-quote">{html.escape(words)}</div>')

    def _draw_status(self) -> None:
        if self._status is None:
            self.status.value = ""
            return
        outcome = self._status
        self.status.value = lk(render.message_html(outcome.message(get_language()),
                                                    outcome.ok))

    def _rate(self) -> Decimal:
        """The rate box (percent, a float) as an exact yearly fraction, e.g. 3.6 -> 0.036."""
        return Decimal(str(round(self.rate.value, 4))) / 100

    # --- what the controls do --------------------------------------------------------
    def _on_select(self, change: dict) -> None:
        if not self._updating and change["new"] is not None:
            self._run(lambda: self.model.select(change["new"]), keep_status=True)

    def _on_piece(self, piece_id: str) -> Callable[[widgets.Button], None]:
        def click(_button: widgets.Button) -> None:
            self._run(lambda: self.model.select(piece_id), keep_status=True)
        return click

    def _on_actor(self, change: dict) -> None:
        if not self._updating and change["new"] is not None:
            self._run(lambda: self.model.act_as(change["new"]), keep_status=True)

    def _on_slider(self, change: dict) -> None:
        if not self._updating:
            self._fill_amounts()

    def _on_language(self, change: dict) -> None:
        if not self._updating:
            set_language(change["new"])
            self.refresh()

    def _run(self, action: Callable[[], object], keep_status: bool = False) -> None:
        """Call the model and redraw. A command returns an Outcome (a refusal included);
        `select` and `act_as` may raise a LedgerError, shown the same way."""
        try:
            said = action()
        except LedgerError as refusal:
            said = Outcome(False, error=refusal)
        if isinstance(said, Outcome):
            self._status = said
        elif not keep_status:
            self._status = None
        self.refresh()

    # --- display -----------------------------------------------------------------------
    def _ipython_display_(self) -> None:
        if under_nbgrader():
            return
        display(self.view)
