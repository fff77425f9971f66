"""Malformed submissions nbgrader refuses get a reason a student can act on, and a feedback page.

One class of hw01-basics is graded with the real `python -m autograder autograde`: two
honest students first (their files and gradebook rows are the yardstick of "nothing else
changed"), then one student for each way a notebook can be malformed. Each refused student
must get, in English and in Chinese, what is wrong and what to do (with nbgrader's own line
kept for the lecturer), in autograde_reasons.json and the CSV export; a feedback page that
says it; and a submission nbgrader's API (what the formgrader lists) calls autograded, with
score 0.
"""

from __future__ import annotations

import copy
import csv
import hashlib
import html
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import hostile
import nbformat
import pytest

from autograder.cli import main
from autograder.course import nbgrader_api, open_gradebook
from autograder.reasons import NOT_GRADED, failed_notebook

HW01 = "hw01-basics"
REPO = Path(__file__).resolve().parents[2]
HONEST = ("honest-ann", "honest-ben")


def _index(nb, grade_id: str) -> int:
    return [hostile.grade_id(c) for c in nb.cells].index(grade_id)


def duplicated(solution):
    """The test cell q2-tests copied just below itself (the copy is cell 10 from the top)."""
    nb = copy.deepcopy(solution)
    at = _index(nb, "q2-tests")
    twin = copy.deepcopy(nb.cells[at])
    twin.id = "copied-q2-tests"
    nb.cells.insert(at + 1, twin)
    return nb


def extra_graded(solution):
    """A copy of q2-tests renamed q2-tests-mine: a graded cell the gradebook does not know."""
    nb = copy.deepcopy(solution)
    at = _index(nb, "q2-tests")
    mine = copy.deepcopy(nb.cells[at])
    mine.id, mine.metadata.nbgrader["grade_id"] = "mine", "q2-tests-mine"
    nb.cells.insert(at + 1, mine)
    return nb


def marked_graded(solution):
    """The answer cell q1-answer marked as graded, 100 points (solution -> grade)."""
    nb = copy.deepcopy(solution)
    nb.cells[_index(nb, "q1-answer")].metadata.nbgrader.update(grade=True, points=100)
    return nb


def unlocked(solution):
    """The test cell q2-tests unlocked and marked as an answer."""
    nb = copy.deepcopy(solution)
    nb.cells[_index(nb, "q2-tests")].metadata.nbgrader.update(solution=True, locked=False)
    return nb


def points_removed(solution):
    nb = copy.deepcopy(solution)
    del nb.cells[_index(nb, "q2-tests")].metadata.nbgrader["points"]
    return nb


def nameless(solution):
    nb = copy.deepcopy(solution)
    del nb.cells[_index(nb, "q2-tests")].metadata.nbgrader["grade_id"]
    return nb


def old_marks(solution):
    """Grading marks of nbgrader's schema 1 (a copy from an old course)."""
    nb = copy.deepcopy(solution)
    nb.cells[_index(nb, "q2-tests")].metadata.nbgrader["schema_version"] = 1
    return nb


def too_new_nbformat(solution) -> bytes:
    data = json.loads(nbformat.writes(solution))
    data["nbformat"] = 5
    return json.dumps(data).encode()


def old_minor_nbformat(solution) -> bytes:
    """nbformat 4.0: no cell ids (Jupyter before 2021)."""
    data = json.loads(nbformat.writes(solution))
    data["nbformat_minor"] = 0
    for cell in data["cells"]:
        cell.pop("id", None)
    return json.dumps(data).encode()


def points_changed(solution):
    nb = copy.deepcopy(solution)
    nb.cells[_index(nb, "q2-tests")].metadata.nbgrader["points"] = 1000
    return nb


