"""Pictures of the class network (课堂网络的可视化): the lecturer's dashboard as HTML.

Plain functions from the service's status, the node voting frame and the last blocks to
HTML strings, so the same dashboard shows on the projector (the page the service serves)
and in the lecturer's notebook (`ledgerkit.classroom.widgets.ClassDashboard`). The picture
of the PBFT round is the node voting widget's own (`ledgerkit.render_voting`).

>>> "lk-class-tile" in tiles_html({"height": 3, "today": "2025-01-01", "pending": 0,
...     "view": 0, "primary": 0, "students": 8, "counts": {"calls": 5, "refused": 1,
...     "timeouts": 0}})
True
"""

from __future__ import annotations

import html
from typing import Any

from ledgerkit import render, render_voting
from ledgerkit.i18n import get_language, register_strings, set_language, text

register_strings({
    "classroom.ui.title": ("Class network {code}", "课堂网络 {code}"),
    "classroom.ui.height": ("blocks", "区块"),
    "classroom.ui.today": ("chain date", "链上日期"),
    "classroom.ui.pending": ("calls waiting", "待出块调用"),
    "classroom.ui.view": ("view · primary", "视图 · 主节点"),
    "classroom.ui.students": ("students", "学生"),
    "classroom.ui.calls": ("actions", "操作"),
    "classroom.ui.refused": ("refused", "被拒绝"),
    "classroom.ui.timeouts": ("timeouts", "超时"),
    "classroom.ui.seats": ("Validator seats", "验证节点席位"),
    "classroom.ui.seat": ("seat", "席位"),
    "classroom.ui.holder": ("run by", "运行者"),
    "classroom.ui.autopilot": ("service (no student yet)", "服务（尚无学生）"),
    "classroom.ui.fault": ("fault", "故障"),
    "classroom.ui.group": ("group", "分组"),
    "classroom.ui.waiting": ("waits to send", "待发送"),
    "classroom.ui.round": ("Block on the table", "正在表决的区块"),
    "classroom.ui.no_round": ("No block is being voted on.", "当前没有正在表决的区块。"),
    "classroom.ui.blocks": ("Latest blocks", "最新区块"),
    "classroom.ui.signers": ("signed by", "签名者"),
    "classroom.ui.block": ("block", "区块"),
    "classroom.ui.hash": ("hash", "哈希"),
    "classroom.ui.alerts": ("Alerts", "告警"),
    "classroom.ui.quiet": ("No alerts: all quiet.", "无告警：一切正常。"),
    "classroom.ui.faults": ("Inject a fault", "注入故障"),
    "classroom.ui.advance": ("advance the date (days)", "日期前进（天）"),
})


def _e(value: object) -> str:
    return html.escape(str(value))


def tiles_html(status: dict[str, Any]) -> str:
    """The numbers at the top: blocks, date, waiting calls, view and primary, students,
    actions, refusals, timeouts."""
    counts = status["counts"]
    values = [("classroom.ui.height", status["height"], True),
              ("classroom.ui.today", status["today"], True),
              ("classroom.ui.pending", status["pending"], True),
              ("classroom.ui.view", f"{status['view']} · {status['primary']}",
               status["view"] == 0),
              ("classroom.ui.students", status["students"], True),
              ("classroom.ui.calls", counts["calls"], True),
              ("classroom.ui.refused", counts["refused"], counts["refused"] == 0),
              ("classroom.ui.timeouts", counts["timeouts"], counts["timeouts"] == 0)]
    tiles = "".join(
        f'<div class="lk-class-tile" style="display:inline-block;min-width:100px;margin:3px;'
        f'padding:6px 10px;border:1px solid #d0d5dd;border-radius:6px;'
        f'background:{"#ecfdf3" if calm else "#fef0c7"}">'
        f'<div style="font-size:11px;color:#475467">{_e(text(key))}</div>'
        f'<div style="font-size:18px;font-weight:700">{_e(value)}</div></div>'
        for key, value, calm in values)
    return f'<div class="lk-class-tiles">{tiles}</div>'


def seats_html(status: dict[str, Any]) -> str:
    """One row per validator seat: who runs it, its fault, its group, what it waits to send."""
    rows = "".join(
        f'<tr class="lk-class-seat" data-seat="{s["seat"]}" '
        f'data-fault="{_e(s["fault"] or "")}">'
        f'<td>{s["seat"]}{" ★" if s["seat"] == status["primary"] else ""}</td>'
        f'<td>{_e(s["holder"] if s["student"] else text("classroom.ui.autopilot"))}</td>'
        f'<td>{_e(text("nv.fault." + s["fault"]) if s["fault"] else "—")}</td>'
        f'<td>{s["group"]}</td><td>{_e(", ".join(s["waiting"]) or "—")}</td></tr>'
        for s in status["seats"])
    head = "".join(f"<th>{_e(text(k))}</th>" for k in (
        "classroom.ui.seat", "classroom.ui.holder", "classroom.ui.fault", "classroom.ui.group",
        "classroom.ui.waiting"))
    return (f'<h4>{_e(text("classroom.ui.seats"))}</h4><table class="lk-class-seats">'
            f"<tr>{head}</tr>{rows}</table>")


def alerts_html(status: dict[str, Any], lang: str) -> str:
    """The monitor's alerts for the current round (stalled node, Byzantine replica)."""
    if not status["alerts"]:
        quiet = _e(text("classroom.ui.quiet"))
        return f'<div class="lk-class-quiet" style="color:#1a7f37">✔ {quiet}</div>'
    items = "".join(f'<li class="lk-class-alert">⚠ {_e(alert[lang])}</li>'
                    for alert in status["alerts"])
    return f'<ul style="color:#b42318;margin:4px 0">{items}</ul>'


