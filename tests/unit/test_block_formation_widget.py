"""The block formation widget, driven from Python: click its buttons, move its controls and
read the model and the HTML it draws. No browser needed (tests/ui covers the browser).
"""

import re

import pytest

import ledgerkit
from ledgerkit.formation import ACCOUNTS, PEER_NAMES, BlockFormationModel
from ledgerkit.widgets import BlockFormation
from ledgerkit.widgets.block_formation import under_nbgrader

BITS = 8


@pytest.fixture(autouse=True)
def english():
    ledgerkit.set_language("en")
    yield
    ledgerkit.set_language("en")


@pytest.fixture
def widget() -> BlockFormation:
    return BlockFormation(difficulty=BITS)


def cards(html: str) -> list[dict]:
    """The data attributes of every block card in the chain's HTML."""
    found = []
    for tag in re.findall(r'<div class="lk-card lk-block[^>]*>', html):
        found.append(dict(re.findall(r'data-([\w-]+)="([^"]*)"', tag)))
    return found


def peer_rows(html: str) -> dict[str, str]:
    """Peer name -> data-agrees, from the peers' HTML."""
    return dict(re.findall(r'data-peer="(\w)" data-agrees="(\w+)"', html))


def test_it_starts_with_a_valid_genesis_block(widget):
    assert [card["valid"] for card in cards(widget.chain.value)] == ["true"]
    assert widget.difficulty.value == BITS
    assert [box.value for box in widget.pending.children] == [True, True]
    assert "Alice → Bob: 5" in widget.pending.children[0].description


def test_mine_appends_a_block_that_meets_the_difficulty(widget):
    widget.mine_button.click()
    assert widget.model.height == 1
    new = cards(widget.chain.value)[1]
    assert new["index"] == "1" and new["valid"] == "true"
    assert int(new["zero-bits"]) >= BITS and new["hash"] == widget.model.blocks[1].hash_hex()
    assert "lk-done" in widget.progress.value and "attempts" in widget.progress.value
    assert "Mined block 1" in widget.status.value
    assert widget.pending.children == ()  # both transactions went into the block
    assert not widget.mine_button.disabled


def test_progress_shows_the_search_while_mining():
    widget = BlockFormation(difficulty=BITS)
    widget.model.difficulty = 18  # long enough to report progress at least once
    shown = []
    widget.progress.observe(lambda change: shown.append(change["new"]), names="value")
    widget.mine_button.click()
    assert any("lk-running" in value for value in shown)
    assert "lk-done" in shown[-1]


def test_unticking_a_transaction_updates_the_next_block(widget):
    before = widget.candidate.value
    widget.pending.children[1].value = False
    assert len(widget.model.selected) == 1
    after = widget.candidate.value
    assert 'data-tx-count="2"' in after and 'data-tx-count="3"' in before
    root = re.search(r'data-merkle-root="(\w+)"', after).group(1)
    assert root != re.search(r'data-merkle-root="(\w+)"', before).group(1)
    widget.mine_button.click()
    assert len(widget.model.blocks[1].transactions) == 2
    assert len(widget.pending.children) == 1  # Bob's payment still waits


def test_the_slider_sets_the_difficulty_of_the_next_block(widget):
    widget.difficulty.value = 10
    assert widget.model.difficulty == 10
    assert "10 zero bits" in widget.candidate.value
    widget.mine_button.click()
    assert int(cards(widget.chain.value)[1]["zero-bits"]) >= 10


def test_add_transaction_puts_it_in_the_mempool(widget):
    widget.sender.value, widget.recipient.value, widget.amount.value = "Dave", "Carol", 4
    widget.add_button.click()
    assert len(widget.model.mempool) == 3
    assert widget.pending.children[-1].value is True
    assert "Dave → Carol: 4" in widget.pending.children[-1].description
    assert "Added to the mempool" in widget.status.value


def test_a_refused_transaction_shows_the_rule_and_changes_nothing(widget):
    widget.sender.value, widget.recipient.value, widget.amount.value = "Dave", "Carol", 500
    widget.add_button.click()
    assert len(widget.model.mempool) == 2
    assert "lk-msg-bad" in widget.status.value
    assert "Dave has 10 but tries to send 500" in widget.status.value  # names, not hex


def test_a_refused_block_shows_why_and_mines_nothing(widget):
    widget.pending.children[0].value = False
    widget.sender.value, widget.recipient.value, widget.amount.value = "Alice", "Dave", 1
    widget.add_button.click()  # Alice's second pending payment, now without her first
    widget.pending.children[1].value = False
    assert "lk-tx-bad" in widget.candidate.value
    widget.mine_button.click()
    assert widget.model.height == 0
    assert "lk-msg-bad" in widget.status.value and "nonce" in widget.status.value


def test_the_miner_choice_gets_the_reward(widget):
    widget.miner.value = "Dave"
    widget.mine_button.click()
    assert widget.model.balances()["Dave"] == 10 + 50
    assert "Dave 60" in widget.chain_title.value


