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

Known simplification: the templates are all transfers from DISHUB to BPKAD (tests/factories'
city), so every generated case touches those two units. That is the hardest case for the
lists (DISHUB's clerk and heads see all N cases), not the easiest.
"""

from __future__ import annotations

import copy
import random
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone
from viewflow.workflow.models import Process, Task

from audit import services as ledger
from audit.models import Event
from decisions.decrees import format_number
from decisions.models import Case, CaseItem, Decree, DecreeCounter, RuleEvaluation, new_verification_token
from personnel.models import Employee, Position, PositionHistory, SkpRating
from workflows import durations

OPEN_CAP = 2000
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


def _columns(model) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields]


def _prepared(model, objs) -> list[tuple]:
    fields = _columns(model)
    return [tuple(f.get_db_prep_save(getattr(obj, f.attname), connection) for f in fields) for obj in objs]


def insert(model_or_table, objs_or_rows, columns: list[str] | None = None) -> None:
    """Write rows with their own primary keys: COPY on PostgreSQL, executemany elsewhere.
    Raw, not bulk_create: auto_now_add would overwrite the copied timestamps."""
    if isinstance(model_or_table, str):
        table, rows = model_or_table, objs_or_rows
    else:
        table = model_or_table._meta.db_table
        columns = [f.column for f in _columns(model_or_table)]
        rows = _prepared(model_or_table, objs_or_rows)
    if not rows:
        return
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(
                f"COPY {connection.ops.quote_name(table)} ({quoted}) FROM STDIN"
            ) as copy_:
                for row in rows:
                    copy_.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
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


# -- the copies ------------------------------------------------------------------------------


def _replace_strings(value, strings: dict):
    if isinstance(value, str):
        return strings.get(value, value)
    if isinstance(value, list):
        return [_replace_strings(item, strings) for item in value]
    if isinstance(value, dict):
        return {key: _replace_strings(item, strings) for key, item in value.items()}
    return value


def _remap_event_data(value, *, key=None, tasks: dict, decree: tuple | None, seqs: dict, strings: dict):
    if isinstance(value, dict):
        return {
            k: _remap_event_data(v, key=k, tasks=tasks, decree=decree, seqs=seqs, strings=strings)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [
            _remap_event_data(v, key=key, tasks=tasks, decree=decree, seqs=seqs, strings=strings)
            for v in value
        ]
    if isinstance(value, int) and not isinstance(value, bool):
        if key == "task":
            return tasks.get(value, value)
        if key == "decree" and decree is not None:
            return decree[0]
        if key == "ledger_position":
            return seqs.get(value, value)
        return value
    if isinstance(value, str):
        return strings.get(value, value)
    return value


class Copier:
    """Writes copies of the templates; ``flush`` sends a batch to the database."""

    def __init__(self, templates: dict[str, Template], pool: list[Employee], rng: random.Random):
        self.templates = templates
        self.pool = pool
        self.rng = rng
        self.ids = Ids(Case, CaseItem, Process, Task, RuleEvaluation, Decree, Position)
        self.posts: dict[int, Position] = {}
        head = ledger._head()
        self.seq, self.prev_hash = head
        self.counters: dict[tuple[str, int], int] = {
            (c.pattern, c.year): c.last for c in DecreeCounter.objects.all()
        }
        self.batch: dict[str, list] = {}
        self.totals: dict[str, int] = {}
        self.case_units_table = Case.units.through._meta.db_table
        self.task_previous_table = Task.previous.through._meta.db_table

    def _add(self, key: str, rows) -> None:
        self.batch.setdefault(key, []).extend(rows)
        self.totals[key] = self.totals.get(key, 0) + len(rows)

    def copy(self, template: Template, when: datetime, *, open_work: bool = False) -> None:
        delta = when - template.case.created_at
        # Open work keeps its template's TMT (today or later): moved into the past, a rule
        # would rightly block its approval as retroactive.
        days = timedelta(0) if open_work else timedelta(days=delta.days)
        case_id = self.ids.take(Case)
        strings: dict[str, str] = {}
        employees = self.rng.sample(self.pool, len(template.items))
        for old, new in zip(template.employees, employees, strict=True):
            strings[old.nip] = new.nip
            strings[old.name] = new.name
        process_id = self.ids.take(Process) if template.process else None
        task_ids = {task.pk: self.ids.take(Task) for task in template.tasks}

        decree = None
        if template.decree is not None:
            old = template.decree
            decree_date = old.decree_date + days
            year = decree_date.year
            sequence = self.counters.get((old.pattern, year), 0) + 1
            self.counters[(old.pattern, year)] = sequence
            number = format_number(old.pattern, sequence=sequence, on=decree_date)
            strings[old.number] = number
            decree = copy.copy(old)
            decree.pk = decree.id = self.ids.take(Decree)
            decree.case_id = case_id
            decree.number, decree.year, decree.sequence = number, year, sequence
            decree.decree_date = decree_date
            decree.signed_at = old.signed_at + delta
            decree.token = new_verification_token()
            decree.content = _replace_strings(old.content, strings)

        case = copy.copy(template.case)
        case.pk = case.id = case_id
        case.process_id = process_id
        case.created_at = case.created_at + delta
        for name in ("submitted_at", "closed_at", "effective_at"):
            if getattr(case, name):
                setattr(case, name, getattr(case, name) + delta)
        case.effective_date = case.effective_date + days
        self._add("case", [case])
        self._add(self.case_units_table, [(case_id, unit) for unit in template.units])
        items = []
        for item, employee in zip(template.items, employees, strict=True):
            new = copy.copy(item)
            if open_work and item.to_position_id:
                # A vacant post of its own: copies proposing one post would block each other
                # at signing (the rule "vacancy"), which no real city's open work does.
                if item.to_position_id not in self.posts:
                    self.posts[item.to_position_id] = Position.objects.get(pk=item.to_position_id)
                post = copy.copy(self.posts[item.to_position_id])
                post.pk = post.id = self.ids.take(Position)
                code = f"{post.code}-{post.pk}"
                strings[post.code] = code
                post.code = code
                new.to_position_id = post.pk
                self._add("position", [post])
            new.pk = new.id = self.ids.take(CaseItem)
            new.case_id = case_id
            new.employee_id = employee.pk
            new.snapshot = _replace_strings(item.snapshot, strings)
            if new.applied_at:
                new.applied_at = new.applied_at + delta
            items.append(new)
        self._add("item", items)
        if template.process:
            process = copy.copy(template.process)
            process.pk = process.id = process_id
            process.created = process.created + delta
            if process.finished:
                process.finished = process.finished + delta
            self._add("process", [process])
            tasks = []
            for task in template.tasks:
                new = copy.copy(task)
                new.pk = new.id = task_ids[task.pk]
                new.process_id = process_id
                for name in ("created", "assigned", "started", "finished"):
                    if getattr(new, name, None):
                        setattr(new, name, getattr(new, name) + delta)
                tasks.append(new)
            self._add("task", tasks)
            self._add(self.task_previous_table, [(task_ids[a], task_ids[b]) for a, b in template.previous])
        evaluations = []
        for evaluation in template.evaluations:
            new = copy.copy(evaluation)
            new.pk = new.id = self.ids.take(RuleEvaluation)
            new.case_id = case_id
            new.evaluated_at = evaluation.evaluated_at + delta
            evaluations.append(new)
        self._add("evaluation", evaluations)
        if decree is not None:
            self._add("decree", [decree])
        self._add("event", self._events(template, case_id, task_ids, decree, delta, strings))

    def _events(self, template, case_id, task_ids, decree, delta, strings) -> list[tuple]:
        rows, seqs = [], {}
        decree_ref = (decree.pk, decree.number) if decree is not None else None
        base = template.events[0].seq if template.events else 0
        for event in template.events:
            seqs[event.seq] = self.seq + 1 + (event.seq - base)
        for event in template.events:
            self.seq += 1
            at = event.at + delta
            content = event.content
            data = _remap_event_data(
                content.get("data", {}), tasks=task_ids, decree=decree_ref, seqs=seqs, strings=strings
            )
            body = ledger.event_body(
                seq=self.seq,
                at=at,
                action=event.action,
                object_type="case",
                object_id=str(case_id),
                actor=content.get("actor"),
                data=data,
            )
            digest = ledger.entry_hash(self.prev_hash, body)
            rows.append(
                (
                    self.seq,
                    at,
                    event.action,
                    "case",
                    str(case_id),
                    event.actor_username,
                    body,
                    self.prev_hash,
                    digest,
                )
            )
            self.prev_hash = digest
        return rows

    def flush(self) -> None:
        batch, self.batch = self.batch, {}
        with transaction.atomic():
            insert(Position, batch.get("position", []))
            insert(Process, batch.get("process", []))
            insert(Case, batch.get("case", []))
            insert(self.case_units_table, batch.get(self.case_units_table, []), ["case_id", "orgunit_id"])
            insert(CaseItem, batch.get("item", []))
            insert(Task, batch.get("task", []))
            insert(
                self.task_previous_table,
                batch.get(self.task_previous_table, []),
                ["from_task_id", "to_task_id"],
            )
            insert(RuleEvaluation, batch.get("evaluation", []))
            insert(Decree, batch.get("decree", []))
            insert(
                "audit_event",
                [
                    (
                        seq,
                        connection.ops.adapt_datetimefield_value(at)
                        if connection.vendor != "postgresql"
                        else at,
                        *rest,
                    )
                    for seq, at, *rest in batch.get("event", [])
                ],
                [
                    "seq",
                    "at",
                    "action",
                    "object_type",
                    "object_id",
                    "actor_username",
                    "body",
                    "prev_hash",
                    "hash",
                ],
            )

    def finish(self) -> None:
        self.flush()
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
        # make_nip's serial has three digits: the birth day varies too, so every NIP differs.
        person.birth_date = template_employee.birth_date + timedelta(days=index // 400)
        person.nip = make_nip(person.birth_date, person.tmt_cpns, person.gender, serial=500 + index % 400)
        if person.nip in seen:
            raise RuntimeError(f"NIP {person.nip} is taken already")
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
    seed: int = SEED,
    batch: int = 2000,
    progress=None,
) -> Generated:
    """``n`` cases copied from the templates: ``made`` (name -> case id, from an earlier run),
    or new ones made in ``city`` (tests/factories' city, built unless given). ``open_plan``
    (template name -> copies, part of the ``n``) fixes the open work instead of the draw;
    ``employees`` is the size of the registry the cases are about (0: the one an earlier call
    made)."""
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
        names = [name for name, _w in RECENT]
        plan += rng.choices(names, weights=[w for _n, w in RECENT], k=recent)
    now = timezone.now()
    # The archive over the past years (about 25 minutes apart: 100,000 cases ≈ 4.8 years), the
    # open work in the last 30 days, oldest first so the ledger's times run forward.
    archive_start = now - timedelta(days=40) - timedelta(minutes=25 * archive)
    copier = Copier(templates, pool, rng)
    by_template: dict[str, int] = {}
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
    # The durations the route stores when a task is decided or a case signed, for the copies:
    # measured the way the data migration measures the past.
    durations.backfill()
    return Generated(
        cases=n,
        events=copier.totals.get("event", 0),
        seconds=time.perf_counter() - started,
        by_template=by_template,
        rows=dict(copier.totals),
        templates=made,
    )
