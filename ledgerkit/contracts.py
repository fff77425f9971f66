"""Smart contracts (智能合约): shared state that changes only through signed calls.

A contract is a Python class. Its public attributes (names not starting with "_") are its
state. Methods marked `@action(roles=...)` are the only way to change that state, and only a
member holding one of the listed roles may call them; every other method is a read-only view.
An action receives a context `ctx`: who called (`ctx.sender`), the chain's date (`ctx.today`)
and `ctx.emit(...)` to publish an event (事件). To refuse, an action raises a `ContractError`
(`self.refuse(...)` builds one from a bilingual message) and the chain reverts everything the
action did. A call travels as a `ContractCall`: a transaction signed by the caller whose
arguments are canonical JSON, with Decimal, date and bytes tagged so they come back exactly.
`ledgerkit.consortium.ConsortiumChain` runs contracts on a consortium chain (联盟链).

>>> from ledgerkit.i18n import register_strings
>>> register_strings({"demo.duplicate": ("Document {ref} is already registered.",
...                                      "单据 {ref} 已登记。")})
>>> class TradeDocuments(Contract):
...     '''A registry of trade documents (贸易单据登记) that every member can check.'''
...     def __init__(self) -> None:
...         self.documents = {}
...     @action(roles={"business"})
...     def register(self, ctx, ref: str, amount: Decimal) -> None:
...         self.require(ref not in self.documents, "demo.duplicate", ref=ref)
...         self.documents[ref] = {"owner": ctx.sender.name, "amount": amount}
...         ctx.emit("registered", ref=ref, amount=amount)
>>> sorted(TradeDocuments.actions())
['register']
>>> ContractCall.create(KeyPair.from_seed("ann"), "TradeDocuments", "register",
...                     {"ref": "INV-7", "amount": Decimal("10.50")}, nonce=0).arguments()
{'amount': Decimal('10.50'), 'ref': 'INV-7'}
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import inspect
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any, NoReturn

from ledgerkit.crypto import CURVES, KeyPair, address_of, display_hex, double_sha256, verify
from ledgerkit.errors import InputError, LedgerError
from ledgerkit.i18n import Labels, Phrase, register_strings

ROLES = ("committee", "operator", "business", "regulator")


def role_labels(roles: Iterable[str]) -> Labels:
    """The roles in the reader's language, sorted as the code sorts them.

    >>> role_labels({"regulator", "committee"}).in_language("zh")
    '委员会、监管方'
    """
    return Labels(Phrase(f"role.{role}") if role in ROLES else role for role in sorted(roles))


register_strings({
    "contract.reserved_name": (
        "A contract action may not be called {names}: Contract already uses that name. "
        "Choose another name, e.g. refuse_documents.",
        "合约动作不能命名为 {names}：Contract 已使用该名称。请换一个名称，例如 refuse_documents。",
    ),
    "contract.float_arg": (
        "Argument {path} is a float ({value!r}); a ledger needs exact numbers: use "
        "decimal.Decimal for money and rates, e.g. Decimal('0.036').",
        "参数 {path} 是浮点数（{value!r}）；账本需要精确的数：金额和利率请用 decimal.Decimal，"
        "例如 Decimal('0.036')。",
    ),
    "contract.bad_value": (
        "{path} = {value!r} cannot be stored on the ledger ({type}). Use str, int, bool, None, "
        "Decimal, date, bytes, and lists or dicts of them (dict keys are text not starting "
        "with '$').",
        "{path} = {value!r} 无法记入账本（类型 {type}）。请使用 str、int、bool、None、Decimal、"
        "date、bytes，以及由它们组成的列表或字典（字典的键为不以 '$' 开头的文本）。",
    ),
    "contract.bad_call": (
        "This is not a well-formed contract call: {detail}.",
        "这不是格式正确的合约调用：{detail}。",
    ),
    "contract.bad_roles": (
        "An action must list at least one role from {choices}; got {roles}.",
        "操作必须从 {choices} 中至少列出一个角色；实际为 {roles}。",
    ),
    "contract.bad_signature_def": (
        "Action {action} must take (self, ctx, ...) with named arguments only, none called "
        "'by' (that word names the caller).",
        "操作 {action} 的参数必须是 (self, ctx, ...)，且只能使用具名参数，不能有名为 'by' 的参数"
        "（它用来指明调用者）。",
    ),
    "contract.not_deployed": (
        "Contract {contract} is not on a chain yet: deploy it first with chain.deploy(...).",
        "合约 {contract} 还未上链：请先用 chain.deploy(...) 部署。",
    ),
    "contract.bad_args": (
        "{contract}.{action} cannot take these arguments: {detail}.",
        "{contract}.{action} 不能接受这些参数：{detail}。",
    ),
    "contract.failed": (
        "{contract}.{action} stopped with {error}: {detail}. The chain reverted the call: "
        "nothing changed.",
        "{contract}.{action} 因 {error} 中止：{detail}。链已回滚该调用：没有任何改变。",
    ),
    # why a call is not well formed (filling contract.bad_call's {detail})
    "call.why.text": ("{name} must be text", "{name} 必须是文本"),
    "call.why.nonce": ("nonce must be a whole number >= 0", "nonce 必须是不小于 0 的整数"),
    "call.why.curve": ("unknown curve {curve!r}", "未知的曲线 {curve!r}"),
    "call.why.args": ("args are not JSON arguments", "args 不是 JSON 格式的参数"),
    "call.why.canonical": ("args are not canonical JSON", "args 不是规范 JSON"),
    "call.why.missing": ("missing {field}", "缺少字段 {field}"),
    "call.why.fields": ("a field has the wrong type or is not hex",
                        "某个字段类型错误或不是十六进制"),
    "call.why.bytes": ("the bytes are not canonical", "这些字节不是规范编码"),
    "contract.why.takes": ("it takes the named arguments {names}",
                           "它接受的具名参数为 `{names}`"),
    # the roles, as a learner reads them (the code keeps the English names)
    "role.committee": ("committee", "委员会"),
    "role.operator": ("operator", "运营方"),
    "role.business": ("business", "业务方"),
    "role.regulator": ("regulator", "监管方"),
})


class ContractError(LedgerError):
    """A contract call was refused; nothing changed. `rule` is the i18n key of the rule.

    >>> ContractError("contract.not_deployed", contract="Counter").rule
    'contract.not_deployed'
    """

    @property
    def rule(self) -> str:
        """The key that names the broken rule, e.g. 'contract.role'."""
        return self.key


class PermissionDenied(ContractError):
    """The caller is not a member, or lacks the role the action or reading needs."""


# --- canonical JSON: the exact bytes that are signed and compared --------------------------
def _to_json(value: Any, path: str, strict: bool) -> Any:
    """`value` as plain JSON data. Strict mode (call arguments) allows only types that decode
    back exactly; state mode also takes dataclasses, sets, enums and keys (encode only)."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float) and strict:
        raise InputError("contract.float_arg", path=path, value=value)
    if isinstance(value, Decimal) and value.is_finite():
        return {"$decimal": str(value)}  # str keeps the exponent: 10.50 stays 10.50
    if isinstance(value, date) and not isinstance(value, datetime):
        return {"$date": value.isoformat()}
    if isinstance(value, (bytes, bytearray)):
        return {"$bytes": bytes(value).hex()}
    if isinstance(value, (list, tuple)):
        return [_to_json(item, f"{path}[{i}]", strict) for i, item in enumerate(value)]
    if isinstance(value, dict):
        if all(isinstance(k, str) and not k.startswith("$") for k in value):
            return {k: _to_json(v, f"{path}.{k}", strict) for k, v in value.items()}
        if not strict:  # e.g. int keys: a sorted list of pairs
            pairs = [[_to_json(k, path, False), _to_json(v, f"{path}[{k!r}]", False)]
                     for k, v in value.items()]
            return {"$map": sorted(pairs, key=_dumps)}
    if not strict:
        if isinstance(value, float):
            return {"$float": repr(value)}
        if isinstance(value, (set, frozenset)):
            return {"$set": sorted((_to_json(item, path, False) for item in value), key=_dumps)}
        if isinstance(value, Enum):
            return {"$enum": _to_json(value.value, path, False)}
        if isinstance(value, KeyPair):  # only ever the public half
            return {"$key": f"{value.curve}:{value.public_hex}"}
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            return {f"${type(value).__name__}": {
                f.name: _to_json(getattr(value, f.name), f"{path}.{f.name}", False)
                for f in dataclasses.fields(value)}}
    raise InputError("contract.bad_value", path=path, value=value, type=type(value).__name__)


