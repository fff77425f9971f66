"""ledgerkit.consensus.pbft: normal case, faults, view change, history (实用拜占庭容错)."""

import pytest

from ledgerkit.consensus.base import Message
from ledgerkit.consensus.pbft import (
    CLIENT,
    PBFT,
    PHASES,
    Certificate,
    Replica,
    digest_of,
    max_faulty,
    quorum_size,
)
from ledgerkit.errors import InputError
from ledgerkit.i18n import get_language, set_language


def formula(n: int) -> dict[str, int]:
    """The message counts of one request with no faults (the module's convention)."""
    return {"request": 1, "pre-prepare": n - 1, "prepare": (n - 1) ** 2,
            "commit": n * (n - 1), "reply": n, "view-change": 0, "new-view": 0}


def honest_logs(pbft: PBFT) -> list[dict]:
    return [r.log for r in pbft.replicas if r.fault is None]


def run_to_done(pbft: PBFT, limit: int = 200) -> list:
    steps = []
    while (step := pbft.step()) is not None and len(steps) < limit:
        steps.append(step)
    return steps


def pre_prepare(view: int, seq: int, value: str) -> dict:
    return {"view": view, "seq": seq, "value": value, "digest": digest_of(value)}


# --- sizes ----------------------------------------------------------------------------
@pytest.mark.parametrize("n, f", [(1, 0), (3, 0), (4, 1), (6, 1), (7, 2), (10, 3), (13, 4),
                                  (100, 33)])
def test_f_is_the_floor_of_n_minus_1_over_3(n, f):
    assert max_faulty(n) == f
    assert PBFT(n).f == f


@pytest.mark.parametrize("f", range(12))
def test_the_quorum_is_2f_plus_1_when_n_is_3f_plus_1(f):
    assert quorum_size(3 * f + 1) == 2 * f + 1
    assert PBFT(3 * f + 1).quorum == 2 * f + 1


@pytest.mark.parametrize("n", range(1, 41))
def test_two_quorums_share_an_honest_replica_and_the_honest_ones_form_a_quorum(n):
    q, f = quorum_size(n), max_faulty(n)
    assert 2 * q - n >= f + 1  # the overlap of any two quorums outnumbers the liars
    assert q <= n - f  # with f replicas silent, the others still make a quorum


# --- the normal case ------------------------------------------------------------------
@pytest.mark.parametrize("n", [4, 7, 10])
def test_normal_case_message_counts_equal_the_formulas(n):
    result = PBFT(n).run_request("pay 10 to Bob")
    assert result.messages == formula(n)
    assert (result.committed, result.value, result.view, result.seq) == (
        True, "pay 10 to Bob", 0, 1)


@pytest.mark.parametrize("n", [1, 2, 3, 5, 6, 13, 31, 64, 100])
def test_the_formulas_hold_for_other_sizes_too(n):  # up to 100: the scale of chapter 07
    assert PBFT(n).run_request("x").messages == formula(n)


def test_a_request_goes_through_five_phases_each_sending_its_own_kind():
    pbft = PBFT(7)
    pbft.run_request("pay 10")
    steps = pbft.history.steps
    assert [s.phase for s in steps] == ["request", "pre-prepare", "prepare", "commit", "reply"]
    for step in steps:
        assert {m.kind for m in step.messages} == {step.phase}
    assert [(m.sender, m.receiver) for m in steps[0].messages] == [(CLIENT, 0)]
    assert [(m.sender, m.receiver) for m in steps[1].messages] == [(0, i) for i in range(1, 7)]
    assert {m.sender for m in steps[2].messages} == set(range(1, 7))  # backups only
    assert {m.receiver for m in steps[4].messages} == {CLIENT}


def test_every_replica_commits_and_the_client_accepts_with_f_plus_1_replies():
    pbft = PBFT(4)
    result = pbft.run_request("pay 10")
    assert [r.log for r in pbft.replicas] == [{1: "pay 10"}] * 4
    assert pbft.state.accepted == "pay 10"
    assert result.steps == 5
    assert result.time_ms == 5 * pbft.round_ms


def test_requests_in_sequence_get_seq_1_2_3():
    pbft = PBFT(4)
    seqs = [pbft.run_request(value).seq for value in ("a", "b", "c")]
    assert seqs == [1, 2, 3]
    assert honest_logs(pbft) == [{1: "a", 2: "b", 3: "c"}] * 4
    assert pbft.run_request("d").messages == formula(4)  # counts are per request


