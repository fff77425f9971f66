"""Why a submission did not grade cleanly, in a sentence a lecturer can read (原因).

Four places tell us: the submitted files before nbgrader runs (`check_submission`), their
read-only cells against the assignment's (`changed_locked_cells`), the graded notebook after
it ran (`read_graded`), and nbgrader's log when it gave up (`explain_failure`). Reasons are
kept in `<course>/autograde_reasons.json` as {assignment: {student: reason}}, one entry for
each student whose last grading had a problem (`ReasonBook`).

    >>> explain_failure("... nbclient.exceptions.DeadKernelError: Kernel died")[:50]
    'the kernel died while running the notebook (it may'
"""

from __future__ import annotations

import functools
import json
import os
import re
import tempfile
from pathlib import Path

import nbformat

REASONS_FILE = "autograde_reasons.json"
TIMEOUT_ERROR = "CellTimeoutError"  # nbgrader's error output for a cell stopped at the limit
DEAD_KERNEL_ERROR = "DeadKernelError"  # the sandbox's, for a dead kernel and cells not run
OUTPUT_CUT_MARK = "[The grader kept only the first"  # the sandbox's note on too much output
MISSING_CELL_MARK = "was missing from the submission"  # nbgrader's note on a restored cell


def check_submission(folder: Path, notebooks: list[str]) -> tuple[list[str], str]:
    """The notebooks of `notebooks` (names without .ipynb) found readable in `folder`, and a
    reason naming those that are missing or unreadable ("" when all are fine).

    >>> check_submission(Path("/nowhere"), ["hw01-basics"])
    ([], 'hw01-basics.ipynb is missing from the submission')
    """
    readable, problems = [], []
    for name in notebooks:
        path = Path(folder) / f"{name}.ipynb"
        if not path.is_file():
            problems.append(f"{name}.ipynb is missing from the submission")
            continue
        try:
            nbformat.read(path, as_version=nbformat.NO_CONVERT)
        except Exception as error:  # any way a file can fail to be a notebook
            problems.append(f"{name}.ipynb is not a readable notebook ({_first_line(error)})")
            continue
        readable.append(name)
    return readable, "; ".join(problems)


# The judge's error output when a test's values never arrived (autograder/judge.py NOT_RUN).
NOT_JUDGED = "TestsDidNotRun"


def read_graded(path: Path) -> str:
    """What a lecturer should know about a graded notebook, "" when there is nothing: cells
    stopped at the time limit, cells out of memory, a kernel that died (the sandbox then marks
    the later cells "not run"), output cut short, test cells the student had deleted (nbgrader
    put them back).

    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("while True: pass")])
    >>> nb.cells[0].outputs = [nbformat.v4.new_output("error", ename="CellTimeoutError",
    ...                                               evalue="", traceback=[])]
    >>> path = Path(tempfile.mkdtemp()) / "graded.ipynb"; nbformat.write(nb, path)
    >>> read_graded(path)
    'cell 1 ran past the time limit and was stopped'
    """
    nb = nbformat.read(path, as_version=4)
    stopped, died, not_run, restored, memory, cut = [], [], [], [], [], False
    unjudged: list[str] = []
    for number, cell in enumerate(nb.cells, start=1):
        name = cell.metadata.get("nbgrader", {}).get("grade_id") or f"{number}"
        if MISSING_CELL_MARK in cell.source.split("\n", 1)[0]:
            restored.append(name)
        for out in cell.get("outputs", []) if cell.cell_type == "code" else []:
            evalue = str(out.get("evalue", ""))
            if out.get("ename") == TIMEOUT_ERROR or "ignored the interrupt" in evalue:
                stopped.append(name)
            elif out.get("ename") == DEAD_KERNEL_ERROR:
                (not_run if evalue.startswith("Not run") else died).append(name)
            elif out.get("ename") == "MemoryError":
                memory.append(name)
            elif out.get("ename") == NOT_JUDGED:
                unjudged.append(f"{name} ({evalue.removeprefix('Tests did not run: ')})")
            elif out.get("name") == "stderr" and OUTPUT_CUT_MARK in out.get("text", ""):
                cut = True
    stopped = list(dict.fromkeys(stopped))  # a cell may carry both errors
    notes = []
    if stopped:
        notes.append(f"{_cells(stopped)} ran past the time limit and {_were(stopped)} stopped")
    if memory:
        notes.append(f"{_cells(memory)} ran out of memory (MemoryError)")
    if died:
        notes.append(f"the kernel died in {_cells(died)}")
    if not_run:
        notes.append(f"{len(not_run)} later code cell{'s' * (len(not_run) > 1)} did not run, "
                     "so their tests scored 0")
    if unjudged:
        notes.append(f"the tests of {', '.join(unjudged)} did not run, so they scored 0")
    if cut:
        notes.append("the notebook printed too much; its output was cut short")
    if restored:
        notes.append(
            f"the student had deleted {_cells(restored)}; nbgrader put {_them(restored)} back"
        )
    return "; ".join(notes)


