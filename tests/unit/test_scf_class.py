"""The supply-chain finance game played by a class: seats, rotation between rounds, the
month's decisions from students, and the class score."""

import pytest

from ledgerkit.classroom.roles import Role
from ledgerkit.errors import InputError
from ledgerkit.sim.scf_class import (
    assign,
    class_scores,
    classroom_role,
    config_for_class,
    play_month,
    seats,
)
from ledgerkit.sim.scf_game import Decision, Finance, Game, GameConfig, GameRuleError

STUDENTS = [f"s{i:02}" for i in range(30)]


def test_every_party_has_exactly_one_seat():
    config = GameConfig()
    assert sorted(seats(config)) == sorted(Game(config).firms)


@pytest.mark.parametrize("size", [1, 3, 14, 17, 30, 60])
def test_no_two_students_share_a_seat_in_any_round(size):
    students = STUDENTS[:size] if size <= 30 else [f"x{i}" for i in range(size)]
    config = config_for_class(size)
    for round_no in range(6):
        seating = assign(students, config, round_no)
        assert len(set(seating.values())) == size
        assert set(seating.values()) <= set(Game(config).firms)


def test_roles_rotate_so_a_student_plays_every_tier_a_bank_and_the_core():
    config = GameConfig(tiers=(1, 1, 1))
    kinds = {Game(config).firms[assign(["ann"], config, r)["ann"]].role for r in range(6)}
    assert kinds == {"tier1", "tier2", "tier3", "bank", "core"}
    # In a full class the next round moves most students to another kind of firm, and over
    # as many rounds as there are seats every student plays every seat once.
    config = config_for_class(30)
    game, n = Game(config), len(seats(config))
    first, second = assign(STUDENTS, config, 0), assign(STUDENTS, config, 1)
    moved = sum(game.firms[first[s]].role != game.firms[second[s]].role for s in STUDENTS)
    assert moved > len(STUDENTS) / 2
    for student in STUDENTS:
        assert {assign(STUDENTS, config, r)[student] for r in range(n)} == set(game.firms)


def test_a_seat_is_named_as_the_classroom_network_names_roles():
    game = Game(GameConfig())
    for party in game.firms:
        role = Role.parse(classroom_role(party, game))
        assert role.text() == classroom_role(party, game)


def test_too_many_or_repeated_students_are_refused_with_the_fix():
    with pytest.raises(InputError, match=r"config_for_class\(30\)"):
        assign(STUDENTS, GameConfig(), 0)
    with pytest.raises(InputError, match="appear twice: ann"):
        assign(["ann", "bo", "ann"], GameConfig(), 0)
    with pytest.raises(InputError):
        config_for_class(0)


def test_a_class_month_plays_the_students_decisions_and_bots_the_rest():
    config = GameConfig(tiers=(1, 2, 2), fail_chance=(0, 0, 0), fraud_chance=0)
    seating = assign(["ann", "bo"], config, 0)  # ann: T3-1, bo: T2-1
    game = Game(config, seed=1)
    play_month(game, seating, {})  # nobody decides: ann and bo sit the month out
    assert game.firms["T3-1"].emergencies > 0  # a student who does nothing is overdrawn
    assert game.firms["T3-2"].emergencies == 0  # its bot neighbour borrowed in time
    piece = game.held("T3-1")[0].id
    play_month(game, seating, {"ann": Decision(finance=(Finance(piece, "BankA"),))})
    assert game.claims[piece].holder == "BankA"
    before = game.snapshot()
    with pytest.raises(GameRuleError, match="does not hold"):
        play_month(game, seating, {"bo": Decision(finance=(Finance(
            game.held("T3-2")[0].id, "BankA"),))})
    assert game.snapshot() == before
    with pytest.raises(InputError, match="without a seat this round: cy"):
        play_month(game, seating, {"cy": Decision()})


def test_class_scores_add_up_over_rounds_and_rank_the_students():
    config = GameConfig(tiers=(1, 1, 2), months=3)
    students = ["ann", "bo", "cy"]
    rounds = []
    for round_no in range(3):
        seating = assign(students, config, round_no)
        game = Game(config, seed=4)
        while game.month < config.months:
            play_month(game, seating, {})
        rounds.append((seating, game))
    scores = class_scores(rounds)
    assert set(scores) == set(students)
    assert list(scores.values()) == sorted(scores.values(), reverse=True)
    assert all(0 < points <= 3 * 4 for points in scores.values())
