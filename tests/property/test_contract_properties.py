"""Invariants of contracts on a consortium chain (联盟链), checked with hypothesis.

1. Any sequence of allowed and refused calls — wrong role, forged signature, replayed or
   skipped nonce, non-member, removed member, business-rule refusal, crash — leaves the
   chain's and the contract's state bytes unchanged on every refusal, keeps the contract
   equal to a simple model, and the chain always validates.
2. Governance: a motion passes iff the approving committee weight / total weight > threshold,
   whatever the weights, the threshold and the order of the votes.
"""

import dataclasses
from decimal import Decimal

from hypothesis import event, given, settings
from hypothesis import strategies as st

from ledgerkit.consortium import ConsortiumChain, GrantRole, Member, RemoveMember
from ledgerkit.contracts import Contract, ContractCall, ContractError, action, encode_args
from ledgerkit.crypto import KeyPair
from ledgerkit.i18n import register_strings

register_strings({
    "test.contract_props.overdraw": ("{who} has {balance}, not {amount}.",
                                     "{who} 只有 {balance}，不足 {amount}。"),
})


class Points(Contract):
    """Loyalty points (积分): members earn and spend them; the balance may not go negative."""

    def __init__(self) -> None:
        self.balances: dict[str, Decimal] = {}

    @action(roles={"business"})
    def earn(self, ctx, amount: Decimal) -> None:
        name = ctx.sender.name
        self.balances[name] = self.balances.get(name, Decimal(0)) + amount
        ctx.emit("earned", who=name, amount=amount)

    @action(roles={"business"})
    def spend(self, ctx, amount: Decimal) -> None:
        name = ctx.sender.name
        balance = self.balances.get(name, Decimal(0))
        self.balances[name] = balance - amount  # changed before the check: must be reverted
        self.require(amount <= balance, "test.contract_props.overdraw", who=name,
                     balance=balance, amount=amount)

    @action(roles={"business"})
    def crash(self, ctx) -> None:
        self.balances.clear()
        raise KeyError("bug")


USERS = ["shop", "airline", "hotel"]


def founders() -> list[Member]:
    return [
        Member("node_1", node_kind="consensus", roles={"committee", "operator"}),
        Member("node_2", node_kind="consensus", roles={"committee"}),
        Member("regulator", node_kind="observer", roles={"regulator"}),
        *[Member(name, roles={"business"}) for name in USERS],
    ]


AMOUNTS = st.decimals(min_value=Decimal("0.01"), max_value=Decimal(500), places=2)
STEPS = st.one_of(
    st.tuples(st.just("earn"), st.sampled_from(USERS), AMOUNTS),
    st.tuples(st.just("spend"), st.sampled_from(USERS), AMOUNTS),
    st.tuples(st.sampled_from(["wrong role", "forged", "replay", "nonce gap", "outsider",
                               "crash", "expel"]), st.sampled_from(USERS), AMOUNTS),
)


def attempt(chain: ConsortiumChain, kind: str, who: str, amount: Decimal) -> None:
    """Try one step; raises ContractError when the chain refuses it."""
    key = KeyPair.from_seed(who)
    own = ContractCall.create(key, "Points", "earn", {"amount": amount},
                              chain.nonce(key.address))
    if kind in ("earn", "spend"):
        chain.call("Points", kind, by=who, amount=amount)
    elif kind == "wrong role":
        chain.call("Points", "earn", by="regulator", amount=amount)
    elif kind == "forged":  # signed, then the amount raised
        chain.submit(dataclasses.replace(own, args=encode_args({"amount": amount * 9})))
    elif kind == "replay":
        accepted = [c for b in chain.blocks for c in b.calls if c.sender == key.address]
        chain.submit(accepted[0] if accepted else dataclasses.replace(own, nonce=own.nonce + 1))
    elif kind == "nonce gap":
        chain.submit(ContractCall.create(key, "Points", "earn", {"amount": amount},
                                         own.nonce + 2))
    elif kind == "outsider":
        outsider = KeyPair.from_seed("outsider")
        chain.submit(ContractCall.create(outsider, "Points", "earn", {"amount": amount},
                                         chain.nonce(outsider.address)))
    elif kind == "crash":
        chain.call("Points", "crash", by=who)
    elif kind == "expel":
        proposal = chain.propose("node_1", RemoveMember(who))
        chain.vote(proposal, by="node_1")
        chain.vote(proposal, by="node_2")


@settings(max_examples=60, deadline=None)
@given(st.lists(STEPS, min_size=1, max_size=14))
def test_refused_calls_change_nothing_and_the_chain_always_validates(steps):
    chain = ConsortiumChain(founders())
    points = chain.deploy(Points(), by="node_1")
    model: dict[str, Decimal] = {}
    members = set(USERS)
    for kind, who, amount in steps:
        before = (chain.state_bytes(), points.state_bytes(), chain.height)
        expect_ok = (
            (kind == "earn" and who in members)
            or (kind == "spend" and who in members and amount <= model.get(who, Decimal(0)))
            or (kind == "expel" and who in members)
        )
        try:
            attempt(chain, kind, who, amount)
        except ContractError as refusal:
            event(f"refused: {refusal.rule}")
            assert not expect_ok, (kind, who)
            assert (chain.state_bytes(), points.state_bytes(), chain.height) == before
        else:
            assert expect_ok, (kind, who)
            assert chain.height > before[2]
            if kind == "earn":
                model[who] = model.get(who, Decimal(0)) + amount
            elif kind == "spend":
                model[who] -= amount
            else:
                members.discard(who)
        assert points.balances == model
    assert chain.validate()
    audit = chain.audit_trail(by="regulator")
    assert sum(entry.accepted for entry in audit) == chain.height  # one block per accepted call


COMMITTEE = st.lists(st.integers(min_value=1, max_value=5), min_size=1, max_size=6)
THRESHOLDS = st.sampled_from([Decimal("0.5"), Decimal("0.6"), Decimal("0.66"), Decimal("0.75")])


@settings(max_examples=80, deadline=None)
@given(weights=COMMITTEE, threshold=THRESHOLDS, data=st.data())
def test_a_motion_passes_iff_approving_weight_exceeds_the_threshold(weights, threshold, data):
    names = [f"m{i}" for i in range(len(weights))]
    committee = [Member(name, node_kind="consensus" if i == 0 else "none",
                        roles={"committee"}, weight=weight)
                 for i, (name, weight) in enumerate(zip(names, weights, strict=True))]
    chain = ConsortiumChain([*committee, Member("applicant")], threshold=threshold)
    choices = data.draw(st.lists(st.sampled_from([True, False, None]), min_size=len(names),
                                 max_size=len(names)), label="votes (None: abstain)")
    order = data.draw(st.permutations(names), label="order of voting")
    vote_of = dict(zip(names, choices, strict=True))
    proposal = chain.propose(names[0], GrantRole("applicant", "business"))
    for name in order:
        if vote_of[name] is None:
            continue
        before = chain.state_bytes()
        try:
            chain.vote(proposal, by=name, approve=vote_of[name])
        except ContractError as closed:  # decided already: later votes are refused
            event("vote after the decision")
            assert closed.rule == "contract.proposal_closed"
            assert chain.state_bytes() == before
    approving = sum(w for name, w in zip(names, weights, strict=True) if vote_of[name] is True)
    passes = approving > threshold * sum(weights)
    status = chain.governance_log(by=names[0])[0].status
    event(f"status: {status}")
    assert (status == "passed") == passes
    assert ("business" in chain.members["applicant"].roles) == passes
    assert chain.validate()
