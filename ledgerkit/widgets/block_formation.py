"""The block formation widget (区块形成): build blocks, mine them, break them, repair them.

A view over `ledgerkit.formation.BlockFormationModel`: every button calls one model method
and then redraws; the rules live in the model. Tests click the buttons from Python:

>>> widget = BlockFormation(difficulty=8)
>>> widget.mine_button.click()
>>> widget.model.height
1

Under nbgrader (NBGRADER_EXECUTION is set) the widget displays nothing, so grading never
waits for a browser.
"""

from __future__ import annotations

import html
import time
from collections.abc import Callable

import ipywidgets as widgets
from IPython.display import display

from ledgerkit import render
from ledgerkit.errors import LedgerError
from ledgerkit.formation import ACCOUNTS, MAX_DIFFICULTY, PEER_NAMES, BlockFormationModel
from ledgerkit.i18n import get_language, set_language, text
from ledgerkit.ledger import Transaction
from ledgerkit.progress import under_nbgrader

LANGUAGE_CHOICES = (("English", "en"), ("中文", "zh"))
PROGRESS_EVERY_SECONDS = 0.05  # redraw the miner's dashboard at most 20 times a second
_WIDE = {"description_width": "initial"}


def lk(fragment: str) -> str:
    """Wrap a fragment so the shared stylesheet's `.lk` rules apply to it."""
    return f'<div class="lk">{fragment}</div>'


