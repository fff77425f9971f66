"""ledgerkit.finance.voucher: digital credit vouchers (债权凭证), DOMAIN.md §1.

The worked example is reproduced to the fen; every invariant has a test that breaks it and
checks that the refusal names the rule and leaves the chain byte-identical.
"""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from ledgerkit.consortium import ConsortiumChain, Member
from ledgerkit.contracts import ContractError, PermissionDenied
from ledgerkit.design import ChainDesign
from ledgerkit.errors import InputError
from ledgerkit.finance.voucher import (
    CONFIRMED,
    DEFAULT_PARTIES,
    EXPIRED,
    FINANCED,
    ISSUED,
    REGULATOR,
    SETTLED,
    SPLIT,
    CreditVouchers,
    Financing,
    Payment,
    Recourse,
    Voucher,
    VoucherRegistry,
    default_members,
    trade_commitment,
    trade_hash,
)
from ledgerkit.i18n import set_language

START = date(2025, 1, 1)
DUE = START + timedelta(days=180)  # 2025-06-30
WORKED = {"bank": "bank", "A": "core", "B": "supplier", "C": "supplier", "D": "supplier"}


def snapshot(reg: VoucherRegistry) -> tuple[bytes, bytes]:
    """The chain's state and the contract's state as the regulator reads it."""
    return reg.state_bytes(), reg.chain.read(reg.name, by=REGULATOR).state_bytes()


def refused(reg: VoucherRegistry, rule: str, attempt) -> ContractError:
    """`attempt()` must be refused for `rule` and leave everything byte-identical."""
    before = snapshot(reg)
    with pytest.raises(ContractError) as caught:
        attempt()
    assert caught.value.rule == rule, str(caught.value)
    assert snapshot(reg) == before
    return caught.value


def confirmed(reg: VoucherRegistry, amount=1_000_000, to="B", ref="INV-1", due=DUE) -> Voucher:
    return reg.confirm(reg.issue("A", to, amount, due, ref).id, by="A")


@pytest.fixture
def reg() -> VoucherRegistry:
    registry = VoucherRegistry(parties=WORKED, start=START)
    registry.grant_credit_line("A", "bank", 2_000_000)
    return registry


@pytest.fixture(autouse=True)
def english():
    set_language("en")
    yield
    set_language("en")


# --- the worked example of DOMAIN.md §1 ---------------------------------------------------
def test_worked_example_to_the_fen(reg):
    v = reg.issue("A", "B", 1_000_000, DUE, "INV-1")
    assert (v.id, v.holder, v.amount, v.due, v.status) == (
        "V1", "B", Decimal("1000000.00"), date(2025, 6, 30), ISSUED)
    reg.confirm(v.id, by="A")
    to_c, kept = reg.split(v.id, [300_000, 700_000], by="B")
    reg.transfer(to_c.id, "C", by="B")
    reg.advance_to(DUE - timedelta(days=90))
    f = reg.finance(to_c.id, "bank", Decimal("0.036"), reg.today, by="C")
    assert (f.days, f.interest, f.net) == (90, Decimal("2700.00"), Decimal("297300.00"))
    assert f == Financing("V1.1", "C", "bank", Decimal("300000.00"), Decimal("0.036"),
                          date(2025, 4, 1), DUE, 90, Decimal("2700.00"), Decimal("297300.00"))
    assert (reg.voucher(to_c.id).holder, reg.voucher(to_c.id).status) == ("bank", FINANCED)
    payments = reg.settle(on=DUE)
    assert payments == [Payment("bank", Decimal("300000.00"), "V1.1"),
                        Payment("B", Decimal("700000.00"), "V1.2")]
    assert [reg.voucher(i).status for i in ("V1", "V1.1", "V1.2")] == [SPLIT, SETTLED, SETTLED]
    assert reg.live_pieces("V1") == [] and kept.holder == "B"
    assert reg.chain.validate()


