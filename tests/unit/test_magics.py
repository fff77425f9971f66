"""The kernel extension (`%load_ext ledgerkit`) in a real IPython shell: rich display, the
%ledgerkit, %blockformation and %consensus magics, nbgrader silence, and a clean unload.
"""

import subprocess
import sys

import pytest
from IPython.core.error import UsageError
from IPython.core.interactiveshell import InteractiveShell
from IPython.utils.capture import capture_output

import ledgerkit
from ledgerkit.block import Block, BlockHeader
from ledgerkit.chain import Blockchain
from ledgerkit.crypto import KeyPair
from ledgerkit.ledger import Transaction

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
GENESIS = BlockHeader(1, "00" * 32,
                      "4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b",
                      1231006505, 0x1D00FFFF, 2083236893)
ALICE, BOB = KeyPair.from_seed("alice"), KeyPair.from_seed("bob")


@pytest.fixture
def shell(monkeypatch):
    """IPython's shell with ledgerkit loaded; unloaded (and English again) afterwards."""
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    ipython = InteractiveShell.instance()
    ipython.run_line_magic("load_ext", "ledgerkit")
    yield ipython
    ipython.run_line_magic("unload_ext", "ledgerkit")
    ledgerkit.set_language("en")


def html_of(ipython, value) -> str | None:
    data, _ = ipython.display_formatter.format(value)
    return data.get("text/html")


def test_a_header_displays_as_a_card(shell):
    html = html_of(shell, GENESIS)
    assert 'data-hash="000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f"' in html
    assert "lk-ok" in html and "meets its target" in html
    assert '<span class="lk-zeros">0000000000</span>' in html


def test_a_transaction_shows_names_and_its_signature(shell):
    html = html_of(shell, Transaction.create(ALICE, BOB.address, 5, nonce=0))
    assert "Alice" in html and "Bob" in html and "signature valid" in html
    forged = Transaction(ALICE.address, BOB.address, 6, 0, ALICE.public_key,
                         Transaction.create(ALICE, BOB.address, 5, nonce=0).signature, "P-256")
    assert "signature invalid" in html_of(shell, forged)


def test_a_chain_displays_every_block_and_where_it_was_tampered(shell):
    chain = Blockchain(difficulty_bits=8)
    chain.mine_block([], miner=ALICE.address)
    chain.mine_block([], miner=BOB.address)
    assert html_of(shell, chain).count('data-valid="true"') == 3
    block = chain.blocks[1]
    chain.tamper(1, Block(block.header.replace(timestamp=0), block.transactions))
    html = html_of(shell, chain)
    assert 'data-index="1" data-valid="false"' in html and 'data-reason="pow"' in html
    assert 'data-index="2" data-valid="false"' in html
    assert "Block 1 is invalid" in html


def test_a_block_displays_on_its_own(shell):
    block = Blockchain(difficulty_bits=8).tip
    assert 'data-valid="true"' in html_of(shell, block)
    broken = Block(block.header, (Transaction.coinbase(ALICE.address, 51, 0),))
    assert 'data-reason="merkle"' in html_of(shell, broken)


def test_plain_text_display_is_left_alone(shell):
    data, _ = shell.display_formatter.format(GENESIS)
    assert data["text/plain"] == repr(GENESIS)


def test_loading_twice_is_harmless(shell):
    formatter = shell.display_formatter.formatters["text/html"]
    first = formatter.lookup_by_type(BlockHeader)
    result = shell.run_cell("%load_ext ledgerkit")
    assert result.success
    ledgerkit.load_ipython_extension(shell)  # as a second, hand-made load would
    assert formatter.lookup_by_type(BlockHeader) is first


def test_ledgerkit_lang_switches_the_language(shell):
    with capture_output() as captured:
        shell.run_line_magic("ledgerkit", "lang zh")
    assert ledgerkit.get_language() == "zh"
    assert "语言" in captured.stdout
    assert "满足目标值" in html_of(shell, GENESIS)
    shell.run_line_magic("ledgerkit", "lang en")
    assert ledgerkit.get_language() == "en"


@pytest.mark.parametrize("line", ["lang fr", "lang", "language zh", "lang zh en"])
def test_ledgerkit_refuses_other_words(shell, line):
    with pytest.raises(UsageError):
        shell.run_line_magic("ledgerkit", line)
    assert ledgerkit.get_language() == "en"


def test_ledgerkit_alone_says_version_and_language(shell):
    with capture_output() as captured:
        shell.run_line_magic("ledgerkit", "")
    assert ledgerkit.__version__ in captured.stdout and "en" in captured.stdout


def test_blockformation_shows_the_widget(shell):
    with capture_output() as captured:
        shell.run_line_magic("blockformation", "--difficulty 8")
    assert len(captured.outputs) == 1
    assert WIDGET_VIEW in captured.outputs[0].data


def test_blockformation_refuses_a_difficulty_out_of_range(shell):
    with pytest.raises(UsageError, match="0 to 24"):
        shell.run_line_magic("blockformation", "--difficulty 30")


def shown_widget(captured):
    """The widget object behind the one widget view a cell displayed."""
    from ipywidgets import widget_serialization

    assert len(captured.outputs) == 1
    model_id = captured.outputs[0].data[WIDGET_VIEW]["model_id"]
    return widget_serialization["from_json"](f"IPY_MODEL_{model_id}", None)


def part(view, css_class: str):
    """The control with `css_class` somewhere inside a widget's box."""
    if css_class in view._dom_classes:
        return view
    for child in getattr(view, "children", ()):
        found = part(child, css_class)
        if found is not None:
            return found
    return None


