"""How many cases there are of each kind in each status, kept up to date rather than counted.

A dashboard that counts every case by kind and status reads the whole case table: its cost
grows with the archive (issue 15 §4). ``CaseTally`` holds the counts instead, changed in the
same transaction as the case: +1 when ``case_create`` drafts one, -1/+1 when
``lifecycle.transition`` moves one. Nothing else writes a case's status, so the tally stays a
recount's equal (tests/decisions/test_tally.py walks every event of the lifecycle).

Each (kind, status) count is split over ``SHARDS`` rows by the case's id: concurrent
transactions moving cases of the same kind then rarely wait for the same row lock, and each
statement takes its rows' locks in one global order (kind, status, shard), so two
transactions cannot deadlock on them. A reader sums at most kinds × statuses × SHARDS rows.
"""

from __future__ import annotations

from collections import Counter

from django.db import connection, transaction
from django.db.models import Count, F, Sum

from .models import Case, CaseTally

SHARDS = 8


def _change(case: Case, deltas: dict[str, int]) -> None:
    """Add ``deltas`` (status -> +n/-n) to ``case``'s kind, in one statement."""
    assert transaction.get_connection().in_atomic_block, "the tally changes with the case"
    shard = case.pk % SHARDS
    rows = sorted((case.kind, status, shard, n) for status, n in deltas.items() if n)
    if not rows:
        return
    table = CaseTally._meta.db_table
    values = ", ".join(["(%s, %s, %s, %s)"] * len(rows))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (kind, status, shard, n) VALUES {values} "  # noqa: S608 -- our table
            f"ON CONFLICT (kind, status, shard) DO UPDATE SET n = {table}.n + excluded.n",
            [value for row in rows for value in row],
        )


def created(case: Case) -> None:
    _change(case, {case.status: 1})


def moved(case: Case, *, source: str, target: str) -> None:
    if source != target:
        _change(case, {source: -1, target: 1})


def counts() -> dict[tuple[str, str], int]:
    """(kind, status) -> cases, from the tally: the ones that occur."""
    rows = CaseTally.objects.order_by().values_list("kind", "status").annotate(total=Sum("n"))
    return {(kind, status): total for kind, status, total in rows if total}


def recount() -> dict[tuple[str, str], int]:
    """The same, counted from the cases themselves (the tests', the backfill's truth)."""
    rows = Case.objects.order_by().values_list("kind", "status").annotate(n=Count("pk"))
    return {(kind, status): n for kind, status, n in rows}


def rebuild() -> None:
    """Count the tally afresh from the cases (after rows were written around the services:
    the city generator of bench/scale.py)."""
    per_shard: Counter[tuple[str, str, int]] = Counter()
    for kind, status, shard, n in (
        Case.objects.order_by()
        .annotate(shard=F("pk") % SHARDS)
        .values_list("kind", "status", "shard")
        .annotate(n=Count("pk"))
    ):
        per_shard[(kind, status, shard)] += n
    with transaction.atomic():
        CaseTally.objects.all().delete()
        CaseTally.objects.bulk_create(
            [CaseTally(kind=k, status=s, shard=shard, n=n) for (k, s, shard), n in per_shard.items()]
        )