def test_finance_on_a_later_date_and_by_default_today(reg):
    v = confirmed(reg)
    assert reg.finance(v.id, "bank", Decimal("0.036"), DUE - timedelta(days=90),
                       by="B").interest == Decimal("9000.00")
    w = confirmed(reg, 300_000, ref="INV-2")
    assert reg.finance(w.id, "bank", "0.036", by="B").days == 180


# --- financing is factoring, with or without recourse (民法典 Arts. 545, 766) ----------------
def worked_to_default(recourse: bool) -> VoucherRegistry:
    """The worked example up to C's financing; then A does not pay at maturity."""
    registry = VoucherRegistry(parties=WORKED, start=START, recourse=recourse)
    registry.grant_credit_line("A", "bank", 2_000_000)
    v = confirmed(registry)
    to_c, _ = registry.split(v.id, [300_000, 700_000], by="B")
    registry.transfer(to_c.id, "C", by="B")
    registry.advance_to(DUE - timedelta(days=90))
    f = registry.finance(to_c.id, "bank", Decimal("0.036"), by="C")
    assert (f.interest, f.net, f.recourse) == (Decimal("2700.00"), Decimal("297300.00"),
                                              recourse)
    assert registry.settle(on=DUE + timedelta(days=1), defaulting=("A",)) == []
    return registry


def test_the_default_platform_finances_without_recourse(reg):
    assert reg.recourse is False and VoucherRegistry().recourse is False
    v = confirmed(reg)
    assert reg.finance(v.id, "bank", Decimal("0.036"), by="B").recourse is False
    assert reg.events("financed")[-1]["recourse"] is False


def test_without_recourse_the_bank_cannot_turn_to_the_seller_when_the_core_defaults():
    registry = worked_to_default(recourse=False)
    error = refused(registry, "voucher.no_recourse",
                    lambda: registry.claim_recourse("V1.1", by="bank"))
    assert "bank bears the risk that A does not pay" in str(error)
    piece = registry.voucher("V1.1")
    assert (piece.holder, piece.status) == ("bank", FINANCED)  # the bank's claim is on A
    assert registry.settle() == [Payment("bank", Decimal("300000.00"), "V1.1"),
                                 Payment("B", Decimal("700000.00"), "V1.2")]


def test_with_recourse_the_bank_claims_the_face_from_the_seller_when_the_core_defaults():
    registry = worked_to_default(recourse=True)
    claim = registry.claim_recourse("V1.1", by="bank")
    # the 297,300 advanced plus the 2,700 interest charged up front (民法典 Art. 766)
    assert claim == Recourse("bank", "C", Decimal("300000.00"), "V1.1")
    piece = registry.voucher("V1.1")
    assert (piece.holder, piece.status) == ("C", CONFIRMED)  # C holds the claim on A again
    assert sum(p.amount for p in registry.live_pieces("V1")) == Decimal("1000000.00")
    assert registry.events("recourse")[-1]["seller"] == "C"
    refused(registry, "voucher.recourse_not_financed",
            lambda: registry.claim_recourse("V1.1", by="bank"))
    # when A pays at last, it pays C, who now holds the piece, and B
    assert registry.settle() == [Payment("C", Decimal("300000.00"), "V1.1"),
                                 Payment("B", Decimal("700000.00"), "V1.2")]


def test_recourse_only_by_the_financing_bank_and_only_after_maturity():
    registry = VoucherRegistry(parties={**WORKED, "bank2": "bank"}, start=START, recourse=True)
    registry.grant_credit_line("A", "bank", 2_000_000)
    v = confirmed(registry)
    registry.finance(v.id, "bank", Decimal("0.036"), by="B")
    registry.advance_to(DUE)  # the due day itself: A may still pay today
    refused(registry, "voucher.recourse_too_early",
            lambda: registry.claim_recourse(v.id, by="bank"))
    registry.advance_to(DUE + timedelta(days=1))
    refused(registry, "voucher.recourse_by_bank",
            lambda: registry.claim_recourse(v.id, by="bank2"))
    w = registry.voucher("V1")
    assert w.status == FINANCED


