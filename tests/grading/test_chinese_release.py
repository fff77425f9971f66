"""Releasing a homework in Chinese (中文版作业), through real nbgrader.

`python -m autograder release HW --lang zh` generates the same assignment from the Chinese
edition (zh/autograder/source, built by tools/editions.py): the gradebook keeps the same
grade ids, points and checksums, the student's folder carries the edition marker so their
kernel (and the grading kernel) speaks Chinese, and a Chinese submission scores what the
English one scores for the same answers. An edition that is missing or out of step is
refused, in both languages, before anything is released.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import nbformat
import pytest

from autograder.cli import main
from autograder.course import DEFAULT_COURSE, edition_source, open_gradebook
from autograder.steps import edition_problems

HW = "hw02-applications"  # finance questions, quick to grade
REPO = Path(__file__).resolve().parents[2]
EDITION = REPO / "zh" / "autograder" / "source" / HW
# What the wrong answer (every name of question 1 set to None) shows in each edition.
MESSAGE = {"en": "money is a Decimal", "zh": "金额要用 Decimal 表示"}
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def zh_course(course):
    """The test course with the Chinese edition of HW beside it, where `edition_source`
    looks for it (zh/<course folder>/source), as the repository has it."""
    shutil.copytree(EDITION, edition_source(course.root, "zh") / HW)
    return course


def gradebook_cells(course) -> dict:
    """What nbgrader recorded about HW's cells: grade cells (points, type), solution cells,
    and every tracked cell with the checksum of the answer and test cells (a read-only cell's
    task text or comments may be translated)."""
    with open_gradebook(course.root) as gb:
        notebook = gb.find_notebook(HW, HW)
        scored = {c.name for c in [*notebook.grade_cells, *notebook.solution_cells]}
        return {
            "grade": sorted((c.name, c.cell_type, float(c.max_score))
                            for c in notebook.grade_cells),
            "solution": sorted(c.name for c in notebook.solution_cells),
            "source": sorted((c.name, c.cell_type, c.locked,
                              c.checksum if c.name in scored else "")
                             for c in notebook.source_cells),
        }


def released(course) -> nbformat.NotebookNode:
    return nbformat.read(course.root / "release" / HW / f"{HW}.ipynb", as_version=4)


def nbgrader_marks(notebook) -> list[dict]:
    """Each tracked cell's nbgrader metadata (grade id, points, checksum...) in order; a
    read-only cell's checksum left out (its task text or comments may be translated)."""
    return [{key: value for key, value in marks.items()
             if key != "checksum" or marks["grade"] or marks["solution"]}
            for marks in (cell.metadata["nbgrader"] for cell in notebook.cells)]


def test_the_committed_chinese_edition_is_ready_to_release():
    assert edition_problems(DEFAULT_COURSE, HW) == []  # tools/editions.py agrees, too


def test_a_chinese_release_keeps_the_gradebook_and_carries_the_marker(zh_course):
    root = str(zh_course.root)
    assert main(["--course", root, "release", HW]) == 0
    english_cells, english = gradebook_cells(zh_course), released(zh_course)
    assert not (zh_course.root / "release" / HW / ".ledgerkit-lang").exists()

    assert main(["--course", root, "release", HW, "--lang", "zh", "--force"]) == 0
    chinese = released(zh_course)
    assert gradebook_cells(zh_course) == english_cells
    assert len(english_cells["grade"]) == 7
    assert nbgrader_marks(chinese) == nbgrader_marks(english)  # ids, points, checksums
    assert chinese.metadata["ledgerkit"]["edition"] == "zh"
    marker = zh_course.root / "release" / HW / ".ledgerkit-lang"
    assert marker.read_text(encoding="utf-8").strip() == "zh"
    # what the student fetches from the exchange carries it too
    fetched = zh_course.fetch("li", HW)
    assert (fetched.parent / ".ledgerkit-lang").is_file()
    tests = "\n".join(c.source for c in chinese.cells if c.metadata["nbgrader"].get("grade"))
    assert MESSAGE["zh"] in tests and "### BEGIN HIDDEN TESTS" not in tests


def test_the_released_chinese_task_text_is_chinese(zh_course):
    assert main(["--course", str(zh_course.root), "release", HW, "--lang", "zh"]) == 0
    text = "".join(c.source for c in released(zh_course).cells if c.cell_type == "markdown"
                   and not c.metadata["nbgrader"].get("solution"))
    assert len(CJK.findall(text)) > len(re.findall(r"[A-Za-z]", re.sub(r"`[^`]*`", "", text)))
    assert "## 第 1 题" in text and "可以用中文作答" in text


