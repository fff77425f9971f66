"""Answers as plain data (答案的纯数据编码): how a student's values leave their kernel.

The grader never asks the student's kernel whether a test passed; it asks for the values the
test needs, as JSON, and runs the test itself in a clean process (`autograder.judge`). This
module is the codec both sides use. It imports only the standard library, because the
grader also sends its source text into the sandboxed kernel, where `autograder` is absent.

Plain data only: None, bool, int, float, str, bytes, Decimal, date, datetime, list, tuple,
dict, set and frozenset, nested. Exact types are kept (a tuple stays a tuple, a Decimal a
Decimal), since the tests check them. A dataclass of the course's own package (`ledgerkit`,
e.g. a `ChainDesign` of `Member`s) crosses as its class name and its compared fields, and
the judge builds it again with its own, clean class. Anything else crosses as `Unsupported`
(a student function as `StudentFunction`, which the judge calls back through the grader),
so no object of the student's can run code in the judge: an answer that is "equal to
everything" arrives as a name and nothing more.

>>> from decimal import Decimal
>>> text = encode({"A": Decimal("1.50"), "ids": ("V1", b"\\x01"), 3: {2, 1}})
>>> decode(text)
{'A': Decimal('1.50'), 'ids': ('V1', b'\\x01'), 3: {1, 2}}
>>> decode(encode(print)).__class__.__name__
'StudentFunction'
"""

from __future__ import annotations

import dataclasses
import importlib
import json
import math
from datetime import date, datetime
from decimal import Decimal
from typing import Any

# Values the judge refuses to read: bigger or deeper than any honest answer.
MAX_TEXT = 8_000_000
MAX_DEPTH = 60
# Dataclasses of this package cross as data and are rebuilt in the judge.
COURSE_PACKAGE = "ledgerkit."
# What crosses as a function the judge may call back (a lambda crosses as "<lambda>").
FUNCTION_TYPES = ("function", "builtin_function_or_method")


class WireError(ValueError):
    """The data that came back is not plain data of this codec."""


class Unsupported:
    """Stands in the judge for a value that is not plain data (a student object).

    >>> Unsupported("Chain")
    <a Chain object the grader cannot read as data>
    """

    def __init__(self, type_name: str):
        self.type_name = type_name

    def __repr__(self) -> str:
        return f"<a {self.type_name} object the grader cannot read as data>"


class StudentFunction:
    """Stands in the judge for a function the student wrote; `call` is set by the judge and
    runs the real one in the student's kernel, arguments and result as plain data.

    >>> StudentFunction("pbft_sizes")
    <the student's function pbft_sizes>
    """

    call = None  # set by the judge: (name, args, kwargs) -> value

    def __init__(self, name: str):
        self.name = name

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if StudentFunction.call is None:
            raise RuntimeError(f"{self.name} can only be called while the grader judges")
        return StudentFunction.call(self.name, args, kwargs)

    def __repr__(self) -> str:
        return f"<the student's function {self.name}>"


def to_data(value: Any, depth: int = 0) -> Any:
    """`value` as JSON-ready data; exact types only (a subclass of int is not an int).

    >>> to_data((1, Decimal("2.5")))
    {'$tuple': [1, {'$decimal': '2.5'}]}
    """
    if depth > MAX_DEPTH:
        raise WireError("the value is nested too deeply")
    kind = type(value)
    if value is None or kind in (bool, int, str):
        return value
    if kind is float:
        return value if math.isfinite(value) else {"$float": repr(value)}
    if kind is Decimal:
        return {"$decimal": str(value)}
    if kind is bytes:
        return {"$bytes": value.hex()}
    if kind is datetime:
        return {"$datetime": value.isoformat()}
    if kind is date:
        return {"$date": value.isoformat()}
    if kind in (list, tuple, set, frozenset):
        items = [to_data(item, depth + 1) for item in value]
        return items if kind is list else {f"${kind.__name__}": items}
    if kind is dict:
        if all(type(key) is str and not key.startswith("$") for key in value):
            return {key: to_data(item, depth + 1) for key, item in value.items()}
        return {"$dict": [[to_data(k, depth + 1), to_data(v, depth + 1)]
                          for k, v in value.items()]}
    if kind.__name__ in FUNCTION_TYPES and isinstance(getattr(value, "__name__", None), str):
        return {"$function": value.__name__}
    if issubclass(kind, str) and kind.__module__.startswith(COURSE_PACKAGE):
        return str.__str__(value)  # the course's bilingual text crosses as its English
    if _course_dataclass(kind):
        fields = {f.name: to_data(getattr(value, f.name), depth + 1)
                  for f in dataclasses.fields(kind) if f.init and f.compare}
        return {"$ledgerkit": [f"{kind.__module__}:{kind.__qualname__}", fields]}
    return {"$unsupported": getattr(kind, "__name__", "unknown")}


def _course_dataclass(kind: type) -> bool:
    """A dataclass defined in the course's package (its fields are what it is)."""
    module = getattr(kind, "__module__", "")
    return dataclasses.is_dataclass(kind) and isinstance(module, str) and \
        module.startswith(COURSE_PACKAGE)


