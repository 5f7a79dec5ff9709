"""Proofs from the ledger: an event's inclusion in a checkpoint, and one checkpoint's history
being a prefix of another's. Verify them with ``merkle.verify_inclusion`` /
``merkle.verify_consistency`` (the same functions verify_bundle.py carries)."""

from __future__ import annotations

from .merkle import Tree, leaf_hash
from .models import Event


class ProofUnavailable(ValueError):
    """The ledger cannot give this proof (the event or checkpoint is not there)."""


def ledger_tree(size: int) -> Tree:
    """The Merkle tree over the first ``size`` events, read from the database."""
    hashes = Event.objects.filter(seq__lte=size).order_by("seq").values_list("hash", flat=True)
    tree = Tree(bytes.fromhex(digest) for digest in hashes.iterator(chunk_size=20_000))
    if tree.size != size:
        raise ProofUnavailable(f"the ledger holds {tree.size} of the checkpoint's {size} events")
    return tree


def inclusion_proof(*, seq: int, checkpoint: dict, tree: Tree | None = None) -> dict:
    """The audit path proving event ``seq`` is in the tree the checkpoint signed."""
    size = checkpoint["size"]
    if not 1 <= seq <= size:
        raise ProofUnavailable(f"event #{seq} is not covered by a checkpoint of {size} events")
    tree = tree or ledger_tree(size)
    event_hash = Event.objects.values_list("hash", flat=True).get(seq=seq)
    return {
        "seq": seq,
        "index": seq - 1,
        "size": size,
        "event_hash": event_hash,
        "leaf": leaf_hash(bytes.fromhex(event_hash)).hex(),
        "path": [step.hex() for step in tree.inclusion_proof(seq - 1, size)],
        "root": checkpoint["root"],
    }


def consistency_proof(*, old: dict, new: dict, tree: Tree | None = None) -> dict:
    """The proof that checkpoint ``old``'s events are the first events of checkpoint ``new``."""
    if old["size"] > new["size"]:
        raise ProofUnavailable("the older checkpoint covers more events than the newer one")
    tree = tree or ledger_tree(new["size"])
    return {
        "old_size": old["size"],
        "new_size": new["size"],
        "old_root": old["root"],
        "new_root": new["root"],
        "path": [step.hex() for step in tree.consistency_proof(old["size"], new["size"])],
    }
