"""The Chinese edition (zh/) is built from the English notebooks and can never drift silently.

The first tests hold the committed edition to its sources; the rest build a tiny course in a
temporary folder and spoil it on purpose, one way at a time, to show each check fires.
"""

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("editions", ROOT / "tools" / "editions.py")
editions = sys.modules["editions"] = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(editions)

CJK = re.compile(r"[\u4e00-\u9fff]")
SWITCH = re.compile(r"""set_language\(\s*["']([^"']+)["']""")


# --- the committed edition ----------------------------------------------------------------


def test_the_edition_has_translated_notebooks():
    assert editions.translated_notebooks(), "no translation files under translations/zh/"


@pytest.mark.parametrize("english", editions.translated_notebooks(),
                         ids=lambda path: str(path.relative_to(ROOT)))
def test_every_translation_is_in_step_and_its_notebook_is_built(english):
    assert editions.problems(english) == []
    committed = editions.edition_path(english)
    assert committed.exists(), "run: python tools/editions.py build"
    built = editions.rendered(editions.build_one(english))
    assert committed.read_text(encoding="utf-8") == built, "out of date: run editions.py build"


def test_every_chinese_notebook_has_a_translation_and_every_translation_a_source():
    built = {path.relative_to(editions.OUTPUT) for path in editions.OUTPUT.rglob("*.ipynb")}
    sources = {path.relative_to(ROOT) for path in editions.translated_notebooks()}
    guides = {editions.translation_path(path) for path in editions.translated_documents()}
    translations = {path.relative_to(editions.TRANSLATIONS).with_suffix(".ipynb")
                    for path in editions.TRANSLATIONS.rglob("*.md") if path not in guides}
    assert built == sources == translations


@pytest.mark.parametrize("english", editions.translated_documents(),
                         ids=lambda path: str(path.relative_to(ROOT)))
def test_every_translated_guide_is_in_step_and_built(english):
    assert editions.problems(english) == []
    assert editions.edition_path(english).read_text(encoding="utf-8") == \
        editions.build_document(english), "out of date: run editions.py build"


@pytest.mark.parametrize("english", editions.translated_notebooks(),
                         ids=lambda path: str(path.relative_to(ROOT)))
def test_every_chinese_notebook_reads_in_chinese_and_leaves_the_learner_in_chinese(english):
    notebook = nbformat.read(editions.edition_path(english), as_version=4)
    # A homework's answer cells hold the model answers, which students never see (nbgrader
    # releases "YOUR ANSWER HERE" in their place): count what a student reads.
    markdown = "".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown"
                       and not cell.metadata.get("nbgrader", {}).get("solution"))
    latin = len(re.findall(r"[A-Za-z]", re.sub(r"`[^`]*`|\]\([^)]*\)", "", markdown)))
    assert len(CJK.findall(markdown)) > latin, "more Latin letters than Chinese characters"
    # The kernel, started in zh/, is in Chinese already: no cell must be run first. A notebook
    # may show the English and switch back, but it leaves the learner in Chinese.
    code = [cell.source for cell in notebook.cells if cell.cell_type == "code"]
    assert code and "set_language" not in code[0]
    switches = [lang for source in code for lang in SWITCH.findall(source)]
    assert not switches or switches[-1] == "zh", f"the notebook ends in {switches[-1]!r}"


def test_a_chinese_self_check_answers_in_chinese_with_no_cell_to_run_first():
    chinese = editions.OUTPUT / "course" / "05-assessment" / "07-simulation-self-check.ipynb"
    notebook = nbformat.read(chinese, as_version=4)
    NotebookClient(notebook, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(chinese.parent)}}).execute()
    asked = next(cell for cell in notebook.cells if cell.source == 'quiz.ask("q1")')
    shown = "".join(str(output.get("text", "")) + str(output.get("data", {}))
                    for output in asked.outputs)
    assert len(CJK.findall(shown)) > 10, f"the quiz asked in English: {shown[:200]}"


