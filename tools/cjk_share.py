"""How Chinese is each edition? The share of CJK characters in the text a learner reads.

Learner-facing text is a notebook's Markdown cells plus the comments and string literals of
its code cells, and the guides' prose. Code spans, links' targets, maths and URLs are left
out, since they stay Latin in both editions. The share is CJK characters / (CJK characters +
Latin letters): about 0 for the English edition, and the closer to 1 the better for the
Chinese one (names of code, protocols and people keep it below 1).

    python tools/cjk_share.py          # one line per edition, then the notebooks still English
"""

from __future__ import annotations

import io
import re
import sys
import tokenize
from dataclasses import dataclass
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))
import editions  # noqa: E402  (the sibling tool; tools/ is not a package)

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
LATIN = re.compile(r"[A-Za-z]")
NOT_PROSE = re.compile(r"```.*?```|`[^`]*`|\$[^$]*\$|\]\([^)]*\)|https?://\S+|<[^>]+>",
                       re.DOTALL)


@dataclass
class Count:
    """CJK characters and Latin letters seen so far."""

    cjk: int = 0
    latin: int = 0

    def add(self, text: str) -> None:
        prose = NOT_PROSE.sub(" ", text)
        self.cjk += len(CJK.findall(prose))
        self.latin += len(LATIN.findall(prose))

    @property
    def share(self) -> float:
        """CJK / (CJK + Latin), 0 for no text at all.

        >>> counted = Count(); counted.add("区块链 blockchain `code`"); round(counted.share, 2)
        0.23
        """
        total = self.cjk + self.latin
        return self.cjk / total if total else 0.0


def code_text(source: str) -> str:
    """The comments and string literals of a code cell: the part a reader reads as text."""
    found = []
    try:
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            if token.type in (tokenize.COMMENT, tokenize.STRING):
                found.append(token.string)
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return ""
    return "\n".join(found)


def count_notebook(path: Path, into: Count) -> None:
    for cell in nbformat.read(path, as_version=4).cells:
        into.add(cell.source if cell.cell_type == "markdown" else code_text(cell.source))


def measure() -> dict[str, Count]:
    """The counts of the English edition (the sources) and of the Chinese one (zh/)."""
    english, chinese = Count(), Count()
    for path in editions.english_notebooks():
        count_notebook(path, english)
    for path in editions.english_documents():
        english.add(path.read_text(encoding="utf-8"))
    for path in sorted(editions.OUTPUT.rglob("*.ipynb")):
        count_notebook(path, chinese)
    for path in editions.translated_documents():
        built = editions.edition_path(path)
        if built.exists():  # a guide being translated right now is not built yet
            chinese.add(built.read_text(encoding="utf-8"))
    return {"en": english, "zh": chinese}


def main() -> int:
    counts = measure()
    total = len(editions.english_notebooks()) + len(editions.english_documents())
    done = len(editions.translated_notebooks()) + len(editions.translated_documents())
    for name, count in counts.items():
        print(f"{name}: CJK share {count.share:.1%} ({count.cjk:,} CJK characters, "
              f"{count.latin:,} Latin letters)")
    print(f"translated: {done} of {total} notebooks and guides")
    for path in editions.english_notebooks():
        if path not in editions.translated_notebooks():
            print(f"  still English only: {path.relative_to(editions.ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
