"""The nbgrader steps around autograding (发布、收集、反馈): generate, release, collect, feedback.

Each one is nbgrader's own API call over the course (`autograder.course.nbgrader_api`); we
only check that it worked and, if not, raise `StepFailed` with the part of nbgrader's log
that says why.

    generate(course_dir, "hw01-basics")
    release(course_dir, "hw01-basics")
    release(course_dir, "hw01-basics", lang="zh")   # the Chinese edition, same gradebook

A Chinese release (`lang="zh"`) generates the same assignment, under the same name, from the
Chinese edition's source folder (`autograder.course.edition_source`) instead of source/: its
answer and test cells are the English ones (tools/editions.py keeps them so), so grade ids,
points, hidden tests and their checksums in the gradebook are the same; its task text, the
comments of its read-only code and its assert messages (`ledgerkit.i18n.say`) are Chinese.
`edition_problems` refuses an edition that is missing or out of step with the English.
"""

from __future__ import annotations

import ast
import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import nbformat
from traitlets.config import Config

from autograder.course import edition_source, nbgrader_api
from autograder.variants import class_seed, has_variants, rendered_source


class StepFailed(RuntimeError):
    """An nbgrader step did not work; the message holds nbgrader's own words.

    >>> str(StepFailed("release hw01-basics", "[ERROR] Destination already exists"))
    'release hw01-basics failed:\\n[ERROR] Destination already exists'
    """

    def __init__(self, step: str, log: str):
        super().__init__(f"{step} failed:\n{log.strip()}")


def generate(course_dir: Path, assignment: str, *, force: bool = True, lang: str = "en",
             seed: str | None = None) -> str:
    """source/ -> release/ (the student version) and the assignment in the gradebook; with
    `lang="zh"`, from the Chinese edition's source (refused when it is missing or stale).
    An assignment with a `variant.py` is first rendered with the class seed (`seed`, else
    `autograder.variants.class_seed`): see `autograder.variants`.

    generate(course_dir, "hw01-basics")
    """
    source = edition_source(course_dir, lang)
    if lang != "en":
        found = edition_problems(course_dir, assignment, lang)
        if found:
            raise StepFailed(f"generate {assignment} --lang {lang}",
                             _not_in_step(assignment, found))
    if has_variants(Path(course_dir) / "source", assignment):
        seed = seed if seed is not None else class_seed(course_dir)
        source = rendered_source(course_dir, assignment, source, seed, lang)
    overrides = None
    if source != edition_source(course_dir, "en"):
        # For this call only: nbgrader joins an absolute folder to the course root as itself.
        overrides = Config()
        overrides.CourseDirectory.source_directory = str(source)
    api = nbgrader_api(course_dir, overrides)
    return _checked(f"generate {assignment}",
                    api.generate_assignment(assignment, force=force, create=True))


def release(course_dir: Path, assignment: str, *, force: bool = False, lang: str = "en",
            seed: str | None = None) -> str:
    """Generate the student version (in `lang`, with the class's variant), then put it in
    the exchange for students to fetch.

    release(course_dir, "hw01-basics")
    """
    generate(course_dir, assignment, lang=lang, seed=seed)
    api = nbgrader_api(course_dir)
    _exchange_ready(api)
    if force:
        api.unrelease(assignment)
    return _checked(f"release {assignment}", api.release_assignment(assignment))


def collect(course_dir: Path, assignment: str) -> str:
    """Copy every student's latest submission from the exchange to submitted/.

    collect(course_dir, "hw01-basics")
    """
    api = nbgrader_api(course_dir)
    _exchange_ready(api)
    return _checked(f"collect {assignment}", api.collect(assignment, update=True))


def feedback(course_dir: Path, assignment: str, *, release_to_students: bool = True) -> str:
    """Make an HTML feedback page per graded student (feedback/) and, unless told otherwise,
    put it in the exchange, where students fetch it.

    feedback(course_dir, "hw01-basics")
    """
    api = nbgrader_api(course_dir)
    log = _checked(f"feedback {assignment}", api.generate_feedback(assignment))
    if release_to_students:
        _exchange_ready(api)
        log += _checked(f"release feedback {assignment}", api.release_feedback(assignment))
    return log


