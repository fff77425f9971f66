"""The supply-chain finance game (ledgerkit.sim.scf_game): money conserved, the two worlds
compared on the default seed, worked examples to the fen, refusals that change nothing."""

from decimal import Decimal

import pytest

from ledgerkit.i18n import set_language
from ledgerkit.sim.scf_bots import BOTS, eager_supplier, patient_supplier, prudent_supplier
from ledgerkit.sim.scf_game import (
    CORE,
    Decision,
    Finance,
    Game,
    GameConfig,
    GameRuleError,
    both_worlds,
)
from ledgerkit.sim.scf_report import bank_losses, events, leaderboard, report, tier_metrics

SMALL = GameConfig(tiers=(1, 1, 1), months=6, fail_chance=(0, 0, 0), fraud_chance=0)


@pytest.fixture(scope="module")
def worlds():
    return both_worlds(seed=0)


def test_money_is_conserved_across_all_parties_every_month_in_both_worlds():
    for ledger in (False, True):
        game = Game(seed=0, ledger=ledger)
        while game.month < game.config.months:
            log = game.step()
            assert game.conserved(), (ledger, log.month)
            assert log.cash_total == game.initial_cash == log.worth_total
            assert min(game.cash.values()) >= 0


def test_with_the_ledger_tier_2_and_3_finance_cheaper_and_get_cash_sooner(worlds):
    without, with_ = tier_metrics(worlds[False]), tier_metrics(worlds[True])
    for tier in (2, 3):
        assert with_[tier]["rate"] < without[tier]["rate"]
        assert with_[tier]["days"] < without[tier]["days"]
        assert with_[tier]["cost"] < without[tier]["cost"]
    # Tier 1 could already factor the core's confirmed payable: its rate barely moves.
    assert with_[1]["rate"] == pytest.approx(without[1]["rate"], abs=0.002)


def test_the_same_seed_plays_the_same_game_and_another_seed_differs():
    first, second = Game(seed=7, ledger=False), Game(seed=7, ledger=False)
    first.run()
    second.run()
    assert first.snapshot() == second.snapshot()
    other = Game(GameConfig(fail_chance=(0.05, 0.05, 0.05)), seed=8, ledger=False)
    again = Game(GameConfig(fail_chance=(0.05, 0.05, 0.05)), seed=9, ledger=False)
    other.run()
    again.run()
    assert other.snapshot() != again.snapshot()


def test_an_sme_loan_costs_interest_for_its_days_on_a_360_day_year():
    game = Game(SMALL, seed=1, ledger=False)
    # Tier 3 sells 360,000 (60% of 60% of the core's 1,000,000) and pays 85% of it in wages
    # and raw materials: 306,000 with 50,000 in hand, so the bot borrows 260,000.
    assert game.costs("T3-1") == Decimal("306000.00")
    log = game.step()
    loan = next(fields for kind, fields in log.events
                if kind == "loan" and fields["name"] == "T3-1")
    # 260,000 × 8.25% (BankB's SME rate) × 90 / 360 = 5,362.50
    assert loan == {"name": "T3-1", "bank": "BankB", "amount": Decimal("260000.00"),
                    "interest": Decimal("5362.50")}


def test_factoring_a_voucher_pays_face_less_interest_up_front():
    game = Game(SMALL, seed=1, ledger=True, players={"T1-1": patient_supplier})
    game.step()
    voucher = game.held("T1-1")[0]
    # The core paid 1,000,000 with a voucher due in 4 months; T1-1 passed 600,000 of it on.
    assert (voucher.kind, voucher.debtor, voucher.amount, voucher.due) == (
        "voucher", CORE, Decimal("400000.00"), 4)
    days, interest, cash = game.quote(voucher, "BankA")
    assert (days, interest, cash) == (90, Decimal("4000.00"), Decimal("396000.00"))
    before = game.cash["T1-1"]
    game.step({"T1-1": Decision(finance=(Finance(voucher.id, "BankA"),))})
    assert game.claims[voucher.id].holder == "BankA"
    wages = Decimal("250000.00")
    assert game.cash["T1-1"] == before + cash - wages


def test_every_tier_holds_a_claim_on_the_core_with_the_ledger():
    game = Game(SMALL, seed=1, ledger=True)
    game.step()
    for name in ("T1-1", "T2-1", "T3-1"):
        assert {claim.debtor for claim in game.held(name)} == {CORE}
    assert sum(c.amount for c in game.claims.values() if c.kind == "voucher") == Decimal(
        "1000000.00")


REFUSALS = [
    # (world with ledger?, who, decision, words the message must contain)
    (False, "T2-1", lambda g: Decision(finance=(Finance(g.held("T2-1")[0].id, "BankA"),)),
     "A bank factors only a claim on the core enterprise"),
    (True, "T2-1", lambda g: Decision(finance=(Finance(g.held("T1-1")[0].id, "BankA"),)),
     "only the current holder may sell a claim"),
    (True, "T1-1", lambda g: Decision(finance=(Finance(g.held("T1-1")[0].id, "BankA"),
                                               Finance(g.held("T1-1")[0].id, "BankB"))),
     "one receivable backs at most one financing"),
    (True, "T1-1", lambda g: Decision(finance=(Finance(g.held("T1-1")[0].id, "Bank Z"),)),
     "not a bank in this game"),
    (True, "T1-1", lambda g: Decision(loan=Decimal("-5")), "A loan is a positive amount"),
    (True, "T1-1", lambda g: Decision(term_days=60), "Only the core enterprise sets"),
    (True, CORE, lambda g: Decision(term_days=365), "from 30 to 180 days"),
    (True, "T1-1", lambda g: Decision(finance=(Finance("V999", "BankA"),)),
     "no open claim V999"),
    (True, "Nobody", lambda g: Decision(), "There is no party 'Nobody'"),
]


