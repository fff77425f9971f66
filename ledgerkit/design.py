"""Chain design (链设计): does a scenario need a blockchain, and what should its chain look like?

Part 1 scores a business scenario on the course's five factors (五要素), each from 1 to 5,
with a one-line reason for every score, and turns the scores into a verdict:

- trust gap (互信不足): how little the parties trust each other to keep the record;
- joint operation (多方协作): how many independent parties must write to it together;
- process steps (流程环节): how many hand-offs must stay traceable;
- domains involved (跨领域): how many industries, systems or jurisdictions it spans;
- regulatory need (监管需求): how closely a regulator must see through it (穿透式监管).

A high score always points towards a blockchain. Before any of them, a bank asks one
question first: is there already a trusted central operator (可信的中心机构) that keeps this
record for everybody? In China many are licensed infrastructure: the Shanghai Commercial
Paper Exchange (票交所) runs ECDS for bills, 中登网 registers receivables financing, the
PBoC Credit Reference Center (征信中心) pools credit records, 中证登 registers securities,
CNAPS (大额支付系统) settles payments. Each scenario answers it with a level, "none",
"partial" or "full", and a sourced reason (`Operator`).

Why a separate step and not a sixth factor (a teaching proposal of this course, not a
standard): an operator that already does the job is a reason *against* building, however
many parties and steps there are, so it should not be averaged away among five factors
that measure how valuable a shared record would be; and keeping it apart keeps the five
factors, their weights and every earlier score comparable. The step subtracts a penalty
from the weighted mean (`OPERATOR_PENALTY`: a whole band, 1.00, when an operator already
does it; half a band when it does part of it) and the explanation says why.

`SCENARIOS` holds ready-made scenarios from the course's cases, and some that should score
low.

Part 2 is `ChainDesign`, a consortium chain (联盟链) on paper: its members with their node
kinds and roles, the consensus protocol, and which data goes on chain and which stays off.
`check()` flags typical design mistakes; `build()` turns a sound design into a running
`ConsortiumChain`.

>>> result = assess(SCENARIOS["coffee"])
>>> result.verdict, result.weighted_mean
('database', Decimal('1.00'))
>>> bills = assess(SCENARIOS["bills"])
>>> bills.weighted_mean, bills.penalty, bills.score, bills.verdict
(Decimal('4.14'), Decimal('1.00'), Decimal('3.14'), 'maybe')
>>> solo = ChainDesign("solo", [Member("bank", node_kind="consensus",
...                                    roles={"committee", "operator", "business"})])
>>> [finding.rule for finding in solo.check()]
['no_regulator', 'pbft_too_few', 'single_organisation']
"""

from __future__ import annotations

import dataclasses
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any, NamedTuple

from ledgerkit.consensus.pbft import max_faulty
from ledgerkit.consortium import DEFAULT_START, ConsortiumChain, Member
from ledgerkit.errors import InputError, LedgerError
from ledgerkit.i18n import Labels, Phrase, get_language, register_strings, text

FACTORS = ("trust_gap", "joint_operation", "process_steps", "domains", "regulation")

# A teaching proposal, not a standard: trust and joint operation count double, because
# without several parties who distrust each other yet must keep one record, a database
# does the job (the other three factors only make a shared record more valuable).
WEIGHTS: dict[str, int] = {"trust_gap": 2, "joint_operation": 2, "process_steps": 1,
                           "domains": 1, "regulation": 1}
DATABASE_BELOW = Decimal("2.5")  # weighted mean below this: a database is enough
CHAIN_FROM = Decimal("3.5")  # weighted mean from this up: a consortium chain fits
VERDICTS = ("database", "maybe", "consortium")

# The first question: is there already a trusted central operator? A teaching proposal:
# one that already does the job costs a whole band of the verdict (1.00), one that does
# part of it half a band; the score never drops below 1, the bottom of the scale.
OPERATOR_LEVELS = ("none", "partial", "full")
OPERATOR_PENALTY: dict[str, Decimal] = {"none": Decimal("0.00"), "partial": Decimal("0.50"),
                                        "full": Decimal("1.00")}

CONSENSUS = ("pbft", "raft")
DATA_KINDS = ("record", "hash", "document", "personal")
MISTAKE, WARNING = "mistake", "warning"

