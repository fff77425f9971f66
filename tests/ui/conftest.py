"""A private JupyterLab and a headless Debian Chromium for the browser tests.

JupyterLab serves a temporary copy of course/ (the committed notebooks are never touched)
on 127.0.0.1 with no token, and every process the tests start is stopped at the end.
Playwright drives /usr/bin/chromium; it never downloads a browser.

Tests get three fixtures: `lab` (a running `Lab`), `browser` and `page`. The context managers
`running_lab` and `chromium` are plain Python, so tests/bench can use them too.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psutil
import pytest
from playwright.sync_api import Browser, Page, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from process_tree import descendants, end_process_tree

REPO = Path(__file__).resolve().parents[2]
VENV_BIN = REPO / ".venv" / "bin"
VENV_PYTHON = str(VENV_BIN / "python")
JUPYTER = VENV_BIN / "jupyter"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = REPO / "tests" / "artifacts"  # git-ignored
START_TIMEOUT = 90  # seconds for JupyterLab to answer /api/status
VIEWPORT = {"width": 1440, "height": 2400}  # tall, so a whole widget fits in a screenshot

# User settings for the test lab: no news or update checks (no network, no pop-ups).
LAB_SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
}


@dataclass
class Lab:
    """A running JupyterLab: its URL, the folder it serves, and what a test does with it."""

    url: str
    root: Path
    process: subprocess.Popen
    python: str = VENV_PYTHON
    artifacts: Path = ARTIFACTS

    def api(self, path: str, method: str = "GET") -> object:
        """Call the REST API and decode the JSON answer (None for an empty one). A GET that
        meets a server error is tried again: the server answers 500 now and then while a
        kernel starts."""
        for attempt in range(5):
            request = urllib.request.Request(self.url + path, method=method)
            try:
                with urllib.request.urlopen(request, timeout=10) as response:
                    body = response.read()
                return json.loads(body) if body else None
            except urllib.error.HTTPError as error:
                if method != "GET" or error.code < 500 or attempt == 4:
                    raise
                time.sleep(0.5)
        return None

    def shut_down_kernels(self) -> None:
        """Stop every kernel the lab runs (the lab is shared by all browser tests)."""
        for kernel in self.api("/api/kernels") or []:
            self.api(f"/api/kernels/{kernel['id']}", method="DELETE")

    def open_notebook(self, page: Page, path: str) -> None:
        """Open a notebook in a fresh workspace and wait for its kernel to be idle. Kernels
        left by an earlier test are stopped first: this notebook's must be the only one."""
        self.shut_down_kernels()
        page.goto(f"{self.url}/lab/tree/{path}?reset", wait_until="domcontentloaded")
        page.locator(".jp-Notebook .jp-Cell").first.wait_for(timeout=60_000)
        self.wait_for_idle_kernel()
        idle = re.compile(r"\bIdle\b|空闲")  # 空闲: with the Chinese language pack
        page.locator(".jp-StatusBar-TextItem", has_text=idle).first.wait_for(timeout=60_000)

    def wait_for_idle_kernel(self, timeout: float = 90) -> None:
        """Wait until the server runs exactly one kernel and it is idle."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            kernels = self.api("/api/kernels")
            if len(kernels) == 1 and kernels[0]["execution_state"] == "idle":
                return
            time.sleep(0.25)
        raise AssertionError(f"no idle kernel after {timeout} s: {self.api('/api/kernels')}")

    def run_all_cells(self, page: Page) -> None:
        """Run every cell through the Run menu (JupyterLab 4.6: runmenu:run-all) and wait
        until the first cell has started; a click lost while the page settles is repeated."""
        started = page.locator(".jp-Cell .jp-InputPrompt", has_text=re.compile(r"\[(\*|\d+)\]"))
        for _ in range(3):
            page.locator(".lm-MenuBar-item", has_text="Run").first.click()
            page.locator('.lm-Menu-item[data-command="runmenu:run-all"]').click()
            try:
                started.first.wait_for(state="attached", timeout=15_000)
                return
            except PlaywrightTimeout:
                page.keyboard.press("Escape")
        raise AssertionError("Run > Run All Cells did not start the notebook")

    def kernel_interpreters(self) -> list[str]:
        """The interpreter (as launched) of every kernel the server runs now."""
        found = []
        for child in psutil.Process(self.process.pid).children(recursive=True):
            try:
                if any("ipykernel" in part for part in child.cmdline()):
                    found.append(child.cmdline()[0])
            except psutil.NoSuchProcess:
                pass
        return found


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_up(lab: Lab, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if lab.process.poll() is not None:
            raise RuntimeError(f"JupyterLab exited early:\n{log.read_text()[-3000:]}")
        try:
            lab.api("/api/status")
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.25)
    raise RuntimeError(f"JupyterLab is silent after {START_TIMEOUT} s:\n{log.read_text()[-3000:]}")


def _check_kernel(lab: Lab) -> None:
    """The notebooks' kernel must be this repository's venv, with ledgerkit importable."""
    spec = lab.api("/api/kernelspecs")["kernelspecs"]["python3"]["spec"]
    python = spec["argv"][0]
    if python in ("python", "python3"):
        # jupyter_client runs such a kernel with the server's own interpreter.
        python = psutil.Process(lab.process.pid).cmdline()[0]
    assert python == VENV_PYTHON, f"kernel python3 runs {python}, not {VENV_PYTHON}"
    probe = subprocess.run([python, "-c", "import ledgerkit, ipywidgets"],
                           capture_output=True, text=True, timeout=60)
    assert probe.returncode == 0, probe.stderr


def _stop(lab: Lab) -> None:
    """Shut kernels down, stop the server, then end any child it left behind (by pid)."""
    family = descendants(lab.process.pid)
    try:
        for kernel in lab.api("/api/kernels") or []:
            lab.api(f"/api/kernels/{kernel['id']}", method="DELETE")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        pass  # the server is already gone; its children are ended below
    end_process_tree(lab.process, family, grace_s=20)


@contextmanager
def running_lab(extra_files: dict[str, str] | None = None, edition: str = "course",
                environment: dict[str, str] | None = None) -> Iterator[Lab]:
    """Serve a temporary copy of the repository's course/ folder (or of the Chinese edition,
    zh/, with edition="zh"), plus `extra_files` (relative path -> text), with JupyterLab and
    `environment` added to the server's; stop everything afterwards."""
    with tempfile.TemporaryDirectory(prefix="lk-ui-") as scratch_name:
        scratch = Path(scratch_name)
        root = scratch / edition
        shutil.copytree(REPO / edition, root)
        for relative, content in (extra_files or {}).items():
            (root / relative).parent.mkdir(parents=True, exist_ok=True)
            (root / relative).write_text(content)
        settings = scratch / "settings"
        for name, values in LAB_SETTINGS.items():
            (settings / name).parent.mkdir(parents=True, exist_ok=True)
            (settings / name).write_text(json.dumps(values))
        env = dict(os.environ)
        env.update({
            # Private config and state, so nobody's own Jupyter setup can interfere.
            "JUPYTER_CONFIG_DIR": str(scratch / "config"),
            "JUPYTER_RUNTIME_DIR": str(scratch / "runtime"),
            "JUPYTER_DATA_DIR": str(scratch / "data"),
            "JUPYTERLAB_SETTINGS_DIR": str(settings),
            "JUPYTERLAB_WORKSPACES_DIR": str(scratch / "workspaces"),
            "IPYTHONDIR": str(scratch / "ipython"),
        })
        env.pop("NBGRADER_EXECUTION", None)
        env.update(environment or {})
        port = free_port()
        log = scratch / "jupyter.log"
        command = [
            str(JUPYTER), "lab", "--no-browser",
            "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
            "--ServerApp.token=", "--ServerApp.password=", "--ServerApp.disable_check_xsrf=True",
            f"--ServerApp.root_dir={root}",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        ]
        if os.geteuid() == 0:  # containers and CI runners often run as root
            command.append("--allow-root")
        with open(log, "wb") as output:
            process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT,
                                       env=env, cwd=scratch, start_new_session=True)
        lab = Lab(f"http://127.0.0.1:{port}", root, process)
        try:
            _wait_until_up(lab, log)
            _check_kernel(lab)
            yield lab
        finally:
            _stop(lab)
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(log, ARTIFACTS / "jupyter.log")  # to read after a failure


@contextmanager
def chromium() -> Iterator[Browser]:
    """Debian's headless Chromium under Playwright."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                             headless=True)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="session")
def lab() -> Iterator[Lab]:
    with running_lab() as served:
        yield served


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=VIEWPORT)
    try:
        yield context.new_page()
    finally:
        context.close()
