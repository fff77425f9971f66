"""ledgerkit.finance.kyc: a consent-based KYC registry (客户身份信息共享).

bank_a verifies customer_li and attests it; customer_li consents that bank_b reuse it for
opening an account; bank_b reuses it, logged; revoking or letting the consent expire stops
reuse. Every refusal must leave the chain byte-identical and name its rule.
"""

from datetime import date

import pytest
from refusals import refused

from ledgerkit.design import MISTAKE, ChainDesign
from ledgerkit.errors import InputError
from ledgerkit.finance.kyc import REGULATOR, KYCDesk, commitment, default_members, valid_id
from ledgerkit.i18n import set_language

START = date(2025, 3, 3)
LI_ID = "11010519491231002X"
SALT = bytes(range(32))
LI = commitment(LI_ID, "Li Hua", SALT)


def consented(expires: date = date(2025, 6, 30)) -> tuple[KYCDesk, int]:
    desk = KYCDesk(start=START)
    desk.attest(LI, customer="customer_li", level="standard", by="bank_a")
    number = desk.grant(LI, to="bank_b", purpose="open_account", expires=expires,
                        by="customer_li")
    return desk, number


def test_the_default_consortium_passes_the_design_check():
    members = default_members()
    design = ChainDesign("kyc", members, consensus="pbft",
                         checked_parties=("customer_li", "customer_wang"))
    assert not [f for f in design.check() if f.severity == MISTAKE]
    assert REGULATOR in {m.name for m in members if "regulator" in m.roles}
    assert all(m.node_kind == "none" for m in members if m.name.startswith("customer"))


def test_the_commitment_hides_the_id_and_needs_the_salt():
    assert LI_ID.encode() not in LI and len(LI) == 32
    assert commitment(" 11010519491231002x", " Li Hua", SALT) == LI
    assert commitment(LI_ID, "Li Hua", bytes(32)) != LI  # another salt, another commitment
    assert commitment(LI_ID, "Li Ming", SALT) != LI


@pytest.mark.parametrize("bad", ["11010519491231002", "110105194912310021", 110105, None])
def test_an_invalid_id_is_refused_before_hashing(bad):
    with pytest.raises(InputError):
        valid_id(bad)


def test_a_short_salt_is_refused():
    with pytest.raises(InputError):
        commitment(LI_ID, "Li Hua", b"short")


def test_a_consented_reuse_returns_the_first_check_and_is_logged():
    desk, number = consented()
    desk.advance_to(date(2025, 4, 1))
    got = desk.reuse(LI, purpose="open_account", risk="medium", by="bank_b")
    assert got == {"verified_by": "bank_a", "level": "standard", "verified_on": START,
                   "consent": number}
    log = desk.accesses(LI)
    assert log == [{"who": "bank_b", "on": date(2025, 4, 1), "purpose": "open_account",
                    "consent": number, "subject": LI.hex(), "risk": "medium"}]
    seen = [e for e in desk.chain.audit_trail(by=REGULATOR) if e.action == "reuse"]
    assert [(e.who, e.accepted) for e in seen] == [("bank_b", True)]


def test_the_raw_id_never_reaches_the_chain():
    desk, _ = consented()
    desk.reuse(LI, purpose="open_account", risk="low", by="bank_b")
    assert LI_ID.encode() not in desk.chain.state_bytes()


def test_reuse_without_consent_for_that_bank_is_refused():
    desk, _ = consented()
    error = refused(desk, "kyc.no_consent", desk.reuse, LI, purpose="open_account", risk="low",
                    by="bank_c")
    assert "Art. 23" in str(error)


def test_reuse_for_another_purpose_is_refused():
    desk, _ = consented()
    refused(desk, "kyc.no_consent", desk.reuse, LI, purpose="loan", risk="low", by="bank_b")


def test_a_revoked_consent_refuses_and_names_the_day():
    desk, number = consented()
    desk.advance_to(date(2025, 4, 10))
    desk.revoke(number, by="customer_li")
    error = refused(desk, "kyc.revoked", desk.reuse, LI, purpose="open_account", risk="low",
                    by="bank_b")
    assert "2025-04-10" in str(error)
    refused(desk, "kyc.revoked_already", desk.revoke, number, by="customer_li")


