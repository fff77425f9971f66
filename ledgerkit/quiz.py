"""Self-check quizzes (自测题): instant feedback, not graded, and a pointer to what to reread.

A quiz is a chapter's questions from `ledgerkit.quiz_bank`. Four kinds of question:
single choice (one letter), multiple choice (all the right letters), a number (right within a
tolerance) and a short word. Answer in code, so notebooks run headless and tests can drive
them, or click through `ledgerkit.widgets.quiz.QuizView`:

>>> quiz = load_quiz("01", record=False)
>>> quiz.answer("q1", "A").correct, quiz.answer("q1", "B").correct
(False, True)
>>> str(quiz.score())
'0 of 8 right at the first try · 1 of 8 answered'

A wrong answer points back to the section to reread; the explanation comes with a right
answer, or after a second wrong one. The score counts first tries only, so trying again
helps you learn, not your score. Answers are kept in your local progress record
(`ledgerkit.progress`) for the progress report of module 08.
"""

from __future__ import annotations

import html
import importlib
import posixpath
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from ledgerkit.errors import InputError
from ledgerkit.i18n import get_language, register_strings, text
from ledgerkit.quiz_bank import BANKS

# A sentence in both course languages: (English, 简体中文).
Bilingual = tuple[str, str]

KINDS = ("single", "multiple", "number", "word")
LETTERS = "ABCDEFGH"
ASSESSMENT_FOLDER = "course/05-assessment"
EDITION = "zh"  # the Chinese edition mirrors the English tree under zh/
ROOT = Path(__file__).resolve().parents[1]  # the repository, when ledgerkit runs from it

register_strings({
    "quiz.right": ("Right! {why}", "正确！{why}"),
    "quiz.wrong_first": (
        "Not yet. Reread {reread}, then try again.",
        "还不对。请重读 {reread}，然后再试一次。",
    ),
    "quiz.wrong_again": (
        "Not quite. {why} Reread {reread}.",
        "还是不对。{why} 请重读 {reread}。",
    ),
    "quiz.no_answer": (
        "No answer yet: replace None with your answer and run the cell again.",
        "还没有作答：把 None 换成你的答案，再运行一次。",
    ),
    "quiz.how.single": ("Answer with one letter, e.g. \"B\".", "用一个字母作答，例如 \"B\"。"),
    "quiz.how.multiple": (
        "Answer with every right letter, e.g. [\"A\", \"C\"].",
        "写出所有正确的字母，例如 [\"A\", \"C\"]。",
    ),
    "quiz.how.number": ("Answer with a number.", "用一个数作答。"),
    "quiz.how.word": ("Answer with a word or a short phrase.", "用一个词或短语作答。"),
    "quiz.section": ("{notebook} § “{section}”", "{notebook} §“{section}”"),
    "quiz.score": (
        "{right} of {total} right at the first try · {answered} of {total} answered",
        "首次答对 {right}/{total} 题 · 已作答 {answered}/{total} 题",
    ),
    "quiz.all_right": (
        "Every question right at the first try: well done!",
        "全部首次答对：太棒了！",
    ),
    "quiz.to_reread": ("Worth rereading:", "值得重读："),
    "quiz.err.unknown_quiz": (
        "There is no self-check quiz {chapter!r}. Choose one of {choices}.",
        "不存在自测题 {chapter!r}。请从 {choices} 中选择。",
    ),
    "quiz.err.unknown_question": (
        "This quiz has no question {question!r}; its questions are {choices}.",
        "本测验没有题目 {question!r}；题目编号为 {choices}。",
    ),
    "quiz.err.letter": (
        "Choose one of the letters {letters}; got {got!r}.",
        "请从字母 {letters} 中选择一个；实际为 {got!r}。",
    ),
    "quiz.err.letters": (
        "Give letters from {letters}, e.g. [\"A\", \"C\"]; got {got!r}.",
        "请给出 {letters} 中的字母，例如 [\"A\", \"C\"]；实际为 {got!r}。",
    ),
    "quiz.err.number": ("Give a number, e.g. 42 or 0.25; got {got!r}.",
                        "请给出一个数，例如 42 或 0.25；实际为 {got!r}。"),
    "quiz.err.word": ("Give a word as text, e.g. \"nonce\"; got {got!r}.",
                      "请以文本形式给出一个词，例如 \"nonce\"；实际为 {got!r}。"),
    "quiz.err.bad_question": ("Question {question!r} is malformed: {detail}.",
                              "题目 {question!r} 格式有误：{detail}。"),
})


