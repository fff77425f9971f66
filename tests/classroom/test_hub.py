"""The class ledger service as a JupyterHub service: a real hub (JupyterHub and its proxy,
from the project's .venv) starts the service, and requests are let in by the hub's tokens.

A student's token makes the student's hub name the member's name; a bad token or none is
refused; a hub admin is a lecturer. Everything goes through the hub's proxy.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import jupyterhub  # noqa: F401  (the hub must be installed for this test)
import pytest

from ledgerkit.classroom.client import ClassClient, HttpTransport, Refused

VENV_BIN = Path(sys.executable).parent
SERVICE_TOKEN = "tester-0123456789abcdef0123456789"

CONFIG = """
import sys
c = get_config()  # noqa
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = {port}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {hub_port}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{proxy_port}"
c.ConfigurableHTTPProxy.command = [{proxy!r}]
c.JupyterHub.db_url = "sqlite:///{root}/hub.sqlite"
c.JupyterHub.cookie_secret_file = "{root}/cookie_secret"
c.JupyterHub.pid_file = "{root}/hub.pid"
c.JupyterHub.authenticator_class = "dummy"
c.Authenticator.allowed_users = {{"li.wei", "teacher"}}
c.Authenticator.admin_users = {{"teacher"}}
c.JupyterHub.services = [
    {{"name": "classroom", "url": "http://127.0.0.1:{service_port}",
      "command": [sys.executable, "-m", "ledgerkit.classroom", "serve", "--port",
                  "{service_port}", "--db", "{root}/class.db", "--code", "HUB001"]}},
    {{"name": "tester", "api_token": "{token}"}},
]
c.JupyterHub.load_roles = [
    {{"name": "user", "scopes": ["self", "access:services!service=classroom"]}},
    {{"name": "tester", "scopes": ["admin:users", "tokens"], "services": ["tester"]}},
]
"""


def _free_ports(count: int) -> list[int]:
    sockets = [socket.socket() for _ in range(count)]
    for s in sockets:
        s.bind(("127.0.0.1", 0))
    ports = [s.getsockname()[1] for s in sockets]
    for s in sockets:
        s.close()
    return ports


@pytest.fixture
def hub(tmp_path):
    """(proxy URL) of a running hub with the classroom service; stopped afterwards."""
    port, hub_port, proxy_port, service_port = _free_ports(4)
    (tmp_path / "jupyterhub_config.py").write_text(CONFIG.format(
        port=port, hub_port=hub_port, proxy_port=proxy_port, service_port=service_port,
        root=tmp_path, token=SERVICE_TOKEN,
        proxy=str(VENV_BIN / "configurable-http-proxy")))
    env = {**os.environ, "PATH": f"{VENV_BIN}:{os.environ['PATH']}"}
    log = (tmp_path / "hub.log").open("wb")
    process = subprocess.Popen([str(VENV_BIN / "jupyterhub"), "-f", "jupyterhub_config.py"],
                               cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT, env=env,
                               start_new_session=True)  # one group: hub, proxy, service
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(url + "services/classroom/health", timeout=5):
                    break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise AssertionError((tmp_path / "hub.log").read_text()[-3000:]) from None
                time.sleep(0.5)
        yield url
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(10)


def _token(url: str, user: str) -> str:
    """A token of `user` that may reach the classroom service, made by the hub's API."""
    request = urllib.request.Request(
        f"{url}hub/api/users/{user}/tokens", method="POST",
        data=json.dumps({"scopes": ["access:services!service=classroom"]}).encode(),
        headers={"Authorization": f"token {SERVICE_TOKEN}"})
    with urllib.request.urlopen(request, timeout=30) as answer:
        return json.loads(answer.read())["token"]


def test_the_hub_lets_its_users_in_under_their_own_names(hub, tmp_path):
    service = hub + "services/classroom/"
    student = ClassClient(service, None, name="anything", hub_token=_token(hub, "li.wei"),
                          key_file=tmp_path / "li.pem")
    me = student.join(role="supplier:1")
    assert (me["name"], me["role"], me["code"]) == ("li-wei", "supplier", "HUB001")
    assert student.status()["students"] == 1
    for token in ("not-a-token", None):
        with pytest.raises(Refused) as refused:
            HttpTransport(service, hub_token=token).request("GET", "api/status")
        assert refused.value.rule == "classroom.hub_denied" and refused.value.status == 403
    with pytest.raises(Refused) as not_lecturer:
        HttpTransport(service, hub_token=_token(hub, "li.wei")).request(
            "POST", "api/lecturer", b'{"op": "crash"}')
    assert not_lecturer.value.rule == "classroom.lecturer_only"
    teacher = HttpTransport(service, hub_token=_token(hub, "teacher"))
    said = teacher.request("POST", "api/lecturer", b'{"op": "crash"}')
    assert said["faulty"] == {"0": "crashed"}
