"""Chapter 03's design checker over every chapter 02 platform: each scenario's default
consortium chain must pass the course's own `ChainDesign.check()` — at least 4 consensus
nodes so PBFT tolerates f >= 1, a regulator, more than one organisation, and no party whose
reports the others must check (the ABS originator) among the consensus nodes.

The scenarios are discovered: every submodule of `ledgerkit.finance` that defines
`default_members` is a scenario, and a new one fails here until SCENARIOS below says how to
build its default members and which of them are checked parties.
"""

import importlib
import pkgutil
from collections.abc import Callable
from types import ModuleType

import pytest

import ledgerkit.finance
from ledgerkit.consortium import ConsortiumChain, Member
from ledgerkit.design import MISTAKE, ChainDesign


def _abs_originator(module: ModuleType) -> tuple[str, ...]:
    return (module.ABSDeal().contract.originator,)


def _voucher_members(module: ModuleType) -> list[Member]:
    # the parties the default VoucherRegistry() starts with
    return module.default_members(dict(module.DEFAULT_PARTIES))


# module name -> (how to build its default members, who reports what the others check)
SCENARIOS: dict[str, tuple[Callable[[ModuleType], list[Member]] | None,
                           Callable[[ModuleType], tuple[str, ...]] | None]] = {
    "abs": (None, _abs_originator),
    "bill": (None, None),
    "cross_border": (None, lambda module: (*module.EXPORTERS, *module.BUYERS, module.CUSTOMS,
                                           module.CARRIER)),
    "blacklist": (None, None),
    "factoring": (None, None),
    "guarantee": (None, None),
    "kyc": (None, None),
    "insurance": (None, lambda module: ("hospital",)),
    "letter_of_credit": (None, None),
    "payments_bridge": (None, None),
    "points": (None, None),
    "reconciliation": (None, None),
    "securities": (None, None),
    "voucher": (_voucher_members, None),
    "fund_payment": (None, None),
    "evidence": (None, None),
}


def _scenario_modules() -> dict[str, ModuleType]:
    found = {}
    for info in pkgutil.iter_modules(ledgerkit.finance.__path__):
        module = importlib.import_module(f"ledgerkit.finance.{info.name}")
        if callable(getattr(module, "default_members", None)):
            found[info.name] = module
    return found


MODULES = _scenario_modules()


def _design(name: str) -> ChainDesign:
    module = MODULES[name]
    build, checked = SCENARIOS[name]
    members = build(module) if build else module.default_members()
    return ChainDesign(f"default chain of ledgerkit.finance.{name}", members,
                       consensus="pbft", checked_parties=checked(module) if checked else ())


def test_every_finance_module_with_a_default_chain_is_covered():
    assert set(MODULES) == set(SCENARIOS), (
        f"add each new scenario to SCENARIOS, drop the removed ones: "
        f"new {sorted(set(MODULES) - set(SCENARIOS))}, gone "
        f"{sorted(set(SCENARIOS) - set(MODULES))}")


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_the_default_chain_passes_the_design_checker(name):
    design = _design(name)
    mistakes = [str(finding) for finding in design.check() if finding.severity == MISTAKE]
    assert mistakes == [], f"{name}: {design.consensus_nodes}: {mistakes}"


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_the_default_chain_tolerates_a_faulty_node_and_has_a_regulator(name):
    design = _design(name)
    assert len(design.consensus_nodes) >= 4 and design.fault_tolerance >= 1, (
        f"{name}: consensus nodes {design.consensus_nodes}")
    regulators = [m.name for m in design.members if "regulator" in m.roles]
    assert regulators, f"{name}: no member holds the regulator role"
    assert not set(regulators) & set(design.consensus_nodes) or len(regulators) > 1, (
        f"{name}: its only regulator {regulators} also runs a consensus node")


def test_the_abs_originator_is_not_a_consensus_node():
    design = _design("abs")
    (originator,) = design.checked_parties
    assert originator not in design.consensus_nodes, design.consensus_nodes


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_the_platform_a_notebook_starts_runs_on_those_members(name):
    """The desk or facade a notebook starts with no arguments uses the members checked
    above, so a passing design is the chain learners actually see."""
    module, design = MODULES[name], _design(name)
    chains = []
    for value in vars(module).values():
        if isinstance(value, type) and value.__module__ == module.__name__:
            try:
                instance = value()
            except Exception:  # needs arguments: not a default platform
                continue
            chain = getattr(instance, "chain", None)
            if isinstance(chain, ConsortiumChain):
                chains.append(chain)
    assert chains, f"{name}: no class starts a default chain"
    for chain in chains:
        assert sorted(chain.members) == sorted(design.member_names), name
