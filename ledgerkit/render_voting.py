"""Pictures of a consensus network for the node voting widget (节点投票的可视化).

Plain functions from a `ledgerkit.voting.Frame` to SVG and HTML strings, so the same picture
shows in the widget, in exported HTML and in tests. Nodes sit on a circle laid out by
networkx (imported on first use); the messages of the moment are arrows coloured by kind;
each node shows its role, its fault and its vote counters against the quorum.

Every node is a `<g class="lk-nv-node">` with data attributes (data-node, data-role,
data-fault, data-phase, data-prepares, data-commits, data-votes, data-term, data-committed)
so tests and scripts can read the picture. Text that may come from a user is escaped.

>>> from ledgerkit.voting import NodeVotingModel
>>> svg = voting_svg(NodeVotingModel("pbft", n=4).frame())
>>> svg.count('data-node='), 'data-role="primary"' in svg
(4, True)
"""

from __future__ import annotations

import html
import math
from functools import cache

from ledgerkit.i18n import text
from ledgerkit.voting import Arrow, Frame, NodeView

WIDTH, HEIGHT = 800, 610
CENTRE = (400.0, 306.0)
RING = 200.0  # radius of the circle the nodes sit on
LINE = 15  # line height of the text beside a node
VALUE_CHARS = 22  # longer committed values are cut with "…"

# Arrow colours by message kind: one hue per PBFT phase, and Raft's four messages.
KIND_COLOURS = {
    "request": "#475467",
    "pre-prepare": "#2e90fa",
    "prepare": "#7a5af8",
    "commit": "#f79009",
    "reply": "#12b76a",
    "view-change": "#f04438",
    "new-view": "#dd2590",
    "request-vote": "#f79009",
    "vote": "#7a5af8",
    "append-entries": "#2e90fa",
    "append-reply": "#12b76a",
}
# Node (fill, outline) by PBFT phase or Raft role; faults win over both.
NODE_COLOURS = {
    "idle": ("#f2f4f7", "#98a2b3"),
    "pre-prepared": ("#d1e9ff", "#2e90fa"),
    "prepared": ("#ebe9fe", "#7a5af8"),
    "committed": ("#d1fadf", "#12b76a"),
    "view-change": ("#fef0c7", "#dc6803"),
    "follower": ("#f2f4f7", "#98a2b3"),
    "candidate": ("#fef0c7", "#dc6803"),
    "leader": ("#d1fadf", "#12b76a"),
    "crashed": ("#e4e7ec", "#475467"),
    "stopped": ("#e4e7ec", "#475467"),
    "byzantine": ("#fee4e2", "#d92d20"),
}
PBFT_PHASES = ("idle", "pre-prepared", "prepared", "committed", "view-change")
RAFT_ROLES = ("follower", "candidate", "leader")
LEADING_ROLES = ("primary", "leader")

STYLE = """<style>
.lk-nv-figure{display:block;width:100%;max-width:800px;height:auto;background:#fcfcfd;
 border:1px solid #eaecf0;border-radius:12px}
.lk-nv-figure text{font-family:inherit;fill:#1d2939}
.lk-nv-facts{padding:4px 10px;border-radius:8px;background:#f2f4f7;color:#1d2939;
 font-variant-numeric:tabular-nums}
.lk-nv-warn{color:#b42318;font-weight:600}
.lk-nv-caption{padding:8px 12px;border-radius:10px;background:#eff8ff;color:#1d2939;
 border-left:4px solid #2e90fa;font-size:14px;min-height:2.9em}
.lk-nv-stepno{display:inline-block;margin-right:8px;padding:0 8px;border-radius:8px;
 background:#2e90fa;color:#fff;font-size:12px;font-weight:600}
.lk-nv-legend{display:flex;flex-wrap:wrap;gap:4px 14px;align-items:center;font-size:12px;
 color:#475467;margin:2px 0}
.lk-nv-legend b{color:#1d2939;margin-right:2px}
.lk-nv-key{display:inline-flex;align-items:center;gap:4px}
.lk-nv-hint{color:#475467;font-size:12px}
.lk-node-voting{border-radius:12px}
</style>"""


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def short(value: object, limit: int = VALUE_CHARS) -> str:
    """A value as text, cut to `limit` characters so it fits beside a node.

    >>> short("River Bank pays Harbour Bank 1,000,000 yuan")
    'River Bank pays Harbo…'
    """
    words = str(value)
    return words if len(words) <= limit else words[: limit - 1] + "…"


