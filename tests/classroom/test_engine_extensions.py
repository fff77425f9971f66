"""The two small extensions the class network needs, tested on the engines themselves:
PBFT replicas held for their owners (and partitions), and a consortium chain sealed by
signatures gathered elsewhere."""

from __future__ import annotations

from datetime import date

import pytest

from ledgerkit.consensus.pbft import PBFT
from ledgerkit.consortium import BlockSignature, ConsortiumChain, Member
from ledgerkit.contracts import Contract, ContractError, action
from ledgerkit.crypto import KeyPair


def test_a_held_replica_speaks_only_when_released():
    pbft = PBFT(4)
    pbft.hold(3)
    pbft.client_request("pay 10")
    while not pbft.waiting(3):
        pbft.step()
    assert {m.kind for m in pbft.waiting(3)} == {"prepare"}
    step = pbft.release(3)
    assert step.phase == "release" and len(step.messages) == 3 and not pbft.waiting(3)
    assert all(m in pbft.in_flight for m in step.messages)  # the next step delivers them
    while pbft.step() is not None:
        pbft.release(3)
    assert pbft.accepted == "pay 10" and pbft.view == 0


def test_f_silent_replicas_do_not_stop_pbft_but_f_plus_one_do():
    one = PBFT(7, seed=2)
    one.hold(5)
    one.hold(6)
    assert one.run_request("x").committed  # f = 2 silent of 7
    three = PBFT(7, seed=2)
    for i in (4, 5, 6):
        three.hold(i)
    assert not three.run_request("x", max_steps=40).committed


def test_a_crash_drops_what_a_held_replica_waited_to_send():
    pbft = PBFT(4)
    pbft.hold(2)
    pbft.client_request("x")
    for _ in range(3):
        pbft.step()
    assert pbft.waiting(2)
    pbft.crash(2)
    assert pbft.waiting(2) == () and pbft.release(2) is None


def test_a_partition_loses_messages_between_groups_until_healed():
    pbft = PBFT(4)
    assert pbft.partition([[0, 1]]).caption("en").startswith("The network splits into groups "
                                                             "{0, 1} | {2, 3}")
    assert pbft.groups == [0, 0, 1, 1]
    assert not pbft.run_request("x", max_steps=30).committed
    pbft.heal()
    assert pbft.run_request("y", max_steps=60).committed
    lone = PBFT(4)
    lone.partition([[3]])  # three on one side: still a quorum, and the client hears them
    lone.run_request("z")
    assert lone.accepted == "z" and 3 not in {r.index for r in lone.replicas if r.log}


def _counter_chain(**kwargs) -> ConsortiumChain:
    class Counter(Contract):
        def __init__(self) -> None:
            self.count = 0

        @action(roles={"business"})
        def add(self, ctx, n: int) -> int:
            self.count += n
            return self.count

    members = [Member("op", node_kind="observer", roles={"committee", "operator"}),
               Member("biz", roles={"business"})] + [
        Member(f"n{i}", node_kind="consensus") for i in range(4)]
    chain = ConsortiumChain(members, auto_seal=False, **kwargs)
    chain.deploy(Counter(), by="op")
    return chain


def test_a_chain_sealed_elsewhere_needs_more_than_two_thirds_of_its_nodes():
    chain = _counter_chain()
    for n in (1, 2, 3):
        chain.call("Counter", "add", by="biz", n=n)
    assert chain.height == 0 and len(chain.pending_calls) == 4
    digest = chain.pending_header(2).hash()
    keys = [KeyPair.from_seed(f"n{i}") for i in range(4)]
    two = [BlockSignature(k.address, k.sign(digest)) for k in keys[:2]]
    with pytest.raises(ContractError) as refused:
        chain.seal(two, count=2)
    assert refused.value.rule == "contract.no_quorum" and chain.height == 0
    forged = two + [BlockSignature(keys[2].address, keys[2].sign(b"another header"))]
    with pytest.raises(ContractError):
        chain.seal(forged, count=2)
    three = two + [BlockSignature(keys[2].address, keys[2].sign(digest))]
    block = chain.seal(three, count=2)
    assert len(block.calls) == 2 and len(chain.pending_calls) == 2 and chain.validate()
    assert chain.seal().signatures  # the rest, signed by the keys this chain holds


def test_a_chain_is_rebuilt_from_public_keys_and_recorded_signatures():
    original = _counter_chain(start=date(2025, 3, 1))
    original.seal()
    public = [m.public() for m in original.members.values()]
    genesis = original.blocks[0].signatures
    copy = ConsortiumChain(public, start=date(2025, 3, 1), auto_seal=False,
                           genesis_signatures=genesis)
    assert copy.blocks[0].hash() == original.blocks[0].hash() and copy.validate()
    with pytest.raises(ContractError):
        ConsortiumChain(public, start=date(2025, 3, 1), genesis_signatures=genesis[:2])
