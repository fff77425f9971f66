"""Stopping a server a test started, and everything it started in turn (kernels, proxies).

    family = descendants(process.pid)       # while the server is up: it knows its children
    ...                                     # ask it to shut its own things down, if it can
    end_process_tree(process, family)       # SIGTERM, then kill; then kill what is left
"""

from __future__ import annotations

import signal
import subprocess

import psutil


def descendants(pid: int) -> list[psutil.Process]:
    """Every process below `pid` now (none if it is gone): taken before stopping it, since
    an orphan no longer shows as its child."""
    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []


def end_process_tree(process: subprocess.Popen, family: list[psutil.Process],
                     grace_s: float = 30) -> None:
    """Ask `process` to stop (SIGTERM), kill it after `grace_s`, then kill each of `family`."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=grace_s)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
    for child in family:
        try:
            child.kill()
        except psutil.NoSuchProcess:
            pass
    psutil.wait_procs(family, timeout=10)
