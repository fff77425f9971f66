"""Why a submission did not grade cleanly, in a sentence a lecturer can read (原因).

Four places tell us: the submitted files before nbgrader runs (`check_submission`), their
read-only cells against the assignment's (`changed_locked_cells`), the graded notebook after
it ran (`read_graded`), and nbgrader's log when it gave up (`explain_failure`). Reasons are
kept in `<course>/autograde_reasons.json` as {assignment: {student: reason}}, one entry for
each student whose last grading had a problem (`ReasonBook`).

When nbgrader refuses a malformed notebook (a copied graded cell, grading marks edited, ...)
it only logs "Please see the the above traceback": `explain_failure` turns the line that
names the cause into what is wrong and what the student should do, in English and Chinese,
with nbgrader's own line kept at the end for the lecturer. `failed_notebook` is the graded
notebook a refused submission gets instead (the released notebook, the student's answers,
the reason on top, every test failed), so that feedback and the formgrader show it.

    >>> explain_failure("... nbclient.exceptions.DeadKernelError: Kernel died")[:50]
    'the kernel died while running the notebook (it may'
"""

from __future__ import annotations

import functools
import html
import json
import os
import re
import tempfile
from dataclasses import dataclass
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
            problems.append(_missing(name, Path(folder)))
            continue
        try:
            nbformat.read(path, as_version=nbformat.NO_CONVERT)
        except Exception as error:  # any way a file can fail to be a notebook
            problems.append(f"{name}.ipynb is not a readable notebook ({_first_line(error)}): "
                            + UNREADABLE)
            continue
        readable.append(name)
    return readable, "; ".join(problems)


# What a student does about a notebook they cannot repair by hand (the grading marks of a
# cell live in its metadata; nbgrader's fetch refuses to overwrite an existing folder).
FRESH_COPY = (
    "Rename your {assignment} folder, fetch the assignment again (Assignments tab, Fetch), "
    "paste your answers into the new copy's answer cells and submit again.",
    "请先把你的 {assignment} 文件夹改名，再在 Assignments（作业）标签页重新获取（Fetch）"
    "作业，把答案粘贴到新副本的答题单元格中，然后重新提交。",
)
UNREADABLE = (
    "the file is damaged or is not a notebook. Check that it opens in JupyterLab (or fetch "
    "the assignment again and paste your answers in) and submit again / 文件已损坏，或者"
    "不是笔记本文件。请确认它能在 JupyterLab 中打开（或重新获取作业并粘贴答案），然后重新提交"
)


def _missing(name: str, folder: Path) -> str:
    """The reason for a notebook absent from `folder`; when another notebook is there instead,
    the student renamed it: say which, and how to put it right.

    >>> folder = Path(tempfile.mkdtemp()); _ = (folder / "hw01 (1).ipynb").write_text("{}")
    >>> print(_missing("hw01", folder).split(" / ")[0])  # doctest: +NORMALIZE_WHITESPACE
    hw01.ipynb is missing from the submission, which holds hw01 (1).ipynb instead
    (renamed?): rename it back to hw01.ipynb and submit again
    """
    others = sorted(p.name for p in folder.glob("*.ipynb") if p.is_file()) if folder.is_dir() \
        else []
    if not others:
        return f"{name}.ipynb is missing from the submission"
    found = ", ".join(_clean(other) for other in others[:3])
    return (f"{name}.ipynb is missing from the submission, which holds {found} instead "
            f"(renamed?): rename it back to {name}.ipynb and submit again / 提交中没有 "
            f"{name}.ipynb，只有 {found}（笔记本被改名了？）：请把它改回 {name}.ipynb，"
            "然后重新提交")


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


# The grading marks nbgrader takes from the gradebook, not from the student's notebook.
MARKS = ("grade", "solution", "locked", "points")


