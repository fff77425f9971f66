"""Run each student's notebook in a sandbox (沙箱) while the autograder executes it.

nbgrader runs student code as the grader, in a folder inside the course, so one hostile
submission can read the hidden tests in ``source/`` or overwrite ``gradebook.db`` and every
other submission. Here the kernel that executes a submission is started by
:class:`SandboxKernelManager` inside a sandbox instead:

- a filesystem of its own: read-only system folders, the Python install and the
  ``ledgerkit`` package, nothing of the course; a private, size-limited home that holds a
  copy of the student's own files (also the working directory; notebooks left out, since
  nbgrader has put the hidden tests back into them) and a private ``/tmp``, both
  size-limited; nothing of the host is writable from inside;
- an unprivileged identity: a fresh, unused uid for each kernel, so that a process limit
  of one sandbox never counts another sandbox's processes;
- no network, its own process, IPC and host-name namespaces, a new terminal session;
- limits on memory (address space), CPU time, processes, file size and open files;
- when the kernel ends, its process namespace ends, so every process the student started,
  daemons and new sessions included, is killed; the scratch folder is then deleted.

Outputs reach the grader over the kernel's ZeroMQ sockets; student code never writes a
result file. Three ways to build that sandbox, best first (see :func:`sandbox_mode`):

``bubblewrap``
    `bubblewrap <https://github.com/containers/bubblewrap>`_ (Debian package
    ``bubblewrap``), the small sandbox tool under Flatpak: one command line says exactly
    which paths the kernel sees, it needs no daemon and no setuid bit, and it is widely
    reviewed. Run as root, bwrap builds the namespaces and ``setpriv`` (util-linux) then
    drops to the sandbox uid with no capabilities and ``no_new_privs``; run as an ordinary
    user, bwrap uses an unprivileged user namespace. ``prlimit`` (util-linux) sets the
    limits. The network is cut by an empty network namespace, so the kernel talks to the
    grader over ZeroMQ's ``ipc`` transport: unix sockets in a small tmpfs of the sandbox,
    which the grader reaches through ``/proc/<pid>/root``.
``setpriv``
    Without bubblewrap, as root: ``unshare`` gives the kernel its own process, network and
    IPC namespaces and ``setpriv`` the fresh uid; what the kernel can read is then decided
    by ordinary file permissions only. A loud warning is logged.
``none``
    Neither is possible: the kernel runs as the grader with only the limits and a scratch
    working directory. A loud warning is logged.

nbgrader's ``Execute`` preprocessor hard-codes its kernel manager, so :class:`SandboxExecute`
replaces it in ``c.Autograde.autograde_preprocessors`` (the exact lines are at the top of
``autograder/SANDBOX.md``). It also keeps a submission that hangs, kills its kernel or
floods its output from stopping the grading: the cell gets an error output saying what
happened and the notebook is scored as it is.

>>> sandbox_mode() in {"bubblewrap", "setpriv", "none"}
True
"""

from __future__ import annotations

import ast
import functools
import importlib.util
import json
import logging
import os
import random
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from queue import Empty
from typing import Any

import zmq
from jupyter_client.manager import AsyncKernelManager
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbclient.util import ensure_async, run_sync
from nbformat import NotebookNode
from nbformat.v4 import new_output
from nbgrader.preprocessors import Execute
from traitlets import (
    Bool,
    CaselessStrEnum,
    DottedObjectName,
    Integer,
    List,
    Tuple,
    Type,
    Unicode,
    default,
)

from autograder import wire
from autograder.judge import NOT_RUN, Judge, NoJudgement, imported_modules
from autograder.kernel_client import ReadyKernelClient

log = logging.getLogger(__name__)

MODES = ("bubblewrap", "setpriv", "none")
SANDBOX_HOME = "/home/student"
SANDBOX_SUBMISSION = "/submission"
# The kernel's unix sockets live in a small tmpfs of the sandbox; the grader reaches them
# through /proc/<pid>/root/, so no folder of the host is writable from inside.
SANDBOX_SOCKETS = "/run/kernel"
# The parts of /etc a Python kernel uses; the rest (secrets, service configs) stays hidden.
ETC_ENTRIES = (
    "alternatives", "fonts", "hosts", "ld.so.cache", "ld.so.conf", "ld.so.conf.d",
    "localtime", "matplotlibrc", "mime.types", "nsswitch.conf", "protocols", "services",
    "ssl", "timezone",
)
WORKSPACE_PREFIX = "lk-sandbox-"
# jupyter_client tells the kernel the grader's pid to watch; in its own process namespace
# that pid means nothing and the kernel would quit at once (bwrap --die-with-parent and
# unshare --kill-child do the watching instead).
FORGET_PARENT = ("env", "-u", "JPY_PARENT_PID")
# ipykernel's own launcher, less the debugger: ipykernel imports debugpy at start whenever it
# is installed (a tenth of a CPU-second, a third of a kernel's start), and nobody debugs a
# notebook that is being graded. A None in sys.modules makes `import debugpy` fail, which
# ipykernel takes as "no debugger".
LAUNCH_WITHOUT_DEBUGGER = (
    "import sys; sys.modules['debugpy'] = None; "
    "from ipykernel import kernelapp; kernelapp.launch_new_instance()"
)

WARNING_BANNER = (
    "\n" + "!" * 78 + "\n"
    "!! AUTOGRADER SANDBOX: {mode!r} mode. {why}\n"
    "!! Student code can {risk}. Install bubblewrap (apt-get install bubblewrap) and\n"
    "!! allow user namespaces to grade untrusted submissions safely.\n" + "!" * 78
)


