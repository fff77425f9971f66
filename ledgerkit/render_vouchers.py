"""Pictures of a voucher tree for the voucher splitting widget (债权凭证树的可视化).

Plain functions from the view-model (`ledgerkit.vouchers_view`) to SVG and HTML strings, so
the same picture shows in the widget, in exported HTML and in tests. The tree is drawn top
down, root first: networkx (imported on first use) walks it, and every leaf gets its own
column, each parent sits above the middle of its children (a tidy tree).

Every piece is a `<g class="lk-vs-node">` with data attributes (data-id, data-amount,
data-parent, data-status, data-holder, data-selected, data-lineage) so tests and scripts can
read the picture. The lineage of the selected piece (穿透) is drawn thick and dark.

>>> from ledgerkit.vouchers_view import VoucherSplitModel
>>> model = VoucherSplitModel(); _ = model.split([300_000, 700_000])
>>> svg = tree_svg(model.nodes())
>>> svg.count('data-id='), 'data-parent="V1"' in svg
(3, True)
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from ledgerkit.i18n import text
from ledgerkit.vouchers_view import Invariant, PieceView, money_text, role_of

NODE_W, NODE_H = 168, 74
GAP_X, GAP_Y = 18, 46
MARGIN = 14
MIN_WIDTH = 560  # a small tree sits in the middle of this width, not squeezed to the left
# Node (fill, outline) by status.
STATUS_COLOURS = {
    "ISSUED": ("#eff8ff", "#84caff"),
    "CONFIRMED": ("#ecfdf3", "#12b76a"),
    "SPLIT": ("#f2f4f7", "#98a2b3"),
    "FINANCED": ("#fffaeb", "#f79009"),
    "SETTLED": ("#eff8ff", "#2e90fa"),
    "EXPIRED": ("#fef3f2", "#f04438"),
}
LINEAGE = "#1d2939"  # the lineage's edges and outlines: dark, so any status colour shows
EDGE = "#98a2b3"

STYLE = """<style>
.lk-vs-figure{display:block;max-width:100%;height:auto;background:#fcfcfd;
 border:1px solid #eaecf0;border-radius:12px}
.lk-vs-figure text{font-family:inherit;fill:#1d2939}
.lk-vs-panel{padding:6px 10px;border-radius:10px;background:#f9fafb;border:1px solid #eaecf0;
 color:#1d2939;font-variant-numeric:tabular-nums;margin-bottom:6px}
.lk-vs-panel h4{margin:0 0 4px;font-size:13px}
.lk-vs-ok{color:#067647;font-weight:700}
.lk-vs-bad{color:#b42318;font-weight:700}
.lk-vs-lineage{margin:0;padding-left:18px}
.lk-vs-lineage li{margin:1px 0}
.lk-vs-lineage li.lk-vs-here{font-weight:700}
.lk-vs-quote{color:#475467;font-size:12px}
.lk-vs-legend{display:flex;flex-wrap:wrap;gap:4px 12px;font-size:12px;color:#475467}
.lk-vs-key{display:inline-flex;align-items:center;gap:4px}
.lk-voucher-split{border-radius:12px}
</style>"""


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


# --- where things go ---------------------------------------------------------------------
def tree_positions(nodes: Sequence[PieceView]) -> dict[str, tuple[float, float]]:
    """Top-left corner of each piece's box: leaves in columns left to right (depth-first
    order), each parent centred above its children, one row per depth.

    >>> from ledgerkit.vouchers_view import VoucherSplitModel
    >>> model = VoucherSplitModel(); _ = model.split([1, 999_999])
    >>> positions = tree_positions(model.nodes())
    >>> positions["V1"][0] == (positions["V1.1"][0] + positions["V1.2"][0]) / 2
    True
    """
    import networkx as nx  # heavy: only when a picture is drawn

    tree = nx.DiGraph()
    for node in nodes:
        tree.add_node(node.id)
        if node.parent is not None:
            tree.add_edge(node.parent, node.id)
    depth = {node.id: node.depth for node in nodes}
    x: dict[str, float] = {}
    column = 0
    for piece in nx.dfs_postorder_nodes(tree, source=nodes[0].id,
                                        sort_neighbors=lambda ids: sorted(ids, key=_order)):
        children = list(tree.successors(piece))
        if children:
            x[piece] = sum(x[child] for child in children) / len(children)
        else:
            x[piece] = column * (NODE_W + GAP_X)
            column += 1
    return {piece: (MARGIN + x[piece], MARGIN + depth[piece] * (NODE_H + GAP_Y))
            for piece in x}


def _order(piece_id: str) -> tuple[int, ...]:
    """V1.10 after V1.9: sort ids by their numbers, not as text."""
    return tuple(int(part) for part in piece_id[1:].split("."))


# --- the picture -------------------------------------------------------------------------
def node_svg(node: PieceView, corner: tuple[float, float]) -> str:
    """One piece: a box coloured by status, its id, holder (with tier), amount and, for a
    financed piece, what the seller received.

    >>> from ledgerkit.vouchers_view import VoucherSplitModel
    >>> 'data-status="CONFIRMED"' in node_svg(VoucherSplitModel().nodes()[0], (0, 0))
    True
    """
    x, y = corner
    fill, outline = STATUS_COLOURS.get(node.status, STATUS_COLOURS["ISSUED"])
    width = 3.2 if node.in_lineage else 1.6
    stroke = LINEAGE if node.in_lineage else outline
    dash = ' stroke-dasharray="5 3"' if node.status == "SPLIT" else ""
    parts = []
    if node.selected:  # a halo marks the selection
        parts.append(f'<rect x="{x - 5:.1f}" y="{y - 5:.1f}" width="{NODE_W + 10}" '
                     f'height="{NODE_H + 10}" rx="13" fill="none" stroke="#7a5af8" '
                     f'stroke-width="3" opacity="0.8"/>')
    parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{NODE_W}" height="{NODE_H}" rx="9" '
                 f'fill="{fill}" stroke="{stroke}" stroke-width="{width}"{dash}/>')
    parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="8" height="{NODE_H}" rx="3" '
                 f'fill="{outline}"/>')
    status = text(f"vs.status.{node.status}")
    lines = [
        (f'<tspan font-weight="700" font-size="14">{_e(node.id)}</tspan>'
         f'<tspan dx="6" font-size="11" style="fill:#475467">{_e(status)}</tspan>'),
        (f'<tspan font-size="12">{_e(node.holder)}</tspan><tspan dx="4" font-size="10.5" '
         f'style="fill:#667085">{_e(text("vs.role." + role_of(node.holder)))}</tspan>'),
        f'<tspan font-size="13" font-weight="600">¥ {_e(money_text(node.amount))}</tspan>',
    ]
    if node.financing is not None:
        lines.append(f'<tspan font-size="11" style="fill:#b54708">'
                     f'{_e(text("vs.net", net=money_text(node.financing.net)))}</tspan>')
    step = 15 if len(lines) > 3 else 18
    for row, words in enumerate(lines):
        parts.append(f'<text x="{x + 16:.1f}" y="{y + 19 + row * step:.1f}">{words}</text>')
    tooltip = f"{node.id}: {node.holder}, {money_text(node.amount)}, {status}"
    return (
        f'<g class="lk-vs-node lk-vs-{node.status.lower()}" data-id="{_e(node.id)}" '
        f'data-amount="{node.amount}" data-parent="{_e(node.parent or "")}" '
        f'data-status="{_e(node.status)}" data-holder="{_e(node.holder)}" '
        f'data-selected="{str(node.selected).lower()}" '
        f'data-lineage="{str(node.in_lineage).lower()}">'
        f"<title>{_e(tooltip)}</title>{''.join(parts)}</g>"
    )


def edge_svg(parent: tuple[float, float], child: tuple[float, float], lineage: bool) -> str:
    """The line from a parent's bottom to a child's top: dark and thick on the lineage.

    >>> 'stroke-width="3.2"' in edge_svg((0, 0), (0, 120), True)
    True
    """
    (px, py), (cx, cy) = parent, child
    x1, y1 = px + NODE_W / 2, py + NODE_H
    x2, y2 = cx + NODE_W / 2, cy
    middle = (y1 + y2) / 2
    colour, width = (LINEAGE, 3.2) if lineage else (EDGE, 1.6)
    return (f'<path class="lk-vs-edge" data-lineage="{str(lineage).lower()}" '
            f'd="M{x1:.1f},{y1:.1f} C{x1:.1f},{middle:.1f} {x2:.1f},{middle:.1f} '
            f'{x2:.1f},{y2:.1f}" fill="none" stroke="{colour}" stroke-width="{width}"/>')


def tree_svg(nodes: Sequence[PieceView]) -> str:
    """The whole tree: edges underneath, then the pieces. The svg carries data-root,
    data-pieces and data-live (the sum of the live pieces).

    >>> from ledgerkit.vouchers_view import VoucherSplitModel
    >>> 'data-live="1000000.00"' in tree_svg(VoucherSplitModel().nodes())
    True
    """
    positions = tree_positions(nodes)
    natural = max(x for x, _ in positions.values()) + NODE_W + MARGIN
    shift = max(0.0, (MIN_WIDTH - natural) / 2)
    positions = {piece: (x + shift, y) for piece, (x, y) in positions.items()}
    by_id = {node.id: node for node in nodes}
    edges = "".join(
        edge_svg(positions[node.parent], positions[node.id],
                 node.in_lineage and by_id[node.parent].in_lineage)
        for node in nodes if node.parent is not None)
    boxes = "".join(node_svg(node, positions[node.id]) for node in nodes)
    width = max(natural, MIN_WIDTH)
    height = max(y for _, y in positions.values()) + NODE_H + MARGIN
    live = sum((node.amount for node in nodes
                if node.status in ("ISSUED", "CONFIRMED", "FINANCED")), start=_zero(nodes))
    return (
        f'<svg class="lk-vs-figure" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" width="{width:.0f}" height="{height:.0f}" '
        f'role="img" data-root="{_e(nodes[0].id)}" data-pieces="{len(nodes)}" '
        f'data-live="{live}">'
        f'<g class="lk-vs-edges">{edges}</g><g class="lk-vs-nodes">{boxes}</g></svg>'
    )


def _zero(nodes: Sequence[PieceView]) -> object:
    """A zero of the amounts' type, so the live sum keeps its fen (0.00)."""
    return nodes[0].amount * 0


# --- the panels ---------------------------------------------------------------------------
def invariant_html(invariant: Invariant) -> str:
    """The live panel: live pieces + settled = root, and whether it holds.

    >>> from ledgerkit.vouchers_view import VoucherSplitModel
    >>> 'data-holds="true"' in invariant_html(VoucherSplitModel().invariant())
    True
    """
    holds = invariant.holds
    verdict = (f'<span class="lk-vs-ok">{_e(text("vs.invariant.holds"))}</span>' if holds
               else f'<span class="lk-vs-bad">{_e(text("vs.invariant.broken"))}</span>')
    line = text("vs.invariant.line", live_count=invariant.live_count,
                live=money_text(invariant.live), settled_count=invariant.settled_count,
                settled=money_text(invariant.settled),
                total=money_text(invariant.live + invariant.settled),
                root=invariant.root_id, root_amount=money_text(invariant.root_amount))
    return (
        f'<div class="lk-vs-panel lk-vs-invariant" data-live="{invariant.live}" '
        f'data-settled="{invariant.settled}" data-root-amount="{invariant.root_amount}" '
        f'data-holds="{str(holds).lower()}"><h4>{_e(text("vs.invariant.title"))}</h4>'
        f"<div>{_e(line)}</div><div>{verdict}</div></div>"
    )


def lineage_html(lineage: Sequence[object]) -> str:
    """The path from the root receivable down to the selected piece (穿透): for the root,
    who owes what and the trade document behind it; then each piece and its holder.

    >>> from ledgerkit.vouchers_view import VoucherSplitModel
    >>> "PO-2025-0001" in lineage_html(VoucherSplitModel().lineage())
    True
    """
    root, here = lineage[0], lineage[-1]
    owed = text("vs.lineage.root", root=root.id, core=root.issuer,
                amount=money_text(root.amount), trade_ref=root.trade_ref)
    items = [f"<li>{_e(owed)}</li>"]
    for piece in lineage:
        css = ' class="lk-vs-here"' if piece is here else ""
        items.append(f"<li{css}>" + _e(text(
            "vs.lineage.step", piece=piece.id, amount=money_text(piece.amount),
            holder=piece.holder, role=text("vs.role." + role_of(piece.holder)),
            status=text(f"vs.status.{piece.status}"))) + "</li>")
    ids = " ".join(piece.id for piece in lineage)
    return (f'<div class="lk-vs-panel lk-vs-lineage-box" data-lineage="{_e(ids)}">'
            f'<h4>{_e(text("vs.lineage.title", piece=here.id))}</h4>'
            f'<ol class="lk-vs-lineage">{"".join(items)}</ol></div>')


def legend_html() -> str:
    """What the colours mean: one key per status, and the lineage outline.

    >>> legend_html().count('class="lk-vs-key"')
    7
    """
    keys = []
    for status, (fill, outline) in STATUS_COLOURS.items():
        keys.append(f'<span class="lk-vs-key"><svg width="16" height="12" aria-hidden="true">'
                    f'<rect x="1" y="1" width="14" height="10" rx="3" fill="{fill}" '
                    f'stroke="{outline}" stroke-width="1.6"/></svg>'
                    f'{_e(text("vs.status." + status))}</span>')
    keys.append(f'<span class="lk-vs-key"><svg width="16" height="12" aria-hidden="true">'
                f'<rect x="1" y="1" width="14" height="10" rx="3" fill="#fff" '
                f'stroke="{LINEAGE}" stroke-width="2.6"/></svg>'
                f'{_e(text("vs.legend.lineage"))}</span>')
    return f'<div class="lk-vs-legend"><b>{_e(text("vs.legend"))}</b>{"".join(keys)}</div>'
