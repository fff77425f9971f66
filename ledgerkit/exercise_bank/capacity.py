"""Exercises of the consortium capacity notebook (联盟链容量): the PBFT message cost of a
block, the modelled throughput, and the block size a peak load needs.

Every reference answer is computed with ledgerkit.sim.capacity, so the notebook and the
check agree.

>>> from ledgerkit.exercises import check
>>> bool(check("sim.capacity.1", 326)), bool(check("sim.capacity.1", 338))
(True, False)
"""

from __future__ import annotations

from typing import Any

from ledgerkit.exercise_bank._answers import NOT_A_LETTER, NOT_A_NUMBER, letter, whole_number
from ledgerkit.exercises import Bilingual, exercise
from ledgerkit.sim.capacity import capacity_per_s, pbft_messages, pbft_total

# --- the notebook's data -------------------------------------------------------------------

BLOCK_N = 13  # capacity.1: validators whose block messages are counted
RATE_N, RATE_BLOCK = 7, 100  # capacity.2: validators and calls per block
PEAK_N, PEAK_LOAD = 7, 120  # capacity.3: validators and peak calls per second
BLOCK_CHOICES = {"A": 10, "B": 50, "C": 100, "D": 500}


def _rate() -> int:
    return round(capacity_per_s(RATE_N, RATE_BLOCK))


def _smallest_block() -> str:
    fits = [key for key, size in BLOCK_CHOICES.items()
            if capacity_per_s(PEAK_N, size) > PEAK_LOAD]
    return min(fits, key=BLOCK_CHOICES.__getitem__)


# === capacity.1 the messages of one block ===================================================


@exercise(
    "sim.capacity.1",
    reference=lambda: pbft_total(BLOCK_N),
    wrong_answers=(2 * BLOCK_N**2, 313, 312, 300, 169, "326"),
    why=(
        "1 + 12 + 144 + 156 + 13 = 326 = 2n² − n + 1: one block is one PBFT request, and the "
        "two all-to-all rounds (prepare, commit) are almost all of it.",
        "1 + 12 + 144 + 156 + 13 = 326 = 2n² − n + 1：一个区块就是一次 PBFT 请求，"
        "几乎全部消息来自两轮全互联投票（准备和提交）。",
    ),
)
def _block_messages(answer: Any) -> Bilingual | None:
    given = whole_number(answer)
    if given is None:
        return NOT_A_NUMBER
    n = BLOCK_N
    if given == pbft_total(n):
        return None
    if given == 2 * n * n:
        return ("2n² is the rough size. Add the five phases exactly: 2n² − n + 1.",
                "2n² 只是大致规模。请把五个阶段精确相加：2n² − n + 1。")
    phases = pbft_messages(n)
    if given in (pbft_total(n) - phases["reply"], pbft_total(n) - phases["request"],
                 pbft_total(n) - phases["reply"] - phases["request"]):
        return ("Count the client's request and the n replies too.",
                "客户端的请求和 n 条回复也要计入。")
    return ("Add request 1, pre-prepare n − 1, prepare (n − 1)², commit n(n − 1) and reply n, "
            "or call pbft_total(13).",
            "请把请求 1、预准备 n − 1、准备 (n − 1)²、提交 n(n − 1) 和回复 n 相加，"
            "或调用 pbft_total(13)。")


# === capacity.2 the modelled throughput =====================================================


@exercise(
    "sim.capacity.2",
    reference=_rate,
    wrong_answers=(round(capacity_per_s(4, RATE_BLOCK)), RATE_BLOCK, 1000,
                   round(capacity_per_s(RATE_N, 10)), "150"),
    why=(
        "capacity_per_s(7, 100) ≈ 150 calls a second: 100 calls per block, one block every "
        "block_time_ms(7, 100) ≈ 666 ms, most of it the five network hops.",
        "capacity_per_s(7, 100) ≈ 每秒 150 次调用：每个区块 100 次调用，每 block_time_ms(7, 100) "
        "≈ 666 毫秒出一个块，其中大部分是五次网络传输。",
    ),
)
def _throughput(answer: Any) -> Bilingual | None:
    given = whole_number(answer)
    if given is None and isinstance(answer, float):
        given = round(answer)
    if given is None:
        return NOT_A_NUMBER
    if abs(given - _rate()) <= 1:
        return None
    if abs(given - capacity_per_s(4, RATE_BLOCK)) <= 1:
        return ("That is 4 validators. The question's consortium has 7.",
                "这是 4 个共识节点的结果。题目中的联盟有 7 个。")
    if given == RATE_BLOCK:
        return ("100 is the calls per block. How many blocks a second does PBFT finish?",
                "100 是每个区块的调用数。PBFT 每秒能完成几个区块？")
    return ("Divide the calls of a full block by the time one block takes: "
            "1000 × 100 / block_time_ms(7, 100), or call capacity_per_s(7, 100).",
            "用一个满区块的调用数除以一个区块所需的时间：1000 × 100 / block_time_ms(7, 100)，"
            "或调用 capacity_per_s(7, 100)。")


# === capacity.3 the block size a peak load needs ============================================


@exercise(
    "sim.capacity.3",
    reference=_smallest_block,
    wrong_answers=("A", "B", "D", 100, "100"),
    why=(
        "Blocks of 10 carry about 21 calls a second and blocks of 50 about 89; blocks of 100 "
        "carry about 150, above the peak of 120. Blocks of 500 carry more still, but at low load "
        "a call may wait longer for its block to fill.",
        "每块 10 次调用约能承载每秒 21 次，每块 50 次约 89 次；每块 100 次约 150 次，高于 "
        "120 次的峰值。每块 500 次承载得更多，但负载低时一笔调用可能要等更久才能凑满一个区块。",
    ),
)
def _block_for_peak(answer: Any) -> Bilingual | None:
    choice = letter(answer, "ABCD")
    if choice is None:
        if whole_number(answer) in BLOCK_CHOICES.values():
            return ('Give the letter of your choice, e.g. "A".', '请给出所选项的字母，例如 "A"。')
        return NOT_A_LETTER
    if choice == _smallest_block():
        return None
    size = BLOCK_CHOICES[choice]
    if capacity_per_s(PEAK_N, size) <= PEAK_LOAD:
        return (f"Blocks of {size} carry only about {capacity_per_s(PEAK_N, size):.0f} calls a "
                "second: the queue would grow without end at the peak.",
                f"每块 {size} 次调用每秒只能承载约 {capacity_per_s(PEAK_N, size):.0f} 次："
                "高峰时排队会无限增长。")
    return ("That carries the peak, but a smaller block does too, and smaller blocks fill "
            "sooner. Pick the smallest that carries 120 calls a second.",
            "这能承载峰值，但更小的区块也可以，而且更小的区块凑满得更快。"
            "请选出能承载每秒 120 次调用的最小区块。")
