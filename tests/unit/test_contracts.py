"""ledgerkit.contracts and ledgerkit.consortium: smart contracts on a consortium chain (联盟链).

The consortium: four banks run the consensus nodes (three of them form the committee), a
core enterprise and a supplier are business users, the central bank branch is the regulator,
and an IT vendor is an operator without a node. A small registry of trade documents is the
contract under test.
"""

import dataclasses
from datetime import date
from decimal import Decimal

import pytest

import ledgerkit
from ledgerkit.block import BlockHeader
from ledgerkit.consortium import (
    AddMember,
    BlockSignature,
    ConsortiumBlock,
    ConsortiumChain,
    GrantRole,
    Member,
    RemoveMember,
    RevokeRole,
    SetThreshold,
)
from ledgerkit.contracts import (
    Contract,
    ContractCall,
    ContractError,
    PermissionDenied,
    action,
    canonical_bytes,
    decode_args,
    encode_args,
)
from ledgerkit.crypto import KeyPair
from ledgerkit.errors import InputError, LedgerError
from ledgerkit.i18n import register_strings
from ledgerkit.merkle import merkle_root

register_strings({
    "test.contracts.amount": ("Amount must be positive; got {amount}.",
                              "金额必须为正；实际为 {amount}。"),
    "test.contracts.duplicate": ("Document {ref} is already registered.", "单据 {ref} 已登记。"),
    "test.contracts.not_owner": ("{who} does not own {ref}.", "{who} 不是 {ref} 的持有人。"),
})


class Registry(Contract):
    """Trade documents: who owns each, for how much, due when."""

    def __init__(self) -> None:
        self.documents: dict[str, dict] = {}
        self.flagged: list[str] = []

    @action(roles={"business"})
    def register(self, ctx, ref: str, amount: Decimal, due: date) -> str:
        self.require(amount > 0, "test.contracts.amount", amount=amount)
        self.require(ref not in self.documents, "test.contracts.duplicate", ref=ref)
        self.documents[ref] = {"owner": ctx.sender.name, "amount": amount, "due": due,
                               "since": ctx.today}
        ctx.emit("registered", ref=ref, amount=amount, owner=ctx.sender.name)
        return ref

    @action(roles={"business"})
    def transfer(self, ctx, ref: str, to: str) -> None:
        if self.documents[ref]["owner"] != ctx.sender.name:
            self.refuse("test.contracts.not_owner", who=ctx.sender.name, ref=ref)
        self.documents[ref]["owner"] = to
        ctx.emit("transferred", ref=ref, to=to)

    @action(roles={"business"})
    def buggy(self, ctx, ref: str) -> None:
        self.documents[ref]["amount"] = Decimal(0)  # changed first ...
        raise ZeroDivisionError("division by zero")  # ... then the action crashes

    @action(roles={"regulator"})
    def flag(self, ctx, ref: str) -> None:
        self.flagged.append(ref)

    def total(self) -> Decimal:
        return sum((doc["amount"] for doc in self.documents.values()), Decimal(0))


BANKS = ["bank_a", "bank_b", "bank_c", "bank_d"]


def members() -> list[Member]:
    return [
        Member("bank_a", node_kind="consensus", roles={"committee", "operator"}),
        Member("bank_b", node_kind="consensus", roles={"committee"}),
        Member("bank_c", node_kind="consensus", roles={"committee"}),
        Member("bank_d", node_kind="consensus"),
        Member("core", node_kind="observer", roles={"business"}),
        Member("supplier", roles={"business"}),
        Member("pboc", node_kind="observer", roles={"regulator"}),
        Member("vendor", roles={"operator"}),
    ]


DUE = date(2025, 9, 1)


def new_chain() -> tuple[ConsortiumChain, Registry]:
    chain = ConsortiumChain(members(), start=date(2025, 3, 1))
    registry = chain.deploy(Registry(), by="bank_a")
    registry.register("INV-1", Decimal("1000.00"), DUE, by="core")
    return chain, registry


def snapshot(chain: ConsortiumChain, registry: Registry) -> tuple[bytes, bytes]:
    return chain.state_bytes(), registry.state_bytes()


