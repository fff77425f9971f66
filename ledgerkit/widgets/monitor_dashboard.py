"""The network dashboard (网络监控面板): status tiles, live charts and alerts of a scenario.

A view over `ledgerkit.monitor.Scenario`: Step advances the scenario once and redraws; Play
steps on by itself (the browser's Play widget ticks, the kernel steps once per tick, so
nothing blocks the kernel, and under nbclient nothing ticks at all). The tiles are HTML; the
charts are matplotlib figures placed in an `ipywidgets.Output` as PNG images.

Tests click the buttons from Python:

>>> dashboard = MonitorDashboard("stalled")
>>> for _ in range(8): dashboard.step_button.click()
>>> [alert.kind for alert in dashboard.alerts]
['stalled']

Under nbgrader (NBGRADER_EXECUTION is set) the dashboard displays nothing.
"""

from __future__ import annotations

import base64
import html
import io

import ipywidgets as widgets
from IPython.display import display

from ledgerkit.i18n import STRINGS, register_strings, text
from ledgerkit.monitor import SCENARIOS, Alert, Metrics, Scenario
from ledgerkit.progress import under_nbgrader

PLAY_INTERVAL_MS = 700  # one step per beat: slow enough to watch the tiles change
TILE_STYLE = ("display:inline-block;min-width:110px;margin:3px;padding:6px 10px;"
              "border:1px solid #d0d5dd;border-radius:6px;background:{background}")

register_strings({
    "monitor.ui.title": ("Network dashboard", "网络监控面板"),
    "monitor.ui.step": ("Step", "单步"),
    "monitor.ui.scenario": ("Scenario", "场景"),
    "monitor.ui.steps": ("step {steps}", "第 {steps} 步"),
    "monitor.ui.blocks": ("blocks / entries", "区块 / 条目"),
    "monitor.ui.interval": ("block interval", "出块间隔"),
    "monitor.ui.tps": ("throughput (TPS)", "吞吐量（TPS）"),
    "monitor.ui.forks": ("forks", "分叉"),
    "monitor.ui.propagation": ("propagation (50%)", "传播时间（50%）"),
    "monitor.ui.alive": ("nodes alive", "存活节点"),
    "monitor.ui.messages": ("messages", "消息数"),
    "monitor.ui.no_alerts": ("No alerts: all quiet.", "无告警：一切正常。"),
    "monitor.ui.chart_blocks": ("Blocks over steps", "区块数随步数变化"),
    "monitor.ui.chart_phases": ("Messages per phase", "各阶段消息数"),
    "monitor.ui.chart_forks": ("Forks over steps", "分叉数随步数变化"),
    "monitor.ui.chart_step": ("step", "步"),
    "monitor.ui.seconds": ("s", "秒"),
    # the scenarios by name, as the drop-down and the title show them
    "monitor.scenario.healthy": ("healthy", "正常运行"),
    "monitor.scenario.stalled": ("stalled", "节点停顿"),
    "monitor.scenario.partition": ("partition", "网络分区"),
    "monitor.scenario.fork_storm": ("fork_storm", "分叉风暴"),
    "monitor.scenario.byzantine": ("byzantine", "拜占庭节点"),
})


def tiles_html(metrics: Metrics, steps: int) -> str:
    """The status tiles (状态卡片) for one moment, as HTML.

    >>> "nodes alive" in tiles_html(Metrics("demo", blocks=3, alive={0: True}), steps=1)
    True
    """
    alive = sum(metrics.alive.values())
    values = [
        ("monitor.ui.blocks", str(metrics.blocks), True),
        ("monitor.ui.interval", _number(metrics.block_interval_s, text("monitor.ui.seconds")),
         True),
        ("monitor.ui.tps", _number(metrics.tps, ""), True),
        ("monitor.ui.forks", str(metrics.forks), metrics.forks == 0),
        ("monitor.ui.propagation", _number(metrics.propagation_s, text("monitor.ui.seconds")),
         True),
        ("monitor.ui.alive", f"{alive} / {len(metrics.alive)}", alive == len(metrics.alive)),
        ("monitor.ui.messages", str(sum(metrics.messages.values())), True),
    ]
    tiles = [
        f'<div class="lk-mon-tile" style="{TILE_STYLE.format(background=_colour(ok))}">'
        f'<div style="font-size:11px;color:#475467">{html.escape(text(key))}</div>'
        f'<div style="font-size:18px;font-weight:700">{html.escape(value)}</div></div>'
        for key, value, ok in values
    ]
    heading = html.escape(text("monitor.ui.steps", steps=steps))
    return f'<div class="lk-mon-tiles"><b>{heading}</b><br>{"".join(tiles)}</div>'


def alerts_html(alerts: list[Alert]) -> str:
    """The alerts as a red list, or a green all-quiet line.

    >>> "all quiet" in alerts_html([])
    True
    """
    if not alerts:
        quiet = html.escape(text("monitor.ui.no_alerts"))
        return f'<div class="lk-mon-ok" style="color:#1a7f37">✔ {quiet}</div>'
    items = "".join(f'<li class="lk-mon-alert lk-mon-{a.kind}">⚠ {html.escape(a.message())}</li>'
                    for a in alerts)
    return f'<ul style="color:#b42318;margin:4px 0">{items}</ul>'


def scenario_options() -> tuple[tuple[str, str], ...]:
    """The drop-down's (label, scenario) pairs in the current language.

    >>> scenario_options()[0]
    ('healthy', 'healthy')
    """
    return tuple((text(f"monitor.scenario.{name}"), name) for name in SCENARIOS)


def _number(value: float | None, unit: str) -> str:
    return "—" if value is None else f"{value:,.2f} {unit}".strip()


