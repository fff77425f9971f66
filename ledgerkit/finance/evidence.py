"""Evidence and notarization (存证): file fingerprints, batched into Merkle roots anchored on a
consortium chain, with a receipt and a proof for every depositor.

A depositor (存证人) hands its file to an evidence service (存证平台). The service keeps only
the file's SHA-256 fingerprint (哈希值), collects many fingerprints, and every so often seals
them into one Merkle tree (默克尔树) whose root it anchors (锚定) on the chain in one call: one
transaction for a thousand files. Each depositor gets a receipt: its fingerprint, the batch,
and the Merkle proof (默克尔证明) from its fingerprint to the anchored root. Years later anyone
— a judge — can check a file against the receipt and the root on the chain, without trusting
the service: hash the file, climb the proof, compare with the root the chain holds.

What the chain proves, and what not: a file that passes existed, exactly as it is now, no
later than the day its root was anchored; the receipt names the depositor the service
recorded. It does NOT prove the file was genuine before it was hashed, nor who wrote it.
Chinese courts examine both
(人民法院在线诉讼规则, SPC 法释〔2021〕12号, in force 1 August 2021: Art. 16, data stored by
blockchain and verified consistent is presumed untampered since it went on chain; Art. 17, the
platform's reliability when that is challenged; Art. 18, whether the data was genuine before
it went on chain); the legal basis is 电子签名法 (2004, amended 2019) Arts. 7–8 and the
internet-court provisions (法释〔2018〕16号) Art. 11.

Reused, not re-implemented: `ledgerkit.crypto.sha256` for fingerprints and
`ledgerkit.merkle` (Bitcoin's rules: double SHA-256 for the inner nodes, an odd last hash
paired with itself) for roots and proofs.

Teaching simplifications (*course's model*): one service, run by one member; a batch is
sealed when the service decides (real services seal on a timer); the chain's date stands for
the block time.

>>> desk = EvidenceDesk(start=date(2025, 3, 3))
>>> len(desk.service.deposit("E-1", b"contract v1", by="author_co"))
64
>>> desk.service.seal(by=SERVICE)
1
>>> desk.verify(b"contract v1", desk.service.receipt("E-1")).ok
True
>>> desk.verify(b"contract v2", desk.service.receipt("E-1")).ok
False
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from ledgerkit.consortium import ConsortiumChain, Member
from ledgerkit.contracts import Context, Contract, action
from ledgerkit.crypto import sha256
from ledgerkit.errors import InputError
from ledgerkit.finance.desk import Desk
from ledgerkit.i18n import register_strings
from ledgerkit.merkle import ProofStep, merkle_proof, merkle_root, verify_proof

SERVICE = "evidence_platform"  # the evidence service (存证平台) that anchors roots
HEX64 = re.compile(r"[0-9a-f]{64}")


def file_digest(data: bytes) -> str:
    """The SHA-256 fingerprint of a file's bytes, as hex: what the service keeps.

    >>> file_digest(b"abc")[:16]   # the FIPS 180-2 test vector
    'ba7816bf8f01cfea'
    """
    if not isinstance(data, bytes):
        raise InputError("evidence.bytes", got=type(data).__name__)
    return sha256(data).hex()


@dataclass
class Anchor:
    """One anchored batch on the chain: its number, Merkle root, how many files, who
    anchored it and the day (the time the chain vouches for).

    >>> Anchor(1, "00" * 32, 3, "evidence_platform", date(2025, 3, 3)).count
    3
    """

    number: int
    root: str
    count: int
    service: str
    day: date


class AnchorRegistry(Contract):
    """The anchoring contract (存证锚定合约): Merkle roots of evidence batches, in order.

    >>> AnchorRegistry().anchors
    []
    """

    def __init__(self, services: tuple[str, ...] = (SERVICE,)) -> None:
        self.anchors: list[Anchor] = []
        self.services = list(services)

    @action(roles={"business"})
    def anchor(self, ctx: Context, root: str, count: int) -> int:
        """A registered service anchors the Merkle root of a batch of `count` fingerprints;
        returns the batch number."""
        self.require(ctx.sender.name in self.services, "evidence.not_service",
                     who=ctx.sender.name, services=", ".join(self.services))
        self.require(isinstance(root, str) and HEX64.fullmatch(root), "evidence.root",
                     root=root)
        self.require(type(count) is int and count > 0, "evidence.count", count=count)
        self.require(all(a.root != root for a in self.anchors), "evidence.root_twice",
                     root=root[:16])
        number = len(self.anchors) + 1
        self.anchors.append(Anchor(number, root, count, ctx.sender.name, ctx.today))
        ctx.emit("anchored", number=number, root=root, count=count)
        return number


@dataclass(frozen=True)
class Receipt:
    """What a depositor keeps (存证凭证): its fingerprint, the batch, its place in it, the
    Merkle proof up to the root, and the root itself.

    >>> Receipt("E-1", "author_co", "ab" * 32, date(2025, 3, 3), 1, 0, (), "ab" * 32).batch
    1
    """

    evidence_id: str
    depositor: str
    digest: str
    received: date
    batch: int
    index: int
    proof: tuple[ProofStep, ...]
    root: str


@dataclass(frozen=True)
class Verification:
    """A check of a file against a receipt and the chain: each step and the anchored day.

    >>> Verification(True, True, True, date(2025, 3, 3)).ok
    True
    """

    file_matches: bool  # the file's fingerprint is the receipt's
    proof_holds: bool  # the proof climbs from the fingerprint to the receipt's root
    anchored: bool  # the chain holds that root as the receipt's batch
    day: date | None  # the day the chain anchored it: the file existed by then

    @property
    def ok(self) -> bool:
        """True only when all three checks pass."""
        return self.file_matches and self.proof_holds and self.anchored


@dataclass
class _Pending:
    evidence_id: str
    depositor: str
    digest: str
    received: date


@dataclass
class EvidenceService:
    """The evidence service off the chain (存证平台): collects fingerprints, seals batches,
    anchors their roots through `registry`, and hands out receipts.

    >>> EvidenceService(EvidenceDesk()).pending_count
    0
    """

    registry: EvidenceDesk
    _pending: list[_Pending] = field(default_factory=list)
    _receipts: dict[str, Receipt] = field(default_factory=dict)

    @property
    def pending_count(self) -> int:
        """How many fingerprints wait for the next seal."""
        return len(self._pending)

    def deposit(self, evidence_id: str, data: bytes, by: str) -> str:
        """Take a file from member `by`: keep its fingerprint (not the file) for the next
        batch; returns the fingerprint."""
        chain = self.registry.chain
        if by not in chain.members:
            raise InputError("evidence.not_member", who=by)
        if not isinstance(evidence_id, str) or not evidence_id.strip():
            raise InputError("evidence.id", id=evidence_id)
        if evidence_id in self._receipts or any(p.evidence_id == evidence_id
                                                for p in self._pending):
            raise InputError("evidence.exists", id=evidence_id)
        digest = file_digest(data)
        earlier = [p.evidence_id for p in self._pending if p.digest == digest] + [
            r.evidence_id for r in self._receipts.values() if r.digest == digest]
        if earlier:  # the first deposit already proves this file; a second adds nothing
            raise InputError("evidence.same_file", id=evidence_id, earlier=earlier[0])
        self._pending.append(_Pending(evidence_id, by, digest, chain.today))
        return digest

    def seal(self, by: str) -> int:
        """Seal the waiting fingerprints into one Merkle tree and anchor its root on the
        chain as member `by`; returns the batch number. Receipts are ready afterwards."""
        if not self._pending:
            raise InputError("evidence.nothing_pending")
        leaves = [bytes.fromhex(p.digest) for p in self._pending]
        root = merkle_root(leaves).hex()
        number = self.registry.anchor(root, len(leaves), by=by)  # refused: nothing changes
        for index, item in enumerate(self._pending):
            self._receipts[item.evidence_id] = Receipt(
                item.evidence_id, item.depositor, item.digest, item.received, number, index,
                tuple(merkle_proof(leaves, index)), root)
        self._pending = []
        return number

    def receipt(self, evidence_id: str) -> Receipt:
        """The receipt of a sealed deposit."""
        if evidence_id not in self._receipts:
            raise InputError("evidence.no_receipt", id=evidence_id)
        return self._receipts[evidence_id]


class EvidenceDesk(Desk, AnchorRegistry):
    """The anchoring contract on `chain`, or on a new chain of `default_members()` starting on
    `start`, with its evidence service in `.service`. Call actions with `by=member`.

    >>> EvidenceDesk().service.pending_count
    0
    """

    def __init__(self, chain: ConsortiumChain | None = None, *,
                 start: date | None = None) -> None:
        super().__init__()
        self._open(chain, default_members, start, "AnchorRegistry")
        self._service = EvidenceService(self)

    @property
    def service(self) -> EvidenceService:
        """The evidence service (存证平台) that anchors through this contract."""
        return self._service

    def verify(self, data: bytes, receipt: Receipt) -> Verification:
        """Check a file against a receipt and against the root the chain holds — what a
        court does, trusting neither the depositor nor the service."""
        digest = file_digest(data)
        matches = digest == receipt.digest
        holds = verify_proof(bytes.fromhex(digest), list(receipt.proof),
                             bytes.fromhex(receipt.root))
        anchor = next((a for a in self.anchors if a.number == receipt.batch), None)
        anchored = anchor is not None and anchor.root == receipt.root
        return Verification(matches, holds, anchored, anchor.day if anchored else None)


def default_members() -> list[Member]:
    """A judicial consortium after Hangzhou Internet Court's (2018): a notary office (公证处),
    a certificate authority (CA), a forensic appraisal centre (司法鉴定中心) and the court run
    the consensus nodes; the evidence service and two depositors run none (the others check
    what they submit); the cyberspace office (网信办), where blockchain services file, observes
    as regulator.

    >>> [m.name for m in default_members()][:2]
    ['notary', 'ca']
    """
    return [Member("notary", node_kind="consensus", roles={"committee", "operator"}),
            *(Member(name, node_kind="consensus", roles={"committee"})
              for name in ("ca", "appraisal_center", "internet_court")),
            Member("cac_office", node_kind="observer", roles={"regulator"}),
            *(Member(name, roles={"business"})
              for name in (SERVICE, "author_co", "lender"))]


register_strings({
    "evidence.bytes": ("A file is bytes (open it with 'rb', or .encode() a text); got {got}.",
                       "文件必须是 bytes（用 'rb' 打开，或对文本调用 .encode()）；实际为 {got}。"),
    "evidence.not_member": ("{who} is not a member of this chain.", "{who} 不是本链成员。"),
    "evidence.id": ("An evidence id must be a non-empty text; got {id!r}.",
                    "存证编号必须是非空文本；实际为 {id!r}。"),
    "evidence.exists": ("Evidence {id} already exists: use a new id.",
                        "存证 {id} 已存在：请使用新的编号。"),
    "evidence.same_file": ("This file is already deposited as {earlier}: that first deposit "
                           "proves it existed; {id} would add nothing.",
                           "该文件已以 {earlier} 存证：第一次存证已能证明它当时存在，{id} 不会"
                           "增加任何证明力。"),
    "evidence.nothing_pending": ("No fingerprints wait to be sealed: deposit files first.",
                                 "没有等待封存的哈希值：请先存入文件。"),
    "evidence.no_receipt": ("Evidence {id} has no receipt yet: it is not deposited, or its "
                            "batch is not sealed.",
                            "存证 {id} 还没有凭证：它未存入，或所在批次尚未封存。"),
    "evidence.not_service": ("Only a registered evidence service ({services}) may anchor "
                             "roots; {who} called.",
                             "只有登记的存证平台（{services}）才能锚定默克尔根；调用者为 {who}。"),
    "evidence.root": ("A Merkle root is 64 lower-case hex digits (32 bytes); got {root!r}.",
                      "默克尔根必须是 64 位小写十六进制数字（32 字节）；实际为 {root!r}。"),
    "evidence.count": ("A batch holds a positive whole number of fingerprints; got {count!r}.",
                       "一个批次包含的哈希值个数必须是正整数；实际为 {count!r}。"),
    "evidence.root_twice": ("Root {root}… is already anchored: a batch is anchored once.",
                            "默克尔根 {root}… 已经锚定：每个批次只锚定一次。"),
})
