"""In Chinese mode nothing English leaks: every template, every refusal, every widget label.

A learner who switched to Chinese (`set_language("zh")` or LEDGERKIT_LANG=zh) must not meet an
English sentence inside a Chinese one ("无效：the sign bit is set"), a raw status or enum value
("REGISTERED", "fork_storm"), or a Python error text. Names and code may stay as they are: the
allow-list below says which, and why.
"""

from __future__ import annotations

import dataclasses
import html
import importlib
import pkgutil
import re
import string
from collections.abc import Callable
from datetime import date

import pytest

import ledgerkit
from ledgerkit.errors import LedgerError
from ledgerkit.i18n import STRINGS, set_language, text

# --- what may stay English in a Chinese text ---------------------------------------------------
ALLOWED = {
    # protocol names as their papers spell them; the Chinese term stands beside them
    "PBFT", "SHA-256", "UTXO",
    "PRE-PREPARE", "PREPARE", "COMMIT", "VIEW-CHANGE", "NEW-VIEW",  # PBFT messages (Castro 1999)
    # units and formats a learner meets in every tool
    "UTC", "TPS", "JSON", "PEM", "ID",
    # what a learner types to join the class: a command, shown as the command
    "%classroom join CODE", "CODE", "--code ABC123", "ABC123", "%ledgerkit lang en|zh",
    # names Chinese finance writes in Latin letters: systems, rules, products, ratings
    "ECDS", "SWIFT", "UCP 600", "ABS", "BCLC", "AAA", "AA", "JR/T",
    # a foreign case as the Chinese press names it: the system, the vendor, the news site
    "CHESS", "Digital Asset", "Financial Standard",
    "XOX Fabric", "Hyperledger Fabric", "International Journal of Network Management",
}
# Code is written `like this` or called like .this(), values are quoted 'like this': all three
# are left as they are.
CODE_OR_VALUE = re.compile(r"`[^`]*`|'[^']*'|\"[^\"]*\"|[\w.]*\w\([^()]*\)")
WORD = r"(?<![\w%.-])[A-Za-z]+(?:['’-][A-Za-z]+)*(?![\w])"
ENGLISH_RUN = re.compile(rf"{WORD}(?:[ \t]+{WORD})+")
# A raw enum value: an ALL-CAPS word (REGISTERED) or a snake_case token (fork_storm).
RAW_TOKEN = re.compile(r"(?<![\w-])(?:[A-Z]{2,}(?:[-_][A-Z]+)*|[a-z]+(?:_[a-z0-9]+)+)(?![\w-])")


