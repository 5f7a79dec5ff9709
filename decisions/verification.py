"""Checking a decree in public: whether a file is the genuine SK (or a genuine PETIKAN of it),
what the public page may show, and the rate limit of that page.

A file is genuine when its SHA-256 is a stored decree's; a PETIKAN (rendered on demand, so
never stored) is genuine when it is our own rendering of that person's extract followed by
one intact signature that a configured trust root vouches for. The signature check is shown
either way, with the kind of signature: certified (BSrE) or the instance's own certificate.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.urls import reverse

from decisions import ratelimit
from decisions.ratelimit import over_limit
from personnel.nip import mask_nip

from .documents.model import DecreeDocument
from .documents.render import EXTRACT_KEYWORD, render
from .documents.words import indonesian_date
from .models import CaseKind, Decree
from .signing import SignatureCheck, check_signature
from .signing.verify import trust_fingerprint

# A decree with a 500-person annex is well under a megabyte; anything far larger is not ours.
MAX_UPLOAD_BYTES = 20 * 1024 * 1024


def rate_limited(request) -> bool:
    """Count this request against its address; True when over ``SAHIH_VERIFY_RATE``."""
    return over_limit(request, scope="verify", rate=settings.SAHIH_VERIFY_RATE)


def retry_after(rate: str | None = None) -> int:
    """Seconds until the current window of the rate limit ends."""
    return ratelimit.retry_after(rate or settings.SAHIH_VERIFY_RATE)


@dataclass(frozen=True)
class FileCheck:
    signature: SignatureCheck
    decree: Decree | None = None  # the decree this file is, or is an extract of
    extract_item: int | None = None  # for a PETIKAN: the person's CaseItem.position_in_case

    @property
    def genuine(self) -> bool:
        return self.decree is not None

    @property
    def status(self) -> str:
        """valid / superseded / revoked for a genuine file; otherwise what is wrong with it."""
        if self.decree is not None:
            return self.decree.status
        if not self.signature.signed:
            return "unsigned"
        if not self.signature.intact:
            return "altered"
        if not self.signature.trusted:
            return "untrusted"
        return "unknown"


def _extract_claim(content: bytes) -> tuple[str, int] | None:
    """The decree number and annex row a file says it is a PETIKAN of (from its first revision)."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    end = content.find(b"%%EOF")
    if end < 0:
        return None
    try:
        info = PdfReader(io.BytesIO(content[: end + 5])).metadata or {}
    except (PyPdfError, ValueError, KeyError, TypeError, IndexError, AttributeError):
        return None
    keywords, title = str(info.get("/Keywords") or ""), str(info.get("/Title") or "")
    if not keywords.startswith(EXTRACT_KEYWORD) or " Nomor " not in title:
        return None
    try:
        row = int(keywords[len(EXTRACT_KEYWORD) :])
    except ValueError:
        return None
    return title.rsplit(" Nomor ", 1)[1].strip(), row


def _extract_match(content: bytes, decrees, signature: SignatureCheck) -> FileCheck | None:
    claim = _extract_claim(content)
    if claim is None or not (signature.intact and signature.trusted):
        return None
    number, row_number = claim
    decree = decrees.filter(number=number).first()
    if decree is None:
        return None
    document = DecreeDocument.from_dict(decree.content)
    row = next((row for row in document.annex if row.number == row_number), None)
    if not document.annex_refers or row is None:
        return None
    expected = render(document.as_extract(row_number)).pdf
    # Our own rendering, byte for byte, and after it only the signature our CA vouches for.
    if len(content) > len(expected) and content.startswith(expected):
        return FileCheck(signature=signature, decree=decree, extract_item=row.item)
    return None


def check_file(content: bytes, *, decree: Decree | None = None) -> FileCheck:
    """Whether ``content`` is a genuine decree (of ``decree`` when given) or extract of one."""
    signature = check_signature(content)
    decrees = Decree.objects.all() if decree is None else Decree.objects.filter(pk=decree.pk)
    match = decrees.filter(sha256=hashlib.sha256(content).hexdigest()).first()
    if match is not None:
        return FileCheck(signature=signature, decree=match)
    return _extract_match(content, decrees, signature) or FileCheck(signature=signature)


def decree_signature_kind(decree: Decree) -> str:
    """Which kind of signature the stored decree carries ("bsre", "local", or "" when no
    configured trust root vouches for it), judged against the trust roots configured now.
    Cached per file and trust configuration: a validation costs tens of milliseconds."""
    key = f"sahih:signature-kind:{decree.sha256}:{trust_fingerprint()}"
    kind = cache.get(key)
    if kind is None:
        with decree.pdf.open("rb") as handle:
            check = check_signature(handle.read())
        kind = check.kind if check.intact else ""
        cache.set(key, kind, timeout=24 * 3600)
    return kind


def public_facts(decree: Decree) -> dict:
    """What the public page shows: no more than the SK itself shows, and the NIPs masked."""
    content = decree.content or {}
    signature = content.get("signature") or {}
    # People are listed only where the SK itself names them: in its Lampiran or in a diktum
    # ("Nama : ..."). A correction or revocation names only the decree it changes.
    names_people = content.get("annex_refers") or any(
        isinstance(dictum, dict) and dictum.get("details") for dictum in content.get("dictums", [])
    )
    replaced_by = decree.replaced_by
    return {
        "status": decree.status,
        "number": decree.number,
        "date": indonesian_date(decree.decree_date),
        "kind": CaseKind(decree.case.kind).label,
        "title": decree.title,
        "people": [{"name": row["name"], "nip": mask_nip(row["nip"])} for row in content.get("annex", [])]
        if names_people
        else [],
        "signer_lines": [line.rstrip(",") for line in signature.get("lines", [])],
        "signer_name": (signature.get("name") or "").upper(),
        "sha256": decree.sha256,
        "signature_kind": decree_signature_kind(decree),
        "replaced_by": {
            "number": replaced_by.number,
            "date": indonesian_date(replaced_by.decree_date),
            "url": reverse("decree-verify", args=[replaced_by.token]),
        }
        if replaced_by is not None
        else None,
    }
