"""HTML pictures of headers, blocks, chains, peers and transactions (区块链的可视化).

Plain functions that return HTML strings, so the same picture shows in a widget, as a rich
display in JupyterLab, Notebook 7, VS Code or Voilà, and in exported static HTML. Nothing
here imports IPython or ipywidgets. Every piece of text that may come from a user is escaped.

Fragments (`block_html`, `chain_html`, ...) share one stylesheet, `STYLE`; `standalone`
puts the two together for a single rich display.

>>> "lk-zeros" in hash_html("00ff" + "1" * 60)
True
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import datetime, timezone

from ledgerkit.block import Block, BlockHeader, bits_to_target, leading_zero_bits
from ledgerkit.chain import Blockchain, Tampering
from ledgerkit.crypto import display_hex
from ledgerkit.formation import PeerVote
from ledgerkit.i18n import text
from ledgerkit.ledger import Transaction

# One stylesheet for every fragment. Colours are explicit (not inherited) so the cards read
# the same on JupyterLab's light and dark themes.
STYLE = """<style>
.lk{font:13px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans SC","PingFang SC",
 "Microsoft YaHei",sans-serif;color:#1d2939}
.lk *{box-sizing:border-box}
.lk-mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;
 font-size:11.5px;word-break:break-all}
.lk-zeros{color:#05603a;background:#d1fadf;font-weight:700;border-radius:3px}
.lk-zeros-short{color:#93370d;background:#fef0c7;font-weight:700;border-radius:3px}
.lk-chain-row{display:flex;flex-wrap:wrap;align-items:stretch;row-gap:10px}
.lk-card{width:300px;border:2px solid #98a2b3;border-radius:10px;padding:8px 10px;
 background:#f9fafb;box-shadow:0 1px 2px rgba(16,24,40,.08);color:#1d2939}
.lk-card.lk-ok{border-color:#12b76a;background:#ecfdf3}
.lk-card.lk-bad{border-color:#f04438;background:#fef3f2}
.lk-card.lk-next{border-style:dashed;border-color:#7a5af8;background:#f4f3ff}
.lk-card-title{display:flex;justify-content:space-between;align-items:center;
 font-weight:700;font-size:14px;margin-bottom:6px}
.lk-badge{font-size:11px;font-weight:600;padding:1px 8px;border-radius:10px;color:#fff;
 background:#12b76a}
.lk-bad .lk-badge{background:#f04438}
.lk-next .lk-badge{background:#7a5af8}
.lk-field{display:flex;gap:8px;align-items:baseline;margin:1px 0}
.lk-label{flex:0 0 92px;color:#667085;font-size:11.5px}
.lk-value{flex:1 1 auto;min-width:0}
.lk-pill{font-size:11px;padding:0 6px;border-radius:8px;background:#fef0c7;color:#93370d}
.lk-txs{margin:6px 0 0;padding:4px 0 0;list-style:none;border-top:1px solid rgba(16,24,40,.1)}
.lk-txs li{padding:1px 0;font-size:12px;margin:0}
.lk-tx-bad{color:#b42318;font-weight:600}
.lk-reason{margin-top:6px;color:#b42318;font-weight:600;font-size:12px}
.lk-arrow{width:30px;align-self:center;text-align:center;font-size:22px;color:#667085}
.lk-arrow-bad{color:#f04438}
.lk-progress{padding:6px 10px;border-radius:8px;background:#f2f4f7;color:#1d2939;
 min-height:1.45em}
.lk-progress b{font-variant-numeric:tabular-nums}
.lk-peer{display:flex;flex-wrap:wrap;align-items:center;gap:4px;margin:3px 0;padding:4px 8px;
 border-radius:8px;background:#ecfdf3;color:#1d2939}
.lk-peer.lk-peer-bad{background:#fef3f2}
.lk-peer-name{font-weight:700;width:72px}
.lk-chip{padding:1px 6px;border-radius:6px;border:1.5px solid #12b76a;background:#fff}
.lk-chip-bad{border-color:#f04438;background:#fee4e2}
.lk-peer-verdict{margin-left:6px;font-weight:600}
.lk-peers{padding:6px 8px;border-radius:10px;background:#f9fafb;color:#1d2939}
.lk-verdict{margin-top:6px;font-weight:600}
.lk-msg{padding:6px 10px;border-radius:8px;background:#f2f4f7;color:#1d2939}
.lk-msg-ok{background:#ecfdf3;color:#05603a}
.lk-msg-bad{background:#fef3f2;color:#b42318}
.lk-block-formation{border-radius:12px}
</style>"""


def standalone(fragment: str) -> str:
    """A fragment with the stylesheet, ready for one rich display.

    >>> standalone("<b>x</b>").startswith("<style>")
    True
    """
    return f'{STYLE}<div class="lk">{fragment}</div>'


# --- small pieces ----------------------------------------------------------------------
def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def who(address: str, names: dict[str, str] | None = None) -> str:
    """A name for an address: the demo name if known, else its first 8 hex digits.

    >>> who("ab" * 20)
    'abababab…'
    """
    if names and address in names:
        return names[address]
    return address[:8] + "…"


def with_names(message: str, names: dict[str, str] | None) -> str:
    """A message with every known address replaced by its name (errors name addresses).

    >>> with_names("ab" * 20 + " has 5", {"ab" * 20: "Alice"})
    'Alice has 5'
    """
    for address, name in (names or {}).items():
        message = message.replace(address, name)
    return message


def rate_text(hashes_per_second: float) -> str:
    """A hash rate with a unit, e.g. '1.26 MH/s'.

    >>> rate_text(1_260_000), rate_text(812_000), rate_text(950)
    ('1.26 MH/s', '812 kH/s', '950 H/s')
    """
    if hashes_per_second >= 1e6:
        return f"{hashes_per_second / 1e6:.2f} MH/s"
    if hashes_per_second >= 1e3:
        return f"{hashes_per_second / 1e3:.0f} kH/s"
    return f"{hashes_per_second:.0f} H/s"


def time_text(timestamp: int) -> str:
    """A header timestamp as UTC date and time.

    >>> time_text(1231006505)
    '2009-01-03 18:15:05 UTC'
    """
    return datetime.fromtimestamp(timestamp, tz=timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")


def hash_html(hash_hex: str, required_zero_bits: int | None = None, short: int = 0,
              highlight: bool = True) -> str:
    """A hash in monospace with its leading zero digits highlighted: green when the hash
    has at least `required_zero_bits` zero bits (or none are required), amber when not.
    `short` > 0 keeps only that many digits; `highlight=False` for hashes that need no
    proof of work, such as a Merkle root.

    >>> hash_html("000abc", short=4)
    '<span class="lk-mono" title="000abc"><span class="lk-zeros">000</span>a…</span>'
    """
    zeros = len(hash_hex) - len(hash_hex.lstrip("0")) if highlight else 0
    zero_bits = len(hash_hex) * 4 - int(hash_hex or "0", 16).bit_length()
    enough = required_zero_bits is None or zero_bits >= required_zero_bits
    shown = hash_hex[:short] + "…" if short and len(hash_hex) > short else hash_hex
    cut = min(zeros, len(shown))
    css = "lk-zeros" if enough else "lk-zeros-short"
    marked = f'<span class="{css}">{_e(shown[:cut])}</span>' if cut else ""
    return f'<span class="lk-mono" title="{_e(hash_hex)}">{marked}{_e(shown[cut:])}</span>'


def _zero_bits_of_bits(bits: int) -> int:
    """The leading zero bits a target asks for (256 minus the target's length in bits)."""
    return 256 - bits_to_target(bits).bit_length()


def transaction_text(tx: Transaction, names: dict[str, str] | None = None) -> str:
    """One plain-text line for a transaction: 'Alice → Bob: 5', or 'coinbase → Alice: 50'.

    >>> transaction_text(Transaction.coinbase("ab" * 20, 50, height=1))
    'coinbase → abababab…: 50'
    """
    if tx.is_coinbase:
        return f"{text('bf.coinbase')} → {who(tx.recipient, names)}: {tx.amount}"
    return f"{who(tx.sender, names)} → {who(tx.recipient, names)}: {tx.amount}"


def transaction_line(tx: Transaction, names: dict[str, str] | None = None) -> str:
    """`transaction_text` as HTML, the coinbase marked as a pill."""
    if tx.is_coinbase:
        return (f'<span class="lk-pill">{_e(text("bf.coinbase"))}</span> → '
                f"{_e(who(tx.recipient, names))}: {tx.amount}")
    return _e(transaction_text(tx, names))


def fields_html(rows: Sequence[tuple[str, str]]) -> str:
    """Label/value rows; labels are escaped here, values are HTML already."""
    return '<div class="lk-fields">' + "".join(
        f'<div class="lk-field"><span class="lk-label">{_e(label)}</span>'
        f'<span class="lk-value">{value}</span></div>' for label, value in rows
    ) + "</div>"


# --- headers, blocks and chains --------------------------------------------------------
def header_fields_html(header: BlockHeader, required_zero_bits: int | None = None,
                       nonce_html: str | None = None, hash_shown: bool = True) -> str:
    """The six header fields and the hash as a two-column list."""
    asked = _zero_bits_of_bits(header.bits)
    rows = [
        (text("bf.version"), _e(header.version)),
        (text("prev_hash"), hash_html(display_hex(header.prev_hash), short=24)),
        (text("merkle_root"),
         hash_html(display_hex(header.merkle_root), short=24, highlight=False)),
        (text("timestamp"), _e(time_text(header.timestamp))),
        (text("bits"), f'<span class="lk-mono">0x{header.bits:08x}</span> · '
                       f"{_e(text('bf.zero_bits', count=asked))}"),
        (text("nonce"), nonce_html if nonce_html is not None
         else f'<span class="lk-mono">{header.nonce}</span>'),
    ]
    if hash_shown:
        needed = asked if required_zero_bits is None else required_zero_bits
        rows.append((text("hash"), hash_html(header.hash_hex(), needed)))
    return fields_html(rows)


def block_html(block: Block, index: int | None = None, problem: Tampering | None = None,
               names: dict[str, str] | None = None,
               required_zero_bits: int | None = None) -> str:
    """A block as a card: green when valid, red with the reason when not. The card carries
    data attributes (index, valid, hash, nonce, zero bits, reason) for tests and scripts.

    >>> from ledgerkit.chain import Blockchain
    >>> 'data-valid="true"' in block_html(Blockchain(difficulty_bits=4).tip, index=0)
    True
    """
    valid = problem is None
    block_hash = block.hash_hex()
    zero_bits = leading_zero_bits(block.hash())
    needed = _zero_bits_of_bits(block.header.bits) if required_zero_bits is None \
        else required_zero_bits
    state = "lk-ok" if valid else "lk-bad"
    title = text("block") + (f" #{index}" if index is not None else "")
    badge = ("✓ " + text("valid")) if valid else ("✗ " + text("invalid"))
    bad_tx = problem.details.get("tx_index") if problem is not None else None
    lines = "".join(
        f'<li class="{"lk-tx-bad" if i == bad_tx else ""}">{transaction_line(tx, names)}</li>'
        for i, tx in enumerate(block.transactions)
    )
    reason = "" if valid else \
        f'<div class="lk-reason">✗ {_e(with_names(problem.message, names))}</div>'
    return (
        f'<div class="lk-card lk-block {state}" data-index="{_e("" if index is None else index)}"'
        f' data-valid="{str(valid).lower()}" data-hash="{_e(block_hash)}"'
        f' data-nonce="{block.header.nonce}"'
        f' data-zero-bits="{zero_bits}" data-required-bits="{needed}"'
        f' data-reason="{_e(problem.reason if problem else "")}">'
        f'<div class="lk-card-title"><span>{_e(title)}</span>'
        f'<span class="lk-badge">{_e(badge)}</span></div>'
        f"{header_fields_html(block.header, needed)}"
        f'<ul class="lk-txs">{lines}</ul>{reason}</div>'
    )


def chain_html(blocks: Sequence[Block], problems: Sequence[Tampering | None],
               names: dict[str, str] | None = None,
               required: Sequence[int] | None = None, start: int = 0) -> str:
    """Blocks as cards joined by arrows; an arrow turns red where a link is broken.
    `start` is the height of the first block shown (to draw only the end of a long chain).

    >>> from ledgerkit.chain import Blockchain
    >>> chain_html(Blockchain(difficulty_bits=4).blocks, [None]).count("lk-block ")
    1
    """
    parts = []
    for position, block in enumerate(blocks):
        problem = problems[position] if position < len(problems) else None
        if position:
            broken = problem is not None and problem.reason == "link"
            parts.append(f'<div class="lk-arrow{" lk-arrow-bad" if broken else ""}">'
                         f'{"⇏" if broken else "➜"}</div>')
        needed = required[position] if required is not None else None
        parts.append(block_html(block, start + position, problem, names, needed))
    return f'<div class="lk-chain-row lk-chain">{"".join(parts)}</div>'


def chain_problems(chain: Blockchain) -> list[Tampering | None]:
    """Per-block problems of a Blockchain: its first invalid block has the reason found by
    `find_tampering`, and every later block builds on it.
    """
    first = chain.find_tampering()
    problems: list[Tampering | None] = []
    for index in range(len(chain.blocks)):
        if first is None or index < first.index:
            problems.append(None)
        elif index == first.index:
            problems.append(first)
        else:
            problems.append(Tampering(index, "after", {"bad_index": first.index}))
    return problems


# --- the block formation widget's panels ------------------------------------------------
def candidate_html(block: Block, index: int, required_zero_bits: int,
                   refused: dict[bytes, str], names: dict[str, str] | None = None) -> str:
    """The next block, before mining: live Merkle root, the nonce still to be found, and the
    selected transactions, with any the network would refuse in red."""
    lines = []
    for tx in block.transactions:
        reason = refused.get(tx.txid())
        if reason is None:
            lines.append(f"<li>{transaction_line(tx, names)}</li>")
        else:
            why = _e(with_names(text("bf.would_refuse", reason=reason), names))
            lines.append(f'<li class="lk-tx-bad">{transaction_line(tx, names)} — {why}</li>')
    if len(block.transactions) == 1:
        lines.append(f'<li>{_e(text("no_tx_selected"))}</li>')
    nonce = f"<i>{_e(text('bf.nonce_unknown'))}</i>"
    return (
        f'<div class="lk-card lk-next lk-candidate" data-index="{index}"'
        f' data-merkle-root="{_e(display_hex(block.header.merkle_root))}"'
        f' data-tx-count="{len(block.transactions)}">'
        f'<div class="lk-card-title"><span>{_e(text("next_block"))} #{index}</span>'
        f'<span class="lk-badge">{_e(text("bf.zero_bits", count=required_zero_bits))}</span>'
        f"</div>{header_fields_html(block.header, required_zero_bits, nonce, False)}"
        f'<ul class="lk-txs">{"".join(lines)}</ul></div>'
    )


def progress_html(attempts: int = 0, rate: float = 0.0, current_hash: str = "",
                  required_zero_bits: int | None = None, nonce: int | None = None) -> str:
    """The miner's dashboard: attempts, hash rate and the hash being tried — or, once
    `nonce` is given, the nonce found and the winning hash.

    >>> "12,345" in progress_html(12345, 1e6, "00ab", 8)
    True
    """
    if not attempts:
        return '<div class="lk-progress lk-idle">&nbsp;</div>'
    if nonce is None:
        head, css, label = text("mining"), "lk-running", text("current_hash")
    else:
        head, css, label = f"✓ {text('nonce')} {nonce}", "lk-done", text("hash")
    return (
        f'<div class="lk-progress {css}" data-attempts="{attempts}"><b>{_e(head)}</b> · '
        f'{_e(text("attempts"))} <b>{attempts:,}</b> · {_e(text("hash_rate"))} '
        f'<b>{_e(rate_text(rate))}</b> · {_e(label)} '
        f"{hash_html(current_hash, required_zero_bits)}</div>"
    )


def peers_html(peers: Sequence[Sequence[Block]], vote: PeerVote,
               peer_problems: Sequence[Sequence[Tampering | None]],
               peer_names: Sequence[str], matches_majority: bool) -> str:
    """Three peers' copies as rows of small hash chips: green where a peer holds the same
    block as the majority, red where it differs; then the verdict of the vote.
    """
    rows = []
    for position, (peer, problems) in enumerate(zip(peers, peer_problems, strict=True)):
        differs = vote.differs_from[position]
        chips = []
        for index, block in enumerate(peer):
            bad = differs is not None and index >= differs
            broken = problems[index] is not None
            mark = " ✗" if broken else ""
            chips.append(
                f'<span class="lk-chip{" lk-chip-bad" if bad else ""}" data-index="{index}">'
                f"#{index} {hash_html(block.hash_hex(), short=10)}{mark}</span>"
            )
        verdict = "✓ " + text("bf.peer_agrees") if differs is None \
            else "✗ " + text("bf.peer_differs", index=differs)
        rows.append(
            f'<div class="lk-peer{"" if differs is None else " lk-peer-bad"}"'
            f' data-peer="{_e(peer_names[position])}"'
            f' data-agrees="{str(differs is None).lower()}"'
            f' data-valid="{str(vote.valid[position]).lower()}">'
            f'<span class="lk-peer-name">{_e(text("peer"))} {_e(peer_names[position])}</span>'
            f'{"".join(chips)}<span class="lk-peer-verdict">{_e(verdict)}</span></div>'
        )
    yours = text("bf.yours_matches") if matches_majority else text("bf.yours_differs")
    return (f'<div class="lk-peers">{"".join(rows)}'
            f'<div class="lk-verdict">{_e(vote.message)} {_e(yours)}</div></div>')


def message_html(message: str, ok: bool | None = None) -> str:
    """A one-line status message: green for success, red for a refusal.

    >>> message_html("<done>", True)
    '<div class="lk-msg lk-msg-ok">&lt;done&gt;</div>'
    """
    css = "" if ok is None else (" lk-msg-ok" if ok else " lk-msg-bad")
    return f'<div class="lk-msg{css}">{_e(message)}</div>' if message else ""


# --- rich display of single objects (used by %load_ext ledgerkit) ------------------------
def header_display(header: BlockHeader) -> str:
    """A block header as a card, with whether its hash meets its target.

    >>> "lk-ok" in header_display(BlockHeader(1, "00" * 32, "00" * 32, 0, 0x2100FFFF, 0))
    True
    """
    ok = header.meets_target()
    badge = ("✓ " if ok else "✗ ") + text("bf.meets_target" if ok else "bf.misses_target")
    return standalone(
        f'<div class="lk-card lk-header {"lk-ok" if ok else "lk-bad"}"'
        f' data-hash="{_e(header.hash_hex())}" data-valid="{str(ok).lower()}">'
        f'<div class="lk-card-title"><span>{_e(text("bf.header"))}</span>'
        f'<span class="lk-badge">{_e(badge)}</span></div>{header_fields_html(header)}</div>'
    )


def block_display(block: Block, names: dict[str, str] | None = None) -> str:
    """A block on its own: checks only what a block shows by itself (Merkle root and
    proof of work); its place in a chain is checked by the chain."""
    problem = None
    if not block.merkle_ok():
        problem = Tampering(0, "merkle")
    elif not block.header.meets_target():
        problem = Tampering(0, "pow")
    return standalone(block_html(block, None, problem, names))


def blockchain_display(chain: Blockchain, names: dict[str, str] | None = None,
                       limit: int = 12) -> str:
    """A Blockchain: its last `limit` blocks as cards, red from the first invalid one, under
    a one-line verdict for the whole chain."""
    problems = chain_problems(chain)
    valid = problems[-1] is None
    summary = text("chain_valid") if valid else str(chain.find_tampering())
    start = max(0, len(problems) - limit)
    earlier = f" (… {start} × {text('block')})" if start else ""
    return standalone(
        f'<div class="lk-chain-summary lk-msg {"lk-msg-ok" if valid else "lk-msg-bad"}">'
        f"{_e(with_names(summary, names))}{_e(earlier)}</div>"
        f"{chain_html(chain.blocks[start:], problems[start:], names, start=start)}"
    )


def _account_html(address: str, names: dict[str, str] | None) -> str:
    return f'{_e(who(address, names))} <span class="lk-mono">{_e(address)}</span>'


def transaction_display(tx: Transaction, names: dict[str, str] | None = None) -> str:
    """A transaction as a card: who pays whom, its nonce, id and whether the signature holds.

    >>> "lk-transaction" in transaction_display(Transaction.coinbase("ab" * 20, 50, height=0))
    True
    """
    if tx.is_coinbase:
        ok, badge = True, text("bf.coinbase")
    else:
        ok = tx.verify_signature()
        badge = ("✓ " if ok else "✗ ") + text("bf.signed" if ok else "bf.bad_signature")
    rows = [
        (text("from"), _account_html(tx.sender, names)),
        (text("to"), _account_html(tx.recipient, names)),
        (text("amount"), _e(tx.amount)),
        (text("nonce"), _e(tx.nonce)),
        (text("bf.txid"), hash_html(tx.txid_hex(), highlight=False)),
    ]
    return standalone(
        f'<div class="lk-card lk-transaction {"lk-ok" if ok else "lk-bad"}"'
        f' data-txid="{_e(tx.txid_hex())}" data-valid="{str(ok).lower()}">'
        f'<div class="lk-card-title"><span>{_e(text("bf.transaction"))}</span>'
        f'<span class="lk-badge">{_e(badge)}</span></div>'
        f"{fields_html(rows)}</div>"
    )
