"""Invariants of factoring (保理) and forfaiting (福费廷), checked with hypothesis.

Random members assign invoices (often the same invoice again) on random terms — interest
rate, with or without recourse, disclosed or not, forward or reverse — register L/C
receivables, draw advances, confirm, forfait, pay, pass payments on, notify debtors, claim
recourse and change credit lines, while the clock moves on. Whatever happens:
1. no receivable is financed twice: each key is registered once and advanced or forfaited at
   most once, however the invoice is re-submitted and to whichever financier;
2. what each line holder (the seller, or the buyer in reverse factoring) has drawn at each
   factor never exceeds its credit line;
3. cash is conserved, and a settled factoring pays the seller exactly invoice − fee −
   interest on the advance; a recourse claim takes back exactly advance + interest, and only
   with recourse; reverse factoring advances only after the buyer confirmed, and is never
   undisclosed; an undisclosed debtor pays the seller, a notified one the factor;
4. only the right party acts, and a refused step changes nothing (state bytes identical).
"""

from collections import Counter
from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from ledgerkit.contracts import ContractError
from ledgerkit.finance.factoring import FactoringDesk

PEOPLE = ["seller", "buyer", "factor", "bank", "issuing_bank", "forfaiter"]
REFS = ["INV-1", "inv-1 ", "INV-2", "LC-1"]
AMOUNTS = [Decimal(1000), Decimal("1000.00"), Decimal("2500.50")]
NEEDS = {"advance": ("ASSIGNED",), "confirm": ("PRESENTED", "ASSIGNED"),
         "forfait": ("CONFIRMED",), "pay": ("FINANCED",), "recourse": ("FINANCED",),
         "remit": ("COLLECTED",), "notify": ("FINANCED",)}
PARTY = {"advance": "financier", "confirm": "debtor", "forfait": "financier", "pay": "debtor",
         "recourse": "financier", "remit": "creditor", "notify": "financier"}

# Stories of several steps, so that whole lifecycles happen often (later steps by the right
# party on a receivable in the right state).
STORIES = {"factoring": ("assign", "advance", "pay", "remit"),
           "reverse": ("assign", "confirm", "advance", "pay", "remit"),
           "default": ("assign", "advance", "time", "time", "recourse"),
           "notified": ("assign", "advance", "notify", "pay"),
           "forfaiting": ("register", "confirm", "forfait")}
TERMS = st.tuples(st.sampled_from([Decimal(0), Decimal("0.036"), Decimal("0.08")]),
                  st.booleans(), st.booleans(), st.booleans())  # rate, recourse, disclosed, reverse

STEP = st.tuples(
    st.sampled_from(["assign", "register", "advance", "confirm", "forfait", "pay", "recourse",
                     "remit", "notify", "line", "time", *STORIES]),
    st.one_of(st.just("<right>"), st.sampled_from(PEOPLE)),  # who acts
    st.integers(0, 20),  # which receivable, ref or amount
    st.sampled_from(["factor", "bank"]),  # the factor named
    st.sampled_from([Decimal(r) for r in ("0.65", "0.7", "0.8", "0.9", "0.95", "0.99")]),
    st.integers(1, 40),  # days, or the line in thousands
    TERMS,
)


def expand(steps: list[tuple]) -> list[tuple]:
    """The steps with each story replaced by its steps."""
    out = []
    for kind, *rest in steps:
        first, *more = STORIES.get(kind, (kind,))
        out.append((first, *rest))
        out += [(then, "<right>", 0, *rest[2:]) for then in more]
    return out


def new_desk() -> FactoringDesk:
    desk = FactoringDesk()
    for name in PEOPLE:
        desk.deposit(Decimal(20_000), by=name)
    desk.grant_line("seller", limit=Decimal(3000), by="factor")
    desk.grant_line("buyer", limit=Decimal(3000), by="factor")  # for reverse factoring
    return desk


