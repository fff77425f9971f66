"""The node voting model and its pictures, without any widget: stepping, scrubbing history,
faults by click, Raft commands, and the SVG's data attributes.
"""

import math
import re
import string

import pytest

import ledgerkit
from ledgerkit.errors import InputError
from ledgerkit.i18n import STRINGS
from ledgerkit.render_voting import (
    caption_html,
    facts_html,
    legend_html,
    node_positions,
    voting_svg,
)
from ledgerkit.voting import PAYMENTS, Counter, NodeVotingModel


@pytest.fixture(autouse=True)
def english():
    ledgerkit.set_language("en")
    yield
    ledgerkit.set_language("en")


def nodes_in(svg: str) -> dict[int, dict[str, str]]:
    """Node number -> its data attributes, read from the SVG."""
    found = {}
    for tag in re.findall(r'<g class="lk-nv-node [^>]*>', svg):
        attributes = dict(re.findall(r'data-([\w-]+)="([^"]*)"', tag))
        found[int(attributes["node"])] = attributes
    return found


def shown(frame) -> tuple:
    """What a frame draws, leaving out where it sits in history."""
    return frame.nodes, frame.arrows, frame.facts, frame.caption()


def run_to(model: NodeVotingModel, phase: str) -> None:
    while model.frame().phase != phase:
        assert model.step()


# --- PBFT: stepping through one request ---------------------------------------------------
def test_faulty_replicas_are_the_last_ones():
    frame = NodeVotingModel("pbft", n=7, faulty=2).frame()
    assert [node.fault for node in frame.nodes] == [None] * 5 + ["crashed", "crashed"]
    assert frame.facts == {"n": 7, "f": 2, "quorum": 5, "view": 0, "primary": 0, "seq": 0,
                           "faulty": 2}  # seq 1 starts when the client sends it
    assert frame.index == 0 and frame.phase == "start" and frame.arrows == ()


def test_byzantine_replicas_are_the_last_of_the_faulty():
    frame = NodeVotingModel("pbft", n=7, faulty=3, byzantine=1).frame()
    assert [node.fault for node in frame.nodes[4:]] == ["crashed", "crashed", "byzantine"]


def test_counters_climb_to_the_quorum_round_by_round():
    model = NodeVotingModel("pbft", n=7, faulty=2)
    seen = []
    while model.step() and model.frame().phase != "reply":
        seen.append(model.frame())
    seen.append(model.frame())
    assert [frame.phase for frame in seen] == ["request", "pre-prepare", "prepare", "commit",
                                               "reply"]
    backup = [frame.nodes[1] for frame in seen]
    assert [(c.have, c.need) for c in (node.counters[0] for node in backup)] == \
        [(0, 4), (0, 4), (1, 4), (4, 4), (4, 4)]
    assert [node.counters[1].have for node in backup] == [0, 0, 0, 1, 5]
    assert backup[-1].committed == (1, PAYMENTS[0]) and backup[-2].committed is None
    assert seen[-1].accepted == PAYMENTS[0]
    assert seen[-1].nodes[5].counters[1].have == 0  # a crashed replica counts nothing


def test_arrows_are_the_messages_of_the_step_on_show():
    model = NodeVotingModel("pbft", n=7, faulty=2)
    run_to(model, "pre-prepare")
    arrows = model.frame().arrows
    assert {(a.sender, a.kind) for a in arrows} == {(0, "pre-prepare")}
    assert sorted(a.receiver for a in arrows) == [1, 2, 3, 4, 5, 6]
    assert [a.receiver for a in arrows if a.lost] == [5, 6]
    run_to(model, "prepare")
    arrows = model.frame().arrows
    assert len(arrows) == 4 * 6  # four running backups tell the six others
    assert sum(a.lost for a in arrows) == 4 * 2
    run_to(model, "reply")
    assert {a.receiver for a in model.frame().arrows} == {-1}  # replies go to the client


