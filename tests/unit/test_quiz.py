"""Self-check quizzes: every question judges its right answer right and typical slips wrong,
feedback points at a section that really exists in the course, the score counts first tries,
and the widget does the same from clicks."""

import re
from decimal import Decimal
from pathlib import Path

import nbformat
import pytest

from ledgerkit.errors import InputError
from ledgerkit.i18n import set_language
from ledgerkit.progress import ProgressStore
from ledgerkit.quiz import Reread, available_quizzes, load_quiz, single
from ledgerkit.quiz_bank import BANKS
from ledgerkit.widgets.quiz import QuizView

ROOT = Path(__file__).resolve().parents[2]
QUIZZES = {chapter: load_quiz(chapter, record=False) for chapter in BANKS}
QUESTIONS = [(chapter, q) for chapter, quiz in QUIZZES.items() for q in quiz.questions]
IDS = [f"{chapter}.{q.id}" for chapter, q in QUESTIONS]
CHINESE = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(autouse=True)
def private_progress(tmp_path, monkeypatch):
    """Answers recorded by a test land in a folder of its own, never in a real home."""
    monkeypatch.setenv("LEDGERKIT_PROGRESS_DIR", str(tmp_path / "progress"))
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)


def right_answer(question):
    """The right answer in the form a learner types it."""
    if question.kind == "multiple":
        return sorted(question.answer)
    if question.kind == "word":
        return question.answer[0]
    return question.answer


def wrong_answers(question):
    """Typical slips: another letter, one letter too few or too many, a number off by more
    than the tolerance, a wrong word."""
    if question.kind == "single":
        return [letter for letter in question.letters if letter != question.answer]
    if question.kind == "multiple":
        right = sorted(question.answer)
        extra = [letter for letter in question.letters if letter not in right]
        return [right[:-1] or extra[:1], right + extra[:1]]
    if question.kind == "number":
        step = max(question.tolerance * 10, Decimal(1))
        return [question.answer + step, question.answer - step, 0]
    return ["block", "hash"]


def headings(notebook: str) -> set[str]:
    """The markdown headings of a notebook, without their #'s."""
    cells = nbformat.read(ROOT / notebook, as_version=4).cells
    return {line.lstrip("#").strip() for cell in cells if cell.cell_type == "markdown"
            for line in cell.source.splitlines() if line.startswith("#")}


def test_there_is_a_quiz_for_every_chapter_with_exercises():
    assert list(available_quizzes()) == ["01", "02", "03", "04", "06", "07"]


@pytest.mark.parametrize("chapter", BANKS)
def test_a_quiz_has_five_to_eight_questions_numbered_in_order(chapter):
    questions = QUIZZES[chapter].questions
    # The chapter's own questions are q1, q2, ...; a notebook added later (step 10) appends
    # its own, with ids prefixed by its topic ("cap1"), so every id stays unique.
    core = [q for q in questions if re.fullmatch(r"q\d+", q.id)]
    assert 5 <= len(core) <= 8
    assert [q.id for q in core] == [f"q{n}" for n in range(1, len(core) + 1)]
    assert len({q.id for q in questions}) == len(questions)


@pytest.mark.parametrize("chapter", BANKS)
def test_a_quiz_mixes_kinds_of_question(chapter):
    assert len({q.kind for q in QUIZZES[chapter].questions}) >= 2


@pytest.mark.parametrize(("chapter", "question"), QUESTIONS, ids=IDS)
def test_every_text_is_in_english_and_chinese(chapter, question):
    for english, chinese in [question.prompt, question.why]:
        assert re.search("[A-Za-z]", english) and CHINESE.search(chinese), (english, chinese)
    for english, chinese in question.choices:
        # A choice is translated, unless it is a name from the code, e.g. "book_only".
        assert english.strip() and (CHINESE.search(chinese) or chinese == english)


@pytest.mark.parametrize(("chapter", "question"), QUESTIONS, ids=IDS)
def test_the_right_answer_is_judged_right(chapter, question):
    assert question.judge(right_answer(question)) is True


@pytest.mark.parametrize(("chapter", "question"), QUESTIONS, ids=IDS)
def test_typical_slips_are_judged_wrong(chapter, question):
    for wrong in wrong_answers(question):
        assert question.judge(wrong) is False, wrong


@pytest.mark.parametrize(("chapter", "question"), QUESTIONS, ids=IDS)
def test_reread_points_at_a_real_notebook_and_heading(chapter, question):
    reread = question.reread
    assert reread.notebook.startswith(f"course/{chapter}-{BANKS[chapter]}/")
    assert (ROOT / reread.notebook).is_file(), reread.notebook
    assert reread.heading("en") in headings(reread.notebook), reread
    assert (ROOT / "course" / "05-assessment" / reread.link("en")).resolve() == \
        (ROOT / reread.notebook).resolve()