def signed(name: str, chain: ConsortiumChain, action_name: str, nonce: int | None = None,
           contract: str = "Registry", **args) -> ContractCall:
    """A call `name` signs with their own key, as a remote member would."""
    key = KeyPair.from_seed(name)
    nonce = chain.nonce(key.address) if nonce is None else nonce
    return ContractCall.create(key, contract, action_name, args, nonce)


# --- signed calls and their arguments -------------------------------------------------------


def test_arguments_come_back_exactly():
    args = {"amount": Decimal("300000.10"), "rate": Decimal("3.6E-2"), "due": date(2025, 7, 1),
            "ref": "发票-7", "hash": bytes(range(4)), "pieces": [Decimal("1.5"), 2, None, True],
            "nested": {"a": [date(2024, 2, 29)]}}
    back = decode_args(encode_args(args))
    assert back == args
    assert str(back["amount"]) == "300000.10" and str(back["rate"]) == "0.036"
    assert type(back["due"]) is date and type(back["hash"]) is bytes


def test_encoding_is_canonical_json():
    assert encode_args({"b": 1, "a": Decimal("2.50")}) == '{"a":{"$decimal":"2.50"},"b":1}'
    assert encode_args({"t": (1, 2)}) == encode_args({"t": [1, 2]})


@pytest.mark.parametrize("bad", [0.1, {"$decimal": "1"}, {1: "int key"}, Decimal("NaN"),
                                 {1, 2}, object()])
def test_inexact_or_ambiguous_arguments_are_refused(bad):
    with pytest.raises(InputError):
        encode_args({"x": bad})


def test_float_arguments_point_to_decimal():
    with pytest.raises(InputError, match="Decimal"):
        encode_args({"rate": 0.036})


def test_a_call_is_signed_over_every_field():
    call = ContractCall.create(KeyPair.from_seed("core"), "Registry", "register",
                               {"ref": "INV-2", "amount": Decimal(5)}, nonce=3)
    assert call.verify_signature()
    assert ContractCall.parse(call.serialize()) == call
    for change in [{"args": encode_args({"ref": "INV-2", "amount": Decimal(50)})},
                   {"nonce": 4}, {"action": "transfer"}, {"contract": "Other"}]:
        forged = dataclasses.replace(call, **change)
        assert not forged.verify_signature()
        assert forged.call_id() != call.call_id()


def test_parse_is_strict():
    raw = ContractCall.create(KeyPair.from_seed("core"), "R", "a", {"n": 1}, 0).serialize()
    with pytest.raises(InputError):
        ContractCall.parse(raw.replace(b",", b", ", 1))
    with pytest.raises(InputError):
        ContractCall.parse(b"not json")


def test_call_args_must_be_canonical():
    with pytest.raises(InputError, match="canonical"):
        ContractCall("ab" * 20, "R", "a", '{"b":1, "a":2}', 0)


def test_state_bytes_are_canonical():
    assert canonical_bytes({"b": {2: "x", 1: "y"}}) == canonical_bytes({"b": {1: "y", 2: "x"}})
    assert canonical_bytes([Decimal("1.0")]) != canonical_bytes([Decimal("1.00")])
    with pytest.raises(InputError):
        canonical_bytes(object())


# --- declaring contracts --------------------------------------------------------------------


def test_actions_are_found_with_their_roles():
    assert sorted(Registry.actions()) == ["buggy", "flag", "register", "transfer"]
    assert Registry.actions()["flag"].roles == {"regulator"}


def test_a_plain_method_overrides_an_inherited_action():
    class Quiet(Registry):
        def flag(self, ref: str) -> None:
            return None

    assert "flag" not in Quiet.actions() and "register" in Quiet.actions()


def test_unknown_roles_are_refused():
    with pytest.raises(InputError, match="committee"):
        action(roles={"admin"})


def takes_a_star(self, ctx, *refs): ...
def takes_a_bag(self, ctx, **anything): ...
def takes_by(self, ctx, by): ...
def takes_no_ctx(self): ...


