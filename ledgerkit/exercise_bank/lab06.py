"""Exercises of lab 06, "The class consortium" (labs/lab06-class-consortium): the whole class
runs one consortium chain, each student a role and a node (ledgerkit.classroom).

The answers hold in class and at home alike: they follow from the rules (PBFT's quorum, the
chain's seal, the voucher contract, the classroom protocol), and the reference solutions
compute them on a simulated class, the one a student gets at home.

>>> from ledgerkit.exercises import check
>>> bool(check("lab06.seats.1", 1)), bool(check("lab06.seats.1", 2))
(True, False)
"""

from __future__ import annotations

import functools
from datetime import date
from decimal import Decimal
from typing import Any

from ledgerkit.exercise_bank._answers import money_answer, whole_number, word
from ledgerkit.exercises import Bilingual, exercise
from ledgerkit.finance.rates import discount_interest

# --- the lab's data -----------------------------------------------------------------------
SEATS = 4  # validator seats of the class chain (PBFT replicas)
PIECE = Decimal("300000.00")  # the piece a tier-2 supplier receives (30% of 1,000,000)
RATE = Decimal("0.036")  # the bank's rate for it, a year
DAYS = 180  # from the issue date to maturity
HOME_SEED = "home"  # the simulated class of a student at home (what connect() makes)


@functools.cache
def _home() -> Any:
    """The simulated class a student gets at home, after joining as a tier-2 supplier."""
    from ledgerkit.classroom import HOME_ROLE
    from ledgerkit.classroom.simulated import SimulatedClass

    home = SimulatedClass(seed=HOME_SEED)
    you = home.join("you", role=HOME_ROLE)
    return home, you


@functools.cache
def home_run() -> dict[str, Any]:
    """The lab played at home, cell by cell as the notebook does: what a student sees.

    >>> home_run()["view-after-crash"]
    (1, 1)
    """
    from ledgerkit.audit import integrity_report
    from ledgerkit.classroom import HOME_ROLE
    from ledgerkit.classroom.export import load_export
    from ledgerkit.classroom.plays import next_move
    from ledgerkit.classroom.simulated import SimulatedClass

    home = SimulatedClass(seed=HOME_SEED)
    you = home.join("you", role=HOME_ROLE)
    seen: dict[str, Any] = {"roster": you.get("roster"), "status": you.status()}
    move = next_move(you.me, you.book(), you.get("roster"), you.today)
    seen["first-move"] = move
    you.act(move.action, **move.args)
    home.lecturer("crash")
    home.poke()
    status = you.status()
    seen["view-after-crash"] = (status["view"], status["primary"])
    home.lecturer("recover", seat=0)
    home.lecturer("byzantine", seat=2)
    home.poke()
    status = you.status()
    seen["alerts"] = status["alerts"]
    seen["signers"] = you.get("blocks", since=status["height"])[0]["signers"]
    home.lecturer("recover", seat=2)
    home.lecturer("partition", groups=[[0, 1]])
    before = you.status()["height"]
    home.poke()
    seen["sealed-while-split"] = you.status()["height"] - before
    home.lecturer("heal")
    seen["after-heal"] = you.status()["height"] - before
    home.lecturer("advance", days=181)
    seen["pieces"] = list(you.book().vouchers.values())
    seen["audit"] = integrity_report(load_export(home.network.export()).chain).message
    return seen


def signatures_with_one_node_down() -> int:
    """How many validators signed a block sealed while one of the four was down.

    >>> signatures_with_one_node_down()
    3
    """
    from ledgerkit.classroom.simulated import SimulatedClass

    home = SimulatedClass(seed=HOME_SEED)
    home.join("you", role="supplier:2")
    home.lecturer("crash", seat=3)
    home.classmates["Bank"].act("grant_credit_line", core="CarMaker", limit=Decimal("6e6"))
    home.run()
    return len(home.network.chain.blocks[-1].signatures)


def refusal_rule(attempt: str) -> str:
    """The rule that refuses an attempt at home: "bank-issues", "replay" or "forged".

    >>> refusal_rule("replay")
    'classroom.replay'
    """
    from ledgerkit.classroom.client import Refused
    from ledgerkit.classroom.protocol import Envelope

    home, you = _home()
    try:
        if attempt == "bank-issues":
            home.classmates["Bank"].act("issue", to="SeatCo", amount=Decimal("1.00"),
                                        due=date(2025, 12, 31), trade_ref="PO-BANK")
        else:
            raw = Envelope.create(you.key, "read", {"what": "me"}).to_bytes()
            if attempt == "forged":
                raw = raw.replace(b'"what":"me"', b'"what":"audit"')
            else:
                you.transport.request("POST", "api/message", raw)
            you.transport.request("POST", "api/message", raw)
    except Refused as refusal:
        return refusal.rule
    return "accepted"


