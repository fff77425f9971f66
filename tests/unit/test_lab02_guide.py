"""Lab 02's lecturer's guide tells the truth: every answer it quotes is what the code computes.

labs/lab02-node-voting/LECTURER.md lists its answers as markdown list items (maybe indented),
one a line, with the same convention as lab 01's guide:

    - Expected (lab02.walk.1): `9`          str() of that exercise's reference answer
    - Fact (crash-total): `35`              another quoted value, computed by FACTS below

The tests parse those lines and recompute every value, and check that the guide, the student
notebook and the exercise bank name the same exercises and run the same networks.
"""


import re

import pytest
from lab_guide import LabGuide, LabGuideChecks

from ledgerkit.consensus.pbft import BYZANTINE, CRASHED, PBFT, digest_of, max_faulty, quorum_size
from ledgerkit.consensus.raft import Raft
from ledgerkit.errors import LedgerError
from ledgerkit.exercise_bank import lab02
from ledgerkit.exercises import check, get

LAB = LabGuide("lab02-node-voting")
TIMING_ROW = re.compile(r"^\| [^|]+ \| [^|]+ \| (\d+) \| \d:\d\d–\d:\d\d \|$", re.MULTILINE)
TOTAL_ROW = re.compile(r"^\| +\| \*\*total\*\* \| \*\*(\d+)\*\* \| +\|$", re.MULTILINE)
PHASES = ("request", "pre-prepare", "prepare", "commit", "reply")




# --- the facts the guide quotes, computed the way a student (or the lecturer) would -----------


def _phases(messages: dict[str, int], kinds: tuple[str, ...]) -> str:
    return ", ".join(f"{kind} {messages[kind]}" for kind in kinds)


def _group_thresholds() -> str:
    return "; ".join(f"n {n}: f {max_faulty(n)}, q {quorum_size(n)}" for n in (4, 5, 6, 7))


def _totals_by_group() -> str:
    return ", ".join(f"n {n}: {sum(lab02.walk(n).messages.values())}" for n in (4, 5, 6, 7))


def _receivers(seed: int) -> str:
    """Who got the real PRE-PREPARE and who the forged one, from the Byzantine primary."""
    pbft, _ = lab02.byzantine_primary(seed)
    pre_prepares = [step for step in pbft.history.steps if step.phase == "pre-prepare"][0]
    real = sorted(m.receiver for m in pre_prepares.messages if m.payload["value"] == lab02.PAYMENT)
    forged = sorted(m.receiver for m in pre_prepares.messages
                    if m.payload["value"] != lab02.PAYMENT)
    return f"real {', '.join(map(str, real))}; forged {', '.join(map(str, forged))}"


def _first_election() -> str:
    leader, term, elapsed_ms = Raft(5, seed=lab02.RAFT_SEED).run_until_leader()
    return f"node {leader} leads term {term} after {elapsed_ms:.1f} ms"


def _partition_elections() -> str:
    """The elections (timeouts) on the way from the partition to the check of Task 4.2."""
    raft, _ = lab02.raft_after_partition()
    partitioned = [step.number for step in raft.history.steps if step.phase == "partition"][0]
    timeouts = [step for step in raft.history.steps
                if step.number > partitioned and step.phase == "timeout"]
    return ", ".join(f"node {step.caption_fields['node']} term {step.caption_fields['term']}"
                     for step in timeouts)


def _even_split_error() -> str:
    raft = Raft(4, seed=1)
    leader, _, _ = raft.run_until_leader()
    side = [leader, (leader + 1) % 4]
    raft.partition([side, [i for i in range(4) if i not in side]])
    with pytest.raises(LedgerError) as refused:
        raft.run_until_committed(raft.client_request("x", to=leader), max_ms=2000)
    return str(refused.value)


def _three_faulty_committed() -> str:
    faulty = {4: BYZANTINE, 5: BYZANTINE, 6: CRASHED}
    return str(PBFT(7, faulty=faulty).run_request(lab02.PAYMENT).committed)


def _forged_seeds() -> str:
    forged = [seed for seed in range(20)
              if lab02.byzantine_primary(seed)[1].value != lab02.PAYMENT]
    return ", ".join(map(str, forged))


