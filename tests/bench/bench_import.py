"""Start-up cost: `import ledgerkit` in a fresh interpreter against doing nothing and
against `import hashlib` (best of several runs each).

Also prints, without judging, whether the import pulled in a heavy module that should load
only when a notebook asks for it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from run import Figure, best_time, report

ROOT = Path(__file__).resolve().parents[2]
RUNS = 7
HEAVY = ["matplotlib", "ipywidgets", "IPython", "networkx"]


def python(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return done.stdout


def startup_ms(code: str) -> float:
    return 1000 * best_time(lambda: python(code), repeat=RUNS)


def main() -> list[Figure]:
    nothing = startup_ms("pass")
    hashlib_ms = startup_ms("import hashlib")
    ledgerkit_ms = startup_ms("import ledgerkit")
    probe = (
        f"import json, sys, ledgerkit; print(json.dumps([m for m in {HEAVY} if m in sys.modules]))"
    )
    loaded = json.loads(python(probe))
    print(f"heavy modules loaded by 'import ledgerkit': {', '.join(loaded) or 'none'}")
    return [
        Figure("python -c 'import ledgerkit' vs 'pass'", ledgerkit_ms, nothing, "ms"),
        Figure("python -c 'import ledgerkit' vs 'import hashlib'", ledgerkit_ms, hashlib_ms, "ms"),
    ]


if __name__ == "__main__":
    report(main())
