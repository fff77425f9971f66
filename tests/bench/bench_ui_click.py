"""Click → render in the browser: the block formation widget against a trivial widget
(goal: Mine at 16 zero bits shows its new block within 150 ms).

Both are measured in the same JupyterLab page in headless Chromium, from the click to the
moment the DOM shows the result (a MutationObserver sees it):

- baseline: an ipywidgets Button whose handler sets the value of an HTML widget — the
  cheapest round trip browser → kernel → browser there is;
- Mine: the widget's Mine button at 16 zero bits, until the new block card appears;
- Change data: the widget's Change data button, until the edited block turns red.

Run alone with `python tests/bench/bench_ui_click.py`, or with the others via run.py.
"""

from __future__ import annotations

import importlib.util
import statistics
import sys
from pathlib import Path

import nbformat

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from run import Figure, report  # noqa: E402  (run.py sits next to this file)

CLICKS = 15
DIFFICULTY = 16
NOTEBOOK = "bench/ui_click.ipynb"

BASELINE_CELL = """\
import ipywidgets as widgets

clicks = 0
button = widgets.Button(description="baseline")
button.add_class("lk-baseline-button")
shown = widgets.HTML('<span data-n="0">0</span>')
shown.add_class("lk-baseline-html")


def bump(_button):
    global clicks
    clicks += 1
    shown.value = f'<span data-n="{clicks}">{clicks}</span>'


button.on_click(bump)
widgets.VBox([button, shown])"""

WIDGET_CELL = f"""\
from ledgerkit.widgets import BlockFormation

BlockFormation(difficulty={DIFFICULTY})"""

# Click `button`, then resolve with the milliseconds until `done()` is true in the DOM
# (or fail after a minute, so a broken page cannot hang the benchmark).
TIME_CLICK = """
async ([button, done]) => {
  const isDone = new Function(done);
  const start = performance.now();
  return await new Promise((resolve, reject) => {
    const observer = new MutationObserver(() => {
      if (isDone()) { observer.disconnect(); resolve(performance.now() - start); }
    });
    observer.observe(document.body, {subtree: true, childList: true, attributes: true,
                                     characterData: true});
    setTimeout(() => { observer.disconnect(); reject(new Error("no render: " + done)); },
               60000);
    document.querySelector(button).click();
  });
}
"""
WIDGET = ".lk-block-formation"


def _lab_helpers():  # noqa: ANN202  (the browser tests' conftest, loaded as a module)
    path = HERE.parent / "ui" / "conftest.py"
    # That conftest imports tests/process_tree.py, which pytest finds through its rootdir;
    # outside pytest, tests/ must be on the path for it.
    if str(HERE.parent) not in sys.path:
        sys.path.insert(0, str(HERE.parent))
    spec = importlib.util.spec_from_file_location("lk_ui_lab", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    return module


def _notebook() -> str:
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(BASELINE_CELL),
                      nbformat.v4.new_code_cell(WIDGET_CELL)]
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                       "language": "python"}
    return nbformat.writes(notebook)


def _time_click(page, button: str, done: str) -> float:  # noqa: ANN001  (a Playwright Page)
    return page.evaluate(TIME_CLICK, [button, done])


def measure() -> dict[str, list[float]]:
    """Milliseconds per click for the baseline, Mine and Change data."""
    helpers = _lab_helpers()
    times: dict[str, list[float]] = {"baseline": [], "mine": [], "edit": [], "attempts": []}
    with helpers.running_lab({NOTEBOOK: _notebook()}) as lab, helpers.chromium() as browser:
        page = browser.new_context(viewport=helpers.VIEWPORT).new_page()
        lab.open_notebook(page, NOTEBOOK)
        lab.run_all_cells(page)
        page.locator(f"{WIDGET} button.lk-mine").wait_for(state="attached", timeout=120_000)
        page.locator(f"{WIDGET} button.lk-mine").scroll_into_view_if_needed()
        lab.wait_for_idle_kernel()
        for clicks in range(1, CLICKS + 1):
            done = f"return !!document.querySelector('.lk-baseline-html span[data-n=\"{clicks}\"]')"
            times["baseline"].append(_time_click(page, ".lk-baseline-button", done))
        for blocks in range(2, CLICKS + 2):
            done = (f"return document.querySelectorAll('{WIDGET} .lk-chain .lk-block').length"
                    f" >= {blocks}")
            times["mine"].append(_time_click(page, f"{WIDGET} button.lk-mine", done))
            # Mining starts at nonce 0, so the nonce found tells the hashes it took.
            nonce = page.locator(f"{WIDGET} .lk-chain .lk-block").nth(blocks - 1).get_attribute(
                "data-nonce")
            times["attempts"].append(int(nonce) + 1)
        for edit in range(CLICKS):
            # The editor points at the newest block; each click gives it another amount.
            page.locator(f"{WIDGET} .lk-edit-amount input").fill(str(100 + edit))
            page.locator(f"{WIDGET} .lk-edit-amount input").press("Enter")
            page.wait_for_timeout(50)
            done = (f"const cards = document.querySelectorAll('{WIDGET} .lk-chain .lk-block');"
                    f"return cards[cards.length - 1].textContent.includes(': {100 + edit}');")
            times["edit"].append(_time_click(page, f"{WIDGET} button.lk-apply-edit", done))
    return times


def main() -> list[Figure]:
    times = measure()
    baseline = statistics.median(times["baseline"])
    mine = statistics.median(times["mine"])
    edit = statistics.median(times["edit"])
    attempts = statistics.median(times["attempts"])
    print(f"   {CLICKS} clicks each; medians: baseline {baseline:.1f} ms, Mine {mine:.1f} ms "
          f"(max {max(times['mine']):.0f} ms, median {attempts:,.0f} hashes), "
          f"Change data {edit:.1f} ms", flush=True)
    return [
        Figure(f"UI click→render, Mine at {DIFFICULTY} bits", mine, baseline, "ms",
               f"goal: Mine <= 150 ms (median {mine:.0f} ms)"),
        Figure("UI click→render, Change data", edit, baseline, "ms"),
    ]


if __name__ == "__main__":
    report(main())
