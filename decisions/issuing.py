"""Issuing a decree in three steps, so that the signer's call holds no transaction and no lock.

A call to BSrE can take seconds. Holding the case row and the decree counter locked that long
would queue every other decision on the case and every other decree of the numbering pattern
behind it (docs/signing.md, "Signing outside the case lock"). So:

1. ``decree_prepare`` (inside the caller's short transaction, the case locked): claim the
   numbering pattern's *signing slot* on its counter row, take the next number, compose and
   render. A claim older than ``claim_lifetime()`` is stale: its number is given back first.
2. the signer signs the rendered PDF (``run_signing``: no transaction, no lock).
3. ``store_signed`` writes the signed PDF (no transaction, no lock); ``decree_finish`` (inside
   the caller's short transaction, the case locked): if the slot is still this attempt's, save
   the decree naming that file, mark the case signed, release the slot, write the ledger. ``decree_abandon`` after any failure: give the number back,
   release the slot, remove the file.

While an attempt holds the slot nobody else takes a number of that pattern and year, so the
number it took is the last one and can be given back: numbers stay gapless. A late answer of
an attempt whose slot was taken over as stale is discarded (``SigningAbandoned``).

``run_signing`` drives the steps; the caller wraps its own checks around prepare and finish
(the signing task: workflows/services/signing.py). Every signer goes through them.
"""

from __future__ import annotations

import hashlib
import logging
import random
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import TypeVar

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_variables

from audit import services as ledger
from personnel.selectors import employee_of, identity_of, signer_nik

from . import lifecycle
from .decrees import (
    AMENDMENTS,
    decree_supersede,
    next_number,
    numbering_pattern,
    office_of,
    verification_url,
    when,
)
from .documents.compose import compose, signature_for
from .documents.render import render
from .errors import Conflict
from .models import Case, Decree, DecreeCounter
from .signing import OneTimeSecret, SignatureRequest, get_signer
from .signing.errors import SecretRequired

log = logging.getLogger(__name__)

MSG_SLOT_BUSY = _(
    "Another decree with the same numbering is being signed right now. Nothing was signed; try "
    "again in a moment."
)
MSG_ABANDONED = _(
    "The signature came back too late: this signing was abandoned and its number went to the next "
    "decree. Nothing was signed; sign again."
)

T = TypeVar("T")


class SlotBusy(Conflict):
    """Another attempt holds the signing slot of this numbering pattern and year."""

    def __init__(self, *, pattern: str, year: int):
        super().__init__(MSG_SLOT_BUSY, code="signing_slot_busy")
        self.pattern, self.year = pattern, year


class SigningAbandoned(Conflict):
    def __init__(self):
        super().__init__(MSG_ABANDONED, code="signing_abandoned")


@dataclass
class Attempt:
    """One signing attempt between its steps: what was prepared (in memory only) and the claim
    that names it on the counter row."""

    id: str
    case_id: int
    pattern: str
    year: int
    file_name: str
    decree: Decree  # unsaved, numbered, with its content
    unsigned_pdf: bytes
    request: SignatureRequest  # without the secret: that is handed to the signer alone
    stored_name: str = ""


def claim_lifetime() -> timedelta:
    """How long a claim may be held before it counts as stale: longer than any signer may
    legitimately take (BSrE: the status call and the signing call, each with its timeouts;
    the local signer's timestamp authority), with a margin for the two short transactions."""
    config = settings.SAHIH_SIGNING
    if config.get("claim_seconds"):
        return timedelta(seconds=config["claim_seconds"])
    bsre = config.get("bsre") or {}
    per_call = (bsre.get("connect_timeout") or 5) + (bsre.get("read_timeout") or 60)
    return timedelta(seconds=max(2 * per_call, 2 * (config.get("tsa_timeout") or 10)) + 60)


def _storage():
    return Decree._meta.get_field("pdf").storage


def _give_back(counter: DecreeCounter) -> None:
    """Release the slot and give its number back. The slot guarantees the claimed number is the
    counter's last; a decree already holding it (which cannot happen) keeps it."""
    used = Decree.objects.filter(pattern=counter.pattern, year=counter.year, sequence=counter.last)
    if counter.last and not used.exists():
        counter.last -= 1
    counter.claim, counter.claimed_at, counter.claim_file = "", None, ""
    counter.save(update_fields=["last", "claim", "claimed_at", "claim_file"])


def _remove_unused(name: str) -> None:
    if name and not Decree.objects.filter(pdf=name).exists():
        _storage().delete(name)


