"""A one-line progress bar (进度条) for grading a class, on stderr.

On a terminal the line redraws itself; into a file or a pipe (a CI log, a test) it prints one
plain line per student, so the log stays readable.

    >>> import io
    >>> line = ProgressLine("hw01-basics", io.StringIO())
    >>> line(1, 4); line.stream.getvalue()
    'hw01-basics: 1/4 students graded\\n'
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

WIDTH = 24


class ProgressLine:
    """Call it with (done, total) after each student; `note(outcome)` counts problems."""

    def __init__(self, label: str, stream: TextIO | None = None):
        self.label = label
        self.stream = stream if stream is not None else sys.stderr
        self.started = time.monotonic()
        self.problems = 0
        self.tty = self.stream.isatty()

    def note(self, outcome) -> None:
        """Count an outcome that was not a clean grading."""
        if outcome.status != "graded":
            self.problems += 1

    def __call__(self, done: int, total: int) -> None:
        problems = f", {self.problems} with problems" if self.problems else ""
        if not self.tty:
            print(f"{self.label}: {done}/{total} students graded{problems}", file=self.stream,
                  flush=True)
            return
        elapsed = time.monotonic() - self.started
        filled = WIDTH * done // max(total, 1)
        left = elapsed / done * (total - done) if done else 0.0
        line = (f"\r{self.label} [{'#' * filled}{'.' * (WIDTH - filled)}] {done}/{total}"
                f"{problems} · {_clock(elapsed)} elapsed, about {_clock(left)} left ")
        print(line, end="\n" if done == total else "", file=self.stream, flush=True)


def _clock(seconds: float) -> str:
    minutes, seconds = divmod(int(seconds), 60)
    return f"{minutes}:{seconds:02d}"
