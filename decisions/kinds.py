"""What each decision kind needs in its file.

The routes live in workflows/flows.py; this is the legal side: whether the items name a new
position, which documents must be attached before submission, which facts the case data
must hold.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .documents.words import parse_day
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
    # The registry status its employees must have when the case is drafted (None: still in
    # the service, Employee.SERVING; the rules say what a CPNS or a suspended PNS may go through).
    subject_status: str | None = None
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
            subject_status="incoming",
            required_attachments=(A.REQUEST_LETTER, A.RELEASE_LETTER, A.PERTEK),
            # The decision that transfers the employee is cited by number and date.
            required_data=(
                "origin_region",
                "final_issuer",
                "origin_decree_number",
                "origin_decree_date",
                "pertek_number",
                "pertek_date",
            ),
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
        # Usually one decree for the whole intake; a health statement per CPNS (rule 28).
        KindSpec(
            CaseKind.APPOINTMENT_PNS,
            target_position=False,
            collective=True,
            required_attachments=(A.HEALTH_STATEMENT,),
            subject_status="cpns",
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
        # A revocation states the defect it cures (UU 30/2014 Pasal 64 ayat (1)).
        KindSpec(
            CaseKind.REVOCATION,
            target_position=False,
            required_data=("revocation_defect", "revocation_reason"),
        ),
    ]
}


def spec_for(kind: str) -> KindSpec:
    return SPECS[kind]


# How the case data is called on the request form, in messages and on the case pages: first
# what each kind requires, then what the route records on the way.
DATA_LABELS = {
    "destination_region": _("destination region"),
    "origin_region": _("region of origin"),
    "final_issuer": _("who issues the final SK (Governor or Minister)"),
    "origin_decree_number": _("number of the decision that transfers the employee"),
    "origin_decree_date": _("date of the decision that transfers the employee"),
    "pertek_number": _("pertek number"),
    "pertek_date": _("pertek date"),
    "pertek_issuer": _("pertek issued by"),
    "functional_route": _("route into the functional post"),
    "competency_test": _("competency test result"),
    "shortlist": _("the selection panel's shortlist"),
    "request_date": _("date of the request letter"),
    "date_of_death": _("date of death"),
    "sanction_decree_number": _("number of the sanction decree"),
    "health_certificate_number": _("number of the health board certificate"),
    "correction": _("what is corrected"),
    "revocation_defect": _("defect of the decree revoked"),
    "revocation_reason": _("what the defect is"),
    "revocation_consequence": _("what follows for the employees"),
    "collective": _("collective case"),
    "decide_by": _("to be decided by"),
    "inauguration_date": _("inauguration date"),
    "oath_date": _("date of the oath of office (sumpah/janji PNS)"),
    "postponed_until": _("postponed until"),
    "requested_effective_date": _("effective date first requested"),
    "committee": _("committee decision"),
    "committee_date": _("date of the committee decision"),
    "chosen_item": _("chosen candidate (row)"),
    "chosen_candidate": _("NIP of the chosen candidate"),
}


# The coded values of the case data, with what people read for them (the request form offers
# these choices; the case pages show the labels).
DATA_CHOICES = {
    "final_issuer": {"gubernur": _("the Governor"), "mendagri": _("the Minister of Home Affairs")},
    "revocation_defect": {
        "wewenang": _("of authority"),
        "prosedur": _("of procedure"),
        "substansi": _("of substance"),
    },
    "functional_route": {
        "pengangkatan_pertama": _("first appointment"),
        "perpindahan": _("transfer from another post"),
        "penyesuaian": _("adjustment (inpassing)"),
        "promosi": _("promotion"),
    },
}

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATA_ORDER = {key: index for index, key in enumerate(DATA_LABELS)}


def data_label(key: str) -> str:
    return str(DATA_LABELS.get(key, key))


def data_text(key: str, value) -> str:
    """One value of the case data as a person reads it: labels for codes, dates as d-m-Y."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if key in DATA_CHOICES:
        return str(DATA_CHOICES[key].get(value, value))
    if key == "competency_test" and isinstance(value, dict):
        verdict = _("passed") if value.get("passed") else _("not passed")
        if value.get("score") in (None, ""):
            return str(verdict)
        return _("%(verdict)s, score %(score)s") % {"verdict": verdict, "score": value["score"]}
    if key == "shortlist" and isinstance(value, list):
        return "; ".join(_candidate(row) for row in value)
    if key == "committee" and isinstance(value, dict):
        return _committee(value)
    if isinstance(value, str):
        return day_text(value)
    return json.dumps(value, ensure_ascii=False, sort_keys=True)  # a shape this code does not know


def day_text(value: str | None) -> str:
    """A recorded ISO date (YYYY-MM-DD) as people read it; any other text as it is. Only the
    dashed form counts as a date, so a number such as a pertek's is never read as one."""
    day = parse_day(value) if value and _ISO_DATE.fullmatch(value) else None
    # As policy.dates.fmt writes it (importing the policy package from here would be circular).
    return day.strftime("%d-%m-%Y") if day else (value or "")


def data_rows(data: dict) -> list[tuple[str, str]]:
    """The case data as (label, text) rows, in the order the labels are declared."""
    keys = sorted(data, key=lambda key: (_DATA_ORDER.get(key, len(_DATA_ORDER)), key))
    return [(capfirst(data_label(key)), data_text(key, data[key])) for key in keys]


def _committee(summary: dict) -> str:
    yes = sum(1 for vote in summary.get("votes") or [] if vote.get("vote") == "approved")
    result = _("approved") if summary.get("result") == "approved" else _("rejected")
    return _("%(result)s: %(yes)s of %(size)s members in favour, %(needed)s needed") % {
        "result": result,
        "yes": yes,
        "size": summary.get("size", ""),
        "needed": summary.get("needed", ""),
    }


def _candidate(row) -> str:
    if not isinstance(row, dict):
        return str(row)
    if row.get("score") in (None, ""):
        return f"NIP {row.get('nip', '')}"
    return _("NIP %(nip)s (score %(score)s)") % {"nip": row.get("nip", ""), "score": row["score"]}
