"""How big a JupyterHub does a class need? 20 students through lab 1 at once on one machine.

Twenty kernels (the course's kernel: this venv's Python with the ledgerkit extension, as on
the hub) start together and each runs every code cell of lab 1; then, while all twenty are
still alive, each one's memory is read from /proc:

- peak RSS (VmHWM): the most memory the kernel ever held, shared libraries counted in full;
- PSS (smaps_rollup): its fair share, shared pages divided among the twenty, which is what
  twenty students really take from one machine;
- CPU time (utime + stime) and the wall time of the whole run.

Baselines measured in the same run: twenty bare kernels that run only `pass` (memory, CPU),
and one kernel running lab 1 alone (time). A JupyterLab server with the course's extensions,
serving the lab page, gives the rest of a user's memory, and each lab run alone finds the
heaviest one, which sets the memory guarantee. The printed sizing table is the one in
binder/hub/README.md. Goal: at most 150 MB per student kernel.

Run alone with `python tests/bench/bench_sizing.py`, or with the others via run.py.
"""

from __future__ import annotations

import math
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbclient import NotebookClient

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from run import Figure, report  # noqa: E402  (run.py sits next to this file)

ROOT = HERE.parents[1]
LABS = sorted((ROOT / "labs").glob("lab*/lab*.ipynb"))
LAB = LABS[0]  # lab 1, build a chain
STUDENTS = 20
GOAL_MB = 150
NODES_GB = (8, 32)
SYSTEM_RESERVE_GB = 1.0  # the operating system, the hub and its proxy on a classroom machine
MB = 1024 * 1024


@dataclass(frozen=True)
class KernelUse:
    """What one kernel used: peak RSS and PSS in MB, CPU and wall time in seconds.

    >>> KernelUse(peak_rss_mb=73, pss_mb=52, cpu_s=0.8, wall_s=1.5).pss_mb
    52
    """

    peak_rss_mb: float
    pss_mb: float
    cpu_s: float
    wall_s: float


def proc_memory(pid: int) -> tuple[float, float]:
    """(peak RSS, PSS) of a live process in MB, from /proc (Linux).

    >>> peak, pss = proc_memory(os.getpid())
    >>> 0 < pss <= peak * 1.01
    True
    """
    status = Path(f"/proc/{pid}/status").read_text()
    peak_kb = next(int(line.split()[1]) for line in status.splitlines()
                   if line.startswith("VmHWM:"))
    rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    pss_kb = next(int(line.split()[1]) for line in rollup.splitlines()
                  if line.startswith("Pss:"))
    return peak_kb / 1024, pss_kb / 1024


def proc_cpu_seconds(pid: int) -> float:
    """User + system CPU time of a live process, in seconds.

    >>> proc_cpu_seconds(os.getpid()) > 0
    True
    """
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def code_cells(path: Path) -> list[nbformat.NotebookNode]:
    """The code cells of a notebook, in order.

    >>> code_cells(LAB)[0].cell_type
    'code'
    """
    return [cell for cell in nbformat.read(path, as_version=4).cells if cell.cell_type == "code"]


