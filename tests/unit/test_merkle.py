"""ledgerkit.merkle against the Merkle roots of real Bitcoin blocks (默克尔树).

Blocks 100,000, 100,014 and the testnet block are also pinned by their headers: test_block.py
checks that the header holding this Merkle root hashes to the block's published id and meets
its proof-of-work target, so a wrong txid or root here could not pass there too.

Txids are written as block explorers show them (display order); the tree works on the
reversed bytes (internal order).
"""

import pytest

from ledgerkit.crypto import display_hex, double_sha256, from_display_hex
from ledgerkit.errors import InputError
from ledgerkit.merkle import ProofStep, merkle_levels, merkle_proof, merkle_root, verify_proof

# Mainnet block 100,000: 4 transactions (an even tree).
BLOCK_100000_TXIDS = [
    "8c14f0db3df150123e6f3dbbf30f8b955a8249b62ac1d1ff16284aefa3d06d87",
    "fff2525b8931402dd09222c50775608f75787bd2b87e56995a7bdd30f79702c4",
    "6359f0868171b1d194cbee1af2f16ea598ae8fad666d9b012c8ed2b79a236ec4",
    "e9a66845e05d5abc0ad04ec80f774a7e585c6e8db975962d069a522137b80c1d",
]
BLOCK_100000_ROOT = "f3e94742aca4b5ef85488dc37c06c3282295ffec960994b2c0d5ac2a25a95766"

# Mainnet block 100,014: 7 transactions, so the leaf level is odd and its last txid is paired
# with itself. It is also the worked example of the "merkleblock" message in the Bitcoin
# developer reference (see test_block_100014_partial_tree_hashes below).
BLOCK_100014_TXIDS = [
    "147caa76786596590baa4e98f5d9f48b86c7765e489f7a6ff3360fe5c674360b",
    "0bcb16af267dee77ed8761662d31ee9d9a1bf1e4d268a9e7127407ebb3f9acfd",
    "48738657818e2628f216375a9d48d681e2b1b1390be1b7a028c7b810eaa3928a",
    "02981fa052f0481dbc5868f4fc2166035a10f27a03cfd2de67326471df5bc041",
    "652b0aa4cf4f17bdb31f7a1d308331bba91f3b3cbf8f39c9cb5e19d4015b9f01",
    "68d0685759c3d4f3f90a4f0e48d1b77641f06bb1f0b83a8841e8d71d5570ed41",
    "0a2a92f0bda4727d0a13eaddf4dd9ac6b5c61a1429e6b2b818f19b15df0ac154",
]
BLOCK_100014_ROOT = "8772d9d0fdf8c1303c7b1167e3c73b095fd970e33c799c6563d98b2e96c5167f"

# Mainnet block 82,747: 6 transactions; the leaves pair up but the next level has 3 hashes,
# so the duplicate-last rule applies one level up.
BLOCK_82747_TXIDS = [
    "a0ee4c9066af0916e110391c7c7b33a4513de8cb94c304e305704aa4c9d11947",
    "10cf9efc4356ddc616a8cf5628ee8a3564e37a9cd9f4c7d103a88c15ddf6d2c0",
    "fdf09e486960fb4b649f9838c6bf076d321abae1a8d16795605edc70dfbafc3a",
    "ce7c126f69752425d638451c455b6dab2304004659bc4742139013abc415be53",
    "df56fe9d32474bfbb94d8e6c6d8a83739bbfbe6e6f017e642f40f2cadb1a203c",
    "501ff48af15c99c75334c0416bba672ffa3644789985ad5574a388547f3d9d9b",
]
BLOCK_82747_ROOT = "5dc7e96501429df25873a43ad70bd8d9dedf2a432e330236eff600dcebcbdd03"