@pytest.mark.parametrize(("chapter", "question"), QUESTIONS, ids=IDS)
def test_reread_names_the_heading_of_the_chinese_edition(chapter, question):
    reread = question.reread
    assert CHINESE.search(reread.heading("zh")), reread
    chinese = f"zh/{reread.notebook}"
    if (ROOT / chinese).is_file():  # the translators' heading, word for word
        assert reread.heading("zh") in headings(chinese), (chinese, reread.heading("zh"))


def test_in_chinese_the_reread_link_opens_the_chinese_edition(monkeypatch):
    reread = load_quiz("01", record=False).question("q3").reread
    monkeypatch.chdir(ROOT / "zh" / "course" / "05-assessment")  # the zh self-check's kernel
    assert reread.link("zh") == "../01-basics/03-blocks-and-mining.ipynb"
    assert reread.link("en") == "../../../course/01-basics/03-blocks-and-mining.ipynb"
    monkeypatch.chdir(ROOT / "course" / "05-assessment")  # the English one, switched to zh
    assert reread.link("zh") == "../../zh/course/01-basics/03-blocks-and-mining.ipynb"
    assert reread.link("en") == "../01-basics/03-blocks-and-mining.ipynb"


def test_without_a_chinese_edition_the_link_stays_on_the_english_notebook(tmp_path, monkeypatch):
    (tmp_path / "zh" / "course" / "05-assessment").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "zh" / "course" / "05-assessment")
    reread = Reread("course/01-basics/01-hashing.ipynb", ("Summary", "小结"))
    assert reread.link("zh") == "../../../course/01-basics/01-hashing.ipynb"
    assert reread.heading("zh") == "小结"
    assert Reread("course/01-basics/01-hashing.ipynb", "Summary").heading("zh") == "Summary"


@pytest.mark.parametrize(("chapter", "question"), QUESTIONS, ids=IDS)
def test_showing_a_question_never_shows_its_explanation(chapter, question):
    shown = str(question) + question._repr_html_()
    assert question.prompt[0] in str(question)
    assert question.why[0] not in shown


def test_a_wrong_answer_points_to_the_section_then_explains():
    quiz = load_quiz("01", record=False)
    first = quiz.answer("q3", 12)
    assert not first and first.answered
    assert first.reread == quiz.question("q3").reread
    assert "03-blocks-and-mining.ipynb" in first.message and "2. Targets and bits" in first.message
    assert "4,096" not in first.message  # the first miss does not give the answer away
    second = quiz.answer("q3", 24)
    assert "4,096" in second.message and "Reread" in second.message
    right = quiz.answer("q3", 4096)
    assert right and right.reread is None and right.message.startswith("Right!")
    assert 'href="../01-basics/03-blocks-and-mining.ipynb"' in second._repr_html_()


def test_the_score_counts_first_tries_and_lists_what_to_reread():
    quiz = load_quiz("01", record=False)
    quiz.answer("q1", "A")
    quiz.answer("q1", "B")  # right at the second try: no point
    quiz.answer("q2", ["A", "B"])
    score = quiz.score()
    assert (score.right, score.answered, score.total) == (1, 2, 8)
    assert score.to_reread == (quiz.question("q1").reread,)
    assert str(score) == "1 of 8 right at the first try · 2 of 8 answered"
    quiz.reset()
    assert quiz.score().answered == 0


def test_an_unanswered_or_misshapen_answer_is_not_counted():
    quiz = load_quiz("01", record=False)
    assert quiz.answer("q1", None).answered is False
    for odd in ("E", "AB", "", 2, ["B"], object()):
        feedback = quiz.answer("q1", odd)
        assert feedback.answered is False and "Choose one of the letters" in feedback.message
    assert quiz.answer("q3", "many").answered is False
    assert quiz.answer("q3", True).answered is False  # a bool is no count of hashes
    assert quiz.answer("q6", 7).answered is False
    assert load_quiz("04", record=False).answer("q5", 7).answered is False  # a word question
    assert quiz.score().answered == 0 and quiz.attempts == {}


def test_answers_may_be_typed_the_natural_way():
    quiz = load_quiz("01", record=False)
    assert quiz.answer("q1", " b ").correct
    assert quiz.answer("q2", "a, b").correct and quiz.answer("q2", {"B", "A"}).correct
    assert quiz.answer("q3", "4,096").correct and quiz.answer("q3", Decimal("4096")).correct
    words = load_quiz("04", record=False)  # audit q5 asks for a word: "duplicate"
    assert words.answer("q5", "Duplicate.").correct
    assert words.answer("q5", "ｄｕｐｌｉｃａｔｅ").correct
    assert words.answer("q5", "重复记账").correct
    assert load_quiz("07", record=False).answer("q1", 0.0198).correct
    assert not load_quiz("07", record=False).answer("q1", 0.03).correct


