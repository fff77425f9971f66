"""`%classroom`: join the class network from a notebook (课堂魔法命令).

    %classroom join ABC123 --url http://127.0.0.1:8765     # the lecturer's class
    %classroom join ABC123                                   # on the hub: the URL is set
    %classroom join --offline --role supplier:2              # at home: simulated classmates
    %classroom status                                        # the class at a glance
    %classroom vote                                          # a validator sends its vote
    %classroom panel                                         # show your panel again
    %classroom dashboard --url URL --token TOKEN             # the lecturer's dashboard

Without --url, the address comes from LEDGERKIT_CLASSROOM_URL; with neither, the class is
simulated in this kernel. After joining, `ledgerkit.classroom.magic.current()` is your
client, for Python cells.
"""

from __future__ import annotations

import argparse
import shlex
from typing import Any

from IPython.core.error import UsageError
from IPython.display import display

from ledgerkit.errors import LedgerError
from ledgerkit.i18n import get_language, register_strings, text

register_strings({
    "classroom.magic.no_url": (
        "Where is the class? Give --url (the address on the projector), set "
        "LEDGERKIT_CLASSROOM_URL, or join a simulated class with --offline.",
        "课堂在哪里？请给出 --url（投影上的地址），或设置 LEDGERKIT_CLASSROOM_URL，"
        "或用 --offline 加入模拟课堂。"),
    "classroom.magic.join_first": ("Join first: %classroom join CODE.",
                                   "请先加入：%classroom join CODE。"),
    "classroom.magic.nothing": ("Your node has nothing to send right now.",
                                "你的节点现在没有要发送的消息。"),
    "classroom.magic.status": (
        "class {code} · {height} blocks · {today} · {pending} calls waiting · view {view} "
        "(primary {primary})", "课堂 {code} · {height} 个区块 · {today} · {pending} 个调用待出块 · "
        "视图 {view}（主节点 {primary}）"),
    "classroom.magic.seats": ("seats: {seats}", "席位：{seats}"),
    "classroom.magic.lecturer": (
        "The dashboard needs the lecturer's --url and --token (or a simulated class).",
        "仪表盘需要讲师的 --url 和 --token（或一个模拟课堂）。"),
})

_session: dict[str, Any] = {}  # the client of this kernel, once joined


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # a usage error, not an exit of the kernel
        raise UsageError(f"{message}\n{self.format_usage()}")


def _parser() -> _Parser:
    parser = _Parser(prog="%classroom", add_help=False)
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    join = commands.add_parser("join", add_help=False)
    join.add_argument("code", nargs="?", default=None)
    join.add_argument("--url", default=None)
    join.add_argument("--name", default=None)
    join.add_argument("--role", default=None)
    join.add_argument("--offline", action="store_true")
    for name in ("status", "vote", "panel"):
        commands.add_parser(name, add_help=False)
    board = commands.add_parser("dashboard", add_help=False)
    board.add_argument("--url", default=None)
    board.add_argument("--token", default=None)
    return parser


def current() -> Any:
    """The ClassClient this kernel joined with (UsageError before %classroom join).

    >>> _session.clear()  # a kernel that has not joined yet
    >>> current()
    Traceback (most recent call last):
    ...
    IPython.core.error.UsageError: Join first: %classroom join CODE.
    """
    if "client" not in _session:
        raise UsageError(text("classroom.magic.join_first"))
    return _session["client"]


def classroom(line: str) -> None:
    """`%classroom join|status|vote|panel|dashboard …` (see the module's help)."""
    args = _parser().parse_args(shlex.split(line))
    try:
        if args.command == "join":
            _join(args)
        elif args.command == "status":
            _status()
        elif args.command == "vote":
            said = current().vote()
            print(said if said is not None else text("classroom.magic.nothing"))
        elif args.command == "panel":
            _panel()
        else:
            _dashboard(args)
    except LedgerError as refusal:
        raise UsageError(refusal.in_language(get_language())) from refusal


def _join(args: argparse.Namespace) -> None:
    import os

    from ledgerkit.classroom import URL_VARIABLE, connect
    from ledgerkit.classroom.protocol import ClassroomError

    if args.offline:
        you = connect(name=args.name, role=args.role, url="")
    else:
        if not args.code:
            raise ClassroomError("classroom.bad_code", got=args.code)
        if not (args.url or os.environ.get(URL_VARIABLE)):
            raise UsageError(text("classroom.magic.no_url"))
        you = connect(args.code, url=args.url, name=args.name, role=args.role)
    _session["client"] = you
    me = you.me
    print(f"{me['name']}: {me['label'][get_language()]} · {me['code']}")
    _panel()


def _status() -> None:
    status = current().status()
    seats = ", ".join(f"{s['seat']}:{s['holder']}{' ✗' if s['fault'] else ''}"
                      for s in status["seats"])
    print(text("classroom.magic.status", **status))
    print(text("classroom.magic.seats", seats=seats))
    for alert in status["alerts"]:
        print("⚠", alert[get_language()])


def _panel() -> None:
    from ledgerkit.classroom.widgets import ClassroomPanel

    you = current()
    lecturer = you.home.lecturer if you.home is not None else None
    _session["panel"] = ClassroomPanel(you, lecturer=lecturer)
    display(_session["panel"])


def _dashboard(args: argparse.Namespace) -> None:
    from ledgerkit.classroom.client import Lecturer
    from ledgerkit.classroom.widgets import ClassDashboard

    if args.url and args.token:
        display(ClassDashboard(Lecturer(args.url, args.token)))
        return
    you = current()
    if you.home is None:
        raise UsageError(text("classroom.magic.lecturer"))
    display(ClassDashboard(you.home))
