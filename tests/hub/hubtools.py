"""A real JupyterHub on 127.0.0.1 for the classroom test, and the clients that talk to it.

`running_hub` starts JupyterHub (pip) with configurable-http-proxy (npm), both from the
project's .venv, loading the classroom's own binder/hub/jupyterhub_config.py and adding what a
test machine needs: a shared-password authenticator, SimpleLocalProcessSpawner with homes in
a temporary folder, free ports, an admin API token for the test. Every process it started (hub,
proxy, single-user servers, kernels) is stopped at the end, even when the test fails.

`Hub.call` is the REST client (urllib), `Browser` a person's browser (cookies, redirects) and
`run_cells` executes code in a kernel through the websocket API, as JupyterLab does.
"""

from __future__ import annotations

import asyncio
import datetime
import http.cookiejar
import json
import os
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from process_tree import descendants, end_process_tree
from tornado.httpclient import HTTPRequest
from tornado.websocket import websocket_connect

REPO = Path(__file__).resolve().parents[2]
VENV_BIN = REPO / ".venv" / "bin"
PROXY = VENV_BIN / "configurable-http-proxy"  # npm install --global --prefix .venv
ARTIFACTS = REPO / "tests" / "artifacts"  # git-ignored
START_TIMEOUT = 60  # seconds for the hub to answer
SERVER_TIMEOUT = 180  # seconds for every server to be ready (a loaded 2-core CI machine)
HTTP_TIMEOUT = 120  # seconds for one request (a collect or a feedback run takes a while)

TEST_CONFIG = """
c = get_config()
load_subconfig({classroom!r})  # the classroom's own settings, as on a real hub

c.JupyterHub.bind_url = "http://127.0.0.1:{public_port}"
c.JupyterHub.hub_bind_url = "http://127.0.0.1:{hub_port}"
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{proxy_api_port}"
c.ConfigurableHTTPProxy.command = [{proxy!r}]
c.ConfigurableHTTPProxy.pid_file = {pid_file!r}
c.JupyterHub.db_url = "sqlite:///{db}"
c.JupyterHub.cookie_secret_file = {cookie_secret!r}
c.JupyterHub.log_level = "INFO"

# JupyterHub 5.3 moved DummyAuthenticator's password here: one password for all students,
# another for the admins (the lecturers).
c.JupyterHub.authenticator_class = "shared-password"
c.SharedPasswordAuthenticator.user_password = {user_password!r}
c.SharedPasswordAuthenticator.admin_password = {admin_password!r}
c.Authenticator.admin_users = {admins!r}
c.Authenticator.allow_all = True

# Servers run as this process's own user, each with a home of its own in the test folder.
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = {homes!r} + "/{{username}}"
c.Spawner.cmd = [{singleuser!r}]
c.Spawner.args = {spawner_args!r}
c.LocalProcessSpawner.interrupt_timeout = 2  # then SIGTERM: a test need not wait 10 s

# The test's own admin client: a service holding an API token with the admin role.
c.JupyterHub.services = [{{"name": "classroom-test", "api_token": {admin_token!r}}}]
c.JupyterHub.load_roles = [{{"name": "admin", "services": ["classroom-test"]}}]
"""


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class HubError(AssertionError):
    """A request to the hub or a user's server did not answer as expected."""


