"""The database itself refuses changes to the ledger."""

from __future__ import annotations

import uuid

import psycopg
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from audit import protection
from audit.grants import Layout
from audit.models import Event, LedgerIsAppendOnly

from .helpers import postgres_only, record_events


def refused(sql: str) -> str:
    """Run ``sql`` in a savepoint and return the database's refusal."""
    with pytest.raises(DatabaseError) as refusal:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    return str(refusal.value)


def test_the_append_only_triggers_are_installed_by_the_migrations(db):
    assert protection.installed(connection)


def test_the_database_refuses_to_update_or_delete_an_event(db):
    record_events(3)

    assert protection.MESSAGE in refused("UPDATE audit_event SET action = 'case.erased' WHERE seq = 2")
    assert protection.MESSAGE in refused("DELETE FROM audit_event WHERE seq = 2")
    assert protection.MESSAGE in refused("DELETE FROM audit_event")
    assert Event.objects.count() == 3


@postgres_only
def test_postgres_refuses_to_truncate_the_ledger(db):
    assert protection.MESSAGE in refused("TRUNCATE audit_event")


def test_the_orm_refuses_before_the_database_is_asked(db):
    record_events(1)
    event = Event.objects.get()

    with pytest.raises(LedgerIsAppendOnly):
        event.save()
    with pytest.raises(LedgerIsAppendOnly):
        event.delete()
    with pytest.raises(LedgerIsAppendOnly):
        Event.objects.filter(seq=1).update(action="x")
    with pytest.raises(LedgerIsAppendOnly):
        Event.objects.all().delete()


def test_the_owner_can_remove_the_triggers_which_is_why_the_chain_exists(db, as_owner):
    record_events(2)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_event SET action = 'case.erased' WHERE seq = 2")

    assert not protection.installed(connection)
    assert Event.objects.get(seq=2).action == "case.erased"


def test_grants_are_refused_on_sqlite(db):
    if connection.vendor == "postgresql":
        pytest.skip("the layout applies on PostgreSQL")
    with pytest.raises(CommandError):
        call_command("audit_grants")


# --- the production role layout on PostgreSQL ---------------------------------------------


@pytest.fixture
def roles(transactional_db):
    suffix = uuid.uuid4().hex[:8]
    owner, app, password = f"sahih_owner_{suffix}", f"sahih_app_{suffix}", uuid.uuid4().hex
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE ROLE "{owner}" NOLOGIN')
        cursor.execute(f"CREATE ROLE \"{app}\" LOGIN PASSWORD '{password}'")
    yield owner, app, password
    with connection.cursor() as cursor:
        user = connection.settings_dict["USER"] or "postgres"
        for role in (owner, app):
            cursor.execute(f'REASSIGN OWNED BY "{role}" TO "{user}"')
            cursor.execute(f'DROP OWNED BY "{role}"')
        cursor.execute(f'DROP ROLE "{app}", "{owner}"')


def connect_as(role: str, password: str) -> psycopg.Connection:
    settings = connection.settings_dict
    return psycopg.connect(
        dbname=settings["NAME"],
        user=role,
        password=password,
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
        autocommit=True,
    )


@postgres_only
def test_grants_leave_the_application_role_only_select_and_insert_on_the_ledger(roles):
    owner, app, password = roles
    record_events(2)
    call_command("audit_grants", owner=owner, app_role=app, apply=True)

    with connect_as(app, password) as app_connection:
        denied = []
        for sql in [
            "UPDATE audit_event SET action = 'case.erased' WHERE seq = 1",
            "DELETE FROM audit_event WHERE seq = 1",
            "TRUNCATE audit_event",
            "DROP TRIGGER audit_event_no_update_delete ON audit_event",
            "ALTER TABLE audit_event DISABLE TRIGGER ALL",
            "ALTER TABLE audit_event ADD COLUMN note text",
            "DROP TABLE audit_event",
            "CREATE TABLE shadow_ledger (seq bigint)",
            "SET session_replication_role = replica",
            f'SET ROLE "{owner}"',
            # The high-water mark: read only, and its triggers out of reach.
            "UPDATE audit_ledgerhead SET seq = 0",
            "DELETE FROM audit_ledgerhead",
            "TRUNCATE audit_ledgerhead",
            "ALTER TABLE audit_ledgerhead DISABLE TRIGGER ALL",
            "DROP TRIGGER audit_ledgerhead_follow ON audit_event",
        ]:
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                app_connection.execute(sql)
            denied.append(sql)
        assert app_connection.execute("SELECT count(*) FROM audit_event").fetchone() == (2,)
        app_connection.execute(
            "INSERT INTO audit_event (seq, at, action, object_type, object_id, actor_username, body, prev_hash, hash) "
            "VALUES (3, now(), 'case.noted', 'case', '1', '', '{}', %s, %s)",
            ["0" * 64, "f" * 64],
        )
        # Everything else is ordinary work for the application.
        app_connection.execute("INSERT INTO auth_group (name) VALUES ('probe')")
        app_connection.execute("UPDATE auth_group SET name = 'probe2' WHERE name = 'probe'")
        app_connection.execute("DELETE FROM auth_group WHERE name = 'probe2'")

    assert len(denied) == 15
    assert Event.objects.count() == 3
    with connection.cursor() as cursor:  # the application's insert moved the mark all the same
        cursor.execute("SELECT seq FROM audit_ledgerhead")
        assert cursor.fetchone() == (3,)
    with connection.cursor() as cursor:
        cursor.execute("SELECT tableowner FROM pg_tables WHERE tablename IN ('audit_event', 'auth_group')")
        assert {row[0] for row in cursor.fetchall()} == {owner}


@postgres_only
def test_grants_are_refused_for_a_role_that_could_become_the_owner(roles):
    owner, app, _password = roles
    with connection.cursor() as cursor:
        cursor.execute(f'GRANT "{owner}" TO "{app}"')

    with pytest.raises(CommandError, match="member"):
        call_command("audit_grants", owner=owner, app_role=app, apply=True)


def test_the_printed_layout_grants_the_ledger_only_select_and_insert():
    script = Layout(owner="sahih_owner", app="sahih_app", database="sahih").script()

    assert 'REVOKE ALL ON TABLE "public"."audit_event" FROM PUBLIC, "sahih_app";' in script
    assert 'GRANT SELECT, INSERT ON TABLE "public"."audit_event" TO "sahih_app";' in script
    assert script.index("ON ALL TABLES IN SCHEMA") < script.index(
        'REVOKE ALL ON TABLE "public"."audit_event"'
    )
    assert 'ALTER DATABASE "sahih" OWNER TO "sahih_owner";' in script
