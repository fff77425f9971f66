"""ledgerkit.formation: the model behind the block formation widget (区块形成).

Models here mine at 8 leading zero bits, so a block takes a few hundred hashes.
"""

import string

import pytest

import ledgerkit
from ledgerkit.block import bits_for_zero_bits, leading_zero_bits, mine
from ledgerkit.crypto import display_hex
from ledgerkit.errors import (
    InputError,
    InsufficientFunds,
    InvalidTransaction,
    ReplayError,
)
from ledgerkit.formation import (
    ACCOUNTS,
    ATTACKER,
    GENESIS_MAX_DIFFICULTY,
    MAX_DIFFICULTY,
    REWARD,
    STARTING_GIFT,
    BlockFormationModel,
    demo_key,
    demo_names,
)
from ledgerkit.i18n import STRINGS, text
from ledgerkit.merkle import merkle_root

BITS = 8


@pytest.fixture(autouse=True)
def english():
    ledgerkit.set_language("en")
    yield
    ledgerkit.set_language("en")


def model_with_blocks(count: int = 2) -> BlockFormationModel:
    """Block 1 holds the sample transactions; later blocks hold one transfer each."""
    model = BlockFormationModel(difficulty=BITS)
    model.mine()
    for number in range(count - 1):
        model.add_transaction("Carol", "Dave", 1 + number)
        model.mine()
    return model


def reasons(problems) -> list:
    return [problem.reason if problem else None for problem in problems]


# --- the start -------------------------------------------------------------------------
def test_genesis_gives_every_demo_account_money():
    model = BlockFormationModel(difficulty=BITS)
    assert model.height == 0
    assert model.balances() == {"Alice": REWARD - 3 * STARTING_GIFT, "Bob": STARTING_GIFT,
                                "Carol": STARTING_GIFT, "Dave": STARTING_GIFT}
    assert model.is_valid()
    assert leading_zero_bits(model.blocks[0].hash()) >= BITS


def test_demo_keys_are_the_course_keys():
    assert demo_key("Bob").address == ledgerkit.crypto.KeyPair.from_seed("bob").address
    assert demo_names()[demo_key("Carol").address] == "Carol"


def test_two_models_built_the_same_way_have_the_same_hashes():
    first, second = model_with_blocks(2), model_with_blocks(2)
    assert [b.hash() for b in first.blocks] == [b.hash() for b in second.blocks]


def test_a_high_difficulty_does_not_make_the_genesis_block_slow():
    model = BlockFormationModel(difficulty=MAX_DIFFICULTY, sample_transactions=False)
    assert model.required_zero_bits(0) == GENESIS_MAX_DIFFICULTY
    assert model.difficulty == MAX_DIFFICULTY


@pytest.mark.parametrize("bad", [-1, MAX_DIFFICULTY + 1, 8.0, True, "8"])
def test_difficulty_outside_0_to_24_is_refused(bad):
    model = BlockFormationModel(difficulty=BITS)
    with pytest.raises(InputError):
        model.difficulty = bad
    assert model.difficulty == BITS


# --- mempool and the next block -----------------------------------------------------------
def test_sample_transactions_wait_selected_in_the_mempool():
    model = BlockFormationModel(difficulty=BITS)
    lines = [(demo_names()[tx.sender], demo_names()[tx.recipient], tx.amount)
             for tx in model.selected]
    assert lines == [("Alice", "Bob", 5), ("Bob", "Carol", 3)]


def test_the_merkle_root_of_the_next_block_follows_the_selection():
    model = BlockFormationModel(difficulty=BITS)
    both = model.candidate()
    model.select(0, included=False)
    one = model.candidate()
    assert both.header.merkle_root != one.header.merkle_root
    assert one.header.merkle_root == merkle_root([tx.txid() for tx in one.transactions])
    assert len(one.transactions) == 2  # coinbase + Bob's payment
    model.select(0)
    assert model.candidate() == both