def test_a_backup_is_prepared_after_2f_prepares_and_commits_after_2f_plus_1_commits():
    replica = Replica(1, n=7)  # f = 2
    out = replica.on_message(Message(0, 1, "pre-prepare", pre_prepare(0, 1, "v")))
    assert {m.kind for m in out} == {"prepare"} and len(out) == 6
    prepare = {"view": 0, "seq": 1, "digest": digest_of("v")}
    for sender in (2, 3):  # with its own: 3 matching prepares, one short of 2f = 4
        assert replica.on_message(Message(sender, 1, "prepare", prepare)) == []
    out = replica.on_message(Message(4, 1, "prepare", prepare))
    assert {m.kind for m in out} == {"commit"} and replica.snapshot().phase == "prepared"
    commit = {**prepare, "value": "v"}
    for sender in (2, 3, 4):  # with its own: 4 commits, one short of 2f+1 = 5
        assert replica.on_message(Message(sender, 1, "commit", commit)) == []
    out = replica.on_message(Message(5, 1, "commit", commit))
    assert [(m.receiver, m.kind) for m in out] == [(CLIENT, "reply")]
    assert replica.log == {1: "v"}


def test_prepares_from_the_primary_or_for_another_value_do_not_count():
    replica = Replica(1, n=4)  # prepared after 2 matching prepares, its own included
    replica.on_message(Message(0, 1, "pre-prepare", pre_prepare(0, 1, "v")))
    assert replica.on_message(Message(0, 1, "prepare",
                                      {"view": 0, "seq": 1, "digest": digest_of("v")})) == []
    assert replica.on_message(Message(2, 1, "prepare",
                                      {"view": 0, "seq": 1, "digest": digest_of("w")})) == []
    assert replica.snapshot().prepares == 1
    out = replica.on_message(Message(3, 1, "prepare",
                                     {"view": 0, "seq": 1, "digest": digest_of("v")}))
    assert {m.kind for m in out} == {"commit"}


def test_a_commit_whose_value_does_not_match_its_digest_is_ignored():
    replica = Replica(1, n=4)
    bad = {"view": 0, "seq": 1, "digest": digest_of("v"), "value": "w"}
    replica.on_message(Message(2, 1, "commit", bad))
    assert replica.commit_votes == {}


def test_replicas_run_the_protocol_on_their_own_over_any_transport():
    # What a networked course would do: replicas on separate kernels, a queue in between.
    replicas = [Replica(i, n=4) for i in range(4)]
    queue = [Message(CLIENT, 0, "request", {"seq": 1, "value": "v", "retransmit": False})]
    replies = []
    while queue:
        message = queue.pop(0)
        if message.receiver == CLIENT:
            replies.append(message)
        else:
            queue.extend(replicas[message.receiver].on_message(message))
    assert [r.log for r in replicas] == [{1: "v"}] * 4
    assert sorted(m.sender for m in replies) == [0, 1, 2, 3]


# --- crashed replicas -------------------------------------------------------------------
@pytest.mark.parametrize("n", [4, 7, 10, 13])
def test_up_to_f_crashed_backups_still_commit_and_send_nothing(n):
    f = max_faulty(n)
    pbft = PBFT(n, faulty={i: "crashed" for i in range(n - f, n)})
    result = pbft.run_request("x")
    assert result.committed and result.view == 0
    running = n - f
    assert result.messages["prepare"] == (running - 1) * (n - 1)
    assert result.messages["commit"] == running * (n - 1)
    assert result.messages["reply"] == running
    assert [r.log for r in pbft.replicas[n - f:]] == [{}] * f


def test_a_crashed_primary_is_replaced_by_a_view_change():
    pbft = PBFT(4, faulty={0: "crashed"})
    result = pbft.run_request("x")
    assert result.committed and result.value == "x"
    assert result.view == 1 and pbft.primary_of(result.view) == 1
    phases = [s.phase for s in pbft.history.steps]
    assert phases == ["request", "pre-prepare", "timeout", "view-change", "new-view",
                      "prepare", "commit", "reply"]
    new_view = pbft.history.steps[4]
    assert {m.sender for m in new_view.messages} == {1}
    assert result.messages["request"] == 1 + 4  # the client asks everyone at the timeout
    assert result.messages["pre-prepare"] == 0
    assert result.messages["view-change"] == 3 * 3
    assert result.time_ms == pbft.timeout_ms + 7 * pbft.round_ms