register_strings({
    # --- the five factors ----------------------------------------------------------------
    "design.factor.trust_gap": ("trust gap", "互信不足"),
    "design.factor.joint_operation": ("joint operation", "多方协作"),
    "design.factor.process_steps": ("process steps", "流程环节"),
    "design.factor.domains": ("domains involved", "跨领域"),
    "design.factor.regulation": ("regulatory need", "监管需求"),
    "design.question.trust_gap": (
        "How little do the parties trust each other to keep the record? 1: one keeper that "
        "everybody already accepts; 5: nobody would let a rival keep the books.",
        "各方在多大程度上不放心由别人记账？1：已有各方都认可的记账者；5：谁也不愿让对手记账。"),
    "design.question.joint_operation": (
        "How many independent parties must write to the same record? 1: one party writes; "
        "5: many parties write every day.",
        "有多少相互独立的参与方要共同写同一份记录？1：只有一方写；5：很多方每天都要写。"),
    "design.question.process_steps": (
        "How many hand-offs must stay traceable? 1: one step; 5: a long chain of steps "
        "between parties.",
        "有多少交接环节需要全程可追溯？1：只有一步；5：参与方之间的一长串环节。"),
    "design.question.domains": (
        "How many industries, systems or jurisdictions does it span? 1: one department; "
        "5: trade, banking, logistics and customs, across borders.",
        "涉及多少行业、系统或司法辖区？1：一个部门之内；5：跨境的贸易、银行、物流和海关。"),
    "design.question.regulation": (
        "How closely must a regulator see through it? 1: internal audit is enough; 5: "
        "see-through supervision (穿透式监管) of every step.",
        "监管方需要看得多深？1：内部审计即可；5：对每个环节穿透式监管。"),
    # --- the first question: a trusted central operator? ---------------------------------
    "design.question.central_operator": (
        "Is there already a trusted central operator that keeps this record for everybody "
        "(票交所, 中登网, 征信中心, 中证登, CNAPS)? none: none exists, or the parties refuse "
        "one; partial: one does part of the job; full: one already does it.",
        "是否已有可信的中心机构替所有人记账（票交所、中登网、征信中心、中证登、大额支付系统）？"
        "none：没有，或各方不接受；partial：它承担了一部分；full：它已经在做。"),
    "design.operator.none": ("no trusted central operator", "没有可信的中心机构"),
    "design.operator.partial": ("a central operator does part of it",
                                "中心机构已承担一部分"),
    "design.operator.full": ("a trusted central operator already does it",
                             "已有可信的中心机构在做"),
    "design.scored.plain": ("weighted score {weighted} of 5 ({operator}: {why})",
                           "加权得分 {weighted}（满分 5）（{operator}：{why}）"),
    "design.scored.penalised": (
        "weighted score {weighted} of 5, minus {penalty} because {operator} ({why}): {score}",
        "加权得分 {weighted}（满分 5），因{operator}（{why}）减 {penalty}，得 {score}"),
    # --- verdicts ------------------------------------------------------------------------
    "design.verdict.database": ("A database is enough", "用数据库就够了"),
    "design.verdict.maybe": ("A consortium chain may help", "联盟链可能有帮助"),
    "design.verdict.consortium": ("A consortium chain fits", "适合用联盟链"),
    "design.explain.database": (
        "{name}: {scored}, below {low}. {verdict}. Decisive: {factors}. "
        "One party can keep the record for everybody, so a database with access rights and "
        "an audit log does the job more cheaply than a chain.",
        "{name}：{scored}，低于 {low}。{verdict}。决定因素：{factors}。"
        "一方就能替所有人记账，带权限控制和审计日志的数据库比区块链更省钱。"),
    "design.explain.maybe": (
        "{name}: {scored}, from {low} up to {high}. {verdict}. For a "
        "chain: {strong}. Against: {weak}. Ask whether a trusted central party or a shared "
        "database would do before building a chain.",
        "{name}：{scored}，介于 {low} 与 {high} 之间。{verdict}。支持上链："
        "{strong}。不支持：{weak}。建链之前先问：可信的中心机构或共享数据库能否胜任？"),
    "design.explain.consortium": (
        "{name}: {scored}, at least {high}. {verdict}. Decisive: "
        "{factors}. Several parties that do not fully trust each other must keep one record "
        "together, under supervision: that is what a consortium chain is for.",
        "{name}：{scored}，不低于 {high}。{verdict}。决定因素：{factors}。"
        "互不完全信任的多方必须在监管下共同维护同一份记录，这正是联盟链的用武之地。"),
    "design.nothing_stands_out": ("no factor stands out", "没有突出的因素"),
    "design.operator_against": ("an existing central operator", "已有中心机构"),
    # --- input errors --------------------------------------------------------------------
    "design.bad_text": ("{what} must be non-empty text; got {got!r}.",
                        "{what} 必须是非空文本；实际为 {got!r}。"),
    "design.bad_rating": (
        "{factor} takes a pair (score, reason), e.g. (4, 'the banks keep separate books'); "
        "got {got!r}.",
        "{factor} 需要一对 (得分, 理由)，例如 (4, '各家银行分别记账')；实际为 {got!r}。"),
    "design.no_operator": (
        "Answer the first question too: central_operator=(level, reason), the level one of "
        "{choices}, e.g. ('none', 'no registry of these receipts exists').",
        "请先回答第一个问题：`central_operator=(等级, 理由)`，等级为 {choices} 之一，例如 "
        "`('none', '没有登记这类单据的机构')`。"),
    "design.bad_operator": (
        "central_operator takes a pair (level, reason), the level one of {choices} and the "
        "reason one line of text; got {got!r}.",
        "central_operator 需要一对 (等级, 理由)：等级为 {choices} 之一，理由为一行文本；"
        "实际为 {got!r}。"),
    "design.bad_score": ("The score of {factor} must be a whole number from 1 to 5; got "
                         "{got!r}.", "{factor} 的得分必须是 1 到 5 的整数；实际为 {got!r}。"),
    "design.bad_reason": (
        "Give {factor} a one-line reason: non-empty text without line breaks; got {got!r}.",
        "请为 {factor} 写一行理由：非空、不含换行的文本；实际为 {got!r}。"),
    "design.bad_factor": ("Unknown factor {got!r}; the five factors are {choices}.",
                          "未知因素 {got!r}；五个因素是 {choices}。"),
    "design.not_scenario": (
        "assess() takes a Scenario, e.g. SCENARIOS['vouchers'] or Scenario(name=..., ...); "
        "got {got}.",
        "`assess()` 需要一个 `Scenario`，例如 `SCENARIOS['vouchers']` 或 "
        "`Scenario(name=..., ...)`；实际为 {got}。"),
    "design.bad_weights": (
        "weights maps each of the five factors {choices} to a whole number >= 1; got {got!r}.",
        "weights 必须把五个因素 {choices} 各映射到不小于 1 的整数；实际为 {got!r}。"),
    "design.bad_member": (
        "A design's members are ledgerkit.consortium.Member objects; got {got!r}.",
        "设计中的成员必须是 ledgerkit.consortium.Member 对象；实际为 {got!r}。"),
    "design.duplicate_member": ("Member {name!r} appears twice in the design.",
                                "成员 {name!r} 在设计中出现了两次。"),
    "design.unknown_member": ("The design has no member {name!r} (members: {known}).",
                              "设计中没有成员 {name!r}（现有成员：{known}）。"),
    "design.bad_consensus": ("consensus is {choices}; got {got!r}.",
                             "consensus 只能是 {choices}；实际为 {got!r}。"),
    "design.bad_kind": ("A data item's kind is one of {choices}; got {got!r}.",
                        "数据项的类型只能是 {choices} 之一；实际为 {got!r}。"),
    "design.unknown_data": (
        "Unknown data item {got!r}. Use a name from DATA ({known}) or your own "
        "DataItem(name, kind).",
        "未知数据项 {got!r}。请使用 `DATA` 中的名称（{known}），或自建 `DataItem(name, kind)`。"),
    "design.data_twice": (
        "Data item {name!r} is placed twice; put it either on chain or off chain.",
        "数据项 {name!r} 出现了两次；它只能放在链上或链下之一。"),
    "design.bad_organisation": (
        "organisations maps a member's name to the organisation that runs its node, e.g. "
        "{{'bank_node2': 'bank'}}; got {got!r}.",
        "organisations 把成员名称映射到运行其节点的机构，例如 {{'bank_node2': 'bank'}}；"
        "实际为 {got!r}。"),
    "design.bad_checked": (
        "checked_parties names members whose reports the others must check, e.g. "
        "('originator',); got {got!r} (members: {known}).",
        "checked_parties 列出其报告须由他方核查的成员，例如 ('originator',)；实际为 {got!r}"
        "（现有成员：{known}）。"),
    "design.not_buildable": (
        "This design still has {count} mistake(s), first: {first} Fix them (see check()) "
        "or build(allow_mistakes=True) to study a flawed chain.",
        "该设计仍有 {count} 处错误，第一处：{first} 请先修正（见 check()），或用 "
        "build(allow_mistakes=True) 搭建有缺陷的链来研究。"),
    # --- check(): the design rules -------------------------------------------------------
    "design.severity.mistake": ("Mistake", "错误"),
    "design.severity.warning": ("Warning", "提醒"),
    "design.finding": ("{severity}: {message}", "{severity}：{message}"),
    "design.rule.no_committee": (
        "No member sits on the committee (委员会): nobody could admit a member or change a "
        "rule, and the chain cannot even start. Put the founding institutions on it.",
        "没有成员属于委员会：无人能接纳新成员或修改规则，链甚至无法启动。请让创始机构加入委员会。"),
    "design.rule.no_operator": (
        "No member holds the operator role (运维方): nobody could deploy a contract. Give it "
        "to one member that runs the platform.",
        "没有成员拥有运维方（operator）角色：无人能部署合约。请把它交给负责运营平台的成员。"),
    "design.rule.no_business": (
        "No member holds the business role (业务方): nobody could call a contract. Give it "
        "to the parties that do the business.",
        "没有成员拥有业务方（business）角色：无人能调用合约。请把它交给开展业务的各方。"),
    "design.rule.no_regulator": (
        "No member holds the regulator role (监管方): nobody supervises the chain, and "
        "financial regulation expects see-through supervision (穿透式监管). Admit the "
        "regulator, as an observer node with the regulator role.",
        "没有成员拥有监管方（regulator）角色：无人监管这条链，而金融监管要求穿透式监管。"
        "请接纳监管机构，让它以观察节点身份持有监管方角色。"),
    "design.rule.pbft_too_few": (
        "PBFT with {n} consensus node(s) tolerates f = {f} faulty nodes: a single crashed or "
        "lying node can stop or fool the chain. PBFT needs n = 3f + 1 nodes to tolerate f.",
        "PBFT 只有 {n} 个共识节点时可容忍 f = {f} 个故障节点：一个宕机或作恶的节点就能让链"
        "停止或受骗。PBFT 需要 n = 3f + 1 个节点才能容忍 f 个故障。"),
    "design.rule.raft_too_few": (
        "Raft with {n} consensus node(s) cannot survive a single crash: a leader needs the "
        "votes of a majority. Raft needs n = 2f + 1 nodes to survive f crashes.",
        "Raft 只有 {n} 个共识节点时，一个节点宕机就无法继续：领导者需要多数票。Raft 需要 "
        "n = 2f + 1 个节点才能容忍 f 个宕机。"),
    "design.rule.single_organisation": (
        "All {n} consensus node(s) are run by {organisation}: it alone signs every block and "
        "could rewrite history, a private chain in disguise. Let several independent members "
        "run consensus nodes.",
        "全部 {n} 个共识节点都由 {organisation} 运行：它一家就能签署每个区块、改写历史，"
        "这是披着联盟链外衣的私有链。请让多个相互独立的成员运行共识节点。"),
    "design.rule.dominant_organisation": (
        "{organisation} runs {count} of the {n} consensus nodes, more than the f = {f} faulty "
        "nodes the protocol tolerates: if that one organisation misbehaves or goes down, the "
        "chain stops or is fooled. Give each organisation at most f nodes.",
        "{organisation} 运行了 {n} 个共识节点中的 {count} 个，超过协议可容忍的 f = {f} 个故障"
        "节点：这一家机构作恶或宕机，链就会停止或受骗。每家机构最多运行 f 个节点。"),
    "design.rule.checked_party_validates": (
        "{items} report(s) what the other members must check (e.g. an ABS originator's "
        "collections), yet run(s) a consensus node: it would vote on the blocks that record "
        "its own reports. Give it an observer node, or no node.",
        "{items} 所报告的内容须由其他成员核查（例如 ABS 发起人报告的回款），却运行着共识节点："
        "它会为记录自己报告的区块投票。请让它运行观察节点，或不运行节点。"),
    "design.rule.personal_on_chain": (
        "Personal data on chain: {items}. A chain cannot forget, and every node keeps a copy "
        "(Personal Information Protection Law, 个人信息保护法). Keep it off chain; if members "
        "must match it, put a hash keyed with a secret salt on chain: an ID number has so "
        "few possible values that a plain hash is reversed by trying them all, and even the "
        "keyed hash stays personal information (de-identified 去标识化, not anonymised "
        "匿名化: PIPL Art. 73).",
        "个人数据上链：{items}。链上数据无法删除，且每个节点都有副本（《个人信息保护法》）。"
        "请把它放在链下；如需比对，只在链上放用保密的盐（密钥）计算的哈希：身份证号可能的取值"
        "很少，普通哈希可以逐个试出来；即使加了密钥，哈希仍是个人信息（去标识化不等于匿名化，"
        "《个人信息保护法》第七十三条）。"),
    "design.rule.document_on_chain": (
        "Full documents on chain: {items}. They are confidential and large; keep them off "
        "chain and put their SHA-256 hash on chain, so anyone can check a copy (add a secret "
        "salt if the document could be guessed: a hash proves integrity, it hides only what "
        "cannot be guessed).",
        "完整文件上链：{items}。它们既保密又庞大；请放在链下，只把 SHA-256 哈希上链，"
        "任何人都能据此核对副本（如果文件内容可能被猜中，请加保密的盐：哈希证明完整性，"
        "却只能隐藏猜不到的内容）。"),
    "design.rule.unanchored_document": (
        "{items} stay(s) off chain without a hash on chain: nobody can later prove a copy "
        "unchanged. Put the hash on chain.",
        "{items} 放在链下，但链上没有其哈希：日后无人能证明副本未被改动。请把哈希上链。"),
    "design.rule.raft_trusts_nodes": (
        "Raft survives crashed nodes but not lying ones, and these consensus nodes belong "
        "to {count} organisations that do not fully trust each other. Choose PBFT, unless "
        "the members accept that risk (contracts and courts behind them).",
        "Raft 能容忍宕机节点，却不能容忍作恶节点，而这些共识节点分属 {count} 家互不完全信任"
        "的机构。请选择 PBFT，除非各成员愿意承担这一风险（有合同和法院兜底）。"),
    # --- summary ---------------------------------------------------------------------------
    "design.summary.head": (
        "{name}: {consensus}, {n} consensus node(s), tolerates {f} faulty",
        "{name}：{consensus}，{n} 个共识节点，可容忍 {f} 个故障"),
    "design.summary.columns": ("member|node|roles|organisation", "成员|节点|角色|机构"),
    "design.summary.on": ("on chain: {items}", "链上：{items}"),
    "design.summary.off": ("off chain: {items}", "链下：{items}"),
    "design.summary.none": ("(nothing)", "（无）"),
    # the summary names node kinds, data kinds and the protocol as code does in English
    "design.node.consensus": ("consensus", "共识节点"),
    "design.node.observer": ("observer", "观察节点"),
    "design.node.none": ("none", "无节点"),
    "design.kind.record": ("record", "业务记录"),
    "design.kind.hash": ("hash", "哈希"),
    "design.kind.document": ("document", "文件"),
    "design.kind.personal": ("personal", "个人信息"),
    "design.protocol.pbft": ("PBFT", "PBFT"),
    "design.protocol.raft": ("RAFT", "Raft"),
})


