"""Every course notebook ends with a "Next" link whose relative target exists, so a learner
always knows where to go on; the last notebook of the course leads back to the start page."""

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
COURSE = ROOT / "course"
NOTEBOOKS = sorted(p for p in COURSE.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
NEXT = re.compile(r"\*\*Next:\*\*(.*)", re.DOTALL)
LINK = re.compile(r"\[[^\]]+\]\(([^)\s]+)\)")


def next_targets(path: Path) -> list[str]:
    """The link targets of the "**Next:**" paragraph in the notebook's last cell."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    last = cells[-1]
    source = "".join(last["source"]) if isinstance(last["source"], list) else last["source"]
    match = NEXT.search(source) if last["cell_type"] == "markdown" else None
    return LINK.findall(match.group(1)) if match else []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[str(p.relative_to(COURSE)) for p in NOTEBOOKS])
def test_every_course_notebook_ends_with_a_next_link_that_exists(path):
    targets = next_targets(path)
    assert targets, f"{path.relative_to(ROOT)}: last cell has no **Next:** link"
    for target in targets:
        assert not re.match(r"[a-z]+://", target), f"{target}: Next links stay in the course"
        assert (path.parent / target.split("#")[0]).resolve().exists(), f"{target} does not exist"


def test_the_last_notebook_leads_back_to_the_start_page():
    targets = next_targets(COURSE / "08-achievements" / "03-class-report.ipynb")
    assert "../00-resources/00-start-here.ipynb" in targets


def test_a_notebook_without_next_is_caught(tmp_path):
    notebook = tmp_path / "x.ipynb"
    notebook.write_text(json.dumps({"cells": [
        {"cell_type": "markdown", "metadata": {}, "source": "## Summary\n\n**See also:** [a](a)"}
    ]}), encoding="utf-8")
    assert next_targets(notebook) == []
