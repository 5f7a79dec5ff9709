"""A city with N cases: the data issue 15 §4 measures the pages on (``python -m bench.scale``).

Every kind of row is first made by the real services -- ``case_create``, ``case_submit``,
``task_approve``/``task_return``/``task_reject``, ``case_withdraw`` and the signing -- on a
handful of *template* cases, one per state a case can be in. The N cases are then copies of
those templates written in bulk (COPY on PostgreSQL): the case, its items and units, the
viewflow process and its tasks (with their links), the rule evaluations, the decree, and the
ledger events, each with fresh ids, its own employee, moved in time, and with the events
re-numbered and re-hashed onto the real chain so that ``audit_verify`` accepts the ledger.
Copying what the services wrote, rather than writing rows by hand, keeps the data what the app
would have made (the same task data, the same event bodies, the same findings).

Proportions: a city's archive grows with the years, its open work does not -- it is what its
staff can hold. So the closed cases (in effect, rejected, withdrawn, collective rotations) are
spread over the past years and grow with N, and the open ones (drafts, each review stage,
returned, signed waiting for their TMT) are the most recent ``min(20% of N, OPEN_CAP)``.
OPEN_CAP is 200, what a city of 1,000 cases has open: the cities of 1,000 and of 100,000
cases then have the same open work, and what the pages cost at both sizes differs only by
the archive -- the growth the aim of issue 15 §4 is about. (Open work itself makes the pages
that list it -- an inbox, a search for cases in review -- cost in proportion, paged.)

Known simplification: the templates are all transfers from DISHUB to BPKAD (tests/factories'
city), so every generated case touches those two units. That is the hardest case for the
lists (DISHUB's clerk and heads see all N cases), not the easiest.
"""

from __future__ import annotations

import copy
import hashlib
import json
import random
import re
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone
from viewflow.workflow.models import Process, Task

from audit import services as ledger
from audit.models import Event
from decisions import tally
from decisions.decrees import format_number
from decisions.models import Case, CaseItem, Decree, DecreeCounter, RuleEvaluation, new_verification_token
from personnel.models import Employee, Position, PositionHistory, SkpRating
from workflows import daycounts, durations

OPEN_CAP = 200
# The registry does not grow with the archive: the same city's employees over the years, so a
# page that reads the registry (the dashboard's rule flags) costs the same at every N.
EMPLOYEES = 1000
POOL_NAME = "Pegawai Skala"
SEED = 15

# (name, group, weight): how often each template is copied within its group.
ARCHIVE = [("effective", 88), ("collective_effective", 3), ("rejected", 5), ("withdrawn", 4)]
RECENT = [
    ("draft", 20),
    ("unit_head", 14),
    ("verification", 14),
    ("agency_head", 10),
    ("secretary", 10),
    ("signing", 10),
    ("returned", 8),
    ("signed", 8),
    ("collective_review", 6),
]
ROUTE = ["unit_head", "unit_head", "verification", "agency_head", "secretary"]


@dataclass
class Template:
    """The rows the services wrote for one case, as model instances, and its events."""

    name: str
    case: Case
    items: list[CaseItem]
    units: list[int]
    process: Process | None
    tasks: list[Task]
    previous: list[tuple[int, int]]
    evaluations: list[RuleEvaluation]
    decree: Decree | None
    events: list[Event]
    employees: list[Employee] = field(default_factory=list)


# -- the templates, through the real services -------------------------------------------------


def _deciders(city):
    return [city.head_dishub, city.head_bpkad, city.verifier, city.agency_head, city.sekda]


def _open_task(case, stage, user=None):
    tasks = Task.objects.filter(process_id=case.process_id, status__in=("NEW", "ASSIGNED"), data__stage=stage)
    if user is not None and stage == "unit_head":
        tasks = tasks.filter(owner=user)
    return tasks.get()