def test_a_chinese_submission_scores_like_the_english_one(zh_course):
    root = str(zh_course.root)
    solution = zh_course.solution(HW)
    model = {c.metadata["nbgrader"]["grade_id"]: c.source for c in solution.cells
             if c.cell_type == "code" and c.metadata["nbgrader"].get("solution")}

    def answer_and_submit(student: str) -> None:
        path = zh_course.fetch(student, HW)
        notebook = nbformat.read(path, as_version=4)
        for cell in notebook.cells:
            grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
            if grade_id == "q1-answer":  # wrong: the names exist but hold nothing
                cell.source = "interest = None\nproceeds = None"
            elif grade_id in model:
                cell.source = model[grade_id]
        nbformat.write(notebook, path)
        zh_course.submit_to_exchange(student, HW)

    assert main(["--course", root, "release", HW]) == 0
    answer_and_submit("ann")  # fetched the English edition
    assert main(["--course", root, "release", HW, "--lang", "zh", "--force"]) == 0
    answer_and_submit("li")  # fetched the Chinese edition
    assert main(["--course", root, "collect", HW]) == 0

    env = {**os.environ, "PATH": "/usr/bin:/bin"}
    env.pop("LEDGERKIT_LANG", None)
    done = subprocess.run(
        [sys.executable, "-m", "autograder", "--course", root, "autograde", HW,
         "--jobs", "2", "--cell-timeout", "30"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "2 graded, 0 graded with errors, 0 failed" in done.stdout

    with open_gradebook(zh_course.root) as gb:
        scores = {s.student.id: (float(s.code_score), float(s.max_code_score))
                  for s in gb.find_assignment(HW).submissions}
    assert scores["li"] == scores["ann"]
    assert 0 < scores["li"][0] == scores["li"][1] - 12  # all but question 1's 12 points

    for student, lang in (("ann", "en"), ("li", "zh")):
        graded = nbformat.read(zh_course.root / "autograded" / student / HW / f"{HW}.ipynb",
                               as_version=4)
        [q1] = [c for c in graded.cells if c.metadata["nbgrader"].get("grade_id") == "q1-tests"]
        [error] = [out for out in q1.outputs if out.output_type == "error"]
        assert error.ename == "AssertionError" and error.evalue == MESSAGE[lang]


def test_a_homework_without_a_chinese_edition_is_refused_in_both_languages(course, capsys):
    assert main(["--course", str(course.root), "release", HW, "--lang", "zh"]) == 1
    said = capsys.readouterr().err
    assert f"{HW} has no Chinese edition: nothing was released" in said
    assert f"{HW} 还没有中文版：未发布任何内容" in said
    assert not (course.root / "release" / HW).exists()
    assert list(course.exchange.iterdir()) == []


def edit_edition(course, edits: dict[str, Callable[[str], str]]) -> dict[str, str]:
    """Change cells of the course's Chinese edition of HW, by grade id; returns their ids."""
    path = edition_source(course.root, "zh") / HW / f"{HW}.ipynb"
    notebook = nbformat.read(path, as_version=4)
    ids = {}
    for cell in notebook.cells:
        grade_id = cell.metadata["nbgrader"]["grade_id"]
        if grade_id in edits:
            cell.source, ids[grade_id] = edits[grade_id](cell.source), cell.id
    nbformat.write(notebook, path)
    return ids


def test_translated_task_text_and_comments_are_no_reason_to_refuse(zh_course):
    edit_edition(zh_course, {"q1-text": lambda text: "## 第 1 题（12 分）",
                             "q2-data": lambda code: f"# 参与方及其角色\n{code}"})
    assert edition_problems(zh_course.root, HW) == []


def test_an_edition_out_of_step_with_the_english_is_refused(zh_course, capsys):
    ids = edit_edition(zh_course, {
        "q1-tests": lambda code: code.replace("interest + proceeds ==", "interest - proceeds =="),
        "q2-data": lambda code: code.replace('"bank": "bank"', '"bank": "银行"'),  # data
    })
    assert main(["--course", str(zh_course.root), "release", HW, "--lang", "zh"]) == 1
    said = capsys.readouterr().err
    assert "out of step with the English" in said and "中文版与英文版不同步" in said
    assert f"cell {ids['q1-tests']}: nbgrader tracks it (q1-tests)" in said
    assert f"cell {ids['q2-data']}: nbgrader tracks it (q2-data)" in said
    assert not (zh_course.root / "release" / HW).exists()


def test_a_stale_translation_is_refused_in_a_checkout_with_the_editions_tool(tmp_path, capsys):
    """Beside tools/editions.py (a checkout of the repository), the edition must also be in
    step with its translation: an English task text changed since it was translated is
    refused, though the answer and test cells still agree."""
    repo = tmp_path / "repo"
    (repo / "tools").mkdir(parents=True)
    shutil.copy(REPO / "tools" / "editions.py", repo / "tools")
    course = repo / "autograder"
    (course / "source").mkdir(parents=True)
    shutil.copy(DEFAULT_COURSE / "nbgrader_config.py", course)
    shutil.copytree(DEFAULT_COURSE / "source" / HW, course / "source" / HW)
    for part in ("translations/zh/autograder/source", "zh/autograder/source"):
        shutil.copytree(REPO / part / HW, repo / part / HW)
    assert edition_problems(course, HW) == []

    english = course / "source" / HW / f"{HW}.ipynb"
    notebook = nbformat.read(english, as_version=4)
    [task] = [c for c in notebook.cells if c.metadata["nbgrader"]["grade_id"] == "q1-text"]
    task.source += "\n\nRound half up."
    nbformat.write(notebook, english)
    assert main(["--course", str(course), "release", HW, "--lang", "zh"]) == 1
    said = capsys.readouterr().err
    assert f"({task.id}): the English changed since it was translated" in said
    assert "中文版与英文版不同步" in said
