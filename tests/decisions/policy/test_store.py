"""A gate's stored evaluation is written with SQL built once (``personnel.compiled.insert``),
not through ``RuleEvaluation.objects.create``: it must store exactly what ``create`` stores,
column for column, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from django.db import connection
from django.utils import timezone

from audit import services as ledger
from decisions import policy
from decisions.models import RuleEvaluation
from decisions.policy.engine import Evaluation

COLUMNS = ("case_id", "stage", "version", "findings", "evaluated_at", "evaluated_by_id")


def _stored(case_id: int) -> list[tuple]:
    """The case's evaluations as the database holds them (no field conversion on the way back)."""
    columns = ", ".join(connection.ops.quote_name(column) for column in COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {columns} FROM decisions_ruleevaluation WHERE case_id = %s ORDER BY id",  # noqa: S608
            [case_id],
        )
        return cursor.fetchall()


def test_the_stored_evaluation_is_what_create_stores(city, transfer_case, monkeypatch):
    at = datetime(2026, 3, 4, 17, 5, 6, 123456, tzinfo=ZoneInfo("Asia/Jakarta"))
    monkeypatch.setattr(timezone, "now", lambda: at)
    findings = [
        {"key": "time_in_post#1", "title": "Masa jabatan — kurang", "facts": {"years": 1}, "new": True},
        {"key": "rank_range#1", "facts": {"ranks": ["III/a", "IV/b"], "ok": False}, "new": False},
    ]
    evaluation = Evaluation(version="0123456789ab", findings=[])
    before = _stored(transfer_case.pk)

    with ledger.atomic():
        policy._store(transfer_case, "unit_head", city.head_dishub, evaluation, findings, [], (), set())
    RuleEvaluation.objects.create(
        case=transfer_case,
        stage="unit_head",
        version=evaluation.version,
        findings=findings,
        evaluated_by=city.head_dishub,
    )

    ours, by_orm = _stored(transfer_case.pk)[len(before) :]
    assert ours == by_orm
    stored = RuleEvaluation.objects.filter(case=transfer_case).order_by("pk").last()
    assert (stored.findings, stored.evaluated_at) == (findings, at)
