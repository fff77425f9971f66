"""The voucher splitting widget (债权凭证拆分) in a real JupyterLab, in headless Chromium.

Opens the course notebook 02-applications/01-supply-chain-vouchers.ipynb (a temporary copy),
runs all its cells, then uses the widget shown by `%vouchers` as a learner would: split the
car maker's voucher by typing two amounts and clicking Split, then try two forbidden actions —
split the frozen parent again, and transfer a piece while acting as somebody who does not
hold it — and see the rule in red while the tree stays as it was. A screenshot is kept in
tests/artifacts/.
"""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.ui

NOTEBOOK = "02-applications/01-supply-chain-vouchers.ipynb"
RUN_ALL_TIMEOUT = 180_000  # ms



def tree(widget) -> list[tuple[str, str, str, str, str]]:
    """Every piece of the picture as (id, parent, amount, status, holder)."""
    return widget.locator(".lk-vs-node").evaluate_all(
        "nodes => nodes.map(n => [n.dataset.id, n.dataset.parent, n.dataset.amount, "
        "n.dataset.status, n.dataset.holder])")


def test_split_a_voucher_then_try_forbidden_actions(lab, page):
    lab.open_notebook(page, NOTEBOOK)
    lab.run_all_cells(page)
    widget = page.locator(".lk-voucher-split").first
    widget.wait_for(state="attached", timeout=RUN_ALL_TIMEOUT)
    widget.scroll_into_view_if_needed()
    lab.wait_for_idle_kernel()
    assert lab.kernel_interpreters() == [lab.python]  # the venv's kernel, with ledgerkit

    nodes = widget.locator(".lk-vs-node")
    expect(nodes).to_have_count(1)
    root = widget.locator(".lk-vs-node[data-id='V1']")
    expect(root).to_have_attribute("data-amount", "1000000.00")
    expect(root).to_have_attribute("data-holder", "SeatCo")

    # Split V1 by typing the two amounts and clicking Split.
    amounts = widget.locator(".lk-split-amounts input")
    amounts.fill("300000, 700000")
    amounts.press("Enter")
    widget.locator("button.lk-split").click()
    children = widget.locator(".lk-vs-node[data-parent='V1']")
    expect(children).to_have_count(2)
    expect(root).to_have_attribute("data-status", "SPLIT")
    parts = [Decimal(amount) for amount in children.evaluate_all(
        "nodes => nodes.map(n => n.dataset.amount)")]
    assert parts == [Decimal("300000.00"), Decimal("700000.00")]
    assert sum(parts) == Decimal(root.get_attribute("data-amount"))
    expect(widget.locator(".lk-status .lk-msg-ok")).to_contain_text("V1 was split into V1.1")
    invariant = widget.locator(".lk-vs-invariant")
    expect(invariant).to_have_attribute("data-holds", "true")
    expect(invariant).to_have_attribute("data-live", "1000000.00")
    # The new piece V1.1 is selected: its lineage V1 → V1.1 is highlighted.
    expect(widget.locator(".lk-vs-node[data-lineage='true']")).to_have_count(2)
    expect(widget.locator(".lk-vs-lineage-box")).to_have_attribute("data-lineage", "V1 V1.1")

    # Forbidden 1: split the frozen parent V1 again.
    widget.locator(".lk-select select").select_option(index=0)
    expect(root).to_have_attribute("data-selected", "true")
    before = tree(widget)
    amounts.fill("500000, 500000")
    amounts.press("Enter")
    widget.locator("button.lk-split").click()
    refusal = widget.locator(".lk-status .lk-msg-bad")
    expect(refusal).to_contain_text("the parent is frozen")
    assert tree(widget) == before

    # Forbidden 2: transfer V1.2 (selected by its button) while acting as FoamCo, who does
    # not hold it.
    widget.locator("button.lk-piece-V1\\.2").click()
    expect(widget.locator(".lk-vs-node[data-id='V1.2']")).to_have_attribute("data-selected",
                                                                            "true")
    widget.locator(".lk-split-actor select").select_option("FoamCo")
    widget.locator(".lk-split-to select").select_option("SteelCo")
    widget.locator("button.lk-transfer").click()
    expect(refusal).to_contain_text("FoamCo does not hold V1.2")
    expect(refusal).to_contain_text("only the current holder")
    assert tree(widget) == before
    expect(invariant).to_have_attribute("data-holds", "true")
    lab.artifacts.mkdir(parents=True, exist_ok=True)
    widget.screenshot(path=lab.artifacts / "voucher_split.png")
