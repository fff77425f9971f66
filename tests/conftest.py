"""Shared by every test: each one starts, and leaves, the course in English; on CI the
hypothesis examples are derandomized, so a run can be repeated exactly."""

import os

import pytest
from hypothesis import settings

from ledgerkit.i18n import set_language

# With --doctest-modules this file would also be imported as a module named `conftest`, which
# clashes with the conftest of a test folder collected before it (tests/classroom).
collect_ignore = ["conftest.py"]

# Locally hypothesis explores new examples each run; CI (CI=true) replays a fixed set, and
# never fails on timing under a loaded 2-core runner.
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture(autouse=True)
def english():
    """Tests that switch to Chinese cannot leak it into the next test on the same worker."""
    set_language("en")
    yield
    set_language("en")