def primary_after_crash() -> int:
    """The primary after the primary of view 0 crashed and the class changed view.

    >>> primary_after_crash()
    1
    """
    from ledgerkit.classroom.simulated import SimulatedClass

    home = SimulatedClass(seed=HOME_SEED)
    home.join("you", role="supplier:2")
    home.lecturer("crash")  # the primary of the current view: replica 0
    home.classmates["Bank"].act("grant_credit_line", core="CarMaker", limit=Decimal("6e6"))
    home.run()
    return home.network.status()["primary"]


def blocks_during_even_split() -> int:
    """Blocks sealed while the four validators were split two against two.

    >>> blocks_during_even_split()
    0
    """
    from ledgerkit.classroom.simulated import SimulatedClass

    home = SimulatedClass(seed=HOME_SEED)
    home.join("you", role="supplier:2")
    height = home.network.chain.height
    home.lecturer("partition", groups=[[0, 1]])
    home.classmates["Bank"].act("grant_credit_line", core="CarMaker", limit=Decimal("6e6"))
    home.run(max_ticks=600)
    return home.network.chain.height - height


_NOT_A_RULE: Bilingual = (
    'Give the rule as text in quotes, e.g. "contract.role": refusal.rule prints it.',
    '请把规则写成带引号的文本，例如 "contract.role"：refusal.rule 会打印出来。')


def _rule(answer: Any, right: str, hints: dict[str, Bilingual]) -> Bilingual | None:
    given = word(answer)
    if given is None:
        return _NOT_A_RULE
    if given == right:
        return None
    return hints.get(given, ("Run the attempt and print refusal.rule.",
                             "运行这次尝试，然后打印 refusal.rule。"))


# === Part 1 · who is who ===================================================================
@exercise(
    "lab06.seats.1",
    reference=lambda: (SEATS - 1) // 3,
    wrong_answers=(2, 3, 0, 4, "1"),
    why=("f = ⌊(n − 1)/3⌋ = 1: with 4 validators, one may be silent (or lie) and the other "
         "three still form a quorum of 2f + 1 = 3.",
         "f = ⌊(n − 1)/3⌋ = 1：4 个验证节点中可以有 1 个沉默（或说谎），其余 3 个仍构成 "
         "2f + 1 = 3 的法定人数。"),
)
def _silent(answer: Any) -> Bilingual | None:
    given = whole_number(answer)
    if given is None:
        return ("Give a whole number.", "请给出一个整数。")
    if given == (SEATS - 1) // 3:
        return None
    if given == 2:
        return ("With 2 silent, only 2 vote: a quorum needs 2f + 1 = 3.",
                "若 2 个沉默，只剩 2 票：法定人数需要 2f + 1 = 3。")
    return ("PBFT tolerates f = ⌊(n − 1)/3⌋ faulty replicas among n.",
            "PBFT 在 n 个副本中最多容忍 f = ⌊(n − 1)/3⌋ 个故障副本。")


@exercise(
    "lab06.seats.2",
    reference=signatures_with_one_node_down,
    wrong_answers=(2, 4, 1),
    why=("A block must carry the signatures of more than 2/3 of the 4 validators: 3. That "
         "is why one silent validator does not stop the class, and two do.",
         "区块必须带有超过 2/3（4 个中的 3 个）验证节点的签名。所以 1 个节点沉默不影响全班，"
         "2 个就会卡住。"),
)
def _signatures(answer: Any) -> Bilingual | None:
    given = whole_number(answer)
    if given is None:
        return ("Give a whole number.", "请给出一个整数。")
    if given == 3:
        return None
    if given == 4:
        return ("Must everybody sign? Then one absent student would stop the class.",
                "需要所有人都签名吗？那样一个缺席的同学就会让全班停下来。")
    return ("Count the signers of the newest block: more than 2/3 of the validators.",
            "数一数最新区块的签名者：超过 2/3 的验证节点。")


