"""Database-level protection of the ledger: UPDATE, DELETE and TRUNCATE are refused.

Two tables: ``audit_event`` (the events) and ``audit_ledgerhead`` (the high-water mark,
models.LedgerHead), whose one row may only move forward. On PostgreSQL the triggers are
``ENABLE ALWAYS``: they fire even in a session that set ``session_replication_role =
replica``, the usual way to silence triggers without dropping them.

Triggers stop application code and mistakes. They do not stop the tables' owner, who can
drop or disable them; that is what the hash chain, the witness log and the checkpoints kept
outside the database are for (docs/ledger.md). ``problems()`` says whether the protection is
in force, and audit_verify reports it.
"""

from __future__ import annotations

MESSAGE = "audit ledger is append-only"

SQLITE_INSTALL = [
    f"""CREATE TRIGGER IF NOT EXISTS audit_event_no_update BEFORE UPDATE ON audit_event
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
    f"""CREATE TRIGGER IF NOT EXISTS audit_event_no_delete BEFORE DELETE ON audit_event
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
    f"""CREATE TRIGGER IF NOT EXISTS audit_ledgerhead_forward BEFORE UPDATE ON audit_ledgerhead
        WHEN NEW.seq <= OLD.seq OR NEW.id <> OLD.id BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
    f"""CREATE TRIGGER IF NOT EXISTS audit_ledgerhead_no_delete BEFORE DELETE ON audit_ledgerhead
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
    """CREATE TRIGGER IF NOT EXISTS audit_ledgerhead_follow AFTER INSERT ON audit_event
        BEGIN UPDATE audit_ledgerhead SET seq = NEW.seq, hash = NEW.hash WHERE id = 1 AND NEW.seq > seq; END""",
]
SQLITE_REMOVE = [
    "DROP TRIGGER IF EXISTS audit_event_no_update",
    "DROP TRIGGER IF EXISTS audit_event_no_delete",
    "DROP TRIGGER IF EXISTS audit_ledgerhead_forward",
    "DROP TRIGGER IF EXISTS audit_ledgerhead_no_delete",
]

POSTGRES_INSTALL = [
    f"""CREATE OR REPLACE FUNCTION audit_event_refuse() RETURNS trigger AS $$
        BEGIN RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'insufficient_privilege'; END;
        $$ LANGUAGE plpgsql""",
    f"""CREATE OR REPLACE FUNCTION audit_ledgerhead_forward() RETURNS trigger AS $$
        BEGIN
          IF NEW.seq <= OLD.seq OR NEW.id <> OLD.id THEN
            RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'insufficient_privilege';
          END IF;
          RETURN NEW;
        END;
        $$ LANGUAGE plpgsql""",
    """CREATE OR REPLACE FUNCTION audit_ledgerhead_follow() RETURNS trigger AS $$
        BEGIN
          UPDATE audit_ledgerhead AS mark SET seq = last.seq, hash = last.hash
          FROM (SELECT seq, hash FROM inserted ORDER BY seq DESC LIMIT 1) AS last
          WHERE mark.id = 1 AND last.seq > mark.seq;
          RETURN NULL;
        END;
        $$ LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT""",
    """CREATE OR REPLACE TRIGGER audit_event_no_update_delete
        BEFORE UPDATE OR DELETE ON audit_event
        FOR EACH ROW EXECUTE FUNCTION audit_event_refuse()""",
    """CREATE OR REPLACE TRIGGER audit_event_no_truncate
        BEFORE TRUNCATE ON audit_event
        FOR EACH STATEMENT EXECUTE FUNCTION audit_event_refuse()""",
    """CREATE OR REPLACE TRIGGER audit_ledgerhead_forward
        BEFORE UPDATE ON audit_ledgerhead
        FOR EACH ROW EXECUTE FUNCTION audit_ledgerhead_forward()""",
    """CREATE OR REPLACE TRIGGER audit_ledgerhead_no_delete
        BEFORE DELETE ON audit_ledgerhead
        FOR EACH ROW EXECUTE FUNCTION audit_event_refuse()""",
    """CREATE OR REPLACE TRIGGER audit_ledgerhead_no_truncate
        BEFORE TRUNCATE ON audit_ledgerhead
        FOR EACH STATEMENT EXECUTE FUNCTION audit_event_refuse()""",
    # The high-water mark follows every insert, in the same statement -- with the rights of
    # the function's owner, so the application's role needs no UPDATE on the mark.
    """CREATE OR REPLACE TRIGGER audit_ledgerhead_follow
        AFTER INSERT ON audit_event REFERENCING NEW TABLE AS inserted
        FOR EACH STATEMENT EXECUTE FUNCTION audit_ledgerhead_follow()""",
    # Fire even under session_replication_role = replica.
    "ALTER TABLE audit_event ENABLE ALWAYS TRIGGER audit_event_no_update_delete",
    "ALTER TABLE audit_event ENABLE ALWAYS TRIGGER audit_event_no_truncate",
    "ALTER TABLE audit_ledgerhead ENABLE ALWAYS TRIGGER audit_ledgerhead_forward",
    "ALTER TABLE audit_ledgerhead ENABLE ALWAYS TRIGGER audit_ledgerhead_no_delete",
    "ALTER TABLE audit_ledgerhead ENABLE ALWAYS TRIGGER audit_ledgerhead_no_truncate",
    "ALTER TABLE audit_event ENABLE ALWAYS TRIGGER audit_ledgerhead_follow",
]
POSTGRES_REMOVE = [
    "DROP TRIGGER IF EXISTS audit_event_no_update_delete ON audit_event",
    "DROP TRIGGER IF EXISTS audit_event_no_truncate ON audit_event",
    "DROP TRIGGER IF EXISTS audit_ledgerhead_forward ON audit_ledgerhead",
    "DROP TRIGGER IF EXISTS audit_ledgerhead_no_delete ON audit_ledgerhead",
    "DROP TRIGGER IF EXISTS audit_ledgerhead_no_truncate ON audit_ledgerhead",
]