def _lang() -> int:
    """0 for English, 1 for Chinese: the index into a Bilingual pair."""
    return 1 if get_language() == "zh" else 0


def _where_quiz_runs() -> tuple[Path, str]:
    """The repository root and the folder (from the root) of the self-check notebook running
    the quiz: the kernel's working directory when it is course/05-assessment or its Chinese
    twin zh/course/05-assessment, else course/05-assessment of ledgerkit's own repository."""
    here = Path.cwd().resolve().as_posix()
    for folder in (f"{EDITION}/{ASSESSMENT_FOLDER}", ASSESSMENT_FOLDER):
        if here.endswith("/" + folder):
            return Path(here[:-len(folder) - 1]), folder
    return ROOT, ASSESSMENT_FOLDER


@dataclass(frozen=True)
class Reread:
    """Where to reread: a course notebook (path from the repository root) and a heading in it,
    as (English, 中文) — the headings of the English notebook and of its Chinese edition. A
    plain heading is shown as given in both languages.

    >>> hashing = Reread("course/01-basics/01-hashing.ipynb",
    ...                  ("2. The avalanche effect (雪崩效应)", "2. 雪崩效应"))
    >>> str(hashing)
    'course/01-basics/01-hashing.ipynb § “2. The avalanche effect (雪崩效应)”'
    >>> hashing.heading("zh")
    '2. 雪崩效应'
    """

    notebook: str
    section: str | Bilingual

    def heading(self, lang: str | None = None) -> str:
        """The section's heading in `lang` (default: the current language)."""
        if isinstance(self.section, str):
            return self.section
        return self.section[(lang or get_language()) == "zh"]

    def notebook_in(self, lang: str | None = None, root: Path | None = None) -> str:
        """The notebook a reader of `lang` rereads: in Chinese its zh/ edition when the
        repository at `root` has it, else the English notebook."""
        if (lang or get_language()) == "zh":
            chinese = f"{EDITION}/{self.notebook}"
            if ((root or _where_quiz_runs()[0]) / chinese).exists():
                return chinese
        return self.notebook

    def __str__(self) -> str:
        return text("quiz.section", notebook=self.notebook_in(), section=self.heading())

    def link(self, lang: str | None = None) -> str:
        """The notebook to reread, relative to the self-check notebook that runs the quiz
        (course/05-assessment, or zh/course/05-assessment in the Chinese edition).

        >>> Reread("course/01-basics/01-hashing.ipynb", "Summary").link("en")
        '../01-basics/01-hashing.ipynb'
        """
        root, here = _where_quiz_runs()
        return posixpath.relpath(self.notebook_in(lang, root), here)


