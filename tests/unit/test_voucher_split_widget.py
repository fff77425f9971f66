"""The voucher splitting widget, driven from Python: type amounts, move the slider, click its
buttons and read the HTML it draws. No browser needed (tests/ui covers that)."""

import os
import re

import pytest
from IPython.core.interactiveshell import InteractiveShell

import ledgerkit
from ledgerkit.vouchers_view import VoucherSplitModel
from ledgerkit.widgets import VoucherSplit


@pytest.fixture(autouse=True)
def english():
    ledgerkit.set_language("en")
    yield
    ledgerkit.set_language("en")


@pytest.fixture
def widget() -> VoucherSplit:
    return VoucherSplit()


def piece(widget: VoucherSplit, piece_id: str) -> dict[str, str]:
    """The data attributes of a piece in the widget's picture."""
    tag = re.search(rf'<g class="lk-vs-node [^>]*data-id="{re.escape(piece_id)}"[^>]*>',
                    widget.picture.value)
    return dict(re.findall(r'data-([\w-]+)="([^"]*)"', tag.group(0)))


def ids(widget: VoucherSplit) -> list[str]:
    return re.findall(r'data-id="([^"]+)"', widget.picture.value)


def test_it_starts_with_the_car_makers_voucher(widget):
    assert ids(widget) == ["V1"]
    assert piece(widget, "V1") == {"id": "V1", "amount": "1000000.00", "parent": "",
                                   "status": "CONFIRMED", "holder": "SeatCo",
                                   "selected": "true", "lineage": "true"}
    assert widget.select.value == "V1" and widget.actor.value == "SeatCo"
    assert widget.amounts.value == "300000, 700000"
    assert "Today 2025-01-01 · V1 due 2025-06-30" in widget.today.value
    assert "180 days, interest 18,000.00, net 982,000.00" in widget.quote.value
    assert widget.status.value == ""


def test_stable_css_classes(widget):
    classes = {css for control in (widget.view, widget.select, widget.actor, widget.amounts,
                                   widget.slider, widget.split_button, widget.to,
                                   widget.transfer_button, widget.bank, widget.rate,
                                   widget.finance_button, widget.days, widget.advance_button,
                                   widget.maturity_button, widget.settle_button, widget.status)
               for css in control._dom_classes}
    assert {"lk-voucher-split", "lk-select", "lk-split-actor", "lk-split-amounts",
            "lk-split-amount", "lk-split", "lk-split-to", "lk-transfer", "lk-split-bank",
            "lk-split-rate", "lk-finance", "lk-split-days", "lk-advance", "lk-maturity",
            "lk-settle", "lk-status"} <= classes


def test_split_by_typing_amounts(widget):
    widget.amounts.value = "250000, 750000"
    widget.split_button.click()
    children = [piece(widget, pid) for pid in ("V1.1", "V1.2")]
    assert [c["amount"] for c in children] == ["250000.00", "750000.00"]
    assert all(c["parent"] == "V1" for c in children)
    assert piece(widget, "V1")["status"] == "SPLIT"
    assert "lk-msg-ok" in widget.status.value and "V1 was split into" in widget.status.value
    assert widget.select.value == "V1.1"
    assert [label for label, _ in widget.select.options][1] == \
        "V1.1 · SeatCo · 250,000.00 · confirmed"


def test_the_slider_fills_in_the_amounts(widget):
    widget.slider.value = 45
    assert widget.amounts.value == "450000, 550000"
    widget.split_button.click()
    assert [piece(widget, pid)["amount"] for pid in ("V1.1", "V1.2")] == ["450000.00",
                                                                          "550000.00"]
    assert widget.amounts.value == "202500, 247500"  # 45% of the newly selected V1.1


def test_a_forbidden_action_shows_the_rule_and_changes_nothing(widget):
    widget.split_button.click()
    widget.select.value = "V1"
    before = widget.picture.value
    state = widget.model.registry.state_bytes()
    widget.split_button.click()
    assert "lk-msg-bad" in widget.status.value
    assert "the parent is frozen" in widget.status.value
    assert widget.picture.value == before
    assert widget.model.registry.state_bytes() == state


