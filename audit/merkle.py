"""RFC 6962 Merkle trees over the ledger: roots, inclusion and consistency proofs.

A leaf is an event: ``leaf = SHA-256(0x00 || event hash as 32 raw bytes)``; an interior node
is ``SHA-256(0x01 || left || right)``; a tree of ``n`` leaves splits at the largest power of
two smaller than ``n`` (RFC 6962 2.1). The verifiers are pure functions in verify_bundle.py
(the standalone script an auditor runs), re-exported here.
"""

from __future__ import annotations

from collections.abc import Iterable

from .verify_bundle import leaf_hash, node_hash, root_from_peaks, verify_consistency, verify_inclusion

__all__ = [
    "Peaks",
    "Tree",
    "leaf_hash",
    "node_hash",
    "root_from_peaks",
    "verify_consistency",
    "verify_inclusion",
]

EMPTY_ROOT = root_from_peaks([])


def _split(size: int) -> int:
    """The largest power of two smaller than ``size`` (size >= 2)."""
    return 1 << ((size - 1).bit_length() - 1)


class Peaks:
    """The complete subtrees of a growing tree (a "compact range"): O(log n) memory.

    Adding leaves one by one merges equal-sized subtrees, so computing the root of ``n``
    leaves costs ``n`` leaf hashes and ``n - 1`` node hashes and no recursion.
    """

    __slots__ = ("size", "hashes")

    def __init__(self, size: int = 0, hashes: Iterable[bytes] = ()):
        self.size = size
        self.hashes = list(hashes)

    def add(self, leaf: bytes) -> None:
        hashes = self.hashes
        hashes.append(leaf)
        self.size += 1
        size = self.size
        while not size & 1:
            right = hashes.pop()
            hashes[-1] = node_hash(hashes[-1], right)
            size >>= 1

    def add_event_hash(self, event_hash: bytes) -> None:
        self.add(leaf_hash(event_hash))

    def root(self) -> bytes:
        return root_from_peaks(self.hashes)

    def copy(self) -> Peaks:
        return Peaks(self.size, self.hashes)


def root_of(event_hashes: Iterable[bytes]) -> bytes:
    """The Merkle root over events given by their 32-byte hashes, in sequence order."""
    peaks = Peaks()
    for event_hash in event_hashes:
        peaks.add(leaf_hash(event_hash))
    return peaks.root()


class Tree:
    """Every complete subtree of the first ``size`` leaves, kept level by level.

    ``levels[h]`` holds the roots of the aligned subtrees of ``2**h`` leaves, 32 bytes each,
    in one bytes object (one million events take about 64 MB). Any subtree root the RFC's
    recursion asks for is then a lookup or a few hashes along the right edge, so proofs for
    many events cost O(log² n) each after one O(n) pass.
    """

    def __init__(self, event_hashes: Iterable[bytes]):
        level = bytearray()
        for event_hash in event_hashes:
            level += leaf_hash(event_hash)
        self.size = len(level) // 32
        self.levels: list[bytes] = [bytes(level)]
        while len(level) >= 64:
            nxt = bytearray()
            for offset in range(0, len(level) - 63, 64):
                nxt += node_hash(level[offset : offset + 32], level[offset + 32 : offset + 64])
            self.levels.append(bytes(nxt))
            level = nxt

    def _complete(self, height: int, index: int) -> bytes:
        return self.levels[height][32 * index : 32 * index + 32]

    def subtree(self, start: int, end: int) -> bytes:
        """MTH(D[start:end]) for the ranges RFC 6962's recursion produces."""
        width = end - start
        if width <= 0:
            return EMPTY_ROOT
        if width & (width - 1) == 0 and start % width == 0:
            return self._complete(width.bit_length() - 1, start // width)
        k = _split(width)
        return node_hash(self.subtree(start, start + k), self.subtree(start + k, end))

    def root(self, size: int | None = None) -> bytes:
        return self.subtree(0, self.size if size is None else self._check(size))

    def inclusion_proof(self, index: int, size: int | None = None) -> list[bytes]:
        """The audit path of leaf ``index`` in the tree of ``size`` leaves (RFC 6962 2.1.1)."""
        size = self.size if size is None else self._check(size)
        if not 0 <= index < size:
            raise IndexError(f"leaf {index} is not in a tree of {size}")
        path: list[bytes] = []
        start, end = 0, size
        while end - start > 1:
            k = _split(end - start)
            if index < start + k:
                path.append(self.subtree(start + k, end))
                end = start + k
            else:
                path.append(self.subtree(start, start + k))
                start += k
        path.reverse()
        return path

    def consistency_proof(self, old_size: int, size: int | None = None) -> list[bytes]:
        """The proof that the tree of ``old_size`` is a prefix of the tree of ``size`` (2.1.2)."""
        size = self.size if size is None else self._check(size)
        if not 0 <= old_size <= size:
            raise ValueError(f"cannot prove {old_size} leaves consistent with {size}")
        if old_size in (0, size):
            return []
        proof: list[bytes] = []
        start, end, whole = 0, size, True
        m = old_size
        while m != end - start:
            k = _split(end - start)
            if m <= k:
                proof.append(self.subtree(start + k, end))
                end = start + k
            else:
                proof.append(self.subtree(start, start + k))
                start += k
                m -= k
                whole = False
        if not whole:
            proof.append(self.subtree(start, end))
        proof.reverse()
        return proof

    def _check(self, size: int) -> int:
        if not 0 <= size <= self.size:
            raise ValueError(f"the tree holds {self.size} leaves, not {size}")
        return size
