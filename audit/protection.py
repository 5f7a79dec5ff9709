"""Database-level protection of the ledger: UPDATE, DELETE and TRUNCATE are refused.

Triggers stop application code and mistakes. They do not stop the table's owner, who can
drop them; that is what the hash chain and the checkpoints kept outside the database are for
(docs/operations-ledger.md: the production role layout where the application owns nothing).
"""

from __future__ import annotations

MESSAGE = "audit ledger is append-only"

SQLITE_INSTALL = [
    f"""CREATE TRIGGER IF NOT EXISTS audit_event_no_update BEFORE UPDATE ON audit_event
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
    f"""CREATE TRIGGER IF NOT EXISTS audit_event_no_delete BEFORE DELETE ON audit_event
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
]
SQLITE_REMOVE = [
    "DROP TRIGGER IF EXISTS audit_event_no_update",
    "DROP TRIGGER IF EXISTS audit_event_no_delete",
]

POSTGRES_INSTALL = [
    f"""CREATE OR REPLACE FUNCTION audit_event_refuse() RETURNS trigger AS $$
        BEGIN RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'insufficient_privilege'; END;
        $$ LANGUAGE plpgsql""",
    """CREATE OR REPLACE TRIGGER audit_event_no_update_delete
        BEFORE UPDATE OR DELETE ON audit_event
        FOR EACH ROW EXECUTE FUNCTION audit_event_refuse()""",
    """CREATE OR REPLACE TRIGGER audit_event_no_truncate
        BEFORE TRUNCATE ON audit_event
        FOR EACH STATEMENT EXECUTE FUNCTION audit_event_refuse()""",
]
POSTGRES_REMOVE = [
    "DROP TRIGGER IF EXISTS audit_event_no_update_delete ON audit_event",
    "DROP TRIGGER IF EXISTS audit_event_no_truncate ON audit_event",
]


def statements(vendor: str, *, install: bool) -> list[str]:
    if vendor == "postgresql":
        return POSTGRES_INSTALL if install else POSTGRES_REMOVE
    if vendor == "sqlite":
        return SQLITE_INSTALL if install else SQLITE_REMOVE
    raise NotImplementedError(f"no ledger protection for {vendor}")


def install(connection) -> None:
    with connection.cursor() as cursor:
        for sql in statements(connection.vendor, install=True):
            cursor.execute(sql)


def remove(connection) -> None:
    with connection.cursor() as cursor:
        for sql in statements(connection.vendor, install=False):
            cursor.execute(sql)


TRIGGERS = {
    "postgresql": {"audit_event_no_update_delete", "audit_event_no_truncate"},
    "sqlite": {"audit_event_no_update", "audit_event_no_delete"},
}


def installed(connection=None) -> bool:
    """Whether every append-only trigger is in place (a cheap catalogue query)."""
    if connection is None:
        from django.db import connection
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = 'audit_event'::regclass "
                "AND NOT tgisinternal AND tgenabled <> 'D'"
            )
        else:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_event'"
            )
        names = {row[0] for row in cursor.fetchall()}
    return TRIGGERS[connection.vendor] <= names
