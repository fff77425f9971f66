"""A consortium chain (联盟链): known members, a governing committee, contracts and a regulator.

Members are known institutions. A member may run a consensus node (记账节点, signs blocks) or
an observer node (观察节点, keeps a copy), and holds roles: the committee (委员会) votes members
in and out, operators (运维方) deploy contracts, business users (业务方) call them, and the
regulator (监管方) reads everything — see-through supervision (穿透式监管).

Every change is a signed `ContractCall` that passes one gate, `submit`: signature, nonce,
membership and role are checked, the action runs on a copy of the contract's state, and only
a call that finishes is committed and recorded in a block signed by more than 2/3 of the
consensus nodes. A refused call raises `ContractError` and changes nothing. Governance
(propose, vote, deploy) is itself a contract, so it follows the same path.

>>> from ledgerkit.contracts import Contract, action
>>> class Counter(Contract):
...     def __init__(self): self.count = 0
...     @action(roles={"business"})
...     def add(self, ctx, n: int) -> int:
...         self.count += n
...         ctx.emit("added", n=n)
...         return self.count
>>> chain = ConsortiumChain([
...     Member("bank", node_kind="consensus", roles={"committee", "operator"}),
...     Member("core", node_kind="observer", roles={"business"}),
...     Member("pboc", node_kind="observer", roles={"regulator"})])
>>> counter = chain.deploy(Counter(), by="bank")
>>> counter.add(5, by="core")
5
>>> try:
...     counter.add(1, by="pboc")
... except PermissionDenied as refusal:
...     print(refusal)
pboc (roles: regulator) may not call Counter.add: it is open to business only.
>>> chain.height, chain.validate(), [event["n"] for event in chain.events(name="added")]
(2, True, [5])

Sealed elsewhere. On a real network the consensus nodes' keys live on their own machines. A
chain made with `auto_seal=False` runs and keeps every accepted call as pending; the nodes
sign `pending_header()` wherever they are (e.g. after a PBFT round) and `seal(signatures)`
records the block if more than 2/3 of the consensus nodes of that moment signed it validly.
With `genesis_signatures` a chain whose keys are all elsewhere can be rebuilt, e.g. to audit
a copy of it.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from decimal import Decimal
from typing import Any, ClassVar

from ledgerkit.block import BlockHeader
from ledgerkit.chain import ZERO_HASH, Tampering
from ledgerkit.contracts import (
    ROLES,
    Action,
    Context,
    Contract,
    ContractCall,
    ContractError,
    Event,
    PermissionDenied,
    action,
    canonical_bytes,
    encode_args,
    role_labels,
)
from ledgerkit.crypto import KeyPair, address_of, sha256
from ledgerkit.errors import InputError, LedgerError
from ledgerkit.i18n import Labels, Phrase, register_strings, text
from ledgerkit.merkle import merkle_root

NODE_KINDS = ("consensus", "observer", "none")
GOVERNANCE = "governance"  # the name of the built-in system contract
ZERO_ADDRESS = "00" * 20  # the "sender" of the genesis record
DEFAULT_START = date(2025, 1, 1)

register_strings({
    "contract.bad_member": ("Member {name!r} is not valid: {detail}.",
                            "成员 {name!r} 无效：{detail}。"),
    "contract.bad_motion": (
        "This motion cannot be read ({detail}). Build it with AddMember, RemoveMember, "
        "GrantRole, RevokeRole or SetThreshold.",
        "无法识别该议案（{detail}）。请用 AddMember、RemoveMember、GrantRole、RevokeRole 或 "
        "SetThreshold 构造。"),
    "contract.wrong_key": (
        "The public key does not belong to sender {sender}: only the owner of an address can "
        "sign its calls.",
        "该公钥不属于发送方 {sender}：只有地址的所有者才能为其调用签名。"),
    "contract.bad_signature": (
        "The signature does not match this call and the sender's key: sign the call with the "
        "sender's own key and do not change it afterwards.",
        "签名与该调用及发送方公钥不匹配：请用发送方自己的私钥签名，签名后不要再修改调用。"),
    "contract.nonce": (
        "{sender}'s next call must carry nonce {expected}, but this one has {got}. {hint}",
        "{sender} 的下一个调用的序号应为 {expected}，而这个调用的序号为 {got}。{hint}"),
    "contract.not_member": (
        "{who} is not a member of this consortium chain: only members admitted by the "
        "committee may call contracts or read the chain.",
        "{who} 不是本联盟链的成员：只有经委员会准入的成员才能调用合约或读取链上数据。"),
    "contract.unknown_contract": ("There is no contract {contract!r} here (deployed: {known}).",
                                  "链上没有合约 {contract!r}（已部署：{known}）。"),
    "contract.unknown_action": ("{contract} has no action {action!r} (actions: {known}).",
                                "{contract} 没有操作 {action!r}（可用操作：{known}）。"),
    "contract.role": (
        "{who} (roles: {roles}) may not call {contract}.{action}: it is open to {allowed} only.",
        "{who}（角色：{roles}）无权调用 {contract}.{action}：该操作仅对 {allowed} 开放。"),
    "contract.no_local_key": (
        "{who} signs their own calls: build one with ContractCall.create(key, ...) and send it "
        "with chain.submit(call).",
        "{who} 自行签名：请用 ContractCall.create(key, ...) 构造调用，再用 chain.submit(call) "
        "提交。"),
    "contract.no_quorum": (
        "Only {have} of the {total} consensus nodes can sign here; a block needs the signatures "
        "of more than 2/3 of them.",
        "{total} 个共识节点中只有 {have} 个能在此签名；区块需要超过 2/3 的共识节点签名。"),
    "contract.read_denied": (
        "{who} may not read contract state: it is open to members running a node, business "
        "users and the regulator.",
        "{who} 无权读取合约状态：仅对运行节点的成员、业务方和监管方开放。"),
    "contract.log_denied": (
        "{who} may not read the governance log: it is open to the committee and the regulator.",
        "{who} 无权查看治理记录：仅对委员会和监管方开放。"),
    "contract.audit_denied": (
        "{who} may not read the audit trail: it is open to the regulator only (see-through "
        "supervision).",
        "{who} 无权查看审计轨迹：仅对监管方开放（穿透式监管）。"),
    "contract.member_exists": ("{name} (address {address}) is already a member.",
                               "{name}（地址 {address}）已经是成员。"),
    "contract.unknown_member": ("There is no member named {name!r}.", "没有名为 {name!r} 的成员。"),
    "contract.has_role": ("{name} already holds the role {role}.", "{name} 已经拥有角色 {role}。"),
    "contract.lacks_role": ("{name} does not hold the role {role}.", "{name} 没有角色 {role}。"),
    "contract.bad_role": ("Unknown role {role!r}; choose one of {choices}.",
                          "未知角色 {role!r}；请从 {choices} 中选择。"),
    "contract.threshold": (
        "The threshold must be a Decimal from 0.5 up to, but not including, 1; got {got!r}. "
        "Below one half, two opposite motions could both pass.",
        "通过阈值必须是 0.5（含）到 1（不含）之间的 Decimal；实际为 {got!r}。"
        "低于一半时，两个相反的议案可能同时通过。"),
    "contract.no_committee": (
        "This change would leave no committee member, so no motion could ever pass again.",
        "该变更会使委员会没有成员，今后任何议案都无法通过。"),
    "contract.no_consensus": (
        "This change would leave no consensus node, so no block could ever be signed.",
        "该变更会使链上没有共识节点，今后任何区块都无法签名。"),
    "contract.unknown_proposal": ("There is no proposal {proposal!r} (proposals: 1 to {count}).",
                                  "不存在议案 {proposal!r}（议案编号为 1 到 {count}）。"),
    "contract.proposal_closed": ("Proposal {proposal} is already {status}; voting is closed.",
                                 "议案 {proposal} 已{status}；投票已结束。"),
    "contract.already_voted": (
        "{who} has already voted on proposal {proposal}; each member votes once.",
        "{who} 已对议案 {proposal} 投过票；每位成员只能投一次。"),
    "contract.bad_vote": ("A vote is approve=True or approve=False; got {got!r}.",
                          "投票只能是 approve=True 或 approve=False；实际为 {got!r}。"),
    "contract.bad_name": (
        "A contract name is non-empty text without surrounding spaces; got {name!r}.",
        "合约名称必须是非空文本，且首尾不能有空格；实际为 {name!r}。"),
    "contract.name_taken": ("The name {name!r} is already taken on this chain; deploy under "
                            "another name.", "名称 {name!r} 在本链上已被占用；请换一个名称部署。"),
    "contract.deploy_needs_code": (
        "Deploying needs the contract object: use chain.deploy(contract, by=...) or "
        "chain.submit(call, deploying=contract).",
        "部署需要合约对象：请使用 chain.deploy(contract, by=...) 或 "
        "chain.submit(call, deploying=contract)。"),
    "contract.deploy_mismatch": ("The deploy call does not match the contract given: {detail}.",
                                 "部署调用与所给合约不一致：{detail}。"),
    "contract.already_deployed": (
        "This {contract} object is already deployed; create a new one to deploy again.",
        "这个 {contract} 对象已部署；如需再次部署，请新建一个对象。"),
    "contract.bad_count": (
        "count must be a whole number from 1 to the {pending} pending calls; got {got!r}.",
        "count 必须是 1 到待处理调用数 {pending} 之间的整数；实际为 {got!r}。"),
    "contract.bad_date": ("The chain's clock moves forward by whole days from a date; got "
                          "{got!r}.", "链上时钟从某个日期开始、按整天向前走；实际为 {got!r}。"),
    "contract.why.genesis": (
        "the first block must build on the all-zero hash and hold only the founding members",
        "创世区块必须以全零哈希为前一区块，且只记录创始成员"),
    "contract.why.header": ("its header is not a consortium header (version 1, bits 0)",
                            "它的区块头不是联盟链区块头（版本 1，难度目标 0）"),
    "contract.why.link": (
        "its previous-block hash does not match block {prev_index}'s hash (the chain is "
        "broken here)", "它记录的前一区块哈希与第 {prev_index} 号区块的哈希不一致（链条在此断开）"),
    "contract.why.merkle": ("its Merkle root does not match its calls (the data was changed)",
                            "它的默克尔根与调用数据不一致（数据被修改过）"),
    "contract.why.seal": (
        "only {valid} of the {total} consensus nodes signed it validly; more than 2/3 must",
        "{total} 个共识节点中只有 {valid} 个对它的签名有效；需要超过 2/3"),
    "contract.why.call": ("call {position} is invalid: {detail}",
                          "第 {position} 个调用无效：{detail}"),
    "member.why.name": ("a name is needed", "需要一个名称"),
    "member.why.node_kind": ("node_kind must be one of {choices}",
                             "`node_kind` 必须是 {choices} 之一"),
    "member.why.roles": ("roles must come from {choices}", "`roles` 必须取自 {choices}"),
    "member.why.weight": ("weight must be a whole number >= 1", "`weight` 必须是不小于 1 的整数"),
    "motion.why.fields": ("its kind or fields are missing or wrong", "类型或字段缺失、有误"),
    "deploy.why.nothing": ("this call deploys nothing", "这个调用没有部署任何合约"),
    "deploy.why.class": ("another class was signed", "签名的是另一个合约类"),
    "deploy.why.state": ("another state was signed", "签名的是另一个合约状态"),
    "proposal.open": ("open", "开放"),
    "proposal.passed": ("passed", "通过"),
    "proposal.rejected": ("rejected", "否决"),
})


# --- members and motions ---------------------------------------------------------------------
@dataclass(frozen=True)
class Member:
    """A consortium member. Without a key, the key is KeyPair.from_seed(name): a teaching
    convenience so the chain can sign for everyone in a local simulation.

    >>> Member("bank", node_kind="consensus", roles={"committee"}).roles
    frozenset({'committee'})
    """

    name: str
    key: KeyPair = field(default=None, repr=False, compare=False)  # type: ignore[assignment]
    node_kind: str = "none"
    roles: frozenset[str] = frozenset()
    weight: int = 1  # voting weight in the committee

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise InputError("contract.bad_member", name=self.name,
                             detail=Phrase("member.why.name"))
        if self.key is None:
            object.__setattr__(self, "key", KeyPair.from_seed(self.name))
        roles = frozenset([self.roles] if isinstance(self.roles, str) else self.roles)
        object.__setattr__(self, "roles", roles)
        problems = [
            Phrase("member.why.node_kind", choices=", ".join(NODE_KINDS))
            if self.node_kind not in NODE_KINDS else None,
            Phrase("member.why.roles", choices=", ".join(ROLES))
            if not roles <= set(ROLES) else None,
            Phrase("member.why.weight")
            if isinstance(self.weight, bool) or not isinstance(self.weight, int)
            or self.weight < 1 else None,
        ]
        if any(problems):
            raise InputError("contract.bad_member", name=self.name,
                             detail=Labels((p for p in problems if p), joiners=("; ", "；")))

    @property
    def address(self) -> str:
        """The member's account address (from its public key)."""
        return self.key.address

    def public(self) -> Member:
        """The same member with only the public key: what goes on the ledger."""
        if not self.key.has_private:
            return self
        return dataclasses.replace(self, key=KeyPair.from_public(self.key.public_key,
                                                                 self.key.curve))

    def to_args(self) -> dict[str, Any]:
        """The public facts of the member, as call arguments."""
        return {"name": self.name, "public_key": self.key.public_key, "curve": self.key.curve,
                "node_kind": self.node_kind, "roles": sorted(self.roles), "weight": self.weight}

    @classmethod
    def from_args(cls, args: dict[str, Any]) -> Member:
        """The inverse of `to_args` (a verify-only key).

        >>> bank = Member("bank"); Member.from_args(bank.to_args()).address == bank.address
        True
        """
        key = KeyPair.from_public(args["public_key"], args["curve"])
        return cls(args["name"], key, args["node_kind"], frozenset(args["roles"]), args["weight"])

    def __deepcopy__(self, memo: dict) -> Member:
        return self  # immutable, and its key never changes: share it


