"""The monitor dashboard, driven from Python: tiles, alerts and charts follow the scenario."""

import base64

from ledgerkit.i18n import set_language
from ledgerkit.monitor import Scenario
from ledgerkit.widgets import MonitorDashboard


def _chart_png(dashboard):
    (output,) = dashboard.chart.outputs
    return base64.b64decode(output["data"]["image/png"])


def test_a_new_dashboard_shows_the_start_and_no_alert():
    dashboard = MonitorDashboard("healthy")
    assert dashboard.scenario.steps == 0
    assert "No alerts" in dashboard.alert_box.value
    assert "nodes alive" in dashboard.tiles.value
    assert _chart_png(dashboard).startswith(b"\x89PNG")


def test_step_button_advances_the_scenario_and_redraws():
    dashboard = MonitorDashboard("healthy")
    before = dashboard.tiles.value
    picture = _chart_png(dashboard)
    dashboard.step_button.click()
    assert dashboard.scenario.steps == 1
    assert dashboard.metrics == dashboard.scenario.timeline[-1]
    assert dashboard.tiles.value != before
    assert _chart_png(dashboard) != picture


def test_stalled_node_raises_a_red_alert():
    dashboard = MonitorDashboard("stalled")
    for _ in range(8):
        dashboard.step_button.click()
    assert [alert.kind for alert in dashboard.alerts] == ["stalled"]
    assert "lk-mon-stalled" in dashboard.alert_box.value
    assert "4 / 5" in dashboard.tiles.value


def test_play_ticks_step_once_each_and_stop_does_not_step():
    dashboard = MonitorDashboard("byzantine")
    for beat in range(1, 4):
        dashboard.play.value = beat
    assert dashboard.scenario.steps == 3
    dashboard.play.value = 0  # the Play widget's stop button
    assert dashboard.scenario.steps == 3


def test_play_stops_when_a_pow_run_ends():
    dashboard = MonitorDashboard("fork_storm")
    dashboard.play.playing = True
    blocks = dashboard.scenario.pow_result.blocks
    for beat in range(1, blocks + 2):
        dashboard.play.value = beat
    assert dashboard.scenario.steps == blocks
    assert dashboard.play.playing is False
    assert "fork" in dashboard.alert_box.value.lower()


def test_choosing_a_scenario_starts_it_afresh():
    dashboard = MonitorDashboard("healthy", seed=2)
    dashboard.step_button.click()
    dashboard.choice.value = "partition"
    assert dashboard.scenario.name == "partition"
    assert dashboard.scenario.steps == 0
    assert dashboard.metrics == Scenario("partition", seed=2).metrics()


def test_dashboard_speaks_chinese():
    set_language("zh")
    try:
        dashboard = MonitorDashboard("healthy")
        assert "存活节点" in dashboard.tiles.value
        assert dashboard.step_button.description == "单步"
    finally:
        set_language("en")


def test_nothing_is_displayed_under_nbgrader(monkeypatch, capsys):
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    MonitorDashboard("healthy")._ipython_display_()
    assert capsys.readouterr().out == ""
