"""ledgerkit.finance.blacklist: a shared credit blacklist (征信黑名单共享) keyed by salted hashes.

Three lenders share the list; the regulator audits. The ID numbers are fictional, completed
with the GB 11643 check digit.
"""

from datetime import date
from decimal import Decimal

import pytest

from ledgerkit.contracts import ContractError, PermissionDenied, canonical_bytes
from ledgerkit.errors import InputError
from ledgerkit.finance.blacklist import (
    DEFAULT_SALT,
    CreditBlacklist,
    SharedBlacklist,
    subject_key,
    with_check_digit,
)

ZHANG = with_check_digit("11010519491231002")  # '11010519491231002X', the standard's example
LI = with_check_digit("44030419900101123")
START = date(2025, 1, 1)
EXPIRES = date(2025, 12, 31)


def refused(blacklist: SharedBlacklist, attempt, rule: str) -> ContractError:
    before = blacklist.state_bytes()
    with pytest.raises(ContractError) as caught:
        attempt()
    assert caught.value.rule == rule
    assert blacklist.state_bytes() == before
    return caught.value


def listed() -> SharedBlacklist:
    blacklist = SharedBlacklist()
    blacklist.report(ZHANG, "overdue_90", EXPIRES, by="bank_a")
    return blacklist


def everything_on_chain(blacklist: SharedBlacklist) -> bytes:
    calls = b"".join(call.serialize() for block in blacklist.chain.blocks for call in block.calls)
    audit = canonical_bytes(blacklist.chain.audit_trail(by="regulator"))
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
        blacklist.report(bad, "fraud", EXPIRES, by="bank_b")
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


def test_an_entry_holds_the_key_reporter_reason_dates_and_status():
    assert listed().contract.entries == {1: {
        "subject": subject_key(ZHANG), "reporter": "bank_a", "reason": "overdue_90",
        "listed_on": START, "expires": EXPIRES, "status": "active"}}


# --- queries and their audit trail -----------------------------------------------------------
def test_a_query_finds_the_entries_and_leaves_an_audit_event():
    blacklist = listed()
    blacklist.report(ZHANG, "fraud", EXPIRES, by="lender_c")
    hits = blacklist.query(ZHANG, "loan_approval", "AUTH-9", by="bank_b")
    assert [(h["entry"], h["reporter"], h["reason"]) for h in hits] == [
        (1, "bank_a", "overdue_90"), (2, "lender_c", "fraud")]
    assert blacklist.audit_log() == [{"who": "bank_b", "on": START, "purpose": "loan_approval",
                                      "consent_ref": "AUTH-9", "subject": subject_key(ZHANG).hex(),
                                      "hits": 2}]


def test_a_query_without_hits_is_audited_too():
    blacklist = listed()
    assert blacklist.query(LI, "post_loan", "AUTH-10", by="bank_a") == []
    assert blacklist.audit_log()[0]["hits"] == 0
    assert blacklist.chain.events(name="queried")[0].sender == "bank_a"


def test_an_entry_counts_through_its_expiry_day_and_not_after():
    blacklist = listed()
    blacklist.advance_to(EXPIRES)
    assert len(blacklist.query(ZHANG, "loan_approval", "A-1", by="bank_b")) == 1
    blacklist.advance_to(date(2026, 1, 1))
    assert blacklist.query(ZHANG, "loan_approval", "A-2", by="bank_b") == []
    assert [entry["hits"] for entry in blacklist.audit_log()] == [1, 0]


@pytest.mark.parametrize(("purpose", "consent", "rule", "zh"), [
    ("marketing", "AUTH-1", "blacklist.bad_purpose", "未知查询用途"),
    ("loan_approval", "", "blacklist.no_consent", "查询需要本人书面授权"),
    ("loan_approval", "   ", "blacklist.no_consent", "授权书编号"),
])
def test_a_query_needs_a_known_purpose_and_a_consent_reference(purpose, consent, rule, zh):
    blacklist = listed()
    error = refused(blacklist, lambda: blacklist.query(ZHANG, purpose, consent, by="bank_b"),
                    rule)
    assert zh in error.in_language("zh")
    assert blacklist.audit_log() == []