@dataclass(frozen=True)
class Motion:
    """A change the committee votes on. `kind` names it in a signed call."""

    kind: ClassVar[str] = ""

    def to_args(self) -> dict[str, Any]:
        """The motion as call arguments, e.g. {'kind': 'remove_member', 'name': 'bank'}."""
        fields = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        return {"kind": self.kind, **fields}


@dataclass(frozen=True)
class AddMember(Motion):
    """Admit `member` (only its public key goes on the ledger)."""

    member: Member
    kind: ClassVar[str] = "add_member"

    def to_args(self) -> dict[str, Any]:
        return {"kind": self.kind, "member": self.member.to_args()}


@dataclass(frozen=True)
class RemoveMember(Motion):
    """Expel the member `name`; from then on it can call nothing."""

    name: str
    kind: ClassVar[str] = "remove_member"


@dataclass(frozen=True)
class GrantRole(Motion):
    """Give member `name` the role `role`."""

    name: str
    role: str
    kind: ClassVar[str] = "grant_role"


@dataclass(frozen=True)
class RevokeRole(Motion):
    """Take the role `role` away from member `name`."""

    name: str
    role: str
    kind: ClassVar[str] = "revoke_role"


@dataclass(frozen=True)
class SetThreshold(Motion):
    """Change the share of committee weight a motion must exceed, e.g. Decimal('0.66')."""

    threshold: Decimal
    kind: ClassVar[str] = "set_threshold"


