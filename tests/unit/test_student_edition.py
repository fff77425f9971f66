"""The student edition (学生版, `tools/student_edition.py`) holds no homework solution, hidden
test or lecturer guide, still works for learning, links only to what it holds, and publishes
as a branch without touching the lecturer's working tree.

The edition is built once from this repository into a temporary folder; every check reads it
with its own rules, not the tool's, so a hole in the tool's allow-list or deny rules shows up
here.
"""

from __future__ import annotations

import ast
import importlib.util
import os
import re
import subprocess
import sys
import textwrap
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("student_edition",
                                               ROOT / "tools" / "student_edition.py")
student_edition = sys.modules["student_edition"] = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(student_edition)

HOMEWORK = sorted((ROOT / "autograder" / "source").glob("*/*.ipynb"))
SECRETS = ("BEGIN SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS")
HIDDEN = re.compile(r"^[ \t]*### BEGIN HIDDEN TESTS[^\n]*\n(?P<body>.*?)"
                    r"^[ \t]*### END HIDDEN TESTS", re.DOTALL | re.MULTILINE)
SOLUTION = re.compile(r"^[ \t]*### BEGIN SOLUTION.*?### END SOLUTION[^\n]*",
                      re.DOTALL | re.MULTILINE)
# Known overlaps between a hidden expected value and a file the edition must keep, with why
# (the lead's per-class homework variants remove them): (literal, file) -> reason.
KNOWN_OVERLAPS = {
    ("88400000.00", "ledgerkit/finance/abs.py"):
        "the ABS module's doctest runs the course's example deal, whose senior tranche A "
        "gets 88,400,000.00 as in hw02 question 6 (B and C differ)",
}
LINK = re.compile(r"!?\[[^\]]*\]\((?P<target>[^)\s#]*)[^)]*\)|(?:href|src)=\"(?P<html>[^\"#]*)")