def edition_problems(course_dir: Path, assignment: str, lang: str = "zh") -> list[str]:
    """Why the `lang` edition of an assignment cannot be released; [] when it can.

    It must exist, carry the edition marker (the student's kernel starts in that language),
    share every answer and test cell with the English source, and every read-only code cell
    but for its comments (so no grade changes), and, when the course sits in the repository
    with tools/editions.py, be in step with its translation and built from it (what
    `python tools/editions.py check` says).

    >>> edition_problems(Path("/no/course"), "hw01-basics")[-1]
    '/no/zh/course/source/hw01-basics/hw01-basics.ipynb does not exist'
    """
    from ledgerkit.i18n import EDITION_MARKER  # only here: grading workers need no ledgerkit

    course_dir = Path(course_dir).resolve()
    english = course_dir / "source" / assignment / f"{assignment}.ipynb"
    edition = edition_source(course_dir, lang) / assignment / f"{assignment}.ipynb"
    missing = [f"{path} does not exist" for path in (english, edition) if not path.is_file()]
    if missing:
        return missing
    found = _tool_problems(course_dir, english, edition)
    found += _tracked_cells_differ(english, edition)
    if not (edition.parent / EDITION_MARKER).is_file():
        found.append(f"{edition.parent / EDITION_MARKER} is missing: without it a student's "
                     "kernel starts in English")
    return found


def _tool_problems(course_dir: Path, english: Path, edition: Path) -> list[str]:
    """What tools/editions.py says about the edition, when the course is the repository's
    (on a copy of the course folder alone there is no tool, and only the cells are compared).
    """
    tool = _editions_tool(course_dir.parent / "tools" / "editions.py")
    if tool is None or not english.is_relative_to(tool.ROOT):
        return []
    found = tool.problems(english)
    if not found and edition.read_text(encoding="utf-8") != tool.rendered(tool.build_one(english)):
        found.append(f"{edition} is out of date with its translation")
    return found


def _editions_tool(path: Path) -> ModuleType | None:
    if not path.is_file():
        return None
    spec = importlib.util.spec_from_file_location("_autograder_editions", path)
    if spec is None or spec.loader is None:
        return None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def _tracked_cells_differ(english: Path, edition: Path) -> list[str]:
    """The cells nbgrader tracks (answers, tests, read-only cells) that differ in the two
    notebooks in their nbgrader marks (grade id, points...) or in what they do, and whether the
    cells are the same ones in the same order.

    Answer and test cells must be identical. A read-only cell scores nothing, and nbgrader
    puts it back as the gradebook has it before grading: its task text may be translated,
    and so may the comments of its code, but not the code itself (its data feed the tests).
    """
    ours, theirs = (nbformat.read(path, as_version=4).cells for path in (english, edition))
    if [(c.id, c.cell_type) for c in ours] != [(c.id, c.cell_type) for c in theirs]:
        return [f"{edition.name}: its cells are not the English cells in the same order"]
    return [f"{edition.name} cell {a.id}: nbgrader tracks it ({_grade_id(a)}), yet it differs "
            "from the English" for a, b in zip(ours, theirs, strict=True)
            if (_grade_id(a) or _grade_id(b))
            and (_marks(a) != _marks(b) or not _same_for_grading(a, b.source))]


def _same_for_grading(cell: nbformat.NotebookNode, other: str) -> bool:
    """True when a cell whose source is `other` grades the same as `cell`."""
    marks = _marks(cell)
    if cell.source == other:
        return True
    if marks.get("grade") or marks.get("solution"):
        return False  # answers and tests: byte for byte (checksums)
    if cell.cell_type == "markdown":
        return True  # the task text
    try:  # read-only code: comments aside (they are not in the tree), the same program
        return ast.dump(ast.parse(cell.source)) == ast.dump(ast.parse(other))
    except SyntaxError:
        return False


def _marks(cell: nbformat.NotebookNode) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def _grade_id(cell: nbformat.NotebookNode) -> str | None:
    marks = _marks(cell)
    tracked = any(marks.get(kind) for kind in ("solution", "grade", "locked"))
    return marks.get("grade_id") if tracked else None


def _not_in_step(assignment: str, found: list[str]) -> str:
    """The refusal, in English and in Chinese, with the problems found."""
    missing = any(problem.endswith("does not exist") for problem in found)
    english = (f"{assignment} has no Chinese edition" if missing else
               f"the Chinese edition of {assignment} is out of step with the English")
    chinese = (f"{assignment} 还没有中文版" if missing else
               f"{assignment} 的中文版与英文版不同步")
    return "\n".join([
        f"{english}: nothing was released. Translate it in translations/zh/autograder/source/, "
        "run `python tools/editions.py build`, and release once `python tools/editions.py "
        "check` reports nothing.",
        f"{chinese}：未发布任何内容。请在 translations/zh/autograder/source/ 中完成翻译，运行 "
        "`python tools/editions.py build`，待 `python tools/editions.py check` 不再报告问题后"
        "再发布。",
        *(f"  - {problem}" for problem in found[:10]),
    ])


def _exchange_ready(api: Any) -> None:
    root = Path(api.exchange_root)
    if not root.is_dir():
        raise StepFailed("the exchange", f"{root} does not exist: create it (a folder every "
                         "student can write to) or set LEDGERKIT_EXCHANGE to another folder")


def _checked(step: str, result: dict) -> str:
    if not result.get("success"):
        raise StepFailed(step, "\n".join([result.get("log", ""), result.get("error", "")]))
    return result.get("log", "")
