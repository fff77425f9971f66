"""ledgerkit.finance.blacklist: a shared credit blacklist (征信黑名单共享) keyed by salted hashes.

A licensed credit-reporting agency runs the list, three lenders report and query, the PBoC
audits. Negative records are kept five years from the end of the bad behaviour (征信业管理条例
Art. 16): repayment starts that clock, it does not delete the entry. The ID numbers are
fictional, completed with the GB 11643 check digit.
"""

from datetime import date
from decimal import Decimal

import pytest

from ledgerkit.contracts import ContractError, PermissionDenied, canonical_bytes
from ledgerkit.design import MISTAKE, ChainDesign
from ledgerkit.errors import InputError
from ledgerkit.finance.blacklist import (
    DEFAULT_SALT,
    CreditBlacklist,
    SharedBlacklist,
    default_members,
    kept_until,
    subject_key,
    with_check_digit,
)

ZHANG = with_check_digit("11010519491231002")  # '11010519491231002X', the standard's example
LI = with_check_digit("44030419900101123")
START = date(2025, 1, 1)
REPAID = date(2025, 3, 3)


def refused(blacklist: SharedBlacklist, attempt, rule: str) -> ContractError:
    before = blacklist.state_bytes()
    with pytest.raises(ContractError) as caught:
        attempt()
    assert caught.value.rule == rule
    assert blacklist.state_bytes() == before
    return caught.value


def listed() -> SharedBlacklist:
    blacklist = SharedBlacklist()
    blacklist.report(ZHANG, "overdue_90", by="bank_a")
    return blacklist


def everything_on_chain(blacklist: SharedBlacklist) -> bytes:
    calls = b"".join(call.serialize() for block in blacklist.chain.blocks for call in block.calls)
    audit = canonical_bytes(blacklist.chain.audit_trail(by="pboc"))
    return (blacklist.state_bytes() + canonical_bytes(blacklist.chain.events()) + calls + audit)


# --- the subject key -------------------------------------------------------------------------
def test_the_check_digit_follows_gb_11643():
    assert ZHANG == "11010519491231002X"
    assert with_check_digit("44052418800101001") == "440524188001010014"


def test_the_subject_key_is_sha256_of_salt_and_id():
    from ledgerkit.crypto import sha256
    assert subject_key(ZHANG) == sha256(DEFAULT_SALT + ZHANG.encode())
    assert subject_key(" 11010519491231002x ") == subject_key(ZHANG)
    assert subject_key(ZHANG, salt=b"another consortium") != subject_key(ZHANG)


@pytest.mark.parametrize("bad", ["11010519491231002", "110105194912310021", "1101051949123100X2",
                                 "１１010519491231002X", 11010519491231002, ""])
def test_anything_but_a_valid_id_number_is_refused_before_the_chain(bad):
    blacklist = listed()
    before = blacklist.state_bytes()
    with pytest.raises(InputError) as caught:
        blacklist.report(bad, "fraud", by="bank_b")
    assert caught.value.key == "blacklist.bad_id"
    assert "校验码正确的 18 位居民身份证号码" in caught.value.in_language("zh")
    assert blacklist.state_bytes() == before


# --- the raw ID never reaches the chain ------------------------------------------------------
def test_the_raw_id_appears_nowhere_on_chain_not_even_in_queries():
    blacklist = listed()
    blacklist.query(ZHANG, "loan_approval", "AUTH-2025-001", by="bank_b")
    blacklist.query(LI, "credit_card", "AUTH-2025-002", by="lender_c")
    on_chain = everything_on_chain(blacklist)
    for person in (ZHANG, LI):
        assert person.encode() not in on_chain and person[:17].encode() not in on_chain
        assert subject_key(person).hex().encode() in on_chain
    assert DEFAULT_SALT not in on_chain and DEFAULT_SALT.hex().encode() not in on_chain


def test_an_entry_holds_the_key_reporter_reason_and_dates_never_an_expiry_of_choice():
    assert listed().contract.entries == {1: {
        "subject": subject_key(ZHANG), "reporter": "bank_a", "reason": "overdue_90",
        "listed_on": START, "ended_on": None, "status": "listed"}}


# --- five years from the end of the bad behaviour (征信业管理条例 Art. 16) ---------------------
def hits(blacklist: SharedBlacklist, who: str = "bank_b") -> list[dict]:
    return blacklist.query(ZHANG, "loan_approval", "AUTH-1", by=who)


def test_an_unpaid_debt_stays_listed_however_long_it_lasts():
    blacklist = listed()
    blacklist.advance_to(date(2033, 6, 1))  # eight years on, still unpaid
    assert [(h["entry"], h["status"], h["kept_until"]) for h in hits(blacklist)] == [
        (1, "ongoing", None)]


def test_repayment_keeps_the_entry_marked_as_ended_it_does_not_delete_it():
    blacklist = listed()
    blacklist.advance_to(REPAID)
    blacklist.repaid(1, by="bank_a")
    assert blacklist.contract.entries[1]["ended_on"] == REPAID
    assert blacklist.contract.entries[1]["status"] == "listed"
    assert hits(blacklist) == [{"entry": 1, "reporter": "bank_a", "reason": "overdue_90",
                                "listed_on": START, "ended_on": REPAID, "status": "ended",
                                "kept_until": date(2030, 3, 3)}]
    assert blacklist.chain.events(name="ended")[0]["kept_until"] == date(2030, 3, 3)


