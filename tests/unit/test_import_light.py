"""`import ledgerkit` stays light: widgets, notebooks and charts load only when used.

Checked in a fresh interpreter, because this test process may already have imported them.
"""

import json
import subprocess
import sys

import pytest

HEAVY = ["matplotlib", "ipywidgets", "IPython", "networkx"]

PROBE = """
import json, sys
import {module}
print(json.dumps(sorted(name for name in {heavy} if name in sys.modules)))
"""


def heavy_modules_after_importing(module: str) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE.format(module=module, heavy=HEAVY)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(
    "module",
    ["ledgerkit", "ledgerkit.crypto", "ledgerkit.merkle", "ledgerkit.block", "ledgerkit.chain"],
)
def test_import_does_not_load_heavy_modules(module):
    assert heavy_modules_after_importing(module) == []


def test_the_probe_can_see_a_heavy_import():
    # Guards the test above against passing for the wrong reason (e.g. a broken probe).
    assert heavy_modules_after_importing("json, networkx") == ["networkx"]
