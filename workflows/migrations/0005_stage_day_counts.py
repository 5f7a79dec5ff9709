"""The stage durations as a histogram of working days per stage and month (workflows/daycounts.py):
the table, the triggers that keep it (PostgreSQL or SQLite, by the connection's vendor), and
the counts of the durations stored so far."""

from django.db import migrations, models

from workflows import daycounts


def keep_and_fill(apps, schema_editor):
    daycounts.install(schema_editor.connection)
    daycounts.rebuild(schema_editor.connection)


def drop_triggers(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        for statement in daycounts.uninstall_sql(schema_editor.connection.vendor):
            cursor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("workflows", "0004_stage_and_case_durations"),
    ]

    operations = [
        migrations.CreateModel(
            name="StageDayCount",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("stage", models.CharField(blank=True, max_length=40, verbose_name="stage")),
                ("month", models.DateField(verbose_name="month (its first day)")),
                ("working_days", models.IntegerField(verbose_name="working days")),
                ("n", models.IntegerField(default=0, verbose_name="decided tasks")),
            ],
            options={
                "verbose_name": "stage day count",
                "verbose_name_plural": "stage day counts",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("stage", "month", "working_days"), name="stagedaycount_key"
                    )
                ],
            },
        ),
        migrations.RunPython(keep_and_fill, drop_triggers),
    ]
