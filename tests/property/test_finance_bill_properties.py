"""Invariants of digital bills (数字票据), checked with hypothesis.

Random members try random steps — endorse part or all of a sub-range, apply for, sign or
cancel a discount, present, pay, refuse, claim and pay recourse — while the clock moves on.
Whatever happens:
1. the sub-ranges partition the bill exactly (no gap, no overlap), each with one holder, so
   the face is conserved and no unit is ever held twice (no 一票多卖);
2. cash is conserved: the balances always add up to what was deposited;
3. only the holder of a sub-range endorses, discounts, presents it or claims recourse on it;
   only the bank offered signs a discount, only the acceptor pays or refuses, only the party
   claimed against pays recourse;
4. a refused step changes nothing: the chain's state bytes are identical;
5. after a late presentment (逾期提示付款) recourse reaches only the drawer or the acceptor,
   never an endorser (电子商业汇票业务管理办法, 拒付追索).
"""

from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from ledgerkit.contracts import ContractError
from ledgerkit.finance.bill import BillRegistry

FACE = Decimal("1000.00")
UNITS = 100_000
DUE = date(2025, 9, 10)
PEOPLE = ["seller", "supplier", "buyer", "bank_a", "bank_b", "bank_c", "pboc"]
NEEDS = {"sign": "OFFERED", "cancel": "OFFERED", "pay": "PRESENTED", "refuse": "PRESENTED",
         "recourse": "REFUSED", "pay_recourse": "RECOURSE"}  # the other steps need HELD
# Stories of several steps, so that long lifecycles happen often (later steps by the right
# party): discount, payment, and refusal followed by recourse.
STORIES = {"discount": ("apply", "sign"), "settle": ("present", "pay"),
           "dishonour": ("present", "refuse", "recourse", "pay_recourse")}

STEP = st.tuples(
    st.sampled_from(["endorse", "apply", "sign", "cancel", "present", "pay", "refuse",
                     "recourse", "pay_recourse", "advance", *STORIES]),
    st.one_of(st.just("<right>"), st.sampled_from(PEOPLE)),  # often the party who may act
    st.integers(0, 10),  # which sub-range (by position)
    st.one_of(st.just("<right>"), st.sampled_from(PEOPLE)),  # the other party
    st.one_of(st.none(), st.integers(1, UNITS)),  # amount in fen, None for the whole range
    st.integers(1, 15),  # days to advance
)


def new_market() -> BillRegistry:
    bills = BillRegistry(start=date(2025, 8, 20))  # three weeks before the due date
    bills.issue("B1", acceptor="bank_a", payee="seller", face=FACE, due=DUE, by="buyer")
    bills.accept("B1", by="bank_a")
    bills.receive("B1", by="seller")
    for name in PEOPLE:
        bills.deposit(Decimal(1500), by=name)
    return bills


def later(today: date, days: int) -> date:
    """`days` on, but stopping at the due date the first time it is passed, so the short
    presentment window is often reached."""
    then = date.fromordinal(today.toordinal() + days)
    return DUE if today < DUE < then else then


def expand(steps: list[tuple]) -> list[tuple]:
    """The steps with each story replaced by its steps."""
    out = []
    for kind, *rest in steps:
        first, *more = STORIES.get(kind, (kind,))
        out.append((first, *rest))
        out += [(then, "<right>", 0, "<right>", None, 1) for then in more]
    return out


def resolve(bills: BillRegistry, step: tuple) -> tuple[str, str, str, str, Decimal | None]:
    """Turn "<right>" into the party (and the sub-range) the step allows, so that steps
    often succeed; a named member may well be the wrong one."""
    kind, who, index, other, units, _ = step
    ranges = bills.bills["B1"].ranges
    choices = sorted(ranges)
    if who == "<right>":
        choices = sorted(k for k, r in ranges.items()
                         if r.status == NEEDS.get(kind, "HELD")) or choices
    rid = choices[index % len(choices)]
    rng = ranges[rid]
    if who == "<right>":
        who = {"sign": (rng.offer or {}).get("bank", "bank_b"), "pay": "bank_a",
               "refuse": "bank_a", "pay_recourse": rng.claim or "buyer"}.get(kind, rng.holder)
    if other == "<right>":
        bank = {"bank_b": "bank_c", "bank_c": "pboc"}.get(rng.holder, "bank_b")
        other = {"endorse": "supplier" if rng.holder != "supplier" else "seller",
                 "apply": bank,
                 "recourse": (bills.liable_parties("B1", rid) or ["buyer"])[0]}.get(kind, "buyer")
    return who, rid, other, None if units is None else Decimal(units) / 100


