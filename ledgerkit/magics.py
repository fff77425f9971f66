"""The ledgerkit kernel extension (内核扩展): `%load_ext ledgerkit`.

Loading it gives:

- rich HTML display of BlockHeader, Block, Blockchain and Transaction (cards with the hash's
  leading zeros highlighted, green when valid, red with the reason when not);
- `%ledgerkit lang zh` / `%ledgerkit lang en` to switch every message and widget label;
- `%blockformation [--difficulty N]` to show the block formation widget;
- `%consensus pbft|raft [--nodes N] [--faulty K] [--byzantine B] [--seed S] [--lang en|zh]`
  to show the node voting widget. The last K nodes start faulty: in PBFT the last B of them
  are Byzantine and the others crashed; in Raft they are stopped.
- `%vouchers [--lang en|zh]` to show the voucher splitting widget with a ready-made supply
  chain (a car maker, its tier-1 to tier-3 suppliers, a bank and a regulator).
- `%classroom join CODE [--url URL]` to join the class network (see ledgerkit.classroom.magic).

The course environment loads it in every kernel (binder/ipython_kernel_config.py); loading
it again by hand is harmless, and `%unload_ext ledgerkit` removes everything it added.

    %load_ext ledgerkit
    %ledgerkit lang zh
    %blockformation --difficulty 16
    %consensus pbft --nodes 7 --faulty 2
    %vouchers
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from IPython.core.error import UsageError
from IPython.core.interactiveshell import InteractiveShell
from IPython.core.magic import Magics, line_magic, magics_class
from IPython.core.magic_arguments import argument, magic_arguments, parse_argstring
from IPython.display import display

from ledgerkit import __version__
from ledgerkit.errors import LedgerError
from ledgerkit.i18n import (
    LANGUAGES,
    get_language,
    language_code,
    register_strings,
    set_language,
    text,
)

MAGIC_NAMES = ("ledgerkit", "blockformation", "consensus", "vouchers", "classroom")
USAGE = "%ledgerkit lang en|zh   — switch the language of messages and widgets"

register_strings({
    "magic.usage": (USAGE, "%ledgerkit lang en|zh   — 切换提示信息和控件的语言（zh 为简体中文）"),
})

# The help of `%consensus?` and `%blockformation?` is built once, at import, before anyone
# chooses a language: so it speaks both.
HELP = {
    "difficulty": "leading zero bits the hash of a new block must have (0 to 24) / "
                  "新区块哈希须有的前导零比特数（0 到 24）",
    "protocol": "the consensus protocol to watch / 要观察的共识协议",
    "nodes": "number of nodes (default: 7 for PBFT, 5 for Raft; at most 16) / "
             "节点数（默认：PBFT 为 7，Raft 为 5；最多 16）",
    "faulty": "the last K nodes start faulty: crashed (PBFT) or stopped (Raft) / "
              "最后 K 个节点开始时即故障：宕机（PBFT）或停止（Raft）",
    "byzantine": "PBFT: how many of the faulty replicas lie instead of crashing / "
                 "PBFT：故障副本中有几个说谎而不是宕机",
    "seed": "seed for message order and timeouts / 消息顺序和超时的随机种子",
    "lang": "switch the language first, as %%ledgerkit lang does / "
            "先切换语言，与 %%ledgerkit lang 相同",
}


def usage() -> str:
    """The `%ledgerkit` usage line in the current language.

    >>> usage().startswith("%ledgerkit lang en|zh")
    True
    """
    return text("magic.usage")

# Shells we are loaded into -> the text/html formatters we replaced, to put back on unload.
_loaded: dict[InteractiveShell, dict[type, Callable | None]] = {}
_font_hooks: dict[InteractiveShell, Callable[[object], None]] = {}


def html_formatters() -> dict[type, Callable[[object], str]]:
    """Type -> function returning its HTML, for every type with a rich display.

    >>> sorted(cls.__name__ for cls in html_formatters())
    ['Block', 'BlockHeader', 'Blockchain', 'Transaction']
    """
    from ledgerkit import render
    from ledgerkit.block import Block, BlockHeader
    from ledgerkit.chain import Blockchain
    from ledgerkit.formation import demo_names
    from ledgerkit.ledger import Transaction

    return {
        BlockHeader: render.header_display,
        Block: lambda block: render.block_display(block, demo_names()),
        Blockchain: lambda chain: render.blockchain_display(chain, demo_names()),
        Transaction: lambda tx: render.transaction_display(tx, demo_names()),
    }


@magics_class
class LedgerkitMagics(Magics):
    """The `%ledgerkit`, `%blockformation`, `%consensus` and `%vouchers` line magics."""

    @line_magic
    def ledgerkit(self, line: str) -> None:
        """`%ledgerkit lang zh|en`: switch the language; `%ledgerkit`: show version and
        language."""
        words = line.split()
        if not words:
            print(f"ledgerkit {__version__} — {text('language')}: {get_language()}\n{usage()}")
            return
        if len(words) != 2 or words[0] != "lang":
            raise UsageError(usage())
        try:
            set_language(language_code(words[1]))
        except ValueError as refusal:
            raise UsageError(f"{refusal}\n{usage()}") from None
        print(f"{text('language')}: {get_language()}")

    @magic_arguments()
    @argument("--difficulty", type=int, default=16,
              help=HELP["difficulty"])
    @line_magic
    def blockformation(self, line: str) -> None:
        """`%blockformation [--difficulty N]`: show the block formation widget."""
        args = parse_argstring(self.blockformation, line)
        from ledgerkit.progress import under_nbgrader  # (no ipywidgets in it)

        if under_nbgrader():
            return  # grading runs without a browser: build nothing, show nothing
        from ledgerkit.widgets.block_formation import BlockFormation  # imports ipywidgets

        try:
            widget = BlockFormation(difficulty=args.difficulty)
        except LedgerError as refusal:
            raise UsageError(str(refusal)) from refusal
        display(widget)

    @magic_arguments()
    @argument("protocol", choices=("pbft", "raft"), help=HELP["protocol"])
    @argument("--nodes", type=int, default=None, help=HELP["nodes"])
    @argument("--faulty", type=int, default=0, help=HELP["faulty"])
    @argument("--byzantine", type=int, default=0, help=HELP["byzantine"])
    @argument("--seed", type=int, default=0, help=HELP["seed"])
    @argument("--lang", choices=LANGUAGES, default=None,
              help=HELP["lang"])
    @line_magic
    def consensus(self, line: str) -> None:
        """`%consensus pbft|raft [--nodes N] [--faulty K] ...`: show the node voting
        widget."""
        args = parse_argstring(self.consensus, line)
        from ledgerkit.progress import under_nbgrader  # (no ipywidgets in it)

        if under_nbgrader():
            return  # grading runs without a browser: build nothing, show nothing
        from ledgerkit.widgets.node_voting import NodeVoting

        try:
            widget = NodeVoting(args.protocol, n=args.nodes, faulty=args.faulty,
                                byzantine=args.byzantine, seed=args.seed)
        except LedgerError as refusal:
            raise UsageError(str(refusal)) from refusal
        if args.lang is not None:
            set_language(args.lang)
            widget.refresh()
        display(widget)

    @magic_arguments()
    @argument("--lang", choices=LANGUAGES, default=None,
              help=HELP["lang"])
    @line_magic
    def vouchers(self, line: str) -> None:
        """`%vouchers [--lang en|zh]`: show the voucher splitting widget with a ready-made
        supply chain."""
        args = parse_argstring(self.vouchers, line)
        from ledgerkit.progress import under_nbgrader  # (no ipywidgets in it)

        if under_nbgrader():
            return  # grading runs without a browser: build nothing, show nothing
        from ledgerkit.widgets.voucher_split import VoucherSplit

        if args.lang is not None:
            set_language(args.lang)
        display(VoucherSplit())


def load(ipython: InteractiveShell) -> None:
    """Install the rich displays and the magics into `ipython` (a second call does nothing).

    Called by `ledgerkit.load_ipython_extension`.
    """
    if ipython in _loaded:
        return
    formatter = ipython.display_formatter.formatters["text/html"]
    _loaded[ipython] = {cls: formatter.for_type(cls, function)
                        for cls, function in html_formatters().items()}
    _font_hooks[ipython] = _fonts_before_drawing()
    ipython.events.register("pre_run_cell", _font_hooks[ipython])
    ipython.register_magics(LedgerkitMagics)
    from ledgerkit.classroom.magic import classroom

    ipython.register_magic_function(classroom, "line", "classroom")


def _fonts_before_drawing() -> Callable[[object], None]:
    """A pre-run-cell hook: before the first cell that draws (it mentions matplotlib, or
    matplotlib is loaded), give charts a CJK font fallback, so a plain `plt.title("节点数")`
    shows Chinese, not boxes. Until then it costs a string search per cell and imports
    nothing, so `%load_ext ledgerkit` stays light."""
    done = False

    def before_cell(info: object) -> None:
        nonlocal done
        if done:
            return
        if "matplotlib" in sys.modules or "matplotlib" in (getattr(info, "raw_cell", "") or ""):
            from ledgerkit.charts import use_cjk_fallback

            use_cjk_fallback()
            done = True

    return before_cell


def unload(ipython: InteractiveShell) -> None:
    """Remove everything `load` added, restoring any formatter it replaced."""
    hook = _font_hooks.pop(ipython, None)
    if hook is not None:
        ipython.events.unregister("pre_run_cell", hook)
    replaced = _loaded.pop(ipython, None)
    if replaced is None:
        return
    formatter = ipython.display_formatter.formatters["text/html"]
    for cls, previous in replaced.items():
        formatter.pop(cls, None)
        if previous is not None:
            formatter.for_type(cls, previous)
    # IPython has no public way to unregister a magic: remove it from the manager's tables.
    for name in MAGIC_NAMES:
        ipython.magics_manager.magics["line"].pop(name, None)
    ipython.magics_manager.registry.pop(LedgerkitMagics.__name__, None)
