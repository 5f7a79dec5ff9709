"""Candidates for one vacancy in registries of growing size, up to 10,000 employees: the time
(wall clock and this process's CPU), the SQL statements and the load average of
placement.candidates.rank_candidates (the rules' SQL forms exclude in the database, the rest
ordered by the SQL bound of their score and checked in Python until the best 20 are certain),
against checking every employee the SQL forms let through (one run), and the naive way -- the
live policy check of a request (``evaluate`` with its own facts) once per employee --
measured on a sample in the same run and scaled to the registry.

``python -m bench --only placement`` runs this section alone; with DATABASE_URL on
PostgreSQL it measures PostgreSQL.
"""

from __future__ import annotations

import os
import random
import statistics
import time
from datetime import date, timedelta

from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from decisions.policy.engine import Proposal, ProposedItem, evaluate
from personnel.models import (
    CompetencyAssessment,
    EducationLevel,
    Employee,
    OrgUnit,
    Position,
    PositionHistory,
    Rank,
    SkpRating,
    Training,
)
from placement.candidates import EMPLOYEE_RELATED, case_kind_for, rank_candidates
from placement.scope import Scope, opd_map

FIELDS = ["Akuntansi", "Ekonomi", "Administrasi Negara", "Hukum", "Teknik Sipil", "Kesehatan Masyarakat"]
LEVELS = [EducationLevel.SLTA, EducationLevel.D3, EducationLevel.S1, EducationLevel.S1, EducationLevel.S2]
RANKS = [21, 22, 23, 24, 31, 32, 33, 34, 41, 42]


def grow_registry(total: int, *, rng: random.Random, serial: list[int]) -> None:
    """Add employees (with posts, history, three SKP years, some training and assessments)
    until the registry holds ``total`` active ones; the units and posts grow with them."""
    today = timezone.localdate()
    region, _ = OrgUnit.objects.get_or_create(code="BENCH", defaults={"name": "Kota Bench", "kind": "region"})
    have = Employee.objects.filter(status=Employee.Status.ACTIVE).count()
    ranks = {r.code: r for r in Rank.objects.all()}
    while have < total:
        batch = min(1000, total - have)
        number = serial[0]
        serial[0] += 1
        opd = OrgUnit.objects.create(
            code=f"OPD{number:03d}", name=f"Dinas Bench {number}", kind="dinas", parent=region
        )
        divisions = [
            OrgUnit.objects.create(
                code=f"OPD{number:03d}-B{d}", name=f"Bidang {d}", kind="bagian", parent=opd
            )
            for d in range(1, 6)
        ]
        positions = []
        for d, unit in enumerate([opd, *divisions]):
            positions.append(
                Position(
                    code=f"{unit.code}-KEPALA",
                    name=f"Kepala {unit.name}",
                    unit=unit,
                    is_head=True,
                    kind="administrator" if d else "jpt_pratama",
                    min_education="S1",
                )
            )
            for p in range(1, 40):
                kind = rng.choice(["pelaksana"] * 6 + ["pengawas", "fungsional"])
                positions.append(
                    Position(
                        code=f"{unit.code}-P{p:02d}",
                        name=f"Jabatan {p} {unit.name}",
                        unit=unit,
                        kind=kind,
                        functional_level="ahli_pertama" if kind == "fungsional" else "",
                        min_education=rng.choice(["", "D3", "S1"]),
                        education_fields=rng.choice([[], [], [rng.choice(FIELDS)]]),
                        capacity=rng.randint(1, 8) if kind == "pelaksana" else 1,
                    )
                )
        Position.objects.bulk_create(positions)
        positions = list(Position.objects.filter(unit__in=[opd, *divisions]))
        employees = []
        for index in range(batch):
            birth = date(
                rng.randint(today.year - 57, today.year - 25), rng.randint(1, 12), rng.randint(1, 28)
            )
            tmt = date(max(birth.year + 22, today.year - 30), rng.randint(1, 12), 1)
            if tmt >= today:
                tmt = date(today.year - 1, 1, 1)
            gender = rng.choice("12")
            position = positions[index % len(positions)]
            employees.append(
                Employee(
                    nip=f"{birth:%Y%m%d}{tmt:%Y%m}{gender}{(number * 1000 + index) % 1000:03d}",
                    name=f"Pegawai {number}-{index}",
                    birth_date=birth,
                    gender=gender,
                    tmt_cpns=tmt,
                    tmt_pns=tmt + timedelta(days=366),
                    rank=ranks[rng.choice(RANKS)],
                    rank_since=tmt,
                    education_level=rng.choice(LEVELS),
                    education_field=rng.choice(FIELDS),
                    position=position,
                    position_since=max(tmt, today - timedelta(days=rng.randint(100, 4000))),
                )
            )
        Employee.objects.bulk_create(employees)
        employees = list(Employee.objects.filter(position__unit__in=[opd, *divisions]))
        PositionHistory.objects.bulk_create(
            PositionHistory(employee=e, position_id=e.position_id, start=e.position_since) for e in employees
        )
        SkpRating.objects.bulk_create(
            SkpRating(
                employee=e,
                year=year,
                rating=rng.choices(["sangat_baik", "baik", "butuh_perbaikan"], (25, 70, 5))[0],
            )
            for e in employees
            for year in range(today.year - 3, today.year)
        )
        Training.objects.bulk_create(
            Training(
                employee=e,
                kind=rng.choice(["pkp", "pka", "teknis"]),
                name="Pelatihan",
                start=date(2018, 3, 1),
                end=date(2018, 5, 1),
            )
            for e in employees
            if rng.random() < 0.3
        )
        CompetencyAssessment.objects.bulk_create(
            CompetencyAssessment(
                employee=e,
                assessed_on=today - timedelta(days=200),
                potential=rng.choice(["tinggi", "menengah", "rendah"]),
            )
            for e in employees
            if rng.random() < 0.7
        )
        have += batch