@pytest.mark.parametrize("function", [takes_a_star, takes_a_bag, takes_by, takes_no_ctx])
def test_actions_take_named_arguments_only(function):
    with pytest.raises(InputError, match="named arguments"):
        action(roles={"business"})(function)


def test_an_undeployed_contract_cannot_send_actions():
    with pytest.raises(ContractError, match="deploy"):
        Registry().register("X", Decimal(1), DUE, by="core")


# --- the chain at work ----------------------------------------------------------------------


def test_genesis_records_the_founders_and_is_signed_by_the_consensus_nodes():
    chain = ConsortiumChain(members())
    genesis = chain.blocks[0]
    assert chain.height == 0 and chain.validate()
    assert genesis.header.prev_hash == bytes(32) and genesis.header.bits == 0
    assert len(genesis.signatures) == 4
    founders = [m["name"] for m in genesis.calls[0].arguments()["members"]]
    assert founders == [m.name for m in members()]


def test_calls_change_state_and_are_recorded_in_blocks():
    chain, registry = new_chain()
    assert registry.documents["INV-1"] == {"owner": "core", "amount": Decimal("1000.00"),
                                           "due": DUE, "since": date(2025, 3, 1)}
    assert chain.height == 2  # genesis, deploy, register
    block = chain.blocks[2]
    assert block.calls[0].arguments()["ref"] == "INV-1"
    assert block.header.prev_hash == chain.blocks[1].hash()
    assert block.header.merkle_root == merkle_root([block.calls[0].call_id()])
    assert chain.validate()


def test_the_action_returns_its_value_and_sees_exact_types():
    chain, registry = new_chain()
    assert chain.call("Registry", "register", by="supplier", ref="INV-2",
                      amount=Decimal("0.10"), due=DUE) == "INV-2"
    stored = registry.documents["INV-2"]
    assert stored["amount"] == Decimal("0.10") and str(stored["amount"]) == "0.10"
    assert type(stored["due"]) is date


def test_events_are_stored_and_queryable():
    chain, registry = new_chain()
    registry.register("INV-2", Decimal(7), DUE, by="supplier")
    registry.transfer("INV-1", "supplier", by="core")
    registered = chain.events("Registry", "registered")
    assert [e["ref"] for e in registered] == ["INV-1", "INV-2"]
    assert [e.sender for e in registered] == ["core", "supplier"]
    assert chain.events(name="registered", owner="supplier")[0]["amount"] == Decimal(7)
    moved = chain.events(name="transferred")[0]
    assert moved.block == chain.height
    assert moved.call_id == chain.blocks[-1].calls[0].call_id_hex()
    assert chain.events(contract="governance", name="deployed")[0]["contract"] == "Registry"


def test_chain_date_reaches_actions_and_block_times():
    chain, registry = new_chain()
    assert chain.advance(days=30) == date(2025, 3, 31)
    registry.register("INV-2", Decimal(1), DUE, by="core")
    assert registry.documents["INV-2"]["since"] == date(2025, 3, 31)
    stamps = [block.header.timestamp for block in chain.blocks]
    assert stamps == sorted(set(stamps))  # strictly increasing
    assert stamps[-1] == 1743379200  # 2025-03-31 00:00 UTC
    with pytest.raises(InputError):
        chain.advance(days=-1)


def test_batch_puts_several_calls_in_one_block():
    chain, registry = new_chain()
    height = chain.height
    with chain.batch():
        registry.register("INV-2", Decimal(2), DUE, by="core")
        with pytest.raises(ContractError):
            registry.register("INV-2", Decimal(2), DUE, by="core")
        registry.register("INV-3", Decimal(3), DUE, by="supplier")
        assert chain.height == height  # nothing sealed yet
    assert chain.height == height + 1
    assert len(chain.blocks[-1].calls) == 2
    assert chain.validate()


def test_regulator_calls_an_action_that_lists_it():
    chain, registry = new_chain()
    registry.flag("INV-1", by="pboc")
    assert registry.flagged == ["INV-1"]


# --- a refused call changes nothing ---------------------------------------------------------


