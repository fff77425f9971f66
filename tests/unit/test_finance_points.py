"""ledgerkit.finance.points: a loyalty points alliance (积分联盟) on a consortium chain.

The alliance operator issues general points worth 0.01 yuan; the mall's points are worth
0.005 yuan and the airline's 0.02 yuan (DOMAIN.md §8). Alice is a customer.
"""

from decimal import Decimal

import pytest

from ledgerkit.consortium import ConsortiumChain, Member
from ledgerkit.contracts import ContractError, PermissionDenied
from ledgerkit.finance.points import LoyaltyAlliance, PointsAlliance, default_members

D = Decimal


def refused(alliance: LoyaltyAlliance, attempt, rule: str) -> ContractError:
    before = alliance.state_bytes()
    with pytest.raises(ContractError) as caught:
        attempt()
    assert caught.value.rule == rule
    assert alliance.state_bytes() == before
    return caught.value


def with_points(**grants: int) -> LoyaltyAlliance:
    alliance = LoyaltyAlliance()
    for issuer, points in grants.items():
        alliance.mint("alice", points, by=issuer)
    return alliance


# --- the worked example: 1,000 merchant points at 0.005 yuan → 500 general points at 0.01 -----
def test_1000_mall_points_convert_into_500_general_points():
    alliance = with_points(mall=1000)
    assert alliance.convert("mall", 1000, by="alice") == 500
    assert alliance.balance("mall", "alice") == 0
    assert alliance.balance("alliance", "alice") == 500


def test_conversion_moves_the_liability_from_merchant_to_operator_and_keeps_the_total():
    alliance = with_points(mall=1000)
    assert alliance.liability("mall") == D("5") and alliance.liability() == D("5")
    alliance.convert("mall", 1000, by="alice")
    assert alliance.liability("mall") == 0 and alliance.liability("alliance") == D("5")
    assert alliance.liability() == D("5")
    assert alliance.contract.owed == {"mall": {"alliance": D("5.000")}}  # the mall funds it
    event = alliance.chain.events(name="converted")[0]
    assert (event["points"], event["general_points"], event["yuan"]) == (1000, 500, D("5.000"))


def test_dearer_points_convert_into_more_general_points():
    alliance = with_points(airline=7)
    assert alliance.convert("airline", 7, by="alice") == 14  # 7 × 0.02 = 0.14 yuan
    assert alliance.liability() == D("0.14")


def test_a_partial_conversion_leaves_the_rest_in_place():
    alliance = with_points(mall=1001)
    assert alliance.convert("mall", 600, by="alice") == 300
    assert alliance.balance("mall", "alice") == 401 and alliance.liability() == D("5.005")


# --- rounding: refuse what would not come out in whole points ---------------------------------
def test_a_conversion_that_is_not_whole_general_points_is_refused():
    alliance = with_points(mall=1001)
    error = refused(alliance, lambda: alliance.convert("mall", 1001, by="alice"),
                    "points.not_whole")
    assert "5.005" in str(error) and "multiple of 2 points" in str(error)
    assert "请兑换 2 的整数倍个积分" in error.in_language("zh")


def test_the_step_follows_the_ratio_of_the_values():
    chain = ConsortiumChain([*default_members(), Member("cafe", roles={"business"})])
    alliance = LoyaltyAlliance(chain, merchants={"cafe": D("0.003")})  # 3/10 of a general point
    alliance.mint("alice", 25, by="cafe")
    error = refused(alliance, lambda: alliance.convert("cafe", 25, by="alice"),
                    "points.not_whole")
    assert "multiple of 10 points" in str(error)
    assert alliance.convert("cafe", 20, by="alice") == 6


# --- minting and admission -------------------------------------------------------------------
def test_only_an_issuer_mints_its_own_points():
    alliance = LoyaltyAlliance()
    error = refused(alliance, lambda: alliance.mint("alice", 100, by="alice"),
                    "points.not_issuer")
    assert "只有发行方才能发放自己的积分" in error.in_language("zh")
    alliance.mint("alice", 100, by="alliance")  # the operator issues general points
    assert alliance.balance("alliance", "alice") == 100 and alliance.balance("mall", "alice") == 0


def test_the_regulator_cannot_mint():
    alliance = LoyaltyAlliance()
    before = alliance.state_bytes()
    with pytest.raises(PermissionDenied):
        alliance.mint("alice", 100, by="samr")
    assert alliance.state_bytes() == before


@pytest.mark.parametrize("points", [0, -5, True, "100", D("1.5")])
def test_points_are_positive_whole_numbers(points):
    alliance = with_points(mall=1000)
    error = refused(alliance, lambda: alliance.mint("alice", points, by="mall"),
                    "points.bad_points")
    assert "积分数必须是正整数" in error.in_language("zh")
    refused(alliance, lambda: alliance.convert("mall", points, by="alice"), "points.bad_points")
    refused(alliance, lambda: alliance.redeem("mall", points, "mall", by="alice"),
            "points.bad_points")


