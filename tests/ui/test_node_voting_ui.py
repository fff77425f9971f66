"""The node voting widget in a real JupyterLab, in headless Chromium (节点投票 · 浏览器测试).

Opens the course notebook 01-basics/05-consensus-node-voting.ipynb (a temporary copy), runs
all its cells, then uses the widget shown by `%consensus pbft --nodes 7 --faulty 2` as a
learner would: Step through one request and watch the caption and the counters change, Play
the next request, go Back, and crash a replica by clicking its button. A screenshot is kept
in tests/artifacts/.
"""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.ui

NOTEBOOK = "01-basics/05-consensus-node-voting.ipynb"
RUN_ALL_TIMEOUT = 240_000  # ms: the notebook runs PBFT up to n = 100 before the widget
PLAY_TIMEOUT = 30_000  # five beats of Play, with room for a slow machine

# After each press of Step: the caption's words, then replica 2's PREPARE and COMMIT counts.
ONE_REQUEST = [
    ("The client sends request 'Alice pays Bob 10'", "0", "0"),
    ("Replica 0 (primary, view 0) sends PRE-PREPARE", "0", "0"),
    ("4 backups accept the PRE-PREPARE", "1", "0"),
    ("5 replicas are prepared", "4", "1"),
    ("5 replicas have 5 matching COMMITs: they commit 'Alice pays Bob 10'", "4", "5"),
]



def test_step_play_and_crash_a_replica_in_the_course_notebook(lab, page):
    lab.open_notebook(page, NOTEBOOK)
    lab.run_all_cells(page)
    widget = page.locator(".lk-node-voting").first
    widget.wait_for(state="attached", timeout=RUN_ALL_TIMEOUT)
    widget.scroll_into_view_if_needed()
    lab.wait_for_idle_kernel()
    assert lab.kernel_interpreters() == [lab.python]  # the venv's kernel, with ledgerkit

    caption = widget.locator(".lk-nv-caption")
    figure = widget.locator("svg.lk-nv-figure")
    replica = widget.locator(".lk-nv-node[data-node='2']")
    expect(caption).to_have_attribute("data-step", "0")
    expect(caption).to_contain_text("7 replicas wait for the client")
    expect(widget.locator(".lk-nv-node[data-fault='crashed']")).to_have_count(2)
    expect(widget.locator(".lk-nv-facts")).to_contain_text("quorum 2f+1 = 5")

    # Step through one request: the caption says what happened, the counters climb.
    for number, (words, prepares, commits) in enumerate(ONE_REQUEST, start=1):
        widget.locator("button.lk-nv-step").click()
        expect(caption).to_have_attribute("data-step", str(number))
        expect(caption).to_contain_text(words)
        expect(replica).to_have_attribute("data-prepares", prepares)
        expect(replica).to_have_attribute("data-commits", commits)
    expect(figure).to_have_attribute("data-arrows", "5")  # five replies to the client
    expect(replica).to_contain_text("commits 5/5")
    expect(replica).to_have_attribute("data-committed", "Alice pays Bob 10")
    expect(widget.locator(".lk-nv-client")).to_have_attribute("data-accepted",
                                                              "Alice pays Bob 10")

    # Play runs the next request by itself and pauses once it is committed.
    widget.locator(".lk-nv-play button").first.click()
    expect(caption).to_have_attribute("data-step", "10", timeout=PLAY_TIMEOUT)
    expect(caption).to_contain_text("they commit 'Bob pays Carol 5'")
    expect(widget.locator(".lk-nv-play button").first.locator("i.fa-play")).to_have_count(1)

    # Back shows the past; the counters there are the past's.
    widget.locator("button.lk-nv-back").click()
    expect(caption).to_have_attribute("data-step", "9")
    expect(replica).to_have_attribute("data-commits", "1")
    expect(widget.locator(".lk-status")).to_contain_text("looking back at step 9 of 10")

    # Click replica 3's button: it crashes, at the newest moment.
    widget.locator("button.lk-node-3").click()
    crashed = widget.locator(".lk-nv-node[data-node='3']")
    expect(crashed).to_have_attribute("data-fault", "crashed")
    expect(caption).to_have_attribute("data-step", "11")
    expect(caption).to_contain_text("Replica 3 crashes")
    expect(widget.locator("button.lk-node-3")).to_contain_text("crashed")
    expect(widget.locator(".lk-nv-facts")).to_contain_text("More than f = 2 replicas")

    # The next request with three replicas down: three backups vote, four are needed.
    for _ in range(3):
        widget.locator("button.lk-nv-step").click()
    expect(caption).to_have_attribute("data-step", "14")
    expect(caption).to_contain_text("3 backups accept the PRE-PREPARE")
    expect(figure).to_have_attribute("data-arrows", "18")
    expect(replica).to_contain_text("prepares 1/4")
    lab.artifacts.mkdir(parents=True, exist_ok=True)
    widget.screenshot(path=lab.artifacts / "node_voting.png")
    widget.locator("button.lk-nv-step").click()
    expect(caption).to_contain_text("No replica has 4 matching PREPAREs")
    expect(replica).to_have_attribute("data-prepares", "3")
