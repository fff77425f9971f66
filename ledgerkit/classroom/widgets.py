"""The classroom widgets (课堂组件): the student's panel and the lecturer's dashboard.

Views only: `ClassroomPanel` puts the course's own widgets on the shared chain — the node
voting widget for a validator, the voucher splitting widget for the core enterprise, the
suppliers and the banks (through `ledgerkit.classroom.shared`) — plus the regulator's log
and the latest blocks. `ClassDashboard` is the lecturer's live view of the class, with the
fault buttons. On the hub a background thread follows the class and redraws; at home (a
simulated class) everything happens when you click.

>>> from ledgerkit.classroom.simulated import SimulatedClass
>>> home = SimulatedClass()
>>> panel = ClassroomPanel(home.join("you", role="validator"))
>>> panel.voting is not None, panel.split is None
(True, True)
>>> ClassDashboard(home).tiles.value.count('class="lk-class-tile"')
8
"""

from __future__ import annotations

import html
import threading
from typing import Any

import ipywidgets as widgets
from IPython.display import display

from ledgerkit import render, render_voting
from ledgerkit.classroom import render as class_render
from ledgerkit.classroom.client import AutoVoter, ClassClient, HttpTransport, Lecturer
from ledgerkit.classroom.protocol import ClassroomError
from ledgerkit.classroom.shared import SharedRegistry, SharedSplitModel, SharedVotingModel
from ledgerkit.errors import LedgerError
from ledgerkit.i18n import get_language, register_strings, text
from ledgerkit.progress import under_nbgrader
from ledgerkit.widgets.block_formation import lk, tagged

register_strings({
    "classroom.ui.you": ("You are {name}, {role}, in class {code}.",
                         "你是 {name}（{role}），在课堂 {code} 中。"),
    "classroom.ui.chain": ("Chain: {height} blocks, date {today}, {pending} calls waiting.",
                           "链：{height} 个区块，日期 {today}，{pending} 个调用待出块。"),
    "classroom.ui.refresh": ("Refresh", "刷新"),
    "classroom.ui.autovote": ("vote for me automatically", "自动替我投票"),
    "classroom.ui.audit": ("Every attempt (the regulator's log)", "所有操作记录（监管方日志）"),
    "classroom.ui.no_vouchers": ("No voucher has reached you yet.", "还没有凭证流转到你。"),
    "classroom.ui.seat_of": ("seat", "席位"),
})


class ClassroomPanel:
    """Who you are in the class, and your widgets on the shared chain.

    `client` is a joined ClassClient; `lecturer` moves the clock at home (a simulated
    class's `lecturer`). On the hub, `follow` starts a thread that redraws on every event.
    """

    def __init__(self, client: ClassClient, lecturer: Any = None, follow: bool = True) -> None:
        self.client, self.lecturer = client, lecturer
        me = client.me or {}
        self.role = me.get("role")
        self.header = tagged(widgets.HTML(), "lk-class-header")
        self.refresh_button = tagged(widgets.Button(icon="sync"), "lk-class-refresh")
        self.refresh_button.on_click(lambda _button: self.refresh())
        self.status = tagged(widgets.HTML(), "lk-status")
        self.blocks = tagged(widgets.HTML(), "lk-class-blocks-box")
        parts: list[widgets.Widget] = []
        self.voting = self.split = self.audit = self.autovote = None
        if self.role == "validator":
            from ledgerkit.widgets.node_voting import NodeVoting

            self.voting = NodeVoting(model=SharedVotingModel(client))
            self.autovote = tagged(widgets.Checkbox(value=False, indent=False),
                                   "lk-class-autovote")
            self.autovote.observe(self._on_autovote, names="value")
            parts += [self.autovote, self.voting.view]
        elif self.role == "regulator":
            self.audit = tagged(widgets.HTML(), "lk-class-audit")
            parts.append(self.audit)
        else:
            self.vouchers = widgets.VBox()
            parts.append(self.vouchers)
        self.view = tagged(widgets.VBox([
            widgets.HTML(render.STYLE + render_voting.STYLE),
            widgets.HBox([self.header, self.refresh_button]), self.status, *parts,
            self.blocks], layout=widgets.Layout(border="1px solid #d0d5dd", padding="8px")),
            "lk-classroom-panel")
        self._drawing = threading.Lock()
        self.voter: AutoVoter | None = None
        if follow and isinstance(client.transport, HttpTransport):
            self.voter = AutoVoter(client, votes=False, on_change=self.refresh)
            self.voter.start()
        self.refresh()

    def refresh(self) -> None:
        """Read the class again and redraw every part (the following thread and your clicks
        take turns)."""
        with self._drawing:
            self._refresh()

    def _refresh(self) -> None:
        try:
            self._draw()
            self.status.value = ""
        except LedgerError as problem:
            self.status.value = lk(render.message_html(problem.in_language(
                get_language()), False))

    def _draw(self) -> None:
        me, status = self.client.me or {}, self.client.status()
        role = me.get("label", {}).get(get_language(), me.get("role", ""))
        if me.get("seat") is not None:
            role += f" · {text('classroom.ui.seat_of')} {me['seat']}"
        who = text("classroom.ui.you", name=me.get("name"), role=role, code=me.get("code", ""))
        self.header.value = lk(f"<b>{html.escape(who)}</b><br>"
                               f"{html.escape(text('classroom.ui.chain', **status))}")
        self.refresh_button.description = text("classroom.ui.refresh")
        blocks = self.client.get("blocks", since=max(1, status["height"] - 4))
        self.blocks.value = lk(class_render.blocks_html(blocks))
        if self.voting is not None:
            self.voting.model.refresh()
            self.voting.refresh()
            self.autovote.description = text("classroom.ui.autovote")
        elif self.audit is not None:
            self.audit.value = lk(self._audit_html())
        else:
            self._draw_vouchers()

    def _draw_vouchers(self) -> None:
        if self.split is None:
            try:
                model = SharedSplitModel(SharedRegistry(self.client, self.lecturer))
            except ClassroomError:
                self.vouchers.children = (widgets.HTML(lk(html.escape(text(
                    "classroom.ui.no_vouchers")))),)
                return
            from ledgerkit.widgets.voucher_split import VoucherSplit

            self.split = VoucherSplit(model=model)
            self.vouchers.children = (self.split.view,)
        else:
            self.split.model.refresh()
            self.split.refresh()

    def _audit_html(self) -> str:
        rows = "".join(
            f"<tr><td>{html.escape(a['day'])}</td><td>{html.escape(a['who'])}</td>"
            f"<td>{html.escape(a['kind'])} {html.escape(a['action'])}</td>"
            f"<td>{'✔' if a['ok'] else '✘ ' + html.escape(a.get(get_language(), ''))}</td></tr>"
            for a in self.client.audit()[-30:])
        return (f"<h4>{html.escape(text('classroom.ui.audit'))}</h4>"
                f'<table class="lk-class-attempts">{rows}</table>')

    def _on_autovote(self, change: dict) -> None:
        if self.voter is not None:
            self.voter.votes = change["new"]
            self.voter.answer()
        self.refresh()

    def _ipython_display_(self) -> None:
        if under_nbgrader():
            return
        display(self.view)


