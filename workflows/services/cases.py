"""Submitting and withdrawing cases: the start and the early end of a route."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.models import Task
from viewflow.workflow.status import PROCESS

from audit import services as ledger
from decisions import lifecycle, policy
from decisions.errors import Invalid
from decisions.kinds import data_label, spec_for
from decisions.models import Attachment, Case
from decisions.selectors import cases_visible_to
from decisions.services import lock_case, refresh_snapshots
from personnel.selectors import identity_of

from .. import progress
from ..flows import ROUTES, route_for
from ..nodes import Outcome
from ..stages import OPEN
from .tasks import run_activation

MSG_MISSING_ATTACHMENTS = _("The file is incomplete: attach %(kinds)s.")
MSG_MISSING_DATA = _("The case is incomplete: fill in %(fields)s.")
MSG_NO_ROUTE = _("Cases of this kind cannot be submitted yet.")


def _visible_locked(actor: AbstractBaseUser, case_id: int) -> Case:
    if not cases_visible_to(actor).filter(pk=case_id).exists():
        raise Http404
    return lock_case(case_id)


def _check_complete(case: Case) -> None:
    spec = spec_for(case.kind)
    attached = set(case.attachments.values_list("kind", flat=True))
    missing = [kind for kind in spec.required_attachments if kind not in attached]
    if missing:
        labels = ", ".join(str(Attachment.Kind(kind).label) for kind in missing)
        message = MSG_MISSING_ATTACHMENTS % {"kinds": labels}
        raise Invalid(message, code="missing_attachments", fields={"attachments": message})
    missing_data = [key for key in spec.required_data if case.data.get(key) in (None, "", [], {})]
    if missing_data:
        raise Invalid(
            MSG_MISSING_DATA % {"fields": ", ".join(data_label(key) for key in missing_data)},
            code="missing_data",
            fields={key: MSG_MISSING_DATA % {"fields": data_label(key)} for key in missing_data},
        )


def case_submit(*, case_id: int, actor: AbstractBaseUser, overrides=None, acknowledged=()) -> Case:
    """Submit a draft (the route starts) or resubmit a returned case (it starts again)."""
    with ledger.atomic():
        case = _visible_locked(actor, case_id)
        event = lifecycle.submission_event(case)
        lifecycle.check(actor, case, event)
        if case.kind not in ROUTES:
            raise Invalid(MSG_NO_ROUTE, code="no_route")
        refresh_snapshots(case)
        _check_complete(case)
        policy.gate(
            case=case,
            stage="submission",
            actor=actor,
            overrides=overrides or {},
            acknowledged=tuple(acknowledged),
        )
        case.submitted_at = timezone.now()
        case.save(update_fields=["submitted_at"])
        route = route_for(case.kind)
        route.instance.on_submitted(case)
        lifecycle.transition(
            case=case,
            event=event,
            actor=identity_of(actor),
            data={
                "items": [item.snapshot for item in case.items.filter(status="active")],
                "decide_by": case.data.get("decide_by"),
            },
        )
        if event == lifecycle.RESUBMIT:
            revision = Task.objects.get(process_id=case.process_id, status__in=OPEN, data__stage="revision")
            run_activation(revision, case, actor, outcome=Outcome.APPROVED, note="")
        else:
            route.start.run(case=case)
        progress.sync_stage(case)
    return case


def case_withdraw(*, case_id: int, actor: AbstractBaseUser, note: str = "") -> Case:
    """The proposer takes the case back before it is signed; its route is cancelled."""
    with ledger.atomic():
        case = _visible_locked(actor, case_id)
        lifecycle.check(actor, case, lifecycle.WITHDRAW)
        if case.process_id is not None and case.process.status not in (PROCESS.DONE, PROCESS.CANCELED):
            route_for(case.kind).instance.cancel(case.process)
        lifecycle.transition(
            case=case, event=lifecycle.WITHDRAW, actor=identity_of(actor), data={"note": (note or "").strip()}
        )
    return case
