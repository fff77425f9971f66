"""A lecturer's class report from the nbgrader gradebook (班级成绩报告).

`class_report` reads an nbgrader gradebook.db, read-only, and returns each student's total
score (autograded and manual so far), the maximum, and for every graded question its mean
points and its difficulty, 1 − mean / max: 0 when everybody got full marks, 1 when nobody
scored. `figure()` draws the grade histogram next to the difficulty of each question.
`demo_gradebook` builds a gradebook of made-up students through nbgrader's own API, so the
report can be tried before any homework is graded.

>>> report = ClassReport("hw01-basics", {"ann": 80.0, "bo": 40.0}, 100.0,
...                      [QuestionStats("q1-tests", 12.0, 9.0, 0.25)])
>>> report.mean, report.at_risk(), report.hardest(1)[0].name
(60.0, ['bo'], 'q1-tests')

nbgrader and matplotlib are imported inside the functions that need them.
"""

from __future__ import annotations

import atexit
import functools
import os
import random
import shutil
import statistics
import sys
import tempfile
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ledgerkit.errors import InputError
from ledgerkit.i18n import register_strings, text

if TYPE_CHECKING:
    from matplotlib.figure import Figure

ENV_GRADEBOOK = "LEDGERKIT_GRADEBOOK"
AT_RISK_BELOW = 0.6  # a share of the maximum: students below it may need help

register_strings({
    "report.title": ("Class report · {assignment}", "班级成绩报告 · {assignment}"),
    "report.all": ("all assignments", "全部作业"),
    "report.students": (
        "{submitted} students submitted, {missing} did not; maximum {max_score:g} points.",
        "{submitted} 名学生已提交，{missing} 名未提交；满分 {max_score:g} 分。",
    ),
    "report.average": ("Mean {mean:.1f} points ({percent:.0f}%), median {median:.1f}.",
                       "平均 {mean:.1f} 分（{percent:.0f}%），中位数 {median:.1f} 分。"),
    "report.nobody": ("No submission yet.", "还没有人提交。"),
    "report.hardest": ("Hardest questions: {questions}.", "最难的题目：{questions}。"),
    "report.at_risk": ("Below {percent:.0f}% of the maximum: {students}.",
                       "低于满分 {percent:.0f}% 的学生：{students}。"),
    "report.missing": ("No submission: {students}.", "未提交：{students}。"),
    "report.hist_title": ("Grades", "成绩分布"),
    "report.hist_x": ("score, % of {max_score:g} points", "得分（占 {max_score:g} 分的百分比）"),
    "report.hist_y": ("students", "学生人数"),
    "report.difficulty_title": ("Difficulty per question (1 − mean / max)",
                                "各题难度（1 − 平均分 / 满分）"),
    "report.err.no_gradebook": (
        "There is no nbgrader gradebook at {path}. Give the path of the course's gradebook.db "
        "(in the nbgrader course folder), or build a demo with demo_gradebook(folder).",
        "{path} 处没有 nbgrader 成绩册。请给出课程的 gradebook.db 路径（在 nbgrader "
        "课程文件夹中），或用 demo_gradebook(folder) 生成一个演示成绩册。",
    ),
    "report.err.not_gradebook": ("{path} is not an nbgrader gradebook: {detail}",
                                 "{path} 不是 nbgrader 成绩册：{detail}"),
    "report.err.assignment": (
        "The gradebook has no assignment {assignment!r}; it has {known}.",
        "成绩册中没有作业 {assignment!r}；已有的作业为：{known}。",
    ),
    "report.err.exists": (
        "{path} already exists: a demo never overwrites a gradebook. Choose an empty folder.",
        "{path} 已存在：演示不会覆盖任何成绩册。请选择一个空文件夹。",
    ),
})


@dataclass(frozen=True)
class QuestionStats:
    """One graded cell: its maximum, the mean points of the submissions, and its difficulty.

    >>> QuestionStats("q1", 10.0, 7.5, 0.25).difficulty
    0.25
    """

    name: str
    max_points: float
    mean_points: float
    difficulty: float