class ClassDashboard:
    """The lecturer's dashboard: the numbers, the seats, the round, the latest blocks, and
    buttons to crash the primary, make a seat Byzantine, recover it, split the network,
    heal it and move the date. `source` is a `Lecturer` (the hub's service) or a
    `SimulatedClass`."""

    def __init__(self, source: Lecturer | Any) -> None:
        self.source = source
        self.tiles = tagged(widgets.HTML(), "lk-class-dashboard")
        self.seat = widgets.Dropdown(description="seat", options=[], layout=widgets.Layout(
            width="150px"))
        self.groups = widgets.Text(value="0,1", description="group",
                                   layout=widgets.Layout(width="180px"))
        self.days = widgets.BoundedIntText(value=30, min=1, max=3650, description="days",
                                           layout=widgets.Layout(width="160px"))
        self.said = tagged(widgets.HTML(), "lk-status")
        buttons = []
        for op in ("crash primary", "crash", "byzantine", "recover", "partition", "heal",
                   "advance", "refresh"):
            button = tagged(widgets.Button(description=op), f"lk-class-{op.replace(' ', '-')}")
            button.on_click(lambda _button, op=op: self.command(op))
            buttons.append(button)
        self.play = widgets.Play(interval=1500, max=10**9)
        self.play.observe(lambda _change: self.refresh(), names="value")
        self.view = widgets.VBox([
            widgets.HBox([self.seat, self.groups, self.days, self.play]),
            widgets.HBox(buttons), self.said, self.tiles])
        self.refresh()

    def _status(self) -> dict[str, Any]:
        if isinstance(self.source, Lecturer):
            return self.source.status()
        return self.source.network.status()

    def refresh(self) -> None:
        """Read the class again and redraw."""
        status = self._status()
        if isinstance(self.source, Lecturer):
            frame, blocks = self.source.frame(), self.source.blocks(max(1, status["height"] - 7))
        else:
            net = self.source.network
            frame, blocks = net.voting_frame(), net.blocks(max(1, status["height"] - 7))
        self.seat.options = [(f"{s['seat']} {s['holder']}", s["seat"]) for s in status["seats"]]
        self.tiles.value = class_render.dashboard_html(status, frame, blocks)

    def command(self, op: str) -> None:
        """One lecturer command from the buttons ("crash primary" crashes the primary of the
        current view; "crash", "byzantine" and "recover" act on the chosen seat; "refresh"
        only redraws)."""
        args: dict[str, Any] = {}
        if op in ("crash", "byzantine", "recover"):
            args["seat"] = self.seat.value
        op = "crash" if op == "crash primary" else op
        if op == "partition":
            args["groups"] = [[int(x) for x in self.groups.value.split(",") if x.strip()]]
        if op == "advance":
            args["days"] = self.days.value
        try:
            if op != "refresh":
                said = (self.source.command(op, **args) if isinstance(self.source, Lecturer)
                        else self.source.lecturer(op, **args))
                caption = said.get("caption") or {}
                self.said.value = lk(html.escape(caption.get(get_language(), "") or str(said)))
        except LedgerError as refusal:
            self.said.value = lk(render.message_html(refusal.in_language(
                get_language()), False))
        self.refresh()

    def _ipython_display_(self) -> None:
        if under_nbgrader():
            return
        display(self.view)