def test_the_next_block_builds_on_the_tip_at_the_chosen_difficulty():
    model = model_with_blocks(1)
    model.difficulty = 12
    header = model.candidate().header
    assert header.prev_hash == model.blocks[-1].hash()
    assert header.bits == bits_for_zero_bits(12)
    assert header.timestamp - model.blocks[-1].header.timestamp == 600


def test_add_transaction_signs_with_the_next_nonce():
    model = BlockFormationModel(difficulty=BITS)
    tx = model.add_transaction("Alice", "Dave", 2)
    assert tx.verify_signature()
    assert tx.nonce == 4  # 3 gifts in the genesis block, then the sample payment to Bob
    assert model.mempool[-1] == tx and tx in model.selected


def test_an_overspend_is_refused_and_not_added():
    model = BlockFormationModel(difficulty=BITS)
    before = model.mempool
    with pytest.raises(InsufficientFunds):
        model.add_transaction("Dave", "Bob", STARTING_GIFT + 1)
    assert model.mempool == before


def test_pending_payments_count_against_the_balance():
    model = BlockFormationModel(difficulty=BITS, sample_transactions=False)
    model.add_transaction("Dave", "Bob", STARTING_GIFT)
    with pytest.raises(InsufficientFunds):
        model.add_transaction("Dave", "Carol", 1)


@pytest.mark.parametrize(("sender", "recipient", "amount", "error"), [
    ("Eve", "Bob", 1, InputError),
    ("Alice", "Eve", 1, InputError),
    ("Alice", "Bob", 0, InputError),
    ("Alice", "Alice", 1, InvalidTransaction),
])
def test_bad_transfers_are_refused(sender, recipient, amount, error):
    model = BlockFormationModel(difficulty=BITS)
    with pytest.raises(error):
        model.add_transaction(sender, recipient, amount)
    assert len(model.mempool) == 2


def test_select_refuses_what_is_not_pending():
    model = BlockFormationModel(difficulty=BITS)
    with pytest.raises(InputError):
        model.select(5)
    with pytest.raises(InputError):
        model.select(model.blocks[0].transactions[1])


# --- mining ----------------------------------------------------------------------------------
def test_mine_appends_a_block_that_meets_the_difficulty():
    model = BlockFormationModel(difficulty=BITS)
    chosen = model.selected
    result = model.mine()
    assert result.index == model.height == 1
    assert model.blocks[-1] == result.block
    assert list(result.block.transactions[1:]) == chosen
    assert leading_zero_bits(result.block.hash()) >= BITS
    assert result.attempts == result.block.header.nonce + 1
    assert result.rate > 0
    assert model.is_valid()
    assert model.mempool == []


def test_the_miner_gets_the_reward():
    model = BlockFormationModel(difficulty=BITS, sample_transactions=False)
    model.miner = "Carol"
    model.mine()
    assert model.balances()["Carol"] == STARTING_GIFT + REWARD
    with pytest.raises(InputError):
        model.miner = "Eve"


def test_each_block_keeps_the_difficulty_it_was_mined_at():
    model = BlockFormationModel(difficulty=4, sample_transactions=False)
    model.mine()
    model.difficulty = 10
    model.mine()
    assert [model.required_zero_bits(i) for i in range(3)] == [4, 4, 10]
    assert leading_zero_bits(model.blocks[2].hash()) >= 10
    assert model.is_valid()


def test_a_skipped_nonce_refuses_the_whole_block_and_changes_nothing():
    model = BlockFormationModel(difficulty=BITS, sample_transactions=False)
    first = model.add_transaction("Alice", "Bob", 1)
    second = model.add_transaction("Alice", "Bob", 2)
    model.select(first, included=False)
    assert list(model.selection_problems()) == [second.txid()]
    blocks = model.blocks
    with pytest.raises(ReplayError):
        model.mine()
    assert model.blocks == blocks and model.mempool == [first, second]


