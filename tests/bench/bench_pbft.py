"""PBFT at scale: one request with n = 100 replicas (goal: at most 2 s).

With no faults one request sends 19,901 messages. The baseline is the least any simulator
that models each message must do: create the (n−1)² PREPARE and n(n−1) COMMIT message
objects, and nothing else. The ratio says how much the protocol logic, the seeded delivery
order and the history (a snapshot of all 100 replicas after every step) cost on top.
"""

from __future__ import annotations

import time

from run import Figure, best_time, report

from ledgerkit.consensus.base import Message
from ledgerkit.consensus.pbft import PBFT

N = 100
GOAL_S = 2.0


def create_messages(n: int) -> list[Message]:
    payload = {"view": 0, "seq": 1, "digest": "00" * 32}
    prepares = [Message(i, j, "prepare", payload)
                for i in range(1, n) for j in range(n) if j != i]
    commits = [Message(i, j, "commit", payload) for i in range(n) for j in range(n) if j != i]
    return prepares + commits


def one_request(faulty: dict[int, str] | None = None) -> None:
    result = PBFT(N, faulty=faulty).run_request("pay 10 to Bob")
    assert result.committed


def main() -> list[Figure]:
    baseline = best_time(lambda: create_messages(N))
    goal = f"goal: ours <= {GOAL_S:g} s"
    figures = [Figure(f"PBFT n={N}, one request, no faults", best_time(one_request),
                      baseline, "s", goal)]
    # A crashed primary: timeout, view change and a second normal case, about 1.5x the work.
    crashed = best_time(lambda: one_request({0: "crashed"}))
    figures.append(Figure(f"PBFT n={N}, crashed primary (view change)", crashed, baseline,
                          "s", goal))
    return figures


if __name__ == "__main__":
    start = time.perf_counter()
    report(main())
    print(f"   ({time.perf_counter() - start:.1f} s)")