def _new_case(city, *, size: int = 1, effective_date: date | None = None, tag: str = ""):
    from decisions.services import ItemInput, case_create
    from tests.factories import EmployeeFactory, PositionFactory

    since = timezone.localdate() - timedelta(days=1200)
    items = []
    for index in range(size):
        employee = EmployeeFactory(
            name=f"Templat {tag} {index}", position=PositionFactory(unit=city.dishub), position_since=since
        )
        target = PositionFactory(
            unit=city.bpkad if index % 2 == 0 else city.dishub, name=f"Tujuan {tag} {index}"
        )
        items.append(ItemInput(employee=employee, to_position=target))
    actor = city.agency_clerk if size > 1 else city.clerk
    case = case_create(
        actor=actor,
        kind="transfer",
        items=items,
        effective_date=effective_date or timezone.localdate(),
        reason="Penyegaran organisasi dan pemenuhan kebutuhan formasi sesuai analisis jabatan.",
    )
    return case, actor


def _walk(city, case, actor, *, until: str | None):
    """Submit and approve along the route until the stage ``until`` is open (None: signed)."""
    from workflows.services import case_submit, task_approve

    current = case_submit(case_id=case.pk, actor=actor)
    for stage, user in zip(ROUTE, _deciders(city), strict=True):
        if stage == until and not (stage == "unit_head" and user == city.head_bpkad):
            return current
        current = task_approve(task_id=_open_task(current, stage, user).pk, actor=user)
    if until == "signing":
        return current
    return task_approve(task_id=_open_task(current, "signing").pk, actor=city.walikota)


def make_templates(city) -> dict[str, int]:
    """One case per state, each made by the services; returns template name -> case id."""
    from workflows.services import case_withdraw, task_reject, task_return

    made = {}
    for name in ("draft",):
        made[name] = _new_case(city, tag=name)[0].pk
    for name in ("unit_head", "verification", "agency_head", "secretary", "signing"):
        case, actor = _new_case(city, tag=name)
        made[name] = _walk(city, case, actor, until=name).pk
    case, actor = _new_case(city, tag="effective")
    made["effective"] = _walk(city, case, actor, until=None).pk
    case, actor = _new_case(city, tag="signed", effective_date=timezone.localdate() + timedelta(days=45))
    made["signed"] = _walk(city, case, actor, until=None).pk
    case, actor = _new_case(city, tag="returned")
    current = _walk(city, case, actor, until="verification")
    made["returned"] = task_return(
        task_id=_open_task(current, "verification").pk,
        actor=city.verifier,
        note="Lampiran analisis jabatan belum ditandatangani.",
    ).pk
    case, actor = _new_case(city, tag="rejected")
    current = _walk(city, case, actor, until="verification")
    made["rejected"] = task_reject(
        task_id=_open_task(current, "verification").pk,
        actor=city.verifier,
        note="Formasi pada unit tujuan tidak tersedia.",
    ).pk
    case, actor = _new_case(city, tag="withdrawn")
    current = _walk(city, case, actor, until="verification")
    current = task_return(
        task_id=_open_task(current, "verification").pk, actor=city.verifier, note="Berkas belum lengkap."
    )
    made["withdrawn"] = case_withdraw(case_id=current.pk, actor=actor, note="Pegawai batal dipindahkan.").pk
    case, actor = _new_case(city, size=5, tag="rotasi")
    made["collective_effective"] = _walk(city, case, actor, until=None).pk
    case, actor = _new_case(city, size=5, tag="rotasi-review")
    made["collective_review"] = _walk(city, case, actor, until="verification").pk
    return made


def read_template(name: str, case_id: int) -> Template:
    case = Case.objects.get(pk=case_id)
    items = list(CaseItem.objects.filter(case=case).order_by("position_in_case"))
    process = Process.objects.filter(pk=case.process_id).first()
    tasks = list(Task.objects.filter(process_id=case.process_id).order_by("pk")) if process else []
    through = Task.previous.through
    previous = list(
        through.objects.filter(from_task__process_id=case.process_id).values_list(
            "from_task_id", "to_task_id"
        )
    )
    return Template(
        name=name,
        case=case,
        items=items,
        units=list(case.units.values_list("pk", flat=True)),
        process=process,
        tasks=tasks,
        previous=previous if process else [],
        evaluations=list(RuleEvaluation.objects.filter(case=case).order_by("pk")),
        decree=Decree.objects.filter(case=case).first(),
        events=list(Event.objects.filter(object_type="case", object_id=str(case_id)).order_by("seq")),
        employees=[item.employee for item in items],
    )


