"""The supply-chain finance game widget (供应链金融经营沙盘) in a real JupyterLab, in headless
Chromium.

Opens the course notebook 07-simulation/01-supply-chain-finance-game.ipynb (a temporary
copy), runs all its cells, then plays two months as T3-1 through the widget shown by
`ScfGame(role="T3-1")`, as a learner would: take the bot's advice and press Next month; then
pick the voucher piece T3-1 received, factor it at a bank and press Next month again — the
piece leaves T3-1's books, the month and the leaderboard move on. A screenshot is kept in
tests/artifacts/.
"""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.ui

NOTEBOOK = "07-simulation/01-supply-chain-finance-game.ipynb"
RUN_ALL_TIMEOUT = 180_000  # ms


def test_play_two_months_as_a_tier_3_supplier(lab, page):
    lab.open_notebook(page, NOTEBOOK)
    lab.run_all_cells(page)
    widget = page.locator(".lk-scf-game").first
    widget.wait_for(state="attached", timeout=RUN_ALL_TIMEOUT)
    widget.scroll_into_view_if_needed()
    lab.wait_for_idle_kernel()
    assert lab.kernel_interpreters() == [lab.python]  # the venv's kernel, with ledgerkit

    state = widget.locator(".lk-scf-state")
    expect(state).to_have_attribute("data-month", "0")
    expect(state).to_have_attribute("data-cash", "50000.00")
    expect(widget.locator(".lk-scf-row")).to_have_count(14)
    expect(widget.locator(".lk-scf-row.lk-scf-you")).to_have_attribute("data-name", "T3-1")

    # Month 1: nothing to sell yet; the bot's advice is a loan for the gap.
    widget.locator("button.lk-scf-suggest").click()
    expect(widget.locator(".lk-status .lk-msg-ok")).to_contain_text("prudent bot")
    assert int(widget.locator(".lk-scf-loan input").input_value()) > 0
    widget.locator("button.lk-scf-next").click()
    expect(state).to_have_attribute("data-month", "1")
    expect(widget.locator(".lk-status .lk-msg-ok")).to_contain_text("Month 1 played")

    # Month 2: T3-1 holds a piece of the core's voucher, which a bank will buy.
    piece = widget.locator(".lk-scf-claim[data-mine='true'][data-bankable='true']").first
    piece_id = piece.get_attribute("data-id")
    widget.locator(".lk-scf-claims select").select_option(index=0)
    widget.locator("button.lk-scf-next").click()
    expect(state).to_have_attribute("data-month", "2")
    expect(widget.locator(".lk-status .lk-msg-ok")).to_contain_text("Month 2 played")
    expect(widget.locator(f".lk-scf-claim[data-id='{piece_id}']")).to_have_count(0)
    expect(widget.locator(".lk-scf-row")).to_have_count(14)
    lab.artifacts.mkdir(parents=True, exist_ok=True)
    widget.screenshot(path=lab.artifacts / "scf_game.png")
