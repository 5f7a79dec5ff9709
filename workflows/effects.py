"""What some decisions change in the case itself, beyond moving it on.

A stage names its effect (``Stage(..., effect=effects.keep_chosen_candidate)``); the task
service calls it inside the decision's transaction, after every check has passed.
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit import services as ledger
from decisions import policy
from decisions.errors import Invalid
from decisions.models import CaseItem
from decisions.policy.dates import add_years
from personnel.models import Employee

from .models import Committee


def committee_result(join_task, *, decided_only: bool) -> str | None:
    """The committee's result from the votes that reached ``join_task``.

    With ``decided_only`` the answer is None until the votes cast already decide under the
    committee's rule (so the Join can stop waiting for the rest); otherwise the votes that
    came in are counted as they stand.
    """
    votes = [task for task in join_task.previous.all() if task.data.get("outcome")]
    if not votes:
        return None
    committee = Committee.objects.get(code=votes[0].data["committee"])
    size = votes[0].data.get("size") or committee.members.count()
    yes = sum(1 for task in votes if task.data["outcome"] == "approved")
    no = sum(1 for task in votes if task.data["outcome"] == "rejected")
    result = committee.outcome(size=size, yes=yes, no=no)
    if result is None and not decided_only:
        result = "approved" if yes >= committee.needed(size) else "rejected"
    if result is not None:
        _remember_committee(join_task, committee, size, votes, result)
    return result


def _remember_committee(join_task, committee, size, votes, result) -> None:
    case = join_task.process.case
    summary = {
        "committee": committee.code,
        "rule": committee.rule,
        "needed": committee.needed(size),
        "size": size,
        "result": result,
        "votes": [
            {"member": task.data.get("name"), "vote": task.data["outcome"], "note": task.data.get("note", "")}
            for task in sorted(votes, key=lambda task: task.pk)
        ],
    }
    if case.data.get("committee") == summary:
        return
    case.data["committee"] = summary
    case.data["committee_date"] = timezone.localdate().isoformat()
    case.save(update_fields=["data"])
    ledger.record(action="committee.decided", object_type="case", object_id=case.pk, actor=None, data=summary)


def keep_chosen_candidate(*, case, task, action, facts, actor, who: dict) -> None:
    """The regional head picks one of the panel's candidates; the others leave the case."""
    chosen = int(facts["chosen_item"])
    items = list(case.items.filter(status=CaseItem.Status.ACTIVE))
    if chosen not in {item.position_in_case for item in items}:
        message = _("Choose one of the candidates listed in the case.")
        raise Invalid(message, code="not_a_candidate", fields={"chosen_item": message})
    for item in items:
        if item.position_in_case != chosen:
            item.status = CaseItem.Status.DROPPED
            item.drop_reason = _("Not chosen by the regional head.")
            item.save(update_fields=["status", "drop_reason"])
    winner = next(item for item in items if item.position_in_case == chosen)
    case.data["chosen_candidate"] = winner.employee.nip
    case.save(update_fields=["data"])
    ledger.record(
        action="case.candidate_chosen",
        object_type="case",
        object_id=case.pk,
        actor=who,
        data={"item": chosen, "employee": winner.employee.nip, "name": winner.employee.full_name},
    )


def postpone_dismissal(*, case, task, action, facts, actor, who: dict) -> None:
    """APS may be postponed up to one year when the employee is needed (PP 11/2017)."""
    if action != "postpone":
        return
    until = date.fromisoformat(facts["postponed_until"])
    requested = date.fromisoformat(case.data["request_date"])
    limit = add_years(requested, policy.configured()["aps_max_postponement_years"])
    if not (case.effective_date < until <= limit):
        message = _(
            "A postponement must end after the requested date and at most one year after the request (by %(limit)s)."
        ) % {"limit": limit.strftime("%d-%m-%Y")}
        raise Invalid(message, code="postponement_out_of_range", fields={"postponed_until": message})
    case.data["postponed_until"] = until.isoformat()
    case.data["requested_effective_date"] = case.effective_date.isoformat()
    case.effective_date = until
    case.save(update_fields=["data", "effective_date"])


MSG_OATH_BEFORE_DECREE = gettext_lazy(
    "The oath cannot have been taken before the decree was signed on %(date)s."
)
MSG_OATH_IN_FUTURE = gettext_lazy("The oath cannot be recorded before it is taken: %(date)s is after today.")


def record_oath(*, case, task, action, facts, actor, who: dict) -> None:
    """The day the new PNS took the oath of office (sumpah/janji PNS) goes into the registry,
    for every employee of the case; it cannot come before the decree nor after today."""
    day = date.fromisoformat(facts["oath_date"])
    signed_on = case.decree.decree_date
    if day < signed_on:
        message = MSG_OATH_BEFORE_DECREE % {"date": signed_on.strftime("%d-%m-%Y")}
        raise Invalid(message, code="oath_before_decree", fields={"oath_date": message})
    if day > timezone.localdate():
        message = MSG_OATH_IN_FUTURE % {"date": day.strftime("%d-%m-%Y")}
        raise Invalid(message, code="oath_in_future", fields={"oath_date": message})
    employees = Employee.objects.filter(case_items__case=case, case_items__status=CaseItem.Status.ACTIVE)
    nips = sorted(employees.values_list("nip", flat=True))
    employees.update(oath_date=day)
    ledger.record(
        action="registry.oath_recorded",
        object_type="case",
        object_id=case.pk,
        actor=who,
        data={"oath_date": day, "employees": nips},
    )