# Testnet3 block 0000000000000451fa80fcdb243b84c35eaae215a85a8faa880559e8239e6f20
# (the Merkle exercise of "Programming Bitcoin", ch. 11): 11 transactions, odd at three levels.
TESTNET_11_TXIDS = [
    "42f6f52f17620653dcc909e58bb352e0bd4bd1381e2955d19c00959a22122b2e",
    "94c3af34b9667bf787e1c6a0a009201589755d01d02fe2877cc69b929d2418d4",
    "959428d7c48113cb9149d0566bde3d46e98cf028053c522b8fa8f735241aa953",
    "a9f27b99d5d108dede755710d4a1ffa2c74af70b4ca71726fa57d68454e609a2",
    "62af110031e29de1efcad103b3ad4bec7bdcf6cb9c9f4afdd586981795516577",
    "766900590ece194667e9da2984018057512887110bf54fe0aa800157aec796ba",
    "e8270fb475763bc8d855cfe45ed98060988c1bdcad2ffc8364f783c98999a208",
    "921b8cfd3e14bf41f028f0a3aa88c813d5039a2b1bceb12208535b0b43a5d09e",
    "15535864799652347cec66cba473f6d8291541238e58b2e03b046bc53cfe1321",
    "1c8af7c502971e67096456eac9cd5407aacf62190fc54188995666a30faf99f0",
    "3311f8acc57e8a3e9b68e2945fb4f53c07b0fa4668a7e5cda6255c21558c774d",
]
TESTNET_11_ROOT = "4297fb95a0168b959d1469410c7527da5d6243d99699e7d041b7f3916ba93301"

REAL_BLOCKS = {
    "mainnet 100000 (4 txs)": (BLOCK_100000_TXIDS, BLOCK_100000_ROOT),
    "mainnet 100014 (7 txs)": (BLOCK_100014_TXIDS, BLOCK_100014_ROOT),
    "mainnet 82747 (6 txs)": (BLOCK_82747_TXIDS, BLOCK_82747_ROOT),
    "testnet3 0000…6f20 (11 txs)": (TESTNET_11_TXIDS, TESTNET_11_ROOT),
}


def leaves_of(txids: list[str]) -> list[bytes]:
    return [from_display_hex(txid) for txid in txids]


@pytest.mark.parametrize("name", REAL_BLOCKS)
def test_merkle_root_of_real_blocks(name):
    txids, root = REAL_BLOCKS[name]
    assert display_hex(merkle_root(leaves_of(txids))) == root


def test_order_matters():
    leaves = leaves_of(BLOCK_100000_TXIDS)
    swapped = [leaves[1], leaves[0], *leaves[2:]]
    assert merkle_root(swapped) != merkle_root(leaves)


def test_odd_level_duplicates_its_last_hash():
    leaves = leaves_of(BLOCK_100014_TXIDS)
    padded = [*leaves, leaves[-1]]  # Bitcoin's rule makes 7 leaves hash like these 8
    assert merkle_root(leaves) == merkle_root(padded)
    assert merkle_levels(leaves)[1][-1] == double_sha256(leaves[-1] + leaves[-1])


def test_two_leaves_are_hashed_as_one_pair():
    left, right = b"\x01" * 32, b"\x02" * 32
    assert merkle_root([left, right]) == double_sha256(left + right)


def test_one_leaf_is_its_own_root():
    (coinbase,) = leaves_of(BLOCK_100000_TXIDS[:1])
    assert merkle_root([coinbase]) == coinbase
    assert merkle_levels([coinbase]) == [[coinbase]]
    assert merkle_proof([coinbase], 0) == []
    assert verify_proof(coinbase, [], coinbase)


def test_an_empty_tree_is_a_clear_error():
    with pytest.raises(InputError) as caught:
        merkle_root([])
    assert caught.value.key == "err.empty_merkle"
    assert "at least one" in str(caught.value)
    with pytest.raises(InputError):
        merkle_levels([])


@pytest.mark.parametrize(
    ("count", "shape"),
    [
        (1, [1]),
        (2, [2, 1]),
        (3, [3, 2, 1]),
        (4, [4, 2, 1]),
        (5, [5, 3, 2, 1]),
        (6, [6, 3, 2, 1]),
        (7, [7, 4, 2, 1]),
        (11, [11, 6, 3, 2, 1]),
        (16, [16, 8, 4, 2, 1]),
    ],
)
def test_merkle_levels_shape(count, shape):
    leaves = [bytes([n]) * 32 for n in range(count)]
    levels = merkle_levels(leaves)
    assert [len(level) for level in levels] == shape
    assert levels[0] == leaves
    assert levels[-1] == [merkle_root(leaves)]


