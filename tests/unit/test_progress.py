"""The local progress record: where it lives, that it is written atomically and never lost,
never written under nbgrader, and the report and badges built from it."""

import json
import re
import threading
from datetime import datetime, timedelta, timezone
from pathlib import Path

import nbformat
import pytest

from ledgerkit.exercises import all_exercises, check, get
from ledgerkit.i18n import set_language
from ledgerkit.progress import (
    BADGES,
    CHAPTERS,
    HomeworkFeedback,
    ProgressStore,
    default_folder,
    find_feedback,
    notebook_of,
    progress_report,
    record_check,
)
from ledgerkit.quiz import load_quiz

ROOT = Path(__file__).resolve().parents[2]
CHECK_CALL = re.compile(r"""\bcheck\(\s*["']([^"']+)["']""")
MONDAY = datetime(2026, 3, 2, 12, 0, tzinfo=timezone.utc)


@pytest.fixture(autouse=True)
def private_progress(tmp_path, monkeypatch):
    """Every test records into a folder of its own, never into a real home folder."""
    monkeypatch.setenv("LEDGERKIT_PROGRESS_DIR", str(tmp_path / "progress"))
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)


@pytest.fixture
def store(tmp_path):
    return ProgressStore(tmp_path / "progress")


def report_of(store, attempts, homework=()):
    """Record (kind, id, correct, day) tuples and build the report."""
    for kind, item, correct, day in attempts:
        store.add(kind, item, correct, when=MONDAY + timedelta(days=day))
    return progress_report(store, homework=list(homework))


def earned(report):
    return {badge.key for badge in report.earned}


# --- where the record lives ----------------------------------------------------------------

def test_the_environment_variable_chooses_the_folder(tmp_path):
    assert default_folder() == tmp_path / "progress"
    assert ProgressStore().path == tmp_path / "progress" / "progress.json"


def test_the_default_folder_is_dot_ledgerkit_in_home(tmp_path, monkeypatch):
    monkeypatch.delenv("LEDGERKIT_PROGRESS_DIR")
    monkeypatch.delenv("PYTEST_CURRENT_TEST")  # as in a learner's kernel
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert default_folder() == tmp_path / "home" / ".ledgerkit"


def test_a_test_run_without_the_variable_records_nothing(tmp_path, monkeypatch):
    monkeypatch.delenv("LEDGERKIT_PROGRESS_DIR")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert default_folder() is None
    assert record_check("basics.hashing.1", True) is False
    assert not (tmp_path / "home").exists()


# --- recording ---------------------------------------------------------------------------

def test_check_records_right_and_wrong_answers_but_not_unanswered_cells(store):
    exercise = get("basics.hashing.3")
    assert check(exercise.id, exercise.reference()).correct
    assert not check(exercise.id, "Z").correct
    check(exercise.id, None)  # `answer = None`: not tried yet
    attempts = store.attempts()
    assert [(a.kind, a.id, a.correct) for a in attempts] == [
        ("check", "basics.hashing.3", True), ("check", "basics.hashing.3", False)]
    assert all(a.time.tzinfo is not None for a in attempts)
    assert attempts[0].time <= attempts[1].time


def test_the_file_is_plain_json_with_one_line_per_answer(store):
    store.add("check", "basics.keys.1", True, when=MONDAY)
    data = json.loads(store.path.read_text(encoding="utf-8"))
    assert data == {"version": 1, "attempts": [
        {"kind": "check", "id": "basics.keys.1", "correct": True,
         "time": "2026-03-02T12:00:00+00:00"}]}


def test_writing_replaces_the_file_and_leaves_no_temporary_file(store):
    store.add("check", "basics.keys.1", True)
    before = store.path.stat().st_ino
    store.add("check", "basics.keys.2", False)
    assert store.path.stat().st_ino != before  # a new file renamed over the old one
    assert sorted(p.name for p in store.folder.iterdir()) == ["progress.json"]