def test_editing_a_block_turns_it_and_later_blocks_red(widget):
    widget.mine_button.click()
    widget.mine_button.click()
    widget.edit_block.value = 1
    assert widget.edit_tx.value == 1 and widget.edit_amount.value == 5  # Alice → Bob: 5
    widget.edit_amount.value = 7
    widget.apply_button.click()
    shown = cards(widget.chain.value)
    assert [card["valid"] for card in shown] == ["true", "false", "false"]
    assert [card["reason"] for card in shown] == ["", "merkle", "after"]
    assert "Merkle root does not match" in widget.chain.value
    assert "Block 1 changed" in widget.status.value


def test_remine_repairs_from_the_chosen_block(widget):
    widget.mine_button.click()
    widget.mine_button.click()
    widget.edit_block.value = 1
    widget.edit_recipient.value = "Carol"
    widget.apply_button.click()
    widget.remine_button.click()
    assert [card["valid"] for card in cards(widget.chain.value)] == ["true"] * 3
    assert "Re-mined blocks 1 to 2: the chain is valid again." in widget.status.value
    assert widget.model.balances()["Carol"] == 10 + 5 + 3


def test_changing_the_nonce_breaks_the_proof_of_work(widget):
    widget.mine_button.click()
    widget.edit_block.value = 1
    widget.edit_nonce.value = widget.edit_nonce.value + 1
    widget.nonce_button.click()
    changed = cards(widget.chain.value)[1]
    assert changed["reason"] == "pow" and int(changed["zero-bits"]) < BITS


def test_choosing_a_block_shows_its_transactions(widget):
    widget.mine_button.click()
    widget.edit_block.value = 0
    labels = [label for label, _ in widget.edit_tx.options]
    assert labels == ["0: coinbase → Alice: 50", "1: Alice → Bob: 10", "2: Alice → Carol: 10",
                      "3: Alice → Dave: 10"]
    widget.edit_tx.value = 2
    assert widget.edit_recipient.value == "Carol" and widget.edit_amount.value == 10


def test_tampering_a_peer_is_outvoted(widget):
    widget.mine_button.click()
    widget.tamper_peer.value = "C"
    assert widget.tamper_block.value == 1  # the newest block by default
    widget.tamper_button.click()
    assert peer_rows(widget.peers.value) == {"A": "true", "B": "true", "C": "false"}
    assert "peer C disagrees" in widget.peers.value
    assert "Peer C rewrote block 1" in widget.status.value
    assert "valid on its own" in widget.status.value
    widget.sync_button.click()
    assert peer_rows(widget.peers.value) == {name: "true" for name in PEER_NAMES}


def test_tampering_without_re_mining_says_the_copy_is_invalid(widget):
    widget.mine_button.click()
    widget.tamper_remine.value = False
    widget.tamper_button.click()
    assert "own copy is invalid" in widget.status.value
    assert "lk-msg-ok" not in widget.status.value
    assert 'data-peer="B" data-agrees="false" data-valid="false"' in widget.peers.value


def test_the_language_toggle_switches_every_label(widget):
    widget.mine_button.click()
    widget.language.value = "zh"
    assert ledgerkit.get_language() == "zh"
    assert widget.mine_button.description == "挖矿"
    assert "挖出第 1 号区块" in widget.status.value
    assert "尝试次数" in widget.progress.value  # the miner's dashboard follows too
    assert "区块 #1" in widget.chain.value
    widget.language.value = "en"
    assert widget.mine_button.description == "Mine"


def test_the_widget_follows_a_language_switched_elsewhere(widget):
    ledgerkit.set_language("zh")  # e.g. %ledgerkit lang zh in another cell
    widget.mine_button.click()
    assert widget.language.value == "zh"
    assert widget.mine_button.description == "挖矿"


def test_a_widget_can_wrap_an_existing_model():
    model = BlockFormationModel(difficulty=4, sample_transactions=False)
    model.mine()
    widget = BlockFormation(model=model)
    assert len(cards(widget.chain.value)) == 2
    assert widget.miner.options == ACCOUNTS


def test_every_control_has_a_stable_css_class(widget):
    classes = {
        "lk-block-formation": widget.view, "lk-mine": widget.mine_button,
        "lk-difficulty": widget.difficulty, "lk-apply-edit": widget.apply_button,
        "lk-edit-block": widget.edit_block, "lk-edit-amount": widget.edit_amount,
        "lk-remine": widget.remine_button, "lk-tamper": widget.tamper_button,
        "lk-chain-box": widget.chain, "lk-lang": widget.language,
    }
    for css, control in classes.items():
        assert css in control._dom_classes


def test_user_text_is_escaped_in_the_status_line(widget):
    widget._status = (None, lambda: "<script>alert(1)</script>")
    widget.refresh()
    assert "<script>" not in widget.status.value and "&lt;script&gt;" in widget.status.value


def test_nbgrader_is_detected_from_the_environment(monkeypatch):
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    assert under_nbgrader() is False
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    assert under_nbgrader() is True
