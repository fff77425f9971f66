"""A variant per class (每班一套题): two class seeds, two sets of numbers, each graded true.

hw01-basics draws its numbers from the class seed at release (autograder/variants.py). Two
courses released with two seeds must show different questions; each class's model solution
earns all 80 automatic points in its own class; and the *answers* of one class (the numbers
a published solution or last year's notebook shows) earn only the seed-independent
question (q5, a function, 14 points) in the other.
"""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from autograder.course import open_gradebook
from autograder.steps import generate
from autograder.variants import (
    DEFAULT_SOURCE,
    PLACEHOLDER,
    SEED_FILE,
    Code,
    VariantError,
    class_seed,
    draw_values,
    has_variants,
    render_text,
)
from ledgerkit.crypto import display_hex, from_display_hex, sha256
from ledgerkit.merkle import merkle_root

HW01 = "hw01-basics"
REPO = Path(__file__).resolve().parents[2]
SEEDS = ("class-a-2026-autumn", "class-b-2026-autumn")


def _code_score(course, student: str) -> float:
    with open_gradebook(course.root) as gb:
        return float(gb.find_submission(HW01, student).code_score)


def _data(nb: nbformat.NotebookNode) -> str:
    """The read-only cells a student sees (data) and the prompts: what a class is asked."""
    return "\n".join(cell.source for cell in nb.cells
                     if cell.cell_type == "markdown" or cell.metadata.get("nbgrader", {})
                     .get("locked") and not cell.metadata["nbgrader"].get("grade"))


@pytest.fixture
def two_classes(course, tmp_path_factory):
    """The course fixture released with seed A, and a copy released with seed B."""
    import shutil

    other_root = tmp_path_factory.mktemp("class-b") / "course"
    shutil.copytree(course.root, other_root)
    other = type(course)(other_root, course.exchange, course.cell_timeout)
    for each, seed in zip((course, other), SEEDS, strict=True):
        generate(each.root, HW01, seed=seed)
    return course, other


def test_two_seeds_ask_different_questions_and_each_solution_scores_only_in_its_class(
        two_classes):
    class_a, class_b = two_classes
    released_a, released_b = class_a.released(), class_b.released()
    assert "{{" not in "".join(c.source for c in released_a.cells)
    assert _data(released_a) != _data(released_b)
    values = {seed: draw_values(DEFAULT_SOURCE, HW01, seed) for seed in SEEDS}
    for course, own, other in ((class_a, *SEEDS), (class_b, *reversed(SEEDS))):
        released = course.released()
        course.submit("own-solution", course.solution())
        course.submit("own-numbers", _with_answers(released, values[own]))
        course.submit("other-numbers", _with_answers(released, values[other]))
        course.autograde(jobs=2)
        assert _code_score(course, "own-solution") == 80
        assert _code_score(course, "own-numbers") == 80  # the literals are right here...
        assert _code_score(course, "other-numbers") == 14  # ...and wrong in the other class


def _with_answers(released: nbformat.NotebookNode, values: dict) -> nbformat.NotebookNode:
    """The released notebook answered with one class's numbers typed in as literals, as a
    student copying a published solution would (q5, a function, is the same for all)."""
    txids = ast.literal_eval(values["q4_txids"])
    root = display_hex(merkle_root([from_display_hex(t) for t in txids]))
    a, b, c = values["q6_a"], values["q6_b"], values["q6_c"]
    answers = {
        "q1-answer": f"order_hash = {sha256(values['q1_bytes']).hex()!r}",
        "q2-answer": f"genuine = {values['q2_genuine']!r}",
        "q3-answer": f"winning_nonce = {values['q3_nonce']!r}",
        "q4-answer": f"root_hex = {root!r}",
        "q5-answer": "def pbft_sizes(n):\n    f = (n - 1) // 3\n    return (f, (n + f + 2) // 2)",
        "q6-answer": f"balances = {{'alice': {50 - a - b}, 'bob': {50 + a - c}, "
                     f"'carol': {50 + b + c}}}",
    }
    answered = nbformat.from_dict(released)
    for cell in answered.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in answers:
            cell.source = answers[grade_id]
    return answered


