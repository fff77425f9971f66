"""The classroom network (课堂网络): a whole class runs one consortium chain together.

The lecturer starts a class ledger service; every student's kernel joins it with a code,
gets a role (core enterprise, supplier, bank, regulator or validator node) and a key of its
own, and from then on acts on one shared chain: suppliers split and transfer vouchers to
classmates, a bank finances them, validators vote on every block in PBFT rounds, the
regulator watches everything. Off the hub, the same notebook runs with simulated classmates.

    python -m ledgerkit.classroom serve --code ABC123 --port 8765 --db class.db   # lecturer
    %classroom join ABC123 --url http://127.0.0.1:8765                            # student
    %classroom join --offline                                                      # at home

Modules, models first:

- `protocol`  signed messages (Envelope), replay protection, values on the wire
- `roles`     the roles and what member each one becomes on the chain
- `network`   ClassNetwork: the chain, the voucher contract, PBFT seats, students, the log
- `store`     the SQLite file that keeps it all across restarts
- `export`    rebuilding the chain from its record; the lecturer's export for the audit
- `service`   the tornado HTTP/WebSocket service around a ClassNetwork
- `client`    what a student's kernel uses to talk to the service (or to a simulated class)
- `simulated` a class of simulated classmates in one notebook, for Binder and home
- `widgets`   the student's panel and the lecturer's dashboard (ipywidgets, loaded lazily)
"""

from __future__ import annotations

import getpass
import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ledgerkit.classroom.client import ClassClient

URL_VARIABLE = "LEDGERKIT_CLASSROOM_URL"  # set on the hub, e.g. by the lecturer's image
HOME_ROLE = "supplier:2"  # at home you play the tier-2 supplier unless you choose


def connect(code: str | None = None, *, url: str | None = None, name: str | None = None,
            role: str | None = None) -> ClassClient:
    """Join the class. With a service address (`url`, or the LEDGERKIT_CLASSROOM_URL
    variable) that is the lecturer's class; without one, a class of simulated classmates
    in this kernel (`client.home`), so the same notebook runs at home. In class the
    service hands out roles; at home `role` defaults to HOME_ROLE.

    >>> you = connect(role="supplier:2")
    >>> you.me["label"]["en"], you.home is not None
    ('supplier (tier 2)', True)
    """
    url = url or os.environ.get(URL_VARIABLE)
    if not url:
        from ledgerkit.classroom.simulated import SimulatedClass

        home = SimulatedClass()
        you = home.join(name or "you", role or HOME_ROLE)
        you.home = home
        return you
    from ledgerkit.classroom.client import ClassClient

    name = name or os.environ.get("JUPYTERHUB_USER") or getpass.getuser()
    you = ClassClient(url, code, name=name, hub_token=os.environ.get("JUPYTERHUB_API_TOKEN"))
    you.join(role)
    return you
