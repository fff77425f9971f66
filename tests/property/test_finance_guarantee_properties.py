"""Invariants of letters of guarantee (保函), checked with hypothesis.

Random members apply for, issue (with good or forged signatures), amend, claim under, pay,
reject, expire and cancel guarantees while the clock moves on. Whatever happens:
1. the claims paid never exceed the amount, and `paid` is exactly their sum;
2. every claim came from the beneficiary on or before the expiry date, one at a time;
3. the text the bank last signed verifies, and a changed text never does;
4. cash is conserved, and an expired or cancelled guarantee never changes again;
5. only the right party acts, and a refused step changes nothing (state bytes identical).
"""

from datetime import timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from ledgerkit.contracts import ContractError, canonical_bytes
from ledgerkit.crypto import KeyPair
from ledgerkit.finance.guarantee import GuaranteeDesk, sign_text

PEOPLE = ["bank", "other_bank", "seller", "buyer"]
PARTY = {"issue": "bank", "amend": "bank", "claim": "beneficiary", "pay": "bank",
         "reject": "bank", "expire": "bank"}
STORIES = {"honoured": ("apply", "issue", "claim", "pay"),
           "disputed": ("apply", "issue", "claim", "reject", "amend", "claim", "pay"),
           "lapsed": ("apply", "issue", "time", "time", "expire", "claim")}

STEP = st.tuples(
    st.sampled_from(["apply", "issue", "forge", "amend", "claim", "pay", "reject", "expire",
                     "cancel", "time", *STORIES]),
    st.one_of(st.just("<right>"), st.sampled_from(PEOPLE)),  # who acts
    st.integers(0, 9),  # which guarantee, and how much is claimed
    st.integers(1, 60),  # days
)


def text_of(gid: str, version: int) -> str:
    return f"Guarantee {gid}, version {version}: the bank pays the buyer on demand."


def expand(steps: list[tuple]) -> list[tuple]:
    """The steps with each story replaced by its steps."""
    out = []
    for kind, *rest in steps:
        first, *more = STORIES.get(kind, (kind,))
        out.append((first, *rest))
        out += [(then, "<right>", *rest[1:]) for then in more]
    return out


def attempt(desk: GuaranteeDesk, texts: dict[str, str], step: tuple) -> None:
    kind, who, index, days = step
    today = desk.chain.today
    ids = list(desk.guarantees)
    if who == "<right>":  # the newest guarantee still open, so that stories follow one
        ids = [i for i in ids if desk.guarantees[i].status not in ("EXPIRED", "CANCELLED")][-1:]
    g = desk.guarantees[ids[index % len(ids)]] if ids and kind != "apply" else None
    gid = g.id if g else f"G-{len(desk.guarantees) + 1}"
    if who == "<right>":
        role = "applicant" if kind == "cancel" and g and g.status == "APPLIED" else {
            "cancel": "beneficiary", "forge": "bank"}.get(kind, PARTY.get(kind))
        who = getattr(g, role) if g and role else "seller"
    version = len(desk.chain.events(name="amended", g=gid)) + 1
    amount = Decimal(10_000 * (index + 1))
    base_amount, base_expiry = (g.amount, g.expiry) if g else (Decimal(1), today)
    calls = {
        "apply": lambda: desk.apply(gid, bank="bank", beneficiary="buyer",
                                    amount=Decimal(50_000), expiry=today + timedelta(days=90),
                                    text=text_of(gid, 0), by=who),
        "issue": lambda: desk.issue_signed(gid, text_of(gid, 0), by=who),
        "forge": lambda: desk.issue(gid, signature=sign_text(KeyPair.from_seed("x"),
                                                             text_of(gid, 0)), by=who),
        "amend": lambda: desk.amend_signed(gid, base_amount + amount,
                                           base_expiry + timedelta(days),
                                           text_of(gid, version), by=who),
        "claim": lambda: desk.claim(gid, amount=amount, statement="breach", by=who),
        "pay": lambda: desk.pay_claim(gid, by=who),
        "reject": lambda: desk.reject_claim(gid, reason="no breach", by=who),
        "expire": lambda: desk.expire(gid, by=who),
        "cancel": lambda: desk.cancel(gid, by=who),
        "time": lambda: desk.advance_to(today + timedelta(days=days)),
    }
    before = desk.chain.state_bytes()
    try:
        calls[kind]()
    except ContractError:
        assert desk.chain.state_bytes() == before
        return
    assert kind != "forge"
    if g and kind in PARTY:
        assert who == getattr(g, PARTY[kind])
    if kind in ("issue", "amend"):
        texts[gid] = text_of(gid, 0 if kind == "issue" else version)


def check_invariants(desk: GuaranteeDesk, texts: dict[str, str],
                     final: dict[str, bytes]) -> None:
    assert sum(desk.cash.values()) == desk.deposited
    for g in desk.guarantees.values():
        assert g.paid <= g.amount
        assert g.paid == sum((c.amount for c in g.claims if c.status == "PAID"), Decimal(0))
        assert all(c.made <= g.expiry for c in g.claims)
        assert all(c.status != "PENDING" for c in g.claims[:-1])
        assert (g.status == "CLAIMED") == bool(g.claims and g.claims[-1].status == "PENDING")
        if g.id in texts:
            assert desk.verify_text(g.id, texts[g.id])
            assert not desk.verify_text(g.id, texts[g.id] + ".")
        if g.status in ("EXPIRED", "CANCELLED"):
            snapshot = canonical_bytes(g)
            assert final.setdefault(g.id, snapshot) == snapshot


@settings(max_examples=40, deadline=None)
@given(st.lists(STEP, min_size=5, max_size=25))
def test_guarantee_invariants_hold_whatever_happens(steps):
    desk = GuaranteeDesk()
    desk.deposit(Decimal(10_000_000), by="bank")
    texts: dict[str, str] = {}
    final: dict[str, bytes] = {}
    for step in expand(steps):
        attempt(desk, texts, step)
        check_invariants(desk, texts, final)
    assert desk.chain.validate()
