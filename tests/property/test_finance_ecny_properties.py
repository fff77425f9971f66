"""Invariants of the e-CNY model (数字人民币), checked with hypothesis.

Random issues, loads, redemptions, online and offline payments (cloned purses included),
syncs and earmarks over a few days. Whatever happens:
1. money is conserved: what the PBoC issued equals operators' stock plus every wallet's
   online, offline and earmarked money;
2. no wallet ever holds more than its class allows, and no wallet pays more in a day than
   its daily cap (offline payments counted when they settle);
3. an offline purse never settles more than was moved into it (no double spend);
4. a refused step changes nothing (state bytes identical).
"""

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import example, given, settings
from hypothesis import strategies as st

from ledgerkit.errors import InvalidTransaction
from ledgerkit.finance.ecny import TIERS, ECNYSystem

WALLETS = {"li": 2, "wang": 4, "zhao": 3, "shop": 1}
AMOUNTS = st.sampled_from(["0.01", "99.99", "300.00", "500.00", "800.00", "2000.00",
                           "5000.00", "12000.00", "300.00", "99.99"]).map(Decimal)
STEP = st.tuples(st.sampled_from(["issue", "load", "redeem", "pay", "offline", "offline",
                                  "pay_offline", "sync", "sync", "clone", "clone", "earmark",
                                  "spend", "expire", "day"]),
                 st.sampled_from(sorted(WALLETS)), st.sampled_from(sorted(WALLETS)), AMOUNTS,
                 st.integers(0, 9))


def fresh() -> ECNYSystem:
    system = ECNYSystem()
    for name, tier in WALLETS.items():
        system.open_wallet(name, operator="bank_a", tier=tier, holder="" if tier == 4 else name)
    system.issue("bank_a", Decimal("50000.00"))
    for name, amount in (("li", "5000.00"), ("wang", "500.00"), ("zhao", "1000.00"),
                         ("shop", "10000.00")):
        system.load(name, Decimal(amount))
    return system


@settings(max_examples=80, deadline=None)
@given(st.lists(STEP, min_size=1, max_size=40))
@example([("offline", "li", "shop", Decimal("300.00"), 0), ("clone", "li", "shop", Decimal(1), 0)])
def test_money_is_conserved_and_every_rule_holds(steps):
    system, today, vouchers = fresh(), date(2026, 3, 2), []
    for kind, a, b, amount, n in steps:
        before = system.state_bytes()
        try:
            if kind == "issue":
                system.issue("bank_a", amount)
            elif kind == "load":
                system.load(a, amount)
            elif kind == "redeem":
                system.redeem(a, amount)
            elif kind == "pay":
                system.pay(a, b, amount, day=today)
            elif kind == "offline":
                system.to_offline(a, amount)
            elif kind == "pay_offline":
                vouchers.append(system.pay_offline(a, b, amount, day=today, number=n % 3))
            elif kind == "sync" and vouchers:
                system.sync(vouchers[n % len(vouchers)])
            elif kind == "clone":  # a cloned device spends the same purse twice, offline
                purse = system.wallets[a]["offline"]
                if purse > 0 and a != b:
                    twice = [system.pay_offline(a, b, purse, day=today, number=10 + n),
                             system.pay_offline(a, b, purse, day=today, number=20 + n)]
                    system.sync(twice[0])
                    before = system.state_bytes()
                    system.sync(twice[1])  # must be refused: the purse is spent
            elif kind == "earmark":
                system.earmark(a, amount, "food", until=today + timedelta(days=n + 1), day=today)
            elif kind == "spend" and system.earmarks:
                number = n % len(system.earmarks) + 1
                system.spend_earmarked(number, b, "food", amount, day=today)
            elif kind == "expire":
                system.expire(today)
            elif kind == "day":
                today += timedelta(days=1 + n % 3)
        except InvalidTransaction:
            assert system.state_bytes() == before
        assert system.conserved()
        for name, wallet in system.wallets.items():
            cap, _, daily = TIERS[wallet["tier"]]
            assert wallet["balance"] + wallet["offline"] <= cap or any(
                e["payer"] == name and e["status"] == "returned" for e in system.earmarks.values())
            assert wallet["offline"] >= 0
            assert wallet["offline_loaded"] - wallet["offline"] == sum(
                (v["amount"] for v in system.settled_vouchers.values() if v["payer"] == name),
                Decimal(0))
        for key, paid in system.paid_on.items():
            assert paid <= TIERS[system.wallets[key.split("|")[0]]["tier"]][2]
