"""Interactive widgets for the course notebooks (交互式组件).

Each widget is a thin ipywidgets view over a model from ledgerkit, which holds the rules.
Importing this package is cheap: a widget's module (and ipywidgets) loads on first use.

    from ledgerkit.widgets import BlockFormation, NodeVoting
    BlockFormation(difficulty=16)     # the last line of a cell: shows the widget
    NodeVoting("pbft", n=7, faulty=2)
    VoucherSplit()                    # a car maker's voucher and its supply chain
    MonitorDashboard("stalled")       # live metrics and alerts of a running network
    QuizView("01")                    # the self-check quiz of chapter 01
    ScfGame(role="T3-1")              # the supply-chain finance game, you as a tier-3 firm
"""

from __future__ import annotations

import importlib

# Widget name -> the module that defines it.
_WIDGETS = {
    "BlockFormation": "ledgerkit.widgets.block_formation",
    "MonitorDashboard": "ledgerkit.widgets.monitor_dashboard",
    "NodeVoting": "ledgerkit.widgets.node_voting",
    "QuizView": "ledgerkit.widgets.quiz",
    "ScfGame": "ledgerkit.widgets.scf_game",
    "VoucherSplit": "ledgerkit.widgets.voucher_split",
}

__all__ = sorted(_WIDGETS)


def __getattr__(name: str) -> object:
    """Import a widget's module the first time the widget is asked for."""
    if name in _WIDGETS:
        return getattr(importlib.import_module(_WIDGETS[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