def test_feedback_speaks_chinese_after_set_language():
    quiz = load_quiz("01", record=False)
    set_language("zh")
    try:
        wrong = quiz.answer("q1", "A")
        assert wrong.message.startswith("还不对。请重读")
        assert "§“2. 雪崩效应”" in wrong.message and "avalanche" not in wrong.message
        assert "zh/course/01-basics/01-hashing.ipynb" in wrong.message
        assert quiz.answer("q1", "B").message.startswith("正确！雪崩效应")
        shown = str(quiz.ask("q1"))
        assert "哈希" in shown and "You change" not in shown
    finally:
        set_language("en")


def test_unknown_quiz_and_question_are_refused_with_the_choices():
    with pytest.raises(InputError, match="01, 02, 03, 04, 06, 07"):
        load_quiz("05")
    with pytest.raises(InputError, match="q1, q2"):
        load_quiz("01", record=False).answer("q42", "A")


def test_a_malformed_question_is_refused_when_the_bank_is_written():
    with pytest.raises(InputError, match="one of the letters AB"):
        single("q1", ("?", "？"), [("a", "甲"), ("b", "乙")], "C", ("", ""),
               Reread("course/01-basics/01-hashing.ipynb", "Summary"))


def test_answers_go_to_the_progress_record_unless_told_not_to(tmp_path):
    store = ProgressStore(tmp_path / "progress")
    load_quiz("03").answer("q4", 10)
    load_quiz("03", record=False).answer("q4", 7)
    attempts = store.attempts()
    assert [(a.kind, a.id, a.correct) for a in attempts] == [("quiz", "03.q4", True)]


def test_no_answer_is_recorded_under_nbgrader(tmp_path, monkeypatch):
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    assert load_quiz("03").answer("q4", 10).correct
    assert not (tmp_path / "progress" / "progress.json").exists()


# --- the widget --------------------------------------------------------------------------

def test_the_widget_judges_a_click_on_a_choice():
    view = QuizView(load_quiz("01", record=False))
    view.controls["q1"].value = "A"
    view.check_buttons["q1"].click()
    assert "✘" in view.feedback["q1"].value and "Reread" in view.feedback["q1"].value
    view.controls["q1"].value = "B"
    view.check_buttons["q1"].click()
    assert "✔" in view.feedback["q1"].value
    assert "0 of 8 right at the first try · 1 of 8 answered" in view.score.value


def test_the_widget_reads_tick_boxes_and_text():
    view = QuizView(load_quiz("01", record=False))
    boxes = view.controls["q2"].children
    boxes[0].value = boxes[1].value = True
    view.check_buttons["q2"].click()
    view.controls["q3"].value = "4096"
    view.check_buttons["q3"].click()
    view.controls["q6"].value = "B"  # Bitcoin: each output can be spent once (UTXO)
    view.check_buttons["q6"].click()
    assert all("✔" in view.feedback[q].value for q in ("q2", "q3", "q6"))
    assert view.quiz.score().right == 3


def test_checking_an_empty_question_counts_nothing():
    view = QuizView(load_quiz("02", record=False))
    view.check_buttons["q2"].click()
    assert "No answer yet" in view.feedback["q2"].value
    assert view.quiz.score().answered == 0


def test_start_again_clears_answers_and_feedback():
    view = QuizView(load_quiz("01", record=False))
    view.controls["q1"].value = "B"
    view.check_buttons["q1"].click()
    view.again.click()
    assert view.controls["q1"].value is None and view.feedback["q1"].value == ""
    assert view.quiz.score().answered == 0


def test_the_widget_switches_to_chinese_and_keeps_the_choice():
    view = QuizView(load_quiz("01", record=False))
    view.controls["q1"].value = "B"
    try:
        view.language.value = "zh"
        assert view.check_buttons["q1"].description == "检查"
        assert "哈希" in view.prompts["q1"].value and "You change" not in view.prompts["q1"].value
        assert view.controls["q1"].value == "B"
    finally:
        set_language("en")


def test_the_widget_shows_nothing_under_nbgrader(monkeypatch, capsys):
    QuizView(load_quiz("01", record=False))._ipython_display_()
    assert capsys.readouterr().out != ""  # outside IPython, display() prints a text form
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    QuizView(load_quiz("01", record=False))._ipython_display_()
    assert capsys.readouterr().out == ""
