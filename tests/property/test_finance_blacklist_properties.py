"""Invariants of the shared credit blacklist (征信黑名单共享), checked with hypothesis.

Any sequence of reports, withdrawals, queries and days passing, by any lender:
1. a query returns exactly the entries a simple model says count today (listed, not
   withdrawn, not expired), and every accepted query adds exactly one audit event;
2. only the reporter ever withdraws an entry;
3. no raw ID number is ever on chain, and a refused call changes nothing.
"""

from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from ledgerkit.contracts import ContractError, canonical_bytes
from ledgerkit.finance.blacklist import SharedBlacklist, with_check_digit

PEOPLE = [with_check_digit(f"3201021985{n:07d}") for n in range(4)]
LENDERS = ["bank_a", "bank_b", "lender_c"]
REASONS = ["overdue_90", "fraud"]

steps = st.lists(st.one_of(
    st.tuples(st.just("report"), st.sampled_from(LENDERS), st.sampled_from(PEOPLE),
              st.sampled_from([*REASONS, *REASONS, "bad"]), st.integers(min_value=-1,
                                                                        max_value=40)),
    # None: the entry's own reporter withdraws; else that lender tries
    st.tuples(st.just("withdraw"), st.sampled_from([None, None, *LENDERS]), st.integers(1, 4)),
    st.tuples(st.just("query"), st.sampled_from(LENDERS), st.sampled_from(PEOPLE),
              st.sampled_from(["AUTH-1", "AUTH-2", ""])),
    st.tuples(st.just("advance"), st.integers(min_value=0, max_value=15)),
), max_size=25)


@settings(deadline=None, max_examples=40)
@given(plan=steps)
def test_queries_match_the_model_audits_are_complete_and_refusals_change_nothing(plan):
    blacklist = SharedBlacklist()
    model: dict[int, dict] = {}  # entry -> person, reporter, expires, withdrawn
    plan = [("report", "bank_a", PEOPLE[0], "overdue_90", 10),
            ("report", "bank_b", PEOPLE[1], "fraud", 30),
            ("report", "lender_c", PEOPLE[0], "fraud", 5), *plan]
    for step in plan:
        before, today = blacklist.state_bytes(), blacklist.chain.today
        audits = len(blacklist.audit_log())
        try:
            if step[0] == "report":
                _, lender, person, reason, days = step
                entry = blacklist.report(person, reason, today + timedelta(days=days), by=lender)
                model[entry] = {"person": person, "reporter": lender, "reason": reason,
                                "expires": today + timedelta(days=days), "withdrawn": False}
            elif step[0] == "withdraw":
                who = step[1] or model.get(step[2], {}).get("reporter", "bank_a")
                blacklist.withdraw(step[2], by=who)
                assert model[step[2]]["reporter"] == who
                model[step[2]]["withdrawn"] = True
            elif step[0] == "query":
                hits = blacklist.query(step[2], "loan_approval", step[3], by=step[1])
                expected = [n for n, e in model.items() if e["person"] == step[2]
                            and not e["withdrawn"] and today <= e["expires"]]
                assert [hit["entry"] for hit in hits] == expected
                assert len(blacklist.audit_log()) == audits + 1
                assert blacklist.audit_log()[-1]["who"] == step[1]
            else:
                blacklist.advance_to(today + timedelta(days=step[1]))
        except ContractError:
            assert blacklist.state_bytes() == before
            assert len(blacklist.audit_log()) == audits
    on_chain = (blacklist.state_bytes() + canonical_bytes(blacklist.chain.events())
                + b"".join(c.serialize() for b in blacklist.chain.blocks for c in b.calls))
    assert not any(person.encode() in on_chain for person in PEOPLE)
