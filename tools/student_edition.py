"""The student edition (学生版): the course without homework solutions, hidden tests or answer keys.

The full repository is the lecturers' copy: it holds the nbgrader homework sources
(`autograder/source/`, every solution and hidden test), the labs' lecturer guides with the
expected answer of every task, the tests (which check those answers) and the tools. Students
get the student edition instead: Binder badges, nbgitpuller lab links and the hub's student
image all point at the `student` branch this tool publishes.

    python tools/student_edition.py build                 # into build/student-edition/
    python tools/student_edition.py build --out /tmp/se
    python tools/student_edition.py publish               # build, commit as branch "student"
    git push origin student                               # all a maintainer does next

What goes in is decided file by file: a short allow-list of what a student needs (`ALLOW`),
then deny rules inside it (`DENY`, each with its reason), then a content check (no nbgrader
solution or hidden-test text, no notebook with graded cells). `build` prints every file it
left out. Markdown and notebooks are copied with links to left-out files turned into plain
text, and a lecturer-only passage of a guide, between `<!-- student-edition: cut -->` and
`<!-- student-edition: end -->`, is dropped.

The practice exercises' instant checks (`ledgerkit/exercise_bank/`) stay: they exist for
learning, not for grades.
"""

from __future__ import annotations

import argparse
import fnmatch
import os
import posixpath
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "build" / "student-edition"
FULL_REPOSITORY = "https://github.com/ledgerkit/courseware"

# What a student needs (a folder ends with "/"): the course and the labs in both languages,
# the library, the environment Binder and the hub image build from, and how to start.
ALLOW = (
    "course/", "labs/", "ledgerkit/", "binder/",
    "zh/.ledgerkit-lang", "zh/course/", "zh/labs/", "zh/binder/",
    "README.md", "README.zh.md", "pyproject.toml", "Makefile", "LICENSE",
)
# Left out even inside an allowed folder, with the reason `build` prints.
DENY = (
    ("*/LECTURER.md", "lecturer's guide: the expected answer of every lab task"),
    ("*/08-achievements/03-class-report.ipynb", "lecturer's tool: reads the class gradebook"),
)
# Why the folders outside the allow-list stay out (anything else: "not on the allow-list").
OUTSIDE = {
    "autograder": "nbgrader course: homework solutions and hidden tests, the grader",
    "zh/autograder": "Chinese homework sources: solutions and hidden tests",
    "tests": "the project's tests: they check the homework and lab answers",
    "translations": "translation sources (the built zh/ edition is in)",
    "tools": "maintainers' tools",
}
# nbgrader's markers around a solution and around hidden tests.
SECRET_MARKERS = ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS")
CUT = re.compile(r"^<!-- student-edition: cut -->$.*?^<!-- student-edition: end -->\n?",
                 re.DOTALL | re.MULTILINE)
# A Markdown link or image: [text](target#anchor "title").
LINK = re.compile(r"(?P<bang>!?)\[(?P<text>[^\]]*)\]\((?P<target>[^)\s#]*)(?P<rest>[^)]*)\)")
GONE = (" (in the full repository)", "（见完整仓库）")
EDITION_NOTE = "EDITION.md"


@dataclass
class Edition:
    """What `build` copied and what it left out (path, reason)."""

    out: Path
    kept: list[str] = field(default_factory=list)
    left_out: list[tuple[str, str]] = field(default_factory=list)


def rule_out(path: str) -> str | None:
    """Why the file `path` (relative to the repository, "/"-separated) stays out of the
    student edition by its name alone, or None if it may go in.

    >>> rule_out("labs/lab01-build-a-chain/LECTURER.md")
    "lecturer's guide: the expected answer of every lab task"
    >>> rule_out("autograder/source/hw01-basics/hw01-basics.ipynb")
    'nbgrader course: homework solutions and hidden tests, the grader'
    >>> rule_out("zh/labs/lab02-node-voting/lab02-node-voting.ipynb") is None
    True
    """
    for pattern, reason in DENY:
        if fnmatch.fnmatch(path, pattern):
            return reason
    if any(path == allowed or (allowed.endswith("/") and path.startswith(allowed))
           for allowed in ALLOW):
        return None
    parts = path.split("/")
    for depth in (2, 1):
        if "/".join(parts[:depth]) in OUTSIDE:
            return OUTSIDE["/".join(parts[:depth])]
    return "not on the student allow-list"