def motion_from_args(args: dict[str, Any]) -> Motion:
    """Rebuild a motion from its call arguments.

    >>> motion_from_args(GrantRole("bank", "operator").to_args())
    GrantRole(name='bank', role='operator')
    """
    kinds = {kind.kind: kind for kind in (AddMember, RemoveMember, GrantRole, RevokeRole,
                                          SetThreshold)}
    try:
        fields = dict(args)
        kind = kinds[fields.pop("kind")]
        if kind is AddMember:
            return AddMember(Member.from_args(fields["member"]))
        return kind(**fields)
    except LedgerError as problem:
        raise ContractError("contract.bad_motion", detail=problem) from None
    except (KeyError, TypeError, AttributeError):
        raise ContractError("contract.bad_motion", detail=Phrase("motion.why.fields")) from None


@dataclass
class Proposal:
    """A motion and its votes; `status` is "open", "passed" or "rejected"."""

    id: int
    motion: Motion
    proposer: str
    proposed_on: date
    votes: dict[str, bool] = field(default_factory=dict)
    status: str = "open"
    decided_on: date | None = None


def _check_threshold(value: object) -> Decimal:
    if not isinstance(value, Decimal) or not Decimal("0.5") <= value < 1:
        raise ContractError("contract.threshold", got=value)
    return value


