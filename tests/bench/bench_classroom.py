"""The class ledger service under a class of 200: joining, acting and voting for minutes.

The service runs as its own process (`python -m ledgerkit.classroom serve`), as in class.
One load process plays 200 students over HTTP with tornado's async client: 4 core
enterprises, 4 banks, 4 validators, 2 regulators and 186 suppliers (tiers 1 to 3). Each
student joins, then every 1–3 s (a person's pace) reads its part of the book and, when its
role has a move (`ledgerkit.classroom.plays`, vouchers of 10,000 issued without end), signs
and sends it; otherwise it reads its record (a signed read), or one time in ten tries an
action outside its role (refused by the chain). Validators answer their node's votes as the
events say they wait.

Reported: p50/p95 latency of actions, votes and book reads; of a health check under the same
load (the baseline: the cost of the service's loop itself); the service's resident memory
(VmHWM); and the throughput (calls accepted and sealed, blocks, view changes). Goals from the
issue: p95 action latency ≤ 500 ms, memory ≤ 300 MB. Default duration 5 minutes;
LEDGERKIT_BENCH_CLASS_S=60 for a shorter run.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from run import Figure, report
from tornado.httpclient import AsyncHTTPClient, HTTPClientError, HTTPRequest

from ledgerkit.classroom.client import book_contract
from ledgerkit.classroom.plays import Move, Plan, next_move
from ledgerkit.classroom.protocol import Envelope, from_wire
from ledgerkit.contracts import ContractCall
from ledgerkit.crypto import KeyPair

DURATION_S = float(os.environ.get("LEDGERKIT_BENCH_CLASS_S", "300"))
CODE = "BENCH1"
ROLES = (["core"] * 4 + ["bank"] * 4 + ["validator"] * 4 + ["regulator"] * 2
         + [f"supplier:{1 + i % 3}" for i in range(186)])
PLAN = Plan(credit_line=Decimal("100000000.00"), voucher_amount=Decimal("10000.00"),
            vouchers=None)
THINK_S = (1.0, 3.0)
MISTAKES = 0.1  # a student with nothing to do tries something outside the role, now and then


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


class Load:
    """The 200 students, their timings and the counts."""

    def __init__(self, url: str) -> None:
        self.url, self.http = url, AsyncHTTPClient()
        self.timings: dict[str, list[float]] = {k: [] for k in ("act", "vote", "book", "me",
                                                                 "join", "health")}
        self.refused: dict[str, int] = {}
        self.roster: list[dict] = []
        self.stop_at = 0.0

    async def call(self, kind: str, method: str, path: str, body: bytes | None = None,
                   timeout: float = 60.0) -> dict:
        start = time.perf_counter()
        request = HTTPRequest(self.url + path, method=method, body=body,
                              headers={"X-Class-Code": CODE}, request_timeout=timeout)
        try:
            answer = json.loads((await self.http.fetch(request)).body)
        except HTTPClientError as refusal:
            said = json.loads(refusal.response.body) if refusal.response else {"rule": "?"}
            self.refused[said.get("rule", "?")] = self.refused.get(said.get("rule", "?"), 0) + 1
            answer = {"ok": False, **said}
        if kind:
            self.timings[kind].append(time.perf_counter() - start)
        return answer

    async def message(self, kind: str, key: KeyPair, what: str, body: dict) -> dict:
            # ?kind= is ignored by the service; it only labels the line in its access log
        return await self.call(kind, "POST", f"api/message?kind={kind or what}",
                               Envelope.create(key, what, body).to_bytes())

    async def student(self, number: int, role: str) -> None:
        key, name = KeyPair.generate("Ed25519"), f"s{number:03d}"  # a quick signer: the
        # students' kernels run on their own machines in class, not beside the service
        await asyncio.sleep(random.uniform(0, 20))  # the class arrives over 20 seconds
        me = await self.message("join", key, "join", {"name": name, "role": role})
        nonce = me["nonce"]
        while not self.roster:
            await asyncio.sleep(1)
        if role == "validator":
            await self.validator(key, me)
            return
        who = {"name": name, "role": me["role"], "tier": me["tier"]}
        while time.monotonic() < self.stop_at:
            await asyncio.sleep(random.uniform(*THINK_S))
            raw = await self.call("book", "GET", f"api/book?member={name}")
            book = from_wire(raw["book"])
            move = None
            if role != "regulator":
                move = next_move(who, book_contract(book), self.roster, book["today"], PLAN)
            if move is None and role != "regulator" and random.random() < MISTAKES:
                move = Move("issue", {"to": name, "amount": Decimal("1.00"),
                                      "due": book["today"], "trade_ref": "PO-OOPS"})
            if move is None:
                await self.message("me", key, "read", {"what": "audit" if role == "regulator"
                                                       else "me"})
                continue
            call = ContractCall.create(key, "CreditVouchers", move.action, move.args, nonce)
            said = await self.message("act", key, "act", {"call": call.serialize().decode(),
                                                          "action": move.action})
            if said.get("ok"):
                nonce = said["nonce"]
            elif said.get("rule") == "contract.nonce":
                nonce = (await self.message("", key, "read", {"what": "me"}))["nonce"]

    async def validator(self, key: KeyPair, me: dict) -> None:
        seat, last = str(me["seat"]), 0
        while time.monotonic() < self.stop_at + 10:  # stay to seal what is left
            said = await self.call("", "GET", f"api/events?after={last}&wait=5")
            events = said.get("events", [])
            if events:
                last = events[-1]["id"]
            if events and not any(seat in (e.get("waiting") or {}) for e in events):
                continue
            inbox = (await self.message("", key, "read", {"what": "me"})).get("inbox") or {}
            kinds = [w["kind"] for w in inbox.get("waiting", [])]
            current = inbox.get("round")
            if not kinds or current is None:
                continue
            body = {"seq": current["seq"], "view": current["view"], "kinds": kinds}
            if "commit" in kinds:
                body["block_signature"] = key.sign(bytes.fromhex(current["hash"])[::-1]).hex()
            await self.message("vote", key, "vote", body)

    async def health(self) -> None:
        while time.monotonic() < self.stop_at:
            await self.call("health", "GET", "health")
            await asyncio.sleep(0.5)

    async def run(self) -> dict:
        AsyncHTTPClient.configure(None, max_clients=400)
        self.http = AsyncHTTPClient()
        self.stop_at = time.monotonic() + 20 + DURATION_S
        students = [asyncio.create_task(self.student(i, role)) for i, role in enumerate(ROLES)]
        while len(self.timings["join"]) < len(ROLES):
            await asyncio.sleep(0.5)
        self.roster = (await self.call("", "GET", "api/roster"))["roster"]
        health = asyncio.create_task(self.health())
        await asyncio.gather(*students, health)
        return (await self.call("", "GET", "api/status"))["status"]


ACCESS = re.compile(r"^\d{3} (?:GET|POST) /(\S+) \([^)]*\) ([\d.]+)ms$")


def service_times(log: Path) -> dict[str, list[float]]:
    """Milliseconds the service spent on each request, by kind, from its access log."""
    found: dict[str, list[float]] = {k: [] for k in ("act", "vote", "book", "me", "health")}
    for line in log.read_text().splitlines():
        match = ACCESS.match(line)
        if match is None:
            continue
        path, spent = match.group(1), float(match.group(2))
        kind = path.split("kind=", 1)[1] if "kind=" in path else path.split("?")[0]
        kind = {"api/book": "book", "health": "health"}.get(kind, kind)
        if kind in found:
            found[kind].append(spent)
    return found


def rss_mb(pid: int, field: str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> list[Figure]:
    folder = Path(tempfile.mkdtemp(prefix="bench-classroom-"))
    profile = os.environ.get("LEDGERKIT_BENCH_PROFILE")  # a file: profile the service
    python = [sys.executable] + (["-m", "cProfile", "-o", profile] if profile else [])
    log = (folder / "access.log").open("w")
    service = subprocess.Popen(
        [*python, "-m", "ledgerkit.classroom", "serve", "--code", CODE, "--port", "0",
         "--db", str(folder / "class.db"), "--tick-ms", "50", "--timeout", "5",
         "--access-log"], stdout=subprocess.PIPE, stderr=log, text=True)
    try:
        ready = json.loads(service.stdout.readline())
        load = Load(ready["ready"])
        started = time.monotonic()
        status = asyncio.run(load.run())
        wall = time.monotonic() - started
        peak, now = rss_mb(service.pid, "VmHWM"), rss_mb(service.pid, "VmRSS")
        ticks = os.sysconf("SC_CLK_TCK")
        fields = Path(f"/proc/{service.pid}/stat").read_text().rsplit(")", 1)[1].split()
        busy = (int(fields[11]) + int(fields[12])) / ticks / wall  # utime + stime
    finally:
        service.terminate()
        service.wait(10)
    ms = {kind: [1000 * t for t in values] for kind, values in load.timings.items()}
    served = service_times(folder / "access.log")
    log.close()
    shutil.rmtree(folder, ignore_errors=True)
    print(f"   {len(ROLES)} students, {DURATION_S:.0f} s of acting ({wall:.0f} s in all): "
          f"{len(ms['act'])} actions, {len(ms['vote'])} votes, {len(ms['book'])} book reads, "
          f"{len(ms['me'])} signed reads; {status['height']} blocks, "
          f"{status['counts']['calls']} calls accepted, {status['pending']} still pending, "
          f"{status['counts']['timeouts']} view-change timeouts; refusals {load.refused}; "
          f"join p95 {percentile(ms['join'], 0.95):.0f} ms; RSS now {now:.0f} MB; service "
          f"busy {100 * busy:.0f}% of one core; load average {os.getloadavg()[0]:.1f} on "
          f"{os.cpu_count()} cores", flush=True)
    for kind in ("act", "vote", "book", "me", "health"):
        print(f"   {kind:6} p50 {percentile(ms[kind], 0.5):7.1f} ms   "
              f"p95 {percentile(ms[kind], 0.95):7.1f} ms   n={len(ms[kind])}   "
              f"(in the service: p50 {percentile(served[kind], 0.5):6.1f} ms, "
              f"p95 {percentile(served[kind], 0.95):6.1f} ms)", flush=True)
    health50 = percentile(ms["health"], 0.5)
    return [
        Figure("classroom: action latency p95, 200 students (vs goal 500 ms)",
               percentile(ms["act"], 0.95), 500, "ms", "goal: <= 1.00"),
        Figure("classroom: action latency p50 (vs health check p50, same load)",
               percentile(ms["act"], 0.5), health50, "ms"),
        Figure("classroom: action time in the service p95 (vs goal 500 ms)",
               percentile(served["act"], 0.95), 500, "ms", "goal: <= 1.00"),
        Figure("classroom: vote latency p95 (vs goal 500 ms)", percentile(ms["vote"], 0.95),
               500, "ms", "goal: <= 1.00"),
        Figure("classroom: book read latency p95 (vs goal 500 ms)",
               percentile(ms["book"], 0.95), 500, "ms", "goal: <= 1.00"),
        Figure("classroom: service peak memory (vs goal 300 MB)", peak, 300, "MB",
               "goal: <= 1.00"),
    ]


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    report(main())