class DesignError(LedgerError):
    """A design with mistakes was asked to build a chain."""


# --- part 1: does this scenario need a blockchain? -------------------------------------------


def factor_label(factor: str, lang: str | None = None) -> str:
    """A factor's short name in `lang` (default: the current language).

    >>> factor_label("trust_gap"), factor_label("trust_gap", "zh")
    ('trust gap', '互信不足')
    """
    _check_factor(factor)
    return text(f"design.factor.{factor}", lang=lang)


def factor_question(factor: str, lang: str | None = None) -> str:
    """The question that a factor's score answers, with what 1 and 5 mean.

    >>> factor_question("process_steps").split("?")[0]
    'How many hand-offs must stay traceable'
    """
    _check_factor(factor)
    return text(f"design.question.{factor}", lang=lang)


def operator_question(lang: str | None = None) -> str:
    """The first question, asked before the five factors, with what each level means.

    >>> operator_question().split(" (")[0]
    'Is there already a trusted central operator that keeps this record for everybody'
    """
    return text("design.question.central_operator", lang=lang)


def operator_label(level: str, lang: str | None = None) -> str:
    """A level of the first question in words.

    >>> operator_label("full"), operator_label("none", "zh")
    ('a trusted central operator already does it', '没有可信的中心机构')
    """
    if level not in OPERATOR_LEVELS:
        raise InputError("design.bad_operator", choices=", ".join(OPERATOR_LEVELS), got=level)
    return text(f"design.operator.{level}", lang=lang)


def _check_factor(factor: object) -> None:
    if factor not in FACTORS:
        raise InputError("design.bad_factor", got=factor, choices=", ".join(FACTORS))


class Words(str):
    """Display text in both languages. It *is* the English text (it compares, hashes and
    slices as the English, so code that checks English keeps working) and shows itself in
    the current language when printed or formatted; `in_language` picks one.

    >>> coffee = Words("Coffee shop loyalty card", "咖啡店积分卡")
    >>> coffee == "Coffee shop loyalty card", coffee.in_language("zh")
    (True, '咖啡店积分卡')
    """

    chinese: str

    def __new__(cls, english: str, chinese: str) -> Words:
        made = super().__new__(cls, english)
        made.chinese = chinese
        return made

    def in_language(self, lang: str) -> str:
        """The text in `lang` ("en" or "zh")."""
        return self.chinese if lang == "zh" else str.__str__(self)

    def __str__(self) -> str:
        return self.in_language(get_language())

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

    def __repr__(self) -> str:
        return repr(str(self))

    def __reduce__(self) -> tuple[type, tuple[str, str]]:
        return Words, (str.__str__(self), self.chinese)


def _line(value: object) -> str | None:
    """`value` as one line of display text: plain text (shown as given) or an (English,
    中文) pair (shown in the current language); None when it is neither."""
    if isinstance(value, str):
        parts = [value.strip()]
    elif (isinstance(value, (tuple, list)) and len(value) == 2
          and all(isinstance(part, str) for part in value)):
        parts = [part.strip() for part in value]
    else:
        return None
    if not all(parts) or any("\n" in part for part in parts):
        return None
    return Words(*parts) if len(parts) == 2 else parts[0]


class Rating(NamedTuple):
    """One factor's score (1 to 5) and the one-line reason for it.

    >>> Rating(4, "the banks keep separate books").score
    4
    """

    score: int
    why: str


class Operator(NamedTuple):
    """The answer to the first question: is there already a trusted central operator?
    `level` is "none", "partial" or "full"; `why` says who, since when, under which rule
    (one line, or an (English, 中文) pair).

    >>> Operator("full", "票交所 runs ECDS for every electronic bill").level
    'full'
    """

    level: str
    why: str


def _operator(value: object) -> Operator:
    choices = ", ".join(OPERATOR_LEVELS)
    if value is None:
        raise InputError("design.no_operator", choices=choices)
    good = (not isinstance(value, (str, bytes)) and isinstance(value, (tuple, list))
            and len(value) == 2 and value[0] in OPERATOR_LEVELS)
    why = _line(value[1]) if good else None
    if why is None:
        raise InputError("design.bad_operator", choices=choices, got=value)
    return Operator(value[0], why)


