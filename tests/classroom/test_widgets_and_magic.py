"""The course's widgets on the shared chain, the student's panel, the lecturer's dashboard
and `%classroom`, clicked from Python in a simulated class."""

from __future__ import annotations

from decimal import Decimal

import pytest
from IPython.core.error import UsageError
from IPython.core.interactiveshell import InteractiveShell
from IPython.utils.capture import capture_output

from ledgerkit.classroom import magic
from ledgerkit.classroom.shared import SharedRegistry, SharedSplitModel, SharedVotingModel
from ledgerkit.classroom.simulated import SimulatedClass
from ledgerkit.classroom.widgets import ClassDashboard, ClassroomPanel
from ledgerkit.errors import LedgerError
from ledgerkit.widgets.node_voting import NodeVoting


def test_a_supplier_splits_and_passes_on_with_the_voucher_widget():
    home = SimulatedClass()
    you = home.join("you", role="supplier:2")
    panel = ClassroomPanel(you, lecturer=home.lecturer)
    widget = panel.split
    assert widget.model.selected == "V1" and widget.model.actor == "you"
    widget.select.value = "V1.1"
    widget.amounts.value = "100000, 200000"
    widget.split_button.click()
    assert [n.id for n in widget.model.nodes() if n.parent == "V1.1"] == ["V1.1.1", "V1.1.2"]
    widget.to.value = "SteelCo"
    widget.transfer_button.click()
    book = home.network.chain.read("CreditVouchers", by="platform")
    assert book.voucher("V1.1.1").holder in ("SteelCo", "Bank")  # SteelCo may finance it
    assert home.network.chain.validate()


def test_you_act_only_as_yourself():
    home = SimulatedClass()
    model = SharedSplitModel(SharedRegistry(home.join("you", role="supplier:2")))
    model.act_as("SeatCo")
    model.select("V1.2")
    model.actor = "SeatCo"
    outcome = model.transfer("you")
    assert not outcome.ok and outcome.error.key == "classroom.your_key_only"
    assert "只持有自己的密钥" in outcome.message("zh")
    refused = SharedSplitModel(SharedRegistry(home.classmates["SeatCo"])).to_maturity()
    assert refused.error.key == "classroom.lecturer_clock"


def test_a_validator_votes_by_clicking_its_own_node():
    home = SimulatedClass()
    you = home.join("you", role="validator")
    home.lecturer("crash", seat=1)  # a classmate's node is down: now your vote counts
    widget = NodeVoting(model=SharedVotingModel(you))
    seat = widget.model.seat
    height = home.network.chain.height
    home.classmates["CarMaker"].act("issue", to="SeatCo", amount=Decimal("1000"),
                                    due=home.network.chain.today.replace(month=6),
                                    trade_ref="PO-W")
    home.run()  # the round stops at your node: without your vote there is no quorum
    assert home.network.chain.height == height
    for _ in range(2):  # PREPARE, then COMMIT (with your signature of the block)
        widget.step_button.click()
        widget.node_buttons[seat].click()
        assert "Your node 0 sent" in widget.status.value
    assert home.network.chain.height > height
    block = home.network.chain.blocks[height + 1]
    signers = {home.network.name_of(s.address) for s in block.signatures}
    assert "you" in signers and "Val1" not in signers
    widget.node_buttons[2].click()
    assert "you vote with your own node only" in widget.status.value


def test_the_lecturers_dashboard_injects_faults():
    home = SimulatedClass()
    home.join("you", role="regulator")
    board = ClassDashboard(home)
    board.command("crash primary")
    assert home.network.status()["seats"][0]["fault"] == "crashed"
    board.seat.value = 2
    board.command("byzantine")
    board.groups.value = "0,1"
    board.command("partition")
    board.command("heal")
    board.days.value = 200
    board.command("advance")
    assert home.network.chain.today.year == 2025 and home.network.chain.today.month == 7
    assert 'data-fault="byzantine"' in board.tiles.value


def test_the_regulator_sees_every_attempt_in_the_panel():
    home = SimulatedClass()
    regulator = home.join("you", role="regulator")
    with pytest.raises(LedgerError):
        home.classmates["Bank"].act("confirm", voucher_id="V1")
    panel = ClassroomPanel(regulator)
    assert "voucher.not_issuer" not in panel.audit.value  # the message, not the key
    assert "Only the issuer CarMaker confirms V1" in panel.audit.value


def test_the_classroom_magic_joins_an_offline_class():
    ipython = InteractiveShell.instance()
    ipython.run_line_magic("load_ext", "ledgerkit")
    try:
        with capture_output() as captured:
            ipython.run_line_magic("classroom", "join --offline --role supplier:1")
            ipython.run_line_magic("classroom", "status")
        assert "supplier (tier 1)" in captured.stdout and "class HOME00" in captured.stdout
        with pytest.raises(UsageError):
            ipython.run_line_magic("classroom", "jump")
        with pytest.raises(UsageError):
            ipython.run_line_magic("classroom", "join")  # online needs a code
        with pytest.raises(UsageError) as where:
            ipython.run_line_magic("classroom", "join ABC123")  # … and an address
        assert "--offline" in str(where.value)
    finally:
        ipython.run_line_magic("unload_ext", "ledgerkit")
        magic._session.clear()  # the next test's kernel has not joined
    assert "classroom" not in ipython.magics_manager.magics["line"]