def changed_locked_cells(submitted: Path, versions: list[Path]) -> str:
    """A note naming the read-only cells (tests, given code) of the `submitted` notebook whose
    source matches none of `versions` (the released notebook and the source one), "" when
    none does. nbgrader puts the original back before running; this only tells the lecturer.

    >>> folder = Path(tempfile.mkdtemp())
    >>> cell = nbformat.v4.new_code_cell("assert answer == 42", metadata={"nbgrader": {
    ...     "grade_id": "q1-tests", "locked": True}})
    >>> nbformat.write(nbformat.v4.new_notebook(cells=[cell]), folder / "released.ipynb")
    >>> cell.source = "assert True"
    >>> nbformat.write(nbformat.v4.new_notebook(cells=[cell]), folder / "submitted.ipynb")
    >>> changed_locked_cells(folder / "submitted.ipynb", [folder / "released.ipynb"])
    'the student had changed cell q1-tests; nbgrader put the original back'
    """
    known: dict[str, set[str]] = {}
    for version in versions:
        for grade_id, source in _locked_sources(Path(version), Path(version).stat().st_mtime):
            known.setdefault(grade_id, set()).add(source)
    changed = []
    for cell in nbformat.read(submitted, as_version=4).cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in known and cell.source.strip() not in known[grade_id]:
            changed.append(grade_id)
    if not changed:
        return ""
    originals = "the original" if len(changed) == 1 else "the originals"
    return f"the student had changed {_cells(changed)}; nbgrader put {originals} back"


@functools.lru_cache(maxsize=32)
def _locked_sources(path: Path, _mtime: float) -> tuple[tuple[str, str], ...]:
    """(grade_id, source) of the read-only cells of an assignment's notebook; read once per
    version of the file (the mtime is part of the cache key), not once per student."""
    found = []
    for cell in nbformat.read(path, as_version=4).cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("locked") and meta.get("grade_id"):
            found.append((meta["grade_id"], cell.source.strip()))
    return tuple(found)


# Recognisable failures in nbgrader's log, most specific first.
FAILURES = [
    (r"DeadKernelError|Kernel died",
     "the kernel died while running the notebook (it may have used too much memory or ended "
     "its own process)"),
    (r"UnresponsiveKernelError|kernel became unresponsive",
     "the kernel stopped responding and could not be interrupted"),
    (r"Kernel didn't respond|RuntimeError: Kernel died before replying|startup_timeout",
     "the kernel did not start"),
    (r"NotJSONError|does not appear to be JSON|JSONDecodeError",
     "the notebook is not valid JSON"),
    (r"SchemaTooOldError|SchemaTooNewError",
     "the notebook's nbgrader metadata is from another nbgrader version"),
    (r"Invalid timestamp string", "the submission's timestamp.txt is unreadable"),
    (r"No notebooks were matched", "no notebook of the assignment is in the submission"),
    (r"database is locked|OperationalError", "the gradebook database was busy or unreadable"),
]


def explain_failure(log: str) -> str:
    """A lecturer's sentence for nbgrader's log of a submission it could not grade.

    >>> explain_failure("ValueError: something new")
    'nbgrader could not grade it (ValueError: something new); scored 0'
    """
    for pattern, sentence in FAILURES:
        if re.search(pattern, log):
            return f"{sentence}; scored 0"
    return f"nbgrader could not grade it ({_last_error(log)}); scored 0"


class ReasonBook:
    """The `autograde_reasons.json` file of a course: {assignment: {student: reason}}.

    Every change is written at once, atomically (a new file renamed over the old), so a run
    stopped at any moment leaves a whole file.

    >>> book = ReasonBook(Path(tempfile.mkdtemp()))
    >>> book.set("hw01-basics", "mallory", "the notebook is not valid JSON; scored 0")
    >>> book.get("hw01-basics", "mallory")
    'the notebook is not valid JSON; scored 0'
    >>> book.set("hw01-basics", "mallory", ""); book.get("hw01-basics", "mallory")
    ''
    """

    def __init__(self, course_dir: Path):
        self.path = Path(course_dir) / REASONS_FILE

    def load(self) -> dict[str, dict[str, str]]:
        if not self.path.exists():
            return {}
        try:
            return json.loads(self.path.read_text(encoding="utf-8"))
        except ValueError:
            return {}

    def get(self, assignment: str, student: str) -> str:
        return self.load().get(assignment, {}).get(student, "")

    def set(self, assignment: str, student: str, reason: str) -> None:
        """Record `reason` for the student ("" forgets an earlier one)."""
        book = self.load()
        entries = book.setdefault(assignment, {})
        if reason:
            entries[student] = reason
        else:
            entries.pop(student, None)
        if not entries:
            book.pop(assignment)
        handle, temp = tempfile.mkstemp(dir=self.path.parent, prefix=".reasons-")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(book, out, indent=1, ensure_ascii=False, sort_keys=True)
        os.replace(temp, self.path)


def _first_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return f"{type(error).__name__}: {text[0][:120]}" if text else type(error).__name__


def _last_error(log: str) -> str:
    lines = [line.strip() for line in log.strip().splitlines() if line.strip()]
    for line in reversed(lines):
        if re.match(r"^[A-Za-z_.]*(Error|Exception)\b", line):
            return line[:160]
    return lines[-1][:160] if lines else "no log"


def _cells(names: list[str]) -> str:
    return f"cell {names[0]}" if len(names) == 1 else "cells " + ", ".join(names)


def _were(names: list[str]) -> str:
    return "was" if len(names) == 1 else "were"


def _them(names: list[str]) -> str:
    return "it" if len(names) == 1 else "them"