def _rating(factor: str, value: object) -> Rating:
    name = Phrase(f"design.factor.{factor}")
    if isinstance(value, (str, bytes)) or not isinstance(value, (tuple, list)) or len(value) != 2:
        raise InputError("design.bad_rating", factor=name, got=value)
    score, why = value
    if isinstance(score, bool) or not isinstance(score, int) or not 1 <= score <= 5:
        raise InputError("design.bad_score", factor=name, got=score)
    reason = _line(why)
    if reason is None:
        raise InputError("design.bad_reason", factor=name, got=why)
    return Rating(score, reason)


def _check_text(value: object, what: str) -> str:
    """Non-empty text, or an (English, 中文) pair of non-empty texts (then `Words`)."""
    if isinstance(value, (tuple, list)) and len(value) == 2 and all(
            isinstance(part, str) and part.strip() for part in value):
        return Words(value[0].strip(), value[1].strip())
    if not isinstance(value, str) or not value.strip():
        raise InputError("design.bad_text", what=what, got=value)
    return value.strip()


@dataclass(frozen=True)
class Scenario:
    """A business scenario: the answer to the first question, `central_operator`
    (level, reason), and the five factors, each (score 1–5, reason). The name, the
    description and every reason are plain text, shown as given, or an (English, 中文) pair,
    shown in the current language (the ready SCENARIOS are all pairs).

    >>> s = Scenario("Tea stamps", "A tea house stamps a paper card.",
    ...              trust_gap=(1, "customers trust the shop's stamp"),
    ...              joint_operation=(1, "only the shop writes"),
    ...              process_steps=(1, "stamp, then redeem"),
    ...              domains=(1, "one shop"),
    ...              regulation=(1, "no regulator looks at stamps"),
    ...              central_operator=("full", "the tea house keeps the stamps itself"))
    >>> s.scores["trust_gap"], s.trust_gap.why, s.central_operator.level
    (1, "customers trust the shop's stamp", 'full')
    """

    name: str
    description: str
    trust_gap: Rating
    joint_operation: Rating
    process_steps: Rating
    domains: Rating
    regulation: Rating
    central_operator: Operator | None = None  # required: None is refused with a hint

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", _check_text(self.name, "name"))
        if isinstance(self.description, (tuple, list)):
            object.__setattr__(self, "description", _check_text(self.description, "description"))
        elif not isinstance(self.description, str):
            raise InputError("design.bad_text", what="description", got=self.description)
        for factor in FACTORS:
            object.__setattr__(self, factor, _rating(factor, getattr(self, factor)))
        object.__setattr__(self, "central_operator", _operator(self.central_operator))

    @property
    def scores(self) -> dict[str, int]:
        """The five scores by factor, in the order of FACTORS."""
        return {factor: getattr(self, factor).score for factor in FACTORS}

    @property
    def reasons(self) -> dict[str, str]:
        """The five one-line reasons by factor."""
        return {factor: getattr(self, factor).why for factor in FACTORS}

    def rescored(self, factor: str, score: int, why: str | None = None) -> Scenario:
        """The same scenario with one factor scored again (the reason kept unless given).

        >>> SCENARIOS["coffee"].rescored("domains", 3).scores["domains"]
        3
        """
        _check_factor(factor)
        reason = getattr(self, factor).why if why is None else why
        return dataclasses.replace(self, **{factor: (score, reason)})

    def with_operator(self, level: str, why: str | None = None) -> Scenario:
        """The same scenario with the first question answered again (reason kept unless
        given).

        >>> SCENARIOS["bills"].with_operator("none").central_operator.level
        'none'
        """
        reason = self.central_operator.why if why is None else why
        return dataclasses.replace(self, central_operator=(level, reason))


@dataclass(frozen=True)
class Assessment:
    """What `assess` concludes about a scenario: the sums, the verdict, and why.

    `total` is the plain sum of the five scores (5 to 25) and `mean` its mean;
    `weighted_mean` is the mean with WEIGHTS. `penalty` is what the first question takes
    off (OPERATOR_PENALTY, stopping at 1, the bottom of the scale) and `score` what is left:
    the verdict follows `score`. `strong` and `weak` are the factors that push hardest for
    (score 4–5) and against (score 1–2) a chain, strongest first.
    """

    scenario: Scenario
    weights: dict[str, int]
    total: int
    mean: Decimal
    weighted_mean: Decimal
    verdict: str
    strong: tuple[str, ...]
    weak: tuple[str, ...]
    penalty: Decimal
    score: Decimal

    @property
    def central_operator(self) -> Operator:
        """The scenario's answer to the first question."""
        return self.scenario.central_operator

    @property
    def decisive(self) -> tuple[str, ...]:
        """The factors the explanation names as decisive.

        >>> assess(SCENARIOS["letter_of_credit"]).decisive
        ('trust_gap', 'joint_operation', 'domains')
        """
        if self.verdict == "consortium":
            return self.strong
        if self.verdict == "database":
            return self.weak
        return self.strong + self.weak

    @property
    def label(self) -> str:
        """The verdict in words, in the current language.

        >>> assess(SCENARIOS["points"]).label
        'A consortium chain may help'
        """
        return text(f"design.verdict.{self.verdict}")

    @property
    def explanation(self) -> str:
        """Why, in the current language: the score, the band and the decisive factors."""
        return self.in_language(get_language())

    def in_language(self, lang: str) -> str:
        """The explanation in `lang` ("en" or "zh").

        >>> "用数据库就够了" in assess(SCENARIOS["coffee"]).in_language("zh")
        True
        """
        operator = self.central_operator
        scored = "plain" if self.penalty == 0 else "penalised"
        fields = {"name": self.scenario.name,
                  "scored": text(f"design.scored.{scored}", lang=lang,
                                 weighted=self.weighted_mean, penalty=self.penalty,
                                 score=self.score, why=operator.why,
                                 operator=text(f"design.operator.{operator.level}", lang=lang)),
                  "low": DATABASE_BELOW, "high": CHAIN_FROM,
                  "verdict": text(f"design.verdict.{self.verdict}", lang=lang)}
        if self.verdict == "maybe":
            fields.update(strong=self._listed(self.strong, lang),
                          weak=self._listed(self.weak, lang, against=True))
        else:
            fields["factors"] = self._listed(self.decisive, lang,
                                             against=self.verdict == "database")
        return text(f"design.explain.{self.verdict}", lang=lang, **fields)

    def _listed(self, factors: tuple[str, ...], lang: str, against: bool = False) -> str:
        penalised = against and self.central_operator.level != "none"
        items = [text("design.operator_against", lang=lang)] if penalised else []
        items += [f"{factor_label(factor, lang)} {self.scenario.scores[factor]}"
                  for factor in factors]
        if not items:
            return text("design.nothing_stands_out", lang=lang)
        return ("、" if lang == "zh" else ", ").join(items)

    def __str__(self) -> str:
        return self.explanation


def _check_weights(weights: object) -> dict[str, int]:
    good = (isinstance(weights, Mapping) and set(weights) == set(FACTORS)
            and all(isinstance(w, int) and not isinstance(w, bool) and w >= 1
                    for w in weights.values()))
    if not good:
        raise InputError("design.bad_weights", choices=", ".join(FACTORS), got=weights)
    return {factor: weights[factor] for factor in FACTORS}


def _two_places(value: Fraction) -> Decimal:
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP)


