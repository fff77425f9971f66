"""Rebuilding the class chain from its record (重放与导出): after a restart, and for the audit.

A class chain is recorded as its founding members, its blocks (header, calls, signatures)
and the calls still waiting for a block. `replay` runs every call again through the chain's
own rules, day by day, and seals each block with the signatures the validators gave: a
rebuilt block must hash exactly as recorded, so a changed record is caught at once.

The lecturer's export is that record as one JSON file; `load_export` rebuilds it with public
keys only, so an auditor (the audit chapter, 链审计) gets a real `ConsortiumChain` to check
with `ledgerkit.audit.integrity_report` and a voucher view to trace with
`ledgerkit.audit.trace_voucher`.

>>> FORMAT
'ledgerkit-class-chain/1'
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from ledgerkit.block import BlockHeader
from ledgerkit.consortium import GOVERNANCE, BlockSignature, ConsortiumChain, Member
from ledgerkit.contracts import ContractCall, Event
from ledgerkit.errors import LedgerError
from ledgerkit.finance.voucher import CreditVouchers, Voucher
from ledgerkit.i18n import Phrase, register_strings

FORMAT = "ledgerkit-class-chain/1"
EXPORT_KEYS = ("format", "code", "start", "contract", "max_depth", "members", "genesis",
               "blocks", "pending", "today", "attempts")

register_strings({
    "export.why.format": ("format is not {format}", "format 字段不是 {format}"),
    "export.why.content": ("its content is damaged: `{problem}`", "内容已损坏：`{problem}`"),
    "classroom.record_mismatch": (
        "The record of block {height} does not match its calls: rebuilt {rebuilt}, recorded "
        "{recorded}. The file was changed; nothing was loaded.",
        "第 {height} 号区块的记录与其调用不符：重建为 {rebuilt}，记录为 {recorded}。"
        "文件被改动过；未加载任何内容。"),
    "classroom.bad_export": (
        "This is not a class chain export ({detail}); export one with "
        "`python -m ledgerkit.classroom export`.",
        "这不是课堂链的导出文件（{detail}）；请用 `python -m ledgerkit.classroom export` 导出。"),
})


class RecordMismatch(LedgerError):
    """A recorded block does not match what its calls rebuild.

    >>> RecordMismatch("classroom.record_mismatch", height=3, rebuilt="ab", recorded="cd").key
    'classroom.record_mismatch'
    """


def day_of(header: BlockHeader) -> date:
    """The chain date a header was sealed on.

    >>> day_of(BlockHeader(1, bytes(32), bytes(32), 1735689600, 0, 0))
    datetime.date(2025, 1, 1)
    """
    return datetime.fromtimestamp(header.timestamp, timezone.utc).date()


def new_chain(members: Iterable[Member], start: date,
              genesis: Iterable[tuple[str, str]] | None = None) -> ConsortiumChain:
    """The class chain's first block: sealed by the members' keys, or, when they are public
    keys only, with the recorded `genesis` signatures.

    >>> chain = new_chain([Member("n", node_kind="consensus", roles={"committee"})],
    ...                   date(2025, 1, 1))
    >>> chain.height, len(chain.blocks[0].signatures)
    (0, 1)
    """
    signatures = None if genesis is None else [BlockSignature(a, bytes.fromhex(s))
                                               for a, s in genesis]
    return ConsortiumChain(members, start=start, auto_seal=False,
                           genesis_signatures=signatures)


def submit(chain: ConsortiumChain, raw: bytes, max_depth: int | None) -> ContractCall:
    """Submit one recorded call again (a deploy of the voucher contract brings a fresh one).

    >>> chain = new_chain([Member("p", node_kind="consensus", roles={"operator",
    ...                                                               "committee"})],
    ...                   date(2025, 1, 1))
    >>> _ = chain.deploy(CreditVouchers(max_depth=2), by="p")
    >>> again = new_chain([Member("p", node_kind="consensus", roles={"operator",
    ...                                                               "committee"})],
    ...                   date(2025, 1, 1))
    >>> submit(again, chain.pending_calls[0].serialize(), 2).action
    'deploy'
    """
    call = ContractCall.parse(raw)
    deploying = None
    if (call.contract, call.action) == (GOVERNANCE, "deploy"):
        deploying = CreditVouchers(max_depth=max_depth)
    chain.submit(call, deploying=deploying)
    return call


def replay(chain: ConsortiumChain, blocks: list[dict[str, Any]], pending: list[dict[str, Any]],
           max_depth: int | None, today: date) -> None:
    """Run the recorded blocks and pending calls again on `chain` (just created).

    `blocks`: dicts with height, hash (display hex), calls (list of bytes), signatures
    (list of (address, hex)) and day; `pending`: dicts with call (bytes) and day.

    >>> chain = new_chain([Member("n", node_kind="consensus", roles={"committee"})],
    ...                   date(2025, 1, 1))
    >>> replay(chain, [], [], None, date(2025, 3, 1)); chain.today
    datetime.date(2025, 3, 1)
    """
    for block in blocks:
        _move_to(chain, block["day"])
        for raw in block["calls"]:
            submit(chain, raw, max_depth)
        signatures = [BlockSignature(a, bytes.fromhex(s)) for a, s in block["signatures"]]
        sealed = chain.seal(signatures, count=len(block["calls"]))
        if sealed.hash_hex() != block["hash"]:
            raise RecordMismatch("classroom.record_mismatch", height=block["height"],
                                 rebuilt=sealed.hash_hex()[:16], recorded=block["hash"][:16])
    for item in pending:
        _move_to(chain, item["day"])
        submit(chain, item["call"], max_depth)
    _move_to(chain, today)


def _move_to(chain: ConsortiumChain, day: date) -> None:
    if day > chain.today:
        chain.advance((day - chain.today).days)


# --- the lecturer's export ------------------------------------------------------------------
def export_record(chain: ConsortiumChain, *, code: str, start: date, contract: str,
                  max_depth: int | None, founders: list[Member],
                  attempts: list[dict[str, Any]]) -> dict[str, Any]:
    """The whole class chain as JSON data: founders (public keys), every block, the calls
    still pending, the date and the regulator's log of attempts.

    >>> founders = [Member("n", node_kind="consensus", roles={"committee"})]
    >>> record = export_record(new_chain(founders, date(2025, 1, 1)), code="X1X1",
    ...     start=date(2025, 1, 1), contract="CreditVouchers", max_depth=None,
    ...     founders=founders, attempts=[])
    >>> record["format"], record["blocks"]
    ('ledgerkit-class-chain/1', [])
    """
    blocks = chain.blocks
    return {
        "format": FORMAT, "code": code, "start": start.isoformat(), "contract": contract,
        "max_depth": max_depth,
        "members": [_member_json(m) for m in founders],
        "genesis": [[s.address, s.signature.hex()] for s in blocks[0].signatures],
        "blocks": [{"height": height, "hash": block.hash_hex(), "day": day_of(
            block.header).isoformat(), "calls": [c.serialize().decode() for c in block.calls],
            "signatures": [[s.address, s.signature.hex()] for s in block.signatures]}
            for height, block in enumerate(blocks) if height > 0],
        "pending": [{"call": c.serialize().decode(), "day": chain.today.isoformat()}
                    for c in chain.pending_calls],
        "today": chain.today.isoformat(),
        "attempts": attempts,
    }


def _member_json(member: Member) -> dict[str, Any]:
    return {"name": member.name, "public_key": member.key.public_key.hex(),
            "curve": member.key.curve, "node_kind": member.node_kind,
            "roles": sorted(member.roles), "weight": member.weight}


class ClassVouchers:
    """The voucher platform of a rebuilt class chain, for reading: what `VoucherRegistry`
    offers a reader, and what `ledgerkit.audit.trace_voucher` needs (`chain`, `events`).

    >>> ClassVouchers.__name__
    'ClassVouchers'
    """

    def __init__(self, chain: ConsortiumChain, name: str = "CreditVouchers",
                 reader: str = "platform") -> None:
        self.chain, self.name, self.reader = chain, name, reader

    def _contract(self) -> CreditVouchers:
        return self.chain.read(self.name, by=self.reader)  # type: ignore[return-value]

    @property
    def parties(self) -> dict[str, str]:
        """Party name -> kind."""
        return dict(self._contract().parties)

    def voucher(self, voucher_id: str) -> Voucher:
        """One voucher or piece."""
        return self._contract().voucher(voucher_id)

    def lineage(self, voucher_id: str) -> list[Voucher]:
        """Root first, down to the piece (穿透)."""
        return self._contract().lineage(voucher_id)

    def live_pieces(self, root_id: str) -> list[Voucher]:
        """The live pieces of a root."""
        return self._contract().live_pieces(root_id)

    def events(self, name: str | None = None) -> list[Event]:
        """The voucher contract's events, oldest first."""
        return self.chain.events(contract=self.name, name=name)