def test_a_reader_never_sees_a_half_written_record(store):
    store.add("check", "basics.keys.1", True)
    seen, problems = [], []

    def write():
        for number in range(150):
            store.add("quiz", f"01.q{number % 8 + 1}", number % 2 == 0)

    writer = threading.Thread(target=write)
    writer.start()
    while writer.is_alive():
        try:
            seen.append(len(json.loads(store.path.read_text(encoding="utf-8"))["attempts"]))
        except ValueError as problem:
            problems.append(problem)
    writer.join()
    assert problems == []
    assert seen == sorted(seen) and len(store.attempts()) == 151


def test_a_broken_file_is_moved_aside_and_a_new_record_starts(store, caplog):
    store.folder.mkdir(parents=True)
    store.path.write_text('{"version": 1, "attempts": [', encoding="utf-8")
    assert store.attempts() == []
    (aside,) = store.folder.glob("progress.broken-*.json")
    assert aside.read_text(encoding="utf-8") == '{"version": 1, "attempts": ['
    assert "could not be read" in caplog.text and aside.name in caplog.text
    assert store.add("check", "basics.keys.1", True)
    assert [a.id for a in store.attempts()] == ["basics.keys.1"]


@pytest.mark.parametrize("content", [
    "[]", '{"version": 2, "attempts": []}', '{"version": 1}',
    '{"version": 1, "attempts": [{"kind": "check", "id": "x", "correct": "yes", '
    '"time": "2026-03-02T12:00:00+00:00"}]}',
    '{"version": 1, "attempts": [{"kind": "check", "id": "x", "correct": true, '
    '"time": "last monday"}]}',
    "\udcff not text",
])
def test_a_record_of_the_wrong_shape_is_kept_aside_too(store, content):
    store.folder.mkdir(parents=True)
    store.path.write_bytes(content.encode("utf-8", "surrogateescape"))
    assert store.attempts() == []
    assert len(list(store.folder.glob("progress.broken-*.json"))) == 1


def test_recording_never_raises_into_the_notebook(tmp_path, monkeypatch, caplog):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("LEDGERKIT_PROGRESS_DIR", str(blocker / "progress"))
    exercise = get("basics.hashing.3")
    assert check(exercise.id, exercise.reference()).correct  # the check itself still works
    assert record_check("basics.hashing.3", True) is False


def test_nothing_is_recorded_under_nbgrader(store, monkeypatch):
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    exercise = get("basics.hashing.3")
    assert check(exercise.id, exercise.reference()).correct
    assert store.add("check", "basics.keys.1", True) is False
    assert not store.folder.exists()


# --- chapters and notebooks ----------------------------------------------------------------

def test_every_exercise_belongs_to_exactly_one_chapter():
    for exercise in all_exercises():
        if exercise.id.startswith("demo."):  # registered by doctests
            continue
        owners = [c.key for c in CHAPTERS if exercise.id.startswith(c.prefixes)]
        assert len(owners) == 1, (exercise.id, owners)


def test_notebook_of_names_the_notebook_that_checks_each_exercise():
    notebooks = [p for folder in ("course", "labs") for p in (ROOT / folder).rglob("*.ipynb")
                 if ".ipynb_checkpoints" not in p.parts]
    found = 0
    for path in notebooks:
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "code":
                for exercise_id in CHECK_CALL.findall(cell.source):
                    found += 1
                    assert notebook_of(exercise_id), \
                        f"{exercise_id}: add its notebook to ledgerkit.progress.NOTEBOOKS"
                    assert (ROOT / notebook_of(exercise_id)).is_file(), exercise_id
                    # A notebook outside its chapter may reuse one (e.g. 08's first badge).
                    if path.parent.name != "08-achievements":
                        assert notebook_of(exercise_id) == str(path.relative_to(ROOT))
    assert found > 100


def test_chapter_lines_count_the_exercise_bank(store):
    report = report_of(store, [])
    ids = [e.id for e in all_exercises()]
    assert report.chapter("01").available == sum(i.startswith("basics.") for i in ids)
    assert report.chapter("labs").available == sum(i.startswith("lab") for i in ids)
    assert report.chapter("03").quiz_total == len(load_quiz("03", record=False).questions)
    assert report.chapter("00").quiz_total == 0


