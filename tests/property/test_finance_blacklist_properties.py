"""Invariants of the shared credit blacklist (征信黑名单共享), checked with hypothesis.

Any sequence of reports, repayments, corrections, deletions, queries and days passing, by
any lender:
1. a query returns exactly the entries a simple model says are kept today: not corrected,
   and either still ongoing or ended at most five years ago (征信业管理条例 Art. 16), and
   every accepted query adds exactly one audit event;
2. only the reporter ever records a repayment or corrects an entry, and a repayment never
   removes an entry before its five years have run;
3. no raw ID number is ever on chain, and a refused call changes nothing.
"""

from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from ledgerkit.contracts import ContractError, canonical_bytes
from ledgerkit.finance.blacklist import SharedBlacklist, kept_until, with_check_digit

PEOPLE = [with_check_digit(f"3201021985{n:07d}") for n in range(4)]
LENDERS = ["bank_a", "bank_b", "lender_c"]
REASONS = ["overdue_90", "fraud"]

steps = st.lists(st.one_of(
    # days: None for an ongoing behaviour, else how many days ago it ended
    st.tuples(st.just("report"), st.sampled_from(LENDERS), st.sampled_from(PEOPLE),
              st.sampled_from([*REASONS, *REASONS, "bad"]),
              st.one_of(st.none(), st.integers(min_value=-1, max_value=2000))),
    # None: the entry's own reporter acts; else that lender tries
    st.tuples(st.just("repaid"), st.sampled_from([None, None, *LENDERS]), st.integers(1, 5)),
    st.tuples(st.just("correct"), st.sampled_from([None, None, *LENDERS]), st.integers(1, 5),
              st.sampled_from(["OBJ-1", ""])),
    st.tuples(st.just("delete"),),
    st.tuples(st.just("query"), st.sampled_from(LENDERS), st.sampled_from(PEOPLE),
              st.sampled_from(["AUTH-1", "AUTH-2", ""])),
    st.tuples(st.just("advance"), st.sampled_from([0, 1, 30, 365, 900, 1826])),
), max_size=25)


def kept(entry: dict, today) -> bool:
    return not entry["corrected"] and (entry["ended"] is None
                                       or today <= kept_until(entry["ended"]))


@settings(deadline=None, max_examples=40)
@given(plan=steps)
def test_queries_match_the_model_audits_are_complete_and_refusals_change_nothing(plan):
    blacklist = SharedBlacklist()
    model: dict[int, dict] = {}  # entry -> person, reporter, ended, corrected
    plan = [("report", "bank_a", PEOPLE[0], "overdue_90", None),
            ("report", "bank_b", PEOPLE[1], "fraud", 30),
            ("report", "lender_c", PEOPLE[0], "fraud", None), *plan]
    for step in plan:
        before, today = blacklist.state_bytes(), blacklist.chain.today
        audits = len(blacklist.audit_log())
        try:
            if step[0] == "report":
                _, lender, person, reason, days = step
                ended = None if days is None else today - timedelta(days=days)
                entry = blacklist.report(person, reason, ended, by=lender)
                model[entry] = {"person": person, "reporter": lender, "ended": ended,
                                "corrected": False}
            elif step[0] in ("repaid", "correct"):
                who = step[1] or model.get(step[2], {}).get("reporter", "bank_a")
                if step[0] == "repaid":
                    blacklist.repaid(step[2], by=who)
                    model[step[2]]["ended"] = today
                else:
                    blacklist.correct(step[2], step[3], by=who)
                    model[step[2]]["corrected"] = True
                assert model[step[2]]["reporter"] == who
            elif step[0] == "delete":
                gone = blacklist.delete_expired()
                assert all(not kept(model[n], today) and not model[n]["corrected"]
                           for n in gone)
                for number in gone:
                    model[number]["corrected"] = True  # gone for good
            elif step[0] == "query":
                hits = blacklist.query(step[2], "loan_approval", step[3], by=step[1])
                expected = [n for n, e in model.items() if e["person"] == step[2]
                            and kept(e, today)]
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
