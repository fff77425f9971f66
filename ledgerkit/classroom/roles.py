"""Roles in the class consortium (多元化角色): who each student plays, and what that makes them
on the chain.

| role | on the voucher platform | on the chain |
| --- | --- | --- |
| core enterprise (核心企业) | issues, confirms, settles vouchers | business user, observer node |
| supplier, tier 1…n (供应商) | splits, transfers and finances pieces | business user, no node |
| bank (银行) | grants credit lines, finances pieces (factoring) | business user, observer node |
| regulator (监管方) | reads everything (穿透式监管) | regulator, observer node |
| validator (验证节点) | — | consensus node: votes on every block |

The voucher rules themselves are `ledgerkit.finance.voucher.CreditVouchers`'s: a role only
decides which member a student becomes, so acting outside it is refused by the chain.

>>> Role.parse("supplier:2").label("en"), Role("validator").member_kinds()
('supplier (tier 2)', ('consensus', frozenset()))
"""

from __future__ import annotations

from dataclasses import dataclass

from ledgerkit.consortium import Member
from ledgerkit.crypto import KeyPair
from ledgerkit.errors import InputError
from ledgerkit.i18n import register_strings, text

ROLE_KINDS = ("core", "supplier", "bank", "regulator", "validator")
MAX_TIER = 5
# The order in which roles are handed out when a student does not ask for one: the voucher
# round needs a core enterprise, a bank and suppliers first; validators fill the seats.
FIRST_ROLES = ("core", "bank", "supplier", "validator", "regulator", "supplier", "validator",
               "supplier", "validator", "supplier", "validator")
LATER_ROLES = ("supplier",) * 7 + ("bank",)  # after that: suppliers, and now and then a bank

register_strings({
    "classroom.role.core": ("core enterprise", "核心企业"),
    "classroom.role.supplier": ("supplier (tier {tier})", "{tier} 级供应商"),
    "classroom.role.bank": ("bank", "银行"),
    "classroom.role.regulator": ("regulator", "监管方"),
    "classroom.role.validator": ("validator node", "验证节点"),
    "classroom.bad_role": (
        "Unknown role {got!r}: choose core, supplier (or supplier:2 for tier 2), bank, "
        "regulator or validator.",
        "未知角色 {got!r}：请选择 core（核心企业）、supplier（供应商，supplier:2 表示二级）、"
        "bank（银行）、regulator（监管方）或 validator（验证节点）。"),
})

_NODES = {"core": ("observer", {"business"}), "supplier": ("none", {"business"}),
          "bank": ("observer", {"business"}), "regulator": ("observer", {"regulator"}),
          "validator": ("consensus", set())}


@dataclass(frozen=True)
class Role:
    """A student's role: its kind, and a supplier's tier (1 = delivers to the core enterprise).

    >>> Role("supplier", 3).party_kind, Role("regulator").party_kind
    ('supplier', None)
    """

    kind: str
    tier: int | None = None

    def __post_init__(self) -> None:
        tier_ok = (self.tier is None if self.kind != "supplier" else
                   isinstance(self.tier, int) and not isinstance(self.tier, bool)
                   and 1 <= self.tier <= MAX_TIER)
        if self.kind not in ROLE_KINDS or not tier_ok:
            raise InputError("classroom.bad_role", got=self.text())

    @classmethod
    def parse(cls, spec: str) -> Role:
        """A role from text: "core", "bank", "regulator", "validator", "supplier" (tier 1)
        or "supplier:2".

        >>> Role.parse("supplier")
        Role(kind='supplier', tier=1)
        """
        if not isinstance(spec, str):
            raise InputError("classroom.bad_role", got=spec)
        kind, _, tier = spec.strip().lower().partition(":")
        if kind == "supplier":
            if not tier:
                return cls("supplier", 1)
            if not tier.isdigit():
                raise InputError("classroom.bad_role", got=spec)
            return cls("supplier", int(tier))
        if tier:
            raise InputError("classroom.bad_role", got=spec)
        return cls(kind)

    def text(self) -> str:
        """The role as `parse` reads it, e.g. "supplier:2".

        >>> Role("supplier", 2).text()
        'supplier:2'
        """
        return f"{self.kind}:{self.tier}" if self.tier is not None else str(self.kind)

    def label(self, lang: str | None = None) -> str:
        """The role in words, e.g. "2 级供应商".

        >>> Role("supplier", 2).label("zh")
        '2 级供应商'
        """
        return text(f"classroom.role.{self.kind}", lang=lang, tier=self.tier)

    @property
    def party_kind(self) -> str | None:
        """The kind of party on the voucher platform ('core', 'supplier', 'bank') or None."""
        return self.kind if self.kind in ("core", "supplier", "bank") else None

    def member_kinds(self) -> tuple[str, frozenset[str]]:
        """(node kind, chain roles) of a member playing this role."""
        node, roles = _NODES[self.kind]
        return node, frozenset(roles)

    def member(self, name: str, key: KeyPair) -> Member:
        """The chain member a student with `key` becomes (only the public key is kept).

        >>> Role("bank").member("bank-b", KeyPair.from_seed("b")).roles
        frozenset({'business'})
        """
        node, roles = self.member_kinds()
        return Member(name, key, node_kind=node, roles=roles)


def next_role(taken: list[Role], free_seats: int) -> Role:
    """The role for the next student who did not ask for one: the first roles of a voucher
    round, then suppliers (tiers 1, 2, 3 in turn) with a bank now and then; a validator
    only while a consensus seat is free.

    >>> roles = []
    >>> for _ in range(5): roles.append(next_role(roles, free_seats=1))
    >>> [role.text() for role in roles]
    ['core', 'bank', 'supplier:1', 'validator', 'regulator']
    """
    count = len(taken)
    kind = (FIRST_ROLES[count] if count < len(FIRST_ROLES)
            else LATER_ROLES[(count - len(FIRST_ROLES)) % len(LATER_ROLES)])
    if kind == "validator" and free_seats <= 0:
        kind = "supplier"
    if kind != "supplier":
        return Role(kind)
    suppliers = sum(role.kind == "supplier" for role in taken)
    return Role("supplier", suppliers % 3 + 1)
