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

    >>> Source("ICBC annual report 2020", "ICBC", 2021).cite()
    'ICBC annual report 2020 (ICBC, 2021)'
    """

    title: str
    publisher: str
    year: int
    where: str = ""  # a section, page or web address, where one is known

    def cite(self) -> str:
        """A one-line citation: title (publisher, year[, where])."""
        details = ", ".join(part for part in (self.publisher, str(self.year), self.where) if part)
        return f"{self.title} ({details})"


@dataclass(frozen=True)
class Figure:
    """One published figure of a case: what it counts, its value, the date it describes.

    `as_of` is a year ("2020"), a month ("2020-01") or a day ("2020-04-10"). `at_least` marks
    figures published as "over" (超过, 逾).
    """

    key: str
    what: Bilingual
    value: int | Decimal  # in yuan when `unit` is "yuan", else a plain count
    unit: str  # "yuan" or "count"; yuan are written as 亿元/万元 in Chinese, billion in English
    as_of: str
    source: Source
    at_least: bool = False


@dataclass(frozen=True)
class Case:
    """A real platform or deal: its name in both languages and its sourced figures."""

    key: str
    name: Bilingual
    since: str  # when it started, as a year, month or day ("" when not published)
    figures: tuple[Figure, ...]

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
    """
    number = Decimal(value)
    if unit == "count":
        return _plain(number)
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
    """
    zh = (lang or get_language()) != "en"
    if zh:
        over = "超过 " if item.at_least else ""
        value = amount_text(item.value, item.unit, "zh")
        return f"{item.what[1]}{over}{value}（截至 {_as_of_zh(item.as_of)}）"
    over = "over " if item.at_least else ""
    value = amount_text(item.value, item.unit, "en")
    return f"{over}{value} {item.what[0]} (as of {_as_of_en(item.as_of)})"


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


def _as_of_en(as_of: str) -> str:
    parts = as_of.split("-")
    if len(parts) == 1:
        return parts[0]
    month = _MONTHS[int(parts[1]) - 1]
    return f"{month} {parts[0]}" if len(parts) == 2 else f"{int(parts[2])} {month} {parts[0]}"


def _as_of_zh(as_of: str) -> str:
    parts = as_of.split("-")
    suffixes = ("年", "月", "日")
    return " ".join(f"{int(part)} {suffix}" for part, suffix in zip(parts, suffixes))


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
    source_word = "来源" if zh else "source"
    lines = [head]
    lines += [f"- {figure_text(f, lang)} — {source_word}: {f.source.cite()}" for f in item.figures]
    return "\n".join(lines)


def cases_table(keys: tuple[str, ...] | None = None, lang: str | None = None) -> str:
    """The cases at a glance as a Markdown table: name, since, figures (each dated)."""
    zh = (lang or get_language()) != "en"
    header = ["案例", "起始", "主要数据"] if zh else ["case", "since", "key figures"]
    rows = []
    for key in keys or tuple(CASES):
        item = case(key)
        since = (_as_of_zh if zh else _as_of_en)(item.since) if item.since else ""
        figures = "; ".join(figure_text(f, lang) for f in item.figures)
        rows.append([item.name[1] if zh else item.name[0], since, figures])
    return markdown_table(header, rows)


# --- the data -----------------------------------------------------------------------------
# Sources: where the course's seed article is the only source we hold, it is cited as such;
# replace it with the primary document (annual report, regulator notice) where one is found.
SEED_ARTICLE = Source("区块链金融应用 — the course's seed article on blockchain finance cases",
                      "ledgerkit course", 2020)

# fmt: off
CASES: dict[str, Case] = {case.key: case for case in (
    Case("icbc_exin", ("ICBC e-Xin", "工银e信"), "2019-01", (
        Figure("enterprises", ("enterprises on chain", "上链企业"), 13_000, "count", "2020",
               SEED_ARTICLE, at_least=True),
        Figure("financed", ("financed", "累计融资"), 53_000_000_000, "yuan", "2020",
               SEED_ARTICLE, at_least=True),
    )),
    Case("pboc_trade_platform",
         ("PBoC trade-finance blockchain platform", "央行贸易金融区块链平台"), "2018-09-04", (
        Figure("banks", ("banks taking part", "参与银行（家）"), 30, "count", "2020-01",
               SEED_ARTICLE),
        Figure("volume", ("of business", "业务量"), 90_000_000_000, "yuan", "2020-01",
               SEED_ARTICLE, at_least=True),
    )),
    Case("digital_bill_2018", ("Digital bill platform", "数字票据交易平台"), "2018-01-25", (
        Figure("first_bill", ("first bill on chain", "首张上链票据"), 160_000, "yuan",
               "2018-01-25", SEED_ARTICLE),
    )),
    Case("xiongan_funds", ("Xiong'an relocation-fund chain", "雄安征迁资金管理区块链平台"), "", (
        Figure("paid", ("paid out through the chain", "经链上拨付资金"), 50_000_000_000, "yuan",
               "2020", SEED_ARTICLE, at_least=True),
    )),
    Case("everbright_ejl", ("Everbright 阳光交e链", "光大银行阳光交e链"), "", (
        Figure("volume", ("in deals", "交易金额"), 101_600_000_000, "yuan", "2020-04-10",
               SEED_ARTICLE),
        Figure("deals", ("deals", "交易笔数"), 1477, "count", "2020-04-10", SEED_ARTICLE),
    )),
    Case("guangdong_sme", ("Guangdong SME financing platform", "广东省中小企业融资平台"), "", (
        Figure("banks", ("banks on the platform", "入驻银行（家）"), 100, "count", "2020",
               SEED_ARTICLE),
        Figure("applied", ("applied for", "申请融资"), 11_100_000_000, "yuan", "2020",
               SEED_ARTICLE),
        Figure("lent", ("lent", "实际放款"), 2_080_000_000, "yuan", "2020", SEED_ARTICLE),
    )),
)}
# fmt: on