# -- writing rows in bulk ---------------------------------------------------------------------
#
# A copy of a template differs from it only in a few cells: its ids, its times (moved), its
# employees' names and NIPs, its decree's number. So each template row is turned once into a
# *plan*: every cell already encoded for the database, except the few that change, which are
# small functions of the copy's context. A copy is then a handful of substitutions per row,
# written as COPY text (PostgreSQL) -- no model instances, no field preparation, no JSON
# encoding per copy. The ledger's bodies are planned the same way, as canonical JSON cut
# around its changing values, so each copy's event costs a join and a SHA-256.

_MARKS = re.compile(r'"§§i:([^§]+)§§"|§§s:([^§]+)§§')


def int_mark(key: str) -> str:
    """A placeholder for an int: the quotes around it go, the int's digits come in."""
    return f"§§i:{key}§§"


def str_mark(key: str) -> str:
    return f"§§s:{key}§§"


def _cut(text: str) -> list[str]:
    """``text`` cut at its placeholders: literal, key, literal, key, ..., literal."""
    parts, at = [], 0
    for match in _MARKS.finditer(text):
        parts += [text[at : match.start()], match.group(1) or match.group(2)]
        at = match.end()
    parts.append(text[at:])
    return parts


def _fill(parts: list[str], ctx: dict) -> str:
    if len(parts) == 1:
        return parts[0]
    return "".join(part if i % 2 == 0 else str(ctx[part]) for i, part in enumerate(parts))


def _marked(value, strings: dict[str, str]):
    """``value`` (JSON material) with each string equal to one of ``strings`` (old -> key)
    replaced by its placeholder: exact values only, as a copy's own names and NIPs."""
    if isinstance(value, str):
        return str_mark(strings[value]) if value in strings else value
    if isinstance(value, list):
        return [_marked(item, strings) for item in value]
    if isinstance(value, dict):
        return {key: _marked(item, strings) for key, item in value.items()}
    return value


class Encoder:
    """Python values to what the database is sent: COPY text on PostgreSQL, parameters elsewhere."""

    def __init__(self):
        self.copy = connection.vendor == "postgresql"

    def __call__(self, value):
        if not self.copy:
            if isinstance(value, datetime):
                return connection.ops.adapt_datetimefield_value(value)
            if isinstance(value, date):
                return value.isoformat()
            return value
        if value is None:
            return "\\N"
        if isinstance(value, bool):
            return "t" if value else "f"
        if isinstance(value, (datetime, date)):
            return value.isoformat()
        return self.text(str(value))

    def text(self, value: str) -> str:
        if not self.copy:
            return value
        if "\\" in value:
            value = value.replace("\\", "\\\\")
        if "\t" in value or "\n" in value or "\r" in value:
            value = value.replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
        return value


class RowPlan:
    """One template row: its encoded cells, and the functions of a copy's context that give
    the cells a copy changes."""

    def __init__(self, cells: list, dynamic: list[tuple[int, Callable]]):
        self.cells = cells
        self.dynamic = dynamic

    def row(self, ctx: dict) -> list:
        cells = self.cells.copy()
        for index, make in self.dynamic:
            cells[index] = make(ctx)
        return cells


def plan_row(obj, enc: Encoder, *, ids: dict[str, str], strings: dict[str, str], days: tuple[str, ...] = ()):
    """The plan of ``obj``'s row. ``ids``: column -> context key of the new id it takes;
    ``strings``: old string -> context key (in JSON cells); ``days``: date columns moved by
    whole days. Every datetime cell moves with the copy."""
    cells, dynamic = [], []
    for index, f in enumerate(obj._meta.concrete_fields):
        value = getattr(obj, f.attname)
        if f.column in ids:
            key = ids[f.column]
            cells.append(None)
            dynamic.append((index, lambda ctx, key=key: enc(ctx[key])))
        elif isinstance(f, models.JSONField):
            parts = (
                [
                    enc.text(p) if i % 2 == 0 else p
                    for i, p in enumerate(
                        _cut(json.dumps(_marked(value, strings), cls=f.encoder, ensure_ascii=False))
                    )
                ]
                if value is not None
                else None
            )
            if parts is None:
                cells.append(enc(None))
            elif len(parts) == 1:
                cells.append(parts[0])
            else:
                cells.append(None)
                dynamic.append((index, lambda ctx, parts=parts: _fill(parts, ctx)))
        elif isinstance(f, models.DateTimeField) and value is not None:
            cells.append(None)
            dynamic.append((index, lambda ctx, value=value: enc(value + ctx["delta"])))
        elif f.column in days and value is not None:
            cells.append(None)
            dynamic.append((index, lambda ctx, value=value: enc(value + ctx["days"])))
        else:
            cells.append(enc(f.get_db_prep_save(value, connection)))
    return RowPlan(cells, dynamic)


