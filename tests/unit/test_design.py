"""ledgerkit.design and ledgerkit.charts: does a scenario need a blockchain (the first
question, a trusted central operator, then five factors and three verdict bands), and a
consortium design that check() vets and build() runs.

The good design under test: four banks run PBFT consensus nodes and sit on the committee, a
platform company is the operator, a core enterprise and a supplier do business, the central
bank branch is the regulator; only hashes of the trade contracts go on chain.
"""

import dataclasses
import json
import subprocess
import sys
from decimal import Decimal

import matplotlib

matplotlib.use("Agg")  # draw without a display
import matplotlib.pyplot as plt  # noqa: E402  (after choosing the backend)
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from ledgerkit.charts import radar  # noqa: E402
from ledgerkit.consortium import ConsortiumChain, Member  # noqa: E402
from ledgerkit.contracts import Contract, PermissionDenied, action  # noqa: E402
from ledgerkit.crypto import sha256  # noqa: E402
from ledgerkit.design import (  # noqa: E402
    DATA,
    FACTORS,
    OPERATOR_LEVELS,
    SCENARIOS,
    WEIGHTS,
    ChainDesign,
    DataItem,
    DesignError,
    Finding,
    Scenario,
    assess,
    factor_label,
    operator_label,
    operator_question,
)
from ledgerkit.errors import InputError  # noqa: E402
from ledgerkit.i18n import set_language  # noqa: E402


def _has_chinese(message: str) -> bool:
    return any("\u4e00" <= char <= "\u9fff" for char in message)


@pytest.fixture
def chinese():
    set_language("zh")
    yield
    set_language("en")


def scenario(*scores: int, name: str = "Test case", operator: str = "none") -> Scenario:
    """A scenario with these five scores, in the order of FACTORS, and no central operator
    unless `operator` says otherwise."""
    ratings = {f: (score, f"reason for {f}") for f, score in zip(FACTORS, scores, strict=True)}
    return Scenario(name, "A case made up for a test.", **ratings,
                    central_operator=(operator, f"operator level {operator}"))


# --- scoring -------------------------------------------------------------------------------


def test_assess_sums_and_weighs_the_five_scores():
    result = assess(scenario(4, 5, 5, 4, 4))
    assert result.total == 22
    assert result.mean == Decimal("4.40")
    assert result.weighted_mean == Decimal("4.43")  # (8 + 10 + 5 + 4 + 4) / 7 = 31 / 7
    assert result.verdict == "consortium"


@pytest.mark.parametrize("key", list(SCENARIOS))
def test_weighted_mean_follows_the_weights_for_every_ready_scenario(key):
    scores = SCENARIOS[key].scores
    expected = Decimal(sum(WEIGHTS[f] * scores[f] for f in FACTORS)) / sum(WEIGHTS.values())
    assert assess(SCENARIOS[key]).weighted_mean == expected.quantize(Decimal("0.01"))


@pytest.mark.parametrize(
    ("scores", "weighted", "verdict"),
    [
        ((1, 1, 1, 1, 1), "1.00", "database"),
        ((2, 2, 3, 3, 3), "2.43", "database"),  # weighted sum 17: just below 2.5
        ((2, 2, 4, 3, 3), "2.57", "maybe"),  # 18: just above 2.5
        ((3, 3, 4, 4, 4), "3.43", "maybe"),  # 24: just below 3.5
        ((3, 3, 5, 4, 4), "3.57", "consortium"),  # 25: just above 3.5
        ((5, 5, 5, 5, 5), "5.00", "consortium"),
    ],
)
def test_verdict_bands_at_their_edges(scores, weighted, verdict):
    result = assess(scenario(*scores))
    assert (str(result.weighted_mean), result.verdict) == (weighted, verdict)


def test_trust_and_joint_operation_count_double():
    low_core = assess(scenario(1, 1, 4, 3, 5))  # one bank reporting to its regulator
    assert low_core.mean == Decimal("2.80") and low_core.verdict == "database"
    equal = assess(scenario(1, 1, 4, 3, 5), weights=dict.fromkeys(FACTORS, 1))
    assert equal.verdict == "maybe"


