"""PBFT invariants over many sizes, seeds and fault patterns (实用拜占庭容错的不变量).

1. Liveness and agreement: with at most f faulty replicas every request is committed, and
   every honest replica commits the same value.
2. Safety: with any number of faulty replicas the network may stall, but no two honest
   replicas ever commit different values for the same sequence number.
3. Safety still holds when replicas crash, turn Byzantine or recover between any two steps.
4. With no faults, the message counts are the module's formulas for any n.
"""

from hypothesis import given, settings
from hypothesis import strategies as st

from ledgerkit.consensus.pbft import FAULT_KINDS, PBFT, max_faulty

VALUES = ("pay 10 to Bob", "pay 20 to Carol")


@st.composite
def networks(draw, more_than_f: bool) -> tuple[int, dict[int, str], int]:
    """(n, faulty, seed): n in 4..13 with at most f faulty replicas, or more than f."""
    n = draw(st.integers(4, 13))
    f = max_faulty(n)
    count = draw(st.integers(f + 1, n) if more_than_f else st.integers(0, f))
    who = draw(st.permutations(range(n)))[:count]
    kinds = draw(st.lists(st.sampled_from(FAULT_KINDS), min_size=count, max_size=count))
    return n, dict(zip(who, kinds, strict=True)), draw(st.integers(0, 2**32 - 1))


def assert_no_two_honest_replicas_disagree(pbft: PBFT) -> None:
    # Crashed replicas were honest until they stopped, so their logs count too.
    logs = [r.log for r in pbft.replicas if r.fault != "byzantine"]
    for seq in range(1, pbft.seq + 1):
        assert len({repr(log[seq]) for log in logs if seq in log}) <= 1, seq


@settings(max_examples=400, deadline=None)
@given(networks(more_than_f=False))
def test_with_at_most_f_faulty_every_honest_replica_commits_the_same_value(network):
    n, faulty, seed = network
    pbft = PBFT(n, faulty=faulty, seed=seed)
    for seq, value in enumerate(VALUES, start=1):
        result = pbft.run_request(value)
        assert result.committed and result.seq == seq
        honest = [r for r in pbft.replicas if r.fault is None]
        assert all(r.log[seq] == result.value for r in honest)
        forged = {f"{value} (forged by replica {i})" for i in range(n)}
        assert result.value == value or result.value in forged
    assert_no_two_honest_replicas_disagree(pbft)


@settings(max_examples=400, deadline=None)
@given(networks(more_than_f=True))
def test_with_more_than_f_faulty_honest_replicas_never_commit_different_values(network):
    n, faulty, seed = network
    pbft = PBFT(n, faulty=faulty, seed=seed)
    for value in VALUES:
        result = pbft.run_request(value, max_steps=30)
        if result.committed:
            assert all(r.log[result.seq] == result.value
                       for r in pbft.replicas if r.fault is None)
    assert_no_two_honest_replicas_disagree(pbft)


ACTIONS = st.lists(
    st.tuples(st.sampled_from(["step"] * 5 + ["crash", "make_byzantine", "recover",
                               "new request"]),
              st.integers(0, 12)),
    max_size=80,
)


@settings(max_examples=400, deadline=None)
@given(st.integers(4, 13), st.integers(0, 2**32 - 1), ACTIONS)
def test_faults_changed_between_steps_never_split_the_honest_replicas(n, seed, actions):
    pbft = PBFT(n, seed=seed)
    pbft.client_request("first")
    for action, i in actions:
        replica = pbft.replicas[i % n]
        if action == "step":
            pbft.step()
        elif action == "new request":
            pbft.client_request(f"request {pbft.seq + 1}")
        elif action == "recover" and replica.fault is not None:
            pbft.recover(replica.index)
        elif action in ("crash", "make_byzantine"):
            kind = "crashed" if action == "crash" else "byzantine"
            if replica.fault != kind:
                getattr(pbft, action)(replica.index)
    assert_no_two_honest_replicas_disagree(pbft)


@settings(max_examples=25, deadline=None)
@given(st.integers(1, 40), st.integers(0, 2**32 - 1))
def test_with_no_faults_the_message_counts_are_the_formulas(n, seed):
    result = PBFT(n, seed=seed).run_request("x")
    assert result.committed and result.view == 0
    assert result.messages == {"request": 1, "pre-prepare": n - 1, "prepare": (n - 1) ** 2,
                               "commit": n * (n - 1), "reply": n, "view-change": 0,
                               "new-view": 0}
