"""The rules a blockchain finance project in China answers to (监管规则), as data.

Every law, regulation and standard the course cites lives here once, with its issuer, its
document number (文号) and its dates, so a notebook renders "商业汇票承兑、贴现与再贴现管理办法
(PBoC & CBIRC order 2022 No. 4, issued 11 November 2022, in force 1 January 2023)" from one
place. `CHECKLIST` lists what a bank's chain project must file and prove, each duty tied to
the rule and article it comes from; `duties(...)` picks the ones a given project owes.

>>> print(cite("blockchain_info", lang="en").split("; ", 1)[1])
CAC order No. 3; issued 10 January 2019, in force 15 February 2019)
>>> print(cite("blockchain_info", lang="zh").split("；")[0])
《区块链信息服务管理规定》（国家互联网信息办公室令第3号
>>> [duty.key for duty in duties(serves_public=True)][:2]
['file_with_cac', 'security_assessment']
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ledgerkit.cases import date_text
from ledgerkit.glossary import markdown_table
from ledgerkit.i18n import get_language

Bilingual = tuple[str, str]  # (English, 简体中文)


@dataclass(frozen=True)
class Regulation:
    """One law, regulation, notice or standard: names, issuer, number and dates.

    `issued` and `in_force` are ISO dates ("2019-01-10"); `in_force` is "" when the rule
    took effect on issue or when the course does not rely on the date. `number` is one text
    when both languages write it the same way (a Chinese 文号), else an (English, 中文) pair.
    A standard has a `code` ("JR/T 0184-2020"): English puts it in the title, Chinese in
    front of the 《》 with the dash of GB/T 1.1 ("JR/T 0184—2020《…》").
    """

    key: str
    title: Bilingual
    issuer: Bilingual
    number: str | Bilingual  # the document number (文号), e.g. "银发〔2021〕237号"; "" for a law
    issued: str
    in_force: str = ""
    code: str = ""  # a standard's number, e.g. "JR/T 0184-2020"; "" for other rules

    def number_in(self, lang: str) -> str:
        """The document number as `lang` writes it ("" for a law or a standard)."""
        return self.number if isinstance(self.number, str) else self.number[lang != "en"]


def regulation(key: str) -> Regulation:
    """The rule called `key` (see `REGULATIONS`); KeyError lists the keys there are."""
    try:
        return REGULATIONS[key]
    except KeyError:
        raise KeyError(f"no regulation {key!r}; they are: {', '.join(REGULATIONS)}") from None


def cite(key: str, lang: str | None = None) -> str:
    """A one-line citation of a rule, with issuer or number and its dates, in `lang`.

    >>> print(cite("bill_rules_2022", lang="zh").split("；")[1])
    2022 年 11 月 11 日发布，2023 年 1 月 1 日施行）
    """
    rule = regulation(key)
    if (lang or get_language()) != "en":
        parts = [rule.number_in("zh") or rule.issuer[1], f"{date_text('zh', rule.issued)}发布"]
        if rule.in_force:
            parts[-1] += f"，{date_text('zh', rule.in_force)}施行"
        return f"{rule.code.replace('-', '—')}《{rule.title[1]}》（{'；'.join(parts)}）"
    parts = [rule.number_in("en") or rule.issuer[0], f"issued {date_text('en', rule.issued)}"]
    if rule.in_force:
        parts[-1] += f", in force {date_text('en', rule.in_force)}"
    chinese = f"{rule.code} {rule.title[1]}" if rule.code else rule.title[1]
    return f"{rule.title[0]} ({chinese}; {'; '.join(parts)})"


@dataclass(frozen=True)
class Duty:
    """One thing a chain project must do or prove, the rule behind it and when it applies.

    `when` names the project trait that triggers it: "always", "serves_public",
    "personal_data", "credit_data" or "token". `article` is written the English way
    ("Art. 11"); `article_text` gives the Chinese one (第十一条).
    """

    key: str
    what: Bilingual
    rule: str  # a key of REGULATIONS
    article: str  # "Art. 11", "§ 8" or "" when the whole document applies
    when: str


def duties(*, serves_public: bool = False, personal_data: bool = False,
           credit_data: bool = False, token: bool = False) -> list[Duty]:
    """The duties a project owes, given what it does.

    >>> [duty.key for duty in duties(token=True)][-1]
    'no_token_business'
    """
    traits = {"always": True, "serves_public": serves_public, "personal_data": personal_data,
              "credit_data": credit_data, "token": token}
    return [duty for duty in CHECKLIST if traits[duty.when]]


_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """`n` (0-999) in Chinese numerals, as article numbers are written (第十六条).

    >>> [chinese_number(n) for n in (3, 10, 16, 21, 100, 105, 115, 120)]
    ['三', '十', '十六', '二十一', '一百', '一百零五', '一百一十五', '一百二十']
    """
    hundreds, tens, ones = n // 100, n // 10 % 10, n % 10
    written = _DIGITS[hundreds] + "百" if hundreds else ""
    if tens:  # 十六, but 一百一十五
        written += ("" if tens == 1 and not hundreds else _DIGITS[tens]) + "十"
    elif hundreds and ones:
        written += "零"
    if ones or not written:
        written += _DIGITS[ones]
    return written


# "Art. 11", "Arts. 13, 55", "ch. 2", "part 1 (一)", "§ 8": how each is written in Chinese
_PARTS = (
    (r"Arts?\. ([\d, ]+)", lambda m: "、".join(f"第{chinese_number(int(n))}条"
                                             for n in m[1].split(", "))),
    (r"ch\. (\d+)", lambda m: f"第{chinese_number(int(m[1]))}章"),
    (r"part (\d+)(?: \((.+)\))?", lambda m: f"第{chinese_number(int(m[1]))}部分"
     + (f"第（{m[2]}）项" if m[2] else "")),
    (r"§ (\d+)", lambda m: f"第{chinese_number(int(m[1]))}节"),
)


def article_text(article: str, lang: str | None = None) -> str:
    """An article reference as `lang` writes it: "Art. 16" in English, 第十六条 in Chinese.

    >>> article_text("Arts. 13, 55, 73", lang="zh")
    '第十三条、第五十五条、第七十三条'
    >>> article_text("ch. 2; Art. 16", lang="zh"), article_text("ch. 2; Art. 16", lang="en")
    ('第二章；第十六条', 'ch. 2; Art. 16')
    """
    if (lang or get_language()) == "en" or not article:
        return article
    written = []
    for part in article.split("; "):
        for pattern, chinese in _PARTS:
            if found := re.fullmatch(pattern, part):
                written.append(chinese(found))
                break
        else:
            raise ValueError(f"cannot write article {part!r} in Chinese: add its pattern")
    return "；".join(written)


def checklist_table(items: list[Duty] | None = None, lang: str | None = None) -> str:
    """The duties as a Markdown table: what, the rule (cited) and the article."""
    zh = (lang or get_language()) != "en"
    header = ["义务", "依据", "条款"] if zh else ["duty", "rule", "article"]
    rows = [[duty.what[1 if zh else 0], cite(duty.rule, lang), article_text(duty.article, lang)]
            for duty in (CHECKLIST if items is None else items)]
    return markdown_table(header, rows)


# --- the data -----------------------------------------------------------------------------
# Dates checked (2026-12) against the texts or their issuers' announcements as reported:
# CAC order No. 3 (10 Jan 2019, in force 15 Feb 2019; Art. 8 real name, Art. 9 security
# assessment, Art. 11 filing within 10 working days); JR/T 0193-2020 issued and in force
# 10 July 2020 (National Financial Standardization Technical Committee); JR/T 0184-2020
# released by the PBoC in February 2020; State Council order No. 631 published 21 Jan 2013,
# in force 15 Mar 2013; PBoC order 2021 No. 4 published 30 Sep 2021, in force 1 Jan 2022;
# 银发〔2021〕237号 dated 15 Sep 2021 (ten departments). PBoC order 2021 No. 7 is given to
# the month only.
# fmt: off
_LAWS = (
    Regulation("negotiable_instruments_law", ("Negotiable Instruments Law", "中华人民共和国票据法"),
               ("NPC Standing Committee", "全国人大常委会"), "", "1995-05-10", "1996-01-01"),
    Regulation("bill_rules_2022",
               ("Measures on the Acceptance, Discounting and Rediscounting of Commercial Drafts",
                "商业汇票承兑、贴现与再贴现管理办法"),
               ("PBoC & CBIRC", "中国人民银行、中国银保监会"),
               "中国人民银行、中国银保监会令〔2022〕第4号", "2022-11-11", "2023-01-01"),
    Regulation("ecds_rules_2009",
               ("Measures on Electronic Commercial Drafts", "电子商业汇票业务管理办法"),
               ("PBoC", "中国人民银行"), "中国人民银行令〔2009〕第2号", "2009-10-16"),
    Regulation("factoring_2014",
               ("Interim Measures on the Factoring Business of Commercial Banks",
                "商业银行保理业务管理暂行办法"),
               ("CBRC", "中国银监会"), "中国银监会令2014年第5号", "2014-04-03"),
    Regulation("civil_code", ("Civil Code", "中华人民共和国民法典"),
               ("NPC", "全国人民代表大会"), "", "2020-05-28", "2021-01-01"),
    Regulation("scf_226",
               ("Opinions on Regulating Supply-Chain Finance",
                "关于规范发展供应链金融 支持供应链产业链稳定循环和优化升级的意见"),
               ("PBoC and seven other departments", "中国人民银行等八部门"), "银发〔2020〕226号",
               "2020-09-18"),
    Regulation("scf_notice_2025",
               ("Notice on Regulating Supply-Chain Finance Business and Guiding Supply-Chain "
                "Information Service Providers to Better Serve SME Financing",
                "关于规范供应链金融业务 引导供应链信息服务机构更好服务中小企业融资有关事宜的通知"),
               ("PBoC and five other departments", "中国人民银行等六部门"), "银发〔2025〕77号",
               "2025-04"),
    Regulation("security_registration_2021",
               ("Measures on Unified Registration of Security Interests in Movables and Rights",
                "动产和权利担保统一登记办法"),
               ("PBoC", "中国人民银行"), "中国人民银行令〔2021〕第7号", "2021-12", "2022-02-01"),
    Regulation("credit_reporting_regs_2013",
               ("Regulations on the Administration of the Credit Reporting Industry",
                "征信业管理条例"),
               ("State Council", "国务院"), "国务院令第631号", "2013-01-21", "2013-03-15"),
    Regulation("credit_reporting_measures_2021",
               ("Measures on the Administration of Credit Reporting Business", "征信业务管理办法"),
               ("PBoC", "中国人民银行"), "中国人民银行令〔2021〕第4号", "2021-09-30", "2022-01-01"),
    Regulation("pipl",
               ("Personal Information Protection Law (PIPL)", "中华人民共和国个人信息保护法"),
               ("NPC Standing Committee", "全国人大常委会"), "", "2021-08-20", "2021-11-01"),
    Regulation("aml_law_2024",
               ("Anti-Money Laundering Law (revised 2024)", "中华人民共和国反洗钱法"),
               ("NPC Standing Committee", "全国人大常委会"), "", "2024-11-08", "2025-01-01"),
    Regulation("cdd_measures_2025",
               ("Measures on Customer Due Diligence and the Keeping of Customer Identity "
                "Information and Transaction Records by Financial Institutions",
                "金融机构客户尽职调查和客户身份资料及交易记录保存管理办法"),
               ("PBoC, NFRA and CSRC",
                "中国人民银行、国家金融监督管理总局、中国证券监督管理委员会"),
               "", "2025-11-28", "2026-01-01"),
    Regulation("large_value_reports_2016",
               ("Measures on Large-Value and Suspicious Transaction Reports by Financial "
                "Institutions", "金融机构大额交易和可疑交易报告管理办法"),
               ("PBoC", "中国人民银行"), "中国人民银行令〔2016〕第3号", "2016-12-28", "2017-07-01"),
    Regulation("insurance_law",
               ("Insurance Law (2015 amendment)", "中华人民共和国保险法（2015 年修正）"),
               ("NPC Standing Committee", "全国人大常委会"), "", "2015-04-24"),
    Regulation("securities_law",
               ("Securities Law (2019 revision)", "中华人民共和国证券法（2019 年修订）"),
               ("NPC Standing Committee", "全国人大常委会"), "", "2019-12-28", "2020-03-01"),
    Regulation("us_t1_rule",
               ("SEC amendments to Rule 15c6-1: T+1 settlement",
                "美国证券交易委员会第 15c6-1 条规则修订（T+1 结算）"),
               ("US Securities and Exchange Commission", "美国证券交易委员会"), "",
               "2023-02-15", "2024-05-28"),
    Regulation("eu_t1_proposal",
               ("Proposal amending the CSDR for a T+1 settlement cycle, to apply from "
                "11 October 2027",
                "关于修订〈中央证券存管机构条例〉、实行 T+1 结算周期的提案"
                "（拟自 2027 年 10 月 11 日起适用）"),
               ("European Commission", "欧盟委员会"), "COM(2025) 38", "2025-02-12"),
    Regulation("data_security_law", ("Data Security Law", "中华人民共和国数据安全法"),
               ("NPC Standing Committee", "全国人大常委会"), "", "2021-06-10", "2021-09-01"),
    Regulation("blockchain_info",
               ("Provisions on the Administration of Blockchain Information Services",
                "区块链信息服务管理规定"),
               ("Cyberspace Administration of China (CAC)", "国家互联网信息办公室"),
               ("CAC order No. 3", "国家互联网信息办公室令第3号"), "2019-01-10", "2019-02-15"),
    Regulation("jrt_0184", ("JR/T 0184-2020 Security specification of financial distributed ledger "
                            "technology", "金融分布式账本技术安全规范"),
               ("PBoC", "中国人民银行"), "", "2020-02-05", code="JR/T 0184-2020"),
    Regulation("jrt_0193", ("JR/T 0193-2020 Financial application of blockchain technology — "
                            "evaluation rules", "区块链技术金融应用 评估规则"),
               ("PBoC", "中国人民银行"), "", "2020-07-10", "2020-07-10", code="JR/T 0193-2020"),
    Regulation("virtual_currency_237",
               ("Notice on Further Preventing and Disposing of the Risks of Virtual-Currency "
                "Trading Speculation", "关于进一步防范和处置虚拟货币交易炒作风险的通知"),
               ("PBoC and nine other departments", "中国人民银行等十部门"), "银发〔2021〕237号",
               "2021-09-15"),
    # First issued as State Council order No. 728 (2020); revised text checked 2026-12 as
    # reported: Art. 9, large enterprises pay SMEs within 60 days of delivery, no
    # "pay when paid" (背靠背) clauses.
    Regulation("sme_payment_regs",
               ("Regulations on Ensuring Payments to Small and Medium-sized Enterprises",
                "保障中小企业款项支付条例"),
               ("State Council", "国务院"), ("State Council order No. 802", "国务院令第802号"),
               "2025-03-17", "2025-06-01"),
)

# Letters of credit: the domestic measures (number from the 国内信用证审单规则 announcement of
# 18 Aug 2016, which cites it; the issue date is given to the year only) and ICC's UCP 600,
# adopted by the ICC Banking Commission on 25 Oct 2006, used from 1 Jul 2007.
_LAWS += (
    Regulation("domestic_lc_2016",
               ("Measures on Domestic Letter of Credit Settlement", "国内信用证结算办法"),
               ("PBoC & CBRC", "中国人民银行、中国银监会"),
               "中国人民银行 中国银行业监督管理委员会公告〔2016〕第10号", "2016"),
    Regulation("ucp600",
               ("Uniform Customs and Practice for Documentary Credits, 2007 Revision (UCP 600)",
                "跟单信用证统一惯例（UCP 600）"),
               ("International Chamber of Commerce (ICC)", "国际商会"),
               ("ICC Publication No. 600", "国际商会第600号出版物"), "2006-10-25", "2007-07-01"),
    # Adopted by the UN General Assembly on 15 Dec 2025 (UN press release UNIS/L/390); open
    # for signature in Accra in the second half of 2026; in force after ten ratifications.
    Regulation("ncd_convention",
               ("United Nations Convention on Negotiable Cargo Documents",
                "联合国可转让货物单证公约"),
               ("UN General Assembly (UNCITRAL text)", "联合国大会（联合国国际贸易法委员会起草）"),
               "", "2025-12-15"),
    # Checked 2026-12 against the published texts as reported: State Council order No. 724,
    # signed 30 Dec 2019, in force 1 May 2020 (Art. 26: the dedicated wage account).
    Regulation("migrant_wages_2019",
               ("Regulations on Ensuring the Payment of Wages to Migrant Workers",
                "保障农民工工资支付条例"),
               ("State Council", "国务院"), ("State Council order No. 724", "国务院令第724号"),
               "2019-12-30", "2020-05-01"),
    # Checked 2026-12 as reported: Electronic Signature Law adopted 28 Aug 2004, in force
    # 1 Apr 2005, amended 24 Apr 2015 and 23 Apr 2019 (Arts. 7-8: data messages as evidence);
    # 法释〔2018〕16号 published 6 Sep 2018, in force 7 Sep 2018 (Art. 11); 法释〔2021〕12号
    # published 16 Jun 2021, in force 1 Aug 2021 (Arts. 16-19: blockchain evidence).
    Regulation("e_signature_law", ("Electronic Signature Law", "中华人民共和国电子签名法"),
               ("NPC Standing Committee", "全国人大常委会"), "", "2004-08-28", "2005-04-01"),
    Regulation("internet_courts_2018",
               ("Provisions on Several Issues Concerning the Trial of Cases by Internet Courts",
                "最高人民法院关于互联网法院审理案件若干问题的规定"),
               ("Supreme People's Court", "最高人民法院"), "法释〔2018〕16号", "2018-09-06",
               "2018-09-07"),
    Regulation("online_litigation_2021",
               ("Online Litigation Rules of the People's Courts", "人民法院在线诉讼规则"),
               ("Supreme People's Court", "最高人民法院"), "法释〔2021〕12号", "2021-06-16",
               "2021-08-01"),
)

REGULATIONS: dict[str, Regulation] = {rule.key: rule for rule in _LAWS}

CHECKLIST: tuple[Duty, ...] = (
    Duty("file_with_cac",
         ("File the service with the CAC's blockchain filing system within 10 working days of "
          "starting to serve the public", "向社会公众提供服务之日起 10 个工作日内，在网信办区块链"
          "信息服务备案管理系统备案"),
         "blockchain_info", "Art. 11", "serves_public"),
    Duty("security_assessment",
         ("Have a security assessment before launching a new product, application or function",
          "上线新产品、新应用、新功能前，报请安全评估"),
         "blockchain_info", "Art. 9", "serves_public"),
    Duty("real_name",
         ("Verify users' real identity (organisation code, ID number or mobile number)",
          "对使用者进行真实身份信息认证（组织机构代码、身份证件号码或手机号码）"),
         "blockchain_info", "Art. 8", "serves_public"),
    Duty("dlt_security",
         ("Meet the security specification for financial DLT: hardware, software, cryptography "
          "(national SM2/SM3/SM4 algorithms), node communication, ledger data, consensus, smart "
          "contracts, identity, privacy, support for supervision, operations and governance",
          "符合金融分布式账本安全规范：基础软硬件、密码算法（国密 SM2/SM3/SM4）、节点通信、"
          "账本数据、共识协议、智能合约、身份管理、隐私保护、监管支撑、运维和治理"),
         "jrt_0184", "", "always"),
    Duty("evaluation",
         ("Have the application evaluated: basic functions, performance and security",
          "开展区块链技术金融应用评估：基本要求、性能和安全性"),
         "jrt_0193", "", "always"),
    Duty("data_classification",
         ("Classify the data and protect it by class; name who is responsible for data security",
          "对数据分类分级保护，明确数据安全负责人"),
         "data_security_law", "Arts. 21, 27", "always"),
    Duty("legal_basis",
         ("Have a legal basis (e.g. consent) for each personal record, and assess the impact "
          "before processing sensitive data; a salted hash is de-identified (去标识化), still "
          "personal information, not anonymised (匿名化)",
          "每项个人信息的处理都要有合法性基础（如同意），处理敏感个人信息前做影响评估；加盐哈希属于"
          "去标识化，仍是个人信息，不是匿名化"),
         "pipl", "Arts. 13, 55, 73", "personal_data"),
    Duty("credit_licence",
         ("Before collecting and sharing credit information such as a blacklist: a licence "
          "from the PBoC for personal credit reporting (a filing with the PBoC for enterprise "
          "credit reporting); keep negative records 5 years from the end of the bad behaviour",
          "采集、共享信用信息（如黑名单）前：个人征信业务须经人民银行许可，企业征信业务须向人民银行"
          "备案；不良信息自不良行为终止之日起保存 5 年"),
         "credit_reporting_regs_2013", "ch. 2; Art. 16", "credit_data"),
    Duty("no_token_business",
         ("Issue no token or virtual currency to raise funds and run no trading in one: in China "
          "these are illegal financial activities",
          "不得发行代币融资，不得开展虚拟货币交易：在中国属于非法金融活动"),
         "virtual_currency_237", "part 1 (一)", "token"),
)
# fmt: on
