"""Merkle trees with Bitcoin's rules (默克尔树).

Leaves are transaction ids (32-byte hashes, internal byte order). Each level pairs
neighbours and hashes them with double SHA-256; when a level has an odd number of hashes the
last one is paired with itself. A Merkle proof (默克尔证明) is the list of siblings on the way
from one leaf to the root: a light client checks that a transaction is in a block with
log2(n) hashes instead of the whole block.

>>> leaves = [bytes([i]) * 32 for i in range(3)]
>>> proof = merkle_proof(leaves, 2)
>>> verify_proof(leaves[2], proof, merkle_root(leaves))
True
"""

from __future__ import annotations

from dataclasses import dataclass

from ledgerkit.crypto import double_sha256
from ledgerkit.errors import InputError


@dataclass(frozen=True)
class ProofStep:
    """One step up the tree: the sibling hash and whether it sits on the left."""

    sibling: bytes
    sibling_on_left: bool


def _parent_level(level: list[bytes]) -> list[bytes]:
    if len(level) % 2 == 1:
        level = level + [level[-1]]  # Bitcoin's rule: an odd last hash pairs with itself
    return [double_sha256(level[i] + level[i + 1]) for i in range(0, len(level), 2)]


def merkle_levels(leaves: list[bytes]) -> list[list[bytes]]:
    """Every level of the tree, from the leaves (level 0) up to [root].

    >>> [len(level) for level in merkle_levels([b"a" * 32] * 5)]
    [5, 3, 2, 1]
    """
    if not leaves:
        raise InputError("err.empty_merkle")
    levels = [list(leaves)]
    while len(levels[-1]) > 1:
        levels.append(_parent_level(levels[-1]))
    return levels


def merkle_root(leaves: list[bytes]) -> bytes:
    """The Merkle root of `leaves` (internal byte order, as stored in a block header).

    >>> merkle_root([b"x" * 32]) == b"x" * 32
    True
    """
    return merkle_levels(leaves)[-1][0]


def merkle_proof(leaves: list[bytes], index: int) -> list[ProofStep]:
    """The siblings that prove `leaves[index]` is in the tree, bottom to top.

    >>> len(merkle_proof([b"a" * 32] * 4, 0))
    2
    """
    if not 0 <= index < len(leaves):
        raise InputError("err.leaf_index", index=index, count=len(leaves), last=len(leaves) - 1)
    proof = []
    for level in merkle_levels(leaves)[:-1]:
        sibling_index = index ^ 1  # the neighbour in the pair: flip the lowest bit
        sibling = level[sibling_index] if sibling_index < len(level) else level[index]
        proof.append(ProofStep(sibling, sibling_on_left=index % 2 == 1))
        index //= 2
    return proof


def verify_proof(leaf: bytes, proof: list[ProofStep], root: bytes) -> bool:
    """True when hashing `leaf` up through `proof` arrives at `root`.

    >>> verify_proof(b"a" * 32, [], b"a" * 32)
    True
    """
    current = leaf
    for step in proof:
        pair = step.sibling + current if step.sibling_on_left else current + step.sibling
        current = double_sha256(pair)
    return current == root