# === Part 2 · the voucher round =============================================================
@exercise(
    "lab06.vouchers.1",
    reference=lambda: PIECE - discount_interest(PIECE, RATE, DAYS),
    wrong_answers=(Decimal("5400.00"), PIECE, Decimal("294673.97"), 294600.0),
    why=("Interest = 300,000 × 3.6% × 180 / 360 = 5,400; the supplier receives 294,600 now "
         "and the bank collects 300,000 at maturity.",
         "利息 = 300,000 × 3.6% × 180 / 360 = 5,400；供应商现在得到 294,600，银行到期收回 "
         "300,000。"),
)
def _cash(answer: Any) -> Bilingual | None:
    given, hint = money_answer(answer)
    if hint:
        return hint
    if given == PIECE - discount_interest(PIECE, RATE, DAYS):
        return None
    if given == discount_interest(PIECE, RATE, DAYS):
        return ("That is the interest; what does the supplier receive?",
                "这是利息；供应商实际得到多少？")
    if given == Decimal("294673.97"):
        return ("Chinese banks count a 360-day year for this interest.",
                "国内银行计算这笔利息按一年 360 天。")
    return ("Cash = face − face × rate × days / 360.",
            "到手金额 = 面额 − 面额 × 利率 × 天数 / 360。")


# === Part 3 · refusals ======================================================================
@exercise(
    "lab06.refusals.1",
    reference=lambda: refusal_rule("bank-issues"),
    wrong_answers=("contract.role", "classroom.forged", "voucher.not_holder"),
    why=("The voucher contract's own rule: only a core enterprise issues vouchers. The bank "
         "is a member with the business role, so the chain lets it call the contract, and the "
         "contract refuses.",
         "这是凭证合约自己的规则：只有核心企业才能签发凭证。银行是拥有业务方角色的成员，链允许"
         "它调用合约，再由合约拒绝。"),
)
def _bank_issues(answer: Any) -> Bilingual | None:
    return _rule(answer, "voucher.issue_by_core", {
        "contract.role": ("That is what a validator or the regulator gets: they hold no "
                          "business role. A bank does.",
                          "这是验证节点或监管方得到的拒绝：他们没有业务方角色，而银行有。")})


@exercise(
    "lab06.refusals.2",
    reference=lambda: refusal_rule("replay"),
    wrong_answers=("classroom.forged", "contract.nonce", "replay"),
    why=("The service remembers the nonce of every message for five minutes: the same bytes "
         "sent again are refused before anything happens.",
         "服务会把每条消息的随机数记住五分钟：同样的字节再发一次，在任何改变发生前就被拒绝。"),
)
def _replayed(answer: Any) -> Bilingual | None:
    return _rule(answer, "classroom.replay", {
        "contract.nonce": ("That is the chain's own guard for calls; the service stopped "
                           "this message earlier.",
                           "那是链对调用的防护；这条消息在更早的环节就被服务拦下了。")})


@exercise(
    "lab06.refusals.3",
    reference=lambda: refusal_rule("forged"),
    wrong_answers=("classroom.replay", "classroom.wrong_key", "forged"),
    why=("The signature covers every byte of the message; after the change it no longer "
         "matches, so the service refuses it: nobody can change what you signed.",
         "签名覆盖消息的每一个字节；改动之后签名不再匹配，服务便拒绝它：没有人能改动你签过的"
         "内容。"),
)
def _forged(answer: Any) -> Bilingual | None:
    return _rule(answer, "classroom.forged", {
        "classroom.wrong_key": ("The key still belongs to the sender; it is the signature "
                                "that no longer fits the changed message.",
                                "公钥仍属于发送者；是签名与改动后的消息对不上了。")})


# === Part 4 · faults ========================================================================
@exercise(
    "lab06.faults.1",
    reference=primary_after_crash,
    wrong_answers=(0, 2, 3),
    why=("After the timeout the replicas move to view 1, whose primary is replica 1 mod 4 "
         "= 1.", "超时后副本进入视图 1，其主节点是 1 mod 4 = 1 号副本。"),
)
def _new_primary(answer: Any) -> Bilingual | None:
    given = whole_number(answer)
    if given is None:
        return ("Give the replica's number.", "请给出副本编号。")
    if given == 1:
        return None
    return ("The primary of view v is replica v mod n; after one view change v = 1.",
            "视图 v 的主节点是 v mod n 号副本；一次视图切换后 v = 1。")


@exercise(
    "lab06.faults.2",
    reference=blocks_during_even_split,
    wrong_answers=(1, 2),
    why=("Each side has 2 of the 4 validators, fewer than the quorum of 3: no block can "
         "commit anywhere until the network heals (and no side can commit a different one).",
         "每一侧只有 4 个验证节点中的 2 个，少于法定人数 3：网络恢复之前任何一侧都无法提交区块"
         "（也不会各自提交不同的区块）。"),
)
def _during_split(answer: Any) -> Bilingual | None:
    given = whole_number(answer)
    if given is None:
        return ("Give a whole number.", "请给出一个整数。")
    if given == 0:
        return None
    return ("How many validators does each side have, and how many does a quorum need?",
            "每一侧有几个验证节点？法定人数需要几个？")
