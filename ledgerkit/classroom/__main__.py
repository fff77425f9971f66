"""`python -m ledgerkit.classroom …`: serve a class, control it, or run a scripted student.

    python -m ledgerkit.classroom serve --code ABC123 --port 8765 --db class.db
    python -m ledgerkit.classroom lecturer --url URL --token TOKEN advance 180
    python -m ledgerkit.classroom lecturer --url URL --token TOKEN crash          (the primary)
    python -m ledgerkit.classroom lecturer --url URL --token TOKEN export chain.json
    python -m ledgerkit.classroom student --url URL --code ABC123 --name v1 --role validator

`serve` prints one JSON line when it listens: {"ready": url, "code", "lecturer_token", ...}.
A `student` joins and then answers its validator node's votes until stopped (a classmate
who never misses a vote).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import signal
import sys
import threading
from datetime import date
from pathlib import Path

from ledgerkit.classroom.client import AutoVoter, ClassClient, Lecturer, Refused
from ledgerkit.classroom.network import ClassSettings
from ledgerkit.classroom.plays import Plan, next_move
from ledgerkit.errors import LedgerError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m ledgerkit.classroom",
                                     description="The class ledger service (课堂账本服务).")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="start (or reopen) a class and serve it")
    serve.add_argument("--code", default=None, help="the join code, e.g. ABC123 (new class)")
    serve.add_argument("--db", required=True, help="the SQLite file that keeps the class")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8765, help="0: any free port")
    serve.add_argument("--prefix", default="/", help="URL prefix (a hub service sets it)")
    serve.add_argument("--seats", type=int, default=4, help="validator seats (new class)")
    serve.add_argument("--timeout", type=float, default=15.0,
                       help="seconds without progress before a view change (new class)")
    serve.add_argument("--start", default="2025-01-01", help="the chain's first date")
    serve.add_argument("--tick-ms", type=int, default=100)
    serve.add_argument("--access-log", action="store_true",
                       help="write every request and its service time to stderr")
    lecturer = commands.add_parser("lecturer", help="control a running class")
    lecturer.add_argument("--url", required=True)
    lecturer.add_argument("--token", required=True, help="the lecturer token serve printed")
    lecturer.add_argument("op", choices=("status", "advance", "crash", "byzantine", "recover",
                                         "partition", "heal", "export"))
    lecturer.add_argument("args", nargs="*", help="days | seat | groups like 0,1 2,3 | file")
    student = commands.add_parser("student", help="join as a scripted student")
    student.add_argument("--url", required=True)
    student.add_argument("--code", required=True)
    student.add_argument("--name", required=True)
    student.add_argument("--role", default=None)
    student.add_argument("--key-file", default=None)
    student.add_argument("--delay", type=float, default=0.0,
                         help="seconds a validator thinks before each vote")
    student.add_argument("--play", action="store_true",
                         help="act by the role's play (ledgerkit.classroom.plays)")
    student.add_argument("--vouchers", type=int, default=1,
                         help="how many vouchers a playing core enterprise issues")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "serve":
            from ledgerkit.classroom.service import serve

            settings = None
            if args.code is not None:
                settings = ClassSettings(code=args.code, seats=args.seats,
                                         timeout_s=args.timeout,
                                         start=date.fromisoformat(args.start))
            asyncio.run(serve(args.db, settings, host=args.host, port=args.port,
                              prefix=args.prefix, tick_ms=args.tick_ms,
                              access_log=args.access_log))
        elif args.command == "lecturer":
            print(json.dumps(_lecturer(args), ensure_ascii=False, indent=1))
        else:
            _student(args)
    except LedgerError as refusal:
        print(refusal, file=sys.stderr)
        return 1
    return 0


def _lecturer(args: argparse.Namespace) -> object:
    remote = Lecturer(args.url, args.token)
    op, rest = args.op, args.args
    if op == "status":
        return remote.status()
    if op == "export":
        record = remote.export()
        Path(rest[0] if rest else "class-chain.json").write_text(
            json.dumps(record, ensure_ascii=False, indent=1), encoding="utf-8")
        return {"blocks": len(record["blocks"]), "file": rest[0] if rest else "class-chain.json"}
    if op == "advance":
        return remote.command("advance", days=int(rest[0]))
    if op == "partition":
        return remote.command("partition", groups=[[int(s) for s in group.split(",")]
                                                   for group in rest])
    if op == "heal":
        return remote.command("heal")
    return remote.command(op, seat=int(rest[0]) if rest else None)


def _student(args: argparse.Namespace) -> None:
    """Join, answer the node's votes (a validator), and act by the role's play until
    stopped. Every move and refusal is printed as one JSON line."""
    client = ClassClient(args.url, args.code, name=args.name, key_file=args.key_file)
    me = client.join(role=args.role)
    print(json.dumps({"joined": me}, ensure_ascii=False), flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    voter = None
    if me["role"] == "validator":
        voter = AutoVoter(client, delay=args.delay)
        voter.start()
    plan, last = Plan(vouchers=args.vouchers), 0
    who = {"name": me["name"], "role": me["role"], "tier": me["tier"]}
    try:
        while not stop.is_set():
            if args.play and me["role"] not in ("validator", "regulator"):
                book = client.book(mine=True)
                move = next_move(who, book, client.get("roster"), client.today, plan)
                if move is not None:
                    try:
                        client.act(move.action, **move.args)
                        print(json.dumps({"did": move.action}), flush=True)
                    except Refused as refusal:
                        print(json.dumps({"refused": move.action, "rule": refusal.rule}),
                              flush=True)
                        stop.wait(1.0)
                    continue
            events = client.events(last, wait=2.0)
            last = events[-1]["id"] if events else last
    except KeyboardInterrupt:
        pass
    finally:
        if voter is not None:
            voter.stop()


if __name__ == "__main__":
    sys.exit(main())