def _dumps(data: Any) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _from_json(obj: dict) -> Any:
    if len(obj) == 1:
        ((tag, value),) = obj.items()
        if tag == "$decimal":
            return Decimal(value)
        if tag == "$date":
            return date.fromisoformat(value)
        if tag == "$bytes":
            return bytes.fromhex(value)
    return obj


def encode_args(args: dict[str, Any]) -> str:
    """Call arguments as canonical JSON text (sorted keys, no spaces, tagged exact types).

    >>> encode_args({"due": date(2025, 7, 1), "amount": Decimal("300000.00")})
    '{"amount":{"$decimal":"300000.00"},"due":{"$date":"2025-07-01"}}'
    """
    return _dumps(_to_json(args, "args", strict=True))


def decode_args(text: str) -> dict[str, Any]:
    """The inverse of `encode_args`: the same values, Decimal and date included.

    >>> decode_args('{"n":{"$decimal":"1.0"}}')
    {'n': Decimal('1.0')}
    """
    return json.loads(text, object_hook=_from_json)


def canonical_bytes(value: Any) -> bytes:
    """Deterministic bytes of any ledger state, for comparing states and hashing them.

    >>> canonical_bytes({"b": {2, 1}, "a": Decimal("1.5")})
    b'{"a":{"$decimal":"1.5"},"b":{"$set":[1,2]}}'
    """
    return _dumps(_to_json(value, "state", strict=False)).encode()


