"""Invariants of the UTXO ledger (UTXO 不变量), checked with hypothesis on random histories.

Random blocks mix honest payments with double spends, spends of unknown outputs, overspends
and thefts. Whatever happens:
1. value is conserved: the UTXO set holds exactly the subsidies minted (each coinbase claims
   its subsidy plus its block's fees, so fees move to the miner and are not lost);
2. an output spent once is never spendable again: every second spend is refused;
3. a refused block or transaction leaves the UTXO set exactly as it was.
"""

from hypothesis import given, settings
from hypothesis import strategies as st

from ledgerkit.crypto import KeyPair
from ledgerkit.errors import LedgerError
from ledgerkit.utxo import DoubleSpend, OutPoint, Transaction, UtxoLedger, block_subsidy

KEYS = [KeyPair.from_seed(name) for name in ("alice", "bob", "carol", "dave")]
SUBSIDY = 50


def _payment(data, book: UtxoLedger, spent: set[OutPoint], *, honest: bool) -> Transaction:
    """A payment from one key's outputs; dishonest ones may reuse spent or unknown outputs,
    overspend, or be signed by a thief."""
    key = data.draw(st.sampled_from(KEYS))
    mine = list(book.unspent(key.address))
    spendable = mine + ([] if honest else sorted(spent, key=str) + [OutPoint(bytes(32), 0)])
    if not spendable:
        spendable = [OutPoint(bytes(32), 0)]
    chosen = data.draw(st.lists(st.sampled_from(spendable), min_size=1, max_size=3,
                                unique=honest))
    held = sum(book.unspent().get(point).amount for point in set(chosen)
               if point in book.unspent())
    # Honest: pay part of what the inputs hold, the rest is the fee. Dishonest: any amount,
    # often more than the inputs hold.
    paid = data.draw(st.integers(1, max(1, held) if honest else held + 100))
    recipient = data.draw(st.sampled_from(KEYS)).address
    signer = key if honest else data.draw(st.sampled_from(KEYS))
    outputs = [(recipient, paid)]
    return Transaction.create(signer, chosen, outputs)


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_value_is_conserved_double_spends_are_refused_and_refusals_change_nothing(data):
    book = UtxoLedger()
    minted, spent = 0, set()
    for height in range(data.draw(st.integers(1, 6))):
        honest = data.draw(st.booleans())
        trial = book.copy()
        payments, fees = [], 0
        for _ in range(data.draw(st.integers(0, 3))):
            tx = _payment(data, trial, spent, honest=honest)
            try:
                fee = trial.apply(tx)
            except LedgerError:
                continue
            assert fee >= 0  # no transaction creates coins
            fees += fee
            payments.append(tx)
        # A second spend of an output already spent, earlier or in this very block.
        for tx in payments[:1]:
            again = Transaction.create(KEYS[0], [tx.inputs[0].outpoint], [(KEYS[1].address, 1)])
            before = book.unspent()
            try:
                book.apply_block([Transaction.coinbase(KEYS[0].address, SUBSIDY, 10_000 + height),
                                  *payments, again], subsidy=SUBSIDY)
            except DoubleSpend:
                pass
            else:
                raise AssertionError("a second spend of one output was accepted")
            assert book.unspent() == before
        miner = data.draw(st.sampled_from(KEYS)).address
        coinbase = Transaction.coinbase(miner, SUBSIDY + fees, height)
        book.apply_block([coinbase, *payments], subsidy=SUBSIDY)
        minted += SUBSIDY
        spent |= {i.outpoint for tx in payments for i in tx.inputs}
        assert book.total_value() == minted
        assert not spent & set(book.unspent())
        # Any further random attempt: either accepted with value conserved, or no change.
        attempt = _payment(data, book, spent, honest=False)
        before = book.unspent()
        try:
            fee = book.apply(attempt)
        except LedgerError:
            assert book.unspent() == before
        else:
            assert fee >= 0
            assert not {i.outpoint for i in attempt.inputs} & spent
            spent |= {i.outpoint for i in attempt.inputs}
            minted -= fee  # a fee outside a block has no miner to claim it: it is gone
            assert book.total_value() == minted


@given(st.integers(0, 7_000_000))
def test_subsidy_never_grows_and_halves_exactly_at_each_boundary(height):
    assert block_subsidy(height + 1) <= block_subsidy(height)
    if height % 210_000 == 0 and height:
        assert block_subsidy(height) == block_subsidy(height - 1) // 2
