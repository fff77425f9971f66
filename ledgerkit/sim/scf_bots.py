"""Bots for the supply-chain finance game (沙盘机器人): simple, readable strategies that play
any role a human does not.

A player is a function `(game, name) -> Decision`, called once a month before the firm pays
its wages. The bots:

- `prudent_supplier` raises just the cash it lacks this month, cheapest first: it factors
  claims on the core enterprise (soonest due first: the least interest), then takes an SME
  loan for the rest, rounded up to 10,000 yuan;
- `eager_supplier` factors every claim a bank will buy as soon as it can (cash now, whatever
  it costs) and borrows nothing;
- `patient_supplier` never finances: it waits to be paid and takes the emergency overdraft
  when wages fall due;
- `steady_core` keeps the payment term it was given; `steady_bank` quotes the game's rates.

>>> from ledgerkit.sim.scf_game import Game, GameConfig
>>> game = Game(GameConfig(tiers=(1, 1, 1)), seed=1)
>>> game.costs("T3-1"), game.cash["T3-1"]        # wages and raw materials; cash in hand
(Decimal('306000.00'), Decimal('50000.00'))
>>> prudent_supplier(game, "T3-1").loan          # nothing to factor yet: borrow the rest
Decimal('260000.00')
"""

from __future__ import annotations

from decimal import ROUND_CEILING, Decimal

from ledgerkit.sim.scf_game import ZERO, Decision, Finance, Game, Player

LOAN_STEP = Decimal("10000")


def prudent_supplier(game: Game, name: str) -> Decision:
    """Cover this month's shortfall: factor claims on the core, then borrow the rest."""
    short = game.need(name)
    if not short:
        return Decision()
    bank = cheapest_bank(game, 0)
    chosen: list[Finance] = []
    for claim in game.financeable(name):
        if short <= 0:
            break
        chosen.append(Finance(claim.id, bank))
        short -= game.quote(claim, bank)[2]
    if short <= 0:
        return Decision(finance=tuple(chosen))
    loan = (short / LOAN_STEP).to_integral_value(rounding=ROUND_CEILING) * LOAN_STEP
    return Decision(finance=tuple(chosen), loan=loan.quantize(ZERO),
                    loan_bank=cheapest_bank(game, 1))


def eager_supplier(game: Game, name: str) -> Decision:
    """Factor every bankable claim now."""
    bank = cheapest_bank(game, 0)
    return Decision(finance=tuple(Finance(c.id, bank) for c in game.financeable(name)))


def patient_supplier(game: Game, name: str) -> Decision:
    """Never finance: wait for the buyer to pay."""
    return Decision()


def steady_core(game: Game, name: str) -> Decision:
    """Keep the payment term."""
    return Decision()


def steady_bank(game: Game, name: str) -> Decision:
    """Quote the game's rates."""
    return Decision()


def cheapest_bank(game: Game, which: int) -> str:
    """The bank quoting the lowest rate: `which` 0 for claims on the core, 1 for loans."""
    return min(game.config.banks, key=lambda bank: (game.firms[bank].quotes[which], bank))


BOTS: dict[str, Player] = {
    "prudent": prudent_supplier,
    "eager": eager_supplier,
    "patient": patient_supplier,
}
"""The supplier strategies by name, for a leaderboard of strategies."""


def default_player(game: Game, name: str) -> Player:
    """The bot that plays `name` unless a human does: every supplier is prudent."""
    role = game.firms[name].role
    if role == "core":
        return steady_core
    if role == "bank":
        return steady_bank
    return prudent_supplier
