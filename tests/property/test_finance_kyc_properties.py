"""Invariants of the consent-based KYC registry (客户身份信息共享), checked with hypothesis.

Random members attest, grant, revoke and reuse while the clock moves on. Whatever happens:
1. a reuse succeeds only under a consent that names that bank and purpose, was not revoked
   and had not expired on that day;
2. every successful reuse is in the access log, exactly once, and nothing else is;
3. a refused call changes nothing (state bytes identical);
4. no raw ID number ever reaches the chain.
"""

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from ledgerkit.contracts import ContractError
from ledgerkit.finance.blacklist import with_check_digit
from ledgerkit.finance.kyc import LEVELS, PURPOSES, RISKS, KYCDesk, commitment

PEOPLE = {"customer_li": "11010519491231002X",
          "customer_wang": with_check_digit("44030619880512123")}
SUBJECTS = {who: commitment(number, who, bytes([len(who)]) * 32) for who, number in
            PEOPLE.items()}
MEMBERS = ["bank_a", "bank_b", "bank_c", "bank_d", "customer_li", "customer_wang"]
BANKS = MEMBERS[:4]
STEP = st.tuples(st.sampled_from(["attest", "grant", "revoke", "reuse", "time", "story"]),
                 st.sampled_from(MEMBERS), st.sampled_from(sorted(PEOPLE)),
                 st.sampled_from(MEMBERS), st.sampled_from(sorted(PURPOSES)),
                 st.sampled_from(sorted(RISKS)), st.integers(0, 40))


def expand(steps: list[tuple]) -> list[tuple]:
    """A "story" becomes the lawful path: a bank attests, the customer consents to another
    bank, which reuses at low risk; random steps around it try everything else."""
    out = []
    for kind, by, person, other, purpose, risk, n in steps:
        if kind != "story":
            out.append((kind, by, person, other, purpose, risk, n))
            continue
        first, second = BANKS[n % 4], BANKS[(n + 1) % 4]
        out += [("attest", first, person, other, purpose, risk, n),
                ("grant", person, person, second, purpose, risk, 30)]
        if n % 3 == 0:  # the customer changes their mind: the newest consent is withdrawn
            out.append(("revoke", person, person, other, purpose, risk, -1))
        out.append(("reuse", second, person, other, purpose, "low", n))
    return out


def attempt(desk: KYCDesk, step: tuple) -> tuple[str, dict] | None:
    kind, by, person, other, purpose, risk, n = step
    subject = SUBJECTS[person]
    today = desk.chain.today
    if kind == "time":
        desk.advance_to(today + timedelta(days=n))
        return None
    if kind == "attest":
        desk.attest(subject, customer=person, level=sorted(LEVELS)[n % 2], by=by)
    elif kind == "grant":
        desk.grant(subject, to=other, purpose=purpose, expires=today + timedelta(days=n - 5),
                   by=by)
    elif kind == "revoke":
        desk.revoke(desk.last_consent if n < 0 else n % 6, by=by)
    else:
        return "reuse", {"who": by, "on": today, "purpose": purpose, "subject": subject.hex(),
                         "result": desk.reuse(subject, purpose=purpose, risk=risk, by=by)}
    return None


@settings(max_examples=60, deadline=None)
@given(st.lists(STEP, min_size=1, max_size=30))
def test_reuse_needs_a_live_matching_consent_and_is_logged_once(steps):
    desk = KYCDesk(start=date(2025, 3, 3))
    reuses = []
    for step in expand(steps):
        before = desk.chain.state_bytes()
        consents_before = {k: dict(v) for k, v in desk.consents.items()}
        try:
            done = attempt(desk, step)
        except ContractError:
            assert desk.chain.state_bytes() == before
            continue
        if done:
            _, row = done
            used = consents_before[row["result"]["consent"]]
            assert (used["to"], used["purpose"], used["subject"]) == (
                row["who"], row["purpose"], row["subject"])
            assert used["revoked_on"] is None and row["on"] <= used["expires"]
            assert row["result"]["verified_by"] != row["who"]
            reuses.append(row)
    logged = [(e["who"], e["on"], e["purpose"], e["subject"])
              for e in desk.chain.events(name="kyc_reused")]
    assert logged == [(r["who"], r["on"], r["purpose"], r["subject"]) for r in reuses]
    state = desk.chain.state_bytes()
    assert not any(number.encode() in state for number in PEOPLE.values())
