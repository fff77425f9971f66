"""The nbgrader course folder (课程目录): its configuration, nbgrader's API over it, its gradebook.

Every grading tool starts here: `load_config` reads the course's own `nbgrader_config.py`
(plus any overrides), `nbgrader_api` gives nbgrader's high-level API over that course, and
`open_gradebook` its gradebook. Nothing here grades; nbgrader does.

    >>> from autograder.course import DEFAULT_COURSE, load_config
    >>> load_config(DEFAULT_COURSE).CourseDirectory.course_id
    'ledgerkit'
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import Any

from traitlets.config import Config, PyFileConfigLoader
from traitlets.log import get_logger

COURSE_ID = "ledgerkit"
DEFAULT_COURSE = Path(__file__).resolve().parent
CONFIG_FILE = "nbgrader_config.py"
# The languages an assignment can be released in; "en" is the course's own source/.
LANGUAGES = ("en", "zh")


def use_venv_tools() -> None:
    """Put this Python's own bin folder first on PATH, so the programs nbgrader starts by name
    (`alembic` when it creates a gradebook) are the ones installed beside it, even when the
    virtual environment was never activated.

    >>> use_venv_tools(); os.environ["PATH"].split(os.pathsep)[0] == os.path.dirname(sys.executable)
    True
    """
    bin_dir = os.path.dirname(sys.executable)
    rest = [p for p in os.environ.get("PATH", "").split(os.pathsep) if p and p != bin_dir]
    os.environ["PATH"] = os.pathsep.join([bin_dir, *rest])


def edition_source(course_dir: Path, lang: str = "en") -> Path:
    """The folder an edition's assignments are generated from: the course's own source/ in
    English; in Chinese, the edition tools/editions.py builds beside the course, at
    zh/<course folder>/source (zh/autograder/source in the repository). Same assignment
    names in both, so a Chinese release shares the gradebook of the English one.

    >>> edition_source(Path("/repo/autograder")).as_posix()
    '/repo/autograder/source'
    >>> edition_source(Path("/repo/autograder"), "zh").as_posix()
    '/repo/zh/autograder/source'
    """
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}: choose one of {', '.join(LANGUAGES)}")
    course_dir = Path(course_dir).resolve()
    if lang == "en":
        return course_dir / "source"
    return course_dir.parent / lang / course_dir.name / "source"


def load_config(course_dir: Path, overrides: Config | None = None) -> Config:
    """The course's `nbgrader_config.py` merged with `overrides` (which win).

    >>> extra = Config({"Execute": {"timeout": 5}})
    >>> load_config(DEFAULT_COURSE, extra).Execute.timeout
    5
    """
    course_dir = Path(course_dir).resolve()
    config = PyFileConfigLoader(CONFIG_FILE, path=str(course_dir)).load_config()
    if overrides is not None:
        config.merge(overrides)
    return config


def nbgrader_api(course_dir: Path, overrides: Config | None = None, *, quiet: bool = True):
    """nbgrader's `NbGraderAPI` over the course in `course_dir`.

    nbgrader's own log goes to stderr at WARNING level (`quiet`) or INFO.

    >>> api = nbgrader_api(DEFAULT_COURSE)
    >>> api.coursedir.course_id, Path(api.coursedir.root) == DEFAULT_COURSE
    ('ledgerkit', True)
    """
    use_venv_tools()
    from nbgrader.apps import NbGraderAPI

    config = load_config(course_dir, overrides)
    config.NbGraderAPI.log_level = "WARN" if quiet else "INFO"
    # NbGraderAPI lists the exchange as it starts and logs a CRITICAL line when the folder is
    # missing; grading does not need the exchange, so that line would only alarm. The steps
    # that do need it check it themselves (autograder.steps).
    log = get_logger()
    log.addFilter(_drop_all)
    try:
        api = NbGraderAPI(config=config)
    finally:
        log.removeFilter(_drop_all)
    api.log.setLevel(logging.WARNING if quiet else logging.INFO)
    return api


def _drop_all(record: logging.LogRecord) -> bool:
    return False


def open_gradebook(course_dir: Path) -> Any:
    """nbgrader's `Gradebook` of the course (use it in a `with` block, so it is closed).
    A course without a gradebook gets a new, empty one.

    >>> import shutil, tempfile
    >>> course = Path(tempfile.mkdtemp()); _ = shutil.copy(DEFAULT_COURSE / CONFIG_FILE, course)
    >>> with open_gradebook(course) as gb:
    ...     gb.course_id, [student.id for student in gb.students]
    ('ledgerkit', [])
    """
    use_venv_tools()
    from nbgrader.api import Gradebook

    from autograder.gradebook import serialise_writes

    serialise_writes()
    config = load_config(course_dir)
    return Gradebook(config.CourseDirectory.db_url, config.CourseDirectory.course_id)