def test_done_counts_solved_exercises_once_whatever_the_tries(store):
    report = report_of(store, [("check", "basics.hashing.1", False, 0),
                               ("check", "basics.hashing.1", True, 0),
                               ("check", "basics.hashing.1", True, 1),
                               ("check", "basics.keys.1", False, 1),
                               ("quiz", "01.q1", False, 2), ("quiz", "01.q1", True, 2)])
    line = report.chapter("01")
    assert (line.done, line.quiz_right) == (1, 1)
    assert line.next_exercise == "basics.hashing.2"  # course order, not alphabetical


def test_an_empty_record_suggests_where_to_start(store):
    report = report_of(store, [])
    assert report.answers == 0 and report.earned == ()
    assert report.next_steps() == [
        "Start with course/00-resources/00-start-here.ipynb, then the exercises of "
        "course/01-basics/01-hashing.ipynb."]
    assert "Nothing recorded yet" in report.text()


def test_next_steps_name_the_next_exercise_a_quiz_and_a_section(store):
    report = report_of(store, [("check", "resources.start.1", True, 0),
                               ("check", "basics.hashing.1", True, 0),
                               ("quiz", "01.q3", False, 0)])
    steps = report.next_steps()
    assert steps[0] == ("Next exercise: resources.glossary.1 in "
                        "course/00-resources/01-glossary.ipynb.")
    assert "Take the self-check course/05-assessment/01-basics-self-check.ipynb." in steps
    assert any("Reread course/01-basics/03-blocks-and-mining.ipynb" in s for s in steps)
    assert steps[-1].startswith("Next badge: ⛏️ First block mined")


# --- badges ------------------------------------------------------------------------------

def test_badges_are_data_with_names_and_criteria_in_both_languages():
    assert len({badge.key for badge in BADGES}) == len(BADGES) >= 10
    for badge in BADGES:
        assert all(badge.name) and all(badge.criterion) and badge.icon


def test_first_steps_and_first_block(store):
    assert earned(report_of(store, [("check", "basics.keys.1", False, 0)])) == set()
    assert earned(report_of(store, [("check", "lab01.mine.1", True, 0)])) == {
        "first_steps", "first_block"}


def test_a_chapter_badge_needs_every_exercise_of_the_chapter(store):
    design = sorted(e.id for e in all_exercises() if e.id.startswith("design."))
    almost = report_of(store, [("check", i, True, 0) for i in design[:-1]])
    assert "architect" not in earned(almost)
    full = report_of(store, [("check", design[-1], True, 0)])
    assert "architect" in earned(full) and full.chapter("03").complete


def test_sharpshooter_needs_a_whole_quiz_right_at_the_first_try(store):
    questions = [f"06.{q.id}" for q in load_quiz("06", record=False).questions]
    slipped = report_of(store, [("quiz", questions[0], False, 0)] +
                        [("quiz", q, True, 0) for q in questions])
    assert "sharpshooter" not in earned(slipped)
    assert "sharpshooter" in earned(report_of(store, [
        ("quiz", f"07.{q.id}", True, 1) for q in load_quiz("07", record=False).questions]))


def test_self_checker_needs_every_question_of_every_quiz(store):
    every = [(f"{c}.{q.id}") for c in ("01", "02", "03", "04", "06", "07")
             for q in load_quiz(c, record=False).questions]
    assert "self_checker" not in earned(report_of(store, [("quiz", q, True, 0)
                                                           for q in every[:-1]]))
    assert "self_checker" in earned(report_of(store, [("quiz", every[-1], True, 0)]))


