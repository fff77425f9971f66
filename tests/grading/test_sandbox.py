"""The grading sandbox, driven directly through jupyter_client (no nbgrader): what student
code in a sandboxed kernel can and cannot reach, and that it leaves nothing behind."""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import tempfile
import textwrap
import uuid
from pathlib import Path

import nbformat
import pytest
from hostile import STUBBORN_LOOP
from jupyter_core.utils import run_sync
from nbformat.v4 import new_code_cell, new_notebook
from traitlets.config import Config

from autograder.sandbox import (
    SandboxExecute,
    SandboxKernelManager,
    describe_sandbox,
    sandbox_mode,
)

SECRET = "SECRET-HIDDEN-TEST-7f3a"


class Kernel:
    """A sandboxed kernel and a way to run code in it and read what it printed."""

    def __init__(self, submission: Path | None, **limits):
        self.km = SandboxKernelManager(kernel_name="python3", **limits)
        run_sync(self.km.start_kernel)(cwd=str(submission) if submission else None)
        self.workspace = self.km.workspace
        self.kc = self.km.blocking_client()
        self.kc.start_channels()
        try:
            self.kc.wait_for_ready(timeout=60)
        except RuntimeError:
            self.shutdown()  # leave no sandbox behind, even when it did not start
            raise

    def run(self, code: str, timeout: float = 30) -> tuple[str, str]:
        """(status, everything printed, error names included) of one cell."""
        printed = []

        def keep(msg):
            content = msg["content"]
            if msg["msg_type"] == "stream":
                printed.append(content["text"])
            elif msg["msg_type"] == "error":
                printed.append(f"{content['ename']}: {content['evalue']}\n")

        reply = self.kc.execute_interactive(textwrap.dedent(code), timeout=timeout,
                                            output_hook=keep)
        return reply["content"]["status"], "".join(printed)

    def alive(self) -> bool:
        return run_sync(self.km.is_alive)()

    def shutdown(self) -> None:
        self.kc.stop_channels()
        run_sync(self.km.shutdown_kernel)(now=False)


@pytest.fixture
def course(tmp_path):
    """A course folder as nbgrader lays it out, with secrets where a grader keeps them,
    and alice's submission folder (the kernel's working directory)."""
    root = tmp_path / "course"
    for path in ("source/hw/hw.ipynb", "gradebook.db", "submitted/bob/hw/hw.ipynb",
                 "release/hw/hw.ipynb", "exchange/inbound/bob+hw/hw.ipynb"):
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(SECRET)
    mine = root / "submitted" / "alice" / "hw"
    mine.mkdir(parents=True)
    (mine / "hw.ipynb").write_text(SECRET)  # as nbgrader leaves it: hidden tests put back
    (mine / "data.csv").write_text("a,b\n1,2\n")
    (mine / "gradebook-link").symlink_to(root / "gradebook.db")
    return root


@pytest.fixture
def kernel(course):
    k = Kernel(course / "submitted" / "alice" / "hw")
    yield k
    k.shutdown()


