"""The judge's own rules, without a kernel: only the names a test reads cross from the
student, and a student function crosses as a name.

(The whole judge, with real nbgrader and real cheats, is tried in test_kernel_tampering.py.)
"""

from __future__ import annotations

import json

from autograder.judge import _values, names_to_fetch
from autograder.wire import StudentFunction


def test_only_the_names_a_test_reads_are_taken_from_the_student():
    sheet = {"values": {"order_hash": "0" * 64, "sha256": {"$function": "fake"}},
             "missing": []}
    taken = _values({"text": json.dumps(sheet)}, ["order_hash"])
    assert taken == {"order_hash": "0" * 64}  # the judge keeps its own sha256


def test_a_student_function_crosses_as_a_name_and_unreadable_data_as_a_reason():
    taken = _values({"text": json.dumps({"values": {"f": {"$function": "f"}}})}, ["f"])
    assert isinstance(taken["f"], StudentFunction) and taken["f"].name == "f"
    assert "could not read" in _values({"text": "{not json"}, ["f"])["__lk_not_run"]


def test_names_the_judge_defines_are_never_asked_for():
    assert names_to_fetch("assert order_hash == sha256(b'x').hex()", {"sha256": object()}) \
        == ["order_hash"]
