"""Signed checkpoints: the ledger's Merkle root, anchored outside the database.

A checkpoint names the number of events it covers (``size`` = the head's sequence number),
their RFC 6962 Merkle root, the head event's hash and the time, signed with the instance's
Ed25519 key. It is written as a JSON file to ``SAHIH_CHECKPOINT_DIR`` (copy that directory
somewhere the database administrator cannot write) and recorded in the ledger itself as a
``ledger.checkpoint`` event. docs/ledger.md describes the format.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings

from . import services
from .models import Event
from .scan import gettext_noop, message
from .verify_bundle import CHECKPOINT_FORMAT, canonical_dumps, fingerprint, signed_message

FILE_PATTERN = "checkpoint-*.json"


class LedgerNotSound(Exception):
    """The ledger failed verification, so it will not be signed."""

    def __init__(self, report):
        super().__init__(report.problem)
        self.report = report


# --- the instance key ---------------------------------------------------------------------


def key_path() -> Path:
    return Path(settings.SAHIH_LEDGER_KEY_FILE)


def private_key(*, create: bool = True) -> Ed25519PrivateKey:
    """The instance's signing key, created (mode 600) the first time it is needed."""
    path = key_path()
    if not path.exists():
        if not create:
            raise FileNotFoundError(f"no ledger key at {path}")
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        pem = Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        try:
            # O_EXCL: two processes starting at once must not each write a different key.
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(pem)
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError(f"{path} does not hold an Ed25519 key")
    return key


def public_key_raw(key: Ed25519PrivateKey | None = None) -> bytes:
    key = key or private_key()
    return key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def public_key_pem(key: Ed25519PrivateKey | None = None) -> str:
    """The public key to hand to inspectors (SubjectPublicKeyInfo PEM)."""
    key = key or private_key()
    return (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode("ascii")
    )


def load_public_key(pem: str | bytes) -> bytes:
    """The raw 32 bytes of an Ed25519 public key in PEM."""
    key = serialization.load_pem_public_key(pem.encode() if isinstance(pem, str) else pem)
    if not isinstance(key, Ed25519PublicKey):
        raise ValueError("not an Ed25519 public key")
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


# --- checkpoint documents -----------------------------------------------------------------


def sign(document: dict, key: Ed25519PrivateKey | None = None) -> dict:
    """The document with its ``key`` id and Ed25519 ``signature`` over everything else."""
    key = key or private_key()
    unsigned = {**document, "key": fingerprint(public_key_raw(key))}
    unsigned.pop("signature", None)
    return {**unsigned, "signature": key.sign(signed_message(unsigned)).hex()}


def signature_valid(document: dict, public_key: bytes) -> bool:
    """Whether ``document`` (a checkpoint or a bundle manifest) was signed by ``public_key``."""
    try:
        signature = bytes.fromhex(document.get("signature", ""))
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, signed_message(document))
    except (InvalidSignature, TypeError, ValueError):
        return False
    return True


def checkpoint_dir() -> Path:
    return Path(settings.SAHIH_CHECKPOINT_DIR)


def file_name(size: int) -> str:
    return f"checkpoint-{size:012d}.json"


def load_checkpoints(directory: Path | str | None = None) -> list[tuple[str, dict | None, dict | None]]:
    """Every checkpoint file in ``directory``: (name, document or None, why it is unreadable)."""
    directory = Path(directory) if directory is not None else checkpoint_dir()
    found = []
    for path in sorted(directory.glob(FILE_PATTERN)) if directory.is_dir() else []:
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(document, dict) or document.get("format") != CHECKPOINT_FORMAT:
                raise ValueError("not a Sahih checkpoint")
            int(document["size"]), bytes.fromhex(document["root"]), bytes.fromhex(document["head"])
        except (OSError, ValueError, KeyError, TypeError) as error:
            found.append((path.name, None, message(gettext_noop("unreadable: %(error)s"), error=str(error))))
        else:
            found.append((path.name, document, None))
    return found


def latest_checkpoint(directory: Path | str | None = None, *, at_least: int = 0) -> dict | None:
    """The newest readable checkpoint covering at least ``at_least`` events."""
    documents = [doc for _name, doc, _why in load_checkpoints(directory) if doc and doc["size"] >= at_least]
    return max(documents, key=lambda doc: doc["size"], default=None)


def _write_once(path: Path, document: dict) -> dict:
    """Write a new checkpoint file; an existing one for the same size is kept, never replaced."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        existing = json.loads(path.read_text(encoding="utf-8"))
        if (existing.get("root"), existing.get("head")) != (document["root"], document["head"]):
            raise FileExistsError(
                f"{path} already holds a different checkpoint for {document['size']} events"
            ) from None
        return existing
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    return document


def create_checkpoint(*, directory: Path | str | None = None, verify_first: bool = True) -> dict:
    """Verify the ledger, sign its root at the head, write the file and record it in the ledger.

    Refuses (``LedgerNotSound``) when the ledger or an earlier checkpoint fails verification:
    signing a broken ledger would launder the damage.
    """
    from .verify import verify_ledger

    directory = Path(directory) if directory is not None else checkpoint_dir()
    key = private_key()
    report = verify_ledger(
        checkpoint_dir=directory if verify_first else None, public_key=public_key_raw(key), merkle=True
    )
    if not report.ok:
        raise LedgerNotSound(report)
    document = sign(
        {
            "format": CHECKPOINT_FORMAT,
            "origin": getattr(settings, "SAHIH_PUBLIC_URL", ""),
            "size": report.entries,
            "root": report.root,
            "head": report.head,
            "at": datetime.now(UTC).isoformat(timespec="seconds"),
        },
        key,
    )
    document = _write_once(directory / file_name(report.entries), document)
    with services.atomic():
        already = Event.objects.filter(action="ledger.checkpoint", object_id=str(document["size"])).exists()
        if not already:
            services.record(
                action="ledger.checkpoint",
                object_type="ledger",
                object_id=document["size"],
                actor=None,
                data={**document, "file": file_name(document["size"])},
            )
    return document


def to_json(document: dict) -> str:
    """A checkpoint as one line of canonical JSON (for logs and the API)."""
    return canonical_dumps(document)