def refusals(chain: ConsortiumChain):
    """(expected error class, rule, a function that attempts the refused call)."""
    replayed = chain.blocks[2].calls[0]
    honest = signed("core", chain, "register", ref="INV-9", amount=Decimal(9), due=DUE)
    return {
        "wrong role": (PermissionDenied, "contract.role",
                       lambda: chain.call("Registry", "register", by="pboc", ref="X",
                                          amount=Decimal(1), due=DUE)),
        "operator is no business user": (PermissionDenied, "contract.role",
                                         lambda: chain.call("Registry", "flag", by="bank_a",
                                                            ref="INV-1")),
        "non-member": (PermissionDenied, "contract.not_member",
                       lambda: chain.submit(signed("mallory", chain, "register", ref="X",
                                                   amount=Decimal(1), due=DUE))),
        "unknown name": (PermissionDenied, "contract.not_member",
                         lambda: chain.call("Registry", "register", by="mallory", ref="X",
                                            amount=Decimal(1), due=DUE)),
        "someone else's key": (ContractError, "contract.wrong_key",
                               lambda: chain.submit(dataclasses.replace(
                                   honest, public_key=KeyPair.from_seed("supplier").public_key))),
        "changed after signing": (ContractError, "contract.bad_signature",
                                  lambda: chain.submit(dataclasses.replace(
                                      honest, args=encode_args({"ref": "INV-9",
                                                                "amount": Decimal(90),
                                                                "due": DUE})))),
        "replayed": (ContractError, "contract.nonce", lambda: chain.submit(replayed)),
        "nonce gap": (ContractError, "contract.nonce",
                      lambda: chain.submit(signed("core", chain, "register", nonce=5, ref="X",
                                                  amount=Decimal(1), due=DUE))),
        "business rule": (ContractError, "test.contracts.amount",
                          lambda: chain.call("Registry", "register", by="core", ref="X",
                                             amount=Decimal(0), due=DUE)),
        "not the owner": (ContractError, "test.contracts.not_owner",
                          lambda: chain.call("Registry", "transfer", by="supplier",
                                             ref="INV-1", to="supplier")),
        "crash after a change": (ContractError, "contract.failed",
                                 lambda: chain.call("Registry", "buggy", by="core",
                                                    ref="INV-1")),
        "unknown argument": (ContractError, "contract.bad_args",
                             lambda: chain.call("Registry", "register", by="core", ref="X",
                                                amount=Decimal(1), due=DUE, colour="red")),
        "unknown action": (ContractError, "contract.unknown_action",
                           lambda: chain.call("Registry", "burn", by="core")),
        "unknown contract": (ContractError, "contract.unknown_contract",
                             lambda: chain.call("Nope", "register", by="core")),
        "deploy by a business user": (PermissionDenied, "contract.role",
                                      lambda: chain.deploy(Registry(), by="core", name="R2")),
        "deploy under a taken name": (ContractError, "contract.name_taken",
                                      lambda: chain.deploy(Registry(), by="bank_a")),
        "deploy without the object": (ContractError, "contract.deploy_needs_code",
                                      lambda: chain.call("governance", "deploy", by="bank_a",
                                                         name="R3", code="x", state="y")),
        "propose by a non-committee member": (PermissionDenied, "contract.role",
                                              lambda: chain.propose("core",
                                                                    RemoveMember("bank_b"))),
    }


CASES = sorted(refusals(new_chain()[0]))


@pytest.mark.parametrize("case", CASES)
def test_a_refused_call_raises_a_named_rule_and_changes_nothing(case):
    chain, registry = new_chain()
    error_class, rule, attempt = refusals(chain)[case]
    before = snapshot(chain, registry)
    with pytest.raises(error_class) as refused:
        attempt()
    assert refused.value.rule == rule
    assert isinstance(refused.value, LedgerError)
    assert snapshot(chain, registry) == before
    assert chain.validate()
    # ... and the regulator sees the attempt
    last = chain.audit_trail(by="pboc")[-1]
    assert (last.accepted, last.rule, last.reason) == (False, rule, str(refused.value))