def test_never_give_up_needs_three_wrong_tries_before_the_right_one(store):
    twice = [("check", "sim.prop.1", False, 0)] * 2 + [("check", "sim.prop.1", True, 0)]
    assert "persistent" not in earned(report_of(store, twice))
    late = [("check", "sim.prop.1", False, 1)]  # wrong after solving: does not count
    assert "persistent" not in earned(report_of(store, late))
    thrice = [("check", "sim.prop.2", False, 2)] * 3 + [("check", "sim.prop.2", True, 2)]
    assert "persistent" in earned(report_of(store, thrice))


def test_regular_needs_five_different_days(store):
    four = report_of(store, [("check", "basics.keys.1", False, day) for day in range(4)])
    assert "regular" not in earned(four)
    assert "regular" in earned(report_of(store, [("quiz", "01.q1", False, 9)]))


def test_homework_hero_needs_ninety_percent(store):
    def feedback(score):
        return HomeworkFeedback("hw01-basics", "hw01-basics", "t", score, 100.0, Path("x"))

    assert "homework_hero" not in earned(report_of(store, [], [feedback(89.5)]))
    assert "homework_hero" in earned(report_of(store, [], [feedback(90.0)]))


# --- nbgrader feedback ---------------------------------------------------------------------

def write_feedback(home, layout, score_line):
    page = home / layout
    page.parent.mkdir(parents=True)
    page.write_text(f"<html><h4>{score_line}</h4><ul><li>Test cell (Score: 2.0 / 2.0)</li>"
                    "</ul></html>", encoding="utf-8")


def test_feedback_pages_are_found_and_their_total_score_read(tmp_path):
    home = tmp_path / "home"
    write_feedback(home, "hw01-basics/feedback/2026-03-01 10:00:00.000000 UTC/hw01-basics.html",
                   "hw01-basics (Score: 61.5 / 100.0)")
    write_feedback(home, "hw01-basics/feedback/2026-03-03 08:00:00.000000 UTC/hw01-basics.html",
                   "hw01-basics (Score: 84.0 / 100.0)")
    write_feedback(home, "ledgerkit/hw02-applications/feedback/2026-03-10 09:00:00 UTC/"
                   "hw02-applications.html", "hw02-applications (Score: 18.25 / 20.0)")
    write_feedback(home, "hw03-design/feedback/2026-03-17 09:00:00 UTC/hw03-design.html",
                   "hw03-design")
    found = find_feedback(home)
    assert [(f.assignment, f.score, f.max_score) for f in found] == [
        ("hw01-basics", 84.0, 100.0), ("hw02-applications", 18.25, 20.0),
        ("hw03-design", None, None)]
    assert found[0].submitted == "2026-03-03 08:00:00.000000 UTC"
    report = report_of(ProgressStore(tmp_path / "progress"), [], found)
    assert "hw01-basics: 84 / 100 points (84%)" in report.text()
    assert "hw03-design: feedback without a score line" in report.text()


def test_no_feedback_in_an_empty_home(tmp_path):
    assert find_feedback(tmp_path) == []


# --- showing the report --------------------------------------------------------------------

def test_the_report_shows_bars_badges_and_steps_in_html(store):
    report = report_of(store, [("check", "basics.hashing.4", True, 0)])
    page = report._repr_html_()
    assert page.count('class="lk-progress-row"') == len(CHAPTERS)
    assert page.count("lk-badge-earned") == 2 and page.count("lk-badge-locked") == len(BADGES) - 2
    basics = report.chapter("01").available
    assert basics > 20 and f"width:{round(100 / basics)}%" in page  # 1 of the basics exercises
    assert "Next steps" in page and "<script" not in page


def test_the_report_speaks_chinese(store):
    report = report_of(store, [("check", "basics.hashing.4", True, 0)])
    set_language("zh")
    try:
        shown = report.text()
    finally:
        set_language("en")
    assert shown.startswith("我的学习进度") and "链基础" in shown and "挖出第一个区块" in shown


def test_a_session_without_a_folder_says_so(monkeypatch):
    monkeypatch.delenv("LEDGERKIT_PROGRESS_DIR")
    report = progress_report(homework=[])
    assert report.record is None and "records nothing" in report.text()