def changed_marks(submitted: Path, versions: list[Path]) -> str:
    """A note naming the cells of the `submitted` notebook whose grading marks (nbgrader
    metadata: graded, answer, read-only, points) or type differ from every one of `versions`,
    "" when none does. nbgrader grades such a cell as the assignment defines it (points and
    type put back); this only tells the lecturer that someone edited the marks.

    >>> folder = Path(tempfile.mkdtemp())
    >>> cell = nbformat.v4.new_code_cell("assert answer == 42", metadata={"nbgrader": {
    ...     "grade_id": "q1-tests", "grade": True, "solution": False, "locked": True,
    ...     "points": 10}})
    >>> nbformat.write(nbformat.v4.new_notebook(cells=[cell]), folder / "released.ipynb")
    >>> cell.metadata.nbgrader["points"] = 1000
    >>> nbformat.write(nbformat.v4.new_notebook(cells=[cell]), folder / "submitted.ipynb")
    >>> print(changed_marks(folder / "submitted.ipynb", [folder / "released.ipynb"]))
    ... # doctest: +NORMALIZE_WHITESPACE
    the student had edited the grading marks of cell q1-tests (points); nbgrader used
    the assignment's
    """
    known: dict[str, list[tuple]] = {}
    for version in versions:
        for grade_id, marks in _tracked_marks(Path(version), Path(version).stat().st_mtime):
            known.setdefault(grade_id, []).append(marks)
    changed, what = [], set()
    for cell in nbformat.read(submitted, as_version=4).cells:
        meta = cell.metadata.get("nbgrader", {})
        grade_id = meta.get("grade_id")
        if grade_id not in known:
            continue
        ours = (cell.cell_type, *(meta.get(mark) for mark in MARKS))
        if ours not in known[grade_id]:
            changed.append(_clean(grade_id))
            what |= {name for name, a, b in zip(("type", *MARKS), ours, known[grade_id][0],
                                                  strict=True) if a != b}
    if not changed:
        return ""
    return (f"the student had edited the grading marks of {_cells(changed)} "
            f"({', '.join(sorted(what))}); nbgrader used the assignment's")


@functools.lru_cache(maxsize=32)
def _tracked_marks(path: Path, _mtime: float) -> tuple[tuple[str, tuple], ...]:
    """(grade_id, (cell type, *MARKS)) of the cells nbgrader tracks in an assignment's
    notebook; read once per version of the file."""
    found = []
    for cell in nbformat.read(path, as_version=4).cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade_id"):
            found.append((meta["grade_id"],
                          (cell.cell_type, *(meta.get(mark) for mark in MARKS))))
    return tuple(found)


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


# Recognisable failures in nbgrader's log, most specific first: the grader's own troubles.
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
    (r"Invalid timestamp string", "the submission's timestamp.txt is unreadable"),
    (r"No notebooks were matched", "no notebook of the assignment is in the submission"),
    (r"database is locked|OperationalError", "the gradebook database was busy or unreadable"),
]


@dataclass(frozen=True)
class Malformed:
    """A way a submitted notebook breaks nbgrader, known by a line of nbgrader's log
    (`pattern`; its group `cell` is the grade id nbgrader names). `english` and `chinese`
    say what is wrong and what the student should do; {cell}, {where} (which cell of the
    notebook, counted from the top), {copies}, {first} and {assignment} are filled in.
    """

    kind: str
    pattern: str
    english: str
    chinese: str
    fresh_copy: bool = True  # end with FRESH_COPY: the student cannot mend it by hand


