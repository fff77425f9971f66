"""Your progress, kept on your own computer (学习进度): check results, self-check answers,
progress per chapter, badges (徽章) and, on a hub, the feedback on your graded homework.

Every `check(...)` and every self-check answer adds one line to a record: what was answered,
whether it was right, and when. Nothing leaves your computer: the record is one JSON file,
~/.ledgerkit/progress.json (set the environment variable LEDGERKIT_PROGRESS_DIR to keep it
in another folder).

- The file is written whole into a temporary file that then replaces the old one, so it is
  never half written, even if the computer stops in the middle.
- A file that cannot be read is moved aside as progress.broken-<time>.json (kept, never
  deleted) and a fresh record starts.
- Recording never interrupts your notebook: a problem with the file is logged, not raised.
- Under nbgrader (NBGRADER_EXECUTION is set) nothing is recorded: grading is not practice.
- A test run never touches a learner's real record: under pytest (PYTEST_CURRENT_TEST is
  set, also in the kernels its notebook tests start) only an explicit
  LEDGERKIT_PROGRESS_DIR is used.

>>> import tempfile
>>> store = ProgressStore(tempfile.mkdtemp())
>>> store.add("check", "basics.hashing.1", True)
True
>>> report = progress_report(store, homework=[])
>>> report.chapter("01").done, report.chapter("01").available
(1, 29)
>>> [badge.key for badge in report.earned]
['first_steps']
"""

from __future__ import annotations

import html
import json
import logging
import os
import re
import tempfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path

from ledgerkit.i18n import get_language, register_strings, text
from ledgerkit.quiz import Quiz, Reread, available_quizzes, load_quiz

# A sentence in both course languages: (English, 简体中文).
Bilingual = tuple[str, str]

ENV_FOLDER = "LEDGERKIT_PROGRESS_DIR"
FILE_NAME = "progress.json"
FORMAT_VERSION = 1
KINDS = ("check", "quiz")

log = logging.getLogger(__name__)

register_strings({
    "progress.title": ("My progress", "我的学习进度"),
    "progress.recorded": ("{count} answers recorded in {path}.",
                          "{path} 中记录了 {count} 次作答。"),
    "progress.empty": (
        "Nothing recorded yet: every check(...) and self-check answer you run shows up here.",
        "还没有任何记录：你运行的每个 check(...) 和每道自测题都会显示在这里。",
    ),
    "progress.off": (
        "This session records nothing (no progress folder: nbgrader or a test run).",
        "本次会话不做记录（没有进度文件夹：正在由 nbgrader 评分或运行测试）。",
    ),
    "progress.chapter": ("Chapter", "章节"),
    "progress.exercises": ("{done} / {available} exercises", "练习 {done} / {available}"),
    "progress.quiz": ("self-check {right} / {total}", "自测 {right} / {total}"),
    "progress.no_quiz": ("no self-check", "无自测"),
    "progress.badges": ("Badges: {earned} of {total}", "徽章：{earned} / {total}"),
    "progress.homework": ("Graded homework (nbgrader feedback)", "已评分作业（nbgrader 反馈）"),
    "progress.homework_row": ("{assignment}: {score} / {max_score} points ({percent}%)",
                              "{assignment}：{score} / {max_score} 分（{percent}%）"),
    "progress.homework_unscored": ("{assignment}: feedback without a score line",
                                   "{assignment}：反馈中没有分数"),
    "progress.next": ("Next steps", "下一步"),
    "progress.next.start": (
        "Start with course/00-resources/00-start-here.ipynb, then the exercises of "
        "course/01-basics/01-hashing.ipynb.",
        "从 course/00-resources/00-start-here.ipynb 开始，然后做 "
        "course/01-basics/01-hashing.ipynb 的练习。",
    ),
    "progress.next.exercise": ("Next exercise: {exercise} in {notebook}.",
                               "下一道练习：{notebook} 中的 {exercise}。"),
    "progress.next.quiz": ("Take the self-check {notebook}.", "做一做自测 {notebook}。"),
    "progress.next.reread": ("Reread {reread}.", "重读 {reread}。"),
    "progress.next.badge": ("Next badge: {icon} {name}: {criterion}",
                            "下一枚徽章：{icon} {name}：{criterion}"),
    "progress.next.done": ("Every exercise and self-check done: on to the capstone project "
                           "in course/08-achievements/01-capstone-project.ipynb!",
                           "所有练习和自测都已完成：开始 course/08-achievements/"
                           "01-capstone-project.ipynb 的综合项目吧！"),
    "progress.warn.unreadable": (
        "Your progress file could not be read ({problem}); it was kept as {aside} and a new "
        "record started.",
        "无法读取你的进度文件（{problem}）；原文件已保存为 {aside}，并开始新的记录。",
    ),
    "progress.warn.not_saved": (
        "Your answer was checked, but could not be saved to your progress record ({problem}).",
        "答案已检查，但无法保存到你的进度记录（{problem}）。",
    ),
})


