"""Start and stop the processes of an end-to-end class: the service and students.

Every process writes its output to a file in the test's folder, so a test can wait for a
line without blocking on a pipe, and `Processes.stop_all` ends every process it started,
even when the test fails.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

PYTHON = sys.executable


class Processes:
    """The processes of one test; each has a name, a Popen and an output file."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.running: dict[str, subprocess.Popen] = {}
        self.env = {**os.environ, "LEDGERKIT_HOME": str(folder / "home"),
                    "PYTHONUNBUFFERED": "1"}

    def start(self, name: str, *args: str) -> subprocess.Popen:
        out = (self.folder / f"{name}.out").open("ab")
        process = subprocess.Popen([PYTHON, "-m", "ledgerkit.classroom", *args], stdout=out,
                                   stderr=subprocess.STDOUT, env=self.env)
        self.running[name] = process
        return process

    def lines(self, name: str) -> list[dict]:
        """The JSON lines a process printed so far."""
        found = []
        for line in (self.folder / f"{name}.out").read_text(errors="replace").splitlines():
            if line.startswith("{"):
                try:
                    found.append(json.loads(line))
                except ValueError:
                    pass
        return found

    def output(self, name: str) -> str:
        return (self.folder / f"{name}.out").read_text(errors="replace")

    def wait_line(self, name: str, key: str, timeout: float = 30.0) -> dict:
        """The first JSON line of `name` with `key`, waiting for it."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in self.lines(name):
                if key in line:
                    return line
            if self.running[name].poll() is not None:
                break
            time.sleep(0.1)
        raise AssertionError(f"{name} printed no {key!r}:\n{self.output(name)[-3000:]}")

    def kill(self, name: str) -> None:
        """SIGKILL: the process has no chance to say goodbye."""
        process = self.running[name]
        process.send_signal(signal.SIGKILL)
        process.wait(10)

    def stop_all(self) -> None:
        """Students first (while the service still answers them), then the services."""
        students = [p for name, p in self.running.items() if not name.startswith("service")]
        services = [p for name, p in self.running.items() if name.startswith("service")]
        for group in (students, services):
            for process in group:
                if process.poll() is None:
                    process.terminate()
            for process in group:
                try:
                    process.wait(5)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(5)


def wait_for(condition, timeout: float, what: str, every: float = 0.2):
    """Call `condition()` until it returns something true; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        found = condition()
        if found:
            return found
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(every)
