"""Decree numbers, superseding, extracts, and applying decrees.

Issuing a decree (number, render, sign, store) is ``decisions.issuing``: three steps, so the
signer's call holds no lock. The numbers it takes come from ``next_number`` here.

``decree_supersede`` marks a decree superseded or revoked by the correction or revocation
signed in the same transaction; ``decree_extract`` gives a person their PETIKAN.

``apply_due`` makes signed decisions take effect on their effective date (TMT): positions
and statuses change in the registry, with a history entry naming the decree.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit import services as ledger
from personnel.models import Employee, PositionHistory

from . import lifecycle
from .documents.model import DecreeDocument
from .documents.render import render
from .documents.words import indonesian_date, month_roman
from .errors import Conflict, Invalid
from .models import Case, Decree, DecreeCounter
from .services import lock_case
from .signing import SignatureRequest, get_signer

logger = logging.getLogger(__name__)

MSG_NOT_VALID = _("Decree %(number)s is already %(status)s; it cannot be superseded or revoked again.")
MSG_NOT_TARGET = _("Decree %(new)s does not name decree %(old)s as the one it corrects or revokes.")
MSG_BAD_PATTERN = _("The numbering pattern “%(pattern)s” cannot be used: %(error)s")
SUPERSEDE_STATUS = {"superseded": Decree.Status.SUPERSEDED, "revoked": Decree.Status.REVOKED}


def numbering_pattern(kind: str) -> str:
    patterns = settings.SAHIH_DECREE["numbering"]
    return patterns.get(kind, patterns["default"])


def format_number(pattern: str, *, sequence: int, on: date) -> str:
    """The number as written: placeholders {seq}, {year}, {month} and {month_roman}."""
    try:
        return pattern.format(seq=sequence, year=on.year, month=on.month, month_roman=month_roman(on.month))
    except (KeyError, IndexError, ValueError) as error:
        raise ImproperlyConfigured(str(MSG_BAD_PATTERN % {"pattern": pattern, "error": error})) from None


def next_number(pattern: str, on: date) -> tuple[int, str]:
    """Take the next number of ``pattern`` in the year of ``on``.

    Gapless per pattern and year: the counter row stays locked until the transaction ends, so
    a rollback gives the number back. A signing takes it while holding the pattern's signing
    slot (``decisions.issuing``), which keeps it the last number until it is used or given back.
    """
    assert transaction.get_connection().in_atomic_block, "numbers are taken inside a transaction"
    DecreeCounter.objects.bulk_create([DecreeCounter(pattern=pattern, year=on.year)], ignore_conflicts=True)
    counter = DecreeCounter.objects.select_for_update().get(pattern=pattern, year=on.year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last, format_number(pattern, sequence=counter.last, on=on)


def verification_url(token: str) -> str:
    return settings.SAHIH_PUBLIC_URL + reverse("decree-verify", args=[token])


def when(moment) -> str:
    local = timezone.localtime(moment)
    return f"{indonesian_date(local.date())} {local:%H:%M:%S %Z}"


def office_of(signature) -> str:
    """The office the block names ("a.n. WALI KOTA ... SEKRETARIS DAERAH"), without a
    certifier's "Salinan sesuai dengan aslinya"."""
    lines = [line for line in signature.lines if line != "Salinan sesuai dengan aslinya"]
    return " ".join(line.rstrip(",") for line in lines)


def decree_supersede(*, old: Decree, new: Decree, how: str) -> Decree:
    """Mark ``old`` superseded (by a correction) or revoked, naming ``new``; called inside the
    transaction that stores ``new`` (its signing's finish). The old number stays taken for ever."""
    if how not in SUPERSEDE_STATUS:
        raise ValueError(f"how must be one of {sorted(SUPERSEDE_STATUS)}, not {how!r}")
    with ledger.atomic():
        old = Decree.objects.select_for_update().get(pk=old.pk)
        if old.status != Decree.Status.VALID:
            raise Conflict(
                MSG_NOT_VALID % {"number": old.number, "status": old.get_status_display()},
                code="decree_not_valid",
            )
        if new.pk == old.pk or new.case.target_decree_id != old.pk:
            raise Invalid(
                MSG_NOT_TARGET % {"new": new.number, "old": old.number},
                code="decree_not_target",
                fields={"target_decree": MSG_NOT_TARGET % {"new": new.number, "old": old.number}},
            )
        old.status = SUPERSEDE_STATUS[how]
        old.replaced_by = new
        old.save(update_fields=["status", "replaced_by"])
        ledger.record(
            action=f"decree.{how}",
            object_type="case",
            object_id=old.case_id,
            actor={
                key: new.signer.get(key) for key in ("user_id", "username", "name", "nip", "position", "unit")
            },
            data={
                "decree": old.pk,
                "number": old.number,
                "status": old.status,
                "replaced_by": new.pk,
                "replaced_by_number": new.number,
                "replacing_case": new.case_id,
            },
        )
    return old


def extract_document(decree: Decree, item_number: int) -> DecreeDocument:
    """The PETIKAN of one person (``CaseItem.position_in_case``); 404 if the decree has no annex
    or no such person."""
    document = DecreeDocument.from_dict(decree.content)
    row = document.person_row(item_number)
    if not document.annex_refers or row is None:
        raise Http404
    return document.as_extract(row.number)


