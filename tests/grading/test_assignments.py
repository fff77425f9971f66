"""The nbgrader source assignments (autograder/source/) are sound, checked with real nbgrader.

For every assignment (an assignment with per-class numbers is first rendered with a fixed test
seed, as `release` renders it with the class seed: see autograder/variants.py):

- structure: points sum to 100, at least one written answer graded by hand, every autograded
  answer is followed by a test cell with visible and hidden asserts that check types;
- impostors score nothing: in a real kernel, each answer is replaced by an object whose
  `__eq__` says True to everything (a plain one, and a subclass of the answer's own type),
  and every autograded test cell must then fail — while the true answer passes it;
- nbgrader end to end, in a temporary course: `generate_assignment` leaves no solution and no
  hidden test in the student version; `autograde` gives the solution full marks (even with
  widgets and `%load_ext ledgerkit` added to it), the untouched release 0 and a half-done copy
  something in between.
"""

import ast
import functools
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbformat import v4

from autograder.variants import draw_values, has_variants, render_assignment

ROOT = Path(__file__).resolve().parents[2]
COURSE = ROOT / "autograder"
ASSIGNMENTS = (
    "hw01-basics",
    "hw02-applications",
    "hw03-design",
    "hw04-audit",
    "hw05-review",
    "hw06-monitoring",
    "hw07-simulation",
    "hw08-more-applications",
)
VENV_PYTHON = ROOT / ".venv" / "bin" / "python"
PYTHON = VENV_PYTHON if VENV_PYTHON.exists() else Path(sys.executable)
CELL_TIMEOUT_S = 60
NBGRADER_TIMEOUT_S = 600
TEST_SEED = "test-class-2026"
HIDDEN_BEGIN, HIDDEN_END = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"
SOLUTION_BEGIN, SOLUTION_END = "### BEGIN SOLUTION", "### END SOLUTION"

# Used when the course has no nbgrader_config.py of its own yet.
MINIMAL_CONFIG = """\
c = get_config()  # noqa: F821
c.CourseDirectory.course_id = "ledgerkit"
c.OverwriteCells.add_missing_cells = True
c.Execute.timeout = 60
"""

# Defined in the kernel before the notebook runs: the objects that claim to equal anything.
IMPOSTORS = '''
class _LkAnything:
    """Equal to everything, callable, with every attribute: it must still score nothing."""

    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    __lt__ = __le__ = __gt__ = __ge__ = __eq__

    def __hash__(self):
        return 0

    def __call__(self, *args, **kwargs):
        return self

    def __getattr__(self, name):
        return self


def _lk_impostor_like(value):
    """The right value in a subclass of its own type whose __eq__ is always True."""
    if callable(value) and not isinstance(value, type):
        return lambda *args, **kwargs: _lk_impostor_like(value(*args, **kwargs))
    kind = type(value)
    methods = {"__eq__": lambda self, other: True, "__ne__": lambda self, other: False,
               "__hash__": kind.__hash__}
    try:
        return type("Fake" + kind.__name__, (kind,), methods)(value)
    except Exception:  # bool, dates, ledgerkit objects: no such copy
        return _LkAnything()


_lk_saved = {}


def _lk_swap(names, variant):
    for name in names:
        _lk_saved[name] = globals()[name]
        real = _lk_saved[name]
        globals()[name] = _LkAnything() if variant == "anything" else _lk_impostor_like(real)


def _lk_restore():
    globals().update(_lk_saved)
    _lk_saved.clear()
'''

# Added to the solution before it is submitted: none of it may hang or fail grading.
WIDGET_CELLS = (
    "%load_ext ledgerkit\n%consensus pbft --nodes 4\n%vouchers",
    "%blockformation --difficulty 8",
    'from ledgerkit.widgets import MonitorDashboard\nMonitorDashboard("healthy")',
    "import ipywidgets\nipywidgets.IntSlider(value=3)",
)


def _source_path(assignment: str) -> Path:
    """The assignment's source notebook, rendered with TEST_SEED if it has variants."""
    return _rendered(assignment) / f"{assignment}.ipynb"