def test_the_library_has_the_course_cases_and_some_that_score_low():
    assert len(SCENARIOS) >= 8
    verdicts = {key: assess(s).verdict for key, s in SCENARIOS.items()}
    for key in ("vouchers", "letter_of_credit", "abs", "xiongan"):
        assert verdicts[key] == "consortium", key
    for key in ("bills", "points", "reconciliation"):
        assert verdicts[key] == "maybe", key
    for key in ("blacklist", "aml_reporting", "expenses", "coffee"):
        assert verdicts[key] == "database", key
    assert all(len(set(s.reasons.values())) == 5 for s in SCENARIOS.values())


# --- the first question: is there already a trusted central operator? --------------------


def test_bills_score_lower_than_before_because_the_paper_exchange_already_does_it():
    bills = assess(SCENARIOS["bills"])
    assert bills.weighted_mean == Decimal("4.14")  # the five factors alone: "consortium"
    assert (bills.penalty, bills.score, bills.verdict) == (
        Decimal("1.00"), Decimal("3.14"), "maybe")
    assert bills.central_operator.level == "full"
    for lang in ("en", "zh"):
        explanation = bills.in_language(lang)
        assert "票交所" in explanation and "ECDS" in explanation and "1.00" in explanation
    assert "minus 1.00 because a trusted central operator already does it" in bills.explanation
    assert "Against: an existing central operator" in bills.explanation
    assert assess(SCENARIOS["bills"].with_operator("none")).verdict == "consortium"


def test_credit_blacklist_falls_to_database_because_the_credit_reference_center_exists():
    blacklist = assess(SCENARIOS["blacklist"])
    assert (blacklist.weighted_mean, blacklist.score) == (Decimal("3.43"), Decimal("2.43"))
    assert blacklist.verdict == "database" and "征信中心" in blacklist.explanation


@pytest.mark.parametrize(
    ("level", "penalty", "score", "verdict"),
    [("none", "0.00", "4.00", "consortium"), ("partial", "0.50", "3.50", "consortium"),
     ("full", "1.00", "3.00", "maybe")],
)
def test_the_penalty_of_each_level(level, penalty, score, verdict):
    result = assess(scenario(4, 4, 4, 4, 4, operator=level))
    assert result.weighted_mean == Decimal("4.00")
    assert (str(result.penalty), str(result.score), result.verdict) == (penalty, score, verdict)


def test_the_penalty_stops_at_the_bottom_of_the_scale():
    result = assess(scenario(1, 1, 2, 1, 1, operator="full"))  # weighted 8 / 7 = 1.14
    assert (result.penalty, result.score) == (Decimal("0.14"), Decimal("1.00"))
    assert result.weighted_mean - result.penalty == result.score


def test_every_ready_scenario_answers_the_first_question_with_its_own_reason():
    for key, ready in SCENARIOS.items():
        operator = ready.central_operator
        assert operator.level in OPERATOR_LEVELS, key
        assert operator.why and operator.why not in ready.reasons.values(), key
    sources = {"bills": "票交所", "vouchers": "中登网", "blacklist": "征信中心", "abs": "中证登",
               "reconciliation": "大额支付系统"}
    for key, name in sources.items():
        assert name in SCENARIOS[key].central_operator.why, key


def test_a_scenario_must_answer_the_first_question():
    ratings = {f: (3, f"reason {f}") for f in FACTORS}
    with pytest.raises(InputError) as caught:
        Scenario("Case", "A case.", **ratings)
    assert caught.value.key == "design.no_operator"
    assert "central_operator=(level, reason)" in str(caught.value)
    assert _has_chinese(caught.value.in_language("zh"))


@pytest.mark.parametrize("value", [("some", "reason"), ("full", ""), ("full", "two\nlines"),
                                   "full", ("full",), ("full", None)])
def test_bad_answers_to_the_first_question_are_refused(value):
    ratings = {f: (3, f"reason {f}") for f in FACTORS}
    with pytest.raises(InputError) as caught:
        Scenario("Case", "A case.", **ratings, central_operator=value)
    assert caught.value.key == "design.bad_operator"
    assert _has_chinese(caught.value.in_language("zh"))


