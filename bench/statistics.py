"""Open statistics at scale: every table computed cold over a generated city (bench.scale) of
1,000, 20,000 and 100,000 cases, the statements it takes, where the time goes, and the cached
read.

Part of ``make bench`` (``section``: one city on the bench's fresh database). The three sizes:

    DATABASE_URL=postgres://... python -m bench.statistics 1000 20000 100000 [--reuse PREFIX]

``--reuse PREFIX`` measures the databases PREFIX1000, PREFIX20000, ... when they already hold
a generated city (generating 100,000 cases takes half an hour on a busy machine); otherwise
each size gets a fresh database of its own, generated and dropped.
"""

from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass
from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext

TODAY = date(2026, 1, 5)
SIZES = (1_000, 20_000, 100_000)


@dataclass
class Cost:
    cases: int
    signed: int
    seconds: float
    cpu: float
    statements: int
    slowest: list[tuple[float, str]]  # (seconds, what) of the three slowest statements
    rows: int
    cached_ms: float
    load: tuple[float, float, float]


def _what(sql: str) -> str:
    for needle, name in (
        ("per_case", "stage durations by days"),
        ("workflows_caseduration", "case durations by days"),
        ("decisions_caseitem", "decisions by person, month, kind, unit"),
        ('personnel_employee"."birth_date', "employees (retirements)"),
        ("capacity", "free places"),
    ):
        if needle in sql:
            return name
    return sql[:40]


def measure() -> Cost:
    """The cold computation on the current database, then the cached read."""
    from django.core.cache import cache

    from decisions.models import Case
    from public import statistics

    signed = Case.objects.filter(decree__isnull=False).count()
    cache.clear()
    load = os.getloadavg()
    with CaptureQueriesContext(connection) as queries:
        started, cpu = time.perf_counter(), time.process_time()
        figures = statistics.published(today=TODAY)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    started = time.perf_counter()
    statistics.published(today=TODAY)
    cached = time.perf_counter() - started
    timed = sorted(((float(q["time"]), _what(q["sql"])) for q in queries.captured_queries), reverse=True)
    return Cost(
        cases=Case.objects.count(),
        signed=signed,
        seconds=seconds,
        cpu=cpu,
        statements=len(queries),
        slowest=timed[:3],
        rows=sum(len(rows) for rows in figures["tables"].values()),
        cached_ms=cached * 1000,
        load=load,
    )


def _generated(n: int) -> None:
    from tests.factories import build_city

    from .scale import generate

    generate(n, city=build_city())
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # As autovacuum would have, long before a city got this big (the visibility map lets
            # the statistics read the stage durations from their index alone).
            cursor.execute("VACUUM ANALYZE")


def table(costs: list[Cost]) -> str:
    lines = [
        "| cases (signed) | cold | CPU (this process) | statements | slowest statements | cached read | load |",
        "|---|---|---|---|---|---|---|",
    ]
    for cost in costs:
        slowest = "; ".join(f"{what} {seconds * 1000:.0f} ms" for seconds, what in cost.slowest)
        lines.append(
            f"| {cost.cases:,} ({cost.signed:,}) | **{cost.seconds:.2f} s** | {cost.cpu:.2f} s | "
            f"{cost.statements} | {slowest} | {cost.cached_ms:.1f} ms | {cost.load[0]:.1f} |"
        )
    return "\n".join(lines)


def section(quick: bool) -> str:
    """``make bench``: one generated city on the bench's fresh database."""
    cases = 1_000 if quick else int(os.environ.get("SAHIH_BENCH_STATISTICS_CASES", 20_000))
    _generated(cases)
    return "\n".join(
        [
            f"## Open statistics over {cases:,} cases",
            "",
            f"A generated city (bench.scale), every table computed cold ({connection.vendor}), then "
            "read from the cache:",
            "",
            table([measure()]),
        ]
    )


def main(argv: list[str]) -> int:
    import argparse

    from django.conf import settings
    from django.test.utils import setup_test_environment

    from decisions.signing import create_development_certificates

    parser = argparse.ArgumentParser(prog="python -m bench.statistics")
    parser.add_argument("sizes", nargs="*", type=int, default=list(SIZES))
    parser.add_argument("--reuse", default="", help="database name prefix of cities generated before")
    args = parser.parse_args(argv)
    from pathlib import Path

    key = Path(settings.SAHIH_SIGNING["key_file"])
    if not key.exists():  # the templates' decrees are signed with the development key
        create_development_certificates(key.parent, common_name="Sahih bench")
    setup_test_environment()
    costs = []
    original = connection.settings_dict["NAME"]
    for n in args.sizes:
        connection.close()
        if args.reuse:
            connection.settings_dict["NAME"] = f"{args.reuse}{n}"
            costs.append(measure())
        else:
            connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
            try:
                _generated(n)
                costs.append(measure())
            finally:
                connection.creation.destroy_test_db(original, verbosity=0)
        print(table(costs[-1:]), file=sys.stderr)
    print(table(costs))
    return 0


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.bench_settings")
    import django

    django.setup()
    sys.exit(main(sys.argv[1:]))