@dataclass
class Hub:
    """A running hub: its public URL (the proxy), the admin token and the folders it uses."""

    url: str
    admin_token: str
    user_password: str
    admin_password: str
    root: Path
    process: subprocess.Popen
    log: Path
    tokens: dict[str, str] = field(default_factory=dict)

    @property
    def homes(self) -> Path:
        return self.root / "homes"

    def home(self, user: str) -> Path:
        return self.homes / user

    def call(self, method: str, path: str, body: object = None, token: str | None = None,
             expect: tuple[int, ...] = (200, 201, 202, 204)) -> object:
        """Send a request through the proxy (path starts with /hub/ or /user/) and decode the
        JSON answer; an unexpected status raises HubError with the hub's log tail."""
        status, payload, _ = self.raw(method, path, body, token)
        if status not in expect:
            raise HubError(f"{method} {path} -> {status}: {payload[:800]!r}\n{self.log_tail()}")
        return json.loads(payload) if payload.strip() else None

    def raw(self, method: str, path: str, body: object = None,
            token: str | None = None) -> tuple[int, str, dict[str, str]]:
        """Status, text and headers of one request; no redirect is followed."""
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.url + path, data=data, method=method)
        request.add_header("Authorization", f"token {token or self.admin_token}")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        opener = urllib.request.build_opener(_NoRedirect())
        try:
            with opener.open(request, timeout=HTTP_TIMEOUT) as response:
                return response.status, response.read().decode(), _lower(response.headers)
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace"), _lower(error.headers)

    def create_users(self, names: list[str]) -> None:
        """Create the users (the admins exist from the start) and an API token for each."""
        existing = {user["name"] for user in self.call("GET", "/hub/api/users")}
        new = [name for name in names if name not in existing]
        if new:
            self.call("POST", "/hub/api/users", {"usernames": new})
        for name in names:
            made = self.call("POST", f"/hub/api/users/{name}/tokens",
                             {"note": "classroom test", "expires_in": 3600})
            self.tokens[name] = made["token"]

    def start_servers(self, names: list[str]) -> None:
        """Ask for every server at once, then wait until each one is ready."""
        for name in names:
            self.call("POST", f"/hub/api/users/{name}/server", {})
        deadline = time.monotonic() + SERVER_TIMEOUT
        waiting = set(names)
        while waiting and time.monotonic() < deadline:
            for name in sorted(waiting):
                server = self.call("GET", f"/hub/api/users/{name}")["servers"].get("", {})
                if server.get("ready"):
                    waiting.discard(name)
            time.sleep(0.5)
        if waiting:
            raise HubError(f"servers not ready after {SERVER_TIMEOUT} s: {sorted(waiting)}\n"
                           f"{self.log_tail()}")

    def user_call(self, user: str, method: str, path: str, body: object = None,
                  **kwargs) -> object:
        """A request to a user's own server, with that user's token."""
        return self.call(method, f"/user/{user}{path}", body, token=self.tokens[user], **kwargs)

    def log_tail(self, characters: int = 4000) -> str:
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return f"--- hub log (last {characters} characters) ---\n{text[-characters:]}"


def _lower(headers) -> dict[str, str]:
    """Headers by lower-case name (the proxy lower-cases them, the servers do not)."""
    return {name.lower(): value for name, value in headers.items()}


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """A person at a browser: logs in through the hub's form and keeps the cookies, so pages
    go through the same OAuth redirects as in Chromium."""

    def __init__(self, hub: Hub):
        self.hub = hub
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def log_in(self, user: str, password: str) -> None:
        self.get("/hub/login")  # sets the _xsrf cookie the form must send back
        xsrf = next(cookie.value for cookie in self.cookies if cookie.name == "_xsrf")
        form = urllib.parse.urlencode({"username": user, "password": password, "_xsrf": xsrf})
        status, _, _, url = self.open("/hub/login", data=form.encode())
        if status != 200 or "/hub/login" in url:
            raise HubError(f"{user} could not log in (status {status}, ended at {url})")

    def get(self, path: str) -> tuple[int, str, dict[str, str], str]:
        return self.open(path)

    def open(self, path: str, data: bytes | None = None) -> tuple[int, str, dict[str, str], str]:
        """Status, text, headers and final URL, after following the redirects."""
        try:
            with self.opener.open(self.hub.url + path, data=data, timeout=HTTP_TIMEOUT) as page:
                return page.status, page.read().decode(), _lower(page.headers), page.url
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace"), _lower(error.headers), path


async def run_cells(hub: Hub, user: str, notebook_path: str, cells: list[str],
                    timeout: float = 120) -> list[str]:
    """Open `notebook_path` in a new kernel on the user's server (a session, as JupyterLab
    does) and execute `cells` one by one through the kernel's websocket. Returns the errors:
    an error output or an aborted cell, as "cell N: ..." lines (empty when all ran).
    The kernel is shut down at the end."""
    session = await asyncio.to_thread(
        hub.user_call, user, "POST", "/api/sessions",
        {"path": notebook_path, "type": "notebook", "name": "", "kernel": {"name": "python3"}})
    kernel_id = session["kernel"]["id"]
    client_session = uuid.uuid4().hex
    ws_url = (hub.url.replace("http://", "ws://") + f"/user/{user}/api/kernels/{kernel_id}"
              f"/channels?session_id={client_session}")
    request = HTTPRequest(ws_url, headers={"Authorization": f"token {hub.tokens[user]}"})
    connection = await asyncio.wait_for(websocket_connect(request), timeout=30)
    errors: list[str] = []
    try:
        for index, code in enumerate(cells):
            try:
                problem = await asyncio.wait_for(
                    _execute(connection, user, client_session, code), timeout=timeout)
            except TimeoutError:
                problem = f"no answer from {user}'s kernel after {timeout} s"
            if problem:
                errors.append(f"cell {index}: {problem}")
                break
    finally:
        connection.close()
        await asyncio.to_thread(hub.user_call, user, "DELETE",
                                f"/api/sessions/{session['id']}")
    return errors


