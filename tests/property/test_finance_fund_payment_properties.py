"""Invariants of penetrating fund payment (穿透式拨付), checked with hypothesis.

Random members register contracts and sub-contracts, approve them, request payments to
right and wrong payees and release them. Whatever happens:
1. money is conserved: balances plus what the budget still holds equal all deposits;
2. no contract is paid (or promised) more than its amount, nor the budget more than its own,
   and what a contract's own payee gets never touches what is ring-fenced for its
   sub-contracts (the workers' wages);
3. every yuan paid out is traced: the trace adds up to what the budget paid, each line's
   payee is the registered payee of the contract at the end of its path;
4. a refused call changes nothing (state bytes identical).
"""

from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from ledgerkit.contracts import ContractError
from ledgerkit.finance.fund_payment import FUNDER, FundDesk

# a story: several steps in a row, each by its right party, on the newest contract
STORIES = {"pay": ("sign", "approve_new", "request_new", "release_new"),
           "wages": ("sign_under", "approve_new", "request_new", "release_new")}
PEOPLE = [FUNDER, "contractor", "sub_builder", "supplier", "worker_li", "bank_a"]
STEP = st.tuples(
    st.sampled_from(["sign", "sign_under", "approve", "request", "release", *STORIES]),
    st.sampled_from(["<right>", "<right>", *PEOPLE]),  # who acts
    st.sampled_from(["<right>", *PEOPLE[1:]]),  # payee named
    st.integers(0, 5),  # which contract or request
    st.sampled_from([Decimal("0.01"), Decimal("999.99"), Decimal("30000.00"),
                     Decimal("250000.00"), Decimal("600000.00")]),
)


RELEASED = []  # how many payments each example made: the test must really pay


def act(desk: FundDesk, kind: str, who: str, payee: str, target: str, pick: int,
        amount: Decimal) -> None:
    """One call of the platform, as the step says."""
    new = f"C-{len(desk.contracts)}"
    if kind == "sign":
        desk.sign_contract(new, budget="B-1", payee=payee, amount=amount, purpose="works",
                           by=who)
    elif kind == "sign_under":
        desk.sign_contract(new, budget="B-1", parent=target, payee=payee, amount=amount,
                           purpose="wages", by=who)
    elif kind == "approve":
        desk.approve_contract(target, by=who)
    elif kind == "request":
        desk.request_payment(target, payee=payee, amount=amount, by=who)
    else:
        desk.release(pick % max(len(desk.requests), 1) + 1, by=who)


def expand(steps: list[tuple]) -> list[tuple]:
    """The steps with each story replaced by its steps, made by the right parties."""
    out = []
    for kind, *rest in steps:
        if kind in STORIES:
            out += [(step, "<right>", "<right>", *rest[2:]) for step in STORIES[kind]]
        else:
            out.append((kind, *rest))
    return out


@settings(max_examples=80, deadline=None)
@given(st.lists(STEP, max_size=20))
def test_money_is_conserved_and_every_yuan_traced(steps):
    desk = FundDesk(start=date(2025, 4, 1))
    desk.deposit(Decimal("1500000.00"), by=FUNDER)
    desk.approve_budget("B-1", project="dyke", amount=Decimal("1000000.00"),
                        contractor="contractor", by=FUNDER)
    for kind, who, payee, pick, amount in expand(steps):
        ids = sorted(desk.contracts)
        target = ids[pick % len(ids)] if ids else "C-none"
        if kind.endswith("_new"):
            kind, target = kind[:-4], (f"C-{len(ids) - 1}" if ids else "C-none")
            pick = len(desk.requests) - 1
        item = desk.contracts.get(target)
        if who == "<right>":
            who = {"sign": "contractor", "approve": FUNDER, "release": FUNDER,
                   "sign_under": item.payee if item else "contractor",
                   "request": item.payer if item else "contractor"}[kind]
        if payee == "<right>":
            payee = item.payee if item and kind == "request" else "worker_li"
        before = desk.chain.state_bytes()
        try:
            act(desk, kind, who, payee, target, pick, amount)
        except ContractError:
            assert desk.chain.state_bytes() == before
        budget = desk.budgets["B-1"]
        assert sum(desk.cash.values()) + desk.held() == desk.deposited
        assert Decimal(0) <= budget.paid <= budget.amount
        for item in desk.contracts.values():
            assert item.paid + item.requested <= item.amount
            assert desk.direct(item.id) + desk.ring_fenced(item.id) <= item.amount
        trace = desk.trace("B-1")
        assert sum((line.amount for line in trace), Decimal(0)) == budget.paid
        for line in trace:
            assert desk.contracts[line.path[-1]].payee == line.payee
    RELEASED.append(len(desk.trace("B-1")))


def test_the_random_runs_above_really_paid_money():
    assert sum(RELEASED) > 0, "no example released a payment: the invariants were idle"
