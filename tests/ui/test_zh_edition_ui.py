"""The Chinese edition in a real JupyterLab, in headless Chromium (中文版 · 浏览器测试).

A class set to Chinese the way the hub guide says: the server runs with LEDGERKIT_LANG=zh and
binder/hub/jupyter/zh/ on JUPYTER_CONFIG_PATH (JupyterLab's locale zh_CN, from the pinned
language pack). It serves a copy of zh/, and a notebook there that shows the three widgets
and a chart is run top to bottom with no cell that chooses a language. Then each widget is
used once — mine a block, step a vote, split a voucher — and its captions must be Chinese;
the menus must be Chinese; the chart's Chinese title must draw without missing glyphs.
Screenshots are kept in tests/artifacts/.
"""

import json
import re

import nbformat
import pytest
from conftest import REPO, running_lab
from playwright.sync_api import expect

pytestmark = pytest.mark.ui

NOTEBOOK = "course/00-resources/ui-three-widgets.ipynb"
RUN_ALL_TIMEOUT = 120_000  # ms
CJK = re.compile(r"[\u4e00-\u9fff]")
CLASS_IN_CHINESE = {
    "LEDGERKIT_LANG": "zh",
    "JUPYTER_CONFIG_PATH": str(REPO / "binder" / "hub" / "jupyter" / "zh"),
}


def _notebook() -> str:
    cells = [
        nbformat.v4.new_markdown_cell("# 三个交互控件"),
        nbformat.v4.new_code_cell("%blockformation --difficulty 8"),
        nbformat.v4.new_code_cell("%consensus pbft --nodes 4"),
        nbformat.v4.new_code_cell("%vouchers"),
        nbformat.v4.new_code_cell(
            "import matplotlib.pyplot as plt\n"
            "fig, ax = plt.subplots(figsize=(4, 2))\n"
            "ax.plot([4, 16, 64], [1, 3, 9])\n"
            "ax.set_title('节点数与消息数')\n"
            "plt.show()"),
    ]
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                       "language": "python"}
    return nbformat.writes(notebook)


@pytest.fixture(scope="module")
def zh_lab():
    with running_lab({NOTEBOOK: _notebook()}, edition="zh",
                     environment=CLASS_IN_CHINESE) as served:
        yield served


def _chinese(text: str) -> bool:
    return len(CJK.findall(text)) >= 2


def test_a_chinese_class_sees_chinese_widgets_menus_and_charts(zh_lab, page):
    # The served copy is the edition: its marker makes every kernel under it start in Chinese.
    assert (zh_lab.root / ".ledgerkit-lang").read_text().strip() == "zh"
    zh_lab.open_notebook(page, NOTEBOOK)

    # JupyterLab's own menus are Chinese (文件 = File, 运行 = Run).
    menus = page.locator(".lm-MenuBar-item")
    expect(menus.first).to_have_text(re.compile("文件"), timeout=30_000)
    assert "运行" in " ".join(menus.all_inner_texts())
    page.locator(".lm-MenuBar-item", has_text="运行").first.click()
    page.locator('.lm-Menu-item[data-command="runmenu:run-all"]').click()

    formation = page.locator(".lk-block-formation").first
    voting = page.locator(".lk-node-voting").first
    vouchers = page.locator(".lk-voucher-split").first
    for widget in (formation, voting, vouchers):
        widget.wait_for(state="attached", timeout=RUN_ALL_TIMEOUT)
    zh_lab.wait_for_idle_kernel()
    assert zh_lab.kernel_interpreters() == [zh_lab.python]

    # Block formation: its buttons are Chinese, and mining reports in Chinese.
    mine = formation.locator("button.lk-mine")
    assert _chinese(mine.inner_text()), mine.inner_text()
    mine.click()
    expect(formation.locator(".lk-chain .lk-block")).to_have_count(2, timeout=60_000)
    status = formation.locator(".lk-status")
    expect(status).to_contain_text(CJK, timeout=30_000)
    formation.scroll_into_view_if_needed()
    formation.screenshot(path=zh_lab.artifacts / "zh_block_formation.png")

    # Node voting: one step, and the caption says in Chinese what happened.
    voting.scroll_into_view_if_needed()
    caption = voting.locator(".lk-nv-caption")
    voting.locator("button.lk-nv-step").click()
    expect(caption).to_have_attribute("data-step", "1")
    assert _chinese(caption.inner_text()), caption.inner_text()
    assert _chinese(voting.locator("button.lk-nv-step").inner_text())
    voting.screenshot(path=zh_lab.artifacts / "zh_node_voting.png")

    # Voucher splitting: split V1; the confirmation and the split button are Chinese.
    vouchers.scroll_into_view_if_needed()
    amounts = vouchers.locator(".lk-split-amounts input")
    amounts.fill("300000, 700000")
    amounts.press("Enter")
    vouchers.locator("button.lk-split").click()
    expect(vouchers.locator(".lk-vs-node[data-parent='V1']")).to_have_count(2)
    confirmation = vouchers.locator(".lk-status .lk-msg-ok")
    expect(confirmation).to_contain_text("V1.1")
    assert _chinese(confirmation.inner_text()), confirmation.inner_text()
    assert _chinese(vouchers.locator("button.lk-split").inner_text())
    vouchers.screenshot(path=zh_lab.artifacts / "zh_voucher_split.png")

    # The chart: drawn, and no "Glyph … missing from font" warning under it.
    chart = page.locator(".jp-OutputArea-output img").last
    chart.wait_for(state="attached", timeout=30_000)
    chart.scroll_into_view_if_needed()
    outputs = " ".join(page.locator(".jp-OutputArea-output").all_inner_texts())
    assert "missing from" not in outputs and "Glyph" not in outputs
    page.screenshot(path=zh_lab.artifacts / "zh_edition.png", full_page=False)

    # What the kernel itself says: Chinese, without any cell choosing it.
    saved = json.loads((zh_lab.root / NOTEBOOK).read_text())
    assert not any("set_language" in "".join(cell["source"]) for cell in saved["cells"])