def test_a_salted_commitment_hides_a_guessable_trade_reference():
    # anyone can try likely purchase-order numbers against the plain hash on chain ...
    on_chain = trade_hash("PO-2025-0042")
    guessed = [ref for ref in (f"PO-2025-{n:04d}" for n in range(10_000))
               if trade_hash(ref) == on_chain]
    assert guessed == ["PO-2025-0042"]
    # ... but not against a commitment whose random salt stays off chain
    salt = bytes.fromhex("9f2c4e1a7b3d5c6e8f0a1b2c3d4e5f60")
    committed = trade_commitment("PO-2025-0042", salt)
    assert committed != on_chain and committed == trade_commitment("PO-2025-0042", salt)
    assert trade_commitment("PO-2025-0042", bytes(16)) != committed


# --- 1. only the issuer confirms; nothing moves before confirmation -----------------------
def test_only_the_issuer_confirms(reg):
    v = reg.issue("A", "B", 1_000, DUE, "INV-1")
    error = refused(reg, "voucher.not_issuer", lambda: reg.confirm(v.id, by="B"))
    assert str(error) == "Only the issuer A confirms V1 (确权); B may not."
    assert reg.confirm(v.id, by="A").status == CONFIRMED
    refused(reg, "voucher.not_pending", lambda: reg.confirm(v.id, by="A"))


def test_nothing_moves_before_confirmation(reg):
    v = reg.issue("A", "B", 1_000, DUE, "INV-1")
    for attempt in (lambda: reg.transfer(v.id, "C", by="B"),
                    lambda: reg.split(v.id, [400, 600], by="B"),
                    lambda: reg.finance(v.id, "bank", Decimal("0.036"), by="B")):
        refused(reg, "voucher.not_confirmed", attempt)


# --- 2. only the current holder transfers, splits or finances -----------------------------
def test_only_the_holder_acts(reg):
    v = confirmed(reg)
    for attempt in (lambda: reg.transfer(v.id, "D", by="C"),
                    lambda: reg.split(v.id, [1, 999_999], by="A"),
                    lambda: reg.finance(v.id, "bank", Decimal("0.03"), by="C")):
        error = refused(reg, "voucher.not_holder", attempt)
        assert "its holder is B" in str(error)
    reg.transfer(v.id, "C", by="B")
    refused(reg, "voucher.not_holder", lambda: reg.transfer(v.id, "D", by="B"))
    assert reg.transfer(v.id, "D", by="C").holder == "D"
    refused(reg, "voucher.self_transfer", lambda: reg.transfer(v.id, "D", by="D"))


def test_vouchers_go_to_registered_suppliers_only(reg):
    v = confirmed(reg)
    refused(reg, "voucher.to_supplier", lambda: reg.transfer(v.id, "A", by="B"))
    refused(reg, "voucher.to_supplier", lambda: reg.transfer(v.id, "bank", by="B"))
    error = refused(reg, "voucher.unknown_party", lambda: reg.transfer(v.id, "Zed", by="B"))
    assert str(error) == (
        "'Zed' is not a party of this voucher platform (parties: A, B, C, D, bank). Add it "
        "first with reg.add_party('Zed', kind), kind being 'supplier', 'core' or 'bank'.")
    reg.add_party("Zed", "supplier")
    assert reg.transfer(v.id, "Zed", by="B").holder == "Zed"
    assert reg.transfer(v.id, "C", by="Zed").holder == "C"


def test_an_unknown_actor_is_told_how_to_join(reg):
    before = snapshot(reg)
    with pytest.raises(PermissionDenied) as caught:
        reg.issue("Nobody", "B", 1_000, DUE, "INV-1")
    assert caught.value.rule == "voucher.unknown_party" and "reg.add_party" in str(caught.value)
    assert snapshot(reg) == before


