"""Invariants of evidence anchoring (存证), checked with hypothesis.

Random members deposit random files (some the same file twice), the service seals batches at
random moments, and somebody else sometimes tries to anchor. Whatever happens:
1. every receipt verifies its own file, with the anchoring day on the chain;
2. a file changed in any one byte never verifies against that receipt;
3. the anchored batch sizes add up to the receipts handed out;
4. a refused call changes neither the chain nor the service.
"""

import copy
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from ledgerkit.errors import LedgerError
from ledgerkit.finance.evidence import SERVICE, EvidenceDesk

STEP = st.tuples(
    st.sampled_from(["deposit", "deposit", "deposit", "seal", "time"]),
    st.sampled_from([SERVICE, SERVICE, "author_co", "lender", "notary"]),  # who seals/deposits
    st.binary(min_size=1, max_size=40),  # the file
    st.integers(0, 30),  # which byte to flip, days to move on
)


@settings(max_examples=60, deadline=None)
@given(st.lists(STEP, max_size=25))
def test_receipts_verify_their_file_and_nothing_else(steps):
    desk = EvidenceDesk(start=date(2025, 3, 3))
    files: dict[str, bytes] = {}
    for kind, who, data, number in steps:
        before = (desk.chain.state_bytes(),
                  copy.deepcopy((desk.service._pending, desk.service._receipts)))
        try:
            if kind == "deposit":
                evidence_id = f"E-{len(files) + number % 3}"  # sometimes an id again
                desk.service.deposit(evidence_id, data, by=who)
                files[evidence_id] = data
            elif kind == "seal":
                desk.service.seal(by=who)
            else:
                desk.advance_to(date.fromordinal(desk.chain.today.toordinal() + number))
        except LedgerError:
            after = (desk.chain.state_bytes(), (desk.service._pending, desk.service._receipts))
            assert after == before
    receipts = {i: desk.service.receipt(i) for i in files
                if i in desk.service._receipts}
    assert sum(anchor.count for anchor in desk.anchors) == len(receipts)
    for evidence_id, receipt in receipts.items():
        data = files[evidence_id]
        result = desk.verify(data, receipt)
        assert result.ok and result.day == desk.anchors[receipt.batch - 1].day
        flipped = bytearray(data)
        flipped[len(data) // 2] ^= 0x01
        assert not desk.verify(bytes(flipped), receipt).ok
