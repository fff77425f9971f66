"""Credit vouchers (债权凭证) at scale: 10,000 vouchers issued, confirmed, split and settled.

Each voucher is issued, confirmed and split in two, and both pieces are paid at maturity:
5 operations a voucher, 50,000 in all. The baseline does the same operations with the same
checks (credit line, one voucher per trade document hash, holder, exact split) on plain
dicts, with no contract and no chain. Two figures:

- on the chain: every call is signed, checked (signature, nonce, member, role), run on a
  copy of the contract's state and recorded in a block of 100 calls signed by the consensus
  nodes; settlement is one call per core enterprise;
- the contract alone: the same actions run directly (no signing, copying or blocks), so the
  gap between the two figures is what the chain costs.

    python tests/bench/bench_vouchers.py          # 10,000 vouchers (about a minute)
    python tests/bench/bench_vouchers.py 1000     # a quicker look

Where the chain's time goes (cProfile, 10,000 vouchers, 30,000 calls): about 40% verifying
call signatures, more than half of it importing the sender's public key again for every
call; about 35% signing the calls (ECDSA with RFC 6979 nonces); about 7% copying the
contract's state before each call, small only because the voucher tables are `FrozenValues`
of immutable vouchers (with ordinary dicts and dataclasses that copy grows with the state:
62 s for 1,000 vouchers, 330 s for 2,000); about 6% the contract's own rules.
"""

from __future__ import annotations

import sys
import time
from datetime import timedelta
from decimal import Decimal

from run import Figure, best_time, report

from ledgerkit.consortium import DEFAULT_START, Member
from ledgerkit.contracts import Context
from ledgerkit.crypto import sha256
from ledgerkit.finance.voucher import DEFAULT_PARTIES, CreditVouchers, VoucherRegistry

N = 10_000
BLOCK = 100  # calls per block
OPS_PER_VOUCHER = 5  # issue, confirm, split, and two payments
FACE, PIECES = Decimal("1000.00"), [Decimal("400.00"), Decimal("600.00")]


def plain_dicts(n: int) -> None:
    """The baseline: the same operations and checks on plain dicts."""
    line, issued, trade, vouchers = Decimal(n) * FACE, Decimal(0), set(), {}
    for i in range(1, n + 1):
        key = sha256(f"PO-{i}".encode()).hex()
        assert key not in trade and issued + FACE <= line
        trade.add(key)
        issued += FACE
        vouchers[f"V{i}"] = {"holder": "supplier1", "amount": FACE, "status": "ISSUED"}
    for i in range(1, n + 1):
        assert vouchers[f"V{i}"]["status"] == "ISSUED"
        vouchers[f"V{i}"]["status"] = "CONFIRMED"
    for i in range(1, n + 1):
        parent = vouchers[f"V{i}"]
        assert parent["holder"] == "supplier1" and parent["status"] == "CONFIRMED"
        assert sum(PIECES) == parent["amount"]
        parent["status"] = "SPLIT"
        for j, amount in enumerate(PIECES, start=1):
            vouchers[f"V{i}.{j}"] = {"holder": "supplier1", "amount": amount,
                                     "status": "CONFIRMED"}
    paid = []
    for voucher_id, voucher in vouchers.items():
        if voucher["status"] == "CONFIRMED":
            voucher["status"] = "SETTLED"
            paid.append((voucher["holder"], voucher["amount"], voucher_id))
    assert len(paid) == 2 * n


def on_chain(n: int) -> None:
    reg = VoucherRegistry()
    reg.grant_credit_line("core", "bank", Decimal(n) * FACE)
    due = reg.today + timedelta(days=180)
    steps = [lambda i: reg.issue("core", "supplier1", FACE, due, f"PO-{i}"),
             lambda i: reg.confirm(f"V{i}", by="core"),
             lambda i: reg.split(f"V{i}", PIECES, by="supplier1")]
    for step in steps:
        for start in range(1, n + 1, BLOCK):
            with reg.chain.batch():
                for i in range(start, min(start + BLOCK, n + 1)):
                    step(i)
    assert len(reg.settle(on=due)) == 2 * n


def contract_alone(n: int) -> None:
    """The same actions run directly on the contract, with a plain context."""
    contract = CreditVouchers(DEFAULT_PARTIES)
    senders = {name: Member(name) for name in ("bank", "core", "supplier1")}
    due = DEFAULT_START + timedelta(days=180)

    def run(action: str, by: str, today=DEFAULT_START, **args):
        ctx = Context(senders[by], today)
        return CreditVouchers.actions()[action].function(contract, ctx, **args)

    run("grant_credit_line", "bank", core="core", limit=Decimal(n) * FACE)
    for i in range(1, n + 1):
        run("issue", "core", to="supplier1", amount=FACE, due=due, trade_ref=f"PO-{i}")
    for i in range(1, n + 1):
        run("confirm", "core", voucher_id=f"V{i}")
    for i in range(1, n + 1):
        run("split", "supplier1", voucher_id=f"V{i}", amounts=PIECES)
    assert len(run("settle", "core", today=due)) == 2 * n


def main(n: int = N) -> list[Figure]:
    ops = OPS_PER_VOUCHER * n
    baseline = ops / best_time(lambda: plain_dicts(n))
    alone = ops / best_time(lambda: contract_alone(n), repeat=1)
    chain = ops / best_time(lambda: on_chain(n), repeat=1)
    name = f"{n:,} vouchers issued, confirmed, split, settled"
    return [Figure(f"{name}: on the chain", chain, baseline, "ops/s",
                   f"(1/{baseline / chain:,.0f} of plain dicts)"),
            Figure(f"{name}: the contract alone", alone, baseline, "ops/s",
                   f"(1/{baseline / alone:,.0f} of plain dicts)")]


if __name__ == "__main__":
    start = time.perf_counter()
    report(main(int(sys.argv[1]) if len(sys.argv) > 1 else N))
    print(f"   ({time.perf_counter() - start:.1f} s)")