def round_html(status: dict[str, Any]) -> str:
    """The block being voted on and its calls."""
    current = status["round"]
    if current is None:
        return f'<p class="lk-class-round">{_e(text("classroom.ui.no_round"))}</p>'
    calls = "".join(f"<li>{_e(c['who'])}: {_e(c['contract'])}.{_e(c['action'])}</li>"
                    for c in current["calls"][:12])
    more = current["count"] - min(12, len(current["calls"]))
    return (f'<div class="lk-class-round" data-height="{current["height"]}">'
            f'<b>{_e(text("classroom.ui.round"))}: {_e(current["value"])}</b>'
            f"<ul>{calls}{f'<li>… +{more}</li>' if more > 0 else ''}</ul></div>")


def blocks_html(blocks: list[dict[str, Any]]) -> str:
    """The latest blocks, newest first: height, hash, calls, who signed."""
    rows = "".join(
        f'<tr class="lk-class-block" data-height="{b["height"]}"><td>{b["height"]}</td>'
        f'<td><code>{_e(b["hash"][:16])}…</code></td><td>{_e(b["day"])}</td>'
        f'<td>{len(b["calls"])}</td><td>{_e(", ".join(b["signers"]))}</td></tr>'
        for b in reversed(blocks))
    head = "".join(f"<th>{_e(text(k))}</th>" for k in (
        "classroom.ui.block", "classroom.ui.hash", "classroom.ui.today", "classroom.ui.calls",
        "classroom.ui.signers"))
    return (f'<h4>{_e(text("classroom.ui.blocks"))}</h4><table class="lk-class-blocks">'
            f"<tr>{head}</tr>{rows}</table>")


def dashboard_html(status: dict[str, Any], frame: Any, blocks: list[dict[str, Any]],
                   lang: str | None = None) -> str:
    """The live part of the dashboard, in `lang` (default: the current language)."""
    before = get_language()
    set_language(lang or before)
    try:
        title = text("classroom.ui.title", code=status["code"])
        picture = (render_voting.facts_html(frame) + render_voting.voting_svg(frame)
                   + render_voting.caption_html(frame))
        return (f'<div class="lk lk-class-dashboard"><h3>{_e(title)}</h3>'
                f"{tiles_html(status)}<h4>{_e(text('classroom.ui.alerts'))}</h4>"
                f"{alerts_html(status, lang or before)}"
                f'<div style="display:flex;flex-wrap:wrap;gap:12px">'
                f'<div style="flex:1 1 520px">{picture}</div>'
                f'<div style="flex:1 1 320px">{round_html(status)}{seats_html(status)}'
                f"{blocks_html(blocks)}</div></div></div>")
    finally:
        set_language(before)


PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>{title}</title>
{style}<style>body{{margin:16px}} table{{border-collapse:collapse}}
td,th{{border-bottom:1px solid #eaecf0;padding:2px 8px;text-align:left}}</style></head>
<body class="lk"><div id="live">…</div>{controls}
<script>
const query = location.search || "?";
let timer = null;
async function refresh() {{
  timer = null;
  const answer = await fetch("dashboard/part" + query);
  document.getElementById("live").innerHTML = await answer.text();
}}
function soon() {{ if (!timer) timer = setTimeout(refresh, 250); }}
function listen() {{
  const scheme = location.protocol === "https:" ? "wss://" : "ws://";
  const base = location.pathname.replace(/dashboard\\/?$/, "");
  const socket = new WebSocket(scheme + location.host + base + "api/ws" + query + "&after=-1");
  socket.onmessage = soon;
  socket.onclose = () => setTimeout(listen, 2000);
}}
async function lecturer(command) {{
  const token = new URLSearchParams(location.search).get("lecturer") || "";
  await fetch("api/lecturer" + query, {{method: "POST", body: JSON.stringify(command),
    headers: {{"X-Lecturer-Token": token}}}});
  soon();
}}
refresh(); listen(); setInterval(refresh, 5000);
</script></body></html>"""

CONTROLS = """<fieldset class="lk-class-controls"><legend>{faults}</legend>
<button onclick='lecturer({{op: "crash"}})'>crash primary</button>
<button onclick='lecturer({{op: "byzantine", seat: +prompt("seat?")}})'>byzantine…</button>
<button onclick='lecturer({{op: "recover", seat: +prompt("seat?")}})'>recover…</button>
<button onclick='lecturer({{op: "partition",
  groups: [prompt("seats, e.g. 0,1").split(",").map(Number)]}})'>partition…</button>
<button onclick='lecturer({{op: "heal"}})'>heal</button>
<button onclick='lecturer({{op: "advance", days: +prompt("{advance}")}})'>{advance}…</button>
</fieldset>"""


def dashboard_page(code: str, lang: str, lecturer: bool) -> str:
    """The page the lecturer projects: the live part, refreshed on every event, and (for
    the lecturer) the fault buttons.

    >>> "api/ws" in dashboard_page("ABC123", "en", lecturer=False)
    True
    """
    before = get_language()
    set_language(lang)
    try:
        controls = (CONTROLS.format(faults=_e(text("classroom.ui.faults")),
                                    advance=_e(text("classroom.ui.advance")))
                    if lecturer else "")
        return PAGE.format(title=_e(text("classroom.ui.title", code=code)),
                           style=render.STYLE + render_voting.STYLE, controls=controls)
    finally:
        set_language(before)

