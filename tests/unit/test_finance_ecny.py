"""ledgerkit.finance.ecny: e-CNY's two-tier operation, wallet tiers, offline payments and
conditional payments, on a central ledger (it is not a blockchain). Every refusal names its
rule and changes nothing; money is conserved after every step."""

from datetime import date
from decimal import Decimal

import pytest

from ledgerkit.errors import InvalidTransaction
from ledgerkit.finance.ecny import OFFLINE_CAP, TIERS, ECNYSystem
from ledgerkit.i18n import set_language

D = Decimal
DAY = date(2026, 3, 2)


def refused(system: ECNYSystem, rule: str, call, *args, **kwargs) -> InvalidTransaction:
    before = system.state_bytes()
    with pytest.raises(InvalidTransaction) as caught:
        call(*args, **kwargs)
    assert caught.value.key == rule, str(caught.value)
    assert system.state_bytes() == before
    return caught.value


def system_with_wallets() -> ECNYSystem:
    system = ECNYSystem()
    system.issue("bank_a", D("200000.00"))
    system.open_wallet("li", operator="bank_a", tier=2, holder="Li Hua")
    system.open_wallet("wang", operator="bank_a", tier=4, phone="138****0000")
    system.open_wallet("shop", operator="bank_a", tier=1, holder="Shop Ltd")
    system.open_wallet("school", operator="bank_a", tier=1, holder="Training School")
    system.load("li", D("8000.00"))
    system.load("wang", D("900.00"))
    return system


def test_the_tiers_are_the_2020_pilot_figures():
    assert TIERS[4] == (D("1000.00"), D("500.00"), D("1000.00"))
    assert TIERS[2] == (D("10000.00"), D("5000.00"), D("10000.00"))


def test_issue_is_against_reserves_one_to_one():
    system = ECNYSystem(reserves=D("1000.00"))
    system.issue("bank_a", D("600.00"))
    assert (system.reserves["bank_a"], system.stock["bank_a"], system.issued) == (
        D("400.00"), D("600.00"), D("600.00"))
    refused(system, "ecny.no_reserves", system.issue, "bank_a", D("400.01"))
    refused(system, "ecny.unknown_operator", system.issue, "shadow_bank", D("1.00"))


def test_load_pay_and_redeem_conserve_money_to_the_fen():
    system = system_with_wallets()
    system.pay("li", "shop", D("4999.99"), day=DAY)
    system.redeem("shop", D("1000.00"))
    assert system.wallets["li"]["balance"] == D("3000.01")
    assert system.wallets["shop"]["balance"] == D("3999.99")
    assert system.stock["bank_a"] == D("200000.00") - D("8900.00") + D("1000.00")
    assert system.conserved()


def test_the_caps_per_payment_per_day_and_on_the_balance():
    system = system_with_wallets()
    refused(system, "ecny.single_cap", system.pay, "wang", "shop", D("500.01"), day=DAY)
    system.pay("li", "shop", D("5000.00"), day=DAY)
    system.load("li", D("5000.00"))
    system.pay("li", "shop", D("5000.00"), day=DAY)
    refused(system, "ecny.daily_cap", system.pay, "li", "shop", D("0.01"), day=DAY)
    system.pay("li", "shop", D("0.01"), day=date(2026, 3, 3))  # a new day
    refused(system, "ecny.balance_cap", system.load, "wang", D("100.01"))
    refused(system, "ecny.balance_cap", system.pay, "li", "wang", D("100.01"), day=date(2026, 3, 3))
    assert system.conserved()


def test_wallets_are_opened_by_the_rules():
    system = system_with_wallets()
    refused(system, "ecny.holder", system.open_wallet, "zhao", operator="bank_a", tier=2)
    refused(system, "ecny.tier", system.open_wallet, "zhao", operator="bank_a", tier=5,
            holder="Zhao")
    refused(system, "ecny.wallet_exists", system.open_wallet, "li", operator="bank_a", tier=2,
            holder="Li Hua")
    refused(system, "ecny.operator_stock", system.load, "shop", D("300000.00"))


def test_an_anonymous_wallet_is_disclosed_only_under_a_legal_basis():
    system = system_with_wallets()
    refused(system, "ecny.legal_basis", system.holder, "wang")
    assert system.holder("li") == "Li Hua"
    system.holder("wang", legal_basis="police request 2026-017")
    assert system.log[-1] == {"kind": "disclosed", "wallet": "wang",
                              "basis": "police request 2026-017"}


def test_offline_payments_settle_at_sync_and_a_double_spend_is_caught():
    system = system_with_wallets()
    system.to_offline("li", D("600.00"))
    first = system.pay_offline("li", "shop", D("400.00"), day=DAY, number=1)
    clone = system.pay_offline("li", "school", D("400.00"), day=DAY, number=2)  # cloned purse
    assert system.wallets["shop"]["balance"] == 0  # nothing settles while offline
    system.sync(first)
    error = refused(system, "ecny.double_spend", system.sync, clone)
    assert "600.00" in str(error) and "400.00" in str(error)
    refused(system, "ecny.voucher_seen", system.sync, first)
    assert system.wallets["shop"]["balance"] == D("400.00")
    assert system.wallets["li"]["offline"] == D("200.00")
    assert system.conserved()


def test_the_offline_purse_is_capped():
    system = system_with_wallets()
    system.to_offline("li", OFFLINE_CAP)
    refused(system, "ecny.offline_cap", system.to_offline, "li", D("0.01"))
    refused(system, "ecny.no_funds", system.to_offline, "wang", D("900.01"))


def test_an_earmark_pays_only_its_class_before_its_day_and_returns_the_rest():
    system = system_with_wallets()
    number = system.earmark("li", D("3000.00"), "education", until=date(2026, 6, 30), day=DAY)
    refused(system, "ecny.wrong_merchant", system.spend_earmarked, number, "shop", "food",
            D("100.00"), day=DAY)
    system.spend_earmarked(number, "school", "education", D("2000.00"), day=date(2026, 4, 1))
    refused(system, "ecny.earmark_left", system.spend_earmarked, number, "school", "education",
            D("1000.01"), day=date(2026, 4, 2))
    refused(system, "ecny.earmark_over", system.spend_earmarked, number, "school", "education",
            D("100.00"), day=date(2026, 7, 1))
    assert system.expire(date(2026, 7, 1)) == [number]
    assert system.wallets["li"]["balance"] == D("6000.00")  # 8,000 − 3,000 + 1,000 back
    assert system.wallets["school"]["balance"] == D("2000.00")
    assert system.expire(date(2026, 7, 2)) == []
    assert system.conserved()


@pytest.mark.parametrize("amount", [D("0"), D("-1.00"), D("1.001"), 100, 1.5])
def test_amounts_are_positive_decimals_in_fen(amount):
    system = system_with_wallets()
    refused(system, "ecny.amount", system.pay, "li", "shop", amount, day=DAY)


def test_refusals_read_in_chinese():
    system = system_with_wallets()
    set_language("zh")
    try:
        error = refused(system, "ecny.single_cap", system.pay, "wang", "shop", D("600.00"),
                        day=DAY)
        assert "单笔支付上限" in str(error)
    finally:
        set_language("en")
