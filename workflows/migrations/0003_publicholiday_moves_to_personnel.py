"""The public holidays move to personnel (the working-day calendar sits below decisions).

Rows are copied with their ids into personnel's new table before this app's table is dropped,
and the content type is relabelled so permissions granted on holidays follow the model.
Reversible: going back copies the rows home again.
"""

from django.core.management.color import no_style
from django.db import migrations


def _copy(apps, schema_editor, *, source, target):
    source_model = apps.get_model(source, "PublicHoliday")
    target_model = apps.get_model(target, "PublicHoliday")
    db = schema_editor.connection.alias
    target_model.objects.using(db).bulk_create(
        target_model(id=row.id, date=row.date, name=row.name) for row in source_model.objects.using(db).all()
    )
    # Rows written with explicit ids leave PostgreSQL's sequence behind: the next holiday
    # added in the admin would collide with a copied one.
    for sql in schema_editor.connection.ops.sequence_reset_sql(no_style(), [target_model]):
        schema_editor.execute(sql)
    content_type = apps.get_model("contenttypes", "ContentType")
    if not content_type.objects.using(db).filter(app_label=target, model="publicholiday").exists():
        content_type.objects.using(db).filter(app_label=source, model="publicholiday").update(app_label=target)


def forwards(apps, schema_editor):
    _copy(apps, schema_editor, source="workflows", target="personnel")


def backwards(apps, schema_editor):
    _copy(apps, schema_editor, source="personnel", target="workflows")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("personnel", "0008_publicholiday"),
        ("workflows", "0002_committee"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
        migrations.DeleteModel(name="PublicHoliday"),
    ]
