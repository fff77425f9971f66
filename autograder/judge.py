"""The judge (评判进程): test cells run in the grader's own clean process, never the student's.

A student's code runs in their kernel, and whatever it does there — rewrite later cells with
an input transformer, drop `assert` with an AST hook, replace `run_cell`, patch `ledgerkit` or
the builtins — stays there. The grader does not ask that kernel whether a test passed. For
each test cell it starts from a fresh Python process (one per notebook) that has run only the
assignment's own read-only cells, from the gradebook, in the source's order; asks the
student's kernel for the values the test names that the judge does not have (plain data, see
`autograder.wire`); and runs the test there. A student function the test calls runs in the
student's kernel, with plain data in and out. The verdict — the test cell's outputs — comes
from this process only.

Two sides, one module:

- `serve()` is the judge process (`python -m autograder.judge`), speaking JSON lines on its
  stdin/stdout;
- `Judge` is the grader's handle on it (`autograder.sandbox.SandboxExecute` uses it).

>>> names_to_fetch("assert len(order_hash) == 64\\nfor n in range(3): print(n, header)", {})
['header', 'order_hash']
"""

from __future__ import annotations

import ast
import builtins
import contextlib
import importlib
import io
import json
import os
import select
import subprocess
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from autograder.wire import StudentFunction, WireError, decode, encode

NOT_RUN = "TestsDidNotRun"
PRELOAD = "LEDGERKIT_JUDGE_PRELOAD"  # modules the judge imports before its first request


class NoJudgement(BaseException):
    """The judgement of a test cell could not be made: the values never arrived.

    A BaseException, so a test's own `except Exception` cannot swallow it."""


class StudentError(Exception):
    """A student function raised an error of a kind the judge does not know by name."""


# --- which names come from the student ---------------------------------------------------

def names_to_fetch(source: str, namespace: dict) -> list[str]:
    """Names `source` reads that neither it nor the judge's `namespace` (nor Python) defines:
    the student's values the judge must ask for.

    >>> names_to_fetch("import math\\nx = math.pi * radius\\ndef f(a): return a + b", {})
    ['b', 'radius']
    """
    tree = ast.parse(source)
    read, bound = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            (read if isinstance(node.ctx, ast.Load) else bound).add(node.id)
        elif isinstance(node, ast.alias):
            bound.add((node.asname or node.name).split(".")[0])
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound.add(node.name)
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            bound.add(node.name)
    return sorted(read - bound - set(namespace) - set(vars(builtins)))


# --- the judge process ---------------------------------------------------------------------

def serve(requests: io.TextIOBase, replies: io.TextIOBase) -> None:
    """Answer `run` requests until stdin closes; see the module docstring.

    Protocol, one JSON object a line. The grader sends {"op": "run", "cell": name,
    "source": code}; the judge replies {"op": "need", "names": [...]} and reads {"op":
    "values", "text": <wire JSON of export_names>} or {"op": "values", "error": why}; while the
    code runs, each student-function call is {"op": "call", "name", "text"} answered by
    {"op": "return", "text"} or {"op": "return", "error": why}; the run ends with {"op":
    "done", "outputs": [...]}, nbformat outputs.
    """
    namespace: dict[str, Any] = {"__name__": "__main__"}

    def send(message: dict) -> None:
        replies.write(json.dumps(message) + "\n")
        replies.flush()

    def receive() -> dict:
        line = requests.readline()
        if not line:
            raise SystemExit(0)
        return json.loads(line)

    def call(name: str, args: tuple, kwargs: dict) -> Any:
        send({"op": "call", "name": name, "text": encode({"args": list(args),
                                                          "kwargs": kwargs})})
        return _result(receive(), name)

    StudentFunction.call = staticmethod(call)
    while True:
        request = receive()
        try:
            needed = names_to_fetch(request["source"], namespace)
        except SyntaxError:  # the cell fails to compile below, and says so
            needed = []
        fetched: dict[str, Any] = {}
        if needed:
            send({"op": "need", "names": needed})
            fetched = _values(receive(), needed)
        namespace.update(fetched)
        send({"op": "done", "outputs": _run(request["source"], request["cell"], namespace)})
        for name, value in fetched.items():  # a student's value is read afresh for every
            if not isinstance(value, StudentFunction):  # cell; a function always calls the
                namespace.pop(name, None)  # student's current one, so given code keeps it


def _values(reply: dict, needed: list[str]) -> dict[str, Any]:
    """The student's values of the `needed` names, and nothing else: a kernel that sends more
    (say, its own `sha256`) must not replace what the judge defined itself."""
    if "error" in reply:
        return {"__lk_not_run": reply["error"]}
    try:
        data = decode(reply["text"])
        values = data["values"]
        if type(values) is not dict:
            raise WireError("values must be a dict")
        return {name: values[name] for name in needed if name in values}
    except (WireError, KeyError, TypeError) as error:
        return {"__lk_not_run": f"the grader could not read your answers as data ({error})"}


