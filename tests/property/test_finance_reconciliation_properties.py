"""Invariants of reconciliation (对账), checked with hypothesis.

1. A book reconciled with itself, in any order, has no mismatch.
2. Every mismatch injected into a copy of the chain's rows is found, once, with the right kind.
3. On the chain, whatever the institutions do: each one's own chain rows reconcile cleanly,
   the two sides' net positions are opposite, every settlement pays exactly the net, and every
   refused call changes nothing.
"""

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from ledgerkit.contracts import ContractError
from ledgerkit.finance.reconciliation import ReconciliationPlatform, net_positions, reconcile

BANKS = ["webank", "bank_b", "bank_c"]
KINDS = ["book_only", "chain_only", "amount", "status", "counterparty", "date", "duplicate"]

amounts = st.integers(min_value=-10**9, max_value=10**9).filter(bool).map(
    lambda n: Decimal(n) / 100)
rows = st.lists(st.fixed_dictionaries({
    "counterparty": st.sampled_from(BANKS[1:]),
    "amount": amounts,
    "status": st.sampled_from(["pending", "confirmed", "cancelled", "settled"]),
    "date": st.integers(min_value=0, max_value=30).map(
        lambda n: date(2025, 1, 1) + timedelta(days=n)),
}), max_size=30).map(lambda found: [{"ref": f"T{i:03d}", **r} for i, r in enumerate(found)])


@settings(deadline=None, max_examples=100)
@given(book=rows, order=st.randoms(use_true_random=False))
def test_a_book_reconciled_with_itself_has_no_mismatch(book, order):
    shuffled = list(book)
    order.shuffle(shuffled)
    report = reconcile(book, shuffled)
    assert report.ok and report.matched == len(book)
    assert report.net_positions == net_positions(book)


def inject(kind: str, row: dict, book: list, chain: list) -> None:
    """Change the book (or the chain rows) so that `row` shows exactly one mismatch."""
    changed = {"amount": {"amount": row["amount"] * 2},
               "status": {"status": "pending" if row["status"] != "pending" else "settled"},
               "counterparty": {"counterparty": "bank_x"},
               "date": {"date": row["date"] + timedelta(days=1)}}
    if kind == "book_only":
        chain.remove(row)
    elif kind == "chain_only":
        book.remove(row)
    elif kind == "duplicate":
        book.append(dict(row))
    else:
        book[book.index(row)] = {**row, **changed[kind]}


@settings(deadline=None, max_examples=150)
@given(chain=rows.filter(bool), data=st.data())
def test_every_injected_mismatch_is_found_and_classified(chain, data):
    book = [dict(r) for r in chain]
    targets = data.draw(st.lists(st.sampled_from(range(len(chain))), unique=True, min_size=1))
    injected, count = set(), len(chain)
    for row in [chain[index] for index in targets]:
        kind = data.draw(st.sampled_from(KINDS))
        inject(kind, row, book, chain)
        injected.add((kind, row["ref"]))
    report = reconcile(book, chain)
    assert sorted((m.kind, m.ref) for m in report.mismatches) == sorted(injected)
    assert report.matched == count - len(targets)


steps = st.lists(st.one_of(
    st.tuples(st.just("record"), st.sampled_from(BANKS), st.sampled_from(BANKS),
              st.integers(min_value=-1, max_value=10**6), st.integers(0, 5)),
    # None: the rightful party (payee confirms, payer cancels) acts; else that bank tries
    st.tuples(st.just("confirm"), st.sampled_from([None, None, *BANKS]), st.integers(0, 5)),
    st.tuples(st.just("cancel"), st.sampled_from([None, *BANKS]), st.integers(0, 5)),
    st.tuples(st.just("settle"), st.sampled_from(BANKS), st.sampled_from(BANKS)),
    st.tuples(st.just("advance")),
), max_size=25)


@settings(deadline=None, max_examples=40)
@given(plan=steps)
def test_on_chain_books_agree_positions_are_opposite_and_refusals_change_nothing(plan):
    platform = ReconciliationPlatform()
    for ref, payer, payee in [("T0", "webank", "bank_b"), ("T1", "bank_b", "webank"),
                              ("T2", "bank_c", "webank")]:
        platform.record(ref, payee, Decimal("100.00"), by=payer)
    for step in plan:
        before = platform.state_bytes()
        try:
            if step[0] == "record":
                platform.record(f"T{step[4]}", step[2], Decimal(step[3]) / 100, by=step[1])
            elif step[0] in ("confirm", "cancel"):
                deal = platform.contract.transactions.get(f"T{step[2]}", {})
                who = step[1] or deal.get("payee" if step[0] == "confirm" else "payer", "webank")
                getattr(platform, step[0])(f"T{step[2]}", by=who)
            elif step[0] == "settle":
                settle_and_check(platform, step[1], step[2])
            else:
                platform.advance()
        except ContractError:
            assert platform.state_bytes() == before
    for bank in BANKS:
        own = platform.chain_rows(bank)
        assert reconcile(own, own).ok
        for other in BANKS:
            mine = net_positions(own).get(other, Decimal(0))
            theirs = net_positions(platform.chain_rows(other)).get(bank, Decimal(0))
            assert mine == -theirs
            if mine or any(r["counterparty"] == other and r["status"] == "confirmed"
                           for r in own):
                settle_and_check(platform, bank, other)
    assert not any(r["status"] == "confirmed" for r in platform.contract.transactions.values())


def settle_and_check(platform: ReconciliationPlatform, me: str, other: str) -> None:
    owed = net_positions(platform.chain_rows(me)).get(other)
    settlement = platform.settle(other, by=me)
    assert settlement["amount"] == abs(owed)
    assert settlement["payer"] == (other if owed > 0 else me)