def _lang() -> int:
    return 1 if get_language() == "zh" else 0


# --- the record --------------------------------------------------------------------------

@dataclass(frozen=True)
class Attempt:
    """One answer: an exercise check ("check", id "basics.hashing.1") or a self-check
    question ("quiz", id "01.q3": question q3 of chapter 01), right or not, and when (UTC)."""

    kind: str
    id: str
    correct: bool
    time: datetime


def under_nbgrader() -> bool:
    """True while nbgrader executes a notebook (the same test as the widgets use).

    >>> isinstance(under_nbgrader(), bool)
    True
    """
    return bool(os.environ.get("NBGRADER_EXECUTION"))


def default_folder() -> Path | None:
    """The folder of the record: LEDGERKIT_PROGRESS_DIR, else ~/.ledgerkit; None under pytest
    without LEDGERKIT_PROGRESS_DIR, so tests never write into a real home folder.

    >>> default_folder() is None or default_folder().name != ""
    True
    """
    chosen = os.environ.get(ENV_FOLDER)
    if chosen:
        return Path(chosen).expanduser()
    if os.environ.get("PYTEST_CURRENT_TEST"):
        return None
    return Path.home() / ".ledgerkit"


class ProgressStore:
    """The record in one folder. `add` writes; `attempts` reads.

    >>> import tempfile
    >>> store = ProgressStore(tempfile.mkdtemp())
    >>> store.add("quiz", "01.q1", False), len(store.attempts())
    (True, 1)
    """

    def __init__(self, folder: str | os.PathLike[str] | None = None) -> None:
        self.folder = Path(folder) if folder is not None else default_folder()

    @property
    def path(self) -> Path | None:
        """The JSON file, or None when this session has nowhere to record."""
        return None if self.folder is None else self.folder / FILE_NAME

    def attempts(self) -> list[Attempt]:
        """Every recorded answer, oldest first. A file that cannot be read is moved aside."""
        path = self.path
        if path is None or not path.exists():
            return []
        try:
            return _parse(json.loads(path.read_text(encoding="utf-8")))
        except (ValueError, KeyError, TypeError) as problem:  # not JSON, or not our shape
            self._move_aside(path, problem)
            return []

    def add(self, kind: str, item_id: str, correct: bool, when: datetime | None = None) -> bool:
        """Record one answer; False when nothing may be recorded (nbgrader, no folder).

        Raises OSError when the folder cannot be written: `record_check` and `record_quiz`
        catch it, so a learner's notebook never sees it.
        """
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")
        if under_nbgrader() or self.path is None:
            return False
        when = when if when is not None else datetime.now(timezone.utc)
        self._write([*self.attempts(), Attempt(kind, item_id, bool(correct), when)])
        return True

    def _write(self, attempts: list[Attempt]) -> None:
        assert self.folder is not None and self.path is not None
        self.folder.mkdir(parents=True, exist_ok=True)
        data = {"version": FORMAT_VERSION, "attempts": [
            {"kind": a.kind, "id": a.id, "correct": a.correct, "time": a.time.isoformat()}
            for a in attempts]}
        # Write a temporary file in the same folder, then rename it over the record: a rename
        # is atomic, so a reader sees the old record or the new one, never half of one. (Two
        # kernels answering in the same millisecond may still drop one answer; never the file.)
        handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=".progress-", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                json.dump(data, file, ensure_ascii=False, separators=(",", ":"))
                file.flush()
                os.fsync(file.fileno())
            os.replace(temporary, self.path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def _move_aside(self, path: Path, problem: Exception) -> None:
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
        aside = path.with_name(f"progress.broken-{stamp}.json")
        try:
            path.replace(aside)
        except FileNotFoundError:  # another kernel moved it aside first
            return
        log.warning(text("progress.warn.unreadable", problem=problem, aside=aside))


def _parse(data: object) -> list[Attempt]:
    """The attempts in a record's JSON, or ValueError/KeyError/TypeError for anything else."""
    if not isinstance(data, dict) or data.get("version") != FORMAT_VERSION:
        raise ValueError("not a ledgerkit progress record of version 1")
    attempts = []
    for entry in data["attempts"]:
        if entry["kind"] not in KINDS or not isinstance(entry["correct"], bool):
            raise ValueError(f"unexpected entry {entry!r}")
        attempts.append(Attempt(entry["kind"], str(entry["id"]), entry["correct"],
                                datetime.fromisoformat(entry["time"])))
    return attempts


_warned = False


def _record(kind: str, item_id: str, correct: bool) -> bool:
    global _warned
    try:
        return ProgressStore().add(kind, item_id, correct)
    except Exception as problem:  # the learner's cell matters more than the record
        if not _warned:  # once a session: a read-only home would otherwise warn at every check
            log.warning(text("progress.warn.not_saved", problem=problem))
            _warned = True
        return False


def record_check(exercise_id: str, correct: bool) -> bool:
    """Record the result of `check(exercise_id, ...)`; never raises. True when written.

    >>> record_check("basics.hashing.1", True) in (True, False)
    True
    """
    return _record("check", exercise_id, correct)


def record_quiz(chapter: str, question_id: str, correct: bool) -> bool:
    """Record an answer to a self-check question, e.g. ("01", "q3"); never raises.

    >>> record_quiz("01", "q3", False) in (True, False)
    True
    """
    return _record("quiz", f"{chapter}.{question_id}", correct)


# --- chapters, and where each exercise lives ----------------------------------------------

@dataclass(frozen=True)
class Chapter:
    """A module of the course: its exercises start with one of `prefixes`; `quiz` when it
    has a self-check in course/05-assessment."""

    key: str
    name: Bilingual
    folder: str
    prefixes: tuple[str, ...]
    quiz: bool


CHAPTERS = (
    Chapter("00", ("Resources", "链资源"), "course/00-resources", ("resources.",), False),
    Chapter("01", ("Basics", "链基础"), "course/01-basics", ("basics.",), True),
    Chapter("02", ("Applications", "链应用"), "course/02-applications", ("apps.",), True),
    Chapter("03", ("Design", "链设计"), "course/03-design", ("design.",), True),
    Chapter("04", ("Audit", "链审计"), "course/04-audit", ("audit.",), True),
    Chapter("06", ("Monitoring", "链监控"), "course/06-monitoring", ("monitor.",), True),
    Chapter("07", ("Simulation", "链仿真"), "course/07-simulation", ("sim.",), True),
    Chapter("labs", ("Classroom labs", "实验课"), "labs", ("lab",), False),
)

# The notebook of each group of exercises, in course order (the order of next steps).
NOTEBOOKS = {
    "resources.start": "course/00-resources/00-start-here.ipynb",
    "resources.glossary": "course/00-resources/01-glossary.ipynb",
    "resources.cases": "course/00-resources/02-case-library.ipynb",
    "resources.regulation": "course/00-resources/03-regulation.ipynb",
    "basics.hashing": "course/01-basics/01-hashing.ipynb",
    "basics.keys": "course/01-basics/02-keys-and-signatures.ipynb",
    "basics.mining": "course/01-basics/03-blocks-and-mining.ipynb",
    "basics.utxo.2": "course/01-basics/03-blocks-and-mining.ipynb",  # the block subsidy
    "basics.merkle": "course/01-basics/04-merkle-trees-and-transactions.ipynb",
    "basics.utxo.1": "course/01-basics/04-merkle-trees-and-transactions.ipynb",
    "basics.consensus": "course/01-basics/05-consensus-node-voting.ipynb",
    "basics.contracts": "course/01-basics/06-smart-contracts-and-consortium-chains.ipynb",
    "apps.vouchers": "course/02-applications/01-supply-chain-vouchers.ipynb",
    "apps.bills": "course/02-applications/02-digital-bills.ipynb",
    "apps.trade": "course/02-applications/03-trade-finance.ipynb",
    "apps.credit": "course/02-applications/04-credit-reconciliation-points.ipynb",
    "apps.abs": "course/02-applications/05-abs.ipynb",
    "apps.crossborder": "course/02-applications/06-cross-border.ipynb",
    "apps.funds": "course/02-applications/07-penetrating-payment.ipynb",
    "apps.evidence": "course/02-applications/08-evidence.ipynb",
    "apps.kyc": "course/02-applications/09-kyc-and-aml.ipynb",
    "apps.ecny": "course/02-applications/10-e-cny.ipynb",
    "apps.insurance": "course/02-applications/11-insurance-claims.ipynb",
    "apps.securities": "course/02-applications/12-securities-settlement.ipynb",
    "design.need": "course/03-design/01-does-it-need-a-blockchain.ipynb",
    "design.chain": "course/03-design/02-design-a-consortium-chain.ipynb",
    "audit.tamper": "course/04-audit/01-find-the-tampered-block.ipynb",
    "audit.trace": "course/04-audit/02-trace-a-voucher.ipynb",
    "audit.books": "course/04-audit/03-reconcile-books.ipynb",
    "audit.contract": "course/04-audit/04-audit-a-flawed-contract.ipynb",
    "monitor.read": "course/06-monitoring/01-reading-a-network-dashboard.ipynb",
    "monitor.incidents": "course/06-monitoring/02-incidents.ipynb",
    "sim.game": "course/07-simulation/01-supply-chain-finance-game.ipynb",
    "sim.capacity": "course/07-simulation/02-consortium-capacity.ipynb",
    "sim.prop": "course/07-simulation/03-propagation-and-forks.ipynb",
    "sim.confirm": "course/07-simulation/04-how-many-confirmations.ipynb",
    "sim.selfish": "course/07-simulation/05-selfish-mining.ipynb",
    "sim.scale": "course/07-simulation/06-consensus-at-scale.ipynb",
    "lab01": "labs/lab01-build-a-chain/lab01-build-a-chain.ipynb",
    "lab02": "labs/lab02-node-voting/lab02-node-voting.ipynb",
    "lab03": "labs/lab03-supply-chain-finance/lab03-supply-chain-finance.ipynb",
    "lab04": "labs/lab04-audit/lab04-audit.ipynb",
    "lab05": "labs/lab05-simulate-a-network/lab05-simulate-a-network.ipynb",
    "lab06": "labs/lab06-class-consortium/lab06-class-consortium.ipynb",
}


def _group(exercise_id: str) -> str | None:
    """The key of NOTEBOOKS an exercise belongs to: "basics.merkle", "lab01" for a lab, or the
    exercise's own id where its group spans two notebooks ("basics.utxo.2")."""
    parts = exercise_id.split(".")
    for key in (exercise_id, ".".join(parts[:2]), parts[0]):
        if key in NOTEBOOKS:
            return key
    return None


def notebook_of(exercise_id: str) -> str | None:
    """The notebook in which an exercise is asked, or None for one outside the course.

    >>> notebook_of("basics.merkle.3")
    'course/01-basics/04-merkle-trees-and-transactions.ipynb'
    """
    group = _group(exercise_id)
    return None if group is None else NOTEBOOKS[group]


def _course_order(exercise_id: str) -> tuple[int, str, int]:
    """Sort key: the notebook's place in the course, then the exercise's number."""
    group = _group(exercise_id)
    place = list(NOTEBOOKS).index(group) if group else len(NOTEBOOKS)
    last = exercise_id.rsplit(".", 1)[-1]
    return place, exercise_id.rsplit(".", 1)[0], int(last) if last.isdigit() else 0


# --- badges ------------------------------------------------------------------------------

RULES = ("any_right", "any_of", "chapter", "quiz_perfect", "quizzes_all", "persistent", "days",
         "homework")


@dataclass(frozen=True)
class Badge:
    """A badge (徽章) and how it is earned: `rule` is one of RULES, `target` its parameter
    (exercise ids for "any_of", a chapter key for "chapter", a number for "persistent",
    "days" and "homework")."""

    key: str
    icon: str
    name: Bilingual
    criterion: Bilingual
    rule: str
    target: tuple[str, ...] | str | float = ()

    def __post_init__(self) -> None:
        if self.rule not in RULES:
            raise ValueError(f"badge {self.key!r}: rule must be one of {RULES}")

    @property
    def how(self) -> str:
        """How the badge is earned, in the current language (`criterion` holds both).

        >>> from ledgerkit.i18n import set_language
        >>> set_language("zh"); BADGES[0].how; set_language("en")
        '答对任意一道练习。'
        """
        return self.criterion[_lang()]


BADGES = (
    Badge("first_steps", "🌱", ("First steps", "第一步"),
          ("Get any exercise right.", "答对任意一道练习。"), "any_right"),
    Badge("first_block", "⛏️", ("First block mined", "挖出第一个区块"),
          ("Find a nonce yourself: basics.hashing.4 or lab01.mine.1.",
           "亲手找到一个随机数：basics.hashing.4 或 lab01.mine.1。"),
          "any_of", ("basics.hashing.4", "lab01.mine.1")),
    Badge("builder", "🧱", ("Chain builder", "链基础通关"),
          ("Solve every exercise of 01 Basics.", "完成 01 链基础的全部练习。"), "chapter", "01"),
    Badge("financier", "💴", ("Chain financier", "链金融家"),
          ("Solve every exercise of 02 Applications.", "完成 02 链应用的全部练习。"),
          "chapter", "02"),
    Badge("architect", "📐", ("Architect", "架构师"),
          ("Solve every exercise of 03 Design.", "完成 03 链设计的全部练习。"), "chapter", "03"),
    Badge("auditor", "🔍", ("Auditor", "审计师"),
          ("Solve every exercise of 04 Audit.", "完成 04 链审计的全部练习。"), "chapter", "04"),
    Badge("watchkeeper", "📟", ("Watchkeeper", "值守员"),
          ("Solve every exercise of 06 Monitoring.", "完成 06 链监控的全部练习。"),
          "chapter", "06"),
    Badge("simulator", "🧪", ("Simulator", "仿真师"),
          ("Solve every exercise of 07 Simulation.", "完成 07 链仿真的全部练习。"),
          "chapter", "07"),
    Badge("sharpshooter", "🎯", ("Sharpshooter", "神射手"),
          ("Answer every question of one self-check right at the first try.",
           "某一套自测题全部首次答对。"), "quiz_perfect"),
    Badge("self_checker", "📝", ("Self-checker", "自测达人"),
          ("Answer every question of every self-check right (retries count).",
           "答对所有自测题（重试也算）。"), "quizzes_all"),
    Badge("persistent", "💪", ("Never give up", "永不言弃"),
          ("Get an exercise right after 3 or more wrong tries.",
           "在答错 3 次或更多次后答对一道练习。"),
          "persistent", 3),
    Badge("regular", "📅", ("Regular", "坚持学习"),
          ("Answer exercises or self-checks on 5 different days.",
           "在 5 个不同的日子里做练习或自测。"),
          "days", 5),
    Badge("homework_hero", "🎓", ("Homework hero", "作业之星"),
          ("Score at least 90% on a graded homework (nbgrader feedback on the hub).",
           "在一次已评分作业中得分不低于 90%（来自 hub 上的 nbgrader 反馈）。"),
          "homework", 0.9),
)


# --- homework feedback from nbgrader ------------------------------------------------------

# nbgrader's feedback page heads the notebook's total as <h4>hw01 (Score: 84.0 / 100.0)</h4>;
# the single questions' "(Score: 2.0 / 2.0)" lines come later, outside any <h4>.
SCORE_LINE = re.compile(r"<h4>[^<]*\(Score:\s*(-?[0-9.]+)\s*/\s*([0-9.]+)\s*\)\s*</h4>")


@dataclass(frozen=True)
class HomeworkFeedback:
    """The feedback nbgrader returned for one notebook of one homework submission."""

    assignment: str
    notebook: str
    submitted: str
    score: float | None
    max_score: float | None
    path: Path

    @property
    def fraction(self) -> float | None:
        """score / max_score, or None without a score."""
        if self.score is None or not self.max_score:
            return None
        return self.score / self.max_score


def find_feedback(home: str | os.PathLike[str] | None = None) -> list[HomeworkFeedback]:
    """The homework feedback in a home folder, the latest per notebook.

    On a hub, "Fetch Feedback" in the Assignment List (`nbgrader fetch_feedback`) copies
    each graded notebook's feedback to <assignment>/feedback/<timestamp>/<notebook>.html,
    under <course>/ when the exchange includes the course in paths.

    >>> import tempfile
    >>> find_feedback(tempfile.mkdtemp())
    []
    """
    home = Path.home() if home is None else Path(home)
    latest: dict[tuple[str, str], HomeworkFeedback] = {}
    for pattern in ("*/feedback/*/*.html", "*/*/feedback/*/*.html"):
        for path in sorted(home.glob(pattern)):
            found = _read_feedback(path)
            key = (found.assignment, found.notebook)
            if key not in latest or found.submitted > latest[key].submitted:
                latest[key] = found
    return sorted(latest.values(), key=lambda item: (item.assignment, item.notebook))


def _read_feedback(path: Path) -> HomeworkFeedback:
    try:
        match = SCORE_LINE.search(path.read_text(encoding="utf-8", errors="replace"))
    except OSError:
        match = None
    score, max_score = (float(match[1]), float(match[2])) if match else (None, None)
    # .../<assignment>/feedback/<timestamp>/<notebook>.html
    return HomeworkFeedback(path.parents[2].name, path.stem, path.parent.name, score,
                            max_score, path)


# --- the report --------------------------------------------------------------------------

@dataclass(frozen=True)
class ChapterProgress:
    """One chapter's line of the report."""

    chapter: Chapter
    done: int
    available: int
    quiz_right: int
    quiz_total: int
    next_exercise: str | None

    @property
    def complete(self) -> bool:
        """Every exercise of the chapter solved."""
        return self.available > 0 and self.done == self.available


@dataclass(frozen=True)
class ProgressReport:
    """The personal progress report: chapters, badges, homework and what to do next.
    Shows itself as HTML in a notebook; `text()` is the same in plain text."""

    chapters: tuple[ChapterProgress, ...]
    earned: tuple[Badge, ...]
    homework: tuple[HomeworkFeedback, ...]
    to_reread: tuple[Reread, ...]
    answers: int
    record: Path | None

    def __repr__(self) -> str:
        return self.text()

    def chapter(self, key: str) -> ChapterProgress:
        """The line of one chapter, e.g. "01" or "labs"."""
        for line in self.chapters:
            if line.chapter.key == key:
                return line
        raise KeyError(key)

    def next_steps(self) -> list[str]:
        """Up to four suggestions, in the current language."""
        if self.answers == 0:
            return [text("progress.next.start")]
        steps = []
        course = [line for line in self.chapters if line.chapter.key != "labs"]
        unfinished = [line for line in course if not line.complete]
        if unfinished and unfinished[0].next_exercise:
            exercise = unfinished[0].next_exercise
            steps.append(text("progress.next.exercise", exercise=exercise,
                              notebook=notebook_of(exercise)))
        for line in course:
            if line.chapter.quiz and line.done and line.quiz_right < line.quiz_total:
                steps.append(text("progress.next.quiz",
                                  notebook=load_quiz(line.chapter.key, record=False).notebook))
                break
        steps += [text("progress.next.reread", reread=reread) for reread in self.to_reread[:1]]
        waiting = [badge for badge in BADGES if badge not in self.earned]
        if waiting:
            badge = waiting[0]
            steps.append(text("progress.next.badge", icon=badge.icon, name=badge.name[_lang()],
                              criterion=badge.criterion[_lang()]))
        return steps or [text("progress.next.done")]

    def _status(self) -> str:
        if self.record is None:
            return text("progress.off")
        if self.answers == 0:
            return text("progress.empty")
        return text("progress.recorded", count=self.answers, path=self.record)

    def _quiz_cell(self, line: ChapterProgress) -> str:
        if not line.chapter.quiz:
            return text("progress.no_quiz")
        return text("progress.quiz", right=line.quiz_right, total=line.quiz_total)

    def text(self) -> str:
        """The report in plain text, in the current language."""
        lines = [text("progress.title"), self._status(), ""]
        for line in self.chapters:
            filled = round(10 * line.done / line.available) if line.available else 0
            lines.append(f"{line.chapter.key:>4} {line.chapter.name[_lang()]:<15} "
                         f"{'█' * filled}{'░' * (10 - filled)} "
                         f"{text('progress.exercises', done=line.done, available=line.available)}"
                         f" · {self._quiz_cell(line)}")
        lines += ["", text("progress.badges", earned=len(self.earned), total=len(BADGES))]
        lines += [f"  {badge.icon} {badge.name[_lang()]}" for badge in self.earned]
        if self.homework:
            lines += ["", text("progress.homework")]
            lines += [f"  {_homework_line(item)}" for item in self.homework]
        lines += ["", text("progress.next")]
        lines += [f"  - {step}" for step in self.next_steps()]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        rows = "".join(_chapter_row(line, self._quiz_cell(line)) for line in self.chapters)
        badges = "".join(_badge_card(badge, badge in self.earned) for badge in BADGES)
        heading = text("progress.badges", earned=len(self.earned), total=len(BADGES))
        parts = [
            f'<div class="lk-progress"><h3>{html.escape(text("progress.title"))}</h3>',
            f"<p>{html.escape(self._status())}</p>",
            f'<table style="border-collapse:collapse">{rows}</table>',
            f'<h4>{html.escape(heading)}</h4><div style="display:flex;flex-wrap:wrap">{badges}'
            "</div>",
        ]
        if self.homework:
            items = "".join(f"<li>{html.escape(_homework_line(item))}</li>"
                            for item in self.homework)
            parts.append(f"<h4>{html.escape(text('progress.homework'))}</h4><ul>{items}</ul>")
        steps = "".join(f"<li>{html.escape(step)}</li>" for step in self.next_steps())
        parts.append(f"<h4>{html.escape(text('progress.next'))}</h4><ul>{steps}</ul></div>")
        return "".join(parts)


def _chapter_row(line: ChapterProgress, quiz_cell: str) -> str:
    exercises = text("progress.exercises", done=line.done, available=line.available)
    cell = '<td style="padding:2px 10px 2px 0">'
    return (f'<tr class="lk-progress-row">{cell}<b>{line.chapter.key}</b> '
            f"{html.escape(line.chapter.name[_lang()])}</td>"
            f"{cell}{_bar(line.done, line.available)}</td>{cell}{html.escape(exercises)}</td>"
            f"{cell}{html.escape(quiz_cell)}</td></tr>")


def _bar(done: int, available: int, width_px: int = 180) -> str:
    percent = 100 * done / available if available else 0
    colour = "#12b76a" if available and done == available else "#2e90fa"
    return (f'<div class="lk-bar" style="background:#eaecf0;width:{width_px}px;height:12px;'
            f'border-radius:6px"><div style="background:{colour};width:{percent:.0f}%;'
            f'height:12px;border-radius:6px"></div></div>')


def _badge_card(badge: Badge, earned: bool) -> str:
    style = ("border:2px solid #fdb022;background:#fffaeb" if earned
             else "border:1px dashed #d0d5dd;opacity:0.45;filter:grayscale(1)")
    state = "earned" if earned else "locked"
    name, criterion = html.escape(badge.name[_lang()]), html.escape(badge.criterion[_lang()])
    return (f'<div class="lk-badge lk-badge-{state}" title="{criterion}" style="{style};'
            f'border-radius:8px;padding:6px 10px;margin:4px;width:150px">'
            f'<div style="font-size:26px">{badge.icon}</div><b>{name}</b>'
            f'<div style="font-size:11px">{criterion}</div></div>')


def _homework_line(item: HomeworkFeedback) -> str:
    if item.fraction is None:
        return text("progress.homework_unscored", assignment=item.assignment)
    return text("progress.homework_row", assignment=item.assignment, score=f"{item.score:g}",
                max_score=f"{item.max_score:g}", percent=round(100 * item.fraction))


def progress_report(store: ProgressStore | None = None,
                    homework: Iterable[HomeworkFeedback] | None = None) -> ProgressReport:
    """Build the report from a record (default: yours) and homework feedback (default: what
    `find_feedback` finds in your home folder).

    >>> import tempfile
    >>> progress_report(ProgressStore(tempfile.mkdtemp()), homework=[]).next_steps()[0][:15]
    'Start with cour'
    """
    from ledgerkit.exercises import all_exercises  # here: exercises records through this module

    store = store if store is not None else ProgressStore()
    attempts = store.attempts()
    homework = tuple(find_feedback() if homework is None else homework)
    checks = [a for a in attempts if a.kind == "check"]
    solved = {a.id for a in checks if a.correct}
    quizzes = {chapter: load_quiz(chapter, record=False) for chapter in available_quizzes()}
    first_try: dict[str, bool] = {}
    for attempt in attempts:
        if attempt.kind == "quiz":
            first_try.setdefault(attempt.id, attempt.correct)
    quiz_solved = {a.id for a in attempts if a.kind == "quiz" and a.correct}

    exercise_ids = sorted((item.id for item in all_exercises()), key=_course_order)
    lines = []
    for chapter in CHAPTERS:
        own = [i for i in exercise_ids if i.startswith(chapter.prefixes)]
        quiz_ids = [f"{chapter.key}.{q.id}" for q in quizzes[chapter.key].questions
                    ] if chapter.quiz else []
        lines.append(ChapterProgress(
            chapter, sum(i in solved for i in own), len(own),
            sum(q in quiz_solved for q in quiz_ids), len(quiz_ids),
            next((i for i in own if i not in solved), None)))

    to_reread = tuple(dict.fromkeys(
        question.reread for chapter, quiz in quizzes.items() for question in quiz.questions
        if f"{chapter}.{question.id}" in first_try
        and f"{chapter}.{question.id}" not in quiz_solved))
    facts = _Facts(checks, solved, first_try, quiz_solved, quizzes, tuple(lines), homework,
                   {a.time.astimezone().date() for a in attempts})
    earned = tuple(badge for badge in BADGES if facts.earned(badge))
    return ProgressReport(tuple(lines), earned, homework, to_reread, len(attempts), store.path)


@dataclass(frozen=True)
class _Facts:
    """What the badges are judged on, gathered once from the record."""

    checks: list[Attempt]
    solved: set[str]
    first_try: dict[str, bool]
    quiz_solved: set[str]
    quizzes: dict[str, Quiz]
    chapters: tuple[ChapterProgress, ...]
    homework: tuple[HomeworkFeedback, ...]
    days: set[date]

    def earned(self, badge: Badge) -> bool:
        if badge.rule == "any_right":
            return bool(self.solved)
        if badge.rule == "any_of":
            return any(item in self.solved for item in badge.target)
        if badge.rule == "chapter":
            return any(line.chapter.key == badge.target and line.complete
                       for line in self.chapters)
        if badge.rule in ("quiz_perfect", "quizzes_all"):
            per_quiz = [[f"{chapter}.{q.id}" for q in quiz.questions]
                        for chapter, quiz in self.quizzes.items()]
            if badge.rule == "quiz_perfect":
                return any(all(self.first_try.get(q) for q in ids) for ids in per_quiz)
            return all(q in self.quiz_solved for ids in per_quiz for q in ids)
        if badge.rule == "persistent":
            return self._most_wrong_tries_before_solving() >= badge.target
        if badge.rule == "days":
            return len(self.days) >= badge.target
        return any(item.fraction is not None and item.fraction >= badge.target
                   for item in self.homework)

    def _most_wrong_tries_before_solving(self) -> int:
        wrong: Counter[str] = Counter()
        solved: set[str] = set()
        most = 0
        for attempt in self.checks:
            if attempt.id in solved:
                continue
            if attempt.correct:
                solved.add(attempt.id)
                most = max(most, wrong[attempt.id])
            else:
                wrong[attempt.id] += 1
        return most