def test_the_first_question_speaks_both_languages():
    assert "trusted central operator" in operator_question()
    assert "票交所" in operator_question("zh") and "中登网" in operator_question("zh")
    for level in OPERATOR_LEVELS:
        assert _has_chinese(operator_label(level, "zh")) and operator_label(level, "en")
    with pytest.raises(InputError):
        operator_label("maybe")


def test_explanation_names_the_decisive_factors():
    result = assess(SCENARIOS["letter_of_credit"])
    assert result.decisive == ("trust_gap", "joint_operation", "domains")
    assert "trust gap 5, joint operation 5, domains involved 5" in result.explanation
    low = assess(SCENARIOS["expenses"])
    assert low.decisive == low.weak and "trust gap 1" in low.explanation
    middle = assess(SCENARIOS["points"])
    assert middle.decisive == middle.strong + middle.weak
    assert "joint operation 4" in middle.explanation and "process steps 2" in middle.explanation


def test_a_scenario_of_threes_has_no_decisive_factor():
    result = assess(scenario(3, 3, 3, 3, 3))
    assert result.decisive == () and "no factor stands out" in result.explanation


def test_explanation_and_labels_in_chinese(chinese):
    result = assess(SCENARIOS["vouchers"])
    assert result.label == "适合用联盟链"
    assert "决定因素" in result.explanation and "互信不足 4" in result.explanation
    assert result.in_language("en").startswith("Supply-chain credit vouchers")
    assert factor_label("regulation") == "监管需求"


def test_rescored_changes_one_factor_and_keeps_the_rest():
    base = SCENARIOS["points"]
    higher = base.rescored("trust_gap", 5)
    assert higher.scores == {**base.scores, "trust_gap": 5}
    assert higher.trust_gap.why == base.trust_gap.why
    assert higher.central_operator == base.central_operator
    assert assess(higher).verdict == "consortium"


@pytest.mark.parametrize(
    ("rating", "rule"),
    [
        ((0, "too low"), "design.bad_score"),
        ((6, "too high"), "design.bad_score"),
        ((4.0, "a float"), "design.bad_score"),
        ((True, "a bool"), "design.bad_score"),
        (("4", "text"), "design.bad_score"),
        ((4, ""), "design.bad_reason"),
        ((4, "two\nlines"), "design.bad_reason"),
        ((4, None), "design.bad_reason"),
        (4, "design.bad_rating"),
        ((4, "a", "b"), "design.bad_rating"),
        ("4, because", "design.bad_rating"),
    ],
)
def test_bad_ratings_are_refused_in_both_languages(rating, rule):
    ratings = {f: (3, f"reason {f}") for f in FACTORS} | {"domains": rating}
    with pytest.raises(InputError) as caught:
        Scenario("Case", "A case.", **ratings)
    assert caught.value.key == rule
    assert "domains involved" in str(caught.value)
    assert _has_chinese(caught.value.in_language("zh"))


def test_other_input_errors():
    with pytest.raises(InputError, match="name must be non-empty text"):
        scenario(3, 3, 3, 3, 3, name="  ")
    with pytest.raises(InputError, match="takes a Scenario"):
        assess({"trust_gap": 3})
    with pytest.raises(InputError, match="weights maps each of the five factors"):
        assess(SCENARIOS["coffee"], weights={"trust_gap": 2})
    with pytest.raises(InputError, match="weights maps"):
        assess(SCENARIOS["coffee"], weights=dict.fromkeys(FACTORS, 0))
    with pytest.raises(InputError, match="Unknown factor 'trust'"):
        SCENARIOS["coffee"].rescored("trust", 5)


# --- the design: a sound one, and every rule of check() ----------------------------------


def good_members() -> list[Member]:
    return [
        *(Member(f"bank{i}", node_kind="consensus", roles={"committee", "business"})
          for i in range(1, 5)),
        Member("platform", roles={"operator"}),
        Member("core", node_kind="observer", roles={"business"}),
        Member("supplier", roles={"business"}),
        Member("pboc", node_kind="observer", roles={"regulator"}),
    ]


def good_design(**changes) -> ChainDesign:
    fields = {"name": "Test platform", "members": good_members(), "consensus": "pbft",
              "on_chain": ["receivables", "trade_contract_hashes"],
              "off_chain": ["trade_contracts", "id_numbers"]} | changes
    return ChainDesign(**fields)


