"""Penetrating fund payment (穿透式拨付) on a consortium chain, after Xiong'an New Area's
blockchain fund-management platform (雄安新区区块链资金管理平台).

Public money for a building project used to flow down a chain of accounts: the funder pays
the general contractor (施工总承包单位), who pays its sub-contractors (分包单位), who pay
suppliers and workers. At each step money could stop, be diverted, or arrive late — the
classic case being migrant workers' wages (拖欠农民工工资). A penetrating payment keeps the
money in the budget until it is released, in one step, to the *end payee* of an approved
contract: the supplier's account, or each worker's own account.

On the chain: the funder approves a project budget and sets its money aside
(`approve_budget`); the general contractor registers the contracts it signs
(`sign_contract`, amount and payee), a contractor registers its own sub-contracts under
them (wages, materials); the funder approves each contract (`approve_contract`); the party
who owes the payee asks for a payment (`request_payment`) and the funder releases it
(`release`) straight from the budget to the payee. Every yuan is traceable (`trace`): budget
→ contract → sub-contract → payee.

Rules the contract enforces (a refused call changes nothing):
- money goes only to the payee registered in an approved contract (the wage rule:
  保障农民工工资支付条例, State Council order No. 724, 2019, in force 1 May 2020, Art. 26 —
  wages from a dedicated wage account, 农民工工资专用账户, never mixed with other money);
- the contracts under a budget, or under a contract, never add up to more than it, so no
  contract can commit money the budget does not hold (the over-budget refusal);
- what is requested under a contract never exceeds its unpaid amount, and each payment also
  counts against every contract above it and the budget (it passes through them);
- the sub-contracts under a contract are ring-fenced: its own payee is paid only what is left
  after them, so paying the sub-contractor can never eat the workers' wages (the same idea as
  keeping wages apart from the works money, Art. 26);
- only the general contractor signs under the budget, only a contract's payee signs under
  that contract, only the funder approves and releases.

Teaching simplifications (*course's model*): one funder per budget; no retention money
(质保金), no progress measurement (工程计量) and no change orders; a contract is approved once
and not amended; a payee's account is its cash balance on the platform.

>>> desk = FundDesk(start=date(2025, 4, 1))
>>> desk.deposit(Decimal(1_000_000), by="finance_center")
>>> desk.approve_budget("B-1", project="river dyke", amount=Decimal(800_000),
...                     contractor="contractor", by="finance_center")
>>> desk.sign_contract("C-1", budget="B-1", payee="sub_builder", amount=Decimal(300_000),
...                    purpose="earthworks", by="contractor")
>>> desk.sign_contract("W-1", budget="B-1", parent="C-1", payee="worker_li",
...                    amount=Decimal(9_000), purpose="wages", by="sub_builder")
>>> for contract in ("C-1", "W-1"):
...     desk.approve_contract(contract, by="finance_center")
>>> number = desk.request_payment("W-1", payee="worker_li", amount=Decimal(9_000),
...                               by="sub_builder")
>>> desk.release(number, by="finance_center"); desk.balance("worker_li")
Decimal('9000.00')
>>> desk.trace("B-1")[0].path
('B-1', 'C-1', 'W-1')
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ledgerkit.consortium import ConsortiumChain, Member
from ledgerkit.contracts import Context, Contract, action
from ledgerkit.finance.cash import CashAccounts
from ledgerkit.finance.desk import Desk
from ledgerkit.i18n import register_strings

FUNDER = "finance_center"  # 雄安新区财政支付中心 in the real case: approves and releases
AUDITOR = "audit_office"  # the audit office (审计机关) reads every step, refused ones too
ZERO = Decimal("0.00")


@dataclass
class Budget:
    """A project budget (项目预算): money the funder set aside for one general contractor.

    >>> Budget("B-1", "dyke", "finance_center", "contractor", Decimal(5)).unpaid
    Decimal('5.00')
    """

    id: str
    project: str
    funder: str
    contractor: str
    amount: Decimal
    paid: Decimal = ZERO

    @property
    def unpaid(self) -> Decimal:
        """What is still held in the budget."""
        return self.amount - self.paid


@dataclass
class ProjectContract:
    """A contract registered under a budget (`parent` None) or under another contract: who
    signed it (`payer`, who owes), who is paid (`payee`), how much, for what.

    >>> ProjectContract("C-1", "B-1", None, "contractor", "sub", Decimal(3), "works").status
    'REGISTERED'
    """

    id: str
    budget: str
    parent: str | None
    payer: str
    payee: str
    amount: Decimal
    purpose: str
    status: str = "REGISTERED"  # → APPROVED
    paid: Decimal = ZERO  # paid to this payee or through it, to its sub-contracts' payees
    requested: Decimal = ZERO  # asked for, not yet released (here or below)


@dataclass
class PaymentRequest:
    """A request to pay `amount` under `contract` to its payee: PENDING → RELEASED."""

    number: int
    contract: str
    payee: str
    amount: Decimal
    made: date
    status: str = "PENDING"


@dataclass(frozen=True)
class TraceLine:
    """Where one payment went: the path budget → contract → … → the contract paid, the
    payee, the amount, the purpose and the day.

    >>> TraceLine(("B-1", "C-1"), "sub", Decimal(5), "works", date(2025, 4, 1)).path[-1]
    'C-1'
    """

    path: tuple[str, ...]
    payee: str
    amount: Decimal
    purpose: str
    day: date


class FundPayments(CashAccounts, Contract):
    """The fund-management contract (资金管理合约): budgets, contracts, penetrating payments.

    >>> FundPayments().budgets
    {}
    """

    _rules = "funds"

    def __init__(self) -> None:
        self.budgets: dict[str, Budget] = {}
        self.contracts: dict[str, ProjectContract] = {}
        self.requests: list[PaymentRequest] = []
        self.payments: list[TraceLine] = []
        self.cash: dict[str, Decimal] = {}
        self.deposited = ZERO  # all cash ever paid in = balances + what budgets still hold

    # --- views ---

    def path(self, contract_id: str) -> tuple[str, ...]:
        """The budget and the contracts from the top down to `contract_id`."""
        chain: list[str] = []
        current: str | None = contract_id
        while current is not None:
            chain.append(current)
            current = self.contracts[current].parent
        return (self.contracts[contract_id].budget, *reversed(chain))

    def trace(self, budget_id: str) -> list[TraceLine]:
        """Every payment out of budget `budget_id`, oldest first (the auditor's question:
        where did each yuan go?)."""
        return [line for line in self.payments if line.path[0] == budget_id]

    def paid_to(self, budget_id: str) -> dict[str, Decimal]:
        """How much of budget `budget_id` each end payee received."""
        totals: dict[str, Decimal] = {}
        for line in self.trace(budget_id):
            totals[line.payee] = totals.get(line.payee, ZERO) + line.amount
        return totals

    def ring_fenced(self, contract_id: str) -> Decimal:
        """What contract `contract_id` sets aside for its sub-contracts (their amounts)."""
        return sum((c.amount for c in self.contracts.values() if c.parent == contract_id), ZERO)

    def direct(self, contract_id: str) -> Decimal:
        """What is paid or requested to the payee of `contract_id` itself, not below it."""
        item = self.contracts[contract_id]
        below = sum((c.paid + c.requested for c in self.contracts.values()
                     if c.parent == contract_id), ZERO)
        return item.paid + item.requested - below

    def available(self, contract_id: str) -> Decimal:
        """What the payee of `contract_id` can still be paid directly: the amount less what
        is ring-fenced for sub-contracts and what it was already paid or promised."""
        return (self.contracts[contract_id].amount - self.ring_fenced(contract_id)
                - self.direct(contract_id))

    def held(self) -> Decimal:
        """The money all budgets still hold (set aside, not yet paid)."""
        return sum((budget.unpaid for budget in self.budgets.values()), ZERO)

    # --- actions ---

    @action(roles={"business"})
    def approve_budget(self, ctx: Context, budget_id: str, project: str, amount: Decimal,
                       contractor: str) -> None:
        """The funder approves a budget for `contractor` and sets `amount` aside from its
        cash: from now on the money leaves only through `release`."""
        self.require(budget_id not in self.budgets and budget_id not in self.contracts,
                     "funds.exists", id=budget_id)
        self.require(ctx.chain is None or contractor in ctx.chain.members, "funds.not_member",
                     who=contractor)
        self.require(contractor != ctx.sender.name, "funds.self_contract")
        amount = self._money(amount, "amount")
        have = self.balance(ctx.sender.name)
        self.require(have >= amount, "funds.no_cash", who=ctx.sender.name, balance=have,
                     amount=amount)
        self.cash[ctx.sender.name] = have - amount
        self.budgets[budget_id] = Budget(budget_id, project, ctx.sender.name, contractor,
                                         amount)
        ctx.emit("budget_approved", budget=budget_id, funder=ctx.sender.name,
                 contractor=contractor, amount=amount)

    @action(roles={"business"})
    def sign_contract(self, ctx: Context, contract_id: str, budget: str, payee: str,
                      amount: Decimal, purpose: str, parent: str | None = None) -> None:
        """Register a contract the caller signed with `payee`: under the budget (the general
        contractor only) or under `parent` (that contract's payee only, e.g. its wage roll)."""
        self.require(contract_id not in self.contracts and contract_id not in self.budgets,
                     "funds.exists", id=contract_id)
        self.require(budget in self.budgets, "funds.unknown_budget", budget=budget)
        above = self.budgets[budget]
        if parent is None:
            signer, limit, under = above.contractor, above.amount, budget
        else:
            self.require(parent in self.contracts and self.contracts[parent].budget == budget,
                         "funds.unknown_contract", contract=parent)
            # money already paid to the parent's payee cannot be ring-fenced any more
            signer, limit, under = (self.contracts[parent].payee,
                                    self.contracts[parent].amount - self.direct(parent), parent)
        self.require(ctx.sender.name == signer, "funds.wrong_signer", who=ctx.sender.name,
                     signer=signer, under=under)
        self.require(isinstance(payee, str) and payee.strip() and payee != signer,
                     "funds.payee", payee=payee)
        self.require(isinstance(purpose, str) and purpose.strip(), "funds.purpose")
        amount = self._money(amount, "amount")
        signed = sum((c.amount for c in self.contracts.values()
                      if c.budget == budget and c.parent == parent), ZERO)
        self.require(signed + amount <= limit, "funds.over_limit", under=under, limit=limit,
                     signed=signed, amount=amount)
        self.contracts[contract_id] = ProjectContract(contract_id, budget, parent,
                                                      ctx.sender.name, payee, amount, purpose)
        ctx.emit("contract_signed", contract=contract_id, budget=budget, parent=parent,
                 payer=ctx.sender.name, payee=payee, amount=amount, purpose=purpose)

    @action(roles={"business"})
    def approve_contract(self, ctx: Context, contract_id: str) -> None:
        """The funder checks a registered contract against the project and approves it."""
        item = self._contract(contract_id)
        self._funder_only(ctx, item.budget)
        self.require(item.status == "REGISTERED", "funds.already_approved",
                     contract=contract_id)
        item.status = "APPROVED"
        ctx.emit("contract_approved", contract=contract_id)

    @action(roles={"business"})
    def request_payment(self, ctx: Context, contract_id: str, payee: str,
                        amount: Decimal) -> int:
        """The party who owes under `contract_id` asks the funder to pay `payee` (who must be
        the contract's payee); returns the request's number."""
        item = self._contract(contract_id)
        self.require(ctx.sender.name == item.payer, "funds.wrong_requester",
                     who=ctx.sender.name, payer=item.payer, contract=contract_id)
        self.require(payee == item.payee, "funds.wrong_payee", payee=payee,
                     contract=contract_id, registered=item.payee)
        amount = self._money(amount, "amount")
        free = self.available(contract_id)
        self.require(amount <= free, "funds.over_contract", contract=contract_id,
                     amount=item.amount, ring=self.ring_fenced(contract_id),
                     used=self.direct(contract_id), payee=payee, free=free, asked=amount)
        for step in self.path(contract_id)[1:]:  # every contract the money passes through
            self.require(self.contracts[step].status == "APPROVED", "funds.unapproved",
                         contract=step)
        for step in self.path(contract_id)[1:]:
            self.contracts[step].requested += amount
        number = len(self.requests) + 1
        self.requests.append(PaymentRequest(number, contract_id, payee, amount, ctx.today))
        ctx.emit("payment_requested", number=number, contract=contract_id, payee=payee,
                 amount=amount)
        return number

    @action(roles={"business"})
    def release(self, ctx: Context, number: int) -> None:
        """The funder releases request `number`: the money goes from the budget straight to
        the end payee, and counts as paid under every contract on its path."""
        self.require(type(number) is int and 1 <= number <= len(self.requests),
                     "funds.unknown_request", number=number, count=len(self.requests))
        request = self.requests[number - 1]
        self.require(request.status == "PENDING", "funds.released", number=number)
        item = self.contracts[request.contract]
        self._funder_only(ctx, item.budget)
        path = self.path(request.contract)
        for step in path[1:]:
            self.contracts[step].requested -= request.amount
            self.contracts[step].paid += request.amount
        self.budgets[item.budget].paid += request.amount
        self.cash[request.payee] = self.balance(request.payee) + request.amount
        request.status = "RELEASED"
        self.payments.append(TraceLine(path, request.payee, request.amount, item.purpose,
                                       ctx.today))
        ctx.emit("released", number=number, path=list(path), payee=request.payee,
                 amount=request.amount)

    # --- checks shared by the actions ---

    def _contract(self, contract_id: str) -> ProjectContract:
        self.require(contract_id in self.contracts, "funds.unknown_contract",
                     contract=contract_id)
        return self.contracts[contract_id]

    def _funder_only(self, ctx: Context, budget_id: str) -> None:
        funder = self.budgets[budget_id].funder
        self.require(ctx.sender.name == funder, "funds.funder_only", who=ctx.sender.name,
                     funder=funder, budget=budget_id)


def default_members() -> list[Member]:
    """The funder (the finance payment centre, 财政支付中心) and three banks that hold the
    project accounts run the consensus nodes (PBFT survives one faulty node from n = 4); the
    general contractor, a sub-contractor and a supplier do business and run no node, since
    the others check their requests; the audit office observes as regulator.

    >>> [m.name for m in default_members()][:2]
    ['finance_center', 'bank_a']
    """
    return [Member(FUNDER, node_kind="consensus", roles={"committee", "operator", "business"}),
            *(Member(bank, node_kind="consensus", roles={"committee", "business"})
              for bank in ("bank_a", "bank_b", "bank_c")),
            Member(AUDITOR, node_kind="observer", roles={"regulator"}),
            *(Member(name, roles={"business"})
              for name in ("contractor", "sub_builder", "supplier"))]


class FundDesk(Desk, FundPayments):
    """The fund-management platform on `chain`, or on a new chain of `default_members()`
    starting on `start`. Call actions with `by=member`.

    >>> FundDesk().chain.today
    datetime.date(2025, 1, 1)
    """

    def __init__(self, chain: ConsortiumChain | None = None, *,
                 start: date | None = None) -> None:
        super().__init__()
        self._open(chain, default_members, start, "FundPayments")


register_strings({
    "funds.exists": ("{id} already exists: budgets and contracts need new ids.",
                     "{id} 已存在：预算和合同须使用新的编号。"),
    "funds.not_member": ("{who} is not a member of this chain.", "{who} 不是本链成员。"),
    "funds.self_contract": ("The funder cannot be its own general contractor.",
                            "出资方不能同时担任自己的施工总承包单位。"),
    "funds.amount": ("{what} must be a positive amount in whole fen; got {value}.",
                     "{what} 必须是以分为单位的正金额；实际为 {value}。"),
    "funds.no_cash": ("{who} has {balance} but must set aside {amount}: deposit cash first.",
                      "{who} 余额为 {balance}，但须划拨 {amount}：请先存入资金。"),
    "funds.unknown_budget": ("There is no budget {budget}.", "不存在预算 {budget}。"),
    "funds.unknown_contract": ("There is no contract {contract} on this budget.",
                               "该预算中不存在合同 {contract}。"),
    "funds.wrong_signer": ("Only {signer} may register contracts under {under} (the general "
                           "contractor under a budget, a contract's payee under its contract); "
                           "{who} called.",
                           "只有 {signer} 才能在 {under} 之下登记合同（预算之下由施工总承包单位"
                           "登记，合同之下由该合同的收款方登记）；调用者为 {who}。"),
    "funds.payee": ("The payee {payee!r} must be named and must not be the signer itself.",
                    "收款方 {payee!r} 必须写明，且不能是签约方自己。"),
    "funds.purpose": ("Say what the contract is for (works, materials, wages …).",
                      "请写明合同用途（工程、材料、工资……）。"),
    "funds.over_limit": ("Contracts under {under} may add up to {limit}: {signed} is already "
                         "signed, so {amount} more would exceed it.",
                         "{under} 之下的合同合计不得超过 {limit}：已签 {signed}，再签 {amount} "
                         "将超出。"),
    "funds.funder_only": ("Only the funder {funder} of budget {budget} may do this; {who} "
                          "called.", "只有预算 {budget} 的出资方 {funder} 才能执行此操作；"
                          "调用者为 {who}。"),
    "funds.already_approved": ("Contract {contract} is already approved.",
                               "合同 {contract} 已经审批。"),
    "funds.wrong_requester": ("Only {payer}, who owes under contract {contract}, may request "
                              "its payments; {who} called.",
                              "只有合同 {contract} 的付款义务方 {payer} 才能申请拨付；"
                              "调用者为 {who}。"),
    "funds.wrong_payee": ("Contract {contract} pays {registered}, not {payee}: money goes "
                          "only to the payee registered in the contract (wages to the "
                          "worker's own account, 保障农民工工资支付条例 Art. 26).",
                          "合同 {contract} 的收款方是 {registered}，不是 {payee}：资金只能"
                          "拨付给合同登记的收款方（工资直接进入农民工本人账户，"
                          "《保障农民工工资支付条例》第二十六条）。"),
    "funds.unapproved": ("Contract {contract} is not approved by the funder yet: nothing is "
                         "paid under it.", "合同 {contract} 尚未经出资方审批：不能据此拨付。"),
    "funds.over_contract": ("Contract {contract} is for {amount}: {ring} of it is ring-fenced "
                             "for its sub-contracts (wages, materials) and {used} is already "
                             "paid or requested to {payee}, so {free} is left for {payee}; "
                             "{asked} would exceed it.",
                             "合同 {contract} 金额为 {amount}：其中 {ring} 专门留给其下的分包合同"
                             "（工资、材料），已向 {payee} 拨付或申请 {used}，{payee} 还能获得 "
                             "{free}；申请 {asked} 将超出。"),
    "funds.unknown_request": ("There is no payment request {number} (requests: 1 to "
                              "{count}).", "不存在第 {number} 号拨付申请（共 {count} 笔）。"),
    "funds.released": ("Payment request {number} is already released.",
                       "第 {number} 号拨付申请已经拨付。"),
})
