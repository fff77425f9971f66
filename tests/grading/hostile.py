"""Hostile and broken submissions of hw01-basics, for the grading tests (恶意提交).

Each builder takes what a student could start from (the released notebook, or the source
notebook for a student who knows every other answer, so a test can see that the rest of the
notebook is still graded) and returns what that student hands in: a notebook, raw bytes
(written as they are), or None (the notebook is missing). The misbehaviour goes into one
answer cell, named in the builder's docstring.

Some answers print what they managed to do into their own output, in a line starting with
a fixed prefix, so a test can read it back from the graded notebook with `reported()`.

    >>> nb = answered(nbformat.v4.new_notebook(cells=[answer_cell("q1-answer", "x = 1")]),
    ...               "q1-answer", "x = 2")
    >>> nb.cells[0].source
    'x = 2'
"""

from __future__ import annotations

import copy
import textwrap

import nbformat
from nbformat import NotebookNode

REPORT = "HOSTILE-REPORT:"
# Pieces of what only the hidden tests hold, split so that this file and the cells built
# from it never contain them whole: an answer that finds one found the hidden tests.
HIDDEN_MARKS = (("### BEGIN HIDDEN", " TESTS"),
                ("merkle_root([from_display_hex(t) ", "for t in explorer_txids])"))


def answer_cell(grade_id: str, source: str) -> NotebookNode:
    """A code cell with nbgrader metadata naming it `grade_id` (for doctests and tests)."""
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata["nbgrader"] = {"grade_id": grade_id, "solution": True, "grade": False,
                                 "locked": False}
    return cell


def grade_id(cell: NotebookNode) -> str:
    return cell.metadata.get("nbgrader", {}).get("grade_id", "")


def answered(nb: NotebookNode, cell_id: str, source: str) -> NotebookNode:
    """A copy of `nb` whose cell `cell_id` holds `source` instead."""
    nb = copy.deepcopy(nb)
    [cell] = [c for c in nb.cells if grade_id(c) == cell_id]
    cell.source = textwrap.dedent(source).strip()
    return nb


def reported(nb: NotebookNode) -> list[str]:
    """The REPORT lines a graded notebook's outputs hold, without the prefix."""
    lines = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            for line in str(out.get("text", "")).splitlines():
                if line.startswith(REPORT):
                    lines.append(line[len(REPORT):].strip())
    return lines


def endless_answer(nb: NotebookNode) -> NotebookNode:
    """An answer cell that never ends (q1)."""
    return answered(nb, "q1-answer", "while True:\n    pass")


def endless_helper(nb: NotebookNode) -> NotebookNode:
    """A function the tests call that never returns, so the test cell hangs (q5)."""
    return answered(nb, "q5-answer", """
        def pbft_sizes(n):
            while True:
                pass
    """)


def kernel_exit(nb: NotebookNode) -> NotebookNode:
    """The kernel process ends itself halfway (q2)."""
    return answered(nb, "q2-answer", "import os\nos._exit(1)")


# A loop that swallows the interrupt the time limit sends (also used by test_sandbox.py).
STUBBORN_LOOP = """
while True:
    try:
        while True:
            pass
    except KeyboardInterrupt:
        pass
"""


def stubborn_loop(nb: NotebookNode) -> NotebookNode:
    """A loop that swallows the interrupt the time limit sends (q1)."""
    return answered(nb, "q1-answer", STUBBORN_LOOP)


def huge_output(nb: NotebookNode) -> NotebookNode:
    """Hundreds of megabytes of prints, and no answer (q1)."""
    return answered(nb, "q1-answer", """
        for i in range(3_000_000):
            print('flood ' * 20, i)
    """)


def memory_hog(nb: NotebookNode) -> NotebookNode:
    """Allocates 256 MB blocks until something stops it (q2)."""
    return answered(nb, "q2-answer", """
        hog = []
        while True:
            hog.append(bytes(256 * 1024 * 1024))
    """)


def deleted_tests(solution: NotebookNode) -> NotebookNode:
    """Right answers, but the first two test cells removed."""
    nb = copy.deepcopy(solution)
    nb.cells = [c for c in nb.cells if grade_id(c) not in {"q1-tests", "q2-tests"}]
    return nb


def edited_tests(released: NotebookNode) -> NotebookNode:
    """No answers, and the test cells rewritten to pass."""
    nb = copy.deepcopy(released)
    for cell in nb.cells:
        if grade_id(cell).endswith("-tests"):
            cell.source = "assert True  # all good"
    return nb


EVERYTHING = """
    class Everything(str):
        def __eq__(self, other): return True
        def __ne__(self, other): return False
        def __lt__(self, other): return True
        def __le__(self, other): return True
        def __gt__(self, other): return True
        def __ge__(self, other): return True
        def __hash__(self): return 0
        def __len__(self): return 64
        def __iter__(self): return iter(())
"""


def equals_everything(released: NotebookNode) -> NotebookNode:
    """Every answer (q1 to q6) is an object equal to anything it is compared with."""
    nb = answered(released, "q1-answer", EVERYTHING + "\norder_hash = Everything()")
    nb = answered(nb, "q2-answer", "genuine = Everything()")
    nb = answered(nb, "q3-answer", "winning_nonce = Everything()")
    nb = answered(nb, "q4-answer", "root_hex = Everything()")
    nb = answered(nb, "q5-answer", "def pbft_sizes(n):\n    return Everything()")
    return answered(nb, "q6-answer", "balances = Everything()")