# --- 3. splits -----------------------------------------------------------------------------
def test_split_children_inherit_and_parent_freezes(reg):
    v = confirmed(reg)
    a, b, c = reg.split(v.id, [Decimal("0.01"), 300_000, Decimal("699999.99")], by="B")
    assert [x.id for x in (a, b, c)] == ["V1.1", "V1.2", "V1.3"]
    for child in (a, b, c):
        assert (child.root_id, child.parent_id, child.due, child.issuer, child.trade_ref,
                child.holder, child.depth, child.status) == (
            "V1", "V1", DUE, "A", "INV-1", "B", 1, CONFIRMED)
    assert a.amount + b.amount + c.amount == v.amount
    parent = reg.voucher(v.id)
    assert (parent.status, parent.children, parent.amount) == (
        SPLIT, ("V1.1", "V1.2", "V1.3"), v.amount)
    for attempt in (lambda: reg.transfer(v.id, "C", by="B"),
                    lambda: reg.split(v.id, [500_000, 500_000], by="B"),
                    lambda: reg.finance(v.id, "bank", Decimal("0.03"), by="B")):
        refused(reg, "voucher.is_split", attempt)


@pytest.mark.parametrize("amounts, rule", [
    ([1_000_000], "voucher.split_count"),
    (1_000_000, "voucher.split_count"),
    ((300_000, 700_001), "voucher.split_sum"),
    ([], "voucher.split_count"),
    ([300_000, 699_999], "voucher.split_sum"),
    ([300_000, 700_001], "voucher.split_sum"),
    ([Decimal("300000.001"), Decimal("699999.999")], "voucher.bad_amount"),
    ([0, 1_000_000], "voucher.bad_amount"),
    ([-1, 1_000_001], "voucher.bad_amount"),
    (["lots", 1_000_000], "voucher.bad_amount"),
])
def test_bad_splits_are_refused(reg, amounts, rule):
    v = confirmed(reg)
    refused(reg, rule, lambda: reg.split(v.id, amounts, by="B"))


def test_split_depth_can_be_capped():
    reg = VoucherRegistry(parties=WORKED, max_depth=2)
    reg.grant_credit_line("A", "bank", 1_000)
    v = confirmed(reg, 1_000)
    _, deeper = reg.split(v.id, [100, 900], by="B")
    _, deepest = reg.split(deeper.id, [100, 800], by="B")
    assert deepest.id == "V1.2.2" and deepest.depth == 2
    error = refused(reg, "voucher.split_depth", lambda: reg.split(deepest.id, [1, 799], by="B"))
    assert "down to depth 2" in str(error)
    with pytest.raises(InputError):
        VoucherRegistry(max_depth=0)


# --- 4. live pieces add up to the root minus what was settled ------------------------------
def test_live_pieces_add_up_to_the_root(reg):
    v = confirmed(reg, 1_000_000, due=DUE)
    a, b = reg.split(v.id, [250_000, 750_000], by="B")
    reg.transfer(a.id, "C", by="B")
    b1, b2 = reg.split(b.id, [Decimal("0.01"), Decimal("749999.99")], by="B")
    reg.finance(b1.id, "bank", Decimal("0.05"), by="B")
    live = reg.live_pieces(v.id)
    assert [x.id for x in live] == ["V1.1", "V1.2.1", "V1.2.2"]
    assert sum(x.amount for x in live) == v.amount
    assert reg.live_pieces(b.id) == live[1:]


