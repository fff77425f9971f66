"""Safe writes to nbgrader's SQLite gradebook (成绩簿) from several grading processes at once.

Several processes autograde at the same time and each one writes its student's grades through
nbgrader's own `Gradebook`. SQLite lets one writer in at a time; what goes wrong by default is
the *upgrade*: a transaction that began by reading and then wants to write can be refused at
once ("database is locked") instead of waiting, when another process is writing. So every
transaction here starts with `BEGIN IMMEDIATE` (it takes the write lock first and waits its
turn, up to a busy timeout). Grading writes are a few milliseconds against seconds of running
a notebook, so the waiting costs nothing. We keep SQLite's classic rollback journal rather
than WAL: WAL changes the database file for good and does not work on the network file
systems that course folders on a JupyterHub often live on.

nbgrader opens its Gradebook about a dozen times for each student it grades, and each time
SQLAlchemy builds a new engine: it connects, inspects every table and compiles every query
again (compiled SQL is cached per engine). `share_engines` keeps one engine per database
for the life of a grading process, which saves about a tenth of a CPU-second per student.

    >>> serialise_writes()            # once per process, before the first Gradebook
    >>> share_engines()               # likewise, in a process that grades many students
"""

from __future__ import annotations

import sqlite3
import warnings
from functools import cache
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SAWarning

BUSY_TIMEOUT_MS = 120_000

_installed = False


def serialise_writes() -> None:
    """Make every SQLite transaction in this process wait for the write lock from its start.

    Safe to call many times; it acts once.

    >>> serialise_writes(); serialise_writes()
    """
    global _installed
    if _installed:
        return
    _installed = True
    # nbgrader's Gradebook warns about objects added through relationships; harmless noise.
    warnings.filterwarnings("ignore", category=SAWarning)
    event.listen(Engine, "connect", _on_connect)
    event.listen(Engine, "begin", _on_begin)


def share_engines() -> None:
    """Give every nbgrader Gradebook opened in this process the same SQLAlchemy engine for
    the same database, instead of a new one each time. Safe to call many times.

    `Gradebook.close()` still ends its session and disposes of the engine's idle
    connections, so nothing stays open between students; what is kept is the engine and
    its cache of compiled SQL.

    >>> import nbgrader.api
    >>> share_engines()
    >>> nbgrader.api.create_engine("sqlite://") is nbgrader.api.create_engine("sqlite://")
    True
    """
    import nbgrader.api

    if nbgrader.api.create_engine is not _shared_engine:
        nbgrader.api.create_engine = _shared_engine  # the name nbgrader's Gradebook calls


@cache
def _shared_engine(db_url: str, **options: Any) -> Engine:
    from sqlalchemy import create_engine

    return create_engine(db_url, **options)


def _on_connect(dbapi_connection: Any, _record: Any) -> None:
    if isinstance(dbapi_connection, sqlite3.Connection):
        # We issue BEGIN ourselves (below) instead of the driver's implicit, deferred one.
        dbapi_connection.isolation_level = None
        dbapi_connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")


def _on_begin(connection: Any) -> None:
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def record_zero(gradebook: Any, assignment: str, student: str, timestamp: Any = None) -> None:
    """Give `student` a submission of `assignment` scored 0 on every cell, through nbgrader's
    Gradebook: what a lecturer sees when nbgrader could not grade it (the reason is kept
    beside, see `autograder.reasons`). Manual scores already given are left alone.

    >>> import tempfile
    >>> from autograder.course import use_venv_tools; use_venv_tools()
    >>> from nbgrader.api import Gradebook
    >>> with Gradebook(f"sqlite:///{tempfile.mkdtemp()}/gradebook.db") as gb:
    ...     _ = gb.add_assignment("hw01-basics")
    ...     record_zero(gb, "hw01-basics", "mallory")
    ...     [submission_score(gb, "hw01-basics", name) for name in ("mallory", "zoe")]
    [0.0, None]
    """
    gradebook.update_or_create_student(student)
    extra = {"timestamp": timestamp} if timestamp is not None else {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SAWarning)  # see serialise_writes
        submission = gradebook.update_or_create_submission(assignment, student, **extra)
    for notebook in submission.notebooks:
        for grade in notebook.grades:
            grade.auto_score = 0
            grade.needs_manual_grade = False
    gradebook.db.commit()


def submission_score(gradebook: Any, assignment: str, student: str) -> float | None:
    """The score of `student`'s submission of `assignment` in the gradebook, or None when the
    gradebook has no such submission.

    See `record_zero` for an example.
    """
    from nbgrader.api import MissingEntry

    try:
        return float(gradebook.find_submission(assignment, student).score)
    except MissingEntry:
        return None