def secret_in(text: str) -> str | None:
    """Why a file with this text must stay out (nbgrader solution or hidden-test markers),
    or None.

    >>> secret_in("x = 1\\n### BEGIN HIDDEN TESTS\\nassert x == 1")
    'holds nbgrader text: BEGIN HIDDEN TESTS'
    >>> secret_in("print('hello')") is None
    True
    """
    for marker in SECRET_MARKERS:
        if marker in text:
            return f"holds nbgrader text: {marker}"
    return None


def graded_cells(notebook: nbformat.NotebookNode) -> int:
    """How many cells of a notebook nbgrader treats as a solution or a graded test.

    >>> cell = nbformat.v4.new_code_cell("x = 1", metadata={"nbgrader": {"solution": True}})
    >>> graded_cells(nbformat.v4.new_notebook(cells=[cell]))
    1
    """
    return sum(1 for cell in notebook.cells
               if cell.get("metadata", {}).get("nbgrader", {}).get("solution")
               or cell.get("metadata", {}).get("nbgrader", {}).get("grade"))


def cut_lecturer_parts(text: str) -> str:
    """A guide without its lecturer-only passages (between the cut and end markers).

    >>> cut_lecturer_parts("a\\n<!-- student-edition: cut -->\\nkey: 42\\n"
    ...                    "<!-- student-edition: end -->\\nb")
    'a\\nb'
    """
    return CUT.sub("", text)


def relink(text: str, here: str, present: set[str], chinese: bool = False) -> str:
    """Turn every relative link of `text` (a file at `here`) whose target is not in the
    edition (`present`: its file paths) into plain text that says where the target is.

    >>> relink("See [the key](LECTURER.md) and [lab](lab.ipynb).", "labs/a/x.md",
    ...        {"labs/a/lab.ipynb"})
    'See the key (in the full repository) and [lab](lab.ipynb).'
    >>> relink("[作业](../autograder/)", "zh/x.md", set(), chinese=True)
    '作业（见完整仓库）'
    """

    def fix(match: re.Match[str]) -> str:
        target = match["target"]
        if not target or "://" in target or target.startswith(("/", "mailto:")):
            return match[0]
        aimed = posixpath.normpath(posixpath.join(posixpath.dirname(here), target))
        if aimed in present or any(path.startswith(aimed + "/") for path in present):
            return match[0]
        return "" if match["bang"] else match["text"] + GONE[chinese]

    return LINK.sub(fix, text)


def tracked_files(root: Path = ROOT) -> list[str]:
    """The files git tracks in `root`, read as they are in the working tree (so nothing
    local, generated or ignored goes out)."""
    listing = subprocess.run(["git", "ls-files", "-z"], cwd=root, check=True,
                             capture_output=True).stdout.decode("utf-8")
    return sorted(path for path in listing.split("\0") if path and (root / path).is_file())


def _student_text(path: str, text: str, present: set[str]) -> str:
    """The edition's copy of a Markdown file."""
    chinese = path.startswith("zh/") or path.endswith(".zh.md")
    text = relink(cut_lecturer_parts(text), path, present, chinese)
    if path in ("README.md", "README.zh.md"):
        text = _banner(chinese) + text
    return text


def _student_notebook(path: str, notebook: nbformat.NotebookNode,
                      present: set[str]) -> nbformat.NotebookNode:
    """The edition's copy of a notebook: links to left-out files become plain text."""
    chinese = path.startswith("zh/")
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            cell.source = relink(cut_lecturer_parts(cell.source), path, present, chinese)
    return notebook