def test_a_kernel_started_inside_the_edition_starts_in_chinese():
    folder = editions.edition_path(editions.translated_notebooks()[0]).parent
    code = "import ledgerkit.i18n as i; print(i.get_language())"
    run = subprocess.run([sys.executable, "-c", code], cwd=folder, capture_output=True,
                         text=True, check=True, timeout=60)
    assert run.stdout.strip() == "zh"


# --- each way to drift apart is caught ----------------------------------------------------


@pytest.fixture
def course(tmp_path, monkeypatch):
    """A one-notebook course with its translation, in a temporary folder."""
    monkeypatch.setattr(editions, "ROOT", tmp_path)
    monkeypatch.setattr(editions, "TRANSLATIONS", tmp_path / "translations" / "zh")
    monkeypatch.setattr(editions, "OUTPUT", tmp_path / "zh")
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_markdown_cell("# Hello\n\nSee [the guide](../README.md)."),
        nbformat.v4.new_code_cell('total = 2 + 3\nprint(f"{total} coins")  # say it'),
        nbformat.v4.new_code_cell("total"),
    ]
    english = tmp_path / "course" / "01.ipynb"
    english.parent.mkdir()
    nbformat.write(notebook, english)
    (tmp_path / "README.md").write_text("guide")
    markdown, code, plain = notebook.cells
    editions.translation_path(english).parent.mkdir(parents=True)
    editions.translation_path(english).write_text(
        f"<!-- cell {markdown.id} from {editions.fingerprint(markdown.source)} -->\n"
        "# 你好\n\n见[指南](../README.md)。\n\n"
        f"<!-- cell {code.id} from {editions.fingerprint(code.source)} -->\n"
        '```python\ntotal = 2 + 3\nprint(f"共 {total} 枚币")  # 打印出来\n```\n\n'
        f"<!-- cell {plain.id} from {editions.fingerprint(plain.source)} same -->\n",
        encoding="utf-8")
    return english


def _edit_english(english, index, source):
    notebook = nbformat.read(english, as_version=4)
    notebook.cells[index].source = source
    nbformat.write(notebook, english)


def _edit_translation(english, old, new):
    path = editions.translation_path(english)
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def test_a_faithful_translation_builds_with_chinese_text_and_identical_code(course):
    assert editions.problems(course) == []
    built = editions.build_one(course)
    assert built.cells[0].source.startswith("# 你好")
    assert 'print(f"共 {total} 枚币")' in built.cells[1].source
    assert built.cells[2].source == "total"
    assert built.metadata["ledgerkit"] == {"edition": "zh", "source": "course/01.ipynb"}


def test_a_link_out_of_the_edition_is_rewritten_to_reach_the_english_original(course):
    built = editions.build_one(course)
    assert "](../../README.md)" in built.cells[0].source


def test_an_english_cell_changed_after_translation_is_reported_as_stale(course):
    _edit_english(course, 0, "# Hello, learner")
    found = editions.problems(course)
    assert len(found) == 1 and "the English changed since it was translated" in found[0]
    with pytest.raises(ValueError, match="English changed"):
        editions.build_one(course)


def test_an_untranslated_cell_is_reported(course):
    notebook = nbformat.read(course, as_version=4)
    notebook.cells.append(nbformat.v4.new_markdown_cell("A new paragraph."))
    nbformat.write(notebook, course)
    found = editions.problems(course)
    assert len(found) == 1 and found[0].endswith("not translated")


@pytest.mark.parametrize("changed", ["total = 2 + 4", "totals = 2 + 3", "total = 2 + 3\nx = 1"])
def test_a_translated_code_cell_that_behaves_differently_is_reported(course, changed):
    _edit_translation(course, "total = 2 + 3\nprint(f\"共", f"{changed}\nprint(f\"共")
    found = editions.problems(course)
    assert len(found) == 1 and "differs from the English in more than strings" in found[0]