def test_a_crash_is_reverted_and_explained():
    chain, registry = new_chain()
    with pytest.raises(ContractError, match="ZeroDivisionError") as refused:
        registry.buggy("INV-1", by="core")
    assert isinstance(refused.value.__cause__, ZeroDivisionError)
    assert registry.documents["INV-1"]["amount"] == Decimal("1000.00")


def test_refusals_speak_chinese_too():
    chain, _ = new_chain()
    with pytest.raises(PermissionDenied) as refused:
        chain.call("Registry", "register", by="pboc", ref="X", amount=Decimal(1), due=DUE)
    assert "无权调用" in refused.value.in_language("zh")
    ledgerkit.set_language("zh")
    try:
        with pytest.raises(ContractError, match="金额必须为正"):
            chain.call("Registry", "register", by="core", ref="X", amount=Decimal(-1), due=DUE)
    finally:
        ledgerkit.set_language("en")


# --- remote members sign their own calls ----------------------------------------------------


def test_a_remote_member_submits_presigned_calls():
    student = KeyPair.from_seed("student-42")
    remote = Member("student", KeyPair.from_public(student.public_key), roles={"business"})
    chain = ConsortiumChain([*members(), remote])
    registry = chain.deploy(Registry(), by="bank_a")
    with pytest.raises(ContractError) as refused:
        chain.call("Registry", "register", by="student", ref="S", amount=Decimal(1), due=DUE)
    assert refused.value.rule == "contract.no_local_key"
    call = ContractCall.create(student, "Registry", "register",
                               {"ref": "S", "amount": Decimal(1), "due": DUE},
                               chain.nonce(student.address))
    assert chain.submit(ContractCall.parse(call.serialize())) == "S"
    assert registry.documents["S"]["owner"] == "student"


def test_blocks_need_more_than_two_thirds_of_consensus_signatures():
    remote = [Member(f"far_{i}", KeyPair.from_public(KeyPair.from_seed(f"far_{i}").public_key),
                     node_kind="consensus") for i in range(2)]
    with pytest.raises(ContractError, match="2/3"):
        ConsortiumChain([*members(), *remote])  # 4 of 6 nodes can sign here: not > 2/3
    chain = ConsortiumChain([*members(), remote[0]])  # 4 of 5: enough
    assert len(chain.blocks[0].signatures) == 4 and chain.validate()


# --- reading: who may see what --------------------------------------------------------------


@pytest.mark.parametrize("reader", ["bank_d", "core", "supplier", "pboc"])
def test_nodes_business_users_and_regulator_read_snapshots(reader):
    chain, registry = new_chain()
    snap = chain.read("Registry", by=reader)
    assert snap.total() == Decimal("1000.00")
    snap.documents.clear()  # a snapshot: changing it changes nothing on the chain
    assert registry.total() == Decimal("1000.00")
    with pytest.raises(ContractError, match="deploy"):
        snap.register("Y", Decimal(1), DUE, by="core")


@pytest.mark.parametrize("reader, rule", [("vendor", "contract.read_denied"),
                                          ("mallory", "contract.not_member")])
def test_others_may_not_read(reader, rule):
    chain, _ = new_chain()
    with pytest.raises(PermissionDenied) as refused:
        chain.read("Registry", by=reader)
    assert refused.value.rule == rule


def test_only_the_regulator_reads_the_audit_trail():
    chain, registry = new_chain()
    with pytest.raises(ContractError):
        registry.register("INV-1", Decimal(5), DUE, by="supplier")
    trail = chain.audit_trail(by="pboc")
    assert [(e.who, e.action, e.accepted) for e in trail] == [
        ("bank_a", "deploy", True), ("core", "register", True), ("supplier", "register", False)]
    assert trail[1].block == 2 and trail[2].rule == "test.contracts.duplicate"
    assert decode_args(trail[2].args)["amount"] == Decimal(5)
    assert trail[2].day == chain.today
    for other in ["bank_a", "core", "vendor"]:
        with pytest.raises(PermissionDenied, match="regulator"):
            chain.audit_trail(by=other)