# --- 5. credit lines -----------------------------------------------------------------------
def test_issuing_needs_a_credit_line_and_stays_within_it():
    reg = VoucherRegistry(parties={**WORKED, "bank2": "bank"})
    error = refused(reg, "voucher.no_credit_line", lambda: reg.issue("A", "B", 1, DUE, "X"))
    assert "reg.grant_credit_line('A', 'bank', limit)" in str(error)
    assert reg.grant_credit_line("A", "bank", 600_000) == Decimal("600000.00")
    assert reg.grant_credit_line("A", "bank2", 400_000) == Decimal("1000000.00")
    reg.issue("A", "B", 999_999, DUE, "INV-1")
    error = refused(reg, "voucher.over_limit", lambda: reg.issue("A", "B", 2, DUE, "INV-2"))
    assert str(error) == ("A has a credit line of 1000000.00 and has issued 999999.00, so it "
                          "may issue at most 1.00 more; 2.00 is too much.")
    assert reg.issue("A", "C", 1, DUE, "INV-2").amount == Decimal("1.00")
    assert reg.credit_available("A") == 0
    refused(reg, "voucher.line_below_issued",
            lambda: reg.grant_credit_line("A", "bank2", 399_999))
    assert reg.grant_credit_line("A", "bank2", 500_000) == Decimal("1100000.00")


def test_only_banks_grant_and_only_cores_issue(reg):
    refused(reg, "voucher.grant_by_bank", lambda: reg.grant_credit_line("A", "B", 10))
    refused(reg, "voucher.line_for_core", lambda: reg.grant_credit_line("C", "bank", 10))
    refused(reg, "voucher.issue_by_core", lambda: reg.issue("B", "C", 10, DUE, "INV-1"))
    refused(reg, "voucher.bad_amount", lambda: reg.grant_credit_line("A", "bank", 0))


def test_the_regulator_reads_but_cannot_act(reg):
    error = refused(reg, "contract.role", lambda: reg.chain.call(
        reg.name, "issue", by=REGULATOR, to="B", amount=1, due=DUE, trade_ref="X"))
    assert isinstance(error, PermissionDenied)
    confirmed(reg)
    seen = reg.chain.read(reg.name, by=REGULATOR)
    assert seen.lineage("V1")[0].holder == "B"
    assert [entry.accepted for entry in reg.chain.audit_trail(by=REGULATOR)][-3:] == [
        False, True, True]


@pytest.mark.parametrize("args, rule", [
    ((0, DUE, "INV-9"), "voucher.bad_amount"),
    ((Decimal("1.005"), DUE, "INV-9"), "voucher.bad_amount"),
    ((1, START, "INV-9"), "voucher.due_not_future"),
    ((1, "2025-06-30", "INV-9"), "voucher.bad_date"),
    ((1, DUE, "  "), "voucher.bad_trade_ref"),
])
def test_bad_issues_are_refused(reg, args, rule):
    refused(reg, rule, lambda: reg.issue("A", "B", *args))


def test_floats_are_refused_before_signing(reg):
    before = snapshot(reg)
    with pytest.raises(InputError, match="decimal.Decimal"):
        reg.issue("A", "B", 1000.0, DUE, "INV-1")
    assert snapshot(reg) == before


# --- 6. maturity, financed pieces, one trade document -------------------------------------
def test_after_maturity_only_settlement(reg):
    v = confirmed(reg, due=START + timedelta(days=30))
    pending = reg.issue("A", "B", 5, START + timedelta(days=30), "INV-2")
    reg.advance_to(v.due)
    for attempt in (lambda: reg.transfer(v.id, "C", by="B"),
                    lambda: reg.split(v.id, [1, 999_999], by="B"),
                    lambda: reg.finance(v.id, "bank", Decimal("0.03"), v.due, by="B"),
                    lambda: reg.confirm(pending.id, by="A")):
        error = refused(reg, "voucher.matured", attempt)
        assert "after maturity only settlement" in str(error)
    assert reg.settle() == [Payment("B", Decimal("1000000.00"), "V1")]


@pytest.mark.parametrize("by", ["B", "bank"])  # the seller, and the bank now holding it
def test_a_financed_piece_is_frozen(reg, by):
    v = confirmed(reg)
    reg.finance(v.id, "bank", Decimal("0.036"), by="B")
    for attempt in (lambda: reg.transfer(v.id, "C", by=by),
                    lambda: reg.split(v.id, [1, 999_999], by=by),
                    lambda: reg.finance(v.id, "bank", Decimal("0.03"), by=by)):
        error = refused(reg, "voucher.is_financed", attempt)
    assert str(error) == ("V1 is financed at bank: a financed piece cannot be transferred, "
                          "split or financed again.")