def test_a_byzantine_senders_messages_are_marked_as_lies():
    model = NodeVotingModel("pbft", n=7, faulty=1, byzantine=1)
    run_to(model, "prepare")
    lies = {a.sender for a in model.frame().arrows if a.lie}
    assert lies == {6}


def test_counters_are_read_from_the_engines_quorum():
    model = NodeVotingModel("pbft", n=6)
    assert model.quorum == 4  # ⌈(6+1+1)/2⌉, not 2f+1 = 3
    assert [c.need for c in model.frame().nodes[0].counters] == [3, 4]
    assert "quorum ⌈(n+f+1)/2⌉ = 4" in facts_html(model.frame())


# --- scrubbing history ----------------------------------------------------------------------
def test_back_and_seek_show_the_past_without_changing_it():
    model = NodeVotingModel("pbft", n=4)
    frames = [model.frame()]
    while model.tick():
        frames.append(model.frame())
    frames.append(model.frame())
    latest = model.latest
    assert model.back() and shown(model.frame()) == shown(frames[latest - 1])
    model.seek(1)
    assert shown(model.frame()) == shown(frames[1]) and not model.at_latest
    model.seek(-5)
    assert model.index == 0 and not model.back()
    model.seek(10**6)
    assert model.index == latest


def test_step_in_the_past_replays_history_then_runs_the_engine():
    model = NodeVotingModel("pbft", n=4)
    for _ in range(3):
        model.step()
    recorded = [model.engine.history.state(k) for k in range(4)]
    model.seek(1)
    assert model.step() and model.index == 2 and model.latest == 3  # replayed, not re-run
    assert model.step() and model.latest == 3 and model.at_latest
    assert [model.engine.history.state(k) for k in range(4)] == recorded
    assert model.step() and model.latest == 4 and model.frame().phase == "commit"


def test_after_a_committed_request_step_sends_the_next_one():
    model = NodeVotingModel("pbft", n=4)
    while model.tick():
        pass
    assert model.engine.done
    assert model.step()
    frame = model.frame()
    assert frame.phase == "request" and frame.facts["seq"] == 2
    assert PAYMENTS[1] in frame.caption()


def test_play_pauses_when_the_request_is_committed_and_goes_on_in_the_past():
    model = NodeVotingModel("pbft", n=4)
    beats = 1
    while model.tick():
        beats += 1
    assert beats == 5 and model.frame().phase == "reply"
    model.seek(0)
    assert all(model.tick() for _ in range(4))  # replaying: go on
    assert not model.tick()  # the end of history, where the request is committed


# --- faults, by clicking a node ---------------------------------------------------------------
def test_clicking_a_replica_cycles_its_fault():
    model = NodeVotingModel("pbft", n=7)
    shown = []
    for _ in range(3):
        model.click_node(3)
        shown.append(model.frame().nodes[3].fault)
    assert shown == ["crashed", "byzantine", None]
    assert model.frame().caption().startswith("Replica 3 recovers")
    assert [model.next_action(3), model.next_action(3)] == ["crash", "crash"]


def test_a_click_in_the_past_acts_on_the_newest_moment():
    model = NodeVotingModel("pbft", n=4)
    for _ in range(3):
        model.step()
    model.seek(1)
    model.click_node(2)
    assert model.latest == 4 and model.at_latest
    assert model.frame().phase == "crash" and model.frame().nodes[2].fault == "crashed"
    model.seek(3)
    assert model.frame().nodes[2].fault is None  # the past stays as it was


def test_a_refused_click_changes_nothing():
    model = NodeVotingModel("pbft", n=4)
    model.step()
    model.seek(0)
    with pytest.raises(InputError, match="no node 9"):
        model.click_node(9)
    assert model.index == 0 and model.latest == 1


