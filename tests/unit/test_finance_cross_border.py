"""ledgerkit.finance.cross_border and payments_bridge: cross-border trade finance (跨境贸易金融).

SAFE's platform: customs data puts export declarations on the chain; banks finance against
them, never twice across banks and never beyond the declared value; repayment releases it.
A rail bill (中欧e单通 style): issued by the carrier, endorsed, pledged to one bank at a time,
delivered to the holder at arrival. Payments: a correspondent chain versus one PvP on a
multi-CBDC bridge, to the cent and the minute. Every refusal names its rule and leaves the
chain byte-identical.
"""

from datetime import date
from decimal import Decimal

import pytest
from refusals import refused

from ledgerkit.design import ChainDesign
from ledgerkit.errors import InputError
from ledgerkit.finance import payments_bridge as pb
from ledgerkit.finance.cross_border import CrossBorderDesk, RailBillDesk, default_members
from ledgerkit.i18n import set_language

MONDAY = date(2025, 3, 3)


@pytest.fixture(autouse=True)
def english():
    set_language("en")
    yield
    set_language("en")


def declared() -> CrossBorderDesk:
    desk = CrossBorderDesk(start=MONDAY)
    desk.declare("DEC-1", exporter="exporter_a", value=Decimal("100000.00"), currency="USD",
                 by="customs_data")
    return desk


# --- SAFE's export receivables financing ----------------------------------------------------
def test_a_bank_finances_up_to_the_declared_value_and_repayment_releases_it():
    desk = declared()
    first = desk.finance("DEC-1", exporter="exporter_a", amount=Decimal("60000"), by="bank_a")
    second = desk.finance("DEC-1", exporter="exporter_a", amount=Decimal("40000"), by="bank_a")
    assert desk.available("DEC-1") == Decimal("0.00")
    desk.repay(first, by="bank_a")
    assert desk.available("DEC-1") == Decimal("60000.00")
    assert desk.declarations["DEC-1"].bank == "bank_a"  # the second loan is still out
    desk.repay(second, by="bank_a")
    assert desk.declarations["DEC-1"].bank == "" and desk.available("DEC-1") == Decimal("100000")
    names = [e.name for e in desk.chain.events(number="DEC-1")]
    assert names == ["declared", "financed", "financed", "repaid", "repaid"]
    assert desk.chain.validate()


def test_a_second_bank_is_refused_naming_the_first_bank_and_date():
    desk = declared()
    desk.advance_to(date(2025, 3, 5))
    desk.finance("DEC-1", exporter="exporter_a", amount=Decimal("30000"), by="bank_a")
    desk.advance_to(date(2025, 3, 10))
    error = refused(desk, "xb.double_financing", desk.finance, "DEC-1", exporter="exporter_a",
                    amount=Decimal("10000"), by="bank_b")
    assert "bank_a" in str(error) and "2025-03-05" in str(error)
    set_language("zh")
    assert "重复融资" in str(error) and "bank_a" in str(error)


def test_after_repayment_another_bank_may_finance_the_declaration():
    desk = declared()
    loan = desk.finance("DEC-1", exporter="exporter_a", amount=Decimal("30000"), by="bank_a")
    desk.repay(loan, by="bank_a")
    desk.finance("DEC-1", exporter="exporter_a", amount=Decimal("100000"), by="bank_b")
    assert desk.declarations["DEC-1"].bank == "bank_b"


def test_excess_financing_is_refused_and_says_what_is_left():
    desk = declared()
    desk.finance("DEC-1", exporter="exporter_a", amount=Decimal("80000"), by="bank_a")
    error = refused(desk, "xb.excess_financing", desk.finance, "DEC-1", exporter="exporter_a",
                    amount=Decimal("20000.01"), by="bank_a")
    assert "20000.00" in str(error)


@pytest.mark.parametrize("kwargs, by, rule", [
    ({"number": "DEC-9", "exporter": "exporter_a", "amount": Decimal(1)}, "bank_a",
     "xb.no_declaration"),
    ({"number": "DEC-1", "exporter": "exporter_b", "amount": Decimal(1)}, "bank_a",
     "xb.wrong_exporter"),
    ({"number": "DEC-1", "exporter": "exporter_a", "amount": Decimal(1)}, "exporter_a",
     "xb.only_banks"),
    ({"number": "DEC-1", "exporter": "exporter_a", "amount": Decimal("0.001")}, "bank_a",
     "xb.amount"),
])
def test_financing_refusals_name_their_rule_and_change_nothing(kwargs, by, rule):
    desk = declared()
    refused(desk, rule, desk.finance, **kwargs, by=by)