def test_a_repaid_entry_is_visible_through_five_years_after_the_end_and_gone_the_next_day():
    blacklist = listed()
    blacklist.advance_to(REPAID)
    blacklist.repaid(1, by="bank_a")
    blacklist.advance_to(date(2030, 3, 3))
    assert [h["entry"] for h in hits(blacklist)] == [1]
    assert blacklist.delete_expired() == []  # not yet
    blacklist.advance_to(date(2030, 3, 4))
    assert hits(blacklist) == []
    assert [entry["hits"] for entry in blacklist.audit_log()] == [1, 0]


def test_the_agency_deletes_expired_entries_from_the_state():
    blacklist = listed()
    blacklist.report(ZHANG, "fraud", by="lender_c")
    blacklist.repaid(1, REPAID - (REPAID - START), by="bank_a")  # repaid on the listing day
    blacklist.advance_to(date(2030, 1, 2))
    assert blacklist.delete_expired() == [1]
    assert list(blacklist.contract.entries) == [2]
    assert blacklist.chain.events(name="deleted")[0]["entries"] == [1]
    assert blacklist.report(ZHANG, "overdue_90", by="bank_a") == 3  # numbers never reused
    with pytest.raises(PermissionDenied):
        blacklist.contract.delete_expired(by="bank_a")


def test_the_repayment_day_may_be_given_but_not_before_listing_nor_in_the_future():
    blacklist = listed()
    blacklist.advance_to(date(2025, 6, 30))
    for bad in (date(2024, 12, 31), date(2025, 7, 1), "2025-03-03"):
        error = refused(blacklist, lambda bad=bad: blacklist.repaid(1, bad, by="bank_a"),
                        "blacklist.bad_repaid_day")
        assert "列入名单之日（2025-01-01）至今天（2025-06-30）" in error.in_language("zh")
    blacklist.repaid(1, REPAID, by="bank_a")
    assert hits(blacklist)[0]["kept_until"] == date(2030, 3, 3)


def test_only_the_reporter_records_the_repayment_and_only_once():
    blacklist = listed()
    error = refused(blacklist, lambda: blacklist.repaid(1, by="bank_b"), "blacklist.not_reporter")
    assert "只有报送方 bank_a 能记录终止条目 1；bank_b 不能" in error.in_language("zh")
    blacklist.repaid(1, by="bank_a")
    error = refused(blacklist, lambda: blacklist.repaid(1, by="bank_a"), "blacklist.already_ended")
    assert "保留至 2030-01-01" in error.in_language("zh")
    refused(blacklist, lambda: blacklist.repaid(7, by="bank_a"), "blacklist.unknown_entry")


def test_a_behaviour_that_already_ended_is_kept_five_years_from_its_end():
    blacklist = listed()
    assert blacklist.report(LI, "fraud", date(2021, 6, 1), by="bank_b") == 2
    assert blacklist.query(LI, "loan_approval", "A-1", by="lender_c")[0]["kept_until"] == date(
        2026, 6, 1)
    error = refused(blacklist, lambda: blacklist.report(LI, "overdue_90", date(2019, 12, 31),
                                                        by="bank_b"),
                    "blacklist.past_retention")
    assert "只能保存到五年后的 2024-12-31" in error.in_language("zh")
    refused(blacklist, lambda: blacklist.report(LI, "overdue_90", date(2025, 1, 2), by="bank_b"),
            "blacklist.bad_end")
    assert blacklist.report(LI, "overdue_90", date(2020, 1, 1), by="bank_b") == 3  # last day


def test_five_years_from_a_leap_day_end_on_the_28th_of_february():
    assert kept_until(date(2028, 2, 29)) == date(2033, 2, 28)
    assert kept_until(date(2025, 12, 31)) == date(2030, 12, 31)


# --- only a wrong entry leaves early (征信业管理条例 Art. 25) -----------------------------------
def test_only_the_reporter_corrects_a_wrong_entry_after_an_objection():
    blacklist = listed()
    error = refused(blacklist, lambda: blacklist.correct(1, "OBJ-2025-001", by="bank_b"),
                    "blacklist.not_reporter")
    assert "只有报送方 bank_a 能更正条目 1；bank_b 不能" in error.in_language("zh")
    for missing in ("", "  ", None):
        error = refused(blacklist, lambda m=missing: blacklist.correct(1, m, by="bank_a"),
                        "blacklist.no_objection")
        assert "欠款还清不等于信息错误" in error.in_language("zh")
    blacklist.correct(1, "OBJ-2025-001", by="bank_a")
    assert blacklist.contract.entries[1]["status"] == "corrected"
    assert hits(blacklist) == []
    refused(blacklist, lambda: blacklist.correct(1, "OBJ-2025-002", by="bank_a"),
            "blacklist.corrected")
    refused(blacklist, lambda: blacklist.repaid(1, by="bank_a"), "blacklist.corrected")