# --- where things go ------------------------------------------------------------------
@cache
def node_positions(n: int) -> tuple[tuple[float, float], ...]:
    """Screen positions of n nodes on a circle, node 0 at the top, then clockwise.

    networkx's circular layout puts node 0 on the right and goes anticlockwise on a unit
    circle; turning it a quarter and flipping y (screens count y downwards) gives the order
    a clock face reads.

    >>> [(round(x), round(y)) for x, y in node_positions(4)]
    [(400, 106), (600, 306), (400, 506), (200, 306)]
    """
    import networkx as nx  # heavy: only when a picture is drawn

    layout = nx.circular_layout(nx.complete_graph(n))
    cx, cy = CENTRE
    return tuple((cx + RING * float(layout[i][1]), cy - RING * float(layout[i][0]))
                 for i in range(n))


def node_radius(n: int) -> float:
    """Radius of a node's circle: smaller when many nodes share the ring.

    >>> node_radius(7), node_radius(16)
    (30.0, 22.0)
    """
    return 30.0 if n <= 10 else 22.0


def _client_position(n: int) -> tuple[float, float]:
    cx, cy = CENTRE
    return (cx, cy + 110) if n == 1 else (cx, cy)  # one node sits in the centre itself


# --- arrows ---------------------------------------------------------------------------
def _curve(start: tuple[float, float], end: tuple[float, float], gap_start: float,
           gap_end: float, bend: float = 13.0) -> tuple[tuple[float, float], ...]:
    """A gently bent path from `start` to `end`, stopping `gap_*` short of the centres.
    The bend goes to the same side of the direction of travel, so the messages i → j and
    j → i run side by side instead of on top of each other. Returns (from, control, to)."""
    (x1, y1), (x2, y2) = start, end
    length = math.hypot(x2 - x1, y2 - y1) or 1.0
    ux, uy = (x2 - x1) / length, (y2 - y1) / length
    a = (x1 + ux * gap_start, y1 + uy * gap_start)
    b = (x2 - ux * gap_end, y2 - uy * gap_end)
    control = ((a[0] + b[0]) / 2 - uy * bend, (a[1] + b[1]) / 2 + ux * bend)
    return a, control, b


def _point_on(curve: tuple[tuple[float, float], ...], t: float) -> tuple[float, float]:
    """The point at parameter t (0 … 1) of a quadratic Bézier curve."""
    (ax, ay), (cx, cy), (bx, by) = curve
    s = 1 - t
    return (s * s * ax + 2 * s * t * cx + t * t * bx, s * s * ay + 2 * s * t * cy + t * t * by)


def _head(curve: tuple[tuple[float, float], ...], size: float = 8.0) -> str:
    """The points of an arrowhead at the end of `curve`, along its last direction."""
    _, (cx, cy), (bx, by) = curve
    length = math.hypot(bx - cx, by - cy) or 1.0
    ux, uy = (bx - cx) / length, (by - cy) / length
    back = (bx - ux * size, by - uy * size)
    left = (back[0] - uy * size * 0.5, back[1] + ux * size * 0.5)
    right = (back[0] + uy * size * 0.5, back[1] - ux * size * 0.5)
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in ((bx, by), left, right))


def arrow_svg(arrow: Arrow, positions: tuple[tuple[float, float], ...], radius: float) -> str:
    """One message as an SVG arrow: coloured by kind, dashed for a lie, faint when lost;
    a Raft message in flight also shows a dot where it is now.

    >>> '#7a5af8' in arrow_svg(Arrow(1, 2, "prepare"), node_positions(4), 30.0)
    True
    """
    n = len(positions)
    start = _client_position(n) if arrow.sender < 0 else positions[arrow.sender]
    end = _client_position(n) if arrow.receiver < 0 else positions[arrow.receiver]
    curve = _curve(start, end, 24 if arrow.sender < 0 else radius + 3,
                   24 if arrow.receiver < 0 else radius + 4)
    (ax, ay), (cx, cy), (bx, by) = curve
    colour = KIND_COLOURS.get(arrow.kind, "#667085")
    dash = ' stroke-dasharray="7 4"' if arrow.lie else (
        ' stroke-dasharray="2 4"' if arrow.lost else "")
    opacity = 0.3 if arrow.lost else (0.45 if arrow.progress is not None else 0.85)
    dot = ""
    if arrow.progress is not None:
        x, y = _point_on(curve, arrow.progress)
        dot = f'<circle cx="{x:.1f}" cy="{y:.1f}" r="6" fill="{colour}" stroke="#fff"/>'
    return (
        f'<g class="lk-nv-arrow" data-kind="{_e(arrow.kind)}" data-from="{arrow.sender}" '
        f'data-to="{arrow.receiver}" data-lost="{str(arrow.lost).lower()}" '
        f'data-lie="{str(arrow.lie).lower()}" opacity="{opacity}">'
        f'<path d="M{ax:.1f},{ay:.1f} Q{cx:.1f},{cy:.1f} {bx:.1f},{by:.1f}" fill="none" '
        f'stroke="{colour}" stroke-width="{2 if arrow.lie else 1.6}"{dash}/>'
        f'<polygon points="{_head(curve)}" fill="{colour}"/>{dot}</g>'
    )