@dataclass(frozen=True)
class ClassReport:
    """What `class_report` found: totals per student, the maximum, statistics per question,
    and the students of the gradebook who submitted nothing."""

    assignment: str | None
    scores: dict[str, float]
    max_score: float
    questions: list[QuestionStats]
    missing: list[str] = field(default_factory=list)

    @property
    def mean(self) -> float:
        """The mean total of the students who submitted (0 when nobody did)."""
        return statistics.fmean(self.scores.values()) if self.scores else 0.0

    @property
    def median(self) -> float:
        """The median total of the students who submitted (0 when nobody did)."""
        return statistics.median(self.scores.values()) if self.scores else 0.0

    def hardest(self, count: int = 3) -> list[QuestionStats]:
        """The `count` questions with the highest difficulty, hardest first."""
        return sorted(self.questions, key=lambda q: -q.difficulty)[:count]

    def at_risk(self, below: float = AT_RISK_BELOW) -> list[str]:
        """Students whose total is below `below` of the maximum, lowest first."""
        if not self.max_score:
            return []
        low = [s for s, score in self.scores.items() if score < below * self.max_score]
        return sorted(low, key=lambda s: (self.scores[s], s))

    def text(self) -> str:
        """A few lines for a lecturer, in the current language."""
        lines = [text("report.title", assignment=self.assignment or text("report.all")),
                 text("report.students", submitted=len(self.scores), missing=len(self.missing),
                      max_score=self.max_score)]
        if not self.scores:
            return "\n".join([*lines, text("report.nobody")])
        percent = 100 * self.mean / self.max_score if self.max_score else 0
        lines.append(text("report.average", mean=self.mean, percent=percent,
                          median=self.median))
        hardest = ", ".join(f"{q.name} ({q.difficulty:.2f})" for q in self.hardest())
        lines.append(text("report.hardest", questions=hardest))
        if self.at_risk():
            lines.append(text("report.at_risk", percent=100 * AT_RISK_BELOW,
                              students=", ".join(self.at_risk())))
        if self.missing:
            lines.append(text("report.missing", students=", ".join(self.missing)))
        return "\n".join(lines)

    def figure(self) -> Figure:
        """The grade histogram (left) and each question's difficulty (right), as a matplotlib
        Figure. In a notebook, end the cell with plt.show() or a ";" so it shows once.

        >>> import matplotlib; matplotlib.use("Agg")
        >>> ClassReport("hw", {"a": 5.0}, 10.0, [QuestionStats("q1", 10.0, 5.0, 0.5)]
        ...             ).figure().axes[1].get_yticklabels()[0].get_text()
        'q1'
        """
        import matplotlib.pyplot as plt  # lazily: only reports that draw pay for matplotlib

        from ledgerkit.charts import font_families

        fonts = font_families()
        figure, (grades, difficulty) = plt.subplots(1, 2, figsize=(11, 4), layout="constrained")
        percents = [100 * s / self.max_score for s in self.scores.values()] if self.max_score \
            else []
        grades.hist(percents, bins=range(0, 101, 10), color="#2e90fa", edgecolor="white")
        grades.set_xlim(0, 100)
        grades.set_title(text("report.hist_title"), fontfamily=fonts)
        grades.set_xlabel(text("report.hist_x", max_score=self.max_score), fontfamily=fonts)
        grades.set_ylabel(text("report.hist_y"), fontfamily=fonts)
        names = [q.name for q in self.questions][::-1]  # the first question on top
        values = [q.difficulty for q in self.questions][::-1]
        colours = ["#d92d20" if v >= 0.5 else "#f79009" if v >= 0.25 else "#12b76a"
                   for v in values]
        difficulty.barh(names, values, color=colours)
        difficulty.set_xlim(0, 1)
        difficulty.set_title(text("report.difficulty_title"), fontfamily=fonts)
        return figure


