"""Invariants of digital credit vouchers (债权凭证), checked with hypothesis.

Random sequences of grant, issue, confirm, split, transfer, finance, clock moves,
settlement, defaults of a core enterprise and recourse claims, each by a random member
(regulator and platform included), with amounts that are sometimes wrong, on a platform with
and one without recourse. After every step:
- a refused call left the chain and the contract byte-identical;
- an accepted transfer, split or finance was made by the holder, a confirmation by the issuer;
- recourse (追索) is accepted only with recourse, by the financing bank, after maturity,
  and hands the piece back to the holder that financed it;
- value is conserved: the live pieces of every root add up to the root minus what was
  settled or lapsed, and a split's children add up to the parent;
- no core enterprise has issued more than its credit lines; no piece is financed twice;
  no piece is paid twice.
At the end everything matures and is settled: the payments plus the lapsed vouchers add up
to the total issued.
"""

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import event, given, settings
from hypothesis import strategies as st

from ledgerkit.contracts import ContractError
from ledgerkit.finance.voucher import (
    CONFIRMED,
    EXPIRED,
    FINANCED,
    ISSUED,
    LIVE,
    REGULATOR,
    SETTLED,
    SPLIT,
    VoucherRegistry,
    trade_hash,
)

PARTIES = {"bank": "bank", "core": "core", "core2": "core", "s1": "supplier",
           "s2": "supplier", "s3": "supplier"}
ACTORS = [*PARTIES, REGULATOR, "platform"]
START = date(2025, 1, 1)

RIGHTFUL = "rightful"  # stands for the party entitled to act: holder, issuer or bank
actor = st.one_of(st.just(RIGHTFUL), st.sampled_from(ACTORS))  # half the time: rightful
receiver = st.sampled_from(["s1", "s2", "s3", "s1", "s2", "s3", "core", "bank", "zed"])
pick = st.integers(min_value=0, max_value=50)  # an index into the vouchers so far
cents = st.integers(min_value=-1, max_value=200_000)  # an amount in fen, sometimes invalid
issue = st.tuples(st.just("issue"), actor, receiver, st.integers(-1, 500_000),
                  st.integers(-1, 40), st.integers(0, 6))  # few trade documents: reused
operation = st.one_of(
    st.tuples(st.just("grant"), actor, st.sampled_from(["core", "core2", "s1"]),
              st.integers(-1, 2_000_000)),
    issue, issue,
    st.tuples(st.just("confirm"), actor, pick),
    st.tuples(st.just("split"), actor, pick, st.lists(cents, min_size=0, max_size=3),
              st.sampled_from([True, True, False])),  # True: the last piece completes it
    st.tuples(st.just("transfer"), actor, pick, receiver),
    st.tuples(st.just("finance"), actor, pick, st.sampled_from(["bank", "bank", "s2"]),
              st.integers(0, 100), st.integers(-1, 12)),
    st.tuples(st.just("advance"), st.integers(0, 30)),
    st.tuples(st.just("settle"),),
    st.tuples(st.just("default"), st.sampled_from(["core", "core2"])),  # it does not pay
    st.tuples(st.just("recourse"), actor, pick),
)


def fen(cents_value: int) -> Decimal:
    return Decimal(cents_value).scaleb(-2)


def contract_bytes(reg: VoucherRegistry) -> bytes:
    return reg.chain.read(reg.name, by=REGULATOR).state_bytes()