def test_two_crashed_primaries_in_a_row_lead_to_view_2():
    pbft = PBFT(7, faulty={0: "crashed", 1: "crashed"})
    result = pbft.run_request("x")
    assert result.committed and result.view == 2
    new_views = [s for s in pbft.history.steps if s.phase == "new-view"]
    assert [{m.sender for m in s.messages} for s in new_views] == [set(), {2}]


def test_the_new_primary_is_view_mod_n_also_after_wrapping_around():
    pbft = PBFT(4)
    views = []
    for i in range(4):  # crash the primary of each view in turn, one at a time (f = 1)
        if i:
            pbft.recover(i - 1)
        pbft.crash(i)
        views.append(pbft.run_request(f"r{i}").view)
    assert views == [1, 2, 3, 4]
    assert pbft.primary_of(4) == 0
    assert pbft.state.replicas[0].role == "primary"


# --- Byzantine replicas -----------------------------------------------------------------
@pytest.mark.parametrize("n", [4, 7, 10])
@pytest.mark.parametrize("seed", range(8))
def test_a_byzantine_primary_equivocates_but_honest_replicas_agree(n, seed):
    pbft = PBFT(n, faulty={0: "byzantine"}, seed=seed)
    result = pbft.run_request("pay 10")
    pre_prepares = pbft.history.steps[1].messages
    assert len({m.payload["value"] for m in pre_prepares}) == 2  # it did equivocate
    assert result.committed
    assert all(log == {1: result.value} for log in honest_logs(pbft))
    assert result.value in {"pay 10", "pay 10 (forged by replica 0)"}


def test_a_replica_that_was_lied_to_catches_up_from_the_commits():
    caught_up = []
    for seed in range(40):
        pbft = PBFT(7, faulty={0: "byzantine"}, seed=seed)
        pbft.run_request("x")
        after_reply = pbft.history.state(5).replicas
        caught_up += [r for r in after_reply if r.fault is None and r.committed
                      and not r.prepared]
    assert caught_up  # some backups got the other value, never prepared, and still commit
    assert all(r.commits >= 5 for r in caught_up)


@pytest.mark.parametrize("n, liars", [(4, {2}), (7, {1, 5}), (10, {3, 6, 9})])
def test_byzantine_backups_cannot_stop_the_commit(n, liars):
    pbft = PBFT(n, faulty={i: "byzantine" for i in liars}, seed=3)
    result = pbft.run_request("x")
    assert result.committed and result.view == 0 and result.value == "x"
    assert result.messages == formula(n)  # liars send as many messages as honest replicas
    proposed = {m.payload["digest"] for m in pbft.history.steps[1].messages}
    lies = [m for m in pbft.history.steps[2].messages if m.sender in liars]
    assert lies and not {m.payload["digest"] for m in lies} & proposed
    assert len({m.payload["digest"] for m in lies}) > 1  # conflicting: not one story


def test_a_byzantine_new_primary_cannot_drop_a_prepared_value():
    replica = Replica(2, n=4)
    replica.on_message(Message(CLIENT, 2, "request",
                               {"seq": 1, "value": "a", "retransmit": True}))
    assert (replica.view, replica.status) == (1, "view-change")
    proofs = {0: Certificate(0, "a"), 1: None, 2: None}
    dropped = {**pre_prepare(1, 1, "b"), "proofs": proofs}
    assert replica.on_message(Message(1, 2, "new-view", dropped)) == []
    assert replica.status == "view-change"
    kept = {**pre_prepare(1, 1, "a"), "proofs": proofs}
    out = replica.on_message(Message(1, 2, "new-view", kept))
    assert {m.kind for m in out} == {"prepare"} and replica.status == "normal"


def test_more_than_f_crashed_stalls_without_committing_anything():
    pbft = PBFT(4, faulty={1: "crashed", 2: "crashed"})
    result = pbft.run_request("x")
    assert not result.committed and result.value is None
    assert result.steps == 6 * (pbft.f + 3)
    assert honest_logs(pbft) == [{}, {}]
    assert "timeout" in {s.phase for s in pbft.history.steps}


