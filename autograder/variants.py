"""A variant per class (每班一套题): homework numbers drawn from the lecturer's secret seed.

An assignment's source notebook may hold placeholders, `{{name}}`, in any cell: the prompt,
a read-only data cell, the model solution and the hidden tests. Beside the notebook, a file
`variant.py` defines `draw(rng)`, which returns the value of every placeholder for one class,
drawn with `rng` (a `random.Random` seeded from the class seed and the assignment's name).
`release` renders the notebook with the class's values into `variant-source/` and hands
that to nbgrader, so the gradebook, the student version and the hidden tests all hold this
class's numbers; grading needs no seed. Published solutions and last year's answers do not
answer this year's homework.

nbgrader's own generate step renders too (`autograder.variant_step.RenderVariant`, first in
the course's `GenerateAssignment.preprocessors`), so the formgrader's Generate button gives
the class the same numbers as `release`.

In a code cell a placeholder becomes the value's `repr()` (`Code` values go in as they are);
in a markdown cell, readable text (thousands separators, bytes as text).

The class seed is the lecturer's secret: `LEDGERKIT_VARIANT_SEED` if set, else the file
`variant-seed.txt` in the course folder, made with a random seed on first use (mode 0600,
never committed). Keep it for the whole semester: a new seed makes new questions.

>>> values = draw_values(DEFAULT_SOURCE, "hw01-basics", "class-of-2026")
>>> values == draw_values(DEFAULT_SOURCE, "hw01-basics", "class-of-2026")
True
>>> values == draw_values(DEFAULT_SOURCE, "hw01-basics", "another-class")
False
"""

from __future__ import annotations

import importlib.util
import os
import random
import re
import secrets
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import nbformat

DEFAULT_SOURCE = Path(__file__).resolve().parent / "source"
VARIANT_FILE = "variant.py"
SEED_FILE = "variant-seed.txt"
SEED_VARIABLE = "LEDGERKIT_VARIANT_SEED"
RENDERED = "variant-source"
PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")


class Code(str):
    """A value that goes into a code cell as it is written, not as its repr().

    >>> render_text("x = {{v}}", {"v": Code("Decimal('1.5')")}, "code")
    "x = Decimal('1.5')"
    """


class VariantError(ValueError):
    """A placeholder without a value, or an assignment whose variant cannot be drawn."""


def has_variants(source_dir: Path, assignment: str) -> bool:
    """True when the assignment's source folder has a `variant.py`.

    >>> has_variants(DEFAULT_SOURCE, "hw01-basics")
    True
    """
    return (Path(source_dir) / assignment / VARIANT_FILE).is_file()


def class_seed(course_dir: Path) -> str:
    """The class seed: `LEDGERKIT_VARIANT_SEED`, else `variant-seed.txt` in the course
    folder, created with a random seed the first time (readable by the lecturer only)."""
    seed = os.environ.get(SEED_VARIABLE, "").strip()
    if seed:
        return seed
    path = Path(course_dir) / SEED_FILE
    if not path.is_file():
        path.write_text(secrets.token_hex(16) + "\n", encoding="utf-8")
        path.chmod(0o600)
    seed = path.read_text(encoding="utf-8").strip()
    if not seed:
        raise VariantError(f"{path} is empty: write a secret seed in it (any text), or set "
                           f"{SEED_VARIABLE}")
    return seed


def draw_values(source_dir: Path, assignment: str, seed: str) -> dict[str, Any]:
    """The placeholder values of `assignment` for the class with `seed`."""
    path = Path(source_dir) / assignment / VARIANT_FILE
    spec = importlib.util.spec_from_file_location(f"variant_{assignment.replace('-', '_')}",
                                                  path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    # A string seed is hashed by random (SHA-512), so the draw is the same on every machine.
    return module.draw(random.Random(f"{seed}/{assignment}"))


def render_text(text: str, values: dict[str, Any], cell_type: str) -> str:
    """`text` with every `{{name}}` replaced; VariantError for a name without a value.

    >>> render_text("Pay {{amount}} yuan: {{amount}}", {"amount": 1200}, "markdown")
    'Pay 1,200 yuan: 1,200'
    >>> render_text("amount = {{amount}}", {"amount": 1200}, "code")
    'amount = 1200'
    """
    def value(match: re.Match) -> str:
        name = match.group(1)
        if name not in values:
            raise VariantError(f"no value for the placeholder {{{{{name}}}}}: add it to "
                               f"draw() in {VARIANT_FILE}")
        return _as_code(values[name]) if cell_type == "code" else _as_text(values[name])

    return PLACEHOLDER.sub(value, text)


def _as_code(value: Any) -> str:
    return str(value) if isinstance(value, Code) else repr(value)


def _as_text(value: Any) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8")
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


def render_notebook(nb: nbformat.NotebookNode, values: dict[str, Any]) -> nbformat.NotebookNode:
    """A copy of `nb` with every placeholder filled in."""
    nb = nbformat.from_dict(nb)
    for cell in nb.cells:
        cell.source = render_text(cell.source, values, cell.cell_type)
    return nb


def render_assignment(source_dir: Path, assignment: str, values: dict[str, Any],
                      target_root: Path) -> Path:
    """Copy `source_dir/assignment` to `target_root/assignment` (made afresh) with every
    notebook's placeholders filled in from `values`; returns the copy's folder."""
    target = Path(target_root) / assignment
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(Path(source_dir) / assignment, target,
                    ignore=shutil.ignore_patterns(VARIANT_FILE, "__pycache__"))
    for path in target.glob("*.ipynb"):
        nbformat.write(render_notebook(nbformat.read(path, as_version=4), values), path)
    return target


def rendered_source(course_dir: Path, assignment: str, source_dir: Path, seed: str,
                    lang: str = "en") -> Path:
    """Render `source_dir/assignment` (the English source, or an edition's) for the class
    with `seed` into `course_dir/variant-source/<lang>/` and return that folder, to give
    nbgrader as its source directory. The values are always drawn by the English source's
    `variant.py`: both editions of a class get the same numbers, as they share a gradebook."""
    values = draw_values(Path(course_dir) / "source", assignment, seed)
    target_root = Path(course_dir) / RENDERED / lang
    render_assignment(source_dir, assignment, values, target_root)
    return target_root