# --- nodes ------------------------------------------------------------------------------
def _node_lines(node: NodeView, frame: Frame) -> list[tuple[str, str]]:
    """The text beside a node, as (css colour, words) lines."""
    lines = []
    if frame.protocol == "raft":
        lines.append(("#475467", text("nv.term", term=node.term)))
    elif node.term != frame.facts["view"]:
        lines.append(("#b54708", text("nv.view", view=node.term)))
    for counter in node.counters:
        mark = " ✓" if counter.reached else ""
        lines.append(("#067647" if counter.reached else "#475467", counter.label() + mark))
    if node.committed is not None:
        number, value = node.committed
        lines.append(("#067647", f"✓ #{number} {short(value)}"))
    if node.fault in ("crashed", "stopped"):  # frozen since it went down: grey it out
        lines = [("#98a2b3", words) for _, words in lines]
    return lines


def node_svg(node: NodeView, frame: Frame, position: tuple[float, float],
             radius: float) -> str:
    """One node: a circle coloured by phase (or role, or fault), its number, its role or
    fault inside, and its counters and committed value beside it.

    >>> from ledgerkit.voting import NodeVotingModel
    >>> frame = NodeVotingModel("pbft", n=4, faulty=1).frame()
    >>> 'data-fault="crashed"' in node_svg(frame.nodes[3], frame, (0.0, 0.0), 30.0)
    True
    """
    x, y = position
    fill, outline = NODE_COLOURS.get(node.fault or node.phase, NODE_COLOURS["idle"])
    dash = ' stroke-dasharray="5 3"' if node.fault in ("crashed", "stopped") else ""
    parts = []
    if node.timer is not None:  # the election timer runs down as a ring around the node
        ring = 2 * math.pi * (radius + 6)
        parts.append(
            f'<circle class="lk-nv-timer" cx="{x:.1f}" cy="{y:.1f}" r="{radius + 6:.1f}" '
            f'fill="none" stroke="#98a2b3" stroke-width="3" '
            f'stroke-dasharray="{ring * node.timer:.1f} {ring:.1f}" '
            f'transform="rotate(-90 {x:.1f} {y:.1f})"/>')
    if node.role in LEADING_ROLES:  # a dark ring marks who leads
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius + 5:.1f}" fill="none" '
                     f'stroke="#1d2939" stroke-width="2.5"/>')
    parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius:.1f}" fill="{fill}" '
                 f'stroke="{outline}" stroke-width="{3 if node.fault else 2.2}"{dash}/>')
    parts.append(f'<text x="{x:.1f}" y="{y + 2:.1f}" text-anchor="middle" font-size="18" '
                 f'font-weight="700">{node.index}</text>')
    inside = (text(f"nv.fault.{node.fault}") if node.fault
              else text(f"nv.role.{node.role}") if node.role in (*LEADING_ROLES, "candidate")
              else "")
    if inside:
        colour = "#b42318" if node.fault == "byzantine" else "#344054"
        parts.append(f'<text x="{x:.1f}" y="{y + 15:.1f}" text-anchor="middle" font-size="9.5"'
                     f' font-weight="600" style="fill:{colour}">{_e(inside)}</text>')
    parts.append(_beside(node, frame, position, radius))
    counters = {counter.name: counter.have for counter in node.counters}
    committed = "" if node.committed is None else node.committed[1]
    tooltip = ", ".join([text(f"nv.role.{node.role}")]
                        + ([text(f"nv.fault.{node.fault}")] if node.fault else [])
                        + [counter.label() for counter in node.counters])
    return (
        f'<g class="lk-nv-node lk-nv-{_e(node.fault or node.phase)}" data-node="{node.index}" '
        f'data-role="{_e(node.role)}" data-fault="{_e(node.fault or "none")}" '
        f'data-phase="{_e(node.phase)}" data-term="{node.term}" '
        f'data-prepares="{counters.get("prepares", "")}" '
        f'data-commits="{counters.get("commits", "")}" '
        f'data-votes="{counters.get("votes", "")}" data-committed="{_e(committed)}">'
        f"<title>{_e(f'{node.index}: {tooltip}')}</title>{''.join(parts)}</g>"
    )


