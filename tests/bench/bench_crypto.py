"""Signing and verifying through `KeyPair` against bare pycryptodome on the same curve
(goal: at most 10% overhead, i.e. ratio >= 0.90).

The baseline builds its signer and verifier once and reuses them: the cheapest way to call
pycryptodome, so the ratio counts everything KeyPair adds.
"""

from __future__ import annotations

from Crypto.Hash import SHA256
from Crypto.PublicKey import ECC
from Crypto.Signature import DSS, eddsa
from run import Figure, best_time, report

from ledgerkit.crypto import CURVES, KeyPair

OPERATIONS = 400
MESSAGES = [f"pay bob {n} coins".encode() for n in range(OPERATIONS)]


def bare(curve: str, private_hex: str):
    """Sign and verify functions written directly against pycryptodome."""
    secret = bytes.fromhex(private_hex)
    if curve == "Ed25519":
        key = ECC.construct(curve=curve, seed=secret)
        signer, verifier = eddsa.new(key, "rfc8032"), eddsa.new(key.public_key(), "rfc8032")

        def prepare(message: bytes) -> bytes:
            return message
    else:
        key = ECC.construct(curve=curve, d=int.from_bytes(secret, "big"))
        signer = DSS.new(key, "deterministic-rfc6979")
        verifier = DSS.new(key.public_key(), "deterministic-rfc6979")
        prepare = SHA256.new

    def sign(message: bytes) -> bytes:
        return signer.sign(prepare(message))

    def verify(message: bytes, signature: bytes) -> bool:
        try:
            verifier.verify(prepare(message), signature)
        except ValueError:
            return False
        return True

    return sign, verify


def per_second(seconds: float) -> float:
    return OPERATIONS / seconds


def main() -> list[Figure]:
    figures = []
    for curve in CURVES:
        key = KeyPair.from_seed("bench", curve)
        bare_sign, bare_verify = bare(curve, key.to_hex())
        signatures = [key.sign(message) for message in MESSAGES]
        assert signatures == [bare_sign(message) for message in MESSAGES]  # same work

        def ours_sign(key=key):
            for message in MESSAGES:
                key.sign(message)

        def base_sign(bare_sign=bare_sign):
            for message in MESSAGES:
                bare_sign(message)

        def ours_verify(key=key, signatures=signatures):
            for message, signature in zip(MESSAGES, signatures, strict=True):
                key.verify(message, signature)

        def base_verify(bare_verify=bare_verify, signatures=signatures):
            for message, signature in zip(MESSAGES, signatures, strict=True):
                bare_verify(message, signature)

        goal = "goal >= 0.90"
        figures += [
            Figure(
                f"{curve} sign rate",
                per_second(best_time(ours_sign)),
                per_second(best_time(base_sign)),
                "ops/s",
                goal,
            ),
            Figure(
                f"{curve} verify rate",
                per_second(best_time(ours_verify)),
                per_second(best_time(base_verify)),
                "ops/s",
                goal,
            ),
        ]
    return figures


if __name__ == "__main__":
    report(main())
