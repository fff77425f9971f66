"""The block formation widget in a real JupyterLab, in headless Chromium (区块形成 · 浏览器测试).

Opens the course notebook 01-basics/03-blocks-and-mining.ipynb (a temporary copy), runs all
its cells, then uses the widget as a learner would: Mine, change a block's data, Re-mine,
tamper with a peer. A screenshot is kept in tests/artifacts/.
"""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.ui

NOTEBOOK = "01-basics/03-blocks-and-mining.ipynb"
RUN_ALL_TIMEOUT = 180_000  # ms: the notebook mines a few blocks of its own before the widget
MINE_TIMEOUT = 60_000


def test_mine_edit_and_repair_in_the_course_notebook(lab, page):
    lab.open_notebook(page, NOTEBOOK)
    lab.run_all_cells(page)
    widget = page.locator(".lk-block-formation").first
    widget.wait_for(state="attached", timeout=RUN_ALL_TIMEOUT)
    widget.scroll_into_view_if_needed()
    assert lab.kernel_interpreters() == [lab.python]  # the venv's kernel, with ledgerkit

    blocks = widget.locator(".lk-chain .lk-block")
    expect(blocks).to_have_count(1)
    difficulty = int(widget.locator(".lk-difficulty .widget-readout").inner_text())
    assert difficulty == 16  # as the notebook asks: %blockformation --difficulty 16

    # Mine: a new block appears, and its hash meets the difficulty.
    widget.locator("button.lk-mine").click()
    expect(blocks).to_have_count(2, timeout=MINE_TIMEOUT)
    mined = blocks.nth(1)
    expect(mined).to_have_attribute("data-valid", "true")
    assert int(mined.get_attribute("data-required-bits")) == difficulty
    assert int(mined.get_attribute("data-zero-bits")) >= difficulty
    assert mined.get_attribute("data-hash").startswith("0" * (difficulty // 4))
    dashboard = widget.locator(".lk-progress.lk-done")
    expect(dashboard).to_contain_text(mined.get_attribute("data-hash"))
    assert int(dashboard.get_attribute("data-attempts")) > 0

    # Change the data of block 1: the chain shows it invalid, with the reason.
    widget.locator(".lk-edit-block select").select_option(label="#1")
    amount = widget.locator(".lk-edit-amount input")
    amount.fill("7")
    amount.press("Enter")
    widget.locator("button.lk-apply-edit").click()
    expect(mined).to_have_attribute("data-valid", "false")
    expect(mined).to_have_attribute("data-reason", "merkle")
    expect(mined.locator(".lk-reason")).to_contain_text("Merkle root")
    expect(mined.locator(".lk-txs")).to_contain_text("Alice → Bob: 7")
    lab.artifacts.mkdir(parents=True, exist_ok=True)
    widget.screenshot(path=lab.artifacts / "block_formation.png")

    # Re-mine repairs it; the repaired chain no longer matches the peers' copies.
    widget.locator("button.lk-remine").click()
    expect(mined).to_have_attribute("data-valid", "true", timeout=MINE_TIMEOUT)
    expect(widget.locator(".lk-status")).to_contain_text("valid again")

    # A peer rewrites history: the majority shows which copy is wrong.
    widget.locator("button.lk-sync-peers").click()
    widget.locator(".lk-tamper-peer select").select_option("C")
    widget.locator("button.lk-tamper").click()
    expect(widget.locator('.lk-peer[data-peer="C"]')).to_have_attribute(
        "data-agrees", "false", timeout=MINE_TIMEOUT)
    expect(widget.locator('.lk-peer[data-peer="A"]')).to_have_attribute("data-agrees", "true")
    expect(widget.locator(".lk-verdict")).to_contain_text("peer C disagrees")
    widget.screenshot(path=lab.artifacts / "block_formation_peers.png")
