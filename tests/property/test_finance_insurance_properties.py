"""Invariants of shared health-insurance claims (健康险理赔), checked with hypothesis.

Random members attest bills, issue policies, file, assess, pay and recover claims while the
clock moves on. Whatever happens:
1. cash is conserved (every yuan paid in is in some account);
2. a bill backs at most one claim that is not declined (no loss is paid twice);
3. no policy pays more than its cover, and a claim pays at most its amount;
4. a reinsurer's share is exactly the treaty share of the payout, to the fen;
5. a refused call changes nothing (state bytes identical).
"""

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from ledgerkit.contracts import ContractError
from ledgerkit.finance.insurance import InsuranceDesk, bill_commitment
from ledgerkit.finance.rates import to_fen

PEOPLE = ["insurer_a", "insurer_b", "reinsurer", "hospital", "patient", "exchange"]
BILLS = [bill_commitment(f"bill {n}", b"key") for n in range(4)]
AMOUNTS = [Decimal("38600.50"), Decimal(6_000), Decimal("120000.01"), Decimal(15_000)]
SHARE = Decimal("0.3")

STORY = ("attest", "policy", "claim", "approve", "pay", "recover")
STEP = st.tuples(
    st.sampled_from(["attest", "policy", "claim", "approve", "decline", "pay", "recover",
                     "time", "story"]),
    st.one_of(st.just("<right>"), st.sampled_from(PEOPLE)),  # who acts
    st.integers(0, 7),  # which bill, policy, claim, amount
    st.integers(0, 40),  # days the clock moves on
)


def expand(steps: list[tuple]) -> list[tuple]:
    """The steps with each story replaced by a whole claim, every step by the right party."""
    out = []
    for kind, who, index, days in steps:
        out += ([(then, "<right>", index, days) for then in STORY] if kind == "story"
                else [(kind, who, index, days)])
    return out


def attempt(desk: InsuranceDesk, step: tuple) -> None:
    kind, who, index, days = step
    today = desk.chain.today
    claims = list(desk.claims)
    claim = claims[index % len(claims)] if claims else "C-0"
    if who == "<right>":  # the newest claim, by the party whose step it is
        claim = claims[-1] if claims else "C-0"
        policy = desk.policies.get(desk.claims[claim].policy) if claims else None
        insurer = policy.insurer if policy else "insurer_a"
        who = {"attest": "hospital", "policy": ("insurer_a", "insurer_b")[index % 2],
               "claim": "patient", "recover": "reinsurer", "time": "exchange"}.get(kind, insurer)
    calls = {
        "attest": lambda: desk.attest(BILLS[index % 4], amount=AMOUNTS[index % 4],
                                      treated=today - timedelta(days=index), by=who),
        "policy": lambda: desk.issue_policy(f"P-{index % 3}", insured="patient",
                                            cover=Decimal(50_000), deductible=Decimal(5_000),
                                            start=date(2025, 1, 1), by=who),
        "claim": lambda: desk.file_claim(f"C-{len(claims)}", f"P-{index % 3}",
                                         BILLS[index % 4], amount=AMOUNTS[index % 4] - index,
                                         by=who),
        "approve": lambda: desk.assess(claim, approve=True, by=who),
        "decline": lambda: desk.assess(claim, approve=False, reason="excluded", by=who),
        "pay": lambda: desk.pay_claim(claim, by=who),
        "recover": lambda: desk.recover(claim, by=who),
        "time": lambda: desk.advance_to(today + timedelta(days=days)),
    }
    before = desk.chain.state_bytes()
    try:
        calls[kind]()
    except ContractError:
        assert desk.chain.state_bytes() == before  # invariant 5


@settings(max_examples=60, deadline=None)
@given(st.lists(STEP, max_size=30))
def test_claims_keep_their_invariants(steps):
    desk = InsuranceDesk(start=date(2025, 3, 3))
    for member, amount in (("insurer_a", 300_000), ("insurer_b", 300_000),
                           ("reinsurer", 100_000)):
        desk.deposit(Decimal(amount), by=member)
    desk.treaty("reinsurer", SHARE, by="insurer_a")
    for step in expand(steps):
        attempt(desk, step)
        assert sum(desk.cash.values()) == desk.deposited  # 1
        live = [c.record for c in desk.claims.values() if c.status != "DECLINED"]
        assert len(live) == len(set(live))  # 2
        for policy in desk.policies.values():
            paid = sum(c.payout for c in desk.claims.values() if c.policy == policy.id)
            assert paid == policy.cover - policy.cover_left <= policy.cover  # 3
        for c in desk.claims.values():
            assert 0 <= c.payout <= c.amount  # 3
            insurer = desk.policies[c.policy].insurer
            if c.status == "PAID" and insurer == "insurer_a":
                assert c.ceded == to_fen(c.payout * SHARE)  # 4
            else:
                assert c.ceded == 0