def attempt(bills: BillRegistry, step: tuple) -> None:
    """Try one step; on refusal nothing may change, on success the actor had the right."""
    kind, days = step[0], step[-1]
    who, rid, other, amount = resolve(bills, step)
    calls = {
        "endorse": lambda: bills.endorse("B1", rid, to=other, amount=amount, by=who),
        "apply": lambda: bills.apply_discount("B1", rid, bank=other, amount=amount,
                                              annual_rate=Decimal("0.03"), by=who),
        "sign": lambda: bills.sign_discount("B1", rid, by=who),
        "cancel": lambda: bills.cancel_discount("B1", rid, by=who),
        "present": lambda: bills.present("B1", rid, explanation="held up", by=who),
        "pay": lambda: bills.pay("B1", rid, by=who),
        "refuse": lambda: bills.refuse_payment("B1", rid, reason="no funds", by=who),
        "recourse": lambda: bills.recourse("B1", rid, against=other, by=who,
                                           annual_rate=Decimal("0.03"), costs=Decimal(1)),
        "pay_recourse": lambda: bills.pay_recourse("B1", rid, by=who),
        "advance": lambda: bills.advance_to(later(bills.chain.today, days)),
    }
    rng = bills.bills["B1"].ranges[rid]
    entitled = {"sign": (rng.offer or {}).get("bank"), "pay": "bank_a", "refuse": "bank_a",
                "pay_recourse": rng.claim, "advance": who}.get(kind, rng.holder)
    before = bills.chain.state_bytes()
    try:
        calls[kind]()
    except ContractError:
        assert bills.chain.state_bytes() == before
        return
    assert who == entitled  # only the holder (or the bank, acceptor, party claimed) acts
    if kind == "recourse" and rng.late:
        assert other in ("buyer", "bank_a")  # the drawer or the acceptor, no endorser


def check_invariants(bills: BillRegistry) -> None:
    ranges = sorted(bills.bills["B1"].ranges.values(), key=lambda r: r.first)
    assert ranges[0].first == 1 and ranges[-1].last == UNITS
    assert all(a.last + 1 == b.first for a, b in zip(ranges, ranges[1:], strict=False))
    assert all(r.holder in PEOPLE for r in ranges)
    assert sum(r.amount for r in ranges) == FACE
    assert sum(bills.cash.values()) == bills.deposited
    assert all(balance >= 0 for balance in bills.cash.values())


@settings(max_examples=40, deadline=None)
@given(st.lists(STEP, min_size=10, max_size=40))
def test_bill_invariants_hold_whatever_happens(steps):
    bills = new_market()
    for step in expand(steps):
        attempt(bills, step)
        check_invariants(bills)
    assert bills.chain.validate()


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(PEOPLE[:3]), st.integers(1, UNITS)),
                min_size=1, max_size=12))
def test_a_unit_endorsed_away_cannot_be_endorsed_again_by_its_old_holder(moves):
    bills = new_market()
    for to, units in moves:
        ranges = bills.bills["B1"].ranges
        rid, rng = next(iter(sorted(ranges.items())))
        seller = rng.holder
        try:
            piece = bills.endorse("B1", rid, to=to, amount=Decimal(units) / 100, by=seller)
        except ContractError:
            continue
        before = bills.chain.state_bytes()
        try:
            bills.endorse("B1", piece, to=to, by=seller)  # the same units, sold again
            raise AssertionError("sold twice")
        except ContractError as refusal:
            assert refusal.rule == "bill.not_holder"
        assert bills.chain.state_bytes() == before
        check_invariants(bills)
