"""The two-command contract: the pinned environment, the Makefile and the README agree."""

import re
import subprocess
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
REQUIRED = {"jupyterlab", "notebook", "ipywidgets", "nbgrader", "networkx", "matplotlib",
            "pycryptodome"}


def pins(path: Path) -> dict[str, str]:
    found = {}
    for line in path.read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            name, _, version = line.partition("==")
            assert version, f"{path.name}: {line!r} is not pinned with =="
            found[name.lower().replace("_", "-")] = version
    return found


def test_every_package_is_pinned_and_the_course_packages_are_there():
    runtime = pins(ROOT / "binder" / "requirements.txt")
    assert REQUIRED <= set(runtime)
    assert pins(ROOT / "tests" / "requirements.txt")  # test tools pinned the same way


def test_this_environment_is_the_pinned_one():
    wanted = pins(ROOT / "binder" / "requirements.txt") | pins(ROOT / "tests" / "requirements.txt")
    installed = {d.metadata["Name"].lower().replace("_", "-"): d.version
                 for d in metadata.distributions()}
    differ = {name: (version, installed.get(name)) for name, version in wanted.items()
              if installed.get(name) != version}
    assert not differ, f"installed versions differ from the pins: {differ}"


def make(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["make", *args], cwd=ROOT, capture_output=True, text=True)


def test_a_second_setup_installs_nothing():
    # `make -q` exits 0 only when the target is up to date: the stamp keyed on the
    # requirements' hash is there, so `make lab` goes straight to JupyterLab.
    assert make("-q", "setup").returncode == 0


def test_make_lab_opens_the_start_page_on_localhost():
    plan = make("-n", "lab").stdout
    launch = [line for line in plan.splitlines() if "jupyter lab" in line]
    assert launch, plan
    assert "--ServerApp.ip=127.0.0.1" in launch[-1]
    start = re.search(r"(course/\S+\.ipynb)", launch[-1]).group(1)
    assert (ROOT / start).is_file()


def test_readme_shows_the_two_commands_and_a_binder_badge_to_the_start_page():
    readme = (ROOT / "README.md").read_text()
    assert "make lab" in readme and "make test" in readme
    target = re.search(r"mybinder\.org/v2/gh/[^)\s]+\?urlpath=lab/tree/([^)\s]+)", readme)
    assert target and (ROOT / target.group(1)).is_file()


def test_ci_runs_make_test():
    assert "make test" in (ROOT / ".ci" / "run").read_text()