def _check_membership(members: dict[str, Member]) -> None:
    if not any("committee" in member.roles for member in members.values()):
        raise ContractError("contract.no_committee")
    if not any(member.node_kind == "consensus" for member in members.values()):
        raise ContractError("contract.no_consensus")


# --- governance: a contract like any other ----------------------------------------------------
class Governance(Contract):
    """The built-in system contract: members, the committee's motions and votes, and the
    registry of deployed contracts. A motion passes when the approving weight of current
    committee members divided by the committee's total weight exceeds the threshold.

    >>> gov = Governance([Member("bank", node_kind="consensus", roles={"committee"}, weight=3)])
    >>> gov.committee_weight(), [member.name for member in gov.consensus_nodes()]
    (3, ['bank'])
    """

    _name = GOVERNANCE

    def __init__(self, members: Iterable[Member], threshold: Decimal = Decimal("0.5")) -> None:
        self.members: dict[str, Member] = {}
        for member in members:
            self.members = _with_member(self.members, member.public())
        _check_membership(self.members)
        self.threshold = _check_threshold(threshold)
        self.proposals: list[Proposal] = []
        self.contracts: dict[str, dict[str, Any]] = {}

    # --- views ---
    def member_at(self, address: str) -> Member | None:
        """The member whose key has `address`, or None."""
        return next((m for m in self.members.values() if m.address == address), None)

    def committee_weight(self) -> int:
        """The total voting weight of the committee."""
        return sum(m.weight for m in self.members.values() if "committee" in m.roles)

    def consensus_nodes(self) -> list[Member]:
        """The members running consensus nodes, by name."""
        return sorted((m for m in self.members.values() if m.node_kind == "consensus"),
                      key=lambda m: m.name)

    def tally(self, proposal: Proposal) -> tuple[int, int, int]:
        """(approving, rejecting, total) committee weight; only current members' votes count."""
        yes = no = 0
        for name, approve in proposal.votes.items():
            member = self.members.get(name)
            if member is not None and "committee" in member.roles:
                yes, no = (yes + member.weight, no) if approve else (yes, no + member.weight)
        return yes, no, self.committee_weight()

    def genesis_args(self) -> dict[str, Any]:
        """The founding members and threshold, as recorded in the genesis block."""
        return {"members": [m.to_args() for m in self.members.values()],
                "threshold": self.threshold}

    @classmethod
    def from_genesis(cls, args: dict[str, Any]) -> Governance:
        """Rebuild the founding state from `genesis_args` (used to replay a chain)."""
        return cls([Member.from_args(m) for m in args["members"]], args["threshold"])

    # --- actions ---
    @action(roles={"committee"})
    def propose(self, ctx: Context, motion: dict[str, Any]) -> int:
        """Table a motion; returns its proposal id. A motion that could not be carried out
        right now is refused at once."""
        parsed = motion_from_args(motion)
        self._enacted(parsed)
        proposal = Proposal(len(self.proposals) + 1, parsed, ctx.sender.name, ctx.today)
        self.proposals.append(proposal)
        ctx.emit("proposed", proposal=proposal.id, motion=motion)
        return proposal.id

    @action(roles={"committee"})
    def vote(self, ctx: Context, proposal_id: int, approve: bool) -> str:
        """Vote once on an open proposal; returns its status after counting."""
        count = len(self.proposals)
        self.require(isinstance(proposal_id, int) and 1 <= proposal_id <= count,
                     "contract.unknown_proposal", proposal=proposal_id, count=count)
        self.require(isinstance(approve, bool), "contract.bad_vote", got=approve)
        proposal = self.proposals[proposal_id - 1]
        self.require(proposal.status == "open", "contract.proposal_closed",
                     proposal=proposal_id, status=Phrase(f"proposal.{proposal.status}"))
        self.require(ctx.sender.name not in proposal.votes, "contract.already_voted",
                     who=ctx.sender.name, proposal=proposal_id)
        proposal.votes[ctx.sender.name] = approve
        ctx.emit("voted", proposal=proposal_id, member=ctx.sender.name, approve=approve)
        yes, no, total = self.tally(proposal)
        if yes > self.threshold * total:
            self.members, self.threshold = self._enacted(proposal.motion)
            proposal.status, proposal.decided_on = "passed", ctx.today
        elif total - no <= self.threshold * total:  # even all remaining votes could not pass it
            proposal.status, proposal.decided_on = "rejected", ctx.today
        if proposal.status != "open":
            ctx.emit(proposal.status, proposal=proposal_id, motion=proposal.motion.to_args())
        return proposal.status

    @action(roles={"operator"})
    def deploy(self, ctx: Context, name: str, code: str, state: str) -> None:
        """Register a contract under `name` (the chain installs the object itself)."""
        self.require(isinstance(name, str) and name.strip() and name == name.strip(),
                     "contract.bad_name", name=name)
        self.require(name != GOVERNANCE and name not in self.contracts, "contract.name_taken",
                     name=name)
        self.contracts[name] = {"code": code, "state": state, "operator": ctx.sender.name,
                                "deployed_on": ctx.today}
        ctx.emit("deployed", contract=name, code=code, operator=ctx.sender.name)

    def _enacted(self, motion: Motion) -> tuple[dict[str, Member], Decimal]:
        """The members and threshold after `motion`, or a ContractError if it cannot apply."""
        members, threshold = dict(self.members), self.threshold
        if isinstance(motion, AddMember):
            members = _with_member(members, motion.member.public())
        elif isinstance(motion, SetThreshold):
            threshold = _check_threshold(motion.threshold)
        else:
            current = members.get(motion.name)
            self.require(current is not None, "contract.unknown_member", name=motion.name)
            if isinstance(motion, RemoveMember):
                del members[motion.name]
            else:
                self.require(motion.role in ROLES, "contract.bad_role", role=motion.role,
                             choices=", ".join(ROLES))
                granting = isinstance(motion, GrantRole)
                self.require((motion.role in current.roles) != granting,
                             "contract.has_role" if granting else "contract.lacks_role",
                             name=motion.name, role=role_labels([motion.role]))
                roles = current.roles | {motion.role} if granting else current.roles - {
                    motion.role}
                members[motion.name] = dataclasses.replace(current, roles=roles)
        _check_membership(members)
        return members, threshold


