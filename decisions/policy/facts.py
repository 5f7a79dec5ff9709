"""Everything the rules read about a proposal, loaded in bulk.

At most one query per kind of record (sanctions, SKP ratings, training, proceedings with
bonds, position history, holders of the target posts, elections), read the first time a rule asks,
whatever the number of items or the size of the registry; the signer's authority (at the
signing gate) and the holiday calendar (only when a rule counts working days) add a fixed
few. Rules never query.
"""

from __future__ import annotations

import inspect
import json
import re
from collections import Counter, defaultdict
from datetime import date
from functools import cache, cached_property

from django.conf import settings
from django.db import connection, models
from django.db.models import Count, F, Value
from django.db.models.functions import Cast

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


# The kinds of record ``Facts.preload`` reads in one UNION ALL (per employee, by ``employee_id``).
UNION_RECORDS = {
    "skp": SkpRating,
    "sanctions": DisciplinarySanction,
    "proceedings": Proceeding,
    "bonds": ServiceBond,
    "trainings": Training,
}
_KIND = {
    "BigAutoField": "i",
    "AutoField": "i",
    "ForeignKey": "i",
    "IntegerField": "i",
    "BigIntegerField": "i",
    "PositiveSmallIntegerField": "i",
    "PositiveIntegerField": "i",
    "SmallIntegerField": "i",
    "CharField": "t",
    "TextField": "t",
    "DateField": "d",
}
_OUTPUT = {"i": models.BigIntegerField, "t": models.TextField, "d": models.DateField}


def _slots_of(model) -> list[tuple[str, str]]:
    """(slot, field attname) for each column of ``model``: its integers to i0, i1, ..., its
    texts to t0, ..., its dates to d0, ... (every branch of the UNION has the same columns, of
    the same types in the same places, which PostgreSQL requires)."""
    used: Counter = Counter()
    slots = []
    for f in model._meta.concrete_fields:
        kind = _KIND[f.get_internal_type()]
        slots.append((f"{kind}{used[kind]}", f.attname))
        used[kind] += 1
    return slots


@cache
def _layout() -> tuple[str, ...]:
    """The UNION's columns: the source, then as many slots of each type as its widest branch."""
    width: Counter = Counter({"i": 3, "t": 2})  # the holders' and the parameters' rows
    for model in UNION_RECORDS.values():
        for slot, _attname in _slots_of(model):
            width[slot[0]] = max(width[slot[0]], int(slot[1:]) + 1)
    return ("src", *(f"{kind}{n}" for kind in "itd" for n in range(width[kind])))


def _branch(queryset, source: str, given: dict):
    """One branch of the UNION: ``given`` maps slots to expressions, the rest are typed NULLs.
    Annotated in the layout's order under the same names, so every branch lines up."""
    columns = {"src": Value(source, output_field=models.TextField())}
    for slot in _layout()[1:]:
        # A typed NULL: PostgreSQL takes two untyped NULLs in a column for text.
        columns[slot] = given.get(slot) or Cast(Value(None), _OUTPUT[slot[0]]())
    return queryset.order_by().annotate(**columns).values_list(*_layout())


def _ordered(records: list, model) -> list:
    """``records`` in their model's order within an employee, as its own query returns them
    (NULLs as PostgreSQL puts them: last going up, first going down)."""
    for spec in reversed(model._meta.ordering):
        name, descending = spec.lstrip("-"), spec.startswith("-")
        if name == "employee":
            continue  # grouped by employee anyway
        present = sorted(
            (r for r in records if getattr(r, name) is not None),
            key=lambda r, name=name: getattr(r, name),
            reverse=descending,
        )
        absent = [r for r in records if getattr(r, name) is None]
        records = absent + present if descending else present + absent
    return records


@cache
def reads_of(kind: str) -> frozenset[str]:
    """The kinds of record in ``UNION_RECORDS`` (and the target posts' holders) that the rules
    for a case ``kind`` read, from the source of their modules (``facts.skp`` ..., helpers
    included). Only what is preloaded: a record read some other way is still served, by
    its lazy read below, so a miss costs a statement, never a wrong answer."""
    from .engine import RULES

    names = set()
    for registered in RULES.values():
        if kind in registered.kinds:
            source = inspect.getsource(inspect.getmodule(registered.check))
            names |= set(re.findall(r"\bfacts\.(\w+)", source))
    return frozenset(names & {*UNION_RECORDS, "holders"})