def assess(scenario: Scenario, weights: Mapping[str, int] | None = None) -> Assessment:
    """Score `scenario` and give a verdict in three bands of its score, the weighted mean
    minus the penalty of the first question (a trusted central operator already does it:
    1.00; does part of it: 0.50; none: 0), never below 1:

    - below DATABASE_BELOW (2.5): "database" — a database is enough;
    - from 2.5 up to CHAIN_FROM (3.5): "maybe" — a consortium chain may help;
    - from 3.5 up: "consortium" — a consortium chain fits.

    The weights (WEIGHTS: trust gap and joint operation count 2, the other three 1) and the
    two thresholds are a teaching proposal of this course, not a standard. The five
    factors are the course's own (mutual trust, need for joint operation, number of
    process steps, domains involved, regulatory need); the extra weight on the first two
    follows a common conclusion of "do you need a blockchain?" checklists: without several
    writers who do not trust each other, a database does the job. Pass your own `weights`
    (each factor a whole number >= 1) to see how much the verdict depends on them.

    >>> a = assess(SCENARIOS["vouchers"])
    >>> a.total, a.mean, a.weighted_mean, a.penalty, a.score, a.verdict
    (22, Decimal('4.40'), Decimal('4.43'), Decimal('0.50'), Decimal('3.93'), 'consortium')
    >>> equal = assess(SCENARIOS["aml_reporting"], weights=dict.fromkeys(FACTORS, 1))
    >>> equal.weighted_mean, equal.score, equal.verdict
    (Decimal('2.80'), Decimal('1.80'), 'database')
    >>> assess(SCENARIOS["bills"].with_operator("none")).verdict
    'consortium'
    """
    if not isinstance(scenario, Scenario):
        raise InputError("design.not_scenario", got=type(scenario).__name__)
    weights = _check_weights(WEIGHTS if weights is None else weights)
    scores = scenario.scores
    total = sum(scores.values())
    weighted = Fraction(sum(weights[f] * scores[f] for f in FACTORS), sum(weights.values()))
    # The penalty stops at the bottom of the scale, so score = weighted_mean - penalty holds.
    penalty = min(Fraction(OPERATOR_PENALTY[scenario.central_operator.level]), weighted - 1)
    exact = weighted - penalty
    if exact < Fraction(DATABASE_BELOW):  # exact fractions: no rounding decides a band
        verdict = "database"
    elif exact < Fraction(CHAIN_FROM):
        verdict = "maybe"
    else:
        verdict = "consortium"
    # Strongest first: how far a score sits from the neutral 3, times its weight.
    pull = {f: weights[f] * (scores[f] - 3) for f in FACTORS}
    strong = tuple(sorted((f for f in FACTORS if scores[f] >= 4), key=lambda f: -pull[f]))
    weak = tuple(sorted((f for f in FACTORS if scores[f] <= 2), key=lambda f: pull[f]))
    return Assessment(scenario, weights, total, _two_places(Fraction(total, len(FACTORS))),
                      _two_places(weighted), verdict, strong[:3], weak[:3],
                      _two_places(penalty), _two_places(exact))


