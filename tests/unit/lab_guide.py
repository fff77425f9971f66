"""What every lab's guide test checks: the lecturer's guide quotes what the code computes.

A lab's LECTURER.md lists its answers as markdown list items (maybe indented), one a line:

    - Expected (lab01.mine.1): `1621581`     str() of that exercise's reference answer
    - Fact (nonce-20-bits): `830361`         another quoted value, computed by the test file

A test file subclasses `LabGuideChecks`, names its lab folder and its FACTS (name -> a
function computing the value), and gets the shared checks; it adds the lab's own.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import nbformat

from ledgerkit.exercises import all_exercises, get

ROOT = Path(__file__).resolve().parents[2]
ANSWER_LINE = re.compile(r"^[ \t]*- (Expected|Fact) \(([\w.-]+)\): `([^`]*)`[ \t]*$",
                         re.MULTILINE)
CHECK_CALL = re.compile(r"""\bcheck\(\s*["']([^"']+)["']""")


class LabGuide:
    """The guide and the student notebook of one lab folder, e.g. "lab01-build-a-chain"."""

    def __init__(self, folder: str) -> None:
        self.folder = ROOT / "labs" / folder
        self.guide = self.folder / "LECTURER.md"
        self.notebook = self.folder / f"{folder}.ipynb"
        self.prefix = folder.split("-")[0] + "."

    def text(self) -> str:
        return self.guide.read_text(encoding="utf-8")

    def entries(self, kind: str) -> list[tuple[str, str]]:
        """(name, value) of every answer line of this kind, in the order of the guide."""
        return [(name, value) for found, name, value in ANSWER_LINE.findall(self.text())
                if found == kind]

    def values(self, kind: str) -> dict[str, str]:
        return dict(self.entries(kind))

    def exercise_ids(self) -> list[str]:
        return sorted(item.id for item in all_exercises() if item.id.startswith(self.prefix))

    def notebook_code(self) -> list[str]:
        notebook = nbformat.read(self.notebook, as_version=nbformat.NO_CONVERT)
        return [cell.source for cell in notebook.cells if cell.cell_type == "code"]


class LabGuideChecks:
    """Shared checks; a subclass sets `lab` and `facts` (and is named Test…)."""

    lab: LabGuide
    facts: dict[str, Callable[[], str]]

    def test_the_lab_has_exercises_and_the_guide_has_answer_lines(self):
        assert len(self.lab.exercise_ids()) >= 6
        assert self.lab.entries("Expected") and self.lab.entries("Fact")

    def test_every_lab_exercise_has_exactly_one_expected_line(self):
        named = [name for name, _ in self.lab.entries("Expected")]
        assert sorted(named) == self.lab.exercise_ids()

    def test_every_expected_answer_is_what_the_reference_computes(self):
        computed = {name: str(get(name).reference()) for name in self.lab.exercise_ids()}
        assert self.lab.values("Expected") == computed

    def test_every_fact_in_the_guide_is_known_and_each_appears_once(self):
        named = [name for name, _ in self.lab.entries("Fact")]
        assert sorted(named) == sorted(self.facts)

    def test_every_fact_is_what_the_code_computes(self):
        computed = {name: compute() for name, compute in self.facts.items()}
        assert self.lab.values("Fact") == computed

    def test_notebook_checks_exactly_the_lab_exercises_once_each(self):
        used = [found for source in self.lab.notebook_code()
                for found in CHECK_CALL.findall(source)]
        assert sorted(used) == self.lab.exercise_ids()


class NinetyMinuteSession:
    """Mixed into a lab's guide checks: its timing table adds up to a 90-minute session."""

    lab: LabGuide

    def test_the_guide_times_the_session_at_90_minutes(self):
        text = self.lab.text()
        timing = text[text.index("## Timing"):text.index("**A 60-minute session.**")]
        rows = re.findall(r"^\| [^|]+ \| [^|]+ \| (\d+) \|", timing, re.MULTILINE)
        assert sum(int(minutes) for minutes in rows) == 90
        assert "| **total** | **90** |" in timing