def test_more_than_f_byzantine_may_stall_but_honest_replicas_never_disagree():
    for seed in range(20):
        pbft = PBFT(7, faulty={0: "byzantine", 2: "byzantine", 4: "byzantine"}, seed=seed)
        pbft.run_request("x", max_steps=30)
        assert len({repr(log.get(1)) for log in honest_logs(pbft) if 1 in log}) <= 1


# --- history ----------------------------------------------------------------------------
def test_history_scrubs_back_to_the_counters_of_each_moment():
    pbft = PBFT(4)
    pbft.run_request("v")
    history = pbft.history
    assert len(history) == 6  # the start, then one state per step

    def column(k, name):
        return [getattr(r, name) for r in history.state(k).replicas]

    assert column(0, "phase") == ["idle"] * 4
    assert column(2, "phase") == ["pre-prepared", "idle", "idle", "idle"]
    assert column(3, "phase") == ["pre-prepared"] * 4
    assert column(3, "prepares") == [0, 1, 1, 1]  # each backup has its own prepare
    assert column(4, "phase") == ["prepared"] * 4
    assert column(4, "prepares") == [3, 3, 3, 3]
    assert column(4, "commits") == [1, 1, 1, 1]
    assert column(5, "phase") == ["committed"] * 4
    assert column(5, "commits") == [4, 4, 4, 4]
    assert column(4, "log") == [{}] * 4 and column(5, "log") == [{1: "v"}] * 4
    assert [history.state(k).time_ms for k in range(6)] == [0, 10, 20, 30, 40, 50]


def test_history_states_show_the_messages_in_flight_and_are_safe_to_change():
    pbft = PBFT(4)
    pbft.run_request("v")
    state = pbft.history.state(3)
    assert state.in_flight == pbft.history.steps[2].messages
    state.replicas[0].log[1] = "tampered"
    assert pbft.history.state(3).replicas[0].log == {}
    assert pbft.history.state(5).replicas[0].log == {1: "v"}


def test_fault_changes_are_steps_in_the_history():
    pbft = PBFT(4)
    pbft.client_request("v")
    pbft.step()
    crash = pbft.crash(3)
    assert crash.phase == "crash" and crash.messages == ()
    assert pbft.history.state(len(pbft.history) - 1).replicas[3].fault == "crashed"
    assert pbft.history.state(1).replicas[3].fault is None
    run_to_done(pbft)
    assert honest_logs(pbft) == [{1: "v"}] * 3 and pbft.replicas[3].log == {}


# --- captions ---------------------------------------------------------------------------
def test_captions_are_in_english_and_chinese():
    pbft = PBFT(7, faulty={0: "crashed", 3: "byzantine"})
    pbft.run_request("pay 10")
    steps = pbft.history.steps
    assert steps[0].caption("en") == (
        "The client sends request 'pay 10' (seq 1) to replica 0, the primary of view 0.")
    assert steps[0].caption("zh") == (
        "客户端把请求 'pay 10'（序号 1）发送给第 0 视图的主节点：副本 0。")
    zh = [s.caption("zh") for s in steps]
    assert any("视图切换" in c for c in zh) and any("新视图" in c for c in zh)
    assert any("拜占庭节点（3）" in c for c in zh)
    previous = get_language()
    try:
        set_language("zh")
        assert steps[-1].caption() == zh[-1]
        assert "提交 'pay 10'" in zh[-1]
    finally:
        set_language(previous)


def test_every_step_has_a_known_phase_and_a_caption():
    pbft = PBFT(7, faulty={0: "byzantine", 1: "crashed"}, seed=5)
    pbft.run_request("x")
    pbft.make_byzantine(2)
    pbft.recover(1)
    pbft.run_request("y")
    for step in pbft.history.steps:
        assert step.phase in PHASES + ("crash", "byzantine", "recover")
        assert step.caption("en") and step.caption("zh") != step.caption("en")


# --- determinism ------------------------------------------------------------------------
def run_and_record(seed: int) -> tuple:
    pbft = PBFT(7, faulty={0: "byzantine", 5: "byzantine"}, seed=seed)
    pbft.run_request("a")
    pbft.run_request("b")
    history = pbft.history
    return history.steps, [history.state(k) for k in range(len(history))]


def test_the_same_seed_gives_the_same_history():
    assert run_and_record(11) == run_and_record(11)


def test_the_seed_drives_the_lies():
    runs = [run_and_record(seed)[0] for seed in range(4)]
    assert any(run != runs[0] for run in runs[1:])


