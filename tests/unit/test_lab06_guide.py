"""Lab 06's lecturer's guide tells the truth: every answer it quotes is what the code computes.

labs/lab06-class-consortium/LECTURER.md lists its answers as markdown list items, one a line,
with the same convention as lab 01:

    - Expected (lab06.seats.1): `1`          str() of that exercise's reference answer
    - Fact (home-code): `HOME00`             another quoted value, computed by FACTS below

The facts are computed on the simulated class a student gets at home, played cell by cell as
the notebook plays it (`lab06.home_run`), and from the rules for the extension task.
"""


from lab_guide import LabGuide, LabGuideChecks, NinetyMinuteSession

from ledgerkit.classroom import HOME_ROLE, connect
from ledgerkit.classroom.simulated import SimulatedClass
from ledgerkit.consensus.pbft import max_faulty
from ledgerkit.exercise_bank import lab06

LAB = LabGuide("lab06-class-consortium")


def _roster() -> str:
    return ", ".join(f"{s['name']} {s['role']}" + (f":{s['tier']}" if s["tier"] else "")
                     for s in lab06.home_run()["roster"])


def _first_move() -> str:
    move = lab06.home_run()["first-move"]
    first, rest = move.args["amounts"]
    return f"{move.action} {move.args['voucher_id']} into {first} + {rest}"


def _seven_seats() -> str:
    seats = SimulatedClass(seats=7).network.pbft.n
    needed = next(k for k in range(seats + 1) if 3 * k > 2 * seats)  # the chain's seal rule
    return f"f {max_faulty(seats)}, signatures {needed}"


FACTS = {
    "home-code": lambda: connect(url="").me["code"],
    "quorum-4": lambda: "n {n}, f {f}, quorum {q}".format(
        n=len(lab06.home_run()["status"]["seats"]), f=lab06.home_run()["status"]["f"],
        q=lab06.home_run()["status"]["quorum"]),
    "home-roster": _roster,
    "home-first-move": _first_move,
    "home-view-after-crash": lambda: "view {}, primary {}".format(
        *lab06.home_run()["view-after-crash"]),
    "home-byzantine-alert": lambda: ", ".join(f"{a['kind']} {a['node']}"
                                              for a in lab06.home_run()["alerts"]),
    "home-signers-with-liar": lambda: ", ".join(lab06.home_run()["signers"]),
    "home-after-heal": lambda: str(lab06.home_run()["after-heal"]),
    "home-pieces": lambda: ", ".join(f"{p.id} {p.holder} {p.status}"
                                     for p in lab06.home_run()["pieces"]),
    "home-audit": lambda: lab06.home_run()["audit"],
    "seven-seats": _seven_seats,
}


class TestLabGuide(LabGuideChecks, NinetyMinuteSession):
    lab = LAB
    facts = FACTS


def test_the_notebook_plays_what_home_run_plays():
    """The facts are those of the notebook's own cells: same role, same faults, same order."""
    source = "\n".join(LAB.notebook_code())
    assert HOME_ROLE == "supplier:2" and "you = connect(CODE, url=URL, role=ROLE)" in source
    order = ['lecturer("crash")', 'lecturer("recover", seat=0)',
             'lecturer("byzantine", seat=2)', 'lecturer("recover", seat=2)',
             'lecturer("partition", groups=[[0, 1]])', 'lecturer("heal")',
             'lecturer("advance", days=181)']
    positions = [source.index(step) for step in order]
    assert positions == sorted(positions)
    assert source.count("you.act(move.action, **move.args)") == 1


def test_the_guide_starts_the_service_the_way_the_code_does():
    text = LAB.text()
    assert "python -m ledgerkit.classroom serve --code ABC123" in text
    assert '"--db", "/srv/classroom/class.db"' in text
    for command in ("crash", "byzantine 2", "recover 2", "partition 0,1", "heal",
                    "advance 181", "export class.json"):
        assert command in text
