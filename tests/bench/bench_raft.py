"""Raft elections: n = 5 over 1,000 seeds (goal: at most 1 ms of wall time per election).

Prints the distribution of the election time in simulated milliseconds, from the start of a
fresh cluster to the first leader. With election timeouts drawn from [150, 300) ms and 5–15
ms network delays, the first node times out after the minimum of five timeouts and needs
one vote round trip; split votes (two candidates at once) make the tail.

The wall-time baseline is the least any discrete-event simulation of the same run must do:
push and pop the same number of events through a heap, drawing one random time for each.
The ratio says what the Raft rules, the captions and the history (a snapshot of all nodes
after every step) cost on top.
"""

from __future__ import annotations

import heapq
import math
import random
import time

from run import Figure, best_time, report

from ledgerkit.consensus.raft import Raft

N = 5
SEEDS = range(1000)
GOAL_MS = 1.0


def percentile(sorted_values: list[float], p: float) -> float:
    """Nearest-rank percentile: the smallest value with at least p% of values at or below."""
    rank = max(1, math.ceil(p / 100 * len(sorted_values)))
    return sorted_values[rank - 1]


def elections() -> list[tuple[float, int, int]]:
    """(elapsed simulated ms, term, number of steps) of the first election for each seed."""
    results = []
    for seed in SEEDS:
        raft = Raft(N, seed=seed)
        _, term, elapsed_ms = raft.run_until_leader()
        results.append((elapsed_ms, term, len(raft.history.steps)))
    return results


def bare_event_loop(steps_per_seed: list[int]) -> None:
    for seed, steps in zip(SEEDS, steps_per_seed, strict=True):
        rng = random.Random(seed)
        events = [(rng.uniform(150, 300), node) for node in range(N)]
        heapq.heapify(events)
        for _ in range(steps):
            now, node = heapq.heappop(events)
            heapq.heappush(events, (now + rng.uniform(5, 15), node))


def main() -> list[Figure]:
    results = elections()
    times = sorted(elapsed for elapsed, _, _ in results)
    split = sum(term > 1 for _, term, _ in results)
    steps = [count for _, _, count in results]
    print(f"   election time, n={N}, {len(times)} seeds (simulated ms): "
          f"min {times[0]:.1f}, median {percentile(times, 50):.1f}, "
          f"p90 {percentile(times, 90):.1f}, p99 {percentile(times, 99):.1f}, "
          f"max {times[-1]:.1f}, mean {sum(times) / len(times):.1f}")
    print(f"   needed more than one term (split vote): {split} of {len(times)}; "
          f"steps per election: mean {sum(steps) / len(steps):.1f}, max {max(steps)}")
    ours = best_time(elections) * 1000 / len(SEEDS)  # ms per election
    baseline = best_time(lambda: bare_event_loop(steps)) * 1000 / len(SEEDS)
    return [Figure(f"Raft n={N} election, wall time per election", ours, baseline, "ms",
                   f"goal: ours <= {GOAL_MS:g} ms")]


if __name__ == "__main__":
    start = time.perf_counter()
    report(main())
    print(f"   ({time.perf_counter() - start:.1f} s)")