class Loader:
    """Batches of rows per table, sent with COPY (PostgreSQL) or executemany."""

    def __init__(self):
        self.rows: dict[str, list] = {}
        self.columns: dict[str, list[str]] = {}
        self.totals: dict[str, int] = {}

    def add(self, table: str, columns: list[str], rows: list) -> None:
        self.columns.setdefault(table, columns)
        self.rows.setdefault(table, []).extend(rows)
        self.totals[table] = self.totals.get(table, 0) + len(rows)

    def flush(self, order: list[str]) -> None:
        batch, self.rows = self.rows, {}
        with transaction.atomic(), connection.cursor() as cursor:
            for table in order:
                rows = batch.get(table)
                if not rows:
                    continue
                quoted = ", ".join(connection.ops.quote_name(c) for c in self.columns[table])
                if connection.vendor == "postgresql":
                    sql = f"COPY {connection.ops.quote_name(table)} ({quoted}) FROM STDIN"
                    with cursor.cursor.copy(sql) as copy_:
                        for start in range(0, len(rows), 5000):
                            copy_.write("".join("\t".join(r) + "\n" for r in rows[start : start + 5000]))
                else:
                    marks = ", ".join(["%s"] * len(self.columns[table]))
                    cursor.executemany(f"INSERT INTO {table} ({quoted}) VALUES ({marks})", rows)  # noqa: S608


def _next_id(model) -> int:
    return (model.objects.aggregate(top=models.Max("pk"))["top"] or 0) + 1


class Ids:
    """Primary keys handed out here, so related rows can be written before a round trip."""

    def __init__(self, *models_):
        self.next = {model: _next_id(model) for model in models_}

    def take(self, model) -> int:
        value = self.next[model]
        self.next[model] += 1
        return value


def _columns(model) -> list[str]:
    return [f.column for f in model._meta.concrete_fields]


def insert(model, objs) -> None:
    """Write model instances with their own primary keys (raw, not bulk_create: auto_now_add
    would overwrite copied timestamps)."""
    enc = Encoder()
    loader = Loader()
    loader.add(
        model._meta.db_table,
        _columns(model),
        [plan_row(obj, enc, ids={}, strings={}).row({"delta": timedelta(0)}) for obj in objs],
    )
    loader.flush([model._meta.db_table])


# -- the copies ------------------------------------------------------------------------------

_SEQ = 987654321987654321  # stands for the event's number while its body is planned


@dataclass
class EventPlan:
    seq_offset: int  # its place in the template's events
    at: datetime
    action: str
    actor_username: str
    body: list[str]  # canonical body cut at its placeholders (raw, not yet COPY text)


@dataclass
class Plan:
    """A template as rows to copy: per table, the row plans, and the ids a copy takes."""

    template: Template
    tables: dict[str, list[RowPlan]]
    ids: dict[str, type]  # context key -> the model whose next id it takes
    events: list[EventPlan]
    posts: dict[int, Position]  # open work's proposed posts (old id -> row), copied per copy


def _event_data(value, *, key=None, strings: dict, tasks: set, seqs: dict):
    if isinstance(value, dict):
        return {k: _event_data(v, key=k, strings=strings, tasks=tasks, seqs=seqs) for k, v in value.items()}
    if isinstance(value, list):
        return [_event_data(v, key=key, strings=strings, tasks=tasks, seqs=seqs) for v in value]
    if isinstance(value, int) and not isinstance(value, bool):
        if key == "task" and value in tasks:
            return int_mark(f"task{value}")
        if key == "decree":
            return int_mark("decree")
        if key == "ledger_position" and value in seqs:
            return int_mark(f"seq+{seqs[value]}")
        return value
    if isinstance(value, str):
        return str_mark(strings[value]) if value in strings else value
    return value


