"""The bilingual glossary: big enough, no duplicates, really bilingual, searchable both ways."""

import re
from dataclasses import FrozenInstanceError

import pytest

from ledgerkit.glossary import Term, as_markdown_table, lookup, markdown_table, terms

CJK = re.compile(r"[\u4e00-\u9fff]")


def test_glossary_has_at_least_sixty_terms():
    assert len(terms()) >= 60


def test_topics_partition_the_glossary():
    assert terms("blockchain") + terms("finance") == terms()


def test_unknown_topic_is_refused():
    with pytest.raises(ValueError):
        terms("cooking")


def test_no_duplicate_english_terms():
    english = [term.english.casefold() for term in terms()]
    assert len(english) == len(set(english))


def test_no_duplicate_chinese_terms():
    chinese = [term.chinese for term in terms()]
    assert len(chinese) == len(set(chinese))


def test_every_chinese_term_has_chinese_characters():
    missing = [term.english for term in terms() if not CJK.search(term.chinese)]
    assert missing == []


def test_every_meaning_is_one_non_empty_line():
    for term in terms():
        assert term.meaning.strip() and "\n" not in term.meaning, term.english
        assert "\n" not in term.meaning_zh, term.english


def test_chinese_meanings_are_in_chinese():
    for term in terms():
        if term.meaning_zh:
            assert CJK.search(term.meaning_zh), term.english


@pytest.mark.parametrize(
    ("english", "chinese"),
    [
        ("credit voucher", "债权凭证"),
        ("core enterprise", "核心企业"),
        ("credit line", "授信"),
        ("confirmation", "确权"),
        ("split", "拆分"),
        ("transfer", "流转"),
        ("discount", "贴现"),
        ("rediscount", "再贴现"),
        ("acceptance", "承兑"),
        ("endorsement", "背书"),
        ("letter of credit", "信用证"),
        ("factoring", "保理"),
        ("forfaiting", "福费廷"),
        ("letter of guarantee", "保函"),
        ("see-through supervision", "穿透式监管"),
        ("reconciliation", "对账"),
        ("netting", "轧差"),
        ("consortium chain", "联盟链"),
        ("observer node", "观察节点"),
        ("Merkle tree", "默克尔树"),
    ],
)
def test_lookup_works_both_ways(english, chinese):
    assert chinese in [term.chinese for term in lookup(english)]
    assert english in [term.english for term in lookup(chinese)]


def test_lookup_ignores_letter_case_and_matches_substrings():
    assert [term.english for term in lookup("OBSERVER")] == ["observer node"]
    found = {term.english for term in lookup("贴现")}
    assert {"discount", "rediscount", "interbank discount"} <= found


def test_lookup_of_nothing_finds_nothing():
    assert lookup("") == []
    assert lookup("   ") == []
    assert lookup("no such term anywhere") == []


def test_terms_are_frozen():
    term = terms()[0]
    with pytest.raises(FrozenInstanceError):
        term.english = "changed"


def test_markdown_table_has_one_row_per_term_in_each_language():
    chosen = lookup("node")
    for lang, meaning in (("en", chosen[0].meaning), ("zh", chosen[0].meaning_zh)):
        table = as_markdown_table(chosen, lang=lang).splitlines()
        assert len(table) == 2 + len(chosen)
        assert meaning in table[2]


def test_markdown_table_escapes_column_bars():
    table = markdown_table(["a"], [["x|y"]])
    assert table.splitlines()[-1] == "| x\\|y |"


def test_term_prints_both_names():
    assert str(Term("hash", "哈希", "A fingerprint.")) == "hash (哈希): A fingerprint."