def shadowed_helpers(released: NotebookNode) -> NotebookNode:
    """Redefines what the tests use, the builtin `type` (q1) and the data `header` (q3), so
    that objects equal to everything pass the type checks of q1 to q4 as well."""
    nb = answered(released, "q1-answer", EVERYTHING + """
    import builtins

    def claiming(kind):
        answer = Everything()
        answer.__dict__["claims"] = kind
        return answer

    def type(x):
        return x.__dict__.get("claims", str) if isinstance(x, Everything) else builtins.type(x)

    order_hash = claiming(str)
    """)
    nb = answered(nb, "q2-answer", "genuine = claiming(list)")
    nb = answered(nb, "q3-answer", """
        class AnyHeader:
            def with_nonce(self, nonce): return self
            def meets_target(self): return True

        header = AnyHeader()
        winning_nonce = claiming(int)
    """)
    return answered(nb, "q4-answer", "root_hex = claiming(str)")


def hunter(released: NotebookNode, course_root: str) -> NotebookNode:
    """Looks everywhere for the hidden tests and the gradebook; reports what it found (q1)."""
    marks = [a + b for a, b in HIDDEN_MARKS]
    code = f"""
        import os
        marks = [a + b for a, b in {HIDDEN_MARKS!r}]
        found, seen = [], 0
        starts = ['/', os.getcwd(), os.path.expanduser('~'), {course_root!r}]
        starts += [os.path.abspath(os.path.join(os.getcwd(), '..' * n)) for n in range(1, 6)]
        for start in starts:
            for top, dirs, files in os.walk(start):
                dirs[:] = [d for d in dirs if d not in ('proc', 'sys', 'dev', 'usr', '.venv',
                                                        '.pyenv', 'site-packages')]
                for name in files:
                    path = os.path.join(top, name)
                    seen += 1
                    if name == 'gradebook.db' or path.endswith('.ipynb'):
                        found.append(path)
                    try:
                        with open(path, 'rb') as f:
                            data = f.read(2_000_000).decode('utf-8', 'replace')
                    except OSError:
                        continue
                    if any(mark in data for mark in marks):
                        found.append(path)
        print({REPORT!r}, 'looked at', seen, 'files; found', sorted(set(found)))
        order_hash = 'nothing found'
    """
    assert not any(mark in code for mark in marks)
    return answered(released, "q1-answer", code)


def vandal(released: NotebookNode, course_root: str) -> NotebookNode:
    """Tries to overwrite the gradebook, every submission and the hidden tests (q1)."""
    return answered(released, "q1-answer", f"""
        import glob, os
        wrote, tried = [], 0
        for base in [{course_root!r}, os.path.abspath('../../..'), os.path.abspath('..')]:
            for pattern in ['gradebook.db', 'submitted/*/*/*.ipynb', 'autograded/*/*/*.ipynb',
                            'source/*/*.ipynb', 'release/*/*.ipynb', '*.py']:
                for path in glob.glob(os.path.join(base, pattern)) or [
                        os.path.join(base, pattern.replace('*', 'x'))]:
                    tried += 1
                    try:
                        with open(path, 'w') as f:
                            f.write('VANDALISED')
                        wrote.append(path)
                    except OSError:
                        pass
        print({REPORT!r}, 'tried', tried, 'wrote', wrote)
    """)


def lingering(released: NotebookNode, marker: str) -> NotebookNode:
    """Leaves processes behind: one in a new session, one a double-forked daemon (q1)."""
    return answered(released, "q1-answer", f"""
        import os, subprocess, sys
        sleeper = [sys.executable, '-c', 'import time; time.sleep(600)', {marker!r}]
        subprocess.Popen(sleeper, start_new_session=True)
        if os.fork() == 0:
            os.setsid()
            if os.fork() == 0:
                os.execv(sys.executable, sleeper)
            os._exit(0)
        os.wait()
        print({REPORT!r}, 'left two sleepers')
    """)


def widget_waiting(nb: NotebookNode) -> NotebookNode:
    """Shows a button and waits for a click no one will make; loads the extension (q1)."""
    return answered(nb, "q1-answer", """
        %load_ext ledgerkit
        import time
        import ipywidgets
        clicked = []
        button = ipywidgets.Button(description="Check my answer")
        button.on_click(lambda _: clicked.append(True))
        display(button)
        while not clicked:
            time.sleep(0.05)
    """)


def invalid_json(released: NotebookNode) -> bytes:
    """A notebook file cut in the middle."""
    return nbformat.writes(released).encode()[:500]


def old_nbformat(solution: NotebookNode) -> bytes:
    """The right answers, saved in nbformat 3 (IPython 2 era)."""
    return nbformat.writes(nbformat.convert(copy.deepcopy(solution), 3)).encode()


def empty_file(released: NotebookNode) -> bytes:
    """A notebook file of zero bytes."""
    return b""


def missing(released: NotebookNode) -> None:
    """The folder is there, the notebook is not."""
    return None