def _beside(node: NodeView, frame: Frame, position: tuple[float, float],
            radius: float) -> str:
    """The node's text lines, placed outside the ring so arrows stay clear of them."""
    lines = _node_lines(node, frame)
    if not lines:
        return ""
    x, y = position
    cx, cy = CENTRE
    dx, dy = x - cx, y - cy
    distance = math.hypot(dx, dy) or 1.0
    dx, dy = dx / distance, dy / distance
    gap = radius + 12
    if dy < -0.75:  # near the top: above the node
        anchor, tx, ty = "middle", x, y - gap - (len(lines) - 1) * LINE
    elif dy > 0.75:  # near the bottom: below it
        anchor, tx, ty = "middle", x, y + gap + 10
    else:  # on the sides: left or right of it, centred on it
        anchor = "start" if dx > 0 else "end"
        tx, ty = x + (gap if dx > 0 else -gap), y - (len(lines) - 1) * LINE / 2 + 4
    spans = "".join(
        f'<tspan x="{tx:.1f}" y="{ty + row * LINE:.1f}" style="fill:{colour}">{_e(words)}'
        f"</tspan>" for row, (colour, words) in enumerate(lines))
    return f'<text text-anchor="{anchor}" font-size="12">{spans}</text>'


def _client_svg(frame: Frame) -> str:
    """The client in the middle of the ring (PBFT): its request, ticked once it accepted
    the result (f+1 matching replies)."""
    x, y = _client_position(frame.n)
    accepted = frame.accepted is not None
    fill, outline = ("#d1fadf", "#12b76a") if accepted else ("#ffffff", "#475467")
    lines = [text("nv.client")]
    if accepted:
        lines.append(f"✓ {short(frame.accepted, 18)}")
    elif frame.request is not None:
        lines.append(f"#{frame.facts['seq']} {short(frame.request, 18)}")
    two = len(lines) > 1
    top = y + 4 - 7 * (len(lines) - 1)  # the lines centred in the box
    spans = "".join(f'<tspan x="{x:.1f}" y="{top + row * 14:.1f}">{_e(words)}</tspan>'
                    for row, words in enumerate(lines))
    return (
        f'<g class="lk-nv-client" data-accepted="{_e(frame.accepted or "")}" '
        f'data-request="{_e(frame.request or "")}">'
        f'<rect x="{x - 80:.1f}" y="{y - 14 - 7 * two:.1f}" width="160" '
        f'height="{28 + 14 * two}" '
        f'rx="9" fill="{fill}" stroke="{outline}" stroke-width="1.5"/>'
        f'<text text-anchor="middle" font-size="11.5" font-weight="600">{spans}</text></g>'
    )


def voting_svg(frame: Frame) -> str:
    """The whole network at one moment: arrows underneath, then nodes, then the client.

    >>> from ledgerkit.voting import NodeVotingModel
    >>> model = NodeVotingModel("pbft", n=4); _ = model.step(); _ = model.step()
    >>> voting_svg(model.frame()).count('data-kind="pre-prepare"')
    3
    """
    positions = node_positions(frame.n)
    radius = node_radius(frame.n)
    arrows = "".join(arrow_svg(arrow, positions, radius) for arrow in frame.arrows)
    nodes = "".join(node_svg(node, frame, positions[node.index], radius)
                    for node in frame.nodes)
    client = _client_svg(frame) if frame.protocol == "pbft" else ""
    return (
        f'<svg class="lk-nv-figure" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" role="img" '
        f'data-protocol="{frame.protocol}" data-step="{frame.index}" '
        f'data-latest="{frame.latest}" data-phase="{_e(frame.phase)}" '
        f'data-arrows="{len(frame.arrows)}">'
        f'<g class="lk-nv-arrows">{arrows}</g>{client}<g class="lk-nv-nodes">{nodes}</g></svg>'
    )


