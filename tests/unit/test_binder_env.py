"""Binder's environment, rebuilt from binder/ alone, runs the course.

repo2docker builds the Binder image (and the JupyterHub image) from three files: runtime.txt
names the Python, requirements.txt pins every package, postBuild installs ledgerkit and the
kernel extension. This test does the same in a fresh virtual environment, so nothing from the
test environment leaks in, then runs the start page and the first notebook of every chapter
in that environment's own kernel, with an empty home as a new Binder user has.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BINDER = ROOT / "binder"
START_PAGE = ROOT / "course" / "00-resources" / "00-start-here.ipynb"
CELL_TIMEOUT_S = 120

# Runs inside the fresh environment: `python -c RUNNER TIMEOUT NOTEBOOK...` executes each
# notebook in a fresh kernel (TIMEOUT seconds a cell) and prints, as JSON, the errors of each
# one (an empty list when it ran clean). A probe notebook first asks the kernel itself which
# Python it is and what it has loaded.
RUNNER = r"""
import json, re, sys
from pathlib import Path
import nbformat
from nbclient import NotebookClient

PROBE = '''import json, sys, ledgerkit
print(json.dumps({"python": sys.executable, "ledgerkit": ledgerkit.__file__,
                  "extensions": sorted(get_ipython().extension_manager.loaded)}))'''
STDERR_FAILURE = re.compile(r"Traceback|^\w*Error\b", re.MULTILINE)


def run(notebook, folder):
    NotebookClient(notebook, timeout=int(sys.argv[1]), kernel_name="python3",
                   resources={"metadata": {"path": folder}}).execute()
    return notebook


def errors(notebook):
    found = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            if output.output_type == "error":
                found.append(f"{output.ename}: {output.evalue}")
            elif output.output_type == "stream" and output.name == "stderr" \
                    and STDERR_FAILURE.search(output.text):
                found.append(output.text[:300])
    return found


probe = run(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(PROBE)]), ".")
report = {"probe": json.loads(probe.cells[0].outputs[0].text), "notebooks": {}}
for path in sys.argv[2:]:
    try:
        notebook = run(nbformat.read(path, as_version=4), str(Path(path).parent))
        report["notebooks"][path] = errors(notebook)
    except Exception as error:
        report["notebooks"][path] = [f"{type(error).__name__}: {str(error)[-500:]}"]
print(json.dumps(report))
"""


def runtime_python() -> str:
    """The version runtime.txt names, e.g. "3.11" for "python-3.11"."""
    text = (BINDER / "runtime.txt").read_text().strip()
    match = re.fullmatch(r"python-(3\.\d+)", text)
    assert match, f"runtime.txt should read like python-3.11, not {text!r}"
    return match.group(1)


def interpreter(version: str) -> str:
    """An interpreter of that version to build the venv from (as repo2docker would pick)."""
    if f"{sys.version_info.major}.{sys.version_info.minor}" == version:
        return sys.executable
    found = shutil.which(f"python{version}")
    assert found, f"runtime.txt names Python {version}, and no python{version} is on PATH"
    return found


def chapter_notebooks() -> list[Path]:
    """The start page, then the first notebook of every other chapter folder."""
    firsts = [min(folder.glob("*.ipynb")) for folder in sorted((ROOT / "course").iterdir())
              if folder.is_dir() and any(folder.glob("*.ipynb"))]
    return [START_PAGE] + [path for path in firsts if path.parent != START_PAGE.parent]


def clean_env(venv: Path, home: Path) -> dict[str, str]:
    """The environment of a new Binder user: the venv first on PATH, an empty home, and no
    Jupyter or Python settings inherited from whoever runs the tests."""
    env = {name: value for name, value in os.environ.items()
           if not name.startswith(("JUPYTER", "IPYTHON", "PYTHON", "VIRTUAL_ENV", "MPL"))}
    env.update({"HOME": str(home), "PATH": f"{venv / 'bin'}{os.pathsep}{env['PATH']}"})
    return env


def run(command: list[str], env: dict[str, str], timeout: float) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=timeout)


def pins() -> dict[str, str]:
    found = {}
    for line in (BINDER / "requirements.txt").read_text().splitlines():
        name, _, version = line.split("#")[0].strip().partition("==")
        if name:
            found[name.lower().replace("_", "-")] = version
    return found


def test_runtime_txt_names_the_python_the_pins_are_made_for():
    # The pins come from a freeze of this project's venv: its Python must be the one named.
    assert runtime_python() == "3.11"


def test_postbuild_follows_repo2docker_conventions():
    script = (BINDER / "postBuild").read_text()
    assert script.startswith("#!/bin/bash\n")
    assert "set -e" in script  # a failing step fails the image build
    assert os.access(BINDER / "postBuild", os.X_OK)
    start = BINDER / "start"
    if start.exists():  # repo2docker runs the server through `start`, which must hand over
        assert start.read_text().rstrip().endswith('exec "$@"')


def test_binder_environment_built_from_binder_files_alone_runs_the_course(tmp_path):
    try:
        check_binder_environment(tmp_path / "venv", tmp_path / "home")
    finally:
        shutil.rmtree(tmp_path / "venv", ignore_errors=True)  # half a gigabyte


def check_binder_environment(venv: Path, home: Path) -> None:
    home.mkdir()
    made = run([interpreter(runtime_python()), "-m", "venv", str(venv)], dict(os.environ), 120)
    assert made.returncode == 0, made.stderr
    python = str(venv / "bin" / "python")
    env = clean_env(venv, home)

    installed = run([python, "-m", "pip", "install", "--quiet", "--no-compile",
                     "--disable-pip-version-check", "-r", "binder/requirements.txt"], env, 900)
    assert installed.returncode == 0, installed.stderr[-3000:]
    built = run(["bash", "binder/postBuild"], env, 600)
    assert built.returncode == 0, built.stdout[-2000:] + built.stderr[-3000:]

    checked = run([python, "-m", "pip", "check"], env, 120)
    assert checked.returncode == 0, checked.stdout
    frozen = run([python, "-m", "pip", "list", "--format=json"], env, 120)
    versions = {item["name"].lower().replace("_", "-"): item["version"]
                for item in json.loads(frozen.stdout)}
    differ = {name: (pin, versions.get(name)) for name, pin in pins().items()
              if versions.get(name) != pin}
    assert not differ, f"the fresh environment differs from the pins: {differ}"

    notebooks = [str(path.relative_to(ROOT)) for path in chapter_notebooks()]
    done = run([python, "-c", RUNNER, str(CELL_TIMEOUT_S), *notebooks], env, 900)
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])

    probe = report["probe"]
    assert probe["python"].startswith(str(venv)), probe  # the fresh venv's own kernel
    assert probe["ledgerkit"] == str(ROOT / "ledgerkit" / "__init__.py")  # editable install
    assert "ledgerkit" in probe["extensions"]  # loaded by postBuild's kernel config
    assert list(report["notebooks"]) == notebooks
    failed = {path: problems for path, problems in report["notebooks"].items() if problems}
    assert failed == {}