MALFORMED = [
    # DeduplicateIds keeps the first cell of a grade id and strips the marks of the others,
    # then OverwriteCells fails on the stripped cell (KeyError: 'grade_id').
    Malformed(
        "duplicate", r"Cell with id '(?P<cell>[^'\n]*)' exists multiple times",
        "cell {cell} appears more than once: a graded cell was copied. Delete the copy "
        "({copies}; the original is cell {first}) and submit again.",
        "单元格 {cell} 出现了不止一次：你复制了一个评分单元格。请删除复制出来的那个"
        "（{copies_zh}；原单元格是第 {first} 个），然后重新提交。", fresh_copy=False),
    # OverwriteCells strips the marks of a cell the gradebook does not know, then fails alike.
    Malformed(
        "unknown", r"Cell '(?P<cell>[^'\n]*)' does not exist in the database",
        "cell {cell} is not a cell of {assignment}: it carries grading marks (nbgrader "
        "metadata) under a name the assignment does not have, most likely a graded cell that "
        "was copied and renamed. Delete it ({where}), keeping your answer in the original "
        "answer cell, and submit again.",
        "单元格 {cell} 不是 {assignment} 里的单元格：它带有评分标记（nbgrader 元数据），"
        "名字却不在作业中，多半是复制后改了名的评分单元格。请删除它（{where_zh}），答案写在"
        "原来的答题单元格里，然后重新提交。", fresh_copy=False),
    # An answer cell marked "graded" (solution -> tests, or autograded answer) in its metadata.
    Malformed(
        "marked-graded", r"MissingEntry: No such grade cell: [^\n]*/(?P<cell>[^/\n]+)$",
        "cell {cell} ({where}) was marked as a graded cell in its grading marks (nbgrader "
        "metadata); only the lecturer's copy may say which cells are graded.",
        "单元格 {cell}（{where_zh}）的评分标记（nbgrader 元数据）被改成了“评分单元格”；"
        "哪些单元格计分，只能由老师的作业原件决定。"),
    # A read-only cell (tests, given code) unlocked or otherwise re-marked.
    Malformed(
        "unlocked", r"RuntimeError: Inconsistent checksums for cell (?P<cell>\S+)$",
        "the read-only cell {cell} ({where}) was unlocked or its grading marks (nbgrader "
        "metadata) were edited, so nbgrader cannot put the original back.",
        "只读单元格 {cell}（{where_zh}）被解锁，或者它的评分标记（nbgrader 元数据）被改动，"
        "nbgrader 因此无法把原单元格放回去。"),
    Malformed(
        "points-removed", r"KeyError: 'points'",
        "a graded cell lost its points in its grading marks (nbgrader metadata).",
        "某个评分单元格的评分标记（nbgrader 元数据）中的分值被删掉了。"),
    # Checked after "duplicate" and "unknown", which end in the same KeyError.
    Malformed(
        "nameless", r"KeyError: 'grade_id'",
        "a cell carries grading marks (nbgrader metadata) without a name (grade_id): the "
        "marks were edited.",
        "有一个单元格带有评分标记（nbgrader 元数据），却没有名字（grade_id）：评分标记被"
        "改动过。"),
    Malformed(
        "old-marks", r"SchemaTooOldError|use an old version",
        "the notebook carries grading marks (nbgrader metadata) of an older nbgrader version, "
        "perhaps a copy from an earlier course.",
        "这份笔记本带有旧版 nbgrader 的评分标记（nbgrader 元数据），可能是往届课程的副本。"),
    Malformed(
        "new-marks", r"SchemaTooNewError|use an newer version",
        "the notebook carries grading marks (nbgrader metadata) of a newer nbgrader version "
        "than the course's.",
        "这份笔记本带有比课程所用版本更新的 nbgrader 评分标记（nbgrader 元数据）。"),
    Malformed(
        "bad-marks", r"Notebook failed to validate|nbgrader metadata may be corrupted",
        "the grading marks (nbgrader metadata) of a cell are damaged.",
        "某个单元格的评分标记（nbgrader 元数据）已损坏。"),
]
# A refusal above makes "duplicate" or "unknown" end in this one too: not a second reason.
_FOLLOWS = {"duplicate": "nameless", "unknown": "nameless"}


