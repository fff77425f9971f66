"""The Chinese edition of the course (中文版), built from the English notebooks and kept in step.

The English `.ipynb` files are the source. Each translated notebook has one translation file,
`translations/zh/<English path>.md`: plain Markdown a translator can read and edit, one
section per cell, each headed by a marker that names the cell (its stable nbformat id) and a
fingerprint of the English text it was translated from:

    <!-- cell 23f34fbe from 1b0e3a9c4f2d -->
    # 案例库：区块链金融实践

    <!-- cell c4a6c204 from 77aa01c2d3e4 -->
    ```python
    print("你好")  # 代码只翻译字符串和注释
    ```

    <!-- cell 4497a984 from 5c5d5e5f6a6b same -->

"same" keeps a code cell exactly as in English (nothing in it for a reader to translate).
`build` writes `zh/<English path>` for every translation file: the English notebook with each
cell's text replaced, outputs stripped, so relative links between notebooks keep working.
`check` lists every way the two editions have drifted apart; the tests run it.

    python tools/editions.py new course/07-simulation/02-how-many-confirmations.ipynb
    python tools/editions.py build
    python tools/editions.py check
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
EDITION = "zh"
TRANSLATIONS = ROOT / "translations" / EDITION
OUTPUT = ROOT / EDITION
SOURCE_FOLDERS = ("course", "labs", "autograder/source")
MARKER = re.compile(r"^<!-- cell (?P<id>\S+) from (?P<hash>[0-9a-f]{12})(?P<same> same)? -->$",
                    re.MULTILINE)
FENCE = re.compile(r"\A```python\n(?P<code>.*?)\n?```\Z", re.DOTALL)
LINK = re.compile(r"\]\((?P<target>[^)\s#]+)(?P<anchor>#[^)\s]*)?\)")


def fingerprint(text: str) -> str:
    """The first 12 hex digits of the SHA-256 of a cell's English text.

    >>> fingerprint("# Hello")
    '01c8de44e04d'
    """
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True)
class Translated:
    """One cell's translation: the text, the fingerprint of the English it came from, and
    whether it is kept the same as in English."""

    text: str
    from_hash: str
    same: bool = False


def parse(translation: str) -> dict[str, Translated]:
    """The cells of a translation file, by cell id.

    >>> cells = parse("<!-- cell a1 from 01c8de44e04d -->\\n# 你好\\n")
    >>> cells["a1"].text, cells["a1"].from_hash
    ('# 你好', '01c8de44e04d')
    """
    markers = list(MARKER.finditer(translation))
    cells: dict[str, Translated] = {}
    for marker, following in zip(markers, [*markers[1:], None], strict=True):
        end = following.start() if following else len(translation)
        body = translation[marker.end():end].strip("\n")
        fenced = FENCE.match(body)
        text = fenced.group("code") if fenced else body
        if marker["id"] in cells:
            raise ValueError(f"cell {marker['id']} is translated twice")
        cells[marker["id"]] = Translated(text, marker["hash"], bool(marker["same"]))
    return cells


def translation_path(english: Path) -> Path:
    """Where the translation of an English notebook lives."""
    return TRANSLATIONS / english.relative_to(ROOT).with_suffix(".md")


def edition_path(english: Path) -> Path:
    """Where the built Chinese notebook of an English notebook lives."""
    return OUTPUT / english.relative_to(ROOT)


def english_notebooks() -> list[Path]:
    """Every English notebook of the course, the labs and the homework sources."""
    return sorted(path for folder in SOURCE_FOLDERS for path in (ROOT / folder).rglob("*.ipynb")
                  if ".ipynb_checkpoints" not in path.parts)


def translated_notebooks() -> list[Path]:
    """The English notebooks that have a translation file."""
    return [path for path in english_notebooks() if translation_path(path).exists()]


class _BlankText(ast.NodeTransformer):
    """Blank what a translator may change: the text of string literals. The fields of an
    f-string stay, in sorted order, because Chinese word order may move them."""

    def visit_Constant(self, node: ast.Constant) -> ast.AST:
        return ast.Constant("") if isinstance(node.value, str) else node

    def visit_JoinedStr(self, node: ast.JoinedStr) -> ast.AST:
        fields = [self.visit(part) for part in node.values
                  if isinstance(part, ast.FormattedValue)]
        return ast.JoinedStr(sorted(fields, key=ast.dump))


def code_shape(code: str) -> str:
    """The code's syntax tree with every string's text blanked (comments are not in the
    tree): what must stay the same when a code cell is translated. IPython magics are first
    turned into the Python they run.

    >>> code_shape('print("hi", n)  # greet') == code_shape('print("你好", n)  # 打招呼')
    True
    >>> code_shape('f"{a} of {b}"') == code_shape('f"{b}的{a}"')
    True
    >>> code_shape('x = 1') == code_shape('x = 2')
    False
    """
    from IPython.core.inputtransformer2 import TransformerManager

    python = TransformerManager().transform_cell(code)
    return ast.dump(_BlankText().visit(ast.parse(python)))


def _same_code(english: str, chinese: str) -> bool:
    """True when the two code cells differ only in string literals and comments."""
    try:
        return code_shape(english) == code_shape(chinese)
    except SyntaxError:
        return english == chinese


def problems(english: Path) -> list[str]:
    """Everything wrong between one English notebook and its translation; [] when in step."""
    notebook = nbformat.read(english, as_version=4)
    where = english.relative_to(ROOT)
    try:
        cells = parse(translation_path(english).read_text(encoding="utf-8"))
    except ValueError as problem:
        return [f"{where}: {problem}"]
    found = []
    for index, cell in enumerate(notebook.cells):
        translated = cells.pop(cell.id, None)
        label = f"{where} cell {index} ({cell.id})"
        if translated is None:
            found.append(f"{label}: not translated")
            continue
        if translated.from_hash != fingerprint(cell.source):
            found.append(f"{label}: the English changed since it was translated "
                         f"(was {translated.from_hash}, now {fingerprint(cell.source)})")
        if cell.cell_type == "code" and not translated.same and not _same_code(cell.source,
                                                                               translated.text):
            found.append(f"{label}: the translated code differs from the English in more "
                         "than strings and comments")
    found += [f"{where}: cell {cell_id} is translated but no longer in the English notebook"
              for cell_id in cells]
    return found


def _in_edition(aimed: Path) -> bool:
    """True when the edition has its own copy of `aimed`: a translated notebook, or a folder
    holding one."""
    translated = translated_notebooks()
    return aimed in translated or any(aimed in path.parents for path in translated)


def _relink(text: str, english: Path) -> str:
    """Keep every relative link working from the edition's folder: a link to something the
    edition has (a translated notebook, a folder of them) stays as it is and opens the
    Chinese copy; any other link (an untranslated notebook, the autograder's README) is
    rewritten to reach the English original from the edition's deeper folder.
    """

    def fix(match: re.Match[str]) -> str:
        target = match["target"]
        if "://" in target or target.startswith(("/", "mailto:")):
            return match[0]
        aimed = (english.parent / target).resolve()
        if _in_edition(aimed):
            return match[0]
        here = edition_path(english).parent
        relative = Path(os.path.relpath(aimed, here)).as_posix()
        slash = "/" if target.endswith("/") else ""
        return f"]({relative}{slash}{match['anchor'] or ''})"

    return LINK.sub(fix, text)


def build_one(english: Path) -> nbformat.NotebookNode:
    """The Chinese notebook of `english`, in memory (raises when the two are out of step)."""
    found = problems(english)
    if found:
        raise ValueError("\n".join(found))
    notebook = nbformat.read(english, as_version=4)
    cells = parse(translation_path(english).read_text(encoding="utf-8"))
    for cell in notebook.cells:
        translated = cells[cell.id]
        if not translated.same:
            cell.source = translated.text
        if cell.cell_type == "markdown":
            cell.source = _relink(cell.source, english)
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    notebook.metadata["ledgerkit"] = {"edition": EDITION,
                                      "source": english.relative_to(ROOT).as_posix()}
    return notebook


def rendered(notebook: nbformat.NotebookNode) -> str:
    """The exact text `build` writes, so a test can compare it with the committed file."""
    return nbformat.writes(notebook) + "\n"


def build() -> list[Path]:
    """Write every Chinese notebook; returns the paths written."""
    written = []
    for english in translated_notebooks():
        target = edition_path(english)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(rendered(build_one(english)), encoding="utf-8")
        written.append(target)
    return written


def new(english: Path) -> Path:
    """Start a translation file for `english`: every cell's English text under its marker,
    ready to be replaced by Chinese."""
    target = translation_path(english)
    if target.exists():
        raise FileExistsError(f"{target.relative_to(ROOT)} exists; edit it instead")
    notebook = nbformat.read(english, as_version=4)
    sections = []
    for cell in notebook.cells:
        marker = f"<!-- cell {cell.id} from {fingerprint(cell.source)} -->"
        body = f"```python\n{cell.source}\n```" if cell.cell_type == "code" else cell.source
        sections.append(f"{marker}\n{body}\n")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("\n".join(sections), encoding="utf-8")
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("build", help="write zh/… from the translations")
    commands.add_parser("check", help="list every way the editions have drifted apart")
    start = commands.add_parser("new", help="start a translation file for one notebook")
    start.add_argument("notebook", type=Path)
    args = parser.parse_args(argv)
    if args.command == "new":
        print(new(args.notebook.resolve()).relative_to(ROOT))
        return 0
    if args.command == "build":
        for path in build():
            print(path.relative_to(ROOT))
        return 0
    found = [problem for english in translated_notebooks() for problem in problems(english)]
    print("\n".join(found) or "the editions are in step")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