def test_transfer_as_somebody_else_is_refused(widget):
    widget.actor.value = "SteelCo"
    widget.to.value = "FoamCo"
    widget.transfer_button.click()
    assert "SteelCo does not hold V1" in widget.status.value
    assert piece(widget, "V1")["holder"] == "SeatCo"
    widget.actor.value = "SeatCo"
    widget.transfer_button.click()
    assert piece(widget, "V1")["holder"] == "FoamCo"
    assert widget.actor.value == "FoamCo"


def test_finance_shows_interest_and_net_then_settle(widget):
    widget.split_button.click()
    widget.to.value = "FrameCo"
    widget.transfer_button.click()
    widget.days.value = 90
    widget.advance_button.click()
    assert "90 days, interest 2,700.00, net 297,300.00" in widget.quote.value
    widget.finance_button.click()
    assert "interest 2,700.00, FrameCo receives 297,300.00" in widget.status.value
    assert piece(widget, "V1.1")["status"] == "FINANCED"
    assert piece(widget, "V1.1")["holder"] == "Bank"
    assert "net 297,300.00" in widget.picture.value
    assert "cannot be financed now" in widget.quote.value
    widget.maturity_button.click()
    widget.settle_button.click()
    assert "Settled 2 pieces" in widget.status.value
    assert {piece(widget, pid)["status"] for pid in ("V1.1", "V1.2")} == {"SETTLED"}
    assert 'data-settled="1000000.00"' in widget.invariant.value
    assert 'data-holds="true"' in widget.invariant.value


def test_the_language_switch_redraws_everything(widget):
    widget.split_button.click()
    widget.language.value = "zh"
    assert ledgerkit.get_language() == "zh"
    assert widget.split_button.description == "拆分"
    assert "已拆分为" in widget.status.value  # the last message follows the language
    assert "穿透" in widget.lineage.value and "不变量成立" in widget.invariant.value


def test_piece_buttons_select_a_piece(widget):
    widget.split_button.click()
    buttons = {button.description: button for button in widget.piece_buttons.children}
    assert sorted(buttons) == ["V1", "V1.1", "V1.2"]
    assert "lk-piece-V1.2" in buttons["V1.2"]._dom_classes
    assert buttons["V1"].icon == "lock"  # the split parent is frozen
    buttons["V1.2"].click()
    assert widget.model.selected == "V1.2" and widget.select.value == "V1.2"
    assert piece(widget, "V1.2")["selected"] == "true"
    assert buttons["V1.2"].button_style == "info" and buttons["V1.1"].button_style == ""


def test_a_model_can_be_passed_in():
    model = VoucherSplitModel()
    model.split([1, 999_999])
    assert ids(VoucherSplit(model=model)) == ["V1", "V1.1", "V1.2"]


def test_the_magic_shows_the_widget(capsys):
    shell = InteractiveShell.instance()
    shell.run_line_magic("load_ext", "ledgerkit")
    shown = []
    formatter = shell.display_formatter.ipython_display_formatter
    formatter.for_type(VoucherSplit, shown.append)
    try:
        shell.run_line_magic("vouchers", "--lang zh")
    finally:
        formatter.pop(VoucherSplit)
    assert len(shown) == 1 and isinstance(shown[0], VoucherSplit)
    assert ledgerkit.get_language() == "zh"


def test_the_magic_is_silent_under_nbgrader(monkeypatch):
    shell = InteractiveShell.instance()
    shell.run_line_magic("load_ext", "ledgerkit")
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    assert os.environ["NBGRADER_EXECUTION"]
    shown = []
    formatter = shell.display_formatter.ipython_display_formatter
    formatter.for_type(VoucherSplit, shown.append)
    try:
        shell.run_line_magic("vouchers", "")
    finally:
        formatter.pop(VoucherSplit)
    assert shown == []
