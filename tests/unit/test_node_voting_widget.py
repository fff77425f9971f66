"""The node voting widget, driven from Python: click its buttons, move the history slider,
beat its Play widget and read the HTML it draws. No browser needed (tests/ui covers that).
"""

import re

import pytest

import ledgerkit
from ledgerkit.voting import PAYMENTS, NodeVotingModel
from ledgerkit.widgets import NodeVoting


@pytest.fixture(autouse=True)
def english():
    ledgerkit.set_language("en")
    yield
    ledgerkit.set_language("en")


@pytest.fixture
def widget() -> NodeVoting:
    return NodeVoting("pbft", n=7, faulty=2)


def node(widget: NodeVoting, i: int) -> dict[str, str]:
    """The data attributes of node i in the widget's picture."""
    tag = re.search(rf'<g class="lk-nv-node [^>]*data-node="{i}"[^>]*>', widget.picture.value)
    return dict(re.findall(r'data-([\w-]+)="([^"]*)"', tag.group(0)))


def step_shown(widget: NodeVoting) -> int:
    return int(re.search(r'lk-nv-caption" data-step="(\d+)"', widget.caption.value).group(1))


def test_it_starts_before_the_first_step(widget):
    assert step_shown(widget) == 0
    assert "7 replicas wait for the client" in widget.caption.value
    assert widget.back_button.disabled and widget.history.max == 0
    assert [node(widget, i)["fault"] for i in (0, 5, 6)] == ["none", "crashed", "crashed"]
    assert "quorum 2f+1 = 5" in widget.facts.value


def test_step_changes_the_caption_and_the_counters(widget):
    captions, prepares, commits = [], [], []
    for _ in range(5):
        widget.step_button.click()
        captions.append(widget.caption.value)
        prepares.append(node(widget, 2)["prepares"])
        commits.append(node(widget, 2)["commits"])
    assert "The client sends request" in captions[0]
    assert "sends PRE-PREPARE" in captions[1]
    assert "each sends PREPARE" in captions[2]
    assert "each sends COMMIT" in captions[3]
    assert "they commit" in captions[4]
    assert prepares == ["0", "0", "1", "4", "4"] and commits == ["0", "0", "0", "1", "5"]
    assert node(widget, 2)["committed"] == PAYMENTS[0]
    assert widget.history.max == 5 and widget.history.value == 5
    assert not widget.back_button.disabled


def test_back_and_the_slider_scrub_through_history(widget):
    for _ in range(4):
        widget.step_button.click()
    widget.back_button.click()
    assert step_shown(widget) == 3 and widget.history.value == 3
    assert node(widget, 1)["prepares"] == "1"
    assert "looking back at step 3 of 4" in widget.status.value
    widget.history.value = 1
    assert step_shown(widget) == 1 and widget.model.index == 1
    widget.step_button.click()  # replays step 2: the engine does not run
    assert step_shown(widget) == 2 and widget.model.latest == 4


def test_clicking_a_node_button_crashes_it_then_makes_it_byzantine(widget):
    button = widget.node_buttons[3]
    assert button.description == "Replica 3" and button.tooltip == "Click: crash it"
    button.click()
    assert node(widget, 3)["fault"] == "crashed"
    assert "Replica 3 crashes" in widget.caption.value
    assert button.description == "Replica 3 · crashed" and "lk-nv-down" in button._dom_classes
    assert button.tooltip == "Click: make it Byzantine"
    assert "More than f = 2" in widget.facts.value
    button.click()
    assert node(widget, 3)["fault"] == "byzantine"
    assert "lk-nv-liar" in button._dom_classes and "lk-nv-down" not in button._dom_classes
    button.click()
    assert node(widget, 3)["fault"] == "none" and "lk-nv-liar" not in button._dom_classes


def test_the_primarys_button_says_so(widget):
    assert widget.node_buttons[0].description == "Replica 0 · primary"
    assert "lk-nv-lead" in widget.node_buttons[0]._dom_classes


def test_play_steps_once_a_beat_and_pauses_when_committed(widget):
    widget.play.playing = True
    for beat in range(1, 6):
        widget.play.value = beat  # what the browser's Play widget does every interval
    assert step_shown(widget) == 5 and widget.play.playing is False
    assert "they commit" in widget.caption.value


def test_the_play_widgets_stop_button_does_not_step(widget):
    widget.play.value = 1
    widget.play.value = 0  # stop: the Play widget jumps back to its minimum
    assert step_shown(widget) == 1


def test_new_request_sends_the_next_payment(widget):
    widget.request_button.click()
    assert PAYMENTS[1] in widget.caption.value
    assert 'data-kind="request"' in widget.picture.value


def test_a_refused_command_shows_why_in_red():
    widget = NodeVoting("raft", n=5, seed=1)
    widget.request_button.click()
    assert "lk-msg-bad" in widget.status.value and "no leader" in widget.status.value
    assert widget.model.latest == 0
    widget.step_button.click()
    assert widget.status.value == ""  # the next action clears it


def test_raft_mode_has_time_out_and_stop_resume():
    widget = NodeVoting("raft", n=5, faulty=1)
    assert "lk-nv-raft" in widget.view._dom_classes
    assert widget.timeout_button in widget.view.children[4].children
    widget.timeout_node.value = 2
    widget.timeout_button.click()
    assert "Node 2 timed out" in widget.caption.value
    assert node(widget, 2)["role"] == "candidate" and node(widget, 2)["votes"] == "1"
    widget.node_buttons[4].click()
    assert node(widget, 4)["fault"] == "none"
    widget.node_buttons[2].click()
    assert node(widget, 2)["fault"] == "stopped"
    assert widget.node_buttons[2].description == "Node 2 · stopped"


def test_a_pbft_widget_has_no_time_out_button(widget):
    assert widget.timeout_button not in widget.view.children[4].children


def test_when_nothing_can_happen_step_says_so():
    widget = NodeVoting("raft", n=1)
    widget.node_buttons[0].click()
    widget.step_button.click()
    assert "every node is stopped" in widget.status.value


def test_the_language_toggle_switches_every_label(widget):
    widget.step_button.click()
    widget.language.value = "zh"
    assert ledgerkit.get_language() == "zh"
    assert widget.step_button.description == "单步"
    assert widget.node_buttons[5].description == "副本 5 · 宕机"
    assert "客户端把请求" in widget.caption.value and "第 1 步（共 1 步）" in widget.caption.value
    assert "法定人数 2f+1 = 5" in widget.facts.value and "预准备" in widget.legend.value
    widget.language.value = "en"
    assert widget.step_button.description == "Step"


def test_the_widget_follows_a_language_switched_elsewhere(widget):
    ledgerkit.set_language("zh")  # e.g. %ledgerkit lang zh in another cell
    widget.step_button.click()
    assert widget.language.value == "zh" and widget.back_button.description == "后退"


def test_a_widget_can_wrap_an_existing_model():
    model = NodeVotingModel("pbft", n=4)
    model.step()
    widget = NodeVoting(model=model)
    assert step_shown(widget) == 1 and len(widget.node_buttons) == 4


def test_every_control_has_a_stable_css_class(widget):
    classes = {
        "lk-node-voting": widget.view, "lk-nv-step": widget.step_button,
        "lk-nv-back": widget.back_button, "lk-nv-play": widget.play,
        "lk-nv-history": widget.history, "lk-nv-request": widget.request_button,
        "lk-nv-picture": widget.picture, "lk-nv-caption-box": widget.caption,
        "lk-lang": widget.language, "lk-node-6": widget.node_buttons[6],
    }
    for css, control in classes.items():
        assert css in control._dom_classes
