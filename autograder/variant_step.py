"""nbgrader's generate step renders this class's numbers first (出题前先填入本班数字).

See `autograder.variants`. This step lives apart so that drawing a class's numbers (and the
assignments' `variant.py`) does not have to import nbgrader.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbgrader.preprocessors import NbGraderPreprocessor

from autograder.variants import (
    PLACEHOLDER,
    VARIANT_FILE,
    VariantError,
    class_seed,
    draw_values,
    has_variants,
    render_notebook,
)


class RenderVariant(NbGraderPreprocessor):
    """nbgrader's generate step, first of all: an assignment notebook that still holds
    placeholders (the formgrader's Generate, `nbgrader generate_assignment`) is rendered with
    the class seed of the course it is generated in. One already rendered passes unchanged."""

    def preprocess(self, nb: nbformat.NotebookNode, resources: dict) -> tuple:
        if not any(PLACEHOLDER.search(cell.source) for cell in nb.cells):
            return nb, resources
        assignment = resources["nbgrader"]["assignment"]
        root = Path(self.config.CourseDirectory.root or ".")
        if not has_variants(root / "source", assignment):
            raise VariantError(f"{assignment} holds {{{{placeholders}}}} but source/{assignment}"
                               f"/{VARIANT_FILE} is missing: add draw(rng) there")
        values = draw_values(root / "source", assignment, class_seed(root))
        return render_notebook(nb, values), resources