def test_governance_log_is_for_the_committee_and_the_regulator():
    chain, _ = new_chain()
    proposal = chain.propose("bank_a", GrantRole("vendor", "business"))
    chain.vote(proposal, by="bank_b")
    for reader in ["bank_c", "pboc"]:
        log = chain.governance_log(by=reader)
        assert log[0].motion == GrantRole("vendor", "business")
        assert log[0].votes == {"bank_b": True} and log[0].proposer == "bank_a"
    with pytest.raises(PermissionDenied):
        chain.governance_log(by="core")


# --- governance by committee vote -----------------------------------------------------------


def test_a_new_member_is_voted_in_by_a_majority_of_committee_weight():
    chain, registry = new_chain()
    newcomer = Member("supplier_2", roles={"business"})
    proposal = chain.propose("bank_a", AddMember(newcomer))
    assert chain.vote(proposal, by="bank_a") == "open"  # 1/3 of the weight
    with pytest.raises(PermissionDenied):
        registry.register("N", Decimal(1), DUE, by="supplier_2")
    assert chain.vote(proposal, by="bank_b") == "passed"  # 2/3 > 1/2
    assert chain.members["supplier_2"].address == newcomer.address
    registry.register("N", Decimal(1), DUE, by="supplier_2")
    assert registry.documents["N"]["owner"] == "supplier_2"
    assert not chain.members["supplier_2"].key.has_private  # the ledger holds public keys
    assert chain.validate()


def test_exactly_half_is_not_enough():
    founders = [Member("a", node_kind="consensus", roles={"committee"}),
                Member("b", roles={"committee"}), Member("c", roles={"committee"}),
                Member("d", roles={"committee"})]
    chain = ConsortiumChain(founders)
    proposal = chain.propose("a", GrantRole("d", "business"))
    chain.vote(proposal, by="a")
    assert chain.vote(proposal, by="b") == "open"  # 2/4 = 0.5, not > 0.5
    assert chain.vote(proposal, by="c") == "passed"
    assert "business" in chain.members["d"].roles


def test_weights_count_not_heads():
    founders = [Member("big", node_kind="consensus", roles={"committee"}, weight=3),
                Member("small_1", roles={"committee"}), Member("small_2", roles={"committee"})]
    chain = ConsortiumChain(founders)
    proposal = chain.propose("small_1", RevokeRole("big", "committee"))
    chain.vote(proposal, by="small_1")
    assert chain.vote(proposal, by="small_2") == "open"  # 2/5
    assert chain.vote(proposal, by="big", approve=False) == "rejected"  # 2 + 0 left: 2/5
    assert "committee" in chain.members["big"].roles


def test_a_higher_threshold_needs_more_weight():
    chain, _ = new_chain()
    raise_bar = chain.propose("bank_a", SetThreshold(Decimal("0.75")))
    chain.vote(raise_bar, by="bank_a")
    assert chain.vote(raise_bar, by="bank_b") == "passed"
    proposal = chain.propose("bank_a", GrantRole("vendor", "business"))
    chain.vote(proposal, by="bank_a")
    assert chain.vote(proposal, by="bank_b") == "open"  # 2/3 < 0.75
    assert chain.vote(proposal, by="bank_c") == "passed"


def test_a_removed_member_can_call_nothing():
    chain, registry = new_chain()
    presigned = signed("core", chain, "register", ref="LATE", amount=Decimal(1), due=DUE)
    proposal = chain.propose("bank_a", RemoveMember("core"))
    chain.vote(proposal, by="bank_b")
    chain.vote(proposal, by="bank_c")
    assert "core" not in chain.members
    before = snapshot(chain, registry)
    with pytest.raises(PermissionDenied, match="not a member"):
        registry.transfer("INV-1", "supplier", by="core")
    with pytest.raises(PermissionDenied, match="not a member"):
        chain.submit(dataclasses.replace(presigned, nonce=chain.nonce(presigned.sender)))
    assert snapshot(chain, registry) == before
    assert chain.validate()