def test_consensus_shows_the_node_voting_widget_for_pbft(shell):
    with capture_output() as captured:
        shell.run_line_magic("consensus", "pbft --nodes 7 --faulty 2")
    view = shown_widget(captured)
    assert "lk-node-voting" in view._dom_classes and "lk-nv-pbft" in view._dom_classes
    picture = part(view, "lk-nv-picture")
    assert picture.value.count("data-node=") == 7
    assert picture.value.count('data-fault="crashed"') == 2


def test_consensus_shows_raft_with_byzantine_seed_and_language(shell):
    with capture_output() as captured:
        shell.run_line_magic("consensus", "raft --nodes 5 --faulty 1 --seed 3 --lang zh")
    view = shown_widget(captured)
    assert "lk-nv-raft" in view._dom_classes
    assert ledgerkit.get_language() == "zh"
    assert "节点 4 宕机" in part(view, "lk-nv-caption-box").value
    with capture_output() as captured:
        shell.run_line_magic("consensus", "pbft --faulty 2 --byzantine 1 --lang en")
    picture = part(shown_widget(captured), "lk-nv-picture")
    assert picture.value.count('data-fault="byzantine"') == 1


@pytest.mark.parametrize("line, words", [
    ("paxos", "invalid choice"),
    ("", "required"),
    ("pbft --nodes 40", "from 1 to 16"),
    ("pbft --nodes 4 --faulty 4", "from 0 to 3"),
    ("raft --faulty 1 --byzantine 1", "cannot be Byzantine"),
    ("pbft --lang fr", "invalid choice"),
])
def test_consensus_refuses_bad_arguments(shell, line, words):
    with pytest.raises(UsageError, match=words):
        shell.run_line_magic("consensus", line)
    assert ledgerkit.get_language() == "en"


def test_the_widget_displays_as_the_last_expression_of_a_cell(shell):
    with capture_output() as captured:
        result = shell.run_cell("from ledgerkit.widgets import BlockFormation\n"
                                "BlockFormation(difficulty=4)")
    assert result.success
    assert [WIDGET_VIEW in output.data for output in captured.outputs] == [True]


def test_under_nbgrader_widgets_show_nothing(shell, monkeypatch):
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    with capture_output() as captured:
        shell.run_line_magic("blockformation", "--difficulty 24")
        shell.run_line_magic("consensus", "pbft --nodes 7 --faulty 2 --lang zh")
        result = shell.run_cell("from ledgerkit.widgets import BlockFormation\n"
                                "BlockFormation(difficulty=4)")
    assert result.success
    assert captured.outputs == []
    # The terminal shell prints its "Out[n]:" prompt; a kernel sends nothing at all.
    assert "BlockFormation" not in captured.stdout
    assert ledgerkit.get_language() == "en"  # not even the language changed


def test_unload_removes_formatters_and_magics():
    ipython = InteractiveShell.instance()
    ipython.run_line_magic("load_ext", "ledgerkit")
    ipython.run_line_magic("unload_ext", "ledgerkit")
    assert html_of(ipython, GENESIS) is None
    assert html_of(ipython, Blockchain(difficulty_bits=4)) is None
    line_magics = ipython.magics_manager.magics["line"]
    assert "ledgerkit" not in line_magics and "blockformation" not in line_magics
    assert "consensus" not in line_magics
    # ... and loading again brings everything back.
    ipython.run_line_magic("load_ext", "ledgerkit")
    assert "lk-header" in html_of(ipython, GENESIS)
    ipython.run_line_magic("unload_ext", "ledgerkit")


def test_a_kernel_of_the_course_environment_loads_the_extension_by_itself():
    # make setup copies binder/ipython_kernel_config.py into the venv's etc/ipython, so
    # every kernel of the environment (Binder, the hub, make lab) starts with ledgerkit.
    from jupyter_client.manager import start_new_kernel

    manager, client = start_new_kernel(kernel_name="python3", startup_timeout=60)
    printed = []

    def keep_stdout(message: dict) -> None:
        if message["msg_type"] == "stream":
            printed.append(message["content"]["text"])

    try:
        client.execute_interactive(
            "print('ledgerkit' in get_ipython().extension_manager.loaded,"
            " 'blockformation' in get_ipython().magics_manager.magics['line'])",
            output_hook=keep_stdout, timeout=60)
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    assert "".join(printed).split() == ["True", "True"]


# --- Chinese chart labels ---------------------------------------------------------------

DRAW_A_CHINESE_TITLE = r'''
import warnings
from IPython.core.interactiveshell import InteractiveShell
shell = InteractiveShell.instance()
if {load}:
    shell.run_line_magic("load_ext", "ledgerkit")
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    shell.run_cell("import matplotlib\nmatplotlib.use('Agg')\nimport matplotlib.pyplot as plt\n"
                   "fig, ax = plt.subplots()\nax.set_title('节点数与陈旧率')\nfig.canvas.draw()")
print(sum("missing from font" in str(w.message) for w in caught))
'''


def _missing_glyph_warnings(load_extension: bool) -> int:
    code = DRAW_A_CHINESE_TITLE.replace("{load}", str(load_extension))
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=120)
    return int(run.stdout.split()[-1])


def test_a_plain_matplotlib_title_in_chinese_renders_without_missing_glyphs():
    assert _missing_glyph_warnings(load_extension=False) > 0  # without the extension: boxes
    assert _missing_glyph_warnings(load_extension=True) == 0
