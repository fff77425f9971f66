"""The supply-chain finance game widget, driven from Python: pick claims, press its buttons
and read the HTML it draws. No browser needed (tests/ui covers that)."""

import re

import pytest

import ledgerkit
from ledgerkit.sim.scf_game import Decision, Finance, GameConfig
from ledgerkit.widgets.scf_game import ScfGame

SMALL = GameConfig(tiers=(1, 2, 2), months=3, fail_chance=(0, 0, 0), fraud_chance=0)


@pytest.fixture(autouse=True)
def english():
    ledgerkit.set_language("en")
    yield
    ledgerkit.set_language("en")


def state(widget: ScfGame) -> dict[str, str]:
    tag = re.search(r'<div class="lk-scf-panel lk-scf-state"[^>]*>', widget.state.value)
    return dict(re.findall(r'data-([\w-]+)="([^"]*)"', tag.group(0)))


def test_the_bots_advice_then_next_month_plays_the_month():
    widget = ScfGame(SMALL, role="T3-1")
    assert state(widget)["month"] == "0"
    widget.suggest_button.click()
    assert widget.loan.value > 0  # tier 3 has nothing to factor in month 1: it borrows
    widget.next_button.click()
    assert state(widget)["month"] == "1"
    assert "lk-msg-ok" in widget.status.value and "Month 1 played" in widget.status.value
    assert widget.game.firms["T3-1"].emergencies == 0


def test_a_factored_claim_goes_to_the_bank_and_the_leaderboard_ranks_every_supplier():
    widget = ScfGame(SMALL, role="T3-1")
    widget.suggest_button.click()
    widget.next_button.click()
    widget.bank.value = "BankA"
    piece = widget.claims.options[0][1]
    widget.claims.value = (piece,)
    widget.next_button.click()
    assert widget.game.claims[piece].holder == "BankA"
    assert len(re.findall(r'class="lk-scf-row', widget.board.value)) == 5


def test_a_refused_decision_shows_the_rule_in_red_and_changes_nothing():
    widget = ScfGame(SMALL, role="T2-1", ledger=False)
    widget.suggest_button.click()
    widget.next_button.click()
    # A tier-2 invoice on a small buyer is not bankable without the ledger: none is offered...
    assert widget.claims.options == ()
    invoice = widget.game.held("T2-1")[0].id
    # ...so try it anyway, as a learner could from code.
    widget.decision = lambda: Decision(finance=(Finance(invoice, "BankB"),))
    before = widget.game.snapshot()
    widget.next_button.click()
    assert "lk-msg-bad" in widget.status.value
    assert "A bank factors only a claim on the core enterprise" in widget.status.value
    assert widget.game.snapshot() == before


def test_the_end_of_game_report_and_chinese_labels():
    widget = ScfGame(SMALL, role="T3-2")
    for _ in range(3):
        widget.suggest_button.click()
        widget.next_button.click()
    assert widget.next_button.disabled
    assert "End-of-game report (3 months)" in widget.report.value
    widget.language.value = "zh"
    assert widget.next_button.description == "下个月"
    assert "游戏复盘（3 个月）" in widget.report.value


def test_changing_role_or_world_starts_a_new_game():
    widget = ScfGame(SMALL, role="T3-1")
    widget.next_button.click()
    widget.role_pick.value = "Core"
    assert widget.game.month == 0 and widget.term.value == 120
    widget.term.value = 90
    widget.next_button.click()
    assert widget.game.term_days == 90
    widget.world.value = False
    assert widget.game.month == 0 and not widget.game.ledger