def class_report(gradebook: str | os.PathLike[str], assignment: str | None = None) -> ClassReport:
    """The class report of one assignment, or of all of them together (assignment=None).

    `gradebook` is the path of nbgrader's gradebook.db, or of the course folder holding it.
    The file is opened read-only: a report never changes a grade. Question statistics are
    over the students who submitted; a missing submission counts 0 in a total over all
    assignments.

    >>> class_report("/no/such/gradebook.db")
    Traceback (most recent call last):
    ...
    ledgerkit.errors.InputError: There is no nbgrader gradebook at /no/such/gradebook.db...
    """
    path = _gradebook_path(gradebook)
    with _read_only(path) as book:
        known = [record.name for record in book.assignments]
        if assignment is not None and assignment not in known:
            raise InputError("report.err.assignment", assignment=assignment,
                             known=", ".join(known) or "—")
        chosen = [assignment] if assignment is not None else known
        scores: dict[str, float] = {}
        points: dict[str, list[float]] = {}
        maxima: dict[str, float] = {}
        max_score = 0.0
        for name in chosen:
            record = book.find_assignment(name)
            max_score += float(record.max_score or 0)
            several_notebooks = len(record.notebooks) > 1
            for notebook in record.notebooks:
                for cell in [*notebook.grade_cells, *notebook.task_cells]:
                    label = _label(name, notebook.name, cell.name, len(chosen) > 1,
                                   several_notebooks)
                    maxima[label] = float(cell.max_score or 0)
                    points.setdefault(label, [])
            for submission in book.assignment_submissions(name):
                student = submission.student.id
                scores.setdefault(student, 0.0)
                for notebook in submission.notebooks:
                    for grade in notebook.grades:
                        label = _label(name, notebook.name, grade.name, len(chosen) > 1,
                                       several_notebooks)
                        scores[student] += float(grade.score or 0)
                        points[label].append(float(grade.score or 0))
        students = [student.id for student in book.students]
    questions = [_stats(label, maxima[label], points[label]) for label in maxima]
    missing = sorted(set(students) - set(scores))
    return ClassReport(assignment, dict(sorted(scores.items())), max_score, questions, missing)


def assignments(gradebook: str | os.PathLike[str]) -> list[str]:
    """The names of the gradebook's assignments, by due date then name.

    >>> import tempfile
    >>> path = demo_gradebook(tempfile.mkdtemp(), students=6)
    >>> assignments(path)
    ['hw01-basics', 'hw02-applications']
    >>> report = class_report(path, "hw01-basics")
    >>> report.max_score, len(report.scores), report.missing
    (100.0, 4, ['demo05', 'demo06'])
    """
    with _read_only(_gradebook_path(gradebook)) as book:
        return [record.name for record in book.assignments]


def _label(assignment: str, notebook: str, cell: str, several_assignments: bool,
           several_notebooks: bool) -> str:
    """A question's name: the cell's name, prefixed only where it would be ambiguous."""
    parts = ([assignment] if several_assignments else []) + \
        ([notebook] if several_notebooks else []) + [cell]
    return "/".join(parts)


def _stats(name: str, max_points: float, points: list[float]) -> QuestionStats:
    mean = statistics.fmean(points) if points else 0.0
    return QuestionStats(name, max_points, mean, 1 - mean / max_points if max_points else 0.0)


def _gradebook_path(gradebook: str | os.PathLike[str]) -> Path:
    path = Path(gradebook).expanduser()
    if path.is_dir():
        path = path / "gradebook.db"
    if not path.is_file():
        raise InputError("report.err.no_gradebook", path=path)
    return path


@contextmanager
def _read_only(path: Path) -> Iterator[Any]:
    """nbgrader's Gradebook on `path`, opened by SQLite in read-only mode."""
    from nbgrader.api import Gradebook
    from sqlalchemy.exc import SQLAlchemyError

    # course_id "" keeps Gradebook from adding a course row, the only write it makes on open.
    url = f"sqlite:///{path.resolve().as_uri()}?mode=ro&uri=true"
    try:
        book = Gradebook(url, course_id="")
    except SQLAlchemyError as problem:
        raise InputError("report.err.not_gradebook", path=path,
                         detail=str(problem).splitlines()[0]) from None
    try:
        yield book
    finally:
        book.close()


def find_gradebook(start: str | os.PathLike[str] | None = None) -> Path | None:
    """The course's gradebook if one is found: $LEDGERKIT_GRADEBOOK, gradebook.db in `start`
    (default: the current folder), or autograder/gradebook.db in it or a folder above.

    >>> find_gradebook("/") is None or find_gradebook("/").name == "gradebook.db"
    True
    """
    start = Path.cwd() if start is None else Path(start)
    candidates = [Path(os.environ[ENV_GRADEBOOK])] if os.environ.get(ENV_GRADEBOOK) else []
    candidates.append(start / "gradebook.db")
    candidates += [folder / "autograder" / "gradebook.db" for folder in [start, *start.parents]]
    return next((path for path in candidates if path.is_file()), None)