def _claim(*, pattern: str, year: int, attempt_id: str, file_name: str) -> None:
    DecreeCounter.objects.bulk_create([DecreeCounter(pattern=pattern, year=year)], ignore_conflicts=True)
    counter = DecreeCounter.objects.select_for_update().get(pattern=pattern, year=year)
    now = timezone.now()
    if counter.claim:
        if counter.claimed_at is not None and counter.claimed_at > now - claim_lifetime():
            raise SlotBusy(pattern=pattern, year=year)
        # Its process died, or its signer never answered: its number goes to this attempt.
        log.warning("signing: rolling back the stale claim on %s %s (number %s)", pattern, year, counter.last)
        _remove_unused(counter.claim_file)
        _give_back(counter)
    counter.claim, counter.claimed_at, counter.claim_file = attempt_id, now, file_name
    counter.save(update_fields=["claim", "claimed_at", "claim_file"])


def slot_free(*, pattern: str, year: int) -> bool:
    """Whether the slot can be claimed now (free or stale); a plain read, no lock."""
    stale = timezone.now() - claim_lifetime()
    claimed = DecreeCounter.objects.filter(pattern=pattern, year=year).exclude(claim="")
    return not claimed.filter(claimed_at__gt=stale).exists()


def decree_prepare(
    *,
    case: Case,
    signer: AbstractBaseUser,
    assignment: dict,
    checks: Callable[[], None] | None = None,
    who: dict | None = None,
) -> Attempt:
    """Step 1, inside the caller's transaction with ``case`` locked: claim the slot, number,
    compose and render. Raises ``SlotBusy`` while another attempt holds the slot. ``who``: the
    signer's identity, when the caller has worked it out already.

    ``checks`` (the policy rules) run once the slot is claimed: signings that queue for the slot
    try it first, and only the one that gets it pays for them."""
    assert transaction.get_connection().in_atomic_block, "prepared inside the caller's transaction"
    signed_at = timezone.now()
    decree_date = timezone.localtime(signed_at).date()
    pattern = numbering_pattern(case.kind)
    attempt_id = uuid.uuid4().hex
    decree = Decree(
        case=case, pattern=pattern, year=decree_date.year, decree_date=decree_date, signed_at=signed_at
    )
    file_name = f"decrees/{decree_date.year}/{decree.token[:12]}.pdf"
    _claim(pattern=pattern, year=decree_date.year, attempt_id=attempt_id, file_name=file_name)
    if checks is not None:
        checks()
    decree.sequence, decree.number = next_number(pattern, decree_date)
    # The SK witnesses the ledger's length: its own events come after this position, and the
    # position is inside the signed PDF (the signature's reason) and on the decree's record.
    position = ledger.position()
    signature = signature_for(assignment, signer_employee=employee_of(signer))
    document = compose(
        case=case,
        number=decree.number,
        decree_date=decree_date,
        signature=signature,
        verify_url=verification_url(decree.token),
    )
    rendered = render(document)
    page, x1, y1, x2, y2 = rendered.signature_box
    request = SignatureRequest(
        page=page,
        box=(x1, y1, x2, y2),
        signer_name=signature.name,
        reason=f"Keputusan {document.issuer.title()} Nomor {decree.number} (buku besar audit #{position})",
        location=document.place,
        # The name stands under the field in the signature block; the stamp names the office
        # and the time, so the name is printed once.
        appearance=(
            "Ditandatangani secara elektronik oleh:",
            office_of(signature),
            when(signed_at),
            "Keaslian: pindai kode QR pada dokumen ini",
        ),
        signer_nik=signer_nik(signer, on=decree_date),
    )
    decree.title = document.title
    decree.signer = {
        **(who or identity_of(signer)),
        "form": signature.form,
        "lines": list(signature.lines),
        "signed_as": signature.name,
        "basis": assignment.get("basis"),
        "ledger_position": position,
    }
    decree.content = document.to_dict()
    decree.unsigned_sha256 = hashlib.sha256(rendered.pdf).hexdigest()
    return Attempt(
        id=attempt_id,
        case_id=case.pk,
        pattern=pattern,
        year=decree_date.year,
        file_name=file_name,
        decree=decree,
        unsigned_pdf=rendered.pdf,
        request=request,
    )


def store_signed(attempt: Attempt, signed_pdf: bytes) -> None:
    """Write the signed PDF, before the finish's transaction: the case is not locked while the
    storage works. ``decree_abandon`` removes it if the finish does not commit (decisions/files.py
    says why a file is written before its row rather than after the commit)."""
    attempt.stored_name = _storage().save(attempt.file_name, ContentFile(signed_pdf))