def rules(design: ChainDesign) -> list[str]:
    return [finding.rule for finding in design.check()]


def test_a_sound_design_passes():
    design = good_design()
    assert design.check() == []
    assert design.consensus_nodes == ("bank1", "bank2", "bank3", "bank4")
    assert design.fault_tolerance == 1


@pytest.mark.parametrize("role", ["committee", "operator", "business", "regulator"])
def test_a_missing_role_is_flagged(role):
    members = [dataclasses.replace(m, roles=m.roles - {role}) for m in good_members()]
    assert rules(good_design(members=members)) == [f"no_{role}"]


def test_pbft_with_three_consensus_nodes_cannot_tolerate_a_fault():
    design = good_design().without_member("bank4")
    findings = design.check()
    assert [f.rule for f in findings] == ["pbft_too_few"]
    assert findings[0].severity == "mistake"
    assert "f = 0" in findings[0].message


def test_raft_with_two_nodes_cannot_survive_a_crash():
    design = good_design(consensus="raft").without_member("bank4").without_member("bank3")
    assert rules(design) == ["raft_too_few", "raft_trusts_nodes"]


def test_raft_among_rival_organisations_is_a_warning_only():
    findings = good_design(consensus="raft").check()
    assert [(f.rule, f.severity) for f in findings] == [("raft_trusts_nodes", "warning")]
    assert "4 organisations" in findings[0].message


def test_one_organisation_running_all_consensus_nodes():
    operated = {"bank2": "bank1", "bank3": "bank1", "bank4": "bank1"}
    findings = good_design(organisations=operated).check()
    assert [f.rule for f in findings] == ["single_organisation"]
    assert "All 4 consensus node(s) are run by bank1" in findings[0].message


def test_one_organisation_running_more_nodes_than_tolerated():
    extra = [Member(f"bank{i}", node_kind="consensus") for i in range(5, 8)]
    design = good_design(members=[*good_members(), *extra],
                         organisations={"bank5": "bank1", "bank6": "bank1"})
    findings = design.check()
    assert [f.rule for f in findings] == ["dominant_organisation"]
    assert findings[0].fields == {"organisation": "bank1", "count": 3, "n": 7, "f": 2}


def test_a_party_whose_reports_others_check_must_not_run_a_consensus_node():
    findings = good_design(checked_parties=["bank2"]).check()
    assert [(f.rule, f.severity) for f in findings] == [("checked_party_validates", "mistake")]
    assert "bank2" in findings[0].message and "its own reports" in findings[0].message
    # an observer or a member without a node may be checked; so may a node it does not run
    assert good_design(checked_parties=["core", "supplier"]).check() == []
    extra = Member("bank2_dc2", node_kind="consensus")
    run_by_bank2 = good_design(members=[*good_members(), extra],
                               organisations={"bank2_dc2": "bank2"},
                               checked_parties=["bank2"])
    flagged = [f for f in run_by_bank2.check() if f.rule == "checked_party_validates"]
    assert "bank2, bank2_dc2" in flagged[0].message


def test_checked_parties_must_be_members_and_leave_with_them():
    for bad in ("bank1", ["nobody"], 5):
        with pytest.raises(InputError) as caught:
            good_design(checked_parties=bad)
        assert caught.value.key == "design.bad_checked"
    design = good_design(checked_parties=["core"])
    assert design.without_member("core").checked_parties == ()


def test_personal_data_and_full_documents_on_chain_are_mistakes():
    design = good_design(on_chain=["receivables", "id_numbers", "trade_contracts"],
                         off_chain=[])
    findings = design.check()
    assert [f.rule for f in findings] == ["personal_on_chain", "document_on_chain"]
    assert "id_numbers" in findings[0].message and "trade_contracts" in findings[1].message


def test_an_off_chain_document_without_its_hash_on_chain_is_a_warning():
    findings = good_design(on_chain=["receivables"]).check()
    assert [(f.rule, f.severity) for f in findings] == [("unanchored_document", "warning")]