class BlockFormation:
    """Mempool, next block, Mine, the chain, edits and three peers, in one widget.

    `view` is the ipywidgets box; the object itself displays as that box when it is the
    last expression of a cell.

    >>> BlockFormation(difficulty=4).model.height
    0
    """

    def __init__(self, difficulty: int = 16, model: BlockFormationModel | None = None) -> None:
        self.model = model if model is not None else BlockFormationModel(difficulty=difficulty)
        self._status: tuple[bool | None, Callable[[], str]] | None = None
        self._found: Callable[[], str] = render.progress_html  # the miner's last result
        self._pending_ids: tuple[bytes, ...] | None = None
        self._updating = False
        self._build()
        self.refresh()

    # --- building the controls -------------------------------------------------------
    def _build(self) -> None:
        model = self.model
        self.style = widgets.HTML(render.STYLE)
        self.title = widgets.HTML(layout=widgets.Layout(flex="1 1 auto"))
        self.language = language_toggle()

        # Mempool: add a transaction, pick which ones go into the next block.
        self.mempool_title = widgets.HTML()
        self.sender = tagged(widgets.Dropdown(options=ACCOUNTS, value="Alice", style=_WIDE,
                                               layout=widgets.Layout(width="150px")),
                              "lk-add-from")
        self.recipient = tagged(widgets.Dropdown(options=ACCOUNTS, value="Bob", style=_WIDE,
                                                  layout=widgets.Layout(width="130px")),
                                 "lk-add-to")
        self.amount = tagged(widgets.BoundedIntText(value=1, min=1, max=10**6, style=_WIDE,
                                                     layout=widgets.Layout(width="140px")),
                              "lk-add-amount")
        self.add_button = tagged(widgets.Button(icon="plus"), "lk-add-tx")
        self.pending = tagged(widgets.VBox(), "lk-mempool")
        self.mempool_hint = widgets.HTML()
        self.candidate = tagged(widgets.HTML(), "lk-candidate-box")

        # Mining.
        self.difficulty = tagged(widgets.IntSlider(
            value=model.difficulty, min=0, max=MAX_DIFFICULTY, continuous_update=False,
            style=_WIDE, layout=widgets.Layout(width="360px")), "lk-difficulty")
        self.miner = tagged(widgets.Dropdown(options=ACCOUNTS, value=model.miner, style=_WIDE,
                                              layout=widgets.Layout(width="150px")), "lk-miner")
        self.mine_button = tagged(widgets.Button(button_style="success", icon="hammer",
                                                  layout=widgets.Layout(width="140px")),
                                   "lk-mine")
        self.progress = tagged(widgets.HTML(), "lk-progress-box")
        self.status = tagged(widgets.HTML(), "lk-status")

        # The chain, and changing history.
        self.chain_title = widgets.HTML()
        self.chain = tagged(widgets.HTML(), "lk-chain-box")
        self.edit_title = widgets.HTML()
        self.edit_block = tagged(widgets.Dropdown(style=_WIDE,
                                                   layout=widgets.Layout(width="130px")),
                                  "lk-edit-block")
        self.edit_tx = tagged(widgets.Dropdown(layout=widgets.Layout(width="200px")),
                               "lk-edit-tx")
        self.edit_recipient = tagged(widgets.Dropdown(options=ACCOUNTS, style=_WIDE,
                                                       layout=widgets.Layout(width="130px")),
                                      "lk-edit-to")
        self.edit_amount = tagged(widgets.BoundedIntText(value=1, min=1, max=10**6,
                                                          style=_WIDE,
                                                          layout=widgets.Layout(width="140px")),
                                   "lk-edit-amount")
        self.edit_resign = tagged(widgets.Checkbox(value=True, indent=False,
                                                    layout=widgets.Layout(width="auto")),
                                   "lk-edit-resign")
        self.apply_button = tagged(widgets.Button(button_style="warning", icon="edit"),
                                    "lk-apply-edit")
        self.edit_nonce = tagged(widgets.BoundedIntText(min=0, max=2**32 - 1, style=_WIDE,
                                                         layout=widgets.Layout(width="200px")),
                                  "lk-edit-nonce")
        self.nonce_button = tagged(widgets.Button(icon="edit"), "lk-set-nonce")
        self.remine_button = tagged(widgets.Button(button_style="success", icon="hammer",
                                                    layout=widgets.Layout(width="auto")),
                                     "lk-remine")

        # Peers.
        self.peers_title = widgets.HTML()
        self.peers = tagged(widgets.HTML(), "lk-peers-box")
        self.tamper_peer = tagged(widgets.Dropdown(options=PEER_NAMES, value="B", style=_WIDE,
                                                    layout=widgets.Layout(width="110px")),
                                   "lk-tamper-peer")
        self.tamper_block = tagged(widgets.Dropdown(style=_WIDE,
                                                     layout=widgets.Layout(width="130px")),
                                    "lk-tamper-block")
        self.tamper_remine = tagged(widgets.Checkbox(value=True, indent=False,
                                                      layout=widgets.Layout(width="auto")),
                                     "lk-tamper-remine")
        self.tamper_button = tagged(widgets.Button(button_style="danger", icon="user-secret",
                                                    layout=widgets.Layout(width="auto")),
                                     "lk-tamper")
        self.sync_button = tagged(widgets.Button(icon="copy", layout=widgets.Layout(width="auto")),
                                   "lk-sync-peers")

        row = widgets.HBox
        wrap = widgets.Layout(flex_flow="row wrap", align_items="center")
        mempool = widgets.VBox(
            [self.mempool_title,
             row([self.sender, self.recipient, self.amount, self.add_button], layout=wrap),
             self.pending, self.mempool_hint],
            layout=widgets.Layout(flex="1 1 420px", min_width="380px", margin="0 12px 0 0"))
        self.view = tagged(widgets.VBox([
            self.style,
            row([self.title, self.language], layout=widgets.Layout(
                justify_content="space-between", align_items="center")),
            row([mempool, self.candidate], layout=widgets.Layout(flex_flow="row wrap")),
            row([self.difficulty, self.miner, self.mine_button], layout=wrap),
            self.progress,
            self.status,
            self.chain_title,
            self.chain,
            self.edit_title,
            row([self.edit_block, self.edit_tx, self.edit_recipient, self.edit_amount,
                 self.edit_resign, self.apply_button], layout=wrap),
            row([self.edit_nonce, self.nonce_button, self.remine_button], layout=wrap),
            self.peers_title,
            self.peers,
            row([self.tamper_peer, self.tamper_block, self.tamper_remine, self.tamper_button,
                 self.sync_button], layout=wrap),
        ], layout=widgets.Layout(border="1px solid #d0d5dd", padding="8px 12px")),
            "lk-block-formation")

        self.add_button.on_click(self._on_add)
        self.mine_button.on_click(self._on_mine)
        self.apply_button.on_click(self._on_apply_edit)
        self.nonce_button.on_click(self._on_set_nonce)
        self.remine_button.on_click(self._on_remine)
        self.tamper_button.on_click(self._on_tamper)
        self.sync_button.on_click(self._on_sync)
        self.difficulty.observe(self._on_difficulty, names="value")
        self.miner.observe(self._on_miner, names="value")
        self.language.observe(self._on_language, names="value")
        self.edit_block.observe(self._on_edit_block, names="value")
        self.edit_tx.observe(self._on_edit_tx, names="value")

    # --- drawing ---------------------------------------------------------------------
    def refresh(self) -> None:
        """Redraw every part from the model, in the current language."""
        self._updating = True
        try:
            self._draw_labels()
            self._draw_mempool()
            self._draw_chain()
            self._draw_edit_choices()
            self._draw_peers()
            self._draw_status()
        finally:
            self._updating = False

    def _draw_labels(self) -> None:
        self.language.value = get_language()  # %ledgerkit lang may have switched it
        self.title.value = lk(f"<b style='font-size:16px'>{text('bf.title')}</b> — "
                               f"{html.escape(text('bf.intro'))}")
        self.mempool_title.value = lk(f"<b>{text('mempool')}</b>")
        self.sender.description = text("from")
        self.recipient.description = text("to")
        self.amount.description = text("amount")
        self.add_button.description = text("add_tx")
        self.difficulty.description = text("difficulty")
        self.miner.description = text("bf.miner")
        self.mine_button.description = text("mine")
        self.edit_title.value = lk(f"<b>{text('edit_block')}</b>")
        self.edit_block.description = text("block")
        self.edit_recipient.description = text("to")
        self.edit_amount.description = text("amount")
        self.edit_resign.description = text("bf.resign")
        self.apply_button.description = text("apply_edit")
        self.edit_nonce.description = text("nonce")
        self.nonce_button.description = text("bf.set_nonce")
        self.remine_button.description = text("remine")
        self.peers_title.value = lk(f"<b>{text('peers')}</b>")
        self.tamper_peer.description = text("peer")
        self.tamper_block.description = text("block")
        self.tamper_remine.description = text("bf.remine_copy")
        self.tamper_button.description = text("tamper_peer")
        self.sync_button.description = text("bf.sync_peers")

    def _draw_mempool(self) -> None:
        model = self.model
        names = model.names
        mempool = model.mempool
        selected = {tx.txid() for tx in model.selected}
        ids = tuple(tx.txid() for tx in mempool)
        if ids != self._pending_ids:  # new checkboxes only when the mempool itself changed
            boxes = []
            for tx in mempool:
                box = tagged(widgets.Checkbox(indent=False, layout=widgets.Layout(width="auto")),
                              "lk-pending")
                box.observe(self._on_pick(tx), names="value")
                boxes.append(box)
            self.pending.children = boxes
            self._pending_ids = ids
        self.mempool_hint.value = "" if mempool else lk(f"<i>{text('bf.mempool_empty')}</i>")
        for box, tx in zip(self.pending.children, mempool, strict=True):
            box.description = (f"{render.transaction_text(tx, names)} "
                               f"({text('bf.tx_nonce')} {tx.nonce})")
            box.value = tx.txid() in selected
        candidate = model.candidate()
        self.candidate.value = lk(render.candidate_html(
            candidate, model.height + 1, model.difficulty, model.selection_problems(), names))

    def _draw_chain(self) -> None:
        model = self.model
        balances = " · ".join(f"{name} {amount}" for name, amount in model.balances().items())
        self.chain_title.value = lk(f"<b>{text('bf.chain')}</b> — {html.escape(balances)}")
        required = [model.required_zero_bits(i) for i in range(model.height + 1)]
        self.chain.value = lk(render.chain_html(model.blocks, model.problems(), model.names,
                                                 required))

    def _draw_edit_choices(self) -> None:
        choices = [(f"#{index}", index) for index in range(self.model.height + 1)]
        keep = self.edit_block.value
        self.edit_block.options = choices
        self.edit_block.value = keep if keep is not None and keep <= self.model.height else 0
        self._fill_edit_fields(self.edit_tx.value)
        grown = len(self.tamper_block.options) != len(choices)
        keep = self.tamper_block.value
        self.tamper_block.options = choices
        # By default a dishonest peer rewrites the newest block: its reward is not spent
        # yet, so after re-mining the forged copy is valid on its own.
        self.tamper_block.value = self.model.height if grown or keep is None else keep

    def _fill_edit_fields(self, tx_index: int | None) -> None:
        """Show the chosen block's transactions and the values of transaction `tx_index`
        (None: the first transfer, the interesting one to change)."""
        block = self.model.blocks[self.edit_block.value]
        names = self.model.names
        self.edit_tx.options = [(f"{i}: {render.transaction_text(tx, names)}", i)
                                for i, tx in enumerate(block.transactions)]
        if tx_index is None or not 0 <= tx_index < len(block.transactions):
            tx_index = 1 if len(block.transactions) > 1 else 0
        self.edit_tx.value = tx_index
        tx = block.transactions[tx_index]
        recipient = names.get(tx.recipient)
        self.edit_recipient.value = recipient if recipient in ACCOUNTS else ACCOUNTS[0]
        self.edit_amount.value = tx.amount
        self.edit_nonce.value = block.header.nonce

    def _draw_peers(self) -> None:
        model = self.model
        peers = model.peers
        problems = [model.peer_problems(i) for i in range(len(PEER_NAMES))]
        self.peers.value = lk(render.peers_html(peers, model.vote(), problems, PEER_NAMES,
                                                 model.matches_majority()))

    def _draw_status(self) -> None:
        self.progress.value = lk(self._found())
        if self._status is None:
            self.status.value = ""
            return
        ok, message = self._status
        self.status.value = lk(render.message_html(render.with_names(message(),
                                                                      self.model.names), ok))

    # --- what the buttons do ---------------------------------------------------------
    def _on_pick(self, tx: Transaction) -> Callable[[dict], None]:
        def pick(change: dict) -> None:
            if not self._updating:
                self._run(lambda: self.model.select(tx, change["new"]))
        return pick

    def _on_add(self, _button: widgets.Button) -> None:
        def add() -> Callable[[], str]:
            tx = self.model.add_transaction(self.sender.value, self.recipient.value,
                                            self.amount.value)
            return lambda: text("bf.tx_added", tx=render.transaction_text(tx, self.model.names))
        self._run(add)

    def _dashboard(self, zero_bits: int) -> Callable[[int, str], bool]:
        """A progress callback for the model: shows attempts, hash rate and the current
        hash while the kernel searches (each update reaches the browser at once)."""
        started = time.perf_counter()
        shown = [0.0]

        def progress(attempts: int, current: str) -> bool:
            now = time.perf_counter()
            if now - shown[0] >= PROGRESS_EVERY_SECONDS:
                shown[0] = now
                rate = attempts / max(now - started, 1e-9)
                self.progress.value = lk(render.progress_html(attempts, rate, current,
                                                               zero_bits))
            return True
        return progress

    def _on_mine(self, _button: widgets.Button) -> None:
        zero_bits = self.model.difficulty
        index = self.model.height + 1

        def mine() -> Callable[[], str]:
            result = self.model.mine(progress=self._dashboard(zero_bits))
            # Kept as a function, so the dashboard follows a later language switch too.
            self._found = lambda: render.progress_html(
                result.attempts, result.rate, result.block.hash_hex(), zero_bits,
                nonce=result.block.header.nonce)
            return lambda: text("mined", index=result.index, attempts=f"{result.attempts:,}",
                                rate=render.rate_text(result.rate))

        self._run(mine, busy=self.mine_button)
        if self.model.height == index:
            self._select_block(index)  # point the editor at the new block

    def _on_apply_edit(self, _button: widgets.Button) -> None:
        index = self.edit_block.value

        def edit() -> Callable[[], str] | None:
            before = self.model.blocks[index]
            self.model.edit_transaction(index, self.edit_tx.value,
                                        recipient=self.edit_recipient.value,
                                        amount=self.edit_amount.value,
                                        resign=self.edit_resign.value)
            if self.model.blocks[index] == before:
                return None
            return lambda: text("edited", index=index)
        self._run(edit)

    def _on_set_nonce(self, _button: widgets.Button) -> None:
        index, nonce = self.edit_block.value, self.edit_nonce.value

        def set_nonce() -> Callable[[], str]:
            self.model.edit_header(index, nonce=nonce)
            return lambda: text("bf.nonce_set", index=index, nonce=nonce)
        self._run(set_nonce)

    def _on_remine(self, _button: widgets.Button) -> None:
        index = self.edit_block.value

        def remine() -> Callable[[], str]:
            dashboard = self._dashboard(self.model.required_zero_bits(index))
            count = self.model.remine_from(index, progress=dashboard)
            last = index + count - 1
            valid = self.model.is_valid()
            if count == 1:
                return lambda: text("bf.repaired_one" if valid else "bf.remined_one", index=index)
            return lambda: text("repaired" if valid else "bf.remined", first=index, last=last)
        self._run(remine, busy=self.remine_button)

    def _on_tamper(self, _button: widgets.Button) -> None:
        peer, index, again = self.tamper_peer.value, self.tamper_block.value, \
            self.tamper_remine.value

        def tamper() -> Callable[[], str]:
            self.model.tamper_peer(peer, index, remine=again)
            problem = next((p for p in self.model.peer_problems(peer) if p is not None), None)

            def message() -> str:
                said = text("bf.tampered_peer", peer=peer, index=index, attacker="Mallory")
                if problem is not None:
                    return f"{said} {text('bf.peer_copy_invalid', peer=peer)} {problem}"
                return f"{said} {text('bf.tampered_remined', first=index)}"
            return message
        self._run(tamper)

    def _on_sync(self, _button: widgets.Button) -> None:
        def sync() -> Callable[[], str]:
            self.model.sync_peers()
            return lambda: text("bf.peers_synced")
        self._run(sync)

    def _on_difficulty(self, change: dict) -> None:
        if not self._updating:
            self._run(lambda: setattr(self.model, "difficulty", change["new"]))

    def _on_miner(self, change: dict) -> None:
        if not self._updating:
            self._run(lambda: setattr(self.model, "miner", change["new"]))

    def _on_language(self, change: dict) -> None:
        if not self._updating:
            set_language(change["new"])
            self.refresh()

    def _on_edit_block(self, change: dict) -> None:
        if not self._updating and change["new"] is not None:
            self._updating = True
            try:
                self._fill_edit_fields(None)
            finally:
                self._updating = False

    def _on_edit_tx(self, change: dict) -> None:
        if not self._updating and change["new"] is not None:
            self._updating = True
            try:
                self._fill_edit_fields(change["new"])
            finally:
                self._updating = False

    def _select_block(self, index: int) -> None:
        self._updating = True
        try:
            self.edit_block.value = index
            self._fill_edit_fields(None)
        finally:
            self._updating = False

    def _run(self, action: Callable[[], object], busy: widgets.Button | None = None) -> None:
        """Call the model; show its message, or the rule it refused with; redraw.
        `busy` is a button to grey out while the action runs (mining takes a moment)."""
        if busy is not None:
            busy.disabled = True
        try:
            said = action()
        except LedgerError as refusal:
            kept = refusal  # Python unbinds `refusal` when the except block ends
            self._status = (False, lambda: kept.in_language(get_language()))
        else:
            if callable(said):
                # Green only while all is well: "block 1 changed" is no success.
                healthy = self.model.is_valid() and not self.model.vote().dissenters
                self._status = (True if healthy else None, said)
        finally:
            if busy is not None:
                busy.disabled = False  # before the redraw: a new block is clickable at once
        self.refresh()

    # --- display -----------------------------------------------------------------------
    def _ipython_display_(self) -> None:
        if under_nbgrader():
            return
        display(self.view)


def language_toggle() -> widgets.ToggleButtons:
    """The English / 中文 switch every widget view shows in its title bar."""
    return tagged(widgets.ToggleButtons(
        options=LANGUAGE_CHOICES, value=get_language(),
        layout=widgets.Layout(width="auto", flex="0 0 auto"),
        style={"button_width": "70px"}), "lk-lang")


def tagged(widget: widgets.Widget, *css_classes: str) -> widgets.Widget:
    """Give a control stable CSS classes, so browser tests and themes can find it."""
    for css_class in css_classes:
        widget.add_class(css_class)
    return widget