def decree_finish(
    *, attempt: Attempt, case: Case, signer: AbstractBaseUser, signed_pdf: bytes, who: dict | None = None
) -> Decree:
    """Step 3, inside the caller's transaction with ``case`` locked: store the signed decree,
    mark the case signed, release the slot, write the ledger. Raises ``SigningAbandoned`` when
    the slot is no longer this attempt's (it was rolled back as stale meanwhile)."""
    assert transaction.get_connection().in_atomic_block, "finished inside the caller's transaction"
    counter = DecreeCounter.objects.select_for_update().get(pattern=attempt.pattern, year=attempt.year)
    if counter.claim != attempt.id:
        log.warning("signing: discarding the late answer of an abandoned attempt on case %s", case.pk)
        raise SigningAbandoned()
    decree = attempt.decree
    decree.case = case
    decree.sha256 = hashlib.sha256(signed_pdf).hexdigest()
    if not attempt.stored_name:
        store_signed(attempt, signed_pdf)
    decree.pdf.name = attempt.stored_name
    decree.save()
    counter.claim, counter.claimed_at, counter.claim_file = "", None, ""
    counter.save(update_fields=["claim", "claimed_at", "claim_file"])
    lifecycle.transition(
        case=case,
        event=lifecycle.SIGN,
        actor=who or identity_of(signer),
        at=decree.signed_at,
        data={
            "decree": decree.pk,
            "number": decree.number,
            "date": decree.decree_date,
            "title": decree.title,
            "sha256": decree.sha256,
            "unsigned_sha256": decree.unsigned_sha256,
            "signature_form": decree.signer["form"],
            "effective_date": case.effective_date,
            "ledger_position": decree.signer["ledger_position"],
        },
    )
    if case.kind in AMENDMENTS and case.target_decree_id is not None:
        decree_supersede(old=case.target_decree, new=decree, how=AMENDMENTS[case.kind])
    return decree


def decree_abandon(attempt: Attempt) -> None:
    """After a failure at any step after prepare: remove the file if no decree kept it, and if
    the slot is still this attempt's, give its number back and release it. Safe to repeat."""
    _remove_unused(attempt.stored_name)
    with transaction.atomic():
        counter = DecreeCounter.objects.select_for_update().get(pattern=attempt.pattern, year=attempt.year)
        if counter.claim == attempt.id:
            _give_back(counter)


def check_secret(secret: OneTimeSecret | None) -> None:
    """Refuse at once when the signer needs a passphrase or code and none was typed: called by
    the caller's prepare after its own checks (who may sign comes first), before any number."""
    if get_signer().needs_secret and (secret is None or not secret.value):
        raise SecretRequired()


def _prepared(prepare: Callable[[], Attempt]) -> Attempt:
    """``prepare()``, waiting while another attempt holds the slot: a signing of the same
    pattern queues as it did behind the counter's row lock, but polling a plain read, with no
    transaction open. After ``SAHIH_SIGNING["slot_wait"]`` seconds (default: a claim's
    lifetime) it gives up with ``SlotBusy``."""
    wait = settings.SAHIH_SIGNING.get("slot_wait")
    deadline = time.monotonic() + (claim_lifetime().total_seconds() if wait is None else wait)
    pause = 0.02
    while True:
        try:
            return prepare()
        except SlotBusy as busy:
            while not slot_free(pattern=busy.pattern, year=busy.year):
                if time.monotonic() >= deadline:
                    raise
                time.sleep(pause * (1 + random.random()))  # noqa: S311 -- jitter, not a secret
                pause = min(pause * 2, 0.25)


@sensitive_variables("secret")
def run_signing(
    *,
    prepare: Callable[[], Attempt],
    finish: Callable[[Attempt, bytes], T],
    secret: OneTimeSecret | None = None,
) -> T:
    """Prepare (its own transaction), sign (none), finish (its own transaction); after any
    failure, abandon. ``prepare`` returns ``decree_prepare``'s attempt; ``finish`` calls
    ``decree_finish`` and returns what the caller wants back."""
    signer = get_signer()
    attempt = _prepared(prepare)
    try:
        signed_pdf = signer.sign(attempt.unsigned_pdf, replace(attempt.request, secret=secret))
        store_signed(attempt, signed_pdf)
        return finish(attempt, signed_pdf)
    except BaseException:
        decree_abandon(attempt)
        raise