def test_there_is_no_withdrawal_on_repayment_any_more():
    assert not hasattr(SharedBlacklist, "withdraw")
    assert "withdraw" not in CreditBlacklist.actions()


# --- queries and their audit trail -----------------------------------------------------------
def test_a_query_finds_the_entries_and_leaves_an_audit_event():
    blacklist = listed()
    blacklist.report(ZHANG, "fraud", by="lender_c")
    found = hits(blacklist)
    assert [(h["entry"], h["reporter"], h["reason"]) for h in found] == [
        (1, "bank_a", "overdue_90"), (2, "lender_c", "fraud")]
    assert blacklist.audit_log() == [{"who": "bank_b", "on": START, "purpose": "loan_approval",
                                      "consent_ref": "AUTH-1", "subject": subject_key(ZHANG).hex(),
                                      "hits": 2}]


def test_a_query_without_hits_is_audited_too():
    blacklist = listed()
    assert blacklist.query(LI, "post_loan", "AUTH-10", by="bank_a") == []
    assert blacklist.audit_log()[0]["hits"] == 0
    assert blacklist.chain.events(name="queried")[0].sender == "bank_a"


@pytest.mark.parametrize(("purpose", "consent", "rule", "zh"), [
    ("marketing", "AUTH-1", "blacklist.bad_purpose", "未知查询用途"),
    ("loan_approval", "", "blacklist.no_consent", "查询需要本人书面授权"),
    ("loan_approval", "   ", "blacklist.no_consent", "第十八条"),
])
def test_a_query_needs_a_known_purpose_and_a_consent_reference(purpose, consent, rule, zh):
    blacklist = listed()
    error = refused(blacklist, lambda: blacklist.query(ZHANG, purpose, consent, by="bank_b"),
                    rule)
    assert zh in error.in_language("zh")
    assert blacklist.audit_log() == []


def test_the_pboc_audits_but_does_not_query_nor_report():
    blacklist = listed()
    for attempt in (lambda: blacklist.query(ZHANG, "loan_approval", "AUTH-1", by="pboc"),
                    lambda: blacklist.report(LI, "fraud", by="pboc")):
        with pytest.raises(PermissionDenied):
            attempt()
    assert blacklist.chain.read("CreditBlacklist", by="pboc").entries[1]["status"] == "listed"


@pytest.mark.parametrize("subject", ["some text", b"too short", Decimal(1), None])
def test_the_contract_takes_only_32_byte_keys(subject):
    blacklist = listed()
    error = refused(blacklist, lambda: blacklist.contract.query(subject, "loan_approval", "A",
                                                                by="bank_b"),
                    "blacklist.not_hashed")
    assert "绝不能是身份证号本身" in error.in_language("zh")
    refused(blacklist, lambda: blacklist.contract.report(subject, "fraud", by="bank_b"),
            "blacklist.not_hashed")


# --- reporting ---------------------------------------------------------------------------------
def test_the_same_ongoing_listing_twice_is_refused_but_a_new_default_after_repayment_is_not():
    blacklist = listed()
    error = refused(blacklist, lambda: blacklist.report(ZHANG, "overdue_90", by="bank_a"),
                    "blacklist.duplicate")
    assert "bank_a 已因 overdue_90 将该对象列入名单（条目 1）" in error.in_language("zh")
    assert blacklist.report(ZHANG, "fraud", by="bank_a") == 2  # another reason
    assert blacklist.report(ZHANG, "overdue_90", by="bank_b") == 3  # another reporter
    blacklist.repaid(1, by="bank_a")
    assert blacklist.report(ZHANG, "overdue_90", by="bank_a") == 4  # a new default
    assert [h["entry"] for h in hits(blacklist)] == [1, 2, 3, 4]  # the old one still counts


def test_an_unknown_reason_code_is_refused():
    blacklist = listed()
    error = refused(blacklist, lambda: blacklist.report(LI, "late_once", by="bank_b"),
                    "blacklist.bad_reason")
    assert "未知原因代码 'late_once'" in error.in_language("zh")


# --- the chain: a licensed agency, four validators, the PBoC as regulator ----------------------
def test_the_default_chain_passes_the_courses_design_checker():
    design = ChainDesign("blacklist", default_members(), consensus="pbft")
    assert [f.rule for f in design.check() if f.severity == MISTAKE] == []
    assert design.fault_tolerance >= 1
    regulators = [m.name for m in default_members() if "regulator" in m.roles]
    assert regulators == ["pboc"]


def test_the_licensed_agency_operates_and_the_lenders_report():
    blacklist = listed()
    assert blacklist.chain.events(name="reported")[0].sender == "bank_a"
    with pytest.raises(PermissionDenied):
        blacklist.report(LI, "fraud", by="credit_agency")


def test_a_fresh_list_is_empty_and_the_chain_validates():
    assert CreditBlacklist().entries == {}
    blacklist = listed()
    blacklist.query(ZHANG, "guarantee", "AUTH-1", by="lender_c")
    assert blacklist.chain.validate()
