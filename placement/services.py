"""Starting a case from a ranking: the right kind for the move, the chosen candidate (for a
JPT post, the best three go to the selection panel), and the ranking's score version with
its factors stored in the case's data, so the ledger's ``case.*.created`` event carries them."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from decisions.errors import Invalid
from decisions.models import Case, CaseKind
from decisions.services import ItemInput, case_create
from personnel.models import Employee, Position

from .candidates import Candidate, Ranking, check_candidate, rank_candidates
from .scope import scope_of
from .scoring import parameters

PLACEMENT_DATA = "placement"  # the Case.data key of the ranking behind the case
MSG_NOT_A_CANDIDATE = _(
    "The employee is not among the candidates for this position; the rules exclude them or they are outside your units."
)
MSG_NO_CANDIDATES = _("There are no candidates for this position.")
MSG_REASON = _(
    "Filling the vacant position %(position)s from the competency-based ranking (score version %(version)s)."
)


def start_case(
    *,
    actor: AbstractBaseUser,
    position: Position,
    employee_ids: list[int] | tuple[int, ...] = (),
    effective_date: date | None = None,
    reason: str = "",
) -> Case:
    """Draft the case that fills ``position`` with the chosen candidate (for JPT: the chosen
    ones, by default the ranking's best three). The ranking is worked out again now, so the
    candidates must still pass the rules, and the version stored is the one that ranked them."""
    with transaction.atomic():
        scope = scope_of(actor)
        ranking = rank_candidates(
            position=position, scope=scope, on=timezone.localdate(), effective_date=effective_date
        )
        jpt = ranking.position.kind == Position.Kind.JPT_PRATAMA
        size = parameters()["jpt_shortlist"] if jpt else 1
        if not employee_ids:
            if not ranking.candidates:
                raise Invalid(MSG_NO_CANDIDATES, code="no_candidates")
            employee_ids = [c.employee.pk for c in ranking.candidates[:size]]
        chosen = []
        for employee_id in list(dict.fromkeys(employee_ids))[:size]:
            candidate = ranking.find(employee_id)
            if candidate is None:  # beyond the ranking's best: checked on their own
                employee = Employee.objects.filter(pk=employee_id).first()
                candidate = employee and check_candidate(
                    position=ranking.position,
                    employee=employee,
                    scope=scope,
                    on=ranking.on,
                    effective_date=ranking.effective_date,
                )
            if not isinstance(candidate, Candidate):
                raise Invalid(
                    MSG_NOT_A_CANDIDATE, code="not_a_candidate", fields={"employee": MSG_NOT_A_CANDIDATE}
                )
            chosen.append(candidate)
        kind = CaseKind.APPOINTMENT_JPT if jpt else chosen[0].kind
        data = {
            PLACEMENT_DATA: {
                "position": ranking.position.code,
                "score_version": ranking.score_version,
                "rule_version": ranking.rule_version,
                "ranked_on": ranking.on.isoformat(),
                "candidates": [{**c.as_record(), "place": _place(ranking, c)} for c in chosen],
            }
        }
        if jpt:
            data["shortlist"] = [{"nip": c.employee.nip, "score": None} for c in chosen]
        return case_create(
            actor=actor,
            kind=kind,
            items=[ItemInput(employee=c.employee, to_position=ranking.position) for c in chosen],
            effective_date=ranking.effective_date,
            reason=reason
            or str(MSG_REASON % {"position": ranking.position.name, "version": ranking.score_version}),
            data=data,
        )


def _place(ranking: Ranking, candidate: Candidate) -> int | None:
    """The candidate's place in the ranking (None beyond the best ``top`` it lists)."""
    found = ranking.find(candidate.employee.pk)
    return ranking.candidates.index(found) + 1 if found else None