# The demo's two assignments: (cell, points, graded by hand, how hard: 0 easy .. 1 hard).
DEMO_ASSIGNMENTS = {
    "hw01-basics": [("q1-tests", 12, False, 0.05), ("q2-tests", 14, False, 0.15),
                    ("q3-tests", 14, False, 0.30), ("q4-tests", 14, False, 0.20),
                    ("q5-tests", 14, False, 0.45), ("q6-tests", 12, False, 0.35),
                    ("q7-answer", 20, True, 0.25)],
    "hw02-applications": [("q1-tests", 20, False, 0.10), ("q2-tests", 20, False, 0.25),
                          ("q3-tests", 20, False, 0.40), ("q4-tests", 20, False, 0.55),
                          ("q5-answer", 20, True, 0.30)],
}


def demo_gradebook(folder: str | os.PathLike[str], students: int = 30,
                   seed: int = 2026) -> Path:
    """Build folder/gradebook.db with made-up students ("demo01", …) and grades, through
    nbgrader's Gradebook API, exactly as nbgrader stores them. Seeded: the same seed gives
    the same class. Two students skip hw01-basics, a few more skip hw02-applications.

    >>> list(DEMO_ASSIGNMENTS)
    ['hw01-basics', 'hw02-applications']
    """
    from nbgrader.api import Gradebook
    from sqlalchemy.exc import SAWarning

    path = empty_gradebook(Path(folder) / "gradebook.db")
    draw = random.Random(seed)
    ability = {f"demo{number:02d}": draw.uniform(0.4, 1.0) for number in range(1, students + 1)}
    names = list(ability)
    skipping = {"hw01-basics": set(names[-2:]),
                "hw02-applications": set(names[-max(2, students // 6):])}
    with warnings.catch_warnings():
        # nbgrader 0.9's add_submission triggers harmless SQLAlchemy autoflush warnings.
        warnings.simplefilter("ignore", SAWarning)
        with Gradebook(f"sqlite:///{path.resolve()}") as book:
            for student in names:
                book.add_student(student)
            for assignment, cells in DEMO_ASSIGNMENTS.items():
                book.add_assignment(assignment)
                book.add_notebook(assignment, assignment)
                for cell, points, by_hand, _hardness in cells:
                    book.add_grade_cell(cell, assignment, assignment, max_score=points,
                                        cell_type="markdown" if by_hand else "code")
                for student in names:
                    if student in skipping[assignment]:
                        continue
                    book.add_submission(assignment, student)
                    for cell, points, by_hand, hardness in cells:
                        grade = book.find_grade(cell, assignment, assignment, student)
                        chance = ability[student] - hardness + 0.3
                        _demo_grade(grade, points, by_hand, chance, draw)
            book.db.commit()
    return path


def _demo_grade(grade: Any, points: int, by_hand: bool, chance: float,
                draw: random.Random) -> None:
    """Autograded tests are all or nothing; a written answer gets whole points by hand."""
    if by_hand:
        grade.manual_score = float(round(points * min(1.0, max(0.0, draw.gauss(chance, 0.2)))))
    else:
        grade.auto_score = float(points if draw.random() < chance else 0)
    grade.needs_manual_grade = False


def empty_gradebook(path: str | os.PathLike[str]) -> Path:
    """Create an empty nbgrader gradebook at `path`, ready for nbgrader's Gradebook API.

    nbgrader stamps every new gradebook by running the `alembic` command, which takes
    seconds; this stamps one gradebook a process and copies it.

    >>> import tempfile
    >>> empty_gradebook(Path(tempfile.mkdtemp()) / "gradebook.db").stat().st_size > 0
    True
    """
    path = Path(path)
    if path.exists():
        raise InputError("report.err.exists", path=path)
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(_stamped_template(), path)
    return path


@functools.cache
def _stamped_template() -> Path:
    from nbgrader.api import Gradebook

    folder = Path(tempfile.mkdtemp(prefix="ledgerkit-gradebook-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    template = folder / "empty.db"
    with _alembic_on_path(), Gradebook(f"sqlite:///{template}"):
        pass
    return template


@contextmanager
def _alembic_on_path() -> Iterator[None]:
    """nbgrader stamps a new gradebook by running the `alembic` command, which lives next to
    this Python; a kernel started without activating the environment may not find it."""
    here = str(Path(sys.executable).parent)
    before = os.environ.get("PATH", "")
    if shutil.which("alembic") is None:
        os.environ["PATH"] = here + os.pathsep + before
    try:
        yield
    finally:
        os.environ["PATH"] = before