def test_the_regulator_audits_but_does_not_query():
    blacklist = listed()
    with pytest.raises(PermissionDenied):
        blacklist.query(ZHANG, "loan_approval", "AUTH-1", by="regulator")
    assert blacklist.chain.read("CreditBlacklist", by="regulator").entries[1]["status"] == "active"


@pytest.mark.parametrize("subject", ["some text", b"too short", Decimal(1), None])
def test_the_contract_takes_only_32_byte_keys(subject):
    blacklist = listed()
    error = refused(blacklist, lambda: blacklist.contract.query(subject, "loan_approval", "A",
                                                                by="bank_b"),
                    "blacklist.not_hashed")
    assert "绝不能是身份证号本身" in error.in_language("zh")
    refused(blacklist, lambda: blacklist.contract.report(subject, "fraud", EXPIRES, by="bank_b"),
            "blacklist.not_hashed")


# --- reporting and withdrawing ---------------------------------------------------------------
def test_only_the_reporter_withdraws_and_a_withdrawn_entry_no_longer_matches():
    blacklist = listed()
    error = refused(blacklist, lambda: blacklist.withdraw(1, by="bank_b"),
                    "blacklist.not_reporter")
    assert "只有报送方 bank_a 能撤销条目 1；bank_b 不能" in error.in_language("zh")
    blacklist.withdraw(1, by="bank_a")
    assert blacklist.contract.entries[1]["status"] == "withdrawn"
    assert blacklist.query(ZHANG, "loan_approval", "A-3", by="bank_b") == []
    error = refused(blacklist, lambda: blacklist.withdraw(1, by="bank_a"), "blacklist.withdrawn")
    assert "已被撤销" in error.in_language("zh")
    refused(blacklist, lambda: blacklist.withdraw(7, by="bank_a"), "blacklist.unknown_entry")


def test_the_same_listing_twice_is_refused_until_withdrawn_or_expired():
    blacklist = listed()
    error = refused(blacklist, lambda: blacklist.report(ZHANG, "overdue_90", EXPIRES,
                                                        by="bank_a"), "blacklist.duplicate")
    assert "bank_a 已因 overdue_90 将该对象列入名单（条目 1）" in error.in_language("zh")
    assert blacklist.report(ZHANG, "fraud", EXPIRES, by="bank_a") == 2  # another reason
    assert blacklist.report(ZHANG, "overdue_90", EXPIRES, by="bank_b") == 3  # another reporter
    blacklist.withdraw(1, by="bank_a")
    assert blacklist.report(ZHANG, "overdue_90", EXPIRES, by="bank_a") == 4
    blacklist.advance_to(date(2026, 1, 1))
    assert blacklist.report(ZHANG, "fraud", date(2026, 6, 30), by="bank_a") == 5


def test_an_unknown_reason_code_is_refused():
    blacklist = listed()
    error = refused(blacklist, lambda: blacklist.report(LI, "late_once", EXPIRES, by="bank_b"),
                    "blacklist.bad_reason")
    assert "未知原因代码 'late_once'" in error.in_language("zh")


@pytest.mark.parametrize("expires", [START, date(2024, 12, 31), date(2030, 1, 2), "2025-12-31"])
def test_the_expiry_is_after_today_and_at_most_five_years_away(expires):
    blacklist = listed()
    error = refused(blacklist, lambda: blacklist.report(LI, "fraud", expires, by="bank_b"),
                    "blacklist.bad_expiry")
    assert "不超过 5 年（2030-01-01）" in error.in_language("zh")


def test_five_years_exactly_is_allowed_even_from_a_leap_day():
    blacklist = listed()
    assert blacklist.report(LI, "fraud", date(2030, 1, 1), by="bank_b") == 2
    blacklist.advance_to(date(2028, 2, 29))
    refused(blacklist, lambda: blacklist.report(LI, "overdue_90", date(2033, 3, 1), by="bank_b"),
            "blacklist.bad_expiry")
    assert blacklist.report(LI, "overdue_90", date(2033, 2, 28), by="bank_b") == 3


def test_a_fresh_list_is_empty_and_the_chain_validates():
    assert CreditBlacklist().entries == {}
    blacklist = listed()
    blacklist.query(ZHANG, "guarantee", "AUTH-1", by="lender_c")
    assert blacklist.chain.validate()