SCENARIOS: dict[str, Scenario] = {
    "vouchers": Scenario(
        ("Supply-chain credit vouchers (供应链债权凭证)",
         "供应链债权凭证"),
        ("A core enterprise pays its suppliers with digital vouchers that they split, pass "
         "upstream and finance at banks as factoring (保理) (ICBC e-Xin).",
         "核心企业用数字债权凭证向供应商付款，供应商可以拆分凭证、向上游流转，并在银行以保理方式"
         "融资（工银e信）。"),
        trust_gap=(4, ("small suppliers cannot check the core enterprise's promise, banks cannot "
                       "see tier-2 trades",
                       "小供应商无法核实核心企业的付款承诺，银行看不到二级供应商的交易")),
        joint_operation=(5, ("core enterprise, suppliers of every tier and banks all write",
                             "核心企业、各级供应商和银行都要写入")),
        process_steps=(5, ("issue, confirm, transfer, split, finance, settle",
                           "签发、确权、流转、拆分、融资、兑付")),
        domains=(4, ("manufacturing, banking and the trade documents of several industries",
                     "制造业、银行业，以及多个行业的贸易单据")),
        regulation=(4, ("each piece must trace back to the root receivable (穿透)",
                        "每一份凭证都必须能穿透追溯到最初的应收账款")),
        central_operator=("partial", ("中登网 registers every financing of a voucher "
                                      "(银发〔2025〕77号, 2021 unified registration), but no one "
                                      "operator runs vouchers across the core enterprises' "
                                      "platforms",
                                      "中登网登记每一笔凭证融资（银发〔2025〕77号；2021 年起统"
                                      "一登记），但没有哪一家机构跨越各核心企业的平台统一运营"
                                      "凭证"))),
    "bills": Scenario(
        ("Digital bills (数字票据)",
         "数字票据"),
        ("Commercial bills issued, accepted, endorsed, discounted and transfer-discounted "
         "(转贴现, between banks) on one platform (digital bill platform, 2018).",
         "商业汇票在同一平台上完成签发、承兑、背书、贴现和转贴现（银行之间买卖）（数字票据交易平"
         "台，2018 年）。"),
        trust_gap=(4, ("forged bills and one bill sold twice (一票多卖) are the known frauds",
                       "假票和一票多卖是已知的欺诈手法")),
        joint_operation=(4, ("drawer, acceptor, holders, discount banks and the central bank",
                             "出票人、承兑人、持票人、贴现银行和央行")),
        process_steps=(5, ("nine steps from issue to payment or recourse",
                           "从出票到付款或追索共九个环节")),
        domains=(3, ("companies, commercial banks and the central bank",
                     "企业、商业银行和央行")),
        regulation=(5, ("bills are money-like: the PBoC and NFRA supervise every step "
                        "(商业汇票承兑、贴现与再贴现管理办法, 2022)",
                        "票据类似货币：人民银行和金融监管总局监管每一个环节（《商业汇票承兑、贴"
                        "现与再贴现管理办法》，2022 年）")),
        central_operator=("full", ("票交所 (2016) runs ECDS (PBoC, 2009) for every electronic "
                                   "bill; its new system (2022) moves sub-ranges (子票区间) with "
                                   "one holder each, so no bill is sold twice",
                                   "票交所（2016 年成立）运营电子商业汇票系统 ECDS（人民银行，"
                                   "2009 年），登记每一张电子票据；其新一代票据业务系统（2022 "
                                   "年）按子票区间流转，每个区间只有一个持票人，所以不会一票多"
                                   "卖"))),
    "letter_of_credit": Scenario(
        ("Cross-border letter of credit (跨境信用证)",
         "跨境信用证"),
        ("A buyer's bank promises to pay a seller abroad against compliant shipping documents.",
         "买方的银行承诺：只要境外卖方提交相符的货运单据，就向其付款。"),
        trust_gap=(5, ("buyer and seller are strangers in different countries and legal systems",
                       "买卖双方素不相识，身处不同的国家和法律体系")),
        joint_operation=(5, ("applicant, issuing, advising and negotiating banks, beneficiary",
                             "申请人、开证行、通知行、议付行和受益人")),
        process_steps=(4, ("issue, advise, present, accept, pay, close",
                           "开证、通知、交单、承兑、付款、闭卷")),
        domains=(5, ("trade, banking, shipping, insurance and customs across borders",
                     "跨境的贸易、银行、航运、保险和海关")),
        regulation=(4, ("foreign exchange and trade-compliance checks in two jurisdictions",
                        "两个司法辖区的外汇和贸易合规审查")),
        central_operator=("partial", ("SWIFT carries the banks' L/C messages and UCP 600 sets "
                                      "the rules, but no operator keeps one record of the "
                                      "documents across borders",
                                      "SWIFT 传递银行之间的信用证报文，UCP 600 规定了规则，但"
                                      "没有哪一家机构跨境保管同一份单据记录"))),
    "blacklist": Scenario(
        ("Shared credit blacklist (征信黑名单共享)",
         "征信黑名单共享"),
        ("Lenders share who defaulted, so a borrower cannot default at one and borrow at the "
         "next.",
         "放贷机构共享违约名单，借款人就不能在一家违约后又到下一家借钱。"),
        trust_gap=(3, ("lenders are rivals and wary of each other's reports",
                       "放贷机构彼此竞争，对别家报送的信息心存戒备")),
        joint_operation=(4, ("every lender reports and queries",
                             "每家放贷机构都要报送和查询")),
        process_steps=(2, ("report, query, correct; kept 5 years (征信业管理条例 Art. 16)",
                           "报送、查询、更正；保存 5 年（《征信业管理条例》第十六条）")),
        domains=(3, ("banks, consumer-finance firms and microlenders",
                     "银行、消费金融公司和小额贷款公司")),
        regulation=(5, ("licensed business, personal data: consent and an audit trail of every "
                        "query",
                        "持牌业务，涉及个人信息：须取得本人同意，每次查询都要留痕")),
        central_operator=("full", ("the PBoC Credit Reference Center (征信中心) and licensed "
                                   "agencies (百行征信, 2018) already pool default records "
                                   "(征信业管理条例, 2013)",
                                   "人民银行征信中心和持牌征信机构（百行征信，2018 年）已在汇"
                                   "集违约记录（《征信业管理条例》，2013 年）"))),
    "points": Scenario(
        ("Loyalty points alliance (积分联盟)",
         "积分联盟"),
        ("Merchants let customers convert each other's points into one general point.",
         "商户允许顾客把彼此的积分兑换成一种通用积分。"),
        trust_gap=(3, ("each merchant must trust the others' outstanding points",
                       "每家商户都要信任别家尚未兑付的积分")),
        joint_operation=(4, ("many merchants mint, convert and redeem",
                             "众多商户发放、兑换和核销积分")),
        process_steps=(2, ("earn, convert, redeem",
                           "获得、兑换、核销")),
        domains=(3, ("retail, airlines and card issuers",
                     "零售、航空和发卡机构")),
        regulation=(2, ("free reward points fall under consumer law only; points sold as stored "
                        "value would need a PBoC payment licence",
                        "免费赠送的奖励积分只受消费者权益保护法律约束；出售的积分若具有储值性质"
                        "，就需要人民银行的支付业务许可证")),
        central_operator=("none", ("no registry of loyalty points exists; each merchant keeps "
                                   "its own",
                                   "没有登记会员积分的机构；每家商户各记各的账"))),
    "abs": Scenario(
        ("Asset-backed securities (资产证券化, ABS)",
         "资产证券化（ABS）"),
        ("Loans are pooled into a trust that pays investors in tranches (Baidu–Changan Xinsheng "
         "ABS, 2017).",
         "贷款汇集成资产池，装入一个信托，分档向投资者支付（百度-长安新生 ABS，2017 年）。"),
        trust_gap=(4, ("investors cannot see the loans behind their securities",
                       "投资者看不到证券背后的贷款")),
        joint_operation=(4, ("originator, trustee, servicer, underwriter, rating agency, "
                             "investors",
                             "原始权益人、受托人、服务商、承销商、评级机构和投资者")),
        process_steps=(4, ("pool, structure, issue, collect, pay the waterfall",
                           "组建资产池、设计结构、发行、回收款项、按现金流支付顺序分配")),
        domains=(4, ("lending, securities, rating and law",
                     "信贷、证券、评级和法律")),
        regulation=(5, ("securities regulators require disclosure of the underlying assets",
                        "证券监管机构要求披露基础资产")),
        central_operator=("partial", ("the exchange lists the securities and 中证登 (CSDC) "
                                      "registers and settles them, but the loans in the pool "
                                      "stay in the originator's own systems",
                                      "证券在交易所挂牌，由中证登登记和结算，但资产池里的贷款"
                                      "仍留在原始权益人自己的系统中"))),
    "reconciliation": Scenario(
        ("Inter-bank reconciliation (跨机构对账)",
         "跨机构对账"),
        ("Two banks check their books against each other at the end of each day.",
         "两家银行每天日终相互核对账目。"),
        trust_gap=(3, ("each bank trusts its own book; the other's is the question",
                       "每家银行都相信自己的账，问题在对方的账")),
        joint_operation=(4, ("both sides record every shared transaction",
                             "双方都记录每一笔共同交易")),
        process_steps=(3, ("record, match, settle the net position",
                           "记录、匹配、按净额结算")),
        domains=(2, ("banking only",
                     "仅限银行业")),
        regulation=(3, ("auditors check the reconciliations",
                        "审计师检查对账结果")),
        central_operator=("partial", ("payments between banks settle through the PBoC's CNAPS "
                                      "(大额支付系统), one central record; their other shared "
                                      "business, e.g. joint loans, has none",
                                      "银行之间的支付通过人民银行的大额支付系统结算，那里有一"
                                      "份中心记录；它们的其他共同业务（例如联合贷款）则没有"))),
    "xiongan": Scenario(
        ("Relocation-fund disbursement (雄安征迁资金)",
         "雄安征迁资金"),
        ("Compensation for land and relocation passes from the government through banks and "
         "contractors to each household (Xiong'an).",
         "征地和搬迁补偿款由政府经银行和施工单位逐级拨付到每一户（雄安）。"),
        trust_gap=(4, ("public money: households and auditors must see it was not diverted",
                       "公共资金：住户和审计人员必须能看到资金没有被挪用")),
        joint_operation=(4, ("government departments, banks, contractors and households",
                             "政府部门、银行、施工单位和住户")),
        process_steps=(5, ("approve, allocate, pay out in stages, confirm receipt",
                           "审批、拨款、分期支付、确认收款")),
        domains=(3, ("government, banking and construction",
                     "政府、银行和建筑业")),
        regulation=(5, ("public funds are audited payment by payment",
                        "公共资金要逐笔接受审计")),
        central_operator=("partial", ("the treasury's central payment system (国库集中支付) pays "
                                      "the government's contracts, but keeps no record down "
                                      "through subcontractors to each household",
                                      "国库集中支付系统支付政府的合同款，但不记录资金经分包商"
                                      "一直到每一户的去向"))),
    "aml_reporting": Scenario(
        ("One bank's anti-money-laundering reports (反洗钱报告)",
         "单家银行的反洗钱报告"),
        ("A bank screens its customers' payments and reports suspicious ones to the regulator.",
         "一家银行筛查客户的支付，把可疑交易报告给监管机构。"),
        trust_gap=(1, ("the bank and the regulator already have a legal reporting channel",
                       "银行与监管机构之间已有法定的报告渠道")),
        joint_operation=(1, ("only the bank writes its reports",
                             "只有这家银行写自己的报告")),
        process_steps=(4, ("screen, review, escalate, report, follow up",
                           "筛查、复核、逐级上报、报告、跟踪")),
        domains=(3, ("payments, compliance and the regulator's systems",
                     "支付、合规和监管机构的系统")),
        regulation=(5, ("anti-money-laundering law: the regulator checks every report",
                        "反洗钱法：监管机构检查每一份报告")),
        central_operator=("full", ("the PBoC's China Anti-Money Laundering Monitoring and "
                                   "Analysis Center (中国反洗钱监测分析中心) receives every "
                                   "report (PBoC order 2016 No. 3)",
                                   "人民银行的中国反洗钱监测分析中心接收每一份报告（中国人民银"
                                   "行令〔2016〕第3号）"))),
    "expenses": Scenario(
        ("One company's internal expense ledger (企业内部报销台账)",
         "企业内部报销台账"),
        ("Employees claim expenses; managers approve; the finance department pays.",
         "员工报销，经理审批，财务部门付款。"),
        trust_gap=(1, ("everybody accepts the finance department as the keeper",
                       "大家都认可由财务部门记账")),
        joint_operation=(1, ("only the company writes its own ledger",
                             "只有公司自己写自己的台账")),
        process_steps=(3, ("claim, approve, pay",
                           "报销、审批、付款")),
        domains=(1, ("one company",
                     "一家公司之内")),
        regulation=(2, ("tax rules, checked by the ordinary annual audit",
                        "税务规则，由常规的年度审计检查")),
        central_operator=("full", ("the finance department already keeps the ledger, and "
                                   "everybody accepts it",
                                   "财务部门已经在记账，而且大家都认可"))),
    "coffee": Scenario(
        ("Coffee shop loyalty card (咖啡店积分卡)",
         "咖啡店积分卡"),
        ("A coffee shop gives a stamp per coffee and a free one for ten stamps.",
         "咖啡店每卖一杯咖啡盖一个章，集满十个章送一杯。"),
        trust_gap=(1, ("customers trust the shop's own stamp",
                       "顾客信任店里自己的印章")),
        joint_operation=(1, ("only the shop writes",
                             "只有这家店写入")),
        process_steps=(1, ("stamp, then redeem",
                           "盖章，然后兑换")),
        domains=(1, ("one shop",
                     "一家店")),
        regulation=(1, ("no regulator looks at coffee stamps",
                        "没有监管机构管咖啡印章")),
        central_operator=("full", ("the shop keeps the stamps itself, and customers accept it",
                                   "店家自己记录印章，顾客也认可"))),
}


