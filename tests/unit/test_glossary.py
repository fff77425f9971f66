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
        ("transfer discount", "转贴现"),
        ("National Financial Regulatory Administration (NFRA)", "国家金融监督管理总局"),
        ("Shanghai Commercial Paper Exchange", "上海票据交易所"),
        ("ECDS", "电子商业汇票系统"),
        ("late presentment", "逾期提示付款"),
        ("recourse amount", "追索金额"),
        ("assignment of receivables", "应收账款转让"),
        ("factoring with recourse", "有追索权保理"),
        ("disclosed factoring", "明保理"),
        ("undisclosed factoring", "暗保理"),
        ("forward factoring", "正向保理"),
        ("reverse factoring", "反向保理"),
        ("receivables registry", "动产融资统一登记公示系统"),
        ("halving", "减半"),
        ("transaction fee", "交易手续费"),
        ("quorum", "法定人数"),
        ("primary", "主节点"),
        ("mezzanine tranche", "夹层"),
        ("underlying assets", "基础资产"),
        ("de-identification", "去标识化"),
        ("anonymisation", "匿名化"),
        ("credit-reporting licence", "征信业务许可"),
        ("keyed hash (HMAC)", "带密钥哈希"),
        ("commitment", "承诺"),
        ("slashing", "罚没"),
        ("validator", "验证者"),
        ("stake", "质押"),
    ],
)
def test_lookup_works_both_ways(english, chinese):
    assert chinese in [term.chinese for term in lookup(english)]
    assert english in [term.english for term in lookup(chinese)]


def test_lookup_ignores_letter_case_and_matches_substrings():
    assert [term.english for term in lookup("OBSERVER")] == ["observer node"]
    found = {term.english for term in lookup("贴现")}
    assert {"discount", "rediscount", "transfer discount"} <= found


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


# --- the facts behind the words (issue 14) ------------------------------------------------


def test_transfer_discount_is_the_one_english_term_for_zhuantiexian():
    assert [term.english for term in lookup("转贴现")] == ["transfer discount"]
    assert lookup("interbank discount") == []


def test_rediscount_is_a_sale_to_the_central_bank_and_transfer_discount_is_not():
    rediscount, transfer = lookup("rediscount")[0], lookup("transfer discount")[0]
    assert "central bank" in rediscount.meaning
    assert "not to the central bank" in transfer.meaning


def test_central_bank_no_longer_supervises_the_banks_in_china():
    central = lookup("central bank")[0]
    assert "supervises the banking system" not in central.meaning
    assert "NFRA" in central.meaning and "国家金融监督管理总局" in central.meaning_zh


def test_regulator_names_nfra_not_the_central_bank_as_bank_supervisor():
    regulator = [term for term in lookup("regulator") if term.english == "regulator"][0]
    assert "NFRA for banks" in regulator.meaning
    assert "e.g. the central bank" not in regulator.meaning


def test_discount_keeps_recourse_and_is_a_bill_term():
    discount = lookup("discount")[0]
    assert discount.english == "discount"
    assert "keeps recourse" in discount.meaning and "voucher" not in discount.meaning


def test_aliases_are_searchable_both_ways():
    assert [term.chinese for term in lookup("双花")] == ["双重支付"]
    assert [term.chinese for term in lookup("double spend")] == ["双重支付"]
    assert [term.english for term in lookup("中登网")] == ["receivables registry"]
    assert [term.chinese for term in lookup("NFRA")] == ["国家金融监督管理总局"]


def test_block_reward_mentions_halving_and_fees():
    reward = lookup("block reward")[0]
    assert "halves" in reward.meaning and "fees" in reward.meaning