def _result(reply: dict, name: str) -> Any:
    if "error" in reply:
        raise NoJudgement(reply["error"])
    try:
        answer = decode(reply["text"])
    except WireError as error:
        raise NoJudgement(f"the result of {name} could not be read as data ({error})") from None
    if "error" in answer:
        ename, evalue = answer["error"]
        kind = getattr(builtins, ename, None)
        if isinstance(kind, type) and issubclass(kind, Exception):
            raise kind(evalue)
        raise StudentError(f"{ename}: {evalue}")
    return answer.get("value")


def _run(source: str, cell: str, namespace: dict) -> list[dict]:
    """Run one cell in the judge; its outputs as nbformat dicts (an error output on failure)."""
    printed = io.StringIO()
    outputs: list[dict] = []
    try:
        why = namespace.pop("__lk_not_run", None)
        if why is not None:
            raise NoJudgement(why)
        code = compile(source, f"<{cell}>", "exec")
        with contextlib.redirect_stdout(printed):
            exec(code, namespace)
    except NoJudgement as error:
        outputs.append(_error(NOT_RUN, f"Tests did not run: {error}", []))
    except Exception as error:  # a failed test: the error is the verdict
        lines = traceback.format_exception(type(error), error, error.__traceback__.tb_next)
        outputs.append(_error(type(error).__name__, str(error), [line.rstrip("\n")
                                                               for line in lines]))
    if printed.getvalue():
        outputs.insert(0, {"output_type": "stream", "name": "stdout",
                           "text": printed.getvalue()[:100_000]})
    return outputs


def _error(ename: str, evalue: str, lines: list[str]) -> dict:
    return {"output_type": "error", "ename": ename, "evalue": evalue,
            "traceback": lines or [f"{ename}: {evalue}"]}


def main() -> None:
    """The judge process: protocol on the original stdout; stray prints go to stderr. The
    modules the assignment's cells import are imported first, while the grader is still
    starting the student's kernel (`Judge(preload=...)`)."""
    replies = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)
    for module in filter(None, os.environ.get(PRELOAD, "").split(",")):
        with contextlib.suppress(Exception):  # a module that fails here fails in its cell
            importlib.import_module(module)
    serve(sys.stdin, replies)


def imported_modules(sources: list[str]) -> list[str]:
    """The modules `import` statements in `sources` name, in order, once each.

    >>> imported_modules(["from decimal import Decimal\\nimport ledgerkit.block as b", "x = 1"])
    ['decimal', 'ledgerkit.block']
    """
    found: list[str] = []
    for source in sources:
        try:
            tree = ast.parse(source)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found += [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                found.append(node.module)
    return list(dict.fromkeys(found))


# --- the grader's side ---------------------------------------------------------------------

class Judge:
    """A judge process for one notebook: `run` judges a cell and returns its outputs.

    `fetch(names) -> text` gives the student's values (wire JSON of `export_names`) and
    `call(name, text) -> text` runs a student function; either raises `NoJudgement` with
    a reason when the student's kernel cannot answer.
    """

    def __init__(self, cwd: Path, timeout: float, preload: list[str] = ()):
        self.timeout = timeout
        self.process = subprocess.Popen(
            [sys.executable, "-m", "autograder.judge"], cwd=str(cwd), text=True,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            env={**os.environ, "PYTHONPATH": _import_path(), PRELOAD: ",".join(preload)},
        )

    def run(self, cell: str, source: str, fetch: Callable[[list[str]], str],
            call: Callable[[str, str], str]) -> list[dict]:
        """Judge `source` (named `cell` in tracebacks); its nbformat outputs."""
        try:
            self._send({"op": "run", "cell": cell, "source": source})
            while True:
                message = self._receive()
                if message["op"] == "done":
                    return message["outputs"]
                if message["op"] == "need":
                    self._send({"op": "values", **_answer(fetch, message["names"])})
                elif message["op"] == "call":
                    self._send({"op": "return",
                                **_answer(call, message["name"], message["text"])})
        except (OSError, ValueError, KeyError, TimeoutError) as error:
            self.close()
            why = "the grader's check of this cell did not finish"
            return [_error(NOT_RUN, f"Tests did not run: {why} ({error}).", [])]

    @property
    def alive(self) -> bool:
        return self.process.poll() is None

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            with contextlib.suppress(OSError):
                stream.close()

    def _send(self, message: dict) -> None:
        if self.process.poll() is not None:
            raise OSError("the judge process has ended")
        self.process.stdin.write(json.dumps(message) + "\n")
        self.process.stdin.flush()

    def _receive(self) -> dict:
        ready, _, _ = select.select([self.process.stdout], [], [], self.timeout)
        if not ready:
            raise TimeoutError(f"no answer within {self.timeout:g} s")
        line = self.process.stdout.readline()
        if not line:
            raise OSError("the judge process ended")
        return json.loads(line)


def _answer(ask: Callable[..., str], *args: Any) -> dict:
    """What the student's kernel said, or why it said nothing."""
    try:
        return {"text": ask(*args)}
    except NoJudgement as why:
        return {"error": str(why)}


def _import_path() -> str:
    """The judge imports the same `autograder` and `ledgerkit` as the grader."""
    here = str(Path(__file__).resolve().parents[1])
    rest = os.environ.get("PYTHONPATH", "")
    return os.pathsep.join([here, rest]) if rest else here


if __name__ == "__main__":
    main()