def make_plan(template: Template, enc: Encoder, *, open_work: bool) -> Plan:
    strings: dict[str, str] = {}
    for index, employee in enumerate(template.employees):
        strings[employee.nip] = f"nip{index}"
        strings[employee.name] = f"name{index}"
    ids: dict[str, type] = {"case": Case}
    if template.decree is not None:
        strings[template.decree.number] = "number"
        ids["decree"] = Decree
    posts = {}
    if open_work:
        # A vacant post of its own: copies proposing one post would block each other at
        # signing (the rule "vacancy"), which no real city's open work does.
        for item in template.items:
            if item.to_position_id and item.to_position_id not in posts:
                post = Position.objects.get(pk=item.to_position_id)
                posts[post.pk] = post
                strings[post.code] = f"code{post.pk}"
                ids[f"post{post.pk}"] = Position
    tables: dict[str, list[RowPlan]] = {}
    tables["position"] = [
        plan_row(post, enc, ids={"id": f"post{pk}", "code": f"code{pk}"}, strings={})
        for pk, post in posts.items()
    ]
    if template.process:
        ids["process"] = Process
    tables["case"] = [
        plan_row(
            template.case,
            enc,
            ids={"id": "case", "process_id": "process"} if template.process else {"id": "case"},
            strings=strings,
            days=("effective_date",) if not open_work else (),
        )
    ]
    tables["case_units"] = [
        RowPlan([None, enc(unit)], [(0, lambda ctx: enc(ctx["case"]))]) for unit in template.units
    ]
    items = []
    for index, item in enumerate(template.items):
        ids[f"item{item.pk}"] = CaseItem
        columns = {"id": f"item{item.pk}", "case_id": "case", "employee_id": f"employee{index}"}
        if open_work and item.to_position_id:
            columns["to_position_id"] = f"post{item.to_position_id}"
        items.append(plan_row(item, enc, ids=columns, strings=strings))
    tables["item"] = items
    if template.process:
        tables["process"] = [plan_row(template.process, enc, ids={"id": "process"}, strings=strings)]
        for task in template.tasks:
            ids[f"task{task.pk}"] = Task
        tables["task"] = [
            plan_row(task, enc, ids={"id": f"task{task.pk}", "process_id": "process"}, strings=strings)
            for task in template.tasks
        ]
        tables["task_previous"] = [
            RowPlan(
                [None, None],
                [(0, lambda ctx, a=a: enc(ctx[f"task{a}"])), (1, lambda ctx, b=b: enc(ctx[f"task{b}"]))],
            )
            for a, b in template.previous
        ]
    evaluations = []
    for evaluation in template.evaluations:
        ids[f"evaluation{evaluation.pk}"] = RuleEvaluation
        evaluations.append(
            plan_row(
                evaluation, enc, ids={"id": f"evaluation{evaluation.pk}", "case_id": "case"}, strings=strings
            )
        )
    tables["evaluation"] = evaluations
    if template.decree is not None:
        tables["decree"] = [
            plan_row(
                template.decree,
                enc,
                ids={
                    "id": "decree",
                    "case_id": "case",
                    "number": "number",
                    "year": "year",
                    "sequence": "sequence",
                    "token": "token",
                },
                strings=strings,
                days=("decree_date",),
            )
        ]
    base = template.events[0].seq if template.events else 0
    seqs = {event.seq: event.seq - base for event in template.events}
    task_ids = {task.pk for task in template.tasks}
    events = []
    for event in template.events:
        content = event.content
        body = ledger.event_body(
            seq=_SEQ,
            at=event.at,
            action=event.action,
            object_type="case",
            object_id=str_mark("case"),
            actor=content.get("actor"),
            data=_event_data(content.get("data", {}), strings=strings, tasks=task_ids, seqs=seqs),
        )
        stamp = f'"at":"{ledger.format_at(event.at)}","data":'
        assert body.count(f'"seq":{_SEQ}') == 1 and body.count(stamp) == 1, body
        body = body.replace(f'"seq":{_SEQ}', f'"seq":"{int_mark("seq")}"').replace(
            stamp, f'"at":"{str_mark("at")}","data":'
        )
        events.append(EventPlan(event.seq - base, event.at, event.action, event.actor_username, _cut(body)))
    return Plan(template=template, tables=tables, ids=ids, events=events, posts=posts)