def attempt(desk: FactoringDesk, step: tuple) -> None:
    kind, who, index, factor, rate, number, (interest, recourse, disclosed, reverse) = step
    keys = sorted(desk.receivables)
    if who == "<right>" and kind in NEEDS:  # a receivable in the state the step needs
        keys = [k for k in keys if desk.receivables[k].status in NEEDS[kind]] or keys
    key = keys[index % len(keys)] if keys else "00"
    item = desk.receivables.get(key)
    if who == "<right>":
        who = getattr(item, PARTY[kind]) if item and kind in PARTY else {
            "line": factor, "time": "seller"}.get(kind, "seller")
    ref, amount = REFS[index % len(REFS)], AMOUNTS[index % len(AMOUNTS)]
    due = date.fromordinal(desk.chain.today.toordinal() + 30)
    calls = {
        "assign": lambda: desk.assign(ref, debtor="buyer", amount=amount, due=due,
                                      factor=factor, advance_rate=rate,
                                      fee_rate=Decimal("0.02"), annual_rate=interest,
                                      recourse=recourse, disclosed=disclosed,
                                      reverse=reverse, by=who),
        "register": lambda: desk.register_lc_receivable(
            ref, issuing_bank="issuing_bank", amount=amount, maturity=due,
            forfaiter="forfaiter", annual_rate=Decimal("0.04"), by=who),
        "advance": lambda: desk.advance(key, by=who),
        "confirm": lambda: desk.confirm(key, by=who),
        "forfait": lambda: desk.forfait(key, by=who),
        "pay": lambda: desk.pay(key, by=who),
        "recourse": lambda: desk.recourse(key, by=who),
        "remit": lambda: desk.remit(key, by=who),
        "notify": lambda: desk.notify(key, by=who),
        "line": lambda: desk.grant_line("seller", limit=Decimal(number * 1000), by=who),
        "time": lambda: desk.advance_to(date.fromordinal(desk.chain.today.toordinal() + number)),
    }
    before = desk.chain.state_bytes()
    cash = dict(desk.cash)
    try:
        calls[kind]()
    except ContractError:
        assert desk.chain.state_bytes() == before
        return
    if kind in PARTY:
        assert who == getattr(item, PARTY[kind])
    item = desk.receivables.get(key)  # as the step left it
    if kind == "advance" and item.kind == "factoring":
        assert item.confirmed or not item.reverse
    if kind == "pay" and item.kind == "factoring":  # the debtor pays whom it was told of
        payee = item.financier if item.disclosed else item.creditor
        assert desk.balance(payee) > cash.get(payee, 0) or payee == item.creditor
        assert item.status == ("SETTLED" if item.disclosed else "COLLECTED")
    if kind == "recourse":
        assert item.recourse and item.kind == "factoring"
        assert cash[item.creditor] - desk.balance(item.creditor) == item.advance + item.interest


def check_invariants(desk: FactoringDesk) -> None:
    assert sum(desk.cash.values()) == desk.deposited
    assert all(balance >= 0 for balance in desk.cash.values())
    for factor in ("factor", "bank"):
        for holder in ("seller", "buyer"):
            assert desk.drawn(factor, holder) <= desk.line(factor, holder)
    financed = Counter(e["key"] for e in desk.chain.events(contract="ReceivablesFinance")
                       if e.name in ("advanced", "forfaited"))
    assert all(count == 1 for count in financed.values())
    registered = [(r.ref.strip().upper(), r.debtor, r.amount) for r in desk.receivables.values()]
    assert len(registered) == len(set(registered))
    for item in desk.receivables.values():
        assert item.advance <= item.amount
        assert item.disclosed or not item.reverse
        if item.kind == "factoring" and item.status == "SETTLED":
            received = sum(e["advance"] if e.name == "advanced" else e["returned"]
                           for e in desk.chain.events(key=item.key)
                           if e.name in ("advanced", "paid", "remitted"))
            assert received == item.amount - item.fee - item.interest


@settings(max_examples=30, deadline=None)
@given(st.lists(STEP, min_size=5, max_size=30))
def test_factoring_invariants_hold_whatever_happens(steps):
    desk = new_desk()
    for step in expand(steps):
        attempt(desk, step)
        check_invariants(desk)
    assert desk.chain.validate()
