"""The public feedback route's ledger events, registered with ``audit.events`` from
``PublicConfig.ready()``. The codes are in ``public/ledger.py``; the sender's name and contact
are never carried (only whether a contact was left)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from audit.events import register

from . import ledger as codes

TRACKING = {"tracking_code": "ABCDE-FGHJK"}
STEP = {**TRACKING, "task": 1, "stage": "feedback_triage", "due": "2026-12-07"}


def register_all() -> None:
    common = {"object_type": "feedback"}
    register(
        codes.FEEDBACK_RECEIVED,
        label=_("Public feedback received"),
        carries={**TRACKING, "kind": "service", "unit": None, "with_contact": False},
        **common,
    )
    register(
        codes.FEEDBACK_TRIAGED,
        label=_("Public feedback triaged"),
        carries={**TRACKING, "disposition": "forward", "unit": "DISHUB", "note": ""},
        **common,
    )
    register(
        codes.FEEDBACK_UNIT_RESPONDED,
        label=_("The unit responded to public feedback"),
        carries={**TRACKING, "response": ""},
        **common,
    )
    register(
        codes.FEEDBACK_CLOSED,
        label=_("Public feedback closed"),
        carries={**TRACKING, "conclusion": "", "answer": ""},
        **common,
    )
    register(
        codes.FEEDBACK_REMINDED,
        label=_("Reminder: public feedback due soon"),
        carries=STEP,
        **common,
    )
    register(
        codes.FEEDBACK_ESCALATED,
        label=_("Public feedback overdue: escalated"),
        carries={**STEP, "escalated_to": None},
        **common,
    )