TABLES = {  # plan key -> (table, columns), in the order foreign keys want them written
    "position": (Position._meta.db_table, _columns(Position)),
    "process": (Process._meta.db_table, _columns(Process)),
    "case": (Case._meta.db_table, _columns(Case)),
    "case_units": (Case.units.through._meta.db_table, ["case_id", "orgunit_id"]),
    "item": (CaseItem._meta.db_table, _columns(CaseItem)),
    "task": (Task._meta.db_table, _columns(Task)),
    "task_previous": (Task.previous.through._meta.db_table, ["from_task_id", "to_task_id"]),
    "evaluation": (RuleEvaluation._meta.db_table, _columns(RuleEvaluation)),
    "decree": (Decree._meta.db_table, _columns(Decree)),
    "event": (Event._meta.db_table, list(ledger.EVENT_COLUMNS)),
}


@contextmanager
def secondary_indexes_dropped(tables: list[str]):
    """PostgreSQL: the tables' plain indexes dropped while the rows go in, then built again
    in one pass each (much cheaper than keeping them up to date row by row). The primary keys
    and unique constraints stay: they check the copies."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        # Inside a transaction (a test's) the rows' deferred foreign-key checks are still
        # pending when the indexes would be built again, which PostgreSQL refuses.
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
               FROM pg_index i
               WHERE i.indrelid = ANY(%s::regclass[]) AND NOT i.indisprimary
                 AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)""",
            [tables],
        )
        indexes = cursor.fetchall()
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {name}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET maintenance_work_mem = '256MB'")
            for _name, definition in indexes:
                cursor.execute(definition)


