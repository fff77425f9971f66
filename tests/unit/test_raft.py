"""ledgerkit.consensus.raft: elections, log replication, crashes and partitions (Raft 共识)."""

import pytest

from ledgerkit.consensus.raft import CANDIDATE, FOLLOWER, LEADER, Entry, Raft
from ledgerkit.errors import InputError, LedgerError


def elected(n: int = 5, seed: int = 0) -> tuple[Raft, int]:
    raft = Raft(n, seed=seed)
    leader, _, _ = raft.run_until_leader()
    return raft, leader


# --- construction and errors ---------------------------------------------------------
@pytest.mark.parametrize("n", [0, -3, 2.5, True, "5", None])
def test_bad_cluster_size_is_refused_in_both_languages(n):
    with pytest.raises(InputError) as caught:
        Raft(n)
    assert caught.value.key == "raft.err.n"
    assert "at least 1" in caught.value.in_language("en")
    assert "节点数" in caught.value.in_language("zh")


@pytest.mark.parametrize("kwargs", [
    {"election_timeout_ms": (300, 150)},
    {"election_timeout_ms": (0, 100)},
    {"delay_ms": (-1, 5)},
    {"delay_ms": 10},
    {"heartbeat_ms": 0},
])
def test_bad_timing_is_refused(kwargs):
    with pytest.raises(InputError):
        Raft(3, **kwargs)


@pytest.mark.parametrize("command", ["crash", "restart", "timeout"])
@pytest.mark.parametrize("index", [-1, 5, 1.0, True])
def test_node_index_out_of_range_is_refused_and_changes_nothing(command, index):
    raft = Raft(5)
    with pytest.raises(InputError) as caught:
        getattr(raft, command)(index)
    assert caught.value.key == "raft.err.node"
    assert "0 to 4" in str(caught.value)
    assert len(raft.history) == 1


def test_refused_commands_change_nothing():
    raft, leader = elected()
    before = len(raft.history)
    follower = (leader + 1) % 5
    with pytest.raises(InputError):
        raft.restart(follower)  # it is running
    with pytest.raises(InputError):
        raft.timeout(leader)  # a leader has no election timer
    with pytest.raises(InputError):
        raft.client_request("x", to=follower)
    with pytest.raises(InputError):
        raft.partition([[0, 1], [1, 2]])  # node 1 twice
    raft.crash(follower)
    with pytest.raises(InputError):
        raft.crash(follower)
    assert len(raft.history) == before + 1
    assert all(node.log == [] for node in raft.nodes)


def test_client_request_without_a_leader_is_refused():
    raft = Raft(3)
    with pytest.raises(InputError) as caught:
        raft.client_request("pay 10")
    assert caught.value.key == "raft.err.no_leader"


# --- elections -------------------------------------------------------------------------
def test_first_election_elects_one_leader_whom_everyone_follows():
    raft, leader = elected(5, seed=0)
    raft.run_until(raft.time_ms + 100)  # let the first heartbeats arrive
    roles = [node.role for node in raft.nodes]
    assert roles.count(LEADER) == 1 and roles[leader] == LEADER
    assert roles.count(FOLLOWER) == 4
    assert {node.current_term for node in raft.nodes} == {1}


def test_election_time_is_at_least_one_timeout_plus_a_vote_round_trip():
    for seed in range(50):
        _, term, elapsed = Raft(5, seed=seed).run_until_leader()
        assert term >= 1
        assert 150 + 2 * 5 <= elapsed


def test_same_seed_gives_the_same_run_and_other_seeds_differ():
    def trace(seed):
        raft = Raft(5, seed=seed)
        raft.run_until(600)
        return [(s.time_ms, s.phase, s.caption("en")) for s in raft.history.steps]

    assert trace(7) == trace(7)
    assert trace(7) != trace(8)


def test_election_timeouts_are_redrawn_in_the_configured_range():
    raft = Raft(5, seed=11)
    deadlines = [node.election_deadline for node in raft.nodes]
    assert all(150 <= d < 300 for d in deadlines)
    assert len(set(deadlines)) == 5  # drawn separately, so the nodes rarely tie
    step = raft.step()
    node = raft.nodes[step.caption_fields["node"]]
    assert step.phase == "timeout"
    assert 150 <= node.election_deadline - raft.time_ms < 300


def test_custom_timing_is_used():
    raft = Raft(3, seed=1, election_timeout_ms=(1000, 1001), delay_ms=(2, 2))
    step = raft.step()
    assert 1000 <= step.time_ms < 1001
    assert [f.arrives_ms for f in raft.state.in_flight] == [step.time_ms + 2] * 2


def test_a_single_node_elects_itself_and_commits_alone():
    raft = Raft(1, seed=3)
    leader, term, _ = raft.run_until_leader()
    assert (leader, term) == (0, 1)
    index = raft.client_request("solo")
    assert raft.nodes[0].commit_index == index == 1