async def _execute(connection, user: str, client_session: str, code: str) -> str:
    """Run one cell; return "" or a description of what went wrong."""
    msg_id = uuid.uuid4().hex
    await connection.write_message(json.dumps({
        "header": {"msg_id": msg_id, "username": user, "session": client_session,
                   "msg_type": "execute_request", "version": "5.3",
                   "date": datetime.datetime.now(datetime.timezone.utc).isoformat()},
        "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
        "content": {"code": code, "silent": False, "store_history": True,
                    "user_expressions": {}, "allow_stdin": False, "stop_on_error": True},
    }))
    problem, replied, idle = "", False, False
    while not (replied and idle):
        raw = await connection.read_message()
        if raw is None:
            return "the kernel's websocket closed"
        message = json.loads(raw)
        if message.get("parent_header", {}).get("msg_id") != msg_id:
            continue
        kind, content = message["msg_type"], message["content"]
        if kind == "error":
            problem = f"{content['ename']}: {content['evalue']}"
        elif kind == "execute_reply":
            replied = True
            if content["status"] != "ok" and not problem:
                problem = f"status {content['status']}: {content.get('evalue', '')}"
        elif kind == "status" and content["execution_state"] == "idle":
            idle = True
    return problem


def _stop(process: subprocess.Popen) -> None:
    """Stop the hub, which stops the users' servers and its proxy, then end by pid whatever
    is left: every descendant seen while the hub was up."""
    end_process_tree(process, descendants(process.pid))


@contextmanager
def running_hub(admins: list[str]) -> Iterator[Hub]:
    """A JupyterHub with the classroom config on free ports of 127.0.0.1, in a temporary
    folder that holds its database, the users' homes and nbgrader's exchange. Its log is
    copied to tests/artifacts/jupyterhub.log at the end, to read after a failure."""
    assert PROXY.exists(), (
        f"{PROXY} is missing: npm install --global --prefix .venv configurable-http-proxy")
    with tempfile.TemporaryDirectory(prefix="lk-hub-") as scratch:
        root = Path(scratch)
        (root / "homes").mkdir()
        (root / "exchange").mkdir(mode=0o777)
        url, credentials = f"http://127.0.0.1:{free_port()}", {
            "admin_token": secrets.token_hex(32), "user_password": secrets.token_urlsafe(12),
            "admin_password": secrets.token_urlsafe(32)}
        config = root / "jupyterhub_config.py"
        config.write_text(TEST_CONFIG.format(
            classroom=str(REPO / "binder" / "hub" / "jupyterhub_config.py"),
            public_port=url.rsplit(":", 1)[1], hub_port=free_port(),
            proxy_api_port=free_port(), proxy=str(PROXY), pid_file=str(root / "proxy.pid"),
            db=root / "jupyterhub.sqlite", cookie_secret=str(root / "cookie_secret"),
            admins=admins, homes=str(root / "homes"),
            singleuser=str(VENV_BIN / "jupyterhub-singleuser"),
            spawner_args=["--allow-root"] if os.geteuid() == 0 else [], **credentials))
        env = {name: value for name, value in os.environ.items()
               if not name.startswith(("JUPYTER", "IPYTHON", "NBGRADER"))}
        env.update({
            "PATH": f"{VENV_BIN}{os.pathsep}{env['PATH']}",  # the servers' jupyter and python
            "LEDGERKIT_COURSEWARE": str(REPO),
            "LEDGERKIT_EXCHANGE": str(root / "exchange"),
        })
        log = root / "jupyterhub.log"
        with open(log, "wb") as output:
            process = subprocess.Popen(
                [str(VENV_BIN / "jupyterhub"), "-f", str(config)], cwd=root, env=env,
                stdout=output, stderr=subprocess.STDOUT, start_new_session=True)
        hub = Hub(url=url, root=root, process=process, log=log, **credentials)
        try:
            _wait_for_hub(hub)
            yield hub
        finally:
            _stop(process)
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(log, ARTIFACTS / "jupyterhub.log")


def _wait_for_hub(hub: Hub) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if hub.process.poll() is not None:
            raise HubError(f"JupyterHub exited early\n{hub.log_tail()}")
        try:
            if hub.raw("GET", "/hub/api/")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.25)
    raise HubError(f"JupyterHub is silent after {START_TIMEOUT} s\n{hub.log_tail()}")