class Copier:
    """Writes copies of the templates; ``flush`` sends a batch to the database."""

    def __init__(
        self,
        templates: dict[str, Template],
        pool: list[Employee],
        rng: random.Random,
        *,
        distinct_open: bool = False,
    ):
        self.templates = templates
        self.pool = pool
        self.rng = rng
        self.distinct_open = distinct_open
        self.open_employees: set[int] = set()
        self.enc = Encoder()
        self.plans: dict[tuple[str, bool], Plan] = {}
        self.ids = Ids(Case, CaseItem, Process, Task, RuleEvaluation, Decree, Position)
        self.seq, prev_hash = ledger._head()
        self.prev = bytes.fromhex(prev_hash)
        self.counters: dict[tuple[str, int], int] = {
            (c.pattern, c.year): c.last for c in DecreeCounter.objects.all()
        }
        self.loader = Loader()

    @property
    def totals(self) -> dict[str, int]:
        return {key: self.loader.totals.get(table, 0) for key, (table, _c) in TABLES.items()}

    def _plan(self, template: Template, open_work: bool) -> Plan:
        key = (template.name, open_work)
        if key not in self.plans:
            self.plans[key] = make_plan(template, self.enc, open_work=open_work)
        return self.plans[key]

    def copy(self, template: Template, when: datetime, *, open_work: bool = False) -> None:
        plan = self._plan(template, open_work)
        delta = when - template.case.created_at
        # Open work keeps its template's TMT (today or later): moved into the past, a rule
        # would rightly block its approval as retroactive.
        ctx: dict = {"delta": delta, "days": timedelta(0) if open_work else timedelta(days=delta.days)}
        for key, model in plan.ids.items():
            ctx[key] = self.ids.take(model)
        for pk in plan.posts:
            ctx[f"code{pk}"] = f"{plan.posts[pk].code}-{ctx[f'post{pk}']}"
        employees = self._employees(len(template.items), open_work=open_work)
        for index, employee in enumerate(employees):
            ctx[f"nip{index}"], ctx[f"name{index}"], ctx[f"employee{index}"] = (
                employee.nip,
                employee.name,
                employee.pk,
            )
        if template.decree is not None:
            old = template.decree
            decree_date = old.decree_date + ctx["days"]
            year = decree_date.year
            sequence = self.counters.get((old.pattern, year), 0) + 1
            self.counters[(old.pattern, year)] = sequence
            ctx["number"] = format_number(old.pattern, sequence=sequence, on=decree_date)
            ctx["year"], ctx["sequence"] = year, sequence
            ctx["token"] = new_verification_token()
        for key, rows in plan.tables.items():
            if rows:
                table, columns = TABLES[key]
                self.loader.add(table, columns, [row.row(ctx) for row in rows])
        self.loader.add(*TABLES["event"], self._events(plan, ctx))

    def _employees(self, count: int, *, open_work: bool) -> list[Employee]:
        """The employees of one copy, drawn from the pool. With ``distinct_open``, no employee
        is in two open cases (while the pool has enough): open work keeps its template's TMT,
        today, and a second move of one employee effective the same day cannot be applied (its
        current post would end the day before it began; the load test signed such cases)."""
        if not (open_work and self.distinct_open):
            return self.rng.sample(self.pool, count)
        free = [employee for employee in self.pool if employee.pk not in self.open_employees]
        employees = self.rng.sample(free if len(free) >= count else self.pool, count)
        self.open_employees.update(employee.pk for employee in employees)
        return employees

    def _events(self, plan: Plan, ctx: dict) -> list[list[str]]:
        enc, rows = self.enc, []
        first = self.seq + 1
        for index in range(len(plan.events)):
            ctx[f"seq+{index}"] = first + index
        case_id = str(ctx["case"])
        for event in plan.events:
            self.seq += 1
            at = event.at + ctx["delta"]
            ctx["seq"], ctx["at"] = self.seq, ledger.format_at(at)
            body = _fill(event.body, ctx)
            digest = hashlib.sha256(self.prev + body.encode("utf-8"))
            prev_hex = self.prev.hex()
            self.prev = digest.digest()
            rows.append(
                [
                    str(self.seq) if enc.copy else self.seq,
                    enc(at),
                    event.action,
                    "case",
                    case_id,
                    enc.text(event.actor_username),
                    enc.text(body),
                    prev_hex,
                    digest.hexdigest(),
                ]
            )
        return rows

    def flush(self) -> None:
        self.loader.flush([table for table, _c in TABLES.values()])

    def finish(self) -> None:
        self.flush()
        tally.rebuild()  # the copies went round the services that keep it
        for (pattern, year), last in self.counters.items():
            DecreeCounter.objects.update_or_create(pattern=pattern, year=year, defaults={"last": last})
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(
                no_style(), [Case, CaseItem, Process, Task, RuleEvaluation, Decree, Position]
            ):
                cursor.execute(statement)


def employee_pool(template_employee: Employee, size: int) -> list[Employee]:
    """``size`` employees like the template's (rank, post, ratings), each with a NIP of its own."""
    from tests.factories import make_nip

    first = _next_id(Employee)
    ratings = list(SkpRating.objects.filter(employee=template_employee))
    history = PositionHistory.objects.filter(employee=template_employee).first()
    seen = set(Employee.objects.values_list("nip", flat=True))
    people = []
    for index in range(first, first + size):
        person = copy.copy(template_employee)
        person.pk = person.id = index
        person.name = f"{POOL_NAME} {index}"
        person.user_id = None
        person.nik = ""
        # make_nip's serial has three digits: the birth day varies too, so every NIP differs
        # from the pool's others. The factories' employees (the templates) take serials from a
        # counter of their own: one of them may hold this NIP, then the next free serial is used.
        person.birth_date = template_employee.birth_date + timedelta(days=index // 400)
        serial = 500 + index % 400
        for _ in range(999):
            person.nip = make_nip(person.birth_date, person.tmt_cpns, person.gender, serial=serial)
            if person.nip not in seen:
                break
            serial = serial % 999 + 1
        else:
            raise RuntimeError(f"no free NIP for a birth date of {person.birth_date}")
        seen.add(person.nip)
        people.append(person)
    insert(Employee, people)
    SkpRating.objects.bulk_create(
        [SkpRating(employee_id=p.pk, year=r.year, rating=r.rating) for p in people for r in ratings],
        batch_size=5000,
    )
    if history is not None:
        PositionHistory.objects.bulk_create(
            [
                PositionHistory(employee_id=p.pk, position_id=history.position_id, start=history.start)
                for p in people
            ],
            batch_size=5000,
        )
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), [Employee]):
            cursor.execute(statement)
    return people