def _with_member(members: dict[str, Member], member: Member) -> dict[str, Member]:
    if member.name in members or any(m.address == member.address for m in members.values()):
        raise ContractError("contract.member_exists", name=member.name, address=member.address)
    return {**members, member.name: member}


# --- blocks, audit entries, tampering -------------------------------------------------------
@dataclass(frozen=True)
class BlockSignature:
    """A consensus node's signature over a block header's hash."""

    address: str
    signature: bytes


@dataclass(frozen=True)
class ConsortiumBlock:
    """A Bitcoin-layout header (bits 0: nobody mines), the calls, and the nodes' signatures."""

    header: BlockHeader
    calls: tuple[ContractCall, ...]
    signatures: tuple[BlockSignature, ...]

    def hash(self) -> bytes:
        """The block id: the header hash (internal order)."""
        return self.header.hash()

    def hash_hex(self) -> str:
        """The block id as explorers show it."""
        return self.header.hash_hex()

    def merkle_ok(self) -> bool:
        """True when the header's Merkle root matches the calls."""
        ids = [call.call_id() for call in self.calls]
        return bool(ids) and merkle_root(ids) == self.header.merkle_root


@dataclass(frozen=True)
class AuditEntry:
    """One attempted call as the regulator sees it: who, when, what, and whether it passed."""

    day: date
    who: str  # the member's name, or the address of a non-member
    contract: str
    action: str
    args: str  # canonical JSON of the arguments
    accepted: bool
    block: int | None = None
    rule: str = ""  # the i18n key of the broken rule, when refused
    reason: str = ""  # the refusal message, when refused


class ConsortiumTampering(Tampering):
    """The first invalid block of a consortium chain; `reason` is one of "genesis",
    "header", "link", "merkle", "seal", "call"."""

    @property
    def message(self) -> str:
        """The reason as a sentence in the current language."""
        return text(f"contract.why.{self.reason}", **self.details)