def test_crashing_the_primary_before_the_request_leads_to_a_view_change():
    model = NodeVotingModel("pbft", n=7, faulty=1)
    model.click_node(0)
    for _ in range(20):
        if not model.tick():
            break
    frame = model.frame()
    assert frame.facts["view"] == 1 and frame.facts["primary"] == 1
    assert frame.nodes[1].role == "primary" and frame.nodes[0].role == "backup"
    assert "view-change" in [step.phase for step in model.engine.history.steps]
    assert frame.accepted == PAYMENTS[0]


def test_a_new_request_is_sent_at_once():
    model = NodeVotingModel("pbft", n=4)
    step = model.request("pay 7")
    assert step.phase == "request" and model.frame().request == "pay 7"
    assert [(a.sender, a.receiver) for a in model.frame().arrows] == [(-1, 0)]


# --- Raft -------------------------------------------------------------------------------------
def test_raft_nodes_stop_and_resume_by_click():
    model = NodeVotingModel("raft", n=5, faulty=2)
    assert [node.fault for node in model.frame().nodes] == [None] * 3 + ["stopped"] * 2
    assert model.next_action(4) == "resume" and model.next_action(0) == "stop"
    model.click_node(4)
    assert model.frame().nodes[4].fault is None
    assert model.frame().caption().startswith("Node 4 restarts")


def test_raft_elects_a_leader_and_commits_a_request():
    model = NodeVotingModel("raft", n=5, seed=1)
    with pytest.raises(InputError, match="no leader"):
        model.request()
    assert model.latest == 0
    while model.frame().facts["leader"] is None:
        assert model.step()
    leader = model.frame().facts["leader"]
    assert model.frame().nodes[leader].role == "leader"
    model.request("pay 3")
    assert model.frame().nodes[leader].counters == (Counter("stored", 1, 3),)
    while model.frame().nodes[leader].committed is None:
        assert model.step()
    assert model.frame().nodes[leader].committed == (1, "pay 3")


def test_raft_candidates_count_votes_against_the_majority():
    model = NodeVotingModel("raft", n=5, seed=1)
    model.time_out(2)
    node = model.frame().nodes[2]
    assert node.role == "candidate" and node.counters == (Counter("votes", 1, 3),)
    assert len(model.frame().arrows) == 4 and model.frame().arrows[0].kind == "request-vote"


def test_raft_timers_and_messages_in_flight_are_fractions():
    model = NodeVotingModel("raft", n=5, seed=2)
    for _ in range(6):
        model.step()
    frame = model.frame()
    assert frame.arrows
    assert all(0 <= arrow.progress <= 1 for arrow in frame.arrows)
    assert all(node.timer is None or 0 <= node.timer <= 1 for node in frame.nodes)


def test_raft_with_every_node_stopped_cannot_step():
    model = NodeVotingModel("raft", n=2, faulty=1)
    model.click_node(0)
    while model.engine.next_event_ms() is not None:
        model.step()
    assert not model.step() and not model.tick()
    assert "Fewer than a majority" in facts_html(model.frame())


def test_time_out_is_a_raft_command_only():
    with pytest.raises(InputError, match="Raft command"):
        NodeVotingModel("pbft").time_out(1)


# --- refused settings ---------------------------------------------------------------------------
@pytest.mark.parametrize("kwargs, words", [
    ({"protocol": "paxos"}, "Unknown protocol"),
    ({"n": 0}, "n must be a whole number from 1 to 16"),
    ({"n": 17}, "from 1 to 16"),
    ({"n": 4, "faulty": 4}, "faulty must be a whole number from 0 to 3"),
    ({"faulty": 1, "byzantine": 2}, "byzantine must be a whole number from 0 to 1"),
    ({"protocol": "raft", "faulty": 1, "byzantine": 1}, "cannot be Byzantine"),
    ({"n": True}, "whole number"),
])
def test_bad_settings_are_refused(kwargs, words):
    with pytest.raises(InputError, match=re.escape(words)):
        NodeVotingModel(**kwargs)


def test_a_moment_must_be_a_whole_number():
    with pytest.raises(InputError, match="whole number"):
        NodeVotingModel().seek(1.5)