def visible(markup: str) -> str:
    """The text a reader sees in `markup`: no styles, scripts or tags, entities decoded."""
    markup = re.sub(r"<(style|script)\b.*?</\1>", " ", markup, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", markup))


def leaks(shown: str, raw_tokens: bool = True) -> list[str]:
    """English word runs (and raw enum tokens) in `shown` that the allow-list does not cover."""
    for allowed in sorted(ALLOWED, key=len, reverse=True):
        shown = shown.replace(allowed, " ")
    shown = CODE_OR_VALUE.sub(" ", shown)
    found = ENGLISH_RUN.findall(shown)
    return found + (RAW_TOKEN.findall(shown) if raw_tokens else [])


@pytest.fixture(autouse=True)
def chinese():
    set_language("zh")
    yield
    set_language("en")


def _import_everything() -> None:
    """Import every module, so every module's own strings are registered."""
    for module in pkgutil.walk_packages(ledgerkit.__path__, "ledgerkit."):
        if not module.name.endswith("__main__"):
            importlib.import_module(module.name)


_import_everything()


# --- (a) every template ------------------------------------------------------------------------
class StandIn:
    """A field value that fits any format spec and adds no English of its own."""

    def __format__(self, spec: str) -> str:
        try:
            return format(7, spec)
        except ValueError:
            return format("七", spec)

    def __repr__(self) -> str:
        return "'七'"

    def __getattr__(self, name: str) -> StandIn:
        return StandIn()

    def __getitem__(self, key: object) -> StandIn:
        return StandIn()


class StandIns(dict):
    def __missing__(self, key: str) -> StandIn:
        return StandIn()


# Keys whose Chinese still holds English, in modules other helpers are editing now: listed so
# this test passes today and fails (strict) the moment one is fixed, to be taken off the list.
KNOWN_ELSEWHERE: set[str] = set()


@pytest.mark.parametrize("key", sorted(STRINGS))
def test_every_template_reads_as_chinese(key):
    shown = string.Formatter().vformat(STRINGS[key][1], (), StandIns())
    if key in KNOWN_ELSEWHERE:
        pytest.xfail("owned by another module; listed in KNOWN_ELSEWHERE")
    assert not leaks(shown, raw_tokens=False), shown


# --- (b) every refusal -------------------------------------------------------------------------
def _crypto() -> dict[str, Callable[[], object]]:
    from ledgerkit.crypto import KeyPair, sha256

    return {
        "crypto: text instead of bytes": lambda: sha256("abc"),
        "crypto: unknown curve": lambda: KeyPair.from_seed("a", "P-999"),
        "crypto: key not hex": lambda: KeyPair.from_hex("zz"),
        "crypto: key too short": lambda: KeyPair.from_hex("00" * 31),
        "crypto: key out of range": lambda: KeyPair.from_hex("00" * 32),
        "crypto: not a PEM": lambda: KeyPair.from_pem("hello"),
        "crypto: not a public key": lambda: KeyPair.from_public(b"123"),
        "crypto: no private key": lambda: KeyPair.from_public(
            KeyPair.from_seed("a").public_key).sign(b"x"),
    }


def _blocks() -> dict[str, Callable[[], object]]:
    from ledgerkit.block import Block, BlockHeader, bits_to_target
    from ledgerkit.chain import Blockchain
    from ledgerkit.merkle import merkle_proof, merkle_root

    def tampered_block() -> None:
        chain = Blockchain(difficulty_bits=4)
        block = chain.mine_block([], "ab" * 20)
        chain2 = Blockchain(difficulty_bits=4)
        chain2.add_block(dataclasses.replace(block, header=dataclasses.replace(
            block.header, nonce=block.header.nonce + 1)))

    return {
        "block: sign bit": lambda: bits_to_target(0x1D800000),
        "block: target overflow": lambda: bits_to_target(0xFF7FFFFF),
        "block: malformed bytes": lambda: Block.parse(b"too short"),
        "block: short header": lambda: BlockHeader.parse(b"\0" * 10),
        "chain: difficulty": lambda: Blockchain(difficulty_bits=99),
        "chain: no such block": lambda: Blockchain(difficulty_bits=4).tamper(5, None),
        "chain: unknown parent": lambda: Blockchain(difficulty_bits=4).add_block(
            Blockchain(difficulty_bits=4, start_time=42).mine_block([], "ab" * 20)),
        "chain: tampered block": tampered_block,
        "merkle: empty": lambda: merkle_root([]),
        "merkle: leaf index": lambda: merkle_proof([b"a"], 3),
    }


def _consortium() -> dict[str, Callable[[], object]]:
    from ledgerkit.consortium import ConsortiumChain, Member, motion_from_args
    from ledgerkit.contracts import ContractCall

    def chain() -> ConsortiumChain:
        return ConsortiumChain([Member(f"bank_{x}", node_kind="consensus",
                                       roles={"committee", "operator"}) for x in "abcd"]
                               + [Member("pboc", node_kind="observer", roles={"regulator"})],
                               start=date(2025, 3, 1))

    return {
        "member: no name": lambda: Member(""),
        "member: node kind, roles, weight": lambda: Member("x", node_kind="boss",
                                                           roles={"king"}, weight=0),
        "motion: unreadable": lambda: motion_from_args({"kind": "nope"}),
        "call: not canonical": lambda: ContractCall.parse(b'{"a": 1}'),
        "call: bad nonce": lambda: ContractCall("a", "b", "c", "{}", -1),
        "governance: wrong role": lambda: chain().call("governance", "deploy", by="pboc",
                                                       name="x", code="y", state="z"),
        "governance: bad arguments": lambda: chain().call("governance", "vote", by="bank_a",
                                                          nope=1),
    }


def _consensus() -> dict[str, Callable[[], object]]:
    from ledgerkit.monitor import Scenario
    from ledgerkit.voting import NodeVotingModel

    return {
        "voting: unknown protocol": lambda: NodeVotingModel("paxos"),
        "voting: too many nodes": lambda: NodeVotingModel("pbft", n=99),
        "voting: time out in PBFT": lambda: NodeVotingModel("pbft").time_out(1),
        "voting: no such node": lambda: NodeVotingModel("raft").time_out(9),
        "monitor: unknown scenario": lambda: Scenario("sunny"),
    }


def _classroom() -> dict[str, Callable[[], object]]:
    from ledgerkit.classroom.export import load_export
    from ledgerkit.classroom.protocol import Envelope

    return {
        "classroom: not JSON": lambda: Envelope.parse(b"{"),
        "classroom: not an object": lambda: Envelope.parse(b"[]"),
        "classroom: missing fields": lambda: Envelope.parse(b'{"v": 1}'),
        "classroom: wrong fields": lambda: Envelope.parse(
            b'{"v": 2, "kind": "x", "sender": "y", "public_key": "z", "curve": "c", '
            b'"time": 1.5, "nonce": "n", "body": [], "signature": "s"}'),
        "classroom: not an export": lambda: load_export({"format": "nope"}),
        "classroom: damaged export": lambda: load_export(
            {"format": importlib.import_module("ledgerkit.classroom.export").FORMAT}),
    }


def _formation() -> dict[str, Callable[[], object]]:
    from ledgerkit.formation import BlockFormationModel

    return {
        "formation: unknown account": lambda: BlockFormationModel().add_transaction(
            "Zed", "Bob", 1),
        "formation: mempool position": lambda: BlockFormationModel().select(99),
        "formation: no such block": lambda: BlockFormationModel().edit_transaction(9, 0,
                                                                                 amount=1),
    }


def _finance() -> dict[str, Callable[[], object]]:
    """Refusals that name a status: the status must read as words (已确权), not CONFIRMED."""
    from decimal import Decimal

    from ledgerkit.finance.bill import BillRegistry
    from ledgerkit.finance.factoring import FactoringDesk
    from ledgerkit.finance.guarantee import GuaranteeDesk
    from ledgerkit.finance.letter_of_credit import LetterOfCreditDesk
    from ledgerkit.finance.reconciliation import ReconciliationPlatform
    from ledgerkit.finance.voucher import VoucherRegistry

    def voucher(then: str) -> None:
        reg = VoucherRegistry(recourse=True)
        reg.grant_credit_line("core", "bank", 10**6)
        piece = reg.issue("core", "supplier1", 10**6, 180, "PO-7")
        if then == "closed":  # at maturity an unconfirmed piece lapses (已失效)
            reg.settle(on=piece.due)
            reg.transfer(piece.id, "supplier2", by="supplier1")
        reg.confirm(piece.id, by="core")
        if then == "confirm twice":
            reg.confirm(piece.id, by="core")
        reg.claim_recourse(piece.id, by="bank")

    def bills(then: str) -> None:
        registry = BillRegistry(start=date(2025, 3, 10))
        registry.issue("B1", acceptor="bank_a", payee="seller", face=Decimal(1_000_000),
                       due=date(2025, 9, 10), by="buyer")
        registry.accept("B1", by="bank_a")
        if then == "accept twice":
            registry.accept("B1", by="bank_a")
        registry.receive("B1", by="seller")
        if then == "pay unpresented":
            registry.pay("B1", "1-100000000", by="bank_a")
        registry.present("B1", "1-100000000", by="seller")  # before the due date

    def factoring() -> None:
        desk = FactoringDesk()
        desk.deposit(Decimal(50_000), by="factor")
        desk.grant_line("seller", limit=Decimal(100_000), by="factor")
        key = desk.assign("INV-001", debtor="buyer", amount=Decimal(10_000),
                          due=date(2025, 4, 1), factor="factor", advance_rate=Decimal("0.8"),
                          fee_rate=Decimal("0.01"), annual_rate=Decimal("0.036"), by="seller")
        desk.advance(key, by="factor")
        desk.advance(key, by="factor")

    def guarantee(then: str) -> None:
        desk = GuaranteeDesk()
        words = "Performance guarantee G-1: up to 100,000 yuan for contract C-9."
        desk.apply("G-1", bank="bank", beneficiary="buyer", amount=Decimal(100_000),
                   expiry=date(2025, 12, 31), text=words, by="seller")
        desk.issue_signed("G-1", words, by="bank")
        if then == "cancelled":
            desk.cancel("G-1", by="buyer")
        desk.issue_signed("G-1", words, by="bank")

    def letter(then: str) -> None:
        desk = LetterOfCreditDesk(start=date(2025, 3, 3))
        desk.deposit(Decimal(1_000_000), by="issuing_bank")
        desk.issue("LC-1", applicant="buyer", beneficiary="seller",
                   advising_bank="advising_bank", amount=Decimal(500_000),
                   expiry=date(2025, 6, 30), by="issuing_bank")
        desk.advise("LC-1", by="advising_bank")
        if then == "advise twice":
            desk.advise("LC-1", by="advising_bank")
        desk.present("LC-1", amount=Decimal(500_000), shipped=date(2025, 3, 1), by="seller")
        desk.accept("LC-1", 1, by="issuing_bank")
        desk.accept("LC-1", 1, by="issuing_bank")

    def reconciliation() -> None:
        platform = ReconciliationPlatform()
        platform.record("T1", "bank_b", Decimal("100.00"), by="webank")
        platform.confirm("T1", by="bank_b")
        platform.confirm("T1", by="bank_b")

    return {name: _expect(key, call) for name, (key, call) in {
        "voucher: confirmed twice": ("voucher.not_pending", lambda: voucher("confirm twice")),
        "voucher: recourse on an unfinanced piece": ("voucher.recourse_not_financed",
                                                     lambda: voucher("recourse")),
        "voucher: a closed piece moves": ("voucher.closed", lambda: voucher("closed")),
        "bill: accepted twice": ("bill.step", lambda: bills("accept twice")),
        "bill: paid before presentment": ("bill.range_step", lambda: bills("pay unpresented")),
        "bill: presented before the due date": ("bill.not_due", lambda: bills("present early")),
        "factoring: financed twice": ("factoring.step", factoring),
        "guarantee: issued twice": ("guarantee.step", lambda: guarantee("issued")),
        "guarantee: changed after cancellation": ("guarantee.final",
                                                  lambda: guarantee("cancelled")),
        "letter of credit: advised twice": ("lc.step", lambda: letter("advise twice")),
        "letter of credit: presentation accepted twice": ("lc.presentation_step",
                                                          lambda: letter("accept twice")),
        "reconciliation: confirmed twice": ("reconciliation.not_pending", reconciliation),
    }.items()}


def _expect(key: str, call: Callable[[], object]) -> Callable[[], object]:
    """`call`, checked to be refused by rule `key` (not by an earlier slip of the set-up)."""

    def refused() -> None:
        with pytest.raises(LedgerError) as caught:
            call()
        assert caught.value.key == key, (key, str(caught.value))
        raise caught.value

    return refused


def _design() -> dict[str, Callable[[], object]]:
    from ledgerkit.consortium import Member
    from ledgerkit.design import SCENARIOS, ChainDesign, Scenario, assess

    solo = [Member("bank", node_kind="consensus", roles={"committee", "operator"})]
    return {
        "design: not a scenario": lambda: assess("vouchers"),
        "design: a factor without a reason": lambda: SCENARIOS["coffee"].rescored(
            "domains", 2, ""),
        "design: no first question": lambda: Scenario("x", "y", **dict.fromkeys(
            ("trust_gap", "joint_operation", "process_steps", "domains", "regulation"),
            (3, "why"))),
        "design: a flawed design is built": lambda: ChainDesign("solo", solo).build(),
        "design: unknown data item": lambda: ChainDesign("x", solo, on_chain=["gold"]),
    }


def _ledgers() -> dict[str, Callable[[], object]]:
    """utxo, audit and proof of stake."""
    import io

    from ledgerkit.audit import integrity_report, read_book_csv, reconcile_book
    from ledgerkit.consensus.pos import choose_proposers
    from ledgerkit.crypto import KeyPair
    from ledgerkit.utxo import Input, OutPoint, Output, Transaction, UtxoLedger, pay

    alice = KeyPair.from_seed("alice")

    def ledger() -> UtxoLedger:
        book = UtxoLedger()
        book.apply_block([Transaction.coinbase(alice.address, 50, height=0)], subsidy=50)
        return book

    def double_spend() -> None:
        book = ledger()
        spend = pay(book, alice, "cd" * 20, 10)
        book.apply(spend)
        book.apply(spend)

    return {
        "utxo: address in capitals": lambda: Output("AB" * 20, 5),
        "utxo: address not hex": lambda: Output("zz" * 20, 5),
        "utxo: no coins": lambda: Output("ab" * 20, 0),
        "utxo: unknown curve": lambda: Input(OutPoint(bytes(32), 0), curve="P-999"),
        "utxo: no outputs": lambda: Transaction((), ()),
        "utxo: not enough money": lambda: pay(ledger(), alice, "cd" * 20, 60),
        "utxo: double spend": double_spend,
        "utxo: coinbase pays too much": lambda: ledger().apply_block(
            [Transaction.coinbase(alice.address, 99, height=1)], subsidy=50),
        "utxo: coinbase out of place": lambda: ledger().check(
            Transaction.coinbase(alice.address, 1, height=1)),
        "audit: not a chain": lambda: integrity_report(5),
        "audit: book without columns": lambda: read_book_csv(io.StringIO("ref,amount\n")),
        "audit: amount not a number": lambda: read_book_csv(io.StringIO(
            "ref,counterparty,amount,status,date\nT1,b,lots,confirmed,2025-01-01\n")),
        "audit: whose book": lambda: reconcile_book([], object()),
        "pos: no stakes": lambda: choose_proposers({}, 3),
        "pos: negative slots": lambda: choose_proposers({"Ann": 32}, -1),
    }


REFUSALS = {**_crypto(), **_blocks(), **_consortium(), **_consensus(), **_classroom(),
            **_formation(), **_finance(), **_design(), **_ledgers()}


@pytest.mark.parametrize("refusal", sorted(REFUSALS))
def test_every_refusal_speaks_chinese_without_english_or_raw_tokens(refusal):
    with pytest.raises(LedgerError) as refused:
        REFUSALS[refusal]()
    message = str(refused.value)
    assert message == refused.value.in_language("zh")
    assert re.search(r"[\u4e00-\u9fff]", message), message
    assert not leaks(message), message
    if refusal.startswith(STATUS_MODELS):  # a status is words: not CANCELLED, not confirmed
        assert not re.search(r"[A-Za-z]{4,}", message), message


STATUS_MODELS = ("voucher", "bill", "factoring", "guarantee", "letter of credit",
                 "reconciliation")


# --- (c) every widget --------------------------------------------------------------------------
def shown_text(widget: object, seen: set[int] | None = None) -> list[str]:
    """Every string a widget tree shows: values, descriptions, placeholders, option labels."""
    seen = set() if seen is None else seen
    if id(widget) in seen:
        return []
    seen.add(id(widget))
    shows = ("description", "placeholder", "tooltip")
    if not hasattr(widget, "options"):  # a drop-down shows its option's label, not its value
        shows = ("value", *shows)
    found = [visible(value) for name in shows
             if isinstance(value := getattr(widget, name, None), str)]
    for option in getattr(widget, "options", ()) or ():
        found.append(option[0] if isinstance(option, tuple) else str(option))
    for child in getattr(widget, "children", ()) or ():
        found += shown_text(child, seen)
    return found


def _block_formation():
    from ledgerkit.widgets import BlockFormation

    widget = BlockFormation(difficulty=4)
    widget.model.mine()
    widget.model.edit_transaction(1, 0, amount=7)
    widget.refresh()
    return widget.view


def _node_voting(protocol: str):
    from ledgerkit.widgets import NodeVoting

    widget = NodeVoting(protocol, n=5, faulty=1)
    for _ in range(10):
        widget.model.step()
    widget.refresh()
    return widget.view


def _monitor(scenario: str):
    from ledgerkit.widgets import MonitorDashboard

    widget = MonitorDashboard(scenario)
    for _ in range(20):
        widget.step()
    return widget.view


def _quiz_chrome():
    from ledgerkit.quiz import load_quiz
    from ledgerkit.widgets.quiz import QuizView

    view = QuizView(load_quiz("01", record=False))
    view.check_buttons["q1"].click()
    # the questions come from quiz_bank (checked by its owners); here the widget's own words
    return widgets_of(view.title, view.intro, view.score, *view.check_buttons.values(),
                      *view.feedback.values())


def widgets_of(*parts):
    import ipywidgets

    return ipywidgets.VBox(list(parts))


WIDGETS = {
    "block formation": _block_formation,
    "node voting (PBFT)": lambda: _node_voting("pbft"),
    "node voting (Raft)": lambda: _node_voting("raft"),
    **{f"monitor dashboard ({name})": (lambda name=name: _monitor(name))
       for name in ("healthy", "stalled", "partition", "fork_storm", "byzantine")},
    "quiz": _quiz_chrome,
}


@pytest.mark.parametrize("name", sorted(WIDGETS))
def test_every_widget_label_and_caption_reads_as_chinese(name):
    shown = [line for line in shown_text(WIDGETS[name]()) if line.strip()]
    assert any(re.search(r"[\u4e00-\u9fff]", line) for line in shown)
    assert not [(line[:80], leaks(line)) for line in shown if leaks(line)]


def test_the_language_toggle_may_name_english_in_english():
    assert text("language", lang="zh") == "语言"


# --- (d) every text a notebook prints from the library's data -----------------------------------
def _design_texts() -> dict[str, Callable[[], str]]:
    """What 03-design prints: ready scenarios and their reasons, the verdicts, the DATA
    catalogue, a design's summary and what check() shows."""
    import dataclasses

    from ledgerkit.design import DATA, FACTORS, SCENARIOS, _demo, assess

    def scenario(key: str) -> str:
        ready = SCENARIOS[key]
        lines = [f"{ready.name} - {ready.description}",
                 *(f"{getattr(ready, factor).why}" for factor in FACTORS),
                 str(ready.central_operator.why), assess(ready).explanation]
        return "\n".join(lines)

    texts = {f"design: scenario {key}": (lambda key=key: scenario(key)) for key in SCENARIOS}
    texts["design: the DATA catalogue"] = lambda: "\n".join(
        f"{item.description}" for item in DATA.values())
    texts["design: a summary"] = lambda: _demo().summary()
    texts["design: check() shown in a cell"] = lambda: repr(
        dataclasses.replace(_demo(), consensus="raft").check())
    return texts


def _course_texts() -> dict[str, Callable[[], str]]:
    from ledgerkit.cases import CASES, case_markdown, cases_table
    from ledgerkit.exercise_bank import lab04
    from ledgerkit.exercise_bank.monitoring import RESPONSES
    from ledgerkit.progress import BADGES
    from ledgerkit.regulation import REGULATIONS, checklist_table, cite

    texts = {f"cases: {key}": (lambda key=key: case_markdown(key)) for key in CASES}
    texts["cases: the table"] = lambda: cases_table()
    texts["regulation: every citation"] = lambda: "\n".join(cite(key) for key in REGULATIONS)
    texts["regulation: the checklist"] = lambda: checklist_table()
    texts["lab04: the three rules"] = lambda: "\n".join(
        f"{number} {rule}" for number, rule in lab04.RULES.items())
    texts["incidents: the responses"] = lambda: "\n".join(
        f"{choice} {response}" for choice, response in RESPONSES.items())
    texts["progress: how each badge is earned"] = lambda: "\n".join(
        badge.how for badge in BADGES)
    return texts


def _quiz_feedback() -> dict[str, Callable[[], str]]:
    """A wrong answer to every self-check question: the pointer to reread reads Chinese."""
    from ledgerkit.quiz import load_quiz
    from ledgerkit.quiz_bank import BANKS

    def wrong(chapter: str, question_id: str) -> str:
        quiz = load_quiz(chapter, record=False)
        question = quiz.question(question_id)
        if question.kind == "single":
            slip = next(letter for letter in question.letters if letter != question.answer)
        elif question.kind == "multiple":
            slip = ["A"] if question.answer != {"A"} else ["B"]
        else:
            slip = question.answer + 1000 if question.kind == "number" else "不对"
        feedback = quiz.answer(question_id, slip)
        assert not feedback.correct
        return feedback.message

    return {f"quiz {chapter} {question.id}: reread": (
        lambda chapter=chapter, question=question: wrong(chapter, question.id))
        for chapter in BANKS for question in load_quiz(chapter, record=False).questions}


def _audit_report() -> str:
    from ledgerkit.exercise_bank import lab04

    report = lab04.edited_report()
    return report.text() + visible(report._repr_html_())


TEXTS = {**_design_texts(), **_course_texts(), **_quiz_feedback(),
         "audit: the integrity report": _audit_report}


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_every_printed_text_reads_as_chinese(name):
    shown = TEXTS[name]()
    assert re.search(r"[\u4e00-\u9fff]", shown), shown
    # the audit report names the block header field that was changed, as code does
    assert not leaks(shown, raw_tokens=not name.startswith("audit")), shown
    assert not re.search(r"[\u4e00-\u9fff][:;,]|[:;,][\u4e00-\u9fff]", shown), shown


def test_statuses_and_articles_are_written_the_chinese_way():
    from ledgerkit.cases import CASES, figure_text
    from ledgerkit.regulation import checklist_table, cite

    assert cite("blockchain_info").startswith(
        "《区块链信息服务管理规定》（国家互联网信息办公室令第3号")
    assert cite("jrt_0184").startswith("JR/T 0184—2020《金融分布式账本技术安全规范》（")
    table = checklist_table()
    assert "| 第十一条 |" in table and "第十三条、第五十五条、第七十三条" in table
    assert not re.search(r"Arts?\.|part \d|ch\. \d", table)
    counts = [f for item in CASES.values() for f in item.figures if f.unit == "count"]
    assert counts and all(re.search(rf"\d {f.zh_unit}（截至", figure_text(f)) for f in counts)


def test_the_last_presentment_day_is_included():
    from decimal import Decimal

    from ledgerkit.finance.bill import BillRegistry

    bills = BillRegistry(start=date(2025, 3, 10))
    bills.issue("B1", acceptor="bank_a", payee="seller", face=Decimal(1_000_000),
                due=date(2025, 9, 10), by="buyer")
    bills.accept("B1", by="bank_a")
    bills.receive("B1", by="seller")
    with pytest.raises(LedgerError) as early:
        bills.present("B1", "1-100000000", by="seller")
    # 票据法 Art. 53: within ten days of the due date, the tenth day included
    assert "最迟于 2025-09-20 提示付款" in str(early.value)
    assert "之前" not in str(early.value)
