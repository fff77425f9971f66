"""Every exercise of module 00 accepts its reference answer and rejects the typical mistakes."""

import pytest

from ledgerkit.exercises import all_exercises, check
from ledgerkit.i18n import get_language, set_language

RESOURCES = [item for item in all_exercises() if item.id.startswith("resources.")]
IDS = [item.id for item in RESOURCES]


def test_the_module_has_at_least_three_exercises():
    assert len(RESOURCES) >= 3
    assert {"resources.glossary.1", "resources.cases.1"} <= set(IDS)


@pytest.mark.parametrize("item", RESOURCES, ids=IDS)
def test_reference_answer_is_accepted(item):
    feedback = check(item.id, item.reference())
    assert feedback.correct, feedback.message


@pytest.mark.parametrize("item", RESOURCES, ids=IDS)
def test_every_wrong_answer_is_rejected_with_a_hint(item):
    assert item.wrong_answers
    for wrong in item.wrong_answers:
        hint = item.judge(wrong)
        assert hint is not None, f"{item.id} accepted {wrong!r}"
        english, chinese = hint
        assert english and chinese
        assert not check(item.id, wrong).correct


@pytest.mark.parametrize("item", RESOURCES, ids=IDS)
def test_hints_do_not_give_the_answer_away(item):
    answer = str(item.reference())
    for wrong in item.wrong_answers:
        english, chinese = item.judge(wrong)
        assert answer not in english and answer not in chinese, (item.id, wrong)


@pytest.mark.parametrize("item", RESOURCES, ids=IDS)
def test_explanation_exists_in_both_languages(item):
    english, chinese = item.why
    assert english and chinese


def test_reference_answers_match_the_published_figures():
    references = {item.id: item.reference() for item in RESOURCES}
    assert references["resources.glossary.1"] == "债权凭证"
    assert references["resources.start.1"] == "zh"
    assert references["resources.cases.1"] == 18.7
    assert references["resources.cases.2"] == 3.0
    assert references["resources.cases.3"] == 68.8


def test_equivalent_answers_are_accepted():
    assert check("resources.glossary.1", " 债权凭证 ").correct
    assert check("resources.glossary.2", "观察节点").correct
    assert check("resources.glossary.2", "Observer Node").correct
    assert check("resources.glossary.3", "See-through supervision").correct
    assert check("resources.cases.1", 2.08 / 11.1 * 100).correct


def test_feedback_follows_the_language():
    before = get_language()
    try:
        set_language("zh")
        message = check("resources.cases.1", 0.187).message
    finally:
        set_language(before)
    assert message.startswith("还不对")
    assert "百分比" in message