def _banner(chinese: bool) -> str:
    """The line that opens the edition's READMEs."""
    if chinese:
        return (f"> **学生版。** 这是课程的学生版：不含作业答案、隐藏测试和教师指南。"
                f"说明见 [{EDITION_NOTE}]({EDITION_NOTE})，完整仓库在 {FULL_REPOSITORY}。\n\n")
    return (f"> **Student edition.** This is the course without homework solutions, hidden "
            f"tests or lecturer guides: see [{EDITION_NOTE}]({EDITION_NOTE}); the full "
            f"repository is {FULL_REPOSITORY}.\n\n")


ZH_NOTE = (
    "这是《区块链金融应用》课程的**学生版**，由完整仓库（"
    f"{FULL_REPOSITORY}）通过 `python tools/student_edition.py build` 生成。"
    "它包含课程笔记本、实验的学生笔记本、中文版、`ledgerkit` 库（含练习及其即时检查）"
    "和锁定版本的运行环境；不含计分作业的答案和隐藏测试、附有实验参考答案的教师指南、"
    "测试和维护工具。作业通过你们课程的 JupyterHub 发放（Nbgrader → Assignment List）。"
    "教师请使用完整仓库。"
)
# One line: a line break inside a Chinese paragraph renders as a stray space.


def edition_note() -> str:
    """EDITION.md: what the student edition is, in both languages. It names no source
    commit (the publish commit's message does), so a change that students do not see, in
    the tests or the homework sources, leaves the edition identical: no new commit.

    >>> edition_note().splitlines()[0]
    '# Student edition (学生版)'
    """
    return f"""# Student edition (学生版)

This is the **student edition** of *Blockchain for Finance, hands-on*, built from the full
repository ({FULL_REPOSITORY}) by `python tools/student_edition.py build`. It has the
course, the labs' student notebooks, the Chinese edition, the `ledgerkit` library with its
practice exercises and their instant checks, and the pinned environment. It leaves out the
graded homework's solutions and hidden tests, the lecturers' guides with the labs' expected
answers, the tests and the maintainers' tools. Homework reaches you through your course's
JupyterHub (Nbgrader → Assignment List). Lecturers use the full repository.

Start with `README.md`, or `make lab` on your own computer.

{ZH_NOTE}

从 `README.zh.md` 开始，或在自己的电脑上运行 `make lab`。
"""


def _safe_out(out: Path, root: Path) -> None:
    """Refuse to wipe a folder that is not an earlier edition (or holds the repository)."""
    out, root = out.resolve(), root.resolve()
    if out == root or out in root.parents:
        raise SystemExit(f"refusing to build into {out}: it holds the repository")
    if out.exists() and any(out.iterdir()) and not (out / EDITION_NOTE).exists():
        raise SystemExit(f"refusing to empty {out}: it is not an earlier student edition")


def build(out: Path = DEFAULT_OUT, root: Path = ROOT) -> Edition:
    """Write the student edition of the repository at `root` into `out` (emptied first)."""
    _safe_out(out, root)
    shutil.rmtree(out, ignore_errors=True)
    edition = Edition(out)
    candidates = []
    for path in tracked_files(root):
        reason = rule_out(path)
        if reason:
            edition.left_out.append((path, reason))
        else:
            candidates.append(path)
    present = set(candidates)
    for path in candidates:  # content rules: a secret anywhere keeps the file out
        if path.endswith((".md", ".ipynb", ".py", ".txt", ".toml", ".json", ".yaml")):
            text = (root / path).read_text(encoding="utf-8")
            reason = secret_in(text)
            if not reason and path.endswith(".ipynb") and graded_cells(nbformat.reads(text, 4)):
                reason = "notebook with nbgrader solution or graded cells"
            if reason:
                edition.left_out.append((path, reason))
                present.discard(path)
    present.add(EDITION_NOTE)
    for path in sorted(present - {EDITION_NOTE}):
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if path.endswith(".md"):
            text = (root / path).read_text(encoding="utf-8")
            target.write_text(_student_text(path, text, present), encoding="utf-8")
        elif path.endswith(".ipynb"):
            notebook = nbformat.read(root / path, as_version=4)
            text = nbformat.writes(_student_notebook(path, notebook, present)) + "\n"
            target.write_text(text, encoding="utf-8")
        else:
            shutil.copy2(root / path, target)
        edition.kept.append(path)
    (out / EDITION_NOTE).write_text(edition_note(), encoding="utf-8")
    edition.kept.append(EDITION_NOTE)
    return edition