# --- the signed call -----------------------------------------------------------------------
@dataclass(frozen=True)
class ContractCall:
    """A transaction asking contract `contract` to run `action` with `args`, signed by the
    sender. `nonce` counts the sender's accepted calls, so an old call cannot be replayed.

    >>> call = ContractCall.create(KeyPair.from_seed("ann"), "Counter", "add", {"n": 1}, 0)
    >>> call.verify_signature(), ContractCall.parse(call.serialize()) == call
    (True, True)
    """

    sender: str
    contract: str
    action: str
    args: str  # canonical JSON text (see encode_args), so the call is immutable and exact
    nonce: int
    public_key: bytes = b""
    signature: bytes = b""
    curve: str = "P-256"  # "" only for the unsigned genesis record of a chain

    def __post_init__(self) -> None:
        for name in ("sender", "contract", "action", "args", "curve"):
            if not isinstance(getattr(self, name), str):
                raise InputError("contract.bad_call", detail=Phrase("call.why.text", name=name))
        if isinstance(self.nonce, bool) or not isinstance(self.nonce, int) or self.nonce < 0:
            raise InputError("contract.bad_call", detail=Phrase("call.why.nonce"))
        if self.curve and self.curve not in CURVES:
            raise InputError("contract.bad_call", detail=Phrase("call.why.curve", curve=self.curve))
        try:
            decoded = decode_args(self.args)
            canonical = encode_args(decoded) if isinstance(decoded, dict) else ""
        except (ValueError, TypeError, AttributeError):
            raise InputError("contract.bad_call", detail=Phrase("call.why.args")) from None
        if canonical != self.args:  # one meaning, one encoding: signatures stay unambiguous
            raise InputError("contract.bad_call", detail=Phrase("call.why.canonical"))

    @classmethod
    def create(cls, key: KeyPair, contract: str, action: str, args: dict[str, Any],
               nonce: int) -> ContractCall:
        """A call from `key`'s address, signed with `key`.

        >>> ContractCall.create(KeyPair.from_seed("ann"), "C", "a", {}, 0).nonce
        0
        """
        unsigned = cls(key.address, contract, action, encode_args(args), nonce,
                       key.public_key, b"", key.curve)
        return dataclasses.replace(unsigned, signature=key.sign(unsigned.signing_bytes()))

    def arguments(self) -> dict[str, Any]:
        """The arguments, decoded (a fresh copy each time).

        >>> ContractCall.create(KeyPair.from_seed("ann"), "C", "a", {"x": b"\\x01"}, 0).arguments()
        {'x': b'\\x01'}
        """
        return decode_args(self.args)

    def _fields(self, signed: bool) -> dict[str, Any]:
        fields = {"sender": self.sender, "contract": self.contract, "action": self.action,
                  "args": json.loads(self.args), "nonce": self.nonce,
                  "public_key": self.public_key.hex(), "curve": self.curve}
        if signed:
            fields["signature"] = self.signature.hex()
        return fields

    def signing_bytes(self) -> bytes:
        """What the sender signs: every field except the signature, as canonical JSON."""
        return _dumps(self._fields(signed=False)).encode()

    def serialize(self) -> bytes:
        """The whole call, signature included, as canonical JSON bytes (to send or store)."""
        return _dumps(self._fields(signed=True)).encode()

    @classmethod
    def parse(cls, raw: bytes) -> ContractCall:
        """Read a call written by `serialize`; anything else raises InputError.

        >>> ContractCall.parse(b"{}")
        Traceback (most recent call last):
        ...
        ledgerkit.errors.InputError: This is not a well-formed contract call: missing 'sender'.
        """
        try:
            data = json.loads(raw)
            call = cls(data["sender"], data["contract"], data["action"], _dumps(data["args"]),
                       data["nonce"], bytes.fromhex(data["public_key"]),
                       bytes.fromhex(data["signature"]), data["curve"])
        except KeyError as missing:
            raise InputError("contract.bad_call",
                             detail=Phrase("call.why.missing", field=missing)) from None
        except (ValueError, TypeError):
            raise InputError("contract.bad_call", detail=Phrase("call.why.fields")) from None
        if call.serialize() != raw:
            raise InputError("contract.bad_call", detail=Phrase("call.why.bytes"))
        return call

    def call_id(self) -> bytes:
        """Double SHA-256 of the serialized call (internal byte order, like a txid)."""
        return double_sha256(self.serialize())

    def call_id_hex(self) -> str:
        """The call id as explorers show it."""
        return display_hex(self.call_id())

    def verify_signature(self) -> bool:
        """True when the public key belongs to `sender` and signed exactly this call."""
        if not self.curve or address_of(self.public_key) != self.sender:
            return False
        return verify(self.public_key, self.signing_bytes(), self.signature, self.curve)