# --- part 2: design a consortium chain ------------------------------------------------------


@dataclass(frozen=True)
class DataItem:
    """One kind of data a platform handles, and what it is:

    - "record": business records the members must agree on (amounts, holders, statuses);
    - "hash": a fingerprint of something kept off chain (`hash_of` names it);
    - "document": a full document (contract, invoice): confidential and large;
    - "personal": personal information (个人信息), e.g. ID card numbers.

    The description is plain text, or an (English, 中文) pair shown in the current language.

    >>> DataItem("warehouse_receipts", "document", "scanned warehouse receipts (仓单)").kind
    'document'
    """

    name: str
    kind: str
    description: str = ""
    hash_of: str | None = None

    def __post_init__(self) -> None:
        _check_text(self.name, "DataItem.name")
        if isinstance(self.description, (tuple, list)):
            object.__setattr__(self, "description",
                               _check_text(self.description, "DataItem.description"))
        if self.kind not in DATA_KINDS:
            raise InputError("design.bad_kind", choices=", ".join(DATA_KINDS), got=self.kind)


def _catalogue(*items: DataItem) -> dict[str, DataItem]:
    return {item.name: item for item in items}


DATA: dict[str, DataItem] = _catalogue(
    DataItem("receivables", "record",
             ("receivables: creditor, debtor, amount, due date (应收账款)",
              "应收账款：债权人、债务人、金额、到期日")),
    DataItem("voucher_records", "record",
             ("voucher issue, transfer, split, financing and settlement (凭证流转记录)",
              "凭证流转记录：签发、流转、拆分、融资和兑付")),
    DataItem("credit_lines", "record",
             ("credit lines granted by banks (授信额度)",
              "银行授予的授信额度")),
    DataItem("financing_records", "record",
             ("who financed which receivable, when, how much (融资记录)",
              "融资记录：谁为哪笔应收账款融资、何时、多少")),
    DataItem("bill_records", "record",
             ("issue, acceptance, endorsement and discount of bills (票据记录)",
              "票据记录：出票、承兑、背书和贴现")),
    DataItem("blacklist_entries", "record",
             ("reporter, reason code, date listed, date the bad behaviour ended (黑名单条目)",
              "黑名单条目：报送机构、原因代码、列入日期、不良行为终止日期")),
    DataItem("query_log", "record",
             ("who queried, when, for what purpose (查询记录)",
              "查询记录：谁在何时、为何目的查询")),
    DataItem("trade_contracts", "document",
             ("full text of the trade contracts (贸易合同全文)",
              "贸易合同全文")),
    DataItem("trade_contract_hashes", "hash",
             ("SHA-256 of each trade contract (合同哈希)",
              "每份贸易合同的 SHA-256 哈希（合同哈希）"), hash_of="trade_contracts"),
    DataItem("invoices", "document",
             ("invoices with all their details (发票)",
              "包含全部明细的发票")),
    DataItem("invoice_hashes", "hash",
             ("SHA-256 of each invoice with a secret salt, since an invoice's few fields can be "
              "guessed (加盐发票哈希)",
              "每张发票加保密盐后的 SHA-256 哈希：发票字段少，容易被猜出（"
              "加盐发票哈希）"), hash_of="invoices"),
    DataItem("consent_forms", "document",
             ("signed consent to share credit data (授权书)",
              "已签署的信用信息共享授权书")),
    DataItem("consent_hashes", "hash",
             ("SHA-256 of each consent form with a salt kept with the form: a filled-in template "
              "can be guessed (加盐授权书哈希)",
              "每份授权书的 SHA-256 哈希，盐与授权书一起保存：填好的模"
              "板可以被猜出（加盐授权书哈希）"), hash_of="consent_forms"),
    DataItem("id_numbers", "personal",
             ("ID card numbers of people (身份证号)",
              "个人的身份证号")),
    DataItem("salted_id_hashes", "hash",
             ("sha256(salt ‖ ID number), the salt secret and off chain; still personal "
              "information (加盐身份证哈希)",
              "sha256(盐 ‖ 身份证号)，盐保密且放在链下；仍属个人信息（加"
              "盐身份证哈希）"), hash_of="id_numbers"),
    DataItem("phone_numbers", "personal",
             ("mobile phone numbers of people (手机号)",
              "个人的手机号")),
)


def _data_items(items: object) -> tuple[DataItem, ...]:
    """Names from DATA or DataItem objects (one, or several) as a tuple of DataItems."""
    if isinstance(items, (str, DataItem)) or not isinstance(items, Iterable):
        items = [items]
    found = []
    for item in items:
        if isinstance(item, str) and item in DATA:
            item = DATA[item]
        if not isinstance(item, DataItem):
            raise InputError("design.unknown_data", got=item, known=Labels(
                Words(name, f"`{name}`") for name in DATA))  # code names, as code in Chinese
        found.append(item)
    return tuple(found)


@dataclass(frozen=True)
class Finding:
    """One problem `ChainDesign.check()` found: the rule broken, "mistake" or "warning",
    and the facts for the message.

    >>> Finding("no_regulator", MISTAKE).in_language("zh")[:9]
    '没有成员拥有监管方'
    """

    rule: str
    severity: str
    fields: dict[str, Any] = field(default_factory=dict)

    @property
    def message(self) -> str:
        """What is wrong and how to fix it, in the current language."""
        return self.in_language(get_language())

    def in_language(self, lang: str) -> str:
        """The message in `lang` ("en" or "zh")."""
        return text(f"design.rule.{self.rule}", lang=lang, **self.fields)

    def __str__(self) -> str:
        return text("design.finding", severity=Phrase(f"design.severity.{self.severity}"),
                    message=self)

    def __repr__(self) -> str:  # a learner who shows check() reads the findings, not fields
        return str(self)


