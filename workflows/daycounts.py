"""The stage durations as a histogram: how many decided tasks of each stage took each number of
working days, per month they were decided in (``StageDayCount``).

The dashboard's median working days per stage used to rank every ``StageDuration`` of the
period with window functions: its cost grew with the cases decided in the period (2.44× at
100,000 cases against 1,000, issue 15 §4). A median is the middle of the summed histogram, so
it costs the few rows of (stage, month, working days) instead, whatever the archive holds.

Database triggers on ``workflows_stageduration`` keep the counts (+1 on insert, -1 on delete,
both on an update of the counted columns), not the service: the approval's statements are
pinned, and a trigger adds none. The rows' month is the local month (``TIME_ZONE``) the task
was decided in, as the dashboard's period is counted in local days. Counts that fall to 0 stay
as rows of 0; the readers skip them.

PostgreSQL takes the upserted row's lock until the approval commits: two approvals of the same
stage, month and number of days wait for each other there, but they wait for each other on
the ledger's high-water mark anyway (taken after the duration, in the same order), so the
counts add no new wait and no lock-order inversion.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings

TABLE = "workflows_stagedaycount"
SOURCE = "workflows_stageduration"
PG_FUNCTION = "workflows_stagedaycount_keep"
PG_TRIGGER = "stagedaycount_keep"
SQLITE_TRIGGERS = ("stagedaycount_insert", "stagedaycount_delete", "stagedaycount_update")


def month_sql(vendor: str, column: str) -> str:
    """SQL for the first day of the local month of the timestamp ``column``."""
    if vendor == "postgresql":
        # The zone by name; the connection's own time zone is UTC (Django's USE_TZ).
        zone = settings.TIME_ZONE.replace("'", "")
        return f"(date_trunc('month', {column} AT TIME ZONE '{zone}'))::date"
    # SQLite stores UTC text and knows no zones: the zone's offset, fixed. Indonesia's zones
    # (WIB, WITA, WIT) have no daylight saving time.
    offset = datetime(2026, 1, 1, tzinfo=ZoneInfo(settings.TIME_ZONE)).utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset else 0
    return f"date({column}, '{minutes:+d} minutes', 'start of month')"


def _upsert(vendor: str, row: str, delta: int) -> str:
    if delta > 0:
        return (
            f"INSERT INTO {TABLE} (stage, month, working_days, n) "  # noqa: S608 -- our tables
            f"VALUES ({row}.stage, {month_sql(vendor, row + '.finished')}, {row}.working_days, 1) "
            f"ON CONFLICT (stage, month, working_days) DO UPDATE SET n = {TABLE}.n + 1;"
        )
    return (
        f"UPDATE {TABLE} SET n = n - 1 "  # noqa: S608 -- our tables
        f"WHERE stage = {row}.stage AND month = {month_sql(vendor, row + '.finished')} "
        f"AND working_days = {row}.working_days;"
    )


def install_sql(vendor: str) -> list[str]:
    """The statements that create the triggers."""
    if vendor == "postgresql":
        return [
            f"""CREATE OR REPLACE FUNCTION {PG_FUNCTION}() RETURNS trigger AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        {_upsert(vendor, "OLD", -1)}
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        {_upsert(vendor, "NEW", 1)}
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql""",
            f"""CREATE TRIGGER {PG_TRIGGER}
AFTER INSERT OR DELETE OR UPDATE OF stage, finished, working_days ON {SOURCE}
FOR EACH ROW EXECUTE FUNCTION {PG_FUNCTION}()""",
        ]
    if vendor == "sqlite":
        insert, delete, update = SQLITE_TRIGGERS
        return [
            f"CREATE TRIGGER {insert} AFTER INSERT ON {SOURCE} BEGIN {_upsert(vendor, 'NEW', 1)} END",
            f"CREATE TRIGGER {delete} AFTER DELETE ON {SOURCE} BEGIN {_upsert(vendor, 'OLD', -1)} END",
            f"CREATE TRIGGER {update} AFTER UPDATE OF stage, finished, working_days ON {SOURCE} "
            f"BEGIN {_upsert(vendor, 'OLD', -1)} {_upsert(vendor, 'NEW', 1)} END",
        ]
    raise NotImplementedError(f"no stage-count triggers for {vendor}")


def uninstall_sql(vendor: str) -> list[str]:
    if vendor == "postgresql":
        return [
            f"DROP TRIGGER IF EXISTS {PG_TRIGGER} ON {SOURCE}",
            f"DROP FUNCTION IF EXISTS {PG_FUNCTION}()",
        ]
    return [f"DROP TRIGGER IF EXISTS {name}" for name in SQLITE_TRIGGERS]


def rebuild_sql(vendor: str) -> list[str]:
    """The statements that count the histogram afresh from the stored durations."""
    month = month_sql(vendor, "finished")
    return [
        f"DELETE FROM {TABLE}",  # noqa: S608 -- our tables
        f"INSERT INTO {TABLE} (stage, month, working_days, n) "  # noqa: S608 -- our tables
        f"SELECT stage, {month}, working_days, COUNT(*) FROM {SOURCE} GROUP BY stage, {month}, working_days",
    ]


def install(connection) -> None:
    with connection.cursor() as cursor:
        for statement in install_sql(connection.vendor):
            cursor.execute(statement)


def rebuild(connection) -> None:
    """Count afresh (the migration; the generated cities of bench/scale.py, whose durations
    are written with the triggers off)."""
    with connection.cursor() as cursor:
        for statement in rebuild_sql(connection.vendor):
            cursor.execute(statement)


class triggers_off:  # noqa: N801 -- a context manager, named as a phrase
    """PostgreSQL, outside a transaction: the triggers off while many durations go in at once
    (a million upserts at 100,000 cases), the histogram rebuilt in one statement afterwards.
    Elsewhere (SQLite, a test's transaction, where deferred checks may be pending and ALTER
    TABLE is refused) the triggers stay on and keep the counts row by row."""

    def __init__(self, connection):
        self.connection = connection
        self.off = connection.vendor == "postgresql" and not connection.in_atomic_block

    def __enter__(self):
        if self.off:
            with self.connection.cursor() as cursor:
                cursor.execute(f"ALTER TABLE {SOURCE} DISABLE TRIGGER {PG_TRIGGER}")
        return self

    def __exit__(self, *exc):
        if self.off:
            with self.connection.cursor() as cursor:
                cursor.execute(f"ALTER TABLE {SOURCE} ENABLE TRIGGER {PG_TRIGGER}")
            rebuild(self.connection)
        return False
