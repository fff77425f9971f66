"""Where the class chain is kept (持久化存储): a SQLite file, so a restart loses nothing.

The store keeps what cannot be recomputed: the class settings and the service's own keys,
every student's public key and role, every accepted call in the order the chain accepted it
(and the block that sealed it), every block's header and signatures, the date, the log of
attempts the regulator reads (refusals included), and the nonces of recent messages (so a
message cannot be replayed across a restart). The chain itself is rebuilt by replaying the
calls through the same rules (`ledgerkit.classroom.export.replay`), and each rebuilt block
must hash exactly as stored.

Each change is written and committed before the service answers, in SQLite's WAL mode: a
killed service keeps everything it confirmed.

>>> store = Store(":memory:")
>>> store.save_config({"code": "ABC123"}); store.config()["code"]
'ABC123'
"""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS config (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS students (
    name TEXT PRIMARY KEY, role TEXT NOT NULL, public_key TEXT NOT NULL, curve TEXT NOT NULL,
    seat INTEGER, hub_user TEXT, joined REAL NOT NULL);
CREATE TABLE IF NOT EXISTS calls (
    pos INTEGER PRIMARY KEY, call BLOB NOT NULL, day TEXT NOT NULL, cut INTEGER NOT NULL,
    block INTEGER);
CREATE TABLE IF NOT EXISTS blocks (
    height INTEGER PRIMARY KEY, hash TEXT NOT NULL, header BLOB NOT NULL,
    signatures TEXT NOT NULL, calls INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS attempts (id INTEGER PRIMARY KEY, record TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS nonces (
    sender TEXT NOT NULL, nonce TEXT NOT NULL, sent INTEGER NOT NULL,
    PRIMARY KEY (sender, nonce));
"""


class Store:
    """A SQLite file (or ":memory:", for a class simulated in one notebook).

    >>> Store(":memory:").calls()
    []
    """

    def __init__(self, path: str | Path = ":memory:") -> None:
        self.path = str(path)
        self._db = sqlite3.connect(self.path, isolation_level=None)  # we commit by hand
        if self.path != ":memory:":
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL: safe if we crash
        self._db.executescript(SCHEMA)

    def close(self) -> None:
        """Close the file (everything is already committed)."""
        self._db.close()

    def _write(self, sql: str, *params: Any) -> None:
        with self._db:  # one transaction, committed at once
            self._db.execute("BEGIN")
            self._db.execute(sql, params)

    # --- settings ---
    def config(self) -> dict[str, Any] | None:
        """The class settings, or None for a new store."""
        rows = self._db.execute("SELECT key, value FROM config").fetchall()
        return {key: json.loads(value) for key, value in rows} or None

    def save_config(self, values: dict[str, Any]) -> None:
        """Set some settings (JSON values)."""
        with self._db:
            self._db.execute("BEGIN")
            self._db.executemany("INSERT OR REPLACE INTO config VALUES (?, ?)",
                                 [(key, json.dumps(value)) for key, value in values.items()])

    def save_today(self, day: date) -> None:
        """The chain's date after the lecturer moved the clock."""
        self.save_config({"today": day.isoformat()})

    # --- students ---
    def save_student(self, name: str, role: str, public_key: str, curve: str,
                     seat: int | None, hub_user: str | None, joined: float) -> None:
        """Add a student, or replace their record (a new key after a kernel was lost)."""
        self._write("INSERT OR REPLACE INTO students VALUES (?, ?, ?, ?, ?, ?, ?)",
                    name, role, public_key, curve, seat, hub_user, joined)

    def students(self) -> list[dict[str, Any]]:
        """Every student, in the order they joined."""
        cursor = self._db.execute("SELECT * FROM students ORDER BY joined, name")
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    # --- calls and blocks ---
    def add_call(self, pos: int, call: bytes, day: date, cut: bool) -> None:
        """An accepted call, number `pos` in the chain's order; `cut`: a block may end here."""
        self._write("INSERT INTO calls VALUES (?, ?, ?, ?, NULL)", pos, call, day.isoformat(),
                    int(cut))

    def mark_cut(self, pos: int) -> None:
        """Let a block end after call `pos` (the last call of a join)."""
        self._write("UPDATE calls SET cut = 1 WHERE pos = ?", pos)

    def calls(self) -> list[dict[str, Any]]:
        """Every accepted call in order: pos, call (bytes), day, cut, block (None: pending)."""
        rows = self._db.execute("SELECT pos, call, day, cut, block FROM calls ORDER BY pos")
        return [{"pos": pos, "call": bytes(call), "day": date.fromisoformat(day),
                 "cut": bool(cut), "block": block} for pos, call, day, cut, block in rows]

    def add_block(self, height: int, hash_hex: str, header: bytes,
                  signatures: list[tuple[str, str]], first_pos: int, count: int) -> None:
        """A sealed block of calls `first_pos` … `first_pos + count - 1`, in one transaction."""
        with self._db:
            self._db.execute("BEGIN")
            self._db.execute("INSERT INTO blocks VALUES (?, ?, ?, ?, ?)", (
                height, hash_hex, header, json.dumps(signatures), count))
            self._db.execute("UPDATE calls SET block = ? WHERE pos >= ? AND pos < ?",
                             (height, first_pos, first_pos + count))

    def blocks(self) -> list[dict[str, Any]]:
        """Every sealed block after genesis: height, hash, header, signatures, calls."""
        rows = self._db.execute(
            "SELECT height, hash, header, signatures, calls FROM blocks ORDER BY height")
        return [{"height": height, "hash": hash_hex, "header": bytes(header),
                 "signatures": [tuple(s) for s in json.loads(signatures)], "calls": count}
                for height, hash_hex, header, signatures, count in rows]

    # --- the regulator's log and the nonces ---
    def add_attempt(self, record: dict[str, Any]) -> None:
        """One attempt (accepted or refused), as the regulator reads it."""
        self._write("INSERT INTO attempts (record) VALUES (?)", json.dumps(record,
                                                                          ensure_ascii=False))

    def attempts(self) -> list[dict[str, Any]]:
        """Every attempt, oldest first."""
        rows = self._db.execute("SELECT record FROM attempts ORDER BY id")
        return [json.loads(record) for (record,) in rows]

    def add_nonce(self, sender: str, nonce: str, sent: int) -> None:
        """A message nonce seen (kept until it leaves the replay window)."""
        self._write("INSERT OR IGNORE INTO nonces VALUES (?, ?, ?)", sender, nonce, sent)

    def nonces(self, since: int) -> list[tuple[str, str, int]]:
        """The nonces of messages sent at `since` or later; older ones are deleted."""
        with self._db:
            self._db.execute("BEGIN")
            self._db.execute("DELETE FROM nonces WHERE sent < ?", (since,))
        return list(self._db.execute("SELECT sender, nonce, sent FROM nonces"))
