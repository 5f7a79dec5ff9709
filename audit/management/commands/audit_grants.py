"""Print (or apply) the PostgreSQL grants that keep the application from altering the ledger."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from audit.grants import Layout, role_problems


class Command(BaseCommand):
    help = (
        "Print the SQL of the production role layout: a separate OWNER role owns the ledger and "
        "every table; the APP role may only SELECT and INSERT on audit_event. --apply runs it."
    )

    def add_arguments(self, parser):
        parser.add_argument("--owner", default="sahih_owner", help="the role that owns everything")
        parser.add_argument("--app-role", default="sahih_app", help="the role the application connects as")
        parser.add_argument("--schema", default="public")
        parser.add_argument("--apply", action="store_true", help="run the SQL (as a superuser)")

    def handle(self, *args, owner, app_role, schema, apply, **options):
        if connection.vendor != "postgresql":
            raise CommandError("The role layout is for PostgreSQL; on SQLite, protect the database file.")
        layout = Layout(owner=owner, app=app_role, database=connection.settings_dict["NAME"], schema=schema)
        if not apply:
            self.stdout.write(layout.script(), ending="")
            return
        with transaction.atomic(), connection.cursor() as cursor:
            problems = role_problems(cursor, layout)
            if problems:
                raise CommandError("Not applied: " + "; ".join(problems))
            for statement in layout.statements():
                cursor.execute(statement)
        self.stdout.write(
            self.style.SUCCESS(
                f"Applied: {owner} owns the ledger; {app_role} may only read and append to it."
            )
        )