def explain_failure(log: str, notebooks: list[Path] = (), assignment: str = "") -> str:
    """A sentence for nbgrader's log of a submission it could not grade: for a malformed
    notebook, what is wrong and what the student should do, in English / Chinese, then
    nbgrader's own line for the lecturer; for a fault of the grader, what happened.
    `notebooks` are the submitted notebooks, read to say which cell is at fault.

    >>> explain_failure("ValueError: something new")
    'nbgrader could not grade it (ValueError: something new); scored 0'
    >>> reason = explain_failure("[WARNING] Cell with id 'q2-tests' exists multiple times!")
    >>> print(reason.replace("。", "。 "))  # doctest: +NORMALIZE_WHITESPACE
    cell q2-tests appears more than once: a graded cell was copied. Delete the copy (a copy
    of the cell; the original is cell ?) and submit again. Scored 0. / 单元格 q2-tests
    出现了不止一次：你复制了一个评分单元格。
    请删除复制出来的那个（复制出来的单元格；原单元格是第 ? 个），然后重新提交。
    本次计 0 分。
    [nbgrader: Cell with id 'q2-tests' exists multiple times!]
    """
    found = malformed_reasons(log, notebooks, assignment)
    if found:
        english = " ".join(en for en, _, _ in found)
        chinese = "".join(zh for _, zh, _ in found)
        raw = " | ".join(line for _, _, line in found)
        return f"{english} Scored 0. / {chinese}本次计 0 分。 [nbgrader: {raw}]"
    for pattern, sentence in FAILURES:
        if re.search(pattern, log):
            return f"{sentence}; scored 0"
    return f"nbgrader could not grade it ({_last_error(log)}); scored 0"


def malformed_reasons(log: str, notebooks: list[Path] = (),
                      assignment: str = "") -> list[tuple[str, str, str]]:
    """(English, Chinese, nbgrader's line) for each way the log shows the notebook was
    malformed, in the order of MALFORMED; [] when it shows none.

    >>> [en[:24] for en, zh, line in malformed_reasons("KeyError: 'points'")]
    ['a graded cell lost its p']
    """
    cells = _submitted_cells(notebooks)
    found, kinds = [], set()
    for problem in MALFORMED:
        match = re.search(problem.pattern, log, flags=re.MULTILINE)
        if match is None or any(_FOLLOWS.get(kind) == problem.kind for kind in kinds):
            continue
        kinds.add(problem.kind)
        cell = _clean(match.groupdict().get("cell") or "")
        fill = _positions(cells, cell, problem.kind) | {
            "cell": cell, "assignment": _clean(assignment) or "the assignment"}
        english, chinese = problem.english.format(**fill), problem.chinese.format(**fill)
        if problem.fresh_copy:
            name = _clean(assignment) or "assignment"
            english += " " + FRESH_COPY[0].format(assignment=name)
            chinese += FRESH_COPY[1].format(assignment=name)
        line = match.string[match.string.rfind("\n", 0, match.start()) + 1:].split("\n")[0]
        found.append((english, chinese, _clean(re.sub(r"^\s*\[\w+\]\s*", "", line), 200)))
    return found


def _submitted_cells(notebooks: list[Path]) -> list[dict]:
    """The nbgrader marks of every cell of the submitted notebooks, in order ({} for none)."""
    cells = []
    for path in notebooks:
        try:
            nb = nbformat.read(path, as_version=4)
        except Exception:  # unreadable: the reason then names no cell
            continue
        cells += [dict(cell.metadata.get("nbgrader", {})) for cell in nb.cells]
    return cells


def _positions(cells: list[dict], cell: str, kind: str) -> dict[str, str]:
    """Where the cell(s) a reason names sit, counted from the top, in words."""
    at = [n for n, marks in enumerate(cells, start=1) if cell and marks.get("grade_id") == cell]
    if kind == "nameless":
        at = [n for n, marks in enumerate(cells, start=1) if marks and not marks.get("grade_id")]
    elif kind == "points-removed":
        at = [n for n, marks in enumerate(cells, start=1)
              if marks.get("grade") and "points" not in marks]
    copies = at[1:]
    return {
        "first": str(at[0]) if at else "?",
        "copies": (f"cell {', '.join(map(str, copies))}, below the original" if copies
                   else "a copy of the cell"),
        "copies_zh": (f"第 {'、'.join(map(str, copies))} 个单元格，在原单元格下方" if copies
                      else "复制出来的单元格"),
        "where": f"cell {at[0]} from the top" if at else "look for it in the notebook",
        "where_zh": f"从上往下第 {at[0]} 个单元格" if at else "请在笔记本中找到它",
    }