def _union(names, ids, targets, case_id, parameters):
    """The UNION ALL of ``Facts.preload`` as a queryset (None when it has nothing to read)."""
    branches = []
    for name in sorted(names):
        if name == "holders":
            if targets:
                holders = Employee.objects.filter(position_id__in=targets, status=Employee.Status.ACTIVE)
                given = {"i0": F("position_id"), "i1": Count("pk")}
                branches.append(_branch(holders.values("position_id"), "holders", given))
            continue
        model = UNION_RECORDS[name]
        given = {slot: F(attname) for slot, attname in _slots_of(model)}
        branches.append(_branch(model.objects.filter(employee_id__in=ids), name, given))
    if case_id is not None:
        from ..models import Attachment

        branches.append(_branch(Attachment.objects.filter(case_id=case_id), "attachments", {"t0": F("kind")}))
    if parameters:
        from ..models import PolicyParameter

        value = Cast("value", models.TextField())
        branches.append(_branch(PolicyParameter.objects.all(), "parameters", {"t0": F("key"), "t1": value}))
    if not branches:
        return None
    return branches[0].union(*branches[1:], all=True) if len(branches) > 1 else branches[0]


# Compiled once per shape: building and compiling the eight-branch UNION through the ORM cost
# more CPU than the seven small queries it replaces. Keyed by what changes the SQL text.
_COMPILED: dict[tuple, tuple[str, list] | None] = {}
_SENTINEL = -(10**15)  # never a primary key: marks where each of the call's values goes


def _run_compiled(names, ids: list, targets: list, case_id, parameters: bool) -> list[tuple]:
    key = (connection.vendor, frozenset(names), len(ids), len(targets), case_id is not None, parameters)
    if key not in _COMPILED:
        marks = {"ids": [_SENTINEL - i for i in range(len(ids))]}
        marks["targets"] = [_SENTINEL - 10**6 - i for i in range(len(targets))]
        marks["case"] = [_SENTINEL - 2 * 10**6]
        where = {mark: (kind, i) for kind, values in marks.items() for i, mark in enumerate(values)}
        query = _union(
            names,
            marks["ids"],
            marks["targets"],
            marks["case"][0] if case_id is not None else None,
            parameters,
        )
        if query is None:
            _COMPILED[key] = None
        else:
            sql, params = query.query.sql_with_params()
            _COMPILED[key] = (
                sql,
                [where.get(p, ("const", p)) if isinstance(p, int) else ("const", p) for p in params],
            )
    compiled = _COMPILED[key]
    if compiled is None:
        return []
    sql, template = compiled
    values = {"ids": ids, "targets": targets, "case": [case_id]}
    params = [value if kind == "const" else values[kind][value] for kind, value in template]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = cursor.fetchall()
    # A raw cursor gives SQLite's dates as text; the ORM would have converted them.
    dates = [i for i, slot in enumerate(_layout()) if slot[0] == "d"]
    to_date = models.DateField().to_python
    return [tuple(to_date(v) if i in dates else v for i, v in enumerate(row)) for row in found]


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

    def preload(self, names, *, attachments_of: int | None = None, parameters: bool = False) -> None:
        """Read the records ``names`` (keys of ``UNION_RECORDS``, or "holders"), and with them
        the kinds of a case's attachments and the administrator's policy parameters, in one
        UNION ALL: one round trip for what would otherwise be a query each (issue 15 §1).
        Each is then what its property (or ``attachment_kinds``, ``parameter_rows``) gives."""
        ids = list(dict.fromkeys(self._ids)) if isinstance(self._ids, list) else self._ids
        targets = sorted(self._targets)
        if isinstance(ids, list):
            found = _run_compiled(names, ids, targets, attachments_of, parameters)
        else:  # a queryset of employees (the report): no template to fill
            query = _union(names, ids, targets, attachments_of, parameters)
            found = list(query) if query is not None else []
        layout = _layout()
        rows: dict[str, list[dict]] = {name: [] for name in names}
        rows |= {"attachments": [], "parameters": []}
        for row in found:
            rows[row[0]].append(dict(zip(layout, row, strict=True)))
        for name, model in UNION_RECORDS.items():
            if name not in names:
                continue
            slots = _slots_of(model)
            records = [model(**{attname: row[slot] for slot, attname in slots}) for row in rows[name]]
            self.__dict__[name] = _group(_ordered(records, model))
        if "holders" in names:
            self.__dict__["holders"] = {row["i0"]: row["i1"] for row in rows["holders"]}
        if attachments_of is not None:
            self.attachment_kinds = Counter(row["t0"] for row in rows["attachments"])
        if parameters:
            self.parameter_rows = sorted((row["t0"], json.loads(row["t1"])) for row in rows["parameters"])

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
