"""Everything the rules read about a proposal, loaded in bulk.

At most one query per kind of record (sanctions, SKP ratings, training, proceedings with
bonds, position history, holders of the target posts, elections), read the first time a rule asks,
whatever the number of items or the size of the registry; the signer's authority (at the
signing gate) and the holiday calendar (only when a rule counts working days) add a fixed
few. Rules never query.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from functools import cached_property

from django.conf import settings
from django.db.models import Count, Value

from personnel import holidays, workdays
from personnel.models import (
    ActingAssignment,
    DisciplinarySanction,
    ElectedTerm,
    Employee,
    PositionHistory,
    Proceeding,
    ServiceBond,
    SkpRating,
    Training,
)
from personnel.ranks import RANKS

from ..models import ElectionPeriod

GOLONGAN = {code: golongan for code, golongan, _pangkat in RANKS}


def _group(queryset) -> dict[int, list]:
    grouped = defaultdict(list)
    for row in queryset:
        grouped[row.employee_id].append(row)
    return grouped


class Facts:
    """The registry as the rules see it on the day ``on``.

    Each kind of record is read on first use, so an evaluation pays only for the records
    its rules look at (a transfer never reads training or study leave, for instance).
    """

    def __init__(self, proposal, on: date, *, employee_ids=None):
        self.on = on
        self._proposal = proposal
        # ``employee_ids`` may be a queryset (the report: every active employee, as a subquery).
        self._ids = employee_ids if employee_ids is not None else [i.employee.pk for i in proposal.items]
        self._targets = {item.to_position.pk for item in proposal.items if item.to_position is not None}
        # Holders leaving the target positions in this same proposal free their places.
        self.leaving = defaultdict(int)
        for item in proposal.items:
            if item.employee.position_id in self._targets and item.to_position is not None:
                self.leaving[item.employee.position_id] += 1
        self._holidays: dict[tuple[date, date], set[date]] = {}

    @cached_property
    def sanctions(self) -> dict[int, list]:
        return _group(DisciplinarySanction.objects.filter(employee_id__in=self._ids))

    @cached_property
    def proceedings(self) -> dict[int, list]:
        return self._dated_records[Proceeding]

    @cached_property
    def skp(self) -> dict[int, list]:
        return _group(SkpRating.objects.filter(employee_id__in=self._ids))

    @cached_property
    def trainings(self) -> dict[int, list]:
        return _group(Training.objects.filter(employee_id__in=self._ids))

    @cached_property
    def bonds(self) -> dict[int, list]:
        return self._dated_records[ServiceBond]

    @cached_property
    def _dated_records(self) -> dict[type, dict[int, list]]:
        """Proceedings and service bonds, which the same kinds of decision read (rules 9 and
        10), in one UNION ALL: both tables have the same columns. Newest first per employee."""
        columns = ("id", "employee_id", "kind", "start", "end", "reference")
        parts = [
            model.objects.filter(employee_id__in=self._ids)
            .order_by()
            .annotate(source=Value(model._meta.model_name))
            .values_list(*columns, "source")
            for model in (Proceeding, ServiceBond)
        ]
        models = {model._meta.model_name: model for model in (Proceeding, ServiceBond)}
        grouped: dict[type, dict[int, list]] = {model: defaultdict(list) for model in models.values()}
        for *values, source in sorted(
            parts[0].union(parts[1], all=True), key=lambda row: row[3], reverse=True
        ):
            record = models[source](**dict(zip(columns, values, strict=True)))
            grouped[type(record)][record.employee_id].append(record)
        return grouped

    @cached_property
    def history(self) -> dict[int, list]:
        return _group(PositionHistory.objects.filter(employee_id__in=self._ids).select_related("position"))

    @cached_property
    def holders(self) -> dict[int, int]:
        if not self._targets:
            return {}
        return dict(
            Employee.objects.filter(position_id__in=self._targets, status=Employee.Status.ACTIVE)
            .values("position_id")
            .annotate(n=Count("pk"))
            .values_list("position_id", "n")
        )

    @cached_property
    def elections(self) -> list:
        return list(ElectionPeriod.objects.all())

    @cached_property
    def signer(self):
        signer = self._proposal.signer
        return SignerFacts(signer, self.on) if signer is not None else None

    def golongan(self, code: int | None) -> str:
        return GOLONGAN.get(code, str(code)) if code is not None else "-"

    def holidays_between(self, start: date, end: date) -> set[date]:
        """Public holidays on record (personnel's calendar), read once per window."""
        key = (start, end)
        if key not in self._holidays:
            self._holidays[key] = holidays.holidays_between(start, end)
        return self._holidays[key]

    def add_working_days(self, start: date, days: int) -> date:
        return workdays.add_working_days(start, days, holidays=self.holidays_between)


class SignerFacts:
    """On what basis the user signing may sign for the regional head on the day ``on``."""

    def __init__(self, user, on: date):
        self.user = user
        self.on = on
        code = settings.SAHIH_OFFICES["regional_head_position"]
        self.elected = (
            ElectedTerm.objects.filter(
                user=user, position__code=code, inaugurated_on__lte=on, term_end__gte=on
            )
            .order_by("-inaugurated_on")
            .first()
        )
        # The user's latest acting decree for the office, valid today or not: a finding can
        # then say "your Plt decree ran until ...".
        self.latest_acting = (
            ActingAssignment.objects.filter(user=user, position__code=code, start__lte=on)
            .order_by("-end", "-pk")
            .first()
        )
        valid = self.latest_acting is not None and self.latest_acting.end >= on
        self.acting = self.latest_acting if valid else None
        self.employee = (
            Employee.objects.select_related("position")
            .filter(user=user, status=Employee.Status.ACTIVE)
            .first()
        )

    @property
    def position_code(self) -> str | None:
        if self.employee is None or self.employee.position is None:
            return None
        return self.employee.position.code