@dataclass(frozen=True)
class Question:
    """One question: what is asked, the right answer, why, and where to reread.

    `answer` is a letter ("single"), a frozenset of letters ("multiple"), a number
    ("number", right within `tolerance`) or a tuple of accepted words ("word").

    >>> q = number("q9", ("2 + 2?", "2 + 2 = ?"), answer=4, why=("Sum.", "求和。"),
    ...            reread=Reread("course/01-basics/01-hashing.ipynb", "Summary"))
    >>> q.judge("4"), q.judge(5)
    (True, False)
    """

    id: str
    kind: str
    prompt: Bilingual
    answer: Any
    why: Bilingual
    reread: Reread
    choices: tuple[Bilingual, ...] = ()
    tolerance: Decimal = Decimal(0)

    def __post_init__(self) -> None:
        problem = self._problem()
        if problem:
            raise InputError("quiz.err.bad_question", question=self.id, detail=problem)

    def _problem(self) -> str:
        """What is wrong with this question as written in a bank, or "" when it is sound."""
        if self.kind not in KINDS:
            return f"kind must be one of {KINDS}"
        letters = LETTERS[:len(self.choices)]
        if self.kind == "single" and self.answer not in letters:
            return f"the answer must be one of the letters {letters}"
        if self.kind == "multiple" and not (self.answer and set(self.answer) <= set(letters)):
            return f"the answer must be a set of letters from {letters}"
        if self.kind in ("single", "multiple") and len(self.choices) < 2:
            return "a choice question needs at least two choices"
        if self.kind == "word" and not self.answer:
            return "a word question needs at least one accepted word"
        return ""

    @property
    def letters(self) -> str:
        """The letters of the choices, e.g. "ABCD" (empty for numbers and words)."""
        return LETTERS[:len(self.choices)]

    def judge(self, value: Any) -> bool:
        """True when `value` is right. An answer of the wrong shape (a letter that is not a
        choice, text where a number belongs) raises InputError, which says what to give."""
        if self.kind == "single":
            return _letter(value, self.letters) == self.answer
        if self.kind == "multiple":
            return _letters(value, self.letters) == self.answer
        if self.kind == "number":
            return abs(_number(value) - Decimal(str(self.answer))) <= self.tolerance
        return _word(value) in {_word(accepted) for accepted in self.answer}

    def how_to_answer(self) -> str:
        """One line on the form of the answer, in the current language."""
        return text(f"quiz.how.{self.kind}")

    def __repr__(self) -> str:  # the question as a learner sees it: never the answer
        return str(self)

    def __str__(self) -> str:
        lines = [f"{self.id}. {self.prompt[_lang()]}"]
        lines += [f"  {letter}. {choice[_lang()]}"
                  for letter, choice in zip(self.letters, self.choices, strict=True)]
        return "\n".join([*lines, self.how_to_answer()])

    def _repr_html_(self) -> str:
        choices = "".join(f"<li><b>{letter}.</b> {html.escape(choice[_lang()])}</li>"
                          for letter, choice in zip(self.letters, self.choices, strict=True))
        listed = f'<ul style="list-style:none;padding-left:8px">{choices}</ul>' if choices else ""
        how = html.escape(self.how_to_answer())
        return (f'<div class="lk-quiz-question"><b>{html.escape(self.id)}.</b> '
                f"{html.escape(self.prompt[_lang()])}{listed}"
                f'<div style="color:#475467"><i>{how}</i></div></div>')


def single(id: str, prompt: Bilingual, choices: Iterable[Bilingual], answer: str,
           why: Bilingual, reread: Reread) -> Question:
    """A single-choice question (单选题): exactly one letter is right.

    >>> single("q1", ("Pick B", "选 B"), [("a", "甲"), ("b", "乙")], "B", ("", ""),
    ...        Reread("course/01-basics/01-hashing.ipynb", "Summary")).judge("b")
    True
    """
    return Question(id, "single", prompt, answer, why, reread, tuple(choices))


def multiple(id: str, prompt: Bilingual, choices: Iterable[Bilingual], answer: Iterable[str],
             why: Bilingual, reread: Reread) -> Question:
    """A multiple-choice question (多选题): the answer is every right letter, no more, no less.

    >>> q = multiple("q2", ("Pick A and C", "选 A 和 C"), [("a", "甲"), ("b", "乙"), ("c", "丙")],
    ...              "AC", ("", ""), Reread("course/01-basics/01-hashing.ipynb", "Summary"))
    >>> q.judge(["C", "A"]), q.judge("A")
    (True, False)
    """
    return Question(id, "multiple", prompt, frozenset(answer), why, reread, tuple(choices))


def number(id: str, prompt: Bilingual, answer: int | str | Decimal, why: Bilingual,
           reread: Reread, tolerance: int | str | Decimal = 0) -> Question:
    """A number question (数值题): right when within `tolerance` of `answer`.

    >>> number("q3", ("1/3 to two places", "1/3 保留两位"), "0.33", ("", ""),
    ...        Reread("course/01-basics/01-hashing.ipynb", "Summary"), tolerance="0.005"
    ...        ).judge(1 / 3)
    True
    """
    return Question(id, "number", prompt, Decimal(str(answer)), why, reread,
                    tolerance=Decimal(str(tolerance)))