@pytest.mark.parametrize("motion, rule", [
    (AddMember(Member("core")), "contract.member_exists"),
    (RemoveMember("nobody"), "contract.unknown_member"),
    (GrantRole("core", "business"), "contract.has_role"),
    (RevokeRole("core", "operator"), "contract.lacks_role"),
    (GrantRole("core", "king"), "contract.bad_role"),
    (SetThreshold(Decimal("0.4")), "contract.threshold"),
    (RevokeRole("bank_d", "committee"), "contract.lacks_role"),
])
def test_motions_that_cannot_apply_are_refused_when_proposed(motion, rule):
    chain, registry = new_chain()
    before = snapshot(chain, registry)
    with pytest.raises(ContractError) as refused:
        chain.propose("bank_a", motion)
    assert refused.value.rule == rule
    assert snapshot(chain, registry) == before


def test_a_motion_that_cannot_be_read_is_refused():
    chain, _ = new_chain()
    with pytest.raises(ContractError) as refused:
        chain.call("governance", "propose", by="bank_a", motion={"kind": "dissolve"})
    assert refused.value.rule == "contract.bad_motion"


@pytest.mark.parametrize("fields", [{"node_kind": "miner"}, {"roles": {"admin"}},
                                    {"weight": 0}, {"weight": True}, {"name": " "}])
def test_members_are_checked(fields):
    with pytest.raises(InputError):
        Member(**{"name": "x", **fields})


def test_the_last_committee_member_and_consensus_node_stay():
    chain = ConsortiumChain([Member("solo", node_kind="consensus", roles={"committee"}),
                             Member("other", roles={"business"})])
    for motion, rule in [(RemoveMember("solo"), "contract.no_committee"),
                         (RevokeRole("solo", "committee"), "contract.no_committee")]:
        with pytest.raises(ContractError) as refused:
            chain.propose("solo", motion)
        assert refused.value.rule == rule


def test_each_member_votes_once_and_closed_proposals_take_no_votes():
    chain, _ = new_chain()
    proposal = chain.propose("bank_a", GrantRole("vendor", "business"))
    chain.vote(proposal, by="bank_a")
    with pytest.raises(ContractError) as twice:
        chain.vote(proposal, by="bank_a", approve=False)
    assert twice.value.rule == "contract.already_voted"
    chain.vote(proposal, by="bank_b")
    with pytest.raises(ContractError) as closed:
        chain.vote(proposal, by="bank_c")
    assert closed.value.rule == "contract.proposal_closed"
    with pytest.raises(ContractError) as missing:
        chain.vote(99, by="bank_c")
    assert missing.value.rule == "contract.unknown_proposal"


def test_votes_of_removed_members_no_longer_count():
    chain, _ = new_chain()
    pending = chain.propose("bank_a", GrantRole("vendor", "business"))
    chain.vote(pending, by="bank_c")
    expel = chain.propose("bank_a", RemoveMember("bank_c"))
    chain.vote(expel, by="bank_a")
    chain.vote(expel, by="bank_b")
    # bank_c's vote is gone: 1 of the 2 remaining committee members is exactly one half
    assert chain.vote(pending, by="bank_a") == "open"
    assert chain.vote(pending, by="bank_b") == "passed"


# --- validating the chain and finding tampering ---------------------------------------------


def forge(chain: ConsortiumChain, index: int, calls: list[ContractCall],
          signers: list[str], **header_fields) -> ConsortiumBlock:
    """A replacement for block `index` with `calls`, signed by `signers`' keys."""
    old = chain.blocks[index].header
    header = old.replace(merkle_root=merkle_root([c.call_id() for c in calls]), **header_fields)
    signatures = tuple(BlockSignature(KeyPair.from_seed(name).address,
                                      KeyPair.from_seed(name).sign(header.hash()))
                       for name in signers)
    return ConsortiumBlock(header, tuple(calls), signatures)


def longer_chain() -> ConsortiumChain:
    chain, registry = new_chain()
    registry.register("INV-2", Decimal(2), DUE, by="supplier")
    registry.transfer("INV-1", "supplier", by="core")
    return chain


def test_changing_a_call_breaks_the_merkle_root():
    chain = longer_chain()
    block = chain.blocks[3]
    other = signed("supplier", chain, "register", nonce=0, ref="INV-2", amount=Decimal(2000),
                   due=DUE)
    chain.tamper(3, dataclasses.replace(block, calls=(other,)))
    problem = chain.find_tampering()
    assert (problem.index, problem.reason) == (3, "merkle")
    assert not chain.validate()


