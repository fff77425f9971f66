"""Exercises of the design chapter (链设计): does a scenario need a blockchain (notebook 01,
"design.need.*"), and designing a consortium chain (notebook 02, "design.chain.*").

The designs the notebooks hand out (the supply-chain platform's draft, the digital bill
platform's draft) live here too, so the notebook and the reference solutions always talk
about the same members and data.

>>> from ledgerkit.exercises import check
>>> bool(check("design.chain.1", 7)), bool(check("design.chain.1", 5))
(True, False)
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from ledgerkit.consensus.pbft import PBFT, max_faulty
from ledgerkit.consortium import Member
from ledgerkit.design import (
    DATA,
    SCENARIOS,
    WEIGHTS,
    Assessment,
    ChainDesign,
    DataItem,
    Scenario,
    assess,
)
from ledgerkit.exercise_bank._answers import NOT_A_NUMBER, whole_number
from ledgerkit.exercises import Bilingual, exercise

# --- shared hints -------------------------------------------------------------------------

NOT_A_LIST: Bilingual = (
    "Give a list of names as texts in quotes, e.g. ['first_name', 'second_name'].",
    "请给出由带引号的名称组成的列表，例如 ['first_name', 'second_name']。",
)


def _texts(answer: Any) -> set[str] | None:
    """A list, tuple or set of names as lower-case texts, or None for anything else."""
    if isinstance(answer, (str, bytes)) or not isinstance(answer, Iterable):
        return None
    items = list(answer)
    if not items or not all(isinstance(item, str) for item in items):
        return None
    return {item.strip().lower() for item in items}


# === notebook 01: does this scenario need a blockchain? ====================================

WEIGHTED_SCENARIO = "points"  # exercise 1
# Exercise 3: which trust-gap score tips it? A scenario with no central operator, so only
# the five factors move its score.
RESCORED_SCENARIO = "points"


def _weighted_mean() -> Decimal:
    return assess(SCENARIOS[WEIGHTED_SCENARIO]).weighted_mean


def _number(answer: Any) -> Decimal | None:
    """A finite number as a Decimal (int, float or Decimal; not bool or text), else None."""
    if isinstance(answer, bool) or not isinstance(answer, (int, float, Decimal)):
        return None
    if isinstance(answer, float) and not math.isfinite(answer):
        return None
    if isinstance(answer, Decimal) and not answer.is_finite():
        return None
    return Decimal(str(answer))


_POINTS = SCENARIOS[WEIGHTED_SCENARIO].scores
_PLAIN_MEAN = Decimal(sum(_POINTS.values())) / len(_POINTS)
_WEIGHTED_SUM = sum(WEIGHTS[f] * score for f, score in _POINTS.items())


@exercise(
    "design.need.1",
    reference=_weighted_mean,
    wrong_answers=(_PLAIN_MEAN, sum(_POINTS.values()), _WEIGHTED_SUM, Decimal("3.5"), "3.0"),
    why=(
        "Each score times its weight, added up and divided by the total weight 7: "
        "(2×3 + 2×4 + 2 + 3 + 2) / 7 = 21 / 7 = 3.00, a little above the plain mean 2.8, "
        "because the factors that count double score higher.",
        "每个得分乘以权重，相加后再除以总权重 7：(2×3 + 2×4 + 2 + 3 + 2) / 7 = 21 / 7 = 3.00，"
        "比简单平均 2.8 略高，因为权重加倍的因素得分更高。",
    ),
)
def _judge_weighted_mean(answer: Any) -> Bilingual | None:
    given = _number(answer)
    if given is None:
        return (
            "Give a number, e.g. 3.14 or Decimal('3.14'), not text.",
            "请给出一个数，例如 3.14 或 Decimal('3.14')，而不是文本。",
        )
    if abs(given - _weighted_mean()) < Decimal("0.005"):
        return None
    if abs(given - _PLAIN_MEAN) < Decimal("0.005"):
        return (
            "That is the plain mean, every factor counting once. Multiply each score by its "
            "weight in WEIGHTS first.",
            "这是简单平均，每个因素只算一次。请先把每个得分乘以 WEIGHTS 中的权重。",
        )
    if given == sum(_POINTS.values()):
        return (
            "That is the plain total of the five scores. Weight them, then divide.",
            "这是五个得分的简单总和。请先加权，再相除。",
        )
    if given == _WEIGHTED_SUM:
        return (
            "That is the weighted sum. Divide it by the sum of the weights.",
            "这是加权总和。请再除以权重之和。",
        )
    return (
        "Multiply each score of the loyalty points alliance by its weight in WEIGHTS, add "
        "the five products and divide by the sum of the weights.",
        "把积分联盟的每个得分乘以 WEIGHTS 中的权重，把五个乘积相加，再除以权重之和。",
    )


def _database_keys() -> list[str]:
    return sorted(key for key, s in SCENARIOS.items() if assess(s).verdict == "database")


def _scenario_keys(answer: Any) -> set[str] | None:
    """Keys of SCENARIOS, given as keys or as the Scenario / Assessment objects."""
    if isinstance(answer, (str, bytes)) or not isinstance(answer, Iterable):
        return None
    keys = set()
    for item in answer:
        if isinstance(item, Assessment):
            item = item.scenario
        if isinstance(item, Scenario):
            item = next((k for k, s in SCENARIOS.items() if s == item), item.name)
        if not isinstance(item, str):
            return None
        keys.add(item.strip().lower())
    return keys or None


@exercise(
    "design.need.2",
    reference=_database_keys,
    wrong_answers=(["coffee", "expenses"], ["coffee"], ["coffee", "expenses", "points"],
                   ["aml_reporting", "coffee", "expenses"], list(SCENARIOS),
                   "coffee, expenses"),
    why=(
        "Four scenarios fall below 2.5: the coffee card, the expense ledger, the bank's "
        "anti-money-laundering reports and the shared credit blacklist. The AML reports score "
        "5 on regulation, yet one party writes and the PBoC's monitoring centre already "
        "receives every report. The blacklist's five factors give 3.43, but the PBoC Credit "
        "Reference Center (征信中心) and licensed agencies already pool default records: the "
        "first question takes a whole band off.",
        "四个场景低于 2.5：咖啡店积分卡、企业报销台账、银行反洗钱报告和征信黑名单共享。反洗钱报告"
        "虽然监管需求 5 分，但只有一方在写，中国反洗钱监测分析中心已经接收每一份报告。黑名单的五"
        "要素得分为 3.43，但人民银行征信中心和持牌征信机构已经在汇集违约记录：第一个问题让它降了"
        "整整一档。",
    ),
)
def _judge_database_list(answer: Any) -> Bilingual | None:
    given = _scenario_keys(answer)
    if given is None:
        return NOT_A_LIST
    unknown = sorted(given - set(SCENARIOS))
    if unknown:
        return (
            f"{', '.join(unknown)}: not a key of SCENARIOS. Use the keys, e.g. "
            "list(SCENARIOS).",
            f"{'、'.join(unknown)}：不是 SCENARIOS 的键。请使用键，例如 list(SCENARIOS)。",
        )
    right = set(_database_keys())
    if given == right:
        return None
    if given == right - {"blacklist"}:
        return (
            "Look at the blacklist again: its five factors put it in the middle band, but read "
            "its central_operator and the score assess(...) gives after the first question.",
            "再看看黑名单：它的五要素得分在中间一档，但请查看它的 central_operator，以及 "
            "assess(...) 在回答第一个问题之后给出的得分。",
        )
    if given - right:
        return (
            "Some of these get another verdict: run assess(...) on each one and keep only "
            "the verdict 'database'.",
            "其中有些场景的结论不是“用数据库就够了”：对每个场景运行 assess(...)，只保留结论为 "
            "'database' 的。",
        )
    return (
        f"You found {len(given)}, but more scenarios land in the lowest band. Check every "
        "scenario, including those with a high score on one factor.",
        f"你找到了 {len(given)} 个，但落在最低一档的场景不止这些。请检查每个场景，包括某个"
        "因素得分很高的场景。",
    )


def _smallest_tipping_score() -> int | None:
    scenario = SCENARIOS[RESCORED_SCENARIO]
    return next((score for score in range(1, 6)
                 if assess(scenario.rescored("trust_gap", score)).verdict == "consortium"),
                None)


@exercise(
    "design.need.3",
    reference=_smallest_tipping_score,
    wrong_answers=(4, 3, 6, "5"),
    why=(
        "With 4 the weighted mean is 23/7 = 3.29, still short of 3.5; with 5 it is 25/7 = "
        "3.57. No central operator keeps loyalty points, so nothing is taken off. Trust "
        "counts double, so one point of trust moves the mean twice as far as a point of any "
        "of the last three factors.",
        "取 4 时加权平均为 23/7 = 3.29，仍不到 3.5；取 5 时为 25/7 = 3.57。积分没有中心机构"
        "登记，所以不扣分。互信不足的权重加倍，所以它的一分对平均值的影响是后三个因素的两倍。",
    ),
)
def _judge_tipping_score(answer: Any) -> Bilingual | None:
    given = whole_number(answer)
    if given is None:
        return NOT_A_NUMBER
    if given == _smallest_tipping_score():
        return None
    if not 1 <= given <= 5:
        return (
            "A score goes from 1 to 5.",
            "得分的范围是 1 到 5。",
        )
    if given <= SCENARIOS[RESCORED_SCENARIO].trust_gap.score:
        return (
            "That is no higher than today's score, and today the verdict is 'maybe'. Raise it.",
            "这并不高于现在的得分，而现在的结论是 'maybe'。请提高它。",
        )
    return (
        "With that score the weighted mean is still below 3.5. Try each score with "
        "assess(SCENARIOS['points'].rescored('trust_gap', score)).verdict.",
        "取这个分数时加权平均仍低于 3.5。请用 "
        "assess(SCENARIOS['points'].rescored('trust_gap', score)).verdict 逐个试。",
    )


OWN_SCENARIO_EXAMPLE = Scenario(
    "Warehouse receipts for pledged steel (仓单质押)",
    "A steel trader pledges steel stored in a warehouse to borrow from several banks.",
    trust_gap=(5, "in 2014 the same metal at Qingdao port was pledged to several banks"),
    joint_operation=(4, "trader, warehouse, banks and inspectors all record the pledge"),
    process_steps=(4, "store, issue a receipt, pledge, release, sell"),
    domains=(3, "commodity trade, warehousing and banking"),
    regulation=(3, "bank supervisors look at the collateral behind loans"),
    central_operator=("partial", "中登网 registers pledges of warehouse receipts (动产和权利担保"
                                 "统一登记办法, 2021), but keeps no record of the goods"),
)


@exercise(
    "design.need.4",
    reference=lambda: OWN_SCENARIO_EXAMPLE,
    wrong_answers=(
        SCENARIOS["coffee"],
        Scenario("My idea", "A shared ledger for something.",
                 **dict.fromkeys(SCENARIOS["coffee"].scores, (3, "it depends")),
                 central_operator=("none", "nobody keeps it")),
        Scenario("Tea stamps", "", **{f: (1, f"reason {f}") for f in WEIGHTS},
                 central_operator=("full", "the tea house keeps the stamps")),
        {"trust_gap": 4, "joint_operation": 3},
        "my scenario",
    ),
    why=(
        "Your scenario has a score and its own reason for each factor. Now read "
        "assess(answer) and radar(answer): do you agree with the verdict? If not, is it a "
        "score you would change, or a weight?",
        "你的场景为每个因素都给出了得分和各自的理由。现在看看 assess(answer) 和 "
        "radar(answer)：你同意结论吗？如果不同意，你想改的是某个得分，还是某个权重？",
    ),
)
def _judge_own_scenario(answer: Any) -> Bilingual | None:
    if not isinstance(answer, Scenario):
        return (
            "Build a Scenario: Scenario(name=..., description=..., trust_gap=(score, "
            "reason), joint_operation=(...), process_steps=(...), domains=(...), "
            "regulation=(...), central_operator=(level, reason)).",
            "请构造一个 Scenario：Scenario(name=..., description=..., trust_gap=(得分, 理由), "
            "joint_operation=(...), process_steps=(...), domains=(...), regulation=(...), "
            "central_operator=(等级, 理由))。",
        )
    if answer in SCENARIOS.values() or answer.name in {s.name for s in SCENARIOS.values()}:
        return (
            "That is one of the ready scenarios. Score a scenario of your own: one from your "
            "work, your city or the news.",
            "这是现成的场景之一。请为你自己的场景打分：可以来自你的工作、你的城市或新闻。",
        )
    if not answer.description.strip():
        return (
            "Add a one-sentence description: what happens, and who takes part.",
            "请补充一句描述：发生了什么，有哪些参与方。",
        )
    if len(set(answer.reasons.values())) < len(answer.reasons):
        return (
            "Give each factor its own reason: the same words for two factors do not say why "
            "each score is what it is.",
            "请为每个因素写各自的理由：两个因素用同一句话，说明不了每个得分为何如此。",
        )
    return None


def _operator_decides() -> list[str]:
    """The ready scenarios whose verdict changes when no central operator existed."""
    return sorted(key for key, s in SCENARIOS.items()
                  if assess(s).verdict != assess(s.with_operator("none")).verdict)


_FULL_OPERATOR = sorted(key for key, s in SCENARIOS.items()
                        if s.central_operator.level == "full")


@exercise(
    "design.need.5",
    reference=_operator_decides,
    wrong_answers=(["bills"], ["blacklist"], _FULL_OPERATOR, ["bills", "blacklist", "vouchers"],
                   "bills"),
    why=(
        "Only two verdicts hang on the first question: the bills (4.14 on the five factors, "
        "3.14 because 票交所 already runs ECDS) and the credit blacklist (3.43, then 2.43 "
        "because 征信中心 already pools default records). Elsewhere the first question moves "
        "the score but not the band: a half band off 4.43 still leaves the vouchers a chain.",
        "只有两个结论取决于第一个问题：票据（五要素 4.14，因为票交所已在运营 ECDS 而降到 3.14）"
        "和征信黑名单（3.43，因为征信中心已在汇集违约记录而降到 2.43）。其他场景里，第一个问题"
        "改变了得分却没有改变档位：4.43 减去半档，凭证仍然适合上链。",
    ),
)
def _judge_operator_decides(answer: Any) -> Bilingual | None:
    given = _scenario_keys(answer)
    if given is None:
        return NOT_A_LIST
    right = set(_operator_decides())
    if given == right:
        return None
    if given == set(_FULL_OPERATOR) or given - right:
        return (
            "A central operator lowers every score it touches, but a verdict changes only "
            "when the score crosses 2.5 or 3.5. Compare assess(s).verdict with "
            "assess(s.with_operator('none')).verdict for each scenario.",
            "中心机构会拉低它涉及的每个得分，但只有得分越过 2.5 或 3.5 时结论才会改变。请对每个"
            "场景比较 assess(s).verdict 和 assess(s.with_operator('none')).verdict。",
        )
    return (
        f"You found {len(given)}; there are more. Check every scenario whose "
        "central_operator is not 'none'.",
        f"你找到了 {len(given)} 个，还有别的。请检查 central_operator 不是 'none' 的每个场景。",
    )


# === notebook 02: design a consortium chain ================================================

FAULTS_TO_SURVIVE = 2  # exercise 1


def _fewest_pbft_nodes(faults: int = FAULTS_TO_SURVIVE) -> int:
    return next(n for n in range(1, 100) if max_faulty(n) >= faults)


@exercise(
    "design.chain.1",
    reference=_fewest_pbft_nodes,
    wrong_answers=(5, 6, 3, 4, 9, "7"),
    why=(
        "PBFT tolerates f = ⌊(n−1)/3⌋ faulty nodes, so n = 3f + 1 = 7 for f = 2: a quorum "
        "of 2f + 1 = 5 still forms when 2 nodes are silent, and two quorums always share an "
        "honest node when 2 lie.",
        "PBFT 可容忍 f = ⌊(n−1)/3⌋ 个故障节点，所以 f = 2 时需要 n = 3f + 1 = 7：两个节点沉默时"
        "仍能凑齐 2f + 1 = 5 个节点的法定人数；两个节点说谎时，任意两个法定人数集合总有一个"
        "共同的诚实节点。",
    ),
)
def _judge_fewest_nodes(answer: Any) -> Bilingual | None:
    given = whole_number(answer)
    if given is None:
        return NOT_A_NUMBER
    if given == _fewest_pbft_nodes():
        return None
    if given == 2 * FAULTS_TO_SURVIVE + 1:
        return (
            "2f + 1 is Raft's answer, which only survives crashes. PBFT must also outvote "
            "nodes that lie.",
            "2f + 1 是 Raft 的答案，它只能容忍宕机。PBFT 还必须在投票中压过说谎的节点。",
        )
    if given > _fewest_pbft_nodes():
        return (
            "That many nodes tolerate two faults, but the question asks for the fewest: each "
            "extra node costs messages on every block.",
            "这么多节点可以容忍两个故障，但题目问的是最少需要多少：每多一个节点，每个区块都要"
            "多付出消息。",
        )
    return (
        f"With {given} nodes PBFT tolerates f = ⌊({given}−1)/3⌋ = {max_faulty(given)} "
        "faulty. Find the smallest n whose f is 2.",
        f"{given} 个节点时 PBFT 可容忍 f = ⌊({given}−1)/3⌋ = {max_faulty(given)} 个故障。"
        "请找出使 f 等于 2 的最小 n。",
    )


# Exercise 2: the data of a shared credit blacklist platform (征信黑名单共享).
BLACKLIST_ITEMS = ("blacklist_entries", "salted_id_hashes", "id_numbers", "query_log",
                   "consent_forms", "consent_hashes", "phone_numbers")


def _off_chain_items() -> list[str]:
    return sorted(name for name in BLACKLIST_ITEMS
                  if DATA[name].kind in ("personal", "document"))


@exercise(
    "design.chain.2",
    reference=_off_chain_items,
    wrong_answers=(
        ["id_numbers", "phone_numbers"],
        ["id_numbers", "phone_numbers", "consent_forms", "salted_id_hashes"],
        ["id_numbers", "phone_numbers", "consent_forms", "consent_hashes"],
        ["id_numbers", "phone_numbers", "consent_forms", "query_log"],
        list(BLACKLIST_ITEMS),
        "id_numbers",
    ),
    why=(
        "Personal data (ID and phone numbers) and full documents (consent forms) stay off "
        "chain. On chain go the records the lenders must agree on (entries, query log) and "
        "hashes. A salted ID hash lets members match a borrower without the ID on chain "
        "only while the salt stays secret: an ID number has so few possible values that "
        "anyone with the salt can try them all. It is still personal information "
        "(de-identified, 去标识化, not anonymised: PIPL Art. 73). A consent hash proves the "
        "form unchanged.",
        "个人数据（身份证号、手机号）和完整文件（授权书）放在链下。上链的是各贷款机构必须一致的"
        "记录（黑名单条目、查询记录）和哈希。只有盐保密时，加盐身份证哈希才能让成员不把身份证号"
        "上链也能比对借款人：身份证号可能的取值很少，拿到盐的人可以逐个试出来。它仍然是个人信息"
        "（去标识化，而非匿名化：《个人信息保护法》第七十三条）。授权书哈希证明授权书未被改动。",
    ),
)
def _judge_off_chain(answer: Any) -> Bilingual | None:
    if isinstance(answer, (list, tuple, set, frozenset)):
        answer = [item.name if isinstance(item, DataItem) else item for item in answer]
    given = _texts(answer)
    if given is None:
        return NOT_A_LIST
    if not given <= set(BLACKLIST_ITEMS):
        return (
            "Use only the names in BLACKLIST_ITEMS, spelled the same way.",
            "只能使用 BLACKLIST_ITEMS 中的名称，拼写保持一致。",
        )
    right = set(_off_chain_items())
    if given == right:
        return None
    if given & {"blacklist_entries", "query_log"}:
        return (
            "The blacklist entries and the query log are the records the lenders must agree "
            "on: they are what the chain is for.",
            "黑名单条目和查询记录是各贷款机构必须一致的记录：链正是为它们而建的。",
        )
    if "salted_id_hashes" in given:
        return (
            "A hash salted with a secret key shows no ID number to anyone without the key, yet "
            "the lenders holding it can match the same borrower: it may go on chain (it stays "
            "personal information under PIPL, so consent and purpose rules still apply).",
            "没有密钥的人从用保密的盐计算的哈希看不出身份证号，而持有密钥的机构却能比对出同一"
            "借款人：它可以上链（它仍属个人信息，须遵守《个人信息保护法》关于同意和目的的规定）。",
        )
    if "consent_hashes" in given:
        return (
            "A hash proves a copy of the form unchanged: it belongs on chain. It hides the "
            "form only if the form cannot be guessed; a consent form is a template filled "
            "with a name, an ID and a date, so consent_hashes are salted, the salt kept with "
            "the form (see DATA['consent_hashes']).",
            "哈希能证明授权书副本未被改动：它应当上链。但只有内容猜不到时哈希才能隐藏内容；授权书"
            "是填了姓名、身份证号和日期的模板，所以 consent_hashes 是加盐哈希，盐与授权书一起保存"
            "（见 DATA['consent_hashes']）。",
        )
    return (
        "Something that must stay off chain is missing: look at each item's kind, "
        "DATA[name].kind. Personal data and full documents stay off.",
        "还漏了必须留在链下的数据：请查看每项的类型 DATA[name].kind。个人数据和完整文件都"
        "应留在链下。",
    )


def _messages_for_one_block(n: int) -> int:
    return sum(PBFT(n).run_request("block").messages.values())


PLATFORM_NODES = 4  # the fixed supply-chain platform: 3 banks and the core enterprise
SUPPLIER_NODES = 3  # exercise 3: the three suppliers ask to run consensus nodes too


def _extra_messages() -> int:
    return (_messages_for_one_block(PLATFORM_NODES + SUPPLIER_NODES)
            - _messages_for_one_block(PLATFORM_NODES))


@exercise(
    "design.chain.3",
    reference=_extra_messages,
    wrong_answers=(
        _messages_for_one_block(PLATFORM_NODES + SUPPLIER_NODES),
        _messages_for_one_block(PLATFORM_NODES),
        2 * 7**2 - 2 * 4**2,
        (36 + 42) - (9 + 12),
        3,
    ),
    why=(
        "29 messages a block with 4 nodes, 92 with 7: 63 more, over three times as many, "
        "because PREPARE and COMMIT go from every node to every other (about 2n²). The "
        "chain would tolerate 2 faulty nodes instead of 1.",
        "4 个节点时每个区块 29 条消息，7 个节点时 92 条：多 63 条，是原来的三倍多，因为 "
        "PREPARE 和 COMMIT 要从每个节点发给其他所有节点（约 2n²）。链可容忍的故障节点从 1 个"
        "变为 2 个。",
    ),
)
def _judge_extra_messages(answer: Any) -> Bilingual | None:
    given = whole_number(answer)
    if given is None:
        return NOT_A_NUMBER
    if given == _extra_messages():
        return None
    if given == _messages_for_one_block(PLATFORM_NODES + SUPPLIER_NODES):
        return (
            "That is the whole cost with 7 nodes. The question asks how many more than now.",
            "这是 7 个节点时的总消息数。题目问的是比现在多多少。",
        )
    if given == 2 * 7**2 - 2 * 4**2:
        return (
            "2n² is only an estimate. Count with PBFT(n).run_request(...).messages for both "
            "sizes.",
            "2n² 只是估算。请对两种规模分别用 PBFT(n).run_request(...).messages 计数。",
        )
    if given == (36 + 42) - (9 + 12):
        return (
            "Count every phase: request, pre-prepare and reply cost messages too.",
            "请把每个阶段都算上：request、pre-prepare 和 reply 也要消息。",
        )
    return (
        "Run one PBFT request with 4 replicas and one with 7, add up the messages of each "
        "(sum(result.messages.values())) and subtract.",
        "分别用 4 个和 7 个副本运行一次 PBFT 请求，各自把消息数相加"
        "（sum(result.messages.values())），再相减。",
    )


# Exercise 4: the digital bill platform's draft, and the members any fix must keep.
def bill_draft() -> ChainDesign:
    """The digital bill platform's first draft (数字票据平台): Hengtai Bank runs all four
    consensus nodes, and the invoices behind the bills go on chain in full. Its regulators
    are the real ones of the bill market: the PBoC (which also rediscounts, 再贴现) and NFRA
    (国家金融监督管理总局), who supervise bills jointly (商业汇票承兑、贴现与再贴现管理办法, 2022).

    >>> [finding.rule for finding in bill_draft().check()]
    ['single_organisation', 'document_on_chain']
    """
    hengtai = {"hengtai_dc2": "hengtai_bank", "hengtai_dc3": "hengtai_bank",
               "hengtai_dc4": "hengtai_bank"}
    return ChainDesign(
        "Digital bill platform (数字票据平台)",
        [
            Member("hengtai_bank", node_kind="consensus",
                   roles={"committee", "operator", "business"}),
            *(Member(name, node_kind="consensus") for name in hengtai),
            Member("north_bank", node_kind="observer", roles={"committee", "business"}),
            Member("south_bank", node_kind="observer", roles={"committee", "business"}),
            Member("anshan_steel", roles={"business"}),
            Member("coastal_shipyard", roles={"business"}),
            Member("pboc", node_kind="observer", roles={"regulator", "business"}),
            Member("nfra", node_kind="observer", roles={"regulator"}),
        ],
        on_chain=["bill_records", "invoices"],
        organisations=hengtai,
    )


BILL_PARTIES = ("hengtai_bank", "north_bank", "south_bank", "anshan_steel",
                "coastal_shipyard", "pboc", "nfra")


def _bill_fixed() -> ChainDesign:
    design = bill_draft()
    for node in ("hengtai_dc2", "hengtai_dc3", "hengtai_dc4"):
        design = design.without_member(node)
    for member in design.members:
        if member.name in ("north_bank", "south_bank", "pboc"):
            design = design.with_member(Member(member.name, node_kind="consensus",
                                               roles=member.roles))
    return ChainDesign(design.name, design.members, on_chain=["bill_records", "invoice_hashes"],
                       off_chain=["invoices"])


def _bill_nodes_only_removed() -> ChainDesign:
    design = bill_draft()
    for node in ("hengtai_dc2", "hengtai_dc3", "hengtai_dc4"):
        design = design.without_member(node)
    return design


def _bill_data_only_fixed() -> ChainDesign:
    draft = bill_draft()
    return ChainDesign(draft.name, draft.members, on_chain=["bill_records", "invoice_hashes"],
                       off_chain=["invoices"], organisations=draft.organisations)


def _bill_fixed_variant(**changes: Any) -> ChainDesign:
    fixed = _bill_fixed()
    fields = {"name": fixed.name, "members": fixed.members, "consensus": fixed.consensus,
              "on_chain": fixed.on_chain, "off_chain": fixed.off_chain, **changes}
    return ChainDesign(**fields)


@exercise(
    "design.chain.4",
    reference=_bill_fixed,
    wrong_answers=(
        bill_draft(),
        _bill_nodes_only_removed(),
        _bill_data_only_fixed(),
        _bill_fixed().without_member("pboc"),
        _bill_fixed_variant(on_chain=["invoice_hashes"], off_chain=["invoices", "bill_records"]),
        _bill_fixed_variant(consensus="raft"),
        "fixed",
    ),
    why=(
        "Sound: the consensus nodes belong to different institutions, none running more "
        "than PBFT tolerates; bills stay on chain, invoices stay off with their hashes on "
        "chain; every party and the regulator are still there.",
        "设计合理：共识节点分属不同机构，没有哪家运行的节点超过 PBFT 的容错数；票据记录留在链上，"
        "发票放在链下、哈希上链；所有参与方和监管方都还在。",
    ),
)
def _judge_bill_design(answer: Any) -> Bilingual | None:
    if not isinstance(answer, ChainDesign):
        return (
            "Give a ChainDesign: start from bill_draft and change it with without_member, "
            "with_member or dataclasses.replace.",
            "请给出一个 ChainDesign：从 bill_draft 出发，用 without_member、with_member 或 "
            "dataclasses.replace 修改。",
        )
    missing = [name for name in BILL_PARTIES if name not in answer.member_names]
    if missing:
        return (
            f"Keep every party of the platform; missing: {', '.join(missing)}.",
            f"请保留平台的每个参与方；缺少：{'、'.join(missing)}。",
        )
    if "bill_records" not in {item.name for item in answer.on_chain}:
        return (
            "The bill records are what the platform is for: they must stay on chain, so no "
            "bill can be sold twice.",
            "票据记录正是平台存在的意义：它们必须留在链上，这样一张票据才不会被卖两次。",
        )
    findings = answer.check()
    if findings:
        return findings[0].in_language("en"), findings[0].in_language("zh")
    return None
