"""What makes a class grade faster, each kept to nbgrader's and jupyter_client's behaviour:
the metadata check with its schema compiled once, one gradebook engine per grading process,
a client ready as soon as the kernel answers, a kernel that skips the debugger and knows it
is being graded (so the widget magics build nothing), and a killed kernel reaped at once.
(How much faster: tests/bench/bench_autograde.py.)"""

from __future__ import annotations

import copy
import sys

import nbformat
import pytest
from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import run_sync
from nbgrader.api import Gradebook
from nbgrader.nbgraderformat import ValidationError
from nbgrader.preprocessors import CheckCellMetadata as NbgraderCheckCellMetadata

from autograder.course import DEFAULT_COURSE, use_venv_tools
from autograder.gradebook import share_engines
from autograder.kernel_client import ReadyKernelClient
from autograder.metadata import CheckCellMetadata
from autograder.sandbox import SandboxKernelManager

HW01 = DEFAULT_COURSE / "source" / "hw01-basics" / "hw01-basics.ipynb"


# -- the metadata check ------------------------------------------------------------------

def _broken_copies(nb):
    """hw01 with one cell's nbgrader metadata spoilt in one way each (and one unspoilt)."""
    graded = next(i for i, c in enumerate(nb.cells) if c.metadata.get("nbgrader", {}).get("grade"))
    spoilers = {
        "unchanged": lambda meta: None,
        "points as text": lambda meta: meta.update(points="ten"),
        "grade as text": lambda meta: meta.update(grade="yes"),
        "no grade_id": lambda meta: meta.pop("grade_id"),
        "empty grade_id": lambda meta: meta.update(grade_id=""),
        "old schema": lambda meta: meta.update(schema_version=1),
        "future schema": lambda meta: meta.update(schema_version=99),
        "no points": lambda meta: meta.pop("points"),
        "unknown key": lambda meta: meta.update(colour="red"),
    }
    for name, spoil in spoilers.items():
        broken = copy.deepcopy(nb)
        spoil(broken.cells[graded].metadata["nbgrader"])
        yield name, broken


def _verdict(step, nb) -> str:
    try:
        step.preprocess(copy.deepcopy(nb), {})
    except ValidationError as error:
        return f"refused: {error}"
    except Exception as error:  # a schema-version error, say: the same class either way
        return f"{type(error).__name__}: {error}"
    return "accepted"


@pytest.mark.parametrize("name,nb", list(_broken_copies(nbformat.read(HW01, as_version=4))))
def test_the_metadata_check_judges_every_notebook_as_nbgrader_does(name, nb):
    ours, theirs = _verdict(CheckCellMetadata(), nb), _verdict(NbgraderCheckCellMetadata(), nb)
    assert ours == theirs
    assert (ours == "accepted") == (name == "unchanged")


def test_the_course_uses_our_metadata_check_in_both_steps_and_the_sandbox():
    from autograder.course import load_config

    config = load_config(DEFAULT_COURSE).Autograde
    for steps in (config.sanitize_preprocessors, config.autograde_preprocessors):
        assert "autograder.metadata.CheckCellMetadata" in steps
        assert "nbgrader.preprocessors.CheckCellMetadata" not in steps
    assert config.autograde_preprocessors[0] == "autograder.sandbox.SandboxExecute"


# -- one engine per database ---------------------------------------------------------------

def test_gradebooks_share_one_engine_and_leave_no_connection_open(tmp_path):
    use_venv_tools()  # a new gradebook runs `alembic`
    share_engines()
    url = f"sqlite:///{tmp_path / 'gradebook.db'}"
    with Gradebook(url) as first:
        first.add_assignment("hw01-basics")
        first.add_student("alice")
        engine = first.engine
    with Gradebook(url) as second:
        assert second.engine is engine
        assert [s.id for s in second.students] == ["alice"]  # what the first one wrote
    assert engine.pool.checkedout() == 0
    with Gradebook(f"sqlite:///{tmp_path / 'other.db'}") as other:
        assert other.engine is not engine and other.students == []


# -- kernels: ready at once, no debugger, no widgets, reaped at once ----------------------

@pytest.mark.parametrize("kernel_code,timeout,complaint", [
    ("import sys; sys.exit(3)", 30, "died before replying"),  # a kernel that dies at once
    ("import time; time.sleep(60)", 2, "didn't respond in 2 seconds"),  # one that never answers
])
def test_ready_client_says_why_a_kernel_never_became_ready(tmp_path, kernel_code, timeout,
                                                           complaint):
    km = AsyncKernelManager(transport="ipc", connection_file=str(tmp_path / "k.json"))
    km.client_factory = ReadyKernelClient
    km.kernel_spec.argv = [sys.executable, "-c", kernel_code, "{connection_file}"]
    run_sync(km.start_kernel)()
    kc = km.client()
    kc.start_channels()
    try:
        with pytest.raises(RuntimeError, match=complaint):
            run_sync(kc.wait_for_ready)(timeout=timeout)
    finally:
        kc.stop_channels()
        run_sync(km.shutdown_kernel)(now=True)


def test_a_sandboxed_kernel_is_ready_runs_without_debugpy_and_is_reaped_at_once(tmp_path,
                                                                            monkeypatch):
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")  # as nbgrader sets it while grading
    km = SandboxKernelManager(kernel_name="python3")
    run_sync(km.start_kernel)(cwd=str(tmp_path))
    kc = km.client()
    assert isinstance(kc, ReadyKernelClient)
    kc.start_channels()
    printed = []

    def keep(msg):
        if msg["msg_type"] == "stream":
            printed.append(msg["content"]["text"])

    try:
        run_sync(kc.wait_for_ready)(timeout=60)
        reply = run_sync(kc.execute_interactive)(
            "import os, sys\nprint(sys.modules.get('debugpy'), 'ipykernel' in sys.modules)\n"
            "try:\n    import debugpy\nexcept ImportError:\n    print('no debugger')\n"
            "%load_ext ledgerkit\n%blockformation --difficulty 8\n%consensus pbft\n%vouchers\n"
            "print(os.environ['NBGRADER_EXECUTION'], 'ipywidgets' in sys.modules)",
            output_hook=keep, timeout=60)
    finally:
        kc.stop_channels()
    assert reply["content"]["status"] == "ok"
    # it knows it is being graded, so the widget magics build nothing and skip ipywidgets
    lines = "".join(printed).splitlines()  # ("already loaded" when the venv loads ledgerkit)
    assert lines[:2] == ["None True", "no debugger"] and lines[-1] == "autograde False"

    looks = []  # what jupyter_client finds each time it asks whether the kernel lives on
    is_alive = km._async_is_alive

    async def recorded() -> bool:
        looks.append(await is_alive())
        return looks[-1]

    km._async_is_alive = recorded
    run_sync(km.shutdown_kernel)(now=True)
    assert looks and not any(looks)  # dead at the first look: no 0.1 s poll
    assert km.workspace is None  # scratch folder removed