def from_data(data: Any, depth: int = 0) -> Any:
    """The value `to_data` made `data` from; WireError for anything it would not make.

    >>> from_data({"$set": [1, 2]}) == {1, 2}
    True
    """
    if depth > MAX_DEPTH:
        raise WireError("the value is nested too deeply")
    if data is None or type(data) in (bool, int, float, str):
        return data
    if type(data) is list:
        return [from_data(item, depth + 1) for item in data]
    if type(data) is not dict:
        raise WireError(f"unexpected {type(data).__name__} in the data")
    tags = [key for key in data if key.startswith("$")]
    if not tags:
        return {key: from_data(item, depth + 1) for key, item in data.items()}
    if len(data) != 1:
        raise WireError("a tagged value has exactly one key")
    tag, body = tags[0], data[tags[0]]
    return _tagged(tag, body, depth)


def _tagged(tag: str, body: Any, depth: int) -> Any:
    text_tags = {"$decimal": Decimal, "$bytes": bytes.fromhex, "$date": date.fromisoformat,
                 "$datetime": datetime.fromisoformat, "$float": float,
                 "$function": StudentFunction, "$unsupported": Unsupported}
    if tag in text_tags:
        if type(body) is not str:
            raise WireError(f"{tag} needs a string")
        try:
            return text_tags[tag](body)
        except (ValueError, ArithmeticError) as error:
            raise WireError(f"{tag}: {error}") from None
    if type(body) is not list:
        raise WireError(f"{tag} needs a list")
    if tag == "$ledgerkit":
        return _course_object(body, depth)
    if tag == "$dict":
        pairs = [from_data(pair, depth + 1) for pair in body]
        if not all(type(pair) is list and len(pair) == 2 for pair in pairs):
            raise WireError("$dict needs [key, value] pairs")
        try:
            return {_hashable(k): v for k, v in pairs}
        except TypeError as error:
            raise WireError(f"$dict: {error}") from None
    items = [from_data(item, depth + 1) for item in body]
    makers = {"$tuple": tuple, "$set": set, "$frozenset": frozenset}
    if tag not in makers:
        raise WireError(f"unknown tag {tag}")
    try:
        return makers[tag](_hashable(i) for i in items) if tag != "$tuple" else tuple(items)
    except TypeError as error:
        raise WireError(f"{tag}: {error}") from None


def _course_object(body: list, depth: int) -> Any:
    """Build a ledgerkit dataclass again from its name and fields, with the judge's own class:
    only a dataclass of the course's package, only through its constructor."""
    if len(body) != 2 or type(body[0]) is not str or type(body[1]) is not dict:
        raise WireError("$ledgerkit needs [class name, fields]")
    module_name, _, qualname = body[0].partition(":")
    if not module_name.startswith(COURSE_PACKAGE) or not qualname.isidentifier():
        raise WireError(f"{body[0]} is not a class of the course")
    try:
        kind = getattr(importlib.import_module(module_name), qualname)
    except (ImportError, AttributeError):
        raise WireError(f"{body[0]} is not a class of the course") from None
    if not isinstance(kind, type) or not _course_dataclass(kind):
        raise WireError(f"{body[0]} is not a dataclass of the course")
    fields = {name: from_data(value, depth + 1) for name, value in body[1].items()}
    try:
        return kind(**fields)
    except Exception as error:  # the course's own check refused the values
        raise WireError(f"{qualname}: {error}") from None


def _hashable(value: Any) -> Any:
    """JSON has no tuples as keys: a decoded list key is made a tuple again."""
    return tuple(_hashable(v) for v in value) if type(value) is list else value


def encode(value: Any) -> str:
    """`value` as JSON text (compact, ASCII-safe).

    >>> encode([1, "a"])
    '[1,"a"]'
    """
    return json.dumps(to_data(value), separators=(",", ":"))


def decode(text: str) -> Any:
    """The value of `encode`'s text; WireError for anything else, however malformed.

    >>> decode('{"$decimal": "abc"}')
    Traceback (most recent call last):
    ...
    autograder.wire.WireError: $decimal: [<class 'decimal.ConversionSyntax'>]
    """
    if type(text) is not str or len(text) > MAX_TEXT:
        raise WireError("the answers are missing or too large")
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as error:
        raise WireError(f"not JSON: {error}") from None
    return from_data(data)


# --- the student's side: run in their kernel, where the namespace is theirs ---------------

def export_names(namespace: dict, names: list[str]) -> str:
    """The values of `names` in `namespace` as JSON: {"values": {...}, "missing": [...]}.

    A value that cannot be made data crosses as unsupported; nothing here raises.

    >>> export_names({"x": 1}, ["x", "y"])
    '{"values":{"x":1},"missing":["y"]}'
    """
    values, missing = {}, []
    for name in names:
        if name not in namespace:
            missing.append(name)
            continue
        try:
            values[name] = to_data(namespace[name])
        except Exception:  # a value that breaks while read is not an answer
            values[name] = {"$unsupported": "value"}
    return json.dumps({"values": values, "missing": missing}, separators=(",", ":"))


def call_function(namespace: dict, name: str, call_text: str) -> str:
    """Call the student's function `name` with the arguments in `call_text` (JSON of
    {"args": [...], "kwargs": {...}}) and give its result, or its error, as JSON.

    >>> call_function({"double": lambda x: 2 * x}, "double", '{"args":[21],"kwargs":{}}')
    '{"value":42}'
    """
    try:
        call = json.loads(call_text)
        result = namespace[name](*from_data(call["args"]), **from_data(call["kwargs"]))
        return json.dumps({"value": to_data(result)}, separators=(",", ":"))
    except BaseException as error:  # the student's code may raise anything, even SystemExit
        return json.dumps({"error": [type(error).__name__, str(error)[:1000]]},
                          separators=(",", ":"))
