"""Checking a signed PDF against the trust roots this instance is configured with, and saying
which kind of signature it carries.

Two kinds of trust root, both PEM bundles named in ``SAHIH_SIGNING["trust_roots"]``:

- ``bsre``: the chain of the certified electronic signature (TTE) -- Root CA Indonesia, the
  BSrE CA, and the BSSN timestamp authority's root (docs/signing.md says where a region gets
  them). A signature that chains here is a certified signature.
- ``local``: the instance's own CA (``SAHIH_SIGNING_CA_FILE`` unless set apart), which the
  local signer's certificate chains to. Genuine, but not a certified signature.

The check is offline: nothing is fetched, revocation is not looked up (docs/signing.md).
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from pyhanko.pdf_utils.reader import PdfFileReader

KIND_BSRE = "bsre"
KIND_LOCAL = "local"


@dataclass(frozen=True)
class SignatureCheck:
    signed: bool
    intact: bool
    trusted: bool
    signer: str = ""
    signed_at: str = ""
    timestamped: bool = False
    problem: str = ""
    # Which trust root the signer's certificate chains to: "bsre", "local", or "" (none).
    kind: str = ""


def trust_files() -> dict[str, str]:
    """The PEM bundle of each kind of trust root ("" when a kind is not configured)."""
    config = settings.SAHIH_SIGNING
    roots = config.get("trust_roots") or {}
    return {
        KIND_BSRE: roots.get(KIND_BSRE) or "",
        KIND_LOCAL: roots.get(KIND_LOCAL) or config["ca_cert_file"],
    }


def trust_anchors() -> dict[str, list]:
    """Every certificate of each kind's bundle (a missing file gives none)."""
    from pyhanko.keys import load_certs_from_pemder_data

    anchors = {}
    for kind, name in trust_files().items():
        path = Path(name) if name else None
        anchors[kind] = (
            list(load_certs_from_pemder_data(path.read_bytes())) if path and path.is_file() else []
        )
    return anchors


def trust_fingerprint() -> str:
    """A digest of the configured trust roots: it changes when a bundle does (for caches)."""
    digest = hashlib.sha256()
    for kind, name in sorted(trust_files().items()):
        path = Path(name) if name else None
        digest.update(kind.encode() + b"\0" + (path.read_bytes() if path and path.is_file() else b"") + b"\0")
    return digest.hexdigest()


def trust_roots() -> list:
    """The certificates this instance trusts, of every kind."""
    return [cert for certs in trust_anchors().values() for cert in certs]


def _kind_of(status, anchors: dict[str, list]) -> str:
    """The kind of the trust root the validated path starts from. A certificate in both bundles
    counts as local: a signature is called certified only when nothing else explains it."""
    if not status.trusted or status.validation_path is None:
        return ""
    try:
        root = status.validation_path[0]
    except LookupError:
        return ""
    for kind in (KIND_LOCAL, KIND_BSRE):
        if any(cert.sha256 == root.sha256 for cert in anchors[kind]):
            return kind
    return ""


def check_signature(pdf: bytes) -> SignatureCheck:
    """Whether a PDF carries an intact signature over the whole file, whether a configured
    trust root vouches for the signer, and which kind of root it is."""
    from pyhanko.pdf_utils.misc import PdfReadError
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        embedded = reader.embedded_signatures
    except (PdfReadError, ValueError, KeyError, TypeError, IndexError) as error:
        return SignatureCheck(signed=False, intact=False, trusted=False, problem=str(error))
    if not embedded:
        return SignatureCheck(signed=False, intact=False, trusted=False, problem="no signature")
    anchors = trust_anchors()
    roots = [cert for certs in anchors.values() for cert in certs]
    context = ValidationContext(trust_roots=roots, allow_fetching=False)
    signature = embedded[-1]
    try:
        status = validate_pdf_signature(signature, context)
    except Exception as error:  # noqa: BLE001 -- any failure to validate means "not genuine"
        return SignatureCheck(signed=True, intact=False, trusted=False, problem=str(error))
    # Anything appended after the signature (an incremental update) is not covered by it.
    coverage_ok = status.coverage is not None and status.coverage.name == "ENTIRE_FILE"
    return SignatureCheck(
        signed=True,
        intact=bool(status.intact and status.valid and coverage_ok),
        trusted=bool(status.trusted),
        signer=status.signing_cert.subject.human_friendly if status.signing_cert else "",
        signed_at=status.signer_reported_dt.isoformat() if status.signer_reported_dt else "",
        timestamped=status.timestamp_validity is not None,
        kind=_kind_of(status, anchors),
    )