def word(id: str, prompt: Bilingual, accepted: Iterable[str], why: Bilingual,
         reread: Reread) -> Question:
    """A short-word question (填空题): right when the word is one of `accepted`, ignoring
    case, spaces at the ends and a final full stop.

    >>> word("q4", ("The number used once?", "只用一次的数？"), ["nonce", "随机数"], ("", ""),
    ...      Reread("course/01-basics/01-hashing.ipynb", "Summary")).judge(" Nonce. ")
    True
    """
    return Question(id, "word", prompt, tuple(accepted), why, reread)


def _one_letter(value: Any, letters: str) -> str | None:
    """`value` as one upper-case letter of `letters`, or None when it is not one."""
    if isinstance(value, str) and len(value.strip()) == 1 and value.strip().upper() in letters:
        return value.strip().upper()
    return None


def _letter(value: Any, letters: str) -> str:
    chosen = _one_letter(value, letters)
    if chosen is None:
        raise InputError("quiz.err.letter", letters=", ".join(letters), got=value)
    return chosen


def _letters(value: Any, letters: str) -> frozenset[str]:
    if isinstance(value, str):  # "AC", "A, C" and "a c" all mean A and C
        items: Any = [char for char in value if char not in " ,;"]
    else:
        items = value
    if not isinstance(items, Iterable) or isinstance(items, bytes):
        raise InputError("quiz.err.letters", letters=", ".join(letters), got=value)
    chosen = [_one_letter(item, letters) for item in items]
    if not chosen or None in chosen:
        raise InputError("quiz.err.letters", letters=", ".join(letters), got=value)
    return frozenset(chosen)


def _number(value: Any) -> Decimal:
    # A bool is an int in Python, but True is no answer to "how many".
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal, str)):
        raise InputError("quiz.err.number", got=value)
    try:
        found = Decimal(str(value).strip().replace(",", "").replace("_", ""))
    except InvalidOperation:
        raise InputError("quiz.err.number", got=value) from None
    if not found.is_finite():
        raise InputError("quiz.err.number", got=value)
    return found


def _word(value: Any) -> str:
    if not isinstance(value, str):
        raise InputError("quiz.err.word", got=value)
    # NFKC folds full-width letters (ｎｏｎｃｅ) typed with a Chinese keyboard.
    folded = unicodedata.normalize("NFKC", value).casefold().strip().rstrip(".。")
    return " ".join(folded.split())


@dataclass(frozen=True)
class QuizFeedback:
    """What `Quiz.answer` says: true when right. Shows green or red in a notebook."""

    question_id: str
    correct: bool
    message: str
    reread: Reread | None = None
    answered: bool = True

    def __bool__(self) -> bool:
        return self.correct

    def __repr__(self) -> str:
        mark = "✔" if self.correct else "✘"
        return f"{mark} [{self.question_id}] {self.message}"

    def _repr_html_(self) -> str:
        colour, mark = ("#1a7f37", "✔") if self.correct else ("#cf222e", "✘")
        message = html.escape(self.message)
        if self.reread is not None:  # make the pointer a link to the notebook
            pointer = html.escape(str(self.reread))
            message = message.replace(pointer, f'<a href="{html.escape(self.reread.link())}" '
                                               f'target="_blank">{pointer}</a>')
        return (f'<div class="lk-quiz-feedback" style="border-left:4px solid {colour};'
                f'padding:4px 8px;color:{colour}"><b>{mark} {html.escape(self.question_id)}</b> '
                f"{message}</div>")


@dataclass(frozen=True)
class QuizScore:
    """A quiz's score: questions right at the first try, questions answered, and what to
    reread (the sections behind first tries that were wrong)."""

    right: int
    answered: int
    total: int
    to_reread: tuple[Reread, ...] = ()

    def __str__(self) -> str:
        return text("quiz.score", right=self.right, answered=self.answered, total=self.total)

    def __repr__(self) -> str:
        lines = [str(self)]
        if self.to_reread:
            lines += [text("quiz.to_reread"), *(f"  {reread}" for reread in self.to_reread)]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        lines = [f"<b>{html.escape(str(self))}</b>"]
        if self.total and self.right == self.total:
            lines.append(f"🎯 {html.escape(text('quiz.all_right'))}")
        if self.to_reread:
            items = "".join(f'<li><a href="{html.escape(r.link())}" target="_blank">'
                            f"{html.escape(str(r))}</a></li>" for r in self.to_reread)
            lines.append(f"{html.escape(text('quiz.to_reread'))}<ul>{items}</ul>")
        return f'<div class="lk-quiz-score">{"<br>".join(lines)}</div>'