def test_timeout_now_makes_a_node_stand_for_the_next_term():
    raft, leader = elected(5, seed=2)
    follower = (leader + 2) % 5
    step = raft.timeout(follower)
    node = raft.nodes[follower]
    assert step.phase == "timeout"
    assert node.role == CANDIDATE and node.current_term == 2 and node.votes == {follower}
    assert {m.kind for m in step.messages} == {"request-vote"}
    assert len(step.messages) == 4
    raft.run_until(raft.time_ms + 100)
    assert raft.nodes[raft.leader].current_term == 2  # the old leader stepped down


def test_captions_exist_in_english_and_chinese():
    raft = Raft(5, seed=0)
    raft.run_until_leader()
    first = raft.history.steps[0]
    node, term = first.caption_fields["node"], first.caption_fields["term"]
    assert first.caption("en") == f"Node {node} timed out and starts an election for term {term}."
    assert first.caption("zh") == f"节点 {node} 选举超时，发起第 {term} 任期的选举。"
    last = raft.history.steps[-1]
    assert last.phase == "leader"
    assert "becomes leader" in last.caption("en") and "领导者" in last.caption("zh")


def test_messages_of_a_step_are_what_the_step_sent_and_they_are_in_flight():
    raft = Raft(3, seed=4)
    step = raft.step()
    candidate = step.caption_fields["node"]
    assert [(m.sender, m.kind) for m in step.messages] == [(candidate, "request-vote")] * 2
    assert {m.receiver for m in step.messages} == {0, 1, 2} - {candidate}
    in_flight = raft.state.in_flight
    assert len(in_flight) == 2 and all(f.message in step.messages for f in in_flight)
    assert all(step.time_ms + 5 <= f.arrives_ms <= step.time_ms + 15 for f in in_flight)


def test_no_leader_without_a_majority():
    raft = Raft(5, seed=1)
    for i in (0, 1, 2):
        raft.crash(i)
    with pytest.raises(LedgerError) as caught:
        raft.run_until_leader(max_ms=3000)
    assert "3 of 5" in str(caught.value)


def test_step_returns_none_when_nothing_can_happen():
    raft = Raft(2)
    raft.crash(0)
    raft.crash(1)
    assert raft.step() is None
    assert raft.run_until(5000) == [] and raft.time_ms == 5000


# --- log replication ---------------------------------------------------------------------
def test_a_request_is_replicated_and_committed_everywhere():
    raft, leader = elected(5, seed=5)
    index = raft.client_request("pay 10")
    assert index == 1 and raft.nodes[leader].commit_index == 0  # not yet: no majority
    elapsed = raft.run_until_committed(index)
    assert 0 < elapsed < 50  # one round trip, well before the next heartbeat
    assert raft.nodes[leader].commit_index == 1
    raft.run_until(raft.time_ms + 100)  # the next heartbeat tells the followers
    for node in raft.nodes:
        assert node.log == [Entry(1, "pay 10")]
        assert node.commit_index == 1
    phases = [step.phase for step in raft.history.steps]
    assert "client-request" in phases and "commit" in phases


def test_commit_needs_a_majority_of_copies():
    raft, leader = elected(5, seed=6)
    followers = [i for i in range(5) if i != leader]
    for i in followers[:3]:
        raft.crash(i)
    raft.client_request("lonely")
    raft.run_until(raft.time_ms + 1000)
    assert raft.nodes[leader].commit_index == 0  # 2 of 5 copies are not enough
    raft.restart(followers[0])
    raft.run_until_committed(1)
    assert raft.nodes[leader].commit_index == 1


def test_messages_to_a_crashed_node_are_lost():
    raft, leader = elected(3, seed=7)
    follower = (leader + 1) % 3
    raft.crash(follower)
    raft.run_until(raft.time_ms + 200)
    drops = [s for s in raft.history.steps if s.phase == "drop"]
    assert drops and all(s.caption_fields["node"] == follower for s in drops)
    assert "is down" in drops[0].caption("en")


def test_a_crashed_leader_is_replaced_and_catches_up_after_restart():
    raft, old = elected(5, seed=8)
    raft.client_request("first")
    raft.run_until_committed(1)
    raft.crash(old)
    new, term, _ = raft.run_until_leader()
    assert new != old and term >= 2
    raft.client_request("second")
    raft.run_until_committed(2)
    raft.restart(old)
    assert raft.nodes[old].role == FOLLOWER and raft.nodes[old].commit_index == 0
    raft.run_until(raft.time_ms + 200)
    assert [e.value for e in raft.nodes[old].log] == ["first", "second"]
    assert raft.nodes[old].commit_index == 2


def test_a_lagging_follower_is_repaired_entry_by_entry():
    raft, leader = elected(3, seed=9)
    lagging = (leader + 1) % 3
    raft.crash(lagging)
    for value in "abcd":
        raft.client_request(value)
    raft.run_until_committed(4)
    raft.restart(lagging)
    raft.run_until(raft.time_ms + 300)
    assert raft.nodes[lagging].log == raft.nodes[leader].log
    assert raft.nodes[lagging].commit_index == 4