def load_export(source: str | Path | dict[str, Any]) -> ClassVouchers:
    """Rebuild an exported class chain with public keys only; `.chain` is the chain.

    Raises RecordMismatch if any block was changed in the file.

    >>> load_export({"format": "something else"})
    Traceback (most recent call last):
    ...
    ledgerkit.errors.LedgerError: This is not a class chain export (format is not ...
    """
    data = source if isinstance(source, dict) else json.loads(Path(source).read_text(
        encoding="utf-8"))
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise LedgerError("classroom.bad_export", detail=Phrase("export.why.format", format=FORMAT))
    try:
        founders = [Member.from_args({**m, "public_key": bytes.fromhex(m["public_key"])})
                    for m in data["members"]]
        chain = new_chain(founders, date.fromisoformat(data["start"]), data["genesis"])
        blocks = [{**b, "day": date.fromisoformat(b["day"]),
                   "calls": [c.encode() for c in b["calls"]]} for b in data["blocks"]]
        pending = [{"call": p["call"].encode(), "day": date.fromisoformat(p["day"])}
                   for p in data["pending"]]
        replay(chain, blocks, pending, data["max_depth"], date.fromisoformat(data["today"]))
    except (KeyError, TypeError, ValueError) as problem:
        raise LedgerError("classroom.bad_export",
                          detail=Phrase("export.why.content", problem=repr(problem))) from None
    return ClassVouchers(chain, data["contract"])
