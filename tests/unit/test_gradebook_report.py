"""The lecturer's class report, checked against a real nbgrader gradebook written through
nbgrader's own Gradebook API, with scores chosen so every number can be worked out by hand."""

import sqlite3
import warnings

import matplotlib
import pytest

from ledgerkit.errors import InputError
from ledgerkit.gradebook_report import (
    assignments,
    class_report,
    demo_gradebook,
    empty_gradebook,
    find_gradebook,
)
from ledgerkit.i18n import set_language

matplotlib.use("Agg")

# (assignment, cell, cell type, max points)
CELLS = [("hw01-basics", "q1", "code", 10), ("hw01-basics", "q2", "code", 10),
         ("hw01-basics", "q3", "markdown", 20), ("hw02-applications", "q1", "code", 5)]
# (assignment, student, cell, auto score, manual score, extra credit); dee submits nothing.
GRADES = [
    ("hw01-basics", "ann", "q1", 10, None, None), ("hw01-basics", "ann", "q2", 0, 10, None),
    ("hw01-basics", "ann", "q3", None, 15, None),
    ("hw01-basics", "bo", "q1", 10, None, None), ("hw01-basics", "bo", "q2", 0, None, None),
    ("hw01-basics", "bo", "q3", None, 5, 1),
    ("hw01-basics", "cy", "q1", 0, None, None), ("hw01-basics", "cy", "q2", 0, None, None),
    ("hw02-applications", "ann", "q1", 5, None, None),
    ("hw02-applications", "ann", "t1", None, 5, None),
    ("hw02-applications", "cy", "q1", 5, None, None),
    ("hw02-applications", "cy", "t1", None, 0, None),
]


@pytest.fixture(scope="module")
def gradebook(tmp_path_factory):
    """Four students, two assignments; hw02 also has a task cell t1 of 5 points."""
    from nbgrader.api import Gradebook
    from sqlalchemy.exc import SAWarning

    path = empty_gradebook(tmp_path_factory.mktemp("course") / "gradebook.db")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SAWarning)
        with Gradebook(f"sqlite:///{path}") as book:
            for student in ("ann", "bo", "cy", "dee"):
                book.add_student(student)
            for assignment in ("hw01-basics", "hw02-applications"):
                book.add_assignment(assignment)
                book.add_notebook(assignment, assignment)
            for assignment, cell, cell_type, points in CELLS:
                book.add_grade_cell(cell, assignment, assignment, max_score=points,
                                    cell_type=cell_type)
            book.add_task_cell("t1", "hw02-applications", "hw02-applications", max_score=5,
                               cell_type="markdown")
            for assignment, student in {(a, s) for a, s, *_ in GRADES}:
                book.add_submission(assignment, student)
            for assignment, student, cell, auto, manual, extra in GRADES:
                grade = book.find_grade(cell, assignment, assignment, student)
                grade.auto_score, grade.manual_score, grade.extra_credit = auto, manual, extra
            book.db.commit()
    return path


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    return demo_gradebook(tmp_path_factory.mktemp("demo"), students=30, seed=7)


def test_one_assignment_totals_and_maximum(gradebook):
    report = class_report(gradebook, "hw01-basics")
    # ann: 10 + 10 (the grader's 10 overrides the autograder's 0) + 15; bo: 10 + 0 + 5 + 1
    # extra credit; cy: nothing graded in q3 counts 0.
    assert report.scores == {"ann": 35.0, "bo": 16.0, "cy": 0.0}
    assert report.max_score == 40.0
    assert report.missing == ["dee"]
    assert (report.mean, report.median) == (17.0, 16.0)


def test_one_assignment_question_statistics(gradebook):
    report = class_report(gradebook, "hw01-basics")
    stats = {q.name: (q.max_points, round(q.mean_points, 4), round(q.difficulty, 4))
             for q in report.questions}
    assert stats == {"q1": (10.0, 6.6667, 0.3333), "q2": (10.0, 3.3333, 0.6667),
                     "q3": (20.0, 7.0, 0.65)}
    assert [q.name for q in report.hardest(2)] == ["q2", "q3"]
    assert report.at_risk() == ["cy", "bo"]  # below 24 of 40 points, lowest first