def _colour(ok: bool) -> str:
    return "#ecfdf3" if ok else "#fee4e2"


def chart_png(scenario: Scenario) -> bytes:
    """Two charts of the run so far as a PNG: blocks over steps, and messages per phase
    (PBFT, Raft) or forks over steps (proof of work).

    >>> chart_png(Scenario("healthy"))[:4]
    b'\\x89PNG'
    """
    from matplotlib.figure import Figure  # lazily, and without pyplot: nothing shows twice

    from ledgerkit.charts import font_families

    fonts = font_families()
    figure = Figure(figsize=(9, 2.8), layout="constrained")
    left, right = figure.subplots(1, 2)
    steps = range(len(scenario.timeline))
    left.plot(steps, [m.blocks for m in scenario.timeline], marker=".", color="#1570ef")
    left.set_title(text("monitor.ui.chart_blocks"), fontfamily=fonts)
    left.set_xlabel(text("monitor.ui.chart_step"), fontfamily=fonts)
    now = scenario.timeline[-1]
    if scenario.pow_result is not None:
        right.plot(steps, [m.forks for m in scenario.timeline], marker=".", color="#d92d20")
        right.set_title(text("monitor.ui.chart_forks"), fontfamily=fonts)
        right.set_xlabel(text("monitor.ui.chart_step"), fontfamily=fonts)
    else:
        phases = list(now.messages)[::-1]  # in the order first seen, the first on top
        # The node voting widget's names for the messages, so both speak the same words.
        labels = [text(f"nv.kind.{p}") if f"nv.kind.{p}" in STRINGS else p for p in phases]
        right.barh(labels, [now.messages[p] for p in phases], color="#7a5af8")
        for label in right.get_yticklabels():
            label.set_fontfamily(fonts)
        right.set_title(text("monitor.ui.chart_phases"), fontfamily=fonts)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=80)
    return buffer.getvalue()


class MonitorDashboard:
    """A dashboard over a `Scenario`: choose a scenario, then Step or Play.

    `view` is the ipywidgets box; the object displays as that box when it is the last
    expression of a cell. `alerts` and `metrics` are what the dashboard shows now.

    >>> MonitorDashboard("byzantine").scenario.name
    'byzantine'
    """

    def __init__(self, scenario: str = "healthy", seed: int = 0) -> None:
        self.scenario = Scenario(scenario, seed=seed)
        self.seed = seed
        self._updating = False
        self.title = widgets.HTML()
        self.choice = widgets.Dropdown(options=scenario_options(), value=scenario)
        self.step_button = widgets.Button(icon="step-forward", button_style="primary")
        self.play = widgets.Play(value=0, min=0, max=10**9, interval=PLAY_INTERVAL_MS,
                                 show_repeat=False)
        self.tiles = widgets.HTML()
        self.alert_box = widgets.HTML()
        self.chart = widgets.Output()
        for widget, css_class in ((self.choice, "lk-mon-scenario"),
                                  (self.step_button, "lk-mon-step"), (self.play, "lk-mon-play"),
                                  (self.tiles, "lk-mon-tiles-box"),
                                  (self.alert_box, "lk-mon-alerts"), (self.chart, "lk-mon-chart")):
            widget.add_class(css_class)
        self.view = widgets.VBox([
            self.title,
            widgets.HBox([self.choice, self.step_button, self.play]),
            self.tiles, self.alert_box, self.chart,
        ], layout=widgets.Layout(border="1px solid #d0d5dd", padding="8px 12px"))
        self.view.add_class("lk-monitor-dashboard")
        self.step_button.on_click(lambda _button: self.step())
        self.play.observe(self._on_play, names="value")
        self.choice.observe(self._on_choice, names="value")
        self.refresh()

    @property
    def metrics(self) -> Metrics:
        """The numbers on the tiles now."""
        return self.scenario.timeline[-1]

    @property
    def alerts(self) -> list[Alert]:
        """The alerts shown now."""
        return self.scenario.alerts()

    def step(self) -> bool:
        """Advance the scenario one step and redraw; False when it has ended."""
        going_on = self.scenario.step()
        self.refresh()
        return going_on

    def refresh(self) -> None:
        """Redraw tiles, alerts and charts from the scenario, in the current language."""
        self.title.value = (f"<b style='font-size:16px'>{html.escape(text('monitor.ui.title'))}"
                            f" · {html.escape(text('monitor.scenario.' + self.scenario.name))}"
                            "</b>")
        self.step_button.description = text("monitor.ui.step")
        self.choice.description = text("monitor.ui.scenario")
        if self.choice.options != scenario_options():  # the language was switched
            self._updating = True
            try:
                value = self.choice.value
                self.choice.options, self.choice.value = scenario_options(), value
            finally:
                self._updating = False
        self.tiles.value = tiles_html(self.metrics, self.scenario.steps)
        self.alert_box.value = alerts_html(self.alerts)
        png = base64.b64encode(chart_png(self.scenario)).decode("ascii")
        # Set the Output's content directly: it works the same with or without a kernel.
        self.chart.outputs = ({"output_type": "display_data", "metadata": {},
                               "data": {"image/png": png, "text/plain": "<chart>"}},)

    def _on_play(self, change: dict) -> None:
        # Only a beat forward steps; the Play widget's stop button jumps back to 0.
        if self._updating or change["new"] <= change["old"]:
            return
        if not self.step():
            self.play.playing = False

    def _on_choice(self, change: dict) -> None:
        if self._updating or change["new"] is None:
            return
        self.play.playing = False
        self.scenario = Scenario(change["new"], seed=self.seed)
        self.refresh()

    def _ipython_display_(self) -> None:
        if under_nbgrader():
            return
        display(self.view)