def _vacancy() -> Position:
    """A pengawas post with a free place, asking S-1 in any field: many pass the rules, so
    scoring is measured too, not only exclusion."""
    position, _ = Position.objects.get_or_create(
        code="BENCH-VACANCY",
        defaults={
            "name": "Kepala Subbagian Umum (bench)",
            "unit": OrgUnit.objects.get(code="OPD001"),
            "kind": "pengawas",
            "min_education": "S1",
        },
    )
    return position


def _database_cpu() -> float | None:
    """The CPU seconds the PostgreSQL backend of this connection has used (it runs on this
    machine), from /proc; None elsewhere."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()  # noqa: SIM115, PTH123
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _measure(position: Position, scope: Scope, runs: int) -> dict:
    times, cpu, db_cpu, statements, loads, result = [], [], [], [], [], None
    for run in range(runs + 1):
        reset_queries()
        db_before = _database_cpu()
        with CaptureQueriesContext(connection) as captured:
            started, started_cpu = time.perf_counter(), time.process_time()
            result = rank_candidates(position=position, scope=scope)
            elapsed, elapsed_cpu = time.perf_counter() - started, time.process_time() - started_cpu
        db_after = _database_cpu()
        if run:  # the first run warms the caches (the rule set's version, imports)
            times.append(elapsed)
            cpu.append(elapsed_cpu)
            if db_before is not None and db_after is not None:
                db_cpu.append(db_after - db_before)
            statements.append(len(captured))
            loads.append(os.getloadavg()[0])
    reset_queries()
    started = time.perf_counter()
    everyone = rank_candidates(position=position, scope=scope, top=10**7)
    return {
        "ms": statistics.mean(times) * 1000,
        "min_ms": min(times) * 1000,
        "cpu_ms": statistics.mean(cpu) * 1000,
        "db_cpu_ms": statistics.mean(db_cpu) * 1000 if db_cpu else None,
        "statements": max(statements),
        "load": statistics.mean(loads),
        "candidates": len(result.candidates),
        "excluded": result.excluded_count,
        "checked": result.checked,
        "passed_sql": result.passed_sql,
        "everyone_ms": (time.perf_counter() - started) * 1000,
        "passing": len(everyone.candidates),
    }


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}"


def _naive(position: Position, sample: int) -> dict:
    """The live check of one request per employee, as the request form runs it."""
    employees = list(
        Employee.objects.filter(status=Employee.Status.ACTIVE, position__isnull=False)
        .exclude(position=position)
        .select_related(*EMPLOYEE_RELATED)
        .order_by("pk")[:sample]
    )
    effective = timezone.localdate() + timedelta(days=30)
    reset_queries()
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        for employee in employees:
            proposal = Proposal(
                kind=case_kind_for(employee.position, position),
                effective_date=effective,
                items=[
                    ProposedItem(
                        number=1, employee=employee, to_position=position, from_position=employee.position
                    )
                ],
            )
            evaluate(proposal, stage="check")
        elapsed = time.perf_counter() - started
    return {
        "ms_per_employee": elapsed * 1000 / len(employees),
        "statements_per_employee": len(captured) / len(employees),
    }


def section(quick: bool) -> str:
    rng = random.Random(16)  # noqa: S311 -- a reproducible registry, not a secret
    sizes = (500, 1000, 2000) if quick else (1000, 2500, 5000, 10000)
    runs = 2 if quick else 5
    serial = [1]
    rows = []
    naive = None
    for size in sizes:
        grow_registry(size, rng=rng, serial=serial)
        position = _vacancy()
        scope = Scope(None, opd_map())
        figures = _measure(position, scope, runs)
        if naive is None:
            naive = _naive(position, 50 if quick else 200)
        rows.append((size, figures))
    vendor = connection.vendor
    lines = [
        "## Placement: candidates for one vacancy as the registry grows",
        "",
        "`placement.candidates.rank_candidates` for a vacant pengawas post (S-1, any field) over the "
        "whole registry: the rules' SQL forms exclude in the database (counted by rule), the rest are "
        "ordered by the SQL upper bound of their fit score and checked by every rule and scored in "
        "Python, best bound first, until the best 20 are certain. Database: "
        f"{vendor}. Mean of {runs} runs after a warm-up (wall clock and this process's CPU time); the "
        "statements are the most any run took; the load average (1 min) is the mean over the runs; the "
        "database's CPU is its backend process's, read from /proc (PostgreSQL runs on the same machine). "
        "*Checked* is how many of those the SQL forms let through were run through the rules in "
        "Python. *All checked* is one run that checks everyone the SQL forms let through (what the "
        "ranking did before it stopped at the best 20, less the SQL exclusion). The naive way -- the "
        f"live check once per employee, each loading its own facts -- measured on {naive and (50 if quick else 200)} "
        "employees in the same run and scaled to the registry.",
        "",
        "| employees | excluded in SQL+Python | passed the SQL forms | checked | shown | mean ms | fastest ms | CPU ms (Python) | CPU ms (database) | SQL statements | load avg | all checked ms (passing) | naive ms (scaled) | naive statements (scaled) |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for size, f in rows:
        lines.append(
            f"| {size:,} | {f['excluded']:,} | {f['passed_sql']:,} | {f['checked']:,} | {f['candidates']} | "
            f"{f['ms']:.0f} | {f['min_ms']:.0f} | {f['cpu_ms']:.0f} | {_ms(f['db_cpu_ms'])} | {f['statements']} | "
            f"{f['load']:.1f} | "
            f"{f['everyone_ms']:.0f} ({f['passing']:,}) | {naive['ms_per_employee'] * size:.0f} | "
            f"{naive['statements_per_employee'] * size:,.0f} |"
        )
    return "\n".join(lines)