# --- faults changed between steps --------------------------------------------------------
def test_a_primary_turning_byzantine_mid_request_cannot_split_the_honest_replicas():
    pbft = PBFT(4, seed=2)
    pbft.client_request("v")
    pbft.step()  # the request reaches the primary next round
    pbft.make_byzantine(0)
    run_to_done(pbft)
    logs = honest_logs(pbft)
    assert len(logs) == 3 and len({repr(log) for log in logs}) == 1 and 1 in logs[0]


def test_a_recovered_replica_catches_up():
    pbft = PBFT(4)
    pbft.crash(2)
    pbft.run_request("a")
    pbft.run_request("b")
    step = pbft.recover(2)
    assert pbft.replicas[2].log == {1: "a", 2: "b"}
    assert step.caption("en") == ("Replica 2 recovers and catches up from replica 0: view 0, "
                                  "2 committed entries.")
    assert pbft.run_request("c").messages == formula(4)


def test_a_repaired_byzantine_replica_forgets_its_own_books():
    pbft = PBFT(4)
    pbft.make_byzantine(3)
    pbft.run_request("a")
    pbft.replicas[3].log[1] = "whatever it claims"
    pbft.recover(3)
    assert pbft.replicas[3].log == {1: "a"} and pbft.faulty == {}


def test_step_returns_none_when_there_is_nothing_to_do():
    pbft = PBFT(4)
    assert pbft.done and pbft.step() is None
    pbft.run_request("a")
    assert pbft.done and pbft.step() is None


# --- errors -----------------------------------------------------------------------------
@pytest.mark.parametrize("n", [0, -1, 2.5, True, "4", None])
def test_a_bad_network_size_is_refused_in_both_languages(n):
    with pytest.raises(InputError) as caught:
        PBFT(n)
    assert caught.value.key == "pbft.err.n"
    assert "at least 1" in caught.value.in_language("en")
    assert "副本数" in caught.value.in_language("zh")


@pytest.mark.parametrize("faulty", [{4: "crashed"}, {-1: "crashed"}, {"0": "crashed"}])
def test_a_faulty_replica_out_of_range_is_refused(faulty):
    with pytest.raises(InputError) as caught:
        PBFT(4, faulty=faulty)
    assert caught.value.key == "pbft.err.replica"
    assert "0 to 3" in caught.value.in_language("en")
    assert "0 到 3" in caught.value.in_language("zh")


def test_an_unknown_fault_kind_is_refused_and_the_choices_named():
    with pytest.raises(InputError) as caught:
        PBFT(4, faulty={1: "sleepy"})
    assert caught.value.key == "pbft.err.fault"
    assert "'crashed'" in str(caught.value) and "'byzantine'" in str(caught.value)
    assert "故障类型" in caught.value.in_language("zh")


def test_faulty_must_map_replicas_to_faults():
    with pytest.raises(InputError) as caught:
        PBFT(4, faulty=[1, 2])
    assert caught.value.key == "pbft.err.faulty"


def test_changing_faults_is_checked():
    pbft = PBFT(4)
    pbft.crash(1)
    with pytest.raises(InputError) as caught:
        pbft.crash(1)
    assert caught.value.key == "pbft.err.already"
    with pytest.raises(InputError) as caught:
        pbft.recover(2)
    assert caught.value.key == "pbft.err.not_faulty"
    with pytest.raises(InputError) as caught:
        pbft.make_byzantine(9)
    assert caught.value.key == "pbft.err.replica"
    assert len(pbft.history) == 2  # only the crash was recorded


@pytest.mark.parametrize("max_steps", [0, -2, 1.5])
def test_a_bad_step_limit_is_refused(max_steps):
    pbft = PBFT(4)
    with pytest.raises(InputError) as caught:
        pbft.run_request("x", max_steps=max_steps)
    assert caught.value.key == "pbft.err.max_steps"
    assert pbft.seq == 0  # nothing started


@pytest.mark.parametrize("seed", [4, 11, 15, 1021847])
def test_a_replica_that_decided_early_still_sends_its_commit(seed):
    # n = 3: with these seeds two peers' COMMITs reach a replica before its own PREPARE
    # quorum; it must still send its COMMIT (found by hypothesis: 4 commits instead of 6).
    assert PBFT(3, seed=seed).run_request("x").messages["commit"] == 3 * 2
