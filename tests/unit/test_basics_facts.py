"""Facts the basics chapter teaches (issue 14): Bitcoin's UTXO double-spend rule, the halving
subsidy, proof of stake, keyed invoice fingerprints and the bank regulator of notebook 06."""

import hashlib
import hmac
from decimal import Decimal

from ledgerkit.consortium import Member
from ledgerkit.crypto import sha256
from ledgerkit.design import ChainDesign
from ledgerkit.exercise_bank import contracts
from ledgerkit.exercises import get
from ledgerkit.quiz import load_quiz


def test_exercise_references_agree_with_published_facts():
    assert get("basics.utxo.1").reference() == "DoubleSpend"  # no account nonce in Bitcoin
    assert get("basics.utxo.2").reference() == 3.125  # BTC a block since 20 April 2024
    assert get("basics.consensus.6").reference() == 0.25  # stake share, not head count
    assert get("basics.contracts.5").reference() == "INV-173"  # a plain hash is guessable


def test_self_check_q6_says_bitcoin_stops_double_spends_with_spent_outputs_not_a_nonce():
    quiz = load_quiz("01", record=False)
    question = next(q for q in quiz.questions if q.id == "q6")
    assert question.kind == "single"
    right = question.choices["ABCD".index(question.answer)][0]
    assert "unspent outputs" in right and "nonce" not in right
    assert not quiz.answer("q6", "A").correct  # the account nonce is Ethereum's way


def test_invoice_fingerprints_are_keyed_so_outsiders_cannot_test_guesses():
    args = ("INV-101", "Tea House", Decimal("300000.00"))
    message = "{}|{}|{}".format(*args).encode()
    assert contracts.invoice_key(*args) != sha256(message).hex()
    assert contracts.invoice_key(*args) == hmac.new(contracts.MEMBER_KEY, message,
                                                    hashlib.sha256).hexdigest()
    assert contracts.invoice_key(*args, key=b"a guess at the key") != contracts.invoice_key(*args)


def test_the_bank_financing_consortium_is_supervised_by_the_nfra_not_the_pboc():
    regulators = [m.name for m in contracts.founders() if "regulator" in m.roles]
    assert regulators == ["nfra_office"]


def test_the_founding_consortium_is_flagged_and_the_fourth_bank_fixes_it():
    # Notebook 06 starts with three PBFT nodes (f = 0) and says so; the committee then votes
    # West Bank in. Suppliers register invoices, so they must not vote on blocks.
    parties = ("tea_house", "leaf_farm")
    founding = ChainDesign("ch06", contracts.founders(), checked_parties=parties)
    assert [f.severity for f in founding.check()] == ["mistake"]
    west = Member("west_bank", node_kind="consensus", roles={"committee"})
    grown = ChainDesign("ch06", [*contracts.founders(), west], checked_parties=parties)
    assert grown.check() == [] and grown.fault_tolerance == 1
