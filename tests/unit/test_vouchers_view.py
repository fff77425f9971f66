"""The voucher splitting model (ledgerkit.vouchers_view) and its pictures (render_vouchers):
the ready-made supply chain, the commands, refusals that change nothing, the invariant panel
and the lineage (穿透). No widget and no browser here."""

import re
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ledgerkit
from ledgerkit import render_vouchers
from ledgerkit.errors import InputError, LedgerError
from ledgerkit.vouchers_view import (
    BANK,
    CORE,
    TIERS,
    VoucherSplitModel,
    parse_amounts,
    role_of,
    supply_chain,
)


@pytest.fixture(autouse=True)
def english():
    ledgerkit.set_language("en")
    yield
    ledgerkit.set_language("en")


@pytest.fixture
def model() -> VoucherSplitModel:
    return VoucherSplitModel()


def pieces(model: VoucherSplitModel) -> list[tuple[str, str, Decimal, str]]:
    return [(n.id, n.holder, n.amount, n.status) for n in model.nodes()]


def node_attributes(svg: str, piece_id: str) -> dict[str, str]:
    tag = re.search(rf'<g class="lk-vs-node [^>]*data-id="{re.escape(piece_id)}"[^>]*>', svg)
    return dict(re.findall(r'data-([\w-]+)="([^"]*)"', tag.group(0)))


# --- the ready-made supply chain ------------------------------------------------------------


def test_the_supply_chain_has_every_role_and_a_confirmed_voucher():
    reg = supply_chain()
    kinds = reg.parties
    assert kinds[CORE] == "core" and kinds[BANK] == "bank"
    assert {name for name, kind in kinds.items() if kind == "supplier"} == set(TIERS)
    assert sorted(TIERS.values()) == [1, 2, 2, 3]
    assert "regulator" in reg.chain.members["nfra_office"].roles
    root = reg.voucher("V1")
    assert (root.holder, root.amount, root.status) == ("SeatCo", Decimal("1000000.00"),
                                                       "CONFIRMED")
    assert root.due == date(2025, 6, 30)
    assert reg.credit_available(CORE) == Decimal("4000000.00")


def test_roles_name_each_tier():
    assert [role_of(name) for name in ("CarMaker", "SeatCo", "FoamCo", "SteelCo", "Bank")] == [
        "core", "tier1", "tier2", "tier3", "bank"]


# --- commands --------------------------------------------------------------------------------


def test_split_makes_two_children_that_sum_to_the_parent(model):
    outcome = model.split("300000, 700000")
    assert outcome.ok
    assert outcome.message("en") == "V1 was split into V1.1 (300,000.00), V1.2 (700,000.00)."
    children = [n for n in model.nodes() if n.parent == "V1"]
    assert [c.amount for c in children] == [Decimal("300000.00"), Decimal("700000.00")]
    assert sum(c.amount for c in children) == model.piece("V1").amount
    assert model.piece("V1").status == "SPLIT"
    assert model.selected == "V1.1" and model.actor == "SeatCo"


def test_a_refused_command_changes_nothing_and_speaks_the_learners_language(model):
    model.split([300_000, 700_000])
    model.select("V1")
    before, state = pieces(model), model.registry.state_bytes()
    ledgerkit.set_language("zh")
    outcome = model.split([500_000, 500_000])
    assert not outcome.ok and model.last is outcome
    assert "原凭证已冻结" in outcome.message()
    assert "the parent is frozen" in outcome.message("en")
    assert pieces(model) == before and model.registry.state_bytes() == state
    assert model.selected == "V1"


@pytest.mark.parametrize("amounts, rule", [
    ("300000, 600000", "voucher.split_sum"),
    ("1000000", "voucher.split_count"),
    ("300000, -300000, 1000000", "voucher.bad_amount"),
    ("three hundred", "vs.err.amounts"),
])
def test_bad_splits_are_refused_with_their_rule(model, amounts, rule):
    state = model.registry.state_bytes()
    outcome = model.split(amounts)
    assert not outcome.ok and outcome.error.key == rule
    assert model.registry.state_bytes() == state


def test_transfer_from_the_wrong_holder_is_refused(model):
    model.act_as("FoamCo")
    outcome = model.transfer("SteelCo")
    assert not outcome.ok and outcome.error.key == "voucher.not_holder"
    assert model.piece().holder == "SeatCo"
    model.act_as("SeatCo")
    assert model.transfer("FrameCo").ok
    assert model.piece().holder == "FrameCo" and model.actor == "FrameCo"


def test_the_domain_worked_example(model):
    """DOMAIN.md §1: 1,000,000 for 180 days; 300,000 split off and passed on; financed with
    90 days left at 3.6%: interest 2,700, net 297,300; at maturity the bank gets 300,000."""
    model.split([300_000, 700_000])
    model.transfer("FrameCo")
    assert model.advance(90).ok
    assert model.quote(Decimal("0.036")) == (90, Decimal("2700.00"), Decimal("297300.00"))
    outcome = model.finance(Decimal("0.036"))
    assert outcome.ok
    assert (outcome.fields["interest"], outcome.fields["net"]) == ("2,700.00", "297,300.00")
    assert "3.6%" in outcome.message("en")
    financed = next(n for n in model.nodes() if n.id == "V1.1")
    assert financed.status == "FINANCED" and financed.holder == BANK
    assert financed.financing.net == Decimal("297300.00")
    refused = model.split([100_000, 200_000])  # as the bank, on a financed piece
    assert refused.error.key == "voucher.is_financed"
    assert model.to_maturity().ok and model.today == date(2025, 6, 30)
    settled = model.settle()
    assert settled.ok and settled.fields["count"] == 2
    assert "Bank 300,000.00 (V1.1)" in settled.message("en")
    assert "SeatCo 700,000.00 (V1.2)" in settled.message("en")
    invariant = model.invariant()
    assert (invariant.live, invariant.settled, invariant.holds) == (
        Decimal("0.00"), Decimal("1000000.00"), True)