# student -> (builder, what the English reason says, what the Chinese one says): each phrase
# list names what is wrong, then what the student should do.
FRESH_EN = "fetch the assignment again (Assignments tab, Fetch), paste your answers"
FRESH_ZH = "重新获取（Fetch）作业，把答案粘贴到新副本的答题单元格中，然后重新提交"
REFUSED = {
    "duplicate": (duplicated,
                  ["cell q2-tests appears more than once: a graded cell was copied",
                   "Delete the copy (cell 10, below the original; the original is cell 9) "
                   "and submit again"],
                  ["单元格 q2-tests 出现了不止一次：你复制了一个评分单元格",
                   "请删除复制出来的那个（第 10 个单元格，在原单元格下方；原单元格是第 9 个），"
                   "然后重新提交"]),
    "extra-cell": (extra_graded,
                   ["cell q2-tests-mine is not a cell of hw01-basics",
                    "Delete it (cell 10 from the top)", "and submit again"],
                   ["单元格 q2-tests-mine 不是 hw01-basics 里的单元格",
                    "请删除它（从上往下第 10 个单元格）", "然后重新提交"]),
    "marked-graded": (marked_graded,
                      ["cell q1-answer (cell 4 from the top) was marked as a graded cell",
                       FRESH_EN],
                      ["单元格 q1-answer（从上往下第 4 个单元格）的评分标记",
                       "被改成了“评分单元格”", FRESH_ZH]),
    "unlocked": (unlocked,
                 ["the read-only cell q2-tests (cell 9 from the top) was unlocked", FRESH_EN],
                 ["只读单元格 q2-tests（从上往下第 9 个单元格）被解锁", FRESH_ZH]),
    "points-removed": (points_removed, ["a graded cell lost its points", FRESH_EN],
                       ["评分单元格的评分标记（nbgrader 元数据）中的分值被删掉了", FRESH_ZH]),
    "nameless": (nameless, ["grading marks (nbgrader metadata) without a name (grade_id)",
                            FRESH_EN],
                 ["却没有名字（grade_id）", FRESH_ZH]),
    "old-marks": (old_marks, ["grading marks (nbgrader metadata) of an older nbgrader version",
                              FRESH_EN],
                  ["旧版 nbgrader 的评分标记", FRESH_ZH]),
    "renamed": (None,
                ["hw01-basics.ipynb is missing from the submission, which holds "
                 "hw01-basics (1).ipynb instead", "rename it back to hw01-basics.ipynb and "
                 "submit again"],
                ["提交中没有 hw01-basics.ipynb，只有 hw01-basics (1).ipynb",
                 "请把它改回 hw01-basics.ipynb，然后重新提交"]),
    "nbformat-5": (too_new_nbformat,
                   ["hw01-basics.ipynb is not a readable notebook (NBFormatError: Unsupported "
                    "nbformat version 5)", "Check that it opens in JupyterLab"],
                   ["文件已损坏，或者不是笔记本文件", "请确认它能在 JupyterLab 中打开"]),
}
# nbgrader's own line, kept at the end of the reason for the lecturer.
RAW = {
    "duplicate": "[nbgrader: Cell with id 'q2-tests' exists multiple times!]",
    "extra-cell": "[nbgrader: Cell 'q2-tests-mine' does not exist in the database]",
    "marked-graded": "[nbgrader: nbgrader.api.MissingEntry: No such grade cell: "
                     "hw01-basics/hw01-basics/q1-answer]",
    "unlocked": "[nbgrader: RuntimeError: Inconsistent checksums for cell q2-tests]",
    "points-removed": "[nbgrader: KeyError: 'points']",
    "nameless": "[nbgrader: KeyError: 'grade_id']",
    "old-marks": "[nbgrader: One or more notebooks in the assignment use an old version]",
}
# Old notebook formats and edited points: nbgrader converts or puts back, and grades them.
MENDED = {"nbformat-3": hostile.old_nbformat, "nbformat-4.0": old_minor_nbformat,
          "points-changed": points_changed}


def digests(root: Path, *folders: str) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for folder in folders for p in sorted((root / folder).rglob("*")) if p.is_file()}


def gradebook_view(root: Path, students) -> dict:
    """The assignment as the gradebook defines it, and the rows of `students`."""
    with open_gradebook(root) as gb:
        assignment = gb.find_assignment(HW01)
        view = {"cells": sorted(
            (nb.name, cell.name, type(cell).__name__, getattr(cell, "max_score", None),
             getattr(cell, "checksum", None), getattr(cell, "source", None))
            for nb in assignment.notebooks
            for cell in [*nb.grade_cells, *nb.solution_cells, *nb.source_cells])}
        for student in students:
            sub = gb.find_submission(HW01, student)
            view[student] = (str(sub.timestamp), sorted(
                (g.name, g.auto_score, g.manual_score, g.needs_manual_grade)
                for nb in sub.notebooks for g in nb.grades))
    return view