def test_nbgraders_own_generate_gives_the_class_the_same_numbers(course, monkeypatch):
    """The formgrader's Generate button (nbgrader generate_assignment) renders with the
    class seed too, so it releases what `python -m autograder release` releases."""
    monkeypatch.setenv("LEDGERKIT_VARIANT_SEED", SEEDS[0])
    release = course.root / "release" / HW01 / f"{HW01}.ipynb"
    generate(course.root, HW01)
    ours = _data(nbformat.read(release, as_version=4))
    env = {**os.environ, "PYTHONPATH": str(REPO),
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    done = subprocess.run([sys.executable, "-m", "nbgrader", "generate_assignment", HW01,
                           "--force"], cwd=course.root, capture_output=True, text=True,
                          timeout=300, env=env)
    assert done.returncode == 0, done.stderr[-2000:]
    theirs = nbformat.read(release, as_version=4)
    assert "{{" not in "".join(cell.source for cell in theirs.cells)
    assert _data(theirs) == ours


def test_every_placeholder_of_every_assignment_has_a_value():
    for folder in sorted(p for p in DEFAULT_SOURCE.iterdir() if p.is_dir()):
        if not has_variants(DEFAULT_SOURCE, folder.name):
            continue
        values = draw_values(DEFAULT_SOURCE, folder.name, SEEDS[0])
        notebook = nbformat.read(folder / f"{folder.name}.ipynb", as_version=4)
        used = {name for cell in notebook.cells for name in PLACEHOLDER.findall(cell.source)}
        assert used, f"{folder.name} has a variant.py but no placeholder"
        assert used <= set(values), f"{folder.name}: no value for {used - set(values)}"
        for cell in notebook.cells:
            rendered = render_text(cell.source, values, cell.cell_type)
            assert not PLACEHOLDER.search(rendered)
            if cell.cell_type == "code" and not rendered.startswith("%"):
                compile(rendered, folder.name, "exec")  # every drawn value is valid Python


def test_every_variant_py_passes_its_own_doctests():
    # Collected by pytest side by side, the eight modules named "variant" would clash.
    import doctest
    import importlib.util

    for path in sorted(DEFAULT_SOURCE.glob("*/variant.py")):
        spec = importlib.util.spec_from_file_location(f"variant_{path.parent.name}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        failed, tried = doctest.testmod(module)
        assert tried > 0 and failed == 0, path.parent.name


def test_a_seed_draws_the_same_numbers_every_time_and_another_seed_others():
    first = draw_values(DEFAULT_SOURCE, HW01, SEEDS[0])
    assert first == draw_values(DEFAULT_SOURCE, HW01, SEEDS[0])
    differing = {k for k, v in draw_values(DEFAULT_SOURCE, HW01, SEEDS[1]).items()
                 if first[k] != v}
    assert len(differing) >= 8, differing


def test_a_placeholder_without_a_value_is_refused_with_its_name():
    with pytest.raises(VariantError, match=r"\{\{amount\}\}.*draw\(\)"):
        render_text("pay {{amount}}", {}, "markdown")
    assert render_text("x = {{v}}", {"v": Code("[1,\n 2]")}, "code") == "x = [1,\n 2]"
    assert render_text("{{v}}", {"v": b"Pay 1 yuan"}, "markdown") == "Pay 1 yuan"


def test_the_class_seed_comes_from_the_environment_or_a_private_file(tmp_path, monkeypatch):
    monkeypatch.delenv("LEDGERKIT_VARIANT_SEED", raising=False)
    seed = class_seed(tmp_path)
    assert re.fullmatch(r"[0-9a-f]{32}", seed)
    assert (tmp_path / SEED_FILE).stat().st_mode & 0o077 == 0  # the lecturer's only
    assert class_seed(tmp_path) == seed  # kept for the semester
    monkeypatch.setenv("LEDGERKIT_VARIANT_SEED", "from-the-environment")
    assert class_seed(tmp_path) == "from-the-environment"
    monkeypatch.delenv("LEDGERKIT_VARIANT_SEED")
    (tmp_path / SEED_FILE).write_text("\n")
    with pytest.raises(VariantError, match="empty"):
        class_seed(tmp_path)