@pytest.mark.parametrize("bank, rate, days_from_today, rule", [
    ("C", Decimal("0.036"), 0, "voucher.finance_at_bank"),
    ("bank", Decimal("3.6"), 0, "voucher.bad_rate"),
    ("bank", Decimal("0"), 0, "voucher.bad_rate"),
    ("bank", "abc", 0, "voucher.bad_rate"),
    ("bank", Decimal("0.036"), -1, "voucher.finance_date"),
    ("bank", Decimal("0.036"), 180, "voucher.finance_date"),
])
def test_bad_financings_are_refused(reg, bank, rate, days_from_today, rule):
    v = confirmed(reg)
    on = reg.today + timedelta(days=days_from_today)
    refused(reg, rule, lambda: reg.finance(v.id, bank, rate, on, by="B"))


def test_one_trade_document_backs_one_voucher(reg):
    reg.add_party("A2", "core")
    reg.grant_credit_line("A2", "bank", 1_000)
    v = reg.issue("A", "B", 100, DUE, "INV-1")
    for core in ("A", "A2"):
        error = refused(reg, "voucher.trade_used", lambda c=core: reg.issue(c, "C", 100, DUE,
                                                                           "INV-1"))
        assert "already backs voucher V1" in str(error)
    assert reg.chain.read(reg.name, by=REGULATOR).trade_documents == {
        trade_hash("INV-1"): v.id}


# --- 7. settlement exactly once, lineage ---------------------------------------------------
def test_settlement_pays_each_live_holder_exactly_once(reg):
    early = confirmed(reg, 600_000, ref="INV-1", due=START + timedelta(days=60))
    late = confirmed(reg, 400_000, ref="INV-2", due=START + timedelta(days=90))
    a, b = reg.split(early.id, [100_000, 500_000], by="B")
    reg.transfer(a.id, "C", by="B")
    assert reg.settle(on=START + timedelta(days=59)) == []
    paid = reg.settle(on=early.due)
    assert paid == [Payment("C", Decimal("100000.00"), a.id),
                    Payment("B", Decimal("500000.00"), b.id)]
    assert reg.settle() == [] and reg.settle(on=early.due + timedelta(days=5)) == []
    refused(reg, "voucher.closed", lambda: reg.transfer(a.id, "D", by="C"))
    assert reg.settle(on=late.due) == [Payment("B", Decimal("400000.00"), late.id)]
    assert [e["voucher"] for e in reg.events("settled")] == [a.id, b.id, late.id]


def test_an_unconfirmed_voucher_lapses_at_maturity(reg):
    v = reg.issue("A", "B", 1_000, DUE, "INV-1")
    assert reg.settle(on=DUE) == []
    assert reg.voucher(v.id).status == EXPIRED and reg.live_pieces(v.id) == []
    assert [e["voucher"] for e in reg.events("expired")] == [v.id]


def test_lineage_traces_every_piece_to_its_root(reg):
    v = confirmed(reg)
    _, b = reg.split(v.id, [1, 999_999], by="B")
    _, b2 = reg.split(b.id, [2, 999_997], by="B")
    _, deep = reg.split(b2.id, [3, 999_994], by="B")
    assert [x.id for x in reg.lineage(deep.id)] == ["V1", "V1.2", "V1.2.2", "V1.2.2.2"]
    assert reg.lineage(v.id) == [reg.voucher(v.id)]
    assert all(x.root_id == "V1" for x in reg.lineage(deep.id))
    with pytest.raises(ContractError, match="no voucher 'V7'"):
        reg.lineage("V7")