def test_all_assignments_together(gradebook):
    report = class_report(gradebook)
    assert report.assignment is None
    assert report.scores == {"ann": 45.0, "bo": 16.0, "cy": 5.0}  # bo skipped hw02: 0
    assert report.max_score == 50.0
    assert {q.name: q.difficulty for q in report.questions if q.name.startswith("hw02")} == {
        "hw02-applications/q1": 0.0, "hw02-applications/t1": 0.5}
    assert assignments(gradebook) == ["hw01-basics", "hw02-applications"]


def test_the_report_reads_without_writing(gradebook):
    before = gradebook.read_bytes()
    class_report(gradebook)
    class_report(gradebook.parent, "hw02-applications")  # the course folder works too
    assert gradebook.read_bytes() == before


def test_the_text_summary_names_what_a_lecturer_acts_on(gradebook):
    summary = class_report(gradebook, "hw01-basics").text()
    assert "3 students submitted, 1 did not; maximum 40 points." in summary
    assert "Mean 17.0 points (42%), median 16.0." in summary
    assert "Hardest questions: q2 (0.67), q3 (0.65), q1 (0.33)." in summary
    assert "Below 60% of the maximum: cy, bo." in summary
    assert "No submission: dee." in summary


def test_the_figure_shows_the_histogram_and_the_difficulties(gradebook):
    report = class_report(gradebook, "hw01-basics")
    figure = report.figure()
    grades, difficulty = figure.axes
    assert sum(patch.get_height() for patch in grades.patches) == 3  # three students
    assert [t.get_text() for t in difficulty.get_yticklabels()] == ["q3", "q2", "q1"]
    widths = [round(patch.get_width(), 4) for patch in difficulty.patches]
    assert widths == [0.65, 0.6667, 0.3333]
    set_language("zh")
    try:
        assert class_report(gradebook).figure().axes[0].get_title() == "成绩分布"
    finally:
        set_language("en")


def test_an_unknown_assignment_is_refused_with_the_known_ones(gradebook):
    with pytest.raises(InputError, match="hw01-basics, hw02-applications"):
        class_report(gradebook, "hw09")


def test_a_missing_gradebook_is_refused_and_not_created(tmp_path):
    with pytest.raises(InputError, match="There is no nbgrader gradebook"):
        class_report(tmp_path / "gradebook.db")
    assert not (tmp_path / "gradebook.db").exists()


def test_a_database_that_is_no_gradebook_is_refused(tmp_path):
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE notes (text TEXT)")
    with pytest.raises(InputError, match="is not an nbgrader gradebook"):
        class_report(other)


def test_the_demo_class_is_complete_and_plausible(demo):
    report = class_report(demo, "hw01-basics")
    assert len(report.scores) == 28 and report.missing == ["demo29", "demo30"]
    assert all(0 <= score <= 100 for score in report.scores.values())
    assert 50 <= report.mean <= 95
    assert [q.name for q in report.questions][:2] == ["q1-tests", "q2-tests"]
    assert all(0 <= q.difficulty <= 1 for q in report.questions)
    assert len(class_report(demo).missing) == 2


def test_a_demo_never_overwrites_a_gradebook(gradebook):
    before = gradebook.read_bytes()
    with pytest.raises(InputError, match="already exists"):
        demo_gradebook(gradebook.parent)
    assert gradebook.read_bytes() == before


def test_find_gradebook_looks_in_the_usual_places(tmp_path, monkeypatch):
    monkeypatch.delenv("LEDGERKIT_GRADEBOOK", raising=False)
    course = tmp_path / "repo" / "autograder"
    course.mkdir(parents=True)
    (course / "gradebook.db").write_bytes(b"")
    notebooks = tmp_path / "repo" / "course" / "08-achievements"
    notebooks.mkdir(parents=True)
    assert find_gradebook(notebooks) == course / "gradebook.db"
    (notebooks / "gradebook.db").write_bytes(b"")
    assert find_gradebook(notebooks) == notebooks / "gradebook.db"
    monkeypatch.setenv("LEDGERKIT_GRADEBOOK", str(course / "gradebook.db"))
    assert find_gradebook(notebooks) == course / "gradebook.db"
    assert find_gradebook(tmp_path / "elsewhere") == course / "gradebook.db"
    monkeypatch.delenv("LEDGERKIT_GRADEBOOK")
    assert find_gradebook(tmp_path) is None
