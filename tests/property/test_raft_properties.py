"""Raft's safety properties hold whatever crashes and partitions happen (Raft 安全性).

Hypothesis drives clusters of 3 to 7 nodes through random sequences of crash, restart,
"time out now", partition, heal, client requests and running time, then checks every state
in the history:

- election safety: at most one leader per term;
- a committed entry is never lost: it stays on a majority of the logs, every node that
  commits that index commits the same entry, and every later leader holds it;
- log matching: two logs with an entry of the same term at the same index are identical
  up to that index.
"""

from itertools import combinations

from hypothesis import given, settings
from hypothesis import strategies as st

from ledgerkit.consensus.raft import LEADER, Raft, RaftState
from ledgerkit.errors import InputError

NODE = st.integers(0, 6)  # taken modulo the cluster size
OPERATIONS = st.one_of(
    st.tuples(st.just("crash"), NODE),
    st.tuples(st.just("restart"), NODE),
    st.tuples(st.just("timeout"), NODE),
    st.tuples(st.just("partition"), st.lists(NODE, min_size=1, max_size=3)),
    st.tuples(st.just("isolate_leader"), st.lists(NODE, max_size=2)),
    st.tuples(st.just("heal"), st.none()),
    st.tuples(st.just("request"), st.none()),
    # Requests to any running leader, including an old one cut off by a partition: its
    # uncommitted entries are what a new leader must overwrite.
    st.tuples(st.just("request_to_a_leader"), NODE),
)
# Each operation is followed by some simulated time, so elections and replication happen.
SCRIPT = st.lists(st.tuples(OPERATIONS, st.integers(0, 400)), min_size=3, max_size=30)


def apply(raft: Raft, operation: tuple, counter: int) -> None:
    """Carry out one operation; a refused one must leave the history untouched."""
    name, arg = operation
    before = len(raft.history)
    leaders = [node.id for node in raft.nodes if node.alive and node.role == LEADER]
    try:
        if name == "partition":
            raft.partition([sorted({i % raft.n for i in arg})])
        elif name == "isolate_leader" and leaders:
            raft.partition([sorted({leaders[0]} | {i % raft.n for i in arg})])
        elif name == "heal":
            raft.heal()
        elif name == "request":
            raft.client_request(f"v{counter}")
        elif name == "request_to_a_leader" and leaders:
            raft.client_request(f"v{counter}", to=leaders[arg % len(leaders)])
        elif name in ("crash", "restart", "timeout"):
            getattr(raft, name)(arg % raft.n)
    except InputError:
        assert len(raft.history) == before


def check_log_matching(state: RaftState) -> None:
    for a, b in combinations(state.nodes, 2):
        for i in range(min(len(a.log), len(b.log)) - 1, -1, -1):
            if a.log[i].term == b.log[i].term:  # the highest shared (index, term) is enough
                assert a.log[: i + 1] == b.log[: i + 1], (a.id, b.id, i + 1)
                break


def check_history(raft: Raft) -> None:
    leaders_of_term: dict[int, set[int]] = {}
    committed: dict[int, tuple] = {}  # index -> (entry, a term at or after its commit)
    for k in range(len(raft.history)):
        state = raft.history.state(k)
        for node in state.nodes:
            if node.role == LEADER:
                leaders_of_term.setdefault(node.current_term, set()).add(node.id)
            for index in range(1, node.commit_index + 1):
                entry = node.log[index - 1]
                first, _ = committed.setdefault(index, (entry, node.current_term))
                assert entry == first, f"index {index} committed twice differently"
        for index, (entry, term) in committed.items():
            holders = [n for n in state.nodes if n.log[index - 1: index] == [entry]]
            assert len(holders) >= raft.majority, f"committed entry {index} lost"
            for node in state.nodes:
                if node.role == LEADER and node.current_term > term:
                    assert node.log[index - 1: index] == [entry], "leader misses a commit"
        check_log_matching(state)
    for term, leaders in leaders_of_term.items():
        assert len(leaders) <= 1, f"term {term} had leaders {leaders}"


@settings(max_examples=600, deadline=None)
@given(n=st.integers(3, 7), seed=st.integers(0, 10**6), script=SCRIPT)
def test_raft_safety_over_random_faults(n, seed, script):
    raft = Raft(n, seed=seed)
    for counter, (operation, wait_ms) in enumerate(script):
        apply(raft, operation, counter)
        raft.run_until(raft.time_ms + wait_ms)
    # Then repair everything: the cluster must recover and commit again.
    raft.heal()
    for node in raft.nodes:
        if not node.alive:
            raft.restart(node.id)
    raft.run_until(raft.time_ms + 1000)
    raft.run_until_leader()
    index = raft.client_request("final")
    raft.run_until_committed(index)
    raft.run_until(raft.time_ms + 300)
    assert all(node.log[index - 1].value == "final" for node in raft.nodes)
    check_history(raft)