def test_merkle_levels_are_pairs_of_the_level_below():
    levels = merkle_levels(leaves_of(TESTNET_11_TXIDS))
    for below, above in zip(levels[:-1], levels[1:], strict=True):
        padded = below + [below[-1]] if len(below) % 2 else below
        assert above == [double_sha256(padded[i] + padded[i + 1]) for i in range(0, len(padded), 2)]


@pytest.mark.parametrize("name", REAL_BLOCKS)
def test_a_proof_for_every_leaf_verifies(name):
    txids, root = REAL_BLOCKS[name]
    leaves = leaves_of(txids)
    root_bytes = from_display_hex(root)
    depth = len(merkle_levels(leaves)) - 1
    for index, leaf in enumerate(leaves):
        proof = merkle_proof(leaves, index)
        assert len(proof) == depth
        assert all(isinstance(step, ProofStep) for step in proof)
        assert verify_proof(leaf, proof, root_bytes)
        # The same proof does not vouch for another transaction of the block.
        other = leaves[(index + 1) % len(leaves)]
        if other != leaf:
            assert not verify_proof(other, proof, root_bytes)


def test_block_100014_partial_tree_hashes():
    # The Bitcoin developer reference's "merkleblock" example proves the 5th transaction of
    # block 100,014 (index 4) with these hashes, in internal byte order: hash #1 is the left
    # half of the tree, #3 the leaf's neighbour and #4 the hash of the last pair (the 7th
    # txid paired with itself).
    hash_1 = bytes.fromhex("3612262624047ee87660be1a707519a443b1c1ce3d248cbfc6c15870f6c5daa2")
    hash_2 = bytes.fromhex("019f5b01d4195ecbc9398fbf3c3b1fa9bb3183301d7a1fb3bd174fcfa40a2b65")
    hash_3 = bytes.fromhex("41ed70551dd7e841883ab8f0b16bf04176b7d1480e4f0af9f3d4c3595768d068")
    hash_4 = bytes.fromhex("20d2a7bc994987302e5b1ac80fc425fe25f8b63169ea78e68fbaaefa59379bbf")
    leaves = leaves_of(BLOCK_100014_TXIDS)
    assert leaves[4] == hash_2
    proof = merkle_proof(leaves, 4)
    assert proof == [
        ProofStep(hash_3, sibling_on_left=False),
        ProofStep(hash_4, sibling_on_left=False),
        ProofStep(hash_1, sibling_on_left=True),
    ]
    assert verify_proof(hash_2, proof, from_display_hex(BLOCK_100014_ROOT))


def test_proof_of_the_lonely_last_leaf_uses_itself_as_sibling():
    leaves = leaves_of(BLOCK_100014_TXIDS)
    proof = merkle_proof(leaves, 6)
    assert proof[0] == ProofStep(leaves[6], sibling_on_left=False)


def test_a_changed_sibling_or_side_breaks_the_proof():
    leaves = leaves_of(BLOCK_100000_TXIDS)
    root = merkle_root(leaves)
    proof = merkle_proof(leaves, 2)
    for position, step in enumerate(proof):
        changed_hash = ProofStep(bytes(32), step.sibling_on_left)
        changed_side = ProofStep(step.sibling, not step.sibling_on_left)
        for changed in (changed_hash, changed_side):
            bad = [*proof[:position], changed, *proof[position + 1 :]]
            assert not verify_proof(leaves[2], bad, root)
    assert not verify_proof(leaves[2], proof[:-1], root)  # a step missing
    assert not verify_proof(leaves[2], proof, bytes(32))  # another root


@pytest.mark.parametrize("index", [-1, 4, 100])
def test_proof_index_out_of_range_is_a_clear_error(index):
    with pytest.raises(InputError) as caught:
        merkle_proof(leaves_of(BLOCK_100000_TXIDS), index)
    assert caught.value.key == "err.leaf_index"
    assert str(index) in str(caught.value)