@dataclass(frozen=True)
class ChainDesign:
    """A consortium chain on paper: members (ledgerkit.consortium.Member, each with a node
    kind and roles), the consensus protocol ("pbft" or "raft"), the data on chain and off
    chain (names from DATA or your own DataItem), `organisations` for members whose node
    another organisation runs (member name -> organisation; default: itself), and
    `checked_parties`: members whose reports the others must check (e.g. the ABS
    originator, who reports the collections investors are paid from), which must not run
    a consensus node (they would vote on the blocks that record their own reports).

    >>> design = ChainDesign("demo", [
    ...     Member(f"bank{i}", node_kind="consensus", roles={"committee", "business"})
    ...     for i in range(1, 5)] + [
    ...     Member("ops", roles={"operator"}),
    ...     Member("pboc", node_kind="observer", roles={"regulator"})],
    ...     on_chain=["receivables", "trade_contract_hashes"], off_chain=["trade_contracts"])
    >>> design.check(), design.consensus_nodes, design.fault_tolerance
    ([], ('bank1', 'bank2', 'bank3', 'bank4'), 1)
    >>> design.build().height
    0
    """

    name: str
    members: tuple[Member, ...]
    consensus: str = "pbft"
    on_chain: tuple[DataItem, ...] = ()
    off_chain: tuple[DataItem, ...] = ()
    organisations: dict[str, str] = field(default_factory=dict)
    checked_parties: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", _check_text(self.name, "name"))
        members = tuple(self.members) if isinstance(self.members, Iterable) else None
        if members is None:
            raise InputError("design.bad_member", got=self.members)
        names: set[str] = set()
        for member in members:
            if not isinstance(member, Member):
                raise InputError("design.bad_member", got=member)
            if member.name in names:
                raise InputError("design.duplicate_member", name=member.name)
            names.add(member.name)
        object.__setattr__(self, "members", members)
        if self.consensus not in CONSENSUS:
            raise InputError("design.bad_consensus", choices=", ".join(map(repr, CONSENSUS)),
                             got=self.consensus)
        on_chain, off_chain = _data_items(self.on_chain), _data_items(self.off_chain)
        placed = Counter(item.name for item in on_chain + off_chain)
        twice = [name for name, count in placed.items() if count > 1]
        if twice:
            raise InputError("design.data_twice", name=twice[0])
        object.__setattr__(self, "on_chain", on_chain)
        object.__setattr__(self, "off_chain", off_chain)
        organisations = self.organisations
        if not isinstance(organisations, Mapping) or not all(
                isinstance(org, str) and org.strip() for org in organisations.values()):
            raise InputError("design.bad_organisation", got=organisations)
        for name in organisations:
            if name not in names:
                raise InputError("design.unknown_member", name=name, known=", ".join(names))
        object.__setattr__(self, "organisations", dict(organisations))
        checked = self.checked_parties
        if (isinstance(checked, (str, bytes)) or not isinstance(checked, Iterable)
                or not set(checked := tuple(checked)) <= names):
            raise InputError("design.bad_checked", got=self.checked_parties,
                             known=", ".join(sorted(names)))
        object.__setattr__(self, "checked_parties", checked)

    # --- reading ---
    @property
    def member_names(self) -> tuple[str, ...]:
        """The members' names, in order."""
        return tuple(m.name for m in self.members)

    @property
    def consensus_nodes(self) -> tuple[str, ...]:
        """The names of the members that run consensus nodes, in member order."""
        return tuple(m.name for m in self.members if m.node_kind == "consensus")

    def organisation_of(self, name: str) -> str:
        """The organisation that runs member `name`'s node (by default the member itself)."""
        return self.organisations.get(name, name)

    @property
    def fault_tolerance(self) -> int:
        """How many faulty consensus nodes the chain survives: f = ⌊(n−1)/3⌋ liars or
        crashes for PBFT, f = ⌊(n−1)/2⌋ crashes (and no liar) for Raft.

        >>> dataclasses.replace(_demo(), consensus="raft").fault_tolerance
        1
        """
        n = len(self.consensus_nodes)
        if n == 0:
            return 0
        return max_faulty(n) if self.consensus == "pbft" else (n - 1) // 2

    # --- checking ---
    def check(self) -> list[Finding]:
        """Every design mistake and warning found, in a fixed order; [] for a sound design.

        >>> dataclasses.replace(_demo(), on_chain=["receivables", "id_numbers"]).check()[0].rule
        'personal_on_chain'
        >>> [f.rule for f in dataclasses.replace(_demo(), checked_parties=["bank1"]).check()]
        ['checked_party_validates']
        """
        found = [Finding(f"no_{role}", MISTAKE) for role in
                 ("committee", "operator", "business", "regulator")
                 if not any(role in member.roles for member in self.members)]
        nodes, f = self.consensus_nodes, self.fault_tolerance
        if self.consensus == "pbft" and len(nodes) < 4:
            found.append(Finding("pbft_too_few", MISTAKE, {"n": len(nodes), "f": f}))
        if self.consensus == "raft" and len(nodes) < 3:
            found.append(Finding("raft_too_few", MISTAKE, {"n": len(nodes)}))
        runs = Counter(self.organisation_of(name) for name in nodes)
        if len(runs) == 1:
            (organisation, count), = runs.items()
            found.append(Finding("single_organisation", MISTAKE,
                                 {"organisation": organisation, "n": count}))
        elif f >= 1:  # with f = 0 the "too few" rule has already said it all
            found += [Finding("dominant_organisation", MISTAKE,
                              {"organisation": organisation, "count": count,
                               "n": len(nodes), "f": f})
                      for organisation, count in runs.items() if count > f]
        checked = set(self.checked_parties)
        voting = [name for name in nodes
                  if name in checked or self.organisation_of(name) in checked]
        if voting:
            found.append(Finding("checked_party_validates", MISTAKE, {"items": ", ".join(voting)}))
        for kind, rule in (("personal", "personal_on_chain"), ("document", "document_on_chain")):
            items = [item.name for item in self.on_chain if item.kind == kind]
            if items:
                found.append(Finding(rule, MISTAKE, {"items": ", ".join(items)}))
        anchored = {item.hash_of for item in self.on_chain if item.kind == "hash"}
        loose = [item.name for item in self.off_chain
                 if item.kind == "document" and item.name not in anchored]
        if loose:
            found.append(Finding("unanchored_document", WARNING, {"items": ", ".join(loose)}))
        if self.consensus == "raft" and len(runs) >= 2:
            found.append(Finding("raft_trusts_nodes", WARNING, {"count": len(runs)}))
        return found

    # --- changing (a design is frozen: each change gives a new one) ---
    def with_member(self, member: Member) -> ChainDesign:
        """A copy with `member` added, or put in place of the member of the same name.

        >>> sorted(_demo().with_member(Member("ops", roles={"operator", "business"}))
        ...        .members[4].roles)
        ['business', 'operator']
        """
        if isinstance(member, Member) and member.name in self.member_names:
            members = [member if m.name == member.name else m for m in self.members]
        else:
            members = [*self.members, member]  # __post_init__ refuses anything but a Member
        return dataclasses.replace(self, members=members)

    def without_member(self, name: str) -> ChainDesign:
        """A copy without member `name`.

        >>> len(_demo().without_member("ops").members)
        5
        """
        if name not in self.member_names:
            raise InputError("design.unknown_member", name=name,
                             known=", ".join(self.member_names))
        organisations = {k: v for k, v in self.organisations.items() if k != name}
        return dataclasses.replace(self, members=[m for m in self.members if m.name != name],
                                   organisations=organisations,
                                   checked_parties=[p for p in self.checked_parties
                                                    if p != name])

    def build(self, *, start: date = DEFAULT_START,
              allow_mistakes: bool = False) -> ConsortiumChain:
        """A running ConsortiumChain with these members (its genesis block holds them).
        A design with mistakes is refused unless `allow_mistakes` (warnings never stop it).
        The chain seals every block with the signatures of more than 2/3 of the consensus
        nodes whichever protocol is chosen; `consensus` shapes check() and fault_tolerance.

        >>> ChainDesign("bad", [Member("b", node_kind="consensus",
        ...                            roles={"committee"})]).build()
        Traceback (most recent call last):
        ...
        ledgerkit.design.DesignError: This design still has 5 mistake(s), first: No member...
        """
        mistakes = [finding for finding in self.check() if finding.severity == MISTAKE]
        if mistakes and not allow_mistakes:
            raise DesignError("design.not_buildable", count=len(mistakes), first=mistakes[0])
        return ConsortiumChain(self.members, start=start)

    def summary(self) -> str:
        """The design as a small text table, in the current language.

        >>> print(_demo().summary().splitlines()[0])
        demo: PBFT, 4 consensus node(s), tolerates 1 faulty
        """
        zh = get_language() == "zh"
        comma = "、" if zh else ", "
        lines = [text("design.summary.head", name=self.name,
                      consensus=text(f"design.protocol.{self.consensus}"),
                      n=len(self.consensus_nodes), f=self.fault_tolerance)]
        rows = [text("design.summary.columns").split("|")]
        rows += [[m.name, text(f"design.node.{m.node_kind}"),
                  comma.join(text(f"role.{role}") for role in sorted(m.roles)) or "-",
                  self.organisation_of(m.name)] for m in self.members]
        widths = [max(_width(row[i]) for row in rows) for i in range(4)]
        lines += ["  " + "  ".join(cell + " " * (width - _width(cell)) for cell, width in
                                   zip(row, widths, strict=True)).rstrip() for row in rows]
        for key, items in (("on", self.on_chain), ("off", self.off_chain)):
            kinds = [text(f"design.kind.{item.kind}") for item in items]
            listed = comma.join(f"`{item.name}`（{kind}）" if zh else f"{item.name} ({kind})"
                                for item, kind in zip(items, kinds, strict=True))
            lines.append(text(f"design.summary.{key}",
                              items=listed or text("design.summary.none")))
        return "\n".join(lines)


def _width(cell: str) -> int:
    """Columns a text takes on screen: Chinese characters are two columns wide."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in cell)


def _demo() -> ChainDesign:
    """For the examples: four banks run PBFT, an operator, a regulator; only hashes of the
    trade contracts go on chain."""
    banks = [Member(f"bank{i}", node_kind="consensus", roles={"committee", "business"})
             for i in range(1, 5)]
    return ChainDesign("demo", [*banks, Member("ops", roles={"operator"}),
                                Member("pboc", node_kind="observer", roles={"regulator"})],
                       on_chain=["receivables", "trade_contract_hashes"],
                       off_chain=["trade_contracts"])