def test_a_consent_counts_through_its_last_day_and_not_after():
    desk, _ = consented(expires=date(2025, 3, 31))
    desk.advance_to(date(2025, 3, 31))
    desk.reuse(LI, purpose="open_account", risk="low", by="bank_b")
    desk.advance_to(date(2025, 4, 1))
    refused(desk, "kyc.expired", desk.reuse, LI, purpose="open_account", risk="low",
            by="bank_b")


def test_a_new_consent_after_revocation_works_again():
    desk, number = consented()
    desk.revoke(number, by="customer_li")
    again = desk.grant(LI, to="bank_b", purpose="open_account", expires=date(2025, 12, 31),
                       by="customer_li")
    assert desk.reuse(LI, purpose="open_account", risk="low", by="bank_b")["consent"] == again
    assert desk.live_consents(LI, desk.chain.today) == [again]


def test_a_high_risk_customer_needs_the_banks_own_check():
    desk, _ = consented()
    refused(desk, "kyc.own_duty", desk.reuse, LI, purpose="open_account", risk="high",
            by="bank_b")
    desk.attest(LI, customer="customer_li", level="enhanced", by="bank_b")  # its own EDD
    assert desk.attestations[LI.hex()]["checks"]["bank_b"]["level"] == "enhanced"


def test_only_the_customer_grants_or_revokes():
    desk, number = consented()
    refused(desk, "kyc.not_owner", desk.grant, LI, to="bank_c", purpose="loan",
            expires=date(2025, 6, 30), by="bank_b")
    refused(desk, "kyc.not_owner", desk.grant, LI, to="bank_c", purpose="loan",
            expires=date(2025, 6, 30), by="customer_wang")
    refused(desk, "kyc.not_owner", desk.revoke, number, by="bank_b")


def test_only_a_bank_attests_reuses_or_receives_consent():
    desk, _ = consented()
    refused(desk, "kyc.not_bank", desk.attest, LI, customer="customer_li", level="standard",
            by="customer_wang")
    refused(desk, "kyc.not_bank", desk.grant, LI, to="customer_wang", purpose="loan",
            expires=date(2025, 6, 30), by="customer_li")
    refused(desk, "kyc.not_bank", desk.reuse, LI, purpose="open_account", risk="low",
            by="customer_wang")


@pytest.mark.parametrize("call, args, rule", [
    ("attest", {"subject": LI_ID.encode(), "customer": "customer_li", "level": "standard"},
     "kyc.not_committed"),
    ("attest", {"subject": LI, "customer": "customer_li", "level": "light"}, "kyc.bad_choice"),
    ("attest", {"subject": LI, "customer": "nobody", "level": "standard"}, "kyc.not_member"),
    ("attest", {"subject": LI, "customer": "customer_wang", "level": "standard"},
     "kyc.other_owner"),
    ("grant", {"subject": LI, "to": "bank_c", "purpose": "gambling",
               "expires": date(2025, 6, 30)}, "kyc.bad_choice"),
    ("grant", {"subject": LI, "to": "bank_c", "purpose": "loan", "expires": START},
     "kyc.expiry"),
    ("grant", {"subject": bytes(32), "to": "bank_c", "purpose": "loan",
               "expires": date(2025, 6, 30)}, "kyc.unknown_subject"),
    ("revoke", {"consent": 99}, "kyc.unknown_consent"),
])
def test_bad_calls_are_refused_and_change_nothing(call, args, rule):
    desk, _ = consented()
    by = "bank_c" if call == "attest" else "customer_li"
    refused(desk, rule, getattr(desk, call), **args, by=by)


def test_a_bank_attests_a_customer_once():
    desk, _ = consented()
    refused(desk, "kyc.attested", desk.attest, LI, customer="customer_li", level="enhanced",
            by="bank_a")


def test_the_attesting_bank_cannot_reuse_its_own_check_as_someone_elses():
    desk = KYCDesk(start=START)
    desk.attest(LI, customer="customer_li", level="standard", by="bank_b")
    desk.grant(LI, to="bank_b", purpose="loan", expires=date(2025, 6, 30), by="customer_li")
    refused(desk, "kyc.unknown_subject", desk.reuse, LI, purpose="loan", risk="low",
            by="bank_b")


def test_refusals_read_in_chinese():
    desk, _ = consented()
    set_language("zh")
    try:
        error = refused(desk, "kyc.no_consent", desk.reuse, LI, purpose="loan", risk="low",
                        by="bank_c")
        assert "第二十三条" in str(error) and "贷款" in str(error)
    finally:
        set_language("en")
