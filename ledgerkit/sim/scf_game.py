"""The supply-chain finance game (供应链金融经营沙盘): one economy, month by month, run
without and with a shared ledger of credit vouchers (债权凭证).

A core enterprise (核心企业) buys from tier-1 suppliers, who buy from tier 2, who buy from
tier 3; banks finance them. Each month orders flow down the tiers, goods and invoices flow
up, every supplier pays wages (and tier 3 its raw materials) in cash, and the core enterprise
pays at its payment term. Two worlds run on the same seed, with the same orders, failures
and fraud attempts:

- **without the ledger** each buyer owes its supplier on trade credit and pays when it is
  paid itself; a bank factors (保理) only the receivable it can check, the core enterprise's
  confirmed payable to tier 1; tier 2 and 3 borrow at SME rates against their own weak
  credit, or wait; and a bank cannot see that an invoice was already financed elsewhere;
- **with the ledger** the core enterprise pays tier 1 with a voucher; each tier splits its
  vouchers and passes pieces down as payment, so every tier holds a claim on the core and
  can factor it at a rate near the core's credit; a second financing of a piece is refused.

Every number here (order sizes, margins, rates, failure odds) is the course's example, a
game parameter, not a market figure. The rules follow the credit-voucher lifecycle in
`ledgerkit.finance.voucher` (holder-only financing, pieces that add up, one financing per
trade document) and factoring with recourse (商业银行保理业务管理暂行办法, 2014).

Money is conserved: between the parties (firms, banks and "world", which buys the core's
goods and is paid wages and raw materials) cash only moves, and every claim has one holder
and one debtor, so the parties' net worth always adds up to the cash in the economy.

>>> game = Game(GameConfig(tiers=(1, 2, 2), months=6), seed=1, ledger=True)
>>> game.run()
>>> game.conserved(), game.month
(True, 6)
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal

from ledgerkit.errors import LedgerError
from ledgerkit.finance.rates import to_fen
from ledgerkit.i18n import register_strings

DAYS_A_MONTH = 30  # the game's month; interest counts 360 days a year, as China's banks do
YEAR_BASIS = 360
CORE, WORLD = "Core", "World"
ZERO = Decimal("0.00")
BANK_STEP = (Decimal("0.001"), Decimal("0.0025"))


class GameRuleError(LedgerError):
    """A decision breaks a rule of the game; nothing was applied."""


@dataclass(frozen=True)
class GameConfig:
    """The economy's parameters: the course's example, not market data.

    `tiers` is the number of firms in tier 1, 2 and 3; each lower-tier firm sells to one
    buyer in the tier above. Rates are yearly fractions: `prime_rate` is what a bank asks for
    a claim on the core enterprise (its good credit), `sme_rate` for a loan to a small
    supplier on its own credit, `emergency_rate` for the overdraft a firm gets when it
    cannot pay wages.

    >>> GameConfig().firms   # the core, 2 + 4 + 8 suppliers and 2 banks
    17
    """

    tiers: tuple[int, int, int] = (2, 4, 8)
    banks: tuple[str, ...] = ("BankA", "BankB")
    months: int = 12
    order: Decimal = Decimal("1000000.00")  # the core's monthly order to each tier-1 firm
    input_share: Decimal = Decimal("0.60")  # share of its sales a firm buys from below
    wage_share: Decimal = Decimal("0.25")  # share of its sales a firm pays in wages
    core_margin: Decimal = Decimal("0.15")  # the core sells to the world at cost + 15%
    term_days: int = 120  # the core enterprise's payment term
    tier_lag_months: int = 1  # without the ledger each tier pays a month after it is paid
    prime_rate: Decimal = Decimal("0.040")
    sme_rate: Decimal = Decimal("0.085")
    emergency_rate: Decimal = Decimal("0.150")
    loan_months: int = 3
    start_cash: tuple[Decimal, Decimal, Decimal] = (Decimal("300000.00"),
                                                    Decimal("120000.00"),
                                                    Decimal("50000.00"))
    core_cash: Decimal = Decimal("20000000.00")
    fail_chance: tuple[float, float, float] = (0.002, 0.004, 0.008)  # per firm and month
    fraud_chance: float = 0.002  # a firm tries to finance one invoice twice (per month)
    core_fails_in: int | None = None  # the month the core stops paying (None: it never does)
    recourse: bool = True  # factoring with recourse: the bank claims from the seller

    @property
    def firms(self) -> int:
        return 1 + sum(self.tiers) + len(self.banks)

    @property
    def term_months(self) -> int:
        return max(1, self.term_days // DAYS_A_MONTH)


@dataclass
class Claim:
    """A promise to pay `amount` at the start of month `due` (months count from 0; it is
    settled at the end of month `due` − 1): a trade payable, a voucher piece (debtor: the
    core) or a bank loan. `seller` is who sold it to a bank (recourse)."""

    id: str
    kind: str  # "trade", "voucher" or "loan"
    debtor: str
    holder: str
    amount: Decimal
    due: int
    born: int
    origin: str  # the supplier whose sale created it (or the borrower of a loan)
    seller: str | None = None
    financed: bool = False
    duplicate_of: str | None = None


@dataclass(frozen=True)
class Finance:
    """Sell the claim `claim_id` to `bank` now (factoring)."""

    claim_id: str
    bank: str


@dataclass(frozen=True)
class Decision:
    """What one player does this month. A supplier: claims to factor and a loan to take; a
    bank: its two rates; the core: its payment term.

    >>> Decision(loan=Decimal("50000")).loan
    Decimal('50000')
    """

    finance: tuple[Finance, ...] = ()
    loan: Decimal = ZERO
    loan_bank: str = ""
    pass_vouchers: bool = True  # with the ledger: pay your suppliers with voucher pieces
    term_days: int | None = None  # core only
    rates: tuple[Decimal, Decimal] | None = None  # bank only: (claims on the core, SME loans)


@dataclass
class Firm:
    """A party's books and its running score."""

    name: str
    role: str  # "core", "tier1", "tier2", "tier3", "bank"
    buyer: str | None = None
    failed_in: int | None = None
    absconded: bool = False
    interest: Decimal = ZERO  # financing cost paid, yuan
    rate_base: Decimal = ZERO  # Σ face × days / 360 of what was financed: the rate's base
    sales: Decimal = ZERO
    cash_days: Decimal = ZERO  # Σ amount × days from sale to cash
    cash_amount: Decimal = ZERO
    emergencies: int = 0
    losses: Decimal = ZERO  # claims written off while it held them
    recourse_paid: Decimal = ZERO  # claims it sold and had to buy back from a bank
    duplicates: int = 0  # invoices it financed a second time (possible only without the ledger)
    start_worth: Decimal = ZERO
    quotes: tuple[Decimal, Decimal] = (ZERO, ZERO)

    @property
    def tier(self) -> int:
        return int(self.role[-1]) if self.role.startswith("tier") else 0

    @property
    def alive(self) -> bool:
        return self.failed_in is None


