"""The check every finance test makes of a refused call (拒绝即无变化), in one place.

    refused(desk, "lc.unknown", desk.advise, "LC-9", by="advising_bank")

A refused call raises ContractError with the rule it broke and leaves the chain exactly as
it was: the chain's state bytes before and after are compared.
"""

from __future__ import annotations

from typing import Any

import pytest

from ledgerkit.contracts import ContractError


def refused(desk: Any, rule: str, call, *args, **kwargs) -> ContractError:
    """Make a call that must be refused with `rule`; the chain must not change at all.
    `desk` is anything with a `.chain` (a desk, a registry, a platform)."""
    before = desk.chain.state_bytes()
    with pytest.raises(ContractError) as caught:
        call(*args, **kwargs)
    assert caught.value.rule == rule, str(caught.value)
    assert desk.chain.state_bytes() == before
    return caught.value
