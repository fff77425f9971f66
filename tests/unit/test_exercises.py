"""Every registered exercise accepts its reference answer, rejects typical mistakes with a
bilingual hint, and never crashes on an odd answer. Then some facts about the basics chapter."""

import math

import pytest

from ledgerkit.crypto import KeyPair, sha256
from ledgerkit.errors import InsufficientFunds
from ledgerkit.exercise_bank import basics
from ledgerkit.exercises import Feedback, all_exercises, check
from ledgerkit.i18n import set_language

EXERCISES = all_exercises()
IDS = [item.id for item in EXERCISES]
BASICS = [item for item in EXERCISES if item.id.startswith("basics.")]
ODD_ANSWERS = [None, {"answer": 1}, 1.5, float("nan"), [], (), object(), b"\xff", True]


def _has_chinese(message: str) -> bool:
    return any("\u4e00" <= char <= "\u9fff" for char in message)


@pytest.fixture
def chinese():
    set_language("zh")
    yield
    set_language("en")


@pytest.mark.parametrize("item", EXERCISES, ids=IDS)
def test_reference_answer_is_accepted(item):
    feedback = check(item.id, item.reference())
    assert feedback.correct, feedback.message


@pytest.mark.parametrize("item", EXERCISES, ids=IDS)
def test_every_wrong_answer_is_rejected_with_a_hint(item):
    assert item.wrong_answers, f"{item.id} lists no typical wrong answer"
    for wrong in item.wrong_answers:
        feedback = check(item.id, wrong)
        assert not feedback.correct, f"{item.id} accepted {wrong!r}"
        english, chinese = item.judge(wrong)
        assert english.strip() and chinese.strip(), (item.id, wrong)
        assert english.strip() in feedback.message


@pytest.mark.parametrize("item", EXERCISES, ids=IDS)
def test_hints_are_in_chinese_after_set_language(item, chinese):
    for wrong in item.wrong_answers:
        message = check(item.id, wrong).message
        assert message.startswith("还不对"), (item.id, wrong, message)
        assert _has_chinese(message.removeprefix("还不对")), (item.id, wrong, message)
    assert check(item.id, item.reference()).message.startswith("正确")


@pytest.mark.parametrize("item", EXERCISES, ids=IDS)
def test_check_never_raises_on_odd_answers(item):
    for odd in ODD_ANSWERS:
        feedback = check(item.id, odd)
        assert isinstance(feedback, Feedback)
        assert not feedback.correct, (item.id, odd)
        assert feedback.message


@pytest.mark.parametrize("item", BASICS, ids=[item.id for item in BASICS])
def test_basics_judges_handle_odd_answers_themselves(item):
    # A hint written for the learner beats the generic "could not be checked" fallback.
    for odd in ODD_ANSWERS:
        hint = item.judge(odd)
        assert hint is not None and all(hint), (item.id, odd)


@pytest.mark.parametrize("item", EXERCISES, ids=IDS)
def test_hints_do_not_give_the_answer_away(item):
    answer = str(item.reference())
    if len(answer) < 6:  # a letter or a small number appears in ordinary text by chance
        return
    for wrong in item.wrong_answers:
        for hint in item.judge(wrong):
            assert answer.lower() not in hint.lower(), (item.id, wrong)


@pytest.mark.parametrize("item", EXERCISES, ids=IDS)
def test_explanation_exists_in_both_languages(item):
    english, chinese = item.why
    assert english.strip() and _has_chinese(chinese)


# --- the basics chapter ------------------------------------------------------------------


def test_basics_has_at_least_three_exercises_per_notebook():
    for section in ("hashing", "keys", "mining", "merkle"):
        assert sum(item.id.startswith(f"basics.{section}.") for item in BASICS) >= 3, section


def test_references_agree_with_published_facts():
    references = {item.id: item.reference() for item in BASICS}
    assert references["basics.mining.1"] == 2573394689  # Bitcoin block 1's nonce
    assert references["basics.mining.2"] == 0x04864C * 2 ** (8 * (0x1B - 3))
    assert references["basics.mining.3"] == 2**20
    assert references["basics.mining.4"] == 4
    assert references["basics.merkle.2"] == math.ceil(math.log2(1000))
    assert references["basics.merkle.3"] == "bob"
    assert references["basics.merkle.4"] == "InsufficientFunds"
    assert references["basics.merkle.5"] == 50 + 20


def test_exercise_data_has_exactly_one_right_choice():
    alice = KeyPair.from_seed("alice")
    genuine = [
        letter
        for letter, (message, signature) in basics.signed_orders().items()
        if alice.verify(message, bytes.fromhex(signature))
    ]
    matching = [
        letter
        for letter, text in basics.CONTRACTS.items()
        if sha256(text).hex() == basics.CONTRACT_FINGERPRINT
    ]
    owners = [
        letter
        for letter, key in basics.candidate_keys().items()
        if KeyPair.from_public(bytes.fromhex(key)).address == basics.DAVE_ADDRESS
    ]
    assert (genuine, matching, owners) == (["C"], ["B"], ["C"])


def test_any_working_nonce_is_accepted():
    message = basics.HASHING_MESSAGE
    working = [n for n in range(20_000) if sha256(message + str(n).encode()).hex()[:3] == "000"]
    assert len(working) >= 2
    assert all(check("basics.hashing.4", n).correct for n in working[:3])


def test_equivalent_forms_of_an_answer_are_accepted():
    assert check("basics.hashing.1", " " + sha256(basics.HASHING_MESSAGE).hex().upper()).correct
    assert check("basics.keys.2", " c ").correct
    assert check("basics.merkle.2", 10.0).correct
    assert check("basics.merkle.3", "Bob").correct
    assert check("basics.merkle.4", InsufficientFunds).correct


def test_typical_mistakes_get_their_own_hint():
    digits = check("basics.hashing.2", 60).message
    assert "hex digits" in digits
    big_endian = check("basics.mining.1", int(basics.BLOCK1_HEADER_HEX[-8:], 16)).message
    assert "little-endian" in big_endian
    hex_count = check("basics.mining.3", 16**20).message
    assert "hex digits" in hex_count