def test_settling_before_maturity_is_refused(model):
    outcome = model.settle()
    assert not outcome.ok and outcome.error.key == "vs.err.not_due"
    assert model.piece().status == "CONFIRMED"


def test_after_maturity_only_settlement_is_allowed(model):
    model.to_maturity()
    assert model.split([1, 999_999]).error.key == "voucher.matured"
    assert model.quote("0.036") is None


def test_advance_refuses_negative_days(model):
    outcome = model.advance(-1)
    assert not outcome.ok and outcome.error.key == "vs.err.days"
    assert model.today == date(2025, 1, 1)


def test_select_and_act_as_refuse_unknown_names(model):
    with pytest.raises(LedgerError):
        model.select("V7")
    with pytest.raises(InputError):
        model.act_as("Mallory")
    assert (model.selected, model.actor) == ("V1", "SeatCo")


def test_typed_amounts_accept_thousands_separators():
    assert parse_amounts("300,000, 700,000") == [Decimal("300000"), Decimal("700000")]
    assert parse_amounts("300000,700000") == [Decimal("300000"), Decimal("700000")]
    assert parse_amounts("1；2、3") == [Decimal(1), Decimal(2), Decimal(3)]
    with pytest.raises(InputError):
        parse_amounts("1e400000, x")


# --- invariant and lineage ----------------------------------------------------------------


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(min_value=1, max_value=99), min_size=1, max_size=4))
def test_the_invariant_holds_after_any_chain_of_splits(shares):
    model = VoucherSplitModel(supply_chain(max_depth=None))
    for share in shares:
        amount = model.piece().amount
        first = (amount * share / 100).quantize(Decimal("0.01"))
        if not Decimal("0.01") <= first < amount:
            continue
        assert model.split([first, amount - first]).ok
    invariant = model.invariant()
    assert invariant.holds and invariant.live == Decimal("1000000.00")
    assert [piece.id for piece in model.lineage()][0] == "V1"


def test_lineage_of_the_selection_is_highlighted(model):
    model.split([400_000, 600_000])
    model.select("V1.2")
    model.split([100_000, 500_000])
    lineage = [n.id for n in model.nodes() if n.in_lineage]
    assert lineage == ["V1", "V1.2", "V1.2.1"]
    assert [v.id for v in model.lineage()] == lineage
    svg = render_vouchers.tree_svg(model.nodes())
    assert node_attributes(svg, "V1.2.1")["lineage"] == "true"
    assert node_attributes(svg, "V1.1")["lineage"] == "false"
    assert svg.count('class="lk-vs-edge" data-lineage="true"') == 2
    panel = render_vouchers.lineage_html(model.lineage())
    assert 'data-lineage="V1 V1.2 V1.2.1"' in panel and "PO-2025-0001" in panel


# --- pictures --------------------------------------------------------------------------------


def test_every_node_carries_its_data(model):
    model.split([300_000, 700_000])
    svg = render_vouchers.tree_svg(model.nodes())
    assert node_attributes(svg, "V1.2") == {
        "id": "V1.2", "amount": "700000.00", "parent": "V1", "status": "CONFIRMED",
        "holder": "SeatCo", "selected": "false", "lineage": "false"}
    assert node_attributes(svg, "V1")["parent"] == ""


def test_a_tidy_tree_puts_parents_above_the_middle_of_their_children(model):
    model.split([300_000, 700_000])
    model.split([100_000, 200_000])
    positions = render_vouchers.tree_positions(model.nodes())
    for parent, kids in (("V1", ("V1.1", "V1.2")), ("V1.1", ("V1.1.1", "V1.1.2"))):
        assert positions[parent][1] < positions[kids[0]][1]
        middle = (positions[kids[0]][0] + positions[kids[1]][0]) / 2
        assert positions[parent][0] == pytest.approx(middle)
    xs = sorted(x for piece, (x, _) in positions.items() if piece in ("V1.1.1", "V1.1.2", "V1.2"))
    assert xs[1] - xs[0] >= render_vouchers.NODE_W


def test_the_invariant_panel_shows_whether_it_holds(model):
    html = render_vouchers.invariant_html(model.invariant())
    assert 'data-holds="true"' in html and "✓" in html
    broken = render_vouchers.invariant_html(
        model.invariant().__class__("V1", Decimal("1000000.00"), Decimal("900000.00"),
                                    Decimal("0.00"), 1, 0))
    assert 'data-holds="false"' in broken and "broken" in broken


def test_user_text_is_escaped():
    model = VoucherSplitModel()
    model.registry.add_party("<b>Evil</b>", "supplier")
    model.transfer("<b>Evil</b>")
    svg = render_vouchers.tree_svg(model.nodes())
    assert "<b>Evil" not in svg and "&lt;b&gt;Evil" in svg


def test_pictures_follow_the_language(model):
    ledgerkit.set_language("zh")
    assert "已确权" in render_vouchers.tree_svg(model.nodes())
    assert "不变量" in render_vouchers.invariant_html(model.invariant())
    assert "穿透" in render_vouchers.lineage_html(model.lineage())


def test_a_split_is_reported_with_chinese_punctuation_in_chinese():
    outcome = VoucherSplitModel().split("300000, 700000")
    assert outcome.message("en") == "V1 was split into V1.1 (300,000.00), V1.2 (700,000.00)."
    assert outcome.message("zh") == "V1 已拆分为 V1.1（300,000.00）、V1.2（700,000.00）。"