@functools.cache
def _rendered(assignment: str) -> Path:
    source = COURSE / "source"
    if not has_variants(source, assignment):
        return source / assignment
    values = draw_values(source, assignment, TEST_SEED)
    return render_assignment(source, assignment, values, Path(tempfile.mkdtemp()))


def _read(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=nbformat.NO_CONVERT)


def _nbgrader(cell: nbformat.NotebookNode) -> dict:
    return cell.metadata.get("nbgrader", {})


def _is_answer(cell: nbformat.NotebookNode) -> bool:
    """An autograded answer: a code cell students write their solution in."""
    meta = _nbgrader(cell)
    return cell.cell_type == "code" and meta.get("solution", False) and not meta.get("grade")


def _is_test(cell: nbformat.NotebookNode) -> bool:
    """An autograder test cell."""
    meta = _nbgrader(cell)
    return cell.cell_type == "code" and meta.get("grade", False) and not meta.get("solution")


def _is_written(cell: nbformat.NotebookNode) -> bool:
    """A written answer graded by hand."""
    meta = _nbgrader(cell)
    return cell.cell_type == "markdown" and meta.get("grade", False) and meta.get("solution")


def _split_test(source: str) -> tuple[str, str]:
    """(visible part, hidden part) of a test cell."""
    visible, _, rest = source.partition(HIDDEN_BEGIN)
    hidden, _, _ = rest.partition(HIDDEN_END)
    return visible, hidden


def _region_lines(source: str, begin: str, end: str) -> list[str]:
    """The stripped, non-empty lines strictly between the begin and end markers."""
    lines, inside = [], False
    for line in source.splitlines():
        stripped = line.strip()
        if stripped == begin:
            inside = True
        elif stripped == end:
            inside = False
        elif inside and stripped:
            lines.append(stripped)
    return lines


def _outside(source: str, begin: str, end: str) -> str:
    """The source without the lines from the begin marker to the end marker."""
    kept, inside = [], False
    for line in source.splitlines():
        if line.strip() == begin:
            inside = True
        if not inside:
            kept.append(line)
        if line.strip() == end:
            inside = False
    return "\n".join(kept)


def _public_text(notebook: nbformat.NotebookNode) -> str:
    """What the source shows students on purpose: everything but solutions and hidden tests."""
    shown = []
    for cell in notebook.cells:
        if _is_answer(cell):
            shown.append(_outside(cell.source, SOLUTION_BEGIN, SOLUTION_END))
        elif _is_test(cell):
            shown.append(_outside(cell.source, HIDDEN_BEGIN, HIDDEN_END))
        elif not _is_written(cell):
            shown.append(cell.source)
    return "\n".join(shown)


def _assigned_names(source: str) -> list[str]:
    """Names a solution cell defines at top level: those are the student's answers."""
    names = []
    for node in ast.parse(source).body:
        if isinstance(node, ast.FunctionDef | ast.ClassDef):
            names.append(node.name)
        targets = node.targets if isinstance(node, ast.Assign) else []
        if isinstance(node, ast.AnnAssign | ast.AugAssign):
            targets = [node.target]
        for target in targets:
            names += [n.id for n in ast.walk(target) if isinstance(n, ast.Name)]
    return list(dict.fromkeys(names))


def _errors(cell: nbformat.NotebookNode) -> list[str]:
    return [f"{o.ename}: {o.evalue}" for o in cell.outputs if o.output_type == "error"]


