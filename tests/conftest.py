"""Shared by every test: each one starts, and leaves, the course in English."""

import pytest

from ledgerkit.i18n import set_language


@pytest.fixture(autouse=True)
def english():
    """Tests that switch to Chinese cannot leak it into the next test on the same worker."""
    set_language("en")
    yield
    set_language("en")
