"""Refuse UPDATE, DELETE and TRUNCATE on the ledger, in the database itself."""

from django.db import migrations


def install(apps, schema_editor):
    from audit import protection

    protection.install(schema_editor.connection, head=False)


def remove(apps, schema_editor):
    from audit import protection

    protection.remove(schema_editor.connection, head=False)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(install, remove)]
