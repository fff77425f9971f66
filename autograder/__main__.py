"""`python -m autograder ...`: the grading commands (see `autograder.cli`)."""

import signal
import sys

from autograder.cli import main


def stop(signum: int, _frame: object) -> None:
    """Stopped by `kill` (or a hub shutting the server down): unwind like Ctrl-C, so the
    grading pool stops its workers and their kernels on the way out."""
    raise SystemExit(128 + signum)


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, stop)
    sys.exit(main())
