"""The ledger's own INSERT (audit/services.py, ``_insert``): SQL built once per number of rows
instead of the ORM's ``bulk_create``, storing exactly what ``bulk_create`` stores, column for
column, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from audit import services
from audit.models import Event, LedgerHead

COLUMNS = ", ".join(connection.ops.quote_name(column) for column in services.EVENT_COLUMNS)


class _Undo(Exception):
    pass


def _stored(first: int, last: int) -> list[tuple]:
    """The rows as the database holds them (no field conversion on the way back)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {COLUMNS} FROM audit_event WHERE seq BETWEEN %s AND %s ORDER BY seq",  # noqa: S608
            [first, last],
        )
        return cursor.fetchall()


def _rows(first: int, count: int) -> list[tuple]:
    # Not UTC, with microseconds: SQLite stores the time converted to the connection's zone,
    # as text; PostgreSQL as timestamptz.
    at = datetime(2026, 3, 4, 17, 5, 6, 123456, tzinfo=ZoneInfo("Asia/Jakarta"))
    return [
        (
            first + i,
            at,
            "case.approved",
            "case",
            str(40 + i),
            "budi.santoso" if i % 2 else "",
            f'{{"actor":{{"name":"Budi Śantoso — Kepala"}},"seq":{first + i}}}',
            f"{i:064x}",
            f"{i + 1:064x}",
        )
        for i in range(count)
    ]


def test_the_columns_are_every_field_of_the_event():
    assert services.EVENT_COLUMNS == tuple(field.attname for field in Event._meta.concrete_fields)


def test_the_insert_stores_exactly_what_bulk_create_stores(db):
    first = services.position() + 1
    rows = _rows(first, 3)
    with pytest.raises(_Undo), transaction.atomic():
        Event.objects.bulk_create(
            [Event(**dict(zip(services.EVENT_COLUMNS, row, strict=True))) for row in rows]
        )
        by_orm = _stored(first, first + 2)
        raise _Undo
    assert len(by_orm) == 3
    assert _stored(first, first + 2) == []

    with transaction.atomic():
        services._insert(rows)
    assert _stored(first, first + 2) == by_orm
    # The trigger moved the high-water mark, as for any insert.
    assert LedgerHead.objects.values_list("seq", "hash").get() == (first + 2, rows[-1][-1])


def test_many_rows_go_in_batches_the_backend_takes(db, monkeypatch):
    first = services.position() + 1
    rows = _rows(first, 5)
    monkeypatch.setattr(connection.ops, "bulk_batch_size", lambda fields, objs: 2)
    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        services._insert(rows)
    inserts = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("INSERT")]
    assert len(inserts) == 3
    assert [row[0] for row in _stored(first, first + 4)] == [row[0] for row in rows]