# --- partitions ------------------------------------------------------------------------
def test_minority_leader_cannot_commit_and_is_overwritten_after_heal():
    raft, old = elected(5, seed=3)
    raft.client_request("before")
    raft.run_until_committed(1)
    others = [i for i in range(5) if i != old]
    step = raft.partition([[old, others[0]]])  # the others form the second group
    assert step.caption_fields["groups"].count("{") == 2
    raft.client_request("lost", to=old)
    raft.run_until(raft.time_ms + 1000)
    assert raft.nodes[old].role == LEADER and raft.nodes[old].commit_index == 1
    new = raft.leader
    assert new in others[1:] and raft.nodes[new].current_term > raft.nodes[old].current_term
    index = raft.client_request("kept")
    raft.run_until_committed(index)
    raft.heal()
    raft.run_until(raft.time_ms + 500)
    assert raft.nodes[old].role == FOLLOWER
    assert "step-down" in [s.phase for s in raft.history.steps]
    for node in raft.nodes:
        assert [e.value for e in node.log] == ["before", "kept"]
        assert node.commit_index == 2


def test_partition_drops_messages_between_groups():
    raft, leader = elected(3, seed=4)
    cut = (leader + 1) % 3
    raft.partition([[cut]])
    raft.run_until(raft.time_ms + 100)
    drops = [s for s in raft.history.steps if s.phase == "drop"]
    assert drops and "partition" in drops[-1].caption("en")
    assert {s.caption_fields["node"] for s in drops} | {s.caption_fields["sender"]
                                                      for s in drops} >= {cut}


# --- history -----------------------------------------------------------------------------
def test_history_keeps_every_past_state():
    raft, leader = elected(5, seed=1)
    start = raft.history.state(0)
    assert start.time_ms == 0
    assert all(node.role == FOLLOWER and node.current_term == 0 for node in start.nodes)
    assert len(raft.history) == len(raft.history.steps) + 1
    elected_at = len(raft.history) - 1
    raft.client_request("v")
    raft.run_until(raft.time_ms + 200)
    then = raft.history.state(elected_at)
    assert then.nodes[leader].role == LEADER and then.nodes[leader].log == []
    assert raft.nodes[leader].log == [Entry(1, "v")]
    then.nodes[leader].log.append(Entry(9, "scribble"))  # a copy: drawing cannot hurt it
    assert raft.history.state(elected_at).nodes[leader].log == []
    times = [raft.history.state(k).time_ms for k in range(len(raft.history))]
    assert times == sorted(times)


def test_every_step_is_numbered_and_commands_are_recorded():
    raft = Raft(3, seed=2)
    raft.crash(0)
    raft.restart(0)
    raft.partition([[0], [1, 2]])
    raft.heal()
    steps = raft.history.steps
    assert [s.number for s in steps] == [1, 2, 3, 4]
    assert [s.phase for s in steps] == ["crash", "restart", "partition", "heal"]
    assert raft.history.state(1).nodes[0].alive is False
    assert raft.history.state(3).group_of == [0, 1, 1]


def test_figure_8_old_term_entries_are_not_committed_by_counting_copies():
    """The scenario of figure 8 in the Raft paper, driven with partitions and timeouts.

    Long election timeouts keep the nodes from timing out on their own: only the
    commands below start elections.
    """
    raft = Raft(5, seed=0, election_timeout_ms=(1000, 2000))

    def wait():
        raft.run_until(raft.time_ms + 100)

    def log(i):
        return [(entry.term, entry.value) for entry in raft.nodes[i].log]

    raft.timeout(0)
    wait()
    assert raft.leader == 0 and raft.nodes[0].current_term == 1
    raft.partition([[0, 1], [2, 3, 4]])
    raft.client_request("a", to=0)  # reaches node 1 only
    wait()
    raft.crash(0)
    raft.timeout(4)
    wait()
    assert raft.leader == 4 and raft.nodes[4].current_term == 2
    raft.partition([[0, 1], [2, 3], [4]])
    raft.client_request("b", to=4)  # reaches nobody
    wait()
    raft.crash(4)
    raft.restart(0)
    raft.partition([[0, 1, 2], [3], [4]])
    raft.timeout(0)  # term 2: node 2 already voted for node 4
    wait()
    raft.timeout(0)  # term 3: nodes 1 and 2 vote for node 0
    wait()
    assert raft.leader == 0 and raft.nodes[0].current_term == 3
    assert log(0) == log(1) == log(2) == [(1, "a")]
    # "a" is on a majority, but it is from term 1: counting copies must not commit it.
    assert raft.nodes[0].commit_index == 0
    # Rightly so: node 4 can still win (its last entry has the newer term 2) and replace it.
    raft.crash(0)
    raft.restart(4)
    raft.heal()
    raft.timeout(4)
    wait()
    if raft.leader != 4:
        raft.timeout(4)
        wait()
    assert raft.leader == 4
    raft.client_request("c")
    wait()
    for i in (1, 2, 3, 4):
        assert log(i) == [(2, "b"), (4, "c")]
        assert raft.nodes[i].commit_index == 2