def _git(root: Path, *args: str, env: dict[str, str] | None = None) -> str:
    """Run git in `root`; its output, stripped."""
    done = subprocess.run(["git", *args], cwd=root, env=env, check=True,
                          capture_output=True, text=True)
    return done.stdout.strip()


def publish(out: Path, branch: str = "student", root: Path = ROOT) -> str | None:
    """Commit the built edition in `out` as the new tip of `branch` in the repository at
    `root`, without touching its working tree, index or HEAD. Returns the new commit, or
    None when the tree is the same as the branch's tip (nothing to commit)."""
    ref = f"refs/heads/{branch}"
    head = subprocess.run(["git", "symbolic-ref", "-q", "HEAD"], cwd=root,
                          capture_output=True, text=True).stdout.strip()
    if head == ref:
        raise SystemExit(f"{branch} is checked out here: publish from another branch")
    parent = subprocess.run(["git", "rev-parse", "-q", "--verify", f"{ref}^{{commit}}"],
                            cwd=root, capture_output=True, text=True).stdout.strip()
    git_dir = _git(root, "rev-parse", "--absolute-git-dir")
    with tempfile.TemporaryDirectory(prefix="student-edition-index-") as scratch:
        # A private index: the repository's own index and working tree stay as they are.
        env = {**os.environ, "GIT_INDEX_FILE": str(Path(scratch) / "index")}
        _git(out, f"--git-dir={git_dir}", f"--work-tree={out.resolve()}", "add", "--all",
             "--force", ".", env=env)
        tree = _git(out, f"--git-dir={git_dir}", "write-tree", env=env)
    if parent and _git(root, "rev-parse", f"{parent}^{{tree}}") == tree:
        return None
    source = _git(root, "rev-parse", "--short", "HEAD")
    message = (f"Student edition built from {source}\n\n"
               f"Built by `python tools/student_edition.py publish`; the full repository is "
               f"{FULL_REPOSITORY}.")
    commit = _git(root, "commit-tree", tree, *(["-p", parent] if parent else []), "-m", message)
    # Compare-and-swap: fails if someone moved the branch since we read it.
    _git(root, "update-ref", "-m", "student edition", ref, commit, parent or "0" * 40)
    return commit


def report(edition: Edition) -> str:
    """What `build` says: where it wrote, how many files, and every file it left out."""
    lines = [f"student edition: {len(edition.kept)} files in {edition.out}",
             f"left out ({len(edition.left_out)} files):"]
    folders: dict[tuple[str, str], int] = {}
    for path, reason in sorted(edition.left_out):
        if reason in OUTSIDE.values():  # a whole folder: one line for it
            folder = next(name for name, why in OUTSIDE.items() if why == reason)
            folders[folder, reason] = folders.get((folder, reason), 0) + 1
        else:
            lines.append(f"  {path}  — {reason}")
    lines += [f"  {folder}/ ({count} files)  — {reason}"
              for (folder, reason), count in sorted(folders.items())]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    for name, what in (("build", "write the student edition"),
                       ("publish", "build it, then commit it as a branch tip")):
        command = commands.add_parser(name, help=what)
        command.add_argument("--out", type=Path, default=DEFAULT_OUT,
                             help="where to build (default build/student-edition/)")
    commands.choices["publish"].add_argument("--branch", default="student",
                                             help="the branch to commit to (default student)")
    args = parser.parse_args(argv)
    edition = build(args.out)
    print(report(edition))
    if args.command == "publish":
        commit = publish(args.out, args.branch)
        if commit:
            print(f"{args.branch} is now {commit[:12]}: next, git push origin {args.branch}")
        else:
            print(f"{args.branch} already holds this edition: nothing to commit")
    return 0


if __name__ == "__main__":
    sys.exit(main())