# --- the text around the picture ----------------------------------------------------------
def facts_html(frame: Frame) -> str:
    """One line of numbers: n, f and the quorum, faults, view and primary (PBFT); n, the
    majority, term, leader and time (Raft). A warning follows when too many nodes fail.

    >>> from ledgerkit.voting import NodeVotingModel
    >>> "quorum 2f+1 = 5" in facts_html(NodeVotingModel("pbft", n=7).frame())
    True
    """
    facts = dict(frame.facts)
    warning = ""
    if frame.protocol == "pbft":
        rule = "nv.quorum.2f1" if facts["quorum"] == 2 * facts["f"] + 1 else "nv.quorum.other"
        facts["quorum_text"] = text(rule, quorum=facts["quorum"])
        if facts["faulty"] > facts["f"]:
            warning = text("nv.too_many_faulty", f=facts["f"])
    else:
        facts["leader"] = text("nv.none") if facts["leader"] is None else facts["leader"]
        facts["time"] = f"{facts['time']:.1f}"
        if facts["n"] - facts["faulty"] < facts["majority"]:
            warning = text("nv.no_majority")
    line = _e(text(f"nv.facts.{frame.protocol}", **facts))
    if warning:
        line += f' <span class="lk-nv-warn">⚠ {_e(warning)}</span>'
    return f'<div class="lk-nv-facts">{line}</div>'


def caption_html(frame: Frame) -> str:
    """What just happened, with the step number, in the current language.

    >>> from ledgerkit.voting import NodeVotingModel
    >>> 'data-step="0"' in caption_html(NodeVotingModel("raft").frame())
    True
    """
    number = (text("nv.step_of", index=frame.index, latest=frame.latest) if frame.index
              else text("nv.start"))
    return (f'<div class="lk-nv-caption" data-step="{frame.index}" '
            f'data-phase="{_e(frame.phase)}"><span class="lk-nv-stepno">{_e(number)}</span>'
            f"{_e(frame.caption())}</div>")


def legend_html(frame: Frame) -> str:
    """What the colours mean: one swatch per message kind, the lost and lying styles, and
    the node colours.

    >>> from ledgerkit.voting import NodeVotingModel
    >>> "COMMIT" in legend_html(NodeVotingModel("pbft").frame())
    True
    """
    def line_key(colour: str, label: str, dash: str = "", opacity: float = 1.0) -> str:
        return (f'<span class="lk-nv-key"><svg width="26" height="10" aria-hidden="true">'
                f'<line x1="1" y1="5" x2="25" y2="5" stroke="{colour}" stroke-width="2.5" '
                f'opacity="{opacity}"{dash}/></svg>{_e(label)}</span>')

    def dot_key(fill: str, outline: str, label: str) -> str:
        return (f'<span class="lk-nv-key"><svg width="14" height="14" aria-hidden="true">'
                f'<circle cx="7" cy="7" r="5.5" fill="{fill}" stroke="{outline}" '
                f'stroke-width="1.6"/></svg>{_e(label)}</span>')

    kinds = [line_key(KIND_COLOURS[kind], text(f"nv.kind.{kind}")) for kind in frame.kinds]
    kinds.append(line_key("#475467", text("nv.legend.lost"), ' stroke-dasharray="2 4"', 0.5))
    if frame.protocol == "pbft":
        kinds.append(line_key("#475467", text("nv.legend.lie"), ' stroke-dasharray="7 4"'))
        states = [dot_key(*NODE_COLOURS[phase], text(f"nv.phase.{phase}"))
                  for phase in PBFT_PHASES]
        faults = ("crashed", "byzantine")
    else:
        states = [dot_key(*NODE_COLOURS[role], text(f"nv.role.{role}")) for role in RAFT_ROLES]
        states.append(line_key("#98a2b3", text("nv.legend.timer")))
        faults = ("stopped",)
    states += [dot_key(*NODE_COLOURS[fault], text(f"nv.fault.{fault}")) for fault in faults]
    return (f'<div class="lk-nv-legend"><b>{_e(text("nv.legend.messages"))}</b>'
            f'{"".join(kinds)}</div><div class="lk-nv-legend">'
            f'<b>{_e(text("nv.legend.nodes"))}</b>{"".join(states)}</div>')