def test_tree_and_events_describe_the_story(reg):
    v = confirmed(reg)
    a, _ = reg.split(v.id, [300_000, 700_000], by="B")
    reg.transfer(a.id, "C", by="B")
    tree = reg.tree(v.id)
    assert (tree["id"], tree["status"], tree["amount"]) == ("V1", SPLIT, Decimal("1000000.00"))
    assert [(c["id"], c["holder"], c["children"]) for c in tree["children"]] == [
        ("V1.1", "C", []), ("V1.2", "B", [])]
    assert [e.name for e in reg.events()] == [
        "credit_granted", "issued", "confirmed", "split", "transferred"]
    assert reg.events("transferred")[0].fields == {
        "voucher": "V1.1", "holder": "C", "amount": Decimal("300000.00"), "giver": "B"}


# --- the platform: parties, chains, clock, language ----------------------------------------
def test_default_registry_has_a_typical_consortium():
    reg = VoucherRegistry()
    assert reg.parties == {"bank": "bank", "core": "core", "supplier1": "supplier",
                           "supplier2": "supplier", "supplier3": "supplier"}
    members = reg.chain.members
    assert members[REGULATOR].roles == {"regulator"}
    assert {m.name for m in members.values() if m.node_kind == "consensus"} == {
        "platform", "bank", "consortium_bank1", "consortium_bank2"}
    assert all("business" in members[name].roles for name in reg.parties)


@pytest.mark.parametrize("parties", [
    DEFAULT_PARTIES, {"bank": "bank", "A": "core", "B": "supplier"},
    {"b1": "bank", "b2": "bank", "b3": "bank", "A": "core", "consortium_bank1": "supplier"}])
def test_default_chains_pass_the_course_design_checker(parties):
    # PBFT needs n = 3f + 1 = 4 consensus nodes to survive one faulty node; the banking
    # supervisor (NFRA local office) observes; the core enterprise, whose confirmations the
    # banks rely on, does not sign blocks.
    members = default_members(parties)
    design = ChainDesign("vouchers", members, consensus="pbft")
    assert [f.rule for f in design.check() if f.severity == "mistake"] == []
    validators = design.consensus_nodes
    assert len(validators) >= 4
    assert not any(kind == "core" for name, kind in parties.items() if name in validators)
    regulators = [m for m in members if "regulator" in m.roles]
    assert [m.name for m in regulators] == ["nfra_office"]
    assert regulators[0].node_kind == "observer" and regulators[0].roles == {"regulator"}


def test_add_party_admits_by_committee_vote(reg):
    reg.add_party("E", "supplier")
    assert reg.chain.members["E"].roles == {"business"}
    assert reg.chain.governance_log(by=REGULATOR)[-1].status == "passed"
    refused(reg, "voucher.party_exists", lambda: reg.add_party("E", "supplier"))
    refused(reg, "voucher.bad_kind", lambda: reg.add_party("F", "factor"))
    refused(reg, "voucher.bad_name", lambda: reg.add_party(" F", "supplier"))
    reg.add_party(REGULATOR, "supplier")  # an existing member gets the business role
    assert reg.chain.members[REGULATOR].roles == {"regulator", "business"}


def test_a_registry_on_an_existing_chain():
    chain = ConsortiumChain([
        Member("ops", node_kind="consensus", roles={"committee", "operator"}),
        Member("icbc", node_kind="consensus", roles={"committee", "business"}),
        Member("maker", roles={"business"}), Member("pboc", roles={"regulator"})])
    reg = VoucherRegistry(chain, parties={"icbc": "bank", "maker": "core"}, name="eXin")
    reg.add_party("parts", "supplier")
    reg.grant_credit_line("maker", "icbc", 100)
    assert reg.issue("maker", "parts", 100, 30, "PO-1").due == date(2025, 1, 31)
    assert reg.chain is chain and chain.events(contract="eXin")[-1].name == "issued"
    with pytest.raises(PermissionDenied) as caught:
        VoucherRegistry(chain, parties={"pboc": "bank"}, name="other")
    assert caught.value.rule == "voucher.not_business" and "icbc, maker, ops" in str(caught.value)
    with pytest.raises(ContractError, match="operator"):
        VoucherRegistry(ConsortiumChain([Member("x", node_kind="consensus",
                                                roles={"committee"})]))