def test_mined_and_stale_transactions_leave_the_mempool():
    model = BlockFormationModel(difficulty=BITS, sample_transactions=False)
    kept = model.add_transaction("Bob", "Carol", 1)
    model.add_transaction("Dave", "Carol", 1)
    model.select(kept, included=False)
    model.mine()
    assert model.mempool == [kept]
    assert model.selected == []


def test_progress_reports_and_can_stop_mining():
    model = BlockFormationModel(difficulty=20, sample_transactions=False)
    seen = []

    def stop_at_once(attempts: int, current_hash: str) -> bool:
        seen.append((attempts, current_hash))
        return False

    assert model.mine(progress=stop_at_once, progress_every=64) is None
    assert seen == [(64, seen[0][1])] and len(seen[0][1]) == 64
    assert model.height == 0


# --- changing history -------------------------------------------------------------------
def test_editing_data_breaks_the_block_and_everything_after_it():
    model = model_with_blocks(3)
    model.edit_transaction(1, 1, amount=6)
    problems = model.problems()
    assert reasons(problems) == [None, "merkle", "after", "after"]
    assert problems[2].message == "it builds on block 1, which is invalid"
    assert model.first_invalid() == 1
    assert model.blocks[1].transactions[1].verify_signature()  # re-signed by Alice's wallet


def test_remine_from_repairs_the_chain_and_counts_the_blocks():
    model = model_with_blocks(3)
    model.edit_transaction(1, 1, recipient="Dave", amount=6)
    assert model.remine_from(1) == 3
    assert model.is_valid()
    assert model.balances()["Dave"] == STARTING_GIFT + 6 + 1 + 2


def test_an_edit_without_re_signing_stays_invalid_after_re_mining():
    model = model_with_blocks(1)
    model.edit_transaction(1, 1, amount=6, resign=False)
    model.remine_from(1)
    problem = model.problems()[1]
    assert problem.reason == "tx" and problem.details["tx_index"] == 1
    assert "signature" in problem.message


def test_a_bigger_coinbase_is_caught_after_re_mining():
    model = model_with_blocks(1)
    model.edit_transaction(1, 0, amount=REWARD * 2)
    model.remine_from(1)
    assert model.problems()[1].reason == "tx"
    assert str(REWARD) in model.problems()[1].message


def test_an_overspend_written_into_history_is_caught():
    model = model_with_blocks(1)
    model.edit_transaction(1, 2, amount=STARTING_GIFT * 5)  # Bob never had that much
    model.remine_from(1)
    problem = model.problems()[1]
    assert problem.reason == "tx" and problem.details["tx_index"] == 2


def test_changing_a_header_breaks_pow_and_the_next_link():
    model = model_with_blocks(3)
    model.edit_header(1, timestamp=model.blocks[1].header.timestamp + 1)
    assert reasons(model.problems()) == [None, "pow", "link", "after"]


def test_changing_the_nonce_breaks_the_proof_of_work():
    model = model_with_blocks(1)
    model.edit_header(1, nonce=model.blocks[1].header.nonce + 1)
    assert reasons(model.problems()) == [None, "pow"]


def test_a_block_mined_at_a_lower_difficulty_is_caught():
    model = model_with_blocks(1)
    easy = model.blocks[1].header.replace(bits=bits_for_zero_bits(1), nonce=0)
    model.edit_header(1, bits=easy.bits, nonce=mine(easy).nonce)
    assert model.blocks[1].header.meets_target()
    assert reasons(model.problems()) == [None, "bits"]


def test_a_moved_genesis_block_is_caught():
    model = model_with_blocks(1)
    model.edit_header(0, prev_hash=model.blocks[1].hash())
    assert reasons(model.problems()) == ["genesis", "link"]