# --- actions, events and the contract base class -------------------------------------------
@dataclass(frozen=True)
class Event:
    """Something a contract announced (事件), e.g. Event("TradeDocuments", "registered", ...).

    >>> Event("C", "added", {"n": 1}, "ann", 1, "ab")["n"]
    1
    """

    contract: str
    name: str
    fields: dict[str, Any]
    sender: str
    block: int
    call_id: str

    def __getitem__(self, field_name: str) -> Any:
        return self.fields[field_name]


@dataclass
class Context:
    """What an action knows about its call: the sender (a Member), the chain's date, and a
    way to emit events. `chain` is for reading only (None while a chain is being replayed).
    """

    sender: Any
    today: date
    chain: Any = None
    events: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    def emit(self, event: str, /, **fields: Any) -> None:
        """Announce `event` with `fields`; it is stored only if the action succeeds."""
        canonical_bytes(fields)  # refuse now what could not be stored later
        self.events.append((event, copy.deepcopy(fields)))


class Action:
    """A contract method that changes state; made by the `action` decorator.

    Read from a deployed contract it becomes a shortcut that signs and submits a call:
    `counter.add(5, by="ann")` is `chain.call("Counter", "add", by="ann", n=5)`.
    """

    def __init__(self, function: Callable[..., Any], roles: frozenset[str]) -> None:
        functools.update_wrapper(self, function)
        self.function, self.roles, self.name = function, roles, function.__name__
        self.signature = inspect.signature(function)
        params = list(self.signature.parameters.values())
        named = (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)
        if len(params) < 2 or any(p.kind not in named or p.name == "by" for p in params[2:]):
            raise InputError("contract.bad_signature_def", action=self.name)

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, contract: Contract | None, owner: type | None = None) -> Any:
        if contract is None:
            return self
        return functools.partial(self.send, contract)

    def send(self, contract: Contract, *args: Any, by: str, **kwargs: Any) -> Any:
        """Sign and submit this action on `contract`'s chain as member `by`."""
        if contract._chain is None:
            raise ContractError("contract.not_deployed", contract=contract.contract_name)
        try:
            bound = self.signature.bind(contract, None, *args, **kwargs)
        except TypeError:
            raise ContractError("contract.bad_args", contract=contract.contract_name,
                                action=self.name, detail=self._takes()) from None
        named = dict(list(bound.arguments.items())[2:])
        return contract._chain.call(contract.contract_name, self.name, by=by, **named)

    def _takes(self) -> Phrase:
        """What this action takes, said in the learner's language (Python's TypeError is
        English only)."""
        names = list(self.signature.parameters)[2:]
        return Phrase("contract.why.takes", names=", ".join(names) or "-")

    def run(self, contract: Contract, ctx: Context, args: dict[str, Any]) -> Any:
        """Run the action on `contract` (the chain passes a trial copy). Any failure comes
        out as a ContractError, so the caller has one kind of refusal to handle."""
        where = {"contract": contract.contract_name, "action": self.name}
        try:
            self.signature.bind(contract, ctx, **args)
        except TypeError:
            raise ContractError("contract.bad_args", **where, detail=self._takes()) from None
        try:
            return self.function(contract, ctx, **args)
        except ContractError:
            raise
        except Exception as problem:  # a bug or a library error: revert, and say what it was
            raise ContractError("contract.failed", **where, error=type(problem).__name__,
                                detail=problem) from problem


