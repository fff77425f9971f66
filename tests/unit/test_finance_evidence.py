"""ledgerkit.finance.evidence: evidence fingerprints batched into Merkle roots anchored on a
consortium chain (存证), with receipts that a court checks against the chain.

Every refusal names its rule and changes nothing: the chain stays byte-identical, and the
service keeps the same waiting fingerprints and receipts.
"""

import copy
from dataclasses import replace
from datetime import date

import pytest

from ledgerkit.contracts import ContractError
from ledgerkit.crypto import double_sha256, sha256
from ledgerkit.design import ChainDesign
from ledgerkit.errors import InputError
from ledgerkit.finance.evidence import SERVICE, EvidenceDesk, default_members, file_digest
from ledgerkit.i18n import set_language
from ledgerkit.merkle import merkle_root

FILES = {f"E-{n}": f"screenshot of infringing page no. {n}".encode() for n in range(1, 6)}


def service_state(desk):
    return copy.deepcopy((desk.service._pending, desk.service._receipts))


def refused(desk, rule: str, call, *args, **kwargs):
    """A call that must be refused with `rule`, changing neither chain nor service."""
    before, kept = desk.chain.state_bytes(), service_state(desk)
    with pytest.raises((ContractError, InputError)) as caught:
        call(*args, **kwargs)
    assert caught.value.key == rule, str(caught.value)
    assert desk.chain.state_bytes() == before and service_state(desk) == kept
    return caught.value


@pytest.fixture
def desk() -> EvidenceDesk:
    """Five files deposited by author_co on 3 March 2025, sealed on 5 March."""
    desk = EvidenceDesk(start=date(2025, 3, 3))
    for evidence_id, data in FILES.items():
        desk.service.deposit(evidence_id, data, by="author_co")
    desk.advance_to(date(2025, 3, 5))
    desk.service.seal(by=SERVICE)
    return desk


def test_default_consortium_is_a_sound_design():
    findings = ChainDesign("evidence", default_members(), consensus="pbft").check()
    assert [f for f in findings if f.severity == "mistake"] == []


def test_a_fingerprint_is_the_sha256_of_the_file():
    assert file_digest(b"abc") == sha256(b"abc").hex() == (
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")


def test_one_batch_anchors_one_root_for_all_five_files(desk):
    (anchor,) = desk.anchors
    leaves = [sha256(data) for data in FILES.values()]
    assert anchor.root == merkle_root(leaves).hex() and anchor.count == 5
    assert anchor.day == date(2025, 3, 5)
    assert len(desk.chain.events(contract="AnchorRegistry", name="anchored")) == 1


def test_every_receipt_proves_its_file_in_three_steps(desk):
    for evidence_id, data in FILES.items():
        receipt = desk.service.receipt(evidence_id)
        assert len(receipt.proof) == 3  # five leaves: 5 → 3 → 2 → 1
        result = desk.verify(data, receipt)
        assert result.ok and result.day == date(2025, 3, 5)


def test_the_proof_climbs_with_double_sha256_by_hand(desk):
    receipt = desk.service.receipt("E-1")
    node = sha256(FILES["E-1"])
    for step in receipt.proof:
        pair = step.sibling + node if step.sibling_on_left else node + step.sibling
        node = double_sha256(pair)
    assert node.hex() == desk.anchors[0].root


def test_a_tampered_file_fails(desk):
    receipt = desk.service.receipt("E-2")
    result = desk.verify(FILES["E-2"].replace(b"no. 2", b"no. 7"), receipt)
    assert not result.file_matches and not result.ok


def test_a_receipt_with_a_root_the_chain_never_saw_fails(desk):
    receipt = desk.service.receipt("E-3")
    forged = replace(receipt, root=sha256(b"another root").hex(), proof=())
    assert not desk.verify(FILES["E-3"], forged).ok
    forged = replace(receipt, root=file_digest(FILES["E-3"]), proof=())  # a proof of itself
    result = desk.verify(FILES["E-3"], forged)
    assert result.file_matches and result.proof_holds and not result.anchored
    assert not result.ok and result.day is None


def test_later_batches_get_their_own_root_and_day(desk):
    desk.service.deposit("L-1", b"loan contract 2025-0042", by="lender")
    desk.advance_to(date(2025, 3, 9))
    assert desk.service.seal(by=SERVICE) == 2
    receipt = desk.service.receipt("L-1")
    assert receipt.proof == () and receipt.root == receipt.digest  # one leaf is its own root
    assert desk.verify(b"loan contract 2025-0042", receipt).day == date(2025, 3, 9)


@pytest.mark.parametrize(("rule", "call"), [
    ("evidence.exists", lambda d: d.service.deposit("E-1", b"new file", by="author_co")),
    ("evidence.same_file", lambda d: d.service.deposit("E-9", FILES["E-4"], by="lender")),
    ("evidence.not_member", lambda d: d.service.deposit("E-9", b"x", by="stranger")),
    ("evidence.bytes", lambda d: d.service.deposit("E-9", "text, not bytes", by="lender")),
    ("evidence.id", lambda d: d.service.deposit(" ", b"x", by="lender")),
    ("evidence.nothing_pending", lambda d: d.service.seal(by=SERVICE)),
    ("evidence.no_receipt", lambda d: d.service.receipt("E-9")),
    ("evidence.not_service", lambda d: d.anchor("ab" * 32, 1, by="author_co")),
    ("evidence.root", lambda d: d.anchor("AB" * 32, 1, by=SERVICE)),
    ("evidence.count", lambda d: d.anchor("ab" * 32, 0, by=SERVICE)),
    ("evidence.root_twice", lambda d: d.anchor(d.anchors[0].root, 5, by=SERVICE)),
])
def test_every_refusal_names_its_rule_and_changes_nothing(desk, rule, call):
    refused(desk, rule, call, desk)


def test_a_seal_by_someone_else_is_refused_and_the_batch_still_waits(desk):
    desk.service.deposit("E-9", b"late file", by="author_co")
    refused(desk, "evidence.not_service", desk.service.seal, by="author_co")
    assert desk.service.pending_count == 1
    assert desk.service.seal(by=SERVICE) == 2


def test_refusals_read_in_chinese(desk):
    set_language("zh")
    try:
        message = refused(desk, "evidence.same_file", desk.service.deposit, "E-9", FILES["E-1"],
                          by="lender")
        assert "E-1" in str(message) and "存证" in str(message)
    finally:
        set_language("en")