def _clean(text: str, limit: int = 60) -> str:
    """Student-made text (a grade id, a file name) made safe to quote: one line, no markup
    characters, not too long."""
    text = re.sub(r"[\x00-\x1f\x7f<>`|\[\]]", "?", str(text)).strip()
    return text if len(text) <= limit else text[:limit - 1] + "…"


# What a refused submission's graded notebook says, on top and in each test cell.
FAILED_TITLE = ("This submission could not be graded automatically and scored 0.",
                "这份提交无法自动评分，计 0 分。")
NOT_GRADED = "NotGraded"  # the error a test cell of a refused submission carries
NOT_GRADED_TEXT = ("Not run: this submission could not be graded; the reason is at the top "
                   "of the notebook. / 未运行：这份提交无法评分，原因见笔记本开头。")


def failed_notebook(released: Path | None, submitted: Path | None,
                    reason: str) -> nbformat.NotebookNode:
    """The graded notebook of a submission nbgrader refused: the released notebook (never
    the source: no solutions, no hidden tests), the student's answers where their notebook
    is readable, the reason on top in English and Chinese, and every test cell failed.
    nbgrader's `generate_feedback` and formgrader take it like any graded notebook.

    >>> nb = failed_notebook(None, None, "hw01.ipynb is missing from the submission")
    >>> print(nb.cells[0].source.splitlines()[0])
    **This submission could not be graded automatically and scored 0.**
    """
    nb = _readable(released) or nbformat.v4.new_notebook()
    theirs = _readable(submitted)
    answers = {}
    for cell in theirs.cells if theirs is not None else []:
        marks = cell.metadata.get("nbgrader", {})
        if marks.get("solution") and marks.get("grade_id"):
            answers.setdefault((marks["grade_id"], cell.cell_type), cell.source)
    for cell in nb.cells:
        marks = cell.metadata.get("nbgrader", {})
        if marks.get("solution"):
            cell.source = answers.get((marks.get("grade_id"), cell.cell_type), cell.source)
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
            if marks.get("grade") and not marks.get("solution"):
                cell.outputs = [nbformat.v4.new_output(
                    "error", ename=NOT_GRADED, evalue=NOT_GRADED_TEXT,
                    traceback=[f"{NOT_GRADED}: {NOT_GRADED_TEXT}"])]
    nb.cells.insert(0, nbformat.v4.new_markdown_cell(_failed_text(reason)))
    return nb


def _failed_text(reason: str) -> str:
    """The top cell: the verdict in both languages, then the reason, made safe to render (a
    grade id or a file name in it is the student's own text)."""
    english, _, chinese = reason.partition(" / ")
    lines = [f"**{FAILED_TITLE[0]}**", "", f"**{FAILED_TITLE[1]}**", ""]
    if chinese:
        chinese, _, raw = chinese.partition(" [nbgrader: ")
        lines += [f"Why: {html.escape(english)}", "", f"原因：{html.escape(chinese)}"]
        if raw:
            lines += ["", f"<small>nbgrader: {html.escape(raw.rstrip(']'))}</small>"]
    else:
        lines += [f"Why / 原因: {html.escape(reason)}"]
    return "\n".join(lines)


# A submitted notebook bigger than this is not read for the answers of its failed notebook:
# the grader's main process may write that notebook (a worker that died), and must not stall.
MAX_ANSWERS_BYTES = 32 * 1024 * 1024


def _readable(path: Path | None) -> nbformat.NotebookNode | None:
    if path is None or not Path(path).is_file() or Path(path).stat().st_size > MAX_ANSWERS_BYTES:
        return None
    try:
        return nbformat.read(path, as_version=4)
    except Exception:  # unreadable is what a refused submission often is
        return None


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
