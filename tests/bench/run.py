"""Run every benchmark in this folder and print one line per figure (`make bench`).

Each `bench_*.py` module has a `main()` that measures and returns a list of `Figure`s:
our time or rate next to a baseline measured in the same run, so the ratio means the same on
a laptop and on a CI runner. Benchmarks print; they never fail on time.

    python tests/bench/run.py              # every benchmark
    python tests/bench/run.py mining       # only bench_mining.py
"""

from __future__ import annotations

import importlib
import sys
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Figure:
    """One measured ratio: `ours / baseline`, both in `unit`, with the goal it is held to.

    >>> str(Figure("hash rate", 0.9, 1.0, "MH/s", "goal >= 0.90"))
    'hash rate: 0.90 (ours 0.9 MH/s / baseline 1 MH/s) goal >= 0.90'
    """

    name: str
    ours: float
    baseline: float
    unit: str
    goal: str = ""

    @property
    def ratio(self) -> float:
        return self.ours / self.baseline

    def __str__(self) -> str:
        line = (
            f"{self.name}: {self.ratio:.2f} "
            f"(ours {self.ours:.3g} {self.unit} / baseline {self.baseline:.3g} {self.unit})"
        )
        return f"{line} {self.goal}".rstrip()


def best_time(action, repeat: int = 3) -> float:
    """The fastest of `repeat` timings of `action()` in seconds: the least disturbed run."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - start)
    return best


def report(figures: list[Figure]) -> None:
    for figure in figures:
        print(figure, flush=True)


def main(only: list[str]) -> None:
    sys.path.insert(0, str(HERE))
    names = sorted(path.stem for path in HERE.glob("bench_*.py"))
    if only:
        names = [name for name in names if any(word in name for word in only)]
    for name in names:
        start = time.perf_counter()
        print(f"== {name}", flush=True)
        report(importlib.import_module(name).main())
        print(f"   ({time.perf_counter() - start:.1f} s)", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
