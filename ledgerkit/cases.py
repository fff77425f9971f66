"""Real cases (真实案例): every case figure the course shows, with its date and its source.

A headline figure without a date is a rumour: "53 billion yuan financed" means little until
you know *by when* and *who said so*. So every real case and every figure the course quotes
lives here once, as data, each `Figure` with the date it describes (`as_of`) and the public
document it comes from (`Source`). Notebooks render from this module, so a figure is never
typed twice and never loses its date; `tests/unit/test_cases.py` fails when one has no date
or no source.

>>> exin = case("icbc_exin")
>>> exin.figure("enterprises").value, exin.figure("enterprises").as_of
(13000, '2020')
>>> print(figure_text(exin.figure("enterprises"), lang="en"))
over 13,000 enterprises on chain (as of 2020)
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ledgerkit.glossary import markdown_table
from ledgerkit.i18n import get_language

Bilingual = tuple[str, str]  # (English, 简体中文)


@dataclass(frozen=True)
class Source:
    """A public document a figure comes from: a regulator's notice, an annual report, a
    press release, or the course's seed article (which itself names its sources).

    The `*_zh` fields are how a Chinese reader sees the title, publisher and place; where
    one is empty the English (or the original Chinese) is shown as it is.

    >>> Source("ICBC annual report 2020", "ICBC", 2021).cite("en")
    'ICBC annual report 2020 (ICBC, 2021)'
    >>> Source("ICBC annual report 2020", "ICBC", 2021, title_zh="工商银行 2020 年年报",
    ...        publisher_zh="工商银行").cite("zh")
    '工商银行 2020 年年报（工商银行，2021）'
    """

    title: str
    publisher: str
    year: int
    where: str = ""  # a section, page or web address, where one is known
    title_zh: str = ""
    publisher_zh: str = ""
    where_zh: str = ""

    def cite(self, lang: str | None = None) -> str:
        """A one-line citation in `lang` (default: the current language):
        title (publisher, year[, where]), or title（publisher，year[，where]）in Chinese."""
        if (lang or get_language()) == "en":
            parts = (self.publisher, str(self.year), self.where)
            return f"{self.title} ({', '.join(part for part in parts if part)})"
        parts = (self.publisher_zh or self.publisher, str(self.year), self.where_zh or self.where)
        return f"{self.title_zh or self.title}（{'，'.join(part for part in parts if part)}）"


@dataclass(frozen=True)
class Figure:
    """One published figure of a case: what it counts, its value, the date it describes.

    `as_of` is a year ("2020"), a month ("2020-01") or a day ("2020-04-10"). `at_least` marks
    figures published as "over" (超过, 逾). `zh_unit` is the measure word a Chinese reader
    counts with (13,000 家, 1,477 笔); a count needs one.
    """

    key: str
    what: Bilingual
    value: int | Decimal  # in yuan when `unit` is "yuan", a share when "percent", else a count
    unit: str  # "yuan", "count" or "percent"; yuan read 亿元/万元 in Chinese, billion in English
    as_of: str
    source: Source
    at_least: bool = False
    zh_unit: str = ""  # 家, 笔 …: what a count is counted in, in Chinese


@dataclass(frozen=True)
class Case:
    """A real platform or deal: its name in both languages, when it started, what happened
    (`note`) and its sourced figures. `source` backs `since` and `note`.
    """

    key: str
    name: Bilingual
    since: str  # when it started, as a year, month or day ("" when not published)
    figures: tuple[Figure, ...]
    note: Bilingual = ("", "")
    source: Source | None = None

    def figure(self, key: str) -> Figure:
        """The figure called `key`; KeyError names the figures there are."""
        for item in self.figures:
            if item.key == key:
                return item
        known = ", ".join(item.key for item in self.figures)
        raise KeyError(f"case {self.key!r} has no figure {key!r}; it has: {known}")


def _plain(value: Decimal) -> str:
    """1.30 -> '1.3', 1000 -> '1,000': no trailing zeros, thousands separated."""
    text = f"{value.normalize():,f}"
    return text


def amount_text(value: int | Decimal, unit: str, lang: str) -> str:
    """A figure in words a reader of `lang` expects: 53 billion yuan = 530 亿元.

    >>> amount_text(53_000_000_000, "yuan", "en"), amount_text(53_000_000_000, "yuan", "zh")
    ('53 billion yuan', '530 亿元')
    >>> amount_text(160_000, "yuan", "zh"), amount_text(1477, "count", "en")
    ('16 万元', '1,477')
    >>> amount_text(85, "percent", "en")
    '85%'
    """
    number = Decimal(value)
    if unit == "count":
        return _plain(number)
    if unit == "percent":
        return f"{_plain(number)}%"
    if lang == "en":
        for size, word in ((Decimal(10) ** 9, "billion"), (Decimal(10) ** 6, "million")):
            if number >= size:
                return f"{_plain(number / size)} {word} yuan"
        return f"{_plain(number)} yuan"
    for size, word in ((Decimal(10) ** 8, "亿元"), (Decimal(10) ** 4, "万元")):
        if number >= size:
            return f"{_plain(number / size)} {word}"
    return f"{_plain(number)} 元"


def figure_text(item: Figure, lang: str | None = None) -> str:
    """One figure as a phrase with its date, in `lang` (default: the current language).

    >>> print(figure_text(case("icbc_exin").figure("financed"), lang="zh"))
    累计融资超过 530 亿元（截至 2020 年）
    >>> print(figure_text(case("icbc_exin").figure("enterprises"), lang="zh"))
    上链企业超过 13,000 家（截至 2020 年）
    """
    zh = (lang or get_language()) != "en"
    if zh:
        over = "超过 " if item.at_least else " "
        value = amount_text(item.value, item.unit, "zh")
        unit = f" {item.zh_unit}" if item.zh_unit else ""
        return f"{item.what[1]}{over}{value}{unit}（截至 {_as_of_zh(item.as_of)}）"
    over = "over " if item.at_least else ""
    value = amount_text(item.value, item.unit, "en")
    return f"{over}{value} {item.what[0]} (as of {_as_of_en(item.as_of)})"


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


def date_text(lang: str, as_of: str) -> str:
    """A year, month or day ("2018-01-25") as a reader of `lang` writes it.

    >>> date_text("en", "2018-01-25"), date_text("zh", "2018-01")
    ('25 January 2018', '2018 年 1 月')
    """
    return _as_of_en(as_of) if lang == "en" else _as_of_zh(as_of)


def _as_of_en(as_of: str) -> str:
    parts = as_of.split("-")
    if len(parts) == 1:
        return parts[0]
    month = _MONTHS[int(parts[1]) - 1]
    return f"{month} {parts[0]}" if len(parts) == 2 else f"{int(parts[2])} {month} {parts[0]}"


def _as_of_zh(as_of: str) -> str:
    parts = as_of.split("-")
    suffixes = ("年", "月", "日")
    return " ".join(f"{int(part)} {suffix}" for part, suffix in zip(parts, suffixes, strict=False))


def case(key: str) -> Case:
    """The case called `key` (see `CASES`); KeyError lists the keys there are."""
    try:
        return CASES[key]
    except KeyError:
        raise KeyError(f"no case {key!r}; the cases are: {', '.join(CASES)}") from None


def case_markdown(key: str, lang: str | None = None) -> str:
    """A case's figures as a Markdown list, each with its date and source, for a notebook's
    `Markdown(...)` display.

    >>> print(case_markdown("digital_bill_2018", lang="en").splitlines()[0])
    **Digital bill platform (数字票据交易平台)**, since 25 January 2018
    """
    item = case(key)
    zh = (lang or get_language()) != "en"
    name = item.name[1] if zh else f"{item.name[0]} ({item.name[1]})"
    if zh:
        head = f"**{name}**" + (f"，始于 {_as_of_zh(item.since)}" if item.since else "")
    else:
        head = f"**{name}**" + (f", since {_as_of_en(item.since)}" if item.since else "")
    source_word = "来源：" if zh else "source: "
    dash = "。" if zh else " — "  # a Chinese note may hold its own ——
    language = "zh" if zh else "en"
    lines = [head]
    if item.source is not None:
        note = item.note[1 if zh else 0]
        lines.append(f"- {note + dash if note else ''}{source_word}{item.source.cite(language)}")
    lines += [f"- {figure_text(f, lang)}{dash}{source_word}{f.source.cite(language)}"
              for f in item.figures]
    return "\n".join(lines)


def cases_table(keys: tuple[str, ...] | None = None, lang: str | None = None) -> str:
    """The cases at a glance as a Markdown table: name, since, figures (each dated)."""
    zh = (lang or get_language()) != "en"
    header = ["案例", "起始", "主要数据"] if zh else ["case", "since", "key figures"]
    rows = []
    for key in keys or tuple(CASES):
        item = case(key)
        since = (_as_of_zh if zh else _as_of_en)(item.since) if item.since else ""
        figures = ("；" if zh else "; ").join(figure_text(f, lang) for f in item.figures)
        rows.append([item.name[1] if zh else item.name[0], since, figures])
    return markdown_table(header, rows)


# --- the data -----------------------------------------------------------------------------
# Sources: a primary document (regulator notice, company release, newspaper report) where one
# was found; otherwise the course's seed article, which names no date for some figures. Those
# cite SEED_UNDATED, whose `where` says so, and their as_of is the seed's own year.
SEED_ARTICLE = Source("区块链金融应用 — the course's seed article on blockchain finance cases",
                      "ledgerkit course", 2020,
                      title_zh="《区块链金融应用》（本课程所依据的区块链金融案例文章）",
                      publisher_zh="ledgerkit 课程")
SEED_UNDATED = Source(SEED_ARTICLE.title, SEED_ARTICLE.publisher, SEED_ARTICLE.year,
                      "no date given for this figure; as of = the seed's year, unconfirmed",
                      SEED_ARTICLE.title_zh, SEED_ARTICLE.publisher_zh,
                      "原文未注明该数据的日期；“截至”年份取原文发表年份，未经核实")
PBOC_SZ_2019 = Source("央行贸金平台在深圳上线一年多以来成果显著 (China Securities Journal)",
                      "中国证券报, from the PBoC Shenzhen Central Sub-branch", 2019,
                      "31 October 2019", "《央行贸金平台在深圳上线一年多以来成果显著》",
                      "中国证券报，消息来自人民银行深圳市中心支行", "2019 年 10 月 31 日")
SHCPE_2018 = Source("数字票据交易平台实验性生产系统成功上线试运行 (press release, via Xinhua)",
                    "上海票据交易所 Shanghai Commercial Paper Exchange", 2018, "25 January 2018",
                    "《数字票据交易平台实验性生产系统成功上线试运行》（新闻稿，新华社转发）",
                    "上海票据交易所", "2018 年 1 月 25 日")
SSE_ABS_2017 = Source("国内首单运用区块链技术交易所ABS获批 (Securities Daily, 张歆)",
                      "证券日报", 2017, "22 August 2017",
                      "《国内首单运用区块链技术交易所ABS获批》（证券日报，张歆）", "证券日报",
                      "2017 年 8 月 22 日")
CITIC_BCLC_2017 = Source("中信银行基于区块链的国内信用证信息传输系统 (BCLC) 上线 (press reports)",
                         "China CITIC Bank, via press reports", 2017, "July 2017",
                         "中信银行基于区块链的国内信用证信息传输系统（BCLC）上线（媒体报道）",
                         "中信银行，据媒体报道", "2017 年 7 月")
SHCPE_FOUNDED = Source("上海票据交易所成立 (PBoC announcement)", "中国人民银行 PBoC", 2016,
                       "8 December 2016", "上海票据交易所成立（中国人民银行公告）", "中国人民银行",
                       "2016 年 12 月 8 日")
AML_REPORT_2005 = Source("China Anti-Money Laundering Report 2005", "PBoC", 2006,
                         where="ch. 4, reports received by CAMLMAC",
                         title_zh="2005 年中国反洗钱报告", publisher_zh="中国人民银行",
                         where_zh="第四章，中国反洗钱监测分析中心接收报告情况")
CCB_ECNY_2020 = Source("CCB's e-CNY wallet goes live in pilot areas; wallet classes 1–4 and "
                       "their limits, from its service agreement", "xiguacaijing.com", 2020,
                       where="www.xiguacaijing.com/kuaixun/2020/27414.html",
                       title_zh="建行“数字人民币钱包”上线（试点地区）：一至四类钱包及其限额，"
                       "据其服务协议", publisher_zh="西瓜财经")
ECNY_ACTION_PLAN = Source("关于进一步加强数字人民币管理服务体系和相关金融基础设施建设的行动方案 "
                          "(action plan on the e-CNY management and service system), as "
                          "reported", "PBoC", 2025, publisher_zh="中国人民银行",
                          title_zh="关于进一步加强数字人民币管理服务体系和相关金融基础设施建设的"
                          "行动方案（据新闻报道）")
UNIFIED_REGISTRY = Source("关于提供全国动产和权利担保统一登记服务的公告 (under 国发〔2020〕18号)",
                          "中国人民银行征信中心 PBoC Credit Reference Center", 2020,
                          "31 December 2020",
                          "《关于提供全国动产和权利担保统一登记服务的公告》（依据国发〔2020〕18号）",
                          "中国人民银行征信中心", "2020 年 12 月 31 日")
FASTFABRIC_2019 = Source("FastFabric: Scaling Hyperledger Fabric to 20,000 Transactions per "
                         "Second (C. Gorenflo, S. Lee, L. Golab, S. Keshav)",
                         "arXiv:1901.00910 (journal version: International Journal of Network "
                         "Management 30(5), 2020)",
                         2019, "abstract, 3 January 2019",
                         "FastFabric：把 Hyperledger Fabric 扩展到每秒 20,000 笔交易"
                         "（C. Gorenflo、S. Lee、L. Golab、S. Keshav）",
                         "arXiv:1901.00910（期刊版：《International Journal of Network "
                         "Management》2020 年第 30 卷第 5 期）", "摘要，2019 年 1 月 3 日")
XOX_FABRIC_2019 = Source("XOX Fabric: A hybrid approach to transaction execution "
                         "(C. Gorenflo, L. Golab, S. Keshav)", "arXiv:1906.11229", 2019,
                         "abstract, 26 June 2019",
                         "XOX Fabric：一种混合式的交易执行方法（C. Gorenflo、L. Golab、S. Keshav）",
                         "arXiv:1906.11229", "摘要，2019 年 6 月 26 日")

SAFE_PILOT_2019 = Source("外汇局跨境金融区块链服务平台 pilot (CNStock report, via Blocktribune)",
                         "上海证券报 CNStock", 2019, "April 2019",
                         "外汇局跨境金融区块链服务平台试点（上海证券报报道）", "上海证券报",
                         "2019 年 4 月")
SAFE_NOV_2019 = Source("SAFE deputy administrator Zhang Xin on the cross-border blockchain "
                       "platform (reported remarks, via Babbitt)", "巴比特 Babbitt, reporting SAFE",
                       2019, "late November 2019",
                       "国家外汇管理局副局长张新谈跨境金融区块链服务平台（巴比特转述）",
                       "巴比特，转述国家外汇管理局", "2019 年 11 月下旬")
CHINA_FOREX_2022 = Source("跨境金融服务平台助力缓解中小微企业融资难", "《中国外汇》(China Forex, "
                          "SAFE's magazine)", 2022, "No. 19", "《跨境金融服务平台助力缓解中小微企业"
                          "融资难》", "《中国外汇》", "2022 年第 19 期")
HKMA_MBRIDGE_2022 = Source("Project mBridge: Connecting economies through CBDC (report; press "
                           "release)", "Hong Kong Monetary Authority (HKMA)", 2022,
                           "26 October 2022", "《mBridge 项目：以央行数字货币连接经济体》"
                           "（报告；新闻稿）", "香港金融管理局", "2022 年 10 月 26 日")
MBRIDGE_2024 = Source("BIS announcements on mBridge (MVP and Saudi Central Bank, 5 June 2024; "
                      "BIS leaves, 31 October 2024), via press reports", "BIS, via CoinDesk "
                      "and others", 2024, "June and October 2024",
                      "国际清算银行关于 mBridge 的公告（2024 年 6 月进入最小可行产品阶段、沙特央行"
                      "加入；2024 年 10 月 31 日退出），据媒体报道", "国际清算银行，据媒体报道",
                      "2024 年 6 月、10 月")
XINHUA_EDANTONG_2021 = Source("工商银行发布“中欧e单通”2.0版 (Xinhua, 杨迪、李力可)",
                              "新华社 Xinhua", 2021, "1 April 2021",
                              "《工商银行发布“中欧e单通”2.0版》（新华社，杨迪、李力可）", "新华社",
                              "2021 年 4 月 1 日")
SIPX_2022 = Source("上海保险交易所发布《保交链平台白皮书(2022)》 (Securities Daily, 冷翠华)",
                   "证券日报", 2022, "2 July 2022",
                   "《上海保险交易所发布〈保交链平台白皮书(2022)〉》（证券日报，冷翠华）",
                   "证券日报", "2022 年 7 月 2 日")
CBIT_2020 = Source("成立七载 中国银保信为银行保险业高质量发展注入科技动能 (Financial News)",
                   "金融时报 Financial News", 2020, "31 July 2020",
                   "《成立七载 中国银保信为银行保险业高质量发展注入科技动能》（金融时报）",
                   "金融时报", "2020 年 7 月 31 日")
FINSTD_ASX_2022 = Source("ASX dumps CHESS replacement project (Financial Standard)",
                         "Financial Standard", 2022, "17 November 2022",
                         "《澳交所放弃 CHESS 替换项目》（英文报道）",
                         "Financial Standard（澳大利亚财经媒体）", "2022 年 11 月 17 日")

# fmt: off
XIONGAN_ECNY_WAGES_2022 = Source(
    "Xiong'an construction-fund blockchain system pays migrant workers' wages in e-CNY "
    "(观点网 report)", "观点网 (Guandian), on the guidance of Xiong'an's reform bureau, finance "
    "payment centre and the PBoC Xiong'an office", 2022, "late August 2022",
    "《建设银行河北雄安分行通过“雄安新区建设资金管理区块链信息系统”落地数字人民币穿透支付业务》",
    "观点网（雄安新区改革发展局、财政支付中心和人民银行雄安营管部联合指导）", "2022 年 8 月下旬")

HANGZHOU_EVIDENCE_2018 = Source(
    "Hangzhou Internet Court confirms for the first time the legal effect of blockchain "
    "evidence (杭州网)", "杭州网 (Hangzhou News)", 2018, "29 June 2018",
    "《杭州互联网法院 首次对区块链电子存证的法律效力予以确认》", "杭州网", "2018 年 6 月 29 日")

CASES: dict[str, Case] = {case.key: case for case in (
    Case("icbc_exin", ("ICBC e-Xin", "工银e信"), "2019-01", (
        Figure("enterprises", ("enterprises on chain", "上链企业"), 13_000, "count", "2020",
               SEED_UNDATED, at_least=True, zh_unit="家"),
        Figure("financed", ("financed", "累计融资"), 53_000_000_000, "yuan", "2020",
               SEED_UNDATED, at_least=True),
    ), note=("Digital credit vouchers (债权凭证) issued within an ICBC credit line; financing a "
             "piece is an assignment of the receivable (factoring 保理), not a bill discount",
             "在工行授信额度内签发的数字债权凭证；凭证融资是应收账款转让（保理），不是票据贴现"),
       source=SEED_ARTICLE),
    Case("pboc_trade_platform",
         ("PBoC trade-finance blockchain platform", "央行贸易金融区块链平台"), "2018-09-04", (
        Figure("banks_shenzhen", ("banks taking part in Shenzhen", "深圳参与推广应用的银行"),
               29, "count", "2019-10", PBOC_SZ_2019, zh_unit="家"),
        Figure("volume_shenzhen", ("of business in Shenzhen (about)", "深圳业务量约"),
               75_000_000_000, "yuan", "2019-10", PBOC_SZ_2019),
        Figure("banks", ("banks taking part", "参与银行"), 30, "count", "2020-01",
               SEED_ARTICLE, zh_unit="家"),
        Figure("volume", ("of business", "业务量"), 90_000_000_000, "yuan", "2020-01",
               SEED_ARTICLE, at_least=True),
    ), note=("Phase 1 live in Shenzhen on 4 September 2018; built by the PBoC Digital Currency "
             "Research Institute and the PBoC Shenzhen Central Sub-branch, which runs and "
             "supervises it",
             "2018 年 9 月 4 日一期在深圳上线试运行；由人民银行数字货币研究所和人民银行深圳市中心"
             "支行推动建设，深圳市中心支行负责运营与监管"),
       source=PBOC_SZ_2019),
    Case("digital_bill_2018", ("Digital bill platform", "数字票据交易平台"), "2018-01-25", (
        Figure("first_bill", ("first bill on chain", "首张上链票据"), 160_000, "yuan",
               "2018-01-25", SEED_ARTICLE),
    ), note=("Experimental production system of the Shanghai Commercial Paper Exchange; ICBC, "
             "Bank of China, SPDB and Bank of Hangzhou issued, accepted, discounted and "
             "transfer-discounted (转贴现, a sale between banks) digital bills on chain — not "
             "rediscounted (再贴现) at the central bank",
             "上海票据交易所数字票据交易平台实验性生产系统；工行、中行、浦发银行、杭州银行在链上完成"
             "数字票据的签发、承兑、贴现和转贴现（机构之间的买卖），而非向央行再贴现"),
       source=SHCPE_2018),
    Case("xiongan_funds", ("Xiong'an relocation-fund chain", "雄安征迁资金管理区块链平台"), "", (
        Figure("paid", ("paid out through the chain", "经链上拨付资金"), 50_000_000_000, "yuan",
               "2020", SEED_UNDATED, at_least=True),
    )),
    Case("citic_minsheng_bclc",
         ("CITIC–Minsheng blockchain domestic L/C (BCLC)", "中信–民生区块链国内信用证（BCLC）"),
         "2017-07", (
        Figure("volume", ("of real domestic L/C business in its first weeks",
                          "上线首月真实国内信用证业务量"), 100_000_000, "yuan", "2017-07-21",
               CITIC_BCLC_2017, at_least=True),
    ), note=("China CITIC Bank and China Minsheng Bank exchange L/C issuance, advice, "
             "presentation, acceptance and payment messages on a shared chain, in seconds",
             "中信银行与民生银行在共享链上传输信用证开证、通知、交单、承兑、付款报文，秒级到达"),
       source=CITIC_BCLC_2017),
    Case("everbright_ejl", ("Everbright 阳光交e链", "光大银行阳光交e链"), "", (
        Figure("volume", ("in deals", "交易金额"), 101_600_000_000, "yuan", "2020-04-10",
               SEED_ARTICLE),
        Figure("deals", ("deals", "完成交易"), 1477, "count", "2020-04-10", SEED_ARTICLE,
               zh_unit="笔"),
    )),
    Case("guangdong_sme", ("Guangdong SME financing platform", "广东省中小企业融资平台"), "", (
        Figure("banks", ("banks on the platform", "入驻银行"), 100, "count", "2020",
               SEED_UNDATED, zh_unit="家"),
        Figure("applied", ("applied for", "申请融资"), 11_100_000_000, "yuan", "2020",
               SEED_UNDATED),
        Figure("lent", ("lent", "实际放款"), 2_080_000_000, "yuan", "2020", SEED_UNDATED),
    )),
    Case("baidu_abs_2017",
         ("Baidu–Changan Xinsheng–Tianfeng 2017-1 ABS",
          "百度-长安新生-天风2017年第一期资产支持专项计划"),
         "2017-08", (
        Figure("size", ("issue size", "发行规模"), 400_000_000, "yuan", "2017-08", SSE_ABS_2017),
        Figure("senior_a", ("of the issue in senior tranche A (AAA)", "优先A级（AAA）占比"), 85,
               "percent", "2017-08", SSE_ABS_2017),
        Figure("senior_b", ("of the issue in senior tranche B (AA)", "优先B级（AA）占比"), 6,
               "percent", "2017-08", SSE_ABS_2017),
        Figure("subordinated", ("of the issue in the subordinated tranche", "次级占比"), 9,
               "percent", "2017-08", SSE_ABS_2017),
    ), note=("China's first exchange ABS using a blockchain: the Shanghai Stock Exchange issued "
             "its no-objection letter in August 2017; auto-loan receivables; Baidu ran the chain, "
             "Changan Xinsheng was the originator (原始权益人), Tianfeng Securities the manager",
             "国内首单运用区块链技术的交易所资产证券化产品：2017 年 8 月获上海证券交易所无异议函；"
             "基础资产为汽车消费信贷；百度搭建区块链，长安新生为原始权益人，天风证券为计划管理人"),
       source=SSE_ABS_2017),
    Case("shcpe_ecds",
         ("Shanghai Commercial Paper Exchange and ECDS", "上海票据交易所与电子商业汇票系统"),
         "2016-12-08", (), note=(
             "The central bill market: the exchange (票交所) was founded on 8 December 2016; the "
             "PBoC's electronic commercial draft system (ECDS) has recorded e-bills since 2009 and "
             "is now run by the exchange. It already stops a bill being sold twice, no chain "
             "needed",
             "全国统一的票据市场：上海票据交易所于 2016 年 12 月 8 日成立；人民银行电子商业汇票系统"
             "（ECDS）自 2009 年起登记电子票据，现由票交所运营。无需区块链，它已能防止一票多卖"),
         source=SHCPE_FOUNDED),
    Case("camlmac",
         ("China Anti-Money Laundering Monitoring and Analysis Center (CAMLMAC)",
          "中国反洗钱监测分析中心"), "2004", (
             Figure("large_value_reports", ("RMB large-value transaction reports received in "
                                            "the year", "全年接收人民币大额交易报告"),
                    102_000_000, "count", "2005", AML_REPORT_2005, zh_unit="笔"),
             Figure("suspicious_reports", ("RMB suspicious transaction reports received in the "
                                           "year", "全年接收人民币可疑交易报告"),
                    283_400, "count", "2005", AML_REPORT_2005, zh_unit="份"),
         ), note=(
             "The PBoC's financial intelligence unit: banks send it their large-value and "
             "suspicious transaction reports, and it analyses them across all banks and passes "
             "leads on — the one place that sees the whole network of transfers",
             "中国人民银行的金融情报机构：各金融机构向它报送大额交易和可疑交易报告，由它跨机构分析，"
             "并移送线索——这是唯一能看到全部资金网络的地方"),
         source=AML_REPORT_2005),
    Case("ecny_pilot_2020",
         ("e-CNY wallet classes in the 2020 pilot", "2020 年试点中的数字人民币钱包"), "2020", (
             Figure("class4_balance", ("balance cap of a class 4 (phone-number, anonymous) "
                                       "wallet", "四类钱包（手机号开立、匿名）余额上限"),
                    Decimal(1000), "yuan", "2020", CCB_ECNY_2020),
             Figure("class4_single", ("cap per payment of a class 4 wallet",
                                      "四类钱包单笔支付上限"),
                    Decimal(500), "yuan", "2020", CCB_ECNY_2020),
             Figure("class1_balance", ("balance cap of a class 1 wallet (opened in person)",
                                       "一类钱包（面对面开立）余额上限"),
                    Decimal(500000), "yuan", "2020", CCB_ECNY_2020),
         ), note=(
             "China Construction Bank's pilot wallet listed four classes: the more identity "
             "checks, the higher the caps (class 2: balance 10,000, 5,000 a payment, 10,000 a "
             "day; class 3: 2,000 each; class 4: 1,000, 500, 1,000). Operators set the current "
             "limits",
             "建设银行试点钱包分为四类：身份核验越充分，限额越高（二类：余额 1 万元、"
             "单笔 5,000 元、日累计 1 万元；三类：均为 2,000 元；四类：1,000 元、500 元、"
             "1,000 元）。现行限额由运营机构确定"),
         source=CCB_ECNY_2020),
    Case("ecny_deposits_2026", ("e-CNY becomes deposit money", "数字人民币计息"), "2026-01-01",
         (), note=(
             "Under the PBoC's action plan announced in December 2025, from 1 January 2026 the "
             "operating banks pay interest on real-name e-CNY wallet balances, like demand "
             "deposits, covered by deposit insurance; anonymous (class 4) wallets earn none",
             "根据中国人民银行 2025 年 12 月公布的行动方案，自 2026 年 1 月 1 日起，运营银行为实名"
             "数字人民币钱包余额计付利息，与活期存款类似，并纳入存款保险；匿名的四类钱包不计息"),
         source=ECNY_ACTION_PLAN),
    Case("zhongdengwang", ("Receivables registry 中登网", "中登网（动产融资统一登记公示系统）"),
         "2021-01-01", (), note=(
             "Run by the PBoC Credit Reference Center: receivables pledges registered since 2007; "
             "since 1 January 2021 one national registry for security interests in movables and "
             "rights, including receivables transfers and factoring — a financier searches it "
             "before paying, which is how double financing of a receivable is caught today",
             "由中国人民银行征信中心运营：2007 年起登记应收账款质押；2021 年 1 月 1 日起统一登记"
             "动产和权利担保，包括应收账款转让和保理——融资方放款前查询登记，这正是当今发现应收账款"
             "重复融资的办法"),
         source=UNIFIED_REGISTRY),
    Case("fastfabric_2019", ("FastFabric, a research prototype of Hyperledger Fabric",
                             "FastFabric 研究原型"), "2019-01", (
        Figure("before", ("transactions a second for unmodified Fabric, as the authors "
                          "measured it", "作者实测的未改动 Fabric 吞吐量"), 3000, "count",
               "2019-01", FASTFABRIC_2019, zh_unit="笔/秒"),
        Figure("after", ("transactions a second after the authors' changes to ordering and "
                         "validation, in their own test cluster",
                         "作者改造排序与验证环节后、在其测试集群中的吞吐量"), 20000, "count",
               "2019-01", FASTFABRIC_2019, zh_unit="笔/秒"),
    ), note=("The authors' own later paper (XOX Fabric) warns that such figures are the nominal "
             "throughput for workloads whose transactions do not compete for the same keys; "
             "when they do, the effective throughput drops drastically",
             "作者随后的论文（XOX Fabric）提醒：这类数字是交易之间互不争用同一数据键时的名义"
             "吞吐量；一旦争用，实际吞吐量会大幅下降"),
       source=XOX_FABRIC_2019),
    Case("safe_xborder_platform",
         ("SAFE cross-border financial blockchain service platform",
          "国家外汇管理局跨境金融区块链服务平台"), "2019-03-22", (
        Figure("enterprises", ("enterprises served", "累计服务企业"), 1590, "count",
               "2019-11-20", SAFE_NOV_2019, zh_unit="家"),
        Figure("provinces", ("provinces, municipalities and regions in the pilot",
                             "试点省（区、市）"), 17, "count", "2019-11", SAFE_NOV_2019,
               zh_unit="个"),
        Figure("financing_scenarios", ("financing scenarios on the platform",
                                       "融资类应用场景"), 6, "count", "2022", CHINA_FOREX_2022,
               zh_unit="个"),
    ), note=("Pilot opened on 22 March 2019 in seven provinces and municipalities with 14 banks, "
             "widened to 17 by November; by 20 November 2019 it had handled US$8.214 billion of "
             "export receivables financing, about 70% of the firms served being SMEs",
             "2019 年 3 月 22 日在 7 个省（市）、14 家银行启动试点，11 月扩大到 17 个省（区、市）；"
             "截至 2019 年 11 月 20 日，累计办理出口应收账款融资 82.14 亿美元，服务企业中约七成为"
             "中小企业"),
       source=SAFE_NOV_2019),
    Case("mbridge", ("Project mBridge (multi-CBDC bridge)", "多边央行数字货币桥（mBridge）"),
         "2021", (
        Figure("banks", ("commercial banks in the pilot", "参与试点的商业银行"), 20, "count",
               "2022-10-26", HKMA_MBRIDGE_2022, zh_unit="家"),
        Figure("transactions", ("payment and FX transactions in six weeks",
                                "六周内完成的支付和外汇交易"), 160, "count", "2022-10-26",
               HKMA_MBRIDGE_2022, at_least=True, zh_unit="笔"),
    ), note=("PBoC Digital Currency Institute, HKMA, Bank of Thailand and Central Bank of the UAE "
             "with the BIS Innovation Hub; the Q3 2022 pilot moved over HK$171 million (about "
             "US$22 million) of real value between four jurisdictions. It reached minimum viable "
             "product in June 2024, when the Saudi Central Bank joined; the BIS left the "
             "project on 31 October 2024",
             "由人民银行数字货币研究所、香港金管局、泰国央行、阿联酋央行与国际清算银行创新中心"
             "共同开展；2022 年第三季度的试点在四个司法辖区之间完成了超过 1.71 亿港元（约 2,200 "
             "万美元）的真实交易。2024 年 6 月进入最小可行产品阶段，沙特央行同时加入；国际清算"
             "银行于 2024 年 10 月 31 日退出该项目"),
       source=MBRIDGE_2024),
    Case("icbc_edantong", ("ICBC China–Europe e-document platform", "工商银行“中欧e单通”"),
         "2019-11", (
        Figure("trade_value", ("of foreign-trade goods on chain (“nearly”, as reported)",
                              "上链外贸货值近"),
               400_000_000, "yuan", "2021-04-01", XINHUA_EDANTONG_2021),
    ), note=("A blockchain platform for China–Europe rail trade, first shown at the 2nd China "
             "International Import Expo in November 2019; version 2.0 (1 April 2021, Chengdu "
             "International Railway Port) verifies multimodal logistics data, issues multimodal "
             "bills of lading online and lends to exporters (外贸e贷). A rail waybill is not a "
             "document of title in law; the rail bill's title effect rests on agreements",
             "服务中欧班列贸易的区块链金融平台，2019 年 11 月在第二届进博会首次发布；2.0 版"
             "（2021 年 4 月 1 日，成都国际铁路港）具备多式联运物流信息核验、多式联运提单线上签发"
             "和“外贸e贷”三项功能。铁路运单在法律上不是物权凭证，铁路提单的“物权”效力依靠各方"
             "协议"),
       source=XINHUA_EDANTONG_2021),
    Case("xiongan_wage_ecny",
         ("Xiong'an construction-fund chain: wages paid through to the worker",
          "雄安新区建设资金管理区块链信息系统：工资穿透支付到农民工"), "2022-08", (), note=(
             "A sub-contractor puts each worker's name, wallet number, ID number and wage on the "
             "chain as a payment request; the general contractor's smart contract pays the wages "
             "in e-CNY from its wallet through the sub-contractor's wallet to each worker's own "
             "wallet. The sub-contractor can only look, so it cannot hold back or divert the "
             "money; reported as a first in China",
             "分包企业通过区块链系统发起农民工工资支付申请，把农民工姓名、数字钱包编号、身份证号、"
             "发放金额等信息上链存证；总包企业依据链上申请，通过智能合约把工资款以数字人民币从总包"
             "钱包经分包钱包穿透支付到农民工个人钱包。分包企业只有查询权限，无法截留、挪用工资款；"
             "报道称为全国首例"),
         source=XIONGAN_ECNY_WAGES_2022),
    Case("hangzhou_evidence_2018",
         ("Hangzhou Internet Court: first judgment accepting blockchain evidence",
          "杭州互联网法院：首例认定区块链存证的判决"), "2018-06-28", (), note=(
             "Huatai Yimei (杭州华泰一媒) sued Shenzhen Daotong Technology (深圳市道同科技) for "
             "reposting an article whose online rights it held. Through a third-party evidence "
             "platform it captured the infringing web page and its source code, packed them "
             "with the call logs, and put the package's hash on the Factom and Bitcoin "
             "blockchains. The court examined the platform, the capture and the hash chain, "
             "accepted the evidence and found infringement",
             "杭州华泰一媒文化传媒有限公司诉深圳市道同科技发展有限公司侵害作品信息网络传播权。"
             "原告通过第三方存证平台自动抓取侵权网页并识别源码，把它们与调用日志等打包计算哈希值，"
             "上传至 Factom 区块链和比特币区块链。法院审查了存证平台、取证手段和哈希值链条后采信"
             "该证据，认定侵权成立"),
         source=HANGZHOU_EVIDENCE_2018),
    Case("sipx_chain", ("Shanghai Insurance Exchange chain", "上海保险交易所保交链"),
         "2017-09-01", (
        Figure("reinsurance", ("reinsurance deals registered on its reinsurance platform",
                               "数字化再保险登记清结算平台已支持再保险交易登记"), 24_000, "count",
               "2022-07", SIPX_2022, zh_unit="笔"),
        Figure("risk_queries", ("shares of risk information between insurers (anti-fraud)",
                                "行业风险信息共享（反欺诈）"), 8_000_000, "count", "2022-07",
               SIPX_2022, at_least=True, zh_unit="次"),
    ), note=("The industry chain of the Shanghai Insurance Exchange (上海保交所), released on "
             "1 September 2017 (何定 et al., 浅析保交所区块链底层保交链发展现状, 2017); by 2022 it "
             "ran more than ten applications, among them reinsurance registration and "
             "settlement, health-insurance claims linking "
             "hospitals, patients and insurers with the customer's authorisation (records "
             "encrypted, every access logged on chain), and fraud data shared between insurers",
             "上海保险交易所的行业级区块链底层平台，2017 年 9 月 1 日发布（据何定等"
             "《浅析保交所区块链底层保交链发展现状》，2017）；到 2022 年已推出十余项应用，"
             "包括再保险登记清结算、在客户授权下连接医疗机构、患者和保险公司的健康险理赔"
             "（医疗信息加密传输存储，调阅行为上链可追溯），以及保险机构间的风险信息共享"),
         source=SIPX_2022),
    Case("cbit", ("China Banking and Insurance Information Technology Management Co.",
                  "中国银行保险信息技术管理有限公司（中国银保信）"), "2013-07-31", (
        Figure("platforms", ("information-sharing platforms built (policy registration, motor, "
                             "agricultural, tax-deferred pension and health insurance, "
                             "intermediaries)",
                             "建成保单登记、车险、农险、税延养老险、健康险、保险中介等信息共享平台"),
               10, "count", "2020-07", CBIT_2020, at_least=True, zh_unit="个"),
    ), note=("Registered on 31 July 2013 as 中国保信 to build, run and manage the insurance "
             "industry's central information-sharing platforms, for insurers and for the "
             "supervisor: one company runs them centrally",
             "2013 年 7 月 31 日以“中国保信”之名注册成立，统一建设、运营和管理保险业信息共享"
             "平台，服务保险机构和监管部门：由一家机构集中运营"),
         source=CBIT_2020),
    Case("asx_chess",
         ("ASX CHESS replacement on DLT", "澳大利亚证券交易所 CHESS 替换项目（分布式账本）"), "", (
        Figure("complete", ("of the application software complete, by Accenture's independent "
                            "review", "埃森哲独立评估认定的应用软件完成度"), 63, "percent",
               "2022-11-17", FINSTD_ASX_2022),
    ), note=("ASX set out to replace CHESS, its clearing and settlement system, with a "
             "distributed ledger built with Digital Asset (in which it took a 5% stake); go-live "
             "slipped from 2021 to April 2022, then April 2023, then indefinitely. On 17 "
             "November 2022, after Accenture's independent review, it paused the project and "
             "wrote off the capitalised software: a pre-tax charge of up to A$255 million",
             "澳交所计划用与 Digital Asset（澳交所持有其 5% 股权）合作开发的分布式账本替换清算交收"
             "系统 CHESS；上线时间从 2021 年推迟到 2022 年 4 月、2023 年 4 月，后无限期推迟。"
             "2022 年 11 月 17 日，在埃森哲独立评估之后，澳交所暂停项目并注销已资本化的软件："
             "税前费用最高 2.55 亿澳元"),
         source=FINSTD_ASX_2022),
)}
# fmt: on
