"""The self-check widget (自测): answer by clicking, see at once whether it is right.

A view over `ledgerkit.quiz.Quiz`: each question has its control (radio buttons, tick boxes,
or a text box) and a Check button that calls `Quiz.answer`; the feedback and the score come
from the model. Tests click the buttons from Python:

>>> view = QuizView(load_quiz("01", record=False))
>>> view.controls["q1"].value = "B"; view.check_buttons["q1"].click()
>>> "✔" in view.feedback["q1"].value, view.quiz.score().right
(True, 1)

Under nbgrader (NBGRADER_EXECUTION is set) the widget displays nothing.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets
from IPython.display import display

from ledgerkit.i18n import get_language, register_strings, set_language, text
from ledgerkit.progress import under_nbgrader
from ledgerkit.quiz import Question, Quiz, load_quiz
from ledgerkit.widgets.block_formation import language_toggle, tagged

register_strings({
    "quiz.ui.title": ("Self-check · {chapter} {name}", "自测 · {chapter} {name}"),
    "quiz.ui.intro": (
        "Not graded: answer, press Check, and read the feedback. Your score counts first "
        "tries; try again as often as you like.",
        "不计成绩：作答后按“检查”，阅读反馈。得分只算第一次作答；可以随意重试。",
    ),
    "quiz.ui.check": ("Check", "检查"),
    "quiz.ui.again": ("Start again", "重新开始"),
    "quiz.ui.number": ("a number", "一个数"),
    "quiz.ui.word": ("a word", "一个词"),
})


class QuizView:
    """A whole self-check in one widget. Pass a `Quiz` or a chapter key such as "01".

    `controls`, `check_buttons` and `feedback` map a question id to its input control,
    its Check button and its feedback line; `view` is the ipywidgets box.

    >>> QuizView(load_quiz("06", record=False)).controls["q2"].placeholder
    'a number'
    """

    def __init__(self, quiz: Quiz | str) -> None:
        self.quiz = quiz if isinstance(quiz, Quiz) else load_quiz(quiz)
        self.controls: dict[str, widgets.Widget] = {}
        self.check_buttons: dict[str, widgets.Button] = {}
        self.feedback: dict[str, widgets.HTML] = {}
        self.prompts: dict[str, widgets.HTML] = {}
        self._build()
        self.refresh()

    def _build(self) -> None:
        self.title = widgets.HTML(layout=widgets.Layout(flex="1 1 auto"))
        self.language = language_toggle()
        self.intro = widgets.HTML()
        self.score = tagged(widgets.HTML(), "lk-quiz-score")
        rows = []
        for question in self.quiz.questions:
            self.prompts[question.id] = widgets.HTML()
            self.controls[question.id] = tagged(self._control(question),
                                                f"lk-quiz-input-{question.id}")
            button = tagged(widgets.Button(button_style="primary", icon="check"),
                            f"lk-quiz-check-{question.id}")
            button.on_click(lambda _button, qid=question.id: self._on_check(qid))
            self.check_buttons[question.id] = button
            self.feedback[question.id] = tagged(widgets.HTML(), f"lk-quiz-feedback-{question.id}")
            rows.append(widgets.VBox(
                [self.prompts[question.id], self.controls[question.id],
                 widgets.HBox([button, self.feedback[question.id]],
                              layout=widgets.Layout(align_items="center"))],
                layout=widgets.Layout(border_bottom="1px solid #eaecf0", padding="6px 0")))
        self.again = tagged(widgets.Button(icon="undo"), "lk-quiz-again")
        self.again.on_click(lambda _button: self._on_again())
        self.language.observe(self._on_language, names="value")
        self.view = tagged(widgets.VBox(
            [widgets.HBox([self.title, self.language]), self.intro, self.score, *rows,
             self.again],
            layout=widgets.Layout(border="1px solid #d0d5dd", padding="8px 12px")), "lk-quiz")

    def _control(self, question: Question) -> widgets.Widget:
        if question.kind == "single":
            return widgets.RadioButtons(options=self._choices(question), index=None,
                                        layout=widgets.Layout(width="auto"))
        if question.kind == "multiple":
            return widgets.VBox([widgets.Checkbox(value=False, indent=False,
                                                  layout=widgets.Layout(width="auto"))
                                 for _ in question.choices])
        return widgets.Text(layout=widgets.Layout(width="240px"))

    def _choices(self, question: Question) -> list[tuple[str, str]]:
        lang = 1 if get_language() == "zh" else 0
        return [(f"{letter}. {choice[lang]}", letter)
                for letter, choice in zip(question.letters, question.choices, strict=True)]

    def value_of(self, question_id: str) -> Any:
        """What the controls of a question hold now, as `Quiz.answer` takes it (None when
        nothing is chosen or typed yet)."""
        question = self.quiz.question(question_id)
        control = self.controls[question_id]
        if question.kind == "multiple":
            ticked = [letter for letter, box in zip(question.letters, control.children,
                                                    strict=True) if box.value]
            return ticked or None
        return control.value or None

    def refresh(self) -> None:
        """Redraw titles, questions and the score in the current language."""
        lang = 1 if get_language() == "zh" else 0
        title = text("quiz.ui.title", chapter=self.quiz.chapter, name=self.quiz.title[lang])
        self.title.value = f"<b style='font-size:16px'>{html.escape(title)}</b>"
        self.intro.value = f"<i>{html.escape(text('quiz.ui.intro'))}</i>"
        self.again.description = text("quiz.ui.again")
        for question in self.quiz.questions:
            self.prompts[question.id].value = (f"<b>{question.id}.</b> "
                                               f"{html.escape(question.prompt[lang])}")
            self.check_buttons[question.id].description = text("quiz.ui.check")
            control = self.controls[question.id]
            if question.kind == "single":
                chosen = control.value
                control.options = self._choices(question)
                control.value = chosen
            elif question.kind == "multiple":
                for box, (label, _letter) in zip(control.children, self._choices(question),
                                                 strict=True):
                    box.description = label
            else:
                control.placeholder = text(f"quiz.ui.{question.kind}")
        self.score.value = self.quiz.score()._repr_html_()

    def _on_check(self, question_id: str) -> None:
        outcome = self.quiz.answer(question_id, self.value_of(question_id))
        self.feedback[question_id].value = outcome._repr_html_()
        self.score.value = self.quiz.score()._repr_html_()

    def _on_again(self) -> None:
        self.quiz.reset()
        for question in self.quiz.questions:
            control = self.controls[question.id]
            if question.kind == "single":
                control.value = None
            elif question.kind == "multiple":
                for box in control.children:
                    box.value = False
            else:
                control.value = ""
            self.feedback[question.id].value = ""
        self.refresh()

    def _on_language(self, change: dict) -> None:
        set_language(change["new"])
        self.refresh()

    def _ipython_display_(self) -> None:
        if under_nbgrader():
            return
        display(self.view)
