"""A fresh nbgrader course for each grading test: the `course` fixture and its `Course` helper.

The course is a copy of autograder/ (config and source/) with hw01-basics generated, its own
gradebook and its own exchange folder, all under the test's tmp_path. Generating costs a few
seconds, so it is done once per test process and copied for each test.

    def test_something(course):
        course.submit("alice", course.solution())
        [outcome] = course.autograde(students=["alice"])
        assert outcome.status == "graded"
"""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

import nbformat
import pytest
from nbformat import NotebookNode

from autograder.course import DEFAULT_COURSE, open_gradebook
from autograder.grading import GradeOutcome, autograde
from autograder.steps import generate
from autograder.variants import RENDERED

HW01 = "hw01-basics"
# hw01's cells take well under a second; a short limit keeps hostile tests quick.
TEST_CELL_TIMEOUT = 10


class Course:
    """An nbgrader course in a temporary folder, with helpers to play the students.

    `root` is the course root, `exchange` its exchange folder (LEDGERKIT_EXCHANGE points to it
    for the test). `cell_timeout` is the per-cell limit `autograde` uses unless given one.
    """

    def __init__(self, root: Path, exchange: Path, cell_timeout: int = TEST_CELL_TIMEOUT):
        self.root, self.exchange, self.cell_timeout = root, exchange, cell_timeout

    def released(self, assignment: str = HW01) -> NotebookNode:
        """The student version of the assignment's notebook (generated on first use)."""
        path = self.root / "release" / assignment / f"{assignment}.ipynb"
        if not path.exists():
            generate(self.root, assignment)
        return nbformat.read(path, as_version=4)

    def solution(self, assignment: str = HW01) -> NotebookNode:
        """The source notebook, solutions included, as released to this class (per-class
        numbers filled in): a submission that earns every point."""
        self.released(assignment)
        rendered = self.root / RENDERED / "en" / assignment / f"{assignment}.ipynb"
        source = self.root / "source" / assignment / f"{assignment}.ipynb"
        return nbformat.read(rendered if rendered.exists() else source, as_version=4)

    def submit(self, student: str, notebook: NotebookNode | bytes | None,
               assignment: str = HW01) -> Path:
        """Put a submission in submitted/<student>/<assignment>/ with a timestamp.txt, as
        nbgrader's collect would: a notebook, raw bytes written as they are (invalid JSON...),
        or None for a folder without its notebook. Returns the notebook's path."""
        self.released(assignment)  # the assignment must be in the gradebook
        folder = self.root / "submitted" / student / assignment
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{assignment}.ipynb"
        if isinstance(notebook, bytes):
            path.write_bytes(notebook)
        elif notebook is not None:
            nbformat.write(notebook, path)
        now = datetime.datetime.now(datetime.timezone.utc)
        (folder / "timestamp.txt").write_text(now.strftime("%Y-%m-%d %H:%M:%S.%f %Z"))
        return path

    def autograde(self, assignment: str = HW01, jobs: int = 2, **kw) -> list[GradeOutcome]:
        """`autograder.grading.autograde` on this course (keywords passed on)."""
        kw.setdefault("cell_timeout", self.cell_timeout)
        return autograde(self.root, assignment, jobs=jobs, **kw)

    def fetch(self, student: str, assignment: str = HW01) -> Path:
        """Play `student` fetching the released assignment from the exchange into their own
        home folder, with nbgrader's exchange; returns the fetched notebook's path."""
        self._student_step("FetchAssignment", student, assignment)
        return self.home(student) / assignment / f"{assignment}.ipynb"

    def submit_to_exchange(self, student: str, assignment: str = HW01) -> None:
        """Play `student` submitting their fetched (and edited) copy, with nbgrader's exchange."""
        self._student_step("Submit", student, assignment)

    def fetch_feedback(self, student: str, assignment: str = HW01) -> list[Path]:
        """Play `student` fetching their released feedback; returns the HTML pages they got."""
        self._student_step("FetchFeedback", student, assignment)
        return sorted((self.home(student) / assignment / "feedback").glob("*/*.html"))

    def home(self, student: str) -> Path:
        """The home folder of a student played by `fetch` and `submit_to_exchange`."""
        return self.root.parent / "homes" / student

    def _student_step(self, step: str, student: str, assignment: str) -> None:
        from nbgrader.auth import Authenticator
        from nbgrader.coursedir import CourseDirectory
        from nbgrader.exchange import ExchangeFactory
        from traitlets.config import Config

        home = self.home(student)
        home.mkdir(parents=True, exist_ok=True)
        config = Config()
        config.CourseDirectory.course_id = "ledgerkit"
        config.CourseDirectory.assignment_id = assignment
        config.CourseDirectory.student_id = student
        config.Exchange.root = str(self.exchange)
        config.Exchange.assignment_dir = str(home)
        config.Exchange.cache = str(home / ".nbgrader-cache")
        coursedir = CourseDirectory(config=config)
        authenticator = Authenticator(config=config)
        factory = ExchangeFactory(config=config)
        getattr(factory, step)(coursedir=coursedir, authenticator=authenticator,
                               config=config).start()

    def gradebook_scores(self, assignment: str = HW01) -> dict[str, float]:
        """Each student's score in the gradebook for `assignment` (automatic + manual)."""
        with open_gradebook(self.root) as gb:
            return {sub.student.id: float(sub.score)
                    for sub in gb.find_assignment(assignment).submissions}


@pytest.fixture(scope="session")
def course_template(tmp_path_factory) -> Path:
    """autograder/ copied once per test process, with hw01-basics generated."""
    root = tmp_path_factory.mktemp("course-template") / "course"
    root.mkdir()
    shutil.copy(DEFAULT_COURSE / "nbgrader_config.py", root)
    shutil.copytree(DEFAULT_COURSE / "source", root / "source")
    generate(root, HW01)
    return root


@pytest.fixture
def course(course_template, tmp_path, monkeypatch) -> Course:
    """A fresh course (see `Course`) in tmp_path, with its exchange in tmp_path/exchange."""
    root = tmp_path / "course"
    shutil.copytree(course_template, root)
    exchange = tmp_path / "exchange"
    exchange.mkdir()
    monkeypatch.setenv("LEDGERKIT_EXCHANGE", str(exchange))
    return Course(root, exchange)