def decree_extract(*, decree: Decree, item_number: int) -> bytes:
    """A person's PETIKAN, rendered from the stored content and signed like the decree.

    The visible field says it is an extract, who signed the decree and when, and when the
    extract was sealed; the QR code leads to the decree's own verification page.
    """
    document = extract_document(decree, item_number)
    rendered = render(document)
    page, x1, y1, x2, y2 = rendered.signature_box
    signed_as = decree.signer.get("signed_as", document.signature.name)
    certifier = document.certifier
    return get_signer().sign(
        rendered.pdf,
        SignatureRequest(
            page=page,
            box=(x1, y1, x2, y2),
            signer_name=certifier.name if certifier is not None else signed_as,
            reason=f"Petikan Keputusan {document.issuer.title()} Nomor {decree.number}",
            location=document.place,
            appearance=(
                "Petikan disahkan secara elektronik",
                office_of(certifier) if certifier is not None else "PETIKAN",
                f"Keputusan ditandatangani {when(decree.signed_at)}",
                f"Petikan disahkan {when(timezone.now())}",
            ),
        ),
    )


def render_again(decree: Decree) -> bytes:
    """The unsigned PDF rendered again from the stored content (it must hash the same)."""
    return render(DecreeDocument.from_dict(decree.content)).pdf


def _close_current_spell(employee: Employee, end) -> None:
    open_spells = PositionHistory.objects.filter(employee=employee, end__isnull=True)
    if open_spells.filter(start__lte=end).update(end=end):
        return
    # Rule after_current_post blocks such a TMT at every gate; two decrees signed before
    # either took effect can still meet here, and the registry must refuse them clearly, not
    # with the database's check constraint. (One statement in the usual case, as before.)
    began = open_spells.filter(start__gt=end).order_by("start").first()
    if began is not None:
        raise Conflict(
            _(
                "%(name)s has held the current post since %(since)s; a decision taking effect on "
                "%(tmt)s cannot end it. Correct one of the two decrees."
            )
            % {
                "name": employee.full_name,
                "since": indonesian_date(began.start),
                "tmt": indonesian_date(end + timedelta(days=1)),
            },
            code="effective_before_current_post",
        )


def _apply_item(case: Case, item, decree: Decree) -> dict:
    employee = Employee.objects.select_for_update().get(pk=item.employee_id)
    before = {"position": employee.position.code if employee.position else None, "status": employee.status}
    day = case.effective_date
    outcome = APPLY_OUTCOMES.get(case.kind, "move")
    if outcome == "record_only":
        # A correction or revocation changes the legal record, not the registry by itself:
        # what the registry should become is decided (and applied) by a decision of its own.
        pass
    elif outcome == "pns":
        # The CPNS becomes a PNS in the post they already hold.
        employee.status = Employee.Status.ACTIVE
        employee.tmt_pns = day
    elif outcome == "move":
        _close_current_spell(employee, day - timedelta(days=1))
        employee.position = item.to_position
        employee.position_since = day
        employee.status = Employee.Status.ACTIVE
        PositionHistory.objects.create(
            employee=employee,
            position=item.to_position,
            start=day,
            decree_number=decree.number,
            decree_date=decree.decree_date,
            source=f"case:{case.pk}",
        )
    else:
        _close_current_spell(employee, day - timedelta(days=1))
        employee.position = None
        employee.position_since = None
        employee.status = outcome
    employee.save(update_fields=["position", "position_since", "status", "tmt_pns"])
    item.applied_at = timezone.now()
    item.save(update_fields=["applied_at"])
    after = {"position": employee.position.code if employee.position else None, "status": employee.status}
    if outcome == "pns":
        after["tmt_pns"] = day
    return {"item": item.position_in_case, "employee": employee.nip, "before": before, "after": after}


# Issuing a decree of these kinds supersedes or revokes the decree its case names.
AMENDMENTS = {"correction": "superseded", "revocation": "revoked"}

APPLY_OUTCOMES = {
    "correction": "record_only",
    "revocation": "record_only",
    "appointment_pns": "pns",
    "dismissal_retirement": Employee.Status.RETIRED,
    "dismissal_own_request": Employee.Status.DISMISSED,
    "dismissal_discipline": Employee.Status.DISMISSED,
    "dismissal_unfit": Employee.Status.DISMISSED,
    "dismissal_death": Employee.Status.DECEASED,
    "transfer_out": Employee.Status.TRANSFERRED_OUT,
}


def apply_case(case: Case) -> bool:
    """Apply a signed case whose date has come; False if it is not (yet) applicable."""
    case = lock_case(case.pk)
    if case.status != Case.Status.SIGNED or case.effective_date > timezone.localdate():
        return False
    decree = case.decree
    changes = [
        _apply_item(case, item, decree)
        for item in case.items.filter(status="active", applied_at__isnull=True).select_related("to_position")
    ]
    lifecycle.transition(
        case=case,
        event=lifecycle.TAKE_EFFECT,
        data={"decree": decree.number, "effective_date": case.effective_date, "changes": changes},
    )
    return True


def apply_due() -> list[int]:
    """Apply every signed case whose effective date has come. Safe to run repeatedly."""
    applied = []
    # In the order they take effect, so that a later TMT closes the post an earlier one began.
    due = Case.objects.filter(status=Case.Status.SIGNED, effective_date__lte=timezone.localdate())
    for case_id in due.order_by("effective_date", "pk").values_list("pk", flat=True):
        try:
            with ledger.atomic():
                if apply_case(Case(pk=case_id)):
                    applied.append(case_id)
        except Conflict as conflict:
            # Stays signed and is tried again on the next run, once a correction resolved it.
            logger.error("Case %s cannot take effect: %s", case_id, conflict.message)
    return applied