@dataclass
class Generated:
    cases: int
    events: int
    seconds: float
    by_template: dict[str, int]
    rows: dict[str, int]
    templates: dict[str, int]


def generate(
    n: int,
    *,
    city=None,
    made: dict[str, int] | None = None,
    open_plan: dict[str, int] | None = None,
    employees: int = EMPLOYEES,
    distinct_open: bool = False,
    seed: int = SEED,
    batch: int = 2000,
    progress=None,
) -> Generated:
    """``n`` cases copied from the templates: ``made`` (name -> case id, from an earlier run),
    or new ones made in ``city`` (tests/factories' city, built unless given). ``open_plan``
    (template name -> copies, part of the ``n``) fixes the open work instead of the draw;
    ``employees`` is the size of the registry the cases are about (0: the one an earlier call
    made). ``distinct_open``: no employee in two open cases (``Copier._employees``)."""
    from tests.factories import build_city

    started = time.perf_counter()
    if made is None:
        made = make_templates(city or build_city())
    templates = {name: read_template(name, case_id) for name, case_id in made.items()}
    rng = random.Random(seed)  # noqa: S311 -- reproducible data, not a secret
    if employees:
        pool = employee_pool(templates["draft"].employees[0], employees)
    else:  # a later call on the same city: the registry an earlier call made
        pool = list(Employee.objects.filter(name__startswith=POOL_NAME))
    recent = sum(open_plan.values()) if open_plan else min(round(n * 0.2), OPEN_CAP)
    archive = n - recent
    names = [name for name, _w in ARCHIVE]
    plan = rng.choices(names, weights=[w for _n, w in ARCHIVE], k=archive)
    if open_plan:
        plan += [name for name, count in open_plan.items() for _ in range(count)]
    else:
        # Apportioned, not drawn: cities of every size get exactly the same open work (the
        # approvals measured consume the tasks waiting at one stage), in a shuffled order.
        total = sum(w for _n, w in RECENT)
        shares = {name: recent * w // total for name, w in RECENT}
        by_remainder = sorted(RECENT, key=lambda item: -(recent * item[1] % total))
        for name, _w in by_remainder[: recent - sum(shares.values())]:
            shares[name] += 1
        recent_plan = [name for name, count in shares.items() for _ in range(count)]
        rng.shuffle(recent_plan)
        plan += recent_plan
    now = timezone.now()
    copier = Copier(templates, pool, rng, distinct_open=distinct_open)
    by_template: dict[str, int] = {}
    with secondary_indexes_dropped([table for table, _c in TABLES.values()]):
        _copy_all(
            copier,
            templates,
            plan,
            archive=archive,
            recent=recent,
            now=now,
            batch=batch,
            progress=progress,
            by_template=by_template,
        )
    # The durations the route stores when a task is decided or a case signed, for the copies:
    # measured the way the data migration measures the past (after the indexes are back);
    # their histogram (the dashboard's medians) counted once afterwards, not upserted a
    # million times by its triggers.
    with daycounts.triggers_off(connection):
        durations.backfill()
    return Generated(
        cases=n,
        events=copier.totals.get("event", 0),
        seconds=time.perf_counter() - started,
        by_template=by_template,
        rows=dict(copier.totals),
        templates=made,
    )


def _copy_all(copier, templates, plan, *, archive, recent, now, batch, progress, by_template) -> None:
    # The archive over the past years (about 25 minutes apart: 100,000 cases ≈ 4.8 years), the
    # open work in the last 30 days, oldest first so the ledger's times run forward.
    archive_start = now - timedelta(days=40) - timedelta(minutes=25 * archive)
    n = len(plan)
    for index, name in enumerate(plan):
        if index < archive:
            when = archive_start + timedelta(minutes=25 * index)
        else:
            when = (
                now
                - timedelta(days=30)
                + timedelta(minutes=(30 * 24 * 60 * (index - archive)) // max(recent, 1))
            )
        copier.copy(templates[name], when, open_work=index >= archive)
        by_template[name] = by_template.get(name, 0) + 1
        if (index + 1) % batch == 0:
            copier.flush()
            if progress:
                progress(index + 1, n)
    copier.finish()