@pytest.fixture(scope="module")
def edition(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("edition") / "student-edition"
    student_edition.build(out, ROOT)
    return out


@pytest.fixture(scope="module")
def texts(edition: Path) -> dict[str, str]:
    """Every file of the edition, as text, by its path in the edition."""
    return {path.relative_to(edition).as_posix(): path.read_text("utf-8", errors="replace")
            for path in sorted(edition.rglob("*")) if path.is_file()}


def test_no_file_holds_a_solution_or_hidden_test(texts: dict[str, str]) -> None:
    found = [(path, marker) for path, text in texts.items() for marker in SECRETS
             if marker in text]
    assert not found, f"nbgrader solution or hidden-test text in the edition: {found}"


def test_no_homework_source_or_graded_notebook(texts: dict[str, str]) -> None:
    homework_names = {notebook.name for notebook in HOMEWORK}
    assert homework_names, "the homework sources moved: update this test"
    for path, text in texts.items():
        assert not path.startswith(("autograder/", "zh/autograder/")), path
        assert Path(path).name not in homework_names, f"a homework notebook: {path}"
        if path.endswith(".ipynb"):
            graded = [cell.get("metadata", {}).get("nbgrader", {})
                      for cell in nbformat.reads(text, as_version=4).cells]
            assert not any(meta.get("solution") or meta.get("grade") for meta in graded), (
                f"{path} has nbgrader solution or graded cells")


def test_no_lecturer_guide(texts: dict[str, str]) -> None:
    guides = sorted(ROOT.glob("labs/*/LECTURER.md")) + sorted(ROOT.glob("zh/labs/*/LECTURER.md"))
    assert guides, "the lecturer guides moved: update this test"
    titles = {next(line for line in guide.read_text("utf-8").splitlines() if line.startswith("# "))
              for guide in guides}
    for path, text in texts.items():
        assert "lecturer" not in Path(path).name.lower(), f"a lecturer's file: {path}"
        if path.endswith((".md", ".ipynb")):
            copied = [title for title in titles if title in text.splitlines()
                      or f'"{title}\\n' in text or f'"{title}"' in text]
            assert not copied, f"{path} holds a lecturer guide: {copied}"
    assert not any(path.endswith("03-class-report.ipynb") for path in texts)


def _literals(code: str) -> set[str]:
    """The expected values a hidden test compares against: string literals of 8 characters
    or more that hold a digit (hashes, amounts, ids; plain words are the course's own
    vocabulary) and numbers of 1000 or more; amounts with fewer than three significant digits
    (250,000.00) are everyday course figures and cannot be secret."""
    found = set()
    for statement in ast.walk(ast.parse(textwrap.dedent(code))):
        if not isinstance(statement, ast.Assert):
            continue
        for node in ast.walk(statement.test):
            value = getattr(node, "value", None) if isinstance(node, ast.Constant) else None
            if isinstance(value, str) and len(value) >= 8 and re.search(r"\d", value):
                found.add(value)
            elif isinstance(value, int | float) and not isinstance(value, bool) and value >= 1000:
                found.add(str(int(value)) if float(value).is_integer() else str(value))
    return {value for value in found
            if len(re.sub(r"[^0-9]", "", value.split(".")[0]).strip("0")
                   + value.partition(".")[2].rstrip("0")) >= 3 or not _is_number(value)}


def _is_number(text: str) -> bool:
    try:
        Decimal(text)
    except InvalidOperation:
        return False
    return True


def _spellings(value: str) -> set[str]:
    """How a value may be written in the edition: as is, and an amount with separators.

    >>> sorted(_spellings("88400000.00"))
    ['88,400,000.00', '88400000.00', '88_400_000.00']
    """
    spellings = {value}
    if _is_number(value):
        spellings |= {f"{Decimal(value):,}", f"{Decimal(value):,}".replace(",", "_")}
    return spellings


def hidden_expected_values(paths: Iterable[Path] = HOMEWORK) -> dict[str, str]:
    """Every hidden test's expected literal that the visible homework does not show."""
    secrets: dict[str, str] = {}
    for path in paths:
        cells = nbformat.read(path, as_version=4).cells
        visible = "\n".join(SOLUTION.sub("", HIDDEN.sub("", cell.source)) for cell in cells)
        for cell in cells:
            for block in HIDDEN.finditer(cell.source):
                for value in _literals(block["body"]) - set(re.findall(r"[\w.]+", visible)):
                    secrets[value] = path.name
    return secrets


def test_the_hidden_literals_are_found(tmp_path: Path) -> None:
    # A homework of one question, whose hidden test holds two literals the visible part
    # does not show (the course's homework draws most of its numbers per class now, so the
    # finder is tried on a notebook whose answers are known).
    cell = nbformat.v4.new_code_cell(
        'assert type(answer) is str\n### BEGIN HIDDEN TESTS\n'
        'assert answer == "9f2c4e7a1b" and total == 4321.75\n### END HIDDEN TESTS')
    path = tmp_path / "hw99.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[cell]), path)
    assert set(hidden_expected_values([path])) == {"9f2c4e7a1b", "4321.75"}


def test_no_hidden_expected_value_in_the_edition(texts: dict[str, str]) -> None:
    secrets = hidden_expected_values()
    if not secrets:  # every homework draws its numbers per class: no literal to leak
        return
    spelled = {spelling: value for value in secrets for spelling in _spellings(value)}
    # One pass over each file; a value counts only as a whole token, not inside a longer one.
    pattern = re.compile(r"(?<![\w.])(?:" + "|".join(map(re.escape, sorted(spelled, key=len,
                         reverse=True))) + r")(?![\w]|\.\d)")
    leaks = sorted({(spelled[found], secrets[spelled[found]], path)
                    for path, text in texts.items() for found in pattern.findall(text)
                    if (spelled[found], path) not in KNOWN_OVERLAPS})
    assert not leaks, f"hidden tests' expected values in the edition: {leaks}"


def test_a_practice_exercise_still_checks_inside_the_edition(edition: Path,
                                                            tmp_path: Path) -> None:
    program = (
        "import ledgerkit\n"
        "from ledgerkit.exercises import check\n"
        f"assert ledgerkit.__file__.startswith({str(edition)!r}), ledgerkit.__file__\n"
        "assert check('apps.abs.4', 'B').correct\n"
        "assert not check('apps.abs.4', 'A').correct\n"
        "print('ok')\n")
    env = {**os.environ, "PYTHONPATH": str(edition), "LEDGERKIT_PROGRESS_DIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", program], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr[-2000:]


def test_every_relative_link_resolves_inside_the_edition(edition: Path,
                                                        texts: dict[str, str]) -> None:
    broken = []
    for path, text in texts.items():
        if path.endswith(".md"):
            pieces = [text]
        elif path.endswith(".ipynb"):
            pieces = [cell.source for cell in nbformat.reads(text, as_version=4).cells
                      if cell.cell_type == "markdown"]
        else:
            continue
        for piece in pieces:
            for match in LINK.finditer(piece):
                target = match["target"] if match["target"] is not None else match["html"]
                if not target or "://" in target or target.startswith(("/", "mailto:")):
                    continue
                aimed = (edition / path).parent / target
                if not aimed.exists() or edition.resolve() not in aimed.resolve().parents:
                    broken.append((path, target))
    assert not broken, f"links that lead nowhere in the edition: {broken}"


def _git(folder: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True,
                          text=True).stdout.strip()


def test_publish_commits_a_branch_without_touching_the_working_tree(edition: Path,
                                                                   tmp_path: Path,
                                                                   monkeypatch) -> None:
    for variable, value in (("GIT_AUTHOR_NAME", "test"), ("GIT_COMMITTER_NAME", "test"),
                            ("GIT_AUTHOR_EMAIL", "t@example.org"),
                            ("GIT_COMMITTER_EMAIL", "t@example.org")):
        monkeypatch.setenv(variable, value)
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "--quiet", "--no-hardlinks", str(ROOT), str(clone)],
                   check=True, capture_output=True)
    (clone / "README.md").write_text("a lecturer's unsaved edit\n", encoding="utf-8")
    head, status = _git(clone, "rev-parse", "HEAD"), _git(clone, "status", "--porcelain")
    index = (clone / ".git" / "index").read_bytes()

    first = student_edition.publish(edition, "student", clone)
    assert first and _git(clone, "rev-parse", "refs/heads/student") == first
    assert student_edition.publish(edition, "student", clone) is None  # unchanged: no commit
    assert _git(clone, "rev-parse", "refs/heads/student") == first

    assert _git(clone, "rev-parse", "HEAD") == head
    assert _git(clone, "status", "--porcelain") == status
    assert (clone / ".git" / "index").read_bytes() == index
    assert (clone / "README.md").read_text(encoding="utf-8") == "a lecturer's unsaved edit\n"
    published = set(_git(clone, "ls-tree", "-r", "--name-only", first).splitlines())
    assert published == {path.relative_to(edition).as_posix()
                         for path in edition.rglob("*") if path.is_file()}

    (edition / "EDITION.md").write_text("changed\n", encoding="utf-8")
    try:
        second = student_edition.publish(edition, "student", clone)
        assert second and _git(clone, "rev-parse", f"{second}^") == first  # history kept
    finally:
        (edition / "EDITION.md").write_text(student_edition.edition_note(), "utf-8")


def test_lecturer_only_passages_are_cut(texts: dict[str, str]) -> None:
    leftovers = [path for path, text in texts.items() if "<!-- student-edition:" in text]
    assert not leftovers, f"unmatched student-edition markers: {leftovers}"
    for readme in ("README.md", "README.zh.md"):
        assert "make test" not in texts[readme], readme  # no tests/ in the edition
        assert "## Developing" not in texts[readme] and "## 参与开发" not in texts[readme]
        assert "courseware/student?urlpath" in texts[readme]  # the Binder badges
    assert "test_lab01_guide" not in texts["labs/README.md"]