# --- the chain ---------------------------------------------------------------------------------
class ConsortiumChain:
    """A permissioned chain: members, contracts, blocks signed by the consensus nodes.

    >>> chain = ConsortiumChain([Member("bank", node_kind="consensus", roles={"committee"})])
    >>> chain.height, chain.today
    (0, datetime.date(2025, 1, 1))
    """

    def __init__(self, members: Iterable[Member], *, start: date = DEFAULT_START,
                 threshold: Decimal = Decimal("0.5"), auto_seal: bool = True,
                 genesis_signatures: Iterable[BlockSignature] | None = None) -> None:
        members = list(members)
        if not isinstance(start, date) or isinstance(start, datetime):
            raise InputError("contract.bad_date", got=start)
        self._today = start
        # The wallet: private keys this simulation holds, so it can sign for those members.
        self._wallet = {m.address: m.key for m in members if m.key.has_private}
        governance = Governance(members, threshold)
        governance._chain = self
        self._contracts: dict[str, Contract] = {GOVERNANCE: governance}
        self._nonces: dict[str, int] = {}
        self._events: list[Event] = []
        self._audit: list[AuditEntry] = []
        self._blocks: list[ConsortiumBlock] = []
        self._pending: list[ContractCall] = []
        self._pending_keys: list[KeyPair] = []
        # auto_seal=False: calls wait for seal(); who must sign each one's block is kept.
        self._auto_seal = auto_seal
        self._pending_signers: list[tuple[Member, ...]] = []
        self._batching = 0
        genesis = ContractCall(ZERO_ADDRESS, GOVERNANCE, "genesis",
                               encode_args(governance.genesis_args()), 0, b"", b"", "")
        if genesis_signatures is None:
            self._seal_block([genesis], self._signing_keys(governance))
        else:  # rebuilding a chain whose nodes signed its genesis elsewhere
            self._blocks.append(self._signed_block([genesis], tuple(
                governance.consensus_nodes()), genesis_signatures))

    # --- reading ---
    @property
    def today(self) -> date:
        """The chain's date: what actions see as ctx.today and blocks carry as their time."""
        return self._today

    @property
    def height(self) -> int:
        """The index of the last block (the genesis block is 0)."""
        return len(self._blocks) - 1

    @property
    def blocks(self) -> list[ConsortiumBlock]:
        """The sealed blocks, genesis first (a copy of the list)."""
        return list(self._blocks)

    @property
    def members(self) -> dict[str, Member]:
        """Current members by name (public keys only)."""
        return dict(self._governance.members)

    def nonce(self, address: str) -> int:
        """The nonce the next call from `address` must carry."""
        return self._nonces.get(address, 0)

    def events(self, contract: str | None = None, name: str | None = None,
               **field_filters: Any) -> list[Event]:
        """Stored events, oldest first, filtered by contract, event name and field values."""
        return [copy.deepcopy(e) for e in self._events
                if contract in (None, e.contract) and name in (None, e.name)
                and all(e.fields.get(k) == v for k, v in field_filters.items())]

    def read(self, contract: str, by: str) -> Contract:
        """A detached snapshot of `contract` for member `by`, if `by` runs a node or is a
        business user or the regulator. Views work on it; actions do not."""
        member = self._member_named(by)
        if member.node_kind == "none" and not member.roles & {"business", "regulator"}:
            raise PermissionDenied("contract.read_denied", who=by)
        if contract not in self._contracts:
            raise ContractError("contract.unknown_contract", contract=contract,
                                known=", ".join(sorted(self._contracts)))
        return self._contracts[contract]._copy(attached=False)

    def governance_log(self, by: str) -> list[Proposal]:
        """Every proposal with its votes and outcome: for the committee and the regulator."""
        if not self._member_named(by).roles & {"committee", "regulator"}:
            raise PermissionDenied("contract.log_denied", who=by)
        return copy.deepcopy(self._governance.proposals)

    def audit_trail(self, by: str) -> list[AuditEntry]:
        """Every call that reached the chain, refused ones included: for the regulator."""
        if "regulator" not in self._member_named(by).roles:
            raise PermissionDenied("contract.audit_denied", who=by)
        return list(self._audit)

    def state_bytes(self) -> bytes:
        """Canonical bytes of everything the members agree on: blocks, nonces, contract
        states, events and the date. (The audit trail is a log of attempts, kept outside.)"""
        return canonical_bytes({
            "today": self._today, "blocks": [block.hash() for block in self._blocks],
            "pending": [call.call_id() for call in self._pending], "nonces": self._nonces,
            "contracts": {n: c._public_state() for n, c in self._contracts.items()},
            "events": self._events})

    # --- changing: everything goes through submit ---
    def call(self, contract: str, action: str, /, by: str, **args: Any) -> Any:
        """Sign a call as member `by` (with the key this chain holds) and submit it;
        returns what the action returns."""
        return self.submit(self._sign(by, contract, action, args))

    def deploy(self, contract: Contract, by: str, name: str | None = None) -> Contract:
        """Deploy `contract` (an operator's job) under `name` (default: its class name)."""
        kind = type(contract)
        args = {"name": name or kind.__name__, "code": f"{kind.__module__}.{kind.__qualname__}",
                "state": sha256(contract.state_bytes()).hex()}
        self.submit(self._sign(by, GOVERNANCE, "deploy", args), deploying=contract)
        return contract

    def propose(self, by: str, motion: Motion) -> int:
        """Table a committee motion; returns the proposal id."""
        proposal_id = self.call(GOVERNANCE, "propose", by=by, motion=motion.to_args())
        if isinstance(motion, AddMember) and motion.member.key.has_private:
            self._wallet[motion.member.address] = motion.member.key
        return proposal_id

    def vote(self, proposal_id: int, by: str, approve: bool = True) -> str:
        """Vote on a proposal; returns "open", "passed" or "rejected"."""
        return self.call(GOVERNANCE, "vote", by=by, proposal_id=proposal_id, approve=approve)

    def submit(self, call: ContractCall, deploying: Contract | None = None) -> Any:
        """The one gate for every change: check the call, run the action on a copy of the
        contract's state, and commit and record it only if everything succeeded."""
        governance = self._governance
        try:
            member, contract, found = _authorise(call, governance, self.nonce(call.sender),
                                                 self._contracts)
            if self._auto_seal:
                keys = self._pending_keys or self._signing_keys(governance)
            else:
                keys, signers = [], tuple(governance.consensus_nodes())
            self._check_deploy(call, deploying)
            trial = contract._copy()
            ctx = Context(member, self._today, self)
            result = found.run(trial, ctx, call.arguments())
        except ContractError as refusal:
            known = governance.member_at(call.sender)
            self._log(known.name if known else call.sender, call, refusal=refusal)
            raise
        contract._adopt(trial)
        self._nonces[call.sender] = call.nonce + 1
        if deploying is not None:
            deploying._chain, deploying._name = self, call.arguments()["name"]
            self._contracts[deploying._name] = deploying
        block, call_id = len(self._blocks), call.call_id_hex()
        self._events += [Event(call.contract, event, fields, member.name, block, call_id)
                         for event, fields in ctx.events]
        self._pending.append(call)
        self._pending_keys = keys
        if not self._auto_seal:
            self._pending_signers.append(signers)
        self._log(member.name, call, block=block)
        if not self._batching and self._auto_seal:
            self.seal()
        return copy.deepcopy(result)  # never hand out a reference into the state

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Put every call made inside the `with` block into one block."""
        self._batching += 1
        try:
            yield
        finally:
            self._batching -= 1
            if not self._batching:
                self.seal()

    def seal(self, signatures: Iterable[BlockSignature] | None = None,
             count: int | None = None) -> ConsortiumBlock | None:
        """Record the pending calls in a new block now (None if there are none).

        With auto_seal=False, only the first `count` pending calls (default: all) go in
        the block, signed by `signatures` gathered elsewhere over `pending_header(count)`,
        or by the keys this chain holds when no signatures are given.

        >>> chain = ConsortiumChain([Member("bank", node_kind="consensus",
        ...     roles={"committee", "operator"})], auto_seal=False)
        >>> _ = chain.deploy(Contract(), by="bank"); chain.height, len(chain.pending_calls)
        (0, 1)
        >>> bank = KeyPair.from_seed("bank")
        >>> signature = BlockSignature(bank.address, bank.sign(chain.pending_header().hash()))
        >>> chain.seal([signature]).hash() == chain.blocks[-1].hash(), chain.validate()
        (True, True)
        """
        if not self._pending:
            return None
        if self._auto_seal:
            block = self._seal_block(self._pending, self._pending_keys)
            self._pending, self._pending_keys = [], []
            return block
        count = len(self._pending) if count is None else count
        if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= len(
                self._pending):
            raise InputError("contract.bad_count", got=count, pending=len(self._pending))
        calls, nodes = self._pending[:count], self._pending_signers[0]
        if signatures is None:
            keys = [self._wallet[m.address] for m in nodes if m.address in self._wallet]
            digest = self._next_header(calls).hash()
            signatures = [BlockSignature(k.address, k.sign(digest)) for k in keys]
        block = self._signed_block(calls, nodes, signatures)
        self._blocks.append(block)
        del self._pending[:count], self._pending_signers[:count]
        return block

    @property
    def pending_calls(self) -> list[ContractCall]:
        """Accepted calls not yet in a block, oldest first (a copy of the list)."""
        return list(self._pending)

    def pending_header(self, count: int | None = None) -> BlockHeader | None:
        """The header the first `count` pending calls (default: all) would be sealed under
        now: what the consensus nodes sign. None when nothing is pending."""
        if not self._pending:
            return None
        return self._next_header(self._pending[:count or len(self._pending)])

    def pending_signers(self) -> list[Member]:
        """The consensus nodes that must sign the next block: those of the moment its
        first call arrived (today's, when nothing is pending).

        >>> [m.name for m in ConsortiumChain([Member("bank", node_kind="consensus",
        ...     roles={"committee"})]).pending_signers()]
        ['bank']
        """
        if self._pending_signers:
            return list(self._pending_signers[0])
        return self._governance.consensus_nodes()

    def advance(self, days: int = 1) -> date:
        """Move the chain's clock forward (pending calls are sealed first); returns the date."""
        if isinstance(days, bool) or not isinstance(days, int) or days < 0:
            raise InputError("contract.bad_date", got=days)
        self.seal()
        self._today = date.fromordinal(self._today.toordinal() + days)
        return self._today

    # --- checking ---
    def validate(self) -> bool:
        """True when every block links, matches its calls and is signed by the consensus."""
        return self.find_tampering() is None

    def find_tampering(self) -> ConsortiumTampering | None:
        """Replay the chain from genesis and name the first invalid block, or None.

        Membership is rebuilt from the governance calls, so each block's signatures and
        each call's rights are checked against the members of that moment."""
        governance: Governance | None = None
        nonces: dict[str, int] = {}
        for index, block in enumerate(self._blocks):
            problem = self._header_problem(index)
            if problem is None and index == 0:
                governance, problem = _genesis_of(block)
            if problem is None:
                problem = _seal_problem(index, block, governance)
            if problem is None and index > 0:
                problem = self._calls_problem(index, block, governance, nonces)
            if problem is not None:
                return problem
        return None

    def tamper(self, index: int, block: ConsortiumBlock) -> None:
        """Lab tool: replace block `index` WITHOUT any check, as an attacker with write
        access to one copy could. `find_tampering` will point at it."""
        if not 0 <= index < len(self._blocks):
            raise InputError("err.no_block", index=index, count=len(self._blocks),
                             last=len(self._blocks) - 1)
        self._blocks[index] = block

    # --- inside ---
    @property
    def _governance(self) -> Governance:
        return self._contracts[GOVERNANCE]  # type: ignore[return-value]

    def _member_named(self, name: str) -> Member:
        member = self._governance.members.get(name)
        if member is None:
            raise PermissionDenied("contract.not_member", who=name)
        return member

    def _sign(self, by: str, contract: str, action: str, args: dict[str, Any]) -> ContractCall:
        member = self._governance.members.get(by)
        key = self._wallet.get(member.address) if member else None
        if key is None:
            encoded = encode_args(args)  # malformed arguments are an input error, not a call
            refusal = (PermissionDenied("contract.not_member", who=by) if member is None
                       else ContractError("contract.no_local_key", who=by))
            self._log(by, ContractCall(ZERO_ADDRESS, contract, action, encoded, 0),
                      refusal=refusal)
            raise refusal
        return ContractCall.create(key, contract, action, args, self.nonce(key.address))

    def _log(self, who: str, call: ContractCall, block: int | None = None,
             refusal: ContractError | None = None) -> None:
        self._audit.append(AuditEntry(
            self._today, who, call.contract, call.action, call.args, refusal is None, block,
            refusal.rule if refusal else "", str(refusal) if refusal else ""))

    def _signing_keys(self, governance: Governance) -> list[KeyPair]:
        """The keys of the consensus nodes that can sign here; more than 2/3 are needed
        (the quorum PBFT also needs: 2f + 1 of n = 3f + 1 nodes)."""
        nodes = governance.consensus_nodes()
        keys = [self._wallet[m.address] for m in nodes if m.address in self._wallet]
        if 3 * len(keys) <= 2 * len(nodes):
            raise ContractError("contract.no_quorum", have=len(keys), total=len(nodes))
        return keys

    def _check_deploy(self, call: ContractCall, deploying: Contract | None) -> None:
        is_deploy = (call.contract, call.action) == (GOVERNANCE, "deploy")
        if deploying is None:
            if is_deploy:
                raise ContractError("contract.deploy_needs_code")
            return
        if not is_deploy:
            raise ContractError("contract.deploy_mismatch", detail=Phrase("deploy.why.nothing"))
        if deploying._chain is not None:
            raise ContractError("contract.already_deployed", contract=type(deploying).__name__)
        kind, args = type(deploying), call.arguments()
        if args.get("code") != f"{kind.__module__}.{kind.__qualname__}":
            raise ContractError("contract.deploy_mismatch", detail=Phrase("deploy.why.class"))
        if args.get("state") != sha256(deploying.state_bytes()).hex():
            raise ContractError("contract.deploy_mismatch", detail=Phrase("deploy.why.state"))

    def _seal_block(self, calls: list[ContractCall], keys: list[KeyPair]) -> ConsortiumBlock:
        header = self._next_header(calls)
        digest = header.hash()
        block = ConsortiumBlock(header, tuple(calls),
                                tuple(BlockSignature(k.address, k.sign(digest)) for k in keys))
        self._blocks.append(block)
        return block

    def _signed_block(self, calls: list[ContractCall], nodes: tuple[Member, ...],
                      signatures: Iterable[BlockSignature]) -> ConsortiumBlock:
        """A block of `calls` with the valid `signatures` of `nodes`, one per node; refused
        unless more than 2/3 of the nodes signed."""
        header = self._next_header(calls)
        digest, by_address = header.hash(), {m.address: m for m in nodes}
        valid: dict[str, BlockSignature] = {}
        for signature in signatures:
            node = by_address.get(getattr(signature, "address", None))
            if node is not None and node.key.verify(digest, signature.signature):
                valid.setdefault(signature.address, signature)
        if 3 * len(valid) <= 2 * len(nodes):
            raise ContractError("contract.no_quorum", have=len(valid), total=len(nodes))
        ordered = tuple(valid[m.address] for m in nodes if m.address in valid)
        return ConsortiumBlock(header, tuple(calls), ordered)

    def _next_header(self, calls: list[ContractCall]) -> BlockHeader:
        """The header a block of `calls` sealed now gets."""
        midnight = int(datetime(self._today.year, self._today.month, self._today.day,
                                tzinfo=timezone.utc).timestamp())
        prev, when = ZERO_HASH, midnight
        if self._blocks:  # time never runs backwards, even with many blocks in one day
            prev, when = self._blocks[-1].hash(), max(midnight,
                                                      self._blocks[-1].header.timestamp + 1)
        return BlockHeader(1, prev, merkle_root([c.call_id() for c in calls]), when, 0, 0)

    def _header_problem(self, index: int) -> ConsortiumTampering | None:
        block = self._blocks[index]
        if block.header.version != 1 or block.header.bits != 0:
            return ConsortiumTampering(index, "header")
        if index == 0 and block.header.prev_hash != ZERO_HASH:
            return ConsortiumTampering(0, "genesis")
        if index > 0 and block.header.prev_hash != self._blocks[index - 1].hash():
            return ConsortiumTampering(index, "link", {"prev_index": index - 1})
        if not block.merkle_ok():
            return ConsortiumTampering(index, "merkle")
        return None

    def _calls_problem(self, index: int, block: ConsortiumBlock, governance: Governance,
                       nonces: dict[str, int]) -> ConsortiumTampering | None:
        day = datetime.fromtimestamp(block.header.timestamp, timezone.utc).date()
        for position, call in enumerate(block.calls):
            contracts = {GOVERNANCE: governance, **{name: self._contracts[name] for name in
                                                    governance.contracts
                                                    if name in self._contracts}}
            try:
                member, contract, found = _authorise(call, governance,
                                                     nonces.get(call.sender, 0), contracts)
                if contract is governance:  # replay governance to know later members
                    found.run(governance, Context(member, day), call.arguments())
            except ContractError as problem:
                return ConsortiumTampering(index, "call",
                                           {"position": position, "detail": problem})
            nonces[call.sender] = call.nonce + 1
        return None


def _authorise(call: ContractCall, governance: Governance, expected_nonce: int,
               contracts: dict[str, Contract]) -> tuple[Member, Contract, Action]:
    """Signature, nonce, membership, contract, action and role: the checks before running."""
    if not call.verify_signature():
        wrong_key = address_of(call.public_key) != call.sender
        raise ContractError("contract.wrong_key" if wrong_key else "contract.bad_signature",
                            sender=call.sender)
    if call.nonce != expected_nonce:
        hint = Phrase("hint.replay" if call.nonce < expected_nonce else "hint.gap")
        raise ContractError("contract.nonce", sender=call.sender, expected=expected_nonce,
                            got=call.nonce, hint=hint)
    member = governance.member_at(call.sender)
    if member is None:
        raise PermissionDenied("contract.not_member", who=call.sender)
    contract = contracts.get(call.contract)
    if contract is None:
        raise ContractError("contract.unknown_contract", contract=call.contract,
                            known=", ".join(sorted(contracts)))
    found = type(contract).actions().get(call.action)
    if found is None:
        raise ContractError("contract.unknown_action", contract=call.contract,
                            action=call.action, known=", ".join(sorted(type(contract).actions())))
    if not member.roles & found.roles:
        raise PermissionDenied("contract.role", who=member.name,
                               roles=role_labels(member.roles),
                               contract=call.contract, action=call.action,
                               allowed=role_labels(found.roles))
    return member, contract, found


def _genesis_of(block: ConsortiumBlock) -> tuple[Governance | None, ConsortiumTampering | None]:
    """The founding governance state recorded in the genesis block."""
    genesis = block.calls[0] if block.calls else None
    if (genesis is None or len(block.calls) != 1 or genesis.sender != ZERO_ADDRESS
            or genesis.signature or (genesis.contract, genesis.action) != (GOVERNANCE, "genesis")):
        return None, ConsortiumTampering(0, "genesis")
    try:
        return Governance.from_genesis(genesis.arguments()), None
    except (LedgerError, KeyError, TypeError):
        return None, ConsortiumTampering(0, "genesis")


def _seal_problem(index: int, block: ConsortiumBlock,
                  governance: Governance) -> ConsortiumTampering | None:
    """More than 2/3 of the consensus nodes of that moment must have signed the header."""
    nodes = {m.address: m for m in governance.consensus_nodes()}
    digest = block.hash()
    valid = {s.address for s in block.signatures
             if s.address in nodes and nodes[s.address].key.verify(digest, s.signature)}
    if 3 * len(valid) <= 2 * len(nodes):
        return ConsortiumTampering(index, "seal", {"valid": len(valid), "total": len(nodes)})
    return None

