"""Attachments of a case: the file checked and written ahead of the transaction that locks the
case (decisions/files.py says why), then its row and ledger event."""

from __future__ import annotations

import hashlib
import io

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _

from audit import services as ledger
from personnel.selectors import identity_of

from . import files
from .errors import Invalid
from .models import Attachment, Case, CaseItem
from .services import check_may_edit, lock_case

MSG_FILE_TOO_LARGE = _("The file is %(size)s; the limit is %(limit)s.")
MSG_FILE_TYPE = _("Only PDF, PNG or JPEG files can be attached; this file is neither.")
MSG_FILE_BROKEN = _("The file says it is a %(kind)s but cannot be read as one.")
MSG_FILE_EMPTY = _("The file is empty.")


def _human_size(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB" if size >= 1024 * 1024 else f"{size / 1024:.0f} KB"


def sniff_document(content: bytes) -> str:
    """The content type the bytes really are (PDF, PNG, JPEG), or Invalid."""
    if not content:
        raise Invalid(MSG_FILE_EMPTY, code="file_empty", fields={"file": MSG_FILE_EMPTY})
    if content.startswith(b"%PDF-"):
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError

        try:
            PdfReader(io.BytesIO(content)).pages[0]  # noqa: B018  (parsing is the check)
        except (PdfReadError, IndexError, ValueError, KeyError):
            message = MSG_FILE_BROKEN % {"kind": "PDF"}
            raise Invalid(message, code="file_broken", fields={"file": message}) from None
        return "application/pdf"
    if content.startswith(b"\x89PNG\r\n\x1a\n") or content.startswith(b"\xff\xd8\xff"):
        from PIL import Image, UnidentifiedImageError

        kind = "PNG" if content.startswith(b"\x89PNG") else "JPEG"
        try:
            with Image.open(io.BytesIO(content)) as image:
                image.verify()
        except (UnidentifiedImageError, OSError, SyntaxError):
            message = MSG_FILE_BROKEN % {"kind": kind}
            raise Invalid(message, code="file_broken", fields={"file": message}) from None
        return "image/png" if kind == "PNG" else "image/jpeg"
    raise Invalid(MSG_FILE_TYPE, code="file_type", fields={"file": MSG_FILE_TYPE})


def attachment_ahead(
    *, actor: AbstractBaseUser, kind: str, name: str, content: bytes, item: CaseItem | None = None
) -> Attachment:
    """Check a document and write its file, before the transaction that records it (no lock
    is held while the storage works). The row is unsaved: ``attachment_record`` saves it, inside
    ``files.removed_on_failure`` so that the file goes if that transaction does not commit."""
    limit = settings.SAHIH_ATTACHMENT_MAX_BYTES
    if len(content) > limit:
        message = MSG_FILE_TOO_LARGE % {"size": _human_size(len(content)), "limit": _human_size(limit)}
        raise Invalid(message, code="file_too_large", fields={"file": message})
    content_type = sniff_document(content)
    if kind not in Attachment.Kind.values:
        raise Invalid(
            _("Unknown document kind."), code="attachment_kind", fields={"kind": _("Unknown document kind.")}
        )
    digest = hashlib.sha256(content).hexdigest()
    attachment = Attachment(
        item=item,
        kind=kind,
        original_name=name[:200],
        content_type=content_type,
        size=len(content),
        sha256=digest,
        uploaded_by=actor,
    )
    extension = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}[content_type]
    attachment.file.save(f"{digest[:16]}.{extension}", ContentFile(content), save=False)
    return attachment


def attachment_record(
    *, attachment: Attachment, case: Case, actor: AbstractBaseUser, identity=None
) -> Attachment:
    """Save the row of a document ``attachment_ahead`` wrote, in the case file, and its event
    (inside the caller's transaction; no permission check: callers do that)."""
    attachment.case = case
    attachment.save()
    ledger.record(
        action="case.attachment.added",
        object_type="case",
        object_id=case.pk,
        actor=identity if identity is not None else identity_of(actor),
        data={
            "attachment": attachment.pk,
            "kind": attachment.kind,
            "name": attachment.original_name,
            "sha256": attachment.sha256,
            "size": attachment.size,
            "content_type": attachment.content_type,
        },
    )
    return attachment


def store_attachment(
    *, case: Case, actor: AbstractBaseUser, kind: str, name: str, content: bytes, item: CaseItem | None = None
) -> Attachment:
    """Check and store a document in the case file at once (the seed and the tests; services
    write the file before their transaction). No permission check: callers do that."""
    attachment = attachment_ahead(actor=actor, kind=kind, name=name, content=content, item=item)
    with files.removed_on_failure(attachment.file), ledger.atomic():
        return attachment_record(attachment=attachment, case=case, actor=actor)


def attachment_add(
    *, case: Case, actor: AbstractBaseUser, kind: str, name: str, content: bytes, item: CaseItem | None = None
) -> Attachment:
    """The proposer adds a document while the case is a draft or returned. The file is written
    before the case is locked, and removed if the transaction does not commit."""
    check_may_edit(case, actor)  # who first, as the locked check below: no file for a refusal
    attachment = attachment_ahead(actor=actor, kind=kind, name=name, content=content, item=item)
    with files.removed_on_failure(attachment.file), ledger.atomic():
        case = lock_case(case.pk)
        check_may_edit(case, actor)
        return attachment_record(attachment=attachment, case=case, actor=actor)