def test_the_course_has_exactly_the_eight_assignments():
    def visible(folder: Path) -> list[str]:  # Jupyter's .ipynb_checkpoints do not count
        return sorted(path.name for path in folder.iterdir() if not path.name.startswith("."))

    assert visible(COURSE / "source") == sorted(ASSIGNMENTS)
    for assignment in ASSIGNMENTS:  # the notebook, and maybe the draw of its class numbers
        files = visible(COURSE / "source" / assignment)
        assert files in ([f"{assignment}.ipynb"], [f"{assignment}.ipynb", "variant.py"])


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_structure(assignment):
    notebook = _read(_source_path(assignment))
    nbformat.validate(notebook)
    assert notebook.metadata.kernelspec.name == "python3"
    cells = notebook.cells
    for index, cell in enumerate(cells):
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"cell {index} not clean"

    graded = [cell for cell in cells if _nbgrader(cell).get("grade")]
    assert sum(_nbgrader(cell)["points"] for cell in graded) == 100
    assert all(_nbgrader(cell)["points"] > 0 for cell in graded)
    ids = [_nbgrader(cell)["grade_id"] for cell in cells if _nbgrader(cell)]
    assert len(ids) == len(set(ids)), "grade_ids must be unique"

    written = [cell for cell in cells if _is_written(cell)]
    assert written, "at least one written answer graded by hand"
    assert all(len(cell.source.split()) >= 30 for cell in written), "give graders a model answer"

    tests = [cell for cell in cells if _is_test(cell)]
    assert 4 <= len(tests) <= 7, "4 to 7 autograded questions"
    for cell in tests:
        meta = _nbgrader(cell)
        assert meta["locked"] and meta["schema_version"] == 3
        visible, hidden = _split_test(cell.source)
        assert HIDDEN_END in cell.source, meta["grade_id"]
        for part in (visible, hidden):
            assert "assert " in part, f"{meta['grade_id']}: visible and hidden asserts"
            assert "type(" in part, f"{meta['grade_id']}: check the type, not only the value"

    # Every answer is tested, and every test follows an answer.
    kinds = [("answer" if _is_answer(c) else "test") for c in cells if _is_answer(c) or _is_test(c)]
    assert kinds[0] == "answer" and kinds[-1] == "test"
    for before, after in zip(kinds, kinds[1:], strict=False):
        assert not (before == "answer" and after == "answer"), "an answer without its test"
    for cell in cells:
        if _is_answer(cell):
            assert SOLUTION_BEGIN in cell.source and SOLUTION_END in cell.source
            assert _assigned_names(cell.source), "an answer defines a name the tests check"


def _run(client: NotebookClient, source: str, index: int) -> nbformat.NotebookNode:
    cell = v4.new_code_cell(source)
    client.execute_cell(cell, index)
    return cell


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_an_object_equal_to_everything_scores_nothing(assignment, tmp_path):
    notebook = _read(_source_path(assignment))
    client = NotebookClient(notebook, timeout=CELL_TIMEOUT_S, kernel_name="python3",
                            allow_errors=True, resources={"metadata": {"path": str(tmp_path)}})
    verdicts, names = {}, []
    with client.setup_kernel():
        assert _errors(_run(client, IMPOSTORS, 0)) == []
        for index, cell in enumerate(notebook.cells):
            if cell.cell_type != "code":
                continue
            if _is_answer(cell):
                names += _assigned_names(cell.source)
            client.execute_cell(cell, index)
            if not _is_test(cell):
                assert _errors(cell) == [], f"cell {index} of the solution failed"
                continue
            grade_id = _nbgrader(cell)["grade_id"]
            verdicts[grade_id, "solution"] = _errors(cell)
            for variant in ("anything", "same-type impostor"):
                swapped = _run(client, f"_lk_swap({names!r}, {variant!r})", index)
                assert _errors(swapped) == [], f"{grade_id}: could not swap in {variant}"
                verdicts[grade_id, variant] = _errors(_run(client, cell.source, index))
                _run(client, "_lk_restore()", index)
            names = []
    assert verdicts, "no autograded test cell ran"
    for (grade_id, variant), errors in verdicts.items():
        if variant == "solution":
            assert errors == [], f"{grade_id}: the solution fails its own tests: {errors}"
        else:
            assert errors != [], f"{grade_id}: an object equal to everything ({variant}) passes"


