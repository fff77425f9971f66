"""Lab 05's lecturer's guide tells the truth: every answer it quotes is what the code computes.

labs/lab05-simulate-a-network/LECTURER.md lists its answers as markdown list items, one a
line, with the convention of the other labs' guides:

    - Expected (lab05.forks.1): `31`        str() of that exercise's reference answer
    - Fact (compact-median): `0.24 s`       another quoted value, computed by FACTS below

The tests parse those lines and recompute every value, and check that the guide, the student
notebook and the exercise bank run the same simulations.
"""

import re

from lab_guide import LabGuide, LabGuideChecks

from ledgerkit.exercise_bank import lab05
from ledgerkit.sim.analytic import blocks_needed, nakamoto_attack_probability, stale_rate
from ledgerkit.sim.attacks import selfish_mining

LAB = LabGuide("lab05-simulate-a-network")
TIMING_ROW = re.compile(r"^\| [^|]+ \| [^|]+ \| (\d+) \| \d:\d\d–\d:\d\d \|$", re.MULTILINE)
TOTAL_ROW = re.compile(r"^\| +\| \*\*total\*\* \| \*\*(\d+)\*\* \| +\|$", re.MULTILINE)


def _whole_percentiles() -> str:
    reached = lab05.spread_run().propagation_percentiles
    return ", ".join(f"{p}% {reached[p]:.2f} s" for p in (10, 50, 90, 100))


def _fast_chain() -> str:
    run = lab05.fork_run()
    return (f"{run.stale_blocks} of {run.blocks} ({run.stale_rate:.1%}), "
            f"forks at {run.forks} heights")


def _predicted_stale() -> str:
    d = lab05.median_whole_s()
    return ", ".join(f"{t} s {stale_rate(d, t):.2%}" for t in lab05.INTERVALS_S)


def _odds_around_answer() -> str:
    z = blocks_needed(lab05.ATTACKER_Q, lab05.BANK_P_MAX)
    return ", ".join(f"z {k}: {nakamoto_attack_probability(lab05.ATTACKER_Q, k):.5%}"
                     for k in (z - 1, z))


def _selfish_simulated() -> str:
    share = selfish_mining(lab05.POOL_ALPHA, lab05.POOL_GAMMA, blocks=50_000, seed=lab05.SEED)
    return f"{share:.3f}"


FACTS = {
    "whole-percentiles": _whole_percentiles,
    "compact-median": lambda: f"{lab05.median_compact_s():.2f} s",
    "fast-chain": _fast_chain,
    "predicted-stale": _predicted_stale,
    "odds-around-answer": _odds_around_answer,
    "selfish-simulated": _selfish_simulated,
}


class TestLabGuide(LabGuideChecks):
    lab = LAB
    facts = FACTS


def test_timing_table_adds_up_to_a_session_of_60_to_90_minutes():
    text = LAB.text()
    minutes = [int(found) for found in TIMING_ROW.findall(text)]
    totals = [int(found) for found in TOTAL_ROW.findall(text)]
    assert totals and sum(minutes) == totals[0]
    assert 60 <= totals[0] <= 90


def test_notebook_runs_the_simulations_of_the_reference_solutions():
    source = "\n".join(LAB.notebook_code())
    assert (f"simulate(nodes={lab05.NODES}, blocks={lab05.SPREAD_BLOCKS}, seed={lab05.SEED})"
            in source)
    assert (f"simulate(nodes={lab05.NODES}, blocks={lab05.SPREAD_BLOCKS}, seed={lab05.SEED}, "
            f"relay_bytes={lab05.COMPACT_BYTES:_})" in source)
    assert (f"simulate(nodes={lab05.NODES}, blocks={lab05.FORK_BLOCKS}, "
            f"interval_s={lab05.FORK_INTERVAL_S:g}, seed={lab05.SEED})" in source)
    assert f"for interval in {lab05.INTERVALS_S}:" in source
    assert (f"selfish_mining({lab05.POOL_ALPHA}, {lab05.POOL_GAMMA}, blocks=50_000, "
            f"seed={lab05.SEED})" in source)
