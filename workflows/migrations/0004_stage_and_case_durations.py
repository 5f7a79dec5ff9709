"""Stage and case durations, measured when they become final (workflows/durations.py); the
tasks decided and cases signed before are measured here, in one pass (``backfill``)."""

import django.db.models.deletion
from django.db import migrations, models

from workflows.durations import backfill


def measure_the_past(apps, schema_editor):
    backfill(apps, using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [
        ("decisions", "0003_decree_counter_signing_slot"),
        ("personnel", "0009_competency_assessments"),
        ("viewflow", "0015_task_scheduled"),
        ("workflows", "0003_publicholiday_moves_to_personnel"),
    ]

    operations = [
        migrations.CreateModel(
            name="CaseDuration",
            fields=[
                (
                    "case",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="decisions.case",
                        verbose_name="case",
                    ),
                ),
                ("working_days", models.IntegerField(verbose_name="working days")),
            ],
            options={
                "verbose_name": "case duration",
                "verbose_name_plural": "case durations",
            },
        ),
        migrations.CreateModel(
            name="StageDuration",
            fields=[
                (
                    "task",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="viewflow.task",
                        verbose_name="task",
                    ),
                ),
                ("stage", models.CharField(blank=True, max_length=40, verbose_name="stage")),
                ("started", models.DateTimeField(verbose_name="opened")),
                ("finished", models.DateTimeField(db_index=True, verbose_name="decided")),
                ("working_days", models.IntegerField(verbose_name="working days")),
                ("late", models.BooleanField(default=False, verbose_name="decided after its due date")),
                (
                    "case",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="stage_durations",
                        to="decisions.case",
                        verbose_name="case",
                    ),
                ),
            ],
            options={
                "verbose_name": "stage duration",
                "verbose_name_plural": "stage durations",
                "indexes": [
                    models.Index(fields=["case", "stage", "working_days"], name="stageduration_case_stage")
                ],
            },
        ),
        migrations.RunPython(measure_the_past, migrations.RunPython.noop),
    ]
