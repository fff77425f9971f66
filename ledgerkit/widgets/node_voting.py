"""The node voting widget (节点投票): watch PBFT or Raft decide, one message round at a time.

A view over `ledgerkit.voting.NodeVotingModel`: every control calls one model method and
then redraws the picture of `model.frame()`; the rules live in the model and the engines.

- Step, Back and the History slider move through time (Step at the present runs the engine);
  Play steps on by itself: the browser's Play widget ticks, the kernel steps once per tick,
  so nothing ever blocks the kernel (and under nbclient nothing ticks at all).
- One button per node, beside the picture: click to crash it, make it Byzantine or recover
  it (PBFT), or to stop and resume it (Raft). The SVG cannot send clicks to the kernel, so
  the buttons do; each has the CSS class `lk-node-<i>`.
- New request (PBFT) or Client request and Time out (Raft), as in RaftScope.

Tests click the buttons from Python:

>>> widget = NodeVoting("pbft", n=4)
>>> widget.step_button.click()
>>> widget.model.frame().phase
'request'

Under nbgrader (NBGRADER_EXECUTION is set) the widget displays nothing.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets
from IPython.display import display

from ledgerkit import render, render_voting
from ledgerkit.errors import LedgerError
from ledgerkit.i18n import get_language, set_language, text
from ledgerkit.progress import under_nbgrader
from ledgerkit.voting import NodeVotingModel
from ledgerkit.widgets.block_formation import language_toggle, lk, tagged

# How the papers spell the two protocols (Castro & Liskov 1999; Ongaro & Ousterhout 2014).
PROTOCOL_NAMES = {"pbft": "PBFT", "raft": "Raft"}
PLAY_INTERVAL_MS = 900  # one step per beat: slow enough to read the counters change
ICONS = {None: "server", "crashed": "power-off", "stopped": "power-off",
         "byzantine": "user-secret"}
# Extra CSS for the node buttons, so a button looks like its node in the picture.
BUTTON_STYLE = """<style>
.lk-node-voting .lk-nv-node-button{justify-content:flex-start}
.lk-node-voting .lk-nv-down{background:#e4e7ec;color:#344054;border:1.5px dashed #475467}
.lk-node-voting .lk-nv-liar{background:#fee4e2;color:#b42318;border:1.5px solid #d92d20}
.lk-node-voting .lk-nv-lead{font-weight:700}
</style>"""




class NodeVoting:
    """The picture of a consensus network, its controls, one button per node, a caption.

    Arguments are those of `NodeVotingModel` (or pass a `model`). `view` is the ipywidgets
    box; the object displays as that box when it is the last expression of a cell.

    >>> NodeVoting("raft", n=3).node_buttons[2].description
    'Node 2'
    """

    def __init__(self, protocol: str = "pbft", n: int | None = None, faulty: int = 0,
                 byzantine: int = 0, seed: int = 0,
                 model: NodeVotingModel | None = None) -> None:
        self.model = model if model is not None else NodeVotingModel(
            protocol, n=n, faulty=faulty, byzantine=byzantine, seed=seed)
        self._status: tuple[bool | None, Callable[[], str]] | None = None
        self._updating = False
        self._build()
        self.refresh()

    # --- building the controls -------------------------------------------------------
    def _build(self) -> None:
        model = self.model
        raft = model.protocol == "raft"
        self.style = widgets.HTML(render.STYLE + render_voting.STYLE + BUTTON_STYLE)
        self.title = widgets.HTML(layout=widgets.Layout(flex="1 1 auto"))
        self.language = language_toggle()
        self.facts = tagged(widgets.HTML(), "lk-nv-facts-box")
        self.picture = tagged(widgets.HTML(layout=widgets.Layout(flex="1 1 600px",
                                                                  min_width="420px")),
                               "lk-nv-picture")

        # One button per node: the picture itself cannot send a click to the kernel.
        self.click_hint = tagged(widgets.HTML(), "lk-nv-click-hint")
        self.node_buttons = [
            tagged(widgets.Button(layout=widgets.Layout(width="180px")),
                    "lk-nv-node-button", f"lk-node-{i}")
            for i in range(model.n)
        ]
        for i, button in enumerate(self.node_buttons):
            button.on_click(self._on_node(i))

        # Moving through time.
        self.back_button = tagged(widgets.Button(icon="step-backward",
                                                  layout=widgets.Layout(width="110px")),
                                   "lk-nv-back")
        self.step_button = tagged(widgets.Button(icon="step-forward", button_style="primary",
                                                  layout=widgets.Layout(width="110px")),
                                   "lk-nv-step")
        self.play = tagged(widgets.Play(value=0, min=0, max=10**9, interval=PLAY_INTERVAL_MS,
                                         show_repeat=False), "lk-nv-play")
        self.history = tagged(widgets.IntSlider(
            value=0, min=0, max=0, continuous_update=True, style={"description_width": "initial"},
            layout=widgets.Layout(width="360px")), "lk-nv-history")

        # Commands.
        self.request_button = tagged(widgets.Button(icon="paper-plane", button_style="success",
                                                     layout=widgets.Layout(width="auto")),
                                      "lk-nv-request")
        self.timeout_node = tagged(widgets.Dropdown(options=list(range(model.n)),
                                                     layout=widgets.Layout(width="70px")),
                                    "lk-nv-timeout-node")
        self.timeout_button = tagged(widgets.Button(icon="bolt", button_style="warning",
                                                     layout=widgets.Layout(width="auto")),
                                      "lk-nv-timeout")
        self.caption = tagged(widgets.HTML(), "lk-nv-caption-box")
        self.status = tagged(widgets.HTML(), "lk-status")
        self.legend = tagged(widgets.HTML(), "lk-nv-legend-box")

        row = widgets.HBox
        wrap = widgets.Layout(flex_flow="row wrap", align_items="center")
        commands = [self.request_button] + ([self.timeout_node, self.timeout_button]
                                            if raft else [])
        side = widgets.VBox([self.click_hint, *self.node_buttons],
                            layout=widgets.Layout(width="200px", margin="0 0 0 8px"))
        self.view = tagged(widgets.VBox([
            self.style,
            row([self.title, self.language], layout=widgets.Layout(
                justify_content="space-between", align_items="center")),
            self.facts,
            row([self.picture, side], layout=widgets.Layout(flex_flow="row wrap")),
            row([self.back_button, self.step_button, self.play, self.history, *commands],
                layout=wrap),
            self.caption,
            self.status,
            self.legend,
        ], layout=widgets.Layout(border="1px solid #d0d5dd", padding="8px 12px")),
            "lk-node-voting", f"lk-nv-{model.protocol}")

        self.back_button.on_click(lambda _button: self._run(self._back))
        self.step_button.on_click(lambda _button: self._run(self._step))
        self.request_button.on_click(lambda _button: self._run(self.model.request))
        self.timeout_button.on_click(
            lambda _button: self._run(lambda: self.model.time_out(self.timeout_node.value)))
        self.play.observe(self._on_play, names="value")
        self.history.observe(self._on_history, names="value")
        self.language.observe(self._on_language, names="value")

    # --- drawing ---------------------------------------------------------------------
    def refresh(self) -> None:
        """Redraw every part from the model's current frame, in the current language."""
        self._updating = True
        try:
            frame = self.model.frame()
            self._draw_labels()
            self.facts.value = lk(render_voting.facts_html(frame))
            self.picture.value = lk(render_voting.voting_svg(frame))
            self.caption.value = lk(render_voting.caption_html(frame))
            self.legend.value = lk(render_voting.legend_html(frame))
            self._draw_node_buttons(frame)
            self.history.max = frame.latest
            self.history.value = frame.index
            self.back_button.disabled = frame.index == 0
            self._draw_status()
        finally:
            self._updating = False

    def _draw_labels(self) -> None:
        protocol = self.model.protocol
        self.language.value = get_language()  # %ledgerkit lang may have switched it
        self.title.value = lk(f"<b style='font-size:16px'>{text('nv.title')} · "
                               f"{PROTOCOL_NAMES[protocol]}</b> — "
                               f"{html.escape(text('nv.intro.' + protocol))}")
        self.click_hint.value = lk(f'<div class="lk-nv-hint">'
                                    f"{html.escape(text('nv.click_hint.' + protocol))}</div>")
        self.back_button.description = text("nv.back")
        self.step_button.description = text("nv.step")
        self.history.description = text("nv.history")
        self.request_button.description = text("nv.request." + protocol)
        self.timeout_button.description = text("nv.timeout")

    def _draw_node_buttons(self, frame: Any) -> None:
        word = text("nv.node." + self.model.protocol)
        for node, button in zip(frame.nodes, self.node_buttons, strict=True):
            label = f"{word} {node.index}"
            if node.fault:
                label += f" · {text('nv.fault.' + node.fault)}"
            elif node.role in render_voting.LEADING_ROLES:
                label += f" · {text('nv.role.' + node.role)}"
            button.description = label
            button.icon = ICONS[node.fault]
            action = text("nv.action." + self.model.next_action(node.index))
            button.tooltip = text("nv.click", action=action)
            self._mark(button, "lk-nv-down", node.fault in ("crashed", "stopped"))
            self._mark(button, "lk-nv-liar", node.fault == "byzantine")
            self._mark(button, "lk-nv-lead", node.role in render_voting.LEADING_ROLES)

    @staticmethod
    def _mark(button: widgets.Button, css_class: str, on: bool) -> None:
        """Add or remove a CSS class, touching the button only when it changes."""
        if on and css_class not in button._dom_classes:
            button.add_class(css_class)
        elif not on and css_class in button._dom_classes:
            button.remove_class(css_class)

    def _draw_status(self) -> None:
        if self._status is not None:
            ok, message = self._status
            self.status.value = lk(render.message_html(message(), ok))
        elif not self.model.at_latest:
            self.status.value = lk(render.message_html(text(
                "nv.replaying", index=self.model.index, latest=self.model.latest)))
        else:
            self.status.value = ""

    # --- what the controls do --------------------------------------------------------
    def _step(self) -> Callable[[], str] | None:
        if self.model.step():
            return None
        return lambda: text("nv.nothing")

    def _back(self) -> None:
        self.model.back()

    def _on_node(self, i: int) -> Callable[[widgets.Button], None]:
        def click(_button: widgets.Button) -> None:
            self._run(lambda: self.model.click_node(i))
        return click

    def _on_play(self, change: dict) -> None:
        # Only a beat forward steps; the Play widget's stop button jumps back to 0.
        if self._updating or change["new"] <= change["old"]:
            return
        going_on = self._run(self.model.tick)
        if not going_on:
            self.play.playing = False

    def _on_history(self, change: dict) -> None:
        if not self._updating:
            self._run(lambda: self.model.seek(change["new"]))

    def _on_language(self, change: dict) -> None:
        if not self._updating:
            set_language(change["new"])
            self.refresh()

    def _run(self, action: Callable[[], object]) -> object:
        """Call the model and redraw. A refusal (LedgerError) is shown in red and changes
        nothing; an action may return a message function to show instead. Returns what
        the action returned (False after a refusal)."""
        self._status = None
        try:
            said = action()
        except LedgerError as refusal:
            kept = refusal  # Python unbinds `refusal` when the except block ends
            self._status = (False, lambda: kept.in_language(get_language()))
            said = False
        else:
            if callable(said):
                self._status = (None, said)
        self.refresh()
        return said

    # --- display -----------------------------------------------------------------------
    def _ipython_display_(self) -> None:
        if under_nbgrader():
            return
        display(self.view)