def test_only_customs_data_declares_once_and_in_a_known_currency():
    desk = declared()
    refused(desk, "xb.only_customs", desk.declare, "DEC-2", exporter="exporter_a",
            value=Decimal(1), currency="USD", by="exporter_a")
    refused(desk, "xb.declared", desk.declare, "DEC-1", exporter="exporter_a",
            value=Decimal(1), currency="USD", by="customs_data")
    refused(desk, "xb.currency", desk.declare, "DEC-2", exporter="exporter_a",
            value=Decimal(1), currency="XYZ", by="customs_data")
    refused(desk, "xb.not_exporter", desk.declare, "DEC-2", exporter="bank_a",
            value=Decimal(1), currency="USD", by="customs_data")


def test_only_the_lending_bank_records_repayment_and_only_once():
    desk = declared()
    loan = desk.finance("DEC-1", exporter="exporter_a", amount=Decimal(5000), by="bank_a")
    refused(desk, "xb.not_lender", desk.repay, loan, by="bank_b")
    refused(desk, "xb.no_financing", desk.repay, "F-9", by="bank_a")
    desk.repay(loan, by="bank_a")
    refused(desk, "xb.repaid", desk.repay, loan, by="bank_a")


def test_the_default_chain_passes_the_design_checker_with_exporters_checked():
    design = ChainDesign("safe", default_members(), consensus="pbft",
                         checked_parties=["exporter_a", "exporter_b", "customs_data"])
    assert [f for f in design.check() if f.severity == "mistake"] == []


# --- 中欧e单通: the rail bill -------------------------------------------------------------------
def rail() -> RailBillDesk:
    desk = RailBillDesk(start=MONDAY)
    desk.issue("RB-1", shipper="exporter_a", goods="24 containers of machinery",
               by="rail_carrier")
    return desk


def test_the_holder_at_arrival_takes_delivery():
    desk = rail()
    desk.pledge("RB-1", bank="bank_a", by="exporter_a")
    desk.release("RB-1", by="bank_a")
    desk.endorse("RB-1", to="buyer_eu", by="exporter_a")
    desk.arrive("RB-1", by="rail_carrier")
    desk.take_delivery("RB-1", by="buyer_eu")
    bill = desk.bills["RB-1"]
    assert (bill.status, bill.holder, bill.endorsements) == ("DELIVERED", "buyer_eu",
                                                             ["buyer_eu"])


def test_a_pledged_bill_cannot_move_or_be_pledged_twice():
    desk = rail()
    desk.pledge("RB-1", bank="bank_a", by="exporter_a")
    refused(desk, "rail.pledged", desk.pledge, "RB-1", bank="bank_b", by="exporter_a")
    refused(desk, "rail.pledged", desk.endorse, "RB-1", to="buyer_eu", by="exporter_a")
    desk.arrive("RB-1", by="rail_carrier")
    refused(desk, "rail.pledged", desk.take_delivery, "RB-1", by="exporter_a")
    refused(desk, "rail.not_pledged", desk.release, "RB-1", by="bank_b")


def test_rail_bill_refusals():
    desk = rail()
    refused(desk, "rail.only_carrier", desk.issue, "RB-2", shipper="exporter_a", goods="x",
            by="exporter_a")
    refused(desk, "rail.exists", desk.issue, "RB-1", shipper="exporter_a", goods="x",
            by="rail_carrier")
    refused(desk, "rail.not_holder", desk.endorse, "RB-1", to="buyer_eu", by="buyer_eu")
    refused(desk, "rail.not_arrived", desk.take_delivery, "RB-1", by="exporter_a")
    refused(desk, "rail.not_member", desk.endorse, "RB-1", to="nobody", by="exporter_a")
    desk.arrive("RB-1", by="rail_carrier")
    refused(desk, "rail.arrived", desk.arrive, "RB-1", by="rail_carrier")
    desk.take_delivery("RB-1", by="exporter_a")
    refused(desk, "rail.delivered", desk.endorse, "RB-1", to="buyer_eu", by="exporter_a")