Player = Callable[["Game", str], Decision]
"""A player: given the game and the name of its firm, the decision for this month."""


@dataclass
class MonthLog:
    """What happened in one month, for the report and the tests."""

    month: int
    events: list[tuple[str, dict]] = field(default_factory=list)
    cash_total: Decimal = ZERO
    worth_total: Decimal = ZERO
    cash: dict[str, Decimal] = field(default_factory=dict)


class Game:
    """One world of the game (`ledger=True`: with the shared ledger of vouchers).

    `players` maps a party's name to a `Player`; every other party is played by a bot
    (`ledgerkit.sim.scf_bots.default_player`). `step(decisions)` plays one month; a
    human's decision for the month is passed in `decisions` and checked first.

    >>> game = Game(GameConfig(tiers=(1, 1, 1), months=2), seed=3)
    >>> sorted(game.firms)[:3]
    ['BankA', 'BankB', 'Core']
    """

    def __init__(self, config: GameConfig | None = None, *, seed: int = 0,
                 ledger: bool = True, players: Mapping[str, Player] | None = None) -> None:
        from ledgerkit.sim.scf_bots import default_player  # bots build on this module

        self.config = config or GameConfig()
        self.seed, self.ledger, self.month = seed, ledger, 0
        self.firms: dict[str, Firm] = {}
        self.cash: dict[str, Decimal] = {}
        self.claims: dict[str, Claim] = {}
        self.keys: set[str] = set()  # the shared ledger's record of financed claims
        self.history: list[MonthLog] = []
        self._next_id = 0
        self.term_days = self.config.term_days
        self._open()
        self._suppliers: dict[str, list[str]] = {}
        for firm in self.firms.values():
            if firm.buyer:
                self._suppliers.setdefault(firm.buyer, []).append(firm.name)
        self._pending: dict[str, Decision] = {}
        self._plan()
        self.players: dict[str, Player] = {name: default_player(self, name)
                                           for name in self.firms}
        self.players.update(players or {})
        self.initial_cash = sum(self.cash.values(), ZERO)

    # --- setting up ------------------------------------------------------------------
    def _open(self) -> None:
        cfg = self.config
        self._add(Firm(CORE, "core"), cfg.core_cash)
        above = [CORE]
        for tier, count in enumerate(cfg.tiers, start=1):
            names = [f"T{tier}-{i + 1}" for i in range(count)]
            for i, name in enumerate(names):
                self._add(Firm(name, f"tier{tier}", buyer=above[i % len(above)]),
                          cfg.start_cash[tier - 1])
            above = names
        for i, bank in enumerate(cfg.banks):
            # Banks differ a little, so the cheapest for factoring is not the cheapest for
            # loans: the second bank asks 0.1% more on claims and 0.25% less on loans.
            quotes = (cfg.prime_rate + BANK_STEP[0] * i, cfg.sme_rate - BANK_STEP[1] * i)
            firm = Firm(bank, "bank", quotes=quotes)
            self._add(firm, Decimal("1000000000.00"))
        self.cash[WORLD] = Decimal("100000000000.00")

    def _add(self, firm: Firm, cash: Decimal) -> None:
        firm.start_worth = cash
        self.firms[firm.name] = firm
        self.cash[firm.name] = cash

    # --- reading the state -----------------------------------------------------------
    def suppliers_of(self, name: str) -> list[str]:
        """The firms that sell to `name`, in order."""
        return list(self._suppliers.get(name, ()))

    def held(self, name: str) -> list[Claim]:
        """The open claims `name` holds (its receivables), soonest due first."""
        return sorted((c for c in self.claims.values() if c.holder == name),
                      key=lambda c: (c.due, c.id))

    def owed(self, name: str) -> list[Claim]:
        """The open claims on `name` (its payables and loans)."""
        return [c for c in self.claims.values() if c.debtor == name and not c.duplicate_of]

    def worth(self, name: str) -> Decimal:
        """Cash + claims held − claims owed (duplicates count against the seller)."""
        held = sum((c.amount for c in self.claims.values() if c.holder == name), ZERO)
        owed = sum((c.amount for c in self.claims.values() if self._liable(c) == name), ZERO)
        return self.cash[name] + held - owed

    def _liable(self, claim: Claim) -> str:
        # A duplicate is a claim on the seller who pledged the invoice twice, not the debtor.
        return claim.seller if claim.duplicate_of else claim.debtor

    def conserved(self) -> bool:
        """Cash is what the economy started with, and the parties' net worth adds up to it.

        >>> Game(GameConfig(tiers=(1, 1, 1)), seed=1).conserved()
        True
        """
        cash = sum(self.cash.values(), ZERO)
        worth = sum((self.worth(name) for name in self.cash), ZERO)
        return cash == self.initial_cash and worth == cash

    def need(self, name: str) -> Decimal:
        """Cash `name` must pay out this month beyond what it has: wages and inputs for
        this month's sales, plus its payables and loans falling due at the month's end."""
        firm = self.firms[name]
        if firm.role in ("core", "bank") or not firm.alive:
            return ZERO
        out = self.costs(name) + sum((c.amount for c in self.owed(name)
                                      if c.due <= self.month + 1), ZERO)
        return max(ZERO, out - self.cash[name])

    def sales(self, name: str) -> Decimal:
        """What `name` sells this month: its share of the orders flowing down the tiers."""
        return self._sales.get(name, ZERO)

    def _plan(self) -> None:
        """This month's orders, top down: the core orders `order` from each tier-1 firm;
        each firm buys `input_share` of its sales from its living suppliers, in equal parts."""
        cfg, plan = self.config, {}
        if self.firms[CORE].alive:
            for tier in range(1, len(cfg.tiers) + 1):
                for buyer in ([CORE] if tier == 1 else self._order((f"tier{tier - 1}",))):
                    alive = [s for s in self._suppliers.get(buyer, ()) if self.firms[s].alive]
                    total = cfg.order * len(alive) if buyer == CORE else to_fen(
                        plan.get(buyer, ZERO) * cfg.input_share)
                    for supplier, amount in zip(alive, _shares(total, len(alive)),
                                                strict=True):
                        plan[supplier] = amount
        self._sales = plan

    def costs(self, name: str) -> Decimal:
        """Cash this month's production costs `name`: wages, and raw materials at tier 3."""
        firm, cfg = self.firms[name], self.config
        share = cfg.wage_share + (cfg.input_share if firm.tier == len(cfg.tiers) else ZERO)
        return to_fen(self.sales(name) * share)

    def financeable(self, name: str) -> list[Claim]:
        """The claims `name` holds that a bank will factor this month."""
        return [c for c in self.held(name) if self._why_not(name, c) is None]

    def quote(self, claim: Claim, bank: str) -> tuple[int, Decimal, Decimal]:
        """(days, interest, cash now) if `bank` factors `claim` today."""
        days = (claim.due - self.month) * DAYS_A_MONTH
        interest = to_fen(claim.amount * self.firms[bank].quotes[0] * days / YEAR_BASIS)
        return days, interest, claim.amount - interest

    # --- checking a decision (before anything changes) ---------------------------------
    def check(self, name: str, decision: Decision) -> None:
        """Raise GameRuleError naming the rule if `decision` is not allowed for `name`."""
        if name not in self.firms:
            raise GameRuleError("scf.err.party", name=name, parties=", ".join(self.firms))
        firm, seen = self.firms[name], set()
        if self.month >= self.config.months:
            raise GameRuleError("scf.err.over", months=self.config.months)
        if not firm.alive and (decision.finance or decision.loan):
            raise GameRuleError("scf.err.failed", name=name)
        for item in decision.finance:
            claim = self.claims.get(item.claim_id)
            if claim is None:
                raise GameRuleError("scf.err.no_claim", claim=item.claim_id)
            self._check_bank(item.bank)
            twice = item.claim_id in seen
            seen.add(item.claim_id)
            why = "scf.err.twice" if twice and self.ledger else self._why_not(name, claim)
            if why:
                raise GameRuleError(why, claim=claim.id, name=name, holder=claim.holder,
                                    debtor=claim.debtor)
        if decision.loan < 0 or decision.loan != to_fen(decision.loan):
            raise GameRuleError("scf.err.loan", amount=decision.loan)
        if decision.loan:
            self._check_bank(decision.loan_bank)
            if firm.role not in ("tier1", "tier2", "tier3"):
                raise GameRuleError("scf.err.loan_role", name=name)
        if decision.term_days is not None and (firm.role != "core"
                                               or not 30 <= decision.term_days <= 180):
            raise GameRuleError("scf.err.term", name=name, days=decision.term_days)
        if decision.rates is not None and (firm.role != "bank"
                                           or not all(0 < r < 1 for r in decision.rates)):
            raise GameRuleError("scf.err.rates", name=name)

    def _check_bank(self, bank: str) -> None:
        if bank not in self.config.banks:
            raise GameRuleError("scf.err.bank", bank=bank, banks=", ".join(self.config.banks))

    def _why_not(self, name: str, claim: Claim) -> str | None:
        """The rule that stops `name` factoring `claim` now, or None."""
        if claim.kind == "loan" or claim.due <= self.month:
            return "scf.err.due"
        if claim.financed and self.ledger:
            return "scf.err.twice"  # the shared ledger shows every financing
        if claim.financed and (claim.seller != name or claim.duplicate_of):
            return "scf.err.holder"
        if not claim.financed and claim.holder != name:
            return "scf.err.holder"  # only the holder sells a claim (voucher rule 2)
        # Without the ledger the seller still holds the paper invoice, and a second bank
        # cannot see the first financing: it would buy it again (see _factor).
        if claim.debtor != CORE:
            # Without a record the bank can check, a claim on a small buyer is not bankable.
            return "scf.err.weak_debtor"
        if not self.firms[CORE].alive:
            return "scf.err.core_failed"
        return None

    # --- playing a month -------------------------------------------------------------
    def step(self, decisions: Mapping[str, Decision] | None = None) -> MonthLog:
        """Play one month. Human `decisions` are checked first: a refused one raises
        GameRuleError and the game is exactly as it was.

        The month: some firms fail; every player decides (banks quote, the core sets its
        term, suppliers factor claims or borrow); suppliers pay wages and inputs; goods
        and invoices (or voucher pieces) move up; claims due this month are settled.
        """
        decisions = dict(decisions or {})
        for name, decision in decisions.items():
            self.check(name, decision)
        log = MonthLog(self.month)
        self._fail(log)
        self._plan()
        self._pending = {}
        for name in self._order(("core", "bank", "tier1", "tier2", "tier3")):
            if self.firms[name].alive:
                self._pending[name] = decisions.get(name) or self._ask(name)
                self._apply(name, self._pending[name], log)
        for name in self._order(("tier1", "tier2", "tier3")):
            self._pay_costs(name, log)
        self._trade(log)
        self._settle(log)
        self.month += 1
        self._plan()
        log.cash_total = sum(self.cash.values(), ZERO)
        log.worth_total = sum((self.worth(n) for n in self.cash), ZERO)
        log.cash = dict(self.cash)
        self.history.append(log)
        return log

    def run(self) -> None:
        """Play every remaining month with the players as they are."""
        while self.month < self.config.months:
            self.step()

    def _order(self, roles: tuple[str, ...]) -> list[str]:
        return [f.name for f in self.firms.values() if f.role in roles]

    def _ask(self, name: str) -> Decision:
        decision = self.players[name](self, name)
        try:
            self.check(name, decision)
        except GameRuleError:
            return Decision()  # a bot that breaks a rule sits the month out
        return decision

    def _draw(self, *keys: object) -> float:
        """A number in [0, 1) fixed by the seed and `keys`: both worlds see the same luck."""
        digest = hashlib.sha256(repr((self.seed, *keys)).encode()).digest()
        return int.from_bytes(digest[:8], "big") / 2**64

    def _fail(self, log: MonthLog) -> None:
        cfg = self.config
        for firm in self.firms.values():
            if not firm.alive or firm.role == "bank":
                continue
            if firm.role == "core":
                failing = cfg.core_fails_in == self.month
            else:
                failing = self._draw("fail", self.month, firm.name) < cfg.fail_chance[
                    firm.tier - 1]
            if failing:
                firm.failed_in = self.month
                log.events.append(("fail", {"name": firm.name}))

    def _trade(self, log: MonthLog) -> None:
        """Orders down, goods and invoices up: the world buys from the core for cash; each
        buyer owes its suppliers (or, with the ledger, pays them with voucher pieces)."""
        cfg, core = self.config, self.firms[CORE]
        if not core.alive:
            return
        bought = sum((self.sales(n) for n in self.suppliers_of(CORE)), ZERO)
        self._pay(WORLD, CORE, to_fen(bought * (1 + cfg.core_margin)))
        due = self.month + max(1, self.term_days // DAYS_A_MONTH)
        for tier in range(1, len(cfg.tiers) + 1):
            for name in self._order((f"tier{tier}",)):
                amount = self.sales(name)
                if not amount:
                    continue
                firm = self.firms[name]
                firm.sales += amount
                buyer = firm.buyer
                if buyer == CORE:
                    kind = "voucher" if self.ledger else "trade"
                    self._new(kind, CORE, name, amount, due, name)
                elif self.ledger and self._passes(buyer):
                    self._pass_pieces(buyer, name, amount)
                else:
                    self._new("trade", buyer, name, amount,
                              due + cfg.tier_lag_months * (tier - 1), name)
                log.events.append(("sale", {"name": name, "amount": amount}))

    def _passes(self, buyer: str) -> bool:
        return self._pending.get(buyer, Decision()).pass_vouchers

    def _pass_pieces(self, payer: str, payee: str, amount: Decimal) -> None:
        """Split the payer's newest voucher pieces and hand `amount` of them to the payee."""
        left = amount
        for claim in sorted(self.held(payer), key=lambda c: (-c.due, c.id)):
            if claim.kind != "voucher" or claim.financed or claim.due <= self.month:
                continue
            piece = min(left, claim.amount)
            self._record_cash(self.firms[payer], claim, piece)  # paid a debt with it
            if piece == claim.amount:
                claim.holder, claim.origin, claim.born = payee, payee, self.month
            else:
                claim.amount -= piece
                self._new("voucher", CORE, payee, piece, claim.due, payee)
            left -= piece
            if not left:
                return
        # Not enough pieces (the buyer financed them): owe the rest on trade credit.
        self._new("trade", payer, payee, left, self.month + self.config.term_months + 1, payee)

    def _apply(self, name: str, decision: Decision, log: MonthLog) -> None:
        firm = self.firms[name]
        if decision.term_days is not None:
            self.term_days = decision.term_days
        if decision.rates is not None:
            firm.quotes = decision.rates
        for item in decision.finance:
            self._factor(name, self.claims[item.claim_id], item.bank, log)
        if decision.loan:
            self._lend(decision.loan_bank, name, decision.loan, self.firms[
                decision.loan_bank].quotes[1], self.config.loan_months, log)

    def _factor(self, name: str, claim: Claim, bank: str, log: MonthLog) -> None:
        days, interest, cash = self.quote(claim, bank)
        firm = self.firms[name]
        if claim.financed:
            # Without the ledger the second bank cannot see the first financing: it pays
            # against an invoice that is already sold, and holds only a claim on the seller.
            self._new(claim.kind, claim.debtor, bank, claim.amount, claim.due, name,
                      seller=name, duplicate_of=claim.id)
            log.events.append(("duplicate", {"name": name, "claim": claim.id, "bank": bank}))
            firm.duplicates += 1
        else:
            claim.holder, claim.seller, claim.financed = bank, name, True
            self._record_cash(firm, claim)
        self._pay(bank, name, cash)
        firm.interest += interest
        firm.rate_base += claim.amount * days / YEAR_BASIS
        log.events.append(("factor", {"name": name, "claim": claim.id, "bank": bank,
                                      "amount": claim.amount, "interest": interest}))

    def _lend(self, bank: str, name: str, amount: Decimal, rate: Decimal, months: int,
              log: MonthLog, event: str = "loan") -> None:
        days = months * DAYS_A_MONTH
        interest = to_fen(amount * rate * days / YEAR_BASIS)
        self._new("loan", name, bank, amount + interest, self.month + months, name)
        self._pay(bank, name, amount)
        firm = self.firms[name]
        firm.interest += interest
        firm.rate_base += amount * days / YEAR_BASIS
        log.events.append((event, {"name": name, "bank": bank, "amount": amount,
                                   "interest": interest}))

    def _cover(self, name: str, amount: Decimal, log: MonthLog) -> None:
        """Lend `name` what it lacks to pay `amount`: an overdraft at the emergency rate."""
        short = amount - self.cash[name]
        if short > 0:
            self.firms[name].emergencies += 1
            self._lend(self._house_bank(name), name, short, self.config.emergency_rate, 1,
                       log, "emergency")

    def _house_bank(self, name: str) -> str:
        banks = self.config.banks
        return banks[sum(name.encode()) % len(banks)]

    def _pay_costs(self, name: str, log: MonthLog) -> None:
        firm = self.firms[name]
        if not firm.alive:
            return
        cost = self.costs(name)
        self._cover(name, cost, log)
        self._pay(name, WORLD, cost)
        if self._draw("fraud", self.month, name) < self.config.fraud_chance:
            self._try_fraud(name, log)

    def _try_fraud(self, name: str, log: MonthLog) -> None:
        """A dishonest firm pledges an invoice it already sold at a second bank, then runs."""
        sold = [c for c in self.claims.values() if c.seller == name and c.financed
                and not c.duplicate_of and c.due > self.month]
        if not sold:
            return
        claim = sold[0]
        other = next(b for b in self.config.banks if b != claim.holder)
        if self.ledger:
            log.events.append(("refused", {"name": name, "claim": claim.id, "bank": other}))
            return
        self._factor(name, claim, other, log)
        self.firms[name].failed_in, self.firms[name].absconded = self.month, True
        log.events.append(("fail", {"name": name}))

    def _settle(self, log: MonthLog) -> None:
        """Every claim due by the start of next month is paid, passed back, or written off."""
        for claim in sorted(self.claims.values(), key=lambda c: (c.due, c.id)):
            if claim.due > self.month + 1 or claim.id not in self.claims:
                continue
            payer = self._liable(claim)
            if claim.duplicate_of:
                payer = claim.seller if self.firms[claim.seller].alive else None
            elif not self.firms[claim.debtor].alive:
                payer = None
            if payer is None and self.config.recourse and claim.seller and not \
                    claim.duplicate_of and self.firms[claim.seller].alive:
                payer = claim.seller  # recourse: the seller buys back the unpaid claim
                log.events.append(("recourse", {"name": payer, "claim": claim.id}))
            del self.claims[claim.id]
            if payer is None:
                self.firms[claim.holder].losses += claim.amount
                log.events.append(("loss", {"name": claim.holder, "claim": claim.id,
                                            "amount": claim.amount}))
                continue
            if self.firms[payer].role != "bank" and payer != CORE:
                self._cover(payer, claim.amount, log)
            self._pay(payer, claim.holder, claim.amount)
            if payer == claim.seller:
                self.firms[payer].recourse_paid += claim.amount
            if claim.kind != "loan" and not claim.financed:
                self._record_cash(self.firms[claim.holder], claim)

    # --- moving money ----------------------------------------------------------------
    def _pay(self, payer: str, payee: str, amount: Decimal) -> None:
        if amount < 0 or (payer != WORLD and self.cash[payer] < amount):
            raise AssertionError(f"{payer} cannot pay {amount}")  # a bug, never a rule
        self.cash[payer] -= amount
        self.cash[payee] += amount

    def _new(self, kind: str, debtor: str, holder: str, amount: Decimal, due: int,
             origin: str, *, born: int | None = None, seller: str | None = None,
             duplicate_of: str | None = None) -> Claim:
        self._next_id += 1
        prefix = {"voucher": "V", "trade": "I", "loan": "L"}[kind]
        claim = Claim(f"{prefix}{self._next_id}", kind, debtor, holder, amount, due,
                      self.month if born is None else born, origin, seller=seller,
                      financed=duplicate_of is not None, duplicate_of=duplicate_of)
        self.claims[claim.id] = claim
        return claim

    def _record_cash(self, firm: Firm, claim: Claim, amount: Decimal | None = None) -> None:
        """A sale turned into cash (factored, paid, or passed on as payment): days-to-cash."""
        if claim.origin == firm.name:
            amount = claim.amount if amount is None else amount
            firm.cash_days += amount * (self.month - claim.born) * DAYS_A_MONTH
            firm.cash_amount += amount

    def snapshot(self) -> tuple:
        """The whole state as plain values, to compare before and after a refusal."""
        return (self.month, self.term_days, repr(self.cash), repr(self.claims),
                repr(self.firms), len(self.history))


def _shares(total: Decimal, count: int) -> list[Decimal]:
    """`total` split into `count` amounts to the fen that add up exactly (the last takes the
    rounding).

    >>> _shares(Decimal("100.00"), 3)
    [Decimal('33.33'), Decimal('33.33'), Decimal('33.34')]
    """
    if count <= 0:
        return []
    part = to_fen(total / count)
    return [part] * (count - 1) + [total - part * (count - 1)]


def both_worlds(config: GameConfig | None = None, seed: int = 0,
                players: Mapping[str, Player] | None = None) -> dict[bool, Game]:
    """The same economy played to the end without (False) and with (True) the ledger.

    >>> worlds = both_worlds(GameConfig(tiers=(1, 2, 2), months=4), seed=2)
    >>> all(game.conserved() for game in worlds.values())
    True
    """
    worlds = {ledger: Game(config, seed=seed, ledger=ledger, players=players)
              for ledger in (False, True)}
    for game in worlds.values():
        game.run()
    return worlds


def with_config(game: Game, **changes: object) -> GameConfig:
    """The game's configuration with some fields changed."""
    return replace(game.config, **changes)


register_strings({
    "scf.err.party": ("There is no party {name!r} in this game; choose one of {parties}.",
                      "本局没有参与方 {name!r}；请从 {parties} 中选择。"),
    "scf.err.over": ("The game is over after {months} months: start a new game to play on.",
                     "游戏在 {months} 个月后已结束：请开一局新游戏继续。"),
    "scf.err.failed": ("{name} has failed and can no longer trade or borrow.",
                       "{name} 已经倒闭，不能再交易或融资。"),
    "scf.err.no_claim": ("There is no open claim {claim}: choose one from your receivables.",
                         "不存在未结清的债权 {claim}：请从你的应收账款中选择。"),
    "scf.err.bank": ("{bank!r} is not a bank in this game; choose one of {banks}.",
                     "{bank!r} 不是本局的银行；请从 {banks} 中选择。"),
    "scf.err.holder": ("{name} does not hold {claim} (its holder is {holder}): only the "
                       "current holder may sell a claim.",
                       "{name} 并不持有 {claim}（持有人是 {holder}）："
                       "只有当前持有人才能转让债权。"),
    "scf.err.due": ("{claim} cannot be factored: only a receivable not yet due can be sold "
                    "to a bank.",
                    "{claim} 不能保理：只有尚未到期的应收账款才能卖给银行。"),
    "scf.err.twice": ("{claim} is already financed, and the shared ledger shows it: one "
                      "receivable backs at most one financing. Choose another claim.",
                      "{claim} 已经融过资，共享账本上一目了然：同一笔应收账款只能融资一次。"
                      "请换一笔债权。"),
    "scf.err.weak_debtor": ("A bank factors only a claim on the core enterprise it can "
                            "check; {claim} is owed by {debtor}, a small firm. Take an SME "
                            "loan instead, or wait to be paid.",
                            "银行只为它能核实的、对核心企业的债权做保理；{claim} 的债务人是小企业 "
                            "{debtor}。请改申请小微企业贷款，或等待付款。"),
    "scf.err.core_failed": ("The core enterprise has failed: no bank buys a claim on it now.",
                            "核心企业已经违约：现在没有银行会买入对它的债权。"),
    "scf.err.loan": ("A loan is a positive amount in yuan to the fen; got {amount}.",
                     "贷款金额必须是精确到分的正数（元）；实际为 {amount}。"),
    "scf.err.loan_role": ("Only a supplier takes an SME loan; {name} cannot.",
                          "只有供应商才能申请小微企业贷款；{name} 不能。"),
    "scf.err.term": ("Only the core enterprise sets the payment term, from 30 to 180 days; "
                     "{name} asked for {days}.",
                     "只有核心企业才能设定账期，且须在 30 到 180 天之间；{name} 设定的是 {days}。"),
    "scf.err.rates": ("Only a bank quotes rates, each a yearly fraction between 0 and 1 "
                      "(4% is 0.04); {name} cannot.",
                      "只有银行才能报价，利率是 0 到 1 之间的年利率（4% 写作 0.04）；"
                      "{name} 不能报价。"),
})