def _succeeds(cmd: list[str]) -> bool:
    """True when `cmd` runs and exits 0 within a few seconds."""
    try:
        done = subprocess.run(cmd, capture_output=True, timeout=20, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


@functools.cache
def _bubblewrap_works() -> bool:
    bwrap = shutil.which("bwrap")
    if bwrap is None or shutil.which("prlimit") is None:
        return False
    if os.geteuid() == 0 and shutil.which("setpriv") is None:
        return False
    userns = [] if os.geteuid() == 0 else ["--unshare-user"]
    return _succeeds(
        [bwrap, *userns, "--ro-bind", "/", "/", "--unshare-pid", "--unshare-net",
         "--unshare-ipc", "--new-session", "--die-with-parent", "--", "true"]
    )


@functools.cache
def _setpriv_works() -> bool:
    tools = ("unshare", "setpriv", "prlimit")
    if os.geteuid() != 0 or any(shutil.which(tool) is None for tool in tools):
        return False
    return _succeeds(["unshare", "--pid", "--fork", "--net", "--ipc", "--", "true"])


def sandbox_mode(requested: str = "auto") -> str:
    """The sandbox the grader can build here: "bubblewrap", "setpriv" or "none".

    "auto" picks the best that works on this machine; naming a mode checks that it works.
    A mode weaker than bubblewrap is logged as a loud warning each time it is chosen.

    >>> sandbox_mode("none")
    'none'
    """
    if requested == "auto":
        if _bubblewrap_works():
            return "bubblewrap"
        mode = "setpriv" if _setpriv_works() else "none"
    else:
        works = {"bubblewrap": _bubblewrap_works, "setpriv": _setpriv_works,
                 "none": lambda: True}
        if requested not in works:
            raise ValueError(f"unknown sandbox mode {requested!r}; use one of {MODES} or 'auto'")
        if not works[requested]():
            raise RuntimeError(f"the {requested!r} sandbox does not work on this machine")
        mode = requested
    if mode != "bubblewrap":
        _warn_loudly(mode)
    return mode


def describe_sandbox(manager: SandboxKernelManager | None = None) -> str:
    """One line saying how student kernels run: the mode and the limits.

    >>> "MB memory" in describe_sandbox()
    True
    """
    km = manager or SandboxKernelManager()
    mode = sandbox_mode(km.mode)
    where = {
        "bubblewrap": "private filesystem view, fresh uid, no network, own process namespace",
        "setpriv": "fresh uid, no network, own process namespace, files guarded by permissions",
        "none": "NO ISOLATION (runs as the grader)",
    }[mode]
    return (
        f"sandbox {mode}: {where}; limits {km.memory_mb} MB memory, {km.cpu_seconds} s CPU, "
        f"{km.max_processes} processes, {km.scratch_mb} MB scratch"
    )


def _warn_loudly(mode: str) -> None:
    why = {
        "setpriv": "bubblewrap is missing, so files are guarded by Unix permissions only.",
        "none": "Neither bubblewrap nor namespaces are available.",
    }[mode]
    risk = {
        "setpriv": "read every file that 'others' may read (keep the course folder mode 700)",
        "none": "read and overwrite the course, the gradebook and other submissions",
    }[mode]
    log.warning(WARNING_BANNER.format(mode=mode, why=why, risk=risk))


def _uids_in_use() -> set[int]:
    """Real uids of every running process, and every uid /etc/passwd names."""
    used = set()
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            for line in status.read_text().splitlines():
                if line.startswith("Uid:"):
                    used.add(int(line.split()[1]))
                    break
        except OSError:
            continue  # the process ended while we looked
    try:
        for line in Path("/etc/passwd").read_text().splitlines():
            fields = line.split(":")
            if len(fields) > 2 and fields[2].isdigit():
                used.add(int(fields[2]))
    except OSError:
        pass
    return used


def pick_sandbox_uid(low: int, high: int) -> int:
    """A uid in [low, high] that no process and no account uses.

    >>> 62000 <= pick_sandbox_uid(62000, 64999) <= 64999
    True
    """
    used = _uids_in_use()
    free = [uid for uid in random.sample(range(low, high + 1), min(64, high - low + 1))
            if uid not in used]
    if not free:
        raise RuntimeError(f"no free uid for a sandbox between {low} and {high}")
    return free[0]


def _package_dir(name: str) -> Path | None:
    """The folder a top-level package is imported from, without importing it."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))).resolve()


def _copy_submission(source: Path, target: Path, budget: int) -> None:
    """Copy the student's own files from `source` into `target`, up to `budget` bytes.

    Notebooks are left out: nbgrader has already written the notebook being graded into
    this folder with its test cells restored from the gradebook, hidden tests included, and
    the kernel receives its cells one by one anyway. Symlinks, fifos and devices are
    skipped too (a link could point at the gradebook).
    """
    target.mkdir(mode=0o755, exist_ok=True)
    files = []
    for folder, dirnames, filenames in os.walk(source, followlinks=False):
        here = Path(folder)
        dirnames[:] = [d for d in dirnames if not (here / d).is_symlink()]
        for name in filenames:
            path = here / name
            if path.is_file() and not path.is_symlink() and path.suffix != ".ipynb":
                files.append(path)
    files.sort(key=lambda path: (len(path.parts), str(path)))
    used = 0
    for path in files:
        destination = target / path.relative_to(source)
        try:
            size = path.stat().st_size
            if used + size > budget:
                continue
            destination.parent.mkdir(mode=0o755, parents=True, exist_ok=True)
            shutil.copyfile(path, destination, follow_symlinks=False)
            destination.chmod(0o644)
        except OSError:
            continue  # vanished or unreadable: the student's copy just lacks it
        used += size


def _sweep_workspaces() -> None:
    """Delete scratch folders left by graders that were killed before cleaning up.

    Each folder is named after the pid of the grader that made it; a folder whose grader
    is gone (a worker killed at its time limit) can go.
    """
    for folder in Path(tempfile.gettempdir()).glob(f"{WORKSPACE_PREFIX}*-*"):
        pid = folder.name[len(WORKSPACE_PREFIX):].split("-")[0]
        if pid.isdigit() and not Path(f"/proc/{pid}").exists():
            shutil.rmtree(folder, ignore_errors=True)


def _parents(path: Path, made: set[Path]) -> list[str]:
    """bwrap options creating the folders above `path` world-searchable.

    Left alone, bwrap copies the host's modes onto them, and a 0700 ``/root`` would hide a
    Python installed under it from the sandbox uid.
    """
    args = []
    for parent in reversed(path.parents):
        if parent not in made:
            made.add(parent)
            args += ["--perms", "0755", "--dir", str(parent)]
    return args


class SandboxKernelManager(AsyncKernelManager):
    """A kernel manager whose kernels run in the sandbox; a drop-in for nbclient/nbgrader.

    The submission folder is the ``cwd`` the kernel is started with; the kernel gets a
    private copy of it as its working directory.

    >>> km = SandboxKernelManager(memory_mb=512)
    >>> km.memory_mb, km.transport
    (512, 'ipc')
    """

    mode = CaselessStrEnum(
        ["auto", *MODES], "auto", help="Which sandbox to build; 'auto' takes the best that works."
    ).tag(config=True)
    memory_mb = Integer(1024, help="Address-space limit of each process, in MB.").tag(config=True)
    cpu_seconds = Integer(300, help="CPU time limit of each process, in seconds.").tag(config=True)
    max_processes = Integer(
        64, help="Processes and threads the sandbox uid may have at once."
    ).tag(config=True)
    max_file_mb = Integer(64, help="Largest file student code may write, in MB.").tag(config=True)
    max_open_files = Integer(256, help="Open file descriptors per process.").tag(config=True)
    scratch_mb = Integer(
        100, help="Size of the private home and of the private /tmp, in MB each."
    ).tag(config=True)
    sandbox_uids = Tuple(
        Integer(), Integer(), default_value=(62000, 64999),
        help="Range of unused uids the sandboxes run as when the grader is root.",
    ).tag(config=True)
    kernel_packages = List(
        Unicode(), ["ledgerkit"],
        help="Packages the kernel imports from outside the Python install (editable "
        "installs); only their own folders are shown to the kernel, read-only.",
    ).tag(config=True)
    max_message_mb = Integer(
        64, help="Largest message the grader accepts from the kernel, in MB; a bigger one "
        "is dropped by ZeroMQ before it reaches the grader's memory.",
    ).tag(config=True)
    keep_workspace = Bool(
        False, help="Keep the scratch folder after the kernel ends (for debugging)."
    ).tag(config=True)
    # ready as soon as the kernel answers (see autograder/kernel_client.py)
    client_class = DottedObjectName("autograder.kernel_client.ReadyKernelClient")
    client_factory = Type(klass=ReadyKernelClient)

    @default("transport")
    def _default_transport(self) -> str:
        return "ipc"  # the sandbox has no network, so no TCP

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.workspace: Path | None = None
        self.uid: int | None = None
        self.submission_dir: Path | None = None
        self._mode = "none"
        self._log_file: Any = None

    # -- clients -----------------------------------------------------------------------

    def client(self, **kwargs: Any) -> Any:
        return self._limit_messages(super().client(**kwargs))

    def blocking_client(self) -> Any:
        return self._limit_messages(super().blocking_client())

    def _limit_messages(self, client: Any) -> Any:
        # a default of the client's own context, so every socket it opens gets it
        client.context.setsockopt(zmq.MAXMSGSIZE, self.max_message_mb * 1024 * 1024)
        return client

    # -- start -------------------------------------------------------------------------

    async def _async_pre_start_kernel(self, **kw: Any) -> tuple[list[str], dict[str, Any]]:
        mode = self._mode = sandbox_mode(self.mode)
        source = kw.pop("cwd", None)
        if source and not Path(source).name.startswith(WORKSPACE_PREFIX):
            self.submission_dir = Path(source)
        self._make_workspace(mode)
        assert self.workspace is not None
        self.kernel_spec.interrupt_mode = "message"  # signals cannot cross the new session
        kw["cwd"] = str(self.workspace / "home") if mode != "bubblewrap" else str(self.workspace)
        kernel_cmd, kw = await super()._async_pre_start_kernel(**kw)
        Path(self.connection_file).chmod(0o644)  # written 0600 by the grader, read by the uid
        self._log_file = open(self.workspace / "kernel.log", "ab")  # closed once launched
        kw["stdout"] = kw["stderr"] = self._log_file
        kw["env"] = self._kernel_env(mode)
        return self._sandbox_command(mode, kernel_cmd), kw

    async def _async_post_start_kernel(self, **kw: Any) -> None:
        if self._log_file is not None:
            self._log_file.close()  # the kernel holds its own copy
            self._log_file = None
        if self._mode == "bubblewrap":
            # the same sockets, seen from the host (before any client connects)
            self.ip = f"/proc/{self._sandbox_pid()}/root{SANDBOX_SOCKETS}/k"
        await super()._async_post_start_kernel(**kw)

    def _sandbox_pid(self) -> int:
        """Host pid of bubblewrap's first process inside the sandbox (its init)."""
        process = self.provisioner.process  # type: ignore[union-attr]
        children = Path(f"/proc/{process.pid}/task/{process.pid}/children")
        for _ in range(2000):
            try:
                found = children.read_text().split()
            except OSError:
                found = []
            if found:
                return int(found[0])
            if process.poll() is not None:
                break
            time.sleep(0.005)
        raise RuntimeError(f"the sandbox did not start:\n{self.kernel_log_tail()}")

    def _make_workspace(self, mode: str) -> None:
        _sweep_workspaces()
        root = Path(tempfile.mkdtemp(prefix=f"{WORKSPACE_PREFIX}{os.getpid()}-"))
        self.workspace = root
        self.uid = pick_sandbox_uid(*self.sandbox_uids) if os.geteuid() == 0 else os.getuid()
        ipc = root / "ipc"  # the connection file; the sockets too, unless bubblewrap
        ipc.mkdir(mode=0o755 if mode == "bubblewrap" else 0o700)
        budget = self.scratch_mb * 1024 * 1024 // 2
        copy = root / ("submission" if mode == "bubblewrap" else "home")
        if self.submission_dir is not None and self.submission_dir.is_dir():
            _copy_submission(self.submission_dir, copy, budget)
        else:
            copy.mkdir(mode=0o755)
        if os.geteuid() == 0 and mode == "setpriv":
            root.chmod(0o711)  # the uid may pass through to home/ and ipc/, not list
            for path in [ipc, copy, *copy.rglob("*")]:
                os.chown(path, self.uid, self.uid)
        if mode == "bubblewrap":
            etc = root / "etc"
            etc.mkdir()
            (etc / "passwd").write_text(
                f"root:x:0:0:root:/root:/usr/sbin/nologin\n"
                f"student:x:{self.uid}:{self.uid}:student:{SANDBOX_HOME}:/usr/sbin/nologin\n"
            )
            (etc / "group").write_text(f"root:x:0:\nstudent:x:{self.uid}:\n")
            (etc / "passwd").chmod(0o644)
            (etc / "group").chmod(0o644)
        self.connection_file = str(ipc / "kernel.json")
        self.ip = f"{SANDBOX_SOCKETS}/k" if mode == "bubblewrap" else str(ipc / "k")

    def _kernel_env(self, mode: str) -> dict[str, str]:
        """A small environment: nothing of the grader's (tokens, paths) leaks in. nbgrader's
        own variables do (NBGRADER_EXECUTION tells a notebook it is being graded, and the
        ledgerkit widgets then build nothing)."""
        assert self.workspace is not None
        home = SANDBOX_HOME if mode == "bubblewrap" else str(self.workspace / "home")
        env = {
            key: value for key, value in os.environ.items()
            if key in {"LANG", "LANGUAGE", "TZ"}
            or key.startswith(("LC_", "LEDGERKIT_", "NBGRADER_"))
        }
        env.setdefault("LANG", "C.UTF-8")
        tmp = "/tmp" if mode == "bubblewrap" else home
        env.update(
            PATH=f"{Path(sys.prefix) / 'bin'}:/usr/local/bin:/usr/bin:/bin",
            HOME=home,
            TMPDIR=tmp,
            # a student file named like a module must not shadow it, nor a student
            # ipython folder run startup code before the tests
            PYTHONSAFEPATH="1",
            PYTHONNOUSERSITE="1",
            PYTHONDONTWRITEBYTECODE="1",
            IPYTHONDIR=f"{tmp}/.ipython",
            MPLCONFIGDIR=f"{tmp}/.matplotlib",
            # fewer malloc arenas and math threads keep a kernel well inside its memory limit
            MALLOC_ARENA_MAX="2",
            OPENBLAS_NUM_THREADS="1",
            OMP_NUM_THREADS="1",
            MKL_NUM_THREADS="1",
            PYDEVD_DISABLE_FILE_VALIDATION="1",
        )
        return env

    def _limits(self) -> list[str]:
        mb = 1024 * 1024
        return [
            "prlimit",
            f"--as={self.memory_mb * mb}",
            # the soft limit sends SIGXCPU, the hard one SIGKILL a few seconds later
            f"--cpu={self.cpu_seconds}:{self.cpu_seconds + 5}",
            f"--nproc={self.max_processes}",
            f"--fsize={self.max_file_mb * mb}",
            f"--nofile={self.max_open_files}",
            "--core=0",
            "--",
        ]

    def _drop_privileges(self) -> list[str]:
        return [
            "setpriv", f"--reuid={self.uid}", f"--regid={self.uid}", "--clear-groups",
            "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs", "--",
        ]

    def _sandbox_command(self, mode: str, kernel_cmd: list[str]) -> list[str]:
        kernel_cmd = _without_debugger(kernel_cmd)
        if mode == "none":
            return [*self._limits(), *kernel_cmd]
        if mode == "setpriv":
            namespaces = ["unshare", "--pid", "--fork", "--kill-child", "--mount-proc",
                          "--net", "--ipc", "--uts", "--"]
            return [*namespaces, *self._limits(), *self._drop_privileges(), *FORGET_PARENT,
                    *kernel_cmd]
        user = self._drop_privileges() if os.geteuid() == 0 else []
        # the home is a size-limited tmpfs, so it starts empty: copy the submission in
        copy_in = ["/bin/sh", "-c", f'cp -R {SANDBOX_SUBMISSION}/. . 2>/dev/null; exec "$@"',
                   "kernel"]
        return [*self._bwrap_args(), *self._limits(), *user, *FORGET_PARENT, *copy_in,
                *kernel_cmd]

    def _bwrap_args(self) -> list[str]:
        assert self.workspace is not None
        bwrap = shutil.which("bwrap") or "bwrap"
        args = [bwrap, "--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts",
                "--unshare-cgroup-try", "--hostname", "sandbox",
                "--die-with-parent", "--new-session"]
        if os.geteuid() != 0:
            args += ["--unshare-user", "--disable-userns"]
        made = {Path("/")}

        def mount(option: str, source: str | None, target: str) -> None:
            args.extend(_parents(Path(target), made))
            args.extend([option, target] if source is None else [option, source, target])

        for name in ("usr", "bin", "sbin", "lib", "lib32", "lib64", "libx32"):
            path = Path("/") / name
            if path.is_symlink():
                args.extend(["--symlink", os.readlink(path), str(path)])
            elif path.is_dir():
                mount("--ro-bind", str(path), str(path))
        for name in ETC_ENTRIES:
            mount("--ro-bind-try", f"/etc/{name}", f"/etc/{name}")
        for name in ("passwd", "group"):
            mount("--ro-bind", str(self.workspace / "etc" / name), f"/etc/{name}")
        mount("--proc", None, "/proc")
        mount("--dev", None, "/dev")
        scratch = ["--size", str(self.scratch_mb * 1024 * 1024)]
        args += ["--perms", "1777", *scratch, "--tmpfs", "/tmp"]
        made.add(Path("/tmp"))
        args += ["--perms", "1777", *scratch, "--tmpfs", "/dev/shm"]
        # After the private /tmp, so an environment that lives under /tmp (a CI clone) is
        # mounted on top of it rather than hidden by it.
        for path in self._python_paths():
            mount("--ro-bind", str(path), str(path))
        args += [*_parents(Path(SANDBOX_HOME), made), "--perms", "0777", *scratch, "--tmpfs",
                 SANDBOX_HOME]
        mount("--ro-bind", str(self.workspace / "submission"), SANDBOX_SUBMISSION)
        ipc = str(self.workspace / "ipc")
        mount("--ro-bind", ipc, ipc)
        args += [*_parents(Path(SANDBOX_SOCKETS), made), "--perms", "0777", "--size",
                 str(1024 * 1024), "--tmpfs", SANDBOX_SOCKETS]
        return [*args, "--chdir", SANDBOX_HOME, "--"]

    def _python_paths(self) -> list[Path]:
        """The Python install, the environment and the editable kernel packages, no more."""
        candidates = [Path(sys.base_prefix), Path(sys.prefix)]
        candidates += [Path(sys.base_prefix).resolve(), Path(sys.prefix).resolve()]
        candidates += [d for d in map(_package_dir, self.kernel_packages) if d is not None]
        paths: list[Path] = []
        for path in candidates:
            covered = any(path == p or p in path.parents for p in paths)
            system = path.parts[1:2] in (("usr",), ("bin",), ("lib",))
            if not covered and not system and path.is_dir():
                paths = [p for p in paths if path not in p.parents] + [path]
        return paths

    def sandbox_command_line(self) -> str:
        """The command line the last kernel was started with, for the lecturer's log."""
        assert self.provisioner is not None
        process = getattr(self.provisioner, "process", None)
        return shlex.join(process.args) if process is not None else ""

    # -- stop --------------------------------------------------------------------------

    def kill_sandbox(self) -> None:
        """Kill the kernel now; its process namespace, and so every process in it, goes too.

        Synchronous, so it works from inside nbclient's event loop as well.
        """
        process = getattr(self.provisioner, "process", None)
        if process is None or process.poll() is not None:
            return
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except OSError:
            process.kill()
        process.wait(timeout=30)

    def kernel_log_tail(self, limit: int = 2000) -> str:
        """The last characters the kernel wrote to its stdout/stderr (startup errors)."""
        if self.workspace is None:
            return ""
        try:
            data = (self.workspace / "kernel.log").read_bytes()[-limit:]
        except OSError:
            return ""
        return data.decode("utf-8", "replace")

    async def _async_kill_kernel(self, restart: bool = False) -> None:
        # Kill and reap the sandbox first: jupyter_client would otherwise find the kernel
        # still alive right after its signal and sleep 0.1 s before looking again, a tenth
        # of a second lost on every student.
        self.kill_sandbox()
        await super()._async_kill_kernel(restart=restart)

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        await super()._async_cleanup_resources(restart=restart)
        self.kill_sandbox()
        if self.workspace is not None and not self.keep_workspace:
            shutil.rmtree(self.workspace, ignore_errors=True)
            self.workspace = None


def _without_debugger(kernel_cmd: list[str]) -> list[str]:
    """ipykernel's launch command with the debugger left out (see LAUNCH_WITHOUT_DEBUGGER);
    any other kernel command is returned as it is.

    >>> python, option, code, *rest = _without_debugger(["python", "-m", "ipykernel_launcher",
    ...                                                  "-f", "k.json"])
    >>> option, "debugpy" in code, rest
    ('-c', True, ['-f', 'k.json'])
    >>> _without_debugger(["julia", "-i", "k.json"])
    ['julia', '-i', 'k.json']
    """
    if kernel_cmd[1:3] == ["-m", "ipykernel_launcher"]:
        return [kernel_cmd[0], "-c", LAUNCH_WITHOUT_DEBUGGER, *kernel_cmd[3:]]
    return list(kernel_cmd)


def _size(value: Any) -> int:
    """Characters in the strings of a message's content (cheap, no JSON encoding)."""
    if isinstance(value, (str, bytes)):
        return len(value)
    if isinstance(value, dict):
        return sum(_size(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return sum(_size(v) for v in value)
    return 8


def _cell_name(cell: NotebookNode, index: int) -> str:
    """How messages name a cell: its nbgrader id, else its position (1 for the first)."""
    grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
    return f"cell {grade_id}" if grade_id else f"cell {index + 1}"


def _error(ename: str, evalue: str) -> NotebookNode:
    return new_output("error", ename=ename, evalue=evalue, traceback=[f"{ename}: {evalue}"])


def wire_setup() -> str:
    """Code sent once into the student's kernel, before their first cell: the codec of
    `autograder/wire.py` (the package itself is not inside the sandbox) and the two names the
    grader's questions use, `__lk_export(names)` and `__lk_call(name, text)`. A student who
    spoils them only spoils the delivery of their own answers: the verdict is made elsewhere.

    >>> "__lk_export" in wire_setup()
    True
    """
    source = Path(wire.__file__).read_text(encoding="utf-8")
    return (
        "def __lk_wire_setup(source):\n"
        "    codec = {'__name__': 'lk_wire'}\n"
        "    exec(compile(source, '<grader>', 'exec'), codec)\n"
        "    user_ns = get_ipython().user_ns\n"
        "    user_ns['__lk_export'] = lambda names: codec['export_names'](user_ns, names)\n"
        "    user_ns['__lk_call'] = lambda name, t: codec['call_function'](user_ns, name, t)\n"
        f"__lk_wire_setup({source!r}); del __lk_wire_setup\n"
    )


def is_test_cell(cell: NotebookNode) -> bool:
    """An nbgrader autograder-tests cell: graded, locked code that is not an answer.

    >>> from nbformat.v4 import new_code_cell
    >>> cell = new_code_cell("assert f(1) == 2")
    >>> cell.metadata["nbgrader"] = {"grade": True, "solution": False, "grade_id": "t1"}
    >>> is_test_cell(cell), is_test_cell(new_code_cell("x = 1"))
    (True, False)
    """
    meta = cell.metadata.get("nbgrader", {})
    return cell.cell_type == "code" and bool(meta.get("grade")) and not meta.get("solution")


@dataclass(frozen=True)
class TrustedCells:
    """An assignment notebook's cells as the gradebook has them: `setup` (read-only code
    cells: imports, data) and `tests` (test cells, hidden tests included), by grade id, and
    `order`, the grade ids in the released notebook's order.

    >>> cells = TrustedCells(["imports", "q1-answer", "q1-tests"], {"imports": "import math"},
    ...                      {"q1-tests": "assert x == 1"})
    >>> cells.position("q1-tests")
    2
    """

    order: list[str]
    setup: dict[str, str]
    tests: dict[str, str]

    def position(self, grade_id: str) -> int:
        return self.order.index(grade_id) if grade_id in self.order else len(self.order)


def trusted_cells(resources: Any, config: Any, nb: NotebookNode) -> TrustedCells | None:
    """The gradebook's cells of the notebook being graded. Outside nbgrader's autograde
    (no gradebook, e.g. a lecturer trying the sandbox on a notebook), the notebook's own
    nbgrader cells; None if the gradebook does not know the notebook."""
    from nbgrader.api import Gradebook, MissingEntry

    info = (resources or {}).get("nbgrader") or {}
    if not all(info.get(key) for key in ("db_url", "assignment", "notebook")):
        return _own_cells(nb)
    with Gradebook(info["db_url"]) as gb:
        try:
            notebook = gb.find_notebook(info["notebook"], info["assignment"])
        except MissingEntry:
            return None
        graded = {cell.name for cell in notebook.grade_cells}
        answers = {cell.name for cell in notebook.solution_cells}
        code = [cell for cell in notebook.source_cells if cell.cell_type == "code"]
        setup = {c.name: c.source for c in code if c.locked and c.name not in graded | answers}
        tests = {c.name: c.source for c in code if c.name in graded and c.name not in answers}
        order = [cell.name for cell in notebook.source_cells]
    released = _released_order(config, info["assignment"], info["notebook"])
    return TrustedCells(released or order, setup, tests)


def _own_cells(nb: NotebookNode) -> TrustedCells:
    """A notebook's own read-only and test cells, when there is no gradebook to ask."""
    order, setup, tests = [], {}, {}
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        grade_id = meta.get("grade_id")
        if cell.cell_type != "code" or not grade_id:
            continue
        order.append(grade_id)
        if is_test_cell(cell):
            tests[grade_id] = cell.source
        elif meta.get("locked") and not meta.get("solution") and not meta.get("grade"):
            setup[grade_id] = cell.source
    return TrustedCells(order, setup, tests)


def _released_order(config: Any, assignment: str, notebook: str) -> list[str]:
    """Grade ids in the order of the released notebook (the gradebook keeps no order)."""
    root = config.get("CourseDirectory", {}).get("root") if config else None
    path = Path(root or ".") / "release" / assignment / f"{notebook}.ipynb"
    try:
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        return [c["metadata"]["nbgrader"]["grade_id"] for c in cells
                if c.get("metadata", {}).get("nbgrader", {}).get("grade_id")]
    except (OSError, ValueError, KeyError, TypeError):
        return []


class SandboxExecute(Execute):
    """nbgrader's Execute step with the sandboxed kernel, and a notebook always finishes.

    - A cell that outlives ``timeout`` is interrupted; if it ignores the interrupt the
      kernel is killed. A kernel that dies (``os._exit``, a limit) ends execution too.
      Either way the cell gets an error output naming what happened, every later code cell
      gets a "not run" error output, and the notebook goes on to be scored.
    - Output beyond ``max_output_bytes`` for the whole notebook is dropped (errors are
      kept, shortened), so a flood of prints cannot exhaust the grader's memory; a single
      message over the kernel manager's ``max_message_mb`` never reaches it, and since the
      end of that cell's output is lost with it, the kernel is stopped.
    - Test cells are judged in the grader's own clean process (``judge_tests``, see
      `autograder.judge`): the student's kernel only hands over the values the test reads,
      as plain data, so nothing a submission does to its own interpreter changes a verdict.
      A test whose values never arrive fails with "Tests did not run".

    >>> SandboxExecute().kernel_manager_class.__name__
    'SandboxKernelManager'
    """

    max_output_bytes = Integer(
        5_000_000, help="Output kept from one notebook; the rest is dropped."
    ).tag(config=True)
    judge_tests = Bool(
        True, help="Judge test cells in a clean grader process (autograder/judge.py), not in "
                   "the student's kernel. Turn off only to see what that protection stops."
    ).tag(config=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("kernel_manager_class", SandboxKernelManager)
        super().__init__(*args, **kwargs)
        self._stopped: str | None = None
        self._output_used = 0
        self._output_noted = False
        self._cell_timed_out = False
        self._judge: Judge | None = None

    def preprocess(self, nb: NotebookNode, resources: Any = None, km: Any = None) -> Any:
        self._stopped = None
        self._output_used = 0
        self._output_noted = False
        self._wire_sent = False
        self._trusted = trusted_cells(resources, self.config, nb) if self.judge_tests else None
        self._judged_upto = 0
        self._cwd = Path((resources or {}).get("metadata", {}).get("path") or ".")
        if self._trusted is not None and self._trusted.tests:
            # Started now, the judge imports what the assignment needs while the student's
            # kernel starts, instead of after it.
            self._judge = Judge(self._cwd, timeout=float(self.timeout or 60),
                                preload=imported_modules(list(self._trusted.setup.values())))
        try:
            return super().preprocess(nb, resources, km)
        finally:
            if self._judge is not None:
                self._judge.close()
                self._judge = None

    def preprocess_cell(self, cell: NotebookNode, resources: Any, index: int) -> Any:
        if cell.cell_type != "code" or not cell.source.strip():
            return super().preprocess_cell(cell, resources, index)
        if self._stopped is not None:
            cell.outputs = [_error("DeadKernelError", f"Not run: {self._stopped}")]
            return cell, self.resources
        if self._trusted is not None and not self._wire_sent:
            self._wire_sent = True
            self._run_quietly(wire_setup())
        if self._trusted is not None and is_test_cell(cell):
            cell.outputs = [new_output(**out) for out in self._judged(cell, index)]
            cell.execution_count = None
            return cell, self.resources
        self._cell_timed_out = False
        try:
            return super().preprocess_cell(cell, resources, index)
        except CellTimeoutError:
            # nbclient raises this when the kernel does not go idle after a reply: either
            # the cell ignored the interrupt, or ZeroMQ dropped a message over
            # max_message_mb (and with it the end of the cell's output).
            self._stop_kernel()
            name = _cell_name(cell, index)
            self._stopped = f"the grader stopped the kernel at {name}."
            if self._cell_timed_out:
                why = (f"{name} ran longer than {self.timeout} s and ignored the interrupt, "
                       "so the grader stopped the kernel.")
                cell.outputs.append(_error("CellTimeoutError", why))
            else:
                why = (f"{name} sent more output at once than the grader accepts, so the "
                       "grader stopped the kernel.")
                cell.outputs.append(_error("OutputTooLargeError", why))
        except DeadKernelError:
            self._stop_kernel()
            name = _cell_name(cell, index)
            self._stopped = f"the kernel died at {name}."
            cell.outputs.append(_error("DeadKernelError",
                                       f"The kernel died while running {name}."))
        return cell, self.resources

    async def _async_handle_timeout(self, timeout: int, cell: Any = None) -> Any:
        self._cell_timed_out = True
        return await super()._async_handle_timeout(timeout, cell)

    def _judged(self, cell: NotebookNode, index: int) -> list[dict]:
        """The outputs of a test cell, judged in the judge process (see `autograder.judge`):
        first the assignment's read-only cells up to this test, then the test itself, both
        as the gradebook has them."""
        trusted = self._trusted
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id not in trusted.tests:
            return [dict(_error(NOT_RUN, f"Tests did not run: {_cell_name(cell, index)} is "
                                "not a test of this assignment in the gradebook."))]
        if self._judge is None or not self._judge.alive:  # ended after a failure: a fresh one
            self._judge = Judge(self._cwd, timeout=float(self.timeout or 60))
            self._judged_upto = 0
        upto = trusted.position(grade_id)
        for name in trusted.order[self._judged_upto:upto]:
            if name in trusted.setup:
                self._judge.run(name, trusted.setup[name], self._fetch, self._call)
        self._judged_upto = max(self._judged_upto, upto)
        return self._judge.run(grade_id, trusted.tests[grade_id], self._fetch, self._call)

    def _fetch(self, names: list[str]) -> str:
        """The student's values of `names`, as wire JSON (`autograder.wire.export_names`)."""
        return self._ask(f"__lk_export({names!r})", "your answers")

    def _call(self, name: str, text: str) -> str:
        """Run the student's function `name` on the arguments in `text`; its result as JSON."""
        return self._ask(f"__lk_call({name!r}, {text!r})", f"your function {name}")

    def _ask(self, expression: str, what: str) -> str:
        """Evaluate one grader expression in the student's kernel (a user expression of an
        empty, silent request) and return the string it gives; NoJudgement otherwise.

        Past the cell time limit the kernel is interrupted, as a slow cell would be; a kernel
        that ignores the interrupt is stopped, and the later cells are not run."""
        limit = float(self.timeout or 60)
        reply, late = run_sync(self._async_ask)(expression, limit)
        if reply is None:
            self._stop_kernel()
            self._stopped = f"the grader stopped the kernel: {what} ignored the interrupt."
        if late or reply is None:
            raise NoJudgement(f"{what} did not answer within {limit:g} s")
        answer = reply.get("user_expressions", {}).get("answer", {})
        if reply.get("status") != "ok" or answer.get("status") != "ok":
            why = answer.get("ename") or reply.get("ename") or "no reply"
            raise NoJudgement(f"the grader could not read {what} from your kernel ({why})")
        try:
            text = ast.literal_eval(answer["data"]["text/plain"])
        except (KeyError, ValueError, SyntaxError, MemoryError, RecursionError):
            text = None
        if type(text) is not str:
            raise NoJudgement(f"the grader could not read {what} from your kernel")
        return text

    async def _async_ask(self, expression: str, limit: float) -> tuple[dict | None, bool]:
        """(the reply's content or None, whether the kernel had to be interrupted)."""
        assert self.kc is not None
        msg_id = self.kc.execute("", silent=True, store_history=False, allow_stdin=False,
                                 user_expressions={"answer": expression}, stop_on_error=False)
        reply = await self._async_reply(msg_id, limit)
        if reply is not None:
            return reply, False
        if await ensure_async(self.km.is_alive()):
            await ensure_async(self.km.interrupt_kernel())
            return await self._async_reply(msg_id, min(limit, 10.0)), True
        return None, True

    async def _async_reply(self, msg_id: str, limit: float) -> dict | None:
        deadline = time.monotonic() + limit
        while (left := deadline - time.monotonic()) > 0:
            try:
                msg = await ensure_async(self.kc.shell_channel.get_msg(timeout=min(left, 1.0)))
            except Empty:
                if not await ensure_async(self.km.is_alive()):
                    return None
                continue
            if msg["parent_header"].get("msg_id") == msg_id:
                return msg["content"]
        return None

    def _run_quietly(self, code: str) -> None:
        """Queue grader code in the kernel: no output, no history, no execution count.

        The kernel runs shell requests in the order they arrive, so there is no need to wait
        for the reply (nbclient skips replies it did not ask for). `stop_on_error=False`:
        if student code makes this fail, the kernel must not abort the test cell after it.
        """
        assert self.kc is not None
        self.kc.execute(code, silent=True, store_history=False, allow_stdin=False,
                        stop_on_error=False)

    def on_cell_executed(self, **kwargs: Any) -> None:
        """nbgrader's check, plus: a cell the kernel refused to run has failed.

        An aborted cell has no error output, and nbgrader would score such a test as passed.

        >>> from nbformat.v4 import new_code_cell
        >>> cell = new_code_cell("assert answer == 42")
        >>> SandboxExecute().on_cell_executed(cell=cell,
        ...                                   execute_reply={"content": {"status": "aborted"}})
        >>> cell.outputs[0].ename
        'CellAborted'
        """
        super().on_cell_executed(**kwargs)
        if kwargs["execute_reply"]["content"]["status"] == "aborted":
            refused = _error("CellAborted", "The kernel did not run this cell.")
            kwargs["cell"].outputs.append(refused)

    def _stop_kernel(self) -> None:
        if isinstance(self.km, SandboxKernelManager):
            self.km.kill_sandbox()

    def process_message(self, msg: dict, cell: NotebookNode, cell_index: int) -> Any:
        msg_type = msg["msg_type"]
        if msg_type in {"stream", "display_data", "execute_result", "update_display_data",
                        "comm_open", "comm_msg", "error"}:
            self._output_used += _size(msg["content"])
            if self._output_used > self.max_output_bytes:
                if msg_type != "error":
                    self._note_truncation(cell)
                    return None
                content = msg["content"]
                content["evalue"] = str(content.get("evalue", ""))[:1000]
                content["traceback"] = [f"{content.get('ename', 'Error')}: (traceback dropped)"]
        return super().process_message(msg, cell, cell_index)

    def _note_truncation(self, cell: NotebookNode) -> None:
        if not self._output_noted:
            self._output_noted = True
            note = (f"[The grader kept only the first {self.max_output_bytes:,} characters of "
                    "this notebook's output.]\n")
            cell.outputs.append(new_output("stream", name="stderr", text=note))