def action(roles: Iterable[str]) -> Callable[[Callable[..., Any]], Action]:
    """Mark a method `(self, ctx, **args)` as an action open to members holding `roles`.

    >>> class Counter(Contract):
    ...     def __init__(self): self.count = 0
    ...     @action(roles={"business"})
    ...     def add(self, ctx, n: int) -> int:
    ...         self.count += n
    ...         return self.count
    >>> Counter.add.roles
    frozenset({'business'})
    """
    allowed = frozenset([roles] if isinstance(roles, str) else roles)
    if not allowed or not allowed <= set(ROLES):
        raise InputError("contract.bad_roles", choices=", ".join(ROLES), roles=sorted(allowed))

    def decorate(function: Callable[..., Any]) -> Action:
        return Action(function, allowed)

    return decorate


class Contract:
    """Base class of contracts: public attributes are state, @action methods change it.

    >>> class Empty(Contract): pass
    >>> Empty().state_bytes()
    b'{}'
    """

    _chain: Any = None  # class defaults, so a subclass need not call super().__init__()
    _name: str | None = None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        # An action called e.g. "refuse" would silently replace Contract.refuse and break
        # every require() of the contract: refuse such a class when it is defined.
        super().__init_subclass__(**kwargs)
        clash = sorted(set(cls.actions()) & set(vars(Contract)))
        if clash:
            raise InputError("contract.reserved_name", names=", ".join(clash))

    @classmethod
    def actions(cls) -> dict[str, Action]:
        """The actions of this contract class by name.

        >>> Contract.actions()
        {}
        """
        found: dict[str, Action] = {}
        for klass in reversed(cls.__mro__):
            for name, value in vars(klass).items():
                if isinstance(value, Action):
                    found[name] = value
                else:
                    found.pop(name, None)  # a subclass replaced the action with a plain method
        return found

    @property
    def contract_name(self) -> str:
        """The name the chain knows this contract by (default: the class name)."""
        return self._name or type(self).__name__

    def state_bytes(self) -> bytes:
        """Canonical bytes of the public state: equal bytes mean equal state."""
        return canonical_bytes(self._public_state())

    def refuse(self, key: str, /, **fields: Any) -> NoReturn:
        """Refuse the call with the registered bilingual message `key` (the rule's name)."""
        raise ContractError(key, **fields)

    def require(self, condition: object, key: str, /, **fields: Any) -> None:
        """Refuse with message `key` unless `condition` holds."""
        if not condition:
            self.refuse(key, **fields)

    def _public_state(self) -> dict[str, Any]:
        return {name: value for name, value in vars(self).items() if not name.startswith("_")}

    def _copy(self, attached: bool = True) -> Contract:
        """A twin with a deep copy of the state (private attributes are shared); detached
        twins are snapshots whose actions cannot be sent."""
        twin = object.__new__(type(self))
        twin.__dict__.update({k: v for k, v in vars(self).items() if k.startswith("_")})
        twin.__dict__.update(copy.deepcopy(self._public_state()))
        if not attached:
            twin._chain = None
        return twin

    def _adopt(self, twin: Contract) -> None:
        """Take over the state of a trial copy whose action succeeded."""
        self.__dict__.clear()
        self.__dict__.update(vars(twin))