# --- correspondent banking versus the bridge ------------------------------------------------------
def test_the_worked_example_through_correspondents_to_the_cent_and_minute():
    legs = pb.route(Decimal(1_000_000), "CNY", pb.CORRESPONDENT_HOPS, sent=pb.SENT_AT)
    # 999,850 × 0.14 = 139,979.00 USD; − 15 − 25 − 20 = 139,919.00; × 34.40 = 4,813,213.60 THB
    assert [leg.amount_out for leg in legs] == [Decimal("139979.00"), Decimal("139964.00"),
                                                Decimal("139939.00"), Decimal("4813213.60")]
    # 15:30 Beijing: the Shenzhen bank works at once; Hong Kong's 16:00 cut-off has passed at
    # 16:30, so it waits until 09:00 next day; New York opens 09:00 local (14:00 UTC) …
    assert [leg.waited for leg in legs] == [0, 990, 720, 600]
    assert legs[-1].done - pb.SENT_AT == 2610  # 43 h 30 min
    assert pb.cost(Decimal(1_000_000), legs[-1].amount_out, pb.MID_CNY_THB) == Decimal("7584.82")


def test_the_bridge_is_one_hop_at_any_hour():
    (leg,) = pb.route(Decimal(1_000_000), "CNY", pb.BRIDGE_HOPS, sent=pb.SENT_AT)
    assert leg.amount_out == Decimal("4829903.40") and leg.done - pb.SENT_AT == 1
    assert pb.cost(Decimal(1_000_000), leg.amount_out, pb.MID_CNY_THB) == Decimal("4143.63")
    night = pb.route(Decimal(1_000_000), "CNY", pb.BRIDGE_HOPS, sent=18 * 60)  # 02:00 Beijing
    assert night[0].waited == 0


def test_route_refuses_a_fee_that_eats_the_payment_and_float_money():
    with pytest.raises(InputError) as caught:
        pb.route(Decimal(10), "USD", [pb.Hop("b", fee=Decimal(10))])
    assert caught.value.key == "bridge.fee"
    with pytest.raises(InputError):
        pb.route(10.5, "USD", [pb.Hop("b", fee=Decimal(1))])


def bridge() -> pb.BridgeDesk:
    desk = pb.BridgeDesk()
    desk.issue("bank_cn", "CNY", Decimal(1_000_000), by="pboc_dci")
    desk.issue("bank_th", "THB", Decimal(5_000_000), by="bot")
    return desk


def test_a_pvp_swap_moves_both_legs_at_once():
    desk = bridge()
    swap = desk.propose_swap("bank_th", "CNY", Decimal(1_000_000), "THB",
                             Decimal("4830000.00"), by="bank_cn")
    desk.settle_swap(swap, by="bank_th")
    assert desk.balance("bank_cn", "THB") == Decimal("4830000.00")
    assert desk.balance("bank_th", "CNY") == Decimal("1000000.00")
    assert desk.balance("bank_th", "THB") == Decimal("170000.00")
    assert desk.balance("bank_cn", "CNY") == Decimal("0.00")


def test_a_swap_one_side_cannot_pay_moves_neither_leg():
    desk = bridge()
    swap = desk.propose_swap("bank_th", "CNY", Decimal(1_000_000), "THB",
                             Decimal("6000000.00"), by="bank_cn")
    error = refused(desk, "bridge.no_cash", desk.settle_swap, swap, by="bank_th")
    assert "bank_th" in str(error)
    desk.pay("bank_hk", "CNY", Decimal(1), by="bank_cn")  # the proposer now falls short too
    swap2 = desk.propose_swap("bank_th", "CNY", Decimal(1_000_000), "THB", Decimal(1),
                              by="bank_cn")
    refused(desk, "bridge.no_cash", desk.settle_swap, swap2, by="bank_th")


def test_bridge_refusals():
    desk = bridge()
    refused(desk, "bridge.not_issuer", desk.issue, "bank_cn", "THB", Decimal(1), by="pboc_dci")
    refused(desk, "bridge.currency", desk.issue, "bank_cn", "USD", Decimal(1), by="pboc_dci")
    refused(desk, "bridge.same_currency", desk.propose_swap, "bank_th", "CNY", Decimal(1),
            "CNY", Decimal(1), by="bank_cn")
    refused(desk, "bridge.self", desk.pay, "bank_cn", "CNY", Decimal(1), by="bank_cn")
    swap = desk.propose_swap("bank_th", "CNY", Decimal(1), "THB", Decimal(5), by="bank_cn")
    refused(desk, "bridge.not_counterparty", desk.settle_swap, swap, by="bank_hk")
    refused(desk, "bridge.not_proposer", desk.cancel_swap, swap, by="bank_th")
    desk.cancel_swap(swap, by="bank_cn")
    refused(desk, "bridge.no_swap", desk.settle_swap, swap, by="bank_th")
