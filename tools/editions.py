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
Guides and READMEs are translated the same way, one section per heading
(`<!-- section timing from … -->`). In a homework, answer and test cells stay "same", so
both editions share grade ids and checksums.

`build` writes `zh/<English path>` for every translation that is in step (and README.zh.md
beside the README): the English notebook with each cell's text replaced, outputs stripped,
links pointed at the Chinese copy where one exists. `check` lists every way the two editions
have drifted apart; the tests run it.

    python tools/editions.py new course/07-simulation/04-how-many-confirmations.ipynb
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

from ledgerkit.i18n import EDITION_MARKER  # a kernel in a folder under this file starts in zh

ROOT = Path(__file__).resolve().parents[1]
EDITION = "zh"
TRANSLATIONS = ROOT / "translations" / EDITION
OUTPUT = ROOT / EDITION
SOURCE_FOLDERS = ("course", "labs", "autograder/source")
MARKER = re.compile(r"^<!-- (?P<kind>cell|section) (?P<id>\S+) from (?P<hash>[0-9a-f]{12})"
                    r"(?P<same> same)? -->$", re.MULTILINE)
# Guides and READMEs: translated section by section (a section runs from one heading to the
# next); the top README's Chinese twin sits beside it, the others under zh/.
DOCUMENTS = ("README.md", "labs/README.md", "labs/*/LECTURER.md", "autograder/README.md",
             "binder/hub/README.md")
HEADING = re.compile(r"^#{1,6} ")
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
        fenced = FENCE.match(body) if marker["kind"] == "cell" else None
        text = fenced.group("code") if fenced else body
        if marker["id"] in cells:
            raise ValueError(f"cell {marker['id']} is translated twice")
        cells[marker["id"]] = Translated(text, marker["hash"], bool(marker["same"]))
    return cells


def translation_path(english: Path) -> Path:
    """Where the translation of an English notebook or document lives."""
    return TRANSLATIONS / english.relative_to(ROOT).with_suffix(".md")


def edition_path(english: Path) -> Path:
    """Where the built Chinese notebook or document of an English one lives."""
    if english == ROOT / "README.md":
        return ROOT / "README.zh.md"
    return OUTPUT / english.relative_to(ROOT)


def sections(document: str) -> dict[str, str]:
    """A Markdown document cut at its headings, keyed by a slug of each English heading
    ("top" for the text before the first); headings inside code fences do not count.

    >>> list(sections("Intro\\n# Goals\\nLearn.\\n```\\n# no\\n```\\n## Goals\\nMore."))
    ['top', 'goals', 'goals-2']
    """
    found: dict[str, list[str]] = {"top": []}
    current, fenced = "top", False
    for line in document.splitlines():
        if line.startswith("```"):
            fenced = not fenced
        if HEADING.match(line) and not fenced:
            slug = re.sub(r"[^a-z0-9]+", "-", line.lstrip("#").strip().lower()).strip("-")
            current = slug or "section"
            suffix = 2
            while current in found:
                current, suffix = f"{slug}-{suffix}", suffix + 1
            found[current] = []
        found[current].append(line)
    return {key: "\n".join(lines).strip("\n") for key, lines in found.items()
            if key != "top" or any(line.strip() for line in lines)}


def english_documents() -> list[Path]:
    """The guides and READMEs that have a Chinese edition or may get one."""
    return sorted(path for pattern in DOCUMENTS for path in ROOT.glob(pattern))


def translated_documents() -> list[Path]:
    """The English documents that have a translation file."""
    return [path for path in english_documents() if translation_path(path).exists()]


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


def _outrun(label: str, translated: Translated, english_text: str) -> list[str]:
    """[] when `translated` was made from `english_text`; else the one problem, worded."""
    now = fingerprint(english_text)
    if translated.from_hash == now:
        return []
    return [f"{label}: the English changed since it was translated "
            f"(was {translated.from_hash}, now {now})"]


def document_problems(english: Path, translated: dict[str, Translated]) -> list[str]:
    """Everything wrong between one English document and its translated sections."""
    where = english.relative_to(ROOT)
    found = []
    for key, text in sections(english.read_text(encoding="utf-8")).items():
        section = translated.pop(key, None)
        if section is None:
            found.append(f"{where} section {key}: not translated")
        else:
            found += _outrun(f"{where} section {key}", section, text)
    found += [f"{where}: section {key} is translated but no longer in the English document"
              for key in translated]
    return found


def problems(english: Path) -> list[str]:
    """Everything wrong between one English notebook (or document) and its translation;
    [] when the two are in step."""
    where = english.relative_to(ROOT)
    try:
        cells = parse(translation_path(english).read_text(encoding="utf-8"))
    except ValueError as problem:
        return [f"{where}: {problem}"]
    if english.suffix == ".md":
        return document_problems(english, cells)
    notebook = nbformat.read(english, as_version=4)
    found = []
    for index, cell in enumerate(notebook.cells):
        translated = cells.pop(cell.id, None)
        label = f"{where} cell {index} ({cell.id})"
        if translated is None:
            found.append(f"{label}: not translated")
            continue
        found += _outrun(label, translated, cell.source)
        if cell.cell_type == "code" and not translated.same and not _same_code(cell.source,
                                                                               translated.text):
            found.append(f"{label}: the translated code differs from the English in more "
                         "than strings and comments")
        if _graded(cell) and not translated.same:
            found.append(f"{label}: an nbgrader answer or test cell must stay the same in "
                         "both editions, so grade ids and checksums agree: mark it 'same' and "
                         "make its messages bilingual with ledgerkit.i18n.say")
    found += [f"{where}: cell {cell_id} is translated but no longer in the English notebook"
              for cell_id in cells]
    return found


