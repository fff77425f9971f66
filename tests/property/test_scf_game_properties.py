"""Invariants of the supply-chain finance game, checked with hypothesis.

Any seed, any sizes within bounds, any mix of bots, failure and fraud odds, a core that may
fail, with or without the ledger and recourse. Whatever happens, every month:
1. cash is what the economy started with, and the parties' net worth adds up to it;
2. no party's cash is ever negative (a firm short of cash gets a recorded loan first);
3. every claim has one holder and one debtor and a positive amount to the fen;
4. with the ledger no receivable is financed twice;
5. a random decision is either applied or refused, and a refused one changes nothing.
"""

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from ledgerkit.sim.scf_bots import BOTS
from ledgerkit.sim.scf_game import Decision, Finance, Game, GameConfig, GameRuleError

CONFIGS = st.builds(
    GameConfig,
    tiers=st.tuples(st.integers(1, 3), st.integers(1, 4), st.integers(1, 5)),
    months=st.integers(1, 8),
    term_days=st.sampled_from([30, 60, 90, 120, 180]),
    fail_chance=st.tuples(*[st.sampled_from([0.0, 0.05, 0.2])] * 3),
    fraud_chance=st.sampled_from([0.0, 0.1, 0.5]),
    core_fails_in=st.one_of(st.none(), st.integers(0, 8)),
    recourse=st.booleans(),
)


def _claims_are_sound(game: Game) -> None:
    for claim in game.claims.values():
        assert claim.amount > 0 and claim.amount == claim.amount.quantize(Decimal("0.01"))
        assert claim.holder in game.cash and claim.debtor in game.cash


@settings(max_examples=60, deadline=None)
@given(config=CONFIGS, seed=st.integers(0, 10_000), ledger=st.booleans(),
       strategy=st.sampled_from(sorted(BOTS)))
def test_money_is_conserved_and_cash_never_negative(config, seed, ledger, strategy):
    game = Game(config, seed=seed, ledger=ledger,
                players={"T1-1": BOTS[strategy], "T3-1": BOTS[strategy]})
    while game.month < config.months:
        game.step()
        assert game.conserved()
        assert min(game.cash.values()) >= 0
        _claims_are_sound(game)
    if ledger:
        assert not any(claim.duplicate_of for claim in game.claims.values())


@settings(max_examples=60, deadline=None)
@given(config=CONFIGS, seed=st.integers(0, 10_000), ledger=st.booleans(),
       months=st.integers(0, 4), who=st.integers(0, 30), pick=st.integers(0, 30),
       bank=st.sampled_from(["BankA", "BankB", "BankC"]), twice=st.booleans(),
       loan=st.sampled_from([Decimal(0), Decimal("10000.00"), Decimal("-1"),
                             Decimal("0.001")]))
def test_a_random_decision_is_applied_or_refused_without_a_trace(
        config, seed, ledger, months, who, pick, bank, twice, loan):
    game = Game(config, seed=seed, ledger=ledger)
    for _ in range(min(months, config.months - 1)):
        game.step()
    names = sorted(game.firms)
    name = names[who % len(names)]
    claims = sorted(game.claims)
    finance = ()
    if claims:
        claim = claims[pick % len(claims)]
        finance = (Finance(claim, bank),) * (2 if twice else 1)
    decision = Decision(finance=finance, loan=loan, loan_bank=bank)
    before = game.snapshot()
    try:
        game.step({name: decision})
    except GameRuleError:
        assert game.snapshot() == before
    else:
        assert game.conserved() and min(game.cash.values()) >= 0
        if ledger:
            assert not any(claim.duplicate_of for claim in game.claims.values())
