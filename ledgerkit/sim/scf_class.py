"""The supply-chain finance game played by a class (课堂对局): who plays which firm in each
round, the month's decisions gathered from the students, and a class score over rounds.

A class plays several rounds; a round is one whole game. Between rounds the roles rotate,
so a student who ran a comfortable tier-1 firm may next run a cash-starved tier-3 one, or a
bank, or the core enterprise. The seats are listed with the tiers interleaved (tier 3,
tier 2, tier 1, a bank or the core, then again), and in round r student i takes seat
(i + r) mod n: no two students ever share a seat, each step of the rotation moves most
students to another kind of firm (tier 3 has more seats than all the others together, so
some stay in it), and over n rounds every student plays every seat once. Seats nobody takes
are played by bots. Every round is
played on the same seed, so each student meets the same orders and the same bad luck from
another seat.

How far this goes: these are the model's pieces of a class game. The classroom network
(`ledgerkit.classroom`) does not yet carry the game's messages; a lecturer can run a round
in one kernel today by collecting each student's decision (e.g. with the widget on a
projector) and passing it to `play_month`.

>>> seats(GameConfig(tiers=(1, 1, 2)))
['T3-1', 'T2-1', 'T1-1', 'BankA', 'T3-2', 'BankB', 'Core']
>>> assign(["ann", "bo"], GameConfig(tiers=(1, 1, 2)), round_no=1)
{'ann': 'T2-1', 'bo': 'T1-1'}
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from ledgerkit.errors import InputError
from ledgerkit.i18n import register_strings
from ledgerkit.sim.scf_game import CORE, Decision, Game, GameConfig, MonthLog
from ledgerkit.sim.scf_report import leaderboard


def seats(config: GameConfig) -> list[str]:
    """The game's parties in seating order: tiers interleaved, banks and the core between.

    >>> seats(GameConfig())[:5]
    ['T3-1', 'T2-1', 'T1-1', 'BankA', 'T3-2']
    """
    by_tier = [[f"T{tier}-{i + 1}" for i in range(count)]
               for tier, count in reversed(list(enumerate(config.tiers, start=1)))]
    others = [*config.banks, CORE]
    steps = max(len(column) for column in by_tier)
    order: list[str] = []
    for step in range(steps):
        order += [column[step] for column in by_tier if step < len(column)]
        order += others[step:step + 1]
    return order + others[steps:]


def config_for_class(students: int, months: int = 12) -> GameConfig:
    """The default economy grown until every student has a seat: tiers in the ratio
    1 : 2 : 4, as in `GameConfig()`.

    >>> config_for_class(30).tiers, config_for_class(30).firms >= 30
    ((4, 8, 16), True)
    """
    if isinstance(students, bool) or not isinstance(students, int) or students < 1:
        raise InputError("scf.class.students", got=students)
    tier1 = max(2, math.ceil((students - 3) / 7))
    return GameConfig(tiers=(tier1, 2 * tier1, 4 * tier1), months=months)


def assign(students: Sequence[str], config: GameConfig, round_no: int) -> dict[str, str]:
    """Student -> the party they play in round `round_no` (0, 1, 2, …): student i takes seat
    (i + round_no) mod n, so seats never clash and roles rotate every round.

    >>> assign(["ann", "bo", "cy"], GameConfig(), 0)
    {'ann': 'T3-1', 'bo': 'T2-1', 'cy': 'T1-1'}
    """
    order = seats(config)
    if len(set(students)) != len(students):
        raise InputError("scf.class.twice", names=", ".join(sorted(
            {s for s in students if list(students).count(s) > 1})))
    if len(students) > len(order):
        raise InputError("scf.class.too_many", students=len(students), seats=len(order))
    return {student: order[(i + round_no) % len(order)]
            for i, student in enumerate(students)}


def classroom_role(party: str, game: Game) -> str:
    """The classroom network's role text for a game party ("core", "bank", "supplier:2"),
    so the class roster and the game name a seat the same way.

    >>> classroom_role("T2-3", Game(GameConfig()))
    'supplier:2'
    """
    firm = game.firms[party]
    return f"supplier:{firm.tier}" if firm.tier else firm.role


def play_month(game: Game, seating: Mapping[str, str],
               decisions: Mapping[str, Decision]) -> MonthLog:
    """Play one month with the students' decisions (student -> Decision); a student who sent
    none sits the month out with an empty decision, and bots play the free seats. A refused
    decision raises and changes nothing, as in `Game.step`."""
    unknown = sorted(set(decisions) - set(seating))
    if unknown:
        raise InputError("scf.class.unknown", names=", ".join(unknown))
    return game.step({party: decisions.get(student, Decision())
                      for student, party in seating.items()})


def class_scores(rounds: Sequence[tuple[Mapping[str, str], Game]]) -> dict[str, int]:
    """Points per student over finished rounds: a supplier seat scores by its rank on the
    leaderboard (last place 1 point, first place as many points as there are suppliers);
    the core and the banks are scored by the chain's health instead — 1 point per supplier
    rated A — so a bank or core enterprise that starves its suppliers does not win.

    >>> game = Game(GameConfig(tiers=(1, 1, 1), months=2), seed=1); game.run()
    >>> class_scores([({"ann": "T1-1", "bo": "Core"}, game)])
    {'ann': 3, 'bo': 3}
    """
    points: dict[str, int] = {}
    for seating, game in rounds:
        board = {row.name: row for row in leaderboard(game)}
        healthy = sum(1 for row in board.values() if row.rating == "A")
        for student, party in seating.items():
            row = board.get(party)
            earned = len(board) - row.rank + 1 if row else healthy
            points[student] = points.get(student, 0) + earned
    return dict(sorted(points.items(), key=lambda item: (-item[1], item[0])))


register_strings({
    "scf.class.students": ("A class has a whole number of students, at least 1; got {got!r}.",
                           "班级人数必须是至少为 1 的整数；实际为 {got!r}。"),
    "scf.class.twice": ("Every student needs a name of their own; these appear twice: "
                        "{names}.", "每位学生的名字必须互不相同；以下名字重复：{names}。"),
    "scf.class.too_many": ("{students} students but only {seats} seats: grow the game with "
                           "config_for_class({students}).",
                           "有 {students} 名学生，却只有 {seats} 个席位：请用 "
                           "config_for_class({students}) 扩大游戏规模。"),
    "scf.class.unknown": ("Decisions from students without a seat this round: {names}.",
                          "以下学生本轮没有席位，却提交了决策：{names}。"),
})