def test_own_data_items_are_checked_by_their_kind():
    receipts = DataItem("receipts", "document", "warehouse receipts (仓单)")
    receipt_hashes = DataItem("receipt_hashes", "hash", hash_of="receipts")
    assert rules(good_design(on_chain=["receivables", receipt_hashes],
                             off_chain=[receipts])) == []
    assert rules(good_design(on_chain=["receivables", receipts],
                             off_chain=[])) == ["document_on_chain"]


def test_every_rule_speaks_both_languages():
    findings = [
        *ChainDesign("empty roles", [Member("solo", node_kind="consensus")],
                     on_chain=["id_numbers", "invoices"], consensus="raft").check(),
        *good_design(consensus="raft", on_chain=["receivables"]).check(),
        Finding("dominant_organisation", "mistake",
                {"organisation": "a", "count": 3, "n": 7, "f": 2}),
        *good_design(checked_parties=["bank1"]).check(),
    ]
    assert {f.rule for f in findings} == {
        "no_committee", "no_operator", "no_business", "no_regulator", "raft_too_few",
        "single_organisation", "personal_on_chain", "document_on_chain",
        "unanchored_document", "raft_trusts_nodes", "dominant_organisation",
        "checked_party_validates"}
    for finding in findings:
        english, chinese = finding.in_language("en"), finding.in_language("zh")
        assert english != chinese and _has_chinese(chinese), finding.rule
    assert str(findings[0]).startswith("Mistake: ")


def test_findings_follow_the_language(chinese):
    finding = good_design().without_member("pboc").check()[0]
    assert str(finding).startswith("错误：")
    assert "监管" in finding.message


@pytest.mark.parametrize(
    ("changes", "rule"),
    [
        ({"members": [*good_members(), Member("pboc")]}, "design.duplicate_member"),
        ({"members": [*good_members(), "bank9"]}, "design.bad_member"),
        ({"members": 5}, "design.bad_member"),
        ({"consensus": "pow"}, "design.bad_consensus"),
        ({"on_chain": ["receivables", "passport_scans"]}, "design.unknown_data"),
        ({"on_chain": 5}, "design.unknown_data"),
        ({"on_chain": ["receivables"], "off_chain": ["receivables"]}, "design.data_twice"),
        ({"organisations": {"bank9": "bank1"}}, "design.unknown_member"),
        ({"organisations": {"bank2": ""}}, "design.bad_organisation"),
        ({"name": ""}, "design.bad_text"),
    ],
)
def test_malformed_designs_are_refused(changes, rule):
    with pytest.raises(InputError) as caught:
        good_design(**changes)
    assert caught.value.key == rule
    assert _has_chinese(caught.value.in_language("zh"))


def test_bad_data_kind_is_refused():
    with pytest.raises(InputError, match="kind is one of record, hash, document, personal"):
        DataItem("scans", "image")


def test_with_and_without_member_return_new_designs():
    design = good_design()
    promoted = design.with_member(Member("core", node_kind="consensus", roles={"business"}))
    assert promoted.consensus_nodes == ("bank1", "bank2", "bank3", "bank4", "core")
    assert design.consensus_nodes == ("bank1", "bank2", "bank3", "bank4")  # unchanged
    assert "pboc" not in design.without_member("pboc").member_names
    with pytest.raises(InputError, match="no member 'nobody'"):
        design.without_member("nobody")


def test_summary_lists_members_and_data():
    summary = good_design().summary()
    assert summary.splitlines()[0] == (
        "Test platform: PBFT, 4 consensus node(s), tolerates 1 faulty")
    assert "pboc" in summary and "regulator" in summary
    assert "off chain: trade_contracts (document), id_numbers (personal)" in summary


def test_catalogue_hashes_point_at_items_that_exist():
    for item in DATA.values():
        assert (item.kind == "hash") == (item.hash_of is not None), item.name
        if item.hash_of is not None:
            assert item.hash_of in DATA


# --- build(): a running consortium chain ---------------------------------------------------


class Receivables(Contract):
    """Receivables keyed by the hash of the trade contract, which stays off chain."""

    def __init__(self) -> None:
        self.receivables: dict[str, Decimal] = {}

    @action(roles={"business"})
    def register(self, ctx, contract_hash: str, amount: Decimal) -> None:
        self.receivables[contract_hash] = amount
        ctx.emit("registered", contract_hash=contract_hash, amount=amount)


