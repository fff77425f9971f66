"""Kernel-tampering cheats (篡改内核的作弊答案) for hw01-basics, for the grading tests.

Each of the eleven cheats is the source of hw01's first answer cell. It answers nothing
honestly (every other answer keeps its `raise NotImplementedError()` stub) and instead
tampers with the student's own kernel so that later test cells pass, vanish or cannot
fail. Graded in the student's kernel, as plain nbgrader grades, several of them earn
points; judged by the grader's own process (`autograder/judge.py`), each must score 0.

    >>> sorted(CHEATS)[:3]
    ['ast-hook', 'custom-exc', 'forged-export']
"""

CHEATS = {
    # IPython runs every cell through its input transformers: blank every later cell.
    "input-transformer": """
        get_ipython().input_transformers_cleanup.append(lambda lines: ["pass\\n"])
    """,
    # The same after IPython's own transforms, only for cells that test something.
    "transformer-post": """
        def _quiet(lines):
            return ["pass\\n"] if any("assert" in line for line in lines) else lines
        get_ipython().input_transformers_post.append(_quiet)
    """,
    # An AST hook: any cell with an assert loses its whole body.
    "ast-hook": """
        import ast
        class _Blank(ast.NodeTransformer):
            def visit_Module(self, node):
                if any(isinstance(n, ast.Assert) for n in ast.walk(node)):
                    node.body = [ast.Pass()]
                return node
        get_ipython().ast_transformers.append(_Blank())
    """,
    # Patched shell methods: the shell turns a cell with an assert into `pass`.
    "patched-shell": """
        _shell = get_ipython()
        _transform = _shell.transform_cell
        _shell.transform_cell = lambda raw: "pass\\n" if "assert" in raw else _transform(raw)
        _run_cell = _shell.run_cell
        _shell.run_cell = lambda raw, *a, **k: _run_cell(
            "pass" if "assert" in raw else raw, *a, **k)
    """,
    # Exception hooks: swallow every error before it is shown.
    "custom-exc": """
        get_ipython().set_custom_exc((BaseException,), lambda *args, **kwargs: None)
    """,
    "silent-traceback": """
        _shell = get_ipython()
        _shell.showtraceback = lambda *args, **kwargs: None
        _shell.showsyntaxerror = lambda *args, **kwargs: None
    """,
    # A trace function that jumps over every assert and raise line.
    "trace-function": """
        import linecache, sys
        def _skip(frame, event, arg):
            if event == "line":
                line = linecache.getline(frame.f_code.co_filename, frame.f_lineno).strip()
                if line.startswith(("assert", "raise", "sizes =")):
                    try:
                        frame.f_lineno = frame.f_lineno + 1
                    except ValueError:
                        pass
            return _skip
        sys.settrace(_skip)
        sys._getframe().f_trace = _skip
    """,
    # gc: find the kernel object and make it run `pass` for any cell that tests something.
    "gc-kernel": """
        import gc
        _kernel = next(o for o in gc.get_objects() if type(o).__name__ == "IPythonKernel")
        _execute = _kernel.do_execute
        def _do_execute(code, *args, **kwargs):
            return _execute("pass" if "assert" in code else code, *args, **kwargs)
        _kernel.do_execute = _do_execute
    """,
    # Patched builtins: answers equal to everything, and builtins that believe them.
    "patched-builtins": """
        import builtins
        class _Everything(str):
            def __eq__(self, other): return True
            def __ne__(self, other): return False
            def __le__(self, other): return True
            def __lt__(self, other): return True
            def __ge__(self, other): return True
            def __gt__(self, other): return True
            def __hash__(self): return 0
            def __len__(self): return 64
            def __iter__(self): return iter(())
            def __getitem__(self, key): return self
            def __call__(self, *args, **kwargs): return self
            def with_nonce(self, nonce): return self
            def meets_target(self): return True
            def values(self): return [150]
        _same = _Everything("x")
        for _name in ("order_hash", "genuine", "winning_nonce", "root_hex", "balances"):
            globals()[_name] = _same
        pbft_sizes = _same
        builtins.type = lambda *args: str if len(args) == 1 else builtins.object
        builtins.all = lambda *args: True
        builtins.sum = lambda *args, **kwargs: _same
        builtins.set = lambda *args: _same
        builtins.sorted = lambda *args, **kwargs: _same
        builtins.len = lambda *args: _same
    """,
    # A forged answer sheet: the grader's own export sends, besides the answer, a `sha256` of
    # the student's, hoping the judge's hidden test will hash with it.
    "forged-export": """
        import json
        def fake(data):
            return bytes(32)
        def __lk_export(names):
            return json.dumps({"values": {"order_hash": "0" * 64,
                                          "sha256": {"$function": "fake"}}, "missing": []})
        get_ipython().user_ns["__lk_export"] = __lk_export
    """,
    # Patched modules the tests use: hashing, mining and Merkle roots that agree with
    # whatever the answer is (the names the tests read are rebound, too).
    "patched-modules": """
        import ledgerkit.block, ledgerkit.crypto, ledgerkit.merkle
        order_hash = root_hex = "0" * 64
        genuine, winning_nonce = ["A"], 0
        balances = {"alice": 50, "bob": 50, "carol": 50}
        def pbft_sizes(n):
            return ((n - 1) // 3, (n + (n - 1) // 3 + 2) // 2)
        ledgerkit.crypto.sha256 = sha256 = lambda data: bytes(32)
        ledgerkit.block.BlockHeader.meets_target = lambda self: True
        ledgerkit.merkle.merkle_root = merkle_root = lambda leaves: bytes(32)
    """,
}