def autograde_cli(root: Path, *students: str) -> subprocess.CompletedProcess:
    """`python -m autograder autograde` as a lecturer types it (students: only those)."""
    picked = [arg for student in students for arg in ("--student", student)]
    done = subprocess.run(
        [sys.executable, "-m", "autograder", "--course", str(root), "autograde", HW01,
         "--jobs", "2", "--cell-timeout", "10", *picked],
        cwd=REPO, env={**os.environ, "PATH": "/usr/bin:/bin"}, capture_output=True,
        text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    return done


def hand_in(course, student: str, notebook, name: str = f"{HW01}.ipynb") -> None:
    """`student` fetches hw01, saves `notebook` (or raw bytes) under `name` in place of the
    fetched notebook, and submits through the exchange."""
    fetched = course.fetch(student)
    fetched.unlink()
    if isinstance(notebook, bytes):
        (fetched.parent / name).write_bytes(notebook)
    else:
        nbformat.write(notebook, fetched.parent / name)
    course.submit_to_exchange(student)


def page_text(path: Path) -> str:
    """A feedback page's text as the student reads it (tags out, entities decoded)."""
    return html.unescape(re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def graded_class(course_template, tmp_path_factory):
    """The honest students graded first, then every malformed one; feedback released."""
    import importlib.util
    import shutil

    # The Course helper of this folder's conftest.py ("conftest" alone may name another one).
    spec = importlib.util.spec_from_file_location("_grading_conftest",
                                                  Path(__file__).with_name("conftest.py"))
    helpers = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(helpers)
    base = tmp_path_factory.mktemp("reasons")
    root, exchange = base / "course", base / "exchange"
    shutil.copytree(course_template, root)
    exchange.mkdir()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LEDGERKIT_EXCHANGE", str(exchange))
        course = helpers.Course(root, exchange)
        assert main(["--course", str(root), "release", HW01]) == 0
        solution = course.solution()
        # Every student fetches, works and submits through nbgrader's exchange.
        hand_in(course, HONEST[0], solution)
        hand_in(course, HONEST[1], course.released())
        assert main(["--course", str(root), "collect", HW01]) == 0
        autograde_cli(root)
        before = {"files": digests(root, "submitted", "source", "release",
                                   *(f"autograded/{s}" for s in HONEST)),
                  "gradebook": gradebook_view(root, HONEST)}

        built = {}
        for student, (build, _, _) in REFUSED.items():
            if build is not None:
                built[student] = build(solution)
                hand_in(course, student, built[student])
        hand_in(course, "renamed", solution, f"{HW01} (1).ipynb")
        for student, build in MENDED.items():
            hand_in(course, student, build(solution))
        assert main(["--course", str(root), "collect", HW01]) == 0
        before["files"].update(digests(root, *(f"submitted/{s}" for s in [*REFUSED, *MENDED])))

        done = autograde_cli(root, *REFUSED, *MENDED)
        assert main(["--course", str(root), "feedback", HW01]) == 0
        table = base / "grades.csv"
        assert main(["--course", str(root), "export", "--csv", str(table)]) == 0
        with table.open(encoding="utf-8") as rows:
            csv_rows = {row["student_id"]: row for row in csv.DictReader(rows)}
        yield {"course": course, "before": before, "stdout": done.stdout, "csv": csv_rows,
               "reasons": json.loads((root / "autograde_reasons.json").read_text())[HW01],
               "api": nbgrader_api(root), "built": built}


@pytest.mark.parametrize("student", sorted(REFUSED))
def test_the_reason_says_what_is_wrong_and_what_to_do_in_both_languages(graded_class, student):
    _, english, chinese = REFUSED[student]
    reason = graded_class["reasons"][student]
    first, _, second = reason.partition(" / ")
    assert "Please see the" not in reason
    assert [phrase for phrase in english if phrase not in first] == [], reason
    assert [phrase for phrase in chinese if phrase not in second] == [], reason
    assert "scored 0" in reason.lower() and ("计 0 分" in reason or student in (
        "renamed", "nbformat-5"))
    if student in RAW:
        assert reason.endswith(RAW[student]), reason
    assert graded_class["csv"][student]["reason"] == reason
    assert f"  {student}: 0/100 failed: {reason}" in graded_class["stdout"]


@pytest.mark.parametrize("student", sorted(REFUSED))
def test_a_refused_submission_gets_a_feedback_page_with_its_reason(graded_class, student):
    course = graded_class["course"]
    reason = graded_class["reasons"][student]
    page = course.root / "feedback" / student / HW01 / f"{HW01}.html"
    text = page_text(page)
    assert "This submission could not be graded automatically and scored 0." in text
    assert "这份提交无法自动评分，计 0 分。" in text
    english, _, chinese = reason.partition(" / ")
    assert english in text and chinese.split(" [nbgrader: ")[0] in text
    # Every test cell shows that it did not run, in both languages.
    assert text.count("未运行：这份提交无法评分") == 6  # q1-tests to q6-tests
    # The student gets the very page through the exchange; nbgrader finds a student's
    # feedback by the names of the notebooks they submitted, so not with a renamed one.
    fetched = course.fetch_feedback(student)
    if student == "renamed":
        assert fetched == []
    else:
        assert [path.read_bytes() for path in fetched] == [page.read_bytes()]


@pytest.mark.parametrize("student", sorted(REFUSED))
def test_the_formgrader_lists_a_refused_submission_as_autograded_with_score_0(graded_class,
                                                                              student):
    api = graded_class["api"]
    submission = api.get_submission(HW01, student)
    assert (submission["autograded"], submission["score"], submission["code_score"]) == (
        True, 0.0, 0.0)
    listed = {s["student"]: s for s in api.get_submissions(HW01)}
    assert (listed[student]["autograded"], listed[student]["score"]) == (True, 0.0)


def test_the_graded_notebook_keeps_the_answers_and_never_shows_the_hidden_tests(graded_class):
    course = graded_class["course"]
    graded = nbformat.read(course.root / "autograded" / "duplicate" / HW01 / f"{HW01}.ipynb",
                           as_version=4)
    solution = course.solution()
    answer = solution.cells[_index(solution, "q1-answer")].source
    assert graded.cells[_index(graded, "q1-answer")].source == answer  # the student's own
    tests = [c for c in graded.cells if c.metadata.get("nbgrader", {}).get("grade")
             and not c.metadata["nbgrader"].get("solution")]
    assert len(tests) == 6 and all(c.outputs[0]["ename"] == NOT_GRADED for c in tests)
    for student in REFUSED:  # built from the release: no hidden test, ever
        text = (course.root / "autograded" / student / HW01 / f"{HW01}.ipynb").read_text()
        assert not any(a + b in text for a, b in hostile.HIDDEN_MARKS), student
    released = course.released()
    for student in ("renamed", "nbformat-5"):  # no readable answers: the released cells
        text = (course.root / "autograded" / student / HW01 / f"{HW01}.ipynb").read_text()
        graded = nbformat.reads(text, as_version=4)
        assert "BEGIN SOLUTION" not in text, student
        assert [c.source for c in graded.cells[1:]] == [c.source for c in released.cells]


def test_nothing_else_changed(graded_class):
    course, before = graded_class["course"], graded_class["before"]
    after = digests(course.root, "submitted", "source", "release",
                    *(f"autograded/{s}" for s in HONEST))
    assert after == before["files"]
    # No malformed notebook added a cell to the assignment or touched another student's row.
    assert gradebook_view(course.root, HONEST) == before["gradebook"]


def test_old_notebook_formats_and_edited_points_are_graded_as_usual(graded_class):
    scores = graded_class["course"].gradebook_scores()
    outcome = {line.split(":")[0].strip(): line for line in graded_class["stdout"].splitlines()}
    for student in MENDED:
        assert scores[student] == scores[HONEST[0]], student
        assert "failed" not in outcome.get(student, ""), outcome[student]
    # The lecturer is told that someone edited the points nbgrader put back.
    assert graded_class["reasons"].get("points-changed") == (
        "the student had edited the grading marks of cell q2-tests (points); nbgrader used "
        "the assignment's")


def test_a_mended_submission_is_graded_again_not_skipped(graded_class, tmp_path):
    """The failure notebook must not make a refused student count as graded already."""
    course = graded_class["course"]
    folder = course.root / "submitted" / "renamed" / HW01
    (folder / f"{HW01} (1).ipynb").rename(folder / f"{HW01}.ipynb")  # the lecturer mends it
    done = autograde_cli(course.root, "renamed")
    assert "1 graded, 0 graded with errors, 0 failed" in done.stdout, done.stdout
    assert "graded by an earlier run" not in done.stdout
    assert course.gradebook_scores()["renamed"] == course.gradebook_scores()[HONEST[0]]
    assert "renamed" not in json.loads(
        (course.root / "autograde_reasons.json").read_text())[HW01]


def test_the_reason_on_the_page_is_text_not_markup(tmp_path):
    """A grade id or file name in a reason is the student's text: it must not become HTML."""
    nb = failed_notebook(None, None, "cell <img src=x onerror=alert(1)> is bad / 坏 <b>x</b>"
                         " [nbgrader: <script>alert(2)</script>]")
    top = nb.cells[0].source
    assert "<img" not in top and "<script>" not in top and "<b>" not in top
    assert "&lt;img src=x onerror=alert(1)&gt;" in top
