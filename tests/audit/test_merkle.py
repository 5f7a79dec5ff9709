"""RFC 6962 trees and proofs, checked against the RFC's recursive definitions."""

from __future__ import annotations

import hashlib

from hypothesis import given, settings
from hypothesis import strategies as st

from audit.merkle import Peaks, Tree, leaf_hash, node_hash, root_of, verify_consistency, verify_inclusion

SIZES = st.integers(min_value=1, max_value=300)


def event_hashes(size: int) -> list[bytes]:
    return [hashlib.sha256(b"event %d" % index).digest() for index in range(size)]


def reference_root(leaves: list[bytes]) -> bytes:
    """MTH(D[n]) exactly as RFC 6962 2.1 writes it."""
    if not leaves:
        return hashlib.sha256(b"").digest()
    if len(leaves) == 1:
        return leaf_hash(leaves[0])
    k = 1
    while k * 2 < len(leaves):
        k *= 2
    return node_hash(reference_root(leaves[:k]), reference_root(leaves[k:]))


def flip(data: bytes, bit: int = 0) -> bytes:
    return bytes([data[0] ^ (1 << bit)]) + data[1:]


def test_the_empty_tree_has_the_hash_of_nothing_as_root():
    assert Tree([]).root() == Peaks().root() == hashlib.sha256(b"").digest()


def test_the_rfc_6962_reference_vectors_hold():
    # RFC 6962 test data (certificate-transparency-go merkletree tests): 8 leaves.
    leaves = [
        bytes.fromhex(h)
        for h in [
            "",
            "00",
            "10",
            "2021",
            "3031",
            "40414243",
            "5051525354555657",
            "606162636465666768696a6b6c6d6e6f",
        ]
    ]
    tree = Tree.__new__(Tree)  # the vectors hash raw leaf data, not 32-byte event hashes
    level = b"".join(leaf_hash(leaf) for leaf in leaves)
    tree.size, tree.levels = len(leaves), [level]
    while len(level) >= 64:
        level = b"".join(
            node_hash(level[i : i + 32], level[i + 32 : i + 64]) for i in range(0, len(level) - 63, 64)
        )
        tree.levels.append(level)
    assert tree.root().hex() == "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"
    assert tree.root(5).hex() == "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4"


@settings(max_examples=150, deadline=None)
@given(SIZES)
def test_roots_from_peaks_and_from_levels_equal_the_reference(size):
    hashes = event_hashes(size)
    tree = Tree(hashes)

    assert root_of(hashes) == tree.root() == reference_root(hashes)
    assert all(tree.root(m) == reference_root(hashes[:m]) for m in range(0, size + 1, max(1, size // 7)))


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_every_inclusion_proof_verifies_and_any_tampering_fails(data):
    size = data.draw(SIZES)
    index = data.draw(st.integers(min_value=0, max_value=size - 1))
    hashes = event_hashes(size)
    tree = Tree(hashes)
    root, leaf = tree.root(), leaf_hash(hashes[index])
    path = tree.inclusion_proof(index)

    assert verify_inclusion(leaf, index, size, path, root)
    assert not verify_inclusion(leaf_hash(flip(hashes[index])), index, size, path, root)
    assert not verify_inclusion(leaf, index, size, path, flip(root))
    for position in range(len(path)):
        tampered = [*path[:position], flip(path[position], 3), *path[position + 1 :]]
        assert not verify_inclusion(leaf, index, size, tampered, root)
    assert not verify_inclusion(leaf, index, size, [*path, path[0] if path else root], root)
    if path:
        assert not verify_inclusion(leaf, index, size, path[:-1], root)
    if size > 1:
        other = (index + 1) % size
        assert not verify_inclusion(leaf, other, size, path, root)


@settings(max_examples=60, deadline=None)
@given(SIZES)
def test_consistency_proofs_verify_for_every_older_size_and_fail_on_an_altered_root(size):
    hashes = event_hashes(size)
    tree = Tree(hashes)
    new_root = tree.root()

    for old in range(0, size):
        old_root = tree.root(old)
        proof = tree.consistency_proof(old)
        assert verify_consistency(old, size, old_root, new_root, proof), old
        if old > 0:
            assert not verify_consistency(old, size, flip(old_root), new_root, proof), old
            assert not verify_consistency(old, size, old_root, flip(new_root), proof), old
            assert not verify_consistency(old, size, old_root, new_root, [flip(proof[0]), *proof[1:]]), old
            assert not verify_consistency(old, size, old_root, new_root, proof[:-1]), old
    assert verify_consistency(size, size, new_root, new_root, [])
    assert not verify_consistency(size, size, new_root, flip(new_root), [])


def test_a_prefix_of_another_history_is_not_consistent_with_it():
    hashes = event_hashes(40)
    forked = [*hashes[:20], hashlib.sha256(b"rewritten").digest(), *hashes[21:]]
    honest, rewritten = Tree(hashes), Tree(forked)

    proof = rewritten.consistency_proof(25)
    assert not verify_consistency(25, 40, honest.root(25), rewritten.root(), proof)
    assert verify_consistency(25, 40, rewritten.root(25), rewritten.root(), proof)
