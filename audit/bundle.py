"""Evidence bundles: a ZIP an auditor verifies offline with ``python verify_bundle.py``.

The caller (the decisions layer) chooses the events and supplies the case data (JSON
documents) and files (SK PDFs, each bound to the ledger event that records its SHA-256).
The bundle adds every event's inclusion proof against the latest signed checkpoint, the
checkpoint itself, the public key, a signed manifest of every file's SHA-256, and a copy of
verify_bundle.py. docs/ledger.md, "Evidence bundles", describes the layout.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

from django.conf import settings
from django.utils.translation import gettext as _

from . import canonical, checkpoints, verify_bundle
from .merkle import Tree
from .models import Event
from .proofs import ProofUnavailable, ledger_tree
from .verify_bundle import BUNDLE_FORMAT, fingerprint

_NAME = re.compile(r"\A[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)*\Z")
_IN_CLAUSE = 5_000


class BundleError(ValueError):
    """The bundle cannot be built as asked (unknown event, unbound file, no checkpoint)."""


@dataclass(frozen=True)
class BundleFile:
    """A file for the bundle; ``bound_to_seq`` and ``field`` name where the ledger records its
    SHA-256 (e.g. the ``decree.issued`` event and ``"sha256"``)."""

    name: str
    content: bytes
    bound_to_seq: int | None = None
    field: str = "sha256"


def _seqs(events: Iterable[int | range | Event]) -> list[int]:
    wanted: set[int] = set()
    for item in events:
        if isinstance(item, Event):
            wanted.add(item.seq)
        elif isinstance(item, range):
            wanted.update(item)
        else:
            wanted.add(int(item))
    return sorted(wanted)


def _load(seqs: list[int]) -> list[tuple[int, str, str, str]]:
    rows = []
    for offset in range(0, len(seqs), _IN_CLAUSE):
        part = seqs[offset : offset + _IN_CLAUSE]
        rows += (
            Event.objects.filter(seq__in=part).order_by("seq").values_list("seq", "prev_hash", "hash", "body")
        )
    missing = sorted(set(seqs) - {row[0] for row in rows})
    if missing:
        raise BundleError(f"no event #{missing[0]} in the ledger")
    return rows


def _checkpoint_for(last_seq: int, given: dict | None) -> dict:
    if given is not None:
        if given["size"] < last_seq:
            raise BundleError(f"the checkpoint covers {given['size']} events, not #{last_seq}")
        return given
    found = checkpoints.latest_checkpoint(at_least=last_seq)
    # A bundle is proven against a signed checkpoint; if none covers its events yet, sign one.
    return found if found is not None else checkpoints.create_checkpoint()


def _tree(size: int, checkpoint: dict) -> Tree:
    try:
        tree = ledger_tree(size)
    except ProofUnavailable as error:
        raise BundleError(str(error)) from None
    if tree.root().hex() != checkpoint["root"]:
        raise BundleError("the ledger does not match the checkpoint; run audit_verify")
    return tree


def _dig(data: Any, dotted: str) -> Any:
    for part in dotted.split("."):
        if not isinstance(data, dict):
            return None
        data = data.get(part)
    return data


def _check_name(name: str) -> str:
    if not _NAME.match(name):
        raise BundleError(f"unsafe file name in a bundle: {name!r}")
    return name


def build_bundle(
    target: str | Path | BinaryIO,
    *,
    events: Iterable[int | range | Event],
    documents: Mapping[str, Any] | None = None,
    files: Sequence[BundleFile] = (),
    title: str = "",
    exported_by: dict | None = None,
    checkpoint: dict | None = None,
) -> dict:
    """Write the evidence bundle to ``target`` (a path or a binary file); return its manifest.

    ``events``: sequence numbers, ranges or Event rows (a queryset works). ``documents``:
    name -> JSON-able data, stored as ``documents/<name>.json``. ``files``: stored under
    ``files/``. ``checkpoint``: defaults to the newest one covering the events (one is signed
    if none does). The caller records the export in the ledger if it should be.
    """
    seqs = _seqs(events)
    if not seqs:
        raise BundleError("a bundle needs at least one event")
    rows = _load(seqs)
    checkpoint = _checkpoint_for(seqs[-1], checkpoint)
    key = checkpoints.private_key()
    if checkpoint.get("key") != fingerprint(checkpoints.public_key_raw(key)):
        raise BundleError("the checkpoint was signed with another key than this instance's")
    size = checkpoint["size"]
    tree = _tree(size, checkpoint)
    contents = {seq: json.loads(body) for seq, _prev, _hash, body in rows}

    entries: dict[str, bytes] = {}
    entries["events.json"] = _json(
        {
            "format": BUNDLE_FORMAT,
            "checkpoint_size": size,
            "events": [
                {
                    "seq": seq,
                    "prev_hash": prev_hash,
                    "hash": digest,
                    "body": body,
                    "proof": [step.hex() for step in tree.inclusion_proof(seq - 1, size)],
                }
                for seq, prev_hash, digest, body in rows
            ],
        }
    )
    entries["checkpoint.json"] = _json(checkpoint)
    entries["public-key.pem"] = checkpoints.public_key_pem(key).encode("ascii")
    entries["verify_bundle.py"] = Path(verify_bundle.__file__).read_bytes()
    entries["README.txt"] = _readme(title).encode("utf-8")
    for name, data in (documents or {}).items():
        name = name if name.endswith(".json") else f"{name}.json"
        entries[f"documents/{_check_name(name)}"] = _json(canonical.normalise(data))
    bindings = {}
    for item in files:
        name = f"files/{_check_name(item.name)}"
        if name in entries:
            raise BundleError(f"two files named {item.name}")
        entries[name] = item.content
        if item.bound_to_seq is not None:
            if item.bound_to_seq not in contents:
                raise BundleError(
                    f"{item.name} is bound to event #{item.bound_to_seq}, which is not in the bundle"
                )
            recorded = _dig(contents[item.bound_to_seq].get("data"), item.field)
            if recorded != hashlib.sha256(item.content).hexdigest():
                raise BundleError(
                    f"{item.name} does not match data.{item.field} of event #{item.bound_to_seq}"
                )
            bindings[name] = {"seq": item.bound_to_seq, "field": item.field}

    manifest = checkpoints.sign(
        {
            "format": BUNDLE_FORMAT,
            "title": title,
            "origin": getattr(settings, "SAHIH_PUBLIC_URL", ""),
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "exported_by": canonical.normalise(exported_by),
            "checkpoint": {"size": size, "root": checkpoint["root"]},
            "events": len(rows),
            "files": {
                name: {
                    "sha256": hashlib.sha256(content).hexdigest(),
                    "size": len(content),
                    **({"bound_to": bindings[name]} if name in bindings else {}),
                }
                for name, content in sorted(entries.items())
            },
        },
        key,
    )
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", _json(manifest))
        for name, content in sorted(entries.items()):
            archive.writestr(name, content)
    return manifest


def bundle_bytes(**kwargs) -> bytes:
    """The bundle as bytes (for an HTTP response)."""
    buffer = io.BytesIO()
    build_bundle(buffer, **kwargs)
    return buffer.getvalue()


def _json(value: Any) -> bytes:
    return (json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


def _readme(title: str) -> str:
    lines = [
        title,
        "",
        _("This is an evidence bundle exported from the Sahih audit ledger."),
        _("To verify it on any computer with Python 3.8 or newer, without a network:"),
        "",
        "    python verify_bundle.py <bundle.zip>",
        "",
        _(
            "The check passes only if every file matches the signed manifest, the checkpoint is "
            "signed by the ledger's key, every event's hash and inclusion proof lead to the "
            "checkpoint's root, and every decree PDF matches the hash recorded in the ledger."
        ),
        _("Compare the key fingerprint the script prints with the one the institution publishes."),
    ]
    return "\n".join(lines).lstrip("\n") + "\n"
