"""ledgerkit — blockchain for finance, hands-on (区块链金融应用).

A small, readable library that the course notebooks drive: hashes and signatures, Merkle
trees, Bitcoin-style blocks and mining, ledgers and chains, with widgets on top.

>>> import ledgerkit
>>> ledgerkit.crypto.sha256(b"abc").hex()[:16]
'ba7816bf8f01cfea'

`import ledgerkit` stays light: widgets, magics and charts load only when used.
"""

from ledgerkit import crypto, errors, i18n
from ledgerkit.i18n import get_language, set_language

__version__ = "0.1.0"
__all__ = ["crypto", "errors", "i18n", "get_language", "set_language", "__version__"]


def load_ipython_extension(ipython):  # noqa: ANN001  (IPython's own type, imported lazily)
    """`%load_ext ledgerkit`: rich display and the %ledgerkit magics."""
    from ledgerkit import magics

    magics.load(ipython)


def unload_ipython_extension(ipython):  # noqa: ANN001
    """`%unload_ext ledgerkit`: remove everything `load_ipython_extension` added."""
    from ledgerkit import magics

    magics.unload(ipython)