def test_bad_construction_and_clock(reg):
    with pytest.raises(InputError):
        VoucherRegistry(parties={"bank": "lender"})
    with pytest.raises(InputError):
        CreditVouchers(max_depth=True)
    before = snapshot(reg)
    with pytest.raises(InputError, match="only moves forward"):
        reg.advance_to(START - timedelta(days=1))
    with pytest.raises(InputError):
        reg.advance_to("2025-02-01")
    assert snapshot(reg) == before
    assert reg.advance_to(date(2025, 2, 1)) == reg.today == date(2025, 2, 1)


def test_messages_in_chinese(reg):
    v = confirmed(reg)
    error = refused(reg, "voucher.not_holder", lambda: reg.transfer(v.id, "D", by="C"))
    assert error.in_language("zh") == (
        "C 不是 V1 的持有人（持有人为 B）：只有当前持有人才能转让、拆分或融资。")
    error = refused(reg, "voucher.issue_by_core", lambda: reg.issue("B", "C", 1, DUE, "I"))
    assert error.in_language("zh") == "只有核心企业才能签发凭证；B 是供应商。"
    set_language("zh")
    error = refused(reg, "voucher.split_sum", lambda: reg.split(v.id, [1, 2], by="B"))
    assert str(error) == ("拆分金额合计为 3.00，而 V1 的金额为 1000000.00：拆分后的金额之和"
                          "必须恰好等于原凭证。")
    error = refused(reg, "voucher.bad_rate",
                    lambda: reg.finance(v.id, "bank", Decimal("3.6"), by="B"))
    assert str(error) == ("年利率必须是大于 0、小于 1 的小数，例如 3.6% 写作 Decimal('0.036')；"
                          "实际为 Decimal('3.6')。")


# --- the term of a voucher (银发〔2025〕77号) ------------------------------------------------


def _platform_with_a_line() -> VoucherRegistry:
    reg = VoucherRegistry(start=date(2025, 8, 31))
    reg.grant_credit_line("core", "bank", 5_000_000)
    return reg


def test_a_voucher_within_six_months_needs_no_reason():
    reg = _platform_with_a_line()
    assert reg.issue("core", "supplier1", 100_000, date(2026, 2, 28), "PO-1").due == \
        date(2026, 2, 28)  # 31 August + 6 months = the last day of February


def test_a_voucher_over_six_months_needs_the_core_enterprise_to_say_why():
    reg = _platform_with_a_line()
    march = date(2026, 3, 1)
    error = refused(reg, "voucher.term_needs_reason",
                    lambda: reg.issue("core", "supplier1", 100_000, march, "PO-1"))
    assert "in principle fall due within six months" in str(error)
    refused(reg, "voucher.term_needs_reason",
            lambda: reg.issue("core", "supplier1", 100_000, march, "PO-1", long_term_reason="  "))
    voucher = reg.issue("core", "supplier1", 100_000, march, "PO-1",
                        long_term_reason="shipbuilding order paid on delivery")
    assert voucher.due == march
    assert reg.events("issued")[-1]["long_term_reason"] == \
        "shipbuilding order paid on delivery"


def test_a_voucher_over_one_year_is_refused_even_with_a_reason():
    reg = _platform_with_a_line()
    error = refused(reg, "voucher.term_too_long",
                    lambda: reg.issue("core", "supplier1", 100_000, date(2026, 9, 1), "PO-1",
                                      long_term_reason="a long project"))
    assert "at most one year" in str(error) and "2026-08-31" in str(error)
    assert reg.issue("core", "supplier1", 100_000, date(2026, 8, 31), "PO-1",
                     long_term_reason="a long project").due == date(2026, 8, 31)
