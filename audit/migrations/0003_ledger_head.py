"""The ledger's high-water mark (audit.LedgerHead), set to the current head, and the
protection extended to it (triggers ENABLE ALWAYS on PostgreSQL)."""

from django.db import migrations, models


def start_at_head(apps, schema_editor):
    from audit import protection

    Event = apps.get_model("audit", "Event")
    LedgerHead = apps.get_model("audit", "LedgerHead")
    head = Event.objects.order_by("-seq").values_list("seq", "hash").first()
    seq, digest = head if head else (0, "0" * 64)
    LedgerHead.objects.create(id=1, seq=seq, hash=digest)
    protection.install(schema_editor.connection)


def drop(apps, schema_editor):
    from audit import protection

    protection.remove(schema_editor.connection)
    protection.install(schema_editor.connection, head=False)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only")]

    operations = [
        migrations.CreateModel(
            name="LedgerHead",
            fields=[
                ("id", models.PositiveSmallIntegerField(default=1, primary_key=True, serialize=False)),
                ("seq", models.BigIntegerField(default=0, verbose_name="sequence")),
                (
                    "hash",
                    models.CharField(
                        default="0000000000000000000000000000000000000000000000000000000000000000",
                        max_length=64,
                        verbose_name="hash",
                    ),
                ),
            ],
            options={"verbose_name": "ledger high-water mark", "default_permissions": ("view",)},
        ),
        migrations.RunPython(start_at_head, drop),
    ]
