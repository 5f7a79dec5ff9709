"""Open statistics at scale: computing every table over 100,000 signed cases (each with its
decree and three done tasks), the statements it takes, and the cached read."""

from __future__ import annotations

import os
import time
from datetime import date, datetime, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone


def populate(city, *, cases: int, people: int = 5000) -> None:
    from viewflow.workflow.models import Process, Task

    from decisions.models import Case, CaseItem, Decree
    from personnel.models import Employee, Rank
    from tests.factories import PositionFactory

    rank = Rank.objects.get(code=32)
    units = [city.dishub, city.bpkad, city.bkpsdm, city.setda, city.inspektorat]
    positions = [PositionFactory(unit=unit, code=f"BENCH-{unit.code}", capacity=people) for unit in units]
    employees = Employee.objects.bulk_create(
        Employee(
            name=f"Pegawai Bench {n}",
            gender="1",
            birth_date=date(1970 + n % 30, 1 + n % 12, 1 + n % 28),
            tmt_cpns=date(2000, 3, 1),
            nip=f"{1970 + n % 30}{1 + n % 12:02d}{1 + n % 28:02d}200003{n:04d}"[:18].ljust(18, "0"),
            rank=rank,
            rank_since=date(2018, 4, 1),
            mkg_years=8,
            mkg_months=1,
            education_level="S1",
            education_field="Administrasi Negara",
            position=positions[n % len(positions)],
            position_since=date(2020, 1, 2),
        )
        for n in range(people)
    )
    kinds = ["transfer", "appointment_structural", "dismissal_retirement", "appointment_pns"]
    start = date(2024, 1, 1)
    batch = 5000
    for first in range(0, cases, batch):
        numbers = range(first, min(first + batch, cases))
        processes = Process.objects.bulk_create(
            Process(flow_class="workflows/flows.TransferFlow", status="DONE") for _ in numbers
        )
        made = []
        for n, process in zip(numbers, processes, strict=True):
            submitted = start + timedelta(days=n % 700)
            made.append(
                Case(
                    kind=kinds[n % len(kinds)],
                    status=Case.Status.SIGNED,
                    created_by=city.clerk,
                    initiating_unit=units[n % len(units)],
                    reason="bench",
                    effective_date=submitted + timedelta(days=40),
                    process=process,
                    submitted_at=timezone.make_aware(datetime.combine(submitted, datetime.min.time())),
                )
            )
        made = Case.objects.bulk_create(made)
        CaseItem.objects.bulk_create(
            CaseItem(case=case, employee=employees[(n * 7) % people])
            for n, case in zip(numbers, made, strict=True)
        )
        Decree.objects.bulk_create(
            Decree(
                case=case,
                number=f"BENCH/{n}",
                pattern="BENCH/{seq}",
                year=2025,
                sequence=n,
                title="bench",
                decree_date=case.submitted_at.date() + timedelta(days=12 + n % 9),
                signed_at=case.submitted_at + timedelta(days=12 + n % 9),
                pdf=f"decrees/bench-{n}.pdf",
                sha256="0" * 64,
                unsigned_sha256="0" * 64,
                token=f"bench{n}",
            )
            for n, case in zip(numbers, made, strict=True)
        )
        tasks = []
        for n, case in zip(numbers, made, strict=True):
            day = case.submitted_at
            for offset, stage in enumerate(("verification", "agency_head", "signing")):
                created = day + timedelta(days=4 * offset)
                tasks.append(
                    Task(
                        process_id=case.process_id,
                        flow_task="workflows/flows.TransferFlow.verification",
                        flow_task_type="HUMAN",
                        status="DONE",
                        data={"stage": stage, "due": (created + timedelta(days=7)).date().isoformat()},
                        created=created,
                        finished=created + timedelta(days=2 + (n + offset) % 8),
                    )
                )
        Task.objects.bulk_create(tasks)


def section(quick: bool) -> str:
    from django.core.cache import cache

    from public import statistics
    from tests.factories import build_city

    cases = 5_000 if quick else int(os.environ.get("SAHIH_BENCH_STATISTICS_CASES", 100_000))
    city = build_city()
    started = time.perf_counter()
    populate(city, cases=cases)
    filled = time.perf_counter() - started
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        figures = statistics.published(today=date(2026, 1, 5))
        cold = time.perf_counter() - started
    started = time.perf_counter()
    statistics.published()
    warm = time.perf_counter() - started
    rows = sum(len(rows) for rows in figures["tables"].values())
    return "\n".join(
        [
            f"## Open statistics over {cases:,} cases",
            "",
            f"{cases:,} signed cases (one person, one decree and three done tasks each; registry "
            f"filled in {filled:.0f} s). Every table computed from the registry, once: "
            f"**{cold:.1f} s in {len(queries)} statements** (the count does not depend on the number "
            f"of cases: `tests/public/test_statistics.py` pins it), {rows} published rows. "
            f"Read again from the cache: **{warm * 1000:.1f} ms**, no statement. The public pages and "
            f"downloads read the cached figures (`SAHIH_STATISTICS_CACHE_SECONDS`).",
        ]
    )
