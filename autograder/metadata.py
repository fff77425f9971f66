"""nbgrader's check of cell metadata (单元格元数据校验), with its JSON schema compiled once.

Before and after running a submission, nbgrader checks the nbgrader metadata of every cell
against its JSON schema (`CheckCellMetadata`). It does so with `jsonschema.validate`, which
first checks the *schema itself* against the JSON Schema meta-schema, on every cell of every
notebook: CPU time on every student for a schema that never changes.
`CheckCellMetadata` here runs nbgrader's very same checks (its validator class, its error
messages) with the schema checked and compiled once per grading process.

nbgrader_config.py puts it in place of nbgrader's step in both lists of autograde steps.

    >>> from nbformat.v4 import new_code_cell, new_notebook
    >>> cell = new_code_cell("x = 1")
    >>> cell.metadata["nbgrader"] = {"schema_version": 3, "grade": False, "solution": True,
    ...                              "locked": False, "grade_id": "q1"}
    >>> _ = CheckCellMetadata().preprocess(new_notebook(cells=[cell]), {})
    >>> cell.metadata["nbgrader"]["solution"] = "yes"
    >>> CheckCellMetadata().preprocess(new_notebook(cells=[cell]), {})
    Traceback (most recent call last):
    ...
    jsonschema.exceptions.ValidationError: Notebook failed to validate; ...
"""

from __future__ import annotations

import traceback
from functools import cache
from typing import Any

import jsonschema
from nbformat import NotebookNode
from nbgrader.nbgraderformat import MetadataValidator, ValidationError
from nbgrader.nbgraderformat.common import BaseMetadataValidator
from nbgrader.preprocessors import CheckCellMetadata as NbgraderCheckCellMetadata


@cache
def _compiled_schema() -> Any:
    """A jsonschema validator for nbgrader's current metadata schema: checked, then kept."""
    schema = MetadataValidator().schema
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


class _SchemaCheckedOnce(BaseMetadataValidator):
    """The schema step of nbgrader's cell check, without re-checking the schema each time.

    A cell of another schema version goes to nbgrader's own check, for its own error.
    """

    def validate_cell(self, cell: NotebookNode) -> None:
        meta = cell.metadata.get("nbgrader")
        if meta is None or meta.get("schema_version", 0) != self.schema_version:
            super().validate_cell(cell)
            return
        error = jsonschema.exceptions.best_match(
            _compiled_schema().iter_errors(meta))
        if error is not None:
            raise error


class _MetadataValidator(MetadataValidator, _SchemaCheckedOnce):
    """nbgrader's validator; its `validate_cell` reaches `_SchemaCheckedOnce` through
    `super()`, in place of nbgrader's base class."""


class CheckCellMetadata(NbgraderCheckCellMetadata):
    """nbgrader's `CheckCellMetadata` step with the schema compiled once per process."""

    def preprocess(self, nb: NotebookNode, resources: dict) -> tuple[NotebookNode, dict]:
        try:
            _MetadataValidator().validate_nb(nb)
        except ValidationError:
            # nbgrader's own handling: the details to the log, a plain message to the caller
            self.log.error(traceback.format_exc())
            msg = "Notebook failed to validate; the nbgrader metadata may be corrupted."
            self.log.error(msg)
            raise ValidationError(msg) from None
        return nb, resources