def test_only_the_operator_admits_merchants_once_at_a_positive_value():
    alliance = LoyaltyAlliance()
    error = refused(alliance, lambda: alliance.contract.admit("shop", D("0.01"), by="mall"),
                    "points.not_operator")
    assert "只有联盟运营方 alliance 能接纳商户" in error.in_language("zh")
    refused(alliance, lambda: alliance.contract.admit("mall", D("0.01"), by="alliance"),
            "points.already_admitted")
    for bad in (D(0), D("-0.01"), "0.01", True):
        refused(alliance, lambda bad=bad: alliance.contract.admit("shop", bad, by="alliance"),
                "points.bad_value")
    alliance.contract.admit("shop", 1, by="alliance")
    assert alliance.contract.programs["shop"] == {"value": D(1), "general": False}


# --- conversion refusals ---------------------------------------------------------------------
def test_only_the_holder_converts_and_never_more_than_it_holds():
    alliance = with_points(mall=1000)
    error = refused(alliance, lambda: alliance.convert("mall", 1002, by="alice"),
                    "points.insufficient")
    assert "alice 只有 1000 个 mall 积分，不足 1002 个" in error.in_language("zh")
    # the mall cannot convert alice's points: it converts its own, and holds none
    refused(alliance, lambda: alliance.convert("mall", 1000, by="mall"), "points.insufficient")


def test_general_points_and_unknown_programs_are_not_converted():
    alliance = with_points(alliance=100)
    error = refused(alliance, lambda: alliance.convert("alliance", 100, by="alice"),
                    "points.already_general")
    assert "这已经是通用积分" in error.in_language("zh")
    error = refused(alliance, lambda: alliance.convert("hotel", 100, by="alice"),
                    "points.unknown_program")
    assert "hotel 未在本联盟发行积分" in error.in_language("zh")


# --- redemption and clearing -----------------------------------------------------------------
def test_redeeming_at_the_issuer_burns_points_and_leaves_no_debt():
    alliance = with_points(mall=1000)
    assert alliance.redeem("mall", 400, "mall", by="alice") == D("2.000")
    assert alliance.balance("mall", "alice") == 600 and alliance.liability() == D("3")
    assert alliance.contract.owed == {}


def test_general_points_spent_at_a_merchant_are_owed_to_it_by_the_operator():
    alliance = with_points(mall=1000)
    alliance.convert("mall", 1000, by="alice")
    assert alliance.redeem("alliance", 300, "airline", by="alice") == D("3.00")
    assert alliance.contract.owed == {"mall": {"alliance": D("5.000")},
                                      "alliance": {"airline": D("3.00")}}
    assert alliance.liability() == D("2")


def test_redemption_refusals():
    alliance = with_points(mall=100)
    error = refused(alliance, lambda: alliance.redeem("mall", 10, "hotel", by="alice"),
                    "points.not_in_alliance")
    assert "hotel 不是本联盟的商户" in error.in_language("zh")
    refused(alliance, lambda: alliance.redeem("mall", 101, "mall", by="alice"),
            "points.insufficient")
    refused(alliance, lambda: alliance.redeem("hotel", 1, "mall", by="alice"),
            "points.unknown_program")


def test_only_the_creditor_confirms_a_settlement():
    alliance = with_points(mall=1000)
    alliance.convert("mall", 1000, by="alice")
    error = refused(alliance, lambda: alliance.confirm_settlement("mall", by="mall"),
                    "points.nothing_owed")
    assert "mall 不欠 mall 任何款项" in error.in_language("zh")
    assert alliance.confirm_settlement("mall", by="alliance") == D("5.000")
    assert alliance.contract.owed == {}
    refused(alliance, lambda: alliance.confirm_settlement("mall", by="alliance"),
            "points.nothing_owed")


def test_a_fresh_alliance_has_only_general_points_and_a_valid_chain():
    assert list(PointsAlliance("op").programs) == ["op"]
    alliance = with_points(mall=1000)
    alliance.convert("mall", 1000, by="alice")
    assert alliance.chain.validate()


def test_refusals_speak_chinese_when_the_course_does():
    import ledgerkit
    alliance = with_points(mall=1001)
    ledgerkit.set_language("zh")
    try:
        with pytest.raises(ContractError) as caught:
            alliance.convert("mall", 1001, by="alice")
    finally:
        ledgerkit.set_language("en")
    assert str(caught.value).startswith("1001 个 mall 积分价值 5.005 元")


def test_the_default_chain_passes_the_design_checker_with_the_market_regulator():
    from ledgerkit.design import MISTAKE, ChainDesign

    design = ChainDesign("points", default_members(), consensus="pbft")
    assert [f.rule for f in design.check() if f.severity == MISTAKE] == []
    assert design.fault_tolerance >= 1
    assert [m.name for m in default_members() if "regulator" in m.roles] == ["samr"]