def _nbgrader_cli(course: Path, *args: str) -> None:
    env = {**os.environ, "PATH": f"{PYTHON.parent}{os.pathsep}{os.environ.get('PATH', '')}",
           "PYTHONPATH": str(ROOT), "LEDGERKIT_EXCHANGE": str(course / "exchange")}
    command = [str(PYTHON), "-m", "nbgrader", *args, f"--CourseDirectory.root={course}",
               f"--CourseDirectory.db_url=sqlite:///{course / 'gradebook.db'}"]
    process = subprocess.Popen(command, cwd=course, env=env, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        out, err = process.communicate(timeout=NBGRADER_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        # Ctrl-C lets nbgrader shut down the kernels it started; kill it only if it hangs.
        process.send_signal(signal.SIGINT)
        try:
            out, err = process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            out, err = process.communicate()
        raise AssertionError(f"nbgrader {args[0]} timed out: {err[-3000:]}") from None
    assert process.returncode == 0, out[-3000:] + err[-3000:]


def _submit(course: Path, assignment: str, student: str, notebook: nbformat.NotebookNode):
    folder = course / "submitted" / student / assignment
    folder.mkdir(parents=True)
    nbformat.write(notebook, folder / f"{assignment}.ipynb")
    (folder / "timestamp.txt").write_text("2026-11-26 12:00:00.000000 UTC\n", encoding="utf-8")


def _wrong_answer(solution_source: str) -> str:
    """Code that defines the same names as a solution, all wrong: None, or functions of None."""
    defined = {node.name for node in ast.parse(solution_source).body
               if isinstance(node, ast.FunctionDef | ast.ClassDef)}
    return "\n".join(f"def {name}(*args, **kwargs):\n    return None" if name in defined
                     else f"{name} = None" for name in _assigned_names(solution_source))


def _half_done(released: nbformat.NotebookNode, solution: nbformat.NotebookNode):
    """The released notebook with the first half of the answers right, the others wrong."""
    answers = {_nbgrader(c)["grade_id"]: c.source for c in solution.cells if _is_answer(c)}
    right = list(answers)[: (len(answers) + 1) // 2]
    copy = nbformat.from_dict(released)
    for cell in copy.cells:
        grade_id = _nbgrader(cell).get("grade_id")
        if grade_id in answers:
            source = answers[grade_id]
            cell.source = source if grade_id in right else _wrong_answer(source)
    return copy


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_nbgrader_generates_and_autogrades(assignment, tmp_path):
    from nbgrader.api import Gradebook

    course = tmp_path / "course"
    shutil.copytree(_source_path(assignment).parent, course / "source" / assignment)
    config = COURSE / "nbgrader_config.py"
    if config.exists():
        shutil.copy(config, course / "nbgrader_config.py")
    else:
        (course / "nbgrader_config.py").write_text(MINIMAL_CONFIG, encoding="utf-8")

    _nbgrader_cli(course, "generate_assignment", assignment, "--force")
    solution = _read(_source_path(assignment))
    released = _read(course / "release" / assignment / f"{assignment}.ipynb")

    # The student version holds no solution, no model answer and no hidden test.
    released_text = "\n".join(cell.source for cell in released.cells)
    public_text = _public_text(solution)
    for marker in (SOLUTION_BEGIN, SOLUTION_END, HIDDEN_BEGIN, HIDDEN_END):
        assert marker not in released_text
    for cell in solution.cells:
        secret = []
        if _is_answer(cell):
            secret = _region_lines(cell.source, SOLUTION_BEGIN, SOLUTION_END)
        elif _is_written(cell):
            secret = [line.strip() for line in cell.source.splitlines() if line.strip()]
        elif _is_test(cell):
            visible = _split_test(cell.source)[0]
            secret = [line for line in _region_lines(cell.source, HIDDEN_BEGIN, HIDDEN_END)
                      if line not in visible]
        leaked = [line for line in secret
                  if len(line) > 8 and line in released_text and line not in public_text]
        assert leaked == [], f"{_nbgrader(cell)['grade_id']} leaks into the release"

    with_widgets = nbformat.from_dict(solution)
    with_widgets.cells += [v4.new_code_cell(source) for source in WIDGET_CELLS]
    _submit(course, assignment, "solution", with_widgets)
    _submit(course, assignment, "untouched", released)
    _submit(course, assignment, "half", _half_done(released, solution))
    _nbgrader_cli(course, "autograde", assignment, "--force")

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        scores = {student: gradebook.find_submission(assignment, student)
                  for student in ("solution", "untouched", "half")}
        full = scores["solution"].max_code_score
        assert scores["solution"].max_score == 100
        assert 0 < full < 100
        assert scores["solution"].code_score == full
        assert scores["untouched"].code_score == 0
        assert 0 < scores["half"].code_score < full
