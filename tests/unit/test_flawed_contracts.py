"""Each planted flaw is exploitable, and each fix refuses the same attack without a trace."""

from decimal import Decimal

import pytest

from ledgerkit.consortium import ConsortiumChain, Member
from ledgerkit.contracts import Contract, ContractError
from ledgerkit.flawed import FLAWED, PledgeVouchers, SplitPayVouchers, SplitVouchers
from ledgerkit.flawed.fixes import (
    FIXES,
    FixedPledgeVouchers,
    FixedSplitPayVouchers,
    FixedSplitVouchers,
)


def deploy(contract_class: type[Contract]) -> tuple[ConsortiumChain, Contract]:
    """A small chain: the platform, two banks, three suppliers, a regulator; alice holds P1
    worth 100.00."""
    chain = ConsortiumChain([
        Member("platform", node_kind="consensus", roles={"committee", "operator"}),
        Member("bank1", node_kind="consensus", roles={"committee", "business"}),
        Member("bank2", node_kind="consensus", roles={"business"}),
        Member("alice", roles={"business"}),
        Member("bob", roles={"business"}),
        Member("mallory", roles={"business"}),
        Member("regulator", node_kind="observer", roles={"regulator"}),
    ])
    book = chain.deploy(contract_class(), by="platform")
    assert book.issue("alice", Decimal("100.00"), by="platform") == "P1"
    return chain, book


def view(chain: ConsortiumChain, book: Contract) -> Contract:
    """What the regulator reads."""
    return chain.read(book.contract_name, by="regulator")


def refused_without_trace(chain: ConsortiumChain, attack, rule: str) -> None:
    before = chain.state_bytes()
    with pytest.raises(ContractError) as refusal:
        attack()
    assert refusal.value.rule == rule
    assert chain.state_bytes() == before


# --- flaw 1: split-and-pay without a holder check -------------------------------------------
def test_anyone_can_pay_themselves_with_alices_piece():
    chain, book = deploy(SplitPayVouchers)
    book.split_pay("P1", Decimal("90.00"), "mallory", by="mallory")
    seen = view(chain, book)
    assert seen.holdings("mallory") == Decimal("90.00")
    assert seen.holdings("alice") == Decimal("10.00")  # alice never signed anything


def test_fixed_split_pay_refuses_the_thief_and_still_serves_the_holder():
    chain, book = deploy(FixedSplitPayVouchers)
    refused_without_trace(
        chain, lambda: book.split_pay("P1", Decimal("90.00"), "mallory", by="mallory"),
        "flawed.not_holder")
    assert book.split_pay("P1", Decimal("30.00"), "bob", by="alice") == ["P1.1", "P1.2"]
    assert view(chain, book).holdings("bob") == Decimal("30.00")
    assert view(chain, book).holdings("alice") == Decimal("70.00")


# --- flaw 2: a piece financed twice -----------------------------------------------------------
def test_the_same_piece_can_be_financed_at_two_banks():
    chain, book = deploy(PledgeVouchers)
    book.finance("P1", "bank1", by="alice")
    book.finance("P1", "bank2", by="alice")
    seen = view(chain, book)
    assert seen.financed_total() == Decimal("200.00")
    assert seen.financed_total() > seen.live_total()  # the banks advanced more than exists


def test_fixed_pledge_finances_once():
    chain, book = deploy(FixedPledgeVouchers)
    assert book.finance("P1", "bank1", by="alice")["amount"] == Decimal("100.00")
    refused_without_trace(chain, lambda: book.finance("P1", "bank2", by="alice"),
                          "flawed.is_financed")
    assert view(chain, book).financed_total() == Decimal("100.00")


# --- flaw 3: split parts that do not add up -----------------------------------------------------
def test_a_split_can_mint_money():
    chain, book = deploy(SplitVouchers)
    book.split("P1", [Decimal("100.00"), Decimal("100.00")], by="alice")
    seen = view(chain, book)
    assert seen.live_total() == Decimal("200.00")
    assert seen.live_total() != seen.issued


def test_fixed_split_keeps_the_sum():
    chain, book = deploy(FixedSplitVouchers)
    refused_without_trace(
        chain, lambda: book.split("P1", [Decimal("100.00"), Decimal("100.00")], by="alice"),
        "flawed.split_sum")
    assert book.split("P1", [Decimal("40.00"), Decimal("60.00")], by="alice") == ["P1.1",
                                                                                 "P1.2"]
    assert view(chain, book).live_total() == view(chain, book).issued


def test_the_fixed_split_still_refuses_what_the_original_refused():
    chain, book = deploy(FixedSplitVouchers)
    refused_without_trace(chain, lambda: book.split("P1", [Decimal("100.00")], by="alice"),
                          "flawed.split_count")
    refused_without_trace(
        chain, lambda: book.split("P1", [Decimal("40.00"), Decimal("60.00")], by="mallory"),
        "flawed.not_holder")


# --- the catalogue -------------------------------------------------------------------------------
def test_every_flawed_contract_has_a_fix_that_differs_in_one_action():
    assert FLAWED.keys() == FIXES.keys()
    for name, flawed in FLAWED.items():
        fixed = FIXES[name]
        assert issubclass(fixed, flawed)
        assert fixed.actions().keys() == flawed.actions().keys()
        changed = [a for a in flawed.actions() if fixed.actions()[a] is not flawed.actions()[a]]
        assert len(changed) == 1


def test_flawed_docstrings_do_not_give_the_flaw_away():
    for flawed in FLAWED.values():
        docs = " ".join(filter(None, [flawed.__doc__] + [a.function.__doc__ for a in
                                                         flawed.actions().values()])).lower()
        assert "flaw" not in docs and "bug" not in docs and "without" not in docs