def run_kernel(cells: list[nbformat.NotebookNode], all_done: threading.Barrier,
               folder: Path = LAB.parent) -> KernelUse:
    """Start a kernel, run `cells` in it, wait until every other kernel is done too (so PSS
    splits the shared pages among all of them), then read its use and shut it down."""
    notebook = nbformat.v4.new_notebook(cells=cells, metadata={
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
    client = NotebookClient(notebook, kernel_name="python3", timeout=600,
                            resources={"metadata": {"path": str(folder)}})
    with client.setup_kernel():
        pid = client.km.provisioner.pid
        start = time.perf_counter()
        for index, cell in enumerate(notebook.cells):
            client.execute_cell(cell, index)
        wall = time.perf_counter() - start
        all_done.wait()
        peak, pss = proc_memory(pid)
        cpu = proc_cpu_seconds(pid)
        all_done.wait()  # nobody shuts down before everyone has measured
    return KernelUse(peak, pss, cpu, wall)


def run_class(cells: list[nbformat.NotebookNode], students: int) -> tuple[list[KernelUse], float]:
    """`students` kernels at once, each running `cells`; their use and the total wall time."""
    barrier = threading.Barrier(students)
    start = time.perf_counter()
    with ThreadPoolExecutor(students) as pool:
        uses = list(pool.map(lambda _: run_kernel(cells, barrier), range(students)))
    return uses, time.perf_counter() - start


def server_peak_rss_mb() -> float:
    """Peak RSS of a JupyterLab server as a student's (this venv's extensions: JupyterLab,
    nbgrader, nbgitpuller), after it has served the lab page and a directory listing."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with tempfile.TemporaryDirectory(prefix="lk-sizing-") as home:
        command = [str(Path(sys.executable).parent / "jupyter"), "lab", "--no-browser",
                   "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
                   "--ServerApp.token=", f"--ServerApp.root_dir={home}"]
        if os.geteuid() == 0:
            command.append("--allow-root")
        env = {**os.environ, "HOME": home}
        server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)
        try:
            url = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 90
            while True:
                try:
                    for path in ("/lab", "/api/contents", "/api/kernelspecs"):
                        urllib.request.urlopen(url + path, timeout=10).read()
                    break
                except OSError:
                    if time.monotonic() > deadline or server.poll() is not None:
                        raise
                    time.sleep(0.25)
            return proc_memory(server.pid)[0]
        finally:
            server.terminate()
            server.wait(timeout=30)


def users_per_node(node_gb: float, per_user_mb: float) -> int:
    """How many users fit in a node of `node_gb`, after the system's reserve.

    >>> users_per_node(8, 350)
    20
    """
    return math.floor((node_gb - SYSTEM_RESERVE_GB) * 1024 / per_user_mb)


def sizing_table(lab1_kernel_mb: float, heaviest: tuple[str, float], server_mb: float,
                 cpu_s: float, class_wall_s: float) -> str:
    """The sizing table of the hub guide, in Markdown: the memory guarantee covers the server
    and the heaviest lab's kernel, rounded up to 64 MB.

    >>> print(sizing_table(73, ("lab05", 145), 126, 0.8, 16).splitlines()[-2])
    | 8 GB | 22 |
    """
    name, heaviest_mb = heaviest
    guarantee = 64 * math.ceil((server_mb + heaviest_mb) / 64)
    rows = [
        "| per user | measured | guarantee | limit |",
        "| --- | --- | --- | --- |",
        f"| memory | lab 1: {server_mb + lab1_kernel_mb:.0f} MB (server {server_mb:.0f} + kernel "
        f"{lab1_kernel_mb:.0f}); {name}: {server_mb + heaviest_mb:.0f} MB | {guarantee}M | 1G |",
        f"| CPU | {cpu_s:.1f} CPU-seconds to run all of lab 1; {STUDENTS} students at once: "
        f"{class_wall_s:.0f} s on {os.cpu_count()} cores | 0.1 | 1 |",
        "",
        "| node | users (memory guarantee) |",
        "| --- | --- |",
    ]
    rows += [f"| {gb} GB | {users_per_node(gb, guarantee)} |" for gb in NODES_GB]
    return "\n".join(rows)


def main() -> list[Figure]:
    lab = code_cells(LAB)
    bare = [nbformat.v4.new_code_cell("pass")]

    _, alone_wall = run_class(lab, 1)
    bare_uses, _ = run_class(bare, STUDENTS)
    lab_uses, class_wall = run_class(lab, STUDENTS)
    server_mb = server_peak_rss_mb()
    each_lab = {path.parent.name: run_kernel(code_cells(path), threading.Barrier(1), path.parent)
                for path in LABS}
    heaviest = max(each_lab.items(), key=lambda item: item[1].peak_rss_mb)

    def mean(values) -> float:
        return statistics.fmean(values)

    peak = mean(use.peak_rss_mb for use in lab_uses)
    worst = max(use.peak_rss_mb for use in lab_uses)
    pss = mean(use.pss_mb for use in lab_uses)
    cpu = mean(use.cpu_s for use in lab_uses)
    print(f"   {STUDENTS} kernels through lab 1 at once: {class_wall:.1f} s; per kernel: peak "
          f"RSS {peak:.0f} MB (worst {worst:.0f}), PSS {pss:.0f} MB, CPU {cpu:.2f} s; "
          f"goal <= {GOAL_MB} MB: {'met' if worst <= GOAL_MB else 'MISSED'}")
    print(f"   single-user server (JupyterLab + course extensions): peak RSS {server_mb:.0f} MB")
    print("   each lab alone, kernel peak RSS: " + ", ".join(
        f"{name} {use.peak_rss_mb:.0f} MB" for name, use in each_lab.items()))
    table = sizing_table(worst, (heaviest[0], heaviest[1].peak_rss_mb), server_mb, cpu,
                         class_wall)
    print("\n".join("   " + line for line in table.split("\n")))
    return [
        Figure("lab 1 kernel peak RSS per student, 20 at once", peak,
               mean(use.peak_rss_mb for use in bare_uses), "MB", f"goal ours <= {GOAL_MB} MB"),
        Figure("lab 1 kernel PSS per student, 20 at once", pss,
               mean(use.pss_mb for use in bare_uses), "MB", f"goal ours <= {GOAL_MB} MB"),
        Figure("lab 1 kernel CPU per student", cpu, mean(use.cpu_s for use in bare_uses), "s"),
        Figure("lab 1 wall time, 20 students at once vs one alone", class_wall, alone_wall, "s"),
        Figure("single-user server peak RSS vs a bare kernel's", server_mb,
               mean(use.peak_rss_mb for use in bare_uses), "MB"),
    ]


if __name__ == "__main__":
    report(main())
