"""What each decision kind needs in its file.

The routes live in workflows/flows.py; this is the legal side: whether the items name a new
position, which documents must be attached before submission, which facts the case data
must hold.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .models import Attachment, CaseKind

A = Attachment.Kind


@dataclass(frozen=True)
class KindSpec:
    kind: str
    # Whether each item moves the employee into a new position (transfer, appointment).
    target_position: bool
    # Documents that must be in the file before submission.
    required_attachments: tuple[str, ...] = ()
    # Keys of Case.data that must be filled before submission.
    required_data: tuple[str, ...] = ()
    # Whether one case may carry many employees (a rotation).
    collective: bool = False
    # Whether the items are alternative candidates of whom the route keeps one (JPT: the
    # selection panel's best three).
    candidates: bool = False


SPECS: dict[str, KindSpec] = {
    spec.kind: spec
    for spec in [
        KindSpec(CaseKind.TRANSFER, target_position=True, collective=True),
        KindSpec(
            CaseKind.TRANSFER_OUT,
            target_position=False,
            required_attachments=(A.REQUEST_LETTER, A.CONSENT_LETTER),
            required_data=("destination_region", "final_issuer"),
        ),
        KindSpec(
            CaseKind.TRANSFER_IN,
            target_position=True,
            required_attachments=(A.REQUEST_LETTER, A.RELEASE_LETTER, A.PERTEK),
            required_data=("origin_region", "final_issuer", "pertek_number", "pertek_date"),
        ),
        KindSpec(CaseKind.APPOINTMENT_STRUCTURAL, target_position=True),
        KindSpec(
            CaseKind.APPOINTMENT_FUNCTIONAL,
            target_position=True,
            required_attachments=(A.COMPETENCY_TEST,),
            required_data=("functional_route", "competency_test"),
        ),
        KindSpec(
            CaseKind.APPOINTMENT_JPT,
            target_position=True,
            required_attachments=(A.SELECTION_RESULT,),
            required_data=("shortlist",),
            candidates=True,
        ),
        KindSpec(CaseKind.DISMISSAL_RETIREMENT, target_position=False, collective=True),
        KindSpec(
            CaseKind.DISMISSAL_OWN_REQUEST,
            target_position=False,
            required_attachments=(A.REQUEST_LETTER,),
            required_data=("request_date",),
        ),
        KindSpec(
            CaseKind.DISMISSAL_DEATH,
            target_position=False,
            required_attachments=(A.DEATH_CERTIFICATE,),
            required_data=("date_of_death",),
        ),
        KindSpec(
            CaseKind.DISMISSAL_DISCIPLINE,
            target_position=False,
            required_attachments=(A.SANCTION_DECREE,),
            required_data=("sanction_decree_number",),
        ),
        KindSpec(
            CaseKind.DISMISSAL_UNFIT,
            target_position=False,
            required_attachments=(A.HEALTH_CERTIFICATE,),
            required_data=("health_certificate_number",),
        ),
        KindSpec(CaseKind.CORRECTION, target_position=False, required_data=("correction",)),
        KindSpec(CaseKind.REVOCATION, target_position=False),
    ]
}


def spec_for(kind: str) -> KindSpec:
    return SPECS[kind]


# How the case data each kind requires is called on the request form and in messages.
DATA_LABELS = {
    "destination_region": _("destination region"),
    "origin_region": _("region of origin"),
    "final_issuer": _("who issues the final SK (Governor or Minister)"),
    "pertek_number": _("pertek number"),
    "pertek_date": _("pertek date"),
    "functional_route": _("route into the functional post"),
    "competency_test": _("competency test result"),
    "shortlist": _("the selection panel's shortlist"),
    "request_date": _("date of the request letter"),
    "date_of_death": _("date of death"),
    "sanction_decree_number": _("number of the sanction decree"),
    "health_certificate_number": _("number of the health board certificate"),
    "correction": _("what is corrected"),
}


def data_label(key: str) -> str:
    return str(DATA_LABELS.get(key, key))
