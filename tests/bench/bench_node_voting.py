"""The node voting widget: one PBFT step rendered for n = 7 (goal: at most 100 ms).

Measured in the same run:

- baseline: the bare engine, `PBFT.step()` with its history, for the same rounds;
- model + SVG: what a press of Step costs in Python — the model's step, the frame of the
  moment on show, and the SVG, facts, caption and legend drawn from it;
- widget: the same through the widget's Step button (ipywidgets traits set, no browser);
- in the browser: click Step → the caption shows the new step (a MutationObserver sees it),
  against the cheapest button round trip, as in bench_ui_click.py.

The rounds cycle through whole requests (request, pre-prepare, prepare, commit, reply) with
two replicas crashed, as `%consensus pbft --nodes 7 --faulty 2` starts. The commit round is
the heaviest: 30 COMMITs to draw.

Run alone with `python tests/bench/bench_node_voting.py`, or with the others via run.py.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import nbformat

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from bench_ui_click import BASELINE_CELL, TIME_CLICK, _lab_helpers  # noqa: E402
from run import Figure, report  # noqa: E402

from ledgerkit import render_voting  # noqa: E402
from ledgerkit.consensus.pbft import PBFT  # noqa: E402
from ledgerkit.voting import PAYMENTS, NodeVotingModel  # noqa: E402

N, FAULTY = 7, 2
STEPS = 250  # 50 requests of five rounds each
GOAL_MS = 100.0
CLICKS = 15
NOTEBOOK = "bench/node_voting.ipynb"
WIDGET = ".lk-node-voting"
WIDGET_CELL = f"""\
from ledgerkit.widgets import NodeVoting

NodeVoting("pbft", n={N}, faulty={FAULTY})"""


def engine_steps() -> list[float]:
    """Milliseconds per bare engine round, requests one after another."""
    engine = PBFT(N, faulty={i: "crashed" for i in range(N - FAULTY, N)})
    times = []
    for number in range(STEPS):
        start = time.perf_counter()
        if engine.done:
            engine.client_request(PAYMENTS[number % len(PAYMENTS)])
        engine.step()
        times.append((time.perf_counter() - start) * 1000)
    return times


def render(model: NodeVotingModel) -> str:
    frame = model.frame()
    return (render_voting.facts_html(frame) + render_voting.voting_svg(frame)
            + render_voting.caption_html(frame) + render_voting.legend_html(frame))


def rendered_steps() -> tuple[list[float], list[float]]:
    """Milliseconds per Step (model + SVG), and for the commit rounds alone."""
    model = NodeVotingModel("pbft", n=N, faulty=FAULTY)
    render(model)  # the first picture imports networkx and lays the circle out
    times, commits = [], []
    for _ in range(STEPS):
        start = time.perf_counter()
        model.step()
        render(model)
        elapsed = (time.perf_counter() - start) * 1000
        times.append(elapsed)
        if model.frame().phase == "commit":
            commits.append(elapsed)
    return times, commits


def widget_steps() -> list[float]:
    """Milliseconds per click of the widget's Step button, kernel side."""
    from ledgerkit.widgets import NodeVoting

    widget = NodeVoting("pbft", n=N, faulty=FAULTY)
    times = []
    for _ in range(STEPS):
        start = time.perf_counter()
        widget.step_button.click()
        times.append((time.perf_counter() - start) * 1000)
    return times


def _notebook() -> str:
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(BASELINE_CELL),
                      nbformat.v4.new_code_cell(WIDGET_CELL)]
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                       "language": "python"}
    return nbformat.writes(notebook)


def browser_clicks() -> dict[str, list[float]]:
    """Milliseconds from a click to the DOM showing its result: baseline and Step."""
    helpers = _lab_helpers()
    times: dict[str, list[float]] = {"baseline": [], "step": []}
    with helpers.running_lab({NOTEBOOK: _notebook()}) as lab, helpers.chromium() as browser:
        page = browser.new_context(viewport=helpers.VIEWPORT).new_page()
        lab.open_notebook(page, NOTEBOOK)
        lab.run_all_cells(page)
        step = f"{WIDGET} button.lk-nv-step"
        page.locator(step).wait_for(state="attached", timeout=120_000)
        page.locator(step).scroll_into_view_if_needed()
        lab.wait_for_idle_kernel()
        for clicks in range(1, CLICKS + 1):
            done = f"return !!document.querySelector('.lk-baseline-html span[data-n=\"{clicks}\"]')"
            times["baseline"].append(page.evaluate(TIME_CLICK, [".lk-baseline-button", done]))
        for number in range(1, CLICKS + 1):
            done = (f"return !!document.querySelector('{WIDGET} .lk-nv-caption"
                    f"[data-step=\"{number}\"]')")
            times["step"].append(page.evaluate(TIME_CLICK, [step, done]))
    return times


def main() -> list[Figure]:
    engine = statistics.median(engine_steps())
    steps, commits = rendered_steps()
    ours, worst = statistics.median(steps), statistics.median(commits)
    widget = statistics.median(widget_steps())
    clicks = browser_clicks()
    baseline_click = statistics.median(clicks["baseline"])
    click = statistics.median(clicks["step"])
    print(f"   {STEPS} steps each; medians: engine {engine:.3f} ms, model + SVG {ours:.2f} ms "
          f"(commit rounds {worst:.2f} ms, max {max(steps):.1f} ms), widget Step "
          f"{widget:.2f} ms; browser: baseline {baseline_click:.1f} ms, Step "
          f"{click:.1f} ms (max {max(clicks['step']):.0f} ms)", flush=True)
    goal = f"goal: ours <= {GOAL_MS:g} ms"
    return [
        Figure(f"Node voting PBFT n={N}, one step rendered (model + SVG)", ours, engine, "ms",
               goal),
        Figure(f"Node voting PBFT n={N}, commit round rendered (30 arrows)", worst, engine,
               "ms", goal),
        Figure(f"Node voting PBFT n={N}, widget Step (kernel side)", widget, engine, "ms", goal),
        Figure("UI click→render, node voting Step", click, baseline_click, "ms"),
    ]


if __name__ == "__main__":
    report(main())