# --- pictures -------------------------------------------------------------------------------------
def test_nodes_sit_clockwise_from_the_top_on_one_circle():
    positions = node_positions(7)
    centre = (400.0, 306.0)
    radii = {round(math.dist(p, centre), 3) for p in positions}
    assert len(radii) == 1
    assert positions[0][1] < min(y for _, y in positions[1:])  # node 0 on top
    assert positions[1][0] > positions[0][0] and positions[6][0] < positions[0][0]


def test_the_svg_carries_each_nodes_state():
    model = NodeVotingModel("pbft", n=7, faulty=2)
    run_to(model, "commit")
    svg = voting_svg(model.frame())
    nodes = nodes_in(svg)
    assert nodes[0]["role"] == "primary" and nodes[1]["role"] == "backup"
    assert nodes[5]["fault"] == "crashed" and nodes[1]["fault"] == "none"
    assert (nodes[1]["prepares"], nodes[1]["commits"], nodes[1]["phase"]) == ("4", "1",
                                                                              "prepared")
    assert 'data-step="4"' in svg and 'data-arrows="30"' in svg
    assert svg.count('data-kind="commit"') == 30
    assert "prepares 4/4 ✓" in svg and "commits 1/5" in svg


def test_the_svg_shows_the_committed_value_and_the_client():
    model = NodeVotingModel("pbft", n=4)
    run_to(model, "reply")
    svg = voting_svg(model.frame())
    assert nodes_in(svg)[2]["committed"] == PAYMENTS[0]
    assert f'data-accepted="{PAYMENTS[0]}"' in svg
    assert f"✓ #1 {PAYMENTS[0]}" in svg


def test_user_values_are_escaped():
    model = NodeVotingModel("pbft", n=4)
    model.request("<script>alert(1)</script>")
    html = voting_svg(model.frame()) + caption_html(model.frame())
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_raft_nodes_show_term_and_timer():
    model = NodeVotingModel("raft", n=3, seed=1)
    svg = voting_svg(model.frame())
    assert svg.count('class="lk-nv-timer"') == 3
    assert nodes_in(svg)[0]["term"] == "0" and "term 0" in svg
    assert 'data-protocol="raft"' in svg and "lk-nv-client" not in svg


def test_the_legend_names_every_message_kind():
    pbft = legend_html(NodeVotingModel("pbft").frame())
    for word in ("PRE-PREPARE", "PREPARE", "COMMIT", "VIEW-CHANGE", "NEW-VIEW", "a lie",
                 "Byzantine", "committed"):
        assert word in pbft
    raft = legend_html(NodeVotingModel("raft").frame())
    assert "RequestVote" in raft and "AppendEntries" in raft and "election timer" in raft


def test_too_many_faulty_replicas_are_flagged():
    model = NodeVotingModel("pbft", n=7, faulty=2)
    assert "lk-nv-warn" not in facts_html(model.frame())
    model.click_node(4)
    assert "More than f = 2 replicas are faulty" in facts_html(model.frame())


def test_pictures_and_captions_follow_the_language():
    model = NodeVotingModel("pbft", n=7, faulty=2)
    run_to(model, "commit")
    ledgerkit.set_language("zh")
    frame = model.frame()
    assert "准备 4/4" in voting_svg(frame) and "宕机" in voting_svg(frame)
    assert "第 4 步（共 4 步）" in caption_html(frame) and "COMMIT（提交）" in caption_html(frame)
    assert "法定人数 2f+1 = 5" in facts_html(frame)
    assert frame.caption("en").startswith("5 replicas are prepared")


# --- strings ------------------------------------------------------------------------------------
@pytest.mark.parametrize("key", [key for key in STRINGS if key.startswith("nv.")])
def test_both_languages_have_the_same_fields(key):
    english, chinese = STRINGS[key]
    fields = [{name for _, name, _, _ in string.Formatter().parse(line) if name}
              for line in (english, chinese)]
    assert english and chinese and fields[0] == fields[1]
