"""The public holidays' move from workflows to personnel keeps every row on an upgrade (and
back on a downgrade), with the permissions granted on them. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from personnel.models import PublicHoliday

BEFORE = [("personnel", "0007_orgunit_manage_tasks"), ("workflows", "0002_committee")]
AFTER = [("personnel", "0008_publicholiday"), ("workflows", "0003_publicholiday_moves_to_personnel")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def before_the_move(transactional_db):
    """The database as it stood before the move, with two holidays in the workflows table and
    a group allowed to change them; put forward to the latest migrations afterwards."""
    ContentType.objects.filter(app_label="personnel", model="publicholiday").delete()
    old = _migrate(BEFORE)
    holiday = old.get_model("workflows", "PublicHoliday")
    holiday.objects.create(id=7, date=date(2026, 12, 25), name="Hari Raya Natal")
    holiday.objects.create(id=9, date=date(2026, 12, 24), name="Cuti bersama Hari Raya Natal")
    content_type, _ = ContentType.objects.get_or_create(app_label="workflows", model="publicholiday")
    change, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename="change_publicholiday",
        defaults={"name": "Can change public holiday"},
    )
    Group.objects.create(name="kalender").permissions.add(change)
    yield
    # Forward to every app's latest migration, not only to AFTER: the later migrations'
    # tables (durations, tally, assessments...) must be back for the tests that follow.
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def test_an_upgrade_keeps_the_holidays_on_record_and_who_may_change_them(before_the_move):
    _migrate(AFTER)

    assert list(PublicHoliday.objects.values_list("id", "date", "name")) == [
        (9, date(2026, 12, 24), "Cuti bersama Hari Raya Natal"),
        (7, date(2026, 12, 25), "Hari Raya Natal"),
    ]
    assert Group.objects.get(name="kalender").permissions.get().natural_key() == (
        "change_publicholiday",
        "personnel",
        "publicholiday",
    )
    assert "workflows_publicholiday" not in connection.introspection.table_names()
    # The copied ids do not block the next holiday added (PostgreSQL's sequence moved on).
    assert PublicHoliday.objects.create(date=date(2027, 1, 1), name="Tahun Baru").id > 9


def test_a_downgrade_puts_the_holidays_back_in_workflows(before_the_move):
    _migrate(AFTER)
    old = _migrate(BEFORE)

    holiday = old.get_model("workflows", "PublicHoliday")
    assert sorted(holiday.objects.values_list("id", "name")) == [
        (7, "Hari Raya Natal"),
        (9, "Cuti bersama Hari Raya Natal"),
    ]
    assert "personnel_publicholiday" not in connection.introspection.table_names()