@dataclass
class Quiz:
    """A chapter's self-check: its questions and this session's answers.

    `attempts` maps a question id to whether each answer so far was right, in order.
    With `record`, every answer also goes to the local progress record.

    >>> quiz = load_quiz("03", record=False)
    >>> len(quiz.questions) >= 5, quiz.notebook
    (True, 'course/05-assessment/03-design-self-check.ipynb')
    """

    chapter: str
    title: Bilingual
    notebook: str
    questions: tuple[Question, ...]
    record: bool = True
    attempts: dict[str, list[bool]] = field(default_factory=dict)

    def __repr__(self) -> str:  # short, and without the answers
        return f"<Quiz {self.chapter} {self.title[0]}: {len(self.questions)} questions>"

    def question(self, question_id: str) -> Question:
        """The question with this id, e.g. "q1"."""
        for candidate in self.questions:
            if candidate.id == question_id:
                return candidate
        raise InputError("quiz.err.unknown_question", question=question_id,
                         choices=", ".join(q.id for q in self.questions))

    def ask(self, question_id: str) -> Question:
        """The question, to show it: the last line of a cell displays it with its choices."""
        return self.question(question_id)

    def answer(self, question_id: str, value: Any) -> QuizFeedback:
        """Judge `value` and say at once whether it is right.

        `None` (an answer not given yet) and an answer of the wrong shape are not counted:
        the feedback says what to give instead.

        >>> quiz = load_quiz("01", record=False)
        >>> quiz.answer("q1", None).answered, quiz.answer("q1", "Z").answered
        (False, False)
        """
        question = self.question(question_id)
        if value is None:
            return QuizFeedback(question_id, False, text("quiz.no_answer"), answered=False)
        try:
            correct = question.judge(value)
        except InputError as problem:
            return QuizFeedback(question_id, False, str(problem), answered=False)
        tries = self.attempts.setdefault(question_id, [])
        tries.append(correct)
        if self.record:
            from ledgerkit.progress import record_quiz  # here: progress reads the quiz banks

            record_quiz(self.chapter, question_id, correct)
        why = question.why[_lang()]
        if correct:
            return QuizFeedback(question_id, True, text("quiz.right", why=why).strip())
        key = "quiz.wrong_first" if len(tries) == 1 else "quiz.wrong_again"
        message = text(key, why=why, reread=question.reread)
        return QuizFeedback(question_id, False, message, question.reread)

    def score(self) -> QuizScore:
        """First tries right, questions answered, and the sections worth rereading."""
        first_tries = {qid: tries[0] for qid, tries in self.attempts.items() if tries}
        to_reread = tuple(dict.fromkeys(q.reread for q in self.questions
                                        if first_tries.get(q.id) is False))
        return QuizScore(sum(first_tries.values()), len(first_tries), len(self.questions),
                         to_reread)

    def reset(self) -> None:
        """Forget this session's answers (the progress record keeps them)."""
        self.attempts.clear()


def available_quizzes() -> dict[str, Bilingual]:
    """The chapters that have a self-check, with their titles.

    >>> list(available_quizzes())
    ['01', '02', '03', '04', '06', '07']
    """
    return {chapter: _bank(chapter).TITLE for chapter in BANKS}


def _bank(chapter: str) -> Any:
    """The module of a chapter's questions, imported when first asked for."""
    if chapter not in BANKS:
        raise InputError("quiz.err.unknown_quiz", chapter=chapter, choices=", ".join(BANKS))
    return importlib.import_module(f"ledgerkit.quiz_bank.{BANKS[chapter]}")


def load_quiz(chapter: str, *, record: bool = True) -> Quiz:
    """A fresh self-check for a chapter: "01", "02", "03", "04", "06" or "07".

    >>> load_quiz("07", record=False).title[0]
    'Simulation'
    """
    bank = _bank(chapter)
    notebook = f"{ASSESSMENT_FOLDER}/{chapter}-{BANKS[chapter]}-self-check.ipynb"
    return Quiz(chapter, bank.TITLE, notebook, tuple(bank.QUESTIONS), record=record)
