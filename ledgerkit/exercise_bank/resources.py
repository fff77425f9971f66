"""Exercises of module 00, the course resources (链资源): start page, glossary, case library.

>>> from ledgerkit.exercises import check
>>> bool(check("resources.glossary.1", "债权凭证"))
True
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ledgerkit.cases import case
from ledgerkit.exercise_bank._answers import letter
from ledgerkit.exercises import Bilingual, exercise
from ledgerkit.glossary import lookup
from ledgerkit.i18n import LANGUAGES


def _billion(key: str, figure: str) -> float:
    """A yuan figure of the case library in billion yuan (a reported statistic, so a float)."""
    return float(case(key).figure(figure).value) / 1e9


# Published figures of the case library, read from ledgerkit.cases (dated and sourced there)
# so an exercise never drifts from the figure the notebook shows.
GUANGDONG_APPLIED_BN = _billion("guangdong_sme", "applied")  # 11.1, as of 2020
GUANGDONG_LENT_BN = _billion("guangdong_sme", "lent")  # 2.08, as of 2020
PBOC_PLATFORM_BN = _billion("pboc_trade_platform", "volume")  # 90, as of January 2020
PBOC_PLATFORM_BANKS = int(case("pboc_trade_platform").figure("banks").value)  # 30
EVERBRIGHT_BN = _billion("everbright_ejl", "volume")  # 101.6, as of 10 April 2020
EVERBRIGHT_DEALS = int(case("everbright_ejl").figure("deals").value)  # 1,477

# A one-decimal answer is right when it is within half a step of the rounded reference.
_TOLERANCE = 0.05 + 1e-9


def _number(answer: Any) -> float | None:
    """The answer as a float when it is a plain number, else None (True is not a number)."""
    if isinstance(answer, bool) or not isinstance(answer, (int, float, Decimal)):
        return None
    return float(answer)


def _near(value: float, target: float) -> bool:
    return abs(value - target) <= _TOLERANCE


_NOT_A_NUMBER: Bilingual = (
    "Give a number, e.g. 12.3 (a calculation in place of None), not text.",
    "请给出一个数字，例如 12.3（用算式替换 None），而不是文本。",
)
_NOT_TEXT: Bilingual = (
    'Give the term as text in quotes, e.g. "...".',
    '请把术语写成带引号的文本，例如 "..."。',
)


# --- start page -------------------------------------------------------------------------


@exercise(
    "resources.start.1",
    # The course speaks English first; every other code in LANGUAGES is Chinese.
    reference=lambda: next(code for code in LANGUAGES if code != "en"),
    wrong_answers=("en", "cn", "ZH", "zh-CN", "chinese", "中文"),
    why=(
        'set_language("zh") switches messages, hints and widgets to Simplified Chinese.',
        'set_language("zh") 会把提示、错误信息和小部件切换为简体中文。',
    ),
)
def _language_code(answer: Any) -> Bilingual | None:
    if not isinstance(answer, str):
        return _NOT_TEXT
    if answer == "en":
        return ("That is the code for English.", "这是英文的代码。")
    if answer.strip().lower() in LANGUAGES and answer not in LANGUAGES:
        return (
            "Write the code exactly: lower case, no spaces.",
            "语言代码要原样书写：小写字母，不带空格。",
        )
    if answer not in LANGUAGES:
        return (
            "The course knows exactly two codes; they are listed in ledgerkit.i18n.LANGUAGES.",
            "课程只认识两个语言代码，它们列在 ledgerkit.i18n.LANGUAGES 中。",
        )
    return None


# --- glossary ----------------------------------------------------------------------------


@exercise(
    "resources.glossary.1",
    reference=lambda: lookup("credit voucher")[0].chinese,
    wrong_answers=("债券", "应收账款", "凭证", "credit voucher", 1),
    why=(
        "A credit voucher (债权凭证) is the core enterprise's digital promise to pay; "
        "suppliers split and pass it on.",
        "债权凭证是核心企业的数字化付款承诺，供应商可以拆分并流转。",
    ),
)
def _credit_voucher(answer: Any) -> Bilingual | None:
    if not isinstance(answer, str):
        return _NOT_TEXT
    given = answer.strip()
    if given == lookup("credit voucher")[0].chinese:
        return None
    if given == "债券":
        return (
            "债券 is a bond, a security sold to investors. The voucher is a claim on a "
            "core enterprise.",
            "债券是卖给投资者的证券；这里要的是核心企业付款承诺的数字化形式。",
        )
    if given == "应收账款":
        return (
            "That is the receivable itself. The question asks for the digital voucher that "
            "represents it.",
            "这是应收账款本身；题目问的是代表它的数字凭证。",
        )
    if given.isascii():
        return ("Answer in Chinese characters.", "请用汉字作答。")
    return (
        "Search the glossary with lookup() from ledgerkit.glossary.",
        "可以用 ledgerkit.glossary 中的 lookup() 查一查术语表。",
    )


_OBSERVER_ANSWERS = {"observer", "observer node", "观察节点"}


@exercise(
    "resources.glossary.2",
    reference=lambda: lookup("observer")[0].english,
    wrong_answers=("consensus node", "共识节点", "free node", "游离节点", "miner", None),
    why=(
        "An observer node (观察节点) keeps a full copy for reading and auditing, but has no "
        "vote on new blocks.",
        "观察节点保存完整数据用于查询和审计，但不参与新区块的投票。",
    ),
)
def _observer_node(answer: Any) -> Bilingual | None:
    if not isinstance(answer, str):
        return _NOT_TEXT
    given = answer.strip().casefold()
    if given in _OBSERVER_ANSWERS:
        return None
    if "consensus" in given or "共识" in given or "记账" in given:
        return (
            "A consensus node does vote: it keeps the books. Look for a node that only watches.",
            "共识节点要投票记账。请找一种只“看”不投票的节点。",
        )
    if "free" in given or "游离" in given:
        return (
            "A free node holds no ledger data at all, so it cannot sync everything.",
            "游离节点根本不保存账本数据，所以谈不上同步全部数据。",
        )
    return (
        "Consortium chains have three kinds of node; look up 'node' in the glossary.",
        "联盟链有三种节点；在术语表里查一查“节点”。",
    )


def _normalise(term: str) -> str:
    """Lower case, with hyphens and repeated spaces treated as single spaces."""
    return " ".join(term.replace("-", " ").casefold().split())


_SEE_THROUGH_ANSWERS = {"see through supervision", "look through supervision"}


@exercise(
    "resources.glossary.3",
    reference=lambda: lookup("穿透式监管")[0].english,
    wrong_answers=("supervision", "regulator", "穿透式监管", "transparency", 0),
    why=(
        "See-through supervision (穿透式监管) lets the regulator follow a deal through "
        "every layer to the underlying asset.",
        "穿透式监管让监管者沿交易的每一层一直看到底层资产。",
    ),
)
def _see_through(answer: Any) -> Bilingual | None:
    if not isinstance(answer, str):
        return _NOT_TEXT
    given = _normalise(answer)
    if given in _SEE_THROUGH_ANSWERS:
        return None
    if not given.isascii():
        return ("The question asks for the English term.", "题目要的是英文术语。")
    if given in {"supervision", "regulation"}:
        return (
            "Right area, but which kind of supervision? The Chinese 穿透 tells you.",
            "方向对了，但是哪一种监管？“穿透”二字就是提示。",
        )
    return (
        "Try lookup() with the Chinese term: it searches both languages.",
        "用 lookup() 按中文术语查一查：它能同时搜索两种语言。",
    )


# --- case library ------------------------------------------------------------------------


@exercise(
    "resources.cases.1",
    reference=lambda: round(GUANGDONG_LENT_BN / GUANGDONG_APPLIED_BN * 100, 1),
    wrong_answers=(0.187, 0.19, 533.7, 81.3, 19, "18.7%"),
    why=(
        "2.08 ÷ 11.1 ≈ 0.187: banks lent about 18.7% of what SMEs applied for.",
        "2.08 ÷ 11.1 ≈ 0.187：银行放款约为中小企业申请额的 18.7%。",
    ),
)
def _guangdong_ratio(answer: Any) -> Bilingual | None:
    value = _number(answer)
    if value is None:
        return _NOT_A_NUMBER
    expected = round(GUANGDONG_LENT_BN / GUANGDONG_APPLIED_BN * 100, 1)
    if _near(value, expected):
        return None
    if _near(value * 100, expected):
        return (
            "That is a fraction; a percentage is 100 times larger.",
            "这是小数形式；百分比要再乘以 100。",
        )
    if _near(value, round(GUANGDONG_APPLIED_BN / GUANGDONG_LENT_BN * 100, 1)):
        return (
            "Divided the wrong way round: the part (lent) goes on top.",
            "除反了：部分（放款额）应作分子。",
        )
    if _near(value, round(100 - expected, 1)):
        return (
            "That is the share that was NOT lent.",
            "这是没有放款的那部分比例。",
        )
    return (
        "Divide the amount lent by the amount applied for, times 100, rounded to 1 decimal.",
        "用放款额除以申请额，再乘以 100，保留 1 位小数。",
    )


@exercise(
    "resources.cases.2",
    reference=lambda: round(PBOC_PLATFORM_BN / PBOC_PLATFORM_BANKS, 1),
    wrong_answers=(0.3, 0.33, 2700, 3000, 90, 30, "3"),
    why=(
        "90 billion yuan over 30 banks is 3 billion yuan of trade finance per bank on average.",
        "900 亿元分摊到 30 家银行，平均每家约 30 亿元贸易融资。",
    ),
)
def _pboc_per_bank(answer: Any) -> Bilingual | None:
    value = _number(answer)
    if value is None:
        return _NOT_A_NUMBER
    expected = round(PBOC_PLATFORM_BN / PBOC_PLATFORM_BANKS, 1)
    if _near(value, expected):
        return None
    if _near(value / 1000, expected):
        return (
            "Looks like million yuan; the question asks in billion yuan.",
            "这看起来是以百万元计；题目要求以十亿元为单位。",
        )
    if value < 1:
        return (
            "Divided the wrong way round: the amount goes on top, the banks below.",
            "除反了：金额作分子，银行数作分母。",
        )
    if value in (PBOC_PLATFORM_BN, PBOC_PLATFORM_BANKS):
        return (
            "That is one of the given figures; combine both of them.",
            "这是题目给出的一个数字；需要把两个数字结合起来算。",
        )
    return (
        "An average per bank: total amount divided by the number of banks.",
        "每家银行的平均值：总金额除以银行数量。",
    )


@exercise(
    "resources.cases.3",
    reference=lambda: round(EVERBRIGHT_BN * 1000 / EVERBRIGHT_DEALS, 1),
    wrong_answers=(0.07, 0.1, 14.5, 68788761, 6.9, None),
    why=(
        "101.6 billion yuan over 1,477 deals is about 68.8 million yuan a deal: "
        "large deals between institutions.",
        "1016 亿元、1477 笔交易，平均每笔约 6880 万元，都是机构之间的大额交易。",
    ),
)
def _everbright_deal_size(answer: Any) -> Bilingual | None:
    value = _number(answer)
    if value is None:
        return _NOT_A_NUMBER
    expected = round(EVERBRIGHT_BN * 1000 / EVERBRIGHT_DEALS, 1)
    if _near(value, expected):
        return None
    if value < 1:
        return (
            "That is in billion yuan; 1 billion is 1,000 million.",
            "这是以十亿元为单位；1 十亿元 = 1000 百万元。",
        )
    if value > 10_000:
        return (
            "That is in yuan; the question asks in million yuan.",
            "这是以元为单位；题目要求以百万元为单位。",
        )
    if value < 20:
        return (
            "Check the units and the direction: million yuan per deal, so amount over deals.",
            "检查单位和除法方向：求每笔多少百万元，应当金额除以笔数。",
        )
    return (
        "Convert the total to million yuan, divide by the number of deals, round to 1 decimal.",
        "先把总额换算成百万元，再除以笔数，保留 1 位小数。",
    )


# --- regulation ------------------------------------------------------------------------------
# The rules behind each answer live in ledgerkit.regulation (CHECKLIST, REGULATIONS).

FILING_DAYS = 10  # 区块链信息服务管理规定 (CAC order No. 3, 2019) Art. 11: working days


@exercise(
    "resources.regulation.1",
    reference=lambda: FILING_DAYS,
    wrong_answers=(15, 30, 7, 20, "ten", 0),
    why=(
        "Art. 11 of the CAC's 2019 provisions: file within 10 working days of starting to "
        "serve the public.",
        "《区块链信息服务管理规定》第十一条：自提供服务之日起 10 个工作日内备案。",
    ),
)
def _filing_days(answer: Any) -> Bilingual | None:
    if isinstance(answer, bool) or not isinstance(answer, int):
        return ("Give a whole number of days, without quotes.", "请给出天数（整数），不要加引号。")
    if answer == FILING_DAYS:
        return None
    if answer in (15, 20, 30):
        return ("Too long: the provisions count working days, and fewer of them.",
                "太长了：规定按工作日计算，而且更短。")
    return ("Look up the filing duty in CHECKLIST (ledgerkit.regulation).",
            "在 ledgerkit.regulation 的 CHECKLIST 中查一查备案义务。")


@exercise(
    "resources.regulation.2",
    reference=lambda: "B",
    wrong_answers=("A", "C", "b2", None),
    why=(
        "Sharing records of who defaulted is credit-reporting business (征信业务): it needs a "
        "PBoC licence for personal data (征信业管理条例, 2013; 征信业务管理办法, 2021).",
        "共享违约记录属于征信业务：涉及个人的须取得人民银行许可（《征信业管理条例》2013；"
        "《征信业务管理办法》2021）。",
    ),
)
def _needs_licence(answer: Any) -> Bilingual | None:
    given = letter(answer)
    if given is None:
        return ("Give one letter in quotes, from A to C.",
                "请给出一个带引号的字母（A 到 C 之一）。")
    if given == "B":
        return None
    if given == "A":
        return ("Reconciling the banks' own payments shares no one's credit history.",
                "银行之间对自己的支付记录对账，并不共享任何人的信用记录。")
    return ("Points convert merchant liabilities; nobody's repayment record is collected.",
            "积分兑换转换的是商户负债，不采集任何人的还款记录。")


@exercise(
    "resources.regulation.3",
    reference=lambda: False,
    wrong_answers=(True, "no", "yes", 0, None),
    why=(
        "银发〔2021〕237号 (September 2021): token issuance to raise funds and virtual-currency "
        "business are illegal financial activities in China.",
        "银发〔2021〕237号（2021 年 9 月）：代币发行融资和虚拟货币相关业务在中国属于非法金融活动。",
    ),
)
def _token_allowed(answer: Any) -> Bilingual | None:
    if not isinstance(answer, bool):
        return ("Answer with a bool (a truth value), without quotes.",
                "请用布尔值作答，不要加引号。")
    if answer is False:
        return None
    return ("Read the rule behind the duty 'no_token_business' in CHECKLIST.",
            "读一读 CHECKLIST 中义务 no_token_business 所依据的规定。")
