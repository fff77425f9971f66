"""Every notebook under course/, labs/ and the Chinese edition zh/ is committed clean and
runs top to bottom.

Each notebook is executed in a fresh kernel, in its own folder, exactly as a learner on
Binder would run it with "Restart kernel and run all cells". The executed copy stays in
memory: the committed file is never written back.
"""

import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from ledgerkit.exercises import all_exercises

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted(
    path
    for folder in ("course", "labs", "zh")
    for path in (ROOT / folder).rglob("*.ipynb")
    # The Chinese homework holds this class's {{numbers}} as placeholders until release: it is
    # run by the grading tests, rendered (tests/grading/test_chinese_release.py), as the
    # English homework is (test_assignments.py).
    if ".ipynb_checkpoints" not in path.parts and "autograder" not in path.parts
)
NAMES = [str(path.relative_to(ROOT)) for path in NOTEBOOKS]
CELL_TIMEOUT_S = 120
CHECK_CALL = re.compile(r"""\bcheck\(\s*["']([^"']+)["']""")
# IPython prints some failures (a missing magic: UsageError) to stderr, not as an error output.
STDERR_FAILURE = re.compile(r"Traceback|^\w*Error\b", re.MULTILINE)


def _read(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=nbformat.NO_CONVERT)


def test_the_course_has_notebooks():
    assert NOTEBOOKS, "no notebooks found under course/ or labs/"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NAMES)
def test_committed_notebook_is_stripped_and_valid(path):
    notebook = _read(path)
    nbformat.validate(notebook)  # raises ValidationError on malformed JSON structure
    assert notebook.nbformat == 4
    assert notebook.metadata.get("kernelspec", {}).get("name") == "python3"
    assert notebook.metadata.kernelspec.get("language") == "python"
    assert "widgets" not in notebook.metadata, "saved widget state: clear it before committing"
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type == "code":
            assert cell.outputs == [], f"cell {index} has outputs"
            assert cell.execution_count is None, f"cell {index} has an execution count"


@pytest.mark.notebook
@pytest.mark.parametrize("path", NOTEBOOKS, ids=NAMES)
def test_notebook_runs_top_to_bottom_without_errors(path):
    notebook = _read(path)
    client = NotebookClient(
        notebook,
        timeout=CELL_TIMEOUT_S,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()  # raises CellExecutionError at the first cell that fails
    problems = [
        (index, _describe(output))
        for index, cell in enumerate(notebook.cells)
        if cell.cell_type == "code"
        for output in cell.outputs
        if _is_error(output)
    ]
    assert problems == []


def _is_error(output: nbformat.NotebookNode) -> bool:
    """An error output, or a failure printed to stderr (a widget callback, a missing magic)."""
    if output.output_type == "error":
        return True
    is_stderr = output.output_type == "stream" and output.name == "stderr"
    return is_stderr and STDERR_FAILURE.search(output.text) is not None


def _describe(output: nbformat.NotebookNode) -> str:
    if output.output_type == "error":
        return f"{output.ename}: {output.evalue}"
    return output.text[:300]


def test_every_checked_exercise_exists():
    known = {item.id for item in all_exercises()}
    used = {
        (str(path.relative_to(ROOT)), exercise_id)
        for path in NOTEBOOKS
        for cell in _read(path).cells
        if cell.cell_type == "code"
        for exercise_id in CHECK_CALL.findall(cell.source)
    }
    assert used, "no notebook calls check(...)"
    missing = sorted(pair for pair in used if pair[1] not in known)
    assert missing == []
