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


REFUSALS = {**_crypto(), **_blocks(), **_consortium(), **_consensus(), **_classroom(),
            **_formation()}


@pytest.mark.parametrize("refusal", sorted(REFUSALS))
def test_every_refusal_speaks_chinese_without_english_or_raw_tokens(refusal):
    with pytest.raises(LedgerError) as refused:
        REFUSALS[refusal]()
    message = str(refused.value)
    assert message == refused.value.in_language("zh")
    assert re.search(r"[\u4e00-\u9fff]", message), message
    assert not leaks(message), message


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