def marked_processes(marker: str) -> list[int]:
    """Host pids whose command line holds `marker` (a /proc scan; zombies have none)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if marker.encode() in (entry / "cmdline").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def test_the_best_sandbox_of_this_machine_is_bubblewrap():
    assert sandbox_mode() == "bubblewrap"
    assert describe_sandbox().startswith("sandbox bubblewrap")


def test_student_code_cannot_read_the_course_or_the_repository(kernel, course):
    targets = [course / p for p in ("source/hw/hw.ipynb", "gradebook.db",
                                    "submitted/bob/hw/hw.ipynb", "release/hw/hw.ipynb",
                                    "exchange/inbound/bob+hw/hw.ipynb")]
    repo = Path(__file__).resolve().parents[2]
    targets += [repo / "autograder" / "source", repo / "autograder" / "nbgrader_config.py",
                Path("/etc/shadow"), Path("/root/.bashrc")]
    status, out = kernel.run(f"""
        import os
        for path in {[str(t) for t in targets]!r}:
            try:
                with open(path) as f:
                    print("READ", path, f.read())
            except OSError as e:
                print("refused", type(e).__name__)
        secret = {SECRET[:7]!r} + {SECRET[7:]!r}  # not in the cell's text (kept in history)
        for top, dirs, files in os.walk('/'):
            dirs[:] = [d for d in dirs if d not in ('proc', 'sys', 'dev', 'usr', '.venv', '.pyenv')]
            for name in files:
                try:
                    with open(os.path.join(top, name), 'rb') as f:
                        if secret.encode() in f.read(1_000_000):
                            print("FOUND", top, name)
                except OSError:
                    pass
        print(os.listdir('..'), os.path.exists({str(course)!r}), os.path.exists({str(repo)!r}))
        print(sorted(os.listdir({str(repo)!r})))
        print(open('gradebook-link').read() if os.path.exists('gradebook-link') else 'no link')
    """)
    assert status == "ok", out
    assert "READ" not in out and "FOUND" not in out and SECRET not in out
    assert out.count("refused") == len(targets)
    assert "['student'] False True" in out  # the repo path exists only for ledgerkit...
    assert "['.venv', 'ledgerkit']" in out  # ...and holds nothing else
    assert "no link" in out


def test_student_code_writes_only_in_its_own_scratch(kernel, course, tmp_path):
    repo = Path(__file__).resolve().parents[2]
    mine = course / "submitted" / "alice" / "hw"
    before = {p: p.read_bytes() for p in course.rglob("*") if p.is_file()}
    host_tmp = Path("/tmp") / f"lk-sandbox-test-{uuid.uuid4().hex}"
    victims = [repo / "PWNED", course / "gradebook.db", course / "submitted" / "bob" / "new",
               mine / "hw.ipynb", tmp_path / "outside", Path("/usr/PWNED"),
               Path(kernel.km.connection_file).parent / "fill"]  # seen inside, read-only
    status, out = kernel.run(f"""
        import os
        for path in {[str(v) for v in victims]!r}:
            try:
                with open(path, 'w') as f:
                    f.write('pwned')
                print("WROTE", path)
            except OSError as e:
                print("refused", type(e).__name__)
        open('answer.txt', 'w').write('mine'); open('/tmp/t.txt', 'w').write('mine')
        open({str(host_tmp)!r}, 'w').write('private')  # its own /tmp, not the host's
        print(sorted(os.listdir('.')), open('/tmp/t.txt').read())
    """)
    assert status == "ok", out
    assert "WROTE" not in out and out.count("refused") == len(victims)
    # a copy of the folder, without the notebook (nbgrader's copy holds the hidden tests)
    assert "['answer.txt', 'data.csv'] mine" in out
    assert not (repo / "PWNED").exists() and not host_tmp.exists()
    assert not (tmp_path / "outside").exists()
    after = {p: p.read_bytes() for p in course.rglob("*") if p.is_file()}
    assert after == before


def test_student_code_has_no_network(kernel):
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        server.settimeout(0.5)
        port = server.getsockname()[1]
        status, out = kernel.run(f"""
            import socket
            for host in ('127.0.0.1', 'localhost', '10.0.0.1'):
                try:
                    socket.create_connection((host, {port}), timeout=2)
                    print("CONNECTED", host)
                except OSError as e:
                    print("no route", type(e).__name__)
            print(sorted(socket.if_nameindex()))
        """)
        with pytest.raises(TimeoutError):
            server.accept()
    assert status == "ok", out
    assert "CONNECTED" not in out and out.count("no route") == 3
    assert "[(1, 'lo')]" in out


def test_student_code_runs_as_a_fresh_unprivileged_uid(kernel):
    status, out = kernel.run("""
        import os
        status = open('/proc/self/status').read()
        caps = [line.split()[1] for line in status.splitlines() if line.startswith('Cap')]
        print(os.getuid(), os.geteuid(), os.getgid(), os.getgroups(), set(caps))
        print(sorted(int(p) for p in os.listdir('/proc') if p.isdigit()))
    """)
    assert status == "ok", out
    uid_line, pids_line = out.splitlines()
    uid = int(uid_line.split()[0])
    assert 62000 <= uid <= 64999 and uid_line.startswith(f"{uid} {uid} {uid} [] ")
    assert "{'0000000000000000'}" in uid_line  # no capability at all
    assert max(eval(pids_line)) < 20  # its own process namespace: a handful of pids


def test_ledgerkit_and_its_extension_work_inside(kernel):
    status, out = kernel.run("""
        %load_ext ledgerkit
        import ledgerkit
        from ledgerkit.crypto import sha256
        print(sha256(b'abc').hex()[:16], 'ledgerkit' in get_ipython().extension_manager.loaded)
    """)
    assert status == "ok", out
    assert "ba7816bf8f01cfea True" in out


def test_memory_hog_gets_memory_error_and_the_kernel_lives_on(kernel):
    status, out = kernel.run("hog = bytearray(3 * 1024**3)")
    assert status == "error" and "MemoryError" in out
    assert kernel.run("print(6 * 7)") == ("ok", "42\n")


def test_a_cell_in_a_busy_loop_is_interrupted_by_a_message(kernel):
    msg_id = kernel.kc.execute("print('looping', flush=True)\nwhile True: pass")
    while kernel.kc.get_iopub_msg(timeout=10)["msg_type"] != "stream":
        pass  # wait until the loop runs
    run_sync(kernel.km.interrupt_kernel)()
    reply = kernel.kc.get_shell_msg(timeout=20)
    while reply["parent_header"]["msg_id"] != msg_id:  # skip late kernel_info replies
        reply = kernel.kc.get_shell_msg(timeout=20)
    assert reply["content"]["ename"] == "KeyboardInterrupt"


def test_fork_bomb_is_capped_and_daemons_die_with_the_kernel(course):
    marker = f"lk-daemon-{uuid.uuid4().hex}"
    k = Kernel(course / "submitted" / "alice" / "hw", max_processes=40)
    try:
        status, out = k.run(f"""
            import os, subprocess, sys, time
            children = []
            try:
                for _ in range(500):
                    pid = os.fork()
                    if pid == 0:
                        time.sleep(600)
                        os._exit(0)
                    children.append(pid)
            except OSError as e:
                print("fork refused after", len(children), type(e).__name__)
            for pid in children:  # make room for the daemons
                os.kill(pid, 9)
                os.waitpid(pid, 0)
            sleeper = [sys.executable, '-c', 'import time; time.sleep(1000)', {marker!r}]
            subprocess.Popen(sleeper, start_new_session=True)
            subprocess.Popen(['/bin/sh', '-c', 'setsid "$@" & exit 0', 'sh', *sleeper])
            time.sleep(1)
        """)
        assert status == "ok", out
        assert "fork refused after" in out
        assert int(out.split("fork refused after")[1].split()[0]) < 40
        assert len(marked_processes(marker)) == 2  # the scan sees them while they live
    finally:
        k.shutdown()
    assert marked_processes(marker) == []
    assert not k.workspace.exists()


def test_scratch_folders_of_graders_that_died_are_swept_away(course):
    gone = subprocess.Popen(["true"])
    gone.wait()
    leftover = Path(tempfile.gettempdir()) / f"lk-sandbox-{gone.pid}-leftover"
    leftover.mkdir()
    k = Kernel(course / "submitted" / "alice" / "hw")
    k.shutdown()
    assert not leftover.exists()


def test_the_cpu_limit_ends_a_kernel_that_spins(course):
    k = Kernel(course / "submitted" / "alice" / "hw", cpu_seconds=2)
    try:
        k.kc.execute("while True: pass")
        k.km.provisioner.process.wait(timeout=60)
        assert not k.alive()
    finally:
        k.shutdown()


def test_file_size_and_scratch_space_are_limited(course):
    k = Kernel(course / "submitted" / "alice" / "hw", max_file_mb=1, scratch_mb=8)
    try:
        status, out = k.run("""
            chunk = b'x' * 1024 * 1024
            for name in ('big.bin', '/tmp/big.bin'):
                try:
                    with open(name, 'wb') as f:
                        f.write(chunk * 3)
                except OSError as e:
                    print(name, type(e).__name__, e.errno)
            import os
            try:
                for i in range(20):
                    with open(f'/tmp/part{i}', 'wb') as f:
                        f.write(chunk)
            except OSError as e:
                print('full after', i, e.errno)
        """)
    finally:
        k.shutdown()
    assert status == "ok", out
    assert "big.bin OSError 27" in out and "/tmp/big.bin OSError 27" in out  # EFBIG
    assert "full after" in out and "28" in out.split("full after")[1]  # ENOSPC


def test_none_mode_warns_loudly_and_isolates_nothing(course, caplog):
    with caplog.at_level(logging.WARNING, logger="autograder.sandbox"):
        k = Kernel(course / "submitted" / "alice" / "hw", mode="none")
    try:
        status, out = k.run(f"import os; print(os.getuid(), "
                            f"open({str(course / 'gradebook.db')!r}).read())")
    finally:
        k.shutdown()
    assert status == "ok" and out == f"{os.getuid()} {SECRET}\n"
    assert "'none' mode" in caplog.text and "!!!!" in caplog.text


def executed(folder: Path, cells: list[str], **settings) -> nbformat.NotebookNode:
    """Run a notebook of `cells` in `folder` through SandboxExecute, as nbgrader would."""
    nb = new_notebook(cells=[new_code_cell(source) for source in cells])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    step = SandboxExecute(**settings)
    nb, _ = step.preprocess(nb, {"metadata": {"path": str(folder)}})
    return nb


def enames(cell) -> list[str]:
    return [out.get("ename") for out in cell.outputs if out.output_type == "error"]


def test_a_loop_that_ignores_the_interrupt_gets_its_kernel_killed(tmp_path):
    nb = executed(tmp_path, ["x = 1", STUBBORN_LOOP, "print(x)", "y = 2"], timeout=2)
    assert enames(nb.cells[0]) == []
    assert enames(nb.cells[1])[-1] == "CellTimeoutError"
    assert nb.cells[1].outputs[-1].evalue.startswith("cell 2 ran longer than 2 s and ignored")
    assert [enames(c) for c in nb.cells[2:]] == [["DeadKernelError"]] * 2
    assert nb.cells[2].outputs[0].evalue == "Not run: the grader stopped the kernel at cell 2."


def test_a_plain_endless_loop_is_interrupted_and_the_notebook_goes_on(tmp_path):
    nb = executed(tmp_path, ["x = 1", "while True: pass", "print(x)"], timeout=2)
    assert "CellTimeoutError" in enames(nb.cells[1]) or "KeyboardInterrupt" in enames(
        nb.cells[1])
    assert nb.cells[2].outputs[0].text == "1\n"


def test_a_kernel_that_exits_is_reported_and_the_rest_marked_not_run(tmp_path):
    nb = executed(tmp_path, ["import os", "os._exit(3)", "print('after')"], timeout=10)
    assert enames(nb.cells[1]) == ["DeadKernelError"]
    assert nb.cells[1].outputs[0].evalue == "The kernel died while running cell 2."
    assert enames(nb.cells[2]) == ["DeadKernelError"]
    assert nb.cells[2].outputs[0].evalue == "Not run: the kernel died at cell 2."


def test_test_cells_run_with_the_real_builtins_and_the_student_keeps_theirs(tmp_path):
    nb = new_notebook(cells=[new_code_cell(source) for source in (
        "def type(x):\n    return str\nanswer = 42",
        "assert type(answer) is str, 'caught'",
        "print(type(answer), max)",
        "max = 'mine'",
        "assert max(1, 2) == 2",
        "print(max)",
    )])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    for index in (1, 4):
        nb.cells[index].metadata["nbgrader"] = {"grade": True, "solution": False,
                                                "grade_id": f"t{index}", "points": 1}
    nb, _ = SandboxExecute(timeout=10).preprocess(nb, {"metadata": {"path": str(tmp_path)}})
    assert nb.cells[1].outputs[-1].evalue == "caught"  # the test saw Python's type
    assert nb.cells[2].outputs[0].text == "<class 'str'> <built-in function max>\n"
    assert enames(nb.cells[4]) == []  # the test saw Python's max...
    assert nb.cells[5].outputs[0].text == "mine\n"  # ...and the student's max came back


def test_breaking_the_graders_helpers_does_not_skip_the_tests(tmp_path):
    nb = new_notebook(cells=[new_code_cell("del __lk_export, __lk_call\nanswer = 1"),
                             new_code_cell("assert answer == 2, 'wrong'")])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nb.cells[1].metadata["nbgrader"] = {"grade": True, "solution": False, "grade_id": "t",
                                        "points": 1}
    nb, _ = SandboxExecute(timeout=10).preprocess(nb, {"metadata": {"path": str(tmp_path)}})
    assert enames(nb.cells[1]) == ["TestsDidNotRun"]  # judged, and failed: not skipped
    assert "could not read your answers" in nb.cells[1].outputs[0].evalue


def test_a_flood_of_output_is_cut_at_the_notebook_budget(tmp_path):
    nb = executed(tmp_path, ["for i in range(200_000): print('spam' * 10)", "print('kept?')",
                   "1 / 0"], timeout=30, max_output_bytes=100_000)
    kept = sum(len(out.get("text", "")) for cell in nb.cells for out in cell.outputs)
    assert kept < 200_000
    assert "kept only the first 100,000 characters" in nb.cells[0].outputs[-1].text
    assert enames(nb.cells[2]) == ["ZeroDivisionError"]  # errors are always kept


def test_one_message_too_big_for_the_grader_stops_the_kernel(tmp_path):
    settings = Config({"SandboxKernelManager": {"max_message_mb": 8}})
    nb = executed(tmp_path, ["print('x' * 40_000_000)", "print('after')"], timeout=20,
                  config=settings)
    assert enames(nb.cells[0]) == ["OutputTooLargeError"]
    assert all(len(out.get("text", "")) < 1000 for out in nb.cells[0].outputs)
    assert nb.cells[1].outputs[0].evalue == "Not run: the grader stopped the kernel at cell 1."