def test_a_homework_cell_nbgrader_tracks_must_stay_the_same_in_both_editions(course):
    notebook = nbformat.read(course, as_version=4)
    test_cell = notebook.cells[2]
    test_cell.metadata["nbgrader"] = {"grade": True, "grade_id": "t1", "points": 1,
                                      "solution": False, "locked": True, "schema_version": 3}
    nbformat.write(notebook, course)
    assert editions.problems(course) == []  # marked "same": fine
    _edit_translation(course, f"{test_cell.id} from {editions.fingerprint('total')} same -->",
                      f"{test_cell.id} from {editions.fingerprint('total')} -->\n"
                      "```python\ntotal  # 合计\n```")
    found = editions.problems(course)
    assert len(found) == 1 and "must stay the same in both editions" in found[0]


def test_a_translated_cell_whose_english_is_gone_is_reported(course):
    notebook = nbformat.read(course, as_version=4)
    gone = notebook.cells.pop(2)
    nbformat.write(notebook, course)
    assert editions.problems(course) == [
        f"course/01.ipynb: cell {gone.id} is translated but no longer in the English notebook"]


def test_a_built_notebook_that_is_out_of_date_is_caught(course):
    editions.build()
    chinese = editions.edition_path(course)
    assert chinese.read_text(encoding="utf-8") == editions.rendered(editions.build_one(course))
    _edit_translation(course, "# 你好", "# 您好")
    assert chinese.read_text(encoding="utf-8") != editions.rendered(editions.build_one(course))


# --- guides and READMEs, section by section -----------------------------------------------


@pytest.fixture
def guide(course):
    """A lecturer's guide with two sections and its translation, beside the course."""
    english = editions.ROOT / "labs" / "lab01" / "LECTURER.md"
    english.parent.mkdir(parents=True)
    english.write_text("Intro for [the lab](../../course/01.ipynb).\n\n## Timing\n\n90 min.\n")
    parts = editions.sections(english.read_text())
    editions.translation_path(english).parent.mkdir(parents=True)
    editions.translation_path(english).write_text(
        f"<!-- section top from {editions.fingerprint(parts['top'])} -->\n"
        "[实验](../../course/01.ipynb)简介。\n\n"
        f"<!-- section timing from {editions.fingerprint(parts['timing'])} -->\n"
        "## 时间安排\n\n90 分钟。\n", encoding="utf-8")
    return english


def test_a_translated_guide_builds_in_the_edition_with_links_to_the_chinese_notebook(guide):
    assert editions.translated_documents() == [guide]
    assert editions.problems(guide) == []
    text = editions.build_document(guide)
    assert "## 时间安排\n\n90 分钟。" in text
    # The notebook has a Chinese twin: from zh/labs/lab01/ the link reaches zh/course/01.ipynb.
    assert "[实验](../../course/01.ipynb)" in text
    assert "generated from translations/zh/labs/lab01/LECTURER.md" in text


def test_a_guide_section_changed_in_english_is_reported_by_section(guide):
    guide.write_text(guide.read_text().replace("90 min.", "75 min."))
    assert editions.problems(guide) == [
        "labs/lab01/LECTURER.md section timing: the English changed since it was translated "
        f"(was {editions.fingerprint('## Timing' + chr(10) * 2 + '90 min.')}, "
        f"now {editions.fingerprint('## Timing' + chr(10) * 2 + '75 min.')})"]


def test_a_new_guide_section_is_reported_untranslated(guide):
    guide.write_text(guide.read_text() + "\n## Common mistakes\n\nNone yet.\n")
    assert editions.problems(guide) == [
        "labs/lab01/LECTURER.md section common-mistakes: not translated"]


def test_the_top_readme_has_its_chinese_twin_beside_it(course):
    readme = editions.ROOT / "README.md"
    assert editions.edition_path(readme) == editions.ROOT / "README.zh.md"