def test_a_block_signed_by_too_few_nodes_is_found():
    chain = longer_chain()
    calls = list(chain.blocks[3].calls)
    chain.tamper(3, forge(chain, 3, calls, signers=["bank_a", "bank_b"]))
    problem = chain.find_tampering()
    assert (problem.index, problem.reason) == (3, "seal")
    assert problem.details == {"valid": 2, "total": 4}
    assert "2/3" in problem.message


def test_signatures_of_outsiders_do_not_count():
    chain = longer_chain()
    calls = list(chain.blocks[3].calls)
    chain.tamper(3, forge(chain, 3, calls, signers=["bank_a", "bank_b", "mallory", "core"]))
    assert chain.find_tampering().reason == "seal"


def test_a_changed_header_breaks_the_signatures():
    chain = longer_chain()
    block = chain.blocks[3]
    later = block.header.replace(timestamp=block.header.timestamp + 1)
    chain.tamper(3, dataclasses.replace(block, header=later))
    assert chain.find_tampering().reason == "seal"  # the signatures covered the old time


def test_a_rewritten_and_resigned_block_breaks_the_next_link():
    chain = longer_chain()
    calls = list(chain.blocks[3].calls)
    chain.tamper(3, forge(chain, 3, calls, signers=BANKS))
    assert chain.validate()  # same header, signed again by the same nodes: nothing changed
    later = chain.blocks[3].header.timestamp + 5
    chain.tamper(3, forge(chain, 3, calls, signers=BANKS, timestamp=later))
    problem = chain.find_tampering()
    assert (problem.index, problem.reason) == (4, "link")
    assert "block 3" in problem.message


def test_even_the_consensus_nodes_cannot_slip_in_an_unauthorised_call():
    chain = longer_chain()
    by_regulator = signed("pboc", chain, "register", ref="X", amount=Decimal(1), due=DUE)
    chain.tamper(4, forge(chain, 4, [by_regulator], signers=BANKS))
    problem = chain.find_tampering()
    assert (problem.index, problem.reason) == (4, "call")
    assert "pboc" in problem.message and "may not call" in problem.message


def test_a_replayed_call_in_a_block_is_found():
    chain = longer_chain()
    chain.tamper(4, forge(chain, 4, [chain.blocks[2].calls[0]], signers=BANKS))
    problem = chain.find_tampering()
    assert (problem.reason, problem.details["position"]) == ("call", 0)
    assert "nonce" in problem.message


def test_validation_replays_membership_changes():
    chain, registry = new_chain()
    proposal = chain.propose("bank_a", RemoveMember("bank_d"))
    chain.vote(proposal, by="bank_b")
    chain.vote(proposal, by="bank_c")
    registry.register("AFTER", Decimal(1), DUE, by="core")  # sealed by 3 nodes now
    assert len(chain.blocks[-1].signatures) == 3
    assert chain.validate()
    # two of the three remaining nodes are not enough, though they were 2/4 = 1/2 before
    last = chain.blocks[-1]
    chain.tamper(chain.height, dataclasses.replace(last, signatures=last.signatures[:2]))
    assert chain.find_tampering().reason == "seal"


def test_a_changed_genesis_is_found():
    chain = longer_chain()
    genesis = chain.blocks[0]
    header = BlockHeader(1, "11" * 32, genesis.header.merkle_root, genesis.header.timestamp, 0, 0)
    chain.tamper(0, dataclasses.replace(genesis, header=header))
    assert chain.find_tampering().index == 0
    assert chain.find_tampering().reason == "genesis"


def test_an_action_may_not_reuse_a_name_of_the_base_class():
    # An action named "refuse" would replace Contract.refuse and break every require().
    import pytest

    from ledgerkit.contracts import Contract, action
    from ledgerkit.errors import InputError

    with pytest.raises(InputError, match="refuse"):

        class Clumsy(Contract):
            @action(roles={"business"})
            def refuse(self, ctx) -> None:
                pass