def test_build_gives_a_working_chain_with_the_designs_members():
    design = good_design()
    chain = design.build()
    assert isinstance(chain, ConsortiumChain)
    assert sorted(chain.members) == sorted(design.member_names)
    registry = chain.deploy(Receivables(), by="platform")
    key = sha256(b"Purchase contract PC-1: 500,000.00 yuan").hex()
    registry.register(key, Decimal("500000.00"), by="supplier")
    assert chain.height == 2 and chain.validate()
    assert len(chain.blocks[-1].signatures) == len(design.consensus_nodes)
    assert chain.read("Receivables", by="pboc").receivables == {key: Decimal("500000.00")}
    assert [entry.action for entry in chain.audit_trail(by="pboc")] == ["deploy", "register"]
    with pytest.raises(PermissionDenied):
        registry.register(key, Decimal("1.00"), by="pboc")


def test_build_refuses_a_design_with_mistakes_unless_asked():
    design = good_design().without_member("pboc")
    with pytest.raises(DesignError) as caught:
        design.build()
    assert "1 mistake(s)" in str(caught.value) and "regulator" in str(caught.value)
    assert _has_chinese(caught.value.in_language("zh"))
    chain = design.build(allow_mistakes=True)
    assert "pboc" not in chain.members and chain.validate()


def test_warnings_do_not_stop_a_build():
    chain = good_design(consensus="raft").build()
    assert chain.height == 0


# --- import weight and the radar chart -----------------------------------------------------


def test_importing_the_design_model_does_not_load_matplotlib():
    probe = ("import json, sys, ledgerkit.design; "
             "print(json.dumps([m for m in ('matplotlib', 'ipywidgets', 'IPython') "
             "if m in sys.modules]))")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            check=True, timeout=60)
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []


def test_radar_draws_five_axes_for_one_scenario():
    figure = radar(SCENARIOS["vouchers"])
    try:
        assert isinstance(figure, Figure)
        (ax,) = figure.axes
        assert ax.name == "polar"
        assert [t.get_text() for t in ax.get_xticklabels()] == [factor_label(f) for f in FACTORS]
        (line,) = ax.lines
        assert list(line.get_ydata()) == [4, 5, 5, 4, 4, 4]  # closed: back to the first
        assert len(set(line.get_xdata())) == 5
        assert ax.get_title() == SCENARIOS["vouchers"].name
    finally:
        plt.close(figure)


def test_radar_overlays_several_scenarios_and_assessments():
    items = [SCENARIOS["coffee"], assess(SCENARIOS["bills"]), SCENARIOS["blacklist"]]
    figure = radar(items)
    try:
        ax = figure.axes[0]
        assert len(ax.lines) == 3
        assert all(len(line.get_xdata()) == 6 for line in ax.lines)
        assert [t.get_text() for t in ax.get_legend().get_texts()] == [
            SCENARIOS["coffee"].name, SCENARIOS["bills"].name, SCENARIOS["blacklist"].name]
    finally:
        plt.close(figure)


def test_radar_labels_follow_the_language(chinese):
    figure = radar(SCENARIOS["abs"])
    try:
        labels = [t.get_text() for t in figure.axes[0].get_xticklabels()]
        assert labels == ["互信不足", "多方协作", "流程环节", "跨领域", "监管需求"]
    finally:
        plt.close(figure)


def test_radar_draws_into_given_polar_axes_and_refuses_bad_input():
    figure, ax = plt.subplots(subplot_kw={"projection": "polar"})
    try:
        assert radar([SCENARIOS["coffee"]], ax=ax) is figure
        with pytest.raises(InputError, match="draws Scenario or Assessment"):
            radar(["coffee"], ax=ax)
        with pytest.raises(InputError, match="draws Scenario or Assessment"):
            radar([])
    finally:
        plt.close(figure)
    flat_figure, flat = plt.subplots()
    try:
        with pytest.raises(InputError, match="needs polar axes"):
            radar(SCENARIOS["coffee"], ax=flat)
    finally:
        plt.close(flat_figure)