FACTS = {
    "payment-digest": lambda: digest_of(lab02.PAYMENT)[:8],
    "group-thresholds": _group_thresholds,
    "messages-four": lambda: _phases(lab02.walk(4).messages, PHASES),
    "totals-by-group": _totals_by_group,
    "crash-messages": lambda: _phases(lab02.crashed_primary()[1].messages,
                                      (*PHASES, "view-change", "new-view")),
    "crash-total": lambda: str(sum(lab02.crashed_primary()[1].messages.values())),
    "two-crashes-total": lambda: str(sum(PBFT(lab02.TWO_CRASHED_N, faulty=lab02.TWO_CRASHED)
                                         .run_request(lab02.PAYMENT).messages.values())),
    "split-receivers": lambda: _receivers(lab02.SPLIT_SEED),
    "split-total": lambda: str(sum(lab02.byzantine_primary(lab02.SPLIT_SEED)[1]
                                   .messages.values())),
    "fooled-receivers": lambda: _receivers(lab02.FOOLED_SEED),
    "raft-timeouts": lambda: ", ".join(f"{node.election_deadline:.1f}"
                                       for node in Raft(5, seed=lab02.RAFT_SEED).nodes),
    "first-election": _first_election,
    "partition-elections": _partition_elections,
    "commit-during-partition": lambda: ", ".join(
        str(node.commit_index) for node in lab02.raft_during_partition()[0].nodes),
    "three-faulty-committed": _three_faulty_committed,
    "forged-seeds": _forged_seeds,
    "messages-hundred": lambda: str(sum(PBFT(100).run_request(lab02.PAYMENT).messages.values())),
    "even-split-error": _even_split_error,
}


class TestLabGuide(LabGuideChecks):
    lab = LAB
    facts = FACTS


# --- the guide ------------------------------------------------------------------------------


def test_timing_table_adds_up_to_a_session_of_60_to_90_minutes():
    text = LAB.text()
    minutes = [int(found) for found in TIMING_ROW.findall(text)]
    totals = [int(found) for found in TOTAL_ROW.findall(text)]
    assert totals and sum(minutes) == totals[0]
    assert 60 <= totals[0] <= 90


# --- the notebook ---------------------------------------------------------------------------


def test_notebook_runs_the_networks_of_the_reference_solutions():
    source = "\n".join(LAB.notebook_code())
    assert f'PAYMENT = "{lab02.PAYMENT}"' in source
    assert f'PBFT({lab02.CRASH_N}, faulty={{0: "crashed"}})' in source
    assert f'PBFT({lab02.TWO_CRASHED_N}, faulty={{0: "crashed", 1: "crashed"}})' in source
    for seed in (lab02.SPLIT_SEED, lab02.FOOLED_SEED):
        assert f'PBFT({lab02.BYZANTINE_N}, faulty={{0: "byzantine"}}, seed={seed})' in source
    assert f"Raft(5, seed={lab02.RAFT_SEED})" in source
    assert "raft.run_until_committed(raft.client_request(PAYMENT))" in source
    assert "raft.time_ms + 1000" in source and f"raft.time_ms + {lab02.SETTLE_MS}" in source
    assert f'"{lab02.OLD_SIDE_PAYMENT}", to=old_leader' in source
    assert f'"{lab02.NEW_SIDE_PAYMENT}"' in source


# --- the checks accept what a student naturally types --------------------------------------------


def test_an_election_from_run_until_leader_is_accepted_as_node_and_term():
    raft, _ = lab02.raft_after_partition()
    assert check("lab02.raft.2", raft.run_until_leader()).correct


def test_committed_values_are_accepted_in_any_letter_case_and_with_spaces():
    assert check("lab02.byz.2", f"  {lab02.PAYMENT.upper()} ").correct
    assert check("lab02.raft.3", lab02.NEW_SIDE_PAYMENT.lower()).correct


def test_the_split_vote_is_why_the_term_is_not_two():
    hint = get("lab02.raft.2").judge((2, 2))
    assert hint is not None and "one election" in hint[0]