def statements(vendor: str, *, install: bool, head: bool = True) -> list[str]:
    """The SQL; ``head=False`` leaves out the high-water mark's (migration 0002 predates it)."""
    if vendor == "postgresql":
        chosen = POSTGRES_INSTALL if install else POSTGRES_REMOVE
    elif vendor == "sqlite":
        chosen = SQLITE_INSTALL if install else SQLITE_REMOVE
    else:
        raise NotImplementedError(f"no ledger protection for {vendor}")
    return [sql for sql in chosen if head or "audit_ledgerhead" not in sql]


def install(connection, *, head: bool = True) -> None:
    with connection.cursor() as cursor:
        for sql in statements(connection.vendor, install=True, head=head):
            cursor.execute(sql)


def remove(connection, *, head: bool = True) -> None:
    """Drop the refusing triggers (the owner's power; the test flush). The trigger that moves
    the high-water mark stays: it refuses nothing, and numbering depends on it."""
    with connection.cursor() as cursor:
        for sql in statements(connection.vendor, install=False, head=head):
            cursor.execute(sql)


TRIGGERS = {
    "postgresql": {
        "audit_event_no_update_delete",
        "audit_event_no_truncate",
        "audit_ledgerhead_forward",
        "audit_ledgerhead_no_delete",
        "audit_ledgerhead_no_truncate",
        "audit_ledgerhead_follow",
    },
    "sqlite": {
        "audit_event_no_update",
        "audit_event_no_delete",
        "audit_ledgerhead_forward",
        "audit_ledgerhead_no_delete",
        "audit_ledgerhead_follow",
    },
}
PG_STATES = {"D": "disabled", "O": "silenced by session_replication_role = replica", "R": "replica-only"}


def problems(connection=None) -> list[str]:
    """What weakens the protection now, in English (empty: fully in force).

    On PostgreSQL: a trigger missing, disabled, or not ENABLE ALWAYS (so a replica session
    skips it); this session, the database or a role running with session_replication_role
    other than origin.
    """
    if connection is None:
        from django.db import connection
    found = []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname, tgenabled FROM pg_trigger "
                "WHERE tgrelid IN ('audit_event'::regclass, 'audit_ledgerhead'::regclass) AND NOT tgisinternal"
            )
            states = dict(cursor.fetchall())
            for name in sorted(TRIGGERS["postgresql"]):
                state = states.get(name)
                if state is None:
                    found.append(f"trigger {name} is missing")
                elif state != "A":
                    found.append(f"trigger {name} is {PG_STATES.get(state, state)}")
            cursor.execute("SHOW session_replication_role")
            role = cursor.fetchone()[0]
            if role != "origin":
                found.append(f"this session runs with session_replication_role = {role}")
            cursor.execute(
                "SELECT coalesce(d.datname, '*'), coalesce(r.rolname, '*'), s.setconfig "
                "FROM pg_db_role_setting s LEFT JOIN pg_database d ON d.oid = s.setdatabase "
                "LEFT JOIN pg_roles r ON r.oid = s.setrole "
                "WHERE s.setdatabase IN (0, (SELECT oid FROM pg_database WHERE datname = current_database()))"
            )
            for database, role_name, config in cursor.fetchall():
                for item in config or []:
                    if (
                        item.startswith("session_replication_role=")
                        and item != "session_replication_role=origin"
                    ):
                        found.append(f"{item} is set for database {database}, role {role_name}")
        else:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' "
                "AND tbl_name IN ('audit_event', 'audit_ledgerhead')"
            )
            names = {row[0] for row in cursor.fetchall()}
            found += [f"trigger {name} is missing" for name in sorted(TRIGGERS["sqlite"] - names)]
    return found


def installed(connection=None) -> bool:
    """Whether every append-only trigger is in place and in force."""
    return not problems(connection)