class Story:
    """Runs one random sequence and checks the invariants after every step."""

    def __init__(self, recourse: bool = False) -> None:
        reg = self.reg = VoucherRegistry(parties=PARTIES, start=START, recourse=recourse)
        # a confirmed voucher and some room to issue more, so that most stories move
        reg.grant_credit_line("core", "bank", 10_000)
        reg.confirm(reg.issue("core", "s1", 5_000, 30, "INV-0").id, by="core")
        self.state = reg.chain.read(reg.name, by=REGULATOR)
        self.financed: list[str] = []
        self.paid: list[str] = []
        self.total_paid = Decimal("0.00")

    def target(self, op: tuple) -> str:
        """The voucher an operation picks (by index into those so far), if it picks one."""
        if op[0] not in ("confirm", "split", "transfer", "finance", "recourse"):
            return ""
        ids = list(self.state.vouchers)
        pending = [i for i in ids if self.state.vouchers[i].status == ISSUED]
        financed = [i for i in ids if self.state.vouchers[i].status == FINANCED]
        if op[0] == "confirm" and pending:  # mostly aim at vouchers that wait for it
            ids = pending
        if op[0] == "recourse" and financed:
            ids = financed
        return ids[op[2] % len(ids)] if ids else "V1"

    def rightful(self, op: tuple, target: str) -> tuple:
        """`op` with the RIGHTFUL placeholder replaced by the party entitled to act."""
        voucher = self.state.vouchers.get(target)
        who = {"grant": "bank", "issue": "core", "confirm": voucher and voucher.issuer}.get(
            op[0], voucher and voucher.holder)
        return (op[0], who or "s1", *op[2:]) if op[1:2] == (RIGHTFUL,) else op

    def run(self, op: tuple) -> None:
        reg, kind, target = self.reg, op[0], self.target(op)
        op = self.rightful(op, target)
        before = (reg.state_bytes(), contract_bytes(reg))
        old = self.state
        try:
            result = self.apply(op, target)
        except ContractError as refusal:
            assert (reg.state_bytes(), contract_bytes(reg)) == before
            event(f"{kind} refused: {refusal.rule}")
            return
        event(f"{kind} accepted")
        self.state = reg.chain.read(reg.name, by=REGULATOR)
        if kind in ("split", "transfer", "finance"):  # only the holder moves a live piece
            assert old.vouchers[target].holder == op[1]
            assert old.vouchers[target].status == CONFIRMED
            assert reg.today < old.vouchers[target].due
        if kind == "confirm":  # only the issuer confirms
            assert old.vouchers[target].issuer == op[1]
        if kind == "finance":
            self.financed.append(result.piece_id)
        if kind == "recourse":  # only with recourse, by the bank, after maturity
            piece, financing = old.vouchers[target], old.financings[target]
            assert reg.recourse and financing.recourse
            assert (piece.status, piece.holder) == (FINANCED, op[1])
            assert reg.today > piece.due
            assert (result.seller, result.amount) == (financing.seller, piece.amount)
            back = self.state.vouchers[target]
            assert (back.holder, back.status) == (financing.seller, CONFIRMED)
        if kind in ("settle", "default"):
            for payment in result:
                paid = old.vouchers[payment.voucher_id]
                assert paid.status in (CONFIRMED, FINANCED) and paid.due <= reg.today
                assert (payment.holder, payment.amount) == (paid.holder, paid.amount)
                self.paid.append(payment.voucher_id)
                self.total_paid += payment.amount

    def apply(self, op: tuple, target: str):
        reg, kind = self.reg, op[0]
        if kind == "grant":
            return reg.grant_credit_line(op[2], op[1], fen(op[3]))
        if kind == "issue":
            return reg.issue(op[1], op[2], fen(op[3]), reg.today + timedelta(days=op[4]),
                             f"INV-{op[5]}")
        if kind == "confirm":
            return reg.confirm(target, by=op[1])
        if kind == "split":
            amounts = [fen(c) for c in op[3]]
            if op[4] and target in self.state.vouchers:
                amounts.append(self.state.vouchers[target].amount - sum(amounts, Decimal(0)))
            return reg.split(target, amounts, by=op[1])
        if kind == "transfer":
            return reg.transfer(target, op[3], by=op[1])
        if kind == "finance":
            return reg.finance(target, op[3], Decimal(op[4]).scaleb(-3),
                               reg.today + timedelta(days=op[5]), by=op[1])
        if kind == "advance":
            return reg.advance_to(reg.today + timedelta(days=op[1]))
        if kind == "default":
            return reg.settle(defaulting=(op[1],))
        if kind == "recourse":
            return reg.claim_recourse(target, by=op[1])
        return reg.settle()

    def check(self) -> None:
        state = self.state
        for voucher in state.vouchers.values():
            if voucher.status == SPLIT:
                children = [state.vouchers[c] for c in voucher.children]
                assert len(children) >= 2
                assert sum(c.amount for c in children) == voucher.amount
                assert all(c.root_id == voucher.root_id and c.due == voucher.due
                           for c in children)
            if voucher.parent_id is None:
                closed = sum((v.amount for v in state.vouchers.values()
                              if v.root_id == voucher.id and v.status in (SETTLED, EXPIRED)),
                             Decimal(0))
                live = sum((p.amount for p in state.live_pieces(voucher.id)), Decimal(0))
                assert live == voucher.amount - closed
            assert state.lineage(voucher.id)[0].id == voucher.root_id
        roots = [v for v in state.vouchers.values() if v.parent_id is None]
        assert len({trade_hash(v.trade_ref) for v in roots}) == len(roots)
        for core, issued in state.issued.items():
            assert issued <= sum(state.credit_lines.get(core, {}).values(), Decimal(0))
        assert len(self.financed) == len(set(self.financed)) == len(state.financings)
        assert all(state.vouchers[i].status in (FINANCED, SETTLED)
                   or (i in state.recourses and state.vouchers[i].status == CONFIRMED)
                   for i in self.financed)
        assert all(self.reg.recourse for _ in state.recourses)
        assert len(self.paid) == len(set(self.paid))


@settings(max_examples=100, deadline=None)
@given(st.lists(operation, min_size=20, max_size=40), st.booleans())
def test_random_voucher_stories_keep_every_invariant(ops, recourse):
    story = Story(recourse)
    for op in ops:
        story.run(op)
        story.check()
    last_due = max((v.due for v in story.state.vouchers.values()), default=story.reg.today)
    story.run(("advance", max(0, (last_due - story.reg.today).days)))
    story.run(("settle",))
    story.check()
    state = story.state
    assert not any(v.status in LIVE for v in state.vouchers.values())
    lapsed = sum((v.amount for v in state.vouchers.values() if v.status == EXPIRED),
                 Decimal(0))
    assert story.total_paid + lapsed == sum(state.issued.values(), Decimal(0))
    assert story.reg.chain.validate()