@pytest.mark.parametrize(("ledger", "who", "make", "words"), REFUSALS)
def test_a_refused_decision_names_the_rule_and_changes_nothing(ledger, who, make, words):
    game = Game(SMALL, seed=1, ledger=ledger, players={"T1-1": patient_supplier,
                                                        "T2-1": patient_supplier})
    game.step()
    decision = make(game)
    before = game.snapshot()
    with pytest.raises(GameRuleError) as refusal:
        game.step({who: decision})
    assert words in str(refusal.value)
    assert game.snapshot() == before


def test_a_refusal_reads_in_chinese_too():
    game = Game(SMALL, seed=1, ledger=False)
    game.step()
    set_language("zh")
    try:
        with pytest.raises(GameRuleError, match="银行只为它能核实的"):
            game.check("T2-1", Decision(finance=(Finance(game.held("T2-1")[0].id, "BankA"),)))
    finally:
        set_language("en")


def test_a_finished_game_refuses_another_month():
    game = Game(GameConfig(tiers=(1, 1, 1), months=1), seed=1)
    game.run()
    with pytest.raises(GameRuleError, match="game is over"):
        game.step({"T1-1": Decision()})


def test_without_the_ledger_an_invoice_is_financed_twice_and_a_bank_loses():
    config = GameConfig(tiers=(2, 2, 2), fraud_chance=0.2, fail_chance=(0, 0, 0))
    worlds = both_worlds(config, seed=3)
    assert events(worlds[False], "duplicate") > 0
    assert bank_losses(worlds[False]) > 0
    assert events(worlds[True], "duplicate") == 0
    assert events(worlds[True], "refused") > 0
    assert bank_losses(worlds[True]) == 0


def test_without_the_ledger_a_second_bank_buys_a_sold_invoice_and_the_seller_is_rated_d():
    game = Game(SMALL, seed=1, ledger=False, players={"T1-1": patient_supplier})
    game.step()
    invoice = game.held("T1-1")[0]
    game.step({"T1-1": Decision(finance=(Finance(invoice.id, "BankA"),
                                         Finance(invoice.id, "BankB")))})
    assert events(game, "duplicate") == 1
    assert game.conserved()
    row = next(r for r in leaderboard(game) if r.name == "T1-1")
    assert (row.rating, row.title) == ("D", "double")
    game.run()  # the seller must buy the second bank's copy back: no bank loses
    assert bank_losses(game) == 0 and game.conserved()


def test_a_failed_tier_1_firm_costs_its_suppliers_only_without_the_ledger(worlds):
    # On the default seed T2-1 fails in month 7: its tier-3 suppliers lose what it owed them
    # on trade credit; with the ledger they hold pieces of the core's voucher instead.
    assert worlds[False].firms["T2-1"].failed_in == 7
    assert tier_metrics(worlds[False])[3]["supplier_losses"] > 0
    assert tier_metrics(worlds[True])[3]["supplier_losses"] == 0


def test_when_the_core_fails_the_banks_recourse_moves_the_loss_back_to_the_sellers():
    config = GameConfig(tiers=(1, 2, 2), core_fails_in=5, fail_chance=(0, 0, 0),
                        fraud_chance=0)
    with_recourse = Game(config, seed=1, ledger=True)
    with_recourse.run()
    assert events(with_recourse, "recourse") > 0
    assert bank_losses(with_recourse) == 0
    assert with_recourse.conserved()
    without_recourse = Game(GameConfig(tiers=(1, 2, 2), core_fails_in=5, recourse=False,
                                       fail_chance=(0, 0, 0), fraud_chance=0),
                            seed=1, ledger=True)
    without_recourse.run()
    assert bank_losses(without_recourse) > 0
    assert without_recourse.conserved()
    # Same pieces, same failure: what the banks lose without recourse, the sellers pay back.
    paid_back = sum(firm.recourse_paid for firm in with_recourse.firms.values())
    assert paid_back == bank_losses(without_recourse)


@pytest.mark.parametrize("strategy", sorted(BOTS))
def test_every_bot_plays_a_whole_game_and_money_stays_conserved(strategy):
    players = {"T2-1": BOTS[strategy], "T3-1": BOTS[strategy]}
    for game in both_worlds(GameConfig(tiers=(1, 2, 2)), seed=2, players=players).values():
        assert game.conserved()


def test_a_patient_supplier_needs_emergency_overdrafts_that_a_prudent_one_avoids():
    players = {"T3-1": patient_supplier, "T3-2": prudent_supplier, "T3-3": eager_supplier}
    game = Game(GameConfig(tiers=(1, 1, 3), fail_chance=(0, 0, 0)), seed=1, ledger=True,
                players=players)
    game.run()
    assert game.firms["T3-1"].emergencies > 0
    assert game.firms["T3-2"].emergencies == 0


def test_the_leaderboard_ranks_every_supplier_and_the_report_is_bilingual(worlds):
    board = leaderboard(worlds[True])
    assert [row.rank for row in board] == list(range(1, 15))
    assert {row.rating for row in board} <= set("ABCD")
    assert board[-1].name == "T2-1" and board[-1].rating == "D"  # the firm that failed
    english = report(worlds, "T3-2")
    set_language("zh")
    try:
        chinese = report(worlds, "T3-2")
    finally:
        set_language("en")
    assert "Tier 3" in english and "With the ledger: T3-2 ranks" in english
    assert "第 3 级供应商" in chinese and "有共享账本：T3-2 排名" in chinese
