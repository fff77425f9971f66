"""Mining speed: `ledgerkit.block.mine` against a bare hashlib loop (goal: ratio >= 0.90).

The baseline is the least a Python miner can do per attempt: put the nonce in an 80-byte
header, double SHA-256 it and compare it with the target. Both run the same number of
attempts against a target no hash can meet, so neither stops early.
"""

from __future__ import annotations

import hashlib
import struct

from run import Figure, best_time, report

from ledgerkit.block import BlockHeader, mine

ATTEMPTS = 400_000
IMPOSSIBLE_BITS = 0x03000000  # target 0: no hash is that small
HEADER = BlockHeader(1, "00" * 32, "11" * 32, 1231006505, IMPOSSIBLE_BITS, 0)


def bare_loop(attempts: int) -> None:
    prefix = HEADER.serialize()[:76]
    target = 0
    sha256, from_bytes, pack = hashlib.sha256, int.from_bytes, struct.Struct("<I").pack
    for nonce in range(attempts):
        digest = sha256(sha256(prefix + pack(nonce)).digest()).digest()
        if from_bytes(digest, "little") <= target:
            return


def rate(seconds: float) -> float:
    return ATTEMPTS / seconds / 1e6  # millions of hashes per second


def main() -> list[Figure]:
    baseline = rate(best_time(lambda: bare_loop(ATTEMPTS)))
    plain = rate(best_time(lambda: mine(HEADER, max_nonce=ATTEMPTS)))
    calls = []

    def progress(attempts: int, current_hash_hex: str) -> None:
        calls.append(attempts)

    default = rate(best_time(lambda: mine(HEADER, max_nonce=ATTEMPTS, progress=progress)))
    # A widget that redraws often: a callback every 1 000 attempts.
    chatty = rate(
        best_time(lambda: mine(HEADER, max_nonce=ATTEMPTS, progress=progress, progress_every=1000))
    )
    goal = "goal >= 0.90"
    return [
        Figure("mine() hash rate", plain, baseline, "MH/s", goal),
        Figure("mine() with progress every 65536", default, baseline, "MH/s", goal),
        Figure("mine() with progress every 1000", chatty, baseline, "MH/s", goal),
    ]


if __name__ == "__main__":
    report(main())