def _graded(cell: nbformat.NotebookNode) -> bool:
    """True for a cell nbgrader grades or a student answers in: a test or an answer cell. Its
    source and checksum decide the score, so a homework's two editions must share it. A
    read-only cell that only instructs (a locked task text) may be translated."""
    marks = cell.get("metadata", {}).get("nbgrader", {})
    return any(marks.get(kind) for kind in ("solution", "grade"))


def translated_sources() -> list[Path]:
    """Every English notebook and document that has a translation file."""
    return [*translated_notebooks(), *translated_documents()]


def _twin(aimed: Path, translated: list[Path]) -> Path | None:
    """The edition's own copy of `aimed` (one of the `translated` sources, or a folder
    holding one), or None when the edition has none."""
    if aimed in translated:
        return edition_path(aimed)
    if aimed.is_relative_to(ROOT) and any(aimed in path.parents for path in translated):
        return OUTPUT / aimed.relative_to(ROOT)
    return None


def _relink(text: str, english: Path, translated: list[Path]) -> str:
    """Keep every relative link working from where the Chinese copy lives: a link to
    something the edition has (a translated notebook, a folder of them) opens the Chinese
    copy; any other (an untranslated notebook, the autograder's guide) opens the English.
    """

    def fix(match: re.Match[str]) -> str:
        target = match["target"]
        if "://" in target or target.startswith(("/", "mailto:")):
            return match[0]
        aimed = (english.parent / target).resolve()
        destination = _twin(aimed, translated) or aimed
        relative = Path(os.path.relpath(destination, edition_path(english).parent)).as_posix()
        slash = "/" if target.endswith("/") else ""
        return f"]({relative}{slash}{match['anchor'] or ''})"

    return LINK.sub(fix, text)


def build_document(english: Path) -> str:
    """The Chinese text of an English document (raises when the two are out of step)."""
    found = problems(english)
    if found:
        raise ValueError("\n".join(found))
    translated = parse(translation_path(english).read_text(encoding="utf-8"))
    source = translation_path(english).relative_to(ROOT).as_posix()
    note = (f"<!-- 由 tools/editions.py 根据 {source} 生成，请勿直接修改 / generated from "
            f"{source}: edit that file, then run python tools/editions.py build -->")
    body = "\n\n".join(translated[key].text
                        for key in sections(english.read_text(encoding="utf-8")))
    return f"{note}\n\n{_relink(body, english, translated_sources())}\n"


def build_one(english: Path) -> nbformat.NotebookNode:
    """The Chinese notebook of `english`, in memory (raises when the two are out of step)."""
    found = problems(english)
    if found:
        raise ValueError("\n".join(found))
    notebook = nbformat.read(english, as_version=4)
    cells = parse(translation_path(english).read_text(encoding="utf-8"))
    sources = translated_sources()  # listed once: every link of the notebook is checked in it
    for cell in notebook.cells:
        translated = cells[cell.id]
        if not translated.same:
            cell.source = translated.text
        if cell.cell_type == "markdown":
            cell.source = _relink(cell.source, english, sources)
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    notebook.metadata["ledgerkit"] = {"edition": EDITION,
                                      "source": english.relative_to(ROOT).as_posix()}
    return notebook


def rendered(notebook: nbformat.NotebookNode) -> str:
    """The exact text `build` writes, so a test can compare it with the committed file."""
    return nbformat.writes(notebook) + "\n"


def build() -> list[Path]:
    """Write every Chinese notebook and document that is in step with its English source;
    returns the paths written. One that is out of step is left as it was (`check` says why),
    so translators working on different files never block each other."""
    written = []
    for english in translated_sources():
        if problems(english):
            continue
        target = edition_path(english)
        target.parent.mkdir(parents=True, exist_ok=True)
        text = (build_document(english) if english.suffix == ".md"
                else rendered(build_one(english)))
        target.write_text(text, encoding="utf-8")
        written.append(target)
        if (ROOT / "autograder" / "source") in english.parents:
            # A homework folder is released on its own, without zh/ around it: it carries the
            # edition's marker itself, so a student's kernel starts in Chinese.
            marker = target.parent / EDITION_MARKER
            marker.write_text(f"{EDITION}\n", encoding="utf-8")
            written.append(marker)
    return written


def new(english: Path) -> Path:
    """Start a translation file for `english`: every cell's English text under its marker,
    ready to be replaced by Chinese."""
    target = translation_path(english)
    if target.exists():
        raise FileExistsError(f"{target.relative_to(ROOT)} exists; edit it instead")
    if english.suffix == ".md":
        parts = sections(english.read_text(encoding="utf-8"))
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("\n".join(f"<!-- section {key} from {fingerprint(text)} -->\n{text}\n"
                                     for key, text in parts.items()), encoding="utf-8")
        return target
    notebook = nbformat.read(english, as_version=4)
    cells = []
    for cell in notebook.cells:
        marker = f"<!-- cell {cell.id} from {fingerprint(cell.source)} -->"
        body = f"```python\n{cell.source}\n```" if cell.cell_type == "code" else cell.source
        cells.append(f"{marker}\n{body}\n")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("\n".join(cells), encoding="utf-8")
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("build", help="write zh/… from the translations")
    commands.add_parser("check", help="list every way the editions have drifted apart")
    start = commands.add_parser("new", help="start a translation of a notebook or a guide")
    start.add_argument("notebook", type=Path)
    args = parser.parse_args(argv)
    if args.command == "new":
        print(new(args.notebook.resolve()).relative_to(ROOT))
        return 0
    if args.command == "build":
        for path in build():
            print(path.relative_to(ROOT))
    found = [problem for english in translated_sources()
             for problem in problems(english)]
    print("\n".join(found) or "the editions are in step")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