def test_edits_refuse_what_does_not_exist():
    model = model_with_blocks(1)
    with pytest.raises(InputError):
        model.edit_transaction(2, 0, amount=1)
    with pytest.raises(InputError):
        model.edit_transaction(1, 9, amount=1)
    with pytest.raises(InputError):
        model.edit_transaction(1, 1, recipient="Eve")
    with pytest.raises(InputError):
        model.edit_header(1, colour="red")
    with pytest.raises(InputError):
        model.remine_from(5)
    assert model.is_valid()


def test_reasons_follow_the_language():
    model = model_with_blocks(2)
    model.edit_transaction(1, 1, amount=6)
    ledgerkit.set_language("zh")
    assert model.problems()[2].message == "它建立在无效的第 1 号区块之上"


# --- peers ------------------------------------------------------------------------------
def test_peers_copy_every_mined_block():
    model = model_with_blocks(2)
    assert all(peer == model.blocks for peer in model.peers)
    vote = model.vote()
    assert vote.dissenters == [] and vote.majority == display_hex(model.blocks[-1].hash())
    assert model.matches_majority()
    assert vote.message.startswith("All peers agree")


def test_a_rewritten_and_re_mined_copy_is_outvoted():
    model = model_with_blocks(2)
    assert model.tamper_peer("B", 2) == 1
    forged = model.peers[1]
    assert demo_names()[forged[2].transactions[0].recipient] == ATTACKER
    assert all(problem is None for problem in model.peer_problems("B"))  # valid on its own
    vote = model.vote()
    assert vote.dissenters == ["B"]
    assert vote.differs_from == (None, 2, None)
    assert vote.majority == display_hex(model.blocks[-1].hash())
    assert "peer B disagrees" in vote.message


def test_a_rewritten_copy_without_re_mining_is_invalid_and_outvoted():
    model = model_with_blocks(2)
    assert model.tamper_peer(2, 1, remine=False) == 0
    assert reasons(model.peer_problems("C")) == [None, "merkle", "after"]
    vote = model.vote()
    assert vote.dissenters == ["C"] and vote.valid == (True, True, False)


def test_a_tampered_peer_does_not_take_new_blocks_until_synced():
    model = model_with_blocks(1)
    model.tamper_peer("A", 1)
    model.mine()
    assert [len(peer) for peer in model.peers] == [2, 3, 3]
    model.sync_peers()
    assert model.vote().dissenters == []


def test_no_majority_when_every_copy_differs():
    model = model_with_blocks(2)
    model.tamper_peer("A", 1)
    model.tamper_peer("B", 2)
    model.edit_transaction(1, 1, amount=7)
    model.sync_peers()
    model.tamper_peer("A", 1)
    model.tamper_peer("B", 2)
    model.tamper_peer("C", 1, remine=False)
    vote = model.vote()
    assert vote.majority is None and vote.dissenters == ["A", "B", "C"]
    assert vote.message == text("bf.no_majority")


def test_your_edited_chain_no_longer_matches_the_majority():
    model = model_with_blocks(1)
    model.edit_transaction(1, 1, amount=6)
    assert not model.matches_majority()


def test_unknown_peers_and_blocks_are_refused():
    model = model_with_blocks(1)
    with pytest.raises(InputError):
        model.tamper_peer("D", 0)
    with pytest.raises(InputError):
        model.tamper_peer("A", 4)
    assert model.vote().dissenters == []


# --- strings ----------------------------------------------------------------------------
NEW_KEYS = [key for key in STRINGS if key.startswith("bf.")] + [
    "why.after", "err.unknown_account", "err.no_transaction", "err.unknown_peer",
    "err.header_field", "err.not_pending",
]


@pytest.mark.parametrize("key", NEW_KEYS)
def test_both_languages_have_the_same_fields(key):
    english, chinese = STRINGS[key]
    fields = [{name for _, name, _, _ in string.Formatter().parse(line) if name}
              for line in (english, chinese)]
    assert english and chinese and fields[0] == fields[1]


def test_every_account_has_a_name_for_display():
    names = demo_names()
    assert [names[demo_key(name).address] for name in ACCOUNTS] == list(ACCOUNTS)
