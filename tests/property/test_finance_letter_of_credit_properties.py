"""Invariants of domestic letters of credit (国内信用证), checked with hypothesis.

Random members issue, advise, present (goods shipped up to a month ago), accept, refuse,
assign proceeds, pay and close letters of credit while the clock moves on. Whatever happens:
1. what is presented (not refused) and what is paid never exceed the L/C amount;
2. every accepted or paid presentation came within 21 days of shipment and by the expiry;
3. cash is conserved;
4. a closed L/C never changes again;
5. only the right party acts, and a refused step changes nothing (state bytes identical).
"""

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from ledgerkit.contracts import ContractError, canonical_bytes
from ledgerkit.finance.letter_of_credit import LetterOfCreditDesk

PEOPLE = ["issuing_bank", "advising_bank", "forfaiter", "buyer", "seller"]
PARTY = {"advise": "advising_bank", "present": "beneficiary", "accept": "issuing_bank",
         "refuse": "issuing_bank", "pay": "issuing_bank", "assign": "beneficiary",
         "close": "issuing_bank"}
NEEDS = {"accept": "PRESENTED", "refuse": "PRESENTED", "pay": "ACCEPTED", "assign": "ACCEPTED"}
STORIES = {"sight": ("issue", "advise", "present", "accept", "pay", "close"),
           "lapse": ("issue", "advise", "time", "time", "time", "close", "present"),
           "dispute": ("issue", "advise", "present", "refuse", "present", "accept", "assign",
                       "pay")}

STEP = st.tuples(
    st.sampled_from(["issue", "advise", "present", "accept", "refuse", "pay", "assign", "close",
                     "time", *STORIES]),
    st.one_of(st.just("<right>"), st.sampled_from(PEOPLE)),  # who acts
    st.integers(0, 9),  # which L/C, presentation, amount
    st.integers(0, 30),  # days: shipped that long ago, or the clock moves on
    st.sampled_from([0, 0, 30]),  # usance days
)
AMOUNTS = [Decimal(500_000), Decimal(100_000), Decimal(250_000), Decimal("400000.01")]


def expand(steps: list[tuple]) -> list[tuple]:
    """The steps with each story replaced by its steps."""
    out = []
    for kind, *rest in steps:
        first, *more = STORIES.get(kind, (kind,))
        out.append((first, *rest))
        out += [(then, "<right>", *rest[1:]) for then in more]
    return out


def attempt(desk: LetterOfCreditDesk, step: tuple) -> None:
    kind, who, index, days, usance = step
    today = desk.chain.today
    ids = list(desk.letters)  # in the order of issue
    if who == "<right>":  # the newest open L/C, so that stories follow one L/C through
        ids = [i for i in ids if desk.letters[i].status != "CLOSED"][-1:] or ids
    lc = desk.letters[ids[index % len(ids)]] if ids and kind != "issue" else None
    number = 1
    if lc and lc.presentations:
        fitting = [p.number for p in lc.presentations if p.status == NEEDS.get(kind)]
        number = (fitting or [p.number for p in lc.presentations])[-1 if fitting else index
                                                                   % len(lc.presentations)]
    if who == "<right>":
        who = getattr(lc, PARTY[kind]) if lc and kind in PARTY else "issuing_bank"
    lc_id = lc.id if lc else f"LC-{len(desk.letters) + 1}"
    calls = {
        "issue": lambda: desk.issue(lc_id, applicant="buyer", beneficiary="seller",
                                    advising_bank="advising_bank", amount=Decimal(500_000),
                                    expiry=today + timedelta(days=60), usance_days=usance,
                                    by=who),
        "advise": lambda: desk.advise(lc_id, by=who),
        "present": lambda: desk.present(lc_id, amount=AMOUNTS[index % 4],
                                        shipped=today - timedelta(days=days), by=who),
        "accept": lambda: desk.accept(lc_id, number, by=who),
        "refuse": lambda: desk.refuse_documents(lc_id, number, reason="discrepant", by=who),
        "pay": lambda: desk.pay(lc_id, number, by=who),
        "assign": lambda: desk.assign_proceeds(lc_id, number, to="forfaiter", by=who),
        "close": lambda: desk.close(lc_id, by=who),
        "time": lambda: desk.advance_to(today + timedelta(days=days)),
    }
    before = desk.chain.state_bytes()
    try:
        calls[kind]()
    except ContractError:
        assert desk.chain.state_bytes() == before
        return
    if lc and kind in PARTY:
        assert who == getattr(lc, PARTY[kind])


def check_invariants(desk: LetterOfCreditDesk, closed: dict[str, bytes]) -> None:
    assert sum(desk.cash.values()) == desk.deposited
    for lc in desk.letters.values():
        assert lc.paid <= lc.committed <= lc.amount
        assert lc.paid == sum((p.amount for p in lc.presentations if p.status == "PAID"),
                              Decimal(0))
        for p in lc.presentations:
            if p.status != "REFUSED":
                assert (p.presented - p.shipped).days <= 21 and p.presented <= lc.expiry
        if lc.status == "CLOSED":
            snapshot = canonical_bytes(lc)
            assert closed.setdefault(lc.id, snapshot) == snapshot


@settings(max_examples=40, deadline=None)
@given(st.lists(STEP, min_size=5, max_size=25))
def test_letter_of_credit_invariants_hold_whatever_happens(steps):
    desk = LetterOfCreditDesk(start=date(2025, 3, 3))
    desk.deposit(Decimal(10_000_000), by="issuing_bank")
    closed: dict[str, bytes] = {}
    for step in expand(steps):
        attempt(desk, step)
        check_invariants(desk, closed)
    assert desk.chain.validate()
